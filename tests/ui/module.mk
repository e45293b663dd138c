# Tests of the UI: the field editor and text width logic (no terminal), the
# screen table's rules, `madoguchi ui` itself on a bare pty read through
# libvterm, and the runtime over a table of test screens (test_hooks.c:
# the test program runs ui_run as its own child on a pty).
TESTS += ui
SRCS_ui := $(wildcard tests/ui/test_*.c) tests/ui/fuzz_field.c
LIBS_ui := testlib testvt ui screens store util rules proc audit card issuer vocab
PKGS_ui := cunit vterm ncursesw sqlite3 libcrypto jansson
# The screen tests run the built program.
$(BUILD)/tests/ui: | $(BUILD)/madoguchi

# libFuzzer build of the field editor (optional; needs clang):
#   make fuzz-ui && build/fuzz/ui-field tests/fuzz/corpus/field
.PHONY: fuzz-ui
fuzz-ui:
	@mkdir -p $(BUILD)/fuzz
	clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	    -Iinclude -o $(BUILD)/fuzz/ui-field tests/ui/fuzz_field.c \
	    src/ui/field.c src/ui/text.c src/util/era.c src/util/xmalloc.c src/util/testsw.c \
	    src/util/log.c
# The screens print the receipt as PDF too (src/print).
LIBS_ui += print
PKGS_ui += pangocairo cairo fontconfig
LDLIBS_ui += -lm

# Keys of every client (PuTTY's modes, Tera Term, xterm, rxvt) as raw
# bytes on `madoguchi ui`, Esc then a digit, the ambiguous-width probe,
# and East Asian ambiguous characters in the goldens and vocabularies.
TESTS += ui-keys
SRCS_ui-keys := $(wildcard tests/ui/keys_*.c)
LIBS_ui-keys := testlib testvt ui screens store util rules proc audit card \
	issuer vocab print
PKGS_ui-keys := cunit vterm ncursesw sqlite3 libcrypto jansson pangocairo \
	cairo fontconfig
LDLIBS_ui-keys := -lm
$(BUILD)/tests/ui-keys: | $(BUILD)/madoguchi
