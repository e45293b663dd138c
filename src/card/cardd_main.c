/*
 * madoguchi-cardd --socket PATH [--vcard-admin SOCKET] [--vcard-reader NAME]
 *     [--log FILE]
 * The card-reader service: a Unix socket (mode 0660, peers checked with
 * SO_PEERCRED) speaking src/card/PROTOCOL.md. One poll loop, one request per
 * client at a time; card steps run to completion inside a PC/SC
 * transaction. A client may hold one reader (CLAIM); others then get BUSY.
 * Requests that wait (READERS with a wait, CLAIM on a held reader) park the
 * client and are re-checked every tick until done or their deadline.
 * A malformed message drops that client only. Idle clients cannot lock
 * the service out (issue 14): a request left half-sent for CARDD_STALL_MS
 * drops its client, and when every slot is taken a new client takes the
 * slot of the one idle longest (one waiting in a parked request only when
 * none is simply idle; a client holding a reader is never pushed out).
 */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "madoguchi/util.h"
#include "cardd.h"

#define CARDD_CLIENTS_MAX	64
#define CARDD_TICK_MS		100
#define CARDD_STALL_MS		10000	/* a request half-sent that long */

struct cardd_client {
	int		fd;
	int		id;
	uid_t		uid;
	unsigned char	*buf;		/* bytes of the request being read */
	size_t		len;
	int		parked;		/* a waiting request is in req */
	struct card_msg	req;
	int64_t		deadline;
	char		held[CARD_READER_MAX];	/* "" : none */
	uint32_t	held_events;	/* the reader's event count at CLAIM */
	int64_t		last_ms;	/* connected, or last request done */
	int64_t		partial_ms;	/* a request began arriving; 0 none */
	int		asked;		/* has sent a whole request */
};

static struct cardd_client cardd_clients[CARDD_CLIENTS_MAX];
static volatile sig_atomic_t cardd_quit;
static int cardd_next_id = 1;

void
cardd_err(struct card_error *err, enum card_err code, int tries,
    const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	err->tries_left = tries;
	va_start(ap, fmt);
	vsnprintf(err->detail, sizeof(err->detail), fmt, ap);
	va_end(ap);
}

static void
cardd_sig_cb(int sig)
{
	(void)sig;
	cardd_quit = 1;
}

static void
cardd_drop(struct cardd_client *c, const char *why)
{
	if (c->fd == -1)
		return;		/* already dropped */
	log_info("client %d: %s; closed", c->id, why);
	close(c->fd);
	if (c->buf != NULL)
		OPENSSL_cleanse(c->buf, c->len);
	free(c->buf);
	card_msg_clear(&c->req);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* Send an answer; a client that does not read it within its send
 * timeout (set at accept) is dropped, so it cannot stall the service. */
static void
cardd_send(struct cardd_client *c, struct card_msg *m)
{
	int rc = card_msg_send(c->fd, m);

	card_msg_clear(m);
	if (rc == -1)
		cardd_drop(c, "answer not taken");
}

static void
cardd_send_err(struct cardd_client *c, const struct card_error *err)
{
	struct card_msg m;

	card_msg_init(&m, CARD_MSG_ERROR);
	m.code = err->code;
	m.tries = err->tries_left < 0 ? UINT32_MAX : (uint32_t)err->tries_left;
	strlcpy_m(m.text, err->detail, sizeof(m.text));
	log_info("client %d: %s failed: %s (%s)", c->id,
	    card_msg_name(c->req.type), card_error_name(err->code), err->detail);
	cardd_send(c, &m);
}

/* The client holding reader, or NULL. */
static struct cardd_client *
cardd_holder(const char *reader)
{
	size_t i;

	for (i = 0; i < CARDD_CLIENTS_MAX; i++)
		if (cardd_clients[i].fd != -1 &&
		    strcmp(cardd_clients[i].held, reader) == 0)
			return &cardd_clients[i];
	return NULL;
}

/* Which reader a request means: the named one, the one c holds, or the
 * first with a card. */
static int
cardd_pick(struct cardd_client *c, const char *want, char out[CARD_READER_MAX],
    struct card_error *err)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct cardd_client *h;
	size_t n, i;

	if (cardd_pcsc_readers(r, &n, 0, err) == -1)
		return -1;
	if (want[0] == '\0' && c->held[0] != '\0')
		want = c->held;
	for (i = 0; i < n; i++) {
		if (want[0] != '\0' ? strcmp(r[i].name, want) != 0 :
		    !(r[i].flags & CARD_READER_PRESENT))
			continue;
		strlcpy_m(out, r[i].name, CARD_READER_MAX);
		if ((h = cardd_holder(out)) != NULL && h != c) {
			cardd_err(err, CARD_E_BUSY, -1, "reader held by client %d",
			    h->id);
			return -1;
		}
		if (!(r[i].flags & CARD_READER_PRESENT)) {
			cardd_err(err, CARD_E_NO_CARD, -1, "no card in %s", out);
			return -1;
		}
		return 0;
	}
	if (want[0] != '\0')
		cardd_err(err, CARD_E_NO_READER, -1, "no reader named %s", want);
	else if (n == 0)
		cardd_err(err, CARD_E_NO_READER, -1, "no reader");
	else
		cardd_err(err, CARD_E_NO_CARD, -1, "no card in any reader");
	return -1;
}

