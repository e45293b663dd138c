/*
 * `madoguchi print specimen --out DIR`: a specimen (見本) of every printed
 * form as one PDF each (DIR/receipt.pdf, ...), filled with invented data
 * (𠮷田 花子, a name with a variation sequence): an admin checks a printer
 * and the fonts with it, and the tests read it back. No state is needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/util.h"
#include "cli.h"

#define PRINT_USAGE \
	"使い方: madoguchi print specimen --out DIR\n" \
	"        印刷する様式の見本 (架空の内容) を DIR に PDF で作成します。\n"

int
cmd_print(int argc, char **argv)
{
	const char *out = cli_take_opt(&argc, argv, "--out");
	const struct print_form *f;
	char *path;
	size_t i;
	int rc = 0;

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
