/* Search keys (searchkey.h): kana, names and addresses as the clerk types
 * them and as the registry holds them fold to the same key; hostile input
 * (escape sequences, bytes that are not UTF-8, very long text) folds to
 * something bounded and valid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/searchkey.h"
#include "testlib.h"

typedef char *(*fold_fn)(const char *, char *, size_t);

static void
folds(fold_fn fn, const char *in, const char *want)
{
	char out[512];

	fn(in, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, want);
	if (strcmp(out, want) != 0)
		fprintf(stderr, "fold(%s) = %s, want %s\n", in, out, want);
}

static void
test_kana(void)
{
	folds(searchkey_kana, "マドグチ ハナコ", "マドグチハナコ");
	folds(searchkey_kana, "ﾏﾄﾞｸﾞﾁ", "マドグチ");
	folds(searchkey_kana, "ﾏﾄﾞｸﾞﾁ ﾊﾅｺ", "マドグチハナコ");
	folds(searchkey_kana, "まどぐち　はなこ", "マドグチハナコ");
	folds(searchkey_kana, "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ");
	folds(searchkey_kana, "ｳﾞｨｸﾄﾙ", "ヴイクトル");	/* small ィ as large */
	folds(searchkey_kana, "ヴィクトル", "ヴイクトル");
	folds(searchkey_kana, "カ\xe3\x82\x99", "ガ");	/* combining U+3099 */
	folds(searchkey_kana, "は゜", "パ");		/* spacing ゜ */
	folds(searchkey_kana, "ﾞｱ", "ア");		/* a mark joining nothing */
	folds(searchkey_kana, "ｱﾞ", "ア");		/* ア takes no mark */
	folds(searchkey_kana, "ショウ", "シヨウ");
	folds(searchkey_kana, "ｼｮｳ", "シヨウ");
	folds(searchkey_kana, "キッタ", "キツタ");
	folds(searchkey_kana, "ヶ", "ケ");
	folds(searchkey_kana, "ｽｰｻﾞﾝ", "スーザン");
	folds(searchkey_kana, "ス－ザン", "スーザン");	/* full-width hyphen */
	folds(searchkey_kana, "スミス・ジョン", "スミスジヨン");
	folds(searchkey_kana, "", "");
	folds(searchkey_kana, NULL, "");
}

static void
test_name(void)
{
	folds(searchkey_name, "窓口 花子", "窓口花子");
	folds(searchkey_name, "窓口　花子", "窓口花子");
	folds(searchkey_name, " 窓口\t花子 ", "窓口花子");
	folds(searchkey_name, "ＳＭＩＴＨ　ｊｏｈｎ", "SMITHJOHN");
	folds(searchkey_name, "ﾏﾄﾞｸﾞﾁ", "マドグチ");
	/* Invisible and bidi characters are no part of a name. */
	folds(searchkey_name, "窓\xe2\x80\x8b口\xe2\x80\xae", "窓口");
}

static void
test_address(void)
{
	const char *same[] = {
		"大阪府豊中市中桜塚3丁目1番1号", "中桜塚3-1-1", "中桜塚３－１－１",
		"中桜塚3丁目1-1", "中桜塚三丁目1番1号", "中桜塚 3‐1‐1",
		"中桜塚3ー1ー1", "中桜塚3ｰ1ｰ1", "中桜塚3−1−1", "中桜塚3―1―1",
		"中桜塚3丁目1番地1", "中桜塚3の1の1", "中桜塚３丁目１番１号",
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char out[256];

		searchkey_address(same[i], out, sizeof(out));
		CU_ASSERT_PTR_NOT_NULL(strstr(out, "中桜塚3-1-1"));
		if (strstr(out, "中桜塚3-1-1") == NULL)
			fprintf(stderr, "address %s -> %s\n", same[i], out);
	}
	folds(searchkey_address, "大阪府豊中市中桜塚3丁目1番1号",
	    "大阪府豊中市中桜塚3-1-1");
	folds(searchkey_address, "中桜塚3丁目", "中桜塚3");
	folds(searchkey_address, "新千里東町二丁目", "新千里東町2");
	folds(searchkey_address, "十二丁目", "12");
	folds(searchkey_address, "二十三番", "23");
	folds(searchkey_address, "百五番地", "105");
	/* Kanji numerals that are part of a place name stay. */
	folds(searchkey_address, "三国本町", "三国本町");
	folds(searchkey_address, "十三本町1丁目", "十三本町1");
	folds(searchkey_address, "霞ヶ関1-1", "霞ケ関1-1");
	folds(searchkey_address, "霞ケ関1-1", "霞ケ関1-1");
	folds(searchkey_address, "101号室", "101室");
	folds(searchkey_address, "コーポ中桜塚", "コーポ中桜塚");
	folds(searchkey_address, "", "");
}

