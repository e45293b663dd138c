/*
 * The windows as the settings make them: a window's display name from
 * window.<name>.label on the receipt, the daily close, the J-LIS cover
 * and the statistics, the rules core's label when none is set; a window
 * switched off (window.<name>.enabled 0) takes no new application nor
 * clerk, says so naming it, and leaves what it already has alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
PROC_TEST_ENV_SUITE(env, "procwin", "2026-11-25")

/* A letter-path application of 窓口 花子 at window w: two list-B
 * documents, saved as waiting for the reply (no card needed). */
static int
save_at(enum rules_window w, struct store_app *a, char *msg, size_t msglen)
{
	struct rules_case c;

	rules_case_init(&c);
	c.procedure = RULES_PROC_ISSUE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = w;
	c.certs = RULES_CERT_ALL;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 2;
	c.documents[0] = (struct rules_document){ RULES_LIST_B, 5, true, false };
	c.documents[1] = (struct rules_document){ RULES_LIST_B, 13, true, false };
	msg[0] = '\0';
	return proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL, NULL,
	    "waiting_reply", a, msg, msglen);
}

static void
test_label_fallback_and_override(void)
{
	char buf[PROC_WINDOW_LABEL_MAX], msg[512], *text;
	struct store_app a;
	struct store_mailing m;
	long total;

	/* Not changed: the rules core's label, with or without a store. */
	CU_ASSERT_STRING_EQUAL(proc_window_label(env.st, "citizens", buf,
	    sizeof(buf)), "市民課");
	CU_ASSERT_STRING_EQUAL(proc_window_label(NULL, "shonai", buf,
	    sizeof(buf)), "庄内出張所");
	CU_ASSERT_STRING_EQUAL(proc_window_label(env.st, "moon", buf,
	    sizeof(buf)), "moon");
	/* Nothing stored at all (a database older than the setting). */
	CU_ASSERT_EQUAL(store_setting_set(env.st, "window.shinsenri.label", ""),
	    0);
	CU_ASSERT_STRING_EQUAL(proc_window_label(env.st, "shinsenri", buf,
	    sizeof(buf)), "新千里出張所");
	/* Set as the settings screen sets it. */
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.citizens.label", "市民課 (本庁)", msg, sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(proc_window_label(env.st, "citizens", buf,
	    sizeof(buf)), "市民課 (本庁)");
	CU_ASSERT_STRING_EQUAL(proc_stats_label(env.st, STORE_STATS_WINDOW,
	    "citizens", buf, sizeof(buf)), "市民課 (本庁)");
	CU_ASSERT_STRING_EQUAL(proc_stats_label(NULL, STORE_STATS_WINDOW,
	    "citizens", buf, sizeof(buf)), "市民課");
	/* What is printed names the window so. */
	CU_ASSERT_EQUAL_FATAL(save_at(RULES_WIN_CITIZENS, &a, msg,
	    sizeof(msg)), 0);
	text = proc_receipt_text(&env.pc, a.id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "受付窓口: 豊中市 市民課 (本庁)"));
	free(text);
	text = proc_close_text(env.st, env.state, "2026-11-25", "citizens",
	    &total);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "窓口: 市民課 (本庁)"));
	free(text);
	CU_ASSERT_EQUAL_FATAL(store_mailing_create(env.st, env.clerk, &m), 0);
	text = proc_mail_cover_text(&env.pc, m.id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "市民課 (本庁)  担当: 窓口 太郎"));
	free(text);
	/* Back to the default. */
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.citizens.label", "市民課", msg, sizeof(msg)), 0);
	text = proc_receipt_text(&env.pc, a.id);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NULL(strstr(text, "本庁"));
	free(text);
}

