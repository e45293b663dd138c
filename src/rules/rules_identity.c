/*
 * Identity: the document lists A (R2.5) and B (R2.6) with their conditions,
 * the methods of R2.4 (residents) and R2-2.5 (overseas persons), the card
 * checks of R2.8 / R2-2.7, the legal representative (R2.10, R2-2.8) and the
 * voluntary agent (R2.12, R2.13, R4-3.6). Documents are tallied first;
 * problems with single documents (expired, no photo, a second item-26
 * document) are only reported when the method as a whole fails.
 */
#include "madoguchi/rules.h"
#include "rules_private.h"

#define MAX_PROBLEMS 8

struct tally {
	int	a, b;
	bool	b26;		/* an item-26 document already counted */
	bool	any_a, any_b;
	size_t	n_problems;
	struct rules_reason problems[MAX_PROBLEMS];
};

static bool
overseas(const struct rules_ctx *x)
{
	return x->c->reg == RULES_REG_OVERSEAS;
}

static void
problem(struct tally *t, enum rules_reason_code code, enum rules_id rule)
{
	size_t i;

	for (i = 0; i < t->n_problems; i++)
		if (t->problems[i].code == code)
			return;
	if (t->n_problems < MAX_PROBLEMS) {
		t->problems[t->n_problems].code = code;
		t->problems[t->n_problems].rule = rule;
		t->n_problems++;
	}
}

static void
report_problems(struct rules_ctx *x, const struct tally *t)
{
	size_t i;

	for (i = 0; i < t->n_problems; i++)
		rules_reason(x, t->problems[i].code, t->problems[i].rule);
}

static bool
revoking(const struct rules_ctx *x)
{
	return x->c->procedure == RULES_PROC_REVOKE ||
	    x->c->procedure == RULES_PROC_CARD_FOUND;
}

/*
 * R2.8 / R2-2.7: the person's card with photo (A11 or A12; overseas only
 * A12, item (1) of R2-2.5) counts only when checked: PIN verified (not for a
 * face-auth card), or else the chip's card-face data matching the print.
 * The registry (annex) check failing means the applicant is not who the
 * form says: a reject. Reading: a card whose status is not in order cannot
 * take certs or PINs (reject), but a revocation only loses it as a document.
 */
static bool
card_counts(struct rules_ctx *x, struct tally *t)
{
	const struct rules_case *c = x->c;
	enum rules_id rule = overseas(x) ? RULE_A2_2_P7 : RULE_A2_P8;

	rules_cite(x, rule);
	if (!c->has_card) {
		problem(t, RULES_RSN_CARD_UNCHECKED, rule);
		return false;
	}
	if (!c->card.registry_match) {
		rules_reason(x, overseas(x) ? RULES_RSN_CARD_ANNEX_MISMATCH :
		    RULES_RSN_CARD_REGISTRY_MISMATCH, rule);
		return false;
	}
	if (!c->card.status_ok) {
		if (revoking(x))
			problem(t, RULES_RSN_CARD_STATUS, rule);
		else
			rules_reason(x, RULES_RSN_CARD_STATUS, rule);
		return false;
	}
	if ((c->card.face_auth || !c->card.pin_verified) &&
	    !c->card.face_data_matches) {
		problem(t, RULES_RSN_CARD_FACE_MISMATCH, rule);
		return false;
	}
	return true;
}

/*
 * Reading: a card that was checked (case.card present) and found not to be
 * the person's, by the registry (annex) check of R2.8 / R2-2.7, rejects the
 * case whatever the documents: the counter would write to, or revoke on,
 * another person's card. A card whose status is not in order cannot take
 * certs or PINs either (a revocation only loses it as a document).
 */
void
rules_card_presented(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	enum rules_id rule = overseas(x) ? RULE_A2_2_P7 : RULE_A2_P8;

	if (!c->has_card)
		return;
	if (!c->card.registry_match)
		rules_reason(x, overseas(x) ? RULES_RSN_CARD_ANNEX_MISMATCH :
		    RULES_RSN_CARD_REGISTRY_MISMATCH, rule);
	else if (!c->card.status_ok && !revoking(x))
		rules_reason(x, RULES_RSN_CARD_STATUS, rule);
}

static void
tally_a(struct rules_ctx *x, const struct rules_document *doc, bool person,
    struct tally *t)
{
	const struct rules_doc_kind *k = &rules_list_a_table[doc->item];
	bool card = person && k->is_card &&
	    (!overseas(x) || doc->item == 12);

