/*
 * The person's record (本人の記録) as a clerk reads it on an 80x24
 * terminal through libvterm: every card, certificate and application
 * reachable by scrolling, with the position shown, pending applications
 * first. The state dir is made once by `madoguchi init --demo`; each test
 * gives its own person of the demo registry the records it needs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "testlib.h"
#include "vt.h"

#define WAIT_MS	5000

static char *state;
static int64_t clerk_id;

static int
suite_init(void)
{
	struct store_clerk c;
	struct store *st;
	char err[256];

	if ((state = test_mkdtemp("record")) == NULL ||
	    test_system("%s init --demo %s >/dev/null 2>&1",
	    test_prog("madoguchi"), state) != 0)
		return -1;
	if ((st = store_open(state, 0, err, sizeof(err))) == NULL)
		return -1;
	if (store_clerk_by_login(st, "demo", &c) == 0)
		clerk_id = c.id;
	/* The record's cancel, not four eyes (tests/approve): direct. */
	if (store_setting_set(st, "approval.app_cancel", "0") == -1)
		clerk_id = 0;
	store_close(st);
	return clerk_id != 0 ? 0 : -1;
}

static int
suite_clean(void)
{
	if (state != NULL)
		test_rmtree(state);
	free(state);
	return 0;
}

static struct store *
db(void)
{
	char err[256];
	struct store *st = store_open(state, 0, err, sizeof(err));

	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	return st;
}

static int
person_cb(const struct store_person *p, void *arg)
{
	*(int64_t *)arg = p->id;
	return 1;
}

/* The id of the demo person with that kana (no spaces). */
static int64_t
person_id(struct store *st, const char *kana)
{
	struct store_person_query q = { .kana = kana };
	int64_t id = 0;

	CU_ASSERT_EQUAL_FATAL(store_person_search(st, &q, person_cb, &id), 1);
	return id;
}

/* An application saved straight in the state given (its case is not
 * read by these tests). */
static int64_t
app_add(struct store *st, int64_t pid, const char *procedure,
    const char *app_state)
{
	struct store_app *a = calloc(1, sizeof(*a));
	int64_t id;

	a->person_id = pid;
	a->clerk_id = clerk_id;
	snprintf(a->procedure, sizeof(a->procedure), "%s", procedure);
	snprintf(a->register_, sizeof(a->register_), "resident");
	snprintf(a->form, sizeof(a->form), "様式第1号");
	snprintf(a->window, sizeof(a->window), "citizens");
	snprintf(a->filer, sizeof(a->filer), "self");
	snprintf(a->case_json, sizeof(a->case_json), "{}");
	snprintf(a->decision, sizeof(a->decision), "accept");
	snprintf(a->rules, sizeof(a->rules), "R2.1");
	snprintf(a->state, sizeof(a->state), "%s", app_state);
	CU_ASSERT_EQUAL_FATAL(store_app_create(st, a), 0);
	id = a->id;
	free(a);
	return id;
}

static void
cert_add(struct store *st, int64_t pid, int64_t card_id, const char *kind,
    const char *serial, const char *cert_state)
{
	struct store_cert c;

	memset(&c, 0, sizeof(c));
	c.person_id = pid;
	c.card_id = card_id;
	snprintf(c.kind, sizeof(c.kind), "%s", kind);
	snprintf(c.serial, sizeof(c.serial), "%s", serial);
	snprintf(c.state, sizeof(c.state), "%s", cert_state);
	snprintf(c.not_before, sizeof(c.not_before), "2026-01-05");
	snprintf(c.not_after, sizeof(c.not_after), "2031-01-04");
	CU_ASSERT_EQUAL_FATAL(store_cert_record(st, &c), 0);
}

/* The UI for the demo admin on an 80x24 pty, at the menu. */
static struct vt *
start(void)
{
	char *argv[] = { (char *)test_prog("madoguchi"), "ui", "--state", state,
	    "--clerk", "demo", NULL };
	char *env[] = { "MADOGUCHI_TODAY=2026-11-25", "MADOGUCHI_SESSION=r1",
	    NULL };
	struct vt *v = vt_spawn(24, 80, argv, env);

	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	if (!vt_wait_text(v, "F10/q 終了", WAIT_MS)) {
		vt_dump(v, "no menu");
		CU_FAIL_FATAL("menu not shown");
	}
	return v;
}

