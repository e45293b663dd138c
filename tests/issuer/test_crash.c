/*
 * Crash safety of the CA database, SQLite style: for every step N of a
 * write, a forked child runs it with MADOGUCHI_CA_CRASH_AT=N and is killed
 * (_exit) right after step N. The parent then checks that the database is
 * whole and consistent (no orphan serial, no duplicate, every cert with its
 * request and event), and that a retry with the same request id completes:
 * the same cert if the first one had committed, else a new one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "it.h"

#define ISSUE_STEPS	7	/* step 7 is right after the commit */
#define CHANGE_STEPS	6	/* step 6: committed, CRL file not yet written */

static long
db_count(sqlite3 *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (arg != NULL)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Whole-database invariants, with a fresh connection as after a reboot. */
static void
check_consistent(void)
{
	char path[4096];
	sqlite3 *db;
	sqlite3_stmt *st;

	snprintf(path, sizeof(path), "%s/ca/ca.db", it_state());
	CU_ASSERT_EQUAL_FATAL(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &st, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
	CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	/* Every cert has its issue request and exactly one issue event. */
	CU_ASSERT_EQUAL(db_count(db, "SELECT count(*) FROM certs c WHERE NOT "
	    "EXISTS (SELECT 1 FROM requests r WHERE r.request_id = c.request_id"
	    " AND r.serial = c.serial AND r.op = 1)", NULL), 0);
	CU_ASSERT_EQUAL(db_count(db, "SELECT count(*) FROM certs c WHERE "
	    "(SELECT count(*) FROM events e WHERE e.serial = c.serial AND "
	    "e.op = 1) != 1", NULL), 0);
	/* Every request and event points at a cert that exists. */
	CU_ASSERT_EQUAL(db_count(db, "SELECT count(*) FROM requests r WHERE "
	    "r.op BETWEEN 1 AND 4 AND NOT EXISTS (SELECT 1 FROM certs c WHERE "
	    "c.serial = r.serial)", NULL), 0);
	CU_ASSERT_EQUAL(db_count(db, "SELECT count(*) FROM events e WHERE NOT "
	    "EXISTS (SELECT 1 FROM certs c WHERE c.serial = e.serial)", NULL), 0);
	/* A cert's state is the new state of its last event. */
	CU_ASSERT_EQUAL(db_count(db, "SELECT count(*) FROM certs c WHERE "
	    "c.state != (SELECT new_state FROM events e WHERE e.serial = "
	    "c.serial ORDER BY id DESC LIMIT 1)", NULL), 0);
	sqlite3_close(db);
}

static long
count_for(const char *sql, const char *arg)
{
	char path[4096];
	sqlite3 *db;
	long n;

	snprintf(path, sizeof(path), "%s/ca/ca.db", it_state());
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	n = db_count(db, sql, arg);
	sqlite3_close(db);
	return n;
}

/* Run fn in a child that is killed after step n; 1 if it died there. */
static int
crash_at(int n, void (*fn)(const void *), const void *arg)
{
	char val[16];
	pid_t pid;
	int status;
	size_t len;

	/* Make the fixtures here, not in the child. */
	(void)it_state();
	(void)it_spki("k1", &len);
	fflush(NULL);
	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		snprintf(val, sizeof(val), "%d", n);
		setenv("MADOGUCHI_CA_CRASH_AT", val, 1);
		fn(arg);
		_exit(0);	/* the step was never reached */
	}
	if (waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 99;
}

static void
child_issue(const void *arg)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;

	it_req(&r, ISSUER_KIND_SIGNATURE, arg);
	(void)issuer_issue(iss, &r, NULL);
	issuer_close(iss);
}

static void
test_crash_issue(void)
{
	int n;

	for (n = 1; n <= ISSUE_STEPS; n++) {
		char id[32];
		struct issuer *iss;
		struct issuer_issue_req r;
		struct issuer_request fr;
		struct issuer_cert *c = NULL;
		enum issuer_status fst;

		snprintf(id, sizeof(id), "crash-issue-%d", n);
		CU_ASSERT_FATAL(crash_at(n, child_issue, id));
		check_consistent();
		CU_ASSERT_EQUAL(count_for("SELECT count(*) FROM certs WHERE "
		    "request_id = ?", id), n >= ISSUE_STEPS ? 1 : 0);
		iss = it_open();
		fst = issuer_find_by_request(iss, id, &fr);
		CU_ASSERT_EQUAL(fst, n >= ISSUE_STEPS ? ISSUER_OK :
		    ISSUER_E_NOT_FOUND);
		it_req(&r, ISSUER_KIND_SIGNATURE, id);
		CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
		if (fst == ISSUER_OK)
			CU_ASSERT_STRING_EQUAL(c->serial, fr.serial);
		CU_ASSERT_EQUAL(count_for("SELECT count(*) FROM certs WHERE "
		    "request_id = ?", id), 1);
		CU_ASSERT_EQUAL(it_verify(it_pem(c, "crash"), 1, NULL), 0);
		check_consistent();
		issuer_cert_free(c);
		issuer_close(iss);
	}
}

struct change_arg {
	const char	*id;
	const char	*serial;
	enum issuer_op	 op;
};

static void
child_change(const void *p)
{
	const struct change_arg *a = p;
	struct issuer *iss = it_open();

	if (a->op == ISSUER_OP_HOLD)
		(void)issuer_hold(iss, a->id, a->serial, NULL, NULL);
	else
		(void)issuer_revoke(iss, a->id, a->serial,
		    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL);
	issuer_close(iss);
}

/* The CRL file named in the certs (DER) lists serial. */
static int
crl_file_lists(const char *serial)
{
	char *out = test_output(NULL, "openssl crl -inform DER -in "
	    "'%s/ca/crl/signature.crl' -noout -text", it_state());
	int found = strstr(out, serial) != NULL;

	free(out);
	return found;
}

static void
crash_change(enum issuer_op op, const char *tag)
{
	int n;

	for (n = 1; n <= CHANGE_STEPS; n++) {
		struct issuer *iss = it_open();
		struct issuer_issue_req r;
		struct issuer_cert *c = NULL, *s = NULL;
		char issue_id[48], id[48];
		struct change_arg a;
		enum issuer_state want = op == ISSUER_OP_HOLD ?
		    ISSUER_STATE_ON_HOLD : ISSUER_STATE_REVOKED;

		snprintf(issue_id, sizeof(issue_id), "%s-issue-%d", tag, n);
		snprintf(id, sizeof(id), "%s-%d", tag, n);
		it_req(&r, ISSUER_KIND_SIGNATURE, issue_id);
		CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
		issuer_close(iss);
		a.id = id;
		a.serial = c->serial;
		a.op = op;
		CU_ASSERT_FATAL(crash_at(n, child_change, &a));
		check_consistent();
		/* Killed before its commit, nothing is published; after it,
		 * the next open of the CA writes the CRL file it missed. */
		CU_ASSERT_FALSE(crl_file_lists(c->serial));
		iss = it_open();
		CU_ASSERT_EQUAL(crl_file_lists(c->serial), n >= CHANGE_STEPS);
		CU_ASSERT_EQUAL(issuer_status_get(iss, c->serial, NULL, &s),
		    ISSUER_OK);
		/* Before the commit nothing changed; after it, all of it. */
		CU_ASSERT_EQUAL(s->state, n >= CHANGE_STEPS ? want :
		    ISSUER_STATE_VALID);
		issuer_cert_free(s);
		s = NULL;
		CU_ASSERT_EQUAL(op == ISSUER_OP_HOLD ?
		    issuer_hold(iss, id, c->serial, NULL, &s) :
		    issuer_revoke(iss, id, c->serial,
		    ISSUER_REASON_KEY_COMPROMISE, NULL, &s), ISSUER_OK);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_EQUAL(s->state, want);
		CU_ASSERT_EQUAL(count_for("SELECT count(*) FROM events WHERE "
		    "request_id = ?", id), 1);
		/* The retry also brought the CRL file up to date. */
		CU_ASSERT(crl_file_lists(c->serial));
		check_consistent();
		issuer_cert_free(s);
		issuer_cert_free(c);
		issuer_close(iss);
	}
}

static void
test_crash_hold(void)
{
	crash_change(ISSUER_OP_HOLD, "crash-hold");
}

static void
test_crash_revoke(void)
{
	crash_change(ISSUER_OP_REVOKE, "crash-revoke");
}

/* A step number past the last one is never reached: the hook is inert. */
static void
test_crash_hook_inert(void)
{
	CU_ASSERT_FALSE(crash_at(ISSUE_STEPS + 1, child_issue, "crash-none"));
	CU_ASSERT_EQUAL(count_for("SELECT count(*) FROM certs WHERE "
	    "request_id = ?", "crash-none"), 1);
	check_consistent();
}

/* Two processes submit the same 40 requests at once (a double-click, a
 * retry racing the first try): every call succeeds in both, and each
 * request id has exactly one cert. */
static void
test_two_processes_same_ids(void)
{
	enum { N = 40 };
	pid_t pid[2];
	int i, k, status;
	size_t len;

	(void)it_state();
	(void)it_spki("k1", &len);
	fflush(NULL);
	for (k = 0; k < 2; k++) {
		if ((pid[k] = fork()) == 0) {
			struct issuer *iss = it_open();
			struct issuer_issue_req r;
			char id[32];
			int bad = 0;

			for (i = 0; i < N; i++) {
				snprintf(id, sizeof(id), "race-%d", i);
				it_req(&r, ISSUER_KIND_USER, id);
				bad |= issuer_issue(iss, &r, NULL) != ISSUER_OK;
			}
			issuer_close(iss);
			_exit(bad);
		}
		CU_ASSERT_FATAL(pid[k] > 0);
	}
	for (k = 0; k < 2; k++) {
		CU_ASSERT_EQUAL(waitpid(pid[k], &status, 0), pid[k]);
		CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	CU_ASSERT_EQUAL(count_for("SELECT count(*) FROM certs WHERE "
	    "request_id LIKE ?", "race-%"), N);
	check_consistent();
}

static CU_TestInfo crash_tests[] = {
	{ "two processes, same request ids at once", test_two_processes_same_ids },
	{ "issue killed after each step, then retried", test_crash_issue },
	{ "hold killed after each step, then retried", test_crash_hold },
	{ "revoke killed after each step, then retried", test_crash_revoke },
	{ "crash hook past the last step does nothing", test_crash_hook_inert },
	CU_TEST_INFO_NULL
};
TEST_SUITE(issuer_crash, "issuer.crash", crash_tests)
