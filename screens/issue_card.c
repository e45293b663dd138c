/*
 * カードの確認 (R2.8, R2-2.7): the applicant types the input-support PIN
 * (the basic 4 info on the chip is read and compared with the registry or
 * the annex) and the user-cert PIN (verified on the card, tries left
 * shown); both are drawn as '*' and wiped as soon as the check is done.
 * For a face-auth card, or when the PIN cannot be verified, the clerk
 * compares the card face with the photo and records it. The results go
 * into the case (case.card) and the decision is drawn again.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/util.h"
#include "issue.h"
#include "screens.h"

static const char *const card_compare[] = { "未確認", "一致", "不一致", NULL };

enum { FC_SUPPORT, FC_USER, FC_FACE, FC_COUNT };

static const struct ui_field_spec card_fields[] = {
	[FC_SUPPORT] = { .id = "support_pin", .label = "入力補助用 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (申請者が入力)" },
	[FC_USER] = { .id = "user_pin", .label = "利用者証明 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (顔認証カードは空のまま)" },
	[FC_FACE] = { .id = "face", .label = "券面と顔写真の照合",
	  .kind = UI_FIELD_CHOICE, .width = 8, .choices = card_compare },
};

static void
card_wipe_pins(struct ui_field *f)
{
	int i;

	for (i = FC_SUPPORT; i <= FC_USER; i++) {
		secure_wipe(f[i].text, sizeof(f[i].text));
		ui_field_init(&f[i], f[i].spec);
	}
}

static int
card_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct issue_app *a = ui_data(ui);
	char support[16], user[16], msg[512], held[CARD_READER_MAX];
	struct card_error ce;
	struct proc_ctx *pc;
	enum proc_status rc;

	(void)n;
	if (f[FC_SUPPORT].len == 0) {
		ui_message(ui, "カードの確認", "券面事項入力補助用の暗証番号を"
		    "申請者に入力してもらってください。");
		return 0;
	}
	if ((pc = issue_ctx(ui, a)) == NULL)
		return 0;
	if (pc->card == NULL) {
		card_wipe_pins(f);
		ui_message(ui, "カードの確認", "カードサービスに接続できません。"
		    "カードリーダーの設定を確かめてください。");
		return 0;
	}
	ui_field_get(&f[FC_SUPPORT], support, sizeof(support));
	ui_field_get(&f[FC_USER], user, sizeof(user));
	card_wipe_pins(f);
	ui_busy(ui, "カードを読んでいます...");
	msg[0] = '\0';
	if (card_claim(pc->card, NULL, 5000, held, &ce) == -1) {
		rc = PROC_CARD;
		snprintf(msg, sizeof(msg), "%s", card_error_ja(ce.code));
	} else {
		rc = proc_card_check(pc, &a->person, support,
		    user[0] != '\0' ? user : NULL, ui_session(ui)->today,
		    &a->chk, msg, sizeof(msg));
		card_release(pc->card, &ce);
	}
	secure_wipe(support, sizeof(support));
	secure_wipe(user, sizeof(user));
	if (rc != PROC_OK) {
		snprintf(a->chk_msg, sizeof(a->chk_msg), "%s", msg);
		ui_message(ui, "カードの確認", msg);
		return 0;
	}
	a->chk_done = 1;
	a->chk_msg[0] = '\0';
	ui_status(ui, msg[0] != '\0', "カードを確認しました。%s", msg);
	return 0;
}

static void
card_line(struct ui *ui, int *row, int bottom, const char *label,
    const char *text)
{
	if (*row >= bottom)
		return;
	ui_put(ui, *row, 2, 16, label, UI_ATTR_BOLD);
	ui_put(ui, *row, 18, 60, text, UI_ATTR_NORMAL);
	(*row)++;
}

static void
card_results(struct ui *ui, const struct issue_app *a, int *row, int bottom)
{
	const struct proc_card_check *k = &a->chk;
	char buf[320];

	if (!a->chk_done) {
		card_line(ui, row, bottom, "確認の結果", a->chk_msg[0] != '\0' ?
		    a->chk_msg : "まだ読んでいません (F5 で読みます)");
		return;
	}
	card_line(ui, row, bottom, "カード番号", k->card_number);
	if (!k->basic4_read)
		snprintf(buf, sizeof(buf), "読めませんでした");
	else
		snprintf(buf, sizeof(buf), "%s%s%s", k->registry_match ?
		    "台帳の記録と一致" : "台帳の記録と不一致 ",
		    k->registry_match ? "" : ": ", k->mismatch);
	card_line(ui, row, bottom, "基本4情報", buf);
	if (k->pin_verified)
		snprintf(buf, sizeof(buf), "照合しました");
	else if (k->tries_left >= 0)
		snprintf(buf, sizeof(buf), "照合できませんでした (残り %d 回)",
		    k->tries_left);
	else
		snprintf(buf, sizeof(buf), "照合していません");
	card_line(ui, row, bottom, "暗証番号", buf);
	card_line(ui, row, bottom, "カードの状態", k->status_ok ?
	    "問題なし" : "問題あり (期限切れ・廃止等)");
	card_line(ui, row, bottom, "顔認証カード", k->known_face_auth ?
	    "はい (券面と顔写真を照合してください)" : "いいえ");
}

static void
card_draw_cb(struct ui *ui, int top, int bottom)
{
	struct issue_app *a = ui_data(ui);
	size_t n;
	struct ui_field *f = ui_form_fields(ui, &n);
	int row = top;

	if (f == NULL)
		return;
	if (f[FC_FACE].choice < 0)
		f[FC_FACE].choice = a->face_compare;
	a->face_compare = f[FC_FACE].choice;
	card_results(ui, a, &row, bottom);
	if (a->app_id != 0) {
		card_line(ui, &row, bottom, "", "F6 で発行に進みます。");
		return;
	}
	issue_decide(a);
	issue_draw_decision(ui, a, row + 1, bottom);
}

static void
card_back_cb(struct ui *ui)
{
	ui_close(ui);
}

static void
card_run_cb(struct ui *ui)
{
	struct issue_app *a = ui_data(ui);
	struct proc_ctx *pc;
	char msg[512];

	if (a->app_id == 0) {
		ui_message(ui, "カードの確認", "申請の画面に戻り、F5 で受け付けて"
		    "から発行します。");
		return;
	}
	/* A saved application (after its letter came back) keeps what the
	 * card checks found: its case is decided again with them. */
	if (a->chk_done) {
		issue_fold_card(a);
		if (ui_clerk_recheck(ui) == -1 ||
		    (pc = issue_ctx(ui, a)) == NULL)
			return;
		if (proc_app_update_case(pc, a->app_id, &a->c, msg,
		    sizeof(msg)) == -1) {
			ui_message(ui, "カードの確認", msg);
			return;
		}
	}
	issue_open_run(ui, a);
}

static const struct screen_key card_keys[] = {
	{ 5, 0, "読取", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "発行へ", SCREEN_ACT_CALL, card_run_cb },
	{ 9, 0, "戻る", SCREEN_ACT_CALL, card_back_cb },
};

const struct screen screen_issue_card = {
	.id = "issue_card",
	.title = "カードの確認 (R2.8 R2-2.7)",
	.help =
	    "申請者がカードをリーダーに置き、暗証番号を自分で入力します。\n"
	    "暗証番号は画面に出ません (* で表示)。F5 でカードを読みます。\n"
	    "券面事項入力補助用の暗証番号で基本4情報を読み、台帳と照らします。\n"
	    "利用者証明用の暗証番号をカードで照合します (残りの回数を表示)。\n"
	    "顔認証カードや暗証番号を照合できないときは、職員が券面と顔写真を\n"
	    "照合し、「券面と顔写真の照合」に記録します。F9 で申請に戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = card_fields,
	.nfields = nitems(card_fields),
	.keys = card_keys,
	.nkeys = nitems(card_keys),
	.submit = card_submit_cb,
	.draw = card_draw_cb,
	.free_data = issue_app_unref,
};
