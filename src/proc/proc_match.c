/*
 * R2.8 / R2-2.7: the basic 4 info read from the card's input-support AP
 * against the registry record, with its 旧氏 and 通称 where recorded. Both sides are folded first: spaces (ASCII
 * and U+3000) dropped, full-width ASCII made half-width, so 窓口　花子 on
 * the card matches 窓口 花子 in the registry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/card.h"
#include "madoguchi/proc.h"
#include "madoguchi/store.h"
#include "madoguchi/util.h"

static void
fold(const char *in, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;

	while (*p != '\0' && n + 4 < size) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) {
			p += 3;
			continue;
		}
		if (p[0] == 0xef && (p[1] == 0xbc || p[1] == 0xbd) && p[2] != 0) {
			unsigned cp = (p[1] & 0x3f) << 6 | (p[2] & 0x3f) | 0xf000;
			if (cp >= 0xff01 && cp <= 0xff5e) {
				out[n++] = (char)(cp - 0xff01 + 0x21);
				p += 3;
				continue;
			}
		}
		out[n++] = (char)*p++;
	}
	out[n] = '\0';
}

static int
same(const char *a, const char *b)
{
	char fa[512], fb[512];

	fold(a, fa, sizeof(fa));
	fold(b, fb, sizeof(fb));
	return strcmp(fa, fb) == 0;
}

/* The name on the chip is the registry's: as registered, the 通称 (alias)
 * a foreign resident uses, or with the 旧氏 (former surname) the registry
 * records written after it in brackets, as the card carries it. */
static int
proc_name_matches(const char *card, const struct store_person *p)
{
	static const char *const brackets[][2] = {
		{ "(", ")" }, { "[", "]" }, { "【", "】" },
	};
	char with[512];
	size_t i;

	if (same(card, p->name) || (p->alias[0] != '\0' &&
	    same(card, p->alias)))
		return 1;
	if (p->former_surname[0] == '\0')
		return 0;
	for (i = 0; i < nitems(brackets); i++) {
		snprintf(with, sizeof(with), "%s%s%s%s", p->name, brackets[i][0],
		    p->former_surname, brackets[i][1]);
		if (same(card, with))
			return 1;
	}
	return 0;
}

int
proc_card_matches(const struct card_identity *id, const struct store_person *p,
    char *why, size_t whylen)
{
	char birth[9];
	size_t n = 0;

	why[0] = '\0';
	if (!id->has_basic4) {
		snprintf(why, whylen, "カードの基本4情報を読み取れていません");
		return 0;
	}
	snprintf(birth, sizeof(birth), "%.4s%.2s%.2s", p->birth_date,
	    p->birth_date + 5, p->birth_date + 8);
	if (!proc_name_matches(id->name, p))
		n += snprintf(why + n, whylen - n, "氏名 ");
	/* R2-2.7 compares no address for an overseas person: the annex
	 * holds the last address in Japan, the card the one abroad. */
	if (n < whylen && strcmp(p->register_, "overseas") != 0 &&
	    !same(id->address, p->address))
		n += snprintf(why + n, whylen - n, "住所 ");
	if (n < whylen && strcmp(id->birth, birth) != 0)
		n += snprintf(why + n, whylen - n, "生年月日 ");
	if (n < whylen && atoi(id->sex) != p->sex)
		n += snprintf(why + n, whylen - n, "性別 ");
	if (n == 0)
		return 1;
	if (n < whylen)
		why[n - 1] = '\0';	/* the items, the screen says the rest */
	return 0;
}
