/*
 * `madoguchi rules` as a user runs it: the CASES.md examples through
 * `rules check -` and FILE, malformed cases (exit 2, one line on stderr
 * naming the field, nothing on stdout), `rules explain` and `rules list`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "madoguchi/rules.h"
#include "rules_test.h"
#include "testlib.h"

/* Run `madoguchi rules check -` on single-quoted JSON; returns stdout
 * (caller frees), *status the exit status, *err (caller frees) stderr. */
static char *
check(const char *single, int *status, char **err)
{
	char *json = rules_test_json(single), *dir = test_mkdtemp("rules");
	char path[4096], errpath[4096];
	char *out, *cat;
	FILE *f;

	snprintf(path, sizeof(path), "%s/case.json", dir);
	snprintf(errpath, sizeof(errpath), "%s/stderr", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(json, f);
	fclose(f);
	out = test_output(status, "'%s' rules check - < '%s' 2> '%s'",
	    test_prog("madoguchi"), path, errpath);
	cat = test_output(NULL, "cat '%s'", errpath);
	*err = cat;
	test_rmtree(dir);
	free(dir);
	free(json);
	return out;
}

static json_t *
parse(const char *out)
{
	json_t *j = json_loads(out, 0, NULL);

	CU_ASSERT_PTR_NOT_NULL(j);
	return j;
}

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : "(not a string)";
}

static const char example1[] =
    "{'procedure':'issue','register':'resident','date':'2026-05-01','window':'citizens','renewal':true,"
    "'certs':['signature','user'],'person':{'birth_date':'1986-02-03','adult_ward':false},'filer':'self',"
    "'documents':[{'list':'A','item':1,'valid':true,'photo':true}]}";
static const char example2[] =
    "{'procedure':'issue','register':'resident','date':'2026-05-01','window':'citizens','renewal':true,"
    "'certs':['signature','user'],'person':{'birth_date':'1986-02-03','adult_ward':false},'filer':'self',"
    "'documents':[{'list':'B','item':5,'valid':true,'photo':false},{'list':'B','item':13,'valid':true,'photo':true}]}";
static const char example3[] =
    "{'procedure':'issue','register':'resident','date':'2026-05-01','window':'shonai',"
    "'certs':['signature','user'],'person':{'birth_date':'2016-01-10','adult_ward':false},'filer':'legal_rep',"
    "'legal_rep':{'kind':'parent','accompanies_person':false,'intent_confirmed':false,'authority':'city_records'},"
    "'documents':[{'list':'A','item':12,'valid':true,'photo':true}],"
    "'filer_documents':[{'list':'A','item':1,'valid':true,'photo':true}],"
    "'card':{'face_auth':false,'pin_verified':true,'face_data_matches':true,'registry_match':true,'status_ok':true}}";

/* A 40-year-old renews both certs with a driver's licence. */
static void
test_example_renewal(void)
{
	int status;
	char *err, *out = check(example1, &status, &err);
	json_t *d = parse(out), *want = json_loads("[\"signature\",\"user\"]", 0, NULL);

	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_STRING_EQUAL(str(d, "decision"), "accept");
	CU_ASSERT_TRUE(json_equal(json_object_get(d, "issue"), want));
	CU_ASSERT_STRING_EQUAL(str(d, "pin_set_by"), "existing");
	CU_ASSERT_STRING_EQUAL(str(d, "form"), "様式第1号");
	CU_ASSERT_EQUAL(json_integer_value(json_object_get(d, "retention_years")), 15);
	json_decref(want);
	json_decref(d);
	free(out);
	free(err);
}

/* Two list-B documents and no reply form: a reject that says so. */
static void
test_example_list_b(void)
{
	int status;
	char *err, *out = check(example2, &status, &err);
	json_t *d = parse(out), *reasons;

	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_STRING_EQUAL(str(d, "decision"), "reject");
	reasons = json_object_get(d, "reasons");
	CU_ASSERT_EQUAL(json_array_size(reasons), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(json_string_value(json_array_get(reasons, 0)), "照会回答書"));
	CU_ASSERT_PTR_NOT_NULL(strstr(json_string_value(json_array_get(reasons, 0)), "R2.4"));
	CU_ASSERT_EQUAL(json_array_size(json_object_get(d, "issue")), 0);
	CU_ASSERT_TRUE(json_is_null(json_object_get(d, "pin_set_by")));
	json_decref(d);
	free(out);
	free(err);
}

/* A 10-year-old's parent, the child not present: user cert only. */
static void
test_example_child(void)
{
	int status;
	char *err, *out = check(example3, &status, &err);
	json_t *d = parse(out), *want = json_loads("[\"user\"]", 0, NULL);
	json_t *rules;
	size_t i;
	int r23 = 0;

	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_STRING_EQUAL(str(d, "decision"), "accept");
	CU_ASSERT_TRUE(json_equal(json_object_get(d, "issue"), want));
	CU_ASSERT_STRING_EQUAL(str(d, "pin_set_by"), "applicant");
	rules = json_object_get(d, "rules");
	for (i = 0; i < json_array_size(rules); i++)
		if (strcmp(json_string_value(json_array_get(rules, i)), "R2.3") == 0)
			r23 = 1;
	CU_ASSERT_TRUE(r23);
	json_decref(want);
	json_decref(d);
	free(out);
	free(err);
}

