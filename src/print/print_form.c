/*
 * Forms as data: a template's items drawn in order through the layout
 * module, each value looked up by its field name. The table of forms is
 * what `madoguchi print specimen` writes.
 */
#include <string.h>

#include "madoguchi/print.h"

const struct print_form *const print_form_table[] = {
	&print_form_receipt,
};
const size_t print_form_count =
    sizeof(print_form_table) / sizeof(print_form_table[0]);

/* The value of a field; NULL when the caller gave none. */
static const char *
field_value(const struct print_field *f, size_t n, const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return f[i].value;
	return NULL;
}

int
print_form_write(const struct print_form *form, const struct print_field *f,
    size_t nf, int specimen, const char *path)
{
	struct print_doc *d = print_doc_open(path);
	const struct print_item *it;
	const char *v;
	size_t i;

	if (d == NULL)
		return -1;
	if (specimen)
		print_specimen_mark(d);
	for (i = 0; i < form->nitems; i++) {
		it = &form->items[i];
		v = field_value(f, nf, it->field);
		/* A heading or table whose field is absent is left out. */
		if (v == NULL && it->field != NULL &&
		    (it->kind == PRINT_ITEM_HEADING || it->kind ==
		    PRINT_ITEM_TABLE))
			continue;
		if (v == NULL)
			v = it->field == NULL && it->text != NULL ? it->text : "";
		switch (it->kind) {
		case PRINT_ITEM_TITLE:
			print_title(d, it->text);
			break;
		case PRINT_ITEM_RIGHT:
			print_need(d, 8);
			print_set_y(d, print_y(d) + print_text(d, PRINT_MARGIN_MM,
			    print_y(d), PRINT_A4_W_MM - 2 * PRINT_MARGIN_MM,
			    PRINT_MINCHO, 10.5, PRINT_RIGHT, v) + 2);
			break;
		case PRINT_ITEM_HEADING:
			print_heading(d, it->text);
			break;
		case PRINT_ITEM_ROW:
			print_row(d, it->text, v);
			break;
		case PRINT_ITEM_TABLE:
			print_table(d, it->text, *v != '\0' ? v : "(なし)");
			break;
		case PRINT_ITEM_PARA:
			if (*v != '\0')
				print_para(d, v);
			break;
		case PRINT_ITEM_GAP:
			print_gap(d, it->mm);
			break;
		case PRINT_ITEM_PAGE:
			print_page_break(d);
			break;
		}
	}
	return print_doc_close(d);
}
