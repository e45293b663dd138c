/*
 * The counter UI: an ncursesw runtime (screen stack, keys, drawing with
 * display widths by wcwidth) and our own single-line field editor for
 * Japanese input. Screens are const tables (screens/<name>.c, one
 * `const struct screen` each, listed once in a screen table that the
 * caller gives ui_run); the runtime draws and drives them. This header includes no curses header, so the
 * field editor and the text helpers are usable (and unit-tested) without
 * a terminal.
 */
#ifndef MADOGUCHI_UI_H
#define MADOGUCHI_UI_H

#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "madoguchi/vocab.h"

struct era_date;
struct store;

/* ---- Text: UTF-8 and display columns ---------------------------------- */

/* Decode one UTF-8 character at s (at most n bytes) strictly (no overlong
 * forms, surrogates or values above U+10FFFF). Returns the bytes used and
 * the character in *wc, 0 when s needs more bytes than n, -1 if invalid. */
int ui_utf8_decode(const char *s, size_t n, wchar_t *wc);
/* Encode wc into out (4 bytes at most); returns the length, 0 if invalid. */
size_t ui_utf8_encode(wchar_t wc, char out[4]);
/* Columns of one character as drawn by us: wcwidth, but -1 for controls,
 * unassigned or invalid characters. */
int ui_wcwidth(wchar_t wc);
/* Display columns of a UTF-8 string; invalid bytes and controls count as
 * the one column of the '?' that ui_text_fit draws for them. */
int ui_text_width(const char *utf8);
/* Copy utf8 into buf cut or padded with blanks to exactly cols display
 * columns (a wide character that would straddle the end becomes a blank);
 * controls and invalid bytes become '?'. For lining up list columns. */
void ui_pad(char *buf, size_t size, const char *utf8, int cols);
/* Convert a UTF-8 string into out (at most outlen-1 characters), keeping
 * only what fits in maxcols columns: a wide character that would straddle
 * the limit is left out. Invalid bytes and controls become '?'. Returns the
 * columns used. */
int ui_text_fit(const char *utf8, int maxcols, wchar_t *out, size_t outlen);

/* ---- Clerks as shown ------------------------------------------------- */

/* The store's roles (vocab.h), in rising order of what they may do. */
enum ui_role {
	UI_ROLE_CLERK = VOCAB_ROLE_CLERK,
	UI_ROLE_SUPERVISOR = VOCAB_ROLE_SUPERVISOR,
	UI_ROLE_ADMIN = VOCAB_ROLE_ADMIN
};

/* "clerk" -> UI_ROLE_CLERK ...; -1 when unknown. */
int ui_role_parse(const char *role);
/* 職員 / 監督者 / 管理者 */
const char *ui_role_label(enum ui_role);
/* "citizens" -> 市民課 ... ; NULL when unknown. */
const char *ui_window_label(const char *window);

/* ---- The field editor (pure logic; src/ui/field.c) -------------------- */

#define UI_FIELD_MAXCHARS	128
/* What a field can hold at most: max_chars may ask up to this much for a
 * long line (an OpenSSH public key line pasted, RSA up to ~750). */
#define UI_FIELD_BUFCHARS	1024

enum ui_field_kind {
	UI_FIELD_TEXT,		/* any printable text (addresses, notes) */
	UI_FIELD_NAME,		/* a name: kanji, kana, letters, full-width space */
	UI_FIELD_KANA,		/* katakana, ー, ・ and full-width space; hiragana
				 * typed is turned into katakana */
	UI_FIELD_DIGITS,	/* 0-9; full-width digits are folded to ASCII */
	UI_FIELD_DATE,		/* 和暦 or 西暦 as era_parse_input reads them */
	UI_FIELD_CHOICE,	/* one of a fixed list; on a form a digit
				 * chooses, left/right cycle, a blank opens
				 * a list box of all (so does Enter where
				 * the choices do not fit beside it) */
	UI_FIELD_PIN,		/* digits shown as '*' (the 4-digit user PIN:
				 * set min_chars and max_chars to 4) */
	UI_FIELD_SIGN_PIN	/* signature PIN, shown as '*': 6-16 of A-Z and
				 * 0-9 with one of each at least; a-z typed is
				 * folded to A-Z */
};

