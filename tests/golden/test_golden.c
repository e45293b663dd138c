/*
 * Golden screens: a clerk walks through each procedure's screens at 80x24
 * on `madoguchi ui` (a bare pty, no SSH) and each screen a step names is
 * compared whole with tests/golden/<name>.txt (tests/lib/golden.h).
 *
 *   make golden   rewrites every golden text (tests/golden/NAME.txt) from
 *                 the screens as they are now (MADOGUCHI_GOLDEN_UPDATE=1)
 *                 and removes the ones no step names: run it after changing
 *                 a screen on purpose, read `git diff tests/golden`, commit
 *                 both.
 *
 * A scenario is one UI session of one clerk, a table of steps: keys to
 * type ("{F5}", "{TAB}", "{DOWN*29}" name keys, "{KEPT}" types what a KEEP
 * step read off its screen, the rest is typed as is), a text to wait for
 * (polled with a deadline: choose one the new screen shows and the old
 * did not), and the golden to compare, if any. A procedure's screens are
 * a new table of such rows and one line in golden_scenarios.
 *
 * The state dir is made once (the demo registry and one more clerk) with
 * the emulated card of 窓口 花子 in the reader (contrib/card-stack.sh);
 * scenarios share it in table order. What would differ between runs is
 * fixed: the date (and the records' day) by MADOGUCHI_TODAY, the session
 * id by MADOGUCHI_SESSION, the printouts' paths by running from the temp
 * dir with a relative state dir; what stays random (the CA's serials,
 * letters' reference numbers, a record's time of day) is masked by
 * golden_masks.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "golden.h"
#include "testlib.h"
#include "vt.h"

#define ROWS		24
#define COLS		80
#define WAIT_MS		10000
#define CARD_MS		30000	/* steps that read or write the card */
#define TODAY		"2026-11-25"

/* Keys typed, text waited for (ms at most), golden compared (NULL:
 * none); keep names a mask of golden_masks whose value on this screen
 * the keys "{KEPT}" of a later step type (a reference number). */
struct golden_step {
	const char	*keys;
	const char	*wait;
	const char	*golden;
	int		 ms;
	const char	*keep;
};

#define STEP(keys, wait, golden)	{ keys, wait, golden, WAIT_MS, NULL }
#define CARD(keys, wait, golden)	{ keys, wait, golden, CARD_MS, NULL }
#define KEEP(keys, wait, golden, mask)	{ keys, wait, golden, WAIT_MS, mask }
#define END				{ NULL, NULL, NULL, 0, NULL }

struct golden_scenario {
	const char			*name;
	const char			*clerk;
	const struct golden_step	*steps;	/* ends with END */
};

/* Values that differ on every run: the serials the CA draws, the
 * reference numbers of letters, the clock's time of day in a record. */
static const struct golden_mask golden_masks[] = {
	{ "シリアル番号", "0123456789ABCDEF" },		/* receipt */
	{ "  番号", "0123456789ABCDEF" },		/* person's certs */
	{ "整理番号", "0123456789-" },
	{ "print/letter-", "0123456789-" },		/* its printout */
	{ "署名用 ", "0123456789ABCDEF" },		/* certs to revoke */
	{ "利用者証明用 ", "0123456789ABCDEF" },
	/* A clerk's key: made at init, with the day it was added. */
	{ "ed25519 ", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	  "0123456789+/-. " },
	/* Times of day (Japan time) after the fixed day: the audit
	 * trail's, a letter's, a request's. */
	{ "R8.11.25 ", "0123456789:" },
	{ "令和8年11月25日 ", "0123456789:" },
	{ "照会書兼回答書 ", "0123456789-" },		/* a letter voided */
};

/* ---- The scenarios ---------------------------------------------------- */

static const struct golden_step menu_steps[] = {
	STEP("", "F10/q 終了", "menu"),
	STEP("{F1}", "ヘルプ: メニュー", "menu-help"),
	STEP("{ENTER}", "番号・英字キー", NULL),
	STEP("{F10}", "ログアウトしますか", "logout-ask"),
	STEP("n", "番号・英字キー", NULL),
	END
};

static const struct golden_step clerk_menu_steps[] = {
	STEP("", "F10/q 終了", "menu-clerk"),
	END
};

/* Starting from the card (menu k): her input-support PIN opens her
 * record; PIN B off the card's face (a card the counter does not know
 * yet) lists those of her birth date and sex to choose from. */
