#!/bin/sh
# Runs every test program in $BUILD/tests (CUnit programs built by the
# module.mk files) and every tests/*/*.test.sh script, keeps each one's
# output in $BUILD/test-logs, and ends with one line:
#   tests: N passed, N failed
# N counts CUnit tests (and one per script). Exit status 1 if anything failed.
# TEST_PROGS="a b" runs only those programs; TEST_ONLY=x filters suites.
set -u
BUILD=${BUILD:-build}
export BUILD
export LC_ALL=C.UTF-8
logs="$BUILD/test-logs"
mkdir -p "$logs"
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

for prog in $progs; do
	[ -x "$prog" ] || [ "${prog%.test.sh}" != "$prog" ] || continue
	name=$(basename "$prog")
	log="$logs/$name.log"
	start=$(date +%s)
	case "$prog" in
	*.test.sh) sh "$prog" >"$log" 2>&1 ;;
	*) "$prog" >"$log" 2>&1 ;;
	esac
	rc=$?
	secs=$(( $(date +%s) - start ))
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
