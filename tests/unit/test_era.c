/* 和暦 dates: formatting, the clerk's input forms, ages on a given day. */
#include <stdio.h>
#include <string.h>

#include "madoguchi/era.h"
#include "testlib.h"

static void
fmt(int y, int m, int d, const char *want)
{
	struct era_date dt = { y, m, d };
	char buf[64];

	CU_ASSERT_EQUAL(era_format_wareki(&dt, buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

static void
test_format(void)
{
	fmt(2026, 11, 25, "令和8年11月25日");
	fmt(2019, 5, 1, "令和元年5月1日");
	fmt(2019, 4, 30, "平成31年4月30日");
	fmt(1989, 1, 8, "平成元年1月8日");
	fmt(1989, 1, 7, "昭和64年1月7日");
	fmt(1926, 12, 25, "昭和元年12月25日");
	fmt(1926, 12, 24, "大正15年12月24日");
}

static void
parses(const char *in, int y, int m, int d)
{
	struct era_date dt;

	CU_ASSERT_EQUAL_FATAL(era_parse_input(in, &dt), 0);
	CU_ASSERT_EQUAL(dt.y, y);
	CU_ASSERT_EQUAL(dt.m, m);
	CU_ASSERT_EQUAL(dt.d, d);
}

static void
test_parse(void)
{
	struct era_date dt;

	parses("令和8年11月25日", 2026, 11, 25);
	parses("令和元年5月1日", 2019, 5, 1);
	parses("R8.11.25", 2026, 11, 25);
	parses("h1.1.8", 1989, 1, 8);
	parses("Ｓ５０．１．１", 1975, 1, 1);	/* full-width input */
	parses("2026-11-25", 2026, 11, 25);
	parses("2026/1/5", 2026, 1, 5);
	parses("20240229", 2024, 2, 29);
	parses("２０２６年１１月２５日", 2026, 11, 25);
	CU_ASSERT_EQUAL(era_parse_input("平成32年1月1日", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("令和元年4月30日", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("20230229", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("2026-13-01", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("R8.11", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("", &dt), -1);
	CU_ASSERT_EQUAL(era_parse_input("\x1b[2J", &dt), -1);
}

/* The dates a search input can mean, as ISO dates joined by spaces. */
static void
cands(const char *in, const char *want)
{
	struct era_date out[ERA_CANDIDATES_MAX], today = { 2026, 11, 25 };
	char got[128] = "", iso[11];
	int i, n;

	n = era_parse_candidates(in, &today, out, ERA_CANDIDATES_MAX);
	for (i = 0; i < n; i++) {
		era_format_iso(&out[i], iso);
		if (i > 0)
			strcat(got, " ");
		strcat(got, iso);
	}
	CU_ASSERT_STRING_EQUAL(got, want);
	if (strcmp(got, want) != 0)
		fprintf(stderr, "candidates(%s) = %s, want %s\n", in, got, want);
}

static void
test_candidates(void)
{
	struct era_date out[2];

	/* Every form a clerk writes 昭和61年2月3日 in. */
	cands("S610203", "1986-02-03");
	cands("s610203", "1986-02-03");
	cands("昭和610203", "1986-02-03");
	cands("s61.2.3", "1986-02-03");
	cands("S61/2/3", "1986-02-03");
	cands("S61-2-3", "1986-02-03");
	cands("昭和61年2月3日", "1986-02-03");
	cands("Ｓ６１．２．３", "1986-02-03");
	cands("1986/2/3", "1986-02-03");
	cands("1986-02-03", "1986-02-03");
	cands("1986.2.3", "1986-02-03");
	cands("19860203", "1986-02-03");
	cands("1986年2月3日", "1986-02-03");
	cands("3610203", "1986-02-03");		/* era code 3: 昭和 */
	cands("R8.1.2", "2026-01-02");
	cands("r080102", "2026-01-02");
	cands("5080102", "2026-01-02");
	cands("H1.1.8", "1989-01-08");
	cands("平成元年1月8日", "1989-01-08");
	/* Without an era: each era where it is a date, none after today. */
	cands("61.2.3", "1986-02-03");
	cands("61/2/3", "1986-02-03");
	cands("61年2月3日", "1986-02-03");
	cands("610203", "1986-02-03");
	cands("2.3.4", "2020-03-04 1990-03-04 1927-03-04 1913-03-04 1869-03-04");
	cands("8.11.25", "2026-11-25 1996-11-25 1933-11-25 1919-11-25 1875-11-25");
	cands("8.11.26", "1996-11-26 1933-11-26 1919-11-26 1875-11-26");
	cands("31.4.30", "2019-04-30 1956-04-30 1898-04-30");
	cands("64.1.7", "1989-01-07");
	cands("64.1.8", "");	/* 昭和64年 ended on 1月7日 */
	cands("1.5.1", "2019-05-01 1989-05-01 1868-05-01");
	cands("1.1.7", "");	/* before the first day of every era */
	/* Not dates. */
	cands("S611303", "");
	cands("S61023", "");
	cands("6610203", "");
	cands("H32.1.1", "");
	cands("61.2", "");
	cands("61.2/3", "");
	cands("123.1.1", "");
	cands("", "");
	cands("\x1b[2J", "");
	cands("\xff\xfe" "61.2.3", "");
	CU_ASSERT_EQUAL(era_parse_candidates(NULL, NULL, out, 2), 0);
	/* max bounds what is written. */
	CU_ASSERT_EQUAL(era_parse_candidates("2.3.4", NULL, out, 2), 2);
}

static int
age(const char *b, const char *on)
{
	struct era_date bd, od;

	if (era_parse_iso(b, &bd) != 0 || era_parse_iso(on, &od) != 0)
		return -99;
	return era_age_on(&bd, &od);
}

static void
test_age(void)
{
	CU_ASSERT_EQUAL(age("2011-05-01", "2026-04-30"), 14);
	CU_ASSERT_EQUAL(age("2011-05-01", "2026-05-01"), 15);
	CU_ASSERT_EQUAL(age("2008-02-29", "2023-02-28"), 14);
	CU_ASSERT_EQUAL(age("2008-02-29", "2023-03-01"), 15);
	CU_ASSERT_EQUAL(age("2008-02-29", "2024-02-28"), 15);
	CU_ASSERT_EQUAL(age("2008-02-29", "2024-02-29"), 16);
	CU_ASSERT_EQUAL(age("2025-11-26", "2026-11-25"), 0);
}

static void
time_is(const char *at, int flags, int rc, const char *want)
{
	char buf[64];

	CU_ASSERT_EQUAL(era_format_time(at, flags, buf, sizeof(buf)), rc);
	CU_ASSERT_STRING_EQUAL(buf, want);
}

/* Stored UTC times shown in Japan time, the day moving at 15:00 UTC. */
static void
test_time(void)
{
	time_is("2026-12-01T06:36:01Z", 0, 0, "令和8年12月1日 15:36");
	time_is("2026-12-01T06:36:01Z", ERA_TIME_SHORT, 0, "R8.12.1 15:36");
	time_is("2026-11-30T14:59:59Z", 0, 0, "令和8年11月30日 23:59");
	time_is("2026-11-30T15:00:00Z", 0, 0, "令和8年12月1日 0:00");
	time_is("2026-12-31T15:00:00Z", 0, 0, "令和9年1月1日 0:00");
	time_is("2024-02-28T16:05:00Z", 0, 0, "令和6年2月29日 1:05");
	time_is("2019-04-30T15:00:00Z", 0, 0, "令和元年5月1日 0:00");
	time_is("2026-12-01 06:36:01", 0, 0, "令和8年12月1日 15:36");
	time_is("2026-11-30T15:00:00Z", ERA_TIME_SHORT | ERA_TIME_DATE, 0,
	    "R8.12.1");
	time_is("2026-11-30T14:59:00Z", ERA_TIME_DATE, 0, "令和8年11月30日");
	time_is("2026-12-01T06:36:01Z", ERA_TIME_SECONDS, 0,
	    "令和8年12月1日 15:36:01");
	time_is("2026-12-01T06:36Z", 0, -1, "2026-12-01T06:36Z");
	time_is("2026-12-01T24:00:00Z", 0, -1, "2026-12-01T24:00:00Z");
	time_is("2026-02-30T01:00:00Z", 0, -1, "2026-02-30T01:00:00Z");
	time_is("2026-12-01T06:36:01+09", 0, -1, "2026-12-01T06:36:01+09");
	time_is("2026-12-01", 0, -1, "2026-12-01");
	time_is("", 0, -1, "");
	time_is(NULL, 0, -1, "");
}

static CU_TestInfo era_tests[] = {
	{ "time in JST, 和暦", test_time },
	{ "format 和暦", test_format },
	{ "parse clerk input", test_parse },
	{ "age on a day", test_age },
	{ "search input: every date it can mean", test_candidates },
	CU_TEST_INFO_NULL
};
TEST_SUITE(era, "util.era", era_tests)
