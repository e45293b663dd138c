/*
 * Persons of the registry extract: reading one, and the CSV import of
 * extracts (the search is store_search.c). The import checks every field of every row before
 * anything is written, and runs in one transaction: all rows or none.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "csv.h"
#include "store_int.h"

void
store_person_row(sqlite3_stmt *stmt, struct store_person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, p->atena_no, sizeof(p->atena_no));
	store_col_text(stmt, 2, p->register_, sizeof(p->register_));
	store_col_text(stmt, 3, p->name, sizeof(p->name));
	store_col_text(stmt, 4, p->name_kana, sizeof(p->name_kana));
	store_col_text(stmt, 5, p->former_surname, sizeof(p->former_surname));
	store_col_text(stmt, 6, p->alias, sizeof(p->alias));
	store_col_text(stmt, 7, p->birth_date, sizeof(p->birth_date));
	p->sex = sqlite3_column_int(stmt, 8);
	store_col_text(stmt, 9, p->address, sizeof(p->address));
	store_col_text(stmt, 10, p->emigrated_on, sizeof(p->emigrated_on));
	store_col_text(stmt, 11, p->household, sizeof(p->household));
	p->adult_ward = sqlite3_column_int(stmt, 12);
	p->foreign_national = sqlite3_column_int(stmt, 13);
}

int
store_person_get(struct store *st, int64_t id, struct store_person *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " STORE_PERSON_COLS " FROM persons WHERE id = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		store_person_row(stmt, out);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 1 : store_fail(st, "person");
	sqlite3_finalize(stmt);
	return rc;
}

/* ---- import ---- */

enum col_kind { COL_DIGITS, COL_TEXT, COL_OPTTEXT, COL_KANA, COL_DATE,
	COL_OPTDATE, COL_SEX, COL_FLAG };

struct col {
	const char	*name;
	enum col_kind	 kind;
	size_t		 max;	/* bytes */
};

static const struct col registry_resident_columns_table[] = {
	{ "atena_no", COL_DIGITS, 15 }, { "name", COL_TEXT, 120 },
	{ "name_kana", COL_KANA, 150 }, { "former_surname", COL_OPTTEXT, 60 },
	{ "alias", COL_OPTTEXT, 120 }, { "birth_date", COL_DATE, 10 },
	{ "sex", COL_SEX, 1 }, { "address", COL_TEXT, 250 },
	{ "household", COL_OPTTEXT, 30 }, { "adult_ward", COL_FLAG, 1 },
	{ "foreign_national", COL_FLAG, 1 },
};
static const struct col registry_overseas_columns_table[] = {
	{ "atena_no", COL_DIGITS, 15 }, { "name", COL_TEXT, 120 },
	{ "name_kana", COL_KANA, 150 }, { "former_surname", COL_OPTTEXT, 60 },
	{ "birth_date", COL_DATE, 10 }, { "sex", COL_SEX, 1 },
	{ "address", COL_TEXT, 250 }, { "emigrated_on", COL_DATE, 10 },
	{ "adult_ward", COL_FLAG, 1 },
};

static const struct col *
registry_cols(const char *reg, size_t *n)
{
	if (strcmp(reg, "resident") == 0) {
		*n = nitems(registry_resident_columns_table);
		return registry_resident_columns_table;
	}
	if (strcmp(reg, "overseas") == 0) {
		*n = nitems(registry_overseas_columns_table);
		return registry_overseas_columns_table;
	}
	return NULL;
}

const char *
store_registry_columns(const char *reg)
{
	static char bufs[2][512];
	const struct col *c;
	char *buf;
	size_t i, n;

	if ((c = registry_cols(reg, &n)) == NULL)
		return NULL;
	/* One buffer per register, so both can be used at once. */
	buf = bufs[c == registry_overseas_columns_table];
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, ",");
		strcat(buf, c[i].name);
	}
	return buf;
}

