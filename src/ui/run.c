/*
 * The runtime of `madoguchi ui`: curses on the terminal this process was
 * given (a pty of our SSH server, of sshd's ForceCommand, or a local
 * terminal), a stack of open screens (the main menu at the bottom), one
 * event at a time: global keys (help, logout, back, redraw) first, then the
 * screen's own keys, then its kind's generic handling. Modal boxes run
 * their own small loop over the same key reader and redraw.
 */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "ui_int.h"

static const char ui_common_help[] =
    "共通のキー (? と q は入力欄のない画面で):\n"
    "  F1 または ?    この説明\n"
    "  F10 または q   終了 (ログアウト)\n"
    "  Esc            前の画面に戻る\n"
    "  Ctrl-L         画面を描き直す\n"
    "F キーが使えない端末では Esc を押してから数字 (または Alt+数字)\n"
    "で F キーになります (Esc 1 = F1、Esc 5 = F5、Esc 0 = F10)。";

/* On forms (no ? or q there), with the keys of a choice field. */
static const char ui_form_help[] =
    "共通のキー:\n"
    "  F1 この説明  F10 終了 (ログアウト)  Esc 前の画面  Ctrl-L 描き直し\n"
    "選択の欄: 数字で選び、左右キーで切り替え、空白で一覧を開きます\n"
    "(「Enter で一覧」と出る欄は Enter でも)。一覧では数字か上下キーと\n"
    "Enter で選び、Esc で閉じます。F キーが使えない端末では Alt+数字\n"
    "も使えます (Alt+1 = F1、Alt+5 = F5、Alt+0 = F10)。";

/* For every list, before the common keys, where the help box has room. */
static const char ui_list_help[] =
    "一覧では番号 (B4) か読みの最初のかな (う) を打つとその行へ移ります。";

static const char ui_weekday[][4] = { "日", "月", "火", "水", "木", "金", "土" };

const struct ui_session *
ui_session(const struct ui *ui)
{
	return ui->sess;
}

const struct screen *
ui_screen_find(const struct screen *const *table, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i]->id, id) == 0)
			return table[i];
	return NULL;
}

const struct screen *
ui_screen_by_id(const struct ui *ui, const char *id)
{
	return ui_screen_find(ui->screens, ui->nscreens, id);
}

/* How long to wait for a key: until the idle timeout (at most a minute
 * at a time) or the next look at the card reader or at the clerk's row,
 * whichever is first. */
static int
ui_wait_ms(const struct ui *ui, int64_t limit, int64_t left)
{
	int wait = limit > 0 ? (int)(left < 60000 ? left : 60000) : -1;
	int cw = ui_cardline_wait_ms(ui), kw = ui_clerk_wait_ms(ui);

	if (cw >= 0 && (wait < 0 || cw < wait))
		wait = cw;
	if (kw >= 0 && (wait < 0 || kw < wait))
		wait = kw;
	return wait;
}

void
ui_next_event(struct ui *ui, struct ui_event *ev)
{
	int64_t limit = (int64_t)ui->sess->idle_timeout_s * 1000, left;

	for (;;) {
		left = limit - (util_now_ms() - ui->last_key_ms);
		if (limit > 0 && left <= 0) {
			memset(ev, 0, sizeof(*ev));
			/* Issue 14: locked, the work kept under the lock;
			 * unlocked, the screens are drawn again as they
			 * were (a redraw key for whichever loop asked). */
			if (ui_lock(ui) == 0) {
				ev->kind = UI_EV_KEY;
				ev->key = UI_K_REDRAW;
				return;
			}
			ev->kind = UI_EV_IDLE;
			return;
		}
		ui_clerk_poll(ui);
		if (ui->quit) {
			memset(ev, 0, sizeof(*ev));
			ev->kind = UI_EV_STOP;
			return;
		}
		ui_key_read(ui, ui_wait_ms(ui, limit, left), ev);
		if (ev->kind == UI_EV_NONE && ui_cardline_poll(ui))
			ui_draw_header(ui);
		if (ev->kind == UI_EV_EOF) {
			ui->quit = 1;
			ui->end_reason = "terminal closed or hangup";
		}
		if (ev->kind != UI_EV_NONE)
			break;
	}
	if (ev->kind == UI_EV_CHAR || ev->kind == UI_EV_KEY ||
	    ev->kind == UI_EV_BAD)
		ui->last_key_ms = util_now_ms();
}

