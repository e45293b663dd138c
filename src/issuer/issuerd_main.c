/*
 * madoguchi-issuerd --state DIR [--allow-uid USER|UID ...] [--log FILE]
 *     [--idle SECONDS]
 * The issuer service: the only process that opens STATE/ca (the issuing
 * CAs' keys and ca.db; never the root key). It listens on
 * STATE/run/issuerd.sock (0660, peers checked with SO_PEERCRED: root, its
 * own uid and each --allow-uid) speaking src/issuer/PROTOCOL.md. One poll
 * loop, one request per message, answered before the next is read; a
 * malformed message, a client idle longer than --idle or one slow to send
 * or take its answer drops that client only, never the service.
 */
#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "madoguchi/issuer.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "issuer_proto.h"

#define ISSUERD_CLIENTS_MAX	64
#define ISSUERD_ALLOW_MAX	16
#define ISSUERD_IDLE_S		60	/* default --idle */
#define ISSUERD_SEND_S		5	/* an answer not taken in time drops */

struct issuerd_client {
	int		 fd;
	int		 id;
	uid_t		 uid;
	int64_t		 last_ms;	/* last byte read */
	unsigned char	*buf;		/* bytes of the request being read */
	size_t		 len;
};

static struct issuerd_client issuerd_clients[ISSUERD_CLIENTS_MAX];
static uid_t issuerd_allow[ISSUERD_ALLOW_MAX];
static size_t issuerd_nallow;
static int64_t issuerd_idle_ms = ISSUERD_IDLE_S * 1000;
static volatile sig_atomic_t issuerd_quit;
static int issuerd_next_id = 1;
static struct issuer *issuerd_iss;

static void
issuerd_sig_cb(int sig)
{
	(void)sig;
	issuerd_quit = 1;
}

