/*
 * The maintenance screens end to end: madoguchi-sshd with `madoguchi ui`
 * behind it (tests/server's harness), the admin (demo) and a clerk
 * through OpenSSH, screens read through libvterm. The admin registers a
 * clerk by pasting the key line ssh-keygen made, and the clerk logs in
 * with that key; the admin stops the clerk from the screen and the
 * clerk's open session ends while a new login is refused; a setting
 * changed on the screen shows, is kept in the database and audited; the
 * audit screen lists by clerk; the readers screen says plainly that the
 * card service is not running (the emulated reader listed is the golden
 * maint-readers, which runs with the card stack).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "madoguchi/store.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "testlib.h"
#include "../server/harness.h"

#define WAIT_MS		10000
#define ENDS_WITHIN_MS	6000	/* the UI looks every 2 s */
#define CLEAR_FIELD	"\x15"	/* Ctrl-U */

static struct hs *hs;
static char clerk_key[600];

static int
e2e_init(void)
{
	return (hs = hs_start(NULL)) == NULL;
}

static int
e2e_cleanup(void)
{
	hs_stop(hs);
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

/* The admin logged in, on the maintenance menu. */
static struct vt *
admin_maint(void)
{
	struct vt *v = hs_ssh(hs, "demo", hs->demo_key, 24, 80);

	if (v == NULL || !wait_text(v, HS_UI_READY))
		return v;
	vt_type(v, "m");
	wait_text(v, "職員の登録・鍵・停止");
	return v;
}

static void
test_add_by_paste(void)
{
	struct vt *v, *c;
	char *line;
	int st;

	snprintf(clerk_key, sizeof(clerk_key), "%s/kimura_key", hs->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("ssh-keygen -q -t ed25519 -N '' "
	    "-C kimura@test -f '%s'", clerk_key), 0);
	line = test_output(&st, "cat '%s.pub'", clerk_key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	line[strcspn(line, "\n")] = '\0';
	v = admin_maint();
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "窓口 太郎"));
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "職員の登録"));
	/* A key line that is not one is refused with the reason. */
	vt_type(v, "kimura");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "木村 三郎");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "1");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "2");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "ssh-ed25519 garbage");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "公開鍵として使えません"));
	/* The line ssh-keygen made, pasted. */
	vt_type(v, CLEAR_FIELD);
	vt_type(v, line);
	CU_ASSERT_TRUE(wait_text(v, "kimura@test"));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "職員 kimura を登録しました"));
	CU_ASSERT_TRUE(wait_text(v, "木村 三郎"));
	CU_ASSERT_TRUE(wait_text(v, "庄内出張所"));
	free(line);
	/* The clerk logs in with that key. */
	c = hs_ssh(hs, "kimura", clerk_key, 24, 80);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE(wait_text(c, "木村 三郎"));
	CU_ASSERT_TRUE(wait_text(c, HS_UI_READY));
	CU_ASSERT_EQUAL(hs_logout(c), 0);
	vt_free(c);
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

/* On kimura's record: a 4096-bit RSA key line (some 740 characters)
 * pasted as a second key, then removed again (asked first). */
static void
add_and_remove_rsa(struct vt *v)
{
	char path[700], *line;
	int st;

	snprintf(path, sizeof(path), "%s/kimura_rsa", hs->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("ssh-keygen -q -t rsa -b 4096 -N '' "
	    "-C kimura-rsa@test -f '%s'", path), 0);
	line = test_output(&st, "cat '%s.pub'", path);
	line[strcspn(line, "\n")] = '\0';
	CU_ASSERT_TRUE(strlen(line) > 700);
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "kimura の鍵を追加します"));
	vt_type(v, line);
	CU_ASSERT_TRUE(wait_text(v, "kimura-rsa@test"));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "職員 kimura に鍵を追加しました"));
	CU_ASSERT_TRUE(wait_text(v, "鍵 2 本"));
	CU_ASSERT_TRUE(wait_text(v, " rsa "));
	free(line);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_F3);
	CU_ASSERT_TRUE(wait_text(v, "職員 kimura の鍵 SHA256:"));
	CU_ASSERT_TRUE(wait_text(v, "Y: はい"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "を削除しました"));
	CU_ASSERT_TRUE(wait_text(v, "鍵 1 本"));
	CU_ASSERT_TRUE(vt_wait_gone(v, " rsa ", WAIT_MS));
}

