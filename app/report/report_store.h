/* SPDX-License-Identifier: MIT */
/*
 * report_store — fills a report model (report_model.h) from the history
 * database (store/history.h, store/patients.h): the patient's sessions and
 * SLR results. The only file of app/report/ that reads the store.
 */
#ifndef STRETCHREP_REPORT_STORE_H
#define STRETCHREP_REPORT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "report/report_model.h"
#include "store/history.h"

/* Finds the patient called name (an active one, else the most recently
 * created archived one: a report may be asked for after a discharge) and
 * fills m with their sessions (the newest REPORT_MAX_SESSIONS charted, all
 * counted) and SLR results; generated_at = now. 0; -ENOENT no such patient;
 * -ENOMEM; or the store's -errno. why gets the reason in words. */
int report_model_fill(struct history *h, const char *name, int64_t now, struct report_model *m, char *why,
		      size_t len);

/* The same for a patient already found (the kiosk's export walks the list). */
int report_model_fill_id(struct history *h, int64_t patient_id, const char *name, int64_t now,
			 struct report_model *m, char *why, size_t len);

#endif
