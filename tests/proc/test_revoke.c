/*
 * Revocation, holds and found cards below the screens (R3, R3-2, R5) on
 * a counter database and the built-in CA of a state dir made by
 * `madoguchi init --demo`: an application saved with the certs the clerk
 * identified, its steps planned with it and run by proc_app_run; the CA's
 * CRL names each revoked serial with its reason; the process killed
 * before each step, then run again, leaves the CA and the counter
 * agreeing; a hold recorded from a phone call, then the found card's held
 * certs revoked. No card service is needed: the certs are issued to a
 * key made here.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static int64_t jiro, hanako, clerk_id;

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
suite_init(void)
{
	struct store_clerk c;
	char err[256];

	state = test_mkdtemp("revoke");
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0)
		return 1;
	if ((st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    find("マドグチイチロウ", &jiro) == -1 ||
	    find("マドグチハナコ", &hanako) == -1 ||
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

/* A cert of kind for the person, made by the CA and recorded by the
 * counter on the card card_no (made for the person if new). */
static void
cert_for(int64_t person, const char *card_no, const char *kind,
    char serial[48])
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
	CU_ASSERT_EQUAL_FATAL(store_person_get(st, person, &p), 0);
	len = i2d_PUBKEY(key, &spki);
	CU_ASSERT_TRUE_FATAL(len > 0);
	snprintf(rid, sizeof(rid), "test.revoke.%d", ++n);
	snprintf(person_key, sizeof(person_key), "%lld", (long long)person);
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
	CU_ASSERT_EQUAL_FATAL(issuer_issue(pc.iss, &req, &cert), ISSUER_OK);
	CU_ASSERT_EQUAL_FATAL(store_card_ensure(st, person, card_no,
	    "2034-07-19", &card), 0);
	memset(&sc, 0, sizeof(sc));
	sc.card_id = card.id;
	sc.person_id = person;
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

/* A revocation by the person with list-A item 1 and the card showing the
 * serials (R3.1, R3.4, R3.8). */
static void
revoke_case(struct rules_case *c, int64_t person, unsigned certs)
{
	struct store_person p;
	char today[11];

	CU_ASSERT_EQUAL_FATAL(store_person_get(st, person, &p), 0);
	rules_case_init(c);
	c->procedure = RULES_PROC_REVOKE;
	c->reg = RULES_REG_RESIDENT;
	util_today(today);
	CU_ASSERT_EQUAL_FATAL(era_parse_iso(today, &c->date), 0);
	CU_ASSERT_EQUAL_FATAL(era_parse_iso(p.birth_date, &c->birth_date), 0);
	c->certs = certs;
	c->n_documents = 1;
	c->documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	c->serial_document = true;
}

/* The state the CA and the counter give a serial, and the CA's reason. */
static void
agree(const char *serial, const char *want, enum issuer_reason reason)
{
	struct issuer_cert *ic = NULL;
	struct store_cert sc;

	CU_ASSERT_EQUAL_FATAL(issuer_status_get(pc.iss, serial, NULL, &ic),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, serial, &sc), 0);
	CU_ASSERT_STRING_EQUAL(sc.state, want);
	if (strcmp(want, "revoked") == 0) {
		CU_ASSERT_EQUAL(ic->state, ISSUER_STATE_REVOKED);
		CU_ASSERT_EQUAL(ic->reason, reason);
		CU_ASSERT_STRING_EQUAL(sc.revoked_reason,
		    issuer_reason_name(reason));
	} else if (strcmp(want, "on_hold") == 0) {
		CU_ASSERT_EQUAL(ic->state, ISSUER_STATE_ON_HOLD);
	} else {
		CU_ASSERT_EQUAL(ic->state, ISSUER_STATE_VALID);
	}
	issuer_cert_free(ic);
}

