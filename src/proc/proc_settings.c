/*
 * The settings registry (settings.h): one const table per source of
 * settings, listed in setting_table() in the order the settings
 * screen shows them, group by group. Checking a value is one function for
 * every caller (init, the screen, the CLI); a change is written with its
 * audit row (settings.set, old -> new) in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/server.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

#define SETTING_STR(x)	SETTING_STR2(x)
#define SETTING_STR2(x)	#x
#define SETTING_VALUE_MAX	256

static const char *const setting_group_label_table[SETTING_G_COUNT] = {
	[SETTING_G_CITY] = "市の名称と窓口",
	[SETTING_G_SCREEN] = "画面",
	[SETTING_G_LOGIN] = "ログイン制限",
	[SETTING_G_RETENTION] = "保存期間",
	[SETTING_G_APPROVAL] = "承認",
};

/* A window's rows: its display name (default: the rules core's label),
 * whether it takes applications, and its printer (a CUPS queue; empty:
 * none, the PDFs stay under STATE/print). */
#define SETTING_WINDOW(name, w) \
	{ "window." name ".label", SETTING_TEXT, SETTING_G_CITY, NULL, 1, 20, \
	  NULL, "窓口名", "画面と帳票に出す窓口の名前です。", 1 + (w) }, \
	{ "window." name ".enabled", SETTING_BOOL, SETTING_G_CITY, "1", 0, 1, \
	  NULL, "窓口を使う", "使わない窓口は 0 (無効) にします。", 1 + (w) }
/* After every window's name and switch, so those keep their places. */
#define SETTING_WINDOW_PRINTER(name, w) \
	{ "window." name ".printer", SETTING_TEXT, SETTING_G_CITY, "", 0, \
	  PROC_PRINTER_MAX, NULL, "窓口のプリンタ", "CUPS の印刷キュー名です。" \
	  "なし で、帳票は状態ディレクトリの print に PDF で残ります。", \
	  1 + (w) }

