/*
 * The built-in CA as an issuer backend (the ops of issuer.h). Every write
 * is one SQLite transaction (BEGIN IMMEDIATE .. COMMIT) that first looks up
 * its request id: a cert is signed, stored, given its event and its request
 * row in the same transaction, so a crash at any step leaves either nothing
 * (retry makes it) or everything (retry returns it); no serial is ever
 * half-used. The database is the truth and a CRL file is a copy of its
 * latest CRL: a revoke or hold signs the new CRL in its transaction and,
 * once committed, writes the file (temp + rename, under the database's
 * write lock) before it answers ISSUER_OK. Files left behind by a crash are
 * written again when the CA is opened, on a repeated request, and whenever
 * a CRL is asked for. The layout is in ca_init.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "madoguchi/util.h"
#include "ca.h"

#define CA_CRL_DAYS	7	/* nextUpdate; a CRL is remade at half-life */

/* Certificate state transitions, as data. A row with `refused` set names
 * a change that is never made, and why (for issuer_error); a change with
 * no row at all is refused as not possible in the cert's state. */
static const struct ca_transition {
	enum issuer_op		 op;
	enum issuer_state	 from;
	enum issuer_state	 to;
	const char		*refused;
} ca_transition_table[] = {
	/* R5.1: a lost card's certs are put on hold. */
	{ ISSUER_OP_HOLD, ISSUER_STATE_VALID, ISSUER_STATE_ON_HOLD, NULL },
	{ ISSUER_OP_REVOKE, ISSUER_STATE_VALID, ISSUER_STATE_REVOKED, NULL },
	/* R5.2, R5.3: the card found again, its held certs are revoked. */
	{ ISSUER_OP_REVOKE, ISSUER_STATE_ON_HOLD, ISSUER_STATE_REVOKED, NULL },
	/* R5.2, R5.3: JPKI never lifts a hold. */
	{ ISSUER_OP_RELEASE, ISSUER_STATE_ON_HOLD, ISSUER_STATE_ON_HOLD,
	  "a held certificate is never released (JPKI, R5.2, R5.3): revoke "
	  "it, and issue a new one if the holder needs it" },
};

/* Mailing of disclosure/correction forms (R6.6), as data. */
static const struct {
	enum issuer_mail_state	from;
	enum issuer_mail_state	to;
} ca_mail_table[] = {
	{ ISSUER_MAIL_RECORDED, ISSUER_MAIL_SENT },
	{ ISSUER_MAIL_SENT, ISSUER_MAIL_DELIVERED },
	{ ISSUER_MAIL_SENT, ISSUER_MAIL_RETURNED },
	{ ISSUER_MAIL_RETURNED, ISSUER_MAIL_SENT },
};

static enum issuer_status ca_disclosure_get_op(struct issuer *, long,
    struct issuer_disclosure *);
static void ca_err(struct issuer *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
ca_err(struct issuer *iss, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(iss->error, sizeof(iss->error), fmt, ap);
	va_end(ap);
}

void
ca_step(const struct ca *ca, int step)
{
	if (ca->crash_at == step)
		_exit(99);
}

/* --- Parameter hashes (the idempotency check) -------------------------------- */

static void
ca_hash_field(EVP_MD_CTX *md, const void *p, size_t len)
{
	unsigned char n[4] = { (unsigned char)(len >> 24),
	    (unsigned char)(len >> 16), (unsigned char)(len >> 8),
	    (unsigned char)len };

	EVP_DigestUpdate(md, n, sizeof(n));
	if (len > 0)
		EVP_DigestUpdate(md, p, len);
}

static void
ca_hash_str(EVP_MD_CTX *md, const char *s)
{
	if (s == NULL)
		ca_hash_field(md, "\xff", 1);	/* NULL differs from "" */
	else {
		ca_hash_field(md, "", 0);
		ca_hash_field(md, s, strlen(s));
	}
}

static void
ca_hash_int(EVP_MD_CTX *md, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	ca_hash_field(md, buf, strlen(buf));
}

static void
ca_hash_hex(EVP_MD_CTX *md, char out[65])
{
	unsigned char d[32];
	unsigned int n = 0, i;

	EVP_DigestFinal_ex(md, d, &n);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	EVP_MD_CTX_free(md);
}

static EVP_MD_CTX *
ca_hash_new(enum issuer_op op)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		fatalx("%s: no SHA-256", __func__);
	ca_hash_int(md, op);
	return md;
}

static void
ca_issue_params(const struct issuer_issue_req *r, char out[65])
{
	EVP_MD_CTX *md = ca_hash_new(ISSUER_OP_ISSUE);
	const struct issuer_holder *h = &r->holder;

	ca_hash_int(md, r->kind);
	ca_hash_field(md, r->spki, r->spki_len);
	ca_hash_str(md, h->person_key);
	ca_hash_str(md, h->name);
	ca_hash_str(md, h->name_alt);
	ca_hash_str(md, h->address);
	ca_hash_str(md, h->address_alt);
	ca_hash_str(md, h->birth_date);
	ca_hash_int(md, h->sex);
	ca_hash_str(md, h->card_expiry);
	ca_hash_str(md, r->issue_date);
	ca_hash_hex(md, out);
}

static void
ca_spki_hash(const unsigned char *p, size_t len, char out[65])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	if (md == NULL || !EVP_DigestInit_ex(md, EVP_sha256(), NULL))
		fatalx("%s: no SHA-256", __func__);
	EVP_DigestUpdate(md, p, len);
	ca_hash_hex(md, out);
}

/* --- Transactions ------------------------------------------------------------ */

