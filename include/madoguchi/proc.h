/*
 * Procedures at the counter that touch the card, the issuer and the
 * counter database together. The screens call these; they never reach
 * cardd or the issuer themselves. Issuance is resumable: each step is
 * recorded before the next begins (store_step), the issuer is idempotent
 * by request id, and proc_issue called again on an interrupted application
 * continues where it stopped; proc_reconcile brings every interrupted one
 * back in line after a crash.
 */
#ifndef MADOGUCHI_PROC_H
#define MADOGUCHI_PROC_H

#include <stddef.h>
#include <stdint.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/store.h"	/* enum store_stats_by */

struct store;
struct issuer;
struct card_client;
struct card_identity;
struct store_person;

struct proc_ctx {
	struct store		*st;
	struct issuer		*iss;
	struct card_client	*card;		/* NULL when no card service */
	const char		*actor;		/* clerk login, for the audit */
	/* Progress for the clerk (Japanese), or NULL. */
	void			(*progress)(const char *msg, void *arg);
	void			*progress_arg;
	/* The state dir proc_ctx_open was given (its print/ files), or
	 * NULL for a context on a store alone. */
	const char		*state_dir;
};

/* Open the issuer and cardd of a state dir around an open store; what is
 * missing is left NULL and said in why. 0 if everything opened. The
 * issuer is madoguchi-issuerd's client (issuer_client_open). */
int proc_ctx_open(struct proc_ctx *, struct store *, const char *state_dir,
    const char *actor, char *why, size_t whylen);
/* The same with the built-in CA opened in this process (it reads
 * STATE/ca): for the admin CLI run by root or the CA's user on the
 * server, and for unit tests. */
int proc_ctx_open_builtin(struct proc_ctx *, struct store *,
    const char *state_dir, const char *actor, char *why, size_t whylen);
void proc_ctx_close(struct proc_ctx *);

enum proc_status {
	PROC_OK = 0,
	PROC_NEED_PIN,		/* the next step sets a PIN: ask and call again */
	PROC_CARD,		/* card pulled, wrong card, reader busy...: message says */
	PROC_FAILED,		/* issuer or database failure: retry later */
	PROC_INVALID		/* the application cannot be issued (state, data) */
};

/* The PINs an issuance uses (borrowed; the caller wipes them). user and
 * sign are set on the card, NULL where the decision keeps the current PIN
 * or where the staff sets a random one (or the PIN is set already); check
 * is the PIN of the application's card-check route (the input-support PIN,
 * or PIN B off the card's face), with which the chip is read again before
 * every write to prove it is still the card that was checked. */
struct proc_pins {
	const char	*user;		/* 4 digits */
	const char	*sign;		/* 6-16 of A-Z 0-9 */
	const char	*check;		/* support PIN or PIN B */
};

/* Issue the certs of an accepted (or interrupted in_progress) application
 * onto the card in the held reader, which must be the card the application
 * was checked against (R2.8, read again with pins->check before the first
 * write and before each key pair, cert and PIN: another card gets nothing
 * and PROC_CARD). The expiry typed is checked first (not past, at most
 * ten years, the holder's birthday, the chip's where it tells it). Per
 * cert, a key pair made on the card,
 * the issuer's cert for it, the cert written to the card, the PIN set as
 * the decision says; then the face-auth switch if the decision says so
 * (R2.15, R4-3.7); the application becomes done. card_expiry is the card's
 * expiry date (YYYY-MM-DD, as printed on it), recorded on the card's row
 * when the issuance is done. Every PIN the decision still needs is checked
 * before anything starts. msg gets what the clerk should read (Japanese)
 * on any status but PROC_OK. */
enum proc_status proc_issue(struct proc_ctx *, int64_t app_id,
    const char *card_expiry, const struct proc_pins *pins, char *msg,
    size_t msglen);

/*
 * The frame every procedure shares (src/proc/proc_effect.c). What a
 * decision does is planned, when the application is saved, as recorded
 * steps (store_effect rows: revoke one cert, change the card's state,
 * issue a cert kind, change or reset one PIN, switch to face-auth, give
 * a face-auth card its PIN use back, send to J-LIS) and executed by
 * proc_app_run in that order, each step done once: called again after
 * anything stopped it, it goes on with what is still pending. Steps that
 * other work does later (the J-LIS mailing, the card-face writing the
 * clerk confirms with proc_app_mark_done) stay pending with the
 * application and do not hold it open.
 */

/* What a revocation names (R3.8, R3-2.5): the certs the clerk identified
 * from the card or a paper showing the serial, and why (RFC 5280
 * reason). For a found card (R5.2, R5.3): the certs held. */
#define PROC_TARGETS_MAX	4
struct proc_targets {
	const char		*serials[PROC_TARGETS_MAX];
	size_t			 n;
	enum issuer_reason	 reason;
	/* A correction request (R6.1, R6-2.1): what is to be corrected,
	 * as typed (STORE_REQUEST_TEXT_MAX characters, no control
	 * characters); NULL for every other procedure. */
	const char		*text;
};

/* One PIN a PIN procedure sets (R4, R4-2), borrowed; the caller wipes
 * it. kind: CARD_PIN_USER or CARD_PIN_SIGN. current: the PIN now, for
 * a change (R4.9, R4-2.5); NULL for a reset, and for a change whose PIN
 * staff set from the PIN request form (R4.10, R4-2.6: no current PIN,
 * set as a reset sets it). pin: the new PIN. The formats are checked
 * before the card is touched: the user PIN 4 digits, the signature PIN
 * 6-16 of A-Z 0-9 with at least one letter and one digit, where a
 * lower-case letter typed is taken upper-cased (as cardd takes it), so
 * "mado2026" sets MADO2026. */
struct proc_pin_new {
	enum card_pin	 kind;
	const char	*current;
	const char	*pin;
};
#define PROC_PIN_NEW_MAX	2
/* A change typed on the reader's PIN pad (the reader lists
 * CARD_READER_PINPAD_MOD): current and pin both PROC_PIN_PAD; the PINs
 * go from the pad to the card and never through the host. */
#define PROC_PIN_PAD		""
/* 1 when the reader with the card (the one proc uses) has a PIN pad
 * that can change a PIN (CARD_READER_PINPAD_MOD), 0 when not or when no
 * reader with a card is found. */
int proc_reader_pinpad(struct proc_ctx *);

/* What the steps need from the clerk, borrowed: the card's expiry as
 * printed (issuance), the PINs: pins->check reads the card again before
 * every write (any procedure that writes to the card), new_pins the PINs
 * a PIN procedure sets (at most PROC_PIN_NEW_MAX, one per kind). NULL
 * members where a procedure needs none. */
