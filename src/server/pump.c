/*
 * The session after login: `madoguchi ui` runs on a pty slave in its own
 * session (setsid, controlling tty), started with an environment built here;
 * this process pumps bytes between the SSH channel and the pty master. The
 * master is read only while the channel's window is open (backpressure).
 * SIGCHLD and SIGTERM arrive on a signalfd in the same event loop. It ends
 * on logout (the UI exits: its status goes to the client), when the UI
 * ended a session whose clerk was disabled (status UI_EXIT_CLERK, its own
 * message on the screen), on disconnect (the UI gets SIGHUP), on SIGTERM,
 * and on the idle timeout, with a message. The UI ends idle sessions itself; ours is the backstop for a UI
 * that hangs (session.idle_timeout_s + server.idle_margin_s).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/server.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "sshd.h"

#define PUMP_KILL_MS	2000	/* the UI's time to end after SIGHUP */
#define PUMP_INPUT_MAX	(64 * 1024)	/* keystrokes held for a busy UI */

/* Variables passed on from the server's own environment (not the
 * client's): time zone, debugging, and the CUPS server the print jobs go
 * to (libcups reads it; without it, client.conf). The test switches
 * (util_test_switch_table) and MADOGUCHI_TESTING itself are passed on only
 * when the server was started with MADOGUCHI_TESTING=1. */
static const char *const pump_pass_env[] = {
	"MADOGUCHI_DEBUG", "TZ", "CUPS_SERVER"
};

/* Leave the UI's alternate screen and restore attributes and cursor, so a
 * closing message is readable in the clerk's terminal. */
#define PUMP_TERM_RESET	"\033[0m\033[?1049l\033[?25h\r\n"

static const struct {
	const char	*reason;
	const char	*msg;
} pump_msg_table[] = {
	{ "idle timeout",
	  PUMP_TERM_RESET "操作がなかったため接続を終了しました。"
	  "(idle timeout: session ended)\r\n" },
	{ "server stopping",
	  PUMP_TERM_RESET "サーバーを停止するため接続を終了しました。"
	  "(server stopping: session ended)\r\n" },
	{ "ui failed",
	  PUMP_TERM_RESET "窓口プログラムが異常終了しました。"
	  "(the counter program failed)\r\n" },
};

