/*
 * 暗証番号の変更・初期化 (R4, R4-2) and the switch to a face-auth card
 * (R4-3), on the frame every procedure shares. PINs:
 * the form of what is the PIN procedure's own (a change, R4.9, or a
 * reset; which of the card's PINs), the shared pages (who files, the
 * documents, the card check, the letter 個人番号カード要綱様式第20号),
 * then the PIN screen: the card-check PIN again (the card is proven
 * before each write), the current PIN for a change and the new one
 * twice, each checked for its format before anything reaches the card,
 * never shown and wiped after use. A face-auth card whose user PIN is
 * reset gets its PIN use back (R4.3); the clerk then does the card-face
 * work of R4.11 and records it (pin_mark) before the receipt. The
 * face-auth switch (R4-3.7) asks only the card-check PIN: proc sets a
 * random user PIN never shown, locks it and revokes a valid signature
 * cert; the clerk writes 「顔認証」 and the date on the card face and
 * records it (pin_mark).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static const char *const pin_kinds[] = { "初期化 (再設定)", "変更", NULL };
static const char *const pin_targets[] = { "両方", "署名用のみ",
	"利用者証明用のみ", NULL };
static const unsigned pin_target_masks[] = { RULES_CERT_ALL,
	RULES_CERT_SIGNATURE, RULES_CERT_USER };

enum { FP_WINDOW, FP_VIA, FP_KIND, FP_TARGET, FP_FILER, FP_REPLY, FP_COUNT };

static const struct ui_field_spec pin_fields[] = {
	[FP_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table, .windows = 1 },
	[FP_VIA] = { .id = "via", .label = "経由の事由 (R4.2)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_vias },
	[FP_KIND] = { .id = "kind", .label = "手続き",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = pin_kinds },
	[FP_TARGET] = { .id = "target", .label = "対象の暗証番号",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = pin_targets },
	[FP_FILER] = { .id = "filer", .label = "申請する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_filers },
	[FP_REPLY] = { .id = "reply", .label = "照会書の回答書",
	  .kind = UI_FIELD_CHOICE, .width = 6, .choices = app_absent },
};

static int
pin_target_index(unsigned mask)
{
	size_t i;

	for (i = 0; i < nitems(pin_target_masks); i++)
		if (pin_target_masks[i] == mask)
			return (int)i;
	return 0;
}

static int
pin_is_change(const struct app *a)
{
	return a->c.procedure == RULES_PROC_PIN_CHANGE;
}

/* A change the applicant makes types the current PIN (R4.9); one the
 * staff sets from the sealed request form does not (R4.10, R4-2.6). */
static int
pin_asks_current(const struct app *a)
{
	return pin_is_change(a) && a->d.pin_set_by == RULES_PIN_APPLICANT;
}

static int
pin_is_face(const struct app *a)
{
	return a->c.procedure == RULES_PROC_FACE_AUTH;
}

void
pin_init(struct ui *ui, struct app *a)
{
	(void)ui;
	a->c.procedure = RULES_PROC_PIN_RESET;
	a->c.certs = RULES_CERT_ALL;
}

void
pin_describe(const struct app *a, const char **label, char *buf,
    size_t size)
{
	char certs[64];

	if (pin_is_face(a)) {
		app_certs_label(a->d.revoke, certs, sizeof(certs));
		*label = "切替";
		snprintf(buf, size, "顔認証カードへ (暗証番号は無作為・ロック)"
		    "%s%s", a->d.revoke != 0 ? "   失効: " : "",
		    a->d.revoke != 0 ? certs : "");
		return;
	}
	*label = "暗証番号";
	app_certs_label(a->c.certs, certs, sizeof(certs));
	snprintf(buf, size, "%sを%s (%s)%s", certs,
	    pin_is_change(a) ? "変更" : "初期化",
	    app_pin_label(a->d.pin_set_by), a->d.face_auth_release ?
	    "、顔認証の解除" : "");
}

static void
pin_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[FP_WINDOW].choice = (int)a->c.window;
	f[FP_VIA].choice = (int)a->c.via_ground;
	f[FP_KIND].choice = pin_is_change(a);
	f[FP_TARGET].choice = pin_target_index(a->c.certs);
	f[FP_FILER].choice = (int)a->c.filer;
	f[FP_REPLY].choice = a->c.inquiry_reply;
}

