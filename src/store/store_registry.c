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

int
store_load_demo(struct store *st, int *added)
{
	long before, after;

	*added = 0;
	if (store_exec(st, "BEGIN IMMEDIATE") == -1)
		return -1;
	if ((before = store_person_count(st)) == -1)
		goto fail;
	if (before == 0) {
		if (store_exec(st, store_demo_registry_sql) == -1)
			goto fail;
		if ((after = store_person_count(st)) == -1)
			goto fail;
		*added = (int)after;
	}
	if (store_exec(st, "COMMIT") == -1)
		goto fail;
	return 0;
fail:
	return store_rollback(st);
}
