/*
 * Logging in over SSH with OpenSSH's client: the clerk's session shows up
 * on the screen, typing reaches the UI, the UI's exit status comes back;
 * refused keys, disabled clerks, sessions without a pty and commands are
 * refused with a reason in the log or on the client.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "harness.h"

static struct hs *hs;

static int
login_init(void)
{
	return (hs = hs_start(NULL)) == NULL;
}

static int
login_cleanup(void)
{
	hs_stop(hs);
	return 0;
}

static int
exited_with(struct vt *v, int code)
{
	int st;

	if (!vt_wait_exit(v, 10000, &st)) {
		vt_dump(v, "client did not exit");
		return 0;
	}
	return WIFEXITED(st) && WEXITSTATUS(st) == code;
}

static void
test_login_demo(void)
{
	struct vt *v = hs_ssh(hs, "demo", hs->demo_key, 24, 80);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	if (!vt_wait_text(v, HS_UI_READY, 10000))
		vt_dump(v, "no menu");
	CU_ASSERT_TRUE(vt_has_text(v, HS_UI_READY));
	CU_ASSERT_TRUE(vt_has_text(v, HS_DEMO_NAME));
	CU_ASSERT_TRUE(hs_bar_on_row(v, 23, 5000));
	/* The UI runs unable to gain privileges (no_new_privs). */
	{
		pid_t ui = -1;
		char *out;
		int st;

		hs_log_pid(hs, "login clerk demo", &ui);
		CU_ASSERT_TRUE_FATAL(ui > 0);
		out = test_output(&st, "grep '^NoNewPrivs:' /proc/%ld/status",
		    (long)ui);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "NoNewPrivs:\t1"));
		free(out);
	}
	/* Typing reaches the UI: F1 opens the menu's help. */
	vt_key(v, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: メニュー", 5000));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", 5000));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "login clerk demo", "key SHA256:",
	    "from 127.0.0.1", "client SSH-2.0-OpenSSH", "term xterm-256color",
	    "size 80x24", NULL));
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "logout clerk demo", "logout",
	    "status 0", NULL));
	vt_free(v);
}

static void
test_unknown_key(void)
{
	char key[600];
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(hs_new_key(hs, "stranger", key, sizeof(key)), 0);
	v = hs_ssh(hs, "demo", key, 24, 80);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(exited_with(v, 255));
	CU_ASSERT_FALSE(vt_has_text(v, HS_UI_READY));
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "auth refused", "user demo",
	    "unknown key", NULL));
	vt_free(v);
}

static void
test_disabled_clerk(void)
{
	char key[600];
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(hs_add_clerk(hs, "sato", key, sizeof(key)), 0);
	/* Enabled: the clerk gets in. */
	v = hs_ssh(hs, "sato", key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_CLERK_NAME, 10000));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' clerk disable sato --state "
	    "'%s' >/dev/null", test_prog("madoguchi"), hs->state), 0);
	v = hs_ssh(hs, "sato", key, 24, 80);
	CU_ASSERT_TRUE(exited_with(v, 255));
	CU_ASSERT_FALSE(vt_has_text(v, HS_UI_READY));
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "auth refused", "user sato",
	    "clerk disabled", NULL));
	vt_free(v);
}

static void
test_key_of_other_clerk(void)
{
	struct vt *v = hs_ssh(hs, "root", hs->demo_key, 24, 80);

	CU_ASSERT_TRUE(exited_with(v, 255));
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "user root",
	    "key belongs to another clerk", NULL));
	vt_free(v);
}

static void
test_no_pty(void)
{
	char *out;
	int st;

	out = test_output(&st, "ssh -T -F /dev/null -i '%s' -p %d -o "
	    "UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o "
	    "BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR "
	    "demo@127.0.0.1 </dev/null 2>&1", hs->demo_key, hs->port);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ssh -t"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "端末が必要です"));
	CU_ASSERT_PTR_NULL(strstr(out, HS_UI_READY));
	free(out);
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "refused a session without a "
	    "terminal", NULL));
}

static void
test_exec_refused(void)
{
	char *out;
	int st;

	out = test_output(&st, "ssh -F /dev/null -i '%s' -p %d -o "
	    "UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o "
	    "BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR "
	    "demo@127.0.0.1 'echo pwned' </dev/null 2>&1", hs->demo_key,
	    hs->port);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NULL(strstr(out, "pwned"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "commands"));
	free(out);
	out = test_output(&st, "ssh -F /dev/null -i '%s' -p %d -o "
	    "UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o "
	    "BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR -s "
	    "demo@127.0.0.1 sftp </dev/null 2>&1", hs->demo_key, hs->port);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "commands"));
	free(out);
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "refused subsystem sftp", NULL));
}

static void
test_password_refused(void)
{
	char *out;
	int st;

	out = test_output(&st, "ssh -F /dev/null -p %d -o "
	    "UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o "
	    "BatchMode=yes -o PubkeyAuthentication=no -o LogLevel=ERROR "
	    "demo@127.0.0.1 true </dev/null 2>&1", hs->port);
	CU_ASSERT_EQUAL(st, 255);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "(publickey)"));
	free(out);
}

/* The UI lays itself out for the new size, and says so when the window
 * is too small. */
