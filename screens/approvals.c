/*
 * 承認待ち (four eyes, issue 13): for supervisors and admins, the requests
 * waiting for a decision, oldest first (number, action, what it acts on,
 * who asked, the day), and over the list the highlighted one in full: the
 * reason it was asked for and, for an application, its decision and the
 * rules it cites. F5 approves (after a question), F6 refuses with a
 * reason (a form); proc_approval_decide does it, checks that the decider
 * is not the requester and carries the action out. The rows are read when
 * the screen comes on top (show) into the file's one view: the menu opens
 * it without data, once per session at most.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "screens.h"

#define APPROVALS_TITLE	"承認待ち"

struct approval_row {
	struct store_approval	a;
	/* For an application: what the rules decided and cite. */
	char			decision[8];
	char			rules[512];
};

struct approvals_view {
	struct approval_row	*r;
	int			 n, cap;
	int			 failed;	/* could not be read */
};
static struct approvals_view approvals_model;

static int
approvals_add_cb(const struct store_approval *a, void *arg)
{
	struct approvals_view *v = arg;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 8;
		v->r = xreallocarray(v->r, v->cap, sizeof(*v->r));
	}
	memset(&v->r[v->n], 0, sizeof(v->r[0]));
	v->r[v->n++].a = *a;
	return 0;
}

static void
approvals_show_cb(struct ui *ui)
{
	struct approvals_view *v = &approvals_model;
	struct store *st = ui_session(ui)->store;
	struct store_app *app;
	int i;

	v->n = 0;
	v->failed = 1;
	if (st == NULL || store_approval_foreach(st, "waiting",
	    approvals_add_cb, v) == -1) {
		ui_status(ui, 1, "承認の依頼を読み出せませんでした (データベースの"
		    "誤り)");
		return;
	}
	v->failed = 0;
	app = xmalloc(sizeof(*app));
	for (i = 0; i < v->n; i++)
		if (v->r[i].a.application_id != 0 &&
		    store_app_get(st, v->r[i].a.application_id, app) == 0) {
			strlcpy_m(v->r[i].decision, app->decision,
			    sizeof(v->r[i].decision));
			strlcpy_m(v->r[i].rules, app->rules,
			    sizeof(v->r[i].rules));
		}
	free(app);
}

/* What the request acts on, as the supervisor reads it. */
static void
approvals_what(const struct store_approval *a, char *buf, size_t size)
{
	if (a->application_id != 0)
		snprintf(buf, size, "受付番号 %lld", (long long)a->application_id);
	else if (strcmp(a->action, "clerk_role") == 0)
		snprintf(buf, size, "職員 %s", a->object);
	else if (strcmp(a->action, "ca_override") == 0)
		snprintf(buf, size, "証明書 %s", a->object);
	else
		snprintf(buf, size, "%s", a->object);
}

/* What the rules decided of the application (its decision column). */
static const char *
approvals_decision_ja(const char *decision)
{
	return strcmp(decision, "accept") == 0 ? "受付可" : "受付不可 (回答待ち"
	    "など)";
}

static const struct approval_row *
approvals_at(struct ui *ui)
{
	int i = ui_list_selected(ui);

	return i >= 0 && i < approvals_model.n ? &approvals_model.r[i] : NULL;
}

/* Over the rows: the count, then the highlighted request in full. */
static int
approvals_head_cb(struct ui *ui, int top, int bottom)
{
	const struct approvals_view *v = &approvals_model;
	const struct approval_row *r = approvals_at(ui);
	struct ui_rows rows = { top, bottom, 2, 10, 76 };
	char line[640], what[96], when[64];

	if (top >= bottom)
		return 0;
	if (v->failed)
		snprintf(line, sizeof(line), "承認を待つ依頼: 読み出せません");
	else
		snprintf(line, sizeof(line), "承認を待つ依頼: %d 件%s", v->n,
		    v->n > 0 ? "  (F5 承認  F6 却下)" : "");
	ui_put(ui, rows.row++, 2, 76, line, UI_ATTR_BOLD);
	if (r == NULL)
		return rows.row + 1 - top;
	approvals_what(&r->a, what, sizeof(what));
	snprintf(line, sizeof(line), "%lld  %s  %s", (long long)r->a.id,
	    proc_approval_action_ja(r->a.action), what);
	ui_row(ui, &rows, "依頼", line, UI_ATTR_NORMAL);
	/* When, in Japan time (stored in UTC). */
	era_format_time(r->a.requested_at, 0, when, sizeof(when));
	snprintf(line, sizeof(line), "%s  (%s)", r->a.requested_by, when);
	ui_row(ui, &rows, "依頼者", line, UI_ATTR_NORMAL);
	ui_row(ui, &rows, "理由", r->a.reason[0] != '\0' ? r->a.reason : "-",
	    UI_ATTR_NORMAL);
	if (r->decision[0] != '\0') {
		snprintf(line, sizeof(line), "%s  根拠 %s",
		    approvals_decision_ja(r->decision),
		    r->rules[0] != '\0' ? r->rules : "-");
		ui_row(ui, &rows, "判定", line, UI_ATTR_NORMAL);
	} else {
		proc_approval_params_ja(&r->a, line, sizeof(line));
		ui_row(ui, &rows, "内容", line, UI_ATTR_NORMAL);
	}
	return rows.row + 1 - top;
}

