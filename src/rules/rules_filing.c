/*
 * Steps every procedure shares before its own acceptance paragraph: where
 * the form is filed (windows, embassy, via another municipality on the
 * R2.2 grounds), who files it (the person, a legal representative, a
 * voluntary agent) and, for a PIN set by staff, the PIN request form.
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

/* Via another municipality (R2.2 and the paragraphs applying its grounds). */
static void
check_via(struct rules_ctx *x)
{
	const struct rules_proc *p = x->p;
	enum rules_via_ground g = x->c->via_ground;

	if (p->r_via == RULES_ID_NONE) {
		/* Article 6 names only the three windows (R6.1). */
		rules_reason(x, RULES_RSN_VIA_NOT_PROVIDED, p->r_form);
		return;
	}
	rules_cite(x, p->r_via);
	rules_cite(x, RULE_A2_P2);	/* the grounds are R2.2 (1)-(3) */
	if (!(p->via_grounds & VIA_BIT(g))) {
		/* R4-3.2: face-auth only on grounds (1) and (2). */
		rules_reason(x, RULES_RSN_VIA_GROUND_NOT_ALLOWED, p->r_via);
		return;
	}
	if (g == RULES_VIA_INFANT) {
		/* R2.2 (3): under 1 on the application date, user cert only. */
		if (!x->infant)
			rules_reason(x, RULES_RSN_VIA_INFANT_AGE, RULE_A2_P2);
		else if (x->grant & RULES_CERT_SIGNATURE) {
			x->grant &= ~RULES_CERT_SIGNATURE;
			rules_reason(x, RULES_RSN_SIGNATURE_INFANT_VIA,
			    RULE_A2_P2);
		}
	}
	rules_reason(x, RULES_RSN_STAFF_FILLS_FORM, p->r_staff_fills);
}

void
rules_check_window(struct rules_ctx *x)
{
	const struct rules_proc *p = x->p;

	rules_cite(x, p->r_form);
	if (x->c->window == RULES_WIN_VIA_MUNICIPALITY)
		check_via(x);
	else if (x->c->window == RULES_WIN_EMBASSY)
		/* R2-2.3, R3-2.3, R4-2.3, R6-2.3: staff fill in the form. */
		rules_reason(x, RULES_RSN_STAFF_FILLS_FORM, p->r_staff_fills);
}

/*
 * Who files. R2.3 (and R3.3, R4.4, R4-3.3, R2-2.4): a person under 15 or an
 * adult ward files through the legal representative. Reading: the legal
 * representative route of R2.10 exists only for those persons (its two
 * cases are the under-15's parent and the adult ward's guardian), so a
 * "legal representative" of anyone else is refused; Article 6 has no R2.3
 * counterpart, so there a child may also file themself.
 */
void
rules_check_filer(struct rules_ctx *x)
{
	const struct rules_proc *p = x->p;
	const struct rules_case *c = x->c;
	bool limited = x->child || c->adult_ward;

	if (p->r_minor != RULES_ID_NONE && limited &&
	    c->filer != RULES_FILER_LEGAL_REP) {
		rules_reason(x, RULES_RSN_LEGAL_REP_REQUIRED, p->r_minor);
		if (p->r_minor == RULE_A2_2_P4)
			rules_cite(x, RULE_A2_P3);	/* R2-2.4 applies R2.3 */
		return;
	}
	switch (c->filer) {
	case RULES_FILER_LEGAL_REP:
		if (!limited) {
			rules_reason(x, RULES_RSN_LEGAL_REP_NOT_APPLICABLE,
			    p->r_legal);
			return;
		}
		rules_cite(x, p->r_minor);
		if (p->r_minor == RULE_A2_2_P4)
			rules_cite(x, RULE_A2_P3);
		rules_identity_legal(x);
		break;
	case RULES_FILER_AGENT:
		if (p->r_agent == RULES_ID_NONE) {
			/* No agent route for overseas persons (Art. 2-2 ff.). */
			rules_reason(x, RULES_RSN_AGENT_NO_ROUTE, p->r_identity);
			return;
		}
		rules_identity_agent(x);
		break;
	default:
		rules_identity_self(x);
		break;
	}
}

/*
 * Staff set the PIN written on the sealed PIN request form (R2.14, R2-2.11,
 * R4.10, R4-2.6). The agent's card-guideline documents of R2.17-R2.20 stand
 * in for the form when a combined form is filed.
 */
void
rules_pin_from_request(struct rules_ctx *x, enum rules_id rule)
{
	const struct rules_case *c = x->c;
	bool agent = c->filer == RULES_FILER_AGENT;

	x->d->pin_set_by = RULES_PIN_STAFF_FROM_REQUEST;
	rules_cite_accept(x, rule);
	if (c->pin_request_form)
		return;
	if (agent && x->combo != NULL &&
	    (x->combo->agent_replaced & AGENT_ITEM_PIN_FORM))
		return;
	/* R2.12 (4) for an agent (R4.7 applies it to PINs). */
	rules_reason(x, RULES_RSN_PIN_FORM_MISSING,
	    agent ? RULE_A2_P12 : rule);
}
