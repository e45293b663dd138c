/*
 * 統計 (admins): a form of the days (this month up to today when it
 * opens) and the grouping; F5 counts the applications (store_stats) into
 * a table opened over the form (stats_table: one row per group with its
 * count, the total above them, scrolled by the list runtime); F6 prints
 * today's daily close (日計表) of the admin's window through proc
 * (proc_close_print, audited close.print).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "screens.h"

enum { STATS_F_FROM, STATS_F_TO, STATS_F_BY, STATS_NFIELDS };

/* The choices of 集計, in the order of their store grouping. */
static const char *const stats_by_labels[] = {
	"日付", "窓口", "手続き", "区分", "結果", "職員", NULL
};
static const enum store_stats_by stats_by_table[] = {
	STORE_STATS_DAY, STORE_STATS_WINDOW, STORE_STATS_PROCEDURE,
	STORE_STATS_REGISTER, STORE_STATS_RESULT, STORE_STATS_CLERK,
};

static const struct ui_field_spec stats_fields[STATS_NFIELDS] = {
	{ .id = "from", .label = "開始日", .kind = UI_FIELD_DATE, .width = 18,
	  .required = 1 },
	{ .id = "to", .label = "終了日", .kind = UI_FIELD_DATE, .width = 18,
	  .required = 1 },
	{ .id = "by", .label = "集計", .kind = UI_FIELD_CHOICE, .width = 8,
	  .choices = stats_by_labels },
};

/* The table of one count, owned by the stats_table screen. */
struct stats_table {
	struct store *st;	/* borrowed while counting */
	char	range[160];
	int	by;			/* index into stats_by_table */
	long	total;
	struct {
		char	label[96];
		long	count;
	}	*rows;
	int	n, cap;
};

static void
stats_table_free(void *p)
{
	struct stats_table *t = p;

	if (t == NULL)
		return;
	free(t->rows);
	free(t);
}

static int
stats_add_cb(const struct store_stats_row *r, void *arg)
{
	struct stats_table *t = arg;

	if (t->n == t->cap) {
		t->cap = t->cap * 2 + 16;
		t->rows = xreallocarray(t->rows, (size_t)t->cap,
		    sizeof(*t->rows));
	}
	proc_stats_label(t->st, stats_by_table[t->by], r->key[0],
	    t->rows[t->n].label, sizeof(t->rows[t->n].label));
	t->rows[t->n++].count = r->count;
	t->total += r->count;
	return 0;
}

static void
stats_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct era_date today, first;
	char buf[64];

	(void)n;
	ui_today(ui, &today);
	first = today;
	first.d = 1;
	if (era_format_wareki(&first, buf, sizeof(buf)) == 0)
		ui_field_set(&f[STATS_F_FROM], buf);
	if (era_format_wareki(&today, buf, sizeof(buf)) == 0)
		ui_field_set(&f[STATS_F_TO], buf);
	f[STATS_F_BY].choice = 0;
}

static int
stats_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct store *st = ui_session(ui)->store;
	struct store_stats_query q;
	struct era_date a, b;
	struct stats_table *t;
	char from[11], to[11], wa[64], wb[64];

	(void)n;
	if (ui_field_date(&f[STATS_F_FROM], &a) == -1 ||
	    ui_field_date(&f[STATS_F_TO], &b) == -1)
		return 0;
	era_format_iso(&a, from);
	era_format_iso(&b, to);
	if (strcmp(from, to) > 0) {
		ui_message(ui, "統計", "開始日が終了日より後です。");
		return 0;
	}
	t = xcalloc(1, sizeof(*t));
	t->by = f[STATS_F_BY].choice < 0 ? 0 : f[STATS_F_BY].choice;
	t->st = st;
	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.by[0] = stats_by_table[t->by];
	if (st == NULL || store_stats(st, &q, stats_add_cb, t) == -1) {
		stats_table_free(t);
		ui_message(ui, "統計", "件数を読み出せません (データベースの誤"
		    "り)。");
		return 0;
	}
	era_format_wareki(&a, wa, sizeof(wa));
	era_format_wareki(&b, wb, sizeof(wb));
	snprintf(t->range, sizeof(t->range), "%s から %s まで", wa, wb);
	if (ui_open_with(ui, "stats_table", t) == -1)
		stats_table_free(t);
	return 0;
}

