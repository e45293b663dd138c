/*
 * madoguchi-auditd --state DIR [--log FILE] [--allow-uid USER]: the signer of the audit
 * trail, the only process that reads STATE/audit/key. It listens on
 * STATE/run/auditd.sock (0660, peers checked with SO_PEERCRED) speaking
 * src/audit/PROTOCOL.md: one poll loop, one request per client at a time;
 * a malformed message drops that client, never the service. It reads the
 * counter database read only and signs a new head when the rows after the
 * last one extend the chain; it refuses (and logs) when they do not. An
 * advance signs at once; notifications (the clerks' saves) are coalesced
 * into at most one head each AUDITD_COALESCE_MS.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "audit_proto.h"

#define AUDITD_CLIENTS_MAX	16
#define AUDITD_IDLE_MS		5000	/* a connection with no request */
/* Group commit of signatures: on a notification auditd signs at once
 * unless it signed less than this ago; then it signs once when this has
 * passed since the last head, one head covering every row committed
 * before it. A head costs two fsyncs and a rename (about 2.5 ms); at
 * most ten a second keep the signer off the clerks' disk while no row
 * stays unsigned for longer than a blink. */
#define AUDITD_COALESCE_MS	100

struct auditd_client {
	int		fd;
	int		id;
	int64_t		since_ms;
	size_t		len;
	unsigned char	buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
};

static struct auditd_client auditd_clients[AUDITD_CLIENTS_MAX];
static volatile sig_atomic_t auditd_quit;
static int auditd_next_id = 1;
static const char *auditd_state;
static uid_t auditd_allow_uid = (uid_t)-1;	/* --allow-uid: the counter's */
static EVP_PKEY *auditd_key;
static struct store *auditd_store;
static struct audit_signer auditd_signer;
/* Set when the whole trail did not verify at start: nothing is signed
 * over a trail known to be broken (the rows stay, unsigned, for `madoguchi
 * audit verify` to name). */
static char auditd_refusal[300];
static int64_t auditd_signed_ms;	/* when the last advance ran */
static long auditd_notified;	/* notifications not yet covered by one */
static char auditd_told[256];	/* the last refusal logged for them */

static void
auditd_sig_cb(int sig)
{
	(void)sig;
	auditd_quit = 1;
}

static void
auditd_drop(struct auditd_client *c, const char *why)
{
	if (strcmp(why, "hung up") == 0)
		log_debug("client %d: closed (%s)", c->id, why);
	else
		log_info("client %d: closed (%s)", c->id, why);
	close(c->fd);
	c->fd = -1;
	c->len = 0;
}

static struct store *
auditd_db(char *err, size_t errlen)
{
	if (auditd_store == NULL)
		auditd_store = store_open(auditd_state, STORE_READONLY |
		    STORE_NOMIGRATE, err, errlen);
	return auditd_store;
}

/* Sign what is new; on any failure the database is reopened next time. */
static int
auditd_advance(struct audit_head *h, char *err, size_t errlen)
{
	struct store *st = auditd_db(err, errlen);
	int rc;

	/* Whatever is committed now is what this advance reads. */
	auditd_notified = 0;
	auditd_signed_ms = util_now_ms();
	if (st == NULL)
		return -1;
	if (auditd_refusal[0] != '\0') {
		snprintf(err, errlen, "%s", auditd_refusal);
		return -1;
	}
	rc = audit_advance(st, auditd_state, auditd_key, &auditd_signer, h,
	    err, errlen);
	if (rc == -1) {
		auditd_signer.valid = 0;
		store_close(auditd_store);
		auditd_store = NULL;
	}
	return rc;
}

/* The head as the answer; keyid the head's signer, or the new key
 * after a rotation. */
static void
auditd_answer_head(struct auditd_client *c, const struct audit_head *h,
    const char *keyid)
{
	struct audit_msg m;

	audit_msg_init(&m, AUDIT_MSG_HEAD);
	m.count = (uint64_t)h->count;
	strlcpy_m(m.hash, h->hash, sizeof(m.hash));
	strlcpy_m(m.at, h->at, sizeof(m.at));
	strlcpy_m(m.keyid, keyid, sizeof(m.keyid));
	if (audit_msg_send(c->fd, &m) == -1)
		auditd_drop(c, "send failed");
}

static void
auditd_answer_error(struct auditd_client *c, uint32_t code, const char *text)
{
	struct audit_msg m;

	audit_msg_init(&m, AUDIT_MSG_ERROR);
	m.code = code;
	strlcpy_m(m.text, text, sizeof(m.text));
	if (audit_msg_send(c->fd, &m) == -1)
		auditd_drop(c, "send failed");
}

static void
auditd_rotate(struct auditd_client *c)
{
	char old[AUDIT_KEYID_LEN + 1], id[AUDIT_KEYID_LEN + 1], err[256];
	struct audit_head h;
	EVP_PKEY *key;

	audit_keyid(auditd_key, old);
	if ((key = audit_key_create(auditd_state, id, err, sizeof(err))) ==
	    NULL) {
		log_warnx("rotate-key: %s", err);
		auditd_answer_error(c, AUDIT_E_FAILED, err);
		return;
	}
	EVP_PKEY_free(auditd_key);
	auditd_key = key;
	log_info("audit key %s -> %s", old, id);
	if (audit_head_read_why(auditd_state, &h, err, sizeof(err)) != 0)
		memset(&h, 0, sizeof(h));
	auditd_answer_head(c, &h, id);
}