static void
test_resize(void)
{
	struct vt *v = hs_ssh(hs, "demo", hs->demo_key, 24, 80);

	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	vt_resize(v, 30, 100);
	CU_ASSERT_TRUE(hs_bar_on_row(v, 29, 5000));
	vt_resize(v, 23, 79);
	CU_ASSERT_TRUE(vt_wait_text(v, "端末が小さすぎます", 5000));
	vt_resize(v, 24, 80);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 5000));
	CU_ASSERT_TRUE(hs_bar_on_row(v, 23, 5000));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_keygen(void)
{
	char key[600];
	struct stat sb;

	CU_ASSERT_EQUAL_FATAL(hs_new_key(hs, "kg", key, sizeof(key)), 0);
	CU_ASSERT_EQUAL(stat(key, &sb), 0);
	CU_ASSERT_EQUAL(sb.st_mode & 0777, 0600);
	/* OpenSSH reads it and derives the same public key line. */
	CU_ASSERT_EQUAL(test_system("bash -c \"cmp <(ssh-keygen -y -f '%s' | "
	    "cut -d' ' -f1,2) <(cut -d' ' -f1,2 '%s.pub')\"", key, key), 0);
	/* An existing key is never overwritten. */
	CU_ASSERT_NOT_EQUAL(test_system("'%s' --keygen '%s' 2>/dev/null",
	    test_prog("madoguchi-sshd"), key), 0);
}

static void
test_missing_state(void)
{
	char *out;
	int st;

	out = test_output(&st, "'%s' --state /nonexistent/madoguchi "
	    "--listen 127.0.0.1:1 2>&1", test_prog("madoguchi-sshd"));
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "/nonexistent/madoguchi"));
	free(out);
	out = test_output(&st, "d=$(mktemp -d); '%s' --state $d --listen "
	    "127.0.0.1:1 --ui /bin/true 2>&1; st=$?; rmdir $d; exit $st",
	    test_prog("madoguchi-sshd"));
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "madoguchi init"));
	free(out);
}

/* Port forwarding either way is refused: -R is answered with a failure,
 * and a -L tunnel carries nothing (here it would reach our own banner). */
static void
test_forwarding_refused(void)
{
	char *out;
	int st, lport = test_free_port();

	out = test_output(&st, "ssh -N -F /dev/null -i '%s' -p %d -o "
	    "UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o "
	    "BatchMode=yes -o IdentitiesOnly=yes -o ExitOnForwardFailure=yes "
	    "-R 0:127.0.0.1:1 demo@127.0.0.1 </dev/null 2>&1", hs->demo_key,
	    hs->port);
	CU_ASSERT_EQUAL(st, 255);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "forwarding failed"));
	free(out);
	out = test_output(&st, "bash -c 'ssh -N -F /dev/null -i \"%s\" -p %d "
	    "-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no "
	    "-o BatchMode=yes -o IdentitiesOnly=yes -o LogLevel=ERROR "
	    "-L %d:127.0.0.1:%d demo@127.0.0.1 </dev/null & pid=$!; "
	    "for i in $(seq 100); do if exec 3<>/dev/tcp/127.0.0.1/%d; then "
	    "echo tunnel-up; break; fi; sleep 0.05; done 2>/dev/null; "
	    "timeout 2 head -c 17 <&3; "
	    "kill $pid; wait $pid' 2>/dev/null", hs->demo_key, hs->port,
	    lport, hs->port, lport);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "tunnel-up"));
	CU_ASSERT_PTR_NULL(strstr(out, "SSH-2.0-Madoguchi"));
	free(out);
}

/* A TERM that is no terminfo name never reaches the UI. */
static void
test_term_sanitised(void)
{
	char port[16];
	char *argv[] = { "ssh", "-tt", "-F", "/dev/null", "-i", hs->demo_key,
	    "-p", port, "-o", "UserKnownHostsFile=/dev/null",
	    "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
	    "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR",
	    "demo@127.0.0.1", NULL };
	char *env[] = { "TERM=../../tmp/evil", NULL };
	struct vt *v;

	snprintf(port, sizeof(port), "%d", hs->port);
	v = vt_spawn(24, 80, argv, env);
	CU_ASSERT_TRUE(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "login clerk demo",
	    "term xterm-256color", NULL));
	CU_ASSERT_FALSE(hs_log_wait(hs, 0, "evil", NULL));
	vt_free(v);
}

/* The port is taken: a clear message and exit status 1. */
static void
test_port_busy(void)
{
	char *out;
	int st;

	out = test_output(&st, "'%s' --state '%s' --listen 127.0.0.1:%d "
	    "--foreground 2>&1", test_prog("madoguchi-sshd"), hs->state,
	    hs->port);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "cannot listen on 127.0.0.1"));
	free(out);
}

static CU_TestInfo login_tests[] = {
	{ "demo clerk logs in, types, logs out", test_login_demo },
	{ "unknown key refused", test_unknown_key },
	{ "disabled clerk refused", test_disabled_clerk },
	{ "a clerk's key for another user refused", test_key_of_other_clerk },
	{ "session without a pty refused with a message", test_no_pty },
	{ "commands and subsystems refused", test_exec_refused },
	{ "password authentication refused", test_password_refused },
	{ "window changes reach the UI", test_resize },
	{ "--keygen writes a key OpenSSH reads", test_keygen },
	{ "missing state dir: clear message", test_missing_state },
	{ "a strange TERM is replaced", test_term_sanitised },
	{ "port forwarding refused", test_forwarding_refused },
	{ "port in use: clear message", test_port_busy },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(login, "server.login", login_init, login_cleanup,
    login_tests)
