/*
 * madoguchi-sshd: command line, the state dir's checks and settings, the
 * libssh bind with only modern algorithms, then the listener. Also the
 * key-making mode used by `madoguchi init` (--keygen PATH).
 *
 *   madoguchi-sshd [-f CONFIG] [-n] [--state DIR] [--listen HOST:PORT]
 *                  [--ui PATH] [--foreground] [--user NAME]
 * -f reads madoguchi.conf(5) (conf.c; options win over it); -n checks it
 * and what it names, then exits 0 or 1 (like sshd -t).
 *   madoguchi-sshd --keygen PATH [--comment TEXT]
 *
 * Started as root it reads the host key and the settings, binds, and then
 * becomes --user (default _madoguchi, see sshd_choose_user) for good before
 * the first accept, under a seccomp filter (priv_seccomp): no connection's
 * child and no UI ever runs as root.
 */
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "madoguchi/server.h"
#include "madoguchi/state.h"
#include "madoguchi/util.h"
#include "sshd.h"

/* Whom a root-started server becomes when not told (mk/users.sh). */
#define SSHD_DEFAULT_USER	"_madoguchi"

/* What we offer, strongest first; nothing ssh-audit warns about. */
static const struct {
	enum ssh_bind_options_e	 opt;
	const char		*value;
} sshd_algo_table[] = {
	{ SSH_BIND_OPTIONS_KEY_EXCHANGE,
	  "curve25519-sha256,curve25519-sha256@libssh.org" },
	{ SSH_BIND_OPTIONS_HOSTKEY_ALGORITHMS, "ssh-ed25519" },
	{ SSH_BIND_OPTIONS_CIPHERS_C_S,
	  "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
	  "aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr" },
	{ SSH_BIND_OPTIONS_CIPHERS_S_C,
	  "chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
	  "aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr" },
	{ SSH_BIND_OPTIONS_HMAC_C_S,
	  "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com" },
	{ SSH_BIND_OPTIONS_HMAC_S_C,
	  "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com" },
	{ SSH_BIND_OPTIONS_PUBKEY_ACCEPTED_KEY_TYPES,
	  "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
	  "ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256" },
};

static void __attribute__((noreturn))
sshd_usage(void)
{
	fprintf(stderr,
	    "usage: madoguchi-sshd [-f CONFIG] [-n] [--state DIR] "
	    "[--listen HOST:PORT]\n"
	    "                      [--ui PATH] [--foreground] [--user NAME]\n"
	    "       madoguchi-sshd --keygen PATH [--comment TEXT]\n");
	exit(2);
}

static int
sshd_parse_listen(struct sshd_conf *conf, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - arg) >= sizeof(conf->host) ||
	    colon == arg)
		return -1;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 1 || port > 65535)
		return -1;
	memcpy(conf->host, arg, colon - arg);
	conf->host[colon - arg] = '\0';
	conf->port = (int)port;
	return 0;
}

/* `madoguchi` next to our own binary. */
static char *
sshd_default_ui(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup("madoguchi");
	self[n] = '\0';
	slash = strrchr(self, '/');
	*slash = '\0';
	return xasprintf("%s/madoguchi", self);
}

/* Open the store once for the settings, close it before any fork. */
static int
sshd_read_settings(struct sshd_conf *conf)
{
	char err[256];
	struct store *st = store_open(conf->state_dir, 0, err, sizeof(err));

	if (st == NULL) {
		fprintf(stderr, "madoguchi-sshd: %s: %s\n"
		    "  (make the state dir with: madoguchi init %s)\n",
		    conf->state_dir, err, conf->state_dir);
		return -1;
	}
	conf->login_grace_s = store_setting_int(st, SERVER_SET_LOGIN_GRACE_S,
	    SERVER_DEF_LOGIN_GRACE_S);
	conf->limits = xcalloc(1, sizeof(*conf->limits));
	sshd_limits_read(conf->limits, st);
	store_close(st);
	return 0;
}

static ssh_bind
sshd_bind_new(const struct sshd_conf *conf)
{
	ssh_bind b = ssh_bind_new();
	char *hostkey = state_path(conf->state_dir, STATE_HOSTKEY);
	ssh_key key = NULL;
	size_t i;

	/* Read the system-wide config first, so our settings win over it. */
	if (b == NULL || ssh_bind_options_parse_config(b, NULL) != 0)
		fatalx("cannot set up libssh");
	/* The identification string names the product, not the library
	 * version (nothing for a scanner to match). */
	if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_BANNER, "Madoguchi") != 0)
		fatalx("banner: %s", ssh_get_error(b));
	/* Read now, as root: the session children run as conf->user and
	 * cannot read the file (ssh/ is root's, 0700). The bind owns it. */
	if (ssh_pki_import_privkey_file(hostkey, NULL, NULL, NULL, &key) !=
	    SSH_OK)
		fatalx("host key %s: cannot read it", hostkey);
	if (ssh_bind_options_set(b, SSH_BIND_OPTIONS_IMPORT_KEY, key) != 0)
		fatalx("host key %s: %s", hostkey, ssh_get_error(b));
	for (i = 0; i < nitems(sshd_algo_table); i++)
		if (ssh_bind_options_set(b, sshd_algo_table[i].opt,
		    sshd_algo_table[i].value) != 0)
			fatalx("algorithms %s: %s", sshd_algo_table[i].value,
			    ssh_get_error(b));
	free(hostkey);
	return b;
}

