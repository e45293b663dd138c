/*
 * Print jobs (proc.h, db/0014): every document printed is a job row bound
 * to its application and person, made and moved through the store with
 * its audit row. A kind of document is one row of proc_print_kind_table
 * (name, Japanese label, renderer, owner). An attempt renders the PDF
 * into STATE/print and, when the window has a printer, hands it to CUPS
 * (proc_cups.c) and removes it: a job keeps what prints it again, never
 * the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/proc.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* ---- The documents ------------------------------------------------- */

static int
render_receipt(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	return proc_receipt_pdf_write(pc, doc->id, path);
}

static int
render_form(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	return proc_form_pdf(pc, doc->id, path);
}

/* A letter's id is its reference number's nine digits (1467-73907 is
 * 146773907): what the clerk reads on the letter, and nothing personal in
 * CUPS's job title. */
static void
letter_ref(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%04lld-%05lld", (long long)(id / 100000),
	    (long long)(id % 100000));
}

int64_t
proc_print_letter_id(const char *ref_no)
{
	int64_t id = 0;
	const char *p;

	for (p = ref_no; *p != '\0'; p++)
		if (*p >= '0' && *p <= '9')
			id = id * 10 + (*p - '0');
	return id;
}

static int
render_letter(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	struct store_letter l;
	char ref[48];

	letter_ref(doc->id, ref, sizeof(ref));
	if (store_letter_by_ref(pc->st, ref, &l) != 0)
		return -1;
	return proc_letter_pdf(pc, &l, path);
}

static void
file_letter(const struct proc_print_doc *doc, char *buf, size_t size)
{
	char ref[48];

	letter_ref(doc->id, ref, sizeof(ref));
	snprintf(buf, size, "letter-%s", ref);
}

/* The letter belongs to its application's person and window. */
static int
owner_letter(struct proc_ctx *pc, int64_t id, int64_t *app, int64_t *person,
    char *window, size_t size)
{
	struct store_letter l;
	char ref[48];

	letter_ref(id, ref, sizeof(ref));
	if (store_letter_by_ref(pc->st, ref, &l) != 0)
		return -1;
	return proc_print_owner_app(pc, l.application_id, app, person, window,
	    size);
}

static int
render_mail_list(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	return proc_mail_list_pdf(pc, doc->id, path);
}

static int
render_mail_cover(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	return proc_mail_cover_pdf(pc, doc->id, path);
}

static void
file_mail_list(const struct proc_print_doc *doc, char *buf, size_t size)
{
	snprintf(buf, size, "mailing-%lld-list", (long long)doc->id);
}

static void
file_mail_cover(const struct proc_print_doc *doc, char *buf, size_t size)
{
	snprintf(buf, size, "mailing-%lld-cover", (long long)doc->id);
}

/* A daily close's id is its day as YYYYMMDD; it is the job's window's
 * ("all" for every window's). */
static void
close_day(int64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%04lld-%02lld-%02lld", (long long)(id / 10000),
	    (long long)(id / 100 % 100), (long long)(id % 100));
}

int64_t
proc_print_close_id(const char *day)
{
	return proc_print_letter_id(day);
}

static int
render_close(struct proc_ctx *pc, struct proc_print_doc *doc,
    const char *path)
{
	char day[48];

	close_day(doc->id, day, sizeof(day));
	return proc_close_pdf(pc->st, doc->state_dir, day,
	    strcmp(doc->window, "all") == 0 ? NULL : doc->window, &doc->total,
	    path);
}

static void
file_close(const struct proc_print_doc *doc, char *buf, size_t size)
{
	char day[48];

	close_day(doc->id, day, sizeof(day));
	snprintf(buf, size, "close-%s-%s", day, doc->window);
}

/* Each document the counter prints is one row here. The receipt and the
 * application form are the application's; a letter is its application's;
 * the J-LIS mailing and the daily close are no one's (the caller's
 * window). */