static const struct golden_step card_read_steps[] = {
	STEP("k", "入力補助用 暗証番号", "card-read"),
	STEP("1234", "****", NULL),
	CARD("{F5}", "宛名番号", "card-read-person"),
	STEP("{ESC}", "入力補助用 暗証番号", NULL),
	STEP("{DOWN*2}" "86020320342580", "**************", NULL),
	CARD("{F5}", "券面と照らして本人を選ぶ", "card-found"),
	STEP("{ENTER}", "券面と顔写真を照合してください", "card-found-person"),
	STEP("{F9}", "番号・英字キー", NULL),
	END
};

/* 窓口 花子 renews both certs with her driver's licence, the card in the
 * reader checked with her PINs, then the certs written to it. */
static const struct golden_step issue_steps[] = {
	STEP("1", "本人の検索", "issue-search"),
	STEP("{TAB}まどぐちはなこ", "マドグチハナコ", NULL),
	STEP("{F5}", "検索結果", "issue-results"),
	STEP("{ENTER}", "本人の記録", "issue-person"),
	STEP("{F6}", "発行申請の受付", "issue-form"),
	STEP("{DOWN*2}2", "> 新規・更新         更新", "issue-form-renewal"),
	STEP("{F3}", "委任状", "issue-form-filer"),
	STEP("{F9}", "照会書の回答書", NULL),
	STEP("{F2}", "本人確認書類", "issue-documents"),
	STEP("{ENTER}", "[有効]", "issue-documents-marked"),
	STEP("{F9}", "A1 運転免許証", NULL),
	STEP("{F4}", "カードの確認", "issue-card"),
	STEP("1234{TAB}1234", "****", NULL),
	CARD("{F5}", "台帳の記録と一致", "issue-card-checked"),
	STEP("{F9}", "受付できます", "issue-form-accept"),
	STEP("{F5}", "カードの有効期限", "issue-run"),
	STEP("令和16年2月3日{TAB}1234", "****", "issue-run-filled"),
	CARD("{F5}", "受付票", "issue-receipt"),
	STEP("{F9}", "利用者証明用  有効", "issue-person-after"),
	END
};

/* Two list-B documents and no reply: the inquiry letter is sent and the
 * application waits; the letter found again by its number. */
static const struct golden_step letter_steps[] = {
	STEP("b", "整理番号", "letters"),
	STEP("{ESC}", "番号・英字キー", NULL),
	STEP("1{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "発行申請の受付", NULL),
	STEP("{F2}{DOWN*29}{ENTER}{DOWN}{ENTER}", "B2 ", "letter-documents"),
	STEP("{F9}", "照会回答書が必要です", "letter-form"),
	STEP("{F6}", "回答待ちで保存しますか", "letter-ask"),
	KEEP("y", "を印刷し", "letter-sent", "整理番号"),
	STEP("{ENTER}", "回答書待ち", "letter-person"),
	STEP("{F9}b", "整理番号", NULL),
	STEP("{KEPT}{F5}", "送付済み", "letter-found"),
	END
};

/* Four eyes: the clerk voids that letter; its application is not
 * cancelled but waits for a supervisor's approval (issue 13). */
static const struct golden_step approval_ask_steps[] = {
	STEP("b", "整理番号", NULL),
	STEP("{KEPT}{F5}", "送付済み", NULL),
	STEP("{F8}", "次の申請を取り消しますか", NULL),
	STEP("y", "取消しの理由", NULL),
	STEP("宛先不明で返送{F5}", "承認を依頼しました", "approval-asked"),
	STEP("{ENTER}", "回答待ち", NULL),
	END
};

/* A supervisor's list of what waits, the request in full over it; then
 * (last of all, so that the record of the screens before keeps its
 * application) approved: the application cancelled, its letter void. */
static const struct golden_step approvals_steps[] = {
	STEP("s", "承認を待つ依頼: 1 件", "approvals"),
	END
};

static const struct golden_step approve_steps[] = {
	STEP("s", "承認を待つ依頼: 1 件", NULL),
	STEP("{F5}", "承認しますか", "approvals-confirm"),
	STEP("y", "取り消しました", NULL),
	STEP("{ENTER}", "承認を待つ依頼: 0 件", "approvals-none"),
	END
};

/* 窓口 花子 revokes her user cert (she keeps the signature one), the
 * serial shown on a paper (R3.8), with two list-B documents: refused
 * until the reply of the inquiry letter 様式第4号 comes back (R3.4, R3.7);
 * the reply taken by its number, the steps run and the receipt. */
static const struct golden_step revoke_steps[] = {
	STEP("3", "本人の検索", "revoke-search"),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "失効申請の受付", "revoke-form"),
	STEP("{F7}", "失効する証明書の選択", "revoke-certs"),
	STEP("{ENTER}", "[ ] 署名用", "revoke-certs-chosen"),
	STEP("{ESC}", "受付窓口", NULL),
	STEP("{F2}{DOWN*29}{ENTER}{DOWN}{ENTER}", "B2 ", NULL),
	STEP("{F9}{DOWN*4}2", "照会回答書が必要です", "revoke-form-letter"),
	STEP("{F5}", "規則により受付できません", "revoke-refused"),
	STEP("{ENTER}{F6}", "回答待ちで保存しますか", NULL),
	KEEP("y", "を印刷し", "revoke-letter-sent", "整理番号"),
	STEP("{ENTER}", "回答書待ち", NULL),
	STEP("{F9}b", "整理番号", NULL),
	STEP("{KEPT}{F5}", "送付済み", NULL),
	STEP("{F5}", "受け付けた申請の続き", "revoke-steps"),
	STEP("{F5}", "受付票", "revoke-receipt"),
	STEP("{F9}", "利用者証明用  失効", "revoke-person-after"),
	END
};

