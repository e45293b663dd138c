/*
 * 本人の記録: one person of the registry as the clerk checks them at the
 * counter (basic 4 info with 旧氏/通称, age today, register), fixed at the
 * top, and what the counter knows of them under it as a list that
 * scrolls: cards, certificates (valid ones first), applications (pending
 * ones first, then the rest newest first). The procedures start from its
 * keys. The screen's data (struct person_view) is a copy of the person
 * chosen in the search results and the rows read from the store each
 * time the screen comes on top (show), never while drawing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "app.h"
#include "screens.h"

#define PERSON_LABEL_COLS	14
#define PERSON_READ_ERROR	"読み出せませんでした (データベースの誤り)"

/* One row of the records list. */
struct person_row {
	char	label[24];	/* the section's name on its first row */
	char	text[256];
	char	app_line[200];	/* an application: text without the F7 mark */
	int64_t	app_id;		/* an application's row, else 0 */
	char	app_state[16];
	int	cont;		/* a row under the one before (its serial,
				 * J-LIS): moves with it */
	/* F4 詳細: the row's values whole, for the box (a serial is up to
	 * 40 hex digits; nothing is cut there). */
	char	detail[640];
};

struct person_view {
	struct store_person	 p;	/* first: app_resume_cb reads it */
	const struct procedure	*pr;	/* chosen on the menu, or NULL */
	struct person_row	*rows;
	int			 n, cap;
	int			 section;	/* rows of the section being read */
	int			 pass;		/* current ones first, then the rest */
	int			 first_pending;	/* row, -1 when none */
	int64_t			 resume_id;	/* what F7 resumes, 0 none */
	struct store		*st;		/* while person_load reads */
	/* Opened from a read of the card (card_read.c): what it proved,
	 * for a procedure started here to carry; card.card_no "" none. */
	struct proc_card_check	 card;
};

static void
person_birth(struct ui *ui, const struct store_person *p, char *buf,
    size_t size)
{
	struct era_date birth, today;
	char wareki[64];

	if (era_parse_iso(p->birth_date, &birth) == -1 ||
	    era_format_wareki(&birth, wareki, sizeof(wareki)) == -1) {
		snprintf(buf, size, "%s", p->birth_date);
		return;
	}
	ui_today(ui, &today);
	snprintf(buf, size, "%s (%s)  %d歳", wareki, p->birth_date,
	    era_age_on(&birth, &today));
}

/* A stored date (YYYY-MM-DD, or the day of a timestamp) the short 和暦
 * way clerks write it on forms: R8.11.25. */
static void
person_date(const char *iso, char *buf, size_t size)
{
	struct era_date dt;
	char day[11];

	strlcpy_m(day, iso, sizeof(day));
	if (era_parse_iso(day, &dt) == -1 ||
	    era_format_short(&dt, buf, size) == -1)
		strlcpy_m(buf, day, size);
}

static struct person_row *
person_add(struct person_view *v, const char *label)
{
	struct person_row *r;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 16;
		v->rows = xreallocarray(v->rows, v->cap, sizeof(*v->rows));
	}
	r = &v->rows[v->n++];
	memset(r, 0, sizeof(*r));
	strlcpy_m(r->label, v->section++ == 0 ? label : "", sizeof(r->label));
	return r;
}

/* Rows [from, n) newest first (the store lists certs oldest first), a
 * row's continuation rows staying under it. */
static void
person_reverse(struct person_view *v, int from)
{
	struct person_row *was;
	int i, j, out = from, end = v->n;

	if (v->n - from < 2)
		return;
	was = xreallocarray(NULL, (size_t)(v->n - from), sizeof(*was));
	memcpy(was, &v->rows[from], (size_t)(v->n - from) * sizeof(*was));
	/* Each group, last first: a row and the cont rows after it. */
	for (i = v->n - from - 1; i >= 0; i--) {
		if (was[i].cont && i > 0)
			continue;
		for (j = i; j < end - from; j++)
			v->rows[out++] = was[j];
		end = from + i;
	}
	free(was);
	/* The section's label stays on its first row. */
	for (i = from + 1; i < v->n; i++)
		if (v->rows[i].label[0] != '\0') {
			memcpy(v->rows[from].label, v->rows[i].label,
			    sizeof(v->rows[from].label));
			v->rows[i].label[0] = '\0';
		}
}

