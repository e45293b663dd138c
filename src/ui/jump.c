/*
 * The matcher of type-ahead in lists: what a typed character counts as
 * (ui_jump_fold), and whether a row's item code or reading begins with
 * what was typed. Kana of every width and both scripts fold to one
 * full-width katakana without voicing or smallness, as a clerk looks a
 * document up by its first sound (が finds カ and ガ rows alike).
 */
#include <string.h>

#include "madoguchi/ui.h"

/* U+30A1..U+30F6, each as its plain large katakana. */
static const wchar_t jump_kata_table[] =
    L"アアイイウウエエオオカカキキククケケココササシシススセセソソタタチ"
    L"チツツツテテトトナニヌネノハハハヒヒヒフフフヘヘヘホホホマミムメモ"
    L"ヤヤユユヨヨラリルレロワワヰヱヲンウカケ";

/* U+FF66..U+FF9D (half-width katakana) as full-width katakana. */
static const wchar_t jump_half_table[] =
    L"ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニ"
    L"ヌネノハヒフヘホマミムメモヤユヨラリルレロワン";

wchar_t
ui_jump_fold(wchar_t wc)
{
	if (wc >= L'a' && wc <= L'z')
		return wc - L'a' + L'A';
	if ((wc >= L'A' && wc <= L'Z') || (wc >= L'0' && wc <= L'9'))
		return wc;
	if (wc >= 0xff10 && wc <= 0xff19)	/* full-width digits */
		return wc - 0xff10 + L'0';
	if (wc >= 0xff21 && wc <= 0xff3a)	/* full-width letters */
		return wc - 0xff21 + L'A';
	if (wc >= 0xff41 && wc <= 0xff5a)
		return wc - 0xff41 + L'A';
	if (wc >= 0xff66 && wc <= 0xff9d)
		wc = jump_half_table[wc - 0xff66];
	else if (wc >= 0x3041 && wc <= 0x3096)	/* hiragana */
		wc += 0x60;
	if (wc == 0x30fc)			/* ー */
		return wc;
	if (wc >= 0x30a1 && wc <= 0x30f6)
		return jump_kata_table[wc - 0x30a1];
	return 0;
}

int
ui_jump_code_match(const char *typed, const char *code)
{
	size_t i;

	if (*typed == '\0' || *code == '\0')
		return 0;
	for (i = 0; typed[i] != '\0'; i++) {
		wchar_t a = ui_jump_fold((wchar_t)(unsigned char)typed[i]);
		wchar_t b = ui_jump_fold((wchar_t)(unsigned char)code[i]);

		if (code[i] == '\0' || a == 0 || a != b)
			return 0;
	}
	return code[i] == '\0' ? 2 : 1;
}

int
ui_jump_kana_match(const wchar_t *typed, size_t n, const char *reading)
{
	size_t len = strlen(reading), k = 0;
	wchar_t wc, t;
	int used;

	while (k < n) {
		if ((used = ui_utf8_decode(reading, len, &wc)) <= 0)
			return 0;
		reading += used;
		len -= (size_t)used;
		if (wc == L' ' || wc == 0x3000)
			continue;
		t = ui_jump_fold(typed[k]);
		if (t == 0 || ui_jump_fold(wc) != t)
			return 0;
		k++;
	}
	return n > 0;
}
