/* SPDX-License-Identifier: MIT */
/*
 * audio — short cue tones synthesised on the fly with SDL audio (no sound
 * files). A machine without a sound device is normal for a kiosk: opening
 * fails with -ENODEV and the kiosk simply stays silent.
 */
#ifndef STRETCHREP_UI_AUDIO_H
#define STRETCHREP_UI_AUDIO_H

#include <stdbool.h>

enum ui_tone {
	UI_TONE_REP = 0,   /* one soft blip */
	UI_TONE_PREWARN,   /* two mid beeps */
	UI_TONE_WARN,      /* three high beeps */
	UI_TONE_TICK,      /* the metronome: a short soft click */
	UI_TONE_GENTLE,    /* the massage's half-minute: one low, long note */
	UI_TONE_SWITCH,    /* move the sensor to the other leg: a rising pair */
	UI_TONE_CEILING,   /* one long low tone: past the prescribed ceiling, ease off */
	UI_TONE_N
};

struct ui_audio;

/* volume 0..1; mute keeps the device closed. 0, -ENODEV (no device or
 * muted: *out is NULL, which every function below accepts) or -ENOMEM;
 * without a device, why says so in one line for the log ("" when muted).
 * alsa-lib's own complaints about a missing card never reach stderr. */
int ui_audio_open(struct ui_audio **out, double volume, bool mute, char *why, size_t whylen);
void ui_audio_play(struct ui_audio *a, enum ui_tone tone);
void ui_audio_close(struct ui_audio *a);

/* The samples of a tone, mono float at rate_hz, into buf (up to n);
 * returns how many. Exposed for tests. */
int ui_audio_synth(enum ui_tone tone, double volume, int rate_hz, float *buf, int n);

#endif
