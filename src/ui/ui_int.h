/*
 * Private parts of the UI runtime: the state of one `madoguchi ui` run
 * (struct ui: the screen stack, the message line, an open modal box, the
 * key decoder's state) shared by run.c, key.c, draw.c, menu.c, form.c,
 * list.c, pick.c (the list box) and scroll.c (info screens' text).
 * Only these files include curses.
 */
#ifndef MADOGUCHI_UI_INT_H
#define MADOGUCHI_UI_INT_H

#include <curses.h>

#include "madoguchi/rules.h"
#include "madoguchi/ui.h"

#define UI_MIN_COLS	80
#define UI_WINDOW_NAME_MAX	96	/* bytes of a window's name, NUL too */
#define UI_MIN_ROWS	24
/* Screens open at once. The deepest path of the procedures so far is 8
 * (menu, search, results, person, form, card check, issuing, receipt);
 * opening one more than this is refused with a message, never fatal. The
 * test switch MADOGUCHI_UI_MAX_SCREENS (honoured with MADOGUCHI_TESTING=1,
 * util_test_switch) lowers the limit (tests reach a full stack on a short
 * path with it). */
#define UI_STACK_MAX	16
/* Type-ahead in lists: characters kept, and the pause after which the
 * next one starts afresh. */
#define UI_JUMP_MAX	16
#define UI_JUMP_PAUSE_MS	1000

/* What the key reader gives: a typed character, a key, input it refused
 * (why says what, in Japanese), nothing (timeout) or the end of input. */
enum ui_ev_kind { UI_EV_NONE, UI_EV_CHAR, UI_EV_KEY, UI_EV_BAD, UI_EV_EOF,
	UI_EV_IDLE, UI_EV_STOP };

struct ui_event {
	enum ui_ev_kind	 kind;
	wchar_t		 ch;
	int		 key;
	const char	*why;
};

/* One open screen. fields is owned (NULL for non-forms). A list keeps
 * its first row shown and how many fit (both set when drawn); shown is 0
 * until the screen's show function ran since it came on top. serial
 * names the frame for the message line (struct ui msg_owner), unique in
 * the run. */
struct ui_frame {
	const struct screen	*scr;
	unsigned		 serial;
	int			 sel;
	int			 first, rows;
	int			 lines;		/* an info screen's text rows
						 * (scroll.c) */
	int			 shown;
	struct ui_field		*fields;
	struct ui_field		*opened;	/* fields as the open hook
						 * left them */
	int			 focus;
	/* The focus moved on by itself from a full fixed-length PIN
	 * (form.c): a Tab, Down or Enter that comes next, before anything is
	 * typed in the field reached, is the clerk's own move and is taken
	 * as done rather than skipping a field. */
	int			 advanced;
	void			*data;		/* owned; scr->free_data */
	/* A list's type-ahead (list.c): the characters typed so far, as
	 * typed (matched folded, ui_jump_fold), and when the last came. */
	wchar_t			 jump[UI_JUMP_MAX];
	size_t			 njump;
	int64_t			 jump_ms;
};

/* An open list box (pick.c): labels borrowed, sel highlighted, first
 * the first row shown. */
struct ui_pick {
	const char		*title;
	const char *const	*labels;
	int			 n, sel, first;
};

enum ui_modal_kind { UI_MODAL_NONE, UI_MODAL_MESSAGE, UI_MODAL_CONFIRM,
	UI_MODAL_HELP };

struct ui {
	const struct ui_session	*sess;
	const struct screen *const *screens;	/* ui_run's table */
	size_t			 nscreens;
	SCREEN			*term;
	struct ui_frame		 stack[UI_STACK_MAX];
	int			 depth;
	int			 max_depth;	/* UI_STACK_MAX or lower */
	char			 msg[512];	/* message line */
	int			 msg_error;
	/* The message line belongs to one screen: msg_owner is the serial
	 * of its frame, 0 while it is fresh (set during the event being
	 * handled, or by a show hook). A fresh message goes to whichever
	 * screen is on top when the event is done, so a screen may say
	 * something for the screen it opens or returns to; an owned one is
	 * dropped as soon as another screen is drawn on top (ui_msg_*). */
	unsigned		 msg_owner;
	unsigned		 frame_serial;	/* the last frame's serial */
	/* The message line before ui_busy, put back by ui_busy_done. */
	char			 busy_prev[512];
	int			 busy_prev_error, busy;
	unsigned		 busy_prev_owner;
	enum ui_modal_kind	 modal;
	struct ui_pick		*pick;		/* an open list box, or NULL */
	const char		*modal_title;
	const char		*modal_text;
	char			 date[96];	/* header date text */
	char			 date_short[96]; /* the same without 西暦 */
	int64_t			 last_key_ms;	/* for the idle timeout */
	int			 idle_out;	/* ended by the idle timeout */
	int			 idle_total_s;	/* idle that long before it */
	const char		*end_reason;	/* for the log */
	const char		*end_text;	/* said after curses ends */
	int			 clerk_stopped;	/* ended by ui_clerk_poll */
	int64_t			 clerk_next_ms;	/* clerk.c */
	int			 quit;
	struct card_client	*cardcl;	/* cardline.c */
	char			 cardline[64];
	int64_t			 cardline_next_ms;
	/* The windows' names of the session (windows.c), by enum
	 * rules_window (20 characters of UTF-8 at most, as the settings
	 * allow); win_names points into win_name, NULL-terminated. */
	char			 win_name[RULES_WIN_COUNT][UI_WINDOW_NAME_MAX];
	const char		*win_names[RULES_WIN_COUNT + 1];
	/* Columns the terminal gives an East Asian ambiguous character, as
	 * probe.c measured at the start: 1, 2, or 0 unknown (no answer). */
	int			 amb_width;
};

