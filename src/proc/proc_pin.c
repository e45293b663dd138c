/*
 * The steps of the PIN procedures (Articles 4, 4-2): one recorded step
 * per PIN the application names, "pin_change" or "pin_reset", its target
 * the cert kind whose PIN it is. The new PINs come from the clerk's
 * screen with each run (proc_run_args.new_pins) and are never kept,
 * logged or recorded; then the face-auth release that a user-PIN reset
 * brings (R4.3, R4.11), a change of the card's record only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* What an interrupted change had got to (the step's detail): the change
 * went to the card, and may have been made there. */
#define PIN_SENT	"sent"

static const struct proc_kind *
pin_kind(const char *target)
{
	size_t i;

	for (i = 0; i < proc_kind_count; i++)
		if (strcmp(proc_kind_table[i].name, target) == 0)
			return &proc_kind_table[i];
	fatalx("%s: PIN of cert kind %s", __func__, target);
}

/* The step changes a PIN with the current one: a change the applicant
 * makes (R4.9, R4-2.5). Staff setting the PIN of a change from the PIN
 * request form (R4.10, R4-2.6) have no current PIN: they set it as a
 * reset does. */
static int
pin_with_current(const struct store_app *app, const struct store_effect *e)
{
	return strcmp(e->effect, "pin_change") == 0 &&
	    strcmp(app->pin_set_by, "staff_from_request") != 0;
}

/* The PINs the clerk gave for a step (one kind), normalized into pin and,
 * for a change, cur (CARD_PIN_MAX + 1 bytes each; the caller wipes them).
 * PROC_NEED_PIN with msg when one is missing or malformed. */
static enum proc_status
pin_read(const struct proc_run_args *a, const struct proc_kind *k,
    int change, char *pin, char *cur, char *msg, size_t msglen)
{
	const struct proc_pin_new *given = NULL;
	const char *form = k->pin == CARD_PIN_SIGN ? "英字と数字をそれぞれ1文字"
	    "以上含む6から16文字、英小文字は大文字として設定します" : "数字4桁";
	size_t i;

	pin[0] = cur[0] = '\0';
	for (i = 0; a->new_pins != NULL && i < a->n_new_pins; i++)
		if (a->new_pins[i].kind == k->pin)
			given = &a->new_pins[i];
	/* A change typed on the reader's PIN pad: both "" (PROC_PIN_PAD). */
	if (change && given != NULL && given->pin != NULL &&
	    given->pin[0] == '\0' && given->current != NULL &&
	    given->current[0] == '\0')
		return PROC_OK;
	if (given == NULL || given->pin == NULL ||
	    card_pin_normalize(k->pin, given->pin, pin) == -1) {
		snprintf(msg, msglen, "%sの新しい暗証番号が入力されていないか、"
		    "形式が違います (%s)。カードには何も書き込んでいません。",
		    k->label, form);
		return PROC_NEED_PIN;
	}
	if (change && (given->current == NULL ||
	    card_pin_normalize(k->pin, given->current, cur) == -1)) {
		secure_wipe(pin, CARD_PIN_MAX + 1);
		snprintf(msg, msglen, "%sの今の暗証番号が入力されていないか、"
		    "形式が違います (%s)。変更には今の暗証番号が要ります (R4.9)。"
		    "カードには何も書き込んでいません。", k->label, form);
		return PROC_NEED_PIN;
	}
	return PROC_OK;
}

struct pin_check {
	const struct store_app		*app;
	const struct proc_run_args	*args;
	enum proc_status		 ps;
	char				*msg;
	size_t				 msglen;
};

static int
pin_check_cb(const struct store_effect *e, void *arg)
{
	struct pin_check *pk = arg;
	char pin[CARD_PIN_MAX + 1], cur[CARD_PIN_MAX + 1];
	if ((strcmp(e->effect, "pin_change") != 0 &&
	    strcmp(e->effect, "pin_reset") != 0) ||
	    strcmp(e->state, "done") == 0)
		return 0;
	pk->ps = pin_read(pk->args, pin_kind(e->target),
	    pin_with_current(pk->app, e), pin, cur, pk->msg, pk->msglen);
	secure_wipe(pin, sizeof(pin));
	secure_wipe(cur, sizeof(cur));
	return pk->ps != PROC_OK;
}

enum proc_status
proc_fx_pin_ready(struct proc_ctx *pc, struct proc_run *r, char *msg,
    size_t msglen)
{
	struct pin_check pk = { r->app, r->args, PROC_OK, msg, msglen };
	enum proc_status ps;

	if ((ps = proc_card_ready(pc, r->app, r->p, msg, msglen)) != PROC_OK)
		return ps;
	/* Every PIN still to set given and well-formed, so no half-done
	 * procedure waits for a PIN. */
	if (store_effect_foreach(pc->st, r->app->id, pin_check_cb, &pk) == -1)
		return proc_store_fail(pc, msg, msglen);
	return pk.ps;
}

