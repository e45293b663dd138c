/*
 * `madoguchi stats --from D --to D [--by KIND] [--window W] [--csv]`: the
 * applications counted per day, window, procedure, register, result or
 * clerk, as a Japanese table (columns lined up by display width, days in
 * 和暦) or as CSV (RFC 4180, UTF-8: the code, its label, the count); and
 * `madoguchi close --date D [--window W]`: the daily close (日計表) printed
 * to STATE/print, its path on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "cli.h"

/* Column titles of the groupings, by enum store_stats_by. */
static const char *const stats_title_table[STORE_STATS_COUNT] = {
	[STORE_STATS_DAY] = "日付",
	[STORE_STATS_WINDOW] = "窓口",
	[STORE_STATS_PROCEDURE] = "手続き",
	[STORE_STATS_REGISTER] = "区分",
	[STORE_STATS_RESULT] = "結果",
	[STORE_STATS_CLERK] = "職員",
};

static int
stats_date(const char *opt, const char *s)
{
	struct era_date d;

	if (s != NULL && strlen(s) == 10 && era_parse_iso(s, &d) == 0)
		return 0;
	cli_error("%s には日付を YYYY-MM-DD で指定します (%s)", opt,
	    s != NULL ? s : "指定がありません");
	return -1;
}

static int
stats_window(const char *w)
{
	if (w == NULL || rules_window_parse(w) >= 0)
		return 0;
	cli_error("窓口 %s はありません (citizens, shonai, shinsenri, embassy,"
	    " via_municipality)", w);
	return -1;
}

/* RFC 4180: a field with a comma, quote or line break is quoted, its
 * quotes doubled. */
static void
csv_field(const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

struct stats_out {
	struct store		*st;
	enum store_stats_by	 by;
	int			 csv;
	long			 total;
};

static int
stats_row_cb(const struct store_stats_row *r, void *arg)
{
	struct stats_out *o = arg;
	char label[128], pad[160];

	proc_stats_label(o->st, o->by, r->key[0], label, sizeof(label));
	o->total += r->count;
	if (o->csv) {
		csv_field(r->key[0]);
		putchar(',');
		csv_field(label);
		printf(",%ld\r\n", r->count);
		return 0;
	}
	ui_pad(pad, sizeof(pad), label, 30);
	printf("  %s %8ld\n", pad, r->count);
	return 0;
}

int
cmd_stats(int argc, char **argv)
{
	const char *state = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	const char *from = cli_take_opt(&argc, argv, "--from");
	const char *to = cli_take_opt(&argc, argv, "--to");
	const char *by = cli_take_opt(&argc, argv, "--by");
	const char *window = cli_take_opt(&argc, argv, "--window");
	struct stats_out o = { NULL, STORE_STATS_DAY,
	    cli_take_flag(&argc, argv, "--csv"), 0 };
	struct store_stats_query q;
	char pad[160], f[64], t[64];
	struct store *st;
	int b = by != NULL ? store_stats_parse(by) : STORE_STATS_DAY;

	if (argc != 1) {
		fprintf(stderr, "使い方: madoguchi stats --from YYYY-MM-DD --to "
		    "YYYY-MM-DD [--by day|window|procedure|register|result|clerk]"
		    " [--window W] [--csv] [--state DIR]\n");
		return 2;
	}
	if (b < 0) {
		cli_error("--by には day, window, procedure, register, result, "
		    "clerk のどれかを指定します (%s)", by);
		return 2;
	}
	if (stats_date("--from", from) == -1 || stats_date("--to", to) == -1 ||
	    stats_window(window) == -1)
		return 2;
	if (strcmp(from, to) > 0) {
		cli_error("--from (%s) が --to (%s) より後です", from, to);
		return 2;
	}
	o.by = (enum store_stats_by)b;
	if ((st = cli_store_open(state, 0)) == NULL)
		return 1;
	o.st = st;
	memset(&q, 0, sizeof(q));
	q.from = from;
	q.to = to;
	q.window = window;
	q.by[0] = o.by;
	if (o.csv)
		printf("%s,label,count\r\n", store_stats_name(o.by));
	else {
		proc_stats_label(st, STORE_STATS_DAY, from, f, sizeof(f));
		proc_stats_label(st, STORE_STATS_DAY, to, t, sizeof(t));
		printf("申請の件数 %s から %s まで%s%s\n\n", f, t,
		    window != NULL ? " 窓口: " : "", window != NULL ?
		    proc_stats_label(st, STORE_STATS_WINDOW, window, pad,
		    sizeof(pad)) : "");
		ui_pad(pad, sizeof(pad), stats_title_table[o.by], 30);
		printf("  %s %8s\n", pad, "件数");
	}
	if (store_stats(st, &q, stats_row_cb, &o) == -1) {
		cli_store_error(st, "stats");
		store_close(st);
		return 1;
	}
	store_close(st);
	if (!o.csv) {
		ui_pad(pad, sizeof(pad), "合計", 30);
		printf("  %s %8ld\n", pad, o.total);
	}
	return 0;
}

int
cmd_close(int argc, char **argv)
{
	const char *state = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	const char *day = cli_take_opt(&argc, argv, "--date");
	const char *window = cli_take_opt(&argc, argv, "--window");
	char today[11], msg[512], *path;
	struct store *st;

	if (argc != 1) {
		fprintf(stderr, "使い方: madoguchi close [--date YYYY-MM-DD] "
		    "[--window W] [--state DIR]\n");
		return 2;
	}
	if (day == NULL) {
		util_today(today);
		day = today;
	}
	if (stats_date("--date", day) == -1 || stats_window(window) == -1)
		return 2;
	if ((st = cli_store_open(state, 0)) == NULL)
		return 1;
	path = proc_close_print(st, state, day, window, cli_actor(), msg,
	    sizeof(msg));
	store_close(st);
	if (path == NULL) {
		cli_error("%s", msg);
		return 1;
	}
	printf("%s\n", path);
	free(path);
	return 0;
}
