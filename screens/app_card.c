/*
 * カードの確認 (R2.8, R2-2.7): the applicant types the input-support PIN
 * (the basic 4 info on the chip is read and compared with the registry or
 * the annex) and the user-cert PIN (verified on the card, tries left
 * shown). For a face-auth card, or when the applicant cannot give the PIN
 * (an agent at the counter), the clerk types PIN B off the card's face
 * instead: the chip's card-face record gives birth date, sex and expiry,
 * and the clerk compares the printed face (photo, name, address) and
 * records it. PINs are drawn as '*' and wiped as soon as the check is
 * done. The results go into the case (case.card) and the case of an
 * application not yet accepted is decided again (after a check, and when
 * the face comparison changes) and drawn; a card that will be written
 * must pass (proc_card_proven).
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static const char *const card_compare[] = { "未確認", "一致", "不一致", NULL };

enum { FC_SUPPORT, FC_USER, FC_PIN_B, FC_FACE, FC_COUNT };

static const struct ui_field_spec card_fields[] = {
	[FC_SUPPORT] = { .id = "support_pin", .label = "入力補助用 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (申請者が入力)", .advance = 1 },
	[FC_USER] = { .id = "user_pin", .label = "利用者証明 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (顔認証カードは空のまま)" },
	[FC_PIN_B] = { .id = "pin_b", .label = "券面の照合番号B",
	  .kind = UI_FIELD_PIN, .width = 16, .max_chars = 14, .min_chars = 14,
	  .hint = "14桁 (職員がカード表面から入力)" },
	[FC_FACE] = { .id = "face", .label = "券面と顔写真の照合",
	  .kind = UI_FIELD_CHOICE, .width = 8, .choices = card_compare },
};

static void
card_wipe_pins(struct ui_field *f)
{
	int i;

	for (i = FC_SUPPORT; i <= FC_PIN_B; i++) {
		secure_wipe(f[i].text, sizeof(f[i].text));
		ui_field_init(&f[i], f[i].spec);
	}
}

/* The case of an application not yet accepted follows the checks; a
 * saved one keeps its case as saved (card_run_cb folds the checks in). */
static void
card_decide(struct app *a)
{
	if (a->app_id == 0)
		app_decide(a);
}

static int
card_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	char support[16], user[16], pin_b[24], msg[512];
	enum proc_card_route route;
	struct proc_ctx *pc;
	enum proc_status rc;

	(void)n;
	if (f[FC_SUPPORT].len == 0 && f[FC_PIN_B].len == 0) {
		ui_message(ui, "カードの確認", "券面事項入力補助用の暗証番号を"
		    "申請者に入力してもらってください。顔認証カードや、申請者が"
		    "暗証番号を入力できないときは、職員がカード表面の照合番号Bを"
		    "入力します。");
		return 0;
	}
	if ((pc = app_ctx(ui, a)) == NULL) {
		card_wipe_pins(f);
		return 0;
	}
	ui_field_get(&f[FC_SUPPORT], support, sizeof(support));
	ui_field_get(&f[FC_USER], user, sizeof(user));
	ui_field_get(&f[FC_PIN_B], pin_b, sizeof(pin_b));
	card_wipe_pins(f);
	route = support[0] != '\0' ? PROC_ROUTE_SUPPORT : PROC_ROUTE_FACE;
	ui_busy(ui, "カードを読んでいます...");
	rc = proc_card_check(pc, &a->person, route, route == PROC_ROUTE_SUPPORT ?
	    support : pin_b, user, ui_session(ui)->today, &a->chk, msg,
	    sizeof(msg));
	secure_wipe(support, sizeof(support));
	secure_wipe(user, sizeof(user));
	secure_wipe(pin_b, sizeof(pin_b));
	if (rc != PROC_OK) {
		a->chk_done = 0;
		strlcpy_m(a->chk_msg, msg, sizeof(a->chk_msg));
		card_decide(a);
		ui_message(ui, "カードの確認", msg);
		return 0;
	}
	a->chk_done = 1;
	a->chk_msg[0] = '\0';
	card_decide(a);
	ui_status(ui, msg[0] != '\0', "カードを確認しました。%s", msg);
	return 0;
}

