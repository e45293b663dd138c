/*
 * 本人・申請の検索: the search form a clerk fills in to find a person of
 * the registry (住民 or 国外転出者) and their applications. The form and its
 * checks are real; the search itself waits for the store's registry
 * lookup, and says so.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "screens.h"

static const char *const search_registers[] = { "住民", "国外転出者", NULL };

static const struct ui_field_spec search_fields[] = {
	{ .id = "name", .label = "氏名", .kind = UI_FIELD_NAME, .width = 24,
	  .max_cols = 60, .hint = "漢字 (姓と名の間は全角空白)" },
	{ .id = "kana", .label = "氏名 (カナ)", .kind = UI_FIELD_KANA,
	  .width = 24, .max_cols = 60, .hint = "ひらがなでも入力できます" },
	{ .id = "birth", .label = "生年月日", .kind = UI_FIELD_DATE,
	  .width = 20, .hint = "例: 令和8年1月2日、H1.1.8、2026-01-02" },
	{ .id = "register", .label = "区分", .kind = UI_FIELD_CHOICE,
	  .width = 12, .choices = search_registers },
};

static const struct screen_key search_keys[] = {
	{ 5, 0, "検索", SCREEN_ACT_SUBMIT },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR },
};

static int
search_submit_cb(struct ui *ui, struct ui_field *fields, size_t n)
{
	size_t i;
	int given = 0;

	for (i = 0; i < n; i++)
		if (fields[i].spec->kind != UI_FIELD_CHOICE && fields[i].len > 0)
			given = 1;
	if (!given) {
		ui_message(ui, "検索", "氏名、カナ、生年月日のどれかを入力してください。");
		return 0;
	}
	ui_message(ui, "検索", "入力を確認しました。\n"
	    "住民記録と申請の検索はまだ実装されていません。");
	return 0;
}

const struct screen screen_search = {
	.id = "search",
	.title = "本人・申請の検索",
	.help =
	    "氏名・カナ・生年月日のどれか (いくつでも) を入れて F5 で検索します。\n"
	    "Tab か上下キーで欄を移り、最後の欄で Enter を押しても検索します。\n"
	    "左右キー・Home・End で欄の中を動き、Backspace で 1 文字消します。\n"
	    "カナの欄はカタカナだけで、ひらがなはカタカナになります。\n"
	    "生年月日は和暦 (令和8年1月2日、R8.1.2) でも西暦 (2026-01-02) でも\n"
	    "入力できます。区分は番号か左右キーで選びます。F8 で全部消します。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = search_fields,
	.nfields = nitems(search_fields),
	.keys = search_keys,
	.nkeys = nitems(search_keys),
	.submit = search_submit_cb,
};
