/*
 * The settings registry and the clerk changes through proc, on a real
 * database: every setting's default passes its own check, bad values are
 * refused with a Japanese reason, a change writes settings.set with old
 * -> new; key lines made by ssh-keygen are taken, garbage and lines with
 * control characters refused; every clerk change has its audit row with
 * the admin as actor, and the refusals (the last key of oneself, stopping
 * oneself) change nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "madoguchi/proc.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"

static char *dir;
static struct store *st;
static char ed_line[256], rsa_line[1024];

/* The first line of a .pub made by ssh-keygen into buf. */
static int
keygen(const char *type, const char *name, char *buf, size_t size)
{
	char *out;
	int status;

	if (test_system("ssh-keygen -q -t %s -N '' -C '%s@test' -f '%s/%s'",
	    type, name, dir, name) != 0)
		return -1;
	out = test_output(&status, "cat '%s/%s.pub'", dir, name);
	if (out == NULL || status != 0) {
		free(out);
		return -1;
	}
	out[strcspn(out, "\n")] = '\0';
	snprintf(buf, size, "%s", out);
	free(out);
	return 0;
}

static int
maint_init(void)
{
	char err[256];
	int from, to;

	dir = test_mkdtemp("maint");
	if ((st = store_open(dir, STORE_CREATE, err, sizeof(err))) == NULL ||
	    store_migrate(st, &from, &to) != 0)
		return 1;
	if (keygen("ed25519", "ed", ed_line, sizeof(ed_line)) != 0 ||
	    keygen("rsa", "rsa", rsa_line, sizeof(rsa_line)) != 0)
		return 1;
	return proc_settings_init(st) < 0;
}

static int
maint_cleanup(void)
{
	store_close(st);
	test_rmtree(dir);
	free(dir);
	return 0;
}

static int
copy_cb(const struct store_audit_row *e, void *arg)
{
	*(struct store_audit_row *)arg = *e;
	return 1;
}

static void
newest(struct store_audit_row *e)
{
	struct store_audit_query q = { 0 };

	memset(e, 0, sizeof(*e));
	CU_ASSERT_EQUAL(store_audit_browse(st, &q, 0, 1, copy_cb, e), 1);
}

static int
audit_rows(void)
{
	struct store_audit_query q = { 0 };
	int n = -1;

	store_audit_count(st, &q, &n);
	return n;
}

static void
test_defaults_valid(void)
{
	const struct setting *s;
	char norm[512], msg[512], val[512];
	size_t i, n = proc_setting_count();

	CU_ASSERT_TRUE(n >= 15);
	for (i = 0; (s = proc_setting_at(i)) != NULL; i++) {
		if (proc_setting_check(s, proc_setting_default(s), norm,
		    sizeof(norm), msg, sizeof(msg)) != 0)
			fprintf(stderr, "%s: default refused: %s\n", s->key, msg);
		CU_ASSERT_EQUAL(proc_setting_check(s, proc_setting_default(s),
		    norm, sizeof(norm), msg, sizeof(msg)), 0);
		CU_ASSERT_STRING_EQUAL(norm, proc_setting_default(s));
		CU_ASSERT_PTR_EQUAL(proc_setting_find(s->key), s);
		CU_ASSERT_TRUE(s->label != NULL && s->help != NULL);
		/* init wrote it */
		CU_ASSERT_EQUAL(store_setting_get(st, s->key, val, sizeof(val)), 0);
		CU_ASSERT_STRING_EQUAL(val, proc_setting_default(s));
		/* group by group */
		if (i > 0)
			CU_ASSERT_TRUE(proc_setting_at(i - 1)->group <= s->group);
	}
	CU_ASSERT_EQUAL(i, n);
	CU_ASSERT_STRING_EQUAL(proc_setting_default(proc_setting_find(
	    "window.shonai.label")), "庄内出張所");
	/* init again writes nothing */
	CU_ASSERT_EQUAL(proc_settings_init(st), 0);
}

