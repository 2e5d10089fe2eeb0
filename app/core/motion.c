// SPDX-License-Identifier: MIT
/*
 * Everything here works on the displacement of the gravity direction from the
 * reference, a 2-D vector in degrees (orient_displacement_deg), rather than
 * on a bare angle: a bare angle from a reference the person has drifted away
 * from shrinks small movements across the drift (4 deg off, a 5 deg movement
 * reads as 2.4), and it folds a swing past rest onto a rise into the stretch.
 *
 * The excursion is the distance from the resting point (where the leg was
 * last still outside a rep), signed by the movement's own axis, learnt from
 * the reps: within a cone around it, full; back past rest, negative; mostly
 * sideways, only its part along the axis; continuous in between.
 * Counting is a hysteresis on that excursion with thresholds relative to the
 * rep's own range: it starts at rep_enter_deg, and is counted once it has
 * fallen back by rep_exit_frac of its peak. A 6 deg rep after 60 deg ones
 * counts; a fidget does not: a rep must reach rep_min_peak_deg, and one well
 * under the person's range (fidget_frac of their recent reps) must have
 * lasted rep_deliberate_s, which a twitch at rest never does.
 *
 * A hold is "the tilt stays inside a circle of hold_band_deg around an
 * anchor"; the anchor settles onto the held pose (hold_anchor_tau_s) and jumps
 * whenever the leg leaves the circle. That reads a trembling or creeping leg
 * (under about hold_band_deg per hold_anchor_tau_s) as held, and an in-and-out
 * movement as moving. Yaw is left out: it drifts, and a hold may be long.
 */
#include "core/motion.h"

#include <assert.h>
#include <math.h>
#include <string.h>

const struct motion_settings motion_default_settings = MOTION_DEFAULT_SETTINGS;

void motion_init(struct motion *m, const struct motion_settings *set)
{
	memset(m, 0, sizeof(*m));
	m->set = set ? *set : motion_default_settings;
	/* a hold must be reported before it can be warned about */
	if (m->set.hold_min_s > 0.5 * m->set.hold_warn_s)
		m->set.hold_min_s = 0.5 * m->set.hold_warn_s;
	orient_init(&m->orient, &m->set.orient);
	m->phase = MOTION_UNCALIBRATED;
}

void motion_recalibrate(struct motion *m)
{
	m->recal_pending = true;
}

void motion_cancel_recalibration(struct motion *m)
{
	if (m->recal_pending) {   /* not acted on yet: nothing was dropped */
		m->recal_pending = false;
		return;
	}
	/* the reference (orient's) and rest_pt are only replaced when the
	 * stillness is found: the old ones are still there */
	if (m->phase != MOTION_UNCALIBRATED || !m->calibrated_once)
		return;
	m->phase = MOTION_REST;
	m->have_axis = m->axis_before_recal;
	m->valley_exc_deg = 0.0;
	m->valley_s = m->last_t_s;
}

double motion_hold_s(const struct motion *m)
{
	return m->holding ? m->last_t_s - m->anchor_s : 0.0;
}

/* sqrt rather than hypot: no overflow is possible with angles in degrees,
 * and hypot's care costs several times as much on this per-sample path. */
static double len2(double x, double y)
{
	return sqrt(x * x + y * y);
}

static struct motion_event *emit(struct motion_event *ev, int *n, enum motion_event_type type, double t_s)
{
	assert(*n < MOTION_MAX_EVENTS);   /* the bound is argued in motion.h */
	memset(&ev[*n], 0, sizeof(ev[*n]));
	ev[*n].type = type;
	ev[*n].t_s = t_s;
	return &ev[(*n)++];
}

static void fill_hold(const struct motion *m, struct motion_hold *h, double t_s)
{
	h->start_s = m->anchor_s;
	h->duration_s = t_s - m->anchor_s;
	h->angle_deg = m->anchor_deg;
	h->warned = m->alert == MOTION_ALERT_WARN;
}

bool motion_hold_in_progress(const struct motion *m, struct motion_hold *out)
{
	if (!m->holding || !m->hold_reported)
		return false;
	fill_hold(m, out, m->last_t_s);
	return true;
}

