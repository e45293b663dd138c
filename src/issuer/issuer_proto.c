/*
 * Encoder and decoder of the issuerd protocol. issuer_msg_table lists, for
 * each message type, the fields of its body in order; both directions walk
 * that table, so a message only ever holds what its type declares. The
 * decoder reads each field with a bounds check, never trusts a length
 * before checking it, and fails on any leftover byte (the end check).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "issuer_proto.h"

#define ISSUER_NULL_LEN	0xffffffffu	/* length of an absent string */

enum issuer_field {
	F_END = 0, F_ID, F_SERIAL, F_PERSON, F_DATE, F_FORM, F_DETAIL,
	F_TRACKING, F_TEXT, F_KIND, F_OP, F_REASON, F_MAIL_STATE, F_STATUS,
	F_DISC_ID, F_SPKI, F_CRL, F_HOLDER, F_CERTS, F_EVENTS, F_REQUEST,
	F_DISC, F_TODAY
};

struct issuer_msg_spec {
	uint16_t		type;
	const char		*name;
	enum issuer_field	fields[8];
};

static const struct issuer_msg_spec issuer_msg_table[] = {
	{ ISSUER_MSG_ISSUE, "issue",
	    { F_ID, F_KIND, F_SPKI, F_HOLDER, F_DATE, F_TODAY } },
	{ ISSUER_MSG_CHANGE, "change",
	    { F_ID, F_OP, F_SERIAL, F_REASON, F_DATE, F_TODAY } },
	{ ISSUER_MSG_STATUS, "status", { F_SERIAL, F_DATE, F_TODAY } },
	{ ISSUER_MSG_HISTORY, "history", { F_SERIAL } },
	{ ISSUER_MSG_LIST, "list", { F_PERSON, F_DATE, F_TODAY } },
	{ ISSUER_MSG_CRL, "crl", { F_KIND } },
	{ ISSUER_MSG_FIND, "find", { F_ID } },
	{ ISSUER_MSG_DISC_RECORD, "disclosure-record",
	    { F_ID, F_KIND, F_PERSON, F_FORM, F_DATE, F_DETAIL, F_TODAY } },
	{ ISSUER_MSG_DISC_MAIL, "disclosure-mail",
	    { F_ID, F_DISC_ID, F_MAIL_STATE, F_TRACKING, F_DATE, F_TODAY } },
	{ ISSUER_MSG_DISC_GET, "disclosure-get", { F_DISC_ID } },
	{ ISSUER_MSG_ERROR, "error", { F_STATUS, F_TEXT } },
	{ ISSUER_MSG_CERTS_OK, "certs-ok", { F_CERTS } },
	{ ISSUER_MSG_EVENTS_OK, "events-ok", { F_EVENTS } },
	{ ISSUER_MSG_CRL_OK, "crl-ok", { F_CRL } },
	{ ISSUER_MSG_REQUEST_OK, "request-ok", { F_REQUEST } },
	{ ISSUER_MSG_DISC_OK, "disclosure-ok", { F_DISC } },
};

static const struct issuer_msg_spec *
issuer_msg_spec(uint16_t type)
{
	size_t i;

	for (i = 0; i < nitems(issuer_msg_table); i++)
		if (issuer_msg_table[i].type == type)
			return &issuer_msg_table[i];
	return NULL;
}

const char *
issuer_msg_name(uint16_t type)
{
	const struct issuer_msg_spec *s = issuer_msg_spec(type);

	return s != NULL ? s->name : NULL;
}

void
issuer_msg_init(struct issuer_msg *m, uint16_t type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->reason = ISSUER_REASON_NONE;
}

void
issuer_msg_clear(struct issuer_msg *m)
{
	char **s[] = { &m->id, &m->serial, &m->person, &m->date, &m->today,
	    &m->form,
	    &m->detail, &m->tracking, &m->text, &m->holder.person_key,
	    &m->holder.name, &m->holder.name_alt, &m->holder.address,
	    &m->holder.address_alt, &m->holder.birth_date,
	    &m->holder.card_expiry };
	size_t i;

	for (i = 0; i < nitems(s); i++)
		free(*s[i]);
	free(m->blob);
	if (m->certs != NULL)
		issuer_certs_free(m->certs, m->ncerts);
	free(m->events);
	issuer_msg_init(m, 0);
}

