/*
 * The application form of an issuance (R2, R2-2) as the clerk takes it:
 * page 1 (window and route, renewal, certs, face-auth, who files, the
 * inquiry reply), page 2 (the legal representative's or agent's items),
 * and the checklists of lists A and B (R2.5, R2.6; R2-2.5) for the person
 * and for the filer. Each page fills its fields from the case when it
 * opens (open hook) and puts them back into the case and decides again
 * on every change (changed hook); its draw function only draws the
 * decision. Page 1 accepts (F5: refused while the rules reject)
 * or sends the inquiry/reply letter (F6) and saves the application as
 * waiting for the reply.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

/* Choices in the order of the enums they stand for. */
static const char *const form_vias[] = { "なし", "法人の一括申請",
	"DV等の被害者", "乳幼児", NULL };
static const char *const form_renewal[] = { "新規", "更新", NULL };
static const char *const form_certs[] = { "両方", "署名用のみ",
	"利用者証明用のみ", NULL };
static const char *const form_noyes[] = { "いいえ", "はい", NULL };
static const char *const form_filers[] = { "本人", "法定代理人",
	"任意代理人", NULL };
static const char *const form_reps[] = { "親権者", "成年後見人", NULL };
static const char *const form_auth[] = { "なし", "戸籍謄本等", "市の記録",
	"登記事項証明書", NULL };
static const char *const form_absent[] = { "なし", "あり", NULL };

static const unsigned form_cert_masks[] = { RULES_CERT_ALL,
	RULES_CERT_SIGNATURE, RULES_CERT_USER };

enum { F1_WINDOW, F1_VIA, F1_RENEWAL, F1_CERTS, F1_FACE, F1_FILER, F1_REPLY,
	F1_COUNT };

