# audit: the signed head over the audit trail (lib audit: head, keys,
# chain checks, auditd's protocol and client) and madoguchi-auditd, the
# only program that reads STATE/audit/key.
LIBS += audit
LIBSRCS_audit := src/audit/audit_chain.c src/audit/audit_client.c \
	src/audit/audit_head.c src/audit/audit_key.c src/audit/audit_proto.c
LIBS_madoguchi += audit
PKGS_madoguchi += libcrypto

BINS += madoguchi-auditd
SRCS_madoguchi-auditd := src/audit/auditd_main.c
LIBS_madoguchi-auditd := audit store util
PKGS_madoguchi-auditd := libcrypto sqlite3
