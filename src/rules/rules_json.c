/*
 * Cases and decisions as JSON (the contract of CASES.md), with jansson. The
 * reader checks every object's keys against the fields it knows first (an
 * unknown field is an error), then reads the known fields in a fixed order,
 * so the first problem named is always the same one. The only part of the
 * rules module that allocates; the core stays pure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "madoguchi/rules.h"
#include "rules_private.h"

#define PATH_MAX_LEN 128

/* Control characters from the input (a key, jansson's "near" text) must
 * not break the one-line error message. */
static void
one_line(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static int __attribute__((format(printf, 3, 4)))
fail(struct rules_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->field, sizeof(err->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	one_line(err->field);
	one_line(err->message);
	return -1;
}

/* Names of an enum's values, for reading and for "not one of ...". */
typedef const char *(*name_fn)(int);
static const char *n_proc(int i) { return rules_procedure_name((enum rules_procedure)i); }
static const char *n_reg(int i) { return rules_register_name((enum rules_register)i); }
static const char *n_win(int i) { return rules_window_name((enum rules_window)i); }
static const char *n_via(int i) { return rules_via_ground_name((enum rules_via_ground)i); }
static const char *n_filer(int i) { return rules_filer_name((enum rules_filer)i); }
static const char *n_kind(int i) { return rules_rep_kind_name((enum rules_rep_kind)i); }
static const char *n_auth(int i) { return rules_authority_name((enum rules_authority)i); }
static const char *n_comb(int i) { return rules_combined_name((enum rules_combined)i); }
static const char *n_list(int i) { return i == 0 ? "A" : i == 1 ? "B" : NULL; }
static const char *n_cert(int i) { return i == 0 ? "signature" : i == 1 ? "user" : NULL; }

/* Fails naming the field if obj has a key not in known (NULL-ended). */
static int
check_keys(json_t *obj, const char *path, const char *const *known,
    struct rules_error *err)
{
	const char *key;
	json_t *v;
	char field[PATH_MAX_LEN];
	size_t i;

	json_object_foreach(obj, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL) {
			snprintf(field, sizeof(field), "%.80s.%.40s", path, key);
			return fail(err, field, "unknown field");
		}
	}
	return 0;
}

static void
join(char *buf, size_t size, const char *a, const char *b)
{
	snprintf(buf, size, "%.80s.%.40s", a, b);
}

/* An enum value. Values with a NULL name (the "none" of via_ground and
 * combined_with) are read from JSON null. *out is left alone if absent. */
static int
read_enum(json_t *obj, const char *path, const char *key, name_fn names,
    int count, int *out, struct rules_error *err)
{
	json_t *v = json_object_get(obj, key);
	char field[PATH_MAX_LEN], list[256];
	size_t len = 0;
	int i;

	if (v == NULL)
		return 0;
	join(field, sizeof(field), path, key);
	if (json_is_null(v)) {
		for (i = 0; i < count; i++)
			if (names(i) == NULL) {
				*out = i;
				return 0;
			}
	} else if (json_is_string(v)) {
		for (i = 0; i < count; i++)
			if (names(i) != NULL &&
			    strcmp(json_string_value(v), names(i)) == 0) {
				*out = i;
				return 0;
			}
	}
	list[0] = '\0';
	for (i = 0; i < count; i++)
		if (names(i) != NULL && len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len,
			    "%s%s", len > 0 ? ", " : "", names(i));
	return fail(err, field, "not one of %s%s", list,
	    names(0) == NULL ? ", null" : "");
}

static int
read_bool(json_t *obj, const char *path, const char *key, bool *out,
    struct rules_error *err)
{
	json_t *v = json_object_get(obj, key);
	char field[PATH_MAX_LEN];

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v)) {
		join(field, sizeof(field), path, key);
		return fail(err, field, "not a boolean");
	}
	*out = json_is_true(v);
	return 0;
}

static int
read_date(json_t *obj, const char *path, const char *key,
    struct era_date *out, struct rules_error *err)
{
	json_t *v = json_object_get(obj, key);
	char field[PATH_MAX_LEN];

