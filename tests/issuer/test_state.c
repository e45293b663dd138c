/*
 * Revocation and hold (a release is always refused, R5.2) as `openssl
 * verify -crl_check` and `openssl crl -text` see them, read from the CRL
 * files the CA publishes; idempotency by request id; status, history and
 * a person's list; disclosure/correction requests and their mailing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "it.h"

static struct issuer_cert *
issue_one(struct issuer *iss, enum issuer_kind kind, const char *id,
    const char *person)
{
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;

	it_req(&r, kind, id);
	if (person != NULL)
		r.holder.person_key = person;
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	return c;
}

/* The text of the CRL entries of one CA, from `openssl crl -text`. */
static char *
crl_text(const char *kind)
{
	char *out;

	if (test_system("'%s' ca crl --state '%s' --kind %s --out "
	    "'%s/one.crl.pem' 2>/dev/null", test_prog("madoguchi"),
	    it_state(), kind, it_tmp()) != 0)
		return strdup("");
	out = test_output(NULL, "openssl crl -in '%s/one.crl.pem' -noout "
	    "-text", it_tmp());
	return out;
}

static const struct {
	enum issuer_reason	 reason;
	const char		*openssl_text;
} reason_table[] = {
	{ ISSUER_REASON_KEY_COMPROMISE, "Key Compromise" },
	{ ISSUER_REASON_AFFILIATION_CHANGED, "Affiliation Changed" },
	{ ISSUER_REASON_SUPERSEDED, "Superseded" },
	{ ISSUER_REASON_CESSATION_OF_OPERATION, "Cessation Of Operation" },
	{ ISSUER_REASON_UNSPECIFIED, "Unspecified" },
	{ ISSUER_REASON_PRIVILEGE_WITHDRAWN, "Privilege Withdrawn" },
};

/* The reason printed under serial's own entry of a CRL's text. */
static int
crl_entry_says(const char *text, const char *serial, const char *reason)
{
	const char *at = strstr(text, serial), *next, *r;

	if (at == NULL)
		return 0;
	next = strstr(at + 1, "Serial Number");
	r = strstr(at, reason);
	return r != NULL && (next == NULL || r < next);
}

/* Each reason: the CRL file the CA published is current the moment the
 * revoke returns (read as it is, no `ca crl` in between), `openssl verify
 * -crl_check` with it rejects the cert, and its entry names the reason. */
