// SPDX-License-Identifier: MIT
#include <math.h>
#include "ui/view.h"

enum ui_screen ui_view_screen_for(enum session_state st)
{
	switch (st) {
	case SESSION_CALIBRATING:
		return UI_SCREEN_CALIBRATE;
	case SESSION_DONE:
		return UI_SCREEN_SUMMARY;
	case SESSION_READY:
	case SESSION_WORKING:
	case SESSION_PAUSED:
		break;
	}
	return UI_SCREEN_EXERCISE;
}

void ui_view_fill(struct ui_view *v, const struct session *s)
{
	const struct motion *m = &s->motion;
	const struct motion_settings *ms = &s->set.motion;
	int n = session_rep_log_len(s);
	double still = orient_still_s(&m->orient);

	v->paused = session_get_state(s) == SESSION_PAUSED;
	v->calib_total_s = ms->calib_still_s;
	v->calib_left_s = still >= ms->calib_still_s ? 0.0 : ms->calib_still_s - still;

	v->reps = session_reps(s);
	v->angle_deg = motion_angle_deg(m);
	v->rest_band_deg = ms->rep_enter_deg;
	/* The stretch zone: where this person's reps have been peaking (from
	 * 80 % of their mean peak), or the shortest counted rep before any. */
	v->stretch_from_deg = n > 0 ? 0.8 * s->sum_peak_deg / n : ms->rep_min_peak_deg;
	if (v->stretch_from_deg < ms->rep_min_peak_deg)
		v->stretch_from_deg = ms->rep_min_peak_deg;
	v->rep_peak_deg = motion_current_peak_deg(m);
	v->n_peaks = n < UI_VIEW_PEAKS ? n : UI_VIEW_PEAKS;
	for (int i = 0; i < v->n_peaks; i++)
		v->peaks_deg[i] = session_rep(s, n - v->n_peaks + i)->peak_deg;
	v->work_s = session_work_s(s);
	v->work_min_s = s->set.work_min_s;
	v->work_target_s = s->set.work_target_s;
	v->holding = motion_get_phase(m) == MOTION_HOLD;
	v->hold_s = motion_hold_s(m);
	v->hold_warn_s = ms->hold_warn_s;
	v->alert = motion_get_alert(m);

	session_get_summary(s, &v->summary);
	v->n_chart = n < UI_VIEW_CHART ? n : UI_VIEW_CHART;
	v->chart_first_rep = n - v->n_chart + 1;
	for (int i = 0; i < v->n_chart; i++)
		v->chart_deg[i] = session_rep(s, n - v->n_chart + i)->peak_deg;
}

void ui_view_fill_leg(struct ui_leg *l, const struct session *s)
{
	static struct ui_view v;   /* the exercise screen's numbers, the one way they are made */

	ui_view_fill(&v, s);
	l->reps = v.reps;
	l->angle_deg = v.angle_deg;
	l->rest_band_deg = v.rest_band_deg;
	l->stretch_from_deg = v.stretch_from_deg;
	l->rep_peak_deg = v.rep_peak_deg;
	l->work_s = v.work_s;
	l->work_target_s = v.work_target_s;
	l->mean_peak_deg = v.summary.mean_peak_deg;
	l->best_peak_deg = v.summary.best_peak_deg;
	l->longest_hold_s = v.summary.longest_hold_s;
	l->holding = v.holding;
	l->hold_s = v.hold_s;
	l->hold_warn_s = v.hold_warn_s;
	l->alert = v.alert;
	l->warnings = v.summary.warnings;
}
