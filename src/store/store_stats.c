/*
 * Figures of the applications taken: counts grouped by one or two of day,
 * window, procedure, register, result (the application's state) and
 * clerk, over a range of days, for the statistics and the daily close.
 * The grouping columns come from a const table, never from the caller's
 * text. An application counts on the day of its acceptance (of its
 * making when it was never accepted: a refusal), that day taken in Japan
 * Standard Time (UTC+9, no summer time): an application taken at 08:30
 * at the counter is that day's, not the UTC day before. Drafts are not
 * counted.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

/* The expression of each grouping (a: applications, c: clerks). */
static const char *const stats_col_table[STORE_STATS_COUNT] = {
	[STORE_STATS_NONE] = "''",
	[STORE_STATS_DAY] =
	    "date(coalesce(a.accepted_at, a.created_at), '+9 hours')",
	[STORE_STATS_WINDOW] = "a.window",
	[STORE_STATS_PROCEDURE] = "a.procedure",
	[STORE_STATS_REGISTER] = "a.register",
	[STORE_STATS_RESULT] = "a.state",
	[STORE_STATS_CLERK] = "c.login",
};

static const char *const stats_name_table[STORE_STATS_COUNT] = {
	[STORE_STATS_NONE] = "none",
	[STORE_STATS_DAY] = "day",
	[STORE_STATS_WINDOW] = "window",
	[STORE_STATS_PROCEDURE] = "procedure",
	[STORE_STATS_REGISTER] = "register",
	[STORE_STATS_RESULT] = "result",
	[STORE_STATS_CLERK] = "clerk",
};

int
store_stats_parse(const char *name)
{
	int i;

	for (i = STORE_STATS_DAY; i < STORE_STATS_COUNT; i++)
		if (name != NULL && strcmp(name, stats_name_table[i]) == 0)
			return i;
	return -1;
}

const char *
store_stats_name(enum store_stats_by by)
{
	return by >= 0 && by < STORE_STATS_COUNT ? stats_name_table[by] : NULL;
}

static void
stats_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_stats_row *r = arg;

	store_col_text(stmt, 0, r->key[0], sizeof(r->key[0]));
	store_col_text(stmt, 1, r->key[1], sizeof(r->key[1]));
	r->count = (long)sqlite3_column_int64(stmt, 2);
}

struct stats_visit {
	int	(*cb)(const struct store_stats_row *, void *);
	void	*arg;
};

static int
stats_visit_cb(const void *row, void *arg)
{
	const struct stats_visit *v = arg;

	return v->cb(row, v->arg);
}

int
store_stats(struct store *st, const struct store_stats_query *q,
    int (*cb)(const struct store_stats_row *, void *), void *arg)
{
	struct store_stats_row buf;
	struct stats_visit v = { cb, arg };
	sqlite3_stmt *stmt;
	char sql[1024];
	const char *k1, *k2;

	if (q->by[0] <= STORE_STATS_NONE || q->by[0] >= STORE_STATS_COUNT ||
	    q->by[1] < STORE_STATS_NONE || q->by[1] >= STORE_STATS_COUNT)
		return store_failf(st, "stats: bad grouping");
	k1 = stats_col_table[q->by[0]];
	k2 = stats_col_table[q->by[1]];
	snprintf(sql, sizeof(sql), "SELECT %s AS k1, %s AS k2, count(*) FROM "
	    "applications a JOIN clerks c ON c.id = a.clerk_id WHERE a.state "
	    "<> 'draft' AND %s BETWEEN ?1 AND ?2 AND (?3 = '' OR a.window = "
	    "?3) GROUP BY k1, k2 ORDER BY k1, k2", k1, k2,
	    stats_col_table[STORE_STATS_DAY]);
	if ((stmt = store_prepare(st, sql)) == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, q->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, q->to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, q->window != NULL ? q->window : "", -1,
	    SQLITE_STATIC);
	return store_rows_each(st, stmt, stats_row, &buf, stats_visit_cb, &v);
}

/* The clerks who took applications on the day at the window (logins and
 * names only), for the daily close. */
int
store_stats_clerks(struct store *st, const char *day, const char *window,
    int (*cb)(const struct store_clerk *, void *), void *arg)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT DISTINCT c.id, c.login,"
	    " c.name, c.role, c.window FROM applications a JOIN clerks c ON "
	    "c.id = a.clerk_id WHERE a.state <> 'draft' AND date(coalesce("
	    "a.accepted_at, a.created_at), '+9 hours') = ?1 AND (?2 = '' OR "
	    "a.window = ?2) ORDER BY c.login");
	struct store_clerk c;
	int rc, n = 0;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, window != NULL ? window : "", -1,
	    SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		memset(&c, 0, sizeof(c));
		c.id = sqlite3_column_int64(stmt, 0);
		store_col_text(stmt, 1, c.login, sizeof(c.login));
		store_col_text(stmt, 2, c.name, sizeof(c.name));
		store_col_text(stmt, 3, c.role, sizeof(c.role));
		store_col_text(stmt, 4, c.window, sizeof(c.window));
		n++;
		if (cb(&c, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? n : store_fail(st, "stats clerks");
}
