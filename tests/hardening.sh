#!/bin/sh
# Checks that a built binary carries the hardening the Makefile asks for, from
# its ELF headers (readelf: any architecture, no devscripts needed; what
# hardening-check from devscripts reports, with the same names):
#   PIE          ELF type DYN and DF_1_PIE
#   RELRO full   a GNU_RELRO segment and BIND_NOW (-z relro -z now)
#   canary       imports __stack_chk_fail (-fstack-protector-strong)
#   FORTIFY      imports at least one __*_chk function (-D_FORTIFY_SOURCE=2)
#   tests/hardening.sh BINARY...      (READELF=aarch64-linux-gnu-readelf also works)
set -eu
readelf=${READELF:-readelf}
rc=0
for bin in "$@"; do
	hdr=$("$readelf" -h -l -d -W "$bin")
	syms=$("$readelf" --dyn-syms -W "$bin")
	bad=""
	echo "$hdr" | grep -q 'Type: *DYN' && echo "$hdr" | grep -q 'FLAGS_1.*PIE' || bad="$bad PIE"
	echo "$hdr" | grep -q 'GNU_RELRO' && echo "$hdr" | grep -Eq '\(FLAGS\).*BIND_NOW|FLAGS_1.*NOW' ||
		bad="$bad RELRO(full)"
	echo "$syms" | grep -q ' __stack_chk_fail' || bad="$bad canary"
	nchk=$(echo "$syms" | grep -Ec ' __[a-z0-9_]+_chk(@|$)' || true)
	[ "$nchk" -gt 0 ] || bad="$bad FORTIFY"
	if [ -n "$bad" ]; then
		echo "hardening: $bin: missing:$bad" >&2
		rc=1
	else
		echo "hardening: $bin: PIE, full RELRO, canary, FORTIFY ($nchk __*_chk functions): ok"
	fi
done
exit $rc