/* One field of a form, as a const table row in a screen definition. */
struct ui_field_spec {
	const char		*id;		/* "name_kana": for the submit code */
	const char		*label;		/* Japanese label: "氏名(カナ)" */
	enum ui_field_kind	 kind;
	int			 width;		/* columns on screen */
	int			 max_cols;	/* text limit in columns; 0 = width */
	int			 max_chars;	/* 0 = UI_FIELD_MAXCHARS; at most
						 * UI_FIELD_BUFCHARS */
	int			 min_chars;	/* digits: shortest accepted; 0 none */
	int			 required;
	const char *const	*choices;	/* CHOICE: labels, NULL-terminated */
	const char		*hint;		/* shown after the field, or NULL */
	/* CHOICE of a window (choices = rules_window_label_table, by enum
	 * rules_window): each is drawn by the session's name for it
	 * (ui_window_name); the value is the index all the same. */
	int			 windows;
	/* DATE of a search: any form era_parse_candidates reads, a year
	 * without an era (61.2.3) standing for every era it can be. */
	int			 any_era;
	/* PIN of fixed length (min_chars == max_chars) followed by the PIN
	 * the applicant types next: typed in full, the focus goes on to
	 * the next field by itself (a Tab pressed then is taken as done). */
	int			 advance;
};

/* A field being edited. text holds len characters (NUL after them); cur is
 * the cursor as a character index, scroll the first character shown. */
struct ui_field {
	const struct ui_field_spec *spec;
	wchar_t	text[UI_FIELD_BUFCHARS + 1];
	int	len, cur, scroll;
	int	choice;			/* CHOICE: index, -1 none */
};

/* Keys, as the key reader gives them (printable characters come as
 * themselves, with kind UI_EV_CHAR). */
enum ui_key {
	UI_K_NONE = 0,
	UI_K_ENTER, UI_K_TAB, UI_K_BTAB, UI_K_BACKSPACE, UI_K_DELETE,
	UI_K_LEFT, UI_K_RIGHT, UI_K_UP, UI_K_DOWN, UI_K_HOME, UI_K_END,
	UI_K_PGUP, UI_K_PGDN, UI_K_ESC, UI_K_CLEAR /* ^U */,
	UI_K_REDRAW /* ^L */, UI_K_INTR /* ^C */, UI_K_RESIZE,
	UI_K_F1 = 0x100	/* UI_K_F1 + n - 1 is Fn, n = 1..12 */
};
#define UI_K_F(n)	(UI_K_F1 + (n) - 1)

void ui_field_init(struct ui_field *, const struct ui_field_spec *);
/* 1 for the kinds drawn as '*' (PINs). Their text is wiped when the form
 * closes; a caller of ui_field_get on them wipes its copy after use and
 * never logs it. */
int ui_field_secret(const struct ui_field_spec *);
/* Insert one typed character at the cursor. 0 when taken; -1 when refused,
 * with *why (a static Japanese sentence) saying why. Control characters,
 * characters of the wrong kind, and a character that would pass the
 * field's limit in characters or columns are refused. */
int ui_field_insert(struct ui_field *, wchar_t wc, const char **why);
/* An editing key (UI_K_LEFT, RIGHT, HOME, END, BACKSPACE, DELETE, CLEAR;
 * on a CHOICE field LEFT/RIGHT cycle). 0 when handled, 1 when the key is
 * not an editing key, -1 when it did nothing (at an edge). */
int ui_field_key(struct ui_field *, int key);
/* Replace the text (UTF-8); characters the kind refuses are dropped and the
 * return is -1 then, else 0. The cursor goes to the end. */
int ui_field_set(struct ui_field *, const char *utf8);
/* The text as UTF-8 into buf; for CHOICE the chosen label ("" if none). */
void ui_field_get(const struct ui_field *, char *buf, size_t size);
/* Columns of text[from..to). */
int ui_field_cols(const struct ui_field *, int from, int to);
/* What to draw: characters [*first, *first + *count) fit in the field's
 * width; *cursor_col is the cursor's column relative to the field start. */
void ui_field_view(const struct ui_field *, int *first, int *count,
    int *cursor_col);
