/* SPDX-License-Identifier: MIT */
/*
 * motion — repetitions and static holds from the inclination.
 *
 * Definitions (DESIGN.md):
 *  - rest: where the leg dwells between reps. Provisional from the first
 *    sample (counting never waits for the person to hold still), re-learnt
 *    quickly where the leg is still outside a rep until the first rep, and
 *    followed slowly as the person settles. A still period in the stretch
 *    (in a rep, after leaving rest) is a hold, never a rest.
 *  - rep: one excursion from rest into the stretch and back out. Counted the
 *    moment the leg has come back out (by hysteresis on this rep's own range),
 *    so a 6 deg rep after 60 deg ones counts, and fidgets at rest do not.
 *  - hold: still in the stretch, at least rep_min_peak_deg into this rep (a
 *    leg left a couple of degrees up is not a stretch held). The hold timer
 *    runs while held; the pre-warning fires at hold_prewarn_frac *
 *    hold_warn_s, the warning once at hold_warn_s; both stay until the leg
 *    moves (release).
 *
 * Pure: caller-allocated state, no allocation, no I/O; time comes with the
 * sample.
 */
#ifndef STRETCHREP_CORE_MOTION_H
#define STRETCHREP_CORE_MOTION_H

#include <stdbool.h>
#include "core/orient.h"
#include "core/sample.h"

struct motion_settings {
	struct orient_settings orient;
	double calib_still_s;      /* stillness that gives the rest after a recalibration, s;
	                            * before the first rep the rest also follows a still
	                            * leg with this time constant (getting onto the mat) */
	double rep_enter_deg;      /* rise from the resting point that starts a rep, deg
	                            * (above tremor and sway, ~1 deg) */
	double rep_min_peak_deg;   /* a rep must reach this far from where it began, deg
	                            * (a leg settling on the mat moves 1-3 deg); a hold is
	                            * timed only while the leg is this far in */
	double fidget_frac;        /* a quick movement under this share of the person's
	                            * range (their recent reps) is a fidget, not a rep ... */
	double rep_deliberate_s;   /* ... unless it lasted this long, s: small deliberate
	                            * reps after big ones go slowly or hold, a twitch does not */
	double rep_exit_frac;      /* the rep ends once it fell back by this share of its range
	                            * (half: counted as the leg comes out, whatever its range) */
	double rep_min_s;          /* shortest rep, s (a jolt or a knock is shorter; the
	                            * fastest real reps take ~1 s) */
	double hold_band_deg;      /* movement within this band still counts as holding, deg
	                            * (a held leg trembles 1-2 deg; moving in and out is more) */
	double hold_min_s;         /* a hold shorter than this is not reported, s: the pause
	                            * at the top of a dynamic rep is shorter (motion_init caps
	                            * it at half of hold_warn_s) */
	double hold_anchor_tau_s;  /* how fast the hold's anchor settles onto the held pose, s:
	                            * a creep slower than hold_band_deg per this is still a hold */
	double hold_warn_s;        /* static-hold warning threshold, s (clinician setting) */
	double hold_prewarn_frac;  /* pre-warning at this share of hold_warn_s (clinician) */
	double rest_settle_tau_s;  /* how fast the resting point follows a still leg between
	                            * reps, s: within a short pause */
	double rest_follow_tau_s;  /* how fast the reference follows a settling person, s:
	                            * a few degrees over minutes, never a hold's seconds */
};

#define MOTION_DEFAULT_SETTINGS { \
	.orient = ORIENT_DEFAULT_SETTINGS, \
	.calib_still_s = 1.0, \
	.rep_enter_deg = 2.0, \
	.rep_min_peak_deg = 4.0, \
	.fidget_frac = 0.3, \
	.rep_deliberate_s = 0.75, \
	.rep_exit_frac = 0.5, \
	.rep_min_s = 0.4, \
	.hold_band_deg = 3.0, \
	.hold_min_s = 1.5, \
	.hold_anchor_tau_s = 1.0, \
	.hold_warn_s = 10.0, \
	.hold_prewarn_frac = 0.6, \
	.rest_settle_tau_s = 0.3, \
	.rest_follow_tau_s = 20.0, \
}

extern const struct motion_settings motion_default_settings;

enum motion_phase {
	MOTION_UNCALIBRATED = 0, /* no rest pose yet */
	MOTION_REST,             /* at or near rest, between reps */
	MOTION_OUT,              /* in a rep, moving */
	MOTION_HOLD,             /* in the stretch, still (hold timer running) */
};

enum motion_alert {
	MOTION_ALERT_NONE = 0,
	MOTION_ALERT_PREWARN,
	MOTION_ALERT_WARN,
};

enum motion_event_type {
	MOTION_EV_CALIBRATED = 1, /* rest pose taken (t_s) */
	MOTION_EV_REP,            /* a rep was counted: rep.* */
	MOTION_EV_HOLD_START,     /* a hold began at hold.start_s (reported at t_s) */
	MOTION_EV_PREWARN,        /* hold reached the pre-warning */
	MOTION_EV_WARN,           /* hold reached hold_warn_s (once per hold) */
	MOTION_EV_HOLD_END,       /* hold released: hold.* complete */
};

