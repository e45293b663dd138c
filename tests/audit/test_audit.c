/*
 * The signed audit trail end to end: a state made by `build/madoguchi
 * init --demo` in a temp dir, madoguchi-auditd really started on it, the
 * CLI doing business (clerk add/disable, ca issue/revoke) and `madoguchi
 * audit verify` judging the trail after each kind of tampering an attacker
 * with write access to the database could do (triggers dropped first).
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "testlib.h"

/* How long auditd may take to sign what was notified (it signs within
 * 100 ms; the machine is shared). */
#define HEAD_DEADLINE_MS	10000

static char *dir;		/* this test's state */
static pid_t auditd = -1;
static int nclerk;

static void
state_new(void)
{
	dir = test_mkdtemp("audit");
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' init --demo '%s' >/dev/null",
	    test_prog("madoguchi"), dir), 0);
}

static int
auditd_up_cb(void *arg)
{
	struct audit_head h;
	char err[256];
	int unreachable;

	(void)arg;
	return audit_client_request(dir, AUDIT_REQ_STATUS, &h, &unreachable,
	    err, sizeof(err)) == 0;
}

static void
auditd_start(void)
{
	char log[4096];

	snprintf(log, sizeof(log), "%s/%s", dir, STATE_AUDITD_LOG);
	auditd = fork();
	CU_ASSERT_FATAL(auditd != -1);
	if (auditd == 0) {
		execl(test_prog("madoguchi-auditd"), "madoguchi-auditd",
		    "--state", dir, "--log", log, (char *)NULL);
		_exit(127);
	}
	CU_ASSERT_FATAL(test_wait(auditd_up_cb, NULL, 10000));
}

static void
auditd_stop(void)
{
	if (auditd == -1)
		return;
	kill(auditd, SIGTERM);
	waitpid(auditd, NULL, 0);
	auditd = -1;
}

static void
state_done(void)
{
	auditd_stop();
	test_rmtree(dir);
	free(dir);
	dir = NULL;
}

/* `madoguchi audit verify`: its exit status, and its output (caller's). */
static int
verify(char **out)
{
	int st;
	char *o = test_output(&st, "'%s' audit verify --state '%s' 2>&1",
	    test_prog("madoguchi"), dir);

	if (out != NULL)
		*out = o;
	else
		free(o);
	return st;
}

static int
verify_says(int want, const char *text)
{
	char *out;
	int st = verify(&out), ok = st == want &&
	    (text == NULL || strstr(out, text) != NULL);

	if (!ok)
		fprintf(stderr, "verify: status %d (want %d)\n%s", st, want, out);
	free(out);
	return ok;
}

/* Business through the CLI: a clerk added and disabled (two rows). */
static void
clerk_actions(void)
{
	nclerk++;
	CU_ASSERT_EQUAL(test_system("cd '%s' && rm -f k%d k%d.pub && "
	    "ssh-keygen -q -t ed25519 -N '' -f k%d && '%s' clerk add c%d "
	    "--state '%s' --role clerk --window citizens --key k%d.pub "
	    ">/dev/null 2>&1 && '%s' clerk disable c%d --state '%s' "
	    ">/dev/null 2>&1", dir, nclerk, nclerk, nclerk,
	    test_prog("madoguchi"), nclerk, dir, nclerk,
	    test_prog("madoguchi"), nclerk, dir), 0);
}

