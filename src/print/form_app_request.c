/*
 * Requests about the certification records (R6, R6-2): disclosure
 * (様式第7号, 【国外転出者用】様式第12号) and correction (様式第8号, 様式
 * 第13号), which carries what the applicant asks to correct as typed.
 */
#include "form_app.h"

static const struct print_item disclose_items[] = {
	FORM_APP_HEAD("請求", "次のとおり認証業務情報の開示を請求します。"),
	{ PRINT_ITEM_CHECKS, "請求の種類\t開示", "kind", 0 },
	FORM_APP_CERTS("対象の電子証明書"),
	FORM_APP_FILER("請求"),
	FORM_APP_TAIL("請求"),
};

static const struct print_item correct_items[] = {
	FORM_APP_HEAD("請求", "次のとおり認証業務情報の訂正を請求します。"),
	{ PRINT_ITEM_CHECKS, "請求の種類\t訂正", "kind", 0 },
	FORM_APP_CERTS("対象の電子証明書"),
	{ PRINT_ITEM_ROW, "訂正を求める内容", "request", 0 },
	FORM_APP_FILER("請求"),
	FORM_APP_TAIL("請求"),
};

const struct print_form print_form_app_7 = {
	"app-7.pdf", NULL, disclose_items, FORM_NITEMS(disclose_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_7,
};

const struct print_form print_form_app_12 = {
	"app-12.pdf", NULL, disclose_items, FORM_NITEMS(disclose_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_12,
};

const struct print_form print_form_app_8 = {
	"app-8.pdf", NULL, correct_items, FORM_NITEMS(correct_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_8,
};

const struct print_form print_form_app_13 = {
	"app-13.pdf", NULL, correct_items, FORM_NITEMS(correct_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_13,
};
