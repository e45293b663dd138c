/*
 * カードリーダー (admins): the card service's readers as it lists them
 * (proc_readers: no claim, no card access), each with whether a card is
 * in, whether another connection holds it and whether it has a PIN pad;
 * read when the screen comes on top and again with F5. A card service
 * that does not answer is said plainly.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/util.h"
#include "screens.h"

struct readers_view {
	struct card_reader_info	 r[CARD_READERS_MAX];
	size_t			 n;
	int			 failed;
	char			 msg[256];
};

static void
readers_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct readers_view *v;

	(void)f;
	(void)n;
	if (ui_data(ui) != NULL)
		return;
	v = xcalloc(1, sizeof(*v));
	if (ui_replace_with(ui, "readers", v) == -1)
		free(v);
}

static void
readers_show_cb(struct ui *ui)
{
	struct readers_view *v = ui_data(ui);

	if (v == NULL)
		return;
	v->failed = proc_readers(ui_session(ui)->state_dir, v->r, &v->n, v->msg,
	    sizeof(v->msg)) == -1;
}

static int
readers_count_cb(struct ui *ui)
{
	const struct readers_view *v = ui_data(ui);

	return v == NULL || v->failed ? 0 : (int)v->n;
}

static void
readers_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct card_reader_info *r =
	    &((struct readers_view *)ui_data(ui))->r[i];
	char name[96], card[32], state[32];

	ui_pad(name, sizeof(name), r->name, 40);
	ui_pad(card, sizeof(card), r->flags & CARD_READER_PRESENT ? "あり" :
	    "なし", 10);
	ui_pad(state, sizeof(state), r->flags & CARD_READER_CLAIMED ? "使用中" :
	    "空き", 12);
	snprintf(buf, size, " %s %s %s %s%s", name, card, state,
	    r->flags & (CARD_READER_PINPAD | CARD_READER_PINPAD_MOD) ? "あり" :
	    "なし", r->flags & CARD_READER_EMULATED ? " (模擬)" : "");
}

static int
readers_head_cb(struct ui *ui, int top, int bottom)
{
	const struct readers_view *v = ui_data(ui);
	char line[64];

	if (v == NULL)
		return 0;
	if (v->failed) {
		int rows = ui_wrap(ui, top, bottom, 2, 76, v->msg, UI_ATTR_BOLD);

		return rows + ui_wrap(ui, top + rows, bottom, 2, 76,
		    "サーバーで madoguchi-cardd と pcscd が動いているか確かめて、"
		    "F5 で読み直してください。", UI_ATTR_NORMAL) + 1;
	}
	snprintf(line, sizeof(line), "読取機 %zu 台  (F5 で読み直し)", v->n);
	ui_put(ui, top, 2, 76, line, UI_ATTR_NORMAL);
	return 1;
}

static void
readers_refresh_cb(struct ui *ui)
{
	readers_show_cb(ui);
	ui_status(ui, 0, "読取機の一覧を読み直しました。");
}

static const struct screen_key readers_keys[] = {
	{ 5, 'r', "読み直し", SCREEN_ACT_CALL, readers_refresh_cb },
};

const struct screen screen_readers = {
	.id = "readers",
	.title = "カードリーダー",
	.help =
	    "カード読み取りサービス (madoguchi-cardd) の読取機の一覧です。\n"
	    "カード: 読取機にカードが入っているか。状態: 使用中は別の画面\n"
	    "(接続) が手続きに使っているところです。PIN パッド: 暗証番号を\n"
	    "読取機で入力できるか。F5 (または r) で読み直します。\n"
	    "この画面はカードに触れません。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " 読取機                                   カード     状態         PIN パッド",
	.list_count = readers_count_cb,
	.list_row = readers_row_cb,
	.list_head = readers_head_cb,
	.list_footer = "",
	.keys = readers_keys,
	.nkeys = nitems(readers_keys),
	.open = readers_open_cb,
	.show = readers_show_cb,
	.free_data = free,
};
