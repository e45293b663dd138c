/*
 * The issuer interface: calls that dispatch to the backend's ops, the name
 * tables of reasons, states, kinds and ops, and the pure helpers every
 * backend shares (validity end date, serial and id syntax).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/util.h"

/* RFC 5280 names, as `openssl crl -text` spells them in its own way. */
static const struct {
	enum issuer_reason	 reason;
	const char		*name;
} issuer_reason_table[] = {
	{ ISSUER_REASON_UNSPECIFIED, "unspecified" },
	{ ISSUER_REASON_KEY_COMPROMISE, "keyCompromise" },
	{ ISSUER_REASON_CA_COMPROMISE, "cACompromise" },
	{ ISSUER_REASON_AFFILIATION_CHANGED, "affiliationChanged" },
	{ ISSUER_REASON_SUPERSEDED, "superseded" },
	{ ISSUER_REASON_CESSATION_OF_OPERATION, "cessationOfOperation" },
	{ ISSUER_REASON_CERTIFICATE_HOLD, "certificateHold" },
	{ ISSUER_REASON_PRIVILEGE_WITHDRAWN, "privilegeWithdrawn" },
};

static const char *const issuer_state_table[] = {
	[ISSUER_STATE_VALID] = "valid",
	[ISSUER_STATE_ON_HOLD] = "on_hold",
	[ISSUER_STATE_REVOKED] = "revoked",
	[ISSUER_STATE_EXPIRED] = "expired",
};

static const char *const issuer_op_table[] = {
	[ISSUER_OP_ISSUE] = "issue",
	[ISSUER_OP_REVOKE] = "revoke",
	[ISSUER_OP_HOLD] = "hold",
	[ISSUER_OP_RELEASE] = "release",
	[ISSUER_OP_DISCLOSURE] = "disclosure",
	[ISSUER_OP_MAIL] = "mail",
};

static const char *const issuer_mail_table[] = {
	[ISSUER_MAIL_RECORDED] = "recorded",
	[ISSUER_MAIL_SENT] = "sent",
	[ISSUER_MAIL_DELIVERED] = "delivered",
	[ISSUER_MAIL_RETURNED] = "returned",
};

static const char *const issuer_status_table[] = {
	[ISSUER_OK] = "ok",
	[ISSUER_E_INVALID] = "invalid",
	[ISSUER_E_CONFLICT] = "conflict",
	[ISSUER_E_NOT_FOUND] = "not_found",
	[ISSUER_E_STATE] = "state",
	[ISSUER_E_FAILED] = "failed",
};

const char *
issuer_reason_name(enum issuer_reason r)
{
	size_t i;

	for (i = 0; i < nitems(issuer_reason_table); i++)
		if (issuer_reason_table[i].reason == r)
			return issuer_reason_table[i].name;
	return "none";
}

int
issuer_reason_parse(const char *s, enum issuer_reason *out)
{
	size_t i;

	for (i = 0; i < nitems(issuer_reason_table); i++)
		if (strcasecmp(s, issuer_reason_table[i].name) == 0) {
			*out = issuer_reason_table[i].reason;
			return 0;
		}
	return -1;
}

const char *
issuer_state_name(enum issuer_state s)
{
	if ((size_t)s < nitems(issuer_state_table))
		return issuer_state_table[s];
	return "?";
}

const char *
issuer_kind_name(enum issuer_kind k)
{
	return k == ISSUER_KIND_SIGNATURE ? "signature" :
	    k == ISSUER_KIND_USER ? "user" : "?";
}

int
issuer_kind_parse(const char *s, enum issuer_kind *out)
{
	if (strcmp(s, "signature") == 0)
		*out = ISSUER_KIND_SIGNATURE;
	else if (strcmp(s, "user") == 0)
		*out = ISSUER_KIND_USER;
	else
		return -1;
	return 0;
}

const char *
issuer_op_name(enum issuer_op op)
{
	if ((size_t)op < nitems(issuer_op_table) && issuer_op_table[op])
		return issuer_op_table[op];
	return "?";
}

const char *
issuer_mail_state_name(enum issuer_mail_state s)
{
	if ((size_t)s < nitems(issuer_mail_table))
		return issuer_mail_table[s];
	return "?";
}

const char *
issuer_status_name(enum issuer_status s)
{
	if ((size_t)s < nitems(issuer_status_table))
		return issuer_status_table[s];
	return "?";
}

int
issuer_serial_normalize(const char *s, char out[ISSUER_SERIAL_MAX])
{
	size_t n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	for (; *s != '\0'; s++) {
		if (*s == ':')
			continue;
		if (!isxdigit((unsigned char)*s))
			return -1;
		if (n == 0 && *s == '0')
			continue;
		if (n + 1 >= ISSUER_SERIAL_MAX)
			return -1;
		out[n++] = (char)toupper((unsigned char)*s);
	}
	if (n == 0)
		return -1;	/* serials are positive */
	out[n] = '\0';
	return 0;
}

int
issuer_id_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!isalnum((unsigned char)s[n]) && strchr("._:-", s[n]) == NULL)
			return 0;
	return n >= 1 && n < ISSUER_ID_MAX;
}

