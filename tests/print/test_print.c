/*
 * `madoguchi print specimen --out DIR` as an admin runs it, each PDF read
 * back with poppler: every font embedded with a Unicode map, the title and
 * the invented data (𠮷田 花子, the receipt number, a serial) in the text,
 * page 1 rendered for a person to look at. What is expected comes from the
 * form's own table (the template's title and specimen fields).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/rules.h"
#include "madoguchi/util.h"
#include "testlib.h"

static const char *
specimen_field(const struct print_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nspecimen; i++)
		if (strcmp(f->specimen[i].name, name) == 0)
			return f->specimen[i].value;
	return NULL;
}

/* The first cell of the first line of a table field ("...\tSERIAL\t..."
 * gives SERIAL for col 1), in out. */
static void
table_cell(const char *rows, int col, char *out, size_t size)
{
	const char *p = rows, *e;

	while (col-- > 0 && (p = strchr(p, '\t')) != NULL)
		p++;
	if (p == NULL) {
		out[0] = '\0';
		return;
	}
	e = p + strcspn(p, "\t\n");
	snprintf(out, size, "%.*s", (int)(e - p), p);
}

static char *
make_specimens(void)
{
	char *dir = test_mkdtemp("print");
	char *out;
	int status;

	out = test_output(&status, "'%s' print specimen --out '%s/out'",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(out != NULL && strstr(out, "見本") != NULL);
	free(out);
	return dir;
}

static void
test_fonts_embedded(void)
{
	char *dir = make_specimens(), *out, *line, *save = NULL;
	size_t i;
	int status, fonts;

	for (i = 0; i < print_form_count; i++) {
		out = test_output(&status, "pdffonts '%s/out/%s'", dir,
		    print_form_table[i]->name);
		CU_ASSERT_EQUAL_FATAL(status, 0);
		CU_ASSERT_FATAL(out != NULL);
		fonts = 0;
		/* Two heading lines, then: name type encoding emb sub uni ... */
		for (line = strtok_r(out, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (strncmp(line, "name ", 5) == 0 ||
			    strncmp(line, "----", 4) == 0)
				continue;
			fonts++;
			CU_ASSERT(strstr(line, " yes yes yes ") != NULL);
			if (strstr(line, " yes yes yes ") == NULL)
				fprintf(stderr, "not embedded with a map: %s\n",
				    line);
		}
		CU_ASSERT(fonts >= 2);
		free(out);
	}
	/* 𠮷 is beyond IPAex: the registry font carries it. */
	out = test_output(&status, "pdffonts '%s/out/%s'", dir,
	    print_form_receipt.name);
	CU_ASSERT(out != NULL && strstr(out, "IPAmjMincho") != NULL &&
	    strstr(out, "IPAexMincho") != NULL);
	free(out);
	test_rmtree(dir);
	free(dir);
}

static void
test_receipt_text(void)
{
	const struct print_form *f = &print_form_receipt;
	char *dir = make_specimens(), *out, serial[64];
	int status;

	out = test_output(&status, "pdftotext -enc UTF-8 '%s/out/%s' -", dir,
	    f->name);
	CU_ASSERT_EQUAL_FATAL(status, 0);
	CU_ASSERT_FATAL(out != NULL);
	CU_ASSERT(strstr(out, "電子証明書の申請 受付票 (申請者控え)") != NULL);
	CU_ASSERT(strstr(out, print_form_title(f)) != NULL);
	CU_ASSERT(strstr(out, "𠮷田 花子") != NULL);
	CU_ASSERT(strstr(out, specimen_field(f, "name")) != NULL);
	CU_ASSERT(strstr(out, specimen_field(f, "number")) != NULL);
	table_cell(specimen_field(f, "certs"), 1, serial, sizeof(serial));
	CU_ASSERT(strlen(serial) >= 8);
	CU_ASSERT(strstr(out, serial) != NULL);
	CU_ASSERT(strstr(out, "見本") != NULL);
	/* A receipt never carries a PIN: it says so instead. */
	CU_ASSERT(strstr(out, "暗証番号と個人番号はこの票には記載しません") !=
	    NULL);
	free(out);
	test_rmtree(dir);
	free(dir);
}

/* Each letter is its seed form: its title the rules core's, its form
 * named in the corner, and print_form_find finds it by that name. */
static void
test_letter_titles(void)
{
	static const struct {
		const struct print_form	*form;
		enum rules_form		 rf;
	} t[] = {
		{ &print_form_letter_2, RULES_FORM_2 },
		{ &print_form_letter_4, RULES_FORM_4 },
		{ &print_form_letter_9, RULES_FORM_9 },
		{ &print_form_letter_card_20, RULES_FORM_CARD_20 },
		{ &print_form_letter_card_23, RULES_FORM_CARD_23 },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CU_ASSERT_EQUAL(t[i].form->form, t[i].rf);
		CU_ASSERT_STRING_EQUAL(print_form_title(t[i].form),
		    rules_form_title(t[i].rf));
		CU_ASSERT_STRING_EQUAL(specimen_field(t[i].form, "form"),
		    rules_form_name(t[i].rf));
		CU_ASSERT_PTR_EQUAL(print_form_find(rules_form_name(t[i].rf)),
		    t[i].form);
	}
}

/* The specimens of the letters mailed 転送不要 (R2.9, R3.7) show it in
 * the envelope's window with the addressee; the others do not. */
static void
test_letter_window(void)
{
	static const struct {
		const struct print_form	*form;
		int			 no_forward;
	} t[] = {
		{ &print_form_letter_2, 1 },
		{ &print_form_letter_4, 1 },
		{ &print_form_letter_9, 0 },
		{ &print_form_letter_card_20, 0 },
		{ &print_form_letter_card_23, 1 },
	};
	char *dir = make_specimens(), *out;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		out = test_output(NULL, "pdftotext -enc UTF-8 -f 1 -l 1 -r 72 "
		    "-x %d -y %d -W %d -H %d '%s/out/%s' - | tr -d '\\n'",
		    (int)print_mm(PRINT_WINDOW_X_MM),
		    (int)print_mm(PRINT_WINDOW_Y_MM),
		    (int)print_mm(PRINT_WINDOW_W_MM),
		    (int)print_mm(PRINT_WINDOW_H_MM), dir, t[i].form->name);
		CU_ASSERT_FATAL(out != NULL);
		CU_ASSERT(strstr(out, "𠮷田 花子") != NULL);
		CU_ASSERT(strstr(out, "〒 561-0000") != NULL);
		CU_ASSERT(strstr(out, specimen_field(t[i].form, "address")) !=
		    NULL);
		CU_ASSERT((strstr(out, "転送不要") != NULL) == t[i].no_forward);
		free(out);
	}
	test_rmtree(dir);
	free(dir);
}

/* 1 when value has 葛 with a variation selector (U+E0102, which IPAmj明朝
 * draws with its own glyph) and that word (up to a tab, a space or a line's
 * end) comes back whole in text, 0 when it has none; fails when it does not
 * come back. */
static int
specimen_vs(const char *value, const char *text)
{
	const char *p = strstr(value, "葛\xf3\xa0\x84");
	char *word;
	int found;

	if (p == NULL)
		return 0;
	word = xasprintf("%.*s", (int)strcspn(p, "\t\n "), p);
	found = strstr(text, word) != NULL;
	CU_ASSERT(found);
	if (!found)
		fprintf(stderr, "%s not read back\n", word);
	free(word);
	return 1;
}

/* Every form's specimen is one page and gives back its title (for a seed
 * form the seed's, with the form's name), 𠮷, the name with a variation
 * sequence, and its reference number. */
static void
test_specimen_text(void)
{
	const struct print_form *f;
	const char *number;
	char *dir = make_specimens(), *out;
	const char *name;
	size_t i, j;
	int status, vs, nvs = 0;

	for (i = 0; i < print_form_count; i++) {
		f = print_form_table[i];
		/* A form is one sheet: the applicant signs what they read. */
		out = test_output(&status, "pdfinfo '%s/out/%s' | grep '^Pages:'",
		    dir, f->name);
		CU_ASSERT(out != NULL && strstr(out, " 1\n") != NULL);
		if (out == NULL || strstr(out, " 1\n") == NULL)
			fprintf(stderr, "%s: more than one page\n", f->name);
		free(out);
		out = test_output(&status, "pdftotext -enc UTF-8 '%s/out/%s' - | "
		    "tr -d '\\n'",
		    dir, f->name);
		CU_ASSERT_EQUAL_FATAL(status, 0);
		CU_ASSERT_FATAL(out != NULL);
		CU_ASSERT(strstr(out, print_form_title(f)) != NULL);
		if (f->form != RULES_FORM_NONE) {
			CU_ASSERT_STRING_EQUAL(print_form_title(f),
			    rules_form_title(f->form));
			CU_ASSERT(strstr(out, rules_form_name(f->form)) != NULL);
		}
		CU_ASSERT(strstr(out, "見本") != NULL);
		CU_ASSERT(strstr(out, "𠮷") != NULL);
		/* A form of a person names 𠮷田 (the mailing's list and
		 * cover and the daily close name nobody). */
		name = specimen_field(f, "name");
		if (name != NULL && strstr(name, "𠮷田") != NULL)
			CU_ASSERT(strstr(out, "𠮷田") != NULL);
		/* The name with a variation sequence comes back whole. */
		vs = 0;
		for (j = 0; j < f->nspecimen; j++)
			vs += specimen_vs(f->specimen[j].value, out);
		/* Every application form (app-*.pdf; the letters are seed
		 * forms too) and the receipt carry one. */
		if (strncmp(f->name, "app-", 4) == 0 ||
		    f == &print_form_receipt)
			CU_ASSERT(vs > 0);
		nvs += vs;
		number = specimen_field(f, "number");
		CU_ASSERT(number != NULL && strstr(out, number) != NULL);
		if (strstr(out, print_form_title(f)) == NULL ||
		    strstr(out, "𠮷") == NULL)
			fprintf(stderr, "%s: title or 𠮷 not read back\n",
			    f->name);
		free(out);
	}
	CU_ASSERT(nvs > 0);
	test_rmtree(dir);
	free(dir);
}

static void
test_render_page(void)
{
	char *dir = make_specimens();
	char png[512];
	struct stat sb;
	size_t i;

	for (i = 0; i < print_form_count; i++) {
		/* receipt.pdf -> test-logs/print-receipt.png */
		snprintf(png, sizeof(png), "%s/test-logs/print-%.*s",
		    test_build_dir(), (int)(strlen(print_form_table[i]->name) -
		    4), print_form_table[i]->name);
		CU_ASSERT_EQUAL(test_system("pdftoppm -r 60 -png -f 1 -l 1 "
		    "-singlefile '%s/out/%s' '%s'", dir,
		    print_form_table[i]->name, png), 0);
		strcat(png, ".png");
		CU_ASSERT(stat(png, &sb) == 0 && sb.st_size > 10000);
	}
	test_rmtree(dir);
	free(dir);
}

static void
test_usage(void)
{
	char *dir = test_mkdtemp("print"), *out;
	int status;

	out = test_output(&status, "'%s' print specimen 2>&1",
	    test_prog("madoguchi"));
	CU_ASSERT_EQUAL(status, 2);
	CU_ASSERT(out != NULL && strstr(out, "使い方") != NULL);
	free(out);
	/* A file where the directory should be: a Japanese reason. */
	CU_ASSERT_EQUAL(test_system("touch '%s/file'", dir), 0);
	out = test_output(&status, "'%s' print specimen --out '%s/file/x' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT(out != NULL && strstr(out, "作成できません") != NULL);
	free(out);
	test_rmtree(dir);
	free(dir);
}

static CU_TestInfo print_tests[] = {
	{ "specimen fonts embedded with Unicode maps", test_fonts_embedded },
	{ "receipt specimen text: title, 𠮷田, number, serial", test_receipt_text },
	{ "letter titles are the seed's", test_letter_titles },
	{ "letter specimens: the address in the window, 転送不要", test_letter_window },
	{ "every specimen's text: title, 𠮷田, number", test_specimen_text },
	{ "specimen page 1 rendered to the test logs", test_render_page },
	{ "usage and an unwritable --out", test_usage },
	CU_TEST_INFO_NULL,
};

TEST_SUITE(print, "print", print_tests);
