/*
 * Keys from the terminal: curses gives bytes and the keys its terminfo
 * knows; this file turns them into events. UTF-8 is decoded here, strictly;
 * escape sequences curses did not know are read to their end and refused
 * (never drawn); common alternative sequences (PuTTY and Tera Term's
 * function keys, CSI arrows) are mapped; Alt+digit (ESC digit) stands in
 * for F1..F10 on terminals that eat function keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "madoguchi/util.h"
#include "ui_int.h"

#define KEY_FOLLOW_MS	40	/* the rest of a sequence, once it started */
#define KEY_OSC_MAX	512

static const char *const key_bad_seq = "解釈できないキー入力を無視しました。";
static const char *const key_bad_utf8 =
    "UTF-8 ではない入力を無視しました (端末の文字コードを UTF-8 にしてください)。";
static const char *const key_bad_ctrl = "制御文字は入力できません。";

static const struct {
	int	curses;
	int	key;
} key_curses_table[] = {
	{ KEY_ENTER, UI_K_ENTER }, { KEY_BACKSPACE, UI_K_BACKSPACE },
	{ KEY_DC, UI_K_DELETE }, { KEY_LEFT, UI_K_LEFT },
	{ KEY_RIGHT, UI_K_RIGHT }, { KEY_UP, UI_K_UP }, { KEY_DOWN, UI_K_DOWN },
	{ KEY_HOME, UI_K_HOME }, { KEY_END, UI_K_END },
	{ KEY_PPAGE, UI_K_PGUP }, { KEY_NPAGE, UI_K_PGDN },
	{ KEY_BTAB, UI_K_BTAB }, { KEY_RESIZE, UI_K_RESIZE },
	{ KEY_A1, UI_K_HOME }, { KEY_C1, UI_K_END },
};

/* Control characters that mean something; all others are refused. */
static const struct {
	int	c;
	int	key;
} key_ctrl_table[] = {
	{ '\r', UI_K_ENTER }, { '\n', UI_K_ENTER }, { '\t', UI_K_TAB },
	{ 0x7f, UI_K_BACKSPACE }, { 0x08, UI_K_BACKSPACE },
	{ 0x01, UI_K_HOME }, { 0x05, UI_K_END }, { 0x02, UI_K_LEFT },
	{ 0x06, UI_K_RIGHT }, { 0x04, UI_K_DELETE }, { 0x15, UI_K_CLEAR },
	{ 0x0c, UI_K_REDRAW }, { 0x03, UI_K_INTR },
};

/* CSI n ~ (vt220 style, as PuTTY and Tera Term send). */
static const struct {
	int	n;
	int	key;
} key_tilde_table[] = {
	{ 1, UI_K_HOME }, { 7, UI_K_HOME }, { 4, UI_K_END }, { 8, UI_K_END },
	{ 3, UI_K_DELETE }, { 5, UI_K_PGUP }, { 6, UI_K_PGDN },
	{ 11, UI_K_F(1) }, { 12, UI_K_F(2) }, { 13, UI_K_F(3) },
	{ 14, UI_K_F(4) }, { 15, UI_K_F(5) }, { 17, UI_K_F(6) },
	{ 18, UI_K_F(7) }, { 19, UI_K_F(8) }, { 20, UI_K_F(9) },
	{ 21, UI_K_F(10) }, { 23, UI_K_F(11) }, { 24, UI_K_F(12) },
};

/* Final byte of CSI or SS3 without parameters. */
static const struct {
	int	c;
	int	key;
} key_final_table[] = {
	{ 'A', UI_K_UP }, { 'B', UI_K_DOWN }, { 'C', UI_K_RIGHT },
	{ 'D', UI_K_LEFT }, { 'H', UI_K_HOME }, { 'F', UI_K_END },
	{ 'Z', UI_K_BTAB }, { 'P', UI_K_F(1) }, { 'Q', UI_K_F(2) },
	{ 'R', UI_K_F(3) }, { 'S', UI_K_F(4) }, { 'M', UI_K_ENTER },
};

void
ui_key_setup(void)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	set_escdelay(100);
}

