/*
 * The issuerd protocol codec (src/issuer/issuer_proto.c): every message
 * type round-trips, every truncation and a trailing byte are rejected,
 * header and field limits hold, and the decoder's fuzz corpus
 * (tests/fuzz/corpus/issuer/) replays, each file also mutated byte by
 * byte. ISSUER_CORPUS_WRITE=1 rewrites the corpus's seeds from the
 * samples below.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "issuer_proto.h"
#include "fuzz_issuer_proto.h"

#define CORPUS	"tests/fuzz/corpus/issuer"

static const unsigned char sample_der[] = { 0x30, 0x03, 0x02, 0x01, 0x05 };

static void
sample_cert(struct issuer_cert *c)
{
	memset(c, 0, sizeof(*c));
	strlcpy_m(c->serial, "4A5B6C", sizeof(c->serial));
	c->kind = ISSUER_KIND_SIGNATURE;
	c->state = ISSUER_STATE_ON_HOLD;
	c->reason = ISSUER_REASON_CERTIFICATE_HOLD;
	strlcpy_m(c->person_key, "p-1", sizeof(c->person_key));
	strlcpy_m(c->request_id, "issue-1", sizeof(c->request_id));
	strlcpy_m(c->issued_on, "2026-04-01", sizeof(c->issued_on));
	strlcpy_m(c->not_before, "2026-04-01", sizeof(c->not_before));
	strlcpy_m(c->not_after, "2031-03-31", sizeof(c->not_after));
	c->der = xmalloc(sizeof(sample_der));
	memcpy(c->der, sample_der, sizeof(sample_der));
	c->der_len = sizeof(sample_der);
}

/* A message of type with every field its type carries set. */
static void
sample(struct issuer_msg *m, uint16_t type)
{
	issuer_msg_init(m, type);
	m->id = xstrdup("req-1");
	m->serial = xstrdup("0x4a:5b");
	m->person = xstrdup("p-1");
	m->date = xstrdup("2026-04-01");
	m->form = xstrdup("様式第7号");
	m->detail = NULL;		/* an absent string */
	m->tracking = xstrdup("1234-5678");
	m->text = xstrdup("request id req-1 was used before");
	m->kind = 2;
	m->op = ISSUER_OP_REVOKE;
	m->reason = ISSUER_REASON_KEY_COMPROMISE;
	m->mail_state = ISSUER_MAIL_SENT;
	m->status = ISSUER_E_CONFLICT;
	m->disc_id = 42;
	m->blob = xmalloc(sizeof(sample_der));
	memcpy(m->blob, sample_der, sizeof(sample_der));
	m->bloblen = sizeof(sample_der);
	m->holder.person_key = xstrdup("p-1");
	m->holder.name = xstrdup("窓口 太郎");
	m->holder.address = xstrdup("東京都千代田区1-1");
	m->holder.birth_date = xstrdup("1980-02-29");
	m->holder.sex = 1;
	m->holder.card_expiry = xstrdup("2034-02-28");
	m->ncerts = 2;
	m->certs = xcalloc(2, sizeof(*m->certs));
	sample_cert(&m->certs[0]);
	sample_cert(&m->certs[1]);
	m->nevents = 1;
	m->events = xcalloc(1, sizeof(*m->events));
	m->events[0].id = 7;
	strlcpy_m(m->events[0].serial, "4A5B", sizeof(m->events[0].serial));
	m->events[0].op = ISSUER_OP_HOLD;
	m->events[0].new_state = ISSUER_STATE_ON_HOLD;
	m->events[0].reason = ISSUER_REASON_CERTIFICATE_HOLD;
	strlcpy_m(m->events[0].date, "2026-04-02", sizeof(m->events[0].date));
	strlcpy_m(m->events[0].request_id, "hold-1",
	    sizeof(m->events[0].request_id));
	m->request.op = ISSUER_OP_MAIL;
	m->request.disclosure_id = 42;
	m->disc.id = 42;
	m->disc.kind = ISSUER_CORRECTION;
	strlcpy_m(m->disc.person_key, "p-1", sizeof(m->disc.person_key));
	strlcpy_m(m->disc.form, "様式第8号", sizeof(m->disc.form));
	strlcpy_m(m->disc.received_on, "2026-04-01",
	    sizeof(m->disc.received_on));
	m->disc.mail_state = ISSUER_MAIL_SENT;
}

