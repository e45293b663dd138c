/*
 * Backup and restore, the statistics and the daily close, on real states
 * made by `madoguchi init --demo` (the server harness's copies) and the
 * real `madoguchi` CLI: a restored state has the same records, its trail
 * verifies and the demo clerk logs in to it over ssh; a tampered backup
 * is refused; keys travel only sealed; a backup taken while another
 * process keeps writing is whole; the figures equal what was made.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "testlib.h"
#include "../server/harness.h"

static const char *M;	/* the madoguchi program */

static struct store *
open_state(const char *dir)
{
	char err[256];
	struct store *st = store_open(dir, 0, err, sizeof(err));

	if (st == NULL)
		fprintf(stderr, "open %s: %s\n", dir, err);
	CU_ASSERT_FATAL(st != NULL);
	return st;
}

static int64_t
clerk_id(struct store *st, const char *login)
{
	struct store_clerk c;

	CU_ASSERT_FATAL(store_clerk_by_login(st, login, &c) == 0);
	return c.id;
}

/* The day in Japan (YYYY-MM-DD) of a stored UTC stamp, as the statistics
 * and the daily close count days. */
static void
japan_day(const char *stamp, char day[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	CU_ASSERT_FATAL(sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + 9 * 3600;
	gmtime_r(&t, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

/* An application as the counter saves it, of that procedure, window,
 * state and clerk; its day (in Japan, of the stamp) into day. */
static void
make_app(struct store *st, const char *proc, const char *reg,
    const char *window, const char *state, int64_t clerk, char day[11])
{
	struct store_app *a = calloc(1, sizeof(*a));

	a->person_id = 1;
	snprintf(a->procedure, sizeof(a->procedure), "%s", proc);
	snprintf(a->register_, sizeof(a->register_), "%s", reg);
	snprintf(a->form, sizeof(a->form), "様式第1号");
	snprintf(a->window, sizeof(a->window), "%s", window);
	snprintf(a->filer, sizeof(a->filer), "self");
	snprintf(a->case_json, sizeof(a->case_json), "{}");
	snprintf(a->decision, sizeof(a->decision), "%s",
	    strcmp(state, "rejected") == 0 ? "reject" : "accept");
	snprintf(a->state, sizeof(a->state), "%s", state);
	a->clerk_id = clerk;
	CU_ASSERT_FATAL(store_app_create(st, a) == 0);
	CU_ASSERT_FATAL(store_audit(st, "test", "application.save",
	    a->request_id, a->state) == 0);
	if (day != NULL)
		japan_day(a->created_at, day);
	free(a);
}

/* The hash of the audit row of that id. */
static void
audit_hash_of(const char *state, long id, char out[80])
{
	char *s;
	int status;

	s = test_output(&status, "sqlite3 '%s/madoguchi.db' \"SELECT hash "
	    "FROM audit_events WHERE id = %ld\"", state, id);
	snprintf(out, 80, "%s", s != NULL ? s : "");
	free(s);
}

/* The key id of a state's signed head ("" when none). */
static void
head_key(const char *state, char out[40])
{
	char *s = test_output(NULL, "'%s' audit head --state '%s' 2>/dev/null "
	    "| sed -n 's/^key //p'", M, state);

	snprintf(out, 40, "%s", s != NULL ? s : "");
	out[strcspn(out, "\n")] = '\0';
	free(s);
}

/* `madoguchi audit verify` of a state: intact with nothing unsigned. */
static int
verify_signed(const char *state)
{
	int status;
	char *out = test_output(&status, "'%s' audit verify --state '%s' 2>&1",
	    M, state);
	int ok = status == 0 && out != NULL && strstr(out, "改ざんはありません")
	    != NULL && strstr(out, "署名済みの先頭より後") == NULL;

	if (!ok)
		fprintf(stderr, "verify %s: %d\n%s", state, status,
		    out != NULL ? out : "");
	free(out);
	return ok;
}

/* An attacker's edit of a backup: the audit row of that id changed in
 * the copy (the triggers dropped), the MANIFEST's line fixed to match. */
static void
backup_edit_row(const char *bdir, long id)
{
	CU_ASSERT_EQUAL_FATAL(test_system("cd '%s' && sqlite3 madoguchi.db "
	    "'DROP TRIGGER audit_events_no_update; UPDATE audit_events SET "
	    "object = \"eve\" WHERE id = %ld' && "
	    "s=$(stat -c %%s madoguchi.db) && "
	    "h=$(sha256sum madoguchi.db | cut -c1-64) && "
	    "sed -i \"s/^file [0-9]* [0-9a-f]* madoguchi.db$/file $s $h "
	    "madoguchi.db/\" MANIFEST", bdir, id), 0);
}

/* A server on a restored state, logged in by the demo clerk. */
static void
login_to(const char *state, const char *demo_key)
{
	struct hs *h = calloc(1, sizeof(*h));
	struct vt *v;

	CU_ASSERT_FATAL(strlen(state) < 256 && strlen(demo_key) < 512);
	h->dir = test_mkdtemp("bk-sshd");
	snprintf(h->state, sizeof(h->state), "%.256s", state);
	snprintf(h->log, sizeof(h->log), "%.256s/log/sshd.log", state);
	snprintf(h->demo_key, sizeof(h->demo_key), "%.500s", demo_key);
	CU_ASSERT_FATAL(hs_launch(h) == 0);
	v = hs_ssh(h, "demo", demo_key, 24, 80);
	CU_ASSERT_FATAL(v != NULL);
	CU_ASSERT(vt_wait_text(v, HS_UI_READY, 10000));
	CU_ASSERT(vt_wait_text(v, HS_DEMO_NAME, 5000));
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	hs_stop(h);
}

static void
test_backup_restore(void)
{
	struct hs *h = hs_start(NULL);
	struct store_counts a, b;
	struct store *st;
	char bdir[600], ndir[600], before[80], after[80], oldkey[40];
	char newkey[40], *out;
	int64_t bad = 0;
	int i, status;

	CU_ASSERT_FATAL(h != NULL);
	st = open_state(h->state);
	for (i = 0; i < 5; i++)
		make_app(st, "issue", "resident", "citizens", "accepted",
		    clerk_id(st, "demo"), NULL);
	CU_ASSERT_FATAL(store_counts(st, &a) == 0);
	store_close(st);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	snprintf(ndir, sizeof(ndir), "%s/new", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' >/dev/null", M, h->state, bdir), 0);
	/* A second backup into the same directory is refused. */
	CU_ASSERT_EQUAL(test_system("'%s' backup --state '%s' --out '%s' "
	    "2>/dev/null", M, h->state, bdir), 1);
	head_key(h->state, oldkey);
	CU_ASSERT_FATAL(oldkey[0] != '\0');
	out = test_output(&status, "'%s' restore '%s' --state '%s'", M, bdir,
	    ndir);
	CU_ASSERT_EQUAL_FATAL(status, 0);
	/* Without keys: the trail verified against the backup's head, then
	 * signed at once by a new key, which the summary names; the old
	 * head's public key stays. */
	head_key(ndir, newkey);
	CU_ASSERT(newkey[0] != '\0');
	CU_ASSERT_STRING_NOT_EQUAL(newkey, oldkey);
	CU_ASSERT(strstr(out, "改ざんはありません") != NULL);
	CU_ASSERT(strstr(out, "新しい鍵") != NULL);
	CU_ASSERT(strstr(out, newkey) != NULL);
	free(out);
	CU_ASSERT(verify_signed(ndir));
	CU_ASSERT_EQUAL(test_system("test -f '%s/audit/keys/%s.pub' && "
	    "test -f '%s/audit/keys/%s.pub' && test -f '%s/audit/key'", ndir,
	    oldkey, ndir, newkey, ndir), 0);
	/* The CA says its keys are missing and where they come from, not
	 * "run ca init" (which refuses such a directory). */
	out = test_output(&status, "'%s' ca status --state '%s' 2>&1", M,
	    ndir);
	CU_ASSERT_NOT_EQUAL(status, 0);
	CU_ASSERT(out != NULL && strstr(out, "秘密鍵") != NULL &&
	    strstr(out, "--with-keys") != NULL && strstr(out, "ca init") ==
	    NULL);
	free(out);
	/* Into a state that is there: refused. */
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' "
	    "2>/dev/null", M, bdir, ndir), 1);
	st = open_state(ndir);
	CU_ASSERT_FATAL(store_counts(st, &b) == 0);
	CU_ASSERT_EQUAL(b.applications, a.applications);
	CU_ASSERT_EQUAL(b.clerks, a.clerks);
	CU_ASSERT_EQUAL(b.persons, a.persons);
	/* The trail as it was, and the restore's own row after it. */
	CU_ASSERT_EQUAL(b.audit, a.audit + 1);
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	store_close(st);
	audit_hash_of(h->state, a.audit, before);
	audit_hash_of(ndir, a.audit, after);
	CU_ASSERT(before[0] != '\0');
	CU_ASSERT_STRING_EQUAL(before, after);
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' \"SELECT kind "
	    "FROM audit_events ORDER BY id DESC LIMIT 1\" | grep -qx "
	    "backup.restore", ndir), 0);
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' \"SELECT detail"
	    " FROM audit_events ORDER BY id DESC LIMIT 1\" | grep -q "
	    "'trail=verified key=%s new=yes old=%s'", ndir, newkey, oldkey), 0);
	/* The backup is recorded in the source (for the screen). */
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' \"SELECT "
	    "count(*) FROM backups WHERE dir = '%s'\" | grep -qx 1", h->state,
	    bdir), 0);
	CU_ASSERT_EQUAL(test_system("test -f '%s/ssh/ssh_host_ed25519_key' && "
	    "test -d '%s/run' && test -d '%s/log'", ndir, ndir, ndir), 0);
	login_to(ndir, h->demo_key);
	hs_stop(h);
}