static void
auditd_dispatch(struct auditd_client *c, const struct audit_msg *req)
{
	struct audit_head h;
	char err[256];

	switch (req->type) {
	case AUDIT_MSG_ADVANCE:
	case AUDIT_MSG_STATUS:
		/* A status is the head as signed, also while refusing;
		 * notified rows are signed first, so it is the head now. */
		if (req->type == AUDIT_MSG_STATUS && auditd_notified == 0 &&
		    (auditd_signer.valid ||
		    auditd_refusal[0] != '\0') &&
		    audit_head_read_why(auditd_state, &h, err, sizeof(err)) == 0) {
			auditd_answer_head(c, &h, h.keyid);
			break;
		}
		if (auditd_advance(&h, err, sizeof(err)) == -1) {
			/* No personal data here: ids and hashes only. */
			log_warnx("advance refused: %s", err);
			auditd_answer_error(c, AUDIT_E_REFUSED, err);
		} else
			auditd_answer_head(c, &h, h.keyid);
		break;
	case AUDIT_MSG_ROTATE:
		auditd_rotate(c);
		break;
	case AUDIT_MSG_NOTIFY:
		/* Not answered: signed by auditd_coalesce (the loop). */
		auditd_notified++;
		break;
	default:
		/* An answer's type sent as a request. */
		auditd_answer_error(c, AUDIT_E_PROTOCOL, "not a request");
		auditd_drop(c, "malformed message");
	}
}

static void
auditd_input(struct auditd_client *c)
{
	struct audit_msg req;
	ssize_t n;
	long body;
	int badver;

	n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (n <= 0) {
		if (n == -1 && errno == EINTR)
			return;
		auditd_drop(c, n == 0 ? "hung up" : "read failed");
		return;
	}
	c->len += (size_t)n;
	while (c->fd != -1 && c->len >= AUDIT_HDR_LEN) {
		if ((body = audit_msg_body_len(c->buf, &badver)) < 0) {
			if (badver)
				auditd_answer_error(c, AUDIT_E_PROTOCOL,
				    "unknown protocol version");
			if (c->fd != -1)
				auditd_drop(c, badver ? "wrong version" :
				    "malformed message");
			return;
		}
		if (c->len < AUDIT_HDR_LEN + (size_t)body)
			return;
		if (audit_msg_decode(c->buf, AUDIT_HDR_LEN + (size_t)body,
		    &req) == -1) {
			auditd_drop(c, "malformed message");
			return;
		}
		memmove(c->buf, c->buf + AUDIT_HDR_LEN + body,
		    c->len - AUDIT_HDR_LEN - (size_t)body);
		c->len -= AUDIT_HDR_LEN + (size_t)body;
		c->since_ms = util_now_ms();
		log_debug("client %d: %s", c->id, audit_msg_name(req.type));
		auditd_dispatch(c, &req);
	}
}

/* For now the signer's own uid or root (issue 14 splits the users). */
static void
auditd_accept(int lfd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct auditd_client *c = NULL;
	size_t i;
	int fd;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    (cred.uid != 0 && cred.uid != geteuid() &&
	    cred.uid != auditd_allow_uid)) {
		struct auditd_client tmp = { .fd = fd, .id = 0 };
		log_warnx("refused peer uid=%d", (int)cred.uid);
		auditd_answer_error(&tmp, AUDIT_E_DENIED, "not allowed");
		if (tmp.fd != -1)
			close(fd);
		return;
	}
	for (i = 0; i < AUDITD_CLIENTS_MAX; i++)
		if (auditd_clients[i].fd == -1) {
			c = &auditd_clients[i];
			break;
		}
	if (c == NULL) {
		log_warnx("too many clients; refused uid=%d", (int)cred.uid);
		close(fd);
		/* It may have been a notification: sign soon all the same. */
		auditd_notified++;
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &(struct timeval){ 2, 0 },
	    sizeof(struct timeval));
	c->fd = fd;
	c->id = auditd_next_id++;
	c->len = 0;
	c->since_ms = util_now_ms();
	log_debug("client %d: connected uid=%d pid=%d", c->id,
	    (int)cred.uid, (int)cred.pid);
}

/* The coalesced advance: once AUDITD_COALESCE_MS have passed since the
 * last head, one advance for every notification since. Its wait in ms
 * for poll: -1 nothing pending. */
static int
auditd_coalesce(void)
{
	int64_t due = auditd_signed_ms + AUDITD_COALESCE_MS, now;
	struct audit_head h;
	char err[256];
	long n = auditd_notified;

	if (n == 0)
		return -1;
	if ((now = util_now_ms()) < due)
		return (int)(due - now);
	if (auditd_advance(&h, err, sizeof(err)) == -1) {
		/* Once per reason: notifications keep coming while refused. */
		if (strcmp(err, auditd_told) != 0)
			log_warnx("advance refused: %s", err);
		strlcpy_m(auditd_told, err, sizeof(auditd_told));
	} else {
		auditd_told[0] = '\0';
		log_info("head: count %lld (%ld notifications)",
		    (long long)h.count, n);
	}
	return -1;
}

