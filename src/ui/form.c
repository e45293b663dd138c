/*
 * Form screens: the fields of a screen's table, one per row with its label,
 * edited with our field editor (field.c) and drawn with mvaddnwstr at the
 * columns wcwidth gives. Tab/Enter/arrows move between fields; Enter on
 * the last field, or the screen's submit key, validates every field and
 * hands them to the screen's submit function. A choice field shows its
 * choices by number beside it where they fit whole; else it says how to
 * open them in a list box (pick.c: a blank, or Enter there). A key that changed a
 * field's value is followed by the screen's changed hook.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "ui_int.h"

#define FORM_LABEL_MAX	20

int
ui_form_open(struct ui_frame *fr)
{
	size_t i;

	fr->fields = xcalloc(fr->scr->nfields > 0 ? fr->scr->nfields : 1,
	    sizeof(*fr->fields));
	for (i = 0; i < fr->scr->nfields; i++)
		ui_field_init(&fr->fields[i], &fr->scr->fields[i]);
	fr->focus = 0;
	return 0;
}

/* Fields may hold a PIN: wiped before the memory goes back. */
void
ui_form_close(struct ui_frame *fr)
{
	if (fr->fields != NULL)
		secure_wipe(fr->fields, fr->scr->nfields * sizeof(*fr->fields));
	if (fr->opened != NULL)
		secure_wipe(fr->opened, fr->scr->nfields * sizeof(*fr->opened));
	free(fr->fields);
	free(fr->opened);
	fr->fields = fr->opened = NULL;
}

void
ui_form_opened(struct ui_frame *fr)
{
	size_t n = fr->scr->nfields > 0 ? fr->scr->nfields : 1;

	if (fr->fields == NULL)
		return;
	if (fr->opened == NULL)
		fr->opened = xcalloc(n, sizeof(*fr->opened));
	memcpy(fr->opened, fr->fields, fr->scr->nfields * sizeof(*fr->fields));
}

/* The screen's changed hook, after a field's value changed. */
static void
form_changed(struct ui *ui, struct ui_frame *fr)
{
	if (fr->scr->changed != NULL)
		fr->scr->changed(ui, fr->fields, fr->scr->nfields);
}

/* F8 消去: every field empty, then filled again by the open hook (the
 * values the screen's data holds), so the model follows (changed). */
void
ui_form_clear(struct ui *ui, struct ui_frame *fr)
{
	size_t i;

	/* What the screen first opened with stays what Esc compares to. */
	for (i = 0; i < fr->scr->nfields; i++) {
		secure_wipe(&fr->fields[i], sizeof(fr->fields[i]));
		ui_field_init(&fr->fields[i], &fr->scr->fields[i]);
	}
	fr->focus = 0;
	if (fr->scr->open != NULL)
		fr->scr->open(ui, fr->fields, fr->scr->nfields);
	form_changed(ui, fr);
}

/* 1 when the value of a field differs from what it was (not the cursor). */
static int
form_value_moved(const struct ui_field *was, const struct ui_field *now)
{
	return was->len != now->len || was->choice != now->choice ||
	    wmemcmp(was->text, now->text, (size_t)now->len) != 0;
}

int
ui_form_dirty(const struct ui_frame *fr)
{
	size_t i;

	if (fr->fields == NULL)
		return 0;
	if (fr->scr->ask_on_leave)
		return 1;
	for (i = 0; i < fr->scr->nfields; i++)
		if (fr->opened != NULL ?
		    form_value_moved(&fr->opened[i], &fr->fields[i]) :
		    fr->fields[i].len > 0 || fr->fields[i].choice >= 0)
			return 1;
	return 0;
}

static int
form_label_cols(const struct screen *scr)
{
	int w = 4;
	size_t i;

	for (i = 0; i < scr->nfields; i++)
		if (ui_text_width(scr->fields[i].label) > w)
			w = ui_text_width(scr->fields[i].label);
	return w > FORM_LABEL_MAX ? FORM_LABEL_MAX : w;
}

