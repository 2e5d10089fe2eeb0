#!/bin/sh
# gpio-test on a machine without a Raspberry Pi GPIO chip: exit 1 and a
# plain message; bad options: exit 2.
set -u
prog=${STRETCHREP:-build/stretchrep}
fail=0

check() {
	want=$1 pattern=$2
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	got=$?
	if [ "$got" -ne "$want" ] || ! printf '%s\n' "$err" | grep -q -- "$pattern"; then
		echo "FAIL: $* -> exit $got (want $want): $err"
		fail=1
	else
		echo "ok: $* -> $got"
	fi
}

if ! ls /dev/gpiochip* >/dev/null 2>&1; then
	check 1 "no GPIO chip labelled pinctrl-bcm2835, pinctrl-bcm2711 or pinctrl-rp1" "$prog" gpio-test --seconds 1
fi
check 2 "used once" "$prog" gpio-test --led 17
check 2 "bad option" "$prog" gpio-test --frob
check 2 "out of range" "$prog" gpio-test --buzzer 5000
exit $fail