static int
ca_begin(struct issuer *iss, struct ca *ca)
{
	if (ca_db_exec(ca, "BEGIN IMMEDIATE") == -1) {
		ca_err(iss, "the CA database is busy or unreadable: %s",
		    sqlite3_errmsg(ca->db));
		return -1;
	}
	return 0;
}

static enum issuer_status
ca_rollback(struct ca *ca, enum issuer_status st)
{
	(void)ca_db_exec(ca, "ROLLBACK");
	return st;
}

static enum issuer_status
ca_failed(struct issuer *iss, struct ca *ca, const char *what)
{
	ca_err(iss, "%s failed (%s); nothing was changed: retry with the same "
	    "request id", what, sqlite3_errmsg(ca->db));
	return ca_rollback(ca, ISSUER_E_FAILED);
}

/* The stored result of a repeated request, or a conflict. Called inside
 * the transaction; ends it. */
static enum issuer_status
ca_repeat(struct issuer *iss, struct ca *ca, const char *request_id,
    const struct ca_req_row *row, enum issuer_op op, const char *params,
    struct issuer_cert **out)
{
	struct issuer_cert c;

	if (row->op != op || strcmp(row->params, params) != 0) {
		ca_err(iss, "request id %s was used before for another %s "
		    "(%s): use a new request id", request_id,
		    row->op == op ? "set of parameters" : "operation",
		    issuer_op_name(row->op));
		return ca_rollback(ca, ISSUER_E_CONFLICT);
	}
	if (out == NULL || row->serial[0] == '\0')
		return ca_rollback(ca, ISSUER_OK);
	if (ca_db_cert_get(ca, row->serial, &c) != 1)
		return ca_failed(iss, ca, "reading the stored certificate");
	*out = xmalloc(sizeof(**out));
	**out = c;
	return ca_rollback(ca, ISSUER_OK);
}

/* --- Today ----------------------------------------------------------------- */

/* The day a NULL date means: this process's (util_today), or the one
 * issuerd was given for the request it runs (the client's day, so that
 * "today" is the counter's: see issuer_builtin_set_today). */
static char ca_today_given[11];

void
issuer_builtin_set_today(const char *today)
{
	strlcpy_m(ca_today_given, today != NULL ? today : "",
	    sizeof(ca_today_given));
}

static void
ca_today(char out[11])
{
	if (ca_today_given[0] != '\0')
		memcpy(out, ca_today_given, 11);
	else
		util_today(out);
}

/* --- CRLs --------------------------------------------------------------------- */

int
ca_crl_make(struct ca *ca, enum issuer_ca which)
{
	struct ca_revoked *list = NULL;
	unsigned char *der = NULL;
	size_t n = 0, len = 0;
	time_t now = time(NULL), next;
	long number = 0;
	int rc;

	if (ca->keys[which].key == NULL) {
		errno = ENOKEY;		/* the root key kept offline or locked */
		return -1;
	}
	if (ca_db_crl_latest(ca, which, &number, &next, NULL, NULL) == -1)
		return -1;
	if (which != ISSUER_CA_ROOT &&
	    ca_db_revoked(ca, (enum issuer_kind)which, &list, &n) == -1)
		return -1;
	rc = ca_x509_make_crl(&ca->keys[which], number + 1, now,
	    now + CA_CRL_DAYS * 86400, list, n, &der, &len);
	free(list);
	if (rc == 0)
		rc = ca_db_crl_insert(ca, which, number + 1, now,
		    now + CA_CRL_DAYS * 86400, der, len);
	OPENSSL_free(der);
	return rc;
}

int
ca_crl_publish(struct ca *ca, enum issuer_ca which)
{
	unsigned char *der = NULL;
	size_t len = 0;
	time_t next;
	long number;
	char *path;
	int rc, saved;

	if (ca_db_crl_latest(ca, which, &number, &next, &der, &len) != 1) {
		errno = EIO;
		return -1;
	}
	path = xasprintf("%s/" CA_CRL_DIR "/%s.crl", ca->dir,
	    ca_base_name(which));
	rc = ca_write_file(path, der, len, 0600);
	saved = errno;
	if (rc == -1)
		log_warn("ca: %s", path);
	free(path);
	free(der);
	errno = saved;
	return rc;
}

/* Write the latest CRL of a CA to its file while holding the database's
 * write lock: publishers take turns, and each writes the newest CRL there
 * is, so an older CRL never lands over a newer one. -1 with the reason. */
static int
ca_crl_publish_locked(struct issuer *iss, struct ca *ca, enum issuer_ca which)
{
	int rc;

	if (ca_begin(iss, ca) == -1)
		return -1;
	if ((rc = ca_crl_publish(ca, which)) == -1)
		ca_err(iss, "the CRL file %s/" CA_CRL_DIR "/%s.crl could not be "
		    "written (%s)", ca->dir, ca_base_name(which), strerror(errno));
	(void)ca_rollback(ca, ISSUER_OK);	/* nothing to keep: ends the lock */
	return rc;
}

/* Sign a new CRL of a CA, in its own transaction, when it has none or
 * half the life of its latest one is over. -1 with the reason. */
