/*
 * The counter database: one SQLite file in WAL mode under the state dir,
 * forward-only migrations embedded from db/NNNN_name.sql and tracked by
 * PRAGMA user_version. This module is the only place with SQL. A struct
 * store is one connection: open it after fork(), never carry it across.
 *
 * Return convention: 0 done/found, 1 not found (where a lookup can miss),
 * -1 error (store_errmsg() says what, in English, for logs and CLI).
 */
#ifndef MADOGUCHI_STORE_H
#define MADOGUCHI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/state.h"	/* STATE_DB, where store_open looks */


struct store;

enum store_flags {
	STORE_CREATE = 1 << 0,	/* create the file if absent */
	STORE_NOMIGRATE = 1 << 1,	/* do not refuse an old schema */
	STORE_READONLY = 1 << 2		/* read only (madoguchi-auditd) */
};

/* Open DIR/madoguchi.db. On failure returns NULL and writes a reason into
 * err. A database whose schema is older than this program's is refused
 * unless STORE_NOMIGRATE (then call store_migrate). */
struct store *store_open(const char *state_dir, int flags, char *err,
    size_t errlen);
void store_close(struct store *);
const char *store_errmsg(const struct store *);
/* Apply pending migrations in one transaction each; *from and *to get the
 * versions before and after. */
int store_migrate(struct store *, int *from, int *to);
/* Newest schema version this program knows. */
int store_schema_latest(void);

/* Load the demo registry (invented residents and overseas persons) if
 * the registry is empty; *added gets the number of persons added (0 when
 * the registry already had persons). */
int store_load_demo(struct store *, int *added);
/* Number of persons in the registry, -1 on error. */
long store_person_count(struct store *);

/* A person of the registry extract: a resident (住民基本台帳) or an
 * overseas person (戸籍の附票). Text is UTF-8; dates YYYY-MM-DD. */
struct store_person {
	int64_t	id;
	char	atena_no[16];		/* the registry's record number */
	char	register_[12];		/* resident | overseas */
	char	name[128];		/* 氏名 */
	char	name_kana[160];		/* カナ氏名 */
	char	former_surname[64];	/* 旧氏, "" if none */
	char	alias[128];		/* 通称, "" if none */
	char	birth_date[11];
	int	sex;			/* 1 male, 2 female, 9 not applicable */
	char	address[256];
	char	emigrated_on[11];	/* overseas: emigration (planned) date */
	char	household[32];
	int	adult_ward;
	int	foreign_national;
};

/* Search criteria; NULL or "" fields match anything. Each side is folded
 * by searchkey.h before they are compared: kana from its start (ヤマダ
 * finds ヤマダ タロウ), half-width kana, hiragana and spaces as the
 * registry's full-width katakana; a name (氏名, 通称, or 旧氏 with the
 * given name) anywhere in it from three characters, and two from the
 * start of the surname or the given name; the address anywhere, 3-1-1
 * as 3丁目1番1号. A criterion that folds to nothing (only spaces or
 * control characters) matches no one. */
struct store_person_query {
	const char	*kana;
	const char	*name;
	const char	*birth_date;	/* exact, YYYY-MM-DD */
	/* As typed, any form era_parse_candidates reads (S610203, 61.2.3):
	 * every date it can mean matches; one it cannot read matches no one. */
	const char	*birth;
	const char	*address;
	const char	*register_;	/* resident | overseas */
	int		 limit;		/* 0: 100 */
	int		 offset;	/* matches skipped: the page's first */
};
/* A search lists at most this many matches (the first found by the index
 * it is answered from, then in kana order); more are counted as one more. */
#define STORE_SEARCH_MAX	200
/* Calls cb for each match, by kana then birth date, from q->offset; cb
 * returns nonzero to stop. Returns the number of matches passed to cb, or
 * -1. The store answers from the most selective index of the query's
 * criteria (kana, birth date, the trigram index of names and addresses)
 * and checks the others on the rows it finds. */
int store_person_search(struct store *, const struct store_person_query *,
    int (*cb)(const struct store_person *, void *), void *arg);
/* How many match, at most STORE_SEARCH_MAX + 1 (more than the most a
 * search lists), or -1. */
long store_person_search_count(struct store *,
    const struct store_person_query *);
