// SPDX-License-Identifier: MIT
/*
 * The kiosk with two sensors, one per leg (kiosk/kiosk_legs.h): the virtual
 * patient on both legs (core/sim_legs.h) through the real loop, headless.
 * Oracle: the simulator's truth per leg (reps, warnings), computed by a
 * second run of the same script, not by the kiosk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/sim_legs.h"
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_modes.h"
#include "store/history.h"
#include "testutil.h"

#define FRAME_S (1.0 / 60.0)

struct saved {
	int n;
	int reps[4], warnings[4];
};

static void on_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct saved *sv = ctx;
	struct session_summary sum;

	session_get_summary(s, &sum);
	if (sv->n < 4) {
		sv->reps[sv->n] = sum.reps;
		sv->warnings[sv->n] = sum.warnings;
	}
	sv->n++;
	out->saved = UI_SAVED_OK;
}

static void truth(const struct sim_legs_settings *set, struct sim_truth t[2])
{
	static struct sim_legs s;
	struct sim_legs_row row;

	sim_legs_init(&s, set);
	while (sim_legs_next(&s, &row))
		;
	sim_legs_truth(&s, LEG_LEFT, &t[0]);
	sim_legs_truth(&s, LEG_RIGHT, &t[1]);
}

/* Headless, muted, started at once, its lines to out. */
static struct kiosk_options headless_options(FILE *out)
{
	struct kiosk_options ko;

	kiosk_options_default(&ko);
	ko.mute = true;
	ko.headless = true;
	ko.auto_start = true;
	ko.out = out;
	return ko;
}

static struct sim_legs_settings legs_settings(uint64_t seed, double rate_hz)
{
	struct sim_legs_settings set;

	sim_legs_default_settings(&set);
	set.leg.seed = seed;
	set.leg.rate_hz = rate_hz;
	set.leg.duration_s = 90.0;
	return set;
}

/* The kiosk on the virtual patient's two sensors (speed x, frames of 60 Hz)
 * until it ends (at most max_s). Returns the simulated time it ended at. */
static double run_legs_to_end(const struct sim_legs_settings *set, double speed, const struct kiosk_options *ko,
			      const struct kiosk_hooks *hooks, double max_s)
{
	struct source *src;
	struct kiosk *k;
	double now = 0;
	int rc = 0;

	assert_int_equal(source_open_sim_legs(&src, set, speed), 0);
	assert_int_equal(kiosk_new(&k, ko, src, hooks), 0);
	while (rc == 0 && now < max_s) {
		now += FRAME_S;
		rc = kiosk_step(k, now);
	}
	assert_int_equal(rc, 1);
	kiosk_free(k);
	return now;
}

/* Each leg its own session: reps and warnings exact per leg, both saved. */
static void each_leg_its_session(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct sim_legs_settings set = legs_settings(seed, seed == 2 ? 200.0 : 100.0);
		struct kiosk_options ko;
		struct kiosk_hooks hooks = { 0 };
		struct saved sv = { 0 };
		struct sim_truth t[2];
		struct source *src;
		struct kiosk *k;
		char *json = NULL;
		size_t len = 0;
		double now = 0;
		int rc = 0, mid_checked = 0;

		truth(&set, t);
		assert_true(t[0].reps >= 3 && t[1].reps >= 3);
		assert_true(t[0].warnings >= 1 && t[1].warnings >= 1);   /* holds: a warning each */
		ko = headless_options(open_memstream(&json, &len));
		hooks.ctx = &sv;
		hooks.session_finished = on_finished;
		assert_int_equal(source_open_sim_legs(&src, &set, 4.0), 0);
		assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
		for (int i = 0; i < 60 * 60 && rc == 0; i++) {
			const struct ui_view *v;

			now += FRAME_S;
			rc = kiosk_step(k, now);
			v = kiosk_view(k);
			if (!mid_checked && v->screen == UI_SCREEN_EXERCISE && now > 5.0) {
				/* both legs in the view, as plain data */
				assert_int_equal(v->n_sensor_legs, 2);
				assert_int_equal(v->sensor_legs[0].side, UI_SIDE_LEFT);
				assert_int_equal(v->sensor_legs[1].side, UI_SIDE_RIGHT);
				assert_true(!v->sensor_legs[0].lost && !v->sensor_legs[1].lost);
				assert_int_equal(v->sensor_legs[0].reps, v->reps);
				/* the two-legs screen's legs are the sensors', left then right */
				assert_int_equal(v->modes.n_legs, 2);
				for (int j = 0; j < 2; j++) {
					assert_int_equal(v->modes.legs[j].side, v->sensor_legs[j].side);
					assert_int_equal(v->modes.legs[j].reps, v->sensor_legs[j].reps);
					assert_true(v->modes.legs[j].work_s == v->sensor_legs[j].work_s);
				}
				assert_true(v->modes.legs[0].live && v->modes.legs[1].live);
				mid_checked = 1;
			}
		}
		assert_int_equal(rc, 1);
		assert_true(mid_checked);
		assert_int_equal(sv.n, 2);   /* one session per leg */
		assert_int_equal(sv.reps[0], t[0].reps);
		assert_int_equal(sv.warnings[0], t[0].warnings);
		assert_int_equal(sv.reps[1], t[1].reps);
		assert_int_equal(sv.warnings[1], t[1].warnings);
		assert_int_equal(kiosk_view(k)->sensor_legs[1].reps, t[1].reps);
		kiosk_free(k);
		fclose(ko.out);
		/* headless: the right leg's events and summary carry their leg */
		assert_non_null(strstr(json, "{\"leg\": \"right\", \"event\": \"rep\""));
		assert_non_null(strstr(json, "{\"leg\": \"right\", \"t_s\":"));
		free(json);
	}
}

