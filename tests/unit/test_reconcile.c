/*
 * `madoguchi ca reconcile` as an admin runs it after a crash: besides the
 * applications left in progress and the certs brought in line with the
 * issuer, every person the counter records with two valid certs of one
 * kind is reported, one line each (the registry's record number and the
 * serials, nothing else of the person), and the command exits 1 while
 * there is any. The certs are real ones of the demo CA, held and revoked
 * with `ca hold` / `ca revoke`, so the counter agrees with the issuer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "testlib.h"

static int
person_cb(const struct store_person *p, void *arg)
{
	*(struct store_person *)arg = *p;
	return 1;
}

static void
person(struct store *st, const char *kana, struct store_person *out)
{
	struct store_person_query q = { .kana = kana };

	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, person_cb, out), 1);
}

/* A cert for p issued at the demo CA (`ca issue`) and recorded at the
 * counter as an issuance records it, then put in cert_state with `ca hold`
 * or `ca revoke` (superseded), which update the counter's record too.
 * serial gets its number. */
static void
cert(const char *dir, const struct store_person *p, const char *kind,
    const char *cert_state, char serial[48])
{
	const char *m = test_prog("madoguchi");
	char err[256], *out, *at;
	struct store_cert c;
	struct store *st;

	out = test_output(NULL, "'%s' ca issue --state '%s' --kind %s --pubkey "
	    "'%s/k.pub' --person %lld --name '%s' --address '%s' --birth %s "
	    "--sex 1 --card-expiry 2036-01-01 --out '%s/c.pem' 2>/dev/null", m,
	    dir, kind, dir, (long long)p->id, p->name, p->address, p->birth_date,
	    dir);
	at = strstr(out, "serial ");
	CU_ASSERT_FATAL(at != NULL && sscanf(at, "serial %47s", serial) == 1);
	free(out);
	memset(&c, 0, sizeof(c));
	c.person_id = p->id;
	snprintf(c.kind, sizeof(c.kind), "%s", kind);
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.state, sizeof(c.state), "valid");
	snprintf(c.not_before, sizeof(c.not_before), "2026-01-05");
	snprintf(c.not_after, sizeof(c.not_after), "2031-01-04");
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &c), 0);
	store_close(st);
	if (strcmp(cert_state, "on_hold") == 0)
		CU_ASSERT_EQUAL(test_system("'%s' ca hold --state '%s' --serial "
		    "%s >/dev/null 2>&1", m, dir, serial), 0);
	if (strcmp(cert_state, "revoked") == 0)
		CU_ASSERT_EQUAL(test_system("'%s' ca revoke --state '%s' --serial "
		    "%s --reason superseded >/dev/null 2>&1", m, dir, serial), 0);
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, serial, &c), 0);
	CU_ASSERT_STRING_EQUAL(c.state, cert_state);
	store_close(st);
}

/* The output line that names atena_no, or NULL; the caller frees. */
static char *
line_of(const char *out, const char *atena_no)
{
	const char *p = strstr(out, atena_no), *b, *e;

	if (p == NULL)
		return NULL;
	for (b = p; b > out && b[-1] != '\n'; b--)
		;
	e = strchr(p, '\n');
	return strndup(b, e != NULL ? (size_t)(e - b) : strlen(b));
}

/* These tests are about the records, not four eyes: the CLI's ca
 * revoke and hold run without a supervisor's approval. */
static void
demo_direct_ca(const char *dir)
{
	char err[256];
	struct store *st = store_open(dir, 0, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_setting_set(st, "approval.ca_override", "0"), 0);
	store_close(st);
}

/* A demo state dir in dir, with a test key dir/k.pub for `ca issue`;
 * reconcile finds nothing recorded twice there: exit 0, and it says none. */
