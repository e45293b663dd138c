/*
 * bench-sessions: N clerks at once log in over loopback and type into the
 * UI, against madoguchi-sshd and against OpenSSH's sshd with ForceCommand
 * running the same UI, printed side by side. Clients are libssh sessions
 * in a few worker processes (so the client side stays light); the servers'
 * process trees are read from /proc while every session is open.
 *
 *   bench-sessions [--sessions "10 100"] [--workers 4] [--rounds 5]
 *                  [--logins 500] [--window 60]
 *                  [--state DIR --ui PATH --ready TEXT --sshd PATH
 *                   --enter BYTES --key BYTES --key2 BYTES]
 *
 * Without --state it makes its own demo state (madoguchi init --demo in a
 * temporary dir, removed after) and runs the `madoguchi ui` and
 * madoguchi-sshd built beside it, waiting for the menu title and typing
 * a kanji and Backspace in turn into the search form's name field.
 * BENCH_SESSIONS="10 100 500" sets the clerk counts.
 *
 * Figures: server CPU per connection (CPU time of the server's processes
 * and of the children they reaped, e.g. a login shell's rc files, up to
 * the end of typing; the UI's own time apart),
 * time to first screen (TCP connect to TEXT on the screen), PSS per session
 * (/proc/PID/smaps_rollup, with and without the UI), keystroke to the
 * first byte of the answer (p50/p99).
 *
 * Then the morning: --logins clerks (BENCH_LOGINS, 0 for none) log in from
 * one address, 127.0.0.1, one every window/logins seconds over --window
 * seconds (BENCH_LOGIN_WINDOW), each staying at its first screen to the
 * end; both servers keep their default login limits (OpenSSH's MaxStartups
 * 10:30:100). Figures: logins done, refused (closed before the key
 * exchange; the server's own log line says why) and failed, time to first
 * screen from the planned start (p50/p99/max), CPU per login, PSS per
 * session with all open, and one more login's time then.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>

#define BENCH_MAX_N	2000

struct bench_opts {
	const char	*state;		/* from madoguchi init --demo */
	const char	*ui;
	const char	*ready;
	const char	*enter;		/* sent once after the first screen */
	const char	*key;		/* keystrokes sent in turn: key, */
	const char	*key2;		/* key2 (e.g. a kanji, Backspace) */
	const char	*sessions;
	const char	*sshd_bin;	/* madoguchi-sshd */
	int		 workers, rounds;
	int		 logins;	/* the morning's clerks, 0: none */
	double		 window_s;	/* the time they arrive over */
};

struct bench_target {
	const char	*name;
	const char	*user;
	pid_t		 pid;
	int		 port;
	int		 own_startups;	/* OpenSSH: MaxStartups 200:30:400 */
	char		 log[PATH_MAX + 64];	/* the server's log, "" for none */
};

struct bench_result {
	double	cpu_ms, ui_cpu_ms, pss_kb, ui_pss_kb;
	double	first_p50, first_p99, echo_p50, echo_p99;
	double	first_max, extra_ms;	/* the morning: one more login */
	double	lag_ms;		/* the latest start after its plan */
	double	peak_unauthed;	/* most not logged in at once */
	int	ok, failed, refused;
	char	why[256];	/* the server's first refusal line */
	char	client_err[96];	/* the first failed login's libssh error */
};

/* How one login ended. */
enum bench_end { BENCH_OK, BENCH_REFUSED, BENCH_FAILED };

/* The morning's plan: login j starts at start + j * interval ms, by worker
 * j % workers. */
struct bench_plan {
	double	start, interval;
	int	n, workers;
};

/* One login as bench_login tells it (times in CLOCK_MONOTONIC ms). */
struct bench_arrival {
	double	ms;		/* from t0 (the plan) to the first screen */
	double	lag;		/* from the plan to the start */
	double	started;	/* the TCP connect */
	double	authed;		/* logged in, or given up: no longer one
				 * "not logged in" for the login limits */
	int	end;		/* enum bench_end */
	char	err[96];	/* libssh's error when not BENCH_OK */
};

#define BENCH_SLOT_MS		3000	/* a worker's time for one login */
#define BENCH_MAX_WORKERS	64

static double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
bench_pct(double *v, int n, double p)
{
	int i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), bench_cmp);
	i = (int)(p * (n - 1) + 0.5);
	return v[i];
}

static int
bench_free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	bind(fd, (struct sockaddr *)&sin, sizeof(sin));
	getsockname(fd, (struct sockaddr *)&sin, &len);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
bench_port_open(int port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), ok;

	ok = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
	close(fd);
	return ok;
}

static int
bench_wait_port(int port)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 500; i++) {
		if (bench_port_open(port))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/* Read ch until `ready` shows, by the CLOCK_MONOTONIC ms t0 + 30 s: 0, or
 * -1. The UI's start asks where the cursor is (its ambiguous-width probe,
 * src/ui/probe.c): answered as a terminal drawing them narrow does, not
 * left to its deadline. */
static int
bench_wait_ready(const struct bench_opts *o, ssh_channel ch, double t0)
{
	char buf[8192], seen[16384];
	size_t nseen = 0;
	int n, asked = 0;

	while (bench_now_ms() - t0 < 30000) {
		n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 1000);
		if (n < 0 || (n == 0 && ssh_channel_is_eof(ch)))
			return -1;
		if (nseen + n >= sizeof(seen))
			nseen = 0;
		memcpy(seen + nseen, buf, n);
		nseen += n;
		if (!asked && memmem(seen, nseen, "\033[6n", 4) != NULL) {
			asked = 1;
			ssh_channel_write(ch, "\033[2;2R", 6);
		}
		if (memmem(seen, nseen, o->ready, strlen(o->ready)) != NULL)
			return 0;
	}
	return -1;
}

