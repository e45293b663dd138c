# proc: procedures that touch the card, the issuer and the database
# together (resumable issuance, reconcile).
LIBS += proc
LIBSRCS_proc := $(wildcard src/proc/*.c)
LIBS_madoguchi += proc
# Print jobs go to CUPS (proc_cups.c): the Makefile links libcups into
# every program that links proc.
