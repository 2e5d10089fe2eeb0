// SPDX-License-Identifier: MIT
/*
 * Both legs from sim.c's generator: one sim per leg, windowed (two_legs) or
 * one after the other (left_right), and the sensor's handling in between,
 * in closed form like the rest of the virtual patient.
 */
#include "core/sim_legs.h"

#include <math.h>
#include <string.h>
#include "core/vec.h"

#define SIM_LEGS_LEFT_UNTIL 0.55    /* two_legs: the left leg works until 55 % */
#define SIM_LEGS_RIGHT_FROM 0.45    /* ... the right from 45 % */
#define SIM_LEGS_SWITCH_AT 0.45     /* left_right: the left block's share */
#define SIM_LEGS_SEED_RIGHT 0x6a09e667f3bcc909ULL   /* the right leg's seed: another draw */

void sim_legs_default_settings(struct sim_legs_settings *out)
{
	out->scenario = SIM_LEGS_TWO;
	out->leg = sim_default_settings;
	out->leg.scenario = SIM_LEGS_DEFAULT_EXERCISE;
	out->leg.duration_s = SIM_LEGS_DEFAULT_S;
}

static const char *const scenario_names[SIM_LEGS_N_SCENARIOS] = {
	[SIM_LEGS_TWO] = "two_legs", [SIM_LEGS_LEFT_RIGHT] = "left_right",
};

int sim_legs_scenario_from_name(const char *name)
{
	for (int i = 0; i < SIM_LEGS_N_SCENARIOS; i++)
		if (name && !strcmp(name, scenario_names[i]))
			return i;
	return -1;
}

const char *sim_legs_scenario_name(enum sim_legs_scenario sc)
{
	return (unsigned)sc < SIM_LEGS_N_SCENARIOS ? scenario_names[sc] : "?";
}

void sim_legs_init(struct sim_legs *s, const struct sim_legs_settings *set)
{
	struct sim_settings left, right;
	double d;

	memset(s, 0, sizeof(*s));
	if (set)
		s->set = *set;
	else
		sim_legs_default_settings(&s->set);
	if ((unsigned)s->set.scenario >= SIM_LEGS_N_SCENARIOS)
		s->set.scenario = SIM_LEGS_TWO;
	if (!(s->set.leg.duration_s >= SIM_LEGS_MIN_S))
		s->set.leg.duration_s = SIM_LEGS_MIN_S;
	d = s->set.leg.duration_s;
	left = right = s->set.leg;
	right.seed = left.seed ^ SIM_LEGS_SEED_RIGHT;

	if (s->set.scenario == SIM_LEGS_TWO) {
		s->n_sensors = 2;
		left.work_until_s = SIM_LEGS_LEFT_UNTIL * d;
		right.work_from_s = SIM_LEGS_RIGHT_FROM * d;
		sim_init(&s->sim[0], &left);
		sim_init(&s->sim[1], &right);
		s->more[0] = s->more[1] = true;
		s->legs[0] = LEG_LEFT;
		s->legs[1] = LEG_RIGHT;
		return;
	}
	s->n_sensors = 1;
	s->switch_s = SIM_LEGS_SWITCH_AT * d;
	s->right_offset_s = s->switch_s + SIM_LEGS_HANDLING_S;
	left.duration_s = s->switch_s;
	right.duration_s = d - s->right_offset_s;
	sim_init(&s->sim[0], &left);
	sim_init(&s->sim[1], &right);
	/* the same chip on the other leg: the same zero-rate offset */
	memcpy(s->sim[1].bias_dps, s->sim[0].bias_dps, sizeof(s->sim[1].bias_dps));
	s->period_s = s->sim[0].period_s;
	s->legs[0] = LEG_LEFT;
	s->legs[1] = LEG_UNKNOWN;
}

/* The sensor turns from the left leg's last pose to the right leg's first:
 * gravity, in the sensor's frame, rotates about one axis normal to it by
 * the angle between them plus a whole turn (the strap taken off, turned
 * over in the hand, put on the other leg). */
