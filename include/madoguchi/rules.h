/*
 * The rules core: the city's guideline 電子証明書の発行申請等の受付に関する要綱
 * as pure decisions. A struct rules_case (what the counter knows about one
 * application, dated) goes in; a struct rules_decision (accept or reject, the
 * certs to issue or revoke, who sets the PIN, the forms, retention, the rule
 * ids that shaped it and reason codes) comes out. No I/O, no clock, no
 * globals, no allocation: callers own both structs. Rule ids, forms,
 * document lists A and B, windows and procedures are const tables.
 * Reason codes are rendered to Japanese by rules_reason_text() at the edge.
 * JSON in and out (the `madoguchi rules check` contract, CASES.md) lives in
 * rules_json.c, the only part that allocates.
 */
#ifndef MADOGUCHI_RULES_H
#define MADOGUCHI_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "madoguchi/era.h"

/* Every rule id of the digest (RULES.md): RULE_A<article>[_<branch>]_P<paragraph>,
 * e.g. RULE_A2_2_P5 is R2-2.5. The order is the digest's. */
enum rules_id {
	RULES_ID_NONE = -1,
	RULE_A2_P1, RULE_A2_P2, RULE_A2_P3, RULE_A2_P4, RULE_A2_P5,
	RULE_A2_P6, RULE_A2_P7, RULE_A2_P8, RULE_A2_P9, RULE_A2_P10,
	RULE_A2_P11, RULE_A2_P12, RULE_A2_P13, RULE_A2_P14, RULE_A2_P15,
	RULE_A2_P16, RULE_A2_P17, RULE_A2_P18, RULE_A2_P19, RULE_A2_P20,
	RULE_A2_2_P1, RULE_A2_2_P2, RULE_A2_2_P3, RULE_A2_2_P4, RULE_A2_2_P5,
	RULE_A2_2_P6, RULE_A2_2_P7, RULE_A2_2_P8, RULE_A2_2_P9, RULE_A2_2_P10,
	RULE_A2_2_P11, RULE_A2_2_P12, RULE_A2_2_P13,
	RULE_A3_P1, RULE_A3_P2, RULE_A3_P3, RULE_A3_P4, RULE_A3_P5,
	RULE_A3_P6, RULE_A3_P7, RULE_A3_P8, RULE_A3_P9, RULE_A3_P10,
	RULE_A3_P11, RULE_A3_P12, RULE_A3_P13,
	RULE_A3_2_P1, RULE_A3_2_P2, RULE_A3_2_P3, RULE_A3_2_P4, RULE_A3_2_P5,
	RULE_A3_2_P6, RULE_A3_2_P7, RULE_A3_2_P8,
	RULE_A4_P1, RULE_A4_P2, RULE_A4_P3, RULE_A4_P4, RULE_A4_P5,
	RULE_A4_P6, RULE_A4_P7, RULE_A4_P8, RULE_A4_P9, RULE_A4_P10,
	RULE_A4_P11,
	RULE_A4_2_P1, RULE_A4_2_P2, RULE_A4_2_P3, RULE_A4_2_P4, RULE_A4_2_P5,
	RULE_A4_2_P6,
	RULE_A4_3_P1, RULE_A4_3_P2, RULE_A4_3_P3, RULE_A4_3_P4, RULE_A4_3_P5,
	RULE_A4_3_P6, RULE_A4_3_P7, RULE_A4_3_P8, RULE_A4_3_P9,
	RULE_A5_P1, RULE_A5_P2, RULE_A5_P3,
	RULE_A6_P1, RULE_A6_P2, RULE_A6_P3, RULE_A6_P4, RULE_A6_P5,
	RULE_A6_P6,
	RULE_A6_2_P1, RULE_A6_2_P2, RULE_A6_2_P3, RULE_A6_2_P4, RULE_A6_2_P5,
	RULE_A7_P1, RULE_A7_P2,
	RULES_ID_COUNT
};

