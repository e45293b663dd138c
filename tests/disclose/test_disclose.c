/*
 * Disclosure and correction requests end to end, as a clerk takes them:
 * `ssh -tt` to madoguchi-sshd, the request on disclose_form and its
 * shared pages, the receipt read (R6, R6-2); then the mailing of what
 * was accepted to J-LIS by 特定記録郵便 (R6.6, R6-2.5) made, printed,
 * posted with its tracking number and delivered. The tests run in order:
 * the mailing takes the three requests the others accepted, and checks
 * each one's send_to_jlis step in the database and on the person's record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "counter.h"
#include "testlib.h"
#include "../server/harness.h"

#define FORM		"開示請求・訂正請求の受付"
#define NFIELDS		7	/* disclose_form's fields */
#define F_TEXT		6	/* 訂正を求める内容 */
#define CORRECTION	"署名用電子証明書の記録の住所を訂正"
#define TRACKING	"1234-5678-901"
#define TRACKING_NO	"12345678901"	/* as it is kept: the digits */

static const struct ctr_who yumi = { "タカハシユミ", "DM0000000084",
	"2034-06-12", NULL };
static const struct ctr_who ichiro = { "スズキイチロウ", "DM0000000063",
	"2034-04-01", NULL };
static const struct ctr_who ryo = { "フジタリョウ", "DM0000000003",
	"2034-04-04", "アメリカ合衆国ニューヨーク州" };

static const int licence[] = { 0 }, passport[] = { 2 };

/* The applications the tests accepted, for the mailing's test. */
static const struct ctr_who *filed[3];
static size_t nfiled;

/* From the menu entry to w's form; the person named on it. */
static void
start_request(struct vt *v, const char *menu_key, const struct ctr_who *w)
{
	struct store_person p;

	if (w->abroad != NULL)
		ctr_find_overseas(v, menu_key, w->kana);
	else
		ctr_find_person(v, menu_key, w->kana);
	ctr_press(v, VT_KEY_F6, FORM);
	ctr_person_of(w, &p);
	CU_ASSERT_TRUE(ctr_wait_text(v, p.name, CTR_WAIT_MS));
}

/* The choices of the form: one character per field from 受付窓口, the
 * digit typed into it or '.' for none; *focus left where it ends. */
static void
form_choose(struct vt *v, int *focus, const char *digits)
{
	char digit[2] = "";
	int i;

	for (i = 0; i < F_TEXT && digits[i] != '\0'; i++) {
		if (digits[i] == '.')
			continue;
		digit[0] = digits[i];
		ctr_choose(v, focus, NFIELDS, i, digit);
	}
}

/* F5 on an accepted form: the receipt of the request on form, sent to
 * J-LIS; w's newest application is the request, its step waiting. */
static void
accept_receipt(struct vt *v, const struct ctr_who *w, const char *form,
    const char *what)
{
	struct store_app app;
	char line[128];

	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	ctr_press(v, VT_KEY_F5, "受付票");
	snprintf(line, sizeof(line), "申請様式:   %s", form);
	CU_ASSERT_TRUE(ctr_wait_text(v, line, CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, what));
	CU_ASSERT_TRUE(vt_has_text(v, "特定記録郵便"));
	ctr_last_app(w->kana, &app);
	CU_ASSERT_STRING_EQUAL(app.procedure, strstr(what, "訂正") != NULL ?
	    "correct" : "disclose");
	filed[nfiled++] = w;
}

/* 1. She asks for the disclosure herself, her licence shown: 様式第7号. */
static void
test_self_disclose(void)
{
	struct vt *v = ctr_login();

	start_request(v, "9", &yumi);
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第7号", CTR_WAIT_MS));
	ctr_documents(v, licence, 1, FORM);
	accept_receipt(v, &yumi, "様式第7号", "記録の開示");
	ctr_logout(v);
}

/* 2. An agent files his correction: no text is refused; without the
 * inquiry reply the letter 様式第9号 goes out (R6.5) and the reply, taken
 * back by its number, lets the request through with the text typed. */
