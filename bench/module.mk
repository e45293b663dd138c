# Benchmarks: programs named bench-* in $(BUILD), run one after another by
# bench/run.sh (`make bench`). They print figures; they are not tests.
BINS += bench-issuer
SRCS_bench-issuer := bench/issuer/bench_issuer.c
LIBS_bench-issuer := issuer util
PKGS_bench-issuer := libcrypto sqlite3
# bench-sessions: N concurrent clerks (BENCH_SESSIONS="10 100 500") against
# madoguchi-sshd and OpenSSH's sshd with ForceCommand, side by side; then
# BENCH_LOGINS clerks logging in from one address over BENCH_LOGIN_WINDOW s.
BINS += bench-sessions
SRCS_bench-sessions := bench/sessions.c
PKGS_bench-sessions := libssh
# bench-audit: a 1,000,000-entry trail verified (target < 10 s on one
# core), and the append rate with madoguchi-auditd signing each.
BINS += bench-audit
SRCS_bench-audit := bench/audit/bench_audit.c
LIBS_bench-audit := audit store util
PKGS_bench-audit := libcrypto sqlite3
