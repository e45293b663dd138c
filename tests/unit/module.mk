# Unit tests of the shared helpers and the store.
TESTS += unit-util
SRCS_unit-util += $(wildcard tests/unit/test_*.c)
LIBS_unit-util += testlib util
PKGS_unit-util += cunit
