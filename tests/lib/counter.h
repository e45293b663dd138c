/*
 * A clerk at the counter, for the end-to-end tests of the procedures
 * (tests/issuance, tests/revocation): one madoguchi-sshd (tests/server's
 * harness) with the emulated card behind pcscd and cardd in its state dir
 * (contrib/card-stack.sh, one card profile per person), the clerk's
 * screens read through libvterm, and what the database and the card say
 * afterwards. A program links tests/lib/counter.c with the harness.
 */
#ifndef MADOGUCHI_TEST_COUNTER_H
#define MADOGUCHI_TEST_COUNTER_H

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

/* A suite's init: the server started (ctr_hs() gives it) with the demo
 * card (窓口 花子) in the reader; 0, or 1 (CUnit's failure). Its cleanup
 * stops the card stack and the server. */
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
int ctr_use_demo_card(void);
/* Take the card out of the reader (cardd stays up); the next
 * ctr_use_card puts one in again. 0, or -1. */
int ctr_pull_card(void);
/* Put the card ctr_pull_card took out back in, as it was. 0, or -1. */
int ctr_put_card_back(void);
/* Wait until the reader is empty ("absent") or has a card ("present");
 * the exit status of `madoguchi card status --wait`. */
int ctr_card_wait(const char *what);

/* 1 when text shows within ms; else the screen is dumped and 0. */
int ctr_wait_text(struct vt *, const char *text, int ms);
/* Press key, then wait for text: the test ends if it does not show. */
void ctr_press(struct vt *, enum vt_key, const char *text);
/* Type the texts into the fields from the cursor on, Tab between them
 * (NULL ends the list). */
void ctr_fill(struct vt *, ...) __attribute__((sentinel));
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
/* Mark documents on the checklist (F2): rows are list A 0..28, then list
 * B 29..54; each Enter moves the row to its next state ([有効] first).
 * F9 goes back to the page showing back_to. */
void ctr_documents(struct vt *, const int *rows, size_t n,
    const char *back_to);
/* The card checks (F4) with the PINs the applicant types (R2.8), the chip
 * found to be the registry's person; F9 goes back to the page showing
 * back_to. */
void ctr_card_check(struct vt *, const char *support, const char *user,
    const char *back_to);
/* The reference number in "整理番号 XXXX の照会書兼回答書" on screen ("" if
 * none). */
void ctr_screen_ref(struct vt *, char *ref, size_t size);

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