static const uint16_t all_types[] = {
	ISSUER_MSG_ISSUE, ISSUER_MSG_CHANGE, ISSUER_MSG_STATUS,
	ISSUER_MSG_HISTORY, ISSUER_MSG_LIST, ISSUER_MSG_CRL, ISSUER_MSG_FIND,
	ISSUER_MSG_DISC_RECORD, ISSUER_MSG_DISC_MAIL, ISSUER_MSG_DISC_GET,
	ISSUER_MSG_ERROR, ISSUER_MSG_CERTS_OK, ISSUER_MSG_EVENTS_OK,
	ISSUER_MSG_CRL_OK, ISSUER_MSG_REQUEST_OK, ISSUER_MSG_DISC_OK,
};

static void
write_seed(const char *name, const unsigned char *p, size_t len)
{
	char path[4096];
	FILE *f;

	if (getenv("ISSUER_CORPUS_WRITE") == NULL)
		return;
	snprintf(path, sizeof(path), "%s/%s/%s", test_top_dir(), CORPUS, name);
	if ((f = fopen(path, "wb")) == NULL)
		return;
	fwrite(p, 1, len, f);
	fclose(f);
}

/* Each type encodes, decodes to the same bytes, and every cut of it and
 * it with a trailing byte are refused. */
static void
test_roundtrip_and_truncation(void)
{
	struct issuer_msg m, d;
	unsigned char *buf, *more;
	size_t len, i, k;
	long body;

	for (k = 0; k < nitems(all_types); k++) {
		sample(&m, all_types[k]);
		CU_ASSERT_EQUAL_FATAL(issuer_msg_encode(&m, &buf, &len), 0);
		issuer_msg_clear(&m);
		write_seed(issuer_msg_name(all_types[k]), buf, len);
		CU_ASSERT_EQUAL(issuer_fuzz_one(buf, len), 1);
		CU_ASSERT_EQUAL(issuer_msg_decode(buf, len, &d), 0);
		CU_ASSERT_EQUAL(d.type, all_types[k]);
		issuer_msg_clear(&d);
		for (i = 0; i < len; i++) {
			/* a cut with its header's length fixed up: every
			 * type has fields, so each cut misses some */
			if (i >= ISSUER_HDR_LEN) {
				body = (long)(i - ISSUER_HDR_LEN);
				buf[4] = (unsigned char)(body >> 24);
				buf[5] = (unsigned char)(body >> 16);
				buf[6] = (unsigned char)(body >> 8);
				buf[7] = (unsigned char)body;
			}
			CU_ASSERT_EQUAL(issuer_msg_decode(buf, i, &d), -1);
		}
		body = (long)(len - ISSUER_HDR_LEN + 1);
		more = xmalloc(len + 1);
		memcpy(more, buf, len);
		more[len] = 0;
		more[4] = (unsigned char)(body >> 24);
		more[5] = (unsigned char)(body >> 16);
		more[6] = (unsigned char)(body >> 8);
		more[7] = (unsigned char)body;
		CU_ASSERT_EQUAL(issuer_msg_decode(more, len + 1, &d), -1);
		if (k == 0)
			write_seed("bad-trailing", more, len + 1);
		free(more);
		free(buf);
	}
}

/* A header: version, type and length checked before any body is read. */
static void
test_header_limits(void)
{
	unsigned char h[ISSUER_HDR_LEN] = { 0, 1, 0, ISSUER_MSG_STATUS, 0, 0,
	    0, 8 };
	int badver;

	CU_ASSERT_EQUAL(issuer_msg_body_len(h, &badver), 8);
	CU_ASSERT_EQUAL(badver, 0);
	h[1] = 2;
	CU_ASSERT_EQUAL(issuer_msg_body_len(h, &badver), -1);
	CU_ASSERT_EQUAL(badver, 1);
	write_seed("bad-version", h, sizeof(h));
	h[1] = 1;
	h[3] = 0x7f;		/* no such type */
	CU_ASSERT_EQUAL(issuer_msg_body_len(h, &badver), -1);
	CU_ASSERT_EQUAL(badver, 0);
	h[3] = ISSUER_MSG_STATUS;
	h[4] = 0x7f;		/* a request of 2 GiB */
	CU_ASSERT_EQUAL(issuer_msg_body_len(h, NULL), -1);
	write_seed("bad-len", h, sizeof(h));
	h[4] = 0;
	h[5] = (ISSUER_REQ_MAX + 1) >> 16;	/* just over a request's limit */
	h[6] = 0;
	h[7] = 1;
	CU_ASSERT_EQUAL(issuer_msg_body_len(h, NULL), -1);
	h[3] = ISSUER_MSG_CRL_OK;		/* an answer may be that long */
	CU_ASSERT(issuer_msg_body_len(h, NULL) > ISSUER_REQ_MAX);
}

