/*
 * Private to bench-commit: the run's state (its temporary state dir, the
 * demo persons the rules accept an application for), one save as the
 * counter makes it, and the figures' helpers shared by the one-clerk part
 * (bench_commit.c) and the many-clerk part (bench_clerks.c).
 */
#ifndef MADOGUCHI_BENCH_COMMIT_H
#define MADOGUCHI_BENCH_COMMIT_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"

#define BENCH_PERSONS_MAX	64
#define BENCH_TRIES		20	/* a save refused busy, tried again */

struct bench {
	char		 dir[96];	/* the temporary state dir */
	char		 bin[4096];	/* where madoguchi and auditd are */
	long		 count;		/* one clerk's saves, raw inserts */
	long		 clerks, per_clerk;
	int64_t		 clerk_id;	/* the demo clerk, who saves them all */
	/* The demo persons the rules accept an issue for, read once. */
	struct store_person persons[BENCH_PERSONS_MAX];
	size_t		 n_persons;
	long		 acked;		/* saves acknowledged, all parts */
	long		 missing;	/* acknowledged, not found afterwards */
	int		 signer;	/* the clerks ask the signer as the
					 * counter does (0: the commit alone) */
};

/* What the audit hook saw: the counter's hook (audit_store_hook) notifies
 * madoguchi-auditd after each commit, not waiting for the head;
 * bench_hook_cb sends the same notification and also counts and times
 * it. */
struct bench_hook {
	const char	*dir;
	long		 calls, failed;
	int64_t		 us;		/* spent notifying the signer */
};
void bench_hook_cb(void *);

/* One accepted application as the screens save it after a card check
 * that proved the card the person's: p (a demo person, as the screen
 * holds it), a card number new for each save (tag, seq). 0 with *id,
 * -1 with *busy set when the store was locked (SQLITE_BUSY after its
 * busy timeout). */
int bench_save(struct proc_ctx *, const struct bench *,
    const struct store_person *p, int tag, long seq, int64_t *id,
    int *busy);

/* The demo persons (ids 1 up) an issue is accepted for as bench_save
 * files it: adults of the registry, the rules core deciding. */
void bench_persons(struct store *, struct bench *);

/* Microseconds on the monotonic clock. */
int64_t bench_now_us(void);
/* p (0..1) of n latencies in microseconds, as milliseconds; sorts v. */
double bench_pct_ms(int64_t *v, size_t n, double p);

/* The one-clerk part: the counter's saves (the signer asked), the same
 * with the commit alone, and raw inserts of a save's size, interleaved
 * in rounds so that a machine shared with others loads each alike; the
 * rates and their ratio. 0, or -1 when nothing could be saved. */
int bench_single_run(struct bench *);

/* The many-clerk part: clerks processes forked after setup, each with
 * its own store connection, saving per_clerk applications at once; then
 * every acknowledged save looked for and the audit trail verified. 0, or
 * -1 when the part could not run. */
int bench_clerks_run(struct bench *);

#endif
