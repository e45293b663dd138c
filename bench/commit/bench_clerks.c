/*
 * bench-commit's many clerks: one process per clerk, forked after the
 * setup with no SQLite connection open (each opens its own store, as a
 * session does), all released at once through a pipe. What each saw goes
 * into shared memory: per clerk its counts, per save its latency and the
 * application id acknowledged. Afterwards every acknowledged id is looked
 * for in the database and the audit trail is verified against its head.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "bench_commit.h"

struct clerk_slot {
	long	ok, failed;
	long	busy;		/* saves refused locked, tried again */
	long	hook_calls, hook_failed;
	int64_t	hook_us;
	char	why[160];	/* the first failure */
};

struct clerk_shm {
	struct clerk_slot	*slots;
	int64_t			*lat, *ids;	/* per save: clerk k, save i */
	size_t			 size;
};

static int
clerks_shm(struct clerk_shm *m, const struct bench *b)
{
	size_t n = (size_t)(b->clerks * b->per_clerk);
	char *p;

	m->size = (size_t)b->clerks * sizeof(*m->slots) + 2 * n *
	    sizeof(int64_t);
	p = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED |
	    MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	m->lat = (int64_t *)p;
	m->ids = m->lat + n;
	m->slots = (struct clerk_slot *)(m->ids + n);
	return 0;
}

/* Save i of clerk k, tried again while the store says it is locked. */
static void
clerks_save(struct proc_ctx *pc, const struct bench *b, int k, long i,
    struct clerk_shm *m)
{
	struct clerk_slot *s = &m->slots[k];
	size_t at = (size_t)(k * b->per_clerk + i);
	int64_t t = bench_now_us(), id;
	int tries, busy = 0;

	for (tries = 0; tries < BENCH_TRIES; tries++) {
		if (bench_save(pc, b, &b->persons[at % b->n_persons],
		    (b->signer ? 100 : 600) + k, i, &id, &busy) == 0) {
			m->lat[at] = bench_now_us() - t;
			m->ids[at] = id;
			s->ok++;
			return;
		}
		if (!busy)
			break;
		s->busy++;
	}
	if (s->failed++ == 0)
		strlcpy_m(s->why, store_errmsg(pc->st), sizeof(s->why));
}

static void
clerks_child(const struct bench *b, int k, struct clerk_shm *m, int ready,
    int go)
{
	struct bench_hook h = { b->dir, 0, 0, 0 };
	struct clerk_slot *s = &m->slots[k];
	struct proc_ctx pc = { .actor = "demo", .state_dir = b->dir };
	char err[512], one = 1;
	long i;

	if ((pc.st = store_open(b->dir, 0, err, sizeof(err))) == NULL) {
		s->failed = b->per_clerk;
		strlcpy_m(s->why, err, sizeof(s->why));
	} else if (b->signer)
		store_set_audit_hook(pc.st, bench_hook_cb, &h);
	if (write(ready, &one, 1) != 1 || pc.st == NULL)
		_exit(1);
	while (read(go, &one, 1) == -1 && errno == EINTR)
		;	/* 0: the parent let go */
	for (i = 0; i < b->per_clerk; i++)
		clerks_save(&pc, b, k, i, m);
	s->hook_calls = h.calls;
	s->hook_failed = h.failed;
	s->hook_us = h.us;
	store_close(pc.st);
	_exit(0);
}

/* The clerks forked, let go together once all are ready, waited for
 * (by pid: madoguchi-auditd is a child too): the seconds from letting
 * go to the last one done; -1 when none ran. */
static double
clerks_fork(const struct bench *b, struct clerk_shm *m)
{
	pid_t *pids = xcalloc((size_t)b->clerks, sizeof(*pids));
	int ready[2], go[2];
	long k, started = 0;
	int64_t t0;
	char c;

	if (pipe(ready) == -1 || pipe(go) == -1) {
		free(pids);
		return -1;
	}
	for (k = 0; k < b->clerks; k++) {
		if ((pids[k] = fork()) == -1)
			break;
		if (pids[k] == 0) {
			close(ready[0]);
			close(go[1]);
			clerks_child(b, (int)k, m, ready[1], go[0]);
		}
		started++;
	}
	close(ready[1]);
	close(go[0]);
	for (k = 0; k < started && read(ready[0], &c, 1) == 1; k++)
		;
	t0 = bench_now_us();
	close(go[1]);
	for (k = 0; k < started; k++)
		while (waitpid(pids[k], NULL, 0) == -1 && errno == EINTR)
			;
	close(ready[0]);
	free(pids);
	return started > 0 ? (double)(bench_now_us() - t0) / 1e6 : -1;
}

