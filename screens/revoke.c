/*
 * Revocation (R3, R3-2) and a lost card found again (R5), on the frame
 * every procedure shares: the form of what is revocation's own (why,
 * how the cert was identified, the notice filed with it), the list of
 * the person's current certs to choose from (R3.8: the card or a paper
 * showing the serial identifies them), then the shared pages (who files,
 * the documents, the card check, the letter 様式第4号). F5 accepts and
 * runs the steps at once (revoke at the issuer, the CRL, the records;
 * the card's state when a loss or return notice goes with it); an
 * application stopped on the way is continued from the steps screen
 * (F7 on the person's record).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static const char *const revoke_reasons[] = { "失効申請",
	"秘密鍵の漏えい等の届出", NULL };
static const char *const revoke_identify[] = { "カード",
	"シリアル番号の書類", "なし", NULL };

/* The notices a revocation may go with (R3.9-R3.13, R3-2.6-R3-2.8), in
 * the order of the choice; a combination the rules do not provide for
 * the person's register is shown as such under the form. */
static const enum rules_combined revoke_combos[] = { RULES_COMB_NONE,
	RULES_COMB_CARD_LOST, RULES_COMB_CARD_RETURNED,
	RULES_COMB_OVERSEAS_CONTINUED_USE, RULES_COMB_RESIDENCE_PERIOD_CHANGE,
	RULES_COMB_TEMPORARY_STOP_RELEASE, RULES_COMB_CARD_FOUND };
static const char *const revoke_combo_labels[] = { "なし", "紛失・廃止の届出",
	"返納の届出", "国外継続利用", "在留期間の変更", "一時停止の解除",
	"発見の届出", NULL };

enum { FV_WINDOW, FV_VIA, FV_FILER, FV_REASON, FV_IDENTIFY, FV_COMBINED,
	FV_REPLY, FV_COUNT };