static int
sshd_main_keygen(const char *path, const char *comment)
{
	char err[256];

	if (sshd_keygen(path, comment != NULL ? comment : "madoguchi", err,
	    sizeof(err)) == -1) {
		fprintf(stderr, "madoguchi-sshd: %s\n", err);
		return 1;
	}
	return 0;
}

static int
sshd_open_log(const struct sshd_conf *conf)
{
	char *dir = state_path(conf->state_dir, STATE_LOG_DIR);
	char *file = state_path(conf->state_dir, STATE_SSHD_LOG);
	int rc = 0;

	if ((mkdir(dir, 0700) == -1 && errno != EEXIST) ||
	    log_open_file(file) == -1) {
		fprintf(stderr, "madoguchi-sshd: %s: %s\n", file,
		    strerror(errno));
		rc = -1;
	}
	free(dir);
	free(file);
	return rc;
}

/* Options into conf and a; exits with usage on anything else. */
static void
sshd_parse_args(int argc, char **argv, struct sshd_conf *conf,
    struct sshd_args *a)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(o, "--foreground") == 0) {
			conf->foreground = 1;
			continue;
		}
		if (strcmp(o, "-n") == 0) {
			a->check = 1;
			continue;
		}
		if (v == NULL)
			sshd_usage();
		if (strcmp(o, "--state") == 0)
			a->state = v;
		else if (strcmp(o, "--ui") == 0)
			a->ui = v;
		else if (strcmp(o, "--keygen") == 0)
			a->keygen = v;
		else if (strcmp(o, "--comment") == 0)
			a->comment = v;
		else if (strcmp(o, "--user") == 0)
			a->user = v;
		else if (strcmp(o, "-f") == 0)
			a->config = v;
		else if (strcmp(o, "--listen") == 0)
			a->listen = v;
		else
			sshd_usage();
		i++;
	}
}