/* One client: connect, authenticate, pty + shell, until `ready` shows.
 * Returns the session or NULL, with a->end saying how it ended (refused:
 * the server closed the connection before the key exchange); a->ms gets
 * the time from t0 (a CLOCK_MONOTONIC ms) to the first screen. */
static ssh_session
bench_login(const struct bench_opts *o, const struct bench_target *t,
    ssh_key key, ssh_channel *chanp, double t0, struct bench_arrival *a)
{
	ssh_session s = ssh_new();
	ssh_channel ch = NULL;
	long timeout = 30;	/* libssh's connect: 10 s unless told */
	int port = t->port, zero = 0;

	ssh_options_set(s, SSH_OPTIONS_HOST, "127.0.0.1");
	ssh_options_set(s, SSH_OPTIONS_PORT, &port);
	ssh_options_set(s, SSH_OPTIONS_USER, t->user);
	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &zero);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &timeout);
	a->started = bench_now_ms();
	a->lag = a->started - t0;
	a->end = BENCH_FAILED;
	if (ssh_connect(s) != SSH_OK) {
		/* Closed before the key exchange ended, not given up on. */
		if (strstr(ssh_get_error(s), "Timeout") == NULL)
			a->end = BENCH_REFUSED;
		goto fail;
	}
	if (ssh_userauth_publickey(s, t->user, key) != SSH_AUTH_SUCCESS)
		goto fail;
	a->authed = bench_now_ms();
	if ((ch = ssh_channel_new(s)) == NULL ||
	    ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_pty_size(ch, "xterm-256color", 80, 24) !=
	    SSH_OK || ssh_channel_request_shell(ch) != SSH_OK ||
	    bench_wait_ready(o, ch, t0) == -1)
		goto fail;
	a->ms = bench_now_ms() - t0;
	*chanp = ch;
	a->end = BENCH_OK;
	return s;
fail:
	if (a->authed == 0)
		a->authed = bench_now_ms();
	snprintf(a->err, sizeof(a->err), "%s", ch != NULL &&
	    bench_now_ms() - t0 >= 30000 ? "no first screen in 30 s" :
	    ssh_get_error(s));
	if (ch != NULL)
		ssh_channel_free(ch);
	ssh_disconnect(s);
	ssh_free(s);
	return NULL;
}

static ssh_key
bench_key_load(const struct bench_opts *o)
{
	char keypath[PATH_MAX + 32];
	ssh_key key = NULL;

	snprintf(keypath, sizeof(keypath), "%s/demo_id_ed25519", o->state);
	if (ssh_pki_import_privkey_file(keypath, NULL, NULL, NULL, &key) !=
	    SSH_OK)
		return NULL;
	return key;
}

static void
bench_logout(ssh_session s, ssh_channel ch)
{
	if (s == NULL)
		return;
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	ssh_disconnect(s);
	ssh_free(s);
}

/* Read what arrives until `quiet_ms` pass with nothing. */
static void
bench_drain(ssh_channel ch, int quiet_ms)
{
	char buf[8192];

	while (ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, quiet_ms) > 0)
		;
}

/* One keystroke: ms until the first byte of the answer, or -1. */
static double
bench_key(const char *key, ssh_channel ch)
{
	char buf[8192];
	double t0 = bench_now_ms();
	int n;

	if (ssh_channel_write(ch, key, strlen(key)) < 0)
		return -1;
	n = ssh_channel_read_timeout(ch, buf, sizeof(buf), 0, 5000);
	if (n <= 0)
		return -1;
	return bench_now_ms() - t0;
}

static void
bench_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t w;

	while (n > 0 && (w = write(fd, c, n)) > 0) {
		c += w;
		n -= w;
	}
}

static int
bench_read_all(int fd, void *p, size_t n)
{
	char *c = p;
	ssize_t r;

	while (n > 0) {
		r = read(fd, c, n);
		if (r <= 0)
			return -1;
		c += r;
		n -= r;
	}
	return 0;
}

/* A worker: log in `count` clients one after another, report the first
 * screen times; on 'T' type, report echo times; on 'Q' log out. */
