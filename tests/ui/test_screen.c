/*
 * `madoguchi ui` on a bare pty, read through libvterm as a clerk reads it:
 * the header and menu, the plain "not built" message, help, resize and a
 * terminal too small, hostile bytes typed, the field editor with kanji,
 * the admin menu hidden from a clerk, logout, and the errors said on
 * stderr before curses starts. The state dir is made once by
 * `madoguchi init --demo` plus two clerks added with `madoguchi clerk`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/store.h"
#include "testlib.h"
#include "vt.h"

#define WAIT_MS	5000

static char *state;
/* 伊藤 翔's application and its inquiry letter (suite_records). */
static int64_t ito_app_id;
static char ito_letter_ref[16];

static int suite_records(void);

static int
suite_init(void)
{
	const char *m = test_prog("madoguchi");

	if ((state = test_mkdtemp("ui")) == NULL)
		return -1;
	if (test_system("%s init --demo %s >/dev/null 2>&1", m, state) != 0 ||
	    test_system("ssh-keygen -q -t ed25519 -N '' -f %s/k >/dev/null", state) != 0 ||
	    test_system("ssh-keygen -q -t ed25519 -N '' -f %s/k2 >/dev/null", state) != 0 ||
	    test_system("%s clerk add tanaka --key %s/k.pub --role clerk "
	    "--window shonai --name '田中 花子' --state %s >/dev/null 2>&1",
	    m, state, state) != 0 ||
	    test_system("%s clerk add gone --key %s/k2.pub --role clerk "
	    "--window citizens --name '退職 者' --state %s >/dev/null 2>&1",
	    m, state, state) != 0 ||
	    test_system("%s clerk disable gone --state %s >/dev/null 2>&1", m,
	    state) != 0)
		return -1;
	return suite_records();
}

static int
first_person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/* 伊藤 翔 of the demo registry gets a card and an accepted application,
 * for the person screen to show. */
static int
suite_records(void)
{
	struct store_person_query q = { .kana = "イトウショウ" };
	struct store_clerk clerk;
	struct store_card card;
	struct store_app *app;
	struct store *st;
	char err[256];
	int64_t pid = 0;
	int rc = -1;

	if ((st = store_open(state, 0, err, sizeof(err))) == NULL)
		return -1;
	app = calloc(1, sizeof(*app));
	if (store_person_search(st, &q, first_person_cb, &pid) < 1 ||
	    store_clerk_by_login(st, "demo", &clerk) != 0 ||
	    store_card_ensure(st, pid, "CARD00012345", "2030-03-31", &card) != 0)
		goto out;
	app->person_id = pid;
	app->clerk_id = clerk.id;
	snprintf(app->procedure, sizeof(app->procedure), "issue");
	snprintf(app->register_, sizeof(app->register_), "resident");
	snprintf(app->form, sizeof(app->form), "様式第1号");
	snprintf(app->window, sizeof(app->window), "citizens");
	snprintf(app->filer, sizeof(app->filer), "self");
	snprintf(app->case_json, sizeof(app->case_json), "{}");
	snprintf(app->decision, sizeof(app->decision), "accept");
	snprintf(app->rules, sizeof(app->rules), "R2.1 R2.4");
	snprintf(app->state, sizeof(app->state), "accepted");
	rc = store_app_create(st, app);
	if (rc == 0) {
		struct store_letter l;

		ito_app_id = app->id;
		rc = store_letter_create(st, app->id, "様式第2号", &l);
		snprintf(ito_letter_ref, sizeof(ito_letter_ref), "%s", l.ref_no);
	}
out:
	free(app);
	store_close(st);
	return rc;
}

static int
suite_clean(void)
{
	if (state != NULL)
		test_rmtree(state);
	free(state);
	return 0;
}

/* Start the UI for a clerk on a rows x cols pty, waiting for the menu. */
static struct vt *
start(const char *clerk, int rows, int cols)
{
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", state,
	    "--clerk", (char *)clerk, NULL };
	char *env[] = { "MADOGUCHI_TODAY=2026-11-25", "MADOGUCHI_SESSION=t1",
	    NULL };
	struct vt *v = vt_spawn(rows, cols, argv, env);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* The key bar is the last row curses draws. */
	if (!vt_wait_text(v, "メニュー", WAIT_MS) ||
	    !vt_wait_text(v, "F10/q 終了", WAIT_MS)) {
		vt_dump(v, "no menu");
		CU_FAIL("menu not shown");
	}
	return v;
}

