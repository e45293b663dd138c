# End-to-end tests of issuance at the counter (issue 6): a clerk logs in
# through OpenSSH to madoguchi-sshd, the screens are read through libvterm,
# the card is the emulated one behind pcscd and cardd (contrib/card-stack.sh,
# one profile per person), the CA is the built-in one. After each issuance
# the database, the card and the CA must agree and openssl must verify the
# cert. The server harness of tests/server and the clerk's helpers of
# tests/lib/counter.c are shared.
TESTS += issuance
SRCS_issuance := $(wildcard tests/issuance/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_issuance := testlib testvt store util card issuer proc audit rules vocab
PKGS_issuance := cunit vterm sqlite3 libcrypto jansson
