/*
 * Saving an application as the rules core decided it. The case the clerk
 * entered is decided here again, never taken from the screen's last
 * answer, and stored with the decision (case_json) so the application can
 * always be explained by its cited rules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "proc_int.h"

static void
certs_words(unsigned mask, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s", mask & RULES_CERT_SIGNATURE ?
	    rules_cert_name(RULES_CERT_SIGNATURE) : "",
	    (mask & RULES_CERT_SIGNATURE) && (mask & RULES_CERT_USER) ? " " : "",
	    mask & RULES_CERT_USER ? rules_cert_name(RULES_CERT_USER) : "");
}

/* R7: keep until the day `years` after the day of acceptance (受理した
 *日, YYYY-MM-DD); "" when that day is not a date. */
static void
keep_until(const char *accepted_day, int years, char out[11])
{
	struct era_date k;

	out[0] = '\0';
	if (era_parse_iso(accepted_day, &k) == -1)
		return;
	k.y += years;
	if (!era_valid(k.y, k.m, k.d)) {	/* 29 February: 1 March */
		k.m = 3;
		k.d = 1;
	}
	era_format_iso(&k, out);
}

/*
 * R7, note: the period of another guideline's forms, from the setting.
 * A database made before the setting existed (or one whose value is not
 * a number of years) keeps such forms PROC_RETENTION_CARD_DEFAULT years,
 * said once in the log: a period a setting lacks never stops a save.
 */
static long
proc_app_card_years(struct store *st)
{
	static int said;	/* once per process: a session, a command */
	char buf[32];
	long years = store_setting_int(st, PROC_RETENTION_SETTING, 0);

	if (years > 0 && years <= 100)
		return years;
	if (!said) {
		said = 1;
		log_warnx("setting %s is %s: forms of another guideline are "
		    "kept %d years (the default)", PROC_RETENTION_SETTING,
		    store_setting_get(st, PROC_RETENTION_SETTING, buf,
		    sizeof(buf)) == 0 ? "not a number of years" : "absent",
		    PROC_RETENTION_CARD_DEFAULT);
	}
	return PROC_RETENTION_CARD_DEFAULT;
}

/* Fill the application row from a case and its decision. accepted_day
 * (YYYY-MM-DD) is the day the application is accepted, from which R7
 * counts its keep-until; NULL for one not accepted yet (waiting for the
 * reply), which has no keep-until. */
static int
proc_app_fill(struct proc_ctx *pc, const struct rules_case *c,
    const struct rules_decision *d, const char *accepted_day,
    struct store_app *a, char *msg, size_t msglen)
{
	char *json;
	size_t i, n = 0;
	long years = d->retention_years;

	strlcpy_m(a->procedure, rules_procedure_name(c->procedure),
	    sizeof(a->procedure));
	strlcpy_m(a->register_, rules_register_name(c->reg), sizeof(a->register_));
	strlcpy_m(a->form, d->form != RULES_FORM_NONE ? rules_form_name(d->form) :
	    "", sizeof(a->form));
	strlcpy_m(a->window, rules_window_name(c->window), sizeof(a->window));
	strlcpy_m(a->via_ground, c->via_ground != RULES_VIA_NONE ?
	    rules_via_ground_name(c->via_ground) : "", sizeof(a->via_ground));
	strlcpy_m(a->filer, rules_filer_name(c->filer), sizeof(a->filer));
	strlcpy_m(a->decision, d->verdict == RULES_ACCEPT ? "accept" : "reject",
	    sizeof(a->decision));
	a->rules[0] = '\0';
	for (i = 0; i < RULES_ID_COUNT; i++)
		if (d->cited[i] && n + 16 < sizeof(a->rules))
			n += snprintf(a->rules + n, sizeof(a->rules) - n, "%s%s",
			    n > 0 ? " " : "", rules_id_name(i));
	strlcpy_m(a->pin_set_by, d->pin_set_by != RULES_PIN_NONE ?
	    rules_pin_setter_name(d->pin_set_by) : "", sizeof(a->pin_set_by));
	certs_words(d->issue, a->issue_certs, sizeof(a->issue_certs));
	certs_words(d->revoke, a->revoke_certs, sizeof(a->revoke_certs));
	a->face_auth_switch = d->face_auth_switch;
	/* R7: a reject keeps nothing; 0 years is another guideline's period
	 * (never "keep nothing"). */
	if (years == 0 && d->verdict == RULES_ACCEPT)
		years = proc_app_card_years(pc->st);
	a->keep_until[0] = '\0';
	if (years > 0 && accepted_day != NULL)
		keep_until(accepted_day, (int)years, a->keep_until);
	if ((json = rules_case_to_json(c, 0)) == NULL ||
	    strlen(json) >= sizeof(a->case_json)) {
		free(json);
		snprintf(msg, msglen, "申請の内容が大きすぎて保存できません。");
		return -1;
	}
	strlcpy_m(a->case_json, json, sizeof(a->case_json));
	free(json);
	return 0;
}

