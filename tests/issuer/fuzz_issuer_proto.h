/* The issuerd protocol fuzz harness (fuzz_issuer_proto.c): 1 when data
 * decoded (and re-encoded identically), 0 when rejected; aborts on a bug. */
#ifndef MADOGUCHI_FUZZ_ISSUER_PROTO_H
#define MADOGUCHI_FUZZ_ISSUER_PROTO_H
#include <stddef.h>
#include <stdint.h>
int issuer_fuzz_one(const uint8_t *data, size_t size);
#endif
