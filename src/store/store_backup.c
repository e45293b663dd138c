/*
 * Backups of the databases while clerks work: SQLite's online backup of
 * the counter database and of the CA's file, both read inside read
 * transactions opened one right after the other (WAL readers block no
 * writer), so the two copies are of one point; and the backups table
 * (db/0012) that remembers what was taken, for the screen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "store_int.h"

/* Open a read transaction on db and make it take its snapshot now (a
 * BEGIN alone takes none until the first read). */
static int
snap_begin(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1,
	    &stmt, NULL) != SQLITE_OK) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

/* Copy src (inside its read transaction) into a new file at path, made
 * a standalone rollback-journal file. 0, or -1 with err. */
static int
snap_copy(sqlite3 *src, const char *path, char *err, size_t errlen)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, dst != NULL ?
		    sqlite3_errmsg(dst) : "cannot open");
		sqlite3_close(dst);
		return -1;
	}
	if ((b = sqlite3_backup_init(dst, "main", src, "main")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	/* All pages in one step: the source's read transaction stays open
	 * throughout, so nothing committed since is in the copy. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: backup: %s", path,
		    sqlite3_errstr(rc));
		sqlite3_close(dst);
		return -1;
	}
	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(dst));
		sqlite3_close(dst);
		return -1;
	}
	sqlite3_close(dst);
	return 0;
}

int
store_snapshot(struct store *st, const char *ca_db, const char *out_db,
    const char *out_ca)
{
	sqlite3 *ca = NULL;
	char err[512];
	int rc = -1, ca_open = 0;

	/* Read-write (no create) though only read: a read-only connection
	 * cannot make the -shm of a WAL file that has none yet. */
	if (ca_db != NULL && sqlite3_open_v2(ca_db, &ca,
	    SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		store_failf(st, "%s: %s", ca_db, ca != NULL ?
		    sqlite3_errmsg(ca) : "cannot open");
		sqlite3_close(ca);
		return -1;
	}
	if (ca != NULL)
		sqlite3_busy_timeout(ca, 5000);
	/* The counter's snapshot first, then the CA's: the CA commits a cert
	 * before the counter records it, so the CA copy holds every cert the
	 * counter copy names (a later one is what reconcile finds). */
	if (snap_begin(st->db) == -1) {
		store_fail(st, "snapshot");
		goto out;
	}
	if (ca != NULL) {
		if (snap_begin(ca) == -1) {
			store_failf(st, "%s: %s", ca_db, sqlite3_errmsg(ca));
			goto out_tx;
		}
		ca_open = 1;
	}
	if (snap_copy(st->db, out_db, err, sizeof(err)) == -1 ||
	    (ca != NULL && snap_copy(ca, out_ca, err, sizeof(err)) == -1)) {
		store_failf(st, "%s", err);
		goto out_tx;
	}
	rc = 0;
out_tx:
	if (ca_open)
		sqlite3_exec(ca, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
out:
	sqlite3_close(ca);
	return rc;
}

int
store_file_check(const char *path, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *stmt = NULL;
	char what[128] = "";
	int rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &stmt, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(stmt, 0);

		strlcpy_m(what, t != NULL ? (const char *)t : "", sizeof(what));
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW || strcmp(what, "ok") != 0) {
		snprintf(err, errlen, "%s: integrity_check: %s", path,
		    rc == SQLITE_ROW ? what : sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db);
	return 0;
}

int
store_backup_record(struct store *st, const struct store_backup *b)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO backups (at, dir, "
	    "size, with_keys, actor) VALUES (?1, ?2, ?3, ?4, ?5)");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, b->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, b->dir, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, b->size);
	sqlite3_bind_int(stmt, 4, b->with_keys != 0);
	sqlite3_bind_text(stmt, 5, b->actor, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, "record backup");
}

static void
backup_row(sqlite3_stmt *stmt, void *arg)
{
	struct store_backup *b = arg;

	store_col_text(stmt, 0, b->at, sizeof(b->at));
	store_col_text(stmt, 1, b->dir, sizeof(b->dir));
	b->size = sqlite3_column_int64(stmt, 2);
	b->with_keys = sqlite3_column_int(stmt, 3);
	store_col_text(stmt, 4, b->actor, sizeof(b->actor));
}

int
store_backup_last(struct store *st, struct store_backup *out)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT at, dir, size, "
	    "with_keys, actor FROM backups ORDER BY id DESC LIMIT 1");

	memset(out, 0, sizeof(*out));
	if (stmt == NULL)
		return -1;
	return store_row_one(st, stmt, backup_row, out);
}

/* One count(*) of a fixed table name (never user input). */
static long
count_of(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);
	long n = -1;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(stmt, 0);
	else
		store_fail(st, "count");
	sqlite3_finalize(stmt);
	return n;
}

int
store_counts(struct store *st, struct store_counts *c)
{
	c->clerks = count_of(st, "SELECT count(*) FROM clerks");
	c->applications = count_of(st, "SELECT count(*) FROM applications");
	c->audit = count_of(st, "SELECT count(*) FROM audit_events");
	c->persons = count_of(st, "SELECT count(*) FROM persons");
	return c->clerks < 0 || c->applications < 0 || c->audit < 0 ||
	    c->persons < 0 ? -1 : 0;
}
