/*
 * 職員の一覧 (admins): every clerk of the database with window, role and
 * whether the account is stopped, read through the store when the list
 * comes on top. Enter opens the clerk (clerk_edit.c: keys, window, role,
 * stop); F2 registers a new one.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

struct clerks_view {
	struct store_clerk	*c;
	int			 n, cap;
	int			 failed;
};

static void
clerks_free(void *p)
{
	struct clerks_view *v = p;

	if (v == NULL)
		return;
	free(v->c);
	free(v);
}

/* Opened without data (the menu): the list takes its own view. */
static void
clerks_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct clerks_view *v;

	(void)f;
	(void)n;
	if (ui_data(ui) != NULL)
		return;
	v = xcalloc(1, sizeof(*v));
	if (ui_replace_with(ui, "clerks", v) == -1)
		clerks_free(v);
}

static int
clerks_add_cb(const struct store_clerk *c, void *arg)
{
	struct clerks_view *v = arg;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 16;
		v->c = xreallocarray(v->c, (size_t)v->cap, sizeof(*v->c));
	}
	v->c[v->n++] = *c;
	return 0;
}

static void
clerks_show_cb(struct ui *ui)
{
	struct clerks_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;

	if (v == NULL)
		return;
	v->n = 0;
	v->failed = st == NULL || store_clerk_foreach(st, clerks_add_cb, v) == -1;
}

static int
clerks_count_cb(struct ui *ui)
{
	const struct clerks_view *v = ui_data(ui);

	return v == NULL ? 0 : v->n;
}

static void
clerks_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_clerk *c = &((struct clerks_view *)ui_data(ui))->c[i];
	const char *win = ui_window_name(ui, c->window);
	int role = ui_role_parse(c->role);
	char login[64], name[128], w[64], r[32];

	ui_pad(login, sizeof(login), c->login, 16);
	ui_pad(name, sizeof(name), c->name, 22);
	ui_pad(w, sizeof(w), win != NULL ? win : c->window, 14);
	ui_pad(r, sizeof(r), role >= 0 ? ui_role_label((enum ui_role)role) :
	    c->role, 8);
	snprintf(buf, size, " %s %s %s %s %s", login, name, w, r,
	    c->disabled ? "停止中" : "有効");
}

/* Jumping: a clerk by the login (the names are kanji). */
static void
clerks_key_cb(struct ui *ui, int i, struct screen_list_key *k)
{
	const struct store_clerk *c = &((struct clerks_view *)ui_data(ui))->c[i];

	snprintf(k->code, sizeof(k->code), "%s", c->login);
}

static void
clerks_choose_cb(struct ui *ui, int i)
{
	const struct clerks_view *v = ui_data(ui);

	if (v == NULL || i < 0 || i >= v->n)
		return;
	clerk_edit_open(ui, v->c[i].login);
}

static int
clerks_head_cb(struct ui *ui, int top, int bottom)
{
	const struct clerks_view *v = ui_data(ui);
	char line[128];

	(void)bottom;
	if (v == NULL || v->failed) {
		ui_put(ui, top, 2, 76, "職員の一覧を読めませんでした。", UI_ATTR_BOLD);
		return 1;
	}
	snprintf(line, sizeof(line), "%d 人  (Enter で鍵・窓口・停止、F2 で"
	    "新しい職員の登録)", v->n);
	ui_put(ui, top, 2, 76, line, UI_ATTR_NORMAL);
	return 1;
}

static void
clerks_new_cb(struct ui *ui)
{
	ui_open(ui, "clerk_add");
}

static const struct screen_key clerks_keys[] = {
	{ 2, 'a', "登録", SCREEN_ACT_CALL, clerks_new_cb },
};

const struct screen screen_clerks = {
	.id = "clerks",
	.title = "職員の一覧",
	.help =
	    "データベースに登録された職員の一覧です。\n"
	    "上下キーで選んで Enter で、その職員の鍵の一覧・鍵の追加と削除・\n"
	    "窓口と役割の変更・停止と再開の画面を開きます。\n"
	    "F2 (または a) で新しい職員を登録します。\n"
	    "ログイン名を打つとその職員へ移ります (a は登録なので大文字の A)。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " ログイン名       氏名                   窓口           役割     状態",
	.list_count = clerks_count_cb,
	.list_row = clerks_row_cb,
	.list_key = clerks_key_cb,
	.list_choose = clerks_choose_cb,
	.list_head = clerks_head_cb,
	.keys = clerks_keys,
	.nkeys = nitems(clerks_keys),
	.open = clerks_open_cb,
	.show = clerks_show_cb,
	.free_data = clerks_free,
};
