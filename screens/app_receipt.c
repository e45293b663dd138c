/*
 * 受付票: the slip of a finished application, whatever its procedure (what
 * was issued or revoked, serials, the card's state; never a PIN or the
 * individual number), shown and printed as a print job (proc_print): to
 * the printer of the clerk's window, or saved as a PDF when the window has
 * none; the screen says where it went, or why not, and F5 prints it
 * again. After a found card's held certs are revoked (R5.2, R5.3) the
 * slip offers the new issuance for the same person.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

/* The slip as a print job at the clerk's window; the line saying where
 * it went into a->receipt_print. */
static void
receipt_print(struct ui *ui, struct app *a, struct proc_ctx *pc)
{
	struct store_print_job job;
	char path[512], msg[512];

	if (proc_print(pc, ui_session(ui)->state_dir, "receipt", a->app_id,
	    ui_session(ui)->window, &job, path, sizeof(path), msg,
	    sizeof(msg)) == -1 && job.id == 0) {
		snprintf(a->receipt_print, sizeof(a->receipt_print),
		    "印刷できませんでした: %s", msg);
		a->print_failed = 1;
		return;
	}
	a->print_job = job.id;
	a->print_failed = strcmp(job.state, "failed") == 0;
	proc_print_say(&job, path, a->receipt_print, sizeof(a->receipt_print));
}

void
app_show_receipt(struct ui *ui, struct app *a)
{
	struct proc_ctx *pc = app_ctx(ui, a);

	if (pc == NULL)
		return;
	free(a->receipt);
	a->receipt = proc_receipt_text(pc, a->app_id);
	if (a->receipt == NULL) {
		ui_message(ui, "受付票", "受付票を作れませんでした。");
		return;
	}
	receipt_print(ui, a, pc);
	/* After a revocation the slip leads on to a new issuance. */
	app_open(ui, a->c.procedure == RULES_PROC_REVOKE ||
	    a->c.procedure == RULES_PROC_CARD_FOUND ? "app_receipt_revoked" :
	    "app_receipt", a);
}

void
app_to_record_cb(struct ui *ui)
{
	ui_close_to(ui, "person");
}

static void
receipt_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);

	char line[900];

	/* A failure takes two lines: the reason and the key. */
	/* A long slip (several certs) scrolls; the line of where it went
	 * stays under it. */
	ui_scroll_text(ui, top, bottom - (a->print_failed ? 3 : 1), 2, 76,
	    a->receipt != NULL ? a->receipt : "", UI_ATTR_NORMAL);
	if (!a->print_failed) {
		ui_put(ui, bottom - 1, 2, 76, a->receipt_print, UI_ATTR_BOLD);
		return;
	}
	snprintf(line, sizeof(line), "%s F5 でもう一度印刷します。",
	    a->receipt_print);
	ui_wrap(ui, bottom - 3, bottom, 2, 76, line, UI_ATTR_BOLD);
}

/* F5: the same job printed again (a failed one, or a lost sheet). */
static void
receipt_again_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	struct proc_ctx *pc = app_ctx(ui, a);
	struct store_print_job job;
	char path[512], msg[512];
	int rc;

	if (pc == NULL)
		return;
	if (a->print_job == 0) {
		receipt_print(ui, a, pc);
		return;
	}
	rc = proc_print_again(pc, ui_session(ui)->state_dir, a->print_job, &job,
	    path, sizeof(path), msg, sizeof(msg));
	if (rc == -1 && job.id == 0) {
		ui_status(ui, 1, "%s", msg);
		return;
	}
	proc_print_say(&job, path, a->receipt_print, sizeof(a->receipt_print));
	a->print_failed = rc == -1;
	ui_status(ui, rc == -1, rc == -1 ? "もう一度印刷できませんでした。" :
	    "もう一度印刷しました。");
}

/* F6 after a revocation: the new issuance for the same person, from
 * the record (after a found card: R5.2 by Article 2, R5.3 by Article
 * 2-2 on form 14, R2-2.12). */
static void
receipt_issue_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	const struct procedure *pr;

	pr = procedure_of(rules_procedure_name(RULES_PROC_ISSUE),
	    a->person.register_);
	a->refs++;			/* kept while its screens close */
	ui_close_to(ui, "person");
	if (pr != NULL)
		procedure_start_after(ui, pr, &a->person, a);
	app_unref(a);
}

static const struct screen_key receipt_keys[] = {
	{ 5, 'r', "もう一度印刷", SCREEN_ACT_CALL, receipt_again_cb },
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

static const struct screen_key receipt_revoked_keys[] = {
	{ 5, 'r', "もう一度印刷", SCREEN_ACT_CALL, receipt_again_cb },
	{ 6, 'n', "新規発行へ", SCREEN_ACT_CALL, receipt_issue_cb },
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

#define RECEIPT_HELP \
	"手続きが終わりました。受付票は窓口のプリンタに送りました (プリンタ\n" \
	"の設定がない窓口では PDF で保存します)。最後の行が送り先です。\n" \
	"F5 (または r) でもう一度印刷します (失敗したときも)。\n" \
	"暗証番号と個人番号は受付票に載りません。入りきらないときは上下キー・\n" \
	"PageUp・PageDown で送ります (右上に何ページ目か)。\n"

const struct screen screen_app_receipt = {
	.id = "app_receipt",
	.title = "受付票",
	.help = RECEIPT_HELP
	    "F9 (または p) で本人の記録に戻ります。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = receipt_keys,
	.nkeys = nitems(receipt_keys),
	.draw = receipt_draw_cb,
	.free_data = app_unref,
};

const struct screen screen_app_receipt_revoked = {
	.id = "app_receipt_revoked",
	.title = "受付票",
	.help = RECEIPT_HELP
	    "F6 (n) 必要なら同じ人の新しい証明書の発行申請を受け付けます\n"
	    "(発見されたカードは R5.2、R5.3)。\n"
	    "F9 (または p) で本人の記録に戻ります。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = receipt_revoked_keys,
	.nkeys = nitems(receipt_revoked_keys),
	.draw = receipt_draw_cb,
	.free_data = app_unref,
};