/* Decode one UTF-8 sequence; returns its length or 0 if invalid. */
static int
utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80 && s[0] >= 0xc2) {
		*cp = (s[0] & 0x1f) << 6 | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80) {
		*cp = (s[0] & 0x0f) << 12 | (s[1] & 0x3f) << 6 | (s[2] & 0x3f);
		return *cp >= 0x800 && (*cp < 0xd800 || *cp > 0xdfff) ? 3 : 0;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 &&
	    (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = (s[0] & 0x07) << 18 | (s[1] & 0x3f) << 12 |
		    (s[2] & 0x3f) << 6 | (s[3] & 0x3f);
		return *cp >= 0x10000 && *cp <= 0x10ffff ? 4 : 0;
	}
	return 0;
}

/* NULL if v is valid for c, else what is wrong (Japanese, for the admin). */
static const char *
col_check(const struct col *c, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;
	struct era_date dt;
	unsigned cp;
	int len;

	if (strlen(v) > c->max)
		return "長すぎます";
	if (*v == '\0')
		return c->kind == COL_OPTTEXT || c->kind == COL_OPTDATE ?
		    NULL : "空です";
	switch (c->kind) {
	case COL_DIGITS:
		return strspn(v, "0123456789") == strlen(v) ? NULL :
		    "数字ではありません";
	case COL_DATE:
	case COL_OPTDATE:
		return era_parse_iso(v, &dt) == 0 ? NULL :
		    "日付ではありません (YYYY-MM-DD)";
	case COL_SEX:
		return strcmp(v, "1") == 0 || strcmp(v, "2") == 0 ||
		    strcmp(v, "9") == 0 ? NULL : "1, 2, 9 のいずれかです";
	case COL_FLAG:
		return strcmp(v, "0") == 0 || strcmp(v, "1") == 0 ? NULL :
		    "0 か 1 です";
	default:
		break;
	}
	for (; *p != '\0'; p += len) {
		if ((len = utf8_next(p, &cp)) == 0)
			return "UTF-8 ではない文字があります";
		if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 ||
		    cp == 0x2029)
			return "制御文字があります";
		/* Bidi controls and invisible characters would reorder or
		 * hide what the screens and the paper show. */
		if (cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff)
			return "文字の向きを変える制御文字か見えない文字があります";
		if (c->kind == COL_KANA && !(cp == ' ' || cp == 0x3000 ||
		    (cp >= 0x30a1 && cp <= 0x30fc)))
			return "全角カタカナではない文字があります";
	}
	return NULL;
}

/* The page cache of an import, KiB (SQLite's default is 2 MB). */
#define IMPORT_CACHE	"-262144"
#define STORE_CACHE	"-2000"	/* back to the default after it */
/* The rows an import added, into the index table of a key's lines, in
 * the index's order (db/0017). */
#define IMPORT_TERMS(table, col) "INSERT OR IGNORE INTO " table \
	" (term, person_id) SELECT j.value, p.id FROM persons p, json_each(" \
	STORE_KEY_LINES("p." col) ") j WHERE p.id > (SELECT since FROM " \
	"persons_terms_defer) AND j.value <> '' ORDER BY 1, 2; "

struct import_ctx {
	struct store	 *st;
	const char	 *reg;
	const struct col *cols;
	size_t		  ncols;
	int		(*report)(long, const char *, void *);
	void		 *arg;
	int		  bad;
	struct import_seen *seen;	/* atena_no of the rows so far */
	size_t		  seen_mask, nseen;
	int		  param[16];	/* each column's :name in the INSERT */
};

