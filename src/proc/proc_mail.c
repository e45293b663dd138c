/*
 * The mailing of request forms to J-LIS by 特定記録郵便 (R6.6, R6-2.5).
 * Each accepted request whose decision says send_to_jlis has a pending
 * later step; a mailing gathers the steps awaiting, is printed (the list
 * and the cover sheet), posted with the post office's tracking number
 * (the steps done), and delivered or returned (the steps pending again,
 * for a new mailing). Every move and its audit row in one transaction;
 * the store's unique live item keeps a request out of two mailings.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "madoguchi/print.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/settings.h"
#include "madoguchi/state.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

/* The states of a mailing as the clerk reads them. */
static const struct {
	const char	*state;
	const char	*label;
} proc_mail_state_table[] = {
	{ "draft", "作成済み (未印刷)" },
	{ "printed", "印刷済み (未発送)" },
	{ "posted", "発送済み" },
	{ "delivered", "配達済み" },
	{ "returned", "返送" },
};

const char *
proc_mail_state_ja(const char *state)
{
	size_t i;

	for (i = 0; i < nitems(proc_mail_state_table); i++)
		if (strcmp(proc_mail_state_table[i].state, state) == 0)
			return proc_mail_state_table[i].label;
	return state;
}

/* What a request is called on the list (R6.1, R6-2.1). */
static const char *
mail_what(const char *procedure)
{
	if (strcmp(procedure, "disclose") == 0)
		return "開示請求";
	if (strcmp(procedure, "correct") == 0)
		return "訂正請求";
	return proc_procedure_ja(procedure);
}

int
proc_mail_tracking_check(const char *typed, char *digits, size_t size,
    char *msg, size_t msglen)
{
	const char *s;
	size_t n = 0;
	int prev_hyphen = 1;

	assert(size > PROC_TRACKING_DIGITS_MAX);
	for (s = typed; *s != '\0'; s++) {
		if (*s == '-' && !prev_hyphen) {
			prev_hyphen = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || n == PROC_TRACKING_DIGITS_MAX)
			goto bad;
		digits[n++] = *s;
		prev_hyphen = 0;
	}
	if (prev_hyphen || n < PROC_TRACKING_DIGITS_MIN)
		goto bad;
	digits[n] = '\0';
	return 0;
bad:
	digits[0] = '\0';
	snprintf(msg, msglen, "特定記録郵便の番号は、%d桁から%d桁の数字です "
	    "(区切りのハイフンは、数字の間に1つずつなら入れられます)。",
	    PROC_TRACKING_DIGITS_MIN, PROC_TRACKING_DIGITS_MAX);
	return -1;
}

/* ---- Making a mailing ----------------------------------------------- */

struct mail_make {
	const char		*actor;
	int64_t			 clerk_id;
	struct store_mailing	*m;
	struct proc_text	 ids;		/* the audit detail */
	int			 n;
	int			 failed;
	struct store		*st;
};

static int
mail_make_item_cb(const struct store_mail_item *it, void *arg)
{
	struct mail_make *mk = arg;

	if (store_mailing_add(mk->st, mk->m->id, it->application_id,
	    it->seq) == -1) {
		mk->failed = 1;
		return 1;
	}
	proc_text_add(&mk->ids, "%s%lld", mk->n > 0 ? " " : "",
	    (long long)it->application_id);
	mk->n++;
	return 0;
}

/* The awaiting steps gathered inside BEGIN IMMEDIATE: two clerks making
 * a mailing at once get one each, never the same request twice. */
static int
mail_make_tx(struct store *st, void *arg)
{
	struct mail_make *mk = arg;

	mk->st = st;
	if (store_mailing_create(st, mk->clerk_id, mk->m) == -1 ||
	    store_mail_awaiting(st, mail_make_item_cb, mk) == -1 || mk->failed)
		return -1;
	if (mk->n == 0)
		return -1;
	mk->m->n_items = mk->n;
	return proc_audit_mailing(st, mk->actor, mk->m, "draft", mk->ids.buf);
}

