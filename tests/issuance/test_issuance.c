/*
 * Issuance end to end, as a clerk does it: `ssh -tt` to madoguchi-sshd,
 * the person found, the application taken on the form pages (the live
 * decision read on the screen), the card checked with PINs typed as the
 * applicant types them, the certs issued onto the emulated card and the
 * receipt read. After each: the counter database, the card (read through
 * cardd) and the CA agree on the new certs, and openssl verifies them.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/card.h"
#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

#define WAIT_MS		CTR_WAIT_MS
/* The issuance form's fields (screens/issue_form.c), 一緒に出す届出 last. */
#define FORM_FIELDS	8
#define ISSUE_MS	30000

/* ---- The clerk's side ------------------------------------------------ */

static void
start_application(struct vt *v, const char *menu_key, const char *kana)
{
	ctr_find_person(v, menu_key, kana);
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
}

/* The card face checked by the clerk with PIN B (R2.8's card-face route):
 * PIN B typed off the card, the printed face compared and recorded. */
static void
card_check_face(struct vt *v, const char *pin_b, const char *expect)
{
	vt_key(v, VT_KEY_F4);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "カードの確認", WAIT_MS));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, pin_b);
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, "2");			/* 券面と顔写真: 一致 */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "カードを確認しました", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, expect, WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, pin_b));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
}

/* The issuing screen: expiry, the card-check PIN (the chip read again
 * before every write), then each PIN still to set typed twice (NULL:
 * the screen asks for none). */
static void
issue_fill(struct vt *v, const char *expiry, const char *check,
    const char *user, const char *sign)
{
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "カードの有効期限", WAIT_MS));
	vt_type(v, expiry);
	vt_key(v, VT_KEY_TAB);
	vt_type(v, check);
	if (user != NULL) {
		vt_key(v, VT_KEY_TAB);
		vt_type(v, user);
		vt_key(v, VT_KEY_TAB);
		vt_type(v, user);
	}
	if (sign != NULL) {
		vt_key(v, VT_KEY_TAB);
		vt_type(v, sign);
		vt_key(v, VT_KEY_TAB);
		vt_type(v, sign);
	}
	vt_pump(v, 100);
}

static void
issue_go(struct vt *v)
{
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "受付票", ISSUE_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "発行済み", WAIT_MS));
}

/* ---- What the database, the card and the CA say ---------------------- */

struct valid {
	const char	*kind;
	int		 n;
	char		 serial[64];
};

static int
valid_cb(const struct store_cert *c, void *arg)
{
	struct valid *v = arg;

	if (strcmp(c->kind, v->kind) == 0 && strcmp(c->state, "valid") == 0) {
		v->n++;
		snprintf(v->serial, sizeof(v->serial), "%s", c->serial);
	}
	return 0;
}

/* One valid cert of kind for the person in the database, the same on the
 * card, valid at the CA, verified by openssl, and its serial on the
 * clerk's screen (the receipt). sign_pin reads the signature slot. */
static void
agree_kind(struct vt *v, struct store *st, struct issuer *iss,
    int64_t person, const char *kind, const char *sign_pin)
{
	int sig = strcmp(kind, "signature") == 0;
	struct valid val = { kind, 0, "" };
	struct issuer_cert *ic = NULL;
	char on_card[96], norm[ISSUER_SERIAL_MAX], path[700], *root, *ca;
	FILE *f;

	store_cert_foreach(st, person, valid_cb, &val);
	CU_ASSERT_EQUAL_FATAL(val.n, 1);
	ctr_card_serial(sig ? CARD_CERT_SIGN : CARD_CERT_USER, sign_pin,
	    on_card, sizeof(on_card));
	CU_ASSERT_TRUE(ctr_same_serial(on_card, val.serial));
	CU_ASSERT_EQUAL(issuer_serial_normalize(val.serial, norm), 0);
	CU_ASSERT_TRUE(vt_has_text(v, norm));
	CU_ASSERT_EQUAL_FATAL(issuer_status_get(iss, val.serial, NULL, &ic),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(ic->state, ISSUER_STATE_VALID);
	snprintf(path, sizeof(path), "%s/%s.der", ctr_dir(), kind);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fwrite(ic->der, 1, ic->der_len, f);
	fclose(f);
	issuer_cert_free(ic);
	root = issuer_builtin_cert_path(ctr_state(), ISSUER_CA_ROOT);
	ca = issuer_builtin_cert_path(ctr_state(), sig ? ISSUER_CA_SIGNATURE :
	    ISSUER_CA_USER);
	CU_ASSERT_EQUAL(test_system("openssl x509 -inform DER -in %s -out %s.pem"
	    " && openssl verify -CAfile %s -untrusted %s %s.pem >/dev/null",
	    path, path, root, ca, path), 0);
	free(root);
	free(ca);
}

/* After an issuance: database, card and CA agree on the certs issued. */
static void
agree(struct vt *v, const char *kana, int signature, int user,
    const char *sign_pin)
{
	struct store *st;
	struct issuer *iss;
	char err[256];
	int64_t person;

	st = store_open(ctr_state(), 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	person = ctr_find_id(st, kana);
	CU_ASSERT_TRUE_FATAL(person > 0);
	iss = issuer_builtin_open(ctr_state(), err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(iss);
	if (signature)
		agree_kind(v, st, iss, person, "signature", sign_pin);
	if (user)
		agree_kind(v, st, iss, person, "user", NULL);
	issuer_close(iss);
	store_close(st);
}

/* The PIN works on the card in the reader. */
static int
pin_works(enum card_pin which, const char *pin)
{
	char path[600];
	struct card_client *cc;
	struct card_error ce;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", ctr_state(), STATE_CARDD_SOCK);
	if ((cc = card_client_open(path, &ce)) == NULL)
		return 0;
	ok = card_verify(cc, NULL, which, pin, &ce) == 0;
	card_client_close(cc);
	return ok;
}

/* ---- The cases ------------------------------------------------------- */

#define HANAKO	"マドグチハナコ"
#define SAKURA	"マドグチサクラ"
#define FUJITA	"フジタリョウ"

/* A 40-year-old renews both certs with a driver's licence (A1): the rules
 * keep the current PIN (R2.16), so the issuing asks for no PIN. */
/* The clerk's `madoguchi ui` (the last login of demo) holds no
 * descriptor into STATE/ca and never mapped a file of it: the CA is
 * reached through madoguchi-issuerd only. */
static void
ui_holds_no_ca(void)
{
	char ca[4096], link[4096], path[512], line[4096], *p;
	pid_t ui = -1;
	struct dirent *de;
	ssize_t n;
	DIR *d;
	FILE *f;
	int fds = 0;

	hs_log_pid(ctr_hs(), "login clerk demo", &ui);
	CU_ASSERT_FATAL(ui > 0 && hs_alive(ui));
	p = state_path(ctr_state(), STATE_CA_DIR);
	CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(p, ca));
	free(p);
	strlcpy_m(ca + strlen(ca), "/", sizeof(ca) - strlen(ca));
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)ui);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d = opendir(path));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)ui,
		    de->d_name);
		if ((n = readlink(path, link, sizeof(link) - 1)) <= 0)
			continue;
		link[n] = '\0';
		fds++;
		if (strncmp(link, ca, strlen(ca)) == 0)
			fprintf(stderr, "ui fd %s -> %s\n", de->d_name, link);
		CU_ASSERT(strncmp(link, ca, strlen(ca)) != 0);
	}
	closedir(d);
	CU_ASSERT(fds > 0);
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)ui);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		CU_ASSERT(strstr(line, ca) == NULL);
	fclose(f);
}

