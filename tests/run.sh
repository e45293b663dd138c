#!/bin/sh
# Runs every test program in $BUILD/tests (CUnit programs built by the
# module.mk files) and every tests/*/*.test.sh script, keeps each one's
# output in $BUILD/test-logs, and ends with one line:
#   tests: N passed, N failed
# N counts CUnit tests (and one per script). Exit status 1 if anything failed.
# TEST_PROGS="a b" runs only those programs; TEST_ONLY=x filters suites.
# TEST_JOBS programs run at once (default 2; the lines are printed in order
# once all have ended): the programs mostly wait on their own servers, card
# stacks and cupsds, each with its own ports, sockets and directories, so
# two at a time the suite takes half the time. TEST_JOBS=1 runs them one by
# one.
set -u
BUILD=${BUILD:-build}
export BUILD
export LC_ALL=C.UTF-8
logs="$BUILD/test-logs"
mkdir -p "$logs"

# One program, run by xargs: its output in its log, its exit status and
# seconds in $logs/NAME.rc.
if [ "${1:-}" = "--one" ]; then
	prog=$2
	name=$(basename "$prog")
	log="$logs/$name.log"
	start=$(date +%s)
	case "$prog" in
	*.test.sh) sh "$prog" >"$log" 2>&1 ;;
	*) "$prog" >"$log" 2>&1 ;;
	esac
	rc=$?
	echo "$rc $(( $(date +%s) - start ))" >"$logs/$name.rc"
	exit 0
fi

passed=0
failed=0
bad=""

if [ -n "${TEST_PROGS:-}" ]; then
	progs=""
	for p in $TEST_PROGS; do progs="$progs $BUILD/tests/$p"; done
else
	progs=$(ls "$BUILD"/tests/ 2>/dev/null | sort | sed "s|^|$BUILD/tests/|")
	progs="$progs $(ls tests/*/*.test.sh 2>/dev/null | sort)"
fi

runnable=""
for prog in $progs; do
	[ -x "$prog" ] || [ "${prog%.test.sh}" != "$prog" ] || continue
	rm -f "$logs/$(basename "$prog").rc"
	runnable="$runnable $prog"
done
# shellcheck disable=SC2086
printf '%s\n' $runnable | xargs -r -n 1 -P "${TEST_JOBS:-2}" sh "$0" --one

for prog in $runnable; do
	name=$(basename "$prog")
	log="$logs/$name.log"
	if [ -r "$logs/$name.rc" ]; then
		read -r rc secs <"$logs/$name.rc"
	else
		rc=127; secs=0
	fi
	line=$(awk '$1 == "tests" && NF >= 6 { print $4, $5 }' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line% *}
		f=${line#* }
	elif [ $rc -eq 0 ]; then
		p=1; f=0
	else
		p=0; f=1
	fi
	# A crash after the summary (a sanitizer's leak report) still fails.
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ $rc -ne 0 ] || [ "$f" -ne 0 ]; then
		bad="$bad $name"
		printf 'FAIL %-28s %4d passed %3d failed  (%ds, exit %d)\n' "$name" "$p" "$f" "$secs" "$rc"
		grep -E 'FAILED|Test: .*\.\.\.FAILED|^ +[0-9]+\. |ERROR|runtime error|Sanitizer' "$log" | head -40 | sed 's/^/    /'
		tail -n 15 "$log" | sed 's/^/    | /'
	else
		printf 'ok   %-28s %4d passed            (%ds)\n' "$name" "$p" "$secs"
	fi
done

[ -n "$bad" ] && echo "failed programs:$bad (logs in $logs)"
echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ] && [ -z "$bad" ]