int
ui_modal(struct ui *ui, enum ui_modal_kind kind, const char *title,
    const char *text)
{
	struct ui_event ev;
	int answer = -1;

	ui->modal = kind;
	ui->modal_title = title;
	ui->modal_text = text;
	while (answer == -1) {
		ui_draw_all(ui);
		ui_next_event(ui, &ev);
		if (ui->quit)
			answer = 0;
		else if (ev.kind == UI_EV_BAD || (ev.kind == UI_EV_KEY &&
		    (ev.key == UI_K_RESIZE || ev.key == UI_K_REDRAW)) ||
		    ui_too_small())
			continue;
		else if (kind == UI_MODAL_HELP)
			answer = 1;
		else if (kind == UI_MODAL_CONFIRM) {
			if (ev.kind == UI_EV_CHAR && (ev.ch == L'y' || ev.ch == L'Y'))
				answer = 1;
			else if (ev.kind == UI_EV_KEY && ev.key == UI_K_ENTER)
				answer = 1;
			else if ((ev.kind == UI_EV_CHAR && (ev.ch == L'n' ||
			    ev.ch == L'N')) || (ev.kind == UI_EV_KEY &&
			    ev.key == UI_K_ESC))
				answer = 0;
		} else if ((ev.kind == UI_EV_KEY && (ev.key == UI_K_ENTER ||
		    ev.key == UI_K_ESC)) || (ev.kind == UI_EV_CHAR &&
		    ev.ch == L' '))
			answer = 1;
	}
	ui->modal = UI_MODAL_NONE;
	return answer;
}

void
ui_message(struct ui *ui, const char *title, const char *text)
{
	ui_modal(ui, UI_MODAL_MESSAGE, title, text);
}

int
ui_confirm(struct ui *ui, const char *question)
{
	return ui_modal(ui, UI_MODAL_CONFIRM, "確認", question);
}

/* The screen's help and the common keys; on a list the way to jump too,
 * unless the box would cut the text then (its rows: draw.c's draw_box).
 * The caller frees it. */
static char *
ui_help_text(const struct screen *scr)
{
	const char *help = scr->help != NULL ? scr->help : "";
	char *text;
	int rows, cols;

	if (scr->kind == SCREEN_LIST) {
		text = xasprintf("%s\n\n%s\n\n%s", help, ui_list_help,
		    ui_common_help);
		ui_wrapped_size(text, COLS - 8, &rows, &cols);
		if (rows <= LINES - 6)
			return text;
		free(text);
	}
	return xasprintf("%s\n\n%s", help, scr->kind == SCREEN_FORM ?
	    ui_form_help : ui_common_help);
}

void
ui_help(struct ui *ui)
{
	const struct screen *scr = ui_top(ui)->scr;
	char *text = ui_help_text(scr);
	char *title = xasprintf("ヘルプ: %s", scr->title);

	ui_modal(ui, UI_MODAL_HELP, title, text);
	free(title);
	free(text);
}

/* The frame on top gets scr and data, its fields initialised, then the
 * screen's open hook fills them from the data. */
static void
ui_frame_fill(struct ui *ui, const struct screen *scr, void *data)
{
	struct ui_frame *fr = ui_top(ui);

	memset(fr, 0, sizeof(*fr));
	fr->serial = ++ui->frame_serial;
	fr->scr = scr;
	fr->data = data;
	if (scr->kind == SCREEN_FORM)
		ui_form_open(fr);
	if (scr->open != NULL)
		scr->open(ui, fr->fields, fr->fields != NULL ? scr->nfields : 0);
	if (fr->fields != NULL)
		ui_form_opened(fr);
}

