/*
 * Saving applications as the rules core decides them, the inquiry letter
 * round trip (R2.4 (2)), and the printed letter and receipt.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
static struct store_person taro;

static int
suite_init(void)
{
	/* The day the applications are accepted (R7 counts from it). */
	return proc_test_env_open(&env, "procapp", "2026-11-25") == -1 ||
	    proc_test_person(env.st, "ヤマダタロウ", &taro) == -1;
}

static int
suite_clean(void)
{
	proc_test_env_end(&env);
	return 0;
}

/* 窓口 花子 (born 1986-02-03) asks for both certs on 2026-11-25. */
static void
base_case(struct rules_case *c)
{
	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	c->date = (struct era_date){ 2026, 11, 25 };
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_ALL;
	c->birth_date = (struct era_date){ 1986, 2, 3 };
	c->filer = RULES_FILER_SELF;
}

/* A card check as proc_card_check fills it for a card that proved to be
 * the person's (read by the input-support PIN, user PIN verified), and the
 * case's card part that the screens fold from it. */
static void
proven(struct rules_case *c, struct proc_card_check *chk, const char *no)
{
	memset(chk, 0, sizeof(*chk));
	chk->route = PROC_ROUTE_SUPPORT;
	snprintf(chk->card_no, sizeof(chk->card_no), "%s", no);
	snprintf(chk->card_key, sizeof(chk->card_key), "%064d", 7);
	chk->basic4_read = chk->registry_match = chk->status_ok = 1;
	chk->pin_verified = 1;
	c->has_card = true;
	c->card.registry_match = c->card.status_ok = true;
	c->card.pin_verified = true;
}

static void
test_save_accepted(void)
{
	struct rules_case c;
	struct proc_card_check chk;
	struct store_app a, got;
	char msg[256];

	base_case(&c);
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	/* A card will be written: without a check that proved the card the
	 * person's, nothing is saved, whatever the documents. */
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    NULL, "accepted", &a, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "カードの確認"));
	proven(&c, &chk, "TA0000000001");
	c.card.pin_verified = false;	/* neither PIN nor face confirmed */
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, &chk,
	    NULL, "accepted", &a, msg, sizeof(msg)), -1);
	c.card.pin_verified = true;
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    &chk, NULL, "accepted", &a, msg, sizeof(msg)), 0);
	/* Bound to the card checked; a second one on that card waits. */
	CU_ASSERT_STRING_EQUAL(a.card_route, "support");
	CU_ASSERT_STRING_EQUAL(a.card_key, chk.card_key);
	CU_ASSERT_NOT_EQUAL(a.card_id, 0);
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, &chk,
	    NULL, "accepted", &got, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "受付中の申請"));
	/* Another person's card: refused. */
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &taro, env.clerk, &c, &chk, NULL,
	    "accepted", &got, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "別の方のカード"));
	CU_ASSERT_EQUAL(store_app_get(env.st, a.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.form, "様式第1号");
	CU_ASSERT_STRING_EQUAL(got.issue_certs, "signature user");
	CU_ASSERT_STRING_EQUAL(got.pin_set_by, "applicant");
	CU_ASSERT_STRING_EQUAL(got.keep_until, "2041-11-25");	/* R7.1 */
	CU_ASSERT_PTR_NOT_NULL(strstr(got.rules, "R2.4"));
	CU_ASSERT_PTR_NOT_NULL(strstr(got.rules, "R7.1"));
	CU_ASSERT_STRING_EQUAL(got.state, "accepted");
	CU_ASSERT_PTR_NOT_NULL(strstr(got.case_json, "\"birth_date\":\"1986-02-03\""));
}

static void
test_reject_not_saved(void)
{
	struct rules_case c;
	struct store_app a;
	char msg[256] = "";

	base_case(&c);
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    NULL, "accepted", &a, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "受け付けられない"));
}

