/*
 * The idle lock end to end: after session.idle_timeout_s without a key the
 * clerk's screen is covered (nothing of the work shown), the first lock
 * asks for a new unlock code twice, the right code brings the same screen
 * back with what was typed, a wrong one (another clerk's too) is refused,
 * too many end the session (audited session.unlock_failed), and
 * session.lock_timeout_s ends a locked session. The codes are stored as
 * salted hashes: two clerks with the same code have different rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "golden.h"
#include "testlib.h"
#include "../server/harness.h"

#define WAIT_MS		10000
#define LOCK_MS		8000	/* the idle timeout (2 s) and some */
#define LOCKED		"離席中のため画面をロックしました"
#define SEARCH		"本人・申請の検索"

static int
wait_text(struct vt *v, const char *text, int ms)
{
	if (vt_wait_text(v, text, ms))
		return 1;
	vt_dump(v, text);
	return 0;
}

static struct store *
open_store(struct hs *h)
{
	char err[256];
	struct store *st = store_open(h->state, 0, err, sizeof(err));

	if (st == NULL)
		fprintf(stderr, "store: %s\n", err);
	return st;
}

/* Audit rows of kind by actor (a LIKE pattern). */
static int
audit_rows(struct hs *h, const char *kind, const char *actor)
{
	char *out;
	int st = -1, n;

	out = test_output(&st, "sqlite3 '%s/madoguchi.db' \"SELECT count(*) "
	    "FROM audit_events WHERE kind = '%s' AND actor LIKE '%s'\"",
	    h->state, kind, actor);
	n = out != NULL && st == 0 ? atoi(out) : -1;
	free(out);
	return n;
}

static void
code_enter(struct vt *v, const char *code)
{
	vt_type(v, code);
	vt_key(v, VT_KEY_ENTER);
}

/* The client's exit code within ms, or -1. */
static int
exit_code(struct vt *v, int ms)
{
	int status;

	if (!vt_wait_exit(v, ms, &status) || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Idle with a search typed: locked, the form's text gone from the
 * terminal; the first lock sets the code (asked twice, a mismatch and a
 * short code refused), unlocking to the same form with its text; the
 * next lock refuses a wrong code and opens with the right one. */
static void
test_lock_unlock(void)
{
	static const char *const settings[] = { "session.idle_timeout_s=2",
	    "session.lock_timeout_s=60", NULL };
	struct hs *h = hs_start(settings);
	struct store *st;
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(wait_text(v, HS_UI_READY, WAIT_MS));
	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(wait_text(v, SEARCH, WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "やまだ");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "ヤマダ", WAIT_MS));
	CU_ASSERT_TRUE_FATAL(wait_text(v, LOCKED, LOCK_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "ヤマダ"));
	CU_ASSERT_FALSE(vt_has_text(v, SEARCH));
	CU_ASSERT_TRUE(vt_has_text(v, HS_DEMO_NAME));
	CU_ASSERT_TRUE(vt_has_text(v, "解除コードがまだありません"));
	code_enter(v, "abc");
	CU_ASSERT_TRUE(wait_text(v, "4-16 文字です", WAIT_MS));
	code_enter(v, "open-sesame1");
	CU_ASSERT_TRUE(wait_text(v, "もう一度入力してください", WAIT_MS));
	code_enter(v, "open-sesame2");
	CU_ASSERT_TRUE(wait_text(v, "2 回の入力が一致しません", WAIT_MS));
	code_enter(v, "open-sesame1");
	CU_ASSERT_TRUE(wait_text(v, "もう一度入力してください", WAIT_MS));
	code_enter(v, "open-sesame1");
	CU_ASSERT_TRUE(wait_text(v, SEARCH, WAIT_MS));
	CU_ASSERT_TRUE(wait_text(v, "ヤマダ", WAIT_MS));
	CU_ASSERT_EQUAL(audit_rows(h, "session.unlock_set", "demo"), 1);
	/* Locked again: the code is asked for now. */
	CU_ASSERT_TRUE_FATAL(wait_text(v, "解除コードを入力して", LOCK_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "ヤマダ"));
	CU_ASSERT_TRUE(golden_check(v, "lock", NULL, 0, WAIT_MS));
	code_enter(v, "open-sesame2");
	CU_ASSERT_TRUE(wait_text(v, "解除コードが違います", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "あと 4 回"));
	CU_ASSERT_FALSE(vt_has_text(v, "ヤマダ"));
	code_enter(v, "open-sesame1");
	CU_ASSERT_TRUE(wait_text(v, SEARCH, WAIT_MS));
	CU_ASSERT_TRUE(wait_text(v, "ヤマダ", WAIT_MS));
	/* The code never reaches the logs. */
	CU_ASSERT_EQUAL(test_system("grep -rq open-sesame '%s/log' '%s'",
	    h->state, h->log), 1);
	st = open_store(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "demo", "open-sesame1"), 1);
	store_close(st);
	vt_key(v, VT_KEY_ESC);
	vt_free(v);
	hs_stop(h);
}

