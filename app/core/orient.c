// SPDX-License-Identifier: MIT
/*
 * A complementary filter on the gravity direction, in the spirit of Mahony's
 * and Madgwick's filters (as in Fusion) but reduced to what an inclination
 * needs: one unit vector, no heading. Stillness statistics are exponential
 * moving averages, so the state is a few dozen doubles.
 */
#include "core/orient.h"

#include <math.h>
#include <string.h>
#include "core/sample.h"
#include "core/vec.h"

const struct orient_settings orient_default_settings = ORIENT_DEFAULT_SETTINGS;

void orient_init(struct orient *o, const struct orient_settings *set)
{
	memset(o, 0, sizeof(*o));
	o->set = set ? *set : orient_default_settings;
	o->g[2] = 1.0;
	o->ref[2] = 1.0;
	o->e1[0] = 1.0;
	o->e2[1] = 1.0;
	o->still_cos2 = cos(o->set.still_tilt_deg * VEC_DEG2RAD);
	o->still_cos2 *= o->still_cos2;
	/* rate_trust_dps <= 0: the turn rate does not lower the trust */
	o->rate_k2 = o->set.rate_trust_dps > 0.0 ? VEC_RAD2DEG / o->set.rate_trust_dps : 0.0;
	o->rate_k2 *= o->rate_k2;
}

static int all_finite(const double a[3])
{
	return isfinite(a[0]) && isfinite(a[1]) && isfinite(a[2]);
}

/* Rotates v by -w*dt (w in rad/s): a world-fixed vector seen from the body. */
static void rotate_by_rate(double v[3], const double w[3], double dt_s)
{
	double r[3] = { w[0] * dt_s, w[1] * dt_s, w[2] * dt_s };   /* rotation vector */
	double a2 = vec_dot(r, r), c, s_a, k_a2, cr[3], rv;

	/* Rodrigues with angle -|r| about r/|r|, written in r itself:
	 * v' = c v - (sin|r|/|r|) (r x v) + ((1 - c)/|r|^2) (r . v) r.
	 * Steps are small (a few degrees even at 25 Hz): below 0.1 rad the
	 * series are exact to 1e-9 and need neither sqrt nor sincos. */
	if (a2 < 1e-24)
		return;
	if (a2 < 0.01) {
		c = 1.0 - a2 * (0.5 - a2 / 24.0);
		s_a = 1.0 - a2 * (1.0 / 6.0 - a2 / 120.0);
		k_a2 = 0.5 - a2 * (1.0 / 24.0 - a2 / 720.0);
	} else {
		double ang = sqrt(a2);

		c = cos(ang);
		s_a = sin(ang) / ang;
		k_a2 = (1.0 - c) / a2;
	}
	rv = vec_dot(r, v) * k_a2;
	vec_cross(r, v, cr);
	for (int i = 0; i < 3; i++)
		v[i] = v[i] * c - cr[i] * s_a + r[i] * rv;
}

static void update_stats(struct orient *o, const double acc[3], const double gyr[3], double a)
{
	for (int i = 0; i < 3; i++) {
		double dg = gyr[i] - o->gyr_mean[i];
		double da = acc[i] - o->acc_mean[i];

		o->gyr_mean[i] += a * dg;
		o->gyr_var[i] += a * (dg * dg - o->gyr_var[i]);
		o->acc_mean[i] += a * da;
		o->acc_var[i] += a * (da * da - o->acc_var[i]);
	}
}

static double mean_off_bias_dps(const struct orient *o)
{
	double m[3] = { o->gyr_mean[0] - o->bias_dps[0], o->gyr_mean[1] - o->bias_dps[1],
			o->gyr_mean[2] - o->bias_dps[2] };

	return vec_norm(m);
}

static int is_still(const struct orient *o, const double gyr[3])
{
	const struct orient_settings *st = &o->set;
	double gv = o->gyr_var[0] + o->gyr_var[1] + o->gyr_var[2];
	double av = o->acc_var[0] + o->acc_var[1] + o->acc_var[2];

	if (gv > st->still_gyr_dps * st->still_gyr_dps)
		return 0;
	if (av > st->still_acc_g * st->still_acc_g)
		return 0;
	if (o->bias_known) {
		/* A slow steady turn has little spread: compare the rate too. */
		double d[3] = { gyr[0] - o->bias_dps[0], gyr[1] - o->bias_dps[1],
				gyr[2] - o->bias_dps[2] };

		if (mean_off_bias_dps(o) > st->still_gyr_dps || vec_norm(d) > 3.0 * st->still_gyr_dps)
			return 0;
	}
	return 1;
}