static void import_bad(struct import_ctx *, long, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
import_bad(struct import_ctx *ic, long line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (ic->bad++ < 100 && ic->report != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		ic->report(line, msg, ic->arg);
	}
}

/* 1 if the header row names the register's columns in order; a UTF-8
 * byte order mark before it is allowed. */
static int
import_header_ok(struct import_ctx *ic, struct csv_row *row)
{
	char header[512];
	size_t n = 0;
	int i;

	if (strncmp(row->fields[0], "\xef\xbb\xbf", 3) == 0)
		row->fields[0] += 3;
	for (i = 0; i < row->nfields; i++)
		n += snprintf(header + n, sizeof(header) - n, "%s%s",
		    i > 0 ? "," : "", row->fields[i]) ;
	return n < sizeof(header) &&
	    strcmp(header, store_registry_columns(ic->reg)) == 0;
}

/*
 * The same atena_no twice in one file is refused (the second would
 * silently overwrite the first): each row's number is kept with its line
 * in a hash set for the length of the import. A number is at most 15
 * digits, so it and its length (0001 is not 1) make one 64-bit key.
 */
struct import_seen {
	uint64_t	 key;	/* 0: empty */
	long		 line;
};

static uint64_t
import_seen_key(const char *atena)
{
	uint64_t v = 0;
	size_t n = strlen(atena);

	for (; *atena != '\0'; atena++)
		v = v * 10 + (uint64_t)(*atena - '0');
	return v << 4 | n;	/* n <= 15, checked with the column */
}

static struct import_seen *
import_seen_slot(struct import_seen *set, size_t mask, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & mask;

	while (set[i].key != 0 && set[i].key != key)
		i = (i + 1) & mask;
	return &set[i];
}

/* Keep the set at most half full. */
static void
import_seen_grow(struct import_ctx *ic)
{
	size_t i, size = ic->seen_mask + 1, nsize = size == 1 ? 4096 :
	    size * 2;
	struct import_seen *nset = xcalloc(nsize, sizeof(*nset));

	for (i = 0; ic->seen != NULL && i < size; i++)
		if (ic->seen[i].key != 0)
			*import_seen_slot(nset, nsize - 1, ic->seen[i].key) =
			    ic->seen[i];
	free(ic->seen);
	ic->seen = nset;
	ic->seen_mask = nsize - 1;
}

/* 0, or -1 after reporting the line the number was first on. */
static int
import_seen(struct import_ctx *ic, struct csv_row *row)
{
	uint64_t key = import_seen_key(row->fields[0]);
	struct import_seen *slot;

	if (ic->seen == NULL || 2 * (ic->nseen + 1) > ic->seen_mask + 1)
		import_seen_grow(ic);
	slot = import_seen_slot(ic->seen, ic->seen_mask, key);
	if (slot->key == key) {
		import_bad(ic, row->line, "atena_no: 宛名番号 %s が %ld 行目と"
		    "重複しています (1 列目)", row->fields[0], slot->line);
		return -1;
	}
	slot->key = key;
	slot->line = row->line;
	ic->nseen++;
	return 0;
}

static int
import_row(struct import_ctx *ic, sqlite3_stmt *ins, struct csv_row *row)
{
	size_t i;
	int ok = 1, rc;

	if ((size_t)row->nfields != ic->ncols) {
		import_bad(ic, row->line, "列の数が違います (%s)",
		    store_registry_columns(ic->reg));
		return 0;
	}
	/* A NUL byte never cuts a field short silently: the row is bad. */
	if (row->nul_field > 0) {
		import_bad(ic, row->line, "%s: NUL バイト (0x00) があります "
		    "(%d 列目)", ic->cols[row->nul_field - 1].name,
		    row->nul_field);
		ok = 0;
	}
	for (i = 0; i < ic->ncols; i++) {
		const char *why = col_check(&ic->cols[i], row->fields[i]);
		if (why != NULL) {
			import_bad(ic, row->line, "%s: %s (%zu 列目)",
			    ic->cols[i].name, why, i + 1);
			ok = 0;
		}
	}
	if (ok && import_seen(ic, row) == -1)
		ok = 0;
	if (!ok || ic->bad > 0)
		return 0;
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	sqlite3_bind_text(ins, 1, ic->reg, -1, SQLITE_STATIC);
	/* The row's fields stay as they are until the step: no copies. */
	for (i = 0; i < ic->ncols; i++) {
		if (*row->fields[i] == '\0')
			sqlite3_bind_null(ins, ic->param[i]);
		else
			sqlite3_bind_text(ins, ic->param[i], row->fields[i], -1,
			    SQLITE_STATIC);
	}
	rc = sqlite3_step(ins);
	if (rc != SQLITE_DONE) {
		import_bad(ic, row->line, "保存できません: %s",
		    sqlite3_errmsg(ic->st->db));
		return 0;
	}
	return 1;
}

/*
 * An import into an empty registry (the first load, millions of rows)
 * drops the B-tree indexes of persons that are not unique and makes them
 * again after the rows are in: one sort instead of a page read at random
 * for each row once the index outgrows the cache. Their SQL is kept from
 * the schema as it is, so this follows any migration. Inside the
 * transaction: no other connection sees them gone. 0 or -1.
 */
#define IMPORT_INDEXES_MAX	4096

static int
import_indexes_drop(struct store *st, char *saved, size_t size)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT group_concat(sql, "
	    "'; '), group_concat('DROP INDEX \"' || name || '\"', '; ') FROM "
	    "sqlite_schema WHERE type = 'index' AND tbl_name = 'persons' AND "
	    "sql IS NOT NULL AND sql NOT LIKE '%UNIQUE%' AND sql NOT LIKE "
	    "'%WHERE%' AND NOT EXISTS (SELECT 1 FROM persons)");
	char *drop = NULL;
	int rc;

	saved[0] = '\0';
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW &&
	    sqlite3_column_text(stmt, 0) != NULL) {
		if ((size_t)sqlite3_column_bytes(stmt, 0) >= size)
			rc = SQLITE_TOOBIG;
		else {
			strlcpy_m(saved, (const char *)sqlite3_column_text(stmt,
			    0), size);
			drop = xstrdup((const char *)sqlite3_column_text(stmt, 1));
		}
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW) {
		saved[0] = '\0';
		return store_fail(st, "import indexes");
	}
	/* Dropped once the reading statement is done with the schema. */
	rc = drop != NULL ? store_exec(st, drop) : 0;
	free(drop);
	return rc;
}

