/*
 * The letters, the J-LIS mailing and the daily close as PDFs from real
 * records: a demo state, 窓口 花子's applications saved as the screens save
 * them, each PDF read back with poppler (pdftotext, also cropped to the
 * envelope window, and pdffonts); page 1 of each is left in
 * $(BUILD)/test-logs/print-*.png for a person to look at.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
PROC_TEST_ENV_SUITE(env, "letters", "2026-11-25")

/* The PDF's text with the line breaks taken out (a long title wraps). */
static char *
pdf_text(const char *path)
{
	char *out = test_output(NULL, "pdftotext -enc UTF-8 '%s' - | tr -d "
	    "'\\n'", path);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	return out;
}

/* The text pdftotext finds inside the envelope's window (page 1, in
 * points at 72 dpi). */
static char *
window_text(const char *path)
{
	char *out = test_output(NULL, "pdftotext -enc UTF-8 -f 1 -l 1 -r 72 "
	    "-x %d -y %d -W %d -H %d '%s' - | tr -d '\\n'",
	    (int)print_mm(PRINT_WINDOW_X_MM), (int)print_mm(PRINT_WINDOW_Y_MM),
	    (int)print_mm(PRINT_WINDOW_W_MM), (int)print_mm(PRINT_WINDOW_H_MM),
	    path);

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	return out;
}

/* Private, fonts embedded with Unicode maps, page 1 to the test logs. */
static void
pdf_checks(const char *path, const char *png)
{
	struct stat sb;
	char *out;

	CU_ASSERT(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);
	out = test_output(NULL, "pdffonts '%s' | tail -n +3 | "
	    "grep -vc ' yes yes yes '", path);
	CU_ASSERT(out != NULL && strcmp(out, "0\n") == 0);
	free(out);
	CU_ASSERT_EQUAL(test_system("pdftoppm -r 60 -png -f 1 -l 1 -singlefile "
	    "'%s' '%s/test-logs/print-%s'", path, test_build_dir(), png), 0);
}

/* A resident's issuance by 窓口 花子 herself with two list-B documents:
 * R2.4 (2) wants the reply to the inquiry (様式第2号). */
static void
issue_case(struct rules_case *c)
{
	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	c->date = (struct era_date){ 2026, 11, 25 };
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_ALL;
	c->birth_date = (struct era_date){ 1986, 2, 3 };
	c->filer = RULES_FILER_SELF;
	c->n_documents = 2;
	c->documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c->documents[1] = (struct rules_document){ RULES_LIST_B, 13, true,
	    false };
}

