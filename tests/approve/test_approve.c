/*
 * Four eyes (issue 13) below the screens, on a counter database and the
 * built-in CA of a state dir made by `madoguchi init --demo`: for each
 * action the settings hold by default (a cancel, a letter voided, a role
 * change, the retention purge, a ca override from the command line) the
 * request changes nothing; its requester, a plain clerk, a disabled or
 * unknown one cannot approve it; another supervisor's approval carries it
 * out, audited with both names; a refusal leaves it undone; an approval
 * is used once and for its own params only. The gate of one procedure and
 * register: its steps refuse to run until approved, then run. No card
 * service is needed.
 */
#include <pwd.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"

static char *state;
static struct store *st;
static sqlite3 *db;		/* a second connection, as another process */
static struct issuer *iss;
static int64_t ichiro, jiro, clerk_id;

/* sato asks (a supervisor: refused as the requester, not for the role),
 * kato is a plain clerk, suzuki the other supervisor, ito disabled. */
#define REQUESTER	"sato"

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

static int
find(const char *kana, int64_t *id)
{
	struct store_person_query q = { .kana = kana };

	return store_person_search(st, &q, person_cb, id) == 1 ? 0 : -1;
}

static int
sql(const char *fmt, ...)
{
	va_list ap;
	char *q;
	int rc;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	rc = sqlite3_exec(db, q, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", q, sqlite3_errmsg(db));
	sqlite3_free(q);
	return rc == SQLITE_OK ? 0 : -1;
}

static long long
count(const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;
	char *q;
	long long n = -1;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, q, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_free(q);
	return n;
}

/* The operating-system user the CLI's audit rows name ("os:<name>"). */
static const char *
os_user(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL ? pw->pw_name : "";
}

static int
suite_init(void)
{
	struct store_clerk c;
	char err[256], path[512];

	state = test_mkdtemp("approve");
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0)
		return 1;
	if ((st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    find("マドグチイチロウ", &ichiro) == -1 ||
	    find("マドグチハナコ", &jiro) == -1 ||
	    store_clerk_by_login(st, "demo", &c) != 0)
		return 1;
	clerk_id = c.id;
	if ((iss = issuer_builtin_open(state, err, sizeof(err))) == NULL) {
		fprintf(stderr, "issuer: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/madoguchi.db", state);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(db, 5000);
	if (sql("INSERT INTO clerks (login, name, role, window, created_at) "
	    "VALUES ('sato', '佐藤', 'supervisor', 'citizens', '2026-11-25'),"
	    "('kato', '加藤', 'clerk', 'citizens', '2026-11-25'),"
	    "('suzuki', '鈴木', 'supervisor', 'citizens', '2026-11-25'),"
	    "('ito', '伊藤', 'supervisor', 'citizens', '2026-11-25')") == -1 ||
	    sql("UPDATE clerks SET disabled = 1 WHERE login = 'ito'") == -1)
		return 1;
	return 0;
}

static int
suite_clean(void)
{
	sqlite3_close(db);
	if (iss != NULL)
		issuer_close(iss);
	store_close(st);
	test_rmtree(state);
	free(state);
	return 0;
}

/* A proc context acting as login (with the CA). */
static struct proc_ctx
as(const char *login)
{
	struct proc_ctx pc;

	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.iss = iss;
	pc.actor = login;
	return pc;
}

/* An issuance application of 窓口 一郎 saved in app_state. */
static int64_t
new_app(const char *app_state, const char *keep_until)
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
	strcpy(a->keep_until, keep_until);
	a->clerk_id = clerk_id;
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, a), 0);
	id = a->id;
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

static void
approval_is(int64_t id, const char *want)
{
	struct store_approval a;

	CU_ASSERT_EQUAL_FATAL(store_approval_get(st, id, &a), 0);
	if (strcmp(a.state, want) != 0) {
		fprintf(stderr, "approval %lld: %s, wanted %s\n", (long long)id,
		    a.state, want);
		CU_FAIL("approval state");
	}
}

