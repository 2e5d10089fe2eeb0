// SPDX-License-Identifier: MIT
#include "source/gyro_check.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "core/vec.h"

const struct gyro_check_plan gyro_check_default_plan = {
	.still_s = 3.0,
	.turn_s = 6.0,
};

#define GYRO_CHECK_READ_MS 10

/* Reads samples for seconds, feeding orient; the still direction at the end
 * goes to dir (acc mean). */
static int feed_for(struct imu *imu, double seconds, struct orient *o, int64_t *last_ns,
		    long *count, double dir[3])
{
	static struct imu_sample buf[256];
	int64_t end = clock_mono_ns() + (int64_t)(seconds * 1e9);
	struct timespec nap = { 0, GYRO_CHECK_READ_MS * 1000000L };

	while (clock_mono_ns() < end) {
		int n = imu_read(imu, clock_mono_ns(), buf, sizeof(buf) / sizeof(buf[0]));

		if (n < 0)
			return n;
		for (int i = 0; i < n; i++) {
			double dt = *count ? (buf[i].t_ns - *last_ns) * 1e-9 : 0.0;

			orient_update(o, buf[i].acc_g, buf[i].gyr_dps, dt);
			*last_ns = buf[i].t_ns;
			(*count)++;
		}
		nanosleep(&nap, NULL);
	}
	memcpy(dir, o->acc_mean, 3 * sizeof(dir[0]));
	vec_normalize(dir);
	return 0;
}

int gyro_check_run(struct imu *imu, const struct gyro_check_plan *plan, gyro_check_say_fn say,
		   void *ctx, struct gyro_check_result *out)
{
	struct orient o;
	double first[3], last[3], mid[3];
	int64_t last_ns = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	orient_init(&o, NULL);
	say(ctx, "Hold the sensor still on the table.");
	rc = feed_for(imu, plan->still_s, &o, &last_ns, &out->samples, first);
	if (rc == 0) {
		say(ctx, "Now turn it by hand about a quarter turn, tilting it (not spinning it flat), "
			 "and hold it still there.");
		rc = feed_for(imu, plan->turn_s, &o, &last_ns, &out->samples, mid);
	}
	if (rc == 0) {
		say(ctx, "Hold it still.");
		rc = feed_for(imu, plan->still_s, &o, &last_ns, &out->samples, last);
	}
	if (rc)
		return rc;
	if (!out->samples)
		return -ENODATA;
	orient_gyro_check(&o, &out->gyro);
	out->turn_deg = vec_angle_deg(first, last);
	return 0;
}

void gyro_check_verdict(const struct gyro_check_result *r, char *buf, size_t len)
{
	const struct orient_gyro_check *g = &r->gyro;
	double b = vec_norm(g->bias_dps);

	if (!g->bias_known)
		snprintf(buf, len, "not judged: the sensor was never still for long enough; try again");
	else if (g->scale_checks == 0)
		snprintf(buf, len, "scale not judged: it turned %.0f deg by gravity (at least 8 needed, "
			 "held still at the end); bias %.1f deg/s%s", r->turn_deg, b,
			 g->bias_out_of_tol ? ", out of tolerance" : "");
	else if (g->scale_out_of_tol)
		snprintf(buf, len, "OUT OF TOLERANCE: the gyroscope reads %.2f times the turn gravity shows "
			 "(check [sensor] gyro_range_dps and that the chip is what it says); the kiosk "
			 "corrects it, but the part is suspect", g->scale);
	else if (g->bias_out_of_tol)
		snprintf(buf, len, "OUT OF TOLERANCE: the gyroscope's zero-rate offset is %.1f deg/s "
			 "(datasheet: +-20); the kiosk corrects it, but the part is suspect", b);
	else
		snprintf(buf, len, "within tolerance: scale %.2f, offset %.1f deg/s", g->scale, b);
}