/* Absolute paths of the state dir and the UI, both checked. */
static int
sshd_paths(struct sshd_conf *conf, const struct sshd_args *a)
{
	char real[PATH_MAX];

	if (realpath(a->state, real) == NULL) {
		fprintf(stderr, "madoguchi-sshd: state dir %s: %s\n", a->state,
		    strerror(errno));
		return -1;
	}
	conf->state_dir = xstrdup(real);
	conf->ui_path = a->ui != NULL ? (realpath(a->ui, real) != NULL ?
	    xstrdup(real) : xstrdup(a->ui)) : sshd_default_ui();
	if (access(conf->ui_path, X_OK) == -1) {
		fprintf(stderr, "madoguchi-sshd: UI program %s: %s\n",
		    conf->ui_path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Who to become after binding. Not root: nobody (we run as we are; a
 * --user other than ourselves is an error). Root with --user NAME: NAME,
 * which must exist ("root" keeps root, with a warning). Root without it:
 * SSHD_DEFAULT_USER when that user exists and owns the database (the state
 * was set up for it by mk/users.sh --state); otherwise root is kept with a
 * warning, so a state dir made before the users existed still works.
 */
static int
sshd_choose_user(struct sshd_conf *conf, const struct sshd_args *a)
{
	struct passwd *pw = getpwuid(geteuid());
	char *db;
	struct stat sb;
	uid_t uid;
	gid_t gid;
	int owned;

	if (geteuid() != 0) {
		if (a->user != NULL && (pw == NULL ||
		    strcmp(pw->pw_name, a->user) != 0)) {
			fprintf(stderr, "madoguchi-sshd: --user %s needs root "
			    "(started as uid %ld)\n", a->user, (long)geteuid());
			return -1;
		}
		return 0;
	}
	if (a->user != NULL) {
		if (strcmp(a->user, "root") == 0) {
			log_warnx("--user root: sessions run as root");
			return 0;
		}
		if (priv_lookup(a->user, &uid, &gid) == -1) {
			fprintf(stderr, "madoguchi-sshd: --user %s: no such "
			    "user (make it with mk/users.sh)\n", a->user);
			return -1;
		}
		conf->user = xstrdup(a->user);
		return 0;
	}
	if (priv_lookup(SSHD_DEFAULT_USER, &uid, &gid) == -1) {
		log_warnx("no user %s: sessions run as root (make it with "
		    "mk/users.sh)", SSHD_DEFAULT_USER);
		return 0;
	}
	db = state_path(conf->state_dir, STATE_DB);
	owned = stat(db, &sb) == 0 && sb.st_uid == uid;
	free(db);
	if (!owned) {
		log_warnx("%s is not owned by %s: sessions run as root (set "
		    "the owners with mk/users.sh --state %s)", STATE_DB,
		    SSHD_DEFAULT_USER, conf->state_dir);
		return 0;
	}
	conf->user = xstrdup(SSHD_DEFAULT_USER);
	return 0;
}

int
sshd_drop_root(const struct sshd_conf *conf)
{
	char err[256];

	if (conf->user == NULL)
		return 0;
	/* The filter is inherited by every connection's process and UI. */
	if (priv_drop(conf->user, err, sizeof(err)) == -1 ||
	    priv_seccomp(err, sizeof(err)) == -1) {
		log_warnx("cannot drop root: %s", err);
		fprintf(stderr, "madoguchi-sshd: cannot drop root: %s\n", err);
		return -1;
	}
	log_info("running as %s (uid %ld), seccomp filter on", conf->user,
	    (long)getuid());
	return 0;
}

/* The config file (-f) under the command line, then every check that
 * needs no network: -1 after saying why on stderr. */
static int
sshd_setup(struct sshd_conf *conf, struct sshd_args *a)
{
	char err[320];

	if (a->config != NULL &&
	    sshd_conf_read(a->config, a, err, sizeof(err)) == -1) {
		fprintf(stderr, "madoguchi-sshd: %s\n", err);
		return -1;
	}
	if (a->state == NULL) {
		fprintf(stderr, "madoguchi-sshd: no state dir (--state DIR or "
		    "\"state DIR\" in the config file)\n");
		return -1;
	}
	if (a->listen != NULL && sshd_parse_listen(conf, a->listen) == -1) {
		fprintf(stderr, "madoguchi-sshd: listen wants HOST:PORT, not "
		    "%s\n", a->listen);
		return -1;
	}
	if (sshd_paths(conf, a) == -1 || sshd_read_settings(conf) == -1 ||
	    sshd_choose_user(conf, a) == -1)
		return -1;
	return 0;
}

/* -n: the config and what it names are usable (like sshd -t). */
static int
sshd_check(const struct sshd_conf *conf, const struct sshd_args *a)
{
	char *hostkey = state_path(conf->state_dir, STATE_HOSTKEY);
	int rc = 0;

	if (access(hostkey, R_OK) == -1) {
		fprintf(stderr, "madoguchi-sshd: host key %s: %s (madoguchi "
		    "init makes it)\n", hostkey, strerror(errno));
		rc = 1;
	}
	free(hostkey);
	if (rc == 0)
		printf("madoguchi-sshd: %s: OK (listen %s:%d, state %s, user "
		    "%s)\n", a->config != NULL ? a->config : "command line",
		    conf->host, conf->port, conf->state_dir,
		    conf->user != NULL ? conf->user : "(as started)");
	return rc;
}

static void
sshd_conf_clear(struct sshd_conf *conf, struct sshd_args *a)
{
	free(conf->state_dir);
	free(conf->ui_path);
	free(conf->user);
	free(conf->limits);
	sshd_conf_free(a);
}

int
main(int argc, char **argv)
{
	struct sshd_conf conf = { .host = "127.0.0.1", .port = 2222 };
	struct sshd_args a = { 0 };
	char err[256], *hostkey;
	ssh_bind bind;
	int rc;

	log_init("sshd", LOG_LEVEL_INFO);
	sshd_parse_args(argc, argv, &conf, &a);
	if (a.keygen != NULL)
		return sshd_main_keygen(a.keygen, a.comment);
	if (a.state == NULL && a.config == NULL)
		sshd_usage();
	if (sshd_setup(&conf, &a) == -1) {
		sshd_conf_clear(&conf, &a);
		return 1;
	}
	if (a.check) {
		rc = sshd_check(&conf, &a);
		sshd_conf_clear(&conf, &a);
		return rc;
	}
	if (!conf.foreground && sshd_open_log(&conf) == -1) {
		sshd_conf_clear(&conf, &a);
		return 1;
	}
	hostkey = state_path(conf.state_dir, STATE_HOSTKEY);
	rc = sshd_hostkey_ensure(hostkey, err, sizeof(err));
	free(hostkey);
	if (rc == -1) {
		fprintf(stderr, "madoguchi-sshd: host key: %s\n", err);
		sshd_conf_clear(&conf, &a);
		return 1;
	}
	ssh_init();
	bind = sshd_bind_new(&conf);
	rc = sshd_listener_run(&conf, bind);
	ssh_bind_free(bind);
	ssh_finalize();
	sshd_conf_clear(&conf, &a);
	return rc;
}
