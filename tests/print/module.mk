# Printed forms: the real `madoguchi print specimen` read back with
# poppler's tools (pdffonts, pdftotext, pdftoppm), and the receipt and the
# pre-filled application form of real applications saved in a demo state
# (proc_receipt_pdf, proc_form_pdf); page 1 of each is left in
# $(BUILD)/test-logs/print-*.png for a person to look at.
TESTS += print
SRCS_print := $(wildcard tests/print/*.c) tests/proc/proc_test.c
LIBS_print := testlib print proc audit card issuer rules store util vocab
PKGS_print := cunit pangocairo cairo fontconfig sqlite3 libcrypto jansson
LDLIBS_print += -lm
$(BUILD)/obj/tests/print/%.o: CFLAGS += -Itests/proc
$(BUILD)/tests/print: | $(BUILD)/madoguchi
