/*
 * The application every procedure's screens share (see app.h): made for a
 * person and a procedure of the table (procs.c), or loaded from the store;
 * the live decision drawn under the form pages; the person's current
 * certs a revocation chooses from; and the record's keys that resume an
 * application, whatever its procedure. The decision is always the rules
 * core's (rules_decide); the screens only gather the case and show what
 * comes back.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/settings.h"
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

/* The person's valid and held certs, for a revocation to choose from. */
static int
app_cert_cb(const struct store_cert *c, void *arg)
{
	struct app *a = arg;
	struct app_cert *ac;

	if ((strcmp(c->state, "valid") != 0 && strcmp(c->state, "on_hold") != 0)
	    || a->ncerts == APP_CERTS_MAX)
		return 0;
	ac = &a->certs[a->ncerts++];
	memset(ac, 0, sizeof(*ac));
	strlcpy_m(ac->serial, c->serial, sizeof(ac->serial));
	strlcpy_m(ac->kind, c->kind, sizeof(ac->kind));
	strlcpy_m(ac->state, c->state, sizeof(ac->state));
	strlcpy_m(ac->not_after, c->not_after, sizeof(ac->not_after));
	ac->card_id = c->card_id;
	return 0;
}

void
app_load_certs(struct ui *ui, struct app *a)
{
	struct store *st = ui_session(ui)->store;

	a->ncerts = 0;
	if (st != NULL)
		store_cert_foreach(st, a->person.id, app_cert_cb, a);
}

struct app *
app_new(struct ui *ui, const struct store_person *p,
    const struct procedure *pr)
{
	struct app *a = xcalloc(1, sizeof(*a));
	const struct ui_session *s = ui_session(ui);
	int w;

	a->person = *p;
	a->pr = pr;
	rules_case_init(&a->c);
	a->c.procedure = pr->proc;
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
	for (w = 0; w < RULES_WIN_COUNT && s->store != NULL; w++)
		a->window_off[w] = proc_window_enabled(s->store,
		    rules_window_name((enum rules_window)w)) == 0;
	app_load_certs(ui, a);
	if (pr->init != NULL)
		pr->init(ui, a);
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
	    proc_app_case(app, &a->c, &a->d) == -1 ||
	    (a->pr = procedure_of(app->procedure, app->register_)) == NULL) {
		ui_message(ui, "申請", "申請の記録を読めませんでした。");
		free(app);
		free(a);
		return NULL;
	}
	app_load_certs(ui, a);
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
	else
		ui_busy_done(ui);	/* connected: nothing to say */
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

/* The signature PIN: 6-16 of A-Z and 0-9 with a letter and a digit. */
int
app_sign_pin_ok(const char *p)
{
	size_t n = strlen(p), i;
	int alpha = 0, digit = 0;

	if (n < 6 || n > 16)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z')
			alpha = 1;
		else if (p[i] >= '0' && p[i] <= '9')
			digit = 1;
		else
			return 0;
	}
	return alpha && digit;
}

int
app_user_pin_ok(const char *p)
{
	return strlen(p) == 4 && isdigit((unsigned char)p[0]) &&
	    isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	    isdigit((unsigned char)p[3]);
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
	if (a->app_id == 0 && a->pr != NULL && a->pr->fold != NULL)
		a->pr->fold(a);
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
		snprintf(buf, size, proc_app_writes_card(&a->c) ?
		    "未確認 (F4: 書き込む前に本人のカードか確認)" :
		    "未確認 (F4 でカードを読みます)");
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
	const char *label = "";
	char buf[1024];
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
	/* The settings, not the rules: a window switched off. */
	if (a->app_id == 0 && (unsigned)a->c.window < RULES_WIN_COUNT &&
	    a->window_off[a->c.window]) {
		snprintf(buf, sizeof(buf), "受付窓口「%s」は無効です (新しい申請"
		    "は受け付けません)", ui_window_name(ui, rules_window_name(
		    a->c.window)));
		ui_row(ui, &r, "", buf, UI_ATTR_BOLD);
	}
	if (a->pr != NULL && a->pr->describe != NULL) {
		a->pr->describe(a, &label, buf, sizeof(buf));
		ui_row(ui, &r, label, buf, 0);
	}
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

void
app_form_show_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	if (a->app_id == 0)
		app_decide(a);
}

void
app_form_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct app *a = ui_data(ui);
	char buf[512];

	snprintf(buf, sizeof(buf), "%s (%s)  %s  %s", a->person.name,
	    a->person.name_kana, a->pr->label, a->pr->article);
	ui_put(ui, 3, 2, 76, buf, UI_ATTR_BOLD);
	app_draw_decision(ui, a, top, bottom);
}

/* ---- From the person's screen ----------------------------------------- */

struct app_find {
	struct store	*st;
	int64_t		 id;
	int		 rank;
	char		 state[16];
};

/* What F7 resumes: an application interrupted after it began (in
 * progress) before one accepted, before a done one whose step the clerk
 * does by hand is still pending (the card face of a face-auth card),
 * before one waiting for its reply letter (that one is only said); the
 * newest within each; any procedure. */
