// SPDX-License-Identifier: MIT
/* session: protocol timer, states, commands and summary against scripted
 * movements whose timing is known in closed form (tests/synth.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/session.h"
#include "synth.h"
#include "testutil.h"

static const struct synth_seg three_reps[] = {
	{ 0.0, 0.0, 3.0 },
	{ 30.0, 1.0, 0.5 }, { 0.0, 1.0, 1.0 },
	{ 50.0, 1.0, 0.5 }, { 0.0, 1.0, 1.0 },
	{ 40.0, 1.0, 0.5 }, { 0.0, 1.0, 6.0 },
};
#define N_THREE ((int)(sizeof(three_reps) / sizeof(three_reps[0])))

/* Feeds the script from t_from to t_to at 100 Hz. */
static void feed(struct session *s, const struct synth_seg *seg, int n, double t_from, double t_to)
{
	for (long k = (long)(t_from * 100.0 + 0.5); k * 0.01 <= t_to; k++) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		double t = k * 0.01, rate, th = synth_script_at(seg, n, t, &rate);
		struct sample smp;

		synth_sample(&smp, t, th, rate, NULL);
		session_update(s, &smp, ev);
	}
}

/* First time the script's angle exceeds a, and last time it falls through
 * half of the peak before it (closed-form oracle by scanning the script). */
static double first_above(const struct synth_seg *seg, int n, double a)
{
	double rate;

	for (long k = 0;; k++)
		if (synth_script_at(seg, n, k * 0.001, &rate) > a)
			return k * 0.001;
}

static void states_and_work_time(void **state)
{
	struct session s;
	struct session_summary sum;
	double start, last_out;

	(void)state;
	session_init(&s, NULL);
	assert_int_equal(session_get_state(&s), SESSION_CALIBRATING);
	feed(&s, three_reps, N_THREE, 0.0, 2.9);
	assert_int_equal(session_get_state(&s), SESSION_READY);
	assert_near(session_work_s(&s), 0.0, 0.0);
	feed(&s, three_reps, N_THREE, 2.91, synth_script_len(three_reps, N_THREE));
	assert_int_equal(session_get_state(&s), SESSION_WORKING);
	assert_int_equal(session_reps(&s), 3);

	/* work: from the first rise past the rep threshold to the third rep's
	 * count (halfway down from 40 deg), plus the rest gap after it */
	start = first_above(three_reps, N_THREE, motion_default_settings.rep_enter_deg);
	last_out = 3.0 + 3.5 * 2 + 1.0 + 0.5 + 0.5;   /* min-jerk is symmetric: half way at mid-move */
	assert_near(session_work_s(&s), last_out - start + session_default_settings.rest_gap_s, 0.15);

	session_get_summary(&s, &sum);
	assert_int_equal(sum.reps, 3);
	assert_near(sum.best_peak_deg, 50.0, 0.5);
	assert_near(sum.mean_peak_deg, 40.0, 0.5);
	assert_int_equal(sum.warnings, 0);
	assert_near(sum.tempo_reps_per_min, 3 * 60.0 / sum.work_s, 1e-9);
	assert_near(session_rep(&s, 1)->peak_deg, 50.0, 0.5);
	assert_null(session_rep(&s, 3));
}

static void pause_freezes_timer_and_count(void **state)
{
	struct session s;
	double work;

	(void)state;
	session_init(&s, NULL);
	feed(&s, three_reps, N_THREE, 0.0, 5.6);    /* through the first rep */
	assert_int_equal(session_reps(&s), 1);
	session_toggle_pause(&s);
	assert_int_equal(session_get_state(&s), SESSION_PAUSED);
	work = session_work_s(&s);
	feed(&s, three_reps, N_THREE, 5.61, 9.2);   /* second rep while paused */
	assert_int_equal(session_reps(&s), 1);
	assert_near(session_work_s(&s), work, 0.0);
	session_toggle_pause(&s);
	assert_int_equal(session_get_state(&s), SESSION_WORKING);
	feed(&s, three_reps, N_THREE, 9.21, synth_script_len(three_reps, N_THREE));
	assert_int_equal(session_reps(&s), 2);
	assert_true(session_work_s(&s) > work);
}

static void done_at_the_work_target(void **state)
{
	static struct synth_seg many[1 + 2 * 40];
	struct session_settings set = session_default_settings;
	struct session s;
	int n = 0;

	(void)state;
	many[n++] = (struct synth_seg){ 0.0, 0.0, 3.0 };
	for (int i = 0; i < 40; i++) {
		many[n++] = (struct synth_seg){ 35.0, 1.0, 0.5 };
		many[n++] = (struct synth_seg){ 0.0, 1.0, 0.5 };
	}
	set.work_target_s = 30.0;
	session_init(&s, &set);
	feed(&s, many, n, 0.0, synth_script_len(many, n));
	assert_int_equal(session_get_state(&s), SESSION_DONE);
	assert_near(session_work_s(&s), 30.0, 0.011);
	/* reps are 3 s each and all of it is work: 10 fit in 30 s */
	assert_true(session_reps(&s) >= 9 && session_reps(&s) <= 10);
}