static void
demo_init(const char *dir)
{
	const char *m = test_prog("madoguchi");
	char *out;
	int status = -1;

	CU_ASSERT_EQUAL_FATAL(test_system("%s init --demo %s >/dev/null 2>&1",
	    m, dir), 0);
	demo_direct_ca(dir);
	CU_ASSERT_EQUAL_FATAL(test_system("openssl genpkey -algorithm RSA "
	    "-pkeyopt rsa_keygen_bits:2048 -out '%s/k.key' 2>/dev/null && "
	    "openssl pkey -in '%s/k.key' -pubout -out '%s/k.pub'", dir, dir,
	    dir), 0);
	out = test_output(&status, "%s ca reconcile --state %s 2>/dev/null", m,
	    dir);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "2件以上持つ人: 0 人") :
	    NULL);
	free(out);
}

static void
test_reconcile_duplicates(void)
{
	char *dir = test_mkdtemp("reconcile"), *out, *line, err[256];
	char h[4][48], t[3][48], i[2][48], want[160];
	const char *m = test_prog("madoguchi");
	struct store_person hanako, taro, ichiro;
	struct store *st;
	int status = -1;

	demo_init(dir);
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	person(st, "マドグチハナコ", &hanako);
	person(st, "ヤマダタロウ", &taro);
	person(st, "マドグチイチロウ", &ichiro);
	store_close(st);
	/* 花子: two valid signature certs (and a revoked one), one user. */
	cert(dir, &hanako, "signature", "revoked", h[0]);
	cert(dir, &hanako, "signature", "valid", h[1]);
	cert(dir, &hanako, "signature", "valid", h[2]);
	cert(dir, &hanako, "user", "valid", h[3]);
	/* 太郎: two valid user certs, one on hold (not valid). */
	cert(dir, &taro, "user", "valid", t[0]);
	cert(dir, &taro, "user", "on_hold", t[1]);
	cert(dir, &taro, "user", "valid", t[2]);
	/* 一郎: one of each, as it should be. */
	cert(dir, &ichiro, "signature", "valid", i[0]);
	cert(dir, &ichiro, "user", "valid", i[1]);

	out = test_output(&status, "%s ca reconcile --state %s 2>/dev/null", m,
	    dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(status, 1);
	line = line_of(out, hanako.atena_no);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	snprintf(want, sizeof(want), "署名用 2 件 (番号 %s %s)", h[1], h[2]);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, want));
	CU_ASSERT_PTR_NULL(strstr(line, h[0]));
	CU_ASSERT_PTR_NULL(strstr(line, "利用者証明用"));
	/* Nothing personal but the record number. */
	CU_ASSERT_PTR_NULL(strstr(line, hanako.name));
	CU_ASSERT_PTR_NULL(strstr(line, hanako.birth_date));
	free(line);
	line = line_of(out, taro.atena_no);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	snprintf(want, sizeof(want), "利用者証明用 2 件 (番号 %s %s)", t[0], t[2]);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, want));
	free(line);
	CU_ASSERT_PTR_NULL(strstr(out, ichiro.atena_no));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2件以上持つ人: 2 人"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行途中の申請: 0 件"));
	/* The counter's records agree with the issuer's: nothing to align. */
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "合わせた電子証明書: 0 件、合わせ"
	    "られず確認が必要なもの: 0 件"));
	free(out);

	/* The older ones revoked at the issuer from the CLI, which updates
	 * the counter's records too: clean again. */
	CU_ASSERT_EQUAL(test_system("%s ca revoke --state %s --serial %s "
	    "--reason superseded >/dev/null 2>&1 && %s ca revoke --state %s "
	    "--serial %s --reason superseded >/dev/null 2>&1", m, dir, h[1], m,
	    dir, t[0]), 0);
	out = test_output(&status, "%s ca reconcile --state %s 2>/dev/null", m,
	    dir);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NULL(out != NULL ? strstr(out, "重複") : "x");
	free(out);
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo reconcile_tests[] = {
	{ "reconcile reports two valid certs of one kind, exits 1",
	  test_reconcile_duplicates },
	CU_TEST_INFO_NULL
};
TEST_SUITE(reconcile, "cli.reconcile", reconcile_tests)
