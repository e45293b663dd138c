/*
 * The second connection path: libssh's client API in this process (no
 * OpenSSH binary), its output rendered through libvterm. Logs in with the
 * demo key, reads the clerk's screen, types, changes the window size and
 * gets the UI's exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libssh/libssh.h>
#include <vterm.h>

#include "testlib.h"
#include "harness.h"

struct lc {
	ssh_session	 ssh;
	ssh_channel	 chan;
	VTerm		*vt;
	VTermScreen	*screen;
	int		 rows, cols;
};

static int
lc_connect(struct lc *c, struct hs *h, const char *user, const char *key)
{
	ssh_key priv = NULL;
	int port = h->port, rc;

	c->ssh = ssh_new();
	ssh_options_set(c->ssh, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(c->ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(c->ssh, SSH_OPTIONS_USER, user);
	ssh_options_set(c->ssh, SSH_OPTIONS_PROCESS_CONFIG, &(int){ 0 });
	if (ssh_connect(c->ssh) != SSH_OK)
		return -1;
	if (ssh_pki_import_privkey_file(key, NULL, NULL, NULL, &priv) != SSH_OK)
		return -1;
	rc = ssh_userauth_publickey(c->ssh, user, priv);
	ssh_key_free(priv);
	return rc == SSH_AUTH_SUCCESS ? 0 : -1;
}

static int
lc_shell(struct lc *c, int rows, int cols)
{
	c->rows = rows;
	c->cols = cols;
	c->vt = vterm_new(rows, cols);
	vterm_set_utf8(c->vt, 1);
	c->screen = vterm_obtain_screen(c->vt);
	vterm_screen_reset(c->screen, 1);
	c->chan = ssh_channel_new(c->ssh);
	if (c->chan == NULL || ssh_channel_open_session(c->chan) != SSH_OK ||
	    ssh_channel_request_pty_size(c->chan, "xterm-256color", cols,
	    rows) != SSH_OK || ssh_channel_request_shell(c->chan) != SSH_OK)
		return -1;
	return 0;
}

/* The screen as text (wide characters once). */
static void
lc_screen(struct lc *c, char *buf, size_t size)
{
	VTermScreenCell cell;
	VTermPos pos;
	size_t n = 0;
	int i;

	for (pos.row = 0; pos.row < c->rows; pos.row++) {
		for (pos.col = 0; pos.col < c->cols; pos.col++) {
			vterm_screen_get_cell(c->screen, pos, &cell);
			if (cell.chars[0] == 0xFFFFFFFF)
				continue;
			for (i = 0; i < VTERM_MAX_CHARS_PER_CELL &&
			    cell.chars[i] != 0; i++) {
				char u[8];
				int len = 0;
				uint32_t ch = cell.chars[i];

				if (ch < 0x80)
					u[len++] = (char)ch;
				else if (ch < 0x800) {
					u[len++] = (char)(0xC0 | ch >> 6);
					u[len++] = (char)(0x80 | (ch & 0x3F));
				} else {
					u[len++] = (char)(0xE0 | ch >> 12);
					u[len++] = (char)(0x80 | (ch >> 6 & 0x3F));
					u[len++] = (char)(0x80 | (ch & 0x3F));
				}
				if (n + len + 2 < size) {
					memcpy(buf + n, u, len);
					n += len;
				}
			}
			if (cell.chars[0] == 0 && n + 2 < size)
				buf[n++] = ' ';
		}
		if (n + 2 < size)
			buf[n++] = '\n';
	}
	buf[n] = '\0';
}

static int
lc_wait_text(struct lc *c, const char *text, int ms)
{
	char buf[4096], screen[16384];
	int waited = 0, n;

	for (;;) {
		lc_screen(c, screen, sizeof(screen));
		if (strstr(screen, text) != NULL)
			return 1;
		if (waited >= ms || ssh_channel_is_eof(c->chan))
			break;
		n = ssh_channel_read_timeout(c->chan, buf, sizeof(buf), 0, 100);
		if (n > 0)
			vterm_input_write(c->vt, buf, n);
		else if (n < 0)
			break;
		waited += 100;
	}
	fprintf(stderr, "libssh client: no \"%s\" on the screen:\n%s\n", text,
	    screen);
	return 0;
}

static void
lc_resize(struct lc *c, int rows, int cols)
{
	c->rows = rows;
	c->cols = cols;
	vterm_set_size(c->vt, rows, cols);
}

static void
lc_free(struct lc *c)
{
	if (c->chan != NULL)
		ssh_channel_free(c->chan);
	if (c->ssh != NULL) {
		ssh_disconnect(c->ssh);
		ssh_free(c->ssh);
	}
	if (c->vt != NULL)
		vterm_free(c->vt);
}