/* The number "(番号 N)" in msg, 0 if none. */
static int64_t
number_in(const char *msg)
{
	const char *p = strstr(msg, "(番号 ");

	return p != NULL ? strtoll(p + strlen("(番号 "), NULL, 10) : 0;
}

/* Nobody but another enabled supervisor or admin decides id: its
 * requester, a plain clerk, a disabled one, an unknown login. */
static void
refused_to_all_but_another(int64_t id, const char *requester)
{
	struct proc_ctx pc;
	char msg[1024];

	pc = as(requester);
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分が依頼したもの"));
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 0, "却下します", msg,
	    sizeof(msg)), -1);
	pc = as("kato");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "監督者か管理者"));
	pc = as("ito");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "利用停止"));
	pc = as("nobody");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "登録されていません"));
	approval_is(id, "waiting");
}

/* `madoguchi init` writes each action's setting with its default; the
 * gates of issuance and revocation are off. */
static void
test_defaults(void)
{
	char buf[16];
	size_t i;

	for (i = 0; i < proc_approval_table_len; i++) {
		if (proc_approval_table[i].key == NULL)
			continue;
		CU_ASSERT_EQUAL(store_setting_get(st,
		    proc_approval_table[i].key, buf, sizeof(buf)), 0);
		CU_ASSERT_STRING_EQUAL(buf, proc_approval_table[i].def ? "1" :
		    "0");
		CU_ASSERT_EQUAL(proc_approval_needed(st,
		    proc_approval_table[i].action), 1);
	}
	for (i = 0; i < proc_approval_gate_table_len; i++) {
		CU_ASSERT_EQUAL(store_setting_get(st,
		    proc_approval_gate_table[i].key, buf, sizeof(buf)), 0);
		CU_ASSERT_STRING_EQUAL(buf, "0");
	}
	CU_ASSERT_EQUAL(proc_approval_gate_on(st, "issue", "resident"), 0);
	/* Who is the same person: a CLI actor and the login of its OS or
	 * sudo user. */
	CU_ASSERT_TRUE(proc_actor_same("sato", "sato"));
	CU_ASSERT_FALSE(proc_actor_same("sato", "suzuki"));
	CU_ASSERT_TRUE(proc_actor_same("os:root sudo:sato", "sato"));
	CU_ASSERT_TRUE(proc_actor_same("root", "os:root"));
	CU_ASSERT_FALSE(proc_actor_same("os:root sudo:satoko", "sato"));
}

/* A cancel asked by sato: nothing cancelled; asked again, the same
 * request; approved by suzuki: cancelled, both names in the audit; the
 * approval used, never again. */