/* Choice i of a CHOICE field as drawn: a window's by the session's
 * name for it. */
static const char *
form_choice(const struct ui *ui, const struct ui_field_spec *s, int i)
{
	if (s->windows && i >= 0 && i < RULES_WIN_COUNT)
		return ui_window_name(ui, rules_window_name((enum rules_window)i));
	return s->choices[i];
}

/* The choices of a CHOICE field by number ("1:なし 2:あり "). */
static void
form_choices(const struct ui *ui, const struct ui_field_spec *s, char *buf,
    size_t size)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; s->choices[i] != NULL && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%d:%s ", i + 1,
		    form_choice(ui, s, i));
}

/* Columns left for the text after a field drawn from col. */
static int
form_hint_room(const struct ui_field_spec *s, int col)
{
	int width = s->width;

	if (col + width > COLS - 1)
		width = COLS - 1 - col;
	return COLS - 1 - (col + width + 2);
}

/* 1 when a CHOICE field's choices fit beside it (then they are shown,
 * and Enter moves on as on other fields); else the clerk opens the list
 * box, and no choice is ever shown cut. */
static int
form_choices_fit(const struct ui *ui, const struct ui_field_spec *s,
    int col)
{
	char buf[512];

	form_choices(ui, s, buf, sizeof(buf));
	return ui_text_width(buf) <= form_hint_room(s, col) + 1;
}

#define FORM_CHOICE_MORE	"(左右キーでも選べます)"
#define FORM_CHOICE_BOX		"数字で選ぶか、Enter で一覧"

/* The text drawn after a field: the choices by number (or, where they do
 * not fit, how to open their list), a date as read (so the clerk sees
 * how R8.1.2 was understood), or the hint. */
static void
form_hint(const struct ui *ui, const struct ui_field *f, int col, char *buf,
    size_t size)
{
	const struct ui_field_spec *s = f->spec;
	struct era_date dt[ERA_CANDIDATES_MAX];
	char wareki[64], iso[11];
	size_t n = 0;
	int i, nd = 0;

	buf[0] = '\0';
	if (s->kind == UI_FIELD_DATE &&
	    (nd = ui_field_dates(f, dt, ERA_CANDIDATES_MAX)) > 1) {
		/* 2.3.4 in a search: each era it can be, newest first. */
		n = (size_t)snprintf(buf, size, "= %d通り:", nd);
		for (i = 0; i < nd && n < size; i++)
			if (era_format_short(&dt[i], wareki, sizeof(wareki)) == 0)
				n += (size_t)snprintf(buf + n, size - n, " %s",
				    wareki);
	} else if (nd == 1 &&
	    era_format_wareki(&dt[0], wareki, sizeof(wareki)) == 0) {
		era_format_iso(&dt[0], iso);
		snprintf(buf, size, "= %s (%s)", wareki, iso);
	} else if (s->kind == UI_FIELD_CHOICE && s->choices != NULL) {
		if (!form_choices_fit(ui, s, col)) {
			snprintf(buf, size, "%s", FORM_CHOICE_BOX);
			return;
		}
		form_choices(ui, s, buf, size);
		n = strlen(buf);
		if (ui_text_width(buf) + ui_text_width(FORM_CHOICE_MORE) <=
		    form_hint_room(s, col) && n < size)
			snprintf(buf + n, size - n, "%s", FORM_CHOICE_MORE);
	} else if (s->hint != NULL)
		snprintf(buf, size, "%s", s->hint);
}

