/*
 * The auditd wire protocol (src/audit/PROTOCOL.md): an 8-byte header
 * (version, type, body length, big-endian) and a body of typed fields,
 * which fields per type given by the const table in audit_proto.c; the
 * decoder insists the body ends where the last field does.
 */
#ifndef MADOGUCHI_AUDIT_PROTO_H
#define MADOGUCHI_AUDIT_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define AUDIT_PROTO_VERSION	1
#define AUDIT_HDR_LEN		8
#define AUDIT_BODY_MAX		1024

enum audit_msg_type {
	AUDIT_MSG_ADVANCE = 0x01,
	AUDIT_MSG_STATUS = 0x02,
	AUDIT_MSG_ROTATE = 0x03,
	AUDIT_MSG_NOTIFY = 0x04,	/* advance soon; never answered */
	AUDIT_MSG_HEAD = 0x80,
	AUDIT_MSG_ERROR = 0x81,
};

enum audit_err {
	AUDIT_E_PROTOCOL = 1,	/* malformed message or unknown version */
	AUDIT_E_CONNECT = 2,	/* client side: auditd unreachable */
	AUDIT_E_REFUSED = 3,	/* the rows do not extend the signed chain */
	AUDIT_E_FAILED = 4,	/* the signer could not do it (disk, key) */
	AUDIT_E_DENIED = 5,	/* peer not allowed */
};

struct audit_msg {
	uint16_t	type;
	uint64_t	count;
	char		hash[65];
	char		at[21];
	char		keyid[17];
	uint32_t	code;
	char		text[256];
};

const char *audit_msg_name(uint16_t type);
void audit_msg_init(struct audit_msg *, uint16_t type);
/* Encode into buf (at least AUDIT_HDR_LEN + AUDIT_BODY_MAX); the length,
 * or -1 when a field is over its limit. */
int audit_msg_encode(const struct audit_msg *, unsigned char *buf,
    size_t size);
/* From a header: the body length, or -1 if the version, type or length
 * is bad; *badver is set when only the version is wrong. */
long audit_msg_body_len(const unsigned char hdr[AUDIT_HDR_LEN], int *badver);
/* Decode header + body (len bytes in all); -1 on any malformation. */
int audit_msg_decode(const unsigned char *buf, size_t len, struct audit_msg *);
/* Blocking send of one message; 0 or -1 (errno). */
int audit_msg_send(int fd, const struct audit_msg *);

#endif
