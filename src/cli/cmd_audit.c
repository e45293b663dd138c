/*
 * `madoguchi audit verify|head|rotate-key [--state DIR]`: the signed audit
 * trail for admins. verify reads the whole trail once against the head
 * madoguchi-auditd signed (src/audit/PROTOCOL.md) and says what it checked:
 * exit 0 intact, 1 tampered (naming the first bad entry), 3 when it cannot
 * verify (no head, no public key for the head's key). head prints the
 * head; rotate-key gives the signer a new key (through auditd, or here
 * when auditd is not running), keeping the old public key.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "madoguchi/audit.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "cli.h"

#define AUDIT_USAGE \
	"使い方: madoguchi audit verify [--state DIR]\n" \
	"        madoguchi audit head [--state DIR]\n" \
	"        madoguchi audit rotate-key [--state DIR]\n"

static void
audit_print_head(const struct audit_head *h)
{
	printf("  署名済みの先頭: %" PRId64 " 件 (署名 %s、鍵 %s)\n", h->count,
	    h->at, h->keyid);
	printf("  先頭のハッシュ: %s\n", h->hash);
}

static int
audit_cmd_verify(const char *dir)
{
	struct audit_report r;
	struct store *st;
	int64_t t0 = util_now_ms(), ms;

	if ((st = cli_store_open(dir, STORE_READONLY)) == NULL)
		return 3;
	if (audit_verify(st, dir, &r) == -1) {
		cli_store_error(st, "audit verify");
		store_close(st);
		return 3;
	}
	store_close(st);
	ms = util_now_ms() - t0;
	printf("監査記録の検証: %s\n", dir);
	if (r.have_head) {
		audit_print_head(&r.head);
		printf("  設置 ID: %s\n", r.head.installation);
	}
	printf("  照合した記録: %" PRId64 " 件\n", r.checked);
	if (r.checked > 0)
		printf("  連鎖のハッシュ: %s\n", r.chain_hash);
	if (r.unsigned_tail > 0)
		printf("  署名済みの先頭より後の記録 %" PRId64 " 件 (連鎖は正しく、"
		    "まだ署名されていません)\n", r.unsigned_tail);
	printf("  所要時間: %" PRId64 ".%03d 秒\n", ms / 1000, (int)(ms % 1000));
	switch (r.verdict) {
	case AUDIT_INTACT:
		printf("結果: 改ざんはありません\n");
		return 0;
	case AUDIT_TAMPERED:
		printf("結果: 改ざんを検出しました: %s\n", r.why);
		if (r.bad_id > 0)
			printf("  最初の不正な記録: id %" PRId64 " (%s, %s)\n",
			    r.bad_id, r.bad_at, r.bad_kind);
		return 1;
	case AUDIT_UNVERIFIABLE:
		break;
	}
	printf("結果: 検証できません: %s\n", r.why);
	return 3;
}

static int
audit_cmd_head(const char *dir)
{
	struct audit_head h;
	char err[320];
	int rc, unreachable;

	/* The clerks' saves only notify the signer, which signs within
	 * 100 ms: asked to advance, it signs what is committed now, so the
	 * head printed is the head now (without auditd: as last signed). */
	if (audit_client_request(dir, AUDIT_REQ_ADVANCE, NULL, &unreachable,
	    err, sizeof(err)) == -1 && !unreachable)
		cli_error("madoguchi-auditd が先頭を進めませんでした (%s)。"
		    "madoguchi audit verify で確かめてください", err);
	rc = audit_head_read_why(dir, &h, err, sizeof(err));
	if (rc != 0) {
		cli_error("署名済みの先頭を読めません (%s)", err);
		return rc == 1 ? 3 : 1;
	}
	printf("count %" PRId64 "\nhash %s\nat %s\nkey %s\ninstallation %s\n",
	    h.count, h.hash, h.at, h.keyid, h.installation);
	rc = audit_head_check(dir, &h);
	if (rc != 0)
		cli_error("%s", rc == 2 ? "先頭の鍵の公開鍵がありません" :
		    "先頭の署名が正しくありません");
	return rc == 0 ? 0 : rc == 2 ? 3 : 1;
}

/* Without auditd: the new key made here, the row written without the
 * hook, and the head signed here with the new key. */
static int
audit_rotate_offline(const char *dir, const char *old)
{
	struct audit_signer sg = { 0 };
	char id[AUDIT_KEYID_LEN + 1], err[320], detail[64];
	struct audit_head h;
	struct store *st;
	EVP_PKEY *key;
	int rc;

	if ((st = cli_store_open(dir, 0)) == NULL)
		return 1;
	store_set_audit_hook(st, NULL, NULL);
	if ((key = audit_key_create(dir, id, err, sizeof(err))) == NULL) {
		cli_error("新しい鍵を作成できません (%s)", err);
		store_close(st);
		return 1;
	}
	snprintf(detail, sizeof(detail), "old=%s", old);
	rc = store_audit(st, cli_actor(), cli_audit_kind(CLI_AUDIT_KEY_ROTATE),
	    id, detail);
	if (rc == -1)
		cli_store_error(st, "audit rotate-key");
	else if ((rc = audit_advance(st, dir, key, &sg, &h, err,
	    sizeof(err))) == -1)
		cli_error("新しい鍵で先頭に署名できません (%s)", err);
	EVP_PKEY_free(key);
	store_close(st);
	if (rc == -1)
		return 1;
	printf("鍵を交換しました: %s -> %s (madoguchi-auditd は動いていない"
	    "ため、このコマンドで署名しました)\n", old, id);
	audit_print_head(&h);
	return 0;
}

static int
audit_cmd_rotate(const char *dir)
{
	struct audit_head h, now;
	char err[320], detail[64];
	int unreachable;

	if (audit_head_read_why(dir, &h, err, sizeof(err)) != 0) {
		cli_error("署名済みの先頭を読めません (%s)。先に madoguchi init "
		    "を実行してください", err);
		return 1;
	}
	if (audit_client_request(dir, AUDIT_REQ_ROTATE, &now, &unreachable,
	    err, sizeof(err)) == -1) {
		if (unreachable)
			return audit_rotate_offline(dir, h.keyid);
		cli_error("madoguchi-auditd が鍵を交換できませんでした (%s)",
		    err);
		return 1;
	}
	snprintf(detail, sizeof(detail), "old=%s", h.keyid);
	if (cli_audit(dir, CLI_AUDIT_KEY_ROTATE, now.keyid, detail) == -1)
		return 1;
	if (audit_client_request(dir, AUDIT_REQ_STATUS, &now, &unreachable,
	    err, sizeof(err)) == -1) {
		cli_error("新しい鍵での署名を確かめられません (%s)", err);
		return 1;
	}
	printf("鍵を交換しました: %s -> %s\n", h.keyid, now.keyid);
	audit_print_head(&now);
	return 0;
}

int
cmd_audit(int argc, char **argv)
{
	const char *dir = cli_state_dir(cli_take_opt(&argc, argv, "--state"));

	if (argc != 2) {
		fputs(AUDIT_USAGE, stderr);
		return 2;
	}
	if (strcmp(argv[1], "verify") == 0)
		return audit_cmd_verify(dir);
	if (strcmp(argv[1], "head") == 0)
		return audit_cmd_head(dir);
	if (strcmp(argv[1], "rotate-key") == 0)
		return audit_cmd_rotate(dir);
	fputs(AUDIT_USAGE, stderr);
	return 2;
}