static void
test_revoke_reasons(void)
{
	struct issuer *iss = it_open();
	size_t i;

	for (i = 0; i < nitems(reason_table); i++) {
		struct issuer_cert *c, *rc = NULL;
		char id[32], *out, *text;
		const char *pem;

		snprintf(id, sizeof(id), "rv-issue-%zu", i);
		c = issue_one(iss, i % 2 ? ISSUER_KIND_USER :
		    ISSUER_KIND_SIGNATURE, id, NULL);
		pem = it_pem(c, id);
		CU_ASSERT_EQUAL(it_verify_published(pem, c->kind, NULL), 0);
		snprintf(id, sizeof(id), "rv-%zu", i);
		CU_ASSERT_EQUAL_FATAL(issuer_revoke(iss, id, c->serial,
		    reason_table[i].reason, NULL, &rc), ISSUER_OK);
		CU_ASSERT_EQUAL(rc->state, ISSUER_STATE_REVOKED);
		CU_ASSERT_EQUAL(rc->reason, reason_table[i].reason);
		CU_ASSERT_NOT_EQUAL(it_verify_published(pem, c->kind, &out), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
		free(out);
		text = it_crl_published(c->kind);
		CU_ASSERT(crl_entry_says(text, c->serial,
		    reason_table[i].openssl_text));
		free(text);
		/* The whole chain, with the CRLs `ca crl` hands out, agrees. */
		CU_ASSERT_NOT_EQUAL(it_verify(pem, 1, &out), 0);
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
		free(out);
		text = crl_text(issuer_kind_name(c->kind));
		CU_ASSERT(crl_entry_says(text, c->serial,
		    reason_table[i].openssl_text));
		free(text);
		issuer_cert_free(rc);
		issuer_cert_free(c);
	}
	issuer_close(iss);
}

/* Hold (R5.1): the published CRL lists the cert as on hold at once. A
 * release is refused and changes nothing (R5.2, R5.3: JPKI never lifts a
 * hold); the found card's held cert is revoked. */
static void
test_hold_then_revoke(void)
{
	struct issuer *iss = it_open();
	struct issuer_cert *c, *h = NULL;
	char *out, *text;
	const char *pem;

	c = issue_one(iss, ISSUER_KIND_SIGNATURE, "hold-issue", NULL);
	pem = it_pem(c, "hold");
	CU_ASSERT_EQUAL_FATAL(issuer_hold(iss, "hold-1", c->serial, NULL, &h),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(h->state, ISSUER_STATE_ON_HOLD);
	issuer_cert_free(h);
	h = NULL;
	CU_ASSERT_NOT_EQUAL(it_verify_published(pem, c->kind, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
	free(out);
	text = it_crl_published(c->kind);
	CU_ASSERT(crl_entry_says(text, c->serial, "Certificate Hold"));
	CU_ASSERT(crl_entry_says(text, c->serial, "Hold Instruction Call Issuer"));
	free(text);
	CU_ASSERT_EQUAL(issuer_release(iss, "release-1", c->serial, NULL, &h),
	    ISSUER_E_STATE);
	CU_ASSERT_PTR_NULL(h);
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "never released"));
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "R5.2"));
	/* Not remembered: the same id is refused again, not repeated. */
	CU_ASSERT_EQUAL(issuer_release(iss, "release-1", c->serial, NULL, NULL),
	    ISSUER_E_STATE);
	CU_ASSERT_EQUAL(issuer_status_get(iss, c->serial, NULL, &h), ISSUER_OK);
	CU_ASSERT_EQUAL(h->state, ISSUER_STATE_ON_HOLD);
	issuer_cert_free(h);
	CU_ASSERT_NOT_EQUAL(it_verify_published(pem, c->kind, NULL), 0);
	/* R5.2: the card found again, the held cert is revoked. */
	CU_ASSERT_EQUAL(issuer_revoke(iss, "rv-from-hold", c->serial,
	    ISSUER_REASON_CESSATION_OF_OPERATION, NULL, NULL), ISSUER_OK);
	text = it_crl_published(c->kind);
	CU_ASSERT(crl_entry_says(text, c->serial, "Cessation Of Operation"));
	CU_ASSERT_FALSE(crl_entry_says(text, c->serial, "Certificate Hold"));
	free(text);
	issuer_cert_free(c);
	issuer_close(iss);
}

/* The transition table, every change from every state a cert can be put
 * in: what is allowed, where it leads, and what is refused. */
static const struct {
	enum issuer_state	 from;
	enum issuer_op		 op;
	enum issuer_status	 status;
	enum issuer_state	 to;
} sweep_table[] = {
	{ ISSUER_STATE_VALID, ISSUER_OP_HOLD, ISSUER_OK, ISSUER_STATE_ON_HOLD },
	{ ISSUER_STATE_VALID, ISSUER_OP_REVOKE, ISSUER_OK, ISSUER_STATE_REVOKED },
	{ ISSUER_STATE_VALID, ISSUER_OP_RELEASE, ISSUER_E_STATE,
	  ISSUER_STATE_VALID },
	{ ISSUER_STATE_ON_HOLD, ISSUER_OP_HOLD, ISSUER_E_STATE,
	  ISSUER_STATE_ON_HOLD },
	{ ISSUER_STATE_ON_HOLD, ISSUER_OP_REVOKE, ISSUER_OK,
	  ISSUER_STATE_REVOKED },
	{ ISSUER_STATE_ON_HOLD, ISSUER_OP_RELEASE, ISSUER_E_STATE,
	  ISSUER_STATE_ON_HOLD },
	{ ISSUER_STATE_REVOKED, ISSUER_OP_HOLD, ISSUER_E_STATE,
	  ISSUER_STATE_REVOKED },
	{ ISSUER_STATE_REVOKED, ISSUER_OP_REVOKE, ISSUER_E_STATE,
	  ISSUER_STATE_REVOKED },
	{ ISSUER_STATE_REVOKED, ISSUER_OP_RELEASE, ISSUER_E_STATE,
	  ISSUER_STATE_REVOKED },
};

