/*
 * The procedure table: every procedure of the guideline the menu offers,
 * once. The menu is made from it, its search screen carries the
 * procedure to the results and the person's record, the record starts it
 * (or, reached from the plain search, offers the procedures that apply to
 * the person) and resumes an application of any procedure through its
 * row. A row without a form screen says plainly that it is not built.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "app.h"
#include "procs.h"
#include "screens.h"

#define ISSUE_STEPS	"発行 (カード内の鍵ペア・発行機関の証明書・書込み・暗証番号)、" \
	"更新で古い証明書の失効、顔認証カードへの切替"
#define REVOKE_STEPS	"選んだ証明書の失効 (発行機関・失効リスト・記録)、" \
	"紛失・返納の届出と一緒ならカードの記録"

#define PIN_STEPS	"暗証番号の変更・初期化 (書き込む前にカードを確かめ直す)、" \
	"顔認証カードの利用者証明用の初期化なら暗証番号の利用の再開と券面の記載"

#define DISCLOSE_STEPS	"請求書の受付と保存、J-LIS への特定記録郵便での送付 (送付の" \
	"一覧で)"

const struct procedure procedure_table[] = {
	{ .code = "issue_resident", .proc = RULES_PROC_ISSUE,
	  .reg = RULES_REG_RESIDENT, .key = '1',
	  .label = "電子証明書の発行・更新 (住民)",
	  .kana = "デンシショウメイショノハッコウコウシン", .article = "第2条 R2",
	  .form = "issue_form", .steps = ISSUE_STEPS,
	  .forms = "様式第1号 様式第2号", .describe = issue_describe,
	  .resume = issue_open_run },
	{ .code = "issue_overseas", .proc = RULES_PROC_ISSUE,
	  .reg = RULES_REG_OVERSEAS, .key = '2',
	  .label = "電子証明書の発行・更新 (国外転出者)",
	  .kana = "デンシショウメイショノハッコウコウシン",
	  .article = "第2条の2 R2-2", .form = "issue_form",
	  .steps = ISSUE_STEPS, .forms = "様式第10号",
	  .describe = issue_describe, .resume = issue_open_run },
	{ .code = "revoke_resident", .proc = RULES_PROC_REVOKE,
	  .reg = RULES_REG_RESIDENT, .key = '3',
	  .label = "電子証明書の失効 (住民)",
	  .kana = "デンシショウメイショノシッコウ", .article = "第3条 R3",
	  .form = "revoke_form", .steps = REVOKE_STEPS,
	  .forms = "様式第3号 様式第4号", .init = revoke_init,
	  .fold = revoke_fold, .describe = revoke_describe,
	  .resume = revoke_resume },
	{ .code = "revoke_overseas", .proc = RULES_PROC_REVOKE,
	  .reg = RULES_REG_OVERSEAS, .key = '4',
	  .label = "電子証明書の失効 (国外転出者)",
	  .kana = "デンシショウメイショノシッコウ", .article = "第3条の2 R3-2",
	  .form = "revoke_form", .steps = REVOKE_STEPS, .forms = "様式第11号",
	  .init = revoke_init, .fold = revoke_fold,
	  .describe = revoke_describe, .resume = revoke_resume },
	{ .code = "pin_resident", .proc = RULES_PROC_PIN_RESET,
	  .also = "pin_change", .reg = RULES_REG_RESIDENT, .key = '5',
	  .label = "暗証番号の変更・初期化 (住民)",
	  .kana = "アンショウバンゴウノヘンコウショキカ", .article = "第4条 R4",
	  .form = "pin_form", .steps = PIN_STEPS,
	  .forms = "個人番号カード要綱様式第4号 様式第20号", .init = pin_init,
	  .describe = pin_describe, .resume = pin_resume },
	{ .code = "pin_overseas", .proc = RULES_PROC_PIN_RESET,
	  .also = "pin_change", .reg = RULES_REG_OVERSEAS, .key = '6',
	  .label = "暗証番号の変更・初期化 (国外転出者)",
	  .kana = "アンショウバンゴウノヘンコウショキカ",
	  .article = "第4条の2 R4-2", .form = "pin_form", .steps = PIN_STEPS,
	  .forms = "個人番号カード要綱様式第13号", .init = pin_init,
	  .describe = pin_describe, .resume = pin_resume },
	{ .code = "face_auth", .proc = RULES_PROC_FACE_AUTH,
	  .reg = PROCEDURE_ANY_REGISTER, .key = '7',
	  .label = "顔認証マイナンバーカードへの切替",
	  .kana = "カオニンショウマイナンバーカードヘノキリカエ", .article = "第4条の3 R4-3",
	  .form = "face_form",
	  .steps = "無作為の暗証番号を設定してロック、有効な署名用電子証明書の"
	  "失効、券面の記載", .forms = "個人番号カード要綱様式第10号",
	  .describe = pin_describe, .resume = pin_resume },
	{ .code = "card_found", .proc = RULES_PROC_CARD_FOUND,
	  .reg = PROCEDURE_ANY_REGISTER, .key = '8',
	  .label = "紛失カードの発見 (一時保留の失効)",
	  .kana = "フンシツカードノハッケン", .article = "第5条 R5",
	  .form = "revoke_form",
	  .steps = "一時保留の証明書の失効、カードの記録を使用中に",
	  .forms = "様式第3号 様式第11号", .init = revoke_init,
	  .fold = revoke_fold, .describe = revoke_describe,
	  .resume = revoke_resume },
	{ .code = "disclosure_resident", .proc = RULES_PROC_DISCLOSE,
	  .also = "correct", .reg = RULES_REG_RESIDENT, .key = '9',
	  .label = "開示請求・訂正請求 (住民)",
	  .kana = "カイジセイキュウテイセイセイキュウ", .article = "第6条 R6",
	  .form = "disclose_form", .steps = DISCLOSE_STEPS,
	  .forms = "様式第7号 様式第8号 様式第9号", .init = disclose_init,
	  .describe = disclose_describe, .resume = disclose_resume },
	{ .code = "disclosure_overseas", .proc = RULES_PROC_DISCLOSE,
	  .also = "correct", .reg = RULES_REG_OVERSEAS, .key = 'a',
	  .label = "開示請求・訂正請求 (国外転出者)",
	  .kana = "カイジセイキュウテイセイセイキュウ", .article = "第6条の2 R6-2",
	  .form = "disclose_form", .steps = DISCLOSE_STEPS,
	  .forms = "様式第12号 様式第13号", .init = disclose_init,
	  .describe = disclose_describe, .resume = disclose_resume },
};
const size_t procedure_table_len = nitems(procedure_table);

int
procedure_applies(const struct procedure *pr, const char *register_)
{
	return pr->reg == PROCEDURE_ANY_REGISTER ||
	    strcmp(rules_register_name(pr->reg), register_) == 0;
}

const struct procedure *
procedure_of(const char *procedure, const char *register_)
{
	size_t i;

	for (i = 0; i < procedure_table_len; i++) {
		const struct procedure *pr = &procedure_table[i];

		if ((strcmp(rules_procedure_name(pr->proc), procedure) == 0 ||
		    (pr->also != NULL && strcmp(pr->also, procedure) == 0)) &&
		    procedure_applies(pr, register_))
			return pr;
	}
	return NULL;
}

static int procedure_begin(struct ui *, const struct procedure *,
    const struct store_person *, const struct app *,
    const struct proc_card_check *);

int
procedure_start(struct ui *ui, const struct procedure *pr,
    const struct store_person *p)
{
	return procedure_begin(ui, pr, p, NULL, NULL);
}

int
procedure_start_card(struct ui *ui, const struct procedure *pr,
    const struct store_person *p, const struct proc_card_check *card)
{
	return procedure_begin(ui, pr, p, NULL, card);
}

int
procedure_start_after(struct ui *ui, const struct procedure *pr,
    const struct store_person *p, const struct app *prev)
{
	return procedure_begin(ui, pr, p, prev, NULL);
}

/* The card read at the start of the visit is the application's card
 * check (R2.8): the same chip is read again before every write and must
 * be this one (proc_bind.c). A card that holds a user cert is renewed
 * (更新), not issued anew. */
