/*
 * Issuance end to end below the screens: the real card stack (pcscd, the
 * emulated card through vpcd, cardd), the built-in CA and a counter
 * database made by `madoguchi init --demo`. After every run the card, the
 * CA and the database must agree, and `openssl verify` must accept the
 * cert on the card. The card is pulled, and the process killed, before
 * each step in turn; a second proc_issue or proc_reconcile finishes it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <openssl/x509.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "testlib.h"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static int64_t hanako, clerk_id;

static int
stack(const char *cmd)
{
	return test_system("BUILD=%s sh %s/contrib/card-stack.sh %s %s "
	    ">>%s/stack.out 2>&1", test_build_dir(), test_top_dir(), cmd, state,
	    state);
}

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

static int
suite_init(void)
{
	struct store_person_query q = { .kana = "マドグチハナコ" };
	struct store_clerk c;
	char err[256], why[512];

	state = test_mkdtemp("proc");
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0 || stack("start") != 0) {
		fprintf(stderr, "card stack did not start (see %s)\n", state);
		return 1;
	}
	if ((st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    store_person_search(st, &q, person_cb, &hanako) != 1 ||
	    store_clerk_by_login(st, "demo", &c) != 0)
		return 1;
	clerk_id = c.id;
	if (proc_ctx_open(&pc, st, state, "demo", why, sizeof(why)) == -1) {
		fprintf(stderr, "proc_ctx_open: %s\n", why);
		return 1;
	}
	return 0;
}

static int
suite_clean(void)
{
	proc_ctx_close(&pc);
	store_close(st);
	stack("stop");
	test_rmtree(state);
	free(state);
	return 0;
}

/* An accepted application as the screens will save it. */
static int64_t
new_app(const char *certs, const char *pin_set_by, int face_auth)
{
	struct store_app *a = calloc(1, sizeof(*a));
	int64_t id;

	a->person_id = hanako;
	strcpy(a->procedure, "issue");
	strcpy(a->register_, "resident");
	strcpy(a->form, "様式第1号");
	strcpy(a->window, "citizens");
	strcpy(a->filer, "self");
	strcpy(a->case_json, "{}");
	strcpy(a->decision, "accept");
	strcpy(a->rules, "R2.1 R2.4 R2.11");
	strcpy(a->pin_set_by, pin_set_by);
	strcpy(a->issue_certs, certs);
	a->face_auth_switch = face_auth;
	strcpy(a->state, "accepted");
	strcpy(a->keep_until, "2041-11-25");
	a->clerk_id = clerk_id;
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, a), 0);
	id = a->id;
	free(a);
	return id;
}

static const struct proc_pins pins = { .user = "4321", .sign = "MADO2026" };

/* What the card holds in its user slot (serial), read through cardd. */
static void
card_user_serial(char *out, size_t size)
{
	struct card_certs cs = { 0 };
	struct card_error ce;
	size_t i;

	out[0] = '\0';
	if (card_read_certs(pc.card, NULL, NULL, &cs, &ce) == -1)
		return;
	for (i = 0; i < cs.n; i++)
		if (cs.cert[i].slot == CARD_CERT_USER && cs.cert[i].present)
			snprintf(out, size, "%s", cs.cert[i].serial);
	card_certs_clear(&cs);
}

struct valid {
	int	n;
	char	serial[64];
};

static int
valid_cb(const struct store_cert *c, void *arg)
{
	struct valid *v = arg;

	if (strcmp(c->kind, "user") == 0 && strcmp(c->state, "valid") == 0) {
		v->n++;
		snprintf(v->serial, sizeof(v->serial), "%s", c->serial);
	}
	return 0;
}

static int
same_serial(const char *a, const char *b)
{
	char na[ISSUER_SERIAL_MAX], nb[ISSUER_SERIAL_MAX];

	return issuer_serial_normalize(a, na) == 0 &&
	    issuer_serial_normalize(b, nb) == 0 && strcmp(na, nb) == 0;
}

/* The card, the CA and the database agree on the one valid user cert,
 * and openssl verifies it against the CA chain. */
