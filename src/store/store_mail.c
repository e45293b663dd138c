/*
 * The mailings of request forms to J-LIS (mailings, mailing_items;
 * db/0006_mailings.sql). A mailing moves along store_mailing_transitions_
 * table, each move stamped; its items name the applications' send_to_jlis
 * steps it carries. The unique index on live items is what keeps an
 * application out of two mailings at once; a returned mailing lets its
 * items go.
 */
#include <stdlib.h>
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

static const struct {
	const char	*from, *to;
	const char	*stamp;		/* the column the move stamps */
} store_mailing_transitions_table[] = {
	{ "draft", "printed", "printed_at" },
	{ "printed", "posted", "posted_at" },
	{ "posted", "delivered", "closed_at" },
	{ "posted", "returned", "closed_at" },
};

#define MAILING_COLS "m.id, m.created_at, m.created_by, m.state, " \
	"ifnull(m.tracking_no, ''), ifnull(m.printed_at, ''), " \
	"ifnull(m.posted_at, ''), ifnull(m.closed_at, ''), (SELECT count(*) " \
	"FROM mailing_items i WHERE i.mailing_id = m.id)"

static void
mailing_row(sqlite3_stmt *stmt, void *out)
{
	struct store_mailing *m = out;

	m->id = sqlite3_column_int64(stmt, 0);
	store_col_text(stmt, 1, m->created_at, sizeof(m->created_at));
	m->created_by = sqlite3_column_int64(stmt, 2);
	store_col_text(stmt, 3, m->state, sizeof(m->state));
	store_col_text(stmt, 4, m->tracking_no, sizeof(m->tracking_no));
	store_col_text(stmt, 5, m->printed_at, sizeof(m->printed_at));
	store_col_text(stmt, 6, m->posted_at, sizeof(m->posted_at));
	store_col_text(stmt, 7, m->closed_at, sizeof(m->closed_at));
	m->n_items = sqlite3_column_int(stmt, 8);
}

/* An item (or an awaiting step: mailing 0) joined with its application. */
#define ITEM_COLS "e.application_id, e.seq, e.state, a.procedure, a.form, " \
	"ifnull(a.accepted_at, a.created_at), a.state"

static void
item_row(sqlite3_stmt *stmt, void *out)
{
	struct store_mail_item *it = out;

	it->application_id = sqlite3_column_int64(stmt, 0);
	it->seq = sqlite3_column_int(stmt, 1);
	store_col_text(stmt, 2, it->step_state, sizeof(it->step_state));
	store_col_text(stmt, 3, it->procedure, sizeof(it->procedure));
	store_col_text(stmt, 4, it->form, sizeof(it->form));
	store_col_text(stmt, 5, it->accepted_at, sizeof(it->accepted_at));
	store_col_text(stmt, 6, it->app_state, sizeof(it->app_state));
	it->mailing_id = sqlite3_column_int64(stmt, 7);
	it->live = sqlite3_column_int(stmt, 8);
}

int
store_mailing_transition_ok(const char *state, const char *next)
{
	size_t i;

	for (i = 0; i < nitems(store_mailing_transitions_table); i++)
		if (strcmp(store_mailing_transitions_table[i].from, state) == 0 &&
		    strcmp(store_mailing_transitions_table[i].to, next) == 0)
			return 1;
	return 0;
}

int
store_mailing_create(struct store *st, int64_t clerk_id,
    struct store_mailing *out)
{
	sqlite3_stmt *stmt;

	memset(out, 0, sizeof(*out));
	store_timestamp(out->created_at);
	out->created_by = clerk_id;
	strlcpy_m(out->state, "draft", sizeof(out->state));
	stmt = store_prepare(st, "INSERT INTO mailings (created_at, created_by) "
	    "VALUES (?1, ?2)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_text(stmt, 1, out->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, clerk_id);
	if (store_row_done(st, stmt, "add mailing") == -1)
		return -1;
	out->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_mailing_add(struct store *st, int64_t mailing_id, int64_t app_id,
    int seq)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO mailing_items "
	    "(mailing_id, application_id, seq) VALUES (?1, ?2, ?3)");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, mailing_id);
	sqlite3_bind_int64(stmt, 2, app_id);
	sqlite3_bind_int(stmt, 3, seq);
	return store_row_done(st, stmt, "add mailing item");
}

int
store_mailing_get(struct store *st, int64_t id, struct store_mailing *out)
{
	return store_row_one(st, store_list_prepare(st, "SELECT " MAILING_COLS
	    " FROM mailings m WHERE m.id = ?1", id), mailing_row, out);
}

