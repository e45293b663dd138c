/*
 * Cards, certificates, applications and inquiry letters as the counter
 * records them. Their states move only along the transitions of the const
 * tables below; every move checks the row is still in the state the caller
 * saw, so two clerks cannot both act on one application.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "store_int.h"

struct transition {
	const char *from, *to;
};

static const struct transition store_cert_transitions_table[] = {
	{ "valid", "on_hold" }, { "valid", "revoked" }, { "valid", "expired" },
	{ "on_hold", "valid" }, { "on_hold", "revoked" },
};

static const struct transition store_app_transitions_table[] = {
	{ "draft", "waiting_reply" }, { "draft", "accepted" },
	{ "draft", "rejected" }, { "draft", "cancelled" },
	{ "waiting_reply", "accepted" }, { "waiting_reply", "cancelled" },
	{ "accepted", "in_progress" }, { "accepted", "done" },
	{ "accepted", "cancelled" },
	{ "in_progress", "done" }, { "in_progress", "accepted" },
	{ "in_progress", "cancelled" },
};

static const struct transition store_letter_transitions_table[] = {
	{ "created", "sent" }, { "sent", "returned" }, { "returned", "used" },
	{ "created", "void" }, { "sent", "void" }, { "returned", "void" },
};

static int
transition_ok(const struct transition *t, size_t n, const char *from,
    const char *to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].from, from) == 0 && strcmp(t[i].to, to) == 0)
			return 1;
	return 0;
}

int
store_cert_transition_ok(const char *state, const char *next)
{
	return transition_ok(store_cert_transitions_table,
	    nitems(store_cert_transitions_table), state, next);
}

int
store_app_transition_ok(const char *state, const char *next)
{
	return transition_ok(store_app_transitions_table,
	    nitems(store_app_transitions_table), state, next);
}

/* Step a prepared statement expected to return at most one row. */
int
store_row_one(struct store *st, sqlite3_stmt *stmt, void (*row)(sqlite3_stmt *,
    void *), void *out)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW) {
		row(stmt, out);
		rc = 0;
	} else
		rc = rc == SQLITE_DONE ? 1 : store_fail(st, "query");
	sqlite3_finalize(stmt);
	return rc;
}

int
store_row_done(struct store *st, sqlite3_stmt *stmt, const char *what)
{
	int rc = sqlite3_step(stmt);

	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : store_fail(st, what);
}

/* ---- cards ---- */

static void
card_row(sqlite3_stmt *stmt, void *out)
{
	struct store_card *c = out;

	c->id = sqlite3_column_int64(stmt, 0);
	c->person_id = sqlite3_column_int64(stmt, 1);
	store_col_text(stmt, 2, c->card_no, sizeof(c->card_no));
	c->face_auth = sqlite3_column_int(stmt, 3);
	store_col_text(stmt, 4, c->expires_on, sizeof(c->expires_on));
	store_col_text(stmt, 5, c->state, sizeof(c->state));
}

#define CARD_COLS "id, person_id, card_no, face_auth, expires_on, state"

int
store_card_by_no(struct store *st, const char *card_no, struct store_card *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CARD_COLS " FROM cards WHERE card_no = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, card_no, -1, SQLITE_STATIC);
	return store_row_one(st, stmt, card_row, out);
}

int
store_card_get(struct store *st, int64_t id, struct store_card *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CARD_COLS " FROM cards WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_row_one(st, stmt, card_row, out);
}

int
store_card_ensure(struct store *st, int64_t person_id, const char *card_no,
    const char *expires_on, struct store_card *out)
{
	sqlite3_stmt *stmt;
	int rc = store_card_by_no(st, card_no, out);

	if (rc != 1) {
		if (rc == 0 && out->person_id != person_id)
			return store_failf(st, "card %s belongs to another person",
			    card_no);
		return rc;
	}
	stmt = store_prepare(st, "INSERT INTO cards (person_id, card_no, "
	    "expires_on) VALUES (?1, ?2, ?3)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, person_id);
	sqlite3_bind_text(stmt, 2, card_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, expires_on, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "add card") == -1)
		return -1;
	return store_card_by_no(st, card_no, out) == 0 ? 0 : -1;
}