/* ---- encoding ---- */

struct issuer_buf {
	unsigned char	*p;
	size_t		len, cap;
	int		bad;
};

static void
issuer_put(struct issuer_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->len + n > ISSUER_HDR_LEN + ISSUER_ANS_MAX) {
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
issuer_put_u32(struct issuer_buf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16, v >> 8, v };

	issuer_put(b, x, 4);
}

static void
issuer_put_u64(struct issuer_buf *b, uint64_t v)
{
	issuer_put_u32(b, (uint32_t)(v >> 32));
	issuer_put_u32(b, (uint32_t)v);
}

static void
issuer_put_bytes(struct issuer_buf *b, const void *p, size_t n, size_t max)
{
	if (n > max) {
		b->bad = 1;
		return;
	}
	issuer_put_u32(b, (uint32_t)n);
	issuer_put(b, p, n);
}

/* A string, or NULL as the absent string. */
static void
issuer_put_str(struct issuer_buf *b, const char *s)
{
	if (s == NULL)
		issuer_put_u32(b, ISSUER_NULL_LEN);
	else
		issuer_put_bytes(b, s, strlen(s), ISSUER_STR_MAX);
}

static void
issuer_put_cert(struct issuer_buf *b, const struct issuer_cert *c)
{
	issuer_put_str(b, c->serial);
	issuer_put_u32(b, (uint32_t)c->kind);
	issuer_put_u32(b, (uint32_t)c->state);
	issuer_put_u32(b, (uint32_t)(int32_t)c->reason);
	issuer_put_str(b, c->person_key);
	issuer_put_str(b, c->request_id);
	issuer_put_str(b, c->issued_on);
	issuer_put_str(b, c->not_before);
	issuer_put_str(b, c->not_after);
	issuer_put_str(b, c->changed_on);
	issuer_put_bytes(b, c->der, c->der_len, ISSUER_BLOB_MAX);
}

static void
issuer_put_event(struct issuer_buf *b, const struct issuer_event *e)
{
	issuer_put_u64(b, (uint64_t)(int64_t)e->id);
	issuer_put_str(b, e->serial);
	issuer_put_u32(b, (uint32_t)e->op);
	issuer_put_u32(b, (uint32_t)e->old_state);
	issuer_put_u32(b, (uint32_t)e->new_state);
	issuer_put_u32(b, (uint32_t)(int32_t)e->reason);
	issuer_put_str(b, e->date);
	issuer_put_str(b, e->request_id);
}

static void
issuer_put_disc(struct issuer_buf *b, const struct issuer_disclosure *d)
{
	issuer_put_u64(b, (uint64_t)(int64_t)d->id);
	issuer_put_u32(b, (uint32_t)d->kind);
	issuer_put_str(b, d->person_key);
	issuer_put_str(b, d->form);
	issuer_put_str(b, d->received_on);
	issuer_put_u32(b, (uint32_t)d->mail_state);
	issuer_put_str(b, d->tracking_no);
	issuer_put_str(b, d->mail_date);
}

static void
issuer_put_list(struct issuer_buf *b, const struct issuer_msg *m,
    enum issuer_field f)
{
	size_t i, n = f == F_CERTS ? m->ncerts : m->nevents;

	if (n > ISSUER_LIST_MAX) {
		b->bad = 1;
		return;
	}
	issuer_put_u32(b, (uint32_t)n);
	for (i = 0; i < n; i++) {
		if (f == F_CERTS)
			issuer_put_cert(b, &m->certs[i]);
		else
			issuer_put_event(b, &m->events[i]);
	}
}

static void
issuer_put_field(struct issuer_buf *b, const struct issuer_msg *m,
    enum issuer_field f)
{
	const struct issuer_request *q = &m->request;

