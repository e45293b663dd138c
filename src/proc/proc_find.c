/*
 * Starting a visit from the card: the chip is read by one of R2.8's two
 * routes (proc_bind.c) and its holder found, so the clerk types no name.
 * First the counter's own record of the card (its number, else its user
 * cert) names a person, whom the chip must match; else the registry is
 * searched by the chip's birth date and filtered by the route's data (the
 * basic 4 info, or the card face's sex). The chip's personal data lives
 * in one struct proc_chip on the stack, wiped before returning; the audit
 * row says only which card, how, and the persons' ids.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* Persons of one birth date read to be filtered: far more than any city
 * registers on one day. */
#define FIND_SCAN_MAX	2000

struct find_scan {
	const struct proc_chip		*chip;
	enum proc_card_route		 route;
	struct proc_card_found		*out;
	int				 more;	/* matches past PROC_FOUND_MAX */
};

static enum proc_status
find_store_fail(struct proc_ctx *pc, char *msg, size_t msglen)
{
	snprintf(msg, msglen, "台帳を読めませんでした (データベースの誤り)。"
	    "もう一度読み取ってください。");
	log_warnx("store: %s", store_errmsg(pc->st));
	return PROC_FAILED;
}

static int
find_scan_cb(const struct store_person *p, void *arg)
{
	struct find_scan *f = arg;
	char why[160];

	if (!proc_chip_matches(f->route, f->chip, p, why, sizeof(why)))
		return 0;
	if (f->out->n == PROC_FOUND_MAX) {
		f->more = 1;
		return 1;
	}
	f->out->p[f->out->n++] = *p;
	return 0;
}

/* The person the counter knows the card as: by its number, else by the
 * user cert on it. 0 none, -1 the store failed. */
static int64_t
find_owner(struct proc_ctx *pc, const struct proc_chip *chip,
    const char *card_no)
{
	struct store_card card;
	struct store_cert cert;
	int rc = store_card_by_no(pc->st, card_no, &card);

	if (rc == 0)
		return card.person_id;
	if (rc == -1)
		return -1;
	if (chip->user_cert[0] == '\0')
		return 0;
	rc = store_cert_by_serial(pc->st, chip->user_cert, &cert);
	return rc == 0 ? cert.person_id : rc == -1 ? -1 : 0;
}

/* The card known as owner's: the chip must name that person. */
static enum proc_status
find_by_owner(struct proc_ctx *pc, enum proc_card_route route,
    const struct proc_chip *chip, int64_t owner, struct proc_card_found *out,
    char *msg, size_t msglen)
{
	struct proc_card_check *k = &out->chk;

	if (store_person_get(pc->st, owner, &out->p[0]) != 0)
		return find_store_fail(pc, msg, msglen);
	if (!proc_chip_matches(route, chip, &out->p[0], k->mismatch,
	    sizeof(k->mismatch))) {
		snprintf(msg, msglen, "このカードは台帳の別の方のカードとして"
		    "記録されていますが、カードの%s (%s) がその方の記録と一致"
		    "しません。記録は開きません。", route == PROC_ROUTE_FACE ?
		    "券面事項" : "基本4情報", k->mismatch);
		memset(&out->p[0], 0, sizeof(out->p[0]));
		return PROC_INVALID;
	}
	out->n = 1;
	out->by_card = 1;
	return PROC_OK;
}

/* A card the counter does not know: the registry's persons of the chip's
 * birth date, filtered by the route's data. */
static enum proc_status
find_in_registry(struct proc_ctx *pc, enum proc_card_route route,
    const struct proc_chip *chip, struct proc_card_found *out, char *msg,
    size_t msglen)
{
	struct store_person_query q = { .limit = FIND_SCAN_MAX };
	struct find_scan f = { chip, route, out, 0 };
	char birth[11];
	int face = route == PROC_ROUTE_FACE;

	snprintf(birth, sizeof(birth), "%.4s-%.2s-%.2s", chip->birth,
	    chip->birth + 4, chip->birth + 6);
	q.birth_date = birth;
	if (store_person_search(pc->st, &q, find_scan_cb, &f) == -1)
		return find_store_fail(pc, msg, msglen);
	if (out->n == 0) {
		snprintf(msg, msglen, "カードの%sに一致する方が台帳にいません。"
		    "記録は開きません。", face ? "生年月日・性別" :
		    "基本4情報 (氏名・住所・生年月日・性別)");
		return PROC_INVALID;
	}
	if (f.more)
		snprintf(msg, msglen, "カードの%sに一致する方が台帳に多数います。"
		    "メニューの c 検索で本人を選んでください。", face ?
		    "生年月日・性別" : "基本4情報");
	else if (!face && out->n > 1)
		snprintf(msg, msglen, "カードの基本4情報に一致する方が台帳に %d 人"
		    "います。メニューの c 検索で本人を選んでください。", out->n);
	if (f.more || (!face && out->n > 1)) {
		memset(out->p, 0, sizeof(out->p));	/* none is handed out */
		out->n = 0;
		return PROC_INVALID;
	}
	out->chk.registry_match = 1;
	return PROC_OK;
}