int
store_card_set_face_auth(struct store *st, int64_t card_id, int face_auth)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "UPDATE cards SET face_auth = ?2 WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, card_id);
	sqlite3_bind_int(stmt, 2, face_auth != 0);
	return store_row_done(st, stmt, "card face-auth");
}

int
store_card_set_expiry(struct store *st, int64_t card_id,
    const char *expires_on)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "UPDATE cards SET expires_on = ?2 WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, card_id);
	sqlite3_bind_text(stmt, 2, expires_on, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, "card expiry");
}

/* A listing: prepare a SELECT with one int64 parameter... */
sqlite3_stmt *
store_list_prepare(struct store *st, const char *sql, int64_t param)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);

	if (stmt != NULL)
		sqlite3_bind_int64(stmt, 1, param);
	return stmt;
}

/* ...and step it: 1 for a row, 0 at the end, -1 on error (finalized then). */
static int
list_next(struct store *st, sqlite3_stmt *stmt)
{
	int rc = sqlite3_step(stmt);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(st, "list");
}

/* Step a listing: fill buf with row() and call visit(buf, ctx) per row
 * until it returns nonzero. The number of rows visited, or -1. The
 * statement is finalized. */
int
store_rows_each(struct store *st, sqlite3_stmt *stmt,
    void (*row)(sqlite3_stmt *, void *), void *buf,
    int (*visit)(const void *, void *), void *ctx)
{
	int rc, n = 0;

	if (stmt == NULL)
		return -1;
	while ((rc = list_next(st, stmt)) == 1) {
		row(stmt, buf);
		n++;
		if (visit(buf, ctx) != 0)
			break;
	}
	sqlite3_finalize(stmt);
	return rc == -1 ? -1 : n;
}

/* The typed callbacks of the public listings, behind rows_each. */
struct card_visit {
	int	(*cb)(const struct store_card *, void *);
	void	*arg;
};

static int
card_visit_cb(const void *row, void *ctx)
{
	const struct card_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_card_foreach(struct store *st, int64_t person_id,
    int (*cb)(const struct store_card *, void *), void *arg)
{
	struct card_visit v = { cb, arg };
	struct store_card c;

	return store_rows_each(st, store_list_prepare(st, "SELECT " CARD_COLS " FROM cards "
	    "WHERE person_id = ?1 ORDER BY id", person_id), card_row, &c,
	    card_visit_cb, &v);
}

/* ---- certificates ---- */

#define CERT_COLS "id, ifnull(card_id, 0), person_id, kind, serial, state, " \
	"not_before, not_after, ifnull(application_id, 0), " \
	"ifnull(revoked_reason, '')"

static void
cert_row(sqlite3_stmt *stmt, void *out)
{
	struct store_cert *c = out;

	c->id = sqlite3_column_int64(stmt, 0);
	c->card_id = sqlite3_column_int64(stmt, 1);
	c->person_id = sqlite3_column_int64(stmt, 2);
	store_col_text(stmt, 3, c->kind, sizeof(c->kind));
	store_col_text(stmt, 4, c->serial, sizeof(c->serial));
	store_col_text(stmt, 5, c->state, sizeof(c->state));
	store_col_text(stmt, 6, c->not_before, sizeof(c->not_before));
	store_col_text(stmt, 7, c->not_after, sizeof(c->not_after));
	c->application_id = sqlite3_column_int64(stmt, 8);
	store_col_text(stmt, 9, c->revoked_reason, sizeof(c->revoked_reason));
}

int
store_cert_by_serial(struct store *st, const char *serial,
    struct store_cert *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " CERT_COLS " FROM certificates WHERE serial = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, serial, -1, SQLITE_STATIC);
	return store_row_one(st, stmt, cert_row, out);
}

int
store_cert_record(struct store *st, const struct store_cert *c)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO certificates "
	    "(card_id, person_id, kind, serial, state, not_before, not_after, "
	    "application_id) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, "
	    "nullif(?8, 0)) ON CONFLICT (serial) DO NOTHING");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, c->card_id);
	sqlite3_bind_int64(stmt, 2, c->person_id);
	sqlite3_bind_text(stmt, 3, c->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c->serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, c->state[0] != '\0' ? c->state : "valid",
	    -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, c->not_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, c->not_after, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, c->application_id);
	return store_row_done(st, stmt, "record cert");
}

