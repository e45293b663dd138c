/*
 * bench-wan: the common renewal (README, "a renewal in ten keys") driven
 * end to end through OpenSSH's client, across a relay that holds each
 * direction's bytes 100 ms (wan_relay.c), against the counter started for
 * the run (wan_stack.c). The client runs on a pty read through libvterm
 * (tests/lib/vt.c), so the screen reached after each key is read as a
 * clerk reads it.
 *
 * Runs, each a whole renewal from the menu to the receipt:
 *   relay, key by key: each key sent once the screen before it is
 *     complete; per key the bytes the relay carried down (SSH on the
 *     wire) and the terminal bytes, key to first echo, key to the screen
 *     complete (its text shown and the output quiet); every character
 *     typed is read back from its field on the screen;
 *   loopback, key by key: the same straight to the server (the baseline);
 *   relay, typed ahead: all the keys of the renewal written at once, then
 *     again a key every 50 ms, neither waiting for the screens; the
 *     receipt and the database must show every key applied, in order.
 * A PIN's digits are printed as '*'. Figures only; the exit status says
 * whether the runs got through (every key applied).
 *   BENCH_WAN_DELAY_MS (100) sets the relay's hold per direction.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/util.h"
#include "vt.h"
#include "wan.h"

#define WAN_ROWS	24
#define WAN_COLS	80
/* A screen is complete when its text shows and nothing more came for
 * this long past the link's round trip. */
#define WAN_QUIET_MS	100
#define WAN_KEY_MS	15000
#define WAN_ISSUE_MS	60000
#define WAN_SCREEN_MAX	4096	/* the target: bytes per screen change */
#define WAN_MOVES_MAX	64
/* The receipt, and the expiry the renewal types (R16.2.3) as recorded. */
#define WAN_LAST_THEN	"発行済み"
#define WAN_EXPIRY	"2034-02-03"

/* One thing the clerk does: a key, or characters typed one by one into a
 * field (each checked on the screen: the field reads what was typed so
 * far, or as many more '*' for a PIN). then: what the screen shows when
 * the key's work is done (NULL: any change). */
struct wan_move {
	const char	*name;
	int		 key;		/* enum vt_key, or -1: text */
	const char	*text;
	const char	*field;		/* label of the field typed into */
	int		 masked;
	const char	*then;
	int		 ms;
};

#define K(k, name, then, ms) { name, VT_KEY_##k, NULL, NULL, 0, then, ms }
#define T(name, text, field, masked) { name, -1, text, field, masked, \
	NULL, WAN_KEY_MS }

/* The ten keys (1 F4 F5 F6 F2 Enter F9 F5 Tab F5) and the typing of the
 * PINs and the card's expiry, as tests/issuance test_renewal_budget. */
static const struct wan_move wan_renewal_table[] = {
	{ "1", -1, "1", NULL, 0, "手続きをする本人の検索", WAN_KEY_MS },
	K(F4, "F4", "カードから読み取る", WAN_KEY_MS),
	T("support PIN", "1234", "入力補助用 暗証番号", 1),
	T("user PIN", "1234", "利用者証明 暗証番号", 1),
	K(F5, "F5", "利用者証明の暗証番号を照合", WAN_KEY_MS * 2),
	K(F6, "F6", "新規・更新         更新", WAN_KEY_MS),
	K(F2, "F2", "(1/55)", WAN_KEY_MS),
	K(ENTER, "Enter", "[有効] A1", WAN_KEY_MS),
	K(F9, "F9", "受付できます", WAN_KEY_MS),
	K(F5, "F5", "カードの有効期限", WAN_KEY_MS),
	T("expiry", "R16.2.3", "カードの有効期限", 0),
	K(TAB, "Tab", "(2034-02-03)", WAN_KEY_MS),
	T("check PIN", "1234", "カード確認の暗証番号", 1),
	K(F5, "F5", WAN_LAST_THEN, WAN_ISSUE_MS),
};

#undef K
#undef T

