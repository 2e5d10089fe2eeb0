// SPDX-License-Identifier: MIT
/*
 * The passive straight-leg raise of sim_slr.h: a closed-form script of the
 * thigh's angle and the knee's bend (each with two time derivatives), the
 * exact accelerations of a two-link leg, and sim.c's sensor model.
 */
#include <math.h>
#include <string.h>
#include "core/sim_slr.h"
#include "core/vec.h"

const struct sim_slr_settings sim_slr_default_settings = {
	.sensor = { SIM_SENSOR_DEFAULTS },
	.seed = 1,
	.truth_deg = 60.0,
	.trial_spread_deg = 1.5,
	.raise_min_dps = 5.0,
	.raise_max_dps = 10.0,
	.reaction_min_s = 0.2,
	.reaction_max_s = 0.4,
	.shank = false,
};

#define ACC_S 1.0          /* the raise's rate ramps up over this */
#define DEC_S 1.0          /* ... and down over this at the top */

static double clampd(double v, double lo, double hi)
{
	return !(v >= lo) ? lo : v > hi ? hi : v;
}

/* The integral of the minimum-jerk ramp from 0 to u (u in [0, 1]). */
static double min_jerk_area(double u)
{
	double u4 = u * u * u * u;

	return u4 * (2.5 - 3.0 * u + u * u);
}

static double uni(struct sim_slr *s, double lo, double hi)
{
	return sim_rng_uniform(&s->rng, lo, hi);
}

void sim_slr_init(struct sim_slr *s, const struct sim_slr_settings *set)
{
	struct sim_slr_settings *c = &s->set;
	double t;

	memset(s, 0, sizeof(*s));
	*c = set ? *set : sim_slr_default_settings;
	c->sensor.rate_hz = clampd(c->sensor.rate_hz, 25.0, 1000.0);
	c->sensor.jitter_frac = clampd(c->sensor.jitter_frac, 0.0, 0.9);
	c->sensor.gyr_scale = clampd(c->sensor.gyr_scale, 0.1, 10.0);
	c->truth_deg = clampd(c->truth_deg, 15.0, 120.0);
	c->trial_spread_deg = clampd(c->trial_spread_deg, 0.0, 5.0);
	c->raise_min_dps = clampd(c->raise_min_dps, 1.0, 20.0);
	c->raise_max_dps = clampd(c->raise_max_dps, c->raise_min_dps, 20.0);
	c->reaction_min_s = clampd(c->reaction_min_s, 0.0, 0.9);
	c->reaction_max_s = clampd(c->reaction_max_s, c->reaction_min_s, 0.9);
	s->period_s = 1.0 / c->sensor.rate_hz;
	s->rng = c->seed;
	s->rng_noise = c->seed ^ 0x51a7e0f1e95eed5ULL;
	sim_rng_uniform(&s->rng_noise, 0.0, 1.0);

	s->thigh_len_m = uni(s, 0.40, 0.46);
	s->r_thigh_m = uni(s, 0.15, 0.30);
	s->r_shank_m = uni(s, 0.10, 0.30);
	for (int k = 0; k < 2; k++) {
		sim_random_rotation(&s->rng, s->mount[k]);
		for (int i = 0; i < 3; i++)
			s->bias_dps[k][i] = uni(s, -1.0, 1.0) * c->sensor.gyr_bias_max_dps;
	}

	t = uni(s, 2.5, 4.0);
	for (int i = 0; i < SIM_SLR_TRIALS; i++) {
		struct sim_slr_trial *tr = &s->trial[i];
		double v = uni(s, c->raise_min_dps, c->raise_max_dps);
		double d = c->truth_deg + (i ? uni(s, -1.0, 1.0) * c->trial_spread_deg : 0.0);
		double on;

		tr->raise_dps = v;
		tr->t0_s = t;
		tr->acc_s = ACC_S;
		tr->dec_s = DEC_S;
		tr->onset_deg = d;
		on = ACC_S + (d - v * ACC_S / 2.0) / v;   /* d is reached in the steady part */
		tr->onset_t_s = t + on;
		tr->stop_s = on + uni(s, 1.0, 1.5);
		tr->peak_deg = v * ACC_S / 2.0 + v * (tr->stop_s - ACC_S) + v * DEC_S / 2.0;
		tr->hold_s = uni(s, 1.0, 2.0);
		tr->lower_s = fmax(2.0, tr->peak_deg / 15.0);
		tr->rest_after_s = uni(s, 2.5, 4.0);
		tr->knee_share = uni(s, 0.6, 1.0);
		tr->knee_soft_s = uni(s, 0.15, 0.3);
		tr->mark_t_s = tr->onset_t_s + uni(s, c->reaction_min_s, c->reaction_max_s);
		t = tr->t0_s + tr->stop_s + DEC_S + tr->hold_s + tr->lower_s + tr->rest_after_s;
	}
	s->end_s = t;
	for (int i = 0; i < SIM_SLR_TRIALS; i++)
		s->trial[i].mark_deg = sim_slr_thigh_deg_at(s, s->trial[i].mark_t_s);
	s->truth.trial = -1;
}