static enum issuer_status
change(struct issuer *iss, enum issuer_op op, const char *serial)
{
	const char *id = it_id("sweep");

	return op == ISSUER_OP_HOLD ? issuer_hold(iss, id, serial, NULL, NULL) :
	    op == ISSUER_OP_REVOKE ? issuer_revoke(iss, id, serial,
	    ISSUER_REASON_UNSPECIFIED, NULL, NULL) :
	    issuer_release(iss, id, serial, NULL, NULL);
}

static void
test_transition_sweep(void)
{
	struct issuer *iss = it_open();
	size_t i;

	for (i = 0; i < nitems(sweep_table); i++) {
		struct issuer_cert *c = issue_one(iss, ISSUER_KIND_USER,
		    it_id("sweep-issue"), NULL), *s = NULL;

		if (sweep_table[i].from != ISSUER_STATE_VALID)
			CU_ASSERT_EQUAL_FATAL(change(iss, sweep_table[i].from ==
			    ISSUER_STATE_ON_HOLD ? ISSUER_OP_HOLD :
			    ISSUER_OP_REVOKE, c->serial), ISSUER_OK);
		CU_ASSERT_EQUAL(change(iss, sweep_table[i].op, c->serial),
		    sweep_table[i].status);
		if (sweep_table[i].status != ISSUER_OK)
			CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss),
			    "cannot"));
		CU_ASSERT_EQUAL_FATAL(issuer_status_get(iss, c->serial, NULL,
		    &s), ISSUER_OK);
		CU_ASSERT_EQUAL(s->state, sweep_table[i].to);
		issuer_cert_free(s);
		issuer_cert_free(c);
	}
	issuer_close(iss);
}

/* The CRL number in the published file of a CA, -1 if unreadable. */
static long
crl_file_number(enum issuer_kind kind)
{
	char *crl = issuer_builtin_crl_path(it_state(), (enum issuer_ca)kind);
	char *out = test_output(NULL, "openssl crl -inform DER -in '%s' -noout "
	    "-crlnumber 2>/dev/null", crl);
	const char *p = strstr(out, "=0x");
	long n = p != NULL ? strtol(p + 3, NULL, 16) : -1;

	free(out);
	free(crl);
	return n;
}

/* Age the latest CRL of a CA in the database: due for re-signing. */
static void
crl_age(enum issuer_kind kind)
{
	char path[4096];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/ca/ca.db", it_state());
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	CU_ASSERT_EQUAL(sqlite3_exec(db, kind == ISSUER_KIND_USER ?
	    "UPDATE crls SET next_update = strftime('%s') + 60 WHERE ca = 2" :
	    "UPDATE crls SET next_update = strftime('%s') + 60 WHERE ca = 1",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* A revoke succeeds only with its CRL published: when the file cannot be
 * written the call fails (the change itself is made), and its retry with
 * the same request id publishes it. A repeat also re-signs a CRL past half
 * its life. No temp file is left behind. */
static void
test_crl_published(void)
{
	struct issuer *iss = it_open();
	struct issuer_cert *c = issue_one(iss, ISSUER_KIND_USER, "pub-issue",
	    NULL), *s = NULL;
	char *crl = issuer_builtin_crl_path(it_state(), ISSUER_CA_USER), *out;
	const char *pem = it_pem(c, "pub");
	long before;

	/* A directory where the file goes: rename() cannot replace it. */
	CU_ASSERT_EQUAL_FATAL(test_system("mv '%s' '%s.keep' && mkdir '%s' && "
	    "touch '%s/x'", crl, crl, crl, crl), 0);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "pub-rv", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, &s), ISSUER_E_FAILED);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "CRL file"));
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "same request id"));
	CU_ASSERT_EQUAL(issuer_status_get(iss, c->serial, NULL, &s), ISSUER_OK);
	CU_ASSERT_EQUAL(s->state, ISSUER_STATE_REVOKED);
	issuer_cert_free(s);
	s = NULL;
	CU_ASSERT_EQUAL_FATAL(test_system("rm -r '%s' && mv '%s.keep' '%s'",
	    crl, crl, crl), 0);
	CU_ASSERT_EQUAL(it_verify_published(pem, ISSUER_KIND_USER, NULL), 0);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "pub-rv", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, &s), ISSUER_OK);
	CU_ASSERT(s != NULL && s->state == ISSUER_STATE_REVOKED);
	issuer_cert_free(s);
	CU_ASSERT_NOT_EQUAL(it_verify_published(pem, ISSUER_KIND_USER, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
	free(out);
	/* Days later the same request again: a fresh CRL, still listing it. */
	before = crl_file_number(ISSUER_KIND_USER);
	crl_age(ISSUER_KIND_USER);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "pub-rv", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_OK);
	CU_ASSERT(crl_file_number(ISSUER_KIND_USER) > before);
	CU_ASSERT_NOT_EQUAL(it_verify_published(pem, ISSUER_KIND_USER, NULL), 0);
	out = test_output(NULL, "ls '%s/ca/crl'", it_state());
	CU_ASSERT_STRING_EQUAL(out, "root.crl\nsignature.crl\nuser.crl\n");
	free(out);
	free(crl);
	issuer_cert_free(c);
	issuer_close(iss);
}

