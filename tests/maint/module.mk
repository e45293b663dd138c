# Tests of the maintenance screens (issue 13): the settings registry and
# its checks, the clerk changes through proc with their audit rows, key
# lines, the audit trail's browse; end to end through OpenSSH and libvterm
# (tests/server's harness): a clerk added by pasting a key line made by
# ssh-keygen logs in with it, a disabled clerk's session ends, a setting
# changed shows and persists, the audit list by clerk, the readers screen.
TESTS += maint
SRCS_maint := $(wildcard tests/maint/*.c) tests/server/harness.c
LIBS_maint := testlib testvt store util proc audit rules vocab card issuer
PKGS_maint := cunit vterm sqlite3 libcrypto jansson
$(BUILD)/tests/maint: | $(BUILD)/madoguchi $(BUILD)/madoguchi-sshd
