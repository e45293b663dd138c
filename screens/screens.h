/*
 * The screens of the counter UI, one per file in screens/, each exporting
 * one const struct screen. screens/table.c lists them once (the table of
 * include/madoguchi/screens.h, given to ui_run, which finds them by id).
 */
#ifndef MADOGUCHI_SCREENS_H
#define MADOGUCHI_SCREENS_H

#include "madoguchi/screens.h"
#include "madoguchi/ui.h"

extern const struct screen screen_menu;
extern const struct screen screen_maint;
extern const struct screen screen_search;
extern const struct screen screen_search_results;
extern const struct screen screen_person;
extern const struct screen screen_clerks;
extern const struct screen screen_retention;
extern const struct screen screen_proc_search;
extern const struct screen screen_proc_choose;
extern const struct screen screen_issue_form;
extern const struct screen screen_revoke_form;
extern const struct screen screen_revoke_certs;
extern const struct screen screen_app_steps;
extern const struct screen screen_hold_form;
extern const struct screen screen_app_filer;
extern const struct screen screen_app_docs;
extern const struct screen screen_app_card;
extern const struct screen screen_issue_run;
extern const struct screen screen_issue_run_nopin;
extern const struct screen screen_issue_run_user;
extern const struct screen screen_issue_run_sign;
extern const struct screen screen_app_receipt;
extern const struct screen screen_app_receipt_revoked;
extern const struct screen screen_inquiry;
extern const struct screen screen_inquiry_letter;
extern const struct screen screen_mailing;
extern const struct screen screen_mailing_post;
extern const struct screen screen_app_cancel;
extern const struct screen screen_pin_form;
extern const struct screen screen_pin_reset;
extern const struct screen screen_pin_reset_user;
extern const struct screen screen_pin_reset_sign;
extern const struct screen screen_pin_change;
extern const struct screen screen_pin_change_user;
extern const struct screen screen_pin_change_sign;
extern const struct screen screen_pin_change_staff;
extern const struct screen screen_pin_change_staff_user;
extern const struct screen screen_pin_change_staff_sign;
extern const struct screen screen_pin_change_pad;
extern const struct screen screen_face_form;
extern const struct screen screen_face_run;
extern const struct screen screen_pin_mark;
extern const struct screen screen_disclose_form;
extern const struct screen screen_backup;
extern const struct screen screen_stats;
extern const struct screen screen_stats_table;
extern const struct screen screen_settings;
extern const struct screen screen_setting_edit;
extern const struct screen screen_clerk_edit;
extern const struct screen screen_clerk_add;
extern const struct screen screen_clerk_key;
extern const struct screen screen_clerk_change;
extern const struct screen screen_audit;
extern const struct screen screen_audit_list;
extern const struct screen screen_audit_entry;
extern const struct screen screen_readers;
extern const struct screen screen_approvals;
extern const struct screen screen_print_jobs;
extern const struct screen screen_approval_refuse;
extern const struct screen screen_card_read;
extern const struct screen screen_card_found;

/* The person search form (search.c), shared by the plain search and
 * the search of a procedure (proc_search, procs.c). */
/* The search form's fields, in order. */
enum { SEARCH_F_NAME, SEARCH_F_KANA, SEARCH_F_BIRTH, SEARCH_F_ADDRESS,
	SEARCH_F_REGISTER, SEARCH_F_APP, SEARCH_F_LETTER, SEARCH_NFIELDS };
#define SEARCH_NKEYS	3
extern const struct ui_field_spec search_fields[SEARCH_NFIELDS];
extern const struct screen_key search_keys[SEARCH_NKEYS];
int search_submit_cb(struct ui *, struct ui_field *, size_t);

/* Open the person's record (person.c) for a copy of p, offering
 * procedure pr (procs.h; NULL: the ones that apply); 0, or -1 when the
 * screen did not open. */
struct procedure;
struct store_person;
int person_open(struct ui *, const struct store_person *p,
    const struct procedure *pr);
/* The person's record in place of the screen on top (ui_replace_with). */
int person_replace(struct ui *, const struct store_person *p,
    const struct procedure *pr);
/* The same, opened from a read of the card in the reader (card_read.c):
 * the record keeps a copy of what the read proved (card, route), for a
 * procedure started from it to reuse as its card check. */
struct proc_card_check;
int person_open_card(struct ui *, const struct store_person *p,
    const struct procedure *pr, const struct proc_card_check *card);
/* Open the inquiry letter of that reference number (letters.c: with or
 * without its hyphen); 0, or -1 after telling the clerk why not. */
int letter_open(struct ui *, const char *ref);
/* Record a phone call that put the person's certs on hold (hold.c). */
int hold_start(struct ui *, const struct store_person *p);
/* Ask whether to cancel the application (line: as the record shows it)
 * and open the form for the reason (app_cancel.c); -1 when the clerk said
 * no or the form did not open. */
int app_cancel_start(struct ui *, int64_t person_id, int64_t app_id,
    const char *state, const char *line);
/* The same for an inquiry/reply letter (ref) voided with its application
 * waiting for the reply (proc_letter_void). */
int app_void_start(struct ui *, int64_t person_id, int64_t app_id,
    const char *ref, const char *line);

/* Open the clerk_edit screen for the clerk of login (clerk_edit.c); 0,
 * or -1 when it did not open. */
int clerk_edit_open(struct ui *, const char *login);

#endif
