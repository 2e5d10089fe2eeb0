/* SPDX-License-Identifier: MIT */
/*
 * sim_slr — a passive straight-leg raise with known truth (for core/slr).
 *
 * The patient lies supine, the leg flat on the plinth: the thigh at 0 deg
 * from horizontal. For each trial the clinician raises the straight leg:
 * the rate ramps up over 1 s to a steady raise_dps (drawn per trial in
 * raise_min_dps..raise_max_dps), the thigh passes the trial's truth angle,
 * where the knee starts to bend, goes on rising for 1-1.5 s and slows to a
 * stop over 1 s, is held 1-2 s and lowered back flat; 2.5-4 s of rest come
 * before each trial and after the last.
 *
 * The knee: from the truth angle on, the shank lags the thigh. The knee
 * bends at a share (0.6-1.0, per trial) of the thigh's rate, that share
 * itself ramping up from 0 over 0.15-0.3 s (the bend starts softly, not with
 * a jolt); it straightens as the leg is lowered. So the knee angle (thigh
 * minus shank inclination) is exactly 0 before the truth time and grows
 * after it. Any detector that needs a bend of some size sees it late; one
 * that follows the bend's line back lands within about half the softening
 * time's worth of raise (0.15 s x 10 deg/s at worst) of the truth.
 *
 * The clinician's mark (one sensor): reaction_min_s..reaction_max_s after
 * the true onset (drawn per trial); truth gives the thigh's exact angle at
 * that time, which is what a one-sensor test can at best report.
 *
 * Sensors: one on the thigh (and one on the shank when shank is set), each
 * at a random mounting, at a random distance from its joint, with its own
 * gyro bias (up to sensor.gyr_bias_max_dps per axis), noise and 16-bit
 * quantisation: sim.c's sensor model (sim_sensor_read) with the fields of
 * sensor that describe a sensor (rate_hz, jitter_frac, gyr_bias_max_dps,
 * gyr_scale, gyr_noise_dps, acc_noise_g, quantise); its script fields are
 * not used. Accelerations are the exact rigid-body ones of a two-link leg
 * (hip fixed, thigh 0.40-0.46 m long).
 *
 * Pure: caller-allocated state, no allocation, no I/O, deterministic per seed.
 */
#ifndef STRETCHREP_CORE_SIM_SLR_H
#define STRETCHREP_CORE_SIM_SLR_H

#include <stdbool.h>
#include <stdint.h>
#include "core/sample.h"
#include "core/sim.h"

#define SIM_SLR_TRIALS 2

struct sim_slr_settings {
	struct sim_settings sensor; /* the sensor fields (above); seed below */
	uint64_t seed;
	double truth_deg;          /* the knee starts to bend at this thigh angle, deg
	                            * (15-120): trial 1 exactly, trial 2 within
	                            * +-trial_spread_deg of it */
	double trial_spread_deg;   /* trials differ by up to this, deg */
	double raise_min_dps, raise_max_dps; /* steady raising rate, deg/s */
	double reaction_min_s, reaction_max_s; /* the clinician's mark after the onset, s */
	bool shank;                /* a second sensor on the shank */
};

extern const struct sim_slr_settings sim_slr_default_settings;

enum sim_slr_phase {
	SIM_SLR_REST = 0,  /* flat on the plinth */
	SIM_SLR_RAISE,     /* rising (and, past the onset, the knee bending) */
	SIM_SLR_HOLD,      /* held at the top */
	SIM_SLR_LOWER,     /* lowered back flat */
};

struct sim_slr_trial {
	double raise_dps;  /* the steady raising rate */
	double onset_t_s;  /* when the knee starts to bend */
	double onset_deg;  /* the thigh's angle then: the trial's truth */
	double mark_t_s;   /* the clinician's mark */
	double mark_deg;   /* the thigh's angle at the mark */
	double peak_deg;   /* the highest the thigh goes */
	/* the script (times in s) */
	double t0_s, acc_s, stop_s, dec_s, hold_s, lower_s, rest_after_s;
	double knee_share, knee_soft_s;
};

struct sim_slr_truth {
	enum sim_slr_phase phase;
	int trial;                 /* the trial in progress or last begun, 0-based (-1 none yet) */
	double thigh_deg;          /* from horizontal (the flat pose) */
	double shank_deg;
	double knee_deg;           /* thigh minus shank */
	double rate_dps;           /* the thigh's rate */
};

struct sim_slr {
	struct sim_slr_settings set;
	uint64_t rng, rng_noise;
	long n;
	double period_s, t_s, end_s;
	double thigh_len_m;
	double r_thigh_m, r_shank_m;  /* sensors from hip and knee */
	double mount[2][3][3];
	double bias_dps[2][3];
	struct sim_slr_trial trial[SIM_SLR_TRIALS];
	struct sim_slr_truth truth;
	bool done;
};

/* Prepares s (set NULL: the defaults; out-of-range values are clamped). */
void sim_slr_init(struct sim_slr *s, const struct sim_slr_settings *set);
/* The next sample of the thigh sensor and, when shank is set and shank is
 * not NULL, of the shank sensor at the same time. false at the end. */
bool sim_slr_next(struct sim_slr *s, struct sample *thigh, struct sample *shank);
static inline const struct sim_slr_truth *sim_slr_get_truth(const struct sim_slr *s) { return &s->truth; }
/* The thigh's true angle at any time t_s, deg (the script is closed-form). */
double sim_slr_thigh_deg_at(const struct sim_slr *s, double t_s);
/* The whole script's length, s. */
static inline double sim_slr_duration_s(const struct sim_slr *s) { return s->end_s; }

#endif
