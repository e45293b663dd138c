/*
 * The cardd wire protocol (src/card/PROTOCOL.md): an 8-byte header
 * (version, type, body length, all big-endian) and a body of typed fields.
 * Which fields a message carries, in which order, is the const table in
 * card_proto.c; encode and decode walk it field by field and the decoder
 * insists that the body ends exactly where the last field does.
 */
#ifndef MADOGUCHI_CARD_PROTO_H
#define MADOGUCHI_CARD_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/card.h"

#define CARD_HDR_LEN	8
#define CARD_BODY_MAX	(256 * 1024)
#define CARD_DATA_MAX	(64 * 1024)

enum card_msg_type {
	/* requests */
	CARD_MSG_READERS = 0x01,
	CARD_MSG_CLAIM = 0x02,
	CARD_MSG_RELEASE = 0x03,
	CARD_MSG_IDENTITY = 0x04,
	CARD_MSG_CERTS = 0x05,
	CARD_MSG_TRIES = 0x06,
	CARD_MSG_VERIFY = 0x07,
	CARD_MSG_CHANGE = 0x08,
	CARD_MSG_SIGN = 0x09,
	CARD_MSG_GENKEY = 0x0a,
	CARD_MSG_WRITE_CERT = 0x0b,
	CARD_MSG_SET_PIN = 0x0c,
	CARD_MSG_FACE_LOCK = 0x0d,
	CARD_MSG_DELETE_SIGN = 0x0e,
	CARD_MSG_FACE = 0x0f,
	/* responses */
	CARD_MSG_OK = 0x80,
	CARD_MSG_ERROR = 0x81,
	CARD_MSG_READERS_OK = 0x82,
	CARD_MSG_CLAIM_OK = 0x83,
	CARD_MSG_IDENTITY_OK = 0x84,
	CARD_MSG_CERTS_OK = 0x85,
	CARD_MSG_TRIES_OK = 0x86,
	CARD_MSG_DATA_OK = 0x87,
	CARD_MSG_FACE_OK = 0x88,
};

/* One message of any type; only the fields its type lists are used. */
struct card_msg {
	uint16_t	type;
	char		reader[CARD_READER_MAX];
	uint32_t	kind;		/* pin kind, key kind or cert slot */
	uint32_t	wait;
	uint32_t	timeout_ms;
	uint32_t	code;
	uint32_t	tries;		/* 0xffffffff: unknown */
	char		pin[CARD_PIN_MAX + 1];	/* secret: wiped by clear */
	char		newpin[CARD_PIN_MAX + 1]; /* secret */
	char		text[CARD_TEXT_MAX];
	unsigned char	*data;		/* owned */
	size_t		datalen;
	size_t		nreaders;
	struct card_reader_info readers[CARD_READERS_MAX];
	struct card_identity ident;
	struct card_certs certs;	/* DER owned */
};

/* Name of a message type ("verify"), NULL if unknown. */
const char *card_msg_name(uint16_t type);
/* Empty message of type. */
void card_msg_init(struct card_msg *, uint16_t type);
/* Wipe the PINs and free owned buffers; the message is empty after. */
void card_msg_clear(struct card_msg *);
/* Encode into a new buffer (*out is the caller's); -1 if a field does not
 * fit its limit. */
int card_msg_encode(const struct card_msg *, unsigned char **out,
    size_t *outlen);
/* From a header: the body length, or -1 if the header is bad (version,
 * unknown type, too long). */
long card_msg_body_len(const unsigned char hdr[CARD_HDR_LEN]);
/* Decode header + body (len bytes in all); -1 on any malformation, with
 * the message cleared. */
int card_msg_decode(const unsigned char *buf, size_t len, struct card_msg *);

/* Blocking helpers on a stream socket: send all; read one message (with a
 * deadline in ms, -1 none). Return 0, or -1 (errno set; EPROTO for a
 * malformed message, ETIMEDOUT, ECONNRESET at EOF). */
int card_msg_send(int fd, const struct card_msg *);
int card_msg_recv(int fd, struct card_msg *, int timeout_ms);

#endif
