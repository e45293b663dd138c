/* The cardd protocol fuzz harness (fuzz_card_proto.c): 1 when data decoded
 * (and re-encoded identically), 0 when rejected; aborts on a bug. */
#ifndef MADOGUCHI_FUZZ_CARD_PROTO_H
#define MADOGUCHI_FUZZ_CARD_PROTO_H
#include <stddef.h>
#include <stdint.h>
int card_fuzz_one(const uint8_t *data, size_t size);
#endif
