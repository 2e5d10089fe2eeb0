#!/bin/sh
# Issue 13's done criterion and the patient command: `patient add/set`
# store the prescription that `run --headless --simulate --patient NAME
# --history DB` then runs with, the sessions are saved under that patient
# with their side and pain ratings, and `history --patient NAME --csv` shows
# them. The oracle is the database read with the sqlite3 CLI and the run's
# own summary lines, never stretchrep's listing alone.
set -eu
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_patient_cli.sh: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || fail "no sqlite3 (make deps installs it)"
db=$tmp/h.sqlite3
q() { sqlite3 "$db" "$1"; }
# expect STATUS CMD...: runs CMD, fails unless it exits with STATUS
expect() {
	want=$1
	shift
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	set -e
	[ "$got" = "$want" ] || fail "$* exited $got, not $want: $(cat "$tmp/err")"
}

# --- patient add / set / bad values ---
expect 0 "$prog" patient add "Ann Lee" --side right --hold-warn 8 --ceiling-deg 50 --sessions-per-day 2 --db "$db"
[ "$(q "SELECT name, sides, sessions_per_day FROM patients")" = "Ann Lee|2|2" ] || fail "patient row: $(q 'SELECT * FROM patients')"
[ "$(q "SELECT side, hold_warn_s, ceiling_deg, work_target_s IS NULL FROM prescriptions ORDER BY side")" = "left|8.0|50.0|1
right|8.0|50.0|1" ] || fail "prescription rows: $(q 'SELECT * FROM prescriptions')"
# --for-side: the other side keeps its value
expect 0 "$prog" patient set "Ann Lee" --for-side left --ceiling-deg 40 --db "$db"
[ "$(q "SELECT side, ceiling_deg FROM prescriptions ORDER BY side")" = "left|40.0
right|50.0" ] || fail "--for-side: $(q 'SELECT side, ceiling_deg FROM prescriptions')"
# out of the settings table's range, unknown words, bad names: exit 2, said, nothing written
hi=$("$prog" check-config --dump 2>/dev/null | sed -n 's/^# Static-hold warning.*\[s; \([0-9.]*\)-\([0-9.]*\)\]$/\2/p')
[ -n "$hi" ] || fail "no hold_warn_s range in check-config --dump"
before=$(q "SELECT count(*) FROM patients")
expect 2 "$prog" patient add "Bo" --hold-warn "$((hi + 1))" --db "$db"
grep -q -- "--hold-warn" "$tmp/err" || fail "the bad option not named: $(cat "$tmp/err")"
expect 2 "$prog" patient add "Bo" --side up --db "$db"
grep -q -- "--side" "$tmp/err" || fail "--side not named: $(cat "$tmp/err")"
expect 2 "$prog" patient add "$(printf '%041d' 0)" --db "$db"
expect 2 "$prog" patient add "  Ann Lee " --db "$db"
grep -q "another patient has that name" "$tmp/err" || fail "duplicate not said: $(cat "$tmp/err")"
expect 2 "$prog" patient set "Nobody" --hold-warn 9 --db "$db"
expect 2 "$prog" patient set "Ann Lee" --zone 50:40 --db "$db"
[ "$(q "SELECT count(*) FROM patients")" = "$before" ] || fail "a refused add wrote a patient"
# add writes the patient and the prescription at once or not at all: a
# prescription write that fails (here a trigger; for real, the kiosk's save
# holding the lock past the busy timeout) leaves no patient without it
q "CREATE TRIGGER rx_fails BEFORE INSERT ON prescriptions BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
# (the trigger's abort is a constraint error to SQLite: any failure status)
"$prog" patient add "Dee" --hold-warn 8 --db "$db" 2>"$tmp/err" && fail "add succeeded past a failed prescription write"
q "DROP TRIGGER rx_fails"
[ "$(q "SELECT count(*) FROM patients WHERE name = 'Dee'")" = 0 ] || fail "a failed add left Dee without a prescription"
[ "$(q "SELECT ceiling_deg FROM prescriptions WHERE side = 'left'")" = "40.0" ] || fail "a refused set wrote"

# --- the done criterion: a headless simulated run under the patient ---
expect 0 "$prog" run --headless --simulate --speed 2000 --seconds 130 --patient "Ann Lee" \
	--pain-before 3 --pain-after 1 --history "$db"
cp "$tmp/out" "$tmp/run.jsonl"
runs=$(grep -c '"event": "summary"' "$tmp/run.jsonl")
[ "$runs" -ge 1 ] || fail "no session in the run"
pid=$(q "SELECT id FROM patients WHERE name = 'Ann Lee'")
# every session of the run is Ann's, on her (only) right side, with the
# ratings given and her hold threshold (8 s, not the default)
[ "$(q "SELECT count(*) FROM sessions")" = "$runs" ] || fail "$(q 'SELECT count(*) FROM sessions') sessions, $runs summaries"
[ "$(q "SELECT DISTINCT patient_id, side, pain_before, pain_after, hold_warn_s, ceiling_deg FROM sessions")" = "$pid|right|3|1|8.0|50.0" ] ||
	fail "saved: $(q 'SELECT patient_id, side, pain_before, pain_after, hold_warn_s, ceiling_deg FROM sessions')"
# a side the prescription does not include (Ann works her right leg only):
# refused, exit 2, said, nothing saved
n=$(q "SELECT count(*) FROM sessions")
expect 2 "$prog" run --headless --simulate --speed 2000 --seconds 20 --patient "Ann Lee" --side left --history "$db"
grep -q -- "--side left" "$tmp/err" || fail "the side outside the prescription not said: $(cat "$tmp/err")"
[ "$(q "SELECT count(*) FROM sessions")" = "$n" ] || fail "a session saved on a side the patient does not work"
# the last symptom cannot be read (a damaged copy: no marks table): the run
# stops, exit 1, rather than run without the ceiling kept below it
cp "$db" "$tmp/broken.sqlite3"
sqlite3 "$tmp/broken.sqlite3" "DROP TABLE marks"
expect 1 "$prog" run --headless --simulate --speed 2000 --seconds 20 --patient "Ann Lee" --history "$tmp/broken.sqlite3"
grep -q "last symptom" "$tmp/err" || fail "an unreadable last symptom not said: $(cat "$tmp/err")"
# a session of nobody and one of another patient on the left side
expect 0 "$prog" run --headless --simulate --speed 2000 --seconds 20 --history "$db"
expect 0 "$prog" patient add "Cy" --db "$db"
expect 0 "$prog" run --headless --simulate --speed 2000 --seconds 20 --patient "Cy" --side left --history "$db"
[ "$(q "SELECT DISTINCT side FROM sessions WHERE patient_id = (SELECT id FROM patients WHERE name = 'Cy')")" = left ] ||
	fail "--side left not saved"
# unknown patient: exit 2, said, nothing saved
n=$(q "SELECT count(*) FROM sessions")
expect 2 "$prog" run --headless --simulate --speed 2000 --seconds 20 --patient "Nobody" --history "$db"
grep -q "no patient 'Nobody'" "$tmp/err" || fail "unknown patient not said: $(cat "$tmp/err")"
[ "$(q "SELECT count(*) FROM sessions")" = "$n" ] || fail "an unknown patient's run saved a session"

# --- history --patient NAME --csv: Ann's sessions only, with side and pain ---
expect 0 "$prog" history --patient "Ann Lee" --csv --db "$db"
cp "$tmp/out" "$tmp/ann.csv"
# columns by their header names
col() { head -n 1 "$tmp/ann.csv" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
for c in id patient side pain_before pain_after; do [ -n "$(col "$c")" ] || fail "no $c column"; done
tail -n +2 "$tmp/ann.csv" | awk -F, -v i="$(col id)" -v p="$(col patient)" -v s="$(col side)" \
	-v b="$(col pain_before)" -v a="$(col pain_after)" '{ print $i "|" $p "|" $s "|" $b "|" $a }' >"$tmp/got"
q "SELECT id, 'Ann Lee', 'right', 3, 1 FROM sessions WHERE patient_id = $pid ORDER BY started_at, id" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/got" || fail "history --patient --csv: $(cat "$tmp/got") want $(cat "$tmp/want")"
# the plain CSV has everyone's, a patient's name empty where none
expect 0 "$prog" history --csv --db "$db"
[ "$(($(grep -c . "$tmp/out") - 1))" = "$(q 'SELECT count(*) FROM sessions')" ] || fail "history --csv lost sessions"
expect 2 "$prog" history --patient "Nobody" --csv --db "$db"

# --- names a spreadsheet would run as formulas stay text (app/csv.h) ---
# Excel and LibreOffice run a cell starting with = + - @ TAB or CR: the
# export puts a ' before it. The oracle: python3's csv module reads the file
# (RFC 4180, not our code), the names are the ones given here, the counts
# sqlite3's; the numbers around them stay numbers.
command -v python3 >/dev/null || fail "no python3 to read the CSV with"
for p in "=1+1" "@SUM(A1)"; do
	expect 0 "$prog" patient add "$p" --db "$db"
	expect 0 "$prog" run --headless --simulate --speed 2000 --seconds 20 --patient "$p" --history "$db"
done
# csv_names FILE: "patient|sessions" per name, in any order; fails on a cell that
# would run as a formula or a number column that is not a number
csv_names() {
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="") as f:
    rows = list(csv.DictReader(f))
names = {}
for r in rows:
    names[r["patient"]] = names.get(r["patient"], 0) + 1
    for k, v in r.items():
        if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
            sys.exit("%s = %r would run as a formula" % (k, v))
    for k in ("id", "reps", "work_s", "duration_s"):
        float(r[k])
for n in names:
    print("%s|%d" % (n, names[n]))
' "$1"
}
# the names as given, with the mark before the two formulas
quoted() { sed -e "s/^=1+1|/'=1+1|/" -e "s/^@SUM(A1)|/'@SUM(A1)|/" | LC_ALL=C sort; }
expect 0 "$prog" history --csv --db "$db"
csv_names "$tmp/out" >"$tmp/got.u" || fail "history --csv: $(cat "$tmp/got.u")"
LC_ALL=C sort "$tmp/got.u" >"$tmp/got"
q "SELECT ifnull(p.name, ''), count(*) FROM sessions s LEFT JOIN patients p ON p.id = s.patient_id GROUP BY 1" |
	quoted >"$tmp/want"
grep -q "^'=1+1|[1-9]" "$tmp/want" || fail "no session of =1+1"
grep -q "^'@SUM(A1)|[1-9]" "$tmp/want" || fail "no session of @SUM(A1)"
cmp -s "$tmp/want" "$tmp/got" || fail "history --csv names: $(cat "$tmp/got") want $(cat "$tmp/want")"
expect 0 "$prog" history --patient "=1+1" --csv --db "$db"
csv_names "$tmp/out" >"$tmp/got.u" || fail "history --patient --csv: $(cat "$tmp/got.u")"
LC_ALL=C sort "$tmp/got.u" >"$tmp/got"
q "SELECT p.name, count(*) FROM sessions s JOIN patients p ON p.id = s.patient_id WHERE p.name = '=1+1'" |
	quoted >"$tmp/want"
cmp -s "$tmp/want" "$tmp/got" || fail "history --patient =1+1 --csv: $(cat "$tmp/got") want $(cat "$tmp/want")"

# --- archive, rename, list ---
expect 0 "$prog" patient archive "Cy" --db "$db"
expect 0 "$prog" patient list --db "$db"
grep -q "^Cy" "$tmp/out" && fail "an archived patient listed"
expect 0 "$prog" patient list --all --db "$db"
grep -q "^Cy (archived)" "$tmp/out" || fail "list --all without the archived: $(cat "$tmp/out")"
expect 0 "$prog" history --patient "Cy" --csv --db "$db"   # the archived one's sessions are kept
[ "$(($(grep -c . "$tmp/out") - 1))" -ge 1 ] || fail "an archived patient's sessions gone"
expect 0 "$prog" patient rename "Ann Lee" "Ann L" --db "$db"
[ "$(q "SELECT name FROM patients WHERE id = $pid")" = "Ann L" ] || fail "rename"
# restore: only an archived patient; with a new active "Cy" too, restore
# must not answer "restored" while the archived Cy stays archived
expect 0 "$prog" patient add "Cy" --db "$db"
expect 2 "$prog" patient restore "Cy" --db "$db"
grep -q "another patient has that name" "$tmp/err" || fail "restore over an active name not said: $(cat "$tmp/err")"
[ "$(q "SELECT count(*) FROM patients WHERE name = 'Cy' AND archived = 1")" = 1 ] || fail "restore: archived Cy changed"
expect 2 "$prog" patient restore "Ann L" --db "$db"   # not archived: nothing to restore
grep -q "not archived" "$tmp/err" || fail "restore of an active patient not refused: $(cat "$tmp/err")"

echo "test_patient_cli.sh: ok ($runs sessions of the patient saved and listed)"
