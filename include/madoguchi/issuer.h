/*
 * The issuer: the J-LIS side of the counter (issue, revoke, hold, status,
 * CRLs, disclosure/correction requests) behind one struct of
 * function pointers. A backend fills in struct issuer_ops; the built-in one
 * is a real CA on OpenSSL with its own SQLite file under STATE/ca/ (see
 * src/issuer/ca_init.c for the layout). A J-LIS connector would be a
 * second backend with the same ops.
 *
 * Idempotency: every call that changes something takes a request id (1..64
 * of A-Z a-z 0-9 . _ : -). Repeating a call with the same id and the same
 * parameters returns the first result (the same serial and cert bytes, with
 * the cert's state as it is now) and changes nothing, so a step cut by a
 * crash or a pulled card is retried safely. The same id with
 * other parameters is refused (ISSUER_E_CONFLICT). A call that failed
 * changed nothing and is not remembered: retry it with the same id. The
 * one exception: a revoke or hold whose CRL file could not be written
 * fails with ISSUER_E_FAILED although the change is made (issuer_error
 * says so); its retry with the same id writes the file and succeeds.
 * Reads (status, history, list, crl, find) change nothing and take no id.
 *
 * Dates are YYYY-MM-DD, Japanese dates (JST). The caller passes the date a
 * decision is about; NULL means today (util_today, honours MADOGUCHI_TODAY).
 */
#ifndef MADOGUCHI_ISSUER_H
#define MADOGUCHI_ISSUER_H

#include <stddef.h>

#define ISSUER_ID_MAX		65	/* request ids and person keys, with NUL */
#define ISSUER_SERIAL_MAX	65	/* upper-case hex, no leading zeros */

enum issuer_status {
	ISSUER_OK = 0,
	ISSUER_E_INVALID,	/* a bad parameter; issuer_error says which */
	ISSUER_E_CONFLICT,	/* request id used before with other parameters */
	ISSUER_E_NOT_FOUND,	/* no such serial, request or record */
	ISSUER_E_STATE,		/* not allowed in the current state */
	ISSUER_E_FAILED,	/* storage or crypto failure: retry with the same id */
};

enum issuer_kind {
	ISSUER_KIND_SIGNATURE = 1,	/* 署名用電子証明書: carries the basic 4 info */
	ISSUER_KIND_USER = 2,		/* 利用者証明用電子証明書: carries none */
};

/* Which CA a CRL belongs to: the root's CRL covers the two issuing CAs. */
enum issuer_ca {
	ISSUER_CA_ROOT = 0,
	ISSUER_CA_SIGNATURE = ISSUER_KIND_SIGNATURE,
	ISSUER_CA_USER = ISSUER_KIND_USER,
};

enum issuer_state {
	ISSUER_STATE_VALID = 0,
	ISSUER_STATE_ON_HOLD,		/* 一時保留 (R5.1) */
	ISSUER_STATE_REVOKED,
	ISSUER_STATE_EXPIRED,		/* reported only: valid past not_after */
};

/* RFC 5280 CRLReason codes (values as on the wire). */
enum issuer_reason {
	ISSUER_REASON_NONE = -1,
	ISSUER_REASON_UNSPECIFIED = 0,
	ISSUER_REASON_KEY_COMPROMISE = 1,
	ISSUER_REASON_CA_COMPROMISE = 2,
	ISSUER_REASON_AFFILIATION_CHANGED = 3,
	ISSUER_REASON_SUPERSEDED = 4,
	ISSUER_REASON_CESSATION_OF_OPERATION = 5,
	ISSUER_REASON_CERTIFICATE_HOLD = 6,
	ISSUER_REASON_PRIVILEGE_WITHDRAWN = 9,
};

enum issuer_op {
	ISSUER_OP_ISSUE = 1,
	ISSUER_OP_REVOKE,
	ISSUER_OP_HOLD,
	ISSUER_OP_RELEASE,
	ISSUER_OP_DISCLOSURE,
	ISSUER_OP_MAIL,
};

/* The holder's data (borrowed strings, UTF-8). person_key is the counter's
 * key for the person (e.g. its person id), used by issuer_list. */
struct issuer_holder {
	const char	*person_key;
	const char	*name;		/* 氏名 */
	const char	*name_alt;	/* 氏名代替文字, or NULL */
	const char	*address;	/* 住所 */
	const char	*address_alt;	/* 住所代替文字, or NULL */
	const char	*birth_date;	/* YYYY-MM-DD */
	int		 sex;		/* ISO 5218: 1 male, 2 female, 9 n/a (0 unknown) */
	const char	*card_expiry;	/* the card's expiry date, YYYY-MM-DD */
};