/* The thigh's angle above flat and the knee's bend, deg, with their first
 * two time derivatives, within trial tr at tau seconds after its start. */
struct leg {
	double a, da, dda;   /* thigh */
	double k, dk, ddk;   /* knee */
	enum sim_slr_phase phase;
};

static void thigh_at(const struct sim_slr_trial *tr, double tau, struct leg *l)
{
	double v = tr->raise_dps, p, dp, ddp, u;
	double stop_deg = v * ACC_S / 2.0 + v * (tr->stop_s - ACC_S);
	double top = tr->stop_s + tr->dec_s, low = top + tr->hold_s;

	l->da = l->dda = 0.0;
	if (tau <= 0.0 || tau >= low + tr->lower_s) {   /* flat on the plinth */
		l->a = 0.0;
		l->phase = SIM_SLR_REST;
	} else if (tau < ACC_S) {
		u = tau / ACC_S;
		sim_min_jerk(u, &p, &dp, &ddp);
		l->a = v * ACC_S * min_jerk_area(u);
		l->da = v * p;
		l->dda = v * dp / ACC_S;
		l->phase = SIM_SLR_RAISE;
	} else if (tau < tr->stop_s) {
		l->a = v * ACC_S / 2.0 + v * (tau - ACC_S);
		l->da = v;
		l->phase = SIM_SLR_RAISE;
	} else if (tau < top) {
		u = (tau - tr->stop_s) / tr->dec_s;
		sim_min_jerk(u, &p, &dp, &ddp);
		l->a = stop_deg + v * tr->dec_s * (u - min_jerk_area(u));
		l->da = v * (1.0 - p);
		l->dda = -v * dp / tr->dec_s;
		l->phase = SIM_SLR_RAISE;
	} else if (tau < low) {
		l->a = tr->peak_deg;
		l->phase = SIM_SLR_HOLD;
	} else {
		u = (tau - low) / tr->lower_s;
		sim_min_jerk(u, &p, &dp, &ddp);
		l->a = tr->peak_deg * (1.0 - p);
		l->da = -tr->peak_deg * dp / tr->lower_s;
		l->dda = -tr->peak_deg * ddp / (tr->lower_s * tr->lower_s);
		l->phase = SIM_SLR_LOWER;
	}
}

static void leg_at(const struct sim_slr_trial *tr, double tau, struct leg *l)
{
	double on = tr->onset_t_s - tr->t0_s, soft = tr->knee_soft_s, c = tr->knee_share;
	double v = tr->raise_dps, p, dp, ddp;
	double low = tr->stop_s + tr->dec_s + tr->hold_s;
	/* the bend where its share has ramped up, and at the top */
	double k_soft = c * v * soft / 2.0;
	double a_soft = tr->onset_deg + v * soft;
	double k_top = k_soft + c * (tr->peak_deg - a_soft);

	thigh_at(tr, tau, l);
	l->k = l->dk = l->ddk = 0.0;
	if (tau <= on || tau >= low + tr->lower_s)
		return;
	if (tau < on + soft) {
		/* the thigh rises steadily here (stop_s > on + 1 s) */
		double u = (tau - on) / soft;

		sim_min_jerk(u, &p, &dp, &ddp);
		l->k = c * v * soft * min_jerk_area(u);
		l->dk = c * v * p;
		l->ddk = c * v * dp / soft;
	} else if (tau < low) {
		l->k = k_soft + c * (l->a - a_soft);
		l->dk = c * l->da;
		l->ddk = c * l->dda;
	} else {
		double u = (tau - low) / tr->lower_s;

		sim_min_jerk(u, &p, &dp, &ddp);
		l->k = k_top * (1.0 - p);
		l->dk = -k_top * dp / tr->lower_s;
		l->ddk = -k_top * ddp / (tr->lower_s * tr->lower_s);
	}
}

