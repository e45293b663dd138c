/*
 * 照会書兼回答書 (R2.4 (2), R2.9, R2.12 (3)): the letters sent to the
 * registered address for an application that waits for the reply. The
 * clerk finds a letter by its reference number (the agent or the person
 * brings the reply), marks it returned (the application is decided again
 * with the reply and becomes accepted: proc_app_reply_returned) and goes
 * on with the card checks and the issuing, the person's record taking the
 * letter's place under them; or voids the letter. Each change asks
 * ui_clerk_recheck first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"
#include "app.h"
#include "screens.h"

static const struct ui_field_spec inquiry_fields[] = {
	{ .id = "ref_no", .label = "整理番号", .kind = UI_FIELD_TEXT,
	  .width = 18, .max_chars = 15, .required = 1,
	  .hint = "照会書兼回答書に印刷された番号" },
};

struct letter_view {
	struct store_letter	l;
	struct store_app	app;
	struct store_person	person;
};

static const char *
letter_state_label(const char *s)
{
	return strcmp(s, "created") == 0 ? "作成済み" :
	    strcmp(s, "sent") == 0 ? "送付済み (回答待ち)" :
	    strcmp(s, "returned") == 0 ? "回答書の返送を受付済み" :
	    strcmp(s, "used") == 0 ? "使用済み" :
	    strcmp(s, "void") == 0 ? "無効" : s;
}

static const char *
letter_app_state(const char *s)
{
	const char *label = vocab_label_of(VOCAB_APP_STATE, s);

	return label != NULL ? label : s;
}

static int
letter_load(struct store *st, const char *ref, struct letter_view *v)
{
	if (store_letter_by_ref(st, ref, &v->l) != 0)
		return -1;
	if (store_app_get(st, v->l.application_id, &v->app) != 0 ||
	    store_person_get(st, v->app.person_id, &v->person) != 0)
		return -1;
	return 0;
}

int
letter_open(struct ui *ui, const char *ref)
{
	struct letter_view *v = xcalloc(1, sizeof(*v));

	if (letter_load(ui_session(ui)->store, ref, v) == -1) {
		free(v);
		ui_message(ui, "照会書兼回答書", "その整理番号の照会書兼回答書は"
		    "ありません。");
		return -1;
	}
	if (ui_open_with(ui, "inquiry_letter", v) == -1) {
		free(v);
		return -1;
	}
	return 0;
}

static int
inquiry_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	char ref[64];

	(void)n;
	ui_field_get(&f[0], ref, sizeof(ref));
	letter_open(ui, ref);
	return 0;
}

static const struct screen_key inquiry_keys[] = {
	{ 5, 0, "検索", SCREEN_ACT_SUBMIT, NULL },
};

const struct screen screen_inquiry = {
	.id = "inquiry",
	.title = "照会書兼回答書",
	.help =
	    "照会書兼回答書 (発行は様式第2号、失効は様式第4号など) の整理番号を"
	    "入れて F5 で探します。\n"
	    "照会書は、各手続きの申請の画面 (F6) で作り、印刷して送ります。\n"
	    "回答書を持って来られたら、ここで返送を受け付け、手続きを続けます。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = inquiry_fields,
	.nfields = nitems(inquiry_fields),
	.keys = inquiry_keys,
	.nkeys = nitems(inquiry_keys),
	.submit = inquiry_submit_cb,
};

static void
letter_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct letter_view *v = ui_data(ui);
	struct ui_rows r = { top + 1, bottom, 2, 14, 76 };
	char buf[640];

	ui_row(ui, &r, "整理番号", v->l.ref_no, UI_ATTR_NORMAL);
	ui_row(ui, &r, "様式", v->l.form, UI_ATTR_NORMAL);
	ui_row(ui, &r, "状態", letter_state_label(v->l.state),
	    UI_ATTR_NORMAL);
	era_format_time(v->l.created_at, 0, buf, sizeof(buf));
	ui_row(ui, &r, "作成", buf, UI_ATTR_NORMAL);
	snprintf(buf, sizeof(buf), "%s (%s)", v->person.name,
	    v->person.name_kana);
	ui_row(ui, &r, "本人", buf, UI_ATTR_NORMAL);
	/* The address whole, over as many rows as it takes. */
	if (r.row < r.bottom) {
		ui_put(ui, r.row, r.col, r.label_cols, "住所", UI_ATTR_BOLD);
		r.row += ui_wrap(ui, r.row, r.bottom, r.col + r.label_cols,
		    r.cols - r.label_cols, v->person.address, UI_ATTR_NORMAL);
	}
	snprintf(buf, sizeof(buf), "受付番号 %lld  %s  %s",
	    (long long)v->app.id, v->app.form, letter_app_state(v->app.state));
	ui_row(ui, &r, "申請", buf, UI_ATTR_NORMAL);
	r.row++;
	ui_row(ui, &r, "", "F5: 回答書の返送を受け付けて手続きを続ける",
	    UI_ATTR_NORMAL);
	ui_row(ui, &r, "", "F6: 印刷 (送付済みにする)  F8: 無効にする",
	    UI_ATTR_NORMAL);
}

/* F6: print a letter the first printing missed (then it is sent), or
 * print a sent one again. */
