#!/bin/sh
# Builds and runs the GPIO tests against the real libgpiod 2.x on a Debian 12
# machine: fetches Debian 13 (trixie)'s libgpiod-dev and libgpiod3 with
# `apt-get download` and unpacks them with `dpkg -x` into a private prefix
# (nothing is installed system-wide). The trixie source is added with pin
# priority 1, so apt never upgrades anything from it on its own.
#   tests/gpiod2.sh PREFIX_DIR       (make gpiod2-test calls it)
set -eu
prefix=${1:-build/gpiod2/root}
debs=$(dirname "$prefix")/debs
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo

if [ -e "$prefix/usr/include/gpiod.h" ]; then
	exit 0
fi
src=/etc/apt/sources.list.d/stretchrep-trixie.sources
pin=/etc/apt/preferences.d/stretchrep-trixie
if [ ! -e "$src" ]; then
	echo "gpiod2: adding the trixie source (pin priority 1) for libgpiod 2.x"
	$sudo sh -c "cat > $src" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	$sudo sh -c "cat > $pin" <<'PIN'
# stretchrep: only ever fetch explicitly named packages from trixie
Package: *
Pin: release n=trixie
Pin-Priority: 1
PIN
	$sudo apt-get update -q -o Dir::Etc::sourcelist="$src" -o Dir::Etc::sourceparts=- \
		-o APT::Get::List-Cleanup=0
fi
mkdir -p "$debs" "$prefix"
(cd "$debs" && apt-get download -q libgpiod-dev/trixie libgpiod3/trixie)
for d in "$debs"/*.deb; do
	dpkg -x "$d" "$prefix"
done
echo "gpiod2: libgpiod $(sed -n 's/^Version: //p' "$prefix"/usr/lib/*/pkgconfig/libgpiod.pc) in $prefix"