static const struct ui_field_spec page1_fields[] = {
	[F1_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table },
	[F1_VIA] = { .id = "via", .label = "経由の事由 (R2.2)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = form_vias },
	[F1_RENEWAL] = { .id = "renewal", .label = "新規・更新",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_renewal },
	[F1_CERTS] = { .id = "certs", .label = "求める証明書",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = form_certs },
	[F1_FACE] = { .id = "face", .label = "顔認証カード希望",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_noyes },
	[F1_FILER] = { .id = "filer", .label = "申請する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = form_filers },
	[F1_REPLY] = { .id = "reply", .label = "照会書の回答書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_absent },
};

enum { F2_REP, F2_WITH, F2_INTENT, F2_AUTH, F2_POA, F2_PINFORM, F2_HOUSE,
	F2_MOVED, F2_COUNT };

static const struct ui_field_spec page2_fields[] = {
	[F2_REP] = { .id = "rep", .label = "法定代理人の別",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = form_reps },
	[F2_WITH] = { .id = "with", .label = "本人の同行 (R2.3)",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_noyes },
	[F2_INTENT] = { .id = "intent", .label = "本人の意思の確認",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_noyes },
	[F2_AUTH] = { .id = "auth", .label = "代理権の確認 (R2.10)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = form_auth },
	[F2_POA] = { .id = "poa", .label = "委任状",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_absent },
	[F2_PINFORM] = { .id = "pinform", .label = "暗証番号設定依頼書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_absent },
	[F2_HOUSE] = { .id = "house", .label = "本人と同一世帯",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_noyes },
	[F2_MOVED] = { .id = "moved", .label = "転入から1か月以内",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = form_noyes },
};

static int
form_index_of(unsigned mask)
{
	int i;

	for (i = 0; i < 3; i++)
		if (form_cert_masks[i] == mask)
			return i;
	return 0;
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
}

static int
form_pick(const struct ui_field *f, int def)
{
	return f->choice >= 0 ? f->choice : def;
}

static void
page1_read(struct app *a, const struct ui_field *f)
{
	a->c.window = form_pick(&f[F1_WINDOW], 0);
	a->c.via_ground = form_pick(&f[F1_VIA], 0);
	a->c.renewal = form_pick(&f[F1_RENEWAL], 0) == 1;
	a->c.certs = form_cert_masks[form_pick(&f[F1_CERTS], 0)];
	a->c.face_auth_wanted = form_pick(&f[F1_FACE], 0) == 1;
	a->c.filer = form_pick(&f[F1_FILER], 0);
	a->c.inquiry_reply = form_pick(&f[F1_REPLY], 0) == 1;
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

/* 1 when the rules reject only for want of the inquiry reply: two list-B
 * documents (R2.4 (2)) or an agent without it (R2.12 (3)). */
static int
page1_needs_letter(const struct app *a)
{
	size_t i;
	int reply = 0;

	if (!a->decided || a->d.verdict != RULES_REJECT ||
	    a->d.inquiry_form == RULES_FORM_NONE || a->c.inquiry_reply)
		return 0;
	for (i = 0; i < a->d.n_reasons; i++) {
		enum rules_reason_code r = a->d.reasons[i].code;

		if (r == RULES_RSN_ID_LIST_B_NEEDS_REPLY ||
		    r == RULES_RSN_AGENT_REPLY)
			reply = 1;
		else if (rules_reason_severity(r) == RULES_SEV_REJECT)
			return 0;	/* something else is missing too */
	}
	return reply;
}

/* The letter path (R2.4 (2), R2.12 (3)): saved as waiting for the reply,
 * the letter printed for the registered address and marked sent. */
static void
page1_letter_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	const char *state_dir = ui_session(ui)->state_dir;
	struct store_letter l;
	struct proc_ctx *pc;
	char msg[1024], *path = NULL;

	if (!page1_needs_letter(a)) {
		ui_message(ui, "照会書兼回答書", "この申請は照会書兼回答書を"
		    "送らずに判定できます (判定を見てください)。");
		return;
	}
	if (!ui_confirm(ui, "照会書兼回答書を本人の住所に送り、申請を回答待ちで"
	    "保存しますか。") || ui_clerk_recheck(ui) == -1 ||
	    (pc = app_ctx(ui, a)) == NULL)
		return;
	if (proc_app_save_letter(pc, &a->person, app_clerk_id(ui), &a->c, NULL,
	    rules_form_name(a->d.inquiry_form), state_dir, &l, &path, msg,
	    sizeof(msg)) == -1) {
		ui_message(ui, "照会書兼回答書", msg);
		return;
	}
	a->app_id = l.application_id;
	if (path == NULL) {
		ui_message(ui, "照会書兼回答書", msg);
		ui_close_to(ui, "person");
		return;
	}
	snprintf(msg, sizeof(msg), "整理番号 %s の照会書兼回答書 (%s) を印刷し、"
	    "送付済みにしました。\n印刷: %s\n申請は回答待ちで保存しました。",
	    l.ref_no, rules_form_name(a->d.inquiry_form), path);
	free(path);
	ui_message(ui, "照会書兼回答書", msg);
	ui_close_to(ui, "person");
}

/* F5: accept. The rules decide; a reject is refused with its reasons. */
static int
page1_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	struct store_app *app;
	struct proc_ctx *pc;
	char msg[2048];
	size_t i, len = 0;

	(void)n;
	if (a->app_id != 0) {	/* accepted already: on to the issuing */
		issue_open_run(ui, a);
		return 0;
	}
	page1_read(a, f);
	app_decide(a);
	if (!a->decided || a->d.verdict != RULES_ACCEPT) {
		len = (size_t)snprintf(msg, sizeof(msg), "規則により受付できません。\n%s",
		    a->decided ? "" : "入力の組合せが要綱にありません (画面の下の理由を見てください)。\n");
		for (i = 0; a->decided && i < a->d.n_reasons &&
		    len < sizeof(msg); i++) {
			if (rules_reason_severity(a->d.reasons[i].code) !=
			    RULES_SEV_REJECT)
				continue;
			len += (size_t)snprintf(msg + len, sizeof(msg) - len, "・");
			if (len < sizeof(msg))
				len += (size_t)rules_reason_format(&a->d.reasons[i],
				    msg + len, sizeof(msg) - len);
			if (len < sizeof(msg))
				len += (size_t)snprintf(msg + len,
				    sizeof(msg) - len, "\n");
		}
		ui_status(ui, 1, "受付できません (理由は画面の下)。");
		ui_message(ui, "受付できません", msg);
		return 0;
	}
	if (ui_clerk_recheck(ui) == -1 || (pc = app_ctx(ui, a)) == NULL)
		return 0;
	app = xcalloc(1, sizeof(*app));
	if (proc_app_save(pc, &a->person, app_clerk_id(ui), &a->c,
	    a->chk_done ? &a->chk : NULL, NULL, "accepted", app, msg,
	    sizeof(msg)) == -1) {
		free(app);
		ui_message(ui, "受付", msg);
		return 0;
	}
	a->app_id = app->id;
	a->route = proc_route_parse(app->card_route);
	free(app);
	ui_status(ui, 0, "申請を受け付けました (受付番号 %lld)。",
	    (long long)a->app_id);
	issue_open_run(ui, a);
	return 0;
}

static void
page1_docs_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	a->docs_filer = 0;
	app_open(ui, "app_docs", a);
}

static void
page1_filer_cb(struct ui *ui)
{
	app_open(ui, "app_filer", ui_data(ui));
}

static void
page1_card_cb(struct ui *ui)
{
	app_open(ui, "app_card", ui_data(ui));
}

static const struct screen_key page1_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, page1_docs_cb },
	{ 3, 0, "代理人・依頼書", SCREEN_ACT_CALL, page1_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, page1_card_cb },
	{ 5, 0, "受付", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "照会書送付", SCREEN_ACT_CALL, page1_letter_cb },
};

const struct screen screen_issue_form = {
	.id = "issue_form",
	.title = "電子証明書の発行申請の受付",
	.help =
	    "発行申請 (様式第1号) の内容を入れます。欄は番号か左右キーで選びます。\n"
	    "下の判定は、入力のたびに要綱の規則で判定し直したものです。\n"
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
	.free_data = app_unref,
};

/* ---- Page 2: legal representative and agent --------------------------- */

/* Page 2's fields from the case: when it opens, and again after F8. */
static void
page2_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct rules_case *c = &((const struct app *)ui_data(ui))->c;

	(void)n;
	f[F2_REP].choice = (int)c->legal_rep.kind;
	f[F2_WITH].choice = c->legal_rep.accompanies_person;
	f[F2_INTENT].choice = c->legal_rep.intent_confirmed;
	f[F2_AUTH].choice = (int)c->legal_rep.authority;
	f[F2_POA].choice = c->power_of_attorney;
	f[F2_PINFORM].choice = c->pin_request_form;
	f[F2_HOUSE].choice = c->agent_same_household;
	f[F2_MOVED].choice = c->moved_within_month;
}