/* Escape sequences, bytes that are not UTF-8, surrogates, overlong forms
 * and very long text: the key is valid UTF-8, bounded, and holds only
 * what was printable. */
static void
test_hostile(void)
{
	char out[64], *big;
	size_t i;

	folds(searchkey_name, "\x1b[2J\x1b]0;x\x07窓口", "[2J]0;X窓口");
	folds(searchkey_kana, "\xff\xfe\xc0\xafマド\xed\xa0\x80グチ", "マドグチ");
	folds(searchkey_address, "\xe3\x81", "");	/* cut short */
	folds(searchkey_address, "中\x80桜塚", "中桜塚");
	big = malloc(300000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	for (i = 0; i + 3 < 300000; i += 3)
		memcpy(big + i, "三", 3);
	big[i] = '\0';
	searchkey_address(big, out, sizeof(out));
	CU_ASSERT(strlen(out) < sizeof(out));
	CU_ASSERT_EQUAL(strlen(out) % 3, 0);	/* no character cut */
	for (i = 0; i + 3 < 300000; i += 3)
		memcpy(big + i, "ﾞ", 3);
	searchkey_kana(big, out, sizeof(out));
	CU_ASSERT_STRING_EQUAL(out, "");
	memset(big, '9', 299990);
	big[299990] = '\0';
	memcpy(big + 100, "番", 3);
	searchkey_address(big, out, sizeof(out));
	CU_ASSERT_EQUAL(strlen(out), sizeof(out) - 1);
	searchkey_kana("マドグチ", out, 4);	/* room for one character */
	CU_ASSERT_STRING_EQUAL(out, "マ");
	searchkey_kana("マドグチ", out, 3);
	CU_ASSERT_STRING_EQUAL(out, "");
	free(big);
}

static void
test_voiced(void)
{
	CU_ASSERT_EQUAL(searchkey_voiced(0x30ab, 0x3099), 0x30ac);	/* ガ */
	CU_ASSERT_EQUAL(searchkey_voiced(0x30c4, 0x3099), 0x30c5);	/* ヅ */
	CU_ASSERT_EQUAL(searchkey_voiced(0x30db, 0x309a), 0x30dd);	/* ポ */
	CU_ASSERT_EQUAL(searchkey_voiced(0x3046, 0x3099), 0x3094);	/* ゔ */
	CU_ASSERT_EQUAL(searchkey_voiced(0x30ab, 0x309a), 0);
	CU_ASSERT_EQUAL(searchkey_voiced(0x30c3, 0x3099), 0);	/* ッ */
	CU_ASSERT_EQUAL(searchkey_fullwidth(0xff8f), 0x30de);	/* ﾏ */
	CU_ASSERT_EQUAL(searchkey_fullwidth(0xff9e), 0x3099);
	CU_ASSERT_EQUAL(searchkey_fullwidth('A'), 'A');
}

static CU_TestInfo searchkey_tests[] = {
	{ "kana: half-width, hiragana, small kana, marks", test_kana },
	{ "names: spaces, full-width letters, invisible", test_name },
	{ "addresses: 丁目番号 and hyphens, kanji numerals", test_address },
	{ "hostile input: escapes, bad UTF-8, very long", test_hostile },
	{ "voiced marks and half-width kana one by one", test_voiced },
	CU_TEST_INFO_NULL
};
TEST_SUITE(searchkey, "util.searchkey", searchkey_tests)
