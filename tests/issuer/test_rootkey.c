/*
 * The root key at rest and offline: `ca init --passphrase-file` seals it
 * (PKCS#8, scrypt) and leaves the issuing CAs' keys clear; issuerd runs
 * without it (sealed or moved away) and still issues and revokes; the
 * root CRL is renewed only by `ca crl --root-key` with the key back and
 * its passphrase (openssl checks the new CRL's signature); a backup
 * carries the sealed key as it is and gives it back as it was.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testlib.h"
#include "madoguchi/util.h"
#include "it.h"

static char *dir;	/* a CA of its own: DIR/s, passphrase in DIR/pass */

static int
rk_init(void)
{
	dir = test_mkdtemp("rootkey");
	return test_system("echo 'offline root 42' > '%s/pass' && echo wrong > "
	    "'%s/bad' && '%s' ca init --state '%s/s' --passphrase-file "
	    "'%s/pass' >/dev/null 2>&1", dir, dir, test_prog("madoguchi"), dir,
	    dir) == 0 ? 0 : 1;
}

static int
rk_clean(void)
{
	test_rmtree(dir);
	free(dir);
	return 0;
}

static char *
rk_state(void)
{
	static char s[2048];

	snprintf(s, sizeof(s), "%s/s", dir);
	return s;
}

/* Sealed: the root's key file is encrypted PKCS#8 with scrypt; the
 * issuing CAs' are clear; the key opens with its passphrase only. */
static void
test_sealed_at_rest(void)
{
	char *o = test_output(NULL, "head -1 '%s/ca/root.key'; head -1 "
	    "'%s/ca/signature.key'", rk_state(), rk_state());
	char why[512];
	struct issuer *iss;

	CU_ASSERT(strstr(o, "BEGIN ENCRYPTED PRIVATE KEY") != NULL);
	CU_ASSERT(strstr(o, "BEGIN PRIVATE KEY") != NULL);
	free(o);
	o = test_output(NULL, "openssl asn1parse -in '%s/ca/root.key' 2>&1",
	    rk_state());
	CU_ASSERT(strstr(o, "id-scrypt") != NULL || strstr(o, "scrypt") !=
	    NULL);
	free(o);
	CU_ASSERT_PTR_NULL(issuer_builtin_open_root(rk_state(), "wrong", why,
	    sizeof(why)));
	CU_ASSERT(strstr(why, "passphrase") != NULL);
	iss = issuer_builtin_open_root(rk_state(), "offline root 42", why,
	    sizeof(why));
	CU_ASSERT_PTR_NOT_NULL(iss);
	if (iss != NULL)
		issuer_close(iss);
	/* The plain open (the admin's other verbs) works without it. */
	iss = issuer_builtin_open(rk_state(), why, sizeof(why));
	CU_ASSERT_PTR_NOT_NULL(iss);
	if (iss != NULL)
		issuer_close(iss);
}

static int
rk_up_cb(void *arg)
{
	char why[256];
	struct issuer *iss = issuer_client_open(arg, why, sizeof(why));

	if (iss == NULL)
		return 0;
	issuer_close(iss);
	return 1;
}

/* Offline: root.key moved away; issuerd issues and revokes, serves the
 * last root CRL; `ca crl --root-key` says the key is missing; with the
 * key back and the wrong passphrase it refuses; with the right one it
 * signs root CRL number 2, which openssl verifies with the root cert. */
