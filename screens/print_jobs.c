/*
 * 印刷ジョブ (admins, maintenance menu): the documents printed, newest
 * first (number, when in Japan time, document, window, printer, state,
 * CUPS's job), and over the list the highlighted one in full with the
 * reason of a failure. F5 prints the highlighted job again (proc_print_
 * again: re-rendered from the record, to its window's printer as set
 * now); F6 asks CUPS how the jobs sent ended. The rows are read when the
 * screen comes on top into the file's one view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "screens.h"

/* The newest jobs the screen lists. */
#define PRINT_JOBS_MAX	500

struct print_jobs_view {
	struct store_print_job	*j;
	int			 n, cap;
	int			 failed;	/* could not be read */
};
static struct print_jobs_view print_jobs_model;

static int
print_jobs_add_cb(const struct store_print_job *j, void *arg)
{
	struct print_jobs_view *v = arg;

	if (v->n == v->cap) {
		v->cap = v->cap * 2 + 16;
		v->j = xreallocarray(v->j, v->cap, sizeof(*v->j));
	}
	v->j[v->n++] = *j;
	return 0;
}

/* The session's context for the print jobs: its store and clerk. */
static int
print_jobs_ctx(struct ui *ui, struct proc_ctx *pc)
{
	memset(pc, 0, sizeof(*pc));
	pc->st = ui_session(ui)->store;
	pc->actor = ui_session(ui)->login;
	return pc->st != NULL ? 0 : -1;
}

static void
print_jobs_show_cb(struct ui *ui)
{
	struct print_jobs_view *v = &print_jobs_model;
	struct proc_ctx pc;

	v->n = 0;
	v->failed = 1;
	if (print_jobs_ctx(ui, &pc) == -1 || proc_print_jobs(&pc,
	    PRINT_JOBS_MAX, print_jobs_add_cb, v) == -1) {
		ui_status(ui, 1, "印刷ジョブを読み出せませんでした (データベースの"
		    "誤り)");
		return;
	}
	v->failed = 0;
}

static const struct store_print_job *
print_jobs_at(struct ui *ui)
{
	int i = ui_list_selected(ui);

	return i >= 0 && i < print_jobs_model.n ? &print_jobs_model.j[i] : NULL;
}

static int
print_jobs_count_cb(struct ui *ui)
{
	(void)ui;
	return print_jobs_model.failed ? 0 : print_jobs_model.n;
}

static void
print_jobs_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct store_print_job *j = &print_jobs_model.j[i];
	const char *name = ui_window_name(ui, j->window);
	char at[32], when[48], kind[48], win[96], queue[48], state[48];

	/* When the job was made (Japan time; the column as wide as the
	 * header's); its last attempt's time is in the audit. */
	era_format_time(j->created_at, ERA_TIME_SHORT, at, sizeof(at));
	ui_pad(when, sizeof(when), at, 16);
	/* At 80 columns: 照会書兼回答書 (14), 新千里出張所 (12). */
	ui_pad(kind, sizeof(kind), proc_print_kind_label(j->kind), 14);
	ui_pad(win, sizeof(win), name != NULL ? name : j->window, 12);
	ui_pad(queue, sizeof(queue), j->queue[0] != '\0' ? j->queue : "(なし)",
	    10);
	ui_pad(state, sizeof(state), proc_print_state_label(j->state), 10);
	snprintf(buf, size, " %5lld %s %s %s %s %s %d", (long long)j->id, when,
	    kind, win, queue, state, j->cups_job);
}

