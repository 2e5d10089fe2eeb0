/* SPDX-License-Identifier: MIT */
/*
 * sim — a virtual patient with known truth.
 *
 * A rigid thigh (or shank) rotating about the hip, an IMU strapped to it at a
 * random mounting, at a random radius from the joint. The movement is mostly
 * in a vertical plane (pitch); part of each one, and of the posture's drift,
 * turns the segment about its own long axis (roll), so reps leave the plane
 * by up to atan(offplane_max) and the rest creeps sideways too. Roll does
 * not move the sensor, only turns it, so the mechanics stay exact.
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
 * The truth is exact by construction, not by measurement: every rep's peak
 * lies at least 6 deg above its rest, fidgets stay within 1-2.5 deg (except
 * fidget_big's, below), a dwell is either shorter than hold_warn_s - 3.5 s (so
 * that with the ramps' slow ends the leg looks still for well under
 * hold_warn_s - 2 s) or longer than hold_warn_s + 2.5 s,
 * rests between excursions last at least 0.8 s, and a finite script never
 * starts an excursion it cannot finish (plus 1.5 s of rest) before
 * duration_s.
 *
 * Faults real people and sensors bring, each a scenario or a setting:
 * - gyr_scale, gyr_bias_max_dps: a gyroscope that misreports the rate's
 *   size (a full scale decoded with the wrong sensitivity, a clone chip) and
 *   has a zero-rate offset of up to the datasheet's +-20 deg/s.
 * - quickstart: the person is moving within 0.4 s of the first sample (no
 *   still start to calibrate on), and holds about 5 s at the top from the
 *   very first rep. Two reps in three are such holds (dwell drawn in
 *   4.5-5.5 s), every third a dynamic rep (as in dynamic). The dwells keep
 *   the rule above: with hold_warn_s <= 2.5 s each is a hold and warns
 *   (dwell max(drawn, hold_warn_s + 2.5 s)); with hold_warn_s > 2.5 s none
 *   warns and the dwell is capped at hold_warn_s - 3.5 s, so it stays
 *   4.5-5.5 s only from hold_warn_s >= 9 s (the default 10 s).
 * - slip: dynamic reps; once or twice (1 or 2 slips, drawn per seed), about
 *   0.8-1.0 s into the rest after the 3rd-5th rep (and 4-7 reps later), the
 *   strap slips: the sensor turns about the segment's long axis by 8-12 deg
 *   (either way) over 0.15-0.25 s and stays turned. That rest lasts 2.5-3.5 s,
 *   so at least 1.2 s of it is still after the slip. The leg did not move:
 *   angle_deg, tilt_deg, roll_deg and exc_tilt_deg stay the segment's (the
 *   leg's true inclination), so a detector should take the slipped pose as
 *   the new rest and read ~0 there. truth.slip_deg is the sensor's turn on
 *   the segment so far, truth.slips the slips completed.
 * - fidget_big: reps of 20-45 deg (ramps of 0.8 s and up) mixed with quick
 *   fidgets of 3-6 deg into the stretch, 0.15-0.4 s out and as long back,
 *   at rest: rep, fidget, rep, fidget, fidget, ... A fidget is never a rep
 *   (truth.fidgets counts it): it is under a third of the smallest rep and
 *   quicker than any rep's ramp.
 *
 * Pure: caller-allocated state, no allocation, no I/O, deterministic for a
 * given seed (the random generator lives in the state).
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
	SIM_QUICKSTART,  /* moving from the first samples, ~5 s holds from the first rep */
	SIM_SLIP,        /* dynamic reps; the strap slips round the limb once or twice */
	SIM_FIDGET_BIG,  /* reps of 20-45 deg with quick 3-6 deg fidgets at rest */
	SIM_DEMO,        /* endless mix for the kiosk's demo mode */
	SIM_N_SCENARIOS
};

/* Rest posture of the segment, drawn per seed. */
enum sim_posture {
	SIM_LYING = 0,   /* thigh about horizontal, raised upward */
	SIM_SITTING,     /* segment hanging forward-down, lifted forward */
	SIM_STANDING,    /* thigh hanging straight down, swung forward */
	SIM_N_POSTURES
};

