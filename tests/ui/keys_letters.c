/*
 * Every action without function keys: on each screen of the screen table
 * where no field takes typed text (menus, lists, info screens), every key
 * of the screen has a letter as well (shown on the key bar as "F5/r"),
 * and that letter is free: not ? or q (help, logout), not a digit (Esc
 * then a digit is an F-key), not another key's, not a menu item's.
 */
#include <stdio.h>

#include "madoguchi/screens.h"
#include "madoguchi/ui.h"
#include "testlib.h"

/* The screen's menu items (its table, or the function's). */
static size_t
letters_items(const struct screen *s, const struct screen_item **items)
{
	*items = s->items;
	if (s->menu_items != NULL)
		return s->menu_items(items);
	return s->nitems;
}

/* Problems of one key of a non-form screen, said on stderr; how many. */
static int
letters_key(const struct screen *s, size_t k)
{
	const struct screen_key *key = &s->keys[k];
	const struct screen_item *items;
	size_t i, n = letters_items(s, &items);
	int bad = 0;

	if (key->alt == 0 || key->alt == '?' || key->alt == 'q' ||
	    (key->alt >= '0' && key->alt <= '9')) {
		fprintf(stderr, "%s: F%d %s: no usable letter\n", s->id,
		    key->fkey, key->label);
		return 1;
	}
	for (i = 0; i < s->nkeys; i++)
		if (i != k && s->keys[i].alt == key->alt) {
			fprintf(stderr, "%s: F%d and F%d share '%c'\n", s->id,
			    key->fkey, s->keys[i].fkey, key->alt);
			bad++;
		}
	for (i = 0; i < n; i++)
		if (items[i].key == key->alt) {
			fprintf(stderr, "%s: F%d's '%c' is a menu item's\n",
			    s->id, key->fkey, key->alt);
			bad++;
		}
	return bad;
}

static void
test_letters(void)
{
	size_t i, k;
	int bad = 0, seen = 0;

	for (i = 0; i < screen_table_len; i++) {
		const struct screen *s = screen_table[i];

		if (s->kind == SCREEN_FORM)
			continue;
		for (k = 0; k < s->nkeys; k++, seen++)
			bad += letters_key(s, k);
	}
	CU_ASSERT_TRUE(seen > 10);
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo letters_tests[] = {
	{ "every key of a screen without text fields has a letter",
	  test_letters },
	CU_TEST_INFO_NULL
};
TEST_SUITE(letters, "ui.letters", letters_tests)
