/*
 * Search keys (searchkey.h): the text is decoded into code points, folded
 * by a chain of small steps (the common fold, then the kana or address
 * one) into a second array, and encoded back into the caller's buffer.
 * Half-width kana and voiced-sound marks are joined here, once, so that
 * ﾏﾄﾞｸﾞﾁ, マドグチ and まどぐち give the same key.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/searchkey.h"
#include "madoguchi/util.h"

enum searchkey_kind { SK_NAME, SK_KANA, SK_ADDRESS };

struct cps {
	uint32_t	*v;
	size_t		 n, cap;
};

/* U+FF61..U+FF9D, half-width katakana and punctuation, in full width. */
static const uint16_t searchkey_halfwidth_table[] = {
	0x3002, 0x300c, 0x300d, 0x3001, 0x30fb, 0x30f2, 0x30a1, 0x30a3,
	0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5, 0x30e7, 0x30c3, 0x30fc,
	0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa, 0x30ab, 0x30ad, 0x30af,
	0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9, 0x30bb, 0x30bd, 0x30bf,
	0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca, 0x30cb, 0x30cc, 0x30cd,
	0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8, 0x30db, 0x30de, 0x30df,
	0x30e0, 0x30e1, 0x30e2, 0x30e4, 0x30e6, 0x30e8, 0x30e9, 0x30ea,
	0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3,
};

/* Small kana and their large forms (kana key only). */
static const uint16_t searchkey_small_table[][2] = {
	{ 0x30a1, 0x30a2 }, { 0x30a3, 0x30a4 }, { 0x30a5, 0x30a6 },
	{ 0x30a7, 0x30a8 }, { 0x30a9, 0x30aa }, { 0x30c3, 0x30c4 },
	{ 0x30e3, 0x30e4 }, { 0x30e5, 0x30e6 }, { 0x30e7, 0x30e8 },
	{ 0x30ee, 0x30ef }, { 0x30f5, 0x30ab }, { 0x30f6, 0x30b1 },
};

/* Dashes a clerk may type for ー or for the hyphen of an address. */
static const uint16_t searchkey_dash_table[] = {
	'-', 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x30fc,
	0xff0d, 0xff70,
};

/* Address words that stand for the hyphen after a number, longest first. */
static const uint16_t searchkey_addr_word_table[][3] = {
	{ 0x4e01, 0x76ee, 0 },	/* 丁目 */
	{ 0x756a, 0x5730, 0 },	/* 番地 */
	{ 0x756a, 0, 0 },	/* 番 */
	{ 0x53f7, 0, 0 },	/* 号 */
};

/* 〇 一 二 三 四 五 六 七 八 九 */
static const uint16_t searchkey_kanji_digit_table[] = {
	0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db, 0x4e94, 0x516d, 0x4e03,
	0x516b, 0x4e5d,
};

static void
cps_push(struct cps *c, uint32_t cp)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = cp;
}