static void
pin_read(struct app *a, const struct ui_field *f)
{
	a->c.window = app_choice(&f[FP_WINDOW], 0);
	a->c.via_ground = app_choice(&f[FP_VIA], 0);
	a->c.procedure = app_choice(&f[FP_KIND], 0) == 1 ?
	    RULES_PROC_PIN_CHANGE : RULES_PROC_PIN_RESET;
	a->c.certs = pin_target_masks[app_choice(&f[FP_TARGET], 0)];
	a->c.filer = app_choice(&f[FP_FILER], 0);
	a->c.inquiry_reply = app_choice(&f[FP_REPLY], 0) == 1;
}

static void
pin_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	pin_read(a, f);
	app_decide(a);
}

static int
pin_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	if (a->app_id == 0) {
		pin_read(a, f);
		app_decide(a);
		if (app_accept(ui, a) == -1)
			return 0;
	}
	pin_resume(ui, a);
	return 0;
}

static const struct screen_key pin_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, app_docs_cb },
	{ 3, 0, "代理人・依頼書", SCREEN_ACT_CALL, app_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, app_card_cb },
	{ 5, 0, "受付", SCREEN_ACT_SUBMIT, NULL },
	{ 6, 0, "照会書送付", SCREEN_ACT_CALL, app_letter_cb },
};

const struct screen screen_pin_form = {
	.id = "pin_form",
	.title = "暗証番号の変更・初期化の受付",
	.help =
	    "暗証番号の初期化 (再設定) か変更 (R4.9: いまの暗証番号も入力) と、\n"
	    "対象の暗証番号 (署名用・利用者証明用) を選びます。\n"
	    "F2 本人確認書類、F3 法定代理人・任意代理人と暗証番号設定依頼書\n"
	    "(15歳未満と成年被後見人は法定代理人、R4.4 R4.6; 任意代理人は\n"
	    "封をした依頼書から職員が入力、R4.7 R4.10)。\n"
	    "F4: 書き込む前に本人のカードか確認します (R2.8)。\n"
	    "F5: 受け付けて、暗証番号の入力に進みます。\n"
	    "F6: 照会書兼回答書 (個人番号カード要綱様式第20号) を送り、回答待ちで\n"
	    "保存します (R4.8)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = pin_fields,
	.nfields = nitems(pin_fields),
	.keys = pin_keys,
	.nkeys = nitems(pin_keys),
	.submit = pin_submit_cb,
	.draw = app_form_draw_cb,
	.open = pin_open_cb,
	.changed = pin_changed_cb,
	.show = app_form_show_cb,
	.ask_on_leave = 1,
	.free_data = app_unref,
};

/* ---- The face-auth switch (R4-3) --------------------------------------- */

enum { FF_WINDOW, FF_VIA, FF_FILER, FF_COUNT };

static const struct ui_field_spec face_fields[] = {
	[FF_WINDOW] = { .id = "window", .label = "受付窓口",
	  .kind = UI_FIELD_CHOICE, .width = 14,
	  .choices = rules_window_label_table, .windows = 1 },
	[FF_VIA] = { .id = "via", .label = "経由の事由 (R4-3.2)",
	  .kind = UI_FIELD_CHOICE, .width = 14, .choices = app_vias },
	[FF_FILER] = { .id = "filer", .label = "申請する人",
	  .kind = UI_FIELD_CHOICE, .width = 10, .choices = app_filers },
};

static void
face_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	const struct app *a = ui_data(ui);

	(void)n;
	f[FF_WINDOW].choice = (int)a->c.window;
	f[FF_VIA].choice = (int)a->c.via_ground;
	f[FF_FILER].choice = (int)a->c.filer;
}

static void
face_read(struct app *a, const struct ui_field *f)
{
	a->c.window = app_choice(&f[FF_WINDOW], 0);
	a->c.via_ground = app_choice(&f[FF_VIA], 0);
	a->c.filer = app_choice(&f[FF_FILER], 0);
}

static void
face_changed_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	face_read(a, f);
	app_decide(a);
}

