/*
 * The settings registry: every key of the settings table as one row of a
 * const table (src/proc/proc_settings.c), with its kind, default, limits,
 * Japanese label, group and one line of help. `madoguchi init` writes the
 * defaults from it, the settings screen lists and edits it, and the code
 * that reads a setting uses the same key names (server.h, proc.h). Part of
 * the proc module: changes go through proc_setting_set, audited.
 */
#ifndef MADOGUCHI_SETTINGS_H
#define MADOGUCHI_SETTINGS_H

#include <stddef.h>

struct store;

/* Keys read elsewhere by name (the server's are in server.h, the
 * retention period in proc.h). */
#define SETTING_CITY_NAME	"city.name"

enum setting_kind {
	SETTING_INT,		/* decimal, min..max */
	SETTING_TEXT,		/* UTF-8, 1..max characters, no controls */
	SETTING_BOOL,		/* "1" on, "0" off */
	SETTING_CHOICE		/* one of choices */
};

/* Groups, in the order the settings screen shows them. */
enum setting_group {
	SETTING_G_CITY,		/* 市の名称と窓口 */
	SETTING_G_SCREEN,	/* 画面 */
	SETTING_G_LOGIN,	/* ログイン制限 */
	SETTING_G_RETENTION,	/* 保存期間 */
	SETTING_G_APPROVAL,	/* 承認 */
	SETTING_G_COUNT
};

struct setting {
	const char		*key;
	enum setting_kind	 kind;
	enum setting_group	 group;
	const char		*def;		/* NULL: see window */
	long			 min, max;	/* INT: range; TEXT: max chars */
	const char *const	*choices;	/* CHOICE: NULL-terminated */
	const char		*label;		/* Japanese */
	const char		*help;		/* one line, Japanese */
	/* A window's display name: 1 + enum rules_window, whose label
	 * (rules_window_label) is the default; 0 for other rows. */
	int			 window;
};

/* The group's Japanese name. */
const char *proc_setting_group_label(enum setting_group);
/* The settings of every table of the registry, group by group; the i-th
 * (NULL past the end) and their number. */
size_t proc_setting_count(void);
const struct setting *proc_setting_at(size_t i);
const struct setting *proc_setting_find(const char *key);
/* The default value as stored. */
const char *proc_setting_default(const struct setting *);
/* Check value for the setting: 0 with the value as it is to be stored
 * into norm (digits folded to ASCII, blanks trimmed; "はい"/"有効" for
 * a bool become "1"), or -1 with a Japanese sentence in msg. */
int proc_setting_check(const struct setting *, const char *value,
    char *norm, size_t normlen, char *msg, size_t msglen);
/* The value in force into buf: the stored one, or the default when none
 * is stored (then 1); 0 stored, -1 on a database error. */
int proc_setting_value(struct store *, const struct setting *, char *buf,
    size_t size);
/* The value as an admin reads it: a bool as 有効/無効, else the value. */
const char *proc_setting_show(const struct setting *, const char *value);
/* Set key to value (checked first) with its audit row (settings.set,
 * object the key, detail "old -> new") in one transaction, actor the
 * clerk's login or cli_actor(). 0, 1 when the value was already that
 * (nothing written), -1 with msg (Japanese). */
int proc_setting_set(struct store *, const char *actor, const char *key,
    const char *value, char *msg, size_t msglen);
/* Write the default of every setting not in the store yet (init); the
 * number written, or -1. */
int proc_settings_init(struct store *);

/* ---- The windows as set (src/proc/proc_window.c) ----------------------
 * window is the store's code (citizens, shonai, ...). */

/* Bytes of a window's display name with its NUL (20 characters). */
#define PROC_WINDOW_LABEL_MAX	96

/* The window's display name (window.<name>.label) into buf, the rules
 * core's label when none is stored or the store (NULL allowed) cannot
 * be read; an unknown code as it is. Returns buf. */
const char *proc_window_label(struct store *, const char *window, char *buf,
    size_t size);
/* Bytes of a CUPS queue name with its NUL (lpadmin takes 127). */
#define PROC_PRINTER_MAX	127
/* window.<name>.printer, the CUPS queue of the window's printer, into
 * buf: "" when the window has none (its documents are saved as PDFs
 * under STATE/print), or when window is not known; -1 when the store
 * cannot be read, else 0. */
int proc_window_printer(struct store *, const char *window, char *buf,
    size_t size);
/* window.<name>.enabled: 1 on (also when not stored), 0 off or an
 * unknown window, -1 when the store cannot be read. */
int proc_window_enabled(struct store *, const char *window);
/* 0 when the window takes something new; else -1 with a Japanese
 * sentence in msg naming it by its display name and ending in `what`
 * (what cannot be done there: "職員の窓口にできません"). */
int proc_window_open(struct store *, const char *window, const char *what,
    char *msg, size_t msglen);
/* The clerks whose window is window (stopped ones too: they come back
 * there); -1 on a store error. */
int proc_window_clerks(struct store *, const char *window);
/* After key was set: when it is a window's enabled row now off and
 * clerks are still at that window, a Japanese sentence saying how many
 * into msg and their number; else 0 and msg "". */
int proc_window_note(struct store *, const char *key, char *msg,
    size_t msglen);

#endif