static void
test_manifest_tamper(void)
{
	struct hs *h = hs_start(NULL);
	char bdir[600], ndir[600];

	CU_ASSERT_FATAL(h != NULL);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	snprintf(ndir, sizeof(ndir), "%s/new", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' >/dev/null", M, h->state, bdir), 0);
	/* A hash changed in the MANIFEST. */
	CU_ASSERT_EQUAL_FATAL(test_system("cp '%s/MANIFEST' '%s/m.orig' && "
	    "sed -i 's/^\\(file [0-9]* \\)\\(.\\)/\\1f/' '%s/MANIFEST'",
	    bdir, h->dir, bdir), 0);
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' 2>&1 | "
	    "grep -q 'MANIFEST と一致しません'", M, bdir, ndir), 0);
	CU_ASSERT_EQUAL(test_system("test -e '%s'", ndir), 1);
	/* A file changed behind the MANIFEST's back. */
	CU_ASSERT_EQUAL_FATAL(test_system("cp '%s/m.orig' '%s/MANIFEST' && "
	    "printf x >> '%s/ca/root.pem'", h->dir, bdir, bdir), 0);
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' "
	    "2>/dev/null", M, bdir, ndir), 1);
	CU_ASSERT_EQUAL(test_system("test -e '%s'", ndir), 1);
	hs_stop(h);
}

