# The test frame: shared CUnit main and helpers, linked into every test
# program; testvt is the libvterm screen harness for end-to-end tests and
# the golden-screen compare (link it with PKGS += vterm).
LIBS += testlib testvt
LIBSRCS_testlib := tests/lib/testlib.c tests/lib/cupsd.c
LIBSRCS_testvt := tests/lib/vt.c tests/lib/golden.c
