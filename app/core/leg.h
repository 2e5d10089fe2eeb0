/* SPDX-License-Identifier: MIT */
/*
 * leg — which leg a sensor is strapped to. Hamstring work is done on both
 * legs and a clinician reads left against right, so a sensor's samples,
 * a session and a trace's columns carry the leg they belong to.
 *
 * The names are the ones traces and JSON use ("left", "right", "-" for a
 * sensor on no leg: being moved from one leg to the other).
 */
#ifndef STRETCHREP_CORE_LEG_H
#define STRETCHREP_CORE_LEG_H

#include <string.h>

enum leg {
	LEG_UNKNOWN = 0, /* not said (a trace without a "# legs:" line) */
	LEG_LEFT,
	LEG_RIGHT,
	LEG_NONE,        /* on no leg: the sensor is being moved; its samples belong to no session */
	LEG_N
};

/* "left", "right", "-"; NULL for LEG_UNKNOWN (JSON writes null). */
static inline const char *leg_name(enum leg l)
{
	switch (l) {
	case LEG_LEFT: return "left";
	case LEG_RIGHT: return "right";
	case LEG_NONE: return "-";
	case LEG_UNKNOWN:
	case LEG_N: break;
	}
	return NULL;
}

/* The leg named by the n bytes at s ("left", "right", "-"); -1 if none. */
static inline int leg_from_name(const char *s, size_t n)
{
	for (int l = LEG_LEFT; l < LEG_N; l++) {
		const char *name = leg_name((enum leg)l);

		if (strlen(name) == n && memcmp(s, name, n) == 0)
			return l;
	}
	return -1;
}

#endif
