/* SPDX-License-Identifier: MIT */
/*
 * watchdog — when the main loop may tell systemd "still alive"
 * (WATCHDOG=1, notify.h). Two things must be moving: the main loop (it asks
 * only when a frame was presented) and, when the samples come from the I/O
 * thread, that thread too (its loop-turn counter, imu_thread_progress(),
 * advanced since the last ping). A wedged I/O thread thus stops the pings
 * and systemd restarts the service, though the screen still redraws.
 * Pings go out every half period at most. Pure logic, no clock of its own.
 */
#ifndef STRETCHREP_KIOSK_WATCHDOG_H
#define STRETCHREP_KIOSK_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

struct watchdog_gate {
	double period_s;        /* systemd's WatchdogSec, 0: no watchdog */
	bool pinged;            /* a ping went out already */
	double last_ping_s;
	uint64_t last_turns;    /* the I/O thread's counter at the last ping */
};

void watchdog_gate_init(struct watchdog_gate *g, double period_s);
/* A frame was presented at now_s. have_io: an I/O thread feeds the kiosk
 * and io_turns is its counter now. True: send WATCHDOG=1 now (the gate
 * takes it as sent). */
bool watchdog_gate_frame(struct watchdog_gate *g, double now_s, bool have_io, uint64_t io_turns);

#endif
