/*
 * The recorded steps of each application's decision (app_effects) and the
 * holds J-LIS applied on a phone call (holds). Steps are planned in one
 * transaction with the application and move pending -> done (back to
 * pending only when the work came undone: a returned mailing);
 * holds are appended, never changed.
 */
#include <string.h>

#include "madoguchi/util.h"
#include "store_int.h"

#define EFFECT_COLS "application_id, seq, effect, target, detail, state, " \
	"ifnull(done_at, '')"

static void
effect_row(sqlite3_stmt *stmt, void *out)
{
	struct store_effect *e = out;

	e->application_id = sqlite3_column_int64(stmt, 0);
	e->seq = sqlite3_column_int(stmt, 1);
	store_col_text(stmt, 2, e->effect, sizeof(e->effect));
	store_col_text(stmt, 3, e->target, sizeof(e->target));
	store_col_text(stmt, 4, e->detail, sizeof(e->detail));
	store_col_text(stmt, 5, e->state, sizeof(e->state));
	store_col_text(stmt, 6, e->done_at, sizeof(e->done_at));
}

int
store_effect_add(struct store *st, const struct store_effect *e)
{
	sqlite3_stmt *stmt = store_prepare(st, "INSERT INTO app_effects "
	    "(application_id, seq, effect, target, detail) VALUES (?1, ?2, ?3, "
	    "?4, ?5)");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, e->application_id);
	sqlite3_bind_int(stmt, 2, e->seq);
	sqlite3_bind_text(stmt, 3, e->effect, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, e->target, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, e->detail, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, "add effect");
}

/* One pending step's row changed by sql (?1 the application, ?2 the
 * step, ?3 text). */
static int
effect_update(struct store *st, const char *sql, int64_t app_id, int seq,
    const char *text, const char *what)
{
	sqlite3_stmt *stmt = store_prepare(st, sql);

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	sqlite3_bind_int(stmt, 2, seq);
	sqlite3_bind_text(stmt, 3, text, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, what);
}

int
store_effect_done(struct store *st, int64_t app_id, int seq)
{
	char now[21];

	store_timestamp(now);
	return effect_update(st, "UPDATE app_effects SET state = 'done', "
	    "done_at = ?3 WHERE application_id = ?1 AND seq = ?2 AND "
	    "state = 'pending'", app_id, seq, now, "effect done");
}

int
store_effect_note(struct store *st, int64_t app_id, int seq,
    const char *detail)
{
	return effect_update(st, "UPDATE app_effects SET detail = ?3 WHERE "
	    "application_id = ?1 AND seq = ?2 AND state = 'pending'", app_id,
	    seq, detail, "effect note");
}

int
store_effect_reopen(struct store *st, int64_t app_id, int seq)
{
	sqlite3_stmt *stmt = store_prepare(st, "UPDATE app_effects SET state = "
	    "'pending', done_at = NULL WHERE application_id = ?1 AND seq = ?2 "
	    "AND state = 'done'");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	sqlite3_bind_int(stmt, 2, seq);
	return store_row_done(st, stmt, "effect reopen");
}

struct effect_visit {
	int	(*cb)(const struct store_effect *, void *);
	void	*arg;
};