/* Ends the hold: it lasted until last_s, and that is reported at t_s. */
static void end_hold_at(struct motion *m, double last_s, double t_s, struct motion_event *ev, int *n)
{
	if (m->holding && m->hold_reported) {
		struct motion_event *e = emit(ev, n, MOTION_EV_HOLD_END, t_s);

		fill_hold(m, &e->hold, last_s);
	}
	m->holding = false;
	m->hold_reported = false;
	m->alert = MOTION_ALERT_NONE;
}

static void end_hold(struct motion *m, double t_s, struct motion_event *ev, int *n)
{
	end_hold_at(m, t_s, t_s, ev, n);
}

static void read_displacement(struct motion *m)
{
	orient_displacement_deg(&m->orient, m->disp);
}

static void set_anchor(struct motion *m, double t)
{
	m->anchor[0] = m->disp[0];
	m->anchor[1] = m->disp[1];
	m->anchor_deg = m->angle_deg;
	m->anchor_s = t;
}

/* The hold timer: a circle around an anchor, only while in the stretch. */
static void track_hold(struct motion *m, double t, double dt, bool in_stretch,
		       struct motion_event *ev, int *n)
{
	const struct motion_settings *st = &m->set;
	double dx = m->disp[0] - m->anchor[0], dy = m->disp[1] - m->anchor[1], held;

	if (!in_stretch || dx * dx + dy * dy > st->hold_band_deg * st->hold_band_deg) {
		end_hold(m, t, ev, n);
		set_anchor(m, t);
		if (!in_stretch)
			return;
	}
	/* The anchor settles onto where the leg is held, so the last degrees
	 * of the way in, or a slow creep, do not break a static hold; a real
	 * movement (faster than hold_band_deg per hold_anchor_tau_s) does. */
	if (m->holding) {
		double k = dt / (st->hold_anchor_tau_s + dt);

		m->anchor[0] += k * (m->disp[0] - m->anchor[0]);
		m->anchor[1] += k * (m->disp[1] - m->anchor[1]);
		m->anchor_deg += k * (m->angle_deg - m->anchor_deg);
	}
	m->holding = true;
	held = t - m->anchor_s;
	if (!m->hold_reported && held >= st->hold_min_s) {
		m->hold_reported = true;
		fill_hold(m, &emit(ev, n, MOTION_EV_HOLD_START, t)->hold, t);
	}
	if (m->alert == MOTION_ALERT_NONE && held >= st->hold_prewarn_frac * st->hold_warn_s &&
	    held < st->hold_warn_s) {
		m->alert = MOTION_ALERT_PREWARN;
		emit(ev, n, MOTION_EV_PREWARN, t);
	}
	if (m->alert != MOTION_ALERT_WARN && held >= st->hold_warn_s) {
		m->alert = MOTION_ALERT_WARN;
		fill_hold(m, &emit(ev, n, MOTION_EV_WARN, t)->hold, t);
	}
}

/*
 * Excursion of the displacement from the resting point: its length, signed
 * and shrunk by its direction against the learnt axis (before there is one,
 * the length; or, in a first rep of at least twice rep_min_peak_deg, the
 * direction to its peak serves).
 *
 * People do not repeat a movement in exactly one plane, so within a cone
 * around the axis (cosine >= EXC_CONE_COS) it is the full length, and as far
 * back past rest the full negative length. Outside the cone it is the part
 * along the axis, scaled up to meet the cone: a sideways shift (a settle on
 * the mat) reads near zero. Being min(length, along / EXC_CONE_COS), it
 * never changes faster than 1 / EXC_CONE_COS times the leg moves while the
 * axis stays put (it moves a little at each counted rep): a shift wobbling
 * across the cone's edge cannot read as the rise and fall of a rep. The
 * price: a leg held up in the stretch but swung more than about 66 deg
 * sideways (cosine 0.4) reads as having come back out.
 */
#define EXC_CONE_COS 0.8     /* within 37 deg of the axis; amplifies at most 1.25 times */

