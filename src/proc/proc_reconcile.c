/*
 * After a crash: every application left in_progress is looked at. A cert
 * the issuer made whose step was never recorded (the process died between
 * the issuer's answer and the commit) is found by its request id and
 * recorded. Nothing is written to a card from here: a card is written
 * only after its chip was read again with the PIN of its check (R2.8), so
 * the issuance goes on at the counter (F7 on the person's record). Apart
 * from that, every person the counter records with two valid certs of
 * one kind is reported (a renewal whose old cert was never revoked).
 * Last, one truth: every cert the counter records is brought in line with
 * the issuer's state and reason (the issuer decides; a change the
 * counter's records cannot make is reported for an admin instead).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

struct reconcile {
	struct proc_ctx	*pc;
	void		(*report)(const char *, void *);
	void		*arg;
	int		 open;
	int64_t		*ids;	/* collected first: no writes during the listing */
	size_t		 nids, capids;
};

/* A cert issued for a step still at started/key_made: record it. */
static int
reconcile_issued(struct proc_ctx *pc, const struct store_app *app,
    const struct proc_kind *k)
{
	struct issuer_request ir;
	struct issuer_cert *cert = NULL;
	struct store_step s;
	struct store_cert sc;
	char rid[ISSUER_ID_MAX];

	if (store_step_get(pc->st, app->id, k->name, &s) != 0)
		return 0;
	if (strcmp(s.step, "started") != 0 && strcmp(s.step, "key_made") != 0)
		return 0;
	snprintf(rid, sizeof(rid), "%s.%s.%d", app->request_id, k->name,
	    s.attempt);
	if (issuer_find_by_request(pc->iss, rid, &ir) != ISSUER_OK ||
	    issuer_status_get(pc->iss, ir.serial, NULL, &cert) != ISSUER_OK)
		return 0;
	strlcpy_m(s.serial, cert->serial, sizeof(s.serial));
	strlcpy_m(s.step, "issued", sizeof(s.step));
	proc_cert_row(app, k, cert, &sc);
	issuer_cert_free(cert);
	if (store_step_put(pc->st, &s) == -1 || store_cert_record(pc->st, &sc)
	    == -1)
		return -1;
	log_info("reconcile: application %lld %s: issued cert %s recorded",
	    (long long)app->id, k->name, sc.serial);
	return 1;
}

static int
collect_cb(const struct store_app *app, void *arg)
{
	struct reconcile *rc = arg;

	if (rc->nids == rc->capids) {
		rc->capids = rc->capids * 2 + 16;
		rc->ids = xreallocarray(rc->ids, rc->capids, sizeof(*rc->ids));
	}
	rc->ids[rc->nids++] = app->id;
	return 0;
}

static void
reconcile_app(struct reconcile *rc, const struct store_app *app)
{
	struct proc_ctx *pc = rc->pc;
	char line[640];
	size_t i;
	int recorded = 0;

	for (i = 0; i < proc_kind_count; i++)
		if (proc_has_word(app->issue_certs, proc_kind_table[i].name) &&
		    reconcile_issued(pc, app, &proc_kind_table[i]) == 1)
			recorded++;
	/* 発行途中です, 暗証番号の変更の途中です ... */
	snprintf(line, sizeof(line), "申請 %lld: %s%s途中です%s。本人のカード"
	    "を置き、窓口画面の本人の記録で再開してください (F7)",
	    (long long)app->id, proc_procedure_ja(app->procedure),
	    strcmp(app->procedure, "issue") == 0 ? "" : "の", recorded > 0 ?
	    " (発行機関が発行した証明書を記録しました)" : "");
	rc->open++;
	if (rc->report != NULL)
		rc->report(line, rc->arg);
}

int
proc_reconcile(struct proc_ctx *pc, void (*report)(const char *, void *),
    void *arg)
{
	struct reconcile rc = { pc, report, arg, 0, NULL, 0, 0 };
	struct store_app *app;
	size_t i;

	if (pc->iss == NULL)
		return -1;
	if (store_app_foreach_in_progress(pc->st, collect_cb, &rc) == -1) {
		free(rc.ids);
		return -1;
	}
	app = xmalloc(sizeof(*app));
	for (i = 0; i < rc.nids; i++)
		if (store_app_get(pc->st, rc.ids[i], app) == 0)
			reconcile_app(&rc, app);
	free(app);
	free(rc.ids);
	return rc.open;
}

