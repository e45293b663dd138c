/*
 * 本人・申請の検索: the search form a clerk fills in to find a person of
 * the registry (住民 or 国外転出者), and the list of matches. Choosing a
 * match opens the person's screen (person.c). A 受付番号 opens the record
 * of the application's person, a 照会書 number the letter (letters.c).
 * The search itself is the store's (store_person_search, which folds kana,
 * addresses and dates); this file only turns fields into a query.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/rules.h"
#include "madoguchi/searchkey.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "procs.h"
#include "screens.h"

#define SEARCH_LIMIT	100


const struct ui_field_spec search_fields[SEARCH_NFIELDS] = {
	{ .id = "name", .label = "氏名", .kind = UI_FIELD_NAME, .width = 24,
	  .max_cols = 60, .hint = "漢字 (一部、旧氏・通称でも可)" },
	{ .id = "kana", .label = "氏名 (カナ)", .kind = UI_FIELD_KANA,
	  .width = 24, .max_cols = 60, .hint = "ひらがな・半角カナでも可" },
	{ .id = "birth", .label = "生年月日", .kind = UI_FIELD_DATE,
	  .width = 20, .any_era = 1,
	  .hint = "例: R8.1.2 S610203 61.2.3 2026-01-02" },
	{ .id = "address", .label = "住所", .kind = UI_FIELD_TEXT,
	  .width = 30, .max_cols = 120, .hint = "一部でも可 (例: 中桜塚3-1)" },
	{ .id = "register", .label = "区分", .kind = UI_FIELD_CHOICE,
	  .width = 12, .choices = rules_register_label_table },
	{ .id = "app", .label = "受付番号", .kind = UI_FIELD_DIGITS,
	  .width = 12, .max_chars = 12, .hint = "申請の受付番号 (本人の記録を開く)" },
	{ .id = "letter", .label = "照会書番号", .kind = UI_FIELD_TEXT,
	  .width = 12, .max_chars = 15, .hint = "照会書兼回答書の整理番号" },
};

/* F4: the person from the card in the reader instead of typed data; the
 * record then goes on to the search's procedure (card_read.c). */
static void
search_card_cb(struct ui *ui)
{
	ui_open_with(ui, "card_read", ui_data(ui));
}

