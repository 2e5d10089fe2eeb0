/* SPDX-License-Identifier: MIT */
/*
 * app/store/ — what must survive a power cut (see history.h for the room;
 * patients.c also reads config.h's settings table for the ranges).
 *
 * patients — the people who use the kiosk, each with their prescription per
 * side, their straight-leg-raise (SLR) results and the progress queries the
 * progress screen and `history --patient` read. Kept in the history
 * database (same file, same struct history, same durability and the same
 * 0/-errno errors as history.h); nothing leaves the device.
 *
 * Tables (schema 6, see history.h):
 *   patients(id, name, archived, created_at, last_used_at, sides, mode,
 *            sessions_per_day)
 *   prescriptions(patient_id, side, hold_warn_s, work_target_s, ceiling_deg,
 *            zone_lo_deg, zone_hi_deg, tempo_out_s, tempo_in_s): one row
 *            per patient and side; a NULL column is "unset"
 *   slr(id, patient_id, side, taken_at, trial1_deg, trial2_deg, note)
 *
 * Names: 1-PATIENT_NAME_MAX printable UTF-8 characters after trimming
 * leading and trailing white space (no control characters, no invisible
 * ones: format characters but the joiners, line separators, noncharacters;
 * no invalid UTF-8); unique among the patients that are not archived (compared as
 * bytes, so "Ann" and "ann" are two patients). An archived patient keeps
 * their sessions and results, is hidden from pickers and lists (unless
 * asked), and frees the name for a new patient.
 *
 * Times are Unix seconds (wall clock). "A day" is a local calendar day (the
 * process's TZ) and "a week" an ISO week (Monday to Sunday, local).
 *
 * Every function takes a struct history from history_open (or
 * history_open_readonly for the reading ones: writing through a read-only
 * history is -EBADF). Strings and structs passed in are read during the
 * call only; structs filled are the caller's.
 */
#ifndef STRETCHREP_STORE_PATIENTS_H
#define STRETCHREP_STORE_PATIENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/session.h"
#include "store/history.h"

#define PATIENT_NAME_MAX 40                          /* characters (code points) */
#define PATIENT_NAME_BYTES (PATIENT_NAME_MAX * 4 + 1) /* UTF-8, with the NUL */
#define PATIENT_NOTE_BYTES 121                       /* SLR rater note, bytes with NUL */
#define PATIENT_SLR_TRIALS 2
#define PATIENT_SLR_MAX_DEG 120.0                    /* the largest angle kept */

/* A prescription number not set for this patient: the global config's
 * value applies (patient_rx_apply). */
#define PATIENT_RX_UNSET (-1.0)
/* The lowest ceiling the symptom rule sets (patient_rx_apply): a symptom
 * nearer rest than the margin would put the ceiling at or below rest */
#define PATIENT_CEILING_FLOOR_DEG 1.0

/* Which legs the patient works: a bit set of the two sides. */
enum patient_sides {
	PATIENT_SIDES_LEFT = 1,
	PATIENT_SIDES_RIGHT = 2,
	PATIENT_SIDES_BOTH = 3,   /* left then right, one set (history_meta.set_id) */
};

/*
 * The clinician's prescription for one side. Each number is either
 * PATIENT_RX_UNSET (the config's value applies) or a value in the range of
 * the settings table row it overrides (config.c keys[]: hold_warn_s,
 * work_target_s, ceiling_deg; the CLI checks it with config_key_range).
 * 0 means "none" where said.
 */
struct patient_rx {
	double hold_warn_s;      /* static-hold warning threshold, s */
	double work_target_s;    /* the session's work-time target, s */
	double ceiling_deg;      /* range ceiling on the dial, deg from rest; 0 = none */
	double zone_lo_deg;      /* target zone on the dial, deg from rest; */
	double zone_hi_deg;      /*   lo < hi; 0/0 = none */
	double tempo_out_s;      /* paced tempo: seconds into the stretch, */
	double tempo_in_s;       /*   seconds back out; 0/0 = no tempo */
};

struct patient {
	int64_t id;                      /* > 0 */
	char name[PATIENT_NAME_BYTES];   /* trimmed, valid (patient_name_check) */
	bool archived;
	int64_t created_at;              /* Unix s */
	int64_t last_used_at;            /* Unix s of the last session or pick; 0 = never */
	enum patient_sides sides;        /* which legs (default BOTH) */
	enum history_mode mode;          /* default exercise mode (default STRETCH) */
	int sessions_per_day;            /* prescribed sessions a day, 1-10; -1 = unset
	                                  * (PATIENT_SESSIONS_PER_DAY_DEFAULT) */
	struct patient_rx rx[2];         /* [0] left, [1] right: patient_rx_for() */
};

