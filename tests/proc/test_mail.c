/*
 * The mailing of request forms to J-LIS (R6.6, R6-2.5) on a real counter
 * database of a state dir made by `madoguchi init --demo`: disclosure
 * requests saved as the rules decide them await a mailing; a mailing made,
 * printed (list and cover sheet files), posted with a tracking number
 * (bad ones refused, the steps done, nothing mailed twice), delivered; a
 * returned mailing's requests mailable again; the audit rows. No card
 * service or issuer is needed.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "proc_test.h"
#include "testlib.h"

static struct proc_test_env env;
PROC_TEST_ENV_SUITE(env, "procmail", NULL)

/* 窓口 花子 asks for the disclosure of her records herself with her
 * driving licence (R6.1, R6.2): accepted, sent to J-LIS (R6.6). */
static int64_t
disclose(void)
{
	struct rules_case c;
	struct store_app a;
	char msg[256];

	rules_case_init(&c);
	c.procedure = RULES_PROC_DISCLOSE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.birth_date = (struct era_date){ 1986, 2, 3 };
	c.filer = RULES_FILER_SELF;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	if (proc_app_save(&env.pc, &env.hanako, env.clerk, &c, NULL, NULL,
	    "accepted", &a, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "save: %s\n", msg);
		CU_FAIL_FATAL("disclosure not saved");
	}
	CU_ASSERT_STRING_EQUAL(a.form, "様式第7号");
	return a.id;
}

struct seen {
	int64_t	ids[16];
	int	n;
};

static int
seen_cb(const struct store_mail_item *it, void *arg)
{
	struct seen *s = arg;

	if (s->n < 16)
		s->ids[s->n++] = it->application_id;
	return 0;
}

static int
awaits(int64_t id)
{
	struct seen s = { { 0 }, 0 };
	int i;

	CU_ASSERT(store_mail_awaiting(env.st, seen_cb, &s) >= 0);
	for (i = 0; i < s.n; i++)
		if (s.ids[i] == id)
			return 1;
	return 0;
}

/* The state of the application's send_to_jlis step. */
static int
step_cb(const struct store_effect *e, void *arg)
{
	if (strcmp(e->effect, "send_to_jlis") == 0)
		snprintf(arg, 8, "%s", e->state);
	return 0;
}

static const char *
step_state(int64_t id)
{
	static char s[8];

	s[0] = '\0';
	store_effect_foreach(env.st, id, step_cb, s);
	return s;
}

/* The number of audit rows of kind for object. */
static int
audit_count(const char *kind, const char *object)
{
	char path[1024];
	sqlite3 *db;
	sqlite3_stmt *stmt;
	int n = -1;

	snprintf(path, sizeof(path), "%s/%s", env.state, STATE_DB);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM audit_events WHERE "
	    "kind = ?1 AND object = ?2", -1, &stmt, NULL) == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, object, -1, SQLITE_STATIC);
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = sqlite3_column_int(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

static void
test_tracking_numbers(void)
{
	static const struct {
		const char	*typed, *digits;
	} rows[] = {
		{ "12345678901", "12345678901" },
		{ "1234-5678-9012", "123456789012" },
		{ "1234567890123", "1234567890123" },
		{ "1234567890", NULL },		/* too short */
		{ "12345678901234", NULL },	/* too long */
		{ "-12345678901", NULL },
		{ "12345678901-", NULL },
		{ "1234--5678901", NULL },
		{ "1234 5678 901", NULL },
		{ "１２３４５６７８９０１", NULL },	/* the field folds these */
		{ "", NULL },
	};
	char digits[PROC_TRACKING_DIGITS_MAX + 1], msg[256];
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int rc = proc_mail_tracking_check(rows[i].typed, digits,
		    sizeof(digits), msg, sizeof(msg));

		if (rows[i].digits == NULL) {
			CU_ASSERT_EQUAL(rc, -1);
			CU_ASSERT_PTR_NOT_NULL(strstr(msg, "桁"));
		} else {
			CU_ASSERT_EQUAL(rc, 0);
			CU_ASSERT_STRING_EQUAL(digits, rows[i].digits);
		}
	}
}

