/*
 * Printable texts for the counter printer, in UTF-8 plain text: the
 * inquiry/reply letter (照会書兼回答書) mailed to the registered address,
 * and the acceptance slip handed to the applicant. Neither carries a PIN
 * or the individual number; only ASCII rules and kanji, so any Japanese
 * printer font lays them out alike.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "madoguchi/era.h"
#include "madoguchi/issuer.h"
#include "madoguchi/proc.h"
#include "madoguchi/rules.h"
#include "madoguchi/state.h"
#include "madoguchi/settings.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "proc_int.h"

void
proc_text_add(struct proc_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (n > 0 ? (size_t)n : 0) + 256;
		t->buf = xreallocarray(t->buf, t->cap, 1);
	}
	t->len += n;
}

void
proc_wareki(const char *iso, char *out, size_t size)
{
	struct era_date d;
	char day[11];

	/* A stored timestamp (UTC) is on the day it was in Japan. */
	if (strlen(iso) > 10 && era_format_time(iso, ERA_TIME_DATE, out,
	    size) == 0)
		return;
	strlcpy_m(day, iso, sizeof(day));
	if (era_parse_iso(day, &d) == -1 || era_format_wareki(&d, out, size)
	    == -1)
		strlcpy_m(out, iso, size);
}

/* A stored kind ("signature", "user") as printed; an unknown one prints
 * as the user cert, as before the table. */
static const char *
cert_label(const char *kind)
{
	return rules_cert_label(rules_cert_parse(kind) == RULES_CERT_SIGNATURE ?
	    RULES_CERT_SIGNATURE : RULES_CERT_USER);
}

static void
certs_label(const char *words, char *out, size_t size)
{
	int sig = strstr(words, rules_cert_name(RULES_CERT_SIGNATURE)) != NULL;
	int user = strstr(words, rules_cert_name(RULES_CERT_USER)) != NULL;

	snprintf(out, size, "%s%s%s",
	    sig ? rules_cert_label(RULES_CERT_SIGNATURE) : "",
	    sig && user ? "・" : "",
	    user ? rules_cert_label(RULES_CERT_USER) : "");
}

/* The seed's own title of a form printed by its name (様式第4号 ...). */
static const char *
form_title(const char *name)
{
	int f;

	for (f = RULES_FORM_NONE + 1; f < RULES_FORM_COUNT; f++)
		if (strcmp(rules_form_name(f), name) == 0)
			return rules_form_title(f);
	return "照会書兼回答書";
}

/* What the application asks, as the letter says it: 署名用電子証明書・
 * 利用者証明用電子証明書の発行, ...の失効, ...の暗証番号の初期化. */
static void
letter_what(const struct store_app *a, char *out, size_t size)
{
	struct rules_case c;
	struct rules_decision d;
	char certs[80];

	if (strcmp(a->procedure, "issue") == 0) {
		certs_label(a->issue_certs[0] != '\0' ? a->issue_certs :
		    "signature user", certs, sizeof(certs));
		snprintf(out, size, "%sの発行", certs);
	} else if (strcmp(a->procedure, "revoke") == 0 ||
	    strcmp(a->procedure, "card_found") == 0) {
		certs_label(a->revoke_certs[0] != '\0' ? a->revoke_certs :
		    "signature user", certs, sizeof(certs));
		snprintf(out, size, "%sの失効", certs);
	} else {
		if (proc_app_case(a, &c, &d) == -1)
			c.certs = RULES_CERT_ALL;
		certs_label(c.certs == RULES_CERT_SIGNATURE ? "signature" :
		    c.certs == RULES_CERT_USER ? "user" : "signature user",
		    certs, sizeof(certs));
		if (strcmp(a->procedure, "disclose") == 0 ||
		    strcmp(a->procedure, "correct") == 0)
			snprintf(out, size, "%sに関する記録の%s", certs,
			    strcmp(a->procedure, "disclose") == 0 ? "開示" :
			    "訂正");
		else
			snprintf(out, size, "%sの%s", certs,
			    proc_procedure_ja(a->procedure));
	}
}

