# Benchmarks (`make bench` runs bench/run.sh; printed figures, not tests).
# bench-sessions: N concurrent clerks against madoguchi-sshd and OpenSSH.
BINS += bench-sessions
SRCS_bench-sessions := bench/sessions.c
PKGS_bench-sessions := libssh
