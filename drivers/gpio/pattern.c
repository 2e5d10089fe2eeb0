// SPDX-License-Identifier: MIT
/* Buzzer/LED patterns (see pattern.h). */
#include "gpio/pattern.h"

/* Alternating durations in ms, starting with "on". */
struct pattern_def {
	const uint16_t *ms;
	unsigned n;
	bool repeat;
};

static const uint16_t hold_warning_ms[] = { 120, 120, 120, 120, 120, 1000 };
static const uint16_t rep_ms[] = { 60 };
static const uint16_t blink_ms[] = { 500, 500 };

static const struct pattern_def patterns[PATTERN_N] = {
	[PATTERN_OFF] = { 0, 0, false },
	[PATTERN_ON] = { 0, 0, false },
	[PATTERN_HOLD_WARNING] = { hold_warning_ms, 6, true },
	[PATTERN_REP] = { rep_ms, 1, false },
	[PATTERN_BLINK] = { blink_ms, 2, true },
};
_Static_assert(sizeof(patterns) / sizeof(patterns[0]) == PATTERN_N, "one definition per pattern");

int64_t pattern_length_ns(enum pattern_id id)
{
	int64_t sum = 0;

	if (id >= PATTERN_N)
		return 0;
	for (unsigned i = 0; i < patterns[id].n; i++)
		sum += (int64_t)patterns[id].ms[i] * 1000000;
	return sum;
}

bool pattern_repeats(enum pattern_id id)
{
	return id < PATTERN_N && patterns[id].repeat;
}

bool pattern_level(enum pattern_id id, int64_t elapsed_ns, int64_t *next_ns)
{
	const struct pattern_def *p;
	int64_t len = pattern_length_ns(id), base = 0, t = elapsed_ns;

	if (next_ns)
		*next_ns = INT64_MAX;
	if (id >= PATTERN_N || len == 0)
		return id == PATTERN_ON;
	p = &patterns[id];
	if (t < 0)
		t = 0;
	if (t >= len) {
		if (!p->repeat)
			return false;
		base = t - t % len;
		t %= len;
	}
	for (unsigned i = 0; i < p->n; i++) {
		int64_t step = (int64_t)p->ms[i] * 1000000;

		if (t < step) {
			if (next_ns)
				*next_ns = base + step;
			return (i % 2) == 0;
		}
		t -= step;
		base += step;
	}
	return false; /* not reached: t < len */
}
