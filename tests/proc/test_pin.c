/*
 * The PIN procedures (R4, R4-2) and the face-auth switch and release
 * (R4-3.7, R4.3, R4.11) below the screens, on the real card stack (pcscd,
 * the emulated card of 窓口 花子 through vpcd, cardd), the built-in CA
 * and a database made by `madoguchi init --demo`: each application saved
 * with its card check as the screens save it and run by proc_app_run;
 * what the card then takes is asked of the card service itself. The demo
 * card starts with user PIN 1234, signature PIN ABC123.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_test.h"
#include "testlib.h"

static char *dir;
static struct store *db;
static struct proc_ctx ctx;
static int64_t holder, clerk;

static const struct proc_pins check = { .check = "1234" };

static int
pin_suite_init(void)
{
	if ((dir = proc_test_start("pin")) == NULL)
		return 1;
	return proc_test_open(dir, &db, &ctx, &holder, &clerk) == -1;
}

static int
pin_suite_clean(void)
{
	proc_ctx_close(&ctx);
	store_close(db);
	proc_test_stop(dir);
	return 0;
}

/* An application of procedure proc for the PINs certs (R4), or of the
 * face-auth switch (certs 0), accepted with the demo card checked. */
static int64_t
pin_app(enum rules_procedure proc, unsigned certs)
{
	struct rules_case c;

	proc_test_case(&c, proc);
	c.certs = certs;
	return proc_test_save(&ctx, holder, clerk, &c);
}

static enum proc_status
run(int64_t id, const struct proc_pin_new *np, size_t n, char *msg,
    size_t msglen)
{
	struct proc_run_args args = { NULL, &check, np, n };

	return proc_app_run(&ctx, id, &args, msg, msglen);
}

static const char *
app_state(int64_t id)
{
	static struct store_app a;

	return store_app_get(db, id, &a) == 0 ? a.state : "?";
}

/* The card takes pin for kind (and, being right, its tries are full). */
static int
card_takes(enum card_pin kind, const char *pin)
{
	struct card_error ce;

	return card_verify(ctx.card, NULL, kind, pin, &ce) == 0;
}

/* The card refuses pin for kind as wrong (one try used). */
static int
card_refuses(enum card_pin kind, const char *pin)
{
	struct card_error ce;

	return card_verify(ctx.card, NULL, kind, pin, &ce) == -1 &&
	    ce.code == CARD_E_PIN_WRONG;
}

static int
card_face_auth(void)
{
	struct store_card card;

	return store_card_by_no(db, "DM0000000001", &card) == 0 ?
	    card.face_auth : -1;
}

/* The receipt names what was done to each PIN and none of the PINs. */
static void
receipt_says(int64_t id, const char *want, const char *const *pins)
{
	char *text = proc_receipt_text(&ctx, id);

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
	for (; *pins != NULL; pins++)
		CU_ASSERT_PTR_NULL(strstr(text, *pins));
	free(text);
}

/* Change each PIN in its own application: the old one fails after, the
 * new one works; a lower-case signature PIN is set upper-cased. */
