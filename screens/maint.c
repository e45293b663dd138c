/*
 * The maintenance menu (保守), for admins only: clerks and their keys,
 * settings, the audit trail, card readers, retention, backups, figures.
 */
#include "madoguchi/util.h"
#include "screens.h"

static const struct screen_item maint_items[] = {
	{ '1', "職員の一覧", NULL, "clerks", UI_ROLE_ADMIN, NULL },
	{ '2', "職員の登録・鍵・停止", NULL, "clerk_edit", UI_ROLE_ADMIN, NULL },
	{ '3', "設定", NULL, "settings", UI_ROLE_ADMIN, NULL },
	{ '4', "監査ログ", NULL, "audit", UI_ROLE_ADMIN, NULL },
	{ '5', "カードリーダー", NULL, "readers", UI_ROLE_ADMIN, NULL },
	{ '6', "保存期間 (申請書の保存)", "第7条 R7", "retention", UI_ROLE_ADMIN, NULL },
	{ '7', "バックアップ", NULL, "backup", UI_ROLE_ADMIN, NULL },
	{ '8', "統計", NULL, "stats", UI_ROLE_ADMIN, NULL },
};

const struct screen screen_maint = {
	.id = "maint",
	.title = "保守",
	.help =
	    "管理者だけが使う画面です。\n"
	    "職員の登録と停止は、まだ画面がないため、サーバーで\n"
	    "  madoguchi clerk add LOGIN --key 公開鍵 --role 役割 --window 窓口\n"
	    "  madoguchi clerk disable LOGIN\n"
	    "を使ってください。",
	.kind = SCREEN_MENU,
	.min_role = UI_ROLE_ADMIN,
	.items = maint_items,
	.nitems = nitems(maint_items),
};
