/*
 * `madoguchi ui --state DIR [--clerk LOGIN]`: the counter screens on this
 * terminal. The clerk comes from --clerk or MADOGUCHI_CLERK (set by our SSH
 * server, never by the client); MADOGUCHI_SESSION names the session in the
 * log lines. Everything that can be wrong with the state dir or the clerk
 * is said on stderr before curses starts, with exit status 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/audit.h"
#include "madoguchi/proc.h"
#include "madoguchi/screens.h"
#include "madoguchi/state.h"
#include "madoguchi/server.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "cli.h"

/* The state dir must exist and be writable (SQLite writes its WAL there). */
static int
ui_check_state(const char *dir)
{
	struct stat sb;

	if (stat(dir, &sb) == -1) {
		cli_error("状態ディレクトリ %s がありません (madoguchi init %s で作成します)",
		    dir, dir);
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		cli_error("%s はディレクトリではありません", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) == -1) {
		cli_error("状態ディレクトリ %s に書き込めません: %s", dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* Log lines go to DIR/log/ui.log: stderr is the clerk's screen. */
static int
ui_open_log(const char *dir, const char *login)
{
	const char *sid = getenv("MADOGUCHI_SESSION");
	char *logdir = state_path(dir, STATE_LOG_DIR);
	char *path = state_path(dir, STATE_UI_LOG);
	int rc = 0;

	if (mkdir(logdir, 0700) == -1 && errno != EEXIST) {
		cli_error("%s を作成できません: %s", logdir, strerror(errno));
		rc = -1;
	} else if (log_open_file(path) == -1) {
		cli_error("ログ %s に書き込めません: %s", path, strerror(errno));
		rc = -1;
	}
	log_set_context("session=%s clerk=%s", sid != NULL && *sid != '\0' ?
	    sid : "-", login);
	free(path);
	free(logdir);
	return rc;
}

/* The clerk, known and not stopped; -1 after saying why. */
static int
ui_find_clerk(struct store *st, const char *login, struct store_clerk *c)
{
	switch (store_clerk_by_login(st, login, c)) {
	case 0:
		break;
	case 1:
		cli_error("職員 %s は登録されていません", login);
		return -1;
	default:
		cli_store_error(st, login);
		return -1;
	}
	if (c->disabled) {
		cli_error("職員 %s は停止されています", login);
		return -1;
	}
	if (ui_role_parse(c->role) < 0 || ui_window_label(c->window) == NULL) {
		cli_error("職員 %s の役割または窓口が不正です", login);
		return -1;
	}
	return 0;
}

int
cmd_ui(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));
	const char *login = cli_take_opt(&argc, argv, "--clerk");
	struct ui_session sess;
	struct store_clerk clerk;
	struct store *st;
	char today[11];
	int rc;

	if (login == NULL)
		login = getenv("MADOGUCHI_CLERK");
	if (argc > 1 || login == NULL || *login == '\0') {
		fprintf(stderr, "使い方: madoguchi ui [--state DIR] [--clerk LOGIN]\n"
		    "  (職員は --clerk か環境変数 MADOGUCHI_CLERK で指定します)\n");
		return 2;
	}
	if (ui_check_state(dir) == -1)
		return 1;
	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	/* The screen owns the terminal: a signer that cannot be reached is
	 * said in the session's log, never written over the screen. */
	store_set_audit_hook(st, audit_store_hook, (void *)dir);
	if (ui_find_clerk(st, login, &clerk) == -1 ||
	    ui_open_log(dir, login) == -1) {
		store_close(st);
		return 1;
	}
	util_today(today);
	memset(&sess, 0, sizeof(sess));
	sess.login = clerk.login;
	sess.name = clerk.name;
	sess.role = (enum ui_role)ui_role_parse(clerk.role);
	sess.window = clerk.window;
	sess.session_id = getenv("MADOGUCHI_SESSION");
	sess.today = today;
	sess.store = st;
	sess.state_dir = dir;
	sess.window_label = proc_window_label;
	sess.idle_timeout_s = (int)store_setting_int(st,
	    SERVER_SET_IDLE_TIMEOUT_S, SERVER_DEF_IDLE_TIMEOUT_S);
	if (sess.idle_timeout_s < 0)
		sess.idle_timeout_s = 0;
	sess.lock_timeout_s = (int)store_setting_int(st,
	    SERVER_SET_LOCK_TIMEOUT_S, SERVER_DEF_LOCK_TIMEOUT_S);
	if (sess.lock_timeout_s < 1)
		sess.lock_timeout_s = 1;
	sess.unlock_has = proc_unlock_has;
	sess.unlock_check = proc_unlock_code_check;
	sess.unlock_set = proc_unlock_set;
	sess.unlock_verify = proc_unlock_verify;
	sess.unlock_failed = proc_unlock_failed;
	rc = ui_run(&sess, screen_table, screen_table_len);
	store_close(st);
	return rc;
}