/* Log out with F10 and Y; the program must exit 0. */
static void
logout(struct vt *v)
{
	int st = -1;

	vt_key(v, VT_KEY_F10);
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

static void
test_menu(void)
{
	static const char *const procedures[] = {
		"電子証明書の発行・更新 (住民)",
		"電子証明書の発行・更新 (国外転出者)",
		"電子証明書の失効 (住民)", "電子証明書の失効 (国外転出者)",
		"暗証番号の変更・初期化 (住民)",
		"暗証番号の変更・初期化 (国外転出者)",
		"顔認証マイナンバーカードへの切替",
		"紛失カードの発見 (一時保留の失効)",
		"開示請求・訂正請求 (住民)", "開示請求・訂正請求 (国外転出者)",
		"照会書兼回答書", "本人・申請の検索", "保守",
	};
	struct vt *v = start("demo", 24, 80);
	char row[512];
	size_t i;

	vt_row(v, 0, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "窓口 太郎"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "市民課"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "管理者"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "令和8年11月25日(水)"));
	/* At 80 columns the reader state keeps its place; the date gives
	 * up its 西暦 part for it. */
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "読取機: "));
	CU_ASSERT_PTR_NULL(strstr(row, "2026-11-25"));
	for (i = 0; i < sizeof(procedures) / sizeof(procedures[0]); i++)
		if (!vt_wait_text(v, procedures[i], WAIT_MS)) {
			fprintf(stderr, "missing: %s\n", procedures[i]);
			CU_FAIL("a procedure is missing from the menu");
		}
	vt_row(v, 23, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "F1/? ヘルプ"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "F10/q 終了"));
	logout(v);
}

/* Esc from a procedure's search nothing was typed into: the menu again
 * at once (its preset 区分 is not input), nothing asked. */
static void
leave_search(struct vt *v)
{
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "入力した内容を消して"));
}

