/*
 * Every screen of the UI, once. A new procedure screen is a file
 * screens/<id>.c exporting `const struct screen screen_<id>` with .id the
 * id its menu item already names (see menu.c); add its declaration to
 * screens.h and its address here, and the menu entry opens it instead of
 * saying that it is not built yet.
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
	&screen_issue_filer,
	&screen_issue_docs,
	&screen_issue_card,
	&screen_issue_run,
	&screen_issue_run_nopin,
	&screen_issue_receipt,
	&screen_inquiry,
	&screen_inquiry_letter,
};
const size_t screen_table_len = nitems(screen_table);