static void
test_state_errors(void)
{
	struct issuer *iss = it_open();
	struct issuer_cert *c = issue_one(iss, ISSUER_KIND_USER, "err-issue",
	    NULL);

	CU_ASSERT_EQUAL(issuer_release(iss, "err-1", c->serial, NULL, NULL),
	    ISSUER_E_STATE);
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "it is valid"));
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-2", "7FFFFFFF", 
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_E_NOT_FOUND);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-3", "not hex",
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_E_INVALID);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-4", c->serial,
	    ISSUER_REASON_CERTIFICATE_HOLD, NULL, NULL), ISSUER_E_INVALID);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-5", c->serial,
	    ISSUER_REASON_SUPERSEDED, "2099-01-01", NULL), ISSUER_E_STATE);
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "expired"));
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-6", c->serial,
	    ISSUER_REASON_SUPERSEDED, NULL, NULL), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_hold(iss, "err-7", c->serial, NULL, NULL),
	    ISSUER_E_STATE);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "err-8", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_E_STATE);
	issuer_cert_free(c);
	issuer_close(iss);
}

static void
test_idempotent_issue(void)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *a = NULL, *b = NULL;
	struct issuer_request fr;

	it_req(&r, ISSUER_KIND_SIGNATURE, "same-id");
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &a), ISSUER_OK);
	issuer_close(iss);
	/* Reopened, as after a crash: the same call gives the same cert. */
	iss = it_open();
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &b), ISSUER_OK);
	CU_ASSERT_STRING_EQUAL(a->serial, b->serial);
	CU_ASSERT_EQUAL_FATAL(a->der_len, b->der_len);
	CU_ASSERT(memcmp(a->der, b->der, a->der_len) == 0);
	CU_ASSERT_EQUAL(issuer_find_by_request(iss, "same-id", &fr), ISSUER_OK);
	CU_ASSERT_EQUAL(fr.op, ISSUER_OP_ISSUE);
	CU_ASSERT_STRING_EQUAL(fr.serial, a->serial);
	CU_ASSERT_EQUAL(issuer_find_by_request(iss, "never-used", &fr),
	    ISSUER_E_NOT_FOUND);
	issuer_cert_free(b);
	b = NULL;
	/* The same id with other parameters is refused, whatever differs. */
	r.holder.address = "大阪府豊中市本町一丁目1番1号";
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &b), ISSUER_E_CONFLICT);
	it_req(&r, ISSUER_KIND_USER, "same-id");
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &b), ISSUER_E_CONFLICT);
	it_req(&r, ISSUER_KIND_SIGNATURE, "same-id");
	r.spki = it_spki("k2", &r.spki_len);
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &b), ISSUER_E_CONFLICT);
	CU_ASSERT_PTR_NULL(b);
	/* ... and so is using an issue's id for a revoke. */
	CU_ASSERT_EQUAL(issuer_revoke(iss, "same-id", a->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_E_CONFLICT);
	issuer_cert_free(a);
	issuer_close(iss);
}