/* 1 if an index answers q (kana, a birth date, a name of two characters
 * or more, an address of three or more), 0 if only a scan of the
 * registry would (a one-character name, a short address, the register
 * alone): the counter's screens ask for more. */
int store_person_query_indexed(const struct store_person_query *);
int store_person_get(struct store *, int64_t id, struct store_person *out);
/* The person of that registry record number: 0, 1 when none, -1. */
int store_person_by_atena(struct store *, const char *atena_no,
    struct store_person *out);

/* Import a registry extract in CSV (UTF-8, a header row naming the columns
 * exactly as store_registry_columns() gives them). All rows or none: on any
 * bad row nothing is loaded, and report(line, message) is called for each
 * bad row (up to 100). Rows with a known atena_no update that person.
 * *loaded gets the number of rows loaded. */
int store_registry_import(struct store *, const char *register_,
    const char *csv_path, int (*report)(long line, const char *msg, void *),
    void *arg, long *loaded);
/* The header row a CSV of that register must have. */
const char *store_registry_columns(const char *register_);

/* Cards the counter knows of (not the individual number: card_no is the
 * card's own number). */
struct store_card {
	int64_t	id;
	int64_t	person_id;
	char	card_no[32];
	int	face_auth;
	char	expires_on[11];
	char	state[12];	/* active | lost | returned | abolished */
};
/* Find the card by its number, or add it for the person; *out gets it. */
int store_card_ensure(struct store *, int64_t person_id, const char *card_no,
    const char *expires_on, struct store_card *out);
int store_card_by_no(struct store *, const char *card_no,
    struct store_card *out);
int store_card_get(struct store *, int64_t id, struct store_card *out);
int store_card_set_face_auth(struct store *, int64_t card_id, int face_auth);
/* Move a card along its states (active -> lost | returned | abolished;
 * lost -> active (found again, R5) | returned | abolished); 0 also when
 * it is there already, -1 for another move. */
int store_card_set_state(struct store *, int64_t card_id, const char *state);
/* The card's expiry as printed on it (YYYY-MM-DD), once an issuance
 * confirmed it; "" while unknown. */
int store_card_set_expiry(struct store *, int64_t card_id,
    const char *expires_on);
int store_card_foreach(struct store *, int64_t person_id,
    int (*cb)(const struct store_card *, void *), void *arg);

/* Certificates as the counter records them; the issuer keeps the rest. */
struct store_cert {
	int64_t	id;
	int64_t	card_id;
	int64_t	person_id;
	char	kind[12];	/* signature | user */
	char	serial[48];	/* hex */
	char	state[12];	/* valid | on_hold | revoked | expired */
	char	not_before[11];
	char	not_after[11];
	int64_t	application_id;	/* 0 if none */
	char	revoked_reason[32];
};
/* Record an issued cert; a second call with the same serial changes
 * nothing (the issuer's retries are safe). */
int store_cert_record(struct store *, const struct store_cert *);
/* Move a cert to a new state along the allowed transitions (valid ->
 * on_hold | revoked | expired, on_hold -> valid | revoked); -1 otherwise. */
int store_cert_set_state(struct store *, const char *serial,
    const char *state, const char *reason);
int store_cert_by_serial(struct store *, const char *serial,
    struct store_cert *out);
int store_cert_foreach(struct store *, int64_t person_id,
    int (*cb)(const struct store_cert *, void *), void *arg);
/* Every cert the counter records, oldest first (cb returns nonzero to
 * stop); the number visited, or -1. */
int store_cert_foreach_all(struct store *,
    int (*cb)(const struct store_cert *, void *), void *arg);
/* Correct the recorded reason of a revoked or on-hold cert (to the
 * issuer's); -1 if it is neither. */
int store_cert_set_reason(struct store *, const char *serial,
    const char *reason);
/* 1 if state -> next is an allowed certificate transition. */
int store_cert_transition_ok(const char *state, const char *next);
/* A person holding more than one valid cert of one kind (the counter's
 * records): no personal data but the registry's record number. */
struct store_cert_dup {
	char	atena_no[16];
	char	kind[12];		/* signature | user */
	int	count;
	char	serials[512];		/* space separated, oldest first */
};
/* Calls cb for each, by atena_no then kind (cb returns nonzero to stop);
 * the number visited, or -1. */
