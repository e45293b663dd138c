/*
 * Issuance: Article 2 (residents, Form 1 and the combined forms of
 * R2.17-R2.20) and Article 2-2 (overseas persons, Form 10, R2-2.12-13).
 * After the shared window/filer/identity steps this file decides which
 * certs may be issued (R2.3 for minors, R2.2 (3) for infants via another
 * municipality, R2.15 for a face-auth wish) and who sets the PIN.
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

static bool
resident(const struct rules_ctx *x)
{
	return x->c->reg == RULES_REG_RESIDENT;
}

/*
 * R2.3 (R2-2.4 overseas): no signature cert for a person under 15 or an
 * adult ward, unless the legal representative comes along with the person
 * and both intents are confirmed.
 */
static void
signature_for_minor(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	bool both;

	if (!(x->child || c->adult_ward) || !(x->grant & RULES_CERT_SIGNATURE))
		return;
	if (!resident(x))
		rules_cite(x, RULE_A2_2_P4);
	both = c->filer == RULES_FILER_LEGAL_REP && c->has_legal_rep &&
	    c->legal_rep.accompanies_person && c->legal_rep.intent_confirmed;
	if (both) {
		rules_cite(x, RULE_A2_P3);
		return;
	}
	x->grant &= ~RULES_CERT_SIGNATURE;
	rules_reason(x, RULES_RSN_SIGNATURE_MINOR, RULE_A2_P3);
}

/*
 * R2.15 (R2-2.10 overseas): the face-auth box. No signature cert; staff set
 * a random PIN, issue or renew the user cert, and switch the card by
 * R4-3.7 (R4-3.8: no form 10 needed), which revokes a valid signature cert.
 * Infant applicants cannot have face-auth cards (R4-3.1, R4-3.9).
 */
static void
face_auth_wish(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	struct rules_decision *d = x->d;

	if (!resident(x))
		rules_cite_accept(x, RULE_A2_2_P10);
	if (x->infant) {
		rules_reason(x, RULES_RSN_FACE_AUTH_INFANT,
		    resident(x) ? RULE_A4_3_P1 : RULE_A4_3_P9);
		return;
	}
	if (x->grant & RULES_CERT_SIGNATURE) {
		x->grant &= ~RULES_CERT_SIGNATURE;
		rules_reason(x, RULES_RSN_SIGNATURE_FACE_AUTH, RULE_A2_P15);
	}
	rules_cite_accept(x, RULE_A2_P15);
	if (resident(x))
		rules_cite_accept(x, RULE_A4_3_P8);
	d->pin_set_by = RULES_PIN_STAFF_RANDOM;
	d->face_auth_switch = true;
	rules_reason(x, RULES_RSN_FACE_AUTH_MARK, RULE_A4_3_P7);
	if (c->has_valid_signature) {
		d->revoke |= RULES_CERT_SIGNATURE;
		rules_reason(x, RULES_RSN_SIGNATURE_REVOKED_FACE_AUTH,
		    RULE_A4_3_P7);
	}
}

/*
 * Who sets the PIN. Residents: R2.16 renewal keeps the existing PIN
 * (reading: so no PIN request form is asked for then, even from an agent);
 * R2.14 staff from the PIN request form for an agent or a via submission;
 * otherwise R2.11 the applicant (the one filing). Overseas: R2-2.11 staff
 * from the form when sent via an embassy or municipality, else R2-2.9.
 * Reading: R2.16 is in Article 2 only and Article 2-2 does not apply it, so
 * an overseas renewal sets the PIN like a new issuance.
 */
static void
pin_setter(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	struct rules_decision *d = x->d;

	if (resident(x)) {
		if (c->renewal) {
			d->pin_set_by = RULES_PIN_EXISTING;
			rules_reason(x, RULES_RSN_PIN_EXISTING, RULE_A2_P16);
		} else if (rules_via(x) || c->filer == RULES_FILER_AGENT)
			rules_pin_from_request(x, RULE_A2_P14);
		else {
			d->pin_set_by = RULES_PIN_APPLICANT;
			rules_cite_accept(x, RULE_A2_P11);
		}
		return;
	}
	if (rules_staff_window(x))
		rules_pin_from_request(x, RULE_A2_2_P11);
	else {
		d->pin_set_by = RULES_PIN_APPLICANT;
		rules_cite_accept(x, RULE_A2_2_P9);
	}
}

void
rules_decide_issue(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;

	rules_check_window(x);
	rules_check_filer(x);
	signature_for_minor(x);
	if (c->face_auth_wanted)
		face_auth_wish(x);
	else
		pin_setter(x);
	if (c->renewal && resident(x))
		/* R2.16: no revocation form (R3.1) for a renewal. */
		rules_reason(x, RULES_RSN_RENEWAL_NO_REVOKE_FORM, RULE_A2_P16);
	if (x->grant == 0)
		rules_reason(x, RULES_RSN_NOTHING_TO_ISSUE, x->p->r_form);
	x->d->issue = x->grant;
}