static void
test_letter_round_trip(void)
{
	struct rules_case c;
	struct store_app a, got;
	struct store_letter l;
	char msg[256], *text, *path;

	base_case(&c);
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(a.decision, "reject");
	CU_ASSERT_EQUAL_FATAL(store_letter_create(env.st, a.id, "様式第2号",
	    &l), 0);
	text = proc_letter_text(&env.pc, &l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "窓口 花子 様"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "大阪府豊中市中桜塚3丁目1番1号"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, l.ref_no));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "照会書兼回答書"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "申請の内容: 署名用電子証明書・"
	    "利用者証明用電子証明書の発行"));
	path = proc_print_save(env.state, "letter.txt", text);
	CU_ASSERT_PTR_NOT_NULL(path);
	free(path);
	free(text);
	/* Returned before it was sent: refused. */
	CU_ASSERT_EQUAL(proc_app_reply_returned(&env.pc, l.ref_no, &got, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(store_letter_set_state(env.st, l.ref_no, "sent"), 0);
	CU_ASSERT_EQUAL(proc_app_reply_returned(&env.pc, "0000-00000", &got,
	    msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "照会番号"));
	CU_ASSERT_EQUAL(proc_app_reply_returned(&env.pc, l.ref_no, &got, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(store_app_get(env.st, a.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "accepted");
	CU_ASSERT_STRING_EQUAL(got.decision, "accept");
	CU_ASSERT_PTR_NOT_NULL(strstr(got.case_json, "\"inquiry_reply\":true"));
	CU_ASSERT_EQUAL(store_letter_by_ref(env.st, l.ref_no, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "returned");
}

/* R7 on the letter path: no keep-until while the reply is awaited; the
 * reply taken on another day makes the application accepted that day,
 * and keep-until counts from it, not from the application date. */
static void
test_letter_keep_until(void)
{
	struct rules_case c;
	struct store_app a, got;
	struct store_letter l;
	char msg[256];

	base_case(&c);
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(a.keep_until, "");
	CU_ASSERT_EQUAL_FATAL(store_letter_create(env.st, a.id, "様式第2号",
	    &l), 0);
	CU_ASSERT_EQUAL(store_letter_set_state(env.st, l.ref_no, "sent"), 0);
	CU_ASSERT_EQUAL(store_app_get(env.st, a.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.keep_until, "");
	/* The reply comes back on 2027-01-12, 48 days after the application. */
	setenv("MADOGUCHI_TODAY", "2027-01-12", 1);
	CU_ASSERT_EQUAL(proc_app_reply_returned(&env.pc, l.ref_no, &got, msg,
	    sizeof(msg)), 0);
	setenv("MADOGUCHI_TODAY", "2026-11-25", 1);
	CU_ASSERT_EQUAL(store_app_get(env.st, a.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "accepted");
	CU_ASSERT_STRING_EQUAL(got.keep_until, "2042-01-12");	/* R7.1 */
	CU_ASSERT_EQUAL(strncmp(got.accepted_at, "2027-01-12", 10), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(got.case_json, "\"date\":\"2026-11-25\""));
}

/* A PIN reset's letter (個人番号カード要綱様式第20号, R4.8) says what is
 * asked: whose PIN, reset; not an issuance or a revocation. */
static void
test_letter_pin(void)
{
	struct rules_case c;
	struct store_app a;
	struct store_letter l;
	char msg[256], *text;

	base_case(&c);
	c.procedure = RULES_PROC_PIN_RESET;
	c.certs = RULES_CERT_USER;
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(store_letter_create(env.st, a.id,
	    "個人番号カード要綱様式第20号", &l), 0);
	text = proc_letter_text(&env.pc, &l);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "申請の内容: 利用者証明用電子証明書"
	    "の暗証番号の初期化"));
	CU_ASSERT_PTR_NULL(strstr(text, "の失効"));
	CU_ASSERT_PTR_NULL(strstr(text, "の発行"));
	free(text);
}

/* A correction request (R6.1 様式第8号) is saved with what is to be
 * corrected, which its receipt repeats; none, a control character, too
 * long a text, or a text on a disclosure is refused, nothing saved. */
static void
test_correction_text(void)
{
	static const char ok[] = "住所の記載が旧住所のままです";
	char msg[256], got[512], *text, big[4 * STORE_REQUEST_TEXT_MAX + 8];
	struct proc_targets t = { { NULL }, 0, ISSUER_REASON_NONE, NULL };
	struct rules_case c;
	struct store_app a;
	struct store_letter l;
	char *path = NULL;
	size_t i;

	base_case(&c);
	c.procedure = RULES_PROC_CORRECT;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    NULL, "accepted", &a, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "訂正を求める内容"));
	t.text = "住所\x1b[2J";
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    &t, "accepted", &a, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "制御文字"));
	big[0] = '\0';
	for (i = 0; i <= STORE_REQUEST_TEXT_MAX; i++)
		strcat(big, "あ");
	t.text = big;
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    &t, "accepted", &a, msg, sizeof(msg)), -1);
	c.procedure = RULES_PROC_DISCLOSE;
	t.text = ok;
	CU_ASSERT_EQUAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL,
	    &t, "accepted", &a, msg, sizeof(msg)), -1);
	c.procedure = RULES_PROC_CORRECT;
	/* Sent with the inquiry letter: checked the same way. */
	t.text = "";
	CU_ASSERT_EQUAL(proc_app_save_letter(&env.pc, &env.hanako, env.clerk,
	    &c, &t, "様式第9号", env.state, &l, &path, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "訂正を求める内容を入力"));
	free(path);
	t.text = ok;
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, &t, "accepted", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(a.form, "様式第8号");
	CU_ASSERT_EQUAL(store_app_text_get(env.st, a.id, got, sizeof(got)), 0);
	CU_ASSERT_STRING_EQUAL(got, ok);
	text = proc_receipt_text(&env.pc, a.id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "訂正を求める内容: 住所の記載が"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "特定記録郵便"));
	CU_ASSERT_PTR_NULL(strstr(text, "失効した"));
	free(text);
}

