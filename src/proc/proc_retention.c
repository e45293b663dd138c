/*
 * Article 7: the forms kept until their keep-until (R7.1 15 years, R7.2
 * 10 years, another guideline's period from the setting: proc_app.c sets
 * it when an application is accepted) and deleted after it, with a
 * supervisor's approval. The list is the store's (store_app_due) plus
 * whether each may go; the purge is one transaction with its audit row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "proc_int.h"

/* States after which nothing more happens to an application. */
static const char *const proc_retention_final_table[] = {
	"done", "rejected", "cancelled",
};

static int
proc_retention_final(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(proc_retention_final_table); i++)
		if (strcmp(state, proc_retention_final_table[i]) == 0)
			return 1;
	return 0;
}

struct due_list {
	struct proc_due	*rows;
	int		 n, cap;
};

static int
due_add_cb(const struct store_due *d, void *arg)
{
	struct due_list *l = arg;
	struct proc_due *r;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->rows = xreallocarray(l->rows, (size_t)l->cap, sizeof(*r));
	}
	r = &l->rows[l->n++];
	memset(r, 0, sizeof(*r));
	r->id = d->id;
	strlcpy_m(r->procedure, d->procedure, sizeof(r->procedure));
	strlcpy_m(r->form, d->form, sizeof(r->form));
	strlcpy_m(r->keep_until, d->keep_until, sizeof(r->keep_until));
	/* The day of the stamp: the store's day (MADOGUCHI_TODAY's when
	 * fixed), as the keep-until was counted from. */
	snprintf(r->accepted_on, sizeof(r->accepted_on), "%.10s",
	    d->accepted_at);
	strlcpy_m(r->state, d->state, sizeof(r->state));
	r->finished = proc_retention_final(d->state);
	return 0;
}

int
proc_retention_due(struct store *st, const char *today, struct proc_due **out)
{
	struct due_list l = { NULL, 0, 0 };

	*out = NULL;
	if (store_app_due(st, today, due_add_cb, &l) == -1) {
		free(l.rows);
		return -1;
	}
	*out = l.rows;
	return l.n;
}

struct purge_tx {
	const char			*actor, *today;
	const char			*ids;	/* "3,5,8", NULL: all due */
	const struct store_approval	*approval;
	int				 deleted;
	char				 missing[96];
};

/* 1 when id is in the list "3,5,8" (NULL: every id). */
static int
purge_listed(const char *ids, int64_t id)
{
	const char *p;
	char *end;

	if (ids == NULL)
		return 1;
	for (p = ids; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		if (strtoll(p, &end, 10) == id)
			return 1;
		if (end == p)
			return 0;
	}
	return 0;
}

/* "2 12:2041-11-25 15:2041-11-26": the count, then id:keep-until of
 * each application deleted. The caller frees it. */
static char *
purge_detail(const struct proc_due *rows, int n)
{
	size_t size = 16 + (size_t)n * 40, len;
	char *s = xmalloc(size);
	int i, count = 0;

	for (i = 0; i < n; i++)
		count += rows[i].finished;
	len = (size_t)snprintf(s, size, "%d", count);
	for (i = 0; i < n; i++)
		if (rows[i].finished && len < size)
			len += (size_t)snprintf(s + len, size - len, " %lld:%s",
			    (long long)rows[i].id, rows[i].keep_until);
	return s;
}

