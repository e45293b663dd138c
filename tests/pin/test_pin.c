/*
 * The PIN procedures (R4, R4-2) and the face-auth card (R4-3.7, R4.3,
 * R4.11) end to end, as a clerk does them: `ssh -tt` to madoguchi-sshd,
 * the procedure taken from the menu, the person's record, the form and
 * its shared pages, the PIN screen (the card-check PIN again, the current
 * PIN for a change, the new one twice), the card-face screen of a
 * face-auth card, and the receipt read. Each person has an emulated card
 * of their own (user PIN 1234, signature ABC123, input support 1234);
 * afterwards the card service says which PINs the card takes and the
 * tries left, the database whether the card is face-auth, the CA and its
 * CRL what became of the signature cert.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

#define RUN_MS		30000	/* the card's writes, a revocation */
#define FORM		"暗証番号の変更・初期化の受付"
#define FACE_FORM	"顔認証マイナンバーカードへの切替の受付"
#define MARK		"顔認証カードの券面の記載"
#define NFIELDS		6	/* the PIN form's fields */
#define NPAGE2		8	/* those of the agent's page (F3) */
#define FORM4		"個人番号カード要綱様式第4号"
#define FORM10		"個人番号カード要綱様式第10号"
#define FORM13		"個人番号カード要綱様式第13号"
/* A receipt's line of each PIN set (never the PIN). */
#define SIGN_PIN	"署名用電子証明書の暗証番号: "
#define USER_PIN	"利用者証明用電子証明書の暗証番号: "
#define BY_STAFF	"暗証番号設定依頼書のとおり職員が設定しました"

static const struct ctr_who megumi = { "ヨシダメグミ", "DM0000000133",
	NULL, NULL };
static const struct ctr_who takuya = { "モリタクヤ", "DM0000000210",
	NULL, NULL };
static const struct ctr_who osamu = { "ササキオサム", "DM0000000154",
	NULL, NULL };
static const struct ctr_who aya = { "マツモトアヤ", "DM0000000161",
	NULL, NULL };
static const struct ctr_who miho = { "ハヤシミホ", "DM0000000189",
	"2035-07-07", NULL };
static const struct ctr_who yuki = { "オカダユキ", "DM0000000266",
	NULL, "ドイツ連邦共和国ベルリン市" };

static const int licence[] = { 0 }, passport[] = { 2 };

/* ---- The clerk on the PIN screens ------------------------------------ */

/* w's card in the reader, the clerk logged in, the form of the menu
 * entry (5, 6: the PIN form; 7: the face-auth switch) opened for w. */
static struct vt *
open_form(const struct ctr_who *w, const char *menu_key, const char *title)
{
	struct store_person p;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card_of(w), 0);
	v = ctr_login();
	ctr_find_person(v, menu_key, w->kana);
	ctr_press(v, VT_KEY_F6, title);
	ctr_person_of(w, &p);
	CU_ASSERT_TRUE(ctr_wait_text(v, p.name, CTR_WAIT_MS));
	return v;
}

/* The field of the PIN form on screen with the cursor: 0 when it opens
 * (new_form), kept while its shared pages come and go. */
static int form_focus;

/* Choices on the PIN form: one character per field in its order
 * (受付窓口, 経由の事由, 手続き, 対象の暗証番号, 申請する人, 照会書の回答書),
 * the digit typed into it or '.' for none. */
static void
form_choose(struct vt *v, const char *digits)
{
	char digit[2] = "";
	int i;

	for (i = 0; i < NFIELDS && digits[i] != '\0'; i++) {
		if (digits[i] == '.')
			continue;
		digit[0] = digits[i];
		ctr_choose(v, &form_focus, NFIELDS, i, digit);
	}
}

/* F6 on the person's record: a new PIN form, its choices made. */
static void
new_form(struct vt *v, const char *choices)
{
	ctr_press(v, VT_KEY_F6, FORM);
	form_focus = 0;
	form_choose(v, choices);
}

/* The PIN form for w opened from menu_key and its choices made. */
static struct vt *
pin_form(const struct ctr_who *w, const char *menu_key, const char *choices)
{
	struct vt *v = open_form(w, menu_key, FORM);

	form_focus = 0;
	form_choose(v, choices);
	return v;
}

/* F5 on a form the rules accept: the PIN screen of title opens. */
static void
accept(struct vt *v, const char *title)
{
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F5, title);
	CU_ASSERT_TRUE(ctr_wait_text(v, "カード確認の暗証番号", CTR_WAIT_MS));
}