int
store_cert_set_state(struct store *st, const char *serial, const char *state,
    const char *reason)
{
	struct store_cert c;
	sqlite3_stmt *stmt;
	int rc = store_cert_by_serial(st, serial, &c);

	if (rc != 0)
		return rc == 1 ? store_failf(st, "no certificate %s", serial) : -1;
	if (strcmp(c.state, state) == 0)
		return 0;	/* already there: a retried step */
	if (!store_cert_transition_ok(c.state, state))
		return store_failf(st, "certificate %s: %s -> %s not allowed",
		    serial, c.state, state);
	stmt = store_prepare(st, "UPDATE certificates SET state = ?2, "
	    "revoked_reason = ?3 WHERE serial = ?1 AND state = ?4");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c.state, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "cert state") == -1)
		return -1;
	log_info("certificate %s: %s -> %s", serial, c.state, state);
	return 0;
}

struct cert_visit {
	int	(*cb)(const struct store_cert *, void *);
	void	*arg;
};

static int
cert_visit_cb(const void *row, void *ctx)
{
	const struct cert_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_cert_foreach(struct store *st, int64_t person_id,
    int (*cb)(const struct store_cert *, void *), void *arg)
{
	struct cert_visit v = { cb, arg };
	struct store_cert c;

	return store_rows_each(st, store_list_prepare(st, "SELECT " CERT_COLS " FROM "
	    "certificates WHERE person_id = ?1 ORDER BY id", person_id),
	    cert_row, &c, cert_visit_cb, &v);
}

int
store_cert_foreach_all(struct store *st,
    int (*cb)(const struct store_cert *, void *), void *arg)
{
	struct cert_visit v = { cb, arg };
	struct store_cert c;

	return store_rows_each(st, store_list_prepare(st, "SELECT " CERT_COLS " FROM "
	    "certificates WHERE ?1 = 0 ORDER BY id", 0), cert_row, &c,
	    cert_visit_cb, &v);
}

int
store_cert_set_reason(struct store *st, const char *serial, const char *reason)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE certificates SET "
	    "revoked_reason = ?2 WHERE serial = ?1 AND state IN ('revoked', "
	    "'on_hold')");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, reason, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "cert reason") == -1)
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return store_failf(st, "certificate %s is not revoked or on hold",
		    serial);
	log_info("certificate %s: reason %s", serial, reason);
	return 0;
}

static void
cert_dup_row(sqlite3_stmt *stmt, void *out)
{
	struct store_cert_dup *d = out;

	store_col_text(stmt, 0, d->atena_no, sizeof(d->atena_no));
	store_col_text(stmt, 1, d->kind, sizeof(d->kind));
	d->count = sqlite3_column_int(stmt, 2);
	store_col_text(stmt, 3, d->serials, sizeof(d->serials));
}

struct cert_dup_visit {
	int	(*cb)(const struct store_cert_dup *, void *);
	void	*arg;
};

