// SPDX-License-Identifier: MIT
/*
 * Rep counting is a hysteresis (Schmitt) detector on the inclination whose
 * thresholds are relative to this rep's own extremes, not fixed angles: a rep
 * starts when the leg rises rep_enter_deg above the lowest point since the
 * last rep, and is counted once it has fallen back by rep_exit_frac of its
 * own range. That is what lets a 6 deg rep after 60 deg ones count while a
 * 2 deg fidget does not, and it needs no notion of absolute zero, so a rest
 * pose that creeps does not break it.
 *
 * A hold is "the angle stays inside a band of hold_band_deg around an anchor";
 * the anchor moves whenever the angle leaves the band. That reads a trembling
 * but static leg as still, and a slow steady movement as moving.
 */
#include "core/motion.h"

#include <math.h>
#include <string.h>

const struct motion_settings motion_default_settings = {
	.calib_still_s = 1.0,
	.rep_enter_deg = 4.0,
	.rep_min_peak_deg = 5.0,
	.rep_exit_frac = 0.5,
	.rep_min_s = 0.4,
	.hold_band_deg = 3.0,
	.hold_min_s = 1.5,
	.hold_warn_s = 10.0,
	.hold_prewarn_frac = 0.6,
	.rest_follow_tau_s = 20.0,
};

void motion_init(struct motion *m, const struct motion_settings *set)
{
	memset(m, 0, sizeof(*m));
	m->set = set ? *set : motion_default_settings;
	m->set.orient = set ? set->orient : orient_default_settings;
	orient_init(&m->orient, &m->set.orient);
	m->phase = MOTION_UNCALIBRATED;
}

void motion_recalibrate(struct motion *m)
{
	m->phase = MOTION_UNCALIBRATED;
	m->in_rep = false;
	m->holding = false;
	m->alert = MOTION_ALERT_NONE;
}

const char *motion_phase_name(enum motion_phase p)
{
	switch (p) {
	case MOTION_UNCALIBRATED: return "uncalibrated";
	case MOTION_REST: return "rest";
	case MOTION_OUT: return "moving";
	case MOTION_HOLD: return "hold";
	}
	return "?";
}

double motion_hold_s(const struct motion *m)
{
	return m->holding ? m->last_t_s - m->anchor_s : 0.0;
}

static void emit(struct motion_event *ev, int *n, enum motion_event_type type, double t_s)
{
	if (*n >= MOTION_MAX_EVENTS)
		return;
	memset(&ev[*n], 0, sizeof(ev[*n]));
	ev[*n].type = type;
	ev[*n].t_s = t_s;
	(*n)++;
}

static void end_hold(struct motion *m, double t_s, struct motion_event *ev, int *n)
{
	double dur = t_s - m->anchor_s;

	if (m->holding && m->hold_reported) {
		emit(ev, n, MOTION_EV_HOLD_END, t_s);
		if (*n > 0 && ev[*n - 1].type == MOTION_EV_HOLD_END) {
			ev[*n - 1].hold.start_s = m->anchor_s;
			ev[*n - 1].hold.duration_s = dur;
			ev[*n - 1].hold.angle_deg = m->anchor_deg;
			ev[*n - 1].hold.warned = m->alert == MOTION_ALERT_WARN;
		}
		if (dur > m->longest_hold_s)
			m->longest_hold_s = dur;
	}
	m->holding = false;
	m->hold_reported = false;
	m->alert = MOTION_ALERT_NONE;
}

/* The hold timer: a band around an anchor, only while in the stretch. */
static void track_hold(struct motion *m, double t, double a, bool in_stretch,
		       struct motion_event *ev, int *n)
{
	const struct motion_settings *st = &m->set;
	double held;

	if (!in_stretch) {
		end_hold(m, t, ev, n);
		m->anchor_deg = a;
		m->anchor_s = t;
		return;
	}
	if (fabs(a - m->anchor_deg) > st->hold_band_deg) {
		end_hold(m, t, ev, n);
		m->anchor_deg = a;
		m->anchor_s = t;
	}
	m->holding = true;
	held = t - m->anchor_s;
	if (!m->hold_reported && held >= st->hold_min_s) {
		m->hold_reported = true;
		emit(ev, n, MOTION_EV_HOLD_START, t);
		ev[*n - 1].hold.start_s = m->anchor_s;
		ev[*n - 1].hold.angle_deg = m->anchor_deg;
	}
	if (m->alert == MOTION_ALERT_NONE && held >= st->hold_prewarn_frac * st->hold_warn_s &&
	    held < st->hold_warn_s) {
		m->alert = MOTION_ALERT_PREWARN;
		emit(ev, n, MOTION_EV_PREWARN, t);
	}
	if (m->alert != MOTION_ALERT_WARN && held >= st->hold_warn_s) {
		m->alert = MOTION_ALERT_WARN;
		m->warnings++;
		emit(ev, n, MOTION_EV_WARN, t);
		ev[*n - 1].hold.start_s = m->anchor_s;
		ev[*n - 1].hold.duration_s = held;
		ev[*n - 1].hold.angle_deg = m->anchor_deg;
		ev[*n - 1].hold.warned = true;
	}
}

