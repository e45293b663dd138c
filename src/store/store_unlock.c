/*
 * The clerks' unlock codes (db/0013): one row per clerk holding the salted
 * slow hash of the code and the cost it was made with, never the code.
 * The hashing itself is proc's (proc_unlock.c); here only the rows.
 */
#include <string.h>

#include <sqlite3.h>

#include "madoguchi/store.h"
#include "store_int.h"

int
store_unlock_get(struct store *st, const char *login, struct store_unlock *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT u.kdf, u.cost_n, u.cost_r, u.cost_p, u.salt, u.hash "
	    "FROM clerk_unlock u JOIN clerks c ON c.id = u.clerk_id "
	    "WHERE c.login = ?1");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		store_col_text(stmt, 0, out->kdf, sizeof(out->kdf));
		out->cost_n = sqlite3_column_int64(stmt, 1);
		out->cost_r = sqlite3_column_int(stmt, 2);
		out->cost_p = sqlite3_column_int(stmt, 3);
		store_col_text(stmt, 4, out->salt, sizeof(out->salt));
		store_col_text(stmt, 5, out->hash, sizeof(out->hash));
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = 1;
	else
		rc = store_fail(st, "unlock code");
	sqlite3_finalize(stmt);
	return rc;
}

int
store_unlock_set(struct store *st, const char *login,
    const struct store_unlock *u)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "INSERT OR REPLACE INTO clerk_unlock (clerk_id, kdf, cost_n, "
	    "cost_r, cost_p, salt, hash, set_at) SELECT id, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8 FROM clerks WHERE login = ?1");
	char now[21];
	int rc;

	if (stmt == NULL)
		return -1;
	store_timestamp(now);
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, u->kdf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, u->cost_n);
	sqlite3_bind_int(stmt, 4, u->cost_r);
	sqlite3_bind_int(stmt, 5, u->cost_p);
	sqlite3_bind_text(stmt, 6, u->salt, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, u->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "set unlock code");
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "no clerk %s", login);
	return 0;
}

int
store_unlock_clear(struct store *st, const char *login)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "DELETE FROM clerk_unlock WHERE clerk_id = "
	    "(SELECT id FROM clerks WHERE login = ?1)");
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, "clear unlock code");
	return sqlite3_changes(st->db) > 0 ? 0 : 1;
}
