/*
 * The application form of an issuance (R2, R2-2) as the clerk takes it:
 * what is issuance's own (window and route, renewal, the certs asked,
 * face-auth, who files, the inquiry reply); the shared pages (who files,
 * the documents, the card check, the letter) are app_filer.c, app_card.c
 * and app.c. The page fills its fields from the case when it opens (open
 * hook) and puts them back into the case and decides again on every
 * change (changed hook); its draw function only draws the decision. F5
 * accepts (refused while the rules reject) and goes on to the issuing;
 * F6 sends the inquiry/reply letter and saves the application as waiting
 * for the reply.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

/* Choices in the order of the enums they stand for. */
static const char *const form_renewal[] = { "新規", "更新", NULL };
static const char *const form_certs[] = { "両方", "署名用のみ",
	"利用者証明用のみ", NULL };

static const unsigned form_cert_masks[] = { RULES_CERT_ALL,
	RULES_CERT_SIGNATURE, RULES_CERT_USER };

/* The card guideline's procedures an issuance may be filed with (R2.17-
 * R2.20, R2-2.12, R2-2.13), in the order of the choice; a combination
 * the rules do not provide for the person's register says so under the
 * form. */
static const enum rules_combined form_combos[] = { RULES_COMB_NONE,
	RULES_COMB_CARD_FACE_CHANGE, RULES_COMB_OVERSEAS_CONTINUED_USE,
	RULES_COMB_RESIDENCE_PERIOD_CHANGE, RULES_COMB_TEMPORARY_STOP_RELEASE,
	RULES_COMB_CARD_FOUND };
static const char *const form_combo_labels[] = { "なし", "券面事項の変更",
	"国外継続利用", "在留期間の変更", "一時停止の解除", "発見の届出", NULL };

enum { F1_WINDOW, F1_VIA, F1_RENEWAL, F1_CERTS, F1_FACE, F1_FILER, F1_REPLY,
	F1_COMBINED, F1_COUNT };

static const struct ui_field_spec page1_fields[] = {
	[F1_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table, .windows = 1 },
	[F1_VIA] = { .id = "via", .label = "経由の事由 (R2.2)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_vias },
	[F1_RENEWAL] = { .id = "renewal", .label = "新規・更新",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_renewal },
	[F1_CERTS] = { .id = "certs", .label = "求める証明書",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = form_certs },
	[F1_FACE] = { .id = "face", .label = "顔認証カード希望",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_noyes },
	[F1_FILER] = { .id = "filer", .label = "申請する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_filers },
	[F1_REPLY] = { .id = "reply", .label = "照会書の回答書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
	[F1_COMBINED] = { .id = "combined", .label = "一緒に出す届出",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = form_combo_labels },
};

static int
form_combo_index(enum rules_combined c)
{
	size_t i;

	for (i = 0; i < nitems(form_combos); i++)
		if (form_combos[i] == c)
			return (int)i;
	return 0;
}

static int
form_index_of(unsigned mask)
{
	int i;

	for (i = 0; i < 3; i++)
		if (form_cert_masks[i] == mask)
			return i;
	return 0;
}

void
issue_describe(const struct app *a, const char **label, char *buf,
    size_t size)
{
	char certs[64];

	*label = "発行";
	app_certs_label(a->d.issue, certs, sizeof(certs));
	snprintf(buf, size, "%s   暗証番号: %s", certs,
	    app_pin_label(a->d.pin_set_by));
}

/* Page 1's fields from the case: when it opens, and again after F8. */
static void
page1_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[F1_WINDOW].choice = (int)a->c.window;
	f[F1_VIA].choice = (int)a->c.via_ground;
	f[F1_RENEWAL].choice = a->c.renewal;
	f[F1_CERTS].choice = form_index_of(a->c.certs);
	f[F1_FACE].choice = a->c.face_auth_wanted;
	f[F1_FILER].choice = (int)a->c.filer;
	f[F1_REPLY].choice = a->c.inquiry_reply;
	f[F1_COMBINED].choice = form_combo_index(a->c.combined_with);
}


static void
page1_read(struct app *a, const struct ui_field *f)
{
	a->c.window = app_choice(&f[F1_WINDOW], 0);
	a->c.via_ground = app_choice(&f[F1_VIA], 0);
	a->c.renewal = app_choice(&f[F1_RENEWAL], 0) == 1;
	a->c.certs = form_cert_masks[app_choice(&f[F1_CERTS], 0)];
	a->c.face_auth_wanted = app_choice(&f[F1_FACE], 0) == 1;
	a->c.filer = app_choice(&f[F1_FILER], 0);
	a->c.inquiry_reply = app_choice(&f[F1_REPLY], 0) == 1;
	a->c.combined_with = form_combos[app_choice(&f[F1_COMBINED], 0)];
}

/* A choice changed: the case follows, and is decided again. */
static void
page1_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	page1_read(a, f);
	app_decide(a);
}

static void
page1_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	char who[512];

	snprintf(who, sizeof(who), "%s (%s)  %s", a->person.name,
	    a->person.name_kana, a->c.reg == RULES_REG_OVERSEAS ?
	    "国外転出者 (第2条の2)" : "住民 (第2条)");
	ui_put(ui, 3, 2, 76, who, UI_ATTR_BOLD);
	app_draw_decision(ui, a, top, bottom);
}

/* F5: accept (the rules decide again; a reject is refused with its
 * reasons), then on to the issuing. */
static int
page1_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	if (a->app_id == 0) {
		page1_read(a, f);
		app_decide(a);
		if (app_accept(ui, a) == -1)
			return 0;
	}
	issue_open_run(ui, a);
	return 0;
}

static const struct screen_key page1_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, app_docs_cb },
	{ 3, 0, "代理人・依頼書", SCREEN_ACT_CALL, app_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, app_card_cb },
	{ 5, 0, "受付", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "照会書送付", SCREEN_ACT_CALL, app_letter_cb },
};

const struct screen screen_issue_form = {
	.id = "issue_form",
	.title = "電子証明書の発行申請の受付",
	.help =
	    "発行申請 (様式第1号) の内容を入れます。欄は番号か左右キーで選びます。\n"
	    "下の判定は、入力のたびに要綱の規則で判定し直したものです。\n"
	    "一緒に出す届出: 券面事項の変更・国外継続利用・在留期間の変更・一時\n"
	    "停止の解除 (R2.17-R2.20)、国外転出者の発見の届出 (R2-2.12) などと\n"
	    "一緒なら選びます。様式と代理人の書類は規則が決めます。\n"
	    "F2: 本人確認書類 (一覧A・B) を選びます。\n"
	    "F3: 法定代理人・任意代理人の事項と代理人の書類を入れます。\n"
	    "F4: カードの確認 (R2.8 / R2-2.7) をします。\n"
	    "F5: 受け付けます (判定が「受付できません」の間はできません)。\n"
	    "F6: 照会書兼回答書を送り、回答待ちで保存します (R2.4 (2)、R2.12)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = page1_fields,
	.nfields = nitems(page1_fields),
	.keys = page1_keys,
	.nkeys = nitems(page1_keys),
	.submit = page1_submit_cb,
	.draw = page1_draw_cb,
	.open = page1_open_cb,
	.changed = page1_changed_cb,
	.ask_on_leave = 1,
	.free_data = app_unref,
};

