/*
 * The const tables and the struct API: every rule id has its texts and
 * parses back, every reason code and form has its Japanese text, the
 * document lists have their 29 and 26 items, enum names round-trip, a case
 * built as a struct (as the counter screens will) decides like its JSON,
 * decisions are deterministic, and case JSON round-trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "testlib.h"

/* A reading: not empty, all full-width katakana (U+30A1..U+30FC, 3 bytes
 * of UTF-8 each). */
static int
doc_kana_ok(const char *kana)
{
	const unsigned char *p = (const unsigned char *)kana;
	unsigned c;

	if (p == NULL || *p == '\0')
		return 0;
	for (; *p != '\0'; p += 3) {
		if ((p[0] & 0xf0) != 0xe0 || (p[1] & 0xc0) != 0x80 ||
		    (p[2] & 0xc0) != 0x80)
			return 0;
		c = (p[0] & 0x0fu) << 12 | (p[1] & 0x3fu) << 6 | (p[2] & 0x3fu);
		if (c < 0x30a1 || c > 0x30fc)
			return 0;
	}
	return 1;
}

static void
test_rule_ids(void)
{
	enum rules_id id;
	int i;

	for (i = 0; i < RULES_ID_COUNT; i++) {
		const char *name = rules_id_name((enum rules_id)i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(name);
		CU_ASSERT_PTR_NOT_NULL(rules_id_digest((enum rules_id)i));
		CU_ASSERT_PTR_NOT_NULL(rules_id_seed((enum rules_id)i));
		CU_ASSERT_EQUAL(rules_id_parse(name, &id), 0);
		CU_ASSERT_EQUAL(id, i);
	}
	CU_ASSERT_STRING_EQUAL(rules_id_name(RULE_A2_2_P5), "R2-2.5");
	CU_ASSERT_STRING_EQUAL(rules_id_name(RULE_A4_3_P7), "R4-3.7");
	CU_ASSERT_STRING_EQUAL(rules_id_name(RULE_A7_P2), "R7.2");
	CU_ASSERT_EQUAL(rules_id_parse("r2.13", &id), 0);
	CU_ASSERT_EQUAL(id, RULE_A2_P13);
	CU_ASSERT_EQUAL(rules_id_parse("R2.21", &id), -1);
	CU_ASSERT_EQUAL(rules_id_parse("2.1", &id), -1);
	CU_ASSERT_EQUAL(rules_id_parse("", &id), -1);
	CU_ASSERT_PTR_NULL(rules_id_name(RULES_ID_NONE));
	CU_ASSERT_PTR_NULL(rules_id_name(RULES_ID_COUNT));
	/* The seed's own paragraph, not the digest's. */
	CU_ASSERT_PTR_NOT_NULL(strstr(rules_id_seed(RULE_A2_P13), "同一世帯"));
	CU_ASSERT_PTR_NOT_NULL(strstr(rules_id_seed(RULE_A7_P1), "１５年間"));
}

static void
test_reasons(void)
{
	struct rules_reason r = { RULES_RSN_ID_MISSING, RULE_A2_P4 };
	char buf[512];
	int i;

	for (i = 0; i < RULES_RSN_COUNT; i++) {
		const char *t = rules_reason_text((enum rules_reason_code)i);

		CU_ASSERT_PTR_NOT_NULL(t);
		CU_ASSERT(t != NULL && strlen(t) > 10 && strchr(t, '\n') == NULL);
	}
	CU_ASSERT_PTR_NULL(rules_reason_text(RULES_RSN_COUNT));
	rules_reason_format(&r, buf, sizeof(buf));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "本人確認書類"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "（R2.4）"));
	CU_ASSERT_EQUAL(rules_reason_severity(RULES_RSN_SIGNATURE_MINOR), RULES_SEV_REFUSE);
	CU_ASSERT_EQUAL(rules_reason_severity(RULES_RSN_SERIAL_MISSING), RULES_SEV_REJECT);
	CU_ASSERT_EQUAL(rules_reason_severity(RULES_RSN_SEND_TO_JLIS), RULES_SEV_NOTE);
}

