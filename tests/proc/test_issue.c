/*
 * Issuance end to end below the screens: the real card stack (pcscd, the
 * emulated card through vpcd, cardd), the built-in CA and a counter
 * database made by `madoguchi init --demo`. After every run the card, the
 * CA and the database must agree, and `openssl verify` must accept the
 * cert on the card. The card is pulled, and the process killed, before
 * each step in turn; a second proc_issue or proc_reconcile finishes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/x509.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

static char *state;
static struct store *st;
static struct proc_ctx pc;
static int64_t hanako, clerk_id;

static int
stack(const char *cmd)
{
	return proc_test_stack(state, cmd, "");
}

static int
suite_init(void)
{
	if ((state = proc_test_start("proc")) == NULL)
		return 1;
	return proc_test_open(state, &st, &pc, &hanako, &clerk_id) == -1;
}

static int
suite_clean(void)
{
	proc_ctx_close(&pc);
	store_close(st);
	proc_test_stop(state);
	return 0;
}

/* How the application is filed, which decides who sets the PIN. */
enum filed { APPLICANT, AGENT, RENEWAL, FACE_AUTH };

/* The demo card checked for hanako (R2.8: input-support PIN, the card
 * face confirmed by the clerk) and an application accepted as the screens
 * save it, bound to that card. */
static int64_t
new_app(unsigned certs, enum filed how)
{
	struct rules_case c;

	proc_test_case(&c, RULES_PROC_ISSUE);
	c.certs = certs;
	c.renewal = how == RENEWAL;
	c.face_auth_wanted = how == FACE_AUTH;
	if (how == AGENT) {
		c.filer = RULES_FILER_AGENT;
		c.power_of_attorney = c.inquiry_reply = c.pin_request_form = true;
		c.n_filer_documents = 1;
		c.filer_documents[0] = c.documents[0];
	}
	return proc_test_save(&pc, hanako, clerk_id, &c);
}

static const struct proc_pins pins = { .user = "4321", .sign = "MADO2026",
	.check = "1234" };

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
	int64_t id = new_app(RULES_CERT_ALL, APPLICANT);

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
	struct proc_pins none = { .check = "1234" }, bad = { .user = "12a4",
	    .sign = "ABC", .check = "1234" };
	struct store_app a;
	int64_t id = new_app(RULES_CERT_USER, APPLICANT);

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
	CU_ASSERT_EQUAL(proc_test_card_present(state), 0);
}

static void
test_card_pulled_each_step(void)
{
	char msg[512];
	struct store_app a;
	int at;

	for (at = 1; at <= 4; at++) {
		struct pull p = { .at = at };
		int64_t id = new_app(RULES_CERT_USER, AGENT);
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
issue_in_child(struct proc_ctx *cpc, void *arg)
{
	char msg[512];

	proc_issue(cpc, *(int64_t *)arg, "2034-02-03", &pins, msg, sizeof(msg));
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
	char msg[512];
	struct store_app a;
	int at, status;

	/* A renewal says three steps: key pair, issuer, write. */
	for (at = 1; at <= 3; at++) {
		int64_t id = new_app(RULES_CERT_USER, RENEWAL);

		CU_ASSERT_EQUAL(proc_test_killed(state, at, issue_in_child, &id),
		    9);
		/* Half the time the admin's command, half the library call:
		 * it records what the issuer made and writes nothing to the
		 * card (that needs the check's PIN: the counter resumes). */
		if (at % 2 == 1) {
			char *out = test_output(&status, "%s ca reconcile --state "
			    "%s 2>&1", test_prog("madoguchi"), state);
			CU_ASSERT_EQUAL(status, 1);
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行途中です"));
			CU_ASSERT_PTR_NOT_NULL(strstr(out, "発行途中の申請: 1 件"));
			free(out);
		} else
			CU_ASSERT_EQUAL(proc_reconcile(&pc, report_cb, NULL), 1);
		CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "in_progress");
		CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
		    sizeof(msg)), PROC_OK);
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
	int64_t id = new_app(RULES_CERT_USER, FACE_AUTH);
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
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_SUPPORT, "1234",
	    "1234", "2026-11-25", &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_STRING_EQUAL(ck.card_number, "DM0000000001");
	CU_ASSERT_EQUAL(strlen(ck.card_key), 64);
	CU_ASSERT_TRUE(ck.basic4_read);
	CU_ASSERT_TRUE(ck.registry_match);
	CU_ASSERT_TRUE(ck.pin_verified);
	CU_ASSERT_TRUE(ck.status_ok);
	/* A wrong user PIN: not verified, tries left shown; then right again. */
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_SUPPORT, "1234",
	    "9999", "2026-11-25", &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_FALSE(ck.pin_verified);
	CU_ASSERT_EQUAL(ck.tries_left, 2);
	/* A wrong input-support PIN stops the check. */
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_SUPPORT, "0000",
	    NULL, "2026-11-25", &ck, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_EQUAL(ck.tries_left, 2);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_SUPPORT, "1234",
	    "1234", "2026-11-25", &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(ck.pin_verified);
	/* The card-face route: PIN B printed on the card (birth 860203,
	 * expiry year 2034, security code 2580): birth and sex compared, the
	 * expiry read; a wrong PIN B counts down. */
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_FACE,
	    "86020320349999", NULL, "2026-11-25", &ck, msg, sizeof(msg)),
	    PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "照合番号B"));
	CU_ASSERT_EQUAL(ck.tries_left, 2);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &me, PROC_ROUTE_FACE,
	    "86020320342580", NULL, "2026-11-25", &ck, msg, sizeof(msg)),
	    PROC_OK);
	CU_ASSERT_TRUE(ck.registry_match);
	CU_ASSERT_STRING_EQUAL(ck.expiry, "2034-02-03");
	CU_ASSERT_EQUAL(strlen(ck.card_key), 64);
	/* Someone else's card: the registry does not match. */
	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, taro_cb, &taro), 1);
	CU_ASSERT_EQUAL(proc_card_check(&pc, &taro, PROC_ROUTE_SUPPORT, "1234",
	    NULL, "2026-11-25", &ck, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_FALSE(ck.registry_match);
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "氏名"));
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "住所"));
	CU_ASSERT_PTR_NULL(strstr(ck.mismatch, "生年月日"));	/* same birthday */
	CU_ASSERT_PTR_NOT_NULL(strstr(ck.mismatch, "性別"));
}

