/*
 * bench-commit: accepted applications per second as the counter saves
 * them (proc_app_save: the application, its planned steps, its card and
 * its audit row in one store transaction, WAL at synchronous=FULL, then
 * madoguchi-auditd notified to sign a new head, not waited for: it
 * signs at most one head each 100 ms, covering every row committed
 * before it), against raw SQLite
 * inserts of the same size at synchronous=FULL in the same directory;
 * then many clerks saving at once (bench_clerks.c). A temporary demo
 * state made with `madoguchi init --demo`, removed at the end.
 * Usage: bench-commit [--count N] [--clerks N] [--per-clerk N]
 * (default 500 saves and as many raw inserts, 50 clerks x 10 saves).
 * Target (the issue): at least 0.5 of the raw rate. Not a test: it
 * prints figures; its exit status says only whether it could run.
 */
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/audit.h"
#include "madoguchi/era.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "bench_commit.h"

int64_t
bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
bench_cmp_cb(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

double
bench_pct_ms(int64_t *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), bench_cmp_cb);
	return (double)v[(size_t)((double)(n - 1) * p + 0.5)] / 1000.0;
}

void
bench_hook_cb(void *arg)
{
	struct bench_hook *h = arg;
	int64_t t0 = bench_now_us();
	char err[320];

	h->calls++;
	if (audit_client_notify(h->dir, err, sizeof(err)) == -1)
		h->failed++;
	h->us += bench_now_us() - t0;
}

/* A resident's issue of both certificates, filed by the person with a
 * list-A photo document at the Citizens Division today, the card read by
 * the input-support PIN and matching the registry, the user PIN verified
 * (what the screens fold into the case from the card check). */
static int
bench_case(const struct store_person *p, struct rules_case *c)
{
	char today[11];

	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = strcmp(p->register_, "overseas") == 0 ? RULES_REG_OVERSEAS :
	    RULES_REG_RESIDENT;
	util_today(today);
	if (era_parse_iso(today, &c->date) == -1 ||
	    era_parse_iso(p->birth_date, &c->birth_date) == -1)
		return -1;
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_ALL;
	c->adult_ward = p->adult_ward != 0;
	c->filer = RULES_FILER_SELF;
	c->n_documents = 1;
	c->documents[0] = (struct rules_document){ RULES_LIST_A, 1, true,
	    true };
	c->has_card = true;
	c->card.registry_match = c->card.status_ok = true;
	c->card.pin_verified = true;
	return 0;
}

int
bench_save(struct proc_ctx *pc, const struct bench *b,
    const struct store_person *p, int tag, long seq, int64_t *id, int *busy)
{
	struct proc_card_check chk;
	struct rules_case c;
	struct store_app a;
	char msg[1024];
	const char *why;

	*busy = 0;
	if (bench_case(p, &c) == -1)
		return -1;
	memset(&chk, 0, sizeof(chk));
	chk.route = PROC_ROUTE_SUPPORT;
	snprintf(chk.card_no, sizeof(chk.card_no), "BC%03d%09ld", tag, seq);
	snprintf(chk.card_key, sizeof(chk.card_key), "%032x%032lx",
	    (unsigned)tag, (unsigned long)seq);
	chk.basic4_read = chk.registry_match = chk.status_ok = 1;
	chk.pin_verified = 1;
	if (proc_app_save(pc, p, b->clerk_id, &c, &chk, NULL, "accepted", &a,
	    msg, sizeof(msg)) == -1) {
		why = store_errmsg(pc->st);
		*busy = strstr(why, "locked") != NULL ||
		    strstr(why, "busy") != NULL;
		return -1;
	}
	*id = a.id;
	return 0;
}

void
bench_persons(struct store *st, struct bench *b)
{
	struct store_person p;
	struct rules_decision d;
	struct rules_error err;
	struct rules_case c;
	int64_t id;

	for (id = 1; id <= 500 && b->n_persons < BENCH_PERSONS_MAX; id++) {
		if (store_person_get(st, id, &p) != 0 || bench_case(&p, &c) ==
		    -1)
			continue;
		if (rules_decide(&c, &d, &err) == 0 && d.verdict ==
		    RULES_ACCEPT)
			b->persons[b->n_persons++] = p;
	}
}