static void
issuerd_drop(struct issuerd_client *c, const char *why)
{
	if (c->fd == -1)
		return;
	log_info("client %d: %s; closed", c->id, why);
	close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void
issuerd_send(struct issuerd_client *c, struct issuer_msg *m)
{
	int rc = issuer_msg_send(c->fd, m);

	issuer_msg_clear(m);
	if (rc == -1)
		issuerd_drop(c, "answer not taken");
}

static void
issuerd_send_err(struct issuerd_client *c, uint32_t status, const char *text)
{
	struct issuer_msg m;

	issuer_msg_init(&m, ISSUER_MSG_ERROR);
	m.status = status;
	m.text = xstrdup(text);
	issuerd_send(c, &m);
}

/* A string the backend dereferences: an absent one reads as "". */
static const char *
issuerd_str(const char *s)
{
	return s != NULL ? s : "";
}

/* One cert answer (CERTS_OK with one cert) from a call's result. */
static void
issuerd_one_cert(struct issuer_msg *a, struct issuer_cert *c)
{
	issuer_msg_init(a, ISSUER_MSG_CERTS_OK);
	a->certs = c;
	a->ncerts = 1;
}

/* Run one request on the backend; fills the answer (or an ERROR). */
static void
issuerd_run(const struct issuer_msg *q, struct issuer_msg *a)
{
	struct issuer *iss = issuerd_iss;
	struct issuer_cert *c = NULL;
	enum issuer_status st = ISSUER_E_INVALID;

	issuer_msg_init(a, 0);
	switch (q->type) {
	case ISSUER_MSG_ISSUE: {
		struct issuer_issue_req r = { q->id, (enum issuer_kind)q->kind,
		    q->blob, q->bloblen, { q->holder.person_key, q->holder.name,
		    q->holder.name_alt, q->holder.address, q->holder.address_alt,
		    q->holder.birth_date, (int)q->holder.sex,
		    q->holder.card_expiry }, q->date };
		if ((st = issuer_issue(iss, &r, &c)) == ISSUER_OK)
			issuerd_one_cert(a, c);
		break;
	}
	case ISSUER_MSG_CHANGE:
		if (q->op == ISSUER_OP_REVOKE)
			st = issuer_revoke(iss, q->id, issuerd_str(q->serial),
			    (enum issuer_reason)q->reason, q->date, &c);
		else if (q->op == ISSUER_OP_HOLD)
			st = issuer_hold(iss, q->id, issuerd_str(q->serial),
			    q->date, &c);
		else if (q->op == ISSUER_OP_RELEASE)
			st = issuer_release(iss, q->id, issuerd_str(q->serial),
			    q->date, &c);
		else
			snprintf(iss->error, sizeof(iss->error),
			    "change: op must be revoke, hold or release");
		if (st == ISSUER_OK)
			issuerd_one_cert(a, c);
		break;
	case ISSUER_MSG_STATUS:
		if ((st = issuer_status_get(iss, issuerd_str(q->serial),
		    q->date, &c)) == ISSUER_OK)
			issuerd_one_cert(a, c);
		break;
	case ISSUER_MSG_HISTORY:
		issuer_msg_init(a, ISSUER_MSG_EVENTS_OK);
		st = issuer_history(iss, issuerd_str(q->serial), &a->events,
		    &a->nevents);
		break;
	case ISSUER_MSG_LIST:
		issuer_msg_init(a, ISSUER_MSG_CERTS_OK);
		st = issuer_list(iss, issuerd_str(q->person), q->date,
		    &a->certs, &a->ncerts);
		break;
	case ISSUER_MSG_CRL:
		issuer_msg_init(a, ISSUER_MSG_CRL_OK);
		st = issuer_crl(iss, (enum issuer_ca)q->kind, &a->blob,
		    &a->bloblen);
		break;
	case ISSUER_MSG_FIND:
		issuer_msg_init(a, ISSUER_MSG_REQUEST_OK);
		st = issuer_find_by_request(iss, issuerd_str(q->id),
		    &a->request);
		break;
	case ISSUER_MSG_DISC_RECORD: {
		struct issuer_disclosure_req r = { q->id,
		    (enum issuer_request_kind)q->kind, q->person, q->form,
		    q->date, q->detail };
		issuer_msg_init(a, ISSUER_MSG_DISC_OK);
		st = issuer_disclosure_record(iss, &r, &a->disc);
		break;
	}
	case ISSUER_MSG_DISC_MAIL: {
		struct issuer_mail_req r = { q->id, (long)q->disc_id,
		    (enum issuer_mail_state)q->mail_state, q->tracking, q->date };
		issuer_msg_init(a, ISSUER_MSG_DISC_OK);
		st = issuer_disclosure_mail(iss, &r, &a->disc);
		break;
	}
	case ISSUER_MSG_DISC_GET:
		issuer_msg_init(a, ISSUER_MSG_DISC_OK);
		st = issuer_disclosure_get(iss, (long)q->disc_id, &a->disc);
		break;
	}
	if (st != ISSUER_OK) {
		issuer_msg_clear(a);
		issuer_msg_init(a, ISSUER_MSG_ERROR);
		a->status = (uint32_t)st;
		a->text = xstrdup(issuer_error(iss));
	}
}

static void
issuerd_dispatch(struct issuerd_client *c, const struct issuer_msg *q)
{
	struct issuer_msg a;

	issuer_builtin_set_today(q->today);
	issuerd_run(q, &a);
	issuer_builtin_set_today(NULL);
	if (a.type == ISSUER_MSG_ERROR)
		log_info("client %d: %s: %s (%s)", c->id, issuer_msg_name(q->type),
		    issuer_status_name((enum issuer_status)a.status), a.text);
	else
		log_debug("client %d: %s done", c->id, issuer_msg_name(q->type));
	issuerd_send(c, &a);
}

/* Read from a client; run each complete request. */
static void
issuerd_input(struct issuerd_client *c)
{
	unsigned char tmp[16384];
	struct issuer_msg q;
	ssize_t n;
	long body;
	size_t need;
	int badver;

	if ((n = read(c->fd, tmp, sizeof(tmp))) <= 0) {
		issuerd_drop(c, n == 0 ? "hung up" : "read error");
		return;
	}
	c->last_ms = util_now_ms();
	c->buf = xreallocarray(c->buf, c->len + (size_t)n, 1);
	memcpy(c->buf + c->len, tmp, (size_t)n);
	c->len += (size_t)n;
	while (c->fd != -1 && c->len >= ISSUER_HDR_LEN) {
		if ((body = issuer_msg_body_len(c->buf, &badver)) == -1) {
			if (badver)
				issuerd_send_err(c, ISSUER_E_PROTO, "protocol "
				    "version 1 only");
			issuerd_drop(c, "bad header (version, type or length)");
			return;
		}
		need = ISSUER_HDR_LEN + (size_t)body;
		if (c->len < need)
			return;
		if (issuer_msg_decode(c->buf, need, &q) == -1 ||
		    q.type >= ISSUER_MSG_ERROR) {
			issuer_msg_clear(&q);
			issuerd_drop(c, "malformed request");
			return;
		}
		memmove(c->buf, c->buf + need, c->len - need);
		c->len -= need;
		issuerd_dispatch(c, &q);
		issuer_msg_clear(&q);
	}
}

/* Root, our own uid and the uids of --allow-uid may ask. */
static int
issuerd_peer_ok(uid_t uid)
{
	size_t i;

	if (uid == 0 || uid == geteuid())
		return 1;
	for (i = 0; i < issuerd_nallow; i++)
		if (issuerd_allow[i] == uid)
			return 1;
	return 0;
}

static void
issuerd_accept(int lfd)
{
	struct issuerd_client *c;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	size_t i;
	int fd;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO,
	    &(struct timeval){ ISSUERD_SEND_S, 0 }, sizeof(struct timeval));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    !issuerd_peer_ok(cred.uid)) {
		struct issuer_msg m;
		log_warnx("refused peer uid=%d pid=%d", (int)cred.uid,
		    (int)cred.pid);
		issuer_msg_init(&m, ISSUER_MSG_ERROR);
		m.status = ISSUER_E_DENIED;
		m.text = xstrdup("not allowed to use issuerd");
		issuer_msg_send(fd, &m);
		issuer_msg_clear(&m);
		close(fd);
		return;
	}
	for (i = 0; i < ISSUERD_CLIENTS_MAX && issuerd_clients[i].fd != -1; i++)
		;
	if (i == ISSUERD_CLIENTS_MAX) {
		log_warnx("too many clients; refused uid=%d", (int)cred.uid);
		close(fd);
		return;
	}
	c = &issuerd_clients[i];
	c->fd = fd;
	c->id = issuerd_next_id++;
	c->uid = cred.uid;
	c->last_ms = util_now_ms();
	log_info("client %d: connected uid=%d pid=%d", c->id, (int)cred.uid,
	    (int)cred.pid);
}