static int
cert_dup_visit_cb(const void *row, void *ctx)
{
	const struct cert_dup_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_cert_dup_foreach(struct store *st,
    int (*cb)(const struct store_cert_dup *, void *), void *arg)
{
	struct cert_dup_visit v = { cb, arg };
	struct store_cert_dup d;

	/* The inner ORDER BY gives group_concat the serials oldest first. */
	return store_rows_each(st, store_list_prepare(st, "SELECT p.atena_no, c.kind, "
	    "count(*), group_concat(c.serial, ' ') FROM (SELECT person_id, "
	    "kind, serial FROM certificates WHERE state = 'valid' AND ?1 = 0 "
	    "ORDER BY id) c JOIN persons p ON p.id = c.person_id "
	    "GROUP BY c.person_id, c.kind HAVING count(*) > 1 "
	    "ORDER BY p.atena_no, c.kind", 0), cert_dup_row, &d,
	    cert_dup_visit_cb, &v);
}

/* ---- applications ---- */

#define APP_COLS "id, request_id, person_id, procedure, register, form, " \
	"window, ifnull(via_ground, ''), filer, case_json, decision, rules, " \
	"ifnull(pin_set_by, ''), state, clerk_id, ifnull(accepted_at, ''), " \
	"ifnull(keep_until, ''), created_at, issue_certs, revoke_certs, " \
	"face_auth_switch, ifnull(card_id, 0), card_route, card_key, card_cert"

static void
app_row(sqlite3_stmt *stmt, void *out)
{
	struct store_app *a = out;

	a->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, a->request_id, sizeof(a->request_id));
	a->person_id = sqlite3_column_int64(stmt, 2);
	store_col_text(stmt, 3, a->procedure, sizeof(a->procedure));
	store_col_text(stmt, 4, a->register_, sizeof(a->register_));
	store_col_text(stmt, 5, a->form, sizeof(a->form));
	store_col_text(stmt, 6, a->window, sizeof(a->window));
	store_col_text(stmt, 7, a->via_ground, sizeof(a->via_ground));
	store_col_text(stmt, 8, a->filer, sizeof(a->filer));
	store_col_text(stmt, 9, a->case_json, sizeof(a->case_json));
	store_col_text(stmt, 10, a->decision, sizeof(a->decision));
	store_col_text(stmt, 11, a->rules, sizeof(a->rules));
	store_col_text(stmt, 12, a->pin_set_by, sizeof(a->pin_set_by));
	store_col_text(stmt, 13, a->state, sizeof(a->state));
	a->clerk_id = sqlite3_column_int64(stmt, 14);
	store_col_text(stmt, 15, a->accepted_at, sizeof(a->accepted_at));
	store_col_text(stmt, 16, a->keep_until, sizeof(a->keep_until));
	store_col_text(stmt, 17, a->created_at, sizeof(a->created_at));
	store_col_text(stmt, 18, a->issue_certs, sizeof(a->issue_certs));
	store_col_text(stmt, 19, a->revoke_certs, sizeof(a->revoke_certs));
	a->face_auth_switch = sqlite3_column_int(stmt, 20);
	a->card_id = sqlite3_column_int64(stmt, 21);
	store_col_text(stmt, 22, a->card_route, sizeof(a->card_route));
	store_col_text(stmt, 23, a->card_key, sizeof(a->card_key));
	store_col_text(stmt, 24, a->card_cert, sizeof(a->card_cert));
}

static void
random_hex(char *buf, size_t bytes)
{
	unsigned char r[32];
	size_t i;

	if (bytes > sizeof(r) || getrandom(r, bytes, 0) != (ssize_t)bytes)
		fatal("%s: getrandom", __func__);
	for (i = 0; i < bytes; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
}

int
store_app_create(struct store *st, struct store_app *a)
{
	sqlite3_stmt *stmt;
	char now[21];

	if (a->request_id[0] == '\0')
		random_hex(a->request_id, 16);
	store_timestamp(now);
	/* Numbered above every number given before, a purged one too
	 * (db/0008). */
	stmt = store_prepare(st, "INSERT INTO applications (id, request_id, "
	    "person_id, procedure, register, form, window, via_ground, filer, "
	    "case_json, decision, rules, pin_set_by, state, clerk_id, "
	    "accepted_at, keep_until, created_at, issue_certs, revoke_certs, "
	    "face_auth_switch, card_id) VALUES (max(ifnull((SELECT max(id) "
	    "FROM applications), 0), ifnull((SELECT last_id FROM "
	    "app_number_floor), 0)) + 1, ?1, ?2, ?3, ?4, ?5, "
	    "?6, nullif(?7, ''), ?8, ?9, ?10, ?11, nullif(?12, ''), ?13, ?14, "
	    "CASE WHEN ?13 = 'accepted' THEN ?15 END, nullif(?16, ''), ?15, "
	    "?17, ?18, ?19, nullif(?20, 0))");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, a->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, a->person_id);
	sqlite3_bind_text(stmt, 3, a->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->register_, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, a->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, a->window, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, a->via_ground, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, a->filer, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, a->case_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 10, a->decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 11, a->rules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 12, a->pin_set_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 13, a->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 14, a->clerk_id);
	sqlite3_bind_text(stmt, 15, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 16, a->keep_until, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 17, a->issue_certs, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 18, a->revoke_certs, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 19, a->face_auth_switch != 0);
	sqlite3_bind_int64(stmt, 20, a->card_id);
	if (store_row_done(st, stmt, "add application") == -1)
		return -1;
	a->id = sqlite3_last_insert_rowid(st->db);
	strlcpy_m(a->created_at, now, sizeof(a->created_at));
	return 0;
}

int
store_app_get(struct store *st, int64_t id, struct store_app *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT " APP_COLS " FROM applications WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	return store_row_one(st, stmt, app_row, out);
}

