/*
 * No East Asian ambiguous-width character on screen: every golden screen
 * (tests/golden/NAME.txt, the text a clerk reads at 80x24) and every label,
 * reason and screen text of the rules core, the vocabulary and the
 * screen table is read character by character against the ranges of
 * Unicode's EastAsianWidth data whose width is "A" (one column on most
 * terminals, two on Japanese ones: the screen would shift). The
 * goldens' box lines are excepted: curses draws them through DEC
 * graphics (ACS), not as the Unicode characters libvterm gives back.
 */
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/screens.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "testlib.h"

/* East Asian Width "A" (Unicode 14 EastAsianWidth data), as ranges. */
static const struct {
	unsigned	lo, hi;
} amb_table[] = {
	{ 0x00A1, 0x00A1 }, { 0x00A4, 0x00A4 }, { 0x00A7, 0x00A8 },
	{ 0x00AA, 0x00AA }, { 0x00AD, 0x00AE }, { 0x00B0, 0x00B4 },
	{ 0x00B6, 0x00BA }, { 0x00BC, 0x00BF }, { 0x00C6, 0x00C6 },
	{ 0x00D0, 0x00D0 }, { 0x00D7, 0x00D8 }, { 0x00DE, 0x00E1 },
	{ 0x00E6, 0x00E6 }, { 0x00E8, 0x00EA }, { 0x00EC, 0x00ED },
	{ 0x00F0, 0x00F0 }, { 0x00F2, 0x00F3 }, { 0x00F7, 0x00FA },
	{ 0x00FC, 0x00FC }, { 0x00FE, 0x00FE }, { 0x0101, 0x0101 },
	{ 0x0111, 0x0111 }, { 0x0113, 0x0113 }, { 0x011B, 0x011B },
	{ 0x0126, 0x0127 }, { 0x012B, 0x012B }, { 0x0131, 0x0133 },
	{ 0x0138, 0x0138 }, { 0x013F, 0x0142 }, { 0x0144, 0x0144 },
	{ 0x0148, 0x014B }, { 0x014D, 0x014D }, { 0x0152, 0x0153 },
	{ 0x0166, 0x0167 }, { 0x016B, 0x016B }, { 0x01CE, 0x01CE },
	{ 0x01D0, 0x01D0 }, { 0x01D2, 0x01D2 }, { 0x01D4, 0x01D4 },
	{ 0x01D6, 0x01D6 }, { 0x01D8, 0x01D8 }, { 0x01DA, 0x01DA },
	{ 0x01DC, 0x01DC }, { 0x0251, 0x0251 }, { 0x0261, 0x0261 },
	{ 0x02C4, 0x02C4 }, { 0x02C7, 0x02C7 }, { 0x02C9, 0x02CB },
	{ 0x02CD, 0x02CD }, { 0x02D0, 0x02D0 }, { 0x02D8, 0x02DB },
	{ 0x02DD, 0x02DD }, { 0x02DF, 0x02DF }, { 0x0300, 0x036F },
	{ 0x0391, 0x03A1 }, { 0x03A3, 0x03A9 }, { 0x03B1, 0x03C1 },
	{ 0x03C3, 0x03C9 }, { 0x0401, 0x0401 }, { 0x0410, 0x044F },
	{ 0x0451, 0x0451 }, { 0x2010, 0x2010 }, { 0x2013, 0x2016 },
	{ 0x2018, 0x2019 }, { 0x201C, 0x201D }, { 0x2020, 0x2022 },
	{ 0x2024, 0x2027 }, { 0x2030, 0x2030 }, { 0x2032, 0x2033 },
	{ 0x2035, 0x2035 }, { 0x203B, 0x203B }, { 0x203E, 0x203E },
	{ 0x2074, 0x2074 }, { 0x207F, 0x207F }, { 0x2081, 0x2084 },
	{ 0x20AC, 0x20AC }, { 0x2103, 0x2103 }, { 0x2105, 0x2105 },
	{ 0x2109, 0x2109 }, { 0x2113, 0x2113 }, { 0x2116, 0x2116 },
	{ 0x2121, 0x2122 }, { 0x2126, 0x2126 }, { 0x212B, 0x212B },
	{ 0x2153, 0x2154 }, { 0x215B, 0x215E }, { 0x2160, 0x216B },
	{ 0x2170, 0x2179 }, { 0x2189, 0x2189 }, { 0x2190, 0x2199 },
	{ 0x21B8, 0x21B9 }, { 0x21D2, 0x21D2 }, { 0x21D4, 0x21D4 },
	{ 0x21E7, 0x21E7 }, { 0x2200, 0x2200 }, { 0x2202, 0x2203 },
	{ 0x2207, 0x2208 }, { 0x220B, 0x220B }, { 0x220F, 0x220F },
	{ 0x2211, 0x2211 }, { 0x2215, 0x2215 }, { 0x221A, 0x221A },
	{ 0x221D, 0x2220 }, { 0x2223, 0x2223 }, { 0x2225, 0x2225 },
	{ 0x2227, 0x222C }, { 0x222E, 0x222E }, { 0x2234, 0x2237 },
	{ 0x223C, 0x223D }, { 0x2248, 0x2248 }, { 0x224C, 0x224C },
	{ 0x2252, 0x2252 }, { 0x2260, 0x2261 }, { 0x2264, 0x2267 },
	{ 0x226A, 0x226B }, { 0x226E, 0x226F }, { 0x2282, 0x2283 },
	{ 0x2286, 0x2287 }, { 0x2295, 0x2295 }, { 0x2299, 0x2299 },
	{ 0x22A5, 0x22A5 }, { 0x22BF, 0x22BF }, { 0x2312, 0x2312 },
	{ 0x2460, 0x24E9 }, { 0x24EB, 0x254B }, { 0x2550, 0x2573 },
	{ 0x2580, 0x258F }, { 0x2592, 0x2595 }, { 0x25A0, 0x25A1 },
	{ 0x25A3, 0x25A9 }, { 0x25B2, 0x25B3 }, { 0x25B6, 0x25B7 },
	{ 0x25BC, 0x25BD }, { 0x25C0, 0x25C1 }, { 0x25C6, 0x25C8 },
	{ 0x25CB, 0x25CB }, { 0x25CE, 0x25D1 }, { 0x25E2, 0x25E5 },
	{ 0x25EF, 0x25EF }, { 0x2605, 0x2606 }, { 0x2609, 0x2609 },
	{ 0x260E, 0x260F }, { 0x261C, 0x261C }, { 0x261E, 0x261E },
	{ 0x2640, 0x2640 }, { 0x2642, 0x2642 }, { 0x2660, 0x2661 },
	{ 0x2663, 0x2665 }, { 0x2667, 0x266A }, { 0x266C, 0x266D },
	{ 0x266F, 0x266F }, { 0x269E, 0x269F }, { 0x26BF, 0x26BF },
	{ 0x26C6, 0x26CD }, { 0x26CF, 0x26D3 }, { 0x26D5, 0x26E1 },
	{ 0x26E3, 0x26E3 }, { 0x26E8, 0x26E9 }, { 0x26EB, 0x26F1 },
	{ 0x26F4, 0x26F4 }, { 0x26F6, 0x26F9 }, { 0x26FB, 0x26FC },
	{ 0x26FE, 0x26FF }, { 0x273D, 0x273D }, { 0x2776, 0x277F },
	{ 0x2B56, 0x2B59 }, { 0x3248, 0x324F }, { 0xE000, 0xF8FF },
	{ 0xFE00, 0xFE0F }, { 0xFFFD, 0xFFFD }, { 0x1F100, 0x1F10A },
	{ 0x1F110, 0x1F12D }, { 0x1F130, 0x1F169 }, { 0x1F170, 0x1F18D },
	{ 0x1F18F, 0x1F190 }, { 0x1F19B, 0x1F1AC }, { 0xE0100, 0xE01EF },
	{ 0xF0000, 0xFFFFD }, { 0x100000, 0x10FFFD },
};

