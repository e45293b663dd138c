# card: the cardd protocol codec and client library (lib card, no PC/SC),
# and madoguchi-cardd, the only program linked with libpcsclite.
LIBS += card
LIBSRCS_card := src/card/card_proto.c src/card/card_client.c
LIBS_madoguchi += card
PKGS_madoguchi += libcrypto

BINS += madoguchi-cardd
SRCS_madoguchi-cardd := $(wildcard src/card/cardd*.c)
LIBS_madoguchi-cardd := card util
PKGS_madoguchi-cardd := libpcsclite libcrypto jansson
