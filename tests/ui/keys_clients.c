/*
 * Every key of every client, as raw bytes on the pty of `madoguchi ui`
 * read through libvterm: a table of (client, mode, key, bytes) played
 * under several TERMs, each row checked by what the clerk sees (F1 opens
 * help, F10 asks to log out, Home/End/Del edit a field, F5/F8 act on the
 * search form, the rest are taken without complaint); Esc then a digit
 * pressed apart, Esc alone; and the start-up probe of the ambiguous width
 * answered narrow, wide and never.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "madoguchi/util.h"
#include "testlib.h"
#include "vt.h"

#define WAIT_MS	5000
/* Two presses a person makes one after the other: more than the 40 ms a
 * sequence's bytes may take, less than the 700 ms Esc waits for a digit. */
#define APART_MS	200

static const char *const refused = "解釈できないキー入力を無視しました";

static char *state;

enum keys_key {
	K_F1, K_F2, K_F3, K_F4, K_F5, K_F6, K_F7, K_F8, K_F9, K_F10, K_F11,
	K_F12, K_HOME, K_END, K_INS, K_DEL, K_PGUP, K_PGDN, K_UP, K_DOWN
};

struct keys_row {
	const char	*client;
	const char	*mode;
	enum keys_key	 key;
	const char	*bytes;
};

#define FKEYS_TILDE(c, m)						\
	{ c, m, K_F6, "\033[17~" }, { c, m, K_F7, "\033[18~" },		\
	{ c, m, K_F8, "\033[19~" }, { c, m, K_F9, "\033[20~" },		\
	{ c, m, K_F10, "\033[21~" }, { c, m, K_F11, "\033[23~" },	\
	{ c, m, K_F12, "\033[24~" }
#define EDIT_TILDE(c, m)						\
	{ c, m, K_HOME, "\033[1~" }, { c, m, K_END, "\033[4~" },	\
	{ c, m, K_INS, "\033[2~" }, { c, m, K_DEL, "\033[3~" },		\
	{ c, m, K_PGUP, "\033[5~" }, { c, m, K_PGDN, "\033[6~" }

