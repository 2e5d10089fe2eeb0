/* SPDX-License-Identifier: MIT */
/*
 * tempo — the metronome a clinician can prescribe: out_s into the stretch,
 * in_s back out, again and again; and how far each counted rep was from it.
 *
 * The guide: where the leg should be, as a share of the way into the
 * stretch (0 rest, 1 the top), at a time since the metronome started. Each
 * half is a half-cosine (slow at both ends, as a person moves), so a person
 * following it comes back out half-way in exactly in_s / 2: the guide and
 * the rep's counting moment agree.
 *
 * A rep is counted once it came back by rep_exit_frac of its range (motion),
 * not at rest: so a rep made at the tempo has a counted duration of out_s
 * plus the part of in_s the half-cosine needs to fall by rep_exit_frac
 * (acos(1 - 2 f) / pi of it; half of it at the default 0.5), not out_s +
 * in_s. The deviation compares like with like: counted duration minus that
 * expected duration; positive = slower than the tempo.
 *
 * Pure: no allocation, no I/O, no clocks; time is an argument.
 */
#ifndef STRETCHREP_CORE_TEMPO_H
#define STRETCHREP_CORE_TEMPO_H

#include <stdbool.h>

struct tempo_settings {
	double out_s;   /* into the stretch, s (0: no tempo) */
	double in_s;    /* back out to rest, s (0: no tempo) */
};

/* A tempo is set when both halves are. */
static inline bool tempo_on(const struct tempo_settings *t) { return t->out_s > 0.0 && t->in_s > 0.0; }
static inline double tempo_period_s(const struct tempo_settings *t) { return t->out_s + t->in_s; }

/* Where the leg should be t_s after the metronome started, 0..1 of the way
 * into the stretch; 0 when no tempo is set or t_s < 0. */
double tempo_guide_frac(const struct tempo_settings *t, double t_s);
/* Metronome ticks (each start of an "out" and of an "in"; the first at
 * t = 0) in (t0_s, t1_s]; 0 when no tempo is set. */
int tempo_ticks(const struct tempo_settings *t, double t0_s, double t1_s);
/* Whether the tick at the start of an "out" (true) or of an "in" (false)
 * is the latest one at t_s. */
bool tempo_going_out(const struct tempo_settings *t, double t_s);
/* The counted duration of a rep made at the tempo (above), for a rep
 * counted once back by exit_frac (0..1) of its range, s. */
double tempo_expected_rep_s(const struct tempo_settings *t, double exit_frac);
/* A rep's deviation from the tempo: its counted duration minus
 * tempo_expected_rep_s, s (+ slower, - faster); 0 when no tempo is set. */
double tempo_dev_s(const struct tempo_settings *t, double exit_frac, double rep_duration_s);

/* The session's deviations, for the summary. */
struct tempo_tally {
	int n;
	double sum_dev_s;      /* signed: a habit of rushing shows negative */
	double sum_abs_dev_s;
	double last_dev_s;
};
void tempo_tally_add(struct tempo_tally *tt, double dev_s);
/* Mean deviation (signed) and mean absolute deviation, s; 0 without reps. */
double tempo_tally_mean_s(const struct tempo_tally *tt);
double tempo_tally_mean_abs_s(const struct tempo_tally *tt);

#endif