const struct proc_print_kind proc_print_kind_table[] = {
	{ "receipt", "受付票", render_receipt, NULL, proc_print_owner_app },
	{ "form", "申請書", render_form, NULL, proc_print_owner_app },
	{ "letter", "照会書兼回答書", render_letter, file_letter, owner_letter },
	{ "mail-list", "請求書一覧", render_mail_list, file_mail_list, NULL },
	{ "mail-cover", "送付書", render_mail_cover, file_mail_cover, NULL },
	{ "close", "日計表", render_close, file_close, NULL },
};
const size_t proc_print_kind_count = nitems(proc_print_kind_table);

static const struct {
	const char	*state;
	const char	*label;
} proc_print_state_table[] = {
	{ "sending", "送信中" },
	{ "saved", "PDF で保存" },
	{ "sent", "送信済み" },
	{ "failed", "失敗" },
	{ "done", "印刷済み" },
};

const struct proc_print_kind *
proc_print_kind_find(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < proc_print_kind_count; i++)
		if (strcmp(proc_print_kind_table[i].kind, kind) == 0)
			return &proc_print_kind_table[i];
	return NULL;
}

const char *
proc_print_kind_label(const char *kind)
{
	const struct proc_print_kind *k = proc_print_kind_find(kind);

	return k != NULL ? k->label : kind;
}

const char *
proc_print_state_label(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(proc_print_state_table); i++)
		if (strcmp(proc_print_state_table[i].state, state) == 0)
			return proc_print_state_table[i].label;
	return state;
}

int
proc_print_owner_app(struct proc_ctx *pc, int64_t app_id, int64_t *app,
    int64_t *person, char *window, size_t size)
{
	struct store_app a;

	if (store_app_get(pc->st, app_id, &a) != 0)
		return -1;
	*app = a.id;
	*person = a.person_id;
	strlcpy_m(window, a.window, size);
	return 0;
}

/* The job's row and its audit row, together. */
struct printjob_write {
	struct store_print_job	*j;
	enum proc_print_event	 ev;
	const char		*actor;
};

static int
printjob_write_cb(struct store *st, void *arg)
{
	struct printjob_write *w = arg;

	if ((w->ev == PROC_PRINT_EV_JOB ? store_print_job_add(st, w->j) :
	    store_print_job_set(st, w->j)) == -1)
		return -1;
	return proc_audit_print(st, w->actor, w->ev, w->j);
}

static int
printjob_write(struct proc_ctx *pc, struct store_print_job *j,
    enum proc_print_event ev, char *msg, size_t msglen)
{
	struct printjob_write w = { j, ev, pc->actor };

	if (store_tx(pc->st, printjob_write_cb, &w) == -1) {
		log_warnx("print: job %lld: %s", (long long)j->id,
		    store_errmsg(pc->st));
		snprintf(msg, msglen, "印刷の記録を保存できませんでした "
		    "(データベースの誤り)。");
		return -1;
	}
	return 0;
}

/* The file name a job saved without a printer has under STATE/print. */
static void
saved_base(const struct proc_print_kind *k, const struct store_print_job *j,
    char *buf, size_t size)
{
	struct proc_print_doc doc = { j->ref_id, j->window, NULL, 0 };
	char base[128];

	if (k->file != NULL) {
		k->file(&doc, base, sizeof(base));
		snprintf(buf, size, "%s.pdf", base);
	} else
		snprintf(buf, size, "%s-%lld.pdf", j->kind,
		    (long long)j->ref_id);
}

struct saved_list {
	struct proc_print_saved	*v;
	int			 n, cap;
};

static int
saved_list_cb(const struct store_print_job *j, void *arg)
{
	const struct proc_print_kind *k = proc_print_kind_find(j->kind);
	struct saved_list *l = arg;

	if (k == NULL || j->app_id == 0)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap * 2 + 16;
		l->v = xreallocarray(l->v, (size_t)l->cap, sizeof(*l->v));
	}
	l->v[l->n].job = j->id;
	saved_base(k, j, l->v[l->n].file, sizeof(l->v[l->n].file));
	l->n++;
	return 0;
}