static const struct keys_row keys_table[] = {
	/* PuTTY's default ("ESC[n~"). */
	{ "PuTTY", "ESC[n~", K_F1, "\033[11~" },
	{ "PuTTY", "ESC[n~", K_F2, "\033[12~" },
	{ "PuTTY", "ESC[n~", K_F3, "\033[13~" },
	{ "PuTTY", "ESC[n~", K_F4, "\033[14~" },
	{ "PuTTY", "ESC[n~", K_F5, "\033[15~" },
	FKEYS_TILDE("PuTTY", "ESC[n~"),
	EDIT_TILDE("PuTTY", "ESC[n~"),
	{ "PuTTY", "ESC[n~", K_UP, "\033[A" },
	{ "PuTTY", "ESC[n~", K_DOWN, "\033[B" },
	/* PuTTY "Linux" (and the Linux console). */
	{ "PuTTY", "Linux", K_F1, "\033[[A" },
	{ "PuTTY", "Linux", K_F2, "\033[[B" },
	{ "PuTTY", "Linux", K_F3, "\033[[C" },
	{ "PuTTY", "Linux", K_F4, "\033[[D" },
	{ "PuTTY", "Linux", K_F5, "\033[[E" },
	/* PuTTY "Xterm R6" and "VT400". */
	{ "PuTTY", "Xterm R6", K_F1, "\033OP" },
	{ "PuTTY", "Xterm R6", K_F4, "\033OS" },
	{ "PuTTY", "VT400", K_F2, "\033OQ" },
	{ "PuTTY", "VT400", K_F3, "\033OR" },
	/* PuTTY "VT100+": F1..F12 = SS3 P..[. */
	{ "PuTTY", "VT100+", K_F1, "\033OP" },
	{ "PuTTY", "VT100+", K_F2, "\033OQ" },
	{ "PuTTY", "VT100+", K_F3, "\033OR" },
	{ "PuTTY", "VT100+", K_F4, "\033OS" },
	{ "PuTTY", "VT100+", K_F5, "\033OT" },
	{ "PuTTY", "VT100+", K_F6, "\033OU" },
	{ "PuTTY", "VT100+", K_F7, "\033OV" },
	{ "PuTTY", "VT100+", K_F8, "\033OW" },
	{ "PuTTY", "VT100+", K_F9, "\033OX" },
	{ "PuTTY", "VT100+", K_F10, "\033OY" },
	{ "PuTTY", "VT100+", K_F11, "\033OZ" },
	{ "PuTTY", "VT100+", K_F12, "\033O[" },
	/* PuTTY "SCO": F1..F12 = CSI M..X, no parameters. */
	{ "PuTTY", "SCO", K_F1, "\033[M" },
	{ "PuTTY", "SCO", K_F2, "\033[N" },
	{ "PuTTY", "SCO", K_F3, "\033[O" },
	{ "PuTTY", "SCO", K_F4, "\033[P" },
	{ "PuTTY", "SCO", K_F5, "\033[Q" },
	{ "PuTTY", "SCO", K_F6, "\033[R" },
	{ "PuTTY", "SCO", K_F7, "\033[S" },
	{ "PuTTY", "SCO", K_F8, "\033[T" },
	{ "PuTTY", "SCO", K_F9, "\033[U" },
	{ "PuTTY", "SCO", K_F10, "\033[V" },
	{ "PuTTY", "SCO", K_F11, "\033[W" },
	{ "PuTTY", "SCO", K_F12, "\033[X" },
	{ "PuTTY", "SCO", K_HOME, "\033[H" },
	{ "PuTTY", "SCO", K_END, "\033[F" },
	{ "PuTTY", "SCO", K_PGUP, "\033[I" },
	{ "PuTTY", "SCO", K_PGDN, "\033[G" },
	{ "PuTTY", "SCO", K_INS, "\033[L" },
	/* Tera Term's default KEYBOARD.CNF: XF1..XF5, VT F6..F12, the
	 * editing keypad as Find/Insert/Remove/Select/Prev/Next, PF1..PF4
	 * on the numeric keypad. */
	{ "Tera Term", "KEYBOARD.CNF", K_F1, "\033[11~" },
	{ "Tera Term", "KEYBOARD.CNF", K_F2, "\033[12~" },
	{ "Tera Term", "KEYBOARD.CNF", K_F3, "\033[13~" },
	{ "Tera Term", "KEYBOARD.CNF", K_F4, "\033[14~" },
	{ "Tera Term", "KEYBOARD.CNF", K_F5, "\033[15~" },
	FKEYS_TILDE("Tera Term", "KEYBOARD.CNF"),
	EDIT_TILDE("Tera Term", "KEYBOARD.CNF"),
	{ "Tera Term", "PF1 (Num Lock)", K_F1, "\033OP" },
	{ "Tera Term", "cursor keys", K_UP, "\033OA" },
	{ "Tera Term", "cursor keys", K_DOWN, "\033[B" },
	/* xterm. */
	{ "xterm", "", K_F1, "\033OP" },
	{ "xterm", "", K_F4, "\033OS" },
	{ "xterm", "", K_F5, "\033[15~" },
	{ "xterm", "", K_HOME, "\033[H" },
	{ "xterm", "", K_END, "\033[F" },
	{ "xterm", "keypad", K_HOME, "\033OH" },
	{ "xterm", "keypad", K_END, "\033OF" },
	{ "xterm", "Ctrl", K_HOME, "\033[1;5H" },
	{ "xterm", "Ctrl", K_UP, "\033[1;5A" },
	{ "xterm", "Shift", K_F1, "\033[1;2P" },
	{ "xterm", "Ctrl", K_F5, "\033[15;5~" },
	{ "xterm", "Ctrl", K_DEL, "\033[3;5~" },
	/* rxvt. */
	{ "rxvt", "", K_HOME, "\033[7~" },
	{ "rxvt", "", K_END, "\033[8~" },
};