static int
purge_tx_cb(struct store *st, void *arg)
{
	struct purge_tx *p = arg;
	struct proc_due *rows;
	char *detail;
	int n, i, rc = -1;

	/* Listed again under the write lock: what is deleted is what is
	 * due now, whatever another session did since a dry run. */
	if ((n = proc_retention_due(st, p->today, &rows)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		/* Only what was asked and approved; what fell due since
		 * waits for a request of its own. */
		if (!purge_listed(p->ids, rows[i].id))
			rows[i].finished = 0;
		if (!rows[i].finished)
			continue;
		if (store_app_purge(st, rows[i].id) == -1)
			goto out;
		p->deleted++;
	}
	rc = 0;
	if (p->deleted > 0) {
		detail = purge_detail(rows, n);
		rc = proc_audit_purge(st, p->actor, p->approval != NULL ?
		    p->approval->decided_by : "-", detail);
		free(detail);
	}
	if (rc == 0)
		rc = proc_approval_done_tx(st, p->actor, p->approval);
out:
	free(rows);
	return rc;
}

int
proc_purge_run(struct proc_ctx *pc, const char *today, const char *ids,
    const struct store_approval *a, int *deleted, char *msg, size_t msglen)
{
	struct store *st = pc->st;
	struct purge_tx p = { pc->actor, today, ids, a, 0, "" };
	struct proc_print_saved *saved;
	int rc, nsaved, removed;

	*deleted = 0;
	if ((rc = store_purge_check(st, p.missing, sizeof(p.missing))) != 0) {
		snprintf(msg, msglen, rc == 1 ? "申請を参照する記録 (%s) の削除"
		    "方法が決まっていないため、削除できません。" : "データベースを"
		    "確かめられません (%s)。", rc == 1 ? p.missing :
		    store_errmsg(st));
		if (rc == 1)
			log_warnx("purge: %s references applications and is not "
			    "in the purge table", p.missing);
		return -1;
	}
	/* The PDFs saved for the applications' print jobs go with them. */
	if ((nsaved = proc_print_saved_list(pc, &saved)) == -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	if (store_tx(st, purge_tx_cb, &p) == -1) {
		snprintf(msg, msglen, "削除できませんでした。何も変えていません "
		    "(%s)。", store_errmsg(st));
		log_warnx("purge: %s", store_errmsg(st));
		free(saved);
		return -1;
	}
	removed = proc_print_saved_sweep(pc, pc->state_dir, saved, nsaved);
	free(saved);
	if (removed > 0)
		log_info("purge: %d saved print files removed", removed);
	*deleted = p.deleted;
	snprintf(msg, msglen, "保存期間を過ぎた申請 %d 件を削除しました。",
	    p.deleted);
	if (p.deleted > 0)
		log_info("purge: %d applications past keep-until deleted%s%s",
		    p.deleted, a != NULL ? ", approved by " : "",
		    a != NULL ? a->decided_by : "");
	return 0;
}

/* The ids of the finished applications due on today, "3,5,8" (the
 * caller frees it), or NULL when none is. */
static char *
purge_ids(const struct proc_due *rows, int n)
{
	size_t size = 1 + (size_t)n * 21, len = 0;
	char *s = xmalloc(size);
	int i;

	s[0] = '\0';
	for (i = 0; i < n; i++)
		if (rows[i].finished)
			len += (size_t)snprintf(s + len, size - len, "%s%lld",
			    len > 0 ? "," : "", (long long)rows[i].id);
	if (len == 0) {
		free(s);
		return NULL;
	}
	return s;
}

int
proc_retention_purge(struct proc_ctx *pc, const char *today, int *deleted,
    int64_t *approval, char *msg, size_t msglen)
{
	struct proc_due *rows;
	char *ids, *params, said[512];
	int n, rc;

	*deleted = 0;
	*approval = 0;
	if (!proc_approval_needed(pc->st, "retention_purge"))
		return proc_purge_run(pc, today, NULL, NULL, deleted, msg,
		    msglen);
	if ((n = proc_retention_due(pc->st, today, &rows)) == -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	ids = purge_ids(rows, n);
	free(rows);
	if (ids == NULL) {
		snprintf(msg, msglen, "削除の対象はありません (%s 現在)。", today);
		return 0;
	}
	/* R7: exactly these applications, as listed today. */
	params = xasprintf("today=%s ids=%s", today, ids);
	rc = proc_approval_request(pc, "retention_purge", today, 0, 0, params,
	    "保存期間 (第7条) を過ぎた申請の削除", approval, said,
	    sizeof(said));
	free(params);
	free(ids);
	if (rc == -1) {
		snprintf(msg, msglen, "%s", said);
		return -1;
	}
	snprintf(msg, msglen, "%s (番号 %lld)。監督者が画面の「承認待ち」で承認"
	    "すると削除されます。", rc == 1 ? "この削除は承認を依頼済みです" :
	    "削除の承認を依頼しました", (long long)*approval);
	return 1;
}
