/*
 * What the maintenance screens read through proc: the card service's
 * readers (listed only: no claim, no card access) and the check of the
 * audit trail, whose one function is where the signed verification will
 * take the chain check's place.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

int
proc_readers(const char *state_dir, struct card_reader_info *out, size_t *n,
    char *msg, size_t msglen)
{
	struct card_client *cl;
	struct card_error ce;
	char *sock;
	int rc;

	*n = 0;
	if (state_dir == NULL) {
		snprintf(msg, msglen, "カード読み取りサービスの場所がわかりません。");
		return -1;
	}
	sock = state_path(state_dir, STATE_CARDD_SOCK);
	cl = card_client_open(sock, &ce);
	free(sock);
	if (cl == NULL) {
		snprintf(msg, msglen, "カード読み取りサービス (madoguchi-cardd) が"
		    "動いていません (%s)。", card_error_ja(ce.code));
		return -1;
	}
	rc = card_readers(cl, NULL, CARD_WAIT_NONE, 0, out, n, &ce);
	card_client_close(cl);
	if (rc == -1) {
		snprintf(msg, msglen, "読取機の一覧を得られませんでした (%s)。",
		    card_error_ja(ce.code));
		return -1;
	}
	return 0;
}

/* MERGE(audit-sign): `madoguchi audit verify`'s library function (the
 * signed verification) replaces store_audit_verify here. */
int
proc_audit_check(struct store *st, char *msg, size_t msglen)
{
	int64_t bad = 0;
	int rc = store_audit_verify(st, &bad);

	if (rc == 0)
		snprintf(msg, msglen, "監査ログの連鎖は正しくつながっています"
		    " (改ざんは見つかりません)。");
	else if (rc == 1)
		snprintf(msg, msglen, "監査ログの %lld 番の行で連鎖が切れています。"
		    "改ざんか削除の疑いがあります。", (long long)bad);
	else
		snprintf(msg, msglen, "監査ログを検証できませんでした "
		    "(データベースの誤り)。");
	return rc;
}