int
ui_open_with(struct ui *ui, const char *screen_id, void *data)
{
	const struct screen *scr = ui_screen_by_id(ui, screen_id);

	if (scr == NULL) {
		ui_message(ui, "お知らせ", UI_TEXT_NOT_BUILT);
		return -1;
	}
	if (ui->sess->role < scr->min_role) {
		ui_message(ui, scr->title, "この画面を使う権限がありません。");
		return -1;
	}
	/* Too many screens is the clerk's way through them, never a reason
	 * to end the session: said, and the screen on top stays. */
	if (ui->depth >= ui->max_depth) {
		log_warnx("%d screens open: %s not opened", ui->depth, scr->id);
		ui_message(ui, scr->title, "開いている画面が多すぎるため、この画面"
		    "を開けません。Esc で前の画面に戻るか、メニューに戻ってから"
		    "操作してください。");
		return -1;
	}
	ui->depth++;
	ui_frame_fill(ui, scr, data);
	log_debug("screen %s", scr->id);
	return 0;
}

int
ui_replace_with(struct ui *ui, const char *screen_id, void *data)
{
	const struct screen *scr = ui_screen_by_id(ui, screen_id);

	if (scr == NULL || ui->depth <= 1 || ui->sess->role < scr->min_role)
		return ui_open_with(ui, screen_id, data);
	ui_frame_clear(ui_top(ui));
	ui_frame_fill(ui, scr, data);
	log_debug("screen %s (in place)", scr->id);
	return 0;
}

int
ui_open(struct ui *ui, const char *screen_id)
{
	return ui_open_with(ui, screen_id, NULL);
}

void *
ui_data(struct ui *ui)
{
	return ui_top(ui)->data;
}

void
ui_today(const struct ui *ui, struct era_date *dt)
{
	if (era_parse_iso(ui->sess->today, dt) == -1)
		fatalx("%s: bad date %s", __func__, ui->sess->today);
}

void
ui_frame_clear(struct ui_frame *fr)
{
	ui_form_close(fr);
	if (fr->data != NULL && fr->scr->free_data != NULL)
		fr->scr->free_data(fr->data);
	fr->data = NULL;
}

void
ui_pop(struct ui *ui)
{
	if (ui->depth <= 1)
		return;
	ui_frame_clear(ui_top(ui));
	ui->depth--;
	ui_top(ui)->shown = 0;	/* on top again: its data may be stale */
}

void
ui_show_top(struct ui *ui)
{
	struct ui_frame *fr;

	if (ui->depth == 0)
		return;
	fr = ui_top(ui);
	if (fr->shown)
		return;
	fr->shown = 1;		/* first: show may open a message box */
	if (fr->scr->show != NULL)
		fr->scr->show(ui);
}

void
ui_close(struct ui *ui)
{
	ui_pop(ui);
}

int
ui_close_to(struct ui *ui, const char *screen_id)
{
	int i, found = 0;

	for (i = 0; i < ui->depth; i++)
		found |= strcmp(ui->stack[i].scr->id, screen_id) == 0;
	while (ui->depth > 1 && strcmp(ui_top(ui)->scr->id, screen_id) != 0)
		ui_pop(ui);
	return found ? 0 : -1;
}

void
ui_busy(struct ui *ui, const char *text)
{
	if (!ui->busy) {
		memcpy(ui->busy_prev, ui->msg, sizeof(ui->busy_prev));
		ui->busy_prev_error = ui->msg_error;
		ui->busy_prev_owner = ui->msg_owner;
		ui->busy = 1;
	}
	ui_set_message(ui, 0, "%s", text);
	ui_draw_all(ui);
}

void
ui_busy_done(struct ui *ui)
{
	if (!ui->busy)
		return;
	memcpy(ui->msg, ui->busy_prev, sizeof(ui->msg));
	ui->msg_error = ui->busy_prev_error;
	ui->msg_owner = ui->busy_prev_owner;
	ui->busy = 0;
}

void
ui_msg_attach(struct ui *ui)
{
	if (ui->msg_owner == 0 && ui->depth > 0)
		ui->msg_owner = ui_top(ui)->serial;
}

