/*
 * The login limits that fit a city, against the real server on loopback:
 * every 127.0.0.0/8 address is on lo, so clients bound to 127.0.0.2,
 * 127.0.0.3, ... are distinct sources. 127.0.0.0/29 is the branch network
 * here; the strangers' flood comes from 127.0.0.10-209, outside it.
 */
#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "madoguchi/util.h"
#include "testlib.h"
#include "harness.h"

#define BRANCH		"server.branch_networks=127.0.0.0/29"
#define CLERKS		60
#define FLOOD		200

/* Sixty clerks of one branch office behind one address log in at once. */
static void
test_sixty_at_once(void)
{
	static const char *const settings[] = { BRANCH, NULL };
	struct hs *h = hs_start(settings);
	char key[CLERKS][600], login[32];
	struct vt *v[CLERKS];
	int64_t t0, t;
	int i, in = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < CLERKS; i++) {
		snprintf(login, sizeof(login), "clerk%02d", i);
		CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, login, key[i],
		    sizeof(key[i])), 0);
	}
	t0 = util_now_ms();
	for (i = 0; i < CLERKS; i++) {
		snprintf(login, sizeof(login), "clerk%02d", i);
		v[i] = hs_ssh_from(h, "127.0.0.5", login, key[i], 24, 80);
	}
	for (i = 0; i < CLERKS; i++)
		if (vt_wait_text(v[i], HS_CLERK_NAME, 30000))
			in++;
		else
			vt_dump(v[i], "clerk not in");
	t = util_now_ms() - t0;
	fprintf(stderr, "\n  %d of %d logins from one address in %lld ms\n",
	    in, CLERKS, (long long)t);
	CU_ASSERT_EQUAL(in, CLERKS);
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "cut", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "dropped", NULL));
	for (i = 0; i < CLERKS; i++)
		vt_free(v[i]);
	hs_stop(h);
}

/* One connection of `ssh` from src as user with keys (1 to 3): its exit
 * status (255: not let in). */
static int
ssh_try(struct hs *h, const char *src, const char *user, const char *k1,
    const char *k2, const char *k3)
{
	char *out;
	int st;

	out = test_output(&st, "ssh -F /dev/null -b %s -i '%s' -i '%s' "
	    "-i '%s' -p %d -o UserKnownHostsFile=/dev/null -o "
	    "StrictHostKeyChecking=no -o BatchMode=yes -o IdentitiesOnly=yes "
	    "-o IdentityAgent=none -o LogLevel=ERROR %s@127.0.0.1 true "
	    "</dev/null 2>&1", src, k1, k2, k3, h->port, user);
	free(out);
	return st;
}

/* A stranger guesses tanaka's key 15 times from a branch address: tanaka
 * is locked (even with the right key, from anywhere), the address is
 * not, and another clerk there gets in. */
static void
test_failures_lock_login(void)
{
	static const char *const settings[] = { BRANCH, NULL };
	struct hs *h = hs_start(settings);
	char sato[600], tanaka[600], g[3][600];
	struct vt *v;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "sato", sato, sizeof(sato)) |
	    hs_add_clerk(h, "tanaka", tanaka, sizeof(tanaka)) |
	    hs_new_key(h, "g1", g[0], sizeof(g[0])) |
	    hs_new_key(h, "g2", g[1], sizeof(g[1])) |
	    hs_new_key(h, "g3", g[2], sizeof(g[2])), 0);
	/* Three refused keys a connection: 15 failures in 5. */
	for (i = 0; i < 5; i++)
		CU_ASSERT_EQUAL(ssh_try(h, "127.0.0.3", "tanaka", g[0], g[1],
		    g[2]), 255);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "a login name locked", NULL));
	v = hs_ssh_from(h, "127.0.0.3", "sato", sato, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_CLERK_NAME, 10000));
	vt_free(v);
	CU_ASSERT_EQUAL(ssh_try(h, "127.0.0.3", "tanaka", tanaka, tanaka,
	    tanaka), 255);
	CU_ASSERT_EQUAL(ssh_try(h, "127.0.0.4", "tanaka", tanaka, tanaka,
	    tanaka), 255);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "user tanaka", "from 127.0.0.4",
	    "locked after failed logins", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "source 127.0.0.3 blocked", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "login clerk tanaka", NULL));
	hs_stop(h);
}