static void
test_idempotent_change(void)
{
	struct issuer *iss = it_open();
	struct issuer_cert *c = issue_one(iss, ISSUER_KIND_USER, "ic-issue",
	    NULL);
	struct issuer_cert *x = NULL;
	struct issuer_event *ev = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(issuer_hold(iss, "ic-hold", c->serial, NULL, NULL),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_hold(iss, "ic-hold", c->serial, NULL, NULL),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "ic-rv", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "ic-rv", c->serial,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_revoke(iss, "ic-rv", c->serial,
	    ISSUER_REASON_SUPERSEDED, NULL, NULL), ISSUER_E_CONFLICT);
	/* A repeated hold returns the cert as it is now and holds nothing. */
	CU_ASSERT_EQUAL(issuer_hold(iss, "ic-hold", c->serial, NULL, &x),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(x->state, ISSUER_STATE_REVOKED);
	issuer_cert_free(x);
	CU_ASSERT_EQUAL_FATAL(issuer_history(iss, c->serial, &ev, &n),
	    ISSUER_OK);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(ev[0].op, ISSUER_OP_ISSUE);
	CU_ASSERT_EQUAL(ev[1].op, ISSUER_OP_HOLD);
	CU_ASSERT_EQUAL(ev[1].new_state, ISSUER_STATE_ON_HOLD);
	CU_ASSERT_EQUAL(ev[2].op, ISSUER_OP_REVOKE);
	CU_ASSERT_EQUAL(ev[2].old_state, ISSUER_STATE_ON_HOLD);
	CU_ASSERT_EQUAL(ev[2].reason, ISSUER_REASON_KEY_COMPROMISE);
	CU_ASSERT_STRING_EQUAL(ev[2].request_id, "ic-rv");
	free(ev);
	issuer_cert_free(c);
	issuer_close(iss);
}

static void
test_status_and_list(void)
{
	struct issuer *iss = it_open();
	struct issuer_cert *a = issue_one(iss, ISSUER_KIND_SIGNATURE, "ls-1",
	    "person-ls");
	struct issuer_cert *b = issue_one(iss, ISSUER_KIND_USER, "ls-2",
	    "person-ls");
	struct issuer_cert *v = NULL, *s = NULL;
	char lower[ISSUER_SERIAL_MAX + 2];
	size_t n = 0, i;

	CU_ASSERT_EQUAL(issuer_hold(iss, "ls-h", b->serial, NULL, NULL),
	    ISSUER_OK);
	CU_ASSERT_EQUAL_FATAL(issuer_list(iss, "person-ls", NULL, &v, &n),
	    ISSUER_OK);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_STRING_EQUAL(v[0].serial, a->serial);
	CU_ASSERT_EQUAL(v[0].state, ISSUER_STATE_VALID);
	CU_ASSERT_EQUAL(v[1].state, ISSUER_STATE_ON_HOLD);
	issuer_certs_free(v, n);
	/* On a day after not_after the valid one reads as expired. */
	CU_ASSERT_EQUAL(issuer_list(iss, "person-ls", "2099-01-01", &v, &n),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(v[0].state, ISSUER_STATE_EXPIRED);
	issuer_certs_free(v, n);
	CU_ASSERT_EQUAL(issuer_list(iss, "nobody", NULL, &v, &n), ISSUER_OK);
	CU_ASSERT_EQUAL(n, 0);
	issuer_certs_free(v, n);
	/* Serials are read in any case, with 0x and colons. */
	snprintf(lower, sizeof(lower), "0x%s", a->serial);
	for (i = 0; lower[i] != '\0'; i++)
		lower[i] = (char)(lower[i] >= 'A' && lower[i] <= 'F' ?
		    lower[i] + 32 : lower[i]);
	CU_ASSERT_EQUAL(issuer_status_get(iss, lower, NULL, &s), ISSUER_OK);
	CU_ASSERT_STRING_EQUAL(s->serial, a->serial);
	CU_ASSERT_EQUAL(s->der_len, a->der_len);
	issuer_cert_free(s);
	issuer_cert_free(a);
	issuer_cert_free(b);
	issuer_close(iss);
}

static void
test_disclosure_mail(void)
{
	struct issuer *iss = it_open();
	struct issuer_disclosure_req r = { "dc-1", ISSUER_DISCLOSURE,
	    "person-1", "様式第7号", "2026-11-25", "発行記録の開示" };
	struct issuer_mail_req m = { 0 };
	struct issuer_disclosure d, d2;
	struct issuer_request fr;

	CU_ASSERT_EQUAL_FATAL(issuer_disclosure_record(iss, &r, &d), ISSUER_OK);
	CU_ASSERT_EQUAL(d.mail_state, ISSUER_MAIL_RECORDED);
	CU_ASSERT_EQUAL(issuer_disclosure_record(iss, &r, &d2), ISSUER_OK);
	CU_ASSERT_EQUAL(d2.id, d.id);
	r.form = "様式第8号";
	CU_ASSERT_EQUAL(issuer_disclosure_record(iss, &r, &d2),
	    ISSUER_E_CONFLICT);
	m.request_id = "dc-mail-1";
	m.disclosure_id = d.id;
	m.state = ISSUER_MAIL_DELIVERED;
	CU_ASSERT_EQUAL(issuer_disclosure_mail(iss, &m, &d2), ISSUER_E_STATE);
	m.state = ISSUER_MAIL_SENT;
	CU_ASSERT_EQUAL(issuer_disclosure_mail(iss, &m, &d2), ISSUER_E_INVALID);
	m.tracking_no = "1234-5678-9012";
	m.date = "2026-11-26";
	CU_ASSERT_EQUAL_FATAL(issuer_disclosure_mail(iss, &m, &d2), ISSUER_OK);
	CU_ASSERT_EQUAL(d2.mail_state, ISSUER_MAIL_SENT);
	CU_ASSERT_STRING_EQUAL(d2.tracking_no, "1234-5678-9012");
	CU_ASSERT_STRING_EQUAL(d2.mail_date, "2026-11-26");
	CU_ASSERT_EQUAL(issuer_disclosure_mail(iss, &m, &d2), ISSUER_OK);
	m.request_id = "dc-mail-2";
	m.state = ISSUER_MAIL_RETURNED;
	m.tracking_no = NULL;
	CU_ASSERT_EQUAL(issuer_disclosure_mail(iss, &m, &d2), ISSUER_OK);
	CU_ASSERT_EQUAL(d2.mail_state, ISSUER_MAIL_RETURNED);
	CU_ASSERT_EQUAL(issuer_find_by_request(iss, "dc-mail-2", &fr), ISSUER_OK);
	CU_ASSERT_EQUAL(fr.op, ISSUER_OP_MAIL);
	CU_ASSERT_EQUAL(fr.disclosure_id, d.id);
	CU_ASSERT_EQUAL(issuer_disclosure_get(iss, d.id, &d2), ISSUER_OK);
	CU_ASSERT_EQUAL(d2.mail_state, ISSUER_MAIL_RETURNED);
	CU_ASSERT_EQUAL(issuer_disclosure_get(iss, 999999, &d2),
	    ISSUER_E_NOT_FOUND);
	issuer_close(iss);
}

/* `madoguchi ca init` twice: the second changes nothing and says so. */
static void
test_cli_init_idempotent(void)
{
	char *dir = test_mkdtemp("ca-init"), *out, *before, *after;
	int st;

	CU_ASSERT_EQUAL(test_system("echo 'root pass phrase' > '%s/pass'", dir),
	    0);
	out = test_output(&st, "'%s' ca init --state '%s/s' --passphrase-file "
	    "'%s/pass' 2>&1", test_prog("madoguchi"), dir, dir);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "内蔵認証局を"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "作成しました"));
	free(out);
	before = test_output(NULL, "cd '%s/s/ca' && ls -l --time-style=+%%s.%%N "
	    "root.* signature.* user.* && sha256sum *.pem *.key", dir);
	out = test_output(&st, "'%s' ca init --state '%s/s' --no-passphrase "
	    "2>&1", test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "作成済みです"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "変更はありません"));
	free(out);
	after = test_output(NULL, "cd '%s/s/ca' && ls -l --time-style=+%%s.%%N "
	    "root.* signature.* user.* && sha256sum *.pem *.key", dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	/* Modes: the directory 0700, keys and database 0600. */
	out = test_output(NULL, "stat -c '%%a %%n' '%s/s/ca' '%s/s/ca/root.key' "
	    "'%s/s/ca/signature.key' '%s/s/ca/ca.db'", dir, dir, dir, dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "700 "));
	CU_ASSERT_PTR_NULL(strstr(out, "644"));
	CU_ASSERT_EQUAL(test_system("test $(stat -c %%a '%s/s/ca/root.key') = 600"
	    " && test $(stat -c %%a '%s/s/ca/ca.db') = 600", dir, dir), 0);
	free(out);
	test_rmtree(dir);
	free(dir);
}