static int
app_find_cb(const struct store_app *app, void *arg)
{
	static const char *const rank_table[] = { "waiting_reply", "done",
	    "accepted", "in_progress" };
	struct app_find *f = arg;
	int rank;

	for (rank = 0; rank < (int)nitems(rank_table); rank++)
		if (strcmp(app->state, rank_table[rank]) == 0)
			break;
	if (rank == (int)nitems(rank_table))
		return 0;
	if (strcmp(app->state, "done") == 0 &&
	    proc_app_awaits_clerk(f->st, app->id) != 1)
		return 0;
	if (rank + 1 > f->rank || (rank + 1 == f->rank && app->id > f->id)) {
		f->id = app->id;
		f->rank = rank + 1;
		snprintf(f->state, sizeof(f->state), "%s", app->state);
	}
	return 0;
}

int64_t
app_resume_find(struct store *st, int64_t person_id, char *state,
    size_t size)
{
	struct app_find f = { st, 0, 0, "" };

	if (st == NULL || store_app_foreach(st, person_id, app_find_cb, &f)
	    == -1)
		f.id = 0;
	if (state != NULL)
		snprintf(state, size, "%s", f.id != 0 ? f.state : "");
	return f.id;
}

int
app_resume(struct ui *ui, int64_t app_id)
{
	struct app *a = app_load(ui, app_id);

	if (a == NULL)
		return -1;
	if (a->pr->resume == NULL || a->pr->resume(ui, a) == -1) {
		app_unref(a);
		return -1;
	}
	return 0;
}

void
app_resume_cb(struct ui *ui)
{
	const struct store_person *p = ui_data(ui);
	char state[16];
	int64_t id = app_resume_find(ui_session(ui)->store, p->id, state,
	    sizeof(state));

	if (id == 0) {
		ui_message(ui, "再開", "この人には、途中の申請はありません。");
		return;
	}
	if (strcmp(state, "waiting_reply") == 0) {
		ui_message(ui, "再開", "この申請は照会書兼回答書の回答待ちです。"
		    "回答書が届いたら、メニューの「照会書兼回答書」で整理番号から"
		    "受け付けてください。");
		return;
	}
	app_resume(ui, id);
}

/* ---- What every application form shares ---------------------------------- */

/* Choices in the order of the enums they stand for. */
const char *const app_vias[] = { "なし", "法人の一括申請", "DV等の被害者",
	"乳幼児", NULL };
const char *const app_reps[] = { "親権者", "成年後見人", NULL };
const char *const app_auth[] = { "なし", "戸籍謄本等", "市の記録",
	"登記事項証明書", NULL };
const char *const app_noyes[] = { "いいえ", "はい", NULL };
const char *const app_absent[] = { "なし", "あり", NULL };

int
app_choice(const struct ui_field *f, int def)
{
	return f->choice >= 0 ? f->choice : def;
}

void
app_back_cb(struct ui *ui)
{
	ui_close(ui);
}

void
app_docs_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);

	a->docs_filer = 0;
	app_open(ui, "app_docs", a);
}

void
app_filer_cb(struct ui *ui)
{
	app_open(ui, "app_filer", ui_data(ui));
}

void
app_card_cb(struct ui *ui)
{
	app_open(ui, "app_card", ui_data(ui));
}

int
app_targets(const struct app *a, struct proc_targets *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->reason = a->reason == 1 ? ISSUER_REASON_KEY_COMPROMISE :
	    ISSUER_REASON_CESSATION_OF_OPERATION;
	for (i = 0; i < a->ncerts && t->n < PROC_TARGETS_MAX; i++)
		if (a->certs[i].chosen)
			t->serials[t->n++] = a->certs[i].serial;
	/* A correction's text (proc refuses one on any other request). */
	if (a->c.procedure == RULES_PROC_CORRECT || a->request_text[0] != '\0')
		t->text = a->request_text;
	return (int)t->n;
}

/* 1 when the rules reject only for want of the inquiry reply: two list-B
 * documents (R2.4 (2)) or an agent without it (R2.12 (3), R3.6). */
int
app_needs_letter(const struct app *a)
{
	size_t i;
	int reply = 0;

	if (!a->decided || a->d.verdict != RULES_REJECT ||
	    a->d.inquiry_form == RULES_FORM_NONE || a->c.inquiry_reply)
		return 0;
	for (i = 0; i < a->d.n_reasons; i++) {
		enum rules_reason_code r = a->d.reasons[i].code;

		if (r == RULES_RSN_ID_LIST_B_NEEDS_REPLY ||
		    r == RULES_RSN_AGENT_REPLY)
			reply = 1;
		else if (rules_reason_severity(r) == RULES_SEV_REJECT)
			return 0;	/* something else is missing too */
	}
	return reply;
}

/* The application's form (申請書, pre-filled from the record) printed for
 * the applicant to check and sign (書かない窓口): a print job to the
 * printer of the clerk's window, or saved as a PDF without one. One short
 * sentence of where it went into out; a failure is also shown, with where
 * to print it again. */
