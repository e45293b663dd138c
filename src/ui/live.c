/*
 * Access for screens to the fields of the form on top, so a form's draw
 * function can show what the fields mean as the clerk types (the live
 * decision of an application) and a screen can fill its fields in.
 */
#include "ui_int.h"

struct ui_field *
ui_form_fields(struct ui *ui, size_t *n)
{
	struct ui_frame *fr = ui_top(ui);

	if (fr->scr->kind != SCREEN_FORM || fr->fields == NULL) {
		*n = 0;
		return NULL;
	}
	*n = fr->scr->nfields;
	return fr->fields;
}

void
ui_form_focus(struct ui *ui, size_t i)
{
	struct ui_frame *fr = ui_top(ui);

	if (fr->scr->kind == SCREEN_FORM && fr->fields != NULL &&
	    i < fr->scr->nfields) {
		fr->focus = (int)i;
		fr->advanced = 0;
	}
}
