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

/* The approver: an enabled clerk whose role is supervisor or admin. */
static int
purge_approver_ok(struct store *st, const char *login, char *msg,
    size_t msglen)
{
	struct store_clerk c;
	int rc;

	if (login == NULL || *login == '\0') {
		snprintf(msg, msglen, "削除には監督者の承認が必要です "
		    "(--approved-by に監督者または管理者のログイン名)。");
		return -1;
	}
	if ((rc = store_clerk_by_login(st, login, &c)) != 0) {
		snprintf(msg, msglen, rc == 1 ? "承認者 %s は登録された職員では"
		    "ありません。" : "承認者 %s を確かめられません (データベース"
		    "の誤り)。", login);
		return -1;
	}
	if (c.disabled) {
		snprintf(msg, msglen, "承認者 %s は利用停止中です。", login);
		return -1;
	}
	if (vocab_parse(VOCAB_ROLE, c.role) < VOCAB_ROLE_SUPERVISOR) {
		snprintf(msg, msglen, "承認者 %s の役割は %s です。削除の承認は"
		    "監督者か管理者が行います。", login,
		    vocab_label_of(VOCAB_ROLE, c.role) != NULL ?
		    vocab_label_of(VOCAB_ROLE, c.role) : c.role);
		return -1;
	}
	return 0;
}

struct purge_tx {
	const char	*actor, *approver, *today;
	int		 deleted;
	char		 missing[96];
};

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
		if (rows[i].finished)
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
		if (!rows[i].finished)
			continue;
		if (store_app_purge(st, rows[i].id) == -1)
			goto out;
		p->deleted++;
	}
	rc = 0;
	if (p->deleted > 0) {
		detail = purge_detail(rows, n);
		rc = proc_audit_purge(st, p->actor, p->approver, detail);
		free(detail);
	}
out:
	free(rows);
	return rc;
}

int
proc_retention_purge(struct store *st, const char *actor,
    const char *approver, const char *today, int *deleted, char *msg,
    size_t msglen)
{
	struct purge_tx p = { actor, approver, today, 0, "" };
	int rc;

	*deleted = 0;
	if (purge_approver_ok(st, approver, msg, msglen) == -1)
		return -1;
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
	if (store_tx(st, purge_tx_cb, &p) == -1) {
		snprintf(msg, msglen, "削除できませんでした。何も変えていません "
		    "(%s)。", store_errmsg(st));
		log_warnx("purge: %s", store_errmsg(st));
		return -1;
	}
	*deleted = p.deleted;
	if (p.deleted > 0)
		log_info("purge: %d applications past keep-until deleted, "
		    "approved by %s", p.deleted, approver);
	return 0;
}
