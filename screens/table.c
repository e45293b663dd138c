/*
 * Every screen of the UI, once. The main menu (menu.c) already names the
 * id of each procedure's screen ("issue_resident", "issue_overseas",
 * "revoke_resident", "revoke_overseas", "pin_resident", "pin_overseas",
 * "face_auth", "card_found", "disclosure_resident", "disclosure_overseas",
 * "inquiry"; maintenance: "clerk_edit", "settings", "audit", "readers",
 * "retention", "backup", "stats"); while no screen of that id is listed
 * here, choosing the entry says that it is not built yet. `madoguchi ui`
 * (src/cli/cmd_ui.c) runs this table.
 *
 * A procedure plugs in with one file screens/<id>.c exporting
 *	const struct screen screen_<id> = { .id = "<id>", .title = ...,
 *	    .help = ..., .kind = SCREEN_FORM, .fields = <const table>,
 *	    .keys = <const table>, .submit = <fn>, ... };
 * its declaration in screens.h and its address below. Further steps are
 * screens too, opened with ui_open_with(ui, "<next id>", data).
 */
#include "madoguchi/util.h"
#include "screens.h"

const struct screen *const screen_table[] = {
	&screen_menu,
	&screen_maint,
	&screen_search,
	&screen_search_results,
	&screen_person,
	&screen_clerks,
	&screen_issue_resident,
	&screen_issue_overseas,
	&screen_issue_form,
	&screen_app_filer,
	&screen_app_docs,
	&screen_app_card,
	&screen_issue_run,
	&screen_issue_run_nopin,
	&screen_issue_run_user,
	&screen_issue_run_sign,
	&screen_app_receipt,
	&screen_inquiry,
	&screen_inquiry_letter,
	&screen_app_cancel,
};
const size_t screen_table_len = nitems(screen_table);