static void
test_libssh_login(void)
{
	struct hs *h = hs_start(NULL);
	struct lc c = { 0 };
	int i, st = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(lc_connect(&c, h, "demo", h->demo_key), 0);
	CU_ASSERT_EQUAL_FATAL(lc_shell(&c, 24, 80), 0);
	CU_ASSERT_TRUE(lc_wait_text(&c, HS_UI_READY, 10000));
	CU_ASSERT_TRUE(lc_wait_text(&c, HS_DEMO_NAME, 1000));
	ssh_channel_write(c.chan, "\033OP", 3);		/* F1 */
	CU_ASSERT_TRUE(lc_wait_text(&c, "ヘルプ: メニュー", 5000));
	ssh_channel_write(c.chan, "\033", 1);
	/* A window too small for the counter screens is refused, and the
	 * UI comes back when it is large enough again. */
	CU_ASSERT_EQUAL(ssh_channel_change_pty_size(c.chan, 79, 23), SSH_OK);
	lc_resize(&c, 23, 79);
	CU_ASSERT_TRUE(lc_wait_text(&c, "端末が小さすぎます", 5000));
	CU_ASSERT_EQUAL(ssh_channel_change_pty_size(c.chan, 80, 24), SSH_OK);
	lc_resize(&c, 24, 80);
	CU_ASSERT_TRUE(lc_wait_text(&c, HS_UI_READY, 5000));
	ssh_channel_write(c.chan, "\033[21~", 5);	/* F10 */
	CU_ASSERT_TRUE(lc_wait_text(&c, "ログアウトしますか", 5000));
	ssh_channel_write(c.chan, "y", 1);
	for (i = 0; i < 50 && !ssh_channel_is_eof(c.chan); i++) {
		char buf[1024];

		ssh_channel_read_timeout(c.chan, buf, sizeof(buf), 0, 100);
	}
	st = ssh_channel_get_exit_status(c.chan);
	CU_ASSERT_EQUAL(st, 0);
	lc_free(&c);
	hs_stop(h);
}

/* A libssh client with a key no clerk has is refused. */
static void
test_libssh_refused(void)
{
	struct hs *h = hs_start(NULL);
	struct lc c = { 0 };
	char key[600];

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	CU_ASSERT_EQUAL_FATAL(hs_new_key(h, "nobody", key, sizeof(key)), 0);
	CU_ASSERT_EQUAL(lc_connect(&c, h, "demo", key), -1);
	lc_free(&c);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "unknown key", NULL));
	hs_stop(h);
}

/* A client that insists on passwords (and keyboard-interactive): each
 * try is refused and counted, and the third ends the connection. */
static void
test_libssh_passwords(void)
{
	struct hs *h = hs_start(NULL);
	ssh_session ssh = ssh_new();
	int port = h->port, zero = 0, i, rc = SSH_AUTH_DENIED;

	CU_ASSERT_PTR_NOT_NULL_FATAL(h);
	ssh_options_set(ssh, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(ssh, SSH_OPTIONS_PORT, &port);
	ssh_options_set(ssh, SSH_OPTIONS_USER, "demo");
	ssh_options_set(ssh, SSH_OPTIONS_PROCESS_CONFIG, &zero);
	CU_ASSERT_EQUAL_FATAL(ssh_connect(ssh), SSH_OK);
	for (i = 0; i < 3; i++) {
		rc = i == 1 ? ssh_userauth_kbdint(ssh, "demo", NULL) :
		    ssh_userauth_password(ssh, "demo", "password123");
		CU_ASSERT_EQUAL(rc, SSH_AUTH_DENIED);
	}
	/* The server hung up after the third. */
	rc = ssh_userauth_password(ssh, "demo", "password123");
	CU_ASSERT_EQUAL(rc, SSH_AUTH_ERROR);
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "keyboard-interactive "
	    "authentication is off", "(2 of 3)", NULL));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "password authentication is off",
	    "(3 of 3)", NULL));
	CU_ASSERT_TRUE(hs_log_wait(h, 5000, "3 failed authentications, "
	    "disconnecting", NULL));
	ssh_disconnect(ssh);
	ssh_free(ssh);
	hs_stop(h);
}

static CU_TestInfo libssh_tests[] = {
	{ "libssh client logs in, types, resizes, exits",
	  test_libssh_login },
	{ "libssh client with an unknown key refused", test_libssh_refused },
	{ "password tries refused, counted, cut at the third",
	  test_libssh_passwords },
	CU_TEST_INFO_NULL
};
TEST_SUITE(libssh_client, "server.libssh", libssh_tests)
