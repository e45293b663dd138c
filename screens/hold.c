/*
 * 一時保留の記録 (R5.1): a lost card's certs are put on hold by a phone
 * call to J-LIS; the clerk records who called and when, and which of the
 * person's valid certs the call held. proc_hold_record holds them at the
 * issuer, marks them and the card in the records and audits it in one
 * transaction; recording the same call again holds nothing twice. When
 * the card turns up, the record's 紛失カードの発見 revokes what was held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "app.h"
#include "screens.h"

static const char *const hold_targets[] = { "両方", "署名用のみ",
	"利用者証明用のみ", NULL };
static const unsigned hold_masks[] = { RULES_CERT_ALL, RULES_CERT_SIGNATURE,
	RULES_CERT_USER };

enum { FH_CALLER, FH_DATE, FH_TIME, FH_TARGET, FH_COUNT };

static const struct ui_field_spec hold_fields[] = {
	[FH_CALLER] = { .id = "caller", .label = "電話をした人",
	  .kind = UI_FIELD_TEXT, .width = 30, .max_cols = 2 * PROC_CALLER_MAX,
	  .max_chars = PROC_CALLER_MAX, .required = 1,
	  .hint = "例: 本人、配偶者" },
	[FH_DATE] = { .id = "date", .label = "電話の日", .kind = UI_FIELD_DATE,
	  .width = 18, .required = 1, .hint = "例: 令和8年12月1日" },
	[FH_TIME] = { .id = "time", .label = "電話の時刻", .kind = UI_FIELD_DIGITS,
	  .width = 6, .max_chars = 4, .min_chars = 4, .required = 1,
	  .hint = "時分4桁 (例: 0915)" },
	[FH_TARGET] = { .id = "target", .label = "保留した証明書",
	  .kind = UI_FIELD_CHOICE, .width = 16, .choices = hold_targets },
};

/* The person and their current certs (read when the form opens). */
struct hold_view {
	struct store_person	p;
	struct app_cert		certs[APP_CERTS_MAX];
	int			n;
};

static int
hold_cert_cb(const struct store_cert *c, void *arg)
{
	struct hold_view *v = arg;
	struct app_cert *ac;

	if (strcmp(c->state, "valid") != 0 || v->n == APP_CERTS_MAX)
		return 0;
	ac = &v->certs[v->n++];
	strlcpy_m(ac->serial, c->serial, sizeof(ac->serial));
	strlcpy_m(ac->kind, c->kind, sizeof(ac->kind));
	strlcpy_m(ac->not_after, c->not_after, sizeof(ac->not_after));
	return 0;
}

static void
hold_show_cb(struct ui *ui)
{
	struct hold_view *v = ui_data(ui);
	struct store *st = ui_session(ui)->store;

	v->n = 0;
	if (st != NULL)
		store_cert_foreach(st, v->p.id, hold_cert_cb, v);
}

static void
hold_open_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	(void)ui;
	(void)n;
	f[FH_TARGET].choice = 0;
}

static void
hold_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct hold_view *v = ui_data(ui);
	char buf[512];
	int i, row = top;

	snprintf(buf, sizeof(buf), "%s (%s)", v->p.name, v->p.name_kana);
	ui_put(ui, 3, 2, 76, buf, UI_ATTR_BOLD);
	ui_put(ui, row++, 2, 76, "有効な証明書:", UI_ATTR_BOLD);
	for (i = 0; i < v->n && row < bottom; i++) {
		const char *k = rules_cert_short_label(
		    rules_cert_parse(v->certs[i].kind));

		snprintf(buf, sizeof(buf), "%s  %s  %s まで", k != NULL ? k :
		    v->certs[i].kind, v->certs[i].serial, v->certs[i].not_after);
		ui_put(ui, row++, 4, 74, buf, UI_ATTR_NORMAL);
	}
	if (v->n == 0 && row < bottom)
		ui_put(ui, row++, 4, 74, "なし (一時保留にするものはありません)",
		    UI_ATTR_NORMAL);
}

/* "HHMM" of a valid time of day into "HH:MM"; -1 if not. */
static int
hold_time(const char *hhmm, char out[6])
{
	int h, m;

	if (strlen(hhmm) != 4)
		return -1;
	h = (hhmm[0] - '0') * 10 + hhmm[1] - '0';
	m = (hhmm[2] - '0') * 10 + hhmm[3] - '0';
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	snprintf(out, 6, "%02d:%02d", h % 100, m % 100);
	return 0;
}

