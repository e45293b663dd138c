/*
 * The server tests' harness (see harness.h). The server runs without
 * --foreground so its log lands in DIR/log/sshd.log, as in production.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "testlib.h"
#include "harness.h"

static int
hs_settings(struct hs *h, const char *const settings[])
{
	char err[256];
	struct store *st;
	int rc = 0;

	if (settings == NULL)
		return 0;
	if ((st = store_open(h->state, 0, err, sizeof(err))) == NULL)
		return -1;
	for (; *settings != NULL; settings++) {
		char key[128], *eq;

		snprintf(key, sizeof(key), "%s", *settings);
		if ((eq = strchr(key, '=')) == NULL)
			return -1;
		*eq = '\0';
		if (store_setting_set(st, key, eq + 1) != 0)
			rc = -1;
	}
	store_close(st);
	return rc;
}

int
hs_launch(struct hs *h)
{
	char listen[64];

	h->port = test_free_port();
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", h->port);
	h->pid = fork();
	if (h->pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		execl(test_prog("madoguchi-sshd"), "madoguchi-sshd", "--state",
		    h->state, "--listen", listen, (char *)NULL);
		_exit(127);
	}
	/* Ready when it says so in its log (a probe connection would count
	 * against the tests' limits on connections). */
	snprintf(listen, sizeof(listen), "listening on 127.0.0.1:%d ",
	    h->port);
	return hs_log_wait(h, 5000, listen, NULL) ? 0 : -1;
}

/* The counter reaches the CA only through madoguchi-issuerd: every
 * server of the tests gets its own, on its state. */
static int
hs_issuerd_up_cb(void *arg)
{
	struct hs *h = arg;
	struct sockaddr_un sun;
	char path[600];
	int fd, ok;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", h->state,
	    STATE_ISSUERD_SOCK) >= sizeof(sun.sun_path))
		return 1;	/* cannot be: say so at once */
	memcpy(sun.sun_path, path, strlen(path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok || !hs_alive(h->issuerd);	/* gone: stop waiting */
}

int
hs_issuerd_start(struct hs *h)
{
	char logf[600];

	snprintf(logf, sizeof(logf), "%s/%s", h->state, STATE_ISSUERD_LOG);
	h->issuerd = fork();
	if (h->issuerd == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		execl(test_prog("madoguchi-issuerd"), "madoguchi-issuerd",
		    "--state", h->state, "--log", logf, (char *)NULL);
		_exit(127);
	}
	if (h->issuerd == -1 || !test_wait(hs_issuerd_up_cb, h, 10000) ||
	    !hs_alive(h->issuerd)) {
		fprintf(stderr, "hs_issuerd_start: issuerd did not come up\n");
		return -1;
	}
	return 0;
}

void
hs_issuerd_stop(struct hs *h)
{
	if (h->issuerd <= 0)
		return;
	kill(h->issuerd, SIGTERM);
	waitpid(h->issuerd, NULL, 0);
	h->issuerd = 0;
}

/* `madoguchi init --demo` makes CA keys and takes a while: make one demo
 * state per test run and give each server a copy of it. */
static char *hs_template;

static void
hs_template_free(void)
{
	test_rmtree(hs_template);
	free(hs_template);
}

static const char *
hs_template_dir(void)
{
	char *dir;

	if (hs_template != NULL)
		return hs_template;
	dir = test_mkdtemp("sshd-tmpl");
	if (test_system("'%s' init --demo '%s/st' >/dev/null 2>&1",
	    test_prog("madoguchi"), dir) != 0) {
		test_rmtree(dir);
		free(dir);
		return NULL;
	}
	hs_template = dir;
	atexit(hs_template_free);
	return hs_template;
}

struct hs *
hs_start(const char *const settings[])
{
	const char *tmpl = hs_template_dir();
	struct hs *h = calloc(1, sizeof(*h));

	h->dir = test_mkdtemp("sshd");
	snprintf(h->state, sizeof(h->state), "%s/st", h->dir);
	snprintf(h->log, sizeof(h->log), "%s/log/sshd.log", h->state);
	snprintf(h->demo_key, sizeof(h->demo_key), "%s/%s", h->state,
	    STATE_DEMO_KEY);
	if (tmpl == NULL ||
	    test_system("cp -a '%s/st' '%s'", tmpl, h->state) != 0 ||
	    hs_settings(h, settings) != 0 || hs_issuerd_start(h) != 0 ||
	    hs_launch(h) != 0) {
		fprintf(stderr, "hs_start: cannot start the server in %s\n",
		    h->state);
		hs_stop(h);
		return NULL;
	}
	return h;
}

int
hs_stop(struct hs *h)
{
	int st = -1, i;

	if (h == NULL)
		return -1;
	if (h->pid > 0) {
		kill(h->pid, SIGTERM);
		for (i = 0; i < 500; i++) {
			if (waitpid(h->pid, &st, WNOHANG) == h->pid)
				break;
			hs_wait_gone(h->pid, 20);
		}
		if (i == 500) {
			kill(h->pid, SIGKILL);
			waitpid(h->pid, &st, 0);
		}
	}
	hs_issuerd_stop(h);
	test_rmtree(h->dir);
	free(h->dir);
	free(h);
	return st;
}

int
hs_new_key(struct hs *h, const char *name, char *keypath, size_t size)
{
	snprintf(keypath, size, "%s/%s_key", h->dir, name);
	return test_system("'%s' --keygen '%s' --comment '%s@test'",
	    test_prog("madoguchi-sshd"), keypath, name) == 0 ? 0 : -1;
}

int
hs_add_clerk(struct hs *h, const char *login, char *keypath, size_t size)
{
	if (hs_new_key(h, login, keypath, size) != 0)
		return -1;
	return test_system("'%s' clerk add '%s' --key '%s.pub' --role clerk "
	    "--window shonai --name '%s' --state '%s' >/dev/null",
	    test_prog("madoguchi"), login, keypath, HS_CLERK_NAME, h->state)
	    == 0 ? 0 : -1;
}

struct vt *
hs_ssh(struct hs *h, const char *user, const char *key, int rows, int cols)
{
	return hs_ssh_from(h, "127.0.0.1", user, key, rows, cols);
}

struct vt *
hs_ssh_from(struct hs *h, const char *src, const char *user,
    const char *key, int rows, int cols)
{
	char port[16], dest[96];
	char *argv[] = { "ssh", "-tt", "-F", "/dev/null", "-i", (char *)key,
	    "-p", port, "-o", "UserKnownHostsFile=/dev/null",
	    "-o", "StrictHostKeyChecking=no", "-o", "BatchMode=yes",
	    "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
	    "-o", "LogLevel=ERROR", "-b", (char *)src, dest, NULL };

	snprintf(port, sizeof(port), "%d", h->port);
	snprintf(dest, sizeof(dest), "%s@127.0.0.1", user);
	return vt_spawn(rows, cols, argv, NULL);
}

struct hs_log_arg {
	struct hs	*h;
	const char	*want[8];
};

static int
hs_log_has(void *arg)
{
	struct hs_log_arg *a = arg;
	char line[2048];
	FILE *f = fopen(a->h->log, "r");
	int found = 0, i;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		for (i = 0; a->want[i] != NULL; i++)
			if (strstr(line, a->want[i]) == NULL)
				break;
		found = a->want[i] == NULL;
	}
	fclose(f);
	return found;
}

