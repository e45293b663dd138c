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
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "issue.h"
#include "screens.h"

enum { FR_EXPIRY, FR_USER, FR_USER2, FR_SIGN, FR_SIGN2, FR_COUNT };

static const struct ui_field_spec run_fields[] = {
	[FR_EXPIRY] = { .id = "expiry", .label = "カードの有効期限",
	  .kind = UI_FIELD_DATE, .width = 18, .required = 1,
	  .hint = "カードの表面の日付 (例: 令和16年2月3日)" },
	[FR_USER] = { .id = "user_pin", .label = "利用者証明 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁" },
	[FR_USER2] = { .id = "user_pin2", .label = "(確認のためもう一度)",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4 },
	[FR_SIGN] = { .id = "sign_pin", .label = "署名用 暗証番号",
	  .kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16,
	  .min_chars = 6, .hint = "英大文字と数字 6-16 桁" },
	[FR_SIGN2] = { .id = "sign_pin2", .label = "(確認のためもう一度)",
	  .kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16,
	  .min_chars = 6 },
};

/* The signature PIN: 6-16 of A-Z and 0-9 with a letter and a digit. */
static int
run_sign_ok(const char *p)
{
	size_t n = strlen(p), i;
	int alpha = 0, digit = 0;

	if (n < 6 || n > 16)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z')
			alpha = 1;
		else if (p[i] >= '0' && p[i] <= '9')
			digit = 1;
		else
			return 0;
	}
	return alpha && digit;
}

static int
run_user_ok(const char *p)
{
	return strlen(p) == 4 && isdigit((unsigned char)p[0]) &&
	    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	    isdigit((unsigned char)p[3]);
}

static int
run_typed(const struct rules_decision *d)
{
	return d->pin_set_by == RULES_PIN_APPLICANT ||
	    d->pin_set_by == RULES_PIN_STAFF_FROM_REQUEST;
}

/* The typed PINs, checked before anything reaches the card. 0, or -1
 * with the Japanese reason in why. */
static int
run_pins(const struct issue_app *a, struct ui_field *f, char user[2][24],
    char sign[2][24], const char **why)
{
	ui_field_get(&f[FR_USER], user[0], 24);
	ui_field_get(&f[FR_USER2], user[1], 24);
	ui_field_get(&f[FR_SIGN], sign[0], 24);
	ui_field_get(&f[FR_SIGN2], sign[1], 24);
	*why = NULL;
	if (a->d.issue & RULES_CERT_USER) {
		if (!run_user_ok(user[0]))
			*why = "利用者証明用の暗証番号は数字4桁です。";
		else if (strcmp(user[0], user[1]) != 0)
			*why = "利用者証明用の暗証番号が確認の入力と一致しません。";
	}
	if (*why == NULL && (a->d.issue & RULES_CERT_SIGNATURE)) {
		if (!run_sign_ok(sign[0]))
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
	struct issue_app *a = ui_data(ui);

	if (a->nprogress == ISSUE_PROGRESS_MAX) {
		memmove(a->progress[0], a->progress[1],
		    sizeof(a->progress[0]) * (ISSUE_PROGRESS_MAX - 1));
		a->nprogress--;
	}
	snprintf(a->progress[a->nprogress++], sizeof(a->progress[0]), "%s",
	    msg);
	ui_busy(ui, msg);
}

static void
run_receipt(struct ui *ui, struct issue_app *a, struct proc_ctx *pc)
{
	char name[64], *path;

	free(a->receipt);
	a->receipt = proc_receipt_text(pc, a->app_id);
	if (a->receipt == NULL) {
		ui_message(ui, "受付票", "受付票を作れませんでした。");
		return;
	}
	snprintf(name, sizeof(name), "receipt-%lld.txt", (long long)a->app_id);
	path = proc_print_save(ui_session(ui)->state_dir, name, a->receipt);
	snprintf(a->receipt_path, sizeof(a->receipt_path), "%s",
	    path != NULL ? path : "(印刷できませんでした)");
	free(path);
	issue_app_open(ui, "issue_receipt", a);
}

/* proc_issue with the card held; the result for the clerk. */
static enum proc_status
run_issue(struct ui *ui, struct issue_app *a, const char *expiry,
    const struct proc_pins *pins)
{
	struct proc_ctx *pc = issue_ctx(ui, a);
	char held[CARD_READER_MAX];
	struct card_error ce;
	enum proc_status rc;

	if (pc == NULL)
		return PROC_FAILED;
	if (pc->card == NULL) {
		snprintf(a->result, sizeof(a->result), "カードサービスに接続でき"
		    "ません。");
		return PROC_CARD;
	}
	if (card_claim(pc->card, NULL, 5000, held, &ce) == -1) {
		snprintf(a->result, sizeof(a->result), "%s (カードを置いて F5 "
		    "を押すと続けます)", card_error_ja(ce.code));
		return PROC_CARD;
	}
	pc->progress = run_progress_cb;
	pc->progress_arg = ui;
	a->nprogress = 0;
	rc = proc_issue(pc, a->app_id, expiry, pins, a->result,
	    sizeof(a->result));
	pc->progress = NULL;
	card_release(pc->card, &ce);
	if (rc == PROC_OK) {
		a->done = 1;
		snprintf(a->result, sizeof(a->result), "発行しました。");
		run_receipt(ui, a, pc);
	}
	return rc;
}

static int
run_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct issue_app *a = ui_data(ui);
	char user[2][24], sign[2][24], expiry[11];
	struct proc_pins pins = { NULL, NULL };
	const char *why = NULL;
	struct era_date dt;
	enum proc_status rc = PROC_OK;

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
	if (n == FR_COUNT && run_typed(&a->d)) {
		if (run_pins(a, f, user, sign, &why) == 0) {
			pins.user = (a->d.issue & RULES_CERT_USER) ? user[0] : NULL;
			pins.sign = (a->d.issue & RULES_CERT_SIGNATURE) ?
			    sign[0] : NULL;
		}
	}
	if (why == NULL && ui_clerk_recheck(ui) == 0)
		rc = run_issue(ui, a, expiry, &pins);
	secure_wipe(user, sizeof(user));
	secure_wipe(sign, sizeof(sign));
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
	struct issue_app *a = ui_data(ui);
	char buf[512], certs[64];
	int row = top, i;

	issue_certs_label(a->d.issue, certs, sizeof(certs));
	snprintf(buf, sizeof(buf), "%s (%s)  受付番号 %lld  発行: %s",
	    a->person.name, a->person.name_kana, (long long)a->app_id, certs);
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_BOLD);
	snprintf(buf, sizeof(buf), "暗証番号: %s", issue_pin_label(
	    a->d.pin_set_by));
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_NORMAL);
	for (i = 0; i < a->nprogress && row < bottom - 1; i++)
		ui_put(ui, row++, 4, 74, a->progress[i], UI_ATTR_NORMAL);
	if (a->result[0] != '\0' && row < bottom)
		ui_put(ui, row++, 2, 76, a->result, UI_ATTR_BOLD);
}

