/*
 * The store's codes and their Japanese labels as const tables, one per
 * kind, indexed by the kind's enum. tests/unit/test_vocab.c checks every
 * table against the CHECK lists of the database schema.
 */
#include <stddef.h>
#include <string.h>

#include "madoguchi/vocab.h"

struct vocab_row {
	const char	*name;
	const char	*label;
};

#define ROLE_LABEL_CLERK	"職員"
#define ROLE_LABEL_SUPERVISOR	"監督者"
#define ROLE_LABEL_ADMIN	"管理者"

static const struct vocab_row role_table[VOCAB_ROLE_COUNT] = {
	[VOCAB_ROLE_CLERK] = { "clerk", ROLE_LABEL_CLERK },
	[VOCAB_ROLE_SUPERVISOR] = { "supervisor", ROLE_LABEL_SUPERVISOR },
	[VOCAB_ROLE_ADMIN] = { "admin", ROLE_LABEL_ADMIN },
};

const char *const vocab_role_label_table[VOCAB_ROLE_COUNT + 1] = {
	[VOCAB_ROLE_CLERK] = ROLE_LABEL_CLERK,
	[VOCAB_ROLE_SUPERVISOR] = ROLE_LABEL_SUPERVISOR,
	[VOCAB_ROLE_ADMIN] = ROLE_LABEL_ADMIN,
	[VOCAB_ROLE_COUNT] = NULL,
};

static const struct vocab_row cert_state_table[VOCAB_CERT_STATE_COUNT] = {
	[VOCAB_CERT_VALID] = { "valid", "有効" },
	[VOCAB_CERT_ON_HOLD] = { "on_hold", "一時保留" },
	[VOCAB_CERT_REVOKED] = { "revoked", "失効" },
	[VOCAB_CERT_EXPIRED] = { "expired", "期限切れ" },
};

static const struct vocab_row app_state_table[VOCAB_APP_STATE_COUNT] = {
	[VOCAB_APP_DRAFT] = { "draft", "作成中" },
	[VOCAB_APP_WAITING_REPLY] = { "waiting_reply", "回答書待ち" },
	[VOCAB_APP_ACCEPTED] = { "accepted", "受付済み" },
	[VOCAB_APP_IN_PROGRESS] = { "in_progress", "処理中" },
	[VOCAB_APP_DONE] = { "done", "完了" },
	[VOCAB_APP_REJECTED] = { "rejected", "受付不可" },
	[VOCAB_APP_CANCELLED] = { "cancelled", "取消し" },
};

static const struct vocab_row card_state_table[VOCAB_CARD_STATE_COUNT] = {
	[VOCAB_CARD_ACTIVE] = { "active", "使用中" },
	[VOCAB_CARD_LOST] = { "lost", "紛失" },
	[VOCAB_CARD_RETURNED] = { "returned", "返納" },
	[VOCAB_CARD_ABOLISHED] = { "abolished", "廃止" },
};

static const struct {
	const struct vocab_row	*rows;
	int			 n;
} vocab_kind_table[VOCAB_KIND_COUNT] = {
	[VOCAB_ROLE] = { role_table, VOCAB_ROLE_COUNT },
	[VOCAB_CERT_STATE] = { cert_state_table, VOCAB_CERT_STATE_COUNT },
	[VOCAB_APP_STATE] = { app_state_table, VOCAB_APP_STATE_COUNT },
	[VOCAB_CARD_STATE] = { card_state_table, VOCAB_CARD_STATE_COUNT },
};

int
vocab_count(enum vocab_kind kind)
{
	return (unsigned)kind < VOCAB_KIND_COUNT ? vocab_kind_table[kind].n : 0;
}

static const struct vocab_row *
vocab_row(enum vocab_kind kind, int value)
{
	if (value < 0 || value >= vocab_count(kind))
		return NULL;
	return &vocab_kind_table[kind].rows[value];
}

const char *
vocab_name(enum vocab_kind kind, int value)
{
	const struct vocab_row *r = vocab_row(kind, value);

	return r != NULL ? r->name : NULL;
}

const char *
vocab_label(enum vocab_kind kind, int value)
{
	const struct vocab_row *r = vocab_row(kind, value);

	return r != NULL ? r->label : NULL;
}

int
vocab_parse(enum vocab_kind kind, const char *code)
{
	int i, n = vocab_count(kind);

	for (i = 0; code != NULL && i < n; i++)
		if (strcmp(vocab_kind_table[kind].rows[i].name, code) == 0)
			return i;
	return -1;
}

const char *
vocab_label_of(enum vocab_kind kind, const char *code)
{
	return vocab_label(kind, vocab_parse(kind, code));
}