static int
face_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);

	(void)n;
	if (a->app_id == 0) {
		face_read(a, f);
		app_decide(a);
		/* The switch locks the user PIN and revokes a valid signature
		 * cert: the clerk says so once. */
		if (a->decided && a->d.verdict == RULES_ACCEPT &&
		    !ui_confirm(ui, a->d.revoke != 0 ? "顔認証カードに切り替え"
		    "ます。\n利用者証明用の暗証番号は使えなくなり、有効な署名用"
		    "電子証明書は失効します。受け付けますか。" : "顔認証カードに"
		    "切り替えます。\n利用者証明用の暗証番号は使えなくなります。"
		    "受け付けますか。"))
			return 0;
		if (app_accept(ui, a) == -1)
			return 0;
	}
	pin_resume(ui, a);
	return 0;
}

static const struct screen_key face_keys[] = {
	{ 2, 0, "本人の書類", SCREEN_ACT_CALL, app_docs_cb },
	{ 3, 0, "代理人", SCREEN_ACT_CALL, app_filer_cb },
	{ 4, 0, "カード確認", SCREEN_ACT_CALL, app_card_cb },
	{ 5, 0, "受付", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_face_form = {
	.id = "face_form",
	.title = "顔認証マイナンバーカードへの切替の受付",
	.help =
	    "顔認証マイナンバーカードへの切替 (個人番号カード要綱様式第10号、\n"
	    "または交付通知書の「いずれの暗証番号も設定しない」、R4-3.1)。\n"
	    "F2 本人確認書類、F3 法定代理人 (15歳未満と成年被後見人、R4-3.3)・\n"
	    "任意代理人 (一覧Aの書類と委任状、R4-3.6)。F4 でカードを確認します。\n"
	    "F5: 受け付けて切り替えます。利用者証明用の暗証番号は無作為に設定し\n"
	    "てロックし、有効な署名用電子証明書は失効します (R4-3.7)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = face_fields,
	.nfields = nitems(face_fields),
	.keys = face_keys,
	.nkeys = nitems(face_keys),
	.submit = face_submit_cb,
	.draw = app_form_draw_cb,
	.open = face_open_cb,
	.changed = face_changed_cb,
	.show = app_form_show_cb,
	.ask_on_leave = 1,
	.free_data = app_unref,
};

/* ---- Setting the PINs ------------------------------------------------ */

#define PR_F_CHECK { .id = "check_pin", .label = "カード確認の暗証番号", \
	.kind = UI_FIELD_PIN, .width = 16, .max_chars = 14, .min_chars = 4, \
	.required = 1, .hint = "カードを確かめ直すため (下の説明)" }
#define PR_F_UCUR { .id = "user_cur", .label = "利用者証明 現在", \
	.kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4, \
	.required = 1, .hint = "数字4桁 (いまの暗証番号)" }
#define PR_F_USER { .id = "user_pin", .label = "利用者証明 暗証番号", \
	.kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4, \
	.required = 1, .hint = "数字4桁 (新しい暗証番号)" }
#define PR_F_USER2 { .id = "user_pin2", .label = "(確認のためもう一度)", \
	.kind = UI_FIELD_PIN, .width = 6, .max_chars = 4, .min_chars = 4, \
	.required = 1 }
#define PR_F_SCUR { .id = "sign_cur", .label = "署名用 現在", \
	.kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16, \
	.min_chars = 6, .required = 1, .hint = "いまの暗証番号" }
#define PR_F_SIGN { .id = "sign_pin", .label = "署名用 暗証番号", \
	.kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16, \
	.min_chars = 6, .required = 1, .hint = "英大文字と数字 6-16 桁" }
#define PR_F_SIGN2 { .id = "sign_pin2", .label = "(確認のためもう一度)", \
	.kind = UI_FIELD_SIGN_PIN, .width = 18, .max_chars = 16, \
	.min_chars = 6, .required = 1 }

/* The variants: a reset or a change, of the user PIN, the signature PIN
 * or both; a variant's fields are a prefix of its table. */
static const struct ui_field_spec pr_reset[] = { PR_F_CHECK, PR_F_USER,
	PR_F_USER2, PR_F_SIGN, PR_F_SIGN2 };