static void
test_change_each(void)
{
	static const char *const secret[] = { "1234", "5678", "ABC123",
		"MADO2026", "mado2026", NULL };
	struct proc_pin_new user = { CARD_PIN_USER, "1234", "5678" };
	struct proc_pin_new sign = { CARD_PIN_SIGN, "abc123", "mado2026" };
	char msg[512];
	int64_t id = pin_app(RULES_PROC_PIN_CHANGE, RULES_CERT_USER);

	CU_ASSERT_EQUAL(run(id, &user, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_STRING_EQUAL(app_state(id), "done");
	CU_ASSERT_TRUE(card_refuses(CARD_PIN_USER, "1234"));
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "5678"));
	receipt_says(id, "利用者証明用電子証明書の暗証番号: 変更しました", secret);
	id = pin_app(RULES_PROC_PIN_CHANGE, RULES_CERT_SIGNATURE);
	CU_ASSERT_EQUAL(run(id, &sign, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_refuses(CARD_PIN_SIGN, "ABC123"));
	CU_ASSERT_TRUE(card_takes(CARD_PIN_SIGN, "MADO2026"));
	receipt_says(id, "署名用電子証明書の暗証番号: 変更しました", secret);
	/* Done is done: nothing runs again. */
	CU_ASSERT_EQUAL(run(id, &sign, 1, msg, sizeof(msg)), PROC_INVALID);
}

/* A PIN missing or malformed, or a change without the current PIN:
 * asked for before anything touches the card. */
static void
test_pins_checked_first(void)
{
	static const struct proc_pin_new bad[] = {
		{ CARD_PIN_USER, NULL, "12a4" },	/* not 4 digits */
		{ CARD_PIN_SIGN, NULL, "ABCDEF" },	/* no digit */
		{ CARD_PIN_SIGN, NULL, "123456" },	/* no letter */
		{ CARD_PIN_SIGN, NULL, "AB-123" },	/* not A-Z 0-9 */
	};
	struct proc_pin_new both[] = { { CARD_PIN_USER, NULL, "2222" },
		{ CARD_PIN_SIGN, NULL, "SIGN2222" } };
	struct proc_pin_new no_current = { CARD_PIN_USER, NULL, "3333" };
	char msg[512];
	size_t i;
	int64_t id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_ALL);

	CU_ASSERT_EQUAL(run(id, NULL, 0, msg, sizeof(msg)), PROC_NEED_PIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "暗証番号"));
	/* One of the two given: the other is asked for, nothing is set. */
	CU_ASSERT_EQUAL(run(id, both, 1, msg, sizeof(msg)), PROC_NEED_PIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "署名用電子証明書"));
	for (i = 0; i < nitems(bad); i++)
		CU_ASSERT_EQUAL(run(id, &bad[i], 1, msg, sizeof(msg)),
		    PROC_NEED_PIN);
	CU_ASSERT_STRING_EQUAL(app_state(id), "accepted");
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "5678"));
	CU_ASSERT_EQUAL(run(id, both, 2, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "2222"));
	CU_ASSERT_TRUE(card_takes(CARD_PIN_SIGN, "SIGN2222"));
	id = pin_app(RULES_PROC_PIN_CHANGE, RULES_CERT_USER);
	CU_ASSERT_EQUAL(run(id, &no_current, 1, msg, sizeof(msg)),
	    PROC_NEED_PIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "今の暗証番号"));
	CU_ASSERT_STRING_EQUAL(app_state(id), "accepted");
	no_current.current = "2222";
	CU_ASSERT_EQUAL(run(id, &no_current, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "3333"));
}

/* A wrong current PIN: the tries left are said, the application waits
 * for the right one. Then the PIN blocked: a change cannot be done, a
 * reset (初期化) is needed, and one resets it. */
static void
test_wrong_then_blocked(void)
{
	struct proc_pin_new wrong = { CARD_PIN_USER, "9999", "4444" };
	struct proc_pin_new reset = { CARD_PIN_USER, NULL, "4444" };
	char msg[512];
	int64_t id = pin_app(RULES_PROC_PIN_CHANGE, RULES_CERT_USER);

	CU_ASSERT_EQUAL(run(id, &wrong, 1, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "暗証番号が違います (残り 2 回)"));
	CU_ASSERT_EQUAL(run(id, &wrong, 1, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "暗証番号が違います (残り 1 回)"));
	CU_ASSERT_STRING_EQUAL(app_state(id), "in_progress");
	/* The last try spent here: the PIN is blocked. */
	CU_ASSERT_FALSE(card_takes(CARD_PIN_USER, "0000"));
	CU_ASSERT_EQUAL(run(id, &wrong, 1, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "ロック"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "初期化"));
	CU_ASSERT_EQUAL(proc_app_cancel(&ctx, id, "暗証番号のロック", msg,
	    sizeof(msg)), 0);
	id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_USER);
	CU_ASSERT_EQUAL(run(id, &reset, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "4444"));
}

/* The face-auth switch on its own (R4-3.7), then its PIN resets: the
 * signature PIN alone leaves the card face-auth, the user PIN's reset
 * gives it its PIN use back (R4.3, R4.11); the card-face writing of each
 * is marked done by the clerk. */
