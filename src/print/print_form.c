/*
 * Forms as data: a template's items drawn in order through the layout
 * module, each value looked up by its field name. The table of forms is
 * what `madoguchi print specimen` writes.
 */
#include <stdlib.h>
#include <string.h>

#include "madoguchi/print.h"
#include "madoguchi/util.h"

const struct print_form *const print_form_table[] = {
	&print_form_receipt,
	&print_form_letter_2,
	&print_form_letter_4,
	&print_form_letter_9,
	&print_form_letter_card_20,
	&print_form_letter_card_23,
	&print_form_mail_list,
	&print_form_mail_cover,
	&print_form_close,
	&print_form_app_1, &print_form_app_3, &print_form_app_7,
	&print_form_app_8, &print_form_app_10, &print_form_app_11,
	&print_form_app_12, &print_form_app_13,
	&print_form_app_card_3, &print_form_app_card_4, &print_form_app_card_5,
	&print_form_app_card_8, &print_form_app_card_10,
	&print_form_app_card_13, &print_form_app_card_14,
	&print_form_app_card_16, &print_form_app_card_17,
	&print_form_app_card_18, &print_form_app_card_19,
	&print_form_app_notice_4, &print_form_app_notice_6,
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

/* The letters' items: the window, the side column, the cursor set, the
 * corner, the blank row. */
static void
form_letter_item(struct print_doc *d, const struct print_item *it,
    const char *v, const struct print_field *f, size_t nf)
{
	const char *nofw;
	char *s;

	switch (it->kind) {
	case PRINT_ITEM_ADDRESS:
		nofw = field_value(f, nf, "no_forward");
		print_address(d, field_value(f, nf, "postcode"),
		    field_value(f, nf, "address"), field_value(f, nf, "name"),
		    nofw != NULL && *nofw != '\0' && strcmp(nofw, "0") != 0);
		break;
	case PRINT_ITEM_SIDE:
		/* A field with a text is labelled by it: 整理番号 1234. */
		if (it->field != NULL && it->text != NULL) {
			s = xasprintf("%s %s", it->text, v);
			print_set_y(d, print_y(d) + print_side(d, print_y(d), s));
			free(s);
		} else
			print_set_y(d, print_y(d) + print_side(d, print_y(d), v));
		break;
	case PRINT_ITEM_AT:
		print_set_y(d, it->mm);
		break;
	case PRINT_ITEM_CORNER:
		print_text(d, PRINT_MARGIN_MM, 7, 80, PRINT_MINCHO, 9,
		    PRINT_LEFT, v);
		break;
	case PRINT_ITEM_BLANK:
		print_blank_row(d, it->text, it->mm);
		break;
	default:
		fatalx("%s: item kind %d", __func__, (int)it->kind);
	}
}

const char *
print_form_title(const struct print_form *form)
{
	return form->title != NULL ? form->title : rules_form_title(form->form);
}

const struct print_form *
print_form_find(const char *form_name)
{
	const char *name;
	size_t i;

	for (i = 0; form_name != NULL && i < print_form_count; i++) {
		name = rules_form_name(print_form_table[i]->form);
		if (name != NULL && strcmp(name, form_name) == 0)
			return print_form_table[i];
	}
	return NULL;
}

/* An item whose text and field each hold two parts ("a\tb"): a row of two
 * pairs, or the signature's statement and label. */
static void
item_pair(struct print_doc *d, const struct print_item *it,
    const struct print_field *f, size_t nf)
{
	char *text = xstrdup(it->text), *t2, *field = NULL, *f2 = NULL;
	const char *v1 = NULL, *v2 = NULL;

	if ((t2 = strchr(text, '\t')) != NULL)
		*t2++ = '\0';
	if (it->field != NULL) {
		field = xstrdup(it->field);
		if ((f2 = strchr(field, '\t')) != NULL)
			*f2++ = '\0';
		v1 = field_value(f, nf, field);
		v2 = field_value(f, nf, f2);
	}
	if (it->kind == PRINT_ITEM_SIGN)
		print_sign(d, text, t2 != NULL ? t2 : "");
	else
		print_row2(d, text, v1 != NULL ? v1 : "", t2 != NULL ? t2 : "",
		    v2 != NULL ? v2 : "");
	free(field);
	free(text);
}

/* A check-box row: the label is the text's first cell, the choices the
 * rest. */
static void
item_checks(struct print_doc *d, const struct print_item *it,
    const char *chosen)
{
	char *label = xstrdup(it->text), *choices;

	if ((choices = strchr(label, '\t')) != NULL)
		*choices++ = '\0';
	print_checks(d, label, choices != NULL ? choices : "", chosen);
	free(label);
}

/* 1 when the template names its form in the page's corner (the letters:
 * at the top left, above the envelope's window). */
static int
form_has_corner(const struct print_form *form)
{
	size_t i;

	for (i = 0; i < form->nitems; i++)
		if (form->items[i].kind == PRINT_ITEM_CORNER)
			return 1;
	return 0;
}

/* The title: a seed form's name small above it, as on the city's paper,
 * unless the corner already names it. */
static void
item_title(struct print_doc *d, const struct print_form *form,
    const struct print_item *it)
{
	if (form->form != RULES_FORM_NONE && !form_has_corner(form))
		print_caption(d, PRINT_LEFT, rules_form_name(form->form));
	print_title(d, it->text != NULL ? it->text : print_form_title(form));
}

/* The parts of application forms; v is the item's value as looked up. */
static void
item_part(struct print_doc *d, const struct print_item *it, const char *v,
    const struct print_field *f, size_t nf)
{
	switch (it->kind) {
	case PRINT_ITEM_ROW2:
	case PRINT_ITEM_SIGN:
		item_pair(d, it, f, nf);
		break;
	case PRINT_ITEM_CHECKS:
		item_checks(d, it, it->field != NULL ? v : "");
		break;
	case PRINT_ITEM_CAPTION:
		if (*v != '\0')
			print_caption(d, PRINT_LEFT, v);
		break;
	case PRINT_ITEM_STAMPS:
		print_stamps(d, it->text);
		break;
	default:
		break;
	}
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
			item_title(d, form, it);
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
		case PRINT_ITEM_ROW2:
		case PRINT_ITEM_CHECKS:
		case PRINT_ITEM_CAPTION:
		case PRINT_ITEM_SIGN:
		case PRINT_ITEM_STAMPS:
			item_part(d, it, v, f, nf);
			break;
		default:
			form_letter_item(d, it, v, f, nf);
			break;
		}
	}
	return print_doc_close(d);
}
