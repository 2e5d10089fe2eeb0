#!/bin/sh
# stretchrep simulate from the outside: options, exit statuses, the trace's
# shape, the truth line, and that analyze reads what simulate writes.
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

check "--help exits 0" status 0 "$P" simulate --help
check "unknown scenario: 2" status 2 "$P" simulate --scenario nosuch
check "rate below 25 Hz: 2" status 2 "$P" simulate --rate 10
check "rate above 1 kHz: 2" status 2 "$P" simulate --rate 2000
check "endless --seconds 0: 2" status 2 "$P" simulate --scenario demo --seconds 0
check "seed not a number: 2" status 2 "$P" simulate --seed 12x
check "negative seed: 2" status 2 "$P" simulate --seed -3
check "hold-warn too short: 2" status 2 "$P" simulate --hold-warn 0.5
check "gyro scale 0: 2" status 2 "$P" simulate --gyro-scale 0
check "gyro scale above 10: 2" status 2 "$P" simulate --gyro-scale 12
check "gyro scale not a number: 2" status 2 "$P" simulate --gyro-scale x4
check "gyro bias above 100: 2" status 2 "$P" simulate --gyro-bias-max 120
check "negative gyro bias: 2" status 2 "$P" simulate --bias -1
check "stray argument: 2" status 2 "$P" simulate extra
check "unknown option: 2" status 2 "$P" simulate --frobnicate
check "unwritable output: 1" status 1 "$P" simulate --seconds 5 -o "$tmp/no/such/dir/x.csv"

"$P" simulate --scenario holds --seed 7 --seconds 40 --rate 50 --hold-warn 5 \
	--truth-angles "$tmp/angles.csv" -o "$tmp/a.csv" 2>"$tmp/err"
check "simulate -o exits 0" [ $? -eq 0 ]
check "first line names scenario, seed and rate" \
	grep -q '^# stretchrep simulate: scenario holds, seed 7, rate 50 Hz' "$tmp/a.csv"
check "second line is the trace header" \
	[ "$(sed -n 2p "$tmp/a.csv")" = "t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps" ]
check "last line is the truth" grep -q '^# truth: {"reps": [0-9]*, "hold_warnings": [0-9]*,' "$tmp/a.csv"
last=$(tail -n 1 "$tmp/a.csv" | sed 's/^# truth: //')
check "stderr carries the same JSON" [ "$last" = "$(cat "$tmp/err")" ]
samples=$(grep -c '^[0-9]' "$tmp/a.csv")
check "about 50 Hz x 40 s samples" test "$samples" -ge 1995 -a "$samples" -le 2001
check "--truth-angles: one line per sample" \
	[ "$(wc -l <"$tmp/angles.csv")" -eq $((samples + 1)) ]
check "every line fits the trace reader (1024 bytes)" \
	[ "$(awk 'length > 1000' "$tmp/a.csv" | wc -l)" -eq 0 ]
check "analyze reads it" status 0 "$P" analyze "$tmp/a.csv"

"$P" simulate --scenario holds --seed 7 --seconds 40 --rate 50 --hold-warn 5 >"$tmp/b.csv" 2>/dev/null
check "stdout equals -o, same seed same trace" cmp -s "$tmp/a.csv" "$tmp/b.csv"
"$P" simulate --scenario holds --seed 8 --seconds 40 --rate 50 --hold-warn 5 >"$tmp/c.csv" 2>/dev/null
check "another seed, another trace" status 1 cmp -s "$tmp/a.csv" "$tmp/c.csv"
"$P" simulate --scenario demo --seconds 200 -o "$tmp/d.csv" 2>"$tmp/derr"
check "finite demo has reps and a warning" \
	grep -q '"reps": [1-9][0-9]*, "hold_warnings": [1-9]' "$tmp/derr"

# the faults: a gyro that misreports, a strap that slips
"$P" simulate --scenario slip --seed 3 --seconds 60 --gyro-scale 4 --gyro-bias-max 20 \
	-o "$tmp/s.csv" 2>/dev/null
check "--gyro-scale is named in the first line" \
	grep -q '^# stretchrep simulate: scenario slip, seed 3, .*gyro bias up to 20 deg/s, gyro scale x4,' "$tmp/s.csv"
check "a slip is marked as a truth event" \
	grep -q '^# truth_event: {"slip": 1, "t_s": [0-9.]*, "slip_deg": -*[0-9.]*}' "$tmp/s.csv"
