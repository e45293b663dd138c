/*
 * 本人の記録: one person of the registry as the clerk checks them at the
 * counter (basic 4 info with 旧氏/通称, age today, register), and what the
 * counter knows of them: cards, certificates, applications. Read-only;
 * the procedures start from the menu. The screen's data is a copy of the
 * store_person chosen in the search results.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"
#include "issue.h"
#include "screens.h"

#define PERSON_LABEL_COLS	14
#define PERSON_READ_ERROR	"読み出せませんでした (データベースの誤り)"

struct person_draw {
	struct ui	*ui;
	int		 row, bottom, count;
};

static void
person_line(struct person_draw *d, const char *label, const char *value)
{
	if (d->row >= d->bottom)
		return;
	ui_put(d->ui, d->row, 2, PERSON_LABEL_COLS, label, UI_ATTR_BOLD);
	ui_put(d->ui, d->row, 2 + PERSON_LABEL_COLS, 76 - PERSON_LABEL_COLS,
	    value, UI_ATTR_NORMAL);
	d->row++;
}

static void
person_birth(struct ui *ui, const struct store_person *p, char *buf,
    size_t size)
{
	struct era_date birth, today;
	char wareki[64];

	if (era_parse_iso(p->birth_date, &birth) == -1 ||
	    era_format_wareki(&birth, wareki, sizeof(wareki)) == -1) {
		snprintf(buf, size, "%s", p->birth_date);
		return;
	}
	ui_today(ui, &today);
	snprintf(buf, size, "%s (%s)  %d歳", wareki, p->birth_date,
	    era_age_on(&birth, &today));
}

/* A stored date (YYYY-MM-DD, or the day of a timestamp) the short 和暦
 * way clerks write it on forms: R8.11.25. */
static void
person_date(const char *iso, char *buf, size_t size)
{
	struct era_date dt;
	char day[11];

	strlcpy_m(day, iso, sizeof(day));
	if (era_parse_iso(day, &dt) == -1 ||
	    era_format_short(&dt, buf, size) == -1)
		strlcpy_m(buf, day, size);
}

static int
person_card_cb(const struct store_card *c, void *arg)
{
	struct person_draw *d = arg;
	char line[256], until[24];

	person_date(c->expires_on, until, sizeof(until));
	snprintf(line, sizeof(line), "カード %s  有効期限 %s  %s%s", c->card_no,
	    until, strcmp(c->state, "active") == 0 ? "使用中" :
	    strcmp(c->state, "lost") == 0 ? "紛失" :
	    strcmp(c->state, "returned") == 0 ? "返納" : "廃止",
	    c->face_auth ? "  顔認証カード" : "");
	person_line(d, d->count++ == 0 ? "カード" : "", line);
	return 0;
}

static int
person_cert_cb(const struct store_cert *c, void *arg)
{
	struct person_draw *d = arg;
	char line[256], from[24], until[24];

	person_date(c->not_before, from, sizeof(from));
	person_date(c->not_after, until, sizeof(until));
	snprintf(line, sizeof(line), "%s  %s  %s から %s  番号 %.16s",
	    strcmp(c->kind, "signature") == 0 ? "署名用" : "利用者証明用",
	    strcmp(c->state, "valid") == 0 ? "有効" :
	    strcmp(c->state, "on_hold") == 0 ? "一時保留" :
	    strcmp(c->state, "revoked") == 0 ? "失効" : "期限切れ",
	    from, until, c->serial);
	person_line(d, d->count++ == 0 ? "電子証明書" : "", line);
	return 0;
}

/* The store's codes as the clerk reads them. */
static const struct {
	const char	*code, *label;
} person_code_table[] = {
	{ "issue", "発行・更新" }, { "revoke", "失効" },
	{ "pin_change", "暗証番号の変更" }, { "pin_reset", "暗証番号の初期化" },
	{ "face_auth", "顔認証への切替" }, { "disclose", "開示請求" },
	{ "correct", "訂正請求" }, { "card_found", "紛失カードの発見" },
	{ "draft", "作成中" }, { "waiting_reply", "回答書待ち" },
	{ "accepted", "受付済み" }, { "in_progress", "処理中" },
	{ "done", "完了" }, { "rejected", "受付不可" },
	{ "cancelled", "取消し" },
};

