/*
 * The chain against the head: audit_advance (the signer: check the rows
 * after the signed head and sign a head for the newest) and audit_verify
 * (the whole trail, one streaming pass, against the signed head). Both
 * read the rows through store_audit_walk, which recomputes each row's
 * hash; here each row's prev link is held against the previous row.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "audit_int.h"

struct audit_walk {
	char	prev[65];
	int64_t	n, limit;	/* rows seen; stop checking the signed part at limit */
	const struct store_audit_event *bad_e;
	int64_t	bad_id, last_id;
	char	bad_at[21], bad_kind[64];
	int	bad;		/* 1 prev link, 2 row hash, 3 head hash */
	const char *head_hash;	/* verify: entry limit must have it */
};

static int
audit_walk_cb(const struct store_audit_event *e, void *arg)
{
	struct audit_walk *w = arg;

	w->n++;
	if (strcmp(e->prev_hash, w->prev) != 0)
		w->bad = 1;
	else if (strcmp(e->computed, e->hash) != 0)
		w->bad = 2;
	else if (w->head_hash != NULL && w->n == w->limit &&
	    strcmp(e->hash, w->head_hash) != 0)
		w->bad = 3;
	if (w->bad) {
		w->bad_id = e->id;
		strlcpy_m(w->bad_at, e->at != NULL ? e->at : "", sizeof(w->bad_at));
		strlcpy_m(w->bad_kind, e->kind != NULL ? e->kind : "",
		    sizeof(w->bad_kind));
		return 1;
	}
	strlcpy_m(w->prev, e->hash, sizeof(w->prev));
	w->last_id = e->id;
	return 0;
}

/* Where the signed part ends in the database: its last row's id, checked
 * to still carry the head's hash. 0, or -1 (err). */
static int
audit_signed_end(struct store *st, const struct audit_head *h,
    struct audit_signer *sg, char *err, size_t errlen)
{
	char hash[65];
	int rc;

	if (h->count == 0) {
		sg->last_id = 0;
		return 0;
	}
	if (sg->valid && sg->count == h->count &&
	    strcmp(sg->hash, h->hash) == 0) {
		rc = store_audit_hash_of(st, sg->last_id, hash);
	} else
		rc = store_audit_nth(st, h->count, &sg->last_id, hash);
	if (rc == -1) {
		snprintf(err, errlen, "database: %s", store_errmsg(st));
		return -1;
	}
	if (rc == 1 || strcmp(hash, h->hash) != 0) {
		snprintf(err, errlen, "entry %" PRId64 " no longer carries the "
		    "signed hash: the signed trail was changed", h->count);
		return -1;
	}
	return 0;
}

int
audit_advance(struct store *st, const char *state_dir, EVP_PKEY *key,
    struct audit_signer *sg, struct audit_head *out, char *err,
    size_t errlen)
{
	struct audit_walk w;
	struct audit_head h;
	char inst[64], herr[256];
	int rc;

	if (store_setting_get(st, STORE_AUDIT_INSTALLATION_KEY, inst,
	    sizeof(inst)) != 0) {
		snprintf(err, errlen, "no installation id in the database");
		return -1;
	}
	rc = audit_head_read_why(state_dir, &h, herr, sizeof(herr));
	if (rc == -1) {
		snprintf(err, errlen, "%s", herr);
		return -1;
	}
	if (rc == 1) {
		/* The first head: over whatever the trail holds now. */
		memset(&h, 0, sizeof(h));
		strlcpy_m(h.installation, inst, sizeof(h.installation));
		if (store_audit_genesis(st, h.hash) == -1) {
			snprintf(err, errlen, "database: %s", store_errmsg(st));
			return -1;
		}
	} else if (audit_head_check(state_dir, &h) != 0) {
		snprintf(err, errlen, "the head's signature does not verify "
		    "(key %s)", h.keyid);
		return -1;
	} else if (strcmp(h.installation, inst) != 0) {
		snprintf(err, errlen, "the database is another installation's "
		    "(head %s)", h.installation);
		return -1;
	}
	if (audit_signed_end(st, &h, sg, err, errlen) == -1)
		return -1;
	memset(&w, 0, sizeof(w));
	strlcpy_m(w.prev, h.hash, sizeof(w.prev));
	w.last_id = sg->last_id;
	if (store_audit_walk(st, sg->last_id, audit_walk_cb, &w) == -1) {
		snprintf(err, errlen, "database: %s", store_errmsg(st));
		return -1;
	}
	if (w.bad) {
		snprintf(err, errlen, "row id %" PRId64 " does not extend the "
		    "chain (%s); nothing signed", w.bad_id, w.bad == 1 ?
		    "prev link" : "row hash");
		return -1;
	}
	if (w.n > 0 || rc == 1) {
		h.count += w.n;
		strlcpy_m(h.hash, w.prev, sizeof(h.hash));
		if (audit_head_write(state_dir, &h, key, err, errlen) == -1)
			return -1;
	}
	sg->valid = 1;
	sg->count = h.count;
	sg->last_id = w.last_id;
	strlcpy_m(sg->hash, h.hash, sizeof(sg->hash));
	if (out != NULL)
		*out = h;
	return 0;
}