/* The CLI end to end: issue from a PEM public key, export, verify, revoke,
 * crl, verify fails. */
static void
test_cli_flow(void)
{
	const char *m = test_prog("madoguchi");
	char *out, serial[ISSUER_SERIAL_MAX] = "", path[4096];
	int st;

	(void)it_spki("k1", &(size_t){ 0 });
	out = test_output(&st, "openssl pkey -in '%s/k1.key' -pubout -out "
	    "'%s/k1.pub.pem' && '%s' ca issue --state '%s' --kind signature "
	    "--pubkey '%s/k1.pub.pem' --person p-cli --name '山田 太郎' "
	    "--address '大阪府豊中市' --birth 1985-07-07 --sex 1 "
	    "--card-expiry 2035-07-07 --request cli-1 --out '%s/cli.pem' "
	    "2>/dev/null", it_tmp(), it_tmp(), m, it_state(), it_tmp(),
	    it_tmp());
	CU_ASSERT_EQUAL_FATAL(st, 0);
	CU_ASSERT_EQUAL(sscanf(out, "serial %64s", serial), 1);
	free(out);
	CU_ASSERT_EQUAL(test_system("'%s' ca export --state '%s' --out "
	    "'%s/chain.pem' && openssl verify -CAfile '%s/chain.pem' "
	    "'%s/cli.pem' >/dev/null", m, it_state(), it_tmp(), it_tmp(),
	    it_tmp()), 0);
	CU_ASSERT_EQUAL(test_system("'%s' ca revoke --state '%s' --serial %s "
	    "--reason affiliationChanged --request cli-rv >/dev/null 2>&1", m,
	    it_state(), serial), 0);
	out = test_output(&st, "'%s' ca status --state '%s' --serial %s "
	    "2>/dev/null", m, it_state(), serial);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "state revoked"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "reason affiliationChanged"));
	free(out);
	snprintf(path, sizeof(path), "%s/cli.pem", it_tmp());
	CU_ASSERT_EQUAL(it_verify(path, 0, NULL), 0);
	CU_ASSERT_NOT_EQUAL(it_verify(path, 1, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "certificate revoked"));
	free(out);
	/* A DER public key works too, and --der writes the cert as DER; the
	 * same request id again prints the same serial. */
	out = test_output(&st, "'%s' ca issue --state '%s' --kind user "
	    "--pubkey '%s/k1.pub.der' --person p-cli --name '山田 太郎' "
	    "--address '大阪府豊中市' --birth 1985-07-07 --sex 1 "
	    "--card-expiry 2035-07-07 --request cli-2 --der --out "
	    "'%s/cli-user.der' 2>/dev/null && openssl x509 -inform DER -in "
	    "'%s/cli-user.der' -out '%s/cli-user.pem'", m, it_state(), it_tmp(),
	    it_tmp(), it_tmp(), it_tmp());
	CU_ASSERT_EQUAL(st, 0);
	snprintf(path, sizeof(path), "%s/cli-user.pem", it_tmp());
	CU_ASSERT_EQUAL(it_verify(path, 1, NULL), 0);
	{
		char *again = test_output(&st, "'%s' ca issue --state '%s' "
		    "--kind user --pubkey '%s/k1.pub.der' --person p-cli "
		    "--name '山田 太郎' --address '大阪府豊中市' --birth "
		    "1985-07-07 --sex 1 --card-expiry 2035-07-07 --request "
		    "cli-2 --der --out '%s/cli-user2.der' 2>/dev/null", m,
		    it_state(), it_tmp(), it_tmp());

		CU_ASSERT_EQUAL(st, 0);
		CU_ASSERT_STRING_EQUAL(again, out);
		CU_ASSERT_EQUAL(test_system("cmp -s '%s/cli-user.der' "
		    "'%s/cli-user2.der'", it_tmp(), it_tmp()), 0);
		free(again);
	}
	free(out);
	/* A usage error exits 2; an unknown serial exits 1. */
	CU_ASSERT_EQUAL(test_system("'%s' ca revoke --state '%s' >/dev/null "
	    "2>&1", m, it_state()), 2);
	CU_ASSERT_EQUAL(test_system("'%s' ca status --state '%s' --serial 7ABC "
	    ">/dev/null 2>&1", m, it_state()), 1);
	/* What went wrong is said in Japanese, options named as typed. */
	out = test_output(&st, "'%s' ca status --state '%s' --serial 7ABC "
	    "2>&1", m, it_state());
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "madoguchi: 見つかりません"));
	free(out);
	out = test_output(&st, "'%s' ca revoke --state '%s' --serial %s "
	    "--reason lost 2>&1", m, it_state(), serial);
	CU_ASSERT_EQUAL(st, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "--reason: keyCompromise, "));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "使い方: madoguchi ca revoke"));
	free(out);
}

