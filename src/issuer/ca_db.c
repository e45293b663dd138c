/*
 * The built-in CA's own SQLite file (STATE/ca/ca.db, WAL, synchronous=FULL):
 * requests (the idempotency record), certs, their events, CRLs and the
 * disclosure/correction requests with their mailing. Nothing of the counter
 * database is here, and nothing of this file is in the counter database.
 * Callers hold the transaction (BEGIN IMMEDIATE .. COMMIT) around writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "ca.h"

static const char ca_db_schema[] =
"CREATE TABLE IF NOT EXISTS requests (\n"
"	request_id	TEXT PRIMARY KEY,\n"
"	op		INTEGER NOT NULL,\n"
"	params		TEXT NOT NULL,		-- SHA-256 of the parameters\n"
"	serial		TEXT,\n"
"	event_id	INTEGER,\n"
"	disclosure_id	INTEGER\n"
") STRICT;\n"
"CREATE TABLE IF NOT EXISTS certs (\n"
"	serial		TEXT PRIMARY KEY,	-- upper-case hex\n"
"	kind		INTEGER NOT NULL CHECK (kind IN (1, 2)),\n"
"	person_key	TEXT NOT NULL,\n"
"	state		INTEGER NOT NULL CHECK (state IN (0, 1, 2)),\n"
"	reason		INTEGER NOT NULL DEFAULT -1,\n"
"	issued_on	TEXT NOT NULL,\n"
"	not_before	TEXT NOT NULL,\n"
"	not_after	TEXT NOT NULL,\n"
"	changed_on	TEXT NOT NULL DEFAULT '',\n"
"	request_id	TEXT NOT NULL UNIQUE,\n"
"	spki_sha256	TEXT NOT NULL,\n"
"	der		BLOB NOT NULL\n"
") STRICT;\n"
"CREATE INDEX IF NOT EXISTS certs_person ON certs(person_key);\n"
"CREATE TABLE IF NOT EXISTS events (\n"
"	id		INTEGER PRIMARY KEY,\n"
"	serial		TEXT NOT NULL REFERENCES certs(serial),\n"
"	op		INTEGER NOT NULL,\n"
"	old_state	INTEGER NOT NULL,\n"
"	new_state	INTEGER NOT NULL,\n"
"	reason		INTEGER NOT NULL,\n"
"	date		TEXT NOT NULL,\n"
"	request_id	TEXT NOT NULL\n"
") STRICT;\n"
"CREATE INDEX IF NOT EXISTS events_serial ON events(serial);\n"
"CREATE TABLE IF NOT EXISTS crls (\n"
"	ca		INTEGER NOT NULL,\n"
"	number		INTEGER NOT NULL,\n"
"	this_update	INTEGER NOT NULL,\n"
"	next_update	INTEGER NOT NULL,\n"
"	der		BLOB NOT NULL,\n"
"	PRIMARY KEY (ca, number)\n"
") STRICT;\n"
"CREATE TABLE IF NOT EXISTS disclosures (\n"
"	id		INTEGER PRIMARY KEY,\n"
"	request_id	TEXT NOT NULL UNIQUE,\n"
"	kind		INTEGER NOT NULL CHECK (kind IN (1, 2)),\n"
"	person_key	TEXT NOT NULL,\n"
"	form		TEXT NOT NULL,\n"
"	received_on	TEXT NOT NULL,\n"
"	detail		TEXT,\n"
"	mail_state	INTEGER NOT NULL DEFAULT 0,\n"
"	tracking_no	TEXT NOT NULL DEFAULT '',\n"
"	mail_date	TEXT NOT NULL DEFAULT ''\n"
") STRICT;\n"
"CREATE TABLE IF NOT EXISTS mailings (\n"
"	id		INTEGER PRIMARY KEY,\n"
"	disclosure_id	INTEGER NOT NULL REFERENCES disclosures(id),\n"
"	state		INTEGER NOT NULL,\n"
"	tracking_no	TEXT NOT NULL,\n"
"	date		TEXT NOT NULL,\n"
"	request_id	TEXT NOT NULL\n"
") STRICT;\n";

int
ca_db_open(const char *path, sqlite3 **out, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path,
		    db != NULL ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(db, ca_db_schema, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, msg ? msg : "schema");
		sqlite3_free(msg);
		sqlite3_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int
ca_db_exec(struct ca *ca, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(ca->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_warnx("ca: %s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *
ca_db_prepare(struct ca *ca, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(ca->db, sql, -1, &st, NULL) != SQLITE_OK) {
		log_warnx("ca: prepare: %s", sqlite3_errmsg(ca->db));
		return NULL;
	}
	return st;
}

/* Step a write statement to completion; 0 or -1. */
static int
ca_db_done(struct ca *ca, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		log_warnx("ca: step: %s", sqlite3_errmsg(ca->db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
ca_db_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	strlcpy_m(out, t != NULL ? (const char *)t : "", size);
}

int
ca_db_request_get(struct ca *ca, const char *request_id, struct ca_req_row *r)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT op, params, serial, "
	    "event_id, disclosure_id FROM requests WHERE request_id = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, request_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->op = (enum issuer_op)sqlite3_column_int(st, 0);
		ca_db_text(st, 1, r->params, sizeof(r->params));
		ca_db_text(st, 2, r->serial, sizeof(r->serial));
		r->event_id = (long)sqlite3_column_int64(st, 3);
		r->disclosure_id = (long)sqlite3_column_int64(st, 4);
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int
ca_db_request_put(struct ca *ca, const char *request_id,
    const struct ca_req_row *r)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "INSERT INTO requests (request_id,"
	    " op, params, serial, event_id, disclosure_id) VALUES (?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, request_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)r->op);
	sqlite3_bind_text(st, 3, r->params, -1, SQLITE_STATIC);
	if (r->serial[0] != '\0')
		sqlite3_bind_text(st, 4, r->serial, -1, SQLITE_STATIC);
	if (r->event_id > 0)
		sqlite3_bind_int64(st, 5, r->event_id);
	if (r->disclosure_id > 0)
		sqlite3_bind_int64(st, 6, r->disclosure_id);
	return ca_db_done(ca, st);
}

int
ca_db_cert_insert(struct ca *ca, const struct issuer_cert *c,
    const char *spki_hash)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "INSERT INTO certs (serial, kind, "
	    "person_key, state, issued_on, not_before, not_after, request_id, "
	    "spki_sha256, der) VALUES (?,?,?,?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, c->serial, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)c->kind);
	sqlite3_bind_text(st, 3, c->person_key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)c->state);
	sqlite3_bind_text(st, 5, c->issued_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->not_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, c->not_after, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, c->request_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, spki_hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, c->der, (int)c->der_len, SQLITE_STATIC);
	return ca_db_done(ca, st);
}

