#!/bin/sh
# Runs every unit-test binary and CLI test script; prints one closing line
# "tests: N passed, M failed" and exits non-zero if anything failed.
#   tests/run.sh BUILD_DIR DATA_DIR
set -u
build=${1:-build}
data=${2:-../shared/data}
pass=0
fail=0
failed=""
export STRETCHREP=$build/stretchrep STRETCHREP_DATA=$data
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$build"/tests/test_* tests/test_*.sh; do
	[ -e "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	[ -x "$t" ] || continue
	echo "== $t"
	if "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
