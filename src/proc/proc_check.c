/*
 * R2.8 / R2-2.7: the checks of the My Number card a person presents. The
 * chip is read by one of two routes (proc_bind.c): the input-support PIN
 * and its basic 4 info, compared with the registry or the annex; or the
 * card-face PIN B and its record, whose birth date and sex are compared
 * while the clerk compares the printed face. The user-cert PIN is verified
 * on the JPKI AP (not for a face-auth card). The card's state comes from
 * the counter's records: a card or a user cert the counter knows as
 * another person's is not in order. Every PIN goes straight to cardd and
 * is never kept here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* Birth date and sex of the card-face record against the record; the
 * printed name and address are the clerk's to compare. */
int
proc_face_matches(const struct proc_chip *chip, const struct store_person *p,
    char *why, size_t whylen)
{
	char birth[9];
	size_t n = 0;

	snprintf(birth, sizeof(birth), "%.4s%.2s%.2s", p->birth_date,
	    p->birth_date + 5, p->birth_date + 8);
	why[0] = '\0';
	if (strcmp(chip->birth, birth) != 0)
		n += (size_t)snprintf(why + n, whylen - n, "生年月日 ");
	if (n < whylen && atoi(chip->sex) != p->sex)
		n += (size_t)snprintf(why + n, whylen - n, "性別 ");
	if (n == 0)
		return 1;
	if (n < whylen)
		why[n - 1] = '\0';	/* the items, the screen says the rest */
	return 0;
}

/* The card's state as the counter knows it. */
void
proc_card_status(struct proc_ctx *pc, const struct store_person *p,
    const struct proc_chip *chip, const char *today,
    struct proc_card_check *out)
{
	struct store_card card;
	struct store_cert cert;
	const char *why = NULL;
	char expiry[11] = "";
	int rc = store_card_by_no(pc->st, out->card_no, &card);

	if (chip->expiry[0] != '\0')
		snprintf(expiry, sizeof(expiry), "%.4s-%.2s-%.2s", chip->expiry,
		    chip->expiry + 4, chip->expiry + 6);
	if (rc == 0) {
		out->known_face_auth = card.face_auth;
		if (card.person_id != p->id)
			why = "このカードは別の方のカードとして記録されています";
		else if (strcmp(card.state, "active") != 0)
			why = strcmp(card.state, "lost") == 0 ?
			    "紛失の届出があったカードです" :
			    "返納・廃止されたカードです";
		else if (card.expires_on[0] != '\0' &&
		    strcmp(card.expires_on, today) < 0)
			why = "有効期限が切れたカードです";
	} else if (rc == -1)
		why = "カードの記録を読めませんでした";
	if (why == NULL && expiry[0] != '\0' && strcmp(expiry, today) < 0)
		why = "有効期限が切れたカードです";
	if (why == NULL && chip->user_cert[0] != '\0' &&
	    store_cert_by_serial(pc->st, chip->user_cert, &cert) == 0 &&
	    cert.person_id != p->id)
		why = "カードの電子証明書が別の方のものとして記録されています";
	out->status_ok = why == NULL;
	if (why != NULL)
		strlcpy_m(out->status_why, why, sizeof(out->status_why));
	strlcpy_m(out->expiry, expiry, sizeof(out->expiry));
}

static enum proc_status proc_card_check_held(struct proc_ctx *,
    const struct store_person *, enum proc_card_route, const char *,
    const char *, const char *, struct proc_card_check *, char *, size_t);

/* The chip names person p: the basic 4 info (support route) or the card
 * face's birth date and sex; why gets the items that differ. */
int
proc_chip_matches(enum proc_card_route route, const struct proc_chip *chip,
    const struct store_person *p, char *why, size_t whylen)
{
	struct card_identity id;
	int ok;

	if (route == PROC_ROUTE_FACE)
		return proc_face_matches(chip, p, why, whylen);
	memset(&id, 0, sizeof(id));
	id.has_basic4 = 1;
	strlcpy_m(id.name, chip->name, sizeof(id.name));
	strlcpy_m(id.address, chip->address, sizeof(id.address));
	strlcpy_m(id.birth, chip->birth, sizeof(id.birth));
	strlcpy_m(id.sex, chip->sex, sizeof(id.sex));
	ok = proc_card_matches(&id, p, why, whylen);
	secure_wipe(&id, sizeof(id));
	return ok;
}