enum rules_procedure {
	RULES_PROC_ISSUE, RULES_PROC_REVOKE, RULES_PROC_PIN_CHANGE,
	RULES_PROC_PIN_RESET, RULES_PROC_FACE_AUTH, RULES_PROC_DISCLOSE,
	RULES_PROC_CORRECT, RULES_PROC_CARD_FOUND,
	RULES_PROC_COUNT
};

enum rules_register { RULES_REG_RESIDENT, RULES_REG_OVERSEAS, RULES_REG_COUNT };

enum rules_window {
	RULES_WIN_CITIZENS, RULES_WIN_SHONAI, RULES_WIN_SHINSENRI,
	RULES_WIN_EMBASSY, RULES_WIN_VIA_MUNICIPALITY,
	RULES_WIN_COUNT
};

/* R2.2 (1)-(3); NONE unless the window is via_municipality. */
enum rules_via_ground {
	RULES_VIA_NONE, RULES_VIA_CORPORATE_BATCH, RULES_VIA_DV_VICTIM,
	RULES_VIA_INFANT,
	RULES_VIA_COUNT
};

enum rules_filer { RULES_FILER_SELF, RULES_FILER_LEGAL_REP, RULES_FILER_AGENT,
	RULES_FILER_COUNT };

enum rules_rep_kind { RULES_REP_PARENT, RULES_REP_GUARDIAN, RULES_REP_COUNT };

/* How the legal representative's authority was shown (R2.10). */
enum rules_authority {
	RULES_AUTH_NONE, RULES_AUTH_KOSEKI, RULES_AUTH_CITY_RECORDS,
	RULES_AUTH_REGISTRY_CERTIFICATE,
	RULES_AUTH_COUNT
};

/* A My Number card / notice-guideline procedure filed together. */
enum rules_combined {
	RULES_COMB_NONE, RULES_COMB_CARD_FACE_CHANGE,
	RULES_COMB_OVERSEAS_CONTINUED_USE, RULES_COMB_RESIDENCE_PERIOD_CHANGE,
	RULES_COMB_TEMPORARY_STOP_RELEASE, RULES_COMB_CARD_LOST,
	RULES_COMB_CARD_RETURNED, RULES_COMB_CARD_FOUND,
	RULES_COMB_COUNT
};

/* Certificate kinds as bits (a set of certs is an unsigned mask). */
#define RULES_CERT_SIGNATURE	0x1u
#define RULES_CERT_USER		0x2u
#define RULES_CERT_ALL		0x3u

enum rules_doc_list { RULES_LIST_A, RULES_LIST_B };

#define RULES_LIST_A_ITEMS	29	/* R2.5 (1)-(29) */
#define RULES_LIST_B_ITEMS	26	/* R2.6 (1)-(26) */
#define RULES_MAX_DOCUMENTS	16

/* One identity document as the clerk recorded it (R2.7). */
struct rules_document {
	enum rules_doc_list	list;
	int			item;	/* 1..29 (A) or 1..26 (B) */
	bool			valid;	/* not expired on the application date */
	bool			photo;
};

struct rules_legal_rep {
	enum rules_rep_kind	kind;
	bool			accompanies_person;	/* 同行 (R2.3) */
	bool			intent_confirmed;	/* both intents (R2.3) */
	enum rules_authority	authority;
};

/* Results of the R2.8 / R2-2.7 checks of the presented card. */
struct rules_card_check {
	bool	face_auth;		/* the card is a face-auth card */
	bool	pin_verified;
	bool	face_data_matches;	/* chip's card-face data = print */
	bool	registry_match;		/* registry / annex by the form */
	bool	status_ok;		/* operational status */
};

