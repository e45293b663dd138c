/*
 * `madoguchi clerk add|add-key|list|disable|enable|role|unlock-reset`: the
 * admins' commands for the clerks who may log in (unlock-reset removes a
 * forgotten idle-lock code). Every change goes through proc
 * (as the maintenance screens' do), written with its audit row in one
 * transaction. A role change goes through proc_clerk_role_change: with
 * approval.clerk_role on it is a request that a supervisor approves on
 * the 承認待ち screen.
 * What the store would refuse (a bad login, a login or key already there,
 * an unknown clerk) is checked here first, to be said in Japanese.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "cli.h"

#define CLERK_USAGE \
	"使い方: madoguchi clerk add LOGIN --key PUBFILE --role clerk|supervisor|admin\n" \
	"            --window citizens|shonai|shinsenri|embassy|via_municipality [--name 表示名]\n" \
	"        madoguchi clerk add-key LOGIN --key PUBFILE\n" \
	"        madoguchi clerk list\n" \
	"        madoguchi clerk disable|enable LOGIN\n" \
	"        madoguchi clerk role LOGIN clerk|supervisor|admin [--reason 理由]\n" \
	"        madoguchi clerk unlock-reset LOGIN   (画面ロックの解除コードを消去)\n" \
	"        (共通: --state DIR)\n"

/* The code of choice i of --role (vocab.h) or --window (the rules
 * core's windows); NULL past the last. */
static const char *
clerk_choice(int i, int windows)
{
	return windows ? rules_window_name((enum rules_window)i) :
	    vocab_name(VOCAB_ROLE, i);
}

/* "--role: clerk, supervisor, admin のどれかです" for a value not in the
 * table. */
static int
clerk_check_choice(const char *opt, const char *value, int windows)
{
	char list[160];
	const char *code;
	size_t n = 0;
	int i;

	if ((windows ? rules_window_parse(value) :
	    vocab_parse(VOCAB_ROLE, value)) >= 0)
		return 0;
	list[0] = '\0';
	for (i = 0; (code = clerk_choice(i, windows)) != NULL &&
	    n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
		    i > 0 ? ", " : "", code);
	cli_error("%s: %s のどれかです (%s ではありません)", opt, list, value);
	return -1;
}

/* LOGIN as the clerks table takes it: 1-32 of a-z 0-9 _ . - */
static int
clerk_check_login(const char *login)
{
	size_t n = strlen(login);

	if (n >= 1 && n <= 32 && strspn(login,
	    "abcdefghijklmnopqrstuvwxyz0123456789_.-") == n)
		return 0;
	cli_error("LOGIN: %s は使えません (a-z 0-9 _ . - の 1-32 文字です)",
	    login);
	return -1;
}

/* 0 when the clerk exists (*c), 1 when not; -1 after a message. */
static int
clerk_find(struct store *st, const char *login, struct store_clerk *c)
{
	int rc = store_clerk_by_login(st, login, c);

	if (rc == -1)
		cli_store_error(st, login);
	return rc;
}

/* The key line not registered yet (to any clerk); -1 after saying whose
 * it is. */
static int
clerk_key_free(struct store *st, const char *line, const char *fp)
{
	char type[64], b64[2048];
	struct store_clerk other;
	int rc;

	if (sscanf(line, "%63s %2047s", type, b64) != 2)
		return 0;	/* store_clerk_add says what is wrong */
	if ((rc = store_clerk_by_key(st, type, b64, &other)) == -1) {
		cli_store_error(st, fp);
		return -1;
	}
	if (rc == 0) {
		cli_error("この公開鍵 (%s) は職員 %s の鍵として登録済みです", fp,
		    other.login);
		return -1;
	}
	return 0;
}

static char *
clerk_read_key(const char *path)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	char *line = NULL;

	if (f == NULL) {
		cli_error("--key: 公開鍵ファイル %s を読めません (%s)", path,
		    cli_errno_ja(errno));
		return NULL;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (buf[0] == '#' || buf[0] == '\n')
			continue;
		line = xstrdup(buf);
		break;
	}
	fclose(f);
	if (line == NULL)
		cli_error("--key: %s に公開鍵がありません", path);
	return line;
}

