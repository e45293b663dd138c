/*
 * After a crash: every application left in_progress is looked at. A cert
 * the issuer made whose step was never recorded (the process died between
 * the issuer's answer and the commit) is found by its request id and
 * recorded. Nothing is written to a card from here: a card is written
 * only after its chip was read again with the PIN of its check (R2.8), so
 * the issuance goes on at the counter (F7 on the person's record). Apart
 * from that, every person the counter records with two valid certs of
 * one kind is reported (a renewal whose old cert was never revoked).
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
	snprintf(line, sizeof(line), "申請 %lld: 発行途中です%s。本人のカード"
	    "を置き、窓口画面の本人の記録で再開してください (F7)",
	    (long long)app->id, recorded > 0 ? " (発行機関が発行した証明書を"
	    "記録しました)" : "");
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
