/* SPDX-License-Identifier: MIT */
/*
 * view — the view model: everything one frame of the kiosk shows, as plain
 * data. The kiosk fills it from the live session (ui_view_fill) plus its own
 * state (which screen, the sensor); the renderer (ui.h) draws only from it,
 * so a screenshot, a test or the bench can draw any screen from a session
 * driven by real samples. No SDL here.
 */
#ifndef STRETCHREP_UI_VIEW_H
#define STRETCHREP_UI_VIEW_H

#include <stdbool.h>
#include "core/leg.h"
#include "core/session.h"

enum ui_screen {
	UI_SCREEN_START = 0,  /* sensor status, how to begin */
	UI_SCREEN_CALIBRATE,  /* "hold still" and a countdown */
	UI_SCREEN_EXERCISE,   /* reps, gauge, work ring, hold timer, warnings */
	UI_SCREEN_SUMMARY,    /* the session's numbers and per-rep chart */
};

#define UI_VIEW_PEAKS 5      /* last peaks shown on the exercise screen */
#define UI_VIEW_CHART 60     /* bars in the summary chart (the latest reps) */
#define UI_VIEW_PREV 4       /* earlier sessions the summary compares with */

/* What became of a finished session, for the summary screen. */
enum ui_saved {
	UI_SAVED_UNSAID = 0,     /* nothing to say (a demo nobody keeps): no line */
	UI_SAVED_OK,             /* "Session saved" */
	UI_SAVED_FAILED,         /* "Session not saved: <why>" */
};

/* The summary's link to the history: filled by whoever keeps the history
 * (the kiosk's session_finished hook, kiosk/kiosk.h), never by ui_view_fill. */
struct ui_history {
	enum ui_saved saved;
	char why[40];            /* UI_SAVED_FAILED: short reason ("disk full") */
	int n_prev;              /* earlier sessions known, 0: none (first) or unknown */
	bool prev_known;         /* the history could be read (n_prev == 0: a first session) */
	int prev_reps[UI_VIEW_PREV];       /* oldest first; [n_prev - 1] is the last time */
	double prev_best_deg[UI_VIEW_PREV];
};

/* One leg read by its own sensor (two sensors, one per leg: kiosk/kiosk_legs.c
 * fills it from that leg's session with ui_view_fill_leg). Plain data for a
 * screen that shows both legs side by side; the names are the exercise
 * screen's below (and those of struct ui_leg in the modes work, so one is
 * filled from the other field for field). */
struct ui_view_leg {
	enum leg leg;            /* LEG_LEFT, LEG_RIGHT (core/leg.h) */
	bool connected;          /* its sensor is sending (false: "sensor lost" on that leg) */
	int reps;
	double angle_deg;        /* live inclination from its rest */
	double rest_band_deg, stretch_from_deg;
	double rep_peak_deg;     /* peak of the rep in progress, 0 none */
	double work_s, work_target_s;
	double mean_peak_deg, best_peak_deg;
	bool holding;
	double hold_s, hold_warn_s;
	enum motion_alert alert;
	int warnings;
};
#define UI_VIEW_LEGS 2

struct ui_view {
	enum ui_screen screen;
	bool demo;               /* DEMO badge */
	bool paused;
	bool sensor_lost;        /* overlay on top of the screen */
	char sensor[96];         /* what the sensor is ("MPU-6050 on /dev/i2c-1") */
	char sensor_hint[160];   /* what to check, when something is wrong */
	char notice[96];         /* a line for the clinician on the start screen, "" none */
	bool confirm_finish;     /* "Finish the session?" over the screen (Finish / Keep going) */
	char note[96];           /* a passing word on the exercise screen ("Calibration skipped:
	                          * ..."), "" none */

	/* calibrate */
	double calib_left_s;     /* stillness still needed */
	double calib_total_s;

	/* exercise */
	int reps;
	double angle_deg;        /* live inclination from rest */
	double rest_band_deg;    /* rest zone: 0 .. this */
	double stretch_from_deg; /* stretch zone starts here (to the gauge's end) */
	double rep_peak_deg;     /* peak of the rep in progress, 0 when none */
	int n_peaks;
	double peaks_deg[UI_VIEW_PEAKS]; /* latest last */
	double work_s, work_min_s, work_target_s;
	bool holding;
	double hold_s, hold_warn_s;
	enum motion_alert alert;

	/* summary */
	struct session_summary summary;
	int n_chart;
	double chart_deg[UI_VIEW_CHART];
	int chart_first_rep;     /* 1-based number of chart_deg[0] */
	struct ui_history history; /* saved or not, the last sessions (the kiosk's) */

	/* Two sensors, one per leg (the kiosk's, never ui_view_fill's):
	 * n_sensor_legs 2, [0] sensor 1's leg (the exercise numbers above are
	 * its session's), [1] sensor 2's; 0 with one sensor. */
	int n_sensor_legs;
	struct ui_view_leg sensor_legs[UI_VIEW_LEGS];
};

/* Fills the session-derived fields (everything but screen, demo, sensor*,
 * sensor_lost, notice, confirm_finish, note and history, which belong to
 * the kiosk). */
void ui_view_fill(struct ui_view *v, const struct session *s);
/* One leg's numbers from its session (all but leg and connected). */
void ui_view_fill_leg(struct ui_view_leg *l, const struct session *s);
/* The screen a session state calls for (the start screen is the kiosk's). */
enum ui_screen ui_view_screen_for(enum session_state st);

#endif
