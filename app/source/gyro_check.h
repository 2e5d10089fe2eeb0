/* SPDX-License-Identifier: MIT */
/*
 * gyro_check — the installer's guided check of a sensor's gyroscope against
 * gravity (stretchrep probe --check-gyro): hold the sensor still, turn it
 * by hand about a quarter turn, hold it still again. The samples go through
 * the core's orient, which takes the bias from the still moments and
 * compares the turn the gyro reports with the one gravity shows; the result
 * is orient's own report, so the probe and the kiosk judge a part alike.
 *
 * Blocking (it sleeps between FIFO reads); used by the probe command only,
 * never by the kiosk's main thread.
 */
#ifndef STRETCHREP_SOURCE_GYRO_CHECK_H
#define STRETCHREP_SOURCE_GYRO_CHECK_H

#include <stdbool.h>
#include "core/orient.h"
#include "imu/imu.h"

/* The three steps and how long each lasts, s. */
struct gyro_check_plan {
	double still_s;      /* hold still (twice) */
	double turn_s;       /* turn by hand, and hold still at the end */
};

extern const struct gyro_check_plan gyro_check_default_plan;

/* Called at the start of each step with what the person should do. */
typedef void (*gyro_check_say_fn)(void *ctx, const char *line);

struct gyro_check_result {
	struct orient_gyro_check gyro;
	double turn_deg;     /* how far gravity turned between the two still poses, deg */
	long samples;
};

/*
 * Runs the plan on an open IMU, calling say() before each step. 0, or a
 * negative errno from imu_read(); -ENODATA when the sensor sent nothing.
 * Whether the check could judge the scale is out->gyro.scale_checks > 0
 * (the turn was under orient's scale_min_turn_deg, or never came to rest).
 */
int gyro_check_run(struct imu *imu, const struct gyro_check_plan *plan, gyro_check_say_fn say,
		   void *ctx, struct gyro_check_result *out);

/* One line for people about what was found ("within tolerance", or what is
 * wrong and what to check). */
void gyro_check_verdict(const struct gyro_check_result *r, char *buf, size_t len);

#endif
