/*
 * The server under stress a clerk never causes on purpose: two sessions at
 * once, a session process killed, a client that vanishes, ten failed logins
 * from one address, clients that drop or send garbage mid-handshake, the
 * idle timeout, SIGTERM to the listener; and ssh-audit on what we offer.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "harness.h"

static int
exit_code(struct vt *v, int ms)
{
	int st;

	if (!vt_wait_exit(v, ms, &st))
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static void
test_two_sessions(void)
{
	struct hs *h = hs_start(NULL);
	char key[600];
	struct vt *a, *b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "suzuki", key, sizeof(key)), 0);
	a = hs_ssh(h, "demo", h->demo_key, 24, 80);
	b = hs_ssh(h, "suzuki", key, 30, 100);
	CU_ASSERT_TRUE(vt_wait_text(a, HS_DEMO_NAME, 10000));
	CU_ASSERT_TRUE(vt_wait_text(b, HS_CLERK_NAME, 10000));
	CU_ASSERT_TRUE(hs_bar_on_row(b, 29, 5000));
	CU_ASSERT_FALSE(vt_has_text(a, HS_CLERK_NAME));
	CU_ASSERT_FALSE(vt_has_text(b, HS_DEMO_NAME));
	/* A key in one session changes only that one. */
	vt_key(a, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(a, "ヘルプ: メニュー", 5000));
	vt_pump(b, 200);
	CU_ASSERT_FALSE(vt_has_text(b, "ヘルプ: メニュー"));
	vt_key(a, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(a, "ヘルプ: メニュー", 5000));
	CU_ASSERT_EQUAL(hs_logout(a), 0);
	/* The other clerk goes on working. */
	vt_key(b, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(b, "ヘルプ: メニュー", 5000));
	vt_key(b, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(b, "ヘルプ: メニュー", 5000));
	CU_ASSERT_EQUAL(hs_logout(b), 0);
	vt_free(a);
	vt_free(b);
	hs_stop(h);
}

/* kill -9 of one session process: its client and UI end, the server and
 * the other session go on, and a new login works. */
static void
test_killed_session(void)
{
	struct hs *h = hs_start(NULL);
	char key[600];
	struct vt *a, *b, *c;
	pid_t pa, ui = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(h, "tanaka", key, sizeof(key)), 0);
	a = hs_ssh(h, "demo", h->demo_key, 24, 80);
	b = hs_ssh(h, "tanaka", key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(a, HS_UI_READY, 10000));
	CU_ASSERT_TRUE_FATAL(vt_wait_text(b, HS_CLERK_NAME, 10000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login clerk demo", NULL));
	pa = hs_log_pid(h, "login clerk demo", &ui);
	CU_ASSERT_FATAL(pa > 0 && pa != h->pid && ui > 0);
	CU_ASSERT_EQUAL(kill(pa, SIGKILL), 0);
	CU_ASSERT_EQUAL(exit_code(a, 5000), 255);
	CU_ASSERT_TRUE(hs_wait_gone(ui, 5000));	/* the UI got SIGHUP */
	CU_ASSERT_TRUE(hs_alive(h->pid));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "killed by signal 9", NULL));
	vt_key(b, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(b, "ヘルプ: メニュー", 5000));
	c = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(c, HS_UI_READY, 10000));
	vt_free(a);
	vt_free(b);
	vt_free(c);
	hs_stop(h);
}

/* The client vanishes (kill -9 of ssh): the session ends, the UI is hung
 * up on and reaped, the logout is logged. */
static void
test_client_vanishes(void)
{
	struct hs *h = hs_start(NULL);
	struct vt *a;
	pid_t pa, ui = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	a = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(a, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login clerk demo", NULL));
	pa = hs_log_pid(h, "login clerk demo", &ui);
	vt_kill(a, SIGKILL);
	CU_ASSERT_TRUE(hs_wait_gone(ui, 5000));
	CU_ASSERT_TRUE(hs_wait_gone(pa, 5000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo",
	    "client disconnected", NULL));
	vt_free(a);
	hs_stop(h);
}

static void
test_ten_failures_cut(void)
{
	struct hs *h = hs_start(NULL);
	char key[600];
	struct vt *v;
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_new_key(h, "guess", key, sizeof(key)), 0);
	for (i = 0; i < 10; i++) {
		v = hs_ssh(h, "demo", key, 24, 80);
		CU_ASSERT_EQUAL(exit_code(v, 10000), 255);
		vt_free(v);
	}
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "source 127.0.0.1 blocked", NULL));
	/* Now even the right key is cut off from this address. */
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_EQUAL(exit_code(v, 10000), 255);
	CU_ASSERT_FALSE(vt_has_text(v, HS_UI_READY));
	vt_free(v);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "connection from 127.0.0.1 cut",
	    NULL));
	hs_stop(h);
}

