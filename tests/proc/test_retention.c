/*
 * Article 7 on a real database (a demo state dir): the list of what is
 * past keep-until, a purge that deletes exactly that with what hangs off
 * it and nothing else, the supervisor's approval it waits for (four
 * eyes: the run asks, another supervisor's approval deletes), the audit
 * trail after it, and `madoguchi retention run` as the admin runs it. A second SQLite
 * connection sets rows up and counts them, as another process would.
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "testlib.h"

#define TODAY	"2041-11-25"

static char *state;
static struct store *st;
static sqlite3 *db;		/* the second connection */
static int64_t hanako, taro, clerk_id;
/* Past keep-until and finished (deleted), past but not finished (kept),
 * due today (kept: not passed yet), waiting for a reply (no keep-until),
 * a future one of another person. */
static int64_t app_done, app_cancelled, app_open, app_today, app_waiting,
    app_future;
static int64_t purge_request;	/* the approval the run asked for */

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

static int
sql(const char *fmt, ...)
{
	va_list ap;
	char *q;
	int rc;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	rc = sqlite3_exec(db, q, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		fprintf(stderr, "%s: %s\n", q, sqlite3_errmsg(db));
	sqlite3_free(q);
	return rc == SQLITE_OK ? 0 : -1;
}

static long long
count(const char *fmt, ...)
{
	va_list ap;
	sqlite3_stmt *stmt;
	char *q;
	long long n = -1;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, q, -1, &stmt, NULL) == SQLITE_OK &&
	    sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_free(q);
	return n;
}

static int64_t
new_app(int64_t person, const char *state_, const char *keep_until)
{
	struct store_app a;

	memset(&a, 0, sizeof(a));
	a.person_id = person;
	strcpy(a.procedure, "issue");
	strcpy(a.register_, "resident");
	strcpy(a.form, "様式第1号");
	strcpy(a.window, "citizens");
	strcpy(a.filer, "self");
	strcpy(a.case_json, "{\"procedure\":\"issue\"}");
	strcpy(a.decision, "accept");
	strcpy(a.rules, "R2.1 R2.4 R7.1");
	strcpy(a.state, state_);
	strcpy(a.keep_until, keep_until);
	a.clerk_id = clerk_id;
	if (store_app_create(st, &a) == -1)
		return 0;
	return a.id;
}

/* What hangs off an application: a step, an effect, a letter, and a
 * cert (on a card of the person) applied for with it. */
static int
hang_off(int64_t app, int64_t person, const char *tag)
{
	return sql("INSERT INTO app_effects (application_id, seq, effect, "
	    "target) VALUES (%lld, 1, 'issue', 'user');"
	    "INSERT INTO issuance_steps (application_id, kind, step, "
	    "updated_at) VALUES (%lld, 'user', 'written', '2026-11-25');"
	    "INSERT INTO inquiry_letters (ref_no, application_id, form, state, "
	    "created_at) VALUES ('R-%q', %lld, '様式第2号', 'used', "
	    "'2026-11-25');"
	    "INSERT INTO cards (person_id, card_no, expires_on) VALUES "
	    "(%lld, 'TC-%q', '2036-11-25');"
	    "INSERT INTO certificates (card_id, person_id, kind, serial, state, "
	    "not_before, not_after, application_id) VALUES "
	    "(last_insert_rowid(), %lld, 'user', 'S-%q', 'expired', "
	    "'2026-11-25', '2031-11-25', %lld);",
	    (long long)app, (long long)app, tag, (long long)app,
	    (long long)person, tag, (long long)person, tag, (long long)app);
}

