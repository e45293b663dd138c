/*
 * The application form pre-filled from the record (書かない窓口): the
 * template of src/print for the application's form name (様式第1号, ...),
 * filled with the person, what the case asks, who filed, the identity
 * documents the clerk recorded, the window and the clerk, for the
 * applicant to check and sign. Its own file so that only programs that
 * print PDFs link cairo and pango. Never a PIN, never the individual
 * number: neither is in the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* What the form's check boxes of the procedure are called. A template
 * marks those of its own choices that are listed: a revocation is
 * 失効申請 on 様式第3号 and 失効 on a card-guideline form. */
static const char *
form_kind(const struct rules_case *c)
{
	switch (c->procedure) {
	case RULES_PROC_ISSUE:
		return c->renewal ? "更新" : "新規発行";
	case RULES_PROC_REVOKE:
	case RULES_PROC_CARD_FOUND:
		if (c->combined_with == RULES_COMB_CARD_LOST)
			return "紛失";
		if (c->combined_with == RULES_COMB_CARD_RETURNED)
			return "返納";
		return "失効申請\t失効";
	case RULES_PROC_PIN_CHANGE:
		return "暗証番号の変更";
	case RULES_PROC_PIN_RESET:
		return "暗証番号の再設定";
	case RULES_PROC_FACE_AUTH:
		return "顔認証マイナンバーカードとする";
	case RULES_PROC_DISCLOSE:
		return "開示";
	case RULES_PROC_CORRECT:
		return "訂正";
	default:
		return "";
	}
}

/* The certs the case asks about, as the boxes name them. */
static void
form_certs(unsigned certs, char *out, size_t size)
{
	snprintf(out, size, "%s\t%s", certs & RULES_CERT_SIGNATURE ?
	    rules_cert_label(RULES_CERT_SIGNATURE) : "", certs & RULES_CERT_USER ?
	    rules_cert_label(RULES_CERT_USER) : "");
}

/* The documents the clerk recorded, by their names in R2.5 / R2.6,
 * joined with 、 (the caller frees). */
static char *
form_documents(const struct rules_document *doc, size_t n)
{
	char *s = xstrdup(""), *old;
	const char *name;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((name = rules_document_name(doc[i].list, doc[i].item)) ==
		    NULL)
			continue;
		old = s;
		s = xasprintf("%s%s%s", old, *old != '\0' ? "、" : "", name);
		free(old);
	}
	return s;
}

/* The representative's standing; their name is left for them to write:
 * the record keeps none. */
static const char *
form_rep_kind(const struct rules_case *c)
{
	if (c->filer == RULES_FILER_LEGAL_REP && c->has_legal_rep)
		return rules_rep_kind_label(c->legal_rep.kind);
	if (c->filer == RULES_FILER_AGENT)
		return c->power_of_attorney ? "委任状による代理人" : "任意代理人";
	return "";
}

/* Everything printed, cleaned for paper (proc_print_clean). */
struct form_parts {
	char	 addressee[96];
	char	 number[24];
	char	 date[40];
	char	 birth[40];
	char	 certs[96];
	char	 window[64 + PROC_WINDOW_LABEL_MAX];
	char	 clerk[96];
	char	 request[4 * STORE_REQUEST_TEXT_MAX + 1];
	char	*documents;
	char	*filer_documents;
};

static void
form_parts(struct proc_ctx *pc, const struct store_app *a,
    const struct rules_case *c, struct form_parts *fp)
{
	struct store_clerk clerk;
	char city[64] = "豊中市", window[PROC_WINDOW_LABEL_MAX];

	store_setting_get(pc->st, SETTING_CITY_NAME, city, sizeof(city));
	snprintf(fp->addressee, sizeof(fp->addressee), "%s長 様", city);
	snprintf(fp->number, sizeof(fp->number), "%lld", (long long)a->id);
	proc_wareki(a->created_at, fp->date, sizeof(fp->date));
	form_certs(c->certs, fp->certs, sizeof(fp->certs));
	proc_window_label(pc->st, a->window, window, sizeof(window));
	snprintf(fp->window, sizeof(fp->window), "%s %s", city, window);
	fp->clerk[0] = '\0';
	if (store_clerk_by_id(pc->st, a->clerk_id, &clerk) == 0)
		strlcpy_m(fp->clerk, clerk.name, sizeof(fp->clerk));
	if (store_app_text_get(pc->st, a->id, fp->request,
	    sizeof(fp->request)) != 0)
		fp->request[0] = '\0';
	fp->documents = form_documents(c->documents, c->n_documents);
	fp->filer_documents = form_documents(c->filer_documents,
	    c->n_filer_documents);
	proc_print_clean(fp->addressee);
	proc_print_clean(fp->window);
	proc_print_clean(fp->clerk);
	proc_print_clean(fp->request);
}

static int
form_write(const struct print_form *form, const struct store_person *p,
    const struct rules_case *c, const struct form_parts *fp,
    const char *path)
{
	const char *sex = p->sex == 1 ? "男" : p->sex == 2 ? "女" : "";
	const struct print_field f[] = {
		{ "addressee", fp->addressee },
		{ "number", fp->number },
		{ "date", fp->date },
		{ "kana", p->name_kana },
		{ "name", p->name },
		{ "birth", fp->birth },
		{ "sex", sex },
		{ "address", p->address },
		{ "kind", form_kind(c) },
		{ "certs", fp->certs },
		{ "filer", rules_filer_label(c->filer) },
		{ "rep_name", "" },
		{ "rep_kind", form_rep_kind(c) },
		{ "request", fp->request },
		{ "documents", fp->documents },
		{ "filer_documents", fp->filer_documents },
		{ "window", fp->window },
		{ "clerk", fp->clerk },
	};

	return print_form_write(form, f, sizeof(f) / sizeof(f[0]), 0, path);
}

int
proc_form_pdf(struct proc_ctx *pc, int64_t app_id, const char *path)
{
	struct store_app *a = xmalloc(sizeof(*a));
	struct store_person p;
	struct rules_case c;
	struct rules_decision d;
	struct form_parts fp;
	const struct print_form *form;
	int rc = -1;

	memset(&fp, 0, sizeof(fp));
	if (store_app_get(pc->st, app_id, a) != 0 ||
	    store_person_get(pc->st, a->person_id, &p) != 0) {
		log_warnx("print: application %lld not found",
		    (long long)app_id);
		goto out;
	}
	if ((form = print_form_find(a->form)) == NULL) {
		log_warnx("print: application %lld: no template for form "
		    "\"%s\"", (long long)app_id, a->form);
		goto out;
	}
	if (proc_app_case(a, &c, &d) == -1) {
		log_warnx("print: application %lld: its case cannot be read",
		    (long long)app_id);
		goto out;
	}
	form_parts(pc, a, &c, &fp);
	proc_wareki(p.birth_date, fp.birth, sizeof(fp.birth));
	proc_print_clean(p.name);
	proc_print_clean(p.name_kana);
	proc_print_clean(p.address);
	/* No print_done() here: a long-lived process keeps cairo's caches
	 * (it is called once at exit). */
	rc = form_write(form, &p, &c, &fp, path);
	if (rc == -1)
		log_warnx("print: application %lld: form not written",
		    (long long)app_id);
out:
	free(fp.documents);
	free(fp.filer_documents);
	free(a);
	return rc;
}