/* The trial whose script covers t_s (the last begun), or -1 before the first. */
static int trial_at(const struct sim_slr *s, double t_s)
{
	int i = -1;

	while (i + 1 < SIM_SLR_TRIALS && t_s >= s->trial[i + 1].t0_s)
		i++;
	return i;
}

double sim_slr_thigh_deg_at(const struct sim_slr *s, double t_s)
{
	int i = trial_at(s, t_s);
	struct leg l;

	if (i < 0)
		return 0.0;
	thigh_at(&s->trial[i], t_s - s->trial[i].t0_s, &l);
	return l.a;
}

/* Specific force (g) of a point r metres along a segment at angle b (rad,
 * rate db rad/s, acceleration ddb rad/s^2), added to f (x along the flat
 * leg, z up). */
static void add_arm(double r, double b, double db, double ddb, double f[2])
{
	f[0] += r * (-ddb * sin(b) - db * db * cos(b)) / SIM_G0_MPS2;
	f[1] += r * (ddb * cos(b) - db * db * sin(b)) / SIM_G0_MPS2;
}

/* What a sensor on the segment at angle b (rad) and rate db_dps reads for
 * the world-frame specific force f. */
static void read_sensor(struct sim_slr *s, int k, double b, double db_dps, const double f[2], struct sample *out)
{
	/* segment frame: x along the limb, z its normal (up when flat) */
	double f_seg[3] = { f[0] * cos(b) + f[1] * sin(b), 0.0, -f[0] * sin(b) + f[1] * cos(b) };
	double w_seg[3] = { 0.0, -db_dps, 0.0 };

	sim_sensor_read(&s->set.sensor, s->mount[k], s->bias_dps[k], &s->rng_noise, f_seg, w_seg, out);
}

bool sim_slr_next(struct sim_slr *s, struct sample *thigh, struct sample *shank)
{
	double t = (double)s->n * s->period_s;
	struct leg l = { 0 };
	int i;

	if (s->done)
		return false;
	if (s->n > 0)
		t += sim_rng_uniform(&s->rng_noise, -0.5, 0.5) * s->set.sensor.jitter_frac * s->period_s;
	if (t > s->end_s) {
		s->done = true;
		return false;
	}
	s->n++;
	s->t_s = t;
	i = trial_at(s, t);
	if (i >= 0)
		leg_at(&s->trial[i], t - s->trial[i].t0_s, &l);
	else
		l.phase = SIM_SLR_REST;

	double th = l.a * VEC_DEG2RAD, dth = l.da * VEC_DEG2RAD, ddth = l.dda * VEC_DEG2RAD;
	double ph = (l.a - l.k) * VEC_DEG2RAD, dph = (l.da - l.dk) * VEC_DEG2RAD;
	double ddph = (l.dda - l.ddk) * VEC_DEG2RAD;
	double f[2] = { 0.0, 1.0 };

	add_arm(s->r_thigh_m, th, dth, ddth, f);
	thigh->t_s = t;
	read_sensor(s, 0, th, l.da, f, thigh);
	if (s->set.shank && shank) {
		f[0] = 0.0;
		f[1] = 1.0;
		add_arm(s->thigh_len_m, th, dth, ddth, f);
		add_arm(s->r_shank_m, ph, dph, ddph, f);
		shank->t_s = t;
		read_sensor(s, 1, ph, l.da - l.dk, f, shank);
	}
	s->truth.phase = l.phase;
	s->truth.trial = i;
	s->truth.thigh_deg = l.a;
	s->truth.shank_deg = l.a - l.k;
	s->truth.knee_deg = l.k;
	s->truth.rate_dps = l.da;
	return true;
}