static void
test_cancel(void)
{
	struct proc_ctx pc = as(REQUESTER);
	int64_t app = new_app("accepted", ""), id, again;
	struct store_approval a;
	char msg[1024];

	CU_ASSERT_EQUAL_FATAL(proc_app_cancel(&pc, app, "本人の申出により取下げ",
	    msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "承認を依頼しました"));
	id = number_in(msg);
	CU_ASSERT_TRUE_FATAL(id > 0);
	app_state_is(app, "accepted");
	CU_ASSERT_EQUAL_FATAL(store_approval_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.action, "app_cancel");
	CU_ASSERT_EQUAL(a.application_id, app);
	CU_ASSERT_EQUAL(a.person_id, ichiro);
	CU_ASSERT_STRING_EQUAL(a.requested_by, REQUESTER);
	CU_ASSERT_STRING_EQUAL(a.reason, "本人の申出により取下げ");
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, app, "本人の申出により取下げ",
	    msg, sizeof(msg)), 1);
	again = number_in(msg);
	CU_ASSERT_EQUAL(again, id);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "依頼済み"));
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.request' AND object = '%lld' AND actor = 'sato'",
	    (long long)id), 1);
	refused_to_all_but_another(id, REQUESTER);
	app_state_is(app, "accepted");

	pc = as("suzuki");
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "取り消しました"));
	app_state_is(app, "cancelled");
	approval_is(id, "done");
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'application.cancel' AND actor = 'suzuki' AND detail LIKE "
	    "'%%requested_by=sato approved_by=suzuki%%'"), 1);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.approve' AND object = '%lld' AND actor = 'suzuki'",
	    (long long)id), 1);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.done' AND object = '%lld' AND detail LIKE "
	    "'%%requested_by=sato approved_by=suzuki'", (long long)id), 1);
	/* Used: neither decided nor carried out again. */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_approval_execute(&pc, id, msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

/* A letter voided with its application, under approval.letter_void. */
static void
test_letter_void(void)
{
	struct proc_ctx pc = as(REQUESTER);
	int64_t app = new_app("waiting_reply", ""), id;
	struct store_letter l;
	char msg[1024];

	CU_ASSERT_EQUAL_FATAL(store_letter_create(st, app, "様式第2号", &l), 0);
	CU_ASSERT_EQUAL_FATAL(store_letter_set_state(st, l.ref_no, "sent"), 0);
	CU_ASSERT_EQUAL_FATAL(proc_letter_void(&pc, l.ref_no, "宛先不明で返送",
	    msg, sizeof(msg)), 1);
	id = number_in(msg);
	CU_ASSERT_TRUE_FATAL(id > 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM approvals WHERE id = %lld "
	    "AND action = 'letter_void' AND object = '%q'", (long long)id,
	    l.ref_no), 1);
	app_state_is(app, "waiting_reply");
	refused_to_all_but_another(id, REQUESTER);
	pc = as("demo");	/* an admin may approve too */
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, "確認済み", msg,
	    sizeof(msg)), 0);
	app_state_is(app, "cancelled");
	CU_ASSERT_EQUAL(store_letter_by_ref(st, l.ref_no, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "void");
	approval_is(id, "done");
}

/* Refused (with a reason, required): nothing done, the refusal audited;
 * a refused request is not approved later. Withdrawn by its requester
 * only. */
static void
test_refuse_withdraw(void)
{
	struct proc_ctx pc = as(REQUESTER);
	int64_t app = new_app("accepted", ""), id;
	char msg[1024];

	CU_ASSERT_EQUAL_FATAL(proc_app_cancel(&pc, app, "取下げ", msg,
	    sizeof(msg)), 1);
	id = number_in(msg);
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 0, "", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "却下の理由を入力してください"));
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 0, "本人確認の記録がない",
	    msg, sizeof(msg)), 0);
	approval_is(id, "refused");
	app_state_is(app, "accepted");
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.refuse' AND object = '%lld' AND actor = 'suzuki' AND "
	    "detail LIKE '%%本人確認の記録がない%%'", (long long)id), 1);
	pc = as("demo");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	app_state_is(app, "accepted");
	/* Asked again after the refusal: a new request. */
	pc = as(REQUESTER);
	CU_ASSERT_EQUAL(proc_app_cancel(&pc, app, "取下げ", msg, sizeof(msg)),
	    1);
	CU_ASSERT_NOT_EQUAL(number_in(msg), id);
	id = number_in(msg);
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_withdraw(&pc, id, msg, sizeof(msg)), -1);
	pc = as(REQUESTER);
	CU_ASSERT_EQUAL(proc_approval_withdraw(&pc, id, msg, sizeof(msg)), 0);
	approval_is(id, "withdrawn");
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	app_state_is(app, "accepted");
}

/* A clerk's role: asked, then changed by another supervisor's approval;
 * the clerk whose role it is cannot approve it; an approval whose premise
 * (the role it changes from) no longer holds changes nothing. With the
 * setting off the change is done at once. */