/* A backup whose audit trail was edited behind the program's back, the
 * MANIFEST fixed as an attacker would: the restore finds the edit against
 * the signed head and refuses, leaving nothing; accepted, it restores,
 * says so and its own row records it, and no head is signed over it. */
static void
test_trail_tamper(void)
{
	struct hs *h = hs_start(NULL);
	char bdir[600], ndir[600], oldkey[40], newkey[40], *out;
	int status;

	CU_ASSERT_FATAL(h != NULL);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	snprintf(ndir, sizeof(ndir), "%s/new", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' >/dev/null", M, h->state, bdir), 0);
	head_key(h->state, oldkey);
	backup_edit_row(bdir, 1);
	out = test_output(&status, "'%s' restore '%s' --state '%s' 2>&1", M,
	    bdir, ndir);
	CU_ASSERT_EQUAL(status, 1);
	CU_ASSERT(out != NULL && strstr(out, "最初の不正な記録: id 1,") !=
	    NULL && strstr(out, "--accept-unverified") != NULL);
	free(out);
	CU_ASSERT_EQUAL(test_system("test -e '%s'", ndir), 1);
	/* Accepted: made, said on stderr, recorded in its row. */
	out = test_output(&status, "'%s' restore '%s' --state '%s' "
	    "--accept-unverified 2>&1 >/dev/null", M, bdir, ndir);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT(out != NULL && strstr(out, "警告") != NULL &&
	    strstr(out, "最初の不正な記録: id 1,") != NULL);
	free(out);
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' \"SELECT detail"
	    " FROM audit_events WHERE kind = 'backup.restore'\" | grep -q "
	    "'trail=UNVERIFIED accepted bad=1 '", ndir), 0);
	/* Still tampered, and the head is the backup's, not re-signed. */
	CU_ASSERT_EQUAL(test_system("'%s' audit verify --state '%s' "
	    ">/dev/null 2>&1", M, ndir), 1);
	head_key(ndir, newkey);
	CU_ASSERT_STRING_EQUAL(newkey, oldkey);
	CU_ASSERT_EQUAL(test_system("cmp -s '%s/audit/head' '%s/audit/head'",
	    bdir, ndir), 0);
	hs_stop(h);
}

