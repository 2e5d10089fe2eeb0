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
#include "ui/screen_progress.h"
#include "ui/screen_slr.h"
#include "ui/screen_patients.h"

enum ui_screen {
	UI_SCREEN_START = 0,  /* sensor status, how to begin */
	UI_SCREEN_CALIBRATE,  /* "hold still" and a countdown */
	UI_SCREEN_EXERCISE,   /* reps, gauge, work ring, hold timer, warnings */
	UI_SCREEN_SUMMARY,    /* the session's numbers and per-rep chart */
	UI_SCREEN_SLR,        /* the straight-leg-raise test (screen_slr.h) */
	UI_SCREEN_PROGRESS,   /* a patient's progress over weeks (screen_progress.h) */
	UI_SCREEN_PATIENTS,   /* who is exercising: the patient picker (screen_patients.h) */
	UI_SCREEN_PAIN,       /* pain 0-10 before / after a patient's session */
	UI_SCREEN_CLINICIAN,  /* the clinician's PIN pad, patients, prescription, names */
};

#define UI_VIEW_PEAKS 5      /* last peaks shown on the exercise screen */
#define UI_VIEW_CHART 60     /* bars in the summary chart (the latest reps) */
#define UI_VIEW_PREV 4       /* earlier sessions the summary compares with */

/* What the session is (the start screen's choice, or prescribed). */
enum ui_mode {
	UI_MODE_STRETCH = 0,     /* dynamic stretch reps, one leg */
	UI_MODE_LEFT_RIGHT,      /* ... left, then the sensor moves to the right leg */
	UI_MODE_MASSAGE,         /* the self-massage timer */
	UI_MODE_N
};
enum ui_side {
	UI_SIDE_NONE = 0,        /* one leg, not said which */
	UI_SIDE_LEFT,
	UI_SIDE_RIGHT,
};

/* One leg, for the screens that show both side by side (two-legs, and the
 * summary of a left-then-right set), and each sensor's leg with two
 * sensors (ui_view.sensor_legs, ui_view_fill_leg). */
struct ui_leg {
	enum ui_side side;
	bool lost;               /* its own sensor stopped sending (two sensors) */
	bool live;               /* being worked now: angle, peak, hold are live */
	bool done;               /* its part is over */
	int reps;
	double angle_deg;        /* live inclination from rest (live only) */
	double rep_peak_deg;     /* this rep's peak, 0 none (live only) */
	double rest_band_deg, stretch_from_deg;
	double work_s, work_target_s;
	double mean_peak_deg, best_peak_deg;
	double longest_hold_s;
	int warnings;
	int tempo_n;             /* reps measured against the tempo (0: none) */
	double tempo_mean_dev_s;
	bool holding;
	double hold_s, hold_warn_s;
	enum motion_alert alert;
};

/* The session's mode and what it adds to the screens (kiosk/kiosk_modes.c
 * fills it; ui/screen_modes.c draws it). The screen stays the session's
 * (enum ui_screen); these draw instead of, or over, it. */
struct ui_modes {
	enum ui_mode mode;       /* this session's; on the start screen the chosen one */
	bool choose;             /* the start screen offers the choice */
	enum ui_side side;       /* the leg being worked (NONE: one leg, unsaid) */
	/* between the sides: "Move the sensor to your RIGHT thigh" (over the
	 * first side's summary) until Start, or until the leg keeps still */
	bool switching;
	double switch_still_s, switch_still_need_s;
	/* the massage timer (screen EXERCISE) */
	double massage_s, massage_total_s, massage_cue_s;
	bool leg_at_rest;        /* no movement into the stretch in progress */
	bool static_stretch;     /* held in the stretch: the warning stands */
	int static_warnings;
	/* the tempo (metronome): tempo_out_s + tempo_in_s per rep, 0: none */
	double tempo_out_s, tempo_in_s;
	double tempo_guide_deg;  /* where the leg should be now, on the dial */
	bool tempo_going_out;
	double tempo_demo_frac;  /* the start screen's drawn leg, 0 rest .. 1 in the stretch */
	bool tempo_demo_live;    /* ... swinging (a short while after the screen came or a
	                          * choice was made; then it stands, and so does the loop) */
	int tempo_n;             /* reps measured against it */
	double tempo_last_dev_s, tempo_mean_dev_s, tempo_mean_abs_dev_s;
	/* both legs: [0] left, [1] right (a left-then-right set: the left's
	 * result beside the right's live one; its summary) */
	int n_legs;
	struct ui_leg legs[2];
};

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
	 * its session's), [1] sensor 2's; 0 with one sensor. The same legs,
	 * left then right, are modes.legs then (the two-legs screen). */
	int n_sensor_legs;
	struct ui_leg sensor_legs[UI_VIEW_LEGS];
	/* the kiosk's, never ui_view_fill's */
	struct ui_slr slr;       /* UI_SCREEN_SLR */
	struct ui_progress progress; /* UI_SCREEN_PROGRESS */
	struct ui_modes modes;   /* the kiosk's (kiosk_modes.c), never ui_view_fill's */
	/* patients (screen_patients.h): the kiosk's, never ui_view_fill's */
	struct ui_patients pt;
};

/* Fills the session-derived fields (everything but screen, demo, sensor*,
 * sensor_lost, notice, confirm_finish, note and history, which belong to
 * the kiosk). */
void ui_view_fill(struct ui_view *v, const struct session *s);
/* One leg's numbers from its session (all but side, lost, live, done and
 * the tempo's). */
void ui_view_fill_leg(struct ui_leg *l, const struct session *s);
/* The screen a session state calls for (the start screen is the kiosk's). */
enum ui_screen ui_view_screen_for(enum session_state st);

#endif