static int
suite_init(void)
{
	const char *m = test_prog("madoguchi");

	if ((state = test_mkdtemp("keys")) == NULL)
		return -1;
	return test_system("%s init --demo %s >/dev/null 2>&1", m, state) ==
	    0 ? 0 : -1;
}

static int
suite_clean(void)
{
	if (state != NULL)
		test_rmtree(state);
	free(state);
	return 0;
}

/* The UI for the demo clerk under term, its CPR answered as cpr; the
 * menu shown. */
static struct vt *
keys_start(const char *term, const char *session, enum vt_cpr cpr)
{
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", state,
	    "--clerk", "demo", NULL };
	char tenv[64], senv[64];
	char *env[] = { "MADOGUCHI_TODAY=2026-11-25", senv, tenv, NULL };
	struct vt *v;

	snprintf(tenv, sizeof(tenv), "TERM=%s", term);
	snprintf(senv, sizeof(senv), "MADOGUCHI_SESSION=%s", session);
	v = vt_spawn(24, 80, argv, env);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_set_cpr(v, cpr);
	if (!vt_wait_text(v, "メニュー", WAIT_MS) ||
	    !vt_wait_text(v, "F10/q 終了", WAIT_MS)) {
		vt_dump(v, "no menu");
		CU_FAIL("menu not shown");
	}
	return v;
}

static void
keys_stop(struct vt *v)
{
	int st = -1;

	vt_type(v, "\0330");	/* Alt+0 = F10 */
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

static int
keys_fail(struct vt *v, const char *term, const struct keys_row *r,
    const char *what)
{
	char why[160];

	snprintf(why, sizeof(why), "TERM=%s %s %s key %d: %s", term,
	    r->client, r->mode, (int)r->key, what);
	vt_dump(v, why);
	return 0;
}

static int
keys_wait(struct vt *v, const char *text)
{
	return vt_wait_text(v, text, WAIT_MS);
}

/* On the menu. F1 opens help, F10 asks to log out; any other key is
 * followed by '?': help must open with no complaint said about it. */
static int
keys_on_menu(struct vt *v, const char *term, const struct keys_row *r)
{
	vt_type(v, r->bytes);
	if (r->key == K_F10) {
		if (!keys_wait(v, "ログアウトしますか"))
			return keys_fail(v, term, r, "no logout question");
		vt_type(v, "n");
		return vt_wait_gone(v, "ログアウトしますか", WAIT_MS);
	}
	if (r->key != K_F1)
		vt_type(v, "?");
	if (!keys_wait(v, "ヘルプ: メニュー"))
		return keys_fail(v, term, r, "no help");
	if (vt_has_text(v, refused))
		return keys_fail(v, term, r, "refused");
	vt_type(v, "\r");
	return vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS);
}

/* Type text, press the row's key, type after; want shows in the field. */
static int
keys_edit(struct vt *v, const char *term, const struct keys_row *r,
    const char *before, const char *after, const char *want)
{
	vt_type(v, before);
	vt_type(v, r->bytes);
	vt_type(v, after);
	if (!keys_wait(v, want))
		return keys_fail(v, term, r, want);
	vt_type(v, "\025");	/* Ctrl-U empties the field */
	return vt_wait_gone(v, want, WAIT_MS);
}

