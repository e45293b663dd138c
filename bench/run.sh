#!/bin/sh
# Runs every benchmark program ($BUILD/bench-*) in turn; each prints its own
# figures. Not a test: nothing here passes or fails on a number.
set -u
BUILD=${BUILD:-build}
status=0
for prog in "$BUILD"/bench-*; do
	[ -x "$prog" ] || continue
	echo "== $(basename "$prog")"
	"$prog" || status=1
done
exit $status
