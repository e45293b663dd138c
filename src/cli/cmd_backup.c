/*
 * `madoguchi backup --out DIR [--with-keys [--passphrase-file FILE]]` and
 * `madoguchi restore DIR --state NEW [--passphrase-file FILE]
 * [--accept-unverified]`: the work
 * is proc_backup.c's; here the arguments, the passphrase (from the
 * terminal without echo, or the first line of a file: never in argv) and
 * what the admin reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "madoguchi/proc.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define PASS_MAX	256

/* The first line of path into buf (its newline dropped). */
static int
pass_from_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (f == NULL) {
		cli_error("パスフレーズのファイル %s は%s", path,
		    cli_errno_ja(errno));
		return -1;
	}
	ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	if (!ok) {
		cli_error("パスフレーズのファイル %s が空です", path);
		return -1;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

/* Ask on the terminal without echo. */
static int
pass_ask(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), ok, n = 0;
	char c;
	size_t len = 0;

	if (fd == -1) {
		cli_error("パスフレーズを尋ねる端末がありません "
		    "(--passphrase-file FILE で渡します)");
		return -1;
	}
	if (write(fd, prompt, strlen(prompt)) == -1 ||
	    tcgetattr(fd, &old) == -1) {
		close(fd);
		cli_error("端末からパスフレーズを読めません");
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	tcsetattr(fd, TCSAFLUSH, &quiet);
	while ((n = (int)read(fd, &c, 1)) == 1 && c != '\n' && c != '\r')
		if (len + 1 < size)
			buf[len++] = c;
	buf[len] = '\0';
	tcsetattr(fd, TCSAFLUSH, &old);
	ok = write(fd, "\n", 1) == 1;
	(void)ok;
	close(fd);
	return n == 1 ? 0 : -1;
}

/* The passphrase of a backup with keys (or of the CA's root key): from
 * the file, or asked (twice when it is new). */
int
cli_passphrase_get(const char *file, int twice, char *buf, size_t size)
{
	char again[PASS_MAX];
	int rc;

	if (file != NULL)
		return pass_from_file(file, buf, size);
	if (pass_ask("鍵を守るパスフレーズ: ", buf, size) == -1)
		return -1;
	if (!twice)
		return 0;
	if (pass_ask("もう一度: ", again, sizeof(again)) == -1)
		return -1;
	rc = strcmp(buf, again) == 0 ? 0 : -1;
	secure_wipe(again, sizeof(again));
	if (rc == -1)
		cli_error("二つのパスフレーズが一致しません");
	return rc;
}

static void
print_size(int64_t size)
{
	if (size >= 1024 * 1024)
		printf("%.1f MB", (double)size / (1024.0 * 1024.0));
	else
		printf("%.1f KB", (double)size / 1024.0);
}

int
cmd_backup(int argc, char **argv)
{
	const char *state = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	const char *out = cli_take_opt(&argc, argv, "--out");
	const char *pfile = cli_take_opt(&argc, argv, "--passphrase-file");
	int keys = cli_take_flag(&argc, argv, "--with-keys");
	struct proc_backup_result res;
	char pass[PASS_MAX], msg[768];
	struct store *st;
	int rc;

	if (argc != 1 || out == NULL || (pfile != NULL && !keys)) {
		fprintf(stderr, "使い方: madoguchi backup --out DIR [--with-keys "
		    "[--passphrase-file FILE]] [--state DIR]\n");
		return 2;
	}
	if (keys && cli_passphrase_get(pfile, 1, pass, sizeof(pass)) == -1)
		return 1;
	umask(077);
	if ((st = cli_store_open(state, 0)) == NULL) {
		secure_wipe(pass, sizeof(pass));
		return 1;
	}
	rc = proc_backup_make(st, state, out, cli_actor(), keys ? pass : NULL,
	    &res, msg, sizeof(msg));
	secure_wipe(pass, sizeof(pass));
	store_close(st);
	if (rc == -1) {
		cli_error("バックアップできません: %s", msg);
		return 1;
	}
	printf("バックアップしました: %s\n  ファイル %d 個、", res.dir,
	    res.files);
	print_size(res.size);
	printf("\n  秘密鍵: %s\n  監査ログの署名済み先頭: %s\n",
	    res.with_keys ? "あり (パスフレーズで暗号化)" : "なし (--with-keys "
	    "で含めます)", res.audit_head ? "あり" : "なし");
	if (res.ca_unreadable)
		printf("  認証局: 含みません (%s/%s を読めません。root か認証局"
		    "の利用者で実行してください)\n", state, STATE_CA_DIR);
	return 0;
}

/* Which key signs the new state's trail now, and from where. */
static void
restore_audit_summary(const struct proc_restore_result *r)
{
	if (r->audit_verified)
		printf("  監査記録: バックアップの署名済み先頭 (鍵 %s) で検証しま"
		    "した。改ざんはありません。\n", r->audit_old_keyid);
	if (!r->audit_signed) {
		printf("  監査記録の先頭には署名していません (%s)。madoguchi "
		    "audit verify はこの状態を報告し続けます。\n",
		    r->audit_unsigned);
		printf("  監査記録の署名鍵: %s (%s)\n", r->audit_keyid,
		    r->audit_key_new ? "新しく作成" : "バックアップの鍵");
		return;
	}
	if (r->audit_key_new)
		printf("  監査記録の署名鍵: 新しい鍵 %s (バックアップに署名鍵が"
		    "ないため作成しました。元の鍵 %s の公開鍵は残しています)\n",
		    r->audit_keyid, r->audit_old_keyid[0] != '\0' ?
		    r->audit_old_keyid : "なし");
	else
		printf("  監査記録の署名鍵: バックアップの鍵 %s\n",
		    r->audit_keyid);
	printf("  監査記録の先頭に署名: %lld 件 (鍵 %s)\n",
	    (long long)r->audit_count, r->audit_keyid);
}

/* 1 when the restored state has the CA's database. */
static int
restore_has_ca(const char *state)
{
	char *ca = xasprintf("%s/%s/ca.db", state, STATE_CA_DIR);
	int has = access(ca, F_OK) == 0;

	free(ca);
	return has;
}

static void
restore_summary(const char *state, const struct proc_restore_result *r)
{
	printf("復元しました: %s (バックアップ %s、元 %s)\n", state,
	    r->manifest.created, r->manifest.source);
	if (r->from_schema != r->to_schema)
		printf("  データベース: スキーマ %d -> %d\n", r->from_schema,
		    r->to_schema);
	printf("  職員 %ld 人、申請 %ld 件、住民記録 %ld 人、監査ログ %ld 件\n",
	    r->clerks, r->applications, r->persons, r->audit);
	if (!restore_has_ca(state))
		printf("  認証局のデータベースはバックアップにありません (窓口の画面"
		    "で作ったバックアップ)。認証局を戻すには、サーバーで "
		    "madoguchi backup で作ったバックアップから復元します。\n");
	else if (r->keys > 0)
		printf("  秘密鍵 %d 個を復元しました。\n", r->keys);
	else
		printf("  秘密鍵はバックアップにありません。認証局は鍵を %s/ca/ "
		    "に戻すまで発行できません (--with-keys で作ったバックアップ"
		    "から madoguchi restore で戻します)。\n", state);
	if (!r->audit_head)
		printf("  監査ログの署名済み先頭はバックアップにありません。\n");
	restore_audit_summary(r);
}

/* Said loudly, on stderr too: the admin restored a trail that does not
 * verify, and the trail itself now says so. */
static void
restore_unverified(const struct proc_restore_result *r)
{
	cli_error("警告: 監査記録を検証できないまま復元しました "
	    "(--accept-unverified): %s", r->audit_why);
	cli_error("警告: この復元は監査記録 (backup.restore) に未検証 "
	    "(trail=UNVERIFIED) として記録しました。");
	printf("  警告: 監査記録は検証できていません (--accept-unverified): "
	    "%s\n", r->audit_why);
}

int
cmd_restore(int argc, char **argv)
{
	const char *state = cli_take_opt(&argc, argv, "--state");
	const char *pfile = cli_take_opt(&argc, argv, "--passphrase-file");
	int accept = cli_take_flag(&argc, argv, "--accept-unverified");
	struct proc_restore_result res;
	struct proc_manifest m;
	char pass[PASS_MAX] = "", msg[1024];
	int rc, need;

	if (argc != 2 || argv[1][0] == '-' || state == NULL) {
		fprintf(stderr, "使い方: madoguchi restore DIR --state NEW "
		    "[--passphrase-file FILE] [--accept-unverified]\n");
		return 2;
	}
	if (proc_backup_check(argv[1], &m, msg, sizeof(msg)) == -1) {
		cli_error("復元できません: %s", msg);
		return 1;
	}
	need = m.with_keys;
	if (need && cli_passphrase_get(pfile, 0, pass, sizeof(pass)) == -1)
		return 1;
	umask(077);
	rc = proc_restore(argv[1], state, cli_actor(), need ? pass : NULL,
	    accept ? PROC_RESTORE_ACCEPT_UNVERIFIED : 0, &res, msg,
	    sizeof(msg));
	secure_wipe(pass, sizeof(pass));
	if (rc == -1) {
		cli_error("復元できません: %s", msg);
		return 1;
	}
	restore_summary(state, &res);
	if (!res.audit_verified)
		restore_unverified(&res);
	if (cli_host_key(state) == -1)
		return 1;
	printf("  SSH のホスト鍵はバックアップに含まれないため新しく作りました"
	    " (端末の known_hosts を更新してください)。\n");
	return 0;
}
