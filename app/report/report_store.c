// SPDX-License-Identifier: MIT
/* report_store — the report model from the history (report_store.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "report/report_store.h"
#include "store/patients.h"

/* Sessions and SLR results read at most (counted and charted: the model
 * keeps the newest). A patient doing 3 sessions a day for 3 years. */
#define REPORT_READ_MAX 4000

static enum report_side side_of(enum history_side s)
{
	return s == HISTORY_SIDE_LEFT ? REPORT_SIDE_LEFT : s == HISTORY_SIDE_RIGHT ? REPORT_SIDE_RIGHT
										      : REPORT_SIDE_NONE;
}

int report_model_fill_id(struct history *h, int64_t patient_id, const char *name, int64_t now,
			 struct report_model *m, char *why, size_t len)
{
	struct history_entry *e = calloc(REPORT_READ_MAX, sizeof(*e));
	struct patient_slr *r = calloc(REPORT_READ_MAX, sizeof(*r));
	int n, rc = 0;

	report_model_init(m, name, now);
	if (!e || !r) {
		rc = -ENOMEM;
		snprintf(why, len, "out of memory");
		goto out;
	}
	n = history_recent_patient(h, patient_id, e, REPORT_READ_MAX);   /* newest first */
	if (n < 0) {
		rc = n;
		snprintf(why, len, "sessions: %s (%s)", strerror(-n), history_errmsg(h));
		goto out;
	}
	for (int i = n - 1; i >= 0; i--) {
		struct report_session s = {
			.started_at = e[i].started_at,
			.side = side_of(e[i].meta.side),
			.reps = e[i].sum.reps,
			.best_peak_deg = e[i].sum.best_peak_deg,
			.mean_peak_deg = e[i].sum.mean_peak_deg,
			.work_s = e[i].sum.work_s,
			.holds = e[i].sum.holds,
			.warned_holds = e[i].sum.warnings,   /* a hold warns once (session.h) */
			.pain_before = e[i].meta.pain_before < 0 ? REPORT_PAIN_NOT_ASKED : e[i].meta.pain_before,
			.pain_after = e[i].meta.pain_after < 0 ? REPORT_PAIN_NOT_ASKED : e[i].meta.pain_after,
		};

		report_model_add_session(m, &s);
	}
	n = patient_slr_list(h, patient_id, HISTORY_SIDE_NONE, r, REPORT_READ_MAX);   /* oldest first */
	if (n < 0) {
		rc = n;
		snprintf(why, len, "SLR results: %s (%s)", strerror(-n), history_errmsg(h));
		goto out;
	}
	for (int i = 0; i < n; i++) {
		struct report_slr s = {
			.taken_at = r[i].taken_at,
			.side = side_of(r[i].side),
			.trial_deg = { r[i].trial_deg[0], r[i].trial_deg[1] },
		};

		report_model_add_slr(m, &s);
	}
out:
	free(e);
	free(r);
	return rc;
}

int report_model_fill(struct history *h, const char *name, int64_t now, struct report_model *m, char *why,
		      size_t len)
{
	struct patient *p = malloc(sizeof(*p));
	int rc;

	if (!p) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	rc = patient_find(h, name, true, p);
	if (rc == -ENOENT)
		snprintf(why, len, "no patient called '%s'", name);
	else if (rc)
		snprintf(why, len, "patients: %s (%s)", strerror(-rc), history_errmsg(h));
	else
		rc = report_model_fill_id(h, p->id, p->name, now, m, why, len);
	free(p);
	return rc;
}
