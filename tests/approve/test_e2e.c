/*
 * Four eyes end to end, through `ssh -tt` to madoguchi-sshd: a clerk
 * cancels an accepted application on the person's record and is told it
 * waits for approval (nothing is cancelled, and the clerk's menu has no
 * 承認待ち); a supervisor logs in with a key of her own, opens 承認待ち,
 * sees the request with the application's decision and rules, approves
 * it, and the application is cancelled, audited with both names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"
#include "../server/harness.h"

#define WAIT_MS		10000

static struct hs *h;
static char kato_key[600], suzuki_key[600];
static int64_t app_id;

static struct store *
db(void)
{
	char err[256];
	struct store *st = store_open(h->state, 0, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	return st;
}

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/* 森 拓也's issuance, accepted (its case is not read here). */
static int
accepted_app(void)
{
	struct store_person_query q = { .kana = "モリタクヤ" };
	struct store_app *a = calloc(1, sizeof(*a));
	struct store_clerk c;
	struct store *st;
	char err[256];
	int rc = -1;

	if ((st = store_open(h->state, 0, err, sizeof(err))) == NULL)
		goto out;
	if (store_person_search(st, &q, person_cb, &a->person_id) != 1 ||
	    store_clerk_by_login(st, "demo", &c) != 0)
		goto out;
	a->clerk_id = c.id;
	strcpy(a->procedure, "issue");
	strcpy(a->register_, "resident");
	strcpy(a->form, "様式第1号");
	strcpy(a->window, "citizens");
	strcpy(a->filer, "self");
	strcpy(a->case_json, "{}");
	strcpy(a->decision, "accept");
	strcpy(a->rules, "R2.1 R2.4 R7.1");
	strcpy(a->state, "accepted");
	if (store_app_create(st, a) == 0) {
		app_id = a->id;
		rc = 0;
	}
out:
	store_close(st);
	free(a);
	return rc;
}

static int
suite_init(void)
{
	if ((h = hs_start(NULL)) == NULL ||
	    hs_add_clerk(h, "kato", kato_key, sizeof(kato_key)) != 0 ||
	    hs_new_key(h, "suzuki", suzuki_key, sizeof(suzuki_key)) != 0)
		return 1;
	/* A second supervisor is itself a role granted under four eyes
	 * (tests/maint); this office set it up before switching that on. */
	if (test_system("M='%s'; S='%s'; \"$M\" settings set approval.clerk_role 0 "
	    "--state \"$S\" && \"$M\" clerk add suzuki --key '%s.pub' --role "
	    "supervisor --window citizens --name '鈴木 監督' --state \"$S\" && "
	    "\"$M\" settings set approval.clerk_role 1 --state \"$S\"",
	    test_prog("madoguchi"), h->state, suzuki_key) != 0)
		return 1;
	return accepted_app();
}

static int
suite_clean(void)
{
	hs_stop(h);
	h = NULL;
	return 0;
}

static struct vt *
login(const char *user, const char *key)
{
	struct vt *v = hs_ssh(h, user, key, 24, 80);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	if (!vt_wait_text(v, HS_UI_READY, WAIT_MS)) {
		vt_dump(v, "no menu");
		CU_FAIL_FATAL("menu not shown");
	}
	return v;
}

static void
press(struct vt *v, enum vt_key key, const char *wait)
{
	vt_key(v, key);
	if (!vt_wait_text(v, wait, WAIT_MS)) {
		vt_dump(v, wait);
		CU_FAIL_FATAL(wait);
	}
}

static void
type(struct vt *v, const char *text, const char *wait)
{
	vt_type(v, text);
	if (!vt_wait_text(v, wait, WAIT_MS)) {
		vt_dump(v, wait);
		CU_FAIL_FATAL(wait);
	}
}

static const char *
app_state(char *buf, size_t size)
{
	struct store *st = db();
	struct store_app *a = calloc(1, sizeof(*a));

	CU_ASSERT_EQUAL(store_app_get(st, app_id, a), 0);
	snprintf(buf, size, "%s", a->state);
	free(a);
	store_close(st);
	return buf;
}

static int64_t request_no;

/* The clerk's cancel: asked, not done. */
static void
test_clerk_asks(void)
{
	struct vt *v = login("kato", kato_key);
	char *scr, state[16];
	const char *p;

	CU_ASSERT_FALSE(vt_has_text(v, "承認待ち"));	/* not on her menu */
	type(v, "c", "本人・申請の検索");
	vt_key(v, VT_KEY_TAB);
	type(v, "もりたくや", "モリタクヤ");
	press(v, VT_KEY_F5, "1 人見つかりました");
	press(v, VT_KEY_ENTER, "本人の記録");
	CU_ASSERT_TRUE(vt_wait_text(v, "受付済み", WAIT_MS));
	vt_key(v, VT_KEY_END);		/* his one application, last */
	press(v, VT_KEY_F8, "次の申請を取り消しますか");
	type(v, "y", "取消しの理由");
	type(v, "本人の申出により取下げ", "本人の申出により取下げ");
	press(v, VT_KEY_F5, "承認を依頼しました");
	scr = vt_screen(v);
	p = strstr(scr, "(番号 ");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	request_no = strtoll(p + strlen("(番号 "), NULL, 10);
	free(scr);
	CU_ASSERT_TRUE(request_no > 0);
	press(v, VT_KEY_ENTER, "本人の記録");
	CU_ASSERT_TRUE(vt_wait_text(v, "承認待ち", WAIT_MS));
	CU_ASSERT_STRING_EQUAL(app_state(state, sizeof(state)), "accepted");
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
}

/* The supervisor sees it with the decision and the rules, approves: the
 * application is cancelled, both names in its audit row. */
static void
test_supervisor_approves(void)
{
	struct vt *v;
	struct store *st;
	char want[64], state[16], *out;
	int status;

	CU_ASSERT_TRUE_FATAL(request_no > 0);
	v = login("suzuki", suzuki_key);
	type(v, "s", "承認を待つ依頼: 1 件");
	snprintf(want, sizeof(want), "受付番号 %lld", (long long)app_id);
	CU_ASSERT_TRUE(vt_has_text(v, want));
	CU_ASSERT_TRUE(vt_has_text(v, "kato"));
	CU_ASSERT_TRUE(vt_has_text(v, "受付済みの申請の取消し"));
	CU_ASSERT_TRUE(vt_has_text(v, "根拠 R2.1 R2.4 R7.1"));
	CU_ASSERT_TRUE(vt_has_text(v, "本人の申出により取下げ"));
	press(v, VT_KEY_F5, "承認しますか");
	type(v, "y", "取り消しました");
	press(v, VT_KEY_ENTER, "承認を待つ依頼: 0 件");
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	CU_ASSERT_STRING_EQUAL(app_state(state, sizeof(state)), "cancelled");
	st = db();
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
	store_close(st);
	out = test_output(&status, "sqlite3 '%s/madoguchi.db' \"SELECT actor "
	    "|| ' ' || detail FROM audit_events WHERE kind = "
	    "'application.cancel'\" 2>&1", h->state);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out, "suzuki ") : NULL);
	CU_ASSERT_PTR_NOT_NULL(out != NULL ? strstr(out,
	    "requested_by=kato approved_by=suzuki") : NULL);
	free(out);
}

static CU_TestInfo e2e_tests[] = {
	{ "a clerk's cancel waits for approval", test_clerk_asks },
	{ "a supervisor approves it on 承認待ち: cancelled", test_supervisor_approves },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(approve_e2e, "approve.e2e", suite_init, suite_clean, e2e_tests)