static int
ca_crl_refresh(struct issuer *iss, struct ca *ca, enum issuer_ca which)
{
	time_t next = 0;
	long number;
	int found;

	if (ca_begin(iss, ca) == -1)
		return -1;
	found = ca_db_crl_latest(ca, which, &number, &next, NULL, NULL);
	if (found == 1 && ca->keys[which].key == NULL) {
		/* The root key is offline: the latest root CRL stands until
		 * `madoguchi ca crl --root` signs a new one. */
		if (next - time(NULL) < CA_CRL_DAYS * 86400 / 2)
			log_warnx("ca: the %s CRL is due for renewal and its key "
			    "is offline: run madoguchi ca crl --root",
			    ca_base_name(which));
		(void)ca_rollback(ca, ISSUER_OK);
		return 0;
	}
	if (found == 0 && ca->keys[which].key == NULL) {
		ca_err(iss, "the root key is offline and there is no root CRL "
		    "yet: run madoguchi ca crl --root with the key in place");
		(void)ca_rollback(ca, ISSUER_E_FAILED);
		return -1;
	}
	if (found == -1 || ((found == 0 ||
	    next - time(NULL) < CA_CRL_DAYS * 86400 / 2) &&
	    ca_crl_make(ca, which) == -1)) {
		(void)ca_failed(iss, ca, "making the CRL");
		return -1;
	}
	if (ca_db_exec(ca, "COMMIT") == -1) {
		(void)ca_failed(iss, ca, "commit");
		return -1;
	}
	return 0;
}

/* A CRL file that is current: refreshed if due, then written. */
static int
ca_crl_current(struct issuer *iss, struct ca *ca, enum issuer_ca which)
{
	if (ca_crl_refresh(iss, ca, which) == -1)
		return -1;
	return ca_crl_publish_locked(iss, ca, which);
}

/* 1 when the file of a CA's CRL holds the database's latest CRL (or the
 * database has none), 0 when it differs or cannot be read. */
static int
ca_crl_file_current(struct ca *ca, enum issuer_ca which)
{
	unsigned char *der = NULL, *file = NULL;
	size_t len = 0, flen = 0;
	time_t next;
	long number;
	char *path;
	int found, same;

	if ((found = ca_db_crl_latest(ca, which, &number, &next, &der,
	    &len)) != 1)
		return 1;
	path = xasprintf("%s/" CA_CRL_DIR "/%s.crl", ca->dir,
	    ca_base_name(which));
	same = ca_read_file(path, &file, &flen) == 0 && flen == len &&
	    memcmp(file, der, len) == 0;
	free(path);
	free(file);
	free(der);
	return same;
}

/* A process killed between a change's commit and its CRL file left the
 * file behind the database: every CRL file that differs from the latest
 * CRL is written again. Failures are logged; the next change retries. */
static void
ca_crl_repair(struct issuer *iss, struct ca *ca)
{
	enum issuer_ca w;

	for (w = ISSUER_CA_ROOT; w <= ISSUER_CA_USER; w++)
		if (!ca_crl_file_current(ca, w) &&
		    ca_crl_publish_locked(iss, ca, w) == -1)
			log_warnx("ca: %s", iss->error);
	iss->error[0] = '\0';
}

/* --- Issue ---------------------------------------------------------------- */

static int
ca_holder_check(struct issuer *iss, const struct issuer_issue_req *r)
{
	const struct issuer_holder *h = &r->holder;

	if (r->kind != ISSUER_KIND_SIGNATURE && r->kind != ISSUER_KIND_USER)
		ca_err(iss, "kind must be signature or user");
	else if (!issuer_id_valid(r->request_id))
		ca_err(iss, "bad request id (1-64 of A-Z a-z 0-9 . _ : -)");
	else if (!issuer_id_valid(h->person_key))
		ca_err(iss, "bad person key (1-64 of A-Z a-z 0-9 . _ : -)");
	else if (h->name == NULL || *h->name == '\0' || strlen(h->name) > 400)
		ca_err(iss, "the holder's name is missing or too long");
	else if (h->address == NULL || *h->address == '\0' ||
	    strlen(h->address) > 800)
		ca_err(iss, "the holder's address is missing or too long");
	else if (h->sex != 0 && h->sex != 1 && h->sex != 2 && h->sex != 9)
		ca_err(iss, "sex must be 1, 2, 9 or 0 (ISO 5218)");
	else if (h->birth_date == NULL || h->card_expiry == NULL ||
	    ca_jst_day_start(h->birth_date) == (time_t)-1 ||
	    ca_jst_day_start(h->card_expiry) == (time_t)-1)
		ca_err(iss, "birth date and card expiry are YYYY-MM-DD dates");
	else
		return 0;
	return -1;
}

/* Fill c (not its der) for a new cert; -1 with the reason set. */
static int
ca_issue_plan(struct issuer *iss, const struct issuer_issue_req *r,
    struct issuer_cert *c)
{
	char today[11];
	const char *date = r->issue_date;

	if (date == NULL) {
		ca_today(today);
		date = today;
	}
	memset(c, 0, sizeof(*c));
	if (ca_jst_day_start(date) == (time_t)-1) {
		ca_err(iss, "bad issue date '%s' (YYYY-MM-DD)", date);
		return -1;
	}
	if (issuer_validity_end(date, r->holder.birth_date,
	    r->holder.card_expiry, c->not_after) == -1) {
		ca_err(iss, "no validity: the card expired before %s or the "
		    "birth date is after it", date);
		return -1;
	}
	c->kind = r->kind;
	c->state = ISSUER_STATE_VALID;
	c->reason = ISSUER_REASON_NONE;
	strlcpy_m(c->person_key, r->holder.person_key, sizeof(c->person_key));
	strlcpy_m(c->request_id, r->request_id, sizeof(c->request_id));
	strlcpy_m(c->issued_on, date, sizeof(c->issued_on));
	strlcpy_m(c->not_before, date, sizeof(c->not_before));
	return 0;
}

/* A serial not yet in the database (126 random bits: a clash is a
 * once-in-the-universe event, but checking costs nothing). */
static int
ca_new_serial(struct ca *ca, char serial[ISSUER_SERIAL_MAX])
{
	struct issuer_cert dup;
	int tries, rc;

	for (tries = 0; tries < 8; tries++) {
		if (ca_x509_random_serial(serial) == -1)
			return -1;
		if ((rc = ca_db_cert_get(ca, serial, &dup)) == 0)
			return 0;
		if (rc == 1)
			free(dup.der);
		else
			return -1;
	}
	return -1;
}

