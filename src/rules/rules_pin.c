/*
 * PIN change or reset: Article 4 (residents, card guideline form 4,
 * inquiry form 20) and Article 4-2 (overseas, card guideline form 13).
 * A face-auth card gets its PIN use back only by a reset (R4.3, R4.11).
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

/*
 * R4.3 / R4.11: resetting the user PIN of a face-auth card makes it usable
 * with PINs again (strike "顔認証" in the remarks field); a change needs the old
 * PIN, which a face-auth card's random locked PIN cannot give. Reading for
 * overseas persons: their face-auth cards follow card guideline 17.6-17.7
 * (R4-3.9); the same reset releases them.
 */
static void
face_auth_card(struct rules_ctx *x)
{
	bool res = x->c->reg == RULES_REG_RESIDENT;
	enum rules_id rule = res ? RULE_A4_P3 : RULE_A4_3_P9;

	if (x->c->procedure == RULES_PROC_PIN_CHANGE) {
		rules_reason(x, RULES_RSN_PIN_CHANGE_FACE_AUTH, rule);
		return;
	}
	/* Only the user PIN is locked on a face-auth card (R4-3.7, which
	 * also revoked its signature cert): a reset of the signature PIN
	 * alone gives the card no PIN use back. */
	if (!(x->grant & RULES_CERT_USER))
		return;
	rules_cite_accept(x, rule);
	x->d->face_auth_release = true;
	if (res)
		rules_reason(x, RULES_RSN_FACE_AUTH_RELEASE_MARK, RULE_A4_P11);
}

/*
 * Who sets the PIN: R4.9 / R4-2.5 the applicant (a change needs the old PIN
 * too); R4.10 staff from the PIN request form for an agent (R4.7) or a via
 * submission; R4-2.6 staff for an embassy or via submission.
 */
static void
pin_setter(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	bool res = c->reg == RULES_REG_RESIDENT;
	enum rules_id self_rule = res ? RULE_A4_P9 : RULE_A4_2_P5;

	if (res && (rules_via(x) || c->filer == RULES_FILER_AGENT)) {
		rules_pin_from_request(x, RULE_A4_P10);
		return;
	}
	if (!res && rules_staff_window(x)) {
		rules_pin_from_request(x, RULE_A4_2_P6);
		return;
	}
	x->d->pin_set_by = RULES_PIN_APPLICANT;
	rules_cite_accept(x, self_rule);
	if (c->procedure == RULES_PROC_PIN_CHANGE)
		rules_reason(x, RULES_RSN_PIN_OLD_NEEDED, self_rule);
}

void
rules_decide_pin(struct rules_ctx *x)
{
	rules_check_window(x);
	rules_check_filer(x);
	if (x->c->has_card && x->c->card.face_auth)
		face_auth_card(x);
	pin_setter(x);
	if (x->grant == 0)
		rules_reason(x, RULES_RSN_NOTHING_TO_ISSUE, x->p->r_form);
}
