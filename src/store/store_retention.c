/*
 * Article 7 in the store: the applications whose keep-until has passed,
 * and deleting one with every row that hangs off it. What hangs off an
 * application is a const table of the tables whose foreign keys name
 * applications(id): each row is deleted with it, or (a certificate, which
 * outlives the form it was applied for with) only loses the reference.
 * store_purge_check compares the table with the schema, so a migration
 * that adds a reference cannot make a purge fail half-way or leave rows.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

enum purge_how { PURGE_DELETE, PURGE_UNLINK };

static const struct {
	const char	*table;
	const char	*column;	/* REFERENCES applications(id) */
	enum purge_how	 how;
} store_purge_table[] = {
	{ "app_effects", "application_id", PURGE_DELETE },
	{ "issuance_steps", "application_id", PURGE_DELETE },
	{ "inquiry_letters", "application_id", PURGE_DELETE },
	{ "app_request_texts", "application_id", PURGE_DELETE },
	/* The mailing keeps its own row (when and how it was posted). */
	{ "mailing_items", "application_id", PURGE_DELETE },
	/* What was printed of it: bound to the person, goes with it. */
	{ "print_jobs", "application_id", PURGE_DELETE },
	/* Not an application: the cert stays, without its form. */
	{ "certificates", "application_id", PURGE_UNLINK },
	/* An approval is a record of who allowed what: it stays (its
	 * object names the request id), without the application. */
	{ "approvals", "application_id", PURGE_UNLINK },
};

static void
due_row(sqlite3_stmt *stmt, void *out)
{
	struct store_due *d = out;

	d->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, d->procedure, sizeof(d->procedure));
	store_col_text(stmt, 2, d->form, sizeof(d->form));
	store_col_text(stmt, 3, d->keep_until, sizeof(d->keep_until));
	store_col_text(stmt, 4, d->accepted_at, sizeof(d->accepted_at));
	store_col_text(stmt, 5, d->state, sizeof(d->state));
}

struct due_visit {
	int	(*cb)(const struct store_due *, void *);
	void	*arg;
};

static int
due_visit_cb(const void *row, void *ctx)
{
	const struct due_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_app_due(struct store *st, const char *today,
    int (*cb)(const struct store_due *, void *), void *arg)
{
	struct due_visit v = { cb, arg };
	struct store_due d;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id, procedure, form, "
	    "keep_until, ifnull(accepted_at, ''), state FROM applications "
	    "WHERE keep_until IS NOT NULL AND keep_until < ?1 "
	    "ORDER BY keep_until, id");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_TRANSIENT);
	return store_rows_each(st, stmt, due_row, &d, due_visit_cb, &v);
}

/* 1 when table.column is in store_purge_table. */
static int
purge_known(const char *table, const char *column)
{
	size_t i;

	for (i = 0; i < nitems(store_purge_table); i++)
		if (strcmp(store_purge_table[i].table, table) == 0 &&
		    strcmp(store_purge_table[i].column, column) == 0)
			return 1;
	return 0;
}

int
store_purge_check(struct store *st, char *missing, size_t size)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT m.name, f.\"from\" "
	    "FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f "
	    "WHERE m.type = 'table' AND f.\"table\" = 'applications' "
	    "ORDER BY m.name");
	int rc, bad = 0;

	if (stmt == NULL)
		return -1;
	missing[0] = '\0';
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(stmt, 0);
		const char *c = (const char *)sqlite3_column_text(stmt, 1);

		if (t != NULL && c != NULL && !purge_known(t, c)) {
			snprintf(missing, size, "%s.%s", t, c);
			bad = 1;
			break;
		}
	}
	sqlite3_finalize(stmt);
	if (!bad && rc != SQLITE_DONE)
		return store_fail(st, "purge check");
	return bad;
}

/* One statement of the purge of application id. */
static int
purge_run(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_row_done(st, stmt, "purge");
}

int
store_app_purge(struct store *st, int64_t id)
{
	char sql[160];
	size_t i;

	if (sqlite3_get_autocommit(st->db))
		return store_failf(st, "%s: outside a transaction", __func__);
	for (i = 0; i < nitems(store_purge_table); i++) {
		if (store_purge_table[i].how == PURGE_DELETE)
			snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE %s = ?1",
			    store_purge_table[i].table,
			    store_purge_table[i].column);
		else
			snprintf(sql, sizeof(sql), "UPDATE %s SET %s = NULL "
			    "WHERE %s = ?1", store_purge_table[i].table,
			    store_purge_table[i].column,
			    store_purge_table[i].column);
		if (purge_run(st, sql, id) == -1)
			return -1;
	}
	/* Its number, and every one below the highest, stays given
	 * (db/0008). */
	if (purge_run(st, "INSERT INTO app_number_floor (only, last_id) "
	    "SELECT 1, max(id) FROM applications WHERE ?1 > 0 "
	    "ON CONFLICT (only) DO UPDATE SET last_id = "
	    "max(last_id, excluded.last_id)", id) == -1 ||
	    purge_run(st, "DELETE FROM applications WHERE id = ?1", id) == -1)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return store_failf(st, "application %lld is gone", (long long)id);
	return 0;
}
