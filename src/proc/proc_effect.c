/*
 * The frame's recorded steps: what a decision does, planned with its
 * application (app_effects rows) and executed in order by proc_app_run,
 * one row at a time. Each kind of step is a row of proc_effect_table: its
 * store code, what it needs (the card, the issuer), a check made before
 * anything starts and the step itself. A step runs between two records
 * and is safe to repeat (the issuer by request id, the card by writing
 * the same again), so whatever stops a procedure, running it again
 * finishes it and nothing is done twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

#define PROC_EFFECTS_MAX	16

struct proc_effect_kind {
	const char	*code;		/* app_effects.effect */
	const char	*label;		/* what the clerk reads */
	int		 later;		/* done by other work, not proc_app_run */
	int		 clerk;		/* later: the clerk says it is done
					 * (proc_app_mark_done) */
	int		 card;		/* needs the card in the reader */
	int		 issuer;	/* needs the issuer */
	enum proc_status (*ready)(struct proc_ctx *, struct proc_run *,
	    char *, size_t);
	enum proc_status (*run)(struct proc_ctx *, struct proc_run *,
	    const struct store_effect *, char *, size_t);
	/* The step's record change, or NULL: in the transaction that marks
	 * it done, with its audit row. */
	int (*tx)(struct store *, const char *actor, const struct store_app *,
	    const struct store_effect *);
};

static enum proc_status fx_revoke(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *, size_t);
static enum proc_status fx_card_state(struct proc_ctx *, struct proc_run *,
    const struct store_effect *, char *, size_t);

static const struct proc_effect_kind proc_effect_table[] = {
	{ "revoke", "失効", 0, 0, 0, 1, NULL, fx_revoke, NULL },
	{ "card_state", "カードの状態", 0, 0, 0, 0, NULL, fx_card_state, NULL },
	{ "issue", "発行", 0, 0, 1, 1, proc_fx_issue_ready, proc_fx_issue,
	  NULL },
	/* R4.9, R4.10, R4-2.5, R4-2.6: target the cert kind whose PIN. */
	{ "pin_change", "暗証番号の変更", 0, 0, 1, 0, proc_fx_pin_ready,
	  proc_fx_pin, NULL },
	{ "pin_reset", "暗証番号の初期化", 0, 0, 1, 0, proc_fx_pin_ready,
	  proc_fx_pin, NULL },
	{ "face_auth_switch", "顔認証マイナンバーカードへの切替", 0, 0, 1, 1,
	  proc_fx_card_ready, proc_fx_face_switch, NULL },
	/* R4.3, R4.11: after the user PIN's reset, the card's record. */
	{ "face_auth_release", "顔認証カードの暗証番号の利用の再開", 0, 0, 0,
	  0, NULL, proc_fx_face_release, proc_fx_face_release_tx },
	/* R4-3.7, R4.11: the card face, written by the clerk. */
	{ "face_auth_mark", "券面の追記欄への記載", 1, 1, 0, 0, NULL, NULL,
	  NULL },
	/* R6.6, R6-2.5: done by the mailing list (特定記録郵便). */
	{ "send_to_jlis", "地方公共団体情報システム機構への送付", 1, 0, 0, 0,
	  NULL, NULL, NULL },
};

static const struct proc_effect_kind *
fx_kind(const char *code)
{
	size_t i;

	for (i = 0; i < nitems(proc_effect_table); i++)
		if (strcmp(proc_effect_table[i].code, code) == 0)
			return &proc_effect_table[i];
	return NULL;
}

const char *
proc_procedure_ja(const char *code)
{
	static const char *const words[][2] = {
		{ "issue", "発行" }, { "revoke", "失効" },
		{ "pin_change", "暗証番号の変更" }, { "pin_reset", "暗証番号の初期化" },
		{ "face_auth", "顔認証カードへの切替" }, { "card_found",
		  "紛失カードの発見の処理" }, { "disclose", "開示請求の受付" },
		{ "correct", "訂正請求の受付" },
	};
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(words[i][0], code) == 0)
			return words[i][1];
	return "手続き";
}

