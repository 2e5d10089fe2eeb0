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
 * The gyroscope is checked against gravity, never trusted blindly:
 *  - its bias (zero-rate offset) is taken from any still moment of
 *    bias_learn_s, whatever it is (field parts: up to +-20 deg/s), and
 *    re-taken whenever a later still moment disagrees with it; stillness is
 *    judged from the spread of both sensors and from gravity not moving, so
 *    it needs no bias and no quiet start;
 *  - its scale is checked between still poses: how far gravity turned by the
 *    accelerometer against how far the gyroscope carried it (the farthest
 *    point of each, low-passed alike). The ratio corrects the gyro online (a
 *    full-scale setting decoded with the wrong sensitivity reads 2x-8x).
 *    Until one check has confirmed it the gyro carries only half the turn
 *    it reports and the accelerometer leads (unverified_tau_s): a fidget
 *    read four times over must not become a rep.
 * A bias or scale outside the datasheets' tolerance is reported
 * (orient_gyro_check) for the probe, the session record and the screen.
 *
 * Pure: caller-allocated state, no allocation, no I/O, time is an argument.
 */
#ifndef STRETCHREP_CORE_ORIENT_H
#define STRETCHREP_CORE_ORIENT_H

#include <stdbool.h>

struct orient_settings {
	double gain_move_per_s;   /* pull toward the accelerometer while turning fast, 1/s:
	                           * weak (10 s), the leg's own acceleration tilts it then */
	double gain_still_per_s;  /* ... and while not turning, 1/s: strong (0.25 s), only
	                           * gravity acts on a still leg */
	double rate_trust_dps;    /* the gain is halfway between the two at this rate, deg/s:
	                           * a slow raise (under ~20 deg/s) accelerates the leg little
	                           * (<= 0: the rate does not matter) */
	double acc_trust_g;       /* | |a| - 1 g | below this: accelerometer fully trusted
	                           * (tremor and noise reach ~0.02 g) */
	double acc_reject_g;      /* ... above this: ignored (a kick or a jolt) */
	double stats_tau_s;       /* time constant of the stillness statistics, s: a few
	                           * samples at 25 Hz, short enough to see a 0.3 s pause */
	double still_gyr_dps;     /* gyro spread (and rate once bias is known) under this is
	                           * still, deg/s: a resting leg's tremor stays under ~1 */
	double still_acc_g;       /* accelerometer spread under this is still, g (noise ~0.005,
	                           * a moving leg well above 0.02) */
	double still_tilt_deg;    /* ... as long as gravity moves less than this, deg: a slow
	                           * steady raise has little spread, but moves gravity */
	double bias_learn_s;      /* still time that gives the bias, s: the shortest pause
	                           * people make between reps */
	double bias_tau_s;        /* time constant of bias tracking while still, s (a bias
	                           * drifts with temperature over minutes) */
	double bias_track_dps;    /* the bias follows a still rate this close to it, deg/s */
	double bias_tol_dps;      /* a bias beyond this on any axis is out of tolerance, deg/s
	                           * (MPU-6050 datasheet: +-20 deg/s zero-rate offset) */
	double scale_min_turn_deg;/* gravity must turn this far for a scale check, deg (below
	                           * it, noise and the leg's own acceleration dominate) */
	double scale_tol;         /* |scale - 1| beyond this is out of tolerance (the parts
	                           * promise +-3 %; the check itself is good to about 10 %) */
	double unverified_tau_s;  /* accelerometer time constant while the gyro is unchecked, s:
	                           * it leads, so a gyro reading 4x cannot make a fidget a rep */
	double unverified_gyro_weight; /* the share of its reported turn an unchecked gyro
	                           * carries: 0.5 halves the lag behind a correct gyro and is
	                           * no worse than the accelerometer alone for any factor from
	                           * 0.25 to 4 (|0.5 k - 1| <= 1) */
};

/* The settings as an initializer, so that structs embedding them can have
 * complete const defaults too; only what decides stillness is a parameter
 * (still_gyr_dps, still_acc_g, still_tilt_deg, bias_track_dps): the one
 * thing a use other than exercise (slr.h: a passive leg on a plinth) needs
 * to judge differently. */
