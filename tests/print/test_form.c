/*
 * The application form pre-filled from a real record (proc_form_pdf): a
 * demo state, applications of 窓口 花子 saved through the proc API as the
 * screens save them, each form read back with pdftotext: its seed title,
 * her name, the reference number, what is asked (■), who filed and the
 * documents the clerk recorded; page 1 rendered to the test logs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/issuer.h"
#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
PROC_TEST_ENV_SUITE(env, "printform", "2026-11-25")

static void
form_case(struct rules_case *c, enum rules_procedure proc)
{
	rules_case_init(c);
	c->procedure = proc;
	c->reg = RULES_REG_RESIDENT;
	c->date = (struct era_date){ 2026, 11, 25 };
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_ALL;
	c->birth_date = (struct era_date){ 1986, 2, 3 };
	c->filer = RULES_FILER_SELF;
}

/* The form of application a written and read back: its text (the
 * caller's); page 1 left as test-logs/print-form-<tag>.png. */
static char *
form_text(const struct store_app *a, const char *tag)
{
	char *path = xasprintf("%s/form-%s.pdf", env.state, tag), *out;
	struct stat sb;
	int status;

	CU_ASSERT_EQUAL_FATAL(proc_form_pdf(&env.pc, a->id, path), 0);
	/* Personal data: the owner's alone. */
	CU_ASSERT(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);
	out = test_output(&status, "pdffonts '%s' | tail -n +3 | "
	    "grep -vc ' yes yes yes '", path);
	CU_ASSERT(out != NULL && strcmp(out, "0\n") == 0);
	free(out);
	CU_ASSERT_EQUAL(test_system("pdftoppm -r 60 -png -f 1 -l 1 -singlefile "
	    "'%s' '%s/test-logs/print-form-%s'", path, test_build_dir(), tag),
	    0);
	out = test_output(&status, "pdftotext -enc UTF-8 '%s' -", path);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_FATAL(out != NULL);
	free(path);
	return out;
}

/* What every filled form carries: the seed's title of its form, the
 * person, the reference number, the window, no 見本 stamp. */
static void
form_common(const char *text, const struct store_app *a, enum rules_form f)
{
	char number[32];

	snprintf(number, sizeof(number), "%lld", (long long)a->id);
	CU_ASSERT_STRING_EQUAL(a->form, rules_form_name(f));
	CU_ASSERT(strstr(text, rules_form_name(f)) != NULL);
	CU_ASSERT(strstr(text, rules_form_title(f)) != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) != NULL);
	CU_ASSERT(strstr(text, env.hanako.name_kana) != NULL);
	CU_ASSERT(strstr(text, env.hanako.address) != NULL);
	CU_ASSERT(strstr(text, "昭和61年2月3日") != NULL);
	CU_ASSERT(strstr(text, number) != NULL);
	CU_ASSERT(strstr(text, "令和8年11月25日") != NULL);
	CU_ASSERT(strstr(text, "市民課") != NULL);
	CU_ASSERT(strstr(text, "申請者署名") != NULL || strstr(text,
	    "請求者署名") != NULL);
	CU_ASSERT(strstr(text, "見本") == NULL);
}

/* 様式第1号: an issuance filed by the person with two list-B documents
 * (waiting for the inquiry reply). */
static void
test_form_issue(void)
{
	struct rules_case c;
	struct store_app a;
	char msg[512], *text;

	form_case(&c, RULES_PROC_ISSUE);
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);
	text = form_text(&a, "1");
	form_common(text, &a, RULES_FORM_1);
	CU_ASSERT(strstr(text, "■ 新規発行") != NULL);
	CU_ASSERT(strstr(text, "□ 更新") != NULL);
	CU_ASSERT(strstr(text, "■ 署名用電子証明書") != NULL);
	CU_ASSERT(strstr(text, "■ 利用者証明用電子証明書") != NULL);
	CU_ASSERT(strstr(text, "■ 本人") != NULL);
	CU_ASSERT(strstr(text, "□ 任意代理人") != NULL);
	CU_ASSERT(strstr(text, rules_document_name(RULES_LIST_B, 5)) != NULL);
	CU_ASSERT(strstr(text, rules_document_name(RULES_LIST_B, 13)) != NULL);
	free(text);
}

/* 様式第3号: the user cert's revocation filed by an agent with a power
 * of attorney and the inquiry reply, each with a driving licence. */