int
proc_print_saved_list(struct proc_ctx *pc, struct proc_print_saved **out)
{
	struct saved_list l = { NULL, 0, 0 };

	*out = NULL;
	if (store_print_job_list(pc->st, "saved", 0, saved_list_cb, &l) ==
	    -1) {
		free(l.v);
		return -1;
	}
	*out = l.v;
	return l.n;
}

int
proc_print_saved_sweep(struct proc_ctx *pc, const char *state_dir,
    const struct proc_print_saved *v, int n)
{
	struct store_print_job j;
	char *dir, *path;
	int i, removed = 0;

	if (state_dir == NULL)
		return 0;
	dir = state_path(state_dir, STATE_PRINT_DIR);
	for (i = 0; i < n; i++) {
		/* Only a job the purge took: one still recorded keeps its
		 * file, one that cannot be read is left alone. */
		if (store_print_job_get(pc->st, v[i].job, &j) != 1)
			continue;
		path = xasprintf("%s/%s", dir, v[i].file);
		if (unlink(path) == 0)
			removed++;
		else if (errno != ENOENT)
			log_warn("print: %s", path);
		free(path);
	}
	free(dir);
	return removed;
}

/* Render j into STATE/print (doc: the state dir in, what the renderer
 * hands back out) and send it to j->queue, or keep it there when there is
 * none; the outcome written to the job. */
static int
printjob_attempt(struct proc_ctx *pc, struct proc_print_doc *doc,
    const struct proc_print_kind *k, struct store_print_job *j, char *path,
    size_t pathlen, char *msg, size_t msglen)
{
	char *dir, *file, title[96], base[128];
	int rendered;

	path[0] = '\0';
	j->error[0] = '\0';
	j->cups_job = 0;
	dir = state_path(doc->state_dir, STATE_PRINT_DIR);
	doc->id = j->ref_id;
	doc->window = j->window;
	doc->total = 0;
	if (j->queue[0] != '\0')
		file = xasprintf("%s/job-%lld.pdf", dir, (long long)j->id);
	else {
		saved_base(k, j, base, sizeof(base));
		file = xasprintf("%s/%s", dir, base);
	}
	rendered = (mkdir(dir, 0700) == 0 || errno == EEXIST) &&
	    k->render(pc, doc, file) == 0;
	if (!rendered) {
		strlcpy_m(j->state, "failed", sizeof(j->state));
		snprintf(j->error, sizeof(j->error), "%s の PDF を作れません"
		    "でした (サーバーのログを確かめてください)。", k->label);
		unlink(file);
	} else if (j->queue[0] == '\0') {
		strlcpy_m(j->state, "saved", sizeof(j->state));
		strlcpy_m(path, file, pathlen);
	} else {
		/* Nothing personal in the title: CUPS keeps and shows it. */
		snprintf(title, sizeof(title), "madoguchi %s %lld", j->kind,
		    (long long)j->ref_id);
		strlcpy_m(j->state, proc_cups_send(j->queue, file, title,
		    &j->cups_job, j->error, sizeof(j->error)) == 0 ? "sent" :
		    "failed", sizeof(j->state));
		/* CUPS spools its own copy; ours goes, sent or not: printing
		 * again renders it anew from the record. */
		if (unlink(file) == -1)
			log_warn("print: job %lld: %s", (long long)j->id, file);
	}
	free(file);
	free(dir);
	if (printjob_write(pc, j, PROC_PRINT_EV_RESULT, msg, msglen) == -1)
		return -1;
	log_info("print: job %lld %s %lld: %s%s%s", (long long)j->id, j->kind,
	    (long long)j->ref_id, j->state, j->queue[0] != '\0' ? " queue " :
	    "", j->queue);
	if (strcmp(j->state, "failed") == 0) {
		snprintf(msg, msglen, "%s", j->error);
		return -1;
	}
	return 0;
}

