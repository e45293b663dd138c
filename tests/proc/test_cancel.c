/*
 * Cancelling pending applications (proc_app_cancel) on a real counter
 * database and the built-in CA of a state dir made by `madoguchi init
 * --demo`: the state change, the letter made void and the audit row in one
 * transaction; the certs an interrupted issuance made revoked at the CA
 * and in the counter; the reason checked; what may not be cancelled
 * refused. No card service is needed.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static int64_t ichiro, clerk_id;

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

static int
suite_init(void)
{
	struct store_person_query q = { .kana = "マドグチイチロウ" };
	struct store_clerk c;
	char err[256];

	state = test_mkdtemp("cancel");
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0)
		return 1;
	if (proc_test_direct(state) != 0 ||
	    (st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    store_person_search(st, &q, person_cb, &ichiro) != 1 ||
	    store_clerk_by_login(st, "demo", &c) != 0)
		return 1;
	clerk_id = c.id;
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = "demo";
	if ((pc.iss = issuer_builtin_open(state, err, sizeof(err))) == NULL) {
		fprintf(stderr, "issuer: %s\n", err);
		return 1;
	}
	return 0;
}

static int
suite_clean(void)
{
	if (pc.iss != NULL)
		issuer_close(pc.iss);
	store_close(st);
	test_rmtree(state);
	free(state);
	return 0;
}

/* An issuance application of 窓口 一郎 saved in app_state. */
static int64_t
new_app(const char *app_state, struct store_app *out)
{
	struct store_app *a = calloc(1, sizeof(*a));
	int64_t id;

	a->person_id = ichiro;
	strcpy(a->procedure, "issue");
	strcpy(a->register_, "resident");
	strcpy(a->form, "様式第1号");
	strcpy(a->window, "citizens");
	strcpy(a->filer, "self");
	strcpy(a->case_json, "{}");
	strcpy(a->decision, "accept");
	strcpy(a->rules, "R2.1 R2.4");
	strcpy(a->pin_set_by, "applicant");
	strcpy(a->issue_certs, "signature user");
	strcpy(a->state, app_state);
	a->clerk_id = clerk_id;
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, a), 0);
	id = a->id;
	if (out != NULL)
		*out = *a;
	free(a);
	return id;
}

static void
app_state_is(int64_t id, const char *want)
{
	struct store_app *a = calloc(1, sizeof(*a));

	CU_ASSERT_EQUAL(store_app_get(st, id, a), 0);
	if (strcmp(a->state, want) != 0) {
		fprintf(stderr, "application %lld: %s, wanted %s\n",
		    (long long)id, a->state, want);
		CU_FAIL("application state");
	}
	free(a);
}

/* The last audit row of kind for object: its detail into buf; 0 if
 * there is one. */
static int
audit_last(const char *kind, const char *object, char *buf, size_t size)
{
	char *out, *cmd;
	int status = -1;

	cmd = sqlite3_mprintf("SELECT detail FROM audit_events WHERE kind = %Q "
	    "AND object = %Q ORDER BY id DESC LIMIT 1", kind, object);
	out = test_output(&status, "sqlite3 %s/%s \"%s\"", state, STATE_DB,
	    cmd);
	sqlite3_free(cmd);
	buf[0] = '\0';
	if (out != NULL)
		snprintf(buf, size, "%s", out);
	free(out);
	return status == 0 && buf[0] != '\0' ? 0 : 1;
}

/* SQL run on the database file behind the store's back. */
static void
db_exec(const char *sql)
{
	char path[1024];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", state, STATE_DB);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
test_cancel_accepted(void)
{
	struct store_app a;
	char msg[512], detail[1024];
	int64_t bad = 0;

	new_app("accepted", &a);
	CU_ASSERT_EQUAL_FATAL(proc_app_cancel(&pc, a.id, "本人の申出により取下げ",
	    msg, sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "取り消しました"));
	app_state_is(a.id, "cancelled");
	CU_ASSERT_EQUAL(audit_last("application.cancel", a.request_id, detail,
	    sizeof(detail)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, "from=accepted"));
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, "reason=本人の申出により取下げ"));
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	/* Once cancelled it is not cancelled again. */
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, a.id, "二度目", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "取り消せません"));
}

/* The letter of an application waiting for its reply becomes void: the
 * reply can no longer be taken. */
static void
test_cancel_waiting_reply(void)
{
	struct store_app a, *got = calloc(1, sizeof(*got));
	struct store_letter l;
	char msg[512], detail[1024];

	new_app("waiting_reply", &a);
	CU_ASSERT_EQUAL_FATAL(store_letter_create(st, a.id, "様式第2号", &l), 0);
	CU_ASSERT_EQUAL_FATAL(store_letter_set_state(st, l.ref_no, "sent"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_app_cancel(&pc, a.id, "転出のため",
	    msg, sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, l.ref_no));
	app_state_is(a.id, "cancelled");
	CU_ASSERT_EQUAL(store_letter_by_ref(st, l.ref_no, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "void");
	CU_ASSERT_EQUAL(audit_last("application.cancel", a.request_id, detail,
	    sizeof(detail)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, "from=waiting_reply"));
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, l.ref_no));
	CU_ASSERT_EQUAL(proc_app_reply_returned(&pc, l.ref_no, got, msg,
	    sizeof(msg)), -1);
	free(got);
}

