# The rules core's tests: table-driven decisions per rule id (on and off),
# boundaries, the JSON reader and writer, and the CLI contract of CASES.md.
TESTS += rules
SRCS_rules := $(wildcard tests/rules/*.c)
LIBS_rules := testlib rules util
PKGS_rules := cunit jansson

# The fuzz target of the JSON case reader, replayed over its corpus by a
# normal test program (so `make check` runs it under ASan+UBSan).
TESTS += fuzz-rules-replay
SRCS_fuzz-rules-replay := tests/fuzz/fuzz_rules_case.c tests/fuzz/test_fuzz_replay.c
LIBS_fuzz-rules-replay := testlib rules util
PKGS_fuzz-rules-replay := cunit jansson

# libFuzzer build of the same target (optional, needs clang):
#   make fuzz-rules && build/fuzz/fuzz_rules_case tests/fuzz/corpus/rules
FUZZ_CC ?= clang
.PHONY: fuzz-rules
fuzz-rules:
	@mkdir -p $(BUILD)/fuzz
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -std=c11 \
		-D_GNU_SOURCE -Iinclude -o $(BUILD)/fuzz/fuzz_rules_case \
		tests/fuzz/fuzz_rules_case.c $(wildcard src/rules/*.c) \
		src/util/era.c $(shell $(PKG_CONFIG) --cflags --libs jansson)