static void
test_agent_correct(void)
{
	struct store_app app;
	char ref[32];
	struct vt *v = ctr_login();
	int focus = 0;

	start_request(v, "9", &ichiro);
	form_choose(v, &focus, "..2.3");	/* 訂正請求, 任意代理人 */
	ctr_agent_page(v, FORM);
	ctr_documents(v, licence, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第8号", CTR_WAIT_MS));
	/* The correction's text left out: said, nothing saved. */
	ctr_press(v, VT_KEY_F5, "請求書のとおりに入力してください");
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "請求書のとおりに入力してください",
	    CTR_WAIT_MS));
	ctr_last_app(ichiro.kana, &app);
	CU_ASSERT_EQUAL(app.id, 0);
	CU_ASSERT_TRUE_FATAL(ctr_focus_label(v, "訂正を求める内容", NFIELDS));
	vt_type(v, CORRECTION);
	CU_ASSERT_TRUE(ctr_wait_text(v, CORRECTION, CTR_WAIT_MS));
	/* The rules ask for the reply to the letter. */
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できません", CTR_WAIT_MS));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "回答待ちで保存しますか", CTR_WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "を印刷し", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第9号"));
	ctr_screen_ref(v, ref, sizeof(ref));
	CU_ASSERT_TRUE_FATAL(ref[0] != '\0');
	ctr_last_app(ichiro.kana, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "waiting_reply");
	ctr_press(v, VT_KEY_ENTER, "回答書待ち");
	/* The reply comes back. */
	ctr_press(v, VT_KEY_F9, HS_UI_READY);
	vt_type(v, "b");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "整理番号", CTR_WAIT_MS));
	vt_type(v, ref);
	ctr_press(v, VT_KEY_F5, "送付済み");
	/* The reply taken, the request runs: no further page. */
	ctr_press(v, VT_KEY_F5, "受付票");
	CU_ASSERT_TRUE(ctr_wait_text(v, "訂正を求める内容: " CORRECTION,
	    CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "様式第8号"));
	CU_ASSERT_TRUE(vt_has_text(v, "特定記録郵便"));
	ctr_last_app(ichiro.kana, &app);
	CU_ASSERT_STRING_EQUAL(app.procedure, "correct");
	filed[nfiled++] = &ichiro;
	ctr_logout(v);
}

/* 3. An overseas person's disclosure filed at another municipality on
 * the ground of a DV victim (R2.2 by R6-2): 様式第12号, his passport. */
static void
test_overseas_via(void)
{
	struct vt *v = ctr_login();
	int focus = 0;

	start_request(v, "a", &ryo);
	CU_ASSERT_TRUE(ctr_wait_text(v, "国外転出者", CTR_WAIT_MS));
	form_choose(v, &focus, "5");		/* 経由地市区町村 */
	ctr_documents(v, passport, 1, FORM);
	/* The window wants its ground. */
	CU_ASSERT_TRUE(ctr_wait_text(v, "経由の事由を選んでください",
	    CTR_WAIT_MS));
	focus = 0;
	form_choose(v, &focus, "53");		/* DV等の被害者 */
	CU_ASSERT_TRUE(ctr_wait_text(v, "DV等の被害者", CTR_WAIT_MS));
	accept_receipt(v, &ryo, "様式第12号", "記録の開示");
	CU_ASSERT_TRUE(vt_has_text(v, "経由地市区町村"));
	ctr_logout(v);
}

static int
step_cb(const struct store_effect *e, void *arg)
{
	if (strcmp(e->effect, "send_to_jlis") != 0)
		return 0;
	snprintf(arg, 8, "%s", e->state);
	return 1;
}

/* The send_to_jlis step of w's newest application into state (8
 * bytes): "done", "pending", or "" when it has none. */
static void
mail_step(const struct ctr_who *w, char *state)
{
	struct store_app app;
	struct store *st;
	char err[256];

	state[0] = '\0';
	ctr_last_app(w->kana, &app);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st = store_open(ctr_state(), 0, err,
	    sizeof(err)));
	CU_ASSERT_NOT_EQUAL(store_effect_foreach(st, app.id, step_cb, state),
	    -1);
	store_close(st);
}