static void
test_maint_entries(void)
{
	struct vt *v = start("demo", 24, 80);
	int i;

	/* Every maintenance entry is built: by its digit (バックアップ is
	 * the seventh) and back. */
	vt_type(v, "m");
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	vt_type(v, "7");
	CU_ASSERT_TRUE(vt_wait_text(v, "最後のバックアップ", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "まだ実装されていません"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	/* By cursor: from the top down to item 8 (統計) and Enter. */
	vt_key(v, VT_KEY_HOME);
	for (i = 0; i < 7; i++)
		vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "今日の日計表", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	/* Enter sent as CR LF (a Tera Term setting) is one Enter: the form
	 * it opened is not also submitted (no table of counts). */
	vt_key(v, VT_KEY_HOME);
	for (i = 0; i < 7; i++)
		vt_key(v, VT_KEY_DOWN);
	vt_type(v, "\r\n");
	CU_ASSERT_TRUE(vt_wait_text(v, "今日の日計表", WAIT_MS));
	vt_pump(v, 300);
	CU_ASSERT_TRUE(vt_has_text(v, "今日の日計表"));
	CU_ASSERT_FALSE(vt_has_text(v, "統計 (件数)"));
	CU_ASSERT_TRUE(vt_has_text(v, "> 開始日"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	logout(v);
}

static void
test_help(void)
{
	struct vt *v = start("demo", 24, 80);

	vt_key(v, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: メニュー", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "Alt+数字", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	vt_type(v, "?");
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: メニュー", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	/* Alt+1 (ESC 1) stands for F1 on terminals without F-keys. */
	vt_type(v, "\0331");
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: メニュー", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	/* PuTTY and Tera Term send F1 as CSI 11 ~. */
	vt_type(v, "\033[11~");
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: メニュー", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "ヘルプ: メニュー", WAIT_MS));
	/* The search form has its own help. */
	vt_type(v, "c");
	CU_ASSERT_TRUE(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_key(v, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(v, "ヘルプ: 本人・申請の検索", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	logout(v);
}

/* 1 when the last row (of rows) holds the function-key bar. */
static int
bar_on_row(struct vt *v, int r)
{
	char row[512];

	vt_pump(v, 0);
	vt_row(v, r, row, sizeof(row));
	return strstr(row, "F10/q 終了") != NULL;
}

static void
test_resize(void)
{
	struct vt *v = start("demo", 24, 80);
	char row[512];
	int i;

	vt_resize(v, 30, 100);
	for (i = 0; i < 100 && !bar_on_row(v, 29); i++)
		vt_pump(v, 50);
	CU_ASSERT_TRUE(bar_on_row(v, 29));
	vt_row(v, 0, row, sizeof(row));
	/* The date moved to the new right edge: the row is 100 columns. */
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "2026-11-25"));
	CU_ASSERT_TRUE(vt_wait_text(v, "メニュー", WAIT_MS));
	vt_resize(v, 23, 79);
	CU_ASSERT_TRUE(vt_wait_text(v, "端末が小さすぎます", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "80桁 x 24行", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "メニュー"));
	vt_type(v, "1");	/* ignored while too small */
	vt_resize(v, 24, 80);
	if (!vt_wait_text(v, "メニュー", WAIT_MS)) {
		vt_dump(v, "not recovered");
		CU_FAIL("no menu after enlarging");
	}
	CU_ASSERT_TRUE(vt_wait_gone(v, "端末が小さすぎます", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "まだ実装されていません"));
	for (i = 0; i < 100 && !bar_on_row(v, 23); i++)
		vt_pump(v, 50);
	CU_ASSERT_TRUE(bar_on_row(v, 23));
	logout(v);
}

static void
test_bad_input(void)
{
	static const char bad_utf8[] = "\xff\xfe\xc3(";
	static const char csi_unknown[] = "\033[99~";
	static const char osc[] = "\033]0;EVIL\007";
	struct vt *v = start("demo", 24, 80);
	char *before, *after;

	vt_pump(v, 100);
	before = vt_screen(v);
	vt_write(v, bad_utf8, sizeof(bad_utf8) - 1);
	CU_ASSERT_TRUE(vt_wait_text(v, "UTF-8 ではない入力を無視しました", WAIT_MS));
	vt_write(v, csi_unknown, sizeof(csi_unknown) - 1);
	vt_write(v, osc, sizeof(osc) - 1);
	CU_ASSERT_TRUE(vt_wait_text(v, "解釈できないキー入力を無視しました", WAIT_MS));
	vt_type(v, "\001");	/* ^A on a menu: nothing; ^G refused */
	vt_type(v, "\007");
	CU_ASSERT_TRUE(vt_wait_text(v, "制御文字は入力できません", WAIT_MS));
	vt_pump(v, 100);
	after = vt_screen(v);
	CU_ASSERT_PTR_NULL(strstr(after, "EVIL"));
	CU_ASSERT_PTR_NULL(strstr(after, "99~"));
	CU_ASSERT_PTR_NULL(strstr(after, "\xef\xbf\xbd"));	/* U+FFFD */
	/* Everything but the message line is as before. */
	{
		char *b = strdup(before), *a = strdup(after);
		char *bl = strrchr(b, '\n'), *al = strrchr(a, '\n');
		int i;

		/* Cut at row 22 (the message line) in both. */
		for (i = 0; i < 3 && bl != NULL; i++) {
			*bl = '\0';
			bl = strrchr(b, '\n');
		}
		for (i = 0; i < 3 && al != NULL; i++) {
			*al = '\0';
			al = strrchr(a, '\n');
		}
		CU_ASSERT_STRING_EQUAL(a, b);
		free(a);
		free(b);
	}
	free(before);
	free(after);
	/* Still working: the menu answers. */
	vt_type(v, "a");
	CU_ASSERT_TRUE(vt_wait_text(v, "手続きをする本人の検索", WAIT_MS));
	leave_search(v);
	logout(v);
}

/* A seeded blast of hostile bytes (controls, stray UTF-8 bytes, kanji,
 * unknown CSI sequences; no plain letters, Enter or a lone Esc, which
 * are keys with meaning): the UI stays up, the menu is drawn as before. */
static void
test_byte_blast(void)
{
	struct vt *v = start("demo", 24, 80);
	uint32_t seed = 8112026;
	char *before, *after, buf[64];
	int i, r;

	vt_pump(v, 100);
	before = vt_screen(v);
	for (i = 0; i < 400; i++) {
		size_t n = 0;
		unsigned b;

		seed = seed * 1103515245u + 12345u;
		b = (seed >> 16) & 0xff;
		switch (b % 4) {
		case 0:		/* a control other than ^C ^M ^J ^I ^[ */
			b = 1 + b % 31;
			if (b == 3 || b == 9 || b == 10 || b == 13 || b == 27)
				b = 7;
			buf[n++] = (char)b;
			break;
		case 1:		/* a byte that is no UTF-8 lead */
			buf[n++] = (char)(0x80 | (b & 0x3f));
			break;
		case 2:		/* a kanji, or a cut one */
			memcpy(buf, "漢", 3);
			n = b & 1 ? 3 : 2;
			break;
		default:	/* CSI with parameters no key has */
			n = (size_t)snprintf(buf, sizeof(buf), "\033[%u;%u%c",
			    b, b % 7, "~zqJ"[b % 4]);
			break;
		}
		vt_write(v, buf, n);
		if (i % 50 == 0)
			vt_pump(v, 10);
	}
	vt_type(v, "\014");	/* ^L: redraw */
	vt_pump(v, 300);
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	CU_ASSERT_FALSE(vt_wait_exit(v, 0, NULL));
	after = vt_screen(v);
	/* Rows 0..20 as before (22 is the message line). */
	for (i = 0, r = 0; r < 21; i++)
		if (before[i] != after[i])
			break;
		else if (before[i] == '\n')
			r++;
	CU_ASSERT_EQUAL(r, 21);
	if (r != 21)
		vt_dump(v, "after the blast");
	free(before);
	free(after);
	logout(v);
}

/* The server ends a session with SIGHUP: the UI ends at once, cleanly
 * (status 0), and its log line says why. */
static void
test_hangup(void)
{
	struct vt *v = start("demo", 24, 80);
	pid_t pid = vt_pid(v);
	char *out;
	int st = -1;

	vt_type(v, "c");	/* inside a form, with typed input */
	CU_ASSERT_TRUE(vt_wait_text(v, "> 氏名", WAIT_MS));
	vt_type(v, "山");
	CU_ASSERT_TRUE(vt_wait_text(v, "山", WAIT_MS));
	vt_kill(v, SIGHUP);
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
	out = test_output(&st, "grep 'madoguchi\\[%d\\]' %s/log/ui.log", (int)pid,
	    state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "session=t1 clerk=demo ui start"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "ui end: terminal closed or hangup"));
	free(out);
}

/* The row holding label, as text. */
static int
row_with(struct vt *v, const char *label, char *row, size_t size)
{
	int r;

	vt_pump(v, 0);
	for (r = 0; r < 24; r++) {
		vt_row(v, r, row, size);
		if (strstr(row, label) != NULL)
			return r;
	}
	return -1;
}

static int
wait_row(struct vt *v, const char *label, const char *want)
{
	char row[512];
	int i;

	for (i = 0; i < 100; i++) {
		if (row_with(v, label, row, sizeof(row)) >= 0 &&
		    strstr(row, want) != NULL)
			return 1;
		vt_pump(v, 50);
	}
	fprintf(stderr, "row of %s: [%s], wanted %s\n", label, row, want);
	return 0;
}

static void
test_field_kanji(void)
{
	struct vt *v = start("demo", 24, 80);
	char row[512];
	int r, c, r0;

	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_type(v, "山田太郎");
	CU_ASSERT_TRUE(wait_row(v, "> 氏名", "山田太郎"));
	r0 = row_with(v, "> 氏名", row, sizeof(row));
	vt_cursor(v, &r, &c);
	CU_ASSERT_EQUAL(r, r0);
	/* The field starts at column 2 + label width 11 + 2 = 15. */
	CU_ASSERT_EQUAL(c, 15 + 8);
	vt_key(v, VT_KEY_BACKSPACE);
	CU_ASSERT_TRUE(vt_wait_gone(v, "山田太郎", WAIT_MS));
	CU_ASSERT_TRUE(wait_row(v, "> 氏名", "山田太"));
	vt_cursor(v, &r, &c);
	CU_ASSERT_EQUAL(c, 15 + 6);
	/* Insert in the middle: Left, then a kanji. */
	vt_key(v, VT_KEY_LEFT);
	vt_type(v, "口");
	CU_ASSERT_TRUE(wait_row(v, "> 氏名", "山田口太"));
	vt_cursor(v, &r, &c);
	CU_ASSERT_EQUAL(c, 15 + 6);
	/* Kana field: hiragana becomes katakana; a letter is refused. */
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "やまだ");
	CU_ASSERT_TRUE(wait_row(v, "> 氏名 (カナ)", "ヤマダ"));
	vt_type(v, "x");
	CU_ASSERT_TRUE(vt_wait_text(v, "カタカナで入力してください", WAIT_MS));
	/* A date is shown as read; a bad one is named on leaving the field
	 * and again on submit. */
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "h1.1.8");
	CU_ASSERT_TRUE(vt_wait_text(v, "= 平成元年1月8日 (1989-01-08)", WAIT_MS));
	vt_type(v, "\025");	/* ^U clears the field */
	vt_type(v, "令和8年2月30日");
	vt_key(v, VT_KEY_TAB);
	CU_ASSERT_TRUE(vt_wait_text(v, "生年月日: 正しい日付ではありません", WAIT_MS));
	vt_key(v, VT_KEY_BTAB);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "生年月日: 正しい日付ではありません", WAIT_MS));
	/* Esc asks before throwing the input away; n keeps it. */
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "入力した内容を消して", WAIT_MS));
	vt_type(v, "n");
	CU_ASSERT_TRUE(vt_wait_gone(v, "入力した内容を消して", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "山田口太", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "入力した内容を消して", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "メニュー", WAIT_MS));
	logout(v);
}