/* key.c */
/* Catch SIGWINCH, SIGHUP and SIGTERM ourselves (before newterm); 0 or
 * -1. A hangup or SIGTERM comes to the loops as UI_EV_EOF. */
int ui_key_signals(void);
void ui_key_setup(void);
/* Wait up to timeout_ms (-1 forever) for one event. */
void ui_key_read(struct ui *, int timeout_ms, struct ui_event *);

/* probe.c: ask the terminal (cursor position report, 500 ms at most)
 * how wide it draws an ambiguous character; sets amb_width, logs it, and
 * says so on the message line when it is 2. Before the first draw. */
void ui_probe_width(struct ui *);

/* draw.c */
int ui_too_small(void);
void ui_draw_all(struct ui *);
/* Rows and widest line the wrapped text needs at maxcols. */
void ui_wrapped_size(const char *utf8, int maxcols, int *rows, int *cols);
void ui_set_message(struct ui *, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
struct ui_frame *ui_top(struct ui *);
/* Rows of the body area: [top, bottom). */
void ui_body_rows(struct ui *, int *top, int *bottom);

/* menu.c / form.c: drawing and keys of the two generic screen kinds.
 * The key functions return 1 when they used the event. */
void ui_menu_draw(struct ui *, struct ui_frame *, int top, int bottom);
int ui_menu_event(struct ui *, struct ui_frame *, const struct ui_event *);
int ui_menu_visible(const struct ui *, const struct screen_item *);
void ui_form_draw(struct ui *, struct ui_frame *, int top, int bottom);
int ui_form_event(struct ui *, struct ui_frame *, const struct ui_event *);
int ui_form_open(struct ui_frame *);
/* 1 when a form field holds input. */
int ui_form_dirty(const struct ui_frame *);
/* Remember the fields as they are now (after the open hook). */
void ui_form_opened(struct ui_frame *);
/* Validate and submit (the screen's submit key). */
int ui_form_submit(struct ui *, struct ui_frame *);
void ui_form_close(struct ui_frame *);
void ui_list_draw(struct ui *, struct ui_frame *, int top, int bottom);
/* scroll.c: the keys that move an info screen's text (ui_scroll_text). */
int ui_info_event(struct ui *, struct ui_frame *, const struct ui_event *);
int ui_list_event(struct ui *, struct ui_frame *, const struct ui_event *);
/* A key that is not text ends a list's type-ahead, and the message line
 * saying where it jumped. */
void ui_list_jump_end(struct ui *, struct ui_frame *);

/* cardline.c: the reader state on the header. poll returns 1 when the
 * text changed; wait_ms is how long until the next poll (-1 never). */
int ui_cardline_poll(struct ui *);
int ui_cardline_wait_ms(const struct ui *);
void ui_cardline_close(struct ui *);

/* clerk.c: the clerk's row read again at most every two seconds while
 * the UI waits for keys; a clerk who may no longer work ends the run
 * (ui->quit, end_text). wait_ms is how long until the next look (-1
 * never). */
void ui_clerk_poll(struct ui *);
int ui_clerk_wait_ms(const struct ui *);

/* draw.c: the header row alone (after the reader state changed). */
void ui_draw_header(struct ui *);

/* run.c */
/* The message line, fresh, to the screen on top (after an event, after a
 * show hook); and dropped when its screen is not the one on top. */
void ui_msg_attach(struct ui *);
void ui_msg_drop_stale(struct ui *);
/* The next event for any loop: a key, or UI_EV_IDLE when the idle timeout
 * passed, UI_EV_STOP when the clerk may no longer work (the run then
 * ends), or UI_EV_EOF. */
void ui_next_event(struct ui *, struct ui_event *);
/* Run a modal box until answered; 1 for yes/closed, 0 for no. */
int ui_modal(struct ui *, enum ui_modal_kind, const char *title,
    const char *text);
void ui_help(struct ui *);
/* The screen of that id in the run's table, or NULL. */
const struct screen *ui_screen_by_id(const struct ui *, const char *id);
void ui_pop(struct ui *);
/* Run the top screen's show function if it came on top since it last
 * ran (ui_draw_all does, before drawing). */
void ui_show_top(struct ui *);
void ui_back(struct ui *);
/* Empty the fields of the form on top and run its open hook again, then
 * its changed hook (F8 消去). */
void ui_form_clear(struct ui *, struct ui_frame *);
/* Close the top frame's form and data (not the frame itself). */
void ui_frame_clear(struct ui_frame *);
void ui_logout(struct ui *);

/* pick.c: a list box of n labels (borrowed) over the screen, the
 * highlight first on current: the index chosen (a digit, or Enter on
 * the highlight), or -1 when closed with Esc or the session ends. */
int ui_pick(struct ui *, const char *title, const char *const *labels,
    int n, int current);
void ui_pick_draw(struct ui *);

/* lock.c: the idle lock. Cover the terminal with the lock screen until
 * the session's clerk types their unlock code (0: the screens under it
 * are to be redrawn as they were), or the session ends there (-1, ui->quit
 * set: the lock's timeout, UI_LOCK_TRIES wrong codes, F10, hangup). */
#define UI_LOCK_TRIES	5
int ui_lock(struct ui *);

/* A blank box of h rows and w columns at (y, x) framed with ACS lines
 * (DEC line drawing: one column on every terminal). */
void ui_box_frame(int y, int x, int h, int w);

#endif