static const struct ui_field_spec revoke_fields[] = {
	[FV_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table, .windows = 1 },
	[FV_VIA] = { .id = "via", .label = "経由の事由 (R3.2)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_vias },
	[FV_FILER] = { .id = "filer", .label = "申請する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_filers },
	[FV_REASON] = { .id = "reason", .label = "申請の理由",
	  .kind = UI_FIELD_CHOICE, .width = 22, .choices = revoke_reasons },
	[FV_IDENTIFY] = { .id = "identify", .label = "証明書の確認 (R3.8)",
	  .kind = UI_FIELD_CHOICE, .width = 18, .choices = revoke_identify },
	[FV_COMBINED] = { .id = "combined", .label = "一緒に出す届出",
	  .kind = UI_FIELD_CHOICE, .width = 16,
	  .choices = revoke_combo_labels },
	[FV_REPLY] = { .id = "reply", .label = "照会書の回答書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
};

static int
revoke_combo_index(enum rules_combined c)
{
	size_t i;

	for (i = 0; i < nitems(revoke_combos); i++)
		if (revoke_combos[i] == c)
			return (int)i;
	return 0;
}

/* The kinds of the certs chosen, as the case names them. */
static unsigned
revoke_chosen_kinds(const struct app *a)
{
	unsigned mask = 0;
	int i;

	for (i = 0; i < a->ncerts; i++)
		if (a->certs[i].chosen)
			mask |= rules_cert_parse(a->certs[i].kind);
	return mask;
}

/* What the clerk chose, into the case before each decision (app_decide,
 * wherever it is decided again: here, the card check, the checklists).
 * The serial is shown by a paper, or by the card once its check read the
 * chip. */
void
revoke_fold(struct app *a)
{
	a->c.certs = revoke_chosen_kinds(a);
	a->c.serial_document = a->identify == 1 ||
	    (a->identify == 0 && a->chk_done && a->chk.basic4_read);
}

void
revoke_describe(const struct app *a, const char **label, char *buf,
    size_t size)
{
	*label = "失効";
	app_certs_label(a->d.revoke != 0 ? a->d.revoke : a->c.certs, buf,
	    size);
}

void
revoke_init(struct ui *ui, struct app *a)
{
	int i, found = a->c.procedure == RULES_PROC_CARD_FOUND;

	(void)ui;
	a->identify = 0;
	a->reason = 0;
	/* A found card: its held certs (R5.2, R5.3); else every current
	 * one (a held one too: a lost card's notice after the phone call
	 * revokes what was held), the clerk unticks what the applicant
	 * keeps. */
	for (i = 0; i < a->ncerts; i++)
		a->certs[i].chosen = strcmp(a->certs[i].state, "on_hold") == 0 ||
		    (!found && strcmp(a->certs[i].state, "valid") == 0);
	if (found && a->c.reg == RULES_REG_OVERSEAS)
		a->c.combined_with = RULES_COMB_CARD_FOUND;	/* R3-2.8 */
	app_decide(a);
}

static void
revoke_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[FV_WINDOW].choice = (int)a->c.window;
	f[FV_VIA].choice = (int)a->c.via_ground;
	f[FV_FILER].choice = (int)a->c.filer;
	f[FV_REASON].choice = a->reason;
	f[FV_IDENTIFY].choice = a->identify;
	f[FV_COMBINED].choice = revoke_combo_index(a->c.combined_with);
	f[FV_REPLY].choice = a->c.inquiry_reply;
}

static void
revoke_read(struct app *a, const struct ui_field *f)
{
	a->c.window = app_choice(&f[FV_WINDOW], 0);
	a->c.via_ground = app_choice(&f[FV_VIA], 0);
	a->c.filer = app_choice(&f[FV_FILER], 0);
	a->reason = app_choice(&f[FV_REASON], 0);
	a->identify = app_choice(&f[FV_IDENTIFY], 0);
	a->c.combined_with = revoke_combos[app_choice(&f[FV_COMBINED], 0)];
	a->c.inquiry_reply = app_choice(&f[FV_REPLY], 0) == 1;
}

static void
revoke_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	revoke_read(a, f);
	app_decide(a);
}

/* "署名用 1A2B3C... (一時保留)" of one cert. */
static void
revoke_cert_line(const struct app_cert *c, char *buf, size_t size)
{
	const char *kind = rules_cert_short_label(rules_cert_parse(c->kind));

	snprintf(buf, size, "%s %s%s", kind != NULL ? kind : c->kind,
	    c->serial, strcmp(c->state, "on_hold") == 0 ? " (一時保留)" : "");
}

static void
revoke_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	char buf[512], line[160];
	size_t len = 0;
	int i;

	snprintf(buf, sizeof(buf), "%s (%s)  %s  %s", a->person.name,
	    a->person.name_kana, a->pr->label, a->pr->article);
	ui_put(ui, 3, 2, 76, buf, UI_ATTR_BOLD);
	buf[0] = '\0';
	for (i = 0; i < a->ncerts && len < sizeof(buf); i++) {
		if (!a->certs[i].chosen)
			continue;
		revoke_cert_line(&a->certs[i], line, sizeof(line));
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    len > 0 ? "\n" : "", line);
	}
	ui_put(ui, top, 2, 14, "失効する証明書", UI_ATTR_BOLD);
	top += ui_wrap(ui, top, bottom, 18, 60, a->ncerts == 0 ?
	    "この人には有効な証明書がありません" : len == 0 ?
	    "未選択 (F7 で選びます)" : buf, UI_ATTR_NORMAL);
	app_draw_decision(ui, a, top, bottom);
}

/* ---- Running the steps ----------------------------------------------- */

/* Run what the accepted application still has to do; the slip when it
 * is done, else the steps screen saying where it stopped. */
