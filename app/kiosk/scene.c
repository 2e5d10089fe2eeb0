// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kiosk/kiosk_history.h"
#include "kiosk/scene.h"

#define SCENE_MAX_S 900.0   /* simulated seconds before giving up */
#define SCENE_SESSIONS 5    /* the summary scene: sessions saved, the last one shown */

static const char *const scene_names[UI_SCENE_N] = {
	[UI_SCENE_START] = "start",
	[UI_SCENE_CALIBRATE] = "calibrate",
	[UI_SCENE_EXERCISE] = "exercise",
	[UI_SCENE_PREWARNING] = "prewarning",
	[UI_SCENE_WARNING] = "warning",
	[UI_SCENE_SUMMARY] = "summary",
	[UI_SCENE_SENSOR_LOST] = "sensor-lost",
	[UI_SCENE_PAUSED] = "paused",
	[UI_SCENE_FINISH_CONFIRM] = "finish-confirm",
};

int ui_scene_from_name(const char *name)
{
	for (int i = 0; i < UI_SCENE_N; i++)
		if (!strcmp(name, scene_names[i]))
			return i;
	return -1;
}

const char *ui_scene_name(enum ui_scene sc)
{
	return sc >= 0 && sc < UI_SCENE_N ? scene_names[sc] : "?";
}

/* Is the kiosk showing the scene yet? */
static bool scene_reached(enum ui_scene sc, const struct ui_view *v, int *settle)
{
	switch (sc) {
	case UI_SCENE_START:
		return true;
	case UI_SCENE_CALIBRATE:
		return v->screen == UI_SCREEN_CALIBRATE && v->calib_left_s < 0.6 * v->calib_total_s;
	case UI_SCENE_EXERCISE:   /* a few reps done, on the way up in the next */
	case UI_SCENE_PAUSED:
	case UI_SCENE_FINISH_CONFIRM:
		return v->screen == UI_SCREEN_EXERCISE && v->reps >= 6 && v->rep_peak_deg > 12 &&
		       v->angle_deg > 0.8 * v->rep_peak_deg && v->alert == MOTION_ALERT_NONE;
	case UI_SCENE_PREWARNING:
		return v->screen == UI_SCREEN_EXERCISE && v->alert == MOTION_ALERT_PREWARN &&
		       v->hold_s >= 0.7 * v->hold_warn_s;
	case UI_SCENE_WARNING:
		return v->screen == UI_SCREEN_EXERCISE && v->alert == MOTION_ALERT_WARN &&
		       v->hold_s >= v->hold_warn_s + 2.0;
	case UI_SCENE_SUMMARY:
		return v->screen == UI_SCREEN_SUMMARY;
	case UI_SCENE_SENSOR_LOST:
		/* let the overlay stand a moment, as a person would see it */
		return v->screen == UI_SCREEN_EXERCISE && v->sensor_lost && ++*settle > 30;
	case UI_SCENE_N:
		break;
	}
	return false;
}

/* The summary scene's history: a fresh database in a temporary directory,
 * filled by the sessions the scene drives, gone when the scene is built. */
struct scene_history {
	char dir[64], path[96];
	struct history *h;
	int sessions;
};

static int scene_history_open(struct scene_history *sh)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(sh->dir, sizeof(sh->dir), "%s/stretchrep-scene-XXXXXX",
		 tmp && strlen(tmp) < 30 ? tmp : "/tmp");
	if (!mkdtemp(sh->dir)) {
		sh->dir[0] = '\0';
		return -errno;
	}
	snprintf(sh->path, sizeof(sh->path), "%s/%s", sh->dir, HISTORY_FILE_NAME);
	return history_open(&sh->h, sh->path);
}

static void scene_history_close(struct scene_history *sh)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[128];

	history_close(sh->h);
	sh->h = NULL;
	if (!sh->dir[0] || strstr(sh->dir, "XXXXXX"))   /* none made */
		return;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", sh->path, ext[i]);
		unlink(p);
	}
	rmdir(sh->dir);
}

/* A session reached its summary: keep it, say so, and (but for the last)
 * start the next one. True when the scene's last session is on screen. */
static bool scene_history_step(struct scene_history *sh, struct kiosk *k)
{
	struct ui_history uh;
	int64_t id;

	kiosk_history_record(sh->h, 0, kiosk_session(k), NULL, (int64_t)time(NULL), &id, &uh);
	kiosk_set_history(k, &uh);
	if (++sh->sessions >= SCENE_SESSIONS)
		return true;
	kiosk_command(k, UI_CMD_START_PAUSE);
	return false;
}

int ui_scene_build(enum ui_scene sc, struct kiosk **out, double *now_s, double *anim_s)
{
	struct scene_history sh = { .h = NULL };
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src, *inner;
	struct kiosk *k;
	double now = 0.0;
	int rc, settle = 0;

	kiosk_options_default(&ko);
	ko.mute = true;
	sim.seed = 7;
	sim.scenario = sc == UI_SCENE_PREWARNING || sc == UI_SCENE_WARNING ? SIM_HOLDS : SIM_DYNAMIC;
	sim.hold_warn_s = ko.set.motion.hold_warn_s;
	rc = source_open_sim(&src, &sim, 1.0);
	if (rc)
		return rc;
	if (sc == UI_SCENE_SENSOR_LOST) {
		inner = src;
		rc = source_wrap_dropout(&src, inner, 40.0, 1e9);
		if (rc) {
			source_close(inner);
			return rc;
		}
	}
	rc = kiosk_new(&k, &ko, src, NULL);
	if (rc) {
		source_close(src);
		return rc;
	}
	if (sc != UI_SCENE_START)
		kiosk_command(k, UI_CMD_START_PAUSE);
	/* the summary compares with earlier sessions, kept on disk; where no
	 * temporary file can be made, the summary of one session without */
	if (sc == UI_SCENE_SUMMARY && scene_history_open(&sh))
		scene_history_close(&sh);
	for (;;) {
		if (scene_reached(sc, kiosk_view(k), &settle) && (!sh.h || scene_history_step(&sh, k)))
			break;
		/* counting starts at once; the calibration screen is what a
		 * person sees after asking for it (Calibrate) */
		if (sc == UI_SCENE_CALIBRATE && kiosk_view(k)->screen == UI_SCREEN_EXERCISE)
			kiosk_command(k, UI_CMD_CALIBRATE);
		if (now > SCENE_MAX_S * (sh.h ? SCENE_SESSIONS : 1)) {
			rc = -ETIME;
			goto fail;
		}
		now += UI_SCENE_FRAME_S;
		rc = kiosk_step(k, now);
		if (rc < 0)
			goto fail;
	}
	scene_history_close(&sh);
	if (sc == UI_SCENE_PAUSED || sc == UI_SCENE_FINISH_CONFIRM) {   /* the person pressed it there */
		kiosk_command(k, sc == UI_SCENE_PAUSED ? UI_CMD_START_PAUSE : UI_CMD_FINISH);
		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
	}
	*out = k;
	*now_s = now;
	/* the flashing border in its bright phase, the pulse near its widest */
	*anim_s = 0.2;
	return 0;

fail:
	scene_history_close(&sh);
	kiosk_free(k);
	return rc;
}