/* The CA's CRL of the cert's kind lists the serial with the reason. */
static void
crl_lists(const char *serial, enum issuer_kind kind, int reason)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	size_t len = 0;
	X509_CRL *crl;
	X509_REVOKED *rev = NULL;
	ASN1_INTEGER *ai;
	BIGNUM *bn = NULL;
	ASN1_ENUMERATED *code;

	CU_ASSERT_EQUAL_FATAL(issuer_crl(pc.iss, (enum issuer_ca)kind, &der,
	    &len), ISSUER_OK);
	p = der;
	crl = d2i_X509_CRL(NULL, &p, (long)len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(crl);
	CU_ASSERT_TRUE_FATAL(BN_hex2bn(&bn, serial) > 0);
	ai = BN_to_ASN1_INTEGER(bn, NULL);
	CU_ASSERT_EQUAL(X509_CRL_get0_by_serial(crl, &rev, ai), 1);
	if (rev != NULL) {
		code = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
		CU_ASSERT_PTR_NOT_NULL(code);
		if (code != NULL) {
			CU_ASSERT_EQUAL(ASN1_ENUMERATED_get(code), reason);
		}
		ASN1_ENUMERATED_free(code);
	}
	ASN1_INTEGER_free(ai);
	BN_free(bn);
	X509_CRL_free(crl);
	free(der);
}

static int64_t
save(int64_t person, const struct rules_case *c, const struct proc_targets *t,
    char *msg, size_t msglen)
{
	struct store_app *a = calloc(1, sizeof(*a));
	struct store_person p;
	int64_t id = -1;

	CU_ASSERT_EQUAL_FATAL(store_person_get(st, person, &p), 0);
	if (proc_app_save(&pc, &p, clerk_id, c, NULL, t, "accepted", a, msg,
	    msglen) == 0)
		id = a->id;
	free(a);
	return id;
}

static void
app_state_is(int64_t id, const char *want)
{
	struct store_app *a = calloc(1, sizeof(*a));

	CU_ASSERT_EQUAL(store_app_get(st, id, a), 0);
	CU_ASSERT_STRING_EQUAL(a->state, want);
	free(a);
}

static void
test_revoke_both(void)
{
	char sig[48], usr[48], msg[512];
	struct proc_targets t = { { sig, usr }, 2,
	    ISSUER_REASON_CESSATION_OF_OPERATION, NULL };
	struct proc_step_view v[4];
	struct rules_case c;
	int64_t id;

	cert_for(jiro, "RV0000000001", "signature", sig);
	cert_for(jiro, "RV0000000001", "user", usr);
	revoke_case(&c, jiro, RULES_CERT_ALL);
	id = save(jiro, &c, &t, msg, sizeof(msg));
	CU_ASSERT_TRUE_FATAL(id > 0);
	/* Planned with the application, nothing done yet. */
	CU_ASSERT_EQUAL(proc_app_steps(&pc, id, v, 4), 2);
	CU_ASSERT_FALSE(v[0].done);
	CU_ASSERT_PTR_NOT_NULL(strstr(v[0].label, "失効 (失効申請)"));
	agree(sig, "valid", ISSUER_REASON_NONE);
	CU_ASSERT_EQUAL(proc_app_run(&pc, id, NULL, msg, sizeof(msg)), PROC_OK);
	app_state_is(id, "done");
	CU_ASSERT_EQUAL(proc_app_steps(&pc, id, v, 4), 2);
	CU_ASSERT_TRUE(v[0].done && v[1].done);
	agree(sig, "revoked", ISSUER_REASON_CESSATION_OF_OPERATION);
	agree(usr, "revoked", ISSUER_REASON_CESSATION_OF_OPERATION);
	crl_lists(sig, ISSUER_KIND_SIGNATURE, 5);
	crl_lists(usr, ISSUER_KIND_USER, 5);
	/* Run again: nothing to do, nothing done twice. */
	CU_ASSERT_EQUAL(proc_app_run(&pc, id, NULL, msg, sizeof(msg)),
	    PROC_INVALID);
}