#define CA_CERT_COLS "serial, kind, person_key, state, reason, issued_on, " \
	"not_before, not_after, changed_on, request_id, der"

static void
ca_db_cert_row(sqlite3_stmt *st, struct issuer_cert *c)
{
	const void *der;

	memset(c, 0, sizeof(*c));
	ca_db_text(st, 0, c->serial, sizeof(c->serial));
	c->kind = (enum issuer_kind)sqlite3_column_int(st, 1);
	ca_db_text(st, 2, c->person_key, sizeof(c->person_key));
	c->state = (enum issuer_state)sqlite3_column_int(st, 3);
	c->reason = (enum issuer_reason)sqlite3_column_int(st, 4);
	ca_db_text(st, 5, c->issued_on, sizeof(c->issued_on));
	ca_db_text(st, 6, c->not_before, sizeof(c->not_before));
	ca_db_text(st, 7, c->not_after, sizeof(c->not_after));
	ca_db_text(st, 8, c->changed_on, sizeof(c->changed_on));
	ca_db_text(st, 9, c->request_id, sizeof(c->request_id));
	c->der_len = (size_t)sqlite3_column_bytes(st, 10);
	der = sqlite3_column_blob(st, 10);
	c->der = xmalloc(c->der_len + 1);
	if (der != NULL)
		memcpy(c->der, der, c->der_len);
}