	join(field, sizeof(field), path, key);
	if (v == NULL)
		return fail(err, field, "missing");
	if (!json_is_string(v) || era_parse_iso(json_string_value(v), out) == -1)
		return fail(err, field, "not a date (YYYY-MM-DD)");
	return 0;
}

static int
require(json_t *obj, const char *path, const char *key,
    struct rules_error *err)
{
	char field[PATH_MAX_LEN];

	if (json_object_get(obj, key) != NULL)
		return 0;
	join(field, sizeof(field), path, key);
	return fail(err, field, "missing");
}

static int
read_certs(json_t *obj, struct rules_case *c, struct rules_error *err)
{
	json_t *v = json_object_get(obj, "certs"), *e;
	char field[PATH_MAX_LEN];
	size_t i;
	int k;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return fail(err, "case.certs", "not a list");
	json_array_foreach(v, i, e) {
		snprintf(field, sizeof(field), "case.certs[%zu]", i);
		for (k = 0; k < 2; k++)
			if (json_is_string(e) &&
			    strcmp(json_string_value(e), n_cert(k)) == 0)
				break;
		if (k == 2)
			return fail(err, field, "not one of signature, user");
		if (c->certs & (1u << k))
			return fail(err, field, "named twice");
		c->certs |= 1u << k;
	}
	return 0;
}

static int
read_person(json_t *obj, struct rules_case *c, struct rules_error *err)
{
	static const char *const known[] = { "birth_date", "adult_ward", NULL };
	json_t *v = json_object_get(obj, "person");

	if (v == NULL)
		return fail(err, "case.person", "missing");
	if (!json_is_object(v))
		return fail(err, "case.person", "not an object");
	if (check_keys(v, "case.person", known, err) == -1 ||
	    read_date(v, "case.person", "birth_date", &c->birth_date, err) == -1 ||
	    read_bool(v, "case.person", "adult_ward", &c->adult_ward, err) == -1)
		return -1;
	return 0;
}

static int
read_legal_rep(json_t *obj, struct rules_case *c, struct rules_error *err)
{
	static const char *const known[] = { "kind", "accompanies_person",
	    "intent_confirmed", "authority", NULL };
	static const char path[] = "case.legal_rep";
	json_t *v = json_object_get(obj, "legal_rep");
	struct rules_legal_rep *lr = &c->legal_rep;
	int kind = 0, auth = RULES_AUTH_NONE;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return fail(err, path, "not an object or null");
	if (check_keys(v, path, known, err) == -1 ||
	    require(v, path, "kind", err) == -1 ||
	    read_enum(v, path, "kind", n_kind, RULES_REP_COUNT, &kind,
	    err) == -1 ||
	    read_bool(v, path, "accompanies_person", &lr->accompanies_person,
	    err) == -1 ||
	    read_bool(v, path, "intent_confirmed", &lr->intent_confirmed,
	    err) == -1 ||
	    read_enum(v, path, "authority", n_auth, RULES_AUTH_COUNT, &auth,
	    err) == -1)
		return -1;
	lr->kind = (enum rules_rep_kind)kind;
	lr->authority = (enum rules_authority)auth;
	c->has_legal_rep = true;
	return 0;
}

static int
read_document(json_t *v, const char *path, struct rules_document *doc,
    struct rules_error *err)
{
	static const char *const known[] = { "list", "item", "valid", "photo",
	    NULL };
	char field[PATH_MAX_LEN];
	json_t *item;
	int list = 0, max;

