# The rules core's tests: table-driven decisions per rule id (on and off),
# boundaries, the JSON reader and writer, and the CLI contract of CASES.md.
TESTS += rules
SRCS_rules := $(wildcard tests/rules/*.c)
LIBS_rules := testlib rules util
PKGS_rules := cunit jansson