int store_cert_dup_foreach(struct store *,
    int (*cb)(const struct store_cert_dup *, void *), void *arg);

/* Applications accepted (or drafted) at the counter. */
struct store_app {
	int64_t	id;
	char	request_id[40];	/* idempotency key for the issuer */
	int64_t	person_id;
	char	procedure[16];
	char	register_[12];
	char	form[80];
	char	window[24];
	char	via_ground[24];
	char	filer[12];
	char	case_json[8192];	/* the case asked of the rules core */
	char	decision[8];	/* accept | reject */
	char	rules[512];	/* cited rule ids, space separated */
	char	pin_set_by[24];
	char	issue_certs[24];	/* certs to issue: "signature user" */
	char	revoke_certs[24];	/* certs to revoke */
	int	face_auth_switch;	/* R4-3.7 after issuance */
	int64_t	card_id;		/* the card worked on, 0 if none yet */
	/* The card check this application is bound to (db/0003): "" none,
	 * "support" or "face"; the chip's key; the user cert then on it. */
	char	card_route[8];
	char	card_key[65];
	char	card_cert[48];
	char	state[16];	/* see store_app_transition_ok */
	int64_t	clerk_id;
	char	accepted_at[21];
	char	keep_until[11];
	char	created_at[21];
};
/* Insert a new application (state as given, normally draft, accepted or
 * waiting_reply); out->id and out->request_id (made if empty) are set. */
int store_app_create(struct store *, struct store_app *app);
int store_app_get(struct store *, int64_t id, struct store_app *out);
/* Move from state `from` to `to` (the row must be in `from`: two clerks
 * cannot both move it); accepted sets accepted_at, keep_until kept. */
int store_app_set_state(struct store *, int64_t id, const char *from,
    const char *to);
/* Replace what the decision said (case_json, decision, rules, form,
 * pin_set_by, certs, face_auth_switch, keep_until) of an application still
 * in state app->state. */
int store_app_update_decision(struct store *, const struct store_app *);
/* What a correction request asks to correct (db/0006): set once with the
 * application; read into buf: 0, 1 when there is none, -1 on failure. */
#define STORE_REQUEST_TEXT_MAX	120	/* characters */
int store_app_text_set(struct store *, int64_t app_id, const char *text);
int store_app_text_get(struct store *, int64_t app_id, char *buf,
    size_t size);
/* The card an issuance works on. */
int store_app_set_card(struct store *, int64_t id, int64_t card_id);
/* Bind an application to the card it was checked against: card row, how
 * the chip was read, its key and the user cert it held (see store_app). */
int store_app_bind_card(struct store *, int64_t id, int64_t card_id,
    const char *route, const char *key, const char *cert);
int store_app_foreach(struct store *, int64_t person_id,
    int (*cb)(const struct store_app *, void *), void *arg);
int store_app_transition_ok(const char *state, const char *next);

/* Issuance of one cert of an application, step by step (see
 * db/0002_issuance.sql): started -> key_made -> issued -> written ->
 * pin_set. spki is the card's public key of the current attempt. */
struct store_step {
	int64_t		application_id;
	char		kind[12];
	int		attempt;
	char		step[12];
	unsigned char	spki[1024];
	size_t		spki_len;
	char		serial[48];
};
/* 0 with the row, 1 when the cert has no row yet. */
int store_step_get(struct store *, int64_t app_id, const char *kind,
    struct store_step *out);
/* Insert or replace the row (the caller moves it along its steps). */
int store_step_put(struct store *, const struct store_step *);
/* The id of an application other than except_id pending on the card
 * (accepted or in progress, in progress first), 0 if none, -1 on error. */
int64_t store_app_pending_on_card(struct store *, int64_t card_id,
    int64_t except_id);
/* Applications in state in_progress, oldest first (for reconcile). */
int store_app_foreach_in_progress(struct store *,
    int (*cb)(const struct store_app *, void *), void *arg);

/* What an application's decision does, as recorded steps shared by every
 * procedure (db/0004_effects.sql): planned when the application is
 * accepted, each moved pending -> done once. */