/* A bidi control or an invisible format character (U+061C, U+200B-U+200F,
 * U+202A-U+202E, U+2060-U+2069, U+FEFF): it would reorder or hide what the
 * paper says. */
static int
print_hidden(unsigned long cp)
{
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/*
 * What goes to paper carries no control sequence (issue 14 item 5): C0
 * controls but '\n', DEL, C1 controls (U+0080-U+009F), bidi and invisible
 * format characters and invalid UTF-8 each become one '?', in place (the
 * text only shrinks). Names are checked when they are entered; this is
 * for what came in before the checks, or by another door.
 */
static void
print_clean_cells(char *text, int tabs)
{
	unsigned char *r = (unsigned char *)text, *w = r;
	unsigned long cp;
	int n, i;

	while (*r != '\0') {
		if (*r < 0x80) {
			*w++ = (*r >= 0x20 && *r != 0x7f) || *r == '\n' ||
			    (tabs && *r == '\t') ? *r : '?';
			r++;
			continue;
		}
		n = *r >= 0xf0 && *r <= 0xf4 ? 4 : *r >= 0xe0 ? 3 :
		    *r >= 0xc2 && *r < 0xe0 ? 2 : 0;
		cp = n == 2 ? *r & 0x1f : n == 3 ? *r & 0x0f : *r & 0x07;
		for (i = 1; i < n; i++) {
			if ((r[i] & 0xc0) != 0x80)
				break;
			cp = (cp << 6) | (r[i] & 0x3f);
		}
		if (n == 0 || i < n || (n == 3 && cp < 0x800) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff) ||
		    (cp >= 0x80 && cp <= 0x9f) || print_hidden(cp)) {
			*w++ = '?';
			r += n == 0 || i < n ? (i > 1 ? i : 1) : n;
			continue;
		}
		memmove(w, r, n);
		w += n;
		r += n;
	}
	*w = '\0';
}

static void
print_clean(char *text)
{
	print_clean_cells(text, 0);
}

void
proc_print_clean(char *text)
{
	print_clean(text);
}

void
proc_print_clean_table(char *rows)
{
	print_clean_cells(rows, 1);
}

char *
proc_letter_text(struct proc_ctx *pc, const struct store_letter *l)
{
	struct proc_text t = { 0 };
	struct store_app *a = xmalloc(sizeof(*a));
	struct store_person p;
	char city[64] = "豊中市", today[11], wd[40], ad[40], certs[160];

	if (store_app_get(pc->st, l->application_id, a) != 0 ||
	    store_person_get(pc->st, a->person_id, &p) != 0) {
		free(a);
		return NULL;
	}
	store_setting_get(pc->st, SETTING_CITY_NAME, city, sizeof(city));
	util_today(today);
	proc_wareki(today, wd, sizeof(wd));
	proc_wareki(a->created_at, ad, sizeof(ad));
	letter_what(a, certs, sizeof(certs));
	proc_text_add(&t, "%s                                        %s\n\n",
	    l->form, wd);
	proc_text_add(&t, "%s\n%s 様\n\n", p.address, p.name);
	proc_text_add(&t, "                                                %s長\n\n",
	    city);
	proc_text_add(&t, "    %s\n\n", form_title(l->form));
	proc_text_add(&t, "照会番号: %s\n\n", l->ref_no);
	proc_text_add(&t, "あなた (又はあなたの代理人) から、次の申請がありました。\n"
	    "この申請があなたの意思に基づくものであることを確かめるため、照会し"
	    "ます。\n下の回答書欄に記入して、本書を窓口へお持ちください。\n\n");
	proc_text_add(&t, "  申請の内容: %s\n", certs);
	proc_text_add(&t, "  申請日:     %s\n", ad);
	proc_text_add(&t, "  申請様式:   %s\n\n", a->form);
	proc_text_add(&t, "-------------------------- 回答書 --------------------------\n"
	    "上記の申請は、私の意思に基づくものです。\n\n"
	    "  記入日:  令和    年    月    日\n\n"
	    "  氏名:    ______________________________\n\n"
	    "  (この照会書は転送されません。照会番号 %s)\n", l->ref_no);
	free(a);
	print_clean(t.buf);
	return t.buf;
}

