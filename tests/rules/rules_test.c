/*
 * The row runner of the table-driven rules tests: base case + patch ->
 * struct rules_case (through the JSON reader, as the CLI does) -> decision
 * -> its JSON compared field by field with the row's expectations, and the
 * row's rule id checked as cited (on) or not (off). Failing rows are
 * printed with the decision so the log says what came out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "madoguchi/rules.h"
#include "rules_test.h"

static const char base_case[] =
    "{'procedure':'issue','register':'resident','date':'2026-05-01',"
    "'window':'citizens','certs':['signature','user'],"
    "'person':{'birth_date':'1986-02-03','adult_ward':false},'filer':'self',"
    "'documents':[{'list':'A','item':1,'valid':true,'photo':true}]}";

char *
rules_test_json(const char *single)
{
	char *s = strdup(single), *p, *q;

	if (s == NULL)
		abort();
	/* Quotes, and the commas the row macros double or leave at an end
	 * (test JSON holds no ASCII comma inside a string). */
	for (p = q = s; *p != '\0'; p++) {
		char ch = *p == '\'' ? '"' : *p;

		if (ch == ',' && (q == s || q[-1] == ',' || q[-1] == '{' ||
		    q[-1] == '['))
			continue;
		if ((ch == '}' || ch == ']') && q > s && q[-1] == ',')
			q--;
		*q++ = ch;
	}
	*q = '\0';
	return s;
}

static json_t *
load(const char *single)
{
	char *text = rules_test_json(single);
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);

	if (j == NULL)
		printf("bad test JSON (%s): %s\n", je.text, text);
	free(text);
	return j;
}

/* 1 if some reason line contains needle. */
static int
has_reason(json_t *decision, const char *needle)
{
	json_t *reasons = json_object_get(decision, "reasons"), *r;
	size_t i;

	json_array_foreach(reasons, i, r)
		if (strstr(json_string_value(r), needle) != NULL)
			return 1;
	return 0;
}

static int
check_expect(json_t *got, json_t *expect, const char **what)
{
	const char *key;
	json_t *want;

	json_object_foreach(expect, key, want) {
		*what = key;
		if (strcmp(key, "reason") == 0) {
			if (!has_reason(got, json_string_value(want)))
				return -1;
		} else if (!json_equal(json_object_get(got, key), want))
			return -1;
	}
	return 0;
}

/* Decide one row; 0 if it holds, -1 (printed) if not. */
static int
run_row(const char *table, size_t n, const struct rule_row *row)
{
	json_t *c = load(base_case), *patch = load(row->patch);
	json_t *expect = load(row->expect), *got = NULL;
	struct rules_case rc;
	struct rules_decision d;
	struct rules_error err;
	enum rules_id id;
	const char *what = "case";
	char *text = NULL, *out = NULL;
	int rc_ok = -1;

	if (c == NULL || patch == NULL || expect == NULL)
		goto done;
	json_object_update(c, patch);
	text = json_dumps(c, JSON_COMPACT);
	if (rules_case_from_json(text, strlen(text), &rc, &err) == -1 ||
	    rules_decide(&rc, &d, &err) == -1) {
		printf("%s row %zu (%s): malformed: %s: %s\n", table, n,
		    row->rule, err.field, err.message);
		goto done;
	}
	out = rules_decision_to_json(&d, 0);
	got = json_loads(out, 0, NULL);
	if (rules_id_parse(row->rule, &id) == -1) {
		what = "rule id";
		goto fail;
	}
	if (rules_decision_cites(&d, id) != (row->on != 0)) {
		what = row->on ? "rule not cited" : "rule cited";
		goto fail;
	}
	if (json_array_size(json_object_get(got, "rules")) == 0) {
		what = "no rule cited";	/* every decision says why */
		goto fail;
	}
	if (d.verdict == RULES_REJECT &&
	    json_array_size(json_object_get(got, "reasons")) == 0) {
		what = "a reject without a reason";
		goto fail;
	}
	if (check_expect(got, expect, &what) == -1)
		goto fail;
	rc_ok = 0;
	goto done;
fail:
	printf("%s row %zu (%s %s): %s\n  case: %s\n  got:  %s\n", table, n,
	    row->rule, row->on ? "on" : "off", what, text, out);
done:
	free(text);
	free(out);
	json_decref(c);
	json_decref(patch);
	json_decref(expect);
	json_decref(got);
	return rc_ok;
}

int
rules_test_run(const struct rule_table *t)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < t->n; i++)
		if (run_row(t->name, i, &t->rows[i]) == -1)
			failed++;
	return failed;
}
