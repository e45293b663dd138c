/*
 * The registry extract the counter searches (persons: residents and
 * overseas persons). Loading the demo data set and the SQL functions that
 * make the search keys live here; the import of real extracts and the
 * searches come with the procedures that need them (store_person.c).
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/searchkey.h"
#include "madoguchi/util.h"
#include "store_int.h"

/* Room for every line of a long foreign name and its suffixes. */
#define REGISTRY_KEY_MAX	8192

static const char *
registry_arg(sqlite3_value **argv, int i)
{
	const unsigned char *t = sqlite3_value_text(argv[i]);

	return t != NULL ? (const char *)t : "";
}

static void
registry_key_result(sqlite3_context *ctx, const char *key)
{
	sqlite3_result_text(ctx, key, -1, SQLITE_TRANSIENT);
}

/* Append "\n" and s to key (size bytes) unless key holds that line
 * already or has no room for it. */
static void
registry_key_line(char *key, size_t size, const char *s)
{
	size_t n = strlen(key), len = strlen(s);
	const char *p, *e;

	for (p = key; *p == '\n'; p = e) {
		if ((e = strchr(p + 1, '\n')) == NULL)
			e = key + n;
		if ((size_t)(e - p - 1) == len && memcmp(p + 1, s, len) == 0)
			return;
	}
	if (len == 0 || n + 1 + len >= size)
		return;
	key[n] = '\n';
	memcpy(key + n + 1, s, len + 1);
}

/* A name folded, as lines of key: the name and every end of it two
 * characters long or more, so that a part of a name is the start of a
 * line (山田太郎: 山田太郎, 田太郎, 太郎). */
static void
registry_key_name(char *key, size_t size, const char *name)
{
	char folded[1024];
	const char *p;
	size_t left;

	searchkey_name(name, folded, sizeof(folded));
	left = searchkey_chars(folded);
	for (p = folded; *p != '\0' && (left >= 2 || p == folded);
	    p = searchkey_next(p), left--)
		registry_key_line(key, size, p);
}

/* The given name of a name written surname first: what follows its
 * first space (ASCII or U+3000), or NULL when it has none. */
static const char *
registry_given(const char *name)
{
	const char *given = strchr(name, ' ');
	const char *ideo = strstr(name, "\xe3\x80\x80");	/* U+3000 */

	if (ideo != NULL && (given == NULL || ideo < given))
		given = ideo;
	return given;
}

/*
 * Every name the person is known by, each folded, as lines each begun
 * with a newline (db/0017): 氏名, 通称, and 旧氏 with the given name (so
 * that 旧氏 alone or with the given name finds the person), each with
 * every end of it (registry_key_name). A part of a name typed is the
 * start of a line: the name index (person_names) holds the lines, and
 * instr() finds a part in them. A query key never holds a newline, so no
 * match runs from one name to the next.
 */
static void
registry_name_key_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char key[REGISTRY_KEY_MAX], full[1024];
	const char *name = registry_arg(argv, 0);
	const char *alias = registry_arg(argv, 2);
	const char *given = registry_given(name);

	(void)argc;
	key[0] = '\0';
	registry_key_name(key, sizeof(key), name);
	if (*alias != '\0')
		registry_key_name(key, sizeof(key), alias);
	if (*registry_arg(argv, 1) != '\0') {
		snprintf(full, sizeof(full), "%s%s", registry_arg(argv, 1),
		    given != NULL ? given : "");
		registry_key_name(key, sizeof(key), full);
	}
	registry_key_result(ctx, key);
}

static void
registry_kana_key_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char key[REGISTRY_KEY_MAX];

	(void)argc;
	registry_key_result(ctx, searchkey_kana(registry_arg(argv, 0), key,
	    sizeof(key)));
}

/* The characters an address's parts end with: after them begins a city,
 * a ward, a town (都道府県, 市区郡, 町村). One inside a town's name (本町
 * 通) only adds a line. */
static const char *const registry_addr_cut_table[] = {
	"都", "道", "府", "県", "市", "区", "郡", "町", "村",
};

static int
registry_addr_cut(const char *c, const char *next)
{
	size_t i, len = (size_t)(next - c);

	for (i = 0; i < nitems(registry_addr_cut_table); i++)
		if (strlen(registry_addr_cut_table[i]) == len &&
		    memcmp(registry_addr_cut_table[i], c, len) == 0)
			return 1;
	return 0;
}

/*
 * An address folded, as lines each begun with a newline (db/0017): the
 * whole, and what follows each prefecture, city, ward and town name in it
 * (大阪府豊中市中桜塚3-1-1: that, 豊中市中桜塚3-1-1, 中桜塚3-1-1). An
 * address typed from its start or from any of those is the start of a
 * line: the address index (person_addrs) holds the lines.
 */
static void
registry_addr_key_cb(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	char key[REGISTRY_KEY_MAX], folded[2048];
	const char *p, *next;

	(void)argc;
	key[0] = '\0';
	searchkey_address(registry_arg(argv, 0), folded, sizeof(folded));
	registry_key_line(key, sizeof(key), folded);
	for (p = folded; *p != '\0'; p = next) {
		next = searchkey_next(p);
		/* 京都府: the part ends at 府, not at 都. */
		if (*next != '\0' && registry_addr_cut(p, next) &&
		    !registry_addr_cut(next, searchkey_next(next)))
			registry_key_line(key, sizeof(key), next);
	}
	registry_key_result(ctx, key);
}

static const struct {
	const char	*name;
	int		 nargs;
	void		(*fn)(sqlite3_context *, int, sqlite3_value **);
} registry_function_table[] = {
	{ "search_name_key", 3, registry_name_key_cb },
	{ "search_kana_key", 1, registry_kana_key_cb },
	{ "search_addr_key", 1, registry_addr_key_cb },
};

int
store_registry_functions(struct store *st)
{
	size_t i;

	for (i = 0; i < nitems(registry_function_table); i++)
		if (sqlite3_create_function(st->db,
		    registry_function_table[i].name,
		    registry_function_table[i].nargs, SQLITE_UTF8 |
		    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		    registry_function_table[i].fn, NULL, NULL) != SQLITE_OK)
			return store_fail(st, "search functions");
	return 0;
}

extern const char store_demo_registry_sql[];

long
store_person_count(struct store *st)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT count(*) FROM persons");
	long n = -1;

	if (stmt == NULL)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		store_fail(st, "count persons");
	sqlite3_finalize(stmt);
	return n;
}

static int
load_demo_cb(struct store *st, void *arg)
{
	int *added = arg;
	long before, after;

	if ((before = store_person_count(st)) == -1)
		return -1;
	if (before > 0)
		return 0;
	if (store_exec(st, store_demo_registry_sql) == -1 ||
	    store_exec(st, "UPDATE persons SET " STORE_PERSON_KEYS_SET) == -1 ||
	    (after = store_person_count(st)) == -1)
		return -1;
	*added = (int)after;
	return 0;
}

int
store_load_demo(struct store *st, int *added)
{
	*added = 0;
	if (store_tx(st, load_demo_cb, added) == -1) {
		*added = 0;
		return -1;
	}
	return 0;
}
