/*
 * Keys from the terminal: every byte is read raw and decoded here, by our
 * own const tables, whatever TERM says. curses' keypad translation is off
 * (keypad FALSE): its terminfo tables differ by TERM and clash with the
 * clients (infocmp: kmous=\E[M on linux and screen, where PuTTY's SCO mode
 * sends F1; kf5=\EOt on vt100, where PuTTY sends \E[15~; kf1=\E[[A only
 * on linux), and keypad TRUE would also switch the client's cursor keys
 * to application mode. We read the sequences of xterm, PuTTY (default
 * ESC[n~, Linux, Xterm R6, VT400, VT100+, SCO), Tera Term's KEYBOARD.CNF
 * (XF1..XF5 = ESC[11~..15~, Find/Select for Home/End, PF1..4 = SS3 P..S)
 * and rxvt; modifiers (CSI 1;5A) give the plain key. UTF-8 is decoded
 * strictly; other escape sequences are read to their end and refused
 * (never drawn). Esc then a digit, pressed one after the other, is
 * F1..F10 (0 = F10), as Alt+digit is. A cursor position report that
 * comes late (ui_probe) is swallowed, never taken as a key.
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
/* After a lone Esc, how long a digit still makes it F1..F10. Two keys
 * pressed one after the other by someone reading the key bar come 300 to
 * 500 ms apart; 700 ms leaves room for that, while Esc alone (back) still
 * acts within a second. */
#define KEY_ESC_DIGIT_MS	700
#define KEY_OSC_MAX	512
#define KEY_UNUSED	(-1)	/* a known key we have no use for */

static const char *const key_bad_seq = "解釈できないキー入力を無視しました。";
static const char *const key_bad_utf8 =
    "UTF-8 ではない入力を無視しました (端末の文字コードを UTF-8 にしてください)。";
static const char *const key_bad_ctrl = "制御文字は入力できません。";
static const char *const key_unused = "このキーは使えません。";

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

/* CSI n ~ (vt220 style: xterm, PuTTY's default, Tera Term, rxvt's 7 and
 * 8 for Home and End, screen). Tera Term's Find/Select keys are Home and
 * End; 2 is Insert, which nothing here uses. */
static const struct {
	int	n;
	int	key;
} key_tilde_table[] = {
	{ 1, UI_K_HOME }, { 7, UI_K_HOME }, { 4, UI_K_END }, { 8, UI_K_END },
	{ 2, KEY_UNUSED }, { 3, UI_K_DELETE }, { 5, UI_K_PGUP },
	{ 6, UI_K_PGDN },
	{ 11, UI_K_F(1) }, { 12, UI_K_F(2) }, { 13, UI_K_F(3) },
	{ 14, UI_K_F(4) }, { 15, UI_K_F(5) }, { 17, UI_K_F(6) },
	{ 18, UI_K_F(7) }, { 19, UI_K_F(8) }, { 20, UI_K_F(9) },
	{ 21, UI_K_F(10) }, { 23, UI_K_F(11) }, { 24, UI_K_F(12) },
};

struct key_final {
	int	c;
	int	key;
};

/* CSI without parameters: xterm's cursor keys and Home/End, and PuTTY's
 * SCO mode (F1..F12 = M..X, PgUp I, PgDn G, Ins L): so CSI P..S are
 * F4..F7 here, never F1..F4. */
static const struct key_final key_csi_table[] = {
	{ 'A', UI_K_UP }, { 'B', UI_K_DOWN }, { 'C', UI_K_RIGHT },
	{ 'D', UI_K_LEFT }, { 'H', UI_K_HOME }, { 'F', UI_K_END },
	{ 'I', UI_K_PGUP }, { 'G', UI_K_PGDN }, { 'L', KEY_UNUSED },
	{ 'Z', UI_K_BTAB },
	{ 'M', UI_K_F(1) }, { 'N', UI_K_F(2) }, { 'O', UI_K_F(3) },
	{ 'P', UI_K_F(4) }, { 'Q', UI_K_F(5) }, { 'R', UI_K_F(6) },
	{ 'S', UI_K_F(7) }, { 'T', UI_K_F(8) }, { 'U', UI_K_F(9) },
	{ 'V', UI_K_F(10) }, { 'W', UI_K_F(11) }, { 'X', UI_K_F(12) },
};

/* CSI 1 ; m X: xterm's keys with a modifier, taken as the plain key. R
 * is missing on purpose: CSI r ; c R is a cursor position report. */
static const struct key_final key_csi_mod_table[] = {
	{ 'A', UI_K_UP }, { 'B', UI_K_DOWN }, { 'C', UI_K_RIGHT },
	{ 'D', UI_K_LEFT }, { 'H', UI_K_HOME }, { 'F', UI_K_END },
	{ 'P', UI_K_F(1) }, { 'Q', UI_K_F(2) }, { 'S', UI_K_F(4) },
	{ 'Z', UI_K_BTAB },
};

/* CSI [ X: the Linux console's (and PuTTY "Linux") F1..F5. */
static const struct key_final key_linux_table[] = {
	{ 'A', UI_K_F(1) }, { 'B', UI_K_F(2) }, { 'C', UI_K_F(3) },
	{ 'D', UI_K_F(4) }, { 'E', UI_K_F(5) },
};

/* SS3 X: application cursor keys, keypad Enter, and F1..F12 of PuTTY's
 * VT100+ mode (P..[), whose first four are xterm's, PuTTY "Xterm R6" and
 * "VT400", and Tera Term's PF1..PF4. */
