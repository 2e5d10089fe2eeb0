// SPDX-License-Identifier: MIT
/*
 * Cue tones: lengths from the tone table's arithmetic, no click at either
 * end (ramps), never louder than the volume, the pitch by zero crossings,
 * and a missing sound device (or mute) is not an error for the caller.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include "ui/audio.h"
#include "testutil.h"

#define RATE 48000
static float buf[RATE];

static void tones_have_shape(void **state)
{
	/* beeps x beep length + gaps between them, s */
	static const double len_s[UI_TONE_N] = { 0.07, 2 * 0.14 + 0.10, 3 * 0.18 + 2 * 0.09,
						 0.025, 0.40, 2 * 0.16 + 0.06, 0.35 };
	static const double freq_hz[UI_TONE_N] = { 880, 660, 1000, 1400, 440, 587, 440 };
	static const double beep_s[UI_TONE_N] = { 0.07, 0.14, 0.18, 0.025, 0.40, 0.16, 0.35 };

	(void)state;
	for (int t = 0; t < UI_TONE_N; t++) {
		int n = ui_audio_synth((enum ui_tone)t, 0.5, RATE, buf, RATE);
		int crossings = 0, first_beep = (int)(beep_s[t] * RATE);
		float peak = 0;

		assert_true(abs(n - (int)(len_s[t] * RATE)) <= 3);
		assert_near(buf[0], 0.0, 1e-6);
		assert_true(fabsf(buf[n - 1]) < 0.02f);
		for (int i = 0; i < n; i++)
			peak = fabsf(buf[i]) > peak ? fabsf(buf[i]) : peak;
		assert_true(peak <= 0.5f + 1e-6f);
		assert_true(peak > 0.2f);
		for (int i = 1; i < first_beep; i++)
			crossings += (buf[i - 1] < 0) != (buf[i] < 0);
		/* two zero crossings a period */
		assert_near(crossings / 2.0 / ((double)first_beep / RATE), freq_hz[t], freq_hz[t] * 0.03);
	}
}

static void no_device_is_fine(void **state)
{
	struct ui_audio *a = (struct ui_audio *)&buf;   /* must be overwritten */

	(void)state;
	assert_int_equal(ui_audio_open(&a, 0.5, true, NULL, 0), -ENODEV);   /* muted */
	assert_null(a);
	ui_audio_play(a, UI_TONE_WARN);   /* NULL: silently nothing */
	ui_audio_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tones_have_shape),
		cmocka_unit_test(no_device_is_fine),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
