/*
 * `madoguchi init [--demo] [--state DIR | DIR]`: makes a state directory or
 * brings an existing one up to date. Each step first looks whether its
 * work is already there, so running it again changes nothing and says so.
 * Layout: madoguchi.db, ssh/ (host key), log/, run/ (sockets), ca/, card/,
 * audit/ (the audit key, its public keys and the signed head: src/audit),
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

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "cli.h"

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

/* Defaults written once, so an admin sees every setting and changes it
 * later: every row of the settings registry (settings.h). */
static int
init_settings(struct init_ctx *ic, struct store *st)
{
	int n = proc_settings_init(st);

	if (n > 0)
		ic->changed = 1;
	return n < 0 ? -1 : 0;
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

/* The trail against its signed head before init signs anything: a
 * trail that does not verify is never signed over (the head stays as it
 * is, and init fails). */
static int
init_audit_check(struct init_ctx *ic, struct store *st)
{
	struct audit_report r;

	if (audit_verify(st, ic->dir, &r) == -1) {
		cli_store_error(st, "audit verify");
		return -1;
	}
	if (r.verdict == AUDIT_INTACT)
		return 0;
	if (r.bad_id > 0)
		cli_error("監査記録が署名済みの先頭で確かめられないため、署名し"
		    "ません: %s (最初の不正な記録: id %lld, %s, %s)。madoguchi "
		    "audit verify --state %s で確かめてください", r.why,
		    (long long)r.bad_id, r.bad_at, r.bad_kind, ic->dir);
	else
		cli_error("監査記録が署名済みの先頭で確かめられないため、署名し"
		    "ません: %s。madoguchi audit verify --state %s で確かめて"
		    "ください", r.why, ic->dir);
	return -1;
}

/* The audit key (made once) and the signed head over whatever the trail
 * holds now, including what init itself just wrote: signed here, as
 * auditd may not run yet. A trail that has a head is verified whole
 * first; one that does not verify fails init, unsigned. */
static int
init_audit(struct init_ctx *ic, struct store *st)
{
	struct audit_signer sg = { 0 };
	char *path = state_path(ic->dir, STATE_AUDIT_KEY), err[320];
	char id[AUDIT_KEYID_LEN + 1];
	struct audit_head before, h;
	EVP_PKEY *key;
	int had, rc = -1;

	had = audit_head_read_why(ic->dir, &before, err, sizeof(err));
	/* A head file that is there (even unreadable) is checked. */
	if (had != 1 && init_audit_check(ic, st) == -1) {
		free(path);
		return -1;
	}
	if (access(path, F_OK) == -1) {
		if ((key = audit_key_create(ic->dir, id, err, sizeof(err))) !=
		    NULL) {
			printf("作成: %s (監査記録の署名鍵 ed25519, 鍵 ID %s)\n",
			    path, id);
			ic->changed = 1;
		}
	} else
		key = audit_key_load(ic->dir, err, sizeof(err));
	free(path);
	if (key == NULL) {
		cli_error("監査記録の署名鍵を用意できません (%s)", err);
		return -1;
	}
	if (audit_advance(st, ic->dir, key, &sg, &h, err, sizeof(err)) == -1)
		cli_error("監査記録の先頭に署名できません (%s)。madoguchi audit "
		    "verify --state %s で確かめてください", err, ic->dir);
	else {
		if (had != 0 || before.count != h.count) {
			printf("監査記録の先頭に署名: %lld 件 (%s/%s)\n",
			    (long long)h.count, ic->dir, STATE_AUDIT_HEAD);
			ic->changed = 1;
		}
		rc = 0;
	}
	EVP_PKEY_free(key);
	return rc;
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
	    init_mkdir(&ic, STATE_CARD_DIR, 0700) == -1 ||
	    init_mkdir(&ic, STATE_AUDIT_DIR, 0700) == -1 ||
	    init_mkdir(&ic, STATE_AUDIT_KEYS_DIR, 0700) == -1)
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
	if (init_audit(&ic, st) == -1)
		goto fail_quiet;
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

int
cli_host_key(const char *dir)
{
	struct init_ctx ic = { dir, 0 };

	return init_keygen(&ic, STATE_HOSTKEY, "madoguchi-host");
}
