/*
 * Identity binding: the card in the reader is known by what its chip
 * gives, not by a number only the emulated card tells. A chip read takes
 * one of R2.8's two routes (the input-support PIN and the basic 4 info, or
 * the card-face PIN B and the card-face record) and, without any PIN, the
 * user cert the card holds; the card key is a SHA-256 over the route's
 * data. An application keeps the key of its check (store_app.card_key);
 * before every write to the card the chip is read again the same way and
 * must give the same key, so a card swapped after the check is refused.
 */
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

static const char *const proc_route_names[] = {
	[PROC_ROUTE_NONE] = "", [PROC_ROUTE_SUPPORT] = "support",
	[PROC_ROUTE_FACE] = "face",
};

const char *
proc_route_name(enum proc_card_route r)
{
	return r >= PROC_ROUTE_NONE && r <= PROC_ROUTE_FACE ?
	    proc_route_names[r] : "";
}

enum proc_card_route
proc_route_parse(const char *s)
{
	if (strcmp(s, "support") == 0)
		return PROC_ROUTE_SUPPORT;
	if (strcmp(s, "face") == 0)
		return PROC_ROUTE_FACE;
	return PROC_ROUTE_NONE;
}

const char *
proc_route_pin_label(enum proc_card_route r)
{
	return r == PROC_ROUTE_FACE ? "券面の照合番号B" :
	    "券面事項入力補助用の暗証番号";
}

int
proc_card_proven(const struct rules_case *c)
{
	return c->has_card && c->card.registry_match && c->card.status_ok &&
	    (c->card.pin_verified || c->card.face_data_matches);
}

static void
key_field(EVP_MD_CTX *md, const void *p, size_t n)
{
	unsigned char len[4] = { n >> 24, n >> 16, n >> 8, n };

	EVP_DigestUpdate(md, len, sizeof(len));
	EVP_DigestUpdate(md, p, n);
}

static void
key_str(EVP_MD_CTX *md, const char *s)
{
	key_field(md, s, strlen(s));
}

/* The card key: each field length-prefixed, so no two reads collide by
 * where one field ends. */
static void
proc_chip_key(enum proc_card_route route, struct proc_chip *c)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int i, n = 0;

	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		fatalx("%s: SHA-256", __func__);
	key_str(md, "madoguchi card key 1");
	key_str(md, proc_route_name(route));
	key_str(md, c->number);
	if (route == PROC_ROUTE_SUPPORT) {
		key_str(md, c->name);
		key_str(md, c->address);
		key_str(md, c->birth);
		key_str(md, c->sex);
	} else
		key_field(md, c->face_digest, sizeof(c->face_digest));
	if (EVP_DigestFinal_ex(md, h, &n) != 1 || n != 32)
		fatalx("%s: SHA-256", __func__);
	EVP_MD_CTX_free(md);
	for (i = 0; i < n; i++)
		snprintf(c->key + 2 * i, 3, "%02x", h[i]);
}

int
proc_card_no_is_key(const char *card_no)
{
	size_t i;

	if (card_no[0] != 'K' || strlen(card_no) != 31)
		return 0;
	for (i = 1; i < 31; i++)
		if (!((card_no[i] >= '0' && card_no[i] <= '9') ||
		    (card_no[i] >= 'a' && card_no[i] <= 'f')))
			return 0;
	return 1;
}

void
proc_card_no(const struct proc_chip *c, char *out, size_t size)
{
	/* A card that tells no number is known by its key. */
	if (c->number[0] != '\0')
		strlcpy_m(out, c->number, size);
	else
		snprintf(out, size, "K%.30s", c->key);
}

/* The user cert in EF 000A (read without a PIN): its serial, "" none. */
static int
proc_chip_user_cert(struct proc_ctx *pc, char *serial, size_t size,
    struct card_error *ce)
{
	struct card_certs cs = { 0 };
	char norm[ISSUER_SERIAL_MAX];
	size_t i;

	serial[0] = '\0';
	if (card_read_certs(pc->card, NULL, NULL, &cs, ce) == -1)
		return -1;
	for (i = 0; i < cs.n; i++)
		if (cs.cert[i].slot == CARD_CERT_USER && cs.cert[i].present &&
		    issuer_serial_normalize(cs.cert[i].serial, norm) == 0)
			strlcpy_m(serial, norm, size);
	card_certs_clear(&cs);
	return 0;
}

