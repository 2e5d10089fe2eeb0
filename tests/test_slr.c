// SPDX-License-Identifier: MIT
/*
 * The straight-leg-raise test (core/slr) against the passive raise's truth
 * (core/sim_slr): the thigh's angle at the true onset of knee bend (two
 * sensors) and at the clinician's mark (one sensor), over seeds and truth
 * angles 30-90 deg. The simulator itself is checked against rigid-body
 * geometry first (the angle between two still gravity readings is the turn
 * between them), so the oracle is not only its own word.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <math.h>
#include "core/slr.h"
#include "core/sim_slr.h"
#include "core/vec.h"
#include "testutil.h"

#define TOL_DEG 2.0

static const double truths[] = { 30.0, 45.0, 60.0, 75.0, 90.0 };
#define N_TRUTHS (sizeof(truths) / sizeof(truths[0]))
#ifndef N_SEEDS
#define N_SEEDS 8
#endif

/* Runs one simulated test; marks at the script's mark times when mark.
 * Fills got[] with the trials' angles; returns the trials taken. */
static int slr_run_sim(const struct sim_slr_settings *set, const struct slr_settings *sset, bool shank, bool mark,
		    struct sim_slr *sim, struct slr *st)
{
	struct sample a, b;
	int next_mark = 0;

	sim_slr_init(sim, set);
	slr_init(st, sset, shank);
	while (sim_slr_next(sim, &a, &b)) {
		slr_update(st, &a, shank ? &b : NULL);
		if (mark && next_mark < SIM_SLR_TRIALS && a.t_s >= sim->trial[next_mark].mark_t_s) {
			/* the button is read with the next sample, its time is the press */
			slr_mark(st, sim->trial[next_mark].mark_t_s);
			next_mark++;
		}
	}
	return slr_get_result(st)->trials;
}

/* Geometry: gravity's direction at the top (hold) against the flat start is
 * the script's peak, for both sensors' accelerometers (the shank's less the
 * knee's bend). */
static void sim_turns_gravity_by_its_truth(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 6; seed++) {
		struct sim_slr_settings set = sim_slr_default_settings;
		struct sim_slr sim;
		struct sample a, b;
		double rest[2][3] = { { 0 } }, top[2][3] = { { 0 } };
		int n_rest = 0, n_top = 0;
		double knee = 0.0, peak = 0.0;

		set.seed = seed;
		set.shank = true;
		set.truth_deg = 40.0 + 7.0 * (double)seed;
		sim_slr_init(&sim, &set);
		while (sim_slr_next(&sim, &a, &b)) {
			const struct sim_slr_truth *tr = sim_slr_get_truth(&sim);
			/* the knee is straight until the truth time, bends after it */
			if (tr->trial == 0 && a.t_s < sim.trial[0].onset_t_s)
				assert_near(tr->knee_deg, 0.0, 1e-9);
			if (tr->trial == 0 && tr->phase == SIM_SLR_RAISE && a.t_s > sim.trial[0].onset_t_s + 0.1)
				assert_true(tr->knee_deg > 0.0);
			for (int i = 0; i < 3; i++) {
				if (tr->trial < 0) {
					rest[0][i] += a.acc_g[i];
					rest[1][i] += b.acc_g[i];
				} else if (tr->trial == 0 && tr->phase == SIM_SLR_HOLD) {
					top[0][i] += a.acc_g[i];
					top[1][i] += b.acc_g[i];
				}
			}
			if (tr->trial < 0)
				n_rest++;
			else if (tr->trial == 0 && tr->phase == SIM_SLR_HOLD) {
				n_top++;
				knee = tr->knee_deg;
				peak = tr->thigh_deg;
			}
		}
		assert_true(n_rest > 100 && n_top > 50);
		assert_near(peak, sim.trial[0].peak_deg, 1e-9);
		assert_near(vec_angle_deg(rest[0], top[0]), peak, 0.1);
		assert_near(vec_angle_deg(rest[1], top[1]), peak - knee, 0.1);
		assert_true(knee > 2.0);
		/* the mark's truth is the script's angle at the mark */
		for (int t = 0; t < SIM_SLR_TRIALS; t++) {
			double lag = sim.trial[t].mark_t_s - sim.trial[t].onset_t_s;

			assert_true(lag >= 0.2 - 1e-9 && lag <= 0.4 + 1e-9);
			assert_near(sim.trial[t].mark_deg - sim.trial[t].onset_deg, lag * sim.trial[t].raise_dps, 1e-6);
		}
	}
}

/* Over the grid: every trial taken, each within TOL_DEG of its truth. */
static void grid(bool shank, double *max_err, double *mean_err)
{
	double sum = 0.0;
	int n = 0;

	*max_err = 0.0;
	for (size_t k = 0; k < N_TRUTHS; k++) {
		for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
			struct sim_slr_settings set = sim_slr_default_settings;
			struct sim_slr sim;
			struct slr st;

			set.seed = seed * 7919 + k;
			set.truth_deg = truths[k];
			set.shank = shank;
			assert_int_equal(slr_run_sim(&set, NULL, shank, !shank, &sim, &st), SIM_SLR_TRIALS);
			const struct slr_result *r = slr_get_result(&st);

			for (int t = 0; t < SIM_SLR_TRIALS; t++) {
				double truth = shank ? sim.trial[t].onset_deg : sim.trial[t].mark_deg;
				double err = r->trial[t].angle_deg - truth;

				if (fabs(err) > TOL_DEG)
					print_error("seed %llu truth %.0f trial %d: %.2f vs %.2f\n",
						    (unsigned long long)set.seed, truths[k], t, r->trial[t].angle_deg, truth);
				assert_true(fabs(err) <= TOL_DEG);
				assert_true(r->trial[t].by_knee == shank);
				sum += fabs(err);
				n++;
				if (fabs(err) > *max_err)
					*max_err = fabs(err);
			}
			assert_near(r->mean_deg, (r->trial[0].angle_deg + r->trial[1].angle_deg) / 2.0, 1e-9);
			assert_near(r->mdc95_one_rater_deg, 3.3, 1e-9);
			assert_near(r->mdc95_between_raters_deg, 10.0, 1e-9);
		}
	}
	*mean_err = sum / n;
}