static void
procedure_card(struct app *a, const struct proc_card_check *card)
{
	a->chk = *card;
	a->chk_done = 1;
	if (a->pr->proc == RULES_PROC_ISSUE && card->user_cert[0] != '\0')
		a->c.renewal = 1;
}

static int
procedure_begin(struct ui *ui, const struct procedure *pr,
    const struct store_person *p, const struct app *prev,
    const struct proc_card_check *card)
{
	struct app *a;

	/* Chosen for residents, found among overseas persons (or the other
	 * way): the same procedure of the person's register. */
	if (!procedure_applies(pr, p->register_) &&
	    (pr = procedure_of(rules_procedure_name(pr->proc),
	    p->register_)) == NULL) {
		ui_message(ui, "申請", "この手続きは、この人の区分 (住民・"
		    "国外転出者) には使えません。");
		return -1;
	}
	if (pr->form == NULL) {
		ui_message(ui, pr->label, UI_TEXT_NOT_BUILT);
		return -1;
	}
	a = app_new(ui, p, pr);
	if (card != NULL) {
		procedure_card(a, card);
		app_decide(a);
	}
	if (prev != NULL) {
		memcpy(a->docs[0], prev->docs[0], sizeof(a->docs[0]));
		a->c.window = prev->c.window;
		a->c.via_ground = prev->c.via_ground;
		if (pr->proc == RULES_PROC_ISSUE &&
		    a->c.reg == RULES_REG_OVERSEAS &&
		    (prev->c.procedure == RULES_PROC_CARD_FOUND ||
		    prev->c.combined_with == RULES_COMB_CARD_FOUND))
			a->c.combined_with = RULES_COMB_CARD_FOUND;
		app_decide(a);
	}
	if (app_open(ui, pr->form, a) == -1) {
		app_unref(a);
		return -1;
	}
	return 0;
}