/* Another clerk's code does not open the demo clerk's lock; five wrong
 * codes end the session, audited. */
static void
test_lock_tries(void)
{
	static const char *const settings[] = { "session.idle_timeout_s=2",
	    "session.lock_timeout_s=60", NULL };
	struct hs *h = hs_start(settings);
	char key[600], msg[256];
	struct store *st;
	struct vt *v;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "other", key, sizeof(key)), 0);
	st = open_store(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "demo", "demo-code", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "other", "other-code", msg,
	    sizeof(msg)), 0);
	store_close(st);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(wait_text(v, HS_UI_READY, WAIT_MS));
	CU_ASSERT_TRUE_FATAL(wait_text(v, "解除コードを入力して", LOCK_MS));
	code_enter(v, "other-code");
	CU_ASSERT_TRUE(wait_text(v, "あと 4 回", WAIT_MS));
	for (i = 2; i <= 4; i++) {
		char left[32];

		snprintf(left, sizeof(left), "あと %d 回", 5 - i);
		code_enter(v, "wrong-code");
		CU_ASSERT_TRUE(wait_text(v, left, WAIT_MS));
	}
	code_enter(v, "wrong-code");
	CU_ASSERT_TRUE(wait_text(v, "解除コードを続けて間違えたため", WAIT_MS));
	CU_ASSERT_NOT_EQUAL(exit_code(v, WAIT_MS), -1);
	CU_ASSERT_EQUAL(audit_rows(h, "session.unlock_failed", "demo"), 1);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo", NULL));
	vt_free(v);
	hs_stop(h);
}

/* A lock not opened within session.lock_timeout_s ends the session; the
 * server's own idle cut did not end it first. */
static void
test_lock_timeout(void)
{
	static const char *const settings[] = { "session.idle_timeout_s=1",
	    "session.lock_timeout_s=3", "server.idle_margin_s=1", NULL };
	struct hs *h = hs_start(settings);
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(wait_text(v, HS_UI_READY, WAIT_MS));
	CU_ASSERT_TRUE_FATAL(wait_text(v, LOCKED, LOCK_MS));
	CU_ASSERT_TRUE(wait_text(v, "操作がなかったため、終了しました",
	    WAIT_MS));
	CU_ASSERT_EQUAL(exit_code(v, WAIT_MS), 0);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo", "logout",
	    NULL));
	vt_free(v);
	hs_stop(h);
}

/* The same code of two clerks: two salts, two hashes, neither the code;
 * each verifies for its own clerk only; a bad form is refused. */
