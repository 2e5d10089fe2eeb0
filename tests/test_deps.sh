#!/bin/sh
# tests/deps.sh decides what is missing for the native architecture: a -dev
# package installed only for arm64 (as `make cross-test` leaves it) is
# missing, an Architecture: all one is there. dpkg, dpkg-query and apt-get are
# stubs on PATH that play an amd64 machine and record what would be installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
cat >"$tmp/bin/dpkg" <<'STUB'
#!/bin/sh
[ "$1" = --print-architecture ] && echo amd64
STUB
# The installed packages: name, architecture (a package for two
# architectures is two lines, as dpkg-query prints it).
cat >"$tmp/bin/dpkg-query" <<'STUB'
#!/bin/sh
eval "pkg=\${$#}"
fmt=$2
name=${pkg%%:*}
case "$pkg" in *:*) arch=${pkg#*:} ;; *) arch= ;; esac
found=1
while read -r n a; do
	[ "$n" = "$name" ] || continue
	[ -z "$arch" ] || [ "$arch" = "$a" ] || continue
	case "$fmt" in
	*Architecture*) printf 'install ok installed %s\n' "$a" ;;
	*) printf 'install ok installed' ;;
	esac
	found=0
done <<'LIST'
libsdl2-dev arm64
libgpiod-dev amd64
libgpiod-dev arm64
fonts-dejavu-core all
gcc amd64
LIST
exit $found
STUB
cat >"$tmp/bin/apt-get" <<'STUB'
#!/bin/sh
echo "$*" >>"$APT_LOG"
STUB
cat >"$tmp/bin/id" <<'STUB'
#!/bin/sh
echo 0
STUB
chmod +x "$tmp/bin/"*
export APT_LOG="$tmp/apt.log" PATH="$tmp/bin:$PATH"

sh "$here/deps.sh" libsdl2-dev libgpiod-dev fonts-dejavu-core gcc libinih-dev libsdl2-dev:arm64 >/dev/null
got=$(sed -n 's/.*--no-install-recommends //p' "$APT_LOG")
if [ "$got" != "libsdl2-dev libinih-dev" ]; then
	echo "test_deps: expected to install 'libsdl2-dev libinih-dev', got '$got'" >&2
	exit 1
fi
: >"$APT_LOG"
sh "$here/deps.sh" libgpiod-dev fonts-dejavu-core gcc
[ ! -s "$APT_LOG" ] || { echo "test_deps: installed with nothing missing: $(cat "$APT_LOG")" >&2; exit 1; }
echo "test_deps: an arm64-only -dev package is missing natively, arch all counts: ok"