static sqlite3 *
db_open(void)
{
	char path[4096];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/%s", dir, STATE_DB);
	CU_ASSERT_FATAL(sqlite3_open(path, &db) == SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static int
db_exec(const char *sql)
{
	sqlite3 *db = db_open();
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);

	sqlite3_close(db);
	return rc;
}

static long
db_count(const char *sql)
{
	sqlite3 *db = db_open();
	sqlite3_stmt *s;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static long
head_count(void)
{
	struct audit_head h;

	return audit_head_read(dir, &h) == 0 ?
	    (long)h.count : -1;
}

static int
head_is_cb(void *arg)
{
	return head_count() == *(long *)arg;
}

/* The signed head reaches want entries within the deadline: the store's
 * hook only notifies auditd, which signs a moment later. */
static int
head_reaches(long want)
{
	if (test_wait(head_is_cb, &want, HEAD_DEADLINE_MS))
		return 1;
	fprintf(stderr, "head: count %ld, want %ld\n", head_count(), want);
	return 0;
}

static const char *attacker = "DROP TRIGGER IF EXISTS audit_events_no_update;"
    "DROP TRIGGER IF EXISTS audit_events_no_delete;";

/* The attacker's hasher: the chain's row hash (store_audit.c's format,
 * written down in src/audit/PROTOCOL.md). */
static void
row_hash(const char *f[6], char out[65])
{
	unsigned char md[32];
	unsigned int len = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (i = 0; i < 6; i++) {
		if (f[i] != NULL)
			EVP_DigestUpdate(ctx, f[i], strlen(f[i]));
		EVP_DigestUpdate(ctx, "\x1f", 1);
	}
	EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Every row's prev_hash and hash recomputed from the first row's prev:
 * the trail is internally consistent again after an edit. */
static void
rehash_from(const char *genesis)
{
	sqlite3 *db = db_open();
	sqlite3_stmt *s, *u;
	char prev[65] = "", hash[65];
	int first = 1;

	CU_ASSERT_EQUAL(sqlite3_exec(db, attacker, NULL, NULL, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "SELECT id, prev_hash, "
	    "at, actor, kind, object, detail FROM audit_events ORDER BY id",
	    -1, &s, NULL), SQLITE_OK);
	CU_ASSERT_EQUAL_FATAL(sqlite3_prepare_v2(db, "UPDATE audit_events SET "
	    "prev_hash = ?1, hash = ?2 WHERE id = ?3", -1, &u, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *f[6];
		int i;

		if (first)
			snprintf(prev, sizeof(prev), "%s", genesis != NULL ?
			    genesis : (const char *)sqlite3_column_text(s, 1));
		first = 0;
		f[0] = prev;
		for (i = 1; i < 6; i++)
			f[i] = (const char *)sqlite3_column_text(s, i + 1);
		row_hash(f, hash);
		sqlite3_bind_text(u, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(u, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(u, 3, sqlite3_column_int64(s, 0));
		CU_ASSERT_EQUAL(sqlite3_step(u), SQLITE_DONE);
		sqlite3_reset(u);
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	sqlite3_close(db);
}

static void
rehash_all(void)
{
	rehash_from(NULL);
}

/* A state with some signed business: init's row, then two clerks' rows
 * signed by auditd as they were written. */
static void
signed_state(void)
{
	state_new();
	auditd_start();
	clerk_actions();
	clerk_actions();
	CU_ASSERT(head_reaches(db_count("SELECT count(*) FROM "
	    "audit_events")));
	auditd_stop();
}

static void
test_untouched(void)
{
	state_new();
	CU_ASSERT_EQUAL(head_count(), 1);
	CU_ASSERT(verify_says(0, "照合した記録: 1 件"));
	CU_ASSERT(verify_says(0, "結果: 改ざんはありません"));
	state_done();
}

static void
test_advances(void)
{
	char *out;

	state_new();
	auditd_start();
	clerk_actions();
	CU_ASSERT(head_reaches(3));
	clerk_actions();
	CU_ASSERT(head_reaches(5));
	CU_ASSERT_EQUAL(verify(&out), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "照合した記録: 5 件"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "署名済みの先頭: 5 件"));
	CU_ASSERT_PTR_NULL(strstr(out, "署名済みの先頭より後"));
	free(out);
	out = test_output(NULL, "'%s' audit head --state '%s'",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "count 5\n"));
	free(out);
	state_done();
}

static void
test_triggers(void)
{
	state_new();
	CU_ASSERT_NOT_EQUAL(db_exec("UPDATE audit_events SET actor = 'x'"),
	    SQLITE_OK);
	CU_ASSERT_NOT_EQUAL(db_exec("DELETE FROM audit_events"), SQLITE_OK);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events "
	    "WHERE actor = 'x'"), 0);
	CU_ASSERT(verify_says(0, NULL));
	state_done();
}

static void
test_tail_deleted(void)
{
	char sql[256];

	signed_state();
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_events WHERE id = "
	    "(SELECT max(id) FROM audit_events)", attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	CU_ASSERT(verify_says(1, "末尾の記録が削除されています"));
	state_done();
}

static void
test_edit_rehash(void)
{
	char sql[256];

	signed_state();
	snprintf(sql, sizeof(sql), "%s UPDATE audit_events SET object = 'eve' "
	    "WHERE id = 2", attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	CU_ASSERT(verify_says(1, "最初の不正な記録: id 2 "));
	rehash_all();
	CU_ASSERT(verify_says(1, "改ざんを検出しました"));
	state_done();
}

static void
test_middle_deleted(void)
{
	char sql[256];

	signed_state();
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_events WHERE id = 3",
	    attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	CU_ASSERT(verify_says(1, "最初の不正な記録: id 4 "));
	state_done();
}

static void
test_swapped(void)
{
	char sql[512];

	signed_state();
	snprintf(sql, sizeof(sql), "%s UPDATE audit_events SET id = 1000 "
	    "WHERE id = 2; UPDATE audit_events SET id = 2 WHERE id = 3; "
	    "UPDATE audit_events SET id = 3 WHERE id = 1000", attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	CU_ASSERT(verify_says(1, "最初の不正な記録: id 2 "));
	state_done();
}

static void
test_other_installation(void)
{
	char *other;

	signed_state();
	other = test_mkdtemp("audit-other");
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' init --demo '%s' >/dev/null",
	    test_prog("madoguchi"), other), 0);
	/* The whole database swapped: its file with its WAL folded in, and
	 * none of ours left beside it. */
	CU_ASSERT_EQUAL(test_system("sqlite3 '%s/%s' 'PRAGMA wal_checkpoint"
	    "(TRUNCATE)' >/dev/null && rm -f '%s/%s-wal' '%s/%s-shm' && "
	    "cp '%s/%s' '%s/%s'", other, STATE_DB, dir, STATE_DB, dir,
	    STATE_DB, other, STATE_DB, dir, STATE_DB), 0);
	CU_ASSERT(verify_says(1, "別の設置の記録です"));
	/* Its installation id set to ours: the chain still is not ours. */
	CU_ASSERT_EQUAL(test_system("id=$(sed -n 's/^installation //p' "
	    "'%s/%s') && sqlite3 '%s/%s' \"UPDATE settings SET value = '$id' "
	    "WHERE key = 'audit.installation'\"", dir, STATE_AUDIT_HEAD, dir,
	    STATE_DB), 0);
	CU_ASSERT(verify_says(1, "改ざんを検出しました"));
	test_rmtree(other);
	free(other);
	state_done();
}

static void
test_head_and_key(void)
{
	signed_state();
	CU_ASSERT_EQUAL(test_system("cp '%s/%s' '%s/head.saved' && rm '%s/%s'",
	    dir, STATE_AUDIT_HEAD, dir, dir, STATE_AUDIT_HEAD), 0);
	CU_ASSERT(verify_says(3, "検証できません"));
	/* The count edited: the signature no longer holds. */
	CU_ASSERT_EQUAL(test_system("sed 's/^count .*/count 2/' "
	    "'%s/head.saved' > '%s/%s'", dir, dir, STATE_AUDIT_HEAD), 0);
	CU_ASSERT(verify_says(1, "先頭の署名が正しくありません"));
	CU_ASSERT_EQUAL(test_system("cp '%s/head.saved' '%s/%s'", dir, dir,
	    STATE_AUDIT_HEAD), 0);
	CU_ASSERT(verify_says(0, NULL));
	CU_ASSERT_EQUAL(test_system("rm '%s/%s'/*.pub", dir,
	    STATE_AUDIT_KEYS_DIR), 0);
	CU_ASSERT(verify_says(3, "公開鍵"));
	state_done();
}

static void
test_rotation(void)
{
	char *out;

	signed_state();
	auditd_start();
	out = test_output(NULL, "'%s' audit rotate-key --state '%s' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "鍵を交換しました"));
	free(out);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events WHERE "
	    "kind = 'audit.key_rotate'"), 1);
	clerk_actions();
	CU_ASSERT(verify_says(0, "結果: 改ざんはありません"));
	/* Offline too: auditd down, the CLI signs with the new key. */
	auditd_stop();
	CU_ASSERT_EQUAL(test_system("'%s' audit rotate-key --state '%s' "
	    ">/dev/null 2>&1", test_prog("madoguchi"), dir), 0);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events WHERE "
	    "kind = 'audit.key_rotate'"), 2);
	CU_ASSERT(verify_says(0, NULL));
	CU_ASSERT_EQUAL(test_system("test $(ls '%s/%s' | wc -l) -eq 3", dir,
	    STATE_AUDIT_KEYS_DIR), 0);
	state_done();
}

