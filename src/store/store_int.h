/* Private to src/store: the connection struct and shared statement helpers. */
#ifndef MADOGUCHI_STORE_INT_H
#define MADOGUCHI_STORE_INT_H

#include <sqlite3.h>

#include "madoguchi/store.h"

struct store {
	sqlite3	*db;
	char	 err[256];
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

#endif