static void
test_forms_and_documents(void)
{
	int i;

	CU_ASSERT_PTR_NULL(rules_form_name(RULES_FORM_NONE));
	for (i = RULES_FORM_NONE + 1; i < RULES_FORM_COUNT; i++) {
		const char *n = rules_form_name((enum rules_form)i);

		CU_ASSERT_PTR_NOT_NULL_FATAL(n);
		CU_ASSERT_PTR_NOT_NULL(rules_form_title((enum rules_form)i));
		CU_ASSERT(strncmp(n, "様式第", strlen("様式第")) == 0 ||
		    strncmp(n, "個人番号", strlen("個人番号")) == 0);
	}
	CU_ASSERT_STRING_EQUAL(rules_form_name(RULES_FORM_CARD_4), "個人番号カード要綱様式第4号");
	for (i = 1; i <= RULES_LIST_A_ITEMS; i++)
		CU_ASSERT_PTR_NOT_NULL(rules_document_name(RULES_LIST_A, i));
	for (i = 1; i <= RULES_LIST_B_ITEMS; i++)
		CU_ASSERT_PTR_NOT_NULL(rules_document_name(RULES_LIST_B, i));
	CU_ASSERT_PTR_NULL(rules_document_name(RULES_LIST_A, 0));
	CU_ASSERT_PTR_NULL(rules_document_name(RULES_LIST_A, 30));
	CU_ASSERT_PTR_NULL(rules_document_name(RULES_LIST_B, 27));
	CU_ASSERT_STRING_EQUAL(rules_document_name(RULES_LIST_A, 3), "旅券");
	for (i = 1; i <= RULES_LIST_A_ITEMS; i++)
		CU_ASSERT(doc_kana_ok(rules_document_kana(RULES_LIST_A, i)));
	for (i = 1; i <= RULES_LIST_B_ITEMS; i++)
		CU_ASSERT(doc_kana_ok(rules_document_kana(RULES_LIST_B, i)));
	CU_ASSERT_PTR_NULL(rules_document_kana(RULES_LIST_B, 27));
	CU_ASSERT_STRING_EQUAL(rules_document_kana(RULES_LIST_A, 1),
	    "ウンテンメンキョショウ");
	CU_ASSERT_STRING_EQUAL(rules_document_kana(RULES_LIST_A, 3), "リョケン");
}

static void
test_enum_names(void)
{
	CU_ASSERT_STRING_EQUAL(rules_procedure_name(RULES_PROC_CARD_FOUND), "card_found");
	CU_ASSERT_STRING_EQUAL(rules_register_name(RULES_REG_OVERSEAS), "overseas");
	CU_ASSERT_STRING_EQUAL(rules_window_name(RULES_WIN_SHINSENRI), "shinsenri");
	CU_ASSERT_STRING_EQUAL(rules_window_label(RULES_WIN_CITIZENS), "市民課");
	CU_ASSERT_PTR_NULL(rules_via_ground_name(RULES_VIA_NONE));
	CU_ASSERT_STRING_EQUAL(rules_via_ground_name(RULES_VIA_INFANT), "infant");
	CU_ASSERT_STRING_EQUAL(rules_authority_name(RULES_AUTH_REGISTRY_CERTIFICATE), "registry_certificate");
	CU_ASSERT_STRING_EQUAL(rules_pin_setter_name(RULES_PIN_STAFF_FROM_REQUEST), "staff_from_request");
	CU_ASSERT_PTR_NULL(rules_procedure_name(RULES_PROC_COUNT));
	/* Who filed and a legal representative's kind, as forms print them. */
	CU_ASSERT_STRING_EQUAL(rules_filer_label(RULES_FILER_SELF), "本人");
	CU_ASSERT_STRING_EQUAL(rules_filer_label(RULES_FILER_AGENT), "任意代理人");
	CU_ASSERT_PTR_NULL(rules_filer_label(RULES_FILER_COUNT));
	CU_ASSERT_PTR_NULL(rules_filer_label_table[RULES_FILER_COUNT]);
	CU_ASSERT_STRING_EQUAL(rules_rep_kind_label(RULES_REP_GUARDIAN), "成年後見人");
	CU_ASSERT_PTR_NULL(rules_rep_kind_label(RULES_REP_COUNT));
}

