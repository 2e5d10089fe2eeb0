// SPDX-License-Identifier: MIT
/* orient against closed-form rotations (tests/synth.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "core/orient.h"
#include "synth.h"
#include "testutil.h"

static const struct synth_seg leg_raise[] = {
	{ 0.0, 0.0, 2.0 },     /* still: bias and reference */
	{ 60.0, 1.5, 3.0 },    /* raise, hold */
	{ 10.0, 1.0, 1.0 },
	{ 45.0, 0.8, 0.5 },
	{ 0.0, 1.2, 2.0 },     /* back to rest */
};

/* Runs the script at rate_hz with a gyro bias; returns the worst |error|
 * after the reference is taken at t = 1.5 s and the gyro has been checked
 * against gravity (before that the direction is the accelerometer's,
 * low-passed: *lag_worst gets the worst error then, if asked). */
static double run_script_lag(double rate_hz, const double bias[3], struct orient *o, double *lag_worst)
{
	int n = (int)(sizeof(leg_raise) / sizeof(leg_raise[0]));
	double len = synth_script_len(leg_raise, n), worst = 0.0, before = 0.0, prev_t = 0.0;
	bool have_ref = false;

	orient_init(o, NULL);
	for (long k = 0;; k++) {
		double t = (double)k / rate_hz, rate, th;
		struct sample s;

		if (t > len)
			break;
		th = synth_script_at(leg_raise, n, t, &rate);
		synth_sample(&s, t, th, rate, bias);
		orient_update(o, s.acc_g, s.gyr_dps, t - prev_t);
		prev_t = t;
		if (!have_ref && t >= 1.5) {
			orient_set_reference(o);
			have_ref = true;
		}
		if (have_ref) {
			double e = fabs(orient_angle_deg(o) - fabs(th));
			double *w = o->scale_checks > 0 ? &worst : &before;

			if (e > *w)
				*w = e;
		}
	}
	assert_true(o->scale_checks > 0);
	if (lag_worst)
		*lag_worst = before;
	return worst;
}

static double run_script(double rate_hz, const double bias[3], struct orient *o)
{
	return run_script_lag(rate_hz, bias, o, NULL);
}

static void tracks_a_leg_raise(void **state)
{
	static const double rates[] = { 25, 50, 100, 400, 1000 };
	struct orient o;

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		double lag, worst = run_script_lag(rates[i], NULL, &o, &lag);

		print_message("rate %4.0f Hz: worst error %.3f deg checked, %.2f before\n", rates[i], worst, lag);
		assert_true(worst < 0.5);
		/* before the check: a low-pass of unverified_tau_s behind the
		 * half of a raise of 60 deg in 1.5 s (at most 75 deg/s) that an
		 * unchecked gyro is not trusted with */
		assert_true(lag < (1.0 - o.set.unverified_gyro_weight) * 75.0 * o.set.unverified_tau_s);
	}
}

static void learns_gyro_bias(void **state)
{
	static const double bias[3] = { 5.0, -4.0, 3.0 };
	struct orient o;
	double worst;

	(void)state;
	worst = run_script(100.0, bias, &o);
	print_message("bias (5,-4,3) deg/s: worst error %.3f deg, estimate %.3f %.3f %.3f\n", worst,
		      o.bias_dps[0], o.bias_dps[1], o.bias_dps[2]);
	assert_true(o.bias_known);
	for (int i = 0; i < 3; i++)
		assert_near(o.bias_dps[i], bias[i], 0.1);
	assert_true(worst < 1.0);
}

/* The gyroscope says nothing moved, gravity says 20 deg: gravity wins. */
static void accelerometer_corrects_drift(void **state)
{
	struct orient o;
	struct sample s;

	(void)state;
	orient_init(&o, NULL);
	for (int k = 0; k <= 100; k++) {
		synth_sample(&s, k * 0.01, 0.0, 0.0, NULL);
		orient_update(&o, s.acc_g, s.gyr_dps, 0.01);
	}
	orient_set_reference(&o);
	for (int k = 101; k <= 400; k++) {
		synth_sample(&s, k * 0.01, 20.0, 0.0, NULL);
		orient_update(&o, s.acc_g, s.gyr_dps, 0.01);
	}
	assert_near(orient_angle_deg(&o), 20.0, 0.2);
}