static void
test_offline_root(void)
{
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;
	struct issuer *iss;
	unsigned char *der = NULL;
	size_t len = 0;
	char *o;
	pid_t pid;
	int st;

	CU_ASSERT_EQUAL_FATAL(test_system("mv '%s/ca/root.key' '%s/root.key."
	    "offline'", rk_state(), dir), 0);
	if ((pid = fork()) == 0) {
		char logf[4096];
		snprintf(logf, sizeof(logf), "%s/issuerd.log", dir);
		execl(test_prog("madoguchi-issuerd"), "madoguchi-issuerd",
		    "--state", rk_state(), "--log", logf, (char *)NULL);
		_exit(127);
	}
	CU_ASSERT_FATAL(test_wait(rk_up_cb, rk_state(), 10000));
	iss = issuer_client_open(rk_state(), (char[256]){ 0 }, 256);
	CU_ASSERT_PTR_NOT_NULL_FATAL(iss);
	it_req(&r, ISSUER_KIND_SIGNATURE, it_id("rk-sig"));
	CU_ASSERT_EQUAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	if (c != NULL) {
		CU_ASSERT_EQUAL(issuer_revoke(iss, it_id("rk-rev"), c->serial,
		    ISSUER_REASON_SUPERSEDED, NULL, NULL), ISSUER_OK);
		issuer_cert_free(c);
	}
	CU_ASSERT_EQUAL(issuer_crl(iss, ISSUER_CA_ROOT, &der, &len), ISSUER_OK);
	CU_ASSERT(len > 0);
	free(der);
	issuer_close(iss);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);

	o = test_output(&st, "'%s' ca crl --state '%s' --root-key --kind root "
	    "--out '%s/root.crl' --passphrase-file '%s/pass' 2>&1",
	    test_prog("madoguchi"), rk_state(), dir, dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT(strstr(o, "ルート鍵") != NULL && strstr(o, "ありません") !=
	    NULL);
	free(o);
	CU_ASSERT_EQUAL_FATAL(test_system("mv '%s/root.key.offline' "
	    "'%s/ca/root.key'", dir, rk_state()), 0);
	o = test_output(&st, "'%s' ca crl --state '%s' --root-key --kind root "
	    "--out '%s/root.crl' --passphrase-file '%s/bad' 2>&1",
	    test_prog("madoguchi"), rk_state(), dir, dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT(strstr(o, "パスフレーズ") != NULL);
	free(o);
	o = test_output(&st, "'%s' ca crl --state '%s' --root-key --kind root "
	    "--out '%s/root.crl' --passphrase-file '%s/pass' 2>&1 && openssl "
	    "crl -in '%s/root.crl' -CAfile '%s/ca/root.pem' -noout -text 2>&1",
	    test_prog("madoguchi"), rk_state(), dir, dir, dir, rk_state());
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT(strstr(o, "署名しました") != NULL);
	CU_ASSERT(strstr(o, "verify OK") != NULL);
	free(o);
	/* and the published file is that CRL */
	CU_ASSERT_EQUAL(test_system("openssl crl -inform DER -in "
	    "'%s/ca/crl/root.crl' -noout -crlnumber | grep -q '=0x0*2$'",
	    rk_state()), 0);
}

/* A backup's seal of the sealed root key is the key as it was, and the
 * unseal gives those bytes back; a clear key is sealed as before. */
static void
test_backup_copy(void)
{
	char in[4096], out[4096], out2[4096], err[256], *clear, *orig;
	size_t len = 0;

	snprintf(in, sizeof(in), "%s/ca/root.key", rk_state());
	snprintf(out, sizeof(out), "%s/root.key.bk", dir);
	snprintf(out2, sizeof(out2), "%s/sig.key.bk", dir);
	CU_ASSERT_EQUAL_FATAL(issuer_key_seal(in, out, "backup pass", err,
	    sizeof(err)), 0);
	clear = issuer_key_unseal(out, "backup pass", &len, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(clear);
	orig = test_output(NULL, "cat '%s'", in);
	CU_ASSERT(len == strlen(orig) && memcmp(clear, orig, len) == 0);
	free(orig);
	secure_wipe(clear, len);
	free(clear);
	snprintf(in, sizeof(in), "%s/ca/signature.key", rk_state());
	CU_ASSERT_EQUAL(issuer_key_seal(in, out2, "backup pass", err,
	    sizeof(err)), 0);
	CU_ASSERT_EQUAL(test_system("head -1 '%s' | grep -q 'BEGIN ENCRYPTED'",
	    out2), 0);
	CU_ASSERT_PTR_NULL(issuer_key_unseal(out2, "nope", &len, err,
	    sizeof(err)));
}

static CU_TestInfo rootkey_tests[] = {
	{ "ca init seals the root key only", test_sealed_at_rest },
	{ "offline root: issuerd works, ca crl --root-key renews",
	    test_offline_root },
	{ "a backup carries the sealed root key as it is", test_backup_copy },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(rootkey, "issuer.rootkey", rk_init, rk_clean, rootkey_tests)