int
store_app_set_state(struct store *st, int64_t id, const char *from,
    const char *to)
{
	sqlite3_stmt *stmt;
	char now[21];

	if (!store_app_transition_ok(from, to))
		return store_failf(st, "application %lld: %s -> %s not allowed",
		    (long long)id, from, to);
	store_timestamp(now);
	stmt = store_prepare(st, "UPDATE applications SET state = ?3, "
	    "accepted_at = CASE WHEN ?3 = 'accepted' AND accepted_at IS NULL "
	    "THEN ?4 ELSE accepted_at END WHERE id = ?1 AND state = ?2");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "application state") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "application %lld is no longer %s",
		    (long long)id, from);
	log_info("application %lld: %s -> %s", (long long)id, from, to);
	return 0;
}

struct app_visit {
	int	(*cb)(const struct store_app *, void *);
	void	*arg;
};

static int
app_visit_cb(const void *row, void *ctx)
{
	const struct app_visit *v = ctx;

	return v->cb(row, v->arg);
}

/* Call cb for each application the SELECT (with ?1 bound to param)
 * returns. */
static int
app_list(struct store *st, const char *sql, int64_t param,
    int (*cb)(const struct store_app *, void *), void *arg)
{
	struct app_visit v = { cb, arg };
	struct store_app *a = xmalloc(sizeof(*a));
	int n;

	n = store_rows_each(st, store_list_prepare(st, sql, param), app_row, a,
	    app_visit_cb, &v);
	free(a);
	return n;
}

int
store_app_foreach(struct store *st, int64_t person_id,
    int (*cb)(const struct store_app *, void *), void *arg)
{
	return app_list(st, "SELECT " APP_COLS " FROM applications WHERE "
	    "person_id = ?1 ORDER BY id DESC", person_id, cb, arg);
}

int
store_app_update_decision(struct store *st, const struct store_app *a)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE applications SET "
	    "case_json = ?3, decision = ?4, rules = ?5, form = ?6, pin_set_by = "
	    "nullif(?7, ''), issue_certs = ?8, revoke_certs = ?9, "
	    "face_auth_switch = ?10, keep_until = nullif(?11, '') "
	    "WHERE id = ?1 AND state = ?2");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, a->id);
	sqlite3_bind_text(stmt, 2, a->state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, a->case_json, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, a->decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, a->rules, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 6, a->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, a->pin_set_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 8, a->issue_certs, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 9, a->revoke_certs, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 10, a->face_auth_switch != 0);
	sqlite3_bind_text(stmt, 11, a->keep_until, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "application decision") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "application %lld is no longer %s",
		    (long long)a->id, a->state);
	return 0;
}

int
store_app_set_card(struct store *st, int64_t id, int64_t card_id)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "UPDATE applications SET card_id = ?2 WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, card_id);
	return store_row_done(st, stmt, "application card");
}

int
store_app_bind_card(struct store *st, int64_t id, int64_t card_id,
    const char *route, const char *key, const char *cert)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE applications SET "
	    "card_id = nullif(?2, 0), card_route = ?3, card_key = ?4, "
	    "card_cert = ?5 WHERE id = ?1");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_int64(stmt, 2, card_id);
	sqlite3_bind_text(stmt, 3, route, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, cert, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "application card binding") == -1)
		return -1;
	return sqlite3_changes(st->db) == 1 ? 0 :
	    store_failf(st, "no application %lld", (long long)id);
}

int
store_app_text_set(struct store *st, int64_t app_id, const char *text)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO app_request_texts "
	    "(application_id, text) VALUES (?1, ?2)");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, "request text");
}

struct text_out {
	char	*buf;
	size_t	 size;
};

static void
text_row(sqlite3_stmt *stmt, void *arg)
{
	struct text_out *t = arg;

	store_col_text(stmt, 0, t->buf, t->size);
}

int
store_app_text_get(struct store *st, int64_t app_id, char *buf, size_t size)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT text FROM "
	    "app_request_texts WHERE application_id = ?1");
	struct text_out t = { buf, size };

	buf[0] = '\0';
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	return store_row_one(st, stmt, text_row, &t);
}

