/* SPDX-License-Identifier: MIT */
/*
 * kiosk_history — a finished session into the history, and what the
 * summary screen then says about it (view.h, struct ui_history): saved or
 * not and why in a few words, and the sessions before it (best range, reps)
 * to compare with. Shared by `run` and the screenshot scenes, so a
 * screenshot shows what the kiosk shows. Prints nothing.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_HISTORY_H
#define STRETCHREP_KIOSK_KIOSK_HISTORY_H

#include <stdbool.h>
#include <stdint.h>
#include "core/session.h"
#include "kiosk/kiosk_spool.h"
#include "store/history.h"
#include "ui/view.h"

/* Saves s (ended at ended_at, Unix seconds) with meta (NULL: none) into h
 * and fills out: saved or not, and up to UI_VIEW_PREV earlier sessions of
 * the same patient (meta->patient_id; all sessions without a patient when
 * none), oldest first. h NULL: the history could not be opened (open_rc
 * says why, 0: none wanted: out says nothing). Returns the save's 0/-errno
 * (*id the new session's id, or -1). */
int kiosk_history_record(struct history *h, int open_rc, const struct session *s,
			 const struct history_meta *meta, int64_t ended_at, int64_t *id,
			 struct ui_history *out);

/*
 * The sessions a save could not take yet (history.h: nothing of them was
 * written), kept in memory and tried again on later frames, one try per
 * call and none before its time, so a frame waits at most one save
 * (HISTORY_BUSY_TIMEOUT_MS when the history is busy). -EBUSY is tried again
 * after KIOSK_HISTORY_RETRY_S, the errors that need a person (disk full,
 * permissions) after KIOSK_HISTORY_RETRY_SLOW_S.
 *
 * With a spool (kiosk_history_queue_spool, kiosk_spool.h) each session
 * pushed is also written to disk at once, under its own save id, and
 * removed only after the history committed it; the spooled sessions of an
 * earlier run are read at the next start and saved like the others. A
 * session is saved with its save id (history_meta.save_id), so one saved
 * before a crash could remove its file is recognised (-EEXIST) and not
 * saved twice. Sessions beyond KIOSK_HISTORY_QUEUE wait on disk only and
 * are read in as the queue empties. A spool file that cannot be read is
 * renamed NAME.json.bad and said through the log hook.
 *
 * Lost only when the spool could not be written either (the same full or
 * read-only file system: spool_rc says so) and the program ends with them
 * still unsaved, or more than KIOSK_HISTORY_QUEUE wait in memory then.
 * Zero-initialise; kiosk_history_queue_free() at the end.
 */
#define KIOSK_HISTORY_QUEUE 8
#define KIOSK_HISTORY_RETRY_S 1.0
#define KIOSK_HISTORY_RETRY_SLOW_S 30.0
#define KIOSK_HISTORY_SOURCE_LEN 8

struct kiosk_history_queue {
	struct session *s[KIOSK_HISTORY_QUEUE];   /* copies, oldest first */
	struct history_meta *meta[KIOSK_HISTORY_QUEUE]; /* copies (tempo_dev_s too) */
	int64_t ended_at[KIOSK_HISTORY_QUEUE];
	char save_id[KIOSK_HISTORY_QUEUE][KIOSK_SPOOL_ID_MAX];
	char source[KIOSK_HISTORY_QUEUE][KIOSK_HISTORY_SOURCE_LEN]; /* "" : as h has it */
	bool spooled[KIOSK_HISTORY_QUEUE];        /* its file is on disk */
	int n;
	double next_try_s;                        /* on the caller's clock; < 0: unset */
	int last_rc;                              /* the last try's 0/-errno */
	/* the spool: "" none */
	char spool_dir[512];
	int spool_rc;                             /* the last spool write's 0/-errno */
	bool spool_more;                          /* files on disk not read in yet */
	/* says what happened to spool files (written, moved aside, ...);
	 * NULL: nothing said */
	void (*log)(void *ctx, const char *msg);
	void *log_ctx;
};

/* Keeps the queue's sessions in the spool beside the database at db_path
 * (kiosk_spool_dir_for) from now on, and reads the ones an earlier run
 * left there (on the next retry call, which tries them at once). 0 or
 * -ENAMETOOLONG. */
int kiosk_history_queue_spool(struct kiosk_history_queue *q, const char *db_path);

/* Keeps a copy of s and meta (NULL: none; its tempo deviations copied too)
 * ended at ended_at (Unix seconds), from source ("sensor", "demo",
 * "replay"; NULL: as the history has it), after a save failed with err;
 * with a spool, also writes it there (q->spool_rc: that write's 0/-errno,
 * said through the log). The first retry call after it sets when to try
 * (its now_s + the delay for err). 0, -ENOMEM, or -ENOSPC when the queue is
 * full and no spool took it (s is not kept). */
int kiosk_history_queue_push(struct kiosk_history_queue *q, const struct session *s,
			     const struct history_meta *meta, const char *source, int64_t ended_at,
			     int err);
/* When a try is due at now_s, saves the oldest waiting session: 1 saved
 * (*id its id, or -1 when it had been saved before, by a run that ended
 * before it could remove the spool file), 0 nothing due or nothing
 * waiting, -errno that try failed (the session stays queued, the next try
 * set by the error). */
int kiosk_history_queue_retry(struct kiosk_history_queue *q, struct history *h, double now_s,
			      int64_t *id);
/* Sessions queued in memory that are not in the spool (lost if the
 * program ends now). */
int kiosk_history_queue_unspooled(const struct kiosk_history_queue *q);
/* Frees the copies; returns how many were never saved (the spooled ones
 * among them wait on disk for the next start). */
int kiosk_history_queue_free(struct kiosk_history_queue *q);

/* A few words for the screen on why a session was not saved (history.h's
 * errors): "disk full", "read-only file system", "permission denied",
 * "its path is a directory", "the history is busy", ... */
const char *kiosk_history_why(int err);

#endif
