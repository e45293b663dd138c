/*
 * Changes to certs that follow an issuance: the replaced certs of a
 * renewal and the signature cert of a card becoming a face-auth card are
 * revoked at the issuer, then in the counter database. Request ids derive
 * from the application's, so a repeat revokes nothing twice.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

void
proc_cert_row(const struct store_app *app, const struct proc_kind *k,
    const struct issuer_cert *ic, struct store_cert *out)
{
	memset(out, 0, sizeof(*out));
	out->card_id = app->card_id;
	out->person_id = app->person_id;
	strlcpy_m(out->kind, k->name, sizeof(out->kind));
	strlcpy_m(out->serial, ic->serial, sizeof(out->serial));
	strlcpy_m(out->state, "valid", sizeof(out->state));
	strlcpy_m(out->not_before, ic->not_before, sizeof(out->not_before));
	strlcpy_m(out->not_after, ic->not_after, sizeof(out->not_after));
	out->application_id = app->id;
}

struct revoke_tx {
	const char	*actor, *serial, *reason;
};

/* The counter's row and its audit row: both or neither. */
static int
revoke_tx_cb(struct store *st, void *arg)
{
	const struct revoke_tx *r = arg;

	if (store_cert_set_state(st, r->serial, "revoked", r->reason) == -1)
		return -1;
	return proc_audit_cert_revoked(st, r->actor, r->serial, r->reason);
}

enum proc_status
proc_revoke(struct proc_ctx *pc, const char *rid, const char *serial,
    enum issuer_reason reason, char *msg, size_t msglen)
{
	struct revoke_tx r = { pc->actor, serial, issuer_reason_name(reason) };
	enum issuer_status is;

	is = issuer_revoke(pc->iss, rid, serial, reason, NULL, NULL);
	if (is != ISSUER_OK && is != ISSUER_E_STATE)
		return proc_issuer_fail(pc, is, msg, msglen);
	if (store_tx(pc->st, revoke_tx_cb, &r) == -1)
		return proc_store_fail(pc, msg, msglen);
	return PROC_OK;
}

struct revoke_list {
	const char	*kind;
	const char	*keep;
	char		 serials[8][48];
	int64_t		 ids[8];
	int		 n;
};

static int
collect_cb(const struct store_cert *c, void *arg)
{
	struct revoke_list *rl = arg;

	if (strcmp(c->kind, rl->kind) != 0 || (rl->keep != NULL &&
	    strcmp(c->serial, rl->keep) == 0))
		return 0;
	if (strcmp(c->state, "valid") != 0 && strcmp(c->state, "on_hold") != 0)
		return 0;
	if (rl->n < (int)nitems(rl->serials)) {
		strlcpy_m(rl->serials[rl->n], c->serial, sizeof(rl->serials[0]));
		rl->ids[rl->n++] = c->id;
	}
	return 0;
}

static enum proc_status
proc_revoke_kind(struct proc_ctx *pc, const struct store_app *app,
    int64_t person_id, const char *kind, const char *keep,
    enum issuer_reason reason, char *msg, size_t msglen)
{
	struct revoke_list rl = { .kind = kind, .keep = keep };
	enum proc_status ps = PROC_OK;
	char rid[ISSUER_ID_MAX];
	int i;

	if (store_cert_foreach(pc->st, person_id, collect_cb, &rl) == -1)
		return proc_store_fail(pc, msg, msglen);
	for (i = 0; i < rl.n && ps == PROC_OK; i++) {
		snprintf(rid, sizeof(rid), "%s.revoke.%lld", app->request_id,
		    (long long)rl.ids[i]);
		ps = proc_revoke(pc, rid, rl.serials[i], reason, msg, msglen);
	}
	return ps;
}

enum proc_status
proc_supersede(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, const struct proc_kind *k,
    const char *keep, char *msg, size_t msglen)
{
	return proc_revoke_kind(pc, app, p->id, k->name, keep,
	    ISSUER_REASON_SUPERSEDED, msg, msglen);
}

struct face_auth_tx {
	const char		*actor;
	const struct store_app	*app;
};

/* The card marked face-auth and its audit row: both or neither. */
static int
face_auth_tx_cb(struct store *st, void *arg)
{
	const struct face_auth_tx *f = arg;

	if (store_card_set_face_auth(st, f->app->card_id, 1) == -1)
		return -1;
	return proc_audit_face_auth(st, f->actor, f->app);
}

enum proc_status
proc_face_auth_switch(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, const struct proc_pins *pins, char *msg,
    size_t msglen)
{
	struct card_error ce;
	enum proc_status ps;
	char pin[CARD_PIN_MAX + 1];
	int rc;

	/* R4-3.7: a valid signature cert is revoked as if asked for. */
	proc_say(pc, "顔認証マイナンバーカードへの切替: 署名用電子証明書を失効しています");
	ps = proc_revoke_kind(pc, app, p->id, "signature", NULL,
	    ISSUER_REASON_CESSATION_OF_OPERATION, msg, msglen);
	if (ps != PROC_OK)
		return ps;
	/* R4-3.7: staff set a random user PIN, shown to no one, then lock
	 * it (an issuance set one already: another does no harm, and the
	 * switch on its own, procedure face_auth, needs its own). */
	proc_say(pc, "顔認証マイナンバーカードへの切替: 暗証番号を設定しています");
	if ((ps = proc_before_write(pc, app, pins, msg, msglen)) != PROC_OK)
		return ps;
	proc_random_pin(CARD_PIN_USER, pin, sizeof(pin));
	rc = card_set_pin(pc->card, NULL, CARD_PIN_USER, pin, &ce);
	secure_wipe(pin, sizeof(pin));
	if (rc == -1)
		return proc_card_fail(&ce, msg, msglen);
	proc_say(pc, "顔認証マイナンバーカードへの切替: 暗証番号を施錠しています");
	if ((ps = proc_before_write(pc, app, pins, msg, msglen)) != PROC_OK)
		return ps;
	if (card_face_lock(pc->card, NULL, &ce) == -1)
		return proc_card_fail(&ce, msg, msglen);
	if (store_tx(pc->st, face_auth_tx_cb, &(struct face_auth_tx){
	    pc->actor, app }) == -1)
		return proc_store_fail(pc, msg, msglen);
	return PROC_OK;
}