const char *
proc_reason_ja(enum issuer_reason r)
{
	switch (r) {
	case ISSUER_REASON_KEY_COMPROMISE:
		return "秘密鍵の漏えい等の届出";
	case ISSUER_REASON_CESSATION_OF_OPERATION:
		return "失効申請";
	case ISSUER_REASON_SUPERSEDED:
		return "更新による失効";
	case ISSUER_REASON_AFFILIATION_CHANGED:
		return "記載事項の変更";
	case ISSUER_REASON_CERTIFICATE_HOLD:
		return "一時保留";
	default:
		return "失効";
	}
}

/* ---- Planning ------------------------------------------------------------ */

struct plan {
	struct store		*st;
	const struct store_app	*app;
	int			 seq;
	int64_t			 card_id;	/* of the first revoked cert */
};

static int
plan_add(struct plan *pl, const char *effect, const char *target,
    const char *detail)
{
	struct store_effect e;

	memset(&e, 0, sizeof(e));
	e.application_id = pl->app->id;
	e.seq = ++pl->seq;
	strlcpy_m(e.effect, effect, sizeof(e.effect));
	strlcpy_m(e.target, target, sizeof(e.target));
	strlcpy_m(e.detail, detail, sizeof(e.detail));
	return store_effect_add(pl->st, &e);
}

static unsigned
kind_bit(const char *kind)
{
	return strcmp(kind, "signature") == 0 ? RULES_CERT_SIGNATURE :
	    RULES_CERT_USER;
}

/* R3.8, R3-2.5: each identified cert is the person's, current, and of a
 * kind the decision revokes. */
static int
plan_targets(struct plan *pl, const struct rules_case *rc,
    const struct rules_decision *d, const struct proc_targets *t, char *msg,
    size_t msglen)
{
	struct store_cert c;
	size_t i;

	/* Issuance's own revocations (renewal, R4-3.7) are its steps'. */
	if (rc->procedure != RULES_PROC_REVOKE &&
	    rc->procedure != RULES_PROC_CARD_FOUND)
		return 0;
	if (d->revoke != 0 && (t == NULL || t->n == 0) &&
	    strcmp(pl->app->state, "waiting_reply") != 0) {
		snprintf(msg, msglen, "失効する電子証明書を選んでください (カード"
		    "か、シリアル番号の分かる書類で確かめたもの)。");
		return -1;
	}
	for (i = 0; t != NULL && i < t->n; i++) {
		if (store_cert_by_serial(pl->st, t->serials[i], &c) != 0 ||
		    c.person_id != pl->app->person_id ||
		    (strcmp(c.state, "valid") != 0 &&
		    strcmp(c.state, "on_hold") != 0)) {
			snprintf(msg, msglen, "選ばれた電子証明書 (%s) は、この"
			    "人の有効な証明書ではありません。", t->serials[i]);
			return -1;
		}
		if (d->verdict == RULES_ACCEPT && !(d->revoke & kind_bit(c.kind))) {
			snprintf(msg, msglen, "選ばれた電子証明書 (%s) は、判定で"
			    "失効するものに入っていません。", t->serials[i]);
			return -1;
		}
		if (pl->card_id == 0)
			pl->card_id = c.card_id;
		if (plan_add(pl, "revoke", c.serial,
		    issuer_reason_name(t->reason)) == -1) {
			snprintf(msg, msglen, "申請を保存できませんでした。");
			return -1;
		}
	}
	return 0;
}

/* The card a combined form changes: the application's (its card check),
 * else the card the first revoked cert was written to, then bound to the
 * application. 0 when the counter knows no card. */
static int64_t
plan_card(struct plan *pl)
{
	if (pl->app->card_id != 0)
		return pl->app->card_id;
	if (pl->card_id != 0 &&
	    store_app_set_card(pl->st, pl->app->id, pl->card_id) == -1)
		return 0;
	return pl->card_id;
}

