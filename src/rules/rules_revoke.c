/*
 * Revocation (or private-key compromise notice): Article 3 (residents,
 * Form 3, the combined forms of R3.9-R3.13) and Article 3-2 (overseas,
 * Form 11, R3-2.6-R3-2.8), and a lost card found again (Article 5), whose
 * on-hold certs are revoked by those articles.
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

/* R5.1-R5.3: a found card's certs were put on hold by phone; they are
 * revoked now and a new issuance is asked for where needed. */
static void
card_found(struct rules_ctx *x)
{
	enum rules_id rule = x->c->reg == RULES_REG_RESIDENT ? RULE_A5_P2 :
	    RULE_A5_P3;

	rules_cite(x, RULE_A5_P1);
	rules_reason(x, RULES_RSN_NEW_ISSUE_IF_NEEDED, rule);
}

/* R3.9, R3.10, R3-2.6, R3-2.7: filed with the card loss/abolition or
 * return notice, "regardless of" the preceding paragraphs: the cert is
 * revoked when that notice is accepted. */
static void
revoke_on_notice(struct rules_ctx *x)
{
	rules_reason(x, RULES_RSN_REVOKE_ON_NOTICE, x->combo->rule);
	if (x->c->combined_with == RULES_COMB_CARD_LOST)
		rules_reason(x, RULES_RSN_ON_HOLD_BY_PHONE, RULE_A5_P1);
	x->d->revoke = x->grant;
}

/* R3-2.8: the card-found notice (card guideline form 14) names the on-hold
 * certs; no serial-number paper is asked for. */
static bool
overseas_found(const struct rules_ctx *x)
{
	return x->c->reg == RULES_REG_OVERSEAS &&
	    (x->c->procedure == RULES_PROC_CARD_FOUND ||
	    x->c->combined_with == RULES_COMB_CARD_FOUND);
}

void
rules_decide_revoke(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;

	if (c->procedure == RULES_PROC_CARD_FOUND)
		card_found(x);
	if (x->combo != NULL && x->combo->revoke_on_notice) {
		revoke_on_notice(x);
		return;
	}
	rules_check_window(x);
	rules_check_filer(x);
	if (overseas_found(x))
		rules_cite(x, RULE_A3_2_P8);
	else {
		/* R3.8 / R3-2.5: the card or a paper with the serial number
		 * identifies the cert to revoke. */
		enum rules_id rule = c->reg == RULES_REG_RESIDENT ?
		    RULE_A3_P8 : RULE_A3_2_P5;

		rules_cite(x, rule);
		if (!c->serial_document)
			rules_reason(x, RULES_RSN_SERIAL_MISSING, rule);
	}
	if (x->grant == 0)
		rules_reason(x, RULES_RSN_NOTHING_TO_ISSUE, x->p->r_form);
	x->d->revoke = x->grant;
}