struct proc_run_args {
	const char			*card_expiry;
	const struct proc_pins		*pins;
	const struct proc_pin_new	*new_pins;
	size_t				 n_new_pins;
};

/* Run the pending steps of an accepted (or interrupted in_progress)
 * application; the application becomes done when every step proc runs
 * is done. proc claims the reader itself when a step needs the card and
 * releases it before returning. PROC_OK, or another status with msg
 * (Japanese) saying what to do; steps done stay done. */
enum proc_status proc_app_run(struct proc_ctx *, int64_t app_id,
    const struct proc_run_args *, char *msg, size_t msglen);

/* A step the clerk does by hand, recorded as done when the clerk says
 * so: "face_auth_mark", the card face written (R4-3.7: 「顔認証」 and
 * the date, with the official seal) or struck through (R4.11) on the
 * remarks field. Only steps of a kind done by the clerk; refused while a
 * step before it is pending. The step and its audit row (and, when
 * nothing else is pending, the application done) in one transaction.
 * 0 with msg saying what was recorded (also when it was recorded
 * already), -1 with why not (both Japanese). */
int proc_app_mark_done(struct proc_ctx *, int64_t app_id, const char *effect,
    char *msg, size_t msglen);
/* 1 when the application has a step the clerk marks done still pending
 * (the card-face writing of a done face-auth switch...), 0 if not, -1 on
 * a store failure. */
int proc_app_awaits_clerk(struct store *, int64_t app_id);

/* One step of an application as the clerk reads it. */
struct proc_step_view {
	char	label[160];	/* 失効: 署名用電子証明書 1A2B... (the
				 * serial whole, up to 40 hex digits) */
	char	effect[20];	/* its kind: revoke, pin_reset, face_auth_mark... */
	char	target[48];	/* cert kind (whose PIN), serial, card state */
	int	done;
	int	later;		/* done by other work later (J-LIS mailing...) */
};
/* The application's steps (at most max) into out; the number, -1 when
 * there is no such application. */
int proc_app_steps(struct proc_ctx *, int64_t app_id,
    struct proc_step_view *out, int max);

/* What a reason is called at the counter: 失効申請 (the holder asks;
 * cessationOfOperation), 秘密鍵の漏えい等の届出 (keyCompromise), ... */
const char *proc_reason_ja(enum issuer_reason);

/* Where an issuance stands, per cert kind it issues (at most two): its
 * step (started, key_made, issued, written, pin_set; "" not begun), the
 * serial once issued, and whether its PIN is set. Returns the number of
 * kinds, -1 if there is no such application. */
struct proc_issue_state {
	const char	*kind;		/* "signature" | "user" */
	const char	*label;		/* 署名用電子証明書 */
	char		 step[12];
	char		 serial[48];
	int		 pin_done;
};
int proc_issue_progress(struct proc_ctx *, int64_t app_id,
    struct proc_issue_state out[2]);
/* An application state as the clerk reads it (受付済み, 処理中...). */
const char *proc_app_state_ja(const char *state);

/* Bring every in_progress application back in line after a crash: certs
 * the issuer made whose step was not recorded are recorded; with the right
 * card in the reader the issuance continues up to a PIN the applicant must
 * type; certs of abandoned attempts are revoked (superseded). report gets
 * one line (Japanese) per application. Returns the number still open. */
int proc_reconcile(struct proc_ctx *, void (*report)(const char *, void *),
    void *arg);
/* How the counter's record of a cert stands against the issuer's. */
enum proc_sync {
	PROC_SYNC_SAME = 0,	/* already in line */
	PROC_SYNC_CHANGED,	/* brought in line: state or reason */
	PROC_SYNC_UNRECORDED,	/* the counter has no such cert */
	PROC_SYNC_CONFLICT,	/* left as is for an admin (the line says why) */
	PROC_SYNC_FAILED	/* the issuer or the database failed */
};
/* One truth: bring the counter's record of one cert (serial as the
 * issuer writes it) in line with the issuer's state as of today (valid,
 * on_hold, revoked, expired) and its reason; the row and its audit row
 * (cert.sync, by pc->actor) in one transaction. A change the counter's
 * records never make (revoked -> valid, a cert the issuer does not know)
 * is left for an admin. line gets one Japanese sentence saying what was
 * done or found, whatever the result. Needs pc->st and pc->iss. */
enum proc_sync proc_cert_sync(struct proc_ctx *, const char *serial,
    char *line, size_t linelen);
/* proc_cert_sync for every cert the counter records: report gets the line
 * of each one changed or left out of line, *changed (may be NULL) the
 * number changed. Returns the number left out of line, -1 if the certs
 * could not be listed or there is no issuer. Idempotent. */
int proc_reconcile_certs(struct proc_ctx *,
    void (*report)(const char *, void *), void *arg, int *changed);
/* A cert state as the clerk reads it (有効, 一時保留, 失効, 有効期限切れ). */
const char *proc_cert_state_ja(const char *state);
/* Every person the counter records with two or more valid certs of one
 * kind: report gets one line per person (Japanese: the registry's record
 * number atena_no, each kind with its count and serials; no other
 * personal data). Returns the number of such persons, or -1. Needs only
 * the store. */
int proc_reconcile_duplicates(struct proc_ctx *,
    void (*report)(const char *, void *), void *arg);

struct rules_case;
struct rules_decision;
struct store_app;
struct store_clerk;
struct store_letter;

/* R7, note: the setting (years) for forms of another guideline (the card
 * guideline's), which `madoguchi init` writes with the default. The seed
 * gives no period; 15 years, the longest Article 7 knows (R7.1), because
 * these forms are filed with the issuance applications kept that long
 * (R2.17-R2.20's combined forms) and a purge cannot be undone, while a
 * city that learns a shorter period only lowers the setting. */
#define PROC_RETENTION_SETTING		"retention.card_guideline_years"
#define PROC_RETENTION_CARD_DEFAULT	15

/* Accept an application: the rules core decides the case again (the
 * clerk cannot accept what it rejects), and the application is saved
 * with its form, cited rules, who sets the PIN, the certs to issue and
 * the keep-until date of R7 (the day of acceptance, today, + retention
 * years; where another guideline sets the period, the setting
 * PROC_RETENTION_SETTING, or PROC_RETENTION_CARD_DEFAULT years when it
 * is absent; none while the application waits for the reply).
 * state is "accepted", or "waiting_reply" for an application whose
 * inquiry/reply letter is sent first (then the decision may still be a
 * reject). A procedure that writes to the card is accepted only with chk,
 * the card check that proved the card is the person's: the application is
 * bound to that card, refused when another application is pending on it.
 * out gets the saved row. 0, or -1 with msg (Japanese). */