/* Check the whole value for its kind. 0 when valid; -1 with a Japanese
 * message naming the field in msg. */
int ui_field_validate(const struct ui_field *, char *msg, size_t size);
/* A DATE field's value; 0 or -1 when empty or not a date. */
int ui_field_date(const struct ui_field *, struct era_date *);
/* Every date a DATE field's value can mean (one unless spec->any_era),
 * up to max into out; how many, 0 when empty or not a date. */
int ui_field_dates(const struct ui_field *, struct era_date *out, int max);

/* ---- Screens ------------------------------------------------------------ */

struct ui;

enum screen_kind {
	SCREEN_MENU,		/* items chosen by key or cursor */
	SCREEN_FORM,		/* fields edited, then submit */
	SCREEN_INFO,		/* a body drawn by the screen's draw function */
	SCREEN_LIST		/* rows of the screen's data, one chosen by Enter */
};

/* A menu row. target names the screen it opens (its id); when no screen
 * of that id is in the table given to ui_run, choosing it says plainly
 * that the procedure is not built yet. */
struct screen_item {
	char		 key;		/* '1'..'9', 'a'..: chosen by this key */
	const char	*label;		/* Japanese */
	const char	*rules;		/* rule ids shown beside it, or NULL */
	const char	*target;	/* screen id, or NULL for nothing yet */
	enum ui_role	 min_role;	/* hidden from lower roles */
	/* Given to the target as its data (ui_open_with), borrowed: the
	 * target has no free_data. NULL: opened without data. */
	const void	*arg;
};

enum screen_action {
	SCREEN_ACT_NONE, SCREEN_ACT_HELP, SCREEN_ACT_BACK, SCREEN_ACT_LOGOUT,
	SCREEN_ACT_SUBMIT, SCREEN_ACT_CLEAR,
	SCREEN_ACT_CALL		/* call the key's function */
};

/* A key of a screen, shown on the function-key bar. alt is a character
 * that does the same on screens without text fields (0 none). */
struct screen_key {
	int			 fkey;		/* 2..9, 11, 12 (F1, F10 are taken) */
	char			 alt;
	const char		*label;		/* short Japanese: "検索" */
	enum screen_action	 action;
	void			(*call)(struct ui *);	/* SCREEN_ACT_CALL */
};

/* A list row's jump keys (screen.list_key): its item code as shown ("B4",
 * a login; ASCII letters and digits, matched without regard to case; ""
 * for none) and the reading of its label in kana ("ウンテンメンキョショウ";
 * "" for none). */
struct screen_list_key {
	char	code[40];
	char	kana[192];
};

/* One screen. Form screens get the edited fields (all valid for their
 * kinds) in submit, which returns 0 to stay (after a message, or after
 * opening the next screen over the form) or 1 to close the form (then it
 * must not have opened a screen; ui_status text stays shown). A form's
 * draw function, when set, draws under its fields (ui_form_fields reads
 * them). Info screens draw their body between rows top and bottom-1.
 * List screens give the number of rows of their data, each row's text
 * (ui_pad lines columns up) and what choosing a row does; the runtime
 * draws, scrolls and moves the highlight, and where the rows do not all
 * fit it ends the header line with the position ("(3/7)"). A list may
 * draw fixed lines above its rows (list_head, from row top; returns the
 * rows it used) and say its own footer (list_footer; "" for none, the
 * rows then reach the footer's line). Typing jumps in a list
 * (src/ui/list.c): an item code (B4, b4) or the first kana of a row's
 * reading, from the keys list_key gives for row i; without list_key a
 * number a row starts with is its code and its text is its reading (when
 * that starts with kana); in a list without codes digits give the row
 * number. A screen opened with data
 * (ui_open_with) reads it with ui_data; free_data frees it on close.
 * Hooks, each optional, so that draw functions only draw:
 *  - open: called once when the screen is opened (ui_open, ui_open_with,
 *    ui_replace_with), on top, after its data is attached and its form
 *    fields initialised (fields NULL and n 0 for other kinds): the place
 *    to fill fields from the data (ui_data). Also called after F8 消去
 *    (SCREEN_ACT_CLEAR) empties the fields, so a form with open comes
 *    back to the values its data holds, and one without it to blank.
 *  - changed: called after a key changed the value of a field of the
 *    form (typing, editing, a choice cycled, F8 消去), before the next
 *    draw: the place to update the screen's model from the fields
 *    (values a screen's own callbacks set, as submit wiping PINs, are
 *    not reported).
 *  - show: called whenever the screen comes on top (opened, after open;
 *    or the screens over it closed), before it is drawn: the place to
 *    read what it shows from the store. */