struct store_effect {
	int64_t	application_id;
	int	seq;		/* order of execution, from 1 */
	char	effect[20];	/* issue | revoke | pin_change | pin_reset |
				 * face_auth_switch | face_auth_release |
				 * face_auth_mark | card_state | send_to_jlis
				 * (db/0005_pin_steps.sql) */
	char	target[48];	/* cert kind (whose PIN, for a PIN step),
				 * serial, card state, or "" */
	char	detail[32];	/* e.g. a revocation reason */
	char	state[8];	/* pending | done */
	char	done_at[21];
};
/* Add a pending step (seq as given: the caller numbers the plan). */
int store_effect_add(struct store *, const struct store_effect *);
/* pending -> done; 0 also when it is done already (a retried step). */
int store_effect_done(struct store *, int64_t app_id, int seq);
/* A pending step's detail replaced (what an interrupted step had got
 * to, e.g. "sent" once a PIN change went to the card); never a PIN. */
int store_effect_note(struct store *, int64_t app_id, int seq,
    const char *detail);
/* Remove the application's pending steps but those of effect keep (the
 * plan is made again when the decision changes). */
int store_effect_drop_pending(struct store *, int64_t app_id,
    const char *keep);
/* Calls cb for each step of the application by seq (cb returns nonzero
 * to stop); the number visited, or -1. */
int store_effect_foreach(struct store *, int64_t app_id,
    int (*cb)(const struct store_effect *, void *), void *arg);

/* done -> pending: a step whose work came undone (the mailing that
 * carried a request to J-LIS came back); 0 also when it is pending. */
int store_effect_reopen(struct store *, int64_t app_id, int seq);

/* The mailings of request forms to J-LIS by 特定記録郵便 (R6.6, R6-2.5;
 * db/0006_mailings.sql): draft -> printed -> posted -> delivered |
 * returned. */
struct store_mailing {
	int64_t	id;
	char	created_at[21];
	int64_t	created_by;		/* the clerk who made it */
	char	state[12];		/* draft | printed | posted |
					 * delivered | returned */
	char	tracking_no[16];	/* digits, "" until posted */
	char	printed_at[21];
	char	posted_at[21];
	char	closed_at[21];		/* delivered or returned */
	int	n_items;		/* applications it carries */
};
/* One application of a mailing, or awaiting one (mailing_id 0): its
 * send_to_jlis step and what the list prints of it. */
struct store_mail_item {
	int64_t	mailing_id;
	int64_t	application_id;
	int	seq;			/* its send_to_jlis step */
	int	live;			/* 0 once its mailing came back */
	char	step_state[8];		/* pending | done */
	char	procedure[16];
	char	form[80];
	char	accepted_at[21];
	char	app_state[16];
};
/* A new draft mailing by the clerk; out gets it. */
int store_mailing_create(struct store *, int64_t clerk_id,
    struct store_mailing *out);
/* Put an application's send_to_jlis step (seq) in a mailing; refused
 * (-1) when the application is in another mailing not returned. */
int store_mailing_add(struct store *, int64_t mailing_id, int64_t app_id,
    int seq);
int store_mailing_get(struct store *, int64_t id, struct store_mailing *out);
/* Move a mailing from `from` to `to` along the allowed moves (it must be
 * in `from`), stamping the time of the move; tracking_no is set with
 * posted (digits, NULL otherwise). Returned: its items are no longer
 * live. */
int store_mailing_set_state(struct store *, int64_t id, const char *from,
    const char *to, const char *tracking_no);
/* 1 if a mailing may move from state to next. */
int store_mailing_transition_ok(const char *state, const char *next);
/* Every mailing, newest first (cb returns nonzero to stop); the number
 * visited, or -1. */
int store_mailing_foreach(struct store *,
    int (*cb)(const struct store_mailing *, void *), void *arg);
/* The items of a mailing, by application; the number visited, or -1. */
int store_mailing_items(struct store *, int64_t mailing_id,
    int (*cb)(const struct store_mail_item *, void *), void *arg);
/* The applications awaiting a mailing: accepted, in progress or done,
 * with a pending send_to_jlis step, in no live item; oldest first. */
int store_mail_awaiting(struct store *,
    int (*cb)(const struct store_mail_item *, void *), void *arg);
/* The application's newest item (live first) with its mailing: 0, 1
 * when it was never in one, -1. */