/* The store's codes as the clerk reads them (vocab.h, the rules core's
 * tables); a code no table knows is shown as it is. */
static const char *
person_or_code(const char *label, const char *code)
{
	return label != NULL ? label : code;
}

static const char *
person_label(enum vocab_kind kind, const char *code)
{
	return person_or_code(vocab_label_of(kind, code), code);
}

static const char *
person_proc_label(const char *code)
{
	int p = rules_procedure_parse(code);

	return person_or_code(p < 0 ? NULL :
	    rules_procedure_label((enum rules_procedure)p), code);
}

/* A stored date as the detail box says it: 令和8年11月25日. */
static void
person_date_long(const char *iso, char *buf, size_t size)
{
	struct era_date dt;

	if (era_parse_iso(iso, &dt) == -1 ||
	    era_format_wareki(&dt, buf, size) == -1)
		strlcpy_m(buf, iso, size);
}

static int
person_card_cb(const struct store_card *c, void *arg)
{
	struct person_view *v = arg;
	struct person_row *r = person_add(v, "カード");
	char until[24], day[64];

	person_date(c->expires_on, until, sizeof(until));
	person_date_long(c->expires_on, day, sizeof(day));
	snprintf(r->detail, sizeof(r->detail), "カード番号: %s\n有効期限: %s\n"
	    "状態: %s%s", c->card_no, day, person_label(VOCAB_CARD_STATE,
	    c->state), c->face_auth ? "\n顔認証カード" : "");
	snprintf(r->text, sizeof(r->text), "%s  有効期限 %s  %s%s", c->card_no,
	    until, person_label(VOCAB_CARD_STATE, c->state),
	    c->face_auth ? "  顔認証カード" : "");
	return 0;
}

/* Pass 0: valid and on-hold certs; pass 1: the others. */
static int
person_cert_cb(const struct store_cert *c, void *arg)
{
	struct person_view *v = arg;
	struct person_row *r;
	char from[24], until[24], from_l[64], until_l[64];
	const char *kind;
	int current = strcmp(c->state, "valid") == 0 ||
	    strcmp(c->state, "on_hold") == 0;

	if (current != (v->pass == 0))
		return 0;
	r = person_add(v, "電子証明書");
	kind = person_or_code(rules_cert_short_label(rules_cert_parse(c->kind)),
	    c->kind);
	person_date(c->not_before, from, sizeof(from));
	person_date(c->not_after, until, sizeof(until));
	snprintf(r->text, sizeof(r->text), "%s  %s  %s から %s", kind,
	    person_label(VOCAB_CERT_STATE, c->state), from, until);
	person_date_long(c->not_before, from_l, sizeof(from_l));
	person_date_long(c->not_after, until_l, sizeof(until_l));
	snprintf(r->detail, sizeof(r->detail), "種類: %s\n状態: %s\n"
	    "有効期間: %s から %s\nシリアル番号: %s", kind,
	    person_label(VOCAB_CERT_STATE, c->state), from_l, until_l,
	    c->serial);
	/* The serial whole on a row of its own (40 hex digits fit at 80
	 * columns there, not after the dates). */
	r = person_add(v, "");
	r->cont = 1;
	snprintf(r->text, sizeof(r->text), "  番号 %s", c->serial);
	memcpy(v->rows[v->n - 1].detail, v->rows[v->n - 2].detail,
	    sizeof(r->detail));
	return 0;
}

/* Still to be finished at the counter: listed first. */
static int
person_app_pending(const char *state)
{
	return strcmp(state, "accepted") == 0 ||
	    strcmp(state, "in_progress") == 0 ||
	    strcmp(state, "waiting_reply") == 0;
}

