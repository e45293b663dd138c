/*
 * List screens: rows the screen formats from its data (search results,
 * records), a header line, a highlight moved with the arrow and page keys
 * and scrolled to stay visible, Enter to choose a row. The screen says
 * what choosing does. A list may have fixed lines above it (list_head);
 * the frame keeps the first row shown, so the view moves only when the
 * highlight would leave it, and the header says where it is ("(3/7)").
 * Typing jumps: an item code (a letter, then digits: B4) or the first
 * kana of a row's reading, kept as a type-ahead on the frame until a
 * pause or another key; the message line says where it went.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "madoguchi/util.h"
#include "ui_int.h"

#define LIST_ROW_MAX	1024
/* How the message line says where a jump went (or that it went nowhere):
 * such a line is the list's to clear. */
#define LIST_JUMP_SAID	"移動: "

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

/* The jump keys of row i: the screen's; without list_key, read from the
 * row's text: a number it starts with (a job's, a request's; not a date)
 * is its code, and the text its reading (matching when it starts with
 * kana, as a person's kana name). */
static void
list_row_key(struct ui *ui, const struct screen *scr, int i,
    struct screen_list_key *k)
{
	char row[LIST_ROW_MAX];
	const char *p;
	size_t len;

	memset(k, 0, sizeof(*k));
	if (scr->list_key != NULL) {
		scr->list_key(ui, i, k);
		return;
	}
	scr->list_row(ui, i, row, sizeof(row));
	p = row + strspn(row, " ");
	len = strspn(p, "0123456789");
	if (len > 0 && len < sizeof(k->code) && (p[len] == ' ' ||
	    p[len] == '\0'))
		memcpy(k->code, p, len);
	len = strlen(p);
	if (len >= sizeof(k->kana))
		len = sizeof(k->kana) - 1;
	memcpy(k->kana, p, len);
}

/* The row of a typed code: the row whose code it is, else the first whose
 * code it begins; in a list without codes, digits alone are a row number.
 * -1 when none. */
static int
list_find_code(struct ui *ui, const struct ui_frame *fr, const char *typed,
    int n)
{
	struct screen_list_key k;
	int i, m, prefix = -1, codes = 0;
	long row;

	for (i = 0; i < n; i++) {
		list_row_key(ui, fr->scr, i, &k);
		codes |= k.code[0] != '\0';
		if ((m = ui_jump_code_match(typed, k.code)) == 2)
			return i;
		if (m == 1 && prefix < 0)
			prefix = i;
	}
	if (prefix >= 0 || codes || typed[strspn(typed, "0123456789")] != '\0')
		return prefix;
	row = strtol(typed, NULL, 10);
	return row >= 1 && row <= n ? (int)row - 1 : -1;
}

/* The first row from `from` on (round to the top) whose reading begins
 * with the kana typed; -1 when none. */
static int
list_find_kana(struct ui *ui, const struct ui_frame *fr, int from, int n)
{
	struct screen_list_key k;
	int j, i;

	for (j = 0; j < n; j++) {
		i = (from + j) % n;
		list_row_key(ui, fr->scr, i, &k);
		if (ui_jump_kana_match(fr->jump, fr->njump, k.kana))
			return i;
	}
	return -1;
}

/* Voicing marks typed apart (half-width ｶﾞ is two characters): part of
 * the kana before them, which matches voiced or not. */
static int
list_voicing(wchar_t ch)
{
	return ch == 0xff9e || ch == 0xff9f || (ch >= 0x3099 && ch <= 0x309c);
}

/* Add a typed character to the type-ahead: -1 when it is no jump text
 * (the type-ahead ends), 0 when it adds nothing to look for, 1 when the
 * rows are to be searched. Letters and digits make a code (a letter
 * after digits starts a new one: B4 then A1), kana go on with kana; the
 * same single kana again stays one kana, for the next row with it. */
static int
list_jump_add(struct ui_frame *fr, wchar_t ch)
{
	wchar_t f = ui_jump_fold(ch);
	int64_t now = util_now_ms();
	int kana = f > 0x7f, was_kana;

	if (now - fr->jump_ms > UI_JUMP_PAUSE_MS)
		fr->njump = 0;
	was_kana = fr->njump > 0 && ui_jump_fold(fr->jump[0]) > 0x7f;
	if (f == 0 && list_voicing(ch) && was_kana) {
		fr->jump_ms = now;
		return 0;
	}
	if (f == 0) {
		fr->njump = 0;
		return -1;
	}
	fr->jump_ms = now;
	if (kana != was_kana || fr->njump >= UI_JUMP_MAX ||
	    (f >= L'A' && f <= L'Z' && fr->njump > 0 &&
	    iswdigit((wint_t)ui_jump_fold(fr->jump[fr->njump - 1]))))
		fr->njump = 0;
	else if (kana && fr->njump == 1 && ui_jump_fold(fr->jump[0]) == f) {
		fr->jump[0] = ch;
		return 1;
	}
	fr->jump[fr->njump++] = ch;
	return 1;
}

/* A character typed on a list: the highlight to the row it names, the
 * message line saying where (or that no row fits). 1 when used. */
static int
list_jump(struct ui *ui, struct ui_frame *fr, wchar_t ch, int n)
{
	char typed[UI_JUMP_MAX * 4 + 1], code[UI_JUMP_MAX + 1], u[4];
	size_t i, len = 0, w;
	int rc, row;

	if ((rc = list_jump_add(fr, ch)) <= 0)
		return rc == 0;
	/* As typed, to be shown; a code folded (Ｂ４ is B4). */
	for (i = 0; i < fr->njump; i++) {
		w = ui_utf8_encode(fr->jump[i], u);
		memcpy(typed + len, u, w);
		len += w;
		code[i] = (char)ui_jump_fold(fr->jump[i]);
	}
	typed[len] = '\0';
	code[fr->njump] = '\0';
	if (ui_jump_fold(fr->jump[0]) > 0x7f)
		row = list_find_kana(ui, fr, fr->njump == 1 ? fr->sel + 1 :
		    fr->sel, n);
	else
		row = list_find_code(ui, fr, code, n);
	if (row < 0) {
		ui_set_message(ui, 1, LIST_JUMP_SAID "%s に当たる行はありません。",
		    typed);
		return 1;
	}
	fr->sel = row;
	ui_set_message(ui, 0, LIST_JUMP_SAID "%s  (%d/%d)", typed, row + 1, n);
	return 1;
}

void
ui_list_jump_end(struct ui *ui, struct ui_frame *fr)
{
	fr->njump = 0;
	if (strncmp(ui->msg, LIST_JUMP_SAID, strlen(LIST_JUMP_SAID)) == 0)
		ui->msg[0] = '\0';
}

int
ui_list_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	int n = fr->scr->list_count(ui), page = fr->rows > 1 ? fr->rows - 1 : 1;

	if (ev->kind == UI_EV_CHAR && n > 0)
		return list_jump(ui, fr, ev->ch, n);
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