/* The application form printed at acceptance for the applicant to check
 * and sign (no printer at this window: saved as STATE/print/form-N.pdf):
 * 様式第1号 and its title, her name in kana, the reference number, the licence
 * shown, the window; never a PIN. */
static void
form_printed(const struct store_app *app, const char *pin)
{
	char path[512], number[32], *text;
	int status;

	snprintf(path, sizeof(path), "%s/print/form-%lld.pdf", ctr_state(),
	    (long long)app->id);
	/* Spaces out: the kana is printed as 姓 名. */
	text = test_output(&status, "pdftotext -enc UTF-8 '%s' - | tr -d '\\n '"
	    " | sed 's/\xe3\x80\x80//g'", path);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	snprintf(number, sizeof(number), "%lld", (long long)app->id);
	CU_ASSERT(strstr(text, "様式第1号") != NULL);
	CU_ASSERT(strstr(text, "新規発行／更新申請書") != NULL);
	CU_ASSERT(strstr(text, HANAKO) != NULL);
	CU_ASSERT(strstr(text, number) != NULL);
	CU_ASSERT(strstr(text, "運転免許証") != NULL);
	CU_ASSERT(strstr(text, "申請者署名") != NULL);
	CU_ASSERT(strstr(text, pin) == NULL);
	free(text);
	/* The receipt: both serials in their table, each cell whole (no
	 * '?' left of a tab cleaned away), no PIN. */
	snprintf(path, sizeof(path), "%s/print/receipt-%lld.pdf", ctr_state(),
	    (long long)app->id);
	text = test_output(&status, "pdftotext -enc UTF-8 '%s' -", path);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT(strstr(text, "受付票") != NULL);
	CU_ASSERT(strstr(text, "シリアル番号") != NULL);
	CU_ASSERT(strchr(text, '?') == NULL);
	CU_ASSERT(strstr(text, pin) == NULL);
	free(text);
}

static void
test_renewal_40(void)
{
	static const int licence[] = { 0 };
	struct vt *v;
	int focus = 0;
	struct store_app app;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login_size(24, 80);	/* the smallest terminal */
	start_application(v, "1", HANAKO);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "本人確認書類が足りません"));
	ctr_choose(v, &focus, FORM_FIELDS, 2, "2");		/* 更新 */
	ctr_documents(v, licence, 1, "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "A1 運転免許証", WAIT_MS));
	ctr_card_check(v, "1234", "1234", "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "署名用・利用者証明用"));
	CU_ASSERT_TRUE(vt_has_text(v, "今の暗証番号を引き継ぐ"));
	CU_ASSERT_TRUE(vt_has_text(v, "R2.16"));
	/* The decision follows every change: an embassy is no window for a
	 * resident, a municipality needs its ground (R2.2). The cursor is
	 * still on the field chosen last. */
	ctr_choose(v, &focus, FORM_FIELDS, 0, "4");		/* 在外公館 */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	/* 経由地市区町村, with no ground */
	ctr_choose(v, &focus, FORM_FIELDS, 0, "5");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "（R2.2）"));
	ctr_choose(v, &focus, FORM_FIELDS, 0, "1");		/* 市民課 again */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "電子証明書の発行", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "署名用 暗証番号"));
	issue_fill(v, "令和16年2月3日", "1234", NULL, NULL);
	issue_go(v);
	agree(v, HANAKO, 1, 1, "ABC123");
	ui_holds_no_ca();
	CU_ASSERT_TRUE(pin_works(CARD_PIN_USER, "1234"));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	CU_ASSERT_STRING_EQUAL(app.pin_set_by, "existing");
	form_printed(&app, "ABC123");
	/* The person's record shows the new certs. */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(ctr_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "利用者証明用  有効", WAIT_MS));
	ctr_logout(v);
}

