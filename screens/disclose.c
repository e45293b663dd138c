/*
 * 開示請求・訂正請求 (R6, R6-2) on the frame every procedure shares: the
 * form of what is the request's own (a disclosure, 様式第7号, or a
 * correction, 様式第8号; overseas persons 第12号, 第13号; the certs it is
 * about; for a correction what is to be corrected, typed from the form),
 * then the shared pages (who files, the documents, the card check, the
 * inquiry letter 様式第9号). F5 accepts: the request is saved with its
 * form, rules and keep-until, and waits in the mailing to J-LIS (R6.6,
 * R6-2.5); the receipt says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static const char *const disc_kinds[] = { "開示請求", "訂正請求", NULL };
static const char *const disc_targets[] = { "両方", "署名用のみ",
	"利用者証明用のみ", NULL };
static const unsigned disc_target_masks[] = { RULES_CERT_ALL,
	RULES_CERT_SIGNATURE, RULES_CERT_USER };

enum { FD_WINDOW, FD_VIA, FD_KIND, FD_TARGET, FD_FILER, FD_REPLY, FD_TEXT,
	FD_COUNT };

static const struct ui_field_spec disc_fields[] = {
	[FD_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table, .windows = 1 },
	[FD_VIA] = { .id = "via", .label = "経由の事由",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_vias },
	[FD_KIND] = { .id = "kind", .label = "請求",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = disc_kinds },
	[FD_TARGET] = { .id = "target", .label = "対象の証明書",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = disc_targets },
	[FD_FILER] = { .id = "filer", .label = "請求する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_filers },
	[FD_REPLY] = { .id = "reply", .label = "照会書の回答書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
	[FD_TEXT] = { .id = "text", .label = "訂正を求める内容",
	  .kind = UI_FIELD_TEXT, .width = 40, .max_cols = 240,
	  .max_chars = STORE_REQUEST_TEXT_MAX, .hint = "訂正請求のとき" },
};

static int
disc_target_index(unsigned mask)
{
	size_t i;

	for (i = 0; i < nitems(disc_target_masks); i++)
		if (disc_target_masks[i] == mask)
			return (int)i;
	return 0;
}

static int
disc_is_correct(const struct app *a)
{
	return a->c.procedure == RULES_PROC_CORRECT;
}

void
disclose_init(struct ui *ui, struct app *a)
{
	(void)ui;
	a->c.procedure = RULES_PROC_DISCLOSE;
	a->c.certs = RULES_CERT_ALL;
}

void
disclose_describe(const struct app *a, const char **label, char *buf,
    size_t size)
{
	char certs[64];

	*label = "請求";
	app_certs_label(a->c.certs, certs, sizeof(certs));
	snprintf(buf, size, "%sに関する記録の%s%s", certs,
	    disc_is_correct(a) ? "訂正" : "開示", a->d.send_to_jlis ?
	    "   J-LISへ特定記録郵便" : "");
}

static void
disc_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[FD_WINDOW].choice = (int)a->c.window;
	f[FD_VIA].choice = (int)a->c.via_ground;
	f[FD_KIND].choice = disc_is_correct(a);
	f[FD_TARGET].choice = disc_target_index(a->c.certs);
	f[FD_FILER].choice = (int)a->c.filer;
	f[FD_REPLY].choice = a->c.inquiry_reply;
}

static void
disc_read(struct app *a, const struct ui_field *f)
{
	a->c.window = app_choice(&f[FD_WINDOW], 0);
	a->c.via_ground = app_choice(&f[FD_VIA], 0);
	a->c.procedure = app_choice(&f[FD_KIND], 0) == 1 ?
	    RULES_PROC_CORRECT : RULES_PROC_DISCLOSE;
	a->c.certs = disc_target_masks[app_choice(&f[FD_TARGET], 0)];
	a->c.filer = app_choice(&f[FD_FILER], 0);
	a->c.inquiry_reply = app_choice(&f[FD_REPLY], 0) == 1;
	ui_field_get(&f[FD_TEXT], a->request_text, sizeof(a->request_text));
}

static void
disc_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	disc_read(a, f);
	app_decide(a);
}

/* The steps run (none of them needs the card or the issuer: the
 * mailing to J-LIS is done by the mailing list), then the receipt. */
int
disclose_resume(struct ui *ui, struct app *a)
{
	struct proc_ctx *pc;

	if (!a->done) {
		if (ui_clerk_recheck(ui) == -1 || (pc = app_ctx(ui, a)) == NULL)
			return -1;
		if (proc_app_run(pc, a->app_id, NULL, a->result,
		    sizeof(a->result)) != PROC_OK) {
			ui_message(ui, "請求", a->result);
			return -1;
		}
		a->done = 1;
		ui_status(ui, 0, "受付番号 %lld の請求を受け付けました。",
		    (long long)a->app_id);
	}
	app_show_receipt(ui, a);
	return 0;
}

static int
disc_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	if (a->app_id == 0) {
		disc_read(a, f);
		app_decide(a);
		if (disc_is_correct(a) && a->request_text[0] == '\0') {
			ui_message(ui, "訂正請求", "訂正を求める内容を、請求書の"
			    "とおりに入力してください。");
			return 0;
		}
		if (!disc_is_correct(a) && a->request_text[0] != '\0') {
			ui_message(ui, "開示請求", "訂正を求める内容は訂正請求の"
			    "ときだけ入力します。消してから受け付けてください。");
			return 0;
		}
		if (app_accept(ui, a) == -1)
			return 0;
	}
	disclose_resume(ui, a);
	return 0;
}

static const struct screen_key disc_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, app_docs_cb },
	{ 3, 0, "代理人", SCREEN_ACT_CALL, app_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, app_card_cb },
	{ 5, 0, "受付", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "照会書送付", SCREEN_ACT_CALL, app_letter_cb },
};

const struct screen screen_disclose_form = {
	.id = "disclose_form",
	.title = "開示請求・訂正請求の受付",
	.help =
	    "電子証明書に関する記録の開示請求 (様式第7号、国外転出者は第12号)\n"
	    "か訂正請求 (様式第8号、第13号) を受け付けます。訂正請求は、訂正を\n"
	    "求める内容を請求書のとおりに入力します (120字まで)。\n"
	    "F2 本人確認書類、F3 法定代理人・任意代理人 (任意代理人に暗証番号\n"
	    "設定依頼書は要りません、R6.4)。\n"
	    "F5: 受け付けます。請求書は J-LIS へ特定記録郵便で送ります (R6.6)。\n"
	    "F6: 照会書兼回答書 (様式第9号) を送り、回答待ちで保存します (R6.5)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = disc_fields,
	.nfields = nitems(disc_fields),
	.keys = disc_keys,
	.nkeys = nitems(disc_keys),
	.submit = disc_submit_cb,
	.draw = app_form_draw_cb,
	.open = disc_open_cb,
	.changed = disc_changed_cb,
	.show = app_form_show_cb,
	.ask_on_leave = 1,
	.free_data = app_unref,
};