/* What one key did. */
struct wan_step {
	char		name[16];
	char		screen[128];	/* the title row after it */
	uint64_t	down, up;	/* bytes on the wire (relay) */
	uint64_t	term;		/* bytes the terminal got */
	double		echo_ms, done_ms;
	int		bad;		/* lost or out of order */
};

struct wan_run {
	const char	*name;
	int		 relay;
	int		 ahead;		/* typed ahead, not key by key */
	int		 pace_ms;	/* typed ahead this far apart */
	struct wan_step	 step[WAN_MOVES_MAX];
	int		 n;
	double		 login_ms, total_ms;
	int		 bad, ok;
};

struct wan_ctx {
	struct wan_stack	 stack;
	struct wan_relay	 relay;
	int			 delay_ms;
};

static double
wan_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static uint64_t
wan_down(const struct wan_ctx *c)
{
	return __atomic_load_n(&c->relay.counts->down, __ATOMIC_RELAXED);
}

static uint64_t
wan_up(const struct wan_ctx *c)
{
	return __atomic_load_n(&c->relay.counts->up, __ATOMIC_RELAXED);
}

/* `ssh -tt` as the demo clerk, through the relay or straight. */
static struct vt *
wan_ssh(const struct wan_ctx *c, int relay)
{
	char port[16], key[256];
	char *argv[] = { "ssh", "-tt", "-F", "/dev/null", "-i", key,
	    "-p", port, "-o", "UserKnownHostsFile=/dev/null",
	    "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
	    "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
	    "-o", "LogLevel=ERROR", "demo@127.0.0.1", NULL };

	snprintf(key, sizeof(key), "%s", c->stack.key);
	snprintf(port, sizeof(port), "%d", relay ? c->relay.port :
	    c->stack.port);
	return vt_spawn(WAN_ROWS, WAN_COLS, argv, NULL);
}

/* Read the output for ms: the step gets the terminal bytes, the first
 * byte's and the last byte's time from t0. -1 when the client is gone. */
static int
wan_pump(struct vt *v, int ms, double t0, struct wan_step *s)
{
	int n = vt_pump(v, ms);
	double now = wan_now_ms();

	if (n > 0) {
		if (s->term == 0)
			s->echo_ms = now - t0;
		s->term += n;
		s->done_ms = now - t0;
	}
	return n == -1 ? -1 : 0;
}

/* Pump until then shows (any output when NULL) and the output has been
 * quiet for quiet_ms; done_ms is then the time of the screen's last byte.
 * 0, or -1 when ms passed first. */
static int
wan_settle(struct vt *v, const char *then, double t0, int ms, int quiet_ms,
    struct wan_step *s)
{
	double now;
	int shown = 0;

	for (;;) {
		if (wan_pump(v, 1, t0, s) == -1)
			return -1;
		now = wan_now_ms() - t0;
		if (!shown && s->term > 0)
			shown = then == NULL || vt_has_text(v, then);
		if (shown && now - s->done_ms >= quiet_ms)
			return 0;
		if (now > ms)
			return -1;
	}
}

/* The field labelled label on the screen: its text after the label (a
 * required field's " * " marker skipped), into out; the '*' in its row
 * into *stars. 0, or -1 when the label is not on the screen. */
static int
wan_field(struct vt *v, const char *label, char *out, size_t size,
    int *stars)
{
	char row[1024], *p, *end;
	int r;

	for (r = 0; r < WAN_ROWS; r++) {
		vt_row(v, r, row, sizeof(row));
		if ((p = strstr(row, label)) == NULL)
			continue;
		*stars = 0;
		for (end = row; *end != '\0'; end++)
			*stars += *end == '*';
		p += strlen(label);
		p += strspn(p, " ");
		if (p[0] == '*' && p[1] == ' ')
			p += 1 + strspn(p + 1, " ");
		end = strstr(p, "  ");
		snprintf(out, size, "%.*s", end != NULL ? (int)(end - p) :
		    (int)strlen(p), p);
		return 0;
	}
	return -1;
}