	if (!json_is_object(v))
		return fail(err, path, "not an object");
	if (check_keys(v, path, known, err) == -1 ||
	    require(v, path, "list", err) == -1 ||
	    require(v, path, "item", err) == -1 ||
	    require(v, path, "valid", err) == -1 ||
	    read_enum(v, path, "list", n_list, 2, &list, err) == -1)
		return -1;
	doc->list = list == 0 ? RULES_LIST_A : RULES_LIST_B;
	max = list == 0 ? RULES_LIST_A_ITEMS : RULES_LIST_B_ITEMS;
	item = json_object_get(v, "item");
	join(field, sizeof(field), path, "item");
	if (!json_is_integer(item))
		return fail(err, field, "not an integer");
	if (json_integer_value(item) < 1 || json_integer_value(item) > max)
		return fail(err, field, "not an item of list %s (1-%d)",
		    n_list(list), max);
	doc->item = (int)json_integer_value(item);
	if (read_bool(v, path, "valid", &doc->valid, err) == -1 ||
	    read_bool(v, path, "photo", &doc->photo, err) == -1)
		return -1;
	return 0;
}

static int
read_documents(json_t *obj, const char *key, struct rules_document *docs,
    size_t *n, struct rules_error *err)
{
	json_t *v = json_object_get(obj, key), *e;
	char path[PATH_MAX_LEN], field[PATH_MAX_LEN];
	size_t i;

	join(path, sizeof(path), "case", key);
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return fail(err, path, "not a list");
	if (json_array_size(v) > RULES_MAX_DOCUMENTS)
		return fail(err, path, "more than %d documents",
		    RULES_MAX_DOCUMENTS);
	json_array_foreach(v, i, e) {
		snprintf(field, sizeof(field), "%.80s[%zu]", path, i);
		if (read_document(e, field, &docs[i], err) == -1)
			return -1;
	}
	*n = json_array_size(v);
	return 0;
}

static int
read_card(json_t *obj, struct rules_case *c, struct rules_error *err)
{
	static const char *const known[] = { "face_auth", "pin_verified",
	    "face_data_matches", "registry_match", "status_ok", NULL };
	static const char path[] = "case.card";
	json_t *v = json_object_get(obj, "card");
	struct rules_card_check *k = &c->card;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return fail(err, path, "not an object or null");
	if (check_keys(v, path, known, err) == -1 ||
	    read_bool(v, path, "face_auth", &k->face_auth, err) == -1 ||
	    read_bool(v, path, "pin_verified", &k->pin_verified, err) == -1 ||
	    read_bool(v, path, "face_data_matches", &k->face_data_matches,
	    err) == -1 ||
	    read_bool(v, path, "registry_match", &k->registry_match,
	    err) == -1 ||
	    read_bool(v, path, "status_ok", &k->status_ok, err) == -1)
		return -1;
	c->has_card = true;
	return 0;
}

static const char *const case_fields[] = {
	"procedure", "register", "date", "window", "via_ground", "renewal",
	"certs", "face_auth_wanted", "person", "filer", "legal_rep",
	"documents", "filer_documents", "inquiry_reply", "power_of_attorney",
	"pin_request_form", "moved_within_month", "agent_same_household",
	"serial_document", "has_valid_signature", "card", "combined_with",
	NULL
};

/* The boolean fields of a case, in the order of CASES.md. */
struct bool_field {
	const char	*name;
	size_t		 offset;
};
static const struct bool_field case_bools[] = {
	{ "renewal", offsetof(struct rules_case, renewal) },
	{ "face_auth_wanted", offsetof(struct rules_case, face_auth_wanted) },
	{ "inquiry_reply", offsetof(struct rules_case, inquiry_reply) },
	{ "power_of_attorney", offsetof(struct rules_case, power_of_attorney) },
	{ "pin_request_form", offsetof(struct rules_case, pin_request_form) },
	{ "moved_within_month", offsetof(struct rules_case, moved_within_month) },
	{ "agent_same_household", offsetof(struct rules_case, agent_same_household) },
	{ "serial_document", offsetof(struct rules_case, serial_document) },
	{ "has_valid_signature", offsetof(struct rules_case, has_valid_signature) },
};

