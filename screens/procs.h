/*
 * The procedures of the counter, listed once (procs.c): what the menu
 * offers, how a procedure is found (the search and the person's record
 * carry it), which screen starts an application and which continues an
 * accepted one, the steps it executes and the forms it prints. A
 * procedure plugs in with a row here, its own screen file(s) and its
 * steps in src/proc (see src/proc/README.md).
 */
#ifndef MADOGUCHI_SCREENS_PROCS_H
#define MADOGUCHI_SCREENS_PROCS_H

#include <stddef.h>

#include "madoguchi/rules.h"
#include "madoguchi/ui.h"

struct app;
struct store_app;
struct store_person;

#define PROCEDURE_ANY_REGISTER	(-1)

struct procedure {
	const char		*code;		/* "revoke_resident" */
	enum rules_procedure	 proc;
	const char		*also;		/* the rules' code of another
						 * procedure the row takes, its
						 * form choosing (pin_change),
						 * or NULL */
	int			 reg;		/* enum rules_register, or
						 * PROCEDURE_ANY_REGISTER */
	char			 key;		/* on the menu */
	const char		*label;		/* 電子証明書の失効 (住民) */
	const char		*kana;		/* its reading, katakana: a list
						 * finds it by its first kana */
	const char		*article;	/* 第3条 R3 */
	const char		*form;		/* first screen; NULL: not built */
	const char		*steps;		/* what it executes (for help) */
	const char		*forms;		/* what it prints */
	/* A new application: fill what the procedure presets (certs
	 * preselected...); may be NULL. */
	void			(*init)(struct ui *, struct app *);
	/* What the procedure's own members say in the case (a revocation's
	 * chosen certs and how their serials were shown), folded in before
	 * each decision of an application not yet saved; may be NULL. */
	void			(*fold)(struct app *);
	/* The decision's line of what the application does, under the
	 * form: its label (失効) and text (署名用・利用者証明用); NULL:
	 * no such line. */
	void			(*describe)(const struct app *, const char **label,
				    char *buf, size_t size);
	/* An accepted or interrupted application: open the screen that
	 * continues it; -1 when it did not open. */
	int			(*resume)(struct ui *, struct app *);
};

extern const struct procedure procedure_table[];
extern const size_t procedure_table_len;

/* The procedure an application belongs to (its store codes), or NULL. */
const struct procedure *procedure_of(const char *procedure,
    const char *register_);
/* 1 when the procedure applies to a person of that register. */
int procedure_applies(const struct procedure *, const char *register_);
/* Start an application of procedure pr for person p: its first screen
 * opens. -1 (said in a message) when the procedure is not built. */
int procedure_start(struct ui *, const struct procedure *,
    const struct store_person *p);
/* The same, as the next procedure of the same visit after application
 * prev: the window and the person's documents checked for prev stay, and an
 * issuance after an overseas found card's revocation takes form 14
 * (R2-2.12). */
int procedure_start_after(struct ui *, const struct procedure *,
    const struct store_person *p, const struct app *prev);
struct proc_card_check;
/* The same, with the card read at the start of the visit (card_read.c)
 * as the application's card check; a card holding a user cert makes an
 * issuance a renewal (更新). card is copied. */
int procedure_start_card(struct ui *, const struct procedure *,
    const struct store_person *p, const struct proc_card_check *card);
/* Offer the procedures that apply to person p (a list; Enter starts
 * one, with card as procedure_start_card when not NULL); -1 when the
 * list did not open. */
int procedure_choose(struct ui *, const struct store_person *p,
    const struct proc_card_check *card);
/* The menu's items: every procedure, then the other entries. */
size_t procedure_menu_items(const struct screen_item **items);

#endif