int64_t
store_app_pending_on_card(struct store *st, int64_t card_id,
    int64_t except_id)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT id FROM applications "
	    "WHERE card_id = ?1 AND id != ?2 AND state IN ('accepted', "
	    "'in_progress') ORDER BY state = 'in_progress' DESC, id LIMIT 1");
	int64_t id = 0;
	int rc;

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, card_id);
	sqlite3_bind_int64(stmt, 2, except_id);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(stmt, 0);
	else if (rc != SQLITE_DONE)
		id = store_fail(st, "in progress");
	sqlite3_finalize(stmt);
	return id;
}

int
store_app_foreach_in_progress(struct store *st,
    int (*cb)(const struct store_app *, void *), void *arg)
{
	return app_list(st, "SELECT " APP_COLS " FROM applications WHERE "
	    "state = 'in_progress' AND ?1 = 0 ORDER BY id", 0, cb, arg);
}

/* ---- issuance steps ---- */

static void
step_row(sqlite3_stmt *stmt, void *out)
{
	struct store_step *s = out;
	int n = sqlite3_column_bytes(stmt, 4);

	s->application_id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, s->kind, sizeof(s->kind));
	s->attempt = sqlite3_column_int(stmt, 2);
	store_col_text(stmt, 3, s->step, sizeof(s->step));
	s->spki_len = 0;
	if (n > 0 && (size_t)n <= sizeof(s->spki)) {
		memcpy(s->spki, sqlite3_column_blob(stmt, 4), n);
		s->spki_len = n;
	}
	store_col_text(stmt, 5, s->serial, sizeof(s->serial));
}

int
store_step_get(struct store *st, int64_t app_id, const char *kind,
    struct store_step *out)
{
	sqlite3_stmt *stmt = store_prepare(st, "SELECT application_id, kind, "
	    "attempt, step, spki, ifnull(serial, '') FROM issuance_steps "
	    "WHERE application_id = ?1 AND kind = ?2");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	sqlite3_bind_text(stmt, 2, kind, -1, SQLITE_STATIC);
	return store_row_one(st, stmt, step_row, out);
}

int
store_step_put(struct store *st, const struct store_step *s)
{
	sqlite3_stmt *stmt;
	char now[21];

	store_timestamp(now);
	stmt = store_prepare(st, "INSERT OR REPLACE INTO issuance_steps "
	    "(application_id, kind, attempt, step, spki, serial, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), ?7)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, s->application_id);
	sqlite3_bind_text(stmt, 2, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, s->attempt);
	sqlite3_bind_text(stmt, 4, s->step, -1, SQLITE_STATIC);
	if (s->spki_len > 0)
		sqlite3_bind_blob(stmt, 5, s->spki, (int)s->spki_len,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 5);
	sqlite3_bind_text(stmt, 6, s->serial, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, now, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "issuance step") == -1)
		return -1;
	log_info("application %lld %s: step %s (attempt %d)",
	    (long long)s->application_id, s->kind, s->step, s->attempt);
	return 0;
}

/* ---- inquiry letters ---- */

#define LETTER_COLS "id, ref_no, application_id, form, state, created_at, " \
	"ifnull(sent_at, ''), ifnull(returned_at, ''), ifnull(used_at, '')"

static void
letter_row(sqlite3_stmt *stmt, void *out)
{
	struct store_letter *l = out;

	l->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, l->ref_no, sizeof(l->ref_no));
	l->application_id = sqlite3_column_int64(stmt, 2);
	store_col_text(stmt, 3, l->form, sizeof(l->form));
	store_col_text(stmt, 4, l->state, sizeof(l->state));
	store_col_text(stmt, 5, l->created_at, sizeof(l->created_at));
	store_col_text(stmt, 6, l->sent_at, sizeof(l->sent_at));
	store_col_text(stmt, 7, l->returned_at, sizeof(l->returned_at));
	store_col_text(stmt, 8, l->used_at, sizeof(l->used_at));
}

/* "NNNN-NNNNN": eight random digits and a check digit, so a mistyped
 * number is caught before it is looked up. */
static void
letter_ref(char buf[16])
{
	unsigned char r[8];
	int i, sum = 0, d[9];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		fatal("%s: getrandom", __func__);
	for (i = 0; i < 8; i++) {
		d[i] = r[i] % 10;
		sum += d[i] * (i % 2 == 0 ? 3 : 1);
	}
	d[8] = (10 - sum % 10) % 10;
	snprintf(buf, 16, "%d%d%d%d-%d%d%d%d%d", d[0], d[1], d[2], d[3], d[4],
	    d[5], d[6], d[7], d[8]);
}

