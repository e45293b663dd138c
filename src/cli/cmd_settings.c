/*
 * `madoguchi settings list|get KEY|set KEY VALUE`: the settings registry
 * (settings.h) from the server's shell, as the 設定 screen shows it. A
 * value is checked by the registry's one check and written with its audit
 * row (settings.set, actor the OS user: cli_actor) through proc.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define SETTINGS_USAGE \
	"使い方: madoguchi settings list | get KEY | set KEY VALUE " \
	"[--state DIR]\n"

static int
settings_list(struct store *st)
{
	const struct setting *s;
	char val[512];
	size_t i;
	int last = -1;

	for (i = 0; (s = proc_setting_at(i)) != NULL; i++) {
		if (proc_setting_value(st, s, val, sizeof(val)) == -1) {
			cli_store_error(st, "settings list");
			return 1;
		}
		if ((int)s->group != last) {
			printf("[%s]\n", proc_setting_group_label(s->group));
			last = (int)s->group;
		}
		printf("%-34s %s\t%s\n", s->key, val, s->label);
	}
	return 0;
}

static int
settings_get(struct store *st, const char *key)
{
	const struct setting *s = proc_setting_find(key);
	char val[512];

	if (s == NULL) {
		cli_error("設定 %s はありません (madoguchi settings list で一覧)",
		    key);
		return 1;
	}
	if (proc_setting_value(st, s, val, sizeof(val)) == -1) {
		cli_store_error(st, key);
		return 1;
	}
	printf("%s\n", val);
	return 0;
}

static int
settings_set(struct store *st, const char *key, const char *value)
{
	char msg[512];
	int rc = proc_setting_set(st, cli_actor(), key, value, msg, sizeof(msg));

	if (rc == -1) {
		cli_error("%s", msg);
		return 1;
	}
	printf("%s: %s\n", key, rc == 1 ? "変わりません" : "変更しました");
	if (rc == 0 && proc_window_note(st, key, msg, sizeof(msg)) > 0)
		printf("%s\n", msg);
	return 0;
}

int
cmd_settings(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct store *st;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "list") == 0 && argc != 2) ||
	    (strcmp(argv[1], "get") == 0 && argc != 3) ||
	    (strcmp(argv[1], "set") == 0 && argc != 4)) {
		fputs(SETTINGS_USAGE, stderr);
		return 2;
	}
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	if (strcmp(argv[1], "list") == 0)
		rc = settings_list(st);
	else if (strcmp(argv[1], "get") == 0)
		rc = settings_get(st, argv[2]);
	else if (strcmp(argv[1], "set") == 0)
		rc = settings_set(st, argv[2], argv[3]);
	else {
		fputs(SETTINGS_USAGE, stderr);
		rc = 2;
	}
	store_close(st);
	return rc;
}