/* The duplicates of one person gathered into one line. */
struct dup_line {
	void	(*report)(const char *, void *);
	void	*arg;
	char	 atena_no[16];
	char	 line[1024];
	size_t	 len;
	int	 persons;
};

static void
dup_flush(struct dup_line *dl)
{
	if (dl->atena_no[0] == '\0')
		return;
	if (dl->report != NULL)
		dl->report(dl->line, dl->arg);
	dl->atena_no[0] = '\0';
	dl->len = 0;
}

static int
dup_cb(const struct store_cert_dup *d, void *arg)
{
	struct dup_line *dl = arg;
	const char *kind = rules_cert_short_label(rules_cert_parse(d->kind) ==
	    RULES_CERT_SIGNATURE ? RULES_CERT_SIGNATURE : RULES_CERT_USER);

	if (strcmp(dl->atena_no, d->atena_no) != 0) {
		dup_flush(dl);
		strlcpy_m(dl->atena_no, d->atena_no, sizeof(dl->atena_no));
		dl->len = (size_t)snprintf(dl->line, sizeof(dl->line), "宛名番号 %s: "
		    "有効な電子証明書が重複しています:", d->atena_no);
		dl->persons++;
	}
	if (dl->len < sizeof(dl->line))
		dl->len += (size_t)snprintf(dl->line + dl->len,
		    sizeof(dl->line) - dl->len, " %s %d 件 (番号 %s)", kind,
		    d->count, d->serials);
	return 0;
}

int
proc_reconcile_duplicates(struct proc_ctx *pc,
    void (*report)(const char *, void *), void *arg)
{
	struct dup_line dl = { .report = report, .arg = arg };

	if (store_cert_dup_foreach(pc->st, dup_cb, &dl) == -1)
		return -1;
	dup_flush(&dl);
	return dl.persons;
}

/* ---- The counter's certs against the issuer's ---- */

/* Cert states as the admin reads them (the store and the issuer share the
 * English names). */
static const struct {
	const char	*state;
	const char	*ja;
} proc_cert_state_table[] = {
	{ "valid", "有効" },
	{ "on_hold", "一時保留" },
	{ "revoked", "失効" },
	{ "expired", "有効期限切れ" },
};

const char *
proc_cert_state_ja(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(proc_cert_state_table); i++)
		if (strcmp(proc_cert_state_table[i].state, state) == 0)
			return proc_cert_state_table[i].ja;
	return state;
}

/* A state with its reason, for a line: "失効 (keyCompromise)". */
static void
sync_state_text(const char *state, const char *reason, char *buf,
    size_t len)
{
	snprintf(buf, len, "%s%s%s%s", proc_cert_state_ja(state),
	    reason != NULL && *reason != '\0' ? " (" : "",
	    reason != NULL ? reason : "",
	    reason != NULL && *reason != '\0' ? ")" : "");
}

struct sync_tx {
	const char	*actor, *serial;
	const char	*state;		/* NULL: the reason only */
	const char	*reason;
	char		 detail[96];
};

/* The counter's row and its audit row: both or neither. */
static int
sync_tx_cb(struct store *st, void *arg)
{
	const struct sync_tx *t = arg;

	if ((t->state != NULL ? store_cert_set_state(st, t->serial, t->state,
	    t->reason) : store_cert_set_reason(st, t->serial, t->reason)) == -1)
		return -1;
	return store_audit(st, t->actor, "cert.sync", t->serial, t->detail);
}

