/*
 * Type-ahead: a clerk on a slow link types on before the screen a key is
 * meant for has appeared. The ten-key renewal (test_renewal_budget) is
 * written in one go, none of its screens waited for; every key must go
 * to its screen in order: the receipt shows, and the database has the
 * renewal done with the card's expiry as typed (a PIN digit lost or
 * moved fails the card check, a character of the expiry the date checks,
 * a lost Enter leaves no document for the acceptance). bench-wan measures
 * the same across a delaying relay.
 */
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "counter.h"
#include "testlib.h"

#define ISSUE_MS	60000

/* The demo card's holder; her first certs recorded with a card expiring a
 * year before the one the renewal types, so the record tells which. */
static const struct ctr_who hanako = { "マドグチハナコ", "DM0000000001",
	"2033-02-03", NULL };

static void
test_renewal_typed_ahead(void)
{
	static const enum vt_key keys[] = { VT_KEY_F5, VT_KEY_F6, VT_KEY_F2,
	    VT_KEY_ENTER, VT_KEY_F9, VT_KEY_F5 };
	struct store_card card;
	struct store_app app;
	struct vt *v;
	size_t i;

	ctr_issue_certs(&hanako, RULES_CERT_SIGNATURE | RULES_CERT_USER);
	CU_ASSERT_EQUAL_FATAL(ctr_card_record(hanako.card_no, &card), 0);
	CU_ASSERT_STRING_EQUAL(card.expires_on, "2033-02-03");
	v = ctr_login_size(24, 80);
	vt_type(v, "1");
	vt_key(v, VT_KEY_F4);
	vt_type(v, "1234");			/* input support */
	vt_type(v, "1234");			/* user */
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		vt_key(v, keys[i]);
	vt_type(v, "R16.2.3");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "1234");			/* the card check's PIN */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(ctr_wait_text(v, "受付票", ISSUE_MS));
	CU_ASSERT_TRUE(ctr_wait_text(v, "発行済み", ISSUE_MS));
	ctr_last_app(hanako.kana, &app);
	CU_ASSERT_STRING_EQUAL(app.state, "done");
	CU_ASSERT_STRING_EQUAL(app.pin_set_by, "existing");
	CU_ASSERT_EQUAL(ctr_card_record(hanako.card_no, &card), 0);
	CU_ASSERT_STRING_EQUAL(card.expires_on, "2034-02-03");
	ctr_logout(v);
}

static CU_TestInfo typeahead_tests[] = {
	{ "the ten-key renewal typed ahead in one go",
	  test_renewal_typed_ahead },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(typeahead, "issuance.typeahead", ctr_suite_init_direct,
    ctr_suite_clean, typeahead_tests)
