/*
 * Four eyes in the store (approvals, db/0010_approvals.sql): a request
 * row, its decision and its use. A decision moves only a waiting row and
 * a use only an approved one (the WHERE clause says which state the row
 * must be in), so two supervisors cannot both decide one request and an
 * approval is used once. The schema itself refuses a decider who is the
 * requester.
 */
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

#define APPROVAL_COLS "id, action, object, ifnull(person_id, 0), " \
	"ifnull(application_id, 0), params, reason, requested_by, " \
	"requested_at, state, ifnull(decided_by, ''), ifnull(decided_at, ''), " \
	"ifnull(decision_note, ''), ifnull(done_at, '')"

/* A state in a space separated list of states (?N bound to the list). */
#define APPROVAL_IN(n)	"(' ' || ?" #n " || ' ') LIKE ('% ' || state || ' %')"

static void
approval_row(sqlite3_stmt *stmt, void *out)
{
	struct store_approval *a = out;

	a->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, a->action, sizeof(a->action));
	store_col_text(stmt, 2, a->object, sizeof(a->object));
	a->person_id = sqlite3_column_int64(stmt, 3);
	a->application_id = sqlite3_column_int64(stmt, 4);
	store_col_text(stmt, 5, a->params, sizeof(a->params));
	store_col_text(stmt, 6, a->reason, sizeof(a->reason));
	store_col_text(stmt, 7, a->requested_by, sizeof(a->requested_by));
	store_col_text(stmt, 8, a->requested_at, sizeof(a->requested_at));
	store_col_text(stmt, 9, a->state, sizeof(a->state));
	store_col_text(stmt, 10, a->decided_by, sizeof(a->decided_by));
	store_col_text(stmt, 11, a->decided_at, sizeof(a->decided_at));
	store_col_text(stmt, 12, a->decision_note, sizeof(a->decision_note));
	store_col_text(stmt, 13, a->done_at, sizeof(a->done_at));
}

int
store_approval_create(struct store *st, struct store_approval *a)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO approvals (action, "
	    "object, person_id, application_id, params, reason, requested_by, "
	    "requested_at) VALUES (?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, "
	    "?6, ?7, ?8)");

	if (stmt == NULL)
		return -1;
	store_timestamp(a->requested_at);
	strlcpy_m(a->state, "waiting", sizeof(a->state));
	sqlite3_bind_text(stmt, 1, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, a->object, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, a->person_id);
	sqlite3_bind_int64(stmt, 4, a->application_id);
	sqlite3_bind_text(stmt, 5, a->params, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, a->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, a->requested_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, a->requested_at, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "add approval") == -1)
		return -1;
	a->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_approval_get(struct store *st, int64_t id, struct store_approval *out)
{
	return store_row_one(st, store_list_prepare(st, "SELECT "
	    APPROVAL_COLS " FROM approvals WHERE id = ?1", id), approval_row,
	    out);
}

int
store_approval_decide(struct store *st, int64_t id, const char *to,
    const char *decider, const char *note)
{
	sqlite3_stmt *stmt;
	char now[21];

	if (strcmp(to, "approved") != 0 && strcmp(to, "refused") != 0)
		return store_failf(st, "approval %lld: no decision %s",
		    (long long)id, to);
	stmt = store_prepare(st, "UPDATE approvals SET state = ?2, "
	    "decided_by = ?3, decided_at = ?4, decision_note = ?5 "
	    "WHERE id = ?1 AND state = 'waiting'");
	if (stmt == NULL)
		return -1;
	store_timestamp(now);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, decider, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, note != NULL ? note : "", -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "decide approval") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "approval %lld is not waiting",
		    (long long)id);
	return 0;
}

int
store_approval_set_state(struct store *st, int64_t id, const char *from,
    const char *to)
{
	sqlite3_stmt *stmt;
	char now[21];

	if (!((strcmp(from, "waiting") == 0 && strcmp(to, "withdrawn") == 0) ||
	    (strcmp(from, "approved") == 0 && strcmp(to, "done") == 0)))
		return store_failf(st, "approval %lld: no move %s -> %s",
		    (long long)id, from, to);
	stmt = store_prepare(st, "UPDATE approvals SET state = ?3, done_at = "
	    "CASE WHEN ?3 = 'done' THEN ?4 ELSE done_at END "
	    "WHERE id = ?1 AND state = ?2");
	if (stmt == NULL)
		return -1;
	store_timestamp(now);
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "move approval") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "approval %lld is not %s", (long long)id,
		    from);
	return 0;
}

int
store_approval_find(struct store *st, const char *action, const char *object,
    const char *states, struct store_approval *out)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT " APPROVAL_COLS
	    " FROM approvals WHERE action = ?1 AND object = ?2 AND "
	    APPROVAL_IN(3) " ORDER BY id DESC LIMIT 1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, object, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, states, -1, SQLITE_STATIC);
	return store_row_one(st, stmt, approval_row, out);
}

struct approval_visit {
	int	(*cb)(const struct store_approval *, void *);
	void	*arg;
};

static int
approval_visit_cb(const void *row, void *ctx)
{
	const struct approval_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_approval_foreach(struct store *st, const char *states,
    int (*cb)(const struct store_approval *, void *), void *arg)
{
	struct approval_visit v = { cb, arg };
	struct store_approval a;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT " APPROVAL_COLS
	    " FROM approvals WHERE " APPROVAL_IN(1) " ORDER BY id");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, states, -1, SQLITE_STATIC);
	return store_rows_each(st, stmt, approval_row, &a, approval_visit_cb,
	    &v);
}