static double excursion(const struct motion *m, double *dist)
{
	double v[2], u[2], len, scaled, along = 0.0, n = 0.0;

	for (int i = 0; i < 2; i++) {
		v[i] = m->disp[i] - m->rest_pt[i];
		u[i] = m->axis[i];
	}
	if (!m->have_axis && m->in_rep &&
	    m->peak.value - m->base_exc_deg >= 2.0 * m->set.rep_min_peak_deg) {
		/* Before any rep taught the axis, a first rep that is clearly
		 * one is measured against its own: the direction from rest to
		 * its peak so far. (Someone whose leg lies a few degrees aside
		 * after the first rep has still come back out of it; a small
		 * wobble keeps the plain distance, so it is not made a rep and
		 * an axis pointing the wrong way.) */
		for (int i = 0; i < 2; i++) {
			u[i] = m->peak.disp[i] - m->rest_pt[i];
			n += u[i] * u[i];
		}
		n = sqrt(n);
		for (int i = 0; i < 2; i++)
			u[i] = n > 0.0 ? u[i] / n : 0.0;
	}
	for (int i = 0; i < 2; i++)
		along += v[i] * u[i];
	len = len2(v[0], v[1]);
	*dist = len;
	if (!m->have_axis && !(n > 0.0))
		return len;
	scaled = along * (1.0 / EXC_CONE_COS);
	return scaled > len ? len : scaled < -len ? -len : scaled;
}

/* A new top at value v, here and now. */
static void peak_start(struct motion_peak *p, const struct motion *m, double v, double angle_deg, double t)
{
	p->value = p->ref_deg = v;
	p->angle_deg = angle_deg;
	memcpy(p->disp, m->disp, sizeof(p->disp));
	p->near_from_s = p->near_to_s = t;
}

/* The top follows v up; the time near it runs from reaching within
 * hold_band_deg of the final top to the last moment there. */
static void peak_update(struct motion_peak *p, const struct motion *m, double v, double angle_deg, double t)
{
	double band = m->set.hold_band_deg;

	if (v > p->value) {
		p->value = v;
		p->angle_deg = angle_deg;
		memcpy(p->disp, m->disp, sizeof(p->disp));
		if (v - p->ref_deg > band) {
			p->near_from_s = t;
			p->ref_deg = v;
		}
	}
	if (v >= p->value - band)
		p->near_to_s = t;
}

/* The axis follows each counted rep's direction (rest -> peak), weighted
 * toward the bigger reps that define it best. */
static void learn_axis(struct motion *m)
{
	double v[2], n = 0.0, w;

	for (int i = 0; i < 2; i++) {
		v[i] = m->peak.disp[i] - m->rest_pt[i];
		n += v[i] * v[i];
	}
	n = sqrt(n);
	if (n < 1e-9)
		return;
	w = !m->have_axis ? 1.0 : n >= m->set.rep_min_peak_deg ? 0.3 : 0.05;
	for (int i = 0; i < 2; i++)
		m->axis[i] += w * (v[i] / n - m->axis[i]);
	n = len2(m->axis[0], m->axis[1]);
	for (int i = 0; i < 2; i++)
		m->axis[i] /= n;
	m->have_axis = true;
}

static void emit_rep(struct motion *m, const struct motion_rep *what, double t,
		     struct motion_event *ev, int *n)
{
	struct motion_rep *r = &emit(ev, n, MOTION_EV_REP, t)->rep;

	*r = *what;
	r->n = ++m->reps;
	r->t_s = t;
	r->duration_s = t - r->start_s;
	m->rep_since_calib = true;
}

static void count_rep(struct motion *m, double t, struct motion_event *ev, int *n)
{
	const struct motion_rep r = {
		.start_s = m->rep_start_s,
		.peak_deg = m->peak.angle_deg,
		.dwell_s = m->peak.near_to_s - m->peak.near_from_s,
	};

	emit_rep(m, &r, t, ev, n);
	learn_axis(m);
	m->off_count = 0;
}

/*
 * Out and back well away from the learnt axis (2 * rep_min_peak_deg from
 * rest, yet no rep by the axis: back past rest, or far to the side). Once
 * is a swing past rest or a shift. Twice, with no rep between, and the
 * axis is wrong: learnt from a first "rep" that was a wobble the wrong way,
 * or the exercise changed. Then both were reps: they are counted (late)
 * and the axis is learnt afresh from the second.
 */