int
ca_db_cert_get(struct ca *ca, const char *serial, struct issuer_cert *out)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT " CA_CERT_COLS
	    " FROM certs WHERE serial = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ca_db_cert_row(st, out);
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int
ca_db_cert_set_state(struct ca *ca, const char *serial, enum issuer_state s,
    enum issuer_reason reason, const char *date)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "UPDATE certs SET state = ?, "
	    "reason = ?, changed_on = ? WHERE serial = ?");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)s);
	sqlite3_bind_int(st, 2, (int)reason);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, serial, -1, SQLITE_STATIC);
	return ca_db_done(ca, st);
}

long
ca_db_event_insert(struct ca *ca, const struct issuer_event *ev)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "INSERT INTO events (serial, op, "
	    "old_state, new_state, reason, date, request_id) "
	    "VALUES (?,?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ev->serial, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)ev->op);
	sqlite3_bind_int(st, 3, (int)ev->old_state);
	sqlite3_bind_int(st, 4, (int)ev->new_state);
	sqlite3_bind_int(st, 5, (int)ev->reason);
	sqlite3_bind_text(st, 6, ev->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, ev->request_id, -1, SQLITE_STATIC);
	if (ca_db_done(ca, st) == -1)
		return -1;
	return (long)sqlite3_last_insert_rowid(ca->db);
}

int
ca_db_events(struct ca *ca, const char *serial, struct issuer_event **out,
    size_t *n)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT id, serial, op, old_state,"
	    " new_state, reason, date, request_id FROM events WHERE serial = ?"
	    " ORDER BY id");
	struct issuer_event *ev = NULL;
	size_t cnt = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct issuer_event *e;

		ev = xreallocarray(ev, cnt + 1, sizeof(*ev));
		e = &ev[cnt++];
		memset(e, 0, sizeof(*e));
		e->id = (long)sqlite3_column_int64(st, 0);
		ca_db_text(st, 1, e->serial, sizeof(e->serial));
		e->op = (enum issuer_op)sqlite3_column_int(st, 2);
		e->old_state = (enum issuer_state)sqlite3_column_int(st, 3);
		e->new_state = (enum issuer_state)sqlite3_column_int(st, 4);
		e->reason = (enum issuer_reason)sqlite3_column_int(st, 5);
		ca_db_text(st, 6, e->date, sizeof(e->date));
		ca_db_text(st, 7, e->request_id, sizeof(e->request_id));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ev);
		return -1;
	}
	*out = ev;
	*n = cnt;
	return 0;
}

int
ca_db_certs_of(struct ca *ca, const char *person_key,
    struct issuer_cert **out, size_t *n)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT " CA_CERT_COLS
	    " FROM certs WHERE person_key = ? ORDER BY rowid");
	struct issuer_cert *v = NULL;
	size_t cnt = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, person_key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof(*v));
		ca_db_cert_row(st, &v[cnt++]);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		issuer_certs_free(v, cnt);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
ca_db_revoked(struct ca *ca, enum issuer_kind kind, struct ca_revoked **out,
    size_t *n)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT serial, reason, changed_on"
	    " FROM certs WHERE kind = ? AND state IN (1, 2) ORDER BY serial");
	struct ca_revoked *v = NULL;
	size_t cnt = 0;
	char date[11];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)kind);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, cnt + 1, sizeof(*v));
		ca_db_text(st, 0, v[cnt].serial, sizeof(v[cnt].serial));
		v[cnt].reason = (enum issuer_reason)sqlite3_column_int(st, 1);
		ca_db_text(st, 2, date, sizeof(date));
		v[cnt].when = ca_jst_day_start(date);
		cnt++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return -1;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int