static void
test_face_auth_release(void)
{
	static const char *const secret[] = { "7777", "FACE7777", NULL };
	struct proc_pin_new sign = { CARD_PIN_SIGN, NULL, "FACE7777" };
	struct proc_pin_new user = { CARD_PIN_USER, NULL, "7777" };
	struct proc_step_view v[8];
	char msg[512];
	int tries = -1, n;
	int64_t id = pin_app(RULES_PROC_FACE_AUTH, 0);
	struct card_error ce;

	CU_ASSERT_EQUAL(run(id, NULL, 0, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL(card_face_auth(), 1);
	CU_ASSERT_EQUAL(card_tries(ctx.card, NULL, CARD_PIN_USER, &tries, &ce),
	    0);
	CU_ASSERT_EQUAL(tries, 0);
	CU_ASSERT_STRING_EQUAL(app_state(id), "done");
	n = proc_app_steps(&ctx, id, v, 8);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT_TRUE(v[0].done);
	CU_ASSERT_TRUE(!v[1].done && v[1].later);
	CU_ASSERT_PTR_NOT_NULL(strstr(v[1].label, "「顔認証」と年月日"));
	/* Only a step the clerk does is marked by the clerk. */
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_switch", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_app_steps(&ctx, id, v, 8), 2);
	CU_ASSERT_TRUE(v[1].done);
	receipt_says(id, "「顔認証」と年月日を記載しました", secret);
	/* The signature PIN alone: still face-auth, the user PIN locked. */
	id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_SIGNATURE);
	CU_ASSERT_EQUAL(run(id, &sign, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL(card_face_auth(), 1);
	CU_ASSERT_EQUAL(proc_app_steps(&ctx, id, v, 8), 1);
	CU_ASSERT_EQUAL(card_tries(ctx.card, NULL, CARD_PIN_USER, &tries, &ce),
	    0);
	CU_ASSERT_EQUAL(tries, 0);
	/* The user PIN: released, and the user PIN works. */
	id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_USER);
	CU_ASSERT_EQUAL(run(id, &user, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL(card_face_auth(), 0);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "7777"));
	n = proc_app_steps(&ctx, id, v, 8);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_TRUE(v[0].done && v[1].done && !v[2].done);
	CU_ASSERT_PTR_NOT_NULL(strstr(v[2].label, "取り消し線"));
	receipt_says(id, "顔認証カードの暗証番号の利用: 再開しました", secret);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "記録済み"));
	receipt_says(id, "取り消し線を引きました", secret);
}

/* The card-face writing cannot be marked before the switch is done; once
 * it is, the mark finishes an application left open. */
static void
test_mark_waits(void)
{
	struct proc_pin_new user = { CARD_PIN_USER, NULL, "1212" };
	char msg[512];
	int64_t id = pin_app(RULES_PROC_FACE_AUTH, 0);

	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "先に"));
	CU_ASSERT_STRING_EQUAL(app_state(id), "accepted");
	CU_ASSERT_EQUAL(run(id, NULL, 0, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "issue", msg,
	    sizeof(msg)), -1);
	id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_USER);
	CU_ASSERT_EQUAL(run(id, &user, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_EQUAL(card_face_auth(), 0);
}

struct killed_run {
	int64_t				 id;
	const struct proc_pin_new	*np;
	size_t				 n;
};

static void
run_in_child(struct proc_ctx *cpc, void *arg)
{
	const struct killed_run *k = arg;
	struct proc_run_args args = { NULL, &check, k->np, k->n };
	char msg[512];

	proc_app_run(cpc, k->id, &args, msg, sizeof(msg));
}

static void
last_line_cb(const char *line, void *arg)
{
	snprintf(arg, 640, "%s", line);
}

static int
count_steps_cb(const struct store_effect *e, void *arg)
{
	int *n = arg;

	*n += strcmp(e->state, "done") == 0;
	return 0;
}

/* A face-auth card's two PINs reset, the process killed before each step
 * (signature PIN, user PIN, release): run again, it finishes, each step
 * done once, and the PINs the second run gave are the card's. */
static void
test_killed_each_step(void)
{
	char msg[512], sig[12], usr[8], line[640];
	int at;

	for (at = 1; at <= 3; at++) {
		int64_t face = pin_app(RULES_PROC_FACE_AUTH, 0);
		struct proc_pin_new np[2] = { { CARD_PIN_SIGN, NULL, sig },
			{ CARD_PIN_USER, NULL, usr } };
		struct killed_run k = { 0, np, 2 };
		int64_t id;
		int done = 0;

		CU_ASSERT_EQUAL_FATAL(run(face, NULL, 0, msg, sizeof(msg)),
		    PROC_OK);
		k.id = id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_ALL);
		snprintf(sig, sizeof(sig), "KILL%d0000", at);
		snprintf(usr, sizeof(usr), "%d%d%d%d", at, at, at, at);
		CU_ASSERT_EQUAL(proc_test_killed(dir, at, run_in_child, &k), 9);
		CU_ASSERT_STRING_EQUAL(app_state(id), "in_progress");
		CU_ASSERT_EQUAL(card_face_auth(), 1);
		/* After a crash the admin is told it waits at the counter. */
		CU_ASSERT_EQUAL(proc_reconcile(&ctx, last_line_cb, line), 1);
		CU_ASSERT_PTR_NOT_NULL(strstr(line, "暗証番号の初期化の途中です"));
		CU_ASSERT_EQUAL(run(id, np, 2, msg, sizeof(msg)), PROC_OK);
		CU_ASSERT_STRING_EQUAL(app_state(id), "done");
		CU_ASSERT_EQUAL(store_effect_foreach(db, id, count_steps_cb,
		    &done), 4);
		CU_ASSERT_EQUAL(done, 3);	/* the clerk's mark waits */
		CU_ASSERT_EQUAL(card_face_auth(), 0);
		CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, usr));
		CU_ASSERT_TRUE(card_takes(CARD_PIN_SIGN, sig));
	}
}