/* Her card lost: the phone call that held her signature cert recorded;
 * the card found, the held cert revoked (R5.2) and a new issuance
 * offered. Reached from the plain search, the record lists the
 * procedures that apply to her. */
static const struct golden_step found_steps[] = {
	STEP("c", "本人・申請の検索", NULL),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F5}", "一時保留の記録", "hold-form"),
	STEP("本人{TAB}R8.11.25{TAB}0915", "0915", NULL),
	STEP("{F5}", "一時保留を伝え", NULL),
	STEP("y", "一時保留を記録しました", "hold-done"),
	STEP("{ENTER}", "一時保留", "hold-person"),
	STEP("{F6}", "手続きの選択", "proc-choose"),
	STEP("{DOWN*4}{ENTER}", "紛失カードの発見", "found-form"),
	STEP("{F2}{ENTER}{F9}{DOWN*4}2", "受付できます", NULL),
	STEP("{F5}", "取り消せません", "found-confirm"),
	STEP("y", "受付票", "found-receipt"),
	STEP("{F6}", "発行申請の受付", "found-issue"),
	END
};

/* Her user PIN changed (R4.9): the current PIN and the new one twice. */
static const struct golden_step pin_steps[] = {
	STEP("5", "本人の検索", NULL),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "暗証番号の変更・初期化の受付", "pin-form"),
	STEP("{DOWN*2}2{DOWN}3", "利用者証明用を変更", NULL),
	STEP("{F2}{ENTER}{F9}", "A1 運転免許証", NULL),
	STEP("{F4}", "カードの確認", NULL),
	STEP("1234{TAB}1234", "****", NULL),
	CARD("{F5}", "台帳の記録と一致", NULL),
	STEP("{F9}", "受付できます", "pin-form-accept"),
	STEP("{F5}", "暗証番号の変更 (利用者証明用)", "pin-change"),
	STEP("1234{TAB}1234{TAB}5678{TAB}5678", "****", NULL),
	CARD("{F5}", "受付票", "pin-receipt"),
	END
};

/* Her card switched to face-auth (R4-3.7), the card face written. */
static const struct golden_step face_steps[] = {
	STEP("7", "本人の検索", NULL),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "顔認証マイナンバーカードへの切替の受付", "face-form"),
	STEP("{F2}{ENTER}{F9}", "A1 運転免許証", NULL),
	STEP("{F4}", "カードの確認", NULL),
	STEP("1234{TAB}5678", "****", NULL),
	CARD("{F5}", "台帳の記録と一致", NULL),
	STEP("{F9}", "受付できます", NULL),
	STEP("{F5}", "受け付けますか", "face-confirm"),
	STEP("y", "カード確認の暗証番号", "face-run"),
	STEP("1234", "****", NULL),
	CARD("{F5}", "顔認証カードの券面の記載", "face-mark"),
	STEP("{F5}", "受付票", "face-receipt"),
	END
};

