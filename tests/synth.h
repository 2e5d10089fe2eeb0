/* SPDX-License-Identifier: MIT */
/*
 * Closed-form synthetic samples for the core's tests: the sensor turns about
 * its own x axis by theta(t); the accelerometer sees gravity only, the
 * gyroscope the exact rate (plus an optional bias). With up = (0, sin, cos)
 * these satisfy dg/dt = -w x g exactly, so the true inclination change from
 * the start is |theta| by construction, independent of the code under test.
 */
#ifndef STRETCHREP_TESTS_SYNTH_H
#define STRETCHREP_TESTS_SYNTH_H

#include <math.h>
#include "core/sample.h"

#define SYNTH_PI 3.14159265358979323846

/* A minimum-jerk move from a to b (degrees) over [t0, t0 + T]. */
static inline double synth_minjerk(double t, double t0, double T, double a, double b, double *rate)
{
	double s = (t - t0) / T;

	if (s <= 0.0 || s >= 1.0) {
		*rate = 0.0;
		return s <= 0.0 ? a : b;
	}
	*rate = (b - a) * (30 * s * s - 60 * s * s * s + 30 * s * s * s * s) / T;
	return a + (b - a) * (10 * s * s * s - 15 * s * s * s * s + 6 * s * s * s * s * s);
}

static inline void synth_sample(struct sample *out, double t, double theta_deg, double rate_dps,
				const double bias_dps[3])
{
	double th = theta_deg * SYNTH_PI / 180.0;

	out->t_s = t;
	out->acc_g[0] = 0.0;
	out->acc_g[1] = sin(th);
	out->acc_g[2] = cos(th);
	out->gyr_dps[0] = rate_dps + (bias_dps ? bias_dps[0] : 0.0);
	out->gyr_dps[1] = bias_dps ? bias_dps[1] : 0.0;
	out->gyr_dps[2] = bias_dps ? bias_dps[2] : 0.0;
}

/*
 * A script of segments: each moves from the previous angle to `to_deg` over
 * `move_s`, then stays `stay_s`. synth_script_at() evaluates it at time t.
 */
struct synth_seg {
	double to_deg, move_s, stay_s;
};

static inline double synth_script_at(const struct synth_seg *seg, int n, double t, double *rate)
{
	double t0 = 0.0, from = 0.0;

	for (int i = 0; i < n; i++) {
		if (t < t0 + seg[i].move_s)
			return synth_minjerk(t, t0, seg[i].move_s, from, seg[i].to_deg, rate);
		t0 += seg[i].move_s;
		if (t < t0 + seg[i].stay_s) {
			*rate = 0.0;
			return seg[i].to_deg;
		}
		t0 += seg[i].stay_s;
		from = seg[i].to_deg;
	}
	*rate = 0.0;
	return from;
}

static inline double synth_script_len(const struct synth_seg *seg, int n)
{
	double len = 0.0;

	for (int i = 0; i < n; i++)
		len += seg[i].move_s + seg[i].stay_s;
	return len;
}

/*
 * Turns about body axes in the sensor's x-y plane, one after the other: each
 * turns by `by_deg` about u = (cos axis_deg, sin axis_deg, 0) over `move_s`
 * (minimum jerk), then stays `stay_s`. The body rate is exactly rate * u, and
 * gravity in the body frame is the start's (0, 0, 1) rotated by -angle about
 * each axis in turn (Rodrigues), which solves dg/dt = -w x g exactly. So a
 * path that changes direction has closed-form samples too.
 */
struct synth_turn {
	double axis_deg, by_deg, move_s, stay_s;
};

/* Rotates g by -psi_deg about the unit vector u. */
static inline void synth_rotate(double g[3], const double u[3], double psi_deg)
{
	double c = cos(psi_deg * SYNTH_PI / 180.0), s = sin(psi_deg * SYNTH_PI / 180.0);
	double ug = u[0] * g[0] + u[1] * g[1] + u[2] * g[2];
	const double x[3] = { u[1] * g[2] - u[2] * g[1], u[2] * g[0] - u[0] * g[2], u[0] * g[1] - u[1] * g[0] };

	for (int i = 0; i < 3; i++)
		g[i] = g[i] * c - x[i] * s + u[i] * ug * (1.0 - c);
}

static inline void synth_turns_sample(struct sample *out, const struct synth_turn *seg, int n, double t)
{
	double g[3] = { 0.0, 0.0, 1.0 }, t0 = 0.0;

	out->t_s = t;
	for (int k = 0; k < 3; k++)
		out->gyr_dps[k] = 0.0;
	for (int i = 0; i < n && t >= t0; i++) {
		double a = seg[i].axis_deg * SYNTH_PI / 180.0, rate = 0.0, psi = seg[i].by_deg;
		double u[3] = { cos(a), sin(a), 0.0 };

		if (seg[i].move_s > 0.0)
			psi = synth_minjerk(t, t0, seg[i].move_s, 0.0, seg[i].by_deg, &rate);
		synth_rotate(g, u, psi);
		if (t < t0 + seg[i].move_s)
			for (int k = 0; k < 3; k++)
				out->gyr_dps[k] = rate * u[k];
		t0 += seg[i].move_s + seg[i].stay_s;
	}
	for (int k = 0; k < 3; k++)
		out->acc_g[k] = g[k];
}

static inline double synth_turns_len(const struct synth_turn *seg, int n)
{
	double len = 0.0;

	for (int i = 0; i < n; i++)
		len += seg[i].move_s + seg[i].stay_s;
	return len;
}

#endif
