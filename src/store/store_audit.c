/*
 * The audit trail: one row per business event, each row's hash covering the
 * previous row's hash and its own fields, so an edited or deleted row breaks
 * the chain at that point. Appends run in BEGIN IMMEDIATE so two sessions
 * never chain onto the same predecessor: their own, or the caller's
 * (store_tx) when the row explains a change made in that transaction.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "madoguchi/util.h"
#include "store_int.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define AUDIT_GENESIS_TAG "madoguchi-audit-genesis"

static const char audit_hexdig[] = "0123456789abcdef";

static void
audit_hex(const unsigned char *md, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = audit_hexdig[md[i] >> 4];
		out[2 * i + 1] = audit_hexdig[md[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

/* The row hash with a context the caller reuses (one per walk, so a
 * million rows cost no allocation each). */
static void
audit_hash_ctx(EVP_MD_CTX *ctx, const EVP_MD *md, const char *prev,
    const char *at, const char *actor, const char *kind, const char *object,
    const char *detail, char out[65])
{
	const char *parts[] = { prev, at, actor, kind, object, detail };
	unsigned char dg[32];
	unsigned int len = 0;
	size_t i;

	EVP_DigestInit_ex(ctx, md, NULL);
	for (i = 0; i < nitems(parts); i++) {
		/* Unit separator between fields: "a|bc" never hashes as "ab|c". */
		if (parts[i] != NULL)
			EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
		EVP_DigestUpdate(ctx, "\x1f", 1);
	}
	EVP_DigestFinal_ex(ctx, dg, &len);
	audit_hex(dg, len, out);
}

static void
audit_hash(const char *prev, const char *at, const char *actor,
    const char *kind, const char *object, const char *detail, char out[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL)
		fatalx("%s: EVP_MD_CTX_new", __func__);
	audit_hash_ctx(ctx, EVP_sha256(), prev, at, actor, kind, object,
	    detail, out);
	EVP_MD_CTX_free(ctx);
}

int
store_audit_genesis(struct store *st, char out[65])
{
	char kind[32], inst[64];
	unsigned char dg[32];
	unsigned int len = 0;
	EVP_MD_CTX *ctx;
	int rc;

	if ((rc = store_setting_get(st, STORE_AUDIT_GENESIS_KEY, kind,
	    sizeof(kind))) == -1)
		return -1;
	if (rc == 1 || strcmp(kind, "zero") == 0) {
		memcpy(out, AUDIT_GENESIS, 65);
		return 0;
	}
	if ((rc = store_setting_get(st, STORE_AUDIT_INSTALLATION_KEY, inst,
	    sizeof(inst))) != 0)
		return rc == -1 ? -1 : store_failf(st, "no %s setting",
		    STORE_AUDIT_INSTALLATION_KEY);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("%s: EVP_MD_CTX_new", __func__);
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	EVP_DigestUpdate(ctx, AUDIT_GENESIS_TAG, strlen(AUDIT_GENESIS_TAG));
	EVP_DigestUpdate(ctx, inst, strlen(inst));
	EVP_DigestFinal_ex(ctx, dg, &len);
	EVP_MD_CTX_free(ctx);
	audit_hex(dg, len, out);
	return 0;
}

struct audit_row {
	const char	*actor, *kind, *object, *detail;
};

