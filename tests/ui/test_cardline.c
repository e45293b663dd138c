/*
 * The card reader on the header line (issue: a clerk sees the demo card
 * from the UI): no card service, then the card stack with the emulated
 * card in the reader, then the card pulled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"
#include "vt.h"

#define WAIT_MS	10000

static char *state;

static int
stack(const char *cmd)
{
	return test_system("BUILD=%s sh %s/contrib/card-stack.sh %s %s "
	    ">>%s/stack.out 2>&1", test_build_dir(), test_top_dir(), cmd, state,
	    state);
}

static void
test_cardline(void)
{
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", NULL,
	    "--clerk", "demo", NULL };
	struct vt *v;
	char row[512];
	int st = -1;

	state = test_mkdtemp("cardline");
	CU_ASSERT_EQUAL_FATAL(test_system("%s init --demo %s >/dev/null",
	    test_prog("madoguchi"), state), 0);
	argv[3] = state;
	/* 80x24, the design size: the reader state stays on the header,
	 * beside the clerk and today's date in 和暦. */
	v = vt_spawn(24, 80, argv, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(vt_wait_text(v, "読取機: 未接続", WAIT_MS));
	vt_row(v, 0, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "窓口 太郎"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "読取機: 未接続"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "令和"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "日("));
	CU_ASSERT_EQUAL_FATAL(stack("start"), 0);
	if (!vt_wait_text(v, "読取機: カードあり", WAIT_MS))
		vt_dump(v, "no card on the header");
	CU_ASSERT_TRUE(vt_has_text(v, "読取機: カードあり"));
	vt_row(v, 0, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "読取機: カードあり"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "令和"));
	CU_ASSERT_EQUAL(stack("vcard-stop"), 0);
	CU_ASSERT_TRUE(vt_wait_text(v, "読取機: カードなし", WAIT_MS));
	vt_key(v, VT_KEY_F10);
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
	stack("stop");
	test_rmtree(state);
	free(state);
}

static CU_TestInfo cardline_tests[] = {
	{ "the header shows the card reader's state", test_cardline },
	CU_TEST_INFO_NULL
};
TEST_SUITE(cardline, "ui.cardline", cardline_tests)