static void two_sensors_find_the_onset(void **state)
{
	double mx, mean;

	(void)state;
	grid(true, &mx, &mean);
	printf("slr two sensors (onset vs truth), %d runs x 2 trials: max %.2f deg, mean %.2f deg\n",
	       (int)(N_TRUTHS * N_SEEDS), mx, mean);
}

static void one_sensor_reads_the_mark(void **state)
{
	double mx, mean;

	(void)state;
	grid(false, &mx, &mean);
	printf("slr one sensor (mark vs angle at the mark), %d runs x 2 trials: max %.2f deg, mean %.2f deg\n",
	       (int)(N_TRUTHS * N_SEEDS), mx, mean);
}

/* Without a mark, one sensor takes nothing; marks outside a trial are refused. */
static void unmarked_or_early_marks_take_nothing(void **state)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct sim_slr sim;
	struct slr st;
	struct sample a, b;
	bool early = false;

	(void)state;
	assert_int_equal(slr_run_sim(&set, NULL, false, false, &sim, &st), 0);
	assert_int_equal(slr_get_state(&st), SLR_ARMED);

	sim_slr_init(&sim, &set);
	slr_init(&st, NULL, false);
	assert_int_equal(slr_mark(&st, 0.0), -EAGAIN);   /* settling: no trial yet */
	assert_int_equal(slr_get_outcome(&st), SLR_OUT_NOT_READY);
	while (sim_slr_next(&sim, &a, &b)) {
		slr_update(&st, &a, NULL);
		/* half a second into the raise: the leg is not up yet */
		if (!early && a.t_s >= sim.trial[0].t0_s + 0.5) {
			assert_int_equal(slr_mark(&st, a.t_s), -ERANGE);
			assert_int_equal(slr_get_outcome(&st), SLR_OUT_TOO_LOW);
			early = true;
		}
	}
	assert_true(early);
	assert_int_equal(slr_get_result(&st)->trials, 0);
}

/* A raise faster than max_rate_dps is rejected at the mark. */
static void fast_raise_is_rejected(void **state)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct slr_settings sset = slr_default_settings;
	struct sim_slr sim;
	struct slr st;

	(void)state;
	set.raise_min_dps = set.raise_max_dps = 18.0;
	sset.max_rate_dps = 12.0;
	assert_int_equal(slr_run_sim(&set, &sset, false, true, &sim, &st), 0);
	assert_int_equal(slr_get_outcome(&st), SLR_OUT_TOO_FAST);
	/* the same raise within the limit is taken */
	sset.max_rate_dps = 25.0;
	assert_int_equal(slr_run_sim(&set, &sset, false, true, &sim, &st), SIM_SLR_TRIALS);
}

/* A second trial must start flat: a leg left raised, still, arms nothing. */
static void raised_leg_does_not_arm(void **state)
{
	struct sim_slr_settings set = sim_slr_default_settings;
	struct sim_slr sim;
	struct slr st;
	struct sample a, b, last = { 0 };

	(void)state;
	set.truth_deg = 50.0;
	sim_slr_init(&sim, &set);
	slr_init(&st, NULL, false);
	while (sim_slr_next(&sim, &a, &b)) {
		const struct sim_slr_truth *tr = sim_slr_get_truth(&sim);

		if (tr->phase == SIM_SLR_HOLD)
			break;   /* the leg stays up, still, from here */
		slr_update(&st, &a, NULL);
		if (a.t_s >= sim.trial[0].mark_t_s && slr_get_result(&st)->trials == 0)
			assert_int_equal(slr_mark(&st, sim.trial[0].mark_t_s), 0);
		last = a;
	}
	assert_int_equal(slr_get_result(&st)->trials, 1);
	/* 3 s more of the held pose: the same reading, time moving on */
	for (int i = 1; i <= 300; i++) {
		struct sample s = a;

		s.t_s = last.t_s + 0.01 * i;
		slr_update(&st, &s, NULL);
	}
	assert_int_equal(slr_get_state(&st), SLR_SETTLING);
	assert_true(slr_angle_deg(&st) > 40.0);
	/* the word about the taken trial stays */
	assert_int_equal(slr_get_outcome(&st), SLR_OUT_TAKEN);
}

/* Samples out of order or not finite change nothing. */
static void bad_samples_are_ignored(void **state)
{
	struct slr st;
	struct sample s = { .t_s = 1.0, .acc_g = { 0, 0, 1 } };

	(void)state;
	slr_init(&st, NULL, false);
	slr_update(&st, &s, NULL);
	s.t_s = 0.5;
	assert_false(slr_update(&st, &s, NULL));
	assert_near(st.last_t_s, 1.0, 0.0);
	s.t_s = NAN;
	assert_false(slr_update(&st, &s, NULL));
	assert_near(st.last_t_s, 1.0, 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sim_turns_gravity_by_its_truth),
		cmocka_unit_test(two_sensors_find_the_onset),
		cmocka_unit_test(one_sensor_reads_the_mark),
		cmocka_unit_test(unmarked_or_early_marks_take_nothing),
		cmocka_unit_test(fast_raise_is_rejected),
		cmocka_unit_test(raised_leg_does_not_arm),
		cmocka_unit_test(bad_samples_are_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
