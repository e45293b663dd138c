/*
 * Navigation cannot end a session (issue 9): `madoguchi ui` on a bare pty,
 * read through libvterm. With every screen slot taken, opening one more
 * says so in Japanese and the session goes on (the limit lowered with
 * MADOGUCHI_UI_MAX_SCREENS to reach it on a short path); the deepest path
 * without a card opens with the normal limit. After the reply of an
 * inquiry letter is taken, the person's record is under the card checks,
 * as it is on the other ways to the issuing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testlib.h"
#include "vt.h"

#define WAIT_MS	10000
#define HANAKO	"マドグチハナコ"

static char *state;

static int
stack_init(void)
{
	if ((state = test_mkdtemp("ui-stack")) == NULL)
		return -1;
	return test_system("%s init --demo %s >/dev/null 2>&1",
	    test_prog("madoguchi"), state) == 0 ? 0 : -1;
}

static int
stack_cleanup(void)
{
	if (state != NULL)
		test_rmtree(state);
	free(state);
	return 0;
}

static int
wait_text(struct vt *v, const char *text)
{
	if (vt_wait_text(v, text, WAIT_MS))
		return 1;
	vt_dump(v, text);
	return 0;
}

/* The demo clerk's UI; max_screens "" for the normal limit. */
static struct vt *
start(const char *max_screens)
{
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", state,
	    "--clerk", "demo", NULL };
	char limit[64];
	char *env[] = { "MADOGUCHI_TODAY=2026-11-25", limit, NULL };
	struct vt *v;

	snprintf(limit, sizeof(limit), "MADOGUCHI_UI_MAX_SCREENS=%s",
	    max_screens);
	v = vt_spawn(24, 80, argv, env);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "番号・英字キー"));
	return v;
}

static void
logout(struct vt *v)
{
	int st = -1;

	vt_key(v, VT_KEY_F10);
	CU_ASSERT_TRUE(wait_text(v, "ログアウトしますか"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

/* Menu 1, the kana, F5, Enter: 窓口 花子's record (4 screens open). */
static void
to_person(struct vt *v)
{
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "> 氏名"));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, HANAKO);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "検索結果"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人の記録"));
}

static void
test_full_stack(void)
{
	struct vt *v = start("4");
	int st;

	to_person(v);
	vt_key(v, VT_KEY_F6);		/* the application: a fifth screen */
	CU_ASSERT_TRUE(wait_text(v, "開いている画面が多すぎるため"));
	CU_ASSERT_FALSE(vt_wait_exit(v, 0, &st));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "開いている画面が多すぎるため", WAIT_MS));
	/* Still the person's record, and the way back works. */
	CU_ASSERT_TRUE(wait_text(v, "本人の記録"));
	CU_ASSERT_TRUE(wait_text(v, "窓口 花子"));
	CU_ASSERT_FALSE(vt_has_text(v, "発行申請の受付"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "検索結果"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "本人の記録"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(wait_text(v, "番号・英字キー"));
	/* With a slot free again, the same key opens the form. */
	to_person(v);
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "検索結果"));
	logout(v);
}

/* The deepest way without a card: menu, search, results, record, form,
 * agent page, the agent's documents (7 screens), and back. */
static void
test_deep_path(void)
{
	struct vt *v = start("");

	to_person(v);
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "発行申請の受付"));
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "委任状"));
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人確認書類"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(wait_text(v, "委任状"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(wait_text(v, "発行申請の受付"));
	logout(v);
}

/* The reference number in "整理番号 XXXX の照会書兼回答書" on screen. */
static void
screen_ref(struct vt *v, char *ref, size_t size)
{
	char *scr = vt_screen(v), *p;
	size_t n;

	ref[0] = '\0';
	if ((p = strstr(scr, "整理番号 ")) != NULL) {
		p += strlen("整理番号 ");
		n = strspn(p, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz-");
		if (n < size)
			snprintf(ref, size, "%.*s", (int)n, p);
	}
	free(scr);
}

/* Two list-B documents: the letter is sent; its reply taken on the
 * letters screen (menu b) leads to the card checks, and back from them is
 * the person's record (where F9 on the receipt also returns). */
static void
test_letter_back_to_person(void)
{
	struct vt *v = start("");
	char ref[32];
	int i;

	to_person(v);
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "発行申請の受付"));
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人確認書類"));
	for (i = 0; i < 29; i++)	/* B1 is row 29 */
		vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "[有効] B2"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "照会回答書が必要です"));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "回答待ちで保存しますか"));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "を印刷し"));
	screen_ref(v, ref, sizeof(ref));
	CU_ASSERT_TRUE_FATAL(ref[0] != '\0');
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "回答書待ち"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "番号・英字キー"));
	/* The reply comes back. */
	vt_type(v, "b");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "> 整理番号"));
	vt_type(v, ref);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "送付済み"));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "カードの確認"));
	CU_ASSERT_TRUE(wait_text(v, "回答書を受け付けました"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(wait_text(v, "本人の記録"));
	CU_ASSERT_TRUE(wait_text(v, "窓口 花子"));
	CU_ASSERT_TRUE(wait_text(v, "受付済み  F7 で再開"));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(wait_text(v, "番号・英字キー"));
	logout(v);
}

static CU_TestInfo stack_tests[] = {
	{ "a screen too many is refused, the session goes on", test_full_stack },
	{ "the deepest path without a card opens", test_deep_path },
	{ "after the letter's reply, back is the person's record",
	  test_letter_back_to_person },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(stack, "ui.stack", stack_init, stack_cleanup, stack_tests)