static int
decision_says(const struct rules_decision *d, enum rules_reason_code code)
{
	size_t i;

	for (i = 0; i < d->n_reasons; i++)
		if (d->reasons[i].code == code)
			return 1;
	return 0;
}

/* The PINs a PIN procedure sets: those the case names (case.certs), but
 * the signature PIN where the decision refused it (R2.2 (3): an infant
 * via another municipality has no signature cert). */
static unsigned
plan_pins(const struct rules_case *c, const struct rules_decision *d)
{
	unsigned pins = c->certs;

	if (c->procedure != RULES_PROC_PIN_CHANGE &&
	    c->procedure != RULES_PROC_PIN_RESET)
		return 0;
	if (decision_says(d, RULES_RSN_SIGNATURE_INFANT_VIA))
		pins &= ~RULES_CERT_SIGNATURE;
	return pins;
}

/* The face-auth steps: the switch (R4-3.7) or the release after the user
 * PIN's reset (R4.3), then the card-face writing the clerk does where
 * the decision says so (R4-3.7, R4.11). */
static int
plan_face(struct plan *pl, const struct rules_decision *d)
{
	int rc = 0;

	if (d->face_auth_switch)
		rc = plan_add(pl, "face_auth_switch", "", "");
	if (rc == 0 && d->face_auth_release)
		rc = plan_add(pl, "face_auth_release", "", "");
	if (rc == 0 && d->face_auth_switch &&
	    decision_says(d, RULES_RSN_FACE_AUTH_MARK))
		rc = plan_add(pl, "face_auth_mark", "switch", "");
	if (rc == 0 && d->face_auth_release &&
	    decision_says(d, RULES_RSN_FACE_AUTH_RELEASE_MARK))
		rc = plan_add(pl, "face_auth_mark", "release", "");
	return rc;
}

/* What the decision does besides the identified revocations. */
static int
plan_decision(struct plan *pl, const struct rules_case *c,
    const struct rules_decision *d)
{
	static const char *const kinds[] = { "signature", "user" };
	const char *card_state = NULL;
	unsigned pins = plan_pins(c, d);
	size_t i;
	int rc = 0;

	if (d->verdict != RULES_ACCEPT)
		return 0;
	if (c->combined_with == RULES_COMB_CARD_LOST)
		card_state = "lost";		/* R3.9, R3-2.7 */
	else if (c->combined_with == RULES_COMB_CARD_RETURNED)
		card_state = "returned";	/* R3.10, R3-2.6 */
	else if (c->procedure == RULES_PROC_CARD_FOUND ||
	    c->combined_with == RULES_COMB_CARD_FOUND)
		card_state = "active";		/* R5.2, R5.3, R3-2.8 */
	if (card_state != NULL && plan_card(pl) != 0)
		rc = plan_add(pl, "card_state", card_state, "");
	for (i = 0; i < nitems(kinds) && rc == 0; i++)
		if (d->issue & kind_bit(kinds[i]))
			rc = plan_add(pl, "issue", kinds[i], "");
	/* One step per PIN, named by its cert kind, never its value. */
	for (i = 0; i < nitems(kinds) && rc == 0; i++)
		if (pins & kind_bit(kinds[i]))
			rc = plan_add(pl, c->procedure == RULES_PROC_PIN_CHANGE ?
			    "pin_change" : "pin_reset", kinds[i], "");
	if (rc == 0)
		rc = plan_face(pl, d);
	if (rc == 0 && d->send_to_jlis)
		rc = plan_add(pl, "send_to_jlis", "", "");
	return rc;
}

int
proc_effects_plan(struct store *st, const struct store_app *app,
    const struct rules_case *c, const struct rules_decision *d,
    const struct proc_targets *t, char *msg, size_t msglen)
{
	struct plan pl = { st, app, 0, 0 };

	if (plan_targets(&pl, c, d, t, msg, msglen) == -1)
		return -1;
	if (plan_decision(&pl, c, d) == -1) {
		snprintf(msg, msglen, "申請を保存できませんでした。");
		return -1;
	}
	return 0;
}

