/*
 * Private parts of the rules core: the const tables (rule texts, procedures,
 * combined forms, document lists, windows) and the decision context the
 * per-article files share while they build one decision. Nothing here holds
 * state between calls.
 */
#ifndef MADOGUCHI_RULES_PRIVATE_H
#define MADOGUCHI_RULES_PRIVATE_H

#include "madoguchi/rules.h"

/* One rule of the digest: id as written, digest text, seed paragraph. */
struct rules_text {
	const char	*id;
	const char	*digest;
	const char	*seed;
};
extern const struct rules_text rules_text_table[RULES_ID_COUNT];

/* A list-A or list-B document kind (R2.5, R2.6). */
struct rules_doc_kind {
	const char	*name;		/* Japanese, as in the seed */
	/* Its reading in katakana (yomi), for finding it by its first kana
	 * in a list; parentheses (顔写真有) are not read. */
	const char	*kana;
	bool		 photo_required;	/* "顔写真有のものに限る" */
	bool		 pin_required;	/* B20: only if its PIN can be verified */
	bool		 group_once;	/* B26: one document of the group counts */
	bool		 is_card;	/* A11/A12: the R2.8 card checks apply */
};
extern const struct rules_doc_kind rules_list_a_table[RULES_LIST_A_ITEMS + 1];
extern const struct rules_doc_kind rules_list_b_table[RULES_LIST_B_ITEMS + 1];

/* R2.12 items an agent brings, as bits. */
#define AGENT_ITEM_DOC		0x1u	/* (1) one list-A document of the agent */
#define AGENT_ITEM_POA		0x2u	/* (2) power of attorney */
#define AGENT_ITEM_REPLY	0x4u	/* (3) inquiry/reply form */
#define AGENT_ITEM_PIN_FORM	0x8u	/* (4) PIN request form */

/* Via grounds as bits (1 << enum rules_via_ground). */
#define VIA_BIT(g)		(1u << (g))
#define VIA_ALL			(VIA_BIT(RULES_VIA_CORPORATE_BATCH) | \
				 VIA_BIT(RULES_VIA_DV_VICTIM) | VIA_BIT(RULES_VIA_INFANT))

/*
 * What the seed says for one procedure in one register: the form, where it
 * is filed, which paragraph brings in which check. RULES_ID_NONE means the
 * seed provides no such route (no agent for overseas persons, no via route
 * for a resident's disclosure).
 */
struct rules_proc {
	enum rules_procedure	proc;
	enum rules_register	reg;
	enum rules_form		form;
	enum rules_form		inquiry;
	enum rules_id		r_form;		/* form and windows */
	enum rules_id		r_via;		/* via-municipality route */
	unsigned		via_grounds;
	enum rules_id		r_staff_fills;	/* staff fills in the form */
	enum rules_id		r_minor;	/* legal rep required (R2.3 kind) */
	enum rules_id		r_identity;	/* applies R2.4-R2.8 / R2-2.5-R2-2.8 */
	enum rules_id		r_legal;	/* applies R2.10 / R2-2.8 */
	enum rules_id		r_agent;	/* applies R2.12 (or R4-3.6) */
	unsigned		agent_items;
	enum rules_id		r_inquiry;	/* names the inquiry/reply form */
	enum rules_id		r_retention;
	int			retention_years;
};
const struct rules_proc *rules_proc_find(enum rules_procedure p,
    enum rules_register r);

/* A combined form (R2.17-R2.20, R2-2.12-13, R3.9-R3.13, R3-2.6-8). */
struct rules_combo {
	unsigned		procs;		/* bits of enum rules_procedure */
	enum rules_register	reg;
	enum rules_combined	with;
	enum rules_form		form;
	enum rules_id		rule;
	enum rules_form		inquiry;	/* NONE: the procedure's own */
	bool			revoke_on_notice; /* no checks: revoked on acceptance */
	unsigned		agent_replaced;	/* R2.12 items the card guideline's
						   documents replace */
};
const struct rules_combo *rules_combo_find(enum rules_procedure p,
    enum rules_register r, enum rules_combined with);

/* The decision being built. */
struct rules_ctx {
	const struct rules_case		*c;
	const struct rules_proc		*p;
	const struct rules_combo	*combo;	/* NULL: no combined form */
	struct rules_decision		*d;
	int				 age;	/* whole years on c->date */
	bool				 child;	/* under 15 */
	bool				 infant; /* under 1 */
	bool				 rejected;
	unsigned			 grant;	/* certs still granted */
	bool				 on_accept[RULES_ID_COUNT];
};

void rules_cite(struct rules_ctx *x, enum rules_id id);
/* Cite a paragraph saying what follows an acceptance (who sets the PIN,
 * the face-auth switch): only if the decision is an accept. */
void rules_cite_accept(struct rules_ctx *x, enum rules_id id);
/* Add a reason (and cite its rule); a reject-severity code rejects. */
void rules_reason(struct rules_ctx *x, enum rules_reason_code code,
    enum rules_id rule);
bool rules_via(const struct rules_ctx *x);
bool rules_staff_window(const struct rules_ctx *x);

/* Shared steps (rules_filing.c, rules_identity.c). */
void rules_check_window(struct rules_ctx *x);
void rules_check_filer(struct rules_ctx *x);
void rules_pin_from_request(struct rules_ctx *x, enum rules_id rule);
void rules_card_presented(struct rules_ctx *);
void rules_identity_self(struct rules_ctx *x);
void rules_identity_legal(struct rules_ctx *x);
void rules_identity_agent(struct rules_ctx *x);

/* Per-article deciders. */
void rules_decide_issue(struct rules_ctx *x);
void rules_decide_revoke(struct rules_ctx *x);
void rules_decide_pin(struct rules_ctx *x);
void rules_decide_face_auth(struct rules_ctx *x);
void rules_decide_disclose(struct rules_ctx *x);

#endif
