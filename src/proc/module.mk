# proc: procedures that touch the card, the issuer and the database
# together (resumable issuance, reconcile).
LIBS += proc
LIBSRCS_proc := $(wildcard src/proc/*.c)
LIBS_madoguchi += proc
# Print jobs go to CUPS (proc_cups.c): programs that print link libcups
# (Debian's libcups2-dev has no pkg-config file).
LDLIBS_madoguchi += -lcups
