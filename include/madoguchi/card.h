/*
 * The client side of madoguchi-cardd, the only process that talks PC/SC.
 * A client connects to cardd's Unix socket and sends one request at a time;
 * every call below sends one request, waits for its answer and returns 0 on
 * success or -1 with a struct card_error (an error code the UI renders in
 * Japanese with card_error_ja(), the PIN tries left when they are known, and
 * a short English detail for logs). The wire format is in src/card/PROTOCOL.md.
 * PINs given to these functions are borrowed; the library wipes its copies.
 */
#ifndef MADOGUCHI_CARD_H
#define MADOGUCHI_CARD_H

#include <stddef.h>
#include <stdint.h>

#define CARD_PROTO_VERSION	1
#define CARD_READER_MAX		128	/* bytes of a reader name, with NUL */
#define CARD_READERS_MAX	16
#define CARD_PIN_MAX		16
#define CARD_TEXT_MAX		256

/* Error codes: stable numbers on the wire (PROTOCOL.md). */
enum card_err {
	CARD_OK = 0,
	CARD_E_PROTO = 1,	/* malformed message or unknown version */
	CARD_E_CONNECT = 2,	/* cardd unreachable or connection lost */
	CARD_E_SERVICE = 3,	/* pcscd unreachable or PC/SC failure */
	CARD_E_NO_READER = 4,
	CARD_E_NO_CARD = 5,
	CARD_E_REMOVED = 6,	/* card pulled or reset during the step */
	CARD_E_BUSY = 7,	/* reader held by another client */
	CARD_E_TIMEOUT = 8,
	CARD_E_NOT_JPKI = 9,	/* no JPKI AP on the card */
	CARD_E_PIN_FORMAT = 10,	/* PIN rejected before sending: no try used */
	CARD_E_PIN_WRONG = 11,	/* tries_left says how many remain */
	CARD_E_PIN_BLOCKED = 12,
	CARD_E_NOT_SUPPORTED = 13, /* e.g. issuance on a real card */
	CARD_E_NO_FILE = 14,	/* cert or key not on the card */
	CARD_E_CARD = 15,	/* unexpected status word */
	CARD_E_ADMIN = 16,	/* the emulator's admin channel failed */
	CARD_E_DENIED = 17,	/* peer not allowed */
	CARD_E_CANCELLED = 18,	/* PIN pad entry cancelled or timed out */
	CARD_E_INVALID = 19,	/* bad argument in a request */
	CARD_E_MAX
};

/* PIN kinds (the PIN EFs of the card). */
enum card_pin {
	CARD_PIN_USER = 1,	/* JPKI 利用者証明用, EF 0018: 4 digits, 3 tries */
	CARD_PIN_SIGN = 2,	/* JPKI 署名用, EF 001B: 6-16 A-Z0-9, 5 tries */
	CARD_PIN_SUPPORT = 3,	/* 券面事項入力補助用, EF 0011: 4 digits, 3 tries */
	CARD_PIN_FACE_B = 4,	/* 券面事項確認AP 照合番号B, EF 0012: 14 digits
				 * printed on the card (birth YYMMDD, the expiry's
				 * year, the 4-digit security code) */
};

/* Certificate slots of the JPKI AP. */
enum card_cert_slot {
	CARD_CERT_USER = 1,	/* EF 000A */
	CARD_CERT_USER_CA = 2,	/* EF 000B */
	CARD_CERT_SIGN = 3,	/* EF 0001: needs the signature PIN */
	CARD_CERT_SIGN_CA = 4,	/* EF 0002 */
};

/* Key kinds for generation and signing. */
enum card_key {
	CARD_KEY_USER = 1,	/* EF 0017, with the user PIN */
	CARD_KEY_SIGN = 2,	/* EF 001A, with the signature PIN */
};

/* card_readers wait modes. */
enum card_wait {
	CARD_WAIT_NONE = 0,
	CARD_WAIT_PRESENT = 1,	/* until a card is in the reader */
	CARD_WAIT_ABSENT = 2,	/* until the reader is empty */
};

#define CARD_READER_PRESENT	0x01	/* a card is in the reader */
#define CARD_READER_CLAIMED	0x02	/* another client holds it */
#define CARD_READER_PINPAD	0x04	/* part 10 verify direct (or vcard's pad) */
#define CARD_READER_PINPAD_MOD	0x08	/* part 10 modify direct (or vcard's) */
#define CARD_READER_EMULATED	0x10	/* madoguchi-vcard: issuance works */

struct card_error {
	enum card_err	code;
	int		tries_left;	/* -1 when unknown */
	char		detail[CARD_TEXT_MAX];
};

struct card_reader_info {
	char		name[CARD_READER_MAX];
	uint32_t	flags;		/* CARD_READER_* */
};

struct card_identity {
	char		token[40];	/* "JPKIAPICCTOKEN2" (My Number card) */
	char		card_number[40]; /* "" when the card does not tell */
	int		has_basic4;	/* the next four are filled */
	char		name[CARD_TEXT_MAX];	/* UTF-8 */
	char		address[CARD_TEXT_MAX];	/* UTF-8 */
	char		birth[9];	/* YYYYMMDD */
	char		sex[2];		/* ISO 5218: 1, 2, 9 */
};

/* What the card-face AP (券面事項確認AP) gives with PIN B: the printed
 * items it holds as text, and a digest of the whole card-face record (the
 * name, address and photo images and the issuer's signature), which tells
 * two cards of one person apart. */
