/*
 * The login limits, decided in the listener before any fork. Failures are
 * counted per source address (its own limit inside the branch networks)
 * and per login name and per key fingerprint offered; a login forgives
 * the failures of its own connection under its own login name (session.c
 * sends them back). Connections not logged in yet are
 * capped per address and per pool: outside the branch networks with
 * OpenSSH's MaxStartups early drop, inside them without it (a stranger's
 * flood from outside never takes the clerks' room). The addresses' counts
 * are the listener's own memory; the logins' and keys' table is a memfd
 * mapped before the first fork, written by the listener only; each
 * session child maps it again read-only from a read-only descriptor (so
 * it cannot be made writable there) and drops the writable one. A torn
 * read costs one wrong answer.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "madoguchi/server.h"
#include "madoguchi/util.h"
#include "sshd.h"

#define LIMITS_SOURCES	1024	/* addresses with failures remembered */
#define LIMITS_NAMES	1024	/* logins and keys with failures */
#define LIMITS_LOG_MS	1000	/* one line a second per kind of refusal */

/* Recent failures of one address, login ("l:name") or key ("k:fpr"). */
struct limits_count {
	char	name[SSHD_REPORT_FPR_MAX + 2];
	long	count;
	int64_t	window_start;
	int64_t	blocked_until;
	int64_t	last;
};

static struct limits_count limits_source[LIMITS_SOURCES];
static struct limits_count *limits_names;	/* shared, LIMITS_NAMES */
static int limits_fd = -1;			/* its memfd */
#define LIMITS_NAMES_SIZE	(LIMITS_NAMES * sizeof(struct limits_count))

/* Refusals logged at most once a second each, with how many were not. */
enum limits_cut {
	LIMITS_CUT_FAILED, LIMITS_CUT_ADDR, LIMITS_CUT_FULL, LIMITS_CUT_DROP,
	LIMITS_CUT_COUNT
};
static struct {
	int64_t	last;
	long	quiet;
} limits_cut_log[LIMITS_CUT_COUNT];

static const char *const limits_pool_name[SSHD_POOL_COUNT] = {
	[SSHD_POOL_OUTSIDE] = "outside the branch networks",
	[SSHD_POOL_BRANCH] = "from the branch networks",
};

static long
limits_setting(struct store *st, const char *key, long def, long min)
{
	long v = store_setting_int(st, key, def);

	return v < min ? min : v;
}

void
sshd_limits_read(struct sshd_limits *lim, struct store *st)
{
	char buf[1024], bad[48];

	lim->source_max_failures = limits_setting(st,
	    SERVER_SET_SOURCE_MAX_FAILURES, SERVER_DEF_SOURCE_MAX_FAILURES, 1);
	lim->source_window_s = limits_setting(st, SERVER_SET_SOURCE_WINDOW_S,
	    SERVER_DEF_SOURCE_WINDOW_S, 1);
	lim->source_max_startups = limits_setting(st,
	    SERVER_SET_SOURCE_MAX_STARTUPS, SERVER_DEF_SOURCE_MAX_STARTUPS, 1);
	lim->login_max_failures = limits_setting(st,
	    SERVER_SET_LOGIN_MAX_FAILURES, SERVER_DEF_LOGIN_MAX_FAILURES, 1);
	lim->branch_max_failures = limits_setting(st,
	    SERVER_SET_BRANCH_MAX_FAILURES, SERVER_DEF_BRANCH_MAX_FAILURES, 1);
	lim->branch_max_startups = limits_setting(st,
	    SERVER_SET_BRANCH_MAX_STARTUPS, SERVER_DEF_BRANCH_MAX_STARTUPS, 1);
	if (store_setting_get(st, SERVER_SET_BRANCH_NETWORKS, buf,
	    sizeof(buf)) != 0)
		buf[0] = '\0';
	if (util_netlist_parse(buf, &lim->branch, bad, sizeof(bad)) !=
	    UTIL_NET_OK) {
		log_warnx("%s: bad network %s: no branch networks",
		    SERVER_SET_BRANCH_NETWORKS, bad);
		memset(&lim->branch, 0, sizeof(lim->branch));
	}
	if (store_setting_get(st, SERVER_SET_MAX_STARTUPS, buf,
	    sizeof(buf)) != 0)
		strlcpy_m(buf, SERVER_DEF_MAX_STARTUPS, sizeof(buf));
	if (util_startups_parse(buf, &lim->start, &lim->rate, &lim->full) ==
	    -1) {
		log_warnx("%s: bad value %s: %s used",
		    SERVER_SET_MAX_STARTUPS, buf, SERVER_DEF_MAX_STARTUPS);
		util_startups_parse(SERVER_DEF_MAX_STARTUPS, &lim->start,
		    &lim->rate, &lim->full);
	}
}

