#!/bin/sh
# The analyze/simulate contract of DESIGN.md, as a user runs it.
# Env: STRETCHREP (the program), STRETCHREP_DATA (../shared/data).
set -u
prog=${STRETCHREP:-build/stretchrep}
run=${RUNNER:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_error FILE 'FILE:LINE: reason fragment'
expect_error() {
	out=$($run "$prog" analyze "$1" 2>&1 >"$tmp/stdout")
	rc=$?
	if [ "$rc" -ne 2 ]; then bad "$1: exit $rc, want 2"; return; fi
	if [ -s "$tmp/stdout" ]; then bad "$1: printed a result on a bad file"; return; fi
	case "$out" in
	*"$2"*) ok ;;
	*) bad "$1: '$out' lacks '$2'" ;;
	esac
}

H=t_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps
: >"$tmp/empty.csv";                                    expect_error "$tmp/empty.csv" "empty.csv:1: empty file"
printf '1,2,3\n' >"$tmp/nohdr.csv";                     expect_error "$tmp/nohdr.csv" "nohdr.csv:1: expected the header"
printf '%s\n' "$H" >"$tmp/nosamples.csv";               expect_error "$tmp/nosamples.csv" "nosamples.csv:2: no samples"
printf '%s\n0,0,0,1,0,0,0\n0.01,0,0,1\n' "$H" >"$tmp/cols.csv"; expect_error "$tmp/cols.csv" "cols.csv:3: too few columns"
printf '%s\n0,0,0,1,0,0,0\n0.01,0,zero,1,0,0,0\n' "$H" >"$tmp/nan.csv"; expect_error "$tmp/nan.csv" "nan.csv:3: column 3 (ay_g) is not a number"
printf '%s\n0,0,0,1,0,0,0\n0.01,0,0,nan,0,0,0\n' "$H" >"$tmp/nan2.csv"; expect_error "$tmp/nan2.csv" "nan2.csv:3: NaN or infinite"
printf '%s\n0,0,0,1,0,0,0\n# note\n0,0,0,1,0,0,0\n' "$H" >"$tmp/back.csv"; expect_error "$tmp/back.csv" "back.csv:4: time does not increase"
printf '%s\n0,0,0,1,0,0,0\n0.01,0,0,1,0,0,99999\n' "$H" >"$tmp/huge.csv"; expect_error "$tmp/huge.csv" "huge.csv:3: angular rate beyond"
{ printf '%s\n0,0,0,1,0,0,0\n' "$H"; head -c 5000 /dev/zero | tr '\0' '1'; printf '\n'; } >"$tmp/long.csv"; expect_error "$tmp/long.csv" "long.csv:3: line too long"
{ printf '%s\n' "$H"; printf '0,0,0,1,\001\002,0,0\n'; } >"$tmp/bin.csv"; expect_error "$tmp/bin.csv" "bin.csv:2: binary data"
expect_error "$tmp/missing.csv" "missing.csv: No such file"
# nothing endless hangs analyze (trace_file.h): a device is refused, an
# endless line stops at the limit, a FIFO is read as it comes
expect_error /dev/zero "/dev/zero: not a regular file or a pipe"
out=$(yes 1 | tr -d '\n' | timeout 30 $run "$prog" analyze - 2>&1 >/dev/null)
[ $? -eq 2 ] && case "$out" in *"-:1: line too long"*) true ;; *) false ;; esac && ok || bad "endless stdin line: '$out'"
mkfifo "$tmp/trace.fifo"
cat "$tmp/back.csv" >"$tmp/trace.fifo" &
out=$(timeout 30 $run "$prog" analyze "$tmp/trace.fifo" 2>&1 >/dev/null)
[ $? -eq 2 ] && case "$out" in *"trace.fifo:4: time does not increase"*) true ;; *) false ;; esac && ok || bad "trace from a FIFO: '$out'"
wait

# a bad trace leaves no half-written --angles file behind
$run "$prog" analyze --angles "$tmp/half.csv" "$tmp/back.csv" >/dev/null 2>&1
[ $? -eq 2 ] && [ ! -e "$tmp/half.csv" ] && [ ! -e "$tmp/half.csv.part" ] && ok || bad "--angles on a bad trace left a file"

