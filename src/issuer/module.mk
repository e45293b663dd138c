# issuer: the J-LIS side behind one interface (issuer.h) and the built-in CA
# on OpenSSL with its own SQLite file under STATE/ca/.
LIBS += issuer
LIBSRCS_issuer := $(wildcard src/issuer/*.c)
LIBS_madoguchi += issuer
PKGS_madoguchi += libcrypto sqlite3