/* The title row, up to the first gap (a page number may follow). */
static void
wan_title(struct vt *v, char *out, size_t size)
{
	char row[1024], *p = row, *gap;

	vt_row(v, 1, row, sizeof(row));
	p += strspn(p, " ");
	if ((gap = strstr(p, "  ")) != NULL)
		*gap = '\0';
	snprintf(out, size, "%s", p);
}

/* How long a screen must stay quiet to be complete on this run's link. */
static int
wan_quiet(const struct wan_ctx *c, const struct wan_run *run)
{
	return WAN_QUIET_MS + (run->relay ? 2 * c->delay_ms : 0);
}

/* Send key or character i of m, then wait for the screen it makes. */
static int
wan_step(const struct wan_ctx *c, struct vt *v, struct wan_run *run,
    const struct wan_move *m, int i, const char *then, int ms)
{
	struct wan_step *s;
	uint64_t down0 = 0, up0 = 0;
	double t0;
	int rc;

	if (run->n == WAN_MOVES_MAX)
		return -1;
	s = &run->step[run->n++];
	memset(s, 0, sizeof(*s));
	if (m->key == -1)
		snprintf(s->name, sizeof(s->name), "%c", m->masked ? '*' :
		    m->text[i]);
	else
		snprintf(s->name, sizeof(s->name), "%s", m->name);
	if (run->relay) {
		down0 = wan_down(c);
		up0 = wan_up(c);
	}
	t0 = wan_now_ms();
	if (m->key == -1)
		vt_write(v, &m->text[i], 1);
	else
		vt_key(v, (enum vt_key)m->key);
	rc = wan_settle(v, then, t0, ms, wan_quiet(c, run), s);
	if (run->relay) {
		s->down = wan_down(c) - down0;
		s->up = wan_up(c) - up0;
	}
	wan_title(v, s->screen, sizeof(s->screen));
	return rc;
}

/* Characters into a field one by one, each read back from the screen:
 * the field's text so far, or one more '*' each for a PIN. */
static int
wan_type(const struct wan_ctx *c, struct vt *v, struct wan_run *run,
    const struct wan_move *m)
{
	char val[256];
	int stars0 = 0, stars = 0, i, n = (int)strlen(m->text);

	if (wan_field(v, m->field, val, sizeof(val), &stars0) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (wan_step(c, v, run, m, i, NULL, m->ms) == -1)
			return -1;
		if (wan_field(v, m->field, val, sizeof(val), &stars) == -1 ||
		    (m->masked ? stars != stars0 + i + 1 :
		    strncmp(val, m->text, i + 1) != 0 || val[i + 1] != '\0')) {
			run->step[run->n - 1].bad = 1;
			run->bad++;
		}
	}
	return 0;
}

/* Log in and wait for the menu; the time into run->login_ms. */
static struct vt *
wan_login(const struct wan_ctx *c, struct wan_run *run)
{
	struct wan_step s = { .term = 0 };
	double t0 = wan_now_ms();
	struct vt *v = wan_ssh(c, run->relay);

	if (v == NULL || wan_settle(v, "メニュー", t0, 30000, wan_quiet(c, run),
	    &s) == -1) {
		fprintf(stderr, "bench-wan: %s: no menu after login\n",
		    run->name);
		if (v != NULL)
			vt_dump(v, "login");
		vt_free(v);
		return NULL;
	}
	run->login_ms = s.done_ms;
	return v;
}

static void
wan_logout(struct vt *v)
{
	int st;

	vt_key(v, VT_KEY_F10);
	if (vt_wait_text(v, "ログアウトしますか", 10000)) {
		vt_type(v, "y");
		vt_wait_exit(v, 10000, &st);
	}
	vt_free(v);
}

