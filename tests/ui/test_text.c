/* Text helpers: strict UTF-8 decoding of what a terminal sends, widths,
 * cutting to columns without splitting a wide character, where wrapped
 * text breaks; role/window names. */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "madoguchi/ui.h"
#include "testlib.h"

static int
suite_init(void)
{
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static void
test_decode(void)
{
	wchar_t wc = 0;

	CU_ASSERT_EQUAL(ui_utf8_decode("a", 1, &wc), 1);
	CU_ASSERT_EQUAL(wc, L'a');
	CU_ASSERT_EQUAL(ui_utf8_decode("漢", 3, &wc), 3);
	CU_ASSERT_EQUAL(wc, 0x6f22);
	CU_ASSERT_EQUAL(ui_utf8_decode("漢", 2, &wc), 0);	/* needs more */
	CU_ASSERT_EQUAL(ui_utf8_decode("\xff", 1, &wc), -1);
	CU_ASSERT_EQUAL(ui_utf8_decode("\x80", 1, &wc), -1);
	CU_ASSERT_EQUAL(ui_utf8_decode("\xc0\xaf", 2, &wc), -1);	/* overlong */
	CU_ASSERT_EQUAL(ui_utf8_decode("\xe0\x80\xaf", 3, &wc), -1);
	CU_ASSERT_EQUAL(ui_utf8_decode("\xed\xa0\x80", 3, &wc), -1);	/* surrogate */
	CU_ASSERT_EQUAL(ui_utf8_decode("\xf4\x90\x80\x80", 4, &wc), -1);
	CU_ASSERT_EQUAL(ui_utf8_decode("\xe6(", 2, &wc), -1);
}

static void
test_encode_roundtrip(void)
{
	static const wchar_t samples[] = { 0x41, 0xe9, 0x3042, 0x20bb7 };
	size_t i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		char u[4];
		wchar_t back = 0;
		size_t n = ui_utf8_encode(samples[i], u);

		CU_ASSERT_TRUE(n > 0);
		CU_ASSERT_EQUAL(ui_utf8_decode(u, n, &back), (int)n);
		CU_ASSERT_EQUAL(back, samples[i]);
	}
	{
		char u[4];
		CU_ASSERT_EQUAL(ui_utf8_encode(0xd800, u), 0);
	}
}

static void
test_width(void)
{
	CU_ASSERT_EQUAL(ui_text_width("メニュー"), 8);
	CU_ASSERT_EQUAL(ui_text_width("F1 ヘルプ"), 9);
	CU_ASSERT_EQUAL(ui_text_width("a\xff" "b"), 3);
	CU_ASSERT_EQUAL(ui_wcwidth(0x1b), -1);
	CU_ASSERT_EQUAL(ui_wcwidth(0x3000), 2);
}

static void
test_fit(void)
{
	wchar_t out[32];

	CU_ASSERT_EQUAL(ui_text_fit("市民課職員", 5, out, 32), 4);
	CU_ASSERT_EQUAL(wcscmp(out, L"市民"), 0);
	CU_ASSERT_EQUAL(ui_text_fit("a市民", 4, out, 32), 3);
	CU_ASSERT_EQUAL(wcscmp(out, L"a市"), 0);
	/* Controls and bad bytes are drawn as '?', never raw. */
	CU_ASSERT_EQUAL(ui_text_fit("x\x1b[2Jy\xfe", 20, out, 32), 7);
	CU_ASSERT_EQUAL(wcscmp(out, L"x?[2Jy?"), 0);
	CU_ASSERT_EQUAL(ui_text_fit("abcdef", 10, out, 4), 3);
	CU_ASSERT_EQUAL(wcscmp(out, L"abc"), 0);
}

static void
test_pad(void)
{
	char buf[64];

	ui_pad(buf, sizeof(buf), "山田", 6);
	CU_ASSERT_STRING_EQUAL(buf, "山田  ");
	ui_pad(buf, sizeof(buf), "山田太郎", 5);	/* 郎 would straddle */
	CU_ASSERT_STRING_EQUAL(buf, "山田 ");
	CU_ASSERT_EQUAL(ui_text_width(buf), 5);
	ui_pad(buf, sizeof(buf), "a\x1b" "b", 4);
	CU_ASSERT_STRING_EQUAL(buf, "a?b ");
	ui_pad(buf, 4, "abcdef", 6);	/* the buffer limits */
	CU_ASSERT_STRING_EQUAL(buf, "abc");
}