/* What the history is told of each sensor's session (the meta hook, as run
 * saves it): the side of the leg its sensor is on, and through mode_info
 * (which run's side comes from) the same side and no tempo for sensor 2. */
struct sided {
	int n, n_info;
	int reps[4];
	enum history_side side[4];
	enum ui_side info_side[4];
	bool info_tempo[4];
};

static void on_finished_meta(void *ctx, const struct session *s, const struct history_meta *meta,
			     struct ui_history *out)
{
	struct sided *sd = ctx;

	if (sd->n < 4) {
		sd->reps[sd->n] = session_reps(s);
		sd->side[sd->n] = meta ? meta->side : HISTORY_SIDE_NONE;
	}
	sd->n++;
	out->saved = UI_SAVED_OK;
}

static void on_mode_info(void *ctx, const struct kiosk_mode_info *info)
{
	struct sided *sd = ctx;

	if (sd->n_info < 4) {
		sd->info_side[sd->n_info] = info->side;
		sd->info_tempo[sd->n_info] = info->tempo_dev_s != NULL;
	}
	sd->n_info++;
}

static void each_session_saved_with_its_side(void **state)
{
	struct sim_legs_settings set = legs_settings(4, 100.0);
	struct kiosk_options ko;
	struct kiosk_hooks hooks = { 0 };
	struct sided sd = { 0 };
	struct sim_truth t[2];

	(void)state;
	truth(&set, t);
	assert_true(t[0].reps != t[1].reps);   /* the counts tell the legs apart */
	ko = headless_options(fopen("/dev/null", "w"));
	ko.modes.tempo = (struct tempo_settings){ .out_s = 2.0, .in_s = 2.0 };   /* sensor 1's only */
	hooks.ctx = &sd;
	hooks.session_finished_meta = on_finished_meta;
	hooks.mode_info = on_mode_info;
	run_legs_to_end(&set, 4.0, &ko, &hooks, 60.0);
	assert_int_equal(sd.n, 2);
	assert_int_equal(sd.n_info, 2);
	/* the simulator's left leg carries sensor 1, its right sensor 2 */
	assert_int_equal(sd.reps[0], t[0].reps);
	assert_int_equal(sd.side[0], HISTORY_SIDE_LEFT);
	assert_int_equal(sd.info_side[0], UI_SIDE_LEFT);
	assert_int_equal(sd.reps[1], t[1].reps);
	assert_int_equal(sd.side[1], HISTORY_SIDE_RIGHT);
	assert_int_equal(sd.info_side[1], UI_SIDE_RIGHT);
	assert_false(sd.info_tempo[1]);   /* sensor 1's deviations are not sensor 2's */
	fclose(ko.out);
}