/* A backup of an older program (its database at schema 8, before the
 * backups table, and no signed head: the signer came with 0009)
 * restores into this program's schema only when its unverifiable trail
 * is accepted. */
static void
test_older_schema(void)
{
	struct hs *h = hs_start(NULL);
	char bdir[600], ndir[600];

	CU_ASSERT_FATAL(h != NULL);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	snprintf(ndir, sizeof(ndir), "%s/new", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' >/dev/null", M, h->state, bdir), 0);
	CU_ASSERT_EQUAL_FATAL(test_system("cd '%s' && sqlite3 madoguchi.db "
	    "'DROP TABLE backups; DROP TABLE approvals; "
	    "DROP TABLE IF EXISTS clerk_unlock; "
	    "DROP TABLE IF EXISTS print_jobs; "
	    TEST_UNDO_SEARCH_INDEX_SQL
	    "ALTER TABLE persons DROP COLUMN name_key; "
	    "ALTER TABLE persons DROP COLUMN kana_key; "
	    "ALTER TABLE persons DROP COLUMN addr_key; "
	    "DROP TRIGGER audit_events_no_update; "
	    "DROP TRIGGER audit_events_no_delete; "
	    "DELETE FROM settings WHERE key LIKE \"audit.%%\"; "
	    "PRAGMA user_version = 8' && "
	    "s=$(stat -c %%s madoguchi.db) && "
	    "h=$(sha256sum madoguchi.db | cut -c1-64) && "
	    "sed -i \"s/^file [0-9]* [0-9a-f]* madoguchi.db$/file $s $h "
	    "madoguchi.db/\" MANIFEST && rm -r audit && "
	    "sed -i -e '/ audit\\//d' -e 's/^audit-head 1$/audit-head 0/' "
	    "MANIFEST", bdir), 0);
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' 2>&1 | "
	    "grep -q '署名済みの先頭 (audit/head) がありません'", M, bdir, ndir),
	    0);
	CU_ASSERT_EQUAL(test_system("test -e '%s'", ndir), 1);
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' "
	    "--accept-unverified 2>/dev/null | grep -q 'スキーマ 8 -> '", M,
	    bdir, ndir), 0);
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' 'SELECT count(*) "
	    "FROM backups' | grep -qx 0", ndir), 0);
	hs_stop(h);
}

static void
test_with_keys(void)
{
	struct hs *h = hs_start(NULL);
	char bdir[600], ndir[600], pf[600], wrong[600], oldkey[40];
	char newkey[40];

	CU_ASSERT_FATAL(h != NULL);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	snprintf(ndir, sizeof(ndir), "%s/new", h->dir);
	snprintf(pf, sizeof(pf), "%s/pass", h->dir);
	snprintf(wrong, sizeof(wrong), "%s/wrong", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("echo 'a long passphrase' > '%s' && "
	    "echo 'another passphrase' > '%s'", pf, wrong), 0);
	/* Too short a passphrase is refused. */
	CU_ASSERT_EQUAL(test_system("echo short > '%s.s' && '%s' backup "
	    "--state '%s' --out '%s.s' --with-keys --passphrase-file '%s.s' "
	    "2>/dev/null", pf, M, h->state, bdir, pf), 1);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' --with-keys --passphrase-file '%s' >/dev/null", M, h->state,
	    bdir, pf), 0);
	/* No key in the clear anywhere in the backup. */
	CU_ASSERT_EQUAL(test_system("grep -rq 'BEGIN PRIVATE KEY' '%s'", bdir),
	    1);
	head_key(h->state, oldkey);
	CU_ASSERT_EQUAL(test_system("test -f '%s/keys/ca/root.key' && "
	    "test -f '%s/keys/audit/key' && test -f '%s/audit/head' && "
	    "test -f '%s/audit/keys/%s.pub'", bdir, bdir, bdir, bdir, oldkey),
	    0);
	CU_ASSERT_EQUAL(test_system("'%s' restore '%s' --state '%s' "
	    "--passphrase-file '%s' 2>&1 | grep -q 'パスフレーズが違います'",
	    M, bdir, ndir, wrong), 0);
	CU_ASSERT_EQUAL(test_system("test -e '%s'", ndir), 1);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' restore '%s' --state '%s' "
	    "--passphrase-file '%s' | grep -q 'バックアップの鍵 %s'", M, bdir,
	    ndir, pf, oldkey), 0);
	/* The keys are back, the same keys, readable without a passphrase,
	 * 0600; the old audit key signed a head over the whole trail. */
	CU_ASSERT_EQUAL(test_system("for k in ca/root.key ca/signature.key "
	    "ca/user.key audit/key; do "
	    "a=$(openssl pkey -in '%s'/$k -pubout) && "
	    "b=$(openssl pkey -in '%s'/$k -pubout -passin pass:) && "
	    "[ \"$a\" = \"$b\" ] && [ $(stat -c %%a '%s'/$k) = 600 ] || "
	    "exit 1; done", h->state, ndir, ndir), 0);
	head_key(ndir, newkey);
	CU_ASSERT_STRING_EQUAL(newkey, oldkey);
	CU_ASSERT(verify_signed(ndir));
	CU_ASSERT_EQUAL(test_system("ls '%s/audit/keys' | grep -cv '^%s.pub$' "
	    "| grep -qx 0", ndir, oldkey), 0);
	/* The CA of the restored state signs: a CRL made with its keys. */
	CU_ASSERT_EQUAL(test_system("'%s' ca crl --out - --state '%s' >/dev/null "
	    "2>&1", M, ndir), 0);
	hs_stop(h);
}