/* Over the rows: the count and keys, then the highlighted job. */
static int
print_jobs_head_cb(struct ui *ui, int top, int bottom)
{
	const struct print_jobs_view *v = &print_jobs_model;
	const struct store_print_job *j = print_jobs_at(ui);
	struct ui_rows rows = { top, bottom, 2, 10, 76 };
	char line[640];

	if (top >= bottom)
		return 0;
	if (v->failed)
		snprintf(line, sizeof(line), "印刷ジョブ: 読み出せません");
	else
		snprintf(line, sizeof(line), "印刷ジョブ: %d 件  (F5 もう一度"
		    "印刷  F6 CUPS に結果を問い合わせ)", v->n);
	ui_put(ui, rows.row++, 2, 76, line, UI_ATTR_BOLD);
	if (j == NULL)
		return rows.row + 1 - top;
	/* A document of an application names its number; a mailing or a
	 * close, its own (送付便, day as YYYYMMDD). */
	if (j->app_id != 0)
		snprintf(line, sizeof(line), "%s  受付番号 %lld  (%d 回目、%s)",
		    proc_print_kind_label(j->kind), (long long)j->app_id,
		    j->attempts, j->actor);
	else
		snprintf(line, sizeof(line), "%s  %lld  (%d 回目、%s)",
		    proc_print_kind_label(j->kind), (long long)j->ref_id,
		    j->attempts, j->actor);
	ui_row(ui, &rows, "帳票", line, UI_ATTR_NORMAL);
	ui_row(ui, &rows, "結果", j->error[0] != '\0' ? j->error :
	    proc_print_state_label(j->state), UI_ATTR_NORMAL);
	return rows.row + 1 - top;
}

/* F5: the highlighted job printed again. */
static void
print_jobs_again_cb(struct ui *ui)
{
	const struct store_print_job *j = print_jobs_at(ui);
	struct store_print_job out;
	struct proc_ctx pc;
	char path[512], msg[512], say[768];
	int rc;

	if (j == NULL || print_jobs_ctx(ui, &pc) == -1)
		return;
	rc = proc_print_again(&pc, ui_session(ui)->state_dir, j->id, &out, path,
	    sizeof(path), msg, sizeof(msg));
	if (rc == -1 && out.id == 0)
		ui_status(ui, 1, "%s", msg);
	else
		ui_status(ui, rc == -1, "ジョブ %lld: %s", (long long)out.id,
		    proc_print_say(&out, path, say, sizeof(say)));
	print_jobs_show_cb(ui);
}

/* F6: how CUPS ended the jobs sent. */
static void
print_jobs_refresh_cb(struct ui *ui)
{
	struct proc_ctx pc;
	char msg[512];
	int changed;

	if (print_jobs_ctx(ui, &pc) == -1)
		return;
	if (proc_print_refresh(&pc, &changed, msg, sizeof(msg)) == -1)
		ui_status(ui, 1, "%s", msg);
	else
		ui_status(ui, 0, "CUPS に問い合わせました: %d 件の結果が"
		    "変わりました。", changed);
	print_jobs_show_cb(ui);
}

static const struct screen_key print_jobs_keys[] = {
	{ 5, 'r', "もう一度印刷", SCREEN_ACT_CALL, print_jobs_again_cb },
	{ 6, 'u', "結果の問合せ", SCREEN_ACT_CALL, print_jobs_refresh_cb },
};

const struct screen screen_print_jobs = {
	.id = "print_jobs",
	.title = "印刷ジョブ",
	.help =
	    "印刷した帳票の一覧です (新しい順、時刻は日本時間)。\n"
	    "窓口のプリンタ (設定の「窓口のプリンタ」、CUPS の印刷キュー) に\n"
	    "送ったもの、プリンタの設定がなく PDF で保存したもの、失敗した\n"
	    "ものがあります。F5 (または r) で選んだジョブをもう一度印刷します\n"
	    "(記録から作り直し、窓口の今のプリンタに送ります)。F6 (または u)\n"
	    "で送ったジョブが CUPS で終わったかを問い合わせます。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_ADMIN,
	.list_header = " 番号  作成(日本時間)   帳票           窓口         プリンタ   状態       CUPS",
	.list_count = print_jobs_count_cb,
	.list_row = print_jobs_row_cb,
	.list_head = print_jobs_head_cb,
	.list_footer = "",
	.keys = print_jobs_keys,
	.nkeys = nitems(print_jobs_keys),
	.show = print_jobs_show_cb,
};