/* The printed list and cover exist and name none of the persons. */
static void
printed_no_name(void)
{
	static const char *const what[] = { "list", "cover" };
	struct store_person p;
	size_t i, j;

	for (i = 0; i < nitems(what); i++) {
		/* PDFs: their text as poppler reads it. */
		CU_ASSERT_EQUAL(test_system("pdftotext -enc UTF-8 "
		    "%s/print/mailing-1-%s.pdf %s/mailing-1-%s.txt", ctr_state(),
		    what[i], ctr_dir(), what[i]), 0);
		CU_ASSERT_EQUAL(test_system("test -s %s/mailing-1-%s.txt",
		    ctr_dir(), what[i]), 0);
		for (j = 0; j < nfiled; j++) {
			ctr_person_of(filed[j], &p);
			CU_ASSERT_NOT_EQUAL(test_system("grep -q -e '%s' -e '%s' "
			    "%s/mailing-1-%s.txt", p.name, p.name_kana,
			    ctr_dir(), what[i]), 0);
		}
	}
	CU_ASSERT_EQUAL(test_system("grep -q 様式第8号 %s/mailing-1-list.txt",
	    ctr_dir()), 0);
}

/* 4. The three requests go to J-LIS in one mailing: made, printed,
 * posted with the post office's number, delivered; then each request's
 * step is done and the person's record says where it went. */
static void
test_mailing(void)
{
	char state[8];
	struct vt *v = ctr_login();
	size_t i;

	CU_ASSERT_EQUAL_FATAL(nfiled, 3);
	for (i = 0; i < nfiled; i++) {
		mail_step(filed[i], state);
		CU_ASSERT_STRING_EQUAL(state, "pending");
	}
	vt_type(v, "j");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "J-LIS への送付 (特定記録郵便)",
	    CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "送付を待つ請求書: 3 件", CTR_WAIT_MS));
	ctr_answer_yes(v, VT_KEY_F5, "新しい送付便に入れますか",
	    "作成済み (未印刷)", CTR_WAIT_MS);
	CU_ASSERT_TRUE(ctr_wait_text(v, "送付を待つ請求書: 0 件", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "3 件"));
	/* Not posted before it is printed. */
	ctr_press(v, VT_KEY_F7, "先に請求書一覧と送付書を印刷してください");
	ctr_press(v, VT_KEY_ENTER, "作成済み (未印刷)");
	ctr_press(v, VT_KEY_F6, "印刷済み (未発送)");
	printed_no_name();
	ctr_press(v, VT_KEY_F7, "発送の記録");
	vt_type(v, TRACKING);
	ctr_press(v, VT_KEY_F5, "発送済み");
	CU_ASSERT_TRUE(ctr_wait_text(v, TRACKING_NO, CTR_WAIT_MS));
	for (i = 0; i < nfiled; i++) {
		mail_step(filed[i], state);
		CU_ASSERT_STRING_EQUAL(state, "done");
	}
	ctr_answer_yes(v, VT_KEY_F8, "配達済みと記録しますか", "配達済み",
	    CTR_WAIT_MS);
	/* F9 here is 返送: Esc goes back. */
	ctr_press(v, VT_KEY_ESC, HS_UI_READY);
	ctr_find_person(v, "9", ichiro.kana);
	CU_ASSERT_TRUE(ctr_wait_text(v, "J-LIS への送付: 配達済み (送付便 1、"
	    "特定記録 " TRACKING_NO ")", CTR_WAIT_MS));
	ctr_logout(v);
}

static CU_TestInfo disclose_tests[] = {
	{ "a disclosure by the person", test_self_disclose },
	{ "an agent's correction: no text refused, letter 様式第9号, reply",
	  test_agent_correct },
	{ "an overseas disclosure via another municipality",
	  test_overseas_via },
	{ "the mailing to J-LIS: made, printed, posted, delivered",
	  test_mailing },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(disclose, "disclose.e2e", ctr_suite_init, ctr_suite_clean,
    disclose_tests)
