#!/bin/sh
# stretchrep doctor from the outside, on fake trees (--root, $STRETCHREP_ROOT):
# the exit status, the lines and their fixes, and the kiosk's start line.
# The oracle is the tree each case builds (tests/test_doctor.c checks every
# line against it; here: the command's contract).
set -u
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# An empty tree (this machine's case: no config.txt, no I2C, no GPIO chip):
# exit 1, I2C named first with raspi-config, the GPIO chip named.
mkdir -p "$tmp/empty"
"$prog" doctor --root "$tmp/empty" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || bad "empty tree: exit $rc (want 1)"
head -n 1 "$tmp/out" | grep -q '^FAIL  I2C enabled' || bad "empty tree: first line: $(head -n 1 "$tmp/out")"
grep -q 'fix: sudo raspi-config nonint do_i2c 0 && sudo reboot' "$tmp/out" || bad "no raspi-config fix"
grep -q '^FAIL  I2C bus *no /dev/i2c-1' "$tmp/out" || bad "no I2C bus line"
grep -q '^FAIL  GPIO chip *no /dev/gpiochip' "$tmp/out" || bad "no GPIO chip line"
grep -q '^SKIP  sensor' "$tmp/out" || bad "the sensor is tried without a bus"
[ "$(grep -c '^FAIL' "$tmp/out")" = "$(grep -c '^ *fix: ' "$tmp/out")" ] || bad "a FAIL without its fix"
[ -s "$tmp/err" ] && bad "stderr: $(cat "$tmp/err")"
cat "$tmp/out"

# The same tree through the environment; the kiosk's start says the first
# failure once on stderr (and on its start screen: test_ui, test_kiosk).
STRETCHREP_ROOT="$tmp/empty" "$prog" doctor >"$tmp/out2" 2>&1
cmp -s "$tmp/out" "$tmp/out2" || bad "STRETCHREP_ROOT is not --root"
if [ ! -e /dev/i2c-1 ]; then
	STRETCHREP_ROOT="$tmp/empty" STATE_DIRECTORY="$tmp/state" "$prog" run --headless --seconds 1 --speed 100 \
		>/dev/null 2>"$tmp/run.err"
	grep -q '^stretchrep run: setup: I2C enabled: .*; fix: sudo raspi-config nonint do_i2c 0 && sudo reboot' \
		"$tmp/run.err" || bad "run does not say the first failing check: $(cat "$tmp/run.err")"
	# a tree with I2C, the sound device and this user's groups: nothing to say
	t=$tmp/pi
	mkdir -p "$t/boot/firmware" "$t/sys/module/i2c_dev" "$t/dev/snd" "$t/etc"
	echo dtparam=i2c_arm=on >"$t/boot/firmware/config.txt"
	: >"$t/dev/i2c-1"
	: >"$t/dev/snd/pcmC0D0p"
	me=$(id -un)
	printf '%s:x:%s:%s::/:/bin/sh\n' "$me" "$(id -u)" "$(id -g)" >"$t/etc/passwd"
	for g in i2c gpio video render input audio; do echo "$g:x:$((900 + ${#g})):$me"; done >"$t/etc/group"
	STRETCHREP_ROOT="$t" STATE_DIRECTORY="$tmp/state" "$prog" run --headless --seconds 1 --speed 100 \
		>/dev/null 2>"$tmp/run.err"
	grep -q 'setup:' "$tmp/run.err" && bad "run names a check the tree passes: $(cat "$tmp/run.err")"
fi

# The sensor's bus held open by another process (the kiosk's I/O thread):
# not probed (a probe resets the chip under a running session), and that
# process named; free, it is probed (a regular file: not an I2C bus).
t=$(cd "$tmp" && pwd -P)/held
mkdir -p "$t/dev"
: >"$t/dev/i2c-1"
"$prog" doctor --root "$t" >"$tmp/free.out" 2>&1
# (the kernel says ENOTTY for a regular file, qemu-user ENOSYS: both are not a bus)
grep -q '^FAIL  sensor *sensor on /dev/i2c-1: not an I2C bus' "$tmp/free.out" ||
	bad "a free bus node is not probed: $(grep sensor "$tmp/free.out")"
# (the tree's /proc: a process whose descriptor 3 is the bus, as the kernel shows it)
mkdir -p "$t/proc/4242/fd"
ln -s /dev/i2c-1 "$t/proc/4242/fd/3"
"$prog" doctor --root "$t" >"$tmp/held.out" 2>&1
grep -q "^SKIP  sensor *.*/dev/i2c-1 is open in process 4242" "$tmp/held.out" ||
	bad "a held bus is probed: $(grep sensor "$tmp/held.out")"

# usage
"$prog" doctor --root "$tmp/none" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && grep -q "not a directory" "$tmp/err" || bad "--root missing: exit $rc, $(cat "$tmp/err")"
"$prog" doctor --config "$tmp/none.conf" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && grep -q "none.conf" "$tmp/err" || bad "--config missing: exit $rc, $(cat "$tmp/err")"
"$prog" doctor --frobnicate >/dev/null 2>&1
[ $? = 2 ] || bad "unknown option not a usage error"
"$prog" doctor --help | grep -q 'usage: stretchrep doctor' || bad "--help"
[ "$fail" = 0 ] && echo "test_doctor.sh: ok"
exit "$fail"
