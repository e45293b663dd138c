/*
 * The test switches (src/util/testsw.c): honoured only with
 * MADOGUCHI_TESTING=1; the real programs without it ignore them (the date
 * is the clock's), and the SSH server passes them on only when it was
 * started with it (tests/server covers the server; here the CLI).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/util.h"
#include "testlib.h"

static void
test_switch_needs_testing(void)
{
	char today[11], real[11];
	time_t now = time(NULL) + 9 * 3600;	/* the day in Japan */
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(real, sizeof(real), "%Y-%m-%d", &tm);
	setenv("MADOGUCHI_TODAY", "2042-01-01", 1);
	setenv("MADOGUCHI_TESTING", "1", 1);
	CU_ASSERT_TRUE(util_testing());
	CU_ASSERT_STRING_EQUAL(util_test_switch("MADOGUCHI_TODAY"),
	    "2042-01-01");
	util_today(today);
	CU_ASSERT_STRING_EQUAL(today, "2042-01-01");
	unsetenv("MADOGUCHI_TESTING");
	CU_ASSERT_FALSE(util_testing());
	CU_ASSERT_PTR_NULL(util_test_switch("MADOGUCHI_TODAY"));
	util_today(today);
	CU_ASSERT_STRING_EQUAL(today, real);
	/* Japan's day whatever zone the server is set to: at any hour one
	 * of these two (21 hours behind Japan, 5 ahead) is on another day. */
	setenv("TZ", "WST12", 1);	/* POSIX: 12 hours behind UTC */
	tzset();
	util_today(today);
	CU_ASSERT_STRING_EQUAL(today, real);
	setenv("TZ", "EST-14", 1);	/* 14 hours ahead */
	tzset();
	util_today(today);
	CU_ASSERT_STRING_EQUAL(today, real);
	unsetenv("TZ");
	tzset();
	setenv("MADOGUCHI_TESTING", "yes", 1);	/* only "1" counts */
	CU_ASSERT_PTR_NULL(util_test_switch("MADOGUCHI_TODAY"));
	setenv("MADOGUCHI_TESTING", "1", 1);
	unsetenv("MADOGUCHI_TODAY");
	CU_ASSERT_PTR_NULL(util_test_switch("MADOGUCHI_TODAY"));
}

/* The real CLI: the date a retention dry run reports follows the switch
 * only under MADOGUCHI_TESTING=1. */
static void
test_switch_cli(void)
{
	char *dir = test_mkdtemp("testsw"), *out;
	int st = -1;

	CU_ASSERT_FATAL(test_system("'%s' init --demo '%s' >/dev/null 2>&1",
	    test_prog("madoguchi"), dir) == 0);
	out = test_output(&st, "MADOGUCHI_TESTING=1 MADOGUCHI_TODAY=2042-01-01 "
	    "'%s' retention run --dry-run --state '%s' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "2042-01-01") : NULL);
	free(out);
	out = test_output(&st, "env -u MADOGUCHI_TESTING MADOGUCHI_TODAY="
	    "2042-01-01 '%s' retention run --dry-run --state '%s' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_PTR_NOT_NULL(out);
	CU_ASSERT_PTR_NULL(out != NULL ? strstr(out, "2042-01-01") : "");
	free(out);
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo testsw_tests[] = {
	{ "switches honoured only with MADOGUCHI_TESTING=1",
	  test_switch_needs_testing },
	{ "the CLI ignores MADOGUCHI_TODAY without it", test_switch_cli },
	CU_TEST_INFO_NULL
};

TEST_SUITE(testsw, "test switches", testsw_tests)
