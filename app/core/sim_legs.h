/* SPDX-License-Identifier: MIT */
/*
 * sim_legs — the virtual patient (core/sim.h) on both legs, with each leg's
 * truth. Two scenarios:
 *
 * - two_legs: two sensors, sensor 1 on the left leg, sensor 2 on the right
 *   (two chips: each its own mounting, posture, gyro bias, time jitter). The
 *   left leg works over the first 55 % of the trace and then rests, the
 *   right leg rests until 45 % and then works: one leg at a time, and both
 *   at once in the middle. Each leg is one sim with a working window
 *   (sim_settings.work_from_s, work_until_s), so its truth is that sim's.
 * - left_right: one sensor, the left leg's block (45 % of the trace), then
 *   the sensor is taken off and strapped onto the right leg (SIM_LEGS_HANDLING_S:
 *   still, then turned through its new pose's change plus a whole turn,
 *   then still again), then the right leg's block. Same chip, so the right
 *   block keeps the left block's gyro bias; new mounting and posture. While
 *   the sensor is handled its leg is LEG_NONE (a trace's "# legs: -").
 *
 * Each leg's exercise is set.leg.scenario (default holds: reps and static
 * holds, so both counts and warnings are tested), its seed is derived from
 * set.leg.seed per leg, and every sim.h guarantee about the truth holds per
 * leg. Pure: caller-allocated state, no allocation, no I/O.
 */
#ifndef STRETCHREP_CORE_SIM_LEGS_H
#define STRETCHREP_CORE_SIM_LEGS_H

#include <stdbool.h>
#include "core/leg.h"
#include "core/sim.h"

#define SIM_LEGS_HANDLING_S 8.0       /* the sensor off the legs (left_right) */
#define SIM_LEGS_HANDLING_STILL_S 1.5 /* ... still at first, then turned over 4 s */
#define SIM_LEGS_HANDLING_TURN_S 4.0
#define SIM_LEGS_MIN_S 40.0           /* shortest trace with room for both legs */

enum sim_legs_scenario {
	SIM_LEGS_TWO = 0,      /* "two_legs" */
	SIM_LEGS_LEFT_RIGHT,   /* "left_right" */
	SIM_LEGS_N_SCENARIOS
};

struct sim_legs_settings {
	enum sim_legs_scenario scenario;
	struct sim_settings leg;  /* each leg's patient and sensor; duration_s is the
				   * whole trace's (at least SIM_LEGS_MIN_S, never endless) */
};

#define SIM_LEGS_DEFAULT_EXERCISE SIM_HOLDS   /* reps and holds: counts and warnings */
#define SIM_LEGS_DEFAULT_S 240.0

/* two_legs; each leg sim_default_settings with the default exercise and
 * SIM_LEGS_DEFAULT_S. */
void sim_legs_default_settings(struct sim_legs_settings *out);

/* One line of the trace: sensor k's sample when has[k], each sensor's leg. */
struct sim_legs_row {
	bool has[2];
	struct sample s[2];
	enum leg leg[2];
};

struct sim_legs {
	struct sim_legs_settings set;
	int n_sensors;            /* 2 (two_legs) or 1 (left_right) */
	struct sim sim[2];        /* two_legs: sensor k's leg; left_right: the left, then the right block */
	bool more[2];             /* two_legs: sim k has samples left */
	enum leg legs[2];         /* each sensor's leg at the latest row */
	/* left_right */
	int stage;                /* 0 the left block, 1 handling, 2 the right block */
	double switch_s;          /* the left block ends (its sim's duration) */
	double right_offset_s;    /* the right block's times are its sim's plus this */
	double period_s;
	long n_handling;          /* handling samples made */
	double up_from[3];        /* handling: gravity, sensor frame, turns from up_from */
	double axis[3];           /* ... about axis (unit, normal to it) */
	double turn_rad;          /* ... by this much */
	struct sample last_left;  /* the left block's last sample */
	struct sample first_right;/* the right block's first, made at the switch */
	bool have_first_right;
};

/* Prepares s; NULL means the defaults. A duration under SIM_LEGS_MIN_S (or
 * endless) is raised to it. */
void sim_legs_init(struct sim_legs *s, const struct sim_legs_settings *set);
/* The next row; false at the end. */
bool sim_legs_next(struct sim_legs *s, struct sim_legs_row *out);
/* The truth of one leg (LEG_LEFT, LEG_RIGHT) after the latest row, its times
 * (last_rep_end_s, last_rep_out_s) in the trace's time. */
void sim_legs_truth(const struct sim_legs *s, enum leg leg, struct sim_truth *out);
/* The sim behind a leg (its posture, radius, settings). */
const struct sim *sim_legs_sim(const struct sim_legs *s, enum leg leg);
/* "two_legs", "left_right"; -1 if unknown. */
int sim_legs_scenario_from_name(const char *name);
const char *sim_legs_scenario_name(enum sim_legs_scenario sc);

#endif