/* A waiting READERS request: 1 when its condition holds (answer sent). */
static int
cardd_readers_try(struct cardd_client *c, struct card_error *err)
{
	struct card_msg m;
	struct cardd_client *h;
	size_t i;
	int hit = c->req.wait == CARD_WAIT_NONE;

	card_msg_init(&m, CARD_MSG_READERS_OK);
	if (cardd_pcsc_readers(m.readers, &m.nreaders,
	    c->req.wait == CARD_WAIT_PRESENT, err) == -1)
		/* pcscd restarting: a waiting request keeps waiting */
		return err->code == CARD_E_SERVICE &&
		    c->req.wait != CARD_WAIT_NONE ? 0 : -1;
	for (i = 0; i < m.nreaders; i++) {
		int present = (m.readers[i].flags & CARD_READER_PRESENT) != 0;
		if ((h = cardd_holder(m.readers[i].name)) != NULL && h != c)
			m.readers[i].flags |= CARD_READER_CLAIMED;
		if (c->req.reader[0] != '\0' &&
		    strcmp(c->req.reader, m.readers[i].name) != 0)
			continue;
		if ((c->req.wait == CARD_WAIT_PRESENT && present) ||
		    (c->req.wait == CARD_WAIT_ABSENT && !present))
			hit = 1;
	}
	if (c->req.wait == CARD_WAIT_ABSENT && m.nreaders == 0)
		hit = 1;
	if (!hit)
		return 0;
	cardd_send(c, &m);
	return 1;
}

/* A CLAIM: 1 when granted (answer sent), 0 to keep waiting. */
static int
cardd_claim_try(struct cardd_client *c, struct card_error *err)
{
	char reader[CARD_READER_MAX];
	struct card_msg m;

	if (cardd_pick(c, c->req.reader, reader, err) == -1)
		return err->code == CARD_E_BUSY ? 0 : -1;
	strlcpy_m(c->held, reader, sizeof(c->held));
	c->held_events = cardd_pcsc_events(reader);
	log_info("client %d: holds %s", c->id, reader);
	card_msg_init(&m, CARD_MSG_CLAIM_OK);
	strlcpy_m(m.reader, reader, sizeof(m.reader));
	cardd_send(c, &m);
	return 1;
}

