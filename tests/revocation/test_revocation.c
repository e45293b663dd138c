/*
 * Revocation end to end, as a clerk does it: the person's certs issued
 * first (through the proc API, onto the person's own emulated card), then
 * `ssh -tt` to madoguchi-sshd, the revocation taken from the menu on the
 * form and its shared pages, run, and the receipt read. One test per
 * route (the card, a serial paper, the letter, a legal representative,
 * an embassy, a lost card, a hold and the card found, for a resident and
 * an overseas person). After each: the
 * CRL the CA publishes makes `openssl verify -crl_check` reject the
 * revoked cert with the reason of the application and keep the other,
 * and the database, the card and the CA agree.
 */
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

#define RUN_MS		30000	/* the issuer and the CRL */
#define FORM		"失効申請の受付"
#define NFIELDS		7	/* the revocation form's fields */

/* Why a cert is on the CRL: the CA's reason (and its state), as openssl
 * prints the CRL's reason code, as the receipt says it. */
enum { CESSATION, COMPROMISE, HOLD };
static const struct {
	enum issuer_reason	 code;
	enum issuer_state	 state;
	const char		*crl;
	const char		*ja;
} reasons[] = {
	[CESSATION] = { ISSUER_REASON_CESSATION_OF_OPERATION,
	  ISSUER_STATE_REVOKED, "Cessation Of Operation", "失効申請" },
	[COMPROMISE] = { ISSUER_REASON_KEY_COMPROMISE, ISSUER_STATE_REVOKED,
	  "Key Compromise", "秘密鍵の漏えい等の届出" },
	[HOLD] = { ISSUER_REASON_CERTIFICATE_HOLD, ISSUER_STATE_ON_HOLD,
	  "Certificate Hold", "一時保留" },
};
#define NOT_ON_CRL	(-1)

static const struct ctr_who yumi = { "タカハシユミ", "DM0000000084",
	"2034-06-12", NULL };
static const struct ctr_who minoru = { "タナカミノル", "DM0000000091",
	"2034-12-08", NULL };
static const struct ctr_who ichiro = { "スズキイチロウ", "DM0000000063",
	"2034-04-01", NULL };
static const struct ctr_who sakura = { "マドグチサクラ", "DM0000000002",
	"2031-01-10", NULL };
static const struct ctr_who ryo = { "フジタリョウ", "DM0000000003",
	"2034-04-04", "アメリカ合衆国ニューヨーク州" };
static const struct ctr_who sho = { "イトウショウ", "DM0000000098",
	"2032-02-29", NULL };
static const struct ctr_who susumu = { "ハセガワススム", "DM0000000280",
	"2034-01-01", "タイ王国バンコク都" };
static const struct ctr_who taichi = { "マドグチイチロウ", "DM0000000014",
	"2034-07-19", NULL };

/* ---- What the database, the card, the CA and its CRL say -------------- */

/* The entry of serial in the CRL text openssl prints ("" if none). */
static void
crl_entry(const char *text, const char *serial, char *out, size_t size)
{
	const char *p = text, *end;
	char s[ISSUER_SERIAL_MAX];

	out[0] = '\0';
	while ((p = strstr(p, "Serial Number: ")) != NULL) {
		p += strlen("Serial Number: ");
		snprintf(s, sizeof(s), "%.*s", (int)strcspn(p, " \n"), p);
		end = strstr(p, "Serial Number: ");
		if (ctr_same_serial(s, serial)) {
			snprintf(out, size, "%.*s", end == NULL ?
			    (int)strlen(p) : (int)(end - p), p);
			return;
		}
	}
}

/*
 * The CA's cert of serial in the state (and for the reason) of reasons[],
 * and its CRL as `madoguchi ca crl --out -` publishes it: `openssl verify
 * -crl_check` rejects the cert as revoked and the CRL lists it with the
 * reason; NOT_ON_CRL: the cert is valid, on no CRL, and verifies.
 */
