// SPDX-License-Identifier: MIT
/*
 * Both legs of the virtual patient (core/sim_legs.h) against oracles that
 * are not the generator: each leg works only inside its window (the truth's
 * rep times), the rows' times and legs are what the trace format needs,
 * the sensor handled between the legs is a rigid rotation (gravity stays
 * 1 g, and the gyro, integrated, turns gravity the way the accelerometer
 * sees it turn), and the right block is the same chip (the same zero-rate
 * offset read at rest).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/sim_legs.h"
#include "core/vec.h"
#include "testutil.h"

static struct sim_legs_settings settings(enum sim_legs_scenario sc, uint64_t seed, double rate_hz)
{
	struct sim_legs_settings set;

	sim_legs_default_settings(&set);
	set.scenario = sc;
	set.leg.seed = seed;
	set.leg.rate_hz = rate_hz;
	set.leg.duration_s = 120.0;
	return set;
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < SIM_LEGS_N_SCENARIOS; i++)
		assert_int_equal(sim_legs_scenario_from_name(sim_legs_scenario_name((enum sim_legs_scenario)i)), i);
	assert_int_equal(sim_legs_scenario_from_name("holds"), -1);
	assert_int_equal(sim_legs_scenario_from_name(NULL), -1);
}

/* two_legs: the left leg's reps all end by 55 % of the trace, the right
 * leg's all start after 45 %; both legs have reps; every row has a sample
 * of each sensor at about the same time. */
static void two_legs_each_in_its_window(void **state)
{
	static struct sim_legs s;

	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim_legs_settings set = settings(SIM_LEGS_TWO, seed, 100.0);
		struct sim_legs_row row;
		int reps[2] = { 0, 0 };
		double first_end[2] = { -1, -1 }, last_end[2] = { -1, -1 };
		long rows = 0, both = 0;

		sim_legs_init(&s, &set);
		assert_int_equal(s.n_sensors, 2);
		while (sim_legs_next(&s, &row)) {
			rows++;
			assert_true(row.has[0] || row.has[1]);
			assert_int_equal(row.leg[0], LEG_LEFT);
			assert_int_equal(row.leg[1], LEG_RIGHT);
			if (row.has[0] && row.has[1]) {   /* one of them may end a sample early */
				both++;
				assert_true(fabs(row.s[0].t_s - row.s[1].t_s) < 0.01);
			}
			for (int k = 0; k < 2; k++) {
				struct sim_truth t;

				sim_legs_truth(&s, k ? LEG_RIGHT : LEG_LEFT, &t);
				if (t.reps > reps[k]) {
					reps[k] = t.reps;
					if (first_end[k] < 0)
						first_end[k] = t.last_rep_end_s;
					last_end[k] = t.last_rep_end_s;
				}
			}
		}
		assert_true(rows >= 11990 && rows <= 12001);
		assert_true(both >= rows - 1);
		assert_true(reps[0] >= 3 && reps[1] >= 3);
		assert_true(last_end[0] <= 0.55 * 120.0);
		assert_true(first_end[1] >= 0.45 * 120.0);
	}
}

/* Rotates v by the rotation vector r (radians), Rodrigues. */
static void rotate(double v[3], const double r[3])
{
	double th = vec_norm(r), k[3], kxv[3], kv, c, sn;

	if (th < 1e-15)
		return;
	for (int i = 0; i < 3; i++)
		k[i] = r[i] / th;
	vec_cross(k, v, kxv);
	kv = vec_dot(k, v);
	c = cos(th);
	sn = sin(th);
	for (int i = 0; i < 3; i++)
		v[i] = v[i] * c + kxv[i] * sn + k[i] * kv * (1.0 - c);
}

/* left_right: legs left, then - while handled, then right; one time line;
 * the handling is a rigid turn the gyro and the accelerometer agree on; the
 * right block rests on the left block's gyro bias. */
static void left_right_handling_is_rigid(void **state)
{
	static struct sim_legs s;

	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct sim_legs_settings set = settings(SIM_LEGS_LEFT_RIGHT, seed, 200.0);
		struct sim_legs_row row;
		enum leg prev = LEG_LEFT;
		double last_t = -1.0, g[3] = { 0 }, gyr_prev[3] = { 0 }, t_prev = 0.0;
		double bias_sum[3] = { 0 };
		int changes = 0, handled = 0, rest_n = 0;
		bool in_rest = true;

		/* no noise, no tremor: gravity and the bias read exactly */
		set.leg.gyr_noise_dps = 0.0;
		set.leg.acc_noise_g = 0.0;
		set.leg.tremor_deg = 0.0;
		set.leg.quantise = false;
		set.leg.gyr_bias_max_dps = 10.0;
		sim_legs_init(&s, &set);
		assert_int_equal(s.n_sensors, 1);
		while (sim_legs_next(&s, &row)) {
			assert_true(row.has[0] && !row.has[1]);
			assert_true(row.s[0].t_s > last_t);
			last_t = row.s[0].t_s;
			if (row.leg[0] != prev) {
				changes++;
				assert_int_equal(row.leg[0], prev == LEG_LEFT ? LEG_NONE : LEG_RIGHT);
				if (row.leg[0] == LEG_RIGHT) {
					/* the accelerometer's gravity now; the gyro's: g */
					double a[3];

					memcpy(a, row.s[0].acc_g, sizeof(a));
					vec_normalize(a);
					assert_true(vec_angle_deg(a, g) < 0.5);
				}
				prev = row.leg[0];
			}
			if (row.leg[0] == LEG_NONE) {
				double r[3];

				assert_near(vec_norm(row.s[0].acc_g), 1.0, 1e-9);
				if (handled++ == 0) {
					memcpy(g, row.s[0].acc_g, sizeof(g));
				} else {
					/* trapezoid of the rate without its bias; gravity
					 * turns by -w dt in the sensor's frame */
					for (int i = 0; i < 3; i++)
						r[i] = -0.5 * (row.s[0].gyr_dps[i] + gyr_prev[i] - 2.0 * s.sim[0].bias_dps[i]) *
						       VEC_DEG2RAD * (row.s[0].t_s - t_prev);
					rotate(g, r);
				}
				memcpy(gyr_prev, row.s[0].gyr_dps, sizeof(gyr_prev));
				t_prev = row.s[0].t_s;
			}
			if (row.leg[0] == LEG_RIGHT && in_rest) {
				struct sim_truth t;

				sim_legs_truth(&s, LEG_RIGHT, &t);
				in_rest = t.phase == SIM_PH_REST;
				for (int i = 0; in_rest && i < 3; i++)
					bias_sum[i] += row.s[0].gyr_dps[i];
				rest_n += in_rest;
			}
		}
		assert_int_equal(changes, 2);
		assert_true(handled >= (int)(200.0 * SIM_LEGS_HANDLING_S) - 2);
		assert_true(rest_n > 400);   /* the right leg's first rest, >= 2.5 s */
		for (int i = 0; i < 3; i++)
			assert_near(bias_sum[i] / rest_n, s.sim[0].bias_dps[i], 1e-9);
		assert_true(vec_norm(s.sim[0].bias_dps) > 1.0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(two_legs_each_in_its_window),
		cmocka_unit_test(left_right_handling_is_rigid),
	};

	return cmocka_run_group_tests_name("sim_legs", tests, NULL, NULL);
}
