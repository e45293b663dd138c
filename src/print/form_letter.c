/*
 * The inquiry/reply letters (照会書兼回答書): 様式第2号, 第4号, 第9号 and
 * 個人番号カード要綱様式第20号, 第23号, mailed to the registered address in
 * a 長形3号 window envelope, brought back filled in. One item list for
 * the five (each form its own title, the seed's, and its own specimen):
 * the top third is the envelope's face (the address in the window, the
 * date, number and sender beside it), then the inquiry, the deadline and
 * what to bring, then the reply (回答書) the addressee fills in.
 *
 * Fields: form (様式第2号), date, number (整理番号), sender (lines),
 * postcode, address, name, no_forward (non-empty: 「転送不要」), body (the
 * inquiry), what, applied, window, app_form, app_no, deadline, bring,
 * reply_lead, reply (the check boxes), note.
 */
#include "madoguchi/print.h"

static const struct print_item letter_items[] = {
	{ PRINT_ITEM_CORNER, NULL, "form", 0 },
	{ PRINT_ITEM_ADDRESS, NULL, NULL, 0 },
	{ PRINT_ITEM_AT, NULL, NULL, 18 },
	{ PRINT_ITEM_SIDE, NULL, "date", 0 },
	{ PRINT_ITEM_SIDE, "整理番号", "number", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 8 },
	{ PRINT_ITEM_SIDE, NULL, "sender", 0 },
	/* Below the window and the first fold (99 mm) lies the letter. */
	{ PRINT_ITEM_AT, NULL, NULL, 66 },
	{ PRINT_ITEM_TITLE, NULL, NULL, 0 },
	{ PRINT_ITEM_PARA, NULL, "body", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 2 },
	{ PRINT_ITEM_ROW, "申請の内容", "what", 0 },
	{ PRINT_ITEM_ROW, "申請日", "applied", 0 },
	{ PRINT_ITEM_ROW, "申請の窓口", "window", 0 },
	{ PRINT_ITEM_ROW, "申請様式・受付番号", "app_form", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 3 },
	{ PRINT_ITEM_ROW, "回答の期限", "deadline", 0 },
	{ PRINT_ITEM_ROW, "お持ちいただくもの", "bring", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 7 },
	{ PRINT_ITEM_HEADING, "回答書", NULL, 0 },
	{ PRINT_ITEM_PARA, NULL, "reply_lead", 0 },
	{ PRINT_ITEM_ROW, "回答", "reply", 0 },
	{ PRINT_ITEM_BLANK, "住所", NULL, 13 },
	{ PRINT_ITEM_BLANK, "氏名 (自署)", NULL, 15 },
	{ PRINT_ITEM_ROW, "記入日", "reply_date", 0 },
	{ PRINT_ITEM_GAP, NULL, NULL, 4 },
	{ PRINT_ITEM_PARA, NULL, "note", 0 },
};

/*
 * Invented: nobody's record. 𠮷 (U+20BB7) is beyond IPAex.
 */
#define LETTER_SPECIMEN_COMMON \
	{ "date", "令和8年12月2日" }, \
	{ "sender", "豊中市長\n豊中市 市民課\n電話 06-0000-0000" }, \
	{ "postcode", "561-0000" }, \
	{ "address", "大阪府豊中市中桜塚三丁目1番1号 桜塚ハイツ203号" }, \
	{ "name", "𠮷田 花子" }, \
	{ "applied", "令和8年12月1日" }, \
	{ "window", "豊中市 市民課" }, \
	{ "deadline", "令和9年1月1日 (この日を過ぎると、改めて申請が要ります)" }, \
	{ "reply_date", "令和　　年　　月　　日" }, \
	{ "note", "この照会書兼回答書は、申請がご本人の意思によるものか確かめる" \
	    "ためにお送りしています。お心当たりのない申請のときは、「申請して" \
	    "いない」に印を付けて、お早めに市民課へご連絡ください。" }

#define LETTER_BRING_CARD \
	"・この照会書兼回答書 (回答書の欄に記入したもの)\n" \
	"・マイナンバーカード\n" \
	"・本人確認書類 (運転免許証、健康保険の資格確認書など)"

static const struct print_field letter_2_specimen[] = {
	LETTER_SPECIMEN_COMMON,
	{ "form", "様式第2号" },
	{ "number", "2026000042" },
	{ "no_forward", "1" },
	{ "body", "あなた (又はあなたの代理人) から、次の申請がありました。この"
	    "申請があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。下の回答書の欄に記入して、期限までに窓口へお持ちください。" },
	{ "what", "署名用電子証明書・利用者証明用電子証明書の発行" },
	{ "app_form", "様式第1号 (受付番号 1024)" },
	{ "bring", LETTER_BRING_CARD },
	{ "reply_lead", "上記の申請について、次のとおり回答します。" },
	{ "reply", "□ 申請した　　　□ 申請していない" },
};

