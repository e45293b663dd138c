/*
 * A clerk at the counter, for the end-to-end tests of the procedures
 * (tests/issuance, tests/revocation, tests/pin): one madoguchi-sshd
 * (tests/server's harness) with the emulated card behind pcscd and cardd
 * in its state dir (contrib/card-stack.sh, one card profile per person),
 * the clerk's screens read through libvterm, and what the database, the
 * card and the CA say afterwards. A program links tests/lib/counter.c
 * with the harness.
 */
#ifndef MADOGUCHI_TEST_COUNTER_H
#define MADOGUCHI_TEST_COUNTER_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "madoguchi/card.h"
#include "vt.h"

#define CTR_WAIT_MS	10000
#define CTR_ROWS	30
#define CTR_COLS	100

struct hs;
struct store;
struct store_app;
struct store_card;
struct store_person;

/* A person of the demo registry and the card made for them (its chip
 * has the registry's four items, the address abroad for an overseas
 * person). */
struct ctr_who {
	const char	*kana;		/* typed into the search */
	const char	*card_no;
	const char	*card_expiry;	/* a birthday within ten years */
	const char	*abroad;	/* the chip's address; NULL: resident */
};

/* A cert of the person as the counter's database records it. */
struct ctr_cert {
	const char	*kind;		/* "signature" or "user" */
	char		 serial[48];
	char		 state[12];
	char		 reason[32];
};

/* A suite's init: the server started (ctr_hs() gives it) with the demo
 * card (窓口 花子) in the reader; 0, or 1 (CUnit's failure). Its cleanup
 * stops the card stack and the server. */
/* The same with "key=value" settings (NULL-ended); _direct: four eyes
 * off for cancels and letter voids (suites about the procedures; tests/
 * approve is about the approvals). */
int ctr_suite_init_with(const char *const settings[]);
int ctr_suite_init_direct(void);
int ctr_suite_init(void);
int ctr_suite_clean(void);
struct hs *ctr_hs(void);
/* Its state dir, and the temp dir holding it (for a test's own files). */
const char *ctr_state(void);
const char *ctr_dir(void);

/* contrib/card-stack.sh with these arguments (its output appended to the
 * harness dir's stack.out); the script's exit status. */