static void
form_draw_field(struct ui *ui, const struct ui_field *f, int row, int col,
    int *cursor_col)
{
	const struct ui_field_spec *s = f->spec;
	int first, count, width = s->width;
	char hint[512];

	if (col + width > COLS - 1)
		width = COLS - 1 - col;
	attron(A_UNDERLINE);
	mvhline(row, col, ' ', width);
	attroff(A_UNDERLINE);
	if (s->kind == UI_FIELD_CHOICE) {
		ui_put(ui, row, col, width, f->choice >= 0 ? form_choice(ui, s,
		    f->choice) : "", UI_ATTR_UNDERLINE);
		*cursor_col = col;
	} else {
		ui_field_view(f, &first, &count, cursor_col);
		attron(A_UNDERLINE);
		if (ui_field_secret(s))
			mvhline(row, col, '*', count);	/* never the PIN */
		else
			mvaddnwstr(row, col, f->text + first, count);
		attroff(A_UNDERLINE);
		*cursor_col += col;
	}
	form_hint(ui, f, col, hint, sizeof(hint));
	if (hint[0] != '\0' && col + width + 2 < COLS - 1)
		ui_put(ui, row, col + width + 2, COLS - 1 - (col + width + 2),
		    hint, UI_ATTR_NORMAL);
}

void
ui_form_draw(struct ui *ui, struct ui_frame *fr, int top, int bottom)
{
	const struct screen *scr = fr->scr;
	int lw = form_label_cols(scr), step, row, cur_row = top, cur_col = 0;
	size_t i;

	step = (int)scr->nfields * 2 <= bottom - top - 1 && scr->draw == NULL ?
	    2 : 1;
	for (i = 0, row = top + 1; i < scr->nfields && row < bottom;
	    i++, row += step) {
		const struct ui_field_spec *s = &scr->fields[i];
		int cc, focus = (int)i == fr->focus;

		if (focus)
			ui_put(ui, row, 0, 2, ">", UI_ATTR_BOLD);
		ui_put(ui, row, 2, lw, s->label, focus ? UI_ATTR_BOLD : 0);
		if (s->required)
			ui_put(ui, row, 2 + lw, 1, "*", UI_ATTR_NORMAL);
		form_draw_field(ui, &fr->fields[i], row, 2 + lw + 2, &cc);
		if (focus) {
			cur_row = row;
			cur_col = cc;
		}
	}
	/* A form with a draw function shows what its fields mean under
	 * them (the decision of an application), redrawn on every key. */
	if (scr->draw != NULL && row + 1 < bottom)
		scr->draw(ui, row + 1, bottom);
	move(cur_row, cur_col);
}

/* Validate every field; on the first bad one show why and focus it. */
static int
form_submit(struct ui *ui, struct ui_frame *fr)
{
	char msg[512];
	size_t i;

	for (i = 0; i < fr->scr->nfields; i++)
		if (ui_field_validate(&fr->fields[i], msg, sizeof(msg)) == -1) {
			ui_set_message(ui, 1, "%s", msg);
			fr->focus = (int)i;
			return 0;
		}
	ui->msg[0] = '\0';
	if (fr->scr->submit != NULL &&
	    fr->scr->submit(ui, fr->fields, fr->scr->nfields) == 1)
		ui_pop(ui);
	return 1;
}

int
ui_form_submit(struct ui *ui, struct ui_frame *fr)
{
	return form_submit(ui, fr);
}

/* Move the focus; the field left is checked at once (the clerk may still
 * move on: everything is checked again on submit). */
static int
form_move(struct ui *ui, struct ui_frame *fr, int delta)
{
	int n = (int)fr->scr->nfields;
	char msg[512];

	if (n == 0)
		return 1;
	if (fr->fields[fr->focus].len > 0 &&
	    ui_field_validate(&fr->fields[fr->focus], msg, sizeof(msg)) == -1)
		ui_set_message(ui, 1, "%s", msg);
	else
		ui->msg[0] = '\0';
	fr->focus = (fr->focus + delta + n) % n;
	return 1;
}

/* The list box of the CHOICE field in focus: the choice made there is
 * the field's value, and Enter in the box moves on as Enter on a field
 * does (to the next field; the last one stays, it does not submit). */