static void
check_crl(const char *serial, const char *kind, int reason)
{
	int state, why, status;
	char pem[800], crl[700], entry[1024], *out;

	CU_ASSERT_EQUAL_FATAL(ctr_ca_cert(serial, &state, &why, pem,
	    sizeof(pem)), 0);
	CU_ASSERT_EQUAL(state, reason == NOT_ON_CRL ? ISSUER_STATE_VALID :
	    (int)reasons[reason].state);
	CU_ASSERT_EQUAL(why, reason == NOT_ON_CRL ? ISSUER_REASON_NONE :
	    (int)reasons[reason].code);
	status = ctr_crl_verify(pem, kind, crl, sizeof(crl), &out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	if (reason == NOT_ON_CRL) {
		CU_ASSERT_EQUAL(status, 0);
	} else {
		CU_ASSERT_NOT_EQUAL(status, 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
	}
	free(out);
	out = test_output(&status, "openssl crl -in %s -noout -text", crl);
	crl_entry(out, serial, entry, sizeof(entry));
	if (reason == NOT_ON_CRL) {
		CU_ASSERT_STRING_EQUAL(entry, "");
	} else if (strstr(entry, reasons[reason].crl) == NULL) {
		fprintf(stderr, "CRL entry of %s, not %s:\n%s\n", serial,
		    reasons[reason].crl, entry);
		CU_FAIL("the CRL's reason");
	}
	free(out);
}

/* w's cert of kind revoked for reason everywhere: the database, the CA
 * and its CRL, and on the receipt on screen in Japanese. */
static void
revoked(struct vt *v, const struct ctr_who *w, const char *kind, int reason,
    struct ctr_cert *r)
{
	char line[128];

	ctr_cert_of(w, kind, r);
	CU_ASSERT_STRING_EQUAL(r->state, "revoked");
	CU_ASSERT_STRING_EQUAL(r->reason, issuer_reason_name(
	    reasons[reason].code));
	check_crl(r->serial, kind, reason);
	snprintf(line, sizeof(line), "シリアル番号 %s", r->serial);
	CU_ASSERT_TRUE(ctr_wait_text(v, line, CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, reasons[reason].ja));
}

/* w's cert of kind still valid everywhere and not on the receipt. */
static void
kept(struct vt *v, const struct ctr_who *w, const char *kind,
    struct ctr_cert *r)
{
	ctr_cert_of(w, kind, r);
	CU_ASSERT_STRING_EQUAL(r->state, "valid");
	check_crl(r->serial, kind, NOT_ON_CRL);
	CU_ASSERT_FALSE(vt_has_text(v, r->serial));
}

/* The card in the reader still holds the cert the database names. */
static void
on_card(enum card_cert_slot slot, const struct ctr_cert *r)
{
	char serial[96];

	ctr_card_serial(slot, slot == CARD_CERT_SIGN ? "ABC123" : NULL, serial,
	    sizeof(serial));
	CU_ASSERT_TRUE(ctr_same_serial(serial, r->serial));
}

/* The receipt on screen (受付票, 処理済み) names no PIN: the serials on it
 * blanked, none of the card's PINs is left in its text. */
static void
receipt_no_pin(struct vt *v, const struct ctr_cert *r, size_t n)
{
	char *scr = vt_screen(v), *p;
	size_t i;

	CU_ASSERT_PTR_NOT_NULL(strstr(scr, "受付票"));
	CU_ASSERT_PTR_NOT_NULL(strstr(scr, "処理済み"));
	for (i = 0; i < n; i++)
		while (r[i].serial[0] != '\0' &&
		    (p = strstr(scr, r[i].serial)) != NULL)
			memset(p, '#', strlen(r[i].serial));
	CU_ASSERT_PTR_NULL(strstr(scr, "1234"));
	CU_ASSERT_PTR_NULL(strstr(scr, "ABC123"));
	free(scr);
}

/* The card in the reader holds w's certs of certs as the database names
 * them: a revocation leaves the card as it is, the CRL revokes. */
static void
card_agrees(const struct ctr_who *w, unsigned certs)
{
	struct ctr_cert r;

	if (certs & RULES_CERT_SIGNATURE) {
		ctr_cert_of(w, "signature", &r);
		on_card(CARD_CERT_SIGN, &r);
	}
	if (certs & RULES_CERT_USER) {
		ctr_cert_of(w, "user", &r);
		on_card(CARD_CERT_USER, &r);
	}
}

/* Each of w's certs of certs (RULES_CERT_*) revoked for reason; the
 * receipt names no PIN; with the card in the reader, it holds them. */
static void
all_revoked(struct vt *v, const struct ctr_who *w, unsigned certs, int reason,
    int card_in)
{
	struct ctr_cert r[2];
	size_t n = 0;

	if (certs & RULES_CERT_SIGNATURE)
		revoked(v, w, "signature", reason, &r[n++]);
	if (certs & RULES_CERT_USER)
		revoked(v, w, "user", reason, &r[n++]);
	receipt_no_pin(v, r, n);
	if (card_in)
		card_agrees(w, certs);
}

/* ---- The clerk on the revocation screens ----------------------------- */

/* From the menu's revocation entry to the form for w. */
static void
start_revocation(struct vt *v, const char *menu_key, const struct ctr_who *w)
{
	struct store_person p;

	ctr_find_person(v, menu_key, w->kana);
	ctr_press(v, VT_KEY_F6, FORM);
	ctr_person_of(w, &p);
	CU_ASSERT_TRUE(ctr_wait_text(v, p.name, CTR_WAIT_MS));
}

/* The choices of the form just opened: one character per field in the
 * form's order (受付窓口 first), the digit typed into it or '.' for none. */
static void
form_choose(struct vt *v, const char *digits)
{
	char digit[2] = "";
	int focus = 0, i;

	for (i = 0; i < NFIELDS && digits[i] != '\0'; i++) {
		if (digits[i] == '.')
			continue;
		digit[0] = digits[i];
		ctr_choose(v, &focus, NFIELDS, i, digit);
	}
}

/* w's certs (RULES_CERT_*) issued, the clerk logged in, w's revocation
 * form opened from the menu entry menu_key and its choices made. */
static struct vt *
revoke_form(const struct ctr_who *w, unsigned certs, const char *menu_key,
    const char *choices)
{
	struct vt *v;

	ctr_issue_certs(w, certs);
	v = ctr_login();
	start_revocation(v, menu_key, w);
	form_choose(v, choices);
	return v;
}

/* The receipt after the steps ran, naming the form filed. */
static void
receipt_of(struct vt *v, const char *form)
{
	char line[128];

	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "受付票", RUN_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "失効した電子証明書", CTR_WAIT_MS));
	snprintf(line, sizeof(line), "申請様式:   %s", form);
	CU_ASSERT_TRUE(ctr_wait_text(v, line, CTR_WAIT_MS));
}

