/* SPDX-License-Identifier: MIT */
/*
 * scene_slr — the screenshot scenes of the straight-leg-raise test and the
 * progress screen (scene.h's slr, slr-result, progress), built as the
 * others are: by driving the real kiosk and cores with simulated patients.
 * The patient's store is a temporary database, filled with really
 * simulated sessions and SLR tests over the days before, and gone when the
 * scene is built.
 */
#ifndef STRETCHREP_KIOSK_SCENE_SLR_H
#define STRETCHREP_KIOSK_SCENE_SLR_H

#include <stdbool.h>
#include "kiosk/kiosk.h"

/* A scene's history: a fresh database in a temporary directory (scene.c). */
struct scene_history {
	char dir[64], path[96];
	struct history *h;
	int sessions;
};
int scene_history_open(struct scene_history *sh);
void scene_history_close(struct scene_history *sh);   /* removes the files too */

/* The SLR scene: the left leg's second trial on its way up (result: the
 * left leg's result), for a patient with an earlier result. As
 * ui_scene_build: 0 or -errno (-ETIME: never got there). */
int scene_slr_build(bool result, struct kiosk **out, double *now_s);
/* The progress scene: a patient with three weeks of sessions and weekly
 * SLR tests, today's first of two sessions done. */
int scene_progress_build(struct kiosk **out, double *now_s);

#endif