/* A source of one sensor: no second session, no legs in the view. */
static void one_sensor_no_legs(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	double now = 0;

	(void)state;
	ko = headless_options(fopen("/dev/null", "w"));
	sim.duration_s = 20.0;
	assert_int_equal(source_open_sim(&src, &sim, 4.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	for (int i = 0; i < 120; i++) {
		now += FRAME_S;
		kiosk_step(k, now);
	}
	assert_int_equal(kiosk_view(k)->n_sensor_legs, 0);
	assert_int_equal(kiosk_view(k)->modes.n_legs, 0);   /* the one-leg screens */
	kiosk_free(k);
	fclose(ko.out);
}


/* Sensor 1 lost for a while (its samples withheld, -EIO as an unplugged
 * sensor): sensor 2's leg goes on counting, sensor 1's session is kept. */
struct lose1 {
	struct source *inner;
	double from_s, to_s;     /* sample time of sensor 1 withheld */
};

static int lose1_poll(void *impl, double now_s, struct sample *out)
{
	struct lose1 *w = impl;
	int rc = source_poll(w->inner, now_s, out);

	if (rc == 1 && out->t_s >= w->from_s && out->t_s < w->to_s)
		return -EIO;
	return rc;
}

static int lose1_poll2(void *impl, double now_s, struct sample *out)
{
	struct lose1 *w = impl;

	return source_poll2(w->inner, now_s, out);
}

static int lose1_sensors(void *impl, enum leg legs[2])
{
	struct lose1 *w = impl;

	return source_sensors(w->inner, legs);
}

static double lose1_wait(void *impl, double now_s)
{
	struct lose1 *w = impl;

	return source_wait_s(w->inner, now_s);
}

static void lose1_status(void *impl, struct source_status *st)
{
	struct lose1 *w = impl;

	source_get_status(w->inner, st);
	st->scripted = false;   /* judged like a live sensor */
	st->demo = false;
}

static void lose1_close(void *impl)
{
	struct lose1 *w = impl;

	source_close(w->inner);
	free(w);
}

static const struct source_ops lose1_ops = {
	.poll = lose1_poll,
	.wait_s = lose1_wait,
	.status = lose1_status,
	.close = lose1_close,
	.sensors = lose1_sensors,
	.poll2 = lose1_poll2,
};

static void losing_sensor_1_keeps_leg_2(void **state)
{
	struct sim_legs_settings set = legs_settings(4, 100.0);
	struct kiosk_options ko;
	struct lose1 *w = calloc(1, sizeof(*w));
	struct source *src;
	struct kiosk *k;
	double now = 0;
	int reps1 = -1, reps2 = -1;
	bool lost_seen = false;

	(void)state;
	assert_non_null(w);
	ko = headless_options(fopen("/dev/null", "w"));
	w->from_s = 45.0;   /* the middle, where both legs work */
	w->to_s = 65.0;
	assert_int_equal(source_open_sim_legs(&w->inner, &set, 1.0), 0);
	assert_int_equal(source_wrap(&src, &lose1_ops, w), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	for (int i = 0; i < 80 * 60; i++) {
		const struct ui_view *v;

		now += FRAME_S;
		if (kiosk_step(k, now))
			break;
		v = kiosk_view(k);
		if (now >= 47.0 && now < 64.0) {
			assert_true(v->sensor_legs[0].lost);
			assert_false(v->sensor_legs[1].lost);
			lost_seen = true;
			if (reps1 < 0) {
				reps1 = v->sensor_legs[0].reps;
				reps2 = v->sensor_legs[1].reps;
			}
			assert_int_equal(v->sensor_legs[0].reps, reps1);   /* kept, not counting */
			assert_int_equal(v->screen, UI_SCREEN_EXERCISE);
		}
		if (now >= 64.0 && reps2 >= 0) {
			/* the right leg counted on while the left's sensor was away */
			assert_true(v->sensor_legs[1].reps > reps2);
			reps2 = -1;
		}
	}
	assert_true(lost_seen);
	assert_int_equal(reps2, -1);
	kiosk_free(k);
	fclose(ko.out);
}


/* The idle finish (no rep, no work for idle_finish_s) sees both legs: the
 * left leg resting after its block while the right works on does not end
 * the session; the right leg's reps all count. */
static void one_leg_working_is_not_idle(void **state)
{
	struct sim_legs_settings set = legs_settings(7, 100.0);
	struct kiosk_options ko;
	struct kiosk_hooks hooks = { 0 };
	struct saved sv = { 0 };
	struct sim_truth t[2];
	double end_s;

	(void)state;
	set.leg.duration_s = 180.0;   /* the left leg rests from about 99 s */
	truth(&set, t);
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.headless = true;
	ko.auto_start = true;
	ko.idle_finish_s = 30.0;
	ko.out = fopen("/dev/null", "w");
	hooks.ctx = &sv;
	hooks.session_finished = on_finished;
	end_s = run_legs_to_end(&set, 1.0, &ko, &hooks, 200.0);
	assert_true(end_s > 179.0);   /* ended with the trace, not by the idle finish */
	assert_int_equal(sv.n, 2);
	assert_int_equal(sv.reps[0], t[0].reps);
	assert_int_equal(sv.reps[1], t[1].reps);
	fclose(ko.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_leg_its_session),
		cmocka_unit_test(each_session_saved_with_its_side),
		cmocka_unit_test(one_sensor_no_legs),
		cmocka_unit_test(losing_sensor_1_keeps_leg_2),
		cmocka_unit_test(one_leg_working_is_not_idle),
	};

	return cmocka_run_group_tests_name("kiosk_legs", tests, NULL, NULL);
}
