/*
 * What the maintenance screens read through proc: the card service's
 * readers (listed only: no claim, no card access) and the check of the
 * audit trail, whose one function is where the signed verification will
 * take the chain check's place.
 */
#include <stdio.h>
#include <stdlib.h>

#include "madoguchi/card.h"
#include "madoguchi/audit.h"
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

/* The signed verification, as `madoguchi audit verify` makes it: the
 * chain against the head auditd signed (audit.h). */
int
proc_audit_check(struct store *st, const char *state_dir, char *msg,
    size_t msglen)
{
	struct audit_report r;

	if (audit_verify(st, state_dir, &r) == -1) {
		snprintf(msg, msglen, "監査ログを検証できませんでした "
		    "(データベースの誤り)。");
		return -1;
	}
	switch (r.verdict) {
	case AUDIT_INTACT:
		snprintf(msg, msglen, "監査ログ %lld 件を照合しました。署名済みの"
		    "先頭 (%lld 件目) まで改ざんはありません%s。",
		    (long long)r.checked, (long long)r.head.count,
		    r.unsigned_tail > 0 ? " (その後の記録はまだ署名待ち)" : "");
		return 0;
	case AUDIT_TAMPERED:
		if (r.bad_id > 0)
			snprintf(msg, msglen, "監査ログの %lld 番 (%s) で照合が合い"
			    "ません。%s", (long long)r.bad_id, r.bad_at, r.why);
		else
			snprintf(msg, msglen, "監査ログの照合が合いません。%s",
			    r.why);
		return 1;
	default:
		snprintf(msg, msglen, "監査ログを検証できません。%s", r.why);
		return -1;
	}
}
