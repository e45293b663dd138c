/* The field editor without a terminal: column math at the field's edges,
 * scrolling, every kind's input filter and validator. */
#include <locale.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/ui.h"
#include "testlib.h"

static const char *const sex_choices[] = { "男", "女", NULL };

static const struct ui_field_spec spec_name5 = {
	.id = "n", .label = "氏名", .kind = UI_FIELD_NAME, .width = 5,
	.required = 1 };
static const struct ui_field_spec spec_scroll = {
	.id = "s", .label = "住所", .kind = UI_FIELD_TEXT, .width = 6,
	.max_cols = 40 };
static const struct ui_field_spec spec_kana = {
	.id = "k", .label = "氏名(カナ)", .kind = UI_FIELD_KANA, .width = 20,
	.required = 1 };
static const struct ui_field_spec spec_digits = {
	.id = "d", .label = "郵便番号", .kind = UI_FIELD_DIGITS, .width = 7,
	.max_chars = 7, .min_chars = 7 };
static const struct ui_field_spec spec_digits_min = {
	.id = "d2", .label = "番号", .kind = UI_FIELD_DIGITS, .width = 16,
	.max_chars = 16, .min_chars = 6, .required = 1 };
static const struct ui_field_spec spec_date = {
	.id = "b", .label = "生年月日", .kind = UI_FIELD_DATE, .width = 20,
	.required = 1 };
static const struct ui_field_spec spec_choice = {
	.id = "x", .label = "性別", .kind = UI_FIELD_CHOICE, .width = 6,
	.choices = sex_choices, .required = 1 };
static const struct ui_field_spec spec_pin4 = {
	.id = "p", .label = "利用者証明用暗証番号", .kind = UI_FIELD_PIN,
	.width = 4, .min_chars = 4, .max_chars = 4, .required = 1 };
static const struct ui_field_spec spec_sign_pin = {
	.id = "sp", .label = "署名用暗証番号", .kind = UI_FIELD_SIGN_PIN,
	.width = 16, .required = 1 };
static const struct ui_field_spec spec_chars3 = {
	.id = "c", .label = "略称", .kind = UI_FIELD_TEXT, .width = 10,
	.max_chars = 3 };

static int
suite_init(void)
{
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

/* Type UTF-8 text; returns how many characters were refused. */
static int
type(struct ui_field *f, const char *s)
{
	size_t n = strlen(s);
	int refused = 0;

	while (n > 0) {
		wchar_t wc;
		int len = ui_utf8_decode(s, n, &wc);

		CU_ASSERT_FATAL(len > 0);
		if (ui_field_insert(f, wc, NULL) == -1)
			refused++;
		s += len;
		n -= (size_t)len;
	}
	return refused;
}

static void
expect(const struct ui_field *f, const char *want)
{
	char buf[600];

	ui_field_get(f, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void
test_wide_at_edge(void)
{
	struct ui_field f;
	const char *why = NULL;
	wchar_t u = 0x3046;	/* う */

	ui_field_init(&f, &spec_name5);
	CU_ASSERT_EQUAL(type(&f, "aあい"), 0);
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.len), 5);
	/* う needs 2 columns; none are left. */
	CU_ASSERT_EQUAL(ui_field_insert(&f, u, &why), -1);
	CU_ASSERT_PTR_NOT_NULL(why);
	expect(&f, "aあい");
	/* With 1 column left a wide char would straddle the edge. */
	ui_field_init(&f, &spec_name5);
	CU_ASSERT_EQUAL(type(&f, "あいう"), 1);
	expect(&f, "あい");
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.len), 4);
	CU_ASSERT_EQUAL(type(&f, "b"), 0);
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.len), 5);
}

