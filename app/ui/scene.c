// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include "ui/scene.h"

#define SCENE_MAX_S 900.0   /* simulated seconds before giving up */

static const char *const scene_names[UI_SCENE_N] = {
	[UI_SCENE_START] = "start",
	[UI_SCENE_CALIBRATE] = "calibrate",
	[UI_SCENE_EXERCISE] = "exercise",
	[UI_SCENE_PREWARNING] = "prewarning",
	[UI_SCENE_WARNING] = "warning",
	[UI_SCENE_SUMMARY] = "summary",
	[UI_SCENE_SENSOR_LOST] = "sensor-lost",
	[UI_SCENE_PAUSED] = "paused",
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

int ui_scene_build(enum ui_scene sc, struct kiosk **out, double *now_s, double *anim_s)
{
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
	while (!scene_reached(sc, kiosk_view(k), &settle)) {
		if (now > SCENE_MAX_S) {
			kiosk_free(k);
			return -ETIME;
		}
		now += UI_SCENE_FRAME_S;
		rc = kiosk_step(k, now);
		if (rc < 0) {
			kiosk_free(k);
			return rc;
		}
	}
	if (sc == UI_SCENE_PAUSED) {   /* the person pressed pause there */
		kiosk_command(k, UI_CMD_START_PAUSE);
		now += UI_SCENE_FRAME_S;
		kiosk_step(k, now);
	}
	*out = k;
	*now_s = now;
	/* the flashing border in its bright phase, the pulse near its widest */
	*anim_s = 0.2;
	return 0;
}
