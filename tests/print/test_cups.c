/*
 * Print jobs to a real CUPS: the suite starts its own cupsd (tests/lib/
 * cupsd.c: foreground, its config, spool and state in a temp dir,
 * listening on a Unix socket there, FileDevice on), points libcups at it
 * with CUPS_SERVER, and makes queues with lpadmin whose device is a file:
 * in the temp dir (a PDF printer: tests/print/pdf-printer.ppd). A receipt of a real application
 * printed through proc_print arrives in that file as a PDF, and the job
 * id recorded is CUPS's; a queue that does not exist fails in Japanese
 * and printing again works once it is made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "cupsd.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
static struct test_cupsd cups;

static int
suite_init(void)
{
	if (proc_test_env_open(&env, "cups", "2026-11-25") == -1)
		return 1;
	if (test_cupsd_start(&cups) == -1) {
		fprintf(stderr, "cupsd did not start (log in %s/log)\n",
		    cups.dir);
		return 1;
	}
	return 0;
}

static int
suite_clean(void)
{
	test_cupsd_stop(&cups);
	proc_test_env_end(&env);
	return 0;
}

/* 窓口 花子's issuance saved at the Citizens Division. */
static int64_t
save_application(void)
{
	struct rules_case c;
	struct store_app a;
	char msg[512];

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
	return a.id;
}

struct audit_seen {
	int64_t		 job;
	int		 made, results;
	const char	*name;
	int		 named;		/* a row carries the person's name */
};

static int
audit_seen_cb(const struct store_audit_row *r, void *arg)
{
	struct audit_seen *a = arg;
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)a->job);
	if (strncmp(r->kind, "print.", 6) != 0 || strcmp(r->object, id) != 0)
		return 0;
	a->made += strcmp(r->kind, "print.job") == 0;
	a->results += strcmp(r->kind, "print.result") == 0;
	a->named |= strstr(r->detail, a->name) != NULL;
	return 0;
}

/* No PDF of a job is left under STATE/print. */
static int
no_job_pdf(void)
{
	return test_system("ls '%s/print' 2>/dev/null | grep -q '^job-'",
	    env.state) != 0;
}