/* What the card said of a PIN step, for the clerk. */
static enum proc_status
pin_card_fail(const struct proc_kind *k, const struct card_error *ce,
    char *msg, size_t msglen)
{
	switch (ce->code) {
	case CARD_E_PIN_WRONG:
		if (ce->tries_left >= 0)
			snprintf(msg, msglen, "%sの今の暗証番号が違います (残り "
			    "%d 回)。本人に確かめて、もう一度入力してください。",
			    k->label, ce->tries_left);
		else
			snprintf(msg, msglen, "%sの今の暗証番号が違います。本人に"
			    "確かめて、もう一度入力してください。", k->label);
		return PROC_CARD;
	case CARD_E_PIN_BLOCKED:
		snprintf(msg, msglen, "%sの暗証番号は、誤りが続いたためロック"
		    "されています。変更はできません。この申請を取り消し、暗証番号"
		    "の初期化 (再設定) の申請を受け付けてください。", k->label);
		return PROC_CARD;
	case CARD_E_PIN_FORMAT:
		snprintf(msg, msglen, "%sの暗証番号の形式が違います。カードには"
		    "何も書き込んでいません。", k->label);
		return PROC_NEED_PIN;
	default:
		return proc_card_fail(ce, msg, msglen);
	}
}

/* The card answered a change that it did not make. */
static int
pin_refused(enum card_err code)
{
	return code == CARD_E_PIN_WRONG || code == CARD_E_PIN_BLOCKED ||
	    code == CARD_E_PIN_FORMAT;
}

/*
 * Change one PIN with the current one. The step was noted PIN_SENT before
 * the change goes to the card (proc_fx_pin); the note is cleared when the
 * card refuses it. A
 * run that finds it noted was stopped after the change went out (killed,
 * the card pulled): where the card now refuses the current PIN, the new
 * one is tried, and if the card takes it the change was made then. So a
 * change is never asked of the card twice with a PIN it no longer has,
 * and a mistyped current PIN costs one try only.
 */
static int
pin_change(struct proc_ctx *pc, const struct store_effect *e,
    const struct proc_kind *k, const char *cur, const char *pin,
    struct card_error *ce)
{
	struct card_error again;
	int sent = strcmp(e->detail, PIN_SENT) == 0, rc;

	rc = card_change_pin(pc->card, NULL, k->pin, cur, pin, ce);
	/* On the PIN pad the new PIN is not known here: a change that may
	 * have been made is the holder's to try on the pad again. */
	if (rc == -1 && sent && ce->code == CARD_E_PIN_WRONG && pin[0] != '\0') {
		if (card_verify(pc->card, NULL, k->pin, pin, &again) == 0)
			return 0;
		if (pin_refused(again.code))
			*ce = again;
	}
	if (rc == -1 && pin_refused(ce->code) && store_effect_note(pc->st,
	    e->application_id, e->seq, "") == -1)
		log_warnx("store: %s", store_errmsg(pc->st));
	return rc;
}

enum proc_status
proc_fx_pin(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	const struct proc_kind *k = pin_kind(e->target);
	int change = pin_with_current(r->app, e);
	char pin[CARD_PIN_MAX + 1], cur[CARD_PIN_MAX + 1];
	struct card_error ce;
	enum proc_status ps;
	int rc;

	if ((ps = pin_read(r->args, k, change, pin, cur, msg, msglen)) !=
	    PROC_OK)
		goto out;
	proc_say(pc, "%s: 暗証番号を%sしています%s", k->label,
	    strcmp(e->effect, "pin_change") == 0 ? "変更" : "初期化",
	    change && pin[0] == '\0' ? " (PINパッドで入力してください)" : "");
	ps = proc_before_write(pc, r->app, r->args->pins, msg, msglen);
	if (ps == PROC_OK && change && strcmp(e->detail, PIN_SENT) != 0 &&
	    store_effect_note(pc->st, e->application_id, e->seq, PIN_SENT) ==
	    -1)
		ps = proc_store_fail(pc, msg, msglen);
	if (ps == PROC_OK) {
		/* A reset (or staff's setting) sets the PIN and its tries
		 * whatever they were, so it is the same done again. */
		rc = change ? pin_change(pc, e, k, cur, pin, &ce) :
		    card_set_pin(pc->card, NULL, k->pin, pin, &ce);
		if (rc == -1)
			ps = pin_card_fail(k, &ce, msg, msglen);
	}
out:
	secure_wipe(pin, sizeof(pin));
	secure_wipe(cur, sizeof(cur));
	return ps;
}

struct user_reset {
	int	done;
};

static int
user_reset_cb(const struct store_effect *e, void *arg)
{
	struct user_reset *u = arg;

	if (strcmp(e->effect, "pin_reset") == 0 &&
	    strcmp(e->target, "user") == 0 && strcmp(e->state, "done") == 0)
		u->done = 1;
	return 0;
}

/* R4.3, R4.11: only after the user PIN was reset here. */
enum proc_status
proc_fx_face_release(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	struct user_reset u = { 0 };

	(void)e;
	if (store_effect_foreach(pc->st, r->app->id, user_reset_cb, &u) == -1)
		return proc_store_fail(pc, msg, msglen);
	if (!u.done) {
		snprintf(msg, msglen, "利用者証明用電子証明書の暗証番号が初期化"
		    "されていないため、顔認証カードの暗証番号の利用を再開できません。"
		    "管理者に連絡してください。");
		return PROC_INVALID;
	}
	proc_say(pc, "カードの記録を顔認証マイナンバーカードでないものにしています");
	return PROC_OK;
}

int
proc_fx_face_release_tx(struct store *st, const char *actor,
    const struct store_app *app, const struct store_effect *e)
{
	(void)e;
	if (app->card_id == 0 ||
	    store_card_set_face_auth(st, app->card_id, 0) == -1)
		return -1;
	return proc_audit_face_release(st, actor, app);
}
