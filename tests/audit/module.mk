# The signed audit trail: real states made by `madoguchi init`, the real
# madoguchi-auditd started and stopped, the CLI's verify against every
# kind of tampering, the signer's protocol robustness, the ca audit rows.
TESTS += audit
SRCS_audit := $(wildcard tests/audit/*.c)
LIBS_audit := testlib audit store util
PKGS_audit := cunit sqlite3 libcrypto
$(BUILD)/obj/tests/audit/%.o: CFLAGS += -Isrc/audit
$(BUILD)/tests/audit: | $(BUILD)/madoguchi $(BUILD)/madoguchi-auditd
