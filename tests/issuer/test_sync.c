/*
 * One truth between the issuer and the counter: a revoke or hold made at
 * the built-in CA from `madoguchi ca revoke|hold` shows at once on the
 * person's record in the counter database, and `madoguchi ca reconcile`
 * brings every cert the counter records in line with the issuer after a
 * change made at the issuer alone. One demo state dir (counter database
 * and CA, `madoguchi init --demo`) per program; certs are issued with the
 * it.h helpers and recorded as an issuance records them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "madoguchi/issuer.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "it.h"

static char *sync_dir;

static void
sync_cleanup(void)
{
	test_rmtree(sync_dir);
	free(sync_dir);
}

/* The demo state dir (made on first use). */
static const char *
sync_state(void)
{
	struct store *st;
	char err[256];

	if (sync_dir != NULL)
		return sync_dir;
	sync_dir = test_mkdtemp("sync");
	if (test_system("'%s' init --demo '%s' >/dev/null 2>&1",
	    test_prog("madoguchi"), sync_dir) != 0)
		abort();
	atexit(sync_cleanup);
	/* About the records, not four eyes: ca revoke and hold run without
	 * a supervisor's approval here. */
	st = store_open(sync_dir, 0, err, sizeof(err));
	if (st == NULL || store_setting_set(st, "approval.ca_override", "0") != 0)
		abort();
	store_close(st);
	return sync_dir;
}

static struct store *
sync_store(void)
{
	char err[256];
	struct store *st = store_open(sync_state(), 0, err, sizeof(err));

	if (st == NULL) {
		fprintf(stderr, "sync_store: %s\n", err);
		abort();
	}
	return st;
}

static struct issuer *
sync_issuer(void)
{
	char why[512];
	struct issuer *iss = issuer_builtin_open(sync_state(), why, sizeof(why));

	if (iss == NULL) {
		fprintf(stderr, "sync_issuer: %s\n", why);
		abort();
	}
	return iss;
}

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/* The registry id of the demo person with this kana name. */
static int64_t
person_id(const char *kana)
{
	struct store *st = sync_store();
	struct store_person_query q = { .kana = kana };
	int64_t id = 0;

	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, person_cb, &id), 1);
	store_close(st);
	return id;
}

/* Issue a cert for person at the CA and record it at the counter, as an
 * issuance does; serial gets its number. */
static void
issue_recorded(enum issuer_kind kind, int64_t person, const char *tag,
    char serial[ISSUER_SERIAL_MAX])
{
	struct issuer *iss = sync_issuer();
	struct store *st = sync_store();
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;
	struct store_cert sc;
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)person);
	it_req(&r, kind, it_id(tag));
	r.holder.person_key = key;
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	memset(&sc, 0, sizeof(sc));
	sc.person_id = person;
	strlcpy_m(sc.kind, issuer_kind_name(kind), sizeof(sc.kind));
	strlcpy_m(sc.serial, c->serial, sizeof(sc.serial));
	strlcpy_m(sc.state, "valid", sizeof(sc.state));
	strlcpy_m(sc.not_before, c->not_before, sizeof(sc.not_before));
	strlcpy_m(sc.not_after, c->not_after, sizeof(sc.not_after));
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &sc), 0);
	strlcpy_m(serial, c->serial, ISSUER_SERIAL_MAX);
	issuer_cert_free(c);
	store_close(st);
	issuer_close(iss);
}

/* 1 if the counter records serial in state with reason ("" for none). */
static int
store_says(const char *serial, const char *state, const char *reason)
{
	struct store *st = sync_store();
	struct store_cert c;
	int ok = store_cert_by_serial(st, serial, &c) == 0 &&
	    strcmp(c.state, state) == 0 && strcmp(c.revoked_reason, reason) == 0;

	if (!ok)
		fprintf(stderr, "store_says: %s is %s (%s), not %s (%s)\n",
		    serial, c.state, c.revoked_reason, state, reason);
	store_close(st);
	return ok;
}

/* Audit rows of the counter's cert.sync for serial. */
static long
sync_audits(const char *serial)
{
	char *out = test_output(NULL, "sqlite3 '%s/%s' \"SELECT count(*) FROM "
	    "audit_events WHERE kind = 'cert.sync' AND object = '%s'\"",
	    sync_state(), STATE_DB, serial);
	long n = strtol(out, NULL, 10);

	free(out);
	return n;
}

