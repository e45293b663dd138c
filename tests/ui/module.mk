# Tests of the UI: the field editor and text width logic (no terminal), the
# screen table's rules, and `madoguchi ui` itself on a bare pty read
# through libvterm.
TESTS += ui
SRCS_ui := $(wildcard tests/ui/test_*.c)
LIBS_ui := testlib testvt ui screens store util rules proc card issuer
PKGS_ui := cunit vterm ncursesw sqlite3 libcrypto jansson