/* F5 on the form: the clerk is asked once, the certs named (what, e.g.
 * 署名用・利用者証明用), for a revocation cannot be undone; y accepts
 * and runs it at once. */
static void
accept_run(struct vt *v, const char *what, const char *form)
{
	char line[160];

	snprintf(line, sizeof(line), "%sの電子証明書を失効します", what);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, line, CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "失効は取り消せません"));
	vt_type(v, "y");
	receipt_of(v, form);
}

/* ---- The routes ------------------------------------------------------- */

#define BOTH	(RULES_CERT_SIGNATURE | RULES_CERT_USER)

static const int licence[] = { 0 }, passport[] = { 2 };

/* 1. She brings her card: the chip read with her PINs (F4) shows the
 * certs to revoke (R3.8); both revoked on her 失効申請. */
static void
test_self_card(void)
{
	struct ctr_cert r[2];
	char line[128];
	struct vt *v;

	v = revoke_form(&yumi, BOTH, "3", "");
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第3号", CTR_WAIT_MS));
	ctr_documents(v, licence, 1, FORM);
	/* Identified by the card, which is not read yet. */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "F4 でカードを読みます"));
	ctr_card_check(v, "1234", "1234", FORM);
	/* Known bug on main: the form may still say 受付できません here. */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	/* The certs listed are the ones on the chip. */
	card_agrees(&yumi, BOTH);
	ctr_cert_of(&yumi, "signature", &r[0]);
	ctr_cert_of(&yumi, "user", &r[1]);
	snprintf(line, sizeof(line), "署名用 %s", r[0].serial);
	CU_ASSERT_TRUE(vt_has_text(v, line));
	snprintf(line, sizeof(line), "利用者証明用 %s", r[1].serial);
	CU_ASSERT_TRUE(vt_has_text(v, line));
	accept_run(v, "署名用・利用者証明用", "様式第3号");
	all_revoked(v, &yumi, BOTH, CESSATION, 1);
	ctr_logout(v);
}