int
proc_mail_create(struct proc_ctx *pc, int64_t clerk_id,
    struct store_mailing *out, char *msg, size_t msglen)
{
	struct mail_make mk = { pc->actor, clerk_id, out, { NULL, 0, 0 }, 0, 0,
	    NULL };
	int rc;

	rc = store_tx(pc->st, mail_make_tx, &mk);
	free(mk.ids.buf);
	if (rc == 0) {
		snprintf(msg, msglen, "送付便 %lld を作りました (請求書 %d 件)。"
		    "一覧と送付書を印刷してください。", (long long)out->id, mk.n);
		return 0;
	}
	if (mk.n == 0 && !mk.failed)
		snprintf(msg, msglen, "送付を待つ請求書はありません。");
	else
		proc_store_fail(pc, msg, msglen);
	return -1;
}

/* ---- The list and the cover sheet --------------------------------------- */

struct mail_print {
	struct proc_text	*t;
	int			 n;
	/* The cover sheet's count per form. */
	struct {
		char	form[80];
		char	what[32];
		int	n;
	} forms[8];
	int			 nforms;
};

/* R6.6: J-LIS gets the request forms themselves; the list is the clerk's
 * and J-LIS's count of what is in the envelope, so it names each form by
 * the counter's receipt number, kind and date, and no person. */
static int
mail_list_item_cb(const struct store_mail_item *it, void *arg)
{
	struct mail_print *p = arg;
	char day[40];

	proc_wareki(it->accepted_at, day, sizeof(day));
	p->n++;
	proc_text_add(p->t, "  %3d   %8lld   %-12s  %-14s %s\n", p->n,
	    (long long)it->application_id, mail_what(it->procedure), it->form,
	    day);
	return 0;
}

static int
mail_cover_item_cb(const struct store_mail_item *it, void *arg)
{
	struct mail_print *p = arg;
	int i;

	p->n++;
	for (i = 0; i < p->nforms; i++)
		if (strcmp(p->forms[i].form, it->form) == 0)
			break;
	if (i == p->nforms) {
		if (p->nforms == (int)nitems(p->forms))
			i--;	/* the last row counts the rest */
		else {
			p->nforms++;
			strlcpy_m(p->forms[i].form, it->form,
			    sizeof(p->forms[i].form));
			strlcpy_m(p->forms[i].what, mail_what(it->procedure),
			    sizeof(p->forms[i].what));
		}
	}
	p->forms[i].n++;
	return 0;
}

/* Who sends: the city and the window of the clerk who made the mailing. */
static void
mail_sender(struct proc_ctx *pc, const struct store_mailing *m, char *city,
    size_t citylen, char *who, size_t wholen)
{
	struct store_clerk c;
	char win[PROC_WINDOW_LABEL_MAX];

	strlcpy_m(city, "豊中市", citylen);
	store_setting_get(pc->st, SETTING_CITY_NAME, city, citylen);
	who[0] = '\0';
	if (store_clerk_by_id(pc->st, m->created_by, &c) == 0) {
		snprintf(who, wholen, "%s  担当: %s", proc_window_label(pc->st,
		    c.window, win, sizeof(win)), c.name);
	}
}

static const char *
mail_tracking(const struct store_mailing *m)
{
	return m->tracking_no[0] != '\0' ? m->tracking_no :
	    "________________ (発送時に記入)";
}