static void
test_form_revoke_agent(void)
{
	struct rules_case c;
	struct store_app a;
	struct store_card card;
	struct store_cert cert = { 0 };
	struct proc_targets t = { 0 };
	char msg[512], *text;

	form_case(&c, RULES_PROC_REVOKE);
	c.certs = RULES_CERT_USER;
	c.filer = RULES_FILER_AGENT;
	c.power_of_attorney = c.inquiry_reply = c.serial_document = true;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	c.n_filer_documents = 1;
	c.filer_documents[0] = (struct rules_document){ RULES_LIST_A, 2, true,
	    true };
	/* R3.8: the cert revoked is one of hers the counter recorded. */
	CU_ASSERT_EQUAL_FATAL(store_card_ensure(env.st, env.hanako.id,
	    "AB1234567890", "2031-02-03", &card), 0);
	cert.card_id = card.id;
	cert.person_id = env.hanako.id;
	strlcpy_m(cert.kind, "user", sizeof(cert.kind));
	strlcpy_m(cert.serial, "5B81E07C3D2A96F4C1087E5A23B9D64E",
	    sizeof(cert.serial));
	strlcpy_m(cert.state, "valid", sizeof(cert.state));
	strlcpy_m(cert.not_before, "2026-02-03", sizeof(cert.not_before));
	strlcpy_m(cert.not_after, "2031-02-03", sizeof(cert.not_after));
	CU_ASSERT_EQUAL_FATAL(store_cert_record(env.st, &cert), 0);
	t.serials[0] = cert.serial;
	t.n = 1;
	t.reason = ISSUER_REASON_UNSPECIFIED;
	if (proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL, &t,
	    "accepted", &a, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "not saved: %s\n", msg);
		CU_FAIL_FATAL("revocation by an agent not saved");
	}
	text = form_text(&a, "3-agent");
	form_common(text, &a, RULES_FORM_3);
	CU_ASSERT(strstr(text, "■ 失効申請") != NULL);
	CU_ASSERT(strstr(text, "□ 秘密鍵漏えい等届出") != NULL);
	CU_ASSERT(strstr(text, "□ 署名用電子証明書") != NULL);
	CU_ASSERT(strstr(text, "■ 利用者証明用電子証明書") != NULL);
	CU_ASSERT(strstr(text, "□ 本人") != NULL);
	CU_ASSERT(strstr(text, "■ 任意代理人") != NULL);
	CU_ASSERT(strstr(text, "委任状による代理人") != NULL);
	CU_ASSERT(strstr(text, rules_document_name(RULES_LIST_A, 1)) != NULL);
	CU_ASSERT(strstr(text, rules_document_name(RULES_LIST_A, 2)) != NULL);
	free(text);
}

/* 様式第8号: a correction request carries what it asks to correct. */
static void
test_form_correct(void)
{
	struct rules_case c;
	struct store_app a;
	struct proc_targets t = { 0 };
	char msg[512], *text;

	form_case(&c, RULES_PROC_CORRECT);
	c.certs = RULES_CERT_SIGNATURE;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	t.text = "発行の記録にある住所の記載";
	if (proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL, &t,
	    "accepted", &a, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "not saved: %s\n", msg);
		CU_FAIL_FATAL("correction request not saved");
	}
	text = form_text(&a, "8");
	form_common(text, &a, RULES_FORM_8);
	CU_ASSERT(strstr(text, "■ 訂正") != NULL);
	CU_ASSERT(strstr(text, "■ 署名用電子証明書") != NULL);
	CU_ASSERT(strstr(text, "発行の記録にある住所の記載") != NULL);
	free(text);
}

/* No such application: nothing written, -1. */
static void
test_form_missing(void)
{
	char *path = xasprintf("%s/none.pdf", env.state);
	struct stat sb;

	CU_ASSERT_EQUAL(proc_form_pdf(&env.pc, 999999, path), -1);
	CU_ASSERT(stat(path, &sb) == -1);
	free(path);
}

/* Every form the rules core can choose for an application has its
 * template; the inquiry letters are not application forms. */
static void
test_form_templates(void)
{
	static const enum rules_form letters[] = { RULES_FORM_2, RULES_FORM_4,
	    RULES_FORM_9, RULES_FORM_CARD_20, RULES_FORM_CARD_23 };
	const struct print_form *t;
	size_t i;
	int f, letter;

	for (f = RULES_FORM_NONE + 1; f < RULES_FORM_COUNT; f++) {
		letter = 0;
		for (i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
			letter |= letters[i] == (enum rules_form)f;
		t = print_form_find(rules_form_name(f));
		if (letter)
			continue;
		CU_ASSERT_PTR_NOT_NULL(t);
		if (t == NULL)
			fprintf(stderr, "no template: %s\n", rules_form_name(f));
		else
			CU_ASSERT_STRING_EQUAL(print_form_title(t),
			    rules_form_title(f));
	}
	CU_ASSERT_PTR_NULL(print_form_find("様式第99号"));
	CU_ASSERT_PTR_NULL(print_form_find(""));
}

static CU_TestInfo form_tests[] = {
	{ "様式第1号 filled from an issuance", test_form_issue },
	{ "様式第3号 filled from an agent's revocation", test_form_revoke_agent },
	{ "様式第8号 carries the correction asked", test_form_correct },
	{ "no such application", test_form_missing },
	{ "a template for every application form", test_form_templates },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(form, "print form", env_init, env_clean, form_tests);