static void
run_back_cb(struct ui *ui)
{
	ui_close_to(ui, "person");
}

static const struct screen_key run_keys[] = {
	{ 5, 0, "発行", SCREEN_ACT_SUBMIT, NULL },
	{ 9, 0, "記録へ", SCREEN_ACT_CALL, run_back_cb },
};

#define RUN_HELP \
	"受け付けた申請の電子証明書をカードに書き込みます。\n" \
	"カードの表面にある有効期限を入れます (和暦でも西暦でも)。\n" \
	"暗証番号を申請者が決めるときは、申請者が2回入力します (画面には出\n" \
	"ません)。依頼書によるときは、職員が封をした依頼書から入力します。\n" \
	"F5 で発行します。途中でカードが抜かれたら、カードを戻して F5 を\n" \
	"もう一度押すと、止まったところから続けます。"

const struct screen screen_issue_run = {
	.id = "issue_run",
	.title = "電子証明書の発行 (暗証番号の設定)",
	.help = RUN_HELP,
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = run_fields,
	.nfields = nitems(run_fields),
	.keys = run_keys,
	.nkeys = nitems(run_keys),
	.submit = run_submit_cb,
	.draw = run_draw_cb,
	.free_data = issue_app_unref,
};

const struct screen screen_issue_run_nopin = {
	.id = "issue_run_nopin",
	.title = "電子証明書の発行",
	.help = RUN_HELP,
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = run_fields,
	.nfields = 1,
	.keys = run_keys,
	.nkeys = nitems(run_keys),
	.submit = run_submit_cb,
	.draw = run_draw_cb,
	.free_data = issue_app_unref,
};

int
issue_open_run(struct ui *ui, struct issue_app *a)
{
	return issue_app_open(ui, run_typed(&a->d) ? "issue_run" :
	    "issue_run_nopin", a);
}

/* ---- The acceptance slip -------------------------------------------- */

static void
receipt_draw_cb(struct ui *ui, int top, int bottom)
{
	struct issue_app *a = ui_data(ui);
	const char *p = a->receipt != NULL ? a->receipt : "";
	char line[600];
	int row = top;

	while (*p != '\0' && row < bottom - 1) {
		size_t n = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		ui_put(ui, row++, 2, 76, line, UI_ATTR_NORMAL);
		p += n + (p[n] == '\n');
	}
	snprintf(line, sizeof(line), "印刷: %s", a->receipt_path);
	ui_put(ui, bottom - 1, 2, 76, line, UI_ATTR_BOLD);
}

static const struct screen_key receipt_keys[] = {
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, run_back_cb },
};

const struct screen screen_issue_receipt = {
	.id = "issue_receipt",
	.title = "受付票 (発行済み)",
	.help =
	    "発行が終わりました。受付票は窓口のプリンターに送りました。\n"
	    "暗証番号と個人番号は受付票に載りません。\n"
	    "F9 (または p) で本人の記録に戻ります。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = receipt_keys,
	.nkeys = nitems(receipt_keys),
	.draw = receipt_draw_cb,
	.free_data = issue_app_unref,
};
