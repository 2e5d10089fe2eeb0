/* SPDX-License-Identifier: MIT */
/*
 * orient — the segment's inclination from gyroscope + accelerometer.
 *
 * Tracks the gravity direction in the sensor frame: the gyroscope carries it
 * from sample to sample, the accelerometer pulls it back (less while the leg
 * accelerates). The inclination change is the angle between that direction
 * and a reference ("rest") direction, so it is independent of how the strap
 * is mounted and of the rest posture (lying, sitting, standing). Rotation
 * about the vertical is invisible to it, and irrelevant to a leg raise.
 *
 * Gyroscope bias is learnt from the first still half second and tracked
 * whenever the sensor is still again.
 *
 * Pure: caller-allocated state, no allocation, no I/O, time is an argument.
 */
#ifndef STRETCHREP_CORE_ORIENT_H
#define STRETCHREP_CORE_ORIENT_H

#include <stdbool.h>

struct orient_settings {
	double gain_move_per_s;   /* pull toward the accelerometer while turning fast, 1/s */
	double gain_still_per_s;  /* ... and while not turning, 1/s */
	double rate_trust_dps;    /* the gain is halfway between the two at this rate, deg/s
	                           * (<= 0: the rate does not matter) */
	double acc_trust_g;       /* | |a| - 1 g | below this: accelerometer fully trusted */
	double acc_reject_g;      /* ... above this: ignored */
	double stats_tau_s;       /* time constant of the stillness statistics, s */
	double still_gyr_dps;     /* gyro spread (and rate once bias is known) under this is still, deg/s */
	double still_acc_g;       /* accelerometer spread under this is still, g */
	double still_tilt_deg;    /* ... as long as gravity moves less than this, deg */
	double bias_learn_s;      /* first still time before the bias is taken, s */
	double bias_tau_s;        /* time constant of bias tracking while still, s */
	double bias_track_dps;    /* ... only while the mean rate is this close to the bias */
};

/* The defaults as an initializer, so that structs embedding these settings
 * can have complete const defaults too. */
#define ORIENT_DEFAULT_SETTINGS { \
	.gain_move_per_s = 0.1, \
	.gain_still_per_s = 4.0, \
	.rate_trust_dps = 20.0, \
	.acc_trust_g = 0.03, \
	.acc_reject_g = 0.1, \
	.stats_tau_s = 0.2, \
	.still_gyr_dps = 2.5, \
	.still_acc_g = 0.02, \
	.still_tilt_deg = 1.0, \
	.bias_learn_s = 0.5, \
	.bias_tau_s = 4.0, \
	.bias_track_dps = 1.0, \
}

extern const struct orient_settings orient_default_settings;

struct orient {
	struct orient_settings set;
	bool started;
	bool bias_known;
	bool has_ref;
	bool still;
	double still_s;          /* how long still has been true, s */
	double still_dir[3];     /* mean acceleration when this still period began */
	double still_cos2;       /* cos(still_tilt_deg)^2 */
	double rate_k2;          /* (rad/s -> share of rate_trust_dps)^2 */
	double g[3];             /* unit gravity ("up") direction, sensor frame */
	double ref[3];           /* unit reference direction (rest pose) */
	double e1[3], e2[3];     /* orthonormal basis of the plane normal to ref */
	double bias_dps[3];
	double gyr_last_dps[3];  /* previous bias-corrected rate */
	double yaw_deg;          /* rotation about the vertical, integrated gyro (drifts) */
	double gyr_mean[3], gyr_var[3];
	double acc_mean[3], acc_var[3];
};

void orient_init(struct orient *o, const struct orient_settings *set);
/* One sample: acc in g, gyr in deg/s, dt_s since the previous sample (ignored
 * on the first). Non-finite input is ignored (the state is kept). */
void orient_update(struct orient *o, const double acc_g[3], const double gyr_dps[3], double dt_s);
/* Reference := current gravity direction. */
void orient_set_reference(struct orient *o);
/* Moves the reference a fraction (0..1) of the way toward the current direction. */
void orient_follow_reference(struct orient *o, double fraction);
/* Inclination change from the reference, degrees in [0, 180]; 0 without one. */
double orient_angle_deg(const struct orient *o);
/*
 * The same change as a 2-D vector, degrees: the gravity direction mapped onto
 * the plane normal to the reference (azimuthal equidistant map, so its length
 * is orient_angle_deg). Small movements in any direction keep their size
 * whatever the offset from the reference, which a bare angle does not.
 */
void orient_displacement_deg(const struct orient *o, double d[2]);
/*
 * Rotation about the vertical since the start, degrees: invisible to gravity,
 * so it comes from the gyroscope alone and drifts with the residual bias.
 * Only differences over seconds are meaningful.
 */
static inline double orient_yaw_deg(const struct orient *o) { return o->yaw_deg; }
static inline bool orient_is_still(const struct orient *o) { return o->still; }
static inline double orient_still_s(const struct orient *o) { return o->still ? o->still_s : 0.0; }

#endif
