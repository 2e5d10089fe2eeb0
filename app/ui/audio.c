// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
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
	[UI_TONE_TICK] = { 1400.0, 0.025, 0.0, 0.45, 1 },
	[UI_TONE_GENTLE] = { 440.0, 0.40, 0.0, 0.45, 1 },
	[UI_TONE_SWITCH] = { 587.0, 0.16, 0.06, 0.7, 2 },
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

/* alsa-lib reports a missing card on stderr itself, eight lines of
 * "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'" and the like,
 * through its default error handler. SDL has no hint for that handler (it
 * loads libasound itself, so snd_lib_error_set_handler is out of reach),
 * and no environment variable silences it; so stderr points at /dev/null
 * while SDL opens its audio, and the caller says in one line what SDL
 * reports. Only the opening is quiet: nothing else prints meanwhile (the
 * kiosk's threads never write to stderr). Returns the saved descriptor, or
 * -1 (then nothing was changed). */
static int stderr_quiet(void)
{
	int saved, null;

	fflush(stderr);
	saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (saved < 0)
		return -1;
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, STDERR_FILENO) < 0) {
		if (null >= 0)
			close(null);
		close(saved);
		return -1;
	}
	close(null);
	return saved;
}

static void stderr_back(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
}

int ui_audio_open(struct ui_audio **out, double volume, bool mute, char *why, size_t whylen)
{
	SDL_AudioSpec want = { 0 }, have;
	struct ui_audio *a;
	int quiet, rc = -ENODEV;

	*out = NULL;
	if (whylen)
		why[0] = '\0';
	if (mute || volume <= 0.0)
		return -ENODEV;
	a = calloc(1, sizeof(*a));
	if (!a) {
		snprintf(why, whylen, "out of memory");
		return -ENOMEM;
	}
	a->volume = volume > 1.0 ? 1.0 : volume;
	want.freq = AUDIO_RATE_HZ;
	want.format = AUDIO_F32SYS;
	want.channels = 1;
	want.samples = 1024;
	quiet = stderr_quiet();
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
		a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
		if (!a->dev)
			SDL_QuitSubSystem(SDL_INIT_AUDIO);
	}
	stderr_back(quiet);
	if (!a->dev) {
		snprintf(why, whylen, "no sound device (SDL: %s)", SDL_GetError());
		free(a);
		return rc;
	}
	SDL_PauseAudioDevice(a->dev, 0);
	*out = a;
	return 0;
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
