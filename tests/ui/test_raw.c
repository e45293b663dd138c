/*
 * The bytes `madoguchi ui` sends, read raw from its pty (not through a
 * terminal emulator, which would hide how boxes are drawn): lines are DEC
 * line drawing (ESC ( 0), and no East Asian ambiguous-width character (box
 * drawing U+2500.., ○ ※ × … and the like) or emoji is ever sent, since
 * those are 2 columns on Japanese terminals and 1 in glibc (but the one
 * the start prints to ask the terminal how wide it draws them).
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/ui.h"
#include "testlib.h"

#define RAW_MAX	(256 * 1024)

struct raw {
	int	fd;
	pid_t	pid;
	char	buf[RAW_MAX];
	size_t	len;
};

static long
raw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Read output until it holds text (counted from byte from) or ms pass. */
static int
raw_wait(struct raw *r, size_t from, const char *text, int ms)
{
	long end = raw_now_ms() + ms;
	struct pollfd pfd = { .fd = r->fd, .events = POLLIN };

	for (;;) {
		ssize_t n;

		r->buf[r->len] = '\0';
		if (memmem(r->buf + from, r->len - from, text, strlen(text)) != NULL)
			return 1;
		if (raw_now_ms() >= end || r->len + 1 >= RAW_MAX)
			return 0;
		if (poll(&pfd, 1, 50) <= 0)
			continue;
		n = read(r->fd, r->buf + r->len, RAW_MAX - 1 - r->len);
		if (n <= 0 && errno != EINTR && errno != EAGAIN)
			return 0;
		if (n > 0)
			r->len += (size_t)n;
	}
}

static int
ambiguous_or_emoji(wchar_t wc)
{
	static const wchar_t amb[] = L"○●◎※×÷―…‥■□▲△▼▽◆◇★☆→←↑↓①②③§¶°±";

	return (wc >= 0x2500 && wc <= 0x257f) || wc >= 0x1f000 ||
	    wcschr(amb, wc) != NULL;
}

/* Run the UI under term, show a message box and help, log out, and check
 * every byte sent; acs is how that terminal starts line drawing. */
static void
raw_check(const char *term, const char *acs)
{
	static struct raw r;
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	char *state = test_mkdtemp("ui-raw");
	size_t i, mark;
	int st = -1, probes = 0;

	CU_ASSERT_FATAL(test_system("%s init --demo %s >/dev/null 2>&1",
	    test_prog("madoguchi"), state) == 0);
	memset(&r, 0, sizeof(r));
	r.pid = forkpty(&r.fd, NULL, NULL, &ws);
	CU_ASSERT_FATAL(r.pid != -1);
	if (r.pid == 0) {
		/* A stray NCURSES_NO_UTF8_ACS=1 would make curses use
		 * Unicode boxes; we keep DEC ones on xterm-likes. */
		setenv("TERM", term, 1);
		setenv("NCURSES_NO_UTF8_ACS", "1", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(test_prog("madoguchi"), "madoguchi", "ui", "--state", state,
		    "--clerk", "demo", (char *)NULL);
		_exit(127);
	}
	CU_ASSERT_TRUE(raw_wait(&r, 0, "メニュー", 5000));
	CU_ASSERT_TRUE(raw_wait(&r, 0, "終了", 5000));
	mark = r.len;
	(void)!write(r.fd, "m7", 2);	/* 保守, バックアップ */
	CU_ASSERT_TRUE(raw_wait(&r, mark, "最後のバックアップ", 5000));
	(void)!write(r.fd, "?", 1);	/* then the help box */
	CU_ASSERT_TRUE(raw_wait(&r, mark, "共通のキー", 5000));
	(void)!write(r.fd, "\rqy", 3);
	for (i = 0; i < 100 && waitpid(r.pid, &st, WNOHANG) == 0; i++)
		raw_wait(&r, r.len, "\001never\001", 50);	/* 5 s at most */
	if (i == 100) {
		kill(r.pid, SIGKILL);
		waitpid(r.pid, &st, 0);
	}
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CU_ASSERT_PTR_NOT_NULL(memmem(r.buf, r.len, acs, strlen(acs)));
	for (i = 0; i < r.len;) {
		wchar_t wc;
		int n = ui_utf8_decode(r.buf + i, r.len - i, &wc);

		CU_ASSERT_FATAL(n > 0);	/* only valid UTF-8 is sent */
		/* Except the start's probe of the terminal's ambiguous
		 * width: one character right before its cursor position
		 * query (src/ui/probe.c), drawn over at once. */
		if (ambiguous_or_emoji(wc) && probes == 0 &&
		    r.len - i - (size_t)n >= 4 &&
		    memcmp(r.buf + i + n, "\033[6n", 4) == 0) {
			probes++;
			i += (size_t)n;
			continue;
		}
		if (ambiguous_or_emoji(wc)) {
			fprintf(stderr, "sent U+%04X at byte %zu\n", (unsigned)wc, i);
			CU_FAIL("ambiguous-width character sent");
			break;
		}
		i += (size_t)n;
	}
	CU_ASSERT_EQUAL(probes, 1);
	close(r.fd);
	test_rmtree(state);
	free(state);
}

static void
test_raw_xterm(void)
{
	raw_check("xterm-256color", "\033(0");
}

static CU_TestInfo raw_tests[] = {
	{ "xterm: DEC line drawing, no ambiguous-width bytes", test_raw_xterm },
	CU_TEST_INFO_NULL
};
TEST_SUITE(raw, "ui.raw", raw_tests)
