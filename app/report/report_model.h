/* SPDX-License-Identifier: MIT */
/*
 * app/report/ — a patient's one-page progress report (PDF, drawn with
 * cairo) for a clinician to carry away: `stretchrep report` and the kiosk's
 * USB-stick export.
 * May include: core/, store/ and app/'s shared modules (safe_file). Never
 * ui/, kiosk/, cmd/, source/, net/, board/ or the drivers; only report_pdf.c
 * includes cairo, and it never includes store/ (tests/test_layers.sh).
 *
 * report_model — what the report shows, as plain data (like the kiosk's view
 * model): filled from the history database by report_model_fill
 * (report_store.h), drawn by report_pdf_write (report_pdf.h). No SQLite, no
 * cairo here.
 */
#ifndef STRETCHREP_REPORT_MODEL_H
#define STRETCHREP_REPORT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#define REPORT_MAX_SESSIONS 120   /* charted: the most recent (a page is ~90 mm wide per chart) */
#define REPORT_MAX_SLR 60         /* SLR results charted, both sides: the most recent */
#define REPORT_TABLE_ROWS 10      /* sessions in the table, newest first */
#define REPORT_NAME_BYTES 161     /* UTF-8, with the NUL (a patient's name: 40 characters) */
#define REPORT_PAIN_NOT_ASKED (-1)

enum report_side {
	REPORT_SIDE_NONE = 0,     /* not said */
	REPORT_SIDE_LEFT,
	REPORT_SIDE_RIGHT,
};

/* One finished session. */
struct report_session {
	int64_t started_at;       /* Unix s */
	enum report_side side;
	int reps;
	double best_peak_deg;     /* range: the highest rep's peak, deg from rest */
	double mean_peak_deg;     /* the mean of the reps' peaks */
	double work_s;
	int holds;                /* static holds */
	int warned_holds;         /* holds that outlasted the threshold (warned) */
	int pain_before;          /* 0-10, REPORT_PAIN_NOT_ASKED */
	int pain_after;
};

/* One straight-leg-raise test: two trials, deg from horizontal. */
struct report_slr {
	int64_t taken_at;         /* Unix s */
	enum report_side side;    /* LEFT or RIGHT */
	double trial_deg[2];
};

struct report_model {
	char patient[REPORT_NAME_BYTES];
	int64_t generated_at;     /* Unix s, printed in the footer */
	int total_sessions;       /* the patient's, all of them (>= n_sessions) */
	int n_sessions;           /* charted, oldest first */
	struct report_session sessions[REPORT_MAX_SESSIONS];
	int total_slr;
	int n_slr;                /* oldest first */
	struct report_slr slr[REPORT_MAX_SLR];
};

/* An empty model for patient (copied, cut at a character boundary). */
void report_model_init(struct report_model *m, const char *patient, int64_t generated_at);
/* Appends a session (newer than those before it): when the model is full
 * the oldest charted one goes. total_sessions counts every call. */
void report_model_add_session(struct report_model *m, const struct report_session *s);
/* Appends an SLR result, as above. */
void report_model_add_slr(struct report_model *m, const struct report_slr *r);

/* The dates the report covers: the earliest and latest of its charted
 * sessions and SLR results. false when it has neither. */
bool report_model_range(const struct report_model *m, int64_t *from, int64_t *to);

/* An SLR result's value and its error band: the mean of the two trials,
 * and the band from the lower to the higher trial (how far two takes of
 * the same test disagree). */
double report_slr_mean(const struct report_slr *r);
void report_slr_band(const struct report_slr *r, double *lo, double *hi);

#endif