/* Another card for the reader: a profile of its own in the state dir
 * (no card number, as a real card tells none), its state apart. */
static char *
other_card(const char *tag, const char *name, const char *birth, int sex)
{
	char *path = NULL;
	FILE *f;

	if (asprintf(&path, "%s/%s.json", state, tag) == -1)
		return NULL;
	if ((f = fopen(path, "w")) == NULL)
		return path;
	fprintf(f, "{\"atr\": \"3B E0 00 FF 81 31 FE 45 14\", \"my_number\": "
	    "\"123456789018\", \"name\": \"%s\", \"address\": "
	    "\"大阪府豊中市中桜塚3丁目1番1号\", \"birth\": \"%s\", "
	    "\"sex\": \"%d\", \"pins\": {\"user\": \"1234\", \"sign\": "
	    "\"ABC123\", \"support\": \"1234\"}}\n", name, birth, sex);
	fclose(f);
	return path;
}

/* Put another card in the reader (profile), or the demo card back (NULL). */
static void
swap_to(const char *profile)
{
	int rc;

	if (profile == NULL)
		rc = stack("vcard-start");
	else
		rc = proc_test_stack(state, "vcard-swap", profile);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_EQUAL(proc_test_card_present(state), 0);
}

/* The other card's state file: absent or as it was (nothing written). */
static char *
card_state(const char *tag)
{
	int status;

	return test_output(&status, "cat %s/card/%s.state.json 2>/dev/null",
	    state, tag);
}

/* A card swapped between the check and the issuing gets nothing: not the
 * key pair, not a cert, not a PIN; the application stays accepted. Then
 * the checked card back in the reader takes the issuance. Both readings
 * of a swap: the card number differs, or (cards that tell none) only the
 * chip's identity data read with the check's PIN. */
static void
test_swapped_card(void)
{
	char *taro = other_card("taro", "山田 太郎", "19860203", 1);
	char *before, *after, msg[512];
	struct store_app a;
	struct valid v = { 0 };
	int64_t id = new_app(RULES_CERT_ALL, APPLICANT);

	CU_ASSERT_PTR_NOT_NULL_FATAL(taro);
	swap_to(taro);
	before = card_state("taro");
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "確認したカードではありません"));
	after = card_state("taro");
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	store_cert_foreach(st, hanako, valid_cb, &v);
	CU_ASSERT_EQUAL(v.n, 0);
	swap_to(NULL);
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	assert_agree();
	free(taro);
}