static void
letter_print_cb(struct ui *ui)
{
	struct letter_view *v = ui_data(ui);
	struct proc_ctx pc;
	char msg[512], why[512], *path;

	if (ui_session(ui)->state_dir == NULL || ui_clerk_recheck(ui) == -1)
		return;
	proc_ctx_open(&pc, ui_session(ui)->store, ui_session(ui)->state_dir,
	    ui_session(ui)->login, why, sizeof(why));
	path = proc_letter_send(&pc, ui_session(ui)->state_dir, v->l.ref_no,
	    msg, sizeof(msg));
	proc_ctx_close(&pc);
	if (path == NULL) {
		ui_message(ui, "照会書兼回答書", msg);
		return;
	}
	letter_load(ui_session(ui)->store, v->l.ref_no, v);
	ui_status(ui, 0, "印刷: %s", path);
	free(path);
}

/* F5: the reply came back; the application is decided again with it. The
 * letter is then dealt with: the person's record takes its place, so that
 * Esc from the card checks, and F9 on the receipt, come back to the
 * person's record as on the other ways to the issuing. */
static void
letter_returned_cb(struct ui *ui)
{
	struct letter_view *v = ui_data(ui);
	struct store_app *app;
	struct app *a;
	struct proc_ctx pc;
	char msg[512], why[512];
	int rc;

	if (strcmp(v->l.state, "sent") != 0 &&
	    strcmp(v->l.state, "returned") != 0) {
		ui_message(ui, "照会書兼回答書", "この照会書兼回答書は受け付け"
		    "られません (状態を確かめてください)。");
		return;
	}
	if (strcmp(v->l.state, "sent") == 0) {
		if (ui_session(ui)->state_dir == NULL ||
		    ui_clerk_recheck(ui) == -1)
			return;
		proc_ctx_open(&pc, ui_session(ui)->store,
		    ui_session(ui)->state_dir, ui_session(ui)->login, why,
		    sizeof(why));
		app = xcalloc(1, sizeof(*app));
		rc = proc_app_reply_returned(&pc, v->l.ref_no, app, msg,
		    sizeof(msg));
		proc_ctx_close(&pc);
		free(app);
		if (rc == -1) {
			ui_message(ui, "照会書兼回答書", msg);
			return;
		}
		letter_load(ui_session(ui)->store, v->l.ref_no, v);
	}
	if ((a = app_load(ui, v->l.application_id)) == NULL)
		return;
	if (person_replace(ui, &a->person, a->pr) == -1) { /* v is gone */
		app_unref(a);
		return;
	}
	/* What writes to the card checks the card first (R2.8); the rest
	 * goes on with its steps. */
	if (proc_app_writes_card(&a->c)) {
		ui_status(ui, 0, "回答書を受け付けました。カードを確認してから"
		    "続けます。");
		if (app_open(ui, "app_card", a) == -1)
			app_unref(a);
		return;
	}
	ui_status(ui, 0, "回答書を受け付けました。");
	if (a->pr->resume(ui, a) == -1)
		app_unref(a);
}

/* F8: a letter is void only with its application, which still waits for
 * the reply: cancelled with the clerk's reason (app_cancel), which voids
 * its letters in the same transaction and audits it. */
static void
letter_void_cb(struct ui *ui)
{
	const struct letter_view *v = ui_data(ui);
	char line[160];

	if (strcmp(v->app.state, "waiting_reply") != 0) {
		ui_message(ui, "照会書兼回答書", "この照会書兼回答書の申請は回答"
		    "待ちではないため、無効にできません。申請を取り消すときは、"
		    "本人の記録で F8 を押します。");
		return;
	}
	snprintf(line, sizeof(line), "照会書兼回答書 %s の申請 (回答待ち)",
	    v->l.ref_no);
	app_void_start(ui, v->person.id, v->app.id, v->l.ref_no, line);
}

/* Back on top (after a cancel): the letter as it is now. */
static void
letter_show_cb(struct ui *ui)
{
	struct letter_view *v = ui_data(ui);

	letter_load(ui_session(ui)->store, v->l.ref_no, v);
}

static const struct screen_key letter_keys[] = {
	{ 5, 'r', "返送受付", SCREEN_ACT_CALL, letter_returned_cb },
	{ 6, 'p', "印刷", SCREEN_ACT_CALL, letter_print_cb },
	{ 8, 'v', "無効", SCREEN_ACT_CALL, letter_void_cb },
};

const struct screen screen_inquiry_letter = {
	.id = "inquiry_letter",
	.title = "照会書兼回答書",
	.help =
	    "回答書を受け付けると、申請は規則で判定し直して受付済みになります。\n"
	    "そのあと手続きを続けます (F5): カードに書き込む手続きはカードの"
	    "確認から、失効はその実行から。\n"
	    "F6 で印刷します (印刷できていない照会書は送付済みになります)。\n"
	    "F8 で照会書兼回答書を無効にします。",
	.kind = SCREEN_INFO,
	.min_role = UI_ROLE_CLERK,
	.keys = letter_keys,
	.nkeys = nitems(letter_keys),
	.draw = letter_draw_cb,
	.show = letter_show_cb,
	.free_data = free,
};
