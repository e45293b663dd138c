/*
 * The application at the counter, whatever its procedure (procs.h): what
 * the application screens share. One struct app is the application being
 * taken; every screen of the procedure (its form pages, who files, the
 * document checklists, the card checks, the inquiry letter, the run of
 * its steps and the receipt) holds a reference to it and releases it as
 * its free_data, so whichever screen closes last frees it. What is one
 * procedure's own (issuance's PINs and card expiry, a revocation's
 * chosen certs and reason) is kept in its own members.
 */
#ifndef MADOGUCHI_SCREENS_APP_H
#define MADOGUCHI_SCREENS_APP_H

#include <stdint.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/ui.h"
#include "procs.h"

#define APP_DOC_ROWS		(RULES_LIST_A_ITEMS + RULES_LIST_B_ITEMS)
#define APP_PROGRESS_MAX	8

/* A document row of a checklist: not presented, or how it was. */
enum app_doc_state { APP_DOC_NONE, APP_DOC_VALID_PHOTO,
	APP_DOC_VALID, APP_DOC_EXPIRED, APP_DOC_STATES };

/* One of the person's current certs (valid or on hold), as a revocation
 * lists them to choose from (R3.8). */
#define APP_CERTS_MAX		8
#define APP_STEPS_MAX		16
struct app_cert {
	char	serial[48];
	char	kind[12];
	char	state[12];
	char	not_after[11];
	int64_t	card_id;
	int	chosen;
};

struct app {
	int			refs;
	const struct procedure	*pr;
	struct store_person	person;
	struct rules_case	c;		/* built by the screens */
	struct rules_decision	d;		/* rules_decide(c) */
	int			decided;	/* d is valid */
	char			err[300];	/* why the case is malformed */
	/* The checklists: [0] the person's documents, [1] the filer's. */
	unsigned char		docs[2][APP_DOC_ROWS];
	int			docs_filer;	/* which one the list edits */
	/* Card checks (R2.8, R2-2.7). */
	int			chk_done;
	struct proc_card_check	chk;
	int			face_compare;	/* 0 not done, 1 same, 2 differs */
	char			chk_msg[256];
	/* The saved application (0 until accepted or waiting_reply), the
	 * route its card check took, where its issuance stands. */
	int64_t			app_id;
	enum proc_card_route	route;
	struct proc_issue_state	state[2];
	int			nstate;
	int			done;
	char			progress[APP_PROGRESS_MAX][160];
	int			nprogress;
	char			result[512];
	char			*receipt;	/* text of the slip */
	/* Where the slip went (proc_print_say) and its print job, which
	 * F5 on the receipt prints again. */
	char			receipt_print[768];
	int64_t			print_job;
	int			print_failed;
	struct proc_ctx		pc;
	int			pc_open;
	/* Revocation (R3.8, R3-2.5) and a found card (R5): the person's
	 * current certs, which the clerk chose; how the serials were shown
	 * (0 the card, 1 a paper); why (0 失効申請, 1 秘密鍵の漏えい等の届出). */
	struct app_cert		certs[APP_CERTS_MAX];
	int			ncerts;
	int			identify;
	int			reason;
	/* PIN procedures (R4): the PINs the PIN screen asks for (RULES_CERT_*
	 * of whose PIN; those still pending on a resume). */
	unsigned		pins;
	int			pinpad;		/* a change typed on the
						 * reader's PIN pad */
	/* A correction request (R6.1): what is to be corrected. */
	char			request_text[4 * STORE_REQUEST_TEXT_MAX + 1];
	/* The steps of the accepted application (app_steps, read when
	 * it comes on top). */
	struct proc_step_view	steps[APP_STEPS_MAX];
	int			nsteps;
	/* The windows switched off in the settings (window.<name>.enabled)
	 * when the application was begun, by enum rules_window: the form
	 * says so at once; proc refuses them again when it saves. */
	unsigned char		window_off[RULES_WIN_COUNT];
};

/* A new application of procedure pr for person p (register, birth date,
 * today, the person's current certs), preset by pr->init, its case
 * decided once. */
struct app *app_new(struct ui *, const struct store_person *p,
    const struct procedure *pr);
/* The person's current certs into a->certs (none chosen). */
void app_load_certs(struct ui *, struct app *);
/* An application saved earlier (accepted, in_progress, waiting_reply):
 * case and decision as saved. NULL with a message shown if unreadable. */
struct app *app_load(struct ui *, int64_t app_id);
/* Open screen id with a (one more reference); -1 if it did not open. */
int app_open(struct ui *, const char *screen_id, struct app *);
/* free_data of every issuance screen. */
void app_unref(void *);
/* The procedure context (issuer, cardd) opened once; NULL with a message
 * when the state dir is not known. */