/* The CASES.md child example built as a struct, as the screens will. */
static void
child_case(struct rules_case *c)
{
	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	c->date = (struct era_date){ 2026, 5, 1 };
	c->window = RULES_WIN_SHONAI;
	c->certs = RULES_CERT_SIGNATURE | RULES_CERT_USER;
	c->birth_date = (struct era_date){ 2016, 1, 10 };
	c->filer = RULES_FILER_LEGAL_REP;
	c->has_legal_rep = true;
	c->legal_rep.kind = RULES_REP_PARENT;
	c->legal_rep.authority = RULES_AUTH_CITY_RECORDS;
	c->n_documents = 1;
	c->documents[0] = (struct rules_document){ RULES_LIST_A, 12, true, true };
	c->n_filer_documents = 1;
	c->filer_documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	c->has_card = true;
	c->card = (struct rules_card_check){ false, true, true, true, true };
}

static void
test_struct_api(void)
{
	struct rules_case c;
	struct rules_decision d, d2;
	struct rules_error err;

	child_case(&c);
	CU_ASSERT_EQUAL_FATAL(rules_decide(&c, &d, &err), 0);
	CU_ASSERT_EQUAL(d.verdict, RULES_ACCEPT);
	CU_ASSERT_EQUAL(d.issue, RULES_CERT_USER);
	CU_ASSERT_EQUAL(d.pin_set_by, RULES_PIN_APPLICANT);
	CU_ASSERT_EQUAL(d.form, RULES_FORM_1);
	CU_ASSERT_EQUAL(d.retention_years, 15);
	CU_ASSERT_TRUE(rules_decision_cites(&d, RULE_A2_P3));
	CU_ASSERT_TRUE(rules_decision_cites(&d, RULE_A2_P8));
	CU_ASSERT_FALSE(rules_decision_cites(&d, RULES_ID_NONE));
	/* Same case, same decision, byte for byte. */
	memset(&d2, 0xa5, sizeof(d2));
	CU_ASSERT_EQUAL(rules_decide(&c, &d2, &err), 0);
	CU_ASSERT_EQUAL(memcmp(&d, &d2, sizeof(d)), 0);
	/* A struct out of range is malformed, not decided. */
	c.procedure = (enum rules_procedure)42;
	CU_ASSERT_EQUAL(rules_decide(&c, &d, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.field, "case.procedure");
	child_case(&c);
	c.documents[0].item = 0;
	CU_ASSERT_EQUAL(rules_case_validate(&c, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.field, "case.documents[0].item");
	child_case(&c);
	c.date = (struct era_date){ 2026, 2, 30 };
	CU_ASSERT_EQUAL(rules_case_validate(&c, &err), -1);
	CU_ASSERT_STRING_EQUAL(err.field, "case.date");
}

/* struct -> JSON -> struct -> JSON gives the same text and decision. */
static void
test_case_json_round_trip(void)
{
	struct rules_case c, back;
	struct rules_decision d1, d2;
	struct rules_error err;
	char *j1, *j2;

	memset(&err, 0, sizeof(err));
	child_case(&c);
	c.inquiry_reply = c.serial_document = c.has_valid_signature = true;
	c.legal_rep.accompanies_person = true;
	j1 = rules_case_to_json(&c, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(j1);
	CU_ASSERT_EQUAL_FATAL(rules_case_from_json(j1, strlen(j1), &back, &err), 0);
	j2 = rules_case_to_json(&back, 1);
	free(j1);
	j1 = rules_case_to_json(&back, 1);
	CU_ASSERT_STRING_EQUAL(j1, j2);
	CU_ASSERT_PTR_NOT_NULL(strstr(j2, "\"birth_date\": \"2016-01-10\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(j2, "\"via_ground\": null"));
	CU_ASSERT_EQUAL(rules_decide(&c, &d1, &err), 0);
	CU_ASSERT_EQUAL(rules_decide(&back, &d2, &err), 0);
	CU_ASSERT_EQUAL(memcmp(&d1, &d2, sizeof(d1)), 0);
	free(j1);
	free(j2);
}

static CU_TestInfo table_tests[] = {
	{ "rule ids: names, texts, parsing", test_rule_ids },
	{ "reason codes: texts, severities, format", test_reasons },
	{ "forms and document lists A and B", test_forms_and_documents },
	{ "enum names of the JSON contract", test_enum_names },
	{ "a case built as a struct; deterministic", test_struct_api },
	{ "case JSON round trip", test_case_json_round_trip },
	CU_TEST_INFO_NULL
};
TEST_SUITE(rules_tables, "rules.tables", table_tests)
