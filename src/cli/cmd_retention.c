/*
 * `madoguchi retention run [--dry-run]`: Article 7's purge. Lists the
 * applications whose keep-until has passed (as of today, MADOGUCHI_TODAY
 * when set) by id, procedure, form and dates, nothing of the person; a
 * real run asks a supervisor's approval of deleting exactly the finished
 * ones (four eyes: approval.retention_purge, proc_retention_purge) and
 * prints its number; another supervisor approves it on the 承認待ち
 * screen, which deletes them. With the setting off, the run deletes at
 * once. Exit 0 with a summary line, 1 refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define RETENTION_USAGE \
	"使い方: madoguchi retention run [--dry-run] [--state DIR]\n" \
	"        保存期間 (第7条) を過ぎた申請を一覧し、--dry-run でなければ\n" \
	"        削除の承認を監督者に依頼します (画面の「承認待ち」で承認すると\n" \
	"        削除されます。設定 approval.retention_purge が 0 なら直ちに削除)。\n"

static void
retention_print(const struct proc_due *rows, int n, int *finished)
{
	const char *label;
	int i, p;

	*finished = 0;
	printf("%-8s %-14s %-36s %-10s %-10s\n", "受付番号", "手続き", "様式",
	    "保存期限", "受理日");
	for (i = 0; i < n; i++) {
		p = rules_procedure_parse(rows[i].procedure);
		label = p >= 0 ? rules_procedure_label((enum rules_procedure)p) :
		    NULL;
		printf("%-8lld %-14s %-36s %-10s %-10s%s\n",
		    (long long)rows[i].id, label != NULL ? label :
		    rows[i].procedure, rows[i].form, rows[i].keep_until,
		    rows[i].accepted_on[0] != '\0' ? rows[i].accepted_on : "-",
		    rows[i].finished ? "" : "  対象外 (未完了)");
		*finished += rows[i].finished;
	}
}

static int
retention_run(struct store *st, const char *state_dir, int dry_run)
{
	struct proc_due *rows;
	struct proc_ctx pc;
	char today[11], msg[512];
	int n, finished, deleted, rc;
	int64_t approval;

	util_today(today);
	if ((n = proc_retention_due(st, today, &rows)) == -1) {
		cli_store_error(st, "retention run");
		return 1;
	}
	retention_print(rows, n, &finished);
	free(rows);
	if (dry_run) {
		printf("保存期間を過ぎた申請 %d 件 (削除の対象 %d 件、未完了 %d 件)。"
		    "--dry-run のため何も削除していません (%s 現在)。\n", n,
		    finished, n - finished, today);
		return 0;
	}
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = cli_actor();
	pc.state_dir = state_dir;	/* the purged applications' PDFs */
	if ((rc = proc_retention_purge(&pc, today, &deleted, &approval, msg,
	    sizeof(msg))) == -1) {
		cli_error("%s", msg);
		return 1;
	}
	if (rc == 1) {
		printf("%s\n", msg);
		return 0;
	}
	printf("保存期間を過ぎた申請 %d 件を削除しました (%s 現在、未完了で"
	    "残したもの %d 件)。\n", deleted, today, n - finished);
	return 0;
}

int
cmd_retention(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	const char *approver = cli_take_opt(&argc, argv, "--approved-by");
	int dry_run = cli_take_flag(&argc, argv, "--dry-run");
	struct store *st;
	int rc;

	if (argc != 2 || strcmp(argv[1], "run") != 0) {
		fputs(RETENTION_USAGE, stderr);
		return 2;
	}
	if (approver != NULL) {
		/* A login typed here proves nobody's approval. */
		cli_error("--approved-by はなくなりました。削除の承認は、監督者が"
		    "画面の「承認待ち」で行います (この実行で依頼します)");
		return 2;
	}
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	rc = retention_run(st, dir, dry_run);
	store_close(st);
	return rc;
}