static void plan_handling(struct sim_legs *s)
{
	double to[3], c[3];

	memcpy(s->up_from, s->last_left.acc_g, sizeof(s->up_from));
	memcpy(to, s->first_right.acc_g, sizeof(to));
	vec_normalize(s->up_from);
	vec_normalize(to);
	vec_cross(s->up_from, to, c);
	if (vec_normalize(c) < 1e-6) {
		/* the same (or opposite) direction: any axis normal to it */
		double e[3] = { 0.0, 0.0, 0.0 };

		e[fabs(s->up_from[0]) < 0.6 ? 0 : 1] = 1.0;
		vec_cross(s->up_from, e, c);
		vec_normalize(c);
	}
	memcpy(s->axis, c, sizeof(c));
	s->turn_rad = vec_angle_deg(s->up_from, to) * VEC_DEG2RAD + 2.0 * VEC_PI;
}

/* A handling sample at t_s: gravity turned by theta about the axis, the
 * gyroscope's rate -theta' about it (dg/dt = -w x g for a fixed g) plus the
 * chip's bias. No noise: nothing is measured on these samples. */
static void handling_sample(const struct sim_legs *s, double t_s, struct sample *out)
{
	double u = (t_s - s->switch_s - SIM_LEGS_HANDLING_STILL_S) / SIM_LEGS_HANDLING_TURN_S;
	double p, dp, ddp, th, rate_dps, ca, sa, axu[3];
	const struct sim *left = &s->sim[0];

	sim_min_jerk(u, &p, &dp, &ddp);
	th = s->turn_rad * p;
	rate_dps = s->turn_rad * dp / SIM_LEGS_HANDLING_TURN_S * VEC_RAD2DEG;
	ca = cos(th);
	sa = sin(th);
	vec_cross(s->axis, s->up_from, axu);
	out->t_s = t_s;
	for (int i = 0; i < 3; i++) {
		out->acc_g[i] = s->up_from[i] * ca + axu[i] * sa;
		out->gyr_dps[i] = -rate_dps * s->axis[i] * left->set.gyr_scale + left->bias_dps[i];
	}
}

static bool next_left_right(struct sim_legs *s, struct sim_legs_row *out)
{
	out->has[1] = false;
	if (s->stage == 0) {
		if (sim_next(&s->sim[0], &out->s[0])) {
			s->last_left = out->s[0];
			out->has[0] = true;
			s->legs[0] = LEG_LEFT;
			return true;
		}
		s->have_first_right = sim_next(&s->sim[1], &s->first_right);
		plan_handling(s);
		s->stage = 1;
	}
	if (s->stage == 1) {
		double t = s->switch_s + (double)(s->n_handling + 1) * s->period_s;

		if (t < s->right_offset_s) {
			s->n_handling++;
			handling_sample(s, t, &out->s[0]);
			out->has[0] = true;
			s->legs[0] = LEG_NONE;
			return true;
		}
		s->stage = 2;
		if (s->have_first_right) {
			out->s[0] = s->first_right;
			out->s[0].t_s += s->right_offset_s;
			out->has[0] = true;
			s->legs[0] = LEG_RIGHT;
			return true;
		}
	}
	if (s->stage == 2 && sim_next(&s->sim[1], &out->s[0])) {
		out->s[0].t_s += s->right_offset_s;
		out->has[0] = true;
		s->legs[0] = LEG_RIGHT;
		return true;
	}
	return false;
}

bool sim_legs_next(struct sim_legs *s, struct sim_legs_row *out)
{
	bool any;

	memset(out, 0, sizeof(*out));
	if (s->set.scenario == SIM_LEGS_TWO) {
		for (int k = 0; k < 2; k++) {
			if (s->more[k])
				s->more[k] = sim_next(&s->sim[k], &out->s[k]);
			out->has[k] = s->more[k];
		}
		any = out->has[0] || out->has[1];
	} else {
		any = next_left_right(s, out);
	}
	memcpy(out->leg, s->legs, sizeof(out->leg));
	return any;
}

const struct sim *sim_legs_sim(const struct sim_legs *s, enum leg leg)
{
	return &s->sim[leg == LEG_RIGHT ? 1 : 0];
}

void sim_legs_truth(const struct sim_legs *s, enum leg leg, struct sim_truth *out)
{
	*out = *sim_get_truth(sim_legs_sim(s, leg));
	if (s->set.scenario == SIM_LEGS_LEFT_RIGHT && leg == LEG_RIGHT) {
		if (out->last_rep_end_s >= 0.0)
			out->last_rep_end_s += s->right_offset_s;
		if (out->last_rep_out_s >= 0.0)
			out->last_rep_out_s += s->right_offset_s;
	}
}
