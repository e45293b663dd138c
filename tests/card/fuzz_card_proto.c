/*
 * The fuzz harness of the cardd protocol decoder: any bytes in; a message
 * that decodes must encode again to exactly the same bytes (the decoder
 * accepts nothing the encoder would not write), and nothing may crash or
 * leak. Built into the card tests (replaying tests/fuzz/corpus/card/) and,
 * with `make fuzz-card` (clang), into a libFuzzer program.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "card_proto.h"
#include "fuzz_card_proto.h"

int
card_fuzz_one(const uint8_t *data, size_t size)
{
	struct card_msg m;
	unsigned char *again;
	size_t len;
	int same = 1;

	if (size >= CARD_HDR_LEN)
		(void)card_msg_body_len(data);
	if (card_msg_decode(data, size, &m) == -1)
		return 0;
	if (card_msg_encode(&m, &again, &len) == -1)
		abort();	/* decoded but cannot be encoded: a bug */
	same = len == size && memcmp(again, data, size) == 0;
	free(again);
	card_msg_clear(&m);
	if (!same)
		abort();
	return 1;
}

#ifdef CARD_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	card_fuzz_one(data, size);
	return 0;
}
#endif
