#!/bin/sh
# `run --headless --simulate --speed N` keeps whole sessions in the history
# (--history FILE), and `history --csv` lists them as the run's summary
# lines said; a history that cannot be written never stops the run: the
# summary says "not saved" and why, and the exit status is 0.
set -eu
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_run_history.sh: $*" >&2; exit 1; }

# two and a half sessions of the demo patient (a session is 120 s of sim
# time), 2000 times faster than real time
"$prog" run --headless --simulate --speed 2000 --seconds 300 --history "$tmp/h.sqlite3" \
	>"$tmp/run.jsonl" 2>"$tmp/run.err" || fail "run: $(cat "$tmp/run.err")"
grep '"event": "summary"' "$tmp/run.jsonl" >"$tmp/summaries"
runs=$(grep -c . "$tmp/summaries")
[ "$runs" -ge 3 ] || fail "$runs summaries in 300 s of sessions"
[ "$(grep -c '"saved": true' "$tmp/summaries")" = "$runs" ] || fail "not every session said saved"
"$prog" history --csv --db "$tmp/h.sqlite3" >"$tmp/h.csv"
rows=$(($(grep -c . "$tmp/h.csv") - 1))
[ "$rows" = "$runs" ] || fail "$rows sessions in the history, $runs summaries"
# issue 12: the simulated patient's sessions are marked, never a patient's
[ "$(tail -n +2 "$tmp/h.csv" | awk -F, '$20 != "demo"' | wc -l)" = 0 ] ||
	fail "simulated sessions not marked demo: $(cut -d, -f1,20 "$tmp/h.csv")"
# the CSV's reps and work time are the summaries', session by session
sed -n 's/.*"reps": \([0-9]*\), "work_s": \([0-9.]*\),.*/\1 \2/p' "$tmp/summaries" >"$tmp/want"
tail -n +2 "$tmp/h.csv" | awk -F, '{ printf "%d %.2f\n", $4, $5 }' >"$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "history differs from the summaries: $(paste "$tmp/want" "$tmp/got")"
# whole sessions: the first two ran to their end with a sane count and work time
head -n 2 "$tmp/got" | while read -r reps work; do
	[ "$reps" -ge 10 ] && [ "$reps" -le 60 ] || fail "a whole session with $reps reps"
	awk -v w="$work" 'BEGIN { exit !(w >= 60 && w <= 125) }' || fail "a whole session with $work s of work"
done

# nowhere to write (the parent is a regular file): runs, says not saved
: >"$tmp/file"
"$prog" run --headless --simulate --speed 2000 --seconds 130 --history "$tmp/file/h.sqlite3" \
	>"$tmp/no.jsonl" 2>"$tmp/no.err" || fail "an unwritable history stopped the run: $(cat "$tmp/no.err")"
grep '"event": "summary"' "$tmp/no.jsonl" >"$tmp/no.summaries"
head -n 1 "$tmp/no.summaries" | grep -q '"saved": false, "not_saved": "no place to keep it"' ||
	fail "not saved not said: $(cat "$tmp/no.summaries")"
[ "$(grep -c . "$tmp/no.summaries")" = 2 ] || fail "the run did not go on to a second session"
grep -q "history: $tmp/file/h.sqlite3: " "$tmp/no.err" || fail "no log line: $(cat "$tmp/no.err")"

# not a database: said damaged, the file left alone
printf 'this is not a database, just text that is long enough to be looked at\n' >"$tmp/bad.sqlite3"
cp "$tmp/bad.sqlite3" "$tmp/bad.orig"
"$prog" run --headless --simulate --speed 2000 --seconds 130 --history "$tmp/bad.sqlite3" \
	>"$tmp/bad.jsonl" 2>/dev/null || fail "a damaged history stopped the run"
grep '"event": "summary"' "$tmp/bad.jsonl" | grep -q '"not_saved": "the history file is damaged"' ||
	fail "damaged not said: $(grep summary "$tmp/bad.jsonl")"
cmp -s "$tmp/bad.sqlite3" "$tmp/bad.orig" || fail "the damaged file was changed"

echo "test_run_history.sh: ok ($runs sessions saved and listed)"
