/*
 * The services a procedure needs, opened around the session's store: the
 * issuer (madoguchi-issuerd's socket: the counter never opens STATE/ca
 * itself) and the card-reader service's socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

static int
proc_ctx_open_with(struct proc_ctx *pc, struct store *st,
    const char *state_dir, const char *actor, int builtin, char *why,
    size_t whylen)
{
	struct card_error ce;
	char issuer_why[256], *sock;
	int rc = 0;

	memset(pc, 0, sizeof(*pc));
	pc->st = st;
	pc->actor = actor;
	pc->state_dir = state_dir;
	why[0] = '\0';
	pc->iss = builtin ? issuer_builtin_open(state_dir, issuer_why,
	    sizeof(issuer_why)) : issuer_client_open(state_dir, issuer_why,
	    sizeof(issuer_why));
	if (pc->iss == NULL && builtin) {
		snprintf(why, whylen, "発行機関に接続できません (%s)", issuer_why);
		rc = -1;
	} else if (pc->iss == NULL) {
		log_warnx("issuer: %s", issuer_why);
		snprintf(why, whylen, "発行機関 (madoguchi-issuerd) に接続できま"
		    "せん。管理者に連絡してください");
		rc = -1;
	}
	sock = state_path(state_dir, STATE_CARDD_SOCK);
	pc->card = card_client_open(sock, &ce);
	free(sock);
	if (pc->card == NULL) {
		size_t n = strlen(why);
		snprintf(why + n, whylen - n, "%sカード読み取りサービスに接続でき"
		    "ません (%s)", n > 0 ? "。" : "", card_error_ja(ce.code));
		rc = -1;
	}
	return rc;
}

int
proc_ctx_open(struct proc_ctx *pc, struct store *st, const char *state_dir,
    const char *actor, char *why, size_t whylen)
{
	return proc_ctx_open_with(pc, st, state_dir, actor, 0, why, whylen);
}

int
proc_ctx_open_builtin(struct proc_ctx *pc, struct store *st,
    const char *state_dir, const char *actor, char *why, size_t whylen)
{
	return proc_ctx_open_with(pc, st, state_dir, actor, 1, why, whylen);
}

void
proc_ctx_close(struct proc_ctx *pc)
{
	if (pc->iss != NULL)
		issuer_close(pc->iss);
	card_client_close(pc->card);
	pc->iss = NULL;
	pc->card = NULL;
}

int
proc_reader_pinpad(struct proc_ctx *pc)
{
	struct card_reader_info r[CARD_READERS_MAX];
	struct card_error ce;
	size_t n = 0, i;

	if (pc->card == NULL || card_readers(pc->card, NULL, CARD_WAIT_NONE,
	    0, r, &n, &ce) == -1)
		return 0;
	for (i = 0; i < n; i++)
		if (r[i].flags & CARD_READER_PRESENT)
			return (r[i].flags & CARD_READER_PINPAD_MOD) != 0;
	return 0;
}

enum proc_status
proc_claim(struct proc_ctx *pc, char *msg, size_t msglen)
{
	struct card_error ce;

	if (card_claim(pc->card, NULL, 5000, NULL, &ce) == 0)
		return PROC_OK;
	snprintf(msg, msglen, "%s", card_error_ja(ce.code));
	return PROC_CARD;
}

void
proc_release(struct proc_ctx *pc)
{
	struct card_error ce;

	if (pc->card != NULL && card_release(pc->card, &ce) == -1)
		log_warnx("card release: %s", card_error_name(ce.code));
}