static void
test_backspace_kanji(void)
{
	struct ui_field f;
	int first, count, col;

	ui_field_init(&f, &spec_scroll);
	type(&f, "漢字ab");
	ui_field_view(&f, &first, &count, &col);
	/* 6 columns of text in a 6-column field: 漢 scrolls out so the
	 * cursor cell after b is visible. */
	CU_ASSERT_EQUAL(first, 1);
	CU_ASSERT_EQUAL(col, 4);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_LEFT), 0);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_LEFT), 0);
	/* cursor after 漢字: column 4 from the start */
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.cur), 4);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_BACKSPACE), 0);
	expect(&f, "漢ab");
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.cur), 2);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_BACKSPACE), 0);
	expect(&f, "ab");
	CU_ASSERT_EQUAL(f.cur, 0);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_BACKSPACE), -1);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_DELETE), 0);
	expect(&f, "b");
}

static void
test_cursor_mixed(void)
{
	struct ui_field f;
	int first, count, col;

	ui_field_init(&f, &spec_scroll);
	type(&f, "aカb");
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(first, 0);
	CU_ASSERT_EQUAL(count, 3);
	CU_ASSERT_EQUAL(col, 4);
	ui_field_key(&f, UI_K_HOME);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(col, 0);
	ui_field_key(&f, UI_K_RIGHT);
	ui_field_key(&f, UI_K_RIGHT);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(col, 3);
	/* Insert between: the kanji goes after カ. */
	type(&f, "字");
	expect(&f, "aカ字b");
	ui_field_key(&f, UI_K_END);
	CU_ASSERT_EQUAL(f.cur, 4);
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_RIGHT), -1);
}

static void
test_scroll(void)
{
	struct ui_field f;
	int first, count, col;

	/* Width 6, room for 40 columns: the view slides right. */
	ui_field_init(&f, &spec_scroll);
	type(&f, "豊中市新千里");
	ui_field_view(&f, &first, &count, &col);
	/* The cursor cell (1 column) must stay inside the 6 columns. */
	CU_ASSERT_TRUE(col + 1 <= 6);
	CU_ASSERT_EQUAL(col, ui_field_cols(&f, first, f.len));
	CU_ASSERT_EQUAL(first, 4);	/* 千里 + cursor shown */
	CU_ASSERT_EQUAL(count, 2);
	/* Home scrolls back to the start; no wide char is cut at the end. */
	ui_field_key(&f, UI_K_HOME);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(first, 0);
	CU_ASSERT_EQUAL(count, 3);
	CU_ASSERT_EQUAL(col, 0);
	/* Odd offset: a then kanji: 5 columns shown, never half a kanji. */
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "a漢字漢字");
	ui_field_key(&f, UI_K_HOME);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(count, 3);
	CU_ASSERT_EQUAL(ui_field_cols(&f, first, first + count), 5);
	/* Backspace at the end pulls the text back into view. */
	ui_field_key(&f, UI_K_END);
	ui_field_key(&f, UI_K_BACKSPACE);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(first, 2);	/* 字漢 + cursor */
	CU_ASSERT_EQUAL(col, 4);
	ui_field_key(&f, UI_K_BACKSPACE);
	ui_field_view(&f, &first, &count, &col);
	CU_ASSERT_EQUAL(first, 0);	/* a漢字 + cursor fit in 6 */
	CU_ASSERT_EQUAL(col, 5);
	CU_ASSERT_EQUAL(count, 3);
}

static void
test_limits(void)
{
	struct ui_field f;
	const char *why = NULL;

	ui_field_init(&f, &spec_chars3);
	CU_ASSERT_EQUAL(type(&f, "abcd"), 1);
	expect(&f, "abc");
	ui_field_init(&f, &spec_scroll);
	CU_ASSERT_EQUAL(type(&f, "一二三四五六七八九十一二三四五六七八九十"), 0);
	CU_ASSERT_EQUAL(ui_field_insert(&f, L'x', &why), -1);
	CU_ASSERT_EQUAL(ui_field_cols(&f, 0, f.len), 40);
}

static void
test_controls_refused(void)
{
	struct ui_field f;
	const char *why = NULL;

	ui_field_init(&f, &spec_scroll);
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0x1b, &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "制御文字は入力できません。");
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0x07, NULL), -1);
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0x9b, NULL), -1);	/* C1 CSI */
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0x7f, NULL), -1);
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0x0301, &why), -1);	/* combining */
	CU_ASSERT_EQUAL(f.len, 0);
	/* Invalid UTF-8 given to set is dropped, not stored. */
	CU_ASSERT_EQUAL(ui_field_set(&f, "a\xff\xc3(b"), -1);
	expect(&f, "a(b");
}