static void
test_key_compromise_user_only(void)
{
	char sig[48], usr[48], msg[512];
	struct proc_targets t = { { usr }, 1, ISSUER_REASON_KEY_COMPROMISE,
	    NULL };
	struct rules_case c;
	int64_t id;

	cert_for(jiro, "RV0000000002", "signature", sig);
	cert_for(jiro, "RV0000000002", "user", usr);
	revoke_case(&c, jiro, RULES_CERT_USER);
	id = save(jiro, &c, &t, msg, sizeof(msg));
	CU_ASSERT_TRUE_FATAL(id > 0);
	CU_ASSERT_EQUAL(proc_app_run(&pc, id, NULL, msg, sizeof(msg)), PROC_OK);
	agree(usr, "revoked", ISSUER_REASON_KEY_COMPROMISE);
	agree(sig, "valid", ISSUER_REASON_NONE);
	crl_lists(usr, ISSUER_KIND_USER, 1);
}

/* What the clerk identified must be the person's current cert of a kind
 * the decision revokes; without any, nothing is saved. */
static void
test_targets_checked(void)
{
	char sig[48], other[48], msg[512];
	struct proc_targets t = { { sig }, 1,
	    ISSUER_REASON_CESSATION_OF_OPERATION, NULL };
	struct rules_case c;

	cert_for(jiro, "RV0000000003", "signature", sig);
	cert_for(hanako, "RV0000000004", "user", other);
	revoke_case(&c, jiro, RULES_CERT_USER);
	CU_ASSERT_EQUAL(save(jiro, &c, &t, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "判定で失効するものに入っていません"));
	t.serials[0] = other;
	CU_ASSERT_EQUAL(save(jiro, &c, &t, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "この人の有効な証明書ではありません"));
	t.n = 0;
	CU_ASSERT_EQUAL(save(jiro, &c, &t, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "失効する電子証明書を選んでください"));
	agree(sig, "valid", ISSUER_REASON_NONE);
	agree(other, "valid", ISSUER_REASON_NONE);
}

struct die {
	int	at, seen;
};

static void
die_cb(const char *line, void *arg)
{
	struct die *d = arg;

	(void)line;
	if (++d->seen == d->at)
		raise(SIGKILL);
}

/* Killed at each step in turn (before each revocation, before the card's
 * state), then run again: finished, nothing twice, all agree. */
static void
test_killed_each_step(void)
{
	char sig[48], usr[48], msg[512], err[256];
	struct proc_targets t = { { sig, usr }, 2,
	    ISSUER_REASON_KEY_COMPROMISE, NULL };
	struct rules_case c;
	struct store_card card;
	int at, status;

	for (at = 1; at <= 3; at++) {
		char card_no[16];
		int64_t id;
		pid_t pid;

		snprintf(card_no, sizeof(card_no), "RK00000000%02d", at);
		cert_for(jiro, card_no, "signature", sig);
		cert_for(jiro, card_no, "user", usr);
		revoke_case(&c, jiro, RULES_CERT_ALL);
		c.combined_with = RULES_COMB_CARD_LOST;	/* R3.9 */
		c.serial_document = false;
		id = save(jiro, &c, &t, msg, sizeof(msg));
		if (id <= 0)
			fprintf(stderr, "save: %s\n", msg);
		CU_ASSERT_TRUE_FATAL(id > 0);
		if ((pid = fork()) == 0) {
			struct store *cst = store_open(state, 0, err, sizeof(err));
			struct proc_ctx cpc = pc;
			struct die d = { at, 0 };

			if (cst == NULL || (cpc.iss = issuer_builtin_open(state,
			    err, sizeof(err))) == NULL)
				_exit(2);
			cpc.st = cst;
			cpc.progress = die_cb;
			cpc.progress_arg = &d;
			proc_app_run(&cpc, id, NULL, msg, sizeof(msg));
			_exit(0);
		}
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFSIGNALED(status));
		app_state_is(id, "in_progress");
		CU_ASSERT_EQUAL(proc_app_run(&pc, id, NULL, msg, sizeof(msg)),
		    PROC_OK);
		app_state_is(id, "done");
		agree(sig, "revoked", ISSUER_REASON_KEY_COMPROMISE);
		agree(usr, "revoked", ISSUER_REASON_KEY_COMPROMISE);
		CU_ASSERT_EQUAL(store_card_by_no(st, card_no, &card), 0);
		CU_ASSERT_STRING_EQUAL(card.state, "lost");
	}
}