static void
logout(struct vt *v)
{
	int st = -1;

	vt_key(v, VT_KEY_F10);
	CU_ASSERT_TRUE(vt_wait_text(v, "ログアウトしますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE(vt_wait_exit(v, WAIT_MS, &st));
	CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	vt_free(v);
}

/* Search by kana (hiragana typed) and open the one match's record. */
static void
open_record(struct vt *v, const char *kana, const char *name)
{
	vt_type(v, "c");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人・申請の検索", WAIT_MS));
	vt_key(v, VT_KEY_TAB);
	vt_type(v, kana);
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "1 人見つかりました", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, name, WAIT_MS));
}

/* The screen row holding text, -1 when none does. */
static int
row_of(struct vt *v, const char *text)
{
	char row[512];
	int r;

	vt_pump(v, 0);
	for (r = 0; r < 24; r++) {
		vt_row(v, r, row, sizeof(row));
		if (strstr(row, text) != NULL)
			return r;
	}
	return -1;
}

/* The rows of the records list that show now, as one string. */
static char *
screen_now(struct vt *v)
{
	vt_pump(v, 50);
	return vt_screen(v);
}

/*
 * 田中 実: one card, two certs (the valid one listed first) and seven
 * applications, three of them pending: ten rows, more than an 80x24
 * screen holds under his basic info. Every row is reached by the arrow
 * keys, the position shows, the pending ones come first, newest first.
 */
static void
test_record_scrolls(void)
{
	static const char *const order[] = {
		"様式第1号  処理中", "様式第1号  回答書待ち", "様式第1号  受付済み",
		"暗証番号の変更  様式第1号  完了", "様式第1号  受付不可",
		"様式第1号  取消し", "発行・更新  様式第1号  完了",
	};
	struct store_card card;
	struct store *st = db();
	int64_t pid = person_id(st, "タナカミノル");
	char *seen = NULL, *scr;
	size_t seen_len = 0, i;
	int r, k, last;
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(store_card_ensure(st, pid, "CARD00077777",
	    "2031-03-31", &card), 0);
	cert_add(st, pid, card.id, "user", "7A01", "revoked");
	cert_add(st, pid, card.id, "signature", "7B02", "valid");
	app_add(st, pid, "issue", "done");
	app_add(st, pid, "issue", "accepted");
	app_add(st, pid, "issue", "cancelled");
	app_add(st, pid, "issue", "in_progress");
	app_add(st, pid, "issue", "rejected");
	app_add(st, pid, "issue", "waiting_reply");
	app_add(st, pid, "pin_change", "done");
	store_close(st);

	v = start();
	open_record(v, "たなかみのる", "田中 実");
	/* It opens on the first pending application, the position said
	 * (each cert has its serial on a row under it). */
	CU_ASSERT_TRUE(vt_wait_text(v, "(6/12)", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "宛名番号"));
	/* Down to the end and back to the top, keeping what showed. */
	for (k = 0; k < 12; k++) {
		scr = screen_now(v);
		seen = realloc(seen, seen_len + strlen(scr) + 1);
		memcpy(seen + seen_len, scr, strlen(scr) + 1);
		seen_len += strlen(scr);
		free(scr);
		vt_key(v, VT_KEY_DOWN);
	}
	CU_ASSERT_TRUE(vt_wait_text(v, "(12/12)", WAIT_MS));
	CU_ASSERT_PTR_NOT_NULL(strstr(seen, "発行・更新  様式第1号  完了"));
	CU_ASSERT_PTR_NOT_NULL(strstr(seen, "様式第1号  取消し"));
	free(seen);
	vt_key(v, VT_KEY_HOME);
	CU_ASSERT_TRUE(vt_wait_text(v, "(1/12)", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "CARD00077777", WAIT_MS));
	/* The whole top drawn before rows are compared (under load the
	 * position may come before the rows below it). */
	CU_ASSERT_TRUE(vt_wait_text(v, "電子証明書    署名用  有効", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "利用者証明用  失効", WAIT_MS));
	/* The valid cert above the revoked one, both under the card. */
	r = row_of(v, "署名用  有効");
	CU_ASSERT_TRUE(r > row_of(v, "CARD00077777"));
	/* The section's label on its first row. */
	CU_ASSERT_EQUAL(row_of(v, "電子証明書    署名用  有効"), r);
	CU_ASSERT_TRUE(r < row_of(v, "利用者証明用  失効"));
	/* The one in progress first, the other pending, then the rest, each
	 * newest first: each row of the order
	 * is below the one before it once the view shows both. */
	vt_key(v, VT_KEY_END);
	CU_ASSERT_TRUE(vt_wait_text(v, "(12/12)", WAIT_MS));
	for (i = 0, last = -1; i < sizeof(order) / sizeof(order[0]); i++) {
		r = row_of(v, order[i]);
		if (r < 0 || r <= last) {
			vt_dump(v, order[i]);
			CU_FAIL("records out of order or not shown");
		}
		last = r;
	}
	/* PageUp goes back a screenful at a time. */
	vt_key(v, VT_KEY_PGUP);
	CU_ASSERT_TRUE(vt_wait_gone(v, "(12/12)", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "/12)"));
	logout(v);
}

