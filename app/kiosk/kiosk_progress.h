/* SPDX-License-Identifier: MIT */
/*
 * kiosk_progress — one patient's progress for the progress screen
 * (ui/screen_progress.h), read from the patients' store (store/patients.h)
 * into the screen's plain arrays: the SLR results per side, the last
 * UI_PROGRESS_DAYS local days' sessions (sets of both legs once), reps,
 * best range, work time, warned holds and mean pain before and after, and
 * the adherence ("today 1 of 2", the streaks). Prints nothing.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_PROGRESS_H
#define STRETCHREP_KIOSK_KIOSK_PROGRESS_H

#include <stdint.h>
#include "store/history.h"
#include "ui/screen_progress.h"

/* Fills out for patient_id as of now (Unix s; the days are the process's
 * local days, as patients.h counts them). 0, -ENOENT (no such patient),
 * -ENOMEM, or the store's -errno; out is zeroed first whatever happens. */
int kiosk_progress_load(struct history *h, int64_t patient_id, int64_t now, struct ui_progress *out);

#endif