struct motion_rep {
	int n;              /* 1-based count */
	double start_s;     /* when the leg left rest */
	double t_s;         /* when it was counted (came back out) */
	double peak_deg;    /* inclination from rest at the top */
	double dwell_s;     /* from the first to the last moment within hold_band_deg of the peak */
	double duration_s;  /* t_s - start_s */
};

struct motion_hold {
	double start_s;
	double duration_s;
	double angle_deg;
	bool warned;
};

struct motion_event {
	enum motion_event_type type;
	double t_s;
	union {
		struct motion_rep rep;
		struct motion_hold hold;
	};
};

/* Room for the events of one sample. At most three happen together: a
 * pending recalibration ends a hold (HOLD_END), or a rep ends one (REP,
 * HOLD_END); a hold starts and warns (HOLD_START, PREWARN or WARN: never
 * both, PREWARN needs held < warn); two reps counted at once when the axis
 * is learnt afresh (REP, REP: outside any rep, so no hold); CALIBRATED
 * comes alone. */
#define MOTION_MAX_EVENTS 4

/* The top of an excursion as it goes: its largest value so far and where,
 * and how long it stayed within hold_band_deg of that top. */
struct motion_peak {
	double value;            /* largest excursion (or distance) so far, deg */
	double angle_deg;        /* inclination from rest at that moment */
	double disp[2];          /* displacement there */
	double ref_deg, near_from_s, near_to_s;
};

struct motion {
	struct motion_settings set;
	struct orient orient;
	enum motion_phase phase;
	bool have_t;
	double last_t_s;
	double angle_deg;        /* signed inclination change from rest, this sample */
	double disp[2];          /* displacement of gravity from the reference, deg (the tilt;
	                          * a turn about the vertical is left out: only the gyro
	                          * sees it, and it drifts with any gyro fault) */
	double exc_deg;          /* excursion from the resting point, deg */
	double dist_deg;         /* ... and its plain distance, whatever the direction */
	/* the movement's direction, learnt from the reps (unit, reference plane) */
	bool have_axis;
	double axis[2];
	/* rep tracking */
	int reps;
	bool rep_since_calib;    /* a rep counted since rest was last calibrated */
	bool in_rep;
	double rest_pt[2];       /* where the leg rests between reps, deg */
	double rep_start_s;
	double range_deg;        /* the person's range: how far from rest their recent reps
	                          * went, averaged (0: none yet) */
	double valley_exc_deg;   /* lowest excursion since the last rep ended */
	double valley_s;
	double base_exc_deg;     /* where the current rep began */
	struct motion_peak peak; /* of this rep's excursion */
	/* out and back well off the axis (motion.c: track_off_axis) */
	enum { MOTION_OFF_IDLE, MOTION_OFF_ARMED, MOTION_OFF_OUT } off_state;
	int off_count;
	struct motion_peak off_peak; /* of its distance from rest */
	struct motion_rep off, off_prev;
	/* hold tracking */
	bool holding;
	bool hold_reported;
	double anchor[2];
	double anchor_deg, anchor_s;
	enum motion_alert alert;
	/* calibration */
	bool recal_pending;      /* motion_recalibrate() asked; acted on next sample */
	bool axis_before_recal;  /* have_axis when the recalibration began (a cancel keeps it) */
	bool calibrated_once;    /* the provisional rest was taken */
	double calib_from_s;     /* after a recalibration, stillness counts from here */
};

void motion_init(struct motion *m, const struct motion_settings *set);
/* Feeds one sample; writes up to MOTION_MAX_EVENTS events to ev and returns
 * how many. Samples whose time does not increase are ignored (returns 0). */
int motion_update(struct motion *m, const struct sample *s, struct motion_event ev[MOTION_MAX_EVENTS]);
/* Asks for a fresh rest (the person was told to hold still): from the next
 * sample, any hold in progress ends (HOLD_END), the rep in progress is
 * dropped, and rest is taken after calib_still_s of stillness that starts
 * after this call. (At the start nothing waits: the first sample gives a
 * provisional rest.) */
void motion_recalibrate(struct motion *m);
/* Gives up a recalibration that has not found its stillness yet (the
 * person skipped it, or never held still): the rest, the resting point and
 * the movement's axis stay what they were before motion_recalibrate. A
 * no-op when no recalibration is waiting. */
void motion_cancel_recalibration(struct motion *m);

static inline double motion_angle_deg(const struct motion *m) { return m->angle_deg; }
static inline enum motion_phase motion_get_phase(const struct motion *m) { return m->phase; }
static inline enum motion_alert motion_get_alert(const struct motion *m) { return m->alert; }
static inline int motion_reps(const struct motion *m) { return m->reps; }
/* Seconds the current hold has lasted, 0 when not holding. */
double motion_hold_s(const struct motion *m);
/* The hold in progress, as HOLD_END would report it now; false when no
 * reported hold is running. */
bool motion_hold_in_progress(const struct motion *m, struct motion_hold *out);
/* The peak of the rep in progress (0 when none). */
static inline double motion_current_peak_deg(const struct motion *m) { return m->in_rep ? m->peak.angle_deg : 0.0; }

#endif