static void displacement_has_the_angle_as_length(void **state)
{
	struct orient o;
	struct sample s;
	double d[2];

	(void)state;
	run_script(100.0, NULL, &o);
	for (int k = 0; k < 300; k++) {
		synth_sample(&s, 100.0 + k * 0.01, 35.0, 0.0, NULL);
		orient_update(&o, s.acc_g, s.gyr_dps, 0.01);
	}
	orient_displacement_deg(&o, d);
	assert_near(orient_angle_deg(&o), 35.0, 0.2);
	assert_near(hypot(d[0], d[1]), orient_angle_deg(&o), 1e-9);
}

/* Turned by psi about a horizontal axis, gravity lies psi away from the
 * reference (closed form, synth.h), for every psi from 0 to 179 deg and in
 * any direction; and the direction of the displacement does not depend on
 * how far the turn went. */
static void displacement_length_is_the_turn_up_to_179_deg(void **state)
{
	static const double axes[] = { 0.0, 37.0, 90.0, 200.0, 300.0 };

	(void)state;
	for (int a = 0; a < 5; a++) {
		double dir0 = 0.0;

		for (int psi = 0; psi <= 179; psi += 7) {
			const struct synth_turn path[] = {
				{ 0.0, 0.0, 0.0, 1.0 }, { axes[a], psi, 2.0, 1.0 },
			};
			struct orient o;
			struct sample s;
			double d[2];

			orient_init(&o, NULL);
			for (int k = 0; k <= 400; k++) {
				synth_turns_sample(&s, path, 2, k * 0.01);
				orient_update(&o, s.acc_g, s.gyr_dps, k ? 0.01 : 0.0);
				if (k == 100)
					orient_set_reference(&o);
			}
			orient_displacement_deg(&o, d);
			assert_near(hypot(d[0], d[1]), (double)psi, 0.3);
			if (psi == 7)
				dir0 = atan2(d[1], d[0]);
			if (psi > 7)
				assert_near(remainder(atan2(d[1], d[0]) - dir0, 2.0 * SYNTH_PI), 0.0, 0.02);
		}
	}
}

static void ignores_non_finite_input(void **state)
{
	struct orient o;
	struct sample s;
	double nan_acc[3] = { NAN, 0.0, 1.0 }, before;

	(void)state;
	run_script(100.0, NULL, &o);
	before = orient_angle_deg(&o);
	synth_sample(&s, 100.0, 0.0, 0.0, NULL);
	orient_update(&o, nan_acc, s.gyr_dps, 0.01);
	assert_near(orient_angle_deg(&o), before, 0.0);
	assert_true(isfinite(o.g[0]) && isfinite(o.g[1]) && isfinite(o.g[2]));
}

/* Reps with a hold at the top and short rests, from a standing start: no
 * quiet moment before the first movement. */
static const struct synth_seg faulty_reps[] = {
	{ 35.0, 1.2, 2.0 }, { 0.0, 1.2, 1.0 }, { 40.0, 1.0, 0.6 }, { 0.0, 1.0, 1.0 },
	{ 30.0, 0.8, 2.0 }, { 0.0, 0.8, 1.0 }, { 45.0, 1.0, 0.4 }, { 0.0, 1.0, 1.5 },
};

/* Runs faulty_reps at 50 Hz with the gyro reading scale times the rate plus
 * bias on every axis; returns the worst |error| from first_check on (the
 * first scale check), and the time of that check. The reference is the
 * first sample's pose, as motion takes it. */
static double run_faulty(double scale, const double bias[3], struct orient *o, double *first_check)
{
	int n = (int)(sizeof(faulty_reps) / sizeof(faulty_reps[0]));
	double len = synth_script_len(faulty_reps, n), worst = 0.0;

	*first_check = -1.0;
	orient_init(o, NULL);
	for (long k = 0; k / 50.0 <= len; k++) {
		double t = k / 50.0, rate, th = synth_script_at(faulty_reps, n, t, &rate);
		struct sample s;

		synth_sample(&s, t, th, rate * scale, bias);
		orient_update(o, s.acc_g, s.gyr_dps, k ? 0.02 : 0.0);
		if (k == 0)
			orient_set_reference(o);
		if (*first_check < 0.0 && o->scale_checks > 0)
			*first_check = t;
		if (*first_check >= 0.0 && fabs(orient_angle_deg(o) - th) > worst)
			worst = fabs(orient_angle_deg(o) - th);
	}
	return worst;
}

/* A gyro that reads 0.25 to 4 times the turn (a full-scale setting decoded
 * with the wrong sensitivity, a clone): the check against gravity finds the
 * factor by the end of the first rep, reports it, and the inclination stays within
 * 2 deg of the script from then on; a correct gyro passes the check. */
