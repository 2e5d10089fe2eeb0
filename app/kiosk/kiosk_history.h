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

#include <stdint.h>
#include "core/session.h"
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
 * permissions) after KIOSK_HISTORY_RETRY_SLOW_S. Lost only when the program
 * ends with them still unsaved, or when more than KIOSK_HISTORY_QUEUE wait
 * (the newest is then not kept; kiosk_history_queue_push says so).
 * Zero-initialise; kiosk_history_queue_free() at the end.
 */
#define KIOSK_HISTORY_QUEUE 8
#define KIOSK_HISTORY_RETRY_S 1.0
#define KIOSK_HISTORY_RETRY_SLOW_S 30.0

struct kiosk_history_queue {
	struct session *s[KIOSK_HISTORY_QUEUE];   /* copies, oldest first */
	struct history_meta *meta[KIOSK_HISTORY_QUEUE]; /* copies (tempo_dev_s too), NULL: none */
	int64_t ended_at[KIOSK_HISTORY_QUEUE];
	int n;
	double next_try_s;                        /* on the caller's clock; < 0: unset */
	int last_rc;                              /* the last try's 0/-errno */
};

/* Keeps a copy of s and meta (NULL: none; its tempo deviations copied too)
 * ended at ended_at (Unix seconds) after a save failed with err; the first
 * retry call after it sets when to try (its now_s + the delay for err). 0,
 * -ENOMEM, or -ENOSPC when the queue is full (s is not kept). */
int kiosk_history_queue_push(struct kiosk_history_queue *q, const struct session *s,
			     const struct history_meta *meta, int64_t ended_at, int err);
/* When a try is due at now_s, saves the oldest waiting session: 1 saved
 * (*id its id), 0 nothing due or nothing waiting, -errno that try failed
 * (the session stays queued, the next try set by the error). */
int kiosk_history_queue_retry(struct kiosk_history_queue *q, struct history *h, double now_s,
			      int64_t *id);
/* Frees the copies; returns how many were never saved. */
int kiosk_history_queue_free(struct kiosk_history_queue *q);

/* A few words for the screen on why a session was not saved (history.h's
 * errors): "disk full", "read-only file system", "permission denied",
 * "its path is a directory", "the history is busy", ... */
const char *kiosk_history_why(int err);

#endif