/* The day days after iso (YYYY-MM-DD) in 和暦 into out. */
static void
letter_after(const char *iso, int days, char *out, size_t size)
{
	struct era_date d;
	struct tm tm;
	time_t t;
	char day[32];

	if (era_parse_iso(iso, &d) == -1) {
		strlcpy_m(out, iso, size);
		return;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	proc_wareki(day, out, size);
}

int
proc_letter_parts(struct proc_ctx *pc, const struct store_letter *l,
    struct proc_letter_parts *lp)
{
	struct store_app *a = xmalloc(sizeof(*a));
	struct store_person p;
	char today[11];

	memset(lp, 0, sizeof(*lp));
	if (store_app_get(pc->st, l->application_id, a) != 0 ||
	    store_person_get(pc->st, a->person_id, &p) != 0) {
		free(a);
		return -1;
	}
	strlcpy_m(lp->city, "豊中市", sizeof(lp->city));
	store_setting_get(pc->st, SETTING_CITY_NAME, lp->city, sizeof(lp->city));
	util_today(today);
	proc_wareki(today, lp->date, sizeof(lp->date));
	letter_after(today, PROC_LETTER_REPLY_DAYS, lp->deadline,
	    sizeof(lp->deadline));
	strlcpy_m(lp->ref_no, l->ref_no, sizeof(lp->ref_no));
	strlcpy_m(lp->form, l->form, sizeof(lp->form));
	strlcpy_m(lp->name, p.name, sizeof(lp->name));
	strlcpy_m(lp->address, p.address, sizeof(lp->address));
	letter_what(a, lp->what, sizeof(lp->what));
	proc_wareki(a->created_at, lp->applied, sizeof(lp->applied));
	proc_window_label(pc->st, a->window, lp->window, sizeof(lp->window));
	strlcpy_m(lp->app_form, a->form, sizeof(lp->app_form));
	snprintf(lp->app_no, sizeof(lp->app_no), "%lld", (long long)a->id);
	strlcpy_m(lp->procedure, a->procedure, sizeof(lp->procedure));
	free(a);
	print_clean(lp->city);
	print_clean(lp->name);
	print_clean(lp->address);
	print_clean(lp->window);
	print_clean(lp->app_form);
	return 0;
}

struct receipt {
	struct proc_text	*t;
	int64_t		 app_id;
	int		 n;
};

static int
receipt_cert_cb(const struct store_cert *c, void *arg)
{
	struct receipt *r = arg;
	char until[40];

	if (c->application_id != r->app_id || strcmp(c->state, "valid") != 0)
		return 0;
	proc_wareki(c->not_after, until, sizeof(until));
	proc_text_add(r->t, "  %s\n    シリアル番号 %s\n    有効期限     %s\n",
	    cert_label(c->kind), c->serial, until);
	r->n++;
	return 0;
}

/* Per cert kind, what was done with its PIN: as the steps recorded it. */
static void
receipt_pins(struct proc_ctx *pc, const struct store_app *a,
    struct proc_text *t)
{
	struct proc_issue_state st[2];
	int i, n;

	if (strcmp(a->pin_set_by, "existing") == 0) {
		proc_text_add(t, "\n暗証番号: これまでの暗証番号をそのまま使います\n");
		return;
	}
	if (strcmp(a->pin_set_by, "staff_random") == 0) {
		proc_text_add(t, "\n暗証番号: 顔認証マイナンバーカードのため設定して"
		    "いません\n");
		return;
	}
	proc_text_add(t, "\n暗証番号 (この票には記載しません):\n");
	n = proc_issue_progress(pc, a->id, st);
	for (i = 0; i < n; i++)
		proc_text_add(t, "  %s: %s\n", st[i].label, st[i].pin_done ?
		    (strcmp(a->pin_set_by, "applicant") == 0 ?
		    "申請者が設定しました" : "暗証番号設定依頼書のとおり設定しました") :
		    "まだ設定していません");
}

static const char *
receipt_state(const struct store_app *a)
{
	int issue = strcmp(a->procedure, "issue") == 0;

	if (strcmp(a->state, "done") == 0)
		return issue ? "発行済み" : "処理済み";
	if (strcmp(a->state, "waiting_reply") == 0)
		return "照会書の回答待ち";
	if (strcmp(a->state, "in_progress") == 0)
		return issue ? "発行処理中" : "処理中";
	return proc_app_state_ja(a->state);
}

struct receipt_steps {
	struct proc_ctx	*pc;
	struct proc_text	*t;
	int		 n;
};

/* A revocation's certs (serial, reason) and what else was done. */
static int
receipt_step_cb(const struct store_effect *e, void *arg)
{
	struct receipt_steps *r = arg;
	struct store_cert c;
	enum issuer_reason reason;

	if (strcmp(e->effect, "revoke") == 0 &&
	    store_cert_by_serial(r->pc->st, e->target, &c) == 0) {
		if (issuer_reason_parse(e->detail, &reason) == -1)
			reason = ISSUER_REASON_UNSPECIFIED;
		proc_text_add(r->t, "  %s\n    シリアル番号 %s\n    事由         %s"
		    "%s\n", cert_label(c.kind), c.serial, proc_reason_ja(reason),
		    strcmp(e->state, "done") == 0 ? "" : " (未了)");
		r->n++;
	} else if (strcmp(e->effect, "card_state") == 0)
		proc_text_add(r->t, "  カードの記録: %s\n", strcmp(e->target, "lost") ==
		    0 ? "紛失" : strcmp(e->target, "returned") == 0 ? "返納" :
		    "発見 (使用中)");
	return 0;
}

/* What a PIN procedure or the face-auth switch did, step by step: per
 * PIN changed or reset (never the PIN), the card's face-auth state, the
 * card-face writing. */
static int
receipt_pin_cb(const struct store_effect *e, void *arg)
{
	struct receipt_steps *r = arg;
	int done = strcmp(e->state, "done") == 0;
	const char *undone = "まだ済んでいません";

	if (strcmp(e->effect, "pin_change") == 0)
		proc_text_add(r->t, "  %sの暗証番号: %s\n", cert_label(e->target),
		    done ? "変更しました" : undone);
	else if (strcmp(e->effect, "pin_reset") == 0)
		proc_text_add(r->t, "  %sの暗証番号: %s\n", cert_label(e->target),
		    done ? "初期化しました" : undone);
	else if (strcmp(e->effect, "face_auth_switch") == 0)
		proc_text_add(r->t, "  顔認証マイナンバーカードへの切替: %s\n", done ?
		    "切り替えました (利用者証明用電子証明書の暗証番号は職員が"
		    "無作為に設定してロック)" : undone);
	else if (strcmp(e->effect, "face_auth_release") == 0)
		proc_text_add(r->t, "  顔認証カードの暗証番号の利用: %s\n", done ?
		    "再開しました" : undone);
	else if (strcmp(e->effect, "face_auth_mark") == 0)
		proc_text_add(r->t, "  カードの追記欄: %s\n", !done ? undone :
		    strcmp(e->target, "release") == 0 ? "「顔認証」の記載に取り消し"
		    "線を引きました" : "「顔認証」と年月日を記載しました");
	else
		return 0;
	r->n++;
	return 0;
}

static void
receipt_pin_steps(struct proc_ctx *pc, const struct store_app *a,
    struct proc_text *t)
{
	struct receipt_steps r = { pc, t, 0 };

	proc_text_add(t, "%s:\n", strcmp(a->procedure, "face_auth") == 0 ?
	    "顔認証マイナンバーカードへの切替" : "暗証番号 (この票には記載"
	    "しません)");
	store_effect_foreach(pc->st, a->id, receipt_pin_cb, &r);
	if (r.n == 0)
		proc_text_add(t, "  (なし)\n");
	if (strcmp(a->pin_set_by, "staff_from_request") == 0)
		proc_text_add(t, "  (暗証番号は、暗証番号設定依頼書のとおり職員が"
		    "設定%s)\n", strcmp(a->state, "done") == 0 ? "しました" :
		    "します");
	if (strcmp(a->procedure, "face_auth") == 0 &&
	    strstr(a->revoke_certs, "signature") != NULL)
		proc_text_add(t, "  署名用電子証明書: %s\n", strcmp(a->state,
		    "done") == 0 ? "失効しました" : "失効させます");
}

static void
receipt_steps(struct proc_ctx *pc, const struct store_app *a, struct proc_text *t)
{
	struct receipt_steps r = { pc, t, 0 };

	proc_text_add(t, "失効した電子証明書:\n");
	store_effect_foreach(pc->st, a->id, receipt_step_cb, &r);
	if (r.n == 0)
		proc_text_add(t, "  (なし)\n");
}

/* A disclosure or correction request (R6, R6-2): what it asks; a
 * correction's text as typed. */
static void
receipt_request(struct proc_ctx *pc, const struct store_app *a,
    struct proc_text *t)
{
	char what[160], text[4 * STORE_REQUEST_TEXT_MAX + 1];

	letter_what(a, what, sizeof(what));
	proc_text_add(t, "請求の内容: %s\n", what);
	if (store_app_text_get(pc->st, a->id, text, sizeof(text)) == 0)
		proc_text_add(t, "訂正を求める内容: %s\n", text);
	proc_text_add(t, "請求書は地方公共団体情報システム機構へ特定記録郵便で送付します"
	    "。\n");
}

/* The tab-separated rows of the certs an issuance made: kind, serial,
 * expiry (the PDF's table). */
static int
receipt_cert_row_cb(const struct store_cert *c, void *arg)
{
	struct receipt *r = arg;
	char until[40];

	if (c->application_id != r->app_id || strcmp(c->state, "valid") != 0)
		return 0;
	proc_wareki(c->not_after, until, sizeof(until));
	proc_text_add(r->t, "%s\t%s\t%s\n", cert_label(c->kind), c->serial,
	    until);
	r->n++;
	return 0;
}

/* What was done, after the header: an issuance's certs (into t when
 * certs_table is NULL, else as rows into it), its PINs; a PIN procedure's
 * steps; a request; a revocation's certs. */
static void
receipt_body(struct proc_ctx *pc, const struct store_app *a,
    struct proc_text *t, struct proc_text *certs_table)
{
	struct receipt r = { t, a->id, 0 };

	if (strcmp(a->procedure, "issue") == 0) {
		if (certs_table == NULL) {
			proc_text_add(t, "発行した電子証明書:\n");
			store_cert_foreach(pc->st, a->person_id, receipt_cert_cb,
			    &r);
			if (r.n == 0)
				proc_text_add(t, "  (なし)\n");
		} else {
			r.t = certs_table;
			store_cert_foreach(pc->st, a->person_id,
			    receipt_cert_row_cb, &r);
		}
		receipt_pins(pc, a, t);
		if (a->face_auth_switch)
			proc_text_add(t, "顔認証マイナンバーカードに切り替えました。\n");
	} else if (strcmp(a->procedure, "pin_change") == 0 ||
	    strcmp(a->procedure, "pin_reset") == 0 ||
	    strcmp(a->procedure, "face_auth") == 0)
		receipt_pin_steps(pc, a, t);
	else if (strcmp(a->procedure, "disclose") == 0 ||
	    strcmp(a->procedure, "correct") == 0)
		receipt_request(pc, a, t);
	else
		receipt_steps(pc, a, t);
}

int
proc_receipt_parts(struct proc_ctx *pc, int64_t app_id,
    struct proc_receipt_parts *rp)
{
	struct store_app *a = xmalloc(sizeof(*a));
	struct store_person p;
	struct store_clerk clerk = { 0 };
	struct proc_text body = { 0 }, certs = { 0 };

	memset(rp, 0, sizeof(*rp));
	if (store_app_get(pc->st, app_id, a) != 0 ||
	    store_person_get(pc->st, a->person_id, &p) != 0) {
		free(a);
		return -1;
	}
	strlcpy_m(rp->city, "豊中市", sizeof(rp->city));
	store_setting_get(pc->st, SETTING_CITY_NAME, rp->city, sizeof(rp->city));
	snprintf(rp->number, sizeof(rp->number), "%lld", (long long)a->id);
	proc_wareki(a->accepted_at[0] != '\0' ? a->accepted_at : a->created_at,
	    rp->date, sizeof(rp->date));
	strlcpy_m(rp->name, p.name, sizeof(rp->name));
	strlcpy_m(rp->form, a->form, sizeof(rp->form));
	strlcpy_m(rp->state, receipt_state(a), sizeof(rp->state));
	proc_window_label(pc->st, a->window, rp->window, sizeof(rp->window));
	if (store_clerk_by_id(pc->st, a->clerk_id, &clerk) == 0)
		strlcpy_m(rp->clerk, clerk.name, sizeof(rp->clerk));
	rp->issue = strcmp(a->procedure, "issue") == 0;
	proc_text_add(&body, "%s", "");
	proc_text_add(&certs, "%s", "");
	receipt_body(pc, a, &body, &certs);
	rp->body = body.buf;
	rp->certs = certs.buf;
	free(a);
	print_clean(rp->city);
	print_clean(rp->name);
	print_clean(rp->form);
	print_clean(rp->window);
	print_clean(rp->clerk);
	print_clean(rp->body);
	proc_print_clean_table(rp->certs);
	return 0;
}

void
proc_receipt_parts_free(struct proc_receipt_parts *rp)
{
	free(rp->body);
	free(rp->certs);
	rp->body = rp->certs = NULL;
}

char *
proc_receipt_text(struct proc_ctx *pc, int64_t app_id)
{
	struct proc_text t = { 0 };
	struct store_app *a = xmalloc(sizeof(*a));
	struct store_person p;
	struct store_clerk clerk = { 0 };
	char city[64] = "豊中市", when[40], who[64];
	char window[PROC_WINDOW_LABEL_MAX];

	if (store_app_get(pc->st, app_id, a) != 0 ||
	    store_person_get(pc->st, a->person_id, &p) != 0) {
		free(a);
		return NULL;
	}
	store_setting_get(pc->st, SETTING_CITY_NAME, city, sizeof(city));
	proc_wareki(a->accepted_at[0] != '\0' ? a->accepted_at : a->created_at, when,
	    sizeof(when));
	proc_window_label(pc->st, a->window, window, sizeof(window));
	if (store_clerk_by_id(pc->st, a->clerk_id, &clerk) == 0)
		strlcpy_m(who, clerk.name, sizeof(who));
	else
		strlcpy_m(who, "", sizeof(who));
	proc_text_add(&t, "        電子証明書の申請 受付票 (申請者控え)\n\n");
	proc_text_add(&t, "受付番号:   %lld\n受付日:     %s\n氏名:       %s 様\n",
	    (long long)a->id, when, p.name);
	proc_text_add(&t, "申請様式:   %s\n", a->form);
	proc_text_add(&t, "処理状況:   %s\n\n", receipt_state(a));
	receipt_body(pc, a, &t, NULL);
	proc_text_add(&t, "\n受付窓口: %s %s  担当: %s\n", city, window, who);
	free(a);
	print_clean(t.buf);
	return t.buf;
}

char *
proc_print_save(const char *state_dir, const char *name, const char *text)
{
	char *dir = state_path(state_dir, STATE_PRINT_DIR);
	char *path = xasprintf("%s/%s", dir, name), *clean = xstrdup(text);
	size_t len;
	int fd;

	print_clean(clean);
	text = clean;
	len = strlen(text);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		goto fail;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		goto fail;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) == -1) {
		close(fd);
		goto fail;
	}
	close(fd);
	free(clean);
	free(dir);
	return path;
fail:
	log_warn("print %s", path);
	free(clean);
	free(dir);
	free(path);
	return NULL;
}
