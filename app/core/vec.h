/* SPDX-License-Identifier: MIT */
/*
 * Three-vector helpers for the core. Header-only and pure: small enough that
 * the compiler inlines them into the per-sample path.
 */
#ifndef STRETCHREP_CORE_VEC_H
#define STRETCHREP_CORE_VEC_H

#include <math.h>

#define VEC_PI 3.14159265358979323846
#define VEC_DEG2RAD (VEC_PI / 180.0)
#define VEC_RAD2DEG (180.0 / VEC_PI)

static inline double vec_dot(const double a[3], const double b[3])
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static inline double vec_norm(const double a[3])
{
	return sqrt(vec_dot(a, a));
}

static inline void vec_cross(const double a[3], const double b[3], double out[3])
{
	double x = a[1] * b[2] - a[2] * b[1];
	double y = a[2] * b[0] - a[0] * b[2];
	double z = a[0] * b[1] - a[1] * b[0];

	out[0] = x;
	out[1] = y;
	out[2] = z;
}

static inline void vec_scale(double a[3], double k)
{
	a[0] *= k;
	a[1] *= k;
	a[2] *= k;
}

/* Normalises in place; returns the old length (0 leaves the vector alone). */
static inline double vec_normalize(double a[3])
{
	double n = vec_norm(a);

	if (n > 0.0)
		vec_scale(a, 1.0 / n);
	return n;
}

/* Angle between two unit vectors, degrees, robust near 0 and 180. */
static inline double vec_angle_deg(const double a[3], const double b[3])
{
	double c[3];

	vec_cross(a, b, c);
	return atan2(vec_norm(c), vec_dot(a, b)) * VEC_RAD2DEG;
}

#endif