static void
test_bad_values(void)
{
	static const struct { const char *key, *value, *says; } bad[] = {
		{ "session.idle_timeout_s", "abc", "数字" },
		{ "session.idle_timeout_s", "-5", "0 から 86400" },
		{ "session.idle_timeout_s", "999999", "0 から 86400" },
		{ "server.auth_max_tries", "0", "1 から 20" },
		{ "server.auth_max_tries", "", "数字" },
		{ "retention.card_guideline_years", "101", "1 から 100" },
		{ "window.citizens.enabled", "2", "1 (有効) か 0 (無効)" },
		{ "city.name", "", "入力してください" },
		{ "city.name", "豊中\x1b[2J", "制御文字" },
		{ "city.name", "豊中\xe2\x80\xae市", "制御文字" },
		{ "city.name", "あいうえおかきくけこさしすせそたちつてとな",
		  "20 文字以内" },
		{ "no.such.key", "1", "ありません" },
		{ "server.branch_networks", "10.1.2.0/24 10.1.2.1/24",
		  "10.1.2.1/24: 長さより後ろのビット" },
		{ "server.branch_networks", "10.1.2.0/33", "0 から 32" },
		{ "server.branch_networks", "支所", "IPv4 か IPv6" },
		{ "server.max_startups", "10:30", "開始:率:上限" },
		{ "server.max_startups", "10:101:100", "率は 1 から 100" },
	};
	char msg[512], val[64];
	size_t i;
	int before = audit_rows();

	for (i = 0; i < nitems(bad); i++) {
		msg[0] = '\0';
		CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", bad[i].key,
		    bad[i].value, msg, sizeof(msg)), -1);
		if (strstr(msg, bad[i].says) == NULL)
			fprintf(stderr, "%s=%s: %s\n", bad[i].key, bad[i].value,
			    msg);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, bad[i].says));
	}
	CU_ASSERT_EQUAL(audit_rows(), before);
	CU_ASSERT_EQUAL(store_setting_get(st, "city.name", val, sizeof(val)), 0);
	CU_ASSERT_STRING_EQUAL(val, "豊中市");
}

static void
test_set_audited(void)
{
	struct store_audit_row e;
	char msg[512], val[64];

	/* Full-width digits and blanks are taken as the number. */
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", "session.idle_timeout_s",
	    " １２０ ", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(store_setting_get(st, "session.idle_timeout_s", val,
	    sizeof(val)), 0);
	CU_ASSERT_STRING_EQUAL(val, "120");
	CU_ASSERT_EQUAL(store_setting_int(st, "session.idle_timeout_s", 0), 120);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "settings.set");
	CU_ASSERT_STRING_EQUAL(e.actor, "admin1");
	CU_ASSERT_STRING_EQUAL(e.object, "session.idle_timeout_s");
	CU_ASSERT_STRING_EQUAL(e.detail, "900 -> 120");
	/* The same value again: nothing written. */
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", "session.idle_timeout_s",
	    "120", msg, sizeof(msg)), 1);
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", "window.embassy.enabled",
	    "無効", msg, sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.detail, "1 -> 0");
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

/* The branch networks: a list kept as typed, なし empties it. */
static void
test_branch_networks(void)
{
	char msg[512], val[256];

	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1",
	    "server.branch_networks", "10.1.2.0/24 fd00:1::/64", msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(store_setting_get(st, "server.branch_networks", val,
	    sizeof(val)), 0);
	CU_ASSERT_STRING_EQUAL(val, "10.1.2.0/24 fd00:1::/64");
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1",
	    "server.branch_networks", "なし", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(store_setting_get(st, "server.branch_networks", val,
	    sizeof(val)), 0);
	CU_ASSERT_STRING_EQUAL(val, "");
	CU_ASSERT_STRING_EQUAL(proc_setting_show(proc_setting_find(
	    "server.branch_networks"), val), "なし");
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", "server.max_startups",
	    "10:30:10", msg, sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_setting_set(st, "admin1", "server.max_startups",
	    "100:30:200", msg, sizeof(msg)), 0);
}

