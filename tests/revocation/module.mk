# End-to-end tests of revocation at the counter: the person's certs issued
# onto their emulated card first (the proc API), then a clerk through
# OpenSSH on the revocation screens from the menu to the receipt, one test
# per route. After each, `openssl verify -crl_check` against the CRL the
# built-in CA publishes rejects what was revoked with its reason and keeps
# the rest; the database, the card and the CA agree.
TESTS += revocation
SRCS_revocation := $(wildcard tests/revocation/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_revocation := testlib testvt store util card issuer proc audit rules vocab
PKGS_revocation := cunit vterm sqlite3 libcrypto jansson
