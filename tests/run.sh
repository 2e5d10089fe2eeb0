#!/bin/sh
# Runs every unit-test binary and CLI test script; prints one closing line
# "tests: N passed, M failed" and exits non-zero if anything failed.
#   tests/run.sh BUILD_DIR DATA_DIR
# RUNNER, when set, is put before every test binary and before the program the
# test scripts call (e.g. RUNNER="qemu-aarch64 -L /" for an arm64 build): the
# scripts get $STRETCHREP as a wrapper that adds it, and no RUNNER of their
# own (a script applying it again would run qemu on the wrapper).
set -u
build=${1:-build}
data=${2:-../shared/data}
pass=0
fail=0
failed=""
runner=${RUNNER:-}
export STRETCHREP=$build/stretchrep STRETCHREP_DATA=$data
if [ -n "$runner" ]; then
	# The scripts run "$STRETCHREP ...": give them a wrapper that adds the runner.
	wrap=$build/stretchrep-runner
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$runner" "$(cd "$build" && pwd)/stretchrep" >"$wrap"
	chmod +x "$wrap"
	STRETCHREP=$wrap
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$build"/tests/test_* tests/test_*.sh; do
	[ -e "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	[ -x "$t" ] || continue
	echo "== $t"
	case "$t" in
	*.sh) cmd="env -u RUNNER" ;;
	*) cmd=$runner ;;
	esac
	# shellcheck disable=SC2086 # the runner is a command with its arguments
	if $cmd "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $t"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
