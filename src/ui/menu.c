/*
 * Menu screens: the items of a screen's table that the clerk's role may
 * see, chosen by their key (a digit or a letter, for terminals without
 * function keys) or by moving the highlight and pressing Enter. An item
 * whose target screen is not in the run's table says plainly that the
 * procedure is not built yet.
 */
#include <stdint.h>
#include <stdio.h>

#include "madoguchi/util.h"
#include "ui_int.h"

int
ui_menu_visible(const struct ui *ui, const struct screen_item *it)
{
	return ui->sess->role >= it->min_role;
}

/* The screen's items: its table, or what its menu_items makes. */
static const struct screen_item *
menu_table(const struct screen *scr, size_t *n)
{
	const struct screen_item *items = scr->items;

	*n = scr->nitems;
	if (scr->menu_items != NULL)
		*n = scr->menu_items(&items);
	return items;
}

/* The index in the table of the n-th visible item, or -1. */
static int
menu_nth(const struct ui *ui, const struct screen *scr, int n)
{
	size_t i, count;
	const struct screen_item *items = menu_table(scr, &count);

	for (i = 0; i < count; i++)
		if (ui_menu_visible(ui, &items[i]) && n-- == 0)
			return (int)i;
	return -1;
}

static const struct screen_item *
menu_item(const struct screen *scr, int i)
{
	size_t n;

	return &menu_table(scr, &n)[i];
}

static int
menu_count(const struct ui *ui, const struct screen *scr)
{
	int n = 0;

	while (menu_nth(ui, scr, n) != -1)
		n++;
	return n;
}

void
ui_menu_draw(struct ui *ui, struct ui_frame *fr, int top, int bottom)
{
	const struct screen *scr = fr->scr;
	int n = menu_count(ui, scr), first = 0, i, row;

	if (fr->sel >= n)
		fr->sel = n > 0 ? n - 1 : 0;
	if (fr->sel - first >= bottom - top - 1)
		first = fr->sel - (bottom - top - 2);
	for (i = first, row = top + 1; i < n && row < bottom; i++, row++) {
		const struct screen_item *it = menu_item(scr, menu_nth(ui, scr, i));
		int attrs = i == fr->sel ? UI_ATTR_REVERSE : UI_ATTR_NORMAL;
		char line[256];

		snprintf(line, sizeof(line), " %c  %s ", it->key, it->label);
		ui_put(ui, row, 4, 52, line, attrs);
		if (it->rules != NULL)
			ui_put(ui, row, 58, COLS - 59, it->rules, UI_ATTR_NORMAL);
	}
	ui_put(ui, bottom - 1, 4, COLS - 8,
	    "番号・英字キーか、上下キーと Enter で選んでください。",
	    UI_ATTR_NORMAL);
}

static void
menu_choose(struct ui *ui, const struct screen_item *it)
{
	const struct screen *target = it->target != NULL ?
	    ui_screen_by_id(ui, it->target) : NULL;

	ui->msg[0] = '\0';
	if (target == NULL) {
		ui_modal(ui, UI_MODAL_MESSAGE, it->label, UI_TEXT_NOT_BUILT);
		return;
	}
	if (it->arg != NULL)
		ui_open_with(ui, it->target, (void *)(uintptr_t)it->arg);
	else
		ui_open(ui, it->target);
}

int
ui_menu_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	const struct screen *scr = fr->scr;
	int n = menu_count(ui, scr), i;

	if (ev->kind == UI_EV_CHAR) {
		for (i = 0; i < n; i++) {
			const struct screen_item *it =
			    menu_item(scr, menu_nth(ui, scr, i));
			if ((wchar_t)it->key == ev->ch) {
				fr->sel = i;
				menu_choose(ui, it);
				return 1;
			}
		}
		return 0;
	}
	if (ev->kind != UI_EV_KEY || n == 0)
		return 0;
	switch (ev->key) {
	case UI_K_UP:
	case UI_K_BTAB:
		fr->sel = fr->sel > 0 ? fr->sel - 1 : n - 1;
		return 1;
	case UI_K_DOWN:
	case UI_K_TAB:
		fr->sel = fr->sel < n - 1 ? fr->sel + 1 : 0;
		return 1;
	case UI_K_HOME:
	case UI_K_PGUP:
		fr->sel = 0;
		return 1;
	case UI_K_END:
	case UI_K_PGDN:
		fr->sel = n - 1;
		return 1;
	case UI_K_ENTER:
		menu_choose(ui, menu_item(scr, menu_nth(ui, scr, fr->sel)));
		return 1;
	}
	return 0;
}
