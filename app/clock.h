/* SPDX-License-Identifier: MIT */
/*
 * clock — the one monotonic clock of the program (app/'s shared modules, see
 * config.h): the I/O thread stamps samples with it, the kiosk loop computes
 * its deadlines on it, the tools time their waits with it, and the tests'
 * fakes read it, so every timestamp in a run is on the same clock
 * (CLOCK_MONOTONIC: never steps when the wall clock is set; any origin).
 *
 * Header-only (static inline) so that a test or a bench linking only a part
 * of the program, and the drivers' fakes, can use it too. The core never
 * does: time is an argument there (DESIGN.md).
 */
#ifndef STRETCHREP_CLOCK_H
#define STRETCHREP_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Now on CLOCK_MONOTONIC, nanoseconds. */
static inline int64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Now on CLOCK_MONOTONIC, seconds (the same clock as clock_mono_ns). */
static inline double clock_mono_s(void)
{
	return (double)clock_mono_ns() * 1e-9;
}

#endif