static int
hold_submit_cb(struct ui *ui, struct ui_field *f, size_t n)
{
	struct hold_view *v = ui_data(ui);
	const struct ui_session *s = ui_session(ui);
	struct proc_hold_req h;
	struct proc_ctx pc;
	struct era_date dt, today;
	char caller[4 * PROC_CALLER_MAX + 1], hhmm[8], hm[6], iso[11], now[11];
	char at[20], latest[17], msg[1024];
	unsigned mask;
	int i, rc;

	(void)n;
	ui_field_get(&f[FH_CALLER], caller, sizeof(caller));
	ui_field_get(&f[FH_TIME], hhmm, sizeof(hhmm));
	ui_today(ui, &today);
	era_format_iso(&today, now);
	iso[0] = '\0';
	if (ui_field_date(&f[FH_DATE], &dt) == 0)
		era_format_iso(&dt, iso);
	if (iso[0] == '\0' || strcmp(iso, now) > 0) {
		ui_message(ui, "一時保留", "電話の日は今日かそれより前の日付を"
		    "入れてください。");
		return 0;
	}
	if (hold_time(hhmm, hm) == -1) {
		ui_message(ui, "一時保留", "電話の時刻は 0000 から 2359 の4桁で"
		    "入れてください。");
		return 0;
	}
	snprintf(at, sizeof(at), "%s %s", iso, hm);
	util_now_minute(latest);
	if (strcmp(at, latest) > 0) {
		ui_message(ui, "一時保留", "電話の日時が今より後になっています。"
		    "電話の日と時刻を確かめてください。");
		return 0;
	}
	memset(&h, 0, sizeof(h));
	h.person_id = v->p.id;
	h.caller = caller;
	h.called_at = at;
	mask = hold_masks[app_choice(&f[FH_TARGET], 0)];
	for (i = 0; i < v->n && h.n < PROC_TARGETS_MAX; i++)
		if (rules_cert_parse(v->certs[i].kind) & mask)
			h.serials[h.n++] = v->certs[i].serial;
	if (h.n == 0) {
		ui_message(ui, "一時保留", "一時保留にする有効な証明書が"
		    "ありません。");
		return 0;
	}
	if (!ui_confirm(ui, "発行局に一時保留を伝え、証明書とカードを紛失と"
	    "して記録しますか。") || ui_clerk_recheck(ui) == -1)
		return 0;
	if (s->state_dir == NULL || s->store == NULL) {
		ui_message(ui, "一時保留", "状態ディレクトリが分からないため、"
		    "発行局を使えません。");
		return 0;
	}
	h.clerk_id = app_clerk_id(ui);
	ui_busy(ui, "発行局に一時保留を伝えています...");
	if (proc_ctx_open(&pc, s->store, s->state_dir, s->login, msg,
	    sizeof(msg)) == -1) {
		proc_ctx_close(&pc);
		ui_message(ui, "一時保留", msg);
		return 0;
	}
	rc = proc_hold_record(&pc, &h, msg, sizeof(msg));
	proc_ctx_close(&pc);
	ui_message(ui, "一時保留", msg);
	if (rc == -1)
		return 0;
	ui_status(ui, 0, "一時保留を記録しました。");
	return 1;
}

static const struct screen_key hold_keys[] = {
	{ 5, 0, "記録", SCREEN_ACT_SUBMIT, NULL },
	{ 8, 0, "消去", SCREEN_ACT_CLEAR, NULL },
};

const struct screen screen_hold_form = {
	.id = "hold_form",
	.title = "一時保留の記録 (R5.1)",
	.help =
	    "カードをなくした人の電話で、発行局 (J-LIS) が証明書を一時保留に\n"
	    "したことを記録します。電話をした人、日と時刻、保留した証明書を入れ\n"
	    "て F5 を押すと、発行局の記録と失効リストが一時保留になり、証明書と\n"
	    "カードは紛失として記録されます。同じ電話を二度記録しても一度だけ\n"
	    "保留します。カードが見つかったら、メニューの「紛失カードの発見」で\n"
	    "保留した証明書を失効します (一時保留は解除できません)。",
	.kind = SCREEN_FORM,
	.min_role = UI_ROLE_CLERK,
	.fields = hold_fields,
	.nfields = nitems(hold_fields),
	.keys = hold_keys,
	.nkeys = nitems(hold_keys),
	.submit = hold_submit_cb,
	.draw = hold_draw_cb,
	.open = hold_open_cb,
	.show = hold_show_cb,
	.free_data = free,
};

int
hold_start(struct ui *ui, const struct store_person *p)
{
	struct hold_view *v = xcalloc(1, sizeof(*v));

	v->p = *p;
	if (ui_open_with(ui, "hold_form", v) == -1) {
		free(v);
		return -1;
	}
	return 0;
}