const char *
proc_app_state_ja(const char *state)
{
	const char *label = vocab_label_of(VOCAB_APP_STATE, state);

	return label != NULL ? label : "不明";
}

int
proc_app_writes_card(const struct rules_case *c)
{
	return c->procedure == RULES_PROC_ISSUE ||
	    c->procedure == RULES_PROC_PIN_CHANGE ||
	    c->procedure == RULES_PROC_PIN_RESET ||
	    c->procedure == RULES_PROC_FACE_AUTH;
}

struct bind_tx {
	struct store_app		*app;
	const struct proc_card_check	*chk;
	int				 create;	/* insert app first */
	char				*msg;
	size_t				 msglen;
	/* Saving: the steps planned and the audit row, in the same
	 * transaction. */
	const char			*actor;
	const struct rules_case		*c;
	const struct rules_decision	*d;
	const struct proc_targets	*t;
};

/* A new application's steps (proc_effect.c) and its audit row. */
static int
bind_plan(struct store *st, struct bind_tx *b)
{
	if (proc_effects_plan(st, b->app, b->c, b->d, b->t, b->msg,
	    b->msglen) == -1)
		return -1;
	if (b->t != NULL && b->t->text != NULL &&
	    store_app_text_set(st, b->app->id, b->t->text) == -1) {
		snprintf(b->msg, b->msglen, "申請を保存できませんでした。");
		return -1;
	}
	if (proc_audit_app_saved(st, b->actor, b->app) == -1) {
		snprintf(b->msg, b->msglen, "申請を保存できませんでした。");
		return -1;
	}
	return 0;
}

/* A new application's window takes applications (window.<name>.enabled,
 * read in the saving transaction); those saved before it was switched
 * off are left as they are. */
static int
proc_app_window_open(struct store *st, const struct store_app *app,
    char *msg, size_t msglen)
{
	return proc_window_open(st, app->window, "新しい申請を受け付けられ"
	    "ません。受付窓口を選び直してください", msg, msglen);
}

/*
 * Bind the application to the card it was checked against (inside the
 * caller's transaction): the card's row, made for the person if new,
 * refused when the counter knows it as another person's or when another
 * application is pending on it (two would make key pairs over each other).
 */
static int
bind_tx_cb(struct store *st, void *arg)
{
	struct bind_tx *b = arg;
	struct store_card card;
	int64_t other;

	if (b->create && proc_app_window_open(st, b->app, b->msg,
	    b->msglen) == -1)
		return -1;
	if (b->create && store_app_create(st, b->app) == -1) {
		snprintf(b->msg, b->msglen, "申請を保存できませんでした。");
		return -1;
	}
	if (b->chk == NULL)
		return b->create ? bind_plan(st, b) : 0;
	if (store_card_ensure(st, b->app->person_id, b->chk->card_no,
	    b->chk->expiry, &card) == -1) {
		snprintf(b->msg, b->msglen, "このカードは別の方のカードとして"
		    "記録されています。受け付けられません。");
		return -1;
	}
	if ((other = store_app_pending_on_card(st, card.id, b->app->id)) != 0) {
		if (other == -1)
			snprintf(b->msg, b->msglen, "申請を保存できませんでした。");
		else
			snprintf(b->msg, b->msglen, "このカードには受付中の申請 "
			    "(受付番号 %lld) があります。本人の記録の画面でその申請を"
			    "再開して完了するか、取り消してから受け付けてください。",
			    (long long)other);
		return -1;
	}
	b->app->card_id = card.id;
	strlcpy_m(b->app->card_route, proc_route_name(b->chk->route),
	    sizeof(b->app->card_route));
	strlcpy_m(b->app->card_key, b->chk->card_key, sizeof(b->app->card_key));
	strlcpy_m(b->app->card_cert, b->chk->user_cert,
	    sizeof(b->app->card_cert));
	if (store_app_bind_card(st, b->app->id, card.id, b->app->card_route,
	    b->app->card_key, b->app->card_cert) == -1) {
		snprintf(b->msg, b->msglen, "申請を保存できませんでした。");
		return -1;
	}
	return b->create ? bind_plan(st, b) : 0;
}

