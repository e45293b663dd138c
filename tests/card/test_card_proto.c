/*
 * Unit tests of the cardd protocol codec (round trips, every truncation,
 * trailing bytes, limits), the PIN format checks, the PIN-pad block, and
 * the replay of the decoder's fuzz corpus (tests/fuzz/corpus/card/), each
 * file also mutated byte by byte.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <reader.h>

#include "testlib.h"
#include "madoguchi/card.h"
#include "card_proto.h"
#include "cardd.h"
#include "fuzz_card_proto.h"

/* Encode m, decode it back, encode again: same bytes. */
static void
roundtrip(struct card_msg *m, struct card_msg *out)
{
	unsigned char *a, *b;
	size_t alen, blen;

	CU_ASSERT_FATAL(card_msg_encode(m, &a, &alen) == 0);
	CU_ASSERT_FATAL(card_msg_decode(a, alen, out) == 0);
	CU_ASSERT_FATAL(card_msg_encode(out, &b, &blen) == 0);
	CU_ASSERT(alen == blen && memcmp(a, b, alen) == 0);
	free(a);
	free(b);
}

static void
test_roundtrip_requests(void)
{
	struct card_msg m, o;

	card_msg_init(&m, CARD_MSG_CHANGE);
	strcpy(m.reader, "Virtual PCD 00 00");
	m.kind = CARD_PIN_SIGN;
	strcpy(m.pin, "ABC123");
	strcpy(m.newpin, "ZZZ999");
	roundtrip(&m, &o);
	CU_ASSERT_STRING_EQUAL(o.reader, "Virtual PCD 00 00");
	CU_ASSERT_EQUAL(o.kind, CARD_PIN_SIGN);
	CU_ASSERT_STRING_EQUAL(o.pin, "ABC123");
	CU_ASSERT_STRING_EQUAL(o.newpin, "ZZZ999");
	card_msg_clear(&o);
	CU_ASSERT_EQUAL(o.pin[0], '\0');	/* wiped */
	card_msg_clear(&m);

	card_msg_init(&m, CARD_MSG_SIGN);
	m.kind = CARD_KEY_USER;
	m.data = malloc(51);
	memset(m.data, 0xab, 51);
	m.datalen = 51;
	roundtrip(&m, &o);
	CU_ASSERT_EQUAL(o.datalen, 51);
	CU_ASSERT(o.data != NULL && o.data[50] == 0xab);
	card_msg_clear(&o);
	card_msg_clear(&m);
}

