// SPDX-License-Identifier: MIT
#include "core/massage.h"

#include <math.h>
#include <string.h>

const struct massage_settings massage_default_settings = MASSAGE_DEFAULT_SETTINGS;

void massage_init(struct massage *m, const struct massage_settings *set)
{
	memset(m, 0, sizeof(*m));
	m->set = set ? *set : massage_default_settings;
}

unsigned massage_update(struct massage *m, double t_s, bool running, const struct motion *mo)
{
	unsigned out = 0;
	double dt;
	bool held;

	if (!isfinite(t_s) || (m->have_t && !(t_s > m->t_s)))
		return 0;
	dt = m->have_t ? t_s - m->t_s : 0.0;
	if (dt > SAMPLE_MAX_GAP_S)
		dt = 0.0;
	m->have_t = true;
	m->t_s = t_s;

	held = motion_get_phase(mo) == MOTION_HOLD && motion_hold_s(mo) >= m->set.static_warn_s;
	if (held && !m->warned_this_hold) {
		m->warned_this_hold = true;
		m->stretching = true;
		m->static_warnings++;
		out |= MASSAGE_STATIC;
	}
	if (motion_get_phase(mo) != MOTION_HOLD) {
		if (m->stretching)
			out |= MASSAGE_RELAXED;
		m->stretching = false;
		m->warned_this_hold = false;
	}

	if (!running || m->done)
		return out;
	m->elapsed_s += dt;
	if (m->set.cue_every_s > 0.0) {
		int marks = (int)floor(m->elapsed_s / m->set.cue_every_s);

		if (m->elapsed_s >= m->set.duration_s)   /* the end has its own word */
			marks = m->cues;
		if (marks > m->cues) {
			m->cues = marks;
			out |= MASSAGE_CUE;
		}
	}
	if (m->elapsed_s >= m->set.duration_s) {
		m->done = true;
		out |= MASSAGE_DONE;
	}
	return out;
}
