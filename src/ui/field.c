/*
 * The single-line field editor for Japanese input, as pure logic (no
 * curses): a wchar_t buffer, a cursor and a horizontal scroll, all counted
 * in characters, with widths in columns from wcwidth. Every field kind has
 * an input filter (what a typed character becomes, or why it is refused)
 * and a validator for the whole value. The ncurses form library is not
 * used: it loses and misplaces double-width characters (DESIGN.md).
 */
#include <stdio.h>
#include <string.h>
#include <wctype.h>

#include "madoguchi/era.h"
#include "madoguchi/searchkey.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"

#define WC_IDEO_SPACE	0x3000

#define SIGN_PIN_MIN	6
#define SIGN_PIN_MAX	16

static int
field_max_chars(const struct ui_field_spec *s)
{
	if (s->kind == UI_FIELD_SIGN_PIN &&
	    (s->max_chars <= 0 || s->max_chars > SIGN_PIN_MAX))
		return SIGN_PIN_MAX;
	if (s->max_chars <= 0)
		return UI_FIELD_MAXCHARS;
	if (s->max_chars > UI_FIELD_BUFCHARS)
		return UI_FIELD_BUFCHARS;
	return s->max_chars;
}

int
ui_field_secret(const struct ui_field_spec *s)
{
	return s->kind == UI_FIELD_PIN || s->kind == UI_FIELD_SIGN_PIN;
}

/* Full-width ASCII to ASCII (Ａ -> A, １ -> 1). */
static wchar_t
fold_fullwidth(wchar_t wc)
{
	return wc >= 0xff01 && wc <= 0xff5e ? wc - 0xff01 + 0x21 : wc;
}

static int
field_max_cols(const struct ui_field_spec *s)
{
	return s->max_cols > 0 ? s->max_cols : s->width;
}

static int
is_katakana(wchar_t wc)
{
	return (wc >= 0x30a1 && wc <= 0x30fa) || wc == 0x30fb /* ・ */ ||
	    wc == 0x30fc /* ー */ || wc == WC_IDEO_SPACE;
}

static int
choice_count(const struct ui_field_spec *s)
{
	int n = 0;

	while (s->choices != NULL && s->choices[n] != NULL)
		n++;
	return n;
}

/* Characters a date may hold besides digits: the era names, 元年月日. */
static const wchar_t field_date_kanji[] = L"令和平成昭和大正明治元年月日";

/* What a typed wc becomes in a field of this kind: the character to store
 * (folded), or 0 with *why. */
static wchar_t
field_filter(const struct ui_field_spec *s, wchar_t wc, const char **why)
{
	if (wc < 0x20 || (wc >= 0x7f && wc < 0xa0)) {
		*why = "制御文字は入力できません。";
		return 0;
	}
	switch (s->kind) {
	case UI_FIELD_DIGITS:
	case UI_FIELD_PIN:
		wc = fold_fullwidth(wc);
		if (wc < L'0' || wc > L'9') {
			*why = "数字だけを入力してください。";
			return 0;
		}
		return wc;
	case UI_FIELD_SIGN_PIN:
		wc = fold_fullwidth(wc);
		if (wc >= L'a' && wc <= L'z')
			wc -= L'a' - L'A';
		if ((wc < L'0' || wc > L'9') && (wc < L'A' || wc > L'Z')) {
			*why = "英字と数字だけを入力してください。";
			return 0;
		}
		return wc;
	case UI_FIELD_KANA:
		if (wc >= 0x3041 && wc <= 0x3096)
			wc += 0x60;	/* hiragana -> katakana */
		if (wc == L' ')
			wc = WC_IDEO_SPACE;
		if (wc >= 0xff61 && wc <= 0xff9f) {
			*why = "半角カナは使えません。全角カタカナで入力してください。";
			return 0;
		}
		if (!is_katakana(wc)) {
			*why = "カタカナで入力してください。";
			return 0;
		}
		return wc;
	case UI_FIELD_DATE:
		wc = fold_fullwidth(wc);
		if ((wc >= L'0' && wc <= L'9') || wc == L'.' || wc == L'/' ||
		    wc == L'-' || (wc != 0 && wcschr(L"RHSTMrhstm", wc)) ||
		    wcschr(field_date_kanji, wc) != NULL)
			return wc;
		*why = "日付に使えない文字です。例: 令和8年11月25日、R8.11.25、2026-11-25";
		return 0;
	case UI_FIELD_CHOICE:
		*why = "番号か左右の矢印キーで選んでください。";
		return 0;
	case UI_FIELD_NAME:
	case UI_FIELD_TEXT:
		break;
	}
	if (!iswprint((wint_t)wc)) {
		*why = "この文字は入力できません。";
		return 0;
	}
	return wc;
}