static void
test_role(void)
{
	struct proc_ctx pc = as(REQUESTER);
	struct store_clerk c;
	int64_t id, stale;
	char msg[1024];

	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "kato", "chief", NULL, &id,
	    msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "nobody", "admin", NULL,
	    &id, msg, sizeof(msg)), -1);
	CU_ASSERT_EQUAL_FATAL(proc_clerk_role_change(&pc, "kato", "supervisor",
	    "窓口の責任者になるため", &id, msg, sizeof(msg)), 1);
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "kato", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "clerk");
	refused_to_all_but_another(id, REQUESTER);
	pc = as("suzuki");
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "kato", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "supervisor");
	approval_is(id, "done");
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'clerk.role' AND object = 'kato' AND actor = 'suzuki' AND detail "
	    "LIKE 'from=clerk to=supervisor approval=%lld requested_by=sato "
	    "approved_by=suzuki'", (long long)id), 1);

	/* Her own role: suzuki cannot approve it, another can. */
	pc = as(REQUESTER);
	CU_ASSERT_EQUAL_FATAL(proc_clerk_role_change(&pc, "suzuki", "admin",
	    NULL, &id, msg, sizeof(msg)), 1);
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分の役割"));
	/* The premise changed meanwhile (setting off: done at once). */
	CU_ASSERT_EQUAL(store_setting_set(st, "approval.clerk_role", "0"), 0);
	pc = as("demo");
	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "suzuki", "clerk", NULL,
	    &stale, msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(stale, 0);
	CU_ASSERT_EQUAL(store_setting_set(st, "approval.clerk_role", "1"), 0);
	pc = as("kato");	/* a supervisor now */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "suzuki", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "clerk");	/* not admin */
	approval_is(id, "approved");	/* approved, not carried out */
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'clerk.role' AND object = 'suzuki' AND detail = 'from=supervisor "
	    "to=clerk'"), 1);
	/* Put back for the tests after. */
	CU_ASSERT_EQUAL(store_clerk_set_role(st, "suzuki", "supervisor"), 0);
	CU_ASSERT_EQUAL(store_clerk_set_role(st, "kato", "clerk"), 0);
}

/* The retention purge: asked for exactly what is due; deleted by the
 * approval of another supervisor. */
static void
test_purge(void)
{
	struct proc_ctx pc = as(REQUESTER);
	int64_t app = new_app("done", "2050-01-01"), id = 0;
	char msg[1024];
	int deleted = -1;

	CU_ASSERT_EQUAL_FATAL(proc_retention_purge(&pc, "2099-01-01", &deleted,
	    &id, msg, sizeof(msg)), 1);
	CU_ASSERT_EQUAL(deleted, 0);
	CU_ASSERT_TRUE_FATAL(id > 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app), 1);
	refused_to_all_but_another(id, REQUESTER);
	pc = as("suzuki");
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app), 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'retention.purge' AND actor = 'suzuki' AND object = 'suzuki'"), 1);
	approval_is(id, "done");
}

/* Corrections to records: no code changes a recorded fact after the fact
 * yet, so the kind only waits for its approval, switched on. */
static void
test_record_correct(void)
{
	struct proc_ctx pc = as(REQUESTER);
	int64_t id;
	char msg[1024];

	CU_ASSERT_EQUAL(proc_approval_needed(st, "record_correct"), 1);
	CU_ASSERT_EQUAL_FATAL(proc_approval_request(&pc, "record_correct",
	    "person 1", ichiro, 0, "field=address", "転居の記載誤り", &id, msg,
	    sizeof(msg)), 0);
	refused_to_all_but_another(id, REQUESTER);
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	approval_is(id, "approved");
}