/* Re-check a parked request; finish it on success, error or deadline. */
static void
cardd_retry(struct cardd_client *c)
{
	struct card_error err = { CARD_OK, -1, "" };
	int rc;

	rc = c->req.type == CARD_MSG_CLAIM ? cardd_claim_try(c, &err) :
	    cardd_readers_try(c, &err);
	if (rc == 0 && util_now_ms() < c->deadline)
		return;
	if (rc == 0) {
		if (c->req.type == CARD_MSG_CLAIM)
			cardd_err(&err, CARD_E_BUSY, -1, "reader still held");
		else
			cardd_err(&err, CARD_E_TIMEOUT, -1, "no change in time");
	}
	if (rc != 1)
		cardd_send_err(c, &err);
	c->parked = 0;
	card_msg_clear(&c->req);
}

/* Check what a request asks before touching any card: known kinds, PIN
 * formats (upper-casing the signature PIN), so no try is burned. */
static int
cardd_validate(struct card_msg *r, struct card_error *err)
{
	char norm[CARD_PIN_MAX + 1];
	int pin_kind = r->kind;

	switch (r->type) {
	case CARD_MSG_SIGN:
	case CARD_MSG_GENKEY:
		if (r->kind != CARD_KEY_USER && r->kind != CARD_KEY_SIGN)
			goto bad;
		pin_kind = r->kind == CARD_KEY_SIGN ? CARD_PIN_SIGN : CARD_PIN_USER;
		if (r->type == CARD_MSG_GENKEY)
			return 0;
		break;
	case CARD_MSG_WRITE_CERT:
		if (r->kind < CARD_CERT_USER || r->kind > CARD_CERT_SIGN_CA ||
		    r->datalen == 0)
			goto bad;
		return 0;
	case CARD_MSG_IDENTITY:
		pin_kind = CARD_PIN_SUPPORT;
		if (r->pin[0] == '\0')
			return 0;
		break;
	case CARD_MSG_CERTS:
		pin_kind = CARD_PIN_SIGN;
		if (r->pin[0] == '\0')
			return 0;
		break;
	case CARD_MSG_FACE:
		/* PIN B is printed on the card: no PIN pad entry. */
		pin_kind = CARD_PIN_FACE_B;
		if (r->pin[0] == '\0')
			goto fmt;
		break;
	case CARD_MSG_TRIES:
	case CARD_MSG_VERIFY:
		if (r->kind < CARD_PIN_USER || r->kind > CARD_PIN_FACE_B)
			goto bad;
		if (r->type == CARD_MSG_TRIES)
			return 0;
		break;
	case CARD_MSG_CHANGE:
	case CARD_MSG_SET_PIN:
		if (r->kind < CARD_PIN_USER || r->kind > CARD_PIN_SUPPORT)
			goto bad;
		break;
	default:
		return 0;
	}
	/* "" is the PIN pad, except where a value must be given. */
	if (r->pin[0] != '\0' || r->type == CARD_MSG_SET_PIN) {
		if (card_pin_normalize(pin_kind, r->pin, norm) == -1)
			goto fmt;
		memcpy(r->pin, norm, sizeof(norm));
	}
	if (r->type == CARD_MSG_CHANGE && (r->pin[0] == '\0') !=
	    (r->newpin[0] == '\0'))
		goto fmt;
	if (r->type == CARD_MSG_CHANGE && r->newpin[0] != '\0') {
		if (card_pin_normalize(pin_kind, r->newpin, norm) == -1)
			goto fmt;
		memcpy(r->newpin, norm, sizeof(norm));
	}
	OPENSSL_cleanse(norm, sizeof(norm));
	return 0;
fmt:
	OPENSSL_cleanse(norm, sizeof(norm));
	cardd_err(err, CARD_E_PIN_FORMAT, -1, "PIN format (no try used)");
	return -1;
bad:
	cardd_err(err, CARD_E_INVALID, -1, "unknown kind %u", r->kind);
	return -1;
}

