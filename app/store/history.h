/* SPDX-License-Identifier: MIT */
/*
 * app/store/ — what must survive a power cut: the session history in SQLite.
 * May include: core/, app/'s shared modules (config.h: the settings
 * table's ranges) and sqlite3.h. Never ui/, kiosk/, cmd/, source/ or the
 * drivers (tests/test_layers.sh).
 *
 * history — finished sessions in SQLite, safe against power cuts.
 *
 * The database runs in WAL mode with synchronous=FULL: when history_save()
 * returns 0 the session is on disk (the commit was fsynced) and a power cut
 * afterwards cannot lose it; a cut during the save leaves the database as it
 * was before. Each session (summary + its reps + its holds) is written in one
 * transaction, so it is there whole or not at all.
 *
 * Schema (PRAGMA user_version = HISTORY_SCHEMA_VERSION), upgraded in place by
 * history_open() one version at a time, each step in its own transaction:
 *   sessions(id, started_at, ended_at, reps, work_s, duration_s,
 *            mean_peak_deg, best_peak_deg, longest_hold_s, holds, warnings,
 *            tempo_reps_per_min, mean_rep_s, hold_warn_s, work_target_s,
 *            app_version, gyro_checks, gyro_scale, gyro_bias_dps,
 *            gyro_out_of_tolerance, source)
 *   reps(session_id, n, start_s, t_s, peak_deg, dwell_s, duration_s)
 *   holds(session_id, idx, start_s, duration_s, angle_deg, warned)
 *   outbox(msg_id, payload, queued_at): sessions for the board (outbox.h)
 * Schema 6 adds, for patients (patients.h) and the session's metadata:
 *   sessions(+ patient_id, side, mode, pain_before, pain_after,
 *            ceiling_deg, ceiling_events, set_id): NULL for sessions saved
 *            before (no patient, side unknown, pain not asked)
 *   reps(+ tempo_dev_s): NULL when the session had no tempo
 *   marks(session_id, idx, kind, t_s, angle_deg, rating): the symptom
 *            events (kind 'symptom', rating 0-10) and the ceiling events
 *            (kind 'ceiling', rating NULL) of a session, session clock
 *   patients, prescriptions, slr: patients.h
 * Schema 7 adds sessions(+ save_id): history_meta.save_id, unique; NULL
 *   for sessions saved without one.
 * Times inside a session (start_s, t_s) are session clock seconds, as in the
 * core; started_at/ended_at are Unix seconds (wall clock, for people).
 *
 * Errors are 0 or -errno, each the truth as the file system tells it:
 * -ENOSPC disk full, -EROFS read-only file system, -EACCES permission denied
 * (on the database, its -wal or -shm file, or its directory: a -shm left by
 * root's sqlite3 is this), -EISDIR the path is a directory, -ENOENT/-ENOTDIR
 * no such directory, -EBUSY another connection held the write lock longer
 * than HISTORY_BUSY_TIMEOUT_MS, -EBADMSG not a database or corrupt,
 * -ENOTSUP written by a newer stretchrep, -EIO anything else. None of them
 * is fatal to the caller: the kiosk says "session not saved" and goes on.
 * history_errmsg() has the words for the log (which file, or SQLite's).
 *
 * Recovery: a call after an error starts afresh. A connection that met a
 * read-only or permission error is reopened (a -shm opened read-only stays
 * so for the connection's life), so saves work again as soon as the
 * permissions or the mount are fixed, without restarting the kiosk.
 *
 * A struct history is used by one thread at a time.
 */
#ifndef STRETCHREP_STORE_HISTORY_H
#define STRETCHREP_STORE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/session.h"

#define HISTORY_SCHEMA_VERSION 7
#define HISTORY_FILE_NAME "history.sqlite3"
/* How long a save waits for another connection's write lock (a clinician's
 * sqlite3 in a write transaction) before it gives up with -EBUSY: short,
 * since the kiosk saves between frames. */
#define HISTORY_BUSY_TIMEOUT_MS 50

struct history;

/* The leg a session worked. */
enum history_side {
	HISTORY_SIDE_NONE = 0,    /* not said (no patient, or before schema 6) */
	HISTORY_SIDE_LEFT,
	HISTORY_SIDE_RIGHT,
};
/* What the session was. */
enum history_mode {
	HISTORY_MODE_STRETCH = 0, /* dynamic stretch reps (the default) */
	HISTORY_MODE_MASSAGE,     /* timed self-massage */
};
/* "" / "left" / "right"; "stretch" / "massage". The parsers take those
 * words (not "" for the side): 0, or -EINVAL. */
