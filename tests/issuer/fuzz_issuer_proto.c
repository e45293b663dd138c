/*
 * The fuzz harness of the issuerd protocol decoder: any bytes in; a message
 * that decodes must encode again to exactly the same bytes (the decoder
 * accepts nothing the encoder would not write), and nothing may crash or
 * leak. Built into the issuer tests (replaying tests/fuzz/corpus/issuer/)
 * and, with `make fuzz-issuer` (clang), into a libFuzzer program.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "issuer_proto.h"
#include "fuzz_issuer_proto.h"

int
issuer_fuzz_one(const uint8_t *data, size_t size)
{
	struct issuer_msg m;
	unsigned char *again;
	size_t len;
	int same;

	if (size >= ISSUER_HDR_LEN)
		(void)issuer_msg_body_len(data, NULL);
	if (issuer_msg_decode(data, size, &m) == -1)
		return 0;
	if (issuer_msg_encode(&m, &again, &len) == -1)
		abort();	/* decoded but cannot be encoded: a bug */
	same = len == size && memcmp(again, data, size) == 0;
	free(again);
	issuer_msg_clear(&m);
	if (!same)
		abort();
	return 1;
}

#ifdef ISSUER_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	issuer_fuzz_one(data, size);
	return 0;
}
#endif