ca_db_crl_latest(struct ca *ca, enum issuer_ca which, long *number,
    time_t *next_update, unsigned char **der, size_t *len)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT number, next_update, der "
	    "FROM crls WHERE ca = ? ORDER BY number DESC LIMIT 1");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)which);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*number = (long)sqlite3_column_int64(st, 0);
		*next_update = (time_t)sqlite3_column_int64(st, 1);
		if (der != NULL) {
			*len = (size_t)sqlite3_column_bytes(st, 2);
			*der = xmalloc(*len + 1);
			memcpy(*der, sqlite3_column_blob(st, 2), *len);
		}
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int
ca_db_crl_insert(struct ca *ca, enum issuer_ca which, long number,
    time_t this_update, time_t next_update, const unsigned char *der,
    size_t len)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "INSERT INTO crls (ca, number, "
	    "this_update, next_update, der) VALUES (?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)which);
	sqlite3_bind_int64(st, 2, number);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)this_update);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)next_update);
	sqlite3_bind_blob(st, 5, der, (int)len, SQLITE_STATIC);
	return ca_db_done(ca, st);
}

int
ca_db_disclosure_insert(struct ca *ca, const char *request_id,
    const struct issuer_disclosure *d, const char *detail, long *id)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "INSERT INTO disclosures "
	    "(request_id, kind, person_key, form, received_on, detail) "
	    "VALUES (?,?,?,?,?,?)");

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, request_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, (int)d->kind);
	sqlite3_bind_text(st, 3, d->person_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, d->form, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, d->received_on, -1, SQLITE_STATIC);
	if (detail != NULL)
		sqlite3_bind_text(st, 6, detail, -1, SQLITE_STATIC);
	if (ca_db_done(ca, st) == -1)
		return -1;
	*id = (long)sqlite3_last_insert_rowid(ca->db);
	return 0;
}

int
ca_db_disclosure_get(struct ca *ca, long id, struct issuer_disclosure *d)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "SELECT id, kind, person_key, "
	    "form, received_on, mail_state, tracking_no, mail_date "
	    "FROM disclosures WHERE id = ?");
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(d, 0, sizeof(*d));
		d->id = (long)sqlite3_column_int64(st, 0);
		d->kind = (enum issuer_request_kind)sqlite3_column_int(st, 1);
		ca_db_text(st, 2, d->person_key, sizeof(d->person_key));
		ca_db_text(st, 3, d->form, sizeof(d->form));
		ca_db_text(st, 4, d->received_on, sizeof(d->received_on));
		d->mail_state = (enum issuer_mail_state)sqlite3_column_int(st, 5);
		ca_db_text(st, 6, d->tracking_no, sizeof(d->tracking_no));
		ca_db_text(st, 7, d->mail_date, sizeof(d->mail_date));
		rc = 1;
	} else
		rc = rc == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

int
ca_db_disclosure_mail(struct ca *ca, const struct issuer_mail_req *m,
    const char *date)
{
	sqlite3_stmt *st = ca_db_prepare(ca, "UPDATE disclosures SET "
	    "mail_state = ?, tracking_no = ?, mail_date = ? WHERE id = ?");
	const char *tn = m->tracking_no != NULL ? m->tracking_no : "";

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, (int)m->state);
	sqlite3_bind_text(st, 2, tn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, m->disclosure_id);
	if (ca_db_done(ca, st) == -1)
		return -1;
	st = ca_db_prepare(ca, "INSERT INTO mailings (disclosure_id, state, "
	    "tracking_no, date, request_id) VALUES (?,?,?,?,?)");
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, m->disclosure_id);
	sqlite3_bind_int(st, 2, (int)m->state);
	sqlite3_bind_text(st, 3, tn, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, m->request_id, -1, SQLITE_STATIC);
	return ca_db_done(ca, st);
}