struct step_find {
	const char	*effect;
	int		 seq;
};

static int
step_find_cb(const struct store_effect *e, void *arg)
{
	struct step_find *f = arg;

	if (strcmp(e->effect, f->effect) != 0)
		return 0;
	f->seq = e->seq;
	return 1;
}

/* A change the card made but the records did not (the process died
 * after the card answered): the next run finds the new PIN set, spends
 * no try for good and asks for nothing twice. */
static void
test_change_made_unrecorded(void)
{
	struct proc_pin_new np = { CARD_PIN_USER, "3333", "3434" };
	struct step_find f = { "pin_change", 0 };
	struct card_error ce;
	char msg[512];
	int tries = -1;
	int64_t id = pin_app(RULES_PROC_PIN_CHANGE, RULES_CERT_USER);

	CU_ASSERT_EQUAL_FATAL(store_effect_foreach(db, id, step_find_cb, &f),
	    1);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(db, id, "accepted",
	    "in_progress"), 0);
	CU_ASSERT_EQUAL_FATAL(store_effect_note(db, id, f.seq, "sent"), 0);
	CU_ASSERT_EQUAL_FATAL(card_change_pin(ctx.card, NULL, CARD_PIN_USER,
	    "3333", "3434", &ce), 0);
	CU_ASSERT_EQUAL(run(id, &np, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_STRING_EQUAL(app_state(id), "done");
	CU_ASSERT_EQUAL(card_tries(ctx.card, NULL, CARD_PIN_USER, &tries, &ce),
	    0);
	CU_ASSERT_EQUAL(tries, 3);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "3434"));
}

/* A change filed by an agent: staff set the PIN from the PIN request
 * form (R4.10), with no current PIN; the receipt says it was changed. */
static void
test_agent_change(void)
{
	static const char *const secret[] = { "6767", NULL };
	struct proc_pin_new np = { CARD_PIN_USER, NULL, "6767" };
	struct rules_case c;
	char msg[512];
	int64_t id;

	proc_test_case(&c, RULES_PROC_PIN_CHANGE);
	c.certs = RULES_CERT_USER;
	c.filer = RULES_FILER_AGENT;
	c.power_of_attorney = c.inquiry_reply = c.pin_request_form = true;
	c.n_filer_documents = 1;
	c.filer_documents[0] = c.documents[0];
	id = proc_test_save(&ctx, holder, clerk, &c);
	CU_ASSERT_EQUAL(run(id, &np, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "6767"));
	receipt_says(id, "暗証番号設定依頼書", secret);
	receipt_says(id, "利用者証明用電子証明書の暗証番号: 変更しました", secret);
}

