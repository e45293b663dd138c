/*
 * Figures for people: the labels of the statistics' groups (a day in 和暦,
 * a window's, procedure's, register's or state's Japanese name, a clerk's
 * login), and the daily close (日計表) of a day at a window: the counts by
 * procedure and result with totals, the clerks who worked, and the audit
 * trail's signed head, printed as UTF-8 text under STATE/print like the
 * receipts. Nothing personal: no resident is named.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "madoguchi/era.h"
#include "madoguchi/audit.h"
#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "proc_int.h"

const char *
proc_stats_label(struct store *st, enum store_stats_by by, const char *code,
    char *buf, size_t size)
{
	const char *l = NULL;
	struct era_date d;
	int v;

	switch (by) {
	case STORE_STATS_DAY:
		if (era_parse_iso(code, &d) == 0 &&
		    era_format_wareki(&d, buf, size) == 0)
			return buf;
		break;
	case STORE_STATS_WINDOW:
		return proc_window_label(st, code, buf, size);
	case STORE_STATS_PROCEDURE:
		if ((v = rules_procedure_parse(code)) >= 0)
			l = rules_procedure_label((enum rules_procedure)v);
		break;
	case STORE_STATS_REGISTER:
		if ((v = rules_register_parse(code)) >= 0)
			l = rules_register_label((enum rules_register)v);
		break;
	case STORE_STATS_RESULT:
		l = vocab_label_of(VOCAB_APP_STATE, code);
		break;
	default:
		break;
	}
	strlcpy_m(buf, l != NULL ? l : code, size);
	return buf;
}

/* The audit trail's signed head (audit.h): its hash and count. 0 read,
 * 1 no head, -1 unreadable. The clerks' saves only notify the signer,
 * which signs within 100 ms; the close asks it to advance and waits, so
 * the head it prints covers every row committed before it (without
 * auditd: the head as last signed). */
int
proc_audit_head(const char *state_dir, char hash[65], long *count)
{
	struct audit_head h;
	char err[320];
	int rc, unreachable;

	hash[0] = '\0';
	*count = -1;
	if (audit_client_request(state_dir, AUDIT_REQ_ADVANCE, NULL,
	    &unreachable, err, sizeof(err)) == -1 && !unreachable)
		log_warnx("audit: the signed head was not advanced: %s", err);
	if ((rc = audit_head_read(state_dir, &h)) != 0)
		return rc;
	strlcpy_m(hash, h.hash, 65);
	*count = (long)h.count;
	return 0;
}

/* utf8 padded with blanks to cols display columns (wcwidth; the
 * program runs in a UTF-8 locale), for the printed columns to line up. */
static void
close_pad(char *buf, size_t size, const char *utf8, int cols)
{
	mbstate_t ps;
	size_t len = strlen(utf8), n, used = 0;
	wchar_t wc;
	int w = 0, cw;

	memset(&ps, 0, sizeof(ps));
	while (len > 0 && (n = mbrtowc(&wc, utf8 + used, len, &ps)) != 0 &&
	    n != (size_t)-1 && n != (size_t)-2) {
		cw = wcwidth(wc);
		if (cw < 0 || w + cw > cols || used + n + 1 >= size)
			break;
		w += cw;
		used += n;
		len -= n;
	}
	memcpy(buf, utf8, used);
	while (w++ < cols && used + 1 < size)
		buf[used++] = ' ';
	buf[used] = '\0';
}

struct close_grid {
	struct proc_text	*t;
	long			 total;
	char			 last[40];
};

static int
close_row_cb(const struct store_stats_row *r, void *arg)
{
	struct close_grid *g = arg;
	char p[64], s[64], pp[80], sp[40];

	if (strcmp(g->last, r->key[0]) != 0) {
		proc_stats_label(NULL, STORE_STATS_PROCEDURE, r->key[0], p,
		    sizeof(p));
		strlcpy_m(g->last, r->key[0], sizeof(g->last));
	} else
		p[0] = '\0';
	proc_stats_label(NULL, STORE_STATS_RESULT, r->key[1], s, sizeof(s));
	close_pad(pp, sizeof(pp), p, 28);
	close_pad(sp, sizeof(sp), s, 12);
	proc_text_add(g->t, "  %s %s %6ld 件\n", pp, sp, r->count);
	g->total += r->count;
	return 0;
}

