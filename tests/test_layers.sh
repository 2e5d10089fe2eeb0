#!/bin/sh
# shellcheck disable=SC2317,SC2046 # judges are called through rule(), by name; folder lists are split on purpose (no spaces)
# The include arrows of the layout (DESIGN.md "Layout", README's map of the
# rooms): each rule greps the #include lines of one room and prints
# "ok   RULE" or one "FAIL RULE: FILE:LINE: #include ..." per offending line.
# Exit status 1 if any rule failed.
#   tests/test_layers.sh [ROOT]      (default: the tree this script is in)
# Quoted includes are written from -Iapp -Idrivers: "core/session.h",
# "source/ring.h", "bus/regbus.h"; a quoted include that names a file under
# drivers/ is a driver header.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
failed=0

# Every #include of the .c/.h files under the given folders, one per line:
# "FILE:LINE KIND TARGET", KIND q ("...") or a (<...>).
includes() {
	find "$@" -type f \( -name '*.c' -o -name '*.h' \) | sort | while read -r f; do
		grep -n '^[[:space:]]*#[[:space:]]*include' "$f" |
			sed -n -e 's|^\([0-9]*\):[^<"]*"\([^"]*\)".*|'"$f"':\1 q \2|p' \
			       -e 's|^\([0-9]*\):[^<"]*<\([^>]*\)>.*|'"$f"':\1 a \2|p'
	done
}

# rule NAME JUDGE FOLDER...: JUDGE FILE:LINE KIND TARGET succeeds when the
# include is allowed there. A rule whose folders hold no source fails too
# (a check that reads nothing proves nothing).
rule() {
	name=$1
	judge=$2
	shift 2
	if [ -z "$(find "$@" -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null | head -1)" ]; then
		echo "FAIL $name: no C files under $*"
		failed=1
		return
	fi
	bad=$(includes "$@" | while read -r where kind target; do
		"$judge" "$where" "$kind" "$target" && continue
		if [ "$kind" = q ]; then
			echo "$where: #include \"$target\""
		else
			echo "$where: #include <$target>"
		fi
	done)
	if [ -n "$bad" ]; then
		printf '%s\n' "$bad" | sed "s|^|FAIL $name: |"
		failed=1
	else
		echo "ok   $name"
	fi
}

is_driver_header() { [ -e "drivers/$1" ]; }

# The C standard library (C11 7.1.2): all the pure core may use besides itself.
is_libc_header() {
	case "$1" in
	assert.h | complex.h | ctype.h | errno.h | fenv.h | float.h | inttypes.h | \
		iso646.h | limits.h | locale.h | math.h | setjmp.h | signal.h | \
		stdalign.h | stdarg.h | stdatomic.h | stdbool.h | stddef.h | stdint.h | \
		stdio.h | stdlib.h | stdnoreturn.h | string.h | tgmath.h | threads.h | \
		time.h | uchar.h | wchar.h | wctype.h) return 0 ;;
	esac
	return 1
}

core_ok() {
	case "$2:$3" in
	q:core/*) return 0 ;;
	a:*) is_libc_header "$3" ;;
	*) return 1 ;;
	esac
}

# forbid: no quoted include of the rooms named in $rooms (nor, when
# $drivers_too is set, of the drivers).
forbid() {
	[ "$2" = q ] || return 0
	for r in $rooms; do
		case "$3" in "$r"/*) return 1 ;; esac
	done
	[ -z "$drivers_too" ] || ! is_driver_header "$3"
}

# app/'s shared modules (config, trace_file): core/ and each other only.
shared_ok() {
	case "$2:$3" in
	q:core/*) return 0 ;;
	q:*/*) return 1 ;;
	esac
	return 0
}

drivers_ok() {
	[ "$2" = a ] || is_driver_header "$3" || [ -e "$(dirname "${1%:*}")/$3" ]
}

drivers_imu_ok() {
	case "$2:$3" in
	q:imu/* | q:bus/*) return 0 ;;
	q:*) [ -e "$(dirname "${1%:*}")/$3" ] || return 1 ;;
	esac
	return 0
}

no_sdl() {
	case "$2:$3" in
	a:SDL*) return 1 ;;
	esac
	return 0
}

no_gpiod() { [ "$2:$3" != a:gpiod.h ]; }

no_mqtt() { [ "$2:$3" != a:mosquitto.h ]; }

no_cjson() {
	case "$2:$3" in
	a:cJSON.h | a:cjson/*) return 1 ;;
	esac
	return 0
}

no_i2c_dev() { [ "$2:$3" != a:linux/i2c-dev.h ]; }

# Every file of app/ and drivers/ but those under the given folders.
others() {
	for d in app/* drivers/*; do
		skip=
		for x in "$@"; do [ "$d" = "$x" ] && skip=y; done
		[ -n "$skip" ] || echo "$d"
	done
}

rule "core/ includes only core/ and the C library" core_ok app/core
rooms="store kiosk cmd source net board" drivers_too=y
rule "ui/ never includes store/, kiosk/, cmd/, source/, net/, board/ or drivers/" forbid app/ui
rooms="ui kiosk cmd source net board" drivers_too=y
rule "store/ never includes ui/, kiosk/, cmd/, source/, net/, board/ or drivers/" forbid app/store
rooms="ui store kiosk cmd net board" drivers_too=
rule "source/ never includes ui/, store/, kiosk/, cmd/, net/ or board/" forbid app/source
rooms="ui kiosk cmd source board" drivers_too=y
rule "net/ never includes ui/, kiosk/, cmd/, source/, board/ or drivers/" forbid app/net
rooms="cmd source" drivers_too=y
rule "board/ never includes cmd/, source/ or drivers/" forbid app/board
rooms="board" drivers_too=
rule "kiosk/ never includes board/" forbid app/kiosk
rule "app/'s shared modules include only core/ and each other" shared_ok $(for f in app/*.c app/*.h; do [ "$f" = app/main.c ] || echo "$f"; done)
rooms="cmd" drivers_too=
rule "only main.c includes cmd/" forbid $(others app/cmd app/main.c)
rule "drivers/ never include app/ headers" drivers_ok drivers
rule "drivers/imu/ includes only drivers/imu/ and drivers/bus/" drivers_imu_ok drivers/imu
rule "only ui/ includes SDL" no_sdl $(others app/ui)
rule "only drivers/gpio/ includes gpiod.h" no_gpiod $(others drivers/gpio)
rule "only net/ includes mosquitto.h" no_mqtt $(others app/net)
# JSON read back by the program: the network's messages, and the kiosk's
# spool of unsaved sessions (kiosk_spool.c)
rule "only net/ and kiosk/kiosk_spool.c include cJSON.h" no_cjson \
	$(others app/net app/kiosk) $(ls app/kiosk/*.[ch] | grep -v '^app/kiosk/kiosk_spool\.c$')
rule "only drivers/bus/ includes linux/i2c-dev.h" no_i2c_dev $(others drivers/bus)

exit $failed
