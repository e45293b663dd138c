/*
 * The issuance applications: 様式第1号 (a resident's), 様式第10号 (an
 * overseas person's), and the card-guideline forms that carry an issuance
 * or revocation with a card procedure (個人番号カード要綱様式第3号, 第5号,
 * 第8号: new, renewal or revocation; 第14号, 第16号, 第17号: new or
 * revocation). Titles are the seed's, through rules_form_title.
 */
#include "form_app.h"

static const struct print_item issue_items[] = {
	FORM_APP_HEAD("申請", "次のとおり電子証明書の発行を申請します。"),
	{ PRINT_ITEM_CHECKS, "申請の種類\t新規発行\t更新", "kind", 0 },
	FORM_APP_CERTS("発行する電子証明書"),
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

/* With a card procedure: the certs are issued, renewed or revoked. */
static const struct print_item card_renew_items[] = {
	FORM_APP_HEAD("申請", "個人番号カードの手続とあわせて、次のとおり電子"
	    "証明書について申請します。"),
	{ PRINT_ITEM_CHECKS, "電子証明書の手続\t新規発行\t更新\t失効", "kind",
	    0 },
	FORM_APP_CERTS("対象の電子証明書"),
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

/* An overseas person's card procedure: issued or revoked. */
static const struct print_item card_items[] = {
	FORM_APP_HEAD("申請", "個人番号カードの手続とあわせて、次のとおり電子"
	    "証明書について申請します。"),
	{ PRINT_ITEM_CHECKS, "電子証明書の手続\t新規発行\t失効", "kind", 0 },
	FORM_APP_CERTS("対象の電子証明書"),
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

const struct print_form print_form_app_1 = {
	"app-1.pdf", NULL, issue_items, FORM_NITEMS(issue_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_1,
};

const struct print_form print_form_app_10 = {
	"app-10.pdf", NULL, issue_items, FORM_NITEMS(issue_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_10,
};

const struct print_form print_form_app_card_3 = {
	"app-card-3.pdf", NULL, card_renew_items,
	FORM_NITEMS(card_renew_items), form_app_specimen, FORM_APP_NSPECIMEN,
	RULES_FORM_CARD_3,
};

const struct print_form print_form_app_card_5 = {
	"app-card-5.pdf", NULL, card_renew_items,
	FORM_NITEMS(card_renew_items), form_app_specimen, FORM_APP_NSPECIMEN,
	RULES_FORM_CARD_5,
};

const struct print_form print_form_app_card_8 = {
	"app-card-8.pdf", NULL, card_renew_items,
	FORM_NITEMS(card_renew_items), form_app_specimen, FORM_APP_NSPECIMEN,
	RULES_FORM_CARD_8,
};

const struct print_form print_form_app_card_14 = {
	"app-card-14.pdf", NULL, card_items, FORM_NITEMS(card_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_14,
};

const struct print_form print_form_app_card_16 = {
	"app-card-16.pdf", NULL, card_items, FORM_NITEMS(card_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_16,
};

const struct print_form print_form_app_card_17 = {
	"app-card-17.pdf", NULL, card_items, FORM_NITEMS(card_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_17,
};