/* The renewal key by key. */
static int
wan_run_keys(const struct wan_ctx *c, struct wan_run *run)
{
	const struct wan_move *m;
	struct vt *v;
	size_t i;
	int k;

	if ((v = wan_login(c, run)) == NULL)
		return -1;
	for (i = 0; i < nitems(wan_renewal_table); i++) {
		m = &wan_renewal_table[i];
		if ((m->key == -1 && m->field != NULL ? wan_type(c, v, run, m) :
		    wan_step(c, v, run, m, 0, m->then, m->ms)) == -1) {
			fprintf(stderr, "bench-wan: %s: no \"%s\" after %s\n",
			    run->name, m->then != NULL ? m->then : "echo",
			    m->name);
			run->bad++;	/* the key did not do its work */
			if (run->n > 0)
				run->step[run->n - 1].bad = 1;
			vt_dump(v, m->name);
			wan_logout(v);
			return -1;
		}
	}
	for (k = 0; k < run->n; k++)
		run->total_ms += run->step[k].done_ms;
	run->ok = 1;
	wan_logout(v);
	return 0;
}

/* Read the output for ms while the typist moves to the next key. */
static void
wan_pace(struct vt *v, int ms, double t0, struct wan_step *s)
{
	double end = wan_now_ms() + ms;

	while (wan_now_ms() < end && wan_pump(v, 1, t0, s) == 0)
		;
}

/* Every key and character of the renewal, pace_ms apart (0: all in one
 * go), none waiting for the screen it is meant for. */
static void
wan_type_all(struct vt *v, int pace_ms, double t0, struct wan_step *s)
{
	char one[2] = { 0 };
	size_t i, j;

	for (i = 0; i < nitems(wan_renewal_table); i++) {
		const struct wan_move *m = &wan_renewal_table[i];

		for (j = 0; m->key == -1 && m->text[j] != '\0'; j++) {
			one[0] = m->text[j];
			vt_type(v, one);
			wan_pace(v, pace_ms, t0, s);
		}
		if (m->key != -1) {
			vt_key(v, (enum vt_key)m->key);
			wan_pace(v, pace_ms, t0, s);
		}
	}
}

/* The renewal typed ahead, then the receipt waited for. The database must
 * then hold a new application, done, and the card the expiry typed: every
 * key went to its screen, in order (a PIN digit lost or moved fails the
 * card check, the expiry's the date checks, an Enter lost leaves no
 * document for the acceptance). */
static int
wan_run_ahead(const struct wan_ctx *c, struct wan_run *run)
{
	struct wan_step *s = &run->step[0];
	char state[32], expiry[16];
	int64_t id0 = 0, id = 0;
	uint64_t down0, up0;
	struct vt *v;
	double t0;

	if (wan_stack_last_app(&c->stack, state, sizeof(state), expiry,
	    sizeof(expiry), &id0) == -1 || (v = wan_login(c, run)) == NULL)
		return -1;
	run->n = 1;
	snprintf(s->name, sizeof(s->name), "all");
	down0 = wan_down(c);
	up0 = wan_up(c);
	t0 = wan_now_ms();
	wan_type_all(v, run->pace_ms, t0, s);
	if (wan_settle(v, WAN_LAST_THEN, t0, WAN_ISSUE_MS * 2,
	    wan_quiet(c, run), s) == -1) {
		fprintf(stderr, "bench-wan: %s: no receipt\n", run->name);
		vt_dump(v, "typed ahead");
	}
	s->down = wan_down(c) - down0;
	s->up = wan_up(c) - up0;
	wan_title(v, s->screen, sizeof(s->screen));
	run->total_ms = s->done_ms;
	wan_logout(v);
	if (wan_stack_last_app(&c->stack, state, sizeof(state), expiry,
	    sizeof(expiry), &id) == -1 || id == id0 ||
	    strcmp(state, "done") != 0 || strcmp(expiry, WAN_EXPIRY) != 0) {
		fprintf(stderr, "bench-wan: %s: application %lld is %s, card "
		    "expiry %s (want a new one, done, %s)\n", run->name,
		    (long long)id, state, expiry, WAN_EXPIRY);
		run->bad = s->bad = 1;
		return -1;
	}
	run->ok = 1;
	return 0;
}