/* ---- A backup while another process writes ---------------------------- */

static int
writer_tx_cb(struct store *st, void *arg)
{
	(void)arg;
	make_app(st, "revoke", "resident", "shonai", "accepted", 1, NULL);
	return 0;
}

/* Writes until stop (a pipe's read end) says so: its writer closed. */
static void
writer(const char *state, int stop)
{
	struct pollfd pfd = { .fd = stop, .events = POLLIN };
	char err[256];
	struct store *st = store_open(state, 0, err, sizeof(err));

	if (st == NULL)
		_exit(2);
	/* As busy as a whole office and then some (hundreds of saves a
	 * second), paced so the other connections' BEGIN IMMEDIATE gets its
	 * turn as it does between real clerks' saves: SQLite's busy handler
	 * polls, and a writer looping with no gap can starve it. The pause
	 * is the wait for the stop, at most 2 ms. */
	for (;;) {
		if (store_tx(st, writer_tx_cb, NULL) == -1)
			_exit(3);
		if (poll(&pfd, 1, 2) != 0)
			break;
	}
	store_close(st);
	_exit(0);
}

struct count_arg {
	const char	*state;
	long		 at_least;
};

static int
apps_reached(void *arg)
{
	const struct count_arg *a = arg;
	char err[256];
	struct store *st = store_open(a->state, 0, err, sizeof(err));
	struct store_counts c = { 0, 0, 0, 0 };

	if (st == NULL)
		return 0;
	store_counts(st, &c);
	store_close(st);
	return c.applications >= a->at_least;
}

static void
test_backup_while_writing(void)
{
	struct hs *h = hs_start(NULL);
	char bdir[256], path[600], err[256];
	struct count_arg ca;
	struct store_counts c, base;
	struct store *st;
	int64_t bad = 0;
	pid_t pid;
	int status, stop[2];

	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_FATAL(pipe(stop) == 0);
	st = open_state(h->state);
	CU_ASSERT_FATAL(store_counts(st, &base) == 0);
	store_close(st);
	snprintf(bdir, sizeof(bdir), "%s/bk", h->dir);
	if ((pid = fork()) == 0) {
		close(stop[1]);
		writer(h->state, stop[0]);
	}
	CU_ASSERT_FATAL(pid > 0);
	close(stop[0]);
	ca.state = h->state;
	ca.at_least = 20;
	CU_ASSERT(test_wait(apps_reached, &ca, 20000));
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' backup --state '%s' --out "
	    "'%s' >/dev/null", M, h->state, bdir), 0);
	/* The copies whole (read only: opening the copy read-write would
	 * change it under its MANIFEST). */
	snprintf(path, sizeof(path), "%s/madoguchi.db", bdir);
	CU_ASSERT_EQUAL(store_file_check(path, err, sizeof(err)), 0);
	snprintf(path, sizeof(path), "%s/ca/ca.db", bdir);
	CU_ASSERT_EQUAL(store_file_check(path, err, sizeof(err)), 0);
	/* Restored (the writer still going): the trail verifies. */
	snprintf(path, sizeof(path), "%s/new", h->dir);
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' restore '%s' --state '%s' "
	    ">/dev/null", M, bdir, path), 0);
	st = open_state(path);
	CU_ASSERT_FATAL(store_counts(st, &c) == 0);
	CU_ASSERT_EQUAL(store_audit_verify(st, &bad), 0);
	store_close(st);
	CU_ASSERT(c.applications >= 20);
	/* Each application was written with its audit row: the copy is of
	 * one point between two transactions (the restore adds one row). */
	CU_ASSERT_EQUAL(c.audit - 1 - base.audit, c.applications -
	    base.applications);
	/* Still writing after the backup. */
	ca.at_least = c.applications + 20;
	CU_ASSERT(test_wait(apps_reached, &ca, 20000));
	close(stop[1]);
	CU_ASSERT(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0);
	hs_stop(h);
}

