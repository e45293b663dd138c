/* Cards, certificates, applications and inquiry letters in the counter
 * database, and the state transitions they may take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "testlib.h"

static char *dir;
static int64_t person_id, clerk_id;

static int
first_cb(const struct store_person *p, void *arg)
{
	(void)arg;
	person_id = p->id;
	return 1;
}

static struct store *
fresh(void)
{
	struct store_person_query q = { .kana = "マドグチハナコ" };
	struct store_clerk c = { .login = "sato", .name = "佐藤", .role =
	    "clerk", .window = "citizens" };
	char err[256];
	struct store *st;
	int added;

	if (dir != NULL) {
		test_rmtree(dir);
		free(dir);
	}
	dir = test_mkdtemp("app");
	st = store_open(dir, STORE_CREATE, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_migrate(st, NULL, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(store_load_demo(st, &added), 0);
	CU_ASSERT_EQUAL_FATAL(store_clerk_add(st, &c, "ssh-ed25519 "
	    "AAAAC3NzaC1lZDI1NTE5AAAAIHJSqylHuHhq/IieGFYm5KUNjJyw0QPs4OrXUfvbBraT"), 0);
	CU_ASSERT_EQUAL_FATAL(store_clerk_by_login(st, "sato", &c), 0);
	clerk_id = c.id;
	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, first_cb, NULL), 1);
	return st;
}

static int
cleanup(void)
{
	test_rmtree(dir);
	free(dir);
	dir = NULL;
	return 0;
}

static void
new_app(struct store *st, struct store_app *a, const char *state)
{
	memset(a, 0, sizeof(*a));
	a->person_id = person_id;
	strcpy(a->procedure, "issue");
	strcpy(a->register_, "resident");
	strcpy(a->form, "様式第1号");
	strcpy(a->window, "citizens");
	strcpy(a->filer, "self");
	strcpy(a->case_json, "{\"procedure\":\"issue\"}");
	strcpy(a->decision, "accept");
	strcpy(a->rules, "R2.1 R2.4 R2.11");
	strcpy(a->pin_set_by, "applicant");
	strcpy(a->state, state);
	strcpy(a->keep_until, "2041-11-25");
	a->clerk_id = clerk_id;
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, a), 0);
}

static void
test_app_states(void)
{
	struct store *st = fresh();
	struct store_app a, got;

	new_app(st, &a, "draft");
	CU_ASSERT(a.id > 0);
	CU_ASSERT_EQUAL(strlen(a.request_id), 32);
	CU_ASSERT_EQUAL(store_app_set_state(st, a.id, "draft", "accepted"), 0);
	CU_ASSERT_EQUAL(store_app_get(st, a.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "accepted");
	CU_ASSERT_NOT_EQUAL(got.accepted_at[0], '\0');
	CU_ASSERT_STRING_EQUAL(got.form, "様式第1号");
	CU_ASSERT_STRING_EQUAL(got.keep_until, "2041-11-25");
	/* A second clerk acting on what it saw as a draft is refused. */
	CU_ASSERT_EQUAL(store_app_set_state(st, a.id, "draft", "cancelled"), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(store_errmsg(st), "no longer draft"));
	/* Not a transition at all. */
	CU_ASSERT_EQUAL(store_app_set_state(st, a.id, "accepted", "draft"), -1);
	CU_ASSERT_EQUAL(store_app_set_state(st, a.id, "accepted", "in_progress"), 0);
	CU_ASSERT_EQUAL(store_app_set_state(st, a.id, "in_progress", "done"), 0);
	CU_ASSERT_FALSE(store_app_transition_ok("done", "accepted"));
	CU_ASSERT_FALSE(store_app_transition_ok("rejected", "accepted"));
	CU_ASSERT_TRUE(store_app_transition_ok("waiting_reply", "accepted"));
	/* Every pending application can be cancelled; a finished one not. */
	CU_ASSERT_TRUE(store_app_transition_ok("accepted", "cancelled"));
	CU_ASSERT_TRUE(store_app_transition_ok("waiting_reply", "cancelled"));
	CU_ASSERT_TRUE(store_app_transition_ok("in_progress", "cancelled"));
	CU_ASSERT_FALSE(store_app_transition_ok("done", "cancelled"));
	CU_ASSERT_FALSE(store_app_transition_ok("rejected", "cancelled"));
	CU_ASSERT_FALSE(store_app_transition_ok("cancelled", "accepted"));
	store_close(st);
}

static int
count_cert_cb(const struct store_cert *c, void *arg)
{
	(void)c;
	(*(int *)arg)++;
	return 0;
}