/* One UTF-8 sequence at s (NUL-terminated); its length, or 0 if invalid. */
static int
searchkey_utf8(const unsigned char *s, uint32_t *cp)
{
	int len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, *cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, *cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

/* Nothing a person's name or address is made of: controls, spaces,
 * invisible characters and the bidi controls that reorder text. */
static int
searchkey_ignored(uint32_t cp)
{
	return cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp == 0x3000 ||
	    cp == 0x061c || cp == 0x00ad || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

uint32_t
searchkey_voiced(uint32_t k, uint32_t mark)
{
	int hira = k >= 0x3041 && k <= 0x3096;
	uint32_t kata = hira ? k + 0x60 : k, v = 0;
	int ha = kata >= 0x30cf && kata <= 0x30db && (kata - 0x30cf) % 3 == 0;

	if (mark == 0x3099) {
		if ((kata >= 0x30ab && kata <= 0x30c1 &&
		    (kata - 0x30ab) % 2 == 0) || kata == 0x30c4 ||
		    kata == 0x30c6 || kata == 0x30c8 || ha)
			v = kata + 1;
		else if (kata == 0x30a6)
			v = 0x30f4;	/* ヴ */
		else if (kata == 0x30ef && !hira)
			v = 0x30f7;	/* ヷ */
	} else if (ha)
		v = kata + 2;
	if (v == 0)
		return 0;
	return hira ? v - 0x60 : v;
}

/* The common fold: full-width ASCII, half-width kana and the voiced
 * marks (combining or spacing) joined to the kana before them. */
static void
searchkey_fold(const char *s, struct cps *out)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp, v;
	int len;

	for (; *p != '\0'; p += len) {
		if ((len = searchkey_utf8(p, &cp)) == 0) {
			len = 1;	/* not UTF-8: skipped */
			continue;
		}
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp = cp - 0xff01 + 0x21;
		else
			cp = searchkey_fullwidth(cp);
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		if (searchkey_ignored(cp))
			continue;
		if (cp == 0x3099 || cp == 0x309a) {
			/* A mark that joins nothing is dropped. */
			if (out->n > 0 &&
			    (v = searchkey_voiced(out->v[out->n - 1], cp)) != 0)
				out->v[out->n - 1] = v;
			continue;
		}
		cps_push(out, cp);
	}
}

uint32_t
searchkey_fullwidth(uint32_t cp)
{
	if (cp >= 0xff61 && cp <= 0xff9d)
		return searchkey_halfwidth_table[cp - 0xff61];
	if (cp == 0xff9e || cp == 0x309b)
		return 0x3099;
	if (cp == 0xff9f || cp == 0x309c)
		return 0x309a;
	return cp;
}

static int
searchkey_is_dash(uint32_t cp)
{
	size_t i;

	for (i = 0; i < nitems(searchkey_dash_table); i++)
		if (cp == searchkey_dash_table[i])
			return 1;
	return 0;
}

static void
searchkey_kana_fold(struct cps *c)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->n; i++) {
		uint32_t cp = c->v[i];

		if (cp >= 0x3041 && cp <= 0x3096)
			cp += 0x60;
		for (j = 0; j < nitems(searchkey_small_table); j++)
			if (cp == searchkey_small_table[j][0])
				cp = searchkey_small_table[j][1];
		if (searchkey_is_dash(cp))
			cp = 0x30fc;
		if (cp == 0x30fb || cp == '=' || cp == 0x30a0)
			continue;	/* ・ between given and family names */
		c->v[n++] = cp;
	}
	c->n = n;
}

/* The value of a kanji digit, or -1. */
static int
searchkey_kanji_digit(uint32_t cp)
{
	size_t i;

	for (i = 0; i < nitems(searchkey_kanji_digit_table); i++)
		if (cp == searchkey_kanji_digit_table[i])
			return (int)i;
	return -1;
}

static int
searchkey_kanji_unit(uint32_t cp)
{
	return cp == 0x5341 ? 10 : cp == 0x767e ? 100 : cp == 0x5343 ? 1000 :
	    0;	/* 十 百 千 */
}

/* The length of the address word at v[i] standing for a hyphen, or 0. */
static size_t
searchkey_addr_word(const struct cps *c, size_t i)
{
	size_t w, k;

	for (w = 0; w < nitems(searchkey_addr_word_table); w++) {
		const uint16_t *word = searchkey_addr_word_table[w];

		for (k = 0; word[k] != 0 && i + k < c->n &&
		    c->v[i + k] == word[k]; k++)
			;
		if (word[k] == 0)
			return k;
	}
	return 0;
}

/* A kanji numeral at v[*i] followed by an address word: its value, with
 * *i moved past it; -1 (and *i kept) for any other kanji. */
static long
searchkey_kanji_number(const struct cps *c, size_t *i)
{
	long total = 0, cur = 0;
	size_t j;
	int d, u, any = 0;

	for (j = *i; j < c->n && j - *i < 12; j++) {
		if ((d = searchkey_kanji_digit(c->v[j])) >= 0)
			cur = cur * 10 + d;
		else if ((u = searchkey_kanji_unit(c->v[j])) > 0) {
			total += (cur == 0 ? 1 : cur) * u;
			cur = 0;
		} else
			break;
		any = 1;
	}
	if (!any || j >= c->n || searchkey_addr_word(c, j) == 0)
		return -1;
	*i = j;
	return total + cur;
}