/* The PINs typed on the PIN screen (the card-check PIN first; NULL ends
 * them), never shown, and F5: the steps run. */
static void __attribute__((sentinel))
run_pins(struct vt *v, ...)
{
	va_list ap;
	int i;

	/* After a failed run the fields are empty again, the cursor where
	 * it was: up to the first. */
	for (i = 0; i < 8 && !vt_has_text(v, "> カード確認の暗証番号"); i++) {
		vt_key(v, VT_KEY_UP);
		vt_pump(v, 50);
	}
	CU_ASSERT_TRUE(vt_has_text(v, "> カード確認の暗証番号"));
	va_start(ap, v);
	ctr_vfill(v, ap);
	va_end(ap);
	CU_ASSERT_TRUE(ctr_wait_text(v, "****", CTR_WAIT_MS));
	vt_key(v, VT_KEY_F5);
}

/* Every PIN the tests type, PIN B too: none is ever on a receipt. */
static const char *const typed_pins[] = { "1234", "ABC123", "5678",
	"MEGU2026", "4321", "9999", "9998", "9997", "2580", "8642",
	"OSAMU1963", "63101020351111", "1357", "HAYASHI70", "7070", "3141",
	NULL };

/* The printed receipt named on the screen ("印刷: PATH"): a PDF whose
 * text has the slip's title and form, and none of the PINs typed. */
static void
receipt_pdf(const char *scr, const char *form)
{
	const char *p = strstr(scr, "印刷: ");
	char path[256], *text;
	size_t i, n;
	int status;

	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	p += strlen("印刷: ");
	n = strcspn(p, " \n");
	CU_ASSERT_FATAL(n > 4 && n < sizeof(path));
	snprintf(path, sizeof(path), "%.*s", (int)n, p);
	CU_ASSERT_STRING_EQUAL(path + n - 4, ".pdf");
	text = test_output(&status, "pdftotext -enc UTF-8 '%s' -", path);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "受付票"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, form));
	for (i = 0; typed_pins[i] != NULL; i++)
		if (strstr(text, typed_pins[i]) != NULL) {
			fprintf(stderr, "the printed receipt has PIN %s\n",
			    typed_pins[i]);
			CU_FAIL("a PIN on the printed receipt");
		}
	free(text);
}

/* The receipt on screen, processed, on form; each of the lines after
 * form (NULL ends them) on it and none of the PINs typed. */
static void __attribute__((sentinel))
receipt(struct vt *v, const char *form, ...)
{
	char line[160], *scr;
	const char *text;
	size_t i;
	va_list ap;

	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "受付票", RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "処理済み", CTR_WAIT_MS));
	snprintf(line, sizeof(line), "申請様式:   %s", form);
	CU_ASSERT_TRUE(vt_has_text(v, line));
	va_start(ap, form);
	while ((text = va_arg(ap, const char *)) != NULL)
		CU_ASSERT_TRUE(ctr_wait_text(v, text, CTR_WAIT_MS));
	va_end(ap);
	scr = vt_screen(v);
	for (i = 0; typed_pins[i] != NULL; i++)
		if (strstr(scr, typed_pins[i]) != NULL) {
			fprintf(stderr, "the receipt shows PIN %s\n",
			    typed_pins[i]);
			CU_FAIL("a PIN on the receipt");
		}
	receipt_pdf(scr, form);
	free(scr);
}

/* ---- What the card and the database say ------------------------------ */

/* The card takes pin for kind, its tries full again (max). */
static void
takes(enum card_pin kind, const char *pin, int max)
{
	int tries = -1;

	CU_ASSERT_EQUAL(ctr_card_verify(kind, pin, &tries), 0);
	CU_ASSERT_EQUAL(tries, max);
}

