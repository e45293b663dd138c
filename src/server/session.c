/*
 * One connection's child before the UI starts: the key exchange with only
 * the algorithms main.c set, public-key authentication against the clerks
 * table (opened here, after the fork, and closed before the UI starts), and
 * the session channel's requests. A pty is required; exec, subsystems,
 * forwarding and environment requests are refused. A login grace alarm
 * (SIGALRM, default action) bounds everything up to the shell request.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#include <libssh/callbacks.h>

#include "madoguchi/server.h"
#include "madoguchi/util.h"
#include "sshd.h"

#define SESSION_MSG_NO_PTY \
	"Madoguchi needs a terminal: connect with ssh -t (or PuTTY, " \
	"Tera Term).\r\n" \
	"窓口システムには端末が必要です。ssh -t で接続してください。\r\n"
#define SESSION_MSG_NO_EXEC \
	"Madoguchi runs only its counter screens: commands, file transfer " \
	"and forwarding are refused.\r\n" \
	"窓口システムではコマンドの実行やファイル転送はできません。\r\n"

enum { SESSION_REFUSED_NOPTY = 1, SESSION_REFUSED_EXEC };

static void
session_make_id(struct sshd_session *s)
{
	unsigned char r[8];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		fatal("getrandom");
	for (i = 0; i < sizeof(r); i++)
		snprintf(s->id + 2 * i, 3, "%02x", r[i]);
}

static void
session_peer(struct sshd_session *s, const struct sockaddr_storage *ss)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;

		inet_ntop(AF_INET, &in->sin_addr, addr, sizeof(addr));
		port = ntohs(in->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)ss;

		inet_ntop(AF_INET6, &in6->sin6_addr, addr, sizeof(addr));
		port = ntohs(in6->sin6_port);
	}
	snprintf(s->peer, sizeof(s->peer), "%s port %d", addr, port);
}

/* Low latency for keystrokes; keepalives find vanished clients. */
static void
session_tune_socket(int fd)
{
	int one = 1, idle = 60, intvl = 15, cnt = 4;
	unsigned int utimeout = 120 * 1000;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
	setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
	setsockopt(fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &utimeout,
	    sizeof(utimeout));
}

static struct store *
session_store(struct sshd_session *s)
{
	char err[256];

	if (s->store == NULL) {
		s->store = store_open(s->conf->state_dir, 0, err, sizeof(err));
		if (s->store == NULL)
			log_warnx("cannot open the database: %s", err);
	}
	return s->store;
}

void
sshd_report(struct sshd_session *s, enum sshd_report_kind kind,
    const char *login, const char *fpr)
{
	struct sshd_report r = { .pid = (int32_t)getpid(), .kind = kind };

	strlcpy_m(r.login, login != NULL ? login : "", sizeof(r.login));
	strlcpy_m(r.fpr, fpr != NULL ? fpr : "", sizeof(r.fpr));
	(void)!write(s->report_fd, &r, sizeof(r));
}

/* A refused attempt: logged, counted here and reported to the listener,
 * and remembered (the first few) to be forgiven if this connection then
 * logs in: a clerk's agent offering other keys first is no attack. */
static void
session_refuse(struct sshd_session *s, const char *user, const char *key,
    const char *why)
{
	if (s->failures < SESSION_FAILS_KEPT) {
		strlcpy_m(s->fail[s->failures].login, user,
		    sizeof(s->fail[0].login));
		strlcpy_m(s->fail[s->failures].fpr, key,
		    sizeof(s->fail[0].fpr));
	}
	s->failures++;
	sshd_report(s, SSHD_REPORT_FAIL, user, key);
	log_info("auth refused: user %.32s key %s from %s: %s (%d of %ld)",
	    user, key, s->peer, why, s->failures, s->max_tries);
}

/* Logged in as user: the failures before it under that same login were
 * the clerk's own (other keys offered first). Failures under another
 * login stay counted: a clerk's key must not buy guesses at others. */
static void
session_forgive(struct sshd_session *s, const char *user)
{
	char login[SSHD_REPORT_LOGIN_MAX];
	int i;

	sshd_report(s, SSHD_REPORT_AUTH, NULL, NULL);
	strlcpy_m(login, user, sizeof(login));
	for (i = 0; i < s->failures && i < SESSION_FAILS_KEPT; i++)
		if (strcmp(s->fail[i].login, login) == 0)
			sshd_report(s, SSHD_REPORT_FORGIVE, s->fail[i].login,
			    s->fail[i].fpr);
}

static void
session_fingerprint(ssh_key key, char *buf, size_t size)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *f;

	snprintf(buf, size, "?");
	if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != SSH_OK)
		return;
	if ((f = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
	    hlen)) != NULL) {
		strlcpy_m(buf, f, size);
		ssh_string_free_char(f);
	}
	ssh_clean_pubkey_hash(&hash);
}

