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
	CU_ASSERT(strstr(out, f->title) != NULL);
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

/* 1 when value has 葛 with a variation selector and comes back in text
 * (see test_specimen_text), 0 when it has none; fails when it does not
 * come back. */
static int
specimen_vs(const char *value, const char *text)
{
	const char *e0100 = "葛\xf3\xa0\x84\x80";
	char *base, *p;
	int found;

	if (strstr(value, "葛\xf3\xa0\x84") == NULL)
		return 0;
	found = strstr(text, value) != NULL;
	if (!found && (p = strstr(value, e0100)) != NULL) {
		/* 葛 + U+E0100 read back as 葛. */
		base = xasprintf("%.*s葛%s", (int)(p - value), value,
		    p + strlen(e0100));
		found = strstr(text, base) != NULL;
		free(base);
	}
	CU_ASSERT(found);
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
	size_t i, j;
	int status, vs;

	for (i = 0; i < print_form_count; i++) {
		f = print_form_table[i];
		/* A form is one sheet: the applicant signs what they read. */
		out = test_output(&status, "pdfinfo '%s/out/%s' | grep '^Pages:'",
		    dir, f->name);
		CU_ASSERT(out != NULL && strstr(out, " 1\n") != NULL);
		if (out == NULL || strstr(out, " 1\n") == NULL)
			fprintf(stderr, "%s: more than one page\n", f->name);
		free(out);
		out = test_output(&status, "pdftotext -enc UTF-8 '%s/out/%s' -",
		    dir, f->name);
		CU_ASSERT_EQUAL_FATAL(status, 0);
		CU_ASSERT_FATAL(out != NULL);
		CU_ASSERT(strstr(out, print_form_title(f)) != NULL);
		if (f->form != RULES_FORM_NONE) {
			CU_ASSERT_STRING_EQUAL(print_form_title(f),
			    rules_form_title(f->form));
			CU_ASSERT(strstr(out, rules_form_name(f->form)) != NULL);
		}
		CU_ASSERT(strstr(out, "𠮷田") != NULL);
		/* The name with a variation sequence comes back: 葛 +
		 * U+E0102 whole (IPAmj's glyph 23477); 葛 + U+E0100 is not
		 * in IPAmj's variation table, prints as 葛 and reads back
		 * as 葛 alone. */
		vs = 0;
		for (j = 0; j < f->nspecimen; j++)
			vs += specimen_vs(f->specimen[j].value, out);
		CU_ASSERT(vs > 0);
		number = specimen_field(f, "number");
		CU_ASSERT(number != NULL && strstr(out, number) != NULL);
		if (strstr(out, print_form_title(f)) == NULL ||
		    strstr(out, "𠮷田") == NULL)
			fprintf(stderr, "%s: title or 𠮷田 not read back\n",
			    f->name);
		free(out);
	}
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
	{ "every specimen's text: title, 𠮷田, number", test_specimen_text },
	{ "specimen page 1 rendered to the test logs", test_render_page },
	{ "usage and an unwritable --out", test_usage },
	CU_TEST_INFO_NULL,
};

TEST_SUITE(print, "print", print_tests);
