/*
 * Drawing: every string goes through ui_text_fit, so widths come from
 * wcwidth, no wide character is split at an edge and nothing a user or the
 * database supplied is ever drawn raw. The screen is redrawn whole from
 * state (struct ui) after every event: header, title, body, message line,
 * function-key bar, then an open modal box. Boxes use curses' ACS line
 * drawing (DEC graphics on xterm), never Unicode box characters, whose
 * width is ambiguous on Japanese terminals.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "madoguchi/util.h"
#include "ui_int.h"

/* Bytes of one drawn row of wrapped text (ui_wrap_line's max). */
#define WRAP_LINE_MAX	1024

static attr_t
draw_attrs(int attrs)
{
	attr_t a = A_NORMAL;

	if (attrs & UI_ATTR_BOLD)
		a |= A_BOLD;
	if (attrs & UI_ATTR_REVERSE)
		a |= A_REVERSE;
	if (attrs & UI_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	return a;
}

int
ui_put(struct ui *ui, int row, int col, int maxcols, const char *utf8,
    int attrs)
{
	wchar_t buf[512];
	int cols;

	(void)ui;
	if (row < 0 || row >= LINES || col < 0 || col >= COLS || maxcols <= 0)
		return 0;
	if (col + maxcols > COLS)
		maxcols = COLS - col;
	cols = ui_text_fit(utf8, maxcols, buf, nitems(buf));
	attron(draw_attrs(attrs));
	mvaddnwstr(row, col, buf, -1);
	attroff(draw_attrs(attrs));
	return cols;
}

int
ui_wrap(struct ui *ui, int row, int bottom, int col, int cols,
    const char *utf8, int attrs)
{
	char line[WRAP_LINE_MAX];
	int used = 0;

	while (row + used < bottom) {
		size_t n = ui_wrap_line(utf8, cols, sizeof(line) - 1, NULL);

		memcpy(line, utf8, n);
		line[n] = '\0';
		ui_put(ui, row + used++, col, cols, line, attrs);
		utf8 += n;
		if (*utf8 == '\0')
			break;
		if (*utf8 == '\n')
			utf8++;
	}
	return used;
}

void
ui_wrapped_size(const char *utf8, int maxcols, int *rows, int *cols)
{
	int w;

	*rows = *cols = 0;
	for (;;) {
		utf8 += ui_wrap_line(utf8, maxcols, WRAP_LINE_MAX - 1, &w);
		(*rows)++;
		if (w > *cols)
			*cols = w;
		if (*utf8 == '\0')
			break;
		if (*utf8 == '\n')
			utf8++;
	}
}

int
ui_row(struct ui *ui, struct ui_rows *r, const char *label,
    const char *value, int attrs)
{
	if (r->row >= r->bottom)
		return -1;
	ui_put(ui, r->row, r->col, r->label_cols, label, UI_ATTR_BOLD);
	ui_put(ui, r->row, r->col + r->label_cols, r->cols - r->label_cols,
	    value, attrs);
	r->row++;
	return 0;
}

int
ui_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
}

static int keybar_rows(struct ui *);

void
ui_body_rows(struct ui *ui, int *top, int *bottom)
{
	*top = 3;
	*bottom = LINES - 2 - keybar_rows(ui);
}

struct ui_frame *
ui_top(struct ui *ui)
{
	return &ui->stack[ui->depth - 1];
}

static void
ui_vset_message(struct ui *ui, int error, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	ui->msg_error = error;
	ui->msg_owner = 0;		/* fresh: see ui_msg_attach */
}

void
ui_set_message(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vset_message(ui, error, fmt, ap);
	va_end(ap);
}

void
ui_status(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	ui->busy = 0;		/* said what came of it */
	va_start(ap, fmt);
	ui_vset_message(ui, error, fmt, ap);
	va_end(ap);
}

/* Row 0: who works where, the card reader, and today in 和暦 and 西暦.
 * The reader state always stays: where all does not fit (80 columns, a
 * long window name) the date drops its 西暦 part first, then the left
 * part is cut. */