/* Sign the leaf of c with the issuing CA of its kind. */
static int
ca_sign(struct issuer *iss, struct ca *ca, const struct issuer_issue_req *r,
    EVP_PKEY *pub, struct issuer_cert *c)
{
	struct ca_leaf leaf;
	char *path, *uri;
	int rc;

	path = xasprintf("%s/" CA_CRL_DIR "/%s.crl", ca->dir,
	    issuer_kind_name(r->kind));
	uri = ca_file_uri(path);
	memset(&leaf, 0, sizeof(leaf));
	leaf.kind = r->kind;
	leaf.serial = c->serial;
	leaf.pub = pub;
	leaf.holder = &r->holder;
	leaf.not_before = ca_jst_day_start(c->not_before);
	leaf.not_after = ca_jst_day_start(c->not_after) + 86399;
	leaf.crl_uri = uri;
	leaf.org = ca->org;
	rc = ca_x509_make_leaf(&ca->keys[r->kind], &leaf, &c->der, &c->der_len,
	    iss->error, sizeof(iss->error));
	free(uri);
	free(path);
	return rc;
}

/* Steps 2..6 of an issue, inside the transaction. */
static enum issuer_status
ca_issue_store(struct issuer *iss, struct ca *ca,
    const struct issuer_issue_req *r, EVP_PKEY *pub, struct issuer_cert *c,
    const char *params)
{
	struct issuer_event ev;
	struct ca_req_row row;
	char spki[65];
	long evid;

	if (ca_new_serial(ca, c->serial) == -1)
		return ca_failed(iss, ca, "choosing a serial");
	CA_STEP(ca, 2);
	if (ca_sign(iss, ca, r, pub, c) == -1)
		return ca_rollback(ca, ISSUER_E_FAILED);
	CA_STEP(ca, 3);
	ca_spki_hash(r->spki, r->spki_len, spki);
	if (ca_db_cert_insert(ca, c, spki) == -1)
		return ca_failed(iss, ca, "storing the certificate");
	CA_STEP(ca, 4);
	memset(&ev, 0, sizeof(ev));
	strlcpy_m(ev.serial, c->serial, sizeof(ev.serial));
	ev.op = ISSUER_OP_ISSUE;
	ev.old_state = ev.new_state = ISSUER_STATE_VALID;
	ev.reason = ISSUER_REASON_NONE;
	strlcpy_m(ev.date, c->issued_on, sizeof(ev.date));
	strlcpy_m(ev.request_id, r->request_id, sizeof(ev.request_id));
	if ((evid = ca_db_event_insert(ca, &ev)) == -1)
		return ca_failed(iss, ca, "storing the event");
	CA_STEP(ca, 5);
	memset(&row, 0, sizeof(row));
	row.op = ISSUER_OP_ISSUE;
	strlcpy_m(row.params, params, sizeof(row.params));
	strlcpy_m(row.serial, c->serial, sizeof(row.serial));
	row.event_id = evid;
	if (ca_db_request_put(ca, r->request_id, &row) == -1)
		return ca_failed(iss, ca, "storing the request");
	CA_STEP(ca, 6);
	if (ca_db_exec(ca, "COMMIT") == -1)
		return ca_failed(iss, ca, "commit");
	CA_STEP(ca, 7);
	log_info("ca: issued %s cert %s for %s (request %s, until %s)",
	    issuer_kind_name(c->kind), c->serial, c->person_key,
	    r->request_id, c->not_after);
	return ISSUER_OK;
}

static enum issuer_status
ca_issue(struct issuer *iss, const struct issuer_issue_req *r,
    struct issuer_cert **out)
{
	struct ca *ca = iss->backend;
	struct issuer_cert c;
	struct ca_req_row row;
	char params[65];
	EVP_PKEY *pub;
	enum issuer_status st;
	int found;

	if (ca_holder_check(iss, r) == -1)
		return ISSUER_E_INVALID;
	if ((pub = ca_x509_parse_spki(r->spki, r->spki_len, iss->error,
	    sizeof(iss->error))) == NULL)
		return ISSUER_E_INVALID;
	ca_issue_params(r, params);
	if (ca_begin(iss, ca) == -1) {
		EVP_PKEY_free(pub);
		return ISSUER_E_FAILED;
	}
	CA_STEP(ca, 1);
	if ((found = ca_db_request_get(ca, r->request_id, &row)) != 0) {
		EVP_PKEY_free(pub);
		if (found == -1)
			return ca_failed(iss, ca, "reading the request");
		return ca_repeat(iss, ca, r->request_id, &row, ISSUER_OP_ISSUE,
		    params, out);
	}
	if (ca_issue_plan(iss, r, &c) == -1) {
		EVP_PKEY_free(pub);
		return ca_rollback(ca, ISSUER_E_INVALID);
	}
	st = ca_issue_store(iss, ca, r, pub, &c, params);
	EVP_PKEY_free(pub);
	if (st != ISSUER_OK) {
		free(c.der);
		return st;
	}
	if (out != NULL) {
		*out = xmalloc(sizeof(**out));
		**out = c;
	} else
		free(c.der);
	return ISSUER_OK;
}

/* --- Revoke, hold (a release is always refused) ------------------------------ */

/* The row for op on a cert in state from, or NULL if there is none. */
static const struct ca_transition *
ca_transition(enum issuer_op op, enum issuer_state from)
{
	size_t i;

	for (i = 0; i < nitems(ca_transition_table); i++)
		if (ca_transition_table[i].op == op &&
		    ca_transition_table[i].from == from)
			return &ca_transition_table[i];
	return NULL;
}

