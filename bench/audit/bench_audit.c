/*
 * bench-audit: how fast `madoguchi audit verify` reads a long trail. Makes
 * a temporary state with `madoguchi init`, appends N entries through the
 * store (batches of 10,000 per transaction), signs the head, then times
 * audit_verify (the code behind the CLI command) over all of them, and
 * the CLI itself. Then, with madoguchi-auditd running, the append rate of
 * single-row transactions each notifying the signer as the counter does
 * (auditd signs at most one head each 100 ms), and the head after them
 * (a status: it signs what was notified first).
 * Usage: bench-audit [N] [M]  (default 1,000,000 entries, 2,000 appends)
 * Target (issue 13): 1,000,000 entries verified in under 10 s on one core.
 */
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"

static char bench_bin[4096];	/* where madoguchi and madoguchi-auditd are */

struct bench_batch {
	long	from, n;
};

static int
bench_batch_cb(struct store *st, void *arg)
{
	const struct bench_batch *b = arg;
	char obj[32];
	long i;

	for (i = 0; i < b->n; i++) {
		snprintf(obj, sizeof(obj), "%ld", b->from + i);
		if (store_audit(st, "os:bench", "application.step", obj,
		    "step=bench kind=signature") == -1)
			return -1;
	}
	return 0;
}

static double
bench_secs(int64_t t0)
{
	return (double)(util_now_ms() - t0) / 1000.0;
}

static int
bench_fill(struct store *st, long n)
{
	struct bench_batch b;
	int64_t t0 = util_now_ms();

	for (b.from = 0; b.from < n; b.from += b.n) {
		b.n = n - b.from < 10000 ? n - b.from : 10000;
		if (store_tx(st, bench_batch_cb, &b) == -1) {
			fprintf(stderr, "bench-audit: %s\n", store_errmsg(st));
			return -1;
		}
	}
	printf("built    %ld entries in %.1f s (%.0f entries/s, batches of "
	    "10,000)\n", n, bench_secs(t0), n / bench_secs(t0));
	return 0;
}

static int
bench_sign(struct store *st, const char *dir)
{
	struct audit_signer sg = { 0 };
	struct audit_head h;
	char err[320];
	EVP_PKEY *key = audit_key_load(dir, err, sizeof(err));
	int64_t t0 = util_now_ms();
	int rc;

	if (key == NULL) {
		fprintf(stderr, "bench-audit: %s\n", err);
		return -1;
	}
	rc = audit_advance(st, dir, key, &sg, &h, err, sizeof(err));
	EVP_PKEY_free(key);
	if (rc == -1)
		fprintf(stderr, "bench-audit: %s\n", err);
	else
		printf("signed   head over %lld entries in %.2f s (the signer "
		    "checks every new row)\n", (long long)h.count, bench_secs(t0));
	return rc;
}

static void
bench_verify(struct store *st, const char *dir)
{
	struct audit_report r;
	int64_t t0 = util_now_ms();
	double s;
	char cmd[8400];

	if (audit_verify(st, dir, &r) == -1) {
		fprintf(stderr, "bench-audit: %s\n", store_errmsg(st));
		return;
	}
	s = bench_secs(t0);
	printf("verify   %lld entries in %.2f s: %.0f entries/s, result %d "
	    "(target: 1,000,000 in < 10 s)\n", (long long)r.checked, s,
	    r.checked / (s > 0 ? s : 0.001), (int)r.verdict);
	fflush(stdout);
	snprintf(cmd, sizeof(cmd), "'%s/madoguchi' audit verify --state '%s' "
	    "| grep -E '照合|所要|結果' | sed 's/^/  cli: /'", bench_bin, dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench-audit: the CLI's verify did not pass\n");
}

/* One row per transaction, madoguchi-auditd advancing after each. */
static void
bench_append(const char *dir, long m)
{
	char err[320], log[4200], prog[4200];
	struct bench_batch b = { 0, 1 };
	struct audit_head h;
	struct store *st;
	int64_t t0;
	pid_t pid;
	int i, unreachable;

	snprintf(log, sizeof(log), "%s/%s", dir, STATE_AUDITD_LOG);
	snprintf(prog, sizeof(prog), "%s/madoguchi-auditd", bench_bin);
	if ((pid = fork()) == 0) {
		execl(prog, "madoguchi-auditd", "--state", dir, "--log", log,
		    (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 3000; i++) {	/* its catch-up at start */
		if (audit_client_request(dir, AUDIT_REQ_STATUS, &h,
		    &unreachable, err, sizeof(err)) == 0)
			break;
		usleep(10000);
	}
	if ((st = store_open(dir, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench-audit: %s\n", err);
		goto out;
	}
	store_set_audit_hook(st, audit_store_hook, (void *)dir);
	t0 = util_now_ms();
	for (b.from = 0; b.from < m; b.from++)
		if (store_tx(st, bench_batch_cb, &b) == -1)
			break;
	printf("append   %ld single-row transactions each notifying "
	    "auditd: %.0f appends/s\n", b.from, b.from / bench_secs(t0));
	if (audit_client_request(dir, AUDIT_REQ_STATUS, &h, &unreachable, err,
	    sizeof(err)) == 0)
		printf("  head now %lld entries\n", (long long)h.count);
	store_close(st);
out:
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	long m = argc > 2 ? atol(argv[2]) : 2000;
	char dir[] = "/tmp/madoguchi-bench-audit-XXXXXX", err[512], cmd[8400];
	char *self = xstrdup(argv[0]);
	struct store *st;

	log_init("bench-audit", LOG_LEVEL_WARN);
	strlcpy_m(bench_bin, dirname(self), sizeof(bench_bin));
	free(self);
	if (mkdtemp(dir) == NULL)
		fatal("mkdtemp");
	snprintf(cmd, sizeof(cmd), "'%s/madoguchi' init '%s' >/dev/null",
	    bench_bin, dir);
	if (system(cmd) != 0 ||
	    (st = store_open(dir, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "bench-audit: cannot make a state in %s\n", dir);
		return 1;
	}
	if (bench_fill(st, n) == 0 && bench_sign(st, dir) == 0)
		bench_verify(st, dir);
	store_close(st);
	bench_append(dir, m);
	(void)util_rmtree(dir);
	return 0;
}