static void
card_results(struct ui *ui, const struct app *a, struct ui_rows *r)
{
	const struct proc_card_check *k = &a->chk;
	char buf[320];

	if (!a->chk_done) {
		ui_row(ui, r, "確認の結果", a->chk_msg[0] != '\0' ? a->chk_msg :
		    "まだ読んでいません (F5 で読みます)", UI_ATTR_NORMAL);
		return;
	}
	snprintf(buf, sizeof(buf), "%s  (読取: %s)", k->card_number[0] != '\0' ?
	    k->card_number : "番号なし", k->route == PROC_ROUTE_FACE ?
	    "照合番号B・券面事項確認" : "入力補助用暗証番号・基本4情報");
	ui_row(ui, r, "カード", buf, UI_ATTR_NORMAL);
	if (!k->basic4_read)
		snprintf(buf, sizeof(buf), "読めませんでした");
	else
		snprintf(buf, sizeof(buf), "%s%s%s", k->registry_match ?
		    (k->route == PROC_ROUTE_FACE ? "生年月日・性別が台帳と一致 "
		    "(氏名・住所は券面で照合)" : "台帳の記録と一致") :
		    "台帳の記録と不一致", k->registry_match ? "" : ": ",
		    k->mismatch);
	ui_row(ui, r, k->route == PROC_ROUTE_FACE ? "券面事項" : "基本4情報",
	    buf, UI_ATTR_NORMAL);
	if (k->pin_verified)
		snprintf(buf, sizeof(buf), "照合しました");
	else if (k->tries_left >= 0)
		snprintf(buf, sizeof(buf), "照合できませんでした (残り %d 回)",
		    k->tries_left);
	else
		snprintf(buf, sizeof(buf), "照合していません");
	ui_row(ui, r, "暗証番号", buf, UI_ATTR_NORMAL);
	ui_row(ui, r, "カードの状態", k->status_ok ? "問題なし" :
	    k->status_why, UI_ATTR_NORMAL);
	ui_row(ui, r, "顔認証カード", k->known_face_auth ?
	    "はい (券面と顔写真を照合してください)" : "いいえ",
	    UI_ATTR_NORMAL);
}

static void
card_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[FC_FACE].choice = a->face_compare;
}

/* The clerk's comparison of the printed face into the application. */
static void
card_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	if (a->face_compare == f[FC_FACE].choice)
		return;
	a->face_compare = f[FC_FACE].choice;
	card_decide(a);
}

static void
card_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	struct ui_rows r = { top, bottom, 2, 16, 76 };

	card_results(ui, a, &r);
	if (a->app_id != 0) {
		ui_row(ui, &r, "", "F6 で次に進みます。", UI_ATTR_NORMAL);
		return;
	}
	app_draw_decision(ui, a, r.row + 1, bottom);
}

static void
card_back_cb(struct ui *ui)
{
	ui_close(ui);
}

static void
card_run_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	struct proc_ctx *pc;
	char msg[512];

	if (a->app_id == 0) {
		ui_message(ui, "カードの確認", "申請の画面に戻り、F5 で受け付けて"
		    "から続けます。");
		return;
	}
	/* A saved application (after its letter came back) keeps what the
	 * card checks found: its case is decided again with them. */
	if (a->chk_done) {
		app_fold_card(a);
		if (ui_clerk_recheck(ui) == -1 ||
		    (pc = app_ctx(ui, a)) == NULL)
			return;
		if (proc_app_update_case(pc, a->app_id, &a->c, &a->chk, msg,
		    sizeof(msg)) == -1) {
			ui_message(ui, "カードの確認", msg);
			return;
		}
		a->route = a->chk.route;
	}
	a->pr->resume(ui, a);
}

static const struct screen_key card_keys[] = {
	{ 5, 0, "読取", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "次へ", SCREEN_ACT_CALL, card_run_cb },
	{ 9, 0, "戻る", SCREEN_ACT_CALL, card_back_cb },
};

const struct screen screen_app_card = {
	.id = "app_card",
	.title = "カードの確認 (R2.8 R2-2.7)",
	.help =
	    "申請者がカードをリーダーに置き、暗証番号を自分で入力します。\n"
	    "暗証番号は画面に出ません (* で表示)。F5 でカードを読みます。\n"
	    "券面事項入力補助用の暗証番号で基本4情報を読み、台帳と照らします。\n"
	    "利用者証明用の暗証番号をカードで照合します (残りの回数を表示)。\n"
	    "顔認証カードや、申請者が暗証番号を入力できないときは、職員が\n"
	    "カード表面の照合番号B (生年月日6桁・有効期限の年4桁・セキュリ\n"
	    "ティコード4桁) を入力し、券面と顔写真を照合して記録します。\n"
	    "カードに書き込む手続は、この確認で本人のカードと分かるまで\n"
	    "受け付けられません。F9 で申請に戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = card_fields,
	.nfields = nitems(card_fields),
	.keys = card_keys,
	.nkeys = nitems(card_keys),
	.submit = card_submit_cb,
	.draw = card_draw_cb,
	.open = card_open_cb,
	.changed = card_changed_cb,
	.free_data = app_unref,
};