static int
approvals_count_cb(struct ui *ui)
{
	(void)ui;
	return approvals_model.n;
}

static void
approvals_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_approval *a = &approvals_model.r[i].a;
	char action[64], what[96], whatp[64], who[40], day[32];

	(void)ui;
	ui_pad(action, sizeof(action), proc_approval_action_ja(a->action), 24);
	approvals_what(a, what, sizeof(what));
	ui_pad(whatp, sizeof(whatp), what, 16);
	ui_pad(who, sizeof(who), a->requested_by, 12);
	era_format_time(a->requested_at, ERA_TIME_SHORT | ERA_TIME_DATE, day,
	    sizeof(day));
	snprintf(buf, size, "%5lld  %s  %s  %s  %s", (long long)a->id, action,
	    whatp, who, day);
}

/* The supervisor's proc context: the store, and for a cancel the issuer
 * (an application in progress has certs to revoke). */
static int
approvals_ctx(struct ui *ui, const struct store_approval *a,
    struct proc_ctx *pc)
{
	const struct ui_session *s = ui_session(ui);
	char why[512];

	memset(pc, 0, sizeof(*pc));
	if (s->store == NULL || ui_clerk_recheck(ui) == -1)
		return -1;
	pc->st = s->store;
	pc->actor = s->login;
	if ((strcmp(a->action, "app_cancel") == 0 ||
	    strcmp(a->action, "letter_void") == 0) && s->state_dir != NULL) {
		ui_busy(ui, "発行機関に接続しています...");
		proc_ctx_open(pc, s->store, s->state_dir, s->login, why,
		    sizeof(why));
	}
	return 0;
}

/* F5: approved after a question; the action is carried out by proc. */
static void
approvals_approve_cb(struct ui *ui)
{
	const struct approval_row *r = approvals_at(ui);
	struct proc_ctx pc;
	char question[512], what[96], msg[1024];
	int64_t id;
	int rc;

	if (r == NULL) {
		ui_status(ui, 1, "承認する依頼を選んでください。");
		return;
	}
	id = r->a.id;
	approvals_what(&r->a, what, sizeof(what));
	snprintf(question, sizeof(question), "依頼 %lld (%s  %s、依頼 %s) を"
	    "承認しますか。\n承認すると、その操作が行われます。", (long long)id,
	    proc_approval_action_ja(r->a.action), what, r->a.requested_by);
	if (ui_confirm(ui, question) != 1 || approvals_ctx(ui, &r->a, &pc) == -1)
		return;
	ui_busy(ui, "承認しています...");
	rc = proc_approval_decide(&pc, id, 1, NULL, msg, sizeof(msg));
	proc_ctx_close(&pc);
	ui_message(ui, APPROVALS_TITLE, msg);
	approvals_show_cb(ui);
	if (rc == 0)
		ui_status(ui, 0, "依頼 %lld を承認しました。", (long long)id);
	else
		ui_status(ui, 1, "依頼 %lld は承認できませんでした。",
		    (long long)id);
}

/* F6: the refusal's reason, on its form. */
static void
approvals_refuse_cb(struct ui *ui)
{
	const struct approval_row *r = approvals_at(ui);
	int64_t *id;

	if (r == NULL) {
		ui_status(ui, 1, "却下する依頼を選んでください。");
		return;
	}
	id = xmalloc(sizeof(*id));
	*id = r->a.id;
	if (ui_open_with(ui, "approval_refuse", id) == -1)
		free(id);
}

