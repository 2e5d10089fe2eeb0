#!/bin/sh
# Installs what `make cross-test ARCH=...` needs on Debian: the foreign
# architecture, the cross compiler, qemu-user and the -dev packages (of that
# architecture) of every library the project links. Does nothing when all are
# there; through sudo when not root.
#   tests/cross/deps.sh DEBARCH GNU_TRIPLET PKG...
# PKG names are native package names; ":DEBARCH" is appended here.
set -eu
arch=$1
triplet=$2
shift 2

sudo=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || { echo "cross-deps: need root or sudo" >&2; exit 1; }
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
# Other apt users on the machine: wait for their lock instead of failing.
apt="$sudo apt-get -o DPkg::Lock::Timeout=600 -y -q --no-install-recommends"

want="gcc-$triplet qemu-user"
for p in "$@"; do
	want="$want $p:$arch"
done
missing=""
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

updated=0
if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
	echo "cross-deps: dpkg --add-architecture $arch"
	$sudo dpkg --add-architecture "$arch"
	$apt update
	updated=1
fi
echo "cross-deps: installing$missing"
# shellcheck disable=SC2086
if ! $apt install $missing; then
	[ "$updated" = 1 ] || $apt update
	$apt install $missing
fi
