/*
 * Malformed cases: values out of range and combinations the guideline cannot
 * meet (a via window without a ground, an embassy for a resident, a combined
 * form the guideline does not provide for). These are not decisions: the
 * caller gets the field and what is wrong, the CLI exits 2.
 */
#include <stdarg.h>
#include <stdio.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

static int __attribute__((format(printf, 3, 4)))
fail(struct rules_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	snprintf(err->field, sizeof(err->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

static int
date_cmp(const struct era_date *a, const struct era_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return a->d < b->d ? -1 : a->d > b->d;
}

static int
validate_docs(const struct rules_document *docs, size_t n, const char *name,
    struct rules_error *err)
{
	char field[96];
	size_t i;

	if (n > RULES_MAX_DOCUMENTS)
		return fail(err, name, "more than %d documents",
		    RULES_MAX_DOCUMENTS);
	for (i = 0; i < n; i++) {
		const struct rules_document *doc = &docs[i];
		int max = doc->list == RULES_LIST_A ? RULES_LIST_A_ITEMS :
		    RULES_LIST_B_ITEMS;

		if (doc->list != RULES_LIST_A && doc->list != RULES_LIST_B) {
			snprintf(field, sizeof(field), "%s[%zu].list", name, i);
			return fail(err, field, "not one of A, B");
		}
		if (doc->item < 1 || doc->item > max) {
			snprintf(field, sizeof(field), "%s[%zu].item", name, i);
			return fail(err, field, "not an item of list %c (1-%d)",
			    doc->list == RULES_LIST_A ? 'A' : 'B', max);
		}
	}
	return 0;
}

/* Enum ranges, for cases built as structs rather than read from JSON. */
static int
validate_ranges(const struct rules_case *c, struct rules_error *err)
{
	if ((unsigned)c->procedure >= RULES_PROC_COUNT)
		return fail(err, "case.procedure", "out of range");
	if ((unsigned)c->reg >= RULES_REG_COUNT)
		return fail(err, "case.register", "out of range");
	if ((unsigned)c->window >= RULES_WIN_COUNT)
		return fail(err, "case.window", "out of range");
	if ((unsigned)c->via_ground >= RULES_VIA_COUNT)
		return fail(err, "case.via_ground", "out of range");
	if ((unsigned)c->filer >= RULES_FILER_COUNT)
		return fail(err, "case.filer", "out of range");
	if ((unsigned)c->combined_with >= RULES_COMB_COUNT)
		return fail(err, "case.combined_with", "out of range");
	if (c->has_legal_rep &&
	    ((unsigned)c->legal_rep.kind >= RULES_REP_COUNT))
		return fail(err, "case.legal_rep.kind", "out of range");
	if (c->has_legal_rep &&
	    ((unsigned)c->legal_rep.authority >= RULES_AUTH_COUNT))
		return fail(err, "case.legal_rep.authority", "out of range");
	if ((c->certs & ~RULES_CERT_ALL) != 0)
		return fail(err, "case.certs", "out of range");
	if (!era_valid(c->date.y, c->date.m, c->date.d))
		return fail(err, "case.date", "not a date (YYYY-MM-DD)");
	if (!era_valid(c->birth_date.y, c->birth_date.m, c->birth_date.d))
		return fail(err, "case.person.birth_date",
		    "not a date (YYYY-MM-DD)");
	return 0;
}

/* Procedures about certs name at least one; the others need none. */
static bool
needs_certs(enum rules_procedure p)
{
	return p != RULES_PROC_FACE_AUTH && p != RULES_PROC_DISCLOSE &&
	    p != RULES_PROC_CORRECT;
}

int
rules_case_validate(const struct rules_case *c, struct rules_error *err)
{
	if (validate_ranges(c, err) == -1)
		return -1;
	if (date_cmp(&c->birth_date, &c->date) > 0)
		return fail(err, "case.person.birth_date",
		    "after the application date");
	if (c->window == RULES_WIN_EMBASSY && c->reg != RULES_REG_OVERSEAS)
		return fail(err, "case.window",
		    "embassy is only for the overseas register");
	if (c->window == RULES_WIN_VIA_MUNICIPALITY &&
	    c->via_ground == RULES_VIA_NONE)
		return fail(err, "case.via_ground",
		    "required when window is via_municipality");
	if (c->window != RULES_WIN_VIA_MUNICIPALITY &&
	    c->via_ground != RULES_VIA_NONE)
		return fail(err, "case.via_ground",
		    "only with window via_municipality");
	if (c->renewal && c->procedure != RULES_PROC_ISSUE)
		return fail(err, "case.renewal", "only for procedure issue");
	if (c->face_auth_wanted && c->procedure != RULES_PROC_ISSUE &&
	    c->procedure != RULES_PROC_FACE_AUTH)
		return fail(err, "case.face_auth_wanted",
		    "only for procedure issue or face_auth");
	if (c->certs == 0 && needs_certs(c->procedure))
		return fail(err, "case.certs",
		    "empty (name signature and/or user)");
	if (c->filer == RULES_FILER_LEGAL_REP && !c->has_legal_rep)
		return fail(err, "case.legal_rep",
		    "required when filer is legal_rep");
	if (c->filer != RULES_FILER_LEGAL_REP && c->has_legal_rep)
		return fail(err, "case.legal_rep",
		    "only when filer is legal_rep");
	if (validate_docs(c->documents, c->n_documents, "case.documents",
	    err) == -1)
		return -1;
	if (validate_docs(c->filer_documents, c->n_filer_documents,
	    "case.filer_documents", err) == -1)
		return -1;
	if (c->combined_with != RULES_COMB_NONE &&
	    rules_combo_find(c->procedure, c->reg, c->combined_with) == NULL)
		return fail(err, "case.combined_with",
		    "%s is not provided for procedure %s (%s)",
		    rules_combined_name(c->combined_with),
		    rules_procedure_name(c->procedure),
		    rules_register_name(c->reg));
	return 0;
}

void
rules_case_init(struct rules_case *c)
{
	static const struct rules_case zero;

	*c = zero;
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	c->window = RULES_WIN_CITIZENS;
	c->via_ground = RULES_VIA_NONE;
	c->filer = RULES_FILER_SELF;
	c->combined_with = RULES_COMB_NONE;
	c->legal_rep.authority = RULES_AUTH_NONE;
	c->date.y = 2000;
	c->date.m = 1;
	c->date.d = 1;
	c->birth_date = c->date;
}