static void
test_auditd_down(void)
{
	long rows;

	state_new();
	clerk_actions();	/* no signer running */
	rows = db_count("SELECT count(*) FROM audit_events");
	CU_ASSERT_EQUAL(head_count(), 1);
	CU_ASSERT(verify_says(0, "署名済みの先頭より後の記録 2 件"));
	auditd_start();		/* catches up on start */
	CU_ASSERT(head_reaches(rows));
	CU_ASSERT(verify_says(0, "照合した記録: 3 件"));
	state_done();
}

static int
raw_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	struct timeval tv = { 5, 0 };

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/%s", dir,
	    STATE_AUDITD_SOCK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	CU_ASSERT_FATAL(connect(fd, (struct sockaddr *)&sun,
	    sizeof(sun)) == 0);
	return fd;
}

/* Read until the peer closes: what it sent before closing (up to 64). */
static ssize_t
read_to_close(int fd, unsigned char *buf)
{
	ssize_t n, len = 0;

	while ((n = read(fd, buf + len, (size_t)(64 - len))) > 0 && len < 64)
		len += n;
	return n == 0 ? len : -1;
}

static void
test_auditd_robust(void)
{
	static const unsigned char garbage[] = "GET / HTTP/1.0\r\n\r\n";
	static const unsigned char badver[8] = { 0, 9, 0, 1, 0, 0, 0, 0 };
	static const unsigned char trailing[9] = { 0, 1, 0, 1, 0, 0, 0, 1, 7 };
	unsigned char buf[64];
	ssize_t n;
	int fd;

	state_new();
	auditd_start();
	fd = raw_connect();
	CU_ASSERT_EQUAL(write(fd, garbage, sizeof(garbage)),
	    (ssize_t)sizeof(garbage));
	CU_ASSERT(read_to_close(fd, buf) >= 0);	/* closed on us */
	close(fd);
	CU_ASSERT(auditd_up_cb(NULL));
	/* A wrong version: ERROR 1 in a version-1 frame, then closed. */
	fd = raw_connect();
	CU_ASSERT_EQUAL(write(fd, badver, sizeof(badver)), 8);
	n = read_to_close(fd, buf);
	CU_ASSERT(n >= 12 && buf[1] == 1 && buf[3] == 0x81 && buf[11] == 1);
	close(fd);
	/* An advance with a byte after its (empty) body: dropped. */
	fd = raw_connect();
	CU_ASSERT_EQUAL(write(fd, trailing, sizeof(trailing)), 9);
	CU_ASSERT_EQUAL(read_to_close(fd, buf), 0);
	close(fd);
	CU_ASSERT(auditd_up_cb(NULL));
	clerk_actions();
	CU_ASSERT(head_reaches(3));
	CU_ASSERT(verify_says(0, NULL));
	state_done();
}