static int
audit_append_cb(struct store *st, void *arg)
{
	const struct audit_row *r = arg;
	sqlite3_stmt *stmt;
	char prev[65], hash[65], at[21];
	int rc;

	if (store_audit_genesis(st, prev) == -1)
		return -1;
	stmt = store_prepare(st,
	    "SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1");
	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		store_col_text(stmt, 0, prev, sizeof(prev));
	sqlite3_finalize(stmt);
	store_timestamp(at);
	audit_hash(prev, at, r->actor, r->kind, r->object, r->detail, hash);
	stmt = store_prepare(st, "INSERT INTO audit_events (at, actor, kind, "
	    "object, detail, prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, r->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, r->detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "audit");
	st->audit_pending = 1;	/* store_tx calls the hook after COMMIT */
	return 0;
}

int
store_audit(struct store *st, const char *actor, const char *kind,
    const char *object, const char *detail)
{
	struct audit_row r = { actor, kind, object, detail };

	/* Inside store_tx (BEGIN IMMEDIATE holds the write lock): the row
	 * joins that transaction, committed or rolled back with the change. */
	if (!sqlite3_get_autocommit(st->db))
		return audit_append_cb(st, &r);
	return store_tx(st, audit_append_cb, &r);
}

int
store_audit_verify(struct store *st, int64_t *bad_id)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, at, actor, kind, "
	    "object, detail, prev_hash, hash FROM audit_events ORDER BY id");
	char prev[65];
	int rc, bad = 0;

	if (stmt == NULL)
		return -1;
	if (store_audit_genesis(st, prev) == -1) {
		sqlite3_finalize(stmt);
		return -1;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		char hash[65], stored_prev[65], stored[65];
		const char *f[5];
		int i;

		for (i = 0; i < 5; i++)
			f[i] = (const char *)sqlite3_column_text(stmt, i + 1);
		store_col_text(stmt, 6, stored_prev, sizeof(stored_prev));
		store_col_text(stmt, 7, stored, sizeof(stored));
		audit_hash(prev, f[0], f[1], f[2], f[3], f[4], hash);
		if (strcmp(stored_prev, prev) != 0 || strcmp(stored, hash) != 0) {
			if (bad_id != NULL)
				*bad_id = sqlite3_column_int64(stmt, 0);
			bad = 1;
			break;
		}
		memcpy(prev, stored, sizeof(prev));
	}
	sqlite3_finalize(stmt);
	if (!bad && rc != SQLITE_DONE)
		return store_fail(st, "audit verify");
	return bad;
}

void
store_set_audit_hook(struct store *st, void (*fn)(void *), void *arg)
{
	st->audit_hook = fn;
	st->audit_hook_arg = arg;
}

int
store_audit_walk(struct store *st, int64_t after_id,
    int (*cb)(const struct store_audit_event *, void *), void *arg)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, at, actor, kind, "
	    "object, detail, prev_hash, hash FROM audit_events WHERE id > ?1 "
	    "ORDER BY id");
	struct store_audit_event e;
	EVP_MD_CTX *ctx;
	EVP_MD *md;
	long n = 0;
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, after_id);
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    (md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		fatalx("%s: no SHA-256", __func__);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(stmt, 0);
		e.at = (const char *)sqlite3_column_text(stmt, 1);
		e.actor = (const char *)sqlite3_column_text(stmt, 2);
		e.kind = (const char *)sqlite3_column_text(stmt, 3);
		e.object = (const char *)sqlite3_column_text(stmt, 4);
		e.detail = (const char *)sqlite3_column_text(stmt, 5);
		e.prev_hash = (const char *)sqlite3_column_text(stmt, 6);
		e.hash = (const char *)sqlite3_column_text(stmt, 7);
		if (e.prev_hash == NULL)
			e.prev_hash = "";
		if (e.hash == NULL)
			e.hash = "";
		audit_hash_ctx(ctx, md, e.prev_hash, e.at, e.actor, e.kind,
		    e.object, e.detail, e.computed);
		n++;
		if (cb(&e, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	EVP_MD_free(md);
	EVP_MD_CTX_free(ctx);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "audit walk");
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

int
store_audit_nth(struct store *st, int64_t n, int64_t *id, char hash[65])
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, hash FROM "
	    "audit_events ORDER BY id LIMIT 1 OFFSET ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, n - 1);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		store_col_text(stmt, 1, hash, 65);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(st, "audit nth");
}

int
store_audit_hash_of(struct store *st, int64_t id, char hash[65])
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT hash FROM audit_events "
	    "WHERE id = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_col_text(stmt, 0, hash, 65);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(st, "audit hash");
}