#define PATIENT_SESSIONS_PER_DAY_DEFAULT 1
#define PATIENT_SESSIONS_PER_DAY_MAX 10
/* A paced tempo's phases: under half a second is no pace a person can
 * follow, over 20 s a hold (no settings row: the tempo has no global
 * default) */
#define PATIENT_TEMPO_MIN_S 0.5
#define PATIENT_TEMPO_MAX_S 20.0

/* A patient with no prescription: every rx number PATIENT_RX_UNSET, sides
 * BOTH, mode STRETCH, sessions_per_day -1, id 0, name "". */
void patient_init(struct patient *p);

/* The prescription of p for side (LEFT or RIGHT); HISTORY_SIDE_NONE gives
 * the side patient_first_side() names. Never NULL. */
const struct patient_rx *patient_rx_for(const struct patient *p, enum history_side side);
struct patient_rx *patient_rx_for_mut(struct patient *p, enum history_side side);
/* The side a session starts with: LEFT when the patient works the left leg
 * (or both), else RIGHT. */
enum history_side patient_first_side(const struct patient *p);
/* "left", "right", "both"; parse: 0 or -EINVAL. */
const char *patient_sides_name(enum patient_sides s);
int patient_sides_parse(const char *text, enum patient_sides *out);
/* p->sessions_per_day, or the default when unset. */
int patient_sessions_per_day(const struct patient *p);

/*
 * Folds p's prescription for side into the settings the session runs with:
 * set holds the global config's (config_load) on entry; each rx number that
 * is set replaces hold_warn_s, work_target_s (work_min_s is lowered to it
 * when above) and ceiling_deg. The ceiling then goes no higher than
 * symptom_margin_deg below the last symptom angle when both are known
 * (> 0), PATIENT_CEILING_FLOOR_DEG when that is nearer rest: pass last_symptom_deg from patient_last_symptom() and
 * symptom_margin_deg from the config's clinician setting
 * (symptom_ceiling_margin_deg; 0 = off). The target zone and tempo stay in
 * the rx (patient_rx_for) for the screens. p NULL: set is left unchanged.
 */
void patient_rx_apply(const struct patient *p, enum history_side side, double last_symptom_deg,
		      double symptom_margin_deg, struct session_settings *set);

/* Trims name into out (len >= PATIENT_NAME_BYTES) and checks it: 0, or
 * -EINVAL (empty, control characters, invalid UTF-8) or -ENAMETOOLONG (over
 * PATIENT_NAME_MAX characters). why (may be NULL) gets the reason in words. */
int patient_name_check(const char *name, char *out, size_t len, char *why, size_t wlen);

/* Adds a patient (trimmed name, created_at = now, no prescription, sides
 * BOTH, mode STRETCH): 0 and *id (may be NULL), -EINVAL/-ENAMETOOLONG (bad
 * name), -EEXIST (an active patient has that name). */
int patient_add(struct history *h, const char *name, int64_t now, int64_t *id);
/* Renames: 0, -ENOENT (no such id), -EEXIST, -EINVAL, -ENAMETOOLONG. */
int patient_rename(struct history *h, int64_t id, const char *new_name);
/* Archives (true) or restores (false): 0, -ENOENT; restoring while an
 * active patient has the same name is -EEXIST. Sessions are kept. */
int patient_archive(struct history *h, int64_t id, bool archived);
/* Marks the patient as just used (picker order). 0, -ENOENT. */
int patient_touch(struct history *h, int64_t id, int64_t now);
/* Checks p's sides, mode, sessions_per_day and prescription numbers
 * against their ranges (the settings table's rows, config_key_range; the
 * zone on the ceiling's dial, 0-its maximum; the tempo
 * PATIENT_TEMPO_MIN_S-MAX_S): 0, or -EINVAL with why (may be NULL) naming
 * the number, its value, range and side. */
int patient_check(const struct patient *p, char *why, size_t wlen);
/* Stores p's sides, mode, sessions_per_day and both sides' prescription
 * (p->id names the patient; name, archived and the times are not changed).
 * 0, -ENOENT, -EINVAL (a number out of its range, zone lo >= hi, one of
 * tempo_out/in 0 and not the other). */
