/*
 * Every screen of the UI, once. The main menu (menu.c) is made from the
 * procedure table (procs.c): a procedure's entry opens its search
 * ("proc_search") and the person's record starts its first screen; a
 * procedure whose row names no screen says that it is not built yet, as
 * does a menu item whose screen id is not listed here. `madoguchi ui`
 * (src/cli/cmd_ui.c) runs this table.
 *
 * A procedure plugs in with a row of procs.c, its own screen file(s)
 * screens/<id>.c each exporting
 *	const struct screen screen_<id> = { .id = "<id>", .title = ...,
 *	    .help = ..., .kind = SCREEN_FORM, .fields = <const table>,
 *	    .keys = <const table>, .submit = <fn>, ... };
 * their declarations in screens.h and their addresses below; the shared
 * pages (app_filer, app_docs, app_card, the letter, app_steps,
 * app_receipt) take its struct app (app.h). See src/proc/README.md.
 */
#include "madoguchi/util.h"
#include "screens.h"

const struct screen *const screen_table[] = {
	&screen_menu,
	&screen_maint,
	&screen_search,
	&screen_search_results,
	&screen_person,
	&screen_card_read,
	&screen_card_found,
	&screen_clerks,
	&screen_retention,
	&screen_proc_search,
	&screen_proc_choose,
	&screen_issue_form,
	&screen_revoke_form,
	&screen_revoke_certs,
	&screen_app_steps,
	&screen_hold_form,
	&screen_app_filer,
	&screen_app_docs,
	&screen_app_card,
	&screen_issue_run,
	&screen_issue_run_nopin,
	&screen_issue_run_user,
	&screen_issue_run_sign,
	&screen_app_receipt,
	&screen_app_receipt_revoked,
	&screen_inquiry,
	&screen_inquiry_letter,
	&screen_mailing,
	&screen_mailing_post,
	&screen_app_cancel,
	&screen_pin_form,
	&screen_pin_reset,
	&screen_pin_reset_user,
	&screen_pin_reset_sign,
	&screen_pin_change,
	&screen_pin_change_user,
	&screen_pin_change_sign,
	&screen_pin_change_staff,
	&screen_pin_change_staff_user,
	&screen_pin_change_staff_sign,
	&screen_pin_change_pad,
	&screen_face_form,
	&screen_face_run,
	&screen_pin_mark,
	&screen_disclose_form,
	&screen_backup,
	&screen_stats,
	&screen_stats_table,
	&screen_settings,
	&screen_setting_edit,
	&screen_clerk_edit,
	&screen_clerk_add,
	&screen_clerk_key,
	&screen_clerk_change,
	&screen_audit,
	&screen_audit_list,
	&screen_audit_entry,
	&screen_readers,
	&screen_approvals,
	&screen_approval_refuse,
	&screen_print_jobs,
};
const size_t screen_table_len = nitems(screen_table);