/* Its user PIN reset: the face-auth card gets its PIN use back (R4.3),
 * the card face struck through (R4.11). */
static const struct golden_step release_steps[] = {
	STEP("5", "本人の検索", NULL),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "暗証番号の変更・初期化の受付", NULL),
	STEP("{DOWN*3}3", "利用者証明用を初期化", NULL),
	STEP("{F2}{ENTER}{F9}", "A1 運転免許証", NULL),
	STEP("{F4}", "カードの確認", NULL),
	STEP("1234{DOWN*3}2", "一致", NULL),
	CARD("{F5}", "台帳の記録と一致", NULL),
	STEP("{F9}", "顔認証の解除", "pin-form-release"),
	STEP("{F5}", "暗証番号の初期化 (利用者証明用)", "pin-reset-user"),
	STEP("1234{TAB}2468{TAB}2468", "****", NULL),
	CARD("{F5}", "顔認証カードの券面の記載", "pin-mark-release"),
	STEP("{F5}", "受付票", "pin-release-receipt"),
	STEP("{F9}", "本人の記録", "pin-person-after"),
	END
};

/* A correction request (R6.1 様式第8号): what is to be corrected typed
 * from the form; the receipt says it goes to J-LIS (R6.6). */
static const struct golden_step disclose_steps[] = {
	STEP("9", "本人の検索", NULL),
	STEP("{TAB}まどぐちはなこ{F5}", "検索結果", NULL),
	STEP("{ENTER}", "本人の記録", NULL),
	STEP("{F6}", "開示請求・訂正請求の受付", "disclose-form"),
	STEP("{DOWN*2}2{DOWN*4}住所の記載が旧住所のままです", "旧住所のまま",
	    NULL),
	STEP("{F2}{ENTER}{F9}", "受付できます", "disclose-form-accept"),
	STEP("{F5}", "受付票", "disclose-receipt"),
	END
};

static const struct golden_step maint_steps[] = {
	STEP("m", "職員の登録・鍵・停止", "maint"),
	STEP("1", "田中 花子", "maint-clerks"),
	STEP("{ENTER}", "鍵 1 本", "maint-clerk-edit"),
	STEP("{ESC}", "田中 花子", NULL),
	STEP("{F2}", "公開鍵", "maint-clerk-add"),
	STEP("{ESC}", "田中 花子", NULL),
	/* The clerk's screen is titled 職員の登録・鍵・停止 too: wait for
	 * the menu's last item, as a digit right after Esc would be F3. */
	STEP("{ESC}", "9  印刷ジョブ", NULL),
	STEP("3", "【市の名称と窓口】", "maint-settings"),
	STEP("{DOWN}{ENTER}", "入力できる値", "maint-setting-edit"),
	STEP("{ESC}", "市民課: 窓口のプリンタ", NULL),
	STEP("{ESC}", "職員の登録・鍵・停止", NULL),
	STEP("4", "日付 (から)", "maint-audit"),
	STEP("{TAB}{TAB}init{F5}", "条件: 職員 init", "maint-audit-list"),
	STEP("{ENTER}", "監査ログの記録", "maint-audit-entry"),
	STEP("{ESC}", "監査ログの一覧", NULL),
	STEP("{ESC}", "日付 (から)", NULL),
	STEP("{ESC}", "入力した内容を消して", NULL),
	STEP("y", "職員の登録・鍵・停止", NULL),
	STEP("5", "読取機", "maint-readers"),
	STEP("{ESC}", "職員の登録・鍵・停止", NULL),
	STEP("6", "保存期間を過ぎた申請", "maint-retention"),
	STEP("{ESC}", "職員の登録・鍵・停止", NULL),
	STEP("7", "まだありません", "maint-backup"),
	STEP("{ESC}", "職員の登録・鍵・停止", NULL),
	STEP("8", "開始日", "maint-stats"),
	STEP("{F5}", "日付ごと", "maint-stats-table"),
	END
};

/* R6.6, R6-2.5: the correction request taken above goes to J-LIS: a
 * mailing made, its list and cover printed, posted with its tracking
 * number, delivered; then none awaits. */