/* Keep the cursor visible: the cell(s) under it must lie inside the
 * field's width; pull text back in from the left when the tail fits. */
static void
field_fix_scroll(struct ui_field *f)
{
	int width = f->spec->width, curw;

	if (width < 2)
		width = 2;
	if (f->scroll > f->cur)
		f->scroll = f->cur;
	curw = f->cur < f->len ? ui_wcwidth(f->text[f->cur]) : 1;
	if (curw < 1)
		curw = 1;
	while (f->scroll < f->cur &&
	    ui_field_cols(f, f->scroll, f->cur) + curw > width)
		f->scroll++;
	while (f->scroll > 0 &&
	    ui_field_cols(f, f->scroll - 1, f->len) + 1 <= width)
		f->scroll--;
}

void
ui_field_init(struct ui_field *f, const struct ui_field_spec *spec)
{
	memset(f, 0, sizeof(*f));
	f->spec = spec;
	f->choice = -1;
}

int
ui_field_cols(const struct ui_field *f, int from, int to)
{
	int i, cols = 0;

	for (i = from; i < to && i < f->len; i++) {
		int w = ui_wcwidth(f->text[i]);
		cols += w > 0 ? w : 1;
	}
	return cols;
}

static int
field_pick(struct ui_field *f, int index, const char **why)
{
	if (index < 0 || index >= choice_count(f->spec)) {
		*why = "その番号の選択肢はありません。";
		return -1;
	}
	f->choice = index;
	return 0;
}

/*
 * Kana fields take half-width katakana as older keyboards and IMEs send
 * it: ﾏﾄﾞ becomes マド, a voiced-sound mark joining the kana before the
 * cursor. 1 when the mark was joined, 0 to insert *wc, -1 with *why.
 */
static int
field_kana_fold(struct ui_field *f, wchar_t *wc, const char **why)
{
	uint32_t cp = searchkey_fullwidth((uint32_t)*wc), v;

	if (cp == 0x3099 || cp == 0x309a) {
		if (f->cur > 0 && (v = searchkey_voiced((uint32_t)
		    f->text[f->cur - 1], cp)) != 0) {
			f->text[f->cur - 1] = (wchar_t)v;
			return 1;
		}
		*why = "濁点・半濁点は、付けられるカナの後に入力してください。";
		return -1;
	}
	*wc = (wchar_t)cp;
	return 0;
}

int
ui_field_insert(struct ui_field *f, wchar_t wc, const char **why)
{
	const struct ui_field_spec *s = f->spec;
	static const char *dummy;
	int w;

	if (why == NULL)
		why = &dummy;
	if (s->kind == UI_FIELD_CHOICE) {
		if (wc >= 0xff11 && wc <= 0xff19)
			wc = L'1' + (wc - 0xff11);
		if (wc >= L'1' && wc <= L'9')
			return field_pick(f, (int)(wc - L'1'), why);
	}
	if (s->kind == UI_FIELD_KANA && (w = field_kana_fold(f, &wc, why)) != 0)
		return w == 1 ? 0 : -1;
	if ((wc = field_filter(s, wc, why)) == 0)
		return -1;
	w = ui_wcwidth(wc);
	if (w == 0) {
		*why = "結合文字は入力できません。";
		return -1;
	}
	if (w < 0) {
		*why = "この文字は入力できません。";
		return -1;
	}
	if (f->len + 1 > field_max_chars(s)) {
		*why = "これ以上入力できません(文字数の上限です)。";
		return -1;
	}
	if (ui_field_cols(f, 0, f->len) + w > field_max_cols(s)) {
		*why = "これ以上入力できません(欄の幅を超えます)。";
		return -1;
	}
	memmove(&f->text[f->cur + 1], &f->text[f->cur],
	    (size_t)(f->len - f->cur) * sizeof(wchar_t));
	f->text[f->cur++] = wc;
	f->text[++f->len] = L'\0';
	field_fix_scroll(f);
	return 0;
}

static int
field_choice_key(struct ui_field *f, int key)
{
	int n = choice_count(f->spec);

	if (n == 0)
		return -1;
	switch (key) {
	case UI_K_LEFT:
		f->choice = f->choice <= 0 ? n - 1 : f->choice - 1;
		return 0;
	case UI_K_RIGHT:
		f->choice = f->choice < 0 || f->choice >= n - 1 ? 0 :
		    f->choice + 1;
		return 0;
	case UI_K_BACKSPACE:
	case UI_K_DELETE:
	case UI_K_CLEAR:
		f->choice = -1;
		return 0;
	}
	return 1;
}

