# Backup and restore, the statistics and the daily close (issue 13): real
# states made by `madoguchi init --demo` (the server harness's copies), the
# real CLI, a restored state logged in to over ssh, and end to end the
# maintenance screens バックアップ and 統計 through ssh + libvterm.
TESTS += backup
SRCS_backup := $(wildcard tests/backup/*.c) tests/server/harness.c
LIBS_backup := testlib testvt store util
PKGS_backup := cunit vterm sqlite3 libcrypto
$(BUILD)/tests/backup: | $(BUILD)/madoguchi $(BUILD)/madoguchi-sshd