/* A 10-year-old's parent: the user cert only (R2.3), the parent sets its
 * PIN, typed twice. */
static void
test_child_parent(void)
{
	static const int card[] = { 11 }, licence[] = { 0 };
	struct vt *v;
	int focus = 0;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card("DM0000000002", "窓口 さくら",
	    "大阪府豊中市中桜塚3丁目1番1号", "20160110", 2), 0);
	v = ctr_login();
	start_application(v, "1", SAKURA);
	ctr_choose(v, &focus, FORM_FIELDS, 5, "2");		/* 法定代理人 */
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "代理人", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 3, "3");		/* 市の記録 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, card, 1, "発行申請の受付");
	/* The child's card as the document: a wrong PIN (tries left shown)
	 * leaves it uncounted until the clerk compares the card face. */
	vt_key(v, VT_KEY_F4);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "カードの確認", WAIT_MS));
	vt_type(v, "1234");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "0000");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "照合できませんでした (残り 2 回)",
	    WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "券面事項確認情報と券面記載事項が一致しません"));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, "2");			/* 券面と顔写真: 一致 */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "申請者が入力"));
	CU_ASSERT_TRUE(vt_has_text(v, "R2.3"));
	vt_key(v, VT_KEY_F5);
	/* A confirmation that differs is refused before the card. */
	issue_fill(v, "令和13年1月10日", "1234", "4321", NULL);
	vt_key(v, VT_KEY_BACKSPACE);
	vt_type(v, "9");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "確認の入力と一致しません", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "確認の入力と一致しません", WAIT_MS));
	/* No PIN typed stays on the screen: all again, from the top. */
	CU_ASSERT_FALSE(vt_has_text(v, "****"));
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	issue_fill(v, "", "1234", "4321", NULL);
	issue_go(v);
	agree(v, SAKURA, 0, 1, NULL);
	CU_ASSERT_TRUE(pin_works(CARD_PIN_USER, "4321"));
	ctr_logout(v);
}

/* A voluntary agent with all four items: power of attorney, the sealed
 * PIN request form, the inquiry reply and the agent's own licence; the
 * staff types the PINs from the request form (R2.12). */
static void
test_agent(void)
{
	static const int licence[] = { 0 };
	struct vt *v;
	int focus = 0;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_choose(v, &focus, FORM_FIELDS, 5, "3");		/* 任意代理人 */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "委任状", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 4, "2");		/* 委任状 */
	ctr_choose(v, &focus, 8, 5, "2");		/* 依頼書 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, licence, 1, "発行申請の受付");
	/* Without the reply only the reply is missing (R2.12). */
	CU_ASSERT_TRUE(ctr_wait_text(v, "照会回答書がありません（R2.12）",
	    WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "受付できません"));
	ctr_choose(v, &focus, FORM_FIELDS, 6, "2");		/* 回答書あり */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "職員が依頼書から入力"));
	/* Not without the card proven hers: the agent has no PIN of hers,
	 * so the clerk reads the card face with PIN B. */
	CU_ASSERT_TRUE(vt_has_text(v, "書き込む前にカードの確認 (F4) が必要です"));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "カードの確認 (R2.8)", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "カードの確認 (R2.8)", WAIT_MS));
	card_check_face(v, "86020320342580", "生年月日・性別が台帳と一致");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "照合番号B", WAIT_MS));
	issue_fill(v, "令和16年2月3日", "86020320342580", "5678", "AGENT123");
	issue_go(v);
	agree(v, HANAKO, 1, 1, "AGENT123");
	CU_ASSERT_TRUE(pin_works(CARD_PIN_USER, "5678"));
	ctr_logout(v);
}

/* Two list-B documents without the reply: refused with the reason on
 * screen; sent the letter instead (waiting_reply); the reply brought back
 * on the letters screen, then the card checks and the issuing. */
static void
test_list_b_letter(void)
{
	static const int two_b[] = { 29, 30 };
	struct store_app app;
	struct vt *v;
	char ref[32], path[700];

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_documents(v, two_b, 2, "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "照会回答書が必要です（R2.4）",
	    WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "規則により受付できません", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "規則により受付できません", WAIT_MS));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_NOT_EQUAL(app.state, "accepted");
	/* The letter. */
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "回答待ちで保存しますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "を印刷し", WAIT_MS));
	ctr_screen_ref(v, ref, sizeof(ref));
	CU_ASSERT_TRUE_FATAL(ref[0] != '\0');
	snprintf(path, sizeof(path), "%s/print/letter-%s.pdf", ctr_state(),
	    ref);
	CU_ASSERT_EQUAL(test_system("pdftotext -enc UTF-8 '%s' - | grep -q '%s'",
	    path, ref), 0);
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "waiting_reply");
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(ctr_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "回答書待ち", WAIT_MS));
	/* The reply comes back: the letters screen by its number. */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, HS_UI_READY, WAIT_MS));
	vt_type(v, "b");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "整理番号", WAIT_MS));
	vt_type(v, ref);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "送付済み", WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "カードの確認", WAIT_MS));
	vt_type(v, "1234");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "5678");		/* set by the agent test */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "台帳の記録と一致", WAIT_MS));
	vt_key(v, VT_KEY_F6);
	issue_fill(v, "令和16年2月3日", "1234", "2222", "LETTER22");
	issue_go(v);
	agree(v, HANAKO, 1, 1, "LETTER22");
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	/* The saved case has the reply and the card checks done after it. */
	CU_ASSERT_PTR_NOT_NULL(strstr(app.case_json, "\"inquiry_reply\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(app.case_json, "\"registry_match\":true"));
	CU_ASSERT_PTR_NOT_NULL(strstr(app.case_json, "\"pin_verified\":true"));
	/* F9 on the receipt: her record, on this path as on the others. */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(ctr_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "利用者証明用  有効", WAIT_MS));
	ctr_logout(v);
}

