# The idle lock end to end (issue 14 item 4): madoguchi-sshd with
# `madoguchi ui` behind it (tests/server's harness), a clerk through
# OpenSSH, the screen read through libvterm; small timeouts set through
# the settings. Also the stored unlock codes (salted scrypt).
TESTS += lock
SRCS_lock := $(wildcard tests/lock/*.c) tests/server/harness.c
LIBS_lock := testlib testvt store util proc audit rules vocab card issuer
PKGS_lock := cunit vterm sqlite3 libcrypto jansson
$(BUILD)/tests/lock: | $(BUILD)/madoguchi $(BUILD)/madoguchi-sshd