static void
test_lock_hash(void)
{
	struct hs *h = hs_start(NULL);
	struct store_unlock a, b;
	char key[600], msg[256], hex[64], *out;
	struct store *st;
	size_t i;
	int status = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "twin", key, sizeof(key)), 0);
	st = open_store(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(proc_unlock_has(st, "demo"), 0);
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "demo", "same-code"), -1);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "demo", "same-code", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "twin", "same-code", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_unlock_has(st, "demo"), 1);
	CU_ASSERT_EQUAL_FATAL(store_unlock_get(st, "demo", &a), 0);
	CU_ASSERT_EQUAL_FATAL(store_unlock_get(st, "twin", &b), 0);
	CU_ASSERT_STRING_EQUAL(a.kdf, "scrypt");
	CU_ASSERT_TRUE(a.cost_n >= 16384);
	CU_ASSERT_STRING_NOT_EQUAL(a.salt, b.salt);
	CU_ASSERT_STRING_NOT_EQUAL(a.hash, b.hash);
	for (i = 0; i < strlen("same-code"); i++)
		snprintf(hex + 2 * i, 3, "%02x", "same-code"[i]);
	CU_ASSERT_PTR_NULL(strstr(a.hash, hex));
	CU_ASSERT_PTR_NULL(strstr(a.hash, "same-code"));
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "demo", "same-code"), 1);
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "twin", "same-code"), 1);
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "demo", "same-cod"), 0);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "demo", "abc", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "4-16 文字"));
	CU_ASSERT_EQUAL(proc_unlock_set(st, "demo", "with space", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_unlock_set(st, "demo", "0123456789abcdefg", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_unlock_verify(st, "demo", "same-code"), 1);
	store_close(st);
	/* A forgotten code: an admin removes it (audited), the clerk sets a
	 * new one at the next lock; the other clerk's stays. */
	out = test_output(&status, "'%s' clerk unlock-reset demo --state '%s' "
	    "2>&1", test_prog("madoguchi"), h->state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "解除コードを消去"
	    "しました") : NULL);
	free(out);
	out = test_output(&status, "'%s' clerk unlock-reset demo --state '%s' "
	    "2>&1", test_prog("madoguchi"), h->state);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "設定していません") :
	    NULL);
	free(out);
	CU_ASSERT_EQUAL(audit_rows(h, "session.unlock_reset", "os:%"), 1);
	st = open_store(h);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(proc_unlock_has(st, "demo"), 0);
	CU_ASSERT_EQUAL(proc_unlock_has(st, "twin"), 1);
	store_close(st);
	hs_stop(h);
}

/* The SSH server passes the test switches on to the UI only when it was
 * started with MADOGUCHI_TESTING=1 (issue 14 item 6): the header's date is
 * the fixed one then, the clock's otherwise. */
static void
server_date(int testing, const char *want, const char *not)
{
	struct hs *h;
	struct vt *v;

	setenv("MADOGUCHI_TODAY", "2042-01-01", 1);
	if (!testing)
		unsetenv("MADOGUCHI_TESTING");
	h = hs_start(NULL);
	setenv("MADOGUCHI_TESTING", "1", 1);
	unsetenv("MADOGUCHI_TODAY");
	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(wait_text(v, HS_UI_READY, WAIT_MS));
	if (want != NULL)
		CU_ASSERT_TRUE(wait_text(v, want, WAIT_MS));
	if (not != NULL)
		CU_ASSERT_FALSE(vt_has_text(v, not));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	hs_stop(h);
}

static void
test_server_switches(void)
{
	char real[11];
	time_t now = time(NULL) + 9 * 3600;	/* the day in Japan */
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(real, sizeof(real), "%Y-%m-%d", &tm);
	server_date(1, "2042-01-01", NULL);
	server_date(0, real, "2042-01-01");
}

static CU_TestInfo lock_tests[] = {
	{ "idle locks; code set twice; unlock keeps the work", test_lock_unlock },
	{ "another clerk's code refused; 5 wrong end it", test_lock_tries },
	{ "the lock's own timeout ends the session", test_lock_timeout },
	{ "codes stored salted and hashed; an admin removes one",
	  test_lock_hash },
	{ "the server passes test switches only when testing",
	  test_server_switches },
	CU_TEST_INFO_NULL
};

TEST_SUITE(lock, "idle lock", lock_tests)
