#!/bin/sh
# Runs each libFuzzer target for a while and sums up.
#   tests/fuzz/run.sh FUZZ_BUILD SECONDS NAME...
# Target NAME is FUZZ_BUILD/fuzz/fuzz_NAME; it starts from the checked-in
# corpus tests/fuzz/corpus/NAME and regressions tests/fuzz/regress/NAME, and
# writes what it learns to FUZZ_BUILD/corpus/NAME (not checked in). A crash,
# leak, timeout or out-of-memory input is copied to tests/fuzz/regress/NAME/
# so that it becomes a regression test once committed; the run then fails.
# tests/fuzz/NAME.dict (or PREFIX.dict, PREFIX = NAME up to its first "_"),
# when present, is the target's dictionary.
set -u
build=$1
secs=$2
shift 2
failed=""
summary=""
for name in "$@"; do
	bin=$build/fuzz/fuzz_$name
	work=$build/corpus/$name
	art=$build/artifacts/$name
	log=$build/fuzz_$name.log
	mkdir -p "$work" "$art" "tests/fuzz/regress/$name"
	dict=""
	for d in "tests/fuzz/$name.dict" "tests/fuzz/${name%%_*}.dict"; do
		[ -f "$d" ] && { dict="-dict=$d"; break; }
	done
	echo "== fuzz $name: $secs s"
	# shellcheck disable=SC2086 # dict is one optional argument
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
		-print_final_stats=1 -artifact_prefix="$art/" $dict \
		"$work" "tests/fuzz/corpus/$name" "tests/fuzz/regress/$name" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	line="$name: ${execs:-?} executions (${rate:-?}/s), ${cov:-cov: ?}, corpus $(ls "$work" | wc -l) files"
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$log"
		for a in "$art"/*; do
			[ -f "$a" ] || continue
			cp "$a" "tests/fuzz/regress/$name/"
			echo "fuzz: $name: input kept as tests/fuzz/regress/$name/$(basename "$a"): fix the bug, then commit it"
		done
		line="$line: FAILED (exit $rc, log $log)"
		failed="$failed $name"
	fi
	echo "$line"
	summary="$summary$line
"
done
printf '== fuzz summary (%s s each)\n%s' "$secs" "$summary"
[ -z "$failed" ] || { echo "fuzz: failed:$failed"; exit 1; }
