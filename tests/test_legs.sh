#!/bin/sh
# Both legs from the outside: simulate's two_legs and left_right scenarios
# through analyze, each leg's reps and warnings against the simulator's
# truth for that leg (the oracle: the script's counts, not the detector),
# over seeds, rates and hold thresholds; the totals; a one-sensor reader's
# view of a two-sensor trace; bad two-sensor input.
set -u
P=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
runs=0
exact=0
check() {   # check DESCRIPTION COMMAND...: the command must succeed
	desc=$1; shift
	if "$@"; then echo "ok   $desc"; else echo "FAIL $desc"; fails=$((fails + 1)); fi
}
# leg_counts FILE LEG: "reps warnings" of LEG's object (one line each: truth
# line's "legs" or analyze's "legs" entries)
truth_leg() {
	tail -n 1 "$1" | sed 's/}, {/}\n{/g' | sed -n "s/.*\"leg\": \"$2\", \"sensor\": [0-9], \"reps\": \([0-9]*\), \"hold_warnings\": \([0-9]*\),.*/\1 \2/p"
}
got_leg() {
	sed -n "s/^  {\"leg\": \"$2\", \"sensor\": [0-9], \"reps\": \([0-9]*\), \"hold_warnings\": \([0-9]*\),.*/\1 \2/p" "$1"
}

for sc in two_legs left_right; do
	for seed in 1 2 3; do
		for rate in 25 100 200; do
			for hw in 10 5; do
				"$P" simulate --scenario "$sc" --seed "$seed" --rate "$rate" --seconds 180 \
					--hold-warn "$hw" -o "$tmp/t.csv" 2>/dev/null ||
					{ echo "FAIL simulate $sc $seed $rate"; fails=$((fails + 1)); continue; }
				"$P" analyze --hold-warn "$hw" "$tmp/t.csv" >"$tmp/o.json" ||
					{ echo "FAIL analyze $sc $seed $rate"; fails=$((fails + 1)); continue; }
				for leg in left right; do
					want=$(truth_leg "$tmp/t.csv" $leg)
					got=$(got_leg "$tmp/o.json" $leg)
					runs=$((runs + 1))
					if [ -n "$want" ] && [ "$want" = "$got" ]; then
						exact=$((exact + 1))
					else
						echo "FAIL $sc seed $seed ${rate} Hz hold $hw s $leg: truth '$want', analyze '$got'"
						fails=$((fails + 1))
					fi
				done
				# the top level is the total over the legs
				tw=$(tail -n 1 "$tmp/t.csv" | sed -n 's/^# truth: {"reps": \([0-9]*\), "hold_warnings": \([0-9]*\),.*/\1 \2/p')
				tg=$(sed -n 's/^{"reps": \([0-9]*\), "hold_warnings": \([0-9]*\),.*/\1 \2/p' "$tmp/o.json")
				[ "$tw" = "$tg" ] || { echo "FAIL $sc $seed $rate total: '$tw' '$tg'"; fails=$((fails + 1)); }
			done
		done
	done
done
echo "per leg: $exact of $runs exact"
check "every leg of every run exact" [ "$exact" -eq "$runs" ]

# the truth has reps and warnings on both legs (the test tests something)
"$P" simulate --scenario two_legs --seed 2 --seconds 180 -o "$tmp/two.csv" 2>/dev/null
for leg in left right; do
	check "two_legs: the $leg leg has reps and a warning" \
		sh -c "[ \"\$(echo '$(truth_leg "$tmp/two.csv" $leg)' | awk '\$1 >= 3 && \$2 >= 1')\" != '' ]"
done
check "two_legs: a two-sensor header and '# legs: left,right'" \
	sh -c "sed -n 2,3p '$tmp/two.csv' | tr '\n' ' ' | grep -q '^# legs: left,right t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps,t2_s,ax2_g'"

# a reader of seven columns: sensor 1 alone is the left leg's trace
grep -v '^# legs:' "$tmp/two.csv" | cut -d, -f1-7 | sed 's/^t_s,.*/t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps/' \
	>"$tmp/left7.csv"
"$P" analyze "$tmp/left7.csv" >"$tmp/left7.json"
"$P" analyze "$tmp/two.csv" >"$tmp/two.json"
check "seven columns of sensor 1 read alone: the left leg's counts" \
	[ "$(sed -n 's/^{"reps": \([0-9]*\), "hold_warnings": \([0-9]*\),.*/\1 \2/p' "$tmp/left7.json")" = \
	  "$(got_leg "$tmp/two.json" left)" ]
check "a one-sensor trace has no \"legs\"" sh -c "! grep -q '\"legs\"' '$tmp/left7.json'"

# left_right: the switch is in the trace
"$P" simulate --scenario left_right --seed 2 --seconds 120 -o "$tmp/lr.csv" 2>/dev/null
check "left_right: legs left, -, right in that order" \
	[ "$(grep '^# legs:' "$tmp/lr.csv" | tr '\n' ' ')" = "# legs: left # legs: - # legs: right " ]