/* The audit row of the read (ids only), in a transaction of its own: a
 * read that cannot be recorded opens no record. */
struct find_tx {
	const char	*actor;
	const char	*card_no;
	char		 detail[400];
};

static int
find_tx_cb(struct store *st, void *arg)
{
	const struct find_tx *t = arg;

	return proc_audit_card_read(st, t->actor, t->card_no, t->detail);
}

static int
find_audit(struct proc_ctx *pc, const struct proc_card_found *out,
    enum proc_status ps, int64_t owner)
{
	struct find_tx t = { pc->actor, out->chk.card_no, "" };
	size_t n;
	int i;

	n = (size_t)snprintf(t.detail, sizeof(t.detail), "route=%s result=%s",
	    proc_route_name(out->chk.route), ps != PROC_OK ? "refused" :
	    out->by_card ? "card" : "registry");
	for (i = 0; i < out->n && n < sizeof(t.detail); i++)
		n += (size_t)snprintf(t.detail + n, sizeof(t.detail) - n,
		    "%s%lld", i == 0 ? " persons=" : ",",
		    (long long)out->p[i].id);
	if (ps != PROC_OK && owner > 0 && n < sizeof(t.detail))
		snprintf(t.detail + n, sizeof(t.detail) - n, " card_of=%lld",
		    (long long)owner);
	return store_tx(pc->st, find_tx_cb, &t);
}

static enum proc_status
find_read(struct proc_ctx *pc, enum proc_card_route route, const char *pin,
    struct proc_chip *chip, struct proc_card_found *out, char *msg,
    size_t msglen)
{
	struct proc_card_check *k = &out->chk;

	if (proc_chip_read_said(pc, route, pin, chip, &k->tries_left, msg,
	    msglen) != PROC_OK)
		return PROC_CARD;
	if (!chip->read || strlen(chip->birth) != 8) {
		snprintf(msg, msglen, "カードの%sを読み取れませんでした。",
		    route == PROC_ROUTE_FACE ? "券面事項" : "基本4情報");
		return PROC_CARD;
	}
	strlcpy_m(k->card_number, chip->number, sizeof(k->card_number));
	strlcpy_m(k->card_key, chip->key, sizeof(k->card_key));
	strlcpy_m(k->user_cert, chip->user_cert, sizeof(k->user_cert));
	proc_card_no(chip, k->card_no, sizeof(k->card_no));
	k->basic4_read = 1;
	return PROC_OK;
}

static enum proc_status
find_held(struct proc_ctx *pc, enum proc_card_route route, const char *pin,
    const char *user_pin, const char *today, struct proc_card_found *out,
    char *msg, size_t msglen)
{
	struct proc_chip chip;
	enum proc_status ps;
	int64_t owner = 0;

	ps = find_read(pc, route, pin, &chip, out, msg, msglen);
	if (ps == PROC_OK) {
		owner = find_owner(pc, &chip, out->chk.card_no);
		if (owner == -1)
			ps = find_store_fail(pc, msg, msglen);
		else if (owner > 0)
			ps = find_by_owner(pc, route, &chip, owner, out, msg,
			    msglen);
		else
			ps = find_in_registry(pc, route, &chip, out, msg,
			    msglen);
	}
	/* The card is not known as another's here: for a card found by its
	 * data the status is the same whoever of the candidates is chosen. */
	if (ps == PROC_OK) {
		out->chk.registry_match = 1;
		proc_card_status(pc, &out->p[0], &chip, today, &out->chk);
		/* Going on to a procedure: the user PIN too, so the read is
		 * the card check R2.8 asks (one person: the support route). */
		if (out->n == 1 && route == PROC_ROUTE_SUPPORT)
			proc_card_verify_user(pc, user_pin, &out->chk, msg,
			    msglen);
	}
	secure_wipe(&chip, sizeof(chip));
	if (out->chk.card_no[0] != '\0' && find_audit(pc, out, ps, owner) == -1) {
		snprintf(msg, msglen, "カードの読み取りを記録できませんでした "
		    "(データベースの誤り)。記録は開きません。");
		out->n = 0;
		return PROC_FAILED;
	}
	return ps;
}

enum proc_status
proc_card_find(struct proc_ctx *pc, enum proc_card_route route,
    const char *pin, const char *user_pin, const char *today,
    struct proc_card_found *out, char *msg, size_t msglen)
{
	enum proc_status ps;

	memset(out, 0, sizeof(*out));
	out->chk.tries_left = -1;
	out->chk.route = route;
	msg[0] = '\0';
	if (pc->card == NULL) {
		snprintf(msg, msglen, "カード読み取りサービスに接続できません。"
		    "管理者に連絡してください。");
		return PROC_CARD;
	}
	if (route == PROC_ROUTE_NONE || pin == NULL || pin[0] == '\0') {
		snprintf(msg, msglen, "券面事項入力補助用の暗証番号 (申請者) か、"
		    "券面の照合番号B (職員) を入力してください。");
		return PROC_CARD;
	}
	if (proc_claim(pc, msg, msglen) != PROC_OK)
		return PROC_CARD;
	ps = find_held(pc, route, pin, user_pin, today, out, msg, msglen);
	proc_release(pc);
	return ps;
}
