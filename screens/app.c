/*
 * Issuance at the counter: the application shared by its screens (see
 * issue.h), the live decision drawn under the form pages, and the person
 * screen's keys that start or resume an application. The decision is
 * always the rules core's (rules_decide); the screens only gather the
 * case and show what comes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static int
app_valid_sig_cb(const struct store_cert *c, void *arg)
{
	if (strcmp(c->kind, "signature") == 0 && strcmp(c->state, "valid") == 0)
		*(bool *)arg = true;
	return 0;
}

struct app *
app_new(struct ui *ui, const struct store_person *p)
{
	struct app *a = xcalloc(1, sizeof(*a));
	const struct ui_session *s = ui_session(ui);
	int w;

	a->person = *p;
	rules_case_init(&a->c);
	a->c.procedure = RULES_PROC_ISSUE;
	a->c.reg = strcmp(p->register_, "overseas") == 0 ? RULES_REG_OVERSEAS :
	    RULES_REG_RESIDENT;
	ui_today(ui, &a->c.date);
	if (era_parse_iso(p->birth_date, &a->c.birth_date) == -1)
		a->c.birth_date = a->c.date;
	a->c.adult_ward = p->adult_ward != 0;
	a->c.certs = RULES_CERT_ALL;
	/* R4-3.7: a face-auth switch revokes a valid signature cert. */
	if (s->store != NULL)
		store_cert_foreach(s->store, p->id, app_valid_sig_cb,
		    &a->c.has_valid_signature);
	a->c.window = RULES_WIN_CITIZENS;
	for (w = 0; w < RULES_WIN_COUNT && s->window != NULL; w++)
		if (strcmp(rules_window_name(w), s->window) == 0)
			a->c.window = w;
	if (a->c.reg == RULES_REG_RESIDENT && a->c.window == RULES_WIN_EMBASSY)
		a->c.window = RULES_WIN_CITIZENS;
	app_decide(a);
	return a;
}

struct app *
app_load(struct ui *ui, int64_t app_id)
{
	struct store *st = ui_session(ui)->store;
	struct store_app *app = xcalloc(1, sizeof(*app));
	struct app *a = xcalloc(1, sizeof(*a));

	if (store_app_get(st, app_id, app) != 0 ||
	    store_person_get(st, app->person_id, &a->person) != 0 ||
	    proc_app_case(app, &a->c, &a->d) == -1) {
		ui_message(ui, "申請", "申請の記録を読めませんでした。");
		free(app);
		free(a);
		return NULL;
	}
	a->decided = 1;
	a->app_id = app_id;
	a->route = proc_route_parse(app->card_route);
	a->done = strcmp(app->state, "done") == 0;
	free(app);
	return a;
}

int
app_open(struct ui *ui, const char *screen_id, struct app *a)
{
	a->refs++;
	if (ui_open_with(ui, screen_id, a) == -1) {
		a->refs--;
		return -1;
	}
	return 0;
}

void
app_unref(void *p)
{
	struct app *a = p;

	if (a == NULL || --a->refs > 0)
		return;
	if (a->pc_open)
		proc_ctx_close(&a->pc);
	free(a->receipt);
	secure_wipe(a, sizeof(*a));
	free(a);
}

struct proc_ctx *
app_ctx(struct ui *ui, struct app *a)
{
	const struct ui_session *s = ui_session(ui);
	char why[512];

	if (a->pc_open)
		return &a->pc;
	if (s->state_dir == NULL || s->store == NULL) {
		ui_message(ui, "申請", "状態ディレクトリが分からないため、"
		    "カードと発行局を使えません。");
		return NULL;
	}
	ui_busy(ui, "発行局とカードリーダーに接続しています...");
	if (proc_ctx_open(&a->pc, s->store, s->state_dir, s->login, why,
	    sizeof(why)) == -1)
		ui_status(ui, 1, "%s", why);
	a->pc_open = 1;
	return &a->pc;
}

int64_t
app_clerk_id(struct ui *ui)
{
	const struct ui_session *s = ui_session(ui);
	struct store_clerk c;

	if (s->store == NULL || s->login == NULL ||
	    store_clerk_by_login(s->store, s->login, &c) != 0)
		return 0;
	return c.id;
}

const char *
app_pin_label(enum rules_pin_setter p)
{
	static const char *const label[RULES_PIN_COUNT] = {
		[RULES_PIN_NONE] = "設定なし",
		[RULES_PIN_APPLICANT] = "申請者が入力",
		[RULES_PIN_STAFF_FROM_REQUEST] = "職員が依頼書から入力",
		[RULES_PIN_STAFF_RANDOM] = "職員が無作為に設定",
		[RULES_PIN_EXISTING] = "今の暗証番号を引き継ぐ",
	};

	return p >= 0 && p < RULES_PIN_COUNT ? label[p] : "?";
}