/* One application at the counter. Every date and age is judged on `date`. */
struct rules_case {
	enum rules_procedure	procedure;
	enum rules_register	reg;
	struct era_date		date;
	enum rules_window	window;
	enum rules_via_ground	via_ground;
	bool			renewal;
	unsigned		certs;		/* RULES_CERT_* */
	bool			face_auth_wanted;
	struct era_date		birth_date;	/* case.person.birth_date */
	bool			adult_ward;	/* case.person.adult_ward */
	enum rules_filer	filer;
	bool			has_legal_rep;
	struct rules_legal_rep	legal_rep;
	size_t			n_documents;
	struct rules_document	documents[RULES_MAX_DOCUMENTS];
	size_t			n_filer_documents;
	struct rules_document	filer_documents[RULES_MAX_DOCUMENTS];
	bool			inquiry_reply;
	bool			power_of_attorney;
	bool			pin_request_form;
	bool			moved_within_month;
	bool			agent_same_household;
	bool			serial_document;
	bool			has_valid_signature;
	bool			has_card;
	struct rules_card_check	card;
	enum rules_combined	combined_with;
};

/* Forms as printed in the seed (half-width digits). */
enum rules_form {
	RULES_FORM_NONE,
	RULES_FORM_1, RULES_FORM_2, RULES_FORM_3, RULES_FORM_4,
	RULES_FORM_7, RULES_FORM_8, RULES_FORM_9, RULES_FORM_10,
	RULES_FORM_11, RULES_FORM_12, RULES_FORM_13,
	RULES_FORM_CARD_3, RULES_FORM_CARD_4, RULES_FORM_CARD_5,
	RULES_FORM_CARD_8, RULES_FORM_CARD_10, RULES_FORM_CARD_13,
	RULES_FORM_CARD_14, RULES_FORM_CARD_16, RULES_FORM_CARD_17,
	RULES_FORM_CARD_18, RULES_FORM_CARD_19, RULES_FORM_CARD_20,
	RULES_FORM_CARD_23,
	RULES_FORM_NOTICE_4, RULES_FORM_NOTICE_6,
	RULES_FORM_COUNT
};

enum rules_verdict { RULES_ACCEPT, RULES_REJECT };

enum rules_pin_setter {
	RULES_PIN_NONE, RULES_PIN_APPLICANT, RULES_PIN_STAFF_FROM_REQUEST,
	RULES_PIN_STAFF_RANDOM, RULES_PIN_EXISTING,
	RULES_PIN_COUNT
};

/* Reason codes: one line each for the clerk, text in rules_reason_text(). */
enum rules_reason_code {
	/* Rejects: what is missing or not allowed. */
	RULES_RSN_WINDOW_NOT_ALLOWED,
	RULES_RSN_VIA_NOT_PROVIDED,
	RULES_RSN_VIA_GROUND_NOT_ALLOWED,
	RULES_RSN_VIA_INFANT_AGE,
	RULES_RSN_LEGAL_REP_REQUIRED,
	RULES_RSN_LEGAL_REP_NOT_APPLICABLE,
	RULES_RSN_LEGAL_REP_KIND,
	RULES_RSN_AUTHORITY_PARENT,
	RULES_RSN_AUTHORITY_GUARDIAN,
	RULES_RSN_ID_MISSING,
	RULES_RSN_ID_LIST_B_NEEDS_REPLY,
	RULES_RSN_ID_OVERSEAS_LIST_A_ONLY,
	RULES_RSN_REP_ID_MISSING,
	RULES_RSN_DOC_EXPIRED,
	RULES_RSN_DOC_PHOTO,
	RULES_RSN_DOC_B26_ONCE,
	RULES_RSN_DOC_B20_PIN,
	RULES_RSN_CARD_UNCHECKED,
	RULES_RSN_CARD_FACE_MISMATCH,
	RULES_RSN_CARD_REGISTRY_MISMATCH,
	RULES_RSN_CARD_ANNEX_MISMATCH,
	RULES_RSN_CARD_STATUS,
	RULES_RSN_AGENT_NO_ROUTE,
	RULES_RSN_AGENT_DOC,
	RULES_RSN_AGENT_POA,
	RULES_RSN_AGENT_REPLY,
	RULES_RSN_AGENT_CARD_GUIDELINE_DOCS,
	RULES_RSN_PIN_FORM_MISSING,
	RULES_RSN_SERIAL_MISSING,
	RULES_RSN_NOTHING_TO_ISSUE,
	RULES_RSN_FACE_AUTH_INFANT,
	RULES_RSN_FACE_AUTH_OVERSEAS,
	RULES_RSN_PIN_CHANGE_FACE_AUTH,
	/* Partial refusals: the rest of the request is granted. */
	RULES_RSN_SIGNATURE_MINOR,
	RULES_RSN_SIGNATURE_INFANT_VIA,
	RULES_RSN_SIGNATURE_FACE_AUTH,
	/* Notes for the clerk on an accepted application. */
	RULES_RSN_STAFF_FILLS_FORM,
	RULES_RSN_RECORD_DOCUMENTS,
	RULES_RSN_PIN_EXISTING,
	RULES_RSN_PIN_OLD_NEEDED,
	RULES_RSN_RENEWAL_NO_REVOKE_FORM,
	RULES_RSN_REPLY_NOT_NEEDED_MOVE,
	RULES_RSN_SIGNATURE_REVOKED_FACE_AUTH,
	RULES_RSN_FACE_AUTH_MARK,
	RULES_RSN_FACE_AUTH_RELEASE_MARK,
	RULES_RSN_REVOKE_ON_NOTICE,
	RULES_RSN_ON_HOLD_BY_PHONE,
	RULES_RSN_NEW_ISSUE_IF_NEEDED,
	RULES_RSN_SEND_TO_JLIS,
	RULES_RSN_RETENTION_OTHER,
	RULES_RSN_CARD_GUIDELINE_DOCS,
	RULES_RSN_COUNT
};

