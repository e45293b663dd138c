/* Private to src/store: the connection struct and shared statement helpers. */
#ifndef MADOGUCHI_STORE_INT_H
#define MADOGUCHI_STORE_INT_H

#include <sqlite3.h>

#include "madoguchi/store.h"

struct store {
	sqlite3	*db;
	char	 err[256];
	void	(*audit_hook)(void *);	/* after a COMMIT with audit rows */
	void	*audit_hook_arg;
	int	 audit_pending;		/* audit rows in the open transaction */
};

/* Record an error (with SQLite's message when rc is an SQLite code) and
 * return -1. */
int store_fail(struct store *, const char *what);
int store_failf(struct store *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Roll the open transaction back, keeping the error that caused it;
 * returns -1. */
int store_rollback(struct store *);
/* Prepare or fail; NULL on failure with the error recorded. */
sqlite3_stmt *store_prepare(struct store *, const char *sql);
/* Run a statement without results. */
int store_exec(struct store *, const char *sql);
/* Copy a text column into buf (empty string for NULL). */
void store_col_text(sqlite3_stmt *, int col, char *buf, size_t size);
/* Now as an ISO-8601 UTC timestamp into buf (21 bytes); its day is
 * MADOGUCHI_TODAY's when that is set. */
void store_timestamp(char buf[21]);

/* Statement helpers of the listings (store_app.c). store_row_one steps
 * a statement expected to give at most one row into out with row():
 * 0 found, 1 none, -1 error; store_row_done steps one without results.
 * store_list_prepare binds ?1 to param; store_rows_each fills buf with
 * row() and calls visit(buf, ctx) per row until it returns nonzero, and
 * returns the rows visited or -1. Each finalizes its statement. */
int store_row_one(struct store *, sqlite3_stmt *,
    void (*row)(sqlite3_stmt *, void *), void *out);
int store_row_done(struct store *, sqlite3_stmt *, const char *what);
sqlite3_stmt *store_list_prepare(struct store *, const char *sql,
    int64_t param);
int store_rows_each(struct store *, sqlite3_stmt *,
    void (*row)(sqlite3_stmt *, void *), void *buf,
    int (*visit)(const void *, void *), void *ctx);

/* The search keys of the registry (db/0015_search_keys.sql), made by the
 * SQL functions search_name_key(name, former_surname, alias),
 * search_kana_key(name_kana) and search_addr_key(address) that every
 * connection has (store_registry_functions, from store_open). */
int store_registry_functions(struct store *);
#define STORE_PERSON_KEYS_SET "name_key = search_name_key(name, " \
	"former_surname, alias), kana_key = search_kana_key(name_kana), " \
	"addr_key = search_addr_key(address)"
/* Gives the rows written without keys (by hand) their keys, so that the
 * indexes find them (db/0016); 0 or -1. */
int store_person_keys_fill(struct store *);
/* The lines of a key ("\nA\nB") as a JSON array (["A","B"]), for
 * json_each(); as the triggers of db/0017 split them. */
#define STORE_KEY_LINES(col) "'[\"' || replace(replace(replace(substr(" \
	col ", 2), '\\', '\\\\'), '\"', '\\\"'), char(10), '\",\"') || " \
	"'\"]'"
#define STORE_PERSON_KEYLESS "(name_key IS NULL OR kana_key IS NULL OR " \
	"addr_key IS NULL)"

/* A person's columns in the order store_person_row reads them. */
#define STORE_PERSON_COLS "id, atena_no, register, name, name_kana, " \
	"ifnull(former_surname, ''), ifnull(alias, ''), birth_date, sex, " \
	"address, ifnull(emigrated_on, ''), ifnull(household, ''), " \
	"adult_ward, foreign_national"
void store_person_row(sqlite3_stmt *, struct store_person *);

#endif
