#!/bin/sh
# The clinic board against a real mosquitto on 127.0.0.1 (a free port, a
# temporary config, killed on exit): three headless simulated stations and
# a headless board (and a second board started while the broker is down); the broker is killed mid-run and restarted, one station
# is SIGKILLed while the broker is down and started again later. Every
# session the stations kept in their own history (the oracle: history.c's
# rows, not the network code) is on the board exactly once: once in its
# database, once said "new" on its JSON lines, and no station's outbox
# holds anything at the end. Also: the topics as mosquitto_sub sees them
# (live retained, session, status with the last will), malformed and
# oversized messages refused with a log line, a station name that would
# inject a topic refused by check-config.
set -eu
prog=${STRETCHREP:-build/stretchrep}
# BOARD_OUTAGE_S: how long the broker stays down (default 8 s; the stations
# run 10 s longer than that at 40x, so sessions finish on both sides of it)
outage=${BOARD_OUTAGE_S:-8}
[ "$outage" -ge 4 ] || outage=4
run_s=$(( (outage + 14) * 40 ))
tmp=$(mktemp -d)
pids=""
broker_pid=""
cleanup() {
	for p in $pids $broker_pid; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
	echo "test_board_mqtt.sh: $*" >&2
	for f in "$tmp"/*.err "$tmp"/mosq.log; do [ -e "$f" ] && { echo "== $f"; tail -n 15 "$f"; } >&2; done
	exit 1
}
command -v mosquitto >/dev/null || fail "no mosquitto (make deps installs it)"
command -v sqlite3 >/dev/null || fail "no sqlite3 (make deps installs it)"

# A free port: mosquitto exits at once when it cannot bind.
start_broker() {
	mosquitto -c "$tmp/mosq.conf" >>"$tmp/mosq.log" 2>&1 &
	broker_pid=$!
	i=0
	while [ $i -lt 50 ]; do
		mosquitto_sub -h 127.0.0.1 -p "$port" -t probe -W 1 -C 1 -E >/dev/null 2>&1 && return 0
		kill -0 "$broker_pid" 2>/dev/null || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
port=""
for try in 1 2 3 4 5 6 7 8 9 10; do
	p=$(( ($$ * 7 + try * 7919 + $(date +%N | sed 's/^0*//;s/^$/0/') % 997) % 40000 + 20000 ))
	printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$p" >"$tmp/mosq.conf"
	port=$p
	start_broker && break
	port=""
done
[ -n "$port" ] || fail "mosquitto did not start on any port"

station_conf() {
	printf '[network]\nbroker = mqtt://127.0.0.1:%s\nstation = %s\n' "$port" "$1" >"$tmp/$1.conf"
}
for s in st1 st2 st3; do station_conf "$s"; done
printf '[network]\nbroker = mqtt://127.0.0.1:%s\n' "$port" >"$tmp/board.conf"

# everything on the broker, as a clinician's laptop would see it
mosquitto_sub -h 127.0.0.1 -p "$port" -t 'stretchrep/#' -v >"$tmp/sub.log" 2>/dev/null &
pids="$pids $!"

"$prog" board --headless --config "$tmp/board.conf" --db "$tmp/board.sqlite3" \
	>"$tmp/board.jsonl" 2>"$tmp/board.err" &
board_pid=$!
pids="$pids $board_pid"

# three stations, 40x real time: a 120 s session every 3 s or so
run_station() {   # NAME SECONDS SEED
	"$prog" run --headless --simulate --speed 40 --seconds "$2" --seed "$3" --config "$tmp/$1.conf" \
		--history "$tmp/$1.sqlite3" >>"$tmp/$1.jsonl" 2>>"$tmp/$1.err"
}
run_station st1 "$run_s" 1 & p1=$!
run_station st2 "$run_s" 2 & p2=$!
run_station st3 "$run_s" 3 & p3=$!
pids="$pids $p1 $p2 $p3"

sleep 5
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true
sleep 3
kill -9 "$p3"; wait "$p3" 2>/dev/null || true   # restarted mid-send: its outbox waits on disk
sleep $((outage - 3))
start_broker || fail "mosquitto did not restart on $port"
mosquitto_sub -h 127.0.0.1 -p "$port" -t 'stretchrep/#' -v >>"$tmp/sub.log" 2>/dev/null &
pids="$pids $!"
wait "$p1" || fail "station st1 failed"
wait "$p2" || fail "station st2 failed"
run_station st3 60 4 || fail "station st3 (restarted) failed"

# malformed messages: each refused with a log line, none kept
pub() { mosquitto_pub -h 127.0.0.1 -p "$port" -q 1 "$@"; }
pub -t stretchrep/evil/session -m 'not json'
pub -t stretchrep/evil/session -m '{"id":"evil-1","station":"other","patient":"","ended_at":1,"reps":1,"work_s":1,"duration_s":1,"mean_peak_deg":1,"best_peak_deg":1,"longest_hold_s":0,"holds":0,"warnings":0}'
pub -t stretchrep/evil/session -m '{"id":"evil/2#","station":"evil","patient":"","ended_at":1,"reps":1,"work_s":1,"duration_s":1,"mean_peak_deg":1,"best_peak_deg":1,"longest_hold_s":0,"holds":0,"warnings":0}'
pub -t stretchrep/evil/live -m '{"station":"evil","state":"working","patient":"","reps":-5,"angle_deg":1,"hold_s":0,"alert":0,"work_s":0}'
head -c 6000 /dev/zero | tr '\0' 'x' >"$tmp/big"
pub -t stretchrep/evil/session -f "$tmp/big"
pub -t 'stretchrep/bad.name/live' -m '{}'
sleep 1.5

kill "$board_pid"; wait "$board_pid" 2>/dev/null || fail "board exited with an error"

# the oracle: each station's own history rows
total=0
for s in st1 st2 st3; do
	want=$(sqlite3 "$tmp/$s.sqlite3" 'SELECT count(*) FROM sessions')
	[ "$want" -ge 2 ] || fail "$s kept only $want sessions: the run was too short to test anything"
	got=$(sqlite3 "$tmp/board.sqlite3" "SELECT count(*) FROM sessions WHERE station = '$s'")
	[ "$got" = "$want" ] || fail "$s: $want sessions in its history, $got on the board"
	new=$(grep -c "\"event\": \"session\", \"station\": \"$s\", .*\"new\": true" "$tmp/board.jsonl" || true)
	[ "$new" = "$want" ] || fail "$s: $want sessions, $new said new on the board's lines"
	left=$(sqlite3 "$tmp/$s.sqlite3" 'SELECT count(*) FROM outbox')
	[ "$left" = 0 ] || fail "$s: $left sessions still in its outbox"
	# the board's copies are the stations' sessions: reps, in order
	sqlite3 "$tmp/$s.sqlite3" 'SELECT reps FROM sessions ORDER BY id' >"$tmp/want.reps"
	sqlite3 "$tmp/board.sqlite3" "SELECT json_extract(payload, '\$.reps') FROM sessions WHERE station = '$s'
		ORDER BY json_extract(payload, '\$.ended_at'), rowid" | sort -n >"$tmp/got.reps"
	sort -n "$tmp/want.reps" | cmp -s - "$tmp/got.reps" || fail "$s: reps differ: $(paste "$tmp/want.reps" "$tmp/got.reps")"
	total=$((total + want))
done
all=$(sqlite3 "$tmp/board.sqlite3" 'SELECT count(*) FROM sessions')
[ "$all" = "$total" ] || fail "$all sessions on the board, $total in the stations' histories"
grep -q 'disconnected from 127.0.0.1' "$tmp/st1.err" || fail "st1 never saw the broker go"

# the refused messages, each with its line, none kept
for why in 'not a JSON object' 'differs from the topic' '"id" has characters' '"reps" out of range' \
	'more than 4096'; do
	grep -q "board: ignored stretchrep/evil/.*$why" "$tmp/board.err" || fail "no log line for: $why"
done
[ "$(sqlite3 "$tmp/board.sqlite3" "SELECT count(*) FROM sessions WHERE station = 'evil'")" = 0 ] ||
	fail "a malformed session was kept"

# the topics on the broker: live (retained), session, status online/offline
for t in live session status; do
	grep -q "^stretchrep/st1/$t " "$tmp/sub.log" || fail "no stretchrep/st1/$t on the broker"
done
grep -q '^stretchrep/st3/status offline' "$tmp/sub.log" || fail "no offline status for st3"
mosquitto_sub -h 127.0.0.1 -p "$port" -t stretchrep/st2/live -C 1 -W 2 >"$tmp/retained" ||
	fail "no retained live state for st2"
grep -q '"station":"st2"' "$tmp/retained" || fail "retained live state: $(cat "$tmp/retained")"

# a board started while the broker is down connects once it is up
kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true
"$prog" board --headless --config "$tmp/board.conf" --db "$tmp/board2.sqlite3" \
	>"$tmp/board2.jsonl" 2>"$tmp/board2.err" &
board_pid=$!
pids="$pids $board_pid"
sleep 2
start_broker || fail "mosquitto did not restart on $port"
station_conf late
"$prog" run --headless --simulate --speed 100 --seconds 150 --config "$tmp/late.conf" \
	--history "$tmp/late.sqlite3" >/dev/null 2>"$tmp/late.err" || fail "station late failed"
want=$(sqlite3 "$tmp/late.sqlite3" 'SELECT count(*) FROM sessions')
i=0
while [ "$(sqlite3 "$tmp/board2.sqlite3" 'SELECT count(*) FROM sessions' 2>/dev/null || echo 0)" != "$want" ] &&
	[ $i -lt 50 ]; do
	sleep 0.2
	i=$((i + 1))
done
kill "$board_pid"; wait "$board_pid" 2>/dev/null || fail "board2 exited with an error"
got=$(sqlite3 "$tmp/board2.sqlite3" 'SELECT count(*) FROM sessions')
[ "$want" -ge 1 ] && [ "$got" = "$want" ] || fail "a board started before its broker: $got of $want sessions"

# a station name that would inject a topic level or a wildcard
for bad in 'a/b' 'x#' 'y+' 'toolong_toolong_toolong_toolong_1'; do
	printf '[network]\nstation = %s\n' "$bad" >"$tmp/bad.conf"
	if "$prog" check-config "$tmp/bad.conf" >"$tmp/bad.out" 2>&1; then
		fail "station '$bad' accepted"
	fi
	grep -q 'station' "$tmp/bad.out" || fail "station '$bad': $(cat "$tmp/bad.out")"
done
echo "test_board_mqtt.sh: $total sessions from 3 stations, each once on the board, broker down $outage s; ok"
