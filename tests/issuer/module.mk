# The issuer and the built-in CA: profiles checked by the real openssl
# command-line tool, idempotency, CRLs, crashes injected at every step, and
# the counter database following the issuer (store linked for that); the
# issuerd protocol codec with its fuzz corpus, and madoguchi-issuerd itself
# against the builtin (issuer.issuerd).
TESTS += issuer
SRCS_issuer := $(wildcard tests/issuer/*.c)
LIBS_issuer := testlib issuer store util
PKGS_issuer := cunit libcrypto sqlite3
$(BUILD)/obj/tests/issuer/%.o: CFLAGS += -Isrc/issuer
$(BUILD)/tests/issuer: | $(BUILD)/madoguchi $(BUILD)/madoguchi-issuerd

# libFuzzer build of the protocol decoder (optional; needs clang):
#   make fuzz-issuer && build/fuzz/issuer-proto /tmp/new tests/fuzz/corpus/issuer
# (new inputs go to the first directory, not into the checked-in corpus)
.PHONY: fuzz-issuer
fuzz-issuer:
	@mkdir -p $(BUILD)/fuzz
	clang -g -O1 -std=c11 -D_GNU_SOURCE -DISSUER_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	    -Iinclude -Isrc/issuer -Itests/issuer -o $(BUILD)/fuzz/issuer-proto \
	    tests/issuer/fuzz_issuer_proto.c src/issuer/issuer_proto.c src/issuer/issuer.c \
	    src/util/xmalloc.c src/util/log.c src/util/era.c -lcrypto