static void
test_disable_from_screen(void)
{
	struct vt *v, *c;
	int64_t t0, took;
	int st = -1;

	c = hs_ssh(hs, "kimura", clerk_key, 24, 80);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_TRUE_FATAL(wait_text(c, "木村 三郎"));
	v = admin_maint();
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* Entry 2, the clerk chosen from the list (demo, then kimura). */
	vt_type(v, "2");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "木村 三郎"));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "鍵 1 本"));
	CU_ASSERT_TRUE(wait_text(v, "kimura@test"));
	add_and_remove_rsa(v);
	CU_ASSERT_TRUE(wait_text(v, "指紋 (SHA256)"));
	CU_ASSERT_TRUE(wait_text(v, " ed25519 "));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "職員 kimura を停止しますか"));
	t0 = util_now_ms();
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "職員 kimura を停止しました"));
	CU_ASSERT_TRUE(wait_text(v, "停止中"));
	if (!vt_wait_exit(c, WAIT_MS, &st)) {
		vt_dump(c, "the stopped clerk's session goes on");
		CU_FAIL_FATAL("session not ended");
	}
	took = util_now_ms() - t0;
	CU_ASSERT_TRUE(took < ENDS_WITHIN_MS);
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == UI_EXIT_CLERK);
	CU_ASSERT_TRUE(vt_wait_text(c, "この職員は利用停止されました。", 0));
	vt_free(c);
	/* A new login is refused. */
	c = hs_ssh(hs, "kimura", clerk_key, 24, 80);
	CU_ASSERT_TRUE(vt_wait_exit(c, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 255);
	CU_ASSERT_FALSE(vt_has_text(c, HS_UI_READY));
	vt_free(c);
	CU_ASSERT_TRUE(hs_log_wait(hs, 5000, "auth refused", "user kimura",
	    "clerk disabled", NULL));
	/* The admin cannot stop themself. */
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "職員の一覧"));
	vt_key(v, VT_KEY_HOME);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "ログイン名  demo"));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(wait_text(v, "自分自身は停止できません"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_setting_persists(void)
{
	struct vt *v = admin_maint();
	struct store *st;
	char err[256], val[64];

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_type(v, "3");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "【市の名称と窓口】"));
	CU_ASSERT_TRUE(wait_text(v, "豊中市 (既定値)"));
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "設定の変更"));
	CU_ASSERT_TRUE(wait_text(v, "city.name"));
	vt_type(v, CLEAR_FIELD);
	vt_type(v, "豊中テスト市");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "市の名称 を変更しました"));
	CU_ASSERT_TRUE(wait_text(v, "豊中テスト市"));
	CU_ASSERT_FALSE(vt_has_text(v, "豊中テスト市 (既定値)"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	/* Kept: in the database, and on the screen of a new session. */
	st = store_open(hs->state, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL(store_setting_get(st, "city.name", val, sizeof(val)), 0);
	CU_ASSERT_STRING_EQUAL(val, "豊中テスト市");
	store_close(st);
	v = admin_maint();
	vt_type(v, "3");
	CU_ASSERT_TRUE(wait_text(v, "豊中テスト市"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_bad_setting(void)
{
	struct vt *v = admin_maint();
	int i;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_type(v, "3");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "【市の名称と窓口】"));
	/* Heading, city, 5 windows x 2, their 5 printers, heading: the
	 * idle timeout is 18. */
	for (i = 0; i < 18; i++)
		vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "session.idle_timeout_s"));
	vt_type(v, CLEAR_FIELD "abc");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "数字で入力してください (0 から 86400 まで)"));
	vt_type(v, CLEAR_FIELD "99999");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "0 から 86400 までです"));
	vt_type(v, CLEAR_FIELD "600");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "を変更しました"));
	CU_ASSERT_TRUE(wait_text(v, "600"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_audit_by_clerk(void)
{
	struct vt *v = admin_maint();

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_type(v, "4");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "日付 (から)"));
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "demo");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "監査ログの一覧"));
	CU_ASSERT_TRUE(wait_text(v, "条件: 職員 demo"));
	CU_ASSERT_TRUE(wait_text(v, "職員の登録"));
	CU_ASSERT_TRUE(wait_text(v, "職員の停止"));
	CU_ASSERT_TRUE(wait_text(v, "設定の変更"));
	/* init's rows (actor init) are not demo's. */
	CU_ASSERT_FALSE(vt_has_text(v, " init "));
	/* One row whole: the newest, the idle timeout set above. */
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "監査ログの記録"));
	CU_ASSERT_TRUE(wait_text(v, "設定の変更 (settings.set)"));
	CU_ASSERT_TRUE(wait_text(v, "900 -> 600"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "監査ログの一覧"));
	/* The check of the trail. */
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE(wait_text(v, "監査ログ 7 件を照合しました"));
	vt_key(v, VT_KEY_ENTER);
	/* Another clerk's: none. */
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "日付 (から)"));
	vt_type(v, CLEAR_FIELD "nobody");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "全 0 件"));
	CU_ASSERT_TRUE(wait_text(v, "該当するものはありません"));
	vt_key(v, VT_KEY_ESC);
	/* A person of the registry, typed in hiragana: found, no rows yet;
	 * one not there is said so. */
	CU_ASSERT_TRUE(wait_text(v, "日付 (から)"));
	vt_type(v, CLEAR_FIELD);
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "まどぐちはなこ");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "条件: 本人 まどぐちはなこ"));
	CU_ASSERT_TRUE(wait_text(v, "全 0 件"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "日付 (から)"));
	vt_type(v, CLEAR_FIELD "ぞんざいしない");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "該当する人はいません"));
	vt_key(v, VT_KEY_ENTER);
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "入力した内容を消して"));
	vt_type(v, "y");
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_readers_no_service(void)
{
	struct vt *v = admin_maint();

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	vt_type(v, "5");
	CU_ASSERT_TRUE(wait_text(v, "カード読み取りサービス (madoguchi-cardd) "
	    "が動いていません"));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "読み直しました"));
	CU_ASSERT_TRUE(vt_has_text(v, "が動いていません"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

static void
test_settings_cli(void)
{
	const char *m = test_prog("madoguchi");
	char *out;
	int st;

	out = test_output(&st, "'%s' settings set server.auth_max_tries 0 "
	    "--state '%s' 2>&1", m, hs->state);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "1 から 20 までです"));
	free(out);
	CU_ASSERT_EQUAL(test_system("'%s' settings set server.auth_max_tries 5 "
	    "--state '%s' >/dev/null 2>&1", m, hs->state), 0);
	out = test_output(&st, "'%s' settings get server.auth_max_tries "
	    "--state '%s' 2>/dev/null", m, hs->state);
	CU_ASSERT_STRING_EQUAL(out, "5\n");
	free(out);
	out = test_output(&st, "'%s' settings list --state '%s' 2>/dev/null",
	    m, hs->state);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "[ログイン制限]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "session.idle_timeout_s"));
	free(out);
	CU_ASSERT_EQUAL(test_system("'%s' settings set server.auth_max_tries 3 "
	    "--state '%s' >/dev/null 2>&1", m, hs->state), 0);
}

