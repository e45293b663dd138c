/*
 * The auditd protocol codec as data (src/audit/PROTOCOL.md): every message
 * type encodes and decodes to itself, and every malformation the document
 * lists (each truncation, a trailing byte, a wrong version, an unknown
 * type, a length over the limit, a NUL in a string) is refused.
 */
#include <string.h>

#include "audit_proto.h"
#include "testlib.h"

static const struct audit_msg proto_samples[] = {
	{ .type = AUDIT_MSG_ADVANCE },
	{ .type = AUDIT_MSG_STATUS },
	{ .type = AUDIT_MSG_ROTATE },
	{ .type = AUDIT_MSG_HEAD, .count = 0x100000002ULL, .hash = "ab12",
	  .at = "2026-12-02T02:00:00Z", .keyid = "0123456789abcdef" },
	{ .type = AUDIT_MSG_ERROR, .code = AUDIT_E_REFUSED, .text = "why" },
	{ .type = AUDIT_MSG_NOTIFY },
};

static void
test_round_trip(void)
{
	unsigned char buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	struct audit_msg m;
	size_t i, cut;
	int n;

	for (i = 0; i < sizeof(proto_samples) / sizeof(proto_samples[0]); i++) {
		n = audit_msg_encode(&proto_samples[i], buf, sizeof(buf));
		CU_ASSERT_FATAL(n >= AUDIT_HDR_LEN);
		CU_ASSERT_EQUAL(audit_msg_decode(buf, (size_t)n, &m), 0);
		CU_ASSERT_EQUAL(memcmp(&m, &proto_samples[i], sizeof(m)), 0);
		/* Every shorter message (with its length fixed up) fails. */
		for (cut = AUDIT_HDR_LEN; cut < (size_t)n; cut++) {
			buf[7] = (unsigned char)(cut - AUDIT_HDR_LEN);
			CU_ASSERT_EQUAL(audit_msg_decode(buf, cut, &m), -1);
		}
		/* One byte more than the fields: the end check. */
		n = audit_msg_encode(&proto_samples[i], buf, sizeof(buf));
		buf[n] = 0;
		buf[7]++;
		CU_ASSERT_EQUAL(audit_msg_decode(buf, (size_t)n + 1, &m), -1);
	}
}

static void
test_malformed(void)
{
	unsigned char buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	struct audit_msg m;
	int n, badver;

	n = audit_msg_encode(&proto_samples[4], buf, sizeof(buf));
	buf[1] = 2;	/* version 2 */
	CU_ASSERT_EQUAL(audit_msg_body_len(buf, &badver), -1);
	CU_ASSERT(badver);
	CU_ASSERT_EQUAL(audit_msg_decode(buf, (size_t)n, &m), -1);
	buf[1] = 1;
	buf[3] = 0x42;	/* no such type */
	CU_ASSERT_EQUAL(audit_msg_body_len(buf, &badver), -1);
	CU_ASSERT(!badver);
	buf[3] = 0x81;
	buf[4] = 1;	/* body over 1024 */
	CU_ASSERT_EQUAL(audit_msg_body_len(buf, &badver), -1);
	buf[4] = 0;
	CU_ASSERT_EQUAL(audit_msg_decode(buf, (size_t)n, &m), 0);
	buf[n - 1] = '\0';	/* a NUL inside the text */
	CU_ASSERT_EQUAL(audit_msg_decode(buf, (size_t)n, &m), -1);
	/* A string length beyond its field: text is at most 255. */
	m = proto_samples[4];
	memset(m.text, 'x', sizeof(m.text));
	CU_ASSERT_EQUAL(audit_msg_encode(&m, buf, sizeof(buf)), -1);
}

/* Every one-byte change of every sample either fails to decode or decodes
 * to a message that encodes to exactly those bytes (nothing is read that
 * is not there, nothing is dropped). */
static void
test_mutations(void)
{
	static const unsigned char vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	unsigned char buf[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	unsigned char again[AUDIT_HDR_LEN + AUDIT_BODY_MAX];
	struct audit_msg m;
	size_t i, pos, v;
	int n, k;

	for (i = 0; i < sizeof(proto_samples) / sizeof(proto_samples[0]); i++) {
		n = audit_msg_encode(&proto_samples[i], buf, sizeof(buf));
		for (pos = 0; pos < (size_t)n; pos++) {
			unsigned char orig = buf[pos];

			for (v = 0; v < sizeof(vals); v++) {
				buf[pos] = vals[v];
				if (audit_msg_decode(buf, (size_t)n, &m) == 0) {
					k = audit_msg_encode(&m, again,
					    sizeof(again));
					CU_ASSERT_EQUAL(k, n);
					CU_ASSERT(k == n &&
					    memcmp(buf, again, (size_t)n) == 0);
				}
			}
			buf[pos] = orig;
		}
	}
}

static CU_TestInfo proto_tests[] = {
	{ "every one-byte change decodes to itself or fails", test_mutations },
	{ "every message encodes and decodes to itself", test_round_trip },
	{ "malformed messages are refused", test_malformed },
	CU_TEST_INFO_NULL,
};

TEST_SUITE(audit_proto, "audit.proto", proto_tests)
