/*
 * `madoguchi clerk add|add-key|list|disable|enable`: the admins' commands
 * for the clerks who may log in. Every change is written to the audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

static const struct {
	const char *id, *label;
} clerk_roles_table[] = {
	{ "clerk", "職員" }, { "supervisor", "監督者" }, { "admin", "管理者" },
}, clerk_windows_table[] = {
	{ "citizens", "市民課" }, { "shonai", "庄内出張所" },
	{ "shinsenri", "新千里出張所" }, { "embassy", "在外公館" },
	{ "via_municipality", "経由市区町村" },
};

#define CLERK_USAGE \
	"使い方: madoguchi clerk add LOGIN --key PUBFILE --role clerk|supervisor|admin\n" \
	"            --window citizens|shonai|shinsenri|embassy|via_municipality [--name 表示名]\n" \
	"        madoguchi clerk add-key LOGIN --key PUBFILE\n" \
	"        madoguchi clerk list\n" \
	"        madoguchi clerk disable|enable LOGIN\n" \
	"        (共通: --state DIR)\n"

static const char *
clerk_label(const char *id, int windows)
{
	size_t i;

	if (windows) {
		for (i = 0; i < nitems(clerk_windows_table); i++)
			if (strcmp(clerk_windows_table[i].id, id) == 0)
				return clerk_windows_table[i].label;
	} else {
		for (i = 0; i < nitems(clerk_roles_table); i++)
			if (strcmp(clerk_roles_table[i].id, id) == 0)
				return clerk_roles_table[i].label;
	}
	return NULL;
}

static char *
clerk_read_key(const char *path)
{
	char buf[8192];
	FILE *f = fopen(path, "r");
	char *line = NULL;

	if (f == NULL) {
		cli_error("公開鍵ファイル %s を読めません", path);
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
		cli_error("%s に公開鍵がありません", path);
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
	char fp[96], *line;
	int rc;

	if (argc != 2 || key == NULL || (!key_only && (role == NULL ||
	    window == NULL))) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if (!key_only && (clerk_label(role, 0) == NULL ||
	    clerk_label(window, 1) == NULL)) {
		cli_error("役割または窓口が不正です");
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if ((line = clerk_read_key(key)) == NULL)
		return 1;
	if (store_key_fingerprint(line, fp, sizeof(fp)) == -1) {
		cli_error("%s: OpenSSH 形式の公開鍵 (ssh-ed25519 AAAA...) ではありません", key);
		free(line);
		return 1;
	}
	if (key_only)
		rc = store_clerk_add_key(st, argv[1], line);
	else {
		strlcpy_m(c.login, argv[1], sizeof(c.login));
		strlcpy_m(c.name, name != NULL ? name : argv[1], sizeof(c.name));
		strlcpy_m(c.role, role, sizeof(c.role));
		strlcpy_m(c.window, window, sizeof(c.window));
		rc = store_clerk_add(st, &c, line);
	}
	free(line);
	if (rc == -1) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	store_audit(st, getenv("MADOGUCHI_CLERK") != NULL ?
	    getenv("MADOGUCHI_CLERK") : "cli", key_only ? "clerk.add_key" :
	    "clerk.add", argv[1], fp);
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
	if (argc != 2) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if (store_clerk_set_disabled(st, argv[1], disabled) == -1) {
		cli_error("%s", store_errmsg(st));
		return 1;
	}
	store_audit(st, "cli", disabled ? "clerk.disable" : "clerk.enable",
	    argv[1], NULL);
	printf("%s: %s\n", argv[1], disabled ? "停止しました" : "有効にしました");
	return 0;
}

int
cmd_clerk(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct store *st;
	char err[512];
	int rc;

	if (argc < 2) {
		fputs(CLERK_USAGE, stderr);
		return 2;
	}
	if ((st = store_open(dir, 0, err, sizeof(err))) == NULL) {
		cli_error("%s", err);
		return 1;
	}
	if (strcmp(argv[1], "add") == 0)
		rc = clerk_add(st, argc - 1, argv + 1, 0);
	else if (strcmp(argv[1], "add-key") == 0)
		rc = clerk_add(st, argc - 1, argv + 1, 1);
	else if (strcmp(argv[1], "list") == 0 && argc == 2)
		rc = store_clerk_foreach(st, clerk_print_cb, NULL) == 0 ? 0 : 1;
	else if (strcmp(argv[1], "disable") == 0)
		rc = clerk_set(st, argc - 1, argv + 1, 1);
	else if (strcmp(argv[1], "enable") == 0)
		rc = clerk_set(st, argc - 1, argv + 1, 0);
	else {
		fputs(CLERK_USAGE, stderr);
		rc = 2;
	}
	store_close(st);
	return rc;
}