/* Enter: the request in full, in a box. */
static void
approvals_choose_cb(struct ui *ui, int i)
{
	const struct approval_row *r = &approvals_model.r[i];
	char text[4096], what[96], params[600], when[64];

	approvals_what(&r->a, what, sizeof(what));
	proc_approval_params_ja(&r->a, params, sizeof(params));
	era_format_time(r->a.requested_at, 0, when, sizeof(when));
	snprintf(text, sizeof(text), "依頼 %lld  %s\n対象: %s\n依頼者: %s (%s)\n"
	    "理由: %s\n内容: %s%s%s%s%s", (long long)r->a.id,
	    proc_approval_action_ja(r->a.action), what, r->a.requested_by,
	    when, r->a.reason[0] != '\0' ? r->a.reason : "-",
	    params, r->decision[0] != '\0' ? "\n判定: " : "",
	    r->decision[0] != '\0' ? approvals_decision_ja(r->decision) : "",
	    r->decision[0] != '\0' ? "  根拠 " : "",
	    r->decision[0] != '\0' ? r->rules : "");
	ui_message(ui, APPROVALS_TITLE, text);
}

static const struct screen_key approvals_keys[] = {
	{ 5, 'a', "承認", SCREEN_ACT_CALL, approvals_approve_cb },
	{ 6, 'r', "却下", SCREEN_ACT_CALL, approvals_refuse_cb },
};

const struct screen screen_approvals = {
	.id = "approvals",
	.title = APPROVALS_TITLE,
	.help =
	    "監督者の承認を待つ操作の一覧です (申請の取消し、照会書兼回答書の無効、\n"
	    "保存期間を過ぎた申請の削除、職員の役割の変更など。設定で決まります)。\n"
	    "上下キーで選ぶと、上に依頼の理由と、申請なら判定と根拠の条が出ます。\n"
	    "F5: 承認 (確かめてから。承認するとその操作が行われます)。\n"
	    "F6: 却下 (理由を入れます)。Enter: 依頼の内容をすべて表示。\n"
	    "自分が依頼したものは、承認も却下もできません (別の監督者が判断します)。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_SUPERVISOR,
	.keys = approvals_keys,
	.nkeys = nitems(approvals_keys),
	.list_header = "  番号  内容                      対象              依頼者        依頼日",
	.list_count = approvals_count_cb,
	.list_row = approvals_row_cb,
	.list_head = approvals_head_cb,
	.list_choose = approvals_choose_cb,
	.show = approvals_show_cb,
};

/* ---- The refusal's reason ------------------------------------------- */

static const struct ui_field_spec refuse_fields[] = {
	{ .id = "note", .label = "却下の理由", .kind = UI_FIELD_TEXT,
	  .width = 48, .max_cols = 200, .max_chars = 100, .required = 1,
	  .hint = "100 文字まで" },
};

static int
refuse_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const int64_t *id = ui_data(ui);
	struct proc_ctx pc;
	char note[UI_FIELD_MAXCHARS * 4 + 1], msg[1024];

	(void)n;
	if (ui_session(ui)->store == NULL || ui_clerk_recheck(ui) == -1)
		return 0;
	memset(&pc, 0, sizeof(pc));
	pc.st = ui_session(ui)->store;
	pc.actor = ui_session(ui)->login;
	ui_field_get(&f[0], note, sizeof(note));
	if (proc_approval_decide(&pc, *id, 0, note, msg, sizeof(msg)) == -1) {
		ui_message(ui, "却下", msg);
		return 0;
	}
	ui_status(ui, 0, "%s", msg);
	return 1;
}

static void
refuse_draw_cb(struct ui *ui, int top, int bottom)
{
	const int64_t *id = ui_data(ui);
	char line[160];

	if (top + 2 >= bottom)
		return;
	snprintf(line, sizeof(line), "依頼 %lld を却下します。理由は依頼者に"
	    "見え、監査記録に残ります。F5 で却下、Esc でやめます。",
	    (long long)*id);
	ui_wrap(ui, top + 2, bottom, 2, 76, line, UI_ATTR_NORMAL);
}

static const struct screen_key refuse_keys[] = {
	{ 5, 0, "却下", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_approval_refuse = {
	.id = "approval_refuse",
	.title = "承認の依頼の却下",
	.help =
	    "却下の理由を 100 文字まで入れて F5 を押します。\n"
	    "自分が依頼したものは却下できません。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_SUPERVISOR,
	.fields = refuse_fields,
	.nfields = nitems(refuse_fields),
	.keys = refuse_keys,
	.nkeys = nitems(refuse_keys),
	.submit = refuse_submit_cb,
	.draw = refuse_draw_cb,
	.free_data = free,
};
