/*
 * The audit events of the procedures, as a table: each kind's name in the
 * trail, what its object is and what its detail may carry (never a PIN,
 * never personal data beyond the ids that explain the event), and one
 * function per kind. Each is called inside the store_tx that makes the
 * change it records, so the row and the change are written together or
 * not at all; a failed audit row fails that transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

enum proc_audit_kind {
	PROC_AUDIT_APP_SAVE,
	PROC_AUDIT_APP_DONE,
	PROC_AUDIT_STEP_DONE,
	PROC_AUDIT_CERT_REVOKE,
	PROC_AUDIT_CARD_FACE_AUTH,
	PROC_AUDIT_CARD_FACE_RELEASE,
	PROC_AUDIT_CARD_READ,
	PROC_AUDIT_HOLD,
	PROC_AUDIT_PURGE,
	PROC_AUDIT_STEP_REOPEN,
	PROC_AUDIT_MAIL_CREATE,
	PROC_AUDIT_MAIL_PRINT,
	PROC_AUDIT_MAIL_POST,
	PROC_AUDIT_MAIL_DELIVER,
	PROC_AUDIT_MAIL_RETURN,
	PROC_AUDIT_BACKUP_CREATE,
	PROC_AUDIT_BACKUP_RESTORE,
	PROC_AUDIT_CLOSE_PRINT,
	PROC_AUDIT_SETTING_SET,
	PROC_AUDIT_CLERK_ADD,
	PROC_AUDIT_CLERK_ADD_KEY,
	PROC_AUDIT_CLERK_REMOVE_KEY,
	PROC_AUDIT_CLERK_WINDOW,
	PROC_AUDIT_CLERK_ROLE,
	PROC_AUDIT_CLERK_DISABLE,
	PROC_AUDIT_CLERK_ENABLE,
	PROC_AUDIT_APPROVAL_REQUEST,
	PROC_AUDIT_APPROVAL_APPROVE,
	PROC_AUDIT_APPROVAL_REFUSE,
	PROC_AUDIT_APPROVAL_WITHDRAW,
	PROC_AUDIT_APPROVAL_DONE,
	PROC_AUDIT_UNLOCK_SET,
	PROC_AUDIT_UNLOCK_FAILED,
	PROC_AUDIT_UNLOCK_RESET,
	PROC_AUDIT_PRINT_JOB,
	PROC_AUDIT_PRINT_AGAIN,
	PROC_AUDIT_PRINT_RESULT,
	PROC_AUDIT_COUNT
};

static const struct {
	const char	*kind;
	const char	*object;	/* what the object column names */
	const char	*detail;	/* what the detail column carries */
} proc_audit_table[PROC_AUDIT_COUNT] = {
	[PROC_AUDIT_APP_SAVE] = { "application.save", "request id",
	  "state saved" },
	[PROC_AUDIT_APP_DONE] = { "application.done", "request id",
	  "procedure" },
	[PROC_AUDIT_STEP_DONE] = { "application.step", "request id",
	  "step and its target (cert kind or whose PIN, serial, card "
	  "state; never a PIN)" },
	[PROC_AUDIT_CERT_REVOKE] = { "cert.revoke", "serial",
	  "RFC 5280 reason" },
	[PROC_AUDIT_CARD_FACE_AUTH] = { "card.face_auth", "request id", "" },
	/* R4.3, R4.11: the user PIN reset, the card no longer face-auth. */
	[PROC_AUDIT_CARD_FACE_RELEASE] = { "card.face_auth_release",
	  "request id", "" },
	/* A card read to find its holder (no application yet): which card,
	 * how, and the persons' ids found; never a PIN or a name. */
	[PROC_AUDIT_CARD_READ] = { "card.read", "card number (the counter's "
	  "handle)", "route, result, the persons' ids" },
	[PROC_AUDIT_HOLD] = { "cert.hold", "hold id", "serials held" },
	/* R7: what the deletion itself must keep, nothing of the persons. */
	[PROC_AUDIT_PURGE] = { "retention.purge", "approving supervisor's "
	  "login", "count, then each deleted application's id and keep-until" },
	/* A step done by other work came undone (a returned mailing). */
	[PROC_AUDIT_STEP_REOPEN] = { "application.step_reopen", "request id",
	  "step and its target" },
	/* R6.6, R6-2.5: the mailing of request forms to J-LIS. */
	[PROC_AUDIT_MAIL_CREATE] = { "mailing.create", "mailing id",
	  "the applications' ids it carries" },
	[PROC_AUDIT_MAIL_PRINT] = { "mailing.print", "mailing id", "" },
	[PROC_AUDIT_MAIL_POST] = { "mailing.post", "mailing id",
	  "tracking number" },
	[PROC_AUDIT_MAIL_DELIVER] = { "mailing.deliver", "mailing id", "" },
	[PROC_AUDIT_MAIL_RETURN] = { "mailing.return", "mailing id", "" },
	/* Backups: where the copy went, its size and whether the keys went
	 * with it (sealed); a restore in the new state, from where. */
	[PROC_AUDIT_BACKUP_CREATE] = { "backup.create", "backup directory",
	  "size in bytes, keys yes or no" },
	[PROC_AUDIT_BACKUP_RESTORE] = { "backup.restore", "backup directory",
	  "when the backup was taken, schema from and to, the trail verified "
	  "or UNVERIFIED (accepted, first bad entry), the key that signs "
	  "now (new or the backup's) and the old head's key" },
	/* The daily close (日計表) printed: figures only, nothing personal. */
	[PROC_AUDIT_CLOSE_PRINT] = { "close.print", "day and window",
	  "the applications counted" },
	/* Maintenance (admins): the settings and the clerks. */
	[PROC_AUDIT_SETTING_SET] = { "settings.set", "setting key",
	  "old -> new value" },
	[PROC_AUDIT_CLERK_ADD] = { "clerk.add", "clerk login",
	  "role, window and the key's fingerprint" },
	[PROC_AUDIT_CLERK_ADD_KEY] = { "clerk.add_key", "clerk login",
	  "the key's fingerprint" },
	[PROC_AUDIT_CLERK_REMOVE_KEY] = { "clerk.remove_key", "clerk login",
	  "the key's fingerprint" },
	[PROC_AUDIT_CLERK_WINDOW] = { "clerk.window", "clerk login",
	  "old -> new window" },
	[PROC_AUDIT_CLERK_DISABLE] = { "clerk.disable", "clerk login", "" },
	[PROC_AUDIT_CLERK_ENABLE] = { "clerk.enable", "clerk login", "" },
	/* Four eyes (proc_approve.c): the actor is the requester, the
	 * decider, or who carried the approved action out. */
	[PROC_AUDIT_APPROVAL_REQUEST] = { "approval.request", "approval id",
	  "action, object and params (what exactly will be done)" },
	[PROC_AUDIT_APPROVAL_APPROVE] = { "approval.approve", "approval id",
	  "action, object, requester, the decider's note" },
	[PROC_AUDIT_APPROVAL_REFUSE] = { "approval.refuse", "approval id",
	  "action, object, requester, the refusal's reason" },
	[PROC_AUDIT_APPROVAL_WITHDRAW] = { "approval.withdraw", "approval id",
	  "action, object" },
	[PROC_AUDIT_APPROVAL_DONE] = { "approval.done", "approval id",
	  "action, object, requester and approver" },
	[PROC_AUDIT_CLERK_ROLE] = { "clerk.role", "clerk login",
	  "old and new role, approval and approver when one was needed" },
	/* The idle lock (issue 14): never the code, only the cost used. */
	[PROC_AUDIT_UNLOCK_SET] = { "session.unlock_set", "clerk login",
	  "KDF and its cost" },
	[PROC_AUDIT_UNLOCK_FAILED] = { "session.unlock_failed", "clerk login",
	  "wrong codes typed; the session ended" },
	[PROC_AUDIT_UNLOCK_RESET] = { "session.unlock_reset", "clerk login",
	  "" },
	/* Print jobs (issue 15): what was printed and where, by ids only;
	 * the reason of a failure is ours (Japanese, nothing personal). */
	[PROC_AUDIT_PRINT_JOB] = { "print.job", "print job id",
	  "kind, ref id, application id, window, queue" },
	[PROC_AUDIT_PRINT_AGAIN] = { "print.again", "print job id",
	  "attempt number, queue" },
	[PROC_AUDIT_PRINT_RESULT] = { "print.result", "print job id",
	  "state, CUPS job id, the reason of a failure" },
};

