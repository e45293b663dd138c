/*
 * 監査ログ (admins): a form of conditions (days, clerk, person, procedure)
 * and the rows of the audit trail that match, newest first, a page at a
 * time (store_audit_browse), each with its time, actor, kind in Japanese
 * (proc_audit_kind_label) and object; Enter shows one row whole. F6 checks
 * the trail (proc_audit_check) and says the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

#define AUDIT_PAGE	200

enum { AUD_F_FROM, AUD_F_TO, AUD_F_ACTOR, AUD_F_PERSON, AUD_F_PROC };

static const struct ui_field_spec audit_fields[] = {
	[AUD_F_FROM] = { .id = "from", .label = "日付 (から)",
	  .kind = UI_FIELD_DATE, .width = 20,
	  .hint = "例: R8.12.1 2026-12-01" },
	[AUD_F_TO] = { .id = "to", .label = "日付 (まで)", .kind = UI_FIELD_DATE,
	  .width = 20 },
	[AUD_F_ACTOR] = { .id = "actor", .label = "職員 (ログイン名)",
	  .kind = UI_FIELD_TEXT, .width = 20, .max_chars = 40 },
	[AUD_F_PERSON] = { .id = "person", .label = "本人",
	  .kind = UI_FIELD_TEXT, .width = 24, .max_cols = 60,
	  .hint = "カナ・氏名・宛名番号" },
	[AUD_F_PROC] = { .id = "procedure", .label = "手続き",
	  .kind = UI_FIELD_CHOICE, .width = 16,
	  .choices = rules_procedure_label_table },
};

/* The conditions and the page of rows shown. */
struct audit_view {
	char	from[11], to[11], actor[64], procedure[16];
	char	person[160];		/* what was typed, for the heading */
	int64_t	person_id;
	struct store_audit_query q;
	int	total, offset, n;
	int	failed;
	struct store_audit_row rows[AUDIT_PAGE];
};

static void
audit_query_fix(struct audit_view *v)
{
	memset(&v->q, 0, sizeof(v->q));
	v->q.from = v->from;
	v->q.to = v->to;
	v->q.actor = v->actor;
	v->q.person_id = v->person_id;
	v->q.procedure = v->procedure;
}

static int
audit_add_cb(const struct store_audit_row *e, void *arg)
{
	struct audit_view *v = arg;

	if (v->n == AUDIT_PAGE)
		return 1;
	v->rows[v->n++] = *e;
	return 0;
}

/* Read the page at v->offset (and the count). */
static void
audit_load(struct store *st, struct audit_view *v)
{
	v->n = 0;
	audit_query_fix(v);
	v->failed = st == NULL || store_audit_count(st, &v->q, &v->total) == -1 ||
	    store_audit_browse(st, &v->q, v->offset, AUDIT_PAGE, audit_add_cb,
	    v) == -1;
}

/* Hiragana typed for a kana name as katakana (the registry's), in place
 * (the same byte length: both are 3 bytes in UTF-8). */
static void
audit_katakana(char *s)
{
	size_t len = strlen(s), i = 0;
	wchar_t wc;
	char out[4];
	int n;

	while (i < len && (n = ui_utf8_decode(s + i, len - i, &wc)) > 0) {
		if (wc >= 0x3041 && wc <= 0x3096 &&
		    ui_utf8_encode(wc + 0x60, out) == (size_t)n)
			memcpy(s + i, out, (size_t)n);
		i += (size_t)n;
	}
}

/* The first match of a person search kept, the matches counted. */
struct audit_match {
	struct store_person	p;
	int			n;
};

static int
audit_match_cb(const struct store_person *p, void *arg)
{
	struct audit_match *m = arg;

	if (m->n++ == 0)
		m->p = *p;
	return 0;
}

/* The person typed: a registry number (digits) or a name in kana or
 * kanji; exactly one must match. 0 with *id, or -1 after a message. */
static int
audit_person(struct ui *ui, const char *typed, int64_t *id)
{
	struct store *st = ui_session(ui)->store;
	struct store_person_query q;
	struct audit_match m = { .n = 0 };
	char kana[160];
	int rc;

	if (strspn(typed, "0123456789") == strlen(typed)) {
		rc = store_person_by_atena(st, typed, &m.p);
		if (rc == 0) {
			*id = m.p.id;
			return 0;
		}
		ui_message(ui, "監査ログ", rc == 1 ? "その宛名番号の人はいません。" :
		    "検索できませんでした (データベースの誤り)。");
		return -1;
	}
	strlcpy_m(kana, typed, sizeof(kana));
	audit_katakana(kana);
	memset(&q, 0, sizeof(q));
	q.kana = kana;
	q.limit = 2;
	rc = store_person_search(st, &q, audit_match_cb, &m);
	if (rc == 0) {
		q.kana = NULL;
		q.name = typed;
		rc = store_person_search(st, &q, audit_match_cb, &m);
	}
	if (rc != 1) {
		ui_message(ui, "監査ログ", rc < 0 ? "検索できませんでした (データ"
		    "ベースの誤り)。" : rc == 0 ? "該当する人はいません。" :
		    "該当する人が 2 人以上います。宛名番号で指定してください。");
		return -1;
	}
	*id = m.p.id;
	return 0;
}

