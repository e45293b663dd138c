# vocab: the store's codes (clerk roles, certificate, application and card
# states) and their Japanese labels, as const tables.
LIBS += vocab
LIBSRCS_vocab := $(wildcard src/vocab/*.c)
LIBS_madoguchi += vocab