struct screen {
	const char			*id;
	const char			*title;
	const char			*help;		/* lines joined by '\n' */
	enum screen_kind		 kind;
	enum ui_role			 min_role;
	const struct screen_item	*items;
	size_t				 nitems;
	const struct ui_field_spec	*fields;
	size_t				 nfields;
	const struct screen_key		*keys;
	size_t				 nkeys;
	int	(*submit)(struct ui *, struct ui_field *fields, size_t n);
	void	(*draw)(struct ui *, int top, int bottom);
	const char			*list_header;
	int	(*list_count)(struct ui *);
	void	(*list_row)(struct ui *, int i, char *buf, size_t size);
	void	(*list_choose)(struct ui *, int i);
	int	(*list_head)(struct ui *, int top, int bottom);
	const char			*list_footer;
	void	(*list_key)(struct ui *, int i, struct screen_list_key *);
	void	(*open)(struct ui *, struct ui_field *fields, size_t n);
	void	(*changed)(struct ui *, struct ui_field *fields, size_t n);
	void	(*show)(struct ui *);
	void	(*free_data)(void *);
	/* A menu whose items are made from another table (the procedures):
	 * sets *items and returns their number, used instead of items. */
	size_t	(*menu_items)(const struct screen_item **items);
	/* Esc asks before leaving whatever the fields hold (an application
	 * being taken: what its other pages gathered goes too); else only
	 * when a field differs from what the screen opened with. */
	int	ask_on_leave;
};

/* The screen of that id in table (n screens), or NULL. */
const struct screen *ui_screen_find(const struct screen *const *table,
    size_t n, const char *id);

/* ---- The runtime (src/ui/run.c) ---------------------------------------- */

/* Who is working and on what; borrowed by ui_run. */
struct ui_session {
	const char	*login;
	const char	*name;		/* UTF-8 display name */
	enum ui_role	 role;
	const char	*window;	/* citizens | shonai | ... */
	const char	*session_id;	/* for logs, may be NULL */
	const char	*today;		/* YYYY-MM-DD */
	struct store	*store;		/* open, may be NULL in tests */
	int		 idle_timeout_s; /* end the session after this long
					  * without a key; 0 never */
	const char	*state_dir;	/* the state dir (issuer, cardd,
					 * print/), NULL in tests */
	/* The windows' display names as set (proc_window_label: store,
	 * window code, buf, size; returns buf), read when the session
	 * starts and by ui_windows_reload. NULL: the rules core's. */
	const char	*(*window_label)(struct store *, const char *window,
			    char *buf, size_t size);
	/* The idle lock (src/ui/lock.c): after idle_timeout_s the screen is
	 * locked, and the session ends when it is not unlocked within
	 * lock_timeout_s. The clerk's unlock code through these hooks
	 * (proc_unlock_*; without unlock_verify or a store an idle session
	 * ends at once): has 1/0/-1; check 0 or -1 with msg; set 0 or -1
	 * with msg; verify 1 right, 0 wrong, -1 unreadable; failed records
	 * that the session ended over tries wrong codes. */
	int		 lock_timeout_s;
	int		(*unlock_has)(struct store *, const char *login);
	int		(*unlock_check)(const char *code, char *msg,
			    size_t msglen);
	int		(*unlock_set)(struct store *, const char *login,
			    const char *code, char *msg, size_t msglen);
	int		(*unlock_verify)(struct store *, const char *login,
			    const char *code);
	int		(*unlock_failed)(struct store *, const char *login,
			    int tries);
};