static int
audit_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct audit_view *v = xcalloc(1, sizeof(*v));
	struct era_date d;

	(void)n;
	if (ui_field_date(&f[AUD_F_FROM], &d) == 0)
		era_format_iso(&d, v->from);
	if (ui_field_date(&f[AUD_F_TO], &d) == 0)
		era_format_iso(&d, v->to);
	ui_field_get(&f[AUD_F_ACTOR], v->actor, sizeof(v->actor));
	ui_field_get(&f[AUD_F_PERSON], v->person, sizeof(v->person));
	if (f[AUD_F_PROC].choice >= 0)
		strlcpy_m(v->procedure, rules_procedure_name(
		    (enum rules_procedure)f[AUD_F_PROC].choice),
		    sizeof(v->procedure));
	if (v->person[0] != '\0' && (ui_session(ui)->store == NULL ||
	    audit_person(ui, v->person, &v->person_id) == -1)) {
		free(v);
		return 0;
	}
	if (ui_open_with(ui, "audit_list", v) == -1)
		free(v);
	return 0;
}

static void
audit_verify_cb(struct ui *ui)
{
	struct store *st = ui_session(ui)->store;
	char msg[512];

	if (st == NULL)
		return;
	ui_busy(ui, "監査ログを検証しています...");
	proc_audit_check(st, ui_session(ui)->state_dir, msg, sizeof(msg));
	ui_busy_done(ui);
	ui_message(ui, "監査ログの検証", msg);
}

static void
audit_draw_cb(struct ui *ui, int top, int bottom)
{
	ui_wrap(ui, top + 1, bottom, 2, 76, "条件を入れて F5 で表示します (空欄の"
	    "条件は問いません)。\n日付は記録の時刻 (UTC) の日です。\n本人は、その"
	    "人の申請についての記録を表示します。\nF6 で監査ログ全体を検証します。",
	    UI_ATTR_NORMAL);
}

static const struct screen_key audit_keys[] = {
	{ 5, 0, "表示", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "検証", SCREEN_ACT_CALL, audit_verify_cb },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

const struct screen screen_audit = {
	.id = "audit",
	.title = "監査ログ",
	.help =
	    "監査ログ (誰が、いつ、何をしたかの記録) を条件で絞って表示します。\n"
	    "日付は和暦でも西暦でも入力できます。職員はログイン名です。\n"
	    "本人はカナ・氏名の一部か宛名番号で、1 人に決まる必要があります。\n"
	    "手続きは番号か左右キーで選びます。F5 で表示、F8 で条件を消します。\n"
	    "F6 で監査ログの連鎖を検証し、改ざんや削除がないか確かめます。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = audit_fields,
	.nfields = nitems(audit_fields),
	.keys = audit_keys,
	.nkeys = nitems(audit_keys),
	.submit = audit_submit_cb,
	.draw = audit_draw_cb,
};

/* ---- The rows ------------------------------------------------------------ */

static void
audit_list_show_cb(struct ui *ui)
{
	struct audit_view *v = ui_data(ui);

	if (v != NULL)
		audit_load(ui_session(ui)->store, v);
}

static int
audit_list_count_cb(struct ui *ui)
{
	const struct audit_view *v = ui_data(ui);

	return v == NULL ? 0 : v->n;
}

/* "2026-12-02T02:04:22Z" as "2026-12-02 02:04:22". */
static void
audit_time(const char *at, char *buf, size_t size)
{
	char when[64];

	/* Japan time, as the clerks' day runs; padded for the columns. */
	era_format_time(at, ERA_TIME_SHORT, when, sizeof(when));
	ui_pad(buf, size, when, 15);
}

static const char *
audit_kind_text(const char *kind)
{
	const char *label = proc_audit_kind_label(kind);

	return label != NULL ? label : kind;
}

static void
audit_list_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_audit_row *e =
	    &((struct audit_view *)ui_data(ui))->rows[i];
	char at[32], actor[64], kind[96];

	audit_time(e->at, at, sizeof(at));
	ui_pad(actor, sizeof(actor), e->actor, 12);
	ui_pad(kind, sizeof(kind), audit_kind_text(e->kind), 20);
	snprintf(buf, size, "%s %s %s %s", at, actor, kind, e->object);
}

/* "条件: 2026-12-01-2026-12-02 職員 demo ..." or that there are none. */
static void
audit_conditions(const struct audit_view *v, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "条件:");
	int p = rules_procedure_parse(v->procedure);

	if ((v->from[0] || v->to[0]) && n < size)
		n += (size_t)snprintf(buf + n, size - n, " %s から %s まで",
		    v->from[0] ? v->from : "最初", v->to[0] ? v->to : "今日");
	if (v->actor[0] && n < size)
		n += (size_t)snprintf(buf + n, size - n, " 職員 %s", v->actor);
	if (v->person[0] && n < size)
		n += (size_t)snprintf(buf + n, size - n, " 本人 %s", v->person);
	if (p >= 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, " 手続き %s",
		    rules_procedure_label((enum rules_procedure)p));
	if (strcmp(buf, "条件:") == 0)
		snprintf(buf, size, "条件: なし (すべての記録)");
}