/* The card refuses pin for kind as wrong, left tries after. */
static void
refuses(enum card_pin kind, const char *pin, int left)
{
	int tries = -1;

	CU_ASSERT_EQUAL(ctr_card_verify(kind, pin, &tries), CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(tries, left);
}

/* The counter's record of w's card: face-auth or not. */
static int
face_auth(const struct ctr_who *w)
{
	struct store_card card;

	return ctr_card_record(w->card_no, &card) == 0 ? card.face_auth : -1;
}

/* ---- The tests ------------------------------------------------------- */

/* 1. She changes both PINs herself (R4.9): the current ones typed, the
 * new ones twice; the card then refuses the old ones (a try counted) and
 * takes the new ones (tries full). */
static void
test_change_both(void)
{
	struct vt *v = pin_form(&megumi, "5", "..21");	/* 変更, 両方 */

	CU_ASSERT_TRUE(ctr_wait_text(v, FORM4,
	    CTR_WAIT_MS));
	ctr_documents(v, licence, 1, FORM);
	ctr_card_check(v, "1234", "1234", FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "署名用・利用者証明用を変更",
	    CTR_WAIT_MS));
	accept(v, "暗証番号の変更");
	CU_ASSERT_TRUE(vt_has_text(v, "利用者証明 現在"));
	CU_ASSERT_TRUE(vt_has_text(v, "署名用 現在"));
	/* Per the screen: user first (current, new, again), then signature. */
	run_pins(v, "1234", "1234", "5678", "5678", "ABC123", "MEGU2026",
	    "MEGU2026", (char *)NULL);
	receipt(v, FORM4, SIGN_PIN "変更しました", USER_PIN "変更しました",
	    (char *)NULL);
	ctr_logout(v);
	refuses(CARD_PIN_USER, "1234", 2);
	takes(CARD_PIN_USER, "5678", 3);
	refuses(CARD_PIN_SIGN, "ABC123", 4);
	takes(CARD_PIN_SIGN, "MEGU2026", 5);
}

/* The PIN screen's message after F5, then Enter: the screen stays, its
 * fields empty. */
static void
pin_message(struct vt *v, const char *text)
{
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "暗証番号を設定できませんでした",
	    RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, text, CTR_WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "暗証番号を設定できませんでした",
	    CTR_WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "****"));
}

/* From the PIN screen to the record, the pending application (the one
 * highlighted) cancelled. */
static void
cancel_pending(struct vt *v)
{
	ctr_press(v, VT_KEY_F9, "本人の記録");
	ctr_cancel_app(v, "暗証番号のロック", "取り消しました");
	CU_ASSERT_TRUE(ctr_wait_text(v, "本人の記録", CTR_WAIT_MS));
}

/* 2. A wrong current PIN: the tries left are said and nothing changes;
 * the right one then works. A second change with the current PIN wrong
 * three times blocks it: the clerk is told it is locked and a reset is
 * needed; the change cancelled, a reset (初期化) filed, its card check
 * by the printed face (the user PIN cannot be verified), makes it work. */
static void
test_wrong_then_blocked(void)
{
	struct vt *v = pin_form(&takuya, "5", "..23");	/* 変更, 利用者証明用 */

	ctr_documents(v, licence, 1, FORM);
	ctr_card_check(v, "1234", "1234", FORM);
	accept(v, "暗証番号の変更 (利用者証明用)");
	CU_ASSERT_FALSE(vt_has_text(v, "署名用"));
	run_pins(v, "1234", "9999", "4321", "4321", (char *)NULL);
	pin_message(v, "今の暗証番号が違います (残り 2 回)");
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_USER), 2);
	run_pins(v, "1234", "1234", "4321", "4321", (char *)NULL);
	receipt(v, FORM4, USER_PIN "変更しました", (char *)NULL);
	ctr_press(v, VT_KEY_F9, "本人の記録");
	takes(CARD_PIN_USER, "4321", 3);

	/* Wrong three times: blocked. */
	new_form(v, "..23");
	ctr_documents(v, licence, 1, FORM);
	ctr_card_check(v, "1234", "4321", FORM);
	accept(v, "暗証番号の変更 (利用者証明用)");
	run_pins(v, "1234", "9999", "2580", "2580", (char *)NULL);
	pin_message(v, "(残り 2 回)");
	run_pins(v, "1234", "9998", "2580", "2580", (char *)NULL);
	pin_message(v, "(残り 1 回)");
	run_pins(v, "1234", "9997", "2580", "2580", (char *)NULL);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "暗証番号を設定できませんでした",
	    RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "ロック", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "初期化"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_USER), 0);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "4321", NULL),
	    CARD_E_PIN_BLOCKED);
	cancel_pending(v);

	/* The reset. */
	new_form(v, "..13");		/* 初期化, 利用者証明用 */
	ctr_documents(v, licence, 1, FORM);
	ctr_card_check_face(v, "1234", NULL, FORM);
	accept(v, "暗証番号の初期化 (利用者証明用)");
	run_pins(v, "1234", "2580", "2580", (char *)NULL);
	receipt(v, FORM4, USER_PIN "初期化しました", (char *)NULL);
	ctr_logout(v);
	takes(CARD_PIN_USER, "2580", 3);
}