/* A letter made void on the letters screen: its application, still
 * waiting for the reply, is cancelled with it. The letter path is only
 * offered while the reply is what is missing. */
static void
test_letter_void(void)
{
	static const int licence[] = { 0 }, two_b[] = { 29, 30 };
	struct store_app app;
	struct vt *v;
	char ref[32];

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_documents(v, two_b, 2, "発行申請の受付");
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "回答待ちで保存しますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "を印刷し", WAIT_MS));
	ctr_screen_ref(v, ref, sizeof(ref));
	CU_ASSERT_TRUE_FATAL(ref[0] != '\0');
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "本人の記録", WAIT_MS));
	/* With a licence nothing waits for a reply: no letter. */
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, licence, 1, "発行申請の受付");
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "送らずに判定できます", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "送らずに判定できます", WAIT_MS));
	CU_ASSERT_EQUAL(hs_logout(v), 0);	/* from the form: nothing saved */
	vt_free(v);
	/* The letter made void. */
	v = ctr_login();
	vt_type(v, "b");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "整理番号", WAIT_MS));
	vt_type(v, ref);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "回答書待ち", WAIT_MS));
	/* The application is cancelled with a reason (the audit keeps it),
	 * its letter made void in the same transaction. */
	ctr_cancel_app(v, "本人が来庁しないため", "は無効にしました");
	CU_ASSERT_TRUE(ctr_wait_text(v, "無効", WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "取消し", WAIT_MS));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "cancelled");
	ctr_logout(v);
}

/* An overseas person (戸籍の附票) at an embassy: the annex, list A only,
 * the sealed PIN request form; form 様式第10号 (R2-2). */
static void
test_overseas_embassy(void)
{
	static const int passport[] = { 2 };
	struct vt *v;
	int focus = 0;

	CU_ASSERT_EQUAL_FATAL(ctr_use_card("DM0000000003", "藤田 亮",
	    "アメリカ合衆国ニューヨーク州", "19800404", 1), 0);
	v = ctr_login();
	start_application(v, "2", FUJITA);
	CU_ASSERT_TRUE(ctr_wait_text(v, "国外転出者 (第2条の2)", WAIT_MS));
	ctr_choose(v, &focus, FORM_FIELDS, 0, "4");		/* 在外公館 */
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "委任状", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 5, "2");		/* 依頼書 */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, passport, 1, "発行申請の受付");
	ctr_card_check(v, "1234", "1234", "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第10号"));
	CU_ASSERT_TRUE(vt_has_text(v, "R2-2."));
	vt_key(v, VT_KEY_F5);
	issue_fill(v, "令和16年4月4日", "1234", "2468", "FUJITA24");
	issue_go(v);
	agree(v, FUJITA, 1, 1, "FUJITA24");
	ctr_logout(v);
}

/* The card pulled as the issuing starts (the emulated card dies at its
 * fourth command: cardd's probe, then the card's identity), the message
 * read; the session dropped; the card put back. The application shows on
 * the person's record as not yet issued, and 再開 finishes it. (Pulls at
 * every later step are tests/proc's.) */
static void
test_pull_resume(void)
{
	static const int licence[] = { 0 };
	struct store_app app;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_documents(v, licence, 1, "発行申請の受付");
	/* A fresh demo card again. */
	ctr_card_check(v, "1234", "1234", "発行申請の受付");
	vt_key(v, VT_KEY_F5);
	issue_fill(v, "令和16年2月3日", "1234", "3333", "PULL33");
	ctr_stack("vcard-stop %s", ctr_state());
	CU_ASSERT_EQUAL(ctr_card_wait("absent"), 0);
	CU_ASSERT_EQUAL_FATAL(ctr_stack("vcard-start %s --die-after-apdus 4",
	    ctr_state()), 0);
	CU_ASSERT_EQUAL(ctr_card_wait("present"), 0);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "発行を中断しました", ISSUE_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "カードが置かれていません"));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_NOT_EQUAL(app.state, "done");
	/* The session goes away; the card is put back. */
	vt_kill(v, SIGKILL);
	vt_free(v);
	ctr_stack("vcard-stop %s", ctr_state());
	CU_ASSERT_EQUAL(ctr_card_wait("absent"), 0);
	CU_ASSERT_EQUAL_FATAL(ctr_stack("vcard-start %s", ctr_state()), 0);
	CU_ASSERT_EQUAL(ctr_card_wait("present"), 0);
	v = ctr_login();
	ctr_find_person(v, "1", HANAKO);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付済み  F7 で再開", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "F7/r 再開"));
	vt_key(v, VT_KEY_F7);
	issue_fill(v, "令和16年2月3日", "1234", "3333", "PULL33");
	issue_go(v);
	agree(v, HANAKO, 1, 1, "PULL33");
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	ctr_logout(v);
}

/* madoguchi-issuerd not running: the clerk is told so in Japanese, the
 * application stays accepted and nothing reaches the card or the CA;
 * with issuerd back, the issuance resumes and completes. */
