/*
 * The maintenance menu (保守), for admins only: clerks and their keys,
 * settings, the audit trail, card readers, retention, backups, figures,
 * print jobs.
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
	{ '9', "印刷ジョブ", NULL, "print_jobs", UI_ROLE_ADMIN, NULL },
};

const struct screen screen_maint = {
	.id = "maint",
	.title = "保守",
	.help =
	    "管理者だけが使う画面です。\n"
	    "1 職員の一覧 / 2 職員の登録・鍵・停止: 職員を選んで鍵の追加と削除、\n"
	    "  窓口と役割の変更、停止と再開。F2 で新しい職員の登録 (公開鍵の行を\n"
	    "  貼り付けます)。\n"
	    "3 設定: 市の名称と窓口、無操作終了、ログイン制限、保存期間、承認。\n"
	    "4 監査ログ: 日付・職員・本人・手続きで絞って表示、F6 で検証。\n"
	    "5 カードリーダー: 読取機とカードの有無、使用中か、PIN パッド。\n"
	    "9 印刷ジョブ: 印刷した帳票と結果、失敗したものをもう一度印刷。\n"
	    "変更はすべて監査ログに残ります。",
	.kind = SCREEN_MENU,
	.min_role = UI_ROLE_ADMIN,
	.items = maint_items,
	.nitems = nitems(maint_items),
};
