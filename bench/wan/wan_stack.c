/*
 * The counter bench-wan runs against, on this machine and torn down
 * after: a demo state (`madoguchi init --demo`) in a temporary dir, the
 * emulated demo card behind pcscd and cardd (contrib/card-stack.sh, as
 * `make run` and the end-to-end tests start it), madoguchi-issuerd and
 * madoguchi-sshd on a free loopback port. The programs are those built
 * beside the bench.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
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

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "wan.h"

/* The demo card's holder (contrib/vcard/demo-card.json) in the demo
 * registry, and her card's PINs. */
#define WAN_KANA	"マドグチハナコ"
#define WAN_CARD_NO	"DM0000000001"
/* The first issuance records a card expiring a year before the one the
 * renewal types (R16.2.3), so the database tells which one it got. */
#define WAN_FIRST_EXPIRY "2033-02-03"

static void
wan_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Poll cond every 20 ms for ms at most; 1 when it held. */
static int
wan_poll(int (*cond)(const struct wan_stack *), const struct wan_stack *s,
    int ms)
{
	int i;

	for (i = 0; i <= ms / 20; i++) {
		if (cond(s))
			return 1;
		wan_sleep_ms(20);
	}
	return 0;
}

static int
wan_system(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
wan_system(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The directory of this program, and the source tree: the working
 * directory when it holds contrib/card-stack.sh (make bench), else the
 * directory above the programs (build/..). */
static int
wan_paths(struct wan_stack *s)
{
	char exe[sizeof(s->build)], probe[sizeof(s->top) + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	snprintf(s->build, sizeof(s->build), "%s", exe);
	if (getcwd(exe, sizeof(exe)) != NULL) {
		snprintf(s->top, sizeof(s->top), "%s", exe);
		snprintf(probe, sizeof(probe), "%s/contrib/card-stack.sh",
		    s->top);
		if (access(probe, R_OK) == 0)
			return 0;
	}
	snprintf(s->top, sizeof(s->top), "%s/..", s->build);
	snprintf(probe, sizeof(probe), "%s/contrib/card-stack.sh", s->top);
	return access(probe, R_OK) == 0 ? 0 : -1;
}

static pid_t
wan_spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static int
wan_issuerd_up(const struct wan_stack *s)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd, ok;

	if ((size_t)snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s",
	    s->state, STATE_ISSUERD_SOCK) >= sizeof(sun.sun_path))
		return 0;
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return 0;
	ok = connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0;
	close(fd);
	return ok;
}

/* Up when its log says it listens (a probe connection would be a
 * session of its own). */
static int
wan_sshd_up(const struct wan_stack *s)
{
	char path[256], line[1024], want[64];
	FILE *f;
	int up = 0;

	snprintf(path, sizeof(path), "%s/%s", s->state, STATE_SSHD_LOG);
	snprintf(want, sizeof(want), "listening on 127.0.0.1:%d ", s->port);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (!up && fgets(line, sizeof(line), f) != NULL)
		up = strstr(line, want) != NULL;
	fclose(f);
	return up;
}

static int
wan_free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd == -1)
		return -1;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

static int
wan_daemons(struct wan_stack *s)
{
	char issuerd[sizeof(s->build) + 32], sshd[sizeof(s->build) + 32];
	char logf[256], listen[32];
	char *iargv[] = { issuerd, "--state", s->state, "--log", logf, NULL };
	char *sargv[] = { sshd, "--state", s->state, "--listen", listen, NULL };

	snprintf(issuerd, sizeof(issuerd), "%s/madoguchi-issuerd", s->build);
	snprintf(sshd, sizeof(sshd), "%s/madoguchi-sshd", s->build);
	snprintf(logf, sizeof(logf), "%s/%s", s->state, STATE_ISSUERD_LOG);
	s->issuerd = wan_spawn(iargv);
	if (s->issuerd <= 0 || !wan_poll(wan_issuerd_up, s, 10000)) {
		fprintf(stderr, "bench-wan: madoguchi-issuerd did not start "
		    "(%s)\n", logf);
		return -1;
	}
	if ((s->port = wan_free_port()) == -1)
		return -1;
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", s->port);
	s->sshd = wan_spawn(sargv);
	if (s->sshd <= 0 || !wan_poll(wan_sshd_up, s, 10000)) {
		fprintf(stderr, "bench-wan: madoguchi-sshd did not start "
		    "(%s/%s)\n", s->state, STATE_SSHD_LOG);
		return -1;
	}
	return 0;
}

int
wan_stack_start(struct wan_stack *s)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "/tmp/madoguchi-wan-XXXXXX");
	if (wan_paths(s) == -1 || mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "bench-wan: no source tree or temp dir\n");
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->state, sizeof(s->state), "%s/st", s->dir);
	snprintf(s->key, sizeof(s->key), "%s/%s", s->state, STATE_DEMO_KEY);
	if (wan_system("'%s/madoguchi' init --demo '%s' >'%s/init.out' 2>&1",
	    s->build, s->state, s->dir) != 0) {
		fprintf(stderr, "bench-wan: madoguchi init --demo failed "
		    "(%s/init.out)\n", s->dir);
		return -1;
	}
	s->stack_up = 1;
	if (wan_system("BUILD='%s' sh '%s/contrib/card-stack.sh' start '%s' "
	    ">'%s/stack.out' 2>&1", s->build, s->top, s->state, s->dir) != 0) {
		fprintf(stderr, "bench-wan: the card stack did not start "
		    "(%s/stack.out)\n", s->dir);
		return -1;
	}
	return wan_daemons(s);
}

