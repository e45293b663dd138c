# The issuer and the built-in CA: profiles checked by the real openssl
# command-line tool, idempotency, CRLs, crashes injected at every step, and
# the counter database following the issuer (store linked for that).
TESTS += issuer
SRCS_issuer := $(wildcard tests/issuer/*.c)
LIBS_issuer := testlib issuer store util
PKGS_issuer := cunit libcrypto sqlite3