static void
test_clerk_role(void)
{
	struct vt *v = start("tanaka", 24, 80);
	char row[512];

	vt_row(v, 0, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "田中 花子"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "庄内出張所"));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "職員"));
	CU_ASSERT_FALSE(vt_has_text(v, "保守"));
	CU_ASSERT_TRUE(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_type(v, "m");
	vt_type(v, "9");	/* a sync point: this one answers */
	CU_ASSERT_TRUE(vt_wait_text(v, "手続きをする本人の検索", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "職員の登録・鍵・停止"));
	leave_search(v);
	logout(v);
}

static void
test_admin_maint(void)
{
	struct vt *v = start("demo", 24, 80);

	vt_type(v, "m");
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	vt_type(v, "1");
	CU_ASSERT_TRUE(vt_wait_text(v, "田中 花子", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "停止中", WAIT_MS));
	/* A clerk by the login typed (upper case: a is the key of 登録). */
	vt_type(v, "TAN");
	if (!vt_wait_text(v, "移動: TAN  (", WAIT_MS))
		vt_dump(v, "no jump to tanaka");
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "指紋 (SHA256)", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "田中 花子"));
	CU_ASSERT_FALSE(vt_has_text(v, "退職 者"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "停止中", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "職員の登録・鍵・停止", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "職員の登録・鍵・停止", WAIT_MS));
	logout(v);
}

