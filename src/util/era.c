/*
 * Japanese eras as a const table, newest first; each row says the first day
 * of the era. Input parsing folds full-width digits and punctuation to ASCII
 * first, then tries the era forms and the Gregorian forms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"

struct era {
	const char	*name;	/* 令和 */
	char		 letter;	/* R */
	int		 y, m, d;	/* first day */
};

static const struct era era_table[] = {
	{ "令和", 'R', 2019, 5, 1 },
	{ "平成", 'H', 1989, 1, 8 },
	{ "昭和", 'S', 1926, 12, 25 },
	{ "大正", 'T', 1912, 7, 30 },
	{ "明治", 'M', 1868, 1, 25 },
};

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

int
era_valid(int y, int m, int d)
{
	if (y < 1868 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

static int
date_cmp(int y1, int m1, int d1, int y2, int m2, int d2)
{
	if (y1 != y2)
		return y1 < y2 ? -1 : 1;
	if (m1 != m2)
		return m1 < m2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return 0;
}

static const struct era *
era_of(const struct era_date *dt)
{
	size_t i;

	for (i = 0; i < nitems(era_table); i++) {
		const struct era *e = &era_table[i];
		if (date_cmp(dt->y, dt->m, dt->d, e->y, e->m, e->d) >= 0)
			return e;
	}
	return NULL;
}

int
era_parse_iso(const char *s, struct era_date *out)
{
	int i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	out->y = atoi(s);
	out->m = atoi(s + 5);
	out->d = atoi(s + 8);
	return era_valid(out->y, out->m, out->d) ? 0 : -1;
}

void
era_format_iso(const struct era_date *dt, char buf[11])
{
	unsigned y = (unsigned)dt->y % 10000, m = (unsigned)dt->m % 100,
	    d = (unsigned)dt->d % 100;

	snprintf(buf, 11, "%04u-%02u-%02u", y, m, d);
}

/* Fold full-width ASCII (U+FF01..U+FF5E) to ASCII, drop spaces; the era
 * names and 年月日 are kept as UTF-8. */
static void
fold_input(const char *s, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;

	while (*p != '\0' && n + 4 < size) {
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2] != 0) {
			unsigned cp = ((p[0] & 0x0f) << 12) | ((p[1] & 0x3f) << 6) |
			    (p[2] & 0x3f);
			if (cp >= 0xff01 && cp <= 0xff5e) {
				out[n++] = (char)(cp - 0xff01 + 0x21);
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {	/* U+3000 */
			p += 3;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		out[n++] = (char)*p++;
	}
	out[n] = '\0';
}

/* Read digits at *pp into *val; returns the count read. */
static int
read_num(const char **pp, int *val)
{
	const char *p = *pp;
	int n = 0, v = 0;

	while (*p >= '0' && *p <= '9' && n < 8) {
		v = v * 10 + (*p - '0');
		p++;
		n++;
	}
	*pp = p;
	*val = v;
	return n;
}

static int
parse_wareki(const char *s, struct era_date *out)
{
	const struct era *e = NULL;
	const char *p = s;
	int ey, m, d, sep_kanji;
	size_t i;

	for (i = 0; i < nitems(era_table); i++) {
		size_t len = strlen(era_table[i].name);
		if (strncmp(p, era_table[i].name, len) == 0) {
			e = &era_table[i];
			p += len;
			break;
		}
		if (*p == era_table[i].letter ||
		    *p == era_table[i].letter + ('a' - 'A')) {
			e = &era_table[i];
			p++;
			break;
		}
	}
	if (e == NULL)
		return -1;
	if (strncmp(p, "元", 3) == 0) {
		ey = 1;
		p += 3;
	} else if (read_num(&p, &ey) == 0)
		return -1;
	sep_kanji = strncmp(p, "年", 3) == 0;
	if (sep_kanji)
		p += 3;
	else if (*p == '.' || *p == '/' || *p == '-')
		p++;
	else
		return -1;
	if (read_num(&p, &m) == 0)
		return -1;
	if (sep_kanji) {
		if (strncmp(p, "月", 3) != 0)
			return -1;
		p += 3;
	} else if (*p == '.' || *p == '/' || *p == '-')
		p++;
	else
		return -1;
	if (read_num(&p, &d) == 0)
		return -1;
	if (sep_kanji) {
		if (strncmp(p, "日", 3) != 0)
			return -1;
		p += 3;
	}
	if (*p != '\0' || ey < 1)
		return -1;
	out->y = e->y + ey - 1;
	out->m = m;
	out->d = d;
	if (!era_valid(out->y, m, d))
		return -1;
	/* The date must lie in the era named: 平成32年 is not a date. */
	if (date_cmp(out->y, m, d, e->y, e->m, e->d) < 0 || era_of(out) != e)
		return -1;
	return 0;
}

static int
parse_seireki(const char *s, struct era_date *out)
{
	const char *p = s;
	int y, m, d, n;

	n = read_num(&p, &y);
	if (n == 8 && *p == '\0') {
		out->y = y / 10000;
		out->m = y / 100 % 100;
		out->d = y % 100;
		return era_valid(out->y, out->m, out->d) ? 0 : -1;
	}
	if (n != 4)
		return -1;
	if (strncmp(p, "年", 3) == 0) {
		p += 3;
		if (read_num(&p, &m) == 0 || strncmp(p, "月", 3) != 0)
			return -1;
		p += 3;
		if (read_num(&p, &d) == 0 || strncmp(p, "日", 3) != 0)
			return -1;
		p += 3;
	} else {
		char sep = *p;
		if (sep != '-' && sep != '/' && sep != '.')
			return -1;
		p++;
		if (read_num(&p, &m) == 0 || *p != sep)
			return -1;
		p++;
		if (read_num(&p, &d) == 0)
			return -1;
	}
	if (*p != '\0')
		return -1;
	out->y = y;
	out->m = m;
	out->d = d;
	return era_valid(y, m, d) ? 0 : -1;
}

int
era_parse_input(const char *s, struct era_date *out)
{
	char buf[128];

	if (s == NULL)
		return -1;
	fold_input(s, buf, sizeof(buf));
	if (buf[0] >= '0' && buf[0] <= '9')
		return parse_seireki(buf, out);
	return parse_wareki(buf, out);
}

/*
 * The forms of era_parse_candidates that era_parse_input does not read:
 * an era (name or letter) then six digits (S610203), a 7-digit era code
 * date (3610203: 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和, as registry
 * systems print them), and a year of one or two digits without an era
 * (61.2.3, 61/2/3, 61年2月3日, 610203), which any era may be meant by.
 */
static const char era_code_letters[] = "MTSHR";

static int
era_before(const struct era_date *a, const struct era_date *b)
{
	return b != NULL && date_cmp(a->y, a->m, a->d, b->y, b->m, b->d) > 0;
}

/* y, m, d of an era-less input into *y, *m, *d; 1 if it is one. */
static int
era_split_bare(const char *p, int *y, int *m, int *d)
{
	const char *q = p;
	int n, v;

	if ((n = read_num(&q, &v)) == 6 && *q == '\0') {
		*y = v / 10000, *m = v / 100 % 100, *d = v % 100;
		return 1;
	}
	if (n < 1 || n > 2)
		return 0;
	*y = v;
	if (strncmp(q, "年", 3) == 0) {
		q += 3;
		if (read_num(&q, m) == 0 || strncmp(q, "月", 3) != 0)
			return 0;
		q += 3;
		if (read_num(&q, d) == 0 || strncmp(q, "日", 3) != 0)
			return 0;
		return q[3] == '\0';
	}
	if (*q != '.' && *q != '/' && *q != '-')
		return 0;
	n = *q++;
	if (read_num(&q, m) == 0 || *q++ != n || read_num(&q, d) == 0)
		return 0;
	return *q == '\0';
}

/* The era's date for era year y; 0, or -1 if it is not one. */
static int
era_try(const struct era *e, int y, int m, int d, struct era_date *out)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%c%d.%d.%d", e->letter, y, m, d);
	return parse_wareki(buf, out);
}

int
era_parse_candidates(const char *s, const struct era_date *today,
    struct era_date *out, int max)
{
	const char *p, *code;
	char buf[128];
	int y, m, d, v, n = 0;
	size_t i;

	if (s == NULL || max < 1)
		return 0;
	fold_input(s, buf, sizeof(buf));
	if (era_parse_input(buf, out) == 0)
		return 1;
	p = buf;
	if (read_num(&p, &v) == 7 && *p == '\0' && v / 1000000 >= 1 &&
	    v / 1000000 <= 5) {
		code = &era_code_letters[v / 1000000 - 1];
		snprintf(buf, sizeof(buf), "%c%d.%d.%d", *code, v / 10000 % 100,
		    v / 100 % 100, v % 100);
		return parse_wareki(buf, out) == 0 ? 1 : 0;
	}
	for (i = 0; i < nitems(era_table); i++) {
		const struct era *e = &era_table[i];
		size_t len = strlen(e->name);

		p = buf;
		if (strncmp(p, e->name, len) == 0)
			p += len;
		else if (*p == e->letter || *p == e->letter + ('a' - 'A'))
			p++;
		else
			continue;
		if (read_num(&p, &v) != 6 || *p != '\0')
			return 0;
		return era_try(e, v / 10000, v / 100 % 100, v % 100, out) == 0;
	}
	if (!era_split_bare(buf, &y, &m, &d))
		return 0;
	/* Every era the year can be of; none after today. */
	for (i = 0; i < nitems(era_table) && n < max; i++)
		if (era_try(&era_table[i], y, m, d, &out[n]) == 0 &&
		    !era_before(&out[n], today))
			n++;
	return n;
}

int
era_format_wareki(const struct era_date *dt, char *buf, size_t size)
{
	const struct era *e = era_of(dt);
	int ey, n;

	if (e == NULL)
		return -1;
	ey = dt->y - e->y + 1;
	if (ey == 1)
		n = snprintf(buf, size, "%s元年%d月%d日", e->name, dt->m, dt->d);
	else
		n = snprintf(buf, size, "%s%d年%d月%d日", e->name, ey, dt->m,
		    dt->d);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
era_format_short(const struct era_date *dt, char *buf, size_t size)
{
	const struct era *e = era_of(dt);
	int n;

	if (e == NULL)
		return -1;
	n = snprintf(buf, size, "%c%d.%d.%d", e->letter, dt->y - e->y + 1,
	    dt->m, dt->d);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
era_age_on(const struct era_date *birth, const struct era_date *on)
{
	int age = on->y - birth->y;

	/*
	 * Japanese law counts a year complete at the end of the day before the
	 * birthday; for everyday age that means the birthday itself, and a
	 * 29 February birthday falls on 1 March in a common year.
	 */
	if (birth->m == 2 && birth->d == 29 && !is_leap(on->y)) {
		if (on->m < 3)
			age--;
	} else if (on->m < birth->m || (on->m == birth->m && on->d < birth->d))
		age--;
	return age;
}

int
era_weekday(const struct era_date *dt)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	int y = dt->y - (dt->m < 3);

	return (y + y / 4 - y / 100 + y / 400 + t[dt->m - 1] + dt->d) % 7;
}

/* Two ASCII digits at s, or -1. */
static int
era_2digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "YYYY-MM-DDTHH:MM:SSZ" (or without the seconds' Z, or with a blank for
 * the T, as SQLite's datetime() writes) into a date and hour/minute. */
static int
era_parse_stamp(const char *at, struct era_date *dt, int *hh, int *mm,
    int *ss)
{
	char day[11];
	size_t n = strlen(at);

	if (n < 16 || (at[10] != 'T' && at[10] != ' ') || at[13] != ':')
		return -1;
	memcpy(day, at, 10);
	day[10] = '\0';
	if (era_parse_iso(day, dt) == -1)
		return -1;
	*hh = era_2digits(at + 11);
	*mm = era_2digits(at + 14);
	if (*hh < 0 || *hh > 23 || *mm < 0 || *mm > 59)
		return -1;
	/* Seconds and a Z may follow; anything else is not ours. */
	if (n > 16 && (at[16] != ':' || n < 19 || era_2digits(at + 17) < 0 ||
	    era_2digits(at + 17) > 60 || (n > 19 &&
	    strcmp(at + 19, "Z") != 0)))
		return -1;
	*ss = n > 16 ? era_2digits(at + 17) : 0;
	return 0;
}

int
era_format_time(const char *at, int flags, char *buf, size_t size)
{
	struct era_date dt;
	char date[64];
	int hh, mm, ss, n;

	if (at == NULL || era_parse_stamp(at, &dt, &hh, &mm, &ss) == -1) {
		if (size > 0)
			strlcpy_m(buf, at != NULL ? at : "", size);
		return -1;
	}
	/* Japan keeps UTC+9 all year: no zone database, no TZ. */
	hh += 9;
	if (hh >= 24) {
		hh -= 24;
		if (++dt.d > days_in_month(dt.y, dt.m)) {
			dt.d = 1;
			if (++dt.m > 12) {
				dt.m = 1;
				dt.y++;
			}
		}
	}
	if ((flags & ERA_TIME_SHORT ? era_format_short(&dt, date,
	    sizeof(date)) : era_format_wareki(&dt, date, sizeof(date))) == -1) {
		if (size > 0)
			strlcpy_m(buf, at, size);
		return -1;
	}
	if (flags & ERA_TIME_DATE)
		n = snprintf(buf, size, "%s", date);
	else if (flags & ERA_TIME_SECONDS)
		n = snprintf(buf, size, "%s %d:%02d:%02d", date, hh, mm, ss);
	else
		n = snprintf(buf, size, "%s %d:%02d", date, hh, mm);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}
