/*
 * The built-in CA's certs as the outside world sees them: `openssl verify`
 * accepts every issued cert against the exported chain, the JPKI-like
 * profiles (key usage, policies, SAN with the basic 4 info in UTF-8), the
 * validity end (5th birthday after issue, capped by the card's expiry) and
 * unique random serials.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "it.h"

static struct issuer_cert *
issue_ok(struct issuer *iss, struct issuer_issue_req *r)
{
	struct issuer_cert *c = NULL;
	enum issuer_status st = issuer_issue(iss, r, &c);

	if (st != ISSUER_OK)
		fprintf(stderr, "issue: %s\n", issuer_error(iss));
	CU_ASSERT_EQUAL_FATAL(st, ISSUER_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	return c;
}

static void
test_verify_both_kinds(void)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *sig, *usr;
	char *out, *text;

	it_req(&r, ISSUER_KIND_SIGNATURE, "verify-sig");
	sig = issue_ok(iss, &r);
	it_req(&r, ISSUER_KIND_USER, "verify-user");
	usr = issue_ok(iss, &r);
	CU_ASSERT_EQUAL(it_verify(it_pem(sig, "vs"), 0, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, ": OK"));
	free(out);
	CU_ASSERT_EQUAL(it_verify(it_pem(usr, "vu"), 1, &out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, ": OK"));
	free(out);
	/* The two kinds chain to different issuing CAs. */
	text = test_output(NULL, "openssl x509 -in '%s/vs.pem' -noout -issuer "
	    "-ext keyUsage,certificatePolicies,subjectAltName,"
	    "crlDistributionPoints", it_tmp());
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Signature CA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Digital Signature, Non Repudiation"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "1.3.6.1.4.1.32473.8.1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "1.2.392.200149.8.5.5.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "crl/signature.crl"));
	free(text);
	text = test_output(NULL, "openssl x509 -in '%s/vu.pem' -noout -issuer "
	    "-ext keyUsage,subjectAltName,authorityKeyIdentifier,"
	    "subjectKeyIdentifier", it_tmp());
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "User Authentication CA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Digital Signature"));
	CU_ASSERT_PTR_NULL(strstr(text, "Non Repudiation"));
	CU_ASSERT_PTR_NULL(strstr(text, "Alternative Name"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Authority Key Identifier"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "Subject Key Identifier"));
	free(text);
	issuer_cert_free(sig);
	issuer_cert_free(usr);
	issuer_close(iss);
}

/* The SAN's otherName values, by OID, decoded back from the DER. */
static int
san_value(const struct issuer_cert *c, const char *oid, char *out, size_t size)
{
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->der_len);
	GENERAL_NAMES *gens;
	int i, found = 0;
	char buf[64];

	if (x == NULL)
		return -1;
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	for (i = 0; gens != NULL && i < sk_GENERAL_NAME_num(gens); i++) {
		GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		ASN1_OBJECT *obj;
		ASN1_TYPE *val;

		if (!GENERAL_NAME_get0_otherName(g, &obj, &val))
			continue;
		OBJ_obj2txt(buf, sizeof(buf), obj, 1);
		if (strcmp(buf, oid) != 0 || val->type != V_ASN1_UTF8STRING)
			continue;
		snprintf(out, size, "%.*s", ASN1_STRING_length(val->value.utf8string),
		    (const char *)ASN1_STRING_get0_data(val->value.utf8string));
		found = 1;
	}
	GENERAL_NAMES_free(gens);
	X509_free(x);
	return found;
}

