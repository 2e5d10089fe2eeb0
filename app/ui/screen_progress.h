/* SPDX-License-Identifier: MIT */
/*
 * screen_progress — one patient's progress over weeks: the SLR angle per
 * side with its error band (MDC95), and per day the reps, best range, work
 * time, warned holds, pain before and after, and the sessions done against
 * the prescription ("today 1 of 2", a weekly streak).
 *
 * The first half is the view model: plain arrays, filled by the kiosk from
 * the patients' store (kiosk/kiosk_progress.h), so drawing needs no store;
 * the second the drawing entry point (ui/, SDL inside the .c).
 *
 * Commands on this screen: UI_CMD_NEXT, UI_CMD_START_PAUSE or UI_CMD_FINISH
 * (any button, "Back") leaves it for the start screen.
 */
#ifndef STRETCHREP_UI_SCREEN_PROGRESS_H
#define STRETCHREP_UI_SCREEN_PROGRESS_H

#include <stdbool.h>

#define UI_PROGRESS_DAYS 28      /* days shown, the last one today */
#define UI_PROGRESS_SLR 8        /* SLR results shown per side, the latest */
#define UI_PROGRESS_NAME 161     /* a patient's name, UTF-8, with the NUL (patients.h) */

struct ui_progress {
	char patient[UI_PROGRESS_NAME];
	/* SLR per side ([0] left, [1] right), oldest first: the mean of the
	 * two trials and the day it was taken, as days before today (0 today) */
	int n_slr[2];
	double slr_deg[2][UI_PROGRESS_SLR];
	int slr_days_ago[2][UI_PROGRESS_SLR];
	double slr_mdc_deg;      /* the band drawn round each: MDC95 one rater */
	double slr_mdc_between_deg;
	/* per day, day[0] is UI_PROGRESS_DAYS - 1 days ago, the last today */
	int sessions[UI_PROGRESS_DAYS];   /* sets of both legs count once */
	int reps[UI_PROGRESS_DAYS];
	double best_deg[UI_PROGRESS_DAYS];   /* 0: no session */
	double work_s[UI_PROGRESS_DAYS];
	int warned[UI_PROGRESS_DAYS];        /* holds that drew a warning */
	double pain_before[UI_PROGRESS_DAYS]; /* the day's mean, < 0: not asked */
	double pain_after[UI_PROGRESS_DAYS];
	char first_day[24];      /* the first day's date, "5 Nov" */
	/* adherence */
	int done_today, per_day;
	int streak_days, streak_weeks;
};

struct ui;
struct ui_view;
/* Draws the progress screen of v (v->progress) on either layout. */
void screen_progress_draw(struct ui *ui, const struct ui_view *v);

#endif