static void
field_delete_at(struct ui_field *f, int at)
{
	memmove(&f->text[at], &f->text[at + 1],
	    (size_t)(f->len - at) * sizeof(wchar_t));
	f->len--;
}

int
ui_field_key(struct ui_field *f, int key)
{
	if (f->spec->kind == UI_FIELD_CHOICE)
		return field_choice_key(f, key);
	switch (key) {
	case UI_K_LEFT:
		if (f->cur == 0)
			return -1;
		f->cur--;
		break;
	case UI_K_RIGHT:
		if (f->cur == f->len)
			return -1;
		f->cur++;
		break;
	case UI_K_HOME:
		f->cur = 0;
		break;
	case UI_K_END:
		f->cur = f->len;
		break;
	case UI_K_BACKSPACE:
		if (f->cur == 0)
			return -1;
		field_delete_at(f, --f->cur);
		break;
	case UI_K_DELETE:
		if (f->cur == f->len)
			return -1;
		field_delete_at(f, f->cur);
		break;
	case UI_K_CLEAR:
		f->len = f->cur = f->scroll = 0;
		f->text[0] = L'\0';
		break;
	default:
		return 1;
	}
	field_fix_scroll(f);
	return 0;
}

int
ui_field_set(struct ui_field *f, const char *utf8)
{
	size_t n = strlen(utf8);
	int rc = 0;

	ui_field_key(f, UI_K_CLEAR);
	if (f->spec->kind == UI_FIELD_CHOICE) {
		int i;

		f->choice = -1;
		for (i = 0; i < choice_count(f->spec); i++)
			if (strcmp(f->spec->choices[i], utf8) == 0)
				f->choice = i;
		return f->choice >= 0 || n == 0 ? 0 : -1;
	}
	while (n > 0) {
		wchar_t wc;
		int len = ui_utf8_decode(utf8, n, &wc);

		if (len <= 0) {
			rc = -1;
			len = 1;
		} else if (ui_field_insert(f, wc, NULL) == -1)
			rc = -1;
		utf8 += len;
		n -= (size_t)len;
	}
	return rc;
}

void
ui_field_get(const struct ui_field *f, char *buf, size_t size)
{
	size_t n = 0;
	int i;

	if (size == 0)
		return;
	if (f->spec->kind == UI_FIELD_CHOICE) {
		snprintf(buf, size, "%s", f->choice >= 0 ?
		    f->spec->choices[f->choice] : "");
		return;
	}
	for (i = 0; i < f->len; i++) {
		char u[4];
		size_t len = ui_utf8_encode(f->text[i], u);

		if (n + len + 1 > size)
			break;
		memcpy(buf + n, u, len);
		n += len;
	}
	buf[n] = '\0';
}

void
ui_field_view(const struct ui_field *f, int *first, int *count,
    int *cursor_col)
{
	int i, cols = 0, width = f->spec->width;

	*first = f->scroll;
	for (i = f->scroll; i < f->len; i++) {
		int w = ui_wcwidth(f->text[i]);

		if (w < 1)
			w = 1;
		if (cols + w > width)
			break;
		cols += w;
	}
	*count = i - f->scroll;
	*cursor_col = ui_field_cols(f, f->scroll, f->cur);
}

/* Validators, one per kind: the whole value, as it will be used. Messages
 * name the field so the clerk knows where to look. */

static int
field_blank(const struct ui_field *f)
{
	int i;

	for (i = 0; i < f->len; i++)
		if (f->text[i] != L' ' && f->text[i] != WC_IDEO_SPACE)
			return 0;
	return 1;
}

static int
check_chars(const struct ui_field *f, int (*ok)(wchar_t))
{
	int i;

	for (i = 0; i < f->len; i++)
		if (!ok(f->text[i]))
			return -1;
	return 0;
}

static int
ok_digit(wchar_t wc)
{
	return wc >= L'0' && wc <= L'9';
}

static int
ok_printable(wchar_t wc)
{
	return ui_wcwidth(wc) > 0 && iswprint((wint_t)wc);
}

/* The signature PIN's form (DESIGN.md card facts). */
static int
check_sign_pin(const struct ui_field *f)
{
	int i, alpha = 0, digit = 0;

	if (f->len < SIGN_PIN_MIN || f->len > SIGN_PIN_MAX)
		return -1;
	for (i = 0; i < f->len; i++) {
		if (f->text[i] >= L'A' && f->text[i] <= L'Z')
			alpha = 1;
		else if (ok_digit(f->text[i]))
			digit = 1;
		else
			return -1;
	}
	return alpha && digit ? 0 : -1;
}

