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
check 2 "unrecognized option" "$prog" gpio-test --frob
check 2 "out of range" "$prog" gpio-test --buzzer 5000

# The lines come from the settings, the kiosk's file or --config (issue 11:
# gpio-test drove the buzzer on GPIO 18 while the kiosk used 22)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/empty.conf"
printf '[gpio]\nbuzzer_line = 5\nled_line = none\ncalibrate_line = 6\n' >"$tmp/gpio.conf"
printf '[gpio]\nled_line = 17\n' >"$tmp/twice.conf"
lines() { # expected "lines:" line, then the command
	want=$1
	shift
	got=$("$@" 2>/dev/null | head -n 1)
	if [ "$got" = "$want" ]; then
		echo "ok: $* -> $got"
	else
		echo "FAIL: $* -> '$got' (want '$want')"
		fail=1
	fi
}
lines "lines: buttons GPIO17, GPIO27, buzzer GPIO22, LED GPIO23" "$prog" gpio-test --config "$tmp/empty.conf" --seconds 1
lines "lines: buttons GPIO17, GPIO6, buzzer GPIO5, LED none" "$prog" gpio-test --config "$tmp/gpio.conf" --seconds 1
lines "lines: buttons GPIO17, GPIO6, buzzer GPIO7, LED none" "$prog" gpio-test --buzzer 7 --config "$tmp/gpio.conf" --seconds 1
check 2 "used once" "$prog" gpio-test --config "$tmp/twice.conf"
check 2 "No such file" "$prog" gpio-test --config "$tmp/missing.conf"
exit $fail