static const struct print_field letter_4_specimen[] = {
	LETTER_SPECIMEN_COMMON,
	{ "form", "様式第4号" },
	{ "number", "2026000043" },
	{ "no_forward", "1" },
	{ "body", "あなた (又はあなたの代理人) から、次の申請がありました。この"
	    "申請があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。下の回答書の欄に記入して、期限までに窓口へお持ちください。" },
	{ "what", "署名用電子証明書の失効" },
	{ "app_form", "様式第3号 (受付番号 1025)" },
	{ "bring", LETTER_BRING_CARD },
	{ "reply_lead", "上記の申請について、次のとおり回答します。" },
	{ "reply", "□ 申請した　　　□ 申請していない" },
};

static const struct print_field letter_9_specimen[] = {
	LETTER_SPECIMEN_COMMON,
	{ "form", "様式第9号" },
	{ "number", "2026000044" },
	{ "body", "あなた (又はあなたの代理人) から、次の請求がありました。この"
	    "請求があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。下の回答書の欄に記入して、期限までに窓口へお持ちください。" },
	{ "what", "署名用電子証明書・利用者証明用電子証明書に関する記録の開示" },
	{ "app_form", "様式第7号 (受付番号 1026)" },
	{ "bring", "・この照会書兼回答書 (回答書の欄に記入したもの)\n"
	    "・本人確認書類 (マイナンバーカード、運転免許証など)" },
	{ "reply_lead", "上記の請求について、次のとおり回答します。" },
	{ "reply", "□ 請求した　　　□ 請求していない" },
};

static const struct print_field letter_card_20_specimen[] = {
	LETTER_SPECIMEN_COMMON,
	{ "form", "個人番号カード要綱様式第20号" },
	{ "number", "2026000045" },
	{ "body", "あなた (又はあなたの代理人) から、次の申請がありました。この"
	    "申請があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。下の回答書の欄に記入して、期限までに窓口へお持ちください。" },
	{ "what", "利用者証明用電子証明書の暗証番号の初期化" },
	{ "app_form", "個人番号カード要綱様式第4号 (受付番号 1027)" },
	{ "bring", LETTER_BRING_CARD },
	{ "reply_lead", "上記の申請について、次のとおり回答します。" },
	{ "reply", "□ 申請した　　　□ 申請していない" },
};

static const struct print_field letter_card_23_specimen[] = {
	LETTER_SPECIMEN_COMMON,
	{ "form", "個人番号カード要綱様式第23号" },
	{ "number", "2026000046" },
	{ "no_forward", "1" },
	{ "body", "あなた (又はあなたの代理人) から、次の申請がありました。この"
	    "申請があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。下の回答書の欄に記入して、期限までに窓口へお持ちください。" },
	{ "what", "署名用電子証明書・利用者証明用電子証明書の発行 (国外継続利用)" },
	{ "app_form", "個人番号カード要綱様式第17号 (受付番号 1028)" },
	{ "bring", LETTER_BRING_CARD },
	{ "reply_lead", "上記の申請について、次のとおり回答します。" },
	{ "reply", "□ 申請した　　　□ 申請していない" },
};

/* Each letter is its seed form: the title is the rules core's
 * (rules_form_title), and the form's name is the corner's (the "form"
 * field), not a caption above the title. */
#define LETTER_FORM(name, form, specimen) { \
	name, NULL, letter_items, \
	sizeof(letter_items) / sizeof(letter_items[0]), \
	specimen, sizeof(specimen) / sizeof(specimen[0]), form }

const struct print_form print_form_letter_2 = LETTER_FORM("letter-2.pdf",
    RULES_FORM_2, letter_2_specimen);
const struct print_form print_form_letter_4 = LETTER_FORM("letter-4.pdf",
    RULES_FORM_4, letter_4_specimen);
const struct print_form print_form_letter_9 = LETTER_FORM("letter-9.pdf",
    RULES_FORM_9, letter_9_specimen);
const struct print_form print_form_letter_card_20 = LETTER_FORM(
    "letter-card-20.pdf", RULES_FORM_CARD_20, letter_card_20_specimen);
const struct print_form print_form_letter_card_23 = LETTER_FORM(
    "letter-card-23.pdf", RULES_FORM_CARD_23, letter_card_23_specimen);