/* ---- Figures and the daily close -------------------------------------- */

/* The count of code in `madoguchi stats --csv` output: the last field of
 * the line that starts with it (0 when there is none). */
static long
csv_count(const char *csv, const char *code)
{
	size_t len = strlen(code);
	const char *p = csv, *eol, *c, *last;

	while (p != NULL && *p != '\0') {
		eol = strchr(p, '\n');
		if (strncmp(p, code, len) == 0 && p[len] == ',') {
			for (c = last = p + len; *c != '\0' && c != eol; c++)
				if (*c == ',')
					last = c + 1;
			return atol(last);
		}
		p = eol != NULL ? eol + 1 : NULL;
	}
	return 0;
}

static char *
stats(const struct hs *h, const char *day, const char *by)
{
	int status;
	char *out = test_output(&status, "'%s' stats --state '%s' --from '%s' "
	    "--to '%s' --by %s --csv", M, h->state, day, day, by);

	CU_ASSERT_EQUAL(status, 0);
	return out;
}

struct made {
	const char	*proc, *reg, *window, *state, *clerk;
};

static const struct made made_table[] = {
	{ "issue", "resident", "citizens", "accepted", "demo" },
	{ "issue", "resident", "citizens", "done", "demo" },
	{ "issue", "overseas", "embassy", "done", "demo" },
	{ "revoke", "resident", "shonai", "done", "bk2" },
	{ "revoke", "resident", "shonai", "rejected", "bk2" },
	{ "pin_reset", "resident", "citizens", "cancelled", "bk2" },
	{ "issue", "resident", "shonai", "draft", "bk2" },	/* not counted */
};

static long
made_count(int field, const char *code)
{
	long n = 0;
	size_t i;

	for (i = 0; i < nitems(made_table); i++) {
		const struct made *m = &made_table[i];
		const char *v[] = { m->proc, m->reg, m->window, m->state,
		    m->clerk };

		if (strcmp(m->state, "draft") != 0 && strcmp(v[field], code) == 0)
			n++;
	}
	return n;
}

static void
test_stats(void)
{
	static const char *by[] = { "procedure", "register", "window",
	    "result", "clerk" };
	struct hs *h = hs_start(NULL);
	char key[600], day[11] = "", *out;
	struct store *st;
	size_t i, f;

	CU_ASSERT_FATAL(h != NULL);
	CU_ASSERT_FATAL(hs_add_clerk(h, "bk2", key, sizeof(key)) == 0);
	st = open_state(h->state);
	for (i = 0; i < nitems(made_table); i++)
		make_app(st, made_table[i].proc, made_table[i].reg,
		    made_table[i].window, made_table[i].state,
		    clerk_id(st, made_table[i].clerk), day);
	store_close(st);
	for (f = 0; f < nitems(by); f++) {
		out = stats(h, day, by[f]);
		CU_ASSERT_FATAL(out != NULL);
		for (i = 0; i < nitems(made_table); i++) {
			const char *v[] = { made_table[i].proc,
			    made_table[i].reg, made_table[i].window,
			    made_table[i].state, made_table[i].clerk };

			CU_ASSERT_EQUAL(csv_count(out, v[f]),
			    made_count((int)f, v[f]));
		}
		CU_ASSERT_EQUAL(csv_count(out, "draft"), 0);
		free(out);
	}
	out = stats(h, day, "day");
	CU_ASSERT_EQUAL(csv_count(out, day), (long)nitems(made_table) - 1);
	free(out);
	/* A window's figures alone. */
	out = test_output(NULL, "'%s' stats --state '%s' --from '%s' --to "
	    "'%s' --by procedure --window shonai --csv", M, h->state, day, day);
	CU_ASSERT_EQUAL(csv_count(out, "revoke"), 2);
	CU_ASSERT_EQUAL(csv_count(out, "issue"), 0);
	free(out);
	/* The table in Japanese, the day in 和暦. */
	CU_ASSERT_EQUAL(test_system("'%s' stats --state '%s' --from '%s' --to "
	    "'%s' --by result | grep -q '完了 *3$'", M, h->state, day, day),
	    0);
	CU_ASSERT_EQUAL(test_system("'%s' stats --state '%s' --from 2026-13-01"
	    " --to '%s' 2>&1 | grep -q 'YYYY-MM-DD'", M, h->state, day), 0);
	hs_stop(h);
}

