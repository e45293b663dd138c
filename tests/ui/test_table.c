/* The screen table as data: every screen findable by its id, titled and
 * with help; menu keys unique and clear of the global keys; every menu
 * target either a screen or an honest "not built" (and no target names a
 * screen of a higher role than its item). */
#include <locale.h>
#include <string.h>

#include "madoguchi/screens.h"
#include "madoguchi/ui.h"
#include "testlib.h"

static const struct screen *
table_find(const char *id)
{
	return ui_screen_find(screen_table, screen_table_len, id);
}

static void
test_screens(void)
{
	size_t i, j;

	CU_ASSERT_TRUE(screen_table_len >= 4);
	CU_ASSERT_PTR_NOT_NULL(table_find("menu"));
	CU_ASSERT_PTR_NULL(table_find("no-such-screen"));
	for (i = 0; i < screen_table_len; i++) {
		const struct screen *s = screen_table[i];

		CU_ASSERT_PTR_EQUAL(table_find(s->id), s);
		CU_ASSERT_TRUE(s->title != NULL && s->title[0] != '\0');
		CU_ASSERT_TRUE(s->help != NULL && s->help[0] != '\0');
		CU_ASSERT_TRUE(s->kind != SCREEN_MENU || s->nitems > 0 ||
		    s->menu_items != NULL);
		CU_ASSERT_TRUE(s->kind != SCREEN_FORM || s->nfields > 0);
		CU_ASSERT_TRUE(s->kind != SCREEN_INFO || s->draw != NULL);
		CU_ASSERT_TRUE(s->kind != SCREEN_LIST ||
		    (s->list_count != NULL && s->list_row != NULL));
		for (j = 0; j < s->nkeys; j++) {
			/* F1 and F10 are the runtime's. */
			CU_ASSERT_TRUE(s->keys[j].fkey > 1 && s->keys[j].fkey < 13);
			CU_ASSERT_NOT_EQUAL(s->keys[j].fkey, 10);
		}
		for (j = 0; j < s->nfields; j++) {
			const struct ui_field_spec *f = &s->fields[j];

			CU_ASSERT_TRUE(f->width > 0 && f->width <= 60);
			CU_ASSERT_TRUE(f->kind != UI_FIELD_CHOICE ||
			    f->choices != NULL);
		}
	}
}

/* No East Asian ambiguous-width or box-drawing characters in our texts:
 * they are 2 columns on Japanese terminals and would shift the screen. */
static int
ambiguous(const char *s)
{
	static const wchar_t bad[] = L"○●◎※×÷―…‥─│┌┐└┘■□▲△▼▽◆◇★☆→←↑↓①②③§¶°±";
	size_t n = strlen(s);

	while (n > 0) {
		wchar_t wc;
		int len = ui_utf8_decode(s, n, &wc);

		if (len <= 0 || wcschr(bad, wc) != NULL ||
		    (wc >= 0x2500 && wc <= 0x257f) || wc >= 0x1f000)
			return 1;
		s += len;
		n -= (size_t)len;
	}
	return 0;
}

static void
test_menu_items(void)
{
	size_t i, j, k;

	for (i = 0; i < screen_table_len; i++) {
		const struct screen *s = screen_table[i];

		CU_ASSERT_FALSE(ambiguous(s->title));
		CU_ASSERT_FALSE(ambiguous(s->help));
		for (j = 0; j < s->nitems; j++) {
			const struct screen_item *it = &s->items[j];
			const struct screen *t = it->target != NULL ?
			    table_find(it->target) : NULL;

			CU_ASSERT_FALSE(ambiguous(it->label));
			CU_ASSERT_TRUE(it->key != '?' && it->key != 'q');
			for (k = j + 1; k < s->nitems; k++)
				CU_ASSERT_NOT_EQUAL(it->key, s->items[k].key);
			if (t != NULL)
				CU_ASSERT_TRUE(t->min_role <= it->min_role);
		}
		for (j = 0; j < s->nfields; j++) {
			CU_ASSERT_FALSE(ambiguous(s->fields[j].label));
			if (s->fields[j].hint != NULL)
				CU_ASSERT_FALSE(ambiguous(s->fields[j].hint));
		}
	}
	CU_ASSERT_FALSE(ambiguous(UI_TEXT_NOT_BUILT));
	CU_ASSERT_TRUE(ambiguous("※"));
}

static void
test_admin_only(void)
{
	const struct screen *menu = table_find("menu");
	const struct screen_item *items = menu->items;
	size_t i, n = menu->nitems;
	int found = 0;

	if (menu->menu_items != NULL)
		n = menu->menu_items(&items);
	for (i = 0; i < n; i++)
		if (items[i].target != NULL &&
		    strcmp(items[i].target, "maint") == 0) {
			CU_ASSERT_EQUAL(items[i].min_role, UI_ROLE_ADMIN);
			found = 1;
		}
	CU_ASSERT_TRUE(found);
	CU_ASSERT_EQUAL(table_find("maint")->min_role, UI_ROLE_ADMIN);
	CU_ASSERT_EQUAL(table_find("clerks")->min_role, UI_ROLE_ADMIN);
}

static int
suite_init(void)
{
	return setlocale(LC_ALL, "C.UTF-8") == NULL ? -1 : 0;
}

static CU_TestInfo table_tests[] = {
	{ "every screen findable, titled, with help", test_screens },
	{ "menu keys unique, no ambiguous-width text", test_menu_items },
	{ "maintenance for admins only", test_admin_only },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(table, "ui.table", suite_init, NULL, table_tests)
