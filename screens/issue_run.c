/*
 * 発行: the certs of an accepted application written to the card. The PIN
 * is set as the decision says (R2.13 ff.): typed twice by the applicant,
 * or by the staff from the sealed request form, both checked for format
 * and confirmation before anything reaches the card; no entry when the
 * staff sets a random one or the renewal keeps the current PIN. The clerk
 * enters the card's expiry date as printed on it (和暦 or 西暦). The
 * issuance (proc_issue) shows its progress; when the card is pulled the
 * clerk puts it back and presses F5 again, which resumes where it stopped.
 * When done the acceptance slip is printed and shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

enum { FR_EXPIRY, FR_CHECK, FR_USER, FR_USER2, FR_SIGN, FR_SIGN2, FR_COUNT };

#define RUN_F_EXPIRY { .id = "expiry", .label = "カードの有効期限", \
	.kind = UI_FIELD_DATE, .width = 18, .required = 1, \
	.hint = "カード表面の日付 (例: R16.2.3)" }
#define RUN_F_CHECK { .id = "check_pin", .label = "カード確認の暗証番号", \
	.kind = UI_FIELD_PIN, .width = 16, .max_chars = 14, .min_chars = 4, \
	.required = 1, .hint = "カードを確かめ直すため (下の説明)" }
#define RUN_F_USER { .id = "user_pin", .label = "利用者証明 暗証番号", \
	.kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4, \
	.hint = "数字4桁" }
#define RUN_F_USER2 { .id = "user_pin2", .label = "(確認のためもう一度)", \
	.kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4 }
#define RUN_F_SIGN { .id = "sign_pin", .label = "署名用 暗証番号", \
	.kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16, \
	.min_chars = 6, .hint = "英大文字と数字 6-16 桁" }
#define RUN_F_SIGN2 { .id = "sign_pin2", .label = "(確認のためもう一度)", \
	.kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16, \
	.min_chars = 6 }

/* The variants open with the PINs still to set: both, one or none. */
static const struct ui_field_spec run_fields[] = {
	RUN_F_EXPIRY, RUN_F_CHECK, RUN_F_USER, RUN_F_USER2, RUN_F_SIGN,
	RUN_F_SIGN2,
};
static const struct ui_field_spec run_fields_sign[] = {
	RUN_F_EXPIRY, RUN_F_CHECK, RUN_F_SIGN, RUN_F_SIGN2,
};

/* The field of this variant with id, or NULL. */
static struct ui_field *
run_field(struct ui_field *f, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(f[i].spec->id, id) == 0)
			return &f[i];
	return NULL;
}

static void
run_get(struct ui_field *f, size_t n, const char *id, char *buf, size_t size)
{
	struct ui_field *x = run_field(f, n, id);

	buf[0] = '\0';
	if (x != NULL)
		ui_field_get(x, buf, size);
}

static int
run_typed(const struct rules_decision *d)
{
	return d->pin_set_by == RULES_PIN_APPLICANT ||
	    d->pin_set_by == RULES_PIN_STAFF_FROM_REQUEST;
}

/* Where the issuance stands (refreshed before each attempt), and which
 * PINs it still asks for: a kind whose PIN is set asks for none. */
static void
run_refresh(struct ui *ui, struct app *a)
{
	struct proc_ctx *pc = app_ctx(ui, a);

	a->nstate = 0;
	if (pc != NULL && a->app_id != 0)
		a->nstate = proc_issue_progress(pc, a->app_id, a->state);
	if (a->nstate < 0)
		a->nstate = 0;
}

static int
run_needs(const struct app *a, unsigned cert)
{
	const char *kind = cert == RULES_CERT_USER ? "user" : "signature";
	int i;

	if (!run_typed(&a->d) || !(a->d.issue & cert))
		return 0;
	for (i = 0; i < a->nstate; i++)
		if (strcmp(a->state[i].kind, kind) == 0)
			return !a->state[i].pin_done;
	return 1;
}

/* The typed PINs the issuance still needs, checked before anything
 * reaches the card. 0, or -1 with the Japanese reason in why. */