static int
close_total_cb(const struct store_stats_row *r, void *arg)
{
	struct close_grid *g = arg;
	char s[64], sp[40];

	proc_stats_label(NULL, STORE_STATS_RESULT, r->key[0], s, sizeof(s));
	close_pad(sp, sizeof(sp), s, 12);
	proc_text_add(g->t, "  %28s %s %6ld 件\n", "", sp, r->count);
	return 0;
}

static int
close_clerk_cb(const struct store_clerk *c, void *arg)
{
	struct proc_text *t = arg;

	proc_text_add(t, "  %s (%s)\n", c->login, c->name);
	return 0;
}

char *
proc_close_text(struct store *st, const char *state_dir, const char *day,
    const char *window, long *total)
{
	struct proc_text t = { NULL, 0, 0 };
	struct store_stats_query q = { day, day, window,
	    { STORE_STATS_PROCEDURE, STORE_STATS_RESULT } };
	struct close_grid g = { &t, 0, "" };
	char city[128] = "", wareki[64], win[PROC_WINDOW_LABEL_MAX], hash[65];
	long count;
	int rc;

	if (store_setting_get(st, "city.name", city, sizeof(city)) == -1)
		return NULL;
	proc_wareki(day, wareki, sizeof(wareki));
	if (window != NULL && *window != '\0')
		proc_stats_label(st, STORE_STATS_WINDOW, window, win, sizeof(win));
	else
		strlcpy_m(win, "全窓口", sizeof(win));
	proc_text_add(&t, "%s\n\n                              日計表\n\n"
	    "  日付: %s\n  窓口: %s\n\n", city, wareki, win);
	proc_text_add(&t, "  手続き                       結果\n"
	    "  ------------------------------------------------------\n");
	if (store_stats(st, &q, close_row_cb, &g) == -1)
		goto fail;
	if (g.total == 0)
		proc_text_add(&t, "  この日の申請はありません。\n");
	proc_text_add(&t, "  ------------------------------------------------"
	    "------\n  合計 (結果ごと)\n");
	q.by[0] = STORE_STATS_RESULT;
	q.by[1] = STORE_STATS_NONE;
	if (store_stats(st, &q, close_total_cb, &g) == -1)
		goto fail;
	close_pad(win, sizeof(win), "合計", 41);
	proc_text_add(&t, "  %s %6ld 件\n\n  受け付けた職員:\n", win, g.total);
	if ((rc = store_stats_clerks(st, day, window, close_clerk_cb, &t)) ==
	    -1)
		goto fail;
	if (rc == 0)
		proc_text_add(&t, "  なし\n");
	rc = proc_audit_head(state_dir, hash, &count);
	if (rc == 0)
		proc_text_add(&t, "\n  監査ログの署名済み先頭:\n    件数 %ld\n"
		    "    ハッシュ %s\n", count, hash);
	else
		proc_text_add(&t, "\n  %s\n", rc == 1 ? "監査ログの署名済み先頭"
		    "がありません" : "監査ログの署名済み先頭を読めません");
	proc_text_add(&t, "\n  確認者印 ________    責任者印 ________\n");
	*total = g.total;
	return t.buf;
fail:
	free(t.buf);
	return NULL;
}

/* ---- The close as a PDF ----------------------------------------------- */

struct close_rows {
	struct proc_text	 t;
	long			 total;
	char			 last[40];
};

/* 手続き\t結果\t件数; the procedure once for its group of results. */
static int
close_pdf_row_cb(const struct store_stats_row *r, void *arg)
{
	struct close_rows *g = arg;
	char p[64] = "", s[64];

	if (strcmp(g->last, r->key[0]) != 0) {
		proc_stats_label(NULL, STORE_STATS_PROCEDURE, r->key[0], p,
		    sizeof(p));
		strlcpy_m(g->last, r->key[0], sizeof(g->last));
	}
	proc_stats_label(NULL, STORE_STATS_RESULT, r->key[1], s, sizeof(s));
	proc_text_add(&g->t, "%s\t%s\t%ld 件\n", p, s, r->count);
	g->total += r->count;
	return 0;
}

static int
close_pdf_total_cb(const struct store_stats_row *r, void *arg)
{
	struct close_rows *g = arg;
	char s[64];

	proc_stats_label(NULL, STORE_STATS_RESULT, r->key[0], s, sizeof(s));
	proc_text_add(&g->t, "%s\t%ld 件\n", s, r->count);
	return 0;
}

static int
close_pdf_clerk_cb(const struct store_clerk *c, void *arg)
{
	struct proc_text *t = arg;

	proc_text_add(t, "%s\t%s\n", c->login, c->name);
	return 0;
}