static int
ca_change_check(struct issuer *iss, const struct issuer_change_req *r,
    char serial[ISSUER_SERIAL_MAX])
{
	if (!issuer_id_valid(r->request_id))
		ca_err(iss, "bad request id (1-64 of A-Z a-z 0-9 . _ : -)");
	else if (r->op != ISSUER_OP_REVOKE && r->op != ISSUER_OP_HOLD &&
	    r->op != ISSUER_OP_RELEASE)
		ca_err(iss, "not a revoke, hold or release");
	else if (r->serial == NULL || issuer_serial_normalize(r->serial,
	    serial) == -1)
		ca_err(iss, "bad serial number (hex)");
	else if (r->op == ISSUER_OP_REVOKE &&
	    (r->reason < ISSUER_REASON_UNSPECIFIED ||
	    r->reason == ISSUER_REASON_CERTIFICATE_HOLD ||
	    r->reason == ISSUER_REASON_CA_COMPROMISE ||
	    strcmp(issuer_reason_name(r->reason), "none") == 0))
		ca_err(iss, "revocation reason must be one of unspecified, "
		    "keyCompromise, affiliationChanged, superseded, "
		    "cessationOfOperation, privilegeWithdrawn");
	else if (r->date != NULL && ca_jst_day_start(r->date) == (time_t)-1)
		ca_err(iss, "bad date '%s' (YYYY-MM-DD)", r->date);
	else
		return 0;
	return -1;
}

/* Apply a checked change to c inside the transaction (steps 2..6). */
static enum issuer_status
ca_change_apply(struct issuer *iss, struct ca *ca,
    const struct issuer_change_req *r, struct issuer_cert *c,
    enum issuer_state to, const char *date, const char *params)
{
	enum issuer_reason reason = r->op == ISSUER_OP_HOLD ?
	    ISSUER_REASON_CERTIFICATE_HOLD : r->reason;
	struct issuer_event ev = { 0 };
	struct ca_req_row row = { 0 };

	ev.op = r->op;
	ev.old_state = c->state;
	ev.new_state = to;
	ev.reason = reason;
	strlcpy_m(ev.serial, c->serial, sizeof(ev.serial));
	strlcpy_m(ev.date, date, sizeof(ev.date));
	strlcpy_m(ev.request_id, r->request_id, sizeof(ev.request_id));
	if (ca_db_cert_set_state(ca, c->serial, to, reason, date) == -1)
		return ca_failed(iss, ca, "updating the certificate");
	CA_STEP(ca, 2);
	if ((row.event_id = ca_db_event_insert(ca, &ev)) == -1)
		return ca_failed(iss, ca, "storing the event");
	CA_STEP(ca, 3);
	if (ca_crl_make(ca, (enum issuer_ca)c->kind) == -1)
		return ca_failed(iss, ca, "signing the CRL");
	CA_STEP(ca, 4);
	row.op = r->op;
	strlcpy_m(row.params, params, sizeof(row.params));
	strlcpy_m(row.serial, c->serial, sizeof(row.serial));
	if (ca_db_request_put(ca, r->request_id, &row) == -1)
		return ca_failed(iss, ca, "storing the request");
	CA_STEP(ca, 5);
	if (ca_db_exec(ca, "COMMIT") == -1)
		return ca_failed(iss, ca, "commit");
	CA_STEP(ca, 6);
	log_info("ca: cert %s %s -> %s (%s, request %s)", c->serial,
	    issuer_state_name(c->state), issuer_state_name(to),
	    issuer_reason_name(reason), r->request_id);
	c->state = to;
	c->reason = reason;
	strlcpy_m(c->changed_on, date, sizeof(c->changed_on));
	return ISSUER_OK;
}

/* The CRL a committed change signed goes to its file before the change
 * is reported done. If the file cannot be written the change stays made
 * (the database is the truth) and the call fails: its retry with the same
 * request id writes the file. */
static enum issuer_status
ca_change_publish(struct issuer *iss, struct ca *ca,
    const struct issuer_cert *c)
{
	char why[sizeof(iss->error)];

	if (ca_crl_publish_locked(iss, ca, (enum issuer_ca)c->kind) == 0)
		return ISSUER_OK;
	strlcpy_m(why, iss->error, sizeof(why));
	ca_err(iss, "cert %s is now %s, but %s: retry with the same request "
	    "id to publish it", c->serial, issuer_state_name(c->state), why);
	return ISSUER_E_FAILED;
}

/* A request id seen before: its first result, or a conflict. Called in
 * the transaction; ends it. A crash after the first call's commit may have
 * left the CRL files behind, and days may have passed since: both issuing
 * CAs' CRLs are made current and written before the answer. */
static enum issuer_status
ca_change_repeat(struct issuer *iss, struct ca *ca,
    const struct issuer_change_req *r, const struct ca_req_row *row,
    const char *params, struct issuer_cert **out)
{
	enum issuer_status st;

	st = ca_repeat(iss, ca, r->request_id, row, r->op, params, out);
	if (st != ISSUER_OK)
		return st;
	if (ca_crl_current(iss, ca, ISSUER_CA_SIGNATURE) == 0 &&
	    ca_crl_current(iss, ca, ISSUER_CA_USER) == 0)
		return ISSUER_OK;
	if (out != NULL) {
		issuer_cert_free(*out);
		*out = NULL;
	}
	return ISSUER_E_FAILED;
}