static void
test_logout_cancel(void)
{
	struct vt *v = start("demo", 24, 80);
	int st;

	vt_type(v, "q");
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "n");
	CU_ASSERT_TRUE(vt_wait_gone(v, "ログアウトしますか", WAIT_MS));
	CU_ASSERT_FALSE(vt_wait_exit(v, 200, &st));
	vt_type(v, "q");
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "Y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

/* "--state DIR --clerk LOGIN"; the caller frees it. */
static char *
xasprintf_test(const char *dir, const char *login)
{
	size_t n = strlen(dir) + strlen(login) + 32;
	char *s = malloc(n);

	snprintf(s, n, "--state %s --clerk %s", dir, login);
	return s;
}

static void
expect_refused(const char *args, const char *msg)
{
	char *out;
	int st = -1;

	out = test_output(&st, "%s ui %s 2>&1 </dev/null", test_prog("madoguchi"),
	    args);
	CU_ASSERT_EQUAL(st, 1);
	if (out == NULL || strstr(out, msg) == NULL) {
		fprintf(stderr, "ui %s said: %s\n", args, out ? out : "(null)");
		CU_FAIL("message missing");
	}
	free(out);
}

static void
test_refusals(void)
{
	char *args;

	expect_refused("--state /nonexistent/madoguchi --clerk demo",
	    "状態ディレクトリ /nonexistent/madoguchi がありません");
	args = xasprintf_test(state, "nobody");
	expect_refused(args, "職員 nobody は登録されていません");
	free(args);
	args = xasprintf_test(state, "gone");
	expect_refused(args, "職員 gone は停止されています");
	free(args);
	args = xasprintf_test(state, "demo");
	expect_refused(args, "端末 (tty) ではない");	/* stdin is /dev/null */
	free(args);
	{
		char *file = malloc(strlen(state) + 8);

		sprintf(file, "%s/k.pub", state);
		args = xasprintf_test(file, "demo");
		expect_refused(args, "ディレクトリではありません");
		free(args);
		free(file);
	}
}