/* 0 and *c when the key is a clerk's, else why not in *why. */
static int
session_lookup(struct sshd_session *s, const char *user, ssh_key key,
    struct store_clerk *c, const char **why)
{
	struct store *st = session_store(s);
	char *b64 = NULL;
	int rc;

	*why = "database unavailable";
	if (st == NULL || ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK)
		return -1;
	rc = store_clerk_by_key(st, ssh_key_type_to_char(ssh_key_type(key)),
	    b64, c);
	ssh_string_free_char(b64);
	if (rc == -1)
		log_warnx("clerk lookup: %s", store_errmsg(st));
	else if (rc == 1)
		*why = "unknown key";
	else if (c->disabled)
		*why = "clerk disabled";
	else if (strcmp(user, c->login) != 0)
		*why = "key belongs to another clerk";
	else
		return 0;
	return -1;
}

/* Runs twice per key: state NONE asks "would you accept this key", VALID
 * comes with a checked signature. Only VALID logs the clerk in. */
static int
session_auth_pubkey_cb(ssh_session ssh, const char *user,
    struct ssh_key_struct *key, char state, void *ud)
{
	struct sshd_session *s = ud;
	struct store_clerk c;
	const char *why = "bad signature";
	char fpr[96];

	(void)ssh;
	session_fingerprint(key, fpr, sizeof(fpr));
	if (s->authenticated)
		return SSH_AUTH_DENIED;
	if ((state == SSH_PUBLICKEY_STATE_NONE ||
	    state == SSH_PUBLICKEY_STATE_VALID) &&
	    session_lookup(s, user, key, &c, &why) == 0) {
		if (sshd_limits_locked(user, fpr)) {
			why = "login or key locked after failed logins";
			goto refuse;
		}
		if (state == SSH_PUBLICKEY_STATE_NONE)
			return SSH_AUTH_SUCCESS;
		s->authenticated = 1;
		s->clerk = c;
		session_forgive(s, user);
		strlcpy_m(s->fpr, fpr, sizeof(s->fpr));
		log_set_context("session=%s clerk=%s", s->id, c.login);
		return SSH_AUTH_SUCCESS;
	}
refuse:
	session_refuse(s, user, fpr, why);
	return SSH_AUTH_DENIED;
}

static int
session_auth_password_cb(ssh_session ssh, const char *user,
    const char *password, void *ud)
{
	(void)ssh;
	(void)password;
	session_refuse(ud, user, "-", "password authentication is off");
	return SSH_AUTH_DENIED;
}

/* Whatever no callback took: count keyboard-interactive as a failure, and
 * let libssh refuse everything (forwarding, other channel types). */
static int
session_message_cb(ssh_session ssh, ssh_message msg, void *ud)
{
	(void)ssh;
	if (ssh_message_type(msg) == SSH_REQUEST_AUTH &&
	    ssh_message_subtype(msg) == SSH_AUTH_METHOD_INTERACTIVE)
		session_refuse(ud, ssh_message_auth_user(msg), "-",
		    "keyboard-interactive authentication is off");
	return 1;
}

