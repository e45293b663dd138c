/*
 * R2.8 / R2-2.7: the checks of the My Number card a person presents. The
 * basic 4 info comes from the input-support AP (its own 4-digit PIN), the
 * user-cert PIN is verified on the JPKI AP (not for a face-auth card), and
 * the card's state comes from the counter's records. Every PIN goes
 * straight to cardd and is never kept here.
 */
#include <stdio.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"

enum proc_status
proc_card_check(struct proc_ctx *pc, const struct store_person *p,
    const char *support_pin, const char *user_pin, const char *today,
    struct proc_card_check *out, char *msg, size_t msglen)
{
	struct card_identity id;
	struct store_card card;
	struct card_error ce;
	int rc;

	memset(out, 0, sizeof(*out));
	out->tries_left = -1;
	msg[0] = '\0';
	if (pc->card == NULL) {
		snprintf(msg, msglen, "カード読み取りサービスに接続できません。");
		return PROC_CARD;
	}
	if (card_identity(pc->card, NULL, support_pin, &id, &ce) == -1) {
		if (ce.code == CARD_E_PIN_WRONG || ce.code == CARD_E_PIN_BLOCKED ||
		    ce.code == CARD_E_PIN_FORMAT) {
			snprintf(msg, msglen, "券面事項入力補助用の暗証番号: %s%s",
			    card_error_ja(ce.code), ce.tries_left >= 0 ?
			    " (残り回数は下に表示)" : "");
			out->tries_left = ce.tries_left;
			return PROC_CARD;
		}
		snprintf(msg, msglen, "%s", card_error_ja(ce.code));
		return PROC_CARD;
	}
	strlcpy_m(out->card_number, id.card_number, sizeof(out->card_number));
	if (strcmp(id.token, "JPKIAPICCTOKEN2") != 0) {
		snprintf(msg, msglen, "マイナンバーカードではありません。");
		return PROC_CARD;
	}
	out->basic4_read = id.has_basic4;
	if (id.has_basic4)
		out->registry_match = proc_card_matches(&id, p, out->mismatch,
		    sizeof(out->mismatch));
	rc = store_card_by_no(pc->st, id.card_number, &card);
	if (rc == 0) {
		out->known_face_auth = card.face_auth;
		out->status_ok = card.person_id == p->id &&
		    strcmp(card.state, "active") == 0 &&
		    strcmp(card.expires_on, today) >= 0;
	} else
		out->status_ok = rc == 1;	/* new to the counter: no record against it */
	if (user_pin != NULL && !out->known_face_auth) {
		if (card_verify(pc->card, NULL, CARD_PIN_USER, user_pin, &ce) ==
		    0)
			out->pin_verified = 1;
		else {
			out->tries_left = ce.tries_left;
			snprintf(msg, msglen, "利用者証明用の暗証番号: %s",
			    card_error_ja(ce.code));
		}
	}
	return PROC_OK;
}
