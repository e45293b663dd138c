# The issuer and the built-in CA: profiles checked by the real openssl
# command-line tool, idempotency, CRLs, and crashes injected at every step.
TESTS += issuer
SRCS_issuer := $(wildcard tests/issuer/*.c)
LIBS_issuer := testlib issuer util
PKGS_issuer := cunit libcrypto sqlite3