static void
limits_log(const struct sshd_limits *lim, const char *what)
{
	log_info("login limits %s: %ld failures per address (%ld in the "
	    "branch networks, %zu networks), %ld per login or key in %lds; "
	    "not logged in: %ld per address (%ld in the branch networks), "
	    "max startups %ld:%ld:%ld outside them", what,
	    lim->source_max_failures, lim->branch_max_failures,
	    lim->branch.n, lim->login_max_failures, lim->source_window_s,
	    lim->source_max_startups, lim->branch_max_startups, lim->start,
	    lim->rate, lim->full);
}

int
sshd_limits_init(const struct sshd_conf *conf)
{
	limits_fd = memfd_create("madoguchi-limits", MFD_CLOEXEC);
	if (limits_fd == -1 || ftruncate(limits_fd, LIMITS_NAMES_SIZE) == -1 ||
	    (limits_names = mmap(NULL, LIMITS_NAMES_SIZE, PROT_READ |
	    PROT_WRITE, MAP_SHARED, limits_fd, 0)) == MAP_FAILED) {
		limits_names = NULL;
		log_warn("login limits: shared table");
		return -1;
	}
	limits_log(conf->limits, "set");
	return 0;
}

void
sshd_limits_child(void)
{
	char path[64];
	void *ro = MAP_FAILED;
	int fd;

	if (limits_names == NULL)
		return;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", limits_fd);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		ro = mmap(NULL, LIMITS_NAMES_SIZE, PROT_READ, MAP_SHARED, fd,
		    0);
		close(fd);
	}
	close(limits_fd);
	limits_fd = -1;
	if (ro == MAP_FAILED) {
		/* No /proc: read-only still, if less firmly. */
		log_warn("login limits: read-only table");
		if (mprotect(limits_names, LIMITS_NAMES_SIZE, PROT_READ) == -1)
			fatal("mprotect");
		return;
	}
	munmap(limits_names, LIMITS_NAMES_SIZE);
	limits_names = ro;
}

void
sshd_limits_reload(const struct sshd_conf *conf)
{
	char err[256];
	struct store *st = store_open(conf->state_dir, 0, err, sizeof(err));

	if (st == NULL) {
		log_warnx("SIGHUP: cannot read the settings (%s): login "
		    "limits kept", err);
		return;
	}
	sshd_limits_read(conf->limits, st);
	store_close(st);
	limits_log(conf->limits, "reloaded");
}

enum sshd_pool
sshd_limits_pool(const struct sshd_conf *conf, const char *addr)
{
	return util_netlist_match(&conf->limits->branch, addr) ?
	    SSHD_POOL_BRANCH : SSHD_POOL_OUTSIDE;
}

/* The entry of name in t[n] (or the oldest one not blocked, emptied, to
 * take it when create), NULL when none. */