	switch (f) {
	case F_END: break;
	case F_ID: issuer_put_str(b, m->id); break;
	case F_SERIAL: issuer_put_str(b, m->serial); break;
	case F_PERSON: issuer_put_str(b, m->person); break;
	case F_DATE: issuer_put_str(b, m->date); break;
	case F_TODAY: issuer_put_str(b, m->today); break;
	case F_FORM: issuer_put_str(b, m->form); break;
	case F_DETAIL: issuer_put_str(b, m->detail); break;
	case F_TRACKING: issuer_put_str(b, m->tracking); break;
	case F_TEXT: issuer_put_str(b, m->text); break;
	case F_KIND: issuer_put_u32(b, m->kind); break;
	case F_OP: issuer_put_u32(b, m->op); break;
	case F_REASON: issuer_put_u32(b, (uint32_t)m->reason); break;
	case F_MAIL_STATE: issuer_put_u32(b, m->mail_state); break;
	case F_STATUS: issuer_put_u32(b, m->status); break;
	case F_DISC_ID: issuer_put_u64(b, (uint64_t)m->disc_id); break;
	case F_SPKI:
		issuer_put_bytes(b, m->blob, m->bloblen, ISSUER_BLOB_MAX);
		break;
	case F_CRL:
		issuer_put_bytes(b, m->blob, m->bloblen, ISSUER_CRL_MAX);
		break;
	case F_HOLDER:
		issuer_put_str(b, m->holder.person_key);
		issuer_put_str(b, m->holder.name);
		issuer_put_str(b, m->holder.name_alt);
		issuer_put_str(b, m->holder.address);
		issuer_put_str(b, m->holder.address_alt);
		issuer_put_str(b, m->holder.birth_date);
		issuer_put_u32(b, m->holder.sex);
		issuer_put_str(b, m->holder.card_expiry);
		break;
	case F_CERTS:
	case F_EVENTS: issuer_put_list(b, m, f); break;
	case F_REQUEST:
		issuer_put_u32(b, (uint32_t)q->op);
		issuer_put_str(b, q->serial);
		issuer_put_u64(b, (uint64_t)(int64_t)q->event_id);
		issuer_put_u64(b, (uint64_t)(int64_t)q->disclosure_id);
		break;
	case F_DISC: issuer_put_disc(b, &m->disc); break;
	}
}