static void
app_print_form(struct ui *ui, struct app *a, struct proc_ctx *pc, char *out,
    size_t size)
{
	struct store_print_job job;
	char path[512], msg[512];

	if (proc_print(pc, ui_session(ui)->state_dir, "form", a->app_id,
	    ui_session(ui)->window, &job, path, sizeof(path), msg,
	    sizeof(msg)) == -1) {
		snprintf(out, size, "申請書を印刷できませんでした。");
		if (job.id != 0) {
			snprintf(msg, sizeof(msg), "%s\n印刷ジョブ %lld として記録"
			    "しました。プリンタを直してから、保守の「印刷ジョブ」"
			    "でもう一度印刷してください。手続きはこのまま続け"
			    "られます。", job.error, (long long)job.id);
		}
		ui_message(ui, "申請書の印刷", msg);
		return;
	}
	if (strcmp(job.state, "saved") == 0)
		snprintf(out, size, "申請書は PDF で保存しました (印刷ジョブ "
		    "%lld)。", (long long)job.id);
	else
		snprintf(out, size, "申請書を「%s」に送りました。", job.queue);
}

/* The letter path (R2.4 (2), R2.12 (3), R3.7): saved as waiting for the
 * reply, the procedure's letter printed for the registered address and
 * marked sent. */
void
app_letter_cb(struct ui *ui)
{
	struct app *a = ui_data(ui);
	const char *state_dir = ui_session(ui)->state_dir;
	struct store_letter l;
	struct proc_targets t;
	struct proc_ctx *pc;
	char msg[1024], form[256], *path = NULL;

	if (!app_needs_letter(a)) {
		ui_message(ui, "照会書兼回答書", "この申請は照会書兼回答書を"
		    "送らずに判定できます (判定を見てください)。");
		return;
	}
	if (!ui_confirm(ui, "照会書兼回答書を本人の住所に送り、申請を回答待ちで"
	    "保存しますか。") || ui_clerk_recheck(ui) == -1 ||
	    (pc = app_ctx(ui, a)) == NULL)
		return;
	app_targets(a, &t);
	if (proc_app_save_letter(pc, &a->person, app_clerk_id(ui), &a->c, &t,
	    rules_form_name(a->d.inquiry_form), state_dir, &l, &path, msg,
	    sizeof(msg)) == -1) {
		ui_message(ui, "照会書兼回答書", msg);
		return;
	}
	a->app_id = l.application_id;
	app_print_form(ui, a, pc, form, sizeof(form));
	if (path == NULL) {
		ui_message(ui, "照会書兼回答書", msg);
		ui_close_to(ui, "person");
		return;
	}
	snprintf(msg, sizeof(msg), "整理番号 %s の照会書兼回答書 (%s) を印刷し、"
	    "送付済みにしました。\n印刷: %s\n申請は回答待ちで保存しました。"
	    "\n%s", l.ref_no, rules_form_name(a->d.inquiry_form), path, form);
	free(path);
	ui_message(ui, "照会書兼回答書", msg);
	ui_close_to(ui, "person");
}

/* What the rules reject for, one line each, for the clerk. */
static void
app_refusal(const struct app *a, char *msg, size_t size)
{
	size_t i, len;

	len = (size_t)snprintf(msg, size, "規則により受付できません。\n%s",
	    a->decided ? "" : "入力の組合せが要綱にありません (画面の下の理由を"
	    "見てください)。\n");
	for (i = 0; a->decided && i < a->d.n_reasons && len < size; i++) {
		if (rules_reason_severity(a->d.reasons[i].code) !=
		    RULES_SEV_REJECT)
			continue;
		len += (size_t)snprintf(msg + len, size - len, "・");
		if (len < size)
			len += (size_t)rules_reason_format(&a->d.reasons[i],
			    msg + len, size - len);
		if (len < size)
			len += (size_t)snprintf(msg + len, size - len, "\n");
	}
}

int
app_accept(struct ui *ui, struct app *a)
{
	struct store_app *app;
	struct proc_targets t;
	struct proc_ctx *pc;
	char msg[2048], form[256];

	if (!a->decided || a->d.verdict != RULES_ACCEPT) {
		app_refusal(a, msg, sizeof(msg));
		ui_status(ui, 1, "受付できません (理由は画面の下)。");
		ui_message(ui, "受付できません", msg);
		return -1;
	}
	if (ui_clerk_recheck(ui) == -1 || (pc = app_ctx(ui, a)) == NULL)
		return -1;
	app_targets(a, &t);
	app = xcalloc(1, sizeof(*app));
	if (proc_app_save(pc, &a->person, app_clerk_id(ui), &a->c,
	    a->chk_done ? &a->chk : NULL, &t, "accepted", app, msg,
	    sizeof(msg)) == -1) {
		free(app);
		ui_message(ui, "受付", msg);
		return -1;
	}
	a->app_id = app->id;
	a->route = proc_route_parse(app->card_route);
	free(app);
	app_print_form(ui, a, pc, form, sizeof(form));
	ui_status(ui, 0, "受付番号 %lld で受け付けました。%s",
	    (long long)a->app_id, form);
	return 0;
}