/* What the script is doing at the current sample. */
enum sim_phase {
	SIM_PH_REST = 0, /* still at rest (tremor only) */
	SIM_PH_RISE,     /* moving from rest into the stretch */
	SIM_PH_DWELL,    /* still at the peak (a hold when long) */
	SIM_PH_RETURN,   /* moving back out to rest */
	SIM_PH_FIDGET_UP,   /* a small movement at rest that is no rep */
	SIM_PH_FIDGET_DOWN,
};

struct sim_settings {
	enum sim_scenario scenario;
	uint64_t seed;
	double rate_hz;          /* nominal output rate, 25-1000 Hz */
	double jitter_frac;      /* sample-time jitter, peak-to-peak share of the period, 0-0.9 */
	double duration_s;       /* 0: endless */
	double gyr_bias_max_dps; /* bias drawn per axis in [-max, max], deg/s (MPU-6050
				  * zero-rate offset tolerance: +-20) */
	double gyr_scale;        /* the gyroscope reports gyr_scale times the true rate,
				  * before bias and noise (1: correct; a full scale decoded
				  * with the wrong sensitivity is off 2x-8x); its 16-bit
				  * range and step scale with it, as the raw counts still
				  * span +-500 deg/s of true rate; clamped to 0.1-10 */
	double gyr_noise_dps;    /* white noise, standard deviation, deg/s */
	double acc_noise_g;      /* white noise, standard deviation, g */
	double tremor_deg;       /* physiological sway/tremor amplitude, deg (0: none) */
	double offplane_max;     /* each movement rolls by up to this share of its pitch (0: planar) */
	double hold_warn_s;      /* threshold against which truth counts warnings */
	bool quantise;           /* 16-bit quantisation at +-4 g / +-500 deg/s */
	/* A working window inside the trace (both 0: the whole of it), for a leg
	 * that rests while the other works (core/sim_legs.h): */
	double work_from_s;      /* the first rest lasts at least this long */
	double work_until_s;     /* no excursion starts that would not be over (and
				  * 1.5 s of rest after it) by then; 0: duration_s decides */
};

/* The sensor model's defaults (the part of struct sim_settings every
 * simulator here shares: sim.c's sessions, sim_slr.c's raise), as
 * designated initializers to put inside a struct sim_settings. */
#define SIM_SENSOR_DEFAULTS \
	.rate_hz = 100.0, \
	.jitter_frac = 0.1, \
	.gyr_bias_max_dps = 5.0, \
	.gyr_scale = 1.0, \
	.gyr_noise_dps = 0.05,   /* MPU-6050: 0.005 deg/s/sqrt(Hz) over ~100 Hz */ \
	.acc_noise_g = 0.003,    /* MPU-6050: 400 ug/sqrt(Hz) over ~50 Hz */ \
	.quantise = true

extern const struct sim_settings sim_default_settings;

struct sim_truth {
	int reps;                /* reps completed (back at rest) so far */
	int warnings;            /* holds whose dwell reached hold_warn_s so far */
	int holds;               /* dwells of hold length (>= hold_warn_s) begun so far */
	int fidgets;             /* fidgets completed so far (not reps) */
	double last_rep_end_s;   /* when the latest rep came back to rest (-1: none yet) */
	double last_rep_out_s;   /* when the latest rep fell below half its peak on the way back (-1) */
	double last_rep_peak_deg;/* the latest completed rep's peak above its rest, deg */
	double angle_deg;        /* true inclination change from the initial rest pose, deg:
				  * the segment's rotation since, + into the stretch */
	double roll_deg;         /* the segment's roll about its own axis from the initial rest, deg */
	double tilt_deg;         /* the angle between the gravity directions (segment frame)
				  * now and at the initial rest (|angle_deg| when planar) */
	double rest_deg;         /* true rest-posture offset (drift), signed like angle_deg, deg;
				  * angle_deg - rest_deg is the excursion from the current rest */
	double rest_roll_deg;    /* the rest posture's roll (drift), deg */
	double exc_tilt_deg;     /* the angle between the gravity directions now and at the
				  * current rest, signed like angle_deg - rest_deg: what the
				  * detector's inclination should read */
	double rate_dps;         /* true segment angular rate (signed, about its axis), deg/s */
	enum sim_phase phase;    /* what the script does at this sample */
	bool still;              /* no scripted movement (rest or dwell; tremor aside) */
	int slips;               /* strap slips completed so far (scenario slip) */
	double slip_deg;         /* the sensor's turn about the segment's long axis since
				  * the start, deg (the strap's slips; not the leg's roll) */
};