static void
draw_header(struct ui *ui)
{
	const struct ui_session *s = ui->sess;
	const char *win = ui_window_name(ui, s->window), *date = ui->date;
	char left[256];
	int cw = ui_text_width(ui->cardline), card, dw, room;

	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	snprintf(left, sizeof(left), "窓口  %s  %s  %s", s->name,
	    win != NULL ? win : "?", ui_role_label(s->role));
	card = cw > 0 ? cw + 2 : 0;	/* the reader state and its gap */
	if (1 + ui_text_width(left) + 2 + card + ui_text_width(date) + 1 >
	    COLS)
		date = ui->date_short;
	dw = ui_text_width(date);
	room = COLS - 1 - dw - card - 2;
	ui_put(ui, 0, 1, room, left, UI_ATTR_REVERSE | UI_ATTR_BOLD);
	if (cw > 0)
		ui_put(ui, 0, COLS - dw - 3 - cw, cw, ui->cardline,
		    UI_ATTR_REVERSE);
	ui_put(ui, 0, COLS - dw - 1, dw, date, UI_ATTR_REVERSE);
}

void
ui_draw_header(struct ui *ui)
{
	if (ui_too_small())
		return;
	draw_header(ui);
	refresh();
}

#define KEYBAR_ITEMS	16
#define KEYBAR_ITEM_SIZE	96

/* Esc then a digit is F1..F10 (key.c): said on the bar wherever it fits
 * in the rows the screen's own keys take, so no screen loses a body row
 * to it (F1 help says it everywhere). */
static const char keybar_esc_hint[] = "Esc+数字=F";

/* The key bar's items: F1 help, the screen's keys, back, logout. The
 * character alternative is shown where no text field takes typed
 * characters. Returns the number of items. */
static size_t
keybar_items(struct ui *ui, char item[KEYBAR_ITEMS][KEYBAR_ITEM_SIZE])
{
	const struct screen *scr = ui_top(ui)->scr;
	int alt = scr->kind != SCREEN_FORM;
	size_t i, n = 0;

	snprintf(item[n++], KEYBAR_ITEM_SIZE, alt ? "F1/? ヘルプ" :
	    "F1 ヘルプ");
	for (i = 0; i < scr->nkeys && n < KEYBAR_ITEMS - 3; i++) {
		const struct screen_key *k = &scr->keys[i];

		if (alt && k->alt != 0)
			snprintf(item[n++], KEYBAR_ITEM_SIZE, "F%d/%c %s",
			    k->fkey, k->alt, k->label);
		else
			snprintf(item[n++], KEYBAR_ITEM_SIZE, "F%d %s",
			    k->fkey, k->label);
	}
	if (ui->depth > 1)
		snprintf(item[n++], KEYBAR_ITEM_SIZE, "Esc 戻る");
	snprintf(item[n++], KEYBAR_ITEM_SIZE, alt ? "F10/q 終了" :
	    "F10 終了");
	return n;
}

/* Columns of items [from, to) gap apart. */
static int
keybar_width(char item[][KEYBAR_ITEM_SIZE], size_t from, size_t to, int gap)
{
	int total = 0;
	size_t i;

	for (i = from; i < to; i++)
		total += ui_text_width(item[i]) + (i > from ? gap : 0);
	return total;
}

/* Rows the key bar of the screen on top takes: one, or two when its
 * keys do not fit one row (every key stays on screen). */
static int
keybar_rows(struct ui *ui)
{
	char item[KEYBAR_ITEMS][KEYBAR_ITEM_SIZE];
	size_t n = keybar_items(ui, item);

	return keybar_width(item, 0, n, 1) > COLS ? 2 : 1;
}

/* Where two rows split: the first takes what fits two columns apart. */
static size_t
keybar_split(char item[][KEYBAR_ITEM_SIZE], size_t n)
{
	size_t split;

	for (split = 1; split < n &&
	    keybar_width(item, 0, split + 1, 2) <= COLS; split++)
		;
	return split;
}

/* The items with the Esc hint added when they still fit in rows. */
static size_t
keybar_add_hint(char item[][KEYBAR_ITEM_SIZE], size_t n, int rows)
{
	snprintf(item[n], KEYBAR_ITEM_SIZE, "%s", keybar_esc_hint);
	if (rows == 1 && keybar_width(item, 0, n + 1, 1) <= COLS)
		return n + 1;
	if (rows == 2 && keybar_width(item, keybar_split(item, n + 1),
	    n + 1, 2) <= COLS)
		return n + 1;
	return n;
}

/* The last row (or two): items two columns apart, or one where that is
 * what makes them fit; on two rows the first takes what fits. */