static void
test_issuerd_down(void)
{
	static const int licence[] = { 0 };
	struct store_app app;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	hs_issuerd_stop(ctr_hs());
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_documents(v, licence, 1, "発行申請の受付");
	/* The user PIN test_pull_resume set on the demo card. */
	ctr_card_check(v, "1234", "3333", "発行申請の受付");
	vt_key(v, VT_KEY_F5);
	issue_fill(v, "令和16年2月3日", "1234", "3333", "DOWN33");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "発行機関 (madoguchi-issuerd) に接続でき",
	    WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "申請は受け付けたまま保存", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "発行済み"));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_NOT_EQUAL(app.state, "done");
	vt_kill(v, SIGKILL);
	vt_free(v);
	CU_ASSERT_EQUAL_FATAL(hs_issuerd_start(ctr_hs()), 0);
	v = ctr_login();
	ctr_find_person(v, "1", HANAKO);
	CU_ASSERT_TRUE(ctr_wait_text(v, "F7 で再開", WAIT_MS));
	vt_key(v, VT_KEY_F7);
	issue_fill(v, "令和16年2月3日", "1234", "3333", "DOWN33");
	issue_go(v);
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	ctr_logout(v);
}

/* A face-auth card asked for (R2.15): the user cert only, a random PIN
 * set by the staff, the card switched to face-auth (R4-3.7). */
static void
test_face_auth(void)
{
	static const int licence[] = { 0 };
	struct valid sig = { "signature", 0, "" };
	struct store_card card;
	struct store *st;
	struct vt *v;
	char err[256];
	int focus = 0;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_choose(v, &focus, FORM_FIELDS, 4, "2");		/* 顔認証 */
	ctr_documents(v, licence, 1, "発行申請の受付");
	ctr_card_check(v, "1234", "3333", "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "職員が無作為に設定"));
	CU_ASSERT_TRUE(vt_has_text(v, "R2.15"));
	vt_key(v, VT_KEY_F5);
	issue_fill(v, "令和16年2月3日", "1234", NULL, NULL);
	issue_go(v);
	agree(v, HANAKO, 0, 1, NULL);
	st = store_open(ctr_state(), 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_card_by_no(st, "DM0000000001", &card), 0);
	CU_ASSERT_EQUAL(card.face_auth, 1);
	/* R4-3.7: the signature cert she had is revoked. */
	store_cert_foreach(st, ctr_find_id(st, HANAKO), valid_cb, &sig);
	CU_ASSERT_EQUAL(sig.n, 0);
	store_close(st);
	/* The PIN set before no longer opens the card. */
	CU_ASSERT_FALSE(pin_works(CARD_PIN_USER, "3333"));
	ctr_logout(v);
}

/* ---- Another person's card in the reader ---------------------------- */

#define MISAKI	"ヤマダミサキ"

/* 山田 太郎's card (another resident, the same birthday as 窓口 花子). */
static int
use_taro_card(void)
{
	return ctr_use_card("DM0000000035", "山田 太郎",
	    "大阪府豊中市岡上の町1丁目2番3号", "19860203", 1);
}

/* What the emulated card holds (keys, certs, PINs, tries). */
static char *
card_state_now(void)
{
	int status;

	return test_output(&status, "cat %s/card/state.json 2>/dev/null",
	    ctr_state());
}

/* Certificates of any state the counter records for these persons. */
static int
count_cb(const struct store_cert *c, void *arg)
{
	(void)c;
	(*(int *)arg)++;
	return 0;
}

static int
certs_of(const char *const *kana, size_t n)
{
	struct store *st;
	char err[256];
	size_t i;
	int count = 0;

	if ((st = store_open(ctr_state(), 0, err, sizeof(err))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		store_cert_foreach(st, ctr_find_id(st, kana[i]), count_cb,
		    &count);
	store_close(st);
	return count;
}

/* The route's fields filled on the form; the decision reads accept but
 * for the card. */
static void
route_self_a(struct vt *v)
{
	static const int licence[] = { 0 };

	start_application(v, "1", MISAKI);
	ctr_documents(v, licence, 1, "発行申請の受付");
}

static void
route_self_b(struct vt *v)
{
	static const int two_b[] = { 29, 30 };
	int focus = 0;

	start_application(v, "1", MISAKI);
	ctr_documents(v, two_b, 2, "発行申請の受付");
	ctr_choose(v, &focus, FORM_FIELDS, 6, "2");		/* 回答書あり */
}

static void
route_agent(struct vt *v)
{
	static const int licence[] = { 0 };
	int focus = 0;

	start_application(v, "1", MISAKI);
	ctr_choose(v, &focus, FORM_FIELDS, 5, "3");		/* 任意代理人 */
	ctr_choose(v, &focus, FORM_FIELDS, 6, "2");		/* 回答書あり */
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "委任状", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 4, "2");		/* 委任状 */
	ctr_choose(v, &focus, 8, 5, "2");		/* 依頼書 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, licence, 1, "発行申請の受付");
}

static void
route_legal_rep(struct vt *v)
{
	static const int licence[] = { 0 };
	int focus = 0;

	start_application(v, "1", SAKURA);
	ctr_choose(v, &focus, FORM_FIELDS, 5, "2");		/* 法定代理人 */
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "代理人", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 3, "3");		/* 市の記録 */
	ctr_documents(v, licence, 1, "法定代理人の別");
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, licence, 1, "発行申請の受付");
}

static void
route_overseas(struct vt *v)
{
	static const int passport[] = { 2 };
	int focus = 0;

	start_application(v, "2", FUJITA);
	ctr_choose(v, &focus, FORM_FIELDS, 0, "4");		/* 在外公館 */
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "委任状", WAIT_MS));
	focus = 0;
	ctr_choose(v, &focus, 8, 5, "2");		/* 依頼書 */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, passport, 1, "発行申請の受付");
}

