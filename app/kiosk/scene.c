// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "core/sim_legs.h"
#include "kiosk/kiosk_history.h"
#include "kiosk/scene.h"
#include "kiosk/scene_slr.h"
#include "store/patients.h"

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
	[UI_SCENE_SLR] = "slr",
	[UI_SCENE_SLR_RESULT] = "slr-result",
	[UI_SCENE_PROGRESS] = "progress",
	[UI_SCENE_SWITCH_SIDES] = "switch-sides",
	[UI_SCENE_TWO_LEGS] = "two-legs",
	[UI_SCENE_MASSAGE] = "massage",
	[UI_SCENE_TEMPO] = "tempo",
	[UI_SCENE_SIDES_SUMMARY] = "sides-summary",
	[UI_SCENE_PATIENTS] = "patients",
	[UI_SCENE_PAIN] = "pain",
	[UI_SCENE_CLINICIAN] = "clinician",
	[UI_SCENE_EASE_OFF] = "ease-off",
	[UI_SCENE_TWO_SENSORS] = "two-sensors",
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

/* The modes' scenes: what the session is, and a patient to suit. */
static void scene_modes(enum ui_scene sc, struct kiosk_options *ko, struct sim_settings *sim)
{
	switch (sc) {
	case UI_SCENE_SWITCH_SIDES:
	case UI_SCENE_TWO_LEGS:
	case UI_SCENE_SIDES_SUMMARY:
		ko->modes.mode = UI_MODE_LEFT_RIGHT;
		ko->set.work_target_s = 40.0;   /* two short sides */
		ko->set.work_min_s = 30.0;
		break;
	case UI_SCENE_MASSAGE:
		ko->modes.mode = UI_MODE_MASSAGE;
		sim->scenario = SIM_IDLE;       /* lying still, a fidget now and then */
		break;
	case UI_SCENE_TEMPO:
		ko->modes.tempo = (struct tempo_settings){ .out_s = 2.0, .in_s = 2.0 };
		break;
	default:
		break;
	}
}

/* Is the kiosk showing the scene yet? */
static bool scene_reached(enum ui_scene sc, const struct ui_view *v, int *settle)
{
	switch (sc) {
	case UI_SCENE_START:
		return true;
	case UI_SCENE_CALIBRATE:
		return v->screen == UI_SCREEN_CALIBRATE && v->calib_left_s < 0.6 * v->calib_total_s;
	case UI_SCENE_SWITCH_SIDES:   /* a moment after the left's target */
		return v->modes.switching && ++*settle > 30;
	case UI_SCENE_TWO_LEGS:
		return v->modes.n_legs == 2 && v->reps >= 3 && v->rep_peak_deg > 12 &&
		       v->angle_deg > 0.8 * v->rep_peak_deg && v->alert == MOTION_ALERT_NONE;
	case UI_SCENE_MASSAGE:    /* past the first half-minute cue */
		return v->screen == UI_SCREEN_EXERCISE && v->modes.massage_s >= 40.0;
	case UI_SCENE_TEMPO:
		return v->screen == UI_SCREEN_EXERCISE && v->reps >= 4 && v->modes.tempo_n >= 4 &&
		       v->rep_peak_deg > 12 && v->angle_deg > 0.6 * v->rep_peak_deg && v->modes.tempo_guide_deg > 8 &&
		       v->alert == MOTION_ALERT_NONE;
	case UI_SCENE_SIDES_SUMMARY:
		return v->screen == UI_SCREEN_SUMMARY && v->modes.n_legs == 2;
	case UI_SCENE_TWO_SENSORS:   /* both legs counted a few; one on its way up */
		return v->screen == UI_SCREEN_EXERCISE && v->n_sensor_legs == 2 && v->sensor_legs[0].reps >= 3 &&
		       v->sensor_legs[1].reps >= 3 && v->sensor_legs[1].rep_peak_deg > 12 &&
		       v->sensor_legs[1].angle_deg > 0.6 * v->sensor_legs[1].rep_peak_deg &&
		       v->sensor_legs[0].alert == MOTION_ALERT_NONE && v->sensor_legs[1].alert == MOTION_ALERT_NONE;
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
	case UI_SCENE_SLR:   /* built by scene_slr.c */
	case UI_SCENE_SLR_RESULT:
	case UI_SCENE_PROGRESS:
	case UI_SCENE_PATIENTS:   /* scene_patients: built by input, not by time */
	case UI_SCENE_PAIN:
	case UI_SCENE_CLINICIAN:
	case UI_SCENE_EASE_OFF:
	case UI_SCENE_N:
		break;
	}
	return false;
}

int scene_history_open(struct scene_history *sh)
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

void scene_history_close(struct scene_history *sh)
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

/* The patient screens: patients made in a temporary history (the oldest
 * used last, so the picker's order shows), the screens reached by the
 * presses a person makes. */
