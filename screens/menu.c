/*
 * The main menu (メニュー): every procedure of the guideline, residents and
 * overseas persons (戸籍の附票) apart, with the rule articles they follow,
 * and the maintenance menu for admins only. Items whose screen is not in
 * screen_table yet say so when chosen.
 */
#include "madoguchi/util.h"
#include "screens.h"

static const struct screen_item menu_items[] = {
	{ '1', "電子証明書の発行・更新 (住民)", "第2条 R2",
	  "issue_resident", UI_ROLE_CLERK, NULL },
	{ '2', "電子証明書の発行・更新 (国外転出者)", "第2条の2 R2-2",
	  "issue_overseas", UI_ROLE_CLERK, NULL },
	{ '3', "電子証明書の失効 (住民)", "第3条 R3",
	  "revoke_resident", UI_ROLE_CLERK, NULL },
	{ '4', "電子証明書の失効 (国外転出者)", "第3条の2 R3-2",
	  "revoke_overseas", UI_ROLE_CLERK, NULL },
	{ '5', "暗証番号の変更・初期化 (住民)", "第4条 R4",
	  "pin_resident", UI_ROLE_CLERK, NULL },
	{ '6', "暗証番号の変更・初期化 (国外転出者)", "第4条の2 R4-2",
	  "pin_overseas", UI_ROLE_CLERK, NULL },
	{ '7', "顔認証マイナンバーカードへの切替", "第4条の3 R4-3",
	  "face_auth", UI_ROLE_CLERK, NULL },
	{ '8', "紛失カードの発見 (一時保留の失効)", "第5条 R5",
	  "card_found", UI_ROLE_CLERK, NULL },
	{ '9', "開示請求・訂正請求 (住民)", "第6条 R6",
	  "disclosure_resident", UI_ROLE_CLERK, NULL },
	{ 'a', "開示請求・訂正請求 (国外転出者)", "第6条の2 R6-2",
	  "disclosure_overseas", UI_ROLE_CLERK, NULL },
	{ 'b', "照会書兼回答書 (作成・返送の受付)", "R2.9 R3.7",
	  "inquiry", UI_ROLE_CLERK, NULL },
	{ 'c', "本人・申請の検索", NULL, "search", UI_ROLE_CLERK, NULL },
	{ 'm', "保守 (管理者)", NULL, "maint", UI_ROLE_ADMIN, NULL },
};

const struct screen screen_menu = {
	.id = "menu",
	.title = "メニュー",
	.help =
	    "電子証明書の発行申請等の受付要綱にある手続きの一覧です。\n"
	    "行頭の番号か英字を押すと、その手続きの画面を開きます。\n"
	    "上下キーで選んで Enter でも開けます。\n"
	    "住民 (住民基本台帳) と国外転出者 (戸籍の附票) で手続きが分かれます。\n"
	    "右の欄は根拠となる要綱の条です。",
	.kind = SCREEN_MENU,
	.min_role = UI_ROLE_CLERK,
	.items = menu_items,
	.nitems = nitems(menu_items),
};