static void
page2_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	struct rules_case *c = &a->c;

	(void)n;
	c->legal_rep.kind = form_pick(&f[F2_REP], 0);
	c->legal_rep.accompanies_person = form_pick(&f[F2_WITH], 0) == 1;
	c->legal_rep.intent_confirmed = form_pick(&f[F2_INTENT], 0) == 1;
	c->legal_rep.authority = form_pick(&f[F2_AUTH], 0);
	c->power_of_attorney = form_pick(&f[F2_POA], 0) == 1;
	c->pin_request_form = form_pick(&f[F2_PINFORM], 0) == 1;
	c->agent_same_household = form_pick(&f[F2_HOUSE], 0) == 1;
	c->moved_within_month = form_pick(&f[F2_MOVED], 0) == 1;
	app_decide(a);
}

static void
page2_draw_cb(struct ui *ui, int top, int bottom)
{
	app_draw_decision(ui, ui_data(ui), top, bottom);
}

static void
page2_docs_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	a->docs_filer = 1;
	app_open(ui, "app_docs", a);
}

static void
issue_back_cb(struct ui *ui)
{
	ui_close(ui);
}

static const struct screen_key page2_keys[] = {
	{ 2, 0, "代理人の書類", SCREEN_ACT_CALL, page2_docs_cb },
	{ 9, 0, "戻る", SCREEN_ACT_CALL, issue_back_cb },
};

const struct screen screen_app_filer = {
	.id = "app_filer",
	.title = "代理人・暗証番号設定依頼書 (R2.3 R2.10 R2.12 R2-2.11)",
	.help =
	    "法定代理人 (親権者・成年後見人) か任意代理人が申請するときの事項です。\n"
	    "法定代理人: 別、本人の同行、意思の確認、代理権の確認の書類。\n"
	    "任意代理人: 委任状、暗証番号設定依頼書、同一世帯、転入1か月以内。\n"
	    "F2 で代理人自身の本人確認書類を選びます。F9 で 1 ページ目に戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = page2_fields,
	.nfields = nitems(page2_fields),
	.keys = page2_keys,
	.nkeys = nitems(page2_keys),
	.draw = page2_draw_cb,
	.open = page2_open_cb,
	.changed = page2_changed_cb,
	.free_data = app_unref,
};