/* Three refused keys in one connection end it. */
static void
test_tries_per_connection(void)
{
	struct hs *h = hs_start(NULL);
	char k1[600], k2[600], k3[600], *out;
	int st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_new_key(h, "g1", k1, sizeof(k1)) |
	    hs_new_key(h, "g2", k2, sizeof(k2)) |
	    hs_new_key(h, "g3", k3, sizeof(k3)), 0);
	out = test_output(&st, "ssh -F /dev/null -i '%s' -i '%s' -i '%s' "
	    "-i '%s' -p %d -o UserKnownHostsFile=/dev/null -o "
	    "StrictHostKeyChecking=no -o BatchMode=yes -o IdentitiesOnly=yes "
	    "-o LogLevel=ERROR demo@127.0.0.1 true </dev/null 2>&1", k1, k2,
	    k3, h->demo_key, h->port);
	CU_ASSERT_EQUAL(st, 255);
	free(out);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "3 failed authentications, "
	    "disconnecting", NULL));
	CU_ASSERT_FALSE(hs_log_wait(h, 0, "login clerk demo", NULL));
	hs_stop(h);
}

static int
raw_connect(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The demo clerk's session once the server lets this address in again
 * (it may cut connections while earlier ones are still ending). */
static struct vt *
login_retry(struct hs *h)
{
	struct vt *v;
	int i;

	for (i = 0; i < 50; i++) {
		v = hs_ssh(h, "demo", h->demo_key, 24, 80);
		if (vt_wait_text(v, HS_UI_READY, 10000))
			return v;
		vt_free(v);
	}
	return NULL;
}

/* 1 when the server closes fd within ms (what it says is read away). */
static int
closed_by_server(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[512];

	while (poll(&p, 1, ms) > 0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			return 1;
	}
	return 0;
}

static void
test_bad_clients(void)
{
	static const char *const settings[] = { "server.login_grace_s=1",
	    NULL };
	static const struct { const char *data; size_t len; } junk[] = {
		{ "", 0 },
		{ "GET / HTTP/1.0\r\n\r\n", 18 },
		{ "SSH-2.0-junk\r\n\0\0\0\x10garbage-garbage!", 34 },
		{ "SSH-2.0-junk\r\n\xff\xff\xff\xff\xff\xff\xff\xff", 22 },
		{ "SSH-1.5-old\r\n", 13 },
	};
	struct hs *h = hs_start(settings);
	struct vt *v;
	size_t i;
	int fd;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		fd = raw_connect(h->port);
		CU_ASSERT_FATAL(fd != -1);
		if (junk[i].len > 0)
			CU_ASSERT_EQUAL(write(fd, junk[i].data, junk[i].len),
			    (ssize_t)junk[i].len);
		/* Garbage is answered by a close; silence by the grace
		 * timeout (1 s here). */
		CU_ASSERT_TRUE(closed_by_server(fd, 5000));
		close(fd);
	}
	/* Connect and drop at once, many times. */
	for (i = 0; i < 20; i++)
		if ((fd = raw_connect(h->port)) != -1)
			close(fd);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login grace time over", NULL));
	CU_ASSERT_TRUE(hs_alive(h->pid));
	/* Once their processes are gone (until then the address has too
	 * many connections not logged in), a clerk gets in. */
	v = login_retry(h);
	CU_ASSERT_PTR_NOT_NULL(v);
	vt_free(v);
	hs_stop(h);
}

/* The UI ends an idle session itself, with its message, through us. */
/* Ten connections that never log in: the eleventh from that address is
 * cut until they are gone. */