/* On the search form, 氏名 focused and empty. */
static int
keys_on_form(struct vt *v, const char *term, const struct keys_row *r)
{
	switch (r->key) {
	case K_HOME:
		return keys_edit(v, term, r, "abc", "X", "Xabc");
	case K_END:
		return keys_edit(v, term, r, "abc\001", "Y", "abcY");
	case K_DEL:
		return keys_edit(v, term, r, "abc\001", "Z", "Zbc");
	case K_INS:
		vt_type(v, r->bytes);
		if (!keys_wait(v, "このキーは使えません"))
			return keys_fail(v, term, r, "Insert not said unused");
		return keys_edit(v, term, r, "", "Xq7", "Xq7");
	case K_F8:
		vt_type(v, "abc");
		if (!keys_wait(v, "abc"))
			return 0;
		vt_type(v, r->bytes);
		if (!vt_wait_gone(v, "abc", WAIT_MS))
			return keys_fail(v, term, r, "F8 did not clear");
		return 1;
	case K_F5:
		vt_type(v, r->bytes);
		if (!keys_wait(v, "氏名、カナ、生年月日"))
			return keys_fail(v, term, r, "F5 did not search");
		vt_type(v, "\r");
		return vt_wait_gone(v, "氏名、カナ、生年月日", WAIT_MS);
	case K_DOWN:
		vt_type(v, r->bytes);
		if (!keys_wait(v, "> 氏名 (カナ)"))
			return keys_fail(v, term, r, "focus did not move");
		vt_type(v, "\033[Z");
		return vt_wait_gone(v, "> 氏名 (カナ)", WAIT_MS);
	case K_UP:
		vt_type(v, "\t");
		if (!keys_wait(v, "> 氏名 (カナ)"))
			return 0;
		vt_type(v, r->bytes);
		if (!vt_wait_gone(v, "> 氏名 (カナ)", WAIT_MS))
			return keys_fail(v, term, r, "focus did not move");
		return 1;
	default:
		return -1;	/* not a form key */
	}
}

/* Every row under one TERM: the menu's rows first, then the search
 * form's (F5 there submits the empty form: its check speaks; F8
 * empties it). */
static void
keys_play(const char *term)
{
	struct vt *v = keys_start(term, "keys-play", VT_CPR_TERM);
	size_t i;

	for (i = 0; i < nitems(keys_table); i++) {
		const struct keys_row *r = &keys_table[i];

		if (r->key == K_HOME || r->key == K_END || r->key == K_DEL ||
		    r->key == K_INS || r->key == K_F5 || r->key == K_F8 ||
		    r->key == K_UP || r->key == K_DOWN)
			continue;
		CU_ASSERT_TRUE(keys_on_menu(v, term, r));
	}
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(keys_wait(v, "手続きをする本人の検索"));
	for (i = 0; i < nitems(keys_table); i++) {
		const struct keys_row *r = &keys_table[i];
		int rc = keys_on_form(v, term, r);

		if (rc != -1)
			CU_ASSERT_TRUE(rc);
	}
	CU_ASSERT_FALSE(vt_has_text(v, refused));
	keys_stop(v);
}

static void
test_xterm(void)
{
	keys_play("xterm");
}

static void
test_vt100(void)
{
	keys_play("vt100");
}

static void
test_linux(void)
{
	keys_play("linux");
}

static void
test_screen(void)
{
	keys_play("screen");
}

/* PuTTY's own TERM: no terminfo entry here, so the UI falls back to
 * xterm-256color; the keys are read the same. */
static void
test_putty(void)
{
	keys_play("putty");
}

/* Esc and a digit pressed one after the other are F1..F10; Esc alone,
 * or followed by anything else, is Esc (back), and that key still
 * counts. */