struct proc_card_check;
struct proc_targets;
int proc_app_save(struct proc_ctx *, const struct store_person *,
    int64_t clerk_id, const struct rules_case *,
    const struct proc_card_check *chk, const struct proc_targets *t,
    const char *state, struct store_app *out, char *msg, size_t msglen);
/* 1 when the procedure writes to the card (issuance, PIN, face-auth):
 * then its application is accepted only with a card check that proves
 * the card is the person's (proc_card_proven), and is bound to that card
 * (its key), which is read again before every write. */
int proc_app_writes_card(const struct rules_case *);
/* The letter path (R2.4 (2), R2.12 (3)): the application saved as
 * waiting for the reply and its inquiry/reply letter (form, e.g. 様式第2号)
 * created in one transaction; then the letter is printed and marked sent
 * (proc_letter_send). On -1 nothing was saved; when only the printing
 * failed, 0 is returned with *path NULL and the letter left "created" for
 * proc_letter_send to print again. *path (the printed file) is the
 * caller's. */
int proc_app_save_letter(struct proc_ctx *, const struct store_person *,
    int64_t clerk_id, const struct rules_case *, const struct proc_targets *t,
    const char *form, const char *state_dir, struct store_letter *out,
    char **path, char *msg, size_t msglen);
/* Print a created (or, to print again, a sent) letter as a print job of
 * its application (proc_print: its window's printer, or STATE/print/
 * letter-REF.pdf without one) and mark it sent. Where it went (caller
 * frees): the saved PDF's path, or the printer and CUPS's job as
 * proc_print_say says it; NULL with msg when it could not be printed. */
char *proc_letter_send(struct proc_ctx *, const char *state_dir,
    const char *ref_no, char *msg, size_t msglen);
/* The inquiry reply of letter ref_no came back (R2.4 (2), R2.12 (3)): the
 * case is decided again with inquiry_reply set; the application becomes
 * accepted and the letter returned, in one transaction. Its keep-until
 * (R7) counts from today, the day the reply made it accepted. */
int proc_app_reply_returned(struct proc_ctx *, const char *ref_no,
    struct store_app *out, char *msg, size_t msglen);
/* The card checks done after an application was saved (the letter path)
 * go into its case: decided again, it must still be accepted; the saved
 * case, decision and cited rules are replaced, and the application is
 * bound to the checked card (chk) as proc_app_save does. 0, or -1 with
 * msg. */
int proc_app_update_case(struct proc_ctx *, int64_t app_id,
    const struct rules_case *, const struct proc_card_check *chk,
    char *msg, size_t msglen);
/* Longest reason for a cancellation, in characters. */
#define PROC_CANCEL_REASON_MAX	100

/* A reason for proc_app_cancel as typed: not blank, valid UTF-8 of at
 * most PROC_CANCEL_REASON_MAX characters, no control characters (nor line
 * separators or marks that reorder text). 0, or -1 with msg (Japanese). */
int proc_cancel_reason_check(const char *reason, char *msg, size_t msglen);
/* Text a clerk typed for the record (a reason, who called): not blank,
 * valid UTF-8 of at most max characters, no control characters (nor line
 * separators or marks that reorder text). 0, or -1 with msg (Japanese,
 * naming `what`). */
int proc_text_check(const char *what, const char *text, int max, char *msg,
    size_t msglen);
/* Cancel a pending application (accepted, waiting_reply or in_progress)
 * for the reason given (kept in the audit trail, never logged). For one
 * in progress, every cert the issuer made for it is revoked first
 * (cessationOfOperation), at the issuer and in the counter; without the
 * issuer such a cancellation is refused. Then, in one transaction, the
 * application becomes cancelled, its inquiry/reply letters not yet used
 * become void, and the audit row (application.cancel) is written. 0 with
 * what was done in msg, or -1 with why not (both Japanese, for the
 * clerk); nothing is cancelled then (certs already revoked stay so and a
 * second call goes on from there). With approval.app_cancel on (the
 * default) nothing is cancelled here: a request is made for a supervisor
 * (proc_approval_request) and 1 returned, msg saying 承認を依頼しました
 * with its number; the cancel is done when another supervisor approves. */
int proc_app_cancel(struct proc_ctx *, int64_t app_id, const char *reason,
    char *msg, size_t msglen);
/* Render an application's case and decision back (from case_json). */
int proc_app_case(const struct store_app *, struct rules_case *,
    struct rules_decision *);

/*
 * R5.1: J-LIS puts a lost card's certs on hold on a phone call; the
 * counter records the call (who called, when, the certs held) and puts
 * the certs on hold at the issuer and in its records, and the card (the
 * certs') as lost. JPKI never releases a hold: a found card's held certs
 * are revoked (R5.2, R5.3: the card_found procedure). Idempotent: the
 * issuer's request id is the serial's, so recording the same call again
 * holds nothing twice.
 */
#define PROC_CALLER_MAX		60
struct proc_hold_req {
	int64_t		 person_id;
	int64_t		 clerk_id;
	const char	*caller;	/* who called: 本人, 配偶者 ... */
	const char	*called_at;	/* YYYY-MM-DD HH:MM (Japan time) */
	const char	*serials[PROC_TARGETS_MAX];
	size_t		 n;
};
/* 0 with what was done in msg, or -1 with why not (Japanese). */
int proc_hold_record(struct proc_ctx *, const struct proc_hold_req *,
    char *msg, size_t msglen);

/*
 * R6.6, R6-2.5: the request forms of accepted disclosure and correction
 * requests go to J-LIS by 特定記録郵便 (src/proc/proc_mail.c). Each has a
 * pending send_to_jlis step (store_mail_awaiting lists them); a mailing
 * gathers them (draft), is printed (the list and the cover sheet), posted
 * with the tracking number (the steps done), then delivered, or returned
 * (the steps pending again, to go in a new mailing). A request is never
 * in two mailings that have not come back. Each move with its audit row
 * (mailing.*) in one transaction; msg says what was done or why not
 * (Japanese).
 */
struct store_mailing;
#define PROC_TRACKING_DIGITS_MIN	11
#define PROC_TRACKING_DIGITS_MAX	13
/* A 特定記録郵便 number as typed: 11 to 13 digits, a hyphen allowed
 * between two digits ("1234-5678-9012"). digits (size > 13) gets the
 * digits alone. 0, or -1 with msg. */
int proc_mail_tracking_check(const char *typed, char *digits, size_t size,
    char *msg, size_t msglen);