/* Bring sc (the counter's row) to ic (the issuer's cert as of today). */
static enum proc_sync
sync_one(struct proc_ctx *pc, const struct store_cert *sc,
    const struct issuer_cert *ic, char *line, size_t linelen)
{
	struct sync_tx t = { pc->actor, sc->serial, NULL, NULL, "" };
	char was[64], now[64];

	t.state = issuer_state_name(ic->state);
	t.reason = ic->reason != ISSUER_REASON_NONE ?
	    issuer_reason_name(ic->reason) : NULL;
	/* The issuer reads a held cert past its last day as expired; the
	 * counter's records keep it on hold (they never move on_hold ->
	 * expired), and that is in line. */
	if (ic->state == ISSUER_STATE_EXPIRED && strcmp(sc->state, "on_hold") == 0)
		t.state = "on_hold";
	sync_state_text(sc->state, sc->revoked_reason, was, sizeof(was));
	sync_state_text(t.state, t.reason, now, sizeof(now));
	if (strcmp(sc->state, t.state) == 0) {
		if (t.reason == NULL || strcmp(sc->revoked_reason, t.reason) == 0) {
			snprintf(line, linelen, "電子証明書 %s: 窓口の記録は発行"
			    "機関と同じ %s です", sc->serial, now);
			return PROC_SYNC_SAME;
		}
		t.state = NULL;
	} else if (!store_cert_transition_ok(sc->state, t.state)) {
		snprintf(line, linelen, "電子証明書 %s: 窓口の記録は %s、発行機関"
		    "では %s です。窓口の記録はこの向きに変えられないため、その"
		    "ままにしました。確認してください", sc->serial, was, now);
		return PROC_SYNC_CONFLICT;
	}
	snprintf(t.detail, sizeof(t.detail), "%s %s -> %s %s (issuer)",
	    sc->state, sc->revoked_reason, t.state != NULL ? t.state : sc->state,
	    t.reason != NULL ? t.reason : "");
	if (store_tx(pc->st, sync_tx_cb, &t) == -1) {
		snprintf(line, linelen, "電子証明書 %s: 窓口の記録を %s にできま"
		    "せんでした (%s)", sc->serial, now, store_errmsg(pc->st));
		return PROC_SYNC_FAILED;
	}
	snprintf(line, linelen, "電子証明書 %s: 窓口の記録を %s から %s に"
	    "しました (発行機関に合わせました)", sc->serial, was, now);
	return PROC_SYNC_CHANGED;
}

enum proc_sync
proc_cert_sync(struct proc_ctx *pc, const char *serial, char *line,
    size_t linelen)
{
	struct issuer_cert *ic = NULL;
	struct store_cert sc;
	enum issuer_status is;
	enum proc_sync rc;
	int found;

	if ((found = store_cert_by_serial(pc->st, serial, &sc)) == 1) {
		snprintf(line, linelen, "電子証明書 %s: 窓口の記録にはありません",
		    serial);
		return PROC_SYNC_UNRECORDED;
	}
	if (found == -1) {
		snprintf(line, linelen, "電子証明書 %s: 窓口の記録を読めません "
		    "(%s)", serial, store_errmsg(pc->st));
		return PROC_SYNC_FAILED;
	}
	is = pc->iss != NULL ? issuer_status_get(pc->iss, serial, NULL, &ic) :
	    ISSUER_E_FAILED;
	if (is == ISSUER_E_NOT_FOUND) {
		snprintf(line, linelen, "電子証明書 %s: 発行機関に記録がありませ"
		    "ん。窓口の記録 (%s) はそのままにしました。確認してください",
		    serial, proc_cert_state_ja(sc.state));
		return PROC_SYNC_CONFLICT;
	}
	if (is != ISSUER_OK) {
		snprintf(line, linelen, "電子証明書 %s: 発行機関に問い合わせら"
		    "れません (%s)", serial, pc->iss != NULL ?
		    issuer_error(pc->iss) : "not open");
		return PROC_SYNC_FAILED;
	}
	rc = sync_one(pc, &sc, ic, line, linelen);
	issuer_cert_free(ic);
	return rc;
}

struct serial_list {
	char	(*v)[48];
	size_t	  n, cap;
};

static int
serial_cb(const struct store_cert *c, void *arg)
{
	struct serial_list *sl = arg;

	if (sl->n == sl->cap) {
		sl->cap = sl->cap * 2 + 64;
		sl->v = xreallocarray(sl->v, sl->cap, sizeof(*sl->v));
	}
	strlcpy_m(sl->v[sl->n++], c->serial, sizeof(sl->v[0]));
	return 0;
}

int
proc_reconcile_certs(struct proc_ctx *pc, void (*report)(const char *, void *),
    void *arg, int *changed)
{
	struct serial_list sl = { NULL, 0, 0 };
	char line[640];
	size_t i;
	int left = 0, done = 0;

	if (pc->iss == NULL)
		return -1;
	/* Collected first: no writes during the listing. */
	if (store_cert_foreach_all(pc->st, serial_cb, &sl) == -1) {
		free(sl.v);
		return -1;
	}
	for (i = 0; i < sl.n; i++) {
		switch (proc_cert_sync(pc, sl.v[i], line, sizeof(line))) {
		case PROC_SYNC_SAME:
		case PROC_SYNC_UNRECORDED:	/* gone since the listing */
			continue;
		case PROC_SYNC_CHANGED:
			done++;
			break;
		default:
			left++;
			break;
		}
		log_info("reconcile: %s", line);
		if (report != NULL)
			report(line, arg);
	}
	free(sl.v);
	if (changed != NULL)
		*changed = done;
	return left;
}