static const struct ui_field_spec pr_reset_sign[] = { PR_F_CHECK, PR_F_SIGN,
	PR_F_SIGN2 };
static const struct ui_field_spec pr_change[] = { PR_F_CHECK, PR_F_UCUR,
	PR_F_USER, PR_F_USER2, PR_F_SCUR, PR_F_SIGN, PR_F_SIGN2 };
static const struct ui_field_spec pr_change_sign[] = { PR_F_CHECK,
	PR_F_SCUR, PR_F_SIGN, PR_F_SIGN2 };

static void
pr_get(struct ui_field *f, size_t n, const char *id, char *buf, size_t size)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		if (strcmp(f[i].spec->id, id) == 0)
			ui_field_get(&f[i], buf, size);
}

/* The typed PINs of one kind: current (a change), new, again. */
struct pr_typed {
	char	cur[24], pin[24], again[24];
};

/* Read and check the PINs the application sets, before anything reaches
 * the card; NULL, or the Japanese reason. */
static const char *
pr_read(const struct app *a, struct ui_field *f, size_t n,
    struct pr_typed *user, struct pr_typed *sign)
{
	int change = pin_asks_current(a);

	if (pin_is_face(a) || a->pinpad)
		return NULL;	/* proc sets a random one (R4-3.7); the pad */
	pr_get(f, n, "user_cur", user->cur, sizeof(user->cur));
	pr_get(f, n, "user_pin", user->pin, sizeof(user->pin));
	pr_get(f, n, "user_pin2", user->again, sizeof(user->again));
	pr_get(f, n, "sign_cur", sign->cur, sizeof(sign->cur));
	pr_get(f, n, "sign_pin", sign->pin, sizeof(sign->pin));
	pr_get(f, n, "sign_pin2", sign->again, sizeof(sign->again));
	if (a->pins & RULES_CERT_USER) {
		if (change && !app_user_pin_ok(user->cur))
			return "利用者証明用のいまの暗証番号は数字4桁です。";
		if (!app_user_pin_ok(user->pin))
			return "利用者証明用の暗証番号は数字4桁です。";
		if (strcmp(user->pin, user->again) != 0)
			return "利用者証明用の暗証番号が確認の入力と一致しません。";
	}
	if (a->pins & RULES_CERT_SIGNATURE) {
		if (change && !app_sign_pin_ok(sign->cur))
			return "署名用のいまの暗証番号は英大文字と数字を両方含む"
			    "6-16桁です。";
		if (!app_sign_pin_ok(sign->pin))
			return "署名用の暗証番号は英大文字と数字を両方含む6-16桁"
			    "です。";
		if (strcmp(sign->pin, sign->again) != 0)
			return "署名用の暗証番号が確認の入力と一致しません。";
	}
	return NULL;
}

/* After the steps: the card-face work of a released face-auth card
 * first (R4.11), else the receipt. */
static void
pr_finish(struct ui *ui, struct app *a)
{
	a->done = 1;
	ui_status(ui, 0, pin_is_face(a) ? "受付番号 %lld: 顔認証カードに切り"
	    "替えました。" : "受付番号 %lld: 暗証番号を設定しました。",
	    (long long)a->app_id);
	if (a->d.face_auth_release || a->d.face_auth_switch) {
		a->refs++;		/* the PIN screen's goes with it */
		if (ui_replace_with(ui, "pin_mark", a) == 0)
			return;
		a->refs--;
	}
	app_show_receipt(ui, a);
}