int
issuer_msg_encode(const struct issuer_msg *m, unsigned char **out,
    size_t *outlen)
{
	const struct issuer_msg_spec *s = issuer_msg_spec(m->type);
	struct issuer_buf b = { NULL, 0, 0, 0 };
	size_t i, body;

	if (s == NULL)
		return -1;
	issuer_put(&b, "\0\0\0\0\0\0\0\0", ISSUER_HDR_LEN);
	for (i = 0; i < nitems(s->fields) && s->fields[i] != F_END; i++)
		issuer_put_field(&b, m, s->fields[i]);
	body = b.len - ISSUER_HDR_LEN;
	if (b.bad || body > (m->type < ISSUER_MSG_ERROR ? ISSUER_REQ_MAX :
	    ISSUER_ANS_MAX)) {
		free(b.p);
		return -1;
	}
	b.p[0] = ISSUER_PROTO_VERSION >> 8;
	b.p[1] = ISSUER_PROTO_VERSION & 0xff;
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

struct issuer_rd {
	const unsigned char *p;
	size_t		left;
};

static int
issuer_get_u32(struct issuer_rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

static int
issuer_get_u64(struct issuer_rd *r, int64_t *v)
{
	uint32_t hi, lo;

	if (issuer_get_u32(r, &hi) == -1 || issuer_get_u32(r, &lo) == -1)
		return -1;
	*v = (int64_t)((uint64_t)hi << 32 | lo);
	return 0;
}

/* A string into a new buffer (*s owned by the message; NULL when absent):
 * at most ISSUER_STR_MAX bytes, no NUL inside. */
static int
issuer_get_str(struct issuer_rd *r, char **s)
{
	uint32_t n;

	if (issuer_get_u32(r, &n) == -1)
		return -1;
	if (n == ISSUER_NULL_LEN) {
		*s = NULL;
		return 0;
	}
	if (n > r->left || n > ISSUER_STR_MAX || memchr(r->p, '\0', n) != NULL)
		return -1;
	*s = xmalloc(n + 1);
	memcpy(*s, r->p, n);
	(*s)[n] = '\0';
	r->p += n;
	r->left -= n;
	return 0;
}

/* A string into a fixed array: present, shorter than size, no NUL. */
static int
issuer_get_fixed(struct issuer_rd *r, char *s, size_t size)
{
	uint32_t n;

	if (issuer_get_u32(r, &n) == -1 || n > r->left || n >= size ||
	    memchr(r->p, '\0', n) != NULL)
		return -1;
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	r->left -= n;
	return 0;
}

static int
issuer_get_bytes(struct issuer_rd *r, unsigned char **p, size_t *len,
    size_t max)
{
	uint32_t n;

	if (issuer_get_u32(r, &n) == -1 || n > r->left || n > max)
		return -1;
	*p = n > 0 ? xmalloc(n) : NULL;
	if (n > 0)
		memcpy(*p, r->p, n);
	*len = n;
	r->p += n;
	r->left -= n;
	return 0;
}

/* An enum value in [lo, hi]. */
static int
issuer_get_enum(struct issuer_rd *r, int lo, int hi, int *out)
{
	uint32_t v;

	if (issuer_get_u32(r, &v) == -1 || (int32_t)v < lo || (int32_t)v > hi)
		return -1;
	*out = (int32_t)v;
	return 0;
}

static int
issuer_get_cert(struct issuer_rd *r, struct issuer_cert *c)
{
	int kind, state, reason;

	if (issuer_get_fixed(r, c->serial, sizeof(c->serial)) == -1 ||
	    issuer_get_enum(r, ISSUER_KIND_SIGNATURE, ISSUER_KIND_USER,
	    &kind) == -1 ||
	    issuer_get_enum(r, ISSUER_STATE_VALID, ISSUER_STATE_EXPIRED,
	    &state) == -1 ||
	    issuer_get_enum(r, ISSUER_REASON_NONE,
	    ISSUER_REASON_PRIVILEGE_WITHDRAWN, &reason) == -1 ||
	    issuer_get_fixed(r, c->person_key, sizeof(c->person_key)) == -1 ||
	    issuer_get_fixed(r, c->request_id, sizeof(c->request_id)) == -1 ||
	    issuer_get_fixed(r, c->issued_on, sizeof(c->issued_on)) == -1 ||
	    issuer_get_fixed(r, c->not_before, sizeof(c->not_before)) == -1 ||
	    issuer_get_fixed(r, c->not_after, sizeof(c->not_after)) == -1 ||
	    issuer_get_fixed(r, c->changed_on, sizeof(c->changed_on)) == -1 ||
	    issuer_get_bytes(r, &c->der, &c->der_len, ISSUER_BLOB_MAX) == -1)
		return -1;
	c->kind = (enum issuer_kind)kind;
	c->state = (enum issuer_state)state;
	c->reason = (enum issuer_reason)reason;
	return 0;
}

static int
issuer_get_event(struct issuer_rd *r, struct issuer_event *e)
{
	int64_t id;
	int op, olds, news, reason;

	if (issuer_get_u64(r, &id) == -1 ||
	    issuer_get_fixed(r, e->serial, sizeof(e->serial)) == -1 ||
	    issuer_get_enum(r, ISSUER_OP_ISSUE, ISSUER_OP_MAIL, &op) == -1 ||
	    issuer_get_enum(r, ISSUER_STATE_VALID, ISSUER_STATE_EXPIRED,
	    &olds) == -1 ||
	    issuer_get_enum(r, ISSUER_STATE_VALID, ISSUER_STATE_EXPIRED,
	    &news) == -1 ||
	    issuer_get_enum(r, ISSUER_REASON_NONE,
	    ISSUER_REASON_PRIVILEGE_WITHDRAWN, &reason) == -1 ||
	    issuer_get_fixed(r, e->date, sizeof(e->date)) == -1 ||
	    issuer_get_fixed(r, e->request_id, sizeof(e->request_id)) == -1)
		return -1;
	e->id = (long)id;
	e->op = (enum issuer_op)op;
	e->old_state = (enum issuer_state)olds;
	e->new_state = (enum issuer_state)news;
	e->reason = (enum issuer_reason)reason;
	return 0;
}

static int
issuer_get_disc(struct issuer_rd *r, struct issuer_disclosure *d)
{
	int64_t id;
	int kind, ms;

	if (issuer_get_u64(r, &id) == -1 ||
	    issuer_get_enum(r, ISSUER_DISCLOSURE, ISSUER_CORRECTION,
	    &kind) == -1 ||
	    issuer_get_fixed(r, d->person_key, sizeof(d->person_key)) == -1 ||
	    issuer_get_fixed(r, d->form, sizeof(d->form)) == -1 ||
	    issuer_get_fixed(r, d->received_on, sizeof(d->received_on)) == -1 ||
	    issuer_get_enum(r, ISSUER_MAIL_RECORDED, ISSUER_MAIL_RETURNED,
	    &ms) == -1 ||
	    issuer_get_fixed(r, d->tracking_no, sizeof(d->tracking_no)) == -1 ||
	    issuer_get_fixed(r, d->mail_date, sizeof(d->mail_date)) == -1)
		return -1;
	d->id = (long)id;
	d->kind = (enum issuer_request_kind)kind;
	d->mail_state = (enum issuer_mail_state)ms;
	return 0;
}

static int
issuer_get_list(struct issuer_rd *r, struct issuer_msg *m, enum issuer_field f)
{
	uint32_t n;
	size_t i;

	if (issuer_get_u32(r, &n) == -1 || n > ISSUER_LIST_MAX)
		return -1;
	if (f == F_EVENTS) {
		m->events = xcalloc(n > 0 ? n : 1, sizeof(*m->events));
		for (i = 0; i < n; i++)
			if (issuer_get_event(r, &m->events[i]) == -1)
				return -1;
		m->nevents = n;
		return 0;
	}
	m->certs = xcalloc(n > 0 ? n : 1, sizeof(*m->certs));
	for (i = 0; i < n; i++) {
		m->ncerts = i + 1;	/* so clear frees what was read */
		if (issuer_get_cert(r, &m->certs[i]) == -1)
			return -1;
	}
	m->ncerts = n;
	return 0;
}

static int
issuer_get_holder(struct issuer_rd *r, struct issuer_msg *m)
{
	if (issuer_get_str(r, &m->holder.person_key) == -1 ||
	    issuer_get_str(r, &m->holder.name) == -1 ||
	    issuer_get_str(r, &m->holder.name_alt) == -1 ||
	    issuer_get_str(r, &m->holder.address) == -1 ||
	    issuer_get_str(r, &m->holder.address_alt) == -1 ||
	    issuer_get_str(r, &m->holder.birth_date) == -1 ||
	    issuer_get_u32(r, &m->holder.sex) == -1 ||
	    issuer_get_str(r, &m->holder.card_expiry) == -1)
		return -1;
	return 0;
}

static int
issuer_get_request(struct issuer_rd *r, struct issuer_request *q)
{
	int64_t ev, di;
	int op;

	if (issuer_get_enum(r, ISSUER_OP_ISSUE, ISSUER_OP_MAIL, &op) == -1 ||
	    issuer_get_fixed(r, q->serial, sizeof(q->serial)) == -1 ||
	    issuer_get_u64(r, &ev) == -1 || issuer_get_u64(r, &di) == -1)
		return -1;
	q->op = (enum issuer_op)op;
	q->event_id = (long)ev;
	q->disclosure_id = (long)di;
	return 0;
}

static int
issuer_get_field(struct issuer_rd *r, struct issuer_msg *m,
    enum issuer_field f)
{
	uint32_t v;

	switch (f) {
	case F_END: return 0;
	case F_ID: return issuer_get_str(r, &m->id);
	case F_SERIAL: return issuer_get_str(r, &m->serial);
	case F_PERSON: return issuer_get_str(r, &m->person);
	case F_DATE: return issuer_get_str(r, &m->date);
	case F_TODAY: return issuer_get_str(r, &m->today);
	case F_FORM: return issuer_get_str(r, &m->form);
	case F_DETAIL: return issuer_get_str(r, &m->detail);
	case F_TRACKING: return issuer_get_str(r, &m->tracking);
	case F_TEXT: return issuer_get_str(r, &m->text);
	case F_KIND: return issuer_get_u32(r, &m->kind);
	case F_OP: return issuer_get_u32(r, &m->op);
	case F_REASON:
		if (issuer_get_u32(r, &v) == -1)
			return -1;
		m->reason = (int32_t)v;
		return 0;
	case F_MAIL_STATE: return issuer_get_u32(r, &m->mail_state);
	case F_STATUS: return issuer_get_u32(r, &m->status);
	case F_DISC_ID: return issuer_get_u64(r, &m->disc_id);
	case F_SPKI:
		return issuer_get_bytes(r, &m->blob, &m->bloblen,
		    ISSUER_BLOB_MAX);
	case F_CRL:
		return issuer_get_bytes(r, &m->blob, &m->bloblen,
		    ISSUER_CRL_MAX);
	case F_HOLDER: return issuer_get_holder(r, m);
	case F_CERTS:
	case F_EVENTS: return issuer_get_list(r, m, f);
	case F_REQUEST: return issuer_get_request(r, &m->request);
	case F_DISC: return issuer_get_disc(r, &m->disc);
	}
	return -1;
}

long
issuer_msg_body_len(const unsigned char hdr[ISSUER_HDR_LEN], int *badver)
{
	uint16_t version = (uint16_t)(hdr[0] << 8 | hdr[1]);
	uint16_t type = (uint16_t)(hdr[2] << 8 | hdr[3]);
	uint32_t len = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
	    (uint32_t)hdr[6] << 8 | hdr[7];

	if (badver != NULL)
		*badver = version != ISSUER_PROTO_VERSION;
	if (version != ISSUER_PROTO_VERSION || issuer_msg_spec(type) == NULL ||
	    len > (type < ISSUER_MSG_ERROR ? ISSUER_REQ_MAX : ISSUER_ANS_MAX))
		return -1;
	return (long)len;
}

int
issuer_msg_decode(const unsigned char *buf, size_t len, struct issuer_msg *m)
{
	const struct issuer_msg_spec *s;
	struct issuer_rd r;
	long body;
	size_t i;

	issuer_msg_init(m, 0);
	if (len < ISSUER_HDR_LEN ||
	    (body = issuer_msg_body_len(buf, NULL)) == -1 ||
	    (size_t)body != len - ISSUER_HDR_LEN)
		return -1;
	m->type = (uint16_t)(buf[2] << 8 | buf[3]);
	s = issuer_msg_spec(m->type);
	r.p = buf + ISSUER_HDR_LEN;
	r.left = (size_t)body;
	for (i = 0; i < nitems(s->fields) && s->fields[i] != F_END; i++)
		if (issuer_get_field(&r, m, s->fields[i]) == -1)
			goto bad;
	if (r.left != 0)
		goto bad;	/* the end check */
	return 0;
bad:
	issuer_msg_clear(m);
	return -1;
}

/* ---- blocking socket helpers ---- */

int
issuer_msg_send(int fd, const struct issuer_msg *m)
{
	unsigned char *buf;
	size_t len, off = 0;
	ssize_t n;
	int rc = 0;

	if (issuer_msg_encode(m, &buf, &len) == -1) {
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
	free(buf);
	return rc;
}

static int
issuer_read_full(int fd, unsigned char *p, size_t len, int64_t deadline)
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
issuer_msg_recv(int fd, struct issuer_msg *m, int timeout_ms)
{
	unsigned char hdr[ISSUER_HDR_LEN], *buf;
	int64_t deadline = timeout_ms < 0 ? -1 : util_now_ms() + timeout_ms;
	long body;
	int rc;

	issuer_msg_init(m, 0);
	if (issuer_read_full(fd, hdr, sizeof(hdr), deadline) == -1)
		return -1;
	if ((body = issuer_msg_body_len(hdr, NULL)) == -1) {
		errno = EPROTO;
		return -1;
	}
	buf = xmalloc(ISSUER_HDR_LEN + (size_t)body);
	memcpy(buf, hdr, ISSUER_HDR_LEN);
	rc = issuer_read_full(fd, buf + ISSUER_HDR_LEN, (size_t)body, deadline);
	if (rc == 0 && issuer_msg_decode(buf, ISSUER_HDR_LEN + (size_t)body,
	    m) == -1) {
		errno = EPROTO;
		rc = -1;
	}
	free(buf);
	return rc;
}
