# End-to-end tests of the PIN procedures and the face-auth card (issue 11):
# a clerk through OpenSSH on the PIN form, its shared pages and the PIN
# screen from the menu to the receipt (a change, a wrong and a blocked
# PIN, an agent's reset from the sealed request form, a child's by a
# parent, an overseas person's at an embassy), and the switch to a
# face-auth card and its release by a user-PIN reset. After each, the card
# service says which PINs the card takes (and the tries left), the
# database and the CA what became of the card and its signature cert.
TESTS += pin
SRCS_pin := $(wildcard tests/pin/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_pin := testlib testvt store util card issuer proc audit rules vocab
PKGS_pin := cunit vterm sqlite3 libcrypto jansson