static int
suite_init(void)
{
	struct store_person_query q = { .kana = "マドグチハナコ" };
	struct store_person_query qt = { .kana = "ヤマダタロウ" };
	struct store_clerk c;
	char err[256], path[512];

	state = test_mkdtemp("retention");
	if (test_system("%s init --demo %s >/dev/null", test_prog("madoguchi"),
	    state) != 0)
		return 1;
	if ((st = store_open(state, 0, err, sizeof(err))) == NULL ||
	    store_person_search(st, &q, person_cb, &hanako) != 1 ||
	    store_person_search(st, &qt, person_cb, &taro) != 1 ||
	    store_clerk_by_login(st, "demo", &c) != 0)
		return 1;
	clerk_id = c.id;
	snprintf(path, sizeof(path), "%s/madoguchi.db", state);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(db, 5000);
	sqlite3_exec(db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	if (sql("INSERT INTO clerks (login, name, role, window, created_at) "
	    "VALUES ('kato', '加藤', 'clerk', 'citizens', '2026-11-25'),"
	    "('suzuki', '鈴木', 'supervisor', 'citizens', '2026-11-25'),"
	    "('ito', '伊藤', 'supervisor', 'citizens', '2026-11-25')") == -1 ||
	    sql("UPDATE clerks SET disabled = 1 WHERE login = 'ito'") == -1)
		return 1;
	app_done = new_app(hanako, "done", "2041-11-24");
	app_cancelled = new_app(taro, "cancelled", "2036-11-20");
	app_open = new_app(hanako, "accepted", "2041-11-01");
	app_today = new_app(hanako, "done", TODAY);
	app_waiting = new_app(taro, "waiting_reply", "");
	app_future = new_app(taro, "done", "2050-01-01");
	if (app_done == 0 || app_cancelled == 0 || app_open == 0 ||
	    app_today == 0 || app_waiting == 0 || app_future == 0)
		return 1;
	if (hang_off(app_done, hanako, "done") == -1 ||
	    hang_off(app_today, hanako, "today") == -1 ||
	    hang_off(app_future, taro, "future") == -1)
		return 1;
	return 0;
}

static int
suite_clean(void)
{
	sqlite3_close(db);
	store_close(st);
	test_rmtree(state);
	free(state);
	return 0;
}

/* The rows of every table a purge may touch, and of those it must not. */
struct counts {
	long long apps, effects, steps, letters, certs, cards, persons, audit;
};

static void
take_counts(struct counts *c)
{
	c->apps = count("SELECT count(*) FROM applications");
	c->effects = count("SELECT count(*) FROM app_effects");
	c->steps = count("SELECT count(*) FROM issuance_steps");
	c->letters = count("SELECT count(*) FROM inquiry_letters");
	c->certs = count("SELECT count(*) FROM certificates");
	c->cards = count("SELECT count(*) FROM cards");
	c->persons = count("SELECT count(*) FROM persons");
	c->audit = count("SELECT count(*) FROM audit_events");
}

/* The list is exactly what is past keep-until: the finished ones to go,
 * the open one kept as 対象外; listing changes nothing. */
static void
test_due_list(void)
{
	struct proc_due *rows;
	struct counts before, after;
	int n;

	take_counts(&before);
	n = proc_retention_due(st, TODAY, &rows);
	CU_ASSERT_EQUAL_FATAL(n, 3);
	CU_ASSERT_EQUAL(rows[0].id, app_cancelled);	/* earliest first */
	CU_ASSERT_STRING_EQUAL(rows[0].keep_until, "2036-11-20");
	CU_ASSERT_TRUE(rows[0].finished);
	CU_ASSERT_EQUAL(rows[1].id, app_open);
	CU_ASSERT_FALSE(rows[1].finished);
	CU_ASSERT_EQUAL(rows[2].id, app_done);
	CU_ASSERT_TRUE(rows[2].finished);
	CU_ASSERT_STRING_EQUAL(rows[2].form, "様式第1号");
	CU_ASSERT_STRING_EQUAL(rows[2].procedure, "issue");
	free(rows);
	take_counts(&after);
	CU_ASSERT_EQUAL(memcmp(&before, &after, sizeof(before)), 0);
	/* Nothing is past on the day before the earliest keep-until. */
	CU_ASSERT_EQUAL(proc_retention_due(st, "2036-11-20", &rows), 0);
	CU_ASSERT_PTR_NULL(rows);
	/* Every reference to an application is known to the purge. */
	{
		char missing[96];

		CU_ASSERT_EQUAL(store_purge_check(st, missing, sizeof(missing)),
		    0);
	}
}

/* proc context acting as login. */
static struct proc_ctx
as(const char *login)
{
	struct proc_ctx pc;

	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = login;
	pc.state_dir = state;
	return pc;
}

/* A run asks for a supervisor's approval and deletes nothing; the
 * approval is refused to anyone but an enabled supervisor or admin who
 * did not ask. */
static void
test_purge_refused(void)
{
	struct counts before, after;
	struct proc_ctx pc = as("suzuki");
	struct store_approval a;
	char msg[512];
	int deleted = -1;
	int64_t again = 0;

	take_counts(&before);
	CU_ASSERT_EQUAL_FATAL(proc_retention_purge(&pc, TODAY, &deleted,
	    &purge_request, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "承認を依頼しました"));
	CU_ASSERT_EQUAL(deleted, 0);
	CU_ASSERT_EQUAL_FATAL(store_approval_get(st, purge_request, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.action, "retention_purge");
	CU_ASSERT_STRING_EQUAL(a.state, "waiting");
	/* Exactly what is due and finished now. */
	snprintf(msg, sizeof(msg), "today=%s ids=%lld,%lld", TODAY,
	    (long long)app_cancelled, (long long)app_done);
	CU_ASSERT_STRING_EQUAL(a.params, msg);
	/* Asked again: the same request. */
	CU_ASSERT_EQUAL(proc_retention_purge(&pc, TODAY, &deleted, &again, msg,
	    sizeof(msg)), 1);
	CU_ASSERT_EQUAL(again, purge_request);
	/* Who may not approve it. */
	pc = as("suzuki");		/* asked it */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, purge_request, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分が依頼したもの"));
	pc = as("kato");		/* a clerk */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, purge_request, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "監督者か管理者"));
	pc = as("nobody");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, purge_request, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "登録されていません"));
	pc = as("ito");			/* disabled */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, purge_request, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "利用停止"));
	take_counts(&after);
	CU_ASSERT_EQUAL(after.apps, before.apps);
	CU_ASSERT_EQUAL(after.effects, before.effects);
	CU_ASSERT_EQUAL(after.letters, before.letters);
	CU_ASSERT_EQUAL(after.audit, before.audit + 1);	/* the request */
	CU_ASSERT_EQUAL_FATAL(store_approval_get(st, purge_request, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "waiting");
}

