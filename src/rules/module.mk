# rules: the guideline as pure decisions (no I/O, no clock, no globals),
# plus its JSON reader/writer (rules_json.c, jansson) kept in its own file.
LIBS += rules
LIBSRCS_rules := $(wildcard src/rules/*.c)
LIBS_madoguchi += rules
PKGS_madoguchi += jansson
