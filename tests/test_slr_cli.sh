#!/bin/sh
# stretchrep slr from the outside: the simulated raise reports its truth
# (the simulator's, printed beside the result) within 2 deg; a recorded trace
# with the clinician's marks gives the thigh's true angle at each mark (the
# truth the simulation wrote into the trace); bad usage and bad input exit 2.
set -u
P=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() {   # check DESCRIPTION COMMAND...: the command must succeed
	desc=$1; shift
	if "$@"; then echo "ok   $desc"; else echo "FAIL $desc"; fails=$((fails + 1)); fi
}
status() {  # status EXPECTED COMMAND...: exit status of the command, output dropped
	want=$1; shift
	"$@" >/dev/null 2>&1
	[ $? -eq "$want" ]
}
# field NAME FILE: every number after "NAME": in FILE, one a line
field() { grep -o "\"$1\": [-0-9.]*" "$2" | sed 's/.*: //'; }
# within A B TOL: |A - B| <= TOL
within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

check "--help exits 0" status 0 "$P" slr --help
check "--simulate without --truth-deg: 2" status 2 "$P" slr --simulate
check "--truth-deg out of range: 2" status 2 "$P" slr --simulate --truth-deg 200
check "--seed not whole: 2" status 2 "$P" slr --simulate --truth-deg 50 --seed 1.5
check "--reaction too long: 2" status 2 "$P" slr --simulate --truth-deg 50 --reaction 3
check "a trace without --mark: 2" status 2 "$P" slr "$tmp/none.csv"
check "marks out of order: 2" status 2 "$P" slr "$tmp/none.csv" --mark 5 --mark 3
check "a missing trace: 2" status 2 "$P" slr "$tmp/none.csv" --mark 5
printf 't_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n0.0,0,0,1,0,0,0\n0.01,0,0,x,0,0,0\n' >"$tmp/bad.csv"
"$P" slr "$tmp/bad.csv" --mark 1 >"$tmp/bad.out" 2>"$tmp/bad.err"
check "a bad trace line: 2, FILE:LINE named, nothing printed" \
	sh -c "[ $? -eq 2 ] && grep -q 'bad.csv:3' '$tmp/bad.err' && [ ! -s '$tmp/bad.out' ]"

for d in 35 62 88; do
	for shank in "" --shank; do
		"$P" slr --simulate --truth-deg "$d" --seed 5 $shank >"$tmp/r.json"
		check "simulate $d deg $shank: exit 0, complete" \
			sh -c "[ $? -eq 0 ] && grep -q '\"complete\": true' '$tmp/r.json'"
		if [ -n "$shank" ]; then truth=$(field mean_onset_deg "$tmp/r.json"); by=knee
		else truth=$(field mark_deg "$tmp/r.json" | awk '{ s += $1 } END { print s / NR }'); by=mark; fi
		check "simulate $d deg $shank: mean within 2 deg of the truth ($truth)" \
			within "$(field mean_deg "$tmp/r.json")" "$truth" 2
		check "simulate $d deg $shank: found by the $by" \
			[ "$(grep -o "\"by\": \"$by\"" "$tmp/r.json" | wc -l)" -eq 2 ]
	done
done

# a recorded trace: the simulation's thigh sensor, marked where its truth says
"$P" slr --simulate --truth-deg 47 --seed 9 --trace "$tmp/t.csv" >"$tmp/s.json"
m1=$(grep '^# truth_event: {"trial": 1' "$tmp/t.csv" | grep -o '"mark_t_s": [0-9.]*' | sed 's/.*: //')
m2=$(grep '^# truth_event: {"trial": 2' "$tmp/t.csv" | grep -o '"mark_t_s": [0-9.]*' | sed 's/.*: //')
d1=$(grep '^# truth_event: {"trial": 1' "$tmp/t.csv" | grep -o '"mark_deg": [0-9.]*' | sed 's/.*: //')
d2=$(grep '^# truth_event: {"trial": 2' "$tmp/t.csv" | grep -o '"mark_deg": [0-9.]*' | sed 's/.*: //')
"$P" slr "$tmp/t.csv" --mark "$m1" --mark "$m2" >"$tmp/t.json"
check "trace with two marks: exit 0" [ $? -eq 0 ]
a1=$(field angle_deg "$tmp/t.json" | sed -n 1p)
a2=$(field angle_deg "$tmp/t.json" | sed -n 2p)
check "trace: trial 1 within 2 deg of the angle at its mark ($a1 vs $d1)" within "$a1" "$d1" 2
check "trace: trial 2 within 2 deg of the angle at its mark ($a2 vs $d2)" within "$a2" "$d2" 2
"$P" slr "$tmp/t.csv" --mark 0.5 --mark "$m1" >"$tmp/e.json" 2>"$tmp/e.err"
check "a mark before the leg lay still: exit 1, said" \
	sh -c "[ $? -eq 1 ] && grep -q 'mark at 0.500 s: no trial armed' '$tmp/e.err' && grep -q '\"rejected\": 1' '$tmp/e.json'"
"$P" slr "$tmp/t.csv" --mark "$m1" --mark 99999 >/dev/null 2>"$tmp/l.err"
check "a mark after the end: exit 1, said" \
	sh -c "[ $? -eq 1 ] && grep -q 'after the trace.s end' '$tmp/l.err'"

[ "$fails" -eq 0 ] && echo "test_slr_cli: all passed"
[ "$fails" -eq 0 ]
