/* SPDX-License-Identifier: MIT */
/*
 * pattern — on/off patterns for the buzzer and the LED, as pure functions
 * of the time since the pattern started. The caller switches the output to
 * pattern_level() and sleeps until the returned next change.
 */
#ifndef STRETCHREP_PATTERN_H
#define STRETCHREP_PATTERN_H

#include <stdbool.h>
#include <stdint.h>

enum pattern_id {
	PATTERN_OFF = 0,
	PATTERN_ON,
	PATTERN_HOLD_WARNING, /* 3 beeps (120 ms on, 120 ms off), 1 s pause, repeating */
	PATTERN_REP,          /* one 60 ms blip: a rep was counted */
	PATTERN_BLINK,        /* 500 ms on, 500 ms off, repeating: waiting / no sensor */
	PATTERN_N
};

/* Level at elapsed_ns (>= 0) since the start; *next_ns (may be NULL) gets
 * the elapsed time of the next change, INT64_MAX if there is none. */
bool pattern_level(enum pattern_id id, int64_t elapsed_ns, int64_t *next_ns);
/* Length of one cycle (repeating) or of the whole pattern, ns; 0 for
 * OFF/ON. */
int64_t pattern_length_ns(enum pattern_id id);
bool pattern_repeats(enum pattern_id id);

#endif