static void
auditd_loop(int lfd)
{
	struct pollfd pfd[1 + AUDITD_CLIENTS_MAX];
	size_t i;
	int wait;

	while (!auditd_quit) {
		if ((wait = auditd_coalesce()) == -1 || wait > 1000)
			wait = 1000;
		pfd[0] = (struct pollfd){ lfd, POLLIN, 0 };
		for (i = 0; i < AUDITD_CLIENTS_MAX; i++)
			pfd[1 + i] = (struct pollfd){ auditd_clients[i].fd,
			    POLLIN, 0 };
		if (poll(pfd, 1 + AUDITD_CLIENTS_MAX, wait) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		for (i = 0; i < AUDITD_CLIENTS_MAX; i++) {
			struct auditd_client *c = &auditd_clients[i];
			if (c->fd == -1 || pfd[1 + i].fd != c->fd)
				continue;
			if (pfd[1 + i].revents & (POLLIN | POLLHUP | POLLERR))
				auditd_input(c);
			else if (util_now_ms() - c->since_ms > AUDITD_IDLE_MS)
				/* Clients use one connection per request: an
				 * idle one only holds a slot. */
				auditd_drop(c, "idle");
		}
		if (pfd[0].revents & POLLIN)
			auditd_accept(lfd);
	}
}

static void
auditd_usage(void)
{
	fprintf(stderr, "usage: madoguchi-auditd --state DIR [--log FILE] "
	    "[--allow-uid USER]\n");
	exit(2);
}

/* A user name or a number; exits on neither. */
static uid_t
auditd_parse_uid(const char *arg)
{
	gid_t gid;
	uid_t uid;
	char *end;
	long n;

	if (priv_lookup(arg, &uid, &gid) == 0)
		return uid;
	n = strtol(arg, &end, 10);
	if (*end != '\0' || end == arg || n < 0) {
		fprintf(stderr, "madoguchi-auditd: --allow-uid %s: no such "
		    "user\n", arg);
		exit(2);
	}
	return (uid_t)n;
}

int
main(int argc, char **argv)
{
	const char *logf = NULL;
	struct audit_head h;
	char err[320], *sock;
	size_t i;
	int k, lfd;

	log_init("madoguchi-auditd", LOG_LEVEL_INFO);
	for (k = 1; k < argc; k += 2) {
		if (k + 1 >= argc)
			auditd_usage();
		if (strcmp(argv[k], "--state") == 0)
			auditd_state = argv[k + 1];
		else if (strcmp(argv[k], "--log") == 0)
			logf = argv[k + 1];
		else if (strcmp(argv[k], "--allow-uid") == 0)
			auditd_allow_uid = auditd_parse_uid(argv[k + 1]);
		else
			auditd_usage();
	}
	if (auditd_state == NULL)
		auditd_usage();
	if (logf != NULL && log_open_file(logf) == -1)
		fatal("%s", logf);
	if ((auditd_key = audit_key_load(auditd_state, err, sizeof(err))) ==
	    NULL)
		fatalx("%s (run madoguchi init)", err);
	for (i = 0; i < AUDITD_CLIENTS_MAX; i++)
		auditd_clients[i].fd = -1;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, auditd_sig_cb);
	signal(SIGINT, auditd_sig_cb);
	/* The whole trail once against the head before signing anything
	 * more: an edit behind the program's back stops the signer. */
	if (auditd_db(err, sizeof(err)) != NULL) {
		struct audit_report r;

		if (audit_verify(auditd_store, auditd_state, &r) == -1)
			log_warnx("trail not checked at start: %s",
			    store_errmsg(auditd_store));
		else if (r.verdict == AUDIT_TAMPERED) {
			snprintf(auditd_refusal, sizeof(auditd_refusal),
			    "the trail does not verify (first bad entry %lld): "
			    "not signing; run madoguchi audit verify",
			    (long long)r.bad_id);
			log_warnx("%s", auditd_refusal);
		} else
			log_info("trail checked at start: %lld entries",
			    (long long)r.checked);
	}
	/* Catch up with rows appended while no signer ran. */
	if (auditd_advance(&h, err, sizeof(err)) == -1)
		log_warnx("advance refused: %s", err);
	else
		log_info("head: count %lld", (long long)h.count);
	sock = state_path(auditd_state, STATE_AUDITD_SOCK);
	lfd = util_unix_listen(sock);
	log_info("listening on %s (protocol %d)", sock, AUDIT_PROTO_VERSION);
	auditd_loop(lfd);
	for (i = 0; i < AUDITD_CLIENTS_MAX; i++)
		if (auditd_clients[i].fd != -1)
			auditd_drop(&auditd_clients[i], "shutting down");
	close(lfd);
	unlink(sock);
	free(sock);
	store_close(auditd_store);
	EVP_PKEY_free(auditd_key);
	return 0;
}
