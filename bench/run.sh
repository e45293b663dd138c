#!/bin/sh
# Runs the benchmarks against the programs in $BUILD and prints their
# figures. Each benchmark gets its own temporary state and is stopped after.
#   BENCH_SESSIONS="10 100 500"   clerk counts for bench-sessions (default 10 100)
set -eu
BUILD=${BUILD:-build}
export LC_ALL=C.UTF-8

# bench-sessions: a fresh demo state; the real UI when `madoguchi ui` shows
# its menu, else the servers' stand-in UI.
bench_sessions() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/madoguchi-bench-XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	"$BUILD/madoguchi" init --demo "$tmp/st" >/dev/null
	if "$BUILD/madoguchi" 2>&1 | grep -q '^ *ui\b\| ui '; then
		ui="$BUILD/madoguchi" ready="メニュー" key=$(printf '\033[B')
	else
		make --no-print-directory -s "$BUILD/test-bin/fake-ui"
		ui="$BUILD/test-bin/fake-ui" ready="MADOGUCHI_CLERK=" key=x
	fi
	"$BUILD/bench-sessions" --state "$tmp/st" --ui "$ui" --ready "$ready" \
	    --key "$key" --sshd "$BUILD/madoguchi-sshd" \
	    --sessions "${BENCH_SESSIONS:-10 100}"
	rm -rf "$tmp"
	trap - EXIT INT TERM
}

bench_sessions
