/* The counter database: migrations on a fresh file, clerks and their keys,
 * settings, the audit chain, two connections at once. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"

/* Two real ed25519 public keys (made with ssh-keygen for these tests). */
#define KEY1 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHJSqylHuHhq/IieGFYm5KUNjJyw0QPs4OrXUfvbBraT one@test"
#define KEY2 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILtFlXKEn5tPlTPkZOVmeotBqJ+MJFmP/uD5RhyiJsCn two@test"

static char *dir;

static struct store *
fresh(void)
{
	char err[256];
	struct store *st;
	int from, to;

	test_rmtree(dir);
	free(dir);
	dir = test_mkdtemp("store");
	st = store_open(dir, STORE_CREATE, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	CU_ASSERT_EQUAL_FATAL(store_migrate(st, &from, &to), 0);
	CU_ASSERT_EQUAL(from, 0);
	CU_ASSERT_EQUAL(to, store_schema_latest());
	return st;
}

static int
clean(void)
{
	test_rmtree(dir);
	free(dir);
	dir = NULL;
	return 0;
}

static void
test_migrate_fresh(void)
{
	struct store *st = fresh();
	char err[256];
	int from, to;

	/* A second run has nothing to do. */
	CU_ASSERT_EQUAL(store_migrate(st, &from, &to), 0);
	CU_ASSERT_EQUAL(from, to);
	store_close(st);
	/* Reopened without STORE_CREATE, the current schema is accepted. */
	st = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL(st);
	store_close(st);
}

static void
test_open_missing(void)
{
	char err[256] = "";

	CU_ASSERT_PTR_NULL(store_open("/nonexistent/madoguchi", 0, err,
	    sizeof(err)));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "madoguchi init"));
}

static void
test_clerks(void)
{
	struct store *st = fresh();
	struct store_clerk c = { .login = "sato", .name = "佐藤 花子",
	    .role = "clerk", .window = "shonai" }, got;

	CU_ASSERT_EQUAL_FATAL(store_clerk_add(st, &c, KEY1), 0);
	CU_ASSERT_EQUAL(store_clerk_by_key(st, "ssh-ed25519",
	    "AAAAC3NzaC1lZDI1NTE5AAAAIHJSqylHuHhq/IieGFYm5KUNjJyw0QPs4OrXUfvbBraT",
	    &got), 0);
	CU_ASSERT_STRING_EQUAL(got.login, "sato");
	CU_ASSERT_STRING_EQUAL(got.name, "佐藤 花子");
	CU_ASSERT_STRING_EQUAL(got.window, "shonai");
	CU_ASSERT_EQUAL(store_clerk_by_key(st, "ssh-ed25519",
	    "AAAAC3NzaC1lZDI1NTE5AAAAILtFlXKEn5tPlTPkZOVmeotBqJ+MJFmP/uD5RhyiJsCn",
	    &got), 1);
	/* The same key for a second clerk, a duplicate login, a bad role. */
	strcpy(c.login, "other");
	CU_ASSERT_EQUAL(store_clerk_add(st, &c, KEY1), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(store_errmsg(st), "already registered"));
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "other", &got), 1);
	strcpy(c.login, "sato");
	CU_ASSERT_EQUAL(store_clerk_add(st, &c, KEY2), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(store_errmsg(st), "already exists"));
	strcpy(c.login, "x");
	strcpy(c.role, "boss");
	CU_ASSERT_EQUAL(store_clerk_add(st, &c, KEY2), -1);
	strcpy(c.role, "clerk");
	strcpy(c.login, "Bad Login");
	CU_ASSERT_EQUAL(store_clerk_add(st, &c, KEY2), -1);
	/* Disable: still found, flagged. */
	CU_ASSERT_EQUAL(store_clerk_set_disabled(st, "sato", 1), 0);
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &got), 0);
	CU_ASSERT_EQUAL(got.disabled, 1);
	CU_ASSERT_EQUAL(store_clerk_set_disabled(st, "nobody", 1), -1);
	store_close(st);
}