check "left_right: a one-sensor header" \
	sh -c "grep -qx 't_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps' '$tmp/lr.csv'"

# the kiosk replays a two-sensor trace into both legs' sessions
for seed in 5 6; do
	"$P" simulate --scenario two_legs --seed "$seed" --seconds 90 -o "$tmp/k.csv" 2>/dev/null
	"$P" run --headless --replay "$tmp/k.csv" --speed 500 >"$tmp/k.out" 2>/dev/null
	got_l=$(sed -n 's/^{"t_s": [0-9.]*, "event": "summary", "reps": \([0-9]*\),.* "warnings": \([0-9]*\),.*/\1 \2/p' "$tmp/k.out")
	got_r=$(sed -n 's/^{"leg": "right", "t_s": [0-9.]*, "event": "summary", "reps": \([0-9]*\),.* "warnings": \([0-9]*\).*/\1 \2/p' "$tmp/k.out")
	check "run --replay of two_legs seed $seed: the left leg's session as the truth" \
		[ "$got_l" = "$(truth_leg "$tmp/k.csv" left)" ]
	check "... the right leg's own session as the truth" [ "$got_r" = "$(truth_leg "$tmp/k.csv" right)" ]
done

# ... from a FIFO too (the replay's feed thread hands out whole lines), each
# leg's session saved with its side (the history read with sqlite3)
mkfifo "$tmp/k.fifo"
"$P" simulate --scenario two_legs --seed 7 --seconds 90 -o "$tmp/k.csv" 2>/dev/null
cat "$tmp/k.csv" >"$tmp/k.fifo" &
timeout 60 "$P" run --headless --replay "$tmp/k.fifo" --speed 500 --history "$tmp/h.sqlite3" >"$tmp/k.out" 2>/dev/null
wait
got_l=$(sed -n 's/^{"t_s": [0-9.]*, "event": "summary", "reps": \([0-9]*\),.* "warnings": \([0-9]*\),.*/\1 \2/p' "$tmp/k.out")
got_r=$(sed -n 's/^{"leg": "right", "t_s": [0-9.]*, "event": "summary", "reps": \([0-9]*\),.* "warnings": \([0-9]*\).*/\1 \2/p' "$tmp/k.out")
check "run --replay of two_legs from a FIFO: the left leg's session as the truth" \
	[ "$got_l" = "$(truth_leg "$tmp/k.csv" left)" ]
check "... the right leg's own session as the truth" [ "$got_r" = "$(truth_leg "$tmp/k.csv" right)" ]
want="left $(truth_leg "$tmp/k.csv" left | cut -d' ' -f1) right $(truth_leg "$tmp/k.csv" right | cut -d' ' -f1)"
got=$(sqlite3 "$tmp/h.sqlite3" "SELECT side, reps FROM sessions ORDER BY id" 2>/dev/null | tr '|\n' '  ' | sed 's/ $//')
check "each leg's session saved with its side: $got" [ "$got" = "$want" ]

# bad input: a named line and exit 2
printf '# legs: left,right\nt_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps,t2_s,ax2_g,ay2_g,az2_g,gx2_dps,gy2_dps,gz2_dps\n0,0,0,1,0,0,0,0,0,0,1,0,0,0\n0.01,0,0,1,0,0,0,0,0,0,1,0,0,0\n' >"$tmp/bad.csv"
"$P" analyze "$tmp/bad.csv" >"$tmp/bad.out" 2>"$tmp/bad.err"
check "sensor 2's time not increasing: exit 2" [ $? -eq 2 ]
check "... named FILE:LINE" grep -q "bad.csv:4: sensor 2's time (t2_s) does not increase" "$tmp/bad.err"
check "... and nothing on stdout" [ ! -s "$tmp/bad.out" ]
printf '# legs: left\nt_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n# legs: lfet\n0,0,0,1,0,0,0\n' >"$tmp/bad2.csv"
"$P" analyze "$tmp/bad2.csv" >/dev/null 2>"$tmp/bad2.err"
check "a misspelt leg: exit 2, named" \
	sh -c "[ $? -eq 2 ] && grep -q 'bad2.csv:3: legs: expected left, right or -' '$tmp/bad2.err'"
printf '# legs: -\nt_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n0,0,0,1,0,0,0\n' >"$tmp/none.csv"
"$P" analyze "$tmp/none.csv" >/dev/null 2>"$tmp/none.err"
check "no sample on a leg: exit 2, said" sh -c "[ $? -eq 2 ] && grep -q 'no sample on a leg' '$tmp/none.err'"
check "simulate two_legs needs 40 s" sh -c "! '$P' simulate --scenario two_legs --seconds 20 >/dev/null 2>&1"
check "--leg-scenario only with both legs" sh -c "! '$P' simulate --leg-scenario holds >/dev/null 2>&1"

[ "$fails" -eq 0 ] && echo "test_legs: all passed"
[ "$fails" -eq 0 ]