/* madoguchi-auditd on the state, answering (30 s at most): its pid. */
static pid_t
bench_auditd(const struct bench *b)
{
	char prog[4200], log[128], err[320];
	struct audit_head h;
	int64_t until = util_now_ms() + 30000;
	int unreachable;
	pid_t pid;

	snprintf(log, sizeof(log), "%s/%s", b->dir, STATE_AUDITD_LOG);
	snprintf(prog, sizeof(prog), "%s/madoguchi-auditd", b->bin);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		/* Gone with the bench, however it ends. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execl(prog, "madoguchi-auditd", "--state", b->dir, "--log", log,
		    (char *)NULL);
		_exit(127);
	}
	while (audit_client_request(b->dir, AUDIT_REQ_STATUS, &h,
	    &unreachable, err, sizeof(err)) == -1) {
		if (util_now_ms() > until || waitpid(pid, NULL, WNOHANG) ==
		    pid) {
			fprintf(stderr, "bench-commit: madoguchi-auditd did "
			    "not answer: %s\n", err);
			kill(pid, SIGTERM);
			waitpid(pid, NULL, 0);
			return -1;
		}
		usleep(10000);
	}
	return pid;
}

static void
bench_usage(void)
{
	fprintf(stderr, "usage: bench-commit [--count N] [--clerks N] "
	    "[--per-clerk N]\n");
	exit(2);
}

static void
bench_args(struct bench *b, int argc, char **argv)
{
	long *opt;
	char *end;
	int i;

	for (i = 1; i < argc; i += 2) {
		if (strcmp(argv[i], "--count") == 0)
			opt = &b->count;
		else if (strcmp(argv[i], "--clerks") == 0)
			opt = &b->clerks;
		else if (strcmp(argv[i], "--per-clerk") == 0)
			opt = &b->per_clerk;
		else
			bench_usage();
		if (i + 1 >= argc)
			bench_usage();
		*opt = strtol(argv[i + 1], &end, 10);
		if (*end != '\0' || *opt < 1 || *opt > 1000000)
			bench_usage();
	}
	if (b->clerks > 500)	/* processes on one machine */
		bench_usage();
}

/* The temporary demo state, and the library's log in it (a busy store
 * under many clerks is logged by the procedures; the figures say it). */
static int
bench_state(struct bench *b)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[8400], log[128];

	if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(b->dir, sizeof(b->dir), "%s/madoguchi-bench-commit-XXXXXX",
	    tmp);
	if (mkdtemp(b->dir) == NULL) {
		fprintf(stderr, "bench-commit: mkdtemp %s failed\n", b->dir);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "'%s/madoguchi' init --demo '%s' "
	    ">/dev/null", b->bin, b->dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench-commit: madoguchi init --demo failed\n");
		return -1;
	}
	snprintf(log, sizeof(log), "%s/%s/bench-commit.log", b->dir,
	    STATE_LOG_DIR);
	return log_open_file(log);
}

int
main(int argc, char **argv)
{
	struct bench b;
	char *self = xstrdup(argv[0]);
	pid_t auditd = -1;
	int rc = 1;

	memset(&b, 0, sizeof(b));
	b.count = 500;
	b.clerks = 50;
	b.per_clerk = 10;
	bench_args(&b, argc, argv);
	log_init("bench-commit", LOG_LEVEL_WARN);
	strlcpy_m(b.bin, dirname(self), sizeof(b.bin));
	free(self);
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Output piped into head: the figures stop, the clean-up does not. */
	signal(SIGPIPE, SIG_IGN);
	if (bench_state(&b) == 0 && (auditd = bench_auditd(&b)) > 0 &&
	    bench_single_run(&b) == 0 && bench_clerks_run(&b) == 0)
		rc = 0;
	if (auditd > 0) {
		kill(auditd, SIGTERM);
		waitpid(auditd, NULL, 0);
	}
	if (b.dir[0] != '\0' && strstr(b.dir, "XXXXXX") == NULL)
		(void)util_rmtree(b.dir);
	return rc;
}
