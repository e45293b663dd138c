/*
 * Text as the UI shows it: strict UTF-8 decoding (what a terminal sends is
 * never trusted), display columns by wcwidth under the C.UTF-8 locale, and
 * cutting strings to a number of columns without splitting a wide
 * character, and where wrapped text breaks. Also the Japanese names of
 * roles and windows, looked up in the vocabulary (vocab.h) and the rules
 * core's tables.
 */
#include <string.h>
#include <wchar.h>

#include "madoguchi/rules.h"
#include "madoguchi/ui.h"
#include "madoguchi/util.h"
#include "madoguchi/vocab.h"

int
ui_utf8_decode(const char *s, size_t n, wchar_t *wc)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80) {
		*wc = (wchar_t)c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return -1;	/* a continuation byte, C0/C1 overlong or 0xf5+ */
	for (i = 1; i < len; i++) {
		if (i >= n)
			return 0;
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*wc = (wchar_t)c;
	return (int)len;
}

size_t
ui_utf8_encode(wchar_t wc, char out[4])
{
	unsigned c = (unsigned)wc;

	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	if (c <= 0x10ffff) {
		out[0] = (char)(0xf0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[3] = (char)(0x80 | (c & 0x3f));
		return 4;
	}
	return 0;
}

int
ui_wcwidth(wchar_t wc)
{
	if (wc < 0x20 || (wc >= 0x7f && wc < 0xa0))
		return -1;
	return wcwidth(wc);
}

int
ui_text_width(const char *utf8)
{
	size_t n = strlen(utf8);
	int cols = 0;

	while (n > 0) {
		wchar_t wc;
		int len = ui_utf8_decode(utf8, n, &wc), w;

		if (len <= 0) {
			len = 1;
			w = 1;
		} else if ((w = ui_wcwidth(wc)) < 0)
			w = 1;
		cols += w;
		utf8 += len;
		n -= (size_t)len;
	}
	return cols;
}

/* Punctuation a Japanese row does not start with (行頭禁則): the
 * character before it goes down with it. */
static int
ui_no_line_start(wchar_t wc)
{
	return wc != L'\0' && wcschr(L"。、，．）」』】〕！？：；", wc) != NULL;
}

size_t
ui_wrap_line(const char *utf8, int cols, size_t max, int *width)
{
	size_t n = 0, prev_n = 0, len = strcspn(utf8, "\n");
	int w = 0, prev_w = 0;

	if (cols < 2)
		cols = 2;
	while (n < len) {
		wchar_t wc;
		int k = ui_utf8_decode(utf8 + n, len - n, &wc), cw;

		if (k <= 0)
			k = 1, wc = L'?';
		cw = ui_wcwidth(wc);
		if (cw < 0)
			cw = 1;		/* drawn as '?' */
		/* The first character is taken whatever it needs, so a row
		 * always moves the text on; one that may not start a row
		 * takes the one before it along, when the row keeps one. */
		if (n > 0 && (w + cw > cols || n + (size_t)k > max)) {
			if (ui_no_line_start(wc) && prev_n > 0) {
				n = prev_n;
				w = prev_w;
			}
			break;
		}
		prev_n = n;
		prev_w = w;
		w += cw;
		n += (size_t)k;
	}
	if (width != NULL)
		*width = w;
	return n;
}

int
ui_text_fit(const char *utf8, int maxcols, wchar_t *out, size_t outlen)
{
	size_t n = strlen(utf8), o = 0;
	int cols = 0;

	while (n > 0 && o + 1 < outlen) {
		wchar_t wc;
		int len = ui_utf8_decode(utf8, n, &wc), w;

		if (len <= 0) {
			len = 1;
			wc = L'?';
		} else if (ui_wcwidth(wc) <= 0)
			wc = L'?';	/* controls and combining marks */
		w = ui_wcwidth(wc);
		if (cols + w > maxcols)
			break;
		out[o++] = wc;
		cols += w;
		utf8 += len;
		n -= (size_t)len;
	}
	if (outlen > 0)
		out[o] = L'\0';
	return cols;
}

void
ui_pad(char *buf, size_t size, const char *utf8, int cols)
{
	wchar_t wide[512];
	size_t n = 0;
	int i, used;

	if (size == 0)
		return;
	used = ui_text_fit(utf8, cols, wide, sizeof(wide) / sizeof(wide[0]));
	for (i = 0; wide[i] != L'\0'; i++) {
		char u[4];
		size_t len = ui_utf8_encode(wide[i], u);

		if (n + len + 1 > size)
			break;
		memcpy(buf + n, u, len);
		n += len;
	}
	for (; used < cols && n + 2 <= size; used++)
		buf[n++] = ' ';
	buf[n] = '\0';
}

int
ui_role_parse(const char *role)
{
	return vocab_parse(VOCAB_ROLE, role);
}

const char *
ui_role_label(enum ui_role role)
{
	const char *label = vocab_label(VOCAB_ROLE, (int)role);

	return label != NULL ? label : "?";
}

const char *
ui_window_label(const char *window)
{
	int w = rules_window_parse(window);

	return w < 0 ? NULL : rules_window_label((enum rules_window)w);
}
