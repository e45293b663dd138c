# proc: procedures that touch the card, the issuer and the database
# together (resumable issuance, reconcile).
LIBS += proc
LIBSRCS_proc := $(wildcard src/proc/*.c)
LIBS_madoguchi += proc
