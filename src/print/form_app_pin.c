/*
 * The PIN applications: a change or reset (個人番号カード要綱様式第4号, an
 * overseas person's 第13号), and the face-auth card, whose user PIN is not
 * set (第10号, R4-3): its signature cert is revoked (R4-3.7). The form
 * asks for no PIN: the applicant types it into the terminal.
 */
#include "form_app.h"

static const struct print_item pin_items[] = {
	FORM_APP_HEAD("申請", "次のとおり電子証明書の暗証番号について申請します。"),
	{ PRINT_ITEM_CHECKS, "申請の種類\t暗証番号の変更\t暗証番号の再設定",
	    "kind", 0 },
	FORM_APP_CERTS("対象の暗証番号"),
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

static const struct print_item face_items[] = {
	FORM_APP_HEAD("申請", "暗証番号の設定を希望しないことを申請します。"),
	{ PRINT_ITEM_CHECKS, "申請の内容\t顔認証マイナンバーカードとする",
	    "kind", 0 },
	{ PRINT_ITEM_CAPTION, "利用者証明用電子証明書の暗証番号は設定しません"
	    "（職員が設定してロックします）。署名用電子証明書は失効します。",
	    NULL, 0 },
	FORM_APP_FILER("申請"),
	FORM_APP_TAIL("申請"),
};

const struct print_form print_form_app_card_4 = {
	"app-card-4.pdf", NULL, pin_items, FORM_NITEMS(pin_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_4,
};

const struct print_form print_form_app_card_13 = {
	"app-card-13.pdf", NULL, pin_items, FORM_NITEMS(pin_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_13,
};

const struct print_form print_form_app_card_10 = {
	"app-card-10.pdf", NULL, face_items, FORM_NITEMS(face_items),
	form_app_specimen, FORM_APP_NSPECIMEN, RULES_FORM_CARD_10,
};
