/*
 * Cancelling a pending application (accepted, in_progress, waiting_reply)
 * with the reason the clerk typed. An issuance already under way may have
 * certs the issuer made for it: they are revoked first, at the issuer and
 * in the counter (found among the application's certs and, for a step
 * whose answer never got recorded, by its request id). Then one
 * transaction moves the application to cancelled, voids its inquiry/reply
 * letters and writes the audit row carrying the reason: all or nothing.
 * Under four eyes (approval.app_cancel, approval.letter_void) the clerk's
 * call makes a request instead (proc_approve.c), and the supervisor's
 * approval runs the cancel with the approval marked done in that same
 * transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* A cert made for an application that is withdrawn is no longer needed
 * for its purpose: not a key compromise, and not replaced by another. */
#define CANCEL_REVOKE_REASON	ISSUER_REASON_CESSATION_OF_OPERATION
#define CANCEL_MAX_CERTS	8
#define CANCEL_MAX_LETTERS	4

struct cancel {
	struct proc_ctx		*pc;
	const struct store_app	*app;
	const char		*reason;
	const struct store_approval *approval;	/* NULL: none needed */
	/* The application's certs still valid or on hold. */
	char			 serials[CANCEL_MAX_CERTS][48];
	int64_t			 cert_ids[CANCEL_MAX_CERTS];
	int			 ncerts;
	/* What was done, for the clerk and the audit row. */
	char			 revoked[CANCEL_MAX_CERTS * 49];
	char			 letters[CANCEL_MAX_LETTERS][16];
	int			 nletters;
	int			 key_made;	/* the card holds a new key */
};

