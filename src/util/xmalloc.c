/*
 * Allocation wrappers that never return NULL, and small string helpers.
 * Running out of memory in a counter process is fatal: the clerk's work is
 * saved transaction by transaction, so aborting loses nothing acknowledged.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "madoguchi/util.h"

void *
xmalloc(size_t n)
{
	void *p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatal("%s: %zu bytes", __func__, n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("%s: %zu x %zu bytes", __func__, n, size);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		fatal("%s: overflow", __func__);
	}
	if ((q = realloc(p, n * size == 0 ? 1 : n * size)) == NULL)
		fatal("%s: %zu x %zu bytes", __func__, n, size);
	return q;
}

char *
xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		fatal("%s", __func__);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n == -1)
		fatal("%s", __func__);
	return s;
}

size_t
strlcpy_m(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

void
secure_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* Now as the wall clock in Japan: UTC+9 all year (no summer time), the
 * counter's legal time whatever TZ the server runs in. */
static void
util_japan_now(struct tm *tm)
{
	time_t now = time(NULL) + 9 * 3600;

	gmtime_r(&now, tm);
}

void
util_today(char buf[11])
{
	const char *fixed = util_test_switch("MADOGUCHI_TODAY");
	struct tm tm;

	if (fixed != NULL && strlen(fixed) == 10 && fixed[4] == '-' &&
	    fixed[7] == '-') {
		memcpy(buf, fixed, 10);
		buf[10] = '\0';
		return;
	}
	util_japan_now(&tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

void
util_now_minute(char buf[17])
{
	char day[11], real[11];
	struct tm tm;

	util_today(day);
	util_japan_now(&tm);
	strftime(real, sizeof(real), "%Y-%m-%d", &tm);
	if (strcmp(day, real) != 0) {
		snprintf(buf, 17, "%s 23:59", day);
		return;
	}
	strftime(buf, 17, "%Y-%m-%d %H:%M", &tm);
}

int64_t
util_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