static int
audit_list_head_cb(struct ui *ui, int top, int bottom)
{
	const struct audit_view *v = ui_data(ui);
	char line[512];
	size_t n = 0;

	(void)bottom;
	if (v == NULL || v->failed) {
		ui_put(ui, top, 2, 76, "監査ログを読めませんでした (データベースの"
		    "誤り)。", UI_ATTR_BOLD);
		return 1;
	}
	n += (size_t)snprintf(line, sizeof(line), "全 %d 件", v->total);
	if (v->n > 0)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  %d / %d 件目",
		    v->offset + ui_list_selected(ui) + 1, v->total);
	if (v->total > AUDIT_PAGE && n < sizeof(line))
		snprintf(line + n, sizeof(line) - n, "  (F3 新しい方 F4 古い方"
		    "の %d 件)", AUDIT_PAGE);
	ui_put(ui, top, 2, 76, line, UI_ATTR_BOLD);
	audit_conditions(v, line, sizeof(line));
	ui_put(ui, top + 1, 2, 76, line, UI_ATTR_NORMAL);
	return 2;
}

static void
audit_list_choose_cb(struct ui *ui, int i)
{
	const struct audit_view *v = ui_data(ui);
	struct store_audit_row *e;

	if (v == NULL || i < 0 || i >= v->n)
		return;
	e = xmalloc(sizeof(*e));
	*e = v->rows[i];
	if (ui_open_with(ui, "audit_entry", e) == -1)
		free(e);
}

static void
audit_page(struct ui *ui, int delta)
{
	struct audit_view *v = ui_data(ui);
	int to;

	if (v == NULL)
		return;
	to = v->offset + delta * AUDIT_PAGE;
	if (to < 0 || to >= v->total) {
		ui_status(ui, 0, "その先の記録はありません。");
		return;
	}
	v->offset = to;
	audit_load(ui_session(ui)->store, v);
	ui_list_select(ui, 0);
}

static void
audit_newer_cb(struct ui *ui)
{
	audit_page(ui, -1);
}

static void
audit_older_cb(struct ui *ui)
{
	audit_page(ui, 1);
}

static const struct screen_key audit_list_keys[] = {
	{ 3, '<', "新しい方", SCREEN_ACT_CALL, audit_newer_cb },
	{ 4, '>', "古い方", SCREEN_ACT_CALL, audit_older_cb },
	{ 6, 'v', "検証", SCREEN_ACT_CALL, audit_verify_cb },
};

const struct screen screen_audit_list = {
	.id = "audit_list",
	.title = "監査ログの一覧",
	.help =
	    "条件に合う監査ログの記録です (新しい順)。時刻は日本時間です。\n"
	    "上下キー・PageUp・PageDown で選び、Enter で 1 件の全体を表示します。\n"
	    "多いときは F3・F4 で前後の記録に移ります。F6 で検証します。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = "時刻 (日本時間) 職員         種類                 対象",
	.list_count = audit_list_count_cb,
	.list_row = audit_list_row_cb,
	.list_choose = audit_list_choose_cb,
	.list_head = audit_list_head_cb,
	.keys = audit_list_keys,
	.nkeys = nitems(audit_list_keys),
	.show = audit_list_show_cb,
	.free_data = free,
};

/* ---- One row ------------------------------------------------------------- */

static void
audit_entry_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct store_audit_row *e = ui_data(ui);
	struct ui_rows r = { top + 1, bottom, 2, 10, 76 };
	char line[128];

	if (e == NULL)
		return;
	snprintf(line, sizeof(line), "%lld", (long long)e->id);
	ui_row(ui, &r, "番号", line, 0);
	/* The whole stamp: Japan time to the second, as stored too. */
	era_format_time(e->at, ERA_TIME_SECONDS, line, sizeof(line));
	ui_row(ui, &r, "時刻", line, 0);
	ui_row(ui, &r, "職員", e->actor, 0);
	snprintf(line, sizeof(line), "%s (%s)", audit_kind_text(e->kind),
	    e->kind);
	ui_row(ui, &r, "種類", line, UI_ATTR_BOLD);
	ui_row(ui, &r, "対象", e->object[0] != '\0' ? e->object : "-", 0);
	ui_put(ui, r.row, 2, 10, "内容", UI_ATTR_BOLD);
	/* A long detail scrolls (the title row says the page). */
	ui_scroll_text(ui, r.row, bottom, 12, 66, e->detail[0] != '\0' ?
	    e->detail : "-", UI_ATTR_NORMAL);
}

const struct screen screen_audit_entry = {
	.id = "audit_entry",
	.title = "監査ログの記録",
	.help = "監査ログの 1 件です。時刻は日本時間です。内容が入りきらない\n"
	    "ときは上下キー・PageUp・PageDown で送ります (右上に何ページ目か)。\n"
	    "Esc で一覧に戻ります。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_ADMIN,
	.draw = audit_entry_draw_cb,
	.free_data = free,
};