static enum issuer_status
ca_change_state_check(struct issuer *iss, const struct issuer_change_req *r,
    const struct issuer_cert *c, const char *date, enum issuer_state *to)
{
	const struct ca_transition *t = ca_transition(r->op, c->state);

	if (t == NULL || t->refused != NULL) {
		ca_err(iss, "cannot %s cert %s: it is %s%s%s",
		    issuer_op_name(r->op), c->serial, issuer_state_name(c->state),
		    t != NULL ? "; " : "", t != NULL ? t->refused : "");
		return ISSUER_E_STATE;
	}
	*to = t->to;
	if (strcmp(date, c->issued_on) < 0) {
		ca_err(iss, "date %s is before the cert was issued (%s)", date,
		    c->issued_on);
		return ISSUER_E_INVALID;
	}
	if (strcmp(date, c->not_after) > 0) {
		ca_err(iss, "cert %s expired on %s", c->serial, c->not_after);
		return ISSUER_E_STATE;
	}
	return ISSUER_OK;
}

static enum issuer_status
ca_change(struct issuer *iss, const struct issuer_change_req *r,
    struct issuer_cert **out)
{
	struct ca *ca = iss->backend;
	char serial[ISSUER_SERIAL_MAX], params[65], today[11];
	const char *date = r->date;
	struct issuer_cert c;
	struct ca_req_row row;
	enum issuer_state to;
	enum issuer_status st;
	EVP_MD_CTX *md;
	int found;

	if (ca_change_check(iss, r, serial) == -1)
		return ISSUER_E_INVALID;
	md = ca_hash_new(r->op);
	ca_hash_str(md, serial);
	ca_hash_int(md, r->op == ISSUER_OP_REVOKE ? r->reason : -1);
	ca_hash_str(md, r->date);
	ca_hash_hex(md, params);
	if (date == NULL) {
		ca_today(today);
		date = today;
	}
	if (ca_begin(iss, ca) == -1)
		return ISSUER_E_FAILED;
	CA_STEP(ca, 1);
	if ((found = ca_db_request_get(ca, r->request_id, &row)) != 0) {
		if (found == -1)
			return ca_failed(iss, ca, "reading the request");
		return ca_change_repeat(iss, ca, r, &row, params, out);
	}
	if ((found = ca_db_cert_get(ca, serial, &c)) != 1) {
		if (found == -1)
			return ca_failed(iss, ca, "reading the certificate");
		ca_err(iss, "no cert with serial %s", serial);
		return ca_rollback(ca, ISSUER_E_NOT_FOUND);
	}
	if ((st = ca_change_state_check(iss, r, &c, date, &to)) == ISSUER_OK)
		st = ca_change_apply(iss, ca, r, &c, to, date, params);
	else
		(void)ca_rollback(ca, st);
	if (st == ISSUER_OK)
		st = ca_change_publish(iss, ca, &c);
	if (st == ISSUER_OK && out != NULL) {
		*out = xmalloc(sizeof(**out));
		**out = c;
	} else
		free(c.der);
	return st;
}

/* --- Reads -------------------------------------------------------------------- */

/* VALID or ON_HOLD past not_after reads as EXPIRED on the day `on`. */
static void
ca_expire_view(struct issuer_cert *c, const char *on)
{
	char today[11];

	if (on == NULL) {
		ca_today(today);
		on = today;
	}
	if (c->state != ISSUER_STATE_REVOKED && strcmp(on, c->not_after) > 0)
		c->state = ISSUER_STATE_EXPIRED;
}

static enum issuer_status
ca_status(struct issuer *iss, const char *serial_in, const char *on,
    struct issuer_cert **out)
{
	struct ca *ca = iss->backend;
	char serial[ISSUER_SERIAL_MAX];
	struct issuer_cert c;
	int found;

	if (serial_in == NULL || issuer_serial_normalize(serial_in, serial) == -1) {
		ca_err(iss, "bad serial number (hex)");
		return ISSUER_E_INVALID;
	}
	if ((found = ca_db_cert_get(ca, serial, &c)) != 1) {
		ca_err(iss, found == 0 ? "no cert with serial %s" :
		    "cannot read cert %s", serial);
		return found == 0 ? ISSUER_E_NOT_FOUND : ISSUER_E_FAILED;
	}
	ca_expire_view(&c, on);
	if (out != NULL) {
		*out = xmalloc(sizeof(**out));
		**out = c;
	} else
		free(c.der);
	return ISSUER_OK;
}

static enum issuer_status
ca_history(struct issuer *iss, const char *serial_in,
    struct issuer_event **out, size_t *n)
{
	struct ca *ca = iss->backend;
	char serial[ISSUER_SERIAL_MAX];

	if (serial_in == NULL || issuer_serial_normalize(serial_in, serial) == -1) {
		ca_err(iss, "bad serial number (hex)");
		return ISSUER_E_INVALID;
	}
	if (ca_db_events(ca, serial, out, n) == -1) {
		ca_err(iss, "cannot read the history of %s", serial);
		return ISSUER_E_FAILED;
	}
	if (*n == 0) {
		free(*out);
		*out = NULL;
		ca_err(iss, "no cert with serial %s", serial);
		return ISSUER_E_NOT_FOUND;
	}
	return ISSUER_OK;
}

static enum issuer_status
ca_list(struct issuer *iss, const char *person_key, const char *on,
    struct issuer_cert **out, size_t *n)
{
	struct ca *ca = iss->backend;
	size_t i;

	if (!issuer_id_valid(person_key)) {
		ca_err(iss, "bad person key");
		return ISSUER_E_INVALID;
	}
	if (ca_db_certs_of(ca, person_key, out, n) == -1) {
		ca_err(iss, "cannot read the certs of %s", person_key);
		return ISSUER_E_FAILED;
	}
	for (i = 0; i < *n; i++)
		ca_expire_view(&(*out)[i], on);
	return ISSUER_OK;
}