	t->any_a = true;
	if (k->photo_required && !doc->photo) {
		problem(t, RULES_RSN_DOC_PHOTO, RULE_A2_P5);
		return;
	}
	if (card && !card_counts(x, t))
		return;
	t->a++;
}

static void
tally_b(struct rules_ctx *x, const struct rules_document *doc,
    struct tally *t)
{
	const struct rules_doc_kind *k = &rules_list_b_table[doc->item];

	t->any_b = true;
	if (overseas(x))
		return;		/* R2-2.5 has no list-B method */
	if (k->pin_required && !(x->c->has_card && x->c->card.pin_verified)) {
		problem(t, RULES_RSN_DOC_B20_PIN, RULE_A2_P6);
		return;
	}
	/* R2.6 (26): "のうち１点": the whole group counts once. */
	if (k->group_once) {
		if (t->b26) {
			problem(t, RULES_RSN_DOC_B26_ONCE, RULE_A2_P6);
			return;
		}
		t->b26 = true;
	}
	t->b++;
}

/* Reading: "valid" means not expired on the application date; the case
 * carries that judgement per document. */
static void
tally_docs(struct rules_ctx *x, const struct rules_document *docs, size_t n,
    bool person, struct tally *t)
{
	size_t i;

	for (i = 0; i < n; i++) {
		enum rules_id list_rule = docs[i].list == RULES_LIST_A ?
		    RULE_A2_P5 : RULE_A2_P6;

		if (!docs[i].valid) {
			if (docs[i].list == RULES_LIST_A)
				t->any_a = true;
			else
				t->any_b = true;
			problem(t, RULES_RSN_DOC_EXPIRED, list_rule);
			continue;
		}
		if (docs[i].list == RULES_LIST_A)
			tally_a(x, &docs[i], person, t);
		else
			tally_b(x, &docs[i], t);
	}
}

static void
cite_lists(struct rules_ctx *x, const struct tally *t)
{
	if (t->any_a)
		rules_cite(x, overseas(x) ? RULE_A2_2_P5 : RULE_A2_P5);
	if (t->any_b)
		rules_cite(x, overseas(x) ? RULE_A2_2_P5 : RULE_A2_P6);
}

/* R2.7 / R2-2.6: the kinds of documents presented go on the form. */
static void
record_documents(struct rules_ctx *x)
{
	if (x->c->n_documents + x->c->n_filer_documents == 0)
		return;
	rules_reason(x, RULES_RSN_RECORD_DOCUMENTS,
	    overseas(x) ? RULE_A2_2_P6 : RULE_A2_P7);
}

/*
 * One party's identity by the method of R2.4 (one list-A document, or two
 * list-B documents and the inquiry/reply form) or, overseas, R2-2.5 (one
 * list-A document). Returns true if shown; reports why not otherwise.
 */
static bool
identity_method(struct rules_ctx *x, const struct rules_document *docs,
    size_t n, bool person, enum rules_reason_code missing)
{
	struct tally t = { 0 };
	bool reply = x->c->inquiry_reply;

	tally_docs(x, docs, n, person, &t);
	cite_lists(x, &t);
	if (overseas(x)) {
		rules_cite(x, RULE_A2_2_P5);
		if (t.a >= 1)
			return true;
		report_problems(x, &t);
		rules_reason(x, t.any_b ? RULES_RSN_ID_OVERSEAS_LIST_A_ONLY :
		    missing, RULE_A2_2_P5);
		return false;
	}
	rules_cite(x, RULE_A2_P4);
	if (t.a >= 1)
		return true;
	if (t.b >= 2 && reply) {
		/* R2.4 (2): the reply form of this procedure (R2.9, R3.7...). */
		rules_cite(x, x->p->r_inquiry);
		return true;
	}
	report_problems(x, &t);
	if (t.b >= 2)
		rules_reason(x, RULES_RSN_ID_LIST_B_NEEDS_REPLY, RULE_A2_P4);
	else
		rules_reason(x, missing, RULE_A2_P4);
	return false;
}

/* R2.4 (and R3.4, R4.5, R4-3.4, R6.2 applying it); R2-2.5 overseas.
 * Reading for R4-3.4, which cites R2.5-R2.8 only: R2.4's method applies. */
