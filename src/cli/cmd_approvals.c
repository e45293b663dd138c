/*
 * `madoguchi approvals list [--all]`: the requests for a supervisor's
 * approval (four eyes, proc_approve.c), waiting and approved-but-unused
 * ones by default, every one with --all: number, state, action, object,
 * who asked and when, who decided. Deciding is not here: a command line
 * cannot prove who is a clerk, so approvals are made on the 承認待ち
 * screen by a logged-in supervisor.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define APPROVALS_USAGE \
	"使い方: madoguchi approvals list [--all] [--state DIR]\n" \
	"        監督者の承認を待つ操作 (--all ですべて) を一覧します。\n" \
	"        承認・却下は、監督者が画面の「承認待ち」で行います。\n"

static int
approvals_print_cb(const struct store_approval *a, void *arg)
{
	int *n = arg;

	printf("%-6lld %-10s %-16s %-40s %-24s %s %s\n", (long long)a->id,
	    a->state, a->action, a->object, a->requested_by, a->requested_at,
	    a->decided_by[0] != '\0' ? a->decided_by : "-");
	(*n)++;
	return 0;
}

int
cmd_approvals(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	int all = cli_take_flag(&argc, argv, "--all"), n = 0;
	struct store *st;

	if (argc != 2 || strcmp(argv[1], "list") != 0) {
		fputs(APPROVALS_USAGE, stderr);
		return 2;
	}
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	printf("%-6s %-10s %-16s %-40s %-24s %s %s\n", "番号", "状態", "操作",
	    "対象", "依頼者", "依頼日時", "判断者");
	if (store_approval_foreach(st, all ? "waiting approved refused "
	    "withdrawn done" : "waiting approved", approvals_print_cb, &n) ==
	    -1) {
		cli_store_error(st, "approvals list");
		store_close(st);
		return 1;
	}
	store_close(st);
	printf("%d 件\n", n);
	return 0;
}