int store_mail_of_app(struct store *, int64_t app_id,
    struct store_mail_item *item, struct store_mailing *m);

/* A hold applied by J-LIS on a phone call (R5.1) as the counter records
 * it. */
struct store_hold {
	int64_t	id;
	int64_t	person_id;
	int64_t	card_id;		/* 0 when the card is not known */
	char	caller[256];		/* who called (UTF-8) */
	char	called_at[17];		/* YYYY-MM-DD HH:MM, Japan time */
	char	serials[256];		/* the certs held, space separated */
	int64_t	clerk_id;
	char	created_at[21];
};
/* Insert; out->id and created_at are set. */
int store_hold_create(struct store *, struct store_hold *);
/* Calls cb for each hold of the person, newest first. */
int store_hold_foreach(struct store *, int64_t person_id,
    int (*cb)(const struct store_hold *, void *), void *arg);

/* Inquiry/reply letters (照会書兼回答書). */
struct store_letter {
	int64_t	id;
	char	ref_no[16];
	int64_t	application_id;
	char	form[40];
	char	state[12];	/* created | sent | returned | used | void */
	char	created_at[21];
	char	sent_at[21];
	char	returned_at[21];
	char	used_at[21];
};
/* Create a letter for the application with a fresh reference number. */
int store_letter_create(struct store *, int64_t application_id,
    const char *form, struct store_letter *out);
int store_letter_by_ref(struct store *, const char *ref_no,
    struct store_letter *out);
/* created -> sent -> returned -> used; any but used -> void. */
int store_letter_set_state(struct store *, const char *ref_no,
    const char *to);
/* Calls cb for each letter of the application, oldest first (cb returns
 * nonzero to stop); the number visited, or -1. */
int store_letter_foreach_app(struct store *, int64_t app_id,
    int (*cb)(const struct store_letter *, void *), void *arg);

/* R7: an application whose keep-until has passed, as the purge lists
 * it: ids, dates and what it was, nothing of the person. */
struct store_due {
	int64_t	id;
	char	procedure[16];
	char	form[80];
	char	keep_until[11];
	char	accepted_at[21];
	char	state[16];
};
/* Calls cb for each application with a keep-until before today
 * (YYYY-MM-DD), earliest keep-until first, whatever its state (cb
 * returns nonzero to stop); the number visited, or -1. */
int store_app_due(struct store *, const char *today,
    int (*cb)(const struct store_due *, void *), void *arg);
/* Inside store_tx: delete the application and every row hanging off it
 * (its steps, effects, letters); a certificate applied for with it is
 * kept and only loses the reference. */
int store_app_purge(struct store *, int64_t id);
/* 0 when store_app_purge knows every foreign key that names an
 * application; 1 with the first it does not ("table.column") in missing;
 * -1 on error. */
int store_purge_check(struct store *, char *missing, size_t size);

/* Run fn inside BEGIN IMMEDIATE ... COMMIT (ROLLBACK if it returns -1). */
int store_tx(struct store *, int (*fn)(struct store *, void *), void *arg);

/* Settings: key/value text. get: 0 found (copied into buf), 1 absent. */
int store_setting_get(struct store *, const char *key, char *buf,
    size_t size);
/* Integer setting or def when absent or not a number. */
long store_setting_int(struct store *, const char *key, long def);
int store_setting_set(struct store *, const char *key, const char *value);

/* Clerks. login: [a-z0-9_.-]{1,32}; role/window as in the CHECKs of db/. */
struct store_clerk {
	int64_t	id;
	char	login[33];
	char	name[96];	/* display name, UTF-8 (kanji) */
	char	role[16];	/* clerk | supervisor | admin */
	char	window[24];	/* citizens | shonai | shinsenri | embassy | via_municipality */
	int	disabled;
};

/* Add a clerk with one OpenSSH public key line ("ssh-ed25519 AAAA... c").
 * -1 with store_errmsg() on a bad key, a duplicate login or key. */
int store_clerk_add(struct store *, const struct store_clerk *,
    const char *pubkey_line);
/* Add one more key to an existing clerk. */
int store_clerk_add_key(struct store *, const char *login,
    const char *pubkey_line);
int store_clerk_by_login(struct store *, const char *login,
    struct store_clerk *out);