/* From the menu (key, to the search titled title), 伊藤 翔 found by his
 * kana typed in hiragana: the results show him. */
static void
search_ito(struct vt *v, const char *key, const char *title)
{
	vt_type(v, key);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, title, WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "いとうしょう");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "イトウ ショウ", WAIT_MS));
}

/* The search form finds a person of the demo registry by kana typed in
 * hiragana; the list opens the person's record with age today. */
static void
test_search_person(void)
{
	struct vt *v = start("tanaka", 24, 80);

	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "いとうしょう");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "検索結果", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "1 人見つかりました", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "イトウ ショウ", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "平成12年2月29日", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "伊藤 翔", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "26歳", WAIT_MS));	/* on 2026-11-25 */
	CU_ASSERT_TRUE(vt_wait_text(v, "CARD00012345  有効期限 R12.3.31", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "発行・更新  様式第1号  受付済み", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "検索結果", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の記録", WAIT_MS));
	/* F9 from the record: straight back to the menu. */
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "本人の記録"));
	vt_type(v, "c");
	CU_ASSERT_TRUE(vt_wait_text(v, "> 氏名", WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "いとうしょう");
	/* Back on the form, the kana is still there; a miss says so. */
	CU_ASSERT_TRUE(vt_wait_text(v, "イトウショウ", WAIT_MS));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(vt_wait_gone(v, "イトウショウ", WAIT_MS));
	vt_type(v, "存在しない名前");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "該当する人はいません", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	vt_key(v, VT_KEY_F8);	/* cleared: Esc goes back without asking */
	CU_ASSERT_TRUE(vt_wait_gone(v, "存在しない名前", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	logout(v);
}

/* The idle timeout (setting session.idle_timeout_s) locks the screen and
 * the lock's (session.lock_timeout_s) ends the session; keys keep it alive. Its own state dir, so the other tests keep the default. */
static void
test_idle_timeout(void)
{
	char *dir = test_mkdtemp("ui-idle"), err[256];
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", dir,
	    "--clerk", "demo", NULL };
	struct store *st;
	struct vt *v;
	int i, status = -1;

	CU_ASSERT_FATAL(test_system("%s init --demo %s >/dev/null 2>&1",
	    test_prog("madoguchi"), dir) == 0);
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_setting_set(st, "session.idle_timeout_s", "1"), 0);
	CU_ASSERT_EQUAL(store_setting_set(st, "session.lock_timeout_s", "1"), 0);
	store_close(st);
	v = vt_spawn(24, 80, argv, NULL);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(vt_wait_text(v, "メニュー", WAIT_MS));
	for (i = 0; i < 4; i++) {	/* 1.6 s of keys 0.4 s apart */
		vt_pump(v, 400);
		vt_key(v, VT_KEY_DOWN);
	}
	CU_ASSERT_FALSE(vt_wait_exit(v, 0, &status));
	/* Idle: locked first (issue 14), then ended by the lock's timeout. */
	CU_ASSERT_TRUE(vt_wait_text(v, "離席中のため画面をロックしました",
	    WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &status));
	CU_ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CU_ASSERT_TRUE(vt_wait_text(v, "操作がなかったため、終了しました", WAIT_MS));
	vt_free(v);
	test_rmtree(dir);
	free(dir);
}

/* A state dir the UI may not write to (read-only; as root the UI runs as
 * nobody through setpriv, since root may write anywhere). */
static void
test_unwritable(void)
{
	char *dir = test_mkdtemp("ui-ro"), *out;
	int st = -1;

	CU_ASSERT_EQUAL_FATAL(chmod(dir, 0555), 0);
	out = test_output(&st, "%s%s ui --state %s --clerk demo 2>&1 </dev/null",
	    geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 "
	    "--clear-groups " : "", test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "に書き込めません") : NULL);
	free(out);
	chmod(dir, 0700);
	test_rmtree(dir);
	free(dir);
}

/* The other two ways a clerk finds a person: the birth date as the
 * resident says it (和暦), and part of the address. */
static void
test_search_birth_address(void)
{
	struct vt *v = start("tanaka", 24, 80);

	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "昭和61年2月3日");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "2 人見つかりました", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "窓口 花子", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "山田 太郎", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 生年月日", WAIT_MS));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(vt_wait_gone(v, "昭和61年2月3日", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	vt_type(v, "c");
	CU_ASSERT_TRUE(vt_wait_text(v, "> 氏名", WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_TAB);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 住所", WAIT_MS));
	vt_type(v, "新千里東町");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "2 人見つかりました", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "高橋 健太", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "高橋 由美", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "窓口 花子"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 住所", WAIT_MS));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(vt_wait_gone(v, "新千里東町", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "番号・英字キー", WAIT_MS));
	logout(v);
}