static int
effect_visit_cb(const void *row, void *ctx)
{
	const struct effect_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_effect_foreach(struct store *st, int64_t app_id,
    int (*cb)(const struct store_effect *, void *), void *arg)
{
	struct effect_visit v = { cb, arg };
	struct store_effect e;

	return store_rows_each(st, store_list_prepare(st, "SELECT " EFFECT_COLS
	    " FROM app_effects WHERE application_id = ?1 ORDER BY seq", app_id),
	    effect_row, &e, effect_visit_cb, &v);
}

/* ---- holds ---- */

#define HOLD_COLS "id, person_id, ifnull(card_id, 0), caller, called_at, " \
	"serials, clerk_id, created_at"

static void
hold_row(sqlite3_stmt *stmt, void *out)
{
	struct store_hold *h = out;

	h->id = sqlite3_column_int64(stmt, 0);
	h->person_id = sqlite3_column_int64(stmt, 1);
	h->card_id = sqlite3_column_int64(stmt, 2);
	store_col_text(stmt, 3, h->caller, sizeof(h->caller));
	store_col_text(stmt, 4, h->called_at, sizeof(h->called_at));
	store_col_text(stmt, 5, h->serials, sizeof(h->serials));
	h->clerk_id = sqlite3_column_int64(stmt, 6);
	store_col_text(stmt, 7, h->created_at, sizeof(h->created_at));
}

int
store_hold_create(struct store *st, struct store_hold *h)
{
	sqlite3_stmt *stmt;

	store_timestamp(h->created_at);
	stmt = store_prepare(st, "INSERT INTO holds (person_id, card_id, "
	    "caller, called_at, serials, clerk_id, created_at) VALUES (?1, "
	    "nullif(?2, 0), ?3, ?4, ?5, ?6, ?7)");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, h->person_id);
	sqlite3_bind_int64(stmt, 2, h->card_id);
	sqlite3_bind_text(stmt, 3, h->caller, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, h->called_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, h->serials, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 6, h->clerk_id);
	sqlite3_bind_text(stmt, 7, h->created_at, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "add hold") == -1)
		return -1;
	h->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

struct hold_visit {
	int	(*cb)(const struct store_hold *, void *);
	void	*arg;
};

static int
hold_visit_cb(const void *row, void *ctx)
{
	const struct hold_visit *v = ctx;

	return v->cb(row, v->arg);
}

int
store_hold_foreach(struct store *st, int64_t person_id,
    int (*cb)(const struct store_hold *, void *), void *arg)
{
	struct hold_visit v = { cb, arg };
	struct store_hold h;

	return store_rows_each(st, store_list_prepare(st, "SELECT " HOLD_COLS
	    " FROM holds WHERE person_id = ?1 ORDER BY id DESC", person_id),
	    hold_row, &h, hold_visit_cb, &v);
}

int
store_effect_drop_pending(struct store *st, int64_t app_id, const char *keep)
{
	sqlite3_stmt *stmt = store_prepare(st, "DELETE FROM app_effects WHERE "
	    "application_id = ?1 AND state = 'pending' AND effect <> ?2");

	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, app_id);
	sqlite3_bind_text(stmt, 2, keep, -1, SQLITE_STATIC);
	return store_row_done(st, stmt, "drop pending effects");
}

/* ---- card states ---- */

static const struct {
	const char	*from, *to;
} store_card_transitions_table[] = {
	{ "active", "lost" }, { "active", "returned" }, { "active", "abolished" },
	{ "lost", "active" }, { "lost", "returned" }, { "lost", "abolished" },
};

int
store_card_set_state(struct store *st, int64_t card_id, const char *state)
{
	struct store_card c;
	sqlite3_stmt *stmt;
	size_t i;
	int rc = store_card_get(st, card_id, &c);

	if (rc != 0)
		return rc == 1 ? store_failf(st, "no card %lld",
		    (long long)card_id) : -1;
	if (strcmp(c.state, state) == 0)
		return 0;
	for (i = 0; i < nitems(store_card_transitions_table); i++)
		if (strcmp(store_card_transitions_table[i].from, c.state) == 0 &&
		    strcmp(store_card_transitions_table[i].to, state) == 0)
			break;
	if (i == nitems(store_card_transitions_table))
		return store_failf(st, "card %lld: %s -> %s not allowed",
		    (long long)card_id, c.state, state);
	stmt = store_prepare(st, "UPDATE cards SET state = ?2 WHERE id = ?1 "
	    "AND state = ?3");
	if (stmt == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, card_id);
	sqlite3_bind_text(stmt, 2, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c.state, -1, SQLITE_STATIC);
	if (store_row_done(st, stmt, "card state") == -1)
		return -1;
	log_info("card %lld: %s -> %s", (long long)card_id, c.state, state);
	return 0;
}
