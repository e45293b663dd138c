/*
 * The J-LIS mailing (R6.6, R6-2.5): the list of the request forms in the
 * envelope (請求書一覧) and the cover sheet (送付書) on top of them. The
 * list names each form by the counter's receipt number, kind and date and
 * no person: J-LIS gets the forms themselves.
 *
 * List fields: number (送付便), date, sender, method, tracking, items
 * (lines of No.\t受付番号\t請求\t様式\t受付日), total, note.
 * Cover fields: date, number, sender (lines), forms (lines of
 * 書類\t様式\t通数), total, method, tracking.
 */
#include "madoguchi/print.h"

static const struct print_item mail_list_items[] = {
	{ PRINT_ITEM_TITLE, NULL, NULL, 0 },
	{ PRINT_ITEM_RIGHT, NULL, "date", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 2 },
	{ PRINT_ITEM_ROW, "送付便", "number", 0 },
	{ PRINT_ITEM_ROW, "送付元", "sender", 0 },
	{ PRINT_ITEM_ROW, "送付方法", "method", 0 },
	{ PRINT_ITEM_ROW, "特定記録郵便の番号", "tracking", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_TABLE, "No.\t受付番号\t請求\t様式\t受付日", "items", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_ROW, "合計", "total", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_PARA, "この一覧は、同封する請求書の数を確かめるためのもの"
	    "です。請求者の氏名などは載せていません (請求書そのものを同封し"
	    "ます)。", NULL, 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 8 },
	{ PRINT_ITEM_BLANK, "封入確認者印", NULL, 18 },
};

/* Invented; 𠮷 (U+20BB7) in the clerk's name is beyond IPAex. */
static const struct print_field mail_list_specimen[] = {
	{ "number", "12" },
	{ "date", "作成日 令和8年12月2日" },
	{ "sender", "豊中市 市民課 (担当: 𠮷川 次郎)" },
	{ "method", "特定記録郵便" },
	{ "tracking", "1234-5678-9012" },
	{ "items", "1\t1024\t開示請求\t様式第7号\t令和8年11月30日\n"
	    "2\t1031\t訂正請求\t様式第8号\t令和8年12月1日\n"
	    "3\t1040\t開示請求\t様式第12号\t令和8年12月2日" },
	{ "total", "3 件" },
};

const struct print_form print_form_mail_list = {
	"mailing-list.pdf",
	"地方公共団体情報システム機構への送付 請求書一覧",
	mail_list_items, sizeof(mail_list_items) / sizeof(mail_list_items[0]),
	mail_list_specimen,
	sizeof(mail_list_specimen) / sizeof(mail_list_specimen[0]),
	RULES_FORM_NONE,
};

static const struct print_item mail_cover_items[] = {
	{ PRINT_ITEM_SIDE, NULL, "date", 0 },
	{ PRINT_ITEM_SIDE, "送付便", "number", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_PARA, "地方公共団体情報システム機構 御中", NULL, 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 4 },
	{ PRINT_ITEM_SIDE, NULL, "sender", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 10 },
	{ PRINT_ITEM_TITLE, NULL, NULL, 0 },
	{ PRINT_ITEM_PARA, "件名　電子証明書の開示請求書・訂正請求書の送付について",
	    NULL, 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_PARA, "標記について、次のとおり送付します。", NULL, 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_TABLE, "書類\t様式\t通数", "forms", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_ROW, "合計", "total", 0 },
	{ PRINT_ITEM_ROW, "送付方法", "method", 0 },
	{ PRINT_ITEM_ROW, "特定記録郵便の番号", "tracking", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_PARA, "明細は、同封の請求書一覧のとおりです。", NULL, 0 },
};

static const struct print_field mail_cover_specimen[] = {
	{ "date", "令和8年12月2日" },
	{ "number", "12" },
	{ "sender", "豊中市長\n豊中市 市民課 (担当: 𠮷川 次郎)" },
	{ "forms", "開示請求書\t様式第7号\t1 通\n訂正請求書\t様式第8号\t1 通\n"
	    "開示請求書\t様式第12号\t1 通" },
	{ "total", "3 通" },
	{ "method", "特定記録郵便" },
	{ "tracking", "1234-5678-9012" },
};

const struct print_form print_form_mail_cover = {
	"mailing-cover.pdf",
	"送付書",
	mail_cover_items, sizeof(mail_cover_items) / sizeof(mail_cover_items[0]),
	mail_cover_specimen,
	sizeof(mail_cover_specimen) / sizeof(mail_cover_specimen[0]),
	RULES_FORM_NONE,
};