/* A TCP connection from src, with a banner or nothing; -1 if refused. */
static int
raw_connect_from(int port, const char *src, int banner)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in me = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	inet_pton(AF_INET, src, &me.sin_addr);
	if (fd == -1 || bind(fd, (struct sockaddr *)&me, sizeof(me)) == -1 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (banner)
		(void)!write(fd, "SSH-2.0-flood\r\n", 15);
	return fd;
}

/* 200 strangers' connections that never log in, one from each of 200
 * addresses, while a clerk of the branch network logs in: the clerk
 * gets in at once, and the server's children stay under the cap. */
static void
test_flood(void)
{
	static const char *const settings[] = { BRANCH, NULL };
	struct hs *h = hs_start(settings);
	int fds[FLOOD], i, n, most = 0;
	char src[32];
	struct vt *v;
	int64_t t0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < FLOOD; i++) {
		snprintf(src, sizeof(src), "127.0.0.%d", 10 + i);
		fds[i] = raw_connect_from(h->port, src, i % 2);
		if ((n = hs_children(h)) > most)
			most = n;
	}
	t0 = util_now_ms();
	v = hs_ssh_from(h, "127.0.0.2", "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 10000));
	fprintf(stderr, "\n  clerk in after %lld ms during the flood\n",
	    (long long)(util_now_ms() - t0));
	for (i = 0; i < 20; i++)
		if ((n = hs_children(h)) > most)
			most = n;
	fprintf(stderr, "  at most %d children for %d connections\n", most,
	    FLOOD);
	/* The flood's share is 200 (max startups 100:30:200), and the
	 * early drop leaves it well below. */
	CU_ASSERT(most <= 200 + 1);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "dropped early", NULL));
	vt_free(v);
	for (i = 0; i < FLOOD; i++)
		if (fds[i] != -1)
			close(fds[i]);
	hs_stop(h);
}

/* The same flood against a small cap (5:50:20): the strangers hold at
 * most 20 children, and the branch's clerk still gets in. */
static void
test_flood_small_cap(void)
{
	static const char *const settings[] = { BRANCH,
	    "server.max_startups=5:50:20", NULL };
	struct hs *h = hs_start(settings);
	int fds[FLOOD], i, n, most = 0;
	char src[32];
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < FLOOD; i++) {
		snprintf(src, sizeof(src), "127.0.0.%d", 10 + i);
		fds[i] = raw_connect_from(h->port, src, 1);
		if ((n = hs_children(h)) > most)
			most = n;
	}
	v = hs_ssh_from(h, "127.0.0.2", "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 10000));
	if ((n = hs_children(h)) > most)
		most = n;
	fprintf(stderr, "\n  at most %d children (cap 20 + the clerk)\n",
	    most);
	CU_ASSERT(most <= 20 + 1);
	/* The strangers turned away are logged, dropped early or cut at
	 * full (which of the two bit first is random early drop's chance). */
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "connections not logged in "
	    "outside the branch networks", NULL));
	vt_free(v);
	for (i = 0; i < FLOOD; i++)
		if (fds[i] != -1)
			close(fds[i]);
	hs_stop(h);
}

/* A bad branch network and a bad triple are refused with the reason. */
static void
test_bad_settings(void)
{
	static const struct {
		const char *key, *value, *why;
	} bad[] = {
		{ "server.branch_networks", "10.1.2.5/24",
		  "長さより後ろのビットが 0 ではありません" },
		{ "server.branch_networks", "10.1.2.0/24 10.1.300.0/24",
		  "10.1.300.0/24: IPv4 か IPv6 のアドレスではありません" },
		{ "server.branch_networks", "fd00::/129",
		  "/ の後の長さが正しくありません" },
		{ "server.max_startups", "100:30:50", "1 <= 開始 <= 上限" },
		{ "server.max_startups", "10:0:100", "率は 1 から 100" },
	};
	struct hs *h = hs_start(NULL);
	char *out;
	size_t i;
	int st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = test_output(&st, "'%s' settings set %s '%s' --state "
		    "'%s' 2>&1", test_prog("madoguchi"), bad[i].key,
		    bad[i].value, h->state);
		CU_ASSERT_NOT_EQUAL(st, 0);
		if (strstr(out, bad[i].why) == NULL)
			fprintf(stderr, "no \"%s\" in: %s\n", bad[i].why, out);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, bad[i].why));
		free(out);
	}
	out = test_output(&st, "'%s' settings set server.branch_networks "
	    "'10.1.2.0/24 10.1.3.0/24 fd00:1::/64' --state '%s' && '%s' "
	    "settings get server.branch_networks --state '%s'",
	    test_prog("madoguchi"), h->state, test_prog("madoguchi"),
	    h->state);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "10.1.3.0/24 fd00:1::/64"));
	free(out);
	hs_stop(h);
}

