# Card tests: protocol codec and fuzz-corpus replay (card.proto), and cardd
# against pcscd + vpcd + the emulated card in a private namespace
# (card.stack, via contrib/card-stack.sh).
TESTS += card
SRCS_card := $(wildcard tests/card/*.c) src/card/cardd_pinpad.c \
    contrib/vcard/vcard_apdu.c contrib/vcard/vcard_state.c contrib/vcard/vcard_admin.c \
    contrib/vcard/vcard_pad.c
LIBS_card := testlib card util
PKGS_card := cunit libcrypto jansson
$(BUILD)/obj/tests/card/%.o: CFLAGS += -Isrc/card -Icontrib/vcard
$(BUILD)/tests/card: | $(BUILD)/madoguchi $(BUILD)/madoguchi-cardd $(BUILD)/madoguchi-vcard

# libFuzzer build of the protocol decoder (optional; needs clang):
#   make fuzz-card && build/fuzz/card-proto tests/fuzz/corpus/card
.PHONY: fuzz-card
fuzz-card:
	@mkdir -p $(BUILD)/fuzz
	clang -g -O1 -std=c11 -D_GNU_SOURCE -DCARD_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	    -Iinclude -Isrc/card -Itests/card -o $(BUILD)/fuzz/card-proto \
	    tests/card/fuzz_card_proto.c src/card/card_proto.c src/util/xmalloc.c src/util/testsw.c src/util/log.c -lcrypto