static int
replan_max_cb(const struct store_effect *e, void *arg)
{
	int *seq = arg;

	if (e->seq > *seq)
		*seq = e->seq;
	return 0;
}

int
proc_effects_replan(struct store *st, const struct store_app *app,
    const struct rules_case *c, const struct rules_decision *d)
{
	struct plan pl = { st, app, 0, 0 };

	if (store_effect_drop_pending(st, app->id, "revoke") == -1 ||
	    store_effect_foreach(st, app->id, replan_max_cb, &pl.seq) == -1)
		return -1;
	return plan_decision(&pl, c, d);
}

/* ---- The steps of revocation and of a card's state -------------------- */

static enum proc_status
fx_revoke(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	enum issuer_reason reason;
	struct store_cert c;
	char rid[ISSUER_ID_MAX];

	if (issuer_reason_parse(e->detail, &reason) == -1)
		reason = ISSUER_REASON_UNSPECIFIED;
	if (store_cert_by_serial(pc->st, e->target, &c) != 0)
		return proc_store_fail(pc, msg, msglen);
	proc_say(pc, "%s: 失効しています (%s)", strcmp(c.kind, "signature") ==
	    0 ? "署名用電子証明書" : "利用者証明用電子証明書",
	    proc_reason_ja(reason));
	snprintf(rid, sizeof(rid), "%s.fx%d", r->app->request_id, e->seq);
	return proc_revoke(pc, rid, e->target, reason, msg, msglen);
}

static enum proc_status
fx_card_state(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	proc_say(pc, "カードの記録を「%s」にしています",
	    strcmp(e->target, "lost") == 0 ? "紛失" :
	    strcmp(e->target, "returned") == 0 ? "返納" : "使用中");
	if (store_card_set_state(pc->st, r->app->card_id, e->target) == -1)
		return proc_store_fail(pc, msg, msglen);
	return PROC_OK;
}

/* ---- Running the steps ----------------------------------------------------- */

struct fx_list {
	struct store_effect	e[PROC_EFFECTS_MAX];
	int			n;
};

static int
fx_list_cb(const struct store_effect *e, void *arg)
{
	struct fx_list *l = arg;

	if (l->n == PROC_EFFECTS_MAX)
		return 1;
	l->e[l->n++] = *e;
	return 0;
}

/* What the pending steps need, there before anything starts: the issuer,
 * the card service (then the reader is claimed). */
static enum proc_status
fx_services(struct proc_ctx *pc, const struct fx_list *l, int *card,
    char *msg, size_t msglen)
{
	int i, issuer = 0;

	*card = 0;
	for (i = 0; i < l->n; i++) {
		const struct proc_effect_kind *k = fx_kind(l->e[i].effect);

		if (k == NULL || k->later || strcmp(l->e[i].state, "done") == 0)
			continue;
		issuer |= k->issuer;
		*card |= k->card;
	}
	if (issuer && pc->iss == NULL) {
		snprintf(msg, msglen, "発行機関 (madoguchi-issuerd) に接続できな"
		    "いため、処理できません。申請は受け付けたまま保存されています。管理者に連絡し、直って"
		    "から本人の記録の画面で再開してください (F7)。");
		return PROC_FAILED;
	}
	if (*card && pc->card == NULL) {
		snprintf(msg, msglen, "カード読み取りサービスに接続できないため、"
		    "処理できません。申請は保存されています。管理者に連絡し、直って"
		    "から再開してください (F7)。");
		return PROC_CARD;
	}
	return *card ? proc_claim(pc, msg, msglen) : PROC_OK;
}