static void
test_close(void)
{
	struct hs *h = hs_start(NULL);
	struct era_date d;
	char day[11] = "", wareki[64], *path, *text;
	struct store *st;
	int status;

	CU_ASSERT_FATAL(h != NULL);
	st = open_state(h->state);
	make_app(st, "issue", "resident", "citizens", "done", 1, day);
	make_app(st, "issue", "resident", "citizens", "done", 1, day);
	make_app(st, "revoke", "resident", "citizens", "rejected", 1, day);
	make_app(st, "revoke", "resident", "shonai", "done", 1, day);
	store_close(st);
	CU_ASSERT_FATAL(era_parse_iso(day, &d) == 0);
	CU_ASSERT_FATAL(era_format_wareki(&d, wareki, sizeof(wareki)) == 0);
	/* Without an audit head (init made one: set it aside). */
	CU_ASSERT_EQUAL_FATAL(test_system("mv '%s/audit/head' '%s/head.saved'",
	    h->state, h->dir), 0);
	path = test_output(&status, "'%s' close --state '%s' --date '%s' "
	    "--window citizens", M, h->state, day);
	CU_ASSERT_EQUAL_FATAL(status, 0);
	path[strcspn(path, "\n")] = '\0';
	/* The close is a PDF: its text as poppler reads it, columns kept. */
	CU_ASSERT_EQUAL_FATAL(test_system("pdftotext -layout -enc UTF-8 '%s' "
	    "'%s.txt'", path, path), 0);
	text = test_output(&status, "cat '%s.txt'", path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT(strstr(text, "日計表") != NULL);
	CU_ASSERT(strstr(text, "豊中市") != NULL);
	CU_ASSERT(strstr(text, wareki) != NULL);
	CU_ASSERT(strstr(text, "市民課") != NULL);
	CU_ASSERT(strstr(text, "監査ログの署名済み先頭がありません") != NULL);
	CU_ASSERT(strstr(text, "demo") != NULL);
	free(text);
	/* The counts: by result at this window, and the total. */
	CU_ASSERT_EQUAL(test_system("grep -q '完了 *2 *件' '%s.txt' && grep -q "
	    "'受付不可 *1 *件' '%s.txt' && grep -q '合計 *3 *件' '%s.txt'", path,
	    path, path), 0);
	/* Nothing of the residents. */
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' 'SELECT name "
	    "FROM persons WHERE id = 1' | grep -qFf - '%s.txt'", h->state, path),
	    1);
	free(path);
	/* With the signed head: its hash and count printed as the head
	 * file says them. */
	CU_ASSERT_EQUAL_FATAL(test_system("mv '%s/head.saved' '%s/audit/head'",
	    h->dir, h->state), 0);
	path = test_output(&status, "'%s' close --state '%s' --date '%s'", M,
	    h->state, day);
	CU_ASSERT_EQUAL_FATAL(status, 0);
	path[strcspn(path, "\n")] = '\0';
	CU_ASSERT_EQUAL_FATAL(test_system("pdftotext -layout -enc UTF-8 '%s' "
	    "'%s.txt'", path, path), 0);
	CU_ASSERT_EQUAL(test_system("sed -n 's/^hash //p' '%s/audit/head' | "
	    "grep -qE '^[0-9a-f]{64}$'", h->state), 0);
	CU_ASSERT_EQUAL(test_system("grep -q \"$(sed -n 's/^hash //p' "
	    "'%s/audit/head')\" '%s.txt' && grep -q \"件数 *$(sed -n "
	    "'s/^count //p' '%s/audit/head')\" '%s.txt' && grep -q '全窓口' "
	    "'%s.txt' && grep -q '合計 *4 *件' '%s.txt'", h->state, path,
	    h->state, path, path, path), 0);
	free(path);
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/madoguchi.db' \"SELECT count(*)"
	    " FROM audit_events WHERE kind = 'close.print'\" | grep -qx 2",
	    h->state), 0);
	hs_stop(h);
}

