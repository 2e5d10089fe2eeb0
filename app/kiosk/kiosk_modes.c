// SPDX-License-Identifier: MIT
/* kiosk_modes — left then right, the massage timer, the tempo (kiosk_modes.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kiosk/kiosk_modes.h"

/* The guide's swing on the dial before the person's own range is known
 * (their mean peak after), deg: a comfortable first stretch. */
#define KIOSK_MODES_GUIDE_DEG 30.0

void kiosk_modes_options_default(struct kiosk_modes_options *o)
{
	memset(o, 0, sizeof(*o));
	o->mode = UI_MODE_STRETCH;
	o->choose = true;
	o->massage = massage_default_settings;
}

int kiosk_modes_init(struct kiosk_modes *md, const struct kiosk_modes_options *opt)
{
	memset(md, 0, sizeof(*md));
	md->opt = *opt;
	md->chosen = md->mode = opt->mode;
	md->first = malloc(sizeof(*md->first));
	return md->first ? 0 : -ENOMEM;
}

void kiosk_modes_deinit(struct kiosk_modes *md)
{
	free(md->first);
	md->first = NULL;
}

bool kiosk_modes_choose(struct kiosk_modes *md, enum ui_cmd cmd)
{
	switch (cmd) {
	case UI_CMD_MODE_STRETCH:
		md->chosen = UI_MODE_STRETCH;
		return true;
	case UI_CMD_MODE_LEFT_RIGHT:
		md->chosen = UI_MODE_LEFT_RIGHT;
		return true;
	case UI_CMD_MODE_MASSAGE:
		md->chosen = UI_MODE_MASSAGE;
		return true;
	case UI_CMD_NEXT:   /* a station with buttons only: Next cycles, Start starts */
		if (!md->opt.choose)
			return false;
		md->chosen = (enum ui_mode)((md->chosen + 1) % UI_MODE_N);
		return true;
	default:
		return false;
	}
}

static void side_reset(struct kiosk_modes *md)
{
	md->have_t0 = false;
	md->tally[md->side] = (struct tempo_tally){ 0 };
	md->n_dev[md->side] = 0;
}

void kiosk_modes_begin(struct kiosk_modes *md, const struct session_settings *base,
		       struct session_settings *out)
{
	md->mode = md->chosen;
	md->side = 0;
	md->switching = false;
	md->have_first = false;
	side_reset(md);
	massage_init(&md->massage, &md->opt.massage);
	*out = *base;
	if (md->mode == UI_MODE_MASSAGE)
		out->work_target_s = 0.0;   /* the massage timer ends it */
}

void kiosk_modes_next_side(struct kiosk_modes *md, const struct session_settings *base,
			   struct session_settings *out)
{
	md->side = 1;
	md->switching = false;
	side_reset(md);
	*out = md->opt.have_right ? md->opt.right : *base;
}

void kiosk_modes_end_set(struct kiosk_modes *md)
{
	md->switching = false;
}

static bool counting(const struct session *s)
{
	return session_get_state(s) == SESSION_READY || session_get_state(s) == SESSION_WORKING;
}

unsigned kiosk_modes_sample(struct kiosk_modes *md, struct session *s, const struct sample *smp)
{
	unsigned cues = 0;
	int side = md->side;

	if (md->switching)
		return 0;
	if (!md->have_t0) {   /* the side's first sample: the metronome's 0 */
		md->have_t0 = true;
		md->t0_s = md->last_t_s = smp->t_s;
	} else if (!(smp->t_s > md->last_t_s)) {
		return 0;   /* as the core: time must go on */
	}
	/* the metronome ticks while the session counts */
	if (tempo_on(&md->opt.tempo) && md->mode != UI_MODE_MASSAGE && counting(s) &&
	    tempo_ticks(&md->opt.tempo, md->last_t_s - md->t0_s, smp->t_s - md->t0_s) > 0)
		cues |= KIOSK_MODES_TICK;
	md->last_t_s = smp->t_s;
	/* each rep the session logged, against the tempo */
	while (tempo_on(&md->opt.tempo) && md->n_dev[side] < session_rep_log_len(s)) {
		double d = tempo_dev_s(&md->opt.tempo, s->set.motion.rep_exit_frac,
				       session_rep(s, md->n_dev[side])->duration_s);

		md->tempo_dev[side][md->n_dev[side]++] = d;
		tempo_tally_add(&md->tally[side], d);
	}
	if (md->mode == UI_MODE_MASSAGE && session_get_state(s) != SESSION_DONE) {
		unsigned f = massage_update(&md->massage, smp->t_s, counting(s), &s->motion);

		cues |= (f & MASSAGE_CUE ? KIOSK_MODES_MASSAGE_CUE : 0u) |
			(f & MASSAGE_STATIC ? KIOSK_MODES_STATIC : 0u) |
			(f & MASSAGE_RELAXED ? KIOSK_MODES_RELAXED : 0u);
		if (f & MASSAGE_DONE)
			session_stop(s);
	}
	return cues;
}

