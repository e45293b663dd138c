# End-to-end tests of starting from the card (menu k): a clerk through
# OpenSSH, the emulated card behind pcscd and cardd, the applicant's
# input-support PIN or the card face's PIN B, and the person's record that
# opens, or the message that says why none does; the audit row of the read.
TESTS += cardread
SRCS_cardread := $(wildcard tests/cardread/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_cardread := testlib testvt store util card issuer proc audit rules vocab
PKGS_cardread := cunit vterm sqlite3 libcrypto jansson
