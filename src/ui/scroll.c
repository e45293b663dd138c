/*
 * Text that scrolls on an info screen (a receipt, an audit entry's
 * detail): the screen's draw function hands the whole text to
 * ui_scroll_text, which wraps it and draws the rows from the frame's first
 * one; the runtime moves that row on the arrow and page keys
 * (ui_info_event). Where the text does not all fit, the title row ends
 * with the page shown, "(1/2)", so the clerk knows there is more.
 */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

/* Bytes of one wrapped row (as draw.c's ui_wrap). */
#define SCROLL_LINE_MAX	1024

/* The text past its first skip wrapped rows at cols. */
static const char *
scroll_skip(const char *utf8, int cols, int skip)
{
	while (skip-- > 0 && *utf8 != '\0') {
		utf8 += ui_wrap_line(utf8, cols, SCROLL_LINE_MAX - 1, NULL);
		if (*utf8 == '\n')
			utf8++;
	}
	return utf8;
}

int
ui_scroll_text(struct ui *ui, int top, int bottom, int col, int cols,
    const char *utf8, int attrs)
{
	struct ui_frame *fr = ui_top(ui);
	char pos[32];
	int lines, widest, pages, page;

	if (bottom <= top)
		return 0;
	ui_wrapped_size(utf8, cols, &lines, &widest);
	/* A text's last '\n' ends its last row; no blank row after it. */
	if (lines > 1 && utf8[strlen(utf8) - 1] == '\n')
		lines--;
	fr->lines = lines;
	fr->rows = bottom - top;
	if (fr->first > lines - fr->rows)
		fr->first = lines - fr->rows;
	if (fr->first < 0)
		fr->first = 0;
	if (lines > fr->rows) {
		pages = (lines + fr->rows - 1) / fr->rows;
		page = (fr->first + fr->rows - 1) / fr->rows + 1;
		if (fr->first + fr->rows >= lines)
			page = pages;
		snprintf(pos, sizeof(pos), "(%d/%d)", page, pages);
		ui_put(ui, 1, COLS - 1 - ui_text_width(pos),
		    ui_text_width(pos), pos, UI_ATTR_BOLD);
	}
	return ui_wrap(ui, top, bottom, col, cols,
	    scroll_skip(utf8, cols, fr->first), attrs);
}

int
ui_info_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	int page = fr->rows > 1 ? fr->rows - 1 : 1, last;

	(void)ui;
	if (ev->kind != UI_EV_KEY || fr->lines <= fr->rows)
		return 0;
	last = fr->lines - fr->rows;
	switch (ev->key) {
	case UI_K_UP:
		fr->first--;
		break;
	case UI_K_DOWN:
		fr->first++;
		break;
	case UI_K_PGUP:
		fr->first -= page;
		break;
	case UI_K_PGDN:
		fr->first += page;
		break;
	case UI_K_HOME:
		fr->first = 0;
		break;
	case UI_K_END:
		fr->first = last;
		break;
	default:
		return 0;
	}
	if (fr->first > last)
		fr->first = last;
	if (fr->first < 0)
		fr->first = 0;
	return 1;
}
