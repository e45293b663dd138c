/*
 * 職員の登録・鍵・停止 (admins): one clerk's record and keys (type,
 * fingerprint, added, comment), with keys to add a key (a pasted OpenSSH
 * public key line), remove one (asked first), change window and role, and
 * stop or restart the clerk (asked first); and the form that registers a
 * new clerk. Every change goes through proc (proc_clerk.c), which writes
 * it with its clerk.* audit row, the admin as actor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "screens.h"

#define CLERK_KEY_CHARS	1000	/* a key line: RSA-4096 is ~750 */

struct clerk_view {
	char			 login[33];
	struct store_clerk	 c;
	struct store_clerk_key	*keys;
	int			 n, cap;
	int			 state;		/* 0 read, 1 gone, -1 failed */
};

static void
clerk_view_free(void *p)
{
	struct clerk_view *v = p;

	if (v == NULL)
		return;
	free(v->keys);
	free(v);
}

int
clerk_edit_open(struct ui *ui, const char *login)
{
	struct clerk_view *v = xcalloc(1, sizeof(*v));

	strlcpy_m(v->login, login, sizeof(v->login));
	if (ui_open_with(ui, "clerk_edit", v) == -1) {
		clerk_view_free(v);
		return -1;
	}
	return 0;
}

/* From the maintenance menu, without a clerk: the list to choose one. */
static void
clerk_edit_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	(void)f;
	(void)n;
	if (ui_data(ui) == NULL)
		ui_replace_with(ui, "clerks", NULL);
}

static int
clerk_key_add_cb(const struct store_clerk_key *k, void *arg)
{
	struct clerk_view *v = arg;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 4;
		v->keys = xreallocarray(v->keys, (size_t)v->cap,
		    sizeof(*v->keys));
	}
	v->keys[v->n++] = *k;
	return 0;
}

static void
clerk_edit_show_cb(struct ui *ui)
{
	struct clerk_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;

	if (v == NULL)
		return;
	v->n = 0;
	if (st == NULL) {
		v->state = -1;
		return;
	}
	v->state = store_clerk_by_login(st, v->login, &v->c);
	if (v->state == 0 && store_clerk_keys(st, v->c.id, clerk_key_add_cb,
	    v) == -1)
		v->state = -1;
}

static int
clerk_edit_count_cb(struct ui *ui)
{
	const struct clerk_view *v = ui_data(ui);

	return v == NULL || v->state != 0 ? 0 : v->n;
}

static void
clerk_edit_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_clerk_key *k =
	    &((struct clerk_view *)ui_data(ui))->keys[i];
	const char *hash = strncmp(k->fingerprint, "SHA256:", 7) == 0 ?
	    k->fingerprint + 7 : k->fingerprint;
	char type[64], fp[96], day[32], when[32];

	/* "ssh-ed25519" as "ed25519": the columns go to the comment. */
	ui_pad(type, sizeof(type), strncmp(k->keytype, "ssh-", 4) == 0 ?
	    k->keytype + 4 : k->keytype, 9);
	ui_pad(fp, sizeof(fp), hash, 43);
	era_format_time(k->added_at, ERA_TIME_SHORT | ERA_TIME_DATE, when,
	    sizeof(when));
	ui_pad(day, sizeof(day), when, 10);
	snprintf(buf, size, " %s %s %s %s", type, fp, day, k->comment);
}