static void
wan_print_run(const struct wan_run *run)
{
	char down[24], up[24];
	int i;

	printf("\n%s (login to menu %.0f ms)\n", run->name, run->login_ms);
	printf("  %-6s %9s %9s %7s %8s %8s  %s\n", "key", "down wire",
	    "down term", "up wire", "echo ms", "done ms", "screen");
	for (i = 0; i < run->n; i++) {
		const struct wan_step *s = &run->step[i];

		snprintf(down, sizeof(down), "%llu", (unsigned long long)
		    s->down);
		snprintf(up, sizeof(up), "%llu", (unsigned long long)s->up);
		printf("  %-6s %9s %9llu %7s %8.0f %8.0f  %s%s\n", s->name,
		    run->relay ? down : "-", (unsigned long long)s->term,
		    run->relay ? up : "-", s->echo_ms, s->done_ms, s->screen,
		    s->bad ? "  LOST/OUT OF ORDER" : "");
	}
}

/* The largest screen change of a run, wire or terminal bytes. */
static const struct wan_step *
wan_max_step(const struct wan_run *run, int wire)
{
	const struct wan_step *best = NULL;
	int i;

	for (i = 0; i < run->n; i++)
		if (best == NULL || (wire ? run->step[i].down > best->down :
		    run->step[i].term > best->term))
			best = &run->step[i];
	return best;
}

static int
wan_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Key to first echo over a key-by-key run: median and largest. */
static void
wan_echo(const struct wan_run *run, double *p50, double *max)
{
	double v[WAN_MOVES_MAX] = { 0 };
	int i;

	*p50 = *max = 0;
	if (run->n == 0)
		return;
	for (i = 0; i < run->n; i++)
		v[i] = run->step[i].echo_ms;
	qsort(v, run->n, sizeof(v[0]), wan_cmp);
	*p50 = v[run->n / 2];
	*max = v[run->n - 1];
}

enum { RUN_AHEAD, RUN_PACED, RUN_KEYS, RUN_LOOP, RUN_N };

static double
wan_last_ms(const struct wan_run *run)
{
	return run->n > 0 ? run->step[run->n - 1].done_ms : 0;
}

static void
wan_print_bytes(const struct wan_run *r)
{
	const struct wan_step *w = wan_max_step(&r[RUN_KEYS], 1);
	const struct wan_step *t = wan_max_step(&r[RUN_KEYS], 0);
	uint64_t down = 0;
	int i;

	for (i = 0; i < r[RUN_KEYS].n; i++)
		down += r[RUN_KEYS].step[i].down;
	if (w != NULL && t != NULL) {
		printf("  largest screen change, wire     %6llu bytes (after "
		    "%s: %s); target <= %d: %s\n", (unsigned long long)w->down,
		    w->name, w->screen, WAN_SCREEN_MAX, w->down <=
		    WAN_SCREEN_MAX ? "met" : "NOT MET");
		printf("  largest screen change, terminal %6llu bytes (after "
		    "%s: %s)\n", (unsigned long long)t->term, t->name,
		    t->screen);
	}
	printf("  bytes down per renewal, wire    %6llu key by key, %llu "
	    "typed ahead at once\n", (unsigned long long)down,
	    (unsigned long long)r[RUN_AHEAD].step[0].down);
}

