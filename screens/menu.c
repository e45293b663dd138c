/*
 * The main menu (メニュー): every procedure of the guideline, residents and
 * overseas persons (戸籍の附票) apart, with the rule articles they follow
 * (made from the procedure table, procs.c), the inquiry letters, the
 * search, and the maintenance menu for admins only. Procedures not built
 * yet say so when chosen.
 */
#include "madoguchi/util.h"
#include "procs.h"
#include "screens.h"

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
	.menu_items = procedure_menu_items,
};