static void
route_face_auth(struct vt *v)
{
	static const int licence[] = { 0 };
	int focus = 0;

	start_application(v, "1", MISAKI);
	ctr_choose(v, &focus, FORM_FIELDS, 4, "2");		/* 顔認証 */
	ctr_documents(v, licence, 1, "発行申請の受付");
}

static const struct wrong_route {
	const char	*name;
	const char	*kana;
	void		(*fill)(struct vt *);
	int		 face;		/* the clerk reads the card face */
} wrong_routes[] = {
	{ "self, list A", MISAKI, route_self_a, 0 },
	{ "self, two list B and the reply", MISAKI, route_self_b, 0 },
	{ "agent", MISAKI, route_agent, 1 },
	{ "legal representative", SAKURA, route_legal_rep, 0 },
	{ "overseas at an embassy", FUJITA, route_overseas, 0 },
	{ "face-auth", MISAKI, route_face_auth, 1 },
};

/*
 * 山田 太郎's card in the reader, an application for someone else on
 * every route where the card check used to be optional: not accepted
 * without the check, refused by the check (the chip names another), and
 * afterwards the card is as it was and nothing is saved or issued.
 */
static void
test_wrong_card_each_route(void)
{
	const char *const who[] = { MISAKI, SAKURA, FUJITA, "ヤマダタロウ" };
	int certs_before = certs_of(who, nitems(who));
	size_t i;

	CU_ASSERT_EQUAL_FATAL(use_taro_card(), 0);
	for (i = 0; i < nitems(wrong_routes); i++) {
		const struct wrong_route *r = &wrong_routes[i];
		char *before = card_state_now(), *after;
		struct store_app app, was;
		struct vt *v = ctr_login();

		ctr_last_app(r->kana, &was);
		fprintf(stderr, "route: %s\n", r->name);
		r->fill(v);
		/* Everything but the card: the rules accept, the counter does
		 * not, for want of the card check. */
		CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
		vt_key(v, VT_KEY_F5);
		CU_ASSERT_TRUE(ctr_wait_text(v, "カードの確認 (R2.8)",
		    WAIT_MS));
		vt_key(v, VT_KEY_ENTER);
		CU_ASSERT_TRUE(vt_wait_gone(v, "カードの確認 (R2.8)", WAIT_MS));
		if (r->face)
			card_check_face(v, "86020320351111", "不一致");
		else {
			vt_key(v, VT_KEY_F4);
			CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "カードの確認",
			    WAIT_MS));
			vt_type(v, "1234");
			vt_key(v, VT_KEY_TAB);
			vt_type(v, "1234");
			vt_key(v, VT_KEY_F5);
			CU_ASSERT_TRUE(ctr_wait_text(v, "記録と不一致",
			    WAIT_MS));
			vt_key(v, VT_KEY_F9);
			CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付",
			    WAIT_MS));
		}
		CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", WAIT_MS));
		CU_ASSERT_TRUE(ctr_wait_text(v, "不一致", WAIT_MS));
		vt_key(v, VT_KEY_F5);
		CU_ASSERT_TRUE(ctr_wait_text(v, "規則により受付できません",
		    WAIT_MS));
		vt_key(v, VT_KEY_ENTER);
		CU_ASSERT_TRUE(vt_wait_gone(v, "規則により受付できません",
		    WAIT_MS));
		after = card_state_now();
		CU_ASSERT_STRING_EQUAL(before, after);
		free(before);
		free(after);
		ctr_last_app(r->kana, &app);
		CU_ASSERT_EQUAL(app.id, was.id);	/* nothing saved */
		CU_ASSERT_EQUAL(hs_logout(v), 0);
		vt_free(v);
	}
	/* No cert was made for any of them, nor for the card's holder. */
	CU_ASSERT_EQUAL(certs_of(who, nitems(who)), certs_before);
}

/* The right card checked, then another put in before the issuing: the
 * issuance is refused with nothing written; the right card back, F5
 * issues. */
static void
test_swap_before_issuing(void)
{
	static const int licence[] = { 0 };
	char path[600], *before, *after;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(use_taro_card(), 0);
	v = ctr_login();
	ctr_find_person(v, "1", "ヤマダタロウ");
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "発行申請の受付", WAIT_MS));
	ctr_documents(v, licence, 1, "発行申請の受付");
	ctr_card_check(v, "1234", "1234", "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	vt_key(v, VT_KEY_F5);
	issue_fill(v, "令和17年2月3日", "1234", "2580", "TARO2580");
	/* 窓口 花子's card goes into the reader. */
	snprintf(path, sizeof(path), "%s/contrib/vcard/demo-card.json",
	    test_top_dir());
	CU_ASSERT_EQUAL_FATAL(ctr_stack("vcard-swap %s %s", ctr_state(),
	    path), 0);
	CU_ASSERT_EQUAL(ctr_card_wait("present"), 0);
	before = test_output(NULL, "cat %s/card/demo-card.state.json "
	    "2>/dev/null", ctr_state());
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(ctr_wait_text(v, "確認したカードではありません",
	    ISSUE_MS));
	after = test_output(NULL, "cat %s/card/demo-card.state.json "
	    "2>/dev/null", ctr_state());
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	vt_key(v, VT_KEY_ENTER);
	/* His card back: issued to it. */
	CU_ASSERT_EQUAL_FATAL(ctr_stack("vcard-start %s", ctr_state()), 0);
	CU_ASSERT_EQUAL(ctr_card_wait("present"), 0);
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	vt_key(v, VT_KEY_UP);
	issue_fill(v, "", "1234", "2580", "TARO2580");
	issue_go(v);
	agree(v, "ヤマダタロウ", 1, 1, "TARO2580");
	ctr_logout(v);
}

/* ---- A process killed mid-issuance ---------------------------------- */

