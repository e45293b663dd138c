/*
 * 受付票 (申請者控え): the slip handed to the applicant at the counter, the
 * content of proc_receipt_text (src/proc/proc_print.c) laid out as a form.
 * Never a PIN, never the individual number: no field carries them.
 *
 * Fields: city, number, date (和暦), name, form, state, certs (lines of
 * kind\tserial\texpiry; absent but for an issuance, when heading and table
 * are left out), body (what was done, PINs' state: text), window, clerk.
 */
#include "madoguchi/print.h"

static const struct print_item receipt_items[] = {
	{ PRINT_ITEM_TITLE, "電子証明書の申請 受付票 (申請者控え)", NULL, 0 },
	{ PRINT_ITEM_RIGHT, NULL, "city", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 2 },
	{ PRINT_ITEM_ROW, "受付番号", "number", 0 },
	{ PRINT_ITEM_ROW, "受付日", "date", 0 },
	{ PRINT_ITEM_ROW, "氏名", "name", 0 },
	{ PRINT_ITEM_ROW, "申請様式", "form", 0 },
	{ PRINT_ITEM_ROW, "処理状況", "state", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_HEADING, "発行した電子証明書", "certs", 0 },
	{ PRINT_ITEM_TABLE, "種類\tシリアル番号\t有効期限", "certs", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_PARA, NULL, "body", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_ROW, "受付窓口", "window", 0 },
	{ PRINT_ITEM_ROW, "担当", "clerk", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 6 },
	{ PRINT_ITEM_PARA, "この控えは大切に保管してください。暗証番号と個人番号は"
	    "この票には記載しません。", NULL, 0 },
};

/* Invented: nobody's record. 𠮷 (U+20BB7) is beyond IPAex; the clerk's
 * 葛󠄂 is U+845B U+E0102, a variation sequence of the registry that
 * IPAmj明朝 draws with its own glyph. */
static const struct print_field receipt_specimen[] = {
	{ "city", "豊中市" },
	{ "number", "1024" },
	{ "date", "令和8年12月2日" },
	{ "name", "𠮷田 花子 様" },
	{ "form", "様式第1号" },
	{ "state", "発行済み" },
	{ "certs", "署名用電子証明書\t4F3A9C2E71B05D8846E2A1C97B3D0F15\t令和13年12月1日\n"
	    "利用者証明用電子証明書\t5B81E07C3D2A96F4C1087E5A23B9D64E\t令和13年12月1日" },
	{ "body", "暗証番号 (この票には記載しません):\n"
	    "  署名用電子証明書: 申請者が設定しました\n"
	    "  利用者証明用電子証明書: 申請者が設定しました" },
	{ "window", "豊中市 市民課" },
	{ "clerk", "葛\xf3\xa0\x84\x82城 太郎" },
};

const struct print_form print_form_receipt = {
	"receipt.pdf",
	"電子証明書の申請 受付票 (申請者控え)",
	receipt_items, sizeof(receipt_items) / sizeof(receipt_items[0]),
	receipt_specimen, sizeof(receipt_specimen) / sizeof(receipt_specimen[0]),
	RULES_FORM_NONE,
};