static int
clerk_edit_head_cb(struct ui *ui, int top, int bottom)
{
	const struct clerk_view *v = ui_data(ui);
	struct ui_rows r = { top, bottom, 2, 12, 76 };
	const char *win;
	char line[160];
	int role;

	if (v == NULL || v->state != 0) {
		ui_put(ui, top, 2, 76, v != NULL && v->state == 1 ?
		    "この職員は登録されていません。" :
		    "職員の記録を読めませんでした。", UI_ATTR_BOLD);
		return 1;
	}
	win = ui_window_name(ui, v->c.window);
	role = ui_role_parse(v->c.role);
	ui_row(ui, &r, "ログイン名", v->c.login, UI_ATTR_BOLD);
	ui_row(ui, &r, "氏名", v->c.name, 0);
	snprintf(line, sizeof(line), "%s  役割: %s", win != NULL ? win :
	    v->c.window, role >= 0 ? ui_role_label((enum ui_role)role) :
	    v->c.role);
	ui_row(ui, &r, "窓口", line, 0);
	ui_row(ui, &r, "状態", v->c.disabled ? "停止中 (ログインできません)" :
	    "有効", v->c.disabled ? UI_ATTR_BOLD : 0);
	snprintf(line, sizeof(line), "鍵 %d 本  (F2 追加  F3 選んだ鍵の削除)",
	    v->n);
	ui_put(ui, r.row, 2, 76, line, UI_ATTR_NORMAL);
	return r.row + 1 - top;
}

/* The view of the screen on top with its clerk read, or NULL (said). */
static struct clerk_view *
clerk_edit_current(struct ui *ui)
{
	struct clerk_view *v = ui_data(ui);

	if (v == NULL || v->state != 0) {
		ui_status(ui, 1, "職員の記録を読めていません。");
		return NULL;
	}
	if (ui_session(ui)->store == NULL || ui_clerk_recheck(ui) == -1)
		return NULL;
	return v;
}

static void
clerk_edit_done(struct ui *ui, int rc, const char *msg, const char *ok)
{
	if (rc == -1)
		ui_message(ui, "職員", msg);
	else
		ui_status(ui, 0, "%s", ok);
	clerk_edit_show_cb(ui);
}

static void
clerk_key_new_cb(struct ui *ui)
{
	struct clerk_view *v = clerk_edit_current(ui);
	char *login;

	if (v == NULL)
		return;
	login = xstrdup(v->login);
	if (ui_open_with(ui, "clerk_key", login) == -1)
		free(login);
}

static void
clerk_key_remove_cb(struct ui *ui)
{
	struct clerk_view *v = clerk_edit_current(ui);
	int i = ui_list_selected(ui), rc;
	char question[256], msg[512], ok[160];

	if (v == NULL)
		return;
	if (i < 0 || i >= v->n) {
		ui_status(ui, 1, "削除する鍵を選んでください。");
		return;
	}
	snprintf(question, sizeof(question), "職員 %s の鍵 %s を削除しますか?",
	    v->login, v->keys[i].fingerprint);
	if (ui_confirm(ui, question) != 1)
		return;
	snprintf(ok, sizeof(ok), "鍵 %s を削除しました。", v->keys[i].fingerprint);
	rc = proc_clerk_remove_key(ui_session(ui)->store, ui_session(ui)->login,
	    v->login, v->keys[i].id, msg, sizeof(msg));
	clerk_edit_done(ui, rc, msg, ok);
}

static void
clerk_change_cb(struct ui *ui)
{
	struct clerk_view *v = clerk_edit_current(ui);
	struct store_clerk *c;

	if (v == NULL)
		return;
	c = xmalloc(sizeof(*c));
	*c = v->c;
	if (ui_open_with(ui, "clerk_change", c) == -1)
		free(c);
}

static void
clerk_stop_cb(struct ui *ui)
{
	struct clerk_view *v = clerk_edit_current(ui);
	int stop, rc;
	char question[256], msg[512], ok[160];

	if (v == NULL)
		return;
	stop = !v->c.disabled;
	if (stop && strcmp(v->login, ui_session(ui)->login) == 0) {
		ui_message(ui, "職員", "自分自身は停止できません。");
		return;
	}
	snprintf(question, sizeof(question), stop ? "職員 %s を停止しますか? "
	    "ログイン中の画面は数秒で終わります。" : "職員 %s を再開しますか?",
	    v->login);
	if (ui_confirm(ui, question) != 1)
		return;
	snprintf(ok, sizeof(ok), stop ? "職員 %s を停止しました。" :
	    "職員 %s を再開しました。", v->login);
	rc = proc_clerk_set_disabled(ui_session(ui)->store,
	    ui_session(ui)->login, v->login, stop, msg, sizeof(msg));
	clerk_edit_done(ui, rc, msg, ok);
}

