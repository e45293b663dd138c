/*
 * The pages every procedure's application shares besides its own form:
 * who files for the person (the legal representative's items, R2.3,
 * R2.10; the agent's power of attorney and sealed PIN request form,
 * R2.12, R2-2.11) and the checklists of lists A and B (R2.5, R2.6;
 * R2-2.5) for the person and for the filer. Each puts what the clerk
 * chose into the case and decides again (the rules core says what the
 * procedure asks of them); the decision is drawn under the page.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

enum { F2_REP, F2_WITH, F2_INTENT, F2_AUTH, F2_POA, F2_PINFORM, F2_HOUSE,
	F2_MOVED, F2_COUNT };

static const struct ui_field_spec page2_fields[] = {
	[F2_REP] = { .id = "rep", .label = "法定代理人の別",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_reps },
	[F2_WITH] = { .id = "with", .label = "本人の同行 (R2.3)",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_noyes },
	[F2_INTENT] = { .id = "intent", .label = "本人の意思の確認",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_noyes },
	[F2_AUTH] = { .id = "auth", .label = "代理権の確認 (R2.10)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_auth },
	[F2_POA] = { .id = "poa", .label = "委任状",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
	[F2_PINFORM] = { .id = "pinform", .label = "暗証番号設定依頼書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
	[F2_HOUSE] = { .id = "house", .label = "本人と同一世帯",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_noyes },
	[F2_MOVED] = { .id = "moved", .label = "転入から1か月以内",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_noyes },
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
	c->legal_rep.kind = app_choice(&f[F2_REP], 0);
	c->legal_rep.accompanies_person = app_choice(&f[F2_WITH], 0) == 1;
	c->legal_rep.intent_confirmed = app_choice(&f[F2_INTENT], 0) == 1;
	c->legal_rep.authority = app_choice(&f[F2_AUTH], 0);
	c->power_of_attorney = app_choice(&f[F2_POA], 0) == 1;
	c->pin_request_form = app_choice(&f[F2_PINFORM], 0) == 1;
	c->agent_same_household = app_choice(&f[F2_HOUSE], 0) == 1;
	c->moved_within_month = app_choice(&f[F2_MOVED], 0) == 1;
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

static const struct screen_key page2_keys[] = {
	{ 2, 0, "代理人の書類", SCREEN_ACT_CALL, page2_docs_cb },
	{ 9, 'b', "戻る", SCREEN_ACT_CALL, app_back_cb },
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

/* Jumping: the item code as shown (B4) and the document's reading. */
static void
docs_key_cb(struct ui *ui, int i, struct screen_list_key *k)
{
	int b = i >= RULES_LIST_A_ITEMS;
	int item = b ? i - RULES_LIST_A_ITEMS + 1 : i + 1;
	const char *kana = rules_document_kana(b ? RULES_LIST_B : RULES_LIST_A,
	    item);

	(void)ui;
	snprintf(k->code, sizeof(k->code), "%c%d", b ? 'B' : 'A', item);
	snprintf(k->kana, sizeof(k->kana), "%s", kana != NULL ? kana : "");
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
	{ 9, 'b', "戻る", SCREEN_ACT_CALL, app_back_cb },
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
	    "同じかな (う) をもう一度打つと、その読みの次の書類へ移ります。\n"
	    "F9 か Esc で申請の画面に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.keys = docs_keys,
	.nkeys = nitems(docs_keys),
	.list_header = "状態   番号 書類",
	.list_count = docs_count_cb,
	.list_row = docs_row_cb,
	.list_choose = docs_choose_cb,
	.list_key = docs_key_cb,
	.list_footer = "番号 (B4) か読みのかな (う) で移動、Enter で状態を切り替え",
	.free_data = app_unref,
};