enum proc_status
proc_chip_read(struct proc_ctx *pc, enum proc_card_route route,
    const char *pin, struct proc_chip *out, struct card_error *ce)
{
	struct card_identity id;
	struct card_face f;

	memset(out, 0, sizeof(*out));
	if (card_identity(pc->card, NULL, route == PROC_ROUTE_SUPPORT ? pin :
	    NULL, &id, ce) == -1)
		return PROC_CARD;
	strlcpy_m(out->token, id.token, sizeof(out->token));
	strlcpy_m(out->number, id.card_number, sizeof(out->number));
	if (route == PROC_ROUTE_SUPPORT) {
		out->read = id.has_basic4;
		strlcpy_m(out->name, id.name, sizeof(out->name));
		strlcpy_m(out->address, id.address, sizeof(out->address));
		strlcpy_m(out->birth, id.birth, sizeof(out->birth));
		strlcpy_m(out->sex, id.sex, sizeof(out->sex));
	} else {
		if (card_face(pc->card, NULL, pin, &f, ce) == -1)
			return PROC_CARD;
		out->read = 1;
		strlcpy_m(out->birth, f.birth, sizeof(out->birth));
		strlcpy_m(out->sex, f.sex, sizeof(out->sex));
		strlcpy_m(out->expiry, f.expiry, sizeof(out->expiry));
		memcpy(out->face_digest, f.digest, sizeof(out->face_digest));
	}
	secure_wipe(&id, sizeof(id));
	if (proc_chip_user_cert(pc, out->user_cert, sizeof(out->user_cert),
	    ce) == -1)
		return PROC_CARD;
	proc_chip_key(route, out);
	return PROC_OK;
}

void
proc_pin_fail(enum proc_card_route route, const struct card_error *ce,
    char *msg, size_t msglen)
{
	int n = snprintf(msg, msglen, "%s: %s", proc_route_pin_label(route),
	    card_error_ja(ce->code));

	if (ce->code == CARD_E_PIN_WRONG && ce->tries_left >= 0 && n > 0 &&
	    (size_t)n < msglen)
		snprintf(msg + n, msglen - (size_t)n, " (残り %d 回)",
		    ce->tries_left);
}

/* The user cert now on the card is one this application may find there:
 * the one of the check, or the one its own issuance wrote. */
static int
proc_cert_expected(struct proc_ctx *pc, const struct store_app *app,
    const char *on_card)
{
	struct store_step s;
	char norm[ISSUER_SERIAL_MAX];

	if (strcmp(on_card, app->card_cert) == 0)
		return 1;
	return on_card[0] != '\0' &&
	    store_step_get(pc->st, app->id, "user", &s) == 0 &&
	    issuer_serial_normalize(s.serial, norm) == 0 &&
	    strcmp(norm, on_card) == 0;
}

enum proc_status
proc_card_same(struct proc_ctx *pc, const struct store_app *app,
    const char *pin, char chip_expiry[11], char *msg, size_t msglen)
{
	enum proc_card_route route = proc_route_parse(app->card_route);
	struct proc_chip chip;
	struct card_identity id;
	struct store_card card;
	struct card_error ce;
	char user_cert[48];
	int same;

	if (route == PROC_ROUTE_NONE || app->card_key[0] == '\0') {
		snprintf(msg, msglen, "この申請はカードの確認 (R2.8) がされて"
		    "いません。カードの確認をしてから進めてください。");
		return PROC_INVALID;
	}
	if (pin == NULL || pin[0] == '\0') {
		snprintf(msg, msglen, "カードが確認したものと同じか読み取るため、"
		    "%sを入力してください。", proc_route_pin_label(route));
		return PROC_NEED_PIN;
	}
	/* First what the card gives without a PIN, so that a swapped card
	 * is refused without spending a try of someone else's PIN. */
	if (card_identity(pc->card, NULL, NULL, &id, &ce) == -1 &&
	    (ce.code != CARD_E_REMOVED ||
	    card_identity(pc->card, NULL, NULL, &id, &ce) == -1))
		return proc_card_fail(&ce, msg, msglen);
	same = store_card_get(pc->st, app->card_id, &card) == 0 &&
	    strcmp(id.card_number, proc_card_no_is_key(card.card_no) ? "" :
	    card.card_no) == 0;
	if (same && proc_chip_user_cert(pc, user_cert, sizeof(user_cert),
	    &ce) == -1)
		return proc_card_fail(&ce, msg, msglen);
	same = same && proc_cert_expected(pc, app, user_cert);
	if (same) {
		if (proc_chip_read(pc, route, pin, &chip, &ce) != PROC_OK) {
			if (ce.code == CARD_E_PIN_WRONG ||
			    ce.code == CARD_E_PIN_BLOCKED ||
			    ce.code == CARD_E_PIN_FORMAT) {
				proc_pin_fail(route, &ce, msg, msglen);
				return PROC_NEED_PIN;
			}
			return proc_card_fail(&ce, msg, msglen);
		}
		same = strcmp(chip.key, app->card_key) == 0;
		if (chip_expiry != NULL && chip.expiry[0] != '\0')
			snprintf(chip_expiry, 11, "%.4s-%.2s-%.2s", chip.expiry,
			    chip.expiry + 4, chip.expiry + 6);
		secure_wipe(&chip, sizeof(chip));
	}
	if (!same) {
		snprintf(msg, msglen, "読み取り機のカードは、この申請で確認した"
		    "カードではありません。カードには何も書き込んでいません。"
		    "確認したカードを置いてください。");
		log_warnx("application %lld: card in the reader is not the one "
		    "checked", (long long)app->id);
		store_audit(pc->st, pc->actor, "card.mismatch", app->request_id,
		    NULL);
		return PROC_CARD;
	}
	return PROC_OK;
}
