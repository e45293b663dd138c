/*
 * The person search of the counter screens, answered from indexes
 * (db/0016, db/0017) so that it costs about the same for ten thousand
 * residents as for ten million: kana from its start by the kana index,
 * birth dates by the birth index, a part of a name and an address from
 * the start of one of its parts by the B-trees of their lines
 * (person_names, person_addrs). The store plans each query itself: when
 * more than one criterion has an index, each index is asked how many it
 * finds (at most a search's worth) and the smallest answers, the others
 * being checked on the rows it gives. SQLite's planner cannot know that
 * ヤ finds a million and 1986-02-03 a hundred; the counts can.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/searchkey.h"
#include "madoguchi/util.h"
#include "store_int.h"

#define SEARCH_KEY_MAX	1024
/* Every key beginning with a prefix sorts below the prefix and the last
 * character there is (U+10FFFF). */
#define SEARCH_LAST	"\xf4\x8f\xbf\xbf"
/* The shortest name and address an index is asked for: fewer characters
 * find too many to list, and are checked on the rows another criterion
 * finds. */
#define SEARCH_NAME_MIN	2
#define SEARCH_ADDR_MIN	3

/* What answers a query: one index, or a scan when none can. */
enum search_by { SEARCH_BY_SCAN, SEARCH_BY_KANA, SEARCH_BY_BIRTH,
	SEARCH_BY_NAME, SEARCH_BY_ADDR };

/* A query folded, with what each criterion binds: ?1 ?2 the kana range,
 * ?3 the name (and the start of its range), ?6 the end of that range, ?4
 * the address as a line ("\n" first), ?10 ?11 its range, ?5 the
 * register, ?7 the page, ?8 its offset, ?9 the most rows, ?12... births. */
struct search_keys {
	char	kana[SEARCH_KEY_MAX], kana_end[SEARCH_KEY_MAX + 4];
	char	name[SEARCH_KEY_MAX], name_end[SEARCH_KEY_MAX + 4];
	char	address[SEARCH_KEY_MAX], address_end[SEARCH_KEY_MAX + 4];
	char	address_line[SEARCH_KEY_MAX + 1];
	char	births[ERA_CANDIDATES_MAX][11];
	int	nbirths;
	int	name_indexed, address_indexed;
	const char *register_;
	enum search_by exact;	/* one index answers every criterion */
};

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

/* Fold q into k; 0, or 1 when a criterion can match no one. */
static int
search_keys(const struct store_person_query *q, struct search_keys *k)
{
	int others;

	memset(k, 0, sizeof(*k));
	searchkey_kana(q->kana, k->kana, sizeof(k->kana));
	snprintf(k->kana_end, sizeof(k->kana_end), "%s" SEARCH_LAST, k->kana);
	searchkey_name(q->name, k->name, sizeof(k->name));
	snprintf(k->name_end, sizeof(k->name_end), "%s" SEARCH_LAST, k->name);
	k->name_indexed = searchkey_chars(k->name) >= SEARCH_NAME_MIN;
	searchkey_address(q->address, k->address, sizeof(k->address));
	snprintf(k->address_end, sizeof(k->address_end), "%s" SEARCH_LAST,
	    k->address);
	snprintf(k->address_line, sizeof(k->address_line), "\n%s",
	    k->address);
	k->address_indexed = searchkey_chars(k->address) >= SEARCH_ADDR_MIN;
	k->register_ = search_typed(q->register_) ? q->register_ : "";
	/* A name or an address alone is counted in its index, without
	 * reading a row. */
	others = k->kana[0] != '\0' || *k->register_ != '\0' ||
	    search_typed(q->birth) || search_typed(q->birth_date);
	if (!others && k->name_indexed && k->address[0] == '\0')
		k->exact = SEARCH_BY_NAME;
	else if (!others && k->address_indexed && k->name[0] == '\0')
		k->exact = SEARCH_BY_ADDR;
	if ((search_typed(q->kana) && k->kana[0] == '\0') ||
	    (search_typed(q->name) && k->name[0] == '\0') ||
	    (search_typed(q->address) && k->address[0] == '\0'))
		return 1;
	return search_births(q, k);
}

/* The rows of by and what they must hold: "FROM ... WHERE ...", with
 * the criterion of by as its index reads it and the others with their
 * indexes turned off (unary +) or checked on the keys. A part of a name
 * or an address reads the lines of its index and the persons they are
 * of, in that order (CROSS JOIN), so that a LIMIT stops the reading. */