static void
test_certs(void)
{
	struct store *st = fresh();
	struct store_card card;
	struct store_cert c = { 0 }, got;
	int n = 0;

	CU_ASSERT_EQUAL(store_card_ensure(st, person_id, "MN0000000001",
	    "2034-02-03", &card), 0);
	CU_ASSERT_EQUAL(store_card_ensure(st, person_id, "MN0000000001",
	    "2034-02-03", &card), 0);
	CU_ASSERT_EQUAL(store_card_ensure(st, person_id + 1, "MN0000000001",
	    "2034-02-03", &card), -1);
	c.card_id = card.id;
	c.person_id = person_id;
	strcpy(c.kind, "user");
	strcpy(c.serial, "1a2b3c");
	strcpy(c.not_before, "2026-11-25");
	strcpy(c.not_after, "2031-02-03");
	CU_ASSERT_EQUAL(store_cert_record(st, &c), 0);
	CU_ASSERT_EQUAL(store_cert_record(st, &c), 0);	/* a retry */
	CU_ASSERT_EQUAL(store_cert_foreach(st, person_id, count_cert_cb, &n), 1);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, "1a2b3c", &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "valid");
	CU_ASSERT_EQUAL(store_cert_set_state(st, "1a2b3c", "on_hold", NULL), 0);
	CU_ASSERT_EQUAL(store_cert_set_state(st, "1a2b3c", "expired", NULL), -1);
	CU_ASSERT_EQUAL(store_cert_set_state(st, "1a2b3c", "revoked",
	    "keyCompromise"), 0);
	CU_ASSERT_EQUAL(store_cert_set_state(st, "1a2b3c", "revoked",
	    "keyCompromise"), 0);	/* already there */
	CU_ASSERT_EQUAL(store_cert_set_state(st, "1a2b3c", "valid", NULL), -1);
	CU_ASSERT_EQUAL(store_cert_by_serial(st, "1a2b3c", &got), 0);
	CU_ASSERT_STRING_EQUAL(got.revoked_reason, "keyCompromise");
	CU_ASSERT_EQUAL(store_cert_set_state(st, "ffff", "revoked", NULL), -1);
	store_close(st);
}

static void
test_letters(void)
{
	struct store *st = fresh();
	struct store_app a;
	struct store_letter l, got;
	char bare[16], bad[16];
	int last;

	new_app(st, &a, "waiting_reply");
	CU_ASSERT_EQUAL_FATAL(store_letter_create(st, a.id, "様式第2号", &l), 0);
	CU_ASSERT_EQUAL(strlen(l.ref_no), 10);
	CU_ASSERT_EQUAL(l.ref_no[4], '-');
	CU_ASSERT_STRING_EQUAL(l.state, "created");
	/* Found with or without the hyphen; a wrong check digit is not. */
	snprintf(bare, sizeof(bare), "%.4s%.5s", l.ref_no, l.ref_no + 5);
	CU_ASSERT_EQUAL(store_letter_by_ref(st, bare, &got), 0);
	CU_ASSERT_EQUAL(got.application_id, a.id);
	strcpy(bad, l.ref_no);
	last = bad[9] - '0';
	bad[9] = (char)('0' + (last + 1) % 10);
	CU_ASSERT_EQUAL(store_letter_by_ref(st, bad, &got), 1);
	CU_ASSERT_EQUAL(store_letter_by_ref(st, "1234-56789-0", &got), 1);
	CU_ASSERT_EQUAL(store_letter_set_state(st, l.ref_no, "returned"), -1);
	CU_ASSERT_EQUAL(store_letter_set_state(st, l.ref_no, "sent"), 0);
	CU_ASSERT_EQUAL(store_letter_set_state(st, l.ref_no, "returned"), 0);
	CU_ASSERT_EQUAL(store_letter_set_state(st, l.ref_no, "used"), 0);
	CU_ASSERT_EQUAL(store_letter_set_state(st, l.ref_no, "void"), -1);
	CU_ASSERT_EQUAL(store_letter_by_ref(st, l.ref_no, &got), 0);
	CU_ASSERT_NOT_EQUAL(got.sent_at[0], '\0');
	CU_ASSERT_NOT_EQUAL(got.used_at[0], '\0');
	store_close(st);
}

static CU_TestInfo app_tests[] = {
	{ "application states and concurrent moves", test_app_states },
	{ "cards and certificate states", test_certs },
	{ "inquiry letters and reference numbers", test_letters },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(app, "store.app", NULL, cleanup, app_tests)
