/*
 * The person search of the counter screens, answered from indexes
 * (db/0016) so that it costs about the same for ten thousand residents
 * as for ten million: kana from its start by the kana index, birth dates
 * by the birth index, parts of names and addresses by the trigram index.
 * The store plans each query itself: when more than one criterion has an
 * index, each index is asked how many it finds (at most a search's
 * worth) and the smallest answers, the others being checked on the rows
 * it gives. SQLite's planner cannot know that ヤ finds a million and
 * 1986-02-03 a hundred; the counts can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/searchkey.h"
#include "madoguchi/util.h"
#include "store_int.h"

#define SEARCH_KEY_MAX	1024

/* What answers a query: one index, or a scan when none can. */
enum search_by { SEARCH_BY_SCAN, SEARCH_BY_KANA, SEARCH_BY_BIRTH,
	SEARCH_BY_TEXT };

/* A query folded, with what each criterion binds: ?1 ?2 the kana range,
 * ?3 the name, ?4 the address, ?5 the register, ?6 the trigram index's
 * MATCH, ?7 the page, ?8 its offset, ?9 the most rows, ?10... births. */
struct search_keys {
	char	kana[SEARCH_KEY_MAX], kana_end[SEARCH_KEY_MAX + 4];
	char	name[SEARCH_KEY_MAX + 1], address[SEARCH_KEY_MAX];
	char	match[3 * SEARCH_KEY_MAX];
	char	births[ERA_CANDIDATES_MAX][11];
	int	nbirths;
	const char *register_;
	int	match_exact;	/* the MATCH alone is every criterion */
};

static size_t
search_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * The end of an address, at most n characters: what the trigram index is
 * asked for. The prefecture and city an address begins with are shared by
 * most of a registry, so their trigrams list most of it and the index
 * would read them all; the town and its numbers at the end are what tell
 * one household from another. instr() checks the whole on the rows found.
 */
#define SEARCH_ADDR_TAIL	10

/* The character after the one s points at (UTF-8). */
static const char *
search_next(const char *s)
{
	for (s++; ((unsigned char)*s & 0xc0) == 0x80; s++)
		;
	return s;
}

static const char *
search_tail(const char *s, size_t n)
{
	size_t len;

	for (len = search_chars(s); len > n; len--)
		s = search_next(s);
	return s;
}

/* Append to the MATCH expression a phrase of column col: s in double
 * quotes, each double quote in it doubled. */
static void
search_match_phrase(char *match, size_t size, const char *col, const char *s)
{
	size_t n = strlen(match);

	n += snprintf(match + n, n < size ? size - n : 0, "%s%s : \"",
	    *match != '\0' ? " AND " : "", col);
	for (; *s != '\0' && n + 3 < size; s++) {
		if (*s == '"')
			match[n++] = '"';
		match[n++] = *s;
	}
	if (n + 2 < size) {
		match[n++] = '"';
		match[n] = '\0';
	}
}

/*
 * The name as the index holds it: three characters or more anywhere in
 * a name; two from a name's start (the newline each name of name_key
 * begins with, and the two, are a trigram); one character is checked on
 * the rows another criterion finds, anywhere.
 */
static void
search_name_keys(const char *typed, struct search_keys *k)
{
	char folded[SEARCH_KEY_MAX];
	size_t n;

	searchkey_name(typed, folded, sizeof(folded));
	n = search_chars(folded);
	snprintf(k->name, sizeof(k->name), "%s%s", n == 2 ? "\n" : "", folded);
	if (n >= 2)
		search_match_phrase(k->match, sizeof(k->match), "name_key",
		    k->name);
}

