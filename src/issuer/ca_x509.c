/*
 * X.509 for the built-in CA: RSA-2048 keys, the CA certs, the JPKI-like
 * leaf profiles (signature: basic 4 info as otherName entries in the
 * subjectAltName; user: none) and CRLs with reason and hold codes. All
 * signatures are SHA-256 with RSA. Nothing here touches the database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "ca.h"

/* JPKI's subjectAltName otherName OIDs for the basic 4 info. */
#define OID_JPKI_NAME		"1.2.392.200149.8.5.5.1"
#define OID_JPKI_NAME_ALT	"1.2.392.200149.8.5.5.2"
#define OID_JPKI_SEX		"1.2.392.200149.8.5.5.3"
#define OID_JPKI_BIRTH		"1.2.392.200149.8.5.5.4"
#define OID_JPKI_ADDRESS	"1.2.392.200149.8.5.5.5"
#define OID_JPKI_ADDRESS_ALT	"1.2.392.200149.8.5.5.6"

/* Our policy OIDs: under IANA's documentation arc (RFC 5612), since this
 * CA is not J-LIS's. */
static const char *const ca_policy_table[] = {
	[ISSUER_KIND_SIGNATURE] = "1.3.6.1.4.1.32473.8.1.1",
	[ISSUER_KIND_USER] = "1.3.6.1.4.1.32473.8.1.2",
};

/* keyUsage of the leaves, as in JPKI. */
static const char *const ca_key_usage_table[] = {
	[ISSUER_KIND_SIGNATURE] = "critical,digitalSignature,nonRepudiation",
	[ISSUER_KIND_USER] = "critical,digitalSignature",
};

EVP_PKEY *
ca_x509_keygen(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
}

time_t
ca_jst_day_start(const char *date)
{
	struct era_date d;
	struct tm tm;

	if (era_parse_iso(date, &d) == -1)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	return timegm(&tm) - 9 * 3600;
}

char *
ca_file_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, n = 0, len = strlen(path);
	char *out = xmalloc(7 + 3 * len + 1);

	memcpy(out, "file://", 7);
	n = 7;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("/-._~", c) != NULL)
			out[n++] = (char)c;
		else {
			out[n++] = '%';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		}
	}
	out[n] = '\0';
	return out;
}

int
ca_x509_random_serial(char out[ISSUER_SERIAL_MAX])
{
	unsigned char buf[16];
	BIGNUM *bn;
	char *hex;

	if (RAND_bytes(buf, sizeof(buf)) != 1)
		return -1;
	buf[0] &= 0x7f;		/* positive */
	buf[0] |= 0x40;		/* full length, so never zero */
	if ((bn = BN_bin2bn(buf, sizeof(buf), NULL)) == NULL)
		return -1;
	hex = BN_bn2hex(bn);
	BN_free(bn);
	if (hex == NULL)
		return -1;
	strlcpy_m(out, hex, ISSUER_SERIAL_MAX);
	OPENSSL_free(hex);
	return 0;
}

EVP_PKEY *
ca_x509_parse_spki(const unsigned char *der, size_t len, char *err,
    size_t errlen)
{
	const unsigned char *p = der;
	EVP_PKEY *pk;

	if (der == NULL || len == 0 || len > 65536 ||
	    (pk = d2i_PUBKEY(NULL, &p, (long)len)) == NULL) {
		snprintf(err, errlen, "the public key is not a DER "
		    "SubjectPublicKeyInfo");
		return NULL;
	}
	if (p != der + len) {
		snprintf(err, errlen, "trailing bytes after the public key");
		EVP_PKEY_free(pk);
		return NULL;
	}
	if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_RSA ||
	    EVP_PKEY_get_bits(pk) < 2048 || EVP_PKEY_get_bits(pk) > 4096) {
		snprintf(err, errlen, "the public key must be RSA of 2048 to "
		    "4096 bits (the card's keys are RSA-2048)");
		EVP_PKEY_free(pk);
		return NULL;
	}
	return pk;
}