void
app_certs_label(unsigned certs, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s%s",
	    certs & RULES_CERT_SIGNATURE ? "署名用" : "",
	    certs == RULES_CERT_ALL ? "・" : "",
	    certs & RULES_CERT_USER ? "利用者証明用" : "");
	if (certs == 0)
		snprintf(buf, size, "なし");
}

/* The checklists into the case (at most RULES_MAX_DOCUMENTS each). */
static void
app_fold_docs(const unsigned char *rows, struct rules_document *docs,
    size_t *n)
{
	int i;

	*n = 0;
	for (i = 0; i < APP_DOC_ROWS && *n < RULES_MAX_DOCUMENTS; i++) {
		struct rules_document *d = &docs[*n];

		if (rows[i] == APP_DOC_NONE)
			continue;
		d->list = i < RULES_LIST_A_ITEMS ? RULES_LIST_A : RULES_LIST_B;
		d->item = i < RULES_LIST_A_ITEMS ? i + 1 :
		    i - RULES_LIST_A_ITEMS + 1;
		d->valid = rows[i] != APP_DOC_EXPIRED;
		d->photo = rows[i] == APP_DOC_VALID_PHOTO;
		(*n)++;
	}
}

void
app_fold_card(struct app *a)
{
	struct rules_case *c = &a->c;

	c->has_card = a->chk_done && a->chk.basic4_read;
	c->card.face_auth = a->chk.known_face_auth != 0;
	c->card.pin_verified = a->chk.pin_verified != 0;
	c->card.registry_match = a->chk.registry_match != 0;
	c->card.status_ok = a->chk.status_ok != 0;
	c->card.face_data_matches = a->face_compare == 1;
}

void
app_decide(struct app *a)
{
	struct rules_case *c = &a->c;
	struct rules_error err;

	app_fold_docs(a->docs[0], c->documents, &c->n_documents);
	app_fold_docs(a->docs[1], c->filer_documents, &c->n_filer_documents);
	c->has_legal_rep = c->filer == RULES_FILER_LEGAL_REP;
	if (c->window != RULES_WIN_VIA_MUNICIPALITY)
		c->via_ground = RULES_VIA_NONE;
	app_fold_card(a);
	a->decided = rules_decide(c, &a->d, &err) == 0;
	if (!a->decided)
		snprintf(a->err, sizeof(a->err), "%s: %s", err.field,
		    err.message);
}

/* "R2.1 R2.5 ..." of the rules the decision cites. */
static void
app_cited(const struct rules_decision *d, char *buf, size_t size)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < RULES_ID_COUNT && n + 1 < size; i++)
		if (d->cited[i])
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n > 0 ? " " : "", rules_id_name(i));
}

/* The presented documents, short: "A1 運転免許証 / B3 ...". */
static void
app_docs_line(const struct rules_case *c, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < c->n_documents && n + 1 < size; i++) {
		const struct rules_document *d = &c->documents[i];

		n += (size_t)snprintf(buf + n, size - n, "%s%c%d %s%s",
		    i > 0 ? " / " : "", d->list == RULES_LIST_A ? 'A' : 'B',
		    d->item, rules_document_name(d->list, d->item),
		    d->valid ? "" : "(期限切れ)");
	}
	if (c->n_documents == 0)
		snprintf(buf, size, "未選択 (F2 で選びます)");
}

static void
app_card_line(const struct app *a, char *buf, size_t size)
{
	if (!a->chk_done) {
		snprintf(buf, size, "未確認 (F4: 書き込む前に本人のカードか確認)");
		return;
	}
	snprintf(buf, size, "%s  %s %s  暗証番号 %s  券面照合 %s",
	    a->chk.card_number[0] != '\0' ? a->chk.card_number : "番号なし",
	    a->chk.route == PROC_ROUTE_FACE ? "券面事項" : "基本4情報",
	    !a->chk.basic4_read ? "未読取" :
	    a->chk.registry_match ? "一致" : "不一致",
	    a->chk.pin_verified ? "照合済" : "未照合",
	    a->face_compare == 1 ? "一致" : a->face_compare == 2 ? "不一致" :
	    "未");
}

/* A case the rules call malformed, said for the clerk: which item of the
 * form does not fit (the rules' own English words go to no screen). */
const char *
app_malformed(const char *err)
{
	static const char *const text[][2] = {
		{ "case.window", "在外公館は国外転出者の申請だけの窓口です"
		  "（R2-2.2）" },
		{ "case.via_ground", "経由地市区町村のときは経由の事由を選んでください"
		  "（R2.2）" },
		{ "case.legal_rep", "法定代理人の事項が申請する人と合いません" },
		{ "case.combined_with", "この手続と一緒に出せない様式の組合せです" },
		{ "case.certs", "求める証明書の指定が手続と合いません" },
		{ "case.documents", "本人確認書類の指定に誤りがあります" },
		{ "case.filer_documents", "代理人の本人確認書類の指定に誤りがあります" },
	};
	size_t i;

	for (i = 0; i < nitems(text); i++)
		if (strncmp(err, text[i][0], strlen(text[i][0])) == 0)
			return text[i][1];
	return "入力の組合せが要綱にありません";
}