/* A new mailing of every request awaiting one, made by clerk_id; out gets
 * it. -1 when none awaits (msg says so) or on a store failure. */
int proc_mail_create(struct proc_ctx *, int64_t clerk_id,
    struct store_mailing *out, char *msg, size_t msglen);
/* The list (per request: the receipt number, the request, the form, the
 * accepted date; no personal data: J-LIS gets the forms themselves) and
 * the cover sheet (the forms counted), caller frees; NULL if there is no
 * such mailing. */
char *proc_mail_list_text(struct proc_ctx *, int64_t mailing_id);
char *proc_mail_cover_text(struct proc_ctx *, int64_t mailing_id);
/* Print both as print jobs for window (proc_print: its printer, or
 * STATE/print/mailing-<id>-{list,cover}.pdf without one); a draft becomes
 * printed, a mailing printed before stays as it is. Where each went
 * (the saved PDF's path, or the printer and CUPS's job) is the caller's. */
int proc_mail_print(struct proc_ctx *, const char *state_dir,
    const char *window, int64_t id,
    char **list_path, char **cover_path, char *msg, size_t msglen);
/* Posted with the tracking number (as proc_mail_tracking_check takes it):
 * a printed mailing becomes posted and each request's send_to_jlis step
 * done (the application done when nothing else is pending). Again with
 * the same number: 0, nothing changed; another number, or a number of
 * another mailing: refused. */
int proc_mail_post(struct proc_ctx *, int64_t id, const char *tracking,
    char *msg, size_t msglen);
/* A posted mailing delivered (to "delivered") or come back ("returned":
 * its requests' steps pending again). 0 also when it is so already. */
int proc_mail_close(struct proc_ctx *, int64_t id, const char *to,
    char *msg, size_t msglen);
/* A mailing's state as the clerk reads it (作成済み (未印刷), 発送済み...). */
const char *proc_mail_state_ja(const char *state);
/* Where an application's request to J-LIS stands (送付待ち, 送付済み (送付便
 * 3、特定記録 ...), ...) into buf: 0, 1 when it sends none, -1. */
int proc_mail_app_status(struct store *, int64_t app_id, char *buf,
    size_t size);

/* Printable texts (UTF-8, for the counter printer; caller frees). The
 * inquiry/reply letter to the registered address (R2.9: 様式第2号), and
 * the acceptance slip for the applicant (no PIN, no individual number). */
char *proc_letter_text(struct proc_ctx *, const struct store_letter *);
char *proc_receipt_text(struct proc_ctx *, int64_t app_id);
/* Write text to STATE/print/<name> (0600); the path is the caller's. */
char *proc_print_save(const char *state_dir, const char *name,
    const char *text);
/* The receipt as an A4 PDF, STATE/print/receipt-N.pdf (0600), beside its
 * text; the path (caller frees), or NULL (logged). Links src/print. */
char *proc_receipt_pdf(struct proc_ctx *, int64_t app_id,
    const char *state_dir);
/*
 * The printed forms as A4 PDFs written to path (0600): 0, or -1 (logged).
 * They never call print_done(): a long-lived process keeps cairo's font
 * caches. The inquiry/reply letter of its 様式 (the envelope-window
 * address, 「転送不要」 where the guideline mails it so, the reply deadline,
 * PROC_LETTER_REPLY_DAYS after today); the J-LIS mailing's list and cover
 * sheet; the daily close (arguments as proc_close_text's, total set).
 */
int proc_letter_pdf(struct proc_ctx *, const struct store_letter *,
    const char *path);
int proc_mail_list_pdf(struct proc_ctx *, int64_t mailing_id,
    const char *path);
int proc_mail_cover_pdf(struct proc_ctx *, int64_t mailing_id,
    const char *path);
int proc_close_pdf(struct store *, const char *state_dir, const char *day,
    const char *window, long *total, const char *path);
/* The reply deadline printed on a letter: one month (30 days) from the
 * day it is printed. No guideline sets one; a month lets the post go both
 * ways and the resident find a day for the counter, and keeps the letter
 * close enough to the day it proved the registered address. */
#define PROC_LETTER_REPLY_DAYS	30

/* The application's form (its seed form: 様式第1号, ...) pre-filled from
 * the record for the applicant to check and sign, written as an A4 PDF to
 * path (0600): the person, what the case asks, the filer, the identity
 * documents recorded, the window, the clerk and the reference number; a
 * signature box. 0, or -1 (logged) when there is no such application,
 * no template for its form, or the file cannot be written. Leaves
 * cairo's caches alone (print_done is for process exit). Links src/print. */
int proc_form_pdf(struct proc_ctx *, int64_t app_id, const char *path);

/* The same written to path (0600): 0, or -1 (logged). The receipt's
 * renderer in proc_print_kind_table. */
int proc_receipt_pdf_write(struct proc_ctx *, int64_t app_id,
    const char *path);

/*
 * Print jobs (src/proc/proc_printjob.c, db/0014, issue 15). Printing a
 * document makes a job bound to its application and person: the PDF is
 * rendered into STATE/print (0600); when the window has a printer
 * (window.<name>.printer, a CUPS queue) it goes to CUPS through libcups
 * (the server from CUPS_SERVER or client.conf, as libcups finds it),
 * titled "madoguchi <kind> <ref>" (nothing personal), CUPS's job id is
 * recorded and our PDF removed once CUPS accepted it (CUPS spools its own
 * copy); a failure is recorded with a Japanese reason and its PDF removed
 * too: printing again re-renders from the record. Without a printer the
 * PDF stays at STATE/print/<kind>-<ref>.pdf (state saved). Every change
 * is audited (print.job, print.again, print.result).
 *
 * A document kind is one row of proc_print_kind_table: its stored name,
 * its Japanese label, its renderer, and what it is bound to.
 */
/* What a renderer is given: the document's id, the window it is printed
 * for (the job's) and the state dir; and what it hands back: the total
 * the document counts (a daily close's applications; 0 for the others),
 * so a caller that records it reads the figures once, as printed. */
struct proc_print_doc {
	int64_t		 id;
	const char	*window;
	const char	*state_dir;
	long		 total;
};
struct proc_print_kind {
	const char	*kind;		/* stored: "receipt" */
	const char	*label;		/* Japanese: 受付票 */
	/* The PDF of the document written to path (0600): 0, or -1;
	 * doc->total set when the document counts something. */
	int		(*render)(struct proc_ctx *, struct proc_print_doc *doc,
			    const char *path);
	/* The saved PDF's name without ".pdf" (a window without a printer):
	 * NULL for "<kind>-<id>". */
	void		(*file)(const struct proc_print_doc *, char *buf,
			    size_t size);
	/* The application, person and window document id belongs to:
	 * 0, or -1 when there is no such document. NULL for documents of
	 * no person (a daily close): no application, no person, and the
	 * caller names the window. */
	int		(*owner)(struct proc_ctx *, int64_t id, int64_t *app_id,
			    int64_t *person_id, char *window, size_t size);
};
extern const struct proc_print_kind proc_print_kind_table[];
/* The document id of a letter (its reference number's nine digits) and
 * of a daily close (its day YYYY-MM-DD as YYYYMMDD). */
