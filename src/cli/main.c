/*
 * `madoguchi`: one program for the counter UI and the admins' subcommands.
 * The command table below is the whole list; each entry's code lives in
 * cmd_<name>.c.
 */
#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/audit.h"
#include "madoguchi/proc.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

static int cmd_help(int, char **);

static const struct cli_command cli_command_table[] = {
	{ "init", cmd_init, "init [--demo] [--state DIR | DIR]",
	  "状態ディレクトリ (データベース・ホスト鍵・設定) を作成・更新" },
	{ "clerk", cmd_clerk, "clerk add|add-key|list|disable|enable|role ...",
	  "職員の登録・一覧・停止" },
	{ "registry", cmd_registry,
	  "registry import|search|columns ...",
	  "住民記録・附票記録の取込と検索" },
	{ "ui", cmd_ui, "ui [--state DIR] [--clerk LOGIN]",
	  "窓口の画面 (職員がこの端末で使う)" },
	{ "rules", cmd_rules, "rules check FILE|- | explain RULE-ID | list",
	  "要綱による判定・条文の表示" },
	{ "card", cmd_card, "card status|read|tries|verify|change-pin|sign|...",
	  "カード読み取りサービス (cardd) の操作" },
	{ "ca", cmd_ca, "ca init|issue|revoke|hold|release|status|list|crl|export",
	  "内蔵認証局 (発行・失効・一時保留・CRL)" },
	{ "retention", cmd_retention,
	  "retention run [--dry-run]",
	  "保存期間 (第7条) を過ぎた申請の一覧・削除 (監督者の承認)" },
	{ "backup", cmd_backup,
	  "backup --out DIR [--with-keys]",
	  "稼働中のままバックアップ (鍵はパスフレーズで暗号化)" },
	{ "restore", cmd_restore,
	  "restore DIR --state NEW [--accept-unverified]",
	  "バックアップから新しい状態ディレクトリを作成" },
	{ "stats", cmd_stats,
	  "stats --from D --to D [--by K] [--csv]",
	  "申請の件数 (日・窓口・手続き・区分・結果・職員ごと)" },
	{ "close", cmd_close, "close --date D [--window W]",
	  "日計表を印刷用に作成" },
	{ "audit", cmd_audit, "audit verify|head|rotate-key [--state DIR]",
	  "監査記録の検証 (署名済みの先頭と照合)・鍵の交換" },
	{ "settings", cmd_settings, "settings list | get KEY | set KEY VALUE",
	  "設定の一覧・変更 (監査ログに残ります)" },
	{ "approvals", cmd_approvals, "approvals list [--all]",
	  "監督者の承認を待つ操作の一覧 (承認は画面の「承認待ち」で)" },
	{ "print", cmd_print, "print specimen --out DIR | jobs | again N",
	  "様式の見本 (PDF)・印刷ジョブの一覧・もう一度印刷" },
	{ "help", cmd_help, "help", "この一覧" },
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("madoguchi: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *
cli_errno_ja(int e)
{
	switch (e) {
	case ENOENT:
		return "ありません";
	case EACCES:
	case EPERM:
		return "権限がありません";
	case ENOTDIR:
		return "途中にディレクトリではないものがあります";
	case EISDIR:
		return "ディレクトリです";
	case EEXIST:
		return "既にあります";
	case ENOSPC:
		return "ディスクに空きがありません";
	case EROFS:
		return "読み取り専用です";
	default:
		return strerror(e);
	}
}

/* After a commit with audit rows: ask auditd to sign the new head; the
 * admin is told once, in Japanese, when it could not (the rows are saved;
 * the signer catches up when it runs again). */
static void
cli_audit_hook(void *dir)
{
	static int told;
	char err[320];
	int unreachable;

	if (audit_client_request(dir, AUDIT_REQ_ADVANCE, NULL, &unreachable,
	    err, sizeof(err)) == 0 || told)
		return;
	told = 1;
	if (unreachable)
		cli_error("記録は保存しました。監査ログの署名 (madoguchi-auditd) "
		    "が動いていないため、署名済みの先頭は次に起動したときに"
		    "進みます");
	else
		cli_error("記録は保存しました。監査ログの署名を madoguchi-auditd "
		    "が断りました (%s)。madoguchi audit verify で確かめてくだ"
		    "さい", err);
}

struct store *
cli_store_open(const char *dir, int flags)
{
	struct store *st;
	struct stat sb;
	char err[512], *db;

	if (stat(dir, &sb) == -1) {
		cli_error("状態ディレクトリ %s は%s (madoguchi init %s で作成し"
		    "ます)", dir, cli_errno_ja(errno), dir);
		return NULL;
	}
	if (!S_ISDIR(sb.st_mode)) {
		cli_error("%s はディレクトリではありません", dir);
		return NULL;
	}
	db = state_path(dir, STATE_DB);
	if ((flags & STORE_CREATE) == 0 && access(db, F_OK) == -1) {
		cli_error("%s にデータベースがありません (madoguchi init %s で作"
		    "成します)", dir, dir);
		free(db);
		return NULL;
	}
	if ((st = store_open(dir, flags, err, sizeof(err))) == NULL)
		cli_error("データベース %s を開けません (%s)", db, err);
	else if ((flags & STORE_CREATE) == 0)
		/* Audit rows this command writes are signed by auditd
		 * (init signs its own, in process). */
		store_set_audit_hook(st, cli_audit_hook, (void *)dir);
	free(db);
	return st;
}

void
cli_store_error(struct store *st, const char *what)
{
	cli_error("%s: データベースの誤りです (%s)", what, store_errmsg(st));
}

const char *
cli_state_dir(const char *given)
{
	const char *env = getenv("MADOGUCHI_STATE");

	if (given != NULL && *given != '\0')
		return given;
	if (env != NULL && *env != '\0')
		return env;
	return "./var";
}

const char *
cli_take_opt(int *argc, char **argv, const char *name)
{
	size_t len = strlen(name);
	int i, j, take = 0;
	const char *val = NULL;

	for (i = 1; i < *argc; i++) {
		if (strncmp(argv[i], name, len) != 0)
			continue;
		if (argv[i][len] == '=') {
			val = argv[i] + len + 1;
			take = 1;
		} else if (argv[i][len] == '\0' && i + 1 < *argc) {
			val = argv[i + 1];
			take = 2;
		} else
			continue;
		break;
	}
	if (val == NULL)
		return NULL;
	for (j = i; j + take < *argc; j++)
		argv[j] = argv[j + take];
	*argc -= take;
	argv[*argc] = NULL;
	return val;
}

int
cli_take_flag(int *argc, char **argv, const char *name)
{
	int i, j;

	for (i = 1; i < *argc; i++) {
		if (strcmp(argv[i], name) != 0)
			continue;
		for (j = i; j + 1 < *argc; j++)
			argv[j] = argv[j + 1];
		(*argc)--;
		argv[*argc] = NULL;
		return 1;
	}
	return 0;
}

/* A login as the audit trail may carry it: letters, digits and ._- only,
 * so a hostile SUDO_USER cannot put control characters into the trail. */
static void
cli_actor_name(char *out, size_t size, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0' || strlen(name) >= size) {
		strlcpy_m(out, "?", size);
		return;
	}
	for (i = 0; name[i] != '\0'; i++)
		out[i] = (isalnum((unsigned char)name[i]) || name[i] == '_' ||
		    name[i] == '.' || name[i] == '-') ? name[i] : '?';
	out[i] = '\0';
}

const char *
cli_actor(void)
{
	static char actor[96];
	char user[33], sudo[33];
	struct passwd *pw;
	const char *su;

	if (actor[0] != '\0')
		return actor;
	if ((pw = getpwuid(getuid())) != NULL)
		cli_actor_name(user, sizeof(user), pw->pw_name);
	else
		snprintf(user, sizeof(user), "uid%u", (unsigned)getuid());
	su = getenv("SUDO_USER");
	if (su != NULL && *su != '\0') {
		cli_actor_name(sudo, sizeof(sudo), su);
		snprintf(actor, sizeof(actor), "os:%s sudo:%s", user, sudo);
	} else
		snprintf(actor, sizeof(actor), "os:%s", user);
	return actor;
}

static int
cmd_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	printf("使い方: madoguchi COMMAND ...\n");
	for (i = 0; i < nitems(cli_command_table); i++)
		printf("  madoguchi %-46s %s\n", cli_command_table[i].usage,
		    cli_command_table[i].summary);
	/* The settings: their registry lists them with defaults. */
	printf("設定 (init が既定値で作成、%zu 項目): madoguchi settings list で"
	    "一覧、画面は 保守 の 3 設定\n", proc_setting_count());
	return 0;
}

int
main(int argc, char **argv)
{
	size_t i;

	setlocale(LC_ALL, "C.UTF-8");
	/* The screens log what they do to their session's file; an admin's
	 * command says what it did in Japanese on stdout, so its log lines
	 * (English, on stderr) are only warnings, all with MADOGUCHI_DEBUG. */
	log_init("madoguchi", argc >= 2 && strcmp(argv[1], "ui") == 0 ?
	    LOG_LEVEL_INFO : LOG_LEVEL_WARN);
	if (argc < 2) {
		cmd_help(0, NULL);
		return 2;
	}
	for (i = 0; i < nitems(cli_command_table); i++)
		if (strcmp(argv[1], cli_command_table[i].name) == 0)
			return cli_command_table[i].run(argc - 1, argv + 1);
	cli_error("%s というコマンドはありません (madoguchi help で一覧を表示"
	    "します)", argv[1]);
	return 2;
}
