/* SPDX-License-Identifier: MIT */
/*
 * screen_slr — the straight-leg-raise (SLR) test's screen: one side at a
 * time, two trials ("Left leg, trial 1 of 2: raise the straight leg slowly;
 * press when the knee starts to bend"), the live angle big, then the side's
 * result against the test's measurement error (MDC95).
 *
 * The first half is the view model (no SDL, part of struct ui_view: the
 * kiosk fills it, kiosk/kiosk_slr.h); the second the drawing entry point
 * (ui/, SDL inside the .c).
 *
 * Commands on this screen: UI_CMD_START_PAUSE (Space, Enter, the GPIO
 * select button, the "Knee bends" button) marks the bend; UI_CMD_NEXT (n,
 * the second button) goes on to the other leg once a side is done;
 * UI_CMD_FINISH (f, "Done") leaves the test for the start screen.
 */
#ifndef STRETCHREP_UI_SCREEN_SLR_H
#define STRETCHREP_UI_SCREEN_SLR_H

#include <stdbool.h>

#define UI_SLR_TRIALS 2
#define UI_SLR_TEXT 96

enum ui_slr_phase {
	UI_SLR_SETTLE = 0,   /* lay the leg flat and still */
	UI_SLR_RAISE,        /* a trial runs: raise slowly, mark the bend */
	UI_SLR_SIDE_DONE,    /* this side's two trials are in: its result */
};

struct ui_slr {
	enum ui_slr_phase phase;
	bool right;              /* the side tested: the right leg (else the left) */
	bool by_knee;            /* a shank sensor finds the bend (no button to press) */
	int trial;               /* 1-based: the trial in progress, or the last one */
	double angle_deg;        /* the leg from horizontal now */
	int n_trials;            /* taken on this side */
	double trial_deg[UI_SLR_TRIALS];
	double mean_deg;         /* of the trials taken */
	double mdc_one_deg;      /* the test's MDC95, one rater */
	double mdc_between_deg;  /* ... between raters */
	bool has_prev;           /* an earlier result of this patient's side */
	double prev_deg;
	char prev_when[24];      /* "12 Nov" */
	bool other_done;         /* the other side was tested in this visit */
	double other_deg;
	char word[UI_SLR_TEXT];  /* what became of the last mark ("Trial 1: 63°", "Too fast: ..."), "" */
	char saved[UI_SLR_TEXT]; /* "Saved for Ann" / "Not saved: disk full", "" nothing said */
};

struct ui;
struct ui_view;
/* Draws the SLR screen of v (v->slr) on either layout. */
void screen_slr_draw(struct ui *ui, const struct ui_view *v);

#endif
