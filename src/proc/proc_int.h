/* Private to src/proc: the cert kinds table and shared helpers. */
#ifndef MADOGUCHI_PROC_INT_H
#define MADOGUCHI_PROC_INT_H

#include <stdarg.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/settings.h"

struct store_app;
struct store_person;

/* One JPKI cert kind: its names in the store, the issuer and on the card. */
struct proc_kind {
	const char		*name;		/* "signature" | "user" */
	enum issuer_kind	 ikind;
	enum card_key		 key;
	enum card_cert_slot	 slot;
	enum card_pin		 pin;
	const char		*label;		/* 署名用電子証明書 */
};
extern const struct proc_kind proc_kind_table[];
extern const size_t proc_kind_count;

void proc_say(struct proc_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum proc_status proc_card_fail(const struct card_error *, char *, size_t);
enum proc_status proc_issuer_fail(struct proc_ctx *, enum issuer_status,
    char *, size_t);
enum proc_status proc_store_fail(struct proc_ctx *, char *, size_t);
int proc_has_word(const char *list, const char *word);

/* Revoke the person's other valid certs of kind k, now replaced by the
 * cert `keep` (renewal; reason superseded). */
enum proc_status proc_supersede(struct proc_ctx *, const struct store_app *,
    const struct store_person *, const struct proc_kind *, const char *keep,
    char *msg, size_t msglen);
/* R4-3.7: revoke valid signature certs, set a random user PIN and lock
 * it (the card read again with pins->check before each write), mark the
 * card face-auth. */
enum proc_status proc_face_auth_switch(struct proc_ctx *,
    const struct store_app *, const struct store_person *,
    const struct proc_pins *pins, char *msg, size_t msglen);
/* A random PIN of kind into out (size > 16) the staff sets (R2.15,
 * R4-3.7): never shown, never kept; the caller wipes it. */
void proc_random_pin(enum card_pin, char *out, size_t size);
/* Just before a write to the card: the application is still being
 * worked on (proc_gone), and the card in the reader is still the one it
 * was checked against (proc_card_same with pins->check). */
enum proc_status proc_before_write(struct proc_ctx *,
    const struct store_app *, const struct proc_pins *pins, char *msg,
    size_t msglen);
/* Before anything touches the card: the application bound to a card
 * check that proved the card the person's, the card not recorded as
 * another's, no other application pending on it. */
enum proc_status proc_card_ready(struct proc_ctx *, const struct store_app *,
    const struct store_person *, char *msg, size_t msglen);
struct store_cert;
/* The counter's row for a cert the issuer made for app's kind k. */
void proc_cert_row(const struct store_app *, const struct proc_kind *,
    const struct issuer_cert *, struct store_cert *out);
/* Revoke one cert at the issuer and in the store (idempotent by rid). */
enum proc_status proc_revoke(struct proc_ctx *, const char *rid,
    const char *serial, enum issuer_reason, char *msg, size_t msglen);

/* Hold the reader for one procedure step (proc is the only door to the
 * card); PROC_CARD with msg when another terminal holds it. */
enum proc_status proc_claim(struct proc_ctx *, char *msg, size_t msglen);
void proc_release(struct proc_ctx *);

/* What one read of the chip gave (proc_bind.c): the token, the number
 * when the card tells it, the route's identity data, the user cert's
 * serial (canonical hex, "" none) and the card key over them. */
struct proc_chip {
	char		token[40];
	char		number[40];
	int		read;		/* the route's identity data was read */
	char		name[CARD_TEXT_MAX];	/* support route */
	char		address[CARD_TEXT_MAX];
	char		birth[9];
	char		sex[2];
	char		expiry[9];	/* face route: YYYYMMDD */
	unsigned char	face_digest[32];
	char		user_cert[48];
	char		key[65];
};
/* Read the chip by route with its PIN (support PIN or PIN B); PROC_CARD
 * with ce filled on failure. */
enum proc_status proc_chip_read(struct proc_ctx *, enum proc_card_route,
    const char *pin, struct proc_chip *out, struct card_error *ce);
/* The card's handle in the counter's cards table: its number, or for a
 * card that tells none "K" and its key's first 30 hex digits. */
void proc_card_no(const struct proc_chip *, char *out, size_t size);
/* 1 when a card_no is such a key handle (the card tells no number). */
int proc_card_no_is_key(const char *card_no);
/* The card in the reader is the one app was checked against: read again
 * by the same route (pin: the route's PIN) and compared by key, the card
 * number and the user cert first (no PIN spent on a swapped card).
 * chip_expiry (may be NULL) gets the card's expiry YYYY-MM-DD when the
 * route tells it. PROC_OK, PROC_CARD (another card: nothing written),
 * PROC_NEED_PIN, PROC_INVALID (no card check bound). */
enum proc_status proc_card_same(struct proc_ctx *, const struct store_app *,
    const char *pin, char chip_expiry[11], char *msg, size_t msglen);
/* The card-face record's birth date and sex against p (proc_check.c):
 * 1 when both match, else 0 with the items in why (Japanese). */
int proc_face_matches(const struct proc_chip *, const struct store_person *p,
    char *why, size_t whylen);
/* The card's state as the counter knows it for person p (another
 * person's card or user cert, lost, returned, expired against today)
 * into out's status_ok, status_why, known_face_auth and expiry; out's
 * card_no must be set. */
void proc_card_status(struct proc_ctx *, const struct store_person *p,
    const struct proc_chip *, const char *today, struct proc_card_check *out);
/* "券面の照合番号B: 暗証番号が違います (残り 2 回)" into msg. */
void proc_pin_fail(enum proc_card_route, const struct card_error *,
    char *msg, size_t msglen);

/* ---- Printable texts (proc_print.c) ------------------------------------- */

/* A text being printed, grown by proc_text_add (buf the caller's). */
struct proc_text {
	char	*buf;
	size_t	 len, cap;
};
void proc_text_add(struct proc_text *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
/* "令和8年11月25日" from YYYY-MM-DD (or the leading date of a timestamp);
 * the text as given when it is no date. */
void proc_wareki(const char *iso, char *out, size_t size);

/* What goes to paper cleaned in place: control, bidi and invisible format
 * characters and invalid UTF-8 each become '?' (issue 14 item 5). */
void proc_print_clean(char *text);
/* The same for the rows of a printed table: its '\t' between cells is
 * kept (a table's rows are "cell\tcell\n" lines). */
void proc_print_clean_table(char *rows);

/* The receipt (受付票) as the PDF lays it out: the header fields, what was
 * done as text (body) and an issuance's certs as "kind\tserial\texpiry"
 * lines (certs); cleaned for paper. 0, or -1 when there is no such
 * application; free with proc_receipt_parts_free. */
struct proc_receipt_parts {
	char	 city[64];
	char	 number[24];
	char	 date[40];
	char	 name[128];
	char	 form[80];
	char	 state[64];
	char	 window[PROC_WINDOW_LABEL_MAX];
	char	 clerk[96];
	int	 issue;
	char	*body;
	char	*certs;
};
int proc_receipt_parts(struct proc_ctx *, int64_t app_id,
    struct proc_receipt_parts *);
void proc_receipt_parts_free(struct proc_receipt_parts *);

/* An inquiry/reply letter as the PDF lays it out: the application's
 * content in the words of the letter, dates in 和暦, cleaned for paper.
 * procedure is the application's ("disclose" and "correct" are 請求).
 * 0, or -1 when the application or its person is gone. */
struct proc_letter_parts {
	char	 city[64];
	char	 date[40];		/* today, the letter's date */
	char	 deadline[40];		/* date + PROC_LETTER_REPLY_DAYS */
	char	 ref_no[16];
	char	 form[40];		/* the letter's 様式 */
	char	 name[128];
	char	 address[256];
	char	 what[160];
	char	 applied[40];
	char	 window[PROC_WINDOW_LABEL_MAX];
	char	 app_form[80];
	char	 app_no[24];
	char	 procedure[16];
};
int proc_letter_parts(struct proc_ctx *, const struct store_letter *,
    struct proc_letter_parts *);

/* ---- The frame's steps (proc_effect.c) ---------------------------------- */

struct rules_case;
struct rules_decision;
struct store_effect;

/* One run of an application's steps: the row, its person, what the
 * clerk gave, and the card's expiry as the chip told it. */
struct proc_run {
	struct store_app		*app;
	struct store_person		*p;
	const struct proc_run_args	*args;
	char				 chip_expiry[11];
};

/* Plan the steps of a saved application (inside the caller's store_tx):
 * the identified certs (targets) revoked, the card's state changed by a
 * combined form, then what the decision issues and switches. Refused
 * (-1, msg) when a target is not the person's current cert or not of a
 * kind the decision revokes. */
int proc_effects_plan(struct store *, const struct store_app *,
    const struct rules_case *, const struct rules_decision *,
    const struct proc_targets *, char *msg, size_t msglen);
/* The decision changed (the inquiry reply came back, the card checked
 * later): the pending steps but the identified revocations planned
 * again. Inside the caller's store_tx. */
int proc_effects_replan(struct store *, const struct store_app *,
    const struct rules_case *, const struct rules_decision *);

/* Issuance's steps (proc_issue.c): before anything touches the card,
 * everything an issuance needs (card proven and bound, expiry, PINs,
 * the card in the reader read again); one cert kind (target) issued;
 * the face-auth switch (R2.15, R4-3.7). */
enum proc_status proc_fx_issue_ready(struct proc_ctx *, struct proc_run *,
    char *msg, size_t msglen);
enum proc_status proc_fx_issue(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *msg, size_t msglen);
enum proc_status proc_fx_face_switch(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *msg, size_t msglen);
/* proc_card_ready as a step kind's check (the face-auth switch, the PIN
 * steps). */
enum proc_status proc_fx_card_ready(struct proc_ctx *, struct proc_run *,
    char *msg, size_t msglen);

/* The PIN procedures' steps (proc_pin.c): before anything touches the
 * card, the card's checks and every pending PIN step's PINs given and
 * well-formed; one PIN (target: the cert kind whose PIN it is) changed
 * or reset; the face-auth release after the user-PIN reset (R4.3,
 * R4.11), whose record change (tx) is made in the transaction that marks
 * the step done. */
enum proc_status proc_fx_pin_ready(struct proc_ctx *, struct proc_run *,
    char *msg, size_t msglen);
enum proc_status proc_fx_pin(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *msg, size_t msglen);
enum proc_status proc_fx_face_release(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *msg, size_t msglen);
int proc_fx_face_release_tx(struct store *, const char *actor,
    const struct store_app *, const struct store_effect *);
/* Inside the caller's store_tx, for a step done by other work (a later
 * kind: the mailing to J-LIS): the application's step seq marked done
 * with its audit row, and the application done when no step proc runs
 * is pending; 0 also when it was done already. reopen: the done step
 * back to pending with its audit row (the mailing came back); 0 also when
 * it is pending. -1 when the application has no such step, or on a store
 * failure. */
int proc_effect_later_done(struct store *, const char *actor,
    int64_t app_id, int seq);
int proc_effect_later_reopen(struct store *, const char *actor,
    int64_t app_id, int seq);
/* The application is still being worked on (not cancelled meanwhile). */
int proc_app_live(struct store *, int64_t app_id);
enum proc_status proc_gone(char *msg, size_t msglen);

/* ---- Audit events (proc_audit.c): one function per kind, each called
 * inside the store_tx of the change it records; -1 fails it. ---------- */
struct store_hold;
int proc_audit_app_saved(struct store *, const char *actor,
    const struct store_app *);
int proc_audit_app_done(struct store *, const char *actor,
    const struct store_app *);
int proc_audit_step_done(struct store *, const char *actor,
    const struct store_app *, const char *what);
int proc_audit_cert_revoked(struct store *, const char *actor,
    const char *serial, const char *reason);
int proc_audit_face_auth(struct store *, const char *actor,
    const struct store_app *);
/* A card read at the start of a visit (proc_find.c): the card's handle
 * and what was found, by ids only. */
int proc_audit_card_read(struct store *, const char *actor,
    const char *card_no, const char *detail);
int proc_audit_face_release(struct store *, const char *actor,
    const struct store_app *);
int proc_audit_hold(struct store *, const char *actor,
    const struct store_hold *);
/* R7: the purge of applications past keep-until; detail lists the count,
 * ids and keep-until dates. */
int proc_audit_purge(struct store *, const char *actor, const char *approver,
    const char *detail);
int proc_audit_step_reopened(struct store *, const char *actor,
    const struct store_app *, const char *what);
struct store_mailing;
/* A mailing moved to state `to` (draft: made), detail what the move
 * carries: the number of items, the tracking number. */
int proc_audit_mailing(struct store *, const char *actor,
    const struct store_mailing *, const char *to, const char *detail);
/* What a procedure (its store code) is called in a sentence: 発行, 失効. */
/* Four eyes: what happened to approval id (request, approve, refuse,
 * withdraw, done), and a clerk's role changed (proc_approve.c). */
int proc_audit_approval(struct store *, const char *actor, int64_t id,
    const char *what, const char *detail);
int proc_audit_clerk_role(struct store *, const char *actor,
    const char *login, const char *detail);
/* The approval an action is carried out under, inside the action's own
 * transaction: marked done and audited with both names (0, or -1). NULL
 * a is a no-op (no approval was needed). */
struct store_approval;
int proc_approval_done_tx(struct store *, const char *actor,
    const struct store_approval *a);
/* Cancel with an approval (proc_cancel.c): a NULL a cancels directly. */
int proc_cancel_run(struct proc_ctx *, int64_t app_id, const char *reason,
    const struct store_approval *a, char *msg, size_t msglen);
/* Purge the ids listed in ids ("3,5,8"; NULL: everything due) that are
 * still due and finished on today, with approval a (NULL: none needed). */
int proc_purge_run(struct proc_ctx *, const char *today, const char *ids,
    const struct store_approval *, int *deleted, char *msg, size_t msglen);
const char *proc_procedure_ja(const char *code);

/* A backup taken (backup.create), a state restored from one
 * (backup.restore, in the new state), the daily close printed
 * (close.print). */
int proc_audit_backup(struct store *, const char *actor, const char *dir,
    long long size, int with_keys);
int proc_audit_restore(struct store *, const char *actor, const char *dir,
    const struct proc_restore_result *);
int proc_audit_close(struct store *, const char *actor, const char *day,
    const char *window, long count);
/* Maintenance events (proc_clerk.c, proc_settings.c): each written
 * inside the transaction of its change. */
enum proc_clerk_event {
	PROC_CLERK_EV_ADD, PROC_CLERK_EV_ADD_KEY, PROC_CLERK_EV_REMOVE_KEY,
	PROC_CLERK_EV_WINDOW, PROC_CLERK_EV_ROLE, PROC_CLERK_EV_DISABLE,
	PROC_CLERK_EV_ENABLE,
	PROC_CLERK_EV_COUNT
};
int proc_audit_setting(struct store *, const char *actor, const char *key,
    const char *detail);
int proc_audit_clerk(struct store *, const char *actor,
    enum proc_clerk_event, const char *login, const char *detail);

/* A print job's events (proc_printjob.c), each inside the transaction
 * that writes the job: print.job (made), print.again (a new attempt),
 * print.result (where the attempt ended). */
enum proc_print_event {
	PROC_PRINT_EV_JOB, PROC_PRINT_EV_AGAIN, PROC_PRINT_EV_RESULT
};
int proc_audit_print(struct store *, const char *actor,
    enum proc_print_event, const struct store_print_job *);

/* libcups (proc_cups.c). Send the PDF at path to queue titled title:
 * 0 with CUPS's job id in *job, or -1 with a Japanese reason in err
 * (CUPS's own words go to the log). */
int proc_cups_send(const char *queue, const char *path, const char *title,
    int *job, char *err, size_t errlen);
/* Where CUPS's job stands: unknown (not in its list: history not kept),
 * still pending or printing, or ended. */
enum proc_cups_end {
	PROC_CUPS_UNKNOWN, PROC_CUPS_PENDING, PROC_CUPS_DONE,
	PROC_CUPS_CANCELED, PROC_CUPS_ABORTED
};
int proc_cups_state(const char *queue, int job, enum proc_cups_end *end,
    char *err, size_t errlen);

/* The idle lock's events (proc_unlock.c), actor and object the clerk:
 * session.unlock_set (failed 0) or session.unlock_failed. */
int proc_audit_unlock(struct store *, const char *login, int failed,
    const char *detail);
/* session.unlock_reset: an admin (actor) removed the clerk's code. */
int proc_audit_unlock_reset(struct store *, const char *actor,
    const char *login);

/* Verify the user-cert PIN on the card held (proc_card_check, and a read
 * at the start of a visit that goes on to a procedure): pin_verified, or
 * tries_left and msg. Nothing when user_pin is NULL or "" or the card is
 * known as face-auth (no PIN to verify). The PIN is borrowed. */
void proc_card_verify_user(struct proc_ctx *, const char *user_pin,
    struct proc_card_check *out, char *msg, size_t msglen);

/* 1 when the chip names person p: its basic 4 info (support route) or
 * the card face's birth date and sex (face route); else 0 with the items
 * that differ in why (Japanese). */
int proc_chip_matches(enum proc_card_route, const struct proc_chip *,
    const struct store_person *p, char *why, size_t whylen);

/* proc_chip_read (the card held), its failure said in msg (a wrong PIN
 * with *tries_left) and a chip that is not a My Number card refused (and
 * wiped): PROC_OK or PROC_CARD. pin is borrowed. */
enum proc_status proc_chip_read_said(struct proc_ctx *,
    enum proc_card_route, const char *pin, struct proc_chip *,
    int *tries_left, char *msg, size_t msglen);

#endif