void kiosk_modes_info(const struct kiosk_modes *md, const struct session *s, struct kiosk_mode_info *info)
{
	(void)s;
	memset(info, 0, sizeof(*info));
	info->mode = md->mode;
	info->side = md->mode == UI_MODE_LEFT_RIGHT ? (md->side ? UI_SIDE_RIGHT : UI_SIDE_LEFT) : UI_SIDE_NONE;
	info->second_half = md->mode == UI_MODE_LEFT_RIGHT && md->side == 1;
	if (tempo_on(&md->opt.tempo) && md->mode != UI_MODE_MASSAGE) {
		info->tempo_dev_s = md->tempo_dev[md->side];
		info->n_tempo_dev = md->n_dev[md->side];
	}
	info->massage_s = md->mode == UI_MODE_MASSAGE ? md->massage.elapsed_s : 0.0;
	info->static_warnings = md->mode == UI_MODE_MASSAGE ? md->massage.static_warnings : 0;
}

bool kiosk_modes_side_done(struct kiosk_modes *md, struct session *s, double now_s,
			   struct kiosk_mode_info *info)
{
	if (md->mode == UI_MODE_MASSAGE)
		s->work_s = md->massage.elapsed_s;
	kiosk_modes_info(md, s, info);
	if (md->mode != UI_MODE_LEFT_RIGHT || md->side != 0 || md->switching)
		return false;
	memcpy(md->first, s, sizeof(*s));
	md->have_first = true;
	md->switching = true;
	md->switch_since_s = now_s;
	md->switch_at_t_s = s->t_s;
	md->switch_moved = false;
	return true;
}

bool kiosk_modes_switch_due(struct kiosk_modes *md, const struct session *s, bool auto_go)
{
	double still = orient_still_s(&s->motion.orient);

	if (!md->switching)
		return false;
	if (auto_go)
		return true;
	/* the strap comes off one thigh and onto the other: the sensor moves
	 * (no stillness), then lies still on the new leg */
	if (still < 0.5)
		md->switch_moved = true;
	return md->switch_moved && s->t_s - md->switch_at_t_s >= KIOSK_MODES_SWITCH_MIN_S &&
	       still >= KIOSK_MODES_SWITCH_STILL_S;
}

static void leg_from(struct ui_leg *l, const struct session *s, enum ui_side side, bool live)
{
	struct session_summary sum;
	const struct motion *m = &s->motion;
	int n = session_rep_log_len(s);

	session_get_summary(s, &sum);
	memset(l, 0, sizeof(*l));
	l->side = side;
	l->live = live;
	l->done = session_get_state(s) == SESSION_DONE;
	l->reps = sum.reps;
	l->work_s = sum.work_s;
	l->work_target_s = s->set.work_target_s;
	l->mean_peak_deg = sum.mean_peak_deg;
	l->best_peak_deg = sum.best_peak_deg;
	l->longest_hold_s = sum.longest_hold_s;
	l->warnings = sum.warnings;
	l->rest_band_deg = s->set.motion.rep_enter_deg;
	l->stretch_from_deg = n > 0 ? fmax(0.8 * s->sum_peak_deg / n, s->set.motion.rep_min_peak_deg) :
				      s->set.motion.rep_min_peak_deg;
	l->hold_warn_s = s->set.motion.hold_warn_s;
	if (live) {
		l->angle_deg = motion_angle_deg(m);
		l->rep_peak_deg = motion_current_peak_deg(m);
		l->holding = motion_get_phase(m) == MOTION_HOLD;
		l->hold_s = motion_hold_s(m);
		l->alert = motion_get_alert(m);
	}
}