static int
clerk_add(struct store *st, int argc, char **argv, int key_only)
{
	const char *key = cli_take_opt(&argc, argv, "--key");
	const char *role = cli_take_opt(&argc, argv, "--role");
	const char *window = cli_take_opt(&argc, argv, "--window");
	const char *name = cli_take_opt(&argc, argv, "--name");
	struct store_clerk c = { 0 };
	char fp[96], msg[512], *line;
	int rc;

	if (argc != 2 || key == NULL || (!key_only && (role == NULL ||
	    window == NULL))) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if (clerk_check_login(argv[1]) == -1 || (!key_only &&
	    (clerk_check_choice("--role", role, 0) == -1 ||
	    clerk_check_choice("--window", window, 1) == -1))) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if ((rc = clerk_find(st, argv[1], &c)) == -1)
		return 1;
	if (rc == 0 && !key_only) {
		cli_error("職員 %s は登録済みです (鍵を足すには clerk add-key)",
		    argv[1]);
		return 1;
	}
	if (rc == 1 && key_only) {
		cli_error("職員 %s は登録されていません", argv[1]);
		return 1;
	}
	if ((line = clerk_read_key(key)) == NULL)
		return 1;
	if (store_key_fingerprint(line, fp, sizeof(fp)) == -1) {
		cli_error("--key: %s は OpenSSH 形式の公開鍵 (ssh-ed25519 AAAA...) "
		    "ではありません", key);
		free(line);
		return 1;
	}
	if (clerk_key_free(st, line, fp) == -1) {
		free(line);
		return 1;
	}
	/* Through proc: the change and its audit row in one transaction. */
	line[strcspn(line, "\r\n")] = '\0';
	if (key_only)
		rc = proc_clerk_add_key(st, cli_actor(), argv[1], line, msg,
		    sizeof(msg));
	else {
		struct proc_clerk_new cn = { argv[1], name != NULL ? name :
		    argv[1], role, window, line };

		rc = proc_clerk_add(st, cli_actor(), &cn, msg, sizeof(msg));
	}
	free(line);
	if (rc == -1) {
		cli_error("%s: %s", argv[1], msg);
		return 1;
	}
	if (rc == 1) {
		printf("%s: %s\n", argv[1], msg);
		return 0;
	}
	printf("%s: %s を登録しました (%s)\n", argv[1], key_only ? "鍵" : "職員",
	    fp);
	return 0;
}

static int
clerk_print_cb(const struct store_clerk *c, void *arg)
{
	(void)arg;
	printf("%-16s %-8s %-10s %s\t%s\n", c->login,
	    c->disabled ? "停止中" : "有効", c->role, c->window, c->name);
	return 0;
}

static int
clerk_set(struct store *st, int argc, char **argv, int disabled)
{
	struct store_clerk c;
	char msg[512];
	int rc;

	if (argc != 2) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if ((rc = clerk_find(st, argv[1], &c)) != 0) {
		if (rc == 1)
			cli_error("職員 %s は登録されていません", argv[1]);
		return 1;
	}
	if (proc_clerk_set_disabled(st, cli_actor(), argv[1], disabled, msg,
	    sizeof(msg)) == -1) {
		cli_error("%s: %s", argv[1], msg);
		return 1;
	}
	printf("%s: %s\n", argv[1], disabled ? "停止しました" : "有効にしました");
	return 0;
}

/* `clerk role LOGIN ROLE`: done, or asked of a supervisor. */
static int
clerk_role(struct store *st, int argc, char **argv)
{
	const char *reason = cli_take_opt(&argc, argv, "--reason");
	struct proc_ctx pc;
	char msg[512];
	int64_t approval;
	int rc;

	if (argc != 3) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if (clerk_check_choice("ROLE", argv[2], 0) == -1)
		return 2;
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = cli_actor();
	rc = proc_clerk_role_change(&pc, argv[1], argv[2], reason, &approval,
	    msg, sizeof(msg));
	if (rc == -1) {
		cli_error("%s", msg);
		return 1;
	}
	printf("%s\n", msg);
	return 0;
}

int
cmd_clerk(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct store *st;
	int rc;

	if (argc < 2) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	if (strcmp(argv[1], "add") == 0)
		rc = clerk_add(st, argc - 1, argv + 1, 0);
	else if (strcmp(argv[1], "add-key") == 0)
		rc = clerk_add(st, argc - 1, argv + 1, 1);
	else if (strcmp(argv[1], "list") == 0 && argc == 2) {
		if ((rc = store_clerk_foreach(st, clerk_print_cb, NULL)) != 0) {
			cli_store_error(st, "clerk list");
			rc = 1;
		}
	}
	else if (strcmp(argv[1], "disable") == 0)
		rc = clerk_set(st, argc - 1, argv + 1, 1);
	else if (strcmp(argv[1], "enable") == 0)
		rc = clerk_set(st, argc - 1, argv + 1, 0);
	else if (strcmp(argv[1], "role") == 0)
		rc = clerk_role(st, argc - 1, argv + 1);
	else if (strcmp(argv[1], "unlock-reset") == 0 && argc == 3) {
		char msg[512];

		if ((rc = proc_unlock_reset(st, cli_actor(), argv[2], msg,
		    sizeof(msg))) == -1)
			cli_error("%s", msg);
		else
			printf("%s\n", msg);
		rc = rc == -1 ? 1 : 0;
	}
	else {
		fputs(CLERK_USAGE, stderr);
		rc = 2;
	}
	store_close(st);
	return rc;
}
