/*
 * The store's vocabulary: the codes the database keeps for clerk roles and
 * for certificate, application and card states (the CHECK lists of
 * db/0001_init.sql), each with the Japanese label a clerk reads. One const
 * table per kind in src/vocab/vocab.c. Windows, registers, procedures and
 * certificate kinds are the rules core's (rules_window_label, ...).
 */
#ifndef MADOGUCHI_VOCAB_H
#define MADOGUCHI_VOCAB_H

enum vocab_kind {
	VOCAB_ROLE,		/* clerks.role */
	VOCAB_CERT_STATE,	/* certificates.state */
	VOCAB_APP_STATE,	/* applications.state */
	VOCAB_CARD_STATE,	/* cards.state */
	VOCAB_KIND_COUNT
};

/* Roles in rising order of what they may do. */
enum vocab_role {
	VOCAB_ROLE_CLERK, VOCAB_ROLE_SUPERVISOR, VOCAB_ROLE_ADMIN,
	VOCAB_ROLE_COUNT
};

enum vocab_cert_state {
	VOCAB_CERT_VALID, VOCAB_CERT_ON_HOLD, VOCAB_CERT_REVOKED,
	VOCAB_CERT_EXPIRED,
	VOCAB_CERT_STATE_COUNT
};

enum vocab_app_state {
	VOCAB_APP_DRAFT, VOCAB_APP_WAITING_REPLY, VOCAB_APP_ACCEPTED,
	VOCAB_APP_IN_PROGRESS, VOCAB_APP_DONE, VOCAB_APP_REJECTED,
	VOCAB_APP_CANCELLED,
	VOCAB_APP_STATE_COUNT
};

enum vocab_card_state {
	VOCAB_CARD_ACTIVE, VOCAB_CARD_LOST, VOCAB_CARD_RETURNED,
	VOCAB_CARD_ABOLISHED,
	VOCAB_CARD_STATE_COUNT
};

/* Number of values of a kind (its enum's _COUNT); 0 for an unknown kind. */
int vocab_count(enum vocab_kind kind);
/* The store's code ("on_hold") and the label (一時保留) of a value; NULL
 * when the kind or value is out of range. */
const char *vocab_name(enum vocab_kind kind, int value);
const char *vocab_label(enum vocab_kind kind, int value);
/* Code -> value; -1 for NULL or an unknown code. */
int vocab_parse(enum vocab_kind kind, const char *code);
/* Code -> label in one step; NULL for NULL or an unknown code. */
const char *vocab_label_of(enum vocab_kind kind, const char *code);

/* The roles' labels by enum vocab_role, NULL-terminated (a form's
 * choices). */
extern const char *const vocab_role_label_table[VOCAB_ROLE_COUNT + 1];

#endif