/* A clerk whose client offers a wrong key before the right one, twelve
 * times from an address outside the branch networks (limit 10): each
 * login forgives its own failure, so nothing is blocked. */
static void
test_success_forgives(void)
{
	struct hs *h = hs_start(NULL);
	char sato[600], g[600];
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "sato", sato, sizeof(sato)) |
	    hs_new_key(h, "old", g, sizeof(g)), 0);
	/* Logged in, then the command is refused: exit status 1. */
	for (i = 0; i < 12; i++)
		CU_ASSERT_EQUAL(ssh_try(h, "127.0.0.6", "sato", g, g, sato), 1);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "user sato", "unknown key", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "blocked", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "locked", NULL));
	hs_stop(h);
}

/* How the child maps the table of locked logins: "r--s" (read only,
 * shared) and no writable mapping of it, or "" when absent. */
static void
child_table_perms(pid_t parent, char *perms, size_t size)
{
	char path[64], line[512], cmd[600];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "for p in /proc/[0-9]*; do [ \"$(awk "
	    "'{print $4}' $p/stat 2>/dev/null)\" = %ld ] && echo ${p#/proc/} "
	    "&& break; done", (long)parent);
	perms[0] = '\0';
	if ((f = popen(cmd, "r")) == NULL)
		return;
	path[0] = '\0';
	if (fgets(line, sizeof(line), f) != NULL)
		snprintf(path, sizeof(path), "/proc/%ld/maps", atol(line));
	pclose(f);
	if (path[0] == '\0' || (f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, "madoguchi-limits") != NULL) {
			if (perms[0] != '\0')
				strlcpy_m(perms, "twice", size);
			else
				snprintf(perms, size, "%.4s",
				    strchr(line, ' ') + 1);
		}
	fclose(f);
}

/* libssh from src: a guess at `guess` with gkey, then a login as user
 * with key in the same connection. 0 when the login took. */
static int
lc_guess_then_login(struct hs *h, const char *src, const char *guess,
    const char *gkey, const char *user, const char *key)
{
	ssh_session ssh = ssh_new();
	ssh_key g = NULL, k = NULL;
	int port = h->port, rc = -1;

	ssh_options_set(ssh, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(ssh, SSH_OPTIONS_BINDADDR, src);
	ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &(int){ 0 });
	if (ssh_connect(ssh) == SSH_OK &&
	    ssh_pki_import_privkey_file(gkey, NULL, NULL, NULL, &g) == SSH_OK &&
	    ssh_pki_import_privkey_file(key, NULL, NULL, NULL, &k) == SSH_OK &&
	    ssh_userauth_publickey(ssh, guess, g) == SSH_AUTH_DENIED &&
	    ssh_userauth_publickey(ssh, user, k) == SSH_AUTH_SUCCESS)
		rc = 0;
	ssh_key_free(g);
	ssh_key_free(k);
	ssh_disconnect(ssh);
	ssh_free(ssh);
	return rc;
}

/* A clerk's own login does not forgive guesses at another login made in
 * the same connection: twelve of them from one address block it. */
static void
test_no_forgiving_others(void)
{
	struct hs *h = hs_start(NULL);
	char sato[600], g[600];
	int i, in = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "sato", sato, sizeof(sato)) |
	    hs_new_key(h, "g", g, sizeof(g)), 0);
	for (i = 0; i < 12; i++)
		if (lc_guess_then_login(h, "127.0.0.9", "demo", g, "sato",
		    sato) == 0)
			in++;
	CU_ASSERT_EQUAL(in, 10);	/* the 11th is cut */
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "source 127.0.0.9 blocked", NULL));
	hs_stop(h);
}

/* SIGHUP reads the limits again: a lower cap per address takes effect
 * without a restart. */