/* A message owned by a screen that is not on top: that screen was left
 * (covered or closed), and what it said is not about the one shown. */
void
ui_msg_drop_stale(struct ui *ui)
{
	if (ui->msg_owner != 0 && ui->depth > 0 &&
	    ui->msg_owner != ui_top(ui)->serial) {
		ui->msg[0] = '\0';
		ui->msg_error = 0;
		ui->msg_owner = 0;
	}
}

/* Back one screen; typed input is not thrown away without asking. */
void
ui_back(struct ui *ui)
{
	if (ui_form_dirty(ui_top(ui)) &&
	    ui_confirm(ui, "入力した内容を消して前の画面に戻りますか?") != 1)
		return;
	ui_pop(ui);
	ui->msg[0] = '\0';
}

void
ui_logout(struct ui *ui)
{
	if (ui_confirm(ui, "ログアウトしますか?") == 1) {
		ui->quit = 1;
		ui->end_reason = "logout";
	}
}

static void
ui_action(struct ui *ui, enum screen_action act)
{
	switch (act) {
	case SCREEN_ACT_HELP:
		ui_help(ui);
		break;
	case SCREEN_ACT_BACK:
		ui_back(ui);
		break;
	case SCREEN_ACT_LOGOUT:
		ui_logout(ui);
		break;
	case SCREEN_ACT_SUBMIT:
		if (ui_top(ui)->scr->kind == SCREEN_FORM)
			ui_form_submit(ui, ui_top(ui));
		break;
	case SCREEN_ACT_CLEAR:
		if (ui_top(ui)->scr->kind == SCREEN_FORM)
			ui_form_clear(ui, ui_top(ui));
		break;
	case SCREEN_ACT_CALL:
	case SCREEN_ACT_NONE:
		break;
	}
}

/* A key of the screen's table (its F-key, or its character where no text
 * field takes characters); 1 when one matched. */
static int
ui_screen_key(struct ui *ui, const struct ui_event *ev)
{
	const struct screen *scr = ui_top(ui)->scr;
	size_t i;

	for (i = 0; i < scr->nkeys; i++) {
		const struct screen_key *k = &scr->keys[i];

		if ((ev->kind == UI_EV_KEY && ev->key == UI_K_F(k->fkey)) ||
		    (ev->kind == UI_EV_CHAR && scr->kind != SCREEN_FORM &&
		    k->alt != 0 && ev->ch == (wchar_t)k->alt)) {
			if (k->action == SCREEN_ACT_CALL && k->call != NULL)
				k->call(ui);
			else
				ui_action(ui, k->action);
			return 1;
		}
	}
	return 0;
}

/* Global keys; 1 when the event was one. */
static int
ui_global_key(struct ui *ui, const struct ui_event *ev)
{
	int chars = ui_top(ui)->scr->kind != SCREEN_FORM;

	if (ev->kind == UI_EV_KEY) {
		switch (ev->key) {
		case UI_K_F1:
			ui_help(ui);
			return 1;
		case UI_K_F(10):
		case UI_K_INTR:
			ui_logout(ui);
			return 1;
		case UI_K_ESC:
			if (ui->depth > 1)
				ui_back(ui);
			else
				ui_set_message(ui, 0, "終了するには F10 (または q) を押してください。");
			return 1;
		case UI_K_REDRAW:
			clearok(curscr, TRUE);
			return 1;
		case UI_K_RESIZE:
			return 1;
		}
		return 0;
	}
	if (ev->kind == UI_EV_CHAR && chars && ev->ch == L'?') {
		ui_help(ui);
		return 1;
	}
	if (ev->kind == UI_EV_CHAR && chars && ev->ch == L'q') {
		ui_logout(ui);
		return 1;
	}
	return 0;
}

