/*
 * Opening the counter database and keeping its schema current. Every
 * connection gets the same pragmas (WAL, foreign keys, busy timeout,
 * synchronous=FULL so that what a clerk is told is saved survives a crash).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "store_int.h"
#include "store_migrations.h"

int
store_fail(struct store *st, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %s", what,
	    st->db != NULL ? sqlite3_errmsg(st->db) : "no database");
	return -1;
}

int
store_failf(struct store *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->err, sizeof(st->err), fmt, ap);
	va_end(ap);
	return -1;
}

int
store_rollback(struct store *st)
{
	char saved[sizeof(st->err)];

	memcpy(saved, st->err, sizeof(saved));
	store_exec(st, "ROLLBACK");
	memcpy(st->err, saved, sizeof(saved));
	st->audit_pending = 0;
	return -1;
}

int
store_tx(struct store *st, int (*fn)(struct store *, void *), void *arg)
{
	if (store_exec(st, "BEGIN IMMEDIATE") == -1)
		return -1;
	if (fn(st, arg) == -1)
		return store_rollback(st);
	if (store_exec(st, "COMMIT") == -1)
		return store_rollback(st);
	if (st->audit_pending) {
		/* The rows are durable now: the signer may sign them. */
		st->audit_pending = 0;
		if (st->audit_hook != NULL)
			st->audit_hook(st->audit_hook_arg);
	}
	return 0;
}

const char *
store_errmsg(const struct store *st)
{
	return st->err;
}

sqlite3_stmt *
store_prepare(struct store *st, const char *sql)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		store_fail(st, "prepare");
		return NULL;
	}
	return stmt;
}

int
store_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		store_failf(st, "%s", msg != NULL ? msg : "exec failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

void
store_col_text(sqlite3_stmt *stmt, int col, char *buf, size_t size)
{
	const unsigned char *t = sqlite3_column_text(stmt, col);

	strlcpy_m(buf, t != NULL ? (const char *)t : "", size);
}

void
store_timestamp(char buf[21])
{
	time_t now = time(NULL);
	struct tm tm;
	char today[11];

	/* A day fixed by MADOGUCHI_TODAY (tests, demos) is the day the
	 * records carry too, as it is the rules' today, in UTC as stored and
	 * in Japan as shown (era_format_time): the clock's time of day is
	 * squeezed into 01:00-14:59 UTC (10:00-23:59 in Japan), keeping its
	 * order, so records made one after another still sort. */
	if (util_test_switch("MADOGUCHI_TODAY") != NULL)
		now = now - now % 86400 + 3600 + (now % 86400) * 14 / 24;
	gmtime_r(&now, &tm);
	strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (util_test_switch("MADOGUCHI_TODAY") != NULL) {
		util_today(today);
		memcpy(buf, today, 10);
	}
}

int
store_schema_latest(void)
{
	int v = 0;
	const struct store_migration *m;

	for (m = store_migrations_table; m->name != NULL; m++)
		v = m->version;
	return v;
}

static int
store_user_version(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "PRAGMA user_version");
	int v = -1;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

#define STORE_MMAP_SIZE	"2147418112"

static int
store_pragmas(struct store *st, int flags)
{
	sqlite3_busy_timeout(st->db, 5000);
	/* Pages are read from the file's own mapping, shared by every
	 * session's process through the OS page cache, not copied into each
	 * connection's cache: a search of a large registry touches pages no
	 * session has read yet. SQLite caps it at its build's limit (2 GB). */
	if (store_exec(st, "PRAGMA mmap_size = " STORE_MMAP_SIZE) == -1)
		return -1;
	if (flags & STORE_READONLY)
		return store_exec(st, "PRAGMA query_only=ON;");
	return store_exec(st, "PRAGMA journal_mode=WAL;"
	    "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=FULL;");
}

struct store *
store_open(const char *state_dir, int flags, char *err, size_t errlen)
{
	struct store *st;
	struct stat sb;
	char *path;
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE;
	int v;

	if (stat(state_dir, &sb) == -1) {
		snprintf(err, errlen, "state directory %s: %s%s", state_dir,
		    strerror(errno), errno == ENOENT ?
		    " (run madoguchi init)" : "");
		return NULL;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "state directory %s: not a directory",
		    state_dir);
		return NULL;
	}
	path = state_path(state_dir, STATE_DB);
	if ((flags & STORE_CREATE) == 0 && access(path, F_OK) == -1) {
		snprintf(err, errlen, "%s: no database (run madoguchi init)",
		    path);
		free(path);
		return NULL;
	}
	oflags |= SQLITE_OPEN_FULLMUTEX;
	if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	st = xcalloc(1, sizeof(*st));
	if (sqlite3_open_v2(path, &st->db, oflags, NULL) != SQLITE_OK ||
	    store_pragmas(st, flags) == -1 || store_registry_functions(st) == -1) {
		snprintf(err, errlen, "%s: %s", path, st->db != NULL ?
		    sqlite3_errmsg(st->db) : "cannot open");
		free(path);
		store_close(st);
		return NULL;
	}
	free(path);
	/* Keep -wal and -shm after the last close: madoguchi-auditd opens
	 * the file read only and cannot make them (mk/users.sh gives them
	 * their owner and group once; a writer never deletes them). */
	if ((flags & STORE_READONLY) == 0) {
		int persist = 1;

		sqlite3_file_control(st->db, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &persist);
	}
	v = store_user_version(st);
	if ((flags & (STORE_NOMIGRATE | STORE_CREATE)) == 0 &&
	    v != store_schema_latest()) {
		snprintf(err, errlen, "database schema is version %d, this "
		    "program needs %d (run madoguchi init to migrate)", v,
		    store_schema_latest());
		store_close(st);
		return NULL;
	}
	/* Rows written by hand since get their search keys; a database busy
	 * now gives them at the next open, so it is no reason to fail. */
	if ((flags & (STORE_READONLY | STORE_NOMIGRATE | STORE_CREATE)) == 0)
		(void)store_person_keys_fill(st);
	return st;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	free(st);
}

