/*
 * The registry extract the counter searches (persons: residents and
 * overseas persons). Loading the demo data set lives here; the import of
 * real extracts and the searches come with the procedures that need them.
 */
#include "madoguchi/util.h"
#include "store_int.h"

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