/* Two cards that tell no number and hold no cert: only the key from the
 * chip's basic 4 info, read again with the check's PIN, tells them apart. */
static void
test_swapped_card_by_chip(void)
{
	char *mine = other_card("hanako2", "窓口 花子", "19860203", 2);
	char *jiro = other_card("jiro", "別人 次郎", "19860203", 1);
	char *before, *after, msg[512];
	struct store_app a;
	int64_t id;

	CU_ASSERT_PTR_NOT_NULL_FATAL(mine);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jiro);
	swap_to(mine);
	id = new_app(RULES_CERT_USER, APPLICANT);
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.card_cert, "");
	swap_to(jiro);
	before = card_state("jiro");
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "確認したカードではありません"));
	after = card_state("jiro");
	CU_ASSERT_STRING_EQUAL(before, after);
	free(before);
	free(after);
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	/* Its own card, numberless too, takes it. */
	swap_to(mine);
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	swap_to(NULL);
	free(mine);
	free(jiro);
}

/* The card swapped just before each write (key pair, cert, PIN): that
 * write is refused, the other card is left as it was, and the checked
 * card back in the reader finishes the issuance. */
struct swap {
	int		 at, seen, swapped;
	const char	*profile;
};

static void
swap_cb(const char *msg, void *arg)
{
	struct swap *w = arg;

	(void)msg;
	if (++w->seen == w->at && !w->swapped) {
		proc_test_stack(state, "vcard-swap", w->profile);
		proc_test_card_present(state);
		w->swapped = 1;
	}
}

static void
test_swapped_each_step(void)
{
	char *taro = other_card("taro", "山田 太郎", "19860203", 1);
	char msg[512];
	int at;

	CU_ASSERT_PTR_NOT_NULL_FATAL(taro);
	/* An applicant's user cert says: key pair, issuer, write, PIN. */
	for (at = 1; at <= 4; at++) {
		struct swap w = { .at = at, .profile = taro };
		int64_t id = new_app(RULES_CERT_USER, APPLICANT);
		char *before = card_state("taro"), *after;
		enum proc_status ps;

		pc.progress = swap_cb;
		pc.progress_arg = &w;
		ps = proc_issue(&pc, id, "2034-02-03", &pins, msg, sizeof(msg));
		pc.progress = NULL;
		CU_ASSERT_TRUE(w.swapped);
		CU_ASSERT_EQUAL(ps, PROC_CARD);
		/* Caught by the chip's key, or first by cardd when pcscd has
		 * already counted the swap against the claim. */
		CU_ASSERT_TRUE(strstr(msg, "確認したカードではありません") != NULL ||
		    strstr(msg, "カードが外されました") != NULL);
		after = card_state("taro");
		CU_ASSERT_STRING_EQUAL(before, after);
		free(before);
		free(after);
		swap_to(NULL);
		CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
		    sizeof(msg)), PROC_OK);
		assert_agree();
	}
	free(taro);
}

/* The expiry typed is checked before anything reaches the card, and a
 * failed issuance leaves no expiry behind. */
static void
test_expiry_checked(void)
{
	static const char *const bad[] = {
		"2020-02-03",	/* past */
		"2034-02-04",	/* not her birthday */
		"2040-02-03",	/* beyond ten years */
	};
	struct store_app a;
	struct store_card card;
	char msg[512];
	size_t i;
	int64_t id = new_app(RULES_CERT_USER, APPLICANT);

	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_EQUAL_FATAL(store_card_get(st, a.card_id, &card), 0);
	for (i = 0; i < nitems(bad); i++) {
		CU_ASSERT_EQUAL(proc_issue(&pc, id, bad[i], &pins, msg,
		    sizeof(msg)), PROC_INVALID);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "有効期限"));
		CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	}
	CU_ASSERT_EQUAL_FATAL(store_card_get(st, a.card_id, &card), 0);
	CU_ASSERT_STRING_NOT_EQUAL(card.expires_on, "2034-02-04");
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL_FATAL(store_card_get(st, a.card_id, &card), 0);
	CU_ASSERT_STRING_EQUAL(card.expires_on, "2034-02-03");
}

