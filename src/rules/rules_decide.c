/*
 * The entry of the rules core: validate the case, set up the decision
 * context (procedure row, combined form, age on the application date), hand
 * it to the article's decider, and finish the decision (a reject issues,
 * revokes and sets nothing, and keeps only the reasons that say why).
 *
 * Design: every article lives in its own file (rules_issue.c for Art. 2 and
 * 2-2, rules_revoke.c for Art. 3, 3-2 and 5, rules_pin.c for Art. 4 and 4-2,
 * rules_face.c for Art. 4-3, rules_disclose.c for Art. 6 and 6-2); the steps
 * they share (windows and via routes, who files, identity documents, card
 * checks, agents) are in rules_filing.c and rules_identity.c, driven by the
 * procedure table of rules_tables.c. Each step cites the rule ids it applies
 * and adds reason codes; nothing is rendered to text here.
 */
#include <string.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

void
rules_cite(struct rules_ctx *x, enum rules_id id)
{
	if (id >= 0 && id < RULES_ID_COUNT)
		x->d->cited[id] = true;
}

void
rules_cite_accept(struct rules_ctx *x, enum rules_id id)
{
	if (id >= 0 && id < RULES_ID_COUNT)
		x->on_accept[id] = true;
}

void
rules_reason(struct rules_ctx *x, enum rules_reason_code code,
    enum rules_id rule)
{
	struct rules_decision *d = x->d;
	size_t i;

	/* A note's rule is cited only if the note survives (finish()): a
	 * reject does not cite what an accept would have done. */
	if (rules_reason_severity(code) != RULES_SEV_NOTE)
		rules_cite(x, rule);
	if (rules_reason_severity(code) == RULES_SEV_REJECT)
		x->rejected = true;
	for (i = 0; i < d->n_reasons; i++)
		if (d->reasons[i].code == code)
			return;
	if (d->n_reasons < RULES_MAX_REASONS) {
		d->reasons[d->n_reasons].code = code;
		d->reasons[d->n_reasons].rule = rule;
		d->n_reasons++;
	}
}

bool
rules_decision_cites(const struct rules_decision *d, enum rules_id id)
{
	return id >= 0 && id < RULES_ID_COUNT && d->cited[id];
}

bool
rules_via(const struct rules_ctx *x)
{
	return x->c->window == RULES_WIN_VIA_MUNICIPALITY;
}

/* Submitted through an embassy or another municipality: staff fill in the
 * form and set the PIN from the PIN request form (R2.14, R2-2.11, ...). */
bool
rules_staff_window(const struct rules_ctx *x)
{
	return x->c->window == RULES_WIN_VIA_MUNICIPALITY ||
	    x->c->window == RULES_WIN_EMBASSY;
}

/* The form and its keeping (R7.1, R7.2). Forms of the My Number card and
 * notice guidelines keep those guidelines' periods, which the seed does not
 * give: retention 0 means "a setting decides", never "keep nothing". */
static void
decide_forms(struct rules_ctx *x)
{
	const struct rules_proc *p = x->p;
	struct rules_decision *d = x->d;

	d->form = p->form;
	d->inquiry_form = p->inquiry;
	if (x->combo != NULL) {
		d->form = x->combo->form;
		if (x->combo->inquiry != RULES_FORM_NONE)
			d->inquiry_form = x->combo->inquiry;
		/* R3.9, R3.10, R3-2.6, R3-2.7: the notice's own procedure,
		 * no inquiry form of ours. */
		if (x->combo->revoke_on_notice)
			d->inquiry_form = RULES_FORM_NONE;
		rules_cite(x, x->combo->rule);
		rules_reason(x, RULES_RSN_RETENTION_OTHER, x->combo->rule);
		return;
	}
	if (p->r_retention != RULES_ID_NONE) {
		d->retention_years = p->retention_years;
		rules_cite(x, p->r_retention);
	} else if (p->form != RULES_FORM_NONE)
		rules_reason(x, RULES_RSN_RETENTION_OTHER, p->r_form);
}

/* A reject issues, revokes and sets nothing; it keeps the reasons that say
 * what is missing or refused, not the notes of an accepted case. */
static void
finish(struct rules_ctx *x)
{
	struct rules_decision *d = x->d;
	struct rules_reason kept[RULES_MAX_REASONS];
	enum rules_severity sev;
	size_t i, n = 0;

	d->verdict = x->rejected ? RULES_REJECT : RULES_ACCEPT;
	for (i = 0; !x->rejected && i < RULES_ID_COUNT; i++)
		if (x->on_accept[i])
			d->cited[i] = true;
	if (x->rejected) {
		d->issue = d->revoke = 0;
		d->pin_set_by = RULES_PIN_NONE;
		d->face_auth_switch = d->face_auth_release = false;
		d->send_to_jlis = false;
		d->retention_years = 0;
		if (x->combo == NULL && x->p->r_retention != RULES_ID_NONE)
			d->cited[x->p->r_retention] = false;
	}
	/* Rejects first, then partial refusals, then notes (none on a
	 * reject); the order within each kind is the order of the checks. */
	for (sev = RULES_SEV_REJECT; sev <= RULES_SEV_NOTE; sev++) {
		if (x->rejected && sev == RULES_SEV_NOTE)
			break;
		for (i = 0; i < d->n_reasons; i++)
			if (rules_reason_severity(d->reasons[i].code) == sev)
				kept[n++] = d->reasons[i];
	}
	memcpy(d->reasons, kept, n * sizeof(kept[0]));
	d->n_reasons = n;
	for (i = 0; i < n; i++)
		rules_cite(x, d->reasons[i].rule);
}

int
rules_decide(const struct rules_case *c, struct rules_decision *d,
    struct rules_error *err)
{
	struct rules_ctx x;

	if (rules_case_validate(c, err) == -1)
		return -1;
	memset(d, 0, sizeof(*d));
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.d = d;
	x.p = rules_proc_find(c->procedure, c->reg);
	if (c->combined_with != RULES_COMB_NONE)
		x.combo = rules_combo_find(c->procedure, c->reg,
		    c->combined_with);
	/* Ages are judged on the application date (Readings we adopt). */
	x.age = era_age_on(&c->birth_date, &c->date);
	x.child = x.age < 15;
	x.infant = x.age < 1;
	x.grant = c->certs;
	decide_forms(&x);
	switch (c->procedure) {
	case RULES_PROC_ISSUE:
		rules_decide_issue(&x);
		break;
	case RULES_PROC_REVOKE:
	case RULES_PROC_CARD_FOUND:
		rules_decide_revoke(&x);
		break;
	case RULES_PROC_PIN_CHANGE:
	case RULES_PROC_PIN_RESET:
		rules_decide_pin(&x);
		break;
	case RULES_PROC_FACE_AUTH:
		rules_decide_face_auth(&x);
		break;
	case RULES_PROC_DISCLOSE:
	case RULES_PROC_CORRECT:
		rules_decide_disclose(&x);
		break;
	default:
		break;
	}
	rules_card_presented(&x);
	finish(&x);
	return 0;
}