/* A cert issued at the demo CA from the CLI; its serial into serial. */
static int
ca_issue(const char *extra_env, const char *date, char serial[80])
{
	char *out, *at;
	int st;

	out = test_output(&st, "cd '%s' && ( [ -f k.pub ] || ( openssl genpkey "
	    "-algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out k.key && "
	    "openssl pkey -in k.key -pubout -out k.pub ) ) >/dev/null 2>&1 && "
	    "env -u MADOGUCHI_TESTING %s '%s' ca issue --state '%s' --kind "
	    "signature --pubkey k.pub --person p1 --name 'A' --address 'B' "
	    "--birth 1985-07-07 --sex 1 --card-expiry 2035-07-07 --out c.pem "
	    "%s%s 2>/dev/null", dir, extra_env, test_prog("madoguchi"), dir,
	    date != NULL ? "--date " : "", date != NULL ? date : "");
	serial[0] = '\0';
	if (st == 0 && (at = strstr(out, "serial ")) != NULL)
		sscanf(at, "serial %79s", serial);
	free(out);
	return st;
}

static void
test_ca_audited(void)
{
	struct passwd *pw = getpwuid(getuid());
	char serial[80], sql[512], actor[80];

	state_new();
	auditd_start();
	/* A ca override waits for four eyes by default (tests/approve);
	 * here the admin has switched that off. */
	CU_ASSERT_EQUAL_FATAL(test_system("'%s' settings set "
	    "approval.ca_override 0 --state '%s' >/dev/null",
	    test_prog("madoguchi"), dir), 0);
	CU_ASSERT_EQUAL_FATAL(ca_issue("", NULL, serial), 0);
	CU_ASSERT_EQUAL(test_system("'%s' ca revoke --state '%s' --serial %s "
	    "--reason keyCompromise >/dev/null 2>&1", test_prog("madoguchi"),
	    dir, serial), 0);
	snprintf(actor, sizeof(actor), "os:%s", pw->pw_name);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_events WHERE "
	    "kind = 'ca.revoke' AND object = '%s' AND actor = '%s' AND "
	    "detail LIKE 'reason=keyCompromise%%'", serial, actor);
	CU_ASSERT_EQUAL(db_count(sql), 1);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_events WHERE "
	    "kind = 'ca.issue' AND object = '%s' AND actor = '%s'", serial,
	    actor);
	CU_ASSERT_EQUAL(db_count(sql), 1);
	/* Nothing of the person (name, address, person key) in the rows. */
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events WHERE "
	    "kind LIKE 'ca.%' AND (detail LIKE '%p1%' OR object = 'p1')"), 0);
	CU_ASSERT(head_reaches(db_count("SELECT count(*) FROM "
	    "audit_events")));
	/* Back-dating: refused outside the tests, audited with its date
	 * inside them. */
	CU_ASSERT_EQUAL(ca_issue("", "2026-01-05", serial), 1);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events WHERE "
	    "detail LIKE '%date=2026-01-05%'"), 0);
	CU_ASSERT_EQUAL(ca_issue("MADOGUCHI_TESTING=1", "2026-01-05", serial),
	    0);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM audit_events WHERE "
	    "kind = 'ca.issue' AND detail LIKE '%date=2026-01-05%'"), 1);
	CU_ASSERT(verify_says(0, NULL));
	state_done();
}

