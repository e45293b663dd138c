/*
 * `madoguchi init [--demo] [--state DIR | DIR]`: makes a state directory or
 * brings an existing one up to date. Each step first looks whether its
 * work is already there, so running it again changes nothing and says so.
 * Layout: madoguchi.db, ssh/ (host key), log/, run/ (sockets), ca/, card/,
 * and with --demo the demo clerk's key demo_id_ed25519 and demo registry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/server.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "cli.h"

/* Defaults written once, so an admin sees every setting and changes it
 * later; the server's names and values come from server.h. */
#define INIT_STR(x)	INIT_STR2(x)
#define INIT_STR2(x)	#x
static const struct {
	const char *key, *value;
} init_settings_table[] = {
	{ "city.name", "豊中市" },
	/* R7: forms of another guideline (the card and notice guidelines'
	 * forms filed with these procedures) are kept for the period that
	 * guideline sets; the default and why it is 15 years: proc.h. */
	{ PROC_RETENTION_SETTING, INIT_STR(PROC_RETENTION_CARD_DEFAULT) },
	{ SERVER_SET_IDLE_TIMEOUT_S, INIT_STR(SERVER_DEF_IDLE_TIMEOUT_S) },
	{ SERVER_SET_AUTH_MAX_TRIES, INIT_STR(SERVER_DEF_AUTH_MAX_TRIES) },
	{ SERVER_SET_SOURCE_MAX_FAILURES, INIT_STR(SERVER_DEF_SOURCE_MAX_FAILURES) },
	{ SERVER_SET_SOURCE_WINDOW_S, INIT_STR(SERVER_DEF_SOURCE_WINDOW_S) },
	{ SERVER_SET_SOURCE_MAX_STARTUPS, INIT_STR(SERVER_DEF_SOURCE_MAX_STARTUPS) },
	{ SERVER_SET_LOGIN_GRACE_S, INIT_STR(SERVER_DEF_LOGIN_GRACE_S) },
	{ SERVER_SET_IDLE_MARGIN_S, INIT_STR(SERVER_DEF_IDLE_MARGIN_S) },
};

struct init_ctx {
	const char	*dir;
	int		 changed;
};

static int
init_mkdir(struct init_ctx *ic, const char *sub, mode_t mode)
{
	char *path = sub != NULL ? state_path(ic->dir, sub) :
	    xstrdup(ic->dir);
	struct stat sb;
	int rc = 0;

	if (stat(path, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			cli_error("%s は既にありますがディレクトリではありません", path);
			rc = -1;
		} else if (access(path, W_OK | X_OK) == -1) {
			cli_error("%s に書き込めません (%s)", path,
			    cli_errno_ja(errno));
			rc = -1;
		}
	} else if (mkdir(path, mode) == -1) {
		cli_error("%s を作成できません (%s)", path, cli_errno_ja(errno));
		rc = -1;
	} else {
		printf("作成: %s/\n", path);
		ic->changed = 1;
	}
	free(path);
	return rc;
}

/* Make an ed25519 key pair with OpenSSH's ssh-keygen (PATH and PATH.pub). */
static int
init_keygen(struct init_ctx *ic, const char *rel, const char *comment)
{
	char *path = state_path(ic->dir, rel);
	int status, rc = 0;
	pid_t pid;

	if (access(path, F_OK) == 0) {
		free(path);
		return 0;
	}
	pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		if (fd != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
		}
		execlp("ssh-keygen", "ssh-keygen", "-q", "-t", "ed25519", "-N",
		    "", "-C", comment, "-f", path, (char *)NULL);
		fprintf(stderr, "madoguchi: ssh-keygen を実行できません (%s)\n",
		    cli_errno_ja(errno));
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1 ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		cli_error("鍵 %s を作成できません (ssh-keygen)", path);
		rc = -1;
	} else {
		chmod(path, 0600);
		printf("作成: %s (ed25519)\n", path);
		ic->changed = 1;
	}
	free(path);
	return rc;
}

static char *
init_read_line(const char *path)
{
	char buf[4096];
	FILE *f = fopen(path, "r");
	char *line = NULL;

	if (f == NULL)
		return NULL;
	if (fgets(buf, sizeof(buf), f) != NULL)
		line = xstrdup(buf);
	fclose(f);
	return line;
}

/* The built-in CA (the J-LIS side) under STATE/ca. */
static int
init_ca(struct init_ctx *ic)
{
	char msg[256];
	int rc = issuer_builtin_init(ic->dir, NULL, msg, sizeof(msg));

	if (rc == -1) {
		cli_error("内蔵認証局を作成できません (%s)", msg);
		return -1;
	}
	if (rc == 0) {
		printf("作成: 内蔵認証局 %s/%s/ (ルート・署名用・利用者証明用)\n",
		    ic->dir, STATE_CA_DIR);
		ic->changed = 1;
	}
	return 0;
}

