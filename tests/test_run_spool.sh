#!/bin/sh
# The kiosk's spool end to end: a history locked by another program (a
# clinician's sqlite3 in a write transaction) when a session ends; the
# kiosk is killed (SIGKILL) while the session waits; the next start saves
# it, once, and empties the spool. Oracles: the first run's summary line
# (its reps and work time), sqlite3 reading the database, the spool
# directory's files.
set -eu
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
lockpid=
kpid=
cleanup() {
	[ -z "$kpid" ] || kill -9 "$kpid" 2>/dev/null || :
	[ -z "$lockpid" ] || kill "$lockpid" 2>/dev/null || :
	[ -n "${KEEP:-}" ] || rm -rf "$tmp"; [ -z "${KEEP:-}" ] || echo "kept $tmp"
}
trap cleanup EXIT
fail() { echo "test_run_spool.sh: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "test_run_spool.sh: skipped (no sqlite3)"; exit 0; }

db=$tmp/h.sqlite3
"$prog" patient add "Spool Test" --db "$db" >/dev/null 2>&1 || fail "patient add failed"
# the lock: a write transaction held open while its input stays open
mkfifo "$tmp/lockin"
sqlite3 "$db" <"$tmp/lockin" >/dev/null 2>&1 &
lockpid=$!
exec 9>"$tmp/lockin"
echo "BEGIN IMMEDIATE; INSERT INTO slr (patient_id, side, taken_at, trial1_deg, trial2_deg) SELECT id, 'left', 1, 1, 1 FROM patients;" >&9

"$prog" run --headless --simulate --speed 2000 --seconds 100000 --history "$db" \
	>"$tmp/run1.jsonl" 2>"$tmp/run1.err" &
kpid=$!
i=0
until ls "$tmp/spool/"*.json >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 300 ] || fail "no spool file after 30 s: $(cat "$tmp/run1.err")"
	sleep 0.1
done
kill -9 "$kpid"
wait "$kpid" 2>/dev/null || :
kpid=
grep -q 'not saved yet: .*(kept in the spool meanwhile)' "$tmp/run1.err" || fail "not said: $(cat "$tmp/run1.err")"
summary=$(grep -m 1 '"event": "summary"' "$tmp/run1.jsonl") || fail "no summary line"
echo "$summary" | grep -q '"saved": false' || fail "the first session said saved: $summary"
want=$(echo "$summary" | sed -n 's/.*"reps": \([0-9]*\), "work_s": \([0-9.]*\),.*/\1 \2/p')
[ "$(sqlite3 "$db" 'SELECT count(*) FROM sessions')" = 0 ] || fail "saved through the lock?"

# the lock goes (COMMIT would keep the SLR row: roll it back)
echo "ROLLBACK;" >&9
exec 9>&-
wait "$lockpid" 2>/dev/null || :
lockpid=

# the next start: a short run saves the spooled session at once
"$prog" run --headless --simulate --speed 2000 --seconds 5 --history "$db" \
	>"$tmp/run2.jsonl" 2>"$tmp/run2.err" || fail "second run: $(cat "$tmp/run2.err")"
grep -q 'saved on a retry' "$tmp/run2.err" || fail "the spooled session was not saved: $(cat "$tmp/run2.err")"
n=$(ls "$tmp/spool/" | grep -c '\.json$' || :)
[ "$n" = 0 ] || fail "$n files left in the spool"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM sessions')" = 1 ] || fail "not exactly one session: $(sqlite3 "$db" 'SELECT id, reps FROM sessions')"
got=$(sqlite3 "$db" "SELECT reps || ' ' || printf('%.2f', work_s) FROM sessions")
[ "$got" = "$want" ] || fail "saved '$got', the summary said '$want'"
[ "$(sqlite3 "$db" 'SELECT source FROM sessions')" = demo ] || fail "source not kept"
[ "$(sqlite3 "$db" 'SELECT save_id IS NOT NULL FROM sessions')" = 1 ] || fail "no save_id"

# and once more: nothing left to save twice
"$prog" run --headless --simulate --speed 2000 --seconds 5 --history "$db" >/dev/null 2>"$tmp/run3.err" ||
	fail "third run: $(cat "$tmp/run3.err")"
[ "$(sqlite3 "$db" 'SELECT count(*) FROM sessions')" = 1 ] || fail "saved again on the third start"
echo "test_run_spool.sh: ok (a session killed in the spool saved once at the next start: $got)"
