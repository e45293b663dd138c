# The receipt on a clerk's screen printed to the window's printer end to
# end: madoguchi-sshd started with CUPS_SERVER pointing at a private cupsd
# (tests/lib/cupsd.c), window.citizens.printer set to its queue, a
# disclosure request taken through ssh; the receipt screen names the
# printer and CUPS's job, the queue's file: device gets the PDF, and the
# maintenance menu's 印刷ジョブ lists it.
TESTS += printjob
SRCS_printjob := $(wildcard tests/printjob/*.c) tests/server/harness.c \
	tests/lib/counter.c
LIBS_printjob := testlib testvt store util card issuer proc audit rules vocab
PKGS_printjob := cunit vterm sqlite3 libcrypto jansson
$(BUILD)/tests/printjob: | $(BUILD)/madoguchi $(BUILD)/madoguchi-sshd
