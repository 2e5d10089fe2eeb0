#!/bin/sh
# Runs the given tests of a cross build under the emulator, JOBS at a time
# (make cross-test-ci). Under qemu-user each test uses one core for seconds to
# minutes, and each is a process of its own with its own temporary directory,
# so two at a time halve the wall time on CI's two cores. Tests start in the
# order given (the slowest first, so that no long one starts last).
#   RUNNER="qemu-aarch64 -L /" tests/cross/run.sh BUILD DATA JOBS TEST...
# A TEST is a test binary (run under RUNNER) or a tests/test_*.sh script (run
# as tests/run.sh runs it: $STRETCHREP is a wrapper that adds RUNNER). Each
# test's output goes to BUILD/cross-log/NAME.log, shown whole when it fails;
# one line per test with its time; a closing line "cross tests: N passed, M
# failed", non-zero exit if any failed. A test still running after
# CROSS_TIMEOUT seconds (1800) is killed and fails.
set -u
[ $# -ge 3 ] || { echo "usage: tests/cross/run.sh BUILD DATA JOBS TEST..." >&2; exit 2; }
build=$1
data=$2
jobs=$3
shift 3
: "${RUNNER:?tests/cross/run.sh: set RUNNER (e.g. \"qemu-aarch64 -L /\")}"
case "$jobs" in '' | *[!0-9]* | 0) echo "tests/cross/run.sh: JOBS must be a positive number, not '$jobs'" >&2; exit 2 ;; esac
[ -x "$build/stretchrep" ] || { echo "tests/cross/run.sh: no program at $build/stretchrep" >&2; exit 2; }

logs=$build/cross-log
rm -rf "$logs"
mkdir -p "$logs"
wrap=$build/stretchrep-runner
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$RUNNER" "$(cd "$build" && pwd)/stretchrep" >"$wrap"
chmod +x "$wrap"
export STRETCHREP="$wrap" STRETCHREP_DATA="$data" CROSS_LOGS="$logs"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export CROSS_TIMEOUT="${CROSS_TIMEOUT:-1800}"

for t in "$@"; do
	[ -x "$t" ] || { echo "tests/cross/run.sh: $t: no such test (or not executable)" >&2; exit 2; }
done

# One test: its log, its time, a .pass or .fail mark. Run by xargs below, in
# an sh of its own that expands it.
# shellcheck disable=SC2016
one='
t=$1
name=$(basename "$t")
log=$CROSS_LOGS/$name.log
t0=$(date +%s)
case "$t" in
*.sh) timeout -k 10 "$CROSS_TIMEOUT" env -u RUNNER "$t" >"$log" 2>&1 ;;
*) timeout -k 10 "$CROSS_TIMEOUT" $RUNNER "$t" >"$log" 2>&1 ;;
esac
rc=$?
secs=$(($(date +%s) - t0))
if [ "$rc" -eq 0 ]; then
	: >"$CROSS_LOGS/$name.pass"
	echo "== $t: ok ($secs s)"
else
	: >"$CROSS_LOGS/$name.fail"
	[ "$rc" -ne 124 ] || echo "(killed after $CROSS_TIMEOUT s)" >>"$log"
	{ echo "== $t: FAILED, exit $rc ($secs s); its output:"; cat "$log"; echo "== end of $t"; }
fi
exit 0
'
printf '%s\n' "$@" | xargs -P "$jobs" -n 1 sh -c "$one" sh

pass=$(find "$logs" -name '*.pass' | wc -l)
fail=$(find "$logs" -name '*.fail' | wc -l)
failed=$(find "$logs" -name '*.fail' -exec basename {} .fail \; | sort | tr '\n' ' ')
[ "$fail" -eq 0 ] || echo "failed: $failed"
echo "cross tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -eq $# ]
