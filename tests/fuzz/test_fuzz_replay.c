/*
 * Replays every file of tests/fuzz/corpus/rules/ through the rules fuzz
 * target, so `make test` and `make check` (ASan+UBSan, leaks) run the
 * corpus and every crasher that became a regression file.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CORPUS "tests/fuzz/corpus/rules"

/* Whole file into a buffer of exactly its size (so ASan sees overreads). */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n > 0 ? (size_t)n : 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static void
test_replay(void)
{
	char dir[4096], path[8192];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%s/%s", test_top_dir(), CORPUS);
	d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((e = readdir(d)) != NULL) {
		uint8_t *buf;
		size_t len = 0;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		buf = slurp(path, &len);
		CU_ASSERT_PTR_NOT_NULL(buf);
		if (buf == NULL)
			continue;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	printf("replayed %d corpus files\n", n);
	CU_ASSERT(n >= 24);
}

static CU_TestInfo replay_tests[] = {
	{ "every corpus file of the rules case reader", test_replay },
	CU_TEST_INFO_NULL
};
TEST_SUITE(fuzz_rules, "fuzz.rules.replay", replay_tests)
