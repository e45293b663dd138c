/*
 * カードから読み取る: the visit starts from the card in the
 * window's reader, so the clerk types no name. The applicant types the
 * input-support PIN (the chip's basic 4 info finds the one registry
 * person), or the clerk types 照合番号B off the card's face (the person
 * the counter knows the card as, else those of the chip's birth date and
 * sex, listed to choose from while comparing the printed face). The read
 * and the search are the proc layer's (proc_card_find); this file only
 * takes the PIN, wipes it, and opens the record (person.c) with what the
 * read proved, which the record keeps for a procedure started from it.
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

#define CARD_READ_TITLE	"カードから読み取る"

/* A read, and the procedure the clerk is starting (the search of a
 * procedure's menu entry opens this screen with it; NULL from the menu):
 * the record opened from the read goes on to it. */
struct card_read_view {
	struct proc_card_found	 f;
	const struct procedure	*pr;
};

enum { FR_SUPPORT, FR_USER, FR_PIN_B, FR_COUNT };

static const struct ui_field_spec card_read_fields[] = {
	[FR_SUPPORT] = { .id = "support_pin", .label = "入力補助用 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (申請者が入力)", .advance = 1 },
	/* Optional: with it the read is the whole card check (R2.8) that a
	 * procedure started from the record carries. */
	[FR_USER] = { .id = "user_pin", .label = "利用者証明 暗証番号",
	  .kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4,
	  .hint = "数字4桁 (申請に進むとき。カードの確認になります)" },
	[FR_PIN_B] = { .id = "pin_b", .label = "券面の照合番号B",
	  .kind = UI_FIELD_PIN, .width = 16, .max_chars = 14, .min_chars = 14,
	  .hint = "14桁 (職員がカード表面から入力)" },
};

static void
card_read_wipe(struct ui_field *f)
{
	int i;

	for (i = 0; i < FR_COUNT; i++) {
		secure_wipe(f[i].text, sizeof(f[i].text));
		ui_field_init(&f[i], f[i].spec);
	}
}

/* What the read proved, on the status line under the record (the card
 * itself is listed on the record once the counter knows it). */
static void
card_read_say(struct ui *ui, const struct proc_card_found *fd)
{
	const struct proc_card_check *k = &fd->chk;

	if (!k->status_ok)
		ui_status(ui, 1, "カードを読み取りました。注意: %s",
		    k->status_why);
	else if (k->route == PROC_ROUTE_FACE)
		ui_status(ui, 0, "カードを読み取りました (照合番号B)。券面と顔写真を"
		    "照合してください。");
	else if (k->pin_verified)
		ui_status(ui, 0, "カードを確認しました (基本4情報が一致、利用者証明の"
		    "暗証番号を照合)。");
	else if (k->tries_left >= 0)
		ui_status(ui, 1, "カードを読み取りました。利用者証明の暗証番号は"
		    "照合できませんでした (残り %d 回)。", k->tries_left);
	else
		ui_status(ui, 0, "カードを読み取りました (入力補助用暗証番号・"
		    "基本4情報が一致)。");
}

static int
card_read_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct ui_session *s = ui_session(ui);
	struct card_read_view *cv;
	struct proc_card_found *fd;
	struct proc_ctx pc;
	enum proc_card_route route;
	enum proc_status rc;
	char pin[24], user[16], msg[512];

	(void)n;
	if (f[FR_SUPPORT].len == 0 && f[FR_PIN_B].len == 0) {
		ui_message(ui, CARD_READ_TITLE, "券面事項入力補助用の暗証番号を"
		    "申請者に入力してもらってください。申請者が入力できないとき"
		    "は、職員がカード表面の照合番号Bを入力します。");
		return 0;
	}
	route = f[FR_SUPPORT].len > 0 ? PROC_ROUTE_SUPPORT : PROC_ROUTE_FACE;
	ui_field_get(&f[route == PROC_ROUTE_SUPPORT ? FR_SUPPORT : FR_PIN_B],
	    pin, sizeof(pin));
	ui_field_get(&f[FR_USER], user, sizeof(user));
	card_read_wipe(f);
	ui_form_focus(ui, FR_SUPPORT);
	if (s->state_dir == NULL || s->store == NULL) {
		secure_wipe(pin, sizeof(pin));
		secure_wipe(user, sizeof(user));
		ui_message(ui, CARD_READ_TITLE, "状態ディレクトリが分からないため、"
		    "カードを読めません。");
		return 0;
	}
	ui_busy(ui, "カードを読んでいます...");
	cv = xcalloc(1, sizeof(*cv));
	cv->pr = ui_data(ui);
	fd = &cv->f;
	/* The context's own failures (no issuer) do not matter for a read:
	 * proc_card_find says when the card service is missing. */
	proc_ctx_open(&pc, s->store, s->state_dir, s->login, msg, sizeof(msg));
	rc = proc_card_find(&pc, route, pin, user, s->today, fd, msg,
	    sizeof(msg));
	proc_ctx_close(&pc);
	secure_wipe(pin, sizeof(pin));
	secure_wipe(user, sizeof(user));
	ui_busy_done(ui);
	if (rc != PROC_OK) {
		free(cv);
		ui_message(ui, CARD_READ_TITLE, msg);
		return 0;
	}
	if (fd->n == 1 && (route == PROC_ROUTE_SUPPORT || fd->by_card)) {
		if (person_open_card(ui, &fd->p[0], cv->pr, &fd->chk) == 0)
			card_read_say(ui, fd);
		free(cv);
		return 0;
	}
	if (ui_open_with(ui, "card_found", cv) == -1)
		free(cv);
	return 0;
}