static void
search_from(const struct search_keys *k, enum search_by by, char *sql,
    size_t size)
{
	size_t n;
	int i;

	if (by == SEARCH_BY_NAME)
		n = strlcpy_m(sql, "person_names CROSS JOIN persons ON id = "
		    "person_id WHERE term >= ?3 AND term < ?6", size);
	else if (by == SEARCH_BY_ADDR)
		n = strlcpy_m(sql, "person_addrs CROSS JOIN persons ON id = "
		    "person_id WHERE term >= ?10 AND term < ?11", size);
	else
		n = strlcpy_m(sql, "persons WHERE 1", size);
	if (k->kana[0] != '\0')
		n += snprintf(sql + n, size - n, by == SEARCH_BY_KANA ?
		    " AND kana_key >= ?1 AND kana_key < ?2" :
		    " AND +kana_key >= ?1 AND +kana_key < ?2");
	if (k->nbirths > 0) {
		n += snprintf(sql + n, size - n, " AND %sbirth_date IN (",
		    by == SEARCH_BY_BIRTH ? "" : "+");
		for (i = 0; i < k->nbirths; i++)
			n += snprintf(sql + n, size - n, "%s?%d", i > 0 ?
			    ", " : "", 12 + i);
		n += snprintf(sql + n, size - n, ")");
	}
	if (k->name[0] != '\0' && by != SEARCH_BY_NAME)
		n += snprintf(sql + n, size - n, " AND instr(name_key, ?3) > 0");
	if (k->address[0] != '\0' && by != SEARCH_BY_ADDR)
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
	sqlite3_bind_text(stmt, 4, k->address_line, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, k->register_, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, k->name_end, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, k->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, k->address_end, -1, SQLITE_STATIC);
	for (i = 0; i < k->nbirths; i++)
		sqlite3_bind_text(stmt, 12 + i, k->births[i], -1,
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

/* The persons a name's or an address's lines alone give, at most ?9:
 * read from the index without a row. */
static const char *
search_lines(enum search_by by)
{
	return by == SEARCH_BY_NAME ? "SELECT DISTINCT person_id FROM "
	    "person_names WHERE term >= ?3 AND term < ?6 LIMIT ?9" :
	    "SELECT DISTINCT person_id FROM person_addrs WHERE term >= ?10 "
	    "AND term < ?11 LIMIT ?9";
}

/* How many the index of by alone finds, at most a search's worth and
 * one. A name's or an address's are counted on its lines alone. */
static long
search_probe(struct store *st, const struct search_keys *k, enum search_by by)
{
	struct search_keys only = *k;
	char from[512], sql[768];

	if (by == SEARCH_BY_NAME || by == SEARCH_BY_ADDR) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (%s)",
		    search_lines(by));
		return search_count_sql(st, k, sql, STORE_SEARCH_MAX + 1);
	}
	/* The one criterion alone: the others emptied. */
	only.name[0] = only.address[0] = '\0';
	only.register_ = "";
	if (by == SEARCH_BY_KANA)
		only.nbirths = 0;
	else
		only.kana[0] = '\0';
	search_from(&only, by, from, sizeof(from));
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT 1 FROM %s "
	    "LIMIT ?9)", from);
	return search_count_sql(st, &only, sql, STORE_SEARCH_MAX + 1);
}

/* The index that answers k: the one of its criteria that finds fewest. */
static enum search_by
search_plan(struct store *st, const struct search_keys *k)
{
	enum search_by by[4], best = SEARCH_BY_SCAN;
	long n, fewest = -1;
	int i, nby = 0;

	if (k->kana[0] != '\0')
		by[nby++] = SEARCH_BY_KANA;
	if (k->nbirths > 0)
		by[nby++] = SEARCH_BY_BIRTH;
	if (k->name_indexed)
		by[nby++] = SEARCH_BY_NAME;
	if (k->address_indexed)
		by[nby++] = SEARCH_BY_ADDR;
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
	char from[512], sql[1536];

	search_from(k, by, from, sizeof(from));
	if (count)
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM (SELECT "
		    "DISTINCT id FROM %s LIMIT ?9)", from);
	else if (by == SEARCH_BY_KANA || (by == SEARCH_BY_BIRTH &&
	    k->nbirths == 1))	/* the index is in the list's order */
		snprintf(sql, sizeof(sql), "SELECT " STORE_PERSON_COLS " FROM "
		    "%s ORDER BY kana_key, birth_date, id LIMIT "
		    "max(0, min(?7, ?9 - ?8)) OFFSET ?8", from);
	else if (k->exact != SEARCH_BY_SCAN && k->exact == by)
		/* the lines alone give the persons */
		snprintf(sql, sizeof(sql), "SELECT " STORE_PERSON_COLS " FROM "
		    "persons WHERE id IN (%s) ORDER BY +kana_key, +birth_date, "
		    "id LIMIT ?7 OFFSET ?8", search_lines(by));
	else
		snprintf(sql, sizeof(sql), "SELECT " STORE_PERSON_COLS " FROM "
		    "persons WHERE id IN (SELECT DISTINCT id FROM %s LIMIT ?9) "
		    "ORDER BY +kana_key, +birth_date, id LIMIT ?7 OFFSET ?8",
		    from);
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
	if (k->exact != SEARCH_BY_SCAN) {	/* no row read */
		n = search_probe(st, k, k->exact);
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
	    k->nbirths > 0 || k->name_indexed || k->address_indexed);
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
