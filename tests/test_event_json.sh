#!/bin/sh
# One encoder of the motion events (app/event_json.c): the kiosk's
# --headless stream and analyze print the same JSON object for the same
# event. A trace of the virtual patient is replayed through the kiosk and
# analysed; every rep, warning and finished hold of the stream, without the
# stream's "event" tag and members, must be byte for byte analyze's object,
# in the same order (analyze also lists a hold still running at the end).
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$prog" simulate --scenario holds --seed 3 --seconds 60 -o "$tmp/t.csv" 2>/dev/null ||
	{ echo "FAIL: simulate"; exit 1; }
"$prog" run --headless --replay "$tmp/t.csv" --hold-warn 5 --work-target 0 --speed 5000 \
	>"$tmp/run.jsonl" 2>/dev/null || { echo "FAIL: run --headless"; exit 1; }
"$prog" analyze --hold-warn 5 "$tmp/t.csv" >"$tmp/analyze.json" || { echo "FAIL: analyze"; exit 1; }

# analyze's objects of one list: from its name to the next list's
objects() {
	sed -n "/\"$1\": \\[/,/\"$2\"/p" "$tmp/analyze.json" | sed -n -E 's/^   (\{[^}]*\}).*/\1/p'
}
objects rep_events holds >"$tmp/a.reps"
objects holds warning_events >"$tmp/a.holds"
objects warning_events '$^' >"$tmp/a.warns"
# the stream's, the tag taken off
sed -n -E 's/^\{"event": "rep", "n": [0-9]+, /{/p' "$tmp/run.jsonl" >"$tmp/k.reps"
sed -n -E 's/^\{"event": "hold_end", "t_s": [0-9.]+, /{/p' "$tmp/run.jsonl" >"$tmp/k.holds"
sed -n -E 's/^\{"event": "warn", "hold_s": [0-9.]+, /{/p' "$tmp/run.jsonl" >"$tmp/k.warns"

same() { # what, analyze's file, the stream's file
	if [ ! -s "$3" ]; then
		echo "FAIL: $1: the stream has none"
		fail=1
	elif ! diff -u "$2" "$3"; then
		echo "FAIL: $1: the stream and analyze print different objects"
		fail=1
	else
		echo "ok: $1: $(wc -l <"$3") identical objects"
	fi
}
same reps "$tmp/a.reps" "$tmp/k.reps"
same warnings "$tmp/a.warns" "$tmp/k.warns"
head -n "$(wc -l <"$tmp/k.holds")" "$tmp/a.holds" >"$tmp/a.holds.done"
same "finished holds" "$tmp/a.holds.done" "$tmp/k.holds"
exit $fail