static int
run_pins(const struct app *a, struct ui_field *f, size_t n,
    char user[2][24], char sign[2][24], const char **why)
{
	run_get(f, n, "user_pin", user[0], 24);
	run_get(f, n, "user_pin2", user[1], 24);
	run_get(f, n, "sign_pin", sign[0], 24);
	run_get(f, n, "sign_pin2", sign[1], 24);
	*why = NULL;
	if (run_needs(a, RULES_CERT_USER)) {
		if (!app_user_pin_ok(user[0]))
			*why = "利用者証明用の暗証番号は数字4桁です。";
		else if (strcmp(user[0], user[1]) != 0)
			*why = "利用者証明用の暗証番号が確認の入力と一致しません。";
	}
	if (*why == NULL && run_needs(a, RULES_CERT_SIGNATURE)) {
		if (!app_sign_pin_ok(sign[0]))
			*why = "署名用の暗証番号は英大文字と数字を両方含む6-16桁です。";
		else if (strcmp(sign[0], sign[1]) != 0)
			*why = "署名用の暗証番号が確認の入力と一致しません。";
	}
	return *why == NULL ? 0 : -1;
}

static void
run_progress_cb(const char *msg, void *arg)
{
	struct ui *ui = arg;
	struct app *a = ui_data(ui);

	if (a->nprogress == APP_PROGRESS_MAX) {
		memmove(a->progress[0], a->progress[1],
		    sizeof(a->progress[0]) * (APP_PROGRESS_MAX - 1));
		a->nprogress--;
	}
	snprintf(a->progress[a->nprogress++], sizeof(a->progress[0]), "%s",
	    msg);
	ui_busy(ui, msg);
}

/* proc_issue with the card held; the result for the clerk. */
static enum proc_status
run_issue(struct ui *ui, struct app *a, const char *expiry,
    const struct proc_pins *pins)
{
	struct proc_ctx *pc = app_ctx(ui, a);
	enum proc_status rc;

	if (pc == NULL)
		return PROC_FAILED;
	pc->progress = run_progress_cb;
	pc->progress_arg = ui;
	a->nprogress = 0;
	rc = proc_issue(pc, a->app_id, expiry, pins, a->result,
	    sizeof(a->result));
	pc->progress = NULL;
	run_refresh(ui, a);
	if (rc == PROC_OK) {
		a->done = 1;
		snprintf(a->result, sizeof(a->result), "発行しました。");
		app_show_receipt(ui, a);
	}
	return rc;
}

static int
run_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	char user[2][24], sign[2][24], check[24], expiry[11];
	struct proc_pins pins = { NULL, NULL, NULL };
	const char *why = NULL;
	struct era_date dt;
	enum proc_status rc = PROC_OK;
	size_t i;

	if (a->done) {
		ui_message(ui, "発行", "この申請は発行済みです。");
		return 0;
	}
	if (ui_field_date(&f[FR_EXPIRY], &dt) == -1) {
		ui_message(ui, "発行", "カードの有効期限を入れてください。");
		return 0;
	}
	era_format_iso(&dt, expiry);
	memset(user, 0, sizeof(user));
	memset(sign, 0, sizeof(sign));
	run_get(f, n, "check_pin", check, sizeof(check));
	run_refresh(ui, a);
	if (run_pins(a, f, n, user, sign, &why) == 0 &&
	    ui_clerk_recheck(ui) == 0) {
		pins.user = run_needs(a, RULES_CERT_USER) ? user[0] : NULL;
		pins.sign = run_needs(a, RULES_CERT_SIGNATURE) ? sign[0] : NULL;
		pins.check = check;
		rc = run_issue(ui, a, expiry, &pins);
	}
	secure_wipe(user, sizeof(user));
	secure_wipe(sign, sizeof(sign));
	secure_wipe(check, sizeof(check));
	/* Never left on the screen: typed again for the next attempt. */
	for (i = 0; i < n; i++)
		if (ui_field_secret(f[i].spec)) {
			secure_wipe(f[i].text, sizeof(f[i].text));
			ui_field_init(&f[i], f[i].spec);
		}
	if (why != NULL) {
		ui_message(ui, "暗証番号", why);
		return 0;
	}
	if (rc == PROC_NEED_PIN || rc == PROC_INVALID) {
		ui_message(ui, "発行", a->result);
	} else if (rc == PROC_CARD || rc == PROC_FAILED) {
		ui_status(ui, 1, "%s", a->result);
		ui_message(ui, "発行を中断しました", a->result);
	}
	return 0;
}