/* The clerks' figures; the saves acknowledged. */
static long
clerks_report(const struct bench *b, struct clerk_shm *m, double secs)
{
	struct clerk_slot t = { 0 };
	const char *why = "";
	long k, i, n = 0;

	for (k = 0; k < b->clerks; k++) {
		struct clerk_slot *s = &m->slots[k];

		/* The latencies of the acknowledged saves, packed. */
		for (i = 0; i < b->per_clerk; i++)
			if (m->ids[k * b->per_clerk + i] > 0)
				m->lat[n++] = m->lat[k * b->per_clerk + i];
		t.ok += s->ok;
		t.failed += s->failed;
		t.busy += s->busy;
		t.hook_calls += s->hook_calls;
		t.hook_failed += s->hook_failed;
		t.hook_us += s->hook_us;
		if (*why == '\0')
			why = s->why;
	}
	printf("%-10s %ld clerks x %ld saves at once: %ld acknowledged in "
	    "%.1f s: %.0f applications/s, p50 %.2f ms, p99 %.2f ms\n",
	    b->signer ? "clerks" : "commit", b->clerks, b->per_clerk, t.ok,
	    secs, secs > 0 ? (double)t.ok / secs : 0,
	    bench_pct_ms(m->lat, (size_t)n, 0.5),
	    bench_pct_ms(m->lat, (size_t)n, 0.99));
	printf("           busy (store locked past its busy timeout, tried "
	    "again): %ld; failed: %ld", t.busy, t.failed);
	printf(*why != '\0' ? " (first: %s)\n" : "%s\n", why);
	if (t.hook_calls > 0)
		printf("           notifying madoguchi-auditd: "
		    "%.2f ms a save (%ld not notified)\n", (double)t.hook_us /
		    (double)t.hook_calls / 1000.0, t.hook_failed);
	return t.ok;
}

static long
clerks_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = (long)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return v;
}

/* The acknowledged saves of a part (ids, 0 where none) not in the
 * database as accepted, added to b->missing; a connection of its own,
 * closed again before any fork. */
static void
clerks_missing(struct bench *b, const int64_t *ids, size_t n)
{
	struct store_app *a = xmalloc(sizeof(*a));
	struct store *st;
	char err[512];
	size_t i;

	if ((st = store_open(b->dir, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench-commit: %s\n", err);
		b->missing += (long)n;
	}
	for (i = 0; st != NULL && i < n; i++)
		if (ids[i] > 0 && (store_app_get(st, ids[i], a) != 0 ||
		    strcmp(a->state, "accepted") != 0))
			b->missing++;
	store_close(st);
	free(a);
}

/* The rows of every part against the saves acknowledged. */
static void
clerks_totals(const struct bench *b)
{
	char path[128];
	long apps = -1, audits = -1;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", b->dir, STATE_DB);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK) {
		apps = clerks_count(db, "SELECT count(*) FROM applications");
		audits = clerks_count(db, "SELECT count(*) FROM audit_events "
		    "WHERE kind = 'application.save' AND object IN (SELECT "
		    "request_id FROM applications)");
	}
	sqlite3_close(db);
	printf("check      acknowledged saves of the clerks missing: %ld; "
	    "applications in the database %ld, their audit rows %ld, saves "
	    "acknowledged %ld (%s)\n", b->missing, apps, audits, b->acked,
	    b->missing == 0 && apps == b->acked && audits == b->acked ?
	    "all there" : "DIFFERENT");
}

/* The trail against its head, once madoguchi-auditd has signed the last
 * rows (the audit verify command's check). */
static void
clerks_trail(const struct bench *b, struct store *st)
{
	struct audit_report r;
	struct audit_head h;
	char err[320];
	int unreachable;

	if (audit_client_request(b->dir, AUDIT_REQ_ADVANCE, &h, &unreachable,
	    err, sizeof(err)) == -1)
		printf("check      madoguchi-auditd: %s\n", err);
	if (audit_verify(st, b->dir, &r) == -1) {
		printf("check      audit trail not verified: %s\n",
		    store_errmsg(st));
		return;
	}
	printf("check      audit trail: %lld entries checked, %lld signed, "
	    "%lld not yet signed: %s\n", (long long)r.checked,
	    (long long)r.head.count, (long long)r.unsigned_tail,
	    r.verdict == AUDIT_INTACT ? "intact" : r.why);
}

/* One part of the clerks, the signer asked or not (b->signer). */
static int
clerks_part(struct bench *b, struct clerk_shm *m)
{
	double secs;

	memset(m->lat, 0, m->size);
	if ((secs = clerks_fork(b, m)) < 0) {
		fprintf(stderr, "bench-commit: no clerk could start\n");
		return -1;
	}
	b->acked += clerks_report(b, m, secs);
	clerks_missing(b, m->ids, (size_t)(b->clerks * b->per_clerk));
	return 0;
}

int
bench_clerks_run(struct bench *b)
{
	struct clerk_shm m;
	struct store *st;
	char err[512];
	int rc = -1;

	if (clerks_shm(&m, b) == -1) {
		fprintf(stderr, "bench-commit: no shared memory\n");
		return -1;
	}
	b->signer = 1;
	if (clerks_part(b, &m) == 0) {
		b->signer = 0;
		if (clerks_part(b, &m) == 0)
			printf("           (commit: the same with no signer "
			    "asked)\n");
		clerks_totals(b);
		if ((st = store_open(b->dir, 0, err, sizeof(err))) == NULL)
			fprintf(stderr, "bench-commit: %s\n", err);
		else {
			clerks_trail(b, st);
			store_close(st);
			rc = 0;
		}
	}
	munmap(m.lat, m.size);
	return rc;
}
