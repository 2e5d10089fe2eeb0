/* SPDX-License-Identifier: MIT */
/*
 * One inertial sample as the core consumes it: SI-ish physical units, no raw
 * counts, timestamp in seconds on a monotonic clock (or trace time).
 * Axes are the sensor's own; the core never assumes how the strap is mounted.
 */
#ifndef STRETCHREP_CORE_SAMPLE_H
#define STRETCHREP_CORE_SAMPLE_H

/* Samples further apart than this are a gap (a stalled bus, a replug): the
 * core integrates nothing across it, and the session counts no work in it. */
#define SAMPLE_MAX_GAP_S 1.0

struct sample {
	double t_s;       /* seconds, strictly increasing */
	double acc_g[3];  /* specific force, g (1 g at rest) */
	double gyr_dps[3];/* angular rate, degrees per second */
};

#endif