static void track_off_axis(struct motion *m, double t, struct motion_event *ev, int *n)
{
	const struct motion_settings *st = &m->set;
	double d = m->dist_deg;

	if (!m->have_axis || m->in_rep) {
		m->off_state = MOTION_OFF_IDLE;
		return;
	}
	if (m->off_state != MOTION_OFF_OUT) {
		/* it must leave from near rest (not from a rep's way back) */
		if (d <= st->rep_enter_deg) {
			m->off_state = MOTION_OFF_ARMED;
			m->off.start_s = t;   /* the last moment near rest */
		}
		if (m->off_state == MOTION_OFF_ARMED && d >= 2.0 * st->rep_min_peak_deg) {
			m->off_state = MOTION_OFF_OUT;
			peak_start(&m->off_peak, m, d, fabs(m->angle_deg), t);
		}
		return;
	}
	peak_update(&m->off_peak, m, d, fabs(m->angle_deg), t);
	if (d >= (1.0 - st->rep_exit_frac) * m->off_peak.value)
		return;
	m->off_state = MOTION_OFF_IDLE;
	m->off.peak_deg = m->off_peak.angle_deg;
	m->off.dwell_s = m->off_peak.near_to_s - m->off_peak.near_from_s;
	if (++m->off_count < 2) {
		m->off_prev = m->off;
		return;
	}
	emit_rep(m, &m->off_prev, t, ev, n);
	emit_rep(m, &m->off, t, ev, n);
	m->peak = m->off_peak;
	m->have_axis = false;   /* learnt afresh, not blended */
	learn_axis(m);
	m->off_count = 0;
	m->valley_exc_deg = d;  /* the excursion by the new axis: about d */
	m->valley_s = t;
}

static void track_rep(struct motion *m, double t, struct motion_event *ev, int *n)
{
	const struct motion_settings *st = &m->set;
	double e = m->exc_deg, range;

	if (!m->in_rep) {
		/* below the resting point is not "more rest": a swing past rest
		 * and back is no rise into the stretch */
		if (e < m->valley_exc_deg && e >= 0.0)
			m->valley_exc_deg = e;
		/* the rep starts at the last moment the leg was still this low */
		if (e <= m->valley_exc_deg + 0.25 * st->rep_enter_deg)
			m->valley_s = t;
		if (e > m->valley_exc_deg + st->rep_enter_deg) {
			m->in_rep = true;
			m->base_exc_deg = m->valley_exc_deg;
			m->rep_start_s = m->valley_s;
			peak_start(&m->peak, m, e, m->angle_deg, t);
		}
		return;
	}
	peak_update(&m->peak, m, e, m->angle_deg, t);
	range = m->peak.value - m->base_exc_deg;
	if (e < m->peak.value - st->rep_exit_frac * range) {
		double dur = t - m->rep_start_s;
		bool big = range >= st->rep_min_peak_deg;
		bool deliberate = range >= st->fidget_frac * m->range_deg || dur >= st->rep_deliberate_s;

		if (big && deliberate && dur >= st->rep_min_s) {
			m->range_deg = m->range_deg > 0.0 ?
				m->range_deg + 0.3 * (m->peak.value - m->range_deg) : m->peak.value;
			count_rep(m, t, ev, n);
			m->in_rep = false;
		} else if (e < m->base_exc_deg + 0.5 * st->rep_enter_deg) {
			m->in_rep = false;   /* a fidget: back without a rep's range */
		}
		if (!m->in_rep) {
			m->valley_exc_deg = fmax(e, 0.0);
			m->valley_s = t;
		}
	}
}