static void
test_roundtrip_answers(void)
{
	struct card_msg m, o;

	card_msg_init(&m, CARD_MSG_READERS_OK);
	m.nreaders = 2;
	strcpy(m.readers[0].name, "A");
	m.readers[0].flags = CARD_READER_PRESENT | CARD_READER_EMULATED;
	strcpy(m.readers[1].name, "B");
	roundtrip(&m, &o);
	CU_ASSERT_EQUAL(o.nreaders, 2);
	CU_ASSERT_EQUAL(o.readers[0].flags, CARD_READER_PRESENT | CARD_READER_EMULATED);
	card_msg_clear(&o);

	card_msg_init(&m, CARD_MSG_IDENTITY_OK);
	strcpy(m.ident.token, "JPKIAPICCTOKEN2");
	m.ident.has_basic4 = 1;
	strcpy(m.ident.name, "窓口 花子");
	strcpy(m.ident.birth, "19860203");
	strcpy(m.ident.sex, "2");
	roundtrip(&m, &o);
	CU_ASSERT_STRING_EQUAL(o.ident.name, "窓口 花子");
	CU_ASSERT_EQUAL(o.ident.has_basic4, 1);
	card_msg_clear(&o);

	card_msg_init(&m, CARD_MSG_CERTS_OK);
	m.certs.n = 2;
	m.certs.cert[0].slot = CARD_CERT_USER;
	m.certs.cert[0].present = 1;
	m.certs.cert[0].der = malloc(3);
	memcpy(m.certs.cert[0].der, "\x30\x01\x00", 3);
	m.certs.cert[0].derlen = 3;
	strcpy(m.certs.cert[0].serial, "1001");
	m.certs.cert[1].slot = CARD_CERT_SIGN;
	roundtrip(&m, &o);
	CU_ASSERT_EQUAL(o.certs.n, 2);
	CU_ASSERT_STRING_EQUAL(o.certs.cert[0].serial, "1001");
	CU_ASSERT_EQUAL(o.certs.cert[1].present, 0);
	card_msg_clear(&o);
	card_msg_clear(&m);

	card_msg_init(&m, CARD_MSG_ERROR);
	m.code = CARD_E_PIN_WRONG;
	m.tries = 2;
	strcpy(m.text, "wrong PIN");
	roundtrip(&m, &o);
	CU_ASSERT_EQUAL(o.code, CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(o.tries, 2);
	card_msg_clear(&o);
}

/* Every proper prefix and one extra byte are rejected. */
static void
test_truncation_and_trailing(void)
{
	struct card_msg m, o;
	unsigned char *a, *b;
	size_t alen, cut;

	card_msg_init(&m, CARD_MSG_SIGN);
	strcpy(m.pin, "1234");
	m.kind = 1;
	m.data = calloc(1, 10);
	m.datalen = 10;
	CU_ASSERT_FATAL(card_msg_encode(&m, &a, &alen) == 0);
	for (cut = 0; cut < alen; cut++) {
		/* keep the header's length honest so only the body is short */
		b = malloc(alen + 1);
		memcpy(b, a, alen);
		if (cut >= CARD_HDR_LEN) {
			size_t body = cut - CARD_HDR_LEN;
			b[4] = body >> 24; b[5] = body >> 16; b[6] = body >> 8; b[7] = body;
		}
		CU_ASSERT(card_msg_decode(b, cut, &o) == -1);
		free(b);
	}
	b = malloc(alen + 1);
	memcpy(b, a, alen);
	b[alen] = 0;
	b[7]++;		/* body one longer: the end check fails */
	CU_ASSERT(card_msg_decode(b, alen + 1, &o) == -1);
	free(b);
	free(a);
	card_msg_clear(&m);
}

static void
test_limits(void)
{
	struct card_msg m;
	unsigned char *a;
	size_t alen;
	unsigned char hdr[CARD_HDR_LEN] = { 0, 1, 0, 0x07, 0, 0, 0, 0 };

	CU_ASSERT(card_msg_body_len(hdr) == 0);
	hdr[1] = 2;			/* unknown version */
	CU_ASSERT(card_msg_body_len(hdr) == -1);
	hdr[1] = 1;
	hdr[3] = 0x7f;			/* unknown type */
	CU_ASSERT(card_msg_body_len(hdr) == -1);
	hdr[3] = 0x07;
	hdr[4] = 0x10;			/* > 256 KiB */
	CU_ASSERT(card_msg_body_len(hdr) == -1);

	card_msg_init(&m, CARD_MSG_READERS_OK);
	m.nreaders = CARD_READERS_MAX + 1;
	CU_ASSERT(card_msg_encode(&m, &a, &alen) == -1);
	card_msg_init(&m, CARD_MSG_SIGN);
	m.datalen = CARD_DATA_MAX + 1;
	m.data = calloc(1, m.datalen);
	CU_ASSERT(card_msg_encode(&m, &a, &alen) == -1);
	card_msg_clear(&m);
	CU_ASSERT(card_msg_name(CARD_MSG_VERIFY) != NULL);
	CU_ASSERT(card_msg_name(0x55) == NULL);
}

static void
test_pin_formats(void)
{
	static const struct {
		enum card_pin	kind;
		const char	*in, *out;	/* out NULL: rejected */
	} t[] = {
		{ CARD_PIN_USER, "1234", "1234" },
		{ CARD_PIN_USER, "123", NULL },
		{ CARD_PIN_USER, "12345", NULL },
		{ CARD_PIN_USER, "12a4", NULL },
		{ CARD_PIN_SUPPORT, "0000", "0000" },
		{ CARD_PIN_SIGN, "abc123", "ABC123" },
		{ CARD_PIN_SIGN, "ABC12", NULL },		/* 5: too short */
		{ CARD_PIN_SIGN, "ABCDEFGHIJ1234567", NULL },	/* 17 */
		{ CARD_PIN_SIGN, "ABCDEFGHIJ123456", "ABCDEFGHIJ123456" },
		{ CARD_PIN_SIGN, "ABCDEF", NULL },		/* no digit */
		{ CARD_PIN_SIGN, "123456", NULL },		/* no letter */
		{ CARD_PIN_SIGN, "ABC 123", NULL },
		{ CARD_PIN_SIGN, "ＡBC123", NULL },		/* full width */
		{ 9, "1234", NULL },
	};
	char out[CARD_PIN_MAX + 1];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int rc = card_pin_normalize(t[i].kind, t[i].in, out);
		if (t[i].out == NULL) {
			CU_ASSERT(rc == -1);
		} else {
			CU_ASSERT(rc == 0);
			CU_ASSERT_STRING_EQUAL(out, t[i].out);
		}
	}
	CU_ASSERT(card_pin_normalize(CARD_PIN_USER, NULL, out) == -1);
}