/* One default written unless the key has a value already. */
static int
init_setting(struct init_ctx *ic, struct store *st, const char *key,
    const char *value)
{
	char buf[256];
	int rc = store_setting_get(st, key, buf, sizeof(buf));

	if (rc != 1)
		return rc;
	if (store_setting_set(st, key, value) == -1)
		return -1;
	ic->changed = 1;
	return 0;
}

static int
init_settings(struct init_ctx *ic, struct store *st)
{
	size_t i;

	for (i = 0; i < nitems(init_settings_table); i++)
		if (init_setting(ic, st, init_settings_table[i].key,
		    init_settings_table[i].value) == -1)
			return -1;
	/* Four eyes: which actions wait for a supervisor (proc.h). */
	for (i = 0; i < proc_approval_table_len; i++)
		if (proc_approval_table[i].key != NULL && init_setting(ic, st,
		    proc_approval_table[i].key, proc_approval_table[i].def ?
		    "1" : "0") == -1)
			return -1;
	for (i = 0; i < proc_approval_gate_table_len; i++)
		if (init_setting(ic, st, proc_approval_gate_table[i].key,
		    proc_approval_gate_table[i].def ? "1" : "0") == -1)
			return -1;
	return 0;
}

static int
init_demo(struct init_ctx *ic, struct store *st)
{
	struct store_clerk c = { .login = "demo", .name = "窓口 太郎",
	    .role = "admin", .window = "citizens" };
	char *pub, *line;
	int added, rc;

	if (init_keygen(ic, STATE_DEMO_KEY, "demo@madoguchi") == -1)
		return -1;
	rc = store_clerk_by_login(st, "demo", &c);
	if (rc == -1)
		return -1;
	if (rc == 1) {
		pub = state_path(ic->dir, STATE_DEMO_KEY_PUB);
		line = init_read_line(pub);
		free(pub);
		if (line == NULL) {
			cli_error("%s/%s を読めません", ic->dir,
			    STATE_DEMO_KEY_PUB);
			return -1;
		}
		rc = store_clerk_add(st, &c, line);
		free(line);
		if (rc == -1)
			return -1;
		printf("職員を登録: demo (%s, %s, %s)\n", c.name,
		    vocab_label_of(VOCAB_ROLE, c.role),
		    rules_window_label(rules_window_parse(c.window)));
		store_audit(st, "init", "clerk.add", "demo", "role=admin window=citizens");
		ic->changed = 1;
	}
	if (store_load_demo(st, &added) == -1)
		return -1;
	if (added > 0) {
		printf("デモ住民記録を登録: %d 人\n", added);
		ic->changed = 1;
	}
	return 0;
}

int
cmd_init(int argc, char **argv)
{
	struct init_ctx ic = { 0 };
	const char *opt = cli_take_opt(&argc, argv, "--state");
	int demo = cli_take_flag(&argc, argv, "--demo");
	struct store *st;
	int from, to;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "使い方: madoguchi init [--demo] [--state DIR | DIR]\n");
		return 2;
	}
	ic.dir = argc == 2 ? argv[1] : cli_state_dir(opt);
	umask(077);
	if (init_mkdir(&ic, NULL, 0700) == -1 ||
	    init_mkdir(&ic, "ssh", 0700) == -1 ||
	    init_mkdir(&ic, STATE_LOG_DIR, 0700) == -1 ||
	    init_mkdir(&ic, STATE_RUN_DIR, 0750) == -1 ||
	    init_mkdir(&ic, STATE_CA_DIR, 0700) == -1 ||
	    init_mkdir(&ic, STATE_CARD_DIR, 0700) == -1)
		return 1;
	if ((st = cli_store_open(ic.dir, STORE_CREATE)) == NULL)
		return 1;
	if (store_migrate(st, &from, &to) == -1)
		goto fail;
	if (from != to) {
		printf("データベース: スキーマ %d -> %d\n", from, to);
		ic.changed = 1;
	}
	if (init_settings(&ic, st) == -1)
		goto fail;
	if (init_keygen(&ic, STATE_HOSTKEY, "madoguchi-host") == -1)
		goto fail_quiet;
	if (init_ca(&ic) == -1)
		goto fail_quiet;
	if (demo && init_demo(&ic, st) == -1)
		goto fail;
	store_close(st);
	if (!ic.changed)
		printf("%s は初期化済みです。変更はありません。\n", ic.dir);
	else
		printf("%s を初期化しました。\n", ic.dir);
	return 0;
fail:
	cli_store_error(st, ic.dir);
fail_quiet:
	store_close(st);
	return 1;
}
