#!/bin/sh
# The modes end to end: `run --headless --simulate --sides left-right` saves
# the two halves with their sides, the right's set_id naming the left, each
# half's reps the rep events its side printed; with a tempo, every rep's
# tempo_dev_s is its duration less out + in/2 (the rep is counted half-way
# back); `--mode massage` saves a massage of massage_s with no reps.
set -eu
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_run_modes.sh: $*" >&2; exit 1; }

"$prog" run --headless --simulate --scenario dynamic --seed 3 --speed 2000 --sides left-right \
	--work-target 60 --tempo-out 2 --tempo-in 2 --seconds 119 --history "$tmp/h.sqlite3" \
	>"$tmp/run.jsonl" 2>"$tmp/run.err" || fail "run: $(cat "$tmp/run.err")"
grep -q '"event": "switch_sides"' "$tmp/run.jsonl" || fail "no switch_sides line"
# the rep events before the switch are the left's, after it the right's
left=$(sed -n '1,/"switch_sides"/p' "$tmp/run.jsonl" | grep -c '"event": "rep"' || true)
right=$(sed -n '/"switch_sides"/,$p' "$tmp/run.jsonl" | grep -c '"event": "rep"' || true)
[ "$left" -ge 8 ] && [ "$right" -ge 5 ] || fail "left $left, right $right rep events"
# nothing of the left after its end: the reps after the switch are the
# right's fresh core's, numbered from 1 (the left ends mid-rep here)
sed -n '/"switch_sides"/,$p' "$tmp/run.jsonl" | grep '"event": "rep"' | sed 's/.*"n": \([0-9]*\),.*/\1/' >"$tmp/rn"
seq 1 "$right" | cmp -s - "$tmp/rn" || fail "the reps after the switch are not the right's 1..$right: $(tr '\n' ' ' <"$tmp/rn")"
grep '"event": "summary"' "$tmp/run.jsonl" | grep -q "\"side\": \"right\", \"left\": {\"reps\": $left," ||
	fail "the summary does not carry the left half: $(grep summary "$tmp/run.jsonl")"

"$prog" history --csv --db "$tmp/h.sqlite3" 2>/dev/null >"$tmp/h.csv"
head -n 1 "$tmp/h.csv" | tr , '\n' | grep -n . >"$tmp/cols"
col() { grep ":$1\$" "$tmp/cols" | cut -d: -f1; }
c_id=$(col id); c_reps=$(col reps); c_side=$(col side); c_mode=$(col mode); c_set=$(col set_id)
[ "$(grep -c . "$tmp/h.csv")" = 3 ] || fail "not two sessions: $(cat "$tmp/h.csv")"
tail -n +2 "$tmp/h.csv" | awk -F, -v i="$c_id" -v r="$c_reps" -v s="$c_side" -v m="$c_mode" -v t="$c_set" \
	'{ print $i, $r, $s, $m, ($t == "" ? "-" : $t) }' >"$tmp/got"
printf '1 %s left stretch -\n2 %s right stretch 1\n' "$left" "$right" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/got" || fail "history: want $(cat "$tmp/want"), got $(cat "$tmp/got")"

# every rep of both halves has its deviation, duration_s - (2 + 2/2)
"$prog" history --reps-csv --db "$tmp/h.sqlite3" 2>/dev/null >"$tmp/reps.csv"
n=$(tail -n +2 "$tmp/reps.csv" | grep -c . || true)
[ "$n" = $((left + right)) ] || fail "$n reps saved, $((left + right)) counted"
tail -n +2 "$tmp/reps.csv" | awk -F, '$9 == "" { bad++ } { d = $8 - 3.0 - $9; if (d < -0.002 || d > 0.002) bad++ }
	END { exit bad > 0 }' || fail "tempo_dev_s is not duration - 3 s: $(head -n 4 "$tmp/reps.csv")"

# a massage: its time is its work, no reps needed; no tempo on its reps
printf '[session]\nmassage_s = 60\n' >"$tmp/m.conf"
"$prog" run --headless --simulate --scenario idle --speed 2000 --mode massage --config "$tmp/m.conf" --seconds 61 \
	--history "$tmp/m.sqlite3" >"$tmp/m.jsonl" 2>"$tmp/m.err" || fail "massage run: $(cat "$tmp/m.err")"
grep '"event": "summary"' "$tmp/m.jsonl" | head -n 1 | grep -q '"mode": "massage", "massage_s": 60.0[0-9], "static_warnings": 0' ||
	fail "massage summary: $(grep summary "$tmp/m.jsonl" | head -n 1)"
"$prog" history --csv --db "$tmp/m.sqlite3" 2>/dev/null | tail -n +2 | head -n 1 |
	awk -F, -v m="$c_mode" '{ exit !($m == "massage" && $5 >= 60.0 && $5 < 60.05) }' ||
	fail "massage not saved as one: $("$prog" history --csv --db "$tmp/m.sqlite3")"

# analyze: with a tempo each rep event has tempo_dev_s = duration_s - (out + in/2),
# from the options or the settings; without one the contract is unchanged
"$prog" simulate --scenario slow --seed 2 --seconds 40 -o "$tmp/slow.csv" 2>/dev/null
printf '[session]\ntempo_out_s = 2\ntempo_in_s = 3\n' >"$tmp/t.conf"
for how in "--tempo-out 2 --tempo-in 3" "--config $tmp/t.conf"; do
	# shellcheck disable=SC2086
	"$prog" analyze $how "$tmp/slow.csv" >"$tmp/a.json" || fail "analyze $how"
	grep '"duration_s": [0-9.]*, "tempo_dev_s"' "$tmp/a.json" |
		sed 's/.*"duration_s": \([0-9.]*\), "tempo_dev_s": \([-0-9.]*\)}.*/\1 \2/' >"$tmp/dev"
	[ "$(grep -c . "$tmp/dev")" -ge 4 ] || fail "analyze $how: no tempo_dev_s: $(cat "$tmp/a.json")"
	awk '{ d = $1 - 3.5 - $2; if (d < -0.011 || d > 0.011) bad++ } END { exit bad > 0 }' "$tmp/dev" ||
		fail "analyze $how: tempo_dev_s is not duration - 3.5 s: $(cat "$tmp/dev")"
done
"$prog" analyze "$tmp/slow.csv" | grep -q tempo_dev_s && fail "tempo_dev_s without a tempo"
"$prog" analyze --tempo-in 3 "$tmp/slow.csv" 2>"$tmp/e" >/dev/null && fail "analyze ran with half a tempo"
grep -q 'needs both' "$tmp/e" || fail "no reason: $(cat "$tmp/e")"

# bad input is named
"$prog" run --headless --simulate --seconds 1 --mode massage --sides left-right 2>"$tmp/e" && fail "massage + left-right ran"
grep -q 'not with --sides left-right' "$tmp/e" || fail "no reason: $(cat "$tmp/e")"
"$prog" run --headless --simulate --seconds 1 --tempo-out 2 2>"$tmp/e" && fail "a tempo without tempo-in ran"
grep -q 'needs both' "$tmp/e" || fail "no reason: $(cat "$tmp/e")"
echo "test_run_modes.sh: ok (left $left, right $right reps; a massage of 60 s)"