struct issuer_issue_req {
	const char		*request_id;
	enum issuer_kind	 kind;
	const unsigned char	*spki;		/* DER SubjectPublicKeyInfo (RSA) */
	size_t			 spki_len;
	struct issuer_holder	 holder;
	const char		*issue_date;	/* NULL: today */
};

/* A revocation, hold or release of one cert (see issuer_release). */
struct issuer_change_req {
	const char		*request_id;
	enum issuer_op		 op;		/* REVOKE, HOLD or RELEASE */
	const char		*serial;	/* hex; "0x", colons and case ignored */
	enum issuer_reason	 reason;	/* REVOKE only */
	const char		*date;		/* NULL: today */
};

/* A cert as the issuer knows it. Returned ones are the caller's: free with
 * issuer_cert_free (one) or issuer_certs_free (an array). */
struct issuer_cert {
	char			 serial[ISSUER_SERIAL_MAX];
	enum issuer_kind	 kind;
	enum issuer_state	 state;
	enum issuer_reason	 reason;	/* revoked/on hold, else NONE */
	char			 person_key[ISSUER_ID_MAX];
	char			 request_id[ISSUER_ID_MAX];	/* of the issue */
	char			 issued_on[11];
	char			 not_before[11];	/* first day (JST) */
	char			 not_after[11];		/* last day (JST) */
	char			 changed_on[11];	/* last hold/revoke, or "" */
	unsigned char		*der;
	size_t			 der_len;
};

/* One step in a cert's history (issue, hold, release, revoke). */
struct issuer_event {
	long			 id;
	char			 serial[ISSUER_SERIAL_MAX];
	enum issuer_op		 op;
	enum issuer_state	 old_state;	/* for ISSUE: VALID */
	enum issuer_state	 new_state;
	enum issuer_reason	 reason;
	char			 date[11];
	char			 request_id[ISSUER_ID_MAX];
};

/* What a request id did, for reconciling after a crash. */
struct issuer_request {
	enum issuer_op		 op;
	char			 serial[ISSUER_SERIAL_MAX];	/* cert made or changed */
	long			 event_id;
	long			 disclosure_id;			/* DISCLOSURE/MAIL */
};

/* 開示・訂正の請求 (R6.1, R6-2.1), sent to J-LIS by 特定記録郵便 (R6.6). */
enum issuer_request_kind {
	ISSUER_DISCLOSURE = 1,		/* 開示 (様式第7号 / 第12号) */
	ISSUER_CORRECTION = 2,		/* 訂正 (様式第8号 / 第13号) */
};

/* Mailing of the request form: RECORDED -> SENT -> DELIVERED | RETURNED;
 * RETURNED -> SENT again (re-mailed). */
enum issuer_mail_state {
	ISSUER_MAIL_RECORDED = 0,	/* accepted, not yet mailed */
	ISSUER_MAIL_SENT,		/* handed to the post with a tracking number */
	ISSUER_MAIL_DELIVERED,
	ISSUER_MAIL_RETURNED,
};

struct issuer_disclosure_req {
	const char			*request_id;
	enum issuer_request_kind	 kind;
	const char			*person_key;
	const char			*form;		/* e.g. "様式第7号" */
	const char			*received_on;	/* NULL: today */
	const char			*detail;	/* what is asked; NULL ok */
};

struct issuer_mail_req {
	const char		*request_id;
	long			 disclosure_id;
	enum issuer_mail_state	 state;		/* SENT, DELIVERED or RETURNED */
	const char		*tracking_no;	/* 特定記録 number; SENT needs it */
	const char		*date;		/* NULL: today */
};

struct issuer_disclosure {
	long				 id;
	enum issuer_request_kind	 kind;
	char				 person_key[ISSUER_ID_MAX];
	char				 form[64];
	char				 received_on[11];
	enum issuer_mail_state		 mail_state;
	char				 tracking_no[64];
	char				 mail_date[11];		/* of the last mail state */
};

struct issuer;

