/*
 * The audit events of the procedures, as a table: each kind's name in the
 * trail, what its object is and what its detail may carry (never a PIN,
 * never personal data beyond the ids that explain the event), and one
 * function per kind. Each is called inside the store_tx that makes the
 * change it records, so the row and the change are written together or
 * not at all; a failed audit row fails that transaction.
 */
#include <stdio.h>
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
	PROC_AUDIT_HOLD,
	PROC_AUDIT_PURGE,
	PROC_AUDIT_STEP_REOPEN,
	PROC_AUDIT_MAIL_CREATE,
	PROC_AUDIT_MAIL_PRINT,
	PROC_AUDIT_MAIL_POST,
	PROC_AUDIT_MAIL_DELIVER,
	PROC_AUDIT_MAIL_RETURN,
	PROC_AUDIT_APPROVAL_REQUEST,
	PROC_AUDIT_APPROVAL_APPROVE,
	PROC_AUDIT_APPROVAL_REFUSE,
	PROC_AUDIT_APPROVAL_WITHDRAW,
	PROC_AUDIT_APPROVAL_DONE,
	PROC_AUDIT_CLERK_ROLE,
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
