/*
 * List screens: rows the screen formats from its data (search results,
 * records), a header line, a highlight moved with the arrow and page keys
 * and scrolled to stay visible, Enter to choose a row. The screen says
 * what choosing does. A list may have fixed lines above it (list_head);
 * the frame keeps the first row shown, so the view moves only when the
 * highlight would leave it, and the header says where it is ("(3/7)").
 */
#include <stdio.h>

#include "ui_int.h"

#define LIST_ROW_MAX	1024

int
ui_list_selected(struct ui *ui)
{
	return ui_top(ui)->sel;
}

void
ui_list_select(struct ui *ui, int i)
{
	ui_top(ui)->sel = i > 0 ? i : 0;
}

/* Keep the highlight among the n rows and in the view of fr->rows. */
static void
list_scroll(struct ui_frame *fr, int n)
{
	if (fr->sel >= n)
		fr->sel = n - 1;
	if (fr->sel < 0)
		fr->sel = 0;
	if (fr->sel < fr->first)
		fr->first = fr->sel;
	if (fr->sel >= fr->first + fr->rows)
		fr->first = fr->sel - fr->rows + 1;
	if (fr->first > n - fr->rows)
		fr->first = n - fr->rows;
	if (fr->first < 0)
		fr->first = 0;
}

/* The header line; with the position at its right end when the rows do
 * not all fit. */
static void
list_draw_header(struct ui *ui, const struct ui_frame *fr, int row, int n)
{
	char pos[32];
	int pw = 0;

	if (n > fr->rows) {
		snprintf(pos, sizeof(pos), "(%d/%d)", fr->sel + 1, n);
		pw = ui_text_width(pos);
		ui_put(ui, row, COLS - 1 - pw, pw, pos, UI_ATTR_BOLD);
	}
	if (fr->scr->list_header != NULL)
		ui_put(ui, row, 1, COLS - 2 - (pw > 0 ? pw + 1 : 0),
		    fr->scr->list_header, UI_ATTR_BOLD);
}

void
ui_list_draw(struct ui *ui, struct ui_frame *fr, int top, int bottom)
{
	const struct screen *scr = fr->scr;
	const char *footer = scr->list_footer;
	int n = scr->list_count(ui), i;
	char row[LIST_ROW_MAX];

	if (scr->list_head != NULL)
		top += scr->list_head(ui, top, bottom);
	fr->rows = bottom - top - (footer != NULL && *footer == '\0' ? 1 : 2);
	if (fr->rows < 1)
		fr->rows = 1;
	if (n == 0) {
		fr->sel = fr->first = 0;
		list_draw_header(ui, fr, top, n);
		ui_put(ui, top + 1, 2, COLS - 4, "該当するものはありません。",
		    UI_ATTR_BOLD);
		return;
	}
	list_scroll(fr, n);
	list_draw_header(ui, fr, top, n);
	for (i = fr->first; i < n && i - fr->first < fr->rows; i++) {
		scr->list_row(ui, i, row, sizeof(row));
		ui_put(ui, top + 1 + i - fr->first, 1, COLS - 2, row,
		    i == fr->sel ? UI_ATTR_REVERSE : UI_ATTR_NORMAL);
	}
	if (footer == NULL) {
		snprintf(row, sizeof(row), "%d 件中 %d 件目  (上下キーで選び "
		    "Enter で開きます)", n, fr->sel + 1);
		footer = row;
	}
	if (*footer != '\0')
		ui_put(ui, bottom - 1, 2, COLS - 4, footer, UI_ATTR_NORMAL);
}

int
ui_list_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	int n = fr->scr->list_count(ui), page = fr->rows > 1 ? fr->rows - 1 : 1;

	if (ev->kind != UI_EV_KEY || n == 0)
		return 0;
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