/* Every step proc runs done but the application left open (stopped
 * before its last record): the clerk's mark finishes it, audited. */
static void
test_mark_finishes(void)
{
	struct step_find f = { "face_auth_switch", 0 };
	struct store_app a;
	char msg[512];
	int64_t id = pin_app(RULES_PROC_FACE_AUTH, 0);

	CU_ASSERT_EQUAL_FATAL(store_effect_foreach(db, id, step_find_cb, &f),
	    1);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(db, id, "accepted",
	    "in_progress"), 0);
	CU_ASSERT_EQUAL_FATAL(store_effect_done(db, id, f.seq), 0);
	CU_ASSERT_EQUAL(proc_app_mark_done(&ctx, id, "face_auth_mark", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(app_state(id), "done");
	CU_ASSERT_EQUAL_FATAL(store_app_get(db, id, &a), 0);
	CU_ASSERT_EQUAL(test_system("sqlite3 %s/madoguchi.db \"SELECT count(*) "
	    "FROM audit_events WHERE kind = 'application.done' AND object = "
	    "'%s'\" | grep -qx 1", dir, a.request_id), 0);
}

/* Another card in the reader gets nothing; the checked card back takes
 * the reset. */
static void
test_swapped_card(void)
{
	struct proc_pin_new np = { CARD_PIN_USER, NULL, "5656" };
	char *profile = NULL, *before, *after, msg[512];
	FILE *f;
	int status;
	int64_t id = pin_app(RULES_PROC_PIN_RESET, RULES_CERT_USER);

	CU_ASSERT_FATAL(asprintf(&profile, "%s/ichiro.json", dir) != -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(profile, "w"));
	fprintf(f, "{\"atr\": \"3B E0 00 FF 81 31 FE 45 14\", \"my_number\": "
	    "\"123456789018\", \"name\": \"窓口 一郎\", \"address\": "
	    "\"大阪府豊中市中桜塚3丁目1番1号\", \"birth\": \"19800101\", "
	    "\"sex\": \"1\", \"pins\": {\"user\": \"1111\", \"sign\": "
	    "\"ICHI11\", \"support\": \"1234\"}}\n");
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(proc_test_stack(dir, "vcard-swap", profile), 0);
	CU_ASSERT_EQUAL(proc_test_card_present(dir), 0);
	before = test_output(&status, "cat %s/card/ichiro.state.json "
	    "2>/dev/null", dir);
	CU_ASSERT_EQUAL(run(id, &np, 1, msg, sizeof(msg)), PROC_CARD);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "確認したカードではありません"));
	after = test_output(&status, "cat %s/card/ichiro.state.json "
	    "2>/dev/null", dir);
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "1111"));
	CU_ASSERT_STRING_NOT_EQUAL(app_state(id), "done");
	CU_ASSERT_EQUAL_FATAL(proc_test_stack(dir, "vcard-start", ""), 0);
	CU_ASSERT_EQUAL(proc_test_card_present(dir), 0);
	CU_ASSERT_EQUAL(run(id, &np, 1, msg, sizeof(msg)), PROC_OK);
	CU_ASSERT_TRUE(card_takes(CARD_PIN_USER, "5656"));
	free(before);
	free(after);
	free(profile);
}

static CU_TestInfo pin_tests[] = {
	{ "change each PIN: the old fails, the new works", test_change_each },
	{ "PINs missing or malformed: asked before the card", test_pins_checked_first },
	{ "wrong current PIN shows tries; blocked needs a reset", test_wrong_then_blocked },
	{ "face-auth switch, then only a user-PIN reset releases", test_face_auth_release },
	{ "the card-face mark waits for the switch", test_mark_waits },
	{ "process killed before each step, then run again", test_killed_each_step },
	{ "a change the card made but the records missed", test_change_made_unrecorded },
	{ "an agent's change: set from the PIN request form", test_agent_change },
	{ "the clerk's mark finishes an application left open", test_mark_finishes },
	{ "a swapped card gets nothing", test_swapped_card },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_pin, "proc.pin", pin_suite_init, pin_suite_clean,
    pin_tests)