struct proc_ctx *app_ctx(struct ui *, struct app *);
/* The card checks' results into the case (R2.8 / R2-2.7). */
void app_fold_card(struct app *);
/* Decide the case again (documents and card checks folded in). */
void app_decide(struct app *);
/* An application form's .show (back from the shared pages, one not yet
 * saved is decided with what they found) and .draw (the person and the
 * procedure on the row under the title, the decision under the
 * fields). */
void app_form_show_cb(struct ui *);
void app_form_draw_cb(struct ui *, int top, int bottom);
/* The decision, lines from row top to bottom-1. */
void app_draw_decision(struct ui *, const struct app *, int top,
    int bottom);
/* A malformed case's error (the rules' field path) said in Japanese. */
const char *app_malformed(const char *err);
/* The clerk id of the session, 0 if unknown. */
int64_t app_clerk_id(struct ui *);
/* Japanese of who sets the PIN, of a set of certs. */
const char *app_pin_label(enum rules_pin_setter);
void app_certs_label(unsigned certs, char *buf, size_t size);
/* The PIN formats, checked before a PIN reaches the card: the user
 * PIN 4 digits; the signature PIN 6-16 of A-Z and 0-9 with a letter and
 * a digit. */
int app_user_pin_ok(const char *);
int app_sign_pin_ok(const char *);

/* Choices of the shared form fields, NULL-terminated, in the order of
 * the rules enums they stand for; a CHOICE field's index, or def when
 * none is chosen. */
extern const char *const app_vias[];
/* Who files (本人 / 法定代理人 / 任意代理人): the rules core's labels by
 * enum rules_filer, the same the printed forms show, not a copy. A
 * macro, for the screens' const field tables to name it as before. */
#define app_filers rules_filer_label_table
extern const char *const app_reps[];
extern const char *const app_auth[];
extern const char *const app_noyes[];
extern const char *const app_absent[];
int app_choice(const struct ui_field *, int def);
/* Keys every application form has: back (F9/Esc), the person's
 * documents (F2), who files (F3), the card check (F4), the letter (F6). */
void app_back_cb(struct ui *);
void app_docs_cb(struct ui *);
void app_filer_cb(struct ui *);
void app_card_cb(struct ui *);
void app_letter_cb(struct ui *);
/* 1 when the rules reject only for want of the inquiry reply (the
 * letter path: R2.4 (2), R2.12 (3), R3.7). */
int app_needs_letter(const struct app *);
/* The certs the clerk chose (a revocation's targets) and the reason;
 * the number chosen. Borrows a's serials. */
int app_targets(const struct app *, struct proc_targets *);
/* Accept: refused with the rules' reasons while they reject; else saved
 * (proc_app_save with the card check and the targets), a->app_id set.
 * 0, or -1 after saying why. */
int app_accept(struct ui *, struct app *);

/* The record's F7: resume the person's application in progress (any
 * procedure), through its procedure's resume. */
void app_resume_cb(struct ui *);
/* The application F7 resumes for the person (in_progress before
 * accepted before waiting_reply, newest within each), 0 when none; its
 * state into state (size bytes) when state is not NULL. */
int64_t app_resume_find(struct store *, int64_t person_id, char *state,
    size_t size);
/* Load application app_id and open what continues it; -1 if not. */
int app_resume(struct ui *, int64_t app_id);
/* The slip of the finished application printed and shown (app_receipt);
 * F9 of the steps screens: back to the person's record. */
void app_show_receipt(struct ui *, struct app *);
void app_to_record_cb(struct ui *);
/* Issuance: open the issuing screen that fits the decision's PIN setter
 * (issue_run.c; the issuance row's resume). */
int issue_open_run(struct ui *, struct app *);
/* Revocation and found cards (revoke.c): the row's init and resume. */
void revoke_init(struct ui *, struct app *);
void revoke_fold(struct app *);
void revoke_describe(const struct app *, const char **, char *, size_t);
int revoke_resume(struct ui *, struct app *);
void issue_describe(const struct app *, const char **, char *, size_t);
/* PIN change and reset, the face-auth switch (pin.c): the rows' hooks. */
void pin_init(struct ui *, struct app *);
void pin_describe(const struct app *, const char **, char *, size_t);
int pin_resume(struct ui *, struct app *);
/* Disclosure and correction requests (disclose.c): the rows' hooks. */
void disclose_init(struct ui *, struct app *);
void disclose_describe(const struct app *, const char **, char *, size_t);
int disclose_resume(struct ui *, struct app *);

#endif
