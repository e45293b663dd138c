/*
 * 設定 (admins): every setting of the registry (settings.h), group by
 * group, with the value in force (read from the store through proc when
 * the list comes on top); Enter on one opens its edit form, which checks
 * the value with the registry's one check and saves it through proc
 * (proc_setting_set: the change and its settings.set audit row together).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/util.h"
#include "screens.h"

#define SETTINGS_VALUE_MAX	512

/* One row of the list: a group's heading (s NULL) or a setting. */
struct settings_row {
	enum setting_group	 group;
	const struct setting	*s;
	char			 value[SETTINGS_VALUE_MAX];
	int			 is_default;	/* the default's value */
};

struct settings_view {
	struct settings_row	*rows;
	int			 n;		/* -1: the store did not answer */
};

static void
settings_free(void *p)
{
	struct settings_view *v = p;

	if (v == NULL)
		return;
	free(v->rows);
	free(v);
}

static void
settings_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct settings_view *v;

	(void)f;
	(void)n;
	if (ui_data(ui) != NULL)
		return;
	v = xcalloc(1, sizeof(*v));
	if (ui_replace_with(ui, "settings", v) == -1)
		settings_free(v);
}

/* The registry's rows with a heading before each group.
 * MERGE(approval): the 承認 group's rows (approval.<action>, 0/1) are
 * listed here as soon as proc_settings.c's table list holds the table
 * made from proc_approval_table[]; this screen needs no change. */
static void
settings_show_cb(struct ui *ui)
{
	struct settings_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;
	size_t i, count = proc_setting_count();
	const struct setting *s;
	int last = -1, rc;

	if (v == NULL)
		return;
	free(v->rows);
	v->rows = xcalloc(count * 2 + 1, sizeof(*v->rows));
	v->n = 0;
	for (i = 0; (s = proc_setting_at(i)) != NULL; i++) {
		if ((int)s->group != last) {
			v->rows[v->n].group = s->group;
			v->rows[v->n++].s = NULL;
			last = (int)s->group;
		}
		v->rows[v->n].group = s->group;
		v->rows[v->n].s = s;
		rc = st != NULL ? proc_setting_value(st, s, v->rows[v->n].value,
		    sizeof(v->rows[v->n].value)) : 1;
		if (rc == -1) {
			v->n = -1;
			return;
		}
		v->rows[v->n].is_default = rc == 1 || strcmp(v->rows[v->n].value,
		    proc_setting_default(s)) == 0;
		v->n++;
	}
}

static int
settings_count_cb(struct ui *ui)
{
	const struct settings_view *v = ui_data(ui);

	return v == NULL || v->n < 0 ? 0 : v->n;
}

/* The setting's label; a window's rows say which window. */
static void
settings_label(const struct setting *s, char *buf, size_t size)
{
	if (s->window > 0)
		snprintf(buf, size, "%s: %s", rules_window_label(
		    (enum rules_window)(s->window - 1)), s->label);
	else
		snprintf(buf, size, "%s", s->label);
}

static void
settings_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct settings_row *r = &((struct settings_view *)ui_data(ui))->rows[i];
	char label[160], padded[200];

	if (r->s == NULL) {
		snprintf(buf, size, "【%s】", proc_setting_group_label(r->group));
		return;
	}
	settings_label(r->s, label, sizeof(label));
	ui_pad(padded, sizeof(padded), label, 36);
	snprintf(buf, size, "  %s %s%s", padded,
	    proc_setting_show(r->s, r->value), r->is_default ? " (既定値)" : "");
}

struct setting_edit {
	const struct setting	*s;
	char			 value[SETTINGS_VALUE_MAX];
	int			 clerks;	/* a window's row: its clerks,
						 * -1 unknown or other rows */
};

static void
settings_choose_cb(struct ui *ui, int i)
{
	const struct settings_view *v = ui_data(ui);
	struct setting_edit *e;

	if (v == NULL || i < 0 || i >= v->n)
		return;
	if (v->rows[i].s == NULL) {
		ui_status(ui, 0, "見出しの下の設定を選んで Enter で変更します。");
		return;
	}
	e = xcalloc(1, sizeof(*e));
	e->s = v->rows[i].s;
	strlcpy_m(e->value, v->rows[i].value, sizeof(e->value));
	e->clerks = e->s->window > 0 && e->s->kind == SETTING_BOOL &&
	    ui_session(ui)->store != NULL ? proc_window_clerks(
	    ui_session(ui)->store, rules_window_name((enum rules_window)(
	    e->s->window - 1))) : -1;
	if (ui_open_with(ui, "setting_edit", e) == -1)
		free(e);
}

static int
settings_head_cb(struct ui *ui, int top, int bottom)
{
	const struct settings_view *v = ui_data(ui);

	(void)bottom;
	if (v == NULL || v->n < 0) {
		ui_put(ui, top, 2, 76, "設定を読めませんでした (データベースの誤り)。",
		    UI_ATTR_BOLD);
		return 1;
	}
	return 0;
}