/* 2. No card, a paper showing the serials (R3.8): the clerk unticks the
 * user cert on the list; only the signature cert is revoked. */
static void
test_self_paper(void)
{
	struct store_app app;
	struct ctr_cert r;
	struct vt *v;

	v = revoke_form(&minoru, BOTH, "3", "....2");	/* シリアル番号の書類 */
	ctr_cert_of(&minoru, "user", &r);
	CU_ASSERT_EQUAL_FATAL(ctr_pull_card(), 0);
	ctr_documents(v, licence, 1, FORM);
	ctr_press(v, VT_KEY_F7, "失効する証明書の選択");
	CU_ASSERT_TRUE(ctr_wait_text(v, "[*] 利用者証明用", CTR_WAIT_MS));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(ctr_wait_text(v, "[ ] 利用者証明用", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "[*] 署名用"));
	ctr_press(v, VT_KEY_ESC, "受付窓口");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, r.serial));
	/* Asked, the clerk says no: nothing is saved. */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "失効は取り消せません", CTR_WAIT_MS));
	vt_type(v, "n");
	CU_ASSERT_TRUE(vt_wait_gone(v, "失効は取り消せません", CTR_WAIT_MS));
	ctr_last_app(minoru.kana, &app);
	CU_ASSERT_STRING_EQUAL(app.procedure, "issue");
	accept_run(v, "署名用", "様式第3号");
	all_revoked(v, &minoru, RULES_CERT_SIGNATURE, CESSATION, 0);
	kept(v, &minoru, "user", &r);
	CU_ASSERT_FALSE(vt_has_text(v, "利用者証明用電子証明書"));
	ctr_logout(v);
	CU_ASSERT_EQUAL_FATAL(ctr_put_card_back(), 0);
	card_agrees(&minoru, BOTH);
}

/* The letter 様式第4号 sent from the form; its reference number. */
static void
send_letter(struct vt *v, const struct ctr_who *w, char *ref, size_t size)
{
	struct store_app app;

	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "回答待ちで保存しますか", CTR_WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "を印刷し", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第4号"));
	ctr_screen_ref(v, ref, size);
	CU_ASSERT_TRUE_FATAL(ref[0] != '\0');
	/* The letter's PDF: its number, and 転送不要 as R3.7 mails it. */
	CU_ASSERT_EQUAL(test_system("pdftotext -enc UTF-8 "
	    "'%s/print/letter-%s.pdf' - | grep -q '%s'", ctr_state(), ref, ref),
	    0);
	CU_ASSERT_EQUAL(test_system("pdftotext -enc UTF-8 "
	    "'%s/print/letter-%s.pdf' - | grep -q '転送不要'", ctr_state(), ref),
	    0);
	ctr_last_app(w->kana, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "waiting_reply");
	ctr_press(v, VT_KEY_ENTER, "回答書待ち");
}

/* 3. An agent without the inquiry reply: refused, the letter 様式第4号
 * sent (R3.6, R3.7); nothing revoked until the reply, taken back by its
 * number, lets the steps run. A key-compromise notice. */
static void
test_agent_letter(void)
{
	struct ctr_cert r;
	char ref[32];
	struct vt *v;

	/* 任意代理人, 秘密鍵の漏えい等の届出, シリアル番号の書類 */
	v = revoke_form(&ichiro, BOTH, "3", "..322");
	ctr_agent_page(v, FORM);
	ctr_documents(v, licence, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "照会回答書", CTR_WAIT_MS));
	send_letter(v, &ichiro, ref, sizeof(ref));
	ctr_cert_of(&ichiro, "signature", &r);
	CU_ASSERT_STRING_EQUAL(r.state, "valid");
	/* The reply comes back. */
	ctr_press(v, VT_KEY_F9, HS_UI_READY);
	vt_type(v, "b");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "整理番号", CTR_WAIT_MS));
	vt_type(v, ref);
	ctr_press(v, VT_KEY_F5, "送付済み");
	ctr_press(v, VT_KEY_F5, "受け付けた申請の続き");
	CU_ASSERT_TRUE(ctr_wait_text(v, "秘密鍵の漏えい等の届出", CTR_WAIT_MS));
	vt_key(v, VT_KEY_F5);				/* 実行: no question */
	receipt_of(v, "様式第3号");
	all_revoked(v, &ichiro, BOTH, COMPROMISE, 1);
	ctr_logout(v);
}