static struct limits_count *
limits_find(struct limits_count *t, size_t n, const char *name, int create)
{
	struct limits_count *c, *old = NULL;
	int64_t now = util_now_ms();

	for (c = t; c < t + n; c++) {
		if (c->name[0] != '\0' && strcmp(c->name, name) == 0)
			return c;
		if (old == NULL || (c->blocked_until <= now) >
		    (old->blocked_until <= now) ||
		    ((c->blocked_until <= now) == (old->blocked_until <= now) &&
		    c->last < old->last))
			old = c;
	}
	if (!create)
		return NULL;
	memset(old, 0, sizeof(*old));
	strlcpy_m(old->name, name, sizeof(old->name));
	return old;
}

/* One more failure on c: 1 when that blocks it now. */
static int
limits_count_fail(struct limits_count *c, long max, long window_s)
{
	int64_t now = util_now_ms(), window = window_s * 1000;

	if (now - c->window_start > window) {
		c->window_start = now;
		c->count = 0;
	}
	c->count++;
	c->last = now;
	if (c->count >= max && c->blocked_until <= now) {
		c->blocked_until = now + window;
		return 1;
	}
	return 0;
}

static void
limits_count_forgive(struct limits_count *c)
{
	if (c != NULL && c->count > 0)
		c->count--;
}

/* A login ("l:") or key ("k:") entry's name; "" when there is none. */
static void
limits_name(char *buf, size_t size, char kind, const char *what)
{
	if (what == NULL || what[0] == '\0' || strcmp(what, "-") == 0)
		buf[0] = '\0';
	else {
		buf[0] = kind;
		buf[1] = ':';
		strlcpy_m(buf + 2, what, size - 2);
	}
}

/* Logins are not named in the listener's log (a stranger's guesses are
 * not worth keeping): the child's refusal line names the login. Keys are
 * named by fingerprint. */
static void
limits_name_fail(const struct sshd_conf *conf, const char *addr, char kind,
    const char *what)
{
	long max = conf->limits->login_max_failures;
	struct limits_count *c;
	char name[sizeof(c->name)];

	limits_name(name, sizeof(name), kind, what);
	if (name[0] == '\0' || limits_names == NULL)
		return;
	c = limits_find(limits_names, LIMITS_NAMES, name, 1);
	if (!limits_count_fail(c, max, conf->limits->source_window_s))
		return;
	if (kind == 'k')
		log_warnx("key %s locked for %lds: %ld failed logins (the "
		    "last from %s)", what, conf->limits->source_window_s, c->count,
		    addr);
	else
		log_warnx("a login name locked for %lds: %ld failed logins "
		    "(the last from %s)", conf->limits->source_window_s, c->count,
		    addr);
}

static void
limits_name_forgive(char kind, const char *what)
{
	char name[sizeof(limits_names->name)];

	limits_name(name, sizeof(name), kind, what);
	if (name[0] != '\0' && limits_names != NULL)
		limits_count_forgive(limits_find(limits_names, LIMITS_NAMES,
		    name, 0));
}

void
sshd_limits_report(const struct sshd_conf *conf, const char *addr,
    enum sshd_pool pool, const struct sshd_report *r)
{
	long max = pool == SSHD_POOL_BRANCH ?
	    conf->limits->branch_max_failures : conf->limits->source_max_failures;
	struct limits_count *c;
	char login[SSHD_REPORT_LOGIN_MAX], fpr[SSHD_REPORT_FPR_MAX];

	/* The child's strings, terminated whatever it sent. */
	memcpy(login, r->login, sizeof(login));
	login[sizeof(login) - 1] = '\0';
	memcpy(fpr, r->fpr, sizeof(fpr));
	fpr[sizeof(fpr) - 1] = '\0';
	if (r->kind == SSHD_REPORT_FAIL) {
		c = limits_find(limits_source, LIMITS_SOURCES, addr, 1);
		if (limits_count_fail(c, max, conf->limits->source_window_s))
			log_warnx("source %s blocked for %lds: %ld failed "
			    "logins", addr, conf->limits->source_window_s, c->count);
		limits_name_fail(conf, addr, 'l', login);
		limits_name_fail(conf, addr, 'k', fpr);
	} else if (r->kind == SSHD_REPORT_FORGIVE) {
		limits_count_forgive(limits_find(limits_source, LIMITS_SOURCES,
		    addr, 0));
		limits_name_forgive('l', login);
		limits_name_forgive('k', fpr);
	}
}

