# Benchmarks: programs named bench-* in $(BUILD), run one after another by
# bench/run.sh (`make bench`). They print figures; they are not tests.
BINS += bench-issuer
SRCS_bench-issuer := bench/issuer/bench_issuer.c
LIBS_bench-issuer := issuer util
PKGS_bench-issuer := libcrypto sqlite3