static void
test_san_basic4(void)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *c;
	char v[512];

	it_req(&r, ISSUER_KIND_SIGNATURE, "san-1");
	r.holder.name = "髙橋 﨑子";
	r.holder.address = "大阪府豊中市新千里東町一丁目2番3-405号";
	r.holder.address_alt = NULL;
	r.holder.birth_date = "1964-02-29";
	r.holder.sex = 9;
	c = issue_ok(iss, &r);
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.1", v, sizeof(v)), 1);
	CU_ASSERT_STRING_EQUAL(v, "髙橋 﨑子");
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.2", v, sizeof(v)), 1);
	CU_ASSERT_STRING_EQUAL(v, "窓口 花子（代替）");
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.3", v, sizeof(v)), 1);
	CU_ASSERT_STRING_EQUAL(v, "9");
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.4", v, sizeof(v)), 1);
	CU_ASSERT_STRING_EQUAL(v, "19640229");
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.5", v, sizeof(v)), 1);
	CU_ASSERT_STRING_EQUAL(v, "大阪府豊中市新千里東町一丁目2番3-405号");
	/* No alternative address was given: no entry for it. */
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.6", v, sizeof(v)), 0);
	issuer_cert_free(c);
	/* The user cert carries none of it. */
	it_req(&r, ISSUER_KIND_USER, "san-2");
	c = issue_ok(iss, &r);
	CU_ASSERT_EQUAL(san_value(c, "1.2.392.200149.8.5.5.1", v, sizeof(v)), 0);
	issuer_cert_free(c);
	issuer_close(iss);
}

static const struct {
	const char *issue, *birth, *expiry, *want;	/* want NULL: refused */
} validity_table[] = {
	{ "2026-11-25", "1990-04-01", "2040-01-01", "2031-04-01" },
	{ "2026-04-01", "1990-04-01", "2040-01-01", "2031-04-01" }, /* on the birthday */
	{ "2026-03-31", "1990-04-01", "2040-01-01", "2030-04-01" },
	{ "2026-11-25", "2026-11-25", "2040-01-01", "2031-11-25" }, /* newborn */
	{ "2026-11-25", "1990-04-01", "2029-12-31", "2029-12-31" }, /* card first */
	{ "2026-11-25", "1990-04-01", "2026-11-25", "2026-11-25" },
	{ "2026-11-25", "1980-02-29", "2040-01-01", "2031-02-28" },
	{ "2026-02-27", "2000-02-29", "2040-01-01", "2030-02-28" },
	{ "2026-02-28", "2000-02-29", "2040-01-01", "2031-02-28" },
	{ "2027-03-01", "2000-02-29", "2040-01-01", "2032-02-29" },
	{ "2028-02-29", "2000-02-29", "2040-01-01", "2033-02-28" },
	{ "2028-02-28", "2000-02-29", "2040-01-01", "2032-02-29" },
	{ "2026-11-25", "1990-04-01", "2026-11-24", NULL },	/* card expired */
	{ "2026-11-25", "2026-11-26", "2040-01-01", NULL },	/* not born */
	{ "2026-02-30", "1990-04-01", "2040-01-01", NULL },
};

static void
test_validity_table(void)
{
	char got[11];
	size_t i;

	for (i = 0; i < nitems(validity_table); i++) {
		int rc = issuer_validity_end(validity_table[i].issue,
		    validity_table[i].birth, validity_table[i].expiry, got);

		if (validity_table[i].want == NULL) {
			CU_ASSERT_EQUAL(rc, -1);
			continue;
		}
		CU_ASSERT_EQUAL(rc, 0);
		if (rc == 0 && strcmp(got, validity_table[i].want) != 0)
			fprintf(stderr, "case %zu: %s, want %s\n", i, got,
			    validity_table[i].want);
		CU_ASSERT_STRING_EQUAL(got, validity_table[i].want);
	}
}

/* The cert's own notBefore/notAfter: the days in JST, whole days. */
static void
test_validity_in_cert(void)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *c;
	char *text;

	it_req(&r, ISSUER_KIND_USER, "validity-cert");
	r.issue_date = "2026-02-27";
	r.holder.birth_date = "2000-02-29";
	c = issue_ok(iss, &r);
	CU_ASSERT_STRING_EQUAL(c->not_after, "2030-02-28");
	text = test_output(NULL, "openssl x509 -in '%s' -noout -dates",
	    it_pem(c, "val"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "notBefore=Feb 26 15:00:00 2026 GMT"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "notAfter=Feb 28 14:59:59 2030 GMT"));
	free(text);
	issuer_cert_free(c);
	/* Capped by the card. */
	it_req(&r, ISSUER_KIND_SIGNATURE, "validity-cap");
	r.issue_date = "2026-02-27";
	r.holder.card_expiry = "2028-06-30";
	c = issue_ok(iss, &r);
	CU_ASSERT_STRING_EQUAL(c->not_after, "2028-06-30");
	issuer_cert_free(c);
	issuer_close(iss);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