static void
audit_bad(struct audit_report *r, const struct audit_walk *w,
    const char *why)
{
	r->verdict = AUDIT_TAMPERED;
	r->bad_id = w->bad_id;
	strlcpy_m(r->bad_at, w->bad_at, sizeof(r->bad_at));
	strlcpy_m(r->bad_kind, w->bad_kind, sizeof(r->bad_kind));
	strlcpy_m(r->why, why, sizeof(r->why));
}

/* The head against this database before any row is read: key, signature,
 * installation. 0 when the rows are worth walking. */
static int
audit_verify_head(struct store *st, const char *state_dir,
    struct audit_report *r, char genesis[65])
{
	char inst[64], err[256];
	int rc;

	rc = audit_head_read_why(state_dir, &r->head, err, sizeof(err));
	if (rc == 1) {
		r->verdict = AUDIT_UNVERIFIABLE;
		snprintf(r->why, sizeof(r->why), "署名済みの先頭 (%s) が"
		    "ありません", "audit/head");
		return -1;
	}
	if (rc == -1) {
		r->verdict = AUDIT_TAMPERED;
		snprintf(r->why, sizeof(r->why), "署名済みの先頭の書式が"
		    "正しくありません (書き換えられています)");
		return -1;
	}
	r->have_head = 1;
	rc = audit_head_check(state_dir, &r->head);
	if (rc == 2) {
		r->verdict = AUDIT_UNVERIFIABLE;
		snprintf(r->why, sizeof(r->why), "先頭の鍵 %s の公開鍵 "
		    "(audit/keys/%s.pub) がありません", r->head.keyid,
		    r->head.keyid);
		return -1;
	}
	if (rc == 1) {
		r->verdict = AUDIT_TAMPERED;
		snprintf(r->why, sizeof(r->why), "先頭の署名が正しくありません "
		    "(先頭が書き換えられています)");
		return -1;
	}
	if (store_setting_get(st, STORE_AUDIT_INSTALLATION_KEY, inst,
	    sizeof(inst)) == -1 || store_audit_genesis(st, genesis) == -1)
		return -2;
	if (strcmp(inst, r->head.installation) != 0) {
		r->verdict = AUDIT_TAMPERED;
		snprintf(r->why, sizeof(r->why), "別の設置の記録です (データ"
		    "ベースの設置 ID %s、先頭の設置 ID %s)", inst,
		    r->head.installation);
		return -1;
	}
	if (r->head.count == 0 && strcmp(genesis, r->head.hash) != 0) {
		r->verdict = AUDIT_TAMPERED;
		snprintf(r->why, sizeof(r->why), "別の設置の記録です (記録の"
		    "起点が先頭と合いません)");
		return -1;
	}
	return 0;
}

int
audit_verify(struct store *st, const char *state_dir,
    struct audit_report *r)
{
	struct audit_walk w;
	int rc;

	memset(r, 0, sizeof(*r));
	memset(&w, 0, sizeof(w));
	if ((rc = audit_verify_head(st, state_dir, r, w.prev)) == -2)
		return -1;
	if (rc == -1)
		return 0;
	w.limit = r->head.count;
	w.head_hash = r->head.hash;
	if (store_audit_walk(st, 0, audit_walk_cb, &w) == -1)
		return -1;
	r->checked = w.n;
	strlcpy_m(r->chain_hash, w.prev, sizeof(r->chain_hash));
	if (w.bad == 1 && w.n == 1)
		audit_bad(r, &w, "別の設置の記録か、最初の記録が書き換えられて"
		    "います (起点との連鎖が切れています)");
	else if (w.bad == 1)
		audit_bad(r, &w, "前の記録との連鎖が切れています (記録の削除・"
		    "挿入・入れ替え)");
	else if (w.bad == 2)
		audit_bad(r, &w, "記録の内容がハッシュと合いません (記録の"
		    "書き換え)");
	else if (w.bad == 3)
		audit_bad(r, &w, "連鎖は通っていますが、署名済みの先頭と合い"
		    "ません (この記録までのどこかが書き換えられ、ハッシュが"
		    "付け直されています)");
	else if (w.n < r->head.count) {
		w.bad_id = 0;
		audit_bad(r, &w, "");
		snprintf(r->why, sizeof(r->why), "記録が %" PRId64 " 件しか"
		    "ありません (署名済み %" PRId64 " 件): %" PRId64 " 件目から"
		    "後の末尾の記録が削除されています", w.n, r->head.count,
		    w.n + 1);
	} else
		r->unsigned_tail = w.n - r->head.count;
	return 0;
}
