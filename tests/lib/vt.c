/*
 * libvterm behind a pty: vt_spawn forks the program with forkpty(), every
 * byte it prints is fed to vterm_input_write, and the screen is read cell by
 * cell (the continuation cell of a wide character is skipped).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

#include "vt.h"

struct vt {
	VTerm		*vt;
	VTermScreen	*screen;
	int		 fd;
	pid_t		 pid;
	int		 rows, cols;
	int		 exited, status;
	enum vt_cpr	 cpr;
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

struct vt *
vt_spawn(int rows, int cols, char *const argv[], char *const env[])
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };
	struct vt *v;
	int fd;
	pid_t pid;

	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid == -1)
		return NULL;
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		for (; env != NULL && *env != NULL; env++)
			putenv(*env);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	v = calloc(1, sizeof(*v));
	v->fd = fd;
	v->pid = pid;
	v->rows = rows;
	v->cols = cols;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	v->vt = vterm_new(rows, cols);
	vterm_set_utf8(v->vt, 1);
	v->screen = vterm_obtain_screen(v->vt);
	vterm_screen_reset(v->screen, 1);
	return v;
}

pid_t
vt_pid(const struct vt *v)
{
	return v->pid;
}

void
vt_set_cpr(struct vt *v, enum vt_cpr cpr)
{
	v->cpr = cpr;
}

/* A cursor position report ESC [ r ; c R in libvterm's answer, changed
 * as the test asked: dropped, or one column further (a terminal that
 * drew the ambiguous character the program printed two columns wide). */
static size_t
vt_cpr_rewrite(struct vt *v, char *buf, size_t n, size_t size)
{
	char tmp[256];
	int r, c, len = 0;

	if (v->cpr == VT_CPR_TERM || n >= sizeof(tmp))
		return n;
	memcpy(tmp, buf, n);
	tmp[n] = '\0';
	if (sscanf(tmp, "\033[%d;%dR%n", &r, &c, &len) != 2 ||
	    (size_t)len != n)
		return n;
	if (v->cpr == VT_CPR_NONE)
		return 0;
	return (size_t)snprintf(buf, size, "\033[%d;%dR", r, c + 1);
}

/* Send libvterm's answers to queries (cursor position reports and the
 * like) back to the program, as a real terminal would. */
static void
vt_flush_replies(struct vt *v)
{
	char buf[256];
	size_t n;

	while ((n = vterm_output_read(v->vt, buf, sizeof(buf) - 16)) > 0) {
		n = vt_cpr_rewrite(v, buf, n, sizeof(buf));
		if (n > 0)
			(void)!write(v->fd, buf, n);
	}
}

int
vt_pump(struct vt *v, int ms)
{
	struct pollfd pfd = { .fd = v->fd, .events = POLLIN };
	long end = now_ms() + ms;
	char buf[8192];
	int total = 0;

	for (;;) {
		long left = end - now_ms();
		ssize_t n;

		if (poll(&pfd, 1, left > 0 ? (int)left : 0) <= 0)
			break;
		n = read(v->fd, buf, sizeof(buf));
		if (n > 0) {
			vterm_input_write(v->vt, buf, n);
			vt_flush_replies(v);
			total += n;
			continue;
		}
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		return total > 0 ? total : -1;	/* EOF or EIO: the program is gone */
	}
	return total;
}

void
vt_row(struct vt *v, int row, char *buf, size_t size)
{
	size_t n = 0, keep = 0;
	int col;

	buf[0] = '\0';
	if (row < 0 || row >= v->rows || size < 8)
		return;
	for (col = 0; col < v->cols; col++) {
		VTermScreenCell cell;
		VTermPos pos = { .row = row, .col = col };
		int i;

		if (!vterm_screen_get_cell(v->screen, pos, &cell))
			continue;
		if (cell.chars[0] == 0xFFFFFFFF)	/* right half of a wide char */
			continue;
		if (cell.chars[0] == 0) {
			if (n + 1 < size)
				buf[n++] = ' ';
			continue;
		}
		for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell.chars[i]; i++) {
			char u[8];
			int len = 0;
			uint32_t c = cell.chars[i];

			if (c < 0x80)
				u[len++] = (char)c;
			else if (c < 0x800) {
				u[len++] = (char)(0xc0 | (c >> 6));
				u[len++] = (char)(0x80 | (c & 0x3f));
			} else if (c < 0x10000) {
				u[len++] = (char)(0xe0 | (c >> 12));
				u[len++] = (char)(0x80 | ((c >> 6) & 0x3f));
				u[len++] = (char)(0x80 | (c & 0x3f));
			} else {
				u[len++] = (char)(0xf0 | (c >> 18));
				u[len++] = (char)(0x80 | ((c >> 12) & 0x3f));
				u[len++] = (char)(0x80 | ((c >> 6) & 0x3f));
				u[len++] = (char)(0x80 | (c & 0x3f));
			}
			if (n + len + 1 >= size)
				break;
			memcpy(buf + n, u, len);
			n += len;
		}
		keep = n;
	}
	(void)keep;
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
}