static void __attribute__((noreturn))
pump_exec_ui(const struct sshd_session *s, int slave)
{
	char *argv[] = { "madoguchi", "ui", "--state", s->conf->state_dir,
	    NULL };
	char *env[24];
	size_t n = 0, i;
	sigset_t none;
	const char *v;
	int sig;

	setsid();
	if (ioctl(slave, TIOCSCTTY, 0) == -1 || dup2(slave, 0) == -1 ||
	    dup2(slave, 1) == -1 || dup2(slave, 2) == -1)
		_exit(127);
	close_range(3, ~0U, 0);
	/* The counter screens never gain privileges: no setuid program
	 * started from them can either. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		_exit(127);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	env[n++] = xasprintf("%s=%s", SERVER_ENV_CLERK, s->clerk.login);
	env[n++] = xasprintf("%s=%s", SERVER_ENV_SESSION, s->id);
	env[n++] = xasprintf("%s=%s", SERVER_ENV_STATE, s->conf->state_dir);
	env[n++] = xasprintf("TERM=%s", s->term);
	env[n++] = "LANG=C.UTF-8";
	env[n++] = "LC_ALL=C.UTF-8";
	env[n++] = "PATH=/usr/local/bin:/usr/bin:/bin";
	for (i = 0; i < nitems(pump_pass_env); i++)
		if ((v = getenv(pump_pass_env[i])) != NULL)
			env[n++] = xasprintf("%s=%s", pump_pass_env[i], v);
	if (util_testing()) {
		env[n++] = xasprintf("%s=1", UTIL_ENV_TESTING);
		for (i = 0; util_test_switch_table[i] != NULL &&
		    n < nitems(env) - 1; i++)
			if ((v = util_test_switch(util_test_switch_table[i])) !=
			    NULL)
				env[n++] = xasprintf("%s=%s",
				    util_test_switch_table[i], v);
	}
	env[n] = NULL;
	execve(s->conf->ui_path, argv, env);
	dprintf(2, "\r\n窓口プログラムを起動できません。"
	    "(cannot start %s: %s)\r\n", s->conf->ui_path, strerror(errno));
	_exit(127);
}

/* Keystrokes to the UI's pty. What the pty cannot take now waits in
 * s->in (flushed when the master is writable again), in order; past
 * PUMP_INPUT_MAX it stays in libssh's channel buffer. Before the UI runs
 * and after it is gone, input is dropped. */
size_t
sshd_pump_input(struct sshd_session *s, const void *data, size_t len)
{
	ssize_t n = 0;
	size_t keep;

	if (s->master < 0 || s->master_eof)
		return len;
	s->last_input_ms = util_now_ms();
	if (s->inlen == 0) {
		n = write(s->master, data, len);
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return len;
		if (n < 0)
			n = 0;
		if ((size_t)n == len)
			return len;
	}
	keep = len - n;
	if (keep > PUMP_INPUT_MAX - s->inlen)
		keep = PUMP_INPUT_MAX - s->inlen;
	if (s->inlen + keep > s->incap) {
		s->incap = s->inlen + keep;
		s->in = xreallocarray(s->in, s->incap, 1);
	}
	memcpy(s->in + s->inlen, (const char *)data + n, keep);
	s->inlen += keep;
	return n + keep;
}

static void
pump_flush_input(struct sshd_session *s)
{
	ssize_t n = write(s->master, s->in, s->inlen);

	if (n > 0) {
		memmove(s->in, s->in + n, s->inlen - n);
		s->inlen -= n;
	} else if (n < 0 && errno != EAGAIN && errno != EINTR)
		s->inlen = 0;
}

/* The UI's output to the client, as much as the window allows; held
 * keystrokes to the UI when the pty takes them again. */
static int
pump_master_cb(socket_t fd, int revents, void *ud)
{
	struct sshd_session *s = ud;
	char buf[16384];
	uint32_t win = ssh_channel_window_size(s->chan);
	ssize_t n;

	if ((revents & POLLOUT) && s->inlen > 0)
		pump_flush_input(s);
	if (!(revents & (POLLIN | POLLHUP | POLLERR)) || win == 0 ||
	    s->master_eof)
		return 0;
	n = read(fd, buf, win < sizeof(buf) ? win : sizeof(buf));
	if (n > 0)
		ssh_channel_write(s->chan, buf, (uint32_t)n);
	else if (n == 0 || (errno != EAGAIN && errno != EINTR))
		s->master_eof = 1;	/* EIO: every slave fd is closed */
	return 0;
}

static void
pump_reap(struct sshd_session *s)
{
	int st;

	if (!s->ui_exited && waitpid(s->ui_pid, &st, WNOHANG) == s->ui_pid) {
		s->ui_exited = 1;
		s->ui_status = st;
	}
}

static int
pump_signal_cb(socket_t fd, int revents, void *ud)
{
	struct sshd_session *s = ud;
	struct signalfd_siginfo si;

	(void)revents;
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			pump_reap(s);
		else
			s->stop = 1;
	}
	return 0;
}

/* After the UI ended: what it printed last still goes out. */
static void
pump_drain(struct sshd_session *s)
{
	while (!s->master_eof && ssh_channel_window_size(s->chan) > 0) {
		struct pollfd p = { .fd = s->master, .events = POLLIN };

		if (poll(&p, 1, 0) <= 0)
			break;
		pump_master_cb(s->master, p.revents, s);
	}
}

/* Why the UI ended, by its wait status. The UI said the rest to the
 * clerk itself (a clerk stopped: the reason, after its screen). */
static const char *
pump_ui_ended(int status)
{
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return "ui failed";
	return WEXITSTATUS(status) == UI_EXIT_CLERK ? "clerk stopped" :
	    "logout";
}

/* The loop; returns why it ended. */
static const char *
pump_loop(struct sshd_session *s)
{
	short added = 0;

	for (;;) {
		short want = s->master_eof ? 0 :
		    (ssh_channel_window_size(s->chan) > 0 ? POLLIN : 0) |
		    (s->inlen > 0 ? POLLOUT : 0);
		int64_t idle_left = s->idle_s * 1000 -
		    (util_now_ms() - s->last_input_ms);
		int rc;

		/* Not from inside a callback: libssh's poll loop would
		 * touch the removed entry. */
		if (want != added) {
			if (added)
				ssh_event_remove_fd(s->event, s->master);
			if (want)
				ssh_event_add_fd(s->event, s->master, want,
				    pump_master_cb, s);
			added = want;
		}
		if (s->idle_s > 0 && idle_left <= 0)
			return "idle timeout";
		rc = ssh_event_dopoll(s->event, s->idle_s > 0 ?
		    (int)(idle_left < 60000 ? idle_left : 60000) : 60000);
		if (s->ui_exited) {
			pump_drain(s);
			return pump_ui_ended(s->ui_status);
		}
		if (rc == SSH_ERROR || sshd_session_gone(s))
			return "client disconnected";
		if (s->chan_closed)
			return "client closed the session";
		if (s->stop)
			return "server stopping";
	}
}