/* F6: today's daily close of the admin's window. */
static void
stats_close_cb(struct ui *ui)
{
	const struct ui_session *s = ui_session(ui);
	char msg[512], *path;

	if (s->store == NULL || s->state_dir == NULL || s->today == NULL) {
		ui_message(ui, "日計表", "この端末では印刷できません。");
		return;
	}
	if (ui_clerk_recheck(ui) == -1)
		return;
	path = proc_close_print(s->store, s->state_dir, s->today, s->window,
	    s->login, msg, sizeof(msg));
	if (path == NULL) {
		ui_message(ui, "日計表", msg);
		return;
	}
	/* A saved PDF by its file name; else where the printer took it. */
	if (path[0] == '/')
		ui_status(ui, 0, "今日の日計表を PDF で保存しました (%s)。",
		    strrchr(path, '/') + 1);
	else
		ui_status(ui, 0, "日計表: %s", path);
	free(path);
}

static void
stats_draw_cb(struct ui *ui, int top, int bottom)
{
	const char *w = ui_window_name(ui, ui_session(ui)->window);
	char line[160];

	if (top + 2 >= bottom)
		return;
	ui_wrap(ui, top + 1, bottom, 2, 76, "F5: 期間の申請を集計して表に"
	    "します (下書きは数えません)。", UI_ATTR_NORMAL);
	snprintf(line, sizeof(line), "F6: 今日の日計表 (窓口: %s) を印刷しま"
	    "す。", w != NULL ? w : ui_session(ui)->window);
	ui_wrap(ui, top + 2, bottom, 2, 76, line, UI_ATTR_NORMAL);
}

static const struct screen_key stats_keys[] = {
	{ 5, 0, "集計", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "日計表", SCREEN_ACT_CALL, stats_close_cb },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

const struct screen screen_stats = {
	.id = "stats",
	.title = "統計",
	.help =
	    "受け付けた申請の件数を、日付・窓口・手続き・区分・結果・職員ごと\n"
	    "に数えます。申請は受け付けた日 (受け付けなかったものは作った日)\n"
	    "に数えます。サーバーでは madoguchi stats --from D --to D --csv。\n"
	    "F6 の日計表は状態ディレクトリの print/ に書きます (住民の名前は\n"
	    "載りません)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_ADMIN,
	.fields = stats_fields,
	.nfields = nitems(stats_fields),
	.keys = stats_keys,
	.nkeys = nitems(stats_keys),
	.submit = stats_submit_cb,
	.draw = stats_draw_cb,
	.open = stats_open_cb,
};

/* ---- The table ---------------------------------------------------------- */

static int
stats_count_cb(struct ui *ui)
{
	const struct stats_table *t = ui_data(ui);

	return t == NULL ? 0 : t->n;
}

static void
stats_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct stats_table *t = ui_data(ui);
	char label[160];

	ui_pad(label, sizeof(label), t->rows[i].label, 40);
	snprintf(buf, size, " %s %10ld", label, t->rows[i].count);
}

static int
stats_head_cb(struct ui *ui, int top, int bottom)
{
	const struct stats_table *t = ui_data(ui);
	char line[256];

	if (t == NULL || top >= bottom)
		return 0;
	snprintf(line, sizeof(line), "%s  %sごと  合計 %ld 件", t->range,
	    stats_by_labels[t->by], t->total);
	ui_put(ui, top, 2, 76, line, UI_ATTR_BOLD);
	if (t->n == 0 && top + 1 < bottom)
		ui_put(ui, top + 1, 2, 76, "この期間の申請はありません。",
		    UI_ATTR_NORMAL);
	return 2;
}

/* Nothing opens from a row: the table is the count. */
static void
stats_choose_cb(struct ui *ui, int i)
{
	(void)ui;
	(void)i;
}

const struct screen screen_stats_table = {
	.id = "stats_table",
	.title = "統計 (件数)",
	.help =
	    "集計した件数です。上下の矢印とページキーで動かします。\n"
	    "Esc で期間と集計の画面に戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " 項目                                           件数",
	.list_footer = "上下キー・ページキーで動かします。Esc で戻ります。",
	.list_count = stats_count_cb,
	.list_row = stats_row_cb,
	.list_head = stats_head_cb,
	.list_choose = stats_choose_cb,
	.free_data = stats_table_free,
};
