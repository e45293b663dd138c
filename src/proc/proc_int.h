/* Private to src/proc: the cert kinds table and shared helpers. */
#ifndef MADOGUCHI_PROC_INT_H
#define MADOGUCHI_PROC_INT_H

#include <stdarg.h>

#include "madoguchi/card.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"

struct store_app;
struct store_person;

/* One JPKI cert kind: its names in the store, the issuer and on the card. */
struct proc_kind {
	const char		*name;		/* "signature" | "user" */
	enum issuer_kind	 ikind;
	enum card_key		 key;
	enum card_cert_slot	 slot;
	enum card_pin		 pin;
	const char		*label;		/* 署名用電子証明書 */
};
extern const struct proc_kind proc_kind_table[];
extern const size_t proc_kind_count;

void proc_say(struct proc_ctx *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum proc_status proc_card_fail(const struct card_error *, char *, size_t);
enum proc_status proc_issuer_fail(struct proc_ctx *, enum issuer_status,
    char *, size_t);
enum proc_status proc_store_fail(struct proc_ctx *, char *, size_t);
int proc_has_word(const char *list, const char *word);

/* Revoke the person's other valid certs of kind k, now replaced by the
 * cert `keep` (renewal; reason superseded). */
enum proc_status proc_supersede(struct proc_ctx *, const struct store_app *,
    const struct store_person *, const struct proc_kind *, const char *keep,
    char *msg, size_t msglen);
/* R4-3.7: revoke valid signature certs, lock the user PIN, mark the card. */
enum proc_status proc_face_auth_switch(struct proc_ctx *,
    const struct store_app *, const struct store_person *, char *msg,
    size_t msglen);
struct store_cert;
/* The counter's row for a cert the issuer made for app's kind k. */
void proc_cert_row(const struct store_app *, const struct proc_kind *,
    const struct issuer_cert *, struct store_cert *out);
/* Revoke one cert at the issuer and in the store (idempotent by rid). */
enum proc_status proc_revoke(struct proc_ctx *, const char *rid,
    const char *serial, enum issuer_reason, char *msg, size_t msglen);

#endif