static int scene_patients(enum ui_scene sc, struct kiosk **out, double *now_s, double *anim_s)
{
	static const char *const names[] = { "Ann Lee", "Bob Martin", "Chen Wu" };
	static const int pin[] = { 1, 2, 3, 4, UI_PT_ITEM_PIN_OK, 0 };
	struct scene_history sh = { .h = NULL };
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko;
	struct source *src;
	struct patient p;
	struct kiosk *k;
	int64_t id;
	int rc = scene_history_open(&sh);

	for (int i = 0; !rc && i < 3; i++) {
		rc = patient_add(sh.h, names[i], 1700000000 + i, &id);
		if (!rc)
			rc = patient_touch(sh.h, id, 1700000100 - i);
	}
	if (!rc)
		rc = patient_find(sh.h, names[0], false, &p);
	if (!rc) {   /* Ann's left leg: a prescription of every kind */
		p.rx[0] = (struct patient_rx){ .hold_warn_s = 8, .work_target_s = 100, .ceiling_deg = 50,
					       .zone_lo_deg = 30, .zone_hi_deg = 45, .tempo_out_s = 0, .tempo_in_s = 0 };
		if (sc == UI_SCENE_EASE_OFF)   /* within the simulated patient's reach */
			p.rx[0].ceiling_deg = 30, p.rx[0].zone_lo_deg = 15, p.rx[0].zone_hi_deg = 25;
		p.sessions_per_day = 2;
		rc = patient_set_rx(sh.h, &p);
	}
	sim.seed = 7;
	if (!rc)
		rc = source_open_sim(&src, &sim, 1.0);
	if (rc) {
		scene_history_close(&sh);
		return rc;
	}
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.patients = sh.h;
	snprintf(ko.clinician_pin, sizeof(ko.clinician_pin), "1234");
	rc = kiosk_new(&k, &ko, src, NULL);
	if (rc) {
		source_close(src);
		scene_history_close(&sh);
		return rc;
	}
	*now_s = 1.0;
	kiosk_step(k, *now_s);
	if (sc == UI_SCENE_CLINICIAN) {
		kiosk_command(k, UI_CMD_CLINICIAN);
		for (int i = 0; i < 5; i++)
			kiosk_command(k, UI_CMD_ITEM(pin[i]));
		kiosk_command(k, UI_CMD_ITEM(0));   /* Ann */
	} else {
		kiosk_command(k, UI_CMD_START_PAUSE);
		if (sc != UI_SCENE_PATIENTS)
			kiosk_command(k, UI_CMD_ITEM(0));
		if (sc == UI_SCENE_EASE_OFF)   /* pain 2, then the session up to the ceiling */
			kiosk_command(k, UI_CMD_ITEM(2));
		while (sc == UI_SCENE_EASE_OFF && !(kiosk_view(k)->pt.over_ceiling && kiosk_view(k)->reps >= 3) &&
		       *now_s < SCENE_MAX_S) {
			*now_s += UI_SCENE_FRAME_S;
			kiosk_step(k, *now_s);
		}
	}
	*now_s += UI_SCENE_FRAME_S;
	kiosk_step(k, *now_s);
	kiosk_patients_forget(k);   /* the screen is made: the history goes */
	scene_history_close(&sh);
	*anim_s = 0.2;
	*out = k;
	return 0;
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

	if (sc == UI_SCENE_SLR || sc == UI_SCENE_SLR_RESULT || sc == UI_SCENE_PROGRESS) {
		*anim_s = 0.2;
		return sc == UI_SCENE_PROGRESS ? scene_progress_build(out, now_s)
					       : scene_slr_build(sc == UI_SCENE_SLR_RESULT, out, now_s);
	}
	if (sc == UI_SCENE_PATIENTS || sc == UI_SCENE_PAIN || sc == UI_SCENE_CLINICIAN || sc == UI_SCENE_EASE_OFF)
		return scene_patients(sc, out, now_s, anim_s);
	kiosk_options_default(&ko);
	ko.mute = true;
	sim.seed = 7;
	sim.scenario = sc == UI_SCENE_PREWARNING || sc == UI_SCENE_WARNING ? SIM_HOLDS : SIM_DYNAMIC;
	sim.hold_warn_s = ko.set.motion.hold_warn_s;
	scene_modes(sc, &ko, &sim);
	if (sc == UI_SCENE_TWO_SENSORS) {   /* the same patient on both legs, a sensor on each */
		struct sim_legs_settings legs;

		sim_legs_default_settings(&legs);
		legs.leg.seed = sim.seed;
		legs.leg.scenario = SIM_DYNAMIC;
		rc = source_open_sim_legs(&src, &legs, 1.0);
	} else {
		rc = source_open_sim(&src, &sim, 1.0);
	}
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
		/* the person moved the sensor and pressed Start */
		if ((sc == UI_SCENE_TWO_LEGS || sc == UI_SCENE_SIDES_SUMMARY) && kiosk_view(k)->modes.switching)
			kiosk_command(k, UI_CMD_START_PAUSE);
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