/* The latest CRL of a CA; a new one is signed once half its life is over,
 * and the file is written again. */
static enum issuer_status
ca_crl(struct issuer *iss, enum issuer_ca which, unsigned char **der,
    size_t *len)
{
	struct ca *ca = iss->backend;
	time_t next = 0;
	long number;

	if (which != ISSUER_CA_ROOT && which != ISSUER_CA_SIGNATURE &&
	    which != ISSUER_CA_USER) {
		ca_err(iss, "no such CA");
		return ISSUER_E_INVALID;
	}
	if (ca_crl_refresh(iss, ca, which) == -1)
		return ISSUER_E_FAILED;
	if (ca_db_crl_latest(ca, which, &number, &next, der, len) != 1) {
		ca_err(iss, "cannot read the CRL");
		return ISSUER_E_FAILED;
	}
	/* The answer stands even if the file cannot be written now. */
	if (ca_crl_publish_locked(iss, ca, which) == -1)
		log_warnx("ca: %s", iss->error);
	return ISSUER_OK;
}

static enum issuer_status
ca_find(struct issuer *iss, const char *request_id, struct issuer_request *out)
{
	struct ca *ca = iss->backend;
	struct ca_req_row row;
	int found;

	if (!issuer_id_valid(request_id)) {
		ca_err(iss, "bad request id");
		return ISSUER_E_INVALID;
	}
	if ((found = ca_db_request_get(ca, request_id, &row)) != 1) {
		ca_err(iss, found == 0 ? "request %s never completed" :
		    "cannot read request %s", request_id);
		return found == 0 ? ISSUER_E_NOT_FOUND : ISSUER_E_FAILED;
	}
	memset(out, 0, sizeof(*out));
	out->op = row.op;
	strlcpy_m(out->serial, row.serial, sizeof(out->serial));
	out->event_id = row.event_id;
	out->disclosure_id = row.disclosure_id;
	return ISSUER_OK;
}

/* --- Disclosure and correction requests (R6.1, R6.6) ----------------------- */

static enum issuer_status
ca_disclosure_record(struct issuer *iss, const struct issuer_disclosure_req *r,
    struct issuer_disclosure *out)
{
	struct ca *ca = iss->backend;
	struct issuer_disclosure d = { 0 };
	struct ca_req_row row = { 0 };
	char params[65];
	EVP_MD_CTX *md;
	int found;

	if (!issuer_id_valid(r->request_id) || !issuer_id_valid(r->person_key) ||
	    (r->kind != ISSUER_DISCLOSURE && r->kind != ISSUER_CORRECTION) ||
	    r->form == NULL || *r->form == '\0' || strlen(r->form) >= 64 ||
	    (r->received_on != NULL &&
	    ca_jst_day_start(r->received_on) == (time_t)-1)) {
		ca_err(iss, "bad request id, person key, kind, form or date");
		return ISSUER_E_INVALID;
	}
	md = ca_hash_new(ISSUER_OP_DISCLOSURE);
	ca_hash_int(md, r->kind);
	ca_hash_str(md, r->person_key);
	ca_hash_str(md, r->form);
	ca_hash_str(md, r->received_on);
	ca_hash_str(md, r->detail);
	ca_hash_hex(md, params);
	if (ca_begin(iss, ca) == -1)
		return ISSUER_E_FAILED;
	if ((found = ca_db_request_get(ca, r->request_id, &row)) != 0) {
		if (found == -1)
			return ca_failed(iss, ca, "reading the request");
		if (ca_repeat(iss, ca, r->request_id, &row,
		    ISSUER_OP_DISCLOSURE, params, NULL) != ISSUER_OK)
			return ISSUER_E_CONFLICT;
		return ca_disclosure_get_op(iss, row.disclosure_id, out);
	}
	d.kind = r->kind;
	strlcpy_m(d.person_key, r->person_key, sizeof(d.person_key));
	strlcpy_m(d.form, r->form, sizeof(d.form));
	if (r->received_on != NULL)
		strlcpy_m(d.received_on, r->received_on, sizeof(d.received_on));
	else
		ca_today(d.received_on);
	row.op = ISSUER_OP_DISCLOSURE;
	strlcpy_m(row.params, params, sizeof(row.params));
	if (ca_db_disclosure_insert(ca, r->request_id, &d, r->detail,
	    &row.disclosure_id) == -1 ||
	    ca_db_request_put(ca, r->request_id, &row) == -1 ||
	    ca_db_exec(ca, "COMMIT") == -1)
		return ca_failed(iss, ca, "storing the request");
	return ca_disclosure_get_op(iss, row.disclosure_id, out);
}

static enum issuer_status
ca_disclosure_get_op(struct issuer *iss, long id, struct issuer_disclosure *out)
{
	struct ca *ca = iss->backend;
	struct issuer_disclosure d;
	int found;

	if ((found = ca_db_disclosure_get(ca, id, &d)) != 1) {
		ca_err(iss, found == 0 ? "no disclosure/correction request %ld" :
		    "cannot read request %ld", id);
		return found == 0 ? ISSUER_E_NOT_FOUND : ISSUER_E_FAILED;
	}
	if (out != NULL)
		*out = d;
	return ISSUER_OK;
}

static int
ca_mail_allowed(enum issuer_mail_state from, enum issuer_mail_state to)
{
	size_t i;

	for (i = 0; i < nitems(ca_mail_table); i++)
		if (ca_mail_table[i].from == from && ca_mail_table[i].to == to)
			return 1;
	return 0;
}