int
proc_print(struct proc_ctx *pc, const char *state_dir, const char *kind,
    int64_t ref_id, const char *window, struct store_print_job *out,
    char *path, size_t pathlen, char *msg, size_t msglen)
{
	struct proc_print_doc doc = { ref_id, window, state_dir, 0 };

	return proc_print_job(pc, kind, &doc, out, path, pathlen, msg, msglen);
}

int
proc_print_job(struct proc_ctx *pc, const char *kind,
    struct proc_print_doc *doc, struct store_print_job *out, char *path,
    size_t pathlen, char *msg, size_t msglen)
{
	const struct proc_print_kind *k = proc_print_kind_find(kind);
	/* The renderer's own: the job's window, the caller's doc keeps its
	 * own. */
	struct proc_print_doc r = { 0, NULL, doc->state_dir, 0 };
	char own[sizeof(out->window)] = "";
	int rc;

	if (k == NULL)
		fatalx("%s: no document kind %s", __func__, kind);
	memset(out, 0, sizeof(*out));
	path[0] = '\0';
	strlcpy_m(out->kind, k->kind, sizeof(out->kind));
	out->ref_id = doc->id;
	doc->total = 0;
	if (k->owner != NULL && k->owner(pc, doc->id, &out->app_id,
	    &out->person_id, own, sizeof(own)) == -1) {
		snprintf(msg, msglen, "印刷する%sが見つかりません。", k->label);
		return -1;
	}
	strlcpy_m(out->window, doc->window != NULL && *doc->window != '\0' ?
	    doc->window : own, sizeof(out->window));
	if (proc_window_printer(pc->st, out->window, out->queue,
	    sizeof(out->queue)) == -1) {
		snprintf(msg, msglen, "窓口のプリンタの設定を読めませんでした "
		    "(データベースの誤り)。");
		return -1;
	}
	strlcpy_m(out->state, "sending", sizeof(out->state));
	strlcpy_m(out->actor, pc->actor, sizeof(out->actor));
	if (printjob_write(pc, out, PROC_PRINT_EV_JOB, msg, msglen) == -1) {
		out->id = 0;
		return -1;
	}
	rc = printjob_attempt(pc, &r, k, out, path, pathlen, msg, msglen);
	doc->total = r.total;
	return rc;
}

int
proc_print_again(struct proc_ctx *pc, const char *state_dir, int64_t job_id,
    struct store_print_job *out, char *path, size_t pathlen, char *msg,
    size_t msglen)
{
	const struct proc_print_kind *k;
	struct proc_print_doc doc = { 0, NULL, state_dir, 0 };
	int rc;

	path[0] = '\0';
	if ((rc = store_print_job_get(pc->st, job_id, out)) != 0) {
		snprintf(msg, msglen, rc == 1 ? "印刷ジョブ %lld はありません。" :
		    "印刷ジョブ %lld を読めませんでした (データベースの誤り)。",
		    (long long)job_id);
		return -1;
	}
	if ((k = proc_print_kind_find(out->kind)) == NULL) {
		snprintf(msg, msglen, "印刷ジョブ %lld の帳票 (%s) はこの版では"
		    "印刷できません。", (long long)job_id, out->kind);
		return -1;
	}
	/* The printer as set now: a queue fixed since is the one used. */
	if (proc_window_printer(pc->st, out->window, out->queue,
	    sizeof(out->queue)) == -1) {
		snprintf(msg, msglen, "窓口のプリンタの設定を読めませんでした "
		    "(データベースの誤り)。");
		return -1;
	}
	out->attempts++;
	out->cups_job = 0;
	out->error[0] = '\0';
	strlcpy_m(out->state, "sending", sizeof(out->state));
	strlcpy_m(out->actor, pc->actor, sizeof(out->actor));
	if (printjob_write(pc, out, PROC_PRINT_EV_AGAIN, msg, msglen) == -1)
		return -1;
	return printjob_attempt(pc, &doc, k, out, path, pathlen, msg, msglen);
}

struct printjob_sent {
	struct store_print_job	*jobs;
	size_t			 n;
};

