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
#include <stdio.h>
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
	o->gyr_scale = 1.0;
	o->gyr_gain = 1.0;
	o->turn_cos = cos(o->set.scale_min_turn_deg * VEC_DEG2RAD);
	o->back_cos = cos(0.25 * o->set.scale_min_turn_deg * VEC_DEG2RAD);
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

static double gyr_spread2(const struct orient *o)
{
	double k = o->gyr_scale > 1.0 ? o->gyr_scale : 1.0;

	/* a gyro that reads k times the rate has k times the spread */
	return (o->gyr_var[0] + o->gyr_var[1] + o->gyr_var[2]) / (k * k);
}

/* Still: little spread in either sensor and, once the bias is known, the
 * gyro reading no turn (a slow steady raise has little spread too). */
static bool is_still(const struct orient *o, const double gyr[3])
{
	const struct orient_settings *st = &o->set;
	double av = o->acc_var[0] + o->acc_var[1] + o->acc_var[2];

	if (gyr_spread2(o) > st->still_gyr_dps * st->still_gyr_dps ||
	    av > st->still_acc_g * st->still_acc_g)
		return false;
	if (o->bias_known) {
		double d[3] = { gyr[0] - o->bias_dps[0], gyr[1] - o->bias_dps[1],
				gyr[2] - o->bias_dps[2] };

		if (mean_off_bias_dps(o) * o->gyr_gain > st->still_gyr_dps ||
		    vec_norm(d) * o->gyr_gain > 3.0 * st->still_gyr_dps)
			return false;
	}
	return true;
}

/*
 * A calm period: the spread test passes, and gravity has not moved more than
 * still_tilt_deg since it began. Little spread alone would let a slow steady
 * turn pass, which the bias and the rest must not absorb; such a turn ends
 * the period, and a new one may start from there.
 */
static void calm_update(const struct orient *o, struct orient_calm *c, bool spread_ok, double dt_s)
{
	/* cos(angle)^2 between the mean now and at the start, no sqrt */
	double d = vec_dot(o->acc_mean, c->dir);
	double nn = vec_dot(o->acc_mean, o->acc_mean) * vec_dot(c->dir, c->dir);

	bool moved = c->on && (d <= 0.0 || d * d < o->still_cos2 * nn);

	if (!spread_ok || moved) {
		c->on = false;
		c->s = 0.0;
	} else if (!c->on) {
		memcpy(c->dir, o->acc_mean, sizeof(c->dir));
		c->s = 0.0;
		c->on = true;
	} else {
		c->s += dt_s;
	}
}

/* The accelerometer reads gravity alone: little spread, about 1 g. */
static bool acc_steady(const struct orient *o, double anorm)
{
	const struct orient_settings *st = &o->set;
	double av = o->acc_var[0] + o->acc_var[1] + o->acc_var[2];

	return av <= st->still_acc_g * st->still_acc_g && fabs(anorm - 1.0) <= st->acc_reject_g;
}

/* atan(z) for 0 <= z <= 1, a minimax polynomial good to 1e-5 rad: this runs
 * twice a sample while the leg moves, and libm's atan2 costs several times
 * as much. */
static double atan01(double z)
{
	double z2 = z * z;

	return z * (0.99997726 + z2 * (-0.33262347 + z2 * (0.19354346 + z2 * (-0.11643287 +
		    z2 * (0.05265332 + z2 * -0.01172120)))));
}

/* The angle between two unit vectors, degrees, from its sine and cosine. */
static double angle_between_deg(const double a[3], const double b[3])
{
	double c[3], sn, cs, ang;

	vec_cross(a, b, c);
	sn = vec_norm(c);
	cs = vec_dot(a, b);
	if (cs >= sn)
		ang = atan01(sn / cs);
	else if (cs > -sn)
		ang = 0.5 * VEC_PI - atan01(cs / sn);
	else
		ang = VEC_PI - atan01(sn / -cs);
	return ang * VEC_RAD2DEG;
}

/* Median of n (<= ORIENT_SCALE_CHECKS) values; the lower middle when n is even. */
static double median(const double *v, int n)
{
	double a[ORIENT_SCALE_CHECKS];

	memcpy(a, v, (size_t)n * sizeof(a[0]));
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
			double x = a[j];

			a[j] = a[j - 1];
			a[j - 1] = x;
		}
	return a[(n - 1) / 2];
}

