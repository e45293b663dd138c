/*
 * libFuzzer target of the search folds and the date reader: any bytes as
 * typed by a clerk or held by an extract. Every key must come back as
 * valid UTF-8 within its buffer, and every date read must be a real date.
 * Build and run: make fuzz-searchkey && build/fuzz/searchkey -max_total_time=60
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "madoguchi/era.h"
#include "madoguchi/searchkey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid UTF-8 of at most size - 1 bytes, or abort. */
static void
fuzz_check_key(const char *key, size_t size)
{
	const unsigned char *p = (const unsigned char *)key;
	size_t n = strlen(key);
	int len, i;

	if (n >= size)
		abort();
	for (; *p != '\0'; p += len) {
		len = *p < 0x80 ? 1 : (*p & 0xe0) == 0xc0 ? 2 :
		    (*p & 0xf0) == 0xe0 ? 3 : (*p & 0xf8) == 0xf0 ? 4 : 0;
		if (len == 0)
			abort();
		for (i = 1; i < len; i++)
			if ((p[i] & 0xc0) != 0x80)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 7, 64, 4096 };
	struct era_date out[ERA_CANDIDATES_MAX], today = { 2026, 11, 25 };
	char *s = malloc(size + 1), key[4096];
	size_t i;
	int n, k;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		fuzz_check_key(searchkey_name(s, key, sizes[i]), sizes[i]);
		fuzz_check_key(searchkey_kana(s, key, sizes[i]), sizes[i]);
		fuzz_check_key(searchkey_address(s, key, sizes[i]), sizes[i]);
	}
	n = era_parse_candidates(s, &today, out, ERA_CANDIDATES_MAX);
	if (n < 0 || n > ERA_CANDIDATES_MAX)
		abort();
	for (k = 0; k < n; k++)
		if (!era_valid(out[k].y, out[k].m, out[k].d))
			abort();
	free(s);
	return 0;
}