/* What an admin reads for a kind of the trail (the audit screen): the
 * kinds above and those written elsewhere (a kind not here is shown as
 * it is stored). */
static const struct {
	const char	*kind;
	const char	*label;
} proc_audit_label_table[] = {
	{ "application.save", "申請の保存" },
	{ "application.done", "申請の完了" },
	{ "application.step", "処理の段階" },
	{ "application.step_reopen", "段階の差戻し" },
	{ "application.cancel", "申請の取消し" },
	{ "application.card_checked", "カードの確認" },
	{ "application.reply", "回答書の受領" },
	{ "cert.revoke", "証明書の失効" },
	{ "cert.hold", "証明書の一時保留" },
	{ "cert.sync", "証明書の状態の同期" },
	{ "card.face_auth", "顔認証の設定" },
	{ "card.face_auth_release", "顔認証の解除" },
	{ "card.mismatch", "カードの不一致" },
	{ "card.read", "カードからの読み取り" },
	{ "letter.sent", "照会書の送付" },
	{ "mailing.create", "J-LIS 送付の作成" },
	{ "mailing.print", "J-LIS 送付の印刷" },
	{ "mailing.post", "J-LIS 送付の発送" },
	{ "mailing.deliver", "J-LIS 送付の配達" },
	{ "mailing.return", "J-LIS 送付の返戻" },
	{ "retention.purge", "保存期間経過の削除" },
	{ "registry.import", "住民記録の取込み" },
	{ "settings.set", "設定の変更" },
	{ "clerk.add", "職員の登録" },
	{ "clerk.add_key", "職員の鍵の追加" },
	{ "clerk.remove_key", "職員の鍵の削除" },
	{ "clerk.window", "職員の窓口の変更" },
	{ "clerk.role", "職員の役割の変更" },
	{ "clerk.disable", "職員の停止" },
	{ "clerk.enable", "職員の再開" },
	{ "clerk.refused", "職員の操作の拒否" },
	{ "backup.create", "バックアップ" },
	{ "backup.restore", "バックアップからの復元" },
	{ "close.print", "日計表の印刷" },
	{ "ca.init", "認証局の作成" },
	{ "ca.issue", "認証局での発行 (管理者)" },
	{ "ca.revoke", "認証局での失効 (管理者)" },
	{ "ca.hold", "認証局での一時保留 (管理者)" },
	{ "ca.release", "認証局での保留解除 (管理者)" },
	{ "ca.disclosure", "認証局への開示請求の記録 (管理者)" },
	{ "ca.mail", "認証局への送付の記録 (管理者)" },
	{ "ca.reconcile", "認証局との照合 (管理者)" },
	{ "audit.key_rotate", "監査ログの署名鍵の交換" },
	{ "approval.request", "承認の依頼" },
	{ "approval.approve", "承認" },
	{ "approval.refuse", "承認の却下" },
	{ "approval.withdraw", "承認の依頼の取下げ" },
	{ "approval.done", "承認された操作の実行" },
	{ "session.unlock_set", "画面ロックの解除コードの設定" },
	{ "session.unlock_failed", "画面ロックの解除の失敗" },
	{ "session.unlock_reset", "画面ロックの解除コードの消去 (管理者)" },
	{ "print.job", "帳票の印刷" },
	{ "print.again", "帳票の再印刷" },
	{ "print.result", "帳票の印刷の結果" },
};