static void
test_key_lines(void)
{
	char fp[96], msg[512], line[1200];

	CU_ASSERT_EQUAL(proc_key_line_check(ed_line, fp, sizeof(fp), msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(strncmp(fp, "SHA256:", 7), 0);
	CU_ASSERT_EQUAL(proc_key_line_check(rsa_line, NULL, 0, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_TRUE(strlen(rsa_line) > 300);
	/* Garbage, a private key's first line, a cut line. */
	CU_ASSERT_EQUAL(proc_key_line_check("hello world", NULL, 0, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "対応していない鍵の種類"));
	CU_ASSERT_EQUAL(proc_key_line_check("-----BEGIN OPENSSH PRIVATE KEY-----",
	    NULL, 0, msg, sizeof(msg)), -1);
	snprintf(line, sizeof(line), "%.40s", ed_line);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "公開鍵として使えません"));
	snprintf(line, sizeof(line), "%.200s", rsa_line);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "途中で切れて"));
	/* The type named does not match the data. */
	snprintf(line, sizeof(line), "ssh-rsa %s", strchr(ed_line, ' ') + 1);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "種類と合いません"));
	/* Control characters and bidi overrides in the comment. */
	snprintf(line, sizeof(line), "%s\x1b[31m", ed_line);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "制御文字"));
	snprintf(line, sizeof(line), "%s \xe2\x80\xae", ed_line);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	snprintf(line, sizeof(line), "%s\n%s", ed_line, ed_line);
	CU_ASSERT_EQUAL(proc_key_line_check(line, NULL, 0, msg, sizeof(msg)),
	    -1);
	CU_ASSERT_EQUAL(store_key_check(line, NULL, 0, NULL), -1);
}

static void
test_clerk_changes(void)
{
	struct proc_clerk_new cn = { "admin1", "管理 一郎", "admin", "citizens",
	    ed_line };
	struct store_audit_row e;
	struct store_clerk c;
	struct store_clerk_key k[4];
	struct proc_ctx pc;
	int64_t approval = 0;
	char msg[512];
	int n;

	CU_ASSERT_EQUAL_FATAL(proc_clerk_add(st, "init", &cn, msg, sizeof(msg)),
	    0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.add");
	CU_ASSERT_STRING_EQUAL(e.actor, "init");
	CU_ASSERT_STRING_EQUAL(e.object, "admin1");
	CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "SHA256:"));
	/* A login, name or key that will not do. */
	cn.login = "Bad Login";
	CU_ASSERT_EQUAL(proc_clerk_add(st, "admin1", &cn, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "ログイン名"));
	cn.login = "sato";
	cn.name = "佐藤\xe2\x80\xae";
	CU_ASSERT_EQUAL(proc_clerk_add(st, "admin1", &cn, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "制御文字"));
	cn.name = "佐藤 次郎";
	CU_ASSERT_EQUAL(proc_clerk_add(st, "admin1", &cn, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "admin1 の鍵として登録済み"));
	cn.key_line = rsa_line;
	cn.role = "clerk";
	cn.window = "shonai";
	CU_ASSERT_EQUAL_FATAL(proc_clerk_add(st, "admin1", &cn, msg,
	    sizeof(msg)), 0);
	CU_ASSERT_EQUAL(proc_clerk_add(st, "admin1", &cn, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "登録済み"));
	/* Window and role. */
	CU_ASSERT_EQUAL(proc_clerk_set_window(st, "admin1", "sato", "citizens",
	    msg, sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.window");
	CU_ASSERT_STRING_EQUAL(e.detail, "shonai -> citizens");
	/* A role change is four eyes by default: asked, not done. */
	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = "admin1";
	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "sato", "supervisor", NULL,
	    &approval, msg, sizeof(msg)), 1);
	CU_ASSERT_TRUE(approval > 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "approval.request");
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "clerk");
	/* With the setting off it is done at once, audited. */
	CU_ASSERT_EQUAL_FATAL(store_setting_set(st, "approval.clerk_role", "0"),
	    0);
	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "sato", "supervisor", NULL,
	    &approval, msg, sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.role");
	CU_ASSERT_STRING_EQUAL(e.actor, "admin1");
	/* Never one's own role. */
	CU_ASSERT_EQUAL(proc_clerk_role_change(&pc, "admin1", "clerk", NULL,
	    &approval, msg, sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分の役割"));
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.window, "citizens");
	CU_ASSERT_STRING_EQUAL(c.role, "supervisor");
	/* Disable and enable; never oneself. */
	CU_ASSERT_EQUAL(proc_clerk_set_disabled(st, "admin1", "admin1", 1, msg,
	    sizeof(msg)), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "自分自身"));
	CU_ASSERT_EQUAL(proc_clerk_set_disabled(st, "admin1", "sato", 1, msg,
	    sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.disable");
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &c), 0);
	CU_ASSERT_EQUAL(c.disabled, 1);
	CU_ASSERT_EQUAL(proc_clerk_set_disabled(st, "admin1", "sato", 0, msg,
	    sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.enable");
	/* Keys: the admin's only key stays; sato's second key comes and goes. */
	n = store_clerk_by_login(st, "admin1", &c);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(store_clerk_keys(st, c.id, NULL, NULL), 1);
	memset(k, 0, sizeof(k));
	{
		struct store_audit_query q = { 0 };
		int before;

		store_audit_count(st, &q, &before);
		CU_ASSERT_EQUAL(proc_clerk_remove_key(st, "admin1", "admin1", 1,
		    msg, sizeof(msg)), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(msg, "最後の鍵"));
		CU_ASSERT_EQUAL(audit_rows(), before);
	}
	CU_ASSERT_EQUAL(keygen("ed25519", "ed2", msg, sizeof(msg)), 0);
	{
		char line[512];

		memcpy(line, msg, sizeof(line));
		CU_ASSERT_EQUAL(proc_clerk_add_key(st, "admin1", "sato", line,
		    msg, sizeof(msg)), 0);
	}
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.add_key");
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &c), 0);
	CU_ASSERT_EQUAL(store_clerk_keys(st, c.id, NULL, NULL), 2);
	CU_ASSERT_EQUAL(proc_clerk_remove_key(st, "admin1", "sato", 1, msg,
	    sizeof(msg)), -1);	/* key 1 is admin1's, not sato's */
	CU_ASSERT_EQUAL(proc_clerk_remove_key(st, "admin1", "sato", 2, msg,
	    sizeof(msg)), 0);
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "clerk.remove_key");
	CU_ASSERT_PTR_NOT_NULL(strstr(e.detail, "SHA256:"));
	CU_ASSERT_EQUAL(store_clerk_keys(st, c.id, NULL, NULL), 1);
	CU_ASSERT_EQUAL(store_audit_verify(st, NULL), 0);
}

