/*
 * List screens: rows the screen formats from its data (search results,
 * records), a header line, a highlight moved with the arrow and page keys
 * and scrolled to stay visible, Enter to choose a row. The screen says
 * what choosing does.
 */
#include <stdio.h>

#include "ui_int.h"

#define LIST_ROW_MAX	1024

void
ui_list_draw(struct ui *ui, struct ui_frame *fr, int top, int bottom)
{
	const struct screen *scr = fr->scr;
	int n = scr->list_count(ui), rows = bottom - top - 2, first, i;
	char row[LIST_ROW_MAX];

	if (scr->list_header != NULL)
		ui_put(ui, top, 1, COLS - 2, scr->list_header, UI_ATTR_BOLD);
	if (n == 0) {
		ui_put(ui, top + 2, 2, COLS - 4, "該当するものはありません。",
		    UI_ATTR_BOLD);
		return;
	}
	if (fr->sel >= n)
		fr->sel = n - 1;
	if (rows < 1)
		rows = 1;
	first = fr->sel >= rows ? fr->sel - rows + 1 : 0;
	for (i = first; i < n && i - first < rows; i++) {
		scr->list_row(ui, i, row, sizeof(row));
		ui_put(ui, top + 1 + i - first, 1, COLS - 2, row,
		    i == fr->sel ? UI_ATTR_REVERSE : UI_ATTR_NORMAL);
	}
	snprintf(row, sizeof(row), "%d 件中 %d 件目  (上下キーで選び Enter で開きます)",
	    n, fr->sel + 1);
	ui_put(ui, bottom - 1, 2, COLS - 4, row, UI_ATTR_NORMAL);
}

int
ui_list_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	int n = fr->scr->list_count(ui), page = LINES - 8;

	if (ev->kind != UI_EV_KEY || n == 0)
		return 0;
	if (page < 1)
		page = 1;
	switch (ev->key) {
	case UI_K_UP:
		fr->sel = fr->sel > 0 ? fr->sel - 1 : 0;
		return 1;
	case UI_K_DOWN:
		fr->sel = fr->sel < n - 1 ? fr->sel + 1 : n - 1;
		return 1;
	case UI_K_PGUP:
		fr->sel = fr->sel > page ? fr->sel - page : 0;
		return 1;
	case UI_K_PGDN:
		fr->sel = fr->sel + page < n ? fr->sel + page : n - 1;
		return 1;
	case UI_K_HOME:
		fr->sel = 0;
		return 1;
	case UI_K_END:
		fr->sel = n - 1;
		return 1;
	case UI_K_ENTER:
		if (fr->scr->list_choose != NULL)
			fr->scr->list_choose(ui, fr->sel);
		return 1;
	}
	return 0;
}
