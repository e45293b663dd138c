/* The golden-screen compare itself: masks keep the width and touch only the
 * value after their text, a masked value can be read back, and the diff
 * names the rows that differ. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "golden.h"
#include "testlib.h"

static const struct golden_mask masks[] = {
	{ "シリアル番号", "0123456789ABCDEF" },
	{ "整理番号", "0123456789-" },
};

static void
test_mask(void)
{
	char scr[] =
	    "  シリアル番号 4A0F93\n"
	    "  整理番号      1234-56789 の照会書\n"
	    "  整理番号 なし\n"
	    "  受付番号 12\n"
	    "  シリアル番号 ZZ 7\n";

	golden_mask_apply(scr, masks, 2);
	CU_ASSERT_STRING_EQUAL(scr,
	    "  シリアル番号 ######\n"
	    "  整理番号      ########## の照会書\n"
	    "  整理番号 なし\n"
	    "  受付番号 12\n"
	    "  シリアル番号 ZZ 7\n");
}

static void
test_mask_value(void)
{
	const char *scr = "x\n 整理番号 なし\n 整理番号  8661-79427 の\n";
	char out[16];

	CU_ASSERT_EQUAL(golden_mask_value(scr, &masks[1], out, sizeof(out)), 0);
	CU_ASSERT_STRING_EQUAL(out, "8661-79427");
	CU_ASSERT_EQUAL(golden_mask_value(scr, &masks[1], out, 5), -1);
	CU_ASSERT_EQUAL(golden_mask_value(scr, &masks[0], out, sizeof(out)),
	    -1);
}

static void
test_diff(void)
{
	const char *want = "a\nb\nc\nd\ne\nf\ng\n";
	const char *got = "a\nB\nc\nd\ne\nF\nG\nh\n";
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	golden_diff(f, "x", want, got);
	fclose(f);
	CU_ASSERT_STRING_EQUAL(buf,
	    "--- tests/golden/x.txt (expected)\n"
	    "+++ screen (got)\n"
	    "@@ row 1 @@\n"
	    " 01|a\n"
	    "-02|b\n"
	    "+02|B\n"
	    " 03|c\n"
	    "@@ row 5 @@\n"
	    " 05|e\n"
	    "-06|f\n"
	    "-07|g\n"
	    "+06|F\n"
	    "+07|G\n"
	    "+08|h\n");
	free(buf);
}

static CU_TestInfo golden_tests[] = {
	{ "a mask hides a value, same width, nothing else", test_mask },
	{ "a masked value read back", test_mask_value },
	{ "the diff names the rows that differ", test_diff },
	CU_TEST_INFO_NULL
};
TEST_SUITE(golden, "test.golden", golden_tests)
