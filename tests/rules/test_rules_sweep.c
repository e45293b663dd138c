/*
 * A sweep over a few hundred thousand cases built as structs (every
 * procedure, register, window, ground, filer and combined form; ages 0, 14,
 * 15 and 40; several document sets; all flags on or off), checking what
 * must hold for any decision: it cites a rule, a reject sets nothing and
 * says why, an accept issues only what was asked, the face-auth switch
 * never comes with a signature cert, and the same case decides the same.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "testlib.h"

struct sweep {
	long	cases, valid, accepted, broken;
};

static void
docs_variant(struct rules_case *c, int v)
{
	static const struct rules_document a1 = { RULES_LIST_A, 1, true, true };
	static const struct rules_document a12 = { RULES_LIST_A, 12, true, true };
	static const struct rules_document b5 = { RULES_LIST_B, 5, true, false };
	static const struct rules_document b26 = { RULES_LIST_B, 26, true, false };

	c->n_documents = 0;
	c->has_card = false;
	switch (v) {
	case 1:
		c->documents[c->n_documents++] = a1;
		break;
	case 2:
		c->documents[c->n_documents++] = a12;
		c->has_card = true;
		c->card = (struct rules_card_check){ false, true, true, true, true };
		break;
	case 3:
		c->documents[c->n_documents++] = b5;
		c->documents[c->n_documents++] = b26;
		break;
	default:
		break;
	}
	c->n_filer_documents = 1;
	c->filer_documents[0] = a1;
}

static int
broken(struct sweep *s, const struct rules_case *c, const char *why)
{
	if (s->broken++ < 10)
		printf("sweep: %s: %s %s window %d ground %d filer %d combined %d\n",
		    why, rules_procedure_name(c->procedure),
		    rules_register_name(c->reg), c->window, c->via_ground,
		    c->filer, c->combined_with);
	return -1;
}

static int
check_reasons(struct sweep *s, const struct rules_case *c,
    const struct rules_decision *d)
{
	size_t i;
	int rejects = 0;

	for (i = 0; i < d->n_reasons; i++) {
		enum rules_severity sev = rules_reason_severity(d->reasons[i].code);

		if (!rules_decision_cites(d, d->reasons[i].rule))
			return broken(s, c, "a reason's rule is not cited");
		if (sev == RULES_SEV_REJECT)
			rejects++;
		if (d->verdict == RULES_REJECT && sev == RULES_SEV_NOTE)
			return broken(s, c, "a note on a reject");
	}
	if (d->verdict == RULES_REJECT && rejects == 0)
		return broken(s, c, "a reject without a reject reason");
	if (d->verdict == RULES_ACCEPT && rejects > 0)
		return broken(s, c, "an accept with a reject reason");
	return 0;
}

static int
check_decision(struct sweep *s, const struct rules_case *c,
    const struct rules_decision *d)
{
	int i, cited = 0;

	for (i = 0; i < RULES_ID_COUNT; i++)
		cited += d->cited[i];
	if (cited == 0)
		return broken(s, c, "no rule cited");
	if (check_reasons(s, c, d) == -1)
		return -1;
	if (d->verdict == RULES_REJECT) {
		if (d->issue || d->revoke || d->pin_set_by != RULES_PIN_NONE ||
		    d->face_auth_switch || d->face_auth_release ||
		    d->send_to_jlis || d->retention_years != 0)
			return broken(s, c, "a reject that does something");
		return 0;
	}
	s->accepted++;
	if ((d->issue & ~c->certs) != 0)
		return broken(s, c, "issues a cert not asked for");
	if (c->procedure == RULES_PROC_ISSUE && d->issue == 0)
		return broken(s, c, "an accepted issuance issues nothing");
	if ((c->procedure == RULES_PROC_REVOKE ||
	    c->procedure == RULES_PROC_CARD_FOUND) && d->revoke == 0)
		return broken(s, c, "an accepted revocation revokes nothing");
	if (d->face_auth_switch && ((d->issue & RULES_CERT_SIGNATURE) ||
	    d->pin_set_by != RULES_PIN_STAFF_RANDOM))
		return broken(s, c, "face-auth switch with a signature cert or PIN");
	/* R4.3, R4.11, R4-3.7: only a user-PIN reset unlocks a face-auth
	 * card. */
	if (d->face_auth_release && (c->procedure != RULES_PROC_PIN_RESET ||
	    !(c->certs & RULES_CERT_USER)))
		return broken(s, c, "face-auth release without a user-PIN reset");
	if (d->form == RULES_FORM_NONE)
		return broken(s, c, "an accept without a form");
	if (d->send_to_jlis != (c->procedure == RULES_PROC_DISCLOSE ||
	    c->procedure == RULES_PROC_CORRECT))
		return broken(s, c, "J-LIS mail for the wrong procedure");
	if ((c->procedure == RULES_PROC_REVOKE || c->procedure ==
	    RULES_PROC_DISCLOSE) && d->pin_set_by != RULES_PIN_NONE)
		return broken(s, c, "a PIN set by a revocation or disclosure");
	return 0;
}