static const struct screen_key clerk_edit_keys[] = {
	{ 2, 'a', "鍵の追加", SCREEN_ACT_CALL, clerk_key_new_cb },
	{ 3, 'x', "鍵の削除", SCREEN_ACT_CALL, clerk_key_remove_cb },
	{ 4, 'w', "窓口・役割", SCREEN_ACT_CALL, clerk_change_cb },
	{ 6, 's', "停止・再開", SCREEN_ACT_CALL, clerk_stop_cb },
};

const struct screen screen_clerk_edit = {
	.id = "clerk_edit",
	.title = "職員の登録・鍵・停止",
	.help =
	    "職員の記録と、ログインに使う公開鍵の一覧です。\n"
	    "F2 (a) 鍵の追加: OpenSSH の公開鍵の行 (ssh-ed25519 AAAA... など)\n"
	    "  を貼り付けます。\n"
	    "F3 (x) 鍵の削除: 上下キーで選んだ鍵を、確かめてから削除します。\n"
	    "  ログインしている自分の最後の鍵は削除できません。\n"
	    "F4 (w) 窓口と役割の変更。\n"
	    "F6 (s) 停止・再開: 停止した職員はログインできず、ログイン中の\n"
	    "  画面も数秒で終わります。自分自身は停止できません。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " 種類      指紋 (SHA256)                               登録日     注記",
	.list_count = clerk_edit_count_cb,
	.list_row = clerk_edit_row_cb,
	.list_head = clerk_edit_head_cb,
	.list_footer = "",
	.keys = clerk_edit_keys,
	.nkeys = nitems(clerk_edit_keys),
	.open = clerk_edit_open_cb,
	.show = clerk_edit_show_cb,
	.free_data = clerk_view_free,
};

/* ---- A new clerk ------------------------------------------------------- */

enum { ADD_F_LOGIN, ADD_F_NAME, ADD_F_ROLE, ADD_F_WINDOW, ADD_F_KEY };

static const struct ui_field_spec clerk_add_fields[] = {
	[ADD_F_LOGIN] = { .id = "login", .label = "ログイン名",
	  .kind = UI_FIELD_TEXT, .width = 20, .max_chars = 32, .required = 1,
	  .hint = "半角英小文字・数字・_ . -" },
	[ADD_F_NAME] = { .id = "name", .label = "氏名", .kind = UI_FIELD_TEXT,
	  .width = 24, .max_cols = 60, .max_chars = 30, .required = 1 },
	[ADD_F_ROLE] = { .id = "role", .label = "役割", .kind = UI_FIELD_CHOICE,
	  .width = 10, .required = 1, .choices = vocab_role_label_table },
	[ADD_F_WINDOW] = { .id = "window", .label = "窓口",
	  .kind = UI_FIELD_CHOICE, .width = 16, .required = 1,
	  .choices = rules_window_label_table, .windows = 1 },
	[ADD_F_KEY] = { .id = "key", .label = "公開鍵", .kind = UI_FIELD_TEXT,
	  .width = 56, .max_cols = CLERK_KEY_CHARS,
	  .max_chars = CLERK_KEY_CHARS, .required = 1 },
};

static void
clerk_add_draw_cb(struct ui *ui, int top, int bottom)
{
	ui_wrap(ui, top + 1, bottom, 2, 76, "公開鍵には、職員の端末で作った鍵の "
	    ".pub ファイルの 1 行 (ssh-ed25519 などで始まる行) をそのまま貼り"
	    "付けます。秘密鍵は貼り付けないでください。", UI_ATTR_NORMAL);
}