static void
assert_agree(void)
{
	struct issuer_cert *ic = NULL;
	struct valid v = { 0 };
	char on_card[96], *root, *user, path[512];
	FILE *f;

	CU_ASSERT_EQUAL(store_cert_foreach(st, hanako, valid_cb, &v) >= 1, 1);
	CU_ASSERT_EQUAL(v.n, 1);
	card_user_serial(on_card, sizeof(on_card));
	CU_ASSERT_TRUE(same_serial(on_card, v.serial));
	CU_ASSERT_EQUAL_FATAL(issuer_status_get(pc.iss, v.serial, NULL, &ic),
	    ISSUER_OK);
	CU_ASSERT_EQUAL(ic->state, ISSUER_STATE_VALID);
	snprintf(path, sizeof(path), "%s/user.der", state);
	f = fopen(path, "w");
	fwrite(ic->der, 1, ic->der_len, f);
	fclose(f);
	issuer_cert_free(ic);
	root = issuer_builtin_cert_path(state, ISSUER_CA_ROOT);
	user = issuer_builtin_cert_path(state, ISSUER_CA_USER);
	CU_ASSERT_EQUAL(test_system("openssl x509 -inform DER -in %s -out %s.pem"
	    " && openssl verify -CAfile %s -untrusted %s %s.pem >/dev/null",
	    path, path, root, user, path), 0);
	free(root);
	free(user);
}

static void
test_issue_both(void)
{
	char msg[512];
	struct store_app a;
	struct card_error ce;
	int64_t id = new_app("signature user", "applicant", 0);

	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	CU_ASSERT_STRING_EQUAL(msg, "");
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "done");
	assert_agree();
	/* The applicant's new PINs work on the card. */
	CU_ASSERT_EQUAL(card_verify(pc.card, NULL, CARD_PIN_USER, "4321", &ce), 0);
	CU_ASSERT_EQUAL(card_verify(pc.card, NULL, CARD_PIN_SIGN, "mado2026",
	    &ce), 0);
	/* Issuing a done application again is refused, nothing changes. */
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_INVALID);
}

static void
test_missing_pin(void)
{
	char msg[512];
	struct proc_pins none = { 0 }, bad = { .user = "12a4", .sign = "ABC" };
	struct store_app a;
	int64_t id = new_app("user", "applicant", 0);

	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &none, msg,
	    sizeof(msg)), PROC_NEED_PIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "暗証番号"));
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &bad, msg,
	    sizeof(msg)), PROC_NEED_PIN);
	/* Nothing was started. */
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	assert_agree();
}

/* The card is pulled just before the Nth step that touches the card or
 * the issuer. */
struct pull {
	int	at, seen, pulled;
};

static void
pull_cb(const char *msg, void *arg)
{
	struct pull *p = arg;

	(void)msg;
	if (++p->seen == p->at && !p->pulled) {
		stack("vcard-stop");
		p->pulled = 1;
	}
}

/* A person pulls the card and puts it back a moment later: pcscd has seen
 * the reader empty before the card is back. */
static void
card_back(void)
{
	CU_ASSERT_EQUAL(test_system("%s card status --socket %s/run/cardd.sock"
	    " --reader 'Virtual PCD 00 00' --wait absent --timeout 10000 "
	    ">/dev/null", test_prog("madoguchi"),
	    state), 0);
	CU_ASSERT_EQUAL_FATAL(stack("vcard-start"), 0);
	CU_ASSERT_EQUAL(test_system("%s card status --socket %s/run/cardd.sock"
	    " --wait present --timeout 10000 >/dev/null",
	    test_prog("madoguchi"), state), 0);
}

static void
test_card_pulled_each_step(void)
{
	char msg[512];
	struct store_app a;
	int at;

	for (at = 1; at <= 4; at++) {
		struct pull p = { .at = at };
		int64_t id = new_app("user", "staff_from_request", 0);
		enum proc_status ps;

		pc.progress = pull_cb;
		pc.progress_arg = &p;
		ps = proc_issue(&pc, id, "2034-02-03", &pins, msg, sizeof(msg));
		pc.progress = NULL;
		CU_ASSERT_TRUE(p.pulled);
		/* The issuer step does not touch the card: pulled before it, the
		 * card is missed at the next card step. */
		CU_ASSERT_EQUAL(ps, PROC_CARD);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "もう一度"));
		CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "in_progress");
		card_back();
		CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
		    sizeof(msg)), PROC_OK);
		CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "done");
		assert_agree();
	}
}

/* A killed process: a child runs the issuance and dies at step N; the
 * parent reconciles. */
static void
die_cb(const char *msg, void *arg)
{
	struct pull *p = arg;

	(void)msg;
	if (++p->seen == p->at)
		_exit(9);
}

static void
report_cb(const char *line, void *arg)
{
	(void)arg;
	fprintf(stderr, "reconcile: %s\n", line);
}