int patient_set_rx(struct history *h, const struct patient *p);
/* patient_add and patient_set_rx (p's id ignored) in one transaction: the
 * patient is added with its prescription, or not at all. 0 and *id (may
 * be NULL), or their errors. */
int patient_add_rx(struct history *h, const char *name, const struct patient *p, int64_t now, int64_t *id);

/* The active patient with that name (trimmed first); with include_archived
 * an archived one is found too when no active one has the name (the most
 * recently created). 0, -ENOENT. */
int patient_find(struct history *h, const char *name, bool include_archived, struct patient *out);
int patient_get(struct history *h, int64_t id, struct patient *out);
/* Up to max patients, the last used first (then the newest created), the
 * archived ones only with include_archived. Returns how many (>= 0) or
 * -errno. */
int patient_list(struct history *h, bool include_archived, struct patient *out, int max);

/* One straight-leg-raise test: two trials, each the leg's angle from the
 * horizontal, in degrees, at the onset of knee bend. */
struct patient_slr {
	int64_t id;                          /* set by patient_slr_add */
	int64_t patient_id;
	enum history_side side;              /* LEFT or RIGHT */
	int64_t taken_at;                    /* Unix s */
	double trial_deg[PATIENT_SLR_TRIALS]; /* 0-PATIENT_SLR_MAX_DEG */
	char note[PATIENT_NOTE_BYTES];       /* rater's note, "" none */
};

/* Adds r (r->id is ignored): 0 and *id (may be NULL), -EINVAL (side NONE,
 * an angle out of 0-PATIENT_SLR_MAX_DEG), -ENOENT (no such patient). */
int patient_slr_add(struct history *h, const struct patient_slr *r, int64_t *id);
/* Up to max results of one patient, oldest first; side NONE: both sides.
 * Returns how many or -errno. */
int patient_slr_list(struct history *h, int64_t patient_id, enum history_side side,
		     struct patient_slr *out, int max);

/* Up to max sessions of one patient (history_entry with .meta filled),
 * newest first. Returns how many or -errno. Same as history_recent_patient. */
int patient_sessions(struct history *h, int64_t patient_id, struct history_entry *out, int max);

/*
 * Adherence, as the progress screen shows it ("today 1 of 2", a streak).
 * A "session" here is one exercise: the halves of a left-then-right set
 * (same non-zero set_id) count once, on the day the set began.
 *   done_today:    sessions begun today (local day of now)
 *   per_day:       patient_sessions_per_day(p)
 *   streak_days:   consecutive days with done >= per_day, ending today when
 *                  today is met, else ending yesterday (today is not over)
 *   streak_weeks:  consecutive ISO weeks with at least
 *                  PATIENT_STREAK_WEEK_DAYS met days, ending this week when
 *                  it is met already, else ending last week
 */
#define PATIENT_STREAK_WEEK_DAYS 5
struct patient_adherence {
	int done_today;
	int per_day;
	int streak_days;
	int streak_weeks;
};
int patient_adherence(struct history *h, const struct patient *p, int64_t now,
		      struct patient_adherence *out);

/* Sessions per local day of one patient (sets counted once), for the
 * days [from, to] (Unix s; whole days containing them), oldest first, days
 * without a session included with count 0. day_start is the day's local
 * midnight. Returns how many days were written (<= max) or -errno. */
struct patient_day {
	int64_t day_start;
	int sessions;
};
int patient_sessions_per_day_range(struct history *h, int64_t patient_id, int64_t from, int64_t to,
				   struct patient_day *out, int max);

/* The angle of the most recent symptom event of the patient on side (the
 * latest session that has one, its last event): 0 and *angle_deg, *at
 * (session start, Unix s; may be NULL), or -ENOENT when there is none. */
int patient_last_symptom(struct history *h, int64_t patient_id, enum history_side side,
			 double *angle_deg, int64_t *at);

/* CSV export of one patient's sessions (patient_id; 0: the sessions
 * without a patient), oldest first: the columns of
 * history_export_sessions_csv (history.h). 0/-errno. */
int patient_export_sessions_csv(struct history *h, int64_t patient_id, FILE *f);
/* The patient's SLR results as CSV, oldest first: patient, side,
 * taken_utc, trial1_deg, trial2_deg, note (quoted). 0/-errno. */
int patient_export_slr_csv(struct history *h, int64_t patient_id, FILE *f);

#endif