int
store_registry_import(struct store *st, const char *reg, const char *path,
    int (*report)(long, const char *, void *), void *arg, long *loaded)
{
	struct import_ctx ic = { .st = st, .reg = reg, .report = report,
	    .arg = arg };
	struct csv_row *row;
	sqlite3_stmt *ins = NULL;
	const char *why;
	long lineno = 0;
	size_t i;
	char *indexes;
	FILE *f;
	int rc;

	*loaded = 0;
	if ((ic.cols = registry_cols(reg, &ic.ncols)) == NULL)
		return store_failf(st, "unknown register %s", reg);
	if ((f = fopen(path, "r")) == NULL)
		return store_failf(st, "%s: cannot read", path);
	row = xmalloc(sizeof(*row));
	indexes = xcalloc(1, IMPORT_INDEXES_MAX);
	rc = csv_read_row(f, row, &lineno, &why);
	if (rc != 1 || !import_header_ok(&ic, row)) {
		import_bad(&ic, 1, "見出し行が違います: %s が必要です",
		    store_registry_columns(reg));
		goto done;
	}
	/* One transaction of a whole registry outgrows the default page
	 * cache: each page would go out to the WAL and back many times. */
	if (store_exec(st, "PRAGMA cache_size = " IMPORT_CACHE "; "
	    "PRAGMA temp_store = MEMORY") == -1 ||
	    store_exec(st, "BEGIN IMMEDIATE") == -1) {
		ic.bad = -1;
		goto done;
	}
	/* New rows go into the name and address indexes at the end, all
	 * at once and in order: row by row through the triggers costs more
	 * than the rest of the import (db/0017, persons_terms_defer). */
	if (store_exec(st, "INSERT INTO persons_terms_defer (since) SELECT "
	    "ifnull(max(id), 0) FROM persons") == -1 ||
	    import_indexes_drop(st, indexes, IMPORT_INDEXES_MAX) == -1) {
		store_rollback(st);
		ic.bad = -1;
		goto done;
	}
	ins = store_prepare(st, strcmp(reg, "resident") == 0 ?
	    "INSERT INTO persons (register, atena_no, name, name_kana, "
	    "former_surname, alias, birth_date, sex, address, household, "
	    "adult_ward, foreign_national, name_key, kana_key, addr_key) VALUES "
	    "(?1, :atena_no, :name, :name_kana, :former_surname, :alias, "
	    ":birth_date, :sex, :address, :household, :adult_ward, "
	    ":foreign_national, search_name_key(:name, :former_surname, :alias), "
	    "search_kana_key(:name_kana), search_addr_key(:address)) "
	    "ON CONFLICT (atena_no) "
	    "DO UPDATE SET name = excluded.name, name_kana = excluded.name_kana, "
	    "former_surname = excluded.former_surname, alias = excluded.alias, "
	    "birth_date = excluded.birth_date, sex = excluded.sex, address = "
	    "excluded.address, household = excluded.household, adult_ward = "
	    "excluded.adult_ward, foreign_national = excluded.foreign_national, "
	    "name_key = excluded.name_key, kana_key = excluded.kana_key, "
	    "addr_key = excluded.addr_key WHERE register = excluded.register" :
	    "INSERT INTO persons (register, atena_no, name, name_kana, "
	    "former_surname, birth_date, sex, address, emigrated_on, adult_ward, "
	    "name_key, kana_key, addr_key) VALUES (?1, :atena_no, :name, "
	    ":name_kana, :former_surname, :birth_date, :sex, :address, "
	    ":emigrated_on, :adult_ward, search_name_key(:name, "
	    ":former_surname, NULL), search_kana_key(:name_kana), "
	    "search_addr_key(:address)) ON CONFLICT (atena_no) DO UPDATE SET name = excluded.name, name_kana = "
	    "excluded.name_kana, former_surname = excluded.former_surname, "
	    "birth_date = excluded.birth_date, sex = excluded.sex, address = "
	    "excluded.address, emigrated_on = excluded.emigrated_on, adult_ward "
	    "= excluded.adult_ward, name_key = excluded.name_key, kana_key = "
	    "excluded.kana_key, addr_key = excluded.addr_key WHERE register = "
	    "excluded.register");
	if (ins == NULL) {
		store_rollback(st);
		ic.bad = -1;
		goto done;
	}
	for (i = 0; i < ic.ncols && i < nitems(ic.param); i++) {
		char name[40];

		snprintf(name, sizeof(name), ":%s", ic.cols[i].name);
		ic.param[i] = sqlite3_bind_parameter_index(ins, name);
	}
	while ((rc = csv_read_row(f, row, &lineno, &why)) != 0) {
		if (rc == -1) {
			import_bad(&ic, row->line, "%s", why);
			continue;
		}
		if (row->nfields == 1 && row->fields[0][0] == '\0')
			continue;	/* blank line */
		if (import_row(&ic, ins, row) == 1) {
			if (sqlite3_changes(st->db) == 0)
				import_bad(&ic, row->line,
				    "宛名番号 %s は別の台帳の人です", row->fields[0]);
			else
				(*loaded)++;
		}
	}
	sqlite3_finalize(ins);
	if (ic.bad > 0) {
		store_rollback(st);
		*loaded = 0;
	} else if ((indexes[0] != '\0' && store_exec(st, indexes) == -1) ||
	    store_exec(st, IMPORT_TERMS("person_names", "name_key")
	    IMPORT_TERMS("person_addrs", "addr_key") "DELETE FROM "
	    "persons_terms_defer") == -1 || store_exec(st, "COMMIT") == -1) {
		store_rollback(st);
		*loaded = 0;
		ic.bad = -1;
	}
done:
	free(indexes);
	free(ic.seen);
	(void)store_exec(st, "PRAGMA cache_size = " STORE_CACHE "; "
	    "PRAGMA temp_store = DEFAULT");
	free(row);
	fclose(f);
	if (ic.bad > 0)
		store_failf(st, "%d bad rows; nothing was loaded", ic.bad);
	return ic.bad != 0 ? -1 : 0;
}

int
store_person_by_atena(struct store *st, const char *atena_no,
    struct store_person *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " STORE_PERSON_COLS " FROM persons WHERE atena_no = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, atena_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		store_person_row(stmt, out);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(st, "person");
}
