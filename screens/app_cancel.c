/*
 * 申請の取消し: a pending application chosen on the person's record
 * (person.c, F8) is cancelled for a reason the clerk types. The record
 * asks first (app_cancel_start: what the application is and what
 * cancelling it does); this form takes the reason and hands it to
 * proc_app_cancel, which does the work and the audit. The screen's data
 * is the application's id, state and its line of the record, and the
 * letter's reference when it is a letter voided (letters.c). Under four
 * eyes proc makes a request for a supervisor instead, and the form says
 * 承認を依頼しました with its number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

#define CANCEL_TITLE	"申請の取消し"

struct cancel_view {
	int64_t	app_id;
	char	state[16];
	char	line[256];	/* the application as the record shows it */
	int	certs;		/* valid certs made for it, as recorded */
	char	ref[16];	/* a letter voided with it, "" none */
};

static const struct ui_field_spec cancel_fields[] = {
	{ .id = "reason", .label = "取消しの理由", .kind = UI_FIELD_TEXT,
	  .width = 48, .max_cols = 2 * PROC_CANCEL_REASON_MAX,
	  .max_chars = PROC_CANCEL_REASON_MAX, .required = 1,
	  .hint = "100 文字まで" },
};

static int
cancel_count_cb(const struct store_cert *c, void *arg)
{
	struct cancel_view *cv = arg;

	if (c->application_id == cv->app_id && (strcmp(c->state, "valid") == 0 ||
	    strcmp(c->state, "on_hold") == 0))
		cv->certs++;
	return 0;
}

/* What cancelling this application does besides, for the clerk. */
static const char *
cancel_effect(const struct cancel_view *cv, char *buf, size_t size)
{
	if (strcmp(cv->state, "in_progress") == 0)
		snprintf(buf, size, "発行の途中です。この申請で発行した電子証明書は"
		    "失効させます (記録では %d 件)。", cv->certs);
	else if (strcmp(cv->state, "waiting_reply") == 0)
		snprintf(buf, size, "送った照会書兼回答書は無効になり、回答書が"
		    "届いても受け付けられません。");
	else
		snprintf(buf, size, "受け付けた申請を取り消します。");
	return buf;
}

static int
cancel_start(struct ui *ui, int64_t person_id, int64_t app_id,
    const char *state, const char *line, const char *ref)
{
	struct cancel_view *cv = xcalloc(1, sizeof(*cv));
	char question[1024], effect[256];

	cv->app_id = app_id;
	if (ref != NULL)
		strlcpy_m(cv->ref, ref, sizeof(cv->ref));
	strlcpy_m(cv->state, state, sizeof(cv->state));
	strlcpy_m(cv->line, line, sizeof(cv->line));
	if (store_cert_foreach(ui_session(ui)->store, person_id,
	    cancel_count_cb, cv) == -1)
		cv->certs = -1;
	snprintf(question, sizeof(question), "次の申請を取り消しますか。\n"
	    "受付番号 %lld  %s\n%s\n(はいのとき、次に取消しの理由を入力します)",
	    (long long)app_id, line, cancel_effect(cv, effect, sizeof(effect)));
	if (ui_confirm(ui, question) != 1 ||
	    ui_open_with(ui, "app_cancel", cv) == -1) {
		free(cv);
		return -1;
	}
	return 0;
}

int
app_cancel_start(struct ui *ui, int64_t person_id, int64_t app_id,
    const char *state, const char *line)
{
	return cancel_start(ui, person_id, app_id, state, line, NULL);
}

int
app_void_start(struct ui *ui, int64_t person_id, int64_t app_id,
    const char *ref, const char *line)
{
	return cancel_start(ui, person_id, app_id, "waiting_reply", line, ref);
}

