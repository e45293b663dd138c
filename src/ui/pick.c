/*
 * The list box: a framed box over the screen (ACS lines, as the message
 * boxes) with numbered rows, one chosen by its digit or by the arrows and
 * Enter; Esc closes it without a choice. A choice field whose choices do
 * not fit beside it opens this (form.c). While it is open its state is
 * struct ui_pick, pointed to by ui->pick; ui_draw_all draws it on top.
 */
#include <stdio.h>
#include <string.h>

#include "ui_int.h"

#define PICK_ROW_MAX	256

/* Rows of the box's list that fit the terminal. */
static int
pick_rows(const struct ui_pick *p)
{
	int room = LINES - 8;

	if (room < 1)
		room = 1;
	return p->n < room ? p->n : room;
}

static void
pick_row_text(const struct ui_pick *p, int i, char *buf, size_t size)
{
	if (i < 9)
		snprintf(buf, size, "%d: %s", i + 1, p->labels[i]);
	else
		snprintf(buf, size, "   %s", p->labels[i]);
}

void
ui_pick_draw(struct ui *ui)
{
	const struct ui_pick *p = ui->pick;
	static const char footer[] = "数字、または上下キーと Enter で選びます"
	    "  Esc 閉じる";
	char row[PICK_ROW_MAX], pos[32];
	int rows = pick_rows(p), w, h, y, x, i, cols = 0;

	for (i = 0; i < p->n; i++) {
		pick_row_text(p, i, row, sizeof(row));
		if (ui_text_width(row) > cols)
			cols = ui_text_width(row);
	}
	snprintf(pos, sizeof(pos), "(%d/%d)", p->sel + 1, p->n);
	if (cols < ui_text_width(footer))
		cols = ui_text_width(footer);
	if (cols < ui_text_width(p->title) + ui_text_width(pos) + 3)
		cols = ui_text_width(p->title) + ui_text_width(pos) + 3;
	w = cols + 4 > COLS - 2 ? COLS - 2 : cols + 4;
	h = rows + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box_frame(y, x, h, w);
	ui_put(ui, y, x + 2, w - 4, p->title, UI_ATTR_BOLD);
	/* Where the list is, when it does not all fit. */
	if (rows < p->n)
		ui_put(ui, y, x + w - 2 - ui_text_width(pos),
		    ui_text_width(pos), pos, UI_ATTR_BOLD);
	for (i = p->first; i < p->n && i - p->first < rows; i++) {
		pick_row_text(p, i, row, sizeof(row));
		ui_put(ui, y + 1 + i - p->first, x + 2, w - 4, row,
		    i == p->sel ? UI_ATTR_REVERSE : UI_ATTR_NORMAL);
	}
	ui_put(ui, y + h - 2, x + 2, w - 4, footer, UI_ATTR_BOLD);
}

/* Keep the highlight within the rows and in view. */
static void
pick_scroll(struct ui_pick *p)
{
	int rows = pick_rows(p);

	if (p->sel < 0)
		p->sel = 0;
	if (p->sel >= p->n)
		p->sel = p->n - 1;
	if (p->sel < p->first)
		p->first = p->sel;
	if (p->sel >= p->first + rows)
		p->first = p->sel - rows + 1;
}

/* One event: 1 when chosen (p->sel), -1 when closed, 0 to go on. */
static int
pick_event(struct ui_pick *p, const struct ui_event *ev)
{
	int page = pick_rows(p) > 1 ? pick_rows(p) - 1 : 1;
	wchar_t ch = ev->ch;

	if (ev->kind == UI_EV_CHAR) {
		if (ch >= 0xff10 && ch <= 0xff19)	/* full-width digit */
			ch = L'0' + (ch - 0xff10);
		if (ch >= L'1' && ch <= L'9' && ch - L'1' < p->n) {
			p->sel = (int)(ch - L'1');
			return 1;
		}
		return 0;
	}
	if (ev->kind != UI_EV_KEY)
		return ev->kind == UI_EV_EOF || ev->kind == UI_EV_STOP ||
		    ev->kind == UI_EV_IDLE ? -1 : 0;
	switch (ev->key) {
	case UI_K_ENTER:
		return 1;
	case UI_K_ESC:
		return -1;
	case UI_K_UP:
		p->sel--;
		break;
	case UI_K_DOWN:
		p->sel++;
		break;
	case UI_K_PGUP:
		p->sel -= page;
		break;
	case UI_K_PGDN:
		p->sel += page;
		break;
	case UI_K_HOME:
		p->sel = 0;
		break;
	case UI_K_END:
		p->sel = p->n - 1;
		break;
	}
	return 0;
}

int
ui_pick(struct ui *ui, const char *title, const char *const *labels, int n,
    int current)
{
	struct ui_pick p;
	struct ui_event ev;
	int rc = 0;

	if (n <= 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.title = title;
	p.labels = labels;
	p.n = n;
	p.sel = current >= 0 && current < n ? current : 0;
	ui->pick = &p;
	while (rc == 0) {
		pick_scroll(&p);
		ui_draw_all(ui);
		ui_next_event(ui, &ev);
		if (ui->quit)
			rc = -1;
		else if (!ui_too_small())
			rc = pick_event(&p, &ev);
	}
	ui->pick = NULL;
	return rc == 1 ? p.sel : -1;
}
