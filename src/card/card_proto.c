/*
 * Encoder and decoder of the cardd protocol. card_msg_table lists, for each
 * message type, the fields of its body in order; both directions walk that
 * table, so a message can only ever hold what its type declares. The
 * decoder reads each field with a bounds check and fails on any leftover
 * byte (the end check); it never trusts a length before checking it.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "madoguchi/util.h"
#include "card_proto.h"

enum card_field {
	F_END = 0, F_READER, F_KIND, F_WAIT, F_TIMEOUT, F_CODE, F_TRIES,
	F_PIN, F_NEWPIN, F_TEXT, F_DATA, F_READERS, F_IDENT, F_CERTS
};

struct card_msg_spec {
	uint16_t	type;
	const char	*name;
	enum card_field	fields[6];
};

static const struct card_msg_spec card_msg_table[] = {
	{ CARD_MSG_READERS, "readers", { F_READER, F_WAIT, F_TIMEOUT } },
	{ CARD_MSG_CLAIM, "claim", { F_READER, F_TIMEOUT } },
	{ CARD_MSG_RELEASE, "release", { F_END } },
	{ CARD_MSG_IDENTITY, "identity", { F_READER, F_PIN } },
	{ CARD_MSG_CERTS, "certs", { F_READER, F_PIN } },
	{ CARD_MSG_TRIES, "tries", { F_READER, F_KIND } },
	{ CARD_MSG_VERIFY, "verify", { F_READER, F_KIND, F_PIN } },
	{ CARD_MSG_CHANGE, "change-pin", { F_READER, F_KIND, F_PIN, F_NEWPIN } },
	{ CARD_MSG_SIGN, "sign", { F_READER, F_KIND, F_PIN, F_DATA } },
	{ CARD_MSG_GENKEY, "generate-key", { F_READER, F_KIND } },
	{ CARD_MSG_WRITE_CERT, "write-cert", { F_READER, F_KIND, F_DATA } },
	{ CARD_MSG_SET_PIN, "set-pin", { F_READER, F_KIND, F_PIN } },
	{ CARD_MSG_FACE_LOCK, "face-lock", { F_READER } },
	{ CARD_MSG_DELETE_SIGN, "delete-sign", { F_READER } },
	{ CARD_MSG_FACE, "face", { F_READER, F_PIN } },
	{ CARD_MSG_OK, "ok", { F_END } },
	{ CARD_MSG_ERROR, "error", { F_CODE, F_TRIES, F_TEXT } },
	{ CARD_MSG_READERS_OK, "readers-ok", { F_READERS } },
	{ CARD_MSG_CLAIM_OK, "claim-ok", { F_READER } },
	{ CARD_MSG_IDENTITY_OK, "identity-ok", { F_IDENT } },
	{ CARD_MSG_CERTS_OK, "certs-ok", { F_CERTS } },
	{ CARD_MSG_TRIES_OK, "tries-ok", { F_TRIES } },
	{ CARD_MSG_DATA_OK, "data-ok", { F_DATA } },
	{ CARD_MSG_FACE_OK, "face-ok", { F_IDENT, F_TEXT, F_DATA } },
};

static const struct card_msg_spec *
card_msg_spec(uint16_t type)
{
	size_t i;

	for (i = 0; i < nitems(card_msg_table); i++)
		if (card_msg_table[i].type == type)
			return &card_msg_table[i];
	return NULL;
}

const char *
card_msg_name(uint16_t type)
{
	const struct card_msg_spec *s = card_msg_spec(type);

	return s != NULL ? s->name : NULL;
}

void
card_msg_init(struct card_msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->tries = UINT32_MAX;
}

void
card_msg_clear(struct card_msg *m)
{
	size_t i;

	OPENSSL_cleanse(m->pin, sizeof(m->pin));
	OPENSSL_cleanse(m->newpin, sizeof(m->newpin));
	free(m->data);
	for (i = 0; i < nitems(m->certs.cert); i++)
		free(m->certs.cert[i].der);
	card_msg_init(m, 0);
}

/* ---- encoding ---- */

struct card_buf {
	unsigned char	*p;
	size_t		len, cap;
	int		bad;
};

