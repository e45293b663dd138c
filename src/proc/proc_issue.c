/*
 * Issuance onto the card, one recorded step at a time. Per cert kind the
 * row of issuance_steps moves started -> key_made -> issued -> written ->
 * pin_set; each external action (card, issuer) happens between two
 * recorded steps and is safe to repeat: the issuer by request id, the card
 * by writing the same cert or PIN again. So whatever interrupts an
 * issuance, calling proc_issue again finishes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "madoguchi/era.h"
#include "madoguchi/rules.h"

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* A random PIN the staff sets (R2.15, R4-3.7): never shown, never kept. */
void
proc_random_pin(enum card_pin kind, char *out, size_t size)
{
	static const char alnum[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char r[16];
	size_t i, n = kind == CARD_PIN_SIGN ? 16 : 4;

	if (size <= n || getrandom(r, n, 0) != (ssize_t)n)
		fatalx("%s: getrandom", __func__);
	for (i = 0; i < n; i++)
		out[i] = kind == CARD_PIN_SIGN ?
		    alnum[r[i] % (sizeof(alnum) - 1)] : (char)('0' + r[i] % 10);
	if (kind == CARD_PIN_SIGN) {	/* at least one letter and one digit */
		out[0] = alnum[r[0] % 24];
		out[1] = (char)('2' + r[1] % 8);
	}
	out[n] = '\0';
	secure_wipe(r, sizeof(r));
}

/* The PIN the decision wants set for kind k, into out; 0 none to set,
 * 1 set out, -1 missing (NEED_PIN). */
static int
proc_pin_for(const struct store_app *app, const struct proc_kind *k,
    const struct proc_pins *pins, char *out, size_t size)
{
	const char *given;

	if (strcmp(app->pin_set_by, "staff_random") == 0) {
		proc_random_pin(k->pin, out, size);
		return 1;
	}
	if (strcmp(app->pin_set_by, "applicant") != 0 &&
	    strcmp(app->pin_set_by, "staff_from_request") != 0)
		return 0;	/* existing (R2.16) or none */
	given = pins == NULL ? NULL : k->pin == CARD_PIN_SIGN ? pins->sign :
	    pins->user;
	if (given == NULL || card_pin_normalize(k->pin, given, out) == -1)
		return -1;
	return 1;
}

struct record_arg {
	struct store_step	*step;
	struct store_cert	*cert;
	int			 gone;	/* the application left in_progress */
};

/* The application is still being issued: not cancelled from another
 * terminal while this one works on it. */
int
proc_app_live(struct store *st, int64_t app_id)
{
	struct store_app *a = xmalloc(sizeof(*a));
	int live = store_app_get(st, app_id, a) == 0 &&
	    strcmp(a->state, "in_progress") == 0;

	free(a);
	return live;
}

static int
record_issued_cb(struct store *st, void *arg)
{
	struct record_arg *ra = arg;

	if (!proc_app_live(st, ra->step->application_id)) {
		ra->gone = 1;
		return -1;
	}
	if (store_step_put(st, ra->step) == -1)
		return -1;
	return store_cert_record(st, ra->cert);
}

enum proc_status
proc_gone(char *msg, size_t msglen)
{
	snprintf(msg, msglen, "この申請は、ほかの端末で取り消されたか処理の"
	    "状態が変わったため、続けられません。本人の記録を確かめてください。");
	return PROC_INVALID;
}

/* Just before a write to the card: the application is still being
 * worked on, and the card in the reader is still the one checked. */
enum proc_status
proc_before_write(struct proc_ctx *pc, const struct store_app *app,
    const struct proc_pins *pins, char *msg, size_t msglen)
{
	if (!proc_app_live(pc->st, app->id))
		return proc_gone(msg, msglen);
	return proc_card_same(pc, app, pins->check, NULL, msg, msglen);
}

/* key_made -> issued: the issuer signs a cert for the card's key. */
static enum proc_status
proc_step_issue(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, const struct proc_kind *k,
    struct store_step *s, const char *card_expiry, char *msg, size_t msglen)
{
	struct issuer_issue_req req = { 0 };
	struct issuer_cert *cert = NULL;
	struct store_cert sc;
	struct record_arg ra = { s, &sc, 0 };
	enum issuer_status is;
	char rid[ISSUER_ID_MAX], person_key[24];

	snprintf(rid, sizeof(rid), "%s.%s.%d", app->request_id, k->name,
	    s->attempt);
	snprintf(person_key, sizeof(person_key), "%lld", (long long)p->id);
	req.request_id = rid;
	req.kind = k->ikind;
	req.spki = s->spki;
	req.spki_len = s->spki_len;
	req.holder.person_key = person_key;
	req.holder.name = p->name;
	req.holder.address = p->address;
	req.holder.birth_date = p->birth_date;
	req.holder.sex = p->sex;
	req.holder.card_expiry = card_expiry;
	proc_say(pc, "%s: 発行機関に発行を依頼しています", k->label);
	if (!proc_app_live(pc->st, app->id))
		return proc_gone(msg, msglen);
	if ((is = issuer_issue(pc->iss, &req, &cert)) != ISSUER_OK)
		return proc_issuer_fail(pc, is, msg, msglen);
	strlcpy_m(s->serial, cert->serial, sizeof(s->serial));
	strlcpy_m(s->step, "issued", sizeof(s->step));
	proc_cert_row(app, k, cert, &sc);
	issuer_cert_free(cert);
	if (store_tx(pc->st, record_issued_cb, &ra) == -1) {
		char rrid[ISSUER_ID_MAX];

		if (!ra.gone)
			return proc_store_fail(pc, msg, msglen);
		/* Cancelled while the issuer worked: its cert goes too. */
		snprintf(rrid, sizeof(rrid), "%.32s.cancel.%s", app->request_id,
		    k->name);
		proc_revoke(pc, rrid, s->serial,
		    ISSUER_REASON_CESSATION_OF_OPERATION, msg, msglen);
		return proc_gone(msg, msglen);
	}
	return PROC_OK;
}

/* issued -> written: the cert goes onto the card, the card read again
 * just before (the last thing before the write, after the progress). */
static enum proc_status
proc_step_write(struct proc_ctx *pc, const struct store_app *app,
    const struct proc_kind *k, struct store_step *s,
    const struct proc_pins *pins, char *msg, size_t msglen)
{
	struct issuer_cert *cert = NULL;
	struct card_error ce;
	enum issuer_status is;
	enum proc_status ps;
	int rc;

	if ((is = issuer_status_get(pc->iss, s->serial, NULL, &cert)) !=
	    ISSUER_OK)
		return proc_issuer_fail(pc, is, msg, msglen);
	proc_say(pc, "%s: カードに書き込んでいます", k->label);
	if ((ps = proc_before_write(pc, app, pins, msg, msglen)) != PROC_OK) {
		issuer_cert_free(cert);
		return ps;
	}
	rc = card_write_cert(pc->card, NULL, k->slot, cert->der, cert->der_len,
	    &ce);
	issuer_cert_free(cert);
	if (rc == -1)
		return proc_card_fail(&ce, msg, msglen);
	strlcpy_m(s->step, "written", sizeof(s->step));
	return store_step_put(pc->st, s) == -1 ?
	    proc_store_fail(pc, msg, msglen) : PROC_OK;
}

/* written -> pin_set. */
static enum proc_status
proc_step_pin(struct proc_ctx *pc, const struct store_app *app,
    const struct proc_kind *k, struct store_step *s,
    const struct proc_pins *pins, char *msg, size_t msglen)
{
	struct card_error ce;
	char pin[CARD_PIN_MAX + 1];
	int want = proc_pin_for(app, k, pins, pin, sizeof(pin));

	if (want == -1) {
		snprintf(msg, msglen, "%sの暗証番号を入力してください。", k->label);
		return PROC_NEED_PIN;
	}
	if (want == 1) {
		enum proc_status ps;

		proc_say(pc, "%s: 暗証番号を設定しています", k->label);
		if ((ps = proc_before_write(pc, app, pins, msg, msglen)) !=
		    PROC_OK) {
			secure_wipe(pin, sizeof(pin));
			return ps;
		}
		if (card_set_pin(pc->card, NULL, k->pin, pin, &ce) == -1) {
			secure_wipe(pin, sizeof(pin));
			return proc_card_fail(&ce, msg, msglen);
		}
		secure_wipe(pin, sizeof(pin));
	}
	strlcpy_m(s->step, "pin_set", sizeof(s->step));
	return store_step_put(pc->st, s) == -1 ?
	    proc_store_fail(pc, msg, msglen) : PROC_OK;
}

/* Run the remaining steps of one cert kind. */
static enum proc_status
proc_issue_kind(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, const struct proc_kind *k,
    const char *card_expiry, const struct proc_pins *pins, char *msg,
    size_t msglen)
{
	struct store_step s;
	struct card_error ce;
	unsigned char *spki = NULL;
	size_t spki_len = 0;
	enum proc_status ps = PROC_OK;
	int rc = store_step_get(pc->st, app->id, k->name, &s);

	if (rc == -1)
		return proc_store_fail(pc, msg, msglen);
	if (rc == 1) {
		memset(&s, 0, sizeof(s));
		s.application_id = app->id;
		strlcpy_m(s.kind, k->name, sizeof(s.kind));
		s.attempt = 1;
		strlcpy_m(s.step, "started", sizeof(s.step));
		if (store_step_put(pc->st, &s) == -1)
			return proc_store_fail(pc, msg, msglen);
	}
	if (strcmp(s.step, "started") == 0) {
		proc_say(pc, "%s: カード内で鍵ペアを生成しています", k->label);
		if ((ps = proc_before_write(pc, app, pins, msg, msglen)) !=
		    PROC_OK)
			return ps;
		if (card_generate_key(pc->card, NULL, k->key, &spki, &spki_len,
		    &ce) == -1)
			return proc_card_fail(&ce, msg, msglen);
		if (spki_len > sizeof(s.spki)) {
			free(spki);
			snprintf(msg, msglen, "カードの公開鍵が大きすぎます。");
			return PROC_CARD;
		}
		memcpy(s.spki, spki, spki_len);
		s.spki_len = spki_len;
		free(spki);
		strlcpy_m(s.step, "key_made", sizeof(s.step));
		if (store_step_put(pc->st, &s) == -1)
			return proc_store_fail(pc, msg, msglen);
	}
	if (strcmp(s.step, "key_made") == 0 && (ps = proc_step_issue(pc, app,
	    p, k, &s, card_expiry, msg, msglen)) != PROC_OK)
		return ps;
	if (strcmp(s.step, "issued") == 0 &&
	    (ps = proc_step_write(pc, app, k, &s, pins, msg, msglen)) != PROC_OK)
		return ps;
	if (strcmp(s.step, "written") == 0 &&
	    (ps = proc_step_pin(pc, app, k, &s, pins, msg, msglen)) != PROC_OK)
		return ps;
	return proc_supersede(pc, app, p, k, s.serial, msg, msglen);
}

/*
 * The card's expiry as the clerk typed it, before anything touches the
 * card: not past, at most the ten years (and the months to the birthday)
 * a card lasts, on the holder's birthday for a Japanese national's card
 * (a foreign resident's follows the period of stay), and the chip's own
 * where the card-face route read it.
 */
static enum proc_status
proc_expiry_check(const struct store_person *p, const char *expiry,
    const char *chip_expiry, char *msg, size_t msglen)
{
	struct era_date e, today, birth;
	struct era_date lim;
	char today_iso[11], limit[11];

	util_today(today_iso);
	if (expiry == NULL || era_parse_iso(expiry, &e) == -1 ||
	    era_parse_iso(today_iso, &today) == -1) {
		snprintf(msg, msglen, "カードの有効期限を入れてください (カード"
		    "の表面の日付)。");
		return PROC_INVALID;
	}
	if (strcmp(expiry, today_iso) < 0) {
		snprintf(msg, msglen, "入力された有効期限 (%s) は過ぎています。"
		    "カードの表面の日付を確かめてください。有効期限が切れたカード"
		    "には発行できません。", expiry);
		return PROC_INVALID;
	}
	lim.y = today.y + 11;
	lim.m = today.m;
	lim.d = today.m == 2 && today.d == 29 ? 28 : today.d;
	era_format_iso(&lim, limit);
	if (strcmp(expiry, limit) > 0) {
		snprintf(msg, msglen, "入力された有効期限 (%s) はカードの有効期限"
		    "として先すぎます (10年が限度)。カードの表面の日付を確かめて"
		    "ください。", expiry);
		return PROC_INVALID;
	}
	if (!p->foreign_national && era_parse_iso(p->birth_date, &birth) == 0 &&
	    !(e.m == birth.m && e.d == birth.d) &&
	    !(birth.m == 2 && birth.d == 29 && ((e.m == 2 && e.d == 28) ||
	    (e.m == 3 && e.d == 1)))) {
		snprintf(msg, msglen, "入力された有効期限 (%s) は誕生日 (%s) では"
		    "ありません。マイナンバーカードは誕生日に有効期限を迎えます。"
		    "カードの表面の日付を確かめてください。", expiry, p->birth_date);
		return PROC_INVALID;
	}
	if (chip_expiry != NULL && chip_expiry[0] != '\0' &&
	    strcmp(chip_expiry, expiry) != 0) {
		snprintf(msg, msglen, "入力された有効期限 (%s) が、カードのIC"
		    "チップの有効期限 (%s) と違います。カードの表面の日付を確かめて"
		    "ください。", expiry, chip_expiry);
		return PROC_INVALID;
	}
	return PROC_OK;
}

/*
 * Before anything touches the card: the application is bound to a card
 * check that proved the card the person's (R2.8; proc_app_save refuses
 * otherwise, this holds against any other way in) and no other
 * application is pending on that card.
 */
enum proc_status
proc_card_ready(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, char *msg, size_t msglen)
{
	struct rules_case c;
	struct store_card card;
	int64_t other;

	if (proc_app_case(app, &c, NULL) == -1 || !proc_card_proven(&c) ||
	    app->card_id == 0 || app->card_key[0] == '\0') {
		snprintf(msg, msglen, "この申請では、カードが本人のものと確かめ"
		    "られていません (R2.8)。カードの確認をしてから進めてください。"
		    "カードには何も書き込んでいません。");
		return PROC_INVALID;
	}
	if (store_card_get(pc->st, app->card_id, &card) != 0)
		return proc_store_fail(pc, msg, msglen);
	if (card.person_id != p->id) {
		snprintf(msg, msglen, "このカードは別の方のカードとして記録されて"
		    "います。書き込めません。");
		return PROC_INVALID;
	}
	if ((other = store_app_pending_on_card(pc->st, app->card_id, app->id)) !=
	    0) {
		if (other == -1)
			return proc_store_fail(pc, msg, msglen);
		snprintf(msg, msglen, "このカードには受付中の申請 (受付番号 %lld) "
		    "があります。先にその申請を再開して完了するか、取り消して"
		    "ください。", (long long)other);
		return PROC_INVALID;
	}
	return PROC_OK;
}

/* Issuance's checks before anything touches the card: the card's, and
 * the expiry typed plausible. */
static enum proc_status
proc_issue_ready(struct proc_ctx *pc, const struct store_app *app,
    const struct store_person *p, const char *card_expiry, char *msg,
    size_t msglen)
{
	enum proc_status ps = proc_card_ready(pc, app, p, msg, msglen);

	if (ps != PROC_OK)
		return ps;
	return proc_expiry_check(p, card_expiry, NULL, msg, msglen);
}

/* Before anything touches the card: every PIN the decision still needs
 * (a kind whose PIN is set already needs none) typed and well-formed, so
 * no half-done issuance waits for a PIN. */
static enum proc_status
proc_check_pins(struct proc_ctx *pc, const struct store_app *app,
    const struct proc_pins *pins, char *msg, size_t msglen)
{
	char pin[CARD_PIN_MAX + 1];
	size_t i;

	for (i = 0; i < proc_kind_count; i++) {
		const struct proc_kind *k = &proc_kind_table[i];
		struct store_step s;
		int rc;

		if (!proc_has_word(app->issue_certs, k->name) ||
		    (store_step_get(pc->st, app->id, k->name, &s) == 0 &&
		    strcmp(s.step, "pin_set") == 0))
			continue;
		rc = proc_pin_for(app, k, pins, pin, sizeof(pin));
		secure_wipe(pin, sizeof(pin));
		if (rc == -1) {
			snprintf(msg, msglen, "%sの暗証番号が入力されていないか、"
			    "形式が違います (%s)。", k->label, k->pin ==
			    CARD_PIN_SIGN ? "英大文字と数字を含む6から16文字" :
			    "数字4桁");
			return PROC_NEED_PIN;
		}
	}
	return PROC_OK;
}

int
proc_issue_progress(struct proc_ctx *pc, int64_t app_id,
    struct proc_issue_state out[2])
{
	struct store_app *app = xmalloc(sizeof(*app));
	size_t i;
	int n = 0;

	memset(out, 0, 2 * sizeof(out[0]));
	if (store_app_get(pc->st, app_id, app) != 0) {
		free(app);
		return -1;
	}
	for (i = 0; i < proc_kind_count && i < 2; i++) {
		const struct proc_kind *k = &proc_kind_table[i];
		struct store_step s;
		struct proc_issue_state *o = &out[n];

		if (!proc_has_word(app->issue_certs, k->name))
			continue;
		o->kind = k->name;
		o->label = k->label;
		if (store_step_get(pc->st, app->id, k->name, &s) == 0) {
			strlcpy_m(o->step, s.step, sizeof(o->step));
			strlcpy_m(o->serial, s.serial, sizeof(o->serial));
		}
		o->pin_done = strcmp(o->step, "pin_set") == 0;
		n++;
	}
	free(app);
	return n;
}

enum proc_status
proc_fx_issue_ready(struct proc_ctx *pc, struct proc_run *r, char *msg,
    size_t msglen)
{
	const struct proc_pins *pins = r->args->pins;
	const char *expiry = r->args->card_expiry;
	enum proc_status ps;

	if ((ps = proc_issue_ready(pc, r->app, r->p, expiry, msg, msglen)) !=
	    PROC_OK || (ps = proc_check_pins(pc, r->app, pins, msg, msglen)) !=
	    PROC_OK)
		return ps;
	/* Re-read at commit: the card in the reader is the one checked. */
	if ((ps = proc_card_same(pc, r->app, pins->check, r->chip_expiry, msg,
	    msglen)) != PROC_OK)
		return ps;
	return proc_expiry_check(r->p, expiry, r->chip_expiry, msg, msglen);
}

enum proc_status
proc_fx_issue(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	const struct proc_kind *k = NULL;
	enum proc_status ps;
	size_t i;

	for (i = 0; i < proc_kind_count; i++)
		if (strcmp(proc_kind_table[i].name, e->target) == 0)
			k = &proc_kind_table[i];
	if (k == NULL)
		fatalx("%s: cert kind %s", __func__, e->target);
	if ((ps = proc_issue_kind(pc, r->app, r->p, k, r->args->card_expiry,
	    r->args->pins, msg, msglen)) != PROC_OK)
		return ps;
	/* The card's expiry as printed, confirmed by this issuance. */
	return store_card_set_expiry(pc->st, r->app->card_id,
	    r->args->card_expiry) == -1 ? proc_store_fail(pc, msg, msglen) :
	    PROC_OK;
}

enum proc_status
proc_fx_card_ready(struct proc_ctx *pc, struct proc_run *r, char *msg,
    size_t msglen)
{
	return proc_card_ready(pc, r->app, r->p, msg, msglen);
}

enum proc_status
proc_fx_face_switch(struct proc_ctx *pc, struct proc_run *r,
    const struct store_effect *e, char *msg, size_t msglen)
{
	(void)e;
	return proc_face_auth_switch(pc, r->app, r->p, r->args->pins, msg,
	    msglen);
}

enum proc_status
proc_issue(struct proc_ctx *pc, int64_t app_id, const char *card_expiry,
    const struct proc_pins *pins, char *msg, size_t msglen)
{
	struct proc_run_args args = { card_expiry, pins, NULL, 0 };

	return proc_app_run(pc, app_id, &args, msg, msglen);
}