const char *history_side_name(enum history_side side);
int history_side_parse(const char *text, enum history_side *out);
const char *history_mode_name(enum history_mode mode);
int history_mode_parse(const char *text, enum history_mode *out);

#define HISTORY_PAIN_NOT_ASKED (-1)
#define HISTORY_PAIN_MAX 10
#define HISTORY_MAX_SYMPTOMS 16   /* symptom events kept per session */

/* A "symptom" tap or button press during a session: when, the leg's angle
 * then, and the patient's rating. */
struct history_symptom {
	double t_s;               /* session clock, s (as the reps' t_s) */
	double angle_deg;         /* the leg's inclination from rest, deg */
	int rating;               /* 0-HISTORY_PAIN_MAX */
};

/*
 * What is saved with a session besides the core's record: who, which leg,
 * which mode, the pain ratings and symptom events. history_meta_init()
 * gives "none of it" (what a NULL meta means to history_save). The ceiling
 * events are not here: history_save takes them from the session
 * (session_ceiling_events).
 */
struct history_meta {
	int64_t patient_id;       /* patients.h id, 0 = no patient */
	enum history_side side;
	enum history_mode mode;
	int pain_before;          /* 0-10, HISTORY_PAIN_NOT_ASKED */
	int pain_after;
	int n_symptoms;           /* 0-HISTORY_MAX_SYMPTOMS */
	struct history_symptom symptoms[HISTORY_MAX_SYMPTOMS]; /* in time order */
	int64_t set_id;           /* links the halves of a left-then-right set:
	                           * the first half's session id, 0 = none */
	/* Per-rep tempo deviation, s (measured minus prescribed; > 0 slow):
	 * tempo_dev_s[i] for the session's rep log entry i, i < n_tempo_dev.
	 * NULL/0: no tempo (saved as NULL). Borrowed: read during the call
	 * only; never set in entries read back. */
	const double *tempo_dev_s;
	int n_tempo_dev;
	/* The save's own id (schema 7), NULL/"": none. A second save with
	 * an id already saved writes nothing and is -EEXIST, so a session
	 * kept elsewhere until it is saved (the kiosk's spool) can be saved
	 * again after a crash without being saved twice. Borrowed like
	 * tempo_dev_s; never set in entries read back. */
	const char *save_id;
	/* Read back only (history_recent*, patient_sessions); history_save
	 * ignores them. */
	int ceiling_events;       /* times the leg passed the ceiling */
	double ceiling_deg;       /* the ceiling in force, 0 = none */
};

/* No patient, no side, stretch, pain not asked, no symptoms, no set. */
void history_meta_init(struct history_meta *m);

/* One saved session, as listed. */
struct history_entry {
	int64_t id;
	int64_t started_at;       /* Unix seconds */
	int64_t ended_at;
	struct session_summary sum;
	double hold_warn_s;       /* the threshold in force */
	double work_target_s;
	double gyro_bias_dps;     /* |bias| found (sum.gyro: the check as far as it is kept:
	                           * scale_checks, scale, the two out-of-tolerance flags) */
	bool gyro_out_of_tol;     /* bias or scale outside the datasheet's tolerance */
	char source[8];           /* "sensor", "demo", "replay"; "?" saved before it was kept */
	struct history_meta meta; /* schema 6; history_meta_init's for older sessions */
};

/* sessions.gyro_out_of_tolerance is a bit set of these */
#define HISTORY_GYRO_SCALE 1
#define HISTORY_GYRO_BIAS 2

/* The database path to use when none is given: $STATE_DIRECTORY (set by
 * systemd's StateDirectory=; the first entry when several) or
 * $XDG_DATA_HOME/stretchrep or $HOME/.local/share/stretchrep, followed by
 * "/" HISTORY_FILE_NAME. 0, -ENOENT when none of these variables is set, or
 * -ENAMETOOLONG. */
int history_default_path(char *buf, size_t len);

/* Creates the directories leading to path (mode 0750) as needed. 0/-errno. */
int history_make_parent_dirs(const char *path);