static int
pr_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct app *a = ui_data(ui);
	struct pr_typed user, sign;
	struct proc_pin_new np[PROC_PIN_NEW_MAX];
	struct proc_pins pins = { NULL, NULL, NULL };
	struct proc_run_args args;
	struct proc_ctx *pc;
	char check[24];
	const char *why;
	enum proc_status rc = PROC_FAILED;
	size_t i, k = 0;

	memset(&user, 0, sizeof(user));
	memset(&sign, 0, sizeof(sign));
	pr_get(f, n, "check_pin", check, sizeof(check));
	why = pr_read(a, f, n, &user, &sign);
	if (why == NULL && ui_clerk_recheck(ui) == 0 &&
	    (pc = app_ctx(ui, a)) != NULL) {
		if (!pin_is_face(a) && (a->pins & RULES_CERT_USER))
			np[k++] = (struct proc_pin_new){ CARD_PIN_USER,
			    a->pinpad ? PROC_PIN_PAD : pin_asks_current(a) ?
			    user.cur : NULL, a->pinpad ? PROC_PIN_PAD :
			    user.pin };
		if (!pin_is_face(a) && (a->pins & RULES_CERT_SIGNATURE))
			np[k++] = (struct proc_pin_new){ CARD_PIN_SIGN,
			    a->pinpad ? PROC_PIN_PAD : pin_asks_current(a) ?
			    sign.cur : NULL, a->pinpad ? PROC_PIN_PAD :
			    sign.pin };
		pins.check = check;
		memset(&args, 0, sizeof(args));
		args.pins = &pins;
		args.new_pins = np;
		args.n_new_pins = k;
		ui_busy(ui, a->pinpad ? "カードリーダーのPINパッドで入力して"
		    "もらっています..." : "カードの暗証番号を設定しています...");
		rc = proc_app_run(pc, a->app_id, &args, a->result,
		    sizeof(a->result));
	}
	secure_wipe(&user, sizeof(user));
	secure_wipe(&sign, sizeof(sign));
	secure_wipe(check, sizeof(check));
	secure_wipe(np, sizeof(np));
	/* Never left on the screen: typed again for the next attempt. */
	for (i = 0; i < n; i++) {
		secure_wipe(f[i].text, sizeof(f[i].text));
		ui_field_init(&f[i], f[i].spec);
	}
	if (why != NULL) {
		ui_message(ui, "暗証番号", why);
		return 0;
	}
	if (rc == PROC_OK) {
		pr_finish(ui, a);
		return 0;
	}
	if (a->result[0] != '\0') {
		ui_status(ui, 1, "%s", a->result);
		ui_message(ui, "暗証番号を設定できませんでした", a->result);
	}
	return 0;
}

static void
pr_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	struct ui_rows r = { top + 1, bottom, 2, 14, 76 };
	char buf[512], what[256];
	const char *label;

	snprintf(buf, sizeof(buf), "%s (%s)  受付番号 %lld", a->person.name,
	    a->person.name_kana, (long long)a->app_id);
	ui_row(ui, &r, "", buf, UI_ATTR_BOLD);
	pin_describe(a, &label, what, sizeof(what));
	ui_row(ui, &r, label, what, 0);
	ui_row(ui, &r, "カード確認", a->route == PROC_ROUTE_FACE ?
	    "職員がカード表面の照合番号B (14桁) を入力" :
	    "申請者が入力補助用の暗証番号 (4桁) を入力", 0);
	if (a->result[0] != '\0')
		ui_row(ui, &r, "", a->result, UI_ATTR_BOLD);
	if (a->pinpad && r.row + 1 < bottom)
		ui_wrap(ui, r.row + 1, bottom, 2, 76, "このカードリーダーにはPIN"
		    "パッドがあります。暗証番号は画面に入れず、F5 のあと申請者が"
		    "PINパッドで、暗証番号ごとに「いまの番号」「新しい番号」"
		    "「もう一度」の順に入力します (利用者証明用が先、署名用が後)。",
		    UI_ATTR_BOLD);
}