/* init on a state whose trail does not verify signs nothing and fails,
 * pointing at audit verify; the head stays as it was. */
static void
test_init_tampered(void)
{
	char sql[256], *out, *before, *after;
	int st;

	signed_state();
	before = test_output(NULL, "cat '%s/%s'", dir, STATE_AUDIT_HEAD);
	snprintf(sql, sizeof(sql), "%s UPDATE audit_events SET object = 'eve' "
	    "WHERE id = 2", attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	out = test_output(&st, "'%s' init --demo '%s' 2>&1",
	    test_prog("madoguchi"), dir);
	CU_ASSERT_EQUAL(st, 1);
	CU_ASSERT(out != NULL && strstr(out, "madoguchi audit verify") != NULL
	    && strstr(out, "最初の不正な記録: id 2,") != NULL);
	free(out);
	after = test_output(NULL, "cat '%s/%s'", dir, STATE_AUDIT_HEAD);
	CU_ASSERT(before != NULL && after != NULL && strcmp(before, after) ==
	    0);
	free(before);
	free(after);
	state_done();
	/* A deleted tail too: refused, unsigned. */
	signed_state();
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_events WHERE id = "
	    "(SELECT max(id) FROM audit_events)", attacker);
	CU_ASSERT_EQUAL(db_exec(sql), SQLITE_OK);
	CU_ASSERT(verify_says(1, "末尾の記録が削除されています"));
	CU_ASSERT_EQUAL(test_system("'%s' init '%s' >/dev/null 2>&1",
	    test_prog("madoguchi"), dir), 1);
	CU_ASSERT(verify_says(1, "末尾の記録が削除されています"));
	state_done();
}

/* A state from before migration 0009: its trail chained from the all-zero
 * hash, no installation id, no audit key. init brings it up to date and
 * the old trail verifies under the first head. */