/* The ACS line characters libvterm reports for curses' DEC graphics. */
static const unsigned amb_acs_table[] = {
	0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
	0x252C, 0x2534, 0x253C,
};

static int
amb_is(unsigned c)
{
	size_t lo = 0, hi = nitems(amb_table);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c < amb_table[mid].lo)
			hi = mid;
		else if (c > amb_table[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int
amb_acs(unsigned c)
{
	size_t i;

	for (i = 0; i < nitems(amb_acs_table); i++)
		if (amb_acs_table[i] == c)
			return 1;
	return 0;
}

/* Ambiguous characters of s, each said on stderr with where and row
 * (not when row < 0: the table's own check); how many. acs: the ACS line
 * characters are allowed. */
static int
amb_scan(const char *where, int row, const char *s, int acs)
{
	size_t n = s != NULL ? strlen(s) : 0;
	int bad = 0;

	while (n > 0) {
		wchar_t wc;
		int len = ui_utf8_decode(s, n, &wc);

		if (len <= 0) {
			fprintf(stderr, "%s:%d: not UTF-8\n", where, row);
			return bad + 1;
		}
		if (amb_is((unsigned)wc) && !(acs && amb_acs((unsigned)wc))) {
			if (row >= 0)
				fprintf(stderr, "%s:%d: ambiguous-width U+%04X "
				    "'%.*s' in \"%s\"\n", where, row,
				    (unsigned)wc, len, s, s);
			bad++;
		}
		s += len;
		n -= (size_t)len;
	}
	return bad;
}

static void
test_table_self(void)
{
	size_t i;

	for (i = 1; i < nitems(amb_table); i++)
		CU_ASSERT_TRUE(amb_table[i - 1].hi < amb_table[i].lo);
	CU_ASSERT_TRUE(amb_is(0x25CB));		/* ○ */
	CU_ASSERT_TRUE(amb_is(0x2026));		/* … */
	CU_ASSERT_TRUE(amb_is(0x00D7));		/* × */
	CU_ASSERT_FALSE(amb_is(0x3042));	/* あ: wide */
	CU_ASSERT_FALSE(amb_is(0xFF08));	/* （: fullwidth */
	CU_ASSERT_FALSE(amb_is('A'));
	CU_ASSERT_EQUAL(amb_scan("self", -1, "a\xe2\x80\xa6", 0), 1);
	CU_ASSERT_EQUAL(amb_scan("self", -1, "\xe2\x94\x80", 1), 0);
}

/* One golden text, row by row. */
static int
amb_golden(const char *dir, const char *name)
{
	char path[2048], line[4096];
	FILE *f;
	int row = 0, bad = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return 1;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		bad += amb_scan(path, ++row, line, 1);
	}
	fclose(f);
	return bad;
}

static void
test_goldens(void)
{
	char dir[1024];
	struct dirent *de;
	DIR *d;
	int files = 0, bad = 0;

	snprintf(dir, sizeof(dir), "%s/tests/golden", test_top_dir());
	CU_ASSERT_PTR_NOT_NULL_FATAL(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		files++;
		bad += amb_golden(dir, de->d_name);
	}
	closedir(d);
	CU_ASSERT_TRUE(files > 20);
	CU_ASSERT_EQUAL(bad, 0);
}

/* The rules core's and the vocabulary's texts that screens show. */
static int
amb_rules(void)
{
	char where[64];
	int i, bad = 0;
	unsigned c;

	for (i = 0; i < RULES_RSN_COUNT; i++)
		bad += amb_scan("rules_reason_text", i,
		    rules_reason_text((enum rules_reason_code)i), 0);
	for (i = 0; i < RULES_PROC_COUNT; i++)
		bad += amb_scan("rules_procedure_label", i,
		    rules_procedure_label((enum rules_procedure)i), 0);
	for (i = 0; i < RULES_REG_COUNT; i++) {
		bad += amb_scan("rules_register_label", i,
		    rules_register_label((enum rules_register)i), 0);
		bad += amb_scan("rules_register_short_label", i,
		    rules_register_short_label((enum rules_register)i), 0);
	}
	for (i = 0; i < RULES_WIN_COUNT; i++)
		bad += amb_scan("rules_window_label", i,
		    rules_window_label((enum rules_window)i), 0);
	for (i = 0; i < RULES_FILER_COUNT; i++)
		bad += amb_scan("rules_filer_label", i,
		    rules_filer_label((enum rules_filer)i), 0);
	for (i = 0; i < RULES_REP_COUNT; i++)
		bad += amb_scan("rules_rep_kind_label", i,
		    rules_rep_kind_label((enum rules_rep_kind)i), 0);
	for (i = 0; i < RULES_FORM_COUNT; i++) {
		bad += amb_scan("rules_form_name", i,
		    rules_form_name((enum rules_form)i), 0);
		bad += amb_scan("rules_form_title", i,
		    rules_form_title((enum rules_form)i), 0);
	}
	for (i = 0; i <= RULES_LIST_A_ITEMS; i++)
		bad += amb_scan("rules_document_name A", i,
		    rules_document_name(RULES_LIST_A, i), 0);
	for (i = 0; i <= RULES_LIST_B_ITEMS; i++)
		bad += amb_scan("rules_document_name B", i,
		    rules_document_name(RULES_LIST_B, i), 0);
	for (c = RULES_CERT_SIGNATURE; c <= RULES_CERT_USER; c <<= 1) {
		bad += amb_scan("rules_cert_label", (int)c,
		    rules_cert_label(c), 0);
		bad += amb_scan("rules_cert_short_label", (int)c,
		    rules_cert_short_label(c), 0);
	}
	for (c = 0; c < VOCAB_KIND_COUNT; c++)
		for (i = 0; i < vocab_count((enum vocab_kind)c); i++) {
			snprintf(where, sizeof(where), "vocab_label %u", c);
			bad += amb_scan(where, i,
			    vocab_label((enum vocab_kind)c, i), 0);
		}
	return bad;
}

/* The screen table's own texts: titles, help, items, keys, fields. */
static int
amb_screens(void)
{
	size_t i, j;
	int bad = 0;

	for (i = 0; i < screen_table_len; i++) {
		const struct screen *s = screen_table[i];

		bad += amb_scan(s->id, 0, s->title, 0);
		bad += amb_scan(s->id, 0, s->help, 0);
		bad += amb_scan(s->id, 0, s->list_header, 0);
		bad += amb_scan(s->id, 0, s->list_footer, 0);
		for (j = 0; j < s->nitems; j++)
			bad += amb_scan(s->id, (int)j, s->items[j].label, 0);
		for (j = 0; j < s->nkeys; j++)
			bad += amb_scan(s->id, (int)j, s->keys[j].label, 0);
		for (j = 0; j < s->nfields; j++) {
			bad += amb_scan(s->id, (int)j, s->fields[j].label, 0);
			bad += amb_scan(s->id, (int)j, s->fields[j].hint, 0);
		}
	}
	return bad;
}

static void
test_texts(void)
{
	CU_ASSERT_EQUAL(amb_rules(), 0);
	CU_ASSERT_EQUAL(amb_screens(), 0);
	CU_ASSERT_EQUAL(amb_scan("UI_TEXT_NOT_BUILT", 0, UI_TEXT_NOT_BUILT,
	    0), 0);
}

static int
suite_init(void)
{
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static CU_TestInfo amb_tests[] = {
	{ "the ambiguous ranges", test_table_self },
	{ "no ambiguous character in a golden screen", test_goldens },
	{ "none in the rules', vocabulary's and screens' texts", test_texts },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(amb, "ui.ambiguous", suite_init, NULL, amb_tests)
