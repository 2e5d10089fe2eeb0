#!/bin/sh
# The kiosk's commands from the outside: `run --headless` prints the same
# warnings and reps as `analyze` on the same recording (one JSON object a
# line, a summary at the end); bad input gives exit status 2 with the place;
# `screenshot` writes a PNG for every state.
set -eu
prog=${STRETCHREP:-build/stretchrep}
data=${STRETCHREP_DATA:-../shared/data}
trace=$data/uci-pt-s1/s1_e3_u3_test.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# --simulate keeps its sessions: in here, not in this user's history
export STATE_DIRECTORY="$tmp/state"
fail() { echo "test_kiosk.sh: $*" >&2; exit 1; }

if [ ! -r "$trace" ]; then
	echo "test_kiosk.sh: $trace missing: recording checks skipped"
	warns=0 reps=0
else
# --work-target 0: the whole recording, as analyze sees it
"$prog" run --headless --replay "$trace" --hold-warn 3 --work-target 0 --speed 5000 >"$tmp/run.jsonl"
"$prog" analyze --hold-warn 3 "$trace" >"$tmp/analyze.json"
warns=$(grep -c '"event": "warn"' "$tmp/run.jsonl" || true)
reps=$(grep -c '"event": "rep"' "$tmp/run.jsonl" || true)
want_warns=$(sed -n 's/.*"hold_warnings": \([0-9]*\).*/\1/p' "$tmp/analyze.json")
want_reps=$(sed -n 's/^{"reps": \([0-9]*\).*/\1/p' "$tmp/analyze.json")
[ "$warns" -gt 0 ] || fail "no warnings in the headless run"
[ "$warns" = "$want_warns" ] || fail "run: $warns warnings, analyze: $want_warns"
[ "$reps" = "$want_reps" ] || fail "run: $reps reps, analyze: $want_reps"
[ "$(grep -c '"event": "summary"' "$tmp/run.jsonl")" = 1 ] || fail "not one summary"
tail -n 1 "$tmp/run.jsonl" | grep -q '"event": "summary"' || fail "summary is not last"
grep -v '^{.*}$' "$tmp/run.jsonl" && fail "a line is not one JSON object"
# the threshold from a settings file reaches the core
printf '[motion]\nhold_warn_s = 3\n' >"$tmp/warn3.conf"
"$prog" run --config "$tmp/warn3.conf" --work-target 0 --headless --replay "$trace" --speed 5000 >"$tmp/cfg.jsonl" 2>"$tmp/cfg.err" ||
	fail "run with a config: $(cat "$tmp/cfg.err")"
[ "$(grep -c '"event": "warn"' "$tmp/cfg.jsonl")" = "$want_warns" ] || fail "config hold_warn_s not applied"
fi

# --seconds bounds the run in sample time; --speed makes it quick
"$prog" run --headless --simulate --speed 1000 --seconds 30 >"$tmp/sim.jsonl"
last=$(tail -n 1 "$tmp/sim.jsonl")
case "$last" in *'"event": "summary"'*) ;; *) fail "simulated run did not end with a summary: $last" ;; esac

# a bad line mid-replay ends the replay there, as if the trace ended: the
# error named once, the session so far kept (its reps those analyze counts
# on the lines before), exit status 0 after the summary
"$prog" simulate --scenario holds --seed 5 --seconds 60 --rate 100 -o "$tmp/sim.csv" 2>/dev/null
"$prog" analyze --hold-warn 3 "$tmp/sim.csv" >"$tmp/sim.json"
sim_reps=$(sed -n 's/^{"reps": \([0-9]*\).*/\1/p' "$tmp/sim.json")
bad_at=$(($(wc -l <"$tmp/sim.csv") + 1))
{ cat "$tmp/sim.csv"; echo '60.5,0,0,x,0,0,0'; echo '61,0,0,1,0,0,0'; } >"$tmp/midbad.csv"
"$prog" run --headless --replay "$tmp/midbad.csv" --hold-warn 3 --work-target 0 --speed 5000 >"$tmp/mid.jsonl" 2>"$tmp/mid.err" ||
	fail "bad line mid-replay: exit $?: $(cat "$tmp/mid.err")"
[ "$sim_reps" -gt 0 ] || fail "the simulated trace has no reps"
grep -q "\"event\": \"summary\", \"reps\": $sim_reps," "$tmp/mid.jsonl" ||
	fail "bad line mid-replay: want a summary with $sim_reps reps: $(tail -n 1 "$tmp/mid.jsonl")"
[ "$(grep -c "midbad.csv:$bad_at: column 4" "$tmp/mid.err")" = 1 ] || fail "bad line mid-replay not said once: $(cat "$tmp/mid.err")"

# bad input before any sample: exit status 2, the file and line named
printf 't_s,ax_g,ay_g,az_g,gx_dps,gy_dps,gz_dps\n0.04,0,0,x,0,0,0\n' >"$tmp/bad.csv"
set +e
"$prog" run --headless --replay "$tmp/bad.csv" >/dev/null 2>"$tmp/err"
rc=$?
"$prog" run --headless --speed -3 >/dev/null 2>&1
rc2=$?
"$prog" screenshot --state nope --size 800x480 -o "$tmp/x.png" >/dev/null 2>&1
rc3=$?
set -e
[ "$rc" = 2 ] || fail "bad trace: exit $rc"
grep -q "bad.csv:2" "$tmp/err" || fail "bad trace: no FILE:LINE in: $(cat "$tmp/err")"
[ "$rc2" = 2 ] || fail "bad --speed: exit $rc2"
[ "$rc3" = 2 ] || fail "bad --state: exit $rc3"

# settings: a file with problems still runs (each problem named), a missing
# --config file is a usage error
printf '[display]\nrotation = 45\n[motion]\nhold_warn_s = 5\n' >"$tmp/bad.conf"
"$prog" run --config "$tmp/bad.conf" --headless --simulate --speed 1000 --seconds 3 >/dev/null 2>"$tmp/err"
grep -q "bad.conf:2: rotation" "$tmp/err" || fail "config problem not reported: $(cat "$tmp/err")"
set +e
"$prog" run --config "$tmp/none.conf" --headless >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "missing --config: exit $rc"

for s in start calibrate exercise prewarning warning summary sensor-lost slr slr-result progress; do
	"$prog" screenshot --state "$s" --size 800x480 -o "$tmp/$s.png"
	[ "$(head -c 8 "$tmp/$s.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$s.png is not a PNG"
done
# issue 12: over SSH (no DISPLAY, no WAYLAND_DISPLAY, no KMS device) SDL
# falls back to a driver that shows nothing: run says so and exits 1 instead
# of rendering to nothing for ever (SDL_VIDEODRIVER=dummy, asked for by
# name, still works: the tests above). Skipped where a KMS device exists.
if ! ls /dev/dri/card* >/dev/null 2>&1; then
	rc=0
	env -u SDL_VIDEODRIVER -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$prog" run --simulate \
		>/dev/null 2>"$tmp/nodisplay.err" || rc=$?
	[ "$rc" = 1 ] || fail "run with no display: exit $rc, not 1: $(cat "$tmp/nodisplay.err")"
	grep -q "no display.*use --headless" "$tmp/nodisplay.err" ||
		fail "run with no display does not say so: $(cat "$tmp/nodisplay.err")"
fi
echo "test_kiosk.sh: ok ($warns warnings, $reps reps)"
