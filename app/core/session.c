// SPDX-License-Identifier: MIT
#include "core/session.h"

#include <math.h>
#include <string.h>

const struct session_settings session_default_settings = SESSION_DEFAULT_SETTINGS;

void session_init(struct session *s, const struct session_settings *set)
{
	memset(s, 0, sizeof(*s));
	s->set = set ? *set : session_default_settings;
	motion_init(&s->motion, &s->set.motion);
	s->state = SESSION_CALIBRATING;
}

void session_restart(struct session *s)
{
	struct session_settings set = s->set;

	session_init(s, &set);
}

const char *session_state_name(enum session_state st)
{
	switch (st) {
	case SESSION_CALIBRATING: return "calibrating";
	case SESSION_READY: return "ready";
	case SESSION_WORKING: return "working";
	case SESSION_PAUSED: return "paused";
	case SESSION_DONE: return "done";
	}
	return "?";
}

void session_toggle_pause(struct session *s)
{
	if (s->state == SESSION_PAUSED)
		s->state = s->state_before_pause;
	else if (s->state != SESSION_DONE) {
		s->state_before_pause = s->state;
		s->state = SESSION_PAUSED;
	}
}

void session_recalibrate(struct session *s)
{
	motion_recalibrate(&s->motion);
	if (s->state != SESSION_DONE && s->state != SESSION_PAUSED)
		s->state = SESSION_CALIBRATING;
	else if (s->state == SESSION_PAUSED)
		s->state_before_pause = SESSION_CALIBRATING;
}

bool session_cancel_calibration(struct session *s)
{
	enum session_state back = s->n_reps ? SESSION_WORKING : SESSION_READY;

	if (s->state == SESSION_CALIBRATING)
		s->state = back;
	else if (s->state == SESSION_PAUSED && s->state_before_pause == SESSION_CALIBRATING)
		s->state_before_pause = back;
	else
		return false;
	motion_cancel_recalibration(&s->motion);
	return true;
}

static void log_rep(struct session *s, const struct motion_rep *r)
{
	if (s->n_reps < SESSION_MAX_REPS) {
		s->rep_log[s->n_reps] = *r;
		s->rep_log[s->n_reps].n = s->n_reps + 1;
	}
	s->n_reps++;
	s->sum_peak_deg += r->peak_deg;
	s->sum_rep_s += r->duration_s;
	if (r->peak_deg > s->best_peak_deg)
		s->best_peak_deg = r->peak_deg;
	s->last_rep_end_s = r->t_s;
	s->have_rep_end = true;
}

static void log_hold(struct session *s, const struct motion_hold *h)
{
	if (s->n_holds < SESSION_MAX_HOLDS)
		s->hold_log[s->n_holds] = *h;
	s->n_holds++;
	if (h->duration_s > s->longest_hold_s)
		s->longest_hold_s = h->duration_s;
}

/* The session ends: a hold still running is one the person made, and the
 * summary and history must have it (its warning is already counted). */
static void finish(struct session *s)
{
	struct motion_hold h;
	/* (holds made while paused are not the session's, as in
	 * session_update) */
	if ((s->state == SESSION_READY || s->state == SESSION_WORKING) &&
	    motion_hold_in_progress(&s->motion, &h))
		log_hold(s, &h);
	s->state = SESSION_DONE;
	s->end_s = s->t_s;
}

void session_stop(struct session *s)
{
	if (s->state != SESSION_DONE)
		finish(s);
}

/* Work is moving in and out of tension: in a rep until the leg has been
 * still long enough to be a hold (hold_min_s; a leg left a couple of degrees
 * up is no hold, and no work either), and short rests between reps. */
static bool is_work(const struct session *s, double t_s)
{
	const struct motion *m = &s->motion;

	if (m->in_rep)
		return !m->hold_reported && orient_still_s(&m->orient) < m->set.hold_min_s;
	return s->have_rep_end && t_s - s->last_rep_end_s <= s->set.rest_gap_s;
}

/* The ceiling: a pass starts when the leg reaches ceiling_deg and ends
 * when it is back below ceiling_deg - ceiling_hysteresis_deg; each pass is
 * one event (counted unless paused), with the highest angle reached in it.
 * Not while calibrating: the angle has no rest to be measured from. */
