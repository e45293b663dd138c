/*
 * The screen-reading harness of the end-to-end tests: a program runs on a
 * pty (an `ssh -tt` client, or `madoguchi ui` bare), its output goes through
 * libvterm, and the tests read the screen a clerk would read. Typing writes
 * UTF-8 (or key escape sequences) to the pty master. Waits poll with a
 * deadline; nothing sleeps.
 */
#ifndef MADOGUCHI_TEST_VT_H
#define MADOGUCHI_TEST_VT_H

#include <stddef.h>
#include <sys/types.h>

struct vt;

enum vt_key {
	VT_KEY_ENTER, VT_KEY_TAB, VT_KEY_BTAB, VT_KEY_BACKSPACE, VT_KEY_ESC,
	VT_KEY_UP, VT_KEY_DOWN, VT_KEY_LEFT, VT_KEY_RIGHT, VT_KEY_HOME,
	VT_KEY_END, VT_KEY_DELETE, VT_KEY_PGUP, VT_KEY_PGDN,
	VT_KEY_F1, VT_KEY_F2, VT_KEY_F3, VT_KEY_F4, VT_KEY_F5, VT_KEY_F6,
	VT_KEY_F7, VT_KEY_F8, VT_KEY_F9, VT_KEY_F10, VT_KEY_F11, VT_KEY_F12
};

/* Run argv (argv[0] searched in PATH) on a new pty of rows x cols, with
 * TERM=xterm-256color, LANG/LC_ALL=C.UTF-8 and the extra "K=V" strings of
 * env (NULL-terminated, may be NULL). NULL on failure. */
struct vt *vt_spawn(int rows, int cols, char *const argv[], char *const env[]);
pid_t vt_pid(const struct vt *);
/* How the terminal answers a cursor position report (ESC[6n): as
 * libvterm does (the default; it draws East Asian ambiguous characters
 * one column wide), one column further (a terminal that draws them two
 * wide), or never. Set before the first vt_pump. */
enum vt_cpr { VT_CPR_TERM, VT_CPR_WIDE, VT_CPR_NONE };
void vt_set_cpr(struct vt *, enum vt_cpr);
/* Read what the program printed for up to ms; returns bytes read, -1 at EOF. */
int vt_pump(struct vt *, int ms);
/* 1 when text (UTF-8) shows anywhere on the screen within ms, else 0. */
int vt_wait_text(struct vt *, const char *text, int ms);
/* 1 when text is no longer on the screen within ms. */
int vt_wait_gone(struct vt *, const char *text, int ms);
/* 1 if text is on the screen now (after pumping what is pending). */
int vt_has_text(struct vt *, const char *text);
/* One row as UTF-8, wide characters once, trailing blanks trimmed. */
void vt_row(struct vt *, int row, char *buf, size_t size);
/* The whole screen, rows joined with '\n'; the caller frees it. */
char *vt_screen(struct vt *);
/* Print the screen to stderr (for a failing test's log). */
void vt_dump(struct vt *, const char *why);
void vt_cursor(struct vt *, int *row, int *col);
/* Write UTF-8 text as typed; 0 or -1. */
int vt_type(struct vt *, const char *utf8);
int vt_key(struct vt *, enum vt_key);
/* Raw bytes to the pty (hostile input, partial UTF-8). */
int vt_write(struct vt *, const void *buf, size_t len);
/* Resize the terminal: the pty (the program gets SIGWINCH) and the screen. */
void vt_resize(struct vt *, int rows, int cols);
/* Wait for the program to exit; 1 with *status (wait status) or 0 on
 * timeout. Output is pumped meanwhile. */
int vt_wait_exit(struct vt *, int ms, int *status);
void vt_kill(struct vt *, int sig);
/* Kill the program if still running, reap it, free everything. NULL ok. */
void vt_free(struct vt *);

#endif