static void
test_kana(void)
{
	struct ui_field f;
	char msg[256];
	const char *why = NULL;

	ui_field_init(&f, &spec_kana);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "氏名(カナ)を入力してください。");
	/* Hiragana becomes katakana, an ASCII space a full-width one. */
	CU_ASSERT_EQUAL(type(&f, "やまだ たろう"), 0);
	expect(&f, "ヤマダ　タロウ");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(ui_field_insert(&f, L'A', &why), -1);
	CU_ASSERT_STRING_EQUAL(why, "カタカナで入力してください。");
	CU_ASSERT_EQUAL(type(&f, "漢"), 1);
	CU_ASSERT_EQUAL(type(&f, "ー・"), 0);
	/* Half-width kana in full width, ﾞ ﾟ joined to the kana before. */
	ui_field_init(&f, &spec_kana);
	CU_ASSERT_EQUAL(type(&f, "ﾏﾄﾞｸﾞﾁ ﾊﾟﾝ"), 0);
	expect(&f, "マドグチ　パン");
	CU_ASSERT_EQUAL(ui_field_insert(&f, 0xff9e, &why), -1);	/* ﾞ after ン */
	CU_ASSERT_STRING_EQUAL(why, "濁点・半濁点は、付けられるカナの後に"
	    "入力してください。");
	CU_ASSERT_EQUAL(type(&f, "ｶ\xe3\x82\x9b"), 0);	/* spacing ゛ */
	expect(&f, "マドグチ　パンガ");
	ui_field_init(&f, &spec_kana);
	type(&f, "　");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
}

static void
test_digits(void)
{
	struct ui_field f;
	char msg[256];

	ui_field_init(&f, &spec_digits);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);	/* optional */
	CU_ASSERT_EQUAL(type(&f, "５６０-0085"), 1);
	expect(&f, "5600085");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	ui_field_key(&f, UI_K_BACKSPACE);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "郵便番号: 7桁で入力してください。");
	ui_field_init(&f, &spec_digits_min);
	type(&f, "12345");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "番号: 6桁以上で入力してください。");
	CU_ASSERT_EQUAL(type(&f, "a"), 1);
}

static void
test_date(void)
{
	struct ui_field f;
	struct era_date dt;
	char msg[512];

	ui_field_init(&f, &spec_date);
	CU_ASSERT_EQUAL(type(&f, "令和8年11月25日"), 0);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(ui_field_date(&f, &dt), 0);
	CU_ASSERT_TRUE(dt.y == 2026 && dt.m == 11 && dt.d == 25);
	ui_field_key(&f, UI_K_CLEAR);
	CU_ASSERT_EQUAL(type(&f, "Ｒ８．１１．２５"), 0);	/* full-width folded */
	expect(&f, "R8.11.25");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "2026-02-30");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "生年月日: 正しい日付ではありません。"));
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "平成32年1月1日");	/* not in its era */
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(type(&f, "x"), 1);
	CU_ASSERT_EQUAL(type(&f, "あ"), 1);
}

static void
test_choice(void)
{
	struct ui_field f;
	char msg[256], buf[32];

	ui_field_init(&f, &spec_choice);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "性別を選んでください。");
	CU_ASSERT_EQUAL(type(&f, "2"), 0);
	ui_field_get(&f, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "女");
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_RIGHT), 0);
	ui_field_get(&f, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "男");
	CU_ASSERT_EQUAL(ui_field_key(&f, UI_K_LEFT), 0);
	CU_ASSERT_EQUAL(f.choice, 1);
	CU_ASSERT_EQUAL(type(&f, "3"), 1);	/* no third choice */
	CU_ASSERT_EQUAL(type(&f, "a"), 1);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(ui_field_set(&f, "男"), 0);
	CU_ASSERT_EQUAL(f.choice, 0);
}

static void
test_name(void)
{
	struct ui_field f;
	char msg[256];

	ui_field_init(&f, &spec_name5);
	type(&f, "　");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "氏名: 空白だけでは登録できません。");
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "山田");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
}