static void
test_audit_browse(void)
{
	struct store_audit_query q = { 0 };
	char msg[512];
	int n = 0;

	q.actor = "admin1";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_TRUE(n >= 8);
	q.actor = "nobody";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	q.actor = NULL;
	q.from = "2000-01-01";
	q.to = "2000-12-31";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	q.to = "2999-12-31";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, audit_rows());
	CU_ASSERT_STRING_EQUAL(proc_audit_kind_label("clerk.disable"),
	    "職員の停止");
	CU_ASSERT_PTR_NULL(proc_audit_kind_label("no.such"));
	/* This database has no signed head beside it: not verifiable, and
	 * said so (the signed cases: tests/audit). */
	CU_ASSERT_EQUAL(proc_audit_check(st, "/nonexistent", msg, sizeof(msg)),
	    -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "検証できません"));
}

/* Rows about a person are those whose object is the request id of one of
 * the person's applications; by procedure, likewise. */
static void
test_audit_by_person(void)
{
	struct store_audit_query q = { 0 };
	char path[600];
	sqlite3 *db;
	int n = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, STATE_DB);
	CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &db), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_exec(db,
	    "INSERT INTO persons (id, atena_no, register, name, name_kana, "
	    "birth_date, sex, address) VALUES (501, '900000001', 'resident', "
	    "'試験 一', 'シケン ハジメ', '1980-01-01', 1, '豊中市'), (502, "
	    "'900000002', 'resident', '試験 二', 'シケン ツギ', '1980-01-02', 2, "
	    "'豊中市');"
	    "INSERT INTO applications (request_id, person_id, procedure, "
	    "register, form, window, filer, case_json, decision, rules, state, "
	    "clerk_id, created_at) VALUES ('REQ-A', 501, 'issue', 'resident', "
	    "'様式第1号', 'citizens', 'self', '{}', 'accept', '', 'accepted', 1, "
	    "'2026-01-01T00:00:00Z'), ('REQ-B', 502, 'revoke', 'resident', "
	    "'様式第3号', 'citizens', 'self', '{}', 'accept', '', 'accepted', 1, "
	    "'2026-01-01T00:00:00Z');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	CU_ASSERT_EQUAL(store_audit(st, "sato", "application.save", "REQ-A",
	    "accepted"), 0);
	CU_ASSERT_EQUAL(store_audit(st, "sato", "application.done", "REQ-A",
	    "issue"), 0);
	CU_ASSERT_EQUAL(store_audit(st, "sato", "application.save", "REQ-B",
	    "accepted"), 0);
	q.person_id = 501;
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	q.person_id = 502;
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 1);
	q.person_id = 0;
	q.procedure = "issue";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 2);
	q.procedure = "pin_change";
	CU_ASSERT_EQUAL(store_audit_count(st, &q, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	/* Paging: newest first, from an offset. */
	{
		struct store_audit_query all = { 0 };
		struct store_audit_row e;
		int total = 0;

		all.actor = "sato";
		CU_ASSERT_EQUAL(store_audit_count(st, &all, &total), 0);
		CU_ASSERT_EQUAL(total, 3);
		CU_ASSERT_EQUAL(store_audit_browse(st, &all, 2, 10, copy_cb, &e),
		    1);
		CU_ASSERT_STRING_EQUAL(e.object, "REQ-A");
		CU_ASSERT_STRING_EQUAL(e.kind, "application.save");
	}
}

/* A supervisor made by adding a clerk is a role granted: under four eyes
 * the clerk is made a plain clerk and the role asked for, so an admin
 * cannot make a second account to approve their own requests. */
static void
test_clerk_add_role_waits(void)
{
	char line[256], msg[512];
	struct proc_clerk_new cn = { "kimura", "木村 次郎", "supervisor",
	    "citizens", line };
	struct store_audit_row e;
	struct store_clerk c;

	CU_ASSERT_EQUAL_FATAL(keygen("ed25519", "kim", line, sizeof(line)), 0);
	CU_ASSERT_EQUAL_FATAL(store_setting_set(st, "approval.clerk_role", "1"),
	    0);
	/* sato (a supervisor by now) could approve. */
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "sato", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "supervisor");
	CU_ASSERT_EQUAL(c.disabled, 0);
	CU_ASSERT_EQUAL(proc_clerk_add(st, "admin1", &cn, msg, sizeof(msg)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, "承認"));
	CU_ASSERT_EQUAL(store_clerk_by_login(st, "kimura", &c), 0);
	CU_ASSERT_STRING_EQUAL(c.role, "clerk");
	newest(&e);
	CU_ASSERT_STRING_EQUAL(e.kind, "approval.request");
	CU_ASSERT_STRING_EQUAL(e.actor, "admin1");
}

static CU_TestInfo maint_unit_tests[] = {
	{ "every setting's default passes its check (init wrote them)",
	  test_defaults_valid },
	{ "bad setting values refused in Japanese, nothing written",
	  test_bad_values },
	{ "a setting change is audited old -> new", test_set_audited },
	{ "branch networks kept as typed, なし empties them",
	  test_branch_networks },
	{ "key lines: ssh-keygen's taken, garbage and controls refused",
	  test_key_lines },
	{ "clerk changes through proc, each with its audit row",
	  test_clerk_changes },
	{ "a supervisor's role given at creation waits for four eyes",
	  test_clerk_add_role_waits },
	{ "audit browse by clerk and days", test_audit_browse },
	{ "audit browse by person and procedure, paged", test_audit_by_person },
	CU_TEST_INFO_NULL
};
TEST_SUITE_FULL(maint_unit, "maint.unit", maint_init, maint_cleanup,
    maint_unit_tests)