static void
test_bad_keys(void)
{
	struct store *st = fresh();
	struct store_clerk c = { .login = "k", .name = "k", .role = "clerk",
	    .window = "citizens" };
	char fp[96];
	static const char *const bad[] = {
		"",
		"ssh-dss AAAAB3NzaC1kc3MAAACBAP",
		"ssh-ed25519 not-base64!",
		/* A valid blob of another type under the wrong name. */
		"ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAIHJSqylHuHhq/IieGFYm5KUNjJyw0QPs4OrXUfvbBraT",
		"ssh-ed25519 AAAA",
		"ssh-ed25519 \x1b[2JAAAA",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CU_ASSERT_EQUAL(store_clerk_add(st, &c, bad[i]), -1);
		CU_ASSERT_EQUAL(store_key_fingerprint(bad[i], fp, sizeof(fp)), -1);
	}
	CU_ASSERT_EQUAL(store_key_fingerprint(KEY1, fp, sizeof(fp)), 0);
	CU_ASSERT_EQUAL(strncmp(fp, "SHA256:", 7), 0);
	CU_ASSERT_EQUAL(strlen(fp), 7 + 43);
	store_close(st);
}

static void
test_settings(void)
{
	struct store *st = fresh();
	char buf[32];

	CU_ASSERT_EQUAL(store_setting_get(st, "a", buf, sizeof(buf)), 1);
	CU_ASSERT_EQUAL(store_setting_int(st, "a", 42), 42);
	CU_ASSERT_EQUAL(store_setting_set(st, "a", "900"), 0);
	CU_ASSERT_EQUAL(store_setting_int(st, "a", 42), 900);
	CU_ASSERT_EQUAL(store_setting_set(st, "a", "15m"), 0);
	CU_ASSERT_EQUAL(store_setting_int(st, "a", 42), 42);
	store_close(st);
}