char *
vt_screen(struct vt *v)
{
	size_t cap = (size_t)v->rows * ((size_t)v->cols * 4 + 1) + 1;
	char *s = calloc(1, cap), row[2048];
	size_t n = 0;
	int r;

	for (r = 0; r < v->rows; r++) {
		vt_row(v, r, row, sizeof(row));
		n += snprintf(s + n, cap - n, "%s\n", row);
	}
	return s;
}

void
vt_dump(struct vt *v, const char *why)
{
	char *s = vt_screen(v);

	fprintf(stderr, "---- screen (%s) ----\n%s---- end ----\n", why, s);
	free(s);
}

int
vt_has_text(struct vt *v, const char *text)
{
	char *s;
	int found;

	vt_pump(v, 0);
	s = vt_screen(v);
	found = strstr(s, text) != NULL;
	free(s);
	return found;
}

static int
vt_wait_cond(struct vt *v, const char *text, int ms, int want)
{
	long end = now_ms() + ms;

	for (;;) {
		if (vt_has_text(v, text) == want)
			return 1;
		if (now_ms() >= end)
			return 0;
		if (vt_pump(v, 50) == -1 && vt_has_text(v, text) != want)
			return 0;
	}
}

int
vt_wait_text(struct vt *v, const char *text, int ms)
{
	return vt_wait_cond(v, text, ms, 1);
}

int
vt_wait_gone(struct vt *v, const char *text, int ms)
{
	return vt_wait_cond(v, text, ms, 0);
}

void
vt_cursor(struct vt *v, int *row, int *col)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(v->vt), &pos);
	*row = pos.row;
	*col = pos.col;
}

int
vt_write(struct vt *v, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(v->fd, p, len);

		if (n == -1) {
			if (errno == EAGAIN || errno == EINTR) {
				vt_pump(v, 10);
				continue;
			}
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int
vt_type(struct vt *v, const char *utf8)
{
	return vt_write(v, utf8, strlen(utf8));
}

int
vt_key(struct vt *v, enum vt_key k)
{
	static const char *const seq[] = {
		[VT_KEY_ENTER] = "\r", [VT_KEY_TAB] = "\t",
		[VT_KEY_BTAB] = "\033[Z", [VT_KEY_BACKSPACE] = "\177",
		[VT_KEY_ESC] = "\033", [VT_KEY_UP] = "\033OA",
		[VT_KEY_DOWN] = "\033OB", [VT_KEY_RIGHT] = "\033OC",
		[VT_KEY_LEFT] = "\033OD", [VT_KEY_HOME] = "\033OH",
		[VT_KEY_END] = "\033OF", [VT_KEY_DELETE] = "\033[3~",
		[VT_KEY_PGUP] = "\033[5~", [VT_KEY_PGDN] = "\033[6~",
		[VT_KEY_F1] = "\033OP", [VT_KEY_F2] = "\033OQ",
		[VT_KEY_F3] = "\033OR", [VT_KEY_F4] = "\033OS",
		[VT_KEY_F5] = "\033[15~", [VT_KEY_F6] = "\033[17~",
		[VT_KEY_F7] = "\033[18~", [VT_KEY_F8] = "\033[19~",
		[VT_KEY_F9] = "\033[20~", [VT_KEY_F10] = "\033[21~",
		[VT_KEY_F11] = "\033[23~", [VT_KEY_F12] = "\033[24~",
	};

	if ((size_t)k >= sizeof(seq) / sizeof(seq[0]) || seq[k] == NULL)
		return -1;
	return vt_type(v, seq[k]);
}

void
vt_resize(struct vt *v, int rows, int cols)
{
	struct winsize ws = { .ws_row = rows, .ws_col = cols };

	v->rows = rows;
	v->cols = cols;
	vterm_set_size(v->vt, rows, cols);
	ioctl(v->fd, TIOCSWINSZ, &ws);
}

/* The pty closed, so pumping returns at once: wait on the process itself
 * (a pidfd becomes readable when it exits) until it does or end passes. */
static void
vt_wait_pidfd(struct vt *v, long end)
{
	int fd = (int)syscall(SYS_pidfd_open, v->pid, 0);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	long left = end - now_ms();

	if (fd == -1)
		return;
	poll(&pfd, 1, left > 0 ? (int)left : 0);
	close(fd);
}

int
vt_wait_exit(struct vt *v, int ms, int *status)
{
	long end = now_ms() + ms;

	for (;;) {
		if (!v->exited) {
			pid_t r = waitpid(v->pid, &v->status, WNOHANG);
			if (r == v->pid)
				v->exited = 1;
		}
		if (v->exited) {
			if (status != NULL)
				*status = v->status;
			return 1;
		}
		if (now_ms() >= end)
			return 0;
		if (vt_pump(v, 20) == -1)
			vt_wait_pidfd(v, end);
	}
}

void
vt_kill(struct vt *v, int sig)
{
	if (!v->exited)
		kill(v->pid, sig);
}

void
vt_free(struct vt *v)
{
	if (v == NULL)
		return;
	if (!v->exited) {
		kill(v->pid, SIGTERM);
		if (!vt_wait_exit(v, 2000, NULL)) {
			kill(v->pid, SIGKILL);
			waitpid(v->pid, &v->status, 0);
		}
	}
	close(v->fd);
	vterm_free(v->vt);
	free(v);
}
