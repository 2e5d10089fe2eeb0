#!/bin/sh
# The settings' documents are made from the program's one table of settings
# (app/config.c), never written by hand: README's settings table is
# `check-config --markdown`, assets/stretchrep.conf is `check-config --dump`
# of the defaults, and no line of README states a sensor rate default other
# than the table's. `make settings-docs` rewrites both files.
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

"$prog" check-config --markdown >"$tmp/table.md" || { echo "FAIL: check-config --markdown"; exit 1; }
sed -n '/^<!-- settings table:/,/^<!-- end of settings table -->/p' README.md | sed '1d;$d' >"$tmp/readme.md"
if [ ! -s "$tmp/readme.md" ]; then
	echo "FAIL: README.md has no settings table between its markers"
	fail=1
elif ! diff -u "$tmp/readme.md" "$tmp/table.md"; then
	echo "FAIL: README.md's settings table differs from check-config --markdown (make settings-docs)"
	fail=1
else
	echo "ok: README's settings table is the program's ($(grep -c '^| `' "$tmp/table.md") keys)"
fi

"$prog" check-config --dump /dev/null >"$tmp/dump.conf" || { echo "FAIL: check-config --dump"; exit 1; }
if ! diff -u assets/stretchrep.conf "$tmp/dump.conf"; then
	echo "FAIL: assets/stretchrep.conf differs from check-config --dump of the defaults (make settings-docs)"
	fail=1
else
	echo "ok: assets/stretchrep.conf is the program's defaults"
fi

rate=$(sed -n 's/^rate_hz = //p' "$tmp/dump.conf")
bad=$(grep -n 'Hz by default' README.md | grep -v "[^0-9.]$rate Hz by default")
if [ -n "$bad" ]; then
	echo "FAIL: README states another default sensor rate than [sensor] rate_hz = $rate: $bad"
	fail=1
else
	echo "ok: README's default sensor rate is $rate Hz"
fi
exit $fail