static void
test_error_texts(void)
{
	int c;

	for (c = 0; c < CARD_E_MAX; c++) {
		CU_ASSERT(strcmp(card_error_name(c), "unknown") != 0);
		CU_ASSERT(strcmp(card_error_ja(c), "不明なエラーです") != 0);
	}
	CU_ASSERT_STRING_EQUAL(card_error_name(CARD_E_BUSY), "busy");
}

static void
test_pinpad_block(void)
{
	static const unsigned char apdu[4] = { 0x00, 0x20, 0x00, 0x80 };
	unsigned char buf[64];
	PIN_VERIFY_STRUCTURE *v = (PIN_VERIFY_STRUCTURE *)buf;
	size_t n;

	n = cardd_pinpad_verify_block(buf, sizeof(buf), apdu, 4, 4);
	CU_ASSERT_EQUAL(n, sizeof(*v) + 9);
	CU_ASSERT_EQUAL(v->bmFormatString, 0x82);
	CU_ASSERT_EQUAL(v->bmPINBlockString, 4);
	CU_ASSERT_EQUAL(v->wPINMaxExtraDigit, 0x0404);
	CU_ASSERT_EQUAL(v->ulDataLength, 9);
	CU_ASSERT(memcmp(v->abData, apdu, 4) == 0 && v->abData[4] == 4);
	n = cardd_pinpad_verify_block(buf, sizeof(buf), apdu, 6, 16);
	CU_ASSERT_EQUAL(v->wPINMaxExtraDigit, 0x0610);
	CU_ASSERT_EQUAL(v->ulDataLength, 5);
	CU_ASSERT_EQUAL(v->abData[4], 0);
	CU_ASSERT_EQUAL(cardd_pinpad_verify_block(buf, 8, apdu, 4, 4), 0);
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
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

	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/card", test_top_dir());
	d = opendir(path);
	CU_ASSERT_FATAL(d != NULL);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/card/%s",
		    test_top_dir(), de->d_name);
		if ((p = slurp(path, &len)) == NULL)
			continue;
		files++;
		if (strncmp(de->d_name, "bad-", 4) == 0) {
			CU_ASSERT(card_fuzz_one(p, len) == 0);
		} else if (strncmp(de->d_name, "crash-", 6) != 0) {
			CU_ASSERT(card_fuzz_one(p, len) == 1);
		} else
			card_fuzz_one(p, len);
		for (i = 0; i < len && len < 4096; i++) {
			unsigned char keep = p[i];
			p[i] ^= 0xff;
			card_fuzz_one(p, len);
			p[i] = keep + 1;
			card_fuzz_one(p, len);
			p[i] = keep;
		}
		free(p);
	}
	closedir(d);
	CU_ASSERT(files >= 20);
}

static CU_TestInfo card_proto_tests[] = {
	{ "round trip of requests", test_roundtrip_requests },
	{ "round trip of answers", test_roundtrip_answers },
	{ "every truncation and a trailing byte are rejected", test_truncation_and_trailing },
	{ "header and field limits", test_limits },
	{ "PIN formats are checked before sending", test_pin_formats },
	{ "every error code has a name and Japanese text", test_error_texts },
	{ "PIN-pad verify block", test_pinpad_block },
	{ "fuzz corpus replay", test_fuzz_corpus },
	CU_TEST_INFO_NULL
};
TEST_SUITE(card_proto, "card.proto", card_proto_tests)