/* Run `madoguchi ca ARGS --state DIR`, stdout and stderr together. */
static char *
ca_run(int *status, const char *args)
{
	return test_output(status, "MADOGUCHI_CLERK=admin1 '%s' ca %s --state "
	    "'%s' 2>&1", test_prog("madoguchi"), args, sync_state());
}

static void
test_cli_revoke_hold(void)
{
	int64_t hanako = person_id("マドグチハナコ");
	char a[ISSUER_SERIAL_MAX], b[ISSUER_SERIAL_MAX], args[256], *out;
	int st;

	issue_recorded(ISSUER_KIND_USER, hanako, "cli-a", a);
	snprintf(args, sizeof(args), "revoke --serial %s --reason keyCompromise "
	    "--request sync-rv-a", a);
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "state revoked"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "窓口の記録を 有効 から 失効 "
	    "(keyCompromise) にしました"));
	free(out);
	CU_ASSERT(store_says(a, "revoked", "keyCompromise"));
	CU_ASSERT_EQUAL(sync_audits(a), 1);
	/* The same request again: nothing more changes, and it says so. */
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行機関と同じ 失効 (keyCompromise)"));
	free(out);
	CU_ASSERT(store_says(a, "revoked", "keyCompromise"));
	CU_ASSERT_EQUAL(sync_audits(a), 1);

	/* Hold (R5.1), release refused, revoke from hold (R5.2). */
	issue_recorded(ISSUER_KIND_SIGNATURE, hanako, "cli-b", b);
	snprintf(args, sizeof(args), "hold --serial %s", b);
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "一時保留 (certificateHold)"));
	free(out);
	CU_ASSERT(store_says(b, "on_hold", "certificateHold"));
	snprintf(args, sizeof(args), "release --serial %s", b);
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "一時保留の解除はできません"));
	free(out);
	CU_ASSERT(store_says(b, "on_hold", "certificateHold"));
	snprintf(args, sizeof(args), "revoke --serial %s --reason "
	    "cessationOfOperation", b);
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 0);
	free(out);
	CU_ASSERT(store_says(b, "revoked", "cessationOfOperation"));
	CU_ASSERT_EQUAL(sync_audits(b), 2);
}

/* A cert the counter never recorded: the issuer's change stands, and the
 * command says the counter has no record of it. */
static void
test_cli_unrecorded(void)
{
	struct issuer *iss = sync_issuer();
	struct issuer_issue_req r;
	struct issuer_cert *c = NULL;
	char args[256], *out;
	int st;

	it_req(&r, ISSUER_KIND_USER, it_id("unrec"));
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &r, &c), ISSUER_OK);
	issuer_close(iss);
	snprintf(args, sizeof(args), "revoke --serial %s --reason superseded",
	    c->serial);
	out = ca_run(&st, args);
	CU_ASSERT_EQUAL(st, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "state revoked"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "窓口の記録にはありません"));
	free(out);
	issuer_cert_free(c);
}

/* Changes made at the issuer alone, then `ca reconcile`: each brought in
 * line with one line; a second run changes nothing. */