int64_t proc_print_letter_id(const char *ref_no);
int64_t proc_print_close_id(const char *day);
extern const size_t proc_print_kind_count;
/* The row of kind, or NULL. */
const struct proc_print_kind *proc_print_kind_find(const char *kind);
/* The owner of a kind whose id is an application's id (the receipt, an
 * application form): the application, its person and its window. */
int proc_print_owner_app(struct proc_ctx *, int64_t app_id, int64_t *app,
    int64_t *person, char *window, size_t size);

/* Print document ref_id of kind at window's printer (window NULL or "":
 * the document's own window, the application's). The job as recorded
 * into *out (out->id 0 when none could be recorded); path gets the saved
 * PDF's path when the window has no printer, else "". 0 when the job was
 * sent or saved, -1 when it failed, with msg (Japanese) saying why and
 * what to do. */
int proc_print(struct proc_ctx *, const char *state_dir, const char *kind,
    int64_t ref_id, const char *window, struct store_print_job *out,
    char *path, size_t pathlen, char *msg, size_t msglen);
/* The same for doc: its id, window and state_dir in (window as above),
 * its total out, as the renderer counted it when the PDF was rendered
 * (0 when it was not). */
int proc_print_job(struct proc_ctx *, const char *kind,
    struct proc_print_doc *doc, struct store_print_job *out, char *path,
    size_t pathlen, char *msg, size_t msglen);
/* Print job id again (any state): re-rendered from the record and sent
 * to its window's printer as set now, a new attempt on the same job
 * (attempts + 1). Returns as proc_print. */
int proc_print_again(struct proc_ctx *, const char *state_dir,
    int64_t job_id, struct store_print_job *out, char *path,
    size_t pathlen, char *msg, size_t msglen);
/* The PDFs saved for applications' jobs (no printer at their window),
 * listed before a retention purge and removed after it when their job
 * went with its application: the paper's personal data lasts no longer
 * than the record's (R7). */
struct proc_print_saved {
	int64_t	 job;
	char	 file[160];	/* under STATE/print */
};
/* The saved jobs of applications into *out (the caller frees it); their
 * number, or -1. */
int proc_print_saved_list(struct proc_ctx *, struct proc_print_saved **out);
/* Remove the files of those whose job is gone; the number removed. */
int proc_print_saved_sweep(struct proc_ctx *, const char *state_dir,
    const struct proc_print_saved *, int n);
/* Ask CUPS how the jobs still sent ended: done when CUPS completed one,
 * failed (with the reason) when it was cancelled or aborted; others stay.
 * The number changed into *changed; 0, or -1 with msg (CUPS or the store
 * not reachable). */
int proc_print_refresh(struct proc_ctx *, int *changed, char *msg,
    size_t msglen);
/* Jobs newest first, at most limit (0: all), each to cb; the number, or
 * -1. */
int proc_print_jobs(struct proc_ctx *, int limit,
    int (*cb)(const struct store_print_job *, void *), void *arg);
/* Japanese for a stored state (送信済み ...) and a kind (受付票); the
 * code itself when unknown. */
const char *proc_print_state_label(const char *state);
const char *proc_print_kind_label(const char *kind);
/* What the clerk reads of a job's last attempt, one sentence into buf:
 * 窓口プリンタ「Q」に送りました (ジョブ Q-5)。, "印刷: PATH (...)" with the
 * saved PDF's path, or 印刷できませんでした: and the reason. Returns buf. */
const char *proc_print_say(const struct store_print_job *, const char *path,
    char *buf, size_t size);
/* Where a job just printed went, for the caller to keep (caller frees):
 * path, the saved PDF's, when there is one (not ""), else what
 * proc_print_say says of the job. */
char *proc_print_where(const struct store_print_job *, const char *path);
/* An ISO-8601 UTC time of the store as Japan time, "2026-12-02 11:05"
 * (JST, UTC+9 all year), into buf. */
void proc_print_time_jst(const char *at, char *buf, size_t size);

/* How the chip is read for R2.8 / R2-2.7: the input-support PIN the
 * applicant types (basic 4 info), or the card-face PIN B the clerk types
 * off the card (birth date, sex and expiry; the clerk compares the printed
 * face), for a face-auth card or when the applicant cannot give the PIN. */
enum proc_card_route { PROC_ROUTE_NONE = 0, PROC_ROUTE_SUPPORT,
	PROC_ROUTE_FACE };
const char *proc_route_name(enum proc_card_route);	/* "support" */
enum proc_card_route proc_route_parse(const char *);
/* What the clerk calls the route's PIN (Japanese). */
const char *proc_route_pin_label(enum proc_card_route);

/* What the R2.8 / R2-2.7 checks of the card in the reader found. */
struct proc_card_check {
	enum proc_card_route route;
	char	card_number[40];	/* "" when the card tells none */
	char	card_key[65];		/* the chip's key (src/proc/proc_bind.c) */
	char	card_no[40];		/* its handle in the counter's records */
	char	user_cert[48];		/* serial of its user cert, "" none */
	int	known_face_auth;	/* the counter knows it as face-auth */
	int	basic4_read;		/* the route's identity data was read */
	int	registry_match;		/* it names the registry's person */
	char	mismatch[160];		/* which items differ (Japanese) */
	int	pin_verified;		/* the user-cert PIN verified */
	int	tries_left;		/* of the PIN just tried, -1 unknown */
	int	status_ok;		/* active, not expired, not another's */
	char	status_why[160];	/* why not (Japanese) */
	char	expiry[11];		/* face route: the card's, YYYY-MM-DD */
};
/* Check the card for person p: read the chip by route with route_pin
 * (the input-support PIN, or PIN B) and compare it with the registry;
 * verify the user-cert PIN (user_pin; NULL skips, as for a face-auth
 * card); the card's state in the counter (another person's card or cert,
 * lost, expired against `today`). Each part fills *out as far as it got;
 * PROC_OK when the card could be read at all, else PROC_CARD with msg. A
 * wrong user PIN is not an error: pin_verified 0 and tries_left say it.
 * PINs are borrowed and never kept. */