static void
test_sighup_reload(void)
{
	struct hs *h = hs_start(NULL);
	int fds[2], i, st;
	char perms[16];

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' settings set "
	    "server.source_max_startups 2 --state '%s' >/dev/null 2>&1",
	    test_prog("madoguchi"), h->state), 0);
	kill(h->pid, SIGHUP);
	CU_ASSERT_TRUE_FATAL(hs_log_wait(h, 5000, "login limits reloaded",
	    "not logged in: 2 per address", NULL));
	for (i = 0; i < 2; i++)
		CU_ASSERT_FATAL((fds[i] = raw_connect_from(h->port, "127.0.0.7",
		    0)) != -1);
	CU_ASSERT_TRUE(hs_wait_children(h, 2, 5000));
	/* A child before login can read the locks, not write them. */
	child_table_perms(h->pid, perms, sizeof(perms));
	CU_ASSERT_STRING_EQUAL(perms, "r--s");
	st = ssh_try(h, "127.0.0.7", "demo", h->demo_key, h->demo_key,
	    h->demo_key);
	CU_ASSERT_EQUAL(st, 255);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "connection from 127.0.0.7 cut: 2 "
	    "connections not logged in yet", NULL));
	/* Another address is not affected. */
	CU_ASSERT_EQUAL(ssh_try(h, "127.0.0.8", "demo", h->demo_key,
	    h->demo_key, h->demo_key), 1);
	CU_ASSERT_TRUE(hs_alive(h->pid));
	for (i = 0; i < 2; i++)
		close(fds[i]);
	hs_stop(h);
}

/* The branch list as the server matches addresses: IPv4, IPv6, an
 * IPv4-mapped IPv6 address, prefixes not on a byte boundary. */
static void
test_netlist_match(void)
{
	static const struct { const char *addr; int in; } t[] = {
		{ "10.1.2.77", 1 }, { "10.1.3.0", 1 }, { "10.1.4.1", 0 },
		{ "::ffff:10.1.2.9", 1 }, { "172.16.5.1", 1 },
		{ "172.16.8.1", 0 }, { "fd00:1::5", 1 }, { "fd00:2::5", 0 },
		{ "2001:db8::1", 1 }, { "2001:db8::2", 0 }, { "junk", 0 },
	};
	struct util_netlist nl;
	char bad[48];
	size_t i;

	CU_ASSERT_EQUAL_FATAL(util_netlist_parse(" 10.1.2.0/24,10.1.3.0/24 "
	    "172.16.4.0/22\tfd00:1::/64 2001:db8::1", &nl, bad, sizeof(bad)),
	    UTIL_NET_OK);
	CU_ASSERT_EQUAL(nl.n, 5);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (util_netlist_match(&nl, t[i].addr) != t[i].in)
			fprintf(stderr, "%s: not %d\n", t[i].addr, t[i].in);
		CU_ASSERT_EQUAL(util_netlist_match(&nl, t[i].addr), t[i].in);
	}
	CU_ASSERT_EQUAL(util_netlist_parse("", &nl, bad, sizeof(bad)),
	    UTIL_NET_OK);
	CU_ASSERT_EQUAL(nl.n, 0);
	CU_ASSERT_EQUAL(util_netlist_parse("0.0.0.0/0 ::/0", &nl, bad,
	    sizeof(bad)), UTIL_NET_OK);
	CU_ASSERT_EQUAL(util_netlist_match(&nl, "192.0.2.1"), 1);
	CU_ASSERT_EQUAL(util_netlist_parse("10.0.0.0/8 10.0.0.1/7", &nl, bad,
	    sizeof(bad)), UTIL_NET_HOSTBITS);
	CU_ASSERT_STRING_EQUAL(bad, "10.0.0.1/7");
	CU_ASSERT_EQUAL(util_netlist_parse("10.0.0.0/", &nl, bad,
	    sizeof(bad)), UTIL_NET_PREFIX);
	CU_ASSERT_EQUAL(util_netlist_parse("10.0.0.0/+8", &nl, bad,
	    sizeof(bad)), UTIL_NET_PREFIX);
}

static CU_TestInfo limits_tests[] = {
	{ "60 clerks log in at once from one branch address",
	  test_sixty_at_once },
	{ "15 failures lock the login, not the branch address",
	  test_failures_lock_login },
	{ "a flood from 200 addresses: the clerk gets in, children capped",
	  test_flood },
	{ "a flood against a small cap stays under it",
	  test_flood_small_cap },
	{ "bad branch networks and max startups refused", test_bad_settings },
	{ "a login forgives its own failures", test_success_forgives },
	{ "a login does not forgive guesses at another login",
	  test_no_forgiving_others },
	{ "SIGHUP reads the limits again", test_sighup_reload },
	{ "branch networks match IPv4, IPv6 and mapped addresses",
	  test_netlist_match },
	CU_TEST_INFO_NULL
};
TEST_SUITE(limits, "server.limits", limits_tests)
