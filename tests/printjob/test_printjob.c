/*
 * A clerk's receipt to the window's printer, end to end: a private cupsd
 * (tests/lib/cupsd.c) with a queue printing into a file: device, the
 * server started with CUPS_SERVER pointing at it (madoguchi-sshd passes it
 * on to the screens) and window.citizens.printer set to the queue. The
 * demo clerk takes a disclosure request (R6) through ssh: the receipt
 * screen says it went to 窓口プリンタ「counter」 as CUPS's job counter-1,
 * the file is a PDF of her receipt, the job row is bound to her
 * application, and 保守 → 9 印刷ジョブ lists it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "counter.h"
#include "cupsd.h"
#include "testlib.h"
#include "../server/harness.h"

#define FORM	"開示請求・訂正請求の受付"
#define QUEUE	"counter"

static const struct ctr_who yumi = { "タカハシユミ", "DM0000000084",
	"2034-06-12", NULL };
static const int licence[] = { 0 };

static struct test_cupsd cups;

static int
suite_init(void)
{
	static const char *const settings[] = {
		"window.citizens.printer=" QUEUE, NULL
	};

	/* CUPS_SERVER is in the server's environment from here on. */
	if (test_cupsd_start(&cups) == -1 || test_cupsd_queue(&cups,
	    QUEUE) != 0) {
		fprintf(stderr, "cupsd did not start (log in %s/log)\n",
		    cups.dir);
		return 1;
	}
	return ctr_suite_init_with(settings);
}

static int
suite_clean(void)
{
	int rc = ctr_suite_clean();

	test_cupsd_stop(&cups);
	return rc;
}

/* The print jobs of an application: its receipt's (job) and its form's
 * (form), and how many there are. */
struct job_of {
	int64_t			 app;
	struct store_print_job	 job;
	struct store_print_job	 form;
	int			 n;
};

static int
job_of_cb(const struct store_print_job *j, void *arg)
{
	struct job_of *o = arg;

	if (j->app_id == o->app) {
		if (strcmp(j->kind, "form") == 0)
			o->form = *j;
		else
			o->job = *j;
		o->n++;
	}
	return 0;
}

static void
test_receipt_to_printer(void)
{
	struct vt *v = ctr_login();
	struct store_person p;
	struct store_app app;
	struct job_of o;
	struct store *st;
	char err[256], *text;

	ctr_find_person(v, "9", yumi.kana);
	ctr_press(v, VT_KEY_F6, FORM);
	ctr_person_of(&yumi, &p);
	CU_ASSERT_TRUE(ctr_wait_text(v, "様式第7号", CTR_WAIT_MS));
	ctr_documents(v, licence, 1, FORM);
	CU_ASSERT_TRUE(ctr_wait_text(v, "受付できます", CTR_WAIT_MS));
	/* Accepted: her request form goes to the printer first (CUPS's
	 * job 1) for her to check and sign, then the receipt (job 2). */
	ctr_press(v, VT_KEY_F5, "受付票");
	CU_ASSERT_TRUE(ctr_wait_text(v, "窓口プリンタ「" QUEUE "」に送りました "
	    "(ジョブ " QUEUE "-2)", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "F5/r もう一度印刷"));

	/* What the printer got last: her receipt. */
	CU_ASSERT_FATAL(test_cupsd_done(&cups, QUEUE, 1, 20000));
	CU_ASSERT_FATAL(test_cupsd_done(&cups, QUEUE, 2, 20000));
	text = test_cupsd_text(&cups, QUEUE);
	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(strstr(text, "受付票") != NULL);
	CU_ASSERT(strstr(text, p.name) != NULL);
	free(text);

	/* The job: bound to her request, CUPS's id, no PDF left behind. */
	ctr_last_app(yumi.kana, &app);
	memset(&o, 0, sizeof(o));
	o.app = app.id;
	CU_ASSERT_FATAL((st = store_open(ctr_state(), 0, err,
	    sizeof(err))) != NULL);
	CU_ASSERT(store_print_job_list(st, NULL, 0, job_of_cb, &o) >= 1);
	store_close(st);
	CU_ASSERT_EQUAL(o.n, 2);
	CU_ASSERT_EQUAL(o.form.person_id, p.id);
	CU_ASSERT_EQUAL(o.form.cups_job, 1);
	CU_ASSERT_STRING_EQUAL(o.form.state, "sent");
	CU_ASSERT_EQUAL(o.job.person_id, p.id);
	CU_ASSERT_EQUAL(o.job.cups_job, 2);
	CU_ASSERT_STRING_EQUAL(o.job.state, "sent");
	CU_ASSERT_STRING_EQUAL(o.job.queue, QUEUE);
	CU_ASSERT_EQUAL(test_system("ls '%s/print' 2>/dev/null | grep -q "
	    "'^job-'", ctr_state()), 1);

	/* The admin's list of print jobs; F6 asks CUPS: done. */
	ctr_logout(v);
	v = ctr_login();
	vt_type(v, "m");
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "印刷ジョブ", CTR_WAIT_MS));
	vt_type(v, "9");
	CU_ASSERT_TRUE(ctr_wait_text(v, "印刷ジョブ: 2 件", CTR_WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "送信済み"));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(ctr_wait_text(v, "2 件の結果が変わりました",
	    CTR_WAIT_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "印刷済み", CTR_WAIT_MS));
	ctr_logout(v);
}

static CU_TestInfo printjob_tests[] = {
	{ "a receipt goes to the window's CUPS printer", test_receipt_to_printer },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(printjob, "receipt to the window's printer", suite_init,
    suite_clean, printjob_tests);