/* A card will be written: the check must prove it is the person's. */
static int
proc_app_card_ok(const struct rules_case *c, const struct proc_card_check *chk,
    const char *state, char *msg, size_t msglen)
{
	if (!proc_app_writes_card(c) || strcmp(state, "waiting_reply") == 0)
		return 0;
	if (chk == NULL || chk->route == PROC_ROUTE_NONE ||
	    !proc_card_proven(c)) {
		snprintf(msg, msglen, "カードの確認 (R2.8) で、カードが本人のもの"
		    "と確かめられていません。カードに書き込む手続は、カードの確認"
		    "をしてから受け付けます (F4)。");
		return -1;
	}
	return 0;
}

/* A correction names what is to be corrected (R6.1 様式第8号), as text
 * a clerk reads; no other procedure carries one. */
static int
proc_app_text_ok(const struct rules_case *c, const struct proc_targets *t,
    char *msg, size_t msglen)
{
	const char *text = t != NULL ? t->text : NULL;

	if (c->procedure == RULES_PROC_CORRECT) {
		if (text == NULL) {
			snprintf(msg, msglen, "訂正を求める内容を入力してください。");
			return -1;
		}
		return proc_text_check("訂正を求める内容", text,
		    STORE_REQUEST_TEXT_MAX, msg, msglen);
	}
	if (text != NULL) {
		snprintf(msg, msglen, "訂正を求める内容は訂正請求だけに書きます。");
		return -1;
	}
	return 0;
}

/* Four eyes: an application of a gated procedure asks its approval as
 * soon as it is accepted, so the supervisor sees it before the clerk
 * goes on; the steps check it again (proc_approval_gate, which also asks
 * if this failed). */
static void
proc_app_gate_ask(struct proc_ctx *pc, const struct store_app *app)
{
	char said[512];

	if (proc_approval_gate(pc, app, said, sizeof(said)) == -1)
		log_warnx("application %lld: approval not asked: %s",
		    (long long)app->id, store_errmsg(pc->st));
}

int
proc_app_save(struct proc_ctx *pc, const struct store_person *p,
    int64_t clerk_id, const struct rules_case *c,
    const struct proc_card_check *chk, const struct proc_targets *t,
    const char *state, struct store_app *out, char *msg, size_t msglen)
{
	struct rules_decision d;
	struct rules_error err;
	struct bind_tx b = { out, NULL, 1, msg, msglen, pc->actor, c, &d, t };
	char today[11];

	memset(out, 0, sizeof(*out));
	if (rules_decide(c, &d, &err) == -1) {
		snprintf(msg, msglen, "申請の内容の組合せが要綱にありません。"
		    "申請の画面で判定の理由を確かめてください。");
		log_warnx("malformed case: %s: %s", err.field, err.message);
		return -1;
	}
	if (d.verdict != RULES_ACCEPT && strcmp(state, "waiting_reply") != 0) {
		snprintf(msg, msglen, "要綱により受け付けられない申請です。");
		return -1;
	}
	if (proc_app_card_ok(c, chk, state, msg, msglen) == -1)
		return -1;
	if (proc_app_text_ok(c, t, msg, msglen) == -1)
		return -1;
	out->person_id = p->id;
	out->clerk_id = clerk_id;
	strlcpy_m(out->state, state, sizeof(out->state));
	util_today(today);
	/* R7: counted from today when accepted now; a reply awaited first
	 * counts from the day it is taken (proc_app_reply_returned). */
	if (proc_app_fill(pc, c, &d, strcmp(state, "accepted") == 0 ? today :
	    NULL, out, msg, msglen) == -1)
		return -1;
	if (chk != NULL && chk->route != PROC_ROUTE_NONE && c->has_card)
		b.chk = chk;
	if (store_tx(pc->st, bind_tx_cb, &b) == -1) {
		log_warnx("save application: %s", store_errmsg(pc->st));
		return -1;
	}
	proc_app_gate_ask(pc, out);
	return 0;
}

struct save_letter {
	struct store_app	*app;
	const char		*form;
	struct store_letter	*letter;
	struct bind_tx		 plan;
};

static int
save_letter_cb(struct store *st, void *arg)
{
	struct save_letter *sl = arg;

	if (proc_app_window_open(st, sl->app, sl->plan.msg,
	    sl->plan.msglen) == -1)
		return -1;
	if (store_app_create(st, sl->app) == -1 ||
	    store_letter_create(st, sl->app->id, sl->form, sl->letter) == -1)
		return -1;
	return bind_plan(st, &sl->plan);
}