const struct screen_key search_keys[SEARCH_NKEYS] = {
	{ 4, 0, "カード", SCREEN_ACT_CALL, search_card_cb },
	{ 5, 0, "検索", SCREEN_ACT_SUBMIT, NULL },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

/* The matches, owned by the results screen: the query (its text kept to
 * ask for other pages), how many match (STORE_SEARCH_MAX + 1: more than
 * a search lists), the page shown from offset, and the procedure the
 * search was for (NULL from the plain search). */
struct search_results {
	const struct procedure	*pr;
	char			name[256], kana[256], birth[256], address[512];
	const char		*register_;
	long			total;
	int			offset, n;
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

/* A 受付番号: the record of the application's person, offering the
 * procedure of the search (its application is listed there). */
static void
search_by_app(struct ui *ui, const char *digits)
{
	struct store *st = ui_session(ui)->store;
	struct store_person p;
	struct store_app *app = xmalloc(sizeof(*app));
	long long id = strtoll(digits, NULL, 10);
	int rc;

	rc = store_app_get(st, (int64_t)id, app);
	if (rc == 0)
		rc = store_person_get(st, app->person_id, &p);
	free(app);
	if (rc == -1)
		ui_message(ui, "検索", "検索できませんでした (データベースの誤り)。");
	else if (rc != 0)
		ui_message(ui, "検索", "その受付番号の申請はありません。");
	else
		person_open(ui, &p, ui_data(ui));
}

static void
search_results_query(const struct search_results *r,
    struct store_person_query *q)
{
	memset(q, 0, sizeof(*q));
	q->name = r->name;
	q->kana = r->kana;
	q->birth = r->birth;
	q->address = r->address;
	q->register_ = r->register_;
	q->limit = SEARCH_LIMIT;
	q->offset = r->offset;
}

/* The page of r from r->offset; 0 or -1. */
static int
search_results_load(struct store *st, struct search_results *r)
{
	struct store_person_query q;

	search_results_query(r, &q);
	r->n = 0;
	return store_person_search(st, &q, search_add_cb, r) == -1 ? -1 : 0;
}

static void
search_query(struct ui *ui, struct ui_field *fields, char *text[4])
{
	struct store *st = ui_session(ui)->store;
	struct store_person_query q;
	struct search_results *r = xcalloc(1, sizeof(*r));

	strlcpy_m(r->name, text[0], sizeof(r->name));
	strlcpy_m(r->kana, text[1], sizeof(r->kana));
	strlcpy_m(r->birth, text[2], sizeof(r->birth));
	strlcpy_m(r->address, text[3], sizeof(r->address));
	if (fields[SEARCH_F_REGISTER].choice >= 0)
		r->register_ = fields[SEARCH_F_REGISTER].choice == 0 ?
		    "resident" : "overseas";
	r->pr = ui_data(ui);	/* proc_search's procedure (procs.c) */
	search_results_query(r, &q);
	/* Every search is answered from an index: one that none answers
	 * would read the whole registry, a minute at prefecture scale. */
	if (!store_person_query_indexed(&q)) {
		free(r);
		ui_message(ui, "検索", "氏名は2文字以上、住所は3文字以上で入れる"
		    "か、カナか生年月日も入れてください。");
		return;
	}
	ui_busy(ui, "検索しています...");
	if ((r->total = store_person_search_count(st, &q)) == -1 ||
	    search_results_load(st, r) == -1) {
		free(r);
		ui_message(ui, "検索", "検索できませんでした (データベースの誤り)。");
		return;
	}
	if (r->n == 0) {
		free(r);
		ui_message(ui, "検索", "該当する人はいません。");
		return;
	}
	if (r->total > STORE_SEARCH_MAX)
		ui_status(ui, 0, "%d 人を超えました。条件を足して絞り込んで"
		    "ください。", STORE_SEARCH_MAX);
	else
		ui_status(ui, 0, "%ld 人見つかりました。", r->total);
	if (ui_open_with(ui, "search_results", r) == -1)
		free(r);
}

int
search_submit_cb(struct ui *ui, struct ui_field *fields, size_t n)
{
	char name[256], kana[256], birth[256], address[512], app[32];
	char letter[64], ref[64];
	char *text[4] = { name, kana, birth, address };

	(void)n;
	ui_field_get(&fields[SEARCH_F_NAME], name, sizeof(name));
	ui_field_get(&fields[SEARCH_F_KANA], kana, sizeof(kana));
	ui_field_get(&fields[SEARCH_F_BIRTH], birth, sizeof(birth));
	ui_field_get(&fields[SEARCH_F_ADDRESS], address, sizeof(address));
	ui_field_get(&fields[SEARCH_F_APP], app, sizeof(app));
	ui_field_get(&fields[SEARCH_F_LETTER], letter, sizeof(letter));
	if (app[0] != '\0') {
		search_by_app(ui, app);
		return 0;
	}
	if (letter[0] != '\0') {
		letter_open(ui, searchkey_name(letter, ref, sizeof(ref)));
		return 0;
	}
	if (name[0] == '\0' && kana[0] == '\0' && address[0] == '\0' &&
	    birth[0] == '\0') {
		ui_message(ui, "検索", "氏名、カナ、生年月日、住所、受付番号、"
		    "照会書番号のどれかを入力してください。");
		return 0;
	}
	search_query(ui, fields, text);
	return 0;	/* the form stays under the list */
}

const struct screen screen_search = {
	.id = "search",
	.title = "本人・申請の検索",
	.help =
	    "氏名・カナ・生年月日・住所のどれか (いくつでも) を入れて F5 で検索します。\n"
	    "Tab か上下キーで欄を移り、最後の欄で Enter を押しても検索します。\n"
	    "左右キー・Home・End で欄の中を動き、Backspace で 1 文字消します。\n"
	    "カナは先頭から (姓だけでも)、氏名は2文字からどこでも探します (空白は\n"
	    "無視します)。氏名は旧氏・通称でも探せます。\n"
	    "カナはひらがな・半角カナでもカタカナになります。\n"
	    "生年月日は 令和8年1月2日、R8.1.2、S610203、2026-01-02 などで入力\n"
	    "できます。元号のない 61.2.3 は、その日がある元号すべてで探します。\n"
	    "住所は頭か市区町村・町名から探します (3-1-1 は 3丁目1番1号 と同じ)。\n"
	    "受付番号か照会書番号を入れると、それだけで申請の本人の記録か照会書を\n"
	    "開きます。区分は番号か左右キーで選びます。F4 でカードから読み取ります\n"
	    "(名前を入れずに記録を開く)。F8 で全部消します。",
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

/* 該当 N 人, and when there is more than a page the page shown: 101-200
 * 人目 (F3・F4 で前後の 100 人); past the most a search lists, that it
 * shows the first found of them. */
static int
results_head_cb(struct ui *ui, int top, int bottom)
{
	const struct search_results *r = ui_data(ui);
	char line[256];
	size_t n;

	(void)bottom;
	if (r == NULL)
		return 0;
	if (r->total > STORE_SEARCH_MAX)
		n = (size_t)snprintf(line, sizeof(line), "該当 %d 人超 (先に見つ"
		    "かった %d 人)", STORE_SEARCH_MAX, STORE_SEARCH_MAX);
	else
		n = (size_t)snprintf(line, sizeof(line), "該当 %ld 人", r->total);
	if (r->total > SEARCH_LIMIT && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, "  %d-%d 人目 (F3・F4 で前後"
		    "の %d 人)", r->offset + 1, r->offset + r->n, SEARCH_LIMIT);
	ui_put(ui, top, 2, 76, line, UI_ATTR_BOLD);
	return 1;
}

static void
results_page(struct ui *ui, int delta)
{
	struct search_results *r = ui_data(ui);
	long shown;
	int from;

	if (r == NULL)
		return;
	shown = r->total > STORE_SEARCH_MAX ? STORE_SEARCH_MAX : r->total;
	from = r->offset;
	r->offset += delta * SEARCH_LIMIT;
	if (r->offset < 0 || r->offset >= shown) {
		r->offset = from;
		ui_status(ui, 0, delta < 0 ? "これより前の人はいません。" :
		    "これより後の人はいません。");
		return;
	}
	if (search_results_load(ui_session(ui)->store, r) == -1 || r->n == 0) {
		r->offset = from;
		(void)search_results_load(ui_session(ui)->store, r);
		ui_status(ui, 0, "検索できませんでした (データベースの誤り)。");
		return;
	}
	ui_list_select(ui, 0);
}

static void
results_prev_cb(struct ui *ui)
{
	results_page(ui, -1);
}

static void
results_next_cb(struct ui *ui)
{
	results_page(ui, 1);
}

static const struct screen_key results_keys[] = {
	{ 3, '<', "前の100人", SCREEN_ACT_CALL, results_prev_cb },
	{ 4, '>', "次の100人", SCREEN_ACT_CALL, results_next_cb },
};

const struct screen screen_search_results = {
	.id = "search_results",
	.title = "検索結果",
	.help =
	    "検索条件に合った人の一覧です (カナ順)。上に該当の人数を出します。\n"
	    "上下キー・PageUp・PageDown で選び、Enter でその人の記録を開きます。\n"
	    "100 人を超えるときは F3 (または <) で前の、F4 (または >) で次の\n"
	    "100 人を出します。200 人を超えるときは、先に見つかった 200 人だけを\n"
	    "カナ順に出します。条件を足して絞り込んでください。\n"
	    "Esc で検索条件に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.list_header = "氏名 (カナ)        氏名           生年月日         性 区分 住所",
	.list_count = results_count_cb,
	.list_row = results_row_cb,
	.list_choose = results_choose_cb,
	.list_head = results_head_cb,
	.keys = results_keys,
	.nkeys = nitems(results_keys),
	.free_data = free,
};