static void __attribute__((noreturn))
bench_worker(const struct bench_opts *o, const struct bench_target *t,
    int count, int in, int out)
{
	ssh_session *s = calloc(count, sizeof(*s));
	ssh_channel *ch = calloc(count, sizeof(*ch));
	double *lat = calloc((size_t)count * o->rounds + count, sizeof(double));
	ssh_key key = bench_key_load(o);
	struct bench_arrival a;
	char cmd;
	int i, r, n = 0;

	if (key == NULL)
		_exit(1);
	for (i = 0; i < count; i++) {
		memset(&a, 0, sizeof(a));
		if ((s[i] = bench_login(o, t, key, &ch[i], bench_now_ms(),
		    &a)) != NULL) {
			lat[n++] = a.ms;
			bench_drain(ch[i], 50);
			if (o->enter != NULL) {
				ssh_channel_write(ch[i], o->enter,
				    strlen(o->enter));
				bench_drain(ch[i], 100);
			}
		}
	}
	bench_write_all(out, &n, sizeof(n));
	bench_write_all(out, lat, n * sizeof(double));
	if (bench_read_all(in, &cmd, 1) == -1 || cmd != 'T')
		_exit(1);
	n = 0;
	for (r = 0; r < o->rounds; r++)
		for (i = 0; i < count; i++) {
			if (s[i] == NULL)
				continue;
			lat[n] = bench_key(r % 2 == 0 || o->key2 == NULL ?
			    o->key : o->key2, ch[i]);
			if (lat[n] >= 0)
				n++;
			bench_drain(ch[i], 30);
		}
	bench_write_all(out, &n, sizeof(n));
	bench_write_all(out, lat, n * sizeof(double));
	if (bench_read_all(in, &cmd, 1) == -1)
		_exit(1);
	for (i = 0; i < count; i++)
		bench_logout(s[i], ch[i]);
	_exit(0);
}

/* Until the CLOCK_MONOTONIC ms `at`: the plan's own clock, not a wait for
 * a condition. */
static void
bench_sleep_until(double at)
{
	struct timespec ts = { (time_t)(at / 1000),
	    (long)((at - (time_t)(at / 1000) * 1000.0) * 1e6) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
	    EINTR)
		;
}

/* A morning worker: logins idx, idx + workers, ... each at its planned
 * time (late ones start at once and count from their plan), each left at
 * its first screen; reports them all, then on 'Q' logs out. */
static void __attribute__((noreturn))
bench_arrival_worker(const struct bench_opts *o, const struct bench_target *t,
    const struct bench_plan *p, int idx, int in, int out)
{
	int count = (p->n - idx + p->workers - 1) / p->workers, i;
	ssh_session *s = calloc(count, sizeof(*s));
	ssh_channel *ch = calloc(count, sizeof(*ch));
	struct bench_arrival *a = calloc(count, sizeof(*a));
	ssh_key key = bench_key_load(o);
	char cmd;

	if (key == NULL || s == NULL || ch == NULL || a == NULL)
		_exit(1);
	for (i = 0; i < count; i++) {
		double at = p->start + (double)(idx + i * p->workers) *
		    p->interval;

		bench_sleep_until(at);
		s[i] = bench_login(o, t, key, &ch[i], at, &a[i]);
	}
	bench_write_all(out, &count, sizeof(count));
	bench_write_all(out, a, count * sizeof(*a));
	if (bench_read_all(in, &cmd, 1) == -1)
		_exit(1);
	for (i = 0; i < count; i++)
		bench_logout(s[i], ch[i]);
	_exit(0);
}

struct bench_proc {
	pid_t		pid, ppid;
	double		cpu_ms;		/* own */
	double		reaped_ms;	/* children it waited for */
};

static int
bench_read_proc(pid_t pid, struct bench_proc *p)
{
	char path[64], buf[1024], *c;
	unsigned long ut, st;
	long cut, cst;
	int ppid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	c = fgets(buf, sizeof(buf), f);
	fclose(f);
	if (c == NULL || (c = strrchr(buf, ')')) == NULL)
		return -1;
	/* state ppid pgrp session tty tpgid flags minflt cminflt majflt
	 * cmajflt utime stime cutime cstime */
	if (sscanf(c + 2, "%*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu "
	    "%ld %ld", &ppid, &ut, &st, &cut, &cst) != 5)
		return -1;
	p->pid = pid;
	p->ppid = ppid;
	/* Own time from schedstat (ns, not 10 ms ticks); reaped children
	 * only exist in ticks. */
	p->cpu_ms = (ut + st) * 1000.0 / sysconf(_SC_CLK_TCK);
	p->reaped_ms = (cut + cst) * 1000.0 / sysconf(_SC_CLK_TCK);
	snprintf(path, sizeof(path), "/proc/%ld/schedstat", (long)pid);
	if ((f = fopen(path, "r")) != NULL) {
		unsigned long long ns;

		if (fscanf(f, "%llu", &ns) == 1)
			p->cpu_ms = ns / 1e6;
		fclose(f);
	}
	return 0;
}

static double
bench_pss_kb(pid_t pid)
{
	char path[64], line[256];
	double kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/smaps_rollup", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "Pss:", 4) == 0)
			kb = atof(line + 4);
	fclose(f);
	return kb;
}

static int
bench_is_ui(pid_t pid, const char *ui)
{
	char path[64], exe[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pid);
	if ((n = readlink(path, exe, sizeof(exe) - 1)) <= 0)
		return 0;
	exe[n] = '\0';
	return strcmp(exe, ui) == 0;
}

/* Sum CPU and PSS over the server's descendants (the listener's own CPU
 * since cpu0 counts too; its memory is shared by all, so not counted). */
static void
bench_sample(const struct bench_opts *o, pid_t root, double cpu0, int n,
    struct bench_result *r)
{
	static struct bench_proc ps[65536];
	struct bench_proc me;
	size_t np = 0, i, j;
	struct dirent *de;
	DIR *d = opendir("/proc");

