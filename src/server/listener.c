/*
 * The listener: accepts on its own socket and forks one session child per
 * connection; it never touches libssh session state, SQLite or a pty.
 * Children report each refused authentication and their login on a pipe;
 * the listener counts failures per source address and cuts further
 * connections from an address with too many failures in the window, or
 * with too many connections not logged in yet. Signals arrive on
 * a signalfd: SIGCHLD reaps; SIGTERM, SIGINT and SIGHUP end the children
 * and return.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "sshd.h"

#define LISTENER_BACKLOG	512
#define LISTENER_SOURCES	256	/* addresses remembered */
#define LISTENER_STOP_MS	5000	/* children's time to end on SIGTERM */

struct listener_child {
	pid_t	pid;
	int	authed;
	char	addr[INET6_ADDRSTRLEN];
};

/* Recent authentication failures of one address. */
struct listener_source {
	char	addr[INET6_ADDRSTRLEN];
	long	count;
	int64_t	window_start;
	int64_t	blocked_until;
	int64_t	last;
};

struct listener {
	const struct sshd_conf	*conf;
	ssh_bind		 bind;
	int			 fd, sigfd, report[2];
	struct listener_child	*child;
	size_t			 nchild, cap;
	struct listener_source	 src[LISTENER_SOURCES];
	int			 stop;
};

static int
listener_socket(const struct sshd_conf *conf)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
	    .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE |
	    AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *ai;
	char port[8];
	int fd, one = 1, rc;

	snprintf(port, sizeof(port), "%d", conf->port);
	if ((rc = getaddrinfo(conf->host, port, &hints, &ai)) != 0) {
		log_warnx("listen address %s: %s", conf->host,
		    gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 ||
	    listen(fd, LISTENER_BACKLOG) == -1) {
		log_warn("listen on %s:%d", conf->host, conf->port);
		fprintf(stderr, "madoguchi-sshd: cannot listen on %s:%d: %s\n",
		    conf->host, conf->port, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static struct listener_source *
listener_source(struct listener *l, const char *addr, int create)
{
	struct listener_source *s, *oldest = &l->src[0];

	for (s = l->src; s < l->src + LISTENER_SOURCES; s++) {
		if (strcmp(s->addr, addr) == 0)
			return s;
		if (s->last < oldest->last)
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof(*oldest));
	strlcpy_m(oldest->addr, addr, sizeof(oldest->addr));
	return oldest;
}

/* One refused authentication from addr. */
static void
listener_source_fail(struct listener *l, const char *addr)
{
	struct listener_source *s = listener_source(l, addr, 1);
	int64_t now = util_now_ms();
	int64_t window = l->conf->source_window_s * 1000;

	if (now - s->window_start > window) {
		s->window_start = now;
		s->count = 0;
	}
	s->count++;
	s->last = now;
	if (s->count >= l->conf->source_max_failures &&
	    s->blocked_until <= now) {
		s->blocked_until = now + window;
		log_warnx("source %s blocked for %lds: %ld failed logins",
		    addr, l->conf->source_window_s, s->count);
	}
}

static int
listener_source_blocked(struct listener *l, const char *addr)
{
	struct listener_source *s = listener_source(l, addr, 0);

	return s != NULL && s->blocked_until > util_now_ms();
}

static struct listener_child *
listener_child_find(struct listener *l, pid_t pid)
{
	size_t i;

	for (i = 0; i < l->nchild; i++)
		if (l->child[i].pid == pid)
			return &l->child[i];
	return NULL;
}

static void
listener_read_reports(struct listener *l)
{
	struct sshd_report r[64];
	ssize_t n;
	size_t i;

	while ((n = read(l->report[0], r, sizeof(r))) > 0)
		for (i = 0; i < (size_t)n / sizeof(r[0]); i++) {
			struct listener_child *c =
			    listener_child_find(l, r[i].pid);

			if (c == NULL)
				continue;
			if (r[i].kind == SSHD_REPORT_FAIL)
				listener_source_fail(l, c->addr);
			else if (r[i].kind == SSHD_REPORT_AUTH)
				c->authed = 1;
		}
}

/* Connections from addr that have not logged in (yet). */
static long
listener_unauthed(struct listener *l, const char *addr)
{
	long n = 0;
	size_t i;

	listener_read_reports(l);
	for (i = 0; i < l->nchild; i++)
		if (!l->child[i].authed && strcmp(l->child[i].addr, addr) == 0)
			n++;
	return n;
}

static void
listener_reap(struct listener *l)
{
	struct listener_child *c;
	pid_t pid;
	int st;

	/* Count failures reported before the child ended. */
	listener_read_reports(l);
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		if ((c = listener_child_find(l, pid)) == NULL)
			continue;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
			log_info("connection from %s: login grace time over",
			    c->addr);
		else if (WIFSIGNALED(st) && WTERMSIG(st) != SIGTERM)
			log_warnx("session process %ld (from %s) killed by "
			    "signal %d", (long)pid, c->addr, WTERMSIG(st));
		*c = l->child[--l->nchild];
	}
}

static void
listener_fork(struct listener *l, int fd, const struct sockaddr_storage *ss,
    const char *addr)
{
	pid_t pid = fork();

	if (pid == -1) {
		log_warn("fork for %s", addr);
		close(fd);
		return;
	}
	if (pid == 0) {
		sigset_t none;

		close(l->fd);
		close(l->sigfd);
		close(l->report[0]);
		free(l->child);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		sshd_session_run(l->conf, l->bind, fd, ss, l->report[1]);
	}
	close(fd);
	if (l->nchild == l->cap) {
		l->cap = l->cap * 2 + 16;
		l->child = xreallocarray(l->child, l->cap, sizeof(*l->child));
	}
	l->child[l->nchild].pid = pid;
	l->child[l->nchild].authed = 0;
	strlcpy_m(l->child[l->nchild].addr, addr, sizeof(l->child->addr));
	l->nchild++;
}

static void
listener_accept(struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN] = "?";
	int fd;

	fd = accept4(l->fd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (fd == -1) {
		if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
			log_warn("accept");
		return;
	}
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr,
		    addr, sizeof(addr));
	else if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr,
		    addr, sizeof(addr));
	if (listener_source_blocked(l, addr)) {
		log_info("connection from %s cut: too many failed logins",
		    addr);
		close(fd);
		return;
	}
	if (listener_unauthed(l, addr) >= l->conf->source_max_startups) {
		log_info("connection from %s cut: %ld connections not logged "
		    "in yet", addr, l->conf->source_max_startups);
		close(fd);
		return;
	}
	listener_fork(l, fd, &ss, addr);
}

