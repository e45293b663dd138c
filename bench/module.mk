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
# bench-search: 10k, 1M and 10M invented residents imported and searched
# (BENCH_SEARCH_SIZES="10000 1000000" for fewer; about 4 GB of $TMPDIR at
# ten million).
BINS += bench-search
SRCS_bench-search := bench/search/bench_search.c
LIBS_bench-search := store util
PKGS_bench-search := sqlite3 libcrypto
# bench-wan: the ten-key renewal through ssh across a relay holding each
# direction's bytes 100 ms: bytes per screen change, keys lost, key to
# echo, type-ahead (README, make bench).
BINS += bench-wan
SRCS_bench-wan := bench/wan/bench_wan.c bench/wan/wan_relay.c \
	bench/wan/wan_stack.c tests/lib/vt.c
LIBS_bench-wan := store util card issuer proc audit rules vocab
PKGS_bench-wan := vterm sqlite3 libcrypto jansson
# bench-commit: accepted applications per second as the counter saves
# them (application + audit row, durable, signer asked) against raw
# SQLite inserts of the same size; then 50 clerks saving at once.
BINS += bench-commit
SRCS_bench-commit := bench/commit/bench_commit.c bench/commit/bench_single.c \
	bench/commit/bench_clerks.c
LIBS_bench-commit := proc audit card issuer rules store util vocab
PKGS_bench-commit := sqlite3 libcrypto jansson