void orient_update(struct orient *o, const double acc_g[3], const double gyr_dps[3], double dt_s)
{
	const struct orient_settings *st = &o->set;
	double an[3] = { acc_g[0], acc_g[1], acc_g[2] };
	double w[3], anorm, dev, trust, gain, rate2, a;

	if (!all_finite(acc_g) || !all_finite(gyr_dps))
		return;
	anorm = vec_normalize(an);
	if (!o->started) {
		if (anorm < 0.1)
			return;   /* free fall or a dead sensor: no direction yet */
		memcpy(o->g, an, sizeof(o->g));
		memcpy(o->ref, an, sizeof(o->ref));
		memcpy(o->acc_mean, acc_g, sizeof(o->acc_mean));
		memcpy(o->gyr_mean, gyr_dps, sizeof(o->gyr_mean));
		o->started = true;
		return;
	}
	if (!(dt_s > 0.0) || dt_s > SAMPLE_MAX_GAP_S)
		return;   /* a gap (or a repeated time): nothing to integrate across */

	a = dt_s / (st->stats_tau_s + dt_s);
	update_stats(o, acc_g, gyr_dps, a);
	if (is_still(o, gyr_dps)) {
		/* cos(angle)^2 between the mean now and at the start, no sqrt */
		double d = vec_dot(o->acc_mean, o->still_dir);
		double nn = vec_dot(o->acc_mean, o->acc_mean) * vec_dot(o->still_dir, o->still_dir);

		if (!o->still) {
			memcpy(o->still_dir, o->acc_mean, sizeof(o->still_dir));
			o->still_s = 0.0;
			o->still = true;
		} else if (d <= 0.0 || d * d < o->still_cos2 * nn) {
			/* Little spread and a small rate, yet gravity has moved: a
			 * slow steady turn, which the bias and the rest must not
			 * absorb. A new still period may start from here. */
			o->still = false;
			o->still_s = 0.0;
		} else {
			o->still_s += dt_s;
		}
	} else {
		o->still = false;
		o->still_s = 0.0;
	}

	/* Bias: the first still moment gives it, later still time refines it,
	 * only by what a bias can drift (temperature), never by the rate of a
	 * slow steady turn, which still allows for a moment. */
	if (o->still && !o->bias_known && o->still_s >= st->bias_learn_s) {
		memcpy(o->bias_dps, o->gyr_mean, sizeof(o->bias_dps));
		o->bias_known = true;
	} else if (o->still && o->bias_known && mean_off_bias_dps(o) < st->bias_track_dps) {
		double b = dt_s / (st->bias_tau_s + dt_s);

		for (int i = 0; i < 3; i++)
			o->bias_dps[i] += b * (gyr_dps[i] - o->bias_dps[i]);
	}

	/* Trapezoidal: the mean of this rate and the last one spans the step
	 * (the end value alone runs half a sample ahead on a rising rate). */
	for (int i = 0; i < 3; i++) {
		double now = gyr_dps[i] - o->bias_dps[i];

		w[i] = 0.5 * (now + o->gyr_last_dps[i]) * VEC_DEG2RAD;
		o->gyr_last_dps[i] = now;
	}
	rotate_by_rate(o->g, w, dt_s);
	o->yaw_deg += vec_dot(w, o->g) * VEC_RAD2DEG * dt_s;

	/* Trust the accelerometer less the further |a| is from 1 g. */
	dev = fabs(anorm - 1.0);
	if (anorm < 0.1 || dev >= st->acc_reject_g)
		trust = 0.0;
	else if (dev <= st->acc_trust_g)
		trust = 1.0;
	else
		trust = (st->acc_reject_g - dev) / (st->acc_reject_g - st->acc_trust_g);
	/* ... and the faster the segment turns (tangential and centripetal
	 * acceleration grow with it, the gyroscope's error does not). */
	rate2 = vec_dot(w, w) * o->rate_k2;
	gain = (st->gain_move_per_s + (st->gain_still_per_s - st->gain_move_per_s) / (1.0 + rate2)) *
	       trust * dt_s;
	if (gain > 1.0)
		gain = 1.0;
	for (int i = 0; i < 3; i++)
		o->g[i] += gain * (an[i] - o->g[i]);
	vec_normalize(o->g);
}

/* Re-derives e1, e2 normal to ref, keeping e1 as close as possible to the
 * previous one so that displacements stay continuous as ref moves. */
static void update_basis(struct orient *o)
{
	double k = vec_dot(o->e1, o->ref);

	for (int i = 0; i < 3; i++)
		o->e1[i] -= k * o->ref[i];
	if (vec_normalize(o->e1) < 1e-6) {
		/* any vector not parallel to ref */
		double h[3] = { 1.0, 0.0, 0.0 };

		if (fabs(o->ref[0]) > 0.9) {
			h[0] = 0.0;
			h[1] = 1.0;
		}
		k = vec_dot(h, o->ref);
		for (int i = 0; i < 3; i++)
			o->e1[i] = h[i] - k * o->ref[i];
		vec_normalize(o->e1);
	}
	vec_cross(o->ref, o->e1, o->e2);
}

void orient_set_reference(struct orient *o)
{
	memcpy(o->ref, o->g, sizeof(o->ref));
	o->has_ref = true;
	update_basis(o);
}

void orient_follow_reference(struct orient *o, double fraction)
{
	if (fraction <= 0.0)
		return;
	if (fraction > 1.0)
		fraction = 1.0;
	for (int i = 0; i < 3; i++)
		o->ref[i] += fraction * (o->g[i] - o->ref[i]);
	vec_normalize(o->ref);
	update_basis(o);
}

double orient_angle_deg(const struct orient *o)
{
	if (!o->has_ref)
		return 0.0;
	return vec_angle_deg(o->g, o->ref);
}

void orient_displacement_deg(const struct orient *o, double d[2])
{
	double a, b, n, k, ang, scale;

	d[0] = d[1] = 0.0;
	if (!o->has_ref)
		return;
	/* g = k ref + a e1 + b e2 in the orthonormal basis, so its direction
	 * away from ref is (a, b) / n, and it lies atan2(n, k) away. */
	a = vec_dot(o->g, o->e1);
	b = vec_dot(o->g, o->e2);
	n = sqrt(a * a + b * b);
	if (n < 1e-12)
		return;
	k = vec_dot(o->g, o->ref);
	/* atan of the ratio where it is at most 1: glibc's atan2 costs twice */
	ang = n <= k ? atan(n / k) : 0.5 * VEC_PI - atan(k / n);
	scale = ang * VEC_RAD2DEG / n;
	d[0] = scale * a;
	d[1] = scale * b;
}