# --angles writes only regular files, atomically, never through a symlink
# at PATH (it is refused: name the file it points to); errors name PATH,
# never the temporary file; nothing is left beside it
printf '%s\n0,0,0,1,0,0,0\n0.01,0,0,1,0,0,0\n' "$H" >"$tmp/ok.csv"
# expect_refused OUT 'reason fragment': exit 1, PATH and the reason named
expect_refused() {
	out=$($run "$prog" analyze --angles "$1" "$tmp/ok.csv" 2>&1 >/dev/null)
	rc=$?
	case "$rc:$out" in
	1:*"$1: $2"*) ok ;;
	*) bad "--angles $1: exit $rc, '$out' lacks '$1: $2'" ;;
	esac
	case "$out" in *.part*) bad "--angles $1: the message names the temporary file: $out" ;; esac
}
echo keep >"$tmp/target.csv"
ln -s "$tmp/target.csv" "$tmp/link.csv"
expect_refused "$tmp/link.csv" "is a symbolic link"
[ -L "$tmp/link.csv" ] && [ "$(cat "$tmp/target.csv")" = keep ] && ok || bad "--angles replaced or wrote through a symlink"
mkfifo "$tmp/fifo"
expect_refused "$tmp/fifo" "not a regular file"
[ -p "$tmp/fifo" ] && ok || bad "--angles replaced a FIFO"
mkdir "$tmp/dir.csv"
expect_refused "$tmp/dir.csv" "is a directory"
expect_refused "$tmp/nodir/out.csv" "No such file or directory"
# a device node (a copy of /dev/null's numbers, never the real one)
if mknod "$tmp/null" c 1 3 2>/dev/null; then
	expect_refused "$tmp/null" "not a regular file"
	[ -c "$tmp/null" ] && ok || bad "--angles replaced a device node"
fi
# an existing regular file is replaced whole, keeping its permissions
echo old >"$tmp/prev.csv"
chmod 640 "$tmp/prev.csv"
$run "$prog" analyze --angles "$tmp/prev.csv" "$tmp/ok.csv" >/dev/null 2>&1 && [ "$(head -1 "$tmp/prev.csv")" = "t_s,angle_deg" ] &&
	[ "$(stat -c %a "$tmp/prev.csv")" = 640 ] && ok || bad "--angles over a regular file: $(head -1 "$tmp/prev.csv") mode $(stat -c %a "$tmp/prev.csv")"
ls -a "$tmp" | grep -q 'part' && bad "a temporary file was left: $(ls -a "$tmp")" || ok

# a spreadsheet's byte-order mark before the header is accepted
printf '\357\273\277%s\n0,0,0,1,0,0,0\n0.01,0,0,1,0,0,0\n' "$H" >"$tmp/bom.csv"
$run "$prog" analyze "$tmp/bom.csv" >/dev/null 2>&1 && ok || bad "BOM before the header refused"

# usage errors
$run "$prog" analyze --hold-warn abc "$tmp/x.csv" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--hold-warn abc: want exit 2"
$run "$prog" analyze --hold-warn 0 "$tmp/x.csv" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "--hold-warn 0: want exit 2"
$run "$prog" analyze >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no trace: want exit 2"
# options that set what a setting sets take the setting's range and unit
# (issue 11: --hold-warn took 1-600 s where [motion] hold_warn_s takes 3-60,
# --volume 0..1 where [audio] volume is 0-100 %)
printf '%s\n0,0,0,1,0,0,0\n0.01,0,0,1,0,0,0\n' "$H" >"$tmp/ok.csv"
lo=$($run "$prog" check-config --dump /dev/null | sed -n 's/^# Static-hold warning.*\[s; \([0-9.]*\)-\([0-9.]*\)\]$/\1 \2/p')
[ -n "$lo" ] && ok || bad "check-config --dump shows no range for hold_warn_s"
set -- $lo
for cmd in "analyze --hold-warn H $tmp/ok.csv" "run --headless --replay $tmp/ok.csv --speed 100 --hold-warn H" \
	   "simulate --seconds 1 --hold-warn H"; do
	for v in "$1" "$2"; do
		# shellcheck disable=SC2086 # the command line is split on purpose
		$run "$prog" $(printf '%s' "$cmd" | sed "s/ H/ $v/") >/dev/null 2>&1 && ok || bad "$cmd: $v refused"
	done
	for v in "$(awk "BEGIN { print $1 - 0.5 }")" "$(awk "BEGIN { print $2 + 1 }")"; do
		# shellcheck disable=SC2086
		$run "$prog" $(printf '%s' "$cmd" | sed "s/ H/ $v/") >/dev/null 2>&1
		[ $? -eq 2 ] && ok || bad "$cmd: $v accepted (the setting's range is $1-$2)"
	done