/* The approval deletes: the two finished applications past keep-until go
 * with their steps, effects and letters; their certs and cards stay
 * (without the reference); everything else is intact; the purge's audit
 * row, holding no name or address, names the approver; the chain
 * verifies. */
static void
test_purge(void)
{
	struct counts before, after;
	struct proc_ctx pc = as("demo");	/* the demo clerk is an admin */
	struct store_approval a;
	char msg[512], detail[512], expect[128];
	int64_t bad = 0, again = 0;
	int deleted = 0;
	sqlite3_stmt *stmt;

	/* Receipts saved as PDFs (no printer at the window) of one
	 * application purged and one kept. */
	CU_ASSERT_EQUAL(test_system("mkdir -p '%s/print' && touch "
	    "'%s/print/receipt-%lld.pdf' '%s/print/receipt-%lld.pdf'", state,
	    state, (long long)app_done, state, (long long)app_open), 0);
	CU_ASSERT_EQUAL(sql("INSERT INTO print_jobs (kind, ref_id, "
	    "application_id, person_id, window, state, created_at, updated_at, "
	    "actor) VALUES ('receipt', %lld, %lld, %lld, 'citizens', 'saved', "
	    "'2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'demo'), "
	    "('receipt', %lld, %lld, %lld, 'citizens', 'saved', "
	    "'2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z', 'demo')",
	    (long long)app_done, (long long)app_done, (long long)hanako,
	    (long long)app_open, (long long)app_open, (long long)hanako), 0);
	take_counts(&before);
	CU_ASSERT_EQUAL_FATAL(proc_approval_decide(&pc, purge_request, 1,
	    NULL, msg, sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "2 件を削除しました"));
	/* The purged application's paper goes with it; the other stays. */
	CU_ASSERT_EQUAL(test_system("test -e '%s/print/receipt-%lld.pdf'",
	    state, (long long)app_done), 1);
	CU_ASSERT_EQUAL(test_system("test -e '%s/print/receipt-%lld.pdf'",
	    state, (long long)app_open), 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM print_jobs WHERE "
	    "application_id = %lld", (long long)app_open), 1);
	CU_ASSERT_EQUAL_FATAL(store_approval_get(st, purge_request, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "done");
	CU_ASSERT_STRING_EQUAL(a.decided_by, "demo");
	take_counts(&after);
	CU_ASSERT_EQUAL(after.apps, before.apps - 2);
	CU_ASSERT_EQUAL(after.effects, before.effects - 1);
	CU_ASSERT_EQUAL(after.steps, before.steps - 1);
	CU_ASSERT_EQUAL(after.letters, before.letters - 1);
	CU_ASSERT_EQUAL(after.certs, before.certs);
	CU_ASSERT_EQUAL(after.cards, before.cards);
	CU_ASSERT_EQUAL(after.persons, before.persons);
	/* approval.approve, retention.purge, approval.done */
	CU_ASSERT_EQUAL(after.audit, before.audit + 3);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id IN "
	    "(%lld, %lld)", (long long)app_done, (long long)app_cancelled), 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id IN "
	    "(%lld, %lld, %lld, %lld)", (long long)app_open,
	    (long long)app_today, (long long)app_waiting,
	    (long long)app_future), 4);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM certificates WHERE serial "
	    "= 'S-done' AND application_id IS NULL"), 1);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM app_effects WHERE "
	    "application_id IN (%lld, %lld)", (long long)app_today,
	    (long long)app_future), 2);
	/* No row names what is gone (count: -1 when the check gives no row). */
	CU_ASSERT_EQUAL(count("PRAGMA foreign_key_check"), -1);
	/* The audit rows: the purge by the approver, naming her; the
	 * approval done with both names. */
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT actor, kind, "
	    "object, detail FROM audit_events WHERE kind = 'retention.purge' "
	    "ORDER BY id DESC LIMIT 1", -1, &stmt, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_step(stmt), SQLITE_ROW);
	CU_ASSERT_STRING_EQUAL(sqlite3_column_text(stmt, 0), "demo");
	CU_ASSERT_STRING_EQUAL(sqlite3_column_text(stmt, 2), "demo");
	snprintf(detail, sizeof(detail), "%s", sqlite3_column_text(stmt, 3));
	sqlite3_finalize(stmt);
	snprintf(expect, sizeof(expect), "2 %lld:2036-11-20 %lld:2041-11-24",
	    (long long)app_cancelled, (long long)app_done);
	CU_ASSERT_STRING_EQUAL(detail, expect);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE kind = "
	    "'approval.done' AND detail LIKE '%%requested_by=suzuki "
	    "approved_by=demo%%'"), 1);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events WHERE "
	    "kind = 'retention.purge' AND (detail LIKE '%%窓口%%' OR detail "
	    "LIKE '%%豊中%%' OR detail LIKE '%%山田%%' OR object LIKE "
	    "'%%窓口%%')"), 0);
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	/* The approval is used: not again. */
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, purge_request, 1, NULL, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_approval_execute(&pc, purge_request, msg,
	    sizeof(msg)), -1);
	/* Run again: nothing finished is left past keep-until, nothing
	 * asked. */
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_retention_purge(&pc, TODAY, &deleted, &again,
	    msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(deleted, 0);
	CU_ASSERT_EQUAL(again, 0);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM audit_events"),
	    after.audit);
}

