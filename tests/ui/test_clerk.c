/*
 * Identity binding below the screens (issue 9): the check every business
 * action makes first (ui_clerk_check, ui_clerk_authorize), against a real
 * database file made by `madoguchi init`, while an admin changes the clerk
 * with `madoguchi clerk` (another process, another connection) and the
 * session's own connection stays open, as a long session's does. A
 * refusal is in the audit trail, whose chain stays intact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "madoguchi/store.h"
#include "madoguchi/ui.h"
#include "testlib.h"

static char *state;
static struct store *st;

static int
clerk_init(void)
{
	const char *m = test_prog("madoguchi");
	char err[256];

	if ((state = test_mkdtemp("ui-clerk")) == NULL)
		return -1;
	if (test_system("%s init %s >/dev/null 2>&1", m, state) != 0 ||
	    test_system("ssh-keygen -q -t ed25519 -N '' -f %s/k >/dev/null",
	    state) != 0 ||
	    test_system("%s clerk add suzuki --key %s/k.pub --role supervisor "
	    "--window shonai --name '鈴木 一郎' --state %s >/dev/null 2>&1", m,
	    state, state) != 0)
		return -1;
	return (st = store_open(state, 0, err, sizeof(err))) == NULL ? -1 : 0;
}

static int
clerk_cleanup(void)
{
	store_close(st);
	if (state != NULL)
		test_rmtree(state);
	free(state);
	return 0;
}

/* The session as `madoguchi ui` made it at login. */
static const struct ui_session suzuki = {
	.login = "suzuki", .name = "鈴木 一郎", .role = UI_ROLE_SUPERVISOR,
	.window = "shonai", .today = "2026-11-25",
};

static int
admin(const char *verb)
{
	return test_system("%s clerk %s suzuki --state %s >/dev/null 2>&1",
	    test_prog("madoguchi"), verb, state);
}

/* An UPDATE from another connection, as an admin tool would make it. */
static void
sql(const char *stmt)
{
	char path[4096];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", state, STATE_DB);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL(sqlite3_exec(db, stmt, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The newest audit row as "actor kind object detail". */
static void
last_audit(char *buf, size_t size)
{
	char path[4096];
	sqlite3_stmt *q;
	sqlite3 *db;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", state, STATE_DB);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT actor || ' ' || "
	    "kind || ' ' || object || ' ' || ifnull(detail, '') FROM "
	    "audit_events ORDER BY id DESC LIMIT 1", -1, &q, NULL), SQLITE_OK);
	if (sqlite3_step(q) == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
}

static void
test_enabled(void)
{
	enum ui_clerk_standing cs = UI_CLERK_UNREADABLE;

	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_OK);
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_SUPERVISOR),
	    UI_CLERK_OK);
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &suzuki, UI_ROLE_CLERK,
	    "issue_form", &cs), 0);
	CU_ASSERT_EQUAL(cs, UI_CLERK_OK);
	/* A screen of a higher role is refused, and says so. */
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &suzuki, UI_ROLE_ADMIN,
	    "clerks", &cs), -1);
	CU_ASSERT_EQUAL(cs, UI_CLERK_NO_ROLE);
	CU_ASSERT_PTR_NOT_NULL(strstr(ui_clerk_text(cs), "役割がありません"));
}

/* Disabled while the session's connection is open: every business action
 * is refused from then on, audited; enabled again, accepted again. */
static void
test_disabled(void)
{
	enum ui_clerk_standing cs = UI_CLERK_OK;
	char row[512];
	int64_t bad = 0;

	CU_ASSERT_EQUAL_FATAL(admin("disable"), 0);
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_DISABLED);
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &suzuki, UI_ROLE_CLERK,
	    "issue_run", &cs), -1);
	CU_ASSERT_EQUAL(cs, UI_CLERK_DISABLED);
	CU_ASSERT_STRING_EQUAL(ui_clerk_text(cs),
	    "この職員は利用停止されました。");
	last_audit(row, sizeof(row));
	CU_ASSERT_STRING_EQUAL(row, "suzuki clerk.refused issue_run "
	    "clerk disabled");
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &suzuki, UI_ROLE_CLERK,
	    "inquiry_letter", NULL), -1);
	last_audit(row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "inquiry_letter"));
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	CU_ASSERT_EQUAL_FATAL(admin("enable"), 0);
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &suzuki, UI_ROLE_CLERK,
	    "issue_run", &cs), 0);
}

/* A role or window changed since login: the session's identity is not
 * the clerk's any more. Lowered below the screen's role: no role. */
static void
test_changed(void)
{
	sql("UPDATE clerks SET role = 'admin' WHERE login = 'suzuki'");
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_CHANGED);
	sql("UPDATE clerks SET role = 'clerk' WHERE login = 'suzuki'");
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_SUPERVISOR),
	    UI_CLERK_NO_ROLE);
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_CHANGED);
	sql("UPDATE clerks SET role = 'supervisor', window = 'citizens' "
	    "WHERE login = 'suzuki'");
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_CHANGED);
	sql("UPDATE clerks SET window = 'shonai' WHERE login = 'suzuki'");
	CU_ASSERT_EQUAL(ui_clerk_check(st, &suzuki, UI_ROLE_CLERK),
	    UI_CLERK_OK);
}

static void
test_gone(void)
{
	struct ui_session s = suzuki;
	enum ui_clerk_standing cs = UI_CLERK_OK;

	s.login = "nobody";
	CU_ASSERT_EQUAL(ui_clerk_authorize(st, &s, UI_ROLE_CLERK, "issue_form",
	    &cs), -1);
	CU_ASSERT_EQUAL(cs, UI_CLERK_GONE);
}

static CU_TestInfo clerk_tests[] = {
	{ "an enabled clerk may act on screens of their role", test_enabled },
	{ "a clerk disabled mid-session is refused, audited", test_disabled },
	{ "a role or window changed since login", test_changed },
	{ "a clerk no longer registered is refused", test_gone },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(clerk, "ui.clerk", clerk_init, clerk_cleanup, clerk_tests)
