# End-to-end tests of madoguchi-sshd: real OpenSSH and libssh clients
# against the server on a free loopback port with `madoguchi ui` behind it,
# screens read through libvterm.
TESTS += server
SRCS_server := $(wildcard tests/server/*.c)
LIBS_server := testlib testvt store util
PKGS_server := cunit vterm libssh sqlite3 libcrypto