/* Pass 0: the application in progress (F7 resumes it); pass 1: the other
 * pending ones; pass 2: the rest (each newest first, as the store lists
 * them). */
static int
person_app_cb(const struct store_app *a, void *arg)
{
	struct person_view *v = arg;
	struct person_row *r;
	char on[64], at[64], where[160];

	if ((v->pass == 0) != (strcmp(a->state, "in_progress") == 0) ||
	    (v->pass > 0 && person_app_pending(a->state) != (v->pass == 1)))
		return 0;
	if (v->pass < 2 && v->first_pending == -1)
		v->first_pending = v->n;
	r = person_add(v, "申請");
	r->app_id = a->id;
	strlcpy_m(r->app_state, a->state, sizeof(r->app_state));
	/* The day it was taken, in Japan (stored in UTC). */
	era_format_time(a->created_at, ERA_TIME_SHORT | ERA_TIME_DATE, on,
	    sizeof(on));
	era_format_time(a->created_at, 0, at, sizeof(at));
	snprintf(r->app_line, sizeof(r->app_line), "%s  %s  %s  %s", on,
	    person_proc_label(a->procedure), a->form,
	    person_label(VOCAB_APP_STATE, a->state));
	snprintf(r->text, sizeof(r->text), "%s%s", r->app_line,
	    a->id == v->resume_id ? "  F7 で再開" : "");
	snprintf(r->detail, sizeof(r->detail), "受付: %s\n手続き: %s\n"
	    "様式: %s\n状態: %s", at, person_proc_label(a->procedure), a->form,
	    person_label(VOCAB_APP_STATE, a->state));
	/* R6.6, R6-2.5: where its request to J-LIS stands, under it. */
	if (proc_mail_app_status(v->st, a->id, where, sizeof(where)) == 0) {
		size_t n = strlen(r->detail);

		snprintf(r->detail + n, sizeof(r->detail) - n,
		    "\nJ-LIS への送付: %s", where);
		r = person_add(v, "");
		r->cont = 1;
		snprintf(r->text, sizeof(r->text), "  J-LIS への送付: %s",
		    where);
		memcpy(v->rows[v->n - 1].detail, v->rows[v->n - 2].detail,
		    sizeof(r->detail));
	}
	return 0;
}

/* A section done: "記録なし" when it had no row, the error when the
 * store failed. */
static void
person_section_end(struct person_view *v, const char *label, int rc)
{
	if (rc == -1)
		strlcpy_m(person_add(v, label)->text, PERSON_READ_ERROR,
		    sizeof(v->rows[0].text));
	else if (v->section == 0)
		strlcpy_m(person_add(v, label)->text, "記録なし",
		    sizeof(v->rows[0].text));
	v->section = 0;
}

/* Read the person's cards, certificates and applications into rows. */
static void
person_load(struct store *st, struct person_view *v)
{
	int rc, from;
	char state[16];

	v->n = v->section = 0;
	v->first_pending = -1;
	v->st = st;
	/* The row F7 would resume says so (not one waiting for its reply). */
	v->resume_id = app_resume_find(st, v->p.id, state, sizeof(state));
	if (strcmp(state, "waiting_reply") == 0)
		v->resume_id = 0;
	rc = store_card_foreach(st, v->p.id, person_card_cb, v);
	person_section_end(v, "カード", rc);
	for (v->pass = 0, rc = 0; v->pass < 2 && rc != -1; v->pass++) {
		from = v->n;
		rc = store_cert_foreach(st, v->p.id, person_cert_cb, v);
		person_reverse(v, from);
	}
	person_section_end(v, "電子証明書", rc);
	for (v->pass = 0, rc = 0; v->pass < 3 && rc != -1; v->pass++)
		rc = store_app_foreach(st, v->p.id, person_app_cb, v);
	person_section_end(v, "申請", rc);
}

/* Coming on top: the records as they are now, the highlight on the
 * first pending application (else the first row). */