static void
test_transitions(void)
{
	CU_ASSERT_TRUE(store_mailing_transition_ok("draft", "printed"));
	CU_ASSERT_TRUE(store_mailing_transition_ok("printed", "posted"));
	CU_ASSERT_TRUE(store_mailing_transition_ok("posted", "delivered"));
	CU_ASSERT_TRUE(store_mailing_transition_ok("posted", "returned"));
	CU_ASSERT_FALSE(store_mailing_transition_ok("draft", "posted"));
	CU_ASSERT_FALSE(store_mailing_transition_ok("delivered", "returned"));
	CU_ASSERT_FALSE(store_mailing_transition_ok("returned", "posted"));
}

/* A printed PDF's text, as poppler reads it back. */
static char *
slurp(const char *path)
{
	char *out = test_output(NULL, "pdftotext -enc UTF-8 '%s' -", path);

	CU_ASSERT_PTR_NOT_NULL(out);
	return out;
}

static void
test_mailing_delivered(void)
{
	struct store_mailing m, m2, got;
	struct store_app a;
	char msg[512], status[160], id[24], *list, *cover, *text;
	int64_t one = disclose(), two = disclose();

	CU_ASSERT_TRUE(awaits(one));
	CU_ASSERT_TRUE(awaits(two));
	CU_ASSERT_STRING_EQUAL(step_state(one), "pending");
	CU_ASSERT_EQUAL(proc_mail_app_status(env.st, one, status,
	    sizeof(status)), 0);
	CU_ASSERT_STRING_EQUAL(status, "送付待ち");

	CU_ASSERT_EQUAL_FATAL(proc_mail_create(&env.pc, env.clerk, &m, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(m.state, "draft");
	CU_ASSERT(m.n_items >= 2);
	/* In a mailing: no longer awaiting, never in a second one. */
	CU_ASSERT_FALSE(awaits(one));
	CU_ASSERT_FALSE(awaits(two));
	CU_ASSERT_EQUAL(proc_mail_create(&env.pc, env.clerk, &m2, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "ありません"));
	CU_ASSERT_EQUAL(store_mailing_add(env.st, m.id + 1000, one, 1), -1);
	CU_ASSERT_EQUAL(proc_mail_app_status(env.st, one, status,
	    sizeof(status)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(status, "未印刷"));

	/* Not posted before it is printed. */
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "1234-5678-9012", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "印刷"));
	CU_ASSERT_EQUAL_FATAL(proc_mail_print(&env.pc, env.state, NULL, m.id,
	    &list, &cover, msg, sizeof(msg)), 0);
	text = slurp(list);
	snprintf(id, sizeof(id), "%lld", (long long)one);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, id));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "開示請求"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "様式第7号"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "特定記録郵便"));
	/* No personal data on the list: the forms go with it. */
	CU_ASSERT_PTR_NULL(strstr(text, env.hanako.name));
	CU_ASSERT_PTR_NULL(strstr(text, env.hanako.address));
	free(text);
	text = slurp(cover);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "地方公共団体情報システム機構 御中"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "開示請求書"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "様式第7号"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "送付書"));
	CU_ASSERT_PTR_NULL(strstr(text, env.hanako.name));
	free(text);
	free(list);
	free(cover);
	CU_ASSERT_EQUAL(store_mailing_get(env.st, m.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "printed");

	/* Bad numbers refused; nothing changed. */
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "12-34", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "1234-5678-901a", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_STRING_EQUAL(step_state(one), "pending");
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "1234-5678-9012", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(step_state(one), "done");
	CU_ASSERT_STRING_EQUAL(step_state(two), "done");
	/* Nothing else was pending: the request is done. */
	CU_ASSERT_EQUAL(store_app_get(env.st, one, &a), 0);
	CU_ASSERT_STRING_EQUAL(a.state, "done");
	CU_ASSERT_EQUAL(store_mailing_get(env.st, m.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "posted");
	CU_ASSERT_STRING_EQUAL(got.tracking_no, "123456789012");
	CU_ASSERT_NOT_EQUAL(got.posted_at[0], '\0');
	/* A retry with the number: nothing changes; another number: no. */
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "123456789012", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "1234-5678-9013", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "発送済み"));
	CU_ASSERT_FALSE(awaits(one));
	CU_ASSERT_EQUAL(proc_mail_app_status(env.st, one, status,
	    sizeof(status)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(status, "123456789012"));

	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "delivered", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "delivered", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "returned", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_EQUAL(store_mailing_get(env.st, m.id, &got), 0);
	CU_ASSERT_STRING_EQUAL(got.state, "delivered");
	CU_ASSERT_NOT_EQUAL(got.closed_at[0], '\0');
	CU_ASSERT_EQUAL(proc_mail_app_status(env.st, one, status,
	    sizeof(status)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(status, "配達済み"));

	/* Each move once in the trail, each step's done row. */
	snprintf(id, sizeof(id), "%lld", (long long)m.id);
	CU_ASSERT_EQUAL(audit_count("mailing.create", id), 1);
	CU_ASSERT_EQUAL(audit_count("mailing.print", id), 1);
	CU_ASSERT_EQUAL(audit_count("mailing.post", id), 1);
	CU_ASSERT_EQUAL(audit_count("mailing.deliver", id), 1);
	CU_ASSERT_EQUAL(audit_count("application.step", a.request_id), 1);
	CU_ASSERT_EQUAL(audit_count("application.done", a.request_id), 1);
}

static void
test_mailing_returned(void)
{
	struct store_mailing m, m2;
	struct store_app a;
	char msg[512], id[24], *list, *cover;
	int64_t one = disclose();

	CU_ASSERT_EQUAL_FATAL(proc_mail_create(&env.pc, env.clerk, &m, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(m.n_items, 1);
	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "returned", msg,
	    sizeof(msg)), -1);	/* not posted */
	CU_ASSERT_EQUAL_FATAL(proc_mail_print(&env.pc, env.state, NULL, m.id,
	    &list, &cover, msg, sizeof(msg)), 0);
	free(list);
	free(cover);
	/* The number of another mailing is refused. */
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "123456789012", msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "送付便"));
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m.id, "11111111111", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(step_state(one), "done");
	CU_ASSERT_FALSE(awaits(one));

	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "returned", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_mail_close(&env.pc, m.id, "returned", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(step_state(one), "pending");
	CU_ASSERT_TRUE(awaits(one));
	CU_ASSERT_EQUAL(store_app_get(env.st, one, &a), 0);
	CU_ASSERT_EQUAL(audit_count("application.step_reopen", a.request_id),
	    1);
	snprintf(id, sizeof(id), "%lld", (long long)m.id);
	CU_ASSERT_EQUAL(audit_count("mailing.return", id), 1);

	/* Into a new mailing, and sent again. */
	CU_ASSERT_EQUAL_FATAL(proc_mail_create(&env.pc, env.clerk, &m2, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(m2.n_items, 1);
	CU_ASSERT_FALSE(awaits(one));
	CU_ASSERT_EQUAL_FATAL(proc_mail_print(&env.pc, env.state, NULL, m2.id,
	    &list, &cover, msg, sizeof(msg)), 0);
	free(list);
	free(cover);
	CU_ASSERT_EQUAL(proc_mail_post(&env.pc, m2.id, "2222-2222-222", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_STRING_EQUAL(step_state(one), "done");
	CU_ASSERT_EQUAL(audit_count("application.step", a.request_id), 2);
	CU_ASSERT_EQUAL(store_audit_verify(env.st, &(int64_t){ 0 }), 0);
}

static CU_TestInfo mail_tests[] = {
	{ "tracking numbers: digits and hyphens, 11-13 digits", test_tracking_numbers },
	{ "a mailing's states as a table", test_transitions },
	{ "made, printed, posted, delivered; nothing sent twice", test_mailing_delivered },
	{ "a returned mailing's requests are mailed again", test_mailing_returned },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(proc_mail, "proc.mail", env_init, env_clean, mail_tests)