static int
search_births(const struct store_person_query *q, struct search_keys *k)
{
	struct era_date dt[ERA_CANDIDATES_MAX], today;
	char td[11];
	int i;

	k->nbirths = 0;
	if (q->birth != NULL && *q->birth != '\0') {
		util_today(td);
		k->nbirths = era_parse_candidates(q->birth,
		    era_parse_iso(td, &today) == 0 ? &today : NULL, dt,
		    ERA_CANDIDATES_MAX);
		if (k->nbirths == 0)
			return 1;
		for (i = 0; i < k->nbirths; i++)
			era_format_iso(&dt[i], k->births[i]);
	} else if (q->birth_date != NULL && *q->birth_date != '\0') {
		strlcpy_m(k->births[0], q->birth_date, sizeof(k->births[0]));
		k->nbirths = 1;
	}
	return 0;
}

static int
search_typed(const char *s)
{
	return s != NULL && *s != '\0';
}

/*
 * What the trigram index is asked for an address: each trigram of its
 * tail that holds a letter (a kanji or kana of the town), each on its own.
 * Trigrams of digits and hyphens alone (3-1, -12) are in a tenth of all
 * addresses; asking for them makes the index step through their long
 * lists for every row the others find. The rows the letters find are few
 * and instr() checks the whole address on them. An address of digits only
 * is asked for whole.
 */
static void
search_address_match(struct search_keys *k)
{
	const char *tail = search_tail(k->address, SEARCH_ADDR_TAIL), *p;
	char tri[16];
	size_t len;
	int letters = 0;

	for (p = tail; search_chars(p) >= 3; p = search_next(p)) {
		const char *e = p;
		int c, letter = 0;

		for (c = 0; c < 3; c++, e = search_next(e))
			letter |= (unsigned char)*e >= 0x80;
		len = (size_t)(e - p);
		if (letter && len < sizeof(tri)) {
			memcpy(tri, p, len);
			tri[len] = '\0';
			search_match_phrase(k->match, sizeof(k->match),
			    "addr_key", tri);
			letters++;
		}
	}
	if (letters == 0)
		search_match_phrase(k->match, sizeof(k->match), "addr_key",
		    tail);
}

/* Fold q into k; 0, or 1 when a criterion can match no one. */
static int
search_keys(const struct store_person_query *q, struct search_keys *k)
{
	memset(k, 0, sizeof(*k));
	searchkey_kana(q->kana, k->kana, sizeof(k->kana));
	/* Every key beginning with kana sorts below kana and the last
	 * character there is (U+10FFFF). */
	snprintf(k->kana_end, sizeof(k->kana_end), "%s\xf4\x8f\xbf\xbf",
	    k->kana);
	search_name_keys(q->name, k);
	searchkey_address(q->address, k->address, sizeof(k->address));
	if (search_chars(k->address) >= 3)
		search_address_match(k);
	k->register_ = search_typed(q->register_) ? q->register_ : "";
	/* The trigram index answers a phrase as instr() does; it is the
	 * whole query when nothing else is asked and no name or address
	 * was cut short for it. */
	k->match_exact = k->match[0] != '\0' && k->kana[0] == '\0' &&
	    *k->register_ == '\0' && !search_typed(q->birth) &&
	    !search_typed(q->birth_date) && (k->name[0] == '\0' ||
	    search_chars(k->name) >= 3) && k->address[0] == '\0';
	if ((search_typed(q->kana) && k->kana[0] == '\0') ||
	    (search_typed(q->name) && search_chars(k->name) == 0) ||
	    (search_typed(q->address) && k->address[0] == '\0'))
		return 1;
	return search_births(q, k);
}

/* The WHERE clause: the criterion of by as its index reads it, the
 * others with the index turned off (unary +) or checked on the keys. */