static const struct golden_step mailing_steps[] = {
	STEP("j", "送付を待つ請求書: 1 件", "mailing"),
	STEP("{F5}", "新しい送付便", NULL),
	STEP("y", "作成済み (未印刷)", "mailing-made"),
	STEP("{F6}", "印刷済み (未発送)", "mailing-printed"),
	STEP("{F7}", "発送の記録", "mailing-post"),
	STEP("1234-5678-901{F5}", "発送済み", "mailing-posted"),
	STEP("{F8}", "配達済みと記録しますか", NULL),
	STEP("y", "配達済み", "mailing-delivered"),
	STEP("{F5}", "新しい送付便", NULL),
	STEP("y", "送付を待つ請求書はありません", "mailing-none"),
	STEP("{ENTER}{ESC}", "本人・申請の検索", NULL),
	END
};

static const struct golden_scenario golden_scenarios[] = {
	{ "menu", "demo", menu_steps },
	{ "menu of a clerk", "tanaka", clerk_menu_steps },
	{ "start from the card", "demo", card_read_steps },
	{ "issuance (residents)", "demo", issue_steps },
	{ "inquiry letter", "demo", letter_steps },
	{ "approval asked by a clerk", "tanaka", approval_ask_steps },
	{ "what waits for approval", "demo", approvals_steps },
	{ "revocation (residents)", "demo", revoke_steps },
	{ "lost card held and found", "demo", found_steps },
	{ "PIN change", "demo", pin_steps },
	{ "face-auth switch", "demo", face_steps },
	{ "face-auth release by a user PIN reset", "demo", release_steps },
	{ "correction request", "demo", disclose_steps },
	{ "maintenance", "demo", maint_steps },
	{ "mailing to J-LIS", "demo", mailing_steps },
	{ "approved by a supervisor", "demo", approve_steps },
};

/* ---- The runner ------------------------------------------------------- */

static char *state;		/* the test's temp dir; the state is st/ */
static char kept[64];		/* what "{KEPT}" types */

static const struct {
	const char	*name;
	enum vt_key	 key;
} golden_key_table[] = {
	{ "ENTER", VT_KEY_ENTER }, { "TAB", VT_KEY_TAB },
	{ "BTAB", VT_KEY_BTAB }, { "BS", VT_KEY_BACKSPACE },
	{ "ESC", VT_KEY_ESC }, { "UP", VT_KEY_UP }, { "DOWN", VT_KEY_DOWN },
	{ "LEFT", VT_KEY_LEFT }, { "RIGHT", VT_KEY_RIGHT },
	{ "HOME", VT_KEY_HOME }, { "END", VT_KEY_END },
	{ "DEL", VT_KEY_DELETE }, { "PGUP", VT_KEY_PGUP },
	{ "PGDN", VT_KEY_PGDN }, { "F1", VT_KEY_F1 }, { "F2", VT_KEY_F2 },
	{ "F3", VT_KEY_F3 }, { "F4", VT_KEY_F4 }, { "F5", VT_KEY_F5 },
	{ "F6", VT_KEY_F6 }, { "F7", VT_KEY_F7 }, { "F8", VT_KEY_F8 },
	{ "F9", VT_KEY_F9 }, { "F10", VT_KEY_F10 },
};

/* The key named by name (len bytes), or -1. */
static int
golden_key(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < nitems(golden_key_table); i++)
		if (strlen(golden_key_table[i].name) == len &&
		    strncmp(golden_key_table[i].name, name, len) == 0)
			return (int)golden_key_table[i].key;
	return -1;
}

/* Type keys: "{NAME}" is a key of golden_key_table, "{NAME*N}" that key N
 * times, "{KEPT}" the value a KEEP step read; the rest is text (so
 * "{ESC}1" reads as Alt+1, as a terminal sends it). 0, or -1 for a bad
 * key name (a bug in a table). */
static int
golden_type(struct vt *v, const char *keys)
{
	const char *end;
	size_t len;
	int key, times;

	while (*keys != '\0') {
		if (*keys != '{') {
			len = strcspn(keys, "{");
			if (vt_write(v, keys, len) == -1)
				return -1;
			keys += len;
			continue;
		}
		if ((end = strchr(keys, '}')) == NULL)
			return -1;
		len = strcspn(keys + 1, "*}");
		times = keys[1 + len] == '*' ? atoi(keys + 2 + len) : 1;
		keys++;
		if (len == 4 && strncmp(keys, "KEPT", 4) == 0)
			vt_type(v, kept);
		else if ((key = golden_key(keys, len)) == -1 || times < 1) {
			fprintf(stderr, "golden: bad key {%.*s}\n",
			    (int)(end - keys), keys);
			return -1;
		} else
			while (times-- > 0)
				vt_key(v, (enum vt_key)key);
		keys = end + 1;
	}
	return 0;
}