/* 4. A 10-year-old's parent (R3.3): she has the user cert only, and that
 * is what is revoked. */
static void
test_child_parent(void)
{
	struct vt *v;
	int focus = 0;

	/* 法定代理人, シリアル番号の書類 */
	v = revoke_form(&sakura, RULES_CERT_USER, "3", "..2.2");
	CU_ASSERT_FALSE(vt_has_text(v, "署名用"));
	ctr_press(v, VT_KEY_F3, "法定代理人の別");
	ctr_choose(v, &focus, 8, 3, "3");		/* 代理権: 市の記録 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	ctr_press(v, VT_KEY_F9, FORM);
	ctr_documents(v, passport, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	accept_run(v, "利用者証明用", "様式第3号");
	CU_ASSERT_FALSE(vt_has_text(v, "署名用電子証明書"));
	all_revoked(v, &sakura, RULES_CERT_USER, CESSATION, 1);
	ctr_logout(v);
}

/* 5. An overseas person (戸籍の附票) at an embassy: the overseas entry
 * of the menu, form 様式第11号 (R3-2), a passport. */
static void
test_overseas_embassy(void)
{
	struct vt *v;

	v = revoke_form(&ryo, BOTH, "4", "4...2");	/* 在外公館, 書類 */
	CU_ASSERT_TRUE(ctr_wait_text(v, "国外転出者", CTR_WAIT_MS));
	ctr_documents(v, passport, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第11号"));
	accept_run(v, "署名用・利用者証明用", "様式第11号");
	all_revoked(v, &ryo, BOTH, CESSATION, 1);
	ctr_logout(v);
}

/* The state of the card numbered card_no in the counter's records. */
static void
card_state(const char *card_no, char *out, size_t size)
{
	struct store_card card;

	out[0] = '\0';
	if (ctr_card_record(card_no, &card) == 0)
		snprintf(out, size, "%s", card.state);
}

/* 6. The card lost: the revocation filed with the loss notice (R3.9),
 * no card and no serial paper; both revoked as key compromise, the card
 * recorded lost. */
static void
test_lost_card(void)
{
	char state[16];
	struct vt *v;

	/* 秘密鍵の漏えい等の届出, no card nor paper, 紛失の届出 */
	v = revoke_form(&sho, BOTH, "3", "...232");
	CU_ASSERT_EQUAL_FATAL(ctr_pull_card(), 0);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "R3.9"));
	/* R3.9: the notice guideline's loss form. */
	accept_run(v, "署名用・利用者証明用", "個人番号通知書要綱様式第4号");
	CU_ASSERT_TRUE(vt_has_text(v, "カードの記録: 紛失"));
	all_revoked(v, &sho, BOTH, COMPROMISE, 0);
	card_state(sho.card_no, state, sizeof(state));
	CU_ASSERT_STRING_EQUAL(state, "lost");
	ctr_logout(v);
	CU_ASSERT_EQUAL_FATAL(ctr_put_card_back(), 0);
	card_agrees(&sho, BOTH);
}

/* Both of w's certs held: on hold in the database, at the CA and on its
 * CRLs (certificateHold); the card recorded lost. */
static void
held(const struct ctr_who *w)
{
	static const char *const kinds[] = { "signature", "user" };
	struct ctr_cert r;
	char state[16];
	size_t i;

	for (i = 0; i < nitems(kinds); i++) {
		ctr_cert_of(w, kinds[i], &r);
		CU_ASSERT_STRING_EQUAL(r.state, "on_hold");
		check_crl(r.serial, kinds[i], HOLD);
	}
	card_state(w->card_no, state, sizeof(state));
	CU_ASSERT_STRING_EQUAL(state, "lost");
}

/* The phone call that holds both certs (R5.1), from the person's record
 * (found by the revocation of their register). */
