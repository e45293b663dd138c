/*
 * 本人・申請の検索: the search form a clerk fills in to find a person of
 * the registry (住民 or 国外転出者), and the list of matches. Choosing a
 * match opens the person's screen (person.c). The search itself is the
 * store's (store_person_search); this file only turns fields into a query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "procs.h"
#include "screens.h"

#define SEARCH_LIMIT	100


const struct ui_field_spec search_fields[SEARCH_NFIELDS] = {
	{ .id = "name", .label = "氏名", .kind = UI_FIELD_NAME, .width = 24,
	  .max_cols = 60, .hint = "漢字 (一部でも可)" },
	{ .id = "kana", .label = "氏名 (カナ)", .kind = UI_FIELD_KANA,
	  .width = 24, .max_cols = 60, .hint = "ひらがなでも入力できます" },
	{ .id = "birth", .label = "生年月日", .kind = UI_FIELD_DATE,
	  .width = 20, .hint = "例: 令和8年1月2日 H1.1.8 2026-01-02" },
	{ .id = "address", .label = "住所", .kind = UI_FIELD_TEXT,
	  .width = 30, .max_cols = 120, .hint = "一部でも可 (例: 中桜塚)" },
	{ .id = "register", .label = "区分", .kind = UI_FIELD_CHOICE,
	  .width = 12, .choices = rules_register_label_table },
};

const struct screen_key search_keys[SEARCH_NKEYS] = {
	{ 5, 0, "検索", SCREEN_ACT_SUBMIT, NULL },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

/* The matches, owned by the results screen, and the procedure the
 * search was for (NULL from the plain search). */
struct search_results {
	const struct procedure	*pr;
	int			n;
	struct store_person	p[SEARCH_LIMIT];
};

static int
search_add_cb(const struct store_person *p, void *arg)
{
	struct search_results *r = arg;

	if (r->n == SEARCH_LIMIT)
		return 1;
	r->p[r->n++] = *p;
	return 0;
}

int
search_submit_cb(struct ui *ui, struct ui_field *fields, size_t n)
{
	struct store_person_query q;
	struct search_results *r;
	struct era_date dt;
	char name[256], kana[256], birth[11], address[512];

	(void)n;
	ui_field_get(&fields[SEARCH_F_NAME], name, sizeof(name));
	ui_field_get(&fields[SEARCH_F_KANA], kana, sizeof(kana));
	ui_field_get(&fields[SEARCH_F_ADDRESS], address, sizeof(address));
	if (name[0] == '\0' && kana[0] == '\0' && address[0] == '\0' &&
	    fields[SEARCH_F_BIRTH].len == 0) {
		ui_message(ui, "検索", "氏名、カナ、生年月日、住所のどれかを入力"
		    "してください。");
		return 0;
	}
	memset(&q, 0, sizeof(q));
	q.name = name;
	q.kana = kana;
	q.address = address;
	if (ui_field_date(&fields[SEARCH_F_BIRTH], &dt) == 0) {
		era_format_iso(&dt, birth);
		q.birth_date = birth;
	}
	if (fields[SEARCH_F_REGISTER].choice >= 0)
		q.register_ = fields[SEARCH_F_REGISTER].choice == 0 ?
		    "resident" : "overseas";
	q.limit = SEARCH_LIMIT;
	ui_busy(ui, "検索しています...");
	r = xcalloc(1, sizeof(*r));
	r->pr = ui_data(ui);	/* proc_search's procedure (procs.c) */
	if (store_person_search(ui_session(ui)->store, &q, search_add_cb, r) == -1) {
		free(r);
		ui_message(ui, "検索", "検索できませんでした (データベースの誤り)。");
		return 0;
	}
	if (r->n == 0) {
		free(r);
		ui_message(ui, "検索", "該当する人はいません。");
		return 0;
	}
	ui_status(ui, 0, "%d 人見つかりました。", r->n);
	if (ui_open_with(ui, "search_results", r) == -1)
		free(r);
	return 0;	/* the form stays under the list */
}

const struct screen screen_search = {
	.id = "search",
	.title = "本人・申請の検索",
	.help =
	    "氏名・カナ・生年月日・住所のどれか (いくつでも) を入れて F5 で検索します。\n"
	    "Tab か上下キーで欄を移り、最後の欄で Enter を押しても検索します。\n"
	    "左右キー・Home・End で欄の中を動き、Backspace で 1 文字消します。\n"
	    "氏名とカナは一部だけでも探せます (空白は無視します)。\n"
	    "カナの欄はカタカナだけで、ひらがなはカタカナになります。\n"
	    "生年月日は和暦 (令和8年1月2日、R8.1.2) でも西暦 (2026-01-02) でも\n"
	    "入力できます。区分は番号か左右キーで選びます。F8 で全部消します。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = search_fields,
	.nfields = nitems(search_fields),
	.keys = search_keys,
	.nkeys = nitems(search_keys),
	.submit = search_submit_cb,
};

/* ---- The list of matches ------------------------------------------ */

static int
results_count_cb(struct ui *ui)
{
	const struct search_results *r = ui_data(ui);

	return r != NULL ? r->n : 0;
}

/* One line: kana, name, birth date in 和暦, sex, register, address. */
static void
results_line(char *buf, size_t size, const char *kana, const char *name,
    const char *birth, const char *sex, const char *reg, const char *addr)
{
	char c1[96], c2[96], c3[96], c4[16], c5[32];

	ui_pad(c1, sizeof(c1), kana, 18);
	ui_pad(c2, sizeof(c2), name, 14);
	ui_pad(c3, sizeof(c3), birth, 16);
	ui_pad(c4, sizeof(c4), sex, 2);
	ui_pad(c5, sizeof(c5), reg, 4);
	snprintf(buf, size, "%s %s %s %s %s %s", c1, c2, c3, c4, c5, addr);
}

static void
results_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct search_results *r = ui_data(ui);
	const struct store_person *p = &r->p[i];
	struct era_date dt;
	char birth[64];

	if (era_parse_iso(p->birth_date, &dt) == -1 ||
	    era_format_wareki(&dt, birth, sizeof(birth)) == -1)
		snprintf(birth, sizeof(birth), "%s", p->birth_date);
	results_line(buf, size, p->name_kana, p->name, birth,
	    p->sex == 1 ? "男" : p->sex == 2 ? "女" : "-",
	    rules_register_short_label(rules_register_parse(p->register_) ==
	    RULES_REG_OVERSEAS ? RULES_REG_OVERSEAS : RULES_REG_RESIDENT),
	    p->address);
}

static void
results_choose_cb(struct ui *ui, int i)
{
	const struct search_results *r = ui_data(ui);

	person_open(ui, &r->p[i], r->pr);
}

const struct screen screen_search_results = {
	.id = "search_results",
	.title = "検索結果",
	.help =
	    "検索条件に合った人の一覧です (カナ順、最大 100 件)。\n"
	    "上下キー・PageUp・PageDown で選び、Enter でその人の記録を開きます。\n"
	    "Esc で検索条件に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.list_header = "氏名 (カナ)        氏名           生年月日         性 区分 住所",
	.list_count = results_count_cb,
	.list_row = results_row_cb,
	.list_choose = results_choose_cb,
	.free_data = free,
};