static int
form_pick(struct ui *ui, struct ui_frame *fr, struct ui_field *f)
{
	const struct ui_field_spec *s = f->spec;
	const char *labels[64];
	int n, i, was = f->choice;

	for (n = 0; n < (int)nitems(labels) && s->choices[n] != NULL; n++)
		labels[n] = form_choice(ui, s, n);
	if ((i = ui_pick(ui, s->label, labels, n, f->choice)) < 0)
		return 1;
	f->choice = i;
	if (i != was)
		form_changed(ui, fr);
	ui->msg[0] = '\0';
	if (fr->focus + 1 < (int)fr->scr->nfields)
		fr->focus++;
	return 1;
}

/* 1 when the key opens the list box of the CHOICE field f: a blank
 * (half or full width) always, Enter where the choices are not shown
 * beside the field. */
static int
form_pick_key(const struct ui *ui, const struct ui_frame *fr,
    const struct ui_field *f, const struct ui_event *ev)
{
	if (f == NULL || f->spec->kind != UI_FIELD_CHOICE ||
	    f->spec->choices == NULL)
		return 0;
	if (ev->kind == UI_EV_CHAR)
		return ev->ch == L' ' || ev->ch == 0x3000;
	return ev->kind == UI_EV_KEY && ev->key == UI_K_ENTER &&
	    !form_choices_fit(ui, f->spec, 4 + form_label_cols(fr->scr));
}

/* A PIN of fixed length that asks for it (spec advance: the input-support
 * PIN before the user PIN) typed in full: the focus goes on to the next
 * field, so the applicant types one PIN after the other without looking
 * for Tab. */
static void
form_advance(struct ui_frame *fr, const struct ui_field *f)
{
	const struct ui_field_spec *s = f->spec;

	if (s->advance && s->kind == UI_FIELD_PIN && s->min_chars > 0 &&
	    s->min_chars == s->max_chars && f->len == s->max_chars &&
	    fr->focus + 1 < (int)fr->scr->nfields) {
		fr->focus++;
		fr->advanced = 1;
	}
}

/* After form_advance: 1 when ev is a move the focus already made. */
static int
form_advanced_move(struct ui_frame *fr, const struct ui_event *ev)
{
	int was = fr->advanced;

	fr->advanced = 0;
	return was && ev->kind == UI_EV_KEY && (ev->key == UI_K_TAB ||
	    ev->key == UI_K_DOWN || ev->key == UI_K_ENTER) &&
	    fr->fields[fr->focus].len == 0;
}

int
ui_form_event(struct ui *ui, struct ui_frame *fr, const struct ui_event *ev)
{
	struct ui_field *f = fr->scr->nfields > 0 ? &fr->fields[fr->focus] :
	    NULL;
	struct ui_field was;
	const char *why = NULL;
	int rc;

	if (f != NULL && form_advanced_move(fr, ev))
		return 1;
	if (form_pick_key(ui, fr, f, ev))
		return form_pick(ui, fr, f);
	if (f != NULL && ev->kind == UI_EV_CHAR) {
		if (ui_field_insert(f, ev->ch, &why) == -1)
			ui_set_message(ui, 1, "%s: %s", f->spec->label, why);
		else {
			ui->msg[0] = '\0';
			form_changed(ui, fr);
			form_advance(fr, f);
		}
		return 1;
	}
	if (ev->kind != UI_EV_KEY)
		return 0;
	switch (ev->key) {
	case UI_K_TAB:
	case UI_K_DOWN:
		return form_move(ui, fr, 1);
	case UI_K_BTAB:
	case UI_K_UP:
		return form_move(ui, fr, -1);
	case UI_K_ENTER:
		if (fr->focus + 1 < (int)fr->scr->nfields)
			return form_move(ui, fr, 1);
		return form_submit(ui, fr);
	}
	if (f == NULL)
		return 0;
	was = *f;
	rc = ui_field_key(f, ev->key);
	if (rc == 0 && form_value_moved(&was, f))
		form_changed(ui, fr);
	/* The copy may hold a PIN. */
	secure_wipe(&was, sizeof(was));
	return rc != 1;
}