static void
draw_keybar(struct ui *ui)
{
	char item[KEYBAR_ITEMS][KEYBAR_ITEM_SIZE];
	size_t i, n = keybar_items(ui, item), split;
	int col, gap = 2, rows = keybar_rows(ui), row = LINES - rows;

	n = keybar_add_hint(item, n, rows);
	split = rows == 2 ? keybar_split(item, n) : n;
	if (rows == 1 && keybar_width(item, 0, n, gap) > COLS)
		gap = 1;
	mvhline(row, 0, ' ', COLS);
	for (i = 0, col = 0; i < split && col < COLS; i++)
		col += ui_put(ui, row, col, COLS - col, item[i],
		    UI_ATTR_REVERSE) + gap;
	if (split == n)
		return;
	mvhline(LINES - 1, 0, ' ', COLS);
	for (col = 0; i < n && col < COLS; i++)
		col += ui_put(ui, LINES - 1, col, COLS - col, item[i],
		    UI_ATTR_REVERSE) + gap;
}

void
ui_box_frame(int y, int x, int h, int w)
{
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

/* A framed box centred on the screen with a title and wrapped text. */
static void
draw_box(struct ui *ui, const char *title, const char *text,
    const char *footer)
{
	int rows, cols, h, w, y, x, maxw = COLS - 8;

	ui_wrapped_size(text, maxw, &rows, &cols);
	if (cols < ui_text_width(footer))
		cols = ui_text_width(footer);
	if (cols < ui_text_width(title) + 2)
		cols = ui_text_width(title) + 2;
	h = rows + 4;
	if (h > LINES - 2)
		h = LINES - 2;
	w = cols + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box_frame(y, x, h, w);
	ui_put(ui, y, x + 2, w - 4, title, UI_ATTR_BOLD);
	ui_wrap(ui, y + 1, y + 1 + h - 4, x + 2, w - 4, text, UI_ATTR_NORMAL);
	ui_put(ui, y + h - 2, x + 2, w - 4, footer, UI_ATTR_BOLD);
}

static void
draw_modal(struct ui *ui)
{
	static const char *const footers[] = {
		[UI_MODAL_MESSAGE] = "Enter で戻ります",
		[UI_MODAL_CONFIRM] = "Y: はい   N: いいえ",
		[UI_MODAL_HELP] = "どれかキーを押すと戻ります",
	};

	if (ui->modal == UI_MODAL_NONE)
		return;
	draw_box(ui, ui->modal_title, ui->modal_text, footers[ui->modal]);
}

static void
draw_too_small(struct ui *ui)
{
	char text[256];

	snprintf(text, sizeof(text), "端末が小さすぎます。\n"
	    "80桁 x 24行 以上に広げてください。\n(今は %d桁 x %d行)",
	    COLS, LINES);
	ui_wrap(ui, 0, LINES, 0, COLS, text, UI_ATTR_BOLD);
}

static void
draw_body(struct ui *ui)
{
	struct ui_frame *fr = ui_top(ui);
	int top, bottom;

	ui_body_rows(ui, &top, &bottom);
	switch (fr->scr->kind) {
	case SCREEN_MENU:
		ui_menu_draw(ui, fr, top, bottom);
		break;
	case SCREEN_FORM:
		ui_form_draw(ui, fr, top, bottom);
		break;
	case SCREEN_INFO:
		if (fr->scr->draw != NULL)
			fr->scr->draw(ui, top, bottom);
		break;
	case SCREEN_LIST:
		ui_list_draw(ui, fr, top, bottom);
		break;
	}
}

void
ui_draw_all(struct ui *ui)
{
	int cur_y, cur_x, top, bottom;

	/* The screen on top reads its data before it is drawn (not inside
	 * its draw function). */
	ui_show_top(ui);
	erase();
	curs_set(0);
	if (ui_too_small()) {
		draw_too_small(ui);
		refresh();
		return;
	}
	draw_header(ui);
	ui_put(ui, 1, 1, COLS - 2, ui_top(ui)->scr->title, UI_ATTR_BOLD);
	mvhline(2, 0, ACS_HLINE, COLS);
	draw_body(ui);
	getyx(stdscr, cur_y, cur_x);
	ui_body_rows(ui, &top, &bottom);
	mvhline(bottom, 0, ACS_HLINE, COLS);
	ui_msg_drop_stale(ui);
	ui_put(ui, bottom + 1, 1, COLS - 2, ui->msg,
	    ui->msg_error ? UI_ATTR_BOLD : UI_ATTR_NORMAL);
	draw_keybar(ui);
	if (ui->modal != UI_MODAL_NONE)
		draw_modal(ui);
	else if (ui->pick != NULL)
		ui_pick_draw(ui);
	else if (ui_top(ui)->scr->kind == SCREEN_FORM) {
		move(cur_y, cur_x);	/* the form left the cursor in its field */
		curs_set(1);
	}
	refresh();
}