/* The rows ui_wrap draws for text at cols, joined by '|', each with its
 * columns: "ab(2)|cd(2)". */
static void
wrap_rows(const char *text, int cols, size_t max, char *out, size_t size)
{
	size_t o = 0;
	int w;

	out[0] = '\0';
	for (;;) {
		size_t n = ui_wrap_line(text, cols, max, &w);

		o += (size_t)snprintf(out + o, size - o, "%s%.*s(%d)",
		    o > 0 ? "|" : "", (int)n, text, w);
		CU_ASSERT_FATAL(o < size);
		text += n;
		if (*text == '\0')
			break;
		if (*text == '\n')
			text++;
	}
}

static void
test_wrap(void)
{
	static const struct {
		const char	*text;
		int		 cols;
		const char	*rows;
	} cases[] = {
		{ "", 10, "(0)" },
		{ "abc", 10, "abc(3)" },
		{ "abcdef", 3, "abc(3)|def(3)" },
		{ "abcdefg", 3, "abc(3)|def(3)|g(1)" },
		/* A wide character that would pass the edge starts the next
		 * row; none is split. */
		{ "あいう", 4, "あい(4)|う(2)" },
		{ "aあい", 4, "aあ(3)|い(2)" },
		{ "aあい", 5, "aあい(5)" },
		/* '\n' ends a row; a trailing one leaves a blank row. */
		{ "ab\ncd", 10, "ab(2)|cd(2)" },
		{ "ab\n\ncd", 10, "ab(2)|(0)|cd(2)" },
		{ "ab\n", 10, "ab(2)|(0)" },
		{ "abcd\nef", 2, "ab(2)|cd(2)|ef(2)" },
		/* Below 2 columns the rows are 2 wide, so a wide character
		 * always fits. */
		{ "あい", 1, "あ(2)|い(2)" },
		/* A row does not start with 。、」 and the like: the
		 * character before goes down with it (行頭禁則), unless it
		 * is the row's only one. */
		{ "あいう。え", 6, "あい(4)|う。え(6)" },
		{ "あい、う", 4, "あ(2)|い、(4)|う(2)" },
		{ "あ。", 2, "あ(2)|。(2)" },
		{ "ab」c", 3, "a(1)|b」(3)|c(1)" },
		/* Invalid bytes and controls count the column of their '?'. */
		{ "a\xff" "b\tc", 2, "a\xff" "(2)|b\t(2)|c(1)" },
	};
	char got[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		wrap_rows(cases[i].text, cases[i].cols, 1024, got, sizeof(got));
		CU_ASSERT_STRING_EQUAL(got, cases[i].rows);
		if (strcmp(got, cases[i].rows) != 0)
			fprintf(stderr, "wrap %zu: %s\n", i, got);
	}
	/* A row stops before max bytes, but takes one character at least. */
	wrap_rows("あいう", 10, 7, got, sizeof(got));
	CU_ASSERT_STRING_EQUAL(got, "あい(4)|う(2)");
	wrap_rows("あい", 10, 1, got, sizeof(got));
	CU_ASSERT_STRING_EQUAL(got, "あ(2)|い(2)");
}

static void
test_labels(void)
{
	CU_ASSERT_EQUAL(ui_role_parse("admin"), UI_ROLE_ADMIN);
	CU_ASSERT_EQUAL(ui_role_parse("root"), -1);
	CU_ASSERT_STRING_EQUAL(ui_role_label(UI_ROLE_CLERK), "職員");
	CU_ASSERT_STRING_EQUAL(ui_role_label(UI_ROLE_SUPERVISOR), "監督者");
	CU_ASSERT_STRING_EQUAL(ui_window_label("shonai"), "庄内出張所");
	CU_ASSERT_STRING_EQUAL(ui_window_label("via_municipality"), "経由地市区町村");
	CU_ASSERT_PTR_NULL(ui_window_label("moon"));
}

static CU_TestInfo text_tests[] = {
	{ "strict UTF-8 decoding", test_decode },
	{ "UTF-8 encode round trip", test_encode_roundtrip },
	{ "display widths", test_width },
	{ "cut to columns, controls as ?", test_fit },
	{ "pad to columns", test_pad },
	{ "where wrapped text breaks", test_wrap },
	{ "role and window labels", test_labels },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(text, "ui.text", suite_init, NULL, text_tests)