/* The clerk owning the key (type name as "ssh-ed25519", base64 blob as in
 * an authorized_keys line). Disabled clerks are found too: the caller
 * checks out->disabled, so it can log why a login was refused. */
int store_clerk_by_key(struct store *, const char *keytype,
    const char *key_b64, struct store_clerk *out);
int store_clerk_by_id(struct store *, int64_t id, struct store_clerk *out);
int store_clerk_set_disabled(struct store *, const char *login,
    int disabled);
/* Calls cb for each clerk in login order; stops early if cb returns
 * nonzero. */
int store_clerk_foreach(struct store *,
    int (*cb)(const struct store_clerk *, void *), void *arg);
/* "SHA256:..." fingerprint of an OpenSSH public key line, into buf. */
int store_key_fingerprint(const char *pubkey_line, char *buf, size_t size);
/* Whether pubkey_line is one OpenSSH public key line ("TYPE BASE64
 * [comment]", a type we take, the blob naming the same type, no control
 * character): 0 with its fingerprint into fp (may be NULL), or -1 with
 * *why a static Japanese sentence. */
int store_key_check(const char *pubkey_line, char *fp, size_t fpsize,
    const char **why);
/* A key of a clerk as listed. */
struct store_clerk_key {
	int64_t	id;
	char	keytype[40];
	char	fingerprint[80];
	char	comment[128];
	char	added_at[24];
};
/* Calls cb (may be NULL: count only) for each key of the clerk, oldest
 * first; the number of keys, or -1. */
int store_clerk_keys(struct store *, int64_t clerk_id,
    int (*cb)(const struct store_clerk_key *, void *), void *arg);
/* Delete key key_id of the clerk; 0, 1 when the clerk has no such key,
 * -1. */
int store_clerk_key_remove(struct store *, int64_t clerk_id, int64_t key_id);
int store_clerk_set_window(struct store *, const char *login,
    const char *window);
int store_clerk_set_role(struct store *, const char *login, const char *role);

/* Browsing the audit trail (the maintenance screen). Every field may be
 * NULL/0 for no condition. from/to are days (YYYY-MM-DD, UTC as the rows
 * are stamped), both included; person_id: rows whose object is the
 * request id of one of that person's applications; procedure: the same
 * for applications of that procedure. */
struct store_audit_query {
	/* Days in Japan (YYYY-MM-DD, JST), both included: a row's UTC time
	 * is compared with where those days begin and end. */
	const char	*from, *to;
	const char	*actor;
	int64_t		 person_id;
	const char	*procedure;
};
struct store_audit_row {
	int64_t	id;
	char	at[24];
	char	actor[96];
	char	kind[48];
	char	object[96];
	char	detail[1024];
};
/* The number of rows matching q into *n; 0 or -1. */
int store_audit_count(struct store *, const struct store_audit_query *q,
    int *n);
/* Rows matching q, newest first, from offset (0 = newest) at most limit,
 * each to cb (nonzero stops); the number given, or -1. */
int store_audit_browse(struct store *, const struct store_audit_query *q,
    int offset, int limit,
    int (*cb)(const struct store_audit_row *, void *), void *arg);

/* The audit trail: one hash-chained row per business event. detail must
 * not carry PINs or anything not needed to explain the event. Called
 * inside store_tx, the row is part of that transaction (written with the
 * change it explains, or not at all); otherwise it has its own. */
int store_audit(struct store *, const char *actor, const char *kind,
    const char *object, const char *detail);
/* Recompute the chain; 0 if intact, else 1 and *bad_id = first bad row. */
int store_audit_verify(struct store *, int64_t *bad_id);


/* ---- Backups (store_backup.c, db/0012) ------------------------------- */

/* Copy the counter database and the CA's file (ca_db; NULL: none) into
 * new files out_db and out_ca with SQLite's online backup, both from one
 * point: read transactions opened on both, the counter's first, held while
 * the pages are copied; clerks go on writing meanwhile. The copies are
 * standalone files (journal_mode=DELETE). 0, or -1 (store_errmsg). */
int store_snapshot(struct store *, const char *ca_db, const char *out_db,
    const char *out_ca);
/* PRAGMA integrity_check of a database file, read only: 0 when "ok", else
 * -1 with what it said in err. */
