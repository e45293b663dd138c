/*
 * Holds (R5.1): J-LIS puts the certs of a lost card on hold when someone
 * phones; the counter records that call. Each cert is held at the issuer
 * (request id "hold.<serial>": a cert is held once, JPKI never releases
 * it) and in the counter's records; then one transaction records the
 * call, marks the card lost and writes the audit row. A found card's
 * held certs are revoked by the card_found procedure (R5.2, R5.3).
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* "YYYY-MM-DD HH:MM", a real date and time, not later than now. */
static int
hold_time_ok(const char *t)
{
	struct era_date d;
	char day[11], now[17];
	int hh, mm;

	if (strlen(t) != 16 || t[10] != ' ' || t[13] != ':')
		return 0;
	strlcpy_m(day, t, sizeof(day));
	if (era_parse_iso(day, &d) == -1 || sscanf(t + 11, "%2d:%2d", &hh,
	    &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return 0;
	util_now_minute(now);
	return strcmp(t, now) <= 0;
}

/* The request is well formed and names the person's current certs, all
 * on one card; *card_id gets it (0 when the counter knows none). */
static int
hold_check(struct proc_ctx *pc, const struct proc_hold_req *h,
    int64_t *card_id, char *msg, size_t msglen)
{
	struct store_cert c;
	size_t i;

	if (proc_text_check("電話をかけた人", h->caller, PROC_CALLER_MAX, msg,
	    msglen) == -1)
		return -1;
	if (!hold_time_ok(h->called_at)) {
		snprintf(msg, msglen, "電話を受けた日時を「2026-12-01 09:30」の"
		    "形で入れてください (今より後は入れられません)。");
		return -1;
	}
	if (h->n == 0) {
		snprintf(msg, msglen, "一時保留になった電子証明書を選んでください。");
		return -1;
	}
	*card_id = 0;
	for (i = 0; i < h->n; i++) {
		if (store_cert_by_serial(pc->st, h->serials[i], &c) != 0 ||
		    c.person_id != h->person_id ||
		    (strcmp(c.state, "valid") != 0 &&
		    strcmp(c.state, "on_hold") != 0)) {
			snprintf(msg, msglen, "電子証明書 %s は、この人の有効な"
			    "証明書ではありません。", h->serials[i]);
			return -1;
		}
		if (*card_id == 0)
			*card_id = c.card_id;
	}
	return 0;
}

struct hold_tx {
	const char		*actor;
	struct store_hold	*h;
};

/* The call recorded, the card lost, the audit row: all or nothing. */
static int
hold_tx_cb(struct store *st, void *arg)
{
	struct hold_tx *x = arg;

	if (store_hold_create(st, x->h) == -1 || (x->h->card_id != 0 &&
	    store_card_set_state(st, x->h->card_id, "lost") == -1))
		return -1;
	return proc_audit_hold(st, x->actor, x->h);
}

int
proc_hold_record(struct proc_ctx *pc, const struct proc_hold_req *req,
    char *msg, size_t msglen)
{
	struct store_hold h;
	struct hold_tx x = { pc->actor, &h };
	enum issuer_status is;
	char rid[ISSUER_ID_MAX];
	size_t i, n = 0;

	memset(&h, 0, sizeof(h));
	if (hold_check(pc, req, &h.card_id, msg, msglen) == -1)
		return -1;
	if (pc->iss == NULL) {
		snprintf(msg, msglen, "発行機関 (madoguchi-issuerd) に接続できな"
		    "いため、記録できません。");
		return -1;
	}
	for (i = 0; i < req->n; i++) {
		snprintf(rid, sizeof(rid), "hold.%.50s", req->serials[i]);
		is = issuer_hold(pc->iss, rid, req->serials[i], NULL, NULL);
		if (is != ISSUER_OK && is != ISSUER_E_STATE) {
			proc_issuer_fail(pc, is, msg, msglen);
			return -1;
		}
		if (store_cert_set_state(pc->st, req->serials[i], "on_hold",
		    "certificateHold") == -1) {
			proc_store_fail(pc, msg, msglen);
			return -1;
		}
		n += (size_t)snprintf(h.serials + n, sizeof(h.serials) - n, "%s%s",
		    i > 0 ? " " : "", req->serials[i]);
		if (n >= sizeof(h.serials))
			fatalx("%s: serials", __func__);
	}
	h.person_id = req->person_id;
	h.clerk_id = req->clerk_id;
	strlcpy_m(h.caller, req->caller, sizeof(h.caller));
	strlcpy_m(h.called_at, req->called_at, sizeof(h.called_at));
	if (store_tx(pc->st, hold_tx_cb, &x) == -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	snprintf(msg, msglen, "一時保留を記録しました (電子証明書 %zu 件)。"
	    "カードが見つかったときは「紛失カードの発見」で失効します。",
	    req->n);
	return 0;
}