/* Under the reason: which application, and what cancelling does. */
static void
cancel_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct cancel_view *cv = ui_data(ui);
	char buf[512], effect[256];
	int row = top;

	snprintf(buf, sizeof(buf), "受付番号 %lld  %s", (long long)cv->app_id,
	    cv->line);
	if (row < bottom)
		ui_put(ui, row++, 2, 76, buf, UI_ATTR_BOLD);
	if (row < bottom)
		ui_put(ui, row++, 2, 76, cancel_effect(cv, effect,
		    sizeof(effect)), UI_ATTR_NORMAL);
	row++;
	if (row < bottom)
		ui_put(ui, row++, 2, 76, "理由は取消しの記録 (監査記録) に残ります。"
		    "暗証番号は書かないでください。", UI_ATTR_NORMAL);
	if (row < bottom)
		ui_put(ui, row, 2, 76, "F5 で取り消します。やめるときは Esc。",
		    UI_ATTR_NORMAL);
}

/* F5: the reason checked, the application cancelled by the procedure. */
static int
cancel_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct cancel_view *cv = ui_data(ui);
	const struct ui_session *s = ui_session(ui);
	char reason[UI_FIELD_MAXCHARS * 4 + 1], msg[1024], why[512];
	struct proc_ctx pc;
	int rc;

	(void)n;
	ui_field_get(&f[0], reason, sizeof(reason));
	if (proc_cancel_reason_check(reason, msg, sizeof(msg)) == -1) {
		ui_message(ui, CANCEL_TITLE, msg);
		return 0;
	}
	memset(&pc, 0, sizeof(pc));
	pc.st = s->store;
	pc.actor = s->login;
	/* Only an issuance under way needs the issuer (its certs). */
	if (strcmp(cv->state, "in_progress") == 0 && s->state_dir != NULL) {
		ui_busy(ui, "発行機関に接続しています...");
		proc_ctx_open(&pc, s->store, s->state_dir, s->login, why,
		    sizeof(why));
	}
	ui_busy(ui, "取り消しています...");
	rc = cv->ref[0] != '\0' ? proc_letter_void(&pc, cv->ref, reason, msg,
	    sizeof(msg)) : proc_app_cancel(&pc, cv->app_id, reason, msg,
	    sizeof(msg));
	proc_ctx_close(&pc);
	ui_message(ui, CANCEL_TITLE, msg);
	if (rc == -1) {
		ui_status(ui, 1, "取り消せませんでした。");
		return 0;
	}
	if (rc == 1) {
		/* Four eyes: a supervisor decides on 承認待ち. */
		ui_status(ui, 0, "申請 (受付番号 %lld) の取消しは承認待ちです。",
		    (long long)cv->app_id);
		return 1;
	}
	ui_status(ui, 0, "申請 (受付番号 %lld) を取り消しました。",
	    (long long)cv->app_id);
	return 1;
}

static const struct screen_key cancel_keys[] = {
	{ 5, 0, "取消し", SCREEN_ACT_SUBMIT, NULL },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

const struct screen screen_app_cancel = {
	.id = "app_cancel",
	.title = CANCEL_TITLE,
	.help =
	    "本人の記録で選んだ申請 (受付済み・処理中・回答書待ち) を取り消します。\n"
	    "取消しの理由を 100 文字まで入力して F5 を押します (漢字・かなは\n"
	    "端末の日本語入力で)。理由は監査記録に残ります。\n"
	    "処理中の申請は、その申請で発行した電子証明書を失効させてから\n"
	    "取り消します。回答書待ちの申請の照会書兼回答書は無効になります。\n"
	    "F8 で理由を消します。Esc で本人の記録に戻ります (取り消しません)。\n"
	    "取消しに監督者の承認が必要な設定では、承認を依頼し、ほかの監督者が\n"
	    "「承認待ち」の画面で承認したときに取り消されます。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = cancel_fields,
	.nfields = nitems(cancel_fields),
	.keys = cancel_keys,
	.nkeys = nitems(cancel_keys),
	.submit = cancel_submit_cb,
	.draw = cancel_draw_cb,
	.free_data = free,
};