static void gyro_scale_fault_found_and_corrected(void **state)
{
	static const double scales[] = { 0.25, 0.5, 1.0, 2.0, 4.0 };
	static const double bias[3] = { 3.0, -2.0, 1.0 };

	(void)state;
	for (size_t i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		struct orient o;
		struct orient_gyro_check c;
		double first, worst = run_faulty(scales[i], bias, &o, &first);

		orient_gyro_check(&o, &c);
		print_message("gyro x%.2f: scale %.3f after %d checks (first at %.2f s), worst error %.2f deg\n",
			      scales[i], c.scale, c.scale_checks, first, worst);
		/* checked between the first two still poses (the top of the
		 * first rep and the rest after it, at 5.4 s) */
		assert_true(first >= 0.0 && first < 6.0);
		assert_near(c.scale, scales[i], 0.1 * scales[i]);
		assert_int_equal(c.scale_out_of_tol, scales[i] != 1.0);
		assert_true(worst < 2.0);
	}
}

/* Zero-rate offsets up to the datasheet's +-20 deg/s, and no quiet start:
 * the first still moment (the first hold, 0.3 s) gives the bias; beyond
 * 20 deg/s the part is reported out of tolerance. */
static void large_bias_learnt_without_a_quiet_start(void **state)
{
	static const double biases[][3] = { { 18.0, -20.0, 15.0 }, { -25.0, 4.0, 0.0 } };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct orient o;
		struct orient_gyro_check c;
		double first, worst = run_faulty(1.0, biases[i], &o, &first);

		orient_gyro_check(&o, &c);
		print_message("bias (%.0f,%.0f,%.0f): estimate %.2f %.2f %.2f, worst error %.2f deg\n",
			      biases[i][0], biases[i][1], biases[i][2], c.bias_dps[0], c.bias_dps[1],
			      c.bias_dps[2], worst);
		assert_true(c.bias_known);
		for (int j = 0; j < 3; j++)
			assert_near(c.bias_dps[j], biases[i][j], 0.3);
		assert_int_equal(c.bias_out_of_tol, i == 1);
		assert_false(c.scale_out_of_tol);
		assert_true(worst < 1.0);
	}
}

/* A part that warms up: its offset steps from 3 to 9 deg/s after the first
 * rep. A still moment then shows the gyro turning gravity that does not
 * move: the bias is taken again, and the inclination stays with the
 * script. (The script repeats so there are still poses after the step.) */
static void bias_taken_again_when_it_moves(void **state)
{
	int n = (int)(sizeof(faulty_reps) / sizeof(faulty_reps[0]));
	double len = synth_script_len(faulty_reps, n), worst = 0.0;
	struct orient o;

	(void)state;
	orient_init(&o, NULL);
	for (long k = 0; k / 50.0 <= 3.0 * len; k++) {
		double t = k / 50.0, rate, th = synth_script_at(faulty_reps, n, fmod(t, len), &rate);
		const double bias[3] = { t < 6.0 ? 3.0 : 9.0, 0.0, 0.0 };
		struct sample s;

		synth_sample(&s, t, th, rate, bias);
		orient_update(&o, s.acc_g, s.gyr_dps, k ? 0.02 : 0.0);
		if (k == 0)
			orient_set_reference(&o);
		if (t > len && fabs(orient_angle_deg(&o) - th) > worst)
			worst = fabs(orient_angle_deg(&o) - th);
	}
	print_message("bias now %.2f deg/s (true 9), worst error after the first pass %.2f deg\n",
		      o.bias_dps[0], worst);
	assert_near(o.bias_dps[0], 9.0, 0.3);
	assert_true(worst < 2.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tracks_a_leg_raise),
		cmocka_unit_test(learns_gyro_bias),
		cmocka_unit_test(accelerometer_corrects_drift),
		cmocka_unit_test(displacement_has_the_angle_as_length),
		cmocka_unit_test(displacement_length_is_the_turn_up_to_179_deg),
		cmocka_unit_test(ignores_non_finite_input),
		cmocka_unit_test(gyro_scale_fault_found_and_corrected),
		cmocka_unit_test(large_bias_learnt_without_a_quiet_start),
		cmocka_unit_test(bias_taken_again_when_it_moves),
	};

	return cmocka_run_group_tests_name("orient", tests, NULL, NULL);
}