/* ---- The menu, made from the table ---------------------------------------- */

static const struct screen_item menu_others[] = {
	{ 'b', "照会書兼回答書 (作成・返送の受付)", "R2.9 R3.7", "inquiry",
	  UI_ROLE_CLERK, NULL },
	{ 'c', "本人・申請の検索", NULL, "search", UI_ROLE_CLERK, NULL },
	/* The holder found from the card in the reader (card_read.c). */
	{ 'k', "カードから読み取る (記録を開く)", "R2.8", "card_read",
	  UI_ROLE_CLERK, NULL },
	{ 'j', "J-LIS への送付 (特定記録郵便)", "R6.6 R6-2.5", "mailing",
	  UI_ROLE_CLERK, NULL },
	{ 'm', "保守 (管理者)", NULL, "maint", UI_ROLE_ADMIN, NULL },
	/* Four eyes: what waits for a supervisor (approvals.c). */
	{ 's', "承認待ち (監督者)", NULL, "approvals", UI_ROLE_SUPERVISOR,
	  NULL },
};

size_t
procedure_menu_items(const struct screen_item **items)
{
	static struct screen_item menu[nitems(procedure_table) +
	    nitems(menu_others)];
	size_t i;

	if (menu[0].label == NULL) {
		for (i = 0; i < procedure_table_len; i++) {
			const struct procedure *pr = &procedure_table[i];

			menu[i] = (struct screen_item){ pr->key, pr->label,
			    pr->article, pr->form != NULL ? "proc_search" : NULL,
			    UI_ROLE_CLERK, pr };
		}
		for (i = 0; i < nitems(menu_others); i++)
			menu[procedure_table_len + i] = menu_others[i];
	}
	*items = menu;
	return nitems(menu);
}

/* ---- Finding the person of a procedure ------------------------------- */

/* The search form's 区分 defaults to the procedure's register. */
static void
proc_search_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct procedure *pr = ui_data(ui);

	(void)n;
	if (pr != NULL && pr->reg != PROCEDURE_ANY_REGISTER)
		f[SEARCH_F_REGISTER].choice = pr->reg == RULES_REG_OVERSEAS;
}