static void
person_show_cb(struct ui *ui)
{
	struct person_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;

	if (st == NULL)
		return;
	person_load(st, v);
	ui_list_select(ui, v->first_pending >= 0 ? v->first_pending : 0);
}

static int
person_count_cb(struct ui *ui)
{
	const struct person_view *v = ui_data(ui);

	return v->n;
}

static void
person_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct person_view *v = ui_data(ui);
	char label[64];

	ui_pad(label, sizeof(label), v->rows[i].label, PERSON_LABEL_COLS);
	snprintf(buf, size, " %s%s", label, v->rows[i].text);
}

/* The basic info above the records; returns the rows it used. */
static int
person_head_cb(struct ui *ui, int top, int bottom)
{
	const struct store_person *p = &((const struct person_view *)
	    ui_data(ui))->p;
	struct ui_rows r = { top + 1, bottom, 2, PERSON_LABEL_COLS, 76 };
	int overseas = strcmp(p->register_, "overseas") == 0;
	char buf[320];

	ui_row(ui, &r, "区分", overseas ? "国外転出者 (戸籍の附票)" :
	    "住民 (住民基本台帳)", UI_ATTR_NORMAL);
	ui_row(ui, &r, "氏名", p->name, UI_ATTR_NORMAL);
	ui_row(ui, &r, "氏名 (カナ)", p->name_kana, UI_ATTR_NORMAL);
	if (p->former_surname[0] != '\0')
		ui_row(ui, &r, "旧氏", p->former_surname, UI_ATTR_NORMAL);
	if (p->alias[0] != '\0')
		ui_row(ui, &r, "通称", p->alias, UI_ATTR_NORMAL);
	person_birth(ui, p, buf, sizeof(buf));
	ui_row(ui, &r, "生年月日", buf, UI_ATTR_NORMAL);
	ui_row(ui, &r, "性別", p->sex == 1 ? "男" : p->sex == 2 ? "女" : "-",
	    UI_ATTR_NORMAL);
	ui_row(ui, &r, "住所", p->address, UI_ATTR_NORMAL);
	if (overseas && p->emigrated_on[0] != '\0')
		ui_row(ui, &r, "国外転出日", p->emigrated_on, UI_ATTR_NORMAL);
	snprintf(buf, sizeof(buf), "%s%s%s", p->atena_no,
	    p->adult_ward ? "  成年被後見人" : "",
	    p->foreign_national ? "  外国人住民" : "");
	ui_row(ui, &r, "宛名番号", buf, UI_ATTR_NORMAL);
	return r.row - top;
}

static void
person_view_free(void *arg)
{
	struct person_view *v = arg;

	if (v == NULL)
		return;
	free(v->rows);
	free(v);
}

static int
person_put(struct ui *ui, const struct store_person *p,
    const struct procedure *pr, const struct proc_card_check *card,
    int (*open)(struct ui *, const char *, void *))
{
	struct person_view *v = xcalloc(1, sizeof(*v));

	v->p = *p;
	v->pr = pr;
	if (card != NULL)
		v->card = *card;
	v->first_pending = -1;
	if (open(ui, "person", v) == -1) {
		person_view_free(v);
		return -1;
	}
	return 0;
}

int
person_open(struct ui *ui, const struct store_person *p,
    const struct procedure *pr)
{
	return person_put(ui, p, pr, NULL, ui_open_with);
}

int
person_replace(struct ui *ui, const struct store_person *p,
    const struct procedure *pr)
{
	return person_put(ui, p, pr, NULL, ui_replace_with);
}

int
person_open_card(struct ui *ui, const struct store_person *p,
    const struct procedure *pr, const struct proc_card_check *card)
{
	return person_put(ui, p, pr, card, ui_open_with);
}

/* F6: the procedure chosen on the menu for this person, or, reached
 * from the plain search, the list of those that apply. */
static void
person_apply_cb(struct ui *ui)
{
	const struct person_view *v = ui_data(ui);

	const struct proc_card_check *card = v->card.card_key[0] != '\0' ?
	    &v->card : NULL;

	if (v->pr != NULL)
		procedure_start_card(ui, v->pr, &v->p, card);
	else
		procedure_choose(ui, &v->p, card);
}