/* The next byte of a sequence already under way, or ERR. */
static int
key_follow(void)
{
	int c;

	timeout(KEY_FOLLOW_MS);
	c = getch();
	return c;
}

static void
key_set(struct ui_event *ev, int key)
{
	ev->kind = UI_EV_KEY;
	ev->key = key;
}

static void
key_bad(struct ui_event *ev, const char *why)
{
	ev->kind = UI_EV_BAD;
	ev->why = why;
}

/* CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, a final 0x40-0x7e. */
static void
key_csi(struct ui_event *ev)
{
	int c, n = 0, nparams = 0, digits = 1;
	size_t i, len = 0;

	while ((c = key_follow()) != ERR && len++ < 64) {
		if (c >= '0' && c <= '9')
			n = n * 10 + (c - '0');
		else if (c >= 0x20 && c <= 0x3f)
			digits = 0;
		else
			break;
		nparams++;
	}
	key_bad(ev, key_bad_seq);
	if (c == '~' && digits && nparams > 0) {
		for (i = 0; i < nitems(key_tilde_table); i++)
			if (key_tilde_table[i].n == n)
				key_set(ev, key_tilde_table[i].key);
	} else if (nparams == 0 && c != ERR) {
		for (i = 0; i < nitems(key_final_table); i++)
			if (key_final_table[i].c == c)
				key_set(ev, key_final_table[i].key);
	}
}

/* OSC, DCS, APC, PM: a string up to BEL or ESC \, swallowed. */
static void
key_string(struct ui_event *ev)
{
	int c, n = 0;

	while ((c = key_follow()) != ERR && n++ < KEY_OSC_MAX) {
		if (c == 0x07)
			break;
		if (c == 0x1b) {
			(void)key_follow();
			break;
		}
	}
	key_bad(ev, key_bad_seq);
}

static void
key_escape(struct ui_event *ev)
{
	int c = key_follow();
	size_t i;

	if (c == ERR || c == 0x1b) {
		key_set(ev, UI_K_ESC);
		return;
	}
	if (c >= '1' && c <= '9') {
		key_set(ev, UI_K_F(c - '0'));	/* Alt+1 = F1 */
		return;
	}
	if (c == '0') {
		key_set(ev, UI_K_F(10));
		return;
	}
	if (c == '[') {
		key_csi(ev);
		return;
	}
	if (c == ']' || c == 'P' || c == '_' || c == '^') {
		key_string(ev);
		return;
	}
	key_bad(ev, key_bad_seq);
	if (c == 'O' && (c = key_follow()) != ERR)
		for (i = 0; i < nitems(key_final_table); i++)
			if (key_final_table[i].c == c)
				key_set(ev, key_final_table[i].key);
}

/* A UTF-8 sequence started with lead byte c. */
static void
key_utf8(struct ui_event *ev, int c)
{
	char buf[4];
	size_t n = 1;
	wchar_t wc;
	int rc;

	buf[0] = (char)c;
	for (;;) {
		rc = ui_utf8_decode(buf, n, &wc);
		if (rc != 0 || n == sizeof(buf))
			break;
		if ((c = key_follow()) == ERR)
			break;
		buf[n++] = (char)c;
	}
	if (rc <= 0) {
		/* A byte that broke the sequence may begin the next one. */
		if (n > 1 && ((unsigned char)buf[n - 1] & 0xc0) != 0x80)
			ungetch((unsigned char)buf[n - 1]);
		key_bad(ev, key_bad_utf8);
		return;
	}
	if (ui_wcwidth(wc) <= 0) {
		key_bad(ev, ui_wcwidth(wc) < 0 ? key_bad_ctrl :
		    "表示できない文字は入力できません。");
		return;
	}
	ev->kind = UI_EV_CHAR;
	ev->ch = wc;
}

static void
key_control(struct ui_event *ev, int c)
{
	size_t i;
	int next;

	/* Terminals set to send CR LF for Enter (a Tera Term option) give
	 * one Enter, not two. */
	if (c == '\r') {
		timeout(0);
		if ((next = getch()) != '\n' && next != ERR)
			ungetch(next);
	}

	for (i = 0; i < nitems(key_ctrl_table); i++)
		if (key_ctrl_table[i].c == c) {
			key_set(ev, key_ctrl_table[i].key);
			return;
		}
	key_bad(ev, key_bad_ctrl);
}