static const struct setting setting_core_table[] = {
	{ SETTING_CITY_NAME, SETTING_TEXT, SETTING_G_CITY, "豊中市", 1, 20, NULL,
	  "市の名称", "帳票と J-LIS への送付状に出す市の名前です。", 0 },
	SETTING_WINDOW("citizens", RULES_WIN_CITIZENS),
	SETTING_WINDOW("shonai", RULES_WIN_SHONAI),
	SETTING_WINDOW("shinsenri", RULES_WIN_SHINSENRI),
	SETTING_WINDOW("embassy", RULES_WIN_EMBASSY),
	SETTING_WINDOW("via_municipality", RULES_WIN_VIA_MUNICIPALITY),
	SETTING_WINDOW_PRINTER("citizens", RULES_WIN_CITIZENS),
	SETTING_WINDOW_PRINTER("shonai", RULES_WIN_SHONAI),
	SETTING_WINDOW_PRINTER("shinsenri", RULES_WIN_SHINSENRI),
	SETTING_WINDOW_PRINTER("embassy", RULES_WIN_EMBASSY),
	SETTING_WINDOW_PRINTER("via_municipality", RULES_WIN_VIA_MUNICIPALITY),
	{ SERVER_SET_IDLE_TIMEOUT_S, SETTING_INT, SETTING_G_SCREEN,
	  SETTING_STR(SERVER_DEF_IDLE_TIMEOUT_S), 0, 86400, NULL,
	  "無操作でロック (秒)", "この秒数キー操作がないと画面をロックします"
	  " (0 はロックしない)。次のログインから効きます。", 0 },
	{ SERVER_SET_LOCK_TIMEOUT_S, SETTING_INT, SETTING_G_SCREEN,
	  SETTING_STR(SERVER_DEF_LOCK_TIMEOUT_S), 1, 86400, NULL,
	  "ロック中の終了 (秒)", "ロックした画面がこの秒数解除されないと"
	  "終了します。次のログインから効きます。", 0 },
	{ SERVER_SET_AUTH_MAX_TRIES, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_AUTH_MAX_TRIES), 1, 20, NULL,
	  "1 接続の鍵の試行回数", "1 つの接続で断る鍵の数です。"
	  "超えると切断します。", 0 },
	{ SERVER_SET_SOURCE_MAX_FAILURES, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_SOURCE_MAX_FAILURES), 1, 1000, NULL,
	  "接続元の失敗回数", "同じ接続元からの認証失敗がこの回数で、"
	  "しばらく接続を断ります。", 0 },
	{ SERVER_SET_SOURCE_WINDOW_S, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_SOURCE_WINDOW_S), 10, 86400, NULL,
	  "失敗を数える時間 (秒)", "失敗を数える時間で、断る時間でも"
	  "あります。", 0 },
	{ SERVER_SET_SOURCE_MAX_STARTUPS, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_SOURCE_MAX_STARTUPS), 1, 1000, NULL,
	  "接続元の同時接続数", "1 つの接続元から、ログイン前の接続を"
	  "同時にいくつまで受けるかです。", 0 },
	{ SERVER_SET_LOGIN_MAX_FAILURES, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_LOGIN_MAX_FAILURES), 1, 1000, NULL,
	  "ログイン名・鍵ごとの失敗回数", "同じログイン名か同じ鍵での認証失敗"
	  "がこの回数で、そのログイン名か鍵をしばらく断ります。", 0 },
	{ SERVER_SET_BRANCH_NETWORKS, SETTING_TEXT, SETTING_G_LOGIN,
	  SERVER_DEF_BRANCH_NETWORKS, 0, 200, NULL,
	  "支所のネットワーク", "職員が接続するネットワークを空白で区切って"
	  "書きます (例 10.1.2.0/24 10.1.3.0/24)。なし で空にします。", 0 },
	{ SERVER_SET_BRANCH_MAX_FAILURES, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_BRANCH_MAX_FAILURES), 1, 10000, NULL,
	  "支所の接続元の失敗回数", "支所のネットワークの 1 つの接続元からの"
	  "認証失敗がこの回数で、しばらく接続を断ります。", 0 },
	{ SERVER_SET_BRANCH_MAX_STARTUPS, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_BRANCH_MAX_STARTUPS), 1, 10000, NULL,
	  "支所の接続元の同時接続数", "支所のネットワークの 1 つの接続元から、"
	  "ログイン前の接続を同時にいくつまで受けるかです。", 0 },
	{ SERVER_SET_MAX_STARTUPS, SETTING_TEXT, SETTING_G_LOGIN,
	  SERVER_DEF_MAX_STARTUPS, 5, 20, NULL,
	  "ログイン前の接続の上限", "開始:率:上限 の形です。支所の外からの"
	  "ログイン前の接続が開始の数を超えると率 (%) で断り始め、上限で"
	  "すべて断ります。", 0 },
	{ SERVER_SET_LOGIN_GRACE_S, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_LOGIN_GRACE_S), 5, 600, NULL,
	  "ログインの制限時間 (秒)", "接続してから画面が出るまでの"
	  "制限時間です。", 0 },
	{ SERVER_SET_IDLE_MARGIN_S, SETTING_INT, SETTING_G_LOGIN,
	  SETTING_STR(SERVER_DEF_IDLE_MARGIN_S), 0, 3600, NULL,
	  "無操作終了の猶予 (秒)", "画面が自分で終わらないとき、"
	  "サーバーが切るまでの猶予です。", 0 },
	/* R7, note: the period of another guideline's forms (proc.h). */
	{ PROC_RETENTION_SETTING, SETTING_INT, SETTING_G_RETENTION,
	  SETTING_STR(PROC_RETENTION_CARD_DEFAULT), 1, 100, NULL,
	  "他の要綱の様式 (年)", "カード関係の要綱の様式を受理の日から"
	  "保存する年数です (第7条)。", 0 },
};

/*
 * ---- 承認 (approval.<action>, approval.proc.<procedure>.<register>) -----
 * One BOOL row per action of proc_approval_table and per gate of
 * proc_approval_gate_table (proc_approve.c), made from those tables on
 * first use: the actions, their labels and defaults are written once.
 */
#define SETTING_APPROVAL_MAX	24
static struct setting setting_approval_rows[SETTING_APPROVAL_MAX];
static size_t setting_approval_n;

static void
setting_approval_add(const char *key, const char *label, int def,
    const char *help)
{
	struct setting *r;

	if (setting_approval_n == nitems(setting_approval_rows))
		fatalx("%s: more than %zu approval settings", __func__,
		    nitems(setting_approval_rows));
	r = &setting_approval_rows[setting_approval_n++];
	r->key = key;
	r->kind = SETTING_BOOL;
	r->group = SETTING_G_APPROVAL;
	r->def = def ? "1" : "0";
	r->min = 0;
	r->max = 1;
	r->label = label;
	r->help = help;
}

