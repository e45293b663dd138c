/*
 * The daily close (日計表) of a day at a window, or at every window: the
 * counts by procedure and result, the totals, the clerks who took
 * applications and the audit trail's signed head, with room for the
 * checker's and the head's seals. Nothing personal: no resident is named.
 *
 * Fields: city, number (日付 as printed), window, rows (lines of
 * 手続き\t結果\t件数), totals (結果\t件数), total, clerks (ログイン名\t氏名),
 * audit_count, audit_hash (ハッシュ and the digits), audit_note (when there is no signed head).
 */
#include "madoguchi/print.h"

static const struct print_item close_items[] = {
	{ PRINT_ITEM_TITLE, NULL, NULL, 0 },
	{ PRINT_ITEM_RIGHT, NULL, "city", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 2 },
	{ PRINT_ITEM_ROW, "日付", "number", 0 },
	{ PRINT_ITEM_ROW, "窓口", "window", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_HEADING, "手続きと結果", "rows", 0 },
	{ PRINT_ITEM_TABLE, "手続き\t結果\t件数", "rows", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 5 },
	{ PRINT_ITEM_HEADING, "結果ごとの合計", "totals", 0 },
	{ PRINT_ITEM_TABLE, "結果\t件数", "totals", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_ROW, "合計", "total", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 5 },
	{ PRINT_ITEM_HEADING, "受け付けた職員", "clerks", 0 },
	{ PRINT_ITEM_TABLE, "ログイン名\t氏名", "clerks", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 5 },
	{ PRINT_ITEM_HEADING, "監査ログの署名済み先頭", NULL, 0 },
	{ PRINT_ITEM_ROW, "件数", "audit_count", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 1.5 },
	/* A paragraph: the 64 digits on one line, as a row's cell would
	 * not hold them. */
	{ PRINT_ITEM_PARA, NULL, "audit_hash", 0 },
	{ PRINT_ITEM_PARA, NULL, "audit_note", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 8 },
	{ PRINT_ITEM_BLANK, "確認者印", NULL, 18 },
	{ PRINT_ITEM_BLANK, "責任者印", NULL, 18 },
};

/* Invented; 𠮷 (U+20BB7) is beyond IPAex, 葛󠄂 (U+845B U+E0102) a variation
 * sequence of the registry. */
static const struct print_field close_specimen[] = {
	{ "city", "豊中市" },
	{ "number", "令和8年12月2日" },
	{ "window", "市民課" },
	{ "rows", "電子証明書の発行\t完了\t12 件\n\t受付不可\t1 件\n"
	    "電子証明書の失効\t完了\t3 件\n暗証番号の初期化\t完了\t5 件" },
	{ "totals", "完了\t20 件\n受付不可\t1 件" },
	{ "total", "21 件" },
	{ "clerks", "yoshida\t𠮷岡 一郎\nkatsuragi\t葛\xf3\xa0\x84\x82城 太郎" },
	{ "audit_count", "1482" },
	{ "audit_hash", "ハッシュ 9f2c4e1a7b3d5f608e1c2a4b6d8f0a1c3e5a7c9e1b3d5f7091a3c5e7b9d1f3a5" },
};

const struct print_form print_form_close = {
	"close.pdf",
	"日計表",
	close_items, sizeof(close_items) / sizeof(close_items[0]),
	close_specimen, sizeof(close_specimen) / sizeof(close_specimen[0]),
	RULES_FORM_NONE,
};
