// SPDX-License-Identifier: MIT
/* kiosk_progress — a patient's progress into the screen's arrays (kiosk_progress.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kiosk/kiosk_progress.h"
#include "store/patients.h"
#include "core/slr.h"

#define PROGRESS_MAX_SESSIONS 1024   /* the latest read: 10 a day, both legs, for 28 days is 560 */
#define PROGRESS_MAX_SLR 256

/* The local calendar day of t as a day number (days since 1970-01-01 of
 * the proleptic Gregorian calendar; Hinnant's days_from_civil), so two
 * times' days differ by whole days whatever daylight saving did. */
static long local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm))
		return 0;
	long y = tm.tm_year + 1900L - (tm.tm_mon < 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (tm.tm_mon + 10) % 12;   /* March = 0 (tm_mon: January = 0) */
	long doy = (153 * mp + 2) / 5 + tm.tm_mday - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int kiosk_progress_load(struct history *h, int64_t patient_id, int64_t now, struct ui_progress *out)
{
	struct patient p;
	struct patient_adherence adh;
	struct patient_day days[UI_PROGRESS_DAYS];
	struct patient_slr *slr = NULL;
	struct history_entry *e = NULL;
	int n_pain_b[UI_PROGRESS_DAYS] = { 0 }, n_pain_a[UI_PROGRESS_DAYS] = { 0 };
	long today = local_day(now);
	int rc, n;

	memset(out, 0, sizeof(*out));
	out->slr_mdc_deg = SLR_MDC95_ONE_RATER_DEG;
	out->slr_mdc_between_deg = SLR_MDC95_BETWEEN_RATERS_DEG;
	rc = patient_get(h, patient_id, &p);
	if (rc)
		return rc;
	snprintf(out->patient, sizeof(out->patient), "%s", p.name);

	/* sessions a day, sets once; the days [today - 27, today] */
	n = patient_sessions_per_day_range(h, patient_id, now - (int64_t)(UI_PROGRESS_DAYS - 1) * 86400, now, days,
					   UI_PROGRESS_DAYS);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		long ago = today - local_day(days[i].day_start);

		if (ago >= 0 && ago < UI_PROGRESS_DAYS)
			out->sessions[UI_PROGRESS_DAYS - 1 - ago] = days[i].sessions;
	}
	time_t first = (time_t)(now - (int64_t)(UI_PROGRESS_DAYS - 1) * 86400);
	struct tm tm;

	if (localtime_r(&first, &tm))
		strftime(out->first_day, sizeof(out->first_day), "%d %b", &tm);

	/* the sessions themselves: reps, range, work, warnings, pain */
	e = malloc(PROGRESS_MAX_SESSIONS * sizeof(*e));
	slr = malloc(PROGRESS_MAX_SLR * sizeof(*slr));
	if (!e || !slr) {
		rc = -ENOMEM;
		goto out_free;
	}
	n = patient_sessions(h, patient_id, e, PROGRESS_MAX_SESSIONS);
	if (n < 0) {
		rc = n;
		goto out_free;
	}
	for (int i = 0; i < n; i++) {
		long ago = today - local_day(e[i].started_at);
		int d = UI_PROGRESS_DAYS - 1 - (int)ago;

		if (ago < 0 || ago >= UI_PROGRESS_DAYS)
			continue;
		out->reps[d] += e[i].sum.reps;
		if (e[i].sum.best_peak_deg > out->best_deg[d])
			out->best_deg[d] = e[i].sum.best_peak_deg;
		out->work_s[d] += e[i].sum.work_s;
		out->warned[d] += e[i].sum.warnings;
		if (e[i].meta.pain_before != HISTORY_PAIN_NOT_ASKED) {
			out->pain_before[d] += e[i].meta.pain_before;
			n_pain_b[d]++;
		}
		if (e[i].meta.pain_after != HISTORY_PAIN_NOT_ASKED) {
			out->pain_after[d] += e[i].meta.pain_after;
			n_pain_a[d]++;
		}
	}
	for (int d = 0; d < UI_PROGRESS_DAYS; d++) {
		out->pain_before[d] = n_pain_b[d] ? out->pain_before[d] / n_pain_b[d] : -1.0;
		out->pain_after[d] = n_pain_a[d] ? out->pain_after[d] / n_pain_a[d] : -1.0;
	}

	/* SLR per side, the latest UI_PROGRESS_SLR, oldest first */
	for (int s = 0; s < 2; s++) {
		enum history_side side = s ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT;

		n = patient_slr_list(h, patient_id, side, slr, PROGRESS_MAX_SLR);
		if (n < 0) {
			rc = n;
			goto out_free;
		}
		int from = n > UI_PROGRESS_SLR ? n - UI_PROGRESS_SLR : 0;

		for (int i = from; i < n; i++) {
			int k = out->n_slr[s]++;

			out->slr_deg[s][k] = (slr[i].trial_deg[0] + slr[i].trial_deg[1]) / 2.0;
			out->slr_days_ago[s][k] = (int)(today - local_day(slr[i].taken_at));
		}
	}

	rc = patient_adherence(h, &p, now, &adh);
	if (!rc) {
		out->done_today = adh.done_today;
		out->per_day = adh.per_day;
		out->streak_days = adh.streak_days;
		out->streak_weeks = adh.streak_weeks;
	}
out_free:
	free(e);
	free(slr);
	return rc;
}