/* `ca release` is refused in Japanese and changes nothing; `ca crl --out -`
 * writes the CRLs to standard output (and no file named "-"). */
static void
test_cli_release_crl_stdout(void)
{
	const char *m = test_prog("madoguchi");
	struct issuer *iss = it_open();
	struct issuer_cert *c = issue_one(iss, ISSUER_KIND_USER, "cli-rel-issue",
	    NULL), *s = NULL;
	char *out;
	int st;

	CU_ASSERT_EQUAL(issuer_hold(iss, "cli-rel-hold", c->serial, NULL, NULL),
	    ISSUER_OK);
	out = test_output(&st, "'%s' ca release --state '%s' --serial %s "
	    "--request cli-rel 2>&1", m, it_state(), c->serial);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "一時保留の解除はできません"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "失効させ"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R5.2"));
	free(out);
	CU_ASSERT_EQUAL(issuer_status_get(iss, c->serial, NULL, &s), ISSUER_OK);
	CU_ASSERT_EQUAL(s->state, ISSUER_STATE_ON_HOLD);
	issuer_cert_free(s);
	/* The CRL on stdout, piped straight into openssl. */
	out = test_output(&st, "cd '%s' && '%s' ca crl --state '%s' --kind user "
	    "--out - 2>/dev/null | openssl crl -noout -text", it_tmp(), m,
	    it_state());
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(crl_entry_says(out, c->serial, "Certificate Hold"));
	free(out);
	out = test_output(&st, "cd '%s' && '%s' ca crl --state '%s' --out - "
	    "2>/dev/null | grep -c 'BEGIN X509 CRL'", it_tmp(), m, it_state());
	CU_ASSERT_STRING_EQUAL(out, "3\n");
	free(out);
	CU_ASSERT_NOT_EQUAL(test_system("test -e '%s/-'", it_tmp()), 0);
	out = test_output(&st, "'%s' ca 2>&1", m);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "crl --out FILE|- (- は標準出力)"));
	free(out);
	issuer_cert_free(c);
	issuer_close(iss);
}

static CU_TestInfo state_tests[] = {
	{ "revoke: verify fails, CRL shows the reason", test_revoke_reasons },
	{ "hold, release refused (R5.2), revoke from hold", test_hold_then_revoke },
	{ "every change from every state (transition table)",
	  test_transition_sweep },
	{ "a revoke publishes its CRL file or fails; a repeat publishes",
	  test_crl_published },
	{ "changes refused by state", test_state_errors },
	{ "issue repeated by request id, conflicts", test_idempotent_issue },
	{ "hold/revoke repeated by request id; history", test_idempotent_change },
	{ "status and a person's list", test_status_and_list },
	{ "disclosure request and its 特定記録 mailing", test_disclosure_mail },
	{ "ca init twice changes nothing; modes", test_cli_init_idempotent },
	{ "ca issue/export/revoke/status from the CLI", test_cli_flow },
	{ "ca release refused in Japanese; ca crl --out -",
	  test_cli_release_crl_stdout },
	CU_TEST_INFO_NULL
};
TEST_SUITE(issuer_state, "issuer.state", state_tests)
