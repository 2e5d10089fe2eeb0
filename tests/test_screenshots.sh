#!/bin/sh
# The README's pictures are what the code draws: each one listed in
# assets/screenshots/shots is drawn again (`stretchrep screenshot`, as
# `make screenshots` does) and must be the same file, byte for byte; every
# picture the README shows is in the list. The oracle is the program's own
# drawing now, against the committed PNG: a change to a screen without
# `make screenshots` fails here.
# Skipped for a foreign build under an emulator (make cross-test): its
# libraries may round floating point differently (fused multiply-add), and
# the README's pictures are the native build's.
set -u
prog=${STRETCHREP:-build/stretchrep}
dir=$(dirname "$0")/../assets/screenshots
readme=$(dirname "$0")/../README.md
case "$prog" in
*-runner) echo "test_screenshots: $prog runs under an emulator: skipped"; exit 0 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
for png in $(grep -o 'assets/screenshots/[A-Za-z0-9_-]*\.png' "$readme" | sort -u); do
	grep -q "^${png#assets/screenshots/} " "$dir/shots" || { echo "FAIL: README shows $png, not in $dir/shots"; fail=1; }
done
grep -v '^#' "$dir/shots" | {
	while read -r f state size; do
		n=$((n + 1))
		if ! SDL_VIDEODRIVER=dummy "$prog" screenshot --state "$state" --size "$size" -o "$tmp/$f" >/dev/null 2>"$tmp/err"; then
			echo "FAIL: screenshot --state $state --size $size: $(cat "$tmp/err")"
			fail=1
		elif ! cmp -s "$tmp/$f" "$dir/$f"; then
			echo "FAIL: assets/screenshots/$f is not what the code draws ($state, $size): make screenshots"
			fail=1
		fi
	done
	[ "$n" -ge 8 ] || { echo "FAIL: only $n pictures listed"; fail=1; }
	[ "$fail" = 0 ] && echo "test_screenshots: $n pictures, each what the code draws: ok"
	exit "$fail"
} || fail=1
exit "$fail"