enum proc_status proc_card_check(struct proc_ctx *, const struct store_person *p,
    enum proc_card_route route, const char *route_pin, const char *user_pin,
    const char *today, struct proc_card_check *out, char *msg, size_t msglen);
/* 1 when the case's card checks prove the card is the person's: read and
 * matching the registry, in order, and the user PIN verified or the card
 * face confirmed by the clerk. Nothing is written to a card without it. */
int proc_card_proven(const struct rules_case *);

/* Compare the card's basic 4 info with the registry record (R2.8): spaces
 * and full-width/half-width differences ignored. 1 if they match, else 0
 * with the differing items named in why (Japanese). */
int proc_card_matches(const struct card_identity *,
    const struct store_person *, char *why, size_t whylen);

/* ---- Starting from the card (proc_find.c) ----------------------------- */

/* The most persons a card read offers to choose from (the face route). */
#define PROC_FOUND_MAX	20

/* What reading the card at the start of a visit found. chk is the card
 * check as proc_card_check would give it for the person chosen (route,
 * number, key, handle, user cert; registry_match set, status for this
 * card): a record or an application opened from the read can carry it,
 * the card identity proven by the route's PIN (the support route; the
 * face route still wants the clerk's comparison of the printed face). */
struct proc_card_found {
	struct proc_card_check	chk;
	/* 1: the counter knows the card (or its user cert) as p[0]'s and
	 * the chip agrees; 0: found in the registry by the chip's data. */
	int			by_card;
	int			n;	/* persons in p, 1 unless face route */
	struct store_person	p[PROC_FOUND_MAX];
};
/* Read the card in the reader (route: the input-support PIN the applicant
 * types, or PIN B the clerk types off the card's face; borrowed, never
 * kept) and find whose it is. The support route: the one registry person
 * whose basic 4 info the chip's is (spaces and full/half width ignored,
 * 旧氏 and 通称 as proc_card_matches); the face route: the person the
 * counter knows the card as, or those of the chip's birth date and sex to
 * choose from. A card the counter knows as someone whose record the chip
 * does not match, no person, or (support route) several are refused with
 * msg. Nothing is written to the card; the read is audited (card.read,
 * ids only). PROC_OK with out->n >= 1; PROC_CARD (no card, wrong PIN:
 * out->chk.tries_left), PROC_INVALID (none, several, mismatch) or
 * PROC_FAILED (database) with msg (Japanese). user_pin (NULL or "" to
 * skip; borrowed): the support route's one person found, the user-cert
 * PIN is verified on the same card (chk.pin_verified, or tries_left and
 * msg while PROC_OK), which makes the read a whole card check (R2.8) that
 * an application started from the record carries. */
enum proc_status proc_card_find(struct proc_ctx *, enum proc_card_route route,
    const char *pin, const char *user_pin, const char *today,
    struct proc_card_found *out, char *msg, size_t msglen);

/* ---- Article 7: keeping the forms (proc_retention.c) ---------------- */

/* An application whose keep-until has passed: what the purge and the
 * maintenance screen show of it, nothing of the person. finished: done,
 * rejected or cancelled, so it may be deleted; one not finished (accepted
 * but never done, say) is listed as 対象外 (未完了) and kept. */
struct proc_due {
	int64_t	id;
	char	procedure[16];	/* the rules core's code */
	char	form[80];
	char	keep_until[11];
	char	accepted_on[11];	/* YYYY-MM-DD, "" if never accepted */
	char	state[16];
	int	finished;
};
/* The applications past keep-until on today (YYYY-MM-DD), earliest first,
 * into *out (the caller frees it; NULL when none). Their number, or -1. */
int proc_retention_due(struct store *, const char *today,
    struct proc_due **out);
/* Delete what proc_retention_due lists as finished, with everything that
 * hangs off each (store_app_purge) and the PDFs saved for their print
 * jobs under pc->state_dir (when set), and write one audit row
 * (retention.purge: the approver, the count, the ids and keep-until
 * dates; nothing of the persons), all in one transaction. With the
 * setting approval.retention_purge on (the default), nothing is deleted
 * here: a request for a supervisor's approval is made of exactly the
 * applications due now (*approval gets its number, 1 is returned, msg
 * says so) and the purge is done when another supervisor approves it
 * (proc_approval_decide). actor is who runs it. *deleted gets the count.
 * 0 deleted, 1 waits for approval, or -1 with msg (Japanese) and nothing
 * changed. */
int proc_retention_purge(struct proc_ctx *, const char *today,
    int *deleted, int64_t *approval, char *msg, size_t msglen);

/* ---- Four eyes: actions a supervisor approves (proc_approve.c) -------- */

/* The actions held for approval, each switched by its setting (key "1"
 * on, "0" off; absent: def). `madoguchi init` writes the defaults and
 * the settings screen lists this table. proc_run is the gate of one
 * procedure and register: its settings are proc_approval_gate_table's. */
struct proc_approval_kind {
	const char	*action;	/* approvals.action */
	const char	*key;		/* the setting, NULL for proc_run */
	const char	*label;		/* Japanese */
	int		 def;
};
extern const struct proc_approval_kind proc_approval_table[];
extern const size_t proc_approval_table_len;
/* The per-procedure gates: issuance and revocation, per register
 * (approval.proc.<procedure>.<register>, default "0"). While on, an
 * accepted application of that procedure waits (its steps refuse to run,
 * saying 承認待ち) until a supervisor other than the requester approves. */
struct proc_approval_gate {
	const char	*key;
	const char	*label;
	const char	*procedure;	/* the rules core's code */
	const char	*register_;
	int		 def;
};
extern const struct proc_approval_gate proc_approval_gate_table[];
extern const size_t proc_approval_gate_table_len;
#define PROC_APPROVAL_GATE_PREFIX	"approval.proc."

/* 1 when action needs approval now (its setting), 0 when not. */
int proc_approval_needed(struct store *, const char *action);
/* 1 when the gate of procedure/register is on. */
int proc_approval_gate_on(struct store *, const char *procedure,
    const char *register_);
/* An action as the supervisor reads it (申請の取消し...), or the code. */
const char *proc_approval_action_ja(const char *action);
/* What a request will do, as a supervisor reads it (役割を 職員 から
 * 監督者 に; a ca override's verb, serial and reason; a purge's count;
 * an application's number), into buf; the params as stored otherwise. */
struct store_approval;
void proc_approval_params_ja(const struct store_approval *, char *buf,
    size_t size);
/* A request's state as read (承認待ち, 承認済み, ...). */
const char *proc_approval_state_ja(const char *state);
/* 1 when two actors are the same person: equal, or a CLI actor ("os:X
 * sudo:Y") and a login that is X or Y. */