/* The identity documents checklist (55 rows; B4 was 32 presses of the
 * down key away): an item code typed goes to its row, lower case too; the
 * first kana of a reading, in any script or width, to the next row read
 * with it; what names no row is said. Enter marks the row highlighted,
 * which shows where the highlight is. */
static void
test_documents_jump(void)
{
	struct vt *v = start("tanaka", 24, 80);

	search_ito(v, "1", "手続きをする本人の検索");
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人の記録", WAIT_MS));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "発行申請の受付", WAIT_MS));
	vt_key(v, VT_KEY_F2);
	if (!vt_wait_text(v, "(1/55)", WAIT_MS))
		vt_dump(v, "no checklist");
	CU_ASSERT_TRUE(vt_has_text(v, "番号 (B4) か読みのかな (う) で移動"));
	vt_key(v, VT_KEY_F1);
	CU_ASSERT_TRUE(vt_wait_text(v, "を打つとその行へ移ります", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "共通のキー"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "共通のキー", WAIT_MS));
	vt_type(v, "B4");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: B4  (33/55)", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "[有効] B4  国民健康保険被保険者証",
	    WAIT_MS));
	/* う: the next row read ウ from B4, round to the top: A1; again A2,
	 * then A16 (ウンコウ); katakana and half-width alike. */
	vt_type(v, "う");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: う  (1/55)", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "[有効] A1  運転免許証", WAIT_MS));
	vt_type(v, "ウ");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: ウ  (2/55)", WAIT_MS));
	vt_type(v, "ｳ");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: ｳ  (16/55)", WAIT_MS));
	/* Kana typed in a row go on with the reading (voiced and small kana
	 * as their plain ones): B18 在留カード (顔写真無), the next after A16.
	 * Ctrl-L first, a key that ends the type-ahead without moving. */
	vt_write(v, "\x0c", 1);
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "ざいりゅう");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: ざいりゅう  (47/55)", WAIT_MS));
	vt_write(v, "\x0c", 1);
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "り");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: り  (3/55)", WAIT_MS));
	/* A non-text key ends the type-ahead and its message. */
	vt_key(v, VT_KEY_DOWN);
	CU_ASSERT_TRUE(vt_wait_gone(v, "移動:", WAIT_MS));
	vt_type(v, "a12");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: a12  (12/55)", WAIT_MS));
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, "Ｂ２");		/* full width, as an IME may give */
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: Ｂ２  (31/55)", WAIT_MS));
	vt_key(v, VT_KEY_DOWN);
	vt_type(v, "B40");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: B40 に当たる行はありません。",
	    WAIT_MS));
	vt_key(v, VT_KEY_DOWN);
	CU_ASSERT_TRUE(vt_wait_gone(v, "当たる行", WAIT_MS));
	vt_type(v, "7");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: 7 に当たる行はありません。",
	    WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "発行申請の受付", WAIT_MS));
	logout(v);
}

/* The procedures offered from the plain search: by the menu's key and by
 * the first kana of the procedure's reading. */
static void
test_procedures_jump(void)
{
	struct vt *v = start("tanaka", 24, 80);

	search_ito(v, "c", "本人・申請の検索");
	/* The results' rows start with the kana name: found by it. */
	vt_type(v, "い");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: い  (1/1)", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人の記録", WAIT_MS));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "手続きの選択", WAIT_MS));
	vt_type(v, "か");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: か  (4/6)", WAIT_MS));
	vt_type(v, "カ");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: カ  (6/6)", WAIT_MS));
	vt_key(v, VT_KEY_HOME);
	vt_type(v, "3");
	CU_ASSERT_TRUE(vt_wait_text(v, "移動: 3  (2/6)", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "電子証明書の失効申請の受付", WAIT_MS));
	logout(v);
}

/* Move the focus down to the field of label (Tab, at most 8 times). */
static int
focus_field(struct vt *v, const char *label)
{
	char want[64];
	int i;

	snprintf(want, sizeof(want), "> %s", label);
	for (i = 0; i < 8; i++) {
		if (vt_wait_text(v, want, 300))
			return 1;
		vt_key(v, VT_KEY_TAB);
	}
	return vt_wait_text(v, want, WAIT_MS);
}