/* One character of UTF-8 at s: its length and value, or 0 if invalid. */
static int
cancel_utf8(const unsigned char *s, unsigned long *cp)
{
	int n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, *cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, *cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/* The marks that reorder text or hide themselves (bidi controls, zero
 * width characters, the byte order mark): they would change how a name or
 * an audit row reads on screen and on paper. */
static int
cancel_bidi_char(unsigned long cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/* Characters a text may not hold: controls and line separators. */
static int
cancel_bad_char(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	    cp == 0x2029;
}

int
proc_text_check(const char *what, const char *text, int max, char *msg,
    size_t msglen)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned long cp;
	int n, chars = 0, blank = 1;

	while (*s != '\0') {
		if ((n = cancel_utf8(s, &cp)) == 0) {
			snprintf(msg, msglen, "%sに読めない文字があります。", what);
			return -1;
		}
		if (cancel_bad_char(cp)) {
			snprintf(msg, msglen, "%sに制御文字は使えません。", what);
			return -1;
		}
		if (cancel_bidi_char(cp)) {
			snprintf(msg, msglen, "%sに文字の向きを変える制御文字や見えない"
			    "文字 (U+%04lX) は使えません。", what, cp);
			return -1;
		}
		if (cp != ' ' && cp != 0x3000)
			blank = 0;
		chars++;
		s += n;
	}
	if (blank) {
		snprintf(msg, msglen, "%sを入力してください。", what);
		return -1;
	}
	if (chars > max) {
		snprintf(msg, msglen, "%sは %d 文字以内で入力してください"
		    " (今は %d 文字)。", what, max, chars);
		return -1;
	}
	return 0;
}

int
proc_cancel_reason_check(const char *reason, char *msg, size_t msglen)
{
	return proc_text_check("取消しの理由", reason, PROC_CANCEL_REASON_MAX,
	    msg, msglen);
}

/* A cert the issuer made for kind k whose step was never recorded (a
 * crash between its answer and the commit): recorded now, so it is
 * revoked with the others. -1 when the issuer could not say. */
static int
cancel_unrecorded(struct cancel *c, const struct proc_kind *k)
{
	struct proc_ctx *pc = c->pc;
	struct issuer_request ir;
	struct issuer_cert *cert = NULL;
	struct store_step s;
	struct store_cert sc;
	enum issuer_status is;
	char rid[ISSUER_ID_MAX];
	int rc, attempt;

	if ((rc = store_step_get(pc->st, c->app->id, k->name, &s)) != 0)
		return rc == 1 ? 0 : -1;
	if (strcmp(s.step, "started") != 0)
		c->key_made = 1;
	for (attempt = 1; attempt <= s.attempt; attempt++) {
		snprintf(rid, sizeof(rid), "%s.%s.%d", c->app->request_id,
		    k->name, attempt);
		is = issuer_find_by_request(pc->iss, rid, &ir);
		if (is == ISSUER_E_NOT_FOUND)
			continue;
		if (is != ISSUER_OK || issuer_status_get(pc->iss, ir.serial,
		    NULL, &cert) != ISSUER_OK)
			return -1;
		proc_cert_row(c->app, k, cert, &sc);
		issuer_cert_free(cert);
		if (store_cert_record(pc->st, &sc) == -1)
			return -1;
	}
	return 0;
}

static int
cancel_cert_cb(const struct store_cert *sc, void *arg)
{
	struct cancel *c = arg;

	if (sc->application_id != c->app->id || (strcmp(sc->state, "valid") !=
	    0 && strcmp(sc->state, "on_hold") != 0))
		return 0;
	if (c->ncerts < CANCEL_MAX_CERTS) {
		strlcpy_m(c->serials[c->ncerts], sc->serial,
		    sizeof(c->serials[0]));
		c->cert_ids[c->ncerts] = sc->id;
	}
	c->ncerts++;
	return 0;
}

/* Every step row and recorded cert of an in_progress application looked
 * at; its certs still valid revoked. 0, or -1 with msg. */
static int
cancel_revoke(struct cancel *c, char *msg, size_t msglen)
{
	struct proc_ctx *pc = c->pc;
	struct store_step s;
	char rid[ISSUER_ID_MAX];
	size_t i, n;
	int k, steps = 0;

	for (i = 0; i < proc_kind_count; i++)
		if (store_step_get(pc->st, c->app->id, proc_kind_table[i].name,
		    &s) == 0)
			steps++;
	if (store_cert_foreach(pc->st, c->app->person_id, cancel_cert_cb, c) ==
	    -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	if (steps == 0 && c->ncerts == 0)
		return 0;	/* nothing reached the card or the issuer */
	if (pc->iss == NULL) {
		snprintf(msg, msglen, "発行機関 (madoguchi-issuerd) に接続できな"
		    "いため、処理中の申請は取り消せません (この申請で発行した電子証明書を失効させる必要"
		    "があります)。発行機関の状態を確かめてください。");
		return -1;
	}
	for (i = 0; i < proc_kind_count; i++)
		if (cancel_unrecorded(c, &proc_kind_table[i]) == -1) {
			snprintf(msg, msglen, "発行機関に、この申請で発行した電子証明書"
			    "を確かめられませんでした。時間をおいてもう一度取り消して"
			    "ください。");
			log_warnx("cancel: application %lld: %s",
			    (long long)c->app->id, issuer_error(pc->iss));
			return -1;
		}
	c->ncerts = 0;
	if (store_cert_foreach(pc->st, c->app->person_id, cancel_cert_cb, c) ==
	    -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	for (k = 0, n = 0; k < c->ncerts && k < CANCEL_MAX_CERTS; k++) {
		snprintf(rid, sizeof(rid), "%s.cancel.%lld", c->app->request_id,
		    (long long)c->cert_ids[k]);
		if (proc_revoke(pc, rid, c->serials[k], CANCEL_REVOKE_REASON, msg,
		    msglen) != PROC_OK)
			return -1;
		n += (size_t)snprintf(c->revoked + n, sizeof(c->revoked) - n,
		    "%s%s", n > 0 ? " " : "", c->serials[k]);
	}
	return 0;
}

static int
cancel_letter_cb(const struct store_letter *l, void *arg)
{
	struct cancel *c = arg;

	if (strcmp(l->state, "used") != 0 && strcmp(l->state, "void") != 0 &&
	    c->nletters < CANCEL_MAX_LETTERS)
		strlcpy_m(c->letters[c->nletters++], l->ref_no,
		    sizeof(c->letters[0]));
	return 0;
}

/* The move to cancelled, the letters void, the audit row: one
 * transaction. A cert of the application still valid here means another
 * session went on issuing meanwhile: nothing is changed then. */
static int
cancel_tx_cb(struct store *st, void *arg)
{
	struct cancel *c = arg;
	const struct store_app *app = c->app;
	char letters[CANCEL_MAX_LETTERS * 17] = "", *detail;
	size_t n = 0;
	int i, rc;

	c->ncerts = 0;
	c->nletters = 0;
	if (store_cert_foreach(st, app->person_id, cancel_cert_cb, c) == -1)
		return -1;
	if (c->ncerts > 0)
		return -1;	/* issued meanwhile: proc_app_cancel says so */
	if (store_app_set_state(st, app->id, app->state, "cancelled") == -1 ||
	    store_letter_foreach_app(st, app->id, cancel_letter_cb, c) == -1)
		return -1;
	for (i = 0; i < c->nletters; i++) {
		if (store_letter_set_state(st, c->letters[i], "void") == -1)
			return -1;
		n += (size_t)snprintf(letters + n, sizeof(letters) - n, "%s%s",
		    n > 0 ? " " : "", c->letters[i]);
	}
	if (c->approval != NULL)
		detail = xasprintf("from=%s revoked=%s letters_void=%s "
		    "approval=%lld requested_by=%s approved_by=%s reason=%s",
		    app->state, c->revoked[0] != '\0' ? c->revoked : "-",
		    letters[0] != '\0' ? letters : "-",
		    (long long)c->approval->id, c->approval->requested_by,
		    c->pc->actor, c->reason);
	else
		detail = xasprintf("from=%s revoked=%s letters_void=%s reason=%s",
		    app->state, c->revoked[0] != '\0' ? c->revoked : "-",
		    letters[0] != '\0' ? letters : "-", c->reason);
	rc = store_audit(st, c->pc->actor, "application.cancel", app->request_id,
	    detail);
	free(detail);
	if (rc == 0)
		rc = proc_approval_done_tx(st, c->pc->actor, c->approval);
	return rc;
}

/* What the clerk reads when it is done. */
static void
cancel_done_msg(const struct cancel *c, char *msg, size_t msglen)
{
	size_t n;
	int i;

	n = (size_t)snprintf(msg, msglen, "申請 (受付番号 %lld) を取り消しました。",
	    (long long)c->app->id);
	if (c->revoked[0] != '\0' && n < msglen)
		n += (size_t)snprintf(msg + n, msglen - n, "\nこの申請で発行した"
		    "電子証明書 (番号 %s) を失効させました。", c->revoked);
	for (i = 0; i < c->nletters && n < msglen; i++)
		n += (size_t)snprintf(msg + n, msglen - n, "\n照会書兼回答書 "
		    "(整理番号 %s) は無効にしました。", c->letters[i]);
	if (c->key_made && n < msglen)
		snprintf(msg + n, msglen - n, "\nカードの鍵は作り直されています。"
		    "電子証明書を使うには、改めて発行申請を受け付けてください。");
}

/* The application, if it is one that may be cancelled; 0, or -1 with
 * msg. */
static int
cancel_load(struct proc_ctx *pc, int64_t app_id, struct store_app *app,
    char *msg, size_t msglen)
{
	if (store_app_get(pc->st, app_id, app) != 0) {
		snprintf(msg, msglen, "申請 %lld が見つかりません。",
		    (long long)app_id);
		return -1;
	}
	if (strcmp(app->state, "accepted") != 0 &&
	    strcmp(app->state, "waiting_reply") != 0 &&
	    strcmp(app->state, "in_progress") != 0) {
		snprintf(msg, msglen, "この申請は取り消せません。取り消せるのは、"
		    "受付済み・処理中・回答書待ちの申請です。");
		return -1;
	}
	return 0;
}

/* Four eyes: the request for a supervisor's approval of a cancel (or of
 * a letter voided with its application); 1 made or waiting, -1. */
static int
cancel_request(struct proc_ctx *pc, const char *action, const char *object,
    const struct store_app *app, const char *reason, char *msg,
    size_t msglen)
{
	char params[48], said[512];
	int64_t id;
	int rc;

	snprintf(params, sizeof(params), "app=%lld", (long long)app->id);
	if ((rc = proc_approval_request(pc, action, object, app->person_id,
	    app->id, params, reason, &id, said, sizeof(said))) == -1) {
		snprintf(msg, msglen, "%s", said);
		return -1;
	}
	snprintf(msg, msglen, "%s (番号 %lld)。\n監督者が承認すると取り消され"
	    "ます (承認待ち)。", rc == 1 ? "この取消しは承認を依頼済みです" :
	    "承認を依頼しました", (long long)id);
	return 1;
}

int
proc_app_cancel(struct proc_ctx *pc, int64_t app_id, const char *reason,
    char *msg, size_t msglen)
{
	struct store_app *app;
	int rc;

	if (!proc_approval_needed(pc->st, "app_cancel"))
		return proc_cancel_run(pc, app_id, reason, NULL, msg, msglen);
	if (proc_cancel_reason_check(reason, msg, msglen) == -1)
		return -1;
	app = xmalloc(sizeof(*app));
	rc = cancel_load(pc, app_id, app, msg, msglen);
	if (rc == 0)
		rc = cancel_request(pc, "app_cancel", app->request_id, app,
		    reason, msg, msglen);
	free(app);
	return rc;
}

int
proc_letter_void(struct proc_ctx *pc, const char *ref_no, const char *reason,
    char *msg, size_t msglen)
{
	struct store_letter l;
	struct store_app *app;
	int rc;

	if (proc_cancel_reason_check(reason, msg, msglen) == -1)
		return -1;
	if (store_letter_by_ref(pc->st, ref_no, &l) != 0) {
		snprintf(msg, msglen, "整理番号 %s の照会書兼回答書はありません。",
		    ref_no);
		return -1;
	}
	app = xmalloc(sizeof(*app));
	if ((rc = cancel_load(pc, l.application_id, app, msg, msglen)) == 0 &&
	    strcmp(app->state, "waiting_reply") != 0) {
		snprintf(msg, msglen, "この照会書兼回答書の申請は回答待ちではない"
		    "ため、無効にできません。");
		rc = -1;
	}
	if (rc == 0)
		rc = proc_approval_needed(pc->st, "letter_void") ?
		    cancel_request(pc, "letter_void", ref_no, app, reason, msg,
		    msglen) : proc_cancel_run(pc, app->id, reason, NULL, msg,
		    msglen);
	free(app);
	return rc;
}

int
proc_cancel_run(struct proc_ctx *pc, int64_t app_id, const char *reason,
    const struct store_approval *a, char *msg, size_t msglen)
{
	struct store_app *app = xmalloc(sizeof(*app)), *now;
	struct cancel *c = xcalloc(1, sizeof(*c));
	int rc = -1;

	c->pc = pc;
	c->app = app;
	c->reason = reason;
	c->approval = a;
	if (proc_cancel_reason_check(reason, msg, msglen) == -1 ||
	    cancel_load(pc, app_id, app, msg, msglen) == -1)
		goto done;
	if (strcmp(app->state, "in_progress") == 0 &&
	    cancel_revoke(c, msg, msglen) == -1)
		goto done;
	if (store_tx(pc->st, cancel_tx_cb, c) == -1) {
		log_warnx("cancel: application %lld: %s", (long long)app_id,
		    c->ncerts > 0 ? "a cert was issued meanwhile" :
		    store_errmsg(pc->st));
		now = xmalloc(sizeof(*now));
		if (store_app_get(pc->st, app_id, now) == 0 &&
		    (strcmp(now->state, app->state) != 0 || c->ncerts > 0))
			snprintf(msg, msglen, "取り消せませんでした。ほかの窓口で"
			    "この申請の処理が進みました。記録を開き直して確かめて"
			    "ください。");
		else
			proc_store_fail(pc, msg, msglen);
		free(now);
		goto done;
	}
	cancel_done_msg(c, msg, msglen);
	rc = 0;
done:
	free(c);
	free(app);
	return rc;
}