/* 窓口 花子's case with documents docs (list A licence, or two list B). */
static void
hanako_case(struct rules_case *c, int list_b)
{
	char today[11];

	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	util_today(today);
	era_parse_iso(today, &c->date);
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_USER;
	c->renewal = !list_b;
	c->birth_date = (struct era_date){ 1986, 2, 3 };
	if (list_b) {
		c->n_documents = 2;
		c->documents[0] = (struct rules_document){ RULES_LIST_B, 5,
		    true, false };
		c->documents[1] = (struct rules_document){ RULES_LIST_B, 13,
		    true, false };
	} else {
		c->n_documents = 1;
		c->documents[0] = (struct rules_document){ RULES_LIST_A, 1,
		    true, true };
	}
}

static int die_at;

static void
die_cb(const char *msg, void *arg)
{
	(void)msg;
	if (++*(int *)arg == die_at)
		_exit(9);
}

/*
 * A clerk's issuance process dies before each step in turn (key pair,
 * issuer, write) while a second application of hers waits for its reply
 * letter. Her record then shows the interrupted one first, marked for
 * F7, and F7 finishes it: the card, the records and the CA agree.
 */
static void
test_killed_resume_first(void)
{
	struct store *st;
	struct proc_ctx pc;
	struct store_person p;
	struct store_clerk clerk;
	struct store_app app;
	struct proc_card_check chk;
	struct rules_case c;
	char err[256], why[512], msg[512];
	int status;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(ctr_state(), 0, err,
	    sizeof(err)));
	CU_ASSERT_EQUAL_FATAL(store_person_get(st, ctr_find_id(st, HANAKO),
	    &p), 0);
	CU_ASSERT_EQUAL_FATAL(store_clerk_by_login(st, "demo", &clerk), 0);
	CU_ASSERT_EQUAL_FATAL(proc_ctx_open(&pc, st, ctr_state(), "demo", why,
	    sizeof(why)), 0);
	/* The one that waits: saved for its reply letter. */
	hanako_case(&c, 1);
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&pc, &p, clerk.id, &c, NULL, NULL,
	    "waiting_reply", &app, msg, sizeof(msg)), 0);
	for (die_at = 1; die_at <= 3; die_at++) {
		struct vt *v;
		char *scr, *mine, *other;
		pid_t pid;
		int seen = 0;

		hanako_case(&c, 0);
		CU_ASSERT_EQUAL_FATAL(proc_card_check(&pc, &p, PROC_ROUTE_SUPPORT,
		    "1234", "1234", "2026-12-01", &chk, msg, sizeof(msg)),
		    PROC_OK);
		c.has_card = true;
		c.card.registry_match = chk.registry_match;
		c.card.status_ok = chk.status_ok;
		c.card.pin_verified = chk.pin_verified;
		c.card.face_data_matches = true;	/* the clerk compared */
		CU_ASSERT_EQUAL_FATAL(proc_app_save(&pc, &p, clerk.id, &c, &chk, NULL,
		    "accepted", &app, msg, sizeof(msg)), 0);
		if ((pid = fork()) == 0) {
			struct store *cst = store_open(ctr_state(), 0, err,
			    sizeof(err));
			struct proc_ctx cpc;
			struct proc_pins pins = { .check = "1234" };

			if (cst == NULL || proc_ctx_open(&cpc, cst, ctr_state(),
			    "demo", why, sizeof(why)) == -1)
				_exit(2);
			cpc.progress = die_cb;
			cpc.progress_arg = &seen;
			proc_issue(&cpc, app.id, "2034-02-03", &pins, msg,
			    sizeof(msg));
			_exit(0);
		}
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 9);
		v = ctr_login_size(24, 80);
		ctr_find_person(v, "1", HANAKO);
		CU_ASSERT_TRUE(ctr_wait_text(v, "処理中  F7 で再開", WAIT_MS));
		/* The next row is the one that waits for its letter. */
		vt_key(v, VT_KEY_DOWN);
		CU_ASSERT_TRUE(ctr_wait_text(v, "回答書待ち", WAIT_MS));
		scr = vt_screen(v);
		mine = strstr(scr, "処理中");
		other = strstr(scr, "回答書待ち");
		CU_ASSERT_TRUE(mine != NULL && other != NULL && mine < other);
		if (mine == NULL || other == NULL || mine > other)
			vt_dump(v, "処理中 above 回答書待ち");
		free(scr);
		vt_key(v, VT_KEY_F7);
		issue_fill(v, "令和16年2月3日", "1234", NULL, NULL);
		issue_go(v);
		agree(v, HANAKO, 0, 1, NULL);
		ctr_last_app(HANAKO, &app);
		CU_ASSERT_STRING_EQUAL(app.state, "done");
		ctr_logout(v);
	}
	proc_ctx_close(&pc);
	store_close(st);
}

/* A renewal filed with each card guideline procedure (R2.17-R2.20): the
 * form the rules name shows as it is chosen; the last one taken through
 * to the issuing, its form recorded with the application and printed. */