/* A cert of kind for jiro, made by the CA and recorded by the counter. */
static void
cert_for(const char *card_no, const char *kind, char serial[48])
{
	static int n;
	struct issuer_issue_req req = { 0 };
	struct issuer_cert *cert = NULL;
	struct store_person p;
	struct store_card card;
	struct store_cert sc;
	EVP_PKEY *key = EVP_RSA_gen(2048);
	unsigned char *spki = NULL;
	char rid[ISSUER_ID_MAX], person_key[24];
	int len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(key);
	CU_ASSERT_EQUAL_FATAL(store_person_get(st, jiro, &p), 0);
	len = i2d_PUBKEY(key, &spki);
	CU_ASSERT_TRUE_FATAL(len > 0);
	snprintf(rid, sizeof(rid), "test.approve.%d", ++n);
	snprintf(person_key, sizeof(person_key), "%lld", (long long)jiro);
	req.request_id = rid;
	CU_ASSERT_EQUAL(issuer_kind_parse(kind, &req.kind), 0);
	req.spki = spki;
	req.spki_len = (size_t)len;
	req.holder.person_key = person_key;
	req.holder.name = p.name;
	req.holder.address = p.address;
	req.holder.birth_date = p.birth_date;
	req.holder.sex = p.sex;
	req.holder.card_expiry = "2034-07-19";
	CU_ASSERT_EQUAL_FATAL(issuer_issue(iss, &req, &cert), ISSUER_OK);
	CU_ASSERT_EQUAL_FATAL(store_card_ensure(st, jiro, card_no,
	    "2034-07-19", &card), 0);
	memset(&sc, 0, sizeof(sc));
	sc.card_id = card.id;
	sc.person_id = jiro;
	snprintf(sc.kind, sizeof(sc.kind), "%s", kind);
	snprintf(sc.serial, sizeof(sc.serial), "%.47s", cert->serial);
	snprintf(sc.not_before, sizeof(sc.not_before), "%s", cert->not_before);
	snprintf(sc.not_after, sizeof(sc.not_after), "%s", cert->not_after);
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &sc), 0);
	snprintf(serial, 48, "%.47s", cert->serial);
	issuer_cert_free(cert);
	OPENSSL_free(spki);
	EVP_PKEY_free(key);
}

static const char *
cert_state(const char *serial)
{
	static struct store_cert sc;

	CU_ASSERT_EQUAL_FATAL(store_cert_by_serial(st, serial, &sc), 0);
	return sc.state;
}

/* `madoguchi ca revoke` on the counter's CA: without --approval it asks
 * (exit 1, the number printed) and revokes nothing; --approval N while N
 * waits, or approved for another serial or reason, is refused; after
 * another supervisor's approval it revokes, once: N is used. A clerk whose
 * login is the operating-system user who ran the command cannot approve
 * it. */