/* Opens (creating if needed) and upgrades the database at path. On error *out
 * is NULL. */
int history_open(struct history **out, const char *path);
/* Opens an existing database for reading only (history, its CSV): creates
 * nothing, writes nothing, so a reader needs only read permission. A file
 * of an older schema is upgraded once by history_open (that needs write
 * permission). -ENOENT when there is no such file, -EACCES when it is not
 * readable, -ENOTSUP written by a newer stretchrep. history_save through
 * it is -EBADF. */
int history_open_readonly(struct history **out, const char *path);
/* Where the next sessions saved through h come from: "sensor" (the
 * default), "demo" (the simulated patient) or "replay" (a trace file), so
 * they are never taken for a patient's. NULL h is fine. */
void history_set_source(struct history *h, const char *source);
/* The kiosk's open: history_default_path(), the directories leading to it,
 * history_open(). The path used is copied to path_out (may be NULL) for the
 * log line. 0/-errno as above. */
int history_open_default(struct history **out, char *path_out, size_t len);
/* NULL is accepted. */
void history_close(struct history *h);

/* Saves a finished session in one transaction, with meta (NULL: none, as
 * history_meta_init). started_at/ended_at are Unix seconds. The rep and hold logs saved are the session's (up to
 * SESSION_MAX_REPS / SESSION_MAX_HOLDS); the summary counts all. On success
 * *id (may be NULL) is the new session's id.
 * Retry: on any error nothing of the session was written, so the caller may
 * save the same session again later. -EBUSY (after at most
 * HISTORY_BUSY_TIMEOUT_MS, plus the fsync of a commit) is the one to retry
 * soon: another connection is writing; keep the session (a copy: s must stay
 * valid during the call only) and try again on a later frame. -EROFS,
 * -EACCES and -ENOSPC last until someone acts; a retry costs one reopen.
 * -EINVAL: meta out of its ranges (pain, ratings, n_symptoms), nothing
 * written; -ENOENT: meta->patient_id names no patient; -EEXIST:
 * meta->save_id was saved before (nothing written: it is there). A session saved
 * under a patient also marks them as used (last_used_at = ended_at). */
int history_save(struct history *h, const struct session *s, const struct history_meta *meta,
		 int64_t started_at, int64_t ended_at, int64_t *id);

/* Up to max most recent sessions, newest first. Returns how many (>= 0) or
 * -errno. */
int history_recent(struct history *h, struct history_entry *out, int max);
/* The same for one patient (0: the sessions saved without a patient;
 * HISTORY_ANY_PATIENT: all, as history_recent). */
#define HISTORY_ANY_PATIENT (-1)
int history_recent_patient(struct history *h, int64_t patient_id, struct history_entry *out, int max);

/* Number of saved reps and holds of one session (for checks). 0/-errno;
 * -ENOENT when there is no such session. */
int history_session_counts(struct history *h, int64_t id, int *n_reps, int *n_holds);

/* CSV export, oldest first, with a header line. Sessions: one line each;
 * since schema 6 the columns end with patient (name, "" none), side, mode,
 * pain_before, pain_after (empty when not asked), symptoms
 * ("RATING@ANGLE;...", e.g. "2@41.5;6@48.0"), ceiling_events, set_id.
 * Reps: one line per rep with its session id and start time, then
 * tempo_dev_s (empty: no tempo). Text cells go through csv_put_text
 * (csv.h: RFC 4180 quoting, a ' before a cell a spreadsheet would take for
 * a formula); numbers are printed as numbers. 0/-errno. */
int history_export_sessions_csv(struct history *h, FILE *f);
int history_export_reps_csv(struct history *h, FILE *f);

/* The durability settings in force on h's connection, read back (for the
 * tests): PRAGMA synchronous (2 = FULL) and whether journal_mode is WAL.
 * 0/-errno. */
int history_durability(struct history *h, int *synchronous, bool *wal);

/* "PRAGMA integrity_check" says ok: 0; -EBADMSG otherwise. */
int history_check(struct history *h);

/* SQLite's message for the last error on h ("" when none). */
const char *history_errmsg(const struct history *h);

/* For tests: caps the database at this many pages (PRAGMA max_page_count)
 * so a full disk can be emulated. 0/-errno. */
int history_limit_pages(struct history *h, unsigned pages);

#endif