/*
 * The scale check, when the leg is back at a steady pose after a movement, or
 * back at the pose it left: how far the gyro alone carried gravity against
 * how far the accelerometer saw it go, as the areas under the two angles
 * from the pose over the movement. The leg's own acceleration tilts what the
 * accelerometer reads (a fast rep's turn at the top by 15 deg and more), but
 * it speeds up and slows down again between two stops, so over the whole
 * movement it cancels where a comparison of two moments would not.
 */
static void check_scale(struct orient *o)
{
	const struct orient_settings *st = &o->set;
	double r;

	if (o->acc_min_cos > o->turn_cos || !(o->carried_area > 0.0) || !(o->acc_area > 0.0))
		return;
	r = o->carried_area / o->acc_area;
	if (r < 0.1)
		r = 0.1;
	else if (r > 10.0)
		r = 10.0;
	/* The median of the last few checks: one movement whose accelerometer
	 * was fooled (a fast swing of the shank) cannot move it. */
	o->scale_ratios[o->scale_checks % ORIENT_SCALE_CHECKS] = r;
	o->scale_checks++;
	o->gyr_scale = median(o->scale_ratios, o->scale_checks < ORIENT_SCALE_CHECKS ?
				      o->scale_checks : ORIENT_SCALE_CHECKS);
	/* Within tolerance the datasheet's scale is better than the check
	 * (good to about 10 %): the gyro is used as it reads. */
	o->gyr_gain = fabs(o->gyr_scale - 1.0) > st->scale_tol ? 1.0 / o->gyr_scale : 1.0;
}

/* A steady pose: the start of the next scale check. */
static void restart_check(struct orient *o)
{
	memset(o->carried, 0, sizeof(o->carried));
	o->carried_area = o->acc_area = 0.0;
	o->acc_min_cos = 1.0;
	o->left_pose = false;
}

static void take_pose(struct orient *o, const double an[3])
{
	memcpy(o->pose, an, sizeof(o->pose));
	o->have_pose = true;
	restart_check(o);
}

/* Between poses: add up the angle each sensor puts between gravity and the
 * pose (the gyro alone, from the turn it reports). Back near the pose without a steady
 * moment there (quick reps): once the accelerometer is back within a
 * quarter of scale_min_turn_deg after going at least scale_min_turn_deg
 * out, the movement is checked too, and the next starts from the pose. */
static void carry_pose(struct orient *o, const double w_raw[3], const double an[3], double dt_s)
{
	double c, across[3];

	if (!o->have_pose)
		return;
	o->left_pose = true;
	/* The turn the gyro reports, summed as a rotation vector (exact for a
	 * turn about one axis, as a leg's is, and unlike a carried direction
	 * it does not fold back past 180 deg when the gyro reads 4x a 60 deg
	 * raise); the part about gravity moves nothing gravity could show. */
	for (int i = 0; i < 3; i++)
		o->carried[i] += w_raw[i] * VEC_RAD2DEG * dt_s;
	c = vec_dot(o->carried, o->pose);
	for (int i = 0; i < 3; i++)
		across[i] = o->carried[i] - c * o->pose[i];
	o->carried_area += vec_norm(across) * dt_s;
	o->acc_area += angle_between_deg(o->pose, an) * dt_s;
	/* how far the low-passed accelerometer is from pose, as a cosine */
	c = vec_dot(o->pose, o->acc_mean) / vec_norm(o->acc_mean);
	if (c < o->acc_min_cos)
		o->acc_min_cos = c;
	if (o->acc_min_cos <= o->turn_cos && c >= o->back_cos) {
		check_scale(o);
		restart_check(o);
	}
}

/*
 * Bias: the first still moment of bias_learn_s gives it, and later still
 * time tracks it slowly, as a bias drifts. A bias that has gone wrong (a
 * first estimate taken in a slow turn, a part that warmed up) keeps the
 * sensor from ever looking still; it shows as the gyro turning gravity,
 * across it, by more than twice still_tilt_deg while the accelerometer is
 * steady and the gyro's spread small: then it is taken again.
 */
