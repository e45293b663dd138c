/*
 * `madoguchi registry import|search|columns`: loading registry extracts
 * (CSV, documented in README.md) and looking persons up from the shell.
 * Bad rows are reported as FILE:LINE: column: what is wrong, in Japanese
 * (the CSV reader's own English reasons are translated by the table
 * below).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define REGISTRY_USAGE \
	"使い方: madoguchi registry import [--residents CSV] [--overseas CSV]\n" \
	"        madoguchi registry search [--kana カナ] [--name 氏名] [--birth 生年月日] [--address 住所]\n" \
	"        madoguchi registry columns\n" \
	"        (共通: --state DIR)\n"

/* The CSV reader's reasons (src/store/csv.c) as the admin reads them. */
static const struct {
	const char	*en, *ja;
} registry_csv_table[] = {
	{ "quoted field not closed", "引用符 (\") が閉じていません" },
	{ "row too long", "行が長すぎます" },
	{ "too many fields", "列が多すぎます" },
	{ "text after a closing quote", "閉じた引用符のあとに文字があります" },
};

struct registry_file {
	const char	*path;
	int		 bad;		/* rows reported */
};

static int
registry_report_cb(long line, const char *msg, void *arg)
{
	struct registry_file *rf = arg;
	size_t i;

	for (i = 0; i < nitems(registry_csv_table); i++)
		if (strcmp(msg, registry_csv_table[i].en) == 0)
			msg = registry_csv_table[i].ja;
	fprintf(stderr, "%s:%ld: %s\n", rf->path, line, msg);
	rf->bad++;
	return 0;
}

static int
registry_import(struct store *st, int argc, char **argv)
{
	/* Indexed by enum rules_register. */
	const char *files[RULES_REG_COUNT];
	const char *opts[RULES_REG_COUNT] = { "--residents", "--overseas" };
	long loaded;
	int i, rc = 0;

	files[RULES_REG_RESIDENT] = cli_take_opt(&argc, argv, "--residents");
	files[RULES_REG_OVERSEAS] = cli_take_opt(&argc, argv, "--overseas");
	if (argc != 1 || (files[RULES_REG_RESIDENT] == NULL &&
	    files[RULES_REG_OVERSEAS] == NULL)) {
		fputs(REGISTRY_USAGE, stderr);
		return 2;
	}
	for (i = 0; i < RULES_REG_COUNT; i++) {
		struct registry_file rf = { files[i], 0 };
		const char *reg = rules_register_name((enum rules_register)i);

		if (files[i] == NULL)
			continue;
		if (access(files[i], R_OK) == -1) {
			cli_error("%s: %s を読めません (%s)", opts[i], files[i],
			    cli_errno_ja(errno));
			rc = 1;
			continue;
		}
		if (store_registry_import(st, reg, files[i],
		    registry_report_cb, &rf, &loaded) == -1) {
			if (rf.bad > 0)
				cli_error("%s: 誤りのある行があるため、何も登録して"
				    "いません", files[i]);
			else
				cli_error("%s: 何も登録していません (データベース"
				    "の誤り: %s)", files[i], store_errmsg(st));
			rc = 1;
			continue;
		}
		printf("%s: %s %ld 件を登録・更新しました\n", files[i],
		    rules_register_label((enum rules_register)i), loaded);
		store_audit(st, cli_actor(), "registry.import", reg, NULL);
	}
	return rc;
}

static int
registry_print_cb(const struct store_person *p, void *arg)
{
	struct era_date bd, today;
	char wareki[40], td[11];

	(void)arg;
	util_today(td);
	if (era_parse_iso(p->birth_date, &bd) == -1 ||
	    era_parse_iso(td, &today) == -1 ||
	    era_format_wareki(&bd, wareki, sizeof(wareki)) == -1)
		strlcpy_m(wareki, p->birth_date, sizeof(wareki));
	printf("%s\t%s\t%s\t%s\t%s (%d歳)\t%s\n", p->atena_no,
	    rules_register_short_label(rules_register_parse(p->register_) ==
	    RULES_REG_RESIDENT ? RULES_REG_RESIDENT : RULES_REG_OVERSEAS),
	    p->name, p->name_kana, wareki, era_age_on(&bd, &today), p->address);
	return 0;
}

static int
registry_search(struct store *st, int argc, char **argv)
{
	struct store_person_query q = { 0 };
	const char *birth;
	int n;

	q.kana = cli_take_opt(&argc, argv, "--kana");
	q.name = cli_take_opt(&argc, argv, "--name");
	q.address = cli_take_opt(&argc, argv, "--address");
	birth = cli_take_opt(&argc, argv, "--birth");
	if (argc != 1) {
		fputs(REGISTRY_USAGE, stderr);
		return 2;
	}
	if (birth != NULL) {
		struct era_date dt[ERA_CANDIDATES_MAX];

		/* 61.2.3 may mean more than one era: all of them are searched. */
		if (era_parse_candidates(birth, NULL, dt, ERA_CANDIDATES_MAX) == 0) {
			cli_error("--birth: %s は日付ではありません (例: S61.2.3、"
			    "S610203、61.2.3、昭和61年2月3日、1986-02-03)", birth);
			return 2;
		}
		q.birth = birth;
	}
	if ((n = store_person_search(st, &q, registry_print_cb, NULL)) == -1) {
		cli_store_error(st, "registry search");
		return 1;
	}
	if (n == 0)
		printf("該当者はいません\n");
	return 0;
}

int
cmd_registry(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct store *st;
	int rc;

	if (argc < 2) {
		fputs(REGISTRY_USAGE, stderr);
		return 2;
	}
	if (strcmp(argv[1], "columns") == 0) {
		printf("--residents: %s\n--overseas:  %s\n",
		    store_registry_columns("resident"),
		    store_registry_columns("overseas"));
		return 0;
	}
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	if (strcmp(argv[1], "import") == 0)
		rc = registry_import(st, argc - 1, argv + 1);
	else if (strcmp(argv[1], "search") == 0)
		rc = registry_search(st, argc - 1, argv + 1);
	else {
		fputs(REGISTRY_USAGE, stderr);
		rc = 2;
	}
	store_close(st);
	return rc;
}
