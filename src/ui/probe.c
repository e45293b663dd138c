/*
 * How wide the terminal draws East Asian ambiguous characters, asked once
 * when the UI starts: one such character printed at a known place, then a
 * cursor position report (ESC[6n) read back with a deadline. The answer
 * is the session's (struct ui, the log); keys typed meanwhile are given
 * back to curses, and the report itself never reaches the key reader.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "ui_int.h"

#define PROBE_MS	500	/* a terminal that never answers: unknown */
#define PROBE_ROW	2	/* 1-based; not row 1, so the report cannot
				 * look like xterm's Shift+F3 (CSI 1;2R) */
#define PROBE_BUF	256

/* U+25CB WHITE CIRCLE: East Asian Width "A". */
static const char probe_char[] = "\xe2\x97\x8b";

static const char probe_wide_msg[] =
    "端末はあいまい幅の文字を全角にする設定です (画面では使いません)。";

static int
probe_write(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, s, n);

		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A report ESC [ row ; col R starting at buf[i]: its length, 0 if none
 * (yet). */
static size_t
probe_report(const char *buf, size_t len, size_t i, int *row, int *col)
{
	size_t j = i + 2;
	int v[2] = { 0, 0 }, k = 0;

	if (len - i < 6 || buf[i] != 0x1b || buf[i + 1] != '[')
		return 0;
	for (; j < len && j - i < 16; j++) {
		if (buf[j] >= '0' && buf[j] <= '9')
			v[k] = v[k] * 10 + (buf[j] - '0');
		else if (buf[j] == ';' && k == 0)
			k = 1;
		else if (buf[j] == 'R' && k == 1) {
			*row = v[0];
			*col = v[1];
			return j + 1 - i;
		} else
			return 0;
	}
	return 0;
}

/* Read until a report comes or the deadline passes; the other bytes are
 * kept in buf (*len). 1 with *col, or 0. */
static int
probe_read(char *buf, size_t *len, int *col)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	int64_t end = util_now_ms() + PROBE_MS;
	size_t i, n;
	int row;

	for (;;) {
		int64_t left = end - util_now_ms();
		ssize_t r;

		if (left <= 0 || *len >= PROBE_BUF ||
		    poll(&pfd, 1, (int)left) <= 0)
			return 0;
		r = read(STDIN_FILENO, buf + *len, PROBE_BUF - *len);
		if (r <= 0) {
			if (r == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			return 0;
		}
		*len += (size_t)r;
		for (i = 0; i < *len; i++)
			if ((n = probe_report(buf, *len, i, &row, col)) > 0) {
				memmove(buf + i, buf + i + n, *len - i - n);
				*len -= n;
				return row == PROBE_ROW;
			}
	}
}

void
ui_probe_width(struct ui *ui)
{
	char out[64], buf[PROBE_BUF];
	size_t len = 0;
	int col = 0, n;

	ui->amb_width = 0;
	refresh();		/* curses' own start (alternate screen) first */
	n = snprintf(out, sizeof(out), "\033[%d;1H%s\033[6n", PROBE_ROW,
	    probe_char);
	if (probe_write(out, (size_t)n) == 0 && probe_read(buf, &len, &col))
		ui->amb_width = col == 3 ? 2 : col == 2 ? 1 : 0;
	/* Keys typed meanwhile are read next, in their order. */
	while (len > 0)
		ungetch((unsigned char)buf[--len]);
	clearok(curscr, TRUE);	/* the next draw clears the probe */
	log_info("terminal: ambiguous-width characters %s",
	    ui->amb_width == 2 ? "double width" : ui->amb_width == 1 ?
	    "single width" : "unknown (no cursor position report)");
	if (ui->amb_width == 2)
		ui_set_message(ui, 0, "%s", probe_wide_msg);
}
