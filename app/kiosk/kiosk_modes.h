/* SPDX-License-Identifier: MIT */
/*
 * kiosk_modes — the session's mode around the core, for the kiosk loop:
 *  - left then right with one sensor: when the left side reaches its work
 *    target (or Next/Finish), its session is kept and the switch-sides
 *    screen asks to move the sensor to the right thigh; Start (or the leg
 *    keeping still once it was moved) begins the right side with a fresh
 *    core: a new rest learnt on the new leg (orient and motion keep no
 *    pose from the left), its own count, work timer, ranges and holds. The
 *    summary shows both and the asymmetry; each half is reported to the
 *    session_finished hook (kiosk_modes_info says which);
 *  - the self-massage timer (core/massage.h): the session's work target is
 *    off, the massage timer ends it, a cue every half minute, a warning
 *    when the leg is held in the stretch;
 *  - the tempo (core/tempo.h): a tick at each start of "out" and "in", the
 *    guide on the dial, each rep's deviation (per side, for the history).
 * kiosk.c owns the loop and calls these at its few points; they hold no
 * SDL (the headless summary's members are written to a FILE given).
 */
#ifndef STRETCHREP_KIOSK_KIOSK_MODES_H
#define STRETCHREP_KIOSK_KIOSK_MODES_H

#include <stdbool.h>
#include <stdio.h>
#include "core/massage.h"
#include "core/session.h"
#include "core/tempo.h"
#include "ui/ui.h"
#include "ui/view.h"

#define KIOSK_MODES_SWITCH_STILL_S 3.0  /* still this long on the new leg: the right side begins */
#define KIOSK_MODES_SWITCH_MIN_S 4.0    /* ... not before the switch screen stood this long */
#define KIOSK_MODES_DEMO_S 20.0         /* the tempo's demonstration swings this long (a few reps) */

struct kiosk_modes_options {
	enum ui_mode mode;            /* what a session is unless chosen otherwise */
	bool choose;                  /* the start screen offers the choice (Next cycles it) */
	struct massage_settings massage;
	struct tempo_settings tempo;  /* 0/0: no metronome */
	bool have_right;              /* the right side has its own settings (a patient's */
	struct session_settings right; /* prescription per side); else the left's */
};

void kiosk_modes_options_default(struct kiosk_modes_options *o);

/* What the session_finished hook is told of the session it gets. */
struct kiosk_mode_info {
	enum ui_mode mode;
	enum ui_side side;            /* NONE: one leg */
	bool second_half;             /* the right side of a left-then-right set: the
	                               * previous session reported is its left half */
	const double *tempo_dev_s;    /* per rep of the session's rep log, NULL: no tempo */
	int n_tempo_dev;
	double massage_s;             /* massage time (MASSAGE) */
	int static_warnings;          /* static stretches found during massage */
};

/* Cues the modes ask for (bits), beside the core's. */
enum kiosk_modes_cue {
	KIOSK_MODES_TICK = 1,         /* a metronome tick */
	KIOSK_MODES_MASSAGE_CUE = 2,  /* the half-minute cue */
	KIOSK_MODES_STATIC = 4,       /* held in the stretch during massage */
	KIOSK_MODES_SWITCH = 8,       /* move the sensor to the other leg */
	KIOSK_MODES_RELAXED = 16,     /* the static stretch was released */
};

struct kiosk_modes {
	struct kiosk_modes_options opt;
	enum ui_mode chosen;          /* the start screen's choice for the next session */
	enum ui_mode mode;            /* this session's */
	int side;                     /* 0 the first (left), 1 the right */
	bool switching;
	double switch_since_s;        /* kiosk clock: the wall-time timers (nobody came back, the demo) */
	double switch_at_t_s;         /* sample time of the left's end: the switch's own timing */
	bool switch_moved;            /* the leg moved since the switch screen came */
	struct session *first;        /* the left side's session (left-then-right) */
	bool have_first;
	struct massage massage;
	bool have_t0;
	double t0_s;                  /* the side's first sample: the metronome's 0 */
	double last_t_s;
	struct tempo_tally tally[2];
	double tempo_dev[2][SESSION_MAX_REPS];
	int n_dev[2];
};

/* 0 or -ENOMEM. */
int kiosk_modes_init(struct kiosk_modes *md, const struct kiosk_modes_options *opt);
void kiosk_modes_deinit(struct kiosk_modes *md);

/* The start screen's commands (UI_CMD_MODE_*, UI_CMD_NEXT cycles): true
 * when cmd was one of them. */
bool kiosk_modes_choose(struct kiosk_modes *md, enum ui_cmd cmd);
/* A new session begins (side 0): the mode chosen becomes this session's,
 * and the settings it runs with are written to out (massage: no work
 * target). */
void kiosk_modes_begin(struct kiosk_modes *md, const struct session_settings *base,
		       struct session_settings *out);
/* After session_update: the modes' cues (enum kiosk_modes_cue bits). May
 * end the session (the massage timer). */
unsigned kiosk_modes_sample(struct kiosk_modes *md, struct session *s, const struct sample *smp);
/* The session just reached DONE: fills info for the hook; a massage's
 * time becomes the session's work time (what the history and the CSV
 * show as work_s: the massage is its work). Returns true
 * when this was the left half of a left-then-right set: the switch-sides
 * screen is up (switching), the session is kept, and the kiosk must not
 * end the set. */
bool kiosk_modes_side_done(struct kiosk_modes *md, struct session *s, double now_s,
			   struct kiosk_mode_info *info);
/* The info for s as it is (any moment). */
void kiosk_modes_info(const struct kiosk_modes *md, const struct session *s, struct kiosk_mode_info *info);
/* While switching: whether the right side should begin now (the leg was
 * moved, then kept still; or auto_go: at once, headless or a demo). s is
 * the left's session, still fed with the samples (its motion is tracked,
 * its events are no one's): the timing is the samples' (s->t_s since the
 * left's end), so a run on a simulated clock switches at the same sample
 * however the samples arrive. The caller asks after each sample. */
bool kiosk_modes_switch_due(struct kiosk_modes *md, const struct session *s, bool auto_go);
/* The set ends at the switch (Finish there, or nobody came back): the
 * left's summary stands for the set. */
void kiosk_modes_end_set(struct kiosk_modes *md);
/* The right side begins: its settings in out (a fresh core is the caller's
 * session_init with them). */
void kiosk_modes_next_side(struct kiosk_modes *md, const struct session_settings *base,
			   struct session_settings *out);
/* The headless summary line's members for the mode, each after ", ":
 * nothing for one leg without a tempo (the line as it was); "mode",
 * "side" and the left half's numbers with the asymmetry (right - left)
 * for left then right; "massage_s" and "static_warnings" for a massage;
 * the tempo's mean deviations when one is set. */
void kiosk_modes_summary_json(const struct kiosk_modes *md, const struct session *s, FILE *f);
/* Fills v->modes (v's session fields are the current session's);
 * start_screen_s: how long the start screen has stood (its tempo
 * demonstration swings for KIOSK_MODES_DEMO_S of it). */
void kiosk_modes_view(const struct kiosk_modes *md, const struct session *s, bool started,
		      double start_screen_s, struct ui_view *v);

#endif