static void
test_max_startups(void)
{
	struct hs *h = hs_start(NULL);
	int fds[10], i;
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	/* The harness's readiness probe is a connection too: let it end. */
	CU_ASSERT_TRUE(hs_wait_children(h, 0, 5000));
	for (i = 0; i < 10; i++)
		CU_ASSERT_FATAL((fds[i] = raw_connect(h->port)) != -1);
	/* All ten accepted: ten session processes wait for a banner. */
	CU_ASSERT_TRUE(hs_wait_children(h, 10, 5000));
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	if ((i = exit_code(v, 10000)) != 255) {
		vt_dump(v, "not cut");
		test_system("cat '%s' >&2", h->log);
	}
	CU_ASSERT_EQUAL(i, 255);
	vt_free(v);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "connection from 127.0.0.1 cut: "
	    "10 connections not logged in", NULL));
	for (i = 0; i < 10; i++)
		close(fds[i]);
	v = login_retry(h);
	CU_ASSERT_PTR_NOT_NULL(v);
	vt_free(v);
	hs_stop(h);
}

static void
test_idle_timeout_ui(void)
{
	static const char *const settings[] = { "session.idle_timeout_s=1",
	    "session.lock_timeout_s=1", NULL };
	struct hs *h = hs_start(settings);
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(vt_wait_text(v, "操作がなかったため、終了しました", 8000));
	CU_ASSERT_EQUAL(exit_code(v, 5000), 0);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo", "logout",
	    NULL));
	vt_free(v);
	hs_stop(h);
}

/* A UI that hangs (stopped here) is ended by the server's own idle limit,
 * server.idle_margin_s after the UI's (its idle lock and the lock's own
 * timeout), with a message. */
static void
test_idle_timeout_server(void)
{
	static const char *const settings[] = { "session.idle_timeout_s=1",
	    "session.lock_timeout_s=1", "server.idle_margin_s=1", NULL };
	struct hs *h = hs_start(settings);
	struct vt *v;
	pid_t ui = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login clerk demo", NULL));
	hs_log_pid(h, "login clerk demo", &ui);
	CU_ASSERT_FATAL(ui > 0);
	kill(ui, SIGSTOP);
	CU_ASSERT_TRUE(vt_wait_text(v, "操作がなかったため接続を終了しました",
	    8000));
	CU_ASSERT_NOT_EQUAL(exit_code(v, 5000), -1);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo",
	    "idle timeout", NULL));
	CU_ASSERT_TRUE(hs_wait_gone(ui, 5000));
	vt_free(v);
	hs_stop(h);
}

/* SIGTERM to the listener: sessions end with a message, UIs are reaped,
 * the listener exits 0. */
static void
test_sigterm(void)
{
	struct hs *h = hs_start(NULL);
	struct vt *v;
	pid_t sp, ui = -1;
	int st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login clerk demo", NULL));
	sp = hs_log_pid(h, "login clerk demo", &ui);
	kill(h->pid, SIGTERM);
	CU_ASSERT_TRUE(vt_wait_text(v, "サーバーを停止するため", 5000));
	CU_ASSERT_NOT_EQUAL(exit_code(v, 5000), -1);
	CU_ASSERT_EQUAL(waitpid(h->pid, &st, 0), h->pid);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	h->pid = 0;
	CU_ASSERT_TRUE(hs_wait_gone(sp, 5000));
	CU_ASSERT_TRUE(hs_wait_gone(ui, 5000));
	vt_free(v);
	hs_stop(h);
}

/* ssh-audit finds nothing to warn about in what we offer. The one line
 * it cannot know, kex-strict-s-v00@openssh.com, is not an algorithm but
 * the strict key exchange marker (the Terrapin countermeasure), newer
 * than Debian 12's ssh-audit 2.5.0. */
static void
test_ssh_audit(void)
{
	struct hs *h = hs_start(NULL);
	char *out, *line, *save = NULL;
	int st, bad = 0, algos = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	out = test_output(&st, "ssh-audit -n -p %d 127.0.0.1 2>&1", h->port);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(kex) curve25519-sha256"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(key) ssh-ed25519"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(enc) chacha20-poly1305"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(mac) hmac-sha2-256-etm"));
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "(kex)", 5) == 0 ||
		    strncmp(line, "(key)", 5) == 0 ||
		    strncmp(line, "(enc)", 5) == 0 ||
		    strncmp(line, "(mac)", 5) == 0)
			algos++;
		if (strncmp(line, "(cve)", 5) == 0 ||
		    ((strstr(line, "[fail]") != NULL ||
		    strstr(line, "[warn]") != NULL) &&
		    strstr(line, "kex-strict-s-v00@openssh.com") == NULL)) {
			fprintf(stderr, "ssh-audit: %s\n", line);
			bad++;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT(algos >= 8);
	free(out);
	hs_stop(h);
}