static void
wan_print_summary(const struct wan_ctx *c, const struct wan_run *r)
{
	double rp50, rmax, lp50, lmax;

	wan_echo(&r[RUN_KEYS], &rp50, &rmax);
	wan_echo(&r[RUN_LOOP], &lp50, &lmax);
	printf("\nsummary (relay %d ms each way, %d keys and characters)\n",
	    c->delay_ms, r[RUN_KEYS].n);
	wan_print_bytes(r);
	printf("  key to first echo               relay p50 %.0f ms, max "
	    "%.0f ms; loopback p50 %.0f ms, max %.0f ms\n", rp50, rmax, lp50,
	    lmax);
	printf("  keys lost or out of order       %d key by key over the "
	    "relay, %d on loopback (none allowed)\n", r[RUN_KEYS].bad,
	    r[RUN_LOOP].bad);
	printf("  type-ahead kept (receipt, database: every key applied in "
	    "order)  at once: %s; at %d ms a key: %s\n",
	    r[RUN_AHEAD].ok ? "yes" : "NO", r[RUN_PACED].pace_ms,
	    r[RUN_PACED].ok ? "yes" : "NO");
	printf("  renewal, the clerk's waits (sum of key to screen "
	    "complete)  relay %.1f s, loopback %.1f s\n",
	    r[RUN_KEYS].total_ms / 1000, r[RUN_LOOP].total_ms / 1000);
	/* The issuing (keys made on the card, the CA) varies with the
	 * machine's load, not the link. */
	printf("    without the issuing (the last F5)  relay %.1f s, loopback "
	    "%.1f s\n", (r[RUN_KEYS].total_ms - wan_last_ms(&r[RUN_KEYS])) /
	    1000, (r[RUN_LOOP].total_ms - wan_last_ms(&r[RUN_LOOP])) / 1000);
	printf("  renewal typed ahead, first key to receipt  at once %.1f "
	    "s, at %d ms a key %.1f s (relay)\n", r[RUN_AHEAD].total_ms /
	    1000, r[RUN_PACED].pace_ms, r[RUN_PACED].total_ms / 1000);
}

/* Start the counter, make the demo card's next issuance a renewal, start
 * the relay in front of the server. */
static int
wan_setup(struct wan_ctx *c)
{
	const char *d = getenv("BENCH_WAN_DELAY_MS");

	c->delay_ms = d != NULL ? atoi(d) : 100;
	if (c->delay_ms < 0 || c->delay_ms > 5000)
		c->delay_ms = 100;
	if (system("command -v ssh >/dev/null 2>&1") != 0) {
		fprintf(stderr, "bench-wan: needs OpenSSH's ssh client\n");
		return -1;
	}
	if (wan_stack_start(&c->stack) == -1 ||
	    wan_stack_first_issue(&c->stack) == -1)
		return -1;
	if (wan_relay_start(&c->relay, c->stack.port, c->delay_ms) == -1) {
		fprintf(stderr, "bench-wan: cannot start the relay\n");
		return -1;
	}
	return 0;
}

int
main(void)
{
	static struct wan_ctx c;
	/* In the order they run: typed ahead first, as its check is the
	 * card's expiry moving from the first issuance's to the one typed
	 * (after it a renewal done proves the expiry too: no other text
	 * typed there is a valid one). */
	static struct wan_run r[RUN_N] = {
		[RUN_AHEAD] = { .name = "relay, typed ahead: all keys at once",
		    .relay = 1, .ahead = 1 },
		[RUN_PACED] = { .name = "relay, typed ahead: a key every 50 ms, "
		    "not waiting for screens", .relay = 1, .ahead = 1,
		    .pace_ms = 50 },
		[RUN_KEYS] = { .name = "relay, key by key", .relay = 1 },
		[RUN_LOOP] = { .name = "loopback, key by key (no relay)" },
	};
	int i, rc = 1;

	signal(SIGPIPE, SIG_IGN);
	if (wan_setup(&c) == 0) {
		printf("bench-wan: the ten-key renewal through ssh -tt at "
		    "%dx%d; the relay holds each direction's bytes %d ms\n",
		    WAN_COLS, WAN_ROWS, c.delay_ms);
		fflush(stdout);
		for (i = 0; i < RUN_N; i++)
			(r[i].ahead ? wan_run_ahead : wan_run_keys)(&c, &r[i]);
		for (i = RUN_N - 1; i >= 0; i--)
			wan_print_run(&r[i]);
		wan_print_summary(&c, r);
		rc = 0;
		for (i = 0; i < RUN_N; i++)
			rc |= !r[i].ok || r[i].bad != 0;
	}
	wan_relay_stop(&c.relay);
	wan_stack_stop(&c.stack);
	return rc;
}
