#!/bin/sh
# `stretchrep report` on a real history: sessions of the simulated patient
# (run --headless --simulate), given to two patients, days apart, with pain
# ratings and SLR results, all written with the sqlite3 CLI. The PDF is
# read back by poppler (pdftotext): the patient's name, the dates, and for
# each of their sessions a table row whose numbers sqlite3 computes from
# the database (best and mean peak, work time; holds and warned holds
# counted in the holds table, not the sessions' own columns); the other
# patient's session is not in it. pdftoppm renders the page (REPORT_PNG=FILE
# keeps it to look at). Bad input: an unknown patient, a missing --db file,
# a directory or symbolic link as -o.
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }
export TZ=UTC
db=$tmp/h.sqlite3

"$prog" run --headless --simulate --speed 2000 --seconds 600 --history "$db" >/dev/null 2>"$tmp/run.err" ||
	{ echo "test_report.sh: run: $(cat "$tmp/run.err")" >&2; exit 1; }
n=$(sqlite3 "$db" 'SELECT count(*) FROM sessions')
[ "$n" -ge 4 ] || { echo "test_report.sh: only $n sessions from the run" >&2; exit 1; }
# Ann has every session but the last (a day apart from 2 Mar 2026 09:00,
# sides alternating, pain rated on all but the first); Bob the last one.
sqlite3 "$db" "
INSERT INTO patients (id, name, created_at) VALUES (1, 'Ann Example', 1772000000), (2, 'Bob Other', 1772000000);
UPDATE sessions SET started_at = 1772442000 + (id - 1) * 86400, ended_at = 1772442000 + (id - 1) * 86400 + 150,
       patient_id = 1, side = CASE id % 2 WHEN 1 THEN 'left' ELSE 'right' END,
       pain_before = CASE WHEN id > 1 THEN (id * 3) % 11 END, pain_after = CASE WHEN id > 1 THEN id % 4 END;
UPDATE sessions SET patient_id = 2, started_at = started_at + 1800 WHERE id = (SELECT max(id) FROM sessions);
INSERT INTO slr (patient_id, side, taken_at, trial1_deg, trial2_deg) VALUES
  (1, 'left', 1772442000, 52, 56), (1, 'right', 1772442000, 60, 58),
  (1, 'left', 1772442000 + 3 * 86400, 57, 60), (1, 'right', 1772442000 + 3 * 86400, 61, 64),
  (2, 'left', 1772442000, 20, 22);" || { echo "test_report.sh: sqlite3 failed" >&2; exit 1; }

out=$tmp/ann.pdf
"$prog" report --patient 'Ann Example' -o "$out" --db "$db" 2>"$tmp/err" || bad "report: $(cat "$tmp/err")"
pdftotext -layout "$out" "$tmp/ann.txt" || bad "pdftotext could not read the report"
grep -q 'Ann Example' "$tmp/ann.txt" || bad "no patient name"
grep -q 'Bob Other' "$tmp/ann.txt" && bad "the other patient's name"
ann=$((n - 1))
want=$(sqlite3 "$db" "SELECT strftime('%d %b %Y', min(started_at), 'unixepoch') || ' to ' ||
	strftime('%d %b %Y', max(started_at), 'unixepoch') FROM sessions WHERE patient_id = 1")
grep -q "$want: $ann sessions, 4 SLR results" "$tmp/ann.txt" || bad "no '$want: $ann sessions, 4 SLR results'"
# one row per session, newest first (at most ten), every column from sqlite3
sqlite3 -separator ' ' "$db" "
SELECT strftime('%Y-%m-%d %H:%M', s.started_at, 'unixepoch'), s.side, s.reps,
       printf('%.1f°', s.best_peak_deg), printf('%.1f°', s.mean_peak_deg),
       printf('%d:%02d', CAST(s.work_s AS INTEGER) / 60, CAST(s.work_s AS INTEGER) % 60),
       (SELECT count(*) FROM holds h WHERE h.session_id = s.id),
       (SELECT count(*) FROM holds h WHERE h.session_id = s.id AND h.warned),
       coalesce(s.pain_before, '-') || ' / ' || coalesce(s.pain_after, '-')
FROM sessions s WHERE s.patient_id = 1 ORDER BY s.started_at DESC LIMIT 10" >"$tmp/rows"
[ "$(grep -c . "$tmp/rows")" = "$ann" ] || bad "sqlite3 found $(grep -c . "$tmp/rows") of Ann's sessions"
while read -r day time side reps best mean work holds warned pb slash pa; do
	pat="$day $time +$side +$reps +$best +$mean +$work +$holds +$warned +$pb *$slash *$pa\$"
	grep -Eq "^ *$pat" "$tmp/ann.txt" || bad "no row like '$pat'"
done <"$tmp/rows"
grep -c '°.*°' "$tmp/ann.txt" | { read -r c; [ "$c" -ge "$ann" ] || bad "$c rows with two angles"; }
bob=$(sqlite3 "$db" "SELECT strftime('%Y-%m-%d %H:%M', started_at, 'unixepoch') FROM sessions WHERE patient_id = 2")
grep -q "$bob" "$tmp/ann.txt" && bad "Bob's session ($bob) is in Ann's report"
# the headline: the newest SLR of each side, the mean of its trials
for side in left right; do
	v=$(sqlite3 "$db" "SELECT printf('%.1f°', (trial1_deg + trial2_deg) / 2) FROM slr WHERE patient_id = 1 AND
		side = '$side' ORDER BY taken_at DESC LIMIT 1")
	grep -q "SLR $side $v" "$tmp/ann.txt" || bad "no 'SLR $side $v'"
done
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$out" "$tmp/page" || bad "pdftoppm could not render the page"
[ -s "$tmp/page.png" ] || bad "no PNG of the page"
[ -z "${REPORT_PNG:-}" ] || cp "$tmp/page.png" "$REPORT_PNG"

# bad input
expect() {   # STATUS WORDS CMD...: exits STATUS and says WORDS on stderr
	st=$1 words=$2
	shift 2
	"$@" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = "$st" ] || bad "$* exited $rc, not $st: $(cat "$tmp/err")"
	grep -qF -- "$words" "$tmp/err" || bad "$*: no '$words' in: $(cat "$tmp/err")"
}
expect 2 "no patient called 'Nobody'" "$prog" report --patient Nobody -o "$tmp/n.pdf" --db "$db"
[ -e "$tmp/n.pdf" ] && bad "a report for an unknown patient was written"
expect 2 "$tmp/none.sqlite3: no such file" "$prog" report --patient 'Ann Example' -o "$tmp/n.pdf" --db "$tmp/none.sqlite3"
expect 2 "--patient NAME is required" "$prog" report -o "$tmp/n.pdf" --db "$db"
expect 2 "-o FILE.pdf is required" "$prog" report --patient 'Ann Example' --db "$db"
mkdir "$tmp/dir.pdf"
expect 1 "$tmp/dir.pdf: is a directory" "$prog" report --patient 'Ann Example' -o "$tmp/dir.pdf" --db "$db"
echo keep >"$tmp/target"
ln -s "$tmp/target" "$tmp/link.pdf"
expect 1 "$tmp/link.pdf: is a symbolic link" "$prog" report --patient 'Ann Example' -o "$tmp/link.pdf" --db "$db"
[ "$(cat "$tmp/target")" = keep ] || bad "the symbolic link's target was written"

[ "$fail" = 0 ] && echo "test_report.sh: ok ($ann sessions of Ann in the report)"
exit "$fail"
