// SPDX-License-Identifier: MIT
/*
 * The probe's guided gyro check on the register simulator: a chip whose
 * gyroscope reads k times the turn, with an offset, turned by 80 deg about
 * a horizontal axis between two still poses (oracle: the script the
 * simulator plays, not the code under test). Runs in real time (a few
 * seconds): the check reads the FIFO as the probe does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "source/gyro_check.h"
#include "fakes/regsim.h"
#include "testutil.h"

#define STILL_S 0.8
#define TURN_S 2.0
#define TURN_DEG 80.0

struct turn_script {
	double scale, bias[3];
	double t0;      /* first sample time seen (the simulator's clock) */
	bool started;
};

/* Still, a minimum-jerk turn of TURN_DEG about x starting STILL_S + 0.3 s
 * in, still again. */
static void turn_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	struct turn_script *sc = ctx;
	double u, ang = 0.0, rate = 0.0;

	if (!sc->started) {
		sc->t0 = t_s;
		sc->started = true;
	}
	u = (t_s - sc->t0 - STILL_S - 0.3) / TURN_S;
	if (u >= 1.0) {
		ang = TURN_DEG;
	} else if (u > 0.0) {
		ang = TURN_DEG * u * u * u * (10.0 - 15.0 * u + 6.0 * u * u);
		rate = TURN_DEG * 30.0 * u * u * (1.0 - u) * (1.0 - u) / TURN_S;
	}
	acc_g[0] = 0.0;
	acc_g[1] = sin(ang * M_PI / 180.0);
	acc_g[2] = cos(ang * M_PI / 180.0);
	gyr_dps[0] = sc->scale * rate + sc->bias[0];
	gyr_dps[1] = sc->bias[1];
	gyr_dps[2] = sc->bias[2];
}

static void say(void *ctx, const char *line)
{
	int *n = ctx;

	assert_true(strlen(line) > 10);
	(*n)++;
}

static void run_check(double scale, struct gyro_check_result *r, char *verdict, size_t len)
{
	static const struct gyro_check_plan plan = { .still_s = STILL_S, .turn_s = TURN_S + 1.2 };
	struct turn_script sc = { .scale = scale, .bias = { 6.0, -4.0, 2.0 } };
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct imu *imu = NULL;
	struct regbus bus;
	int says = 0;

	assert_non_null(sim);
	regsim_set_realtime(sim, 0);
	regsim_set_source(sim, turn_source, &sc, 2);
	bus = regsim_bus(sim);
	assert_int_equal(imu_probe(&bus, NULL, &imu), 0);
	assert_int_equal(gyro_check_run(imu, &plan, say, &says, r), 0);
	gyro_check_verdict(r, verdict, len);
	print_message("gyro x%.1f: scale %.2f (%d checks), bias %.2f %.2f %.2f, turned %.1f deg: %s\n",
		      scale, r->gyro.scale, r->gyro.scale_checks, r->gyro.bias_dps[0], r->gyro.bias_dps[1],
		      r->gyro.bias_dps[2], r->turn_deg, verdict);
	assert_int_equal(says, 3);
	imu_close(imu);
	regsim_free(sim);
}

static void a_correct_gyro_passes(void **state)
{
	struct gyro_check_result r;
	char verdict[256];

	(void)state;
	run_check(1.0, &r, verdict, sizeof(verdict));
	assert_true(r.gyro.scale_checks > 0);
	assert_near(r.gyro.scale, 1.0, 0.15);
	assert_near(r.turn_deg, TURN_DEG, 2.0);
	assert_near(r.gyro.bias_dps[0], 6.0, 0.5);
	assert_false(r.gyro.scale_out_of_tol);
	assert_non_null(strstr(verdict, "within tolerance"));
}

/* A full-scale setting decoded with the wrong sensitivity: 4x (the turn
 * slow enough, 60 deg/s at most, that 4x stays inside the chip's range). */
static void a_gyro_reading_four_times_is_out_of_tolerance(void **state)
{
	struct gyro_check_result r;
	char verdict[256];

	(void)state;
	run_check(4.0, &r, verdict, sizeof(verdict));
	assert_true(r.gyro.scale_checks > 0);
	assert_near(r.gyro.scale, 4.0, 0.6);
	assert_true(r.gyro.scale_out_of_tol);
	assert_non_null(strstr(verdict, "OUT OF TOLERANCE"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_correct_gyro_passes),
		cmocka_unit_test(a_gyro_reading_four_times_is_out_of_tolerance),
	};

	return cmocka_run_group_tests_name("gyro_check", tests, NULL, NULL);
}
