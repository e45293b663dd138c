/*
 * The tests' private cupsd (cupsd.h): two config files written into its
 * temp dir, cupsd -f started with them, polled with lpstat until it
 * answers; queues made with lpadmin, jobs followed with lpstat.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cupsd.h"
#include "testlib.h"

/* cupsd's two files: the socket, no browsing, anyone on the socket may
 * print and administer (the socket is in our temp dir). */
static int
cupsd_write_conf(const struct test_cupsd *c)
{
	const char *d = c->dir;
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/cupsd.conf", d);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "Listen %s\nBrowsing No\nWebInterface No\nLogLevel info\n"
	    "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
	    "<Policy default>\n  <Limit All>\n    Order deny,allow\n"
	    "  </Limit>\n</Policy>\n", c->sock);
	fclose(f);
	snprintf(path, sizeof(path), "%s/etc/cups-files.conf", d);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "ServerRoot %s/etc\nRequestRoot %s/spool\nCacheDir %s/cache\n"
	    "StateDir %s/state\nTempDir %s/tmp\nErrorLog %s/log/error_log\n"
	    "AccessLog %s/log/access_log\nPageLog %s/log/page_log\n"
	    "FileDevice Yes\n", d, d, d, d, d, d, d, d);
	fclose(f);
	return 0;
}

static int
cupsd_ready_cb(void *arg)
{
	const struct test_cupsd *c = arg;

	return test_system("lpstat -h '%s' -r >/dev/null 2>&1", c->sock) == 0;
}

int
test_cupsd_start(struct test_cupsd *c)
{
	static const char *const dirs[] = {
		"etc", "spool", "cache", "state", "tmp", "log"
	};
	char path[600], conf[600], files[600];
	size_t i;

	c->pid = -1;
	c->dir = test_mkdtemp("cups");
	/* cupsd runs its filters as lp: the spool under here must be
	 * reachable. */
	if (chmod(c->dir, 0711) == -1)
		return -1;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", c->dir, dirs[i]);
		if (mkdir(path, 0755) == -1)
			return -1;
	}
	snprintf(c->sock, sizeof(c->sock), "%s/cups.sock", c->dir);
	if (cupsd_write_conf(c) == -1)
		return -1;
	snprintf(conf, sizeof(conf), "%s/etc/cupsd.conf", c->dir);
	snprintf(files, sizeof(files), "%s/etc/cups-files.conf", c->dir);
	snprintf(path, sizeof(path), "%s/log/cupsd.out", c->dir);
	if ((c->pid = fork()) == -1)
		return -1;
	if (c->pid == 0) {
		FILE *out = freopen(path, "w", stdout);

		if (out == NULL || dup2(fileno(out), 2) == -1)
			_exit(127);
		/* Gone with the test, whatever ends it. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execlp("cupsd", "cupsd", "-f", "-c", conf, "-s", files,
		    (char *)NULL);
		_exit(127);
	}
	setenv("CUPS_SERVER", c->sock, 1);
	if (test_wait(cupsd_ready_cb, c, 20000))
		return 0;
	test_cupsd_dump(c);
	return -1;
}

void
test_cupsd_stop(struct test_cupsd *c)
{
	int status;

	if (c->pid > 0) {
		kill(c->pid, SIGTERM);
		waitpid(c->pid, &status, 0);
		c->pid = -1;
	}
	if (c->dir != NULL) {
		test_rmtree(c->dir);
		free(c->dir);
		c->dir = NULL;
	}
	unsetenv("CUPS_SERVER");
}

struct cupsd_queue {
	const struct test_cupsd	*c;
	const char		*name;
	const char		*out;
};

/* lpadmin against a scheduler that answers; a busy machine may still be
 * loading it, so the caller polls. Its words go to log/lpadmin.err. */
static int
cupsd_queue_cb(void *arg)
{
	const struct cupsd_queue *q = arg;

	return test_system("lpadmin -h '%s' -p '%s' -E -v 'file://%s' "
	    "-P '%s/tests/print/pdf-printer.ppd' 2>>'%s/log/lpadmin.err'",
	    q->c->sock, q->name, q->out, test_top_dir(), q->c->dir) == 0;
}

int
test_cupsd_queue(const struct test_cupsd *c, const char *name)
{
	struct cupsd_queue q = { c, name, NULL };
	FILE *f;
	char out[600];

	/* cupsd opens the device file, it does not create it. */
	snprintf(out, sizeof(out), "%s/%s.pdf", c->dir, name);
	if ((f = fopen(out, "w")) == NULL)
		return -1;
	fclose(f);
	q.out = out;
	if (test_wait(cupsd_queue_cb, &q, 20000))
		return 0;
	test_cupsd_dump(c);
	return -1;
}

void
test_cupsd_dump(const struct test_cupsd *c)
{
	if (c->dir != NULL)
		test_system("for f in '%s'/log/*; do echo \"== $f\"; "
		    "tail -n 30 \"$f\"; done >&2", c->dir);
}

struct cupsd_job {
	const struct test_cupsd	*c;
	const char		*queue;
	int			 job;
};

/* CUPS lists the job as completed: the file is whole. */
static int
cupsd_done_cb(void *arg)
{
	const struct cupsd_job *j = arg;

	return test_system("lpstat -h '%s' -W completed -o '%s' | "
	    "grep -q '^%s-%d '", j->c->sock, j->queue, j->queue, j->job) == 0;
}

int
test_cupsd_done(const struct test_cupsd *c, const char *queue, int job,
    int ms)
{
	struct cupsd_job j = { c, queue, job };

	return test_wait(cupsd_done_cb, &j, ms);
}

char *
test_cupsd_text(const struct test_cupsd *c, const char *queue)
{
	int status;

	return test_output(&status, "pdftotext -enc UTF-8 '%s/%s.pdf' -",
	    c->dir, queue);
}