void kiosk_modes_view(const struct kiosk_modes *md, const struct session *s, bool started,
		      double start_screen_s, struct ui_view *v)
{
	struct ui_modes *o = &v->modes;
	const struct tempo_settings *tp = &md->opt.tempo;
	int side = md->side;

	memset(o, 0, sizeof(*o));
	o->mode = started ? md->mode : md->chosen;
	o->choose = md->opt.choose && !started;
	o->side = md->mode == UI_MODE_LEFT_RIGHT && started ? (side ? UI_SIDE_RIGHT : UI_SIDE_LEFT) : UI_SIDE_NONE;
	o->switching = started && md->switching;
	o->switch_still_need_s = KIOSK_MODES_SWITCH_STILL_S;
	if (o->switching && md->switch_moved)
		o->switch_still_s = orient_still_s(&s->motion.orient);

	o->massage_total_s = md->opt.massage.duration_s;
	o->massage_cue_s = md->opt.massage.cue_every_s;
	if (started && md->mode == UI_MODE_MASSAGE) {
		o->massage_s = md->massage.elapsed_s;
		o->leg_at_rest = massage_leg_at_rest(&s->motion);
		o->static_stretch = md->massage.stretching;
		o->static_warnings = md->massage.static_warnings;
	}

	if (tempo_on(tp) && o->mode != UI_MODE_MASSAGE) {
		int n = session_rep_log_len(s);
		double amp = started && n > 0 ? s->sum_peak_deg / n : KIOSK_MODES_GUIDE_DEG;

		o->tempo_out_s = tp->out_s;
		o->tempo_in_s = tp->in_s;
		o->tempo_demo_live = !started && start_screen_s < KIOSK_MODES_DEMO_S;
		/* standing, the leg is drawn half-way up: a still picture of the movement */
		o->tempo_demo_frac = o->tempo_demo_live ? tempo_guide_frac(tp, start_screen_s) : 0.5;
		if (started && md->have_t0 && counting(s)) {
			o->tempo_guide_deg = amp * tempo_guide_frac(tp, md->last_t_s - md->t0_s);
			o->tempo_going_out = tempo_going_out(tp, md->last_t_s - md->t0_s);
		}
		o->tempo_n = md->tally[side].n;
		o->tempo_last_dev_s = md->tally[side].last_dev_s;
		o->tempo_mean_dev_s = tempo_tally_mean_s(&md->tally[side]);
		o->tempo_mean_abs_dev_s = tempo_tally_mean_abs_s(&md->tally[side]);
	}

	/* the right side beside the left's result */
	if (started && md->mode == UI_MODE_LEFT_RIGHT && md->have_first && side == 1) {
		o->n_legs = 2;
		leg_from(&o->legs[0], md->first, UI_SIDE_LEFT, false);
		leg_from(&o->legs[1], s, UI_SIDE_RIGHT, session_get_state(s) != SESSION_DONE);
		for (int i = 0; i < 2 && tempo_on(tp); i++) {
			o->legs[i].tempo_n = md->tally[i].n;
			o->legs[i].tempo_mean_dev_s = tempo_tally_mean_s(&md->tally[i]);
		}
	}
}

static const char *const mode_names[UI_MODE_N] = {
	[UI_MODE_STRETCH] = "stretch", [UI_MODE_LEFT_RIGHT] = "left-right", [UI_MODE_MASSAGE] = "massage",
};

void kiosk_modes_summary_json(const struct kiosk_modes *md, const struct session *s, FILE *f)
{
	const struct tempo_settings *tp = &md->opt.tempo;

	if (md->mode != UI_MODE_STRETCH)
		fprintf(f, ", \"mode\": \"%s\"", mode_names[md->mode]);
	if (md->mode == UI_MODE_MASSAGE)
		fprintf(f, ", \"massage_s\": %.2f, \"static_warnings\": %d", md->massage.elapsed_s,
			md->massage.static_warnings);
	if (md->mode == UI_MODE_LEFT_RIGHT) {
		struct session_summary l, r;

		session_get_summary(s, &r);
		fprintf(f, ", \"side\": \"%s\"", md->side ? "right" : "left");
		if (md->have_first && md->side == 1) {
			session_get_summary(md->first, &l);
			fprintf(f, ", \"left\": {\"reps\": %d, \"work_s\": %.2f, \"mean_peak_deg\": %.1f, "
				"\"best_peak_deg\": %.1f, \"warnings\": %d}", l.reps, l.work_s, l.mean_peak_deg,
				l.best_peak_deg, l.warnings);
			fprintf(f, ", \"asymmetry\": {\"reps\": %d, \"reps_pct\": %.1f, \"best_peak_deg\": %.1f, "
				"\"best_peak_pct\": %.1f}", r.reps - l.reps,
				l.reps ? 100.0 * (r.reps - l.reps) / l.reps : 0.0, r.best_peak_deg - l.best_peak_deg,
				l.best_peak_deg > 0 ? 100.0 * (r.best_peak_deg - l.best_peak_deg) / l.best_peak_deg : 0.0);
		}
	}
	if (tempo_on(tp) && md->mode != UI_MODE_MASSAGE)
		fprintf(f, ", \"tempo_out_s\": %.2f, \"tempo_in_s\": %.2f, \"tempo_mean_dev_s\": %.2f, "
			"\"tempo_mean_abs_dev_s\": %.2f", tp->out_s, tp->in_s, tempo_tally_mean_s(&md->tally[md->side]),
			tempo_tally_mean_abs_s(&md->tally[md->side]));
}