static void
search_where(const struct search_keys *k, enum search_by by, char *sql,
    size_t size)
{
	size_t n;
	int i;

	n = strlcpy_m(sql, "1", size);
	if (k->kana[0] != '\0')
		n += snprintf(sql + n, size - n, by == SEARCH_BY_KANA ?
		    " AND kana_key >= ?1 AND kana_key < ?2" :
		    " AND +kana_key >= ?1 AND +kana_key < ?2");
	if (k->nbirths > 0) {
		n += snprintf(sql + n, size - n, " AND %sbirth_date IN (",
		    by == SEARCH_BY_BIRTH ? "" : "+");
		for (i = 0; i < k->nbirths; i++)
			n += snprintf(sql + n, size - n, "%s?%d", i > 0 ?
			    ", " : "", 10 + i);
		n += snprintf(sql + n, size - n, ")");
	}
	if (by == SEARCH_BY_TEXT)
		n += snprintf(sql + n, size - n, " AND id IN (SELECT rowid "
		    "FROM persons_fts WHERE persons_fts MATCH ?6)");
	if (k->name[0] != '\0')
		n += snprintf(sql + n, size - n, " AND instr(name_key, ?3) > 0");
	if (k->address[0] != '\0')
		n += snprintf(sql + n, size - n, " AND instr(addr_key, ?4) > 0");
	if (*k->register_ != '\0')
		snprintf(sql + n, size - n, " AND register = ?5");
}

static void
search_bind(sqlite3_stmt *stmt, const struct search_keys *k)
{
	int i;

	sqlite3_bind_text(stmt, 1, k->kana, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, k->kana_end, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, k->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, k->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, k->register_, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, k->match, -1, SQLITE_STATIC);
	for (i = 0; i < k->nbirths; i++)
		sqlite3_bind_text(stmt, 10 + i, k->births[i], -1,
		    SQLITE_STATIC);
}

/* A count of rows, at most max: the SELECT is "SELECT count(*) FROM
 * (inner LIMIT ?9)". -1 on error. */
static long
search_count_sql(struct store *st, const struct search_keys *k,
    const char *sql, long max)
{
	sqlite3_stmt *stmt;
	long n = -1;

	if ((stmt = store_prepare(st, sql)) == NULL)
		return -1;
	search_bind(stmt, k);
	sqlite3_bind_int64(stmt, 9, max);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		store_fail(st, "search count");
	sqlite3_finalize(stmt);
	return n;
}

/* How many the index of by alone finds, at most a search's worth and
 * one. */
static long
search_probe(struct store *st, const struct search_keys *k, enum search_by by)
{
	struct search_keys only = *k;
	char where[512], sql[768];

	if (by == SEARCH_BY_TEXT)
		return search_count_sql(st, k, "SELECT count(*) FROM (SELECT "
		    "rowid FROM persons_fts WHERE persons_fts MATCH ?6 "
		    "LIMIT ?9)", STORE_SEARCH_MAX + 1);
	/* The one criterion alone: the others emptied. */
	only.name[0] = only.address[0] = '\0';
	only.register_ = "";
	if (by == SEARCH_BY_KANA)
		only.nbirths = 0;
	else
		only.kana[0] = '\0';
	search_where(&only, by, where, sizeof(where));
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT 1 FROM "
	    "persons WHERE %s LIMIT ?9)", where);
	return search_count_sql(st, &only, sql, STORE_SEARCH_MAX + 1);
}

/* The index that answers k: the one of its criteria that finds fewest. */
static enum search_by
search_plan(struct store *st, const struct search_keys *k)
{
	enum search_by by[3], best = SEARCH_BY_SCAN;
	long n, fewest = -1;
	int i, nby = 0;

	if (k->kana[0] != '\0')
		by[nby++] = SEARCH_BY_KANA;
	if (k->nbirths > 0)
		by[nby++] = SEARCH_BY_BIRTH;
	if (k->match[0] != '\0')
		by[nby++] = SEARCH_BY_TEXT;
	if (nby <= 1)
		return nby == 1 ? by[0] : SEARCH_BY_SCAN;
	for (i = 0; i < nby; i++) {
		if ((n = search_probe(st, k, by[i])) == -1)
			return by[0];	/* answered all the same, slower */
		if (fewest == -1 || n < fewest) {
			fewest = n;
			best = by[i];
		}
	}
	return best;
}