void
rules_identity_self(struct rules_ctx *x)
{
	rules_cite(x, x->p->r_identity);
	identity_method(x, x->c->documents, x->c->n_documents, true,
	    RULES_RSN_ID_MISSING);
	record_documents(x);
}

/*
 * R2.10 / R2-2.8: both identities by the R2.4 (R2-2.5) method; the parent
 * of an under-15 shows parental authority by the family register unless
 * the city's records show it, a guardian by a registry certificate.
 */
void
rules_identity_legal(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	const struct rules_legal_rep *lr = &c->legal_rep;
	enum rules_id rule = overseas(x) ? RULE_A2_2_P8 : RULE_A2_P10;

	rules_cite(x, x->p->r_legal);
	rules_cite(x, rule);
	if (x->child) {
		if (lr->kind != RULES_REP_PARENT)
			rules_reason(x, RULES_RSN_LEGAL_REP_KIND, rule);
		else if (lr->authority != RULES_AUTH_KOSEKI &&
		    lr->authority != RULES_AUTH_CITY_RECORDS)
			rules_reason(x, RULES_RSN_AUTHORITY_PARENT, rule);
	} else {
		if (lr->kind != RULES_REP_GUARDIAN)
			rules_reason(x, RULES_RSN_LEGAL_REP_KIND, rule);
		else if (lr->authority != RULES_AUTH_REGISTRY_CERTIFICATE)
			rules_reason(x, RULES_RSN_AUTHORITY_GUARDIAN, rule);
	}
	identity_method(x, c->documents, c->n_documents, true,
	    RULES_RSN_ID_MISSING);
	identity_method(x, c->filer_documents, c->n_filer_documents, false,
	    RULES_RSN_REP_ID_MISSING);
	record_documents(x);
}

/* R2.12 (3), or R2.13's exemption, or the card guideline's documents of a
 * combined form (R2.17-R2.20, R3.12, R3.13). */
static void
agent_reply(struct rules_ctx *x, unsigned replaced)
{
	const struct rules_case *c = x->c;

	if (replaced & AGENT_ITEM_REPLY) {
		/* Reading: the case's inquiry_reply says the card
		 * guideline's documents replacing (3) (and (4)) were brought. */
		rules_reason(x, RULES_RSN_CARD_GUIDELINE_DOCS, x->combo->rule);
		if (!c->inquiry_reply)
			rules_reason(x, RULES_RSN_AGENT_CARD_GUIDELINE_DOCS,
			    x->combo->rule);
		return;
	}
	if (c->procedure == RULES_PROC_ISSUE && c->moved_within_month &&
	    c->agent_same_household) {
		rules_reason(x, RULES_RSN_REPLY_NOT_NEEDED_MOVE, RULE_A2_P13);
		return;
	}
	if (!c->inquiry_reply)
		rules_reason(x, RULES_RSN_AGENT_REPLY, RULE_A2_P12);
	else
		rules_cite(x, x->p->r_inquiry);
}

/*
 * R2.12 (R3.6, R4.7, R6.4 apply it, R3.6 and R6.4 without item (4)) and
 * R4-3.6 for face-auth: the agent's own list-A document, the power of
 * attorney, the inquiry/reply form. Item (4), the PIN request form, is
 * checked where the PIN is set (rules_pin_from_request).
 */
void
rules_identity_agent(struct rules_ctx *x)
{
	const struct rules_case *c = x->c;
	const struct rules_proc *p = x->p;
	enum rules_id rule = p->r_agent == RULE_A4_3_P6 ? RULE_A4_3_P6 :
	    RULE_A2_P12;
	unsigned replaced = x->combo != NULL ? x->combo->agent_replaced : 0;
	struct tally t = { 0 };

	rules_cite(x, p->r_agent);
	rules_cite(x, rule);
	tally_docs(x, c->filer_documents, c->n_filer_documents, false, &t);
	if (t.any_a)
		rules_cite(x, RULE_A2_P5);
	if (t.a < 1) {
		report_problems(x, &t);
		rules_reason(x, RULES_RSN_AGENT_DOC, rule);
	}
	if (!c->power_of_attorney)
		rules_reason(x, RULES_RSN_AGENT_POA, rule);
	if (p->agent_items & AGENT_ITEM_REPLY)
		agent_reply(x, replaced);
	record_documents(x);
}