/* No card check bound, or a service missing: told before any step. */
static void
test_refused_before_anything(void)
{
	struct store_app *raw = calloc(1, sizeof(*raw));
	struct proc_ctx broken = pc;
	struct store_app a;
	char msg[512];
	int64_t id;

	raw->person_id = hanako;
	strcpy(raw->procedure, "issue");
	strcpy(raw->register_, "resident");
	strcpy(raw->form, "様式第1号");
	strcpy(raw->window, "citizens");
	strcpy(raw->filer, "self");
	strcpy(raw->case_json, "{}");
	strcpy(raw->decision, "accept");
	strcpy(raw->rules, "R2.1 R2.4");
	strcpy(raw->pin_set_by, "applicant");
	strcpy(raw->issue_certs, "user");
	strcpy(raw->state, "accepted");
	raw->clerk_id = clerk_id;
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, raw), 0);
	CU_ASSERT_EQUAL(proc_issue(&pc, raw->id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "カードの確認"));
	CU_ASSERT_EQUAL(store_app_get(st, raw->id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	store_app_set_state(st, raw->id, "accepted", "cancelled");
	free(raw);
	id = new_app(RULES_CERT_USER, APPLICANT);
	broken.iss = NULL;
	CU_ASSERT_EQUAL(proc_issue(&broken, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_FAILED);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "発行機関 (madoguchi-issuerd) に接続できない"));
	broken = pc;
	broken.card = NULL;
	CU_ASSERT_EQUAL(proc_issue(&broken, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "カード読み取りサービス"));
	CU_ASSERT_EQUAL(store_app_get(st, id, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "accepted");
	CU_ASSERT_EQUAL(proc_issue(&pc, id, "2034-02-03", &pins, msg,
	    sizeof(msg)), PROC_OK);
}

/* Another terminal cancels the application while this one issues it:
 * before the issuer's step, and before the write; the issuance stops
 * there and the card gets nothing more. */
struct cancel_at {
	int		 at, seen;
	int64_t		 id;
	struct proc_ctx	*other;
};

static void
cancel_cb(const char *msg, void *arg)
{
	struct cancel_at *c = arg;
	char why[512];

	(void)msg;
	if (++c->seen == c->at)
		CU_ASSERT_EQUAL(proc_app_cancel(c->other, c->id, "本人が辞退",
		    why, sizeof(why)), 0);
}

static void
test_cancelled_meanwhile(void)
{
	struct store *st2;
	struct proc_ctx other;
	char err[256], why[512], msg[512], before[96], after[96];
	struct store_app a;
	int at;

	CU_ASSERT_PTR_NOT_NULL_FATAL(st2 = store_open(state, 0, err,
	    sizeof(err)));
	CU_ASSERT_EQUAL_FATAL(proc_ctx_open_builtin(&other, st2, state, "other", why,
	    sizeof(why)), 0);
	for (at = 2; at <= 3; at++) {
		struct cancel_at c = { .at = at, .other = &other };

		c.id = new_app(RULES_CERT_USER, RENEWAL);
		card_user_serial(before, sizeof(before));
		pc.progress = cancel_cb;
		pc.progress_arg = &c;
		CU_ASSERT_EQUAL(proc_issue(&pc, c.id, "2034-02-03", &pins, msg,
		    sizeof(msg)), PROC_INVALID);
		pc.progress = NULL;
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "取り消された"));
		CU_ASSERT_EQUAL(store_app_get(st, c.id, &a), 0);
		CU_ASSERT_STRING_EQUAL(a.state, "cancelled");
		card_user_serial(after, sizeof(after));
		CU_ASSERT_STRING_EQUAL(before, after);
	}
	proc_ctx_close(&other);
	store_close(st2);
}

static CU_TestInfo issue_tests[] = {
	{ "R2.8 card checks: basic 4 info, PINs, tries", test_card_check },
	{ "a card swapped after the check gets nothing", test_swapped_card },
	{ "cards without numbers told apart by the chip", test_swapped_card_by_chip },
	{ "issue both certs with the applicant's PINs", test_issue_both },
	{ "a card swapped before each write gets nothing", test_swapped_each_step },
	{ "the card's expiry is checked first", test_expiry_checked },
	{ "no card check or no service: refused first", test_refused_before_anything },
	{ "cancelled from another terminal meanwhile", test_cancelled_meanwhile },
	{ "a missing or malformed PIN stops before anything starts", test_missing_pin },
	{ "card pulled before each step, then resumed", test_card_pulled_each_step },
	{ "process killed before each step, then reconciled", test_killed_each_step },
	{ "face-auth issuance locks the PIN and revokes the signature cert", test_face_auth },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_issue, "proc.issue", suite_init, suite_clean, issue_tests)