/* Start curses on the terminal (stdin/stdout), run the screens of table
 * (n screens, borrowed; its "menu" is the main menu) until
 * the clerk logs out, the terminal goes away, the idle timeout passes or
 * the clerk may no longer work (ui_clerk_check; in the last two cases a
 * line on stdout says why after curses ends), end curses. 0 then, or
 * UI_EXIT_CLERK when the clerk was stopped; 1 when the terminal could not
 * be used (message on stderr). */
int ui_run(const struct ui_session *, const struct screen *const *table,
    size_t n);

/* The exit status of `madoguchi ui` when the session ended because the
 * clerk was disabled, removed, or given another role or window (the SSH
 * server logs it as such). */
#define UI_EXIT_CLERK	3

/* ---- Identity binding (src/ui/clerk.c) --------------------------------- */

/* The clerk of a session as the store says now. */
enum ui_clerk_standing {
	UI_CLERK_OK,		/* enabled, with the role and window of login */
	UI_CLERK_DISABLED,	/* disabled by an admin */
	UI_CLERK_GONE,		/* no longer in the clerks table */
	UI_CLERK_NO_ROLE,	/* the role is below what is needed */
	UI_CLERK_CHANGED,	/* another role or window since login */
	UI_CLERK_UNREADABLE	/* the store could not be read (busy, error) */
};

/* Read the session's clerk again (one query on st) and say whether they
 * may still work as s->role at s->window, on a screen that needs role
 * `need`. */
enum ui_clerk_standing ui_clerk_check(struct store *st,
    const struct ui_session *s, enum ui_role need);
/* Before a business action `what` (a screen id): 0 when ui_clerk_check
 * says UI_CLERK_OK; else -1, the refusal written to the audit trail
 * (kind clerk.refused) and logged, *out (may be NULL) saying why. */
int ui_clerk_authorize(struct store *st, const struct ui_session *s,
    enum ui_role need, const char *what, enum ui_clerk_standing *out);
/* What the clerk reads about a standing (Japanese, static). */
const char *ui_clerk_text(enum ui_clerk_standing);

/* For screens: the session, a modal message box (returns when the clerk
 * presses a key), a yes/no question (1 yes), opening a screen by id
 * (0, or -1 and the "not built yet" message when unknown). */
const struct ui_session *ui_session(const struct ui *);
void ui_message(struct ui *, const char *title, const char *text);
int ui_confirm(struct ui *, const char *question);
int ui_open(struct ui *, const char *screen_id);
/* Open a screen with data: on 0 the screen owns data from then on (freed
 * with its free_data when it closes); on -1 (unknown screen, role too low,
 * too many screens open: each said in a message box) data is still the
 * caller's. */
int ui_open_with(struct ui *, const char *screen_id, void *data);
/* The data of the screen on top. */
void *ui_data(struct ui *);
/* Open a screen in place of the one on top, which closes (its data
 * freed): for a step that ends the screen it was taken from, so that Esc
 * from the new screen goes below it. The caller uses nothing of the old
 * screen's data afterwards. 0, or -1 as ui_open_with (the old screen then
 * stays). */
int ui_replace_with(struct ui *, const char *screen_id, void *data);
/* The highlighted row of the list screen on top, and moving the
 * highlight there (kept within the rows when drawn). */
int ui_list_selected(struct ui *);
void ui_list_select(struct ui *, int i);
/* Type-ahead in lists (src/ui/jump.c). ui_jump_fold: the character
 * typed as it is matched: ASCII letters upper case, digits as they are,
 * kana (hiragana, katakana, half-width katakana) as full-width katakana
 * without voicing marks and not small (が: カ, ょ: ヨ, ｳ: ウ), the long
 * sound mark as ー; 0 for anything else. ui_jump_code_match: 2 when the
 * typed code is the row's (case aside), 1 when it begins it, else 0.
 * ui_jump_kana_match: 1 when the reading (UTF-8, spaces skipped) begins
 * with the n characters typed, both folded. */
wchar_t ui_jump_fold(wchar_t wc);
int ui_jump_code_match(const char *typed, const char *code);
int ui_jump_kana_match(const wchar_t *typed, size_t n, const char *reading);
/* Close the screen on top (without asking); close every screen above the
 * one of that id (the menu: "menu"), and return 0; when no screen of that
 * id is open, close every screen but the menu and return -1. The message
 * line is kept, so a procedure can say "受け付けました" with ui_status and
 * go back. */
