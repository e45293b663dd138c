/*
 * Japanese era (和暦) dates: formatting a Gregorian date as 令和8年11月25日 and
 * reading what a clerk types, in 和暦 (令和8年11月25日, R8.11.25, 平成元年1月8日)
 * or 西暦 (2026-11-25, 2026/11/25, 20261125). Dates are plain y/m/d triples.
 */
#ifndef MADOGUCHI_ERA_H
#define MADOGUCHI_ERA_H

#include <stddef.h>

struct era_date {
	int y, m, d;
};

/* 1 if y-m-d is a real Gregorian date (1868..9999), else 0. */
int era_valid(int y, int m, int d);
/* Parse YYYY-MM-DD strictly; 0 on success, -1 otherwise. */
int era_parse_iso(const char *s, struct era_date *out);
/* Format as YYYY-MM-DD into buf (11 bytes). */
void era_format_iso(const struct era_date *dt, char buf[11]);
/* Parse a clerk's input in 和暦 or 西暦 (full-width digits accepted);
 * 0 on success, -1 if it is not a real date. */
int era_parse_input(const char *s, struct era_date *out);
/* Every date a clerk's input can mean, for searches: the forms of
 * era_parse_input, S610203 (era and YYMMDD), 3610203 (era code 1 明治 ..
 * 5 令和 and YYMMDD), and a year without an era (61.2.3, 61/2/3,
 * 61年2月3日, 610203) read in every era where it is a real date, later
 * than today in none (today NULL: no bound). Up to max dates into out,
 * newest era first; returns how many (0: not a date). */
#define ERA_CANDIDATES_MAX	8
int era_parse_candidates(const char *s, const struct era_date *today,
    struct era_date *out, int max);
/* "令和8年11月25日" (元年 for year 1) into buf; returns 0, or -1 for a date
 * before Meiji or a buffer too small. */
int era_format_wareki(const struct era_date *dt, char *buf, size_t size);
/* Short form "R8.11.25" for narrow columns. */
int era_format_short(const struct era_date *dt, char *buf, size_t size);
/* Age in whole years on the given day, Japanese reckoning (a person born on
 * 29 February turns a year older on 1 March in a common year). */
int era_age_on(const struct era_date *birth, const struct era_date *on);
/* Day of week 0=Sunday. */
int era_weekday(const struct era_date *dt);

/* A stored timestamp (UTC, "2026-12-01T06:36:01Z" as the store and the
 * audit trail write it) as clerks read it: Japan time (UTC+9 all year,
 * whatever the server's TZ), the date in 和暦: "令和8年12月1日 15:36"; with
 * ERA_TIME_SHORT "R8.12.1 15:36" for list columns, ERA_TIME_DATE the day
 * alone (in Japan: "R8.12.2" for 2026-12-01T15:00:00Z), ERA_TIME_SECONDS
 * "15:36:01". 0, or -1 when at is not such a timestamp (buf then holds at
 * as it is, cut to size). */
#define ERA_TIME_SHORT		1
#define ERA_TIME_DATE		2
#define ERA_TIME_SECONDS	4
int era_format_time(const char *at, int flags, char *buf, size_t size);

#endif