"$P" simulate --scenario quickstart --seconds 20 --bias 20 >"$tmp/q1.csv" 2>/dev/null
"$P" simulate --scenario quickstart --seconds 20 --gyro-bias-max 20 --gyro-scale 1 >"$tmp/q2.csv" 2>/dev/null
check "--bias is --gyro-bias-max; scale 1 changes nothing" cmp -s "$tmp/q1.csv" "$tmp/q2.csv"
for sc in quickstart slip fidget_big; do
	check "--help lists $sc" sh -c "'$P' simulate --help | grep -q '$sc'"
done

# -o and --truth-angles are written whole, only over regular files, never
# through a symbolic link (safe_file, as analyze --angles): a refused path
# is named with why, exit 1, and nothing is left beside it
refused() {  # refused OPTION PATH REASON
	msg=$(timeout 10 "$P" simulate --seconds 2 "$1" "$2" 2>&1 >/dev/null)   # the old fopen waited for a FIFO's reader
	rc=$?
	case "$rc:$msg" in
	1:*"$2: $3"*) return 0 ;;
	*) echo "  $1 $2: exit $rc, '$msg'"; return 1 ;;
	esac
}
mkdir "$tmp/safe"
echo keep >"$tmp/safe/target.csv"
ln -s "$tmp/safe/target.csv" "$tmp/safe/link.csv"
mkfifo "$tmp/safe/fifo"
mkdir "$tmp/safe/dir.csv"
for opt in -o --truth-angles; do
	check "$opt onto a symlink is refused" refused "$opt" "$tmp/safe/link.csv" "is a symbolic link"
	check "$opt onto a FIFO is refused" refused "$opt" "$tmp/safe/fifo" "not a regular file"
	check "$opt onto a directory is refused" refused "$opt" "$tmp/safe/dir.csv" "is a directory"
done
check "the link and its target are untouched" \
	sh -c "[ -L '$tmp/safe/link.csv' ] && [ \"\$(cat '$tmp/safe/target.csv')\" = keep ]"
check "the FIFO is still a FIFO" [ -p "$tmp/safe/fifo" ]
# one bad output: the other is not written either
"$P" simulate --seconds 2 -o "$tmp/safe/t.csv" --truth-angles "$tmp/safe/link.csv" >/dev/null 2>&1
check "a refused --truth-angles leaves no -o file" [ ! -e "$tmp/safe/t.csv" ]
# an existing file is replaced whole, its mode kept
echo old >"$tmp/safe/prev.csv"
chmod 640 "$tmp/safe/prev.csv"
"$P" simulate --seconds 2 -o "$tmp/safe/prev.csv" 2>/dev/null
check "-o replaces a regular file whole" grep -q '^# truth: ' "$tmp/safe/prev.csv"
check "-o keeps the file's mode" [ "$(stat -c %a "$tmp/safe/prev.csv")" = 640 ]
check "no temporary file left" [ -z "$(ls -a "$tmp/safe" | grep part)" ]
# both legs' scenarios write through the same safe output
for where in link.csv:"is a symbolic link" fifo:"not a regular file"; do
	msg=$(timeout 10 "$P" simulate --scenario two_legs --seconds 60 -o "$tmp/safe/${where%%:*}" 2>&1 >/dev/null)
	rc=$?
	check "two_legs -o onto ${where%%:*} is refused" sh -c "[ $rc = 1 ] && echo \"\$1\" | grep -q '${where#*:}'" - "$msg"
done
check "the link, its target and the FIFO are untouched" \
	sh -c "[ -L '$tmp/safe/link.csv' ] && [ \"\$(cat '$tmp/safe/target.csv')\" = keep ] && [ -p '$tmp/safe/fifo' ]"
"$P" simulate --scenario two_legs --seconds 60 -o "$tmp/safe/prev.csv" 2>/dev/null
check "two_legs -o replaces a regular file whole" grep -q '^# truth: .*"legs"' "$tmp/safe/prev.csv"
check "two_legs -o keeps the file's mode" [ "$(stat -c %a "$tmp/safe/prev.csv")" = 640 ]
check "no temporary file left after two_legs" [ -z "$(ls -a "$tmp/safe" | grep part)" ]

[ "$fails" -eq 0 ] && echo "test_simulate: all passed"
[ "$fails" -eq 0 ]
