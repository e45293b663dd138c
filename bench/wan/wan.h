/*
 * bench-wan's parts: the delaying TCP relay (wan_relay.c), the counter it
 * runs against (wan_stack.c: demo state, card stack, issuerd, sshd, the
 * first issuance that makes the demo card's next one a renewal) and the
 * clerk's run through it (bench_wan.c).
 */
#ifndef MADOGUCHI_BENCH_WAN_H
#define MADOGUCHI_BENCH_WAN_H

#include <stdint.h>
#include <sys/types.h>

/* What the relay delivered, in bytes, as it forwards them; shared with
 * the relay's process (written there, read here). */
struct wan_counts {
	volatile uint64_t	down;		/* server to client */
	volatile uint64_t	up;		/* client to server */
	volatile uint64_t	down_chunks;	/* reads forwarded whole */
	volatile uint64_t	up_chunks;
	volatile uint64_t	conns;
};

struct wan_relay {
	pid_t			 pid;
	int			 port;		/* clients connect here */
	struct wan_counts	*counts;	/* shared mapping */
};

/* A relay on a free loopback port to 127.0.0.1:upstream, in a child
 * process: every chunk read from either side is held delay_ms and then
 * written to the other, in order. 0, or -1. */
int wan_relay_start(struct wan_relay *, int upstream, int delay_ms);
/* Stop the child and unmap the counts. */
void wan_relay_stop(struct wan_relay *);

/* The counter on this machine: the programs beside this one, a demo state
 * in a temporary dir, the emulated card behind pcscd and cardd, issuerd
 * and madoguchi-sshd on a free loopback port. */
struct wan_stack {
	char	 build[4096];	/* the directory of the programs */
	char	 top[4200];	/* the source tree (contrib/card-stack.sh) */
	char	 dir[64];	/* mkdtemp */
	char	 state[128];
	char	 key[192];	/* the demo clerk's key */
	int	 port;		/* madoguchi-sshd */
	pid_t	 sshd, issuerd;
	int	 stack_up;
};

/* Start all of it; 0, or -1 with the reason on stderr (what was started
 * is stopped by wan_stack_stop). */
int wan_stack_start(struct wan_stack *);
/* Stop what runs and remove the temporary dir. */
void wan_stack_stop(struct wan_stack *);
/* The demo card's certs issued through the proc API (list A, the card
 * checked with the card's own PINs): the next issuance is a renewal.
 * 0, or -1 with the reason on stderr. */
int wan_stack_first_issue(struct wan_stack *);
/* The card's expiry (ISO) the counter recorded with the newest
 * application of the demo person, and that application's state, read
 * from the database; 0, or -1. */
int wan_stack_last_app(const struct wan_stack *, char *state, size_t ssize,
    char *expiry, size_t esize, int64_t *id);

#endif