/* Each kind's check before anything starts, once per kind pending. */
static enum proc_status
fx_ready(struct proc_ctx *pc, struct proc_run *r, const struct fx_list *l,
    char *msg, size_t msglen)
{
	const struct proc_effect_kind *seen[nitems(proc_effect_table)];
	size_t nseen = 0, j;
	enum proc_status ps;
	int i;

	for (i = 0; i < l->n; i++) {
		const struct proc_effect_kind *k = fx_kind(l->e[i].effect);

		if (k == NULL || k->later || k->ready == NULL ||
		    strcmp(l->e[i].state, "done") == 0)
			continue;
		for (j = 0; j < nseen && seen[j] != k; j++)
			;
		if (j < nseen)
			continue;
		seen[nseen++] = k;
		if ((ps = k->ready(pc, r, msg, msglen)) != PROC_OK)
			return ps;
	}
	return PROC_OK;
}

struct fx_done_tx {
	const char			*actor;
	const struct store_app		*app;
	const struct store_effect	*e;		/* NULL: none */
	int				 finish;	/* the application too */
};

/* A step done, its record change and its audit row; then, if finish, the
 * application done (from the state app says) and its row: all or none.
 * proc's own steps only while the application is worked on, those done
 * by other work (the clerk's, the mailing's) also after it is done. */
static int
fx_done_cb(struct store *st, void *arg)
{
	const struct fx_done_tx *d = arg;
	const struct proc_effect_kind *k = d->e != NULL ?
	    fx_kind(d->e->effect) : NULL;
	char what[96];

	if (d->e != NULL) {
		if ((k == NULL || !k->later) && !proc_app_live(st, d->app->id))
			return -1;
		if (store_effect_done(st, d->app->id, d->e->seq) == -1 ||
		    (k != NULL && k->tx != NULL &&
		    k->tx(st, d->actor, d->app, d->e) == -1))
			return -1;
		snprintf(what, sizeof(what), "%s %s", d->e->effect,
		    d->e->target);
		if (proc_audit_step_done(st, d->actor, d->app, what) == -1)
			return -1;
	}
	if (!d->finish)
		return 0;
	if (store_app_set_state(st, d->app->id, d->app->state, "done") == -1)
		return -1;
	return proc_audit_app_done(st, d->actor, d->app);
}

/* The pending steps proc runs, in order. */
static enum proc_status
fx_steps(struct proc_ctx *pc, struct proc_run *r, const struct fx_list *l,
    char *msg, size_t msglen)
{
	enum proc_status ps;
	int i;

	for (i = 0; i < l->n; i++) {
		const struct store_effect *e = &l->e[i];
		const struct proc_effect_kind *k = fx_kind(e->effect);
		struct fx_done_tx d = { pc->actor, r->app, e, 0 };

		if (k == NULL || k->later || strcmp(e->state, "done") == 0)
			continue;
		if (!proc_app_live(pc->st, r->app->id))
			return proc_gone(msg, msglen);
		if ((ps = k->run(pc, r, e, msg, msglen)) != PROC_OK)
			return ps;
		if (store_tx(pc->st, fx_done_cb, &d) == -1)
			return proc_app_live(pc->st, r->app->id) ?
			    proc_store_fail(pc, msg, msglen) :
			    proc_gone(msg, msglen);
	}
	return PROC_OK;
}

/* An application with no steps recorded (saved another way than
 * proc_app_save): its steps as its row says, like db/0004 did for the
 * applications before the steps were recorded. */
static int
fx_plan_row_cb(struct store *st, void *arg)
{
	const struct store_app *app = arg;
	struct plan pl = { st, app, 0, 0 };
	int rc = 0;

	if (proc_has_word(app->issue_certs, "signature"))
		rc = plan_add(&pl, "issue", "signature", "");
	if (rc == 0 && proc_has_word(app->issue_certs, "user"))
		rc = plan_add(&pl, "issue", "user", "");
	if (rc == 0 && app->face_auth_switch)
		rc = plan_add(&pl, "face_auth_switch", "", "");
	return rc;
}

