// SPDX-License-Identifier: MIT
/*
 * The GPIO side of the kiosk without hardware: which command each button
 * press gives, and what the buzzer and LED do for each cue, checked against
 * the pattern definitions (drivers/gpio/pattern.h) and, over a whole
 * simulated session, against the core's own alert state: the LED is on
 * exactly while a warning stands, the warning never sounds once released.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "kiosk/kiosk_gpio.h"
#include "testutil.h"

#define MS 1000000LL

static void buttons_map_to_commands(void **state)
{
	(void)state;
	for (int cal = 0; cal < 2; cal++) {
		assert_int_equal(kiosk_gpio_button_cmd(0, BUTTON_SHORT, cal), UI_CMD_START_PAUSE);
		assert_int_equal(kiosk_gpio_button_cmd(0, BUTTON_LONG, cal), UI_CMD_FINISH_NOW);   /* never asks */
		assert_int_equal(kiosk_gpio_button_cmd(1, BUTTON_LONG, cal), UI_CMD_FINISH_NOW);
		assert_int_equal(kiosk_gpio_button_cmd(0, BUTTON_NONE, cal), UI_CMD_NONE);
	}
	/* issue 12: the second button is what [gpio] says: next_line (the
	 * default) is "next screen, dismiss", calibrate_line recalibrates */
	assert_int_equal(kiosk_gpio_button_cmd(1, BUTTON_SHORT, false), UI_CMD_NEXT);
	assert_int_equal(kiosk_gpio_button_cmd(1, BUTTON_SHORT, true), UI_CMD_CALIBRATE);
}

/* Both buttons held 3 s from the later press: the clinician's mode, once
 * per hold; a release and a new hold may give it again. Raw levels go
 * through the real debouncer (settle 20 ms). */
static void both_buttons_held_is_the_clinician(void **state)
{
	struct debounce db[2];
	bool sent = false;
	int64_t settle = (int64_t)debounce_default_settings.settle_ms * MS;

	(void)state;
	for (int i = 0; i < 2; i++)
		debounce_init(&db[i], &debounce_default_settings);
	debounce_update(&db[0], true, 0);
	debounce_update(&db[0], true, settle);
	assert_int_equal(kiosk_gpio_both_held(db, 2000 * MS, &sent), UI_CMD_NONE);   /* one alone */
	assert_true(kiosk_gpio_both_due_ns(db, sent) == INT64_MAX);
	debounce_update(&db[1], true, 500 * MS);
	debounce_update(&db[1], true, 500 * MS + settle);
	/* the hold counts from the later press, as debounced */
	assert_true(kiosk_gpio_both_due_ns(db, sent) == 500 * MS + 3000 * MS);
	assert_int_equal(kiosk_gpio_both_held(db, 3499 * MS, &sent), UI_CMD_NONE);
	assert_int_equal(kiosk_gpio_both_held(db, 3500 * MS, &sent), UI_CMD_CLINICIAN);
	assert_int_equal(kiosk_gpio_both_held(db, 4000 * MS, &sent), UI_CMD_NONE);   /* once */
	assert_true(kiosk_gpio_both_due_ns(db, sent) == INT64_MAX);
	debounce_update(&db[1], false, 5000 * MS);
	debounce_update(&db[1], false, 5000 * MS + settle);
	assert_int_equal(kiosk_gpio_both_held(db, 5100 * MS, &sent), UI_CMD_NONE);
	debounce_update(&db[1], true, 6000 * MS);
	debounce_update(&db[1], true, 6000 * MS + settle);
	assert_int_equal(kiosk_gpio_both_held(db, 8999 * MS, &sent), UI_CMD_NONE);
	assert_int_equal(kiosk_gpio_both_held(db, 9000 * MS, &sent), UI_CMD_CLINICIAN);
}