enum proc_status
proc_chip_read_said(struct proc_ctx *pc, enum proc_card_route route,
    const char *pin, struct proc_chip *chip, int *tries_left, char *msg,
    size_t msglen)
{
	struct card_error ce;

	if (proc_chip_read(pc, route, pin, chip, &ce) != PROC_OK) {
		if (ce.code == CARD_E_PIN_WRONG || ce.code == CARD_E_PIN_BLOCKED ||
		    ce.code == CARD_E_PIN_FORMAT) {
			proc_pin_fail(route, &ce, msg, msglen);
			*tries_left = ce.tries_left;
		} else
			snprintf(msg, msglen, "%s", card_error_ja(ce.code));
		return PROC_CARD;
	}
	if (strcmp(chip->token, "JPKIAPICCTOKEN2") != 0) {
		snprintf(msg, msglen, "マイナンバーカードではありません。");
		secure_wipe(chip, sizeof(*chip));
		return PROC_CARD;
	}
	return PROC_OK;
}

enum proc_status
proc_card_check(struct proc_ctx *pc, const struct store_person *p,
    enum proc_card_route route, const char *route_pin, const char *user_pin,
    const char *today, struct proc_card_check *out, char *msg, size_t msglen)
{
	enum proc_status ps;

	memset(out, 0, sizeof(*out));
	out->tries_left = -1;
	out->route = route;
	msg[0] = '\0';
	if (pc->card == NULL) {
		snprintf(msg, msglen, "カード読み取りサービスに接続できません。"
		    "管理者に連絡してください。");
		return PROC_CARD;
	}
	if (route == PROC_ROUTE_NONE || route_pin == NULL ||
	    route_pin[0] == '\0') {
		snprintf(msg, msglen, "券面事項入力補助用の暗証番号 (申請者) か、"
		    "券面の照合番号B (職員) を入力してください。");
		return PROC_CARD;
	}
	if (proc_claim(pc, msg, msglen) != PROC_OK)
		return PROC_CARD;
	ps = proc_card_check_held(pc, p, route, route_pin, user_pin, today,
	    out, msg, msglen);
	proc_release(pc);
	return ps;
}

static enum proc_status
proc_card_check_held(struct proc_ctx *pc, const struct store_person *p,
    enum proc_card_route route, const char *route_pin, const char *user_pin,
    const char *today, struct proc_card_check *out, char *msg, size_t msglen)
{
	struct proc_chip chip;

	if (proc_chip_read_said(pc, route, route_pin, &chip, &out->tries_left,
	    msg, msglen) != PROC_OK)
		return PROC_CARD;
	strlcpy_m(out->card_number, chip.number, sizeof(out->card_number));
	strlcpy_m(out->card_key, chip.key, sizeof(out->card_key));
	strlcpy_m(out->user_cert, chip.user_cert, sizeof(out->user_cert));
	proc_card_no(&chip, out->card_no, sizeof(out->card_no));
	out->basic4_read = chip.read;
	if ((route == PROC_ROUTE_SUPPORT && chip.read) ||
	    route == PROC_ROUTE_FACE)
		out->registry_match = proc_chip_matches(route, &chip, p,
		    out->mismatch, sizeof(out->mismatch));
	proc_card_status(pc, p, &chip, today, out);
	secure_wipe(&chip, sizeof(chip));
	proc_card_verify_user(pc, user_pin, out, msg, msglen);
	return PROC_OK;
}

void
proc_card_verify_user(struct proc_ctx *pc, const char *user_pin,
    struct proc_card_check *out, char *msg, size_t msglen)
{
	struct card_error ce;

	if (user_pin == NULL || user_pin[0] == '\0' || out->known_face_auth)
		return;
	if (card_verify(pc->card, NULL, CARD_PIN_USER, user_pin, &ce) == 0)
		out->pin_verified = 1;
	else {
		out->tries_left = ce.tries_left;
		snprintf(msg, msglen, "利用者証明用の暗証番号: %s",
		    card_error_ja(ce.code));
	}
}
