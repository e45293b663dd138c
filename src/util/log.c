/*
 * Logging for every process: a fixed prefix (process name and pid), an
 * optional context set after login ("session=.. clerk=.."), and a level.
 * Lines are written with one write(2) so concurrent processes do not interleave.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/util.h"

static char log_proc[32] = "madoguchi";
static char log_ctx[128];
static enum log_level log_level = LOG_LEVEL_INFO;
static int log_fd = 2;

void
log_init(const char *proc, enum log_level level)
{
	const char *env = getenv("MADOGUCHI_DEBUG");

	strlcpy_m(log_proc, proc, sizeof(log_proc));
	log_level = level;
	if (env != NULL && *env != '\0' && *env != '0')
		log_level = LOG_LEVEL_DEBUG;
}

void
log_set_context(const char *fmt, ...)
{
	va_list ap;

	if (fmt == NULL) {
		log_ctx[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	vsnprintf(log_ctx, sizeof(log_ctx), fmt, ap);
	va_end(ap);
}

int
log_open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd == -1)
		return -1;
	if (log_fd > 2)
		close(log_fd);
	log_fd = fd;
	return 0;
}

static void
log_vwrite(const char *fmt, va_list ap, const char *suffix)
{
	char line[1024];
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	int n, m;
	size_t i;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s[%ld]: %s%s", stamp, log_proc,
	    (long)getpid(), log_ctx, log_ctx[0] != '\0' ? " " : "");
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n >= sizeof(line) - 64)
		n = sizeof(line) - 64;
	if (suffix != NULL)
		n += snprintf(line + n, sizeof(line) - n, ": %s", suffix);
	/* Never let a logged string steer the reader's terminal. */
	for (i = 0; i < (size_t)n; i++)
		if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
			line[i] = '?';
	line[n++] = '\n';
	(void)!write(log_fd, line, n);
}

#define LOG_BODY(lvl, suffix) do {			\
	va_list ap;					\
	if (log_level < (lvl))				\
		return;					\
	va_start(ap, fmt);				\
	log_vwrite(fmt, ap, suffix);			\
	va_end(ap);					\
} while (0)

void
log_warn(const char *fmt, ...)
{
	const char *err = strerror(errno);

	LOG_BODY(LOG_LEVEL_WARN, err);
}

void
log_warnx(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_WARN, NULL);
}

void
log_info(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_INFO, NULL);
}

void
log_debug(const char *fmt, ...)
{
	LOG_BODY(LOG_LEVEL_DEBUG, NULL);
}

void
fatal(const char *fmt, ...)
{
	const char *err = strerror(errno);
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(fmt, ap, err);
	va_end(ap);
	abort();
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(fmt, ap, NULL);
	va_end(ap);
	abort();
}
