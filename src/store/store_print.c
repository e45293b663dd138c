/*
 * The print jobs (db/0014): one row per document printed, bound to its
 * application and person, with where it went (a CUPS queue and CUPS's job
 * id, or saved under STATE/print) and how it ended. The proc layer writes
 * each change inside its own transaction beside its audit row.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

#define PRINT_JOB_COLS "id, kind, ref_id, ifnull(application_id, 0), " \
	"ifnull(person_id, 0), window, queue, state, cups_job, error, " \
	"attempts, created_at, updated_at, actor"

static void
print_job_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_print_job *j = arg;

	memset(j, 0, sizeof(*j));
	j->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, j->kind, sizeof(j->kind));
	j->ref_id = sqlite3_column_int64(stmt, 2);
	j->app_id = sqlite3_column_int64(stmt, 3);
	j->person_id = sqlite3_column_int64(stmt, 4);
	store_col_text(stmt, 5, j->window, sizeof(j->window));
	store_col_text(stmt, 6, j->queue, sizeof(j->queue));
	store_col_text(stmt, 7, j->state, sizeof(j->state));
	j->cups_job = sqlite3_column_int(stmt, 8);
	store_col_text(stmt, 9, j->error, sizeof(j->error));
	j->attempts = sqlite3_column_int(stmt, 10);
	store_col_text(stmt, 11, j->created_at, sizeof(j->created_at));
	store_col_text(stmt, 12, j->updated_at, sizeof(j->updated_at));
	store_col_text(stmt, 13, j->actor, sizeof(j->actor));
}

/* An id of 0 is stored as NULL: no application, no person. */
static void
bind_id(sqlite3_stmt *stmt, int col, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(stmt, col, id);
	else
		sqlite3_bind_null(stmt, col);
}

int
store_print_job_add(struct store *st, struct store_print_job *j)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO print_jobs (kind, "
	    "ref_id, application_id, person_id, window, queue, state, "
	    "cups_job, error, attempts, created_at, updated_at, actor) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 1, ?10, ?10, ?11)");

	if (stmt == NULL)
		return -1;
	store_timestamp(j->created_at);
	memcpy(j->updated_at, j->created_at, sizeof(j->updated_at));
	j->attempts = 1;
	sqlite3_bind_text(stmt, 1, j->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, j->ref_id);
	bind_id(stmt, 3, j->app_id);
	bind_id(stmt, 4, j->person_id);
	sqlite3_bind_text(stmt, 5, j->window, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, j->queue, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, j->state, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 8, j->cups_job);
	sqlite3_bind_text(stmt, 9, j->error, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, j->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, j->actor, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "add print job") == -1)
		return -1;
	j->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_print_job_set(struct store *st, struct store_print_job *j)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE print_jobs SET "
	    "queue = ?2, state = ?3, cups_job = ?4, error = ?5, "
	    "attempts = ?6, updated_at = ?7, actor = ?8 WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	store_timestamp(j->updated_at);
	sqlite3_bind_int64(stmt, 1, j->id);
	sqlite3_bind_text(stmt, 2, j->queue, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, j->state, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 4, j->cups_job);
	sqlite3_bind_text(stmt, 5, j->error, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 6, j->attempts);
	sqlite3_bind_text(stmt, 7, j->updated_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, j->actor, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "update print job") == -1)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return store_failf(st, "print job %lld is gone",
		    (long long)j->id);
	return 0;
}

int
store_print_job_get(struct store *st, int64_t id,
    struct store_print_job *out)
{
	sqlite3_stmt *stmt = store_list_prepare(st, "SELECT " PRINT_JOB_COLS
	    " FROM print_jobs WHERE id = ?1", id);

	memset(out, 0, sizeof(*out));
	if (stmt == NULL)
		return -1;
	return store_row_one(st, stmt, print_job_row, out);
}

struct print_job_visit {
	int	(*cb)(const struct store_print_job *, void *);
	void	*arg;
};

static int
print_job_visit_cb(const void *row, void *ctx)
{
	const struct print_job_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_print_job_list(struct store *st, const char *state, int limit,
    int (*cb)(const struct store_print_job *, void *), void *arg)
{
	struct print_job_visit v = { cb, arg };
	struct store_print_job j;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT " PRINT_JOB_COLS
	    " FROM print_jobs WHERE ?1 IS NULL OR state = ?1 "
	    "ORDER BY id DESC LIMIT ?2");

	if (stmt == NULL)
		return -1;
	if (state != NULL)
		sqlite3_bind_text(stmt, 1, state, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(stmt, 2, limit > 0 ? limit : -1);
	return store_rows_each(st, stmt, print_job_row, &j,
	    print_job_visit_cb, &v);
}