const struct screen screen_settings = {
	.id = "settings",
	.title = "設定",
	.help =
	    "窓口の設定の一覧です。見出しごとにまとめてあります。\n"
	    "上下キーで設定を選び、Enter で変更する画面を開きます。\n"
	    "(既定値) は、まだ変更されていない設定です。\n"
	    "変更は監査ログに残ります (設定の変更: 前の値 -> 新しい値)。\n"
	    "画面の無操作終了とログイン制限は、次のログインから効きます。\n"
	    "窓口名はこの画面では次の画面から、ほかの職員には次のログインから"
	    "出ます。\n無効にした窓口では新しい申請を受け付けず、職員の窓口にも"
	    "できません。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = "  設定                                 値",
	.list_count = settings_count_cb,
	.list_row = settings_row_cb,
	.list_choose = settings_choose_cb,
	.list_head = settings_head_cb,
	.open = settings_open_cb,
	.show = settings_show_cb,
	.free_data = settings_free,
};

/* ---- Changing one ------------------------------------------------------- */

static const struct ui_field_spec setting_edit_fields[] = {
	{ .id = "value", .label = "新しい値", .kind = UI_FIELD_TEXT,
	  .width = 40, .max_cols = 120, .max_chars = 120, .required = 1 },
};

static void
setting_edit_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct setting_edit *e = ui_data(ui);

	if (e != NULL && n > 0)
		ui_field_set(&f[0], e->value);
}

/* What may be typed, as one line. */
static void
setting_edit_range(const struct setting *s, char *buf, size_t size)
{
	size_t n = 0;
	int i;

	switch (s->kind) {
	case SETTING_INT:
		snprintf(buf, size, "%ld から %ld までの数字", s->min, s->max);
		break;
	case SETTING_BOOL:
		snprintf(buf, size, "1 (有効) か 0 (無効)");
		break;
	case SETTING_TEXT:
		snprintf(buf, size, "%ld 文字まで (制御文字は使えません)", s->max);
		break;
	case SETTING_CHOICE:
		buf[0] = '\0';
		for (i = 0; s->choices != NULL && s->choices[i] != NULL &&
		    n < size; i++)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    i > 0 ? "、" : "", s->choices[i]);
		break;
	}
}

static void
setting_edit_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct setting_edit *e = ui_data(ui);
	struct ui_rows r = { top + 1, bottom, 2, 14, 76 };
	char line[256], label[160];

	if (e == NULL)
		return;
	settings_label(e->s, label, sizeof(label));
	ui_row(ui, &r, "設定", label, UI_ATTR_BOLD);
	ui_row(ui, &r, "キー", e->s->key, 0);
	snprintf(line, sizeof(line), "%s", proc_setting_show(e->s, e->value));
	ui_row(ui, &r, "今の値", line, 0);
	ui_row(ui, &r, "既定値", proc_setting_show(e->s,
	    proc_setting_default(e->s)), 0);
	setting_edit_range(e->s, line, sizeof(line));
	ui_row(ui, &r, "入力できる値", line, 0);
	if (e->clerks >= 0) {
		snprintf(line, sizeof(line), "%d 人 (無効にしても窓口はそのまま"
		    "です)", e->clerks);
		ui_row(ui, &r, "この窓口の職員", line, 0);
	}
	if (r.row + 1 < bottom)
		ui_wrap(ui, r.row + 1, bottom, 2, 76, e->s->help, UI_ATTR_NORMAL);
}

static int
setting_edit_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct setting_edit *e = ui_data(ui);
	struct store *st = ui_session(ui)->store;
	char typed[UI_FIELD_MAXCHARS * 4 + 1], msg[512], label[160];
	int rc;

	(void)n;
	if (e == NULL || st == NULL || ui_clerk_recheck(ui) == -1)
		return 0;
	ui_field_get(&f[0], typed, sizeof(typed));
	rc = proc_setting_set(st, ui_session(ui)->login, e->s->key, typed, msg,
	    sizeof(msg));
	if (rc == -1) {
		ui_status(ui, 1, "%s", msg);
		return 0;
	}
	settings_label(e->s, label, sizeof(label));
	/* A window's name shows from the next screen of this session (and
	 * at the next login of the others). */
	if (rc == 0 && e->s->window > 0)
		ui_windows_reload(ui);
	if (rc == 1) {
		ui_status(ui, 0, "%s は変わりません。", label);
		return 1;
	}
	ui_status(ui, 0, "%s を変更しました。", label);
	if (proc_window_note(st, e->s->key, msg, sizeof(msg)) > 0)
		ui_message(ui, "窓口を無効にしました", msg);
	return 1;
}

static const struct screen_key setting_edit_keys[] = {
	{ 5, 0, "保存", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_setting_edit = {
	.id = "setting_edit",
	.title = "設定の変更",
	.help =
	    "新しい値を入れて F5 (または Enter) で保存します。\n"
	    "入力できない値のときは、理由を下の行に出します。\n"
	    "Esc で変更せずに一覧に戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = setting_edit_fields,
	.nfields = nitems(setting_edit_fields),
	.keys = setting_edit_keys,
	.nkeys = nitems(setting_edit_keys),
	.submit = setting_edit_submit_cb,
	.draw = setting_edit_draw_cb,
	.open = setting_edit_open_cb,
	.free_data = free,
};