#define ORIENT_SETTINGS_STILL(still_gyr, still_acc, still_tilt, bias_track) { \
	.gain_move_per_s = 0.1, \
	.gain_still_per_s = 4.0, \
	.rate_trust_dps = 20.0, \
	.acc_trust_g = 0.03, \
	.acc_reject_g = 0.1, \
	.stats_tau_s = 0.2, \
	.still_gyr_dps = (still_gyr), \
	.still_acc_g = (still_acc), \
	.still_tilt_deg = (still_tilt), \
	.bias_learn_s = 0.3, \
	.bias_tau_s = 4.0, \
	.bias_track_dps = (bias_track), \
	.bias_tol_dps = 20.0, \
	.scale_min_turn_deg = 8.0, \
	.scale_tol = 0.2, \
	.unverified_tau_s = 0.1, \
	.unverified_gyro_weight = 0.5, \
}

/* The exercise's: a leg held by a person (tremor, sway) is still within these. */
#define ORIENT_DEFAULT_SETTINGS ORIENT_SETTINGS_STILL(2.5, 0.02, 1.0, 1.0)

extern const struct orient_settings orient_default_settings;

/* The gyro's scale is the median of this many latest checks. */
#define ORIENT_SCALE_CHECKS 5

/* A calm period (orient.c: calm_update). */
struct orient_calm {
	bool on;
	double s;                /* how long, s */
	double dir[3];           /* mean acceleration when it began */
};

struct orient {
	struct orient_settings set;
	bool started;
	bool bias_known;
	bool has_ref;
	struct orient_calm still;  /* both sensors quiet: the bias can be read */
	struct orient_calm steady; /* the accelerometer quiet: a pose for the scale check */
	double still_cos2;       /* cos(still_tilt_deg)^2 */
	double rate_k2;          /* (rad/s -> share of rate_trust_dps)^2 */
	double g[3];             /* unit gravity ("up") direction, sensor frame */
	double ref[3];           /* unit reference direction (rest pose) */
	double e1[3], e2[3];     /* orthonormal basis of the plane normal to ref */
	double bias_dps[3];
	double still_turn[3];    /* what the gyro turned (bias off) while the accelerometer was steady, deg */
	double gyr_last_dps[3];  /* previous bias-corrected rate */
	double yaw_deg;          /* rotation about the vertical, integrated gyro (drifts) */
	double gyr_mean[3], gyr_var[3];
	double acc_mean[3], acc_var[3];
	/* the gyro checked against gravity between still poses */
	double gyr_scale;        /* the gyro reads this many times the true rate (checked) */
	double gyr_gain;         /* applied to its readings: 1 / gyr_scale when out of tolerance */
	int scale_checks;        /* comparisons made (0: the gyro is unverified) */
	double scale_ratios[ORIENT_SCALE_CHECKS]; /* the latest ones, a ring */
	bool have_pose;          /* a still pose to compare from */
	bool left_pose;          /* moved since */
	double pose[3];          /* gravity (unit) at the last still pose */
	double carried[3];       /* the turn the gyro reported since (bias off, unscaled), deg */
	double carried_area;     /* integral of its angle from pose, deg s */
	double acc_area;         /* ... and of the accelerometer's, deg s */
	double acc_min_cos;      /* cosine of the farthest the low-passed accelerometer went */
	double turn_cos, back_cos; /* cos(scale_min_turn_deg) and of a quarter of it */
};

/* What the gyroscope check found, for reports. */
struct orient_gyro_check {
	bool bias_known;
	double bias_dps[3];
	bool bias_out_of_tol;    /* some axis beyond bias_tol_dps */
	int scale_checks;        /* 0: scale not checked yet */
	double scale;            /* gyro reading / true rate (1 until checked) */
	bool scale_out_of_tol;   /* |scale - 1| > scale_tol */
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
static inline bool orient_started(const struct orient *o) { return o->started; }
static inline bool orient_is_still(const struct orient *o) { return o->still.on; }
static inline double orient_still_s(const struct orient *o) { return o->still.on ? o->still.s : 0.0; }
void orient_gyro_check(const struct orient *o, struct orient_gyro_check *out);

#endif