/* ---- The checklists of lists A and B ------------------------------------ */

static const char *const doc_state_label[APP_DOC_STATES] = {
	"[    ]", "[有効]", "[写無]", "[期限]"
};

static int
docs_count_cb(struct ui *ui)
{
	(void)ui;
	return APP_DOC_ROWS;
}

static void
docs_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	struct app *a = ui_data(ui);
	int b = i >= RULES_LIST_A_ITEMS;
	int item = b ? i - RULES_LIST_A_ITEMS + 1 : i + 1;

	snprintf(buf, size, "%s %c%-2d %s", doc_state_label[a->docs[
	    a->docs_filer][i]], b ? 'B' : 'A', item,
	    rules_document_name(b ? RULES_LIST_B : RULES_LIST_A, item));
}

static void
docs_choose_cb(struct ui *ui, int i)
{
	struct app *a = ui_data(ui);
	unsigned char *s = &a->docs[a->docs_filer][i];

	*s = (unsigned char)((*s + 1) % APP_DOC_STATES);
	app_decide(a);
	ui_status(ui, 0, "判定: %s", !a->decided ? app_malformed(a->err) :
	    a->d.verdict == RULES_ACCEPT ? "受付できます" : "受付できません");
}

static const struct screen_key docs_keys[] = {
	{ 9, 0, "戻る", SCREEN_ACT_CALL, issue_back_cb },
};

const struct screen screen_app_docs = {
	.id = "app_docs",
	.title = "本人確認書類 (一覧A R2.5・一覧B R2.6)",
	.help =
	    "提示された書類を選んで Enter を押すたびに状態が変わります:\n"
	    "  [有効] 有効期限内・写真あり  [写無] 有効期限内・写真なし\n"
	    "  [期限] 有効期限切れ          [    ] 提示なし\n"
	    "一覧A は 1 点で、一覧B は 2 点で本人確認ができます (B は照会書が\n"
	    "要ります)。国外転出者は一覧A だけです (R2-2.5)。\n"
	    "F9 か Esc で申請の画面に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.keys = docs_keys,
	.nkeys = nitems(docs_keys),
	.list_header = "状態   番号 書類",
	.list_count = docs_count_cb,
	.list_row = docs_row_cb,
	.list_choose = docs_choose_cb,
	.free_data = app_unref,
};

/* ---- From the menu: find the person first ------------------------------- */

/* The search form's 区分 (its last field) defaults to the register of the
 * menu entry. */
static int
issue_search_resident_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	if (f[SEARCH_F_REGISTER].choice < 0)
		f[SEARCH_F_REGISTER].choice = 0;
	return search_submit_cb(ui, f, n);
}

static int
issue_search_overseas_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	if (f[SEARCH_F_REGISTER].choice < 0)
		f[SEARCH_F_REGISTER].choice = 1;
	return search_submit_cb(ui, f, n);
}

const struct screen screen_issue_resident = {
	.id = "issue_resident",
	.title = "発行・更新 (住民): 本人の検索",
	.help =
	    "電子証明書の発行・更新をする人を探します (第2条)。\n"
	    "区分を選ばなければ住民の中から探します。\n"
	    "見つかった人の記録の画面で F6 を押すと申請の受付を始めます。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = search_fields,
	.nfields = SEARCH_NFIELDS,
	.keys = search_keys,
	.nkeys = SEARCH_NKEYS,
	.submit = issue_search_resident_cb,
};

const struct screen screen_issue_overseas = {
	.id = "issue_overseas",
	.title = "発行・更新 (国外転出者): 本人の検索",
	.help =
	    "国外転出者 (戸籍の附票) の電子証明書の発行・更新です (第2条の2)。\n"
	    "区分を選ばなければ国外転出者の中から探します。\n"
	    "見つかった人の記録の画面で F6 を押すと申請の受付を始めます。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = search_fields,
	.nfields = SEARCH_NFIELDS,
	.keys = search_keys,
	.nkeys = SEARCH_NKEYS,
	.submit = issue_search_overseas_cb,
};