static void
card_put(struct card_buf *b, const void *p, size_t n)
{
	if (n == 0)		/* an empty field may come as NULL */
		return;
	if (b->len + n > CARD_HDR_LEN + CARD_BODY_MAX) {
		b->bad = 1;
		return;
	}
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
card_put_u32(struct card_buf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	card_put(b, x, 4);
}

static void
card_put_bytes(struct card_buf *b, const void *p, size_t n, size_t max)
{
	if (n > max) {
		b->bad = 1;
		return;
	}
	card_put_u32(b, (uint32_t)n);
	card_put(b, p, n);
}

/* A string field: its length must leave room for the NUL at the receiver. */
static void
card_put_str(struct card_buf *b, const char *s, size_t size)
{
	card_put_bytes(b, s, strnlen(s, size), size - 1);
}

static void
card_put_ident(struct card_buf *b, const struct card_identity *id)
{
	card_put_str(b, id->token, sizeof(id->token));
	card_put_str(b, id->card_number, sizeof(id->card_number));
	card_put_u32(b, id->has_basic4 ? 1 : 0);
	card_put_str(b, id->name, sizeof(id->name));
	card_put_str(b, id->address, sizeof(id->address));
	card_put_str(b, id->birth, sizeof(id->birth));
	card_put_str(b, id->sex, sizeof(id->sex));
}

static void
card_put_certs(struct card_buf *b, const struct card_certs *cs)
{
	const struct card_cert *c;
	size_t i;

	if (cs->n > nitems(cs->cert)) {
		b->bad = 1;
		return;
	}
	card_put_u32(b, (uint32_t)cs->n);
	for (i = 0; i < cs->n; i++) {
		c = &cs->cert[i];
		card_put_u32(b, c->slot);
		card_put_u32(b, c->present ? 1 : 0);
		card_put_bytes(b, c->der, c->derlen, CARD_DATA_MAX);
		card_put_str(b, c->serial, sizeof(c->serial));
		card_put_str(b, c->not_before, sizeof(c->not_before));
		card_put_str(b, c->not_after, sizeof(c->not_after));
		card_put_str(b, c->subject, sizeof(c->subject));
	}
}

static void
card_put_field(struct card_buf *b, const struct card_msg *m, enum card_field f)
{
	size_t i;

	switch (f) {
	case F_END: break;
	case F_READER: card_put_str(b, m->reader, sizeof(m->reader)); break;
	case F_KIND: card_put_u32(b, m->kind); break;
	case F_WAIT: card_put_u32(b, m->wait); break;
	case F_TIMEOUT: card_put_u32(b, m->timeout_ms); break;
	case F_CODE: card_put_u32(b, m->code); break;
	case F_TRIES: card_put_u32(b, m->tries); break;
	case F_PIN: card_put_str(b, m->pin, sizeof(m->pin)); break;
	case F_NEWPIN: card_put_str(b, m->newpin, sizeof(m->newpin)); break;
	case F_TEXT: card_put_str(b, m->text, sizeof(m->text)); break;
	case F_DATA: card_put_bytes(b, m->data, m->datalen, CARD_DATA_MAX); break;
	case F_READERS:
		if (m->nreaders > CARD_READERS_MAX) {
			b->bad = 1;
			break;
		}
		card_put_u32(b, (uint32_t)m->nreaders);
		for (i = 0; i < m->nreaders; i++) {
			card_put_str(b, m->readers[i].name,
			    sizeof(m->readers[i].name));
			card_put_u32(b, m->readers[i].flags);
		}
		break;
	case F_IDENT: card_put_ident(b, &m->ident); break;
	case F_CERTS: card_put_certs(b, &m->certs); break;
	}
}

int
card_msg_encode(const struct card_msg *m, unsigned char **out, size_t *outlen)
{
	const struct card_msg_spec *s = card_msg_spec(m->type);
	struct card_buf b = { NULL, 0, 0, 0 };
	size_t i, body;

	if (s == NULL)
		return -1;
	card_put(&b, "\0\0\0\0\0\0\0\0", CARD_HDR_LEN);
	for (i = 0; i < nitems(s->fields) && s->fields[i] != F_END; i++)
		card_put_field(&b, m, s->fields[i]);
	if (b.bad) {
		if (b.p != NULL)
			OPENSSL_cleanse(b.p, b.len);
		free(b.p);
		return -1;
	}
	body = b.len - CARD_HDR_LEN;
	b.p[0] = CARD_PROTO_VERSION >> 8;
	b.p[1] = CARD_PROTO_VERSION & 0xff;
	b.p[2] = m->type >> 8;
	b.p[3] = m->type & 0xff;
	b.p[4] = body >> 24;
	b.p[5] = body >> 16;
	b.p[6] = body >> 8;
	b.p[7] = body;
	*out = b.p;
	*outlen = b.len;
	return 0;
}

/* ---- decoding ---- */

struct card_rd {
	const unsigned char *p;
	size_t		left;
};

static int
card_get_u32(struct card_rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

/* A string of at most size-1 bytes with no NUL inside. */
static int
card_get_str(struct card_rd *r, char *s, size_t size)
{
	uint32_t n;

	if (card_get_u32(r, &n) == -1 || n > r->left || n >= size ||
	    memchr(r->p, '\0', n) != NULL)
		return -1;
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	r->left -= n;
	return 0;
}

/* Bytes into a new buffer (*p owned by the message). */
static int
card_get_bytes(struct card_rd *r, unsigned char **p, size_t *len)
{
	uint32_t n;

	if (card_get_u32(r, &n) == -1 || n > r->left || n > CARD_DATA_MAX)
		return -1;
	*p = n > 0 ? xmalloc(n) : NULL;
	if (n > 0)
		memcpy(*p, r->p, n);
	*len = n;
	r->p += n;
	r->left -= n;
	return 0;
}

static int
card_get_ident(struct card_rd *r, struct card_identity *id)
{
	uint32_t v;

	if (card_get_str(r, id->token, sizeof(id->token)) == -1 ||
	    card_get_str(r, id->card_number, sizeof(id->card_number)) == -1 ||
	    card_get_u32(r, &v) == -1 || v > 1 ||
	    card_get_str(r, id->name, sizeof(id->name)) == -1 ||
	    card_get_str(r, id->address, sizeof(id->address)) == -1 ||
	    card_get_str(r, id->birth, sizeof(id->birth)) == -1 ||
	    card_get_str(r, id->sex, sizeof(id->sex)) == -1)
		return -1;
	id->has_basic4 = (int)v;
	return 0;
}

static int
card_get_certs(struct card_rd *r, struct card_certs *cs)
{
	struct card_cert *c;
	uint32_t n, v;
	size_t i;

	if (card_get_u32(r, &n) == -1 || n > nitems(cs->cert))
		return -1;
	for (i = 0; i < n; i++) {
		c = &cs->cert[i];
		cs->n = i + 1;	/* so clear frees what was read */
		if (card_get_u32(r, &v) == -1 || v < CARD_CERT_USER ||
		    v > CARD_CERT_SIGN_CA)
			return -1;
		c->slot = (enum card_cert_slot)v;
		if (card_get_u32(r, &v) == -1 || v > 1)
			return -1;
		c->present = (int)v;
		if (card_get_bytes(r, &c->der, &c->derlen) == -1 ||
		    card_get_str(r, c->serial, sizeof(c->serial)) == -1 ||
		    card_get_str(r, c->not_before, sizeof(c->not_before)) == -1 ||
		    card_get_str(r, c->not_after, sizeof(c->not_after)) == -1 ||
		    card_get_str(r, c->subject, sizeof(c->subject)) == -1)
			return -1;
	}
	cs->n = n;
	return 0;
}

static int
card_get_readers(struct card_rd *r, struct card_msg *m)
{
	uint32_t n;
	size_t i;

	if (card_get_u32(r, &n) == -1 || n > CARD_READERS_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (card_get_str(r, m->readers[i].name,
		    sizeof(m->readers[i].name)) == -1 ||
		    card_get_u32(r, &m->readers[i].flags) == -1)
			return -1;
	m->nreaders = n;
	return 0;
}

static int
card_get_field(struct card_rd *r, struct card_msg *m, enum card_field f)
{
	switch (f) {
	case F_END: return 0;
	case F_READER: return card_get_str(r, m->reader, sizeof(m->reader));
	case F_KIND: return card_get_u32(r, &m->kind);
	case F_WAIT: return card_get_u32(r, &m->wait);
	case F_TIMEOUT: return card_get_u32(r, &m->timeout_ms);
	case F_CODE: return card_get_u32(r, &m->code);
	case F_TRIES: return card_get_u32(r, &m->tries);
	case F_PIN: return card_get_str(r, m->pin, sizeof(m->pin));
	case F_NEWPIN: return card_get_str(r, m->newpin, sizeof(m->newpin));
	case F_TEXT: return card_get_str(r, m->text, sizeof(m->text));
	case F_DATA: return card_get_bytes(r, &m->data, &m->datalen);
	case F_READERS: return card_get_readers(r, m);
	case F_IDENT: return card_get_ident(r, &m->ident);
	case F_CERTS: return card_get_certs(r, &m->certs);
	}
	return -1;
}

long
card_msg_body_len(const unsigned char hdr[CARD_HDR_LEN])
{
	uint16_t version = (uint16_t)(hdr[0] << 8 | hdr[1]);
	uint16_t type = (uint16_t)(hdr[2] << 8 | hdr[3]);
	uint32_t len = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	    (uint32_t)hdr[6] << 8 | hdr[7];

	if (version != CARD_PROTO_VERSION || card_msg_spec(type) == NULL ||
	    len > CARD_BODY_MAX)
		return -1;
	return (long)len;
}

int
card_msg_decode(const unsigned char *buf, size_t len, struct card_msg *m)
{
	const struct card_msg_spec *s;
	struct card_rd r;
	long body;
	size_t i;

	card_msg_init(m, 0);
	if (len < CARD_HDR_LEN || (body = card_msg_body_len(buf)) == -1 ||
	    (size_t)body != len - CARD_HDR_LEN)
		return -1;
	m->type = (uint16_t)(buf[2] << 8 | buf[3]);
	s = card_msg_spec(m->type);
	r.p = buf + CARD_HDR_LEN;
	r.left = (size_t)body;
	for (i = 0; i < nitems(s->fields) && s->fields[i] != F_END; i++)
		if (card_get_field(&r, m, s->fields[i]) == -1)
			goto bad;
	if (r.left != 0)
		goto bad;	/* the end check */
	return 0;
bad:
	card_msg_clear(m);
	return -1;
}

/* ---- blocking socket helpers ---- */

int
card_msg_send(int fd, const struct card_msg *m)
{
	unsigned char *buf;
	size_t len, off = 0;
	ssize_t n;
	int rc = 0;

	if (card_msg_encode(m, &buf, &len) == -1) {
		errno = EMSGSIZE;
		return -1;
	}
	while (off < len) {
		n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = -1;
			break;
		}
		off += (size_t)n;
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}

static int
card_read_full(int fd, unsigned char *p, size_t len, int64_t deadline)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t off = 0;
	ssize_t n;
	int wait;

	while (off < len) {
		wait = -1;
		if (deadline >= 0) {
			int64_t left = deadline - util_now_ms();
			if (left <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			wait = (int)left;
		}
		if (poll(&pfd, 1, wait) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		n = read(fd, p + off, len - off);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n == 0)
			errno = ECONNRESET;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

int
card_msg_recv(int fd, struct card_msg *m, int timeout_ms)
{
	unsigned char hdr[CARD_HDR_LEN], *buf;
	int64_t deadline = timeout_ms < 0 ? -1 : util_now_ms() + timeout_ms;
	long body;
	int rc;

	card_msg_init(m, 0);
	if (card_read_full(fd, hdr, sizeof(hdr), deadline) == -1)
		return -1;
	if ((body = card_msg_body_len(hdr)) == -1) {
		errno = EPROTO;
		return -1;
	}
	buf = xmalloc(CARD_HDR_LEN + (size_t)body);
	memcpy(buf, hdr, CARD_HDR_LEN);
	rc = card_read_full(fd, buf + CARD_HDR_LEN, (size_t)body, deadline);
	if (rc == 0 && card_msg_decode(buf, CARD_HDR_LEN + (size_t)body, m) == -1) {
		errno = EPROTO;
		rc = -1;
	}
	OPENSSL_cleanse(buf, CARD_HDR_LEN + (size_t)body);
	free(buf);
	return rc;
}
