# The test frame: shared CUnit main and helpers, linked into every test program.
LIBS += testlib
LIBSRCS_testlib := $(wildcard tests/lib/*.c)