static void
test_receipt_to_cups(void)
{
	struct store_print_job job, row;
	char msg[512], path[512], say[512], *text, *ls;
	int64_t app = save_application();
	int status, changed;

	CU_ASSERT_EQUAL_FATAL(test_cupsd_queue(&cups, "counter1"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_setting_set(env.st, "demo",
	    "window.citizens.printer", "counter1", msg, sizeof(msg)), 0);

	CU_ASSERT_EQUAL_FATAL(proc_print(&env.pc, env.state, "receipt", app,
	    NULL, &job, path, sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(job.state, "sent");
	CU_ASSERT_STRING_EQUAL(job.queue, "counter1");
	CU_ASSERT_STRING_EQUAL(job.window, "citizens");
	CU_ASSERT(job.cups_job > 0);
	CU_ASSERT_STRING_EQUAL(path, "");
	/* Bound to the application and its person, as the store keeps it. */
	CU_ASSERT_EQUAL_FATAL(store_print_job_get(env.st, job.id, &row), 0);
	CU_ASSERT_EQUAL(row.app_id, app);
	CU_ASSERT_EQUAL(row.person_id, env.hanako.id);
	CU_ASSERT_EQUAL(row.cups_job, job.cups_job);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
	CU_ASSERT_STRING_EQUAL(row.actor, "demo");
	/* CUPS has its copy; ours is gone. */
	CU_ASSERT(no_job_pdf());
	proc_print_say(&job, path, say, sizeof(say));
	snprintf(msg, sizeof(msg), "(ジョブ counter1-%d)", job.cups_job);
	CU_ASSERT(strstr(say, msg) != NULL);

	CU_ASSERT_FATAL(test_cupsd_done(&cups, "counter1", job.cups_job,
	    20000));
	/* The id recorded is the one CUPS lists, titled without a name. */
	ls = test_output(&status, "lpstat -h '%s' -W completed -l -o counter1",
	    cups.sock);
	snprintf(msg, sizeof(msg), "counter1-%d ", job.cups_job);
	CU_ASSERT(ls != NULL && strstr(ls, msg) != NULL);
	free(ls);
	text = test_cupsd_text(&cups, "counter1");
	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(strstr(text, "受付票") != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) != NULL);
	free(text);

	/* CUPS says it is done: the job is marked so. */
	CU_ASSERT_EQUAL(proc_print_refresh(&env.pc, &changed, msg, sizeof(msg)),
	    0);
	CU_ASSERT_EQUAL(changed, 1);
	CU_ASSERT_EQUAL(store_print_job_get(env.st, job.id, &row), 0);
	CU_ASSERT_STRING_EQUAL(row.state, "done");

	/* Audited: made, sent, done; by ids, never the name. */
	{
		struct store_audit_query q = { NULL, NULL, NULL, 0, NULL };
		struct audit_seen a = { job.id, 0, 0, env.hanako.name, 0 };

		CU_ASSERT(store_audit_browse(env.st, &q, 0, 1000, audit_seen_cb,
		    &a) > 0);
		CU_ASSERT_EQUAL(a.made, 1);
		CU_ASSERT_EQUAL(a.results, 2);
		CU_ASSERT_FALSE(a.named);
	}
}

static void
test_missing_queue_then_again(void)
{
	struct store_print_job job, row;
	char msg[512], path[512], *text;
	int64_t app = save_application();
	int status;

	CU_ASSERT_EQUAL_FATAL(proc_setting_set(env.st, "demo",
	    "window.citizens.printer", "counter2", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_print(&env.pc, env.state, "receipt", app, NULL,
	    &job, path, sizeof(path), msg, sizeof(msg)), -1);
	CU_ASSERT(job.id > 0);
	CU_ASSERT_STRING_EQUAL(job.state, "failed");
	CU_ASSERT_EQUAL(job.cups_job, 0);
	/* Japanese, naming the queue, nothing of the person. */
	CU_ASSERT(strstr(msg, "窓口プリンタ「counter2」は CUPS にありません")
	    != NULL);
	CU_ASSERT(strstr(msg, env.hanako.name) == NULL);
	CU_ASSERT_EQUAL(store_print_job_get(env.st, job.id, &row), 0);
	CU_ASSERT_STRING_EQUAL(row.state, "failed");
	CU_ASSERT_STRING_EQUAL(row.error, msg);
	CU_ASSERT(no_job_pdf());

	/* The admin makes the queue; the clerk prints it again. */
	CU_ASSERT_EQUAL_FATAL(test_cupsd_queue(&cups, "counter2"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_print_again(&env.pc, env.state, job.id, &row,
	    path, sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(row.id, job.id);
	CU_ASSERT_EQUAL(row.attempts, 2);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
	CU_ASSERT_STRING_EQUAL(row.error, "");
	CU_ASSERT(row.cups_job > 0);
	CU_ASSERT(no_job_pdf());
	CU_ASSERT_FATAL(test_cupsd_done(&cups, "counter2", row.cups_job,
	    20000));
	text = test_cupsd_text(&cups, "counter2");
	CU_ASSERT(text != NULL && strstr(text, "受付票") != NULL);
	free(text);

	/* The admin's commands: the list, then the job once more. */
	text = test_output(&status, "'%s' print jobs --state '%s'",
	    test_prog("madoguchi"), env.state);
	CU_ASSERT_EQUAL(status, 0);
	snprintf(msg, sizeof(msg), "%lld\t", (long long)job.id);
	CU_ASSERT(text != NULL && strstr(text, msg) != NULL &&
	    strstr(text, "印刷済み") != NULL && strstr(text, "counter2") != NULL);
	free(text);
	text = test_output(&status, "'%s' print again %lld --state '%s'",
	    test_prog("madoguchi"), (long long)job.id, env.state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(text != NULL && strstr(text, "窓口プリンタ「counter2」に"
	    "送りました") != NULL);
	free(text);
	CU_ASSERT_EQUAL(store_print_job_get(env.st, job.id, &row), 0);
	CU_ASSERT_EQUAL(row.attempts, 3);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
}

/* The application form for her to sign and the window's daily close go
 * to the window's printer too: the form bound to her application, the
 * close to no one, neither naming her where it need not. */
static void
test_form_and_close_to_cups(void)
{
	struct store_print_job job;
	char msg[512], path[512], want[64], *text, *said;
	int64_t app = save_application();

	CU_ASSERT_EQUAL_FATAL(test_cupsd_queue(&cups, "office"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_setting_set(env.st, "demo",
	    "window.citizens.printer", "office", msg, sizeof(msg)), 0);

	CU_ASSERT_EQUAL_FATAL(proc_print(&env.pc, env.state, "form", app, NULL,
	    &job, path, sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(job.state, "sent");
	CU_ASSERT_EQUAL(job.app_id, app);
	CU_ASSERT_EQUAL(job.person_id, env.hanako.id);
	CU_ASSERT_FATAL(test_cupsd_done(&cups, "office", job.cups_job, 20000));
	text = test_cupsd_text(&cups, "office");
	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(strstr(text, "様式第1号") != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) != NULL);
	CU_ASSERT(strstr(text, "申請者署名") != NULL);
	free(text);

	said = proc_close_print(env.st, env.state, "2026-11-25", "citizens",
	    "demo", msg, sizeof(msg));
	CU_ASSERT_PTR_NOT_NULL_FATAL(said);
	CU_ASSERT(strstr(said, "窓口プリンタ「office」に送りました") != NULL);
	free(said);
	CU_ASSERT_FATAL(test_cupsd_done(&cups, "office", job.cups_job + 1,
	    20000));
	text = test_cupsd_text(&cups, "office");
	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(strstr(text, "日計表") != NULL);
	CU_ASSERT(strstr(text, env.hanako.name) == NULL);
	free(text);
	snprintf(want, sizeof(want), "close-2026-11-25-citizens.pdf");
	CU_ASSERT(test_system("test -e '%s/print/%s'", env.state, want) != 0);
	CU_ASSERT(no_job_pdf());
}

static void
test_no_printer_saves(void)
{
	struct store_print_job job;
	char msg[512], path[512], want[600];
	int64_t app = save_application();
	struct stat sb;

	CU_ASSERT_EQUAL_FATAL(proc_setting_set(env.st, "demo",
	    "window.citizens.printer", "なし", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_print(&env.pc, env.state, "receipt", app, NULL,
	    &job, path, sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(job.state, "saved");
	CU_ASSERT_STRING_EQUAL(job.queue, "");
	snprintf(want, sizeof(want), "%s/print/receipt-%lld.pdf", env.state,
	    (long long)app);
	CU_ASSERT_STRING_EQUAL(path, want);
	CU_ASSERT(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);
}

static void
test_printer_setting_checked(void)
{
	char msg[512];

	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.shonai.printer", "two words", msg, sizeof(msg)), -1);
	CU_ASSERT(strstr(msg, "印刷キュー名") != NULL);
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.shonai.printer", "shonai/1", msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.shonai.printer", "Shonai_Counter-1", msg, sizeof(msg)), 0);
}

static void
test_time_jst(void)
{
	char buf[32];

	proc_print_time_jst("2026-12-01T15:30:00Z", buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "2026-12-02 00:30");
}

static CU_TestInfo cups_tests[] = {
	{ "receipt sent to a CUPS queue, its job id recorded",
	  test_receipt_to_cups },
	{ "missing queue fails in Japanese, print again works",
	  test_missing_queue_then_again },
	{ "the form and the daily close to the window's printer",
	  test_form_and_close_to_cups },
	{ "no printer: the PDF saved under STATE/print", test_no_printer_saves },
	{ "printer setting is a CUPS queue name", test_printer_setting_checked },
	{ "job times in Japan time", test_time_jst },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(cups, "print jobs to CUPS", suite_init, suite_clean,
    cups_tests);