enum rules_severity { RULES_SEV_REJECT, RULES_SEV_REFUSE, RULES_SEV_NOTE };

struct rules_reason {
	enum rules_reason_code	code;
	enum rules_id		rule;	/* the rule that gives it */
};

#define RULES_MAX_REASONS	24

struct rules_decision {
	enum rules_verdict	verdict;
	unsigned		issue;		/* RULES_CERT_* to issue now */
	unsigned		revoke;		/* RULES_CERT_* to revoke now */
	enum rules_pin_setter	pin_set_by;
	bool			face_auth_switch;	/* R4-3.7 */
	bool			face_auth_release;	/* R4.3, R4.11 */
	enum rules_form		form;
	enum rules_form		inquiry_form;	/* NONE: no inquiry form */
	bool			send_to_jlis;	/* 特定記録郵便 (R6.6, R6-2.5) */
	int			retention_years; /* 0: another guideline's period */
	bool			cited[RULES_ID_COUNT];
	size_t			n_reasons;
	struct rules_reason	reasons[RULES_MAX_REASONS];
};

/* A malformed case: the field path ("case.person.birth_date") and what is
 * wrong, for one line "case.person.birth_date: not a date (YYYY-MM-DD)". */
struct rules_error {
	char	field[96];
	char	message[160];
};

/* Fill a case with the defaults of CASES.md: a resident's issuance at the
 * Citizens Division, filed by the person, nothing presented. */
void rules_case_init(struct rules_case *c);
/* Check a case for impossible combinations and out-of-range values (the
 * malformed cases of CASES.md). 0 if usable; -1 with *err filled. */
int rules_case_validate(const struct rules_case *c, struct rules_error *err);
/* Decide a case. 0 with *d filled; -1 (and *err) if the case is malformed.
 * The same case always gives the same decision. */
int rules_decide(const struct rules_case *c, struct rules_decision *d,
    struct rules_error *err);
/* 1 if the decision cites rule id. */
bool rules_decision_cites(const struct rules_decision *d, enum rules_id id);

/* Rule ids: "R2-2.5" <-> RULE_A2_2_P5. Parse accepts "r2-2.5" too. */
const char *rules_id_name(enum rules_id id);
int rules_id_parse(const char *s, enum rules_id *out);
/* The digest's English text and the seed's Japanese paragraph. */
const char *rules_id_digest(enum rules_id id);
const char *rules_id_seed(enum rules_id id);

