// SPDX-License-Identifier: MIT
/*
 * massage: the timer and its cues against the samples' own clock (closed
 * form), and the static-stretch warning against the virtual patient's
 * script (its truth, not the detector): every dwell in the stretch clearly
 * longer than static_warn_s warns once, within it; rest, fidgets and dynamic
 * reps never do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "core/massage.h"
#include "core/sim.h"
#include "testutil.h"

static void timer_and_cues(void **state)
{
	struct massage_settings set = massage_default_settings;
	struct massage m;
	struct motion mo;
	int cues = 0, done = 0;
	double done_t = 0;

	(void)state;
	set.duration_s = 100.0;
	motion_init(&mo, NULL);   /* a motion core that saw nothing: at rest */
	massage_init(&m, &set);
	/* 100 Hz, with a 5 s hole at 40 s (no time) and a pause 60..70 s */
	for (long i = 0; i <= 20000; i++) {
		double t = i * 0.01;
		unsigned f;

		if (t > 40.0 && t < 45.0)
			continue;
		f = massage_update(&m, t, !(t >= 60.0 && t < 70.0), &mo);
		if (f & MASSAGE_CUE)
			cues++;
		if (f & MASSAGE_DONE) {
			done++;
			done_t = t;
		}
		assert_false(f & MASSAGE_STATIC);
	}
	/* marks at 30, 60, 90 s of massage time (100 s itself is the end) */
	assert_int_equal(cues, 3);
	assert_int_equal(done, 1);
	/* 100 s of time = 100 s of clock + the hole's 5 s + the pause's 10 s,
	 * less the sample before the hole is bridged by nothing */
	assert_near(done_t, 115.0, 0.02);
	assert_near(m.elapsed_s, 100.0, 0.011);
}

struct dwell {
	double t0, len;
};

/* Runs the virtual patient with a massage watching; the script's dwells
 * (from its own state) into dw. Returns the static warnings' times. */
static int run_sim(enum sim_scenario sc, uint64_t seed, double seconds, struct dwell *dw, int *n_dw,
		   double *warn_t, int max_warn)
{
	struct sim_settings ss = sim_default_settings;
	struct sim *sim = test_malloc(sizeof(*sim));
	struct motion *mo = test_malloc(sizeof(*mo));
	struct massage m;
	struct sample smp;
	enum sim_phase last = SIM_PH_REST;
	int nw = 0;

	ss.scenario = sc;
	ss.seed = seed;
	ss.duration_s = seconds;
	sim_init(sim, &ss);
	motion_init(mo, NULL);
	massage_init(&m, NULL);
	*n_dw = 0;
	while (sim_next(sim, &smp)) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		const struct sim_truth *tr = sim_get_truth(sim);

		if (tr->phase == SIM_PH_DWELL && last != SIM_PH_DWELL && *n_dw < 64)
			dw[(*n_dw)++] = (struct dwell){ smp.t_s, sim->exc.dwell_s };
		last = tr->phase;
		motion_update(mo, &smp, ev);
		if ((massage_update(&m, smp.t_s, true, mo) & MASSAGE_STATIC) && nw < max_warn)
			warn_t[nw++] = smp.t_s;
	}
	assert_int_equal(nw, m.static_warnings);
	test_free(sim);
	test_free(mo);
	return nw;
}

static void static_stretch_warns_rest_does_not(void **state)
{
	struct dwell dw[64];
	double warn_t[64];
	int n_dw, nw, clear, possible;
	const double lim = massage_default_settings.static_warn_s;

	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		nw = run_sim(SIM_HOLDS, seed, 240.0, dw, &n_dw, warn_t, 64);
		clear = possible = 0;
		for (int i = 0; i < n_dw; i++) {
			clear += dw[i].len >= lim + 1.0;
			possible += dw[i].len >= lim - 1.0;
		}
		print_message("seed %d: %d static warnings, %d dwells clearly over, %d possibly\n", (int)seed, nw,
			      clear, possible);
		assert_true(clear > 0);   /* the scenario holds: the test means something */
		assert_in_range(nw, clear, possible);
		/* each warning inside a dwell long enough, static_warn_s into it
		 * (the detector sees the hold start as the leg settles) */
		for (int w = 0; w < nw; w++) {
			bool inside = false;

			for (int i = 0; i < n_dw; i++)
				if (dw[i].len >= lim - 1.0 && warn_t[w] >= dw[i].t0 + lim - 1.0 &&
				    warn_t[w] <= dw[i].t0 + dw[i].len + 0.5)
					inside = true;
			assert_true(inside);
		}
		/* rest with fidgets, and steady dynamic reps: never */
		assert_int_equal(run_sim(SIM_IDLE, seed, 240.0, dw, &n_dw, warn_t, 64), 0);
		assert_int_equal(run_sim(SIM_DYNAMIC, seed, 240.0, dw, &n_dw, warn_t, 64), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timer_and_cues),
		cmocka_unit_test(static_stretch_warns_rest_does_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