int
proc_app_save_letter(struct proc_ctx *pc, const struct store_person *p,
    int64_t clerk_id, const struct rules_case *c, const struct proc_targets *t,
    const char *form, const char *state_dir, struct store_letter *out,
    char **path, char *msg, size_t msglen)
{
	struct store_app *app = xcalloc(1, sizeof(*app));
	struct rules_decision d;
	struct save_letter sl = { app, form, out, { app, NULL, 0, msg, msglen,
	    pc->actor, c, &d, t } };
	struct rules_error err;

	*path = NULL;
	if (rules_decide(c, &d, &err) == -1) {
		snprintf(msg, msglen, "申請の内容の組合せが要綱にありません。"
		    "申請の画面で判定の理由を確かめてください。");
		log_warnx("malformed case: %s: %s", err.field, err.message);
		free(app);
		return -1;
	}
	if (proc_app_text_ok(c, t, msg, msglen) == -1) {
		free(app);
		return -1;
	}
	app->person_id = p->id;
	app->clerk_id = clerk_id;
	strlcpy_m(app->state, "waiting_reply", sizeof(app->state));
	if (proc_app_fill(pc, c, &d, NULL, app, msg, msglen) == -1) {
		free(app);
		return -1;
	}
	if (store_tx(pc->st, save_letter_cb, &sl) == -1) {
		if (msg[0] == '\0')
			snprintf(msg, msglen, "申請と照会書を保存できませんでした。");
		log_warnx("save letter: %s", store_errmsg(pc->st));
		free(app);
		return -1;
	}
	free(app);
	*path = proc_letter_send(pc, state_dir, out->ref_no, msg, msglen);
	if (*path != NULL)
		store_letter_by_ref(pc->st, out->ref_no, out);
	return 0;
}

char *
proc_letter_send(struct proc_ctx *pc, const char *state_dir,
    const char *ref_no, char *msg, size_t msglen)
{
	struct store_print_job job;
	struct store_letter l;
	char path[512], why[512], *said;

	if (store_letter_by_ref(pc->st, ref_no, &l) != 0 ||
	    (strcmp(l.state, "created") != 0 && strcmp(l.state, "sent") != 0)) {
		snprintf(msg, msglen, "照会書 %s は送付できる状態ではありません。",
		    ref_no);
		return NULL;
	}
	/* A print job of the letter's application, to its window's
	 * printer, or saved as a PDF where the window has none. */
	if (proc_print(pc, state_dir, "letter", proc_print_letter_id(l.ref_no),
	    NULL, &job, path, sizeof(path), why, sizeof(why)) == -1) {
		log_warnx("print: letter %s not printed", l.ref_no);
		snprintf(msg, msglen, "照会書兼回答書を印刷できませんでした (%s)。"
		    "照会書兼回答書の画面から印刷し直してください (整理番号 %s)。",
		    why, l.ref_no);
		return NULL;
	}
	said = proc_print_where(&job, path);
	if (strcmp(l.state, "created") == 0 &&
	    store_letter_set_state(pc->st, l.ref_no, "sent") == -1) {
		snprintf(msg, msglen, "照会書を送付済みにできませんでした。");
		free(said);
		return NULL;
	}
	store_audit(pc->st, pc->actor, "letter.sent", l.ref_no, l.form);
	return said;
}

struct update_tx {
	struct store_app		*app;
	struct bind_tx			 bind;
	const struct rules_case		*c;
	const struct rules_decision	*d;
	const char			*actor;
};

static int
update_tx_cb(struct store *st, void *arg)
{
	struct update_tx *u = arg;

	if (store_app_update_decision(st, u->app) == -1 ||
	    proc_effects_replan(st, u->app, u->c, u->d) == -1 ||
	    store_audit(st, u->actor, "application.card_checked",
	    u->app->request_id, NULL) == -1) {
		snprintf(u->bind.msg, u->bind.msglen, "申請を更新できませんでした。");
		return -1;
	}
	return bind_tx_cb(st, &u->bind);
}

