/*
 * Identity binding over SSH (issue 9): an admin disables a clerk with
 * `madoguchi clerk disable` while the clerk is logged in, in the middle of
 * a form; within a few seconds the clerk's session ends with the reason in
 * Japanese on the clerk's screen, the client's exit status says so, and
 * the server and UI logs say why without personal data. Another clerk's
 * session on the same server goes on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "testlib.h"
#include "harness.h"

#define WAIT_MS		10000
#define ENDS_WITHIN_MS	5000	/* the UI looks every 2 s */

static struct hs *hs;

static int
disable_init(void)
{
	return (hs = hs_start(NULL)) == NULL;
}

static int
disable_cleanup(void)
{
	hs_stop(hs);
	return 0;
}

static void
test_disable_ends_session(void)
{
	struct vt *v, *demo;
	char key[600], *out;
	int64_t t0, took;
	int st = -1;

	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(hs, "kato", key, sizeof(key)), 0);
	demo = hs_ssh(hs, "demo", hs->demo_key, 24, 80);
	v = hs_ssh(hs, "kato", key, 24, 80);
	CU_ASSERT_PTR_NOT_NULL_FATAL(demo);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(demo, HS_DEMO_NAME, WAIT_MS));
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_CLERK_NAME, WAIT_MS));
	/* In the middle of a form, with something typed. */
	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "> 氏名", WAIT_MS));
	vt_type(v, "山");
	CU_ASSERT_TRUE(vt_wait_text(v, "山", WAIT_MS));
	t0 = util_now_ms();
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' clerk disable kato --state "
	    "'%s' >/dev/null", test_prog("madoguchi"), hs->state), 0);
	if (!vt_wait_exit(v, WAIT_MS, &st)) {
		vt_dump(v, "the session of the disabled clerk goes on");
		CU_FAIL_FATAL("session not ended");
	}
	took = util_now_ms() - t0;
	fprintf(stderr, "session ended %lld ms after clerk disable\n",
	    (long long)took);
	CU_ASSERT_TRUE(took < ENDS_WITHIN_MS);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == UI_EXIT_CLERK);
	/* The clerk reads why, in Japanese, on a screen out of the UI. */
	CU_ASSERT_TRUE(vt_wait_text(v, "この職員は利用停止されました。", 0));
	CU_ASSERT_FALSE(vt_has_text(v, "> 氏名"));
	vt_free(v);
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "logout clerk kato",
	    "clerk stopped", NULL));
	out = test_output(&st, "grep 'clerk=kato' '%s/log/ui.log'", hs->state);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "clerk disabled: session ends"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ui end: clerk disabled"));
	CU_ASSERT_PTR_NULL(strstr(out, "山"));
	free(out);
	/* The other clerk goes on working. */
	vt_type(demo, "c");
	CU_ASSERT_TRUE(vt_wait_text(demo, "> 氏名", WAIT_MS));
	vt_key(demo, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(demo, "> 氏名", WAIT_MS));
	CU_ASSERT_EQUAL(hs_logout(demo), 0);
	vt_free(demo);
	/* Enabled again, the clerk logs in as before. */
	CU_ASSERT_EQUAL(test_system("'%s' clerk enable kato --state '%s' "
	    ">/dev/null", test_prog("madoguchi"), hs->state), 0);
	v = hs_ssh(hs, "kato", key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_CLERK_NAME, WAIT_MS));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static CU_TestInfo disable_tests[] = {
	{ "clerk disable ends the clerk's open session", test_disable_ends_session },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(disable, "server.disable", disable_init, disable_cleanup,
    disable_tests)
