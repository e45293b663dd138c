/*
 * Fixtures of the issuer tests (see it.h). The CA is made once per test
 * program; every test uses fresh request ids so tests stay independent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "it.h"

static char *it_dir, *it_state_dir, *it_tmp_dir;

static void
it_cleanup(void)
{
	test_rmtree(it_dir);
	free(it_dir);
	free(it_state_dir);
	free(it_tmp_dir);
}

static void
it_setup(void)
{
	char msg[512];

	if (it_dir != NULL)
		return;
	/* openssl verify uses the real clock: issue with the real date. */
	unsetenv("MADOGUCHI_TODAY");
	unsetenv("MADOGUCHI_CA_CRASH_AT");
	it_dir = test_mkdtemp("issuer");
	if (asprintf(&it_state_dir, "%s/state", it_dir) == -1 ||
	    asprintf(&it_tmp_dir, "%s/tmp", it_dir) == -1)
		abort();
	if (test_system("mkdir -p '%s'", it_tmp_dir) != 0 ||
	    issuer_builtin_init(it_state_dir, NULL, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "it_setup: %s\n", msg);
		abort();
	}
	if (test_system("'%s' ca export --state '%s' --root '%s/root.pem' "
	    "--untrusted '%s/inter.pem' 2>/dev/null", test_prog("madoguchi"),
	    it_state_dir, it_tmp_dir, it_tmp_dir) != 0) {
		/* The library alone is enough when the CLI is not built. */
		test_system("cat '%s/ca/root.pem' > '%s/root.pem'; cat "
		    "'%s/ca/signature.pem' '%s/ca/user.pem' > '%s/inter.pem'",
		    it_state_dir, it_tmp_dir, it_state_dir, it_state_dir,
		    it_tmp_dir);
	}
	atexit(it_cleanup);
}

const char *
it_state(void)
{
	it_setup();
	return it_state_dir;
}

const char *
it_tmp(void)
{
	it_setup();
	return it_tmp_dir;
}

const unsigned char *
it_spki(const char *name, size_t *len)
{
	static struct { char name[32]; unsigned char der[1024]; size_t len; }
	    cache[8];
	char path[4096];
	FILE *f;
	size_t i;

	for (i = 0; i < nitems(cache) && cache[i].name[0] != '\0'; i++)
		if (strcmp(cache[i].name, name) == 0) {
			*len = cache[i].len;
			return cache[i].der;
		}
	if (i == nitems(cache))
		abort();
	snprintf(path, sizeof(path), "%s/%s.pub.der", it_tmp(), name);
	if (test_system("openssl genpkey -algorithm RSA -pkeyopt "
	    "rsa_keygen_bits:2048 -out '%s/%s.key' 2>/dev/null && openssl pkey "
	    "-in '%s/%s.key' -pubout -outform DER -out '%s'", it_tmp(), name,
	    it_tmp(), name, path) != 0 || (f = fopen(path, "rb")) == NULL)
		abort();
	cache[i].len = fread(cache[i].der, 1, sizeof(cache[i].der), f);
	fclose(f);
	snprintf(cache[i].name, sizeof(cache[i].name), "%s", name);
	*len = cache[i].len;
	return cache[i].der;
}

struct issuer *
it_open(void)
{
	char why[512];
	struct issuer *iss = issuer_builtin_open(it_state(), why, sizeof(why));

	if (iss == NULL) {
		fprintf(stderr, "it_open: %s\n", why);
		abort();
	}
	return iss;
}

void
it_req(struct issuer_issue_req *r, enum issuer_kind kind, const char *id)
{
	static char today[11];

	util_today(today);
	memset(r, 0, sizeof(*r));
	r->request_id = id;
	r->kind = kind;
	r->spki = it_spki("k1", &r->spki_len);
	r->holder.person_key = "person-1";
	r->holder.name = "窓口 花子";
	r->holder.name_alt = "窓口 花子（代替）";
	r->holder.address = "大阪府豊中市中桜塚三丁目1番1号";
	r->holder.birth_date = "1990-04-01";
	r->holder.sex = 2;
	r->holder.card_expiry = "2036-04-01";
	r->issue_date = today;
}

const char *
it_pem(const struct issuer_cert *c, const char *name)
{
	static char path[4096];
	const unsigned char *p = c->der;
	X509 *x = d2i_X509(NULL, &p, (long)c->der_len);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.pem", it_tmp(), name);
	if (x == NULL || (f = fopen(path, "w")) == NULL)
		abort();
	PEM_write_X509(f, x);
	fclose(f);
	X509_free(x);
	return path;
}

int
it_verify(const char *pem, int crl, char **out)
{
	char *o;
	int st;

	if (crl && test_system("'%s' ca crl --state '%s' --out '%s/crl.pem' "
	    "2>/dev/null", test_prog("madoguchi"), it_state(), it_tmp()) != 0) {
		if (out != NULL)
			*out = strdup("ca crl failed");
		return -2;
	}
	o = test_output(&st, "openssl verify %s -CAfile '%s/root.pem' "
	    "-untrusted '%s/inter.pem' %s%s%s '%s' 2>&1",
	    crl ? "-crl_check_all" : "", it_tmp(), it_tmp(),
	    crl ? "-CRLfile '" : "", crl ? it_tmp() : "",
	    crl ? "/crl.pem'" : "", pem);
	if (out != NULL)
		*out = o;
	else
		free(o);
	return st;
}

int
it_verify_published(const char *pem, enum issuer_kind kind, char **out)
{
	char *crl = issuer_builtin_crl_path(it_state(), (enum issuer_ca)kind);
	char *o;
	int st;

	o = test_output(&st, "openssl verify -crl_check -CAfile '%s/root.pem' "
	    "-untrusted '%s/inter.pem' -CRLfile '%s' '%s' 2>&1", it_tmp(),
	    it_tmp(), crl, pem);
	free(crl);
	if (out != NULL)
		*out = o;
	else
		free(o);
	return st;
}

char *
it_crl_published(enum issuer_kind kind)
{
	char *crl = issuer_builtin_crl_path(it_state(), (enum issuer_ca)kind);
	char *o = test_output(NULL, "openssl crl -inform DER -in '%s' -noout "
	    "-text 2>&1", crl);

	free(crl);
	return o;
}

const char *
it_id(const char *tag)
{
	static char buf[64];
	static int n;

	snprintf(buf, sizeof(buf), "%s-%d", tag, ++n);
	return buf;
}