/* Fields: a NUL inside a string, a string over its limit, an enum out of
 * range, a list too long: each refused; an over-long field cannot even be
 * encoded. */
static void
test_field_limits(void)
{
	static const unsigned char nul[] = { 0, 1, 0, ISSUER_MSG_FIND, 0, 0, 0,
	    7, 0, 0, 0, 3, 'a', 0, 'b' };
	static const unsigned char strlen_over[] = { 0, 1, 0, ISSUER_MSG_FIND,
	    0, 0, 0, 6, 0, 0, 0x10, 0, 'a', 'b' };
	static const unsigned char list_over[] = { 0, 1, 0,
	    ISSUER_MSG_CERTS_OK, 0, 0, 0, 4, 0, 0, 0x10, 0 };
	struct issuer_msg m, d;
	unsigned char *buf;
	size_t len;

	CU_ASSERT_EQUAL(issuer_msg_decode(nul, sizeof(nul), &d), -1);
	write_seed("bad-nul", nul, sizeof(nul));
	CU_ASSERT_EQUAL(issuer_msg_decode(strlen_over, sizeof(strlen_over),
	    &d), -1);
	write_seed("bad-strlen", strlen_over, sizeof(strlen_over));
	CU_ASSERT_EQUAL(issuer_msg_decode(list_over, sizeof(list_over), &d),
	    -1);
	write_seed("bad-list", list_over, sizeof(list_over));

	issuer_msg_init(&m, ISSUER_MSG_FIND);
	m.id = xmalloc(ISSUER_STR_MAX + 2);
	memset(m.id, 'a', ISSUER_STR_MAX + 1);
	m.id[ISSUER_STR_MAX + 1] = '\0';
	CU_ASSERT_EQUAL(issuer_msg_encode(&m, &buf, &len), -1);
	issuer_msg_clear(&m);

	/* A cert whose kind is out of range. */
	sample(&m, ISSUER_MSG_CERTS_OK);
	m.certs[0].kind = (enum issuer_kind)9;
	CU_ASSERT_EQUAL_FATAL(issuer_msg_encode(&m, &buf, &len), 0);
	issuer_msg_clear(&m);
	CU_ASSERT_EQUAL(issuer_msg_decode(buf, len, &d), -1);
	write_seed("bad-enum", buf, len);
	free(buf);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	p = malloc(n > 0 ? (size_t)n : 1);
	*len = fread(p, 1, (size_t)n, f);
	fclose(f);
	return p;
}

/* Replay the corpus; the "bad-" seeds must be rejected, the others
 * accepted; then every one-byte mutation of each must not crash. */
static void
test_fuzz_corpus(void)
{
	char path[4096];
	struct dirent *de;
	DIR *d;
	unsigned char *p;
	size_t len, i;
	int files = 0;

	snprintf(path, sizeof(path), "%s/" CORPUS, test_top_dir());
	d = opendir(path);
	CU_ASSERT_FATAL(d != NULL);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/" CORPUS "/%s", test_top_dir(),
		    de->d_name);
		if ((p = slurp(path, &len)) == NULL)
			continue;
		files++;
		if (strncmp(de->d_name, "bad-", 4) == 0) {
			CU_ASSERT(issuer_fuzz_one(p, len) == 0);
		} else if (strncmp(de->d_name, "crash-", 6) != 0) {
			CU_ASSERT(issuer_fuzz_one(p, len) == 1);
		} else
			issuer_fuzz_one(p, len);
		for (i = 0; i < len && len < 8192; i++) {
			unsigned char keep = p[i];
			p[i] ^= 0xff;
			issuer_fuzz_one(p, len);
			p[i] = keep + 1;
			issuer_fuzz_one(p, len);
			p[i] = keep;
		}
		free(p);
	}
	closedir(d);
	CU_ASSERT(files >= 20);
}

static CU_TestInfo issuer_proto_tests[] = {
	{ "every type round-trips; cuts and a trailing byte are refused",
	    test_roundtrip_and_truncation },
	{ "header limits: version, type, length per direction",
	    test_header_limits },
	{ "field limits: NUL, length, enum, list", test_field_limits },
	{ "fuzz corpus replay", test_fuzz_corpus },
	CU_TEST_INFO_NULL
};
TEST_SUITE(issuer_proto, "issuer.proto", issuer_proto_tests)