static void
test_killed_each_step(void)
{
	char msg[512], err[256], why[512];
	struct store_app a;
	int at, status;

	for (at = 1; at <= 4; at++) {
		int64_t id = new_app("user", "existing", 0);
		pid_t pid = fork();

		if (pid == 0) {
			struct store *cst = store_open(state, 0, err, sizeof(err));
			struct proc_ctx cpc;
			struct pull p = { .at = at };

			if (cst == NULL || proc_ctx_open(&cpc, cst, state, "demo",
			    why, sizeof(why)) == -1)
				_exit(2);
			cpc.progress = die_cb;
			cpc.progress_arg = &p;
			proc_issue(&cpc, id, "2034-02-03", &pins, msg, sizeof(msg));
			_exit(0);
		}
		CU_ASSERT_EQUAL_FATAL(waitpid(pid, &status, 0), pid);
		CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 9);
		/* Half the time the admin's command, half the library call. */
		if (at % 2 == 1) {
			char *out = test_output(&status, "%s ca reconcile --state "
			    "%s 2>&1", test_prog("madoguchi"), state);
			CU_ASSERT_EQUAL(status, 0);
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行を完了しました"));
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行途中の申請: 0 件"));
			free(out);
		} else
			CU_ASSERT_EQUAL(proc_reconcile(&pc, report_cb, NULL), 0);
		CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "done");
		assert_agree();
	}
}

static void
test_face_auth(void)
{
	char msg[512];
	struct card_error ce;
	struct store_card card;
	int64_t id = new_app("user", "staff_random", 1);
	int tries = -1;

	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	assert_agree();
	/* R4-3.7: no valid signature cert remains, the card is face-auth. */
	CU_ASSERT_EQUAL(store_card_by_no(st, "DM0000000001", &card), 0);
	CU_ASSERT_EQUAL(card.face_auth, 1);
	CU_ASSERT_EQUAL(card_verify(pc.card, NULL, CARD_PIN_USER, "4321", &ce), -1);
	CU_ASSERT_EQUAL(ce.code, CARD_E_PIN_BLOCKED);
	CU_ASSERT_EQUAL(card_tries(pc.card, NULL, CARD_PIN_USER, &tries, &ce), 0);
	CU_ASSERT_EQUAL(tries, 0);
}

static int
taro_cb(const struct store_person *p, void *arg)
{
	*(struct store_person *)arg = *p;
	return 1;
}

/* R2.8 on the demo card, before any issuance changed its PINs. */
static void
test_card_check(void)
{
	struct store_person_query q = { .kana = "ヤマダタロウ" };
	struct store_person me, taro;
	struct proc_card_check ck;
	char msg[256];

	CU_ASSERT_EQUAL_FATAL(store_person_get(st, hanako, &me), 0);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, "1234", "1234", "2026-11-25",
	    &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_STRING_EQUAL(ck.card_number, "DM0000000001");
	CU_ASSERT_TRUE(ck.basic4_read);
	CU_ASSERT_TRUE(ck.registry_match);
	CU_ASSERT_TRUE(ck.pin_verified);
	CU_ASSERT_TRUE(ck.status_ok);
	/* A wrong user PIN: not verified, tries left shown; then right again. */
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, "1234", "9999", "2026-11-25",
	    &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_FALSE(ck.pin_verified);
	CU_ASSERT_EQUAL(ck.tries_left, 2);
	/* A wrong input-support PIN stops the check. */
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, "0000", NULL, "2026-11-25",
	    &ck, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_EQUAL(ck.tries_left, 2);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, "1234", "1234", "2026-11-25",
	    &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(ck.pin_verified);
	/* Someone else's card: the registry does not match. */
	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, taro_cb, &taro), 1);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &taro, "1234", NULL, "2026-11-25",
	    &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_FALSE(ck.registry_match);
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "氏名"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "住所"));
	CU_ASSERT_PTR_NULL(strstr(ck.mismatch, "生年月日"));	/* same birthday */
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "性別"));
}

static CU_TestInfo issue_tests[] = {
	{ "R2.8 card checks: basic 4 info, PINs, tries", test_card_check },
	{ "issue both certs with the applicant's PINs", test_issue_both },
	{ "a missing or malformed PIN stops before anything starts", test_missing_pin },
	{ "card pulled before each step, then resumed", test_card_pulled_each_step },
	{ "process killed before each step, then reconciled", test_killed_each_step },
	{ "face-auth issuance locks the PIN and revokes the signature cert", test_face_auth },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_issue, "proc.issue", suite_init, suite_clean, issue_tests)
