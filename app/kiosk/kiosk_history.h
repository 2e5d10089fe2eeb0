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

/* Saves s (ended at ended_at, Unix seconds) into h and fills out: saved or
 * not, and up to UI_VIEW_PREV earlier sessions, oldest first. h NULL: the
 * history could not be opened (open_rc says why, 0: none wanted: out says
 * nothing). Returns the save's 0/-errno (*id the new session's id, or -1). */
int kiosk_history_record(struct history *h, int open_rc, const struct session *s, int64_t ended_at,
			 int64_t *id, struct ui_history *out);

/* A few words for the screen on why a session was not saved (history.h's
 * errors): "disk full", "read-only file system", "permission denied",
 * "its path is a directory", "the history is busy", ... */
const char *kiosk_history_why(int err);

#endif
