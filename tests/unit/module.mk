# Unit tests of the shared helpers, the store and the test harness itself.
TESTS += unit-util
SRCS_unit-util += $(wildcard tests/unit/test_*.c)
LIBS_unit-util += testlib testvt store util rules vocab
PKGS_unit-util += cunit vterm sqlite3 libcrypto

# The search folds and the date reader under libFuzzer (clang):
#   make fuzz-searchkey && build/fuzz/searchkey -max_total_time=60
.PHONY: fuzz-searchkey
fuzz-searchkey:
	@mkdir -p $(BUILD)/fuzz
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	    -Iinclude -o $(BUILD)/fuzz/searchkey tests/fuzz/fuzz_searchkey.c \
	    src/util/searchkey.c src/util/era.c src/util/xmalloc.c \
	    src/util/log.c src/util/testsw.c
