#!/bin/sh
# make bench: CPU ns/sample (median of 31 passes, with quartiles), then
# instructions/sample under callgrind
# (counts, not seconds: repeatable on a busy machine).
set -eu
b=${1:-build/bench}/tests/bench_core
# the core as the product ships it: the same Makefile rule and flags as
# `make` (the bench build only lives in another directory)
[ $# -ge 2 ] && echo "core: built with $2"
"$b" 600 31
out=$(mktemp)
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=bench_core_pass "$b" 60 1 >/dev/null 2>&1
ir=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
n=$(( 60 * 200 ))
rm -f "$out"
echo "core: $ir instructions in bench_core_pass for about $n samples: $(( ir / n )) instructions/sample (callgrind)"
