/*
 * Fuzz target of the field editor (libFuzzer entry point): the first byte
 * picks a field (kind, width, limits), the rest is a script of typed UTF-8
 * and editing keys (bytes 0x01-0x09). After every step the editor's
 * invariants must hold: limits in characters and columns, the cursor
 * inside the text and its cell inside the field's width, only printable
 * characters stored, whole characters shown, the text read back as UTF-8
 * and set again unchanged. Any breach aborts. `make fuzz-ui` builds it
 * with libFuzzer; the ui tests replay tests/fuzz/corpus/field and a fixed
 * run of random scripts through it.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const fuzz_choices[] = { "住民", "国外転出者", "在外", NULL };

static const struct ui_field_spec fuzz_specs[] = {
	{ .label = "氏名", .kind = UI_FIELD_NAME, .width = 5 },
	{ .label = "氏名", .kind = UI_FIELD_NAME, .width = 6, .max_cols = 21 },
	{ .label = "住所", .kind = UI_FIELD_TEXT, .width = 7, .max_cols = 40,
	  .max_chars = 15 },
	{ .label = "カナ", .kind = UI_FIELD_KANA, .width = 8, .max_cols = 30 },
	{ .label = "番号", .kind = UI_FIELD_DIGITS, .width = 4, .max_chars = 4,
	  .min_chars = 4 },
	{ .label = "日付", .kind = UI_FIELD_DATE, .width = 9, .max_cols = 24 },
	{ .label = "区分", .kind = UI_FIELD_CHOICE, .width = 10,
	  .choices = fuzz_choices },
	{ .label = "暗証", .kind = UI_FIELD_PIN, .width = 4, .max_chars = 4,
	  .min_chars = 4 },
	{ .label = "署名", .kind = UI_FIELD_SIGN_PIN, .width = 16 },
	{ .label = "狭い", .kind = UI_FIELD_TEXT, .width = 2, .max_cols = 9 },
};

static const int fuzz_keys[] = {
	UI_K_LEFT, UI_K_RIGHT, UI_K_HOME, UI_K_END, UI_K_BACKSPACE,
	UI_K_DELETE, UI_K_CLEAR, UI_K_UP, UI_K_ENTER
};

static void
fuzz_check(const struct ui_field *f)
{
	const struct ui_field_spec *s = f->spec;
	int max_chars = s->max_chars > 0 ? s->max_chars : UI_FIELD_MAXCHARS;
	int max_cols = s->max_cols > 0 ? s->max_cols : s->width;
	int first, count, col, i, curw;
	char utf8[UI_FIELD_MAXCHARS * 4 + 1], msg[512];

	if (f->len < 0 || f->len > max_chars || f->len > UI_FIELD_MAXCHARS ||
	    f->text[f->len] != L'\0' || f->cur < 0 || f->cur > f->len ||
	    f->scroll < 0 || f->scroll > f->cur ||
	    ui_field_cols(f, 0, f->len) > max_cols)
		abort();
	for (i = 0; i < f->len; i++)
		if (ui_wcwidth(f->text[i]) < 1)
			abort();
	ui_field_view(f, &first, &count, &col);
	curw = f->cur < f->len ? ui_wcwidth(f->text[f->cur]) : 1;
	if (first != f->scroll || count < 0 || first + count > f->len ||
	    ui_field_cols(f, first, first + count) > s->width ||
	    (s->width >= 2 && col + curw > s->width) ||
	    col != ui_field_cols(f, first, f->cur))
		abort();
	if (s->kind == UI_FIELD_CHOICE && (f->choice < -1 || f->choice > 2))
		abort();
	if (ui_field_validate(f, msg, sizeof(msg)) == -1 && msg[0] == '\0')
		abort();
	ui_field_get(f, utf8, sizeof(utf8));
	if (s->kind != UI_FIELD_CHOICE) {
		struct ui_field back;

		ui_field_init(&back, s);
		if (ui_field_set(&back, utf8) == -1 || back.len != f->len ||
		    wmemcmp(back.text, f->text, (size_t)f->len) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui_field f;
	size_t i = 1;

	if (size == 0)
		return 0;
	setlocale(LC_ALL, "C.UTF-8");
	ui_field_init(&f, &fuzz_specs[data[0] % (sizeof(fuzz_specs) /
	    sizeof(fuzz_specs[0]))]);
	while (i < size) {
		wchar_t wc;
		int n;

		if (data[i] >= 1 && data[i] <= 9) {
			ui_field_key(&f, fuzz_keys[data[i] - 1]);
			i++;
		} else if ((n = ui_utf8_decode((const char *)data + i,
		    size - i, &wc)) > 0) {
			ui_field_insert(&f, wc, NULL);
			i += (size_t)n;
		} else
			i++;	/* invalid UTF-8: the key reader's job */
		fuzz_check(&f);
	}
	return 0;
}
