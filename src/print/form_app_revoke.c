/*
 * The revocations: 様式第3号 (a resident's), 様式第11号 (an overseas
 * person's), and the notices that revoke with them: a lost card
 * (個人番号カード要綱様式第18号, 個人番号通知書要綱様式第4号) and a card
 * returned (個人番号カード要綱様式第19号, 個人番号通知書要綱様式第6号).
 */
#include "form_app.h"

static const struct print_item revoke_items[] = {
	FORM_APP_HEAD("申請", "次のとおり電子証明書の失効を申請します。"),
	{ PRINT_ITEM_CHECKS, "申請の種類\t失効申請\t秘密鍵漏えい等届出", "kind",
	    0 },
	FORM_APP_CERTS("失効する電子証明書"),
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

static const struct print_item lost_items[] = {
	FORM_APP_HEAD("届出", "次のとおり届け出ます。あわせて電子証明書は"
	    "失効します。"),
	{ PRINT_ITEM_CHECKS, "届出の種類\t紛失\t廃止", "kind", 0 },
	FORM_APP_CERTS("失効する電子証明書"),
	FORM_APP_FILER("届出"),
	FORM_APP_TAIL("届出"),
};

static const struct print_item returned_items[] = {
	FORM_APP_HEAD("届出", "次のとおり個人番号カードを返納します。あわせて"
	    "電子証明書は失効します。"),
	{ PRINT_ITEM_CHECKS, "届出の種類\t返納", "kind", 0 },
	FORM_APP_CERTS("失効する電子証明書"),
	FORM_APP_FILER("届出"),
	FORM_APP_TAIL("届出"),
};

const struct print_form print_form_app_3 = {
	"app-3.pdf", NULL, revoke_items, FORM_NITEMS(revoke_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_3,
};

const struct print_form print_form_app_11 = {
	"app-11.pdf", NULL, revoke_items, FORM_NITEMS(revoke_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_11,
};

const struct print_form print_form_app_card_18 = {
	"app-card-18.pdf", NULL, lost_items, FORM_NITEMS(lost_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_18,
};

const struct print_form print_form_app_notice_4 = {
	"app-notice-4.pdf", NULL, lost_items, FORM_NITEMS(lost_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_NOTICE_4,
};

const struct print_form print_form_app_card_19 = {
	"app-card-19.pdf", NULL, returned_items, FORM_NITEMS(returned_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_19,
};

const struct print_form print_form_app_notice_6 = {
	"app-notice-6.pdf", NULL, returned_items, FORM_NITEMS(returned_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_NOTICE_6,
};