char *
proc_mail_list_text(struct proc_ctx *pc, int64_t mailing_id)
{
	struct store_mailing m;
	struct proc_text t = { NULL, 0, 0 };
	struct mail_print p;
	char city[64], who[256], day[40];

	if (store_mailing_get(pc->st, mailing_id, &m) != 0)
		return NULL;
	memset(&p, 0, sizeof(p));
	p.t = &t;
	mail_sender(pc, &m, city, sizeof(city), who, sizeof(who));
	proc_wareki(m.created_at, day, sizeof(day));
	proc_text_add(&t, "    地方公共団体情報システム機構への送付 請求書一覧"
	    " (送付便 %lld)\n\n", (long long)m.id);
	proc_text_add(&t, "作成日:   %s\n送付元:   %s %s\n", day, city, who);
	proc_text_add(&t, "送付方法: 特定記録郵便 (R6.6, R6-2.5)\n"
	    "番号:     %s\n\n", mail_tracking(&m));
	proc_text_add(&t, "  No.  受付番号   請求          様式           受付日\n"
	    "  ---  --------   ------------  -------------- ------------\n");
	if (store_mailing_items(pc->st, m.id, mail_list_item_cb, &p) == -1) {
		free(t.buf);
		return NULL;
	}
	proc_text_add(&t, "\n合計 %d 件\n\n"
	    "この一覧は、同封する請求書の数を確かめるためのものです。\n"
	    "請求者の氏名などは載せていません (請求書そのものを同封します)。\n",
	    p.n);
	return t.buf;
}

char *
proc_mail_cover_text(struct proc_ctx *pc, int64_t mailing_id)
{
	struct store_mailing m;
	struct proc_text t = { NULL, 0, 0 };
	struct mail_print p;
	char city[64], who[256], today[11], day[40];
	int i;

	if (store_mailing_get(pc->st, mailing_id, &m) != 0)
		return NULL;
	memset(&p, 0, sizeof(p));
	p.t = &t;
	if (store_mailing_items(pc->st, m.id, mail_cover_item_cb, &p) == -1)
		return NULL;
	mail_sender(pc, &m, city, sizeof(city), who, sizeof(who));
	util_today(today);
	proc_wareki(today, day, sizeof(day));
	proc_text_add(&t, "                                        %s\n\n", day);
	proc_text_add(&t, "地方公共団体情報システム機構 御中\n\n");
	proc_text_add(&t, "                                        %s長\n"
	    "                                        (%s)\n\n", city, who);
	proc_text_add(&t, "    電子証明書の開示請求書・訂正請求書の送付について\n\n");
	proc_text_add(&t, "標記について、次のとおり送付します。\n\n");
	for (i = 0; i < p.nforms; i++)
		proc_text_add(&t, "  %s書 (%s)  %d 通\n", p.forms[i].what,
		    p.forms[i].form, p.forms[i].n);
	proc_text_add(&t, "  合計  %d 通 (明細は請求書一覧のとおり)\n\n", p.n);
	proc_text_add(&t, "  送付便:   %lld\n  送付方法: 特定記録郵便\n"
	    "  番号:     %s\n", (long long)m.id, mail_tracking(&m));
	return t.buf;
}

/* ---- The list and the cover sheet as PDFs -------------------------------- */

/* The list's table rows: No.\t受付番号\t請求\t様式\t受付日. */
static int
mail_list_row_cb(const struct store_mail_item *it, void *arg)
{
	struct mail_print *p = arg;
	char day[40];

	proc_wareki(it->accepted_at, day, sizeof(day));
	p->n++;
	proc_text_add(p->t, "%d\t%lld\t%s\t%s\t%s\n", p->n,
	    (long long)it->application_id, mail_what(it->procedure), it->form,
	    day);
	return 0;
}

int
proc_mail_list_pdf(struct proc_ctx *pc, int64_t mailing_id, const char *path)
{
	struct store_mailing m;
	struct proc_text t = { NULL, 0, 0 };
	struct mail_print p;
	char city[64], who[256], day[40], *date, *sender, number[24], total[24];
	int rc;

	if (store_mailing_get(pc->st, mailing_id, &m) != 0)
		return -1;
	memset(&p, 0, sizeof(p));
	p.t = &t;
	proc_text_add(&t, "%s", "");
	if (store_mailing_items(pc->st, m.id, mail_list_row_cb, &p) == -1) {
		free(t.buf);
		return -1;
	}
	mail_sender(pc, &m, city, sizeof(city), who, sizeof(who));
	proc_wareki(m.created_at, day, sizeof(day));
	date = xasprintf("作成日 %s", day);
	sender = xasprintf("%s %s", city, who);
	proc_print_clean(sender);
	proc_print_clean_table(t.buf);
	snprintf(number, sizeof(number), "%lld", (long long)m.id);
	snprintf(total, sizeof(total), "%d 件", p.n);
	{
		const struct print_field f[] = {
			{ "number", number },
			{ "date", date },
			{ "sender", sender },
			{ "method", "特定記録郵便 (R6.6, R6-2.5)" },
			{ "tracking", mail_tracking(&m) },
			{ "items", t.buf },
			{ "total", total },
		};

		rc = print_form_write(&print_form_mail_list, f, nitems(f), 0,
		    path);
	}
	free(sender);
	free(date);
	free(t.buf);
	return rc;
}