static void
setting_approval_fill(void)
{
	size_t i;

	if (setting_approval_n > 0)
		return;
	for (i = 0; i < proc_approval_table_len; i++)
		if (proc_approval_table[i].key != NULL)
			setting_approval_add(proc_approval_table[i].key,
			    proc_approval_table[i].label,
			    proc_approval_table[i].def, "1 のとき、依頼した人と"
			    "別の監督者が承認するまで行いません。");
	for (i = 0; i < proc_approval_gate_table_len; i++)
		setting_approval_add(proc_approval_gate_table[i].key,
		    proc_approval_gate_table[i].label,
		    proc_approval_gate_table[i].def, "1 のとき、受け付けた申請は"
		    "監督者が承認するまで実行できません。");
}

/* Every table of the registry: the fixed rows, then the approvals'. */
static const struct setting *
setting_table(size_t t, size_t *n)
{
	switch (t) {
	case 0:
		*n = nitems(setting_core_table);
		return setting_core_table;
	case 1:
		setting_approval_fill();
		*n = setting_approval_n;
		return setting_approval_rows;
	default:
		*n = 0;
		return NULL;
	}
}
#define SETTING_NTABLES	2

const char *
proc_setting_group_label(enum setting_group g)
{
	return (unsigned)g < SETTING_G_COUNT ? setting_group_label_table[g] :
	    "";
}

size_t
proc_setting_count(void)
{
	size_t t, n, total = 0;

	for (t = 0; t < SETTING_NTABLES; t++) {
		setting_table(t, &n);
		total += n;
	}
	return total;
}

/* The rows in group order: every table's rows of group 0, then 1... */
const struct setting *
proc_setting_at(size_t i)
{
	const struct setting *rows;
	size_t t, r, n;
	int g;

	for (g = 0; g < SETTING_G_COUNT; g++)
		for (t = 0; t < SETTING_NTABLES; t++) {
			rows = setting_table(t, &n);
			for (r = 0; r < n; r++)
				if (rows[r].group == (enum setting_group)g &&
				    i-- == 0)
					return &rows[r];
		}
	return NULL;
}

const struct setting *
proc_setting_find(const char *key)
{
	const struct setting *rows;
	size_t t, r, n;

	for (t = 0; key != NULL && t < SETTING_NTABLES; t++) {
		rows = setting_table(t, &n);
		for (r = 0; r < n; r++)
			if (strcmp(rows[r].key, key) == 0)
				return &rows[r];
	}
	return NULL;
}

const char *
proc_setting_default(const struct setting *s)
{
	if (s->def != NULL)
		return s->def;
	if (s->window > 0)
		return rules_window_label((enum rules_window)(s->window - 1));
	return "";
}

/* value without leading and trailing blanks (ASCII and the ideographic
 * space), full-width digits and minus folded to ASCII, into out. */