/* Drop the clients idle past the limit; the ms to the next such limit. */
static int
issuerd_reap(void)
{
	int64_t now = util_now_ms(), next = -1, left;
	size_t i;

	for (i = 0; i < ISSUERD_CLIENTS_MAX; i++) {
		struct issuerd_client *c = &issuerd_clients[i];
		if (c->fd == -1)
			continue;
		left = c->last_ms + issuerd_idle_ms - now;
		if (left <= 0) {
			issuerd_drop(c, c->len > 0 ? "request not finished in "
			    "time" : "idle");
			continue;
		}
		if (next == -1 || left < next)
			next = left;
	}
	return next == -1 ? -1 : (int)next + 1;
}

static void
issuerd_loop(int lfd)
{
	struct pollfd pfd[1 + ISSUERD_CLIENTS_MAX];
	size_t i;
	int wait;

	while (!issuerd_quit) {
		wait = issuerd_reap();
		pfd[0] = (struct pollfd){ lfd, POLLIN, 0 };
		for (i = 0; i < ISSUERD_CLIENTS_MAX; i++)
			pfd[1 + i] = (struct pollfd){ issuerd_clients[i].fd,
			    POLLIN, 0 };
		if (poll(pfd, 1 + ISSUERD_CLIENTS_MAX, wait) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (pfd[0].revents & POLLIN)
			issuerd_accept(lfd);
		for (i = 0; i < ISSUERD_CLIENTS_MAX; i++) {
			struct issuerd_client *c = &issuerd_clients[i];
			if (c->fd != -1 && pfd[1 + i].fd == c->fd &&
			    (pfd[1 + i].revents & (POLLIN | POLLHUP | POLLERR)))
				issuerd_input(c);
		}
	}
}

static void
issuerd_usage(void)
{
	fprintf(stderr, "usage: madoguchi-issuerd --state DIR "
	    "[--allow-uid UID ...] [--log FILE] [--idle SECONDS]\n");
	exit(2);
}

static uid_t
issuerd_uid(const char *s)
{
	struct passwd *pw;
	char *end;
	long v;

	/* A user's name (as the units and make run give it) or a uid. */
	if ((pw = getpwnam(s)) != NULL)
		return pw->pw_uid;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 0 ||
	    v > 0x7fffffffL)
		issuerd_usage();
	return (uid_t)v;
}