static const char *
mailing_stamp(const char *from, const char *to)
{
	size_t i;

	for (i = 0; i < nitems(store_mailing_transitions_table); i++)
		if (strcmp(store_mailing_transitions_table[i].from, from) == 0 &&
		    strcmp(store_mailing_transitions_table[i].to, to) == 0)
			return store_mailing_transitions_table[i].stamp;
	return NULL;
}

int
store_mailing_set_state(struct store *st, int64_t id, const char *from,
    const char *to, const char *tracking_no)
{
	const char *stamp = mailing_stamp(from, to);
	sqlite3_stmt *stmt;
	char now[21], *sql;

	if (stamp == NULL)
		return store_failf(st, "mailing %lld: %s -> %s not allowed",
		    (long long)id, from, to);
	store_timestamp(now);
	/* stamp comes from the table above, never from input. */
	sql = xasprintf("UPDATE mailings SET state = ?3, %s = ?4, tracking_no "
	    "= coalesce(?5, tracking_no) WHERE id = ?1 AND state = ?2", stamp);
	stmt = store_prepare(st, sql);
	free(sql);
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, id);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
	if (tracking_no != NULL)
		sqlite3_bind_text(stmt, 5, tracking_no, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "mailing state") == -1)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return store_failf(st, "mailing %lld is no longer %s",
		    (long long)id, from);
	if (strcmp(to, "returned") == 0) {
		stmt = store_list_prepare(st, "UPDATE mailing_items SET live = 0 "
		    "WHERE mailing_id = ?1", id);
		if (store_row_done(st, stmt, "mailing items") == -1)
			return -1;
	}
	log_info("mailing %lld: %s -> %s", (long long)id, from, to);
	return 0;
}

struct mail_visit {
	int	(*mailing)(const struct store_mailing *, void *);
	int	(*item)(const struct store_mail_item *, void *);
	void	*arg;
};

static int
mailing_visit_cb(const void *row, void *ctx)
{
	const struct mail_visit *v = ctx;

	return v->mailing(row, v->arg);
}

static int
item_visit_cb(const void *row, void *ctx)
{
	const struct mail_visit *v = ctx;

	return v->item(row, v->arg);
}

int
store_mailing_foreach(struct store *st,
    int (*cb)(const struct store_mailing *, void *), void *arg)
{
	struct mail_visit v = { cb, NULL, arg };
	struct store_mailing m;

	return store_rows_each(st, store_prepare(st, "SELECT " MAILING_COLS
	    " FROM mailings m ORDER BY m.id DESC"), mailing_row, &m,
	    mailing_visit_cb, &v);
}

int
store_mailing_items(struct store *st, int64_t mailing_id,
    int (*cb)(const struct store_mail_item *, void *), void *arg)
{
	struct mail_visit v = { NULL, cb, arg };
	struct store_mail_item it;

	return store_rows_each(st, store_list_prepare(st, "SELECT " ITEM_COLS
	    ", i.mailing_id, i.live FROM mailing_items i JOIN app_effects e ON "
	    "e.application_id = i.application_id AND e.seq = i.seq JOIN "
	    "applications a ON a.id = i.application_id WHERE i.mailing_id = ?1 "
	    "ORDER BY i.application_id", mailing_id), item_row, &it,
	    item_visit_cb, &v);
}

int
store_mail_awaiting(struct store *st,
    int (*cb)(const struct store_mail_item *, void *), void *arg)
{
	struct mail_visit v = { NULL, cb, arg };
	struct store_mail_item it;

	return store_rows_each(st, store_prepare(st, "SELECT " ITEM_COLS
	    ", 0, 0 FROM app_effects e JOIN applications a ON a.id = "
	    "e.application_id WHERE e.effect = 'send_to_jlis' AND e.state = "
	    "'pending' AND a.state IN ('accepted', 'in_progress', 'done') AND "
	    "NOT EXISTS (SELECT 1 FROM mailing_items i WHERE i.application_id "
	    "= a.id AND i.live = 1) ORDER BY a.id"), item_row, &it,
	    item_visit_cb, &v);
}

int
store_mail_of_app(struct store *st, int64_t app_id,
    struct store_mail_item *item, struct store_mailing *m)
{
	sqlite3_stmt *stmt = store_list_prepare(st, "SELECT " ITEM_COLS
	    ", i.mailing_id, i.live FROM mailing_items i JOIN app_effects e ON "
	    "e.application_id = i.application_id AND e.seq = i.seq JOIN "
	    "applications a ON a.id = i.application_id WHERE i.application_id "
	    "= ?1 ORDER BY i.live DESC, i.mailing_id DESC LIMIT 1", app_id);
	int rc = store_row_one(st, stmt, item_row, item);

	if (rc != 0)
		return rc;
	return store_mailing_get(st, item->mailing_id, m) == 0 ? 0 : -1;
}
