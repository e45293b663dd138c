/*
 * `madoguchi ca reconcile` as an admin runs it after a crash: besides the
 * applications left in progress, every person the counter records with
 * two valid certs of one kind is reported, one line each (the registry's
 * record number and the serials, nothing else of the person), and the
 * command exits 1 while there is any.
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

static void
cert(struct store *st, const struct store_person *p, const char *kind,
    const char *serial, const char *cert_state)
{
	struct store_cert c;

	memset(&c, 0, sizeof(c));
	c.person_id = p->id;
	snprintf(c.kind, sizeof(c.kind), "%s", kind);
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.state, sizeof(c.state), "%s", cert_state);
	snprintf(c.not_before, sizeof(c.not_before), "2026-01-05");
	snprintf(c.not_after, sizeof(c.not_after), "2031-01-04");
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &c), 0);
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

static void
test_reconcile_duplicates(void)
{
	char *dir = test_mkdtemp("reconcile"), *out, *line, err[256];
	const char *m = test_prog("madoguchi");
	struct store_person hanako, taro, ichiro;
	struct store *st;
	int status = -1;

	CU_ASSERT_EQUAL_FATAL(test_system("%s init --demo %s >/dev/null 2>&1",
	    m, dir), 0);
	/* Nothing recorded twice: exit 0, and it says none. */
	out = test_output(&status, "%s ca reconcile --state %s 2>/dev/null", m,
	    dir);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "2件以上持つ人: 0 人") :
	    NULL);
	free(out);

	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	person(st, "マドグチハナコ", &hanako);
	person(st, "ヤマダタロウ", &taro);
	person(st, "マドグチイチロウ", &ichiro);
	/* 花子: two valid signature certs (and a revoked one), one user. */
	cert(st, &hanako, "signature", "5A01", "revoked");
	cert(st, &hanako, "signature", "5A02", "valid");
	cert(st, &hanako, "signature", "5A03", "valid");
	cert(st, &hanako, "user", "5B01", "valid");
	/* 太郎: two valid user certs, one on hold (not valid). */
	cert(st, &taro, "user", "6B01", "valid");
	cert(st, &taro, "user", "6B02", "on_hold");
	cert(st, &taro, "user", "6B03", "valid");
	/* 一郎: one of each, as it should be. */
	cert(st, &ichiro, "signature", "7A01", "valid");
	cert(st, &ichiro, "user", "7B01", "valid");
	store_close(st);

	out = test_output(&status, "%s ca reconcile --state %s 2>/dev/null", m,
	    dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(status, 1);
	line = line_of(out, hanako.atena_no);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "署名用 2 件 (番号 5A02 5A03)"));
	CU_ASSERT_PTR_NULL(strstr(line, "5A01"));
	CU_ASSERT_PTR_NULL(strstr(line, "利用者証明用"));
	/* Nothing personal but the record number. */
	CU_ASSERT_PTR_NULL(strstr(line, hanako.name));
	CU_ASSERT_PTR_NULL(strstr(line, hanako.birth_date));
	free(line);
	line = line_of(out, taro.atena_no);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "利用者証明用 2 件 (番号 6B01 6B03)"));
	free(line);
	CU_ASSERT_PTR_NULL(strstr(out, ichiro.atena_no));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "2件以上持つ人: 2 人"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行途中の申請: 0 件"));
	free(out);

	/* The older ones revoked: clean again. */
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_cert_set_state(st, "5A02", "revoked",
	    "superseded"), 0);
	CU_ASSERT_EQUAL(store_cert_set_state(st, "6B01", "revoked",
	    "superseded"), 0);
	store_close(st);
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