/* The decision carries exactly the contract's fields, in its order. */
static void
test_decision_fields(void)
{
	static const char *const fields[] = { "decision", "issue", "revoke",
	    "pin_set_by", "face_auth_switch", "face_auth_release", "form",
	    "inquiry_form", "send_to_jlis", "retention_years", "rules",
	    "reasons" };
	int status;
	char *err, *out = check(example1, &status, &err);
	json_t *d = parse(out);
	const char *prev = out;
	size_t i;

	CU_ASSERT_EQUAL(json_object_size(d), sizeof(fields) / sizeof(fields[0]));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		char quoted[64];
		const char *at;

		CU_ASSERT_PTR_NOT_NULL(json_object_get(d, fields[i]));
		snprintf(quoted, sizeof(quoted), "\"%s\"", fields[i]);
		at = strstr(out, quoted);
		CU_ASSERT_TRUE(at != NULL && at >= prev);
		if (at != NULL)
			prev = at;
	}
	json_decref(d);
	free(out);
	free(err);
}

struct bad_case {
	int		 raw;	/* 1: json is the whole text; 0: a patch over BASE */
	const char	*json;
	const char	*line;	/* expected start of the stderr message */
};

#define BASE "'procedure':'issue','register':'resident','date':'2026-05-01','window':'citizens'," \
	"'certs':['user'],'person':{'birth_date':'1986-02-03'},'filer':'self'"
static const char base_text[] = "{" BASE "}";

static const struct bad_case bad_cases[] = {
	{ 1, "{'procedure':'issue','register':'resident','date':'2026-05-01','window':'citizens',"
	  "'certs':['user'],'person':{'birth_date':'1986-02-30'},'filer':'self'}",
	  "case.person.birth_date: not a date (YYYY-MM-DD)" },
	{ 0, "{'foo':1}", "case.foo: unknown field" },
	{ 0, "{'documents':[{'list':'A','item':1,'vaild':true}]}", "case.documents[0].vaild: unknown field" },
	{ 0, "{'person':{'birth_date':'1986-02-03','age':40}}", "case.person.age: unknown field" },
	{ 0, "{'card':{'status':true}}", "case.card.status: unknown field" },
	{ 0, "{'window':'via_municipality'}", "case.via_ground: required when window is via_municipality" },
	{ 0, "{'via_ground':'dv_victim'}", "case.via_ground: only with window via_municipality" },
	{ 0, "{'window':'embassy'}", "case.window: embassy is only for the overseas register" },
	{ 0, "{'combined_with':'card_lost'}", "case.combined_with: card_lost is not provided for procedure issue (resident)" },
	{ 0, "{'combined_with':'card_found'}", "case.combined_with: card_found is not provided" },
	{ 0, "{'combined_with':'lost'}", "case.combined_with: not one of" },
	{ 0, "{'documents':[{'list':'A','item':30,'valid':true}]}", "case.documents[0].item: not an item of list A (1-29)" },
	{ 0, "{'documents':[{'list':'B','item':27,'valid':true}]}", "case.documents[0].item: not an item of list B (1-26)" },
	{ 0, "{'documents':[{'list':'B','item':2.5,'valid':true}]}", "case.documents[0].item: not an integer" },
	{ 0, "{'documents':[{'list':'C','item':1,'valid':true}]}", "case.documents[0].list: not one of A, B" },
	{ 0, "{'filer_documents':[{'list':'A','item':1}]}", "case.filer_documents[0].valid: missing" },
	{ 0, "{'documents':{'list':'A'}}", "case.documents: not a list" },
	{ 0, "{'renewal':'yes'}", "case.renewal: not a boolean" },
	{ 0, "{'procedure':5}", "case.procedure: not one of issue, revoke" },
	{ 0, "{'procedure':'revoke','renewal':true}", "case.renewal: only for procedure issue" },
	{ 0, "{'procedure':'revoke','face_auth_wanted':true}", "case.face_auth_wanted: only for procedure issue or face_auth" },
	{ 0, "{'certs':[]}", "case.certs: empty" },
	{ 0, "{'certs':['user','user']}", "case.certs[1]: named twice" },
	{ 0, "{'certs':['sig']}", "case.certs[0]: not one of signature, user" },
	{ 0, "{'legal_rep':{'kind':'parent'}}", "case.legal_rep: only when filer is legal_rep" },
	{ 0, "{'filer':'legal_rep'}", "case.legal_rep: required when filer is legal_rep" },
	{ 0, "{'filer':'legal_rep','legal_rep':{'kind':'uncle'}}", "case.legal_rep.kind: not one of parent, guardian" },
	{ 0, "{'filer':'legal_rep','legal_rep':{'authority':'koseki'}}", "case.legal_rep.kind: missing" },
	{ 0, "{'card':{'status_ok':1}}", "case.card.status_ok: not a boolean" },
	{ 0, "{'card':[]}", "case.card: not an object or null" },
	{ 0, "{'date':'2026-5-1'}", "case.date: not a date (YYYY-MM-DD)" },
	{ 0, "{'date':'1980-01-01'}", "case.person.birth_date: after the application date" },
	{ 1, "{'procedure':'issue','register':'resident','window':'citizens','certs':['user'],"
	  "'person':{'birth_date':'1986-02-03'},'filer':'self'}", "case.date: missing" },
	{ 1, "{'procedure':'issue','register':'resident','date':'2026-05-01','window':'citizens','filer':'self'}",
	  "case.person: missing" },
	{ 0, "{'person':null}", "case.person: not an object" },
	{ 1, "{" BASE ",'procedure':'issue'}", "case: not JSON (line 1 column" },
	{ 1, "[1,2]", "case: not an object" },
	{ 1, "{" BASE, "case: not JSON" },
	{ 1, "", "case: not JSON" },
	{ 0, "{'documents':[" "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},"
	  "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},"
	  "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},"
	  "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},"
	  "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},"
	  "{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true},{'list':'A','item':1,'valid':true}]}",
	  "case.documents: more than 16 documents" },
};