int
proc_app_update_case(struct proc_ctx *pc, int64_t app_id,
    const struct rules_case *c, const struct proc_card_check *chk, char *msg,
    size_t msglen)
{
	struct store_app *a = xmalloc(sizeof(*a));
	struct rules_decision d;
	struct update_tx u = { a, { a, NULL, 0, msg, msglen, NULL, NULL, NULL,
	    NULL }, c, &d, pc->actor };
	struct rules_error err;
	char kept[11], today[11];
	int rc = -1;

	if (store_app_get(pc->st, app_id, a) != 0 ||
	    strcmp(a->state, "accepted") != 0) {
		snprintf(msg, msglen, "受付済みの申請ではありません。");
		goto out;
	}
	if (rules_decide(c, &d, &err) == -1 || d.verdict != RULES_ACCEPT) {
		snprintf(msg, msglen, "カードの確認の結果、この申請は受け付けられ"
		    "ません。申請の画面で理由を確かめてください。");
		goto out;
	}
	/* Accepted already: its keep-until counts from that day, which the
	 * card checks done since do not move. */
	strlcpy_m(kept, a->keep_until, sizeof(kept));
	util_today(today);
	if (proc_app_card_ok(c, chk, a->state, msg, msglen) == -1 ||
	    proc_app_fill(pc, c, &d, today, a, msg, msglen) == -1)
		goto out;
	if (kept[0] != '\0')
		strlcpy_m(a->keep_until, kept, sizeof(a->keep_until));
	if (chk != NULL && chk->route != PROC_ROUTE_NONE && c->has_card)
		u.bind.chk = chk;
	if (store_tx(pc->st, update_tx_cb, &u) == -1) {
		log_warnx("update case: %s", store_errmsg(pc->st));
		goto out;
	}
	rc = 0;
out:
	free(a);
	return rc;
}

int
proc_app_case(const struct store_app *a, struct rules_case *c,
    struct rules_decision *d)
{
	struct rules_error err = { "", "" };

	if (rules_case_from_json(a->case_json, strlen(a->case_json), c,
	    &err) == -1)
		return -1;
	return d == NULL ? 0 : rules_decide(c, d, &err);
}

struct reply_tx {
	struct store_app		*app;
	const char			*ref_no;
	const struct rules_case		*c;
	const struct rules_decision	*d;
	const char			*actor;
};

static int
reply_tx_cb(struct store *st, void *arg)
{
	struct reply_tx *rt = arg;

	if (store_app_update_decision(st, rt->app) == -1 ||
	    proc_effects_replan(st, rt->app, rt->c, rt->d) == -1 ||
	    store_app_set_state(st, rt->app->id, "waiting_reply",
	    "accepted") == -1 ||
	    store_letter_set_state(st, rt->ref_no, "returned") == -1)
		return -1;
	return store_audit(st, rt->actor, "application.reply",
	    rt->app->request_id, rt->ref_no);
}

int
proc_app_reply_returned(struct proc_ctx *pc, const char *ref_no,
    struct store_app *out, char *msg, size_t msglen)
{
	struct store_letter l;
	struct rules_case c;
	struct rules_decision d;
	struct rules_error err;
	struct reply_tx rt = { out, ref_no, &c, &d, pc->actor };
	char today[11];

	if (store_letter_by_ref(pc->st, ref_no, &l) != 0) {
		snprintf(msg, msglen, "照会番号 %s の照会書はありません。番号を"
		    "確かめてください。", ref_no);
		return -1;
	}
	if (strcmp(l.state, "sent") != 0) {
		snprintf(msg, msglen, "照会書 %s は返送を受け付けられる状態では"
		    "ありません (%s)。", l.ref_no, l.state);
		return -1;
	}
	if (store_app_get(pc->st, l.application_id, out) != 0 ||
	    strcmp(out->state, "waiting_reply") != 0) {
		snprintf(msg, msglen, "回答書を待っている申請ではありません。");
		return -1;
	}
	if (proc_app_case(out, &c, NULL) == -1) {
		snprintf(msg, msglen, "保存された申請を読めません。");
		return -1;
	}
	c.inquiry_reply = true;
	if (rules_decide(&c, &d, &err) == -1 || d.verdict != RULES_ACCEPT) {
		snprintf(msg, msglen, "回答書があっても受け付けられない申請です。"
		    "内容を確認してください。");
		return -1;
	}
	/* R7: the form is received (受理) today, with its reply: keep-until
	 * counts from this day, not from the day the application was made. */
	util_today(today);
	if (proc_app_fill(pc, &c, &d, today, out, msg, msglen) == -1)
		return -1;
	if (store_tx(pc->st, reply_tx_cb, &rt) == -1) {
		snprintf(msg, msglen, "申請を更新できませんでした。");
		log_warnx("reply returned: %s", store_errmsg(pc->st));
		return -1;
	}
	strlcpy_m(out->state, "accepted", sizeof(out->state));
	proc_app_gate_ask(pc, out);
	return 0;
}