static void
test_disabled_window_refuses(void)
{
	struct proc_clerk_new cn = { "nishi", "西 次郎", "clerk", "shonai",
	    NULL };
	struct store_app before, a, got;
	struct store_clerk c;
	char msg[512], line[256], *out;
	int status;

	out = test_output(&status, "ssh-keygen -q -t ed25519 -N '' -C w@t "
	    "-f '%s/wkey' && cat '%s/wkey.pub'", env.state, env.state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	out[strcspn(out, "\n")] = '\0';
	snprintf(line, sizeof(line), "%s", out);
	free(out);
	cn.key_line = line;
	/* While shonai is open: an application and a clerk there. */
	CU_ASSERT_EQUAL_FATAL(save_at(RULES_WIN_SHONAI, &before, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL_FATAL(proc_clerk_add(env.st, "demo", &cn, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_window_enabled(env.st, "shonai"), 1);
	CU_ASSERT_EQUAL(proc_window_clerks(env.st, "shonai"), 1);
	/* Switched off, and renamed: the messages use the name. */
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo", "window.shonai.label",
	    "庄内 (休止中)", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.shonai.enabled", "無効", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_window_enabled(env.st, "shonai"), 0);
	CU_ASSERT_EQUAL(proc_window_enabled(env.st, "citizens"), 1);
	/* The admin is told the clerk is still there. */
	CU_ASSERT_EQUAL(proc_window_note(env.st, "window.shonai.enabled", msg,
	    sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "「庄内 (休止中)」にはまだ職員が 1 人"));
	CU_ASSERT_EQUAL(proc_window_note(env.st, "window.citizens.enabled", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(msg, "");
	/* A new application there: refused, nothing saved. */
	memset(&a, 0, sizeof(a));
	CU_ASSERT_EQUAL(save_at(RULES_WIN_SHONAI, &a, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "窓口「庄内 (休止中)」は無効"));
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "新しい申請を受け付けられません"));
	CU_ASSERT_EQUAL(store_app_get(env.st, before.id + 1, &got), 1);
	/* The letter path too. */
	{
		struct rules_case rc;
		struct store_letter l;
		char *path = NULL;

		CU_ASSERT_EQUAL_FATAL(proc_app_case(&before, &rc, NULL), 0);
		CU_ASSERT_EQUAL(proc_app_save_letter(&env.pc, &env.hanako,
		    env.clerk, &rc, NULL, "様式第2号", env.state, &l, &path,
		    msg, sizeof(msg)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "無効"));
		CU_ASSERT_PTR_NULL(path);
	}
	/* Another window still takes them. */
	CU_ASSERT_EQUAL(save_at(RULES_WIN_SHINSENRI, &a, msg, sizeof(msg)), 0);
	/* The one saved before is untouched. */
	CU_ASSERT_EQUAL(store_app_get(env.st, before.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.window, "shonai");
	CU_ASSERT_STRING_EQUAL(got.state, "waiting_reply");
	/* No clerk given to it: neither a new one nor one moved there. */
	cn.login = "higashi";
	cn.key_line = line;
	CU_ASSERT_EQUAL(proc_clerk_add(env.st, "demo", &cn, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "職員の窓口にできません"));
	CU_ASSERT_EQUAL(store_clerk_by_login(env.st, "higashi", &c), 1);
	CU_ASSERT_EQUAL(proc_clerk_set_window(env.st, "demo", "demo", "shonai",
	    msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "庄内 (休止中)"));
	CU_ASSERT_EQUAL(store_clerk_by_login(env.st, "demo", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.window, "citizens");
	/* The clerk already there stays, and may be moved away. */
	CU_ASSERT_EQUAL(proc_clerk_set_window(env.st, "demo", "nishi", "shonai",
	    msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_clerk_set_window(env.st, "demo", "nishi",
	    "citizens", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_window_clerks(env.st, "shonai"), 0);
	/* Switched on again: taken. */
	CU_ASSERT_EQUAL(proc_setting_set(env.st, "demo",
	    "window.shonai.enabled", "1", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_clerk_set_window(env.st, "demo", "nishi", "shonai",
	    msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(save_at(RULES_WIN_SHONAI, &a, msg, sizeof(msg)), 0);
}

static CU_TestInfo windows_tests[] = {
	{ "a window's name: the setting, else the rules core's label",
	  test_label_fallback_and_override },
	{ "a window switched off takes no application nor clerk",
	  test_disabled_window_refuses },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_windows, "proc.windows", env_init, env_clean,
    windows_tests)
