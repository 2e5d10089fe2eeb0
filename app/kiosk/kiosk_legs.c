// SPDX-License-Identifier: MIT
/* The second leg's session (kiosk_legs.h). */
#include "kiosk/kiosk_legs.h"

#include <errno.h>
#include <string.h>

void kiosk_leg2_start(struct kiosk_leg2 *l, struct source *src, const struct session_settings *set)
{
	l->n_sensors = source_sensors(src, l->legs);
	l->started = l->n_sensors == 2;
	l->lost = false;
	l->have_sample = false;
	if (l->started)
		session_init(&l->s, set);
}

int kiosk_leg2_poll(struct kiosk_leg2 *l, struct source *src, double now_s, bool running, int max,
		    kiosk_leg2_event_fn fn, void *ctx)
{
	int took = 0;

	if (l->n_sensors != 2)
		return 0;
	while (took < max) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		struct sample smp;
		int rc = source_poll2(src, now_s, &smp), n, reps_before;
		double work_before;

		if (rc != 1) {
			l->lost = rc < 0 && rc != -ENODATA;
			break;
		}
		took++;
		l->lost = false;
		l->have_sample = true;
		l->last_sample_now_s = now_s;
		if (!running || !l->started)
			continue;
		reps_before = session_reps(&l->s);
		work_before = session_work_s(&l->s);
		n = session_update(&l->s, &smp, ev);
		if (session_reps(&l->s) != reps_before || session_work_s(&l->s) != work_before ||
		    l->s.motion.in_rep)
			l->active = true;
		for (int i = 0; fn && i < n; i++)
			fn(ctx, l->legs[1], &ev[i], motion_hold_s(&l->s.motion));
	}
	return took;
}

void kiosk_leg2_follow(struct kiosk_leg2 *l, enum session_state st)
{
	enum session_state mine;

	if (!l->started)
		return;
	mine = session_get_state(&l->s);
	if (mine == SESSION_DONE)
		return;
	if (st == SESSION_DONE)
		session_stop(&l->s);
	else if ((st == SESSION_PAUSED) != (mine == SESSION_PAUSED))
		session_toggle_pause(&l->s);
}

static enum ui_side side_of(enum leg leg)
{
	return leg == LEG_LEFT ? UI_SIDE_LEFT : leg == LEG_RIGHT ? UI_SIDE_RIGHT : UI_SIDE_NONE;
}

enum ui_side kiosk_leg2_side(const struct kiosk_leg2 *l, int sensor)
{
	return l->started && sensor >= 0 && sensor < 2 ? side_of(l->legs[sensor]) : UI_SIDE_NONE;
}

void kiosk_leg2_view(const struct kiosk_leg2 *l, const struct session *s1, bool connected1, double now_s,
		     struct ui_view *v)
{
	const struct session *s[2] = { s1, &l->s };

	if (!l->started) {
		v->n_sensor_legs = 0;
		return;
	}
	v->n_sensor_legs = 2;
	for (int k = 0; k < 2; k++) {
		struct ui_leg *o = &v->sensor_legs[k];

		memset(o, 0, sizeof(*o));
		ui_view_fill_leg(o, s[k]);
		o->side = side_of(l->legs[k]);
		o->done = session_get_state(s[k]) == SESSION_DONE;
		o->live = !o->done;
	}
	v->sensor_legs[0].lost = !connected1;
	v->sensor_legs[1].lost = l->lost || !l->have_sample || now_s - l->last_sample_now_s > KIOSK_LEG2_SILENT_S;
	/* the two-legs screen: left then right (a sensor on no leg keeps its place) */
	v->modes.n_legs = 2;
	for (int k = 0; k < 2; k++)
		v->modes.legs[k] = v->sensor_legs[k];
	if (v->sensor_legs[0].side == UI_SIDE_RIGHT || v->sensor_legs[1].side == UI_SIDE_LEFT) {
		v->modes.legs[0] = v->sensor_legs[1];
		v->modes.legs[1] = v->sensor_legs[0];
	}
}

const struct session *kiosk_leg2_session(const struct kiosk_leg2 *l)
{
	return l->started ? &l->s : NULL;
}