static int
issuer_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The birthday in year y: 29 February counts as 28 February in a common
 * year, so the cert never outlives the month of the nominal birthday. */
static struct era_date
issuer_birthday_in(const struct era_date *birth, int y)
{
	struct era_date b = { y, birth->m, birth->d };

	if (b.m == 2 && b.d == 29 && !issuer_is_leap(y))
		b.d = 28;
	return b;
}

static int
issuer_date_cmp(const struct era_date *a, const struct era_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

int
issuer_validity_end(const char *issue_date, const char *birth_date,
    const char *card_expiry, char not_after[11])
{
	struct era_date issued, birth, expiry, first, end;

	if (era_parse_iso(issue_date, &issued) == -1 ||
	    era_parse_iso(birth_date, &birth) == -1 ||
	    era_parse_iso(card_expiry, &expiry) == -1)
		return -1;
	if (issuer_date_cmp(&birth, &issued) > 0 ||
	    issuer_date_cmp(&expiry, &issued) < 0)
		return -1;
	/* The first birthday strictly after the issue date (発行の日後). */
	first = issuer_birthday_in(&birth, issued.y);
	if (issuer_date_cmp(&first, &issued) <= 0)
		first.y++;
	end = issuer_birthday_in(&birth, first.y + 4);
	if (issuer_date_cmp(&expiry, &end) < 0)
		end = expiry;
	era_format_iso(&end, not_after);
	return 0;
}

/* --- Dispatch ------------------------------------------------------------- */

void
issuer_close(struct issuer *iss)
{
	if (iss != NULL)
		iss->ops->close(iss);
}

const char *
issuer_error(const struct issuer *iss)
{
	return iss->error;
}

enum issuer_status
issuer_issue(struct issuer *iss, const struct issuer_issue_req *req,
    struct issuer_cert **out)
{
	iss->error[0] = '\0';
	return iss->ops->issue(iss, req, out);
}

static enum issuer_status
issuer_change(struct issuer *iss, enum issuer_op op, const char *request_id,
    const char *serial, enum issuer_reason reason, const char *date,
    struct issuer_cert **out)
{
	struct issuer_change_req req = { request_id, op, serial, reason, date };

	iss->error[0] = '\0';
	return iss->ops->change(iss, &req, out);
}

enum issuer_status
issuer_revoke(struct issuer *iss, const char *request_id, const char *serial,
    enum issuer_reason reason, const char *date, struct issuer_cert **out)
{
	return issuer_change(iss, ISSUER_OP_REVOKE, request_id, serial, reason,
	    date, out);
}

enum issuer_status
issuer_hold(struct issuer *iss, const char *request_id, const char *serial,
    const char *date, struct issuer_cert **out)
{
	return issuer_change(iss, ISSUER_OP_HOLD, request_id, serial,
	    ISSUER_REASON_CERTIFICATE_HOLD, date, out);
}

enum issuer_status
issuer_release(struct issuer *iss, const char *request_id, const char *serial,
    const char *date, struct issuer_cert **out)
{
	return issuer_change(iss, ISSUER_OP_RELEASE, request_id, serial,
	    ISSUER_REASON_NONE, date, out);
}

enum issuer_status
issuer_status_get(struct issuer *iss, const char *serial, const char *on,
    struct issuer_cert **out)
{
	iss->error[0] = '\0';
	return iss->ops->status(iss, serial, on, out);
}

enum issuer_status
issuer_history(struct issuer *iss, const char *serial,
    struct issuer_event **out, size_t *n)
{
	iss->error[0] = '\0';
	return iss->ops->history(iss, serial, out, n);
}

enum issuer_status
issuer_list(struct issuer *iss, const char *person_key, const char *on,
    struct issuer_cert **out, size_t *n)
{
	iss->error[0] = '\0';
	return iss->ops->list(iss, person_key, on, out, n);
}

enum issuer_status
issuer_crl(struct issuer *iss, enum issuer_ca ca, unsigned char **der,
    size_t *len)
{
	iss->error[0] = '\0';
	return iss->ops->crl(iss, ca, der, len);
}

enum issuer_status
issuer_find_by_request(struct issuer *iss, const char *request_id,
    struct issuer_request *out)
{
	iss->error[0] = '\0';
	return iss->ops->find_by_request(iss, request_id, out);
}

enum issuer_status
issuer_disclosure_record(struct issuer *iss,
    const struct issuer_disclosure_req *req, struct issuer_disclosure *out)
{
	iss->error[0] = '\0';
	return iss->ops->disclosure_record(iss, req, out);
}

enum issuer_status
issuer_disclosure_mail(struct issuer *iss, const struct issuer_mail_req *req,
    struct issuer_disclosure *out)
{
	iss->error[0] = '\0';
	return iss->ops->disclosure_mail(iss, req, out);
}

enum issuer_status
issuer_disclosure_get(struct issuer *iss, long id, struct issuer_disclosure *out)
{
	iss->error[0] = '\0';
	return iss->ops->disclosure_get(iss, id, out);
}

void
issuer_cert_free(struct issuer_cert *c)
{
	if (c == NULL)
		return;
	free(c->der);
	free(c);
}

void
issuer_certs_free(struct issuer_cert *c, size_t n)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < n; i++)
		free(c[i].der);
	free(c);
}