void ui_close(struct ui *);
int ui_close_to(struct ui *, const char *screen_id);
/* The message line under the body (error: shown bold); and the same drawn
 * at once, for a screen about to do something slow (card, issuer). The
 * line belongs to the screen that is on top when the key (or the show
 * hook) that set it is done: set before opening a screen or closing back
 * to one, it is shown there ("受付番号 1 で受け付けました"); it goes as
 * soon as another screen comes on top, and does not come back. */
void ui_status(struct ui *, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_busy(struct ui *, const char *text);
/* The slow thing done without anything to say: the message line as it
 * was before ui_busy. */
void ui_busy_done(struct ui *);
/* Every business action of a screen (accepting, issuing, sending or
 * taking a letter) calls this first: 0 when the clerk may go on; -1 when
 * not, after saying why (a message box), or, for a clerk disabled,
 * removed or changed, after ending the session with that message. The
 * refusal is audited (ui_clerk_authorize). Without a store: 0. */
int ui_clerk_recheck(struct ui *);
/* The fields of the form on top (NULL and *n 0 for other kinds), for a
 * form's draw function (drawn under the fields, on every key) to show
 * what they mean live (src/ui/live.c). */
struct ui_field *ui_form_fields(struct ui *, size_t *n);
/* Put the cursor of the form on top on field i (a card screen after a
 * read: the next read starts at its first PIN). */
void ui_form_focus(struct ui *, size_t i);
/* Today (the session's date) as a date. */
void ui_today(const struct ui *, struct era_date *);
/* A window's display name in this session (src/ui/windows.c): as set
 * when the session started or was last reloaded, else ui_window_label;
 * NULL for an unknown code. */
const char *ui_window_name(const struct ui *, const char *window);
/* Read the windows' names again (after the settings changed one): the
 * header and the forms show them from the next draw. */
void ui_windows_reload(struct ui *);

enum ui_attr { UI_ATTR_NORMAL = 0, UI_ATTR_BOLD = 1, UI_ATTR_REVERSE = 2,
	UI_ATTR_UNDERLINE = 4 };
/* Draw UTF-8 text at row/col, cut to maxcols columns (no wide character
 * is split), controls shown as '?'. Returns the columns drawn. */
int ui_put(struct ui *, int row, int col, int maxcols, const char *utf8,
    int attrs);

/* Rows of label/value pairs, as a record is shown: a bold label in
 * label_cols columns from col, its value after it up to col + cols. */
struct ui_rows {
	int	row;		/* the next row drawn */
	int	bottom;		/* first row not drawn on */
	int	col, label_cols, cols;
};
/* Draw one pair at r->row and move r->row to the next row; -1 (nothing
 * drawn) when r->row has reached r->bottom. */
int ui_row(struct ui *, struct ui_rows *r, const char *label,
    const char *value, int attrs);
/* UTF-8 text over as many rows as it needs from row (none from bottom
 * on), wrapped at cols display columns (ui_wrap_line); '\n' starts a new
 * row. Returns the rows used (an empty text uses one, blank). */
int ui_wrap(struct ui *, int row, int bottom, int col, int cols,
    const char *utf8, int attrs);
/* For an info screen's draw function: text as ui_wrap draws it, from
 * the row the clerk scrolled to (Up/Down a row, PageUp/PageDown a page,
 * Home/End; the runtime keeps the place while the screen is open); where
 * it does not all fit between top and bottom the title row ends with the
 * page shown, "(1/2)". Returns the rows drawn. One such text a screen. */
int ui_scroll_text(struct ui *, int top, int bottom, int col, int cols,
    const char *utf8, int attrs);
/* Where ui_wrap breaks: the bytes of utf8's first row at cols display
 * columns (at least 2), stopping before a '\n' and before max bytes; at
 * least one character when utf8 has one that is not '\n'. Its columns
 * into *width (may be NULL); invalid bytes and controls count one column,
 * as the '?' drawn for them. */
size_t ui_wrap_line(const char *utf8, int cols, size_t max, int *width);

/* The plain sentence shown for an entry not built yet. */
#define UI_TEXT_NOT_BUILT	"この手続きはまだ実装されていません。"

#endif
