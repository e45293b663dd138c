/*
 * Issuance at the counter (Article 2 residents, Article 2-2 overseas
 * persons): what the application screens share. One struct app is
 * the application being taken; every screen of the procedure (the form
 * pages, the document checklists, the card checks, the issuing and the
 * receipt) holds a reference to it and releases it as its free_data, so
 * whichever screen closes last frees it.
 */
#ifndef MADOGUCHI_SCREENS_APP_H
#define MADOGUCHI_SCREENS_APP_H

#include <stdint.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/ui.h"

#define APP_DOC_ROWS		(RULES_LIST_A_ITEMS + RULES_LIST_B_ITEMS)
#define APP_PROGRESS_MAX	8

/* A document row of a checklist: not presented, or how it was. */
enum app_doc_state { APP_DOC_NONE, APP_DOC_VALID_PHOTO,
	APP_DOC_VALID, APP_DOC_EXPIRED, APP_DOC_STATES };

struct app {
	int			refs;
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
	char			receipt_path[512];
	struct proc_ctx		pc;
	int			pc_open;
};

/* A new application for person p (register, birth date, today), its
 * case decided once. */
struct app *app_new(struct ui *, const struct store_person *p);
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

/* Person screen keys: start an application, resume one. */
void issue_start_cb(struct ui *);
void issue_resume_cb(struct ui *);
/* The issuance application F7 resumes for the person (in_progress before
 * accepted before waiting_reply, newest within each), 0 when none; its
 * state into state (size bytes) when state is not NULL. */
int64_t issue_resume_find(struct store *, int64_t person_id, char *state,
    size_t size);
/* Open the issuing screen that fits the decision's PIN setter. */
int issue_open_run(struct ui *, struct app *);

#endif