static int
clerk_add_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	static char key[CLERK_KEY_CHARS * 4 + 1];
	char login[UI_FIELD_MAXCHARS * 4 + 1], name[UI_FIELD_MAXCHARS * 4 + 1];
	char msg[512];
	struct proc_clerk_new cn;

	(void)n;
	if (ui_session(ui)->store == NULL || ui_clerk_recheck(ui) == -1)
		return 0;
	ui_field_get(&f[ADD_F_LOGIN], login, sizeof(login));
	ui_field_get(&f[ADD_F_NAME], name, sizeof(name));
	ui_field_get(&f[ADD_F_KEY], key, sizeof(key));
	cn.login = login;
	cn.name = name;
	cn.role = vocab_name(VOCAB_ROLE, f[ADD_F_ROLE].choice);
	cn.window = rules_window_name((enum rules_window)f[ADD_F_WINDOW].choice);
	cn.key_line = key;
	switch (proc_clerk_add(ui_session(ui)->store, ui_session(ui)->login,
	    &cn, msg, sizeof(msg))) {
	case -1:
		ui_status(ui, 1, "%s", msg);
		return 0;
	case 1:
		ui_status(ui, 0, "%s", msg);
		return 1;
	}
	ui_status(ui, 0, "職員 %s を登録しました。", login);
	return 1;
}

static const struct screen_key clerk_add_keys[] = {
	{ 5, 0, "登録", SCREEN_ACT_SUBMIT, NULL },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

const struct screen screen_clerk_add = {
	.id = "clerk_add",
	.title = "職員の登録",
	.help =
	    "新しい職員のログイン名、氏名、役割、窓口と公開鍵を入れて F5 で\n"
	    "登録します。役割と窓口は番号か左右キーで選びます。\n"
	    "公開鍵は OpenSSH 形式の 1 行です (ssh-keygen で作った .pub)。\n"
	    "登録は監査ログに残ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = clerk_add_fields,
	.nfields = nitems(clerk_add_fields),
	.keys = clerk_add_keys,
	.nkeys = nitems(clerk_add_keys),
	.submit = clerk_add_submit_cb,
	.draw = clerk_add_draw_cb,
};

/* ---- One more key ------------------------------------------------------ */

static const struct ui_field_spec clerk_key_fields[] = {
	{ .id = "key", .label = "公開鍵", .kind = UI_FIELD_TEXT, .width = 60,
	  .max_cols = CLERK_KEY_CHARS, .max_chars = CLERK_KEY_CHARS,
	  .required = 1 },
};

static void
clerk_key_draw_cb(struct ui *ui, int top, int bottom)
{
	char line[256];

	snprintf(line, sizeof(line), "職員 %s の鍵を追加します。.pub ファイルの"
	    " 1 行をそのまま貼り付けて F5 を押します。", (const char *)ui_data(ui));
	ui_wrap(ui, top + 1, bottom, 2, 76, line, UI_ATTR_NORMAL);
}

static int
clerk_key_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	static char key[CLERK_KEY_CHARS * 4 + 1];
	const char *login = ui_data(ui);
	char msg[512];

	(void)n;
	if (ui_session(ui)->store == NULL || ui_clerk_recheck(ui) == -1)
		return 0;
	ui_field_get(&f[0], key, sizeof(key));
	if (proc_clerk_add_key(ui_session(ui)->store, ui_session(ui)->login,
	    login, key, msg, sizeof(msg)) == -1) {
		ui_status(ui, 1, "%s", msg);
		return 0;
	}
	ui_status(ui, 0, "職員 %s に鍵を追加しました。", login);
	return 1;
}