/* The UI dies by a signal (SIGKILL: a sanitizer build would turn a
 * SIGSEGV into exit status 1): the clerk reads why, the server goes on. */
static void
test_ui_crash(void)
{
	struct hs *h = hs_start(NULL);
	struct vt *v;
	pid_t ui = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "login clerk demo", NULL));
	hs_log_pid(h, "login clerk demo", &ui);
	CU_ASSERT_FATAL(ui > 0);
	kill(ui, SIGKILL);
	CU_ASSERT_TRUE(vt_wait_text(v, "窓口プログラムが異常終了しました", 5000));
	CU_ASSERT_EQUAL(exit_code(v, 5000), 255);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "logout clerk demo", "ui failed",
	    "signal 9", NULL));
	vt_free(v);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 10000));
	vt_free(v);
	hs_stop(h);
}

/* No host key in the state dir: the server makes one (0600) and serves. */
static void
test_hostkey_made(void)
{
	struct hs *h = hs_start(NULL);
	char path[700];
	struct stat sb;
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	kill(h->pid, SIGTERM);
	waitpid(h->pid, NULL, 0);
	snprintf(path, sizeof(path), "%s/ssh", h->state);
	test_system("rm -rf '%s'", path);
	CU_ASSERT_EQUAL_FATAL(hs_launch(h), 0);
	snprintf(path, sizeof(path), "%s/ssh/ssh_host_ed25519_key", h->state);
	CU_ASSERT_EQUAL_FATAL(stat(path, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 0777, 0600);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "made host key", NULL));
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 10000));
	vt_free(v);
	hs_stop(h);
}

/* The database goes missing under a running server: logins are refused
 * with the reason in the log, and the server stays up. */
static void
test_database_gone(void)
{
	struct hs *h = hs_start(NULL);
	struct vt *v;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	test_system("rm -f '%s'/madoguchi.db*", h->state);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_EQUAL(exit_code(v, 10000), 255);
	vt_free(v);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "cannot open the database", NULL));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "database unavailable", NULL));
	CU_ASSERT_TRUE(hs_alive(h->pid));
	hs_stop(h);
}

/* A log directory that cannot be used: a clear message at start. */
static void
test_log_unwritable(void)
{
	struct hs *h = hs_start(NULL);
	char *out;
	int st;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	kill(h->pid, SIGTERM);
	waitpid(h->pid, NULL, 0);
	h->pid = 0;
	test_system("rm -rf '%s/log' && touch '%s/log'", h->state, h->state);
	out = test_output(&st, "'%s' --state '%s' --listen 127.0.0.1:%d 2>&1",
	    test_prog("madoguchi-sshd"), h->state, test_free_port());
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "log/sshd.log"));
	free(out);
	hs_stop(h);
}

static CU_TestInfo robust_tests[] = {
	{ "two sessions at once are independent", test_two_sessions },
	{ "a killed session process harms no other", test_killed_session },
	{ "a vanished client ends its UI", test_client_vanishes },
	{ "ten failed logins from one address are cut",
	  test_ten_failures_cut },
	{ "three refused keys end a connection", test_tries_per_connection },
	{ "ten connections not logged in: the next is cut",
	  test_max_startups },
	{ "dropped and garbage clients leave the server fine",
	  test_bad_clients },
	{ "idle: the UI ends the session through the server",
	  test_idle_timeout_ui },
	{ "idle: a hung UI is ended by the server", test_idle_timeout_server },
	{ "SIGTERM ends sessions cleanly", test_sigterm },
	{ "ssh-audit: no weak algorithms", test_ssh_audit },
	{ "a crashed UI: message, server goes on", test_ui_crash },
	{ "host key made on first start", test_hostkey_made },
	{ "database gone: logins refused, server up", test_database_gone },
	{ "log dir unusable: clear message", test_log_unwritable },
	CU_TEST_INFO_NULL
};
TEST_SUITE(robust, "server.robust", robust_tests)