/* Keep the value of the mask named after from the screen for {KEPT}. */
static int
golden_keep(struct vt *v, const char *after)
{
	char *scr;
	size_t i;
	int rc = -1;

	for (i = 0; i < nitems(golden_masks); i++)
		if (strcmp(golden_masks[i].after, after) == 0)
			break;
	if (i == nitems(golden_masks))
		return -1;
	scr = vt_screen(v);
	rc = golden_mask_value(scr, &golden_masks[i], kept, sizeof(kept));
	free(scr);
	return rc;
}

/* madoguchi-issuerd on the state: the UI reaches the CA only through it. */
static pid_t issuerd = -1;

static int
issuerd_up_cb(void *arg)
{
	struct sockaddr_un sun;
	int fd, ok;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path),
	    "%s/st/run/issuerd.sock", (const char *)arg) >= sizeof(sun.sun_path) ||
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 1;	/* cannot be: stop waiting */
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok || waitpid(issuerd, NULL, WNOHANG) != 0;
}

static int
issuerd_start(void)
{
	char st[4096], logf[4200];

	snprintf(st, sizeof(st), "%s/st", state);
	snprintf(logf, sizeof(logf), "%s/log/issuerd.log", st);
	if ((issuerd = fork()) == 0) {
		execl(test_prog("madoguchi-issuerd"), "madoguchi-issuerd",
		    "--state", st, "--log", logf, (char *)NULL);
		_exit(127);
	}
	return issuerd > 0 && test_wait(issuerd_up_cb, state, 10000) &&
	    waitpid(issuerd, NULL, WNOHANG) == 0 ? 0 : -1;
}

static int
suite_init(void)
{
	const char *m = test_prog("madoguchi");

	state = test_mkdtemp("golden");
	if (test_system("MADOGUCHI_TODAY=%s %s init --demo %s/st >/dev/null "
	    "2>&1", TODAY, m, state) != 0 ||
	    test_system("ssh-keygen -q -t ed25519 -N '' -C golden -f %s/k "
	    ">/dev/null", state) != 0 ||
	    test_system("%s clerk add tanaka --key %s/k.pub --role clerk "
	    "--window shonai --name '田中 花子' --state %s/st >/dev/null 2>&1",
	    m, state, state) != 0 || issuerd_start() != 0)
		return -1;
	if (test_system("BUILD=%s sh %s/contrib/card-stack.sh start %s/st "
	    ">%s/stack.out 2>&1", test_build_dir(), test_top_dir(), state,
	    state) != 0) {
		test_system("cat %s/stack.out >&2", state);
		return -1;
	}
	return 0;
}

static int
suite_clean(void)
{
	test_system("BUILD=%s sh %s/contrib/card-stack.sh stop %s/st "
	    ">>%s/stack.out 2>&1", test_build_dir(), test_top_dir(), state,
	    state);
	if (issuerd > 0) {
		kill(issuerd, SIGTERM);
		waitpid(issuerd, NULL, 0);
		issuerd = -1;
	}
	test_rmtree(state);
	free(state);
	return 0;
}

/* The UI of clerk at 80x24, at its menu. NULL (said) when it did not come
 * up. */
static struct vt *
golden_start(const char *clerk)
{
	/* From the temp dir with a relative state dir, so the paths the
	 * screens show (printouts) are the same on every run. */
	char *argv[] = { "sh", "-c", "cd \"$0\" && exec \"$@\"", state,
	    (char *)test_prog("madoguchi"), "ui", "--state", "st", "--clerk",
	    (char *)clerk, NULL };
	char *env[] = { "MADOGUCHI_TODAY=" TODAY, "MADOGUCHI_SESSION=golden",
	    NULL };
	struct vt *v;

	if ((v = vt_spawn(ROWS, COLS, argv, env)) == NULL)
		return NULL;
	if (!vt_wait_text(v, "F10/q 終了", WAIT_MS)) {
		vt_dump(v, "no menu");
		vt_free(v);
		return NULL;
	}
	return v;
}

/* Run one scenario: the count of goldens that differ, or -1 when a step
 * never showed its text (the rest of the scenario is skipped). */