static void
test_combined_forms(void)
{
	static const int licence[] = { 0 };
	static const struct {
		const char	*digit, *form, *rule;
	} combos[] = {
		{ "2", "個人番号カード要綱様式第8号", "R2.17" },
		{ "3", "個人番号カード要綱様式第17号", "R2.18" },
		{ "4", "個人番号カード要綱様式第3号", "R2.19" },
		{ "5", "個人番号カード要綱様式第5号", "R2.20" },
	};
	struct store_app app;
	struct vt *v;
	int focus = 0;
	size_t i;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	v = ctr_login();
	start_application(v, "1", HANAKO);
	ctr_choose(v, &focus, FORM_FIELDS, 2, "2");		/* 更新 */
	ctr_documents(v, licence, 1, "発行申請の受付");
	ctr_card_check(v, "1234", "1234", "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第1号", WAIT_MS));
	for (i = 0; i < nitems(combos); i++) {
		ctr_choose(v, &focus, FORM_FIELDS, 7, combos[i].digit);
		CU_ASSERT_TRUE(ctr_wait_text(v, combos[i].form, WAIT_MS));
		CU_ASSERT_TRUE(vt_has_text(v, combos[i].rule));
		CU_ASSERT_TRUE(vt_has_text(v, "受付できます"));
	}
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "電子証明書の発行", WAIT_MS));
	issue_fill(v, "令和16年2月3日", "1234", NULL, NULL);
	issue_go(v);
	CU_ASSERT_TRUE(ctr_wait_text(v, "個人番号カード要綱様式第5号", WAIT_MS));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.form, "個人番号カード要綱様式第5号");
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	ctr_logout(v);
}

/* ---- The common case in ten keys --------------------------------------- */

/* The budget: the self renewal with a driver's licence and the card
 * check, from the menu to the receipt, in at most this many keys that are
 * not the typing of the PINs and the card's expiry date. */
#define RENEWAL_KEY_BUDGET	10

static int budget_keys;

/* A key the clerk presses (every function key, Enter, Tab, a menu's
 * character), counted; then what the screen must show. */
static void
budget_key(struct vt *v, enum vt_key key, const char *then)
{
	budget_keys++;
	vt_key(v, key);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, then, WAIT_MS));
}

static void
budget_char(struct vt *v, const char *c, const char *then)
{
	budget_keys++;
	vt_type(v, c);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, then, WAIT_MS));
}

/* 窓口 花子's card, holding the certs of the renewal above: the menu's 1,
 * F4 reads the card (the applicant types her input-support PIN and her
 * user PIN, the focus going on by itself after four digits), her record,
 * F6: the form already says 更新 (the card holds a user cert) and the
 * card proven (the read was the card check, R2.8); F2, Enter on A1, F9;
 * F5 accepts; the expiry, Tab, the card check's PIN, F5: the receipt. */
static void
test_renewal_budget(void)
{
	struct store_app app;
	char serial[128];
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	ctr_card_serial(CARD_CERT_USER, NULL, serial, sizeof(serial));
	CU_ASSERT_FATAL(serial[0] != '\0');
	v = ctr_login_size(24, 80);
	budget_keys = 0;
	budget_char(v, "1", "手続きをする本人の検索");
	budget_key(v, VT_KEY_F4, "カードから読み取る");
	vt_type(v, "1234");			/* input support */
	vt_type(v, "1234");			/* user */
	CU_ASSERT_TRUE(ctr_wait_text(v, "****", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "1234"));
	budget_key(v, VT_KEY_F5, "本人の記録");
	CU_ASSERT_TRUE(ctr_wait_text(v, "利用者証明の暗証番号を照合", WAIT_MS));
	budget_key(v, VT_KEY_F6, "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "新規・更新         更新", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "暗証番号 照合済"));
	budget_key(v, VT_KEY_F2, "(1/55)");
	budget_key(v, VT_KEY_ENTER, "[有効] A1");
	budget_key(v, VT_KEY_F9, "発行申請の受付");
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "A1 運転免許証"));
	CU_ASSERT_TRUE(vt_has_text(v, "今の暗証番号を引き継ぐ"));
	budget_key(v, VT_KEY_F5, "カードの有効期限");
	vt_type(v, "R16.2.3");
	budget_key(v, VT_KEY_TAB, "カード確認の暗証番号");
	vt_type(v, "1234");
	budget_key(v, VT_KEY_F5, "受付票");
	CU_ASSERT_TRUE(ctr_wait_text(v, "発行済み", ISSUE_MS));
	CU_ASSERT_TRUE(budget_keys <= RENEWAL_KEY_BUDGET);
	if (budget_keys > RENEWAL_KEY_BUDGET)
		fprintf(stderr, "renewal took %d keys (budget %d)\n",
		    budget_keys, RENEWAL_KEY_BUDGET);
	agree(v, HANAKO, 1, 1, "ABC123");
	CU_ASSERT_TRUE(pin_works(CARD_PIN_USER, "1234"));
	ctr_last_app(HANAKO, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	CU_ASSERT_STRING_EQUAL(app.pin_set_by, "existing");
	ctr_logout(v);
}

static CU_TestInfo issuance_tests[] = {
	{ "a 40-year-old renews both certs with a driver's licence",
	  test_renewal_40 },
	{ "the same renewal from the card in ten keys", test_renewal_budget },
	{ "a renewal with each card guideline form", test_combined_forms },
	{ "a 10-year-old's parent gets the user cert only", test_child_parent },
	{ "an agent with all four items", test_agent },
	{ "two list-B documents: refused, letter, reply, issued",
	  test_list_b_letter },
	{ "a letter made void cancels its application", test_letter_void },
	{ "an overseas person at an embassy", test_overseas_embassy },
	{ "card pulled and session dropped, then resumed", test_pull_resume },
	{ "issuerd down: said, nothing half done, then resumed",
	  test_issuerd_down },
	{ "a face-auth issuance", test_face_auth },
	{ "another person's card is refused on every route",
	  test_wrong_card_each_route },
	{ "a card swapped before the issuing gets nothing",
	  test_swap_before_issuing },
	{ "killed at each step, resumed first with F7",
	  test_killed_resume_first },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(issuance, "issuance.e2e", ctr_suite_init_direct,
    ctr_suite_clean, issuance_tests)
