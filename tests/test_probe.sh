#!/bin/sh
# probe and record on a machine without I2C: non-zero exit, one plain message.
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
holder=
trap '[ -z "$holder" ] || kill "$holder" 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0
# systemctl, as the tools ask it whether the kiosk's unit runs: a stand-in
# that logs its arguments and answers $KIOSK_ACTIVE (3: inactive, as
# systemctl is-active says; 0: active), so that no real kiosk on this
# machine changes the answers below
mkdir -p "$tmp/bin"
# shellcheck disable=SC2016 # the stand-in's own $* and $KIOSK_ACTIVE, expanded when it runs
printf '#!/bin/sh\necho "$*" >>"%s/systemctl.log"\n[ -z "${KIOSK_HANG:-}" ] || exec sleep 60\nexit "${KIOSK_ACTIVE:-3}"\n' "$tmp" >"$tmp/bin/systemctl"
chmod +x "$tmp/bin/systemctl"
PATH=$tmp/bin:$PATH
export PATH

# expect STATUS PATTERN command...: exit status and a line on stderr
expect() {
	want=$1 pattern=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -ne "$want" ] || ! grep -q -- "$pattern" "$tmp/err"; then
		echo "FAIL: $* -> exit $got (want $want), stderr:"; cat "$tmp/err"
		fail=1
	else
		echo "ok: $* -> $got: $(head -n 1 "$tmp/err")"
	fi
}

nobus=/dev/i2c-stretchrep-test-none
expect 1 "I2C is off (no $nobus): sudo raspi-config nonint do_i2c 0, then reboot" "$prog" probe --bus "$nobus"
expect 1 "I2C is off (no $nobus): sudo raspi-config nonint do_i2c 0, then reboot" "$prog" record --bus "$nobus" --seconds 1 -o "$tmp/t.csv"
[ -e "$tmp/t.csv" ] && { echo "FAIL: record left a file behind"; fail=1; }
# -o is checked before the sensor: never through a symbolic link (safe_file.h)
ln -s "$tmp/t.csv" "$tmp/link.csv"
expect 1 "$tmp/link.csv: is a symbolic link" "$prog" record --bus "$nobus" --seconds 1 -o "$tmp/link.csv"
[ -e "$tmp/t.csv" ] && { echo "FAIL: record wrote through a symbolic link"; fail=1; }
ls -a "$tmp" | grep -q part && { echo "FAIL: record left a temporary file: $(ls -a "$tmp")"; fail=1; }
if [ ! -e /dev/i2c-1 ]; then
	expect 1 "I2C is off" "$prog" probe
	expect 1 "I2C is off" "$prog" record --seconds 1
fi
# a device that is not an I2C adapter (--force: /dev/null is open in other
# processes, so the bus check below would refuse before the open)
expect 1 "sensor on /dev/null" "$prog" probe --bus /dev/null --force
# permission denied: as an unprivileged user, when we can become one and it
# can run the program (not so under an emulator when the checkout is private:
# qemu must read the program, through a directory nobody may enter)
nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
   ! $nobody "$prog" --version >/dev/null 2>&1; then
	echo "skipped: user 65534 cannot run $prog here"