/* `madoguchi retention run` as an admin runs it. */
static void
test_cli(void)
{
	const char *prog = test_prog("madoguchi");
	struct proc_ctx pc;
	int64_t app, app2, n;
	char *out, id[32], msg[512];
	int status;

	app = new_app(hanako, "done", "2041-10-01");
	CU_ASSERT_FATAL(app != 0);
	snprintf(id, sizeof(id), "%lld", (long long)app);
	out = test_output(&status, "MADOGUCHI_TODAY=%s %s retention run "
	    "--dry-run --state %s 2>&1", TODAY, prog, state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, id) : NULL);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "対象外 (未完了)") :
	    NULL);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "--dry-run") : NULL);
	CU_ASSERT_PTR_NULL(out != NULL ? strstr(out, "窓口 花子") : NULL);
	free(out);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app), 1);
	/* --approved-by proves nobody's approval: gone (usage, exit 2). */
	out = test_output(&status, "MADOGUCHI_TODAY=%s %s retention run "
	    "--approved-by suzuki --state %s 2>&1", TODAY, prog, state);
	CU_ASSERT_EQUAL(status, 2);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "承認待ち") : NULL);
	free(out);
	/* A run asks (its number printed) and deletes nothing. */
	out = test_output(&status, "MADOGUCHI_TODAY=%s %s retention run "
	    "--state %s 2>&1", TODAY, prog, state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(out, "承認を依頼しました (番号 "));
	n = strtoll(strstr(out, "(番号 ") + strlen("(番号 "), NULL, 10);
	free(out);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app), 1);
	/* A supervisor approves (on the screen, here through proc). */
	pc = as("suzuki");
	CU_ASSERT_EQUAL(proc_approval_decide(&pc, n, 1, NULL, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "1 件を削除しました"));
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app), 0);
	/* With the setting off, the run deletes at once. */
	app2 = new_app(hanako, "done", "2041-10-02");
	CU_ASSERT_EQUAL(store_setting_set(st, "approval.retention_purge", "0"),
	    0);
	out = test_output(&status, "MADOGUCHI_TODAY=%s %s retention run "
	    "--state %s", TODAY, prog, state);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "1 件を削除しました") :
	    NULL);
	free(out);
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app2), 0);
	app = app2;
	CU_ASSERT_EQUAL(count("SELECT count(*) FROM applications WHERE id = "
	    "%lld", (long long)app_open), 1);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
	/* It was the newest: its 受付番号 is not given again. */
	CU_ASSERT(new_app(hanako, "done", "2041-10-01") > app);
}

static CU_TestInfo retention_tests[] = {
	{ "the list is what is past keep-until, and changes nothing", test_due_list },
	{ "a run asks a supervisor; none but another may approve", test_purge_refused },
	{ "the approval deletes that and nothing else; audit verifies", test_purge },
	{ "madoguchi retention run", test_cli },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_retention, "proc.retention", suite_init, suite_clean,
    retention_tests)