static int
field_check_pin(const struct ui_field *f, const char *label, char *msg,
    size_t size)
{
	const struct ui_field_spec *s = f->spec;

	if (s->kind == UI_FIELD_PIN && (check_chars(f, ok_digit) == -1 ||
	    (s->min_chars > 0 && f->len < s->min_chars))) {
		snprintf(msg, size, "%s: 数字%d桁で入力してください。", label,
		    s->min_chars > 0 ? s->min_chars : f->len);
		return -1;
	}
	if (s->kind == UI_FIELD_SIGN_PIN && check_sign_pin(f) == -1) {
		snprintf(msg, size, "%s: 英大文字と数字を両方含む%d文字から"
		    "%d文字で入力してください。", label, SIGN_PIN_MIN,
		    SIGN_PIN_MAX);
		return -1;
	}
	return 0;
}

static int
field_check_kind(const struct ui_field *f, const char *label, char *msg,
    size_t size)
{
	const struct ui_field_spec *s = f->spec;
	struct era_date dt;

	switch (s->kind) {
	case UI_FIELD_NAME:
	case UI_FIELD_TEXT:
		if (check_chars(f, ok_printable) == -1) {
			snprintf(msg, size, "%s: 使えない文字が含まれています。", label);
			return -1;
		}
		if (field_blank(f)) {
			snprintf(msg, size, "%s: 空白だけでは登録できません。", label);
			return -1;
		}
		return 0;
	case UI_FIELD_KANA:
		if (check_chars(f, is_katakana) == -1 || field_blank(f)) {
			snprintf(msg, size, "%s: カタカナで入力してください。", label);
			return -1;
		}
		return 0;
	case UI_FIELD_DIGITS:
		if (check_chars(f, ok_digit) == -1) {
			snprintf(msg, size, "%s: 数字だけを入力してください。", label);
			return -1;
		}
		if (s->min_chars > 0 && f->len < s->min_chars) {
			if (s->min_chars == field_max_chars(s))
				snprintf(msg, size, "%s: %d桁で入力してください。",
				    label, s->min_chars);
			else
				snprintf(msg, size, "%s: %d桁以上で入力してください。",
				    label, s->min_chars);
			return -1;
		}
		return 0;
	case UI_FIELD_DATE:
		if (ui_field_dates(f, &dt, 1) == 0) {
			snprintf(msg, size, "%s: 正しい日付ではありません。"
			    "例: 令和8年11月25日、R8.11.25、2026-11-25", label);
			return -1;
		}
		return 0;
	case UI_FIELD_PIN:
	case UI_FIELD_SIGN_PIN:
		return field_check_pin(f, label, msg, size);
	case UI_FIELD_CHOICE:
		if (f->choice >= choice_count(s)) {
			snprintf(msg, size, "%s: 選択肢から選んでください。", label);
			return -1;
		}
		return 0;
	}
	return 0;
}

int
ui_field_validate(const struct ui_field *f, char *msg, size_t size)
{
	const struct ui_field_spec *s = f->spec;
	const char *label = s->label != NULL ? s->label : "";
	int empty = s->kind == UI_FIELD_CHOICE ? f->choice < 0 : f->len == 0;

	if (empty) {
		if (!s->required)
			return 0;
		snprintf(msg, size, s->kind == UI_FIELD_CHOICE ?
		    "%sを選んでください。" : "%sを入力してください。", label);
		return -1;
	}
	return field_check_kind(f, label, msg, size);
}

int
ui_field_dates(const struct ui_field *f, struct era_date *out, int max)
{
	char buf[UI_FIELD_MAXCHARS * 4 + 1], td[11];
	struct era_date today;

	if (!f->spec->any_era)
		return ui_field_date(f, out) == 0 ? 1 : 0;
	if (f->len == 0)
		return 0;
	ui_field_get(f, buf, sizeof(buf));
	util_today(td);
	return era_parse_candidates(buf, era_parse_iso(td, &today) == 0 ?
	    &today : NULL, out, max);
}

int
ui_field_date(const struct ui_field *f, struct era_date *out)
{
	char buf[UI_FIELD_MAXCHARS * 4 + 1];

	if (f->len == 0)
		return -1;
	ui_field_get(f, buf, sizeof(buf));
	return era_parse_input(buf, out);
}