int
proc_mail_cover_pdf(struct proc_ctx *pc, int64_t mailing_id, const char *path)
{
	struct store_mailing m;
	struct proc_text t = { NULL, 0, 0 };
	struct mail_print p;
	char city[64], who[256], today[11], day[40], number[24], total[24];
	char *sender;
	int i, rc;

	if (store_mailing_get(pc->st, mailing_id, &m) != 0)
		return -1;
	memset(&p, 0, sizeof(p));
	if (store_mailing_items(pc->st, m.id, mail_cover_item_cb, &p) == -1)
		return -1;
	proc_text_add(&t, "%s", "");
	for (i = 0; i < p.nforms; i++)
		proc_text_add(&t, "%s書\t%s\t%d 通\n", p.forms[i].what,
		    p.forms[i].form, p.forms[i].n);
	mail_sender(pc, &m, city, sizeof(city), who, sizeof(who));
	util_today(today);
	proc_wareki(today, day, sizeof(day));
	sender = xasprintf("%s長\n%s %s", city, city, who);
	proc_print_clean(sender);
	proc_print_clean_table(t.buf);
	snprintf(number, sizeof(number), "%lld", (long long)m.id);
	snprintf(total, sizeof(total), "%d 通", p.n);
	{
		const struct print_field f[] = {
			{ "date", day },
			{ "number", number },
			{ "sender", sender },
			{ "forms", t.buf },
			{ "total", total },
			{ "method", "特定記録郵便" },
			{ "tracking", mail_tracking(&m) },
		};

		rc = print_form_write(&print_form_mail_cover, f, nitems(f), 0,
		    path);
	}
	free(sender);
	free(t.buf);
	return rc;
}

/* One of the mailing's documents as a print job for window: where it
 * went (the saved PDF's path, or the printer and CUPS's job), or NULL
 * with why. */
static char *
mail_save(struct proc_ctx *pc, const char *state_dir, const char *window,
    int64_t id, const char *kind, char *why, size_t whylen)
{
	struct store_print_job job;
	char path[512];

	if (proc_print(pc, state_dir, kind, id, window, &job, path,
	    sizeof(path), why, whylen) == -1) {
		log_warnx("print: mailing %lld %s not printed", (long long)id,
		    kind);
		return NULL;
	}
	return proc_print_where(&job, path);
}

/* A mailing's items, gathered before they are changed. */
struct mail_items {
	struct store_mail_item	*v;
	size_t			 n, cap;
};

static int
mail_items_cb(const struct store_mail_item *it, void *arg)
{
	struct mail_items *l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap * 2 + 8;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = *it;
	return 0;
}

struct mail_move {
	const char		*actor;
	int64_t			 id;
	const char		*to;
	const char		*tracking;	/* posted: digits */
	struct store_mailing	 m;		/* as it was */
};

/* The move, each item's step done (posted) or pending again (returned),
 * and the audit row: all or none. */