static const struct screen_key clerk_key_keys[] = {
	{ 5, 0, "追加", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_clerk_key = {
	.id = "clerk_key",
	.title = "鍵の追加",
	.help =
	    "OpenSSH の公開鍵の行 (ssh-ed25519 AAAA... など) を貼り付けて\n"
	    "F5 で追加します。Esc で追加せずに戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = clerk_key_fields,
	.nfields = nitems(clerk_key_fields),
	.keys = clerk_key_keys,
	.nkeys = nitems(clerk_key_keys),
	.submit = clerk_key_submit_cb,
	.draw = clerk_key_draw_cb,
	.free_data = free,
};

/* ---- Window and role --------------------------------------------------- */

enum { CHG_F_WINDOW, CHG_F_ROLE };

static const struct ui_field_spec clerk_change_fields[] = {
	[CHG_F_WINDOW] = { .id = "window", .label = "窓口",
	  .kind = UI_FIELD_CHOICE, .width = 16, .required = 1,
	  .choices = rules_window_label_table, .windows = 1 },
	[CHG_F_ROLE] = { .id = "role", .label = "役割", .kind = UI_FIELD_CHOICE,
	  .width = 10, .required = 1, .choices = vocab_role_label_table },
};

static void
clerk_change_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct store_clerk *c = ui_data(ui);

	if (c == NULL || n < 2)
		return;
	f[CHG_F_WINDOW].choice = rules_window_parse(c->window);
	f[CHG_F_ROLE].choice = vocab_parse(VOCAB_ROLE, c->role);
}

static void
clerk_change_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct store_clerk *c = ui_data(ui);
	char line[256];

	snprintf(line, sizeof(line), "職員 %s (%s) の窓口と役割を変えます。"
	    "ログイン中の画面は、変わったことを知らせて終わります。", c->login,
	    c->name);
	ui_wrap(ui, top + 1, bottom, 2, 76, line, UI_ATTR_NORMAL);
}

static int
clerk_change_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct store_clerk *c = ui_data(ui);
	struct store *st = ui_session(ui)->store;
	const char *me = ui_session(ui)->login;
	const char *window = rules_window_name(
	    (enum rules_window)f[CHG_F_WINDOW].choice);
	const char *role = vocab_name(VOCAB_ROLE, f[CHG_F_ROLE].choice);
	struct proc_ctx pc;
	char msg[512];
	int64_t approval = 0;
	int rc = 0;

	(void)n;
	if (st == NULL || ui_clerk_recheck(ui) == -1)
		return 0;
	if (proc_clerk_set_window(st, me, c->login, window, msg,
	    sizeof(msg)) == -1) {
		ui_status(ui, 1, "%s", msg);
		return 0;
	}
	/* A role change goes through four eyes (approval.clerk_role): it may
	 * only be asked here, and done when another supervisor approves. */
	if (strcmp(role, c->role) != 0) {
		memset(&pc, 0, sizeof(pc));
		pc.st = st;
		pc.actor = me;
		if ((rc = proc_clerk_role_change(&pc, c->login, role, NULL,
		    &approval, msg, sizeof(msg))) == -1) {
			ui_status(ui, 1, "%s", msg);
			return 0;
		}
	}
	if (rc == 1)
		ui_status(ui, 0, "職員 %s の役割の変更は承認待ちです (依頼番号 "
		    "%lld)。", c->login, (long long)approval);
	else
		ui_status(ui, 0, "職員 %s の窓口と役割を保存しました。", c->login);
	return 1;
}

static const struct screen_key clerk_change_keys[] = {
	{ 5, 0, "保存", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_clerk_change = {
	.id = "clerk_change",
	.title = "窓口と役割の変更",
	.help =
	    "窓口と役割を番号か左右キーで選び、F5 で保存します。\n"
	    "自分の役割は変えられません。変更は監査ログに残ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = clerk_change_fields,
	.nfields = nitems(clerk_change_fields),
	.keys = clerk_change_keys,
	.nkeys = nitems(clerk_change_keys),
	.submit = clerk_change_submit_cb,
	.draw = clerk_change_draw_cb,
	.open = clerk_change_open_cb,
	.free_data = free,
};