int store_file_check(const char *path, char *err, size_t errlen);
/* A backup taken, as the backups table keeps it. */
struct store_backup {
	char	at[21];		/* ISO-8601 UTC */
	char	dir[512];
	int64_t	size;		/* bytes of its files */
	int	with_keys;
	char	actor[96];
};
/* Inside store_tx (with its audit row): remember a backup. */
int store_backup_record(struct store *, const struct store_backup *);
/* The newest backup: 0 found, 1 none, -1 error. */
int store_backup_last(struct store *, struct store_backup *out);
/* What a state holds, for the restore's summary and the tests. */
struct store_counts {
	long	clerks, applications, audit, persons;
};
int store_counts(struct store *, struct store_counts *);

/* ---- Print jobs (store_print.c, db/0014) --------------------------- */

/* A document sent to a window's printer or saved under STATE/print: what
 * prints it again (kind, ref_id), whom it is bound to, where it went. */
struct store_print_job {
	int64_t	id;
	char	kind[24];	/* a row of proc_print_kind_table */
	int64_t	ref_id;		/* what the kind's renderer takes */
	int64_t	app_id;		/* 0: no application */
	int64_t	person_id;	/* 0: no person */
	char	window[24];
	char	queue[128];	/* CUPS queue; "" none (saved) */
	char	state[12];	/* sending, saved, sent, failed, done */
	int	cups_job;	/* CUPS's job id; 0 none yet */
	char	error[256];	/* Japanese, no personal data; "" none */
	int	attempts;
	char	created_at[21];	/* ISO-8601 UTC */
	char	updated_at[21];
	char	actor[96];	/* the clerk of the last attempt */
};
/* Inside store_tx (with its audit row): a new job from j (kind, ref_id,
 * app_id, person_id, window, queue, state, actor); j->id, attempts and
 * the times are set. */
int store_print_job_add(struct store *, struct store_print_job *j);
/* Inside store_tx (with its audit row): j's queue, state, cups_job,
 * error, attempts and actor written to its row, updated_at now. */
int store_print_job_set(struct store *, struct store_print_job *j);
/* 0 found, 1 none, -1 error. */
int store_print_job_get(struct store *, int64_t id,
    struct store_print_job *out);
/* Jobs newest first, those in state only (NULL: every one), at most
 * limit (0: no limit), each to cb (nonzero stops); the number given, or
 * -1. */
int store_print_job_list(struct store *, const char *state, int limit,
    int (*cb)(const struct store_print_job *, void *), void *arg);

/* ---- Figures (store_stats.c) ----------------------------------------- */

enum store_stats_by {
	STORE_STATS_NONE, STORE_STATS_DAY, STORE_STATS_WINDOW,
	STORE_STATS_PROCEDURE, STORE_STATS_REGISTER, STORE_STATS_RESULT,
	STORE_STATS_CLERK, STORE_STATS_COUNT
};
/* "day" -> STORE_STATS_DAY ... ("none" is not parsed); -1 when unknown. */
int store_stats_parse(const char *name);
const char *store_stats_name(enum store_stats_by);
/* Applications (drafts left out) whose day (of acceptance, or of making
 * when never accepted) is in [from, to] (YYYY-MM-DD), at window (NULL or
 * "": every window), grouped by by[0] and by[1] (STORE_STATS_NONE: one
 * grouping; its key is then ""). */
struct store_stats_query {
	const char		*from, *to;
	const char		*window;
	enum store_stats_by	 by[2];
};
/* A group: the codes of its keys (a day, a window's code, a clerk's
 * login, ...) and its count. */
struct store_stats_row {
	char	key[2][40];
	long	count;
};
/* Calls cb for each group, ordered by its keys (cb returns nonzero to
 * stop); the number visited, or -1. */
int store_stats(struct store *, const struct store_stats_query *,
    int (*cb)(const struct store_stats_row *, void *), void *arg);
/* The clerks who took applications on day at window (NULL or "": any),
 * by login; the number visited, or -1. */
int store_stats_clerks(struct store *, const char *day, const char *window,
    int (*cb)(const struct store_clerk *, void *), void *arg);
/* The signed trail (src/audit): this installation's id and where its
 * chain starts are settings made by migration 0009. */
