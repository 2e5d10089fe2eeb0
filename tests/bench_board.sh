#!/bin/sh
# bench-board: 20 stations publishing live at 5 Hz (headless simulated
# kiosks, 4x real time so that sessions finish) to one board drawing on
# SDL's dummy video driver, through a real mosquitto on 127.0.0.1, for
# BENCH_BOARD_SECONDS (default 60). Prints the board's frame cost
# (draw + present, p50/p99/max), the live messages it received, and
# whether every session the stations kept reached the board once.
# The stations run niced: in a clinic they are other machines, here they
# share the CPUs with the board. A benchmark, not a test: `make bench-board`.
#   tests/bench_board.sh PROG
set -eu
prog=${1:-build/bench/stretchrep}
secs=${BENCH_BOARD_SECONDS:-60}
n=${BENCH_BOARD_STATIONS:-20}
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
port=$(( $$ % 30000 + 20000 ))
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" >"$tmp/mosq.conf"
mosquitto -c "$tmp/mosq.conf" >"$tmp/mosq.log" 2>&1 &
pids="$pids $!"
sleep 0.5
printf '[network]\nbroker = mqtt://127.0.0.1:%s\n' "$port" >"$tmp/board.conf"
mosquitto_sub -p "$port" -t 'stretchrep/+/live' >"$tmp/live.log" 2>/dev/null &
pids="$pids $!"
SDL_VIDEODRIVER=dummy "$prog" board --config "$tmp/board.conf" --db "$tmp/board.sqlite3" --window \
	--size 1920x1080 --seconds "$((secs + 8))" 2>"$tmp/board.err" &
board=$!
sleep 1
i=1
st=""
while [ $i -le "$n" ]; do
	printf '[network]\nbroker = mqtt://127.0.0.1:%s\nstation = mat-%d\n' "$port" "$i" >"$tmp/s$i.conf"
	nice -n 10 "$prog" run --headless --simulate --speed 4 --seconds "$((secs * 4))" --seed "$i" --config "$tmp/s$i.conf" \
		--history "$tmp/s$i.sqlite3" >/dev/null 2>"$tmp/s$i.err" &
	st="$st $!"
	i=$((i + 1))
done
pids="$pids $st"
for p in $st; do wait "$p" || true; done
wait "$board" || true
want=0
i=1
while [ $i -le "$n" ]; do
	want=$((want + $(sqlite3 "$tmp/s$i.sqlite3" 'SELECT count(*) FROM sessions')))
	i=$((i + 1))
done
got=$(sqlite3 "$tmp/board.sqlite3" 'SELECT count(*) FROM sessions')
echo "bench-board: $n stations, ${secs} s at 4x, 1920x1080 (SDL dummy, software renderer)"
grep 'frames, draw' "$tmp/board.err" | sed 's/^stretchrep board: /bench-board: /'
echo "bench-board: live messages on the broker: $(grep -c . "$tmp/live.log") ($(awk -v l="$(grep -c . "$tmp/live.log")" -v n="$n" -v s="$secs" 'BEGIN { printf "%.1f", l / n / s }') per station per second)"
echo "bench-board: sessions kept by the stations $want, on the board $got"
[ "$want" = "$got" ] || { echo "bench-board: sessions missing on the board" >&2; exit 1; }