static void
sweep_one(struct sweep *s, const struct rules_case *c)
{
	struct rules_decision d, again;
	struct rules_error err;

	s->cases++;
	if (rules_case_validate(c, &err) == -1)
		return;
	s->valid++;
	if (rules_decide(c, &d, &err) == -1) {
		broken(s, c, "valid but not decided");
		return;
	}
	if (check_decision(s, c, &d) == -1)
		return;
	rules_decide(c, &again, &err);
	if (memcmp(&d, &again, sizeof(d)) != 0)
		broken(s, c, "not deterministic");
}

static void
sweep_people(struct sweep *s, struct rules_case *c)
{
	static const struct era_date births[] = {
		{ 2025, 12, 1 }, { 2011, 5, 2 }, { 2011, 5, 1 }, { 1986, 2, 3 },
	};
	size_t b;
	int flags, docs;

	for (b = 0; b < sizeof(births) / sizeof(births[0]); b++)
		for (flags = 0; flags < 2; flags++)
			for (docs = 0; docs < 4; docs++) {
				c->birth_date = births[b];
				c->adult_ward = b == 3 && flags;
				docs_variant(c, docs);
				c->inquiry_reply = c->power_of_attorney =
				    c->pin_request_form = c->serial_document =
				    c->has_valid_signature = flags;
				c->moved_within_month =
				    c->agent_same_household = !flags;
				c->renewal = c->procedure == RULES_PROC_ISSUE &&
				    flags;
				c->face_auth_wanted = c->procedure ==
				    RULES_PROC_FACE_AUTH || (c->procedure ==
				    RULES_PROC_ISSUE && docs == 2);
				c->has_legal_rep = c->filer == RULES_FILER_LEGAL_REP;
				c->legal_rep = (struct rules_legal_rep){
				    b < 3 ? RULES_REP_PARENT : RULES_REP_GUARDIAN,
				    flags, flags, b < 3 ? RULES_AUTH_KOSEKI :
				    RULES_AUTH_REGISTRY_CERTIFICATE };
				sweep_one(s, c);
			}
}

static void
test_sweep(void)
{
	struct sweep s = { 0 };
	struct rules_case c;
	int p, r, w, g, f, k, certs;

	rules_case_init(&c);
	c.date = (struct era_date){ 2026, 5, 1 };
	for (p = 0; p < RULES_PROC_COUNT; p++)
	for (r = 0; r < RULES_REG_COUNT; r++)
	for (w = 0; w < RULES_WIN_COUNT; w++)
	for (g = 0; g < RULES_VIA_COUNT; g++)
	for (f = 0; f < RULES_FILER_COUNT; f++)
	for (k = 0; k < RULES_COMB_COUNT; k++)
	for (certs = 1; certs <= 3; certs++) {
		c.procedure = (enum rules_procedure)p;
		c.reg = (enum rules_register)r;
		c.window = (enum rules_window)w;
		c.via_ground = (enum rules_via_ground)g;
		c.filer = (enum rules_filer)f;
		c.combined_with = (enum rules_combined)k;
		c.certs = (unsigned)certs;
		sweep_people(&s, &c);
	}
	printf("sweep: %ld cases, %ld valid, %ld accepted, %ld broken\n",
	    s.cases, s.valid, s.accepted, s.broken);
	CU_ASSERT_EQUAL(s.broken, 0);
	CU_ASSERT(s.valid > 10000);
	CU_ASSERT(s.accepted > 1000);
}

static CU_TestInfo sweep_tests[] = {
	{ "what holds for every decision", test_sweep },
	CU_TEST_INFO_NULL
};
TEST_SUITE(rules_sweep, "rules.sweep", sweep_tests)