/* A card step or an issuance relay on the reader the request means. */
static void
cardd_card_step(struct cardd_client *c)
{
	struct card_error err = { CARD_OK, -1, "" };
	struct cardd_conn conn;
	struct card_msg resp;
	char reader[CARD_READER_MAX];
	int rc, issuance = c->req.type >= CARD_MSG_GENKEY &&
	    c->req.type <= CARD_MSG_DELETE_SIGN;

	card_msg_init(&resp, 0);
	if (cardd_validate(&c->req, &err) == -1 ||
	    cardd_pick(c, c->req.reader, reader, &err) == -1) {
		cardd_send_err(c, &err);
		return;
	}
	/* A claim holds the card that was in the reader when it was made: a
	 * card pulled or put in since (pcscd counted it) is another card for
	 * all this client knows, until it claims again. */
	if (c->held[0] != '\0' && strcmp(reader, c->held) == 0 &&
	    cardd_pcsc_events(reader) != c->held_events) {
		cardd_err(&err, CARD_E_REMOVED, -1, "the card in %s changed "
		    "since it was claimed", reader);
		cardd_send_err(c, &err);
		return;
	}
	if (issuance) {
		if (!cardd_admin_owns(reader)) {
			cardd_err(&err, CARD_E_NOT_SUPPORTED, -1, "issuance is not "
			    "public on this reader/card (%s)", reader);
			rc = -1;
		} else
			rc = cardd_admin_run(&c->req, &resp, &err);
	} else {
		if ((rc = cardd_pcsc_open(reader, &conn, &err)) == 0) {
			rc = cardd_jpki_run(&conn, &c->req, &resp, &err);
			cardd_pcsc_close(&conn);
		}
	}
	if (rc == -1) {
		card_msg_clear(&resp);
		cardd_send_err(c, &err);
		return;
	}
	log_info("client %d: %s on %s done", c->id, card_msg_name(c->req.type),
	    reader);
	cardd_send(c, &resp);
}

static void
cardd_dispatch(struct cardd_client *c)
{
	struct card_error err = { CARD_OK, -1, "" };
	struct card_msg m;

	switch (c->req.type) {
	case CARD_MSG_READERS:
	case CARD_MSG_CLAIM:
		c->parked = 1;
		c->deadline = util_now_ms() + c->req.timeout_ms;
		cardd_retry(c);
		return;
	case CARD_MSG_RELEASE:
		if (c->held[0] != '\0')
			log_info("client %d: released %s", c->id, c->held);
		c->held[0] = '\0';
		card_msg_init(&m, CARD_MSG_OK);
		cardd_send(c, &m);
		break;
	default:
		cardd_card_step(c);
		break;
	}
	(void)err;
	card_msg_clear(&c->req);
}

/* Tell a client of another protocol version which one we speak. */
static void
cardd_version_error(struct cardd_client *c)
{
	struct card_msg m;

	card_msg_init(&m, CARD_MSG_ERROR);
	m.code = CARD_E_PROTO;
	snprintf(m.text, sizeof(m.text), "protocol version %d only",
	    CARD_PROTO_VERSION);
	cardd_send(c, &m);
}

/* Read from a client; run each complete request. */
static void
cardd_input(struct cardd_client *c)
{
	unsigned char tmp[16384];
	ssize_t n;
	long body;
	size_t need;

	if ((n = read(c->fd, tmp, sizeof(tmp))) <= 0) {
		cardd_drop(c, n == 0 ? "hung up" : "read error");
		return;
	}
	if (c->len == 0)
		c->partial_ms = util_now_ms();
	c->buf = xreallocarray(c->buf, c->len + (size_t)n, 1);
	memcpy(c->buf + c->len, tmp, (size_t)n);
	OPENSSL_cleanse(tmp, (size_t)n);
	c->len += (size_t)n;
	while (c->fd != -1 && !c->parked && c->len >= CARD_HDR_LEN) {
		if ((body = card_msg_body_len(c->buf)) == -1) {
			if ((c->buf[0] << 8 | c->buf[1]) != CARD_PROTO_VERSION)
				cardd_version_error(c);
			cardd_drop(c, "bad header (version, type or length)");
			return;
		}
		need = CARD_HDR_LEN + (size_t)body;
		if (c->len < need)
			return;
		if (card_msg_decode(c->buf, need, &c->req) == -1 ||
		    c->req.type >= CARD_MSG_OK) {
			cardd_drop(c, "malformed request");
			return;
		}
		OPENSSL_cleanse(c->buf, need);
		memmove(c->buf, c->buf + need, c->len - need);
		c->len -= need;
		c->last_ms = util_now_ms();
		c->partial_ms = c->len > 0 ? c->last_ms : 0;
		c->asked = 1;
		log_debug("client %d: %s", c->id, card_msg_name(c->req.type));
		cardd_dispatch(c);
	}
}

