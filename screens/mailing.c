/*
 * J-LIS への送付 (R6.6, R6-2.5): the mailings of accepted disclosure and
 * correction requests by 特定記録郵便, newest first, under a line saying
 * how many requests await one. The keys make a mailing of what awaits,
 * print its list and cover sheet, record its posting with the tracking
 * number (a form), its delivery or its return; each asks
 * ui_clerk_recheck first and goes through proc (proc_mail.c). The rows
 * are read when the screen comes on top (show), never while drawing,
 * into the file's one view: the menu opens the screen without data, and
 * a UI process serves one clerk's session with this screen open at most
 * once (nothing opens it from itself).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "screens.h"

struct mailing_view {
	struct store_mailing	*m;
	int			 n, cap;
	int			 awaiting;	/* -1: could not be read */
};
static struct mailing_view mailing_model;

static int
mailing_add_cb(const struct store_mailing *m, void *arg)
{
	struct mailing_view *v = arg;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 8;
		v->m = xreallocarray(v->m, v->cap, sizeof(*v->m));
	}
	v->m[v->n++] = *m;
	return 0;
}

static int
mailing_count_cb(const struct store_mail_item *it, void *arg)
{
	(void)it;
	(void)arg;
	return 0;
}

static void
mailing_show_cb(struct ui *ui)
{
	struct mailing_view *v = &mailing_model;
	struct store *st = ui_session(ui)->store;

	v->n = 0;
	v->awaiting = -1;
	if (st == NULL)
		return;
	v->awaiting = store_mail_awaiting(st, mailing_count_cb, NULL);
	if (store_mailing_foreach(st, mailing_add_cb, v) == -1)
		ui_status(ui, 1, "送付便を読み出せませんでした (データベースの誤り)");
}

static int
mailing_head_cb(struct ui *ui, int top, int bottom)
{
	const struct mailing_view *v = &mailing_model;
	char line[160];

	if (top >= bottom)
		return 0;
	if (v->awaiting < 0)
		snprintf(line, sizeof(line), "送付を待つ請求書: 読み出せません");
	else
		snprintf(line, sizeof(line), "送付を待つ請求書: %d 件%s",
		    v->awaiting, v->awaiting > 0 ? "  (F5 で送付便を作る)" : "");
	ui_put(ui, top, 2, 76, line, UI_ATTR_BOLD);
	return 2;
}

static int
mailing_count_rows_cb(struct ui *ui)
{
	(void)ui;
	return mailing_model.n;
}

static void
mailing_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_mailing *m = &mailing_model.m[i];
	char state[40], day[32], when[32], no[24];

	(void)ui;
	ui_pad(state, sizeof(state), proc_mail_state_ja(m->state), 18);
	era_format_time(m->created_at, ERA_TIME_SHORT | ERA_TIME_DATE, when,
	    sizeof(when));
	ui_pad(day, sizeof(day), when, 10);
	snprintf(no, sizeof(no), "%lld", (long long)m->id);
	snprintf(buf, size, "%6s  %s  %s  %4d 件  %s", no, day, state,
	    m->n_items, m->tracking_no[0] != '\0' ? m->tracking_no : "-");
}

/* The mailing highlighted, or NULL (said on the status line). */
static const struct store_mailing *
mailing_selected(struct ui *ui)
{
	const struct mailing_view *v = &mailing_model;
	int i = ui_list_selected(ui);

	if (i < 0 || i >= v->n) {
		ui_status(ui, 1, "送付便を選んでください。");
		return NULL;
	}
	return &v->m[i];
}

/* The clerk's proc context for a mailing (store and actor only: a
 * mailing needs neither the card nor the issuer). */
static int
mailing_ctx(struct ui *ui, struct proc_ctx *pc)
{
	memset(pc, 0, sizeof(*pc));
	if (ui_session(ui)->store == NULL || ui_clerk_recheck(ui) == -1)
		return -1;
	pc->st = ui_session(ui)->store;
	pc->actor = ui_session(ui)->login;
	return 0;
}

static void
mailing_done(struct ui *ui, int rc, const char *msg)
{
	if (rc == -1)
		ui_message(ui, "J-LIS への送付", msg);
	else
		ui_status(ui, 0, "%s", msg);
	mailing_show_cb(ui);
}

/* F5: a mailing of every request awaiting one. */
static void
mailing_create_cb(struct ui *ui)
{
	struct proc_ctx pc;
	struct store_clerk c;
	struct store_mailing m;
	char msg[512];

	if (mailing_ctx(ui, &pc) == -1)
		return;
	if (store_clerk_by_login(pc.st, pc.actor, &c) != 0) {
		ui_message(ui, "J-LIS への送付", "職員の記録を読み出せません。");
		return;
	}
	if (!ui_confirm(ui, "送付を待つ請求書をすべて、新しい送付便に入れますか?"))
		return;
	mailing_done(ui, proc_mail_create(&pc, c.id, &m, msg, sizeof(msg)), msg);
}

