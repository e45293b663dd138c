/*
 * The issuerd wire protocol (src/issuer/PROTOCOL.md): an 8-byte header
 * (version, type, body length, all big-endian) and a body of typed fields.
 * Which fields a message carries, in which order, is the const table in
 * issuer_proto.c; encode and decode walk it field by field and the decoder
 * insists that the body ends exactly where the last field does.
 */
#ifndef MADOGUCHI_ISSUER_PROTO_H
#define MADOGUCHI_ISSUER_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/issuer.h"

#define ISSUER_PROTO_VERSION	1
#define ISSUER_HDR_LEN		8
#define ISSUER_REQ_MAX		(256 * 1024)	/* body of a request */
#define ISSUER_ANS_MAX		(32 * 1024 * 1024) /* body of an answer */
#define ISSUER_STR_MAX		2048		/* any string field, bytes */
#define ISSUER_BLOB_MAX		(64 * 1024)	/* a cert or an SPKI */
#define ISSUER_CRL_MAX		(16 * 1024 * 1024)
#define ISSUER_LIST_MAX		256		/* certs or events in one answer */

enum issuer_msg_type {
	/* requests */
	ISSUER_MSG_ISSUE = 0x01,
	ISSUER_MSG_CHANGE = 0x02,
	ISSUER_MSG_STATUS = 0x03,
	ISSUER_MSG_HISTORY = 0x04,
	ISSUER_MSG_LIST = 0x05,
	ISSUER_MSG_CRL = 0x06,
	ISSUER_MSG_FIND = 0x07,
	ISSUER_MSG_DISC_RECORD = 0x08,
	ISSUER_MSG_DISC_MAIL = 0x09,
	ISSUER_MSG_DISC_GET = 0x0a,
	/* answers */
	ISSUER_MSG_ERROR = 0x80,
	ISSUER_MSG_CERTS_OK = 0x81,
	ISSUER_MSG_EVENTS_OK = 0x82,
	ISSUER_MSG_CRL_OK = 0x83,
	ISSUER_MSG_REQUEST_OK = 0x84,
	ISSUER_MSG_DISC_OK = 0x85,
};

/* Extra status of an ERROR answer beyond enum issuer_status: the
 * service refused the peer or the message. */
#define ISSUER_E_PROTO		100	/* malformed message, other version */
#define ISSUER_E_DENIED		101	/* peer uid not allowed */

/* One message of any type; only the fields its type lists are used.
 * Every pointer is owned by the message (NULL: an absent optional
 * string), freed by issuer_msg_clear. */
struct issuer_msg {
	uint16_t		 type;
	char			*id;		/* request id */
	char			*serial;
	char			*person;	/* person key */
	char			*date;		/* date, on, received_on */
	char			*today;		/* the client's day (what NULL means) */
	char			*form;
	char			*detail;
	char			*tracking;
	char			*text;		/* ERROR: English reason */
	uint32_t		 kind;		/* issuer_kind, issuer_ca, request kind */
	uint32_t		 op;
	int32_t			 reason;
	uint32_t		 mail_state;
	uint32_t		 status;	/* ERROR */
	int64_t			 disc_id;
	unsigned char		*blob;		/* SPKI of ISSUE, DER of CRL_OK */
	size_t			 bloblen;
	struct {
		char		*person_key, *name, *name_alt, *address;
		char		*address_alt, *birth_date, *card_expiry;
		uint32_t	 sex;
	}			 holder;
	struct issuer_cert	*certs;		/* ncerts, each der owned */
	size_t			 ncerts;
	struct issuer_event	*events;
	size_t			 nevents;
	struct issuer_request	 request;
	struct issuer_disclosure disc;
};

/* Name of a message type ("issue"), NULL if unknown. */
const char *issuer_msg_name(uint16_t type);
void issuer_msg_init(struct issuer_msg *, uint16_t type);
/* Free what the message owns; it is empty after. */
void issuer_msg_clear(struct issuer_msg *);
/* Encode into a new buffer (*out is the caller's); -1 if a field is over
 * its limit. */
int issuer_msg_encode(const struct issuer_msg *, unsigned char **out,
    size_t *outlen);
/* From a header: the body length, or -1 if the header is bad (version,
 * unknown type, too long for its direction); *badver (may be NULL) is set
 * when only the version is wrong. */
long issuer_msg_body_len(const unsigned char hdr[ISSUER_HDR_LEN], int *badver);
/* Decode header + body (len bytes in all); -1 on any malformation, with
 * the message cleared. */
int issuer_msg_decode(const unsigned char *buf, size_t len, struct issuer_msg *);

/* Blocking helpers on a stream socket: send all; read one message within
 * timeout_ms (-1: none). 0, or -1 (errno: EPROTO for a malformed message,
 * ETIMEDOUT, ECONNRESET at EOF). */
int issuer_msg_send(int fd, const struct issuer_msg *);
int issuer_msg_recv(int fd, struct issuer_msg *, int timeout_ms);

#endif