static int
golden_run(const struct golden_scenario *sc)
{
	const struct golden_step *s;
	struct vt *v;
	int bad = 0, st = -1;

	fprintf(stderr, "scenario: %s\n", sc->name);
	if ((v = golden_start(sc->clerk)) == NULL)
		return -1;
	for (s = sc->steps; s->keys != NULL; s++) {
		if (golden_type(v, s->keys) == -1 ||
		    !vt_wait_text(v, s->wait, s->ms)) {
			fprintf(stderr, "golden: %s: after \"%s\" no \"%s\"\n",
			    sc->name, s->keys, s->wait);
			vt_dump(v, s->wait);
			vt_free(v);
			return -1;
		}
		if (s->golden != NULL && !golden_check(v, s->golden,
		    golden_masks, nitems(golden_masks), WAIT_MS / 5))
			bad++;
		if (s->keep != NULL && golden_keep(v, s->keep) == -1) {
			fprintf(stderr, "golden: %s: no %s on the screen\n",
			    sc->name, s->keep);
			vt_free(v);
			return -1;
		}
	}
	/* Every session ends as a clerk ends it, and the UI exits 0. */
	vt_key(v, VT_KEY_F10);
	if (!vt_wait_text(v, "ログアウトしますか", WAIT_MS) ||
	    vt_type(v, "y") == -1 || !vt_wait_exit(v, WAIT_MS, &st) ||
	    !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		vt_dump(v, "logout");
		bad = -1;
	}
	vt_free(v);
	return bad;
}

/* Every scenario runs, whatever the others did, so one run of `make
 * golden` rewrites every screen it can reach. */
static void
test_scenarios(void)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < nitems(golden_scenarios); i++) {
		int bad = golden_run(&golden_scenarios[i]);

		if (bad != 0) {
			fprintf(stderr, "golden: scenario \"%s\": %s\n",
			    golden_scenarios[i].name, bad < 0 ? "stopped" :
			    "screens differ");
			failed++;
		}
	}
	CU_ASSERT_EQUAL(failed, 0);
}

/* Goldens compared by other test programs (screens a scenario here
 * cannot reach: the idle lock needs its own short timeout), each named
 * once there; `make golden` runs those programs too. */
static const char *const golden_elsewhere_table[] = {
	"lock",		/* tests/lock */
};

/* How many steps name the golden name. */
static int
golden_named(const char *name)
{
	const struct golden_step *s;
	size_t i;
	int n = 0;

	for (i = 0; i < nitems(golden_elsewhere_table); i++)
		n += strcmp(golden_elsewhere_table[i], name) == 0;
	for (i = 0; i < nitems(golden_scenarios); i++)
		for (s = golden_scenarios[i].steps; s->keys != NULL; s++)
			n += s->golden != NULL && strcmp(s->golden, name) == 0;
	return n;
}

/* Each golden file is named by one step: a file no step names is left
 * from a step taken out (removed when updating), a name used twice would
 * be written twice. */
static void
test_names(void)
{
	char dir[4200], name[256];
	struct dirent *de;
	DIR *d;
	size_t len;
	int bad = 0, n;

	snprintf(dir, sizeof(dir), "%s/tests/golden", test_top_dir());
	CU_ASSERT_PTR_NOT_NULL_FATAL(d = opendir(dir));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 5 || len - 4 >= sizeof(name) ||
		    strcmp(de->d_name + len - 4, ".txt") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4),
		    de->d_name);
		if ((n = golden_named(name)) == 1)
			continue;
		if (n == 0 && golden_updating()) {
			fprintf(stderr, "golden: removed tests/golden/%s\n",
			    de->d_name);
			CU_ASSERT_EQUAL(unlinkat(dirfd(d), de->d_name, 0), 0);
			continue;
		}
		fprintf(stderr, "golden: tests/golden/%s is named by %d steps"
		    "%s\n", de->d_name, n, n == 0 ? " (make golden removes it)" :
		    "");
		bad++;
	}
	closedir(d);
	CU_ASSERT_EQUAL(bad, 0);
}

static CU_TestInfo golden_tests[] = {
	{ "every screen of every scenario matches its golden",
	  test_scenarios },
	{ "each golden file is named by one step", test_names },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(golden, "golden.screens", suite_init, suite_clean,
    golden_tests)