int
store_letter_create(struct store *st, int64_t application_id,
    const char *form, struct store_letter *out)
{
	char ref[16], now[21];
	int tries;

	store_timestamp(now);
	for (tries = 0; tries < 5; tries++) {
		sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO "
		    "inquiry_letters (ref_no, application_id, form, state, "
		    "created_at) VALUES (?1, ?2, ?3, 'created', ?4)");
		int rc;

		if (stmt == NULL)
			return -1;
		letter_ref(ref);
		sqlite3_bind_text(stmt, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 2, application_id);
		sqlite3_bind_text(stmt, 3, form, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt);
		sqlite3_finalize(stmt);
		if (rc == SQLITE_DONE)
			return store_letter_by_ref(st, ref, out) == 0 ? 0 : -1;
		if (rc != SQLITE_CONSTRAINT || sqlite3_extended_errcode(st->db)
		    != SQLITE_CONSTRAINT_UNIQUE)
			return store_fail(st, "add letter");
	}
	return store_failf(st, "no free reference number");
}

/* Accepts the number with or without its hyphen and with full-width
 * digits folded by the caller; the check digit is verified first. */
int
store_letter_by_ref(struct store *st, const char *ref_no,
    struct store_letter *out)
{
	char digits[10], norm[16];
	sqlite3_stmt *stmt;
	int i, n = 0, sum = 0;

	for (i = 0; ref_no[i] != '\0'; i++) {
		if (ref_no[i] >= '0' && ref_no[i] <= '9') {
			if (n == 9)
				return 1;
			digits[n++] = ref_no[i];
		} else if (ref_no[i] != '-' && ref_no[i] != ' ')
			return 1;
	}
	if (n != 9)
		return 1;
	for (i = 0; i < 8; i++)
		sum += (digits[i] - '0') * (i % 2 == 0 ? 3 : 1);
	if ((10 - sum % 10) % 10 != digits[8] - '0')
		return 1;
	snprintf(norm, sizeof(norm), "%.4s-%.5s", digits, digits + 4);
	stmt = store_prepare(st,
	    "SELECT " LETTER_COLS " FROM inquiry_letters WHERE ref_no = ?1");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, norm, -1, SQLITE_STATIC);
	return store_row_one(st, stmt, letter_row, out);
}

struct letter_visit {
	int	(*cb)(const struct store_letter *, void *);
	void	*arg;
};

static int
letter_visit_cb(const void *row, void *ctx)
{
	const struct letter_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_letter_foreach_app(struct store *st, int64_t app_id,
    int (*cb)(const struct store_letter *, void *), void *arg)
{
	struct letter_visit v = { cb, arg };
	struct store_letter l;

	return store_rows_each(st, store_list_prepare(st, "SELECT " LETTER_COLS " FROM "
	    "inquiry_letters WHERE application_id = ?1 ORDER BY id", app_id),
	    letter_row, &l, letter_visit_cb, &v);
}

int
store_letter_set_state(struct store *st, const char *ref_no, const char *to)
{
	struct store_letter l;
	sqlite3_stmt *stmt;
	char now[21];
	int rc = store_letter_by_ref(st, ref_no, &l);

	if (rc != 0)
		return rc == 1 ? store_failf(st, "no letter %s", ref_no) : -1;
	if (!transition_ok(store_letter_transitions_table,
	    nitems(store_letter_transitions_table), l.state, to))
		return store_failf(st, "letter %s: %s -> %s not allowed",
		    l.ref_no, l.state, to);
	store_timestamp(now);
	stmt = store_prepare(st, "UPDATE inquiry_letters SET state = ?2, "
	    "sent_at = CASE WHEN ?2 = 'sent' THEN ?4 ELSE sent_at END, "
	    "returned_at = CASE WHEN ?2 = 'returned' THEN ?4 ELSE returned_at END, "
	    "used_at = CASE WHEN ?2 = 'used' THEN ?4 ELSE used_at END "
	    "WHERE ref_no = ?1 AND state = ?3");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, l.ref_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, l.state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "letter state") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "letter %s changed meanwhile", l.ref_no);
	return 0;
}