/* Row 0 (the header) holds text, polled until WAIT_MS. */
static int
header_has(struct vt *v, const char *text)
{
	int64_t end = util_now_ms() + WAIT_MS;
	char row[512];

	do {
		vt_row(v, 0, row, sizeof(row));
		if (strstr(row, text) != NULL)
			return 1;
		vt_pump(v, 50);
	} while (util_now_ms() < end);
	vt_dump(v, text);
	return 0;
}

/* The settings list of the admin, row i (0: the heading) opened. */
static void
open_setting(struct vt *v, int i, const char *key)
{
	vt_type(v, "3");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "【市の名称と窓口】"));
	while (i-- > 0)
		vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, key));
}

/* A window renamed on the settings screen: the header says it from the
 * next screen on, the clerk list too, and a new session at login. */
static void
test_window_label_header(void)
{
	struct vt *v = admin_maint();
	const char *m;

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(header_has(v, "窓口 太郎  市民課  管理者"));
	/* Heading, city, then citizens' name. */
	open_setting(v, 2, "window.citizens.label");
	vt_type(v, CLEAR_FIELD "市民課 (本庁)");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "市民課: 窓口名 を変更しました"));
	CU_ASSERT_TRUE(header_has(v, "窓口 太郎  市民課 (本庁)  管理者"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "職員の登録・鍵・停止"));
	CU_ASSERT_TRUE(header_has(v, "市民課 (本庁)"));
	vt_type(v, "1");
	CU_ASSERT_TRUE(wait_text(v, "窓口 太郎"));
	CU_ASSERT_TRUE(wait_text(v, "市民課 (本庁)"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	v = admin_maint();
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE(header_has(v, "窓口 太郎  市民課 (本庁)  管理者"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	m = test_prog("madoguchi");
	CU_ASSERT_EQUAL(test_system("'%s' settings set window.citizens.label "
	    "市民課 --state '%s' >/dev/null 2>&1", m, hs->state), 0);
}

/* A window switched off on the settings screen: the admin is told its
 * clerks are still there, and no clerk can be given to it. */
static void
test_window_disabled(void)
{
	const char *m;
	char key[600], *line;
	struct vt *v;
	int st;

	CU_ASSERT_EQUAL_FATAL(hs_new_key(hs, "minami", key, sizeof(key)), 0);
	line = test_output(&st, "cat '%s.pub'", key);
	CU_ASSERT_PTR_NOT_NULL_FATAL(line);
	line[strcspn(line, "\n")] = '\0';
	v = admin_maint();
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	/* Heading, city, citizens x 2, shonai's name, shonai's switch. */
	open_setting(v, 5, "window.shonai.enabled");
	CU_ASSERT_TRUE(wait_text(v, "この窓口の職員"));
	vt_type(v, CLEAR_FIELD "0");
	vt_key(v, VT_KEY_F5);
	/* kimura (stopped above) is at 庄内出張所. */
	CU_ASSERT_TRUE(wait_text(v, "窓口を無効にしました"));
	CU_ASSERT_TRUE(wait_text(v, "まだ職員が 1 人います"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "庄内出張所: 窓口を使う を変更しました"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "職員の登録・鍵・停止"));
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "窓口 太郎"));
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "職員の登録"));
	vt_type(v, "minami");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "南 四郎");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "1");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "2");
	vt_key(v, VT_KEY_TAB);
	vt_type(v, line);
	free(line);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(wait_text(v, "職員の窓口にできません"));
	vt_key(v, VT_KEY_ESC);
	vt_type(v, "y");
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	m = test_prog("madoguchi");	/* hs_new_key used test_prog */
	CU_ASSERT_EQUAL(test_system("'%s' settings set window.shonai.enabled 1 "
	    "--state '%s' >/dev/null 2>&1", m, hs->state), 0);
}

