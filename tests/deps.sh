#!/bin/sh
# Installs the Debian packages named as arguments that are not installed yet.
# Used by `make deps` (and so by run, test and the benches). Through sudo when
# not root; says what it installs; does nothing when all are there.
set -eu

# Installed for this machine's architecture (or Architecture: all): an
# arm64 libsdl2-dev from `make cross-test` does not give the native build its
# SDL.h. A name with ":ARCH" is checked for that ARCH.
native=$(dpkg --print-architecture)
installed() {
	case "$1" in
	*:*) want=${1#*:} ;;
	*) want=$native ;;
	esac
	dpkg-query -W -f='${Status} ${Architecture}\n' "$1" 2>/dev/null |
		grep -Eq "ok installed ($want|all)\$"
}
missing=""
for p in "$@"; do
	installed "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing Debian packages:$missing (and no apt-get here: install them by hand)" >&2
	exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo="sudo"
	else
		echo "deps: need root or sudo to install:$missing" >&2
		exit 1
	fi
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! $sudo apt-get install -y -q --no-install-recommends $missing; then
	$sudo apt-get update -q
	$sudo apt-get install -y -q --no-install-recommends $missing
fi