/* The agent's page (F3) with the items of R4.7 (R2.12): the power of
 * attorney, the sealed PIN request form, the agent's own licence; the
 * form's decision names each one missing until it is there. */
static void
agent_page(struct vt *v)
{
	int focus = 0;

	ctr_press(v, VT_KEY_F3, "委任状");
	CU_ASSERT_TRUE(ctr_wait_text(v, "委任状がありません", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "暗証番号設定依頼書がありません"));
	CU_ASSERT_TRUE(vt_has_text(v, "任意代理人の本人確認書類"));
	ctr_choose(v, &focus, NPAGE2, 4, "2");		/* 委任状: あり */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", CTR_WAIT_MS));
	ctr_choose(v, &focus, NPAGE2, 5, "2");		/* 依頼書: あり */
	CU_ASSERT_TRUE(vt_wait_gone(v, "委任状がありません", CTR_WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "暗証番号設定依頼書がありません"));
	ctr_documents(v, licence, 1, "法定代理人の別");
	CU_ASSERT_TRUE(vt_wait_gone(v, "任意代理人の本人確認書類",
	    CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F9, FORM);
}

/* 3. An agent resets both PINs (R4.7, R4.10): without the reply to the
 * inquiry the form refuses; with the power of attorney, the sealed PIN
 * request form, the agent's licence and the reply, it accepts, and staff
 * type the PINs from the request form. The card is checked by the clerk
 * with PIN B off its face (the holder is not there to type a PIN); the
 * PIN screen asks that number again. */
static void
test_agent_reset(void)
{
	/* PIN B: birth YYMMDD, the expiry's year, the security code. */
	const char *pin_b = "63101020351111";
	/* 初期化, 両方, 任意代理人 */
	struct vt *v = pin_form(&osamu, "5", "..113");

	agent_page(v);
	ctr_documents(v, licence, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "照会回答書がありません"));
	form_choose(v, ".....2");			/* 回答書: あり */
	CU_ASSERT_TRUE(vt_wait_gone(v, "照会回答書がありません", CTR_WAIT_MS));
	ctr_card_check_face(v, NULL, pin_b, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "職員が依頼書から入力", CTR_WAIT_MS));
	accept(v, "暗証番号の初期化");
	CU_ASSERT_TRUE(vt_has_text(v, "照合番号B"));
	CU_ASSERT_FALSE(vt_has_text(v, "現在"));
	run_pins(v, pin_b, "8642", "8642", "OSAMU1963", "OSAMU1963",
	    (char *)NULL);
	receipt(v, FORM4, SIGN_PIN "初期化しました", USER_PIN "初期化しました",
	    BY_STAFF, (char *)NULL);
	CU_ASSERT_FALSE(vt_has_text(v, pin_b));
	ctr_logout(v);
	takes(CARD_PIN_USER, "8642", 3);
	takes(CARD_PIN_SIGN, "OSAMU1963", 5);
	refuses(CARD_PIN_SIGN, "ABC123", 4);
}

/* 4. A 7-year-old's user PIN reset by her parent (R4.4, R4.6): filed by
 * herself it is refused; the parent's authority (the city's records)
 * and licence, her passport; the new PIN typed by them. */
