/* SPDX-License-Identifier: MIT */
/*
 * session — the protocol around the motion core: calibration, the work timer
 * toward the 90-120 s target, pause/resume, and the summary a clinician reads.
 *
 * Work time counts only while the person is moving in and out of tension:
 * inside a rep until the leg has been still for hold_min_s (a static hold is
 * not work), and in the short pauses at rest between reps (up to rest_gap_s
 * after a rep ends). Idle time before the first rep, long rests, holds and
 * gaps in the samples (SAMPLE_MAX_GAP_S) do not count.
 *
 * States: CALIBRATING (waiting for a still second) -> READY (rest known, no
 * rep yet) -> WORKING -> DONE (work target reached, or session_stop()).
 * PAUSED freezes the timer; motion is still tracked so the screen stays live,
 * but reps made while paused are not counted in the session.
 *
 * Pure: caller-allocated state (the per-rep log is a fixed array), no
 * allocation, no I/O, time comes with the sample.
 */
#ifndef STRETCHREP_CORE_SESSION_H
#define STRETCHREP_CORE_SESSION_H

#include <stdbool.h>
#include "core/motion.h"

struct session_settings {
	struct motion_settings motion;
	double work_target_s;   /* session is done at this much work time, s (90-120) */
	double work_min_s;      /* the protocol's lower bound, s, shown as the first mark */
	double rest_gap_s;      /* rest between reps that still counts as work, s */
	double ceiling_deg;     /* range ceiling, deg from rest; 0 = off. Each time the
	                         * leg passes it is one ceiling event (the screen's
	                         * "ease off" cue, the clinician's log) */
	double ceiling_hysteresis_deg; /* the leg must come back this far below the
	                         * ceiling before a new pass counts again, deg: a leg
	                         * hovering at the ceiling trembles by a degree or two
	                         * and would count a pass each tremble */
};

#define SESSION_DEFAULT_SETTINGS { \
	.motion = MOTION_DEFAULT_SETTINGS, \
	.work_target_s = 120.0, \
	.work_min_s = 90.0, \
	.rest_gap_s = 3.0, \
	.ceiling_deg = 0.0, \
	.ceiling_hysteresis_deg = 3.0, \
}

extern const struct session_settings session_default_settings;

enum session_state {
	SESSION_CALIBRATING = 0,
	SESSION_READY,
	SESSION_WORKING,
	SESSION_PAUSED,
	SESSION_DONE,
};

#define SESSION_MAX_REPS 512   /* reps kept for the chart; counting goes on past it */
#define SESSION_MAX_HOLDS 128
#define SESSION_MAX_CEILING 64 /* ceiling events kept; counting goes on past it */

/* One pass over the ceiling: when the leg crossed it and the highest angle
 * it reached before coming back below the ceiling. */
struct session_ceiling_event {
	double t_s;              /* the crossing, session clock s */
	double peak_deg;         /* the highest inclination from rest while over, deg */
};

struct session_summary {
	int reps;
	double work_s;
	double duration_s;       /* from the first rep's start to the end */
	double mean_peak_deg;
	double best_peak_deg;
	double longest_hold_s;
	int holds;
	int warnings;
	double tempo_reps_per_min; /* reps per minute of work time */
	double mean_rep_s;       /* mean rep duration */
	struct orient_gyro_check gyro; /* the gyroscope as checked against gravity */
};

struct session {
	struct session_settings set;
	struct motion motion;
	enum session_state state;
	enum session_state state_before_pause;
	bool have_t;
	double t_s;              /* time of the latest sample */
	double start_s;          /* first rep's start */
	double end_s;
	double work_s;
	double last_rep_end_s;
	bool have_rep_end;
	int n_reps;              /* counted in this session (not while paused) */
	int n_warnings;
	int n_holds;
	double longest_hold_s;
	double sum_peak_deg, best_peak_deg, sum_rep_s;
	struct motion_rep rep_log[SESSION_MAX_REPS];
	struct motion_hold hold_log[SESSION_MAX_HOLDS];
	bool over_ceiling;       /* the leg is past the ceiling now (until it comes back
	                          * below ceiling - hysteresis) */
	bool ceiling_pass_counted; /* ... and that pass was counted (not begun paused) */
	int n_ceiling;           /* ceiling events counted (not while paused) */
	struct session_ceiling_event ceiling_log[SESSION_MAX_CEILING];
};

void session_init(struct session *s, const struct session_settings *set);
/* Feeds one sample; forwards the motion events (same contract as
 * motion_update) after accounting them to the session. */
int session_update(struct session *s, const struct sample *smp, struct motion_event ev[MOTION_MAX_EVENTS]);

/* Commands (buttons, keys, touch). */
void session_toggle_pause(struct session *s);
void session_recalibrate(struct session *s);
/* Skips a recalibration still waiting for stillness: the previous rest is
 * kept and the session goes on where it was (motion_cancel_recalibration).
 * False when the session was not calibrating. */
bool session_cancel_calibration(struct session *s);
void session_stop(struct session *s);      /* -> DONE now */
void session_restart(struct session *s);   /* fresh session, same settings */

static inline enum session_state session_get_state(const struct session *s) { return s->state; }
static inline double session_work_s(const struct session *s) { return s->work_s; }
static inline int session_reps(const struct session *s) { return s->n_reps; }
/* The i-th counted rep (0-based), or NULL past the log. */
const struct motion_rep *session_rep(const struct session *s, int i);
int session_rep_log_len(const struct session *s);
const struct motion_hold *session_hold(const struct session *s, int i);
int session_hold_log_len(const struct session *s);
void session_get_summary(const struct session *s, struct session_summary *out);
/* The leg is past set.ceiling_deg now (false when the ceiling is off): the
 * screen shows "ease off" while this holds. */
static inline bool session_over_ceiling(const struct session *s) { return s->over_ceiling; }
/* Ceiling events counted in the session (all of them, not only those kept),
 * and the i-th (0-based) kept one, or NULL past the log. */
static inline int session_ceiling_events(const struct session *s) { return s->n_ceiling; }
const struct session_ceiling_event *session_ceiling_event(const struct session *s, int i);
int session_ceiling_log_len(const struct session *s);
const char *session_state_name(enum session_state st);

#endif
