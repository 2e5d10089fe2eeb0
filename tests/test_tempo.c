// SPDX-License-Identifier: MIT
/*
 * tempo: the guide, the ticks and the deviation against closed forms, and
 * the deviation of reps the motion core counts on scripted movements whose
 * timing is known by construction (tests/synth.h: minimum-jerk moves, which
 * like the guide's half-cosine are symmetric in time, so a rep is half-way
 * back at half its way back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include "core/session.h"
#include "core/tempo.h"
#include "synth.h"
#include "testutil.h"

static void guide_closed_form(void **state)
{
	const struct tempo_settings t = { .out_s = 2.0, .in_s = 3.0 };

	(void)state;
	assert_near(tempo_guide_frac(&t, 0.0), 0.0, 1e-12);
	assert_near(tempo_guide_frac(&t, 1.0), 0.5, 1e-12);           /* half-way out */
	assert_near(tempo_guide_frac(&t, 2.0), 1.0, 1e-12);           /* the top */
	assert_near(tempo_guide_frac(&t, 3.5), 0.5, 1e-12);           /* half-way back */
	assert_near(tempo_guide_frac(&t, 5.0 * 7 + 0.5), 0.5 - 0.5 * cos(M_PI * 0.25), 1e-9);
	assert_near(tempo_guide_frac(&t, -1.0), 0.0, 0.0);
	assert_true(tempo_going_out(&t, 10.0 + 1.99));
	assert_false(tempo_going_out(&t, 10.0 + 2.01));
	const struct tempo_settings off = { .out_s = 2.0, .in_s = 0.0 };
	assert_false(tempo_on(&off));
	assert_near(tempo_guide_frac(&off, 1.0), 0.0, 0.0);
	assert_int_equal(tempo_ticks(&off, 0.0, 100.0), 0);
}

static void ticks_closed_form(void **state)
{
	const struct tempo_settings t = { .out_s = 2.0, .in_s = 3.0 };

	(void)state;
	/* ticks at 0, 2, 5, 7, 10, 12, ...: two per 5 s period */
	assert_int_equal(tempo_ticks(&t, -0.001, 0.0), 1);
	assert_int_equal(tempo_ticks(&t, 0.0, 50.0), 20);   /* 2..50: 2,5,...,47,50 */
	assert_int_equal(tempo_ticks(&t, 1.9, 2.0), 1);
	assert_int_equal(tempo_ticks(&t, 2.0, 4.9), 0);
	assert_int_equal(tempo_ticks(&t, 4.9, 5.1), 1);
	/* summed over frames, every tick once */
	int n = 0;
	for (int i = 0; i < 6000; i++)
		n += tempo_ticks(&t, i / 60.0, (i + 1) / 60.0);
	assert_int_equal(n, 40);   /* (0, 100]: 2 per 5 s */
}

static void deviation_closed_form(void **state)
{
	const struct tempo_settings t = { .out_s = 2.0, .in_s = 3.0 };
	struct tempo_tally tt = { 0 };

	(void)state;
	assert_near(tempo_expected_rep_s(&t, 0.5), 3.5, 1e-12);
	assert_near(tempo_expected_rep_s(&t, 1.0), 5.0, 1e-12);
	assert_near(tempo_expected_rep_s(&t, 0.0), 2.0, 1e-12);
	/* f = 0.25: 1 - 2f = 0.5, acos = pi/3: a third of in_s */
	assert_near(tempo_expected_rep_s(&t, 0.25), 3.0, 1e-12);
	assert_near(tempo_dev_s(&t, 0.5, 4.0), 0.5, 1e-12);
	assert_near(tempo_dev_s(&t, 0.5, 2.5), -1.0, 1e-12);
	tempo_tally_add(&tt, 0.5);
	tempo_tally_add(&tt, -1.0);
	assert_near(tempo_tally_mean_s(&tt), -0.25, 1e-12);
	assert_near(tempo_tally_mean_abs_s(&tt), 0.75, 1e-12);
	assert_near(tt.last_dev_s, -1.0, 0.0);
}

/* Reps at 2+2 s (on tempo), 3+3 s (slow) and 1.5+1.5 s (fast) against a
 * prescribed 2+2: the counted reps' deviations are the script's own
 * (out + in/2) - 3 within the moment the leg is seen to leave rest. */
static void counted_reps_deviate_as_scripted(void **state)
{
	static const struct synth_seg script[] = {
		{ 0.0, 0.0, 3.0 },
		{ 40.0, 2.0, 0.0 }, { 0.0, 2.0, 2.0 },
		{ 40.0, 3.0, 0.0 }, { 0.0, 3.0, 2.0 },
		{ 40.0, 1.5, 0.0 }, { 0.0, 1.5, 3.0 },
	};
	const int n = (int)(sizeof(script) / sizeof(script[0]));
	const double want[3] = { (2.0 + 1.0) - 3.0, (3.0 + 1.5) - 3.0, (1.5 + 0.75) - 3.0 };
	const struct tempo_settings t = { .out_s = 2.0, .in_s = 2.0 };
	struct session s;
	double dur[8] = { 0 };
	int k = 0;

	(void)state;
	session_init(&s, NULL);
	for (long i = 0; i * 0.01 <= synth_script_len(script, n); i++) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		double rate, th = synth_script_at(script, n, i * 0.01, &rate);
		struct sample smp;
		int ne;

		synth_sample(&smp, i * 0.01, th, rate, NULL);
		ne = session_update(&s, &smp, ev);
		for (int j = 0; j < ne && k < 8; j++)
			if (ev[j].type == MOTION_EV_REP)
				dur[k++] = ev[j].rep.duration_s;
	}
	assert_int_equal(k, 3);
	for (int r = 0; r < 3; r++)
		/* the rep is seen leaving rest once 0.5 deg up: a minimum-jerk
		 * move to 40 deg is there after ~11 % of its time */
		assert_near(tempo_dev_s(&t, s.set.motion.rep_exit_frac, dur[r]), want[r],
			    0.15 * (r == 1 ? 3.0 : r == 2 ? 1.5 : 2.0) + 0.02);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(guide_closed_form),
		cmocka_unit_test(ticks_closed_form),
		cmocka_unit_test(deviation_closed_form),
		cmocka_unit_test(counted_reps_deviate_as_scripted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
