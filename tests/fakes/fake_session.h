/* SPDX-License-Identifier: MIT */
/*
 * A finished session with known content, for the history tests: its rep and
 * hold logs and its totals follow from the seed alone, so a reader can check
 * what was saved without having kept the session.
 */
#ifndef STRETCHREP_TESTS_FAKE_SESSION_H
#define STRETCHREP_TESTS_FAKE_SESSION_H

#include <stdint.h>
#include "core/session.h"

/* Fills s (caller-allocated) for seed: fake_session_reps(seed) reps, some
 * past SESSION_MAX_REPS, fake_session_holds(seed) holds. */
void fake_session_fill(struct session *s, uint64_t seed);
/* The same in a malloc'd session (free() it); NULL out of memory. */
struct session *fake_session_new(uint64_t seed);
int fake_session_reps(uint64_t seed);
int fake_session_holds(uint64_t seed);
/* The peak of rep i (0-based) and the session's best peak. */
double fake_session_peak_deg(uint64_t seed, int i);
double fake_session_best_deg(uint64_t seed);

#endif