int proc_actor_same(const char *a, const char *b);

/* Ask for approval of action on object (params: exactly what will be
 * done; reason: why, shown to the supervisor) as pc->actor; a waiting
 * request of the same action, object and params is not made twice. *id
 * gets the number; the row and its audit row (approval.request) in one
 * transaction. 0 made, 1 already waiting (msg says both), -1. */
int proc_approval_request(struct proc_ctx *, const char *action,
    const char *object, int64_t person_id, int64_t app_id,
    const char *params, const char *reason, int64_t *id, char *msg,
    size_t msglen);
/* Decide a waiting request as pc->actor, who must be an enabled clerk
 * with role supervisor or admin and not the requester (nor, for a role
 * change, the clerk whose role it is). approve 0 refuses (note, the
 * reason, required); approve 1 approves (note may be NULL) and carries
 * the action out at once where it is one the counter does (a cancel, a
 * letter void, a purge, a role change: pc->iss is needed for an
 * application in progress), marking the request done with the action's
 * own change. A ca override is then run by `madoguchi ca ... --approval
 * N`, an issuance or revocation by the clerk who goes on with it. 0 with
 * what was done in msg, -1 with why not (Japanese); an approval whose
 * action failed stays approved, for proc_approval_execute. */
int proc_approval_decide(struct proc_ctx *, int64_t id, int approve,
    const char *note, char *msg, size_t msglen);
/* Carry out an approved request not done yet (after a failure), as
 * pc->actor (a supervisor, not the requester). 0, or -1 with msg. */
int proc_approval_execute(struct proc_ctx *, int64_t id, char *msg,
    size_t msglen);
/* The requester takes back a request still waiting. 0, or -1 with msg. */
int proc_approval_withdraw(struct proc_ctx *, int64_t id, char *msg,
    size_t msglen);
/* For an action done outside the counter (a ca override): 0 when it may
 * run as pc->actor now: no approval is needed (*id 0), or approval *id
 * (given, non-zero) is approved, unused, of this action, object and
 * params exactly, and decided by another person than pc->actor. When
 * approval is needed and *id is 0: a request is made (*id its number)
 * and 1 returned. -1 refused with msg. After the action, proc_approval_
 * used marks it done (audited with both names). */
int proc_approval_check(struct proc_ctx *, const char *action,
    const char *object, const char *params, const char *reason,
    int64_t *id, char *msg, size_t msglen);
int proc_approval_used(struct proc_ctx *, int64_t id, char *msg,
    size_t msglen);
/* The gate of an application (proc_app_run calls it): 0 when it may run
 * (no gate, approved, or already in progress); 1 when it waits for
 * approval, msg saying 承認待ち and the number (a request is made the
 * first time, as pc->actor); -1 on a store failure. */
int proc_approval_gate(struct proc_ctx *, const struct store_app *,
    char *msg, size_t msglen);

/* A clerk's role changed (clerk, supervisor, admin) for reason: done at
 * once (audited clerk.role) when approval.clerk_role is off, else a
 * request is made (*approval its number) and done when another
 * supervisor approves. 0 done, 1 waits, -1 with msg (Japanese). */
int proc_clerk_role_change(struct proc_ctx *, const char *login,
    const char *role, const char *reason, int64_t *approval, char *msg,
    size_t msglen);

/* ---- Backup and restore (proc_backup.c) ------------------------------ */

#define PROC_BACKUP_MANIFEST	"MANIFEST"
#define PROC_BACKUP_DIR		"backup"	/* STATE/backup/<time>/: the screen's */
#define PROC_BACKUP_PASS_MIN	8		/* characters of a key passphrase */

struct proc_backup_result {
	char	at[21];			/* when the snapshot was taken */
	char	dir[512];		/* absolute */
	int64_t	size;			/* bytes of its files */
	int	files;
	int	with_keys;
	int	audit_head;		/* the audit head was there and copied */
	/* The CA's directory is there but this process may not read it
	 * (the clerks' UI under privilege separation: only issuerd opens
	 * it), so the CA's database and files are not in this backup. */
	int	ca_unreadable;
};
/* Copy the state's databases (one consistent point, clerks working on),
 * the CA's certs and CRLs, the audit head and its public keys into
 * out_dir (made, mode 0700; refused when it holds anything), with the
 * private keys sealed under passphrase when it is not NULL (never in the
 * clear), then a MANIFEST; the backup recorded in the backups table with
 * its audit row (backup.create) by actor. 0, or -1 with msg (Japanese)
 * and nothing left in out_dir. */
int proc_backup_make(struct store *, const char *state_dir,
    const char *out_dir, const char *actor, const char *passphrase,
    struct proc_backup_result *res, char *msg, size_t msglen);
/* STATE/backup/YYYYMMDD-HHMMSS for a backup taken now; caller frees. */
char *proc_backup_default_dir(const char *state_dir);

/* What a backup's MANIFEST says. */
struct proc_manifest {
	char	created[21];
	char	source[512];
	int	schema;
	int	with_keys;
	int	audit_head;
	int	nfiles;
	int64_t	size;
};
/* Check a backup directory: its MANIFEST read, every file it names there
 * with that size and SHA-256, nothing else there. 0, or -1 with msg. */
int proc_backup_check(const char *dir, struct proc_manifest *,
    char *msg, size_t msglen);

struct proc_restore_result {
	struct proc_manifest	manifest;
	int	from_schema, to_schema;
	int	keys;			/* private keys restored */
	int	audit_head;
	long	clerks, applications, audit, persons;
	/* The audit trail of the new state (src/audit/PROTOCOL.md). */
	int	audit_verified;		/* intact against the backup's head */
	int	audit_signed;		/* a head over the whole trail now */
	int	audit_key_new;		/* the signer's key made by the restore */
	char	audit_keyid[17];	/* the key that signs now */
	char	audit_old_keyid[17];	/* the backup's head's, "" when none */
	int64_t	audit_count;		/* entries the new head signs */
	int64_t	audit_bad_id;		/* first bad entry, 0 when none */
	char	audit_why[512];		/* Japanese, when not verified */
	char	audit_unsigned[384];	/* why no head was signed (Japanese) */
};
/* Flags of proc_restore. */
#define PROC_RESTORE_ACCEPT_UNVERIFIED	0x01	/* a trail that does not verify */
/* A new state directory (absent or empty) made from a checked backup:
 * its files placed in the state's layout (ssh/, log/, run/, ca/, card/,
 * audit/), the sealed keys opened with passphrase (all of them first: a
 * wrong one makes nothing) and written 0600, the database migrated to
 * this program's schema, the restored audit trail verified against the
 * backup's signed head (refused when it does not verify, unless flags
 * has PROC_RESTORE_ACCEPT_UNVERIFIED), the restore audited there
 * (backup.restore) and a head signed over the whole trail with the
 * backup's audit key, or a new one when the backup has none (the old
 * public keys stay). The host key is not in a backup (the caller makes
 * one). 0, or -1 with msg and nothing left of the new state. */
