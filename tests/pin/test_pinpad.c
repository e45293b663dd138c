/*
 * The emulated PIN pad as the end-to-end tests use it (counter.h): a card
 * whose reader has the pad (ctr_use_card_pad), the holder's keys queued
 * with ctr_pad_keys, and the card service asked for a PIN as "" taking
 * them; the demo card's reader has no pad.
 */
#include <stddef.h>

#include "counter.h"
#include "testlib.h"

static void
test_pad_helpers(void)
{
	static const char *const right[] = { "1234" }, *const wrong[] = {
		"9999" };
	int tries = -1;

	/* The demo card in a reader without a pad: keys are refused. */
	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	CU_ASSERT_EQUAL(ctr_pad_keys(right, 1), -1);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "", NULL),
	    CARD_E_NOT_SUPPORTED);
	/* The same card on a reader with the pad. */
	CU_ASSERT_EQUAL_FATAL(ctr_use_card_pad("DM0000000001", NULL, NULL, NULL,
	    0, 1), 0);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "", NULL),
	    CARD_E_CANCELLED);
	CU_ASSERT_EQUAL_FATAL(ctr_pad_keys(wrong, 1), 0);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "", &tries),
	    CARD_E_PIN_WRONG);
	CU_ASSERT_EQUAL(tries, 2);
	CU_ASSERT_EQUAL_FATAL(ctr_pad_keys(right, 1), 0);
	CU_ASSERT_EQUAL(ctr_card_verify(CARD_PIN_USER, "", &tries), 0);
	CU_ASSERT_EQUAL(tries, 3);
	/* Back to the card without the pad. */
	CU_ASSERT_EQUAL_FATAL(ctr_use_demo_card(), 0);
	CU_ASSERT_EQUAL(ctr_pad_keys(right, 1), -1);
}

static CU_TestInfo pinpad_tests[] = {
	{ "the emulated PIN pad's helpers", test_pad_helpers },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(pinpad, "pin.pad", ctr_suite_init, ctr_suite_clean,
    pinpad_tests)