/* R5.1: a hold recorded from a phone call; JPKI never releases it; the
 * found card's held certs revoked (R5.2) and the card in use again. */
/* Two minutes from now, "YYYY-MM-DD HH:MM" in Japan (the counter's
 * clock, util_now_minute); "" when that is already tomorrow (the day's
 * own check refuses that). */
static void
later_today(char out[17])
{
	time_t now = time(NULL) + 9 * 3600, then = now + 120;
	struct tm a, b;

	gmtime_r(&now, &a);
	gmtime_r(&then, &b);
	out[0] = '\0';
	if (a.tm_mday == b.tm_mday)
		strftime(out, 17, "%Y-%m-%d %H:%M", &b);
}

static void
test_hold_then_found(void)
{
	char sig[48], usr[48], msg[512];
	struct proc_hold_req h = { hanako, clerk_id, "本人", "2026-11-30 09:15",
	    { sig, usr }, 2 };
	struct proc_targets t = { { sig, usr }, 2,
	    ISSUER_REASON_CESSATION_OF_OPERATION, NULL };
	struct issuer_cert *ic = NULL;
	struct store_card card;
	struct rules_case c;
	char later[17];
	int64_t id;

	cert_for(hanako, "RH0000000001", "signature", sig);
	cert_for(hanako, "RH0000000001", "user", usr);
	h.caller = "\x1b[2J";
	CU_ASSERT_EQUAL(proc_hold_record(&pc, &h, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "制御文字"));
	h.caller = "本人";
	h.called_at = "2026-11-31 09:15";
	CU_ASSERT_EQUAL(proc_hold_record(&pc, &h, msg, sizeof(msg)), -1);
	/* A call cannot have come later than now, today either. */
	later_today(later);
	if (later[0] != '\0') {
		h.called_at = later;
		CU_ASSERT_EQUAL(proc_hold_record(&pc, &h, msg, sizeof(msg)),
		    -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "今より後"));
	}
	h.called_at = "2026-11-30 09:15";
	CU_ASSERT_EQUAL(proc_hold_record(&pc, &h, msg, sizeof(msg)), 0);
	/* Recorded twice (a retried screen): held once at the CA. */
	CU_ASSERT_EQUAL(proc_hold_record(&pc, &h, msg, sizeof(msg)), 0);
	agree(sig, "on_hold", ISSUER_REASON_NONE);
	agree(usr, "on_hold", ISSUER_REASON_NONE);
	CU_ASSERT_EQUAL(store_card_by_no(st, "RH0000000001", &card), 0);
	CU_ASSERT_STRING_EQUAL(card.state, "lost");
	/* The card found: R5.2 revokes by Article 3. */
	revoke_case(&c, hanako, RULES_CERT_ALL);
	c.procedure = RULES_PROC_CARD_FOUND;
	id = save(hanako, &c, &t, msg, sizeof(msg));
	CU_ASSERT_TRUE_FATAL(id > 0);
	CU_ASSERT_EQUAL(proc_app_run(&pc, id, NULL, msg, sizeof(msg)), PROC_OK);
	agree(sig, "revoked", ISSUER_REASON_CESSATION_OF_OPERATION);
	agree(usr, "revoked", ISSUER_REASON_CESSATION_OF_OPERATION);
	CU_ASSERT_EQUAL(store_card_by_no(st, "RH0000000001", &card), 0);
	CU_ASSERT_STRING_EQUAL(card.state, "active");
	CU_ASSERT_EQUAL(issuer_status_get(pc.iss, sig, NULL, &ic), ISSUER_OK);
	issuer_cert_free(ic);
}

static CU_TestInfo revoke_tests[] = {
	{ "both certs revoked as asked, in the CRL with the reason",
	  test_revoke_both },
	{ "a key compromise of the user cert alone", test_key_compromise_user_only },
	{ "identified certs checked against the person and the decision",
	  test_targets_checked },
	{ "killed before each step, run again: finished once",
	  test_killed_each_step },
	{ "a hold recorded, the found card's held certs revoked",
	  test_hold_then_found },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_revoke, "proc.revoke", suite_init, suite_clean,
    revoke_tests)