int
sshd_limits_locked(const char *login, const char *fpr)
{
	char name[sizeof(limits_names->name)];
	const struct limits_count *c;
	int64_t now = util_now_ms();
	int i;

	char what[2][SSHD_REPORT_FPR_MAX];

	/* Cut as the report that counted them was. */
	strlcpy_m(what[0], login, SSHD_REPORT_LOGIN_MAX);
	strlcpy_m(what[1], fpr, SSHD_REPORT_FPR_MAX);
	for (i = 0; i < 2 && limits_names != NULL; i++) {
		limits_name(name, sizeof(name), i == 0 ? 'l' : 'k', what[i]);
		if (name[0] != '\0' && (c = limits_find(limits_names,
		    LIMITS_NAMES, name, 0)) != NULL && c->blocked_until > now)
			return 1;
	}
	return 0;
}

/* Whether to log a refusal of this kind now (at most one line a second
 * each); quiet says how many were not logged since. */
static int
limits_cut_now(enum limits_cut kind, char *quiet, size_t size)
{
	int64_t now = util_now_ms();

	quiet[0] = '\0';
	if (limits_cut_log[kind].last != 0 &&
	    now - limits_cut_log[kind].last < LIMITS_LOG_MS) {
		limits_cut_log[kind].quiet++;
		return 0;
	}
	if (limits_cut_log[kind].quiet > 0)
		snprintf(quiet, size, " (and %ld more not logged)",
		    limits_cut_log[kind].quiet);
	limits_cut_log[kind].last = now;
	limits_cut_log[kind].quiet = 0;
	return 1;
}

/* OpenSSH's MaxStartups: refused with rate% at start, rising linearly to
 * 100% at full. */
static int
limits_early_drop(const struct sshd_limits *lc, long n)
{
	uint32_t r;
	long p;

	if (n < lc->start)
		return 0;
	p = lc->rate + (100 - lc->rate) * (n - lc->start) /
	    (lc->full > lc->start ? lc->full - lc->start : 1);
	if (getrandom(&r, sizeof(r), 0) != sizeof(r))
		r = (uint32_t)util_now_ms();
	return (long)(r % 100) < p;
}

int
sshd_limits_admit(const struct sshd_conf *conf, const char *addr,
    enum sshd_pool pool, long n_addr, long n_pool)
{
	const struct sshd_limits *lc = conf->limits;
	const struct limits_count *s = limits_find(limits_source,
	    LIMITS_SOURCES, addr, 0);
	long cap = pool == SSHD_POOL_BRANCH ? lc->branch_max_startups :
	    conf->limits->source_max_startups;
	const char *pn = limits_pool_name[pool];
	char q[64];

	if (s != NULL && s->blocked_until > util_now_ms()) {
		if (limits_cut_now(LIMITS_CUT_FAILED, q, sizeof(q)))
			log_info("connection from %s cut: too many failed "
			    "logins%s", addr, q);
		return -1;
	}
	if (n_addr >= cap) {
		if (limits_cut_now(LIMITS_CUT_ADDR, q, sizeof(q)))
			log_info("connection from %s cut: %ld connections not "
			    "logged in yet%s", addr, cap, q);
		return -1;
	}
	if (n_pool >= lc->full) {
		if (limits_cut_now(LIMITS_CUT_FULL, q, sizeof(q)))
			log_info("connection from %s cut: %ld connections not "
			    "logged in %s%s", addr, n_pool, pn, q);
		return -1;
	}
	if (pool == SSHD_POOL_OUTSIDE && limits_early_drop(lc, n_pool)) {
		if (limits_cut_now(LIMITS_CUT_DROP, q, sizeof(q)))
			log_info("connection from %s dropped early: %ld "
			    "connections not logged in %s%s", addr, n_pool,
			    pn, q);
		return -1;
	}
	return 0;
}