/* Load the application and its person, in a state to be run. */
static enum proc_status
fx_load(struct proc_ctx *pc, int64_t app_id, struct proc_run *r,
    struct fx_list *l, char *msg, size_t msglen)
{
	if (store_app_get(pc->st, app_id, r->app) != 0 ||
	    store_person_get(pc->st, r->app->person_id, r->p) != 0) {
		snprintf(msg, msglen, "申請 %lld が見つかりません。",
		    (long long)app_id);
		return PROC_INVALID;
	}
	if (strcmp(r->app->state, "accepted") != 0 &&
	    strcmp(r->app->state, "in_progress") != 0) {
		snprintf(msg, msglen, "この申請は処理できる状態ではありません (%s)。",
		    proc_app_state_ja(r->app->state));
		return PROC_INVALID;
	}
	/* Four eyes: a procedure whose gate is on waits for approval. */
	switch (proc_approval_gate(pc, r->app, msg, msglen)) {
	case 0:
		break;
	case 1:
		return PROC_INVALID;
	default:
		return PROC_FAILED;
	}
	if (store_effect_foreach(pc->st, app_id, fx_list_cb, l) == -1)
		return proc_store_fail(pc, msg, msglen);
	if (l->n == 0 && (store_tx(pc->st, fx_plan_row_cb, r->app) == -1 ||
	    store_effect_foreach(pc->st, app_id, fx_list_cb, l) == -1))
		return proc_store_fail(pc, msg, msglen);
	if (l->n == 0) {
		snprintf(msg, msglen, "この申請には、行う処理が記録されていません。"
		    "管理者に連絡してください。");
		return PROC_INVALID;
	}
	return PROC_OK;
}

enum proc_status
proc_app_run(struct proc_ctx *pc, int64_t app_id,
    const struct proc_run_args *args, char *msg, size_t msglen)
{
	static const struct proc_pins no_pins = { NULL, NULL, NULL };
	struct proc_run_args a = { args != NULL ? args->card_expiry : NULL,
	    args != NULL && args->pins != NULL ? args->pins : &no_pins,
	    args != NULL ? args->new_pins : NULL,
	    args != NULL ? args->n_new_pins : 0 };
	struct proc_run r = { xcalloc(1, sizeof(*r.app)),
	    xcalloc(1, sizeof(*r.p)), &a, "" };
	struct fx_list *l = xcalloc(1, sizeof(*l));
	struct fx_done_tx fin = { pc->actor, r.app, NULL, 1 };
	enum proc_status ps;
	int card = 0;

	msg[0] = '\0';
	if ((ps = fx_load(pc, app_id, &r, l, msg, msglen)) != PROC_OK ||
	    (ps = fx_services(pc, l, &card, msg, msglen)) != PROC_OK)
		goto out;
	if ((ps = fx_ready(pc, &r, l, msg, msglen)) != PROC_OK)
		goto done;
	if (strcmp(r.app->state, "accepted") == 0) {
		if (store_app_set_state(pc->st, app_id, "accepted",
		    "in_progress") == -1) {
			ps = proc_store_fail(pc, msg, msglen);
			goto done;
		}
		strlcpy_m(r.app->state, "in_progress", sizeof(r.app->state));
	}
	if ((ps = fx_steps(pc, &r, l, msg, msglen)) != PROC_OK)
		goto done;
	if (store_tx(pc->st, fx_done_cb, &fin) == -1)
		ps = proc_store_fail(pc, msg, msglen);
	else
		proc_say(pc, "%sが完了しました",
		    proc_procedure_ja(r.app->procedure));
done:
	if (card)
		proc_release(pc);
out:
	free(l);
	free(r.app);
	free(r.p);
	return ps;
}

/* ---- Steps the clerk does by hand --------------------------------------- */

/* The step of kind code to mark in l: its index, and whether any step
 * proc runs before it (*before) or besides it (*open) is pending. -1
 * when the application has none pending (*done_already: one done). */
static int
mark_find(const struct fx_list *l, const char *code, int *before, int *open,
    int *done_already)
{
	int i, at = -1;

	*before = *open = *done_already = 0;
	for (i = 0; i < l->n; i++) {
		const struct proc_effect_kind *k = fx_kind(l->e[i].effect);
		int pending = strcmp(l->e[i].state, "done") != 0;

		if (strcmp(l->e[i].effect, code) == 0) {
			if (!pending)
				*done_already = 1;
			else if (at == -1)
				at = i;
			continue;
		}
		if (pending && k != NULL && !k->later) {
			*open = 1;
			if (at == -1)
				*before = 1;
		}
	}
	return at;
}