/* A backend. Every pointer is set; outputs are written only on ISSUER_OK. */
struct issuer_ops {
	const char *name;
	enum issuer_status (*issue)(struct issuer *, const struct issuer_issue_req *,
	    struct issuer_cert **);
	enum issuer_status (*change)(struct issuer *, const struct issuer_change_req *,
	    struct issuer_cert **);
	enum issuer_status (*status)(struct issuer *, const char *serial,
	    const char *on, struct issuer_cert **);
	enum issuer_status (*history)(struct issuer *, const char *serial,
	    struct issuer_event **, size_t *);
	enum issuer_status (*list)(struct issuer *, const char *person_key,
	    const char *on, struct issuer_cert **, size_t *);
	enum issuer_status (*crl)(struct issuer *, enum issuer_ca,
	    unsigned char **, size_t *);
	enum issuer_status (*find_by_request)(struct issuer *, const char *,
	    struct issuer_request *);
	enum issuer_status (*disclosure_record)(struct issuer *,
	    const struct issuer_disclosure_req *, struct issuer_disclosure *);
	enum issuer_status (*disclosure_mail)(struct issuer *,
	    const struct issuer_mail_req *, struct issuer_disclosure *);
	enum issuer_status (*disclosure_get)(struct issuer *, long,
	    struct issuer_disclosure *);
	void (*close)(struct issuer *);
};

/* An open issuer. error holds the reason of the last failed call. */
struct issuer {
	const struct issuer_ops	*ops;
	void			*backend;
	char			 error[256];
};

/* --- The built-in CA ---------------------------------------------------- */

struct issuer_init_opts {
	const char	*org;		/* O= of the CA names; NULL: "Madoguchi" */
	const char	*date;		/* first day of the CA certs; NULL: today */
	const char	*root_pass;	/* root.key sealed with it; NULL: clear */
};

/* Create STATE/ca/ with the root and the two issuing CAs, their keys, the
 * database and empty CRLs. Idempotent: returns 1 and changes nothing when
 * the CA is already there, 0 when it made it, -1 on failure. msg (may be
 * NULL) gets one line saying what happened. */
int issuer_builtin_init(const char *state_dir, const struct issuer_init_opts *,
    char *msg, size_t msglen);
/* Open the built-in CA of STATE; NULL with a reason in why (msglen bytes)
 * if it is not initialised or cannot be read. Close with issuer_close. */
struct issuer *issuer_builtin_open(const char *state_dir, char *why,
    size_t whylen);
/* The same for issuerd: never reads the root key (root.key), so the
 * root CRL is served as last signed and not renewed. */
struct issuer *issuer_builtin_open_online(const char *state_dir, char *why,
    size_t whylen);
/* The same for the admin's root actions (`madoguchi ca crl --root`): the
 * root key must be in STATE/ca/root.key, clear or encrypted with pass
 * (may be NULL for a clear one). issuer_builtin_open loads it only when
 * it is there and clear. */
struct issuer *issuer_builtin_open_root(const char *state_dir,
    const char *pass, char *why, size_t whylen);
/* For issuerd: the day a NULL date means in this process's built-in CA
 * from now on (the client's today, sent with each request), so an
 * idempotent retry keeps its NULL date; NULL: util_today again. */
void issuer_builtin_set_today(const char *today);
/* Sign a new root CRL now and write its file, with an issuer opened by
 * issuer_builtin_open_root. 0, or -1 with the reason in issuer_error. */
int issuer_builtin_sign_root_crl(struct issuer *);
/* A client of madoguchi-issuerd on STATE/run/issuerd.sock
 * (src/issuer/PROTOCOL.md), with the same ops: the counter's way to the
 * CA. NULL with the reason in why when issuerd does not answer. A call
 * whose connection dropped is sent again once on a new connection (safe:
 * calls are idempotent by request id). */
struct issuer *issuer_client_open(const char *state_dir, char *why,
    size_t whylen);
/* Path of a CA cert (PEM) or a CRL file (DER) in STATE/ca; caller frees.
 * A CRL file always holds the CA's latest CRL: every revoke and hold
 * writes its new CRL there (temp file + rename, so a reader never sees
 * half a file) before it returns ISSUER_OK, and a repeated call writes it
 * again, re-signed when half its week's life is over. */
char *issuer_builtin_cert_path(const char *state_dir, enum issuer_ca);
char *issuer_builtin_crl_path(const char *state_dir, enum issuer_ca);

/* --- Calls (dispatch to the backend; see issuer_ops) ----------------------- */

void issuer_close(struct issuer *);
/* The reason of the last failure, for the log or the admin. */
const char *issuer_error(const struct issuer *);

