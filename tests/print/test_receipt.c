/*
 * The receipt of a real application as PDF (proc_receipt_pdf, what the
 * 受付票 screen prints through a print job): a demo state, 窓口 花子's
 * application saved as the letter path saves it, the PDF read back with
 * pdftotext against the text receipt of the same application.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
PROC_TEST_ENV_SUITE(env, "printpdf", "2026-11-25")

static void
test_receipt_pdf_of_an_application(void)
{
	struct rules_case c;
	struct store_app a;
	struct stat sb;
	char msg[512], number[32], *path, *text, *pdf;
	int status;

	rules_case_init(&c);
	c.procedure = RULES_PROC_ISSUE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.certs = RULES_CERT_ALL;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&env.pc, &env.hanako, env.clerk, &c,
	    NULL, NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);

	path = proc_receipt_pdf(&env.pc, a.id, env.state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	CU_ASSERT(strstr(path, "/print/receipt-") != NULL);
	/* Personal data: the owner's alone. */
	CU_ASSERT(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);

	pdf = test_output(&status, "pdftotext -enc UTF-8 '%s' -", path);
	CU_ASSERT_EQUAL(status, 0);
	text = proc_receipt_text(&env.pc, a.id);
	CU_ASSERT_FATAL(pdf != NULL && text != NULL);
	snprintf(number, sizeof(number), "%lld", (long long)a.id);
	CU_ASSERT(strstr(pdf, print_form_receipt.title) != NULL);
	CU_ASSERT(strstr(pdf, env.hanako.name) != NULL && strstr(text,
	    env.hanako.name) != NULL);
	CU_ASSERT(strstr(pdf, number) != NULL);
	CU_ASSERT(strstr(pdf, a.form) != NULL);
	CU_ASSERT(strstr(text, "照会書の回答待ち") != NULL &&
	    strstr(pdf, "照会書の回答待ち") != NULL);
	/* Nothing issued yet: the table says so, as the text does. */
	CU_ASSERT(strstr(text, "(なし)") != NULL && strstr(pdf, "(なし)") !=
	    NULL);
	CU_ASSERT(strstr(pdf, "見本") == NULL);
	free(text);
	free(pdf);

	pdf = test_output(&status, "pdffonts '%s' | tail -n +3 | "
	    "grep -vc ' yes yes yes '", path);
	CU_ASSERT(pdf != NULL && strcmp(pdf, "0\n") == 0);
	free(pdf);
	CU_ASSERT_EQUAL(test_system("pdftoppm -r 50 -png -f 1 -l 1 -singlefile "
	    "'%s' '%s/test-logs/print-receipt-application'", path,
	    test_build_dir()), 0);
	free(path);
}

static CU_TestInfo receipt_tests[] = {
	{ "receipt PDF of a saved application", test_receipt_pdf_of_an_application },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(receipt, "print receipt", env_init, env_clean,
    receipt_tests);