test_serials_unique(void)
{
	enum { N = 300 };
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	static char serials[N][ISSUER_SERIAL_MAX];
	char *sorted[N], id[32];
	int i;

	for (i = 0; i < N; i++) {
		struct issuer_cert *c;

		snprintf(id, sizeof(id), "many-%d", i);
		it_req(&r, i % 2 ? ISSUER_KIND_USER : ISSUER_KIND_SIGNATURE, id);
		c = issue_ok(iss, &r);
		snprintf(serials[i], sizeof(serials[i]), "%s", c->serial);
		sorted[i] = serials[i];
		/* 126 random bits, positive: 32 hex digits, top digit 4..7. */
		CU_ASSERT_EQUAL(strlen(c->serial), 32);
		CU_ASSERT(c->serial[0] >= '4' && c->serial[0] <= '7');
		issuer_cert_free(c);
	}
	qsort(sorted, N, sizeof(sorted[0]), cmp_str);
	for (i = 1; i < N; i++)
		CU_ASSERT(strcmp(sorted[i - 1], sorted[i]) != 0);
	issuer_close(iss);
}

static void
test_bad_input(void)
{
	struct issuer *iss = it_open();
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;
	unsigned char junk[300] = { 0x30, 0x82 };
	size_t len;

	it_req(&r, ISSUER_KIND_USER, "bad-1");
	r.spki = junk;
	r.spki_len = sizeof(junk);
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_E_INVALID);
	CU_ASSERT_PTR_NULL(c);
	it_req(&r, ISSUER_KIND_USER, "bad-2");
	r.holder.card_expiry = "2020-01-01";
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_E_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "card expired"));
	it_req(&r, ISSUER_KIND_USER, "bad 3");
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_E_INVALID);
	it_req(&r, ISSUER_KIND_SIGNATURE, "bad-4");
	r.holder.sex = 3;
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_E_INVALID);
	/* A failed call is not remembered: the same id works when fixed. */
	it_req(&r, ISSUER_KIND_USER, "bad-2");
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	issuer_cert_free(c);
	/* An EC key is not what the card makes. */
	CU_ASSERT_EQUAL(test_system("openssl genpkey -algorithm EC -pkeyopt "
	    "ec_paramgen_curve:P-256 2>/dev/null | openssl pkey -pubout "
	    "-outform DER -out '%s/ec.der'", it_tmp()), 0);
	{
		char p[4096];
		FILE *f;
		unsigned char der[512];

		snprintf(p, sizeof(p), "%s/ec.der", it_tmp());
		f = fopen(p, "rb");
		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		len = fread(der, 1, sizeof(der), f);
		fclose(f);
		it_req(&r, ISSUER_KIND_USER, "bad-ec");
		r.spki = der;
		r.spki_len = len;
		CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_E_INVALID);
		CU_ASSERT_PTR_NOT_NULL(strstr(issuer_error(iss), "RSA"));
	}
	issuer_close(iss);
}

static CU_TestInfo profile_tests[] = {
	{ "openssl verify accepts both kinds; profiles", test_verify_both_kinds },
	{ "signature SAN decodes to the basic 4 info", test_san_basic4 },
	{ "validity: 5th birthday, card cap, 29 Feb", test_validity_table },
	{ "validity in the cert (JST days)", test_validity_in_cert },
	{ "serials unique and random over 300 issues", test_serials_unique },
	{ "bad input refused, not remembered", test_bad_input },
	CU_TEST_INFO_NULL
};
TEST_SUITE(issuer_profile, "issuer.profile", profile_tests)