	while (d != NULL && (de = readdir(d)) != NULL && np < 65536) {
		pid_t pid = (pid_t)atoi(de->d_name);

		if (pid > 0 && bench_read_proc(pid, &ps[np]) == 0)
			np++;
	}
	if (d != NULL)
		closedir(d);
	if (bench_read_proc(root, &me) == 0)
		r->cpu_ms += me.cpu_ms + me.reaped_ms - cpu0;
	for (i = 0; i < np; i++) {
		pid_t up = ps[i].ppid;
		int depth = 0, under = 0;

		while (up > 1 && depth++ < 16 && !under) {
			if (up == root) {
				under = 1;
				break;
			}
			for (j = 0; j < np && ps[j].pid != up; j++)
				;
			up = j < np ? ps[j].ppid : 0;
		}
		if (!under)
			continue;
		/* What the UI's process reaped before it became the UI
		 * (a login shell's rc files) is the server path's cost. */
		r->cpu_ms += ps[i].reaped_ms;
		if (bench_is_ui(ps[i].pid, o->ui)) {
			r->ui_cpu_ms += ps[i].cpu_ms;
			r->ui_pss_kb += bench_pss_kb(ps[i].pid);
		} else
			r->cpu_ms += ps[i].cpu_ms;
		r->pss_kb += bench_pss_kb(ps[i].pid);
	}
	if (n > 0) {
		r->cpu_ms /= n;
		r->ui_cpu_ms /= n;
		r->pss_kb /= n;
		r->ui_pss_kb /= n;
	}
}

/* argv[0] with stdin and stdout on /dev/null, stderr into log (a new
 * file) or /dev/null. */