int motion_update(struct motion *m, const struct sample *s, struct motion_event ev[MOTION_MAX_EVENTS])
{
	const struct motion_settings *st = &m->set;
	double dt, t = s->t_s, a;
	bool still, in_stretch;
	int n = 0;

	if (m->have_t && !(t > m->last_t_s))
		return 0;
	dt = m->have_t ? t - m->last_t_s : 0.0;
	m->have_t = true;
	m->last_t_s = t;
	orient_update(&m->orient, s->acc_g, s->gyr_dps, dt);
	still = orient_is_still(&m->orient);

	if (m->phase == MOTION_UNCALIBRATED) {
		if (!still || orient_still_s(&m->orient) < st->calib_still_s) {
			m->angle_deg = 0.0;
			return 0;
		}
		orient_set_reference(&m->orient);
		m->phase = MOTION_REST;
		m->valley_deg = 0.0;
		m->valley_s = t;
		emit(ev, &n, MOTION_EV_CALIBRATED, t);
	}

	/* Rest is re-learnt while no rep has begun, and followed as the person
	 * settles; never while in a rep, so a hold can not become the rest. */
	if (!m->in_rep && still) {
		double tau = m->reps == 0 ? st->calib_still_s : st->rest_follow_tau_s;
		double near = m->reps == 0 ? 180.0 : fmax(st->rep_enter_deg, 0.35 * m->last_peak_deg);

		if (orient_angle_deg(&m->orient) <= near)
			orient_follow_reference(&m->orient, dt / (tau + dt));
	}
	a = orient_angle_deg(&m->orient);
	m->angle_deg = a;

	if (!m->in_rep) {
		if (a < m->valley_deg) {
			m->valley_deg = a;
			m->valley_s = t;
		} else if (still) {
			/* The resting level may creep up; let the valley follow it. */
			m->valley_deg += (a - m->valley_deg) * dt / (st->rest_follow_tau_s + dt);
		}
		if (a > m->valley_deg + st->rep_enter_deg) {
			m->in_rep = true;
			m->rep_base_deg = m->valley_deg;
			m->rep_start_s = m->valley_s;
			m->peak_deg = a;
			m->near_peak_from_s = m->near_peak_to_s = t;
			m->near_peak_ref_deg = a;
		}
	} else {
		double range;

		if (a > m->peak_deg) {
			m->peak_deg = a;
			if (a - m->near_peak_ref_deg > st->hold_band_deg) {
				m->near_peak_from_s = t;
				m->near_peak_ref_deg = a;
			}
		}
		if (a >= m->peak_deg - st->hold_band_deg)
			m->near_peak_to_s = t;
		range = m->peak_deg - m->rep_base_deg;
		if (a < m->peak_deg - st->rep_exit_frac * range) {
			if (range >= st->rep_min_peak_deg && t - m->rep_start_s >= st->rep_min_s) {
				emit(ev, &n, MOTION_EV_REP, t);
				struct motion_rep *r = &ev[n - 1].rep;

				r->n = ++m->reps;
				r->start_s = m->rep_start_s;
				r->t_s = t;
				r->peak_deg = m->peak_deg;
				r->dwell_s = m->near_peak_to_s - m->near_peak_from_s;
				r->duration_s = t - m->rep_start_s;
				m->last_peak_deg = m->peak_deg;
				m->in_rep = false;
				m->valley_deg = a;
				m->valley_s = t;
			} else if (a < m->rep_base_deg + 0.5 * st->rep_enter_deg) {
				/* A fidget: it came back without reaching a rep's range. */
				m->in_rep = false;
				m->valley_deg = a;
				m->valley_s = t;
			}
		}
	}

	in_stretch = m->in_rep || a >= fmax(st->rep_enter_deg, 0.35 * m->last_peak_deg);
	track_hold(m, t, a, in_stretch, ev, &n);

	if (m->holding && m->hold_reported)
		m->phase = MOTION_HOLD;
	else if (m->in_rep)
		m->phase = MOTION_OUT;
	else
		m->phase = MOTION_REST;
	return n;
}
