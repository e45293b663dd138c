# issuer: the J-LIS side behind one interface (issuer.h), the built-in CA
# on OpenSSL with its own SQLite file under STATE/ca/, the issuerd protocol
# and its client backend; madoguchi-issuerd, the only process of the
# counter that opens STATE/ca.
LIBS += issuer
LIBSRCS_issuer := $(filter-out src/issuer/issuerd_main.c,$(wildcard src/issuer/*.c))
LIBS_madoguchi += issuer
PKGS_madoguchi += libcrypto sqlite3

BINS += madoguchi-issuerd
SRCS_madoguchi-issuerd := src/issuer/issuerd_main.c
LIBS_madoguchi-issuerd := issuer util
PKGS_madoguchi-issuerd := libcrypto sqlite3