/* The clerk events by enum proc_clerk_event (proc_int.h). */
static const enum proc_audit_kind proc_audit_clerk_table[PROC_CLERK_EV_COUNT] = {
	[PROC_CLERK_EV_ADD] = PROC_AUDIT_CLERK_ADD,
	[PROC_CLERK_EV_ADD_KEY] = PROC_AUDIT_CLERK_ADD_KEY,
	[PROC_CLERK_EV_REMOVE_KEY] = PROC_AUDIT_CLERK_REMOVE_KEY,
	[PROC_CLERK_EV_WINDOW] = PROC_AUDIT_CLERK_WINDOW,
	[PROC_CLERK_EV_ROLE] = PROC_AUDIT_CLERK_ROLE,
	[PROC_CLERK_EV_DISABLE] = PROC_AUDIT_CLERK_DISABLE,
	[PROC_CLERK_EV_ENABLE] = PROC_AUDIT_CLERK_ENABLE,
};

/* The kind of a mailing's move, by the state it moves to. */
static const struct {
	const char		*to;
	enum proc_audit_kind	 kind;
} proc_audit_mailing_table[] = {
	{ "draft", PROC_AUDIT_MAIL_CREATE },
	{ "printed", PROC_AUDIT_MAIL_PRINT },
	{ "posted", PROC_AUDIT_MAIL_POST },
	{ "delivered", PROC_AUDIT_MAIL_DELIVER },
	{ "returned", PROC_AUDIT_MAIL_RETURN },
};

