// SPDX-License-Identifier: MIT
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <SDL.h>
#include "ui/audio.h"

#define AUDIO_RATE_HZ 48000
#define AUDIO_BUF_N 48000     /* one second at AUDIO_RATE_HZ */
#define AUDIO_EDGE_S 0.006   /* attack and release ramps: no clicks */

struct ui_audio {
	SDL_AudioDeviceID dev;
	double volume;
	float buf[AUDIO_BUF_N];
};

struct tone_shape {
	double freq_hz, beep_s, gap_s, level;
	int beeps;
};

static const struct tone_shape shapes[UI_TONE_N] = {
	[UI_TONE_REP] = { 880.0, 0.07, 0.0, 0.5, 1 },
	[UI_TONE_PREWARN] = { 660.0, 0.14, 0.10, 0.8, 2 },
	[UI_TONE_WARN] = { 1000.0, 0.18, 0.09, 1.0, 3 },
	[UI_TONE_CEILING] = { 440.0, 0.35, 0.0, 0.7, 1 },
};

int ui_audio_synth(enum ui_tone tone, double volume, int rate_hz, float *buf, int n)
{
	const struct tone_shape *sh = &shapes[tone];
	int len = 0;

	for (int b = 0; b < sh->beeps; b++) {
		int nb = (int)(sh->beep_s * rate_hz), ng = (int)(sh->gap_s * rate_hz);
		int edge = (int)(AUDIO_EDGE_S * rate_hz);

		for (int i = 0; i < nb && len < n; i++) {
			double env = 1.0;

			if (i < edge)
				env = (double)i / edge;
			else if (i > nb - edge)
				env = (double)(nb - i) / edge;
			buf[len++] = (float)(volume * sh->level * env * sin(2 * M_PI * sh->freq_hz * i / rate_hz));
		}
		for (int i = 0; i < ng && len < n && b + 1 < sh->beeps; i++)
			buf[len++] = 0.0f;
	}
	return len;
}

int ui_audio_open(struct ui_audio **out, double volume, bool mute)
{
	SDL_AudioSpec want = { 0 }, have;
	struct ui_audio *a;

	*out = NULL;
	if (mute || volume <= 0.0)
		return -ENODEV;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO))
		return -ENODEV;
	a = calloc(1, sizeof(*a));
	if (!a)
		goto quit;
	a->volume = volume > 1.0 ? 1.0 : volume;
	want.freq = AUDIO_RATE_HZ;
	want.format = AUDIO_F32SYS;
	want.channels = 1;
	want.samples = 1024;
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!a->dev) {
		free(a);
		goto quit;
	}
	SDL_PauseAudioDevice(a->dev, 0);
	*out = a;
	return 0;
quit:
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	return -ENODEV;
}

void ui_audio_play(struct ui_audio *a, enum ui_tone tone)
{
	int n;

	if (!a || tone < 0 || tone >= UI_TONE_N)
		return;
	n = ui_audio_synth(tone, a->volume, AUDIO_RATE_HZ, a->buf, (int)(sizeof(a->buf) / sizeof(a->buf[0])));
	/* A new cue replaces whatever is still queued: a warning must not wait
	 * behind a rep blip. */
	SDL_ClearQueuedAudio(a->dev);
	SDL_QueueAudio(a->dev, a->buf, (Uint32)((size_t)n * sizeof(float)));
}

void ui_audio_close(struct ui_audio *a)
{
	if (!a)
		return;
	SDL_CloseAudioDevice(a->dev);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(a);
}