static void
run_draw_cb(struct ui *ui, int top, int bottom)
{
	struct app *a = ui_data(ui);
	char buf[512], certs[64];
	int row = top, i;


	app_certs_label(a->d.issue, certs, sizeof(certs));
	snprintf(buf, sizeof(buf), "%s (%s)  受付番号 %lld  発行: %s",
	    a->person.name, a->person.name_kana, (long long)a->app_id, certs);
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_BOLD);
	snprintf(buf, sizeof(buf), "暗証番号: %s", app_pin_label(
	    a->d.pin_set_by));
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_NORMAL);
	ui_put(ui, row++, 2, 76, a->route == PROC_ROUTE_FACE ?
	    "カード確認: 職員がカード表面の照合番号B (14桁) を入力" :
	    "カード確認: 申請者が入力補助用の暗証番号 (4桁) を入力",
	    UI_ATTR_NORMAL);
	for (i = 0; i < a->nstate && row < bottom - 1; i++) {
		const struct proc_issue_state *st = &a->state[i];

		if (st->step[0] == '\0')
			continue;	/* not begun: nothing to tell */
		snprintf(buf, sizeof(buf), "%s: %s", st->label, st->pin_done ?
		    "発行・書込み・暗証番号の設定まで済み (入力不要)" :
		    strcmp(st->step, "written") == 0 ? "書込み済み、暗証番号はまだ" :
		    strcmp(st->step, "issued") == 0 ? "発行済み、書込みはまだ" :
		    "途中 (続きから行います)");
		ui_put(ui, row++, 4, 74, buf, UI_ATTR_NORMAL);
	}
	for (i = 0; i < a->nprogress && row < bottom - 1; i++)
		ui_put(ui, row++, 4, 74, a->progress[i], UI_ATTR_NORMAL);
	if (a->result[0] != '\0' && row < bottom)
		ui_put(ui, row++, 2, 76, a->result, UI_ATTR_BOLD);
}

static const struct screen_key run_keys[] = {
	{ 5, 0, "発行", SCREEN_ACT_SUBMIT, NULL },
	{ 9, 0, "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

#define RUN_HELP \
	"受け付けた申請の電子証明書をカードに書き込みます。\n" \
	"カードの表面にある有効期限を入れます (和暦でも西暦でも)。\n" \
	"書き込む前に、カードが確認したものと同じか読み取り直します。カー\n" \
	"ドの確認と同じ暗証番号 (入力補助用4桁か、照合番号B 14桁) を入れ\n" \
	"ます。暗証番号を申請者が決めるときは、申請者が2回入力します (画面\n" \
	"には出ません)。依頼書によるときは、職員が封をした依頼書から入力し\n" \
	"ます。設定済みの暗証番号は聞きません。F5 で発行します。途中でカー\n" \
	"ドが抜かれたら、戻して F5 を押すと止まったところから続けます。"

#define RUN_SCREEN(sid, stitle, sfields, snfields) { \
	.id = sid, .title = stitle, .help = RUN_HELP, .kind = SCREEN_FORM, \
	.min_role = UI_ROLE_CLERK, .fields = sfields, .nfields = snfields, \
	.keys = run_keys, .nkeys = nitems(run_keys), .submit = run_submit_cb, \
	.draw = run_draw_cb, .free_data = app_unref }

const struct screen screen_issue_run = RUN_SCREEN("issue_run",
    "電子証明書の発行 (暗証番号の設定)", run_fields, FR_COUNT);
const struct screen screen_issue_run_user = RUN_SCREEN("issue_run_user",
    "電子証明書の発行 (利用者証明用の暗証番号)", run_fields, FR_USER2 + 1);
const struct screen screen_issue_run_sign = RUN_SCREEN("issue_run_sign",
    "電子証明書の発行 (署名用の暗証番号)", run_fields_sign,
    nitems(run_fields_sign));
const struct screen screen_issue_run_nopin = RUN_SCREEN("issue_run_nopin",
    "電子証明書の発行", run_fields, FR_CHECK + 1);

int
issue_open_run(struct ui *ui, struct app *a)
{
	static const char *const variant[2][2] = {
		{ "issue_run_nopin", "issue_run_sign" },
		{ "issue_run_user", "issue_run" },
	};

	run_refresh(ui, a);
	return app_open(ui, variant[run_needs(a, RULES_CERT_USER)][
	    run_needs(a, RULES_CERT_SIGNATURE)], a);
}
