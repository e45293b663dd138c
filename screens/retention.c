/*
 * 保存期間 (admins, Article 7): the applications whose keep-until has
 * passed, read from proc (proc_retention_due) when the screen comes on
 * top, each with its id, procedure, form and keep-until in 和暦; one not
 * finished is marked 対象外 (未完了). Nothing is deleted here: the purge
 * is `madoguchi retention run` with a supervisor's approval.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/util.h"
#include "screens.h"

struct retention_view {
	struct proc_due	*rows;
	int		 n;		/* -1: could not be read */
	int		 finished;
};

static void
retention_free(void *p)
{
	struct retention_view *v = p;

	if (v == NULL)
		return;
	free(v->rows);
	free(v);
}

/* Opened from the maintenance menu without data: the screen takes its
 * own view in place of itself, then show fills it. */
static void
retention_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct retention_view *v;

	(void)f;
	(void)n;
	if (ui_data(ui) != NULL)
		return;
	v = xcalloc(1, sizeof(*v));
	if (ui_replace_with(ui, "retention", v) == -1)
		retention_free(v);
}

static void
retention_show_cb(struct ui *ui)
{
	struct retention_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;
	const char *today = ui_session(ui)->today;
	int i;

	if (v == NULL)
		return;
	free(v->rows);
	v->rows = NULL;
	v->finished = 0;
	v->n = st == NULL || today == NULL ? -1 :
	    proc_retention_due(st, today, &v->rows);
	for (i = 0; i < v->n; i++)
		v->finished += v->rows[i].finished;
}

static int
retention_count_cb(struct ui *ui)
{
	const struct retention_view *v = ui_data(ui);

	return v == NULL || v->n < 0 ? 0 : v->n;
}

static void
retention_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct retention_view *v = ui_data(ui);
	const struct proc_due *r = &v->rows[i];
	struct era_date d;
	char proc[32], form[64], until[32] = "";
	const char *label;
	int p = rules_procedure_parse(r->procedure);

	label = p >= 0 ? rules_procedure_label((enum rules_procedure)p) : NULL;
	ui_pad(proc, sizeof(proc), label != NULL ? label : r->procedure, 14);
	ui_pad(form, sizeof(form), r->form, 30);
	if (era_parse_iso(r->keep_until, &d) == 0)
		era_format_wareki(&d, until, sizeof(until));
	snprintf(buf, size, " %-6lld %s %s %s%s", (long long)r->id, proc, form,
	    until, r->finished ? "" : " 対象外 (未完了)");
}

/* Nothing to do on a row: the list is what the purge would take. */
static void
retention_choose_cb(struct ui *ui, int i)
{
	(void)i;
	ui_status(ui, 0, "削除はサーバーで madoguchi retention run を使います。");
}

static int
retention_head_cb(struct ui *ui, int top, int bottom)
{
	const struct retention_view *v = ui_data(ui);
	char line[256];
	int row = top;

	if (v == NULL || v->n < 0) {
		ui_put(ui, row++, 2, 76, "申請の一覧を読めませんでした。",
		    UI_ATTR_BOLD);
		return row - top;
	}
	snprintf(line, sizeof(line), "保存期間を過ぎた申請: %d 件 (削除の対象 "
	    "%d 件、未完了 %d 件)", v->n, v->finished, v->n - v->finished);
	ui_put(ui, row++, 2, 76, line, UI_ATTR_BOLD);
	row += ui_wrap(ui, row, bottom, 2, 76, "削除は監督者の承認を得て、"
	    "サーバーで madoguchi retention run --approved-by 監督者 で行います"
	    " (--dry-run で一覧のみ)。", UI_ATTR_NORMAL);
	return row - top;
}

const struct screen screen_retention = {
	.id = "retention",
	.title = "保存期間 (申請書の保存)",
	.help =
	    "第7条: 申請書は受理した日から R7.1 は15年、R7.2 は10年、他の要綱の\n"
	    "様式は設定 (retention.card_guideline_years) の年数だけ保存します。\n"
	    "この画面は保存期限を過ぎた申請の一覧です。未完了の申請は削除しません。\n"
	    "削除はサーバーで madoguchi retention run を監督者の承認で行います。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " 番号   手続き         様式                           保存期限",
	.list_count = retention_count_cb,
	.list_row = retention_row_cb,
	.list_choose = retention_choose_cb,
	.list_head = retention_head_cb,
	.open = retention_open_cb,
	.show = retention_show_cb,
	.free_data = retention_free,
};