/* The rows a search lists: the first STORE_SEARCH_MAX the index gives
 * (by kana, when the kana index answers), listed by kana. */
static sqlite3_stmt *
search_prepare(struct store *st, const struct search_keys *k,
    enum search_by by, int count)
{
	char where[512], sql[1536];

	search_where(k, by, where, sizeof(where));
	if (count)
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT 1 "
		    "FROM persons WHERE %s LIMIT ?9)", where);
	else if (by == SEARCH_BY_KANA || (by == SEARCH_BY_BIRTH &&
	    k->nbirths == 1))	/* the index is in the list's order */
		snprintf(sql, sizeof(sql), "SELECT " STORE_PERSON_COLS " FROM "
		    "persons WHERE %s ORDER BY kana_key, birth_date, id LIMIT "
		    "max(0, min(?7, ?9 - ?8)) OFFSET ?8", where);
	else
		snprintf(sql, sizeof(sql), "SELECT " STORE_PERSON_COLS " FROM "
		    "persons WHERE id IN (SELECT id FROM persons WHERE %s "
		    "LIMIT ?9) ORDER BY +kana_key, +birth_date, id LIMIT ?7 "
		    "OFFSET ?8", where);
	return store_prepare(st, sql);
}

int
store_person_search(struct store *st, const struct store_person_query *q,
    int (*cb)(const struct store_person *, void *), void *arg)
{
	struct search_keys *k = xmalloc(sizeof(*k));
	sqlite3_stmt *stmt = NULL;
	struct store_person p;
	int rc, n = 0;

	if (search_keys(q, k) == 1) {
		free(k);
		return 0;
	}
	if ((stmt = search_prepare(st, k, search_plan(st, k), 0)) == NULL) {
		free(k);
		return -1;
	}
	search_bind(stmt, k);
	sqlite3_bind_int(stmt, 7, q->limit > 0 ? q->limit : 100);
	sqlite3_bind_int(stmt, 8, q->offset > 0 ? q->offset : 0);
	sqlite3_bind_int(stmt, 9, STORE_SEARCH_MAX);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		store_person_row(stmt, &p);
		n++;
		if (cb(&p, arg) != 0)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = store_fail(st, "search");
	sqlite3_finalize(stmt);
	free(k);
	return n;
}

long
store_person_search_count(struct store *st, const struct store_person_query *q)
{
	struct search_keys *k = xmalloc(sizeof(*k));
	sqlite3_stmt *stmt;
	long n = -1;

	if (search_keys(q, k) == 1) {
		free(k);
		return 0;
	}
	if (k->match_exact) {	/* counted in the index, no row read */
		n = search_probe(st, k, SEARCH_BY_TEXT);
		free(k);
		return n;
	}
	if ((stmt = search_prepare(st, k, search_plan(st, k), 1)) != NULL) {
		search_bind(stmt, k);
		sqlite3_bind_int64(stmt, 9, STORE_SEARCH_MAX + 1);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int64(stmt, 0);
		else
			store_fail(st, "search count");
		sqlite3_finalize(stmt);
	}
	free(k);
	return n;
}

int
store_person_query_indexed(const struct store_person_query *q)
{
	struct search_keys *k = xmalloc(sizeof(*k));
	int indexed;

	indexed = search_keys(q, k) == 0 && (k->kana[0] != '\0' ||
	    k->nbirths > 0 || k->match[0] != '\0');
	free(k);
	return indexed;
}

int
store_person_keys_fill(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT EXISTS (SELECT 1 FROM "
	    "persons WHERE " STORE_PERSON_KEYLESS ")");
	int keyless = 0;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		keyless = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	if (!keyless)
		return 0;
	return store_exec(st, "UPDATE persons SET " STORE_PERSON_KEYS_SET
	    " WHERE " STORE_PERSON_KEYLESS);
}