int
hs_log_wait(struct hs *h, int ms, ...)
{
	struct hs_log_arg a = { .h = h };
	va_list ap;
	int i = 0;
	const char *s;

	va_start(ap, ms);
	while ((s = va_arg(ap, const char *)) != NULL && i < 7)
		a.want[i++] = s;
	va_end(ap);
	a.want[i] = NULL;
	if (test_wait(hs_log_has, &a, ms))
		return 1;
	if (ms > 0)
		test_system("cat '%s' >&2", h->log);
	return 0;
}

pid_t
hs_log_pid(struct hs *h, const char *s, pid_t *ui)
{
	char line[2048], *p;
	FILE *f = fopen(h->log, "r");
	pid_t pid = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strstr(line, s) == NULL || (p = strstr(line, "sshd[")) ==
		    NULL)
			continue;
		pid = (pid_t)atoi(p + 5);
		if (ui != NULL && (p = strstr(line, "ui pid ")) != NULL)
			*ui = (pid_t)atoi(p + 7);
	}
	fclose(f);
	return pid;
}

int
hs_alive(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *f;
	int alive = 0;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), f) != NULL &&
	    (p = strrchr(buf, ')')) != NULL)
		alive = p[2] != 'Z' && p[2] != 'X';
	fclose(f);
	return alive;
}

static int
hs_gone(void *arg)
{
	return !hs_alive(*(pid_t *)arg);
}

int
hs_wait_gone(pid_t pid, int ms)
{
	return test_wait(hs_gone, &pid, ms);
}

int
hs_logout(struct vt *v)
{
	int st;

	vt_key(v, VT_KEY_F10);
	if (!vt_wait_text(v, "ログアウトしますか", 5000)) {
		vt_dump(v, "no logout question");
		return -1;
	}
	vt_type(v, "y");
	if (!vt_wait_exit(v, 10000, &st))
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
hs_bar_on_row(struct vt *v, int r, int ms)
{
	char row[1024];
	int64_t i;

	for (i = 0; i <= ms / 50; i++) {
		vt_pump(v, i == 0 ? 0 : 50);
		vt_row(v, r, row, sizeof(row));
		if (strstr(row, "F10/q 終了") != NULL)
			return 1;
	}
	vt_dump(v, "no key bar on that row");
	return 0;
}

struct hs_children_arg {
	pid_t	parent;
	int	n, seen;
};

static int
hs_children_are(void *arg)
{
	struct hs_children_arg *a = arg;
	struct dirent *de;
	DIR *d = opendir("/proc");
	int n = 0;

	while (d != NULL && (de = readdir(d)) != NULL) {
		char path[300], buf[512], *p;
		FILE *f;

		if (atoi(de->d_name) <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof(buf), f) != NULL &&
		    (p = strrchr(buf, ')')) != NULL &&
		    atoi(p + 4) == (int)a->parent)
			n++;
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	a->seen = n;
	return n == a->n;
}

int
hs_children(struct hs *h)
{
	struct hs_children_arg a = { h->pid, -1, 0 };

	hs_children_are(&a);
	return a.seen;
}

int
hs_wait_children(struct hs *h, int n, int ms)
{
	struct hs_children_arg a = { h->pid, n, 0 };

	if (test_wait(hs_children_are, &a, ms))
		return 1;
	fprintf(stderr, "hs_wait_children: %d, not %d\n", a.seen, n);
	return 0;
}