static int
read_enums(json_t *root, struct rules_case *c, struct rules_error *err)
{
	int proc = 0, reg = 0, win = 0, via = 0, filer = 0, comb = 0;

	if (require(root, "case", "procedure", err) == -1 ||
	    require(root, "case", "register", err) == -1 ||
	    require(root, "case", "window", err) == -1 ||
	    require(root, "case", "filer", err) == -1 ||
	    read_enum(root, "case", "procedure", n_proc, RULES_PROC_COUNT,
	    &proc, err) == -1 ||
	    read_enum(root, "case", "register", n_reg, RULES_REG_COUNT, &reg,
	    err) == -1 ||
	    read_enum(root, "case", "window", n_win, RULES_WIN_COUNT, &win,
	    err) == -1 ||
	    read_enum(root, "case", "via_ground", n_via, RULES_VIA_COUNT, &via,
	    err) == -1 ||
	    read_enum(root, "case", "filer", n_filer, RULES_FILER_COUNT,
	    &filer, err) == -1 ||
	    read_enum(root, "case", "combined_with", n_comb, RULES_COMB_COUNT,
	    &comb, err) == -1)
		return -1;
	c->procedure = (enum rules_procedure)proc;
	c->reg = (enum rules_register)reg;
	c->window = (enum rules_window)win;
	c->via_ground = (enum rules_via_ground)via;
	c->filer = (enum rules_filer)filer;
	c->combined_with = (enum rules_combined)comb;
	return 0;
}

static int
read_case(json_t *root, struct rules_case *c, struct rules_error *err)
{
	size_t i;

	if (!json_is_object(root))
		return fail(err, "case", "not an object");
	if (check_keys(root, "case", case_fields, err) == -1 ||
	    read_enums(root, c, err) == -1 ||
	    read_date(root, "case", "date", &c->date, err) == -1 ||
	    read_certs(root, c, err) == -1 ||
	    read_person(root, c, err) == -1 ||
	    read_legal_rep(root, c, err) == -1 ||
	    read_documents(root, "documents", c->documents, &c->n_documents,
	    err) == -1 ||
	    read_documents(root, "filer_documents", c->filer_documents,
	    &c->n_filer_documents, err) == -1 ||
	    read_card(root, c, err) == -1)
		return -1;
	for (i = 0; i < sizeof(case_bools) / sizeof(case_bools[0]); i++)
		if (read_bool(root, "case", case_bools[i].name,
		    (bool *)((char *)c + case_bools[i].offset), err) == -1)
			return -1;
	return 0;
}

int
rules_case_from_json(const char *text, size_t len, struct rules_case *out,
    struct rules_error *err)
{
	json_error_t je;
	json_t *root;
	int rc;

	rules_case_init(out);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return fail(err, "case", "not JSON (line %d column %d: %s)",
		    je.line, je.column, je.text);
	rc = read_case(root, out, err);
	json_decref(root);
	if (rc == 0)
		rc = rules_case_validate(out, err);
	return rc;
}

/* Writing. A failed allocation anywhere yields NULL. */

static json_t *
date_json(const struct era_date *dt)
{
	char buf[11];

	era_format_iso(dt, buf);
	return json_string(buf);
}

static json_t *
name_json(const char *name)
{
	return name != NULL ? json_string(name) : json_null();
}

static json_t *
certs_json(unsigned certs)
{
	json_t *a = json_array();

	if (a != NULL && (certs & RULES_CERT_SIGNATURE))
		json_array_append_new(a, json_string("signature"));
	if (a != NULL && (certs & RULES_CERT_USER))
		json_array_append_new(a, json_string("user"));
	return a;
}

static json_t *
docs_json(const struct rules_document *docs, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n && i < RULES_MAX_DOCUMENTS; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:b, s:b}",
		    "list", docs[i].list == RULES_LIST_A ? "A" : "B",
		    "item", docs[i].item, "valid", docs[i].valid,
		    "photo", docs[i].photo));
	return a;
}

static json_t *
legal_rep_json(const struct rules_case *c)
{
	const struct rules_legal_rep *lr = &c->legal_rep;

	if (!c->has_legal_rep)
		return json_null();
	return json_pack("{s:o, s:b, s:b, s:o}",
	    "kind", name_json(rules_rep_kind_name(lr->kind)),
	    "accompanies_person", lr->accompanies_person,
	    "intent_confirmed", lr->intent_confirmed,
	    "authority", name_json(rules_authority_name(lr->authority)));
}