static const struct screen_key pr_keys[] = {
	{ 5, 0, "実行", SCREEN_ACT_SUBMIT, NULL },
	{ 9, 0, "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

#define PR_HELP \
	"カードの暗証番号を設定します。書き込む前に、カードが確認したものと\n" \
	"同じか読み取り直します: カードの確認と同じ番号 (入力補助用4桁か、\n" \
	"照合番号B 14桁) を入れます。申請者による変更は、いまの暗証番号も\n" \
	"入れます (R4.9)。新しい暗証番号は申請者が2回入力します (画面には\n" \
	"出ません)。依頼書によるときは、職員が封をした依頼書から入力します\n" \
	"(いまの暗証番号は要りません、R4.10)。\n" \
	"いまの暗証番号が違うと残りの回数を表示します。閉塞したときは、\n" \
	"初期化の申請を受け付けてください。F5 で実行します。"

#define PR_SCREEN(sid, stitle, sfields) { \
	.id = sid, .title = stitle, .help = PR_HELP, .kind = SCREEN_FORM, \
	.min_role = UI_ROLE_CLERK, .fields = sfields, \
	.nfields = nitems(sfields), .keys = pr_keys, .nkeys = nitems(pr_keys), \
	.submit = pr_submit_cb, .draw = pr_draw_cb, .free_data = app_unref }
#define PR_SCREEN_N(sid, stitle, sfields, n) { \
	.id = sid, .title = stitle, .help = PR_HELP, .kind = SCREEN_FORM, \
	.min_role = UI_ROLE_CLERK, .fields = sfields, .nfields = n, \
	.keys = pr_keys, .nkeys = nitems(pr_keys), .submit = pr_submit_cb, \
	.draw = pr_draw_cb, .free_data = app_unref }

const struct screen screen_pin_reset = PR_SCREEN("pin_reset",
    "暗証番号の初期化", pr_reset);
const struct screen screen_pin_reset_user = PR_SCREEN_N("pin_reset_user",
    "暗証番号の初期化 (利用者証明用)", pr_reset, 3);
const struct screen screen_pin_reset_sign = PR_SCREEN("pin_reset_sign",
    "暗証番号の初期化 (署名用)", pr_reset_sign);
const struct screen screen_pin_change = PR_SCREEN("pin_change",
    "暗証番号の変更", pr_change);
const struct screen screen_pin_change_user = PR_SCREEN_N("pin_change_user",
    "暗証番号の変更 (利用者証明用)", pr_change, 4);
const struct screen screen_pin_change_sign = PR_SCREEN("pin_change_sign",
    "暗証番号の変更 (署名用)", pr_change_sign);
const struct screen screen_pin_change_staff = PR_SCREEN("pin_change_staff",
    "暗証番号の変更 (依頼書から)", pr_reset);
const struct screen screen_pin_change_staff_user = PR_SCREEN_N(
    "pin_change_staff_user", "暗証番号の変更 (利用者証明用、依頼書から)",
    pr_reset, 3);
const struct screen screen_pin_change_staff_sign = PR_SCREEN(
    "pin_change_staff_sign", "暗証番号の変更 (署名用、依頼書から)",
    pr_reset_sign);
const struct screen screen_pin_change_pad = PR_SCREEN_N("pin_change_pad",
    "暗証番号の変更 (PINパッド)", pr_reset, 1);
const struct screen screen_face_run = PR_SCREEN_N("face_run",
    "顔認証マイナンバーカードへの切替", pr_reset, 1);

/* The PINs whose steps are still pending (all the application names
 * before it runs): what the PIN screen asks for, and what a run after
 * an interruption sets. */
static unsigned
pin_pending(struct ui *ui, struct app *a)
{
	struct proc_ctx *pc = app_ctx(ui, a);
	unsigned mask = 0;
	int i;

	a->nsteps = pc == NULL || a->app_id == 0 ? -1 :
	    proc_app_steps(pc, a->app_id, a->steps, APP_STEPS_MAX);
	if (a->nsteps < 0) {
		a->nsteps = 0;
		return a->c.certs;
	}
	for (i = 0; i < a->nsteps; i++)
		if (!a->steps[i].done &&
		    (strcmp(a->steps[i].effect, "pin_change") == 0 ||
		    strcmp(a->steps[i].effect, "pin_reset") == 0))
			mask |= rules_cert_parse(a->steps[i].target);
	return mask;
}

/* Whether the card-face writing is what is left (the PINs are set). */
static int
pin_mark_pending(const struct app *a)
{
	int i;

	for (i = 0; i < a->nsteps; i++)
		if (!a->steps[i].done &&
		    strcmp(a->steps[i].effect, "face_auth_mark") != 0)
			return 0;
	for (i = 0; i < a->nsteps; i++)
		if (!a->steps[i].done &&
		    strcmp(a->steps[i].effect, "face_auth_mark") == 0)
			return 1;
	return 0;
}

