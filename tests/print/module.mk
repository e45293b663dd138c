# Printed forms: the real `madoguchi print specimen` read back with
# poppler's tools (pdffonts, pdftotext, pdftoppm); page 1 of each specimen
# is left in $(BUILD)/test-logs/print-<form>.png for a person to look at.
TESTS += print
SRCS_print := $(wildcard tests/print/*.c)
LIBS_print := testlib print util
PKGS_print := cunit pangocairo cairo fontconfig
LDLIBS_print += -lm
$(BUILD)/tests/print: | $(BUILD)/madoguchi
