/*
 * The listener: accepts on its own socket and forks one session child per
 * connection; it never touches libssh session state or a pty, and SQLite
 * only on SIGHUP to read the settings again (closed before any fork).
 * Children report each refused authentication and their login on a pipe;
 * the login limits (limits.c) count them and decide, before any fork,
 * whether a new connection is taken. Signals arrive on
 * a signalfd: SIGCHLD reaps; SIGHUP reads the login limits' settings
 * again; SIGTERM and SIGINT end the children and return.
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
#define LISTENER_STOP_MS	5000	/* children's time to end on SIGTERM */

struct listener_child {
	pid_t		pid;
	int		authed;
	enum sshd_pool	pool;
	char		addr[INET6_ADDRSTRLEN];
};

struct listener {
	const struct sshd_conf	*conf;
	ssh_bind		 bind;
	int			 fd, sigfd, report[2];
	struct listener_child	*child;
	size_t			 nchild, cap;
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
			if (r[i].kind == SSHD_REPORT_AUTH)
				c->authed = 1;
			sshd_limits_report(l->conf, c->addr, c->pool, &r[i]);
		}
}

/* Connections not logged in (yet): from addr, and in its pool. */
static void
listener_unauthed(struct listener *l, const char *addr, enum sshd_pool pool,
    long *n_addr, long *n_pool)
{
	size_t i;

	listener_read_reports(l);
	*n_addr = *n_pool = 0;
	for (i = 0; i < l->nchild; i++) {
		if (l->child[i].authed || l->child[i].pool != pool)
			continue;
		(*n_pool)++;
		if (strcmp(l->child[i].addr, addr) == 0)
			(*n_addr)++;
	}
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
    const char *addr, enum sshd_pool pool)
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
	l->child[l->nchild].pool = pool;
	strlcpy_m(l->child[l->nchild].addr, addr, sizeof(l->child->addr));
	l->nchild++;
}

static void
listener_accept(struct listener *l)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char addr[INET6_ADDRSTRLEN] = "?";
	enum sshd_pool pool;
	long n_addr, n_pool;
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
	pool = sshd_limits_pool(l->conf, addr);
	listener_unauthed(l, addr, pool, &n_addr, &n_pool);
	if (sshd_limits_admit(l->conf, addr, pool, n_addr, n_pool) == -1) {
		close(fd);
		return;
	}
	listener_fork(l, fd, &ss, addr, pool);
}

static void
listener_signal(struct listener *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			listener_reap(l);
		else if (si.ssi_signo == SIGHUP)
			sshd_limits_reload(l->conf);
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
	if (sshd_limits_init(l->conf) == -1)
		return -1;
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