int
pin_resume(struct ui *ui, struct app *a)
{
	static const char *const variant[3][3] = {
		{ "pin_reset", "pin_reset_sign", "pin_reset_user" },
		{ "pin_change", "pin_change_sign", "pin_change_user" },
		{ "pin_change_staff", "pin_change_staff_sign",
		  "pin_change_staff_user" },
	};
	unsigned pending = pin_pending(ui, a);
	struct proc_ctx *pc;

	if (pin_mark_pending(a))
		return app_open(ui, "pin_mark", a);
	if (a->done) {
		app_show_receipt(ui, a);
		return 0;
	}
	if (pin_is_face(a))
		return app_open(ui, "face_run", a);
	a->pins = pending != 0 ? pending : a->c.certs;
	/* The applicant's change on a reader with a PIN pad: typed there,
	 * never on the screen. */
	pc = pin_asks_current(a) ? app_ctx(ui, a) : NULL;
	a->pinpad = pc != NULL && proc_reader_pinpad(pc);
	if (a->pinpad)
		return app_open(ui, "pin_change_pad", a);
	return app_open(ui, variant[!pin_is_change(a) ? 0 :
	    pin_asks_current(a) ? 1 : 2][
	    pin_target_index(a->pins)], a);
}

/* ---- The card face of a released face-auth card (R4.11) ------------- */

static void
mark_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	static const char *const release[] = {
		"1. 追記欄の「顔認証」の文字を二重線で消す。",
		"2. 追記欄に、暗証番号の利用を再開した年月日を記載し、職印を押す。",
		"3. 消した文字の上に職印を押す。",
	};
	static const char *const sw[] = {
		"1. 追記欄に「顔認証」と切り替えた年月日を記載する。",
		"2. 記載の上に職印を押す。",
		"3. カードを本人に返す。",
	};
	const char *const *lines = pin_is_face(a) ? sw : release;
	char buf[512];
	int row = top + 1, i;

	snprintf(buf, sizeof(buf), "%s (%s)  受付番号 %lld", a->person.name,
	    a->person.name_kana, (long long)a->app_id);
	ui_put(ui, row++, 2, 76, buf, UI_ATTR_BOLD);
	row++;
	row += ui_wrap(ui, row, bottom, 2, 76, pin_is_face(a) ?
	    "顔認証マイナンバーカードに切り替えました。カードの券面に次の"
	    "記載をしてください (R4-3.7):" : "顔認証カードの暗証番号の利用を"
	    "再開しました。カードの券面に次の記載をしてください (R4.11):",
	    UI_ATTR_NORMAL);
	row++;
	for (i = 0; i < 3; i++)
		row += ui_wrap(ui, row, bottom, 4, 74, lines[i],
		    UI_ATTR_NORMAL);
	row++;
	ui_wrap(ui, row, bottom, 2, 76, "記載したら F5 を押してください。受付票"
	    "に進みます。", UI_ATTR_BOLD);
}

static void
mark_done_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	struct proc_ctx *pc;
	char msg[512];

	if (ui_clerk_recheck(ui) == -1 || (pc = app_ctx(ui, a)) == NULL)
		return;
	if (proc_app_mark_done(pc, a->app_id, "face_auth_mark", msg,
	    sizeof(msg)) == -1) {
		ui_message(ui, "券面の記載", msg);
		return;
	}
	ui_status(ui, 0, "券面の記載を記録しました。");
	app_show_receipt(ui, a);
}

static const struct screen_key mark_keys[] = {
	{ 5, 'd', "記載した", SCREEN_ACT_CALL, mark_done_cb },
	{ 9, 'p', "記録へ", SCREEN_ACT_CALL, app_to_record_cb },
};

const struct screen screen_pin_mark = {
	.id = "pin_mark",
	.title = "顔認証カードの券面の記載",
	.help =
	    "顔認証カードへの切替 (R4-3.7) と、顔認証カードの利用者証明用の\n"
	    "暗証番号の初期化による利用の再開 (R4.11) は、券面の追記欄に記載\n"
	    "します。記載を済ませてから F5 で記録します。あとで記録するときは、\n"
	    "本人の記録の F7 で続けます。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = mark_keys,
	.nkeys = nitems(mark_keys),
	.draw = mark_draw_cb,
	.free_data = app_unref,
};