static void
test_child_parent(void)
{
	struct vt *v = pin_form(&aya, "5", "..13");	/* 初期化, 利用者 */
	int focus = 0;

	ctr_documents(v, passport, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "法定代理人が行います", CTR_WAIT_MS));
	form_choose(v, "....2");			/* 法定代理人 */
	CU_ASSERT_TRUE(vt_wait_gone(v, "法定代理人が行います", CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F3, "法定代理人の別");
	ctr_choose(v, &focus, NPAGE2, 3, "3");		/* 代理権: 市の記録 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	ctr_press(v, VT_KEY_F9, FORM);
	ctr_card_check(v, "1234", "1234", FORM);
	accept(v, "暗証番号の初期化 (利用者証明用)");
	run_pins(v, "1234", "1357", "1357", (char *)NULL);
	receipt(v, FORM4, USER_PIN "初期化しました", (char *)NULL);
	ctr_logout(v);
	takes(CARD_PIN_USER, "1357", 3);
	refuses(CARD_PIN_USER, "1234", 2);
}

/* 5. The switch to a face-auth card (R4-3.7) of a person with both
 * certs: asked once, run with the card-check PIN only, the card-face
 * writing recorded, the receipt. The user PIN is then locked, the
 * signature cert revoked (the database, the CA, its CRL), the card
 * recorded face-auth. */
static void
test_face_switch(void)
{
	struct ctr_cert sig, usr;
	char pem[800], crl[700], *out;
	int state, reason;
	struct vt *v;

	ctr_issue_certs(&miho, RULES_CERT_SIGNATURE | RULES_CERT_USER);
	v = open_form(&miho, "7", FACE_FORM);
	ctr_documents(v, licence, 1, FACE_FORM);
	ctr_card_check(v, "1234", "1234", FACE_FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	ctr_answer_yes(v, VT_KEY_F5, "有効な署名用電子証明書は失効します",
	    "カード確認の暗証番号", CTR_WAIT_MS);
	CU_ASSERT_FALSE(vt_has_text(v, "利用者証明 暗証番号"));
	run_pins(v, "1234", (char *)NULL);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, MARK, RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "「顔認証」と切り替えた年月日",
	    CTR_WAIT_MS));
	vt_key(v, VT_KEY_F5);
	receipt(v, FORM10, "顔認証マイナンバーカードへの切替: 切り替えました",
	    "署名用電子証明書: 失効しました",
	    "カードの追記欄: 「顔認証」と年月日を記載しました", (char *)NULL);
	ctr_logout(v);
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_USER), 0);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "1234", NULL),
	    CARD_E_PIN_BLOCKED);
	CU_ASSERT_EQUAL(face_auth(&miho), 1);
	ctr_cert_of(&miho, "signature", &sig);
	CU_ASSERT_STRING_EQUAL(sig.state, "revoked");
	CU_ASSERT_EQUAL_FATAL(ctr_ca_cert(sig.serial, &state, &reason, pem,
	    sizeof(pem)), 0);
	CU_ASSERT_EQUAL(state, ISSUER_STATE_REVOKED);
	CU_ASSERT_NOT_EQUAL(ctr_crl_verify(pem, "signature", crl, sizeof(crl),
	    &out), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
	free(out);
	/* The user cert stays: the card is still hers for face-auth use. */
	ctr_cert_of(&miho, "user", &usr);
	CU_ASSERT_STRING_EQUAL(usr.state, "valid");
}

/* 7. The signature PIN alone reset on the face-auth card: the user PIN
 * stays locked and the card face-auth (no card-face screen, R4-3.7); the
 * new signature PIN works. */
static void
test_face_sign_only(void)
{
	struct vt *v = pin_form(&miho, "5", "..12");	/* 初期化, 署名用 */

	ctr_documents(v, licence, 1, FORM);
	ctr_card_check_face(v, "1234", NULL, FORM);
	accept(v, "暗証番号の初期化 (署名用)");
	CU_ASSERT_FALSE(vt_has_text(v, "顔認証の解除"));
	run_pins(v, "1234", "HAYASHI70", "HAYASHI70", (char *)NULL);
	receipt(v, FORM4, SIGN_PIN "初期化しました", (char *)NULL);
	CU_ASSERT_FALSE(vt_has_text(v, MARK));
	CU_ASSERT_FALSE(vt_has_text(v, "再開しました"));
	ctr_logout(v);
	CU_ASSERT_EQUAL(face_auth(&miho), 1);
	CU_ASSERT_EQUAL(ctr_card_tries(CARD_PIN_USER), 0);
	takes(CARD_PIN_SIGN, "HAYASHI70", 5);
}

/* 6. The face-auth card released by a user-PIN reset (R4.3): the form
 * says so, the card-face screen asks for the strike-through (R4.11)
 * before the receipt; the card is no longer face-auth and takes the new
 * user PIN. */
