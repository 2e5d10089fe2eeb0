// SPDX-License-Identifier: MIT
/* Debouncing and the buzzer/LED patterns, against hand-made timelines
 * whose right answer is written down beside them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "gpio/debounce.h"
#include "gpio/pattern.h"
#include "testutil.h"

#define MS 1000000LL

struct edge {
	int64_t t_ms;
	bool pressed;
};

/* Plays edges, calling back at every deadline in between; counts events. */
static void play(const struct edge *e, int n, int64_t end_ms, int *shorts, int *longs, int64_t *long_at_ms)
{
	struct debounce d;
	int i = 0;
	int64_t now = 0;

	debounce_init(&d, NULL);
	*shorts = *longs = 0;
	while (now <= end_ms * MS) {
		int64_t next_edge = i < n ? e[i].t_ms * MS : INT64_MAX;
		int64_t dl = debounce_deadline(&d);
		bool level = d.raw;
		enum button_event ev;

		now = next_edge < dl ? next_edge : dl;
		if (now > end_ms * MS)
			break;
		/* true when the edge comes first (cppcheck's value flow misses it) */
		// cppcheck-suppress knownConditionTrueFalse
		if (now == next_edge)
			level = e[i++].pressed;
		ev = debounce_update(&d, level, now);
		if (ev == BUTTON_SHORT)
			(*shorts)++;
		if (ev == BUTTON_LONG) {
			(*longs)++;
			*long_at_ms = now / MS;
		}
	}
}

static void bouncy_short_press(void **state)
{
	/* contacts chatter for 6 ms on press and on release */
	const struct edge e[] = {
		{ 100, true }, { 101, false }, { 103, true }, { 104, false }, { 106, true },
		{ 300, false }, { 302, true }, { 303, false },
	};
	int s, l;
	int64_t at = 0;

	(void)state;
	play(e, 8, 2000, &s, &l, &at);
	assert_int_equal(s, 1);
	assert_int_equal(l, 0);
}

static void glitch_is_ignored(void **state)
{
	/* a 5 ms spike (EMI on a long cable) is not a press */
	const struct edge e[] = { { 100, true }, { 105, false } };
	int s, l;
	int64_t at = 0;

	(void)state;
	play(e, 2, 2000, &s, &l, &at);
	assert_int_equal(s + l, 0);
}

static void long_press_fires_while_held(void **state)
{
	const struct edge e[] = { { 100, true }, { 102, false }, { 104, true }, { 3000, false } };
	int s, l;
	int64_t at = 0;

	(void)state;
	play(e, 4, 4000, &s, &l, &at);
	assert_int_equal(l, 1);
	assert_int_equal(s, 0);          /* no short press on the release */
	assert_int_equal(at, 104 + 800); /* the press began when the level settled from 104 ms */
}

static void two_presses(void **state)
{
	const struct edge e[] = { { 100, true }, { 200, false }, { 400, true }, { 450, false } };
	int s, l;
	int64_t at = 0;

	(void)state;
	play(e, 4, 1000, &s, &l, &at);
	assert_int_equal(s, 2);
	assert_int_equal(l, 0);
}

static void hold_warning_is_three_beeps_then_pause(void **state)
{
	int64_t next;
	int rises = 0;
	bool prev = false;

	(void)state;
	assert_true(pattern_repeats(PATTERN_HOLD_WARNING));
	assert_int_equal(pattern_length_ns(PATTERN_HOLD_WARNING), 1600 * MS);
	/* sample every ms over one cycle: exactly 3 rising edges, 360 ms on */
	int on_ms = 0;
	for (int64_t t = 0; t < 1600; t++) {
		bool v = pattern_level(PATTERN_HOLD_WARNING, t * MS, NULL);

		rises += v && !prev;
		on_ms += v;
		prev = v;
	}
	assert_int_equal(rises, 3);
	assert_int_equal(on_ms, 360);
	/* the next change is where the level changes */
	assert_true(pattern_level(PATTERN_HOLD_WARNING, 0, &next));
	assert_int_equal(next, 120 * MS);
	assert_false(pattern_level(PATTERN_HOLD_WARNING, 600 * MS, &next));
	assert_int_equal(next, 1600 * MS);
	/* second cycle like the first */
	assert_true(pattern_level(PATTERN_HOLD_WARNING, 1600 * MS + 5 * MS, &next));
	assert_int_equal(next, 1720 * MS);
}

static void one_shot_and_constant_patterns(void **state)
{
	int64_t next;

	(void)state;
	assert_true(pattern_level(PATTERN_REP, 10 * MS, &next));
	assert_int_equal(next, 60 * MS);
	assert_false(pattern_level(PATTERN_REP, 60 * MS, &next));
	assert_true(next == INT64_MAX);
	assert_true(pattern_level(PATTERN_ON, 123 * MS, &next));
	assert_true(next == INT64_MAX);
	assert_false(pattern_level(PATTERN_OFF, 0, NULL));
	assert_false(pattern_level(PATTERN_BLINK, 700 * MS, &next));
	assert_int_equal(next, 1000 * MS);
	assert_false(pattern_level(PATTERN_N, 0, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bouncy_short_press),
		cmocka_unit_test(glitch_is_ignored),
		cmocka_unit_test(long_press_fires_while_held),
		cmocka_unit_test(two_presses),
		cmocka_unit_test(hold_warning_is_three_beeps_then_pause),
		cmocka_unit_test(one_shot_and_constant_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