elif [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	touch "$tmp/i2c-locked" && chmod 600 "$tmp/i2c-locked" && chmod 755 "$tmp"
	expect 1 "add this user to the i2c group" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$prog" probe --bus "$tmp/i2c-locked"
fi
# The bus held open by another process (the kiosk's I/O thread keeps it
# open for its whole session, and a probe or a recording resets the chip
# under it): refused, exit 1, that process named with the way out, nothing
# written; --force goes on. The holder is a real process: sleep, with a
# regular file standing in for the bus on its descriptor 3; free, the same
# file is opened and found to be no I2C bus, so the refusal is the holder's.
bus=$tmp/i2c-held
: >"$bus"
sleep 60 3<"$bus" &
holder=$!
i=0
while [ ! -e "/proc/$holder/fd/3" ] && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
refused="$bus is open in process $holder (sleep): .*systemctl stop stretchrep.*--force"
expect 1 "$refused" "$prog" probe --bus "$bus"
grep -q "not an I2C bus" "$tmp/err" && { echo "FAIL: probe opened a held bus"; fail=1; }
expect 1 "$refused" "$prog" record --bus "$bus" --seconds 1 -o "$tmp/held.csv"
[ -e "$tmp/held.csv" ] && { echo "FAIL: a refused record wrote a file"; fail=1; }
# through a symbolic link to it, as /dev/i2c-N may be named: the same node
ln -s "$bus" "$tmp/i2c-link"
expect 1 "$tmp/i2c-link is open in process $holder (sleep)" "$prog" probe --bus "$tmp/i2c-link"
# the settings' bus, as the kiosk's file names it
printf '[sensor]\nbus = %s\n' "$bus" >"$tmp/held.conf"
expect 1 "$refused" "$prog" probe --config "$tmp/held.conf"
# --force: said, then the bus is opened (a regular file: not an I2C bus)
expect 1 "--force: $bus is open in process $holder (sleep); going on" "$prog" probe --bus "$bus" --force
grep -q "not an I2C bus" "$tmp/err" || { echo "FAIL: probe --force did not open the bus: $(cat "$tmp/err")"; fail=1; }
expect 1 "--force: $bus is open in process $holder" "$prog" record --bus "$bus" --force --seconds 1 -o "$tmp/held.csv"
kill "$holder"
wait "$holder" 2>/dev/null
holder=
expect 1 "not an I2C bus" "$prog" probe --bus "$bus"
grep -q "is open in process" "$tmp/err" && { echo "FAIL: a free bus refused: $(cat "$tmp/err")"; fail=1; }
# The kiosk's unit running (systemd says so; its process, and so its open
# bus, is hidden from other users by ProtectProc=invisible): refused too,
# naming the unit; --force goes on; a bus that does not exist is not asked
# about (the open says I2C is off)
rm -f "$tmp/systemctl.log"
expect 1 "the kiosk (stretchrep.service) is running.*systemctl stop stretchrep.*--force" env KIOSK_ACTIVE=0 \
	"$prog" probe --bus "$bus"
grep -q "not an I2C bus" "$tmp/err" && { echo "FAIL: probe opened the running kiosk's bus"; fail=1; }
[ "$(cat "$tmp/systemctl.log")" = "is-active --quiet stretchrep.service" ] ||
	{ echo "FAIL: systemctl asked: $(cat "$tmp/systemctl.log")"; fail=1; }
expect 1 "the kiosk (stretchrep.service) is running" env KIOSK_ACTIVE=0 "$prog" record --bus "$bus" --seconds 1 -o "$tmp/held.csv"
[ -e "$tmp/held.csv" ] && { echo "FAIL: a refused record wrote a file"; fail=1; }
expect 1 "not an I2C bus" env KIOSK_ACTIVE=0 "$prog" probe --bus "$bus" --force
grep -q -- "--force: the kiosk (stretchrep.service) is running; going on" "$tmp/err" ||
	{ echo "FAIL: --force not said: $(cat "$tmp/err")"; fail=1; }
# a systemd that never answers: probe gives up on it (a few seconds) and
# goes on as if the kiosk were not running; timeout(1) tells a hang
expect 1 "not an I2C bus" env KIOSK_HANG=1 timeout 30 "$prog" probe --bus "$bus"
rm -f "$tmp/systemctl.log"
expect 1 "I2C is off (no $nobus)" env KIOSK_ACTIVE=0 "$prog" probe --bus "$nobus"
[ -e "$tmp/systemctl.log" ] && { echo "FAIL: systemctl asked about a bus that is not there"; fail=1; }
# usage errors
expect 2 "out of range" "$prog" record --seconds -1
expect 2 "unrecognized option" "$prog" probe --frobnicate
expect 2 "unrecognized option" "$prog" record --frobnicate
# probe and record read the kiosk's settings, or --config FILE: the bus (and
# address, rate, ranges) of [sensor]; an option still wins
printf '[sensor]\nbus = %s\n' "$nobus" >"$tmp/s.conf"
expect 1 "I2C is off (no $nobus)" "$prog" probe --config "$tmp/s.conf"
expect 1 "I2C is off (no $nobus)" "$prog" record --config "$tmp/s.conf" --seconds 1 -o "$tmp/t.csv"
expect 1 "sensor on /dev/null" "$prog" probe --config "$tmp/s.conf" --bus /dev/null --force
expect 2 "No such file" "$prog" probe --config "$tmp/missing.conf"
# the rate takes the settings' range
expect 2 "out of range \[25, 1000\]" "$prog" probe --rate 10
exit $fail
