/* SPDX-License-Identifier: MIT */
/*
 * scene — puts a kiosk into one of its screens by driving a real session
 * with the simulated patient (fixed scenario and seed) on a simulated clock,
 * for `stretchrep screenshot`, the tests and the bench. Nothing in the
 * session is faked; the sensor-lost scene unplugs the simulated sensor
 * (source_wrap_dropout) as a real failure would.
 */
#ifndef STRETCHREP_KIOSK_SCENE_H
#define STRETCHREP_KIOSK_SCENE_H

#include "kiosk/kiosk.h"

enum ui_scene {
	UI_SCENE_START = 0,
	UI_SCENE_CALIBRATE,
	UI_SCENE_EXERCISE,
	UI_SCENE_PREWARNING,
	UI_SCENE_WARNING,
	UI_SCENE_SUMMARY,
	UI_SCENE_SENSOR_LOST,
	UI_SCENE_PAUSED,
	UI_SCENE_FINISH_CONFIRM,   /* the exercise, then Finish pressed: the question */
	UI_SCENE_SLR,              /* the SLR test, trial 2 of the left leg rising (scene_slr.h) */
	UI_SCENE_SLR_RESULT,       /* ... the left leg's result against its last */
	UI_SCENE_PROGRESS,         /* a patient's progress over four weeks */
	UI_SCENE_SWITCH_SIDES,     /* left then right: the left done, move the sensor */
	UI_SCENE_TWO_LEGS,         /* ... the right under way beside the left's result */
	UI_SCENE_MASSAGE,          /* the massage timer, the leg at rest */
	UI_SCENE_TEMPO,            /* the exercise with a tempo: the marker, the deviation */
	UI_SCENE_SIDES_SUMMARY,    /* both legs done: side by side, the asymmetry */
	UI_SCENE_PATIENTS,         /* three patients on file, Start pressed: the picker */
	UI_SCENE_PAIN,             /* ... the first chosen: pain before */
	UI_SCENE_CLINICIAN,        /* the gesture, the PIN, a patient's prescription */
	UI_SCENE_EASE_OFF,         /* a patient's session, the leg past their ceiling */
	UI_SCENE_TWO_SENSORS,      /* two sensors, one per leg: both legs at work */
	UI_SCENE_N
};

#define UI_SCENE_FRAME_S (1.0 / 60.0)   /* the simulated clock's step */

/* "warning" -> UI_SCENE_WARNING; -1 if unknown. */
int ui_scene_from_name(const char *name);
const char *ui_scene_name(enum ui_scene sc);
/* Builds the scene: *out is a kiosk showing it (kiosk_free it), *anim_s the
 * animation time to draw it at, *now_s the simulated clock reached.
 * -ETIME if the simulation never got there (a bug worth a test). */
int ui_scene_build(enum ui_scene sc, struct kiosk **out, double *now_s, double *anim_s);

#endif