int ctr_stack(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Put the card of this person in the reader (a profile of its own, made
 * once and kept as its state); the demo card when name is NULL. Nothing
 * is done when that card is in already. 0, or -1. */
int ctr_use_card(const char *card_no, const char *name, const char *address,
    const char *birth, int sex);
/* The same, the reader given the emulated PIN pad when pinpad is
 * nonzero (the profile's "pinpad": true; name NULL: the demo card with
 * it). The same card with and without the pad are two cards here: a
 * change restarts the stack with a fresh card state. */
int ctr_use_card_pad(const char *card_no, const char *name,
    const char *address, const char *birth, int sex, int pinpad);
int ctr_use_demo_card(void);
/* What the holder will press on the emulated PIN pad of the reader
 * (ctr_use_card_pad), one string per entry, each ending with OK, queued
 * in order; a PIN cardd is asked for as "" is then taken from them. 0,
 * or -1 when the card's profile has no pad or the emulator is down. */
int ctr_pad_keys(const char *const entries[], size_t n);
/* Take the card out of the reader (cardd stays up); the next
 * ctr_use_card puts one in again. 0, or -1. */
int ctr_pull_card(void);
/* Put the card ctr_pull_card took out back in, as it was. 0, or -1. */
int ctr_put_card_back(void);
/* Wait until the reader is empty ("absent") or has a card ("present");
 * the exit status of `madoguchi card status --wait`. */
int ctr_card_wait(const char *what);

/* w's card in the reader (ctr_use_card with the registry's items). */
int ctr_use_card_of(const struct ctr_who *);
/* The same on a reader with the emulated PIN pad when pinpad is nonzero. */
int ctr_use_card_of_pad(const struct ctr_who *, int pinpad);
/* The PIN's check through the card service (cardd), as any client asks
 * it of the card in the reader: 0 when the card takes pin, else the
 * card_err code (CARD_E_PIN_WRONG, CARD_E_PIN_BLOCKED, ...); *tries_left
 * (may be NULL) what the card says is left after it. */
int ctr_card_verify(enum card_pin, const char *pin, int *tries_left);
/* The tries the card has left for the PIN, without using one; -1 when
 * the card service does not say. */
int ctr_card_tries(enum card_pin);

/* 1 when text shows within ms; else the screen is dumped and 0. */
int ctr_wait_text(struct vt *, const char *text, int ms);
/* Press key, then wait for text: the test ends if it does not show. */
void ctr_press(struct vt *, enum vt_key, const char *text);
/* Type the texts into the fields from the cursor on, Tab between them
 * (NULL ends the list). */
void ctr_fill(struct vt *, ...) __attribute__((sentinel));
void ctr_vfill(struct vt *, va_list);
/* Press key: the question shows, the clerk answers y, then next shows
 * within ms (the test ends otherwise). */
void ctr_answer_yes(struct vt *, enum vt_key, const char *question,
    const char *next, int ms);
/* The demo clerk logged in through `ssh -tt`, the menu on screen (a
 * failed CUnit assertion ends the test otherwise). */
struct vt *ctr_login_size(int rows, int cols);
struct vt *ctr_login(void);
/* Log out; the UI ends cleanly (under ASan: no leak report either). Frees
 * v. */
void ctr_logout(struct vt *);
/* From the menu key (a procedure of procedure_table) to the person's
 * record, found by the kana typed. */
void ctr_find_person(struct vt *, const char *menu_key, const char *kana);
/* The same, the search's 区分 set to 国外転出者 (for a procedure of any
 * register, whose search starts on residents). */
void ctr_find_overseas(struct vt *, const char *menu_key, const char *kana);
/* Choose a CHOICE field of the form on screen by its number. *focus is
 * the field with the cursor (0 when a page opens), n the fields. */
void ctr_choose(struct vt *, int *focus, int n, int field, const char *digit);
/* Move the cursor of the form on screen down to the field labelled
 * label (at most n presses, the form's fields); 1 when it is there. */
int ctr_focus_label(struct vt *, const char *label, int n);
/* Mark documents on the checklist (F2): rows are list A 0..28, then list
 * B 29..54; each Enter moves the row to its next state ([有効] first).
 * F9 goes back to the page showing back_to. */
void ctr_documents(struct vt *, const int *rows, size_t n,
    const char *back_to);
/* F3, the agent's page: the power of attorney (委任状 あり) and the
 * agent's driving licence; F9 back to the form showing back_to. */
void ctr_agent_page(struct vt *, const char *back_to);
/* F8 where it cancels an application (the person's record, a letter):
 * asked first, then the reason typed (the audit keeps it) and F5; the
 * message showing done is closed with Enter. */
void ctr_cancel_app(struct vt *, const char *reason, const char *done);
/* The card checks (F4) with the PINs the applicant types (R2.8), the chip
 * found to be the registry's person; F9 goes back to the page showing
 * back_to. */
void ctr_card_check(struct vt *, const char *support, const char *user,
    const char *back_to);
/* The card checks (F4) without the user PIN (a face-auth card's is
 * locked, R4-3.7; so is one wrong too often): the printed face compared
 * and found the same (券面と顔写真の照合: 一致), the chip read with the
 * input-support PIN the applicant types, or when support is NULL with
 * PIN B the clerk types off the card's face; F9 goes back to the page
 * showing back_to. */
void ctr_card_check_face(struct vt *, const char *support, const char *pin_b,
    const char *back_to);
/* The reference number in "整理番号 XXXX の照会書兼回答書" on screen ("" if
 * none). */
void ctr_screen_ref(struct vt *, char *ref, size_t size);

/* w as the registry has them (a failed assertion ends the test
 * otherwise). */
void ctr_person_of(const struct ctr_who *, struct store_person *);
/* w's card in the reader, and the certs (RULES_CERT_*) issued onto it
 * through the proc API with the card's own PINs (user 1234, signature
 * ABC123): list A, the card checked; a child's parent files (R2.3), an
 * overseas person's passport at an embassy. */
void ctr_issue_certs(const struct ctr_who *, unsigned certs);
/* w's newest cert of kind as the database records it (zeroed but for
 * the kind if none). */
void ctr_cert_of(const struct ctr_who *, const char *kind,
    struct ctr_cert *);
/* The card numbered card_no as the counter records it; 0, or -1. */
int ctr_card_record(const char *card_no, struct store_card *out);
/* The CA's cert of serial written as PEM in the harness dir (its path
 * into pem); its state and reason at the CA (enum issuer_state and
 * issuer_reason). 0, or -1. */
int ctr_ca_cert(const char *serial, int *state, int *reason, char *pem,
    size_t size);
/* The CRL of kind ("signature", "user") as `madoguchi ca crl` publishes
 * it, saved as crl (a path in the harness dir), and `openssl verify
 * -crl_check` of the PEM cert against it: the exit status, openssl's
 * words into *out (the caller frees). */
int ctr_crl_verify(const char *pem, const char *kind, char *crl,
    size_t size, char **out);

/* The id of the first person found by kana, 0 if none. */
int64_t ctr_find_id(struct store *, const char *kana);
/* The newest application of the person (zeroed if none). */
void ctr_last_app(const char *kana, struct store_app *out);
/* The serial on the card in slot, read through cardd ("" if none). */
void ctr_card_serial(enum card_cert_slot slot, const char *sign_pin,
    char *out, size_t size);
/* 1 when two serials as the CA, the card or a screen write them are the
 * same number. */
int ctr_same_serial(const char *a, const char *b);

#endif