static int
mail_move_tx(struct store *st, void *arg)
{
	struct mail_move *mv = arg;
	struct mail_items l = { NULL, 0, 0 };
	size_t i;
	int rc = -1;

	if (store_mailing_get(st, mv->id, &mv->m) != 0 ||
	    store_mailing_set_state(st, mv->id, mv->m.state, mv->to,
	    mv->tracking) == -1 ||
	    store_mailing_items(st, mv->id, mail_items_cb, &l) == -1)
		goto out;
	for (i = 0; i < l.n; i++) {
		if (strcmp(mv->to, "posted") == 0 && proc_effect_later_done(st,
		    mv->actor, l.v[i].application_id, l.v[i].seq) == -1)
			goto out;
		if (strcmp(mv->to, "returned") == 0 &&
		    proc_effect_later_reopen(st, mv->actor,
		    l.v[i].application_id, l.v[i].seq) == -1)
			goto out;
	}
	rc = proc_audit_mailing(st, mv->actor, &mv->m, mv->to, mv->tracking);
out:
	free(l.v);
	return rc;
}

static int
mail_move(struct proc_ctx *pc, int64_t id, const char *to,
    const char *tracking, char *msg, size_t msglen)
{
	struct mail_move mv = { pc->actor, id, to, tracking, { 0 } };

	if (store_tx(pc->st, mail_move_tx, &mv) == -1) {
		proc_store_fail(pc, msg, msglen);
		return -1;
	}
	return 0;
}

/* The mailing, or -1 with msg. */
static int
mail_get(struct proc_ctx *pc, int64_t id, struct store_mailing *m, char *msg,
    size_t msglen)
{
	int rc = store_mailing_get(pc->st, id, m);

	if (rc == 1)
		snprintf(msg, msglen, "送付便 %lld はありません。", (long long)id);
	else if (rc == -1)
		proc_store_fail(pc, msg, msglen);
	return rc == 0 ? 0 : -1;
}

int
proc_mail_print(struct proc_ctx *pc, const char *state_dir,
    const char *window, int64_t id,
    char **list_path, char **cover_path, char *msg, size_t msglen)
{
	struct store_mailing m;
	char why[512] = "";

	*list_path = *cover_path = NULL;
	if (mail_get(pc, id, &m, msg, msglen) == -1)
		return -1;
	*list_path = mail_save(pc, state_dir, window, id, "mail-list", why,
	    sizeof(why));
	if (*list_path != NULL)
		*cover_path = mail_save(pc, state_dir, window, id, "mail-cover",
		    why, sizeof(why));
	if (*list_path == NULL || *cover_path == NULL) {
		free(*list_path);
		free(*cover_path);
		*list_path = *cover_path = NULL;
		snprintf(msg, msglen, "送付便 %lld を印刷できませんでした (%s)。"
		    "もう一度試し、続くときは管理者に連絡してください。",
		    (long long)id, why);
		return -1;
	}
	/* Printed again later: the same texts, the state kept. */
	if (strcmp(m.state, "draft") == 0 &&
	    mail_move(pc, id, "printed", NULL, msg, msglen) == -1)
		return -1;
	snprintf(msg, msglen, "送付便 %lld の請求書一覧と送付書を印刷しました。",
	    (long long)id);
	return 0;
}

/* The mailing that already has this number, 0 if none. */
static int
mail_number_cb(const struct store_mailing *m, void *arg)
{
	struct store_mailing *found = arg;

	if (strcmp(m->tracking_no, found->tracking_no) != 0)
		return 0;
	found->id = m->id;
	return 1;
}