static void warned_hold_is_not_work(void **state)
{
	static const struct synth_seg hold[] = {
		{ 0.0, 0.0, 3.0 }, { 30.0, 1.0, 20.0 }, { 0.0, 1.0, 2.0 },
	};
	struct session s;
	struct session_summary sum;

	(void)state;
	session_init(&s, NULL);
	feed(&s, hold, 3, 0.0, synth_script_len(hold, 3));
	session_get_summary(&s, &sum);
	assert_int_equal(sum.reps, 1);
	assert_int_equal(sum.warnings, 1);
	assert_int_equal(sum.holds, 1);
	assert_true(sum.longest_hold_s > 19.0);
	/* a static hold is not work: the rise, the first hold_min_s of
	 * stillness, the release and the rest gap after it are (about 6 s of
	 * the 23 s), the 19 s of holding are not */
	assert_true(sum.work_s > 4.0 && sum.work_s < 8.0);
}

/* A leg left 3 deg up for 20 s: too small to be a rep (under
 * rep_min_peak_deg) or a stretch held (no hold, no warning), and just as
 * much not work: at most the rise, hold_min_s of stillness and the way back
 * are (about 3.5 s). */
static void leg_left_slightly_up_is_not_work(void **state)
{
	static const struct synth_seg up[] = {
		{ 0.0, 0.0, 3.0 }, { 30.0, 1.0, 0.5 }, { 0.0, 1.0, 2.0 },
		{ 3.0, 1.0, 20.0 }, { 0.0, 1.0, 2.0 },
	};
	struct session s;
	struct session_summary sum;

	(void)state;
	session_init(&s, NULL);
	feed(&s, up, 5, 0.0, synth_script_len(up, 5));
	session_get_summary(&s, &sum);
	assert_int_equal(sum.reps, 1);
	assert_int_equal(sum.holds, 0);
	assert_int_equal(sum.warnings, 0);
	/* the rep about 1.5 s + the 3 s rest gap; then up to 4.5 s more */
	assert_true(sum.work_s > 4.0 && sum.work_s < 10.0);
}

/* Paused while the rest pose is being taken: resuming continues normally. */
static void pause_during_calibration(void **state)
{
	struct session s;

	(void)state;
	session_init(&s, NULL);
	feed(&s, three_reps, N_THREE, 0.0, 0.2);
	session_toggle_pause(&s);
	feed(&s, three_reps, N_THREE, 0.21, 2.9);
	assert_int_equal(session_get_state(&s), SESSION_PAUSED);
	session_toggle_pause(&s);
	assert_int_equal(session_get_state(&s), SESSION_READY);
	feed(&s, three_reps, N_THREE, 2.91, synth_script_len(three_reps, N_THREE));
	assert_int_equal(session_reps(&s), 3);
}

static void recalibrate_and_stop(void **state)
{
	struct session s;
	struct session_summary sum;

	(void)state;
	session_init(&s, NULL);
	feed(&s, three_reps, N_THREE, 0.0, 6.0);
	session_recalibrate(&s);
	assert_int_equal(session_get_state(&s), SESSION_CALIBRATING);
	feed(&s, three_reps, N_THREE, 6.01, synth_script_len(three_reps, N_THREE));
	/* calibrated again in the final rest, and back to work */
	assert_int_equal(session_get_state(&s), SESSION_WORKING);
	session_stop(&s);
	assert_int_equal(session_get_state(&s), SESSION_DONE);
	session_get_summary(&s, &sum);
	assert_true(sum.reps >= 1);
	session_restart(&s);
	assert_int_equal(session_get_state(&s), SESSION_CALIBRATING);
	assert_int_equal(session_reps(&s), 0);
}

/* The session ends in the middle of a 13 s hold (Finish, the end of a
 * replay, --seconds): the summary has the hold, as analyze reports it, with
 * its warning; a hold made while paused is not the session's. */
static void hold_running_at_the_end_is_kept(void **state)
{
	static const struct synth_seg held[] = {
		{ 0.0, 0.0, 2.0 }, { 30.0, 1.0, 0.5 }, { 0.0, 1.0, 1.5 }, { 30.0, 1.0, 14.0 },
	};
	struct session s;
	struct session_summary sum;

	(void)state;
	session_init(&s, NULL);
	feed(&s, held, 4, 0.0, synth_script_len(held, 4));
	session_stop(&s);
	session_get_summary(&s, &sum);
	assert_int_equal(sum.reps, 1);
	assert_int_equal(sum.warnings, 1);
	assert_int_equal(sum.holds, 1);
	/* held from about 0.8 s into the 1 s rise (within 3 deg of the top) */
	assert_near(sum.longest_hold_s, 14.0 + 0.2, 0.4);
	assert_true(session_hold(&s, 0)->warned);

	session_init(&s, NULL);
	feed(&s, held, 4, 0.0, 6.0);
	session_toggle_pause(&s);
	feed(&s, held, 4, 6.01, synth_script_len(held, 4));
	session_stop(&s);
	session_get_summary(&s, &sum);
	assert_int_equal(sum.holds, 0);
}