static pid_t
bench_spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR), lfd = -1;

		if (log != NULL)
			lfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(lfd != -1 ? lfd : fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int
bench_start_ours(const struct bench_opts *o, struct bench_target *t)
{
	char listen[64];
	/* --foreground: its log on stderr, into a file of this run's own. */
	char *argv[] = { (char *)o->sshd_bin, "--state", (char *)o->state,
	    "--listen", listen, "--ui", (char *)o->ui, "--foreground", NULL };

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", t->port);
	snprintf(t->log, sizeof(t->log), "%s/../madoguchi-sshd.log", o->state);
	t->pid = bench_spawn(argv, t->log);
	return bench_wait_port(t->port);
}

/* OpenSSH's sshd in its own config: our host key, the demo key as root's
 * only authorized key, ForceCommand running the same UI as our server.
 * sshd runs the command through root's shell, which under sshd reads
 * ~/.bashrc; so that a developer's rc files are not measured, sshd gets a
 * private mount namespace with an empty directory over /root (like a
 * service account with a bare home). MaxStartups is OpenSSH's default
 * (10:30:100) unless t->own_startups. */
static int
bench_start_openssh(const struct bench_opts *o, struct bench_target *t)
{
	char dir[PATH_MAX + 16], cfg[PATH_MAX + 64], cp[3 * PATH_MAX];
	char sh[4 * PATH_MAX];
	char *argv[] = { "/usr/bin/unshare", "-m", "--propagation", "private",
	    "/bin/sh", "-c", sh, NULL };
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/../openssh", o->state);
	mkdir(dir, 0700);
	snprintf(cp, sizeof(cp), "%s/home", dir);
	mkdir(cp, 0700);
	mkdir("/run/sshd", 0755);	/* sshd's privilege separation dir */
	snprintf(cfg, sizeof(cfg), "%s/authorized_keys", dir);
	snprintf(cp, sizeof(cp), "cp '%s/demo_id_ed25519.pub' '%s'",
	    o->state, cfg);
	if (system(cp) != 0)
		return -1;
	snprintf(cfg, sizeof(cfg), "%s/sshd_config", dir);
	snprintf(t->log, sizeof(t->log), "%s/sshd.log", dir);
	unlink(t->log);		/* sshd -E appends */
	if ((f = fopen(cfg, "w")) == NULL)
		return -1;
	fprintf(f, "Port %d\nListenAddress 127.0.0.1\n"
	    "HostKey %s/ssh/ssh_host_ed25519_key\nPidFile %s/sshd.pid\n"
	    "AuthorizedKeysFile %s/authorized_keys\nUsePAM no\n"
	    "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
	    "KbdInteractiveAuthentication no\nStrictModes no\n"
	    "PrintMotd no\nPrintLastLog no\n%s"
	    "ForceCommand exec env MADOGUCHI_CLERK=demo "
	    "MADOGUCHI_SESSION=bench MADOGUCHI_STATE=%s LANG=C.UTF-8 "
	    "LC_ALL=C.UTF-8 %s ui --state %s\n",
	    t->port, o->state, dir, dir,
	    t->own_startups ? "MaxStartups 200:30:400\n" : "",
	    o->state, o->ui, o->state);
	fclose(f);
	snprintf(sh, sizeof(sh), "mount --bind '%s/home' /root || exit 1; "
	    "exec /usr/sbin/sshd -D -f '%s' -E '%s'", dir, cfg, t->log);
	t->pid = bench_spawn(argv, NULL);
	return bench_wait_port(t->port);
}

static void
bench_stop(struct bench_target *t)
{
	kill(t->pid, SIGTERM);
	waitpid(t->pid, NULL, 0);
}

/* Starts t on a free port; *me gets its CPU so far (what the start cost,
 * taken off the figures). */
static int
bench_start(const struct bench_opts *o, struct bench_target *t,
    struct bench_proc *me)
{
	t->port = bench_free_port();
	if ((strcmp(t->name, "madoguchi-sshd") == 0 ?
	    bench_start_ours(o, t) : bench_start_openssh(o, t)) == -1) {
		fprintf(stderr, "bench: %s did not start\n", t->name);
		return -1;
	}
	memset(me, 0, sizeof(*me));
	bench_read_proc(t->pid, me);
	me->cpu_ms += me->reaped_ms;
	return 0;
}

/* A worker with a pipe each way: its pid, 0 in the worker (which keeps
 * to[0] and from[1]). A bench that cannot make one ends here. */
static pid_t
bench_fork_worker(int to[2], int from[2])
{
	pid_t pid;

	if (pipe(to) == -1 || pipe(from) == -1 || (pid = fork()) == -1) {
		perror("bench: worker");
		exit(1);
	}
	close(pid == 0 ? to[1] : to[0]);
	close(pid == 0 ? from[0] : from[1]);
	return pid;
}

static int
bench_collect(int fd, double *into, int *n)
{
	int k;

	if (bench_read_all(fd, &k, sizeof(k)) == -1 ||
	    bench_read_all(fd, into + *n, k * sizeof(double)) == -1)
		return -1;
	*n += k;
	return 0;
}

static int
bench_run(const struct bench_opts *o, struct bench_target *t, int n,
    struct bench_result *r)
{
	int k = n < o->workers ? n : o->workers, i, nfirst = 0, necho = 0;
	int to[64][2], from[64][2];
	double *first = calloc(n, sizeof(double));
	double *echo = calloc((size_t)n * o->rounds, sizeof(double));
	struct bench_proc me = { 0 };
	pid_t w[64];
	char c;

	memset(r, 0, sizeof(*r));
	t->own_startups = 1;
	if (first == NULL || echo == NULL || bench_start(o, t, &me) == -1) {
		free(first);
		free(echo);
		return -1;
	}
	for (i = 0; i < k; i++)
		if ((w[i] = bench_fork_worker(to[i], from[i])) == 0)
			bench_worker(o, t, n / k + (i < n % k), to[i][0],
			    from[i][1]);
	for (i = 0; i < k; i++)
		bench_collect(from[i][0], first, &nfirst);
	for (i = 0; i < k; i++)
		bench_write_all(to[i][1], "T", 1);
	for (i = 0; i < k; i++)
		bench_collect(from[i][0], echo, &necho);
	r->ok = nfirst;
	r->failed = n - nfirst;
	bench_sample(o, t->pid, me.cpu_ms, nfirst, r);
	r->first_p50 = bench_pct(first, nfirst, 0.5);
	r->first_p99 = bench_pct(first, nfirst, 0.99);
	r->echo_p50 = bench_pct(echo, necho, 0.5);
	r->echo_p99 = bench_pct(echo, necho, 0.99);
	for (i = 0; i < k; i++) {
		bench_write_all(to[i][1], &(char){ 'Q' }, 1);
		(void)!read(from[i][0], &c, 1);
		close(to[i][1]);
		close(from[i][0]);
		waitpid(w[i], NULL, 0);
	}
	bench_stop(t);
	free(first);
	free(echo);
	return 0;
}

/* The first line of t's log saying why a connection was refused or cut,
 * into r->why ("" when none). */
static void
bench_why(const struct bench_target *t, struct bench_result *r)
{
	static const char *const why_table[] = {
		" cut: ", "dropped early", "MaxStartups", "grace time",
		"blocked", "locked",
	};
	char line[sizeof(r->why)];
	size_t i;
	FILE *f;

	r->why[0] = '\0';
	if (t->log[0] == '\0' || (f = fopen(t->log, "r")) == NULL)
		return;
	while (r->why[0] == '\0' && fgets(line, sizeof(line), f) != NULL)
		for (i = 0; i < sizeof(why_table) / sizeof(why_table[0]); i++)
			if (strstr(line, why_table[i]) != NULL) {
				/* Without the stamp and pid. */
				char *m = strstr(line, "]: ");

				line[strcspn(line, "\r\n")] = '\0';
				memmove(line, m != NULL ? m + 3 : line,
				    strlen(m != NULL ? m + 3 : line) + 1);
				memcpy(r->why, line, sizeof(r->why));
				break;
			}
	fclose(f);
}

/* One more login with every morning session open: its time, or -1. */
static double
bench_extra_login(const struct bench_opts *o, const struct bench_target *t)
{
	ssh_key key = bench_key_load(o);
	struct bench_arrival a = { .ms = -1 };
	ssh_channel ch = NULL;
	ssh_session s;

	if (key == NULL)
		return -1;
	s = bench_login(o, t, key, &ch, bench_now_ms(), &a);
	bench_logout(s, ch);
	ssh_key_free(key);
	return s != NULL ? a.ms : -1;
}

/* A morning worker's reports appended to all[*n]. */
static int
bench_arrival_collect(int fd, struct bench_arrival *all, int *n, int max)
{
	int k;

	if (bench_read_all(fd, &k, sizeof(k)) == -1 || k < 0 ||
	    k > max - *n || bench_read_all(fd, all + *n, k * sizeof(*all)) == -1)
		return -1;
	*n += k;
	return 0;
}

/* The most connections not logged in at once, from the clients' side:
 * each counts from its connect to its login (or its end). */
static double
bench_peak_unauthed(const struct bench_arrival *a, int n)
{
	double *on = calloc(n + 1, sizeof(double));
	double *off = calloc(n + 1, sizeof(double));
	int i = 0, j = 0, cur = 0, peak = 0;

	if (on == NULL || off == NULL) {
		free(on);
		free(off);
		return -1;
	}
	for (i = 0; i < n; i++) {
		on[i] = a[i].started;
		off[i] = a[i].authed;
	}
	qsort(on, n, sizeof(double), bench_cmp);
	qsort(off, n, sizeof(double), bench_cmp);
	for (i = 0; i < n; )
		if (j >= n || on[i] < off[j]) {
			if (++cur > peak)
				peak = cur;
			i++;
		} else {
			cur--;
			j++;
		}
	free(on);
	free(off);
	return peak;
}

/* r's counts and figures from the n reports; first[] gets the done
 * ones' times. */
static void
bench_arrival_tally(const struct bench_arrival *a, int n, double *first,
    struct bench_result *r)
{
	int i;

	for (i = 0; i < n; i++) {
		if (a[i].lag > r->lag_ms)
			r->lag_ms = a[i].lag;
		if (a[i].end == BENCH_OK) {
			first[r->ok++] = a[i].ms;
			continue;
		}
		if (a[i].end == BENCH_REFUSED)
			r->refused++;
		else
			r->failed++;
		if (r->client_err[0] == '\0')
			memcpy(r->client_err, a[i].err, sizeof(r->client_err));
	}
	r->peak_unauthed = bench_peak_unauthed(a, n);
	r->first_p50 = bench_pct(first, r->ok, 0.5);
	r->first_p99 = bench_pct(first, r->ok, 0.99);
	r->first_max = bench_pct(first, r->ok, 1);
}

/* The plan for o's morning: one worker per BENCH_SLOT_MS of arrivals, so
 * that a login that long does not hold up the next one's start. */
static void
bench_arrival_plan(const struct bench_opts *o, struct bench_plan *p)
{
	p->n = o->logins;
	p->interval = o->window_s * 1000.0 / o->logins;
	p->workers = (int)(BENCH_SLOT_MS / (p->interval > 1 ? p->interval : 1))
	    + 1;
	if (p->workers > p->n)
		p->workers = p->n;
	if (p->workers > BENCH_MAX_WORKERS)
		p->workers = BENCH_MAX_WORKERS;
	/* Time for the workers to start and read the key. */
	p->start = bench_now_ms() + 300;
}

/* The morning against t: o->logins clerks over o->window_s from one
 * address, all kept open; sampled with all open, then one more login. */
static int
bench_arrival_run(const struct bench_opts *o, struct bench_target *t,
    struct bench_result *r)
{
	int to[BENCH_MAX_WORKERS][2], from[BENCH_MAX_WORKERS][2], i, n = 0;
	double *first = calloc(o->logins, sizeof(double));
	struct bench_arrival *all = calloc(o->logins, sizeof(*all));
	struct bench_proc me;
	struct bench_plan p;
	pid_t w[BENCH_MAX_WORKERS];
	char c;

	memset(r, 0, sizeof(*r));
	t->own_startups = 0;
	if (first == NULL || all == NULL || bench_start(o, t, &me) == -1) {
		free(first);
		free(all);
		return -1;
	}
	bench_arrival_plan(o, &p);
	for (i = 0; i < p.workers; i++)
		if ((w[i] = bench_fork_worker(to[i], from[i])) == 0)
			bench_arrival_worker(o, t, &p, i, to[i][0], from[i][1]);
	for (i = 0; i < p.workers; i++)
		bench_arrival_collect(from[i][0], all, &n, o->logins);
	bench_arrival_tally(all, n, first, r);
	bench_sample(o, t->pid, me.cpu_ms, r->ok, r);
	r->extra_ms = bench_extra_login(o, t);
	for (i = 0; i < p.workers; i++) {
		bench_write_all(to[i][1], "Q", 1);
		(void)!read(from[i][0], &c, 1);
		close(to[i][1]);
		close(from[i][0]);
		waitpid(w[i], NULL, 0);
	}
	bench_stop(t);
	if (r->refused + r->failed > 0)
		bench_why(t, r);
	free(first);
	free(all);
	return 0;
}

/* A figure's row: its label and where it is in struct bench_result. */
struct bench_row {
	const char	*label;
	size_t		 off;
	double		 scale;
	int		 prec;
};
#define BENCH_F(x)	offsetof(struct bench_result, x)

static void
bench_print_rows(const struct bench_row *rows, size_t nrows,
    const struct bench_result *r, int nt)
{
	size_t i;
	int j;

	for (i = 0; i < nrows; i++) {
		printf("  %-34s", rows[i].label);
		for (j = 0; j < nt; j++) {
			double v;

			memcpy(&v, (const char *)&r[j] + rows[i].off,
			    sizeof(v));
			printf("%15.*f", rows[i].prec, v * rows[i].scale);
		}
		printf("\n");
	}
	fflush(stdout);
}

static void
bench_print_head(const char *head, const struct bench_target *t, int nt)
{
	int j;

	printf("\n%-36s", head);
	for (j = 0; j < nt; j++)
		printf("%15s", t[j].name);
}

static void
bench_print(int n, struct bench_target *t, struct bench_result *r, int nt)
{
	static const struct bench_row rows[] = {
		{ "server CPU per connection (ms)", BENCH_F(cpu_ms), 1, 1 },
		{ "  UI CPU per session (ms)", BENCH_F(ui_cpu_ms), 1, 1 },
		{ "time to first screen p50 (ms)", BENCH_F(first_p50), 1, 1 },
		{ "time to first screen p99 (ms)", BENCH_F(first_p99), 1, 1 },
		{ "PSS per session, all (MB)", BENCH_F(pss_kb), 1.0 / 1024,
		  2 },
		{ "  of which the UI (MB)", BENCH_F(ui_pss_kb), 1.0 / 1024,
		  2 },
		{ "keystroke to echo p50 (ms)", BENCH_F(echo_p50), 1, 1 },
		{ "keystroke to echo p99 (ms)", BENCH_F(echo_p99), 1, 1 },
	};
	char head[64];
	int j;

	snprintf(head, sizeof(head), "%d concurrent clerks", n);
	bench_print_head(head, t, nt);
	printf("\n  %-34s", "logged in");
	for (j = 0; j < nt; j++)
		printf("%10d/%-4d", r[j].ok, r[j].ok + r[j].failed);
	printf("\n");
	bench_print_rows(rows, sizeof(rows) / sizeof(rows[0]), r, nt);
}

static void
bench_arrival_print(const struct bench_opts *o, struct bench_target *t,
    struct bench_result *r, int nt)
{
	static const struct bench_row rows[] = {
		{ "most not logged in at once", BENCH_F(peak_unauthed), 1, 0 },
		{ "time to first screen p50 (ms)", BENCH_F(first_p50), 1, 1 },
		{ "time to first screen p99 (ms)", BENCH_F(first_p99), 1, 1 },
		{ "time to first screen max (ms)", BENCH_F(first_max), 1, 1 },
		{ "server CPU per login (ms)", BENCH_F(cpu_ms), 1, 1 },
		{ "  UI CPU per session (ms)", BENCH_F(ui_cpu_ms), 1, 1 },
		{ "PSS per session, all open (MB)", BENCH_F(pss_kb),
		  1.0 / 1024, 2 },
		{ "  of which the UI (MB)", BENCH_F(ui_pss_kb), 1.0 / 1024,
		  2 },
		{ "one more login, all open (ms)", BENCH_F(extra_ms), 1, 1 },
		{ "client: latest start lag (ms)", BENCH_F(lag_ms), 1, 1 },
	};
	char head[96], cell[32];
	int j;

	snprintf(head, sizeof(head), "%d clerks in %.0f s from 127.0.0.1",
	    o->logins, o->window_s);
	bench_print_head(head, t, nt);
	printf("\n  %-34s", "logged in/refused/failed");
	for (j = 0; j < nt; j++) {
		snprintf(cell, sizeof(cell), "%d/%d/%d", r[j].ok, r[j].refused,
		    r[j].failed);
		printf("%15s", cell);
	}
	printf("\n");
	bench_print_rows(rows, sizeof(rows) / sizeof(rows[0]), r, nt);
	for (j = 0; j < nt; j++) {
		if (r[j].why[0] != '\0')
			printf("  %s's log: %s\n", t[j].name, r[j].why);
		if (r[j].client_err[0] != '\0')
			printf("  %s, the first client to fail: %s\n",
			    t[j].name, r[j].client_err);
	}
	fflush(stdout);
}

/* No --state: a demo state in a temporary dir and the programs built
 * beside this one. Returns the temporary dir (the caller removes it). */
static char *
bench_self_setup(struct bench_opts *o)
{
	static char build[PATH_MAX], ui[PATH_MAX + 16], sshd[PATH_MAX + 32];
	static char state[1024];
	char tmpl[] = "/tmp/madoguchi-bench-XXXXXX", cmd[3 * PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", build, sizeof(build) - 1);
	char *dir;

	if (n <= 0 || (dir = mkdtemp(tmpl)) == NULL)
		return NULL;
	build[n] = '\0';
	*strrchr(build, '/') = '\0';
	snprintf(ui, sizeof(ui), "%s/madoguchi", build);
	snprintf(sshd, sizeof(sshd), "%s/madoguchi-sshd", build);
	snprintf(state, sizeof(state), "%s/st", dir);
	snprintf(cmd, sizeof(cmd), "'%s' init --demo '%s' >/dev/null", ui,
	    state);
	if (system(cmd) != 0)
		return NULL;
	o->state = state;
	o->ui = ui;
	o->sshd_bin = sshd;
	o->ready = "メニュー";
	/* Into the search form ("c" on the menu), then a kanji and
	 * Backspace in turn into its name field. */
	o->enter = "c";
	o->key = "山";
	o->key2 = "\177";
	if (getenv("BENCH_SESSIONS") != NULL)
		o->sessions = getenv("BENCH_SESSIONS");
	if (getenv("BENCH_LOGINS") != NULL)
		o->logins = atoi(getenv("BENCH_LOGINS"));
	if (getenv("BENCH_LOGIN_WINDOW") != NULL)
		o->window_s = atof(getenv("BENCH_LOGIN_WINDOW"));
	return strdup(dir);
}

/* Options into o; returns the index of the first one not understood. */
static int
bench_parse_args(int argc, char **argv, struct bench_opts *o)
{
	int i;

	for (i = 1; i + 1 < argc; i += 2) {
		const char *a = argv[i], *v = argv[i + 1];

		if (strcmp(a, "--state") == 0) o->state = v;
		else if (strcmp(a, "--ui") == 0) o->ui = v;
		else if (strcmp(a, "--ready") == 0) o->ready = v;
		else if (strcmp(a, "--key") == 0) o->key = v;
		else if (strcmp(a, "--key2") == 0) o->key2 = v;
		else if (strcmp(a, "--enter") == 0) o->enter = v;
		else if (strcmp(a, "--sessions") == 0) o->sessions = v;
		else if (strcmp(a, "--sshd") == 0) o->sshd_bin = v;
		else if (strcmp(a, "--workers") == 0) o->workers = atoi(v);
		else if (strcmp(a, "--rounds") == 0) o->rounds = atoi(v);
		else if (strcmp(a, "--logins") == 0) o->logins = atoi(v);
		else if (strcmp(a, "--window") == 0) o->window_s = atof(v);
		else break;
	}
	return i;
}

/* Each worker holds its share of the sessions' sockets; a run with few
 * workers and many clerks needs more than a 1024 soft limit. */
static void
bench_raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The concurrent clerks, each count in o->sessions against each server. */
static int
bench_concurrent(const struct bench_opts *o, struct bench_target *t, int nt)
{
	struct bench_result r[2];
	char *list = strdup(o->sessions), *tok, *save = NULL;
	int i, rc = 0;

	for (tok = strtok_r(list, " ,", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, " ,", &save)) {
		int n = atoi(tok);

		if (n < 1 || n > BENCH_MAX_N)
			continue;
		for (i = 0; i < nt && rc == 0; i++)
			if (bench_run(o, &t[i], n, &r[i]) == -1)
				rc = 1;
		if (rc == 0)
			bench_print(n, t, r, nt);
	}
	free(list);
	return rc;
}

/* The morning's logins against each server in turn. */
static int
bench_morning(const struct bench_opts *o, struct bench_target *t, int nt)
{
	struct bench_result r[2];
	int i;

	if (o->logins < 1)
		return 0;
	for (i = 0; i < nt; i++)
		if (bench_arrival_run(o, &t[i], &r[i]) == -1)
			return 1;
	bench_arrival_print(o, t, r, nt);
	return 0;
}

static void
bench_usage(void)
{
	fprintf(stderr, "usage: bench-sessions [--sessions \"10 100\"] "
	    "[--workers 4] [--rounds 5] [--logins 500] [--window 60] "
	    "[--state DIR --ui PATH --ready TEXT --sshd PATH --enter BYTES "
	    "--key BYTES --key2 BYTES]\n");
}

int
main(int argc, char **argv)
{
	struct bench_opts o = { .key = "x", .workers = 4, .rounds = 5,
	    .sessions = "10 100", .logins = 500, .window_s = 60 };
	struct bench_target t[2] = { { .name = "madoguchi-sshd",
	    .user = "demo" }, { .name = "openssh-sshd", .user = "root" } };
	char uireal[PATH_MAX], *tmp = NULL;
	int i, nt = 1, rc;

	i = bench_parse_args(argc, argv, &o);
	if (i == argc && o.state == NULL &&
	    (tmp = bench_self_setup(&o)) == NULL) {
		fprintf(stderr, "bench-sessions: cannot make a demo state\n");
		return 1;
	}
	if (i < argc || o.state == NULL || o.ui == NULL || o.ready == NULL ||
	    o.sshd_bin == NULL || o.workers < 1 || o.workers > 64 ||
	    o.logins < 0 || o.logins > BENCH_MAX_N || o.window_s <= 0) {
		bench_usage();
		return 2;
	}
	if (realpath(o.ui, uireal) != NULL)
		o.ui = uireal;
	if (geteuid() == 0 && access("/usr/sbin/sshd", X_OK) == 0 &&
	    access("/usr/bin/unshare", X_OK) == 0)
		nt = 2;
	else
		fprintf(stderr, "bench: the OpenSSH comparison needs root, "
		    "/usr/sbin/sshd and unshare; ours only\n");
	signal(SIGPIPE, SIG_IGN);
	bench_raise_nofile();
	ssh_init();
	printf("bench-sessions: loopback, %d client workers, %d keystrokes "
	    "per clerk into a form, UI %s\n", o.workers, o.rounds, o.ui);
	if (nt == 2)
		printf("openssh-sshd: ForceCommand as root, UsePAM no, root's "
		    "shell with an empty home (no rc files)\n");
	rc = bench_concurrent(&o, t, nt);
	if (rc == 0)
		rc = bench_morning(&o, t, nt);
	ssh_finalize();
	if (tmp != NULL) {
		char cmd[PATH_MAX + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
		(void)!system(cmd);
		free(tmp);
	}
	return rc;
}
