/*
 * `madoguchi print specimen --out DIR`: a specimen (見本) of every printed
 * form as one PDF each (DIR/receipt.pdf, ...), filled with invented data
 * (𠮷田 花子, a name with a variation sequence): an admin checks a printer
 * and the fonts with it, and the tests read it back. No state is needed.
 * `madoguchi print jobs` lists the print jobs (after asking CUPS how the
 * sent ones ended) and `madoguchi print again N` prints job N again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define PRINT_USAGE \
	"使い方: madoguchi print specimen --out DIR\n" \
	"        印刷する様式の見本 (架空の内容) を DIR に PDF で作成します。\n" \
	"        madoguchi print jobs [--state DIR]\n" \
	"        印刷ジョブの一覧 (送ったものは CUPS に結果を問い合わせます)。\n" \
	"        madoguchi print again N [--state DIR]\n" \
	"        印刷ジョブ N をもう一度印刷します。\n"

static int
print_job_line_cb(const struct store_print_job *j, void *arg)
{
	char when[32];

	(void)arg;
	proc_print_time_jst(j->updated_at, when, sizeof(when));
	printf("%lld\t%s\t%s\t%s %lld\t%s\t%s\t%d\t%s\n", (long long)j->id,
	    when, proc_print_state_label(j->state),
	    proc_print_kind_label(j->kind), (long long)j->ref_id, j->window,
	    j->queue[0] != '\0' ? j->queue : "-", j->cups_job, j->error);
	return 0;
}

static int
print_jobs(struct proc_ctx *pc)
{
	char msg[512];
	int changed;

	/* CUPS not reachable still lists what is recorded. */
	if (proc_print_refresh(pc, &changed, msg, sizeof(msg)) == -1)
		cli_error("%s", msg);
	printf("番号\t日時 (日本時間)\t状態\t帳票\t窓口\tプリンタ\tCUPS\t"
	    "理由\n");
	if (proc_print_jobs(pc, 0, print_job_line_cb, NULL) == -1) {
		cli_store_error(pc->st, "印刷ジョブ");
		return 1;
	}
	return 0;
}

static int
print_again(struct proc_ctx *pc, const char *dir, const char *arg)
{
	struct store_print_job job;
	char path[512], msg[512], say[768], *end;
	long long id = strtoll(arg, &end, 10);
	int rc;

	if (*arg == '\0' || *end != '\0' || id <= 0) {
		fputs(PRINT_USAGE, stderr);
		return 2;
	}
	rc = proc_print_again(pc, dir, id, &job, path, sizeof(path), msg,
	    sizeof(msg));
	if (rc == -1 && job.id == 0) {
		cli_error("%s", msg);
		return 1;
	}
	proc_print_say(&job, path, say, sizeof(say));
	if (rc == -1) {
		cli_error("ジョブ %lld: %s", id, say);
		return 1;
	}
	printf("ジョブ %lld: %s\n", id, say);
	return 0;
}

/* print jobs | print again N, on the state's store as cli_actor(). */
static int
print_state(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	struct proc_ctx pc;
	int rc;

	if ((argc != 2 || strcmp(argv[1], "jobs") != 0) &&
	    (argc != 3 || strcmp(argv[1], "again") != 0)) {
		fputs(PRINT_USAGE, stderr);
		return 2;
	}
	memset(&pc, 0, sizeof(pc));
	if ((pc.st = cli_store_open(dir, 0)) == NULL)
		return 1;
	pc.actor = cli_actor();
	rc = argc == 2 ? print_jobs(&pc) : print_again(&pc, dir, argv[2]);
	store_close(pc.st);
	return rc;
}

int
cmd_print(int argc, char **argv)
{
	const char *out = cli_take_opt(&argc, argv, "--out");
	const struct print_form *f;
	char *path;
	size_t i;
	int rc = 0;

	if (argc >= 2 && (strcmp(argv[1], "jobs") == 0 ||
	    strcmp(argv[1], "again") == 0) && out == NULL)
		return print_state(argc, argv);
	if (argc != 2 || strcmp(argv[1], "specimen") != 0 || out == NULL) {
		fputs(PRINT_USAGE, stderr);
		return 2;
	}
	if (mkdir(out, 0755) == -1 && errno != EEXIST) {
		cli_error("%s を作成できません: %s", out, cli_errno_ja(errno));
		return 1;
	}
	for (i = 0; i < print_form_count; i++) {
		f = print_form_table[i];
		path = xasprintf("%s/%s", out, f->name);
		rc = print_form_write(f, f->specimen, f->nspecimen, 1, path);
		if (rc == 0)
			printf("%s  %s (見本)\n", path, print_form_title(f));
		else
			cli_error("%s を書き込めません", path);
		free(path);
		if (rc != 0)
			break;
	}
	return rc != 0 ? 1 : 0;
}
