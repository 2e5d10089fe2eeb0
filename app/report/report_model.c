// SPDX-License-Identifier: MIT
/* report_model — the report as plain data (report_model.h). */
#include <string.h>
#include "report/report_model.h"

void report_model_init(struct report_model *m, const char *patient, int64_t generated_at)
{
	size_t n = strlen(patient);

	memset(m, 0, sizeof(*m));
	if (n >= sizeof(m->patient)) {
		n = sizeof(m->patient) - 1;
		while (n > 0 && ((unsigned char)patient[n] & 0xc0) == 0x80)   /* not mid-character */
			n--;
	}
	memcpy(m->patient, patient, n);
	m->patient[n] = '\0';
	m->generated_at = generated_at;
}

void report_model_add_session(struct report_model *m, const struct report_session *s)
{
	if (m->n_sessions == REPORT_MAX_SESSIONS) {
		memmove(&m->sessions[0], &m->sessions[1], sizeof(m->sessions[0]) * (REPORT_MAX_SESSIONS - 1));
		m->n_sessions--;
	}
	m->sessions[m->n_sessions++] = *s;
	m->total_sessions++;
}

void report_model_add_slr(struct report_model *m, const struct report_slr *r)
{
	if (m->n_slr == REPORT_MAX_SLR) {
		memmove(&m->slr[0], &m->slr[1], sizeof(m->slr[0]) * (REPORT_MAX_SLR - 1));
		m->n_slr--;
	}
	m->slr[m->n_slr++] = *r;
	m->total_slr++;
}

bool report_model_range(const struct report_model *m, int64_t *from, int64_t *to)
{
	bool any = false;

	for (int i = 0; i < m->n_sessions + m->n_slr; i++) {
		int64_t t = i < m->n_sessions ? m->sessions[i].started_at : m->slr[i - m->n_sessions].taken_at;

		if (!any || t < *from)
			*from = t;
		if (!any || t > *to)
			*to = t;
		any = true;
	}
	return any;
}

double report_slr_mean(const struct report_slr *r)
{
	return (r->trial_deg[0] + r->trial_deg[1]) / 2.0;
}

void report_slr_band(const struct report_slr *r, double *lo, double *hi)
{
	*lo = r->trial_deg[0] < r->trial_deg[1] ? r->trial_deg[0] : r->trial_deg[1];
	*hi = r->trial_deg[0] < r->trial_deg[1] ? r->trial_deg[1] : r->trial_deg[0];
}
