/*
 * The shared main of every CUnit test program and the helpers of testlib.h.
 * TEST_ONLY=substring runs only the suites whose name contains it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include "testlib.h"

static struct test_suite *suites, **suites_tail = &suites;

void
test_suite_add(struct test_suite *s)
{
	*suites_tail = s;
	suites_tail = &s->next;
}

const char *
test_build_dir(void)
{
	const char *b = getenv("BUILD");

	return b != NULL && *b != '\0' ? b : "build";
}

const char *
test_top_dir(void)
{
	static char top[4096];

	if (top[0] == '\0' && getcwd(top, sizeof(top)) == NULL)
		strcpy(top, ".");
	return top;
}

const char *
test_prog(const char *name)
{
	static char path[4096];
	const char *b = test_build_dir();

	if (b[0] == '/')
		snprintf(path, sizeof(path), "%s/%s", b, name);
	else
		snprintf(path, sizeof(path), "%s/%s/%s", test_top_dir(), b,
		    name);
	return path;
}

char *
test_mkdtemp(const char *tag)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	if (asprintf(&path, "%s/madoguchi-%s-XXXXXX", tmp, tag) == -1)
		abort();
	if (mkdtemp(path) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return path;
}

void
test_rmtree(const char *path)
{
	if (path == NULL || strstr(path, "madoguchi-") == NULL)
		return;
	test_system("rm -rf '%s'", path);
}

int
test_system(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int st;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) == -1)
		abort();
	va_end(ap);
	st = system(cmd);
	free(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

char *
test_output(int *status, const char *fmt, ...)
{
	va_list ap;
	char *cmd, *buf = NULL;
	size_t len = 0, cap = 0;
	FILE *f;
	int st;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) == -1)
		abort();
	va_end(ap);
	f = popen(cmd, "r");
	free(cmd);
	if (f == NULL)
		abort();
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap * 2 + 8192;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		size_t n = fread(buf + len, 1, cap - len - 1, f);
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	st = pclose(f);
	if (status != NULL)
		*status = st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf;
}

int
test_free_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, port;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1) {
		perror("test_free_port");
		abort();
	}
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

int
test_wait(int (*cond)(void *), void *arg, int ms)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	struct timespec start, now;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (cond(arg))
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 +
		    (now.tv_nsec - start.tv_nsec) / 1000000 >= ms)
			return cond(arg);
		nanosleep(&ts, NULL);
	}
}

char *
test_unix_line(const char *path, const char *line)
{
	struct sockaddr_un sun;
	struct pollfd pfd;
	char *buf = NULL, *nl;
	size_t len = 0, cap = 0, n = strlen(line);
	ssize_t r;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path) ||
	    (fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return NULL;
	memcpy(sun.sun_path, path, strlen(path));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    send(fd, line, n, MSG_NOSIGNAL) != (ssize_t)n ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1)
		goto fail;
	pfd.fd = fd;
	pfd.events = POLLIN;
	/* The emulator answers at once; 10 s only bound a hung one. */
	for (;;) {
		if (len > 0 && (nl = memchr(buf, '\n', len)) != NULL)
			break;
		if (len + 512 > cap) {
			char *more = realloc(buf, len + 4096);
			if (more == NULL)
				goto fail;
			buf = more;
			cap = len + 4096;
		}
		if (poll(&pfd, 1, 10000) != 1 || (r = read(fd, buf + len,
		    cap - len)) <= 0)
			goto fail;
		len += (size_t)r;
	}
	*nl = '\0';
	close(fd);
	return buf;
fail:
	free(buf);
	close(fd);
	return NULL;
}

int
test_vcard_pad_keys(const char *admin, const char *const entries[], size_t n)
{
	char line[1024], *answer;
	size_t i, k;
	int ok;

	k = (size_t)snprintf(line, sizeof(line), "{\"op\":\"pad_keys\","
	    "\"entries\":[");
	for (i = 0; i < n; i++) {
		/* Keys of a pad: nothing JSON would have to escape. */
		if (strpbrk(entries[i], "\"\\") != NULL ||
		    k + strlen(entries[i]) + 8 > sizeof(line))
			return -1;
		k += (size_t)snprintf(line + k, sizeof(line) - k, "%s\"%s\"",
		    i > 0 ? "," : "", entries[i]);
	}
	snprintf(line + k, sizeof(line) - k, "]}");
	if ((answer = test_unix_line(admin, line)) == NULL)
		return -1;
	ok = strstr(answer, "\"ok\":true") != NULL;
	free(answer);
	return ok ? 0 : -1;
}

int
main(int argc, char **argv)
{
	const char *only = getenv("TEST_ONLY");
	struct test_suite *s;
	unsigned fails;

	(void)argc;
	(void)argv;
	(void)test_top_dir();
	/* The test switches (MADOGUCHI_TODAY, ...) are honoured only with
	 * this set; every program and server a test starts inherits it. */
	setenv("MADOGUCHI_TESTING", "1", 1);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (s = suites; s != NULL; s = s->next) {
		CU_pSuite cs;
		CU_TestInfo *t;

		if (only != NULL && *only != '\0' && strstr(s->name, only) == NULL)
			continue;
		cs = CU_add_suite(s->name, s->init, s->cleanup);
		if (cs == NULL)
			return 2;
		for (t = s->tests; t->pName != NULL; t++)
			if (CU_add_test(cs, t->pName, t->pTestFunc) == NULL)
				return 2;
	}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return fails == 0 ? 0 : 1;
}