static void learn_bias(struct orient *o, const double gyr_dps[3], double dt_s)
{
	const struct orient_settings *st = &o->set;
	double turn[3], k;

	if (o->still.on && o->still.s >= st->bias_learn_s) {
		if (!o->bias_known) {
			memcpy(o->bias_dps, o->gyr_mean, sizeof(o->bias_dps));
			o->bias_known = true;
		} else if (mean_off_bias_dps(o) < st->bias_track_dps) {
			double b = dt_s / (st->bias_tau_s + dt_s);

			for (int i = 0; i < 3; i++)
				o->bias_dps[i] += b * (gyr_dps[i] - o->bias_dps[i]);
		}
	}
	if (!o->bias_known || !o->steady.on ||
	    gyr_spread2(o) > st->still_gyr_dps * st->still_gyr_dps) {
		memset(o->still_turn, 0, sizeof(o->still_turn));
		return;
	}
	for (int i = 0; i < 3; i++)
		o->still_turn[i] += (gyr_dps[i] - o->bias_dps[i]) * o->gyr_gain * dt_s;
	/* the part across gravity: a turn about the vertical moves nothing */
	memcpy(turn, o->still_turn, sizeof(turn));
	k = vec_dot(turn, o->g);
	for (int i = 0; i < 3; i++)
		turn[i] -= k * o->g[i];
	if (vec_norm(turn) > 2.0 * st->still_tilt_deg) {
		memcpy(o->bias_dps, o->gyr_mean, sizeof(o->bias_dps));
		memset(o->still_turn, 0, sizeof(o->still_turn));
	}
}

void orient_update(struct orient *o, const double acc_g[3], const double gyr_dps[3], double dt_s)
{
	const struct orient_settings *st = &o->set;
	double an[3] = { acc_g[0], acc_g[1], acc_g[2] };
	double w[3], w_raw[3], anorm, dev, trust, gain, rate2, a;

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
	calm_update(o, &o->still, is_still(o, gyr_dps), dt_s);
	calm_update(o, &o->steady, acc_steady(o, anorm), dt_s);
	learn_bias(o, gyr_dps, dt_s);

	/* Trapezoidal: the mean of this rate and the last one spans the step
	 * (the end value alone runs half a sample ahead on a rising rate). */
	for (int i = 0; i < 3; i++) {
		double now = gyr_dps[i] - o->bias_dps[i];

		w_raw[i] = 0.5 * (now + o->gyr_last_dps[i]) * VEC_DEG2RAD;
		w[i] = w_raw[i] * o->gyr_gain;
		o->gyr_last_dps[i] = now;
	}
	/* The poses for the scale check need only a steady accelerometer
	 * (a trembling leg held in the stretch has a busy gyro, yet gravity
	 * is as good a reference there as at rest). */
	if (o->steady.on && o->steady.s >= st->bias_learn_s) {
		if (o->left_pose)
			check_scale(o);
		take_pose(o, an);
	} else if (!o->steady.on) {
		carry_pose(o, w_raw, an, dt_s);
	}
	/* An unchecked gyro may read the turn several times over (or a
	 * quarter of it): until gravity has confirmed it, it carries only
	 * unverified_gyro_weight of what it reports, and the accelerometer
	 * pulls hard (unverified_tau_s). */
	if (o->scale_checks == 0)
		vec_scale(w, st->unverified_gyro_weight);
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
	if (o->scale_checks == 0) {
		gain = trust * dt_s / st->unverified_tau_s;
	} else {
		/* ... a checked one carries the turn: the faster the segment
		 * turns, the less the accelerometer is trusted (tangential and
		 * centripetal acceleration grow with it, the gyro's error does
		 * not). */
		rate2 = vec_dot(w, w) * o->rate_k2;
		gain = (st->gain_move_per_s + (st->gain_still_per_s - st->gain_move_per_s) / (1.0 + rate2)) *
		       trust * dt_s;
	}
	if (gain > 1.0)
		gain = 1.0;
	for (int i = 0; i < 3; i++)
		o->g[i] += gain * (an[i] - o->g[i]);
	vec_normalize(o->g);
}

void orient_gyro_check(const struct orient *o, struct orient_gyro_check *out)
{
	const struct orient_settings *st = &o->set;

	memset(out, 0, sizeof(*out));
	out->bias_known = o->bias_known;
	memcpy(out->bias_dps, o->bias_dps, sizeof(out->bias_dps));
	for (int i = 0; i < 3; i++)
		if (o->bias_known && fabs(o->bias_dps[i]) > st->bias_tol_dps)
			out->bias_out_of_tol = true;
	out->scale_checks = o->scale_checks;
	out->scale = o->gyr_scale;
	out->scale_out_of_tol = o->scale_checks > 0 && fabs(o->gyr_scale - 1.0) > st->scale_tol;
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
	/* atan2(n, k) without glibc's atan2 (about twice the cost): atan(n/k)
	 * up to 45 deg, beyond that pi/2 - atan(k/n), which holds to 180 */
	ang = n <= k ? atan(n / k) : 0.5 * VEC_PI - atan(k / n);
	scale = ang * VEC_RAD2DEG / n;
	d[0] = scale * a;
	d[1] = scale * b;
}