static void
test_ca_override(void)
{
	const char *m = test_prog("madoguchi");
	struct proc_ctx pc;
	char serial[48], other[48], msg[1024], *out;
	int64_t id;
	int status;

	cert_for("AP0000000001", "signature", serial);
	cert_for("AP0000000001", "user", other);
	out = test_output(&status, "%s ca revoke --state %s --serial %s "
	    "--reason keyCompromise 2>&1", m, state, serial);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "承認を依頼しました"));
	CU_ASSERT_EQUAL_FATAL(sscanf(strstr(out, "approval "), "approval %lld",
	    (long long *)&id), 1);
	free(out);
	CU_ASSERT_STRING_EQUAL(cert_state(serial), "valid");
	/* Waiting: refused. */
	out = test_output(&status, "%s ca revoke --state %s --serial %s "
	    "--reason keyCompromise --approval %lld 2>&1", m, state, serial,
	    (long long)id);
	CU_ASSERT_NOT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "承認待ち") : NULL);
	free(out);
	/* The OS user as a supervisor clerk cannot approve their own. */
	if (strspn(os_user(), "abcdefghijklmnopqrstuvwxyz0123456789_.-") ==
	    strlen(os_user()) && *os_user() != '\0' &&
	    sql("INSERT INTO clerks (login, name, role, window, created_at) "
	    "VALUES ('%q', '操作者', 'supervisor', 'citizens', '2026-11-25')",
	    os_user()) == 0) {
		pc = as(os_user());
		CU_ASSERT_EQUAL(proc_approval_decide(&pc, id, 1, NULL, msg,
		    sizeof(msg)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分が依頼したもの"));
	}
	pc = as("suzuki");
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "--approval"));
	CU_ASSERT_STRING_EQUAL(cert_state(serial), "valid");
	/* Not for another serial, nor another reason. */
	out = test_output(&status, "%s ca revoke --state %s --serial %s "
	    "--reason keyCompromise --approval %lld 2>&1", m, state, other,
	    (long long)id);
	CU_ASSERT_NOT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "別の操作") : NULL);
	free(out);
	out = test_output(&status, "%s ca revoke --state %s --serial %s "
	    "--reason superseded --approval %lld 2>&1", m, state, serial,
	    (long long)id);
	CU_ASSERT_NOT_EQUAL(status, 0);
	free(out);
	CU_ASSERT_STRING_EQUAL(cert_state(other), "valid");
	CU_ASSERT_STRING_EQUAL(cert_state(serial), "valid");
	/* Exactly that: revoked, the approval used. */
	out = test_output(&status, "%s ca revoke --state %s --serial %s "
	    "--reason keyCompromise --approval %lld 2>&1", m, state, serial,
	    (long long)id);
	CU_ASSERT_EQUAL(status, 0);
	free(out);
	CU_ASSERT_STRING_EQUAL(cert_state(serial), "revoked");
	approval_is(id, "done");
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.done' AND object = '%lld' AND actor LIKE 'os:%%' AND "
	    "detail LIKE '%%approved_by=suzuki'", (long long)id), 1);
	/* Used: not again. */
	out = test_output(&status, "%s ca hold --state %s --serial %s "
	    "--approval %lld 2>&1", m, state, other, (long long)id);
	CU_ASSERT_NOT_EQUAL(status, 0);
	free(out);
	CU_ASSERT_STRING_EQUAL(cert_state(other), "valid");
	/* `madoguchi approvals list --all` shows it done. */
	out = test_output(&status, "%s approvals list --all --state %s", m,
	    state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "ca_override") : NULL);
	free(out);
}

/* A revocation of jiro's certs (R3.1, R3.4, R3.8) saved as accepted. */
static int64_t
revoke_app(const char *sig, char *msg, size_t msglen)
{
	struct proc_targets t = { { sig }, 1, ISSUER_REASON_CESSATION_OF_OPERATION,
	    NULL };
	struct proc_ctx pc = as(REQUESTER);
	struct store_app *a = calloc(1, sizeof(*a));
	struct store_person p;
	struct rules_case c;
	char today[11];
	int64_t id = -1;

	CU_ASSERT_EQUAL_FATAL(store_person_get(st, jiro, &p), 0);
	rules_case_init(&c);
	c.procedure = RULES_PROC_REVOKE;
	c.reg = RULES_REG_RESIDENT;
	util_today(today);
	CU_ASSERT_EQUAL_FATAL(era_parse_iso(today, &c.date), 0);
	CU_ASSERT_EQUAL_FATAL(era_parse_iso(p.birth_date, &c.birth_date), 0);
	c.certs = RULES_CERT_SIGNATURE;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	c.serial_document = true;
	if (proc_app_save(&pc, &p, clerk_id, &c, NULL, &t, "accepted", a, msg,
	    msglen) == 0)
		id = a->id;
	free(a);
	return id;
}

/* The gate of revocation (residents) on: the steps refuse to run, saying
 * 承認待ち, until another supervisor approves; then they run and revoke. */