int
proc_close_pdf(struct store *st, const char *state_dir, const char *day,
    const char *window, long *total, const char *path)
{
	struct store_stats_query q = { day, day, window,
	    { STORE_STATS_PROCEDURE, STORE_STATS_RESULT } };
	struct close_rows rows = { { NULL, 0, 0 }, 0, "" };
	struct close_rows totals = { { NULL, 0, 0 }, 0, "" };
	struct proc_text clerks = { NULL, 0, 0 };
	char city[128] = "", wareki[64], win[PROC_WINDOW_LABEL_MAX], hash[65];
	char count_s[24], total_s[24], *hash_s = NULL;
	long count;
	int rc = -1, head;

	proc_text_add(&rows.t, "%s", "");
	proc_text_add(&totals.t, "%s", "");
	proc_text_add(&clerks, "%s", "");
	if (store_setting_get(st, "city.name", city, sizeof(city)) == -1 ||
	    store_stats(st, &q, close_pdf_row_cb, &rows) == -1)
		goto unread;
	q.by[0] = STORE_STATS_RESULT;
	q.by[1] = STORE_STATS_NONE;
	if (store_stats(st, &q, close_pdf_total_cb, &totals) == -1 ||
	    store_stats_clerks(st, day, window, close_pdf_clerk_cb, &clerks) ==
	    -1)
		goto unread;
	proc_wareki(day, wareki, sizeof(wareki));
	if (window != NULL && *window != '\0')
		proc_stats_label(st, STORE_STATS_WINDOW, window, win, sizeof(win));
	else
		strlcpy_m(win, "全窓口", sizeof(win));
	proc_print_clean(city);
	proc_print_clean(win);
	proc_print_clean_table(clerks.buf);
	snprintf(total_s, sizeof(total_s), "%ld 件", rows.total);
	head = proc_audit_head(state_dir, hash, &count);
	snprintf(count_s, sizeof(count_s), "%ld", count);
	if (head == 0)
		hash_s = xasprintf("ハッシュ %s", hash);
	{
		const struct print_field f[] = {
			{ "city", city },
			{ "number", wareki },
			{ "window", win },
			/* An empty table prints (なし). */
			{ "rows", rows.t.buf },
			{ "totals", totals.t.buf },
			{ "total", total_s },
			{ "clerks", clerks.buf },
			{ "audit_count", head == 0 ? count_s : "-" },
			{ "audit_hash", hash_s },
			{ "audit_note", head == 0 ? NULL : head == 1 ?
			    "監査ログの署名済み先頭がありません。" :
			    "監査ログの署名済み先頭を読めません。" },
		};

		rc = print_form_write(&print_form_close, f, nitems(f), 0, path);
	}
	*total = rows.total;
	goto out;
unread:
	/* The print job says to look here. */
	log_warnx("print: close %s: %s", day, store_errmsg(st));
out:
	free(hash_s);
	free(clerks.buf);
	free(totals.t.buf);
	free(rows.t.buf);
	return rc;
}

struct close_tx {
	const char	*actor, *day, *window;
	long		 total;
};

static int
close_tx_cb(struct store *st, void *arg)
{
	const struct close_tx *c = arg;

	return proc_audit_close(st, c->actor, c->day, c->window, c->total);
}

char *
proc_close_print(struct store *st, const char *state_dir, const char *day,
    const char *window, const char *actor, char *msg, size_t msglen)
{
	struct close_tx tx = { actor, day, window != NULL && *window != '\0' ?
	    window : "all", 0 };
	/* A print job of no person: the window's printer, or saved as
	 * STATE/print/close-<day>-<window>.pdf without one. */
	struct proc_print_doc doc = { proc_print_close_id(day), tx.window,
	    state_dir, 0 };
	struct proc_ctx pc;
	struct store_print_job job;
	char path[512], why[512], *where;

	memset(&pc, 0, sizeof(pc));
	pc.st = st;
	pc.actor = actor;
	if (proc_print_job(&pc, "close", &doc, &job, path, sizeof(path), why,
	    sizeof(why)) == -1) {
		snprintf(msg, msglen, "日計表を印刷できませんでした (%s)。", why);
		return NULL;
	}
	/* The count the audit row records, as the close printed it. */
	tx.total = doc.total;
	where = proc_print_where(&job, path);
	if (store_tx(st, close_tx_cb, &tx) == -1) {
		snprintf(msg, msglen, "日計表は印刷しましたが (%s)、監査ログに"
		    "記録できません (%s)。", where, store_errmsg(st));
		free(where);
		return NULL;
	}
	return where;
}