static int
awaits_clerk_cb(const struct store_effect *e, void *arg)
{
	const struct proc_effect_kind *k = fx_kind(e->effect);
	int *found = arg;

	if (k != NULL && k->clerk && strcmp(e->state, "done") != 0)
		*found = 1;
	return 0;
}

int
proc_app_awaits_clerk(struct store *st, int64_t app_id)
{
	int found = 0;

	if (store_effect_foreach(st, app_id, awaits_clerk_cb, &found) == -1)
		return -1;
	return found;
}

int
proc_app_mark_done(struct proc_ctx *pc, int64_t app_id, const char *effect,
    char *msg, size_t msglen)
{
	const struct proc_effect_kind *k = fx_kind(effect);
	struct store_app *app = xcalloc(1, sizeof(*app));
	struct fx_list *l = xcalloc(1, sizeof(*l));
	int at, before, open, done_already, rc = -1;

	if (k == NULL || !k->clerk) {
		snprintf(msg, msglen, "この段階は、窓口で済ませたと記録するもの"
		    "ではありません。");
		goto out;
	}
	if (store_app_get(pc->st, app_id, app) != 0 ||
	    (strcmp(app->state, "accepted") != 0 &&
	    strcmp(app->state, "in_progress") != 0 &&
	    strcmp(app->state, "done") != 0)) {
		snprintf(msg, msglen, "この申請は、記録できる状態ではありません。");
		goto out;
	}
	if (store_effect_foreach(pc->st, app_id, fx_list_cb, l) == -1) {
		proc_store_fail(pc, msg, msglen);
		goto out;
	}
	at = mark_find(l, effect, &before, &open, &done_already);
	if (at == -1) {
		snprintf(msg, msglen, done_already ? "%sは、記録済みです。" :
		    "この申請には%sの段階がありません。", k->label);
		rc = done_already ? 0 : -1;
		goto out;
	}
	if (before) {
		snprintf(msg, msglen, "先にこの申請の処理を済ませてください (本人の"
		    "記録の画面で再開: F7)。%sは、その後で記録します。", k->label);
		goto out;
	}
	if (store_tx(pc->st, fx_done_cb, &(struct fx_done_tx){ pc->actor, app,
	    &l->e[at], !open && strcmp(app->state, "done") != 0 }) == -1) {
		proc_store_fail(pc, msg, msglen);
		goto out;
	}
	snprintf(msg, msglen, "%sを済ませたと記録しました。", k->label);
	rc = 0;
out:
	free(l);
	free(app);
	return rc;
}

/* ---- Steps done by other work (the mailing to J-LIS) ------------------- */

/* The later step seq of an application, with the others: its index in
 * l, -1 when there is none of a later kind. */
static int
later_load(struct store *st, int64_t app_id, int seq, struct store_app *app,
    struct fx_list *l)
{
	int i;

	if (store_app_get(st, app_id, app) != 0 ||
	    store_effect_foreach(st, app_id, fx_list_cb, l) == -1)
		return -1;
	for (i = 0; i < l->n; i++) {
		const struct proc_effect_kind *k = fx_kind(l->e[i].effect);

		if (l->e[i].seq == seq)
			return k != NULL && k->later ? i : -1;
	}
	return -1;
}

int
proc_effect_later_done(struct store *st, const char *actor, int64_t app_id,
    int seq)
{
	struct store_app *app = xcalloc(1, sizeof(*app));
	struct fx_list *l = xcalloc(1, sizeof(*l));
	int at, before, open, done_already, rc = -1;

	if ((at = later_load(st, app_id, seq, app, l)) == -1)
		goto out;
	rc = 0;
	if (strcmp(l->e[at].state, "done") == 0)
		goto out;
	mark_find(l, l->e[at].effect, &before, &open, &done_already);
	rc = fx_done_cb(st, &(struct fx_done_tx){ actor, app, &l->e[at],
	    !open && (strcmp(app->state, "accepted") == 0 ||
	    strcmp(app->state, "in_progress") == 0) });
out:
	free(l);
	free(app);
	return rc;
}

