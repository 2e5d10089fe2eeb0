/* SPDX-License-Identifier: MIT */
/*
 * slr — the passive straight-leg-raise (SLR) test, one side at a time.
 *
 * The patient lies supine, the leg flat on the plinth; the clinician raises
 * the straight leg slowly (about 5-10 deg/s) until the knee starts to bend.
 * The result of a trial is the thigh's angle from horizontal at that moment.
 *
 * Zero is the start pose: the still pose the leg lies in, flat on the plinth,
 * before the first trial of the side is taken as 0 deg from horizontal (the
 * sensor's mounting on the thigh is unknown, so nothing else could be). The
 * angle is the fused inclination change of the thigh sensor from that pose
 * (core/orient: the same fusion as the exercise, not a second one).
 *
 * The onset of knee bend is taken
 *  (a) when the clinician marks it (a button or a tap: slr_mark), with one
 *      sensor on the thigh: the angle at the mark's time; or
 *  (b) by itself when a second sensor is on the shank: the knee angle (thigh
 *      minus shank inclination) leaves its value at the trial's start by
 *      knee_threshold_deg; the onset is then followed back along the knee
 *      angle's recent line (fitted against the thigh angle over knee_fit_s)
 *      to where it left the start value, and the thigh angle there is the
 *      result. A mark still counts with a shank sensor (the clinician saw it
 *      first).
 *
 * A trial is taken only when it is sane, each a named setting below:
 *  - it starts from still: the leg lies still for start_still_s (this also
 *    gives the fusion its gyroscope bias) before a trial is armed;
 *  - it starts flat: a trial after the side's first starts within
 *    start_tol_deg of the pose that was 0 (the leg is back on the plinth);
 *  - the leg is raised, slowly: a mark below min_angle_deg, or with the leg
 *    moving faster than max_rate_dps at the mark, is rejected (the protocol's
 *    raise is 5-10 deg/s; at 20 deg/s a clinician's 0.3 s reaction alone is
 *    6 deg), and the leg must come back down for the trial to be repeated.
 *
 * Two trials a side; the side's result is their mean, reported with both
 * trials and the test's measurement error: the minimal detectable change at
 * 95 % confidence (MDC95) from published reliability studies of inclinometer
 * SLR is about 3.3 deg for one rater and about 10 deg between raters. A
 * change between two tests smaller than that is not a change.
 *
 * Pure: caller-allocated state, no allocation, no I/O, time is an argument.
 */
#ifndef STRETCHREP_CORE_SLR_H
#define STRETCHREP_CORE_SLR_H

#include <stdbool.h>
#include "core/orient.h"
#include "core/sample.h"

#define SLR_TRIALS 2                      /* trials a side; the result is their mean */
#define SLR_MDC95_ONE_RATER_DEG 3.3       /* published inclinometer SLR reliability */
#define SLR_MDC95_BETWEEN_RATERS_DEG 10.0
#define SLR_HISTORY 256                   /* recent samples kept for the mark and the fit */
#define SLR_HISTORY_STEP_S 0.004          /* ... at most one every 4 ms (1 s at 250 Hz) */

struct slr_settings {
	struct orient_settings orient;
	double start_still_s;     /* the leg lies still this long before a trial is armed, s:
	                           * a clear start, and the fusion's gyro bias */
	double start_tol_deg;     /* a later trial starts within this of the side's 0, deg:
	                           * back flat on the plinth (a thigh on a pillow is not 0) */
	double min_angle_deg;     /* a result below this is rejected, deg: marked before the
	                           * leg was raised (even very tight hamstrings allow ~25) */
	double max_rate_dps;      /* the leg moving faster than this at the mark: rejected,
	                           * deg/s (the raise is 5-10 deg/s; reaction time x rate) */
	double rate_tau_s;        /* smoothing of the leg's rate, s: a hand's jitter out */
	double knee_threshold_deg;/* shank sensor: the knee angle leaving its start value by
	                           * this is a bend, deg (two fused inclinations agree to well
	                           * under 1 deg during a slow raise; a wobble stays under 2) */
	double knee_fit_s;        /* the knee angle's line is fitted over this much of it
	                           * before the threshold, s: long enough to average the
	                           * noise (0.2-0.3 s left the worst trial 0.3 deg worse
	                           * in tests/test_slr's grid), short enough to stay on
	                           * the bend at 5-10 deg/s */
};

/*
 * The fusion's settings for a passive leg on a plinth: stillness is judged
 * far more strictly than for exercise (no tremor, no sway: only the
 * sensors' noise), so that a raise starting at a crawl is never taken for a
 * still moment and its rate for the gyroscope's bias.
 */