/* A peer may use cardd if it is root, runs as our uid, or belongs to our
 * group (primary or supplementary): the socket's mode 0660 says the same. */
static int
cardd_peer_ok(const struct ucred *cr)
{
	struct passwd *pw;
	gid_t groups[64];
	int i, n = (int)nitems(groups);

	if (cr->uid == 0 || cr->uid == geteuid() || cr->gid == getegid())
		return 1;
	if ((pw = getpwuid(cr->uid)) == NULL ||
	    getgrouplist(pw->pw_name, pw->pw_gid, groups, &n) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (groups[i] == getegid())
			return 1;
	return 0;
}

/* Every slot taken: the slot of a client pushed out, its client dropped;
 * -1 when every client holds a reader (those are never pushed out). First
 * choice a client that never sent a whole request, then one idle between
 * requests, last one parked in a waiting request; among them the one idle
 * longest. */
static int
cardd_evict(void)
{
	int64_t now = util_now_ms(), idle, best_idle = -1;
	int i, rank, best = -1, best_rank = 3;

	for (i = 0; i < CARDD_CLIENTS_MAX; i++) {
		struct cardd_client *c = &cardd_clients[i];

		if (c->fd == -1 || c->held[0] != '\0')
			continue;
		rank = c->parked ? 2 : c->asked ? 1 : 0;
		idle = now - c->last_ms;
		if (rank < best_rank || (rank == best_rank && idle > best_idle)) {
			best = i;
			best_idle = idle;
			best_rank = rank;
		}
	}
	if (best == -1)
		return -1;
	log_warnx("client %d: idle %lld ms, dropped to make room for a new "
	    "client", cardd_clients[best].id, (long long)best_idle);
	cardd_drop(&cardd_clients[best], "pushed out by a new client");
	return best;
}

/* Drop clients that began a request and stopped sending it. */
static void
cardd_stalled(void)
{
	int64_t now = util_now_ms();
	size_t i;

	for (i = 0; i < CARDD_CLIENTS_MAX; i++)
		if (cardd_clients[i].fd != -1 && cardd_clients[i].len > 0 &&
		    !cardd_clients[i].parked &&
		    now - cardd_clients[i].partial_ms >= CARDD_STALL_MS)
			cardd_drop(&cardd_clients[i], "request not finished "
			    "in time");
}

/* Accept a client that cardd_peer_ok allows; log its uid. */
static void
cardd_accept(int lfd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	size_t i;
	int fd;

	if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1 ||
	    !cardd_peer_ok(&cred)) {
		struct card_msg m;
		log_warnx("refused peer uid=%d gid=%d", (int)cred.uid,
		    (int)cred.gid);
		card_msg_init(&m, CARD_MSG_ERROR);
		m.code = CARD_E_DENIED;
		strlcpy_m(m.text, "not allowed to use cardd", sizeof(m.text));
		card_msg_send(fd, &m);
		close(fd);
		return;
	}
	for (i = 0; i < CARDD_CLIENTS_MAX && cardd_clients[i].fd != -1; i++)
		;
	if (i == CARDD_CLIENTS_MAX) {
		int slot = cardd_evict();

		if (slot == -1) {
			log_warnx("too many clients; refused uid=%d",
			    (int)cred.uid);
			close(fd);
			return;
		}
		i = (size_t)slot;
	}
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &(struct timeval){ 5, 0 },
	    sizeof(struct timeval));
	cardd_clients[i].fd = fd;
	cardd_clients[i].id = cardd_next_id++;
	cardd_clients[i].uid = cred.uid;
	cardd_clients[i].last_ms = util_now_ms();
	log_info("client %d: connected uid=%d pid=%d", cardd_clients[i].id,
	    (int)cred.uid, (int)cred.pid);
}

