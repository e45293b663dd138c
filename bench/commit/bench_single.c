/*
 * bench-commit's one clerk: three series measured in turns, round after
 * round, so that a machine shared with others weighs on each alike: the
 * counter's saves (proc_app_save with the signer notified after each
 * commit, as the UI registers it), the same saves with the commit alone
 * (no hook: what the clerk would wait for with no signer at all), and
 * raw inserts of a save's size into raw.db beside the counter's database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <sqlite3.h>

#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "bench_commit.h"

#define BENCH_ROUNDS	10

struct bench_series {
	int64_t	*lat;		/* per operation, microseconds */
	long	 n;
	int64_t	 us;		/* summed over the rounds */
	int64_t	 cpu_us;	/* this process's CPU, user and system */
};

struct bench_size {
	double	app, audit;	/* bytes of an application, its audit row */
	double	steps;		/* step rows per application */
};

struct bench_raw {
	sqlite3		*db;
	sqlite3_stmt	*stmt;
	unsigned char	*body;
	long		 size;
};

/* This process's CPU time so far, user and system, in microseconds. */
static int64_t
bench_cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (int64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000 +
	    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

static double
bench_rate(const struct bench_series *s)
{
	return s->us > 0 ? (double)s->n * 1e6 / (double)s->us : 0;
}

static void
bench_series_print(struct bench_series *s, const char *label,
    const char *what)
{
	printf("%-10s %ld %s: %.0f %s/s, p50 %.2f ms, p99 %.2f ms, CPU %.2f "
	    "ms each\n", label, s->n, what, bench_rate(s), strcmp(what,
	    "saves") == 0 ? "applications" : "inserts", bench_pct_ms(s->lat,
	    (size_t)s->n, 0.5), bench_pct_ms(s->lat, (size_t)s->n, 0.99),
	    s->n > 0 ? (double)s->cpu_us / (double)s->n / 1000.0 : 0);
}

/* n more saves of the one clerk on st into s, the hook h (NULL: none);
 * -1 when one failed. */
static int
bench_saves(struct bench *b, struct store *st, struct bench_hook *h,
    struct bench_series *s, long n)
{
	struct proc_ctx pc = { .st = st, .actor = "demo", .state_dir = b->dir };
	int64_t t0 = bench_now_us(), c0 = bench_cpu_us(), t, id;
	long end = s->n + n;
	int busy, rc = 0;

	store_set_audit_hook(st, h != NULL ? bench_hook_cb : NULL, h);
	for (; s->n < end; s->n++) {
		t = bench_now_us();
		if (bench_save(&pc, b, &b->persons[(size_t)s->n % b->n_persons],
		    h != NULL ? 1 : 2, s->n, &id, &busy) == -1) {
			fprintf(stderr, "bench-commit: save %ld: %s\n", s->n,
			    store_errmsg(st));
			rc = -1;
			break;
		}
		s->lat[s->n] = bench_now_us() - t;
	}
	s->us += bench_now_us() - t0;
	s->cpu_us += bench_cpu_us() - c0;
	b->acked += n - (end - s->n);
	store_set_audit_hook(st, NULL, NULL);
	return rc;
}

/* The bytes of a table's row: every column's value as stored (text and
 * blobs their length, numbers their digits), averaged over the rows
 * `where` picks. */
static double
bench_row_bytes(sqlite3 *db, const char *table, const char *where)
{
	char sql[4096], q[128];
	sqlite3_stmt *stmt;
	size_t n;
	double v = 0;

	n = (size_t)snprintf(sql, sizeof(sql), "SELECT avg(0");
	snprintf(q, sizeof(q), "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(db, q, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(stmt) == SQLITE_ROW && n < sizeof(sql) - 200)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n,
		    " + coalesce(length(CAST(\"%s\" AS BLOB)), 0)",
		    (const char *)sqlite3_column_text(stmt, 1));
	sqlite3_finalize(stmt);
	snprintf(sql + n, sizeof(sql) - n, ") FROM %s %s", table, where);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_double(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

static double
bench_scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	double v = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_double(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* What a save wrote, from the rows saved so far (a connection of its
 * own, closed again): the application and its audit row in bytes, the
 * step rows per application; the first two's sum returned. */
static long
bench_save_size(const struct bench *b, struct bench_size *z)
{
	char path[128];
	sqlite3 *db;

	memset(z, 0, sizeof(*z));
	snprintf(path, sizeof(path), "%s/%s", b->dir, STATE_DB);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK) {
		z->app = bench_row_bytes(db, "applications", "");
		z->audit = bench_row_bytes(db, "audit_events", "WHERE kind = "
		    "'application.save'");
		z->steps = bench_scalar(db, "SELECT CAST(count(*) AS REAL) / "
		    "(SELECT count(*) FROM applications) FROM app_effects");
	}
	sqlite3_close(db);
	return (long)(z->app + z->audit + 0.5);
}

/* raw.db beside the counter's database, WAL at synchronous=FULL as the
 * store sets it, a plain table of one blob, and a row of size bytes. */
static int
bench_raw_open(const struct bench *b, struct bench_raw *r, long size)
{
	char path[128];
	long i;

	r->size = size > 0 ? size : 1;
	r->body = xcalloc((size_t)r->size, 1);
	for (i = 0; i < r->size; i++)	/* bytes that vary, as rows' do */
		r->body[i] = (unsigned char)(' ' + (i * 7919 + 13) % 95);
	snprintf(path, sizeof(path), "%s/raw.db", b->dir);
	if (sqlite3_open(path, &r->db) != SQLITE_OK ||
	    sqlite3_exec(r->db, "PRAGMA journal_mode=WAL;"
	    "PRAGMA synchronous=FULL; CREATE TABLE raw (id INTEGER PRIMARY "
	    "KEY, body BLOB NOT NULL)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "INSERT INTO raw (body) VALUES (?1)", -1,
	    &r->stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench-commit: %s: %s\n", path,
		    sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

static void
bench_raw_close(struct bench_raw *r)
{
	sqlite3_finalize(r->stmt);
	sqlite3_close(r->db);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* n more rows, one transaction each (BEGIN IMMEDIATE as the store). */
static int
bench_raw_inserts(struct bench_raw *r, struct bench_series *s, long n)
{
	int64_t t0 = bench_now_us(), c0 = bench_cpu_us(), t;
	long end = s->n + n;
	int rc = 0;

	for (; s->n < end; s->n++) {
		t = bench_now_us();
		sqlite3_bind_blob(r->stmt, 1, r->body, (int)r->size,
		    SQLITE_STATIC);
		if (sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK || sqlite3_step(r->stmt) != SQLITE_DONE ||
		    sqlite3_reset(r->stmt) != SQLITE_OK ||
		    sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			fprintf(stderr, "bench-commit: raw insert: %s\n",
			    sqlite3_errmsg(r->db));
			rc = -1;
			break;
		}
		s->lat[s->n] = bench_now_us() - t;
	}
	s->us += bench_now_us() - t0;
	s->cpu_us += bench_cpu_us() - c0;
	return rc;
}

/* The rounds: each series a part of count in turn; the raw row's size
 * from the saves of the first round. */
static int
bench_rounds(struct bench *b, struct store *st, struct bench_series *s,
    struct bench_hook *h, struct bench_size *z)
{
	struct bench_raw raw = { 0 };
	long part, r;
	int rc = 0;

	for (r = 0; r < BENCH_ROUNDS && rc == 0; r++) {
		part = b->count / BENCH_ROUNDS + (r < b->count % BENCH_ROUNDS);
		if (part == 0)
			continue;
		rc = bench_saves(b, st, h, &s[0], part);
		if (rc == 0)
			rc = bench_saves(b, st, NULL, &s[1], part);
		if (rc == 0 && raw.db == NULL)
			rc = bench_raw_open(b, &raw, bench_save_size(b, z));
		if (rc == 0)
			rc = bench_raw_inserts(&raw, &s[2], part);
	}
	bench_raw_close(&raw);
	return rc;
}

static void
bench_single_print(struct bench_series *s, const struct bench_hook *h,
    const struct bench_size *z)
{
	double raw = bench_rate(&s[2]);

	bench_series_print(&s[0], "saved", "saves");
	if (h->calls > 0)
		printf("           of which notifying madoguchi-auditd: "
		    "%.2f ms a save (%ld not notified)\n",
		    (double)h->us / (double)h->calls / 1000.0, h->failed);
	bench_series_print(&s[1], "commit", "saves");
	printf("           (commit: the same saves with no signer asked, the "
	    "store's transaction alone)\n");
	printf("size       an application %.0f bytes + its audit row %.0f "
	    "bytes = %.0f bytes a save\n           (each save also writes %.1f "
	    "step rows and a card row, not counted)\n", z->app, z->audit,
	    z->app + z->audit, z->steps);
	bench_series_print(&s[2], "raw", "inserts");
	printf("           (raw: rows of %.0f bytes into raw.db, one "
	    "transaction each)\n", z->app + z->audit);
	if (raw > 0)
		printf("ratio      saved/raw %.2f, commit/raw %.2f (target: "
		    "saved/raw at least 0.5)\n", bench_rate(&s[0]) / raw,
		    bench_rate(&s[1]) / raw);
}

int
bench_single_run(struct bench *b)
{
	struct bench_hook h = { b->dir, 0, 0, 0 };
	struct bench_series s[3];
	struct bench_size z;
	struct store_clerk c;
	struct store *st;
	char err[512];
	int i, rc = -1;

	if ((st = store_open(b->dir, 0, err, sizeof(err))) == NULL ||
	    store_clerk_by_login(st, "demo", &c) != 0) {
		fprintf(stderr, "bench-commit: %s\n", st == NULL ? err :
		    "no demo clerk");
		store_close(st);
		return -1;
	}
	b->clerk_id = c.id;
	bench_persons(st, b);
	printf("one clerk, %zu demo persons the rules accept an issue for, "
	    "state in %s, %d rounds\n", b->n_persons, b->dir, BENCH_ROUNDS);
	memset(s, 0, sizeof(s));
	for (i = 0; i < 3; i++)
		s[i].lat = xcalloc((size_t)b->count, sizeof(int64_t));
	if (b->n_persons > 0 && bench_rounds(b, st, s, &h, &z) == 0) {
		bench_single_print(s, &h, &z);
		rc = 0;
	}
	store_close(st);
	for (i = 0; i < 3; i++)
		free(s[i].lat);
	return rc;
}