static void
test_audit_chain(void)
{
	struct store *st = fresh();
	sqlite3 *db;
	char *path;
	int64_t bad = 0;

	CU_ASSERT_EQUAL(store_audit(st, "demo", "login", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit(st, "demo", "clerk.add", "sato", "role=clerk"), 0);
	CU_ASSERT_EQUAL(store_audit(st, "demo", "logout", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	/* Edit the middle row behind the store's back: the database refuses
	 * (0009's triggers); with the trigger dropped, as an attacker
	 * would, the chain breaks there. */
	path = NULL;
	CU_ASSERT(asprintf(&path, "%s/%s", dir, STATE_DB) > 0);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(db, "UPDATE audit_events SET object = "
	    "'tanaka' WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(sqlite3_exec(db, "DELETE FROM audit_events",
	    NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, "DROP TRIGGER audit_events_no_update;"
	    "UPDATE audit_events SET object = 'tanaka' WHERE id = 2", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(path);
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 1);
	CU_ASSERT_EQUAL(bad, 2);
	store_close(st);
}

struct audit_tx {
	int	fail;	/* the transaction's work fails after the audit row */
};

/* A business change and its audit row in one transaction. */
static int
audit_tx_cb(struct store *st, void *arg)
{
	const struct audit_tx *t = arg;

	if (store_setting_set(st, "tx.work", "done") == -1 ||
	    store_audit(st, "demo", "tx.test", "obj", "in a transaction") == -1)
		return -1;
	return t->fail ? -1 : 0;
}

static long
audit_rows(const char *kind)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	char *path = NULL;
	long n = -1;

	if (asprintf(&path, "%s/%s", dir, STATE_DB) < 0)
		return -1;
	if (sqlite3_open(path, &db) == SQLITE_OK && sqlite3_prepare_v2(db,
	    "SELECT count(*) FROM audit_events WHERE kind = ?1", -1, &stmt,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	free(path);
	return n;
}

/* store_audit inside store_tx joins that transaction: the row commits
 * with the change it explains, or rolls back with it. */
/* The audit filter's days are days in Japan, as the screens show them:
 * 2026-12-01 JST is from 2026-11-30T15:00:00Z up to 2026-12-01T15:00:00Z. */
static void
test_audit_days_in_japan(void)
{
	static const char *const at[] = { "2026-11-30T14:59:59Z",
	    "2026-11-30T15:00:00Z", "2026-12-01T14:59:59Z",
	    "2026-12-01T15:00:00Z" };
	struct store_audit_query q;
	struct store *st = fresh();
	sqlite3 *db;
	char *path = NULL, *sql;
	size_t i;
	int n = -1;

	CU_ASSERT(asprintf(&path, "%s/%s", dir, STATE_DB) > 0);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	for (i = 0; i < nitems(at); i++) {
		sql = sqlite3_mprintf("INSERT INTO audit_events (at, actor, "
		    "kind, prev_hash, hash) VALUES (%Q, 'demo', 'login', '', "
		    "'')", at[i]);
		CU_ASSERT_EQUAL(sqlite3_exec(db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		sqlite3_free(sql);
	}
	sqlite3_close(db);
	free(path);
	memset(&q, 0, sizeof(q));
	q.from = q.to = "2026-12-01";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	q.from = q.to = "2026-11-30";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	q.from = "2026-12-02";
	q.to = NULL;
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	store_close(st);
}

static void
test_audit_in_tx(void)
{
	struct store *st = fresh();
	struct audit_tx t = { 1 };
	char buf[16];

	CU_ASSERT_EQUAL(store_audit(st, "demo", "before", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_tx(st, audit_tx_cb, &t), -1);
	CU_ASSERT_EQUAL(audit_rows("tx.test"), 0);
	CU_ASSERT_EQUAL(store_setting_get(st, "tx.work", buf, sizeof(buf)), 1);
	t.fail = 0;
	CU_ASSERT_EQUAL(store_tx(st, audit_tx_cb, &t), 0);
	CU_ASSERT_EQUAL(audit_rows("tx.test"), 1);
	CU_ASSERT_EQUAL(store_setting_get(st, "tx.work", buf, sizeof(buf)), 0);
	/* Outside a transaction it still makes its own. */
	CU_ASSERT_EQUAL(store_audit(st, "demo", "after", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
	store_close(st);
}

static void
test_two_connections(void)
{
	struct store *a = fresh(), *b;
	char err[256], buf[16];

	b = store_open(dir, 0, err, sizeof(err));
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(store_audit(a, "a", "x", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit(b, "b", "y", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit(a, "a", "z", NULL, NULL), 0);
	CU_ASSERT_EQUAL(store_audit_verify(b, NULL), 0);
	CU_ASSERT_EQUAL(store_setting_set(a, "k", "1"), 0);
	CU_ASSERT_EQUAL(store_setting_get(b, "k", buf, sizeof(buf)), 0);
	CU_ASSERT_STRING_EQUAL(buf, "1");
	store_close(b);
	store_close(a);
}

static void
test_demo_registry(void)
{
	struct store *st = fresh();
	int added = -1;

	CU_ASSERT_EQUAL(store_load_demo(st, &added), 0);
	CU_ASSERT(added >= 36);
	CU_ASSERT_EQUAL(store_person_count(st), added);
	CU_ASSERT_EQUAL(store_load_demo(st, &added), 0);
	CU_ASSERT_EQUAL(added, 0);
	store_close(st);
}

static CU_TestInfo store_tests[] = {
	{ "migrations on a fresh file", test_migrate_fresh },
	{ "missing state dir says what to do", test_open_missing },
	{ "clerks and keys", test_clerks },
	{ "malformed keys refused", test_bad_keys },
	{ "settings", test_settings },
	{ "audit chain detects an edit", test_audit_chain },
	{ "audit filter days are days in Japan", test_audit_days_in_japan },
	{ "audit row inside a transaction commits or rolls back with it",
	  test_audit_in_tx },
	{ "two connections", test_two_connections },
	{ "demo registry loads once", test_demo_registry },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(store, "store", NULL, clean, store_tests)