/* F5: a phone call that put the person's certs on hold (R5.1). */
static void
person_hold_cb(struct ui *ui)
{
	const struct person_view *v = ui_data(ui);

	hold_start(ui, &v->p);
}

/* F8: cancel the application highlighted (a pending one). */
static void
person_cancel_cb(struct ui *ui)
{
	const struct person_view *v = ui_data(ui);
	int i = ui_list_selected(ui);

	if (i >= v->n || v->rows[i].app_id == 0) {
		ui_message(ui, "申請の取消し", "取り消す申請を上下キーで選んでから"
		    " F8 を押してください。");
		return;
	}
	if (!person_app_pending(v->rows[i].app_state)) {
		ui_message(ui, "申請の取消し", "この申請は取り消せません。取り消せる"
		    "のは、受付済み・処理中・回答書待ちの申請です。");
		return;
	}
	app_cancel_start(ui, v->p.id, v->rows[i].app_id, v->rows[i].app_state,
	    v->rows[i].app_line);
}

/* F4: the highlighted row's values whole, with the person's address
 * (cut on the record where it is long), in a box. */
static void
person_detail_cb(struct ui *ui)
{
	const struct person_view *v = ui_data(ui);
	int i = ui_list_selected(ui);
	char *text;

	text = xasprintf("%s (%s)\n住所: %s%s%s", v->p.name, v->p.name_kana,
	    v->p.address, i < v->n && v->rows[i].detail[0] != '\0' ? "\n\n" :
	    "", i < v->n ? v->rows[i].detail : "");
	ui_message(ui, "詳細", text);
	free(text);
}

static void
person_to_menu_cb(struct ui *ui)
{
	ui_close_to(ui, "menu");
}

static const struct screen_key person_keys[] = {
	{ 4, 'd', "詳細", SCREEN_ACT_CALL, person_detail_cb },
	{ 5, 'h', "一時保留", SCREEN_ACT_CALL, person_hold_cb },
	{ 6, 'i', "申請", SCREEN_ACT_CALL, person_apply_cb },
	{ 7, 'r', "再開", SCREEN_ACT_CALL, app_resume_cb },
	{ 8, 'x', "取消", SCREEN_ACT_CALL, person_cancel_cb },
	{ 9, 'm', "メニュー", SCREEN_ACT_CALL, person_to_menu_cb },
};

const struct screen screen_person = {
	.id = "person",
	.title = "本人の記録",
	.help =
	    "検索で選んだ人の記録です。年齢は今日の日付で数えます。\n"
	    "申請書の基本4情報と旧氏・通称を、この記録と照らし合わせます (R2.8)。\n"
	    "下の一覧は上下キー・PageUp・PageDown で送ります (右上に何番目か)。\n"
	    "申請は処理待ちのものが先です。F4 (d) 選んだ行を省かずに出します。\n"
	    "F5 (h) 紛失の電話で一時保留にした証明書を記録します (R5.1)。\n"
	    "F6 (i) メニューで選んだ手続きの申請の受付を始めます (検索から来た\n"
	    "ときは、この人に使える手続きの一覧から選びます)。\n"
	    "F7 (r) 途中の申請を再開します (処理中のものが先、どの手続きでも)。\n"
	    "F8 (x) 選んだ申請 (受付済み・処理中・回答書待ち) を取り消します。\n"
	    "Esc 検索結果に戻ります。F9 (m) メニューに戻ります。",
	.kind = SCREEN_LIST,
	.keys = person_keys,
	.nkeys = nitems(person_keys),
	.min_role = UI_ROLE_CLERK,
	.list_header = "カード・電子証明書・申請",
	.list_count = person_count_cb,
	.list_row = person_row_cb,
	.list_head = person_head_cb,
	.list_footer = "",
	.show = person_show_cb,
	.free_data = person_view_free,
};
