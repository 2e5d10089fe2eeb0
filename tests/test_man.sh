#!/bin/sh
# assets/man/stretchrep.1: man -l renders it without a warning, and every command
# the program lists in `stretchrep --help` (its command table, the oracle)
# has its own entry under COMMANDS. The .deb's gzipped copy is checked by
# make deb-check.
set -eu
prog=${STRETCHREP:-build/stretchrep}
page=$(dirname "$0")/../assets/man/stretchrep.1
if ! command -v man >/dev/null 2>&1; then
	echo "test_man: no man here (man-db): skipped"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
MANWIDTH=80 man --warnings -l "$page" >"$tmp/out" 2>"$tmp/err"
if [ -s "$tmp/err" ]; then
	echo "test_man: man -l $page warns:" >&2
	cat "$tmp/err" >&2
	exit 1
fi
# The rendered COMMANDS section: each entry's first line is 7 spaces and the
# command's name.
sed -n '/^COMMANDS/,/^[A-Z]/p' "$tmp/out" >"$tmp/commands"
"$prog" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >"$tmp/names"
n=$(wc -l <"$tmp/names")
[ "$n" -ge 9 ] || { echo "test_man: only $n commands in '$prog --help'" >&2; exit 1; }
missing=""
while read -r c; do
	grep -Eq "^       $c( |\$)" "$tmp/commands" || missing="$missing $c"
done <"$tmp/names"
if [ -n "$missing" ]; then
	echo "test_man: no entry in the man page for:$missing" >&2
	exit 1
fi
echo "test_man: man -l renders the page; all $n commands have an entry: ok"