/* What clerks type: kana in half width, the address with hyphens, the
 * birth date as S610203 (all three must match 窓口 花子); a year without
 * its era read in every era; a 受付番号 and a 照会書番号. */
static void
test_search_clerk_forms(void)
{
	struct vt *v = start("tanaka", 24, 80);
	char num[32];

	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	CU_ASSERT_TRUE(focus_field(v, "氏名 (カナ)"));
	vt_type(v, "ﾏﾄﾞｸﾞﾁ");
	CU_ASSERT_TRUE(wait_row(v, "> 氏名 (カナ)", "マドグチ"));
	CU_ASSERT_TRUE(focus_field(v, "生年月日"));
	vt_type(v, "S610203");
	CU_ASSERT_TRUE(vt_wait_text(v, "= 昭和61年2月3日 (1986-02-03)", WAIT_MS));
	CU_ASSERT_TRUE(focus_field(v, "住所"));
	vt_type(v, "中桜塚3-1-1");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "1 人見つかりました", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "窓口 花子", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "昭和61年2月3日", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "窓口 一郎"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 住所", WAIT_MS));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(vt_wait_gone(v, "中桜塚3-1-1", WAIT_MS));
	/* 2.3.4: 令和 to 明治, each shown, none refused. */
	CU_ASSERT_TRUE(focus_field(v, "生年月日"));
	vt_type(v, "2.3.4");
	CU_ASSERT_TRUE(vt_wait_text(v, "= 5通り: R2.3.4 H2.3.4 S2.3.4", WAIT_MS));
	vt_type(v, "\025");
	/* 受付番号: the record of its person, the application listed. */
	CU_ASSERT_TRUE(focus_field(v, "受付番号"));
	snprintf(num, sizeof(num), "%lld", (long long)ito_app_id);
	vt_type(v, num);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "伊藤 翔", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "発行・更新  様式第1号", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 受付番号", WAIT_MS));
	vt_type(v, "\025");
	vt_type(v, "99999");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "その受付番号の申請はありません", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "> 受付番号", WAIT_MS));
	vt_type(v, "\025");
	/* 照会書番号, typed in full-width digits: the letter. */
	CU_ASSERT_TRUE(focus_field(v, "照会書番号"));
	CU_ASSERT_EQUAL(strlen(ito_letter_ref), 10);
	/* The first digit in full width (U+FF10 + d), the rest as printed. */
	snprintf(num, sizeof(num), "\xef\xbc%c%s",
	    (char)(0x90 + ito_letter_ref[0] - '0'), ito_letter_ref + 1);
	vt_type(v, num);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "回答書の返送を受け付けて", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, ito_letter_ref, WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "伊藤 翔", WAIT_MS));
	logout(v);
}

static CU_TestInfo screen_tests[] = {
	{ "menu, header with 和暦 date, key bar", test_menu },
	{ "maintenance entries by digit and cursor; CR LF is one Enter", test_maint_entries },
	{ "help by F1, ?, Alt+1 and CSI 11~", test_help },
	{ "resize redraws; too small refused, then recovers", test_resize },
	{ "invalid UTF-8 and escape sequences refused", test_bad_input },
	{ "a blast of hostile bytes leaves the menu intact", test_byte_blast },
	{ "SIGHUP ends the UI cleanly, logged", test_hangup },
	{ "field editor: kanji typed, Backspace, kana, date", test_field_kanji },
	{ "clerk role: maintenance hidden", test_clerk_role },
	{ "admin: maintenance and clerk list", test_admin_maint },
	{ "logout asks, n stays, y exits 0", test_logout_cancel },
	{ "state dir and clerk errors before curses", test_refusals },
	{ "an unwritable state dir is refused", test_unwritable },
	{ "idle locks, the lock timeout ends it, keys keep it", test_idle_timeout },
	{ "search by kana, list, person record", test_search_person },
	{ "search by 和暦 birth date and by address", test_search_birth_address },
	{ "documents checklist: jump by item code and by kana", test_documents_jump },
	{ "procedures and results: jump by key and by kana", test_procedures_jump },
	{ "search as clerks type: ﾏﾄﾞｸﾞﾁ, 中桜塚3-1-1, S610203; 受付番号, 照会書番号",
	  test_search_clerk_forms },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(screen, "ui.screen", suite_init, suite_clean, screen_tests)
