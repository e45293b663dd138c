/*
 * The windows as the settings make them (settings.h): a window's display
 * name (window.<name>.label, the rules core's label when none is stored)
 * whether it takes new applications and clerks (window.<name>.enabled)
 * and the CUPS queue of its printer (window.<name>.printer).
 * Read from the store on every call: the UI keeps its own copy per session
 * (struct ui), printed forms and the CLI read them when they run. The
 * rules core never reads a setting: its labels are only the defaults.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"

/* The registry's row "window.<name>.<what>" of a known window, or NULL. */
static const struct setting *
window_setting(const char *window, const char *what)
{
	char key[64];

	if (window == NULL || rules_window_parse(window) < 0)
		return NULL;
	snprintf(key, sizeof(key), "window.%s.%s", window, what);
	return proc_setting_find(key);
}

const char *
proc_window_label(struct store *st, const char *window, char *buf,
    size_t size)
{
	const struct setting *s = window_setting(window, "label");

	if (s == NULL) {
		strlcpy_m(buf, window != NULL ? window : "", size);
		return buf;
	}
	/* A database that cannot be read still prints the form: the
	 * rules core's name is right, if not the configured one. */
	if (st == NULL || proc_setting_value(st, s, buf, size) == -1 ||
	    buf[0] == '\0')
		strlcpy_m(buf, proc_setting_default(s), size);
	return buf;
}

int
proc_window_printer(struct store *st, const char *window, char *buf,
    size_t size)
{
	const struct setting *s = window_setting(window, "printer");

	buf[0] = '\0';
	if (s == NULL)
		return 0;
	if (proc_setting_value(st, s, buf, size) == -1) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

int
proc_window_enabled(struct store *st, const char *window)
{
	const struct setting *s = window_setting(window, "enabled");
	char v[16];

	if (s == NULL)
		return 0;
	if (proc_setting_value(st, s, v, sizeof(v)) == -1)
		return -1;
	return strcmp(v, "0") != 0;
}

int
proc_window_open(struct store *st, const char *window, const char *what,
    char *msg, size_t msglen)
{
	char label[PROC_WINDOW_LABEL_MAX];

	switch (proc_window_enabled(st, window)) {
	case 1:
		return 0;
	case -1:
		snprintf(msg, msglen, "窓口の設定を読めませんでした (データベース"
		    "の誤り)。");
		return -1;
	}
	if (rules_window_parse(window) < 0)
		snprintf(msg, msglen, "窓口を選んでください。");
	else
		snprintf(msg, msglen, "窓口「%s」は無効 (使わない設定) のため、"
		    "%s。", proc_window_label(st, window, label, sizeof(label)),
		    what);
	return -1;
}

struct window_count {
	const char	*window;
	int		 n;
};

static int
window_count_cb(const struct store_clerk *c, void *arg)
{
	struct window_count *wc = arg;

	if (strcmp(c->window, wc->window) == 0)
		wc->n++;
	return 0;
}

int
proc_window_clerks(struct store *st, const char *window)
{
	struct window_count wc = { window, 0 };

	if (store_clerk_foreach(st, window_count_cb, &wc) == -1)
		return -1;
	return wc.n;
}

int
proc_window_note(struct store *st, const char *key, char *msg, size_t msglen)
{
	const struct setting *s = proc_setting_find(key);
	const char *name;
	char v[16], label[PROC_WINDOW_LABEL_MAX];
	int n;

	msg[0] = '\0';
	if (s == NULL || s->window <= 0 || s->kind != SETTING_BOOL ||
	    proc_setting_value(st, s, v, sizeof(v)) == -1 ||
	    strcmp(v, "0") != 0)
		return 0;
	name = rules_window_name((enum rules_window)(s->window - 1));
	if ((n = proc_window_clerks(st, name)) <= 0)
		return 0;
	snprintf(msg, msglen, "窓口「%s」にはまだ職員が %d 人います。職員の"
	    "画面で窓口を変えてください (この窓口の受付済みの申請はそのまま"
	    "です)。", proc_window_label(st, name, label, sizeof(label)), n);
	return n;
}
