/*
 * Private parts of the built-in CA: the open CA (keys, certs, database),
 * the X.509 builders (ca_x509.c), the SQLite store (ca_db.c) and file
 * helpers. Only src/issuer/ includes this.
 */
#ifndef MADOGUCHI_CA_H
#define MADOGUCHI_CA_H

#include <sys/types.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sqlite3.h>

#include "madoguchi/issuer.h"
#include "madoguchi/state.h"

/* Files under STATE/ca/ (STATE_CA_DIR; the layout is described in
 * ca_builtin.c). */
#define CA_DB_FILE	"ca.db"
#define CA_CRL_DIR	"crl"

/* A CA's key pair and cert. */
struct ca_key {
	X509		*cert;
	EVP_PKEY	*key;
};

/* The open built-in CA, kept in struct issuer's backend pointer. */
struct ca {
	char		*dir;		/* absolute STATE/ca */
	sqlite3		*db;
	struct ca_key	 keys[3];	/* indexed by enum issuer_ca */
	char		*org;		/* O= of the names */
	int		 crash_at;	/* test hook, see CA_STEP */
};

/* Test hook for fault injection: with the test switch
 * MADOGUCHI_CA_CRASH_AT=N (and MADOGUCHI_TESTING=1, util_test_switch) in
 * the environment when the CA is opened, a write _exit()s right after its
 * step N, as if the process were killed there. */
void ca_step(const struct ca *, int step);
#define CA_STEP(ca, n) ca_step((ca), (n))

/* ca_init.c: open the CA files of STATE/ca (NULL with why), and free.
 * The root key (root.key, which may be absent: kept offline) is loaded
 * when it is there and clear or opened by pass; NO_ROOT_KEY never reads
 * it (issuerd), ROOT_KEY requires it. */
#define CA_ROOT_KEY_FILE	"root.key"
#define CA_LOAD_NO_ROOT_KEY	0x01
#define CA_LOAD_ROOT_KEY	0x02
struct ca *ca_load(const char *state_dir, int flags, const char *pass,
    char *why, size_t whylen);
void ca_close(struct ca *);

/* ca_builtin.c: a new CRL of one CA, inside the caller's transaction, and
 * the latest one written to STATE/ca/crl/<name>.crl (-1 with errno). */
int ca_crl_make(struct ca *, enum issuer_ca);
int ca_crl_publish(struct ca *, enum issuer_ca);

/* issuer_keys.c: key as PKCS#8 sealed with pass (AES-256-CBC, scrypt)
 * into bio. 0 or -1. */
int ca_key_write_sealed(BIO *bio, EVP_PKEY *key, const char *pass);

/* Names of the per-CA files: "root", "signature", "user". */
const char *ca_base_name(enum issuer_ca);

/* --- ca_x509.c ------------------------------------------------------------ */

/* A leaf to sign; strings borrowed. */
struct ca_leaf {
	enum issuer_kind		 kind;
	const char			*serial;	/* canonical hex */
	EVP_PKEY			*pub;
	const struct issuer_holder	*holder;	/* SAN for SIGNATURE */
	time_t				 not_before, not_after;
	const char			*crl_uri;
	const char			*org;
};

/* One entry of a CRL. */
struct ca_revoked {
	char			 serial[ISSUER_SERIAL_MAX];
	enum issuer_reason	 reason;	/* CERTIFICATE_HOLD adds the hold code */
	time_t			 when;
};

EVP_PKEY *ca_x509_keygen(void);
/* A CA cert: self-signed root when parent is NULL. crl_uri may be NULL. */
X509 *ca_x509_make_ca(const char *org, const char *cn, EVP_PKEY *key,
    const struct ca_key *parent, time_t nb, time_t na, const char *crl_uri);
/* Sign a leaf; *der is the caller's. -1 with a reason in err. */
int ca_x509_make_leaf(const struct ca_key *, const struct ca_leaf *,
    unsigned char **der, size_t *len, char *err, size_t errlen);
/* Sign a CRL with the given entries; *der is the caller's. */
int ca_x509_make_crl(const struct ca_key *, long number, time_t this_update,
    time_t next_update, const struct ca_revoked *, size_t n,
    unsigned char **der, size_t *len);
/* A fresh positive serial of 16 bytes, 126 of its bits random (the top
 * two fixed so it is positive and always 32 hex digits), canonical hex. */
int ca_x509_random_serial(char out[ISSUER_SERIAL_MAX]);
/* Parse a DER SubjectPublicKeyInfo; only RSA of 2048..4096 bits. */
EVP_PKEY *ca_x509_parse_spki(const unsigned char *, size_t, char *err,
    size_t errlen);
/* 00:00:00 JST of a YYYY-MM-DD date; -1 if bad. */
time_t ca_jst_day_start(const char *date);
/* The file:// URI of an absolute path (percent-encoded); caller frees. */
char *ca_file_uri(const char *path);

/* Write a file atomically (path.tmp, fsync, rename, fsync of the
 * directory) with the given mode. Writers of one path take turns (the CRL
 * files are written under the database's write lock): they share the
 * temp name. */
int ca_write_file(const char *path, const void *buf, size_t len, mode_t mode);
/* Read a whole file; *buf is the caller's. */
int ca_read_file(const char *path, unsigned char **buf, size_t *len);

/* --- ca_db.c -------------------------------------------------------------- */

/* Open (creating the schema) the CA database with WAL, FULL sync. */
int ca_db_open(const char *path, sqlite3 **out, char *err, size_t errlen);
int ca_db_exec(struct ca *, const char *sql);
/* The stored request: 1 found (op, params hash, result filled), 0 not. */
struct ca_req_row {
	enum issuer_op	op;
	char		params[65];
	char		serial[ISSUER_SERIAL_MAX];
	long		event_id;
	long		disclosure_id;
};
int ca_db_request_get(struct ca *, const char *request_id, struct ca_req_row *);
int ca_db_request_put(struct ca *, const char *request_id,
    const struct ca_req_row *);
int ca_db_cert_insert(struct ca *, const struct issuer_cert *,
    const char *spki_hash);
/* 1 found, 0 not, -1 error; out's der is the caller's. */
int ca_db_cert_get(struct ca *, const char *serial, struct issuer_cert *out);
int ca_db_cert_set_state(struct ca *, const char *serial, enum issuer_state,
    enum issuer_reason, const char *date);
long ca_db_event_insert(struct ca *, const struct issuer_event *);
int ca_db_events(struct ca *, const char *serial, struct issuer_event **,
    size_t *);
int ca_db_certs_of(struct ca *, const char *person_key, struct issuer_cert **,
    size_t *);
/* Revoked and on-hold certs of one issuing CA, for its CRL. */
int ca_db_revoked(struct ca *, enum issuer_kind, struct ca_revoked **, size_t *);
/* Latest CRL: 1 found (number, next_update, der), 0 none, -1 error. */
int ca_db_crl_latest(struct ca *, enum issuer_ca, long *number,
    time_t *next_update, unsigned char **der, size_t *len);
int ca_db_crl_insert(struct ca *, enum issuer_ca, long number,
    time_t this_update, time_t next_update, const unsigned char *, size_t);
int ca_db_disclosure_insert(struct ca *, const char *request_id,
    const struct issuer_disclosure *, const char *detail, long *id);
int ca_db_disclosure_get(struct ca *, long id, struct issuer_disclosure *);
int ca_db_disclosure_mail(struct ca *, const struct issuer_mail_req *,
    const char *date);

#endif
