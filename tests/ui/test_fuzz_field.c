/*
 * The field editor's fuzz target run without libFuzzer: every file of
 * tests/fuzz/corpus/field/, then a fixed series of random scripts biased
 * to Japanese text and editing keys at the field edges. The target aborts
 * on any broken invariant.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CORPUS	"tests/fuzz/corpus/field"
#define RUNS	3000

static void
test_corpus(void)
{
	char dir[4096], path[8192];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", test_top_dir(), CORPUS);
	d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d)) != NULL) {
		uint8_t buf[4096];
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if ((f = fopen(path, "rb")) == NULL)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		n++;
	}
	closedir(d);
	CU_ASSERT_TRUE(n >= 5);
}

/* Pieces a script is made of: kana, kanji, full-width and half-width
 * forms, combining marks, controls, keys, invalid bytes. */
static const char *const fuzz_pieces[] = {
	"あ", "ア", "漢", "字", "ー", "・", "　", "a", "Z", "0", "９", "Ｒ",
	"令和", "年", "月", "日", ".", "-", "/", "ｱ", "\xcc\x81", "\x1b",
	"\x7f", "\xc2\x9b", "\xff", "\xe6\xbc", "😀", "\x01", "\x02", "\x03",
	"\x04", "\x05", "\x06", "\x07", "\x08", "\x09", "1", "2", "3",
};

static void
test_random(void)
{
	uint32_t seed = 20261125;
	int run;

	for (run = 0; run < RUNS; run++) {
		uint8_t buf[512];
		size_t len = 0;
		int steps;

		seed = seed * 1103515245u + 12345u;
		buf[len++] = (uint8_t)(seed >> 16);
		for (steps = 0; steps < 60; steps++) {
			const char *p;
			size_t pl;

			seed = seed * 1103515245u + 12345u;
			p = fuzz_pieces[(seed >> 16) % (sizeof(fuzz_pieces) /
			    sizeof(fuzz_pieces[0]))];
			pl = strlen(p);
			if (len + pl > sizeof(buf))
				break;
			memcpy(buf + len, p, pl);
			len += pl;
		}
		LLVMFuzzerTestOneInput(buf, len);
	}
	CU_PASS("no invariant broken");
}

static CU_TestInfo fuzz_tests[] = {
	{ "corpus replay", test_corpus },
	{ "random scripts at the field edges", test_random },
	CU_TEST_INFO_NULL
};
TEST_SUITE(fuzz_field, "ui.fuzz", fuzz_tests)