static void
ui_dispatch(struct ui *ui, const struct ui_event *ev)
{
	struct ui_frame *fr;

	if (ui->quit)
		return;
	if (ev->kind == UI_EV_BAD) {
		ui_set_message(ui, 1, "%s", ev->why);
		return;
	}
	if (ev->kind == UI_EV_NONE || ui_too_small())
		return;
	fr = ui_top(ui);
	if (ev->kind == UI_EV_KEY && fr->scr->kind == SCREEN_LIST)
		ui_list_jump_end(ui, fr);
	/* Keys first: a lowercase letter that is a key (q, a screen's alt)
	 * does its key, never jumps in a list (upper case does). */
	if (ui_global_key(ui, ev) || ui_screen_key(ui, ev)) {
		if (fr == ui_top(ui) && fr->scr->kind == SCREEN_LIST)
			fr->njump = 0;
		fr->advanced = 0;
		return;
	}
	fr = ui_top(ui);
	if (fr->scr->kind == SCREEN_MENU)
		ui_menu_event(ui, fr, ev);
	else if (fr->scr->kind == SCREEN_FORM)
		ui_form_event(ui, fr, ev);
	else if (fr->scr->kind == SCREEN_LIST)
		ui_list_event(ui, fr, ev);
	else if (fr->scr->kind == SCREEN_INFO)
		ui_info_event(ui, fr, ev);
}

static void
ui_format_date(struct ui *ui, const char *iso)
{
	struct era_date dt;
	char wareki[64];

	if (era_parse_iso(iso, &dt) == -1 ||
	    era_format_wareki(&dt, wareki, sizeof(wareki)) == -1) {
		snprintf(ui->date, sizeof(ui->date), "%s", iso);
		snprintf(ui->date_short, sizeof(ui->date_short), "%s", iso);
		return;
	}
	snprintf(ui->date, sizeof(ui->date), "%s(%s) %s", wareki,
	    ui_weekday[era_weekday(&dt) % 7], iso);
	snprintf(ui->date_short, sizeof(ui->date_short), "%s(%s)", wareki,
	    ui_weekday[era_weekday(&dt) % 7]);
}

/* 1 when dir holds term's compiled entry (dir/p/putty or dir/70/putty). */
static int
ui_term_in(const char *dir, const char *term)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%c/%s", dir, term[0], term) <
	    (int)sizeof(path) && access(path, R_OK) == 0)
		return 1;
	return snprintf(path, sizeof(path), "%s/%02x/%s", dir,
	    (unsigned char)term[0], term) < (int)sizeof(path) &&
	    access(path, R_OK) == 0;
}

/* 1 when a terminfo entry for term is where ncurses looks for one
 * ($TERMINFO, ~/.terminfo, $TERMINFO_DIRS, the system's directories),
 * filed under its first letter or that letter's hex code. */
static int
ui_term_known(const char *term)
{
	static const char *const sys[] = { "/etc/terminfo", "/lib/terminfo",
	    "/usr/share/terminfo" };
	const char *home = getenv("HOME"), *env = getenv("TERMINFO");
	const char *dirs = getenv("TERMINFO_DIRS");
	char path[PATH_MAX], list[PATH_MAX], *save = NULL, *d;
	size_t i;

	if (strchr(term, '/') != NULL || strlen(term) > 64)
		return 0;
	if (env != NULL && ui_term_in(env, term))
		return 1;
	if (home != NULL && snprintf(path, sizeof(path), "%s/.terminfo",
	    home) < (int)sizeof(path) && ui_term_in(path, term))
		return 1;
	if (dirs != NULL && strlen(dirs) < sizeof(list)) {
		memcpy(list, dirs, strlen(dirs) + 1);
		for (d = strtok_r(list, ":", &save); d != NULL;
		    d = strtok_r(NULL, ":", &save))
			if (ui_term_in(d, term))
				return 1;
	}
	for (i = 0; i < nitems(sys); i++)
		if (ui_term_in(sys[i], term))
			return 1;
	return 0;
}

/* newterm on our own terminal; an unknown TERM falls back to xterm. Runs
 * after setlocale(LC_ALL, "C.UTF-8") (main.c), as wide characters need. */
