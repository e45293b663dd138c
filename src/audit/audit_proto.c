/*
 * Encoder and decoder of the auditd protocol. audit_msg_table lists each
 * message type's fields in order; both directions walk it, so a message
 * carries only what its type declares. Every length is checked before it
 * is trusted, and a leftover byte is a malformed message (the end check).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "audit_proto.h"

enum audit_field { F_END = 0, F_COUNT, F_HASH, F_AT, F_KEYID, F_CODE, F_TEXT };

static const struct {
	uint16_t	type;
	const char	*name;
	enum audit_field fields[5];
} audit_msg_table[] = {
	{ AUDIT_MSG_ADVANCE, "advance", { F_END } },
	{ AUDIT_MSG_STATUS, "status", { F_END } },
	{ AUDIT_MSG_ROTATE, "rotate-key", { F_END } },
	/* The store's hook after a commit: auditd sends nothing back, so
	 * the clerk never waits for the signature (coalesced advances). */
	{ AUDIT_MSG_NOTIFY, "notify", { F_END } },
	{ AUDIT_MSG_HEAD, "head", { F_COUNT, F_HASH, F_AT, F_KEYID } },
	{ AUDIT_MSG_ERROR, "error", { F_CODE, F_TEXT } },
};

static int
audit_msg_index(uint16_t type)
{
	size_t i;

	for (i = 0; i < nitems(audit_msg_table); i++)
		if (audit_msg_table[i].type == type)
			return (int)i;
	return -1;
}

const char *
audit_msg_name(uint16_t type)
{
	int i = audit_msg_index(type);

	return i >= 0 ? audit_msg_table[i].name : NULL;
}

void
audit_msg_init(struct audit_msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
}

struct audit_buf {
	unsigned char	*p;
	size_t		len, cap;
	int		bad;
};

static void
audit_put(struct audit_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->bad = 1;
		return;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
audit_put_u32(struct audit_buf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	audit_put(b, x, 4);
}

static void
audit_put_str(struct audit_buf *b, const char *s, size_t size)
{
	size_t n = strnlen(s, size);

	if (n >= size) {
		b->bad = 1;
		return;
	}
	audit_put_u32(b, (uint32_t)n);
	audit_put(b, s, n);
}

static void
audit_put_field(struct audit_buf *b, const struct audit_msg *m,
    enum audit_field f)
{
	switch (f) {
	case F_END: break;
	case F_COUNT:
		audit_put_u32(b, (uint32_t)(m->count >> 32));
		audit_put_u32(b, (uint32_t)m->count);
		break;
	case F_HASH: audit_put_str(b, m->hash, sizeof(m->hash)); break;
	case F_AT: audit_put_str(b, m->at, sizeof(m->at)); break;
	case F_KEYID: audit_put_str(b, m->keyid, sizeof(m->keyid)); break;
	case F_CODE: audit_put_u32(b, m->code); break;
	case F_TEXT: audit_put_str(b, m->text, sizeof(m->text)); break;
	}
}

int
audit_msg_encode(const struct audit_msg *m, unsigned char *buf, size_t size)
{
	struct audit_buf b = { buf, AUDIT_HDR_LEN, size, 0 };
	int i = audit_msg_index(m->type);
	size_t k, body;

	if (i < 0 || size < AUDIT_HDR_LEN)
		return -1;
	for (k = 0; k < nitems(audit_msg_table[i].fields) &&
	    audit_msg_table[i].fields[k] != F_END; k++)
		audit_put_field(&b, m, audit_msg_table[i].fields[k]);
	body = b.len - AUDIT_HDR_LEN;
	if (b.bad || body > AUDIT_BODY_MAX)
		return -1;
	buf[0] = AUDIT_PROTO_VERSION >> 8;
	buf[1] = AUDIT_PROTO_VERSION & 0xff;
	buf[2] = m->type >> 8;
	buf[3] = m->type & 0xff;
	buf[4] = (unsigned char)(body >> 24);
	buf[5] = (unsigned char)(body >> 16);
	buf[6] = (unsigned char)(body >> 8);
	buf[7] = (unsigned char)body;
	return (int)b.len;
}

long
audit_msg_body_len(const unsigned char hdr[AUDIT_HDR_LEN], int *badver)
{
	uint16_t ver = (uint16_t)(hdr[0] << 8 | hdr[1]);
	uint16_t type = (uint16_t)(hdr[2] << 8 | hdr[3]);
	uint32_t len = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	    (uint32_t)hdr[6] << 8 | hdr[7];

	*badver = ver != AUDIT_PROTO_VERSION;
	if (*badver || audit_msg_index(type) < 0 || len > AUDIT_BODY_MAX)
		return -1;
	return (long)len;
}

struct audit_rd {
	const unsigned char	*p;
	size_t			len, off;
	int			bad;
};

static uint32_t
audit_get_u32(struct audit_rd *r)
{
	uint32_t v;

	if (r->len - r->off < 4) {
		r->bad = 1;
		return 0;
	}
	v = (uint32_t)r->p[r->off] << 24 | (uint32_t)r->p[r->off + 1] << 16 |
	    (uint32_t)r->p[r->off + 2] << 8 | r->p[r->off + 3];
	r->off += 4;
	return v;
}

/* A string of at most size-1 bytes, no NUL inside. */
static void
audit_get_str(struct audit_rd *r, char *out, size_t size)
{
	uint32_t n = audit_get_u32(r);

	if (r->bad || n >= size || r->len - r->off < n ||
	    memchr(r->p + r->off, '\0', n) != NULL) {
		r->bad = 1;
		return;
	}
	memcpy(out, r->p + r->off, n);
	out[n] = '\0';
	r->off += n;
}

static void
audit_get_field(struct audit_rd *r, struct audit_msg *m, enum audit_field f)
{
	uint64_t hi;

	switch (f) {
	case F_END: break;
	case F_COUNT:
		hi = audit_get_u32(r);
		m->count = hi << 32 | audit_get_u32(r);
		break;
	case F_HASH: audit_get_str(r, m->hash, sizeof(m->hash)); break;
	case F_AT: audit_get_str(r, m->at, sizeof(m->at)); break;
	case F_KEYID: audit_get_str(r, m->keyid, sizeof(m->keyid)); break;
	case F_CODE: m->code = audit_get_u32(r); break;
	case F_TEXT: audit_get_str(r, m->text, sizeof(m->text)); break;
	}
}

int
audit_msg_decode(const unsigned char *buf, size_t len, struct audit_msg *m)
{
	struct audit_rd r = { buf, len, AUDIT_HDR_LEN, 0 };
	long body;
	int i, badver;
	size_t k;

	if (len < AUDIT_HDR_LEN ||
	    (body = audit_msg_body_len(buf, &badver)) < 0 ||
	    (size_t)body != len - AUDIT_HDR_LEN)
		return -1;
	audit_msg_init(m, (uint16_t)(buf[2] << 8 | buf[3]));
	i = audit_msg_index(m->type);
	for (k = 0; k < nitems(audit_msg_table[i].fields) &&
	    audit_msg_table[i].fields[k] != F_END; k++)
		audit_get_field(&r, m, audit_msg_table[i].fields[k]);
	if (r.bad || r.off != r.len) {	/* the end check */
		audit_msg_init(m, 0);
		return -1;
	}
	return 0;
}

int
audit_msg_send(int fd, const struct audit_msg *m)
{
	unsigned char buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	int n = audit_msg_encode(m, buf, sizeof(buf)), off = 0;
	ssize_t w;

	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	while (off < n) {
		w = send(fd, buf + off, (size_t)(n - off), MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (int)w;
	}
	return 0;
}