#define STORE_AUDIT_INSTALLATION_KEY	"audit.installation"
#define STORE_AUDIT_GENESIS_KEY		"audit.genesis"
/* The hash the first row chains from: all zeros for a trail begun before
 * 0009 ("zero"), else SHA-256("madoguchi-audit-genesis" || installation),
 * as 64 hex digits. */
int store_audit_genesis(struct store *, char out[65]);
/* fn(arg) is called after each COMMIT that wrote audit rows (the signer
 * is asked to advance); never inside the transaction. NULL clears. */
void store_set_audit_hook(struct store *, void (*fn)(void *), void *arg);
/* One row of the trail as store_audit_walk shows it: the fields are
 * borrowed for the callback only; computed is the hash of the row's
 * fields over its own stored prev_hash. */
struct store_audit_event {
	int64_t		 id;
	const char	*at, *actor, *kind, *object, *detail;
	const char	*prev_hash, *hash;
	char		 computed[65];
};
/* Every row with id > after_id in id order, one streaming pass; stops
 * when cb returns nonzero. Returns the rows visited, -1 on error. */
int store_audit_walk(struct store *, int64_t after_id,
    int (*cb)(const struct store_audit_event *, void *), void *arg);
/* The n-th row (1-based, id order): its id and hash; 1 if fewer rows. */
int store_audit_nth(struct store *, int64_t n, int64_t *id, char hash[65]);
/* The stored hash of row id; 1 if there is no such row. */
int store_audit_hash_of(struct store *, int64_t id, char hash[65]);

/* Four eyes (db/0010_approvals.sql): an action held for a supervisor's
 * approval. params: exactly what will be done (proc makes it); state
 * waiting -> approved | refused | withdrawn, approved -> done. */
struct store_approval {
	int64_t	id;
	char	action[20];	/* app_cancel | letter_void | record_correct |
				 * retention_purge | clerk_role | ca_override |
				 * proc_run */
	char	object[48];	/* request id, letter ref, login, serial... */
	int64_t	person_id;	/* 0 none */
	int64_t	application_id;	/* 0 none */
	char	params[512];
	char	reason[512];	/* why it was asked (UTF-8) */
	char	requested_by[96];
	char	requested_at[21];
	char	state[12];
	char	decided_by[96];
	char	decided_at[21];
	char	decision_note[512];
	char	done_at[21];
};
/* Insert a waiting request; out->id and requested_at are set. */
int store_approval_create(struct store *, struct store_approval *out);
int store_approval_get(struct store *, int64_t id, struct store_approval *out);
/* Decide a waiting request: to approved or refused, by decider with note;
 * -1 when it is no longer waiting (another supervisor decided it). */
int store_approval_decide(struct store *, int64_t id, const char *to,
    const char *decider, const char *note);
/* waiting -> withdrawn, or approved -> done (stamped); -1 when the row is
 * not in `from`. */
int store_approval_set_state(struct store *, int64_t id, const char *from,
    const char *to);
/* The newest request of action for object in one of the states (a space
 * separated list, e.g. "waiting approved"): 0 with it, 1 none, -1. */
int store_approval_find(struct store *, const char *action,
    const char *object, const char *states, struct store_approval *out);
/* Calls cb for each request in one of the states (space separated),
 * oldest first (cb returns nonzero to stop); the number visited, or -1. */
int store_approval_foreach(struct store *, const char *states,
    int (*cb)(const struct store_approval *, void *), void *arg);

/* A clerk's unlock code as stored (db/0013): the KDF and its cost, salt
 * and hash in lowercase hex; never the code. */
struct store_unlock {
	char	kdf[16];	/* "scrypt" */
	int64_t	cost_n;
	int	cost_r, cost_p;
	char	salt[65];
	char	hash[65];
};
/* The clerk's row: 0, 1 when the clerk has set no code, -1. */
int store_unlock_get(struct store *, const char *login,
    struct store_unlock *out);
/* Set (or replace) the clerk's row; -1 when there is no such clerk. */
int store_unlock_set(struct store *, const char *login,
    const struct store_unlock *);
/* Remove the clerk's row: 0, 1 when there was none, -1. */
int store_unlock_clear(struct store *, const char *login);

#endif