struct card_face {
	char		card_number[40]; /* "" when the card does not tell */
	char		birth[9];	/* YYYYMMDD */
	char		sex[2];		/* ISO 5218 */
	char		expiry[9];	/* YYYYMMDD, the card's expiry */
	unsigned char	digest[32];	/* SHA-256 of the card-face record */
};

struct card_cert {
	enum card_cert_slot slot;
	int		present;	/* 0: slot empty or not readable */
	unsigned char	*der;		/* owned; freed by card_certs_clear */
	size_t		derlen;
	char		serial[80];	/* hex */
	char		not_before[24];	/* YYYY-MM-DDTHH:MM:SSZ */
	char		not_after[24];
	char		subject[CARD_TEXT_MAX];	/* RFC 2253, UTF-8 */
};

struct card_certs {
	size_t		n;
	struct card_cert cert[4];
};

struct card_client;

/* Connect to cardd at path; NULL and err filled on failure. */
struct card_client *card_client_open(const char *path, struct card_error *err);
void card_client_close(struct card_client *);

/* Readers and the state of each; with wait != NONE, block (at most
 * timeout_ms) until reader (or any reader when reader is NULL or "") has a
 * card (PRESENT) or none (ABSENT). */
int card_readers(struct card_client *, const char *reader, enum card_wait wait,
    uint32_t timeout_ms, struct card_reader_info out[CARD_READERS_MAX],
    size_t *nout, struct card_error *err);

/* Hold a reader for this client until card_release or disconnect; waits up
 * to timeout_ms when another client holds it, then CARD_E_BUSY. Requests
 * from other clients meanwhile get CARD_E_BUSY. reader NULL: the first with
 * a card. The name held is copied to held (may be NULL). */
int card_claim(struct card_client *, const char *reader, uint32_t timeout_ms,
    char held[CARD_READER_MAX], struct card_error *err);
int card_release(struct card_client *, struct card_error *err);

/* In every call below, reader NULL or "" means the held reader, else the
 * first reader with a card. */

/* Token string and card number; with support_pin (input-support PIN, NULL
 * to skip) also the basic 4 info. */
int card_identity(struct card_client *, const char *reader,
    const char *support_pin, struct card_identity *out, struct card_error *err);

/* The card-face record, opened with PIN B (CARD_PIN_FACE_B) that the
 * clerk reads off the card's face: R2.8's route for a face-auth card or
 * a PIN the applicant cannot give. */
int card_face(struct card_client *, const char *reader, const char *pin_b,
    struct card_face *out, struct card_error *err);

/* The certificates of the JPKI AP, all four slots. The signature cert is
 * read only when sign_pin is given. Free with card_certs_clear. */
int card_read_certs(struct card_client *, const char *reader,
    const char *sign_pin, struct card_certs *out, struct card_error *err);
void card_certs_clear(struct card_certs *);

/* Tries left of one PIN (no try used). */
int card_tries(struct card_client *, const char *reader, enum card_pin,
    int *tries, struct card_error *err);

/* Verify a PIN. pin NULL: on a PIN-pad reader the resident types it there.
 * The PIN format is checked first (the signature PIN upper-cased), so a
 * malformed PIN uses no try (CARD_E_PIN_FORMAT). */
int card_verify(struct card_client *, const char *reader, enum card_pin,
    const char *pin, struct card_error *err);

/* Change a PIN: verify old, then set new (both format-checked first).
 * old and new NULL: on a PIN-pad reader, entered there (the new PIN twice:
 * when the two differ the pad refuses, CARD_E_PIN_FORMAT, the PIN
 * unchanged). A pad entry not made in time: CARD_E_CANCELLED. */
int card_change_pin(struct card_client *, const char *reader, enum card_pin,
    const char *old_pin, const char *new_pin, struct card_error *err);

/* Sign a DigestInfo with a card key after verifying its PIN; the card pads
 * (PKCS#1 v1.5). *sig is the caller's (free()). */
int card_sign(struct card_client *, const char *reader, enum card_key,
    const char *pin, const unsigned char *digestinfo, size_t len,
    unsigned char **sig, size_t *siglen, struct card_error *err);

/* Issuance operations. Real cards do not expose these publicly, so they
 * work only on the emulated card (cardd --vcard-admin); elsewhere
 * CARD_E_NOT_SUPPORTED. */
/* New key pair of kind; *spki (DER SubjectPublicKeyInfo) is the caller's. */
int card_generate_key(struct card_client *, const char *reader, enum card_key,
    unsigned char **spki, size_t *spkilen, struct card_error *err);
int card_write_cert(struct card_client *, const char *reader,
    enum card_cert_slot, const unsigned char *der, size_t len,
    struct card_error *err);
/* Set a PIN to pin and its counter to its maximum (reset/unblock). */
int card_set_pin(struct card_client *, const char *reader, enum card_pin,
    const char *pin, struct card_error *err);
/* Make a face-authentication card: user PIN locked, signature cert and key
 * deleted. */
int card_face_lock(struct card_client *, const char *reader,
    struct card_error *err);
/* Delete the signature cert and key. */
int card_delete_sign(struct card_client *, const char *reader,
    struct card_error *err);

/* Japanese text for a code, for the clerk's screen (static string). */
const char *card_error_ja(enum card_err);
/* Short English name of a code, for logs and the CLI ("busy"). */
const char *card_error_name(enum card_err);
/* Check a PIN's format for its kind; the signature PIN is upper-cased into
 * out (CARD_PIN_MAX + 1 bytes). 0 if good, -1 if not. */
int card_pin_normalize(enum card_pin, const char *pin, char *out);

#endif