static void track_ceiling(struct session *s, bool counting)
{
	double a = motion_angle_deg(&s->motion);

	if (s->set.ceiling_deg <= 0.0 || s->state == SESSION_CALIBRATING ||
	    s->state == SESSION_DONE) {
		s->over_ceiling = false;
		return;
	}
	if (!s->over_ceiling) {
		if (a < s->set.ceiling_deg)
			return;
		s->over_ceiling = true;
		s->ceiling_pass_counted = counting;
		if (!counting)
			return;
		if (s->n_ceiling < SESSION_MAX_CEILING)
			s->ceiling_log[s->n_ceiling] = (struct session_ceiling_event){ s->t_s, a };
		s->n_ceiling++;
		return;
	}
	if (a < s->set.ceiling_deg - s->set.ceiling_hysteresis_deg) {
		s->over_ceiling = false;
		return;
	}
	/* a pass begun while paused was not counted: its peak goes nowhere */
	if (s->ceiling_pass_counted && s->n_ceiling <= SESSION_MAX_CEILING &&
	    a > s->ceiling_log[s->n_ceiling - 1].peak_deg)
		s->ceiling_log[s->n_ceiling - 1].peak_deg = a;
}

int session_update(struct session *s, const struct sample *smp, struct motion_event ev[MOTION_MAX_EVENTS])
{
	double dt;
	bool counting;
	int n;

	if (!isfinite(smp->t_s) || (s->have_t && !(smp->t_s > s->t_s)))
		return 0;
	dt = s->have_t ? smp->t_s - s->t_s : 0.0;
	if (dt > SAMPLE_MAX_GAP_S)
		dt = 0.0;   /* a gap in the samples is nobody's work */
	n = motion_update(&s->motion, smp, ev);
	s->have_t = true;
	s->t_s = smp->t_s;
	counting = s->state == SESSION_READY || s->state == SESSION_WORKING;

	for (int i = 0; i < n; i++) {
		switch (ev[i].type) {
		case MOTION_EV_CALIBRATED:
			if (s->state == SESSION_CALIBRATING)
				s->state = s->n_reps ? SESSION_WORKING : SESSION_READY;
			else if (s->state == SESSION_PAUSED &&
				 s->state_before_pause == SESSION_CALIBRATING)
				s->state_before_pause = s->n_reps ? SESSION_WORKING : SESSION_READY;
			break;
		case MOTION_EV_REP:
			if (!counting)
				break;
			if (s->n_reps == 0)
				s->start_s = ev[i].rep.start_s;
			s->state = SESSION_WORKING;
			log_rep(s, &ev[i].rep);
			break;
		case MOTION_EV_WARN:
			if (counting)
				s->n_warnings++;
			break;
		case MOTION_EV_HOLD_END:
			if (counting)
				log_hold(s, &ev[i].hold);
			break;
		default:
			break;
		}
	}

	if (s->state == SESSION_READY && s->motion.in_rep)
		s->state = SESSION_WORKING;
	track_ceiling(s, counting);
	if (s->state == SESSION_WORKING && is_work(s, s->t_s)) {
		s->work_s += dt;
		if (s->set.work_target_s > 0.0 && s->work_s >= s->set.work_target_s)
			finish(s);
	}
	return n;
}

const struct motion_rep *session_rep(const struct session *s, int i)
{
	return i >= 0 && i < session_rep_log_len(s) ? &s->rep_log[i] : NULL;
}

int session_rep_log_len(const struct session *s)
{
	return s->n_reps < SESSION_MAX_REPS ? s->n_reps : SESSION_MAX_REPS;
}

const struct motion_hold *session_hold(const struct session *s, int i)
{
	return i >= 0 && i < session_hold_log_len(s) ? &s->hold_log[i] : NULL;
}

int session_hold_log_len(const struct session *s)
{
	return s->n_holds < SESSION_MAX_HOLDS ? s->n_holds : SESSION_MAX_HOLDS;
}

void session_get_summary(const struct session *s, struct session_summary *out)
{
	double end = s->state == SESSION_DONE ? s->end_s : s->t_s;

	memset(out, 0, sizeof(*out));
	out->reps = s->n_reps;
	out->work_s = s->work_s;
	out->duration_s = s->n_reps ? end - s->start_s : 0.0;
	out->mean_peak_deg = s->n_reps ? s->sum_peak_deg / s->n_reps : 0.0;
	out->best_peak_deg = s->best_peak_deg;
	out->longest_hold_s = s->longest_hold_s;
	out->holds = s->n_holds;
	out->warnings = s->n_warnings;
	out->tempo_reps_per_min = s->work_s > 0.0 ? s->n_reps * 60.0 / s->work_s : 0.0;
	out->mean_rep_s = s->n_reps ? s->sum_rep_s / s->n_reps : 0.0;
	orient_gyro_check(&s->motion.orient, &out->gyro);
}

const struct session_ceiling_event *session_ceiling_event(const struct session *s, int i)
{
	return i >= 0 && i < session_ceiling_log_len(s) ? &s->ceiling_log[i] : NULL;
}

int session_ceiling_log_len(const struct session *s)
{
	return s->n_ceiling < SESSION_MAX_CEILING ? s->n_ceiling : SESSION_MAX_CEILING;
}
