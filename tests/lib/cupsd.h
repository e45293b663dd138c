/*
 * A private cupsd for the tests that print: foreground, its config,
 * spool, state and logs in a temp dir, a Unix socket there its only
 * listener, FileDevice on; libcups (and lp, lpstat) pointed at it with
 * CUPS_SERVER. Queues are PDF printers (tests/print/pdf-printer.ppd)
 * whose device is the file DIR/<queue>.pdf. It dies with the test.
 */
#ifndef MADOGUCHI_TESTS_CUPSD_H
#define MADOGUCHI_TESTS_CUPSD_H

#include <sys/types.h>

struct test_cupsd {
	char	*dir;		/* the temp dir (test_mkdtemp) */
	char	 sock[512];
	pid_t	 pid;
};

/* Start it and set CUPS_SERVER; 0 when it answers (20 s at most), else
 * -1 (its log in dir/log). */
int test_cupsd_start(struct test_cupsd *);
/* Stop it, remove its dir, unset CUPS_SERVER. */
void test_cupsd_stop(struct test_cupsd *);
/* A queue name printing into dir/name.pdf; 0, or -1 when lpadmin kept
 * failing for 20 s (the logs then on stderr). */
int test_cupsd_queue(const struct test_cupsd *, const char *name);
/* Its logs (cupsd's, lpadmin's) on stderr, for a failing test's log. */
void test_cupsd_dump(const struct test_cupsd *);
/* 1 when CUPS lists queue-job as completed within ms, else 0. */
int test_cupsd_done(const struct test_cupsd *, const char *queue, int job,
    int ms);
/* The text of what the queue printed (pdftotext), the caller's. */
char *test_cupsd_text(const struct test_cupsd *, const char *queue);

#endif