static void
searchkey_push_number(struct cps *out, long v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0 && n < (int)sizeof(digits));
	while (n > 0)
		cps_push(out, (uint32_t)digits[--n]);
}

static int
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Numbers and the words and dashes between them (see searchkey.h). */
static void
searchkey_address_fold(struct cps *c)
{
	struct cps out = { 0 };
	size_t i = 0, w;
	long v;

	while (i < c->n) {
		uint32_t cp = c->v[i];
		int after_digit = out.n > 0 && is_digit(out.v[out.n - 1]);

		if ((v = searchkey_kanji_number(c, &i)) >= 0) {
			searchkey_push_number(&out, v);
			continue;
		}
		if (after_digit && (w = searchkey_addr_word(c, i)) > 0) {
			cps_push(&out, '-');
			i += w;
			continue;
		}
		if (after_digit && (searchkey_is_dash(cp) ||
		    ((cp == 0x306e || cp == 0x30ce) && i + 1 < c->n &&
		    is_digit(c->v[i + 1])))) {	/* 3の1 */
			cps_push(&out, '-');
			i++;
			continue;
		}
		cps_push(&out, cp == 0x30f6 || cp == 0x30f5 ? 0x30b1 : cp);
		i++;
	}
	/* One "-" and only between a number and the next. */
	c->n = 0;
	for (i = 0; i < out.n; i++) {
		if (out.v[i] == '-' && (i + 1 >= out.n || !is_digit(out.v[i + 1])))
			continue;
		c->v[c->n++] = out.v[i];
	}
	free(out.v);
}

/* Encode c into out, stopping before a character that does not fit. */
static char *
searchkey_encode(const struct cps *c, char *out, size_t size)
{
	size_t i, n = 0;

	if (size == 0)
		return out;
	for (i = 0; i < c->n; i++) {
		uint32_t cp = c->v[i];
		unsigned char b[4];
		size_t len;

		if (cp < 0x80)
			b[0] = (unsigned char)cp, len = 1;
		else if (cp < 0x800)
			b[0] = 0xc0 | cp >> 6, b[1] = 0x80 | (cp & 0x3f), len = 2;
		else if (cp < 0x10000)
			b[0] = 0xe0 | cp >> 12, b[1] = 0x80 | (cp >> 6 & 0x3f),
			    b[2] = 0x80 | (cp & 0x3f), len = 3;
		else
			b[0] = 0xf0 | cp >> 18, b[1] = 0x80 | (cp >> 12 & 0x3f),
			    b[2] = 0x80 | (cp >> 6 & 0x3f),
			    b[3] = 0x80 | (cp & 0x3f), len = 4;
		if (n + len >= size)
			break;
		memcpy(out + n, b, len);
		n += len;
	}
	out[n] = '\0';
	return out;
}

static char *
searchkey_make(enum searchkey_kind kind, const char *s, char *out,
    size_t size)
{
	struct cps c = { 0 };

	if (s != NULL)
		searchkey_fold(s, &c);
	if (kind == SK_KANA)
		searchkey_kana_fold(&c);
	else if (kind == SK_ADDRESS)
		searchkey_address_fold(&c);
	searchkey_encode(&c, out, size);
	free(c.v);
	return out;
}

char *
searchkey_name(const char *s, char *out, size_t size)
{
	return searchkey_make(SK_NAME, s, out, size);
}

char *
searchkey_kana(const char *s, char *out, size_t size)
{
	return searchkey_make(SK_KANA, s, out, size);
}

char *
searchkey_address(const char *s, char *out, size_t size)
{
	return searchkey_make(SK_ADDRESS, s, out, size);
}

const char *
searchkey_next(const char *s)
{
	if (*s == '\0')
		return s;
	for (s++; ((unsigned char)*s & 0xc0) == 0x80; s++)
		;
	return s;
}

size_t
searchkey_chars(const char *key)
{
	size_t n = 0;

	for (; *key != '\0'; key++)
		if (((unsigned char)*key & 0xc0) != 0x80)
			n++;
	return n;
}