struct sim_excursion {
	bool fidget;             /* a fidget (no rep) rather than a rep */
	bool hold;               /* dwell_s >= hold_warn_s: truth expects a warning */
	double peak_deg;         /* above rest */
	double roll_share;       /* it rolls by roll_share * its pitch (off the plane) */
	double rise_s, dwell_s, return_s, rest_after_s;
};

struct sim {
	struct sim_settings set;
	uint64_t rng;            /* geometry and script */
	uint64_t rng_noise;      /* noise and time jitter */
	long n;                  /* samples produced */
	double period_s;
	double t_s;              /* time of the latest sample */
	enum sim_posture posture;
	double mount[3][3];      /* sensor-from-segment rotation */
	double base_pitch_rad;   /* rest posture of the segment, above horizontal */
	double up0[3];           /* gravity's direction at that rest, segment frame */
	double radius_m;         /* sensor distance from the joint */
	double bias_dps[3];
	double tremor_amp_deg[2], tremor_hz[2], tremor_phase_rad[2];
	/* drift of the rest posture: drift_deg * minimum-jerk over [t0, t0 + len] */
	double drift_deg, drift_t0_s, drift_len_s;
	double drift_roll_deg;   /* ... and its roll, over the same ramp */
	/* strap slips: slip_base_deg + slip_step_deg * minimum-jerk over
	 * [slip_t0_s, slip_t0_s + slip_len_s] (slip_len_s 0: none yet) */
	int n_slips;             /* slips the seed plans */
	int slip_after[2];       /* after which excursions (0-based) */
	double slip_base_deg, slip_step_deg, slip_t0_s, slip_len_s;
	bool slip_counted;       /* the latest slip is in truth.slips */
	/* script */
	enum sim_phase phase;
	double phase_t0_s, phase_len_s;
	double from_deg, to_deg; /* this phase moves from -> to (above rest) */
	struct sim_excursion exc;/* the excursion in progress */
	bool warned;             /* the current dwell already counted its warning */
	bool script_done;        /* a finite script rests until the end */
	int n_excursions;        /* excursions planned so far */
	int planned_reps;        /* reps the script has committed to */
	int planned_warnings;    /* warnings the script has committed to */
	bool done;
	struct sim_truth truth;
};

#define SIM_G0_MPS2 9.80665
#define SIM_ACC_LSB_G (4.0 / 32768.0)      /* 16 bits over +-4 g */
#define SIM_GYR_LSB_DPS (500.0 / 32768.0)  /* 16 bits over +-500 deg/s */

/* Prepares s; set NULL means sim_default_settings. Out-of-range settings
 * are clamped (rate to 25-1000 Hz, jitter to 0-0.9). */
void sim_init(struct sim *s, const struct sim_settings *set);
/* Next sample; false once duration_s has passed (never for endless).
 * Truth (sim_get_truth) then describes the sample just returned. */
bool sim_next(struct sim *s, struct sample *out);
static inline const struct sim_truth *sim_get_truth(const struct sim *s) { return &s->truth; }
/*
 * The sensor model, for the other simulators (sim_slr.c): what an IMU
 * mounted at mount (sensor-from-segment rotation) with gyro bias bias_dps
 * reads for the segment-frame specific force f_seg (g) and rate w_seg
 * (deg/s): set's gyr_scale, noise (from *rng_noise) and quantisation. Fills
 * out's acc_g and gyr_dps, not its time.
 */
void sim_sensor_read(const struct sim_settings *set, const double mount[3][3], const double bias_dps[3],
		     uint64_t *rng_noise, const double f_seg[3], const double w_seg[3], struct sample *out);
/* A uniformly distributed rotation matrix, and a uniform number in [lo, hi),
 * from the generator *rng (splitmix64 state). */
void sim_random_rotation(uint64_t *rng, double m[3][3]);
double sim_rng_uniform(uint64_t *rng, double lo, double hi);
/* Minimum-jerk ramp 0 -> 1 over u in [0, 1] (Flash & Hogan: how people move
 * a limb from one pose to another) and its first two derivatives in u. */
void sim_min_jerk(double u, double *p, double *dp, double *ddp);
/* "dynamic" -> SIM_DYNAMIC; -1 if unknown. */
int sim_scenario_from_name(const char *name);
const char *sim_scenario_name(enum sim_scenario sc);
const char *sim_posture_name(enum sim_posture p);

#endif