/* The WHERE clause of a browse: every condition is always there, each
 * true when its parameter is NULL, so one statement serves every
 * query. The day bounds compare the ISO stamps as text. */
#define AUDIT_WHERE \
	" WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2)" \
	" AND (?3 IS NULL OR actor = ?3)" \
	" AND (?4 IS NULL OR object IN (SELECT request_id FROM applications" \
	" WHERE person_id = ?4))" \
	" AND (?5 IS NULL OR object IN (SELECT request_id FROM applications" \
	" WHERE procedure = ?5))"

/* "YYYY-MM-DDTHH:MM:SSZ" and its NUL. */
#define STORE_AUDIT_BOUND	21

/* Where a day in Japan (YYYY-MM-DD, JST = UTC+9, as the screens show
 * days) begins, as a stored UTC time: 15:00 of the day before; with
 * after 1, where it ends (15:00 of the day itself, excluded). 0, or -1
 * when day is not a date. */
static int
audit_day_bound(const char *day, int after, char out[STORE_AUDIT_BOUND])
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (day == NULL || strlen(day) != 10 ||
	    sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += after ? 0 : -1;
	tm.tm_hour = 15;
	if (timegm(&tm) == (time_t)-1 || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1)
		return -1;
	return strftime(out, STORE_AUDIT_BOUND, "%Y-%m-%dT%H:%M:%SZ", &tm) ==
	    20 ? 0 : -1;
}

static sqlite3_stmt *
audit_query_prepare(struct store *st, const char *sql,
    const struct store_audit_query *q)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	char bound[STORE_AUDIT_BOUND];

	if (stmt == NULL)
		return NULL;
	if (q->from != NULL && *q->from != '\0' &&
	    audit_day_bound(q->from, 0, bound) == 0)
		sqlite3_bind_text(stmt, 1, bound, -1, SQLITE_TRANSIENT);
	if (q->to != NULL && *q->to != '\0' &&
	    audit_day_bound(q->to, 1, bound) == 0)
		sqlite3_bind_text(stmt, 2, bound, -1, SQLITE_TRANSIENT);
	if (q->actor != NULL && *q->actor != '\0')
		sqlite3_bind_text(stmt, 3, q->actor, -1, SQLITE_TRANSIENT);
	if (q->person_id > 0)
		sqlite3_bind_int64(stmt, 4, q->person_id);
	if (q->procedure != NULL && *q->procedure != '\0')
		sqlite3_bind_text(stmt, 5, q->procedure, -1, SQLITE_TRANSIENT);
	return stmt;
}

int
store_audit_count(struct store *st, const struct store_audit_query *q,
    int *n)
{
	sqlite3_stmt *stmt = audit_query_prepare(st,
	    "SELECT count(*) FROM audit_events" AUDIT_WHERE, q);
	int rc;

	*n = 0;
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*n = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : store_fail(st, "audit count");
}

int
store_audit_browse(struct store *st, const struct store_audit_query *q,
    int offset, int limit,
    int (*cb)(const struct store_audit_row *, void *), void *arg)
{
	sqlite3_stmt *stmt = audit_query_prepare(st, "SELECT id, at, actor, "
	    "kind, coalesce(object, ''), coalesce(detail, '') FROM "
	    "audit_events" AUDIT_WHERE " ORDER BY id DESC LIMIT ?6 OFFSET ?7",
	    q);
	struct store_audit_row e;
	int rc, n = 0;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int(stmt, 6, limit);
	sqlite3_bind_int(stmt, 7, offset);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(stmt, 0);
		store_col_text(stmt, 1, e.at, sizeof(e.at));
		store_col_text(stmt, 2, e.actor, sizeof(e.actor));
		store_col_text(stmt, 3, e.kind, sizeof(e.kind));
		store_col_text(stmt, 4, e.object, sizeof(e.object));
		store_col_text(stmt, 5, e.detail, sizeof(e.detail));
		n++;
		if (cb(&e, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? n : store_fail(st, "audit browse");
}