/* ---- The maintenance screens, end to end ------------------------------ */

static void
press(struct vt *v, enum vt_key k, const char *text)
{
	vt_key(v, k);
	if (!vt_wait_text(v, text, 10000)) {
		vt_dump(v, text);
		CU_FAIL_FATAL("expected text did not show");
	}
}

static void
type(struct vt *v, const char *keys, const char *text)
{
	vt_type(v, keys);
	if (!vt_wait_text(v, text, 10000)) {
		vt_dump(v, text);
		CU_FAIL_FATAL("expected text did not show");
	}
}

static void
test_screens(void)
{
	struct hs *h = hs_start(NULL);
	char day[11] = "";
	struct store *st;
	struct vt *v;
	int status;
	char *out;

	CU_ASSERT_FATAL(h != NULL);
	st = open_state(h->state);
	make_app(st, "issue", "resident", "citizens", "done", 1, day);
	make_app(st, "revoke", "resident", "citizens", "done", 1, day);
	store_close(st);
	v = hs_ssh(h, "demo", h->demo_key, 24, 80);
	CU_ASSERT_FATAL(v != NULL);
	CU_ASSERT_FATAL(vt_wait_text(v, HS_UI_READY, 10000));
	type(v, "m", "バックアップ");
	type(v, "7", "まだありません");
	/* A backup now, asked first. */
	press(v, VT_KEY_F5, "今すぐバックアップしますか");
	type(v, "y", "バックアップしました");
	CU_ASSERT(vt_wait_text(v, "含まない", 5000));
	CU_ASSERT(vt_wait_text(v, "KB", 5000));
	CU_ASSERT(vt_has_text(v, "demo"));
	CU_ASSERT_FALSE(vt_has_text(v, "まだありません"));
	/* Recorded and audited as the clerk, in STATE/backup/. */
	out = test_output(&status, "sqlite3 '%s/madoguchi.db' \"SELECT actor "
	    "|| ' ' || object FROM audit_events WHERE kind = 'backup.create'\"",
	    h->state);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT(strncmp(out, "demo ", 5) == 0);
	CU_ASSERT(strstr(out, "/st/backup/") != NULL);
	out[strcspn(out, "\n")] = '\0';
	CU_ASSERT_EQUAL(test_system("test -f '%s/MANIFEST'", out + 5), 0);
	free(out);
	/* The figures: this month by procedure, then today's close. */
	press(v, VT_KEY_ESC, "統計");
	type(v, "8", "開始日");
	press(v, VT_KEY_F5, "日付ごと  合計 2 件");
	press(v, VT_KEY_ESC, "開始日");
	vt_key(v, VT_KEY_TAB);
	vt_key(v, VT_KEY_TAB);
	type(v, "3", "手続き");
	press(v, VT_KEY_F5, "手続きごと  合計 2 件");
	CU_ASSERT(vt_has_text(v, "発行"));
	CU_ASSERT(vt_has_text(v, "失効"));
	press(v, VT_KEY_ESC, "開始日");
	press(v, VT_KEY_F6, "日計表を PDF で保存しました");
	CU_ASSERT_EQUAL(test_system("ls '%s'/print/close-*-citizens.pdf "
	    ">/dev/null && sqlite3 '%s/madoguchi.db' \"SELECT actor FROM "
	    "audit_events WHERE kind = 'close.print'\" | grep -qx demo",
	    h->state, h->state), 0);
	CU_ASSERT_EQUAL(hs_logout(v), 0);
	vt_free(v);
	hs_stop(h);
}

static int
suite_init(void)
{
	M = strdup(test_prog("madoguchi"));
	return 0;
}

static CU_TestInfo backup_tests[] = {
	{ "backup, restore, the same records, a login", test_backup_restore },
	{ "a tampered backup is refused", test_manifest_tamper },
	{ "an edited trail is refused unless accepted", test_trail_tamper },
	{ "an older backup restores into this schema", test_older_schema },
	{ "keys only sealed, opened with the passphrase", test_with_keys },
	{ "a backup while another process writes", test_backup_while_writing },
	{ "stats equal the applications made", test_stats },
	{ "the daily close", test_close },
	{ "the backup and statistics screens", test_screens },
	CU_TEST_INFO_NULL
};

TEST_SUITE_FULL(backup, "backup", suite_init, NULL, backup_tests)