static int
proc_audit(struct store *st, const char *actor, enum proc_audit_kind k,
    const char *object, const char *detail)
{
	return store_audit(st, actor, proc_audit_table[k].kind, object, detail);
}

int
proc_audit_app_saved(struct store *st, const char *actor,
    const struct store_app *app)
{
	return proc_audit(st, actor, PROC_AUDIT_APP_SAVE, app->request_id,
	    app->state);
}

int
proc_audit_app_done(struct store *st, const char *actor,
    const struct store_app *app)
{
	return proc_audit(st, actor, PROC_AUDIT_APP_DONE, app->request_id,
	    app->procedure);
}

int
proc_audit_step_done(struct store *st, const char *actor,
    const struct store_app *app, const char *what)
{
	return proc_audit(st, actor, PROC_AUDIT_STEP_DONE, app->request_id,
	    what);
}

int
proc_audit_cert_revoked(struct store *st, const char *actor,
    const char *serial, const char *reason)
{
	return proc_audit(st, actor, PROC_AUDIT_CERT_REVOKE, serial, reason);
}

int
proc_audit_face_auth(struct store *st, const char *actor,
    const struct store_app *app)
{
	return proc_audit(st, actor, PROC_AUDIT_CARD_FACE_AUTH,
	    app->request_id, NULL);
}

int
proc_audit_face_release(struct store *st, const char *actor,
    const struct store_app *app)
{
	return proc_audit(st, actor, PROC_AUDIT_CARD_FACE_RELEASE,
	    app->request_id, NULL);
}

int
proc_audit_card_read(struct store *st, const char *actor, const char *card_no,
    const char *detail)
{
	return proc_audit(st, actor, PROC_AUDIT_CARD_READ, card_no, detail);
}

int
proc_audit_hold(struct store *st, const char *actor,
    const struct store_hold *h)
{
	char id[24];

	snprintf(id, sizeof(id), "%lld", (long long)h->id);
	return proc_audit(st, actor, PROC_AUDIT_HOLD, id, h->serials);
}

int
proc_audit_purge(struct store *st, const char *actor, const char *approver,
    const char *detail)
{
	return proc_audit(st, actor, PROC_AUDIT_PURGE, approver, detail);
}

int
proc_audit_step_reopened(struct store *st, const char *actor,
    const struct store_app *app, const char *what)
{
	return proc_audit(st, actor, PROC_AUDIT_STEP_REOPEN, app->request_id,
	    what);
}

int
proc_audit_mailing(struct store *st, const char *actor,
    const struct store_mailing *m, const char *to, const char *detail)
{
	char id[24];
	size_t i;

	for (i = 0; i < nitems(proc_audit_mailing_table); i++)
		if (strcmp(proc_audit_mailing_table[i].to, to) == 0)
			break;
	if (i == nitems(proc_audit_mailing_table))
		fatalx("%s: no audit kind for a mailing moved to %s", __func__,
		    to);
	snprintf(id, sizeof(id), "%lld", (long long)m->id);
	return proc_audit(st, actor, proc_audit_mailing_table[i].kind, id,
	    detail);
}

int
proc_audit_backup(struct store *st, const char *actor, const char *dir,
    long long size, int with_keys)
{
	char detail[64];

	snprintf(detail, sizeof(detail), "size=%lld keys=%s", size,
	    with_keys ? "yes" : "no");
	return proc_audit(st, actor, PROC_AUDIT_BACKUP_CREATE, dir, detail);
}

int
proc_audit_restore(struct store *st, const char *actor, const char *dir,
    const struct proc_restore_result *r)
{
	char detail[224], trail[48] = "trail=verified";

	/* A trail restored though it did not verify says so in its own
	 * row, which the new head then signs when the chain allows. */
	if (!r->audit_verified)
		snprintf(trail, sizeof(trail), "trail=UNVERIFIED accepted "
		    "bad=%lld", (long long)r->audit_bad_id);
	snprintf(detail, sizeof(detail), "taken=%s schema=%d->%d %s key=%s "
	    "new=%s old=%s", r->manifest.created, r->from_schema,
	    r->to_schema, trail, r->audit_keyid, r->audit_key_new ? "yes" :
	    "no", r->audit_old_keyid[0] != '\0' ? r->audit_old_keyid : "none");
	return proc_audit(st, actor, PROC_AUDIT_BACKUP_RESTORE, dir, detail);
}