int proc_restore(const char *dir, const char *new_state, const char *actor,
    const char *passphrase, int flags, struct proc_restore_result *res,
    char *msg, size_t msglen);

/* ---- Figures and the daily close (proc_close.c) ---------------------- */

/* What a group's code reads as (a day in 和暦, a window's display name
 * as set (proc_window_label; st may be NULL), 発行, 完了; a clerk's login
 * as it is), into buf; returns buf. */
const char *proc_stats_label(struct store *st, enum store_stats_by,
    const char *code, char *buf, size_t size);
/* The audit trail's signed head of the state (its count and hash), after
 * asking madoguchi-auditd to advance over every committed row (waited
 * for, 2 s at most): 0, 1 when there is none, -1 when it cannot be read. */
int proc_audit_head(const char *state_dir, char hash[65], long *count);
/* The daily close (日計表) of day (YYYY-MM-DD) at window (NULL or "":
 * every window) as printable text (the caller frees), *total the
 * applications counted; NULL on a store failure. */
char *proc_close_text(struct store *, const char *state_dir,
    const char *day, const char *window, long *total);
/* The same as a PDF (proc_close_pdf) printed as a print job of no person
 * to the window's printer, or saved as STATE/print/close-<day>-<window|
 * all>.pdf without one, and audited (close.print) by actor with the
 * count it printed (the renderer's total, proc_print_job). Where it went
 * (the saved PDF's path, or the printer and CUPS's job; caller frees), or
 * NULL with msg (Japanese). */
char *proc_close_print(struct store *, const char *state_dir,
    const char *day, const char *window, const char *actor, char *msg,
    size_t msglen);
/* ---- Maintenance (admins; proc_clerk.c, proc_maint.c) ------------------
 * Every change is written with its audit row in one transaction, actor
 * the admin's login; 0, or -1 with msg (Japanese) and nothing changed. */

/* LOGIN as the clerks table takes it (1-32 of a-z 0-9 _ . -). */
int proc_clerk_login_check(const char *login, char *msg, size_t msglen);
/* One OpenSSH public key line (ssh-keygen's .pub; a type we take, the
 * data decoding to that type, no control or bidi character): 0 with its
 * fingerprint into fp (may be NULL), or -1 with the reason in msg. */
int proc_key_line_check(const char *line, char *fp, size_t fpsize,
    char *msg, size_t msglen);
struct proc_clerk_new {
	const char	*login, *name, *role, *window;
	const char	*key_line;
};
/* A new clerk with one key (clerk.add): 0. A supervisor's or admin's
 * role under four eyes (approval.clerk_role) is asked for, the clerk made
 * a plain clerk meanwhile: 1, msg says the request's number. */
int proc_clerk_add(struct store *, const char *actor,
    const struct proc_clerk_new *, char *msg, size_t msglen);
/* One more key of the clerk (clerk.add_key). */
int proc_clerk_add_key(struct store *, const char *actor, const char *login,
    const char *key_line, char *msg, size_t msglen);
/* Remove key key_id of the clerk (clerk.remove_key); the last key of the
 * actor themself is refused (they would lock themself out). */
int proc_clerk_remove_key(struct store *, const char *actor,
    const char *login, int64_t key_id, char *msg, size_t msglen);
int proc_clerk_set_window(struct store *, const char *actor,
    const char *login, const char *window, char *msg, size_t msglen);
/* Disable (clerk.disable) or enable (clerk.enable); an admin cannot
 * disable themself. A disabled clerk's running sessions end within a few
 * seconds (the UI's clerk check) and new logins are refused. */
int proc_clerk_set_disabled(struct store *, const char *actor,
    const char *login, int disabled, char *msg, size_t msglen);

/* The readers of the card service of state_dir as it lists them (no
 * claim, no card access) into out, their number into *n; 0, or -1 with
 * msg when the service does not answer. */
struct card_reader_info;
int proc_readers(const char *state_dir, struct card_reader_info *out,
    size_t *n, char *msg, size_t msglen);
/* What a kind of the audit trail is called (Japanese), NULL if unknown. */
const char *proc_audit_kind_label(const char *kind);
/* Verify the audit trail against its signed head (audit_verify, as
 * `madoguchi audit verify`); the result said in msg (Japanese): 0 intact,
 * 1 tampered, -1 not checked (no head or key, database error). */
int proc_audit_check(struct store *, const char *state_dir, char *msg,
    size_t msglen);

/* Void an inquiry/reply letter (ref_no): its application, still waiting
 * for the reply, is cancelled for reason (proc_app_cancel), the letter
 * void with it; under approval.letter_void's approval when on. 0 done,
 * 1 waits for approval (msg says the number), -1. */
int proc_letter_void(struct proc_ctx *, const char *ref_no,
    const char *reason, char *msg, size_t msglen);

/* ---- The idle lock's unlock code (proc_unlock.c) ---------------------
 * The clerk's own code, 4-16 printable ASCII characters without blanks,
 * stored only as a salted scrypt hash; actor and object the clerk. */
#define PROC_UNLOCK_MIN	4
#define PROC_UNLOCK_MAX	16
/* 0 when code has the form of an unlock code; -1 with msg (Japanese). */
int proc_unlock_code_check(const char *code, char *msg, size_t msglen);
/* 1 when the clerk has set a code, 0 when not, -1 when unreadable. */
int proc_unlock_has(struct store *, const char *login);
/* Set (or replace) the clerk's code with its audit row
 * (session.unlock_set); 0, or -1 with msg. */
int proc_unlock_set(struct store *, const char *login, const char *code,
    char *msg, size_t msglen);
/* 1 when code is the clerk's, 0 when not, -1 when no code is set or the
 * store could not be read. */
int proc_unlock_verify(struct store *, const char *login, const char *code);
/* The session ended over tries wrong codes: session.unlock_failed. */
int proc_unlock_failed(struct store *, const char *login, int tries);
/* An admin (actor) removes a clerk's forgotten code
 * (session.unlock_reset); the clerk chooses a new one at their next lock.
 * A screen locked now stays locked (no code opens it). 0 with what was
 * done in msg, or -1 with msg. */
int proc_unlock_reset(struct store *, const char *actor, const char *login,
    char *msg, size_t msglen);

#endif