static void
listener_signal(struct listener *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			listener_reap(l);
		else {
			log_info("signal %d: stopping", (int)si.ssi_signo);
			l->stop = 1;
		}
	}
}

/* SIGTERM each child (they end their UI and say goodbye), then wait. */
static void
listener_stop_children(struct listener *l)
{
	int64_t deadline = util_now_ms() + LISTENER_STOP_MS;
	size_t i;

	for (i = 0; i < l->nchild; i++)
		kill(l->child[i].pid, SIGTERM);
	while (l->nchild > 0 && util_now_ms() < deadline) {
		struct pollfd p = { .fd = l->sigfd, .events = POLLIN };

		if (poll(&p, 1, (int)(deadline - util_now_ms())) > 0)
			listener_signal(l);
	}
	for (i = 0; i < l->nchild; i++) {
		log_warnx("session process %ld did not end; killing it",
		    (long)l->child[i].pid);
		kill(l->child[i].pid, SIGKILL);
		waitpid(l->child[i].pid, NULL, 0);
	}
	l->nchild = 0;
}

static int
listener_setup(struct listener *l)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	l->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd == -1 || pipe2(l->report, O_CLOEXEC | O_NONBLOCK) == -1) {
		log_warn("signalfd/pipe");
		return -1;
	}
	l->fd = listener_socket(l->conf);
	return l->fd == -1 ? -1 : 0;
}

int
sshd_listener_run(const struct sshd_conf *conf, ssh_bind bind)
{
	struct listener l = { .conf = conf, .bind = bind, .fd = -1 };

	if (listener_setup(&l) == -1 || sshd_drop_root(conf) == -1)
		return 1;
	log_info("listening on %s:%d (state %s, ui %s)", conf->host,
	    conf->port, conf->state_dir, conf->ui_path);
	while (!l.stop) {
		struct pollfd p[3] = {
			{ .fd = l.sigfd, .events = POLLIN },
			{ .fd = l.report[0], .events = POLLIN },
			{ .fd = l.fd, .events = POLLIN },
		};

		if (poll(p, 3, -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (p[0].revents)
			listener_signal(&l);
		if (p[1].revents)
			listener_read_reports(&l);
		if (p[2].revents && !l.stop)
			listener_accept(&l);
	}
	close(l.fd);
	log_info("stopping: ending %zu session(s)", l.nchild);
	listener_stop_children(&l);
	close(l.sigfd);
	close(l.report[0]);
	close(l.report[1]);
	free(l.child);
	log_info("stopped");
	return 0;
}