/* TERM as the client sent it, if it is a plain name terminfo knows. */
static void
session_set_term(struct sshd_session *s, const char *term)
{
	const char *dirs[] = { "/usr/share/terminfo", "/lib/terminfo",
	    "/etc/terminfo" };
	char path[256];
	size_t i, n = strlen(term);

	strlcpy_m(s->term, "xterm-256color", sizeof(s->term));
	if (n == 0 || n >= 48 || strspn(term, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_") != n)
		return;
	for (i = 0; i < nitems(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%c/%s", dirs[i], term[0],
		    term);
		if (access(path, R_OK) == 0) {
			strlcpy_m(s->term, term, sizeof(s->term));
			return;
		}
	}
}

static void
session_set_size(struct sshd_session *s, int cols, int rows)
{
	s->cols = cols > 0 && cols <= 1000 ? cols : 80;
	s->rows = rows > 0 && rows <= 1000 ? rows : 24;
}

static int
session_pty_cb(ssh_session ssh, ssh_channel ch, const char *term, int cols,
    int rows, int pxw, int pxh, void *ud)
{
	struct sshd_session *s = ud;

	(void)ssh, (void)ch, (void)pxw, (void)pxh;
	if (s->pty || s->shell)
		return -1;
	s->pty = 1;
	session_set_term(s, term);
	session_set_size(s, cols, rows);
	return 0;
}

static int
session_winch_cb(ssh_session ssh, ssh_channel ch, int cols, int rows,
    int pxw, int pxh, void *ud)
{
	struct sshd_session *s = ud;
	struct winsize ws;

	(void)ssh, (void)ch, (void)pxw, (void)pxh;
	session_set_size(s, cols, rows);
	if (s->master >= 0) {
		ws = (struct winsize){ .ws_row = s->rows, .ws_col = s->cols };
		if (ioctl(s->master, TIOCSWINSZ, &ws) == -1)
			log_warn("window size");
	}
	return 0;
}

static int
session_shell_cb(ssh_session ssh, ssh_channel ch, void *ud)
{
	struct sshd_session *s = ud;

	(void)ssh, (void)ch;
	if (s->shell || s->refused)
		return 1;
	if (!s->pty)
		s->refused = SESSION_REFUSED_NOPTY;
	else
		s->shell = 1;
	return 0;
}

/* Commands and subsystems are accepted only to be answered with a
 * message and exit status 1: an outright refusal makes OpenSSH's client
 * exit before it prints anything we sent. */
static int
session_exec_cb(ssh_session ssh, ssh_channel ch, const char *cmd, void *ud)
{
	struct sshd_session *s = ud;

	(void)ssh, (void)ch, (void)cmd;
	if (s->shell || s->refused)
		return 1;
	log_info("refused a command request from %s", s->peer);
	s->refused = SESSION_REFUSED_EXEC;
	return 0;
}

static int
session_subsystem_cb(ssh_session ssh, ssh_channel ch, const char *name,
    void *ud)
{
	struct sshd_session *s = ud;

	(void)ssh, (void)ch;
	if (s->shell || s->refused)
		return 1;
	log_info("refused subsystem %.32s from %s", name, s->peer);
	s->refused = SESSION_REFUSED_EXEC;
	return 0;
}

static int
session_env_cb(ssh_session ssh, ssh_channel ch, const char *name,
    const char *value, void *ud)
{
	(void)ssh, (void)ch, (void)name, (void)value, (void)ud;
	return 1;	/* the UI's environment is ours, not the client's */
}

/* Keystrokes to the UI (pump.c); we return how much was taken. */
static int
session_data_cb(ssh_session ssh, ssh_channel ch, void *data, uint32_t len,
    int is_stderr, void *ud)
{
	(void)ssh, (void)ch, (void)is_stderr;
	return (int)sshd_pump_input(ud, data, len);
}

static void
session_close_cb(ssh_session ssh, ssh_channel ch, void *ud)
{
	(void)ssh, (void)ch;
	((struct sshd_session *)ud)->chan_closed = 1;
}

static struct ssh_channel_callbacks_struct session_chan_cb = {
	.channel_data_function = session_data_cb,
	.channel_close_function = session_close_cb,
	.channel_pty_request_function = session_pty_cb,
	.channel_shell_request_function = session_shell_cb,
	.channel_pty_window_change_function = session_winch_cb,
	.channel_exec_request_function = session_exec_cb,
	.channel_env_request_function = session_env_cb,
	.channel_subsystem_request_function = session_subsystem_cb,
};

/* One session channel per connection, after authentication only. */
static ssh_channel
session_open_cb(ssh_session ssh, void *ud)
{
	struct sshd_session *s = ud;

	if (!s->authenticated || s->chan != NULL)
		return NULL;
	s->chan = ssh_channel_new(ssh);
	session_chan_cb.userdata = s;
	ssh_callbacks_init(&session_chan_cb);
	ssh_set_channel_callbacks(s->chan, &session_chan_cb);
	return s->chan;
}

static struct ssh_server_callbacks_struct session_srv_cb = {
	.auth_pubkey_function = session_auth_pubkey_cb,
	.auth_password_function = session_auth_password_cb,
	.channel_open_request_session_function = session_open_cb,
};

int
sshd_session_gone(struct sshd_session *s)
{
	return !ssh_is_connected(s->ssh) ||
	    (ssh_get_status(s->ssh) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0;
}

/* Poll until the client asked for a shell, gave up, or ran out of tries. */
static int
session_until_shell(struct sshd_session *s)
{
	while (!s->shell && !s->refused) {
		if (ssh_event_dopoll(s->event, 1000) == SSH_ERROR ||
		    sshd_session_gone(s) || s->chan_closed) {
			log_info("%s left before the session started%s",
			    s->peer, s->authenticated ? "" : " (not logged in)");
			return s->authenticated ? SSHD_EXIT_OK : SSHD_EXIT_AUTH;
		}
		if (s->failures >= s->max_tries) {
			log_info("%s: %d failed authentications, disconnecting",
			    s->peer, s->failures);
			return SSHD_EXIT_AUTH;
		}
	}
	return -1;
}

/* A session we do not serve (no pty, a command): say why, and end it. */
static void
session_refuse_channel(struct sshd_session *s)
{
	const char *msg = s->refused == SESSION_REFUSED_NOPTY ?
	    SESSION_MSG_NO_PTY : SESSION_MSG_NO_EXEC;

	if (s->refused == SESSION_REFUSED_NOPTY)
		log_info("refused a session without a terminal from %s",
		    s->peer);
	ssh_channel_write_stderr(s->chan, msg, strlen(msg));
	ssh_channel_request_send_exit_status(s->chan, 1);
	ssh_channel_send_eof(s->chan);
	ssh_channel_close(s->chan);
}

void
sshd_session_wait_closed(struct sshd_session *s, int ms)
{
	int64_t deadline = util_now_ms() + ms;

	while (!s->chan_closed && !sshd_session_gone(s) &&
	    util_now_ms() < deadline)
		if (ssh_event_dopoll(s->event, 100) == SSH_ERROR)
			break;
}

static void
session_setup(struct sshd_session *s, const struct sshd_conf *conf,
    int fd, const struct sockaddr_storage *ss, int report_fd)
{
	sshd_limits_child();
	s->conf = conf;
	s->report_fd = report_fd;
	s->master = -1;
	s->start_ms = util_now_ms();
	session_make_id(s);
	session_peer(s, ss);
	log_set_context("session=%s", s->id);
	signal(SIGALRM, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	alarm(conf->login_grace_s > 0 ? (unsigned)conf->login_grace_s : 30);
	session_tune_socket(fd);
	s->max_tries = SERVER_DEF_AUTH_MAX_TRIES;
	if (session_store(s) != NULL) {
		s->max_tries = store_setting_int(s->store,
		    SERVER_SET_AUTH_MAX_TRIES, SERVER_DEF_AUTH_MAX_TRIES);
		s->idle_s = store_setting_int(s->store,
		    SERVER_SET_IDLE_TIMEOUT_S, SERVER_DEF_IDLE_TIMEOUT_S);
		/* The UI locks an idle screen first and ends the session
		 * only after the lock's own timeout: ours waits for both. */
		if (s->idle_s > 0)
			s->idle_s += store_setting_int(s->store,
			    SERVER_SET_LOCK_TIMEOUT_S, SERVER_DEF_LOCK_TIMEOUT_S) +
			    store_setting_int(s->store,
			    SERVER_SET_IDLE_MARGIN_S, SERVER_DEF_IDLE_MARGIN_S);
	}
	if (s->max_tries < 1)
		s->max_tries = 1;
}

void
sshd_session_run(const struct sshd_conf *conf, ssh_bind bind, int fd,
    const struct sockaddr_storage *ss, int report_fd)
{
	struct sshd_session s = { 0 };
	long timeout = 10;
	int rc = SSHD_EXIT_PROTO;

	session_setup(&s, conf, fd, ss, report_fd);
	s.ssh = ssh_new();
	if (s.ssh == NULL || ssh_bind_accept_fd(bind, s.ssh, fd) != SSH_OK) {
		log_warnx("accept from %s: %s", s.peer, ssh_get_error(bind));
		_exit(SSHD_EXIT_PROTO);
	}
	ssh_bind_free(bind);
	ssh_options_set(s.ssh, SSH_OPTIONS_TIMEOUT, &timeout);
	session_srv_cb.userdata = &s;
	ssh_callbacks_init(&session_srv_cb);
	ssh_set_server_callbacks(s.ssh, &session_srv_cb);
	ssh_set_message_callback(s.ssh, session_message_cb, &s);
	ssh_set_auth_methods(s.ssh, SSH_AUTH_METHOD_PUBLICKEY);
	if (ssh_handle_key_exchange(s.ssh) != SSH_OK) {
		log_info("key exchange with %s failed: %s", s.peer,
		    ssh_get_error(s.ssh));
		goto out;
	}
	s.event = ssh_event_new();
	ssh_event_add_session(s.event, s.ssh);
	if ((rc = session_until_shell(&s)) != -1)
		goto out;
	alarm(0);
	if (s.store != NULL)
		store_close(s.store);
	s.store = NULL;
	if (s.refused) {
		session_refuse_channel(&s);
		sshd_session_wait_closed(&s, 2000);
		rc = SSHD_EXIT_OK;
	} else
		rc = sshd_pump_run(&s);
out:
	if (s.store != NULL)
		store_close(s.store);
	if (s.event != NULL) {
		ssh_event_remove_session(s.event, s.ssh);
		ssh_event_free(s.event);
	}
	ssh_set_blocking(s.ssh, 1);
	ssh_blocking_flush(s.ssh, 2000);
	ssh_disconnect(s.ssh);
	ssh_free(s.ssh);
	_exit(rc);
}