static void
wan_stop_pid(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	waitpid(*pid, NULL, 0);
	*pid = 0;
}

void
wan_stack_stop(struct wan_stack *s)
{
	wan_stop_pid(&s->sshd);
	wan_stop_pid(&s->issuerd);
	if (s->stack_up)
		wan_system("BUILD='%s' sh '%s/contrib/card-stack.sh' stop '%s' "
		    ">>'%s/stack.out' 2>&1", s->build, s->top, s->state,
		    s->dir);
	s->stack_up = 0;
	if (s->dir[0] != '\0' && getenv("BENCH_WAN_KEEP") == NULL)
		wan_system("rm -rf '%s'", s->dir);
	else if (s->dir[0] != '\0')
		fprintf(stderr, "bench-wan: kept %s\n", s->dir);
	s->dir[0] = '\0';
}

static int
wan_first_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/* The demo holder's record; 0, or -1. */
static int
wan_person(struct store *st, struct store_person *p)
{
	struct store_person_query q = { .kana = WAN_KANA };
	int64_t id = 0;

	store_person_search(st, &q, wan_first_cb, &id);
	return id > 0 && store_person_get(st, id, p) == 0 ? 0 : -1;
}

/* Her first issuance as the rules accept it: both certs, at the citizens'
 * window, a driver's licence (list A), the card checked (chk). */
static void
wan_first_case(struct rules_case *c, const struct store_person *p,
    const struct proc_card_check *chk)
{
	static const struct rules_document licence = { RULES_LIST_A, 1, true,
	    true };
	char today[11];

	rules_case_init(c);
	c->procedure = RULES_PROC_ISSUE;
	c->reg = RULES_REG_RESIDENT;
	util_today(today);
	era_parse_iso(today, &c->date);
	era_parse_iso(p->birth_date, &c->birth_date);
	c->window = RULES_WIN_CITIZENS;
	c->certs = RULES_CERT_SIGNATURE | RULES_CERT_USER;
	c->n_documents = 1;
	c->documents[0] = licence;
	c->has_card = true;
	c->card.registry_match = chk->registry_match;
	c->card.status_ok = chk->status_ok;
	c->card.pin_verified = chk->pin_verified;
	c->card.face_data_matches = true;
}

/* Card check, application and issuance through proc with an open ctx. */
static int
wan_first_run(struct proc_ctx *pc, struct store *st, char *msg, size_t size)
{
	struct proc_pins pins = { "1234", "ABC123", "1234" };
	struct proc_card_check chk;
	struct store_person p;
	struct store_clerk clerk;
	struct store_app app;
	struct rules_case c;
	char today[11];

	if (wan_person(st, &p) == -1 ||
	    store_clerk_by_login(st, "demo", &clerk) != 0) {
		snprintf(msg, size, "no demo person or clerk");
		return -1;
	}
	util_today(today);
	if (proc_card_check(pc, &p, PROC_ROUTE_SUPPORT, "1234", "1234", today,
	    &chk, msg, size) != PROC_OK)
		return -1;
	wan_first_case(&c, &p, &chk);
	if (proc_app_save(pc, &p, clerk.id, &c, &chk, NULL, "accepted", &app,
	    msg, size) == -1)
		return -1;
	return proc_issue(pc, app.id, WAN_FIRST_EXPIRY, &pins, msg, size) ==
	    PROC_OK ? 0 : -1;
}

int
wan_stack_first_issue(struct wan_stack *s)
{
	struct proc_ctx pc;
	struct store *st;
	char msg[512], logf[256];
	int rc = -1;

	/* proc's progress lines to a file, not amid the figures. */
	snprintf(logf, sizeof(logf), "%s/bench.log", s->dir);
	log_init("bench-wan", LOG_LEVEL_WARN);
	log_open_file(logf);
	if ((st = store_open(s->state, 0, msg, sizeof(msg))) == NULL) {
		fprintf(stderr, "bench-wan: %s\n", msg);
		return -1;
	}
	if (proc_ctx_open(&pc, st, s->state, "demo", msg, sizeof(msg)) == 0) {
		rc = wan_first_run(&pc, st, msg, sizeof(msg));
		proc_ctx_close(&pc);
	}
	if (rc == -1)
		fprintf(stderr, "bench-wan: the first issuance failed: %s\n",
		    msg);
	store_close(st);
	return rc;
}

static int
wan_last_app_cb(const struct store_app *a, void *arg)
{
	struct store_app *last = arg;

	if (a->id > last->id)
		*last = *a;
	return 0;
}

int
wan_stack_last_app(const struct wan_stack *s, char *state, size_t ssize,
    char *expiry, size_t esize, int64_t *id)
{
	struct store_person p;
	struct store_app app = { 0 };
	struct store_card card;
	struct store *st;
	char err[256];
	int rc = -1;

	if ((st = store_open(s->state, 0, err, sizeof(err))) == NULL)
		return -1;
	if (wan_person(st, &p) == 0 &&
	    store_app_foreach(st, p.id, wan_last_app_cb, &app) >= 0 &&
	    store_card_by_no(st, WAN_CARD_NO, &card) == 0) {
		snprintf(state, ssize, "%s", app.state);
		snprintf(expiry, esize, "%s", card.expires_on);
		*id = app.id;
		rc = 0;
	}
	store_close(st);
	return rc;
}