void
app_draw_decision(struct ui *ui, const struct app *a, int top,
    int bottom)
{
	const struct rules_decision *d = &a->d;
	struct ui_rows r = { top, bottom, 2, 11, 76 };
	char buf[1024], certs[64];
	size_t i, n;

	if (!a->decided) {
		ui_row(ui, &r, "判定", "受付できません",
		    UI_ATTR_BOLD | UI_ATTR_REVERSE);
		ui_row(ui, &r, "理由", app_malformed(a->err), UI_ATTR_BOLD);
		return;
	}
	ui_row(ui, &r, "判定", d->verdict == RULES_ACCEPT ?
	    "受付できます" : "受付できません", UI_ATTR_BOLD |
	    (d->verdict == RULES_ACCEPT ? 0 : UI_ATTR_REVERSE));
	app_certs_label(d->issue, certs, sizeof(certs));
	snprintf(buf, sizeof(buf), "%s   暗証番号: %s", certs,
	    app_pin_label(d->pin_set_by));
	ui_row(ui, &r, "発行", buf, 0);
	app_docs_line(&a->c, buf, sizeof(buf));
	ui_row(ui, &r, "本人確認", buf, 0);
	app_card_line(a, buf, sizeof(buf));
	ui_row(ui, &r, "カード", buf, 0);
	if (d->verdict == RULES_ACCEPT && proc_app_writes_card(&a->c) &&
	    !proc_card_proven(&a->c))
		ui_row(ui, &r, "", "書き込む前にカードの確認 (F4) "
		    "が必要です (R2.8)", UI_ATTR_BOLD);
	n = (size_t)snprintf(buf, sizeof(buf), "%s  ", d->form != RULES_FORM_NONE ?
	    rules_form_name(d->form) : "");
	app_cited(d, buf + n, sizeof(buf) - n);
	ui_row(ui, &r, "様式・根拠", buf, 0);
	for (i = 0; i < d->n_reasons && r.row < bottom; i++) {
		rules_reason_format(&d->reasons[i], buf, sizeof(buf));
		if (i == 0)
			ui_put(ui, r.row, r.col, r.label_cols, "理由",
			    UI_ATTR_BOLD);
		r.row += ui_wrap(ui, r.row, bottom, r.col + r.label_cols,
		    r.cols - r.label_cols, buf,
		    rules_reason_severity(d->reasons[i].code) ==
		    RULES_SEV_REJECT ? UI_ATTR_BOLD : 0);
	}
}

/* ---- From the person's screen ----------------------------------------- */

void
issue_start_cb(struct ui *ui)
{
	const struct store_person *p = ui_data(ui);
	struct app *a = app_new(ui, p);

	if (app_open(ui, "issue_form", a) == -1)
		app_unref(a);
}

struct issue_find {
	int64_t	id;
	int	rank;
	char	state[16];
};

/* What F7 resumes: an issuance interrupted after it touched the card
 * (in_progress) before one accepted, before one waiting for its reply
 * letter (that one is only said); the newest within each. */
static int
issue_find_cb(const struct store_app *app, void *arg)
{
	static const char *const rank_table[] = { "waiting_reply", "accepted",
	    "in_progress" };
	struct issue_find *f = arg;
	int rank;

	if (strcmp(app->procedure, "issue") != 0)
		return 0;
	for (rank = 0; rank < (int)nitems(rank_table); rank++)
		if (strcmp(app->state, rank_table[rank]) == 0)
			break;
	if (rank == (int)nitems(rank_table))
		return 0;
	if (rank + 1 > f->rank || (rank + 1 == f->rank && app->id > f->id)) {
		f->id = app->id;
		f->rank = rank + 1;
		snprintf(f->state, sizeof(f->state), "%s", app->state);
	}
	return 0;
}

int64_t
issue_resume_find(struct store *st, int64_t person_id, char *state,
    size_t size)
{
	struct issue_find f = { 0, 0, "" };

	if (st == NULL || store_app_foreach(st, person_id, issue_find_cb, &f)
	    == -1)
		f.id = 0;
	if (state != NULL)
		snprintf(state, size, "%s", f.id != 0 ? f.state : "");
	return f.id;
}

void
issue_resume_cb(struct ui *ui)
{
	const struct store_person *p = ui_data(ui);
	struct app *a;
	char state[16];
	int64_t id = issue_resume_find(ui_session(ui)->store, p->id, state,
	    sizeof(state));

	if (id == 0) {
		ui_message(ui, "再開", "この人には、発行の途中の申請はありません。");
		return;
	}
	if (strcmp(state, "waiting_reply") == 0) {
		ui_message(ui, "再開", "この申請は照会書兼回答書の回答待ちです。"
		    "回答書が届いたら、メニューの「照会書兼回答書」で整理番号から"
		    "受け付けてください。");
		return;
	}
	if ((a = app_load(ui, id)) == NULL)
		return;
	if (issue_open_run(ui, a) == -1)
		app_unref(a);
}