static void
test_letter_of_an_issuance(void)
{
	struct rules_case c;
	struct store_letter l;
	char msg[512], *path = NULL, *text, *win;

	issue_case(&c);
	CU_ASSERT_EQUAL_FATAL(proc_app_save_letter(&env.pc, &env.hanako,
	    env.clerk, &c, NULL, "様式第2号", env.state, &l, &path, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT(strstr(path, "/print/letter-") != NULL);
	CU_ASSERT(strstr(path, ".pdf") != NULL);
	text = pdf_text(path);
	CU_ASSERT(strstr(text, rules_form_title(RULES_FORM_2)) != NULL);
	CU_ASSERT(strstr(text, "様式第2号") != NULL);
	CU_ASSERT(strstr(text, l.ref_no) != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) != NULL);
	CU_ASSERT(strstr(text, "署名用電子証明書・利用者証明用電子証明書の発行")
	    != NULL);
	/* The deadline: a month (30 days) from today, 2026-11-25. */
	CU_ASSERT(PROC_LETTER_REPLY_DAYS == 30);
	CU_ASSERT(strstr(text, "回答の期限") != NULL &&
	    strstr(text, "令和8年12月25日") != NULL);
	/* What to bring, and the reply to fill in. */
	CU_ASSERT(strstr(text, "この照会書兼回答書") != NULL);
	CU_ASSERT(strstr(text, "マイナンバーカード") != NULL);
	CU_ASSERT(strstr(text, "本人確認書類") != NULL);
	CU_ASSERT(strstr(text, "申請した") != NULL &&
	    strstr(text, "申請していない") != NULL);
	CU_ASSERT(strstr(text, "見本") == NULL);
	free(text);
	/* R2.9: 転送不要, with the name and address, in the window. */
	win = window_text(path);
	CU_ASSERT(strstr(win, "転送不要") != NULL);
	CU_ASSERT(strstr(win, env.hanako.name) != NULL);
	CU_ASSERT(strstr(win, env.hanako.address) != NULL);
	CU_ASSERT(strstr(win, "様") != NULL);
	CU_ASSERT(strstr(win, l.ref_no) == NULL);
	free(win);
	pdf_checks(path, "letter-application");
	free(path);
}

/* R6.5: 様式第9号 goes by ordinary post, not 転送不要; a request (請求). */
static void
test_letter_of_a_disclosure(void)
{
	struct rules_case c;
	struct store_app a;
	struct store_letter l;
	char msg[512], path[600], *text, *win;

	rules_case_init(&c);
	c.procedure = RULES_PROC_DISCLOSE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "accepted", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(store_letter_create(env.st, a.id, "様式第9号",
	    &l), 0);
	snprintf(path, sizeof(path), "%s/letter-9.pdf", env.state);
	CU_ASSERT_EQUAL_FATAL(proc_letter_pdf(&env.pc, &l, path), 0);
	text = pdf_text(path);
	CU_ASSERT(strstr(text, rules_form_title(RULES_FORM_9)) != NULL);
	CU_ASSERT(strstr(text, l.ref_no) != NULL);
	CU_ASSERT(strstr(text, "請求していない") != NULL);
	CU_ASSERT(strstr(text, "開示") != NULL);
	CU_ASSERT(strstr(text, "転送不要") == NULL);
	free(text);
	win = window_text(path);
	CU_ASSERT(strstr(win, env.hanako.name) != NULL);
	free(win);
	pdf_checks(path, "letter-disclosure");
	/* A 様式 that is no letter has no template: refused, nothing made. */
	strlcpy_m(l.form, "様式第1号", sizeof(l.form));
	snprintf(path, sizeof(path), "%s/letter-1.pdf", env.state);
	CU_ASSERT_EQUAL(proc_letter_pdf(&env.pc, &l, path), -1);
}

static void
test_mailing(void)
{
	struct rules_case c;
	struct store_app a, b;
	struct store_mailing m;
	char msg[512], id[24], *list = NULL, *cover = NULL, *text;

	/* Two disclosure requests to send to J-LIS (R6.6). */
	rules_case_init(&c);
	c.procedure = RULES_PROC_DISCLOSE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "accepted", &a, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "accepted", &b, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(proc_mail_create(&env.pc, env.clerk, &m, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(proc_mail_print(&env.pc, env.state, NULL, m.id,
	    &list, &cover, msg, sizeof(msg)), 0);
	CU_ASSERT(strstr(list, "-list.pdf") != NULL);
	CU_ASSERT(strstr(cover, "-cover.pdf") != NULL);

	text = pdf_text(list);
	CU_ASSERT(strstr(text, print_form_mail_list.title) != NULL);
	snprintf(id, sizeof(id), "%lld", (long long)b.id);
	CU_ASSERT(strstr(text, id) != NULL);
	CU_ASSERT(strstr(text, "開示請求") != NULL);
	CU_ASSERT(strstr(text, "様式第7号") != NULL);
	CU_ASSERT(strstr(text, "特定記録郵便") != NULL);
	/* No personal data: the forms go with it. */
	CU_ASSERT(strstr(text, env.hanako.name) == NULL);
	CU_ASSERT(strstr(text, env.hanako.address) == NULL);
	/* Cells stay cells: nothing cleaned into '?'. */
	CU_ASSERT(strchr(text, '?') == NULL);
	free(text);
	pdf_checks(list, "mailing-list-of-a-mailing");

	text = pdf_text(cover);
	CU_ASSERT(strstr(text, "送付書") != NULL);
	CU_ASSERT(strstr(text, "地方公共団体情報システム機構 御中") != NULL);
	CU_ASSERT(strstr(text, "開示請求書") != NULL);
	/* pdftotext may drop the narrow space before 通. */
	snprintf(id, sizeof(id), "%d 通", m.n_items);
	snprintf(msg, sizeof(msg), "%d通", m.n_items);
	CU_ASSERT(strstr(text, id) != NULL || strstr(text, msg) != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) == NULL);
	CU_ASSERT(strchr(text, '?') == NULL);
	free(text);
	pdf_checks(cover, "mailing-cover-of-a-mailing");
	free(list);
	free(cover);
}

static void
test_close(void)
{
	char msg[512], want[64], *path, *text;
	long total = -1;

	text = proc_close_text(env.st, env.state, "2026-11-25", "citizens",
	    &total);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	free(text);
	CU_ASSERT(total > 0);
	path = proc_close_print(env.st, env.state, "2026-11-25", "citizens",
	    "demo", msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	/* The audit row counts what the close printed. */
	text = test_output(NULL, "sqlite3 '%s/%s' \"SELECT detail FROM "
	    "audit_events WHERE kind = 'close.print' ORDER BY id DESC "
	    "LIMIT 1\"", env.state, STATE_DB);
	snprintf(want, sizeof(want), "count=%ld\n", total);
	CU_ASSERT(text != NULL && strcmp(text, want) == 0);
	free(text);
	CU_ASSERT(strstr(path, "/print/close-2026-11-25-citizens.pdf") != NULL);
	text = pdf_text(path);
	CU_ASSERT(strstr(text, "日計表") != NULL);
	CU_ASSERT(strstr(text, "令和8年11月25日") != NULL);
	CU_ASSERT(strchr(text, '?') == NULL);
	CU_ASSERT(strstr(text, "開示") != NULL);
	CU_ASSERT(strstr(text, "監査ログの署名済み先頭") != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) == NULL);
	free(text);
	pdf_checks(path, "close-of-a-day");
	free(path);
}

static CU_TestInfo letters_tests[] = {
	{ "letter PDF of an issuance: window, 転送不要, deadline", test_letter_of_an_issuance },
	{ "letter PDF of a disclosure: 様式第9号, no 転送不要", test_letter_of_a_disclosure },
	{ "mailing list and cover PDFs of a real mailing", test_mailing },
	{ "daily close PDF", test_close },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(letters, "print letters", env_init, env_clean,
    letters_tests);