/* An issuance application saved as the form saves it (the rules decide
 * the case: an adult resident with a driving licence, the card checked
 * and proven hers: each application on a card of its own), accepted. */
static int64_t
app_save(struct store *st, int64_t pid)
{
	static int cards;
	struct proc_ctx pc = { .st = st, .actor = "demo" };
	struct proc_card_check chk = { .route = PROC_ROUTE_SUPPORT,
	    .basic4_read = 1, .registry_match = 1, .status_ok = 1,
	    .pin_verified = 1 };
	struct store_person p;
	struct store_app *a = calloc(1, sizeof(*a));
	struct rules_case c;
	char msg[512];
	int64_t id;

	snprintf(chk.card_no, sizeof(chk.card_no), "TR%010d", ++cards);
	snprintf(chk.card_key, sizeof(chk.card_key), "%064d", cards);

	CU_ASSERT_EQUAL_FATAL(store_person_get(st, pid, &p), 0);
	rules_case_init(&c);
	c.procedure = RULES_PROC_ISSUE;
	c.reg = RULES_REG_RESIDENT;
	c.date = (struct era_date){ 2026, 11, 25 };
	c.window = RULES_WIN_CITIZENS;
	c.certs = RULES_CERT_ALL;
	CU_ASSERT_EQUAL(era_parse_iso(p.birth_date, &c.birth_date), 0);
	c.filer = RULES_FILER_SELF;
	c.n_documents = 1;
	c.documents[0] = (struct rules_document){ RULES_LIST_A, 1, true, true };
	c.has_card = true;
	c.card.registry_match = c.card.status_ok = c.card.pin_verified = true;
	if (proc_app_save(&pc, &p, clerk_id, &c, &chk, NULL, "accepted", a, msg,
	    sizeof(msg)) != 0) {
		fprintf(stderr, "proc_app_save: %s\n", msg);
		CU_FAIL_FATAL("application not saved");
	}
	id = a->id;
	free(a);
	return id;
}

/*
 * 佐々木 修: an issuance interrupted after it touched the card
 * (in_progress) and a newer one only accepted. F7 resumes the one in
 * progress, and the record marks that one.
 */
static void
test_resume_in_progress(void)
{
	struct store *st = db();
	int64_t pid = person_id(st, "ササキオサム"), older, newer;
	char want[64];
	struct vt *v;

	older = app_save(st, pid);
	CU_ASSERT_EQUAL_FATAL(store_app_set_state(st, older, "accepted",
	    "in_progress"), 0);
	newer = app_save(st, pid);
	CU_ASSERT_TRUE_FATAL(newer > older);
	store_close(st);

	v = start();
	open_record(v, "ささきおさむ", "佐々木 修");
	CU_ASSERT_TRUE(vt_wait_text(v, "処理中  F7 で再開", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "受付済み"));
	CU_ASSERT_FALSE(vt_has_text(v, "受付済み  F7 で再開"));
	vt_key(v, VT_KEY_F7);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "電子証明書の発行", WAIT_MS));
	snprintf(want, sizeof(want), "受付番号 %lld ", (long long)older);
	if (!vt_wait_text(v, want, WAIT_MS)) {
		vt_dump(v, want);
		CU_FAIL("F7 did not resume the application in progress");
	}
	vt_key(v, VT_KEY_F9);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の記録", WAIT_MS));
	logout(v);
}

