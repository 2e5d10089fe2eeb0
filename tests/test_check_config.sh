#!/bin/sh
# check-config and analyze --config through the program: exit status and
# the FILE:LINE: key: reason lines, against hand-written files.
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # description, expected, actual
	if [ "$2" != "$3" ]; then
		echo "FAIL: $1: expected '$2', got '$3'"
		fail=1
	fi
}

"$prog" check-config assets/stretchrep.conf >"$tmp/out" 2>"$tmp/err"
check "shipped file status" 0 $?
check "shipped file output" "assets/stretchrep.conf: ok" "$(cat "$tmp/out")"
check "shipped file stderr" "" "$(cat "$tmp/err")"

printf '[motion]\nhold_warn_s = 2\n\n[audio]\nvolume = loud\nbass = 3\n[session]\nwork_target_s = 90\n' >"$tmp/bad.conf"
"$prog" check-config "$tmp/bad.conf" >"$tmp/out" 2>"$tmp/err"
check "bad file status" 2 $?
check "bad file messages" "$tmp/bad.conf:2: hold_warn_s: 2 is out of range [3, 60]; using the default
$tmp/bad.conf:5: volume: 'loud' is not a whole number; using the default
$tmp/bad.conf:6: bass: unknown key in [audio]" "$(cat "$tmp/err")"
check "bad file stdout" "" "$(cat "$tmp/out")"

# --dump shows the defaults in place of the bad keys, and reads back clean
"$prog" check-config --dump "$tmp/bad.conf" >"$tmp/dump.conf" 2>/dev/null
grep -q '^hold_warn_s = 10$' "$tmp/dump.conf"
check "dump keeps the default" 0 $?
grep -q '^work_target_s = 90$' "$tmp/dump.conf"
check "dump keeps good keys" 0 $?
"$prog" check-config "$tmp/dump.conf" >/dev/null 2>&1
check "dump reads back clean" 0 $?

"$prog" check-config "$tmp/missing.conf" >/dev/null 2>"$tmp/err"
check "missing file status" 2 $?
check "missing file message" "$tmp/missing.conf: No such file or directory; using the defaults" "$(cat "$tmp/err")"

"$prog" check-config a b >/dev/null 2>&1
check "two files: usage" 2 $?

# analyze --config: the file's threshold is used; --hold-warn still wins
trace=$(ls "${STRETCHREP_DATA:-../shared/data}"/*/*_test.csv 2>/dev/null | head -1)
if [ -n "$trace" ]; then
	printf '[motion]\nhold_warn_s = 3\n' >"$tmp/h3.conf"
	a=$("$prog" analyze --hold-warn 3 "$trace" | head -1)
	b=$("$prog" analyze --config "$tmp/h3.conf" "$trace" | head -1)
	check "analyze --config = --hold-warn" "$a" "$b"
	a=$("$prog" analyze "$trace" | head -1)
	b=$("$prog" analyze --config "$tmp/h3.conf" --hold-warn 10 "$trace" | head -1)
	check "--hold-warn over --config" "$a" "$b"
	"$prog" analyze --config "$tmp/bad.conf" "$trace" >"$tmp/out" 2>/dev/null
	check "analyze with a bad config" 2 $?
	check "analyze with a bad config prints nothing" "" "$(cat "$tmp/out")"
else
	echo "skipped: analyze --config (no trace under STRETCHREP_DATA)"
fi

[ $fail = 0 ] && echo "check-config: all passed"
exit $fail