static void
card_read_draw_cb(struct ui *ui, int top, int bottom)
{
	ui_wrap(ui, top + 1, bottom, 2, 76,
	    "カードをリーダーに置いてもらい、申請者が入力補助用の暗証番号を"
	    "入力します (画面には * で出ます)。F5 でカードを読み、基本4情報が"
	    "一致する方の記録を開きます。申請に進むときは、続けて利用者証明用の"
	    "暗証番号も入力します (4桁で次の欄に移ります)。カードの確認が済み、"
	    "記録から始める申請に引き継がれます。\n"
	    "申請者が暗証番号を入力できないときは、職員がカード表面の照合番号B"
	    "を入力します。カードを記録している方か、生年月日・性別が一致する方"
	    "の一覧から、券面と照らして選びます。\n"
	    "カードには何も書き込みません。", UI_ATTR_NORMAL);
}

static const struct screen_key card_read_keys[] = {
	{ 5, 0, "読取", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_card_read = {
	.id = "card_read",
	.title = CARD_READ_TITLE,
	.help =
	    "窓口のカードリーダーのカードから、本人の記録を開きます。\n"
	    "申請者が券面事項入力補助用の暗証番号 (数字4桁) を入力し、F5 で\n"
	    "読みます。カードの基本4情報 (氏名・住所・生年月日・性別) と一致\n"
	    "する台帳の方の記録が開きます (空白の違いは無視します)。\n"
	    "申請に進むときは、続けて利用者証明用の暗証番号も入力します。これで\n"
	    "カードの確認 (R2.8) が済み、記録から始める申請に引き継がれます。\n"
	    "申請者が入力できないときは、職員がカード表面の照合番号B (生年月日\n"
	    "6桁・有効期限の年4桁・セキュリティコード4桁) を入力します。\n"
	    "暗証番号は記録も表示もしません。Esc でメニューに戻ります。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = card_read_fields,
	.nfields = nitems(card_read_fields),
	.keys = card_read_keys,
	.nkeys = nitems(card_read_keys),
	.submit = card_read_submit_cb,
	.draw = card_read_draw_cb,
};

/* ---- The persons of the card face's birth date and sex ---------------- */

static int
card_found_count_cb(struct ui *ui)
{
	const struct card_read_view *cv = ui_data(ui);

	return cv != NULL ? cv->f.n : 0;
}

/* One line: what the card's face shows (name, birth date in 和暦,
 * address) and the register. */
static void
card_found_row_cb(struct ui *ui, int i, char *buf, size_t size)
{
	const struct card_read_view *cv = ui_data(ui);
	const struct store_person *p = &cv->f.p[i];
	struct era_date dt;
	char birth[64], c1[96], c2[96], c3[32];

	if (era_parse_iso(p->birth_date, &dt) == -1 ||
	    era_format_wareki(&dt, birth, sizeof(birth)) == -1)
		snprintf(birth, sizeof(birth), "%s", p->birth_date);
	ui_pad(c1, sizeof(c1), p->name, 14);
	ui_pad(c2, sizeof(c2), birth, 16);
	ui_pad(c3, sizeof(c3), rules_register_short_label(
	    rules_register_parse(p->register_) == RULES_REG_OVERSEAS ?
	    RULES_REG_OVERSEAS : RULES_REG_RESIDENT), 4);
	snprintf(buf, size, "%s %s %s %s", c1, c2, c3, p->address);
}

static void
card_found_choose_cb(struct ui *ui, int i)
{
	const struct card_read_view *cv = ui_data(ui);

	if (person_open_card(ui, &cv->f.p[i], cv->pr, &cv->f.chk) == 0)
		card_read_say(ui, &cv->f);
}

const struct screen screen_card_found = {
	.id = "card_found",
	.title = "券面と照らして本人を選ぶ",
	.help =
	    "照合番号Bで読んだカードの生年月日・性別が一致する台帳の方です。\n"
	    "カード表面の氏名・住所・顔写真と照らし、本人を上下キーで選んで\n"
	    "Enter で記録を開きます。いなければ Esc で戻ります。",
	.kind = SCREEN_LIST,
	.min_role = UI_ROLE_CLERK,
	.list_header = "氏名           生年月日         区分 住所",
	.list_count = card_found_count_cb,
	.list_row = card_found_row_cb,
	.list_choose = card_found_choose_cb,
	.free_data = free,
};