static SCREEN *
ui_start_curses(void)
{
	const char *term = getenv("TERM");
	SCREEN *sp;

	/* A TERM this machine has no terminfo entry for (PuTTY's "putty"
	 * without ncurses-term) is xterm's: asked first, because a newterm
	 * that fails leaves its memory behind. */
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0 ||
	    !ui_term_known(term))
		setenv("TERM", "xterm-256color", 1);
	/* On xterm-likes (what Tera Term, PuTTY and most clients announce)
	 * boxes are DEC line drawing, 1 column everywhere, never Unicode box
	 * characters (2 columns on Japanese terminals), even if the
	 * environment asks otherwise. screen/tmux and the Linux console are
	 * left to curses: they translate Unicode boxes themselves. */
	if (strncmp(getenv("TERM"), "xterm", 5) == 0)
		setenv("NCURSES_NO_UTF8_ACS", "0", 1);
	if ((sp = newterm(NULL, stdout, stdin)) == NULL) {
		setenv("TERM", "xterm-256color", 1);
		sp = newterm(NULL, stdout, stdin);
	}
	if (sp != NULL) {
		set_term(sp);
		ui_key_setup();
	}
	return sp;
}

/* UI_STACK_MAX, or lower when MADOGUCHI_UI_MAX_SCREENS says so (at least
 * 2: the menu and one screen over it). */
static int
ui_max_screens(void)
{
	const char *env = util_test_switch("MADOGUCHI_UI_MAX_SCREENS");
	long n;

	if (env == NULL || *env == '\0')
		return UI_STACK_MAX;
	n = strtol(env, NULL, 10);
	return n < 2 ? 2 : n > UI_STACK_MAX ? UI_STACK_MAX : (int)n;
}

int
ui_run(const struct ui_session *sess, const struct screen *const *table,
    size_t n)
{
	static struct ui ui;	/* one per process */
	struct ui_event ev;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "madoguchi: 端末 (tty) ではないため画面を表示できません\n");
		return 1;
	}
	/* Wide characters need a UTF-8 locale before newterm. */
	if (MB_CUR_MAX == 1 && setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "madoguchi: C.UTF-8 ロケールがありません\n");
		return 1;
	}
	memset(&ui, 0, sizeof(ui));
	ui.sess = sess;
	ui.screens = table;
	ui.nscreens = n;
	ui.max_depth = ui_max_screens();
	ui_format_date(&ui, sess->today);
	ui_windows_reload(&ui);
	if (ui_key_signals() == -1) {
		fprintf(stderr, "madoguchi: シグナルを設定できません\n");
		return 1;
	}
	if ((ui.term = ui_start_curses()) == NULL) {
		fprintf(stderr, "madoguchi: 端末を初期化できません (TERM=%s)\n",
		    getenv("TERM"));
		return 1;
	}
	if (ui_open(&ui, "menu") == -1)
		fatalx("%s: no menu screen", __func__);
	log_info("ui start: %s %s, terminal %s %dx%d",
	    vocab_name(VOCAB_ROLE, (int)sess->role), sess->window,
	    getenv("TERM"), COLS, LINES);
	ui_probe_width(&ui);
	ui.last_key_ms = util_now_ms();
	ui_cardline_poll(&ui);
	while (!ui.quit) {
		ui_draw_all(&ui);
		ui_msg_attach(&ui);	/* what a show hook said */
		ui_next_event(&ui, &ev);
		ui_dispatch(&ui, &ev);
		ui_msg_attach(&ui);	/* for the screen now on top */
	}
	while (ui.depth > 0) {
		ui_frame_clear(ui_top(&ui));
		ui.depth--;
	}
	ui_cardline_close(&ui);
	erase();
	refresh();
	endwin();
	delscreen(ui.term);
	if (ui.idle_out)
		printf("%d 分間操作がなかったため、終了しました。\n",
		    (ui.idle_total_s + 59) / 60);
	else if (ui.end_text != NULL)
		printf("%s窓口の画面を終了しました。\n", ui.end_text);
	log_info("ui end: %s", ui.end_reason != NULL ? ui.end_reason : "?");
	return ui.clerk_stopped ? UI_EXIT_CLERK : 0;
}