static void
proc_search_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct procedure *pr = ui_data(ui);
	char line[160], text[512];
	int row = top + 1;

	if (pr == NULL || row >= bottom)
		return;
	snprintf(line, sizeof(line), "手続き: %s  (%s)", pr->label,
	    pr->article);
	ui_put(ui, row++, 2, 76, line, UI_ATTR_BOLD);
	if (pr->steps != NULL) {
		snprintf(text, sizeof(text), "行うこと: %s", pr->steps);
		row += ui_wrap(ui, row, bottom, 4, 74, text, UI_ATTR_NORMAL);
	}
	if (pr->forms != NULL) {
		snprintf(text, sizeof(text), "様式: %s", pr->forms);
		ui_wrap(ui, row, bottom, 4, 74, text, UI_ATTR_NORMAL);
	}
}

const struct screen screen_proc_search = {
	.id = "proc_search",
	.title = "手続きをする本人の検索",
	.help =
	    "手続きをする人を探します。氏名・カナ・生年月日・住所のどれかを\n"
	    "入れて F5 で検索します。区分は手続きに合わせてあります。\n"
	    "見つかった人の記録の画面で F6 を押すと、この手続きの申請の受付を\n"
	    "始めます。F4 でカードから読み取ると、名前を入れずに記録が開き、\n"
	    "利用者証明の暗証番号も入れればカードの確認も済みます。\n"
	    "F8 で全部消します。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = search_fields,
	.nfields = SEARCH_NFIELDS,
	.keys = search_keys,
	.nkeys = SEARCH_NKEYS,
	.submit = search_submit_cb,
	.draw = proc_search_draw_cb,
	.open = proc_search_open_cb,
};

/* ---- The procedures that apply to a person (from the plain search) ---- */

struct proc_choice {
	struct store_person		 p;
	struct proc_card_check		 card;	/* card_key "": none */
	const struct procedure		*rows[nitems(procedure_table)];
	int				 n;
};

static int
choose_count_cb(struct ui *ui)
{
	const struct proc_choice *c = ui_data(ui);

	return c->n;
}

static void
choose_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct proc_choice *c = ui_data(ui);
	char label[128];

	ui_pad(label, sizeof(label), c->rows[i]->label, 40);
	snprintf(buf, size, " %c  %s %s%s", c->rows[i]->key, label,
	    c->rows[i]->article, c->rows[i]->form == NULL ? "  (未実装)" : "");
}

/* Jumping: the procedure's menu key as its code (1, a) and its reading. */
static void
choose_key_cb(struct ui *ui, int i, struct screen_list_key *k)
{
	const struct proc_choice *c = ui_data(ui);

	snprintf(k->code, sizeof(k->code), "%c", c->rows[i]->key);
	snprintf(k->kana, sizeof(k->kana), "%s", c->rows[i]->kana);
}

static void
choose_cb(struct ui *ui, int i)
{
	const struct proc_choice *c = ui_data(ui);
	struct store_person p = c->p;
	struct proc_card_check card = c->card;
	const struct procedure *pr = c->rows[i];

	if (pr->form == NULL) {
		ui_message(ui, pr->label, UI_TEXT_NOT_BUILT);
		return;
	}
	ui_close(ui);		/* frees c: use the copies */
	procedure_begin(ui, pr, &p, NULL, card.card_key[0] != '\0' ? &card :
	    NULL);
	secure_wipe(&card, sizeof(card));
}

const struct screen screen_proc_choose = {
	.id = "proc_choose",
	.title = "手続きの選択",
	.help =
	    "この人に使える手続きの一覧です (住民・国外転出者の区分による)。\n"
	    "上下キーか、メニューの番号・英字 (1、a) か読みの最初のかな (あ:\n"
	    "暗証番号) で選び、Enter で申請の受付を始めます。Esc で記録に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.list_header = "    手続き                                   要綱",
	.list_count = choose_count_cb,
	.list_row = choose_row_cb,
	.list_choose = choose_cb,
	.list_key = choose_key_cb,
	.free_data = free,
};

int
procedure_choose(struct ui *ui, const struct store_person *p,
    const struct proc_card_check *card)
{
	struct proc_choice *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->p = *p;
	if (card != NULL)
		c->card = *card;
	for (i = 0; i < procedure_table_len; i++)
		if (procedure_applies(&procedure_table[i], p->register_))
			c->rows[c->n++] = &procedure_table[i];
	if (ui_open_with(ui, "proc_choose", c) == -1) {
		free(c);
		return -1;
	}
	return 0;
}
