/*
 * Shared helpers of every Madoguchi process: logging with a process prefix,
 * allocation wrappers that never return NULL (tier 2 of our error handling),
 * and a few string and time helpers. No module state but the log prefix.
 */
#ifndef MADOGUCHI_UTIL_H
#define MADOGUCHI_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* Logging goes to stderr (or the file log_open_file chose), one line each,
 * "YYYY-MM-DDTHH:MM:SSZ proc[pid]: prefix message". Nothing personal and no
 * PIN is ever passed here. */
enum log_level { LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };
void log_init(const char *proc, enum log_level level);
/* Extra context for every line, e.g. "session=12 clerk=demo"; NULL clears. */
void log_set_context(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Send log lines to PATH (appended, 0600); -1 with errno on failure. */
int log_open_file(const char *path);
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A broken invariant: log and abort. fatal appends strerror(errno). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies at most size-1 bytes and terminates; returns strlen(src). */
size_t strlcpy_m(char *dst, const char *src, size_t size);

/* Wipe a secret (a PIN, a key) so the compiler cannot drop the store. */
void secure_wipe(void *p, size_t n);

/* Today's date in Japan (JST, whatever the server's TZ) as YYYY-MM-DD
 * into buf (11 bytes): the day the counter works on, 和暦 on screen. Honours
 * the test switch MADOGUCHI_TODAY=YYYY-MM-DD (util_test_switch) so tests
 * can fix the date. */
void util_today(char buf[11]);
/* Now in Japan as "YYYY-MM-DD HH:MM" into buf (17 bytes); with
 * MADOGUCHI_TODAY fixed, that day's last minute (a fixed day has no
 * hour, so any time of it has come). */
void util_now_minute(char buf[17]);
/* Milliseconds from a monotonic clock. */
int64_t util_now_ms(void);
/* Remove dir and everything under it, not following links; 0 or -1. */
int util_rmtree(const char *dir);

/* ---- Network lists and MaxStartups triples (src/util/netlist.c) -------
 * The login limits' settings, parsed the same way by the settings
 * registry (which refuses bad values with the reason) and the server. */
#define UTIL_NETS_MAX	64
struct util_net {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];	/* network, host bits zero */
	int		bits;		/* prefix length */
};
struct util_netlist {
	size_t		n;
	struct util_net	net[UTIL_NETS_MAX];
};
enum util_net_err {
	UTIL_NET_OK,
	UTIL_NET_ADDR,		/* not an IPv4 or IPv6 address */
	UTIL_NET_PREFIX,	/* prefix length not 0..32 (0..128) */
	UTIL_NET_HOSTBITS,	/* bits set past the prefix */
	UTIL_NET_TOOMANY	/* more than UTIL_NETS_MAX networks */
};
/* Parse blank- or comma-separated CIDR networks ("10.1.2.0/24 fd00::/64";
 * an address alone is one host; "" is the empty list) into nl. On error
 * the reason, and the bad word into bad (NUL-terminated, cut to badlen). */
enum util_net_err util_netlist_parse(const char *s, struct util_netlist *nl,
    char *bad, size_t badlen);
/* 1 when the numeric address text (IPv4, IPv6, IPv4-mapped IPv6) lies in
 * one of the networks. */
int util_netlist_match(const struct util_netlist *, const char *addr);
/* "start:rate:full" (OpenSSH's MaxStartups): 0 with the three numbers,
 * -1 unless 1 <= start <= full and 1 <= rate <= 100. */
int util_startups_parse(const char *s, long *start, long *rate, long *full);
/* Test switches (src/util/testsw.c): environment variables for tests
 * only, honoured only when UTIL_ENV_TESTING=1 is set as well. */
#define UTIL_ENV_TESTING	"MADOGUCHI_TESTING"
/* The switches, NULL-ended. */
extern const char *const util_test_switch_table[];
/* 1 when the environment has MADOGUCHI_TESTING=1. */
int util_testing(void);
/* The value of test switch name (one of util_test_switch_table; any other
 * name is a bug), or NULL when unset or when not testing. The first use
 * of a switch in effect is logged. */
const char *util_test_switch(const char *name);
/* priv.c: USER's uid and primary gid; -1 when there is no such user. */
int priv_lookup(const char *user, uid_t *uid, gid_t *gid);
/* Become USER for good (groups from /etc/group, gid, uid; empty
 * capability bounding set; NO_NEW_PRIVS); checks that setuid(0) fails.
 * Needs root. -1 with a reason in err: the caller must then exit. */
int priv_drop(const char *user, char *err, size_t errlen);
/* A seccomp filter (after priv_drop: it needs NO_NEW_PRIVS) refusing the
 * syscalls no Madoguchi process makes (ptrace, mount, namespaces, kernel
 * modules, keys, BPF, perf, io_uring, ...) with EPERM; inherited by every
 * child. -1 with a reason in err. */
int priv_seccomp(char *err, size_t errlen);

/* unixsock.c: listen on a Unix stream socket at path (mode 0660, a stale
 * one replaced); the descriptor, or fatal. */
int util_unix_listen(const char *path);

#endif
