/* The screen harness itself: wide characters read back once, typing reaches
 * the program, a resize reaches the program, exit status comes back. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"
#include "vt.h"

static void
test_wide_text(void)
{
	char *argv[] = { "sh", "-c", "printf '窓口ab\\n'; read x; echo \"got:$x\"", NULL };
	struct vt *v = vt_spawn(24, 80, argv, NULL);
	char row[256];
	int st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(vt_wait_text(v, "窓口ab", 3000));
	vt_row(v, 0, row, sizeof(row));
	CU_ASSERT_STRING_EQUAL(row, "窓口ab");
	vt_type(v, "日本");
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "got:日本", 3000));
	CU_ASSERT_TRUE(vt_wait_exit(v, 3000, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

static void
test_resize(void)
{
	char *argv[] = { "sh", "-c",
	    "trap 'echo size:$(stty size)' WINCH; echo ready; "
	    "while :; do read x && break; done", NULL };
	struct vt *v = vt_spawn(24, 80, argv, NULL);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(vt_wait_text(v, "ready", 3000));
	vt_resize(v, 30, 100);
	CU_ASSERT_TRUE(vt_wait_text(v, "size:30 100", 3000));
	vt_free(v);
}

static CU_TestInfo vt_tests[] = {
	{ "wide text read back and typed", test_wide_text },
	{ "resize reaches the program", test_resize },
	CU_TEST_INFO_NULL
};
TEST_SUITE(vt, "test.vt", vt_tests)