static const char *
person_label(const char *code)
{
	size_t i;

	for (i = 0; i < nitems(person_code_table); i++)
		if (strcmp(person_code_table[i].code, code) == 0)
			return person_code_table[i].label;
	return code;
}

static int
person_app_cb(const struct store_app *a, void *arg)
{
	struct person_draw *d = arg;
	char line[256], on[24];

	person_date(a->created_at, on, sizeof(on));
	snprintf(line, sizeof(line), "%s  %s  %s  %s%s", on,
	    person_label(a->procedure), a->form, person_label(a->state),
	    strcmp(a->state, "accepted") == 0 ||
	    strcmp(a->state, "in_progress") == 0 ? "  F7 で再開" : "");
	person_line(d, d->count++ == 0 ? "申請" : "", line);
	return 0;
}

/* Cards, certificates and applications under the basic info. */
static void
person_records(struct person_draw *d, const struct store_person *p)
{
	struct store *st = ui_session(d->ui)->store;

	d->row++;
	d->count = 0;
	if (store_card_foreach(st, p->id, person_card_cb, d) == -1)
		person_line(d, "カード", PERSON_READ_ERROR);
	else if (d->count == 0)
		person_line(d, "カード", "記録なし");
	d->count = 0;
	if (store_cert_foreach(st, p->id, person_cert_cb, d) == -1)
		person_line(d, "電子証明書", PERSON_READ_ERROR);
	else if (d->count == 0)
		person_line(d, "電子証明書", "記録なし");
	d->count = 0;
	if (store_app_foreach(st, p->id, person_app_cb, d) == -1)
		person_line(d, "申請", PERSON_READ_ERROR);
	else if (d->count == 0)
		person_line(d, "申請", "記録なし");
}

static void
person_draw_cb(struct ui *ui, int top, int bottom)
{
	const struct store_person *p = ui_data(ui);
	struct person_draw d = { ui, top + 1, bottom, 0 };
	int overseas = strcmp(p->register_, "overseas") == 0;
	char buf[320];

	person_line(&d, "区分", overseas ? "国外転出者 (戸籍の附票)" :
	    "住民 (住民基本台帳)");
	person_line(&d, "氏名", p->name);
	person_line(&d, "氏名 (カナ)", p->name_kana);
	if (p->former_surname[0] != '\0')
		person_line(&d, "旧氏", p->former_surname);
	if (p->alias[0] != '\0')
		person_line(&d, "通称", p->alias);
	person_birth(ui, p, buf, sizeof(buf));
	person_line(&d, "生年月日", buf);
	person_line(&d, "性別", p->sex == 1 ? "男" : p->sex == 2 ? "女" : "-");
	person_line(&d, "住所", p->address);
	if (overseas && p->emigrated_on[0] != '\0')
		person_line(&d, "国外転出日", p->emigrated_on);
	snprintf(buf, sizeof(buf), "%s%s%s", p->atena_no,
	    p->adult_ward ? "  成年被後見人" : "",
	    p->foreign_national ? "  外国人住民" : "");
	person_line(&d, "宛名番号", buf);
	person_records(&d, p);
}

static void
person_to_menu_cb(struct ui *ui)
{
	ui_close_to(ui, "menu");
}

static const struct screen_key person_keys[] = {
	{ 6, 'i', "発行申請", SCREEN_ACT_CALL, issue_start_cb },
	{ 7, 'r', "再開", SCREEN_ACT_CALL, issue_resume_cb },
	{ 9, 'm', "メニューへ", SCREEN_ACT_CALL, person_to_menu_cb },
};

const struct screen screen_person = {
	.id = "person",
	.title = "本人の記録",
	.help =
	    "検索で選んだ人の記録です (読むだけの画面です)。\n"
	    "窓口では申請書の基本4情報 (氏名・住所・生年月日・性別) と、\n"
	    "旧氏・通称があればそれも、この記録と照らし合わせます (R2.8)。\n"
	    "年齢は今日の日付で数えます。\n"
	    "F6 (または i) で電子証明書の発行申請の受付を始めます。\n"
	    "F7 (または r) で発行の途中の申請を再開します。\n"
	    "Esc で検索結果に戻ります。F9 (または m) でメニューに戻ります。",
	.kind = SCREEN_INFO,
	.keys = person_keys,
	.nkeys = nitems(person_keys),
	.min_role = UI_ROLE_CLERK,
	.draw = person_draw_cb,
	.free_data = free,
};