int motion_update(struct motion *m, const struct sample *s, struct motion_event ev[MOTION_MAX_EVENTS])
{
	const struct motion_settings *st = &m->set;
	double dt, t = s->t_s;
	bool still;
	int n = 0;

	if (!isfinite(t) || (m->have_t && !(t > m->last_t_s)))
		return 0;
	dt = m->have_t ? t - m->last_t_s : 0.0;
	m->have_t = true;
	m->last_t_s = t;
	orient_update(&m->orient, s->acc_g, s->gyr_dps, dt);
	still = orient_is_still(&m->orient);

	if (m->recal_pending) {
		/* a hold in progress ends here; the rep in progress is dropped */
		end_hold(m, t, ev, &n);
		m->recal_pending = false;
		m->in_rep = false;
		if (m->phase != MOTION_UNCALIBRATED)   /* a second Calibrate keeps the first one's */
			m->axis_before_recal = m->have_axis;
		m->have_axis = false;
		m->off_state = MOTION_OFF_IDLE;
		m->off_count = 0;
		m->phase = MOTION_UNCALIBRATED;
		m->calib_from_s = t;
	}
	if (m->phase == MOTION_UNCALIBRATED) {
		/* At the start, a provisional rest from the first sample:
		 * counting waits for nobody, and the pose the leg keeps coming
		 * back to replaces it (the rest follows below). Asked for by
		 * the person (recalibrate: "hold still"), the rest is where
		 * they then hold still for calib_still_s. */
		if (!orient_started(&m->orient))
			return n;
		if (m->calibrated_once &&
		    (!still || orient_still_s(&m->orient) < st->calib_still_s ||
		     t - m->calib_from_s < st->calib_still_s)) {
			m->angle_deg = m->exc_deg = 0.0;
			return n;
		}
		orient_set_reference(&m->orient);
		m->calibrated_once = true;
		m->phase = MOTION_REST;
		m->rest_pt[0] = m->rest_pt[1] = 0.0;
		m->valley_exc_deg = 0.0;
		m->valley_s = t;
		m->rep_since_calib = false;
		emit(ev, &n, MOTION_EV_CALIBRATED, t);
	}

	read_displacement(m);
	m->exc_deg = excursion(m, &m->dist_deg);
	/* The inclination is the tilt; negative once it is clearly back past
	 * rest, against the movement. */
	m->angle_deg = len2(m->disp[0], m->disp[1]);
	if (m->have_axis) {
		/* back past rest: the tilt points over 120 deg away from the
		 * axis's tilt part (compared squared, no second sqrt) */
		double along = m->disp[0] * m->axis[0] + m->disp[1] * m->axis[1];
		double ax2 = m->axis[0] * m->axis[0] + m->axis[1] * m->axis[1];

		if (along < 0.0 && along * along > 0.25 * m->angle_deg * m->angle_deg * ax2)
			m->angle_deg = -m->angle_deg;
	}

	if (dt > SAMPLE_MAX_GAP_S) {
		/* A gap in the samples (sensor lost, a trace's jump in time) is
		 * nobody's hold: the hold in progress ends where the samples
		 * stopped, and a new one is timed from here. */
		end_hold_at(m, t - dt, t, ev, &n);
		set_anchor(m, t);
	}
	track_rep(m, t, ev, &n);
	track_off_axis(m, t, ev, &n);
	/* The hold timer runs only in the stretch: in a rep, while the leg is
	 * as far from rest as a rep must reach (rep_min_peak_deg, and
	 * fidget_frac of the person's range). A leg left a few degrees up (a
	 * settle on the mat), or back near rest before the rep is counted, is
	 * not a stretch held. */
	track_hold(m, t, dt, m->in_rep && m->exc_deg >= fmax(st->rep_min_peak_deg, st->fidget_frac * m->range_deg),
		   ev, &n);

	/* The resting point and the reference follow a still leg outside a
	 * rep: quickly before the first rep (the person gets onto the mat),
	 * slowly after (settling). Never in a rep: a hold is not a rest. The
	 * next sample sees the result (one sample late, for one less
	 * displacement per sample). */
	if (still && !m->in_rep) {
		double k = dt / (st->rest_settle_tau_s + dt);
		double f = dt / ((m->rep_since_calib ? st->rest_follow_tau_s : st->calib_still_s) + dt);

		for (int i = 0; i < 2; i++)
			m->rest_pt[i] += k * (m->disp[i] - m->rest_pt[i]);
		orient_follow_reference(&m->orient, f);
		m->rest_pt[0] *= 1.0 - f;
		m->rest_pt[1] *= 1.0 - f;
	}

	if (m->holding && m->hold_reported)
		m->phase = MOTION_HOLD;
	else if (m->in_rep)
		m->phase = MOTION_OUT;
	else
		m->phase = MOTION_REST;
	return n;
}
