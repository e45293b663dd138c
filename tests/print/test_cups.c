/*
 * Print jobs to a real CUPS: the suite starts its own cupsd (foreground,
 * its config, spool and state in a temp dir, listening on a Unix socket
 * there, FileDevice on), points libcups at it with CUPS_SERVER, and makes
 * queues with lpadmin whose device is a file: in the temp dir (a PDF
 * printer: tests/print/pdf-printer.ppd). A receipt of a real application
 * printed through proc_print arrives in that file as a PDF, and the job
 * id recorded is CUPS's; a queue that does not exist fails in Japanese
 * and printing again works once it is made.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static struct store_person hanako;
static int64_t clerk_id;
static char *cups;		/* the private cupsd's directory */
static char sock[512];
static pid_t cupsd = -1;

/* cupsd's two files: the socket, no browsing, anyone on the socket may
 * print and administer (the socket is in our temp dir). */
static int
cups_write_conf(void)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/cupsd.conf", cups);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "Listen %s\nBrowsing No\nWebInterface No\nLogLevel info\n"
	    "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
	    "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
	    "  </Limit>\n</Policy>\n", sock);
	fclose(f);
	snprintf(path, sizeof(path), "%s/etc/cups-files.conf", cups);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "ServerRoot %s/etc\nRequestRoot %s/spool\nCacheDir %s/cache\n"
	    "StateDir %s/state\nTempDir %s/tmp\nErrorLog %s/log/error_log\n"
	    "AccessLog %s/log/access_log\nPageLog %s/log/page_log\n"
	    "FileDevice Yes\n", cups, cups, cups, cups, cups, cups, cups, cups);
	fclose(f);
	return 0;
}

static int
cups_ready_cb(void *arg)
{
	(void)arg;
	return test_system("lpstat -h '%s' -r >/dev/null 2>&1", sock) == 0;
}