static void
test_old_state(void)
{
	static const char zero[] = "0000000000000000000000000000000000000000"
	    "000000000000000000000000";

	state_new();
	clerk_actions();
	rehash_from(zero);
	/* As schema 8 was: without what 0009 and the later migrations
	 * made (each later migration that creates something is undone;
	 * 0016's search index before 0015's keys it is built on). */
	CU_ASSERT_EQUAL(db_exec("DELETE FROM settings WHERE key LIKE 'audit.%';"
	    "DROP TABLE IF EXISTS backups; DROP TABLE IF EXISTS approvals;"
	    "DROP TABLE IF EXISTS clerk_unlock;"
	    "DROP TABLE IF EXISTS print_jobs;"
	    TEST_UNDO_SEARCH_INDEX_SQL
	    "ALTER TABLE persons DROP COLUMN name_key;"
	    "ALTER TABLE persons DROP COLUMN kana_key;"
	    "ALTER TABLE persons DROP COLUMN addr_key;"
	    "PRAGMA user_version = 8"), SQLITE_OK);
	CU_ASSERT_EQUAL(test_system("rm -r '%s/%s'", dir, STATE_AUDIT_DIR), 0);
	CU_ASSERT(verify_says(3, NULL));
	CU_ASSERT_EQUAL(test_system("'%s' init '%s' >/dev/null",
	    test_prog("madoguchi"), dir), 0);
	CU_ASSERT_EQUAL(db_count("SELECT count(*) FROM settings WHERE key = "
	    "'audit.genesis' AND value = 'zero'"), 1);
	CU_ASSERT(verify_says(0, "照合した記録: 3 件"));
	/* New rows chain on, the triggers are back. */
	auditd_start();
	clerk_actions();
	CU_ASSERT(head_reaches(5));
	CU_ASSERT(verify_says(0, "照合した記録: 5 件"));
	CU_ASSERT_NOT_EQUAL(db_exec("DELETE FROM audit_events"), SQLITE_OK);
	state_done();
}

/* A signer started on a trail edited behind the program's back signs
 * nothing more: new rows stay unsigned and verify still names the edit. */
static void
test_auditd_refuses_broken(void)
{
	long before;
	char sql[256], *log;
	int st;

	state_new();
	clerk_actions();
	before = head_count();
	CU_ASSERT_TRUE_FATAL(before >= 1);
	snprintf(sql, sizeof(sql), "%s UPDATE audit_events SET detail = "
	    "'edited' WHERE id = 1;", attacker);
	CU_ASSERT_EQUAL_FATAL(db_exec(sql), SQLITE_OK);
	auditd_start();
	clerk_actions();
	CU_ASSERT_EQUAL(head_count(), before);
	CU_ASSERT(verify_says(1, NULL));
	log = test_output(&st, "cat '%s/%s'", dir, STATE_AUDITD_LOG);
	CU_ASSERT_PTR_NOT_NULL(log != NULL ? strstr(log, "not signing") :
	    NULL);
	free(log);
	state_done();
}

