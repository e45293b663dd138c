/*
 * 職員の一覧 (admins): every clerk of the database with window, role and
 * whether the account is stopped, read through the store on each redraw.
 */
#include <stdio.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

struct clerks_draw {
	struct ui	*ui;
	int		 row, bottom, shown, total;
};

static int
clerks_row_cb(const struct store_clerk *c, void *arg)
{
	struct clerks_draw *d = arg;
	const char *win = ui_window_label(c->window);
	int role = ui_role_parse(c->role);

	d->total++;
	if (d->row >= d->bottom)
		return 0;
	ui_put(d->ui, d->row, 2, 16, c->login, UI_ATTR_NORMAL);
	ui_put(d->ui, d->row, 19, 22, c->name, UI_ATTR_NORMAL);
	ui_put(d->ui, d->row, 42, 14, win != NULL ? win : c->window, 0);
	ui_put(d->ui, d->row, 57, 8, role >= 0 ? ui_role_label(role) : c->role, 0);
	ui_put(d->ui, d->row, 66, 12, c->disabled ? "停止中" : "有効", 0);
	d->row++;
	d->shown++;
	return 0;
}

static void
clerks_draw_cb(struct ui *ui, int top, int bottom)
{
	struct store *st = ui_session(ui)->store;
	struct clerks_draw d = { ui, top + 2, bottom - 1, 0, 0 };
	char line[128];

	ui_put(ui, top, 2, 16, "ログイン名", UI_ATTR_BOLD);
	ui_put(ui, top, 19, 22, "氏名", UI_ATTR_BOLD);
	ui_put(ui, top, 42, 14, "窓口", UI_ATTR_BOLD);
	ui_put(ui, top, 57, 8, "役割", UI_ATTR_BOLD);
	ui_put(ui, top, 66, 12, "状態", UI_ATTR_BOLD);
	if (st == NULL || store_clerk_foreach(st, clerks_row_cb, &d) == -1) {
		ui_put(ui, top + 2, 2, 76, "職員の一覧を読めませんでした。", UI_ATTR_BOLD);
		return;
	}
	snprintf(line, sizeof(line), "%d 人 (表示 %d 人)", d.total, d.shown);
	ui_put(ui, bottom - 1, 2, 40, line, UI_ATTR_NORMAL);
}

const struct screen screen_clerks = {
	.id = "clerks",
	.title = "職員の一覧",
	.help =
	    "データベースに登録された職員の一覧です。\n"
	    "登録・鍵の追加・停止はサーバーで madoguchi clerk を使います。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_ADMIN,
	.draw = clerks_draw_cb,
};