/* Japanese text of a reason code (one line), and its severity. */
const char *rules_reason_text(enum rules_reason_code code);
enum rules_severity rules_reason_severity(enum rules_reason_code code);
/* "text（R2.3）" into buf; returns the length snprintf would write. */
int rules_reason_format(const struct rules_reason *r, char *buf, size_t size);

/* Form name as printed ("様式第1号", "個人番号カード要綱様式第4号"), its
 * Japanese title; NULL for RULES_FORM_NONE. */
const char *rules_form_name(enum rules_form f);
const char *rules_form_title(enum rules_form f);
/* Japanese name of a list-A/B document item, NULL if out of range. */
const char *rules_document_name(enum rules_doc_list list, int item);
/* Its reading in full-width katakana (運転免許証: ウンテンメンキョショウ),
 * for finding an item by its first kana; NULL if out of range. */
const char *rules_document_kana(enum rules_doc_list list, int item);

/* JSON names of the enums (CASES.md): "issue", "resident", "citizens", ... */
const char *rules_procedure_name(enum rules_procedure p);
const char *rules_register_name(enum rules_register r);
const char *rules_window_name(enum rules_window w);
const char *rules_via_ground_name(enum rules_via_ground g);
const char *rules_filer_name(enum rules_filer f);
const char *rules_rep_kind_name(enum rules_rep_kind k);
const char *rules_authority_name(enum rules_authority a);
const char *rules_combined_name(enum rules_combined c);
const char *rules_pin_setter_name(enum rules_pin_setter p);
/* JSON name -> enum value; -1 for NULL or an unknown name. */
int rules_procedure_parse(const char *s);
int rules_register_parse(const char *s);
int rules_window_parse(const char *s);
/* Japanese labels, for screens and print: 発行・更新 ..., 住民 / 国外転出者
 * (short, for list columns: 住民 / 国外), 市民課 ...; NULL when out of range. */
const char *rules_procedure_label(enum rules_procedure p);
const char *rules_register_label(enum rules_register r);
const char *rules_register_short_label(enum rules_register r);
const char *rules_window_label(enum rules_window w);
/* The same labels in enum order, ending with NULL, for choice fields. */
extern const char *const rules_register_label_table[RULES_REG_COUNT + 1];
extern const char *const rules_window_label_table[RULES_WIN_COUNT + 1];
extern const char *const rules_procedure_label_table[RULES_PROC_COUNT + 1];
/* Who filed (本人, 法定代理人, 任意代理人) and a legal representative's kind
 * (親権者, 成年後見人), for print; NULL when out of range. The filer labels
 * in enum order, ending with NULL. */
const char *rules_filer_label(enum rules_filer f);
const char *rules_rep_kind_label(enum rules_rep_kind k);
extern const char *const rules_filer_label_table[RULES_FILER_COUNT + 1];
/* One certificate kind (a single RULES_CERT_* bit): the store's code
 * ("signature", "user"), its label (署名用電子証明書) and short label
 * (署名用); NULL for no bit or several. rules_cert_parse gives the bit, 0
 * for an unknown code. */
const char *rules_cert_name(unsigned cert);
const char *rules_cert_label(unsigned cert);
const char *rules_cert_short_label(unsigned cert);
unsigned rules_cert_parse(const char *s);

/*
 * JSON (rules_json.c, jansson). rules_case_from_json reads one case from
 * len bytes of text: 0 on success; -1 with *err naming the field for any
 * malformed case (bad JSON, wrong type, unknown field, bad date, impossible
 * combination). The *_to_json functions return a newly allocated string the
 * caller frees with free(); pretty selects two-space indentation.
 */
int rules_case_from_json(const char *text, size_t len, struct rules_case *out,
    struct rules_error *err);
char *rules_case_to_json(const struct rules_case *c, int pretty);
char *rules_decision_to_json(const struct rules_decision *d, int pretty);

#endif