static const struct key_final key_ss3_table[] = {
	{ 'A', UI_K_UP }, { 'B', UI_K_DOWN }, { 'C', UI_K_RIGHT },
	{ 'D', UI_K_LEFT }, { 'H', UI_K_HOME }, { 'F', UI_K_END },
	{ 'M', UI_K_ENTER },
	{ 'P', UI_K_F(1) }, { 'Q', UI_K_F(2) }, { 'R', UI_K_F(3) },
	{ 'S', UI_K_F(4) }, { 'T', UI_K_F(5) }, { 'U', UI_K_F(6) },
	{ 'V', UI_K_F(7) }, { 'W', UI_K_F(8) }, { 'X', UI_K_F(9) },
	{ 'Y', UI_K_F(10) }, { 'Z', UI_K_F(11) }, { '[', UI_K_F(12) },
};

void
ui_key_setup(void)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, FALSE);
	meta(stdscr, TRUE);
}

/* The next byte of a sequence already under way, or ERR. */
static int
key_follow(void)
{
	timeout(KEY_FOLLOW_MS);
	return getch();
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

/* The key of c in a table; a known but unused key says so. */
static void
key_final_set(struct ui_event *ev, const struct key_final *t, size_t n,
    int c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].c == c) {
			if (t[i].key == KEY_UNUSED)
				key_bad(ev, key_unused);
			else
				key_set(ev, t[i].key);
		}
}

static void
key_tilde(struct ui_event *ev, int n)
{
	size_t i;

	for (i = 0; i < nitems(key_tilde_table); i++)
		if (key_tilde_table[i].n == n) {
			if (key_tilde_table[i].key == KEY_UNUSED)
				key_bad(ev, key_unused);
			else
				key_set(ev, key_tilde_table[i].key);
		}
}

/* CSI: parameters 0x30-0x3f, intermediates 0x20-0x2f, a final 0x40-0x7e.
 * n is the first parameter, the rest (modifiers) is read and left. */
static void
key_csi(struct ui_event *ev)
{
	int c, n = 0, nparams = 0, first = 1, private = 0;
	size_t len = 0;

	while ((c = key_follow()) != ERR && len++ < 64) {
		if (c >= '0' && c <= '9') {
			if (first && n < 10000)
				n = n * 10 + (c - '0');
		} else if (c == ';')
			first = 0;
		else if (c >= 0x20 && c <= 0x3f)
			private = 1;	/* <, =, >, ?, or intermediates */
		else
			break;
		nparams++;
	}
	key_bad(ev, key_bad_seq);
	if (c == ERR || private)
		return;
	if (nparams == 0 && c == '[') {
		if ((c = key_follow()) != ERR)
			key_final_set(ev, key_linux_table,
			    nitems(key_linux_table), c);
	} else if (nparams == 0)
		key_final_set(ev, key_csi_table, nitems(key_csi_table), c);
	else if (c == '~')
		key_tilde(ev, n);
	else if (c == 'R' && !first)
		ev->kind = UI_EV_NONE;	/* a late cursor position report */
	else
		key_final_set(ev, key_csi_mod_table,
		    nitems(key_csi_mod_table), c);
}

/* SS3: a final, after modifier digits some terminals put first. */
static void
key_ss3(struct ui_event *ev)
{
	int c;

	key_bad(ev, key_bad_seq);
	while ((c = key_follow()) != ERR && c >= '0' && c <= '9')
		;
	if (c != ERR)
		key_final_set(ev, key_ss3_table, nitems(key_ss3_table), c);
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

/* A digit after Esc: F1..F9, 0 = F10; 0 when c is no digit. */
static int
key_esc_digit(struct ui_event *ev, int c)
{
	if (c < '0' || c > '9')
		return 0;
	key_set(ev, UI_K_F(c == '0' ? 10 : c - '0'));
	return 1;
}

/* Esc came alone: a digit pressed next, within KEY_ESC_DIGIT_MS, makes
 * it a function key; any other key is left to be read next. */
static void
key_lone_escape(struct ui_event *ev)
{
	int c;

	timeout(KEY_ESC_DIGIT_MS);
	c = getch();
	if (c != ERR && key_esc_digit(ev, c))
		return;
	if (c != ERR)
		ungetch(c);
	key_set(ev, UI_K_ESC);
}

static void
key_escape(struct ui_event *ev)
{
	int c = key_follow();

	if (c == ERR) {
		key_lone_escape(ev);
		return;
	}
	if (c == 0x1b) {
		key_set(ev, UI_K_ESC);
		return;
	}
	if (key_esc_digit(ev, c))	/* Alt+1 = F1 */
		return;
	if (c == '[')
		key_csi(ev);
	else if (c == 'O')
		key_ss3(ev);
	else if (c == ']' || c == 'P' || c == '_' || c == '^')
		key_string(ev);
	else
		key_bad(ev, key_bad_seq);
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
	if (c == KEY_RESIZE)	/* from curses itself, should it catch one */
		key_set(ev, UI_K_RESIZE);
	else if (c > 0xff)
		key_bad(ev, key_unused);
	else if (c == 0x1b)
		key_escape(ev);
	else if (c < 0x20 || c == 0x7f)
		key_control(ev, c);
	else if (c < 0x80) {
		ev->kind = UI_EV_CHAR;
		ev->ch = (wchar_t)c;
	} else
		key_utf8(ev, c);
}