/* Add an extension written in OpenSSL's config syntax (fixed strings). */
static int
ca_add_ext(X509 *cert, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int ok;

	if (ext == NULL)
		return -1;
	ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

/* crlDistributionPoints with one URI, built directly so that no character
 * of the path is read as config syntax. */
static int
ca_add_crl_dp(X509 *cert, const char *uri)
{
	CRL_DIST_POINTS *dps = sk_DIST_POINT_new_null();
	DIST_POINT *dp = DIST_POINT_new();
	GENERAL_NAME *gn = GENERAL_NAME_new();
	ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();
	int rc = -1;

	if (dps == NULL || dp == NULL || gn == NULL || ia5 == NULL ||
	    !ASN1_STRING_set(ia5, uri, (int)strlen(uri)))
		goto out;
	GENERAL_NAME_set0_value(gn, GEN_URI, ia5);
	ia5 = NULL;
	if ((dp->distpoint = DIST_POINT_NAME_new()) == NULL ||
	    (dp->distpoint->name.fullname = GENERAL_NAMES_new()) == NULL)
		goto out;
	dp->distpoint->type = 0;
	if (!sk_GENERAL_NAME_push(dp->distpoint->name.fullname, gn))
		goto out;
	gn = NULL;
	if (!sk_DIST_POINT_push(dps, dp))
		goto out;
	dp = NULL;
	if (X509_add1_ext_i2d(cert, NID_crl_distribution_points, dps, 0,
	    X509V3_ADD_DEFAULT) == 1)
		rc = 0;
out:
	ASN1_IA5STRING_free(ia5);
	GENERAL_NAME_free(gn);
	DIST_POINT_free(dp);
	CRL_DIST_POINTS_free(dps);
	return rc;
}

/* certificatePolicies with one policy OID (no qualifiers). */
static int
ca_add_policy(X509 *cert, const char *oid)
{
	CERTIFICATEPOLICIES *pols = sk_POLICYINFO_new_null();
	POLICYINFO *pi = POLICYINFO_new();
	int rc = -1;

	if (pols == NULL || pi == NULL)
		goto out;
	ASN1_OBJECT_free(pi->policyid);
	if ((pi->policyid = OBJ_txt2obj(oid, 1)) == NULL ||
	    !sk_POLICYINFO_push(pols, pi))
		goto out;
	pi = NULL;
	if (X509_add1_ext_i2d(cert, NID_certificate_policies, pols, 0,
	    X509V3_ADD_DEFAULT) == 1)
		rc = 0;
out:
	POLICYINFO_free(pi);
	CERTIFICATEPOLICIES_free(pols);
	return rc;
}

static int
ca_push_othername(GENERAL_NAMES *gens, const char *oid, const char *utf8)
{
	ASN1_OBJECT *obj;
	ASN1_TYPE *val;
	ASN1_UTF8STRING *str;
	GENERAL_NAME *gn;

	if (utf8 == NULL || *utf8 == '\0')
		return 0;
	obj = OBJ_txt2obj(oid, 1);
	val = ASN1_TYPE_new();
	str = ASN1_UTF8STRING_new();
	gn = GENERAL_NAME_new();
	if (obj == NULL || val == NULL || str == NULL || gn == NULL ||
	    !ASN1_STRING_set(str, utf8, (int)strlen(utf8))) {
		ASN1_OBJECT_free(obj);
		ASN1_TYPE_free(val);
		ASN1_UTF8STRING_free(str);
		GENERAL_NAME_free(gn);
		return -1;
	}
	ASN1_TYPE_set(val, V_ASN1_UTF8STRING, str);
	if (!GENERAL_NAME_set0_othername(gn, obj, val)) {
		ASN1_OBJECT_free(obj);
		ASN1_TYPE_free(val);
		GENERAL_NAME_free(gn);
		return -1;
	}
	if (!sk_GENERAL_NAME_push(gens, gn)) {
		GENERAL_NAME_free(gn);
		return -1;
	}
	return 0;
}

/* The basic 4 info as JPKI carries it: name, sex (ISO 5218 digit), birth
 * date (YYYYMMDD, as on the card), address, plus the alternative forms. */
static int
ca_add_basic4(X509 *cert, const struct issuer_holder *h)
{
	GENERAL_NAMES *gens = GENERAL_NAMES_new();
	char sex[4], birth[9];
	int rc = -1;

	snprintf(sex, sizeof(sex), "%d", h->sex);
	if (strlen(h->birth_date) != 10)
		goto out;
	memcpy(birth, h->birth_date, 4);
	memcpy(birth + 4, h->birth_date + 5, 2);
	memcpy(birth + 6, h->birth_date + 8, 2);
	birth[8] = '\0';
	if (gens == NULL ||
	    ca_push_othername(gens, OID_JPKI_NAME, h->name) == -1 ||
	    ca_push_othername(gens, OID_JPKI_NAME_ALT, h->name_alt) == -1 ||
	    ca_push_othername(gens, OID_JPKI_SEX, sex) == -1 ||
	    ca_push_othername(gens, OID_JPKI_BIRTH, birth) == -1 ||
	    ca_push_othername(gens, OID_JPKI_ADDRESS, h->address) == -1 ||
	    ca_push_othername(gens, OID_JPKI_ADDRESS_ALT, h->address_alt) == -1)
		goto out;
	if (X509_add1_ext_i2d(cert, NID_subject_alt_name, gens, 0,
	    X509V3_ADD_DEFAULT) == 1)
		rc = 0;
out:
	GENERAL_NAMES_free(gens);
	return rc;
}

static X509_NAME *
ca_name(const char *org, const char *ou, const char *cn)
{
	X509_NAME *n = X509_NAME_new();

	if (n == NULL ||
	    !X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC,
	    (const unsigned char *)"JP", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)org, -1, -1, 0) ||
	    (ou != NULL && !X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_UTF8,
	    (const unsigned char *)ou, -1, -1, 0)) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0)) {
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

static int
ca_set_serial_hex(X509 *cert, const char *hex)
{
	BIGNUM *bn = NULL;
	ASN1_INTEGER *ai;
	int ok;

	if (!BN_hex2bn(&bn, hex))
		return -1;
	ai = BN_to_ASN1_INTEGER(bn, NULL);
	BN_free(bn);
	if (ai == NULL)
		return -1;
	ok = X509_set_serialNumber(cert, ai);
	ASN1_INTEGER_free(ai);
	return ok ? 0 : -1;
}

/* The common body: version 3, serial, names, times, key. */
static X509 *
ca_cert_body(const char *serial, X509_NAME *subject, const X509_NAME *issuer,
    EVP_PKEY *pub, time_t nb, time_t na)
{
	X509 *cert = X509_new();

	if (cert == NULL || !X509_set_version(cert, X509_VERSION_3) ||
	    ca_set_serial_hex(cert, serial) == -1 ||
	    !X509_set_subject_name(cert, subject) ||
	    !X509_set_issuer_name(cert, issuer != NULL ? issuer : subject) ||
	    ASN1_TIME_set(X509_getm_notBefore(cert), nb) == NULL ||
	    ASN1_TIME_set(X509_getm_notAfter(cert), na) == NULL ||
	    !X509_set_pubkey(cert, pub)) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

X509 *
ca_x509_make_ca(const char *org, const char *cn, EVP_PKEY *key,
    const struct ca_key *parent, time_t nb, time_t na, const char *crl_uri)
{
	char serial[ISSUER_SERIAL_MAX];
	X509_NAME *subject;
	X509 *cert;
	X509V3_CTX ctx;
	int bad;

	if (ca_x509_random_serial(serial) == -1 ||
	    (subject = ca_name(org, NULL, cn)) == NULL)
		return NULL;
	cert = ca_cert_body(serial, subject,
	    parent != NULL ? X509_get_subject_name(parent->cert) : NULL, key,
	    nb, na);
	X509_NAME_free(subject);
	if (cert == NULL)
		return NULL;
	X509V3_set_ctx(&ctx, parent != NULL ? parent->cert : cert, cert, NULL,
	    NULL, 0);
	bad = ca_add_ext(cert, &ctx, NID_basic_constraints, parent != NULL ?
	    "critical,CA:TRUE,pathlen:0" : "critical,CA:TRUE") == -1 ||
	    ca_add_ext(cert, &ctx, NID_key_usage,
	    "critical,keyCertSign,cRLSign") == -1 ||
	    ca_add_ext(cert, &ctx, NID_subject_key_identifier, "hash") == -1 ||
	    ca_add_ext(cert, &ctx, NID_authority_key_identifier,
	    "keyid:always") == -1 ||
	    (crl_uri != NULL && ca_add_crl_dp(cert, crl_uri) == -1) ||
	    X509_sign(cert, parent != NULL ? parent->key : key,
	    EVP_sha256()) <= 0;
	if (bad) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

int
ca_x509_make_leaf(const struct ca_key *ca, const struct ca_leaf *leaf,
    unsigned char **der, size_t *len, char *err, size_t errlen)
{
	X509_NAME *subject;
	X509 *cert;
	X509V3_CTX ctx;
	int n, bad;

	subject = ca_name(leaf->org, issuer_kind_name(leaf->kind),
	    leaf->serial);
	if (subject == NULL) {
		snprintf(err, errlen, "cannot build the subject name");
		return -1;
	}
	cert = ca_cert_body(leaf->serial, subject,
	    X509_get_subject_name(ca->cert), leaf->pub, leaf->not_before,
	    leaf->not_after);
	X509_NAME_free(subject);
	if (cert == NULL) {
		snprintf(err, errlen, "cannot build the certificate body");
		return -1;
	}
	X509V3_set_ctx(&ctx, ca->cert, cert, NULL, NULL, 0);
	bad = ca_add_ext(cert, &ctx, NID_basic_constraints,
	    "critical,CA:FALSE") == -1 ||
	    ca_add_ext(cert, &ctx, NID_key_usage,
	    ca_key_usage_table[leaf->kind]) == -1 ||
	    ca_add_policy(cert, ca_policy_table[leaf->kind]) == -1 ||
	    ca_add_ext(cert, &ctx, NID_subject_key_identifier, "hash") == -1 ||
	    ca_add_ext(cert, &ctx, NID_authority_key_identifier,
	    "keyid:always") == -1 ||
	    ca_add_crl_dp(cert, leaf->crl_uri) == -1 ||
	    (leaf->kind == ISSUER_KIND_SIGNATURE &&
	    ca_add_basic4(cert, leaf->holder) == -1);
	if (bad || X509_sign(cert, ca->key, EVP_sha256()) <= 0) {
		snprintf(err, errlen, "cannot sign the certificate");
		X509_free(cert);
		return -1;
	}
	*der = NULL;
	n = i2d_X509(cert, der);
	X509_free(cert);
	if (n <= 0) {
		snprintf(err, errlen, "cannot encode the certificate");
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

static int
ca_revoked_add(X509_CRL *crl, const struct ca_revoked *r)
{
	X509_REVOKED *rev = X509_REVOKED_new();
	ASN1_ENUMERATED *code = ASN1_ENUMERATED_new();
	ASN1_TIME *when = ASN1_TIME_set(NULL, r->when);
	BIGNUM *bn = NULL;
	ASN1_INTEGER *serial = NULL;
	ASN1_OBJECT *hold = NULL;
	int rc = -1;

	if (rev == NULL || code == NULL || when == NULL ||
	    !BN_hex2bn(&bn, r->serial) ||
	    (serial = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    !X509_REVOKED_set_serialNumber(rev, serial) ||
	    !X509_REVOKED_set_revocationDate(rev, when) ||
	    !ASN1_ENUMERATED_set(code, r->reason) ||
	    !X509_REVOKED_add1_ext_i2d(rev, NID_crl_reason, code, 0, 0))
		goto out;
	if (r->reason == ISSUER_REASON_CERTIFICATE_HOLD) {
		hold = OBJ_nid2obj(NID_hold_instruction_call_issuer);
		if (!X509_REVOKED_add1_ext_i2d(rev, NID_hold_instruction_code,
		    hold, 0, 0))
			goto out;
	}
	if (!X509_CRL_add0_revoked(crl, rev))
		goto out;
	rev = NULL;
	rc = 0;
out:
	X509_REVOKED_free(rev);
	ASN1_ENUMERATED_free(code);
	ASN1_TIME_free(when);
	ASN1_INTEGER_free(serial);
	BN_free(bn);
	return rc;
}

static int
ca_crl_exts(X509_CRL *crl, const struct ca_key *ca, long number)
{
	ASN1_INTEGER *num = ASN1_INTEGER_new();
	X509_EXTENSION *aki;
	X509V3_CTX ctx;
	int ok;

	if (num == NULL || !ASN1_INTEGER_set(num, number) ||
	    !X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0)) {
		ASN1_INTEGER_free(num);
		return -1;
	}
	ASN1_INTEGER_free(num);
	X509V3_set_ctx(&ctx, ca->cert, NULL, NULL, crl, 0);
	aki = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier,
	    "keyid:always");
	if (aki == NULL)
		return -1;
	ok = X509_CRL_add_ext(crl, aki, -1);
	X509_EXTENSION_free(aki);
	return ok ? 0 : -1;
}

int
ca_x509_make_crl(const struct ca_key *ca, long number, time_t this_update,
    time_t next_update, const struct ca_revoked *list, size_t n,
    unsigned char **der, size_t *len)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *tu = ASN1_TIME_set(NULL, this_update);
	ASN1_TIME *nu = ASN1_TIME_set(NULL, next_update);
	size_t i;
	int rc = -1, dlen;

	if (crl == NULL || tu == NULL || nu == NULL ||
	    !X509_CRL_set_version(crl, X509_CRL_VERSION_2) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca->cert)) ||
	    !X509_CRL_set1_lastUpdate(crl, tu) ||
	    !X509_CRL_set1_nextUpdate(crl, nu))
		goto out;
	for (i = 0; i < n; i++)
		if (ca_revoked_add(crl, &list[i]) == -1)
			goto out;
	if (!X509_CRL_sort(crl) || ca_crl_exts(crl, ca, number) == -1 ||
	    X509_CRL_sign(crl, ca->key, EVP_sha256()) <= 0)
		goto out;
	*der = NULL;
	if ((dlen = i2d_X509_CRL(crl, der)) <= 0)
		goto out;
	*len = (size_t)dlen;
	rc = 0;
out:
	X509_CRL_free(crl);
	ASN1_TIME_free(tu);
	ASN1_TIME_free(nu);
	return rc;
}

/* Make a rename in path's directory survive a power cut. */
static int
ca_fsync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = xstrdup(slash == NULL ? "." : path);
	int fd, rc = -1;

	if (slash != NULL)
		dir[slash == path ? 1 : slash - path] = '\0';

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc == -1 ? -1 : 0;
}

int
ca_write_file(const char *path, const void *buf, size_t len, mode_t mode)
{
	char *tmp = xasprintf("%s.tmp", path);
	const unsigned char *p = buf;
	int fd, rc = -1;
	ssize_t w;

	(void)unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) == -1)
		goto out;
	while (len > 0) {
		if ((w = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			close(fd);
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		close(fd);
		goto out;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1)
		goto out;
	rc = ca_fsync_dir(path);
out:
	if (rc == -1)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}

int
ca_read_file(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	size_t n = 0, cap = 0, r;

	if (f == NULL)
		return -1;
	for (;;) {
		if (n == cap) {
			cap = cap * 2 + 4096;
			b = xreallocarray(b, cap, 1);
		}
		if ((r = fread(b + n, 1, cap - n, f)) == 0)
			break;
		n += r;
	}
	if (ferror(f)) {
		fclose(f);
		free(b);
		return -1;
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}
