/* SPDX-License-Identifier: MIT */
/*
 * kiosk_legs — the second sensor's session beside the kiosk's own (two
 * sensors, one per leg: source_sensors() == 2). Sensor 1 feeds the kiosk's
 * session (kiosk.c), sensor 2 this one: its own core, rest, reps, holds and
 * warnings. It starts with the kiosk's session, pauses and finishes with it
 * (kiosk_leg2_follow), keeps going while sensor 1 is lost (and the kiosk's
 * keeps going while sensor 2 is), and both legs go into the view as plain
 * data (ui_view.sensor_legs) for a screen that shows both.
 * Main thread only; the struct is the caller's.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_LEGS_H
#define STRETCHREP_KIOSK_KIOSK_LEGS_H

#include <stdbool.h>
#include "core/leg.h"
#include "core/session.h"
#include "source/source.h"
#include "ui/view.h"

/* A live sensor 2 that sent nothing this long is shown lost on its leg. */
#define KIOSK_LEG2_SILENT_S 0.5

struct kiosk_leg2 {
	struct session s;         /* sensor 2's session */
	int n_sensors;            /* the source's at the session's start: 2, or 1 (then idle) */
	enum leg legs[2];         /* sensor 1's and sensor 2's legs */
	bool started;
	bool lost;                /* sensor 2's poll failed (the sensor went away) */
	bool have_sample;
	double last_sample_now_s;
	bool active;              /* a rep, work or a rep in progress since the caller last
				   * cleared it: the person is exercising (the kiosk's idle
				   * finish must not end a session one leg is working in) */
};

/* Where sensor 2's core events go (the kiosk's cue and headless line). */
typedef void (*kiosk_leg2_event_fn)(void *ctx, enum leg leg, const struct motion_event *ev, double hold_s);

/* A new session: asks the source how many sensors it has; with two, sensor
 * 2's session starts afresh with the kiosk's settings. */
void kiosk_leg2_start(struct kiosk_leg2 *l, struct source *src, const struct session_settings *set);
/* Takes at most max of sensor 2's samples due at now_s: into its session
 * while running, dropped otherwise (a live sensor between sessions).
 * Returns how many it took (0 with one sensor). */
int kiosk_leg2_poll(struct kiosk_leg2 *l, struct source *src, double now_s, bool running, int max,
		    kiosk_leg2_event_fn fn, void *ctx);
/* Keeps sensor 2's session in step with the kiosk's (state st): paused
 * when it is, going when it goes, stopped when it is done. */
void kiosk_leg2_follow(struct kiosk_leg2 *l, enum session_state st);
/* Both legs into v->sensor_legs (s1: the kiosk's session; connected1: its
 * sensor sends), and left then right into v->modes.legs (n_legs 2: the
 * two-legs screen); n_sensor_legs 0 with one sensor. After
 * kiosk_modes_view, which clears v->modes. */
void kiosk_leg2_view(const struct kiosk_leg2 *l, const struct session *s1, bool connected1, double now_s,
		     struct ui_view *v);
/* The leg sensor (0 or 1) is on while two sensors run a session each (the
 * source's, from [sensor] left/right): the side saved with its session;
 * UI_SIDE_NONE with one sensor. */
enum ui_side kiosk_leg2_side(const struct kiosk_leg2 *l, int sensor);
/* Sensor 2's session while two sensors run one, else NULL. */
const struct session *kiosk_leg2_session(const struct kiosk_leg2 *l);

#endif