static void cues_play_patterns(void **state)
{
	struct kiosk_outputs o;
	bool b, l;
	int64_t next, t0 = 1000 * MS;

	(void)state;
	kiosk_outputs_init(&o);
	kiosk_outputs_levels(&o, 0, &b, &l, &next);
	assert_false(b);
	assert_false(l);
	assert_true(next == INT64_MAX);

	/* a rep: one blip, as long as the pattern says */
	kiosk_outputs_cue(&o, KIOSK_CUE_REP, t0);
	kiosk_outputs_levels(&o, t0, &b, &l, &next);
	assert_true(b);
	assert_false(l);
	assert_true(next == t0 + pattern_length_ns(PATTERN_REP));
	kiosk_outputs_levels(&o, t0 + pattern_length_ns(PATTERN_REP) + 1, &b, &l, &next);
	assert_false(b);

	/* pre-warning: the LED blinks */
	kiosk_outputs_cue(&o, KIOSK_CUE_PREWARN, 2 * t0);
	kiosk_outputs_levels(&o, 2 * t0, &b, &l, &next);
	assert_true(l);
	kiosk_outputs_levels(&o, 2 * t0 + 750 * MS, &b, &l, &next);   /* in the off half */
	assert_false(l);

	/* warning: the repeating pattern, LED steady; a rep blip does not cut it */
	kiosk_outputs_cue(&o, KIOSK_CUE_WARN, 3 * t0);
	kiosk_outputs_cue(&o, KIOSK_CUE_REP, 3 * t0 + 10 * MS);
	assert_int_equal(o.buzzer, PATTERN_HOLD_WARNING);
	for (int64_t t = 3 * t0; t < 3 * t0 + 3 * pattern_length_ns(PATTERN_HOLD_WARNING); t += 7 * MS) {
		bool want = pattern_level(PATTERN_HOLD_WARNING, t - 3 * t0, NULL);

		kiosk_outputs_levels(&o, t, &b, &l, &next);
		assert_int_equal(b, want);
		assert_true(l);
	}
	/* released: quiet and dark */
	kiosk_outputs_cue(&o, KIOSK_CUE_CLEAR, 9 * t0);
	kiosk_outputs_levels(&o, 9 * t0, &b, &l, &next);
	assert_false(b);
	assert_false(l);
}

struct outs {
	struct kiosk_outputs o;
	double now_s;
};

static void on_cue(void *ctx, enum kiosk_cue cue)
{
	struct outs *x = ctx;

	kiosk_outputs_cue(&x->o, cue, (int64_t)(x->now_s * 1e9));
}

static void outputs_follow_the_core(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct kiosk_hooks hooks = { 0 };
	struct outs x;
	struct source *src;
	struct kiosk *k;
	int warned_frames = 0;

	(void)state;
	kiosk_outputs_init(&x.o);
	hooks.ctx = &x;
	hooks.cue = on_cue;
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.set.work_target_s = 0;
	sim.scenario = SIM_HOLDS;
	sim.seed = 5;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	for (int f = 0; f < 240 * 60; f++) {
		enum motion_alert a;

		x.now_s = f / 60.0;
		kiosk_step(k, x.now_s);
		a = kiosk_view(k)->alert;
		assert_int_equal(x.o.led == PATTERN_ON, a == MOTION_ALERT_WARN);
		assert_int_equal(x.o.buzzer == PATTERN_HOLD_WARNING, a == MOTION_ALERT_WARN);
		if (a == MOTION_ALERT_NONE)
			assert_int_equal(x.o.led, PATTERN_OFF);
		warned_frames += a == MOTION_ALERT_WARN;
	}
	assert_true(warned_frames > 0);
	kiosk_free(k);
}

/* The loop's input deadline: nothing pending, a bounce settling (20 ms
 * after the edge), a press held toward the long press (800 ms after the
 * edge it began with), and an output pattern's next step when that comes
 * first. */
static void input_deadlines(void **state)
{
	struct debounce db[2];
	int64_t t0 = 1000 * MS;

	(void)state;
	debounce_init(&db[0], &debounce_default_settings);
	debounce_init(&db[1], &debounce_default_settings);
	assert_true(kiosk_gpio_next_ns(db, 2, INT64_MAX) == INT64_MAX);
	assert_true(kiosk_gpio_next_ns(db, 2, t0 + 5 * MS) == t0 + 5 * MS);
	debounce_update(&db[1], true, t0);                   /* an edge: settle */
	assert_true(kiosk_gpio_next_ns(db, 2, INT64_MAX) == t0 + 20 * MS);
	debounce_update(&db[1], true, t0 + 20 * MS);         /* settled: pressed */
	assert_true(kiosk_gpio_next_ns(db, 2, INT64_MAX) == t0 + 800 * MS);
	assert_true(kiosk_gpio_next_ns(db, 2, t0 + 100 * MS) == t0 + 100 * MS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buttons_map_to_commands),
		cmocka_unit_test(both_buttons_held_is_the_clinician),
		cmocka_unit_test(input_deadlines),
		cmocka_unit_test(cues_play_patterns),
		cmocka_unit_test(outputs_follow_the_core),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