static json_t *
card_json(const struct rules_case *c)
{
	const struct rules_card_check *k = &c->card;

	if (!c->has_card)
		return json_null();
	return json_pack("{s:b, s:b, s:b, s:b, s:b}",
	    "face_auth", k->face_auth, "pin_verified", k->pin_verified,
	    "face_data_matches", k->face_data_matches,
	    "registry_match", k->registry_match, "status_ok", k->status_ok);
}

static char *
dump(json_t *obj, int pretty)
{
	char *s;

	if (obj == NULL)
		return NULL;
	s = json_dumps(obj, JSON_PRESERVE_ORDER |
	    (pretty ? JSON_INDENT(2) : JSON_COMPACT));
	json_decref(obj);
	return s;
}

char *
rules_case_to_json(const struct rules_case *c, int pretty)
{
	json_t *o;
	size_t i;

	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:b}, s:o, s:o,"
	    " s:o, s:o, s:o, s:o}",
	    "procedure", name_json(rules_procedure_name(c->procedure)),
	    "register", name_json(rules_register_name(c->reg)),
	    "date", date_json(&c->date),
	    "window", name_json(rules_window_name(c->window)),
	    "via_ground", name_json(rules_via_ground_name(c->via_ground)),
	    "certs", certs_json(c->certs),
	    "person", "birth_date", date_json(&c->birth_date),
	    "adult_ward", c->adult_ward,
	    "filer", name_json(rules_filer_name(c->filer)),
	    "legal_rep", legal_rep_json(c),
	    "documents", docs_json(c->documents, c->n_documents),
	    "filer_documents", docs_json(c->filer_documents,
	    c->n_filer_documents),
	    "card", card_json(c),
	    "combined_with", name_json(rules_combined_name(c->combined_with)));
	for (i = 0; o != NULL && i < sizeof(case_bools) / sizeof(case_bools[0]);
	    i++)
		json_object_set_new(o, case_bools[i].name, json_boolean(
		    *(const bool *)((const char *)c + case_bools[i].offset)));
	return dump(o, pretty);
}

static json_t *
cited_json(const struct rules_decision *d)
{
	json_t *a = json_array();
	int i;

	for (i = 0; a != NULL && i < RULES_ID_COUNT; i++)
		if (d->cited[i])
			json_array_append_new(a,
			    json_string(rules_id_name((enum rules_id)i)));
	return a;
}

static json_t *
reasons_json(const struct rules_decision *d)
{
	json_t *a = json_array();
	char buf[512];
	size_t i;

	for (i = 0; a != NULL && i < d->n_reasons && i < RULES_MAX_REASONS;
	    i++) {
		rules_reason_format(&d->reasons[i], buf, sizeof(buf));
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

char *
rules_decision_to_json(const struct rules_decision *d, int pretty)
{
	json_t *o;

	o = json_pack("{s:s, s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:o, s:o,"
	    " s:o, s:o}",
	    "decision", d->verdict == RULES_ACCEPT ? "accept" : "reject",
	    "issue", certs_json(d->issue),
	    "revoke", certs_json(d->revoke),
	    "pin_set_by", name_json(rules_pin_setter_name(d->pin_set_by)),
	    "face_auth_switch", d->face_auth_switch,
	    "face_auth_release", d->face_auth_release,
	    "form", name_json(rules_form_name(d->form)),
	    "inquiry_form", name_json(rules_form_name(d->inquiry_form)),
	    "send_to_jlis", d->send_to_jlis ? json_string("特定記録郵便") :
	    json_null(),
	    "retention_years", d->retention_years > 0 ?
	    json_integer(d->retention_years) : json_null(),
	    "rules", cited_json(d),
	    "reasons", reasons_json(d));
	return dump(o, pretty);
}