int
main(int argc, char **argv)
{
	const char *state = NULL, *logf = NULL;
	char why[512], *sock, *run;
	size_t i;
	int k, lfd;

	log_init("madoguchi-issuerd", LOG_LEVEL_INFO);
	for (k = 1; k < argc; k += 2) {
		if (k + 1 >= argc)
			issuerd_usage();
		if (strcmp(argv[k], "--state") == 0)
			state = argv[k + 1];
		else if (strcmp(argv[k], "--log") == 0)
			logf = argv[k + 1];
		else if (strcmp(argv[k], "--idle") == 0)
			issuerd_idle_ms = (int64_t)issuerd_uid(argv[k + 1]) * 1000;
		else if (strcmp(argv[k], "--allow-uid") == 0 &&
		    issuerd_nallow < ISSUERD_ALLOW_MAX)
			issuerd_allow[issuerd_nallow++] = issuerd_uid(argv[k + 1]);
		else
			issuerd_usage();
	}
	if (state == NULL || issuerd_idle_ms <= 0)
		issuerd_usage();
	if (logf != NULL && log_open_file(logf) == -1)
		fatal("%s", logf);
	if ((issuerd_iss = issuer_builtin_open_online(state, why,
	    sizeof(why))) == NULL)
		fatalx("cannot open the CA: %s", why);
	for (i = 0; i < ISSUERD_CLIENTS_MAX; i++)
		issuerd_clients[i].fd = -1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, issuerd_sig_cb);
	signal(SIGINT, issuerd_sig_cb);
	run = state_path(state, STATE_RUN_DIR);
	if (mkdir(run, 0755) == -1 && errno != EEXIST)
		fatal("mkdir %s", run);
	free(run);
	sock = state_path(state, STATE_ISSUERD_SOCK);
	lfd = util_unix_listen(sock);
	log_info("listening on %s (protocol %d, %zu allowed uid(s) besides "
	    "root and %d)", sock, ISSUER_PROTO_VERSION, issuerd_nallow,
	    (int)geteuid());
	issuerd_loop(lfd);
	for (i = 0; i < ISSUERD_CLIENTS_MAX; i++)
		issuerd_drop(&issuerd_clients[i], "shutting down");
	close(lfd);
	unlink(sock);
	free(sock);
	issuer_close(issuerd_iss);
	return 0;
}