#define SLR_ORIENT_SETTINGS ORIENT_SETTINGS_STILL(0.5, 0.01, 0.3, 0.3)

#define SLR_DEFAULT_SETTINGS { \
	.orient = SLR_ORIENT_SETTINGS, \
	.start_still_s = 1.0, \
	.start_tol_deg = 5.0, \
	.min_angle_deg = 10.0, \
	.max_rate_dps = 20.0, \
	.rate_tau_s = 0.25, \
	.knee_threshold_deg = 3.0, \
	.knee_fit_s = 0.5, \
}

extern const struct slr_settings slr_default_settings;

enum slr_state {
	SLR_SETTLING = 0, /* waiting for the leg to lie still (and flat) */
	SLR_ARMED,        /* a trial runs: raise the leg, mark the bend */
	SLR_DONE,         /* both trials taken */
};

/* What became of the latest mark or bend (for the screen's word). */
enum slr_outcome {
	SLR_OUT_NONE = 0,
	SLR_OUT_TAKEN,     /* a trial was taken */
	SLR_OUT_NOT_READY, /* marked while settling: ignored */
	SLR_OUT_TOO_LOW,   /* below min_angle_deg: rejected */
	SLR_OUT_TOO_FAST,  /* faster than max_rate_dps: rejected */
	SLR_OUT_NOT_FLAT,  /* settled still, but not within start_tol_deg of 0 */
};

struct slr_trial {
	double angle_deg;  /* thigh from horizontal at the onset of knee bend, deg */
	double t_s;        /* the onset's time (sample clock), s */
	double rate_dps;   /* the leg's rate then, deg/s */
	bool by_knee;      /* found by the shank sensor (else marked) */
};

struct slr_result {
	int trials;                          /* taken so far, 0..SLR_TRIALS */
	struct slr_trial trial[SLR_TRIALS];
	double mean_deg;                     /* of the trials taken (0 with none) */
	double mdc95_one_rater_deg;          /* SLR_MDC95_ONE_RATER_DEG */
	double mdc95_between_raters_deg;     /* SLR_MDC95_BETWEEN_RATERS_DEG */
};

struct slr_point {
	double t_s, thigh_deg, knee_deg, rate_dps;
};

struct slr {
	struct slr_settings set;
	struct orient thigh, shank;
	bool with_shank;          /* the shank sensor's samples are given */
	bool has_zero;            /* the side's 0 (flat) pose is set */
	enum slr_state state;
	enum slr_outcome outcome;
	double last_t_s;
	bool have_t;
	double rate_dps;          /* smoothed rate of the thigh angle */
	double prev_deg;
	double knee0_deg;         /* knee angle when the trial was armed */
	double peak_deg;          /* highest thigh angle in this trial */
	struct slr_point hist[SLR_HISTORY]; /* recent points, a ring */
	int hist_n, hist_head;    /* entries held; next slot */
	struct slr_result res;
};

/* Prepares st for one side. set NULL: slr_default_settings. with_shank:
 * slr_update will be given the shank sensor's samples too. */
void slr_init(struct slr *st, const struct slr_settings *set, bool with_shank);
/*
 * One sample of the thigh sensor (and of the shank sensor, taken at the same
 * time, when with_shank; NULL otherwise). Samples out of order or non-finite
 * are ignored. Returns true when this sample took a trial (the bend found by
 * the shank sensor); slr_outcome says what else happened.
 */
bool slr_update(struct slr *st, const struct sample *thigh, const struct sample *shank);
/*
 * The clinician saw the knee bend at t_s (sample clock; a time after the
 * latest sample means the latest, before the kept history the oldest kept).
 * Returns 0 when a trial was taken, -EAGAIN when no trial is armed (settling
 * or done), -ERANGE when the trial was rejected (slr_outcome says why: lower
 * the leg and raise it again).
 */
int slr_mark(struct slr *st, double t_s);
/* The thigh's angle from the flat pose now, deg (0 before it is set). */
double slr_angle_deg(const struct slr *st);
/* The knee's bend since the trial was armed, deg (0 without a shank). */
double slr_knee_deg(const struct slr *st);
static inline enum slr_state slr_get_state(const struct slr *st) { return st->state; }
static inline enum slr_outcome slr_get_outcome(const struct slr *st) { return st->outcome; }
static inline const struct slr_result *slr_get_result(const struct slr *st) { return &st->res; }
/* A short word for an outcome ("taken", "too fast", ...). */
const char *slr_outcome_name(enum slr_outcome o);

#endif
