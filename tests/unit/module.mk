# Unit tests of the shared helpers, the store and the test harness itself.
TESTS += unit-util
SRCS_unit-util += $(wildcard tests/unit/test_*.c)
LIBS_unit-util += testlib testvt store util rules vocab
PKGS_unit-util += cunit vterm sqlite3 libcrypto