static void
test_esc_digit(void)
{
	struct vt *v = keys_start("vt100", "keys-esc", VT_CPR_TERM);

	vt_type(v, "\033");
	vt_pump(v, APART_MS);
	vt_type(v, "1");
	CU_ASSERT_TRUE(keys_wait(v, "ヘルプ: メニュー"));
	CU_ASSERT_TRUE(keys_wait(v, "Esc 1 = F1"));
	vt_type(v, "\r");
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	/* The key bar says so. */
	CU_ASSERT_TRUE(vt_has_text(v, "Esc+数字=F"));
	/* Esc alone goes back from the search form. */
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(keys_wait(v, "手続きをする本人の検索"));
	vt_type(v, "\033");
	CU_ASSERT_TRUE(vt_wait_gone(v, "手続きをする本人の検索", WAIT_MS));
	/* Esc, then a key that is no digit: back, and that key too (? is
	 * the menu's help). */
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(keys_wait(v, "手続きをする本人の検索"));
	vt_type(v, "\033");
	vt_pump(v, APART_MS);
	vt_type(v, "?");
	CU_ASSERT_TRUE(keys_wait(v, "ヘルプ: メニュー"));
	vt_type(v, "\r");
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	/* Esc then 0, apart, is F10. */
	vt_type(v, "\033");
	vt_pump(v, APART_MS);
	vt_type(v, "0");
	CU_ASSERT_TRUE(keys_wait(v, "ログアウトしますか"));
	vt_type(v, "n");
	CU_ASSERT_TRUE(vt_wait_gone(v, "ログアウトしますか", WAIT_MS));
	/* On a form, Esc then 5 apart is F5 (the search), not a 5 typed. */
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(keys_wait(v, "手続きをする本人の検索"));
	vt_type(v, "abc");
	CU_ASSERT_TRUE(keys_wait(v, "abc"));
	vt_type(v, "\033");
	vt_pump(v, APART_MS);
	vt_type(v, "8");
	CU_ASSERT_TRUE(vt_wait_gone(v, "abc", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "abc8"));
	CU_ASSERT_FALSE(vt_has_text(v, refused));
	keys_stop(v);
}

/* The line the session wrote about the probe in the UI's log, or "". */
static int
keys_log_has(const char *session, const char *what)
{
	return test_system("grep -q 'session=%s .*ambiguous-width characters %s' "
	    "%s/log/ui.log", session, what, state) == 0;
}

/* The probe at the start, answered the three ways. */
static void
test_probe(void)
{
	static const char wide[] = "端末はあいまい幅の文字を全角にする設定です";
	struct vt *v;

	v = keys_start("xterm", "keys-narrow", VT_CPR_TERM);
	CU_ASSERT_FALSE(vt_has_text(v, wide));
	CU_ASSERT_FALSE(vt_has_text(v, refused));
	keys_stop(v);
	CU_ASSERT_TRUE(keys_log_has("keys-narrow", "single width"));

	v = keys_start("xterm", "keys-wide", VT_CPR_WIDE);
	CU_ASSERT_TRUE(keys_wait(v, wide));
	CU_ASSERT_FALSE(vt_has_text(v, refused));
	/* The probe's character is gone from the screen. */
	CU_ASSERT_FALSE(vt_has_text(v, "\xe2\x97\x8b"));
	/* A report that comes late is no key either. */
	vt_type(v, "\033[2;3R?");
	CU_ASSERT_TRUE(keys_wait(v, "ヘルプ: メニュー"));
	CU_ASSERT_FALSE(vt_has_text(v, refused));
	vt_type(v, "\r");
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	keys_stop(v);
	CU_ASSERT_TRUE(keys_log_has("keys-wide", "double width"));

	v = keys_start("vt100", "keys-mute", VT_CPR_NONE);
	CU_ASSERT_FALSE(vt_has_text(v, wide));
	keys_stop(v);
	CU_ASSERT_TRUE(keys_log_has("keys-mute", "unknown"));
}

static CU_TestInfo keys_tests[] = {
	{ "every client's keys, TERM=xterm", test_xterm },
	{ "every client's keys, TERM=vt100", test_vt100 },
	{ "every client's keys, TERM=linux", test_linux },
	{ "every client's keys, TERM=screen", test_screen },
	{ "every client's keys, TERM=putty", test_putty },
	{ "Esc then a digit, Esc alone", test_esc_digit },
	{ "ambiguous width probed: narrow, wide, no answer", test_probe },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(keys, "ui.keys", suite_init, suite_clean, keys_tests)