int
proc_mail_post(struct proc_ctx *pc, int64_t id, const char *tracking,
    char *msg, size_t msglen)
{
	struct store_mailing m, other;
	char digits[PROC_TRACKING_DIGITS_MAX + 1];

	if (proc_mail_tracking_check(tracking, digits, sizeof(digits), msg,
	    msglen) == -1 || mail_get(pc, id, &m, msg, msglen) == -1)
		return -1;
	if (strcmp(m.state, "draft") != 0 && strcmp(m.state, "printed") != 0) {
		if (strcmp(m.tracking_no, digits) == 0) {
			snprintf(msg, msglen, "送付便 %lld の発送は、この番号で記録"
			    "済みです。", (long long)id);
			return 0;
		}
		snprintf(msg, msglen, "送付便 %lld は、番号 %s で発送済みです。",
		    (long long)id, m.tracking_no);
		return -1;
	}
	if (strcmp(m.state, "draft") == 0) {
		snprintf(msg, msglen, "先に請求書一覧と送付書を印刷してください"
		    " (同封します)。");
		return -1;
	}
	memset(&other, 0, sizeof(other));
	strlcpy_m(other.tracking_no, digits, sizeof(other.tracking_no));
	if (store_mailing_foreach(pc->st, mail_number_cb, &other) == -1)
		return proc_store_fail(pc, msg, msglen), -1;
	if (other.id != 0) {
		snprintf(msg, msglen, "番号 %s は、送付便 %lld に記録されています。"
		    "番号を確かめてください。", digits, (long long)other.id);
		return -1;
	}
	if (mail_move(pc, id, "posted", digits, msg, msglen) == -1)
		return -1;
	snprintf(msg, msglen, "送付便 %lld を発送済みにしました (特定記録郵便 %s、"
	    "請求書 %d 件)。", (long long)id, digits, m.n_items);
	return 0;
}

int
proc_mail_close(struct proc_ctx *pc, int64_t id, const char *to, char *msg,
    size_t msglen)
{
	struct store_mailing m;
	int returned = strcmp(to, "returned") == 0;

	assert(returned || strcmp(to, "delivered") == 0);
	if (mail_get(pc, id, &m, msg, msglen) == -1)
		return -1;
	if (strcmp(m.state, to) == 0) {
		snprintf(msg, msglen, "送付便 %lld は、%sと記録済みです。",
		    (long long)id, proc_mail_state_ja(to));
		return 0;
	}
	if (strcmp(m.state, "posted") != 0) {
		snprintf(msg, msglen, "送付便 %lld は%sのため、%sと記録できません。",
		    (long long)id, proc_mail_state_ja(m.state),
		    proc_mail_state_ja(to));
		return -1;
	}
	if (mail_move(pc, id, to, NULL, msg, msglen) == -1)
		return -1;
	if (returned)
		snprintf(msg, msglen, "送付便 %lld を返送と記録しました。請求書 %d "
		    "件は送付待ちに戻りました (新しい送付便で送れます)。",
		    (long long)id, m.n_items);
	else
		snprintf(msg, msglen, "送付便 %lld を配達済みと記録しました。",
		    (long long)id);
	return 0;
}

/* ---- Where a request's mailing stands ------------------------------------ */

static int
mail_step_cb(const struct store_effect *e, void *arg)
{
	struct store_effect *found = arg;

	if (strcmp(e->effect, "send_to_jlis") != 0)
		return 0;
	*found = *e;
	return 1;
}

int
proc_mail_app_status(struct store *st, int64_t app_id, char *buf,
    size_t size)
{
	struct store_effect e;
	struct store_mail_item it;
	struct store_mailing m;
	int rc;

	memset(&e, 0, sizeof(e));
	if (store_effect_foreach(st, app_id, mail_step_cb, &e) == -1)
		return -1;
	if (e.effect[0] == '\0')
		return 1;
	if ((rc = store_mail_of_app(st, app_id, &it, &m)) == -1)
		return -1;
	if (rc == 1)
		snprintf(buf, size, "%s", strcmp(e.state, "done") == 0 ?
		    "送付済み" : "送付待ち");
	else if (!it.live)
		snprintf(buf, size, "送付待ち (送付便 %lld は返送)",
		    (long long)m.id);
	else if (m.tracking_no[0] != '\0')
		snprintf(buf, size, "%s (送付便 %lld、特定記録 %s)",
		    strcmp(m.state, "delivered") == 0 ? "配達済み" : "送付済み",
		    (long long)m.id, m.tracking_no);
	else
		snprintf(buf, size, "送付便 %lld に入っています (%s)",
		    (long long)m.id, proc_mail_state_ja(m.state));
	return 0;
}