/* An application begun at a window switched off: the form says so under
 * the decision, with the window's name as set, and saving it (the letter
 * path, no card needed) is refused by proc with the reason. */
static void
test_window_disabled_form(void)
{
	const char *m = test_prog("madoguchi");
	struct vt *v;
	int i;

	CU_ASSERT_EQUAL_FATAL(test_system("'%s' settings set window.citizens."
	    "label '市民課 (本庁)' --state '%s' >/dev/null 2>&1 && '%s' settings "
	    "set window.citizens.enabled 0 --state '%s' >/dev/null 2>&1", m,
	    hs->state, m, hs->state), 0);
	v = hs_ssh(hs, "demo", hs->demo_key, 24, 80);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	CU_ASSERT_TRUE_FATAL(wait_text(v, HS_UI_READY));
	vt_type(v, "1");
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人の検索"));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, "まどぐちはなこ");
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "検索結果"));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人の記録"));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "発行申請の受付"));
	/* The field shows the window by its new name; its choices are in
	 * the list box at 80 columns. */
	CU_ASSERT_TRUE(wait_text(v, "市民課 (本庁)"));
	CU_ASSERT_TRUE(wait_text(v, "Enter で一覧"));
	CU_ASSERT_TRUE(wait_text(v, "受付窓口「市民課 (本庁)」は無効です"));
	/* Two list-B documents, then the letter path. */
	vt_key(v, VT_KEY_F2);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "本人確認書類"));
	for (i = 0; i < 29; i++)	/* B2 */
		vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(wait_text(v, "B2 "));
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "照会回答書が必要です"));
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(wait_text(v, "回答待ちで保存しますか"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "は無効 (使わない設定) のため"));
	vt_key(v, VT_KEY_ENTER);
	/* Another window chosen: no longer said. */
	vt_key(v, VT_KEY_HOME);
	vt_type(v, "2");
	CU_ASSERT_TRUE(vt_wait_gone(v, "は無効です", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(wait_text(v, "入力した内容を消して"));
	vt_type(v, "y");
	CU_ASSERT_TRUE(wait_text(v, "本人の記録"));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	m = test_prog("madoguchi");
	CU_ASSERT_EQUAL(test_system("'%s' settings set window.citizens.enabled "
	    "1 --state '%s' >/dev/null 2>&1 && '%s' settings set "
	    "window.citizens.label 市民課 --state '%s' >/dev/null 2>&1", m,
	    hs->state, m, hs->state), 0);
}

static CU_TestInfo e2e_tests[] = {
	{ "a clerk added by pasting ssh-keygen's line logs in with it",
	  test_add_by_paste },
	{ "stopped from the screen: the open session ends, login refused",
	  test_disable_from_screen },
	{ "a setting changed shows and persists", test_setting_persists },
	{ "a bad setting value refused with the reason", test_bad_setting },
	{ "the audit list by clerk, one row, the check", test_audit_by_clerk },
	{ "readers: the card service not running is said",
	  test_readers_no_service },
	{ "madoguchi settings list|get|set", test_settings_cli },
	{ "a window renamed in the settings shows in the header",
	  test_window_label_header },
	{ "a window switched off: its clerks said, no clerk given to it",
	  test_window_disabled },
	{ "a window switched off: said on the form, the save refused",
	  test_window_disabled_form },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(maint_e2e, "maint.e2e", e2e_init, e2e_cleanup, e2e_tests)