int
proc_effect_later_reopen(struct store *st, const char *actor,
    int64_t app_id, int seq)
{
	struct store_app *app = xcalloc(1, sizeof(*app));
	struct fx_list *l = xcalloc(1, sizeof(*l));
	char what[96];
	int at, rc = -1;

	if ((at = later_load(st, app_id, seq, app, l)) == -1)
		goto out;
	rc = 0;
	if (strcmp(l->e[at].state, "done") != 0)
		goto out;
	snprintf(what, sizeof(what), "%s %s", l->e[at].effect,
	    l->e[at].target);
	rc = store_effect_reopen(st, app_id, seq) == -1 ||
	    proc_audit_step_reopened(st, actor, app, what) == -1 ? -1 : 0;
out:
	free(l);
	free(app);
	return rc;
}

/* ---- Where an application stands -------------------------------------- */

static void
fx_label(struct proc_ctx *pc, const struct store_effect *e, char *buf,
    size_t size)
{
	const struct proc_effect_kind *k = fx_kind(e->effect);
	struct store_cert c;
	enum issuer_reason reason;

	if (strcmp(e->effect, "revoke") == 0 &&
	    store_cert_by_serial(pc->st, e->target, &c) == 0 &&
	    issuer_reason_parse(e->detail, &reason) == 0)
		snprintf(buf, size, "失効 (%s): %s %s", proc_reason_ja(reason),
		    strcmp(c.kind, "signature") == 0 ? "署名用" : "利用者証明用",
		    c.serial);
	else if (strcmp(e->effect, "issue") == 0)
		snprintf(buf, size, "発行: %s", strcmp(e->target, "signature") ==
		    0 ? "署名用電子証明書" : "利用者証明用電子証明書");
	else if (strcmp(e->effect, "pin_change") == 0 ||
	    strcmp(e->effect, "pin_reset") == 0)
		snprintf(buf, size, "%s: %sの暗証番号", k->label,
		    strcmp(e->target, "signature") == 0 ? "署名用電子証明書" :
		    "利用者証明用電子証明書");
	else if (strcmp(e->effect, "face_auth_mark") == 0)
		snprintf(buf, size, "%s (職員): %s", k->label,
		    strcmp(e->target, "release") == 0 ? "「顔認証」等に取り消し線"
		    "と職印" : "「顔認証」と年月日、職印");
	else if (strcmp(e->effect, "card_state") == 0)
		snprintf(buf, size, "カードの記録: %s", strcmp(e->target, "lost") ==
		    0 ? "紛失" : strcmp(e->target, "returned") == 0 ? "返納" :
		    "使用中");
	else
		snprintf(buf, size, "%s", k != NULL ? k->label : e->effect);
}

int
proc_app_steps(struct proc_ctx *pc, int64_t app_id,
    struct proc_step_view *out, int max)
{
	struct fx_list *l = xcalloc(1, sizeof(*l));
	int i, n = 0;

	if (store_effect_foreach(pc->st, app_id, fx_list_cb, l) == -1) {
		free(l);
		return -1;
	}
	for (i = 0; i < l->n && n < max; i++, n++) {
		const struct proc_effect_kind *k = fx_kind(l->e[i].effect);

		fx_label(pc, &l->e[i], out[n].label, sizeof(out[n].label));
		strlcpy_m(out[n].effect, l->e[i].effect, sizeof(out[n].effect));
		strlcpy_m(out[n].target, l->e[i].target, sizeof(out[n].target));
		out[n].done = strcmp(l->e[i].state, "done") == 0;
		out[n].later = k != NULL && k->later;
	}
	free(l);
	return n;
}
