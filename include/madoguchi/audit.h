/*
 * The signed audit trail (issue 13): the store's hash chain of audit rows
 * is anchored outside the database by a head (entry count, chain hash,
 * time) signed with Ed25519 by madoguchi-auditd, the only process that
 * reads the private key STATE/audit/key. Formats: src/audit/PROTOCOL.md.
 * This library has the head file, the keys, the checks shared by the
 * signer and `madoguchi audit verify`, and the client of auditd.
 */
#ifndef MADOGUCHI_AUDIT_H
#define MADOGUCHI_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct evp_pkey_st;	/* OpenSSL's EVP_PKEY */

#define AUDIT_HEAD_MAGIC	"madoguchi-audit-head"
#define AUDIT_HEAD_VERSION	1
#define AUDIT_KEYID_LEN		16
#define AUDIT_INSTALL_LEN	32

/* A head as read from STATE/audit/head. text holds the signed lines
 * exactly as written (everything before the sig line). */
struct audit_head {
	char	installation[AUDIT_INSTALL_LEN + 1];
	char	keyid[AUDIT_KEYID_LEN + 1];
	int64_t	count;
	char	hash[65];
	char	at[21];		/* YYYY-MM-DDTHH:MM:SSZ */
	char	sig[128];	/* base64 */
	char	text[512];
	size_t	textlen;
};

/* Read and parse STATE/audit/head: 0 read, 1 no head file, -1 malformed
 * or unreadable. The signature is not checked here (audit_head_check).
 * For the daily close (prints out->hash) and backup (copies the file). */
int audit_head_read(const char *state_dir, struct audit_head *out);
/* The same, saying why in err (English, for logs) when not 0. */
int audit_head_read_why(const char *state_dir, struct audit_head *out,
    char *err, size_t errlen);
/* Check the head's signature with keys/<keyid>.pub: 0 good, 1 bad
 * signature, 2 no public key for that key id. */
int audit_head_check(const char *state_dir, const struct audit_head *);
/* Fill in keyid, at (now), sign with key and replace the head file
 * atomically (tmp, fsync, rename, fsync dir). 0, or -1 (err). */
int audit_head_write(const char *state_dir, struct audit_head *,
    struct evp_pkey_st *key, char *err, size_t errlen);

/* Keys. The key id is the first 16 hex digits of SHA-256 of the raw
 * 32-byte Ed25519 public key. */
void audit_keyid(struct evp_pkey_st *, char out[AUDIT_KEYID_LEN + 1]);
/* A new key pair: writes STATE/audit/key (0600, replacing any, atomically)
 * and keys/<keyid>.pub; keyid out. The key is the caller's (EVP_PKEY_free),
 * NULL on failure (err). */
struct evp_pkey_st *audit_key_create(const char *state_dir,
    char keyid[AUDIT_KEYID_LEN + 1], char *err, size_t errlen);
/* The private key, the caller's; NULL (err) when absent or unreadable. */
struct evp_pkey_st *audit_key_load(const char *state_dir, char *err,
    size_t errlen);

/* The signer's memory between advances: where the signed part of the
 * chain ends in the database (the row id of entry count). */
struct audit_signer {
	int	valid;
	int64_t	count, last_id;
	char	hash[65];
};
/* Sign the rows appended after the current head if they extend the
 * chain: 0 (head out: the new head, or the old one when nothing was
 * new), -1 refused or failed (err, no personal data). st may be read
 * only. */
int audit_advance(struct store *, const char *state_dir,
    struct evp_pkey_st *key, struct audit_signer *, struct audit_head *out,
    char *err, size_t errlen);

/* What `madoguchi audit verify` found. */
enum audit_verdict {
	AUDIT_INTACT = 0,
	AUDIT_TAMPERED = 1,
	AUDIT_UNVERIFIABLE = 3
};
struct audit_report {
	enum audit_verdict verdict;
	int	have_head;
	struct audit_head head;
	int64_t	checked;	/* rows read */
	int64_t	unsigned_tail;	/* rows after the head, chain intact */
	char	chain_hash[65];	/* hash of the last row checked */
	int64_t	bad_id;		/* first bad row, 0 when none or gone */
	char	bad_at[21], bad_kind[64];
	char	why[256];	/* Japanese, when not intact */
};
/* One streaming pass over the trail against the signed head; -1 only
 * when the database itself failed (store_errmsg). */
int audit_verify(struct store *, const char *state_dir,
    struct audit_report *);

/* auditd's client (STATE/run/auditd.sock, 2 s timeouts). */
enum audit_req { AUDIT_REQ_ADVANCE = 1, AUDIT_REQ_STATUS, AUDIT_REQ_ROTATE };
/* 0 with the head auditd now holds, -1 with err (English, for logs);
 * *unreachable is set when no auditd answered at all. */
int audit_client_request(const char *state_dir, enum audit_req,
    struct audit_head *out, int *unreachable, char *err, size_t errlen);
/* Tell auditd new rows are committed, without waiting for it: it signs a
 * head covering them within AUDITD_COALESCE_MS (auditd_main.c). 0 sent,
 * -1 with err (auditd unreachable or its backlog full for 50 ms). */
int audit_client_notify(const char *state_dir, char *err, size_t errlen);
/* A store hook (store_set_audit_hook) whose arg is the state dir:
 * notifies auditd (audit_client_notify); when it cannot, logs once and
 * never fails the caller (the rows are durable, the head lags). Callers
 * that need the head now ask AUDIT_REQ_ADVANCE instead. */
void audit_store_hook(void *state_dir);

#endif