enum issuer_status issuer_issue(struct issuer *, const struct issuer_issue_req *,
    struct issuer_cert **out);
enum issuer_status issuer_revoke(struct issuer *, const char *request_id,
    const char *serial, enum issuer_reason, const char *date,
    struct issuer_cert **out);
/* Put on hold (certificateHold, holdInstructionCode callIssuer; R5.1). A
 * held cert can only be revoked (R5.2, R5.3). */
enum issuer_status issuer_hold(struct issuer *, const char *request_id,
    const char *serial, const char *date, struct issuer_cert **out);
/* Lift a hold: JPKI never does (R5.2, R5.3: a found card's held certs are
 * revoked), so the built-in CA refuses it with ISSUER_E_STATE and says why
 * in issuer_error. Kept for the interface's other backends. */
enum issuer_status issuer_release(struct issuer *, const char *request_id,
    const char *serial, const char *date, struct issuer_cert **out);
/* State on the date `on` (NULL: today); out may be NULL. */
enum issuer_status issuer_status_get(struct issuer *, const char *serial,
    const char *on, struct issuer_cert **out);
/* Events of a cert, oldest first; free the array with free(). */
enum issuer_status issuer_history(struct issuer *, const char *serial,
    struct issuer_event **out, size_t *n);
/* Every cert of a person, oldest first; free with issuer_certs_free. */
enum issuer_status issuer_list(struct issuer *, const char *person_key,
    const char *on, struct issuer_cert **out, size_t *n);
/* The current CRL (DER) of a CA; the caller frees *der. */
enum issuer_status issuer_crl(struct issuer *, enum issuer_ca,
    unsigned char **der, size_t *len);
enum issuer_status issuer_find_by_request(struct issuer *,
    const char *request_id, struct issuer_request *out);
enum issuer_status issuer_disclosure_record(struct issuer *,
    const struct issuer_disclosure_req *, struct issuer_disclosure *out);
enum issuer_status issuer_disclosure_mail(struct issuer *,
    const struct issuer_mail_req *, struct issuer_disclosure *out);
enum issuer_status issuer_disclosure_get(struct issuer *, long id,
    struct issuer_disclosure *out);

void issuer_cert_free(struct issuer_cert *);
void issuer_certs_free(struct issuer_cert *, size_t n);

/* --- Pure helpers ----------------------------------------------------------- */

/* Last valid day of a cert issued on issue_date: the 5th birthday after the
 * issue date (a 29 February birthday falls on 28 February in common years),
 * or the card's expiry if earlier. 0, or -1 if a date is bad or the card
 * has expired. */
int issuer_validity_end(const char *issue_date, const char *birth_date,
    const char *card_expiry, char not_after[11]);
/* Names for logs, the CLI and the database ("keyCompromise", "on_hold"...). */
const char *issuer_reason_name(enum issuer_reason);
int issuer_reason_parse(const char *, enum issuer_reason *);
const char *issuer_state_name(enum issuer_state);
const char *issuer_kind_name(enum issuer_kind);
int issuer_kind_parse(const char *, enum issuer_kind *);
const char *issuer_op_name(enum issuer_op);
const char *issuer_mail_state_name(enum issuer_mail_state);
const char *issuer_status_name(enum issuer_status);
/* Canonical serial (upper-case hex, no leading zeros) into out; -1 if s is
 * not hex. */
int issuer_serial_normalize(const char *s, char out[ISSUER_SERIAL_MAX]);
/* 1 if s is a usable request id or person key. */
int issuer_id_valid(const char *s);

/* A backup's copy of a private key (issuer_keys.c): the clear PEM key at
 * in_path written to the new file out_path as PKCS#8 encrypted with pass
 * (AES-256-CBC, scrypt). 0, or -1 with why in err. */
int issuer_key_seal(const char *in_path, const char *out_path,
    const char *pass, char *err, size_t errlen);
/* A key already sealed with its own passphrase (the root key, encrypted
 * at rest) is copied as it is, marked so, by issuer_key_seal.
 * The key of such a file opened with pass, as clear PEM PKCS#8 (what the
 * CA reads) in a string of *len bytes: the caller's, to be wiped with
 * secure_wipe and freed; a key copied as it is comes back as it was
 * (still sealed with its own passphrase). NULL with why in err (a wrong
 * passphrase). */
char *issuer_key_unseal(const char *in_path, const char *pass, size_t *len,
    char *err, size_t errlen);

#endif