/* Signals through a pipe that the key reader polls together with the
 * terminal, so none is missed between a check and a read: a window change
 * ('w'; curses' own flag can be missed that way), and SIGHUP or SIGTERM
 * ('h': the server ends the session) which end the run cleanly. Installed
 * before newterm, so curses leaves these signals to us. */
static int key_sig_pipe[2] = { -1, -1 };

static void
key_signal_cb(int sig)
{
	int saved = errno;

	(void)!write(key_sig_pipe[1], sig == SIGWINCH ? "w" : "h", 1);
	errno = saved;
}

int
ui_key_signals(void)
{
	static const int sigs[] = { SIGWINCH, SIGHUP, SIGTERM };
	struct sigaction sa;
	size_t i;

	if (key_sig_pipe[0] == -1 &&
	    pipe2(key_sig_pipe, O_NONBLOCK | O_CLOEXEC) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = key_signal_cb;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (i = 0; i < nitems(sigs); i++)
		if (sigaction(sigs[i], &sa, NULL) == -1)
			return -1;
	return 0;
}

/* What the signals said: the end of the session, or a new size (read
 * from the terminal and given to curses; the caller redraws all). */
static void
key_signals_read(struct ui_event *ev)
{
	struct winsize ws;
	char buf[64];
	ssize_t n, i;
	int winch = 0;

	while ((n = read(key_sig_pipe[0], buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] == 'h')
				ev->kind = UI_EV_EOF;
			else
				winch = 1;
		}
	if (ev->kind == UI_EV_EOF)
		return;
	if (winch && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_row > 0 && ws.ws_col > 0) {
		resize_term(ws.ws_row, ws.ws_col);
		clearok(curscr, TRUE);
	}
	key_set(ev, UI_K_RESIZE);
}

/* Nothing buffered: wait for the terminal or a window change. 1 when the
 * terminal has bytes, 0 with ev filled in otherwise. */
static int
key_wait(struct ui_event *ev, int timeout_ms)
{
	struct pollfd pfd[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = key_sig_pipe[0], .events = POLLIN },
	};
	int rc;

	ev->kind = UI_EV_NONE;
	rc = poll(pfd, key_sig_pipe[0] != -1 ? 2 : 1, timeout_ms);
	if (rc == -1 && errno != EINTR) {
		ev->kind = UI_EV_EOF;
		return 0;
	}
	if (rc <= 0)
		return 0;
	if (pfd[1].revents & POLLIN) {
		key_signals_read(ev);
		return 0;
	}
	if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
		ev->kind = UI_EV_EOF;	/* the terminal went away */
		return 0;
	}
	return 1;
}

void
ui_key_read(struct ui *ui, int timeout_ms, struct ui_event *ev)
{
	static int empty_reads;
	size_t i;
	int c;

	(void)ui;
	memset(ev, 0, sizeof(*ev));
	timeout(0);
	if ((c = getch()) == ERR) {
		if (!key_wait(ev, timeout_ms))
			return;
		if ((c = getch()) == ERR) {
			/* Readable but nothing read: a closed terminal that
			 * poll did not report as such. */
			if (++empty_reads > 100)
				ev->kind = UI_EV_EOF;
			return;
		}
	}
	empty_reads = 0;
	if (c >= KEY_MIN) {
		if (c >= KEY_F(1) && c <= KEY_F(12)) {
			key_set(ev, UI_K_F(c - KEY_F(0)));
			return;
		}
		key_bad(ev, "このキーは使えません。");
		for (i = 0; i < nitems(key_curses_table); i++)
			if (key_curses_table[i].curses == c)
				key_set(ev, key_curses_table[i].key);
		return;
	}
	if (c == 0x1b)
		key_escape(ev);
	else if (c < 0x20 || c == 0x7f)
		key_control(ev, c);
	else if (c < 0x80) {
		ev->kind = UI_EV_CHAR;
		ev->ch = (wchar_t)c;
	} else
		key_utf8(ev, c);
}