static void
setting_fold(const char *value, char *out, size_t size)
{
	const char *p = value, *end = value + strlen(value);
	size_t n = 0;

	for (;;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\u3000", 3) == 0)
			p += 3;
		else
			break;
	}
	for (;;) {
		if (end > p && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		else if (end - p >= 3 && strncmp(end - 3, "\u3000", 3) == 0)
			end -= 3;
		else
			break;
	}
	while (p < end && n + 4 < size) {
		/* U+FF10..FF19 (EF BC 90..99) and U+FF0D (EF BC 8D) */
		if (end - p >= 3 && (unsigned char)p[0] == 0xef &&
		    (unsigned char)p[1] == 0xbc &&
		    (((unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99) ||
		    (unsigned char)p[2] == 0x8d)) {
			out[n++] = (unsigned char)p[2] == 0x8d ? '-' :
			    (char)('0' + ((unsigned char)p[2] - 0x90));
			p += 3;
		} else
			out[n++] = *p++;
	}
	out[n] = '\0';
}

static int
setting_check_int(const struct setting *s, const char *v, char *msg,
    size_t msglen)
{
	char *end;
	long n;

	if (*v == '\0' || strspn(v + (*v == '-'), "0123456789") !=
	    strlen(v + (*v == '-')) || strlen(v) > 10) {
		snprintf(msg, msglen, "%s は数字で入力してください (%ld から "
		    "%ld まで)。", s->label, s->min, s->max);
		return -1;
	}
	n = strtol(v, &end, 10);
	if (n < s->min || n > s->max) {
		snprintf(msg, msglen, "%s は %ld から %ld までです (%ld は使え"
		    "ません)。", s->label, s->min, s->max, n);
		return -1;
	}
	return 0;
}

/* Why a network of the branch list is refused (enum util_net_err). */
static const char *const setting_net_err_table[] = {
	[UTIL_NET_ADDR] = "IPv4 か IPv6 のアドレスではありません",
	[UTIL_NET_PREFIX] = "/ の後の長さが正しくありません (IPv4 は 0 から "
	    "32、IPv6 は 0 から 128)",
	[UTIL_NET_HOSTBITS] = "長さより後ろのビットが 0 ではありません "
	    "(ネットワークの先頭のアドレスを書いてください)",
	[UTIL_NET_TOOMANY] = "ネットワークが多すぎます (" SETTING_STR(
	    UTIL_NETS_MAX) " まで)",
};

/* 1 when s is a window's printer (window.<name>.printer). */
static int
setting_is_printer(const struct setting *s)
{
	size_t n = strlen(s->key);

	return s->window > 0 && n > 8 && strcmp(s->key + n - 8,
	    ".printer") == 0;
}

/* An empty value as typed on the screen (whose field wants something):
 * no branch networks, no printer. */
static int
setting_is_none(const struct setting *s, const char *v)
{
	return (strcmp(s->key, SERVER_SET_BRANCH_NETWORKS) == 0 ||
	    setting_is_printer(s)) &&
	    (strcmp(v, "なし") == 0 || strcmp(v, "-") == 0);
}

/* A CUPS queue name as lpadmin takes it: printable ASCII without blanks,
 * '/', '\\', quotes or '#'; or none. */
static int
setting_check_printer(const struct setting *s, const char *v, char *msg,
    size_t msglen)
{
	const char *p;

	if (setting_is_none(s, v) || *v == '\0')
		return 0;
	for (p = v; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~' || strchr("/\\'\"#", *p) != NULL)
			break;
	if (*p == '\0' && p - v <= s->max)
		return 0;
	snprintf(msg, msglen, "%s は CUPS の印刷キュー名 (英数字と - _ . など、"
	    "%ld 文字まで、空白、/、# なし) か なし で入力してください。",
	    s->label, s->max);
	return -1;
}

static int
setting_check_networks(const struct setting *s, const char *v, char *msg,
    size_t msglen)
{
	struct util_netlist *nl = xmalloc(sizeof(*nl));
	enum util_net_err e;
	char bad[48];

	e = util_netlist_parse(setting_is_none(s, v) ? "" : v, nl, bad,
	    sizeof(bad));
	free(nl);
	if (e == UTIL_NET_OK)
		return 0;
	if (e == UTIL_NET_TOOMANY)
		snprintf(msg, msglen, "%s: %s。", s->label,
		    setting_net_err_table[e]);
	else
		snprintf(msg, msglen, "%s の %s: %s。", s->label, bad,
		    setting_net_err_table[e]);
	return -1;
}

static int
setting_check_startups(const struct setting *s, const char *v, char *msg,
    size_t msglen)
{
	long start, rate, full;

	if (util_startups_parse(v, &start, &rate, &full) == 0)
		return 0;
	snprintf(msg, msglen, "%s は 開始:率:上限 の形で、1 <= 開始 <= 上限、"
	    "率は 1 から 100 です (例 100:30:200)。", s->label);
	return -1;
}

/* Text settings with a format of their own, checked instead of the
 * plain text check (an empty branch list is allowed). */
static const struct {
	const char	*key;
	int		(*check)(const struct setting *, const char *, char *,
			    size_t);
} setting_format_table[] = {
	{ SERVER_SET_BRANCH_NETWORKS, setting_check_networks },
	{ SERVER_SET_MAX_STARTUPS, setting_check_startups },
};

/* 1 when key has a format of its own (its check's result in *rc). */
static int
setting_check_format(const struct setting *s, const char *v, char *msg,
    size_t msglen, int *rc)
{
	size_t i;

	if (setting_is_printer(s)) {
		*rc = setting_check_printer(s, v, msg, msglen);
		return 1;
	}
	for (i = 0; i < nitems(setting_format_table); i++)
		if (strcmp(setting_format_table[i].key, s->key) == 0) {
			*rc = setting_format_table[i].check(s, v, msg, msglen);
			return 1;
		}
	return 0;
}

/* Bool values as typed: what means on and off. */
static const struct {
	const char	*text;
	const char	*value;
} setting_bool_table[] = {
	{ "1", "1" }, { "0", "0" }, { "有効", "1" }, { "無効", "0" },
	{ "はい", "1" }, { "いいえ", "0" }, { "on", "1" }, { "off", "0" },
};

int
proc_setting_check(const struct setting *s, const char *value, char *norm,
    size_t normlen, char *msg, size_t msglen)
{
	char v[SETTING_VALUE_MAX * 4];
	size_t i;
	int rc;

	if (value == NULL)
		value = "";
	setting_fold(value, v, sizeof(v));
	switch (s->kind) {
	case SETTING_INT:
		if (setting_check_int(s, v, msg, msglen) == -1)
			return -1;
		snprintf(norm, normlen, "%ld", strtol(v, NULL, 10));
		return 0;
	case SETTING_BOOL:
		for (i = 0; i < nitems(setting_bool_table); i++)
			if (strcmp(setting_bool_table[i].text, v) == 0) {
				snprintf(norm, normlen, "%s",
				    setting_bool_table[i].value);
				return 0;
			}
		snprintf(msg, msglen, "%s は 1 (有効) か 0 (無効) で入力して"
		    "ください。", s->label);
		return -1;
	case SETTING_CHOICE:
		for (i = 0; s->choices != NULL && s->choices[i] != NULL; i++)
			if (strcmp(s->choices[i], v) == 0) {
				snprintf(norm, normlen, "%s", v);
				return 0;
			}
		snprintf(msg, msglen, "%s に %s は選べません。", s->label, v);
		return -1;
	case SETTING_TEXT:
		if (setting_check_format(s, v, msg, msglen, &rc)) {
			if (rc == 0)
				snprintf(norm, normlen, "%s",
				    setting_is_none(s, v) ? "" : v);
			return rc;
		}
		if (proc_text_check(s->label, v, (int)s->max, msg, msglen) == -1)
			return -1;
		snprintf(norm, normlen, "%s", v);
		return 0;
	}
	fatalx("%s: kind %d", __func__, (int)s->kind);
}

int
proc_setting_value(struct store *st, const struct setting *s, char *buf,
    size_t size)
{
	int rc = store_setting_get(st, s->key, buf, size);

	if (rc == 1)
		snprintf(buf, size, "%s", proc_setting_default(s));
	return rc;
}

const char *
proc_setting_show(const struct setting *s, const char *value)
{
	if (s->kind == SETTING_BOOL)
		return strcmp(value, "1") == 0 ? "有効" : "無効";
	if (s->kind == SETTING_TEXT && value[0] == '\0')
		return "なし";
	return value;
}

struct setting_change {
	const char	*actor;
	const struct setting *s;
	const char	*value;
	int		 same;
};

static int
setting_set_cb(struct store *st, void *arg)
{
	struct setting_change *c = arg;
	char old[SETTING_VALUE_MAX * 4], *detail;
	int rc;

	if (proc_setting_value(st, c->s, old, sizeof(old)) == -1)
		return -1;
	if (strcmp(old, c->value) == 0) {
		c->same = 1;
		return 0;
	}
	if (store_setting_set(st, c->s->key, c->value) == -1)
		return -1;
	detail = xasprintf("%s -> %s", old, c->value);
	rc = proc_audit_setting(st, c->actor, c->s->key, detail);
	free(detail);
	return rc;
}

int
proc_setting_set(struct store *st, const char *actor, const char *key,
    const char *value, char *msg, size_t msglen)
{
	struct setting_change c = { actor, proc_setting_find(key), NULL, 0 };
	char norm[SETTING_VALUE_MAX * 4];

	if (c.s == NULL) {
		snprintf(msg, msglen, "設定 %s はありません。", key);
		return -1;
	}
	if (proc_setting_check(c.s, value, norm, sizeof(norm), msg,
	    msglen) == -1)
		return -1;
	c.value = norm;
	if (store_tx(st, setting_set_cb, &c) == -1) {
		log_warnx("setting %s: %s", key, store_errmsg(st));
		snprintf(msg, msglen, "設定を保存できませんでした (データベース"
		    "の誤り)。");
		return -1;
	}
	if (c.same)
		return 1;
	log_info("setting %s changed", key);
	return 0;
}

int
proc_settings_init(struct store *st)
{
	char buf[SETTING_VALUE_MAX * 4];
	const struct setting *s;
	size_t i;
	int rc, n = 0;

	for (i = 0; (s = proc_setting_at(i)) != NULL; i++) {
		if ((rc = store_setting_get(st, s->key, buf, sizeof(buf))) == -1)
			return -1;
		if (rc == 0)
			continue;
		if (store_setting_set(st, s->key, proc_setting_default(s)) == -1)
			return -1;
		n++;
	}
	return n;
}
