/*
 * Face-auth cards: Article 4-3. A resident (not an infant applicant) files
 * card guideline form 10; on acceptance staff set a random user-cert PIN
 * and lock it, revoke a valid signature cert, and mark the card (R4-3.7).
 * Overseas persons follow card guideline 17.6-17.7 instead (R4-3.9).
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

void
rules_decide_face_auth(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	struct rules_decision *d = x->d;

	if (c->reg == RULES_REG_OVERSEAS) {
		/* R4-3.9: not a procedure of this guideline. */
		rules_reason(x, RULES_RSN_FACE_AUTH_OVERSEAS, RULE_A4_3_P9);
		return;
	}
	if (x->infant)
		rules_reason(x, RULES_RSN_FACE_AUTH_INFANT, RULE_A4_3_P1);
	rules_check_window(x);
	rules_check_filer(x);
	rules_cite_accept(x, RULE_A4_3_P7);
	d->pin_set_by = RULES_PIN_STAFF_RANDOM;
	d->face_auth_switch = true;
	rules_reason(x, RULES_RSN_FACE_AUTH_MARK, RULE_A4_3_P7);
	if (c->has_valid_signature) {
		d->revoke = RULES_CERT_SIGNATURE;
		rules_reason(x, RULES_RSN_SIGNATURE_REVOKED_FACE_AUTH,
		    RULE_A4_3_P7);
	}
}