static void
revoke_run(struct ui *ui, struct app *a, int on_steps)
{
	struct proc_ctx *pc;
	enum proc_status rc;

	if (ui_clerk_recheck(ui) == -1 || (pc = app_ctx(ui, a)) == NULL)
		return;
	ui_busy(ui, "失効しています (発行局・失効リスト・記録)...");
	rc = proc_app_run(pc, a->app_id, NULL, a->result, sizeof(a->result));
	if (rc == PROC_OK) {
		a->done = 1;
		snprintf(a->result, sizeof(a->result), "終わりました。");
		ui_status(ui, 0, "受付番号 %lld の手続きが終わりました。",
		    (long long)a->app_id);
		app_show_receipt(ui, a);
		return;
	}
	ui_status(ui, 1, "%s", a->result);
	if (!on_steps)
		app_open(ui, "app_steps", a);
	ui_message(ui, "手続きを中断しました", a->result);
}

static int
revoke_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	char certs[64], question[256];

	(void)n;
	if (a->app_id == 0) {
		revoke_read(a, f);
		app_decide(a);
		/* A revocation cannot be undone: the clerk says so once. */
		if (a->decided && a->d.verdict == RULES_ACCEPT &&
		    a->d.revoke != 0) {
			app_certs_label(a->d.revoke, certs, sizeof(certs));
			snprintf(question, sizeof(question), "%sの電子証明書を"
			    "失効します。\n失効は取り消せません。受け付けて失効"
			    "しますか。", certs);
			if (!ui_confirm(ui, question))
				return 0;
		}
		if (app_accept(ui, a) == -1)
			return 0;
	}
	revoke_run(ui, a, 0);
	return 0;
}

static void
revoke_certs_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	if (a->app_id != 0) {
		ui_message(ui, "証明書の選択", "受け付けた申請の証明書は変えられ"
		    "ません。");
		return;
	}
	if (a->ncerts == 0) {
		ui_message(ui, "証明書の選択", "この人には、失効できる有効な"
		    "証明書がありません。");
		return;
	}
	app_open(ui, "revoke_certs", a);
}

static const struct screen_key revoke_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, app_docs_cb },
	{ 3, 0, "代理人", SCREEN_ACT_CALL, app_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, app_card_cb },
	{ 5, 0, "受付・失効", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "照会書送付", SCREEN_ACT_CALL, app_letter_cb },
	{ 7, 0, "証明書", SCREEN_ACT_CALL, revoke_certs_cb },
};

const struct screen screen_revoke_form = {
	.id = "revoke_form",
	.title = "電子証明書の失効申請の受付",
	.help =
	    "失効申請 (様式第3号、国外転出者は様式第11号) の内容を入れます。\n"
	    "F7: 失効する証明書を選びます (有効なものが全部選んであります)。\n"
	    "証明書の確認 (R3.8): カードか、シリアル番号の分かる書類で確かめます。\n"
	    "カードのときは F4 でカードを読んでください。\n"
	    "一緒に出す届出: 紛失・廃止や返納の届出と一緒なら、その届出の受理で\n"
	    "失効します (R3.9、R3.10)。\n"
	    "F2 本人確認書類、F3 法定代理人・任意代理人 (15歳未満と成年被後見人は\n"
	    "法定代理人が利用者証明用だけを申請、R3.3)。\n"
	    "F5: 受け付けて、すぐ失効します。止まったときは記録の F7 で続けます。\n"
	    "F6: 照会書兼回答書 (様式第4号) を送り、回答待ちで保存します (R3.7)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = revoke_fields,
	.nfields = nitems(revoke_fields),
	.keys = revoke_keys,
	.nkeys = nitems(revoke_keys),
	.submit = revoke_submit_cb,
	.draw = revoke_draw_cb,
	.open = revoke_open_cb,
	.changed = revoke_changed_cb,
	.show = app_form_show_cb,
	.ask_on_leave = 1,
	.free_data = app_unref,
};

/* ---- Choosing the certs ---------------------------------------------- */