static void
cardd_loop(int lfd)
{
	struct pollfd pfd[1 + CARDD_CLIENTS_MAX];
	size_t i;
	int parked, partial;

	while (!cardd_quit) {
		parked = partial = 0;
		pfd[0] = (struct pollfd){ lfd, POLLIN, 0 };
		for (i = 0; i < CARDD_CLIENTS_MAX; i++) {
			struct cardd_client *c = &cardd_clients[i];
			/* A parked client is not read: one request at a time;
			 * a hang-up still shows as POLLHUP. */
			pfd[1 + i] = (struct pollfd){ c->fd,
			    (short)(c->parked ? 0 : POLLIN), 0 };
			parked |= c->fd != -1 && c->parked;
			partial |= c->fd != -1 && c->len > 0;
		}
		if (poll(pfd, 1 + CARDD_CLIENTS_MAX, parked ? CARDD_TICK_MS :
		    partial ? 1000 : -1) == -1) {
			if (errno == EINTR)
				continue;
			fatal("poll");
		}
		if (pfd[0].revents & POLLIN)
			cardd_accept(lfd);
		for (i = 0; i < CARDD_CLIENTS_MAX; i++) {
			struct cardd_client *c = &cardd_clients[i];
			if (c->fd == -1 || pfd[1 + i].fd != c->fd)
				continue;
			if (c->parked && (pfd[1 + i].revents & (POLLHUP | POLLERR)))
				cardd_drop(c, "hung up while waiting");
			else if (pfd[1 + i].revents & (POLLIN | POLLHUP | POLLERR))
				cardd_input(c);
		}
		for (i = 0; i < CARDD_CLIENTS_MAX; i++)
			if (cardd_clients[i].fd != -1 && cardd_clients[i].parked)
				cardd_retry(&cardd_clients[i]);
		cardd_stalled();
	}
}

static void
cardd_usage(void)
{
	fprintf(stderr, "usage: madoguchi-cardd --socket PATH "
	    "[--vcard-admin SOCKET] [--vcard-reader NAME] [--log FILE]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *admin = NULL, *vreader = NULL, *logf = NULL;
	size_t i;
	int k, lfd;

	log_init("madoguchi-cardd", LOG_LEVEL_INFO);
	for (k = 1; k < argc; k += 2) {
		if (k + 1 >= argc)
			cardd_usage();
		if (strcmp(argv[k], "--socket") == 0)
			sock = argv[k + 1];
		else if (strcmp(argv[k], "--vcard-admin") == 0)
			admin = argv[k + 1];
		else if (strcmp(argv[k], "--vcard-reader") == 0)
			vreader = argv[k + 1];
		else if (strcmp(argv[k], "--log") == 0)
			logf = argv[k + 1];
		else
			cardd_usage();
	}
	if (sock == NULL)
		cardd_usage();
	if (logf != NULL && log_open_file(logf) == -1)
		fatal("%s", logf);
	for (i = 0; i < CARDD_CLIENTS_MAX; i++)
		cardd_clients[i].fd = -1;
	cardd_admin_init(admin, vreader);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, cardd_sig_cb);
	signal(SIGINT, cardd_sig_cb);
	lfd = util_unix_listen(sock);
	log_info("listening on %s (protocol %d)%s%s", sock, CARD_PROTO_VERSION,
	    admin != NULL ? ", emulated card admin " : "",
	    admin != NULL ? admin : "");
	cardd_loop(lfd);
	for (i = 0; i < CARDD_CLIENTS_MAX; i++)
		if (cardd_clients[i].fd != -1)
			cardd_drop(&cardd_clients[i], "shutting down");
	close(lfd);
	unlink(sock);
	cardd_pcsc_shutdown();
	return 0;
}