static void
test_reconcile_follows_issuer(void)
{
	int64_t taro = person_id("ヤマダタロウ");
	char c[ISSUER_SERIAL_MAX], d[ISSUER_SERIAL_MAX], e[ISSUER_SERIAL_MAX];
	struct issuer *iss;
	struct store *st;
	char *out;
	int status;

	issue_recorded(ISSUER_KIND_USER, taro, "rec-c", c);
	issue_recorded(ISSUER_KIND_USER, taro, "rec-d", d);
	issue_recorded(ISSUER_KIND_SIGNATURE, taro, "rec-e", e);
	iss = sync_issuer();
	CU_ASSERT_EQUAL(issuer_revoke(iss, it_id("rec-rv"), c,
	    ISSUER_REASON_KEY_COMPROMISE, NULL, NULL), ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_hold(iss, it_id("rec-hold"), d, NULL, NULL),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(issuer_revoke(iss, it_id("rec-rv"), e,
	    ISSUER_REASON_PRIVILEGE_WITHDRAWN, NULL, NULL), ISSUER_OK);
	issuer_close(iss);
	/* e: the counter recorded it revoked for another reason. */
	st = sync_store();
	CU_ASSERT_EQUAL(store_cert_set_state(st, e, "revoked", "superseded"), 0);
	store_close(st);
	CU_ASSERT(store_says(c, "valid", ""));

	out = ca_run(&status, "reconcile");
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(store_says(c, "revoked", "keyCompromise"));
	CU_ASSERT(store_says(d, "on_hold", "certificateHold"));
	CU_ASSERT(store_says(e, "revoked", "privilegeWithdrawn"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "から 失効 (keyCompromise) にしました"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "から 一時保留 (certificateHold) に"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "失効 (superseded) から 失効 "
	    "(privilegeWithdrawn) に"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行機関に合わせた電子証明書: 3 件"));
	free(out);
	CU_ASSERT_EQUAL(sync_audits(c), 1);
	/* Idempotent: in line already, nothing is said or changed. */
	out = ca_run(&status, "reconcile");
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NULL(strstr(out, "にしました"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行機関に合わせた電子証明書: 0 件、"
	    "合わせられず確認が必要なもの: 0 件"));
	free(out);
	CU_ASSERT_EQUAL(sync_audits(c), 1);
}

/* What the counter's records cannot do is left for an admin, said, and
 * makes reconcile exit 1: revoked at the counter but valid at the issuer,
 * or a cert the issuer does not know. Past the last day, a valid cert
 * becomes expired at the counter; a held one stays on hold. */
static void
test_reconcile_conflicts_expiry(void)
{
	int64_t ichiro = person_id("マドグチイチロウ");
	char f[ISSUER_SERIAL_MAX], g[ISSUER_SERIAL_MAX], h[ISSUER_SERIAL_MAX];
	struct issuer *iss;
	struct store *st;
	struct store_cert ghost;
	char *out;
	int status;

	issue_recorded(ISSUER_KIND_USER, ichiro, "cf-f", f);
	issue_recorded(ISSUER_KIND_SIGNATURE, ichiro, "cf-g", g);
	issue_recorded(ISSUER_KIND_USER, ichiro, "cf-h", h);
	iss = sync_issuer();
	CU_ASSERT_EQUAL(issuer_hold(iss, it_id("cf-hold"), h, NULL, NULL),
	    ISSUER_OK);
	issuer_close(iss);
	st = sync_store();
	CU_ASSERT_EQUAL(store_cert_set_state(st, f, "revoked", "superseded"), 0);
	CU_ASSERT_EQUAL(store_cert_set_state(st, h, "on_hold",
	    "certificateHold"), 0);
	memset(&ghost, 0, sizeof(ghost));
	ghost.person_id = ichiro;
	strlcpy_m(ghost.kind, "user", sizeof(ghost.kind));
	strlcpy_m(ghost.serial, "7E57", sizeof(ghost.serial));
	strlcpy_m(ghost.not_before, "2026-01-05", sizeof(ghost.not_before));
	strlcpy_m(ghost.not_after, "2031-01-04", sizeof(ghost.not_after));
	CU_ASSERT_EQUAL(store_cert_record(st, &ghost), 0);
	store_close(st);

	out = ca_run(&status, "reconcile");
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "窓口の記録は 失効 (superseded)、"
	    "発行機関では 有効 です"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "電子証明書 7E57: 発行機関に記録が"
	    "ありません"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "確認が必要なもの: 2 件"));
	free(out);
	CU_ASSERT(store_says(f, "revoked", "superseded"));
	CU_ASSERT(store_says("7E57", "valid", ""));

	/* Years later (the issuer's view honours MADOGUCHI_TODAY). */
	out = test_output(&status, "MADOGUCHI_TODAY=2099-01-01 '%s' ca reconcile "
	    "--state '%s' 2>&1", test_prog("madoguchi"), sync_state());
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "から 有効期限切れ にしました"));
	free(out);
	CU_ASSERT(store_says(g, "expired", ""));
	CU_ASSERT(store_says(h, "on_hold", "certificateHold"));
}

static CU_TestInfo sync_tests[] = {
	{ "ca revoke/hold update the counter's record", test_cli_revoke_hold },
	{ "ca revoke of a cert the counter never recorded", test_cli_unrecorded },
	{ "ca reconcile follows changes made at the issuer",
	  test_reconcile_follows_issuer },
	{ "ca reconcile: conflicts left and said; expiry",
	  test_reconcile_conflicts_expiry },
	CU_TEST_INFO_NULL
};
TEST_SUITE(issuer_sync, "issuer.sync", sync_tests)
