# Procedures end to end below the screens: the real card stack, the CA, the
# counter database.
TESTS += proc
SRCS_proc := $(wildcard tests/proc/*.c)
LIBS_proc := testlib proc audit card issuer rules store util vocab
PKGS_proc := cunit sqlite3 libcrypto jansson