static void
test_pin(void)
{
	struct ui_field f;
	char msg[256];

	ui_field_init(&f, &spec_pin4);
	CU_ASSERT_TRUE(ui_field_secret(&spec_pin4));
	CU_ASSERT_FALSE(ui_field_secret(&spec_kana));
	CU_ASSERT_EQUAL(type(&f, "1a２"), 1);
	expect(&f, "12");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(msg, "利用者証明用暗証番号: 数字4桁で入力してください。");
	CU_ASSERT_EQUAL(type(&f, "345"), 1);	/* the fifth is refused */
	expect(&f, "1234");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
}

static void
test_sign_pin(void)
{
	struct ui_field f;
	char msg[256];

	ui_field_init(&f, &spec_sign_pin);
	CU_ASSERT_EQUAL(type(&f, "abc12-"), 1);
	expect(&f, "ABC12");	/* folded to upper case */
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);	/* 5 */
	CU_ASSERT_EQUAL(type(&f, "ｚ"), 0);	/* full-width from the IME: Z */
	CU_ASSERT_EQUAL(type(&f, "あ"), 1);
	expect(&f, "ABC12Z");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "ABCDEFG");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "英大文字と数字を両方含む6文字から16文字"));
	ui_field_key(&f, UI_K_CLEAR);
	type(&f, "1234567");
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), -1);
	ui_field_key(&f, UI_K_CLEAR);
	CU_ASSERT_EQUAL(type(&f, "A234567890123456X"), 1);	/* 16 at most */
	CU_ASSERT_EQUAL(f.len, 16);
	CU_ASSERT_EQUAL(ui_field_validate(&f, msg, sizeof(msg)), 0);
}

/* A pasted key line: a field may ask for up to UI_FIELD_BUFCHARS
 * characters; one that asks for nothing keeps UI_FIELD_MAXCHARS. */
static void
test_long_line(void)
{
	static const struct ui_field_spec spec_long = {
		.id = "key", .label = "公開鍵", .kind = UI_FIELD_TEXT,
		.width = 40, .max_cols = 1000, .max_chars = 1000 };
	static const struct ui_field_spec spec_plain = {
		.id = "t", .label = "t", .kind = UI_FIELD_TEXT, .width = 20,
		.max_cols = 2000 };
	static char line[1100], out[1100 * 4];
	struct ui_field f;
	int first, count, cur;

	memset(line, 'A', 1010);
	line[1010] = '\0';
	ui_field_init(&f, &spec_long);
	CU_ASSERT_EQUAL(type(&f, line), 10);
	CU_ASSERT_EQUAL(f.len, 1000);
	ui_field_get(&f, out, sizeof(out));
	CU_ASSERT_EQUAL(strlen(out), 1000);
	ui_field_view(&f, &first, &count, &cur);
	CU_ASSERT_TRUE(count <= 40 && first + count == f.len);
	ui_field_init(&f, &spec_plain);
	CU_ASSERT_EQUAL(type(&f, line), 1010 - UI_FIELD_MAXCHARS);
	CU_ASSERT_EQUAL(f.len, UI_FIELD_MAXCHARS);
}

static CU_TestInfo field_tests[] = {
	{ "wide char at the field edge refused", test_wide_at_edge },
	{ "backspace over kanji", test_backspace_kanji },
	{ "cursor column after mixed text", test_cursor_mixed },
	{ "horizontal scroll keeps cursor and whole chars", test_scroll },
	{ "limits in characters and columns", test_limits },
	{ "controls, combining marks, bad UTF-8 refused", test_controls_refused },
	{ "kana kind and validator", test_kana },
	{ "digits kind and validator", test_digits },
	{ "date kind and validator", test_date },
	{ "choice kind and validator", test_choice },
	{ "name validator", test_name },
	{ "user PIN: 4 digits", test_pin },
	{ "signature PIN: 6-16 of A-Z 0-9, both", test_sign_pin },
	{ "a long line (a pasted key) up to its own limit", test_long_line },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(field, "ui.field", suite_init, NULL, field_tests)