int
store_migrate(struct store *st, int *from, int *to)
{
	const struct store_migration *m;
	int v = store_user_version(st);

	if (v < 0)
		return -1;
	if (from != NULL)
		*from = v;
	if (v > store_schema_latest())
		return store_failf(st, "database schema %d is newer than this "
		    "program (%d)", v, store_schema_latest());
	for (m = store_migrations_table; m->name != NULL; m++) {
		char pragma[64];

		if (m->version <= v)
			continue;
		if (store_exec(st, "BEGIN IMMEDIATE") == -1)
			return -1;
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d",
		    m->version);
		if (store_exec(st, m->sql) == -1 ||
		    store_exec(st, pragma) == -1) {
			char saved[sizeof(st->err)];

			memcpy(saved, st->err, sizeof(saved));
			store_rollback(st);
			return store_failf(st, "migration %s: %s", m->name,
			    saved);
		}
		if (store_exec(st, "COMMIT") == -1)
			return -1;
		v = m->version;
	}
	if (to != NULL)
		*to = v;
	return 0;
}

int
store_setting_get(struct store *st, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT value FROM settings WHERE key = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_col_text(stmt, 0, buf, size);
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_fail(st, "setting");
	sqlite3_finalize(stmt);
	return rc;
}

long
store_setting_int(struct store *st, const char *key, long def)
{
	char buf[64], *end;
	long v;

	if (store_setting_get(st, key, buf, sizeof(buf)) != 0)
		return def;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno != 0 || end == buf || *end != '\0')
		return def;
	return v;
}

int
store_setting_set(struct store *st, const char *key, const char *value)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt) == SQLITE_DONE ? 0 : store_fail(st, "setting");
	sqlite3_finalize(stmt);
	return rc;
}
