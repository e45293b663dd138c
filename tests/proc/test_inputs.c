/*
 * Inputs that reach screens and paper (issue 14 item 5): a clerk's name
 * with an escape sequence, a C1 control, a bidi override or an invisible
 * character is refused by `madoguchi clerk add --name` in Japanese, and
 * nothing is added; a name that came into the database another way (an
 * old row) never reaches the printed receipt as a control sequence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static void
test_clerk_name_refused(void)
{
	static const struct {
		const char	*name;
		const char	*says;
	} bad[] = {
		{ "\x1b[31m赤\x1b[0m", "氏名に制御文字は使えません" },
		{ "窓口\xc2\x9b" "2J", "氏名に制御文字は使えません" },
		{ "窓口\xe2\x80\xae郎太", "文字の向きを変える制御文字" },
		{ "窓口\xe2\x81\xa6太郎", "U+2066" },
		{ "窓口\xe2\x80\x8b太郎", "U+200B" },
		{ "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b"
		  "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b"
		  "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b"
		  "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b"
		  "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b"
		  "\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b\xf0\xa0\x80\x8b",
		  "氏名が長すぎます" },
	};
	char *dir = test_mkdtemp("clerkname"), *out, *name;
	const char *m = test_prog("madoguchi");
	size_t i;
	int st;

	CU_ASSERT_EQUAL_FATAL(test_system("'%s' init '%s' >/dev/null 2>&1 && "
	    "ssh-keygen -q -t ed25519 -N '' -f '%s/k'", m, dir, dir), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* The name through the environment: the shell passes the
		 * bytes as they are. */
		setenv("CLERK_NAME", bad[i].name, 1);
		out = test_output(&st, "'%s' clerk add evil --key '%s/k.pub' "
		    "--role clerk --window shonai --name \"$CLERK_NAME\" "
		    "--state '%s' 2>&1", m, dir, dir);
		if (st != 1 || out == NULL || strstr(out, bad[i].says) == NULL) {
			fprintf(stderr, "name %zu: exit %d, said %s\n", i, st,
			    out != NULL ? out : "(null)");
			CU_FAIL("bad name not refused as expected");
		}
		CU_ASSERT_PTR_NULL(out != NULL ? strchr(out, 0x1b) : NULL);
		free(out);
	}
	unsetenv("CLERK_NAME");
	out = test_output(&st, "'%s' clerk list --state '%s'", m, dir);
	CU_ASSERT_PTR_NULL(out != NULL ? strstr(out, "evil") : "evil");
	free(out);
	/* A plain name still does. */
	name = "窓口 次郎";
	CU_ASSERT_EQUAL(test_system("'%s' clerk add good --key '%s/k.pub' "
	    "--role clerk --window shonai --name '%s' --state '%s' >/dev/null",
	    m, dir, name, dir), 0);
	test_rmtree(dir);
	free(dir);
}

/* 窓口 花子's letter-path application by the demo clerk. */
static int64_t
save_app(struct proc_ctx *pc, const struct store_person *hanako,
    int64_t clerk)
{
	struct rules_case c;
	struct store_app a;
	char msg[512];

	rules_case_init(&c);
	c.procedure = RULES_PROC_ISSUE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.certs = RULES_CERT_ALL;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	if (proc_app_save(pc, hanako, clerk, &c, NULL, NULL, "waiting_reply",
	    &a, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "save: %s\n", msg);
		return -1;
	}
	return a.id;
}

/* The clerk's name as an old row held it (escape sequences, a bidi
 * override): the receipt text and its printed file carry none. */
static void
test_receipt_clean(void)
{
	struct proc_test_env env;
	int64_t id;
	char *text, *path, *file;
	size_t len;
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(proc_test_env_open(&env, "inputs", "2026-11-25"),
	    0);
	CU_ASSERT_EQUAL_FATAL(test_system("sqlite3 '%s/madoguchi.db' \"UPDATE "
	    "clerks SET name = '窓口' || char(27) || '[2J' || char(8238) || "
	    "'郎太' || char(155) || 'x' WHERE id = %lld\"", env.state,
	    (long long)env.clerk), 0);
	id = save_app(&env.pc, &env.hanako, env.clerk);
	CU_ASSERT_FATAL(id > 0);
	text = proc_receipt_text(&env.pc, id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "担当: 窓口?[2J?郎太?x"));
	CU_ASSERT_PTR_NULL(strchr(text, 0x1b));
	CU_ASSERT_PTR_NULL(strstr(text, "\xe2\x80\xae"));
	CU_ASSERT_PTR_NULL(strstr(text, "\xc2\x9b"));
	/* What is saved for the printer is cleaned as well. */
	path = proc_print_save(env.state, "inputs.txt", "a\x1b[31mb\xe2\x81\xa7"
	    "c\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(path);
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	file = calloc(1, 256);
	len = fread(file, 1, 255, f);
	fclose(f);
	CU_ASSERT_EQUAL(len, strlen("a?[31mb?c\n"));
	CU_ASSERT_STRING_EQUAL(file, "a?[31mb?c\n");
	free(file);
	free(path);
	free(text);
	proc_test_env_end(&env);
}

static CU_TestInfo inputs_tests[] = {
	{ "clerk add --name: controls, bidi, invisible, too long refused",
	  test_clerk_name_refused },
	{ "the receipt carries no control sequence", test_receipt_clean },
	CU_TEST_INFO_NULL
};

TEST_SUITE(inputs, "proc.inputs", inputs_tests)