/* The audit detail of the application's cancellation ("" if none). */
static void
cancel_detail(int64_t app_id, char *buf, size_t size)
{
	struct store *st = db();
	struct store_app *a = calloc(1, sizeof(*a));
	char *out;
	int status;

	buf[0] = '\0';
	CU_ASSERT_EQUAL(store_app_get(st, app_id, a), 0);
	out = test_output(&status, "sqlite3 %s/%s \"SELECT detail FROM "
	    "audit_events WHERE kind = 'application.cancel' AND object = '%s'\"",
	    state, STATE_DB, a->request_id);
	if (out != NULL)
		snprintf(buf, size, "%s", out);
	free(out);
	free(a);
	store_close(st);
}

/*
 * 森 拓也: an accepted application, a newer one waiting for its reply
 * letter and a finished one. F8 on a row that is no application, and on
 * the finished one, says what to do; on the waiting one it asks first
 * (n leaves it), then takes the reason (required, no control characters,
 * 100 characters at most) and cancels it: the record shows it cancelled,
 * its letter is void, the audit row carries the reason.
 */
static void
test_cancel_from_record(void)
{
	struct store *st = db();
	int64_t pid = person_id(st, "モリタクヤ"), accepted, waiting;
	struct store_letter l;
	char row[512], detail[1024], ref[16];
	struct vt *v;
	int i;

	app_add(st, pid, "issue", "done");
	accepted = app_add(st, pid, "issue", "accepted");
	waiting = app_add(st, pid, "issue", "waiting_reply");
	CU_ASSERT_EQUAL_FATAL(store_letter_create(st, waiting, "様式第2号", &l),
	    0);
	CU_ASSERT_EQUAL_FATAL(store_letter_set_state(st, l.ref_no, "sent"), 0);
	snprintf(ref, sizeof(ref), "%s", l.ref_no);
	store_close(st);

	v = start();
	open_record(v, "もりたくや", "森 拓也");
	/* Every key of the record is on the key bar at 80 columns (two
	 * rows when one does not hold them): read once the bar is drawn. */
	CU_ASSERT_TRUE(vt_wait_text(v, "F10/q 終了", WAIT_MS));
	vt_row(v, 22, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "F8/x 取消"));
	vt_row(v, 23, row, sizeof(row));
	CU_ASSERT_PTR_NOT_NULL(strstr(row, "F10/q 終了"));
	/* The first row (no card) is no application. */
	vt_key(v, VT_KEY_HOME);
	CU_ASSERT_TRUE(vt_wait_text(v, "カード        記録なし", WAIT_MS));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE(vt_wait_text(v, "取り消す申請を上下キーで選んで", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "取り消す申請を上下キーで選んで",
	    WAIT_MS));
	/* The finished one, last, cannot be cancelled. */
	vt_key(v, VT_KEY_END);
	vt_type(v, "x");
	CU_ASSERT_TRUE(vt_wait_text(v, "この申請は取り消せません", WAIT_MS));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "この申請は取り消せません", WAIT_MS));
	/* The waiting one is the first pending: the third row. */
	vt_key(v, VT_KEY_HOME);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "次の申請を取り消しますか", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "回答書待ち"));
	CU_ASSERT_TRUE(vt_has_text(v, "照会書兼回答書は無効"));
	vt_type(v, "n");
	CU_ASSERT_TRUE(vt_wait_gone(v, "次の申請を取り消しますか", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "本人の記録"));
	vt_key(v, VT_KEY_F8);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "次の申請を取り消しますか", WAIT_MS));
	vt_type(v, "y");
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "取消しの理由", WAIT_MS));
	/* The reason is required; a control character is refused as typed. */
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE(vt_wait_text(v, "取消しの理由を入力してください", WAIT_MS));
	vt_type(v, "\007");
	CU_ASSERT_TRUE(vt_wait_text(v, "制御文字は入力できません", WAIT_MS));
	/* At most 100 characters. */
	for (i = 0; i < 101; i++)
		vt_type(v, "申");
	CU_ASSERT_TRUE(vt_wait_text(v, "文字数の上限です", WAIT_MS));
	vt_key(v, VT_KEY_F8);		/* cleared */
	vt_type(v, "本人の申出により取下げ");
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の申出により取下げ", WAIT_MS));
	vt_key(v, VT_KEY_F5);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "を取り消しました", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, ref));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "様式第1号  取消し", WAIT_MS));
	CU_ASSERT_FALSE(vt_has_text(v, "回答書待ち"));
	/* Pending first still: the accepted one now heads the applications. */
	CU_ASSERT_TRUE(row_of(v, "様式第1号  受付済み") <
	    row_of(v, "様式第1号  取消し"));
	CU_ASSERT_TRUE(vt_has_text(v, "を取り消しました"));
	/* The message is the record's: the next screen does not show it,
	 * nor does the record when the clerk comes back to it. */
	vt_key(v, VT_KEY_F6);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "手続きの選択", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_gone(v, "を取り消しました", WAIT_MS));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE_FATAL(vt_wait_text(v, "本人の記録", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "様式第1号  取消し", WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_gone(v, "を取り消しました", WAIT_MS));
	st = db();
	CU_ASSERT_EQUAL(store_letter_by_ref(st, ref, &l), 0);
	CU_ASSERT_STRING_EQUAL(l.state, "void");
	store_close(st);
	cancel_detail(waiting, detail, sizeof(detail));
	CU_ASSERT_PTR_NOT_NULL(strstr(detail, "reason=本人の申出により取下げ"));
	cancel_detail(accepted, detail, sizeof(detail));
	CU_ASSERT_STRING_EQUAL(detail, "");
	logout(v);
}