/* BASE with the patch's fields replacing its own (caller frees). */
static char *
merged(const char *patch)
{
	char *b = rules_test_json(base_text), *p = rules_test_json(patch);
	json_t *jb = json_loads(b, 0, NULL), *jp = json_loads(p, 0, NULL);
	char *s;

	CU_ASSERT_PTR_NOT_NULL_FATAL(jb);
	CU_ASSERT_PTR_NOT_NULL_FATAL(jp);
	json_object_update(jb, jp);
	s = json_dumps(jb, JSON_COMPACT);
	json_decref(jb);
	json_decref(jp);
	free(b);
	free(p);
	return s;
}

/* Exit 2, nothing on stdout, one line on stderr naming the field. */
static void
test_malformed(void)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		int status;
		char *text = bad_cases[i].raw ? strdup(bad_cases[i].json) :
		    merged(bad_cases[i].json);
		char *err, *out = check(text, &status, &err);
		char *nl = strchr(err, '\n');
		int one_line = nl != NULL && nl[1] == '\0';

		if (status != 2 || *out != '\0' || !one_line ||
		    strstr(err, bad_cases[i].line) == NULL) {
			printf("malformed case %zu: exit %d, stdout '%s', stderr '%s', "
			    "want '%s'\n", i, status, out, err, bad_cases[i].line);
			bad++;
		}
		free(text);
		free(out);
		free(err);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* FILE instead of -, and a file that is not there. */
static void
test_check_file(void)
{
	char *dir = test_mkdtemp("rules"), *json = rules_test_json(example1);
	char path[4096], *out;
	FILE *f;
	int status;

	snprintf(path, sizeof(path), "%s/case.json", dir);
	f = fopen(path, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(json, f);
	fclose(f);
	out = test_output(&status, "'%s' rules check '%s'", test_prog("madoguchi"), path);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"accept\""));
	free(out);
	out = test_output(&status, "'%s' rules check '%s/none.json' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "none.json"));
	free(out);
	out = test_output(&status, "'%s' rules frobnicate 2>&1", test_prog("madoguchi"));
	CU_ASSERT_EQUAL(status, 2);
	free(out);
	test_rmtree(dir);
	free(dir);
	free(json);
}

static void
test_explain(void)
{
	int status;
	char *out = test_output(&status, "'%s' rules explain R2.3", test_prog("madoguchi"));

	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R2.3"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "legal representative"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "１５歳未満の者又は成年被後見人"));
	free(out);
	out = test_output(&status, "'%s' rules explain r4-3.7", test_prog("madoguchi"));
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R4-3.7"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "顔認証"));
	free(out);
	out = test_output(&status, "'%s' rules explain R9.9 2>&1", test_prog("madoguchi"));
	CU_ASSERT_EQUAL(status, 2);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R9.9"));
	free(out);
}

static void
test_list(void)
{
	int status, lines = 0;
	char *out = test_output(&status, "'%s' rules list", test_prog("madoguchi"));
	char *p;

	CU_ASSERT_EQUAL(status, 0);
	for (p = out; *p != '\0'; p++)
		if (*p == '\n')
			lines++;
	CU_ASSERT_EQUAL(lines, RULES_ID_COUNT);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R2-2.13\t"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "R7.2\t"));
	CU_ASSERT(strncmp(out, "R2.1\t", 5) == 0);
	free(out);
}

static CU_TestInfo cli_tests[] = {
	{ "CASES.md: renewal with a driver's licence", test_example_renewal },
	{ "CASES.md: two list-B documents, no reply form", test_example_list_b },
	{ "CASES.md: a 10-year-old's parent", test_example_child },
	{ "decision JSON has the contract's fields in order", test_decision_fields },
	{ "malformed cases exit 2 naming the field", test_malformed },
	{ "rules check FILE, missing file, bad usage", test_check_file },
	{ "rules explain", test_explain },
	{ "rules list", test_list },
	CU_TEST_INFO_NULL
};
TEST_SUITE(rules_cli, "rules.cli", cli_tests)