static void
test_gate(void)
{
	struct proc_ctx pc = as(REQUESTER);
	char sig[48], msg[1024];
	int64_t app, id;

	CU_ASSERT_EQUAL(store_setting_set(st, "approval.proc.revoke.resident",
	    "1"), 0);
	cert_for("AP0000000002", "signature", sig);
	app = revoke_app(sig, msg, sizeof(msg));
	CU_ASSERT_TRUE_FATAL(app > 0);
	/* Asked as it was accepted: the supervisor sees it at once. */
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM approvals WHERE action = "
	    "'proc_run' AND application_id = %lld AND state = 'waiting' AND "
	    "requested_by = 'sato'", (long long)app), 1);
	CU_ASSERT_EQUAL(proc_app_run(&pc, app, NULL, msg, sizeof(msg)),
	    PROC_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "承認待ち"));
	id = number_in(msg);
	CU_ASSERT_TRUE_FATAL(id > 0);
	/* Again, by another clerk too: still waiting, the same request. */
	pc = as("kato");
	CU_ASSERT_EQUAL(proc_app_run(&pc, app, NULL, msg, sizeof(msg)),
	    PROC_INVALID);
	CU_ASSERT_EQUAL(number_in(msg), id);
	app_state_is(app, "accepted");
	CU_ASSERT_STRING_EQUAL(cert_state(sig), "valid");
	refused_to_all_but_another(id, REQUESTER);
	pc = as("suzuki");
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, id, 1, NULL, msg,
	    sizeof(msg)), 0);
	approval_is(id, "approved");
	app_state_is(app, "accepted");
	/* The clerk goes on: the steps run. */
	pc = as(REQUESTER);
	CU_ASSERT_EQUAL(proc_app_run(&pc, app, NULL, msg, sizeof(msg)),
	    PROC_OK);
	app_state_is(app, "done");
	CU_ASSERT_STRING_EQUAL(cert_state(sig), "revoked");
	approval_is(id, "done");
	/* Off for another procedure or register: no gate. */
	CU_ASSERT_EQUAL(proc_approval_gate_on(st, "revoke", "overseas"), 0);
	CU_ASSERT_EQUAL(proc_approval_gate_on(st, "issue", "resident"), 0);
	CU_ASSERT_EQUAL(store_setting_set(st, "approval.proc.revoke.resident",
	    "0"), 0);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

/* What a supervisor reads of a request: in Japanese, not the params. */
static void
test_params_read(void)
{
	struct store_approval a;
	char buf[256];

	memset(&a, 0, sizeof(a));
	snprintf(a.action, sizeof(a.action), "clerk_role");
	snprintf(a.params, sizeof(a.params), "login=ito from=clerk "
	    "to=supervisor");
	proc_approval_params_ja(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "役割を 職員 から 監督者 に");
	snprintf(a.action, sizeof(a.action), "retention_purge");
	snprintf(a.params, sizeof(a.params), "today=2026-12-02 ids=3,5,8");
	proc_approval_params_ja(&a, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "申請 3 件の削除"));
	snprintf(a.params, sizeof(a.params), "today=2026-12-02 ids=");
	proc_approval_params_ja(&a, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "申請 0 件の削除"));
	snprintf(a.action, sizeof(a.action), "ca_override");
	snprintf(a.params, sizeof(a.params), "verb=revoke serial=1A2B "
	    "reason=keyCompromise date=-");
	proc_approval_params_ja(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "失効  シリアル 1A2B  理由 鍵の危殆化");
	snprintf(a.action, sizeof(a.action), "app_cancel");
	snprintf(a.params, sizeof(a.params), "app=12");
	proc_approval_params_ja(&a, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "受付番号 12");
}

static CU_TestInfo approve_tests[] = {
	{ "what a request will do, read in Japanese", test_params_read },
	{ "init writes each action's default; who is the same person", test_defaults },
	{ "a cancel waits for another supervisor, then is done", test_cancel },
	{ "a letter voided with its application after approval", test_letter_void },
	{ "refused or withdrawn: nothing done, never approved after", test_refuse_withdraw },
	{ "a role change, not approvable by its clerk, bound to its premise", test_role },
	{ "the retention purge after another supervisor's approval", test_purge },
	{ "a correction to records waits for approval", test_record_correct },
	{ "ca revoke from the command line: --approval N, once, exactly", test_ca_override },
	{ "the revocation gate: steps refused until approved, then run", test_gate },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(approve, "approve.proc", suite_init, suite_clean,
    approve_tests)