/* Set an application's stored time (UTC) as the store would have. */
static void
app_set_created(int64_t app_id, const char *at)
{
	CU_ASSERT_EQUAL(test_system("sqlite3 %s/%s \"UPDATE applications SET "
	    "created_at = '%s' WHERE id = %lld\"", state, STATE_DB, at,
	    (long long)app_id), 0);
}

/*
 * 林 美穂: a cert whose serial has all of its 40 hex digits, and an
 * application taken at 00:36 in Japan (15:36 UTC the day before). The
 * record shows the serial whole on its own row and the application on
 * its Japanese day; F4 shows each row's values whole, the time in
 * Japan time and 和暦.
 */
static void
test_record_detail(void)
{
	static const char serial[] = "0123456789ABCDEF0123456789ABCDEF01234567";
	struct store_card card;
	struct store *st = db();
	int64_t pid = person_id(st, "ハヤシミホ"), app;
	char want[128];
	struct vt *v;

	CU_ASSERT_EQUAL_FATAL(store_card_ensure(st, pid, "CARD00088888",
	    "2031-03-31", &card), 0);
	cert_add(st, pid, card.id, "signature", serial, "valid");
	app = app_add(st, pid, "issue", "accepted");
	store_close(st);
	app_set_created(app, "2026-11-25T15:36:00Z");

	v = start();
	open_record(v, "はやしみほ", "林 美穂");
	snprintf(want, sizeof(want), "番号 %s", serial);
	CU_ASSERT_TRUE(vt_wait_text(v, want, WAIT_MS));
	CU_ASSERT_TRUE(vt_wait_text(v, "R8.11.26  発行・更新", WAIT_MS));
	/* On the application (pending, highlighted first): its time. */
	vt_key(v, VT_KEY_F4);
	CU_ASSERT_TRUE(vt_wait_text(v, "受付: 令和8年11月26日 0:36", WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "住所: "));
	vt_key(v, VT_KEY_ENTER);
	CU_ASSERT_TRUE(vt_wait_gone(v, "受付: 令和8年11月26日", WAIT_MS));
	/* On the cert: its serial whole in the box. */
	vt_key(v, VT_KEY_HOME);
	vt_key(v, VT_KEY_DOWN);
	vt_key(v, VT_KEY_F4);
	snprintf(want, sizeof(want), "シリアル番号: %s", serial);
	CU_ASSERT_TRUE(vt_wait_text(v, want, WAIT_MS));
	CU_ASSERT_TRUE(vt_has_text(v, "有効期間: 令和8年1月5日 から 令和13年1月4日"));
	vt_key(v, VT_KEY_ESC);
	CU_ASSERT_TRUE(vt_wait_gone(v, "シリアル番号: ", WAIT_MS));
	logout(v);
}

static CU_TestInfo record_tests[] = {
	{ "F4 shows a row whole: a 40-digit serial, a time in Japan time",
	  test_record_detail },
	{ "record scrolls at 80x24, pending applications first",
	  test_record_scrolls },
	{ "F7 resumes the application in progress before a newer accepted one",
	  test_resume_in_progress },
	{ "a pending application cancelled from the record with a reason",
	  test_cancel_from_record },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(record, "ui.record", suite_init, suite_clean, record_tests)