static int
cups_start(void)
{
	static const char *const dirs[] = {
		"etc", "spool", "cache", "state", "tmp", "log"
	};
	char path[600], conf[600], files[600];
	size_t i;

	cups = test_mkdtemp("cups");
	/* cupsd runs its filters as lp: the spool under here must be
	 * reachable. */
	if (chmod(cups, 0711) == -1)
		return -1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", cups, dirs[i]);
		if (mkdir(path, 0755) == -1)
			return -1;
	}
	snprintf(sock, sizeof(sock), "%s/cups.sock", cups);
	if (cups_write_conf() == -1)
		return -1;
	snprintf(conf, sizeof(conf), "%s/etc/cupsd.conf", cups);
	snprintf(files, sizeof(files), "%s/etc/cups-files.conf", cups);
	snprintf(path, sizeof(path), "%s/log/cupsd.out", cups);
	if ((cupsd = fork()) == -1)
		return -1;
	if (cupsd == 0) {
		FILE *out = freopen(path, "w", stdout);

		if (out == NULL || dup2(fileno(out), 2) == -1)
			_exit(127);
		/* Gone with the test, whatever ends it. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execlp("cupsd", "cupsd", "-f", "-c", conf, "-s", files,
		    (char *)NULL);
		_exit(127);
	}
	setenv("CUPS_SERVER", sock, 1);
	return test_wait(cups_ready_cb, NULL, 20000) ? 0 : -1;
}

static void
cups_stop(void)
{
	int status;

	if (cupsd > 0) {
		kill(cupsd, SIGTERM);
		waitpid(cupsd, &status, 0);
		cupsd = -1;
	}
	if (cups != NULL) {
		test_rmtree(cups);
		free(cups);
		cups = NULL;
	}
	unsetenv("CUPS_SERVER");
}

/* A PDF printer queue whose device is the file cups/name.pdf (made
 * empty first: cupsd opens it, it does not create it). */
static int
cups_queue(const char *name)
{
	FILE *f;
	char out[600];

	snprintf(out, sizeof(out), "%s/%s.pdf", cups, name);
	if ((f = fopen(out, "w")) == NULL)
		return -1;
	fclose(f);
	return test_system("lpadmin -h '%s' -p '%s' -E -v 'file://%s' "
	    "-P '%s/tests/print/pdf-printer.ppd' 2>/dev/null", sock, name, out,
	    test_top_dir());
}

static int
suite_init(void)
{
	setenv("MADOGUCHI_TODAY", "2026-11-25", 1);
	state = proc_test_demo("cups", &st, &pc, &hanako, &clerk_id);
	if (state == NULL)
		return 1;
	if (cups_start() == -1) {
		fprintf(stderr, "cupsd did not start (log in %s/log)\n", cups);
		return 1;
	}
	return 0;
}

static int
suite_clean(void)
{
	cups_stop();
	store_close(st);
	test_rmtree(state);
	free(state);
	unsetenv("MADOGUCHI_TODAY");
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
	CU_ASSERT_EQUAL_FATAL(proc_app_save(&pc, &hanako, clerk_id, &c, NULL,
	    NULL, "waiting_reply", &a, msg, sizeof(msg)), 0);
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

struct cups_done {
	const char	*queue;
	int		 job;
};

/* CUPS lists the job as completed: the file is whole. */
static int
cups_done_cb(void *arg)
{
	const struct cups_done *d = arg;

	return test_system("lpstat -h '%s' -W completed -o '%s' | "
	    "grep -q '^%s-%d '", sock, d->queue, d->queue, d->job) == 0;
}

/* The queue's file read back: its text, the caller's. */
static char *
queue_text(const char *queue)
{
	int status;

	return test_output(&status, "pdftotext -enc UTF-8 '%s/%s.pdf' -", cups,
	    queue);
}

/* No PDF of a job is left under STATE/print. */
static int
no_job_pdf(void)
{
	return test_system("ls '%s/print' 2>/dev/null | grep -q '^job-'",
	    state) != 0;
}

static void
test_receipt_to_cups(void)
{
	struct store_print_job job, row;
	struct cups_done d = { "counter1", 0 };
	char msg[512], path[512], say[512], *text, *ls;
	int64_t app = save_application();
	int status, changed;

	CU_ASSERT_EQUAL_FATAL(cups_queue("counter1"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_setting_set(st, "demo",
	    "window.citizens.printer", "counter1", msg, sizeof(msg)), 0);

	CU_ASSERT_EQUAL_FATAL(proc_print(&pc, state, "receipt", app, NULL,
	    &job, path, sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(job.state, "sent");
	CU_ASSERT_STRING_EQUAL(job.queue, "counter1");
	CU_ASSERT_STRING_EQUAL(job.window, "citizens");
	CU_ASSERT(job.cups_job > 0);
	CU_ASSERT_STRING_EQUAL(path, "");
	/* Bound to the application and its person, as the store keeps it. */
	CU_ASSERT_EQUAL_FATAL(store_print_job_get(st, job.id, &row), 0);
	CU_ASSERT_EQUAL(row.app_id, app);
	CU_ASSERT_EQUAL(row.person_id, hanako.id);
	CU_ASSERT_EQUAL(row.cups_job, job.cups_job);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
	CU_ASSERT_STRING_EQUAL(row.actor, "demo");
	/* CUPS has its copy; ours is gone. */
	CU_ASSERT(no_job_pdf());
	proc_print_say(&job, path, say, sizeof(say));
	snprintf(msg, sizeof(msg), "(ジョブ counter1-%d)", job.cups_job);
	CU_ASSERT(strstr(say, msg) != NULL);

	d.job = job.cups_job;
	CU_ASSERT_FATAL(test_wait(cups_done_cb, &d, 20000));
	/* The id recorded is the one CUPS lists, titled without a name. */
	ls = test_output(&status, "lpstat -h '%s' -W completed -l -o counter1",
	    sock);
	snprintf(msg, sizeof(msg), "counter1-%d ", job.cups_job);
	CU_ASSERT(ls != NULL && strstr(ls, msg) != NULL);
	free(ls);
	text = queue_text("counter1");
	CU_ASSERT_FATAL(text != NULL);
	CU_ASSERT(strstr(text, "受付票") != NULL);
	CU_ASSERT(strstr(text, hanako.name) != NULL);
	free(text);

	/* CUPS says it is done: the job is marked so. */
	CU_ASSERT_EQUAL(proc_print_refresh(&pc, &changed, msg, sizeof(msg)),
	    0);
	CU_ASSERT_EQUAL(changed, 1);
	CU_ASSERT_EQUAL(store_print_job_get(st, job.id, &row), 0);
	CU_ASSERT_STRING_EQUAL(row.state, "done");

	/* Audited: made, sent, done; by ids, never the name. */
	{
		struct store_audit_query q = { NULL, NULL, NULL, 0, NULL };
		struct audit_seen a = { job.id, 0, 0, hanako.name, 0 };

		CU_ASSERT(store_audit_browse(st, &q, 0, 1000, audit_seen_cb,
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
	struct cups_done d = { "counter2", 0 };
	char msg[512], path[512], *text;
	int64_t app = save_application();
	int status;

	CU_ASSERT_EQUAL_FATAL(proc_setting_set(st, "demo",
	    "window.citizens.printer", "counter2", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_print(&pc, state, "receipt", app, NULL, &job, path,
	    sizeof(path), msg, sizeof(msg)), -1);
	CU_ASSERT(job.id > 0);
	CU_ASSERT_STRING_EQUAL(job.state, "failed");
	CU_ASSERT_EQUAL(job.cups_job, 0);
	/* Japanese, naming the queue, nothing of the person. */
	CU_ASSERT(strstr(msg, "窓口プリンタ「counter2」は CUPS にありません")
	    != NULL);
	CU_ASSERT(strstr(msg, hanako.name) == NULL);
	CU_ASSERT_EQUAL(store_print_job_get(st, job.id, &row), 0);
	CU_ASSERT_STRING_EQUAL(row.state, "failed");
	CU_ASSERT_STRING_EQUAL(row.error, msg);
	CU_ASSERT(no_job_pdf());

	/* The admin makes the queue; the clerk prints it again. */
	CU_ASSERT_EQUAL_FATAL(cups_queue("counter2"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_print_again(&pc, state, job.id, &row, path,
	    sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(row.id, job.id);
	CU_ASSERT_EQUAL(row.attempts, 2);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
	CU_ASSERT_STRING_EQUAL(row.error, "");
	CU_ASSERT(row.cups_job > 0);
	CU_ASSERT(no_job_pdf());
	d.job = row.cups_job;
	CU_ASSERT_FATAL(test_wait(cups_done_cb, &d, 20000));
	text = queue_text("counter2");
	CU_ASSERT(text != NULL && strstr(text, "受付票") != NULL);
	free(text);

	/* The admin's commands: the list, then the job once more. */
	text = test_output(&status, "'%s' print jobs --state '%s'",
	    test_prog("madoguchi"), state);
	CU_ASSERT_EQUAL(status, 0);
	snprintf(msg, sizeof(msg), "%lld\t", (long long)job.id);
	CU_ASSERT(text != NULL && strstr(text, msg) != NULL &&
	    strstr(text, "印刷済み") != NULL && strstr(text, "counter2") != NULL);
	free(text);
	text = test_output(&status, "'%s' print again %lld --state '%s'",
	    test_prog("madoguchi"), (long long)job.id, state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(text != NULL && strstr(text, "窓口プリンタ「counter2」に"
	    "送りました") != NULL);
	free(text);
	CU_ASSERT_EQUAL(store_print_job_get(st, job.id, &row), 0);
	CU_ASSERT_EQUAL(row.attempts, 3);
	CU_ASSERT_STRING_EQUAL(row.state, "sent");
}

static void
test_no_printer_saves(void)
{
	struct store_print_job job;
	char msg[512], path[512], want[600];
	int64_t app = save_application();
	struct stat sb;

	CU_ASSERT_EQUAL_FATAL(proc_setting_set(st, "demo",
	    "window.citizens.printer", "なし", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_print(&pc, state, "receipt", app, NULL, &job, path,
	    sizeof(path), msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(job.state, "saved");
	CU_ASSERT_STRING_EQUAL(job.queue, "");
	snprintf(want, sizeof(want), "%s/print/receipt-%lld.pdf", state,
	    (long long)app);
	CU_ASSERT_STRING_EQUAL(path, want);
	CU_ASSERT(stat(path, &sb) == 0 && (sb.st_mode & 077) == 0);
}

static void
test_printer_setting_checked(void)
{
	char msg[512];

	CU_ASSERT_EQUAL(proc_setting_set(st, "demo", "window.shonai.printer",
	    "two words", msg, sizeof(msg)), -1);
	CU_ASSERT(strstr(msg, "印刷キュー名") != NULL);
	CU_ASSERT_EQUAL(proc_setting_set(st, "demo", "window.shonai.printer",
	    "shonai/1", msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_setting_set(st, "demo", "window.shonai.printer",
	    "Shonai_Counter-1", msg, sizeof(msg)), 0);
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
	{ "no printer: the PDF saved under STATE/print", test_no_printer_saves },
	{ "printer setting is a CUPS queue name", test_printer_setting_checked },
	{ "job times in Japan time", test_time_jst },
	CU_TEST_INFO_NULL,
};

TEST_SUITE_FULL(cups, "print jobs to CUPS", suite_init, suite_clean,
    cups_tests);
