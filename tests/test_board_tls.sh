#!/bin/sh
# A station against a real mosquitto on 127.0.0.1 with TLS and a password
# file: with the CA that signed the broker's certificate and the right
# credentials it connects and its sessions reach the broker; with another
# CA, or a wrong password, it never connects, says why on stderr, and keeps
# its sessions in the outbox; the password is never in its output.
set -eu
prog=${STRETCHREP:-build/stretchrep}
tmp=$(mktemp -d)
broker_pid=""
cleanup() {
	[ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "test_board_tls.sh: $*" >&2
	for f in "$tmp"/*.err "$tmp"/mosq.log; do [ -e "$f" ] && { echo "== $f"; tail -n 15 "$f"; } >&2; done
	exit 1
}
for c in mosquitto mosquitto_passwd openssl sqlite3; do
	command -v $c >/dev/null || fail "no $c (make deps installs it)"
done

# a CA, the broker's certificate for 127.0.0.1 signed by it, another CA
cd "$tmp"
ossl() { openssl "$@" >/dev/null 2>&1 || fail "openssl $1 failed"; }
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=clinic-ca -keyout ca.key -out ca.pem
ossl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other.key -out other.pem
ossl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr
printf 'subjectAltName = IP:127.0.0.1\n' >srv.ext
ossl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile srv.ext -out srv.pem
cd - >/dev/null
printf 'nurse\nS3cret-Pass-42\n' >"$tmp/cred"
printf 'nurse\nwrong-pass\n' >"$tmp/badcred"
: >"$tmp/passwd"
mosquitto_passwd -b "$tmp/passwd" nurse S3cret-Pass-42 >/dev/null 2>&1 || fail "mosquitto_passwd failed"
chmod 0600 "$tmp/passwd" 2>/dev/null || true

port=""
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$(( ($$ * 13 + try * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/') % 997) % 40000 + 20000 ))
	printf 'listener %s 127.0.0.1\ncafile %s/ca.pem\ncertfile %s/srv.pem\nkeyfile %s/srv.key\nallow_anonymous false\npassword_file %s/passwd\npersistence false\nuser %s\n' \
		"$p" "$tmp" "$tmp" "$tmp" "$tmp" "$(id -un)" >"$tmp/mosq.conf"
	mosquitto -c "$tmp/mosq.conf" >>"$tmp/mosq.log" 2>&1 &
	broker_pid=$!
	sleep 0.5
	if kill -0 "$broker_pid" 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || fail "mosquitto with TLS did not start"

station() {   # NAME CA CRED
	printf '[network]\nbroker = mqtts://127.0.0.1:%s\nstation = %s\nca = %s\ncredentials = %s\n' \
		"$port" "$1" "$2" "$3" >"$tmp/$1.conf"
	"$prog" run --headless --simulate --speed 200 --seconds 300 --config "$tmp/$1.conf" \
		--history "$tmp/$1.sqlite3" >"$tmp/$1.jsonl" 2>"$tmp/$1.err" || fail "$1: run failed"
	! grep -q 'S3cret' "$tmp/$1.err" "$tmp/$1.jsonl" || fail "$1: the password is in its output"
}

mosquitto_sub -h 127.0.0.1 -p "$port" --cafile "$tmp/ca.pem" -u nurse -P S3cret-Pass-42 \
	-t 'stretchrep/+/session' -v >"$tmp/sub.log" 2>"$tmp/sub.err" &
sub_pid=$!
sleep 0.5
station good "$tmp/ca.pem" "$tmp/cred"
grep -q 'net: connected to 127.0.0.1' "$tmp/good.err" || fail "good: never connected over TLS"
sleep 0.5
kill "$sub_pid" 2>/dev/null || true
n=$(sqlite3 "$tmp/good.sqlite3" 'SELECT count(*) FROM sessions')
[ "$n" -ge 2 ] || fail "good: only $n sessions"
[ "$(grep -c '^stretchrep/good/session ' "$tmp/sub.log")" -ge "$n" ] ||
	fail "good: $n sessions, the broker passed on $(grep -c . "$tmp/sub.log")"

station wrongca "$tmp/other.pem" "$tmp/cred"
! grep -q 'net: connected' "$tmp/wrongca.err" || fail "wrongca: connected with a CA that did not sign the broker"
grep -q "net: 127.0.0.1:$port: " "$tmp/wrongca.err" || fail "wrongca: no reason said"
n=$(sqlite3 "$tmp/wrongca.sqlite3" 'SELECT count(*) FROM sessions')
[ "$(sqlite3 "$tmp/wrongca.sqlite3" 'SELECT count(*) FROM outbox')" = "$n" ] ||
	fail "wrongca: its $n sessions are not all waiting in the outbox"

station badpass "$tmp/ca.pem" "$tmp/badcred"
! grep -q 'net: connected' "$tmp/badpass.err" || fail "badpass: connected with a wrong password"
grep -q 'refused the connection' "$tmp/badpass.err" || fail "badpass: the refusal not said"
! grep -q 'wrong-pass' "$tmp/badpass.err" || fail "badpass: the password is in its output"
echo "test_board_tls.sh: TLS with the right CA and password connects; another CA, a wrong password do not; ok"