static void
test_receipt(void)
{
	struct rules_case c;
	struct proc_card_check chk;
	struct store_app a;
	char msg[256], *text;

	base_case(&c);
	c.renewal = true;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 3, true, true };
	proven(&c, &chk, "TA0000000002");
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    &chk, NULL, "accepted", &a, msg, sizeof(msg)), 0);
	text = proc_receipt_text(&env.pc, a.id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "受付票"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "窓口 花子 様"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "これまでの暗証番号"));	/* R2.16 */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "窓口 太郎"));
	CU_ASSERT_PTR_NULL(strstr(text, "123456789018"));
	free(text);
}

/* The letter path in one step; a printing that failed is done again. */
static void
test_letter_print_again(void)
{
	struct rules_case c;
	struct store_letter l;
	struct store_app got;
	char msg[512], *path = (char *)"x";

	base_case(&c);
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	/* Nowhere to print: saved all the same, the letter left created. */
	CU_ASSERT_EQUAL_FATAL(proc_app_save_letter(&env.pc, &env.hanako,
	    env.clerk, &c, NULL, "様式第2号", "/proc/no-such-dir", &l, &path,
	    msg, sizeof(msg)), 0);
	CU_ASSERT_PTR_NULL(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, l.ref_no));
	CU_ASSERT_STRING_EQUAL(l.state, "created");
	CU_ASSERT_EQUAL(store_app_get(env.st, l.application_id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "waiting_reply");
	/* Printed again from the letters screen: now it is sent. */
	path = proc_letter_send(&env.pc, env.state, l.ref_no, msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT(strstr(path, ".pdf") != NULL);
	CU_ASSERT_EQUAL(test_system("pdftotext -enc UTF-8 '%s' - | grep -q '%s'",
	    path, l.ref_no), 0);
	free(path);
	CU_ASSERT_EQUAL(store_letter_by_ref(env.st, l.ref_no, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "sent");
	/* A returned letter is not sent again. */
	CU_ASSERT_EQUAL(proc_app_reply_returned(&env.pc, l.ref_no, &got, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NULL(proc_letter_send(&env.pc, env.state, l.ref_no, msg,
	    sizeof(msg)));
}

/* R2.8: the chip's name against the registry, with 旧氏 and 通称. */
static void
test_name_match(void)
{
	struct store_person misaki;
	struct card_identity id = { .has_basic4 = 1 };
	char why[160];

	CU_ASSERT_EQUAL_FATAL(proc_test_person(env.st, "ヤマダミサキ", &misaki),
	    0);
	CU_ASSERT_STRING_EQUAL(misaki.former_surname, "佐藤");
	snprintf(id.address, sizeof(id.address), "%s", misaki.address);
	snprintf(id.birth, sizeof(id.birth), "19901125");
	snprintf(id.sex, sizeof(id.sex), "2");
	snprintf(id.name, sizeof(id.name), "山田　美咲");
	CU_ASSERT_TRUE(proc_card_matches(&id, &misaki, why, sizeof(why)));
	snprintf(id.name, sizeof(id.name), "山田 美咲（佐藤）");
	CU_ASSERT_TRUE(proc_card_matches(&id, &misaki, why, sizeof(why)));
	snprintf(id.name, sizeof(id.name), "山田 美咲（鈴木）");
	CU_ASSERT_FALSE(proc_card_matches(&id, &misaki, why, sizeof(why)));
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "氏名"));
	snprintf(id.name, sizeof(id.name), "佐藤 美咲");
	CU_ASSERT_FALSE(proc_card_matches(&id, &misaki, why, sizeof(why)));
}

static CU_TestInfo app_tests[] = {
	{ "an accepted application is saved with its decision", test_save_accepted },
	{ "what the rules reject is not saved as accepted", test_reject_not_saved },
	{ "inquiry letter sent, returned, application accepted", test_letter_round_trip },
	{ "a PIN reset's letter says what is asked", test_letter_pin },
	{ "a correction request's text, checked and kept",
	  test_correction_text },
	{ "R7: keep-until from the day the reply is taken", test_letter_keep_until },
	{ "receipt slip", test_receipt },
	{ "the chip's name with 旧氏", test_name_match },
	{ "letter saved with its application, printed again", test_letter_print_again },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_app, "proc.app", suite_init, suite_clean, app_tests)