static int
certs_count_cb(struct ui *ui)
{
	const struct app *a = ui_data(ui);

	return a->ncerts;
}

static void
certs_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct app *a = ui_data(ui);
	const struct app_cert *c = &a->certs[i];
	char line[160];

	revoke_cert_line(c, line, sizeof(line));
	snprintf(buf, size, " [%s] %s  %s まで", c->chosen ? "*" : " ", line,
	    c->not_after);
}

static void
certs_choose_cb(struct ui *ui, int i)
{
	struct app *a = ui_data(ui);

	a->certs[i].chosen = !a->certs[i].chosen;
	app_decide(a);
}

const struct screen screen_revoke_certs = {
	.id = "revoke_certs",
	.title = "失効する証明書の選択 (R3.8)",
	.help =
	    "この人の有効な証明書 (一時保留を含む) です。\n"
	    "上下キーで選び、Enter で失効する [*] ・しない [ ] を切り替えます。\n"
	    "カードかシリアル番号の書類と照らしてください。Esc で申請に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.list_header = "     証明書  シリアル番号",
	.list_count = certs_count_cb,
	.list_row = certs_row_cb,
	.list_choose = certs_choose_cb,
	.list_footer = "Enter で失効する [*]・しない [ ] を切り替えます",
	.free_data = app_unref,
};

/* ---- An accepted application: its steps ------------------------------ */

/* Coming on top: the steps as the store has them now. */
static void
steps_show_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	struct proc_ctx *pc = app_ctx(ui, a);

	a->nsteps = pc == NULL ? 0 : proc_app_steps(pc, a->app_id, a->steps,
	    APP_STEPS_MAX);
	if (a->nsteps < 0)
		a->nsteps = 0;
}

static void
steps_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	char buf[640];
	int row = top, i;

	snprintf(buf, sizeof(buf), "%s (%s)  %s  受付番号 %lld",
	    a->person.name, a->person.name_kana, a->pr->label,
	    (long long)a->app_id);
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_BOLD);
	ui_put(ui, row++, 2, 76, "手続きの段階 (済: 終わったもの、未: これから、"
	    "後で: 別の処理で行うもの)", UI_ATTR_NORMAL);
	for (i = 0; i < a->nsteps && row < bottom - 1; i++) {
		snprintf(buf, sizeof(buf), "%-4s %s", a->steps[i].done ? "済" :
		    a->steps[i].later ? "後で" : "未", a->steps[i].label);
		/* Wrapped: a cert's serial stays whole (40 hex digits). */
		row += ui_wrap(ui, row, bottom - 1, 4, 74, buf,
		    a->steps[i].done || a->steps[i].later ? 0 : UI_ATTR_BOLD);
	}
	if (a->result[0] != '\0' && row < bottom)
		ui_wrap(ui, row + 1, bottom, 2, 76, a->result, UI_ATTR_BOLD);
}

static void
steps_run_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	if (a->done) {
		ui_message(ui, "手続き", "この申請は終わっています。");
		return;
	}
	revoke_run(ui, a, 1);
	steps_show_cb(ui);
}

static const struct screen_key steps_keys[] = {
	{ 5, 'e', "実行", SCREEN_ACT_CALL, steps_run_cb },
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

const struct screen screen_app_steps = {
	.id = "app_steps",
	.title = "受け付けた申請の続き",
	.help =
	    "受け付けた申請の段階です。終わった段階は二度と行いません。\n"
	    "F5 (e) でまだの段階を続けます (発行局に届かなかったときなど)。\n"
	    "「後で」の段階は、郵送など別の処理で行います。\n"
	    "F9 (p) で本人の記録に戻ります。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = steps_keys,
	.nkeys = nitems(steps_keys),
	.draw = steps_draw_cb,
	.show = steps_show_cb,
	.free_data = app_unref,
};

int
revoke_resume(struct ui *ui, struct app *a)
{
	return app_open(ui, "app_steps", a);
}