/* Reasons refused before anything changes, and states that cannot be
 * cancelled. */
static void
test_cancel_refused(void)
{
	static const char *const bad[] = {
		"", "   ", "\xe3\x80\x80",		/* blank, full-width space */
		"取下げ\x07", "取下げ\n申出", "\t", "\x1b[31m",	/* controls */
		"\xc2\x85", "取下げ\xe2\x80\xae", "\xe2\x80\xa8",	/* C1, bidi, LS */
		"\xff\xfe", "\xe3\x81", "\xc0\xaf",	/* not UTF-8 */
	};
	char msg[512], reason[512];
	size_t i;
	int64_t id = new_app("accepted", NULL);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg[0] = '\0';
		if (proc_app_cancel(&pc, id, bad[i], msg, sizeof(msg)) != -1) {
			fprintf(stderr, "reason %zu taken\n", i);
			CU_FAIL("a bad reason was taken");
		}
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "理由"));
	}
	/* 100 characters are taken, 101 are not. */
	reason[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(reason, "申");
	CU_ASSERT_EQUAL(proc_cancel_reason_check(reason, msg, sizeof(msg)), 0);
	strcat(reason, "出");
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, id, reason, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "100 文字以内"));
	app_state_is(id, "accepted");
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, new_app("done", NULL), "取下げ", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "受付済み・処理中・回答書待ち"));
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, new_app("rejected", NULL), "取下げ",
	    msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, 999999, "取下げ", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "見つかりません"));
}

/* The audit row is part of the cancellation: when it cannot be written,
 * the application stays as it was and its letter stays usable. */
static void
test_cancel_audit_same_tx(void)
{
	struct store_app a;
	struct store_letter l;
	char msg[512], detail[1024];

	new_app("waiting_reply", &a);
	CU_ASSERT_EQUAL_FATAL(store_letter_create(st, a.id, "様式第2号", &l), 0);
	db_exec("CREATE TRIGGER no_cancel_audit BEFORE INSERT ON audit_events "
	    "WHEN NEW.kind = 'application.cancel' BEGIN "
	    "SELECT RAISE(ABORT, 'audit refused'); END");
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, a.id, "取下げ", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "データベース"));
	app_state_is(a.id, "waiting_reply");
	CU_ASSERT_EQUAL(store_letter_by_ref(st, l.ref_no, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "created");
	CU_ASSERT_EQUAL(audit_last("application.cancel", a.request_id, detail,
	    sizeof(detail)), 1);
	db_exec("DROP TRIGGER no_cancel_audit");
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, a.id, "取下げ", msg, sizeof(msg)),
	    0);
	app_state_is(a.id, "cancelled");
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

/* A cert of kind for the application issued by the CA as proc_issue asks
 * for it (request id <app>.<kind>.1) for a fresh key; its serial into
 * serial. */
static void
ca_issue(const struct store_app *a, const char *kind, char serial[80])
{
	struct issuer_issue_req req = { 0 };
	struct issuer_cert *cert = NULL;
	EVP_PKEY *key = EVP_RSA_gen(2048);
	unsigned char *spki = NULL;
	char rid[ISSUER_ID_MAX], person_key[24];
	int len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(key);
	len = i2d_PUBKEY(key, &spki);
	CU_ASSERT_TRUE_FATAL(len > 0);
	snprintf(rid, sizeof(rid), "%s.%s.1", a->request_id, kind);
	snprintf(person_key, sizeof(person_key), "%lld", (long long)ichiro);
	req.request_id = rid;
	CU_ASSERT_EQUAL(issuer_kind_parse(kind, &req.kind), 0);
	req.spki = spki;
	req.spki_len = (size_t)len;
	req.holder.person_key = person_key;
	req.holder.name = "窓口 一郎";
	req.holder.address = "大阪府豊中市中桜塚3丁目1番1号";
	req.holder.birth_date = "1984-07-19";
	req.holder.sex = 1;
	req.holder.card_expiry = "2034-07-19";
	CU_ASSERT_EQUAL_FATAL(issuer_issue(pc.iss, &req, &cert), ISSUER_OK);
	snprintf(serial, 80, "%s", cert->serial);
	issuer_cert_free(cert);
	OPENSSL_free(spki);
	EVP_PKEY_free(key);
}

static void
step_put(int64_t app_id, const char *kind, const char *step,
    const char *serial)
{
	struct store_step s;

	memset(&s, 0, sizeof(s));
	s.application_id = app_id;
	snprintf(s.kind, sizeof(s.kind), "%s", kind);
	s.attempt = 1;
	snprintf(s.step, sizeof(s.step), "%s", step);
	snprintf(s.serial, sizeof(s.serial), "%s", serial);
	CU_ASSERT_EQUAL_FATAL(store_step_put(st, &s), 0);
}

