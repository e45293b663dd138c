/*
 * 受付票: the slip of a finished application, whatever its procedure (what
 * was issued or revoked, serials, the card's state; never a PIN or the
 * individual number), printed for the counter printer and shown. After a
 * found card's held certs are revoked (R5.2, R5.3) the slip offers the
 * new issuance for the same person.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

void
app_show_receipt(struct ui *ui, struct app *a)
{
	struct proc_ctx *pc = app_ctx(ui, a);
	char *path;

	if (pc == NULL)
		return;
	free(a->receipt);
	a->receipt = proc_receipt_text(pc, a->app_id);
	if (a->receipt == NULL) {
		ui_message(ui, "受付票", "受付票を作れませんでした。");
		return;
	}
	path = proc_receipt_pdf(pc, a->app_id, ui_session(ui)->state_dir);
	snprintf(a->receipt_path, sizeof(a->receipt_path), "%s",
	    path != NULL ? path : "(印刷できませんでした)");
	free(path);
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
	char line[600];

	ui_wrap(ui, top, bottom - 1, 2, 76, a->receipt != NULL ? a->receipt :
	    "", UI_ATTR_NORMAL);
	snprintf(line, sizeof(line), "印刷: %s", a->receipt_path);
	ui_put(ui, bottom - 1, 2, 76, line, UI_ATTR_BOLD);
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
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

static const struct screen_key receipt_revoked_keys[] = {
	{ 6, 'n', "新規発行へ", SCREEN_ACT_CALL, receipt_issue_cb },
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

#define RECEIPT_HELP \
	"手続きが終わりました。受付票は窓口のプリンターに送りました。\n" \
	"暗証番号と個人番号は受付票に載りません。\n"

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
