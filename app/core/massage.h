/* SPDX-License-Identifier: MIT */
/*
 * massage — the self-massage timer: the alternative the protocol offers when
 * moving into tension is too irritable. The person massages the back of the
 * thigh gently for 90 s to 2 min with the leg at rest; the timer runs on the
 * samples' time, with a gentle cue every cue_every_s.
 *
 * The sensor, when on, watches the leg through the same motion core as the
 * exercise: the leg is "at rest" while the core sees no rep in progress;
 * a still period in the stretch (the core's hold) lasting static_warn_s is
 * the person stretching statically instead, the very thing massage is
 * offered to avoid: a warning, once per hold, standing until the leg moves.
 *
 * Pure: caller-allocated state, no allocation, no I/O, no clocks.
 */
#ifndef STRETCHREP_CORE_MASSAGE_H
#define STRETCHREP_CORE_MASSAGE_H

#include <stdbool.h>
#include "core/motion.h"

struct massage_settings {
	double duration_s;      /* the timer, s (90-120: the protocol's window) */
	double cue_every_s;     /* a gentle cue this often, s (30: each half minute) */
	double static_warn_s;   /* a hold in the stretch this long is a static stretch, s:
	                         * longer than the pause at the top of any movement */
};

#define MASSAGE_DEFAULT_SETTINGS { \
	.duration_s = 120.0, \
	.cue_every_s = 30.0, \
	.static_warn_s = 3.0, \
}

extern const struct massage_settings massage_default_settings;

/* What one step brought (bits). */
enum massage_flag {
	MASSAGE_CUE = 1,        /* a cue_every_s mark was passed */
	MASSAGE_STATIC = 2,     /* a static stretch was found (the warning begins) */
	MASSAGE_RELAXED = 4,    /* ... and the leg moved out of it (the warning ends) */
	MASSAGE_DONE = 8,       /* the timer reached duration_s */
};

struct massage {
	struct massage_settings set;
	bool have_t;
	double t_s;              /* the latest sample's time */
	double elapsed_s;        /* massage time so far (running, gaps left out) */
	int cues;                /* marks passed */
	bool stretching;         /* a static stretch stands (warning shown) */
	bool warned_this_hold;   /* the current hold already warned */
	int static_warnings;     /* static stretches found */
	bool done;
};

void massage_init(struct massage *m, const struct massage_settings *set);
/* One sample at t_s, after the motion core saw it (mo is its state).
 * running: the timer runs (false while paused: only the warning is kept up
 * to date). A gap in the samples (SAMPLE_MAX_GAP_S) is no massage time.
 * Returns enum massage_flag bits. */
unsigned massage_update(struct massage *m, double t_s, bool running, const struct motion *mo);
/* The leg lies at rest (no movement into the stretch in progress). */
static inline bool massage_leg_at_rest(const struct motion *mo) { return !mo->in_rep; }

#endif