static void
hold_by_phone(struct vt *v, const struct ctr_who *w)
{
	char today[11];

	ctr_find_person(v, w->abroad != NULL ? "4" : "3", w->kana);
	ctr_press(v, VT_KEY_F5, "一時保留の記録");
	util_today(today);
	/* The call came today, not later than now. */
	ctr_fill(v, "本人", today, "0000", (char *)NULL);
	ctr_answer_yes(v, VT_KEY_F5, "紛失として記録しますか",
	    "一時保留を記録しました", RUN_MS);
	ctr_press(v, VT_KEY_ENTER, "本人の記録");
	CU_ASSERT_TRUE(ctr_wait_text(v, "署名用  一時保留", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "利用者証明用  一時保留"));
	held(w);
}

/* 7. Both certs held by phone, the card found: the found-card entry
 * revokes the held certs (R5.2) and makes the card usable again; the
 * receipt's F6 takes a new issuance for him. */
static void
test_hold_found(void)
{
	char state[16];
	struct vt *v;

	ctr_issue_certs(&taichi, BOTH);
	v = ctr_login();
	hold_by_phone(v, &taichi);
	/* The card is found. */
	ctr_press(v, VT_KEY_F9, HS_UI_READY);
	start_revocation(v, "8", &taichi);
	CU_ASSERT_TRUE(ctr_wait_text(v, "紛失カードの発見", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "(一時保留)"));
	form_choose(v, "....2");			/* シリアル番号の書類 */
	ctr_documents(v, licence, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	accept_run(v, "署名用・利用者証明用", "様式第3号");
	CU_ASSERT_TRUE(vt_has_text(v, "カードの記録: 発見 (使用中)"));
	all_revoked(v, &taichi, BOTH, CESSATION, 1);
	card_state(taichi.card_no, state, sizeof(state));
	CU_ASSERT_STRING_EQUAL(state, "active");
	/* A new issuance for the same person (R5.2: Article 2, 様式第1号). */
	ctr_press(v, VT_KEY_F6, "発行申請の受付");
	CU_ASSERT_TRUE(vt_has_text(v, "窓口 一郎 (マドグチ イチロウ)"));
	CU_ASSERT_TRUE(vt_has_text(v, "住民 (第2条)"));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第1号"));
	/* The same visit: the documents checked for the revocation stay. */
	CU_ASSERT_TRUE(vt_has_text(v, "A1 運転免許証"));
	ctr_logout(v);
}

/* An overseas person's certs held, the card found: the found-card entry
 * files card guideline form 14 (R3-2.8, no serial paper asked), and the
 * receipt's F6 takes the new issuance on the same form 14 (R2-2.12), not
 * 様式第10号. */
static void
test_overseas_found(void)
{
	struct vt *v;

	ctr_issue_certs(&susumu, BOTH);
	v = ctr_login();
	hold_by_phone(v, &susumu);
	ctr_press(v, VT_KEY_F9, HS_UI_READY);
	ctr_find_overseas(v, "8", susumu.kana);
	ctr_press(v, VT_KEY_F6, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "(一時保留)", CTR_WAIT_MS));
	form_choose(v, "4");				/* 在外公館 */
	ctr_documents(v, passport, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "R3-2.8"));
	accept_run(v, "署名用・利用者証明用", "個人番号カード要綱様式第14号");
	CU_ASSERT_TRUE(vt_has_text(v, "カードの記録: 発見 (使用中)"));
	all_revoked(v, &susumu, BOTH, CESSATION, 1);
	/* The same visit goes on: form 14, the embassy, the passport. */
	ctr_press(v, VT_KEY_F6, "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第14号", CTR_WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "様式第10号"));
	CU_ASSERT_TRUE(vt_has_text(v, "在外公館"));
	CU_ASSERT_TRUE(vt_has_text(v, "A3 旅券"));
	ctr_logout(v);
}

static CU_TestInfo revocation_tests[] = {
	{ "self with the card in the reader", test_self_card },
	{ "self with a serial paper, no card, one cert chosen",
	  test_self_paper },
	{ "an agent: letter 様式第4号, the reply, the steps",
	  test_agent_letter },
	{ "a child's legal representative, user cert only",
	  test_child_parent },
	{ "an overseas person at an embassy", test_overseas_embassy },
	{ "a lost card's notice, no card", test_lost_card },
	{ "held by phone, card found, a new issuance offered",
	  test_hold_found },
	{ "overseas: held, card found (form 14), issuance on form 14",
	  test_overseas_found },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(revocation, "revocation.e2e", ctr_suite_init,
    ctr_suite_clean, revocation_tests)