/* Check a mailing step and hash its parameters; -1 if invalid. */
static int
ca_mail_params(struct issuer *iss, const struct issuer_mail_req *r,
    char params[65])
{
	EVP_MD_CTX *md;

	if (!issuer_id_valid(r->request_id) ||
	    (r->date != NULL && ca_jst_day_start(r->date) == (time_t)-1) ||
	    (r->tracking_no != NULL && strlen(r->tracking_no) >= 64)) {
		ca_err(iss, "bad request id, date or tracking number");
		return -1;
	}
	if (r->state == ISSUER_MAIL_SENT &&
	    (r->tracking_no == NULL || *r->tracking_no == '\0')) {
		ca_err(iss, "特定記録郵便 needs its tracking number");
		return -1;
	}
	md = ca_hash_new(ISSUER_OP_MAIL);
	ca_hash_int(md, r->disclosure_id);
	ca_hash_int(md, r->state);
	ca_hash_str(md, r->tracking_no);
	ca_hash_str(md, r->date);
	ca_hash_hex(md, params);
	return 0;
}

/* R6.6: the form goes to J-LIS by 特定記録郵便; record each mailing step. */
static enum issuer_status
ca_disclosure_mail(struct issuer *iss, const struct issuer_mail_req *r,
    struct issuer_disclosure *out)
{
	struct ca *ca = iss->backend;
	struct issuer_disclosure d;
	struct ca_req_row row = { 0 };
	char params[65], today[11];
	const char *date = r->date;
	int found;

	if (ca_mail_params(iss, r, params) == -1)
		return ISSUER_E_INVALID;
	if (date == NULL) {
		ca_today(today);
		date = today;
	}
	if (ca_begin(iss, ca) == -1)
		return ISSUER_E_FAILED;
	if ((found = ca_db_request_get(ca, r->request_id, &row)) != 0) {
		if (found == -1)
			return ca_failed(iss, ca, "reading the request");
		if (ca_repeat(iss, ca, r->request_id, &row, ISSUER_OP_MAIL,
		    params, NULL) != ISSUER_OK)
			return ISSUER_E_CONFLICT;
		return ca_disclosure_get_op(iss, row.disclosure_id, out);
	}
	if ((found = ca_db_disclosure_get(ca, r->disclosure_id, &d)) != 1) {
		if (found == -1)
			return ca_failed(iss, ca, "reading the request");
		ca_err(iss, "no disclosure/correction request %ld",
		    r->disclosure_id);
		return ca_rollback(ca, ISSUER_E_NOT_FOUND);
	}
	if (!ca_mail_allowed(d.mail_state, r->state)) {
		ca_err(iss, "request %ld is %s: cannot become %s", d.id,
		    issuer_mail_state_name(d.mail_state),
		    issuer_mail_state_name(r->state));
		return ca_rollback(ca, ISSUER_E_STATE);
	}
	row.op = ISSUER_OP_MAIL;
	row.disclosure_id = d.id;
	strlcpy_m(row.params, params, sizeof(row.params));
	if (ca_db_disclosure_mail(ca, r, date) == -1 ||
	    ca_db_request_put(ca, r->request_id, &row) == -1 ||
	    ca_db_exec(ca, "COMMIT") == -1)
		return ca_failed(iss, ca, "storing the mailing");
	return ca_disclosure_get_op(iss, d.id, out);
}

static void
ca_issuer_close(struct issuer *iss)
{
	ca_close(iss->backend);
	free(iss);
}

static const struct issuer_ops ca_builtin_ops = {
	.name = "builtin",
	.issue = ca_issue,
	.change = ca_change,
	.status = ca_status,
	.history = ca_history,
	.list = ca_list,
	.crl = ca_crl,
	.find_by_request = ca_find,
	.disclosure_record = ca_disclosure_record,
	.disclosure_mail = ca_disclosure_mail,
	.disclosure_get = ca_disclosure_get_op,
	.close = ca_issuer_close,
};

static struct issuer *
ca_issuer_open(const char *state_dir, int flags, const char *pass, char *why,
    size_t whylen)
{
	struct issuer *iss;
	struct ca *ca;

	if ((ca = ca_load(state_dir, flags, pass, why, whylen)) == NULL)
		return NULL;
	iss = xcalloc(1, sizeof(*iss));
	iss->ops = &ca_builtin_ops;
	iss->backend = ca;
	ca_crl_repair(iss, ca);
	return iss;
}

struct issuer *
issuer_builtin_open(const char *state_dir, char *why, size_t whylen)
{
	return ca_issuer_open(state_dir, 0, NULL, why, whylen);
}

struct issuer *
issuer_builtin_open_online(const char *state_dir, char *why, size_t whylen)
{
	return ca_issuer_open(state_dir, CA_LOAD_NO_ROOT_KEY, NULL, why, whylen);
}

struct issuer *
issuer_builtin_open_root(const char *state_dir, const char *pass, char *why,
    size_t whylen)
{
	return ca_issuer_open(state_dir, CA_LOAD_ROOT_KEY, pass, why, whylen);
}

int
issuer_builtin_sign_root_crl(struct issuer *iss)
{
	struct ca *ca = iss->backend;

	if (iss->ops != &ca_builtin_ops || ca->keys[ISSUER_CA_ROOT].key == NULL) {
		ca_err(iss, "the root key is not loaded (issuer_builtin_open_root)");
		return -1;
	}
	if (ca_begin(iss, ca) == -1)
		return -1;
	if (ca_crl_make(ca, ISSUER_CA_ROOT) == -1) {
		(void)ca_failed(iss, ca, "signing the root CRL");
		return -1;
	}
	if (ca_db_exec(ca, "COMMIT") == -1) {
		(void)ca_failed(iss, ca, "commit");
		return -1;
	}
	return ca_crl_publish_locked(iss, ca, ISSUER_CA_ROOT);
}