/* The counter's store as the UI opens it: its hook notifies auditd. */
static struct store *
ui_store(void)
{
	char err[256];
	struct store *st = store_open(dir, 0, err, sizeof(err));

	if (st == NULL)
		fprintf(stderr, "store_open: %s\n", err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(st);
	store_set_audit_hook(st, audit_store_hook, (void *)dir);
	return st;
}

/* n saves' audit rows, each its own transaction and notification. */
static void
ui_saves(struct store *st, int n, const char *tag)
{
	char object[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(object, sizeof(object), "%s-%d", tag, i);
		CU_ASSERT_EQUAL(store_audit(st, "test", "test.save", object,
		    NULL), 0);
	}
}

/* The heads auditd signed for notifications, from its log ("head:
 * count N (K notifications)"), and the notifications they covered. */
static long
notified_heads(long *covered)
{
	char *log = test_output(NULL, "cat '%s/%s'", dir, STATE_AUDITD_LOG);
	const char *p = log;
	long heads = 0, count, k;

	*covered = 0;
	while (p != NULL && (p = strstr(p, "head: count ")) != NULL) {
		if (sscanf(p, "head: count %ld (%ld notifications)", &count,
		    &k) == 2) {
			heads++;
			*covered += k;
		}
		p += 12;
	}
	free(log);
	return heads;
}

static int
all_covered_cb(void *arg)
{
	long covered;

	notified_heads(&covered);
	return covered == *(int *)arg;
}

/* A burst of saves each notifying auditd: fewer heads than saves, the
 * last one covering every row, the trail intact. (A head may already
 * cover a row whose notification arrives after it: that notification
 * then gets a head of its own, with nothing new in it.) */
static void
test_notify_burst(void)
{
	struct store *st;
	long heads, covered;
	int n = 60;

	state_new();
	auditd_start();
	st = ui_store();
	ui_saves(st, n, "burst");
	CU_ASSERT(head_reaches(db_count("SELECT count(*) FROM audit_events")));
	CU_ASSERT(test_wait(all_covered_cb, &n, HEAD_DEADLINE_MS));
	heads = notified_heads(&covered);
	CU_ASSERT(heads >= 1 && heads < n);
	CU_ASSERT_EQUAL(covered, n);
	CU_ASSERT(head_reaches(db_count("SELECT count(*) FROM audit_events")));
	CU_ASSERT(verify_says(0, "結果: 改ざんはありません"));
	store_close(st);
	state_done();
}

static int
log_says_cb(void *arg)
{
	char *log = test_output(NULL, "cat '%s/%s'", dir, STATE_AUDITD_LOG);
	int found = log != NULL && strstr(log, arg) != NULL;

	free(log);
	return found;
}

/* A row slipped in behind the program's back, then saves notifying
 * auditd: it refuses, and no head is signed over the break. */
static void
test_notify_refuses_break(void)
{
	struct store *st;
	long signed_count;

	state_new();
	auditd_start();
	st = ui_store();
	ui_saves(st, 5, "before");
	signed_count = db_count("SELECT count(*) FROM audit_events");
	CU_ASSERT(head_reaches(signed_count));
	CU_ASSERT_EQUAL(db_exec("INSERT INTO audit_events (at, actor, kind, "
	    "object, detail, prev_hash, hash) VALUES ('2026-12-02T00:00:00Z', "
	    "'eve', 'test.forged', 'x', NULL, '0', '0')"), SQLITE_OK);
	ui_saves(st, 20, "after");
	CU_ASSERT(test_wait(log_says_cb, "advance refused", HEAD_DEADLINE_MS));
	/* Signed now if ever (a status signs what was notified). */
	CU_ASSERT_FALSE(auditd_up_cb(NULL));
	CU_ASSERT_EQUAL(head_count(), signed_count);
	CU_ASSERT(verify_says(1, "改ざんを検出しました"));
	store_close(st);
	state_done();
}

static CU_TestInfo audit_tests[] = {
	{ "a trail from before 0009 keeps verifying", test_old_state },
	{ "an untouched trail verifies", test_untouched },
	{ "CLI actions with auditd running advance the head", test_advances },
	{ "the triggers refuse UPDATE and DELETE", test_triggers },
	{ "a deleted last entry is tampering", test_tail_deleted },
	{ "an edited entry, re-hashed or not, is tampering", test_edit_rehash },
	{ "a deleted middle entry is tampering", test_middle_deleted },
	{ "two entries swapped is tampering", test_swapped },
	{ "another installation's database is tampering",
	  test_other_installation },
	{ "no head or no public key: cannot verify; edited head: tampered",
	  test_head_and_key },
	{ "key rotation (auditd and offline) keeps verifying", test_rotation },
	{ "init on a trail that does not verify fails, unsigned",
	  test_init_tampered },
	{ "rows written while auditd was down, then caught up",
	  test_auditd_down },
	{ "auditd survives garbage and a wrong version", test_auditd_robust },
	{ "auditd started on an edited trail signs nothing more",
	  test_auditd_refuses_broken },
	{ "notified saves in a burst: fewer heads, the last covers all",
	  test_notify_burst },
	{ "notified saves after a forged row: refused, nothing signed",
	  test_notify_refuses_break },
	{ "ca revoke and issue are audited as the OS user; --date refused",
	  test_ca_audited },
	CU_TEST_INFO_NULL,
};

TEST_SUITE(audit, "audit", audit_tests)