int
proc_audit_close(struct store *st, const char *actor, const char *day,
    const char *window, long count)
{
	char object[64], detail[32];

	snprintf(object, sizeof(object), "%s %s", day, window);
	snprintf(detail, sizeof(detail), "count=%ld", count);
	return proc_audit(st, actor, PROC_AUDIT_CLOSE_PRINT, object, detail);
}

int
proc_audit_setting(struct store *st, const char *actor, const char *key,
    const char *detail)
{
	return proc_audit(st, actor, PROC_AUDIT_SETTING_SET, key, detail);
}

int
proc_audit_clerk(struct store *st, const char *actor,
    enum proc_clerk_event ev, const char *login, const char *detail)
{
	if ((unsigned)ev >= PROC_CLERK_EV_COUNT)
		fatalx("%s: event %d", __func__, (int)ev);
	return proc_audit(st, actor, proc_audit_clerk_table[ev], login,
	    detail);
}

const char *
proc_audit_kind_label(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < nitems(proc_audit_label_table); i++)
		if (strcmp(proc_audit_label_table[i].kind, kind) == 0)
			return proc_audit_label_table[i].label;
	return NULL;
}

/* The four-eyes kinds, by what happened to the request. */
static const struct {
	const char		*what;
	enum proc_audit_kind	 kind;
} proc_audit_approval_table[] = {
	{ "request", PROC_AUDIT_APPROVAL_REQUEST },
	{ "approve", PROC_AUDIT_APPROVAL_APPROVE },
	{ "refuse", PROC_AUDIT_APPROVAL_REFUSE },
	{ "withdraw", PROC_AUDIT_APPROVAL_WITHDRAW },
	{ "done", PROC_AUDIT_APPROVAL_DONE },
};

int
proc_audit_approval(struct store *st, const char *actor, int64_t id,
    const char *what, const char *detail)
{
	char obj[24];
	size_t i;

	for (i = 0; i < nitems(proc_audit_approval_table); i++)
		if (strcmp(proc_audit_approval_table[i].what, what) == 0)
			break;
	if (i == nitems(proc_audit_approval_table))
		fatalx("%s: no audit kind for approval %s", __func__, what);
	snprintf(obj, sizeof(obj), "%lld", (long long)id);
	return proc_audit(st, actor, proc_audit_approval_table[i].kind, obj,
	    detail);
}

int
proc_audit_clerk_role(struct store *st, const char *actor, const char *login,
    const char *detail)
{
	return proc_audit(st, actor, PROC_AUDIT_CLERK_ROLE, login, detail);
}

int
proc_audit_unlock(struct store *st, const char *login, int failed,
    const char *detail)
{
	return proc_audit(st, login, failed ? PROC_AUDIT_UNLOCK_FAILED :
	    PROC_AUDIT_UNLOCK_SET, login, detail);
}

int
proc_audit_unlock_reset(struct store *st, const char *actor,
    const char *login)
{
	return proc_audit(st, actor, PROC_AUDIT_UNLOCK_RESET, login, "");
}

int
proc_audit_print(struct store *st, const char *actor,
    enum proc_print_event ev, const struct store_print_job *j)
{
	char object[32], *detail;
	int rc;

	snprintf(object, sizeof(object), "%lld", (long long)j->id);
	switch (ev) {
	case PROC_PRINT_EV_JOB:
		detail = xasprintf("%s %lld app %lld window %s queue %s",
		    j->kind, (long long)j->ref_id, (long long)j->app_id,
		    j->window, j->queue[0] != '\0' ? j->queue : "-");
		rc = proc_audit(st, actor, PROC_AUDIT_PRINT_JOB, object,
		    detail);
		break;
	case PROC_PRINT_EV_AGAIN:
		detail = xasprintf("attempt %d queue %s", j->attempts,
		    j->queue[0] != '\0' ? j->queue : "-");
		rc = proc_audit(st, actor, PROC_AUDIT_PRINT_AGAIN, object,
		    detail);
		break;
	case PROC_PRINT_EV_RESULT:
		detail = xasprintf("%s cups %d%s%s", j->state, j->cups_job,
		    j->error[0] != '\0' ? " " : "", j->error);
		rc = proc_audit(st, actor, PROC_AUDIT_PRINT_RESULT, object,
		    detail);
		break;
	default:
		fatalx("%s: event %d", __func__, (int)ev);
	}
	free(detail);
	return rc;
}
