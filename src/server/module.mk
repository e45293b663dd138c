# server: madoguchi-sshd, the libssh server (the only module linking
# libssh): listener, per-connection session child, pty pump, key files.
BINS += madoguchi-sshd
SRCS_madoguchi-sshd := $(wildcard src/server/*.c)
LIBS_madoguchi-sshd := store util
PKGS_madoguchi-sshd := libssh sqlite3 libcrypto