static void
cert_put(int64_t app_id, const char *kind, const char *serial)
{
	struct store_cert c;

	memset(&c, 0, sizeof(c));
	c.person_id = ichiro;
	snprintf(c.kind, sizeof(c.kind), "%s", kind);
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.state, sizeof(c.state), "valid");
	snprintf(c.not_before, sizeof(c.not_before), "2026-11-25");
	snprintf(c.not_after, sizeof(c.not_after), "2031-07-19");
	c.application_id = app_id;
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &c), 0);
}

static void
ca_state_is(const char *serial, enum issuer_state want)
{
	struct issuer_cert *cert = NULL;

	CU_ASSERT_EQUAL_FATAL(issuer_status_get(pc.iss, serial, NULL, &cert),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(cert->state, want);
	if (want == ISSUER_STATE_REVOKED)
		CU_ASSERT_EQUAL(cert->reason,
		    ISSUER_REASON_CESSATION_OF_OPERATION);
	issuer_cert_free(cert);
}

/*
 * An issuance interrupted after the CA made both certs: the user cert
 * recorded (written to the card), the signature cert's answer lost in a
 * crash (its step still key_made, no row). Cancelling revokes both at the
 * CA and in the counter; a valid cert of an earlier application is left
 * alone.
 */
static void
test_cancel_in_progress(void)
{
	struct store_app a, old;
	struct store_cert c;
	char user[80], sig[80], msg[1024], detail[1024];

	new_app("done", &old);
	cert_put(old.id, "user", "OLD0001");
	new_app("accepted", &a);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(st, a.id, "accepted",
	    "in_progress"), 0);
	strcpy(a.state, "in_progress");
	ca_issue(&a, "user", user);
	step_put(a.id, "user", "written", user);
	cert_put(a.id, "user", user);
	ca_issue(&a, "signature", sig);
	step_put(a.id, "signature", "key_made", "");
	CU_ASSERT_EQUAL(store_cert_by_serial(st, sig, &c), 1);

	CU_ASSERT_EQUAL_FATAL(proc_app_cancel(&pc, a.id, "カード不良のため",
	    msg, sizeof(msg)), 0);
	app_state_is(a.id, "cancelled");
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, user));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, sig));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "カードの鍵は作り直されています"));
	ca_state_is(user, ISSUER_STATE_REVOKED);
	ca_state_is(sig, ISSUER_STATE_REVOKED);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, user, &c), 0);
	CU_ASSERT_STRING_EQUAL(c.state, "revoked");
	CU_ASSERT_STRING_EQUAL(c.revoked_reason, "cessationOfOperation");
	CU_ASSERT_EQUAL(store_cert_by_serial(st, sig, &c), 0);
	CU_ASSERT_STRING_EQUAL(c.state, "revoked");
	CU_ASSERT_EQUAL(c.application_id, a.id);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, "OLD0001", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.state, "valid");
	CU_ASSERT_EQUAL(audit_last("application.cancel", a.request_id, detail,
	    sizeof(detail)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, "from=in_progress"));
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, user));
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, sig));
	CU_ASSERT_EQUAL(audit_last("cert.revoke", user, detail, sizeof(detail)),
	    0);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

/* Without the CA an issuance under way is not cancelled (its certs could
 * not be revoked); one that never reached the card or the CA is. */
static void
test_cancel_in_progress_no_issuer(void)
{
	struct proc_ctx bare = { .st = st, .actor = "demo" };
	char msg[512];
	int64_t id;

	id = new_app("accepted", NULL);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(st, id, "accepted",
	    "in_progress"), 0);
	step_put(id, "user", "key_made", "");
	CU_ASSERT_EQUAL(proc_app_cancel(&bare, id, "取下げ", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "発行機関 (madoguchi-issuerd) に接続できない"));
	app_state_is(id, "in_progress");
	/* With the CA: nothing was issued for it, so nothing to revoke. */
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, id, "取下げ", msg, sizeof(msg)), 0);
	app_state_is(id, "cancelled");
	id = new_app("accepted", NULL);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(st, id, "accepted",
	    "in_progress"), 0);
	CU_ASSERT_EQUAL(proc_app_cancel(&bare, id, "取下げ", msg, sizeof(msg)),
	    0);
	app_state_is(id, "cancelled");
}

static CU_TestInfo cancel_tests[] = {
	{ "an accepted application is cancelled, audited with its reason",
	  test_cancel_accepted },
	{ "a waiting one is cancelled and its letter made void",
	  test_cancel_waiting_reply },
	{ "bad reasons and finished applications refused", test_cancel_refused },
	{ "no audit row, no cancellation", test_cancel_audit_same_tx },
	{ "an interrupted issuance: its certs revoked at the CA and here",
	  test_cancel_in_progress },
	{ "without the CA an issuance under way is not cancelled",
	  test_cancel_in_progress_no_issuer },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_cancel, "proc.cancel", suite_init, suite_clean,
    cancel_tests)