/* Peaks 30, 50, 40, then 55 dipping to 50 and up to 56, then 47 dipping
 * to 43 and up to 47.5: against a 45 deg ceiling with 3 deg of
 * hysteresis the passes are the 50, the 55/56 and the 47/47.5 (the dips
 * stay above 42), so three events with peaks 50, 56 and 47.5; with 0.5 deg
 * the dip to 43 ends a pass, so four. Crossing times: the script's first
 * moment above 45 after each pass began (closed form, scanned). */
static const struct synth_seg ceiling_script[] = {
	{ 0.0, 0.0, 3.0 },
	{ 30.0, 1.0, 0.5 }, { 0.0, 1.0, 1.0 },
	{ 50.0, 1.0, 0.5 }, { 0.0, 1.0, 1.0 },
	{ 40.0, 1.0, 0.5 }, { 0.0, 1.0, 1.0 },
	{ 55.0, 1.0, 0.3 }, { 50.0, 0.5, 0.3 }, { 56.0, 0.5, 0.3 }, { 0.0, 1.0, 1.0 },
	{ 47.0, 1.0, 0.3 }, { 43.0, 0.5, 0.3 }, { 47.5, 0.5, 0.3 }, { 0.0, 1.0, 3.0 },
};
#define N_CEIL ((int)(sizeof(ceiling_script) / sizeof(ceiling_script[0])))

static double first_above_from(const struct synth_seg *seg, int n, double from, double a)
{
	double rate;

	for (long k = (long)(from * 1000.0);; k++)
		if (synth_script_at(seg, n, k * 0.001, &rate) > a)
			return k * 0.001;
}

static void ceiling_passes_are_counted(void **state)
{
	struct session_settings set = session_default_settings;
	struct session s;
	/* when each pass's segment begins: 3 + 1.5 + 2 + 1.5 + 2 + ... */
	const double pass_from[] = { 3.0 + 1.5 + 2.0, 3.0 + 3.5 * 3, 3.0 + 3.5 * 3 + 1.3 + 0.8 + 0.8 + 2.0 };
	const double peaks[] = { 50.0, 56.0, 47.5 };
	bool seen_over = false;

	(void)state;
	set.ceiling_deg = 45.0;
	set.ceiling_hysteresis_deg = 3.0;
	set.work_target_s = 0.0;   /* no end: the whole script */
	session_init(&s, &set);
	for (long k = 0; k * 0.01 <= synth_script_len(ceiling_script, N_CEIL); k++) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		double t = k * 0.01, rate, th = synth_script_at(ceiling_script, N_CEIL, t, &rate);
		struct sample smp;

		synth_sample(&smp, t, th, rate, NULL);
		session_update(&s, &smp, ev);
		/* over only near or past the ceiling, never at rest */
		if (session_over_ceiling(&s)) {
			assert_true(th > 45.0 - 3.0 - 1.0);
			seen_over = true;
		}
		if (th < 30.0)
			assert_false(session_over_ceiling(&s));
	}
	assert_true(seen_over);
	assert_int_equal(session_ceiling_events(&s), 3);
	assert_int_equal(session_ceiling_log_len(&s), 3);
	for (int i = 0; i < 3; i++) {
		const struct session_ceiling_event *c = session_ceiling_event(&s, i);

		assert_near(c->peak_deg, peaks[i], 0.5);
		assert_near(c->t_s, first_above_from(ceiling_script, N_CEIL, pass_from[i], 45.0), 0.05);
	}
	assert_null(session_ceiling_event(&s, 3));

	/* a hysteresis smaller than the 47 -> 43 dip: that dip ends a pass */
	set.ceiling_hysteresis_deg = 0.5;
	session_init(&s, &set);
	feed(&s, ceiling_script, N_CEIL, 0.0, synth_script_len(ceiling_script, N_CEIL));
	assert_int_equal(session_ceiling_events(&s), 4);
	assert_near(session_ceiling_event(&s, 2)->peak_deg, 47.0, 0.5);
	assert_near(session_ceiling_event(&s, 3)->peak_deg, 47.5, 0.5);

	/* off: nothing */
	set.ceiling_deg = 0.0;
	session_init(&s, &set);
	feed(&s, ceiling_script, N_CEIL, 0.0, synth_script_len(ceiling_script, N_CEIL));
	assert_int_equal(session_ceiling_events(&s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(states_and_work_time),
		cmocka_unit_test(pause_freezes_timer_and_count),
		cmocka_unit_test(done_at_the_work_target),
		cmocka_unit_test(warned_hold_is_not_work),
		cmocka_unit_test(leg_left_slightly_up_is_not_work),
		cmocka_unit_test(pause_during_calibration),
		cmocka_unit_test(recalibrate_and_stop),
		cmocka_unit_test(hold_running_at_the_end_is_kept),
		cmocka_unit_test(ceiling_passes_are_counted),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