static int
printjob_sent_cb(const struct store_print_job *j, void *arg)
{
	struct printjob_sent *s = arg;

	s->jobs = xreallocarray(s->jobs, s->n + 1, sizeof(*s->jobs));
	s->jobs[s->n++] = *j;
	return 0;
}

/* The end CUPS gave job j: 1 when j changed, 0 when not, -1 on error. */
static int
printjob_refresh_one(struct proc_ctx *pc, struct store_print_job *j,
    char *msg, size_t msglen)
{
	enum proc_cups_end end;

	if (proc_cups_state(j->queue, j->cups_job, &end, msg, msglen) == -1)
		return -1;
	switch (end) {
	case PROC_CUPS_DONE:
		strlcpy_m(j->state, "done", sizeof(j->state));
		break;
	case PROC_CUPS_CANCELED:
		strlcpy_m(j->state, "failed", sizeof(j->state));
		snprintf(j->error, sizeof(j->error), "窓口プリンタ「%s」のジョブ"
		    "が取り消されました。", j->queue);
		break;
	case PROC_CUPS_ABORTED:
		strlcpy_m(j->state, "failed", sizeof(j->state));
		snprintf(j->error, sizeof(j->error), "窓口プリンタ「%s」で印刷"
		    "できませんでした (CUPS が中止)。", j->queue);
		break;
	default:
		return 0;
	}
	/* The row keeps the clerk of the attempt; the audit row names who
	 * asked CUPS. */
	return printjob_write(pc, j, PROC_PRINT_EV_RESULT, msg, msglen) == -1 ?
	    -1 : 1;
}

int
proc_print_refresh(struct proc_ctx *pc, int *changed, char *msg,
    size_t msglen)
{
	struct printjob_sent s = { NULL, 0 };
	size_t i;
	int rc = 0, r;

	*changed = 0;
	if (store_print_job_list(pc->st, "sent", 0, printjob_sent_cb,
	    &s) == -1) {
		snprintf(msg, msglen, "印刷ジョブを読めませんでした (データ"
		    "ベースの誤り)。");
		free(s.jobs);
		return -1;
	}
	for (i = 0; i < s.n && rc == 0; i++) {
		if ((r = printjob_refresh_one(pc, &s.jobs[i], msg,
		    msglen)) == -1)
			rc = -1;
		else
			*changed += r;
	}
	free(s.jobs);
	return rc;
}

int
proc_print_jobs(struct proc_ctx *pc, int limit,
    int (*cb)(const struct store_print_job *, void *), void *arg)
{
	return store_print_job_list(pc->st, NULL, limit, cb, arg);
}

const char *
proc_print_say(const struct store_print_job *j, const char *path, char *buf,
    size_t size)
{
	if (strcmp(j->state, "sent") == 0 || strcmp(j->state, "done") == 0)
		snprintf(buf, size, "窓口プリンタ「%s」に送りました (ジョブ "
		    "%s-%d)。", j->queue, j->queue, j->cups_job);
	else if (strcmp(j->state, "saved") == 0)
		snprintf(buf, size, "印刷: %s (窓口のプリンタの設定がないため "
		    "PDF で保存)", path != NULL ? path : "");
	else if (strcmp(j->state, "failed") == 0)
		snprintf(buf, size, "印刷できませんでした: %s", j->error);
	else
		snprintf(buf, size, "%s", proc_print_state_label(j->state));
	return buf;
}

char *
proc_print_where(const struct store_print_job *j, const char *path)
{
	char said[512];

	if (path != NULL && path[0] != '\0')
		return xstrdup(path);
	return xstrdup(proc_print_say(j, NULL, said, sizeof(said)));
}

void
proc_print_time_jst(const char *at, char *buf, size_t size)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (strptime(at, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL ||
	    (t = timegm(&tm)) == (time_t)-1) {
		strlcpy_m(buf, at, size);
		return;
	}
	/* Japan keeps UTC+9 all year: no zone database needed. */
	t += 9 * 60 * 60;
	if (gmtime_r(&t, &tm) == NULL) {
		strlcpy_m(buf, at, size);
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
}
