#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The verdict on a soak-run directory (tests/soak/soak_run.sh writes it).

    soak_check.py DIR RUN_STATUS SPEED RSS_SLACK_KB

Reads DIR/events.jsonl (the run's headless events), DIR/history.sqlite3
(its history, with Python's own sqlite3 module), DIR/faults.log (what the
preloaded simulator injected, on the process's scaled clock, the clock the
events' t_s are on) and DIR/watch.txt (memory and descriptors sampled from
outside). Prints a table and exits 1 on any failure.
"""
import json
import sqlite3
import sys

LOST_FAULTS = ("nack", "bus_hang", "unplugged")  # the sensor goes away: must be seen
SQLITE_CACHE_KB = 2000  # SQLite's default cache_size (-2000): what it may keep of a growing file
SEEN_WITHIN_S = 1.0   # a lost event's t_s is its last sample's: at most this before the fault
BACK_WITHIN_S = 5.0   # "back" at most this long after the fault ends


def main():
    d, run_status, speed, slack = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    failures = []

    events = []
    with open(f"{d}/events.jsonl", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError as e:
                failures.append(f"events.jsonl:{n}: not JSON ({e})")

    # Sessions: from "ready" (or "working") to the summary, on the events'
    # clock (a line's t_s is its last sample's: "calibrating" after a
    # summary still carries the old session's last sample time).
    sessions, begin = [], None
    for e in events:
        ev, t = e.get("event"), e.get("t_s", 0.0)
        if ev == "state" and e.get("state") in ("ready", "working") and begin is None:
            begin = t
        if ev == "summary":
            sessions.append((begin if begin is not None else t, t, e))
            begin = None

    # 1. the run ended by itself, after the day
    if run_status != 0:
        failures.append(f"the run exited with status {run_status}")

    # 2. every reported session saved once, nothing else
    con = sqlite3.connect(f"file:{d}/history.sqlite3?mode=ro", uri=True)
    rows = con.execute("SELECT reps, round(work_s, 2), save_id FROM sessions ORDER BY id").fetchall()
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    reported = sorted((s[2]["reps"], round(s[2]["work_s"], 2)) for s in sessions)
    stored = sorted((r[0], r[1]) for r in rows)
    save_ids = [r[2] for r in rows]
    if reported != stored:
        missing = [x for x in reported if x not in stored]
        extra = [x for x in stored if x not in reported]
        failures.append(f"sessions reported {len(reported)}, in the history {len(stored)}: "
                        f"missing {missing[:5]}, extra {extra[:5]}")
    spooled = [x for x in save_ids if x is not None]
    if len(set(spooled)) != len(spooled):
        failures.append("a session saved twice under one save_id")
    if integrity != "ok":
        failures.append(f"integrity_check: {integrity}")
    not_saved_at_once = sum(1 for s in sessions if s[2].get("saved") is False)

    # what the simulator logged: faults, SQLite's heap, the chip's count
    faults, starts, chip, sqlite_mem, t_start = [], 0, None, [], None
    with open(f"{d}/faults.log", encoding="utf-8") as f:
        for line in f:
            v = line.split()
            if len(v) >= 4 and v[1] == "begin":
                faults.append((float(v[0]), v[2], float(v[3])))
            elif len(v) >= 5 and v[1] == "heap_in_use":
                sqlite_mem.append((float(v[0]), int(v[2]) // 1024, max(int(v[4]), 0) // 1024))
            elif len(v) >= 2 and v[1] == "start":
                starts += 1
                t_start = float(v[0])
            elif len(v) >= 6 and v[1] == "end-of-run":
                chip = (int(v[3]), int(v[5]))
    if starts != 1:
        failures.append(f"the simulator started {starts} times (one process expected)")
    # 3. memory and descriptors, after the first scaled hour
    watch = []
    with open(f"{d}/watch.txt", encoding="utf-8") as f:
        next(f)
        for line in f:
            v = line.split()
            if "?" in v[3:5] + v[9:10]:
                continue   # the process was ending, or the history busy
            watch.append((float(v[1]), int(v[3]), int(v[4]), int(v[2]), int(v[9])))
    settled = [w for w in watch if w[0] >= 1.0]
    own = None
    if len(settled) < 2:
        failures.append("fewer than two samples of memory after the first scaled hour")
    else:
        anon = [w[1] for w in settled]
        fds = [w[2] for w in settled]
        if sqlite_mem and t_start is not None:
            # the heap the program holds, less SQLite's (its page cache fills
            # with a history that grows, up to its cache_size): what is left
            # must not grow; RSS also keeps pages the allocator has freed
            live = [m[1] - m[2] for m in sqlite_mem if m[0] - t_start >= 3600.0]
            if len(live) < 2:
                failures.append("fewer than two heap counts after the first scaled hour")
            elif max(live) - live[0] > slack:
                failures.append(f"the program's heap (less SQLite's) grew {max(live) - live[0]} KB after "
                                f"hour 1 ({live[0]} -> {max(live)} KB; slack {slack})")
            own = live
        else:
            # no count from SQLite (an older run): allow what it may cache of
            # a file that grew by D KB, D at most its cache_size
            worst = max(settled, key=lambda w: w[1] - anon[0] - min(w[4] - settled[0][4], SQLITE_CACHE_KB))
            allowed = slack + min(worst[4] - settled[0][4], SQLITE_CACHE_KB)
            if worst[1] - anon[0] > allowed:
                failures.append(f"anonymous memory grew {worst[1] - anon[0]} KB after hour 1 by hour "
                                f"{worst[0]:.1f} ({anon[0]} -> {worst[1]} KB; the history grew "
                                f"{worst[4] - settled[0][4]} KB; allowed {allowed})")
        # a descriptor open at the moment of a sample (SQLite's journal, the
        # spool directory being listed) comes and goes; one kept is a leak
        quarter = max(len(fds) // 4, 1)
        if min(fds[-quarter:]) > max(fds[:quarter]):
            failures.append(f"descriptors grew after hour 1: {max(fds[:quarter])} -> {min(fds[-quarter:])}")

    # 4. faults seen and recovered from
    # What the screen said, in the order the run said it: an event's t_s is
    # its last sample's, so a sensor that went away between samples says
    # "lost" stamped before the fault; the state at each moment is what
    # the last lost/back line stamped up to then says.
    marks = [(e["t_s"], e["event"] == "sensor_lost") for e in events
             if e.get("event") in ("sensor_lost", "sensor_back")]
    lost = [t for t, is_lost in marks if is_lost]

    def lost_between(lo, hi):
        """the lost lines that make the screen say lost at some moment in [lo, hi]"""
        shown, out = None, []
        for t, is_lost in marks:
            if t > hi:
                break
            if t < lo:
                shown = t if is_lost else None
            elif is_lost:
                out.append(t)
        return ([shown] if shown is not None else []) + out

    table, explained = {}, set()
    for t, name, hold in faults:
        row = table.setdefault(name, [0, 0, 0, 0])
        row[0] += 1
        inside = any(b + SEEN_WITHIN_S <= t and t + hold + BACK_WITHIN_S <= e for b, e, _ in sessions)
        if not inside:
            continue
        row[1] += 1
        seen = lost_between(t, t + hold + SEEN_WITHIN_S)
        explained.update(seen)
        backed = bool(seen) and any(not is_lost and t <= x <= t + hold + BACK_WITHIN_S for x, is_lost in marks)
        row[2] += bool(seen)
        row[3] += backed
        if name in LOST_FAULTS and not (seen and backed):
            failures.append(f"{name} at {t:.1f}: " + ("no sensor_lost" if not seen else "no sensor_back"))
    spurious = [x for x in lost if x not in explained]

    hours = sum(e - b for b, e, _ in sessions) / 3600.0
    print(f"soak-check: {len(sessions)} sessions ({hours:.1f} h from first event to summary), "
          f"{sum(s[2]['reps'] for s in sessions)} reps; {len(rows)} in the history "
          f"({not_saved_at_once} saved only on a retry); integrity_check {integrity}")
    if watch:
        print(f"soak-check: memory (RSS / anonymous KB) at hour 1: {settled[0][3] if settled else '?'} / "
              f"{settled[0][1] if settled else '?'}, at the end: {watch[-1][3]} / {watch[-1][1]}, "
              f"max anonymous {max(w[1] for w in watch)}; descriptors {min(w[2] for w in watch)}.."
              f"{max(w[2] for w in watch)}; the history {settled[0][4] if settled else '?'} -> "
              f"{watch[-1][4]} KB")
    if own:
        print(f"soak-check: heap in use less SQLite's (mallinfo2, sqlite3_memory_used): {own[0]} KB at hour 1, "
              f"{own[-1]} KB at the end, {min(own)}..{max(own)}; SQLite's heap "
              f"{sqlite_mem[0][2]} -> {sqlite_mem[-1][2]} KB")
    print("soak-check: fault            injected  in a session  shown lost  then back")
    for name, (n, inside, seen, backed) in table.items():
        print(f"soak-check: {name:16} {n:8} {inside:13} {seen:11} {backed:10}")
    if chip:
        print(f"soak-check: the chip made {chip[0]} samples; its FIFO overwrote {chip[1]} unread "
              f"({100.0 * chip[1] / max(chip[0], 1):.3f} %: lost at the sensor, shown as gaps)")
    else:
        failures.append("no end-of-run line from the simulator (the run did not exit cleanly)")
    print(f"soak-check: sensor_lost with no fault injected (scheduling delays of over "
          f"{200 / speed:.1f} ms real at {speed:g}x): {len(spurious)}")
    for f in failures:
        print(f"soak-check: FAIL {f}")
    print("soak-check: " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