static void
test_face_release(void)
{
	struct vt *v = pin_form(&miho, "5", "..13");	/* 初期化, 利用者 */

	ctr_documents(v, licence, 1, FORM);
	ctr_card_check_face(v, "1234", NULL, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "顔認証の解除", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "取り消し線"));
	accept(v, "暗証番号の初期化 (利用者証明用)");
	run_pins(v, "1234", "7070", "7070", (char *)NULL);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, MARK, RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "暗証番号の利用を再開しました",
	    CTR_WAIT_MS));
	CU_ASSERT_EQUAL(face_auth(&miho), 0);
	vt_key(v, VT_KEY_F5);
	receipt(v, FORM4, USER_PIN "初期化しました",
	    "顔認証カードの暗証番号の利用: 再開しました",
	    "「顔認証」の記載に取り消し線を引きました", (char *)NULL);
	ctr_logout(v);
	takes(CARD_PIN_USER, "7070", 3);
}

/* 8. An overseas person at an embassy changes her user PIN (R4-2.1,
 * form 13): her passport; staff set the PIN from the sealed request
 * form (R4-2.6), so no current PIN is asked. */
static void
test_overseas_embassy(void)
{
	struct vt *v = pin_form(&yuki, "6", "4.23");	/* 在外公館, 変更 */
	int focus = 0;

	CU_ASSERT_TRUE(ctr_wait_text(v, "国外転出者", CTR_WAIT_MS));
	ctr_documents(v, passport, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "暗証番号設定依頼書がありません",
	    CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F3, "委任状");
	ctr_choose(v, &focus, NPAGE2, 5, "2");		/* 依頼書: あり */
	ctr_press(v, VT_KEY_F9, FORM);
	ctr_card_check(v, "1234", "1234", FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, FORM13,
	    CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "職員が依頼書から入力"));
	accept(v, "暗証番号の変更 (利用者証明用、依頼書から)");
	/* Staff have the new PIN only (R4-2.6). */
	CU_ASSERT_FALSE(vt_has_text(v, "利用者証明 現在"));
	run_pins(v, "1234", "3141", "3141", (char *)NULL);
	receipt(v, FORM13, USER_PIN "変更しました", BY_STAFF, (char *)NULL);
	ctr_logout(v);
	takes(CARD_PIN_USER, "3141", 3);
	refuses(CARD_PIN_USER, "1234", 2);
}

/* 9. Her change on a reader with a PIN pad: the screen asks only the
 * card-check PIN and says the pad takes the rest; what she presses on
 * the pad (queued on the emulated pad: the current PIN, the new one
 * twice) changes it, and no PIN of hers is typed on the screen. */
static void
test_change_on_pad(void)
{
	static const char *const keys[] = { "1234", "8642", "8642" };
	struct store_person p;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card_of_pad(&megumi, 1), 0);
	v = ctr_login();
	ctr_find_person(v, "5", megumi.kana);
	ctr_press(v, VT_KEY_F6, FORM);
	ctr_person_of(&megumi, &p);
	CU_ASSERT_TRUE(ctr_wait_text(v, p.name, CTR_WAIT_MS));
	form_focus = 0;
	form_choose(v, "..23");				/* 変更, 利用者証明用 */
	ctr_documents(v, licence, 1, FORM);
	ctr_card_check(v, "1234", "1234", FORM);
	accept(v, "暗証番号の変更 (PINパッド)");
	CU_ASSERT_TRUE(ctr_wait_text(v, "PINパッドで", CTR_WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "利用者証明 現在"));
	CU_ASSERT_FALSE(vt_has_text(v, "利用者証明 暗証番号"));
	CU_ASSERT_EQUAL_FATAL(ctr_pad_keys(keys, nitems(keys)), 0);
	run_pins(v, "1234", (char *)NULL);
	receipt(v, FORM4, USER_PIN "変更しました", (char *)NULL);
	ctr_logout(v);
	refuses(CARD_PIN_USER, "1234", 2);
	takes(CARD_PIN_USER, "8642", 3);
}

static CU_TestInfo pin_tests[] = {
	{ "change both PINs: the old refused, the new taken",
	  test_change_both },
	{ "a wrong current PIN, then blocked, then a reset",
	  test_wrong_then_blocked },
	{ "an agent's reset from the sealed PIN request form",
	  test_agent_reset },
	{ "a child's user PIN reset by her parent", test_child_parent },
	{ "the switch to a face-auth card", test_face_switch },
	{ "face-auth: the signature PIN alone keeps it face-auth",
	  test_face_sign_only },
	{ "face-auth released by a user-PIN reset", test_face_release },
	{ "overseas: a change at an embassy", test_overseas_embassy },
	{ "a change typed on the reader's PIN pad", test_change_on_pad },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(pin, "pin.e2e", ctr_suite_init_direct, ctr_suite_clean, pin_tests)