done
set --
$run "$prog" run --headless --replay "$tmp/ok.csv" --speed 100 --volume 50 >/dev/null 2>&1 && ok || bad "--volume 50 (%) refused"
$run "$prog" run --headless --replay "$tmp/ok.csv" --speed 100 --volume 0.5 >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "--volume 0.5 accepted: the unit is % as in [audio] volume"
$run "$prog" frobnicate >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown command: want exit 2"
$run "$prog" --version | grep -q '^stretchrep [0-9]' && ok || bad "--version"

# a simulated session: the count and warnings equal the script's truth
if $run "$prog" simulate --scenario holds --seed 5 --seconds 150 --rate 200 -o "$tmp/sim.csv" 2>"$tmp/truth.json"; then
	want_reps=$(sed -n 's/.*"reps": *\([0-9]*\).*/\1/p' "$tmp/truth.json")
	want_warn=$(sed -n 's/.*"hold_warnings": *\([0-9]*\).*/\1/p' "$tmp/truth.json")
	$run "$prog" analyze --angles "$tmp/angles.csv" "$tmp/sim.csv" >"$tmp/out.json" || bad "analyze sim.csv failed"
	got_reps=$(sed -n 's/^{"reps": *\([0-9]*\),.*/\1/p' "$tmp/out.json")
	got_warn=$(sed -n 's/.*"hold_warnings": *\([0-9]*\),.*/\1/p' "$tmp/out.json")
	[ -n "$want_reps" ] && [ "$got_reps" = "$want_reps" ] && ok || bad "sim reps: got '$got_reps' want '$want_reps'"
	[ -n "$want_warn" ] && [ "$got_warn" = "$want_warn" ] && ok || bad "sim warnings: got '$got_warn' want '$want_warn'"
	# one rep event per rep, one warning event per warning
	n_ev=$(grep -c '"peak_deg"' "$tmp/out.json")
	[ "$n_ev" = "$want_reps" ] && ok || bad "rep_events: $n_ev, want $want_reps"
	n_w=$(sed -n '/"warning_events"/,$p' "$tmp/out.json" | grep -c '"t_s"')
	[ "$n_w" = "$want_warn" ] && ok || bad "warning_events: $n_w, want $want_warn"
	# --angles: a header and one line per sample
	n_smp=$(grep -c '^[0-9]' "$tmp/sim.csv")
	n_ang=$(grep -c '^[0-9]' "$tmp/angles.csv")
	[ "$(head -1 "$tmp/angles.csv")" = "t_s,angle_deg" ] && [ "$n_ang" = "$n_smp" ] && ok ||
		bad "--angles: $n_ang lines for $n_smp samples"
	# a lower threshold never warns less
	$run "$prog" analyze --hold-warn 3 "$tmp/sim.csv" >"$tmp/out3.json"
	w3=$(sed -n 's/.*"hold_warnings": *\([0-9]*\),.*/\1/p' "$tmp/out3.json")
	[ "$w3" -ge "$got_warn" ] && ok || bad "--hold-warn 3 warned $w3 < $got_warn"
	# stdin works too
	$run "$prog" analyze - <"$tmp/sim.csv" | cmp -s - "$tmp/out.json" && ok || bad "analyze - (stdin) differs"
else
	bad "simulate failed"
fi

# the gyro checked against gravity: a part reading 3x the turn is reported
# (oracle: the simulator's own fault), a correct one is not
for k in 3 1; do
	if $run "$prog" simulate --scenario holds --seed 2 --seconds 60 --rate 100 --gyro-scale $k \
		-o "$tmp/g$k.csv" 2>/dev/null && $run "$prog" analyze "$tmp/g$k.csv" >"$tmp/g$k.json"; then
		scale=$(sed -n 's/.*"scale": *\([0-9.]*\),.*/\1/p' "$tmp/g$k.json")
		out=$(sed -n 's/.*"scale_out_of_tolerance": *\([a-z]*\),.*/\1/p' "$tmp/g$k.json")
		want=false; [ "$k" = 1 ] || want=true
		awk -v s="$scale" -v k="$k" 'BEGIN { exit !(s > 0.85 * k && s < 1.15 * k) }' && [ "$out" = "$want" ] && ok ||
			bad "gyro x$k: scale '$scale', out of tolerance '$out' (want $want)"
	else
		bad "gyro x$k: simulate or analyze failed"
	fi
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