/* F6: the list and the cover sheet to STATE/print. */
static void
mailing_print_cb(struct ui *ui)
{
	const struct store_mailing *m = mailing_selected(ui);
	struct proc_ctx pc;
	char msg[512], *list, *cover;
	int rc;

	if (m == NULL || ui_session(ui)->state_dir == NULL ||
	    mailing_ctx(ui, &pc) == -1)
		return;
	rc = proc_mail_print(&pc, ui_session(ui)->state_dir,
	    ui_session(ui)->window, m->id, &list,
	    &cover, msg, sizeof(msg));
	free(list);
	free(cover);
	mailing_done(ui, rc, msg);
}

/* F7: the tracking number, on its form. */
static void
mailing_post_cb(struct ui *ui)
{
	const struct store_mailing *m = mailing_selected(ui);
	int64_t *id;

	if (m == NULL)
		return;
	if (strcmp(m->state, "printed") != 0) {
		ui_message(ui, "J-LIS への送付", strcmp(m->state, "draft") == 0 ?
		    "先に請求書一覧と送付書を印刷してください (F6)。" :
		    "この送付便は発送済みです。");
		return;
	}
	id = xmalloc(sizeof(*id));
	*id = m->id;
	if (ui_open_with(ui, "mailing_post", id) == -1)
		free(id);
}

static void
mailing_close(struct ui *ui, const char *to, const char *question)
{
	const struct store_mailing *m = mailing_selected(ui);
	struct proc_ctx pc;
	char msg[512];

	if (m == NULL || mailing_ctx(ui, &pc) == -1 || !ui_confirm(ui, question))
		return;
	mailing_done(ui, proc_mail_close(&pc, m->id, to, msg, sizeof(msg)),
	    msg);
}

static void
mailing_delivered_cb(struct ui *ui)
{
	mailing_close(ui, "delivered", "この送付便を配達済みと記録しますか?");
}

static void
mailing_returned_cb(struct ui *ui)
{
	mailing_close(ui, "returned", "この送付便を返送と記録しますか? 請求書は"
	    "送付待ちに戻ります。");
}

static const struct screen_key mailing_keys[] = {
	{ 5, 'n', "作成", SCREEN_ACT_CALL, mailing_create_cb },
	{ 6, 'p', "印刷", SCREEN_ACT_CALL, mailing_print_cb },
	{ 7, 't', "発送", SCREEN_ACT_CALL, mailing_post_cb },
	{ 8, 'd', "配達", SCREEN_ACT_CALL, mailing_delivered_cb },
	{ 9, 'r', "返送", SCREEN_ACT_CALL, mailing_returned_cb },
};

const struct screen screen_mailing = {
	.id = "mailing",
	.title = "J-LIS への送付 (特定記録郵便)",
	.help =
	    "受け付けた開示請求書・訂正請求書は、J-LIS へ特定記録郵便で送ります"
	    " (R6.6, R6-2.5)。\n"
	    "F5: 送付を待つ請求書で送付便を作ります。\n"
	    "F6: 請求書一覧と送付書を印刷します (請求書と一緒に封入)。\n"
	    "F7: 発送したら、特定記録郵便の番号を入れます。\n"
	    "F8: 配達済み  F9: 返送 (請求書は送付待ちに戻り、また送れます)。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.keys = mailing_keys,
	.nkeys = nitems(mailing_keys),
	.list_header = "送付便  作成日      状態                件数    特定記録の番号",
	.list_count = mailing_count_rows_cb,
	.list_row = mailing_row_cb,
	.list_head = mailing_head_cb,
	.show = mailing_show_cb,
};

/* ---- The tracking number ------------------------------------------------ */

static const struct ui_field_spec mailing_post_fields[] = {
	{ .id = "tracking", .label = "特定記録の番号", .kind = UI_FIELD_TEXT,
	  .width = 20, .max_chars = 17, .required = 1,
	  .hint = "受領証の番号 (11〜13桁)" },
};

static int
mailing_post_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const int64_t *id = ui_data(ui);
	struct proc_ctx pc;
	char typed[64], msg[512];

	(void)n;
	if (mailing_ctx(ui, &pc) == -1)
		return 0;
	ui_field_get(&f[0], typed, sizeof(typed));
	if (proc_mail_post(&pc, *id, typed, msg, sizeof(msg)) == -1) {
		ui_message(ui, "特定記録の番号", msg);
		return 0;
	}
	ui_status(ui, 0, "%s", msg);
	return 1;
}

static void
mailing_post_draw_cb(struct ui *ui, int top, int bottom)
{
	const int64_t *id = ui_data(ui);
	char line[160];

	if (top + 2 >= bottom)
		return;
	snprintf(line, sizeof(line), "送付便 %lld を発送済みにします。請求書の"
	    "送付の段階は済みになります。", (long long)*id);
	ui_wrap(ui, top + 2, bottom, 2, 76, line, UI_ATTR_NORMAL);
}

static const struct screen_key mailing_post_keys[] = {
	{ 5, 0, "記録", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_mailing_post = {
	.id = "mailing_post",
	.title = "発送の記録 (特定記録郵便)",
	.help =
	    "郵便局で受け取った受領証の番号 (数字、区切りのハイフンは入れても"
	    "入れなくてもかまいません) を入れて F5 で記録します。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = mailing_post_fields,
	.nfields = nitems(mailing_post_fields),
	.keys = mailing_post_keys,
	.nkeys = nitems(mailing_post_keys),
	.submit = mailing_post_submit_cb,
	.draw = mailing_post_draw_cb,
	.free_data = free,
};
