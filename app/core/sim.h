/* SPDX-License-Identifier: MIT */
/*
 * sim — a virtual patient with known truth.
 *
 * A rigid thigh (or shank) rotating about the hip in a vertical plane, an IMU
 * strapped to it at a random mounting, at a random radius from the joint.
 * The accelerometer sees gravity plus tangential and centripetal
 * acceleration; the gyroscope sees the segment's rate plus a constant bias
 * and white noise; both are quantised to 16 bits at +-4 g / +-500 deg/s.
 * Sample times jitter around the nominal rate.
 *
 * The movement is a script generated on the fly from the scenario and the
 * seed (so an endless demo needs no memory): rest, a smooth rise to a peak,
 * a dwell at the top, a smooth return, and so on. Truth is counted as the
 * script runs: reps, holds that outlast a given warning threshold, the time
 * each rep returned to rest, and the true inclination of every sample.
 *
 * Pure: caller-allocated state, deterministic for a given seed.
 */
#ifndef STRETCHREP_CORE_SIM_H
#define STRETCHREP_CORE_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include "core/sample.h"

enum sim_scenario {
	SIM_DYNAMIC = 0, /* steady in-and-out reps, short dwell */
	SIM_HOLDS,       /* reps mixed with static holds of various lengths */
	SIM_FAST,        /* quick reps, no dwell */
	SIM_SLOW,        /* slow reps */
	SIM_SMALL,       /* big reps then 6-16 deg low-amplitude ones */
	SIM_FIDGET,      /* reps with fidgets of a few degrees at rest */
	SIM_DRIFT,       /* rest posture creeping 5-10 deg over minutes */
	SIM_IDLE,        /* no reps at all; still, then fidgets */
	SIM_DEMO,        /* endless mix for the kiosk's demo mode */
	SIM_N_SCENARIOS
};

struct sim_settings {
	enum sim_scenario scenario;
	uint64_t seed;
	double rate_hz;          /* nominal output rate, 25-1000 Hz */
	double jitter_frac;      /* sample-time jitter, share of the period */
	double duration_s;       /* 0: endless */
	double gyr_bias_max_dps; /* bias drawn per axis in [-max, max] */
	double gyr_noise_dps;    /* white noise, standard deviation */
	double acc_noise_g;      /* white noise, standard deviation */
	double hold_warn_s;      /* threshold against which truth counts warnings */
};

extern const struct sim_settings sim_default_settings;

struct sim_truth {
	int reps;                /* reps completed so far */
	int warnings;            /* holds whose dwell reached hold_warn_s so far */
	double last_rep_end_s;   /* when the latest rep came back to rest */
	double angle_deg;        /* true inclination change from rest, this sample */
	double rest_deg;         /* true rest-posture offset (drift), this sample */
};

struct sim {
	struct sim_settings set;
	uint64_t rng;
	double t_s;              /* nominal time of the next sample */
	double mount[3][3];      /* sensor-from-segment rotation */
	double axis_seg[3];      /* rotation axis in the segment frame */
	double base_pitch_rad;   /* rest posture of the segment */
	double radius_m;         /* sensor distance from the joint */
	double bias_dps[3];
	/* script */
	int phase;               /* current script phase */
	double phase_t0_s, phase_len_s;
	double from_deg, to_deg; /* this phase moves from -> to */
	double drift_deg, drift_rate_dps;
	int planned_reps;
	double planned_hold_s;
	bool done;
	struct sim_truth truth;
};

void sim_init(struct sim *s, const struct sim_settings *set);
/* Next sample; false once duration_s has passed (never for endless). */
bool sim_next(struct sim *s, struct sample *out);
static inline const struct sim_truth *sim_get_truth(const struct sim *s) { return &s->truth; }
/* "dynamic" -> SIM_DYNAMIC; -1 if unknown. */
int sim_scenario_from_name(const char *name);
const char *sim_scenario_name(enum sim_scenario sc);

#endif
