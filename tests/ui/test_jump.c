/*
 * The matcher of type-ahead in lists (src/ui/jump.c): what a typed
 * character counts as (letters, digits, kana of every width and script),
 * item codes exact and begun, and readings begun by the kana typed.
 */
#include <string.h>
#include <wchar.h>

#include "madoguchi/rules.h"
#include "madoguchi/ui.h"
#include "testlib.h"

static void
test_fold(void)
{
	CU_ASSERT_EQUAL(ui_jump_fold(L'b'), L'B');
	CU_ASSERT_EQUAL(ui_jump_fold(L'B'), L'B');
	CU_ASSERT_EQUAL(ui_jump_fold(L'4'), L'4');
	CU_ASSERT_EQUAL(ui_jump_fold(L'Ｂ'), L'B');	/* full-width */
	CU_ASSERT_EQUAL(ui_jump_fold(L'ｂ'), L'B');
	CU_ASSERT_EQUAL(ui_jump_fold(L'４'), L'4');
	/* One sound, every way of typing it. */
	CU_ASSERT_EQUAL(ui_jump_fold(L'う'), L'ウ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ウ'), L'ウ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ｳ'), L'ウ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ヴ'), L'ウ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'が'), L'カ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ガ'), L'カ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ぱ'), L'ハ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ﾊ'), L'ハ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ょ'), L'ヨ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ｮ'), L'ヨ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'っ'), L'ツ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ｦ'), L'ヲ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ﾝ'), L'ン');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ゎ'), L'ワ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ゖ'), L'ケ');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ー'), L'ー');
	CU_ASSERT_EQUAL(ui_jump_fold(L'ｰ'), L'ー');
	/* Not jump text: kanji, punctuation, marks, controls. */
	CU_ASSERT_EQUAL(ui_jump_fold(L'運'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L' '), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L'-'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L'ﾞ'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L'゛'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L'・'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(L'\t'), 0);
	CU_ASSERT_EQUAL(ui_jump_fold(0), 0);
}

/* Every kana of the three ways of typing folds into full-width katakana. */
static void
test_fold_ranges(void)
{
	wchar_t wc, f;

	for (wc = 0x3041; wc <= 0x3096; wc++) {
		f = ui_jump_fold(wc);
		CU_ASSERT(f >= 0x30a1 && f <= 0x30f3);
		CU_ASSERT_EQUAL(f, ui_jump_fold(wc + 0x60));
	}
	for (wc = 0xff66; wc <= 0xff9d; wc++) {
		f = ui_jump_fold(wc);
		CU_ASSERT(f >= 0x30a1 && f <= 0x30fc);
		CU_ASSERT_EQUAL(ui_jump_fold(f), f);
	}
}

static void
test_code(void)
{
	CU_ASSERT_EQUAL(ui_jump_code_match("B4", "B4"), 2);
	CU_ASSERT_EQUAL(ui_jump_code_match("b4", "B4"), 2);
	CU_ASSERT_EQUAL(ui_jump_code_match("B4", "b4"), 2);
	CU_ASSERT_EQUAL(ui_jump_code_match("B", "B4"), 1);
	CU_ASSERT_EQUAL(ui_jump_code_match("A1", "A12"), 1);
	CU_ASSERT_EQUAL(ui_jump_code_match("A12", "A12"), 2);
	CU_ASSERT_EQUAL(ui_jump_code_match("A12", "A1"), 0);
	CU_ASSERT_EQUAL(ui_jump_code_match("B4", "A4"), 0);
	CU_ASSERT_EQUAL(ui_jump_code_match("4", "B4"), 0);
	CU_ASSERT_EQUAL(ui_jump_code_match("12", "12"), 2);
	CU_ASSERT_EQUAL(ui_jump_code_match("", "B4"), 0);
	CU_ASSERT_EQUAL(ui_jump_code_match("B4", ""), 0);
	CU_ASSERT_EQUAL(ui_jump_code_match("B-", "B-"), 0);
}

static void
test_kana(void)
{
	const char *unten = rules_document_kana(RULES_LIST_A, 1);
	const wchar_t u[] = { L'ウ' }, un[] = { L'ウ', L'ン' };
	const wchar_t uk[] = { L'ウ', L'コ' }, ha[] = { L'ハ' };
	const wchar_t it[] = { L'イ', L'ト', L'ウ', L'シ' };

	CU_ASSERT_STRING_EQUAL(unten, "ウンテンメンキョショウ");
	CU_ASSERT_TRUE(ui_jump_kana_match(u, 1, unten));
	CU_ASSERT_TRUE(ui_jump_kana_match(un, 2, unten));
	CU_ASSERT_FALSE(ui_jump_kana_match(uk, 2, unten));
	CU_ASSERT_FALSE(ui_jump_kana_match(u, 0, unten));
	/* Readings in hiragana or half-width match as well; spaces between
	 * family and given names are skipped. */
	CU_ASSERT_TRUE(ui_jump_kana_match(un, 2, "うんてん"));
	CU_ASSERT_TRUE(ui_jump_kana_match(un, 2, "ｳﾝﾃﾝ"));
	CU_ASSERT_TRUE(ui_jump_kana_match(it, 4, "イトウ ショウ"));
	CU_ASSERT_TRUE(ui_jump_kana_match(it, 4, "イトウ　ショウ"));
	/* Voiced and p-sounds under their plain kana (パ under ハ). */
	CU_ASSERT_TRUE(ui_jump_kana_match(ha, 1, "パスポート"));
	CU_ASSERT_FALSE(ui_jump_kana_match(u, 1, "運転免許証"));
	CU_ASSERT_FALSE(ui_jump_kana_match(u, 1, ""));
	CU_ASSERT_FALSE(ui_jump_kana_match(un, 2, "ウ"));
	CU_ASSERT_FALSE(ui_jump_kana_match(u, 1, "\xff\xfe"));
}

static CU_TestInfo jump_tests[] = {
	{ "typed characters fold: letters, digits, kana", test_fold },
	{ "every hiragana and half-width kana folds", test_fold_ranges },
	{ "item codes, exact and begun, any case", test_code },
	{ "readings begun by the kana typed", test_kana },
	CU_TEST_INFO_NULL
};
TEST_SUITE(jump, "ui.jump", jump_tests)
