#!/bin/sh
# Builds and runs the GPIO tests against the real libgpiod 2.x on a Debian 12
# machine: fetches Debian 13 (trixie)'s libgpiod-dev and libgpiod3 with
# `apt-get download` and unpacks them with `dpkg -x` into a private prefix
# (nothing is installed system-wide).
#   tests/gpiod2.sh PREFIX_DIR       (make gpiod2-test calls it)
# apt reads the trixie source from a sources file of its own and keeps its
# lists and caches beside PREFIX_DIR (Dir::Etc::sourcelist, Dir::State::Lists,
# Dir::Cache): nothing is written under /etc/apt, /var/lib/apt or
# /var/cache/apt, and the script checks /etc/apt is unchanged at the end.
set -eu
prefix=${1:-build/gpiod2/root}
top=$(dirname "$prefix")
debs=$top/debs
apt=$top/apt

# What an older version of this script left in /etc/apt (a trixie source and
# its pin): ours, so taken out once, before the snapshot.
for f in /etc/apt/sources.list.d/stretchrep-trixie.sources /etc/apt/preferences.d/stretchrep-trixie; do
	if [ -e "$f" ]; then
		echo "gpiod2: removing $f (left by an older tests/gpiod2.sh)"
		if [ "$(id -u)" = 0 ]; then rm -f "$f"; else sudo rm -f "$f"; fi
	fi
done
etc_apt() { find /etc/apt -exec stat -c '%n %s %Y %a' {} + 2>/dev/null | sort | sha256sum; }
before=$(etc_apt)

if [ ! -e "$prefix/usr/include/gpiod.h" ]; then
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$debs" "$prefix"
	cat >"$apt/trixie.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt_opts="-q -o Dir::Etc::sourcelist=$(cd "$apt" && pwd)/trixie.sources -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists=$(cd "$apt" && pwd)/lists -o Dir::Cache=$(cd "$apt" && pwd)/cache
		-o APT::Sandbox::User=$(id -un)"
	echo "gpiod2: trixie's package lists into $apt (not /etc/apt, not /var/lib/apt)"
	# shellcheck disable=SC2086
	apt-get $apt_opts update
	# shellcheck disable=SC2086
	(cd "$debs" && apt-get $apt_opts download libgpiod-dev/trixie libgpiod3/trixie)
	for d in "$debs"/*.deb; do
		dpkg -x "$d" "$prefix"
	done
	echo "gpiod2: libgpiod $(sed -n 's/^Version: //p' "$prefix"/usr/lib/*/pkgconfig/libgpiod.pc) in $prefix"
fi

if [ "$(etc_apt)" != "$before" ]; then
	echo "gpiod2: /etc/apt changed while fetching libgpiod 2.x" >&2
	exit 1
fi
echo "gpiod2: /etc/apt unchanged"