/* The UI still runs: hang up on it (its whole session), then kill it. */
static void
pump_end_ui(struct sshd_session *s, int sigfd)
{
	int64_t deadline = util_now_ms() + PUMP_KILL_MS;

	if (s->ui_exited)
		return;
	/* As a tty hangup does: SIGHUP, and SIGCONT for a stopped UI. */
	kill(-s->ui_pid, SIGHUP);
	kill(s->ui_pid, SIGHUP);
	kill(-s->ui_pid, SIGCONT);
	while (!s->ui_exited && util_now_ms() < deadline) {
		struct pollfd p = { .fd = sigfd, .events = POLLIN };

		/* Keep reading the master so a blocked write cannot hold
		 * the UI up; what it prints now is dropped. */
		if (s->master >= 0 && !s->master_eof) {
			char buf[4096];

			while (read(s->master, buf, sizeof(buf)) > 0)
				;
		}
		if (poll(&p, 1, 50) > 0)
			pump_signal_cb(sigfd, POLLIN, s);
		pump_reap(s);
	}
	if (!s->ui_exited) {
		log_warnx("the UI did not end after SIGHUP; killing it");
		kill(-s->ui_pid, SIGKILL);
		kill(s->ui_pid, SIGKILL);
		if (waitpid(s->ui_pid, &s->ui_status, 0) == s->ui_pid)
			s->ui_exited = 1;
	}
}

/* Tell a still-connected client why, its exit status, and close. */
static void
pump_goodbye(struct sshd_session *s, const char *reason)
{
	size_t i;
	int code = 255;

	if (sshd_session_gone(s) || s->chan_closed)
		return;
	for (i = 0; i < nitems(pump_msg_table); i++)
		if (strcmp(reason, pump_msg_table[i].reason) == 0)
			ssh_channel_write(s->chan, pump_msg_table[i].msg,
			    strlen(pump_msg_table[i].msg));
	if (s->ui_exited && WIFEXITED(s->ui_status) &&
	    (strcmp(reason, "logout") == 0 ||
	    strcmp(reason, "clerk stopped") == 0))
		code = WEXITSTATUS(s->ui_status);
	ssh_channel_request_send_exit_status(s->chan, code);
	ssh_channel_send_eof(s->chan);
	ssh_channel_close(s->chan);
	sshd_session_wait_closed(s, 2000);
}

static int
pump_start_ui(struct sshd_session *s, int *sigfd)
{
	struct winsize ws = { .ws_row = s->rows, .ws_col = s->cols };
	sigset_t set;
	int slave;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	*sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (*sigfd == -1 || openpty(&s->master, &slave, NULL, NULL, &ws) == -1) {
		log_warn("pty for %s", s->peer);
		return -1;
	}
	s->ui_pid = fork();
	if (s->ui_pid == -1) {
		log_warn("fork of the UI");
		close(slave);
		return -1;
	}
	if (s->ui_pid == 0)
		pump_exec_ui(s, slave);
	close(slave);
	fcntl(s->master, F_SETFL, fcntl(s->master, F_GETFL) | O_NONBLOCK);
	fcntl(s->master, F_SETFD, FD_CLOEXEC);
	return 0;
}

int
sshd_pump_run(struct sshd_session *s)
{
	const char *reason;
	int sigfd = -1;

	if (pump_start_ui(s, &sigfd) == -1) {
		pump_goodbye(s, "ui failed");
		return SSHD_EXIT_ERROR;
	}
	log_info("login clerk %s (%s, %s) key %s from %s client %.64s term %s "
	    "size %dx%d ui pid %ld", s->clerk.login, s->clerk.role,
	    s->clerk.window, s->fpr, s->peer,
	    ssh_get_clientbanner(s->ssh) != NULL ?
	    ssh_get_clientbanner(s->ssh) : "?", s->term, s->cols, s->rows,
	    (long)s->ui_pid);
	s->last_input_ms = util_now_ms();
	ssh_set_blocking(s->ssh, 0);
	ssh_event_add_fd(s->event, sigfd, POLLIN, pump_signal_cb, s);
	reason = pump_loop(s);
	ssh_event_remove_fd(s->event, sigfd);
	ssh_event_remove_fd(s->event, s->master);
	pump_end_ui(s, sigfd);
	ssh_set_blocking(s->ssh, 1);
	pump_goodbye(s, reason);
	log_info("logout clerk %s from %s after %llds: %s (ui %s %d)",
	    s->clerk.login, s->peer,
	    (long long)(util_now_ms() - s->start_ms) / 1000, reason,
	    WIFSIGNALED(s->ui_status) ? "signal" : "status",
	    WIFSIGNALED(s->ui_status) ? WTERMSIG(s->ui_status) :
	    WEXITSTATUS(s->ui_status));
	close(s->master);
	close(sigfd);
	free(s->in);
	return SSHD_EXIT_OK;
}
