// SPDX-License-Identifier: MIT
/*
 * The kiosk's modes driven through its input functions on a simulated
 * clock, against the virtual patient's truth:
 *  - left then right with one sensor: each side's count is the patient's
 *    own (reps completed while that side ran), the sensor strapped on the
 *    right thigh at another angle (a fixed turn of its frame) is re-zeroed
 *    by the fresh core, both halves reach the history hook with their side;
 *  - the massage timer ends at its time, warns on a static stretch and
 *    never on a leg at rest;
 *  - the tempo: each logged deviation is the rep's duration against
 *    out + in / 2 (closed form; the counting moment is half-way back);
 *  - the start screen's choice: Next cycles, a tap on a choice picks it;
 *  - the left ending mid-rep by its work target: no event of it after its
 *    end, and the switch at the same sample whatever a step brings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "core/sim.h"
#include "kiosk/kiosk.h"
#include "kiosk/scene.h"
#include "testutil.h"

#define FRAME_S (1.0 / 60.0)

/* The virtual patient as a live sensor, its truth at hand; from `turned`
 * on, the sensor's frame is turned 70 deg about (1, 1, 0)/sqrt 2: the
 * strap put on the other thigh another way (acc and gyro alike, as a
 * rigid remount does). With carry_s > 0, the turn takes that long from
 * carry_t0_s, the gyro seeing it: the sensor carried across. */
#define TURN_DEG 70.0
struct patient {
	struct sim sim;
	struct sample next;
	bool have_next;
	bool turned;
	double carry_t0_s, carry_s;
};

/* Rodrigues: the turn by a degrees about (1, 1, 0)/sqrt 2. */
static void turn_matrix(double a_deg, double R[3][3])
{
	const double a = a_deg * M_PI / 180.0, c = cos(a), s = sin(a), u = 1.0 / sqrt(2.0);
	const double k[3] = { u, u, 0.0 };

	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			R[i][j] = (i == j ? c : 0.0) + (1 - c) * k[i] * k[j];
	R[0][1] -= s * k[2]; R[0][2] += s * k[1];
	R[1][0] += s * k[2]; R[1][2] -= s * k[0];
	R[2][0] -= s * k[1]; R[2][1] += s * k[0];
}

static void rotate(const double R[3][3], double v[3])
{
	double o[3];

	for (int i = 0; i < 3; i++)
		o[i] = R[i][0] * v[0] + R[i][1] * v[1] + R[i][2] * v[2];
	memcpy(v, o, sizeof(o));
}

static int patient_poll(void *impl, double now_s, struct sample *out)
{
	struct patient *p = impl;

	if (!p->have_next) {
		if (!sim_next(&p->sim, &p->next))
			return -ENODATA;
		p->have_next = true;
	}
	if (p->next.t_s > now_s)
		return 0;
	*out = p->next;
	p->have_next = false;
	if (p->turned) {
		double f = p->carry_s > 0 ? (out->t_s - p->carry_t0_s) / p->carry_s : 1.0, R[3][3];

		f = f < 0 ? 0 : f > 1 ? 1 : f;
		turn_matrix(TURN_DEG * f, R);
		rotate(R, out->acc_g);
		rotate(R, out->gyr_dps);
		if (f > 0 && f < 1)   /* the turn itself, as the gyro sees it */
			for (int i = 0; i < 2; i++)
				out->gyr_dps[i] += TURN_DEG / p->carry_s / sqrt(2.0);
	}
	return 1;
}

static void patient_status(void *impl, struct source_status *st)
{
	(void)impl;
	memset(st, 0, sizeof(*st));
	st->connected = true;
	snprintf(st->what, sizeof(st->what), "virtual patient");
}

static void patient_close(void *impl)
{
	(void)impl;
}

static const struct source_ops patient_ops = {
	.poll = patient_poll, .status = patient_status, .close = patient_close,
};

static void patient_init(struct patient *p, enum sim_scenario sc, uint64_t seed)
{
	struct sim_settings set = sim_default_settings;

	memset(p, 0, sizeof(*p));
	set.scenario = sc;
	set.seed = seed;
	sim_init(&p->sim, &set);
}

struct halves {
	int n;
	struct kiosk_mode_info info[4];
	int reps[4];
	double massage_s;
	int static_warnings;
	int tempo_n;
	double dev[SESSION_MAX_REPS], dur[SESSION_MAX_REPS];
	double rep_exit_frac;
};

static void on_info(void *ctx, const struct kiosk_mode_info *info)
{
	struct halves *h = ctx;

	if (h->n < 4)
		h->info[h->n] = *info;
	h->massage_s = info->massage_s;
	h->static_warnings = info->static_warnings;
	h->tempo_n = info->n_tempo_dev;
	for (int i = 0; i < info->n_tempo_dev && i < SESSION_MAX_REPS; i++)
		h->dev[i] = info->tempo_dev_s[i];
}

static void on_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct halves *h = ctx;

	(void)out;
	if (h->n < 4)
		h->reps[h->n] = session_reps(s);
	for (int i = 0; i < session_rep_log_len(s); i++)
		h->dur[i] = session_rep(s, i)->duration_s;
	h->rep_exit_frac = s->set.motion.rep_exit_frac;
	h->n++;
}

static struct kiosk *modes_kiosk(struct patient *p, struct kiosk_options *ko, struct halves *h)
{
	struct kiosk_hooks hooks = { .ctx = h, .mode_info = on_info, .session_finished = on_finished };
	struct source *src;
	struct kiosk *k;

	ko->mute = true;
	assert_int_equal(source_wrap(&src, &patient_ops, p), 0);
	assert_int_equal(kiosk_new(&k, ko, src, &hooks), 0);
	return k;
}

/* Steps until the patient rests after at least min_reps more completed
 * reps (truth), half a second after the last came back. */
static void until_rest(struct kiosk *k, struct patient *p, double *now, int from_reps, int min_reps)
{
	for (int i = 0; i < 600 * 60; i++) {
		const struct sim_truth *t = sim_get_truth(&p->sim);

		if (t->reps - from_reps >= min_reps && t->phase == SIM_PH_REST && t->last_rep_end_s >= 0 &&
		    p->sim.t_s - t->last_rep_end_s > 0.5)
			return;
		*now += FRAME_S;
		assert_int_equal(kiosk_step(k, *now), 0);
	}
	fail_msg("the patient never rested after %d reps", min_reps);
}

static void left_then_right_counts_each_side(void **state)
{
	for (uint64_t seed = 1; seed <= 3; seed++) {
		struct patient *p = test_malloc(sizeof(*p));
		struct kiosk_options ko;
		struct halves h = { 0 };
		struct kiosk *k;
		double now = 0.0;
		int left_truth, right_from, right_truth;

		(void)state;
		patient_init(p, SIM_DYNAMIC, seed);
		kiosk_options_default(&ko);
		ko.set.work_target_s = 0;   /* the sides end by Next and Finish, at rest */
		k = modes_kiosk(p, &ko, &h);
		kiosk_command(k, UI_CMD_MODE_LEFT_RIGHT);
		kiosk_command(k, UI_CMD_START_PAUSE);
		until_rest(k, p, &now, 0, 8);
		left_truth = sim_get_truth(&p->sim)->reps;
		kiosk_command(k, UI_CMD_NEXT);   /* done with the left */
		assert_int_equal(kiosk_step(k, now), 0);
		assert_true(kiosk_view(k)->modes.switching);
		assert_int_equal(h.n, 1);
		assert_int_equal(h.info[0].side, UI_SIDE_LEFT);
		assert_false(h.info[0].second_half);
		assert_int_equal(h.reps[0], left_truth);

		/* the strap goes onto the right thigh, turned; the leg moves on */
		p->turned = true;
		until_rest(k, p, &now, left_truth, 1);
		right_from = sim_get_truth(&p->sim)->reps;
		kiosk_command(k, UI_CMD_START_PAUSE);   /* "Start": the right side */
		assert_int_equal(kiosk_step(k, now), 0);
		assert_false(kiosk_view(k)->modes.switching);
		assert_int_equal(kiosk_view(k)->modes.side, UI_SIDE_RIGHT);
		assert_int_equal(kiosk_view(k)->reps, 0);
		until_rest(k, p, &now, right_from, 11);
		right_truth = sim_get_truth(&p->sim)->reps - right_from;
		assert_int_equal(kiosk_view(k)->modes.n_legs, 2);
		assert_int_equal(kiosk_view(k)->modes.legs[0].reps, left_truth);
		kiosk_command(k, UI_CMD_FINISH);
		kiosk_command(k, UI_CMD_FINISH);   /* confirmed */
		now += FRAME_S;
		kiosk_step(k, now);
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
		assert_int_equal(h.n, 2);
		assert_int_equal(h.info[1].side, UI_SIDE_RIGHT);
		assert_true(h.info[1].second_half);
		assert_int_equal(h.reps[1], right_truth);
		assert_int_equal(kiosk_view(k)->modes.legs[0].reps, left_truth);
		assert_int_equal(kiosk_view(k)->modes.legs[1].reps, right_truth);
		print_message("seed %d: left %d reps, right %d reps (truth and kiosk)\n", (int)seed, left_truth,
			      right_truth);
		kiosk_free(k);
		test_free(p);
	}
}

/* Held still on the new thigh, the right side begins by itself (no
 * button: a one-button station at arm's length). */
static void switch_continues_when_still(void **state)
{
	struct patient *p = test_malloc(sizeof(*p));
	struct kiosk_options ko;
	struct halves h = { 0 };
	struct kiosk *k;
	double now = 0.0, switched;

	(void)state;
	patient_init(p, SIM_IDLE, 4);   /* still, a fidget now and then */
	kiosk_options_default(&ko);
	k = modes_kiosk(p, &ko, &h);
	kiosk_command(k, UI_CMD_MODE_LEFT_RIGHT);
	kiosk_command(k, UI_CMD_START_PAUSE);
	for (int i = 0; i < 120; i++) {
		now += FRAME_S;
		kiosk_step(k, now);
	}
	kiosk_command(k, UI_CMD_FINISH_NOW);
	now += FRAME_S;
	kiosk_step(k, now);
	assert_true(kiosk_view(k)->modes.switching);
	switched = now;
	/* the sensor is carried across for 2 s, then lies on the new thigh */
	p->turned = true;
	p->carry_t0_s = p->sim.t_s + 1.0;
	p->carry_s = 2.0;
	for (int i = 0; i < 60 * 60 && kiosk_view(k)->modes.switching; i++) {
		now += FRAME_S;
		kiosk_step(k, now);
	}
	/* not before the sensor, carried, lay still for the time asked */
	assert_true(p->sim.t_s >= p->carry_t0_s + p->carry_s + KIOSK_MODES_SWITCH_STILL_S - 0.1);
	assert_true(p->sim.t_s < p->carry_t0_s + p->carry_s + KIOSK_MODES_SWITCH_STILL_S + 3.0);
	assert_false(kiosk_view(k)->modes.switching);
	assert_int_equal(kiosk_view(k)->modes.side, UI_SIDE_RIGHT);
	assert_true(now - switched >= KIOSK_MODES_SWITCH_MIN_S);
	kiosk_free(k);
	test_free(p);
}

/* What the hooks saw of a left-then-right set whose sides end by the work
 * target, the right beginning by itself (auto_start, as headless): each
 * event with the side it was told on, each side's count, and the
 * patient's truth when the left ended. */
#define TRAIL_MAX 256
struct trail {
	struct patient *p;
	int side;                 /* sessions finished so far: 0 while the left runs */
	int n_ev;
	struct { int side; enum motion_event_type type; double t_s; int n; } ev[TRAIL_MAX];
	int reps[2];
	int left_truth_reps;      /* truth's completed reps when the left ended */
	enum sim_phase left_end_phase;
	double left_end_t_s;
};

static void trail_event(void *ctx, const struct motion_event *ev)
{
	struct trail *tr = ctx;

	assert_true(tr->n_ev < TRAIL_MAX);
	tr->ev[tr->n_ev].side = tr->side;
	tr->ev[tr->n_ev].type = ev->type;
	tr->ev[tr->n_ev].t_s = ev->t_s;
	tr->ev[tr->n_ev].n = ev->type == MOTION_EV_REP ? ev->rep.n : 0;
	tr->n_ev++;
}

static void trail_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct trail *tr = ctx;

	(void)out;
	assert_true(tr->side < 2);
	tr->reps[tr->side] = session_reps(s);
	if (tr->side == 0) {
		tr->left_truth_reps = sim_get_truth(&tr->p->sim)->reps;
		tr->left_end_phase = sim_get_truth(&tr->p->sim)->phase;
		tr->left_end_t_s = s->t_s;
	}
	tr->side++;
}

/* The run of 119 s of samples, the clock stepping by step_s: a step may
 * bring many samples (a loaded machine, or a fast replay). */
static void run_trail(double step_s, struct trail *tr)
{
	struct kiosk_hooks hooks = { .ctx = tr, .event = trail_event, .session_finished = trail_finished };
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	double now = 0.0;
	int rc = 0;

	memset(tr, 0, sizeof(*tr));
	tr->p = test_malloc(sizeof(*tr->p));
	patient_init(tr->p, SIM_DYNAMIC, 3);
	kiosk_options_default(&ko);
	ko.mute = true;
	ko.auto_start = true;
	ko.seconds = 119.0;
	ko.set.work_target_s = 60.0;
	ko.modes.mode = UI_MODE_LEFT_RIGHT;
	assert_int_equal(source_wrap(&src, &patient_ops, tr->p), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
	for (int i = 0; rc == 0 && i < (int)(200.0 / step_s); i++) {
		now += step_s;
		rc = kiosk_step(k, now);
	}
	assert_int_equal(rc, 1);   /* --seconds reached */
	kiosk_free(k);
	test_free(tr->p);
	tr->p = NULL;
}

/* The left side ends by its work target in the middle of a rep: that
 * rep is not the left's (its core is done; it only watches the sensor
 * move), and the right side begins at the same sample however the
 * samples arrive. Oracles: the patient's truth (the left's count is the
 * reps completed when it ended, a rep was under way then); no event of
 * the left after its end (each event the hook hears after the left's
 * session_finished is the right's fresh core's, its reps numbered from
 * 1); one sample per step is the reference that the wall clock cannot
 * move, and a step bringing 1.5 s of samples at once must give the
 * same events, times and counts. */
static void switch_at_a_sample(void **state)
{
	static const double steps[] = { 1.0 / 400.0, 1.5, 0.37 };
	struct trail *ref = test_malloc(sizeof(*ref)), *tr = test_malloc(sizeof(*tr));

	(void)state;
	run_trail(steps[0], ref);
	assert_int_equal(ref->side, 2);
	assert_int_not_equal(ref->left_end_phase, SIM_PH_REST);   /* the arrangement: mid-rep */
	assert_int_equal(ref->reps[0], ref->left_truth_reps);
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		int want[2] = { 1, 1 };

		if (s > 0)
			run_trail(steps[s], tr);
		else
			memcpy(tr, ref, sizeof(*tr));
		for (int i = 0; i < tr->n_ev; i++) {
			if (tr->ev[i].side == 1)   /* after the left's end: the right's events only */
				assert_true(tr->ev[i].t_s > tr->left_end_t_s);
			if (tr->ev[i].type == MOTION_EV_REP) {
				assert_int_equal(tr->ev[i].n, want[tr->ev[i].side]);
				want[tr->ev[i].side]++;
			}
		}
		assert_int_equal(want[0] - 1, tr->reps[0]);
		assert_int_equal(want[1] - 1, tr->reps[1]);
		assert_true(tr->reps[1] >= 5);
		/* the same run whatever the step */
		assert_int_equal(tr->n_ev, ref->n_ev);
		assert_true(tr->left_end_t_s == ref->left_end_t_s);
		for (int i = 0; i < tr->n_ev; i++) {
			assert_int_equal(tr->ev[i].side, ref->ev[i].side);
			assert_int_equal(tr->ev[i].type, ref->ev[i].type);
			assert_true(tr->ev[i].t_s == ref->ev[i].t_s);
			assert_int_equal(tr->ev[i].n, ref->ev[i].n);
		}
		print_message("step %.4f s: left %d reps (truth %d, a rep under way at %.2f s), right %d, %d events\n",
			      steps[s], tr->reps[0], tr->left_truth_reps, tr->left_end_t_s, tr->reps[1], tr->n_ev);
	}
	test_free(ref);
	test_free(tr);
}

/* The set can end at the switch: Finish there, or nobody comes back for
 * idle_finish_s; the left's summary stands, reported once. */
static void set_ends_at_the_switch(void **state)
{
	(void)state;
	for (int how = 0; how < 2; how++) {
		struct patient *p = test_malloc(sizeof(*p));
		struct kiosk_options ko;
		struct halves h = { 0 };
		struct kiosk *k;
		double now = 0.0, switched;

		patient_init(p, SIM_DYNAMIC, 7);
		kiosk_options_default(&ko);
		ko.idle_finish_s = 30.0;
		k = modes_kiosk(p, &ko, &h);
		kiosk_command(k, UI_CMD_MODE_LEFT_RIGHT);
		kiosk_command(k, UI_CMD_START_PAUSE);
		until_rest(k, p, &now, 0, 3);
		kiosk_command(k, UI_CMD_FINISH_NOW);
		assert_int_equal(kiosk_step(k, now), 0);
		assert_true(kiosk_view(k)->modes.switching);
		switched = now;
		if (how == 0)
			kiosk_command(k, UI_CMD_FINISH);
		while (kiosk_view(k)->modes.switching && now - switched < 60.0) {
			now += FRAME_S;
			assert_int_equal(kiosk_step(k, now), 0);
		}
		assert_false(kiosk_view(k)->modes.switching);
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
		if (how == 1)   /* the patient never stops moving: only the clock ends it */
			assert_near(now - switched, 30.0, 2 * FRAME_S);
		assert_int_equal(h.n, 1);
		assert_int_equal(kiosk_view(k)->summary.reps, h.reps[0]);
		kiosk_free(k);
		test_free(p);
	}
}

static void massage_times_and_warns(void **state)
{
	static const enum sim_scenario sc[2] = { SIM_IDLE, SIM_HOLDS };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct patient *p = test_malloc(sizeof(*p));
		struct kiosk_options ko;
		struct halves h = { 0 };
		struct kiosk *k;
		double now = 0.0;
		bool seen_static = false;

		patient_init(p, sc[i], 5);
		kiosk_options_default(&ko);
		ko.modes.massage.duration_s = 90.0;
		k = modes_kiosk(p, &ko, &h);
		kiosk_command(k, UI_CMD_MODE_MASSAGE);
		kiosk_command(k, UI_CMD_START_PAUSE);
		while (kiosk_view(k)->screen != UI_SCREEN_SUMMARY) {
			now += FRAME_S;
			assert_int_equal(kiosk_step(k, now), 0);
			assert_true(now < 200.0);
			seen_static |= kiosk_view(k)->modes.static_stretch;
		}
		/* 90 s of samples (the first at t = 0): the summary at 90 s */
		assert_near(p->sim.t_s, 90.0, 0.05);
		assert_int_equal(h.n, 1);
		assert_int_equal(h.info[0].mode, UI_MODE_MASSAGE);
		assert_near(h.massage_s, 90.0, 0.02);
		if (sc[i] == SIM_IDLE) {
			assert_int_equal(h.static_warnings, 0);
			assert_false(seen_static);
		} else {
			assert_true(h.static_warnings > 0);
			assert_true(seen_static);
		}
		assert_int_equal(kiosk_view(k)->modes.static_warnings, h.static_warnings);
		kiosk_free(k);
		test_free(p);
	}
}

static void tempo_deviation_per_rep(void **state)
{
	struct patient *p = test_malloc(sizeof(*p));
	struct kiosk_options ko;
	struct halves h = { 0 };
	struct kiosk *k;
	double now = 0.0;

	(void)state;
	patient_init(p, SIM_SLOW, 6);
	kiosk_options_default(&ko);
	ko.modes.tempo = (struct tempo_settings){ .out_s = 2.0, .in_s = 3.0 };
	k = modes_kiosk(p, &ko, &h);
	kiosk_command(k, UI_CMD_START_PAUSE);
	until_rest(k, p, &now, 0, 6);
	assert_true(kiosk_view(k)->modes.tempo_n >= 6);
	kiosk_command(k, UI_CMD_FINISH_NOW);
	now += FRAME_S;
	kiosk_step(k, now);
	assert_int_equal(h.n, 1);
	assert_true(h.tempo_n >= 6);
	assert_near(h.rep_exit_frac, 0.5, 0.0);
	for (int i = 0; i < h.tempo_n; i++)   /* counted half-way back: out + in / 2 */
		assert_near(h.dev[i], h.dur[i] - (2.0 + 1.5), 1e-9);
	/* without a tempo, nothing is logged */
	kiosk_free(k);
	patient_init(p, SIM_SLOW, 6);
	kiosk_options_default(&ko);
	memset(&h, 0, sizeof(h));
	k = modes_kiosk(p, &ko, &h);
	kiosk_command(k, UI_CMD_START_PAUSE);
	until_rest(k, p, &now, 0, 2);
	kiosk_command(k, UI_CMD_FINISH_NOW);
	now += FRAME_S;
	kiosk_step(k, now);
	assert_int_equal(h.tempo_n, 0);
	assert_null(h.info[0].tempo_dev_s);
	kiosk_free(k);
	test_free(p);
}

/* The start screen's tempo demonstration: the drawn leg where the guide's
 * half-cosine puts it, for KIOSK_MODES_DEMO_S; then it stands (the idle
 * screen stops animating), and a choice made there starts it again. */
static void tempo_demo_is_short(void **state)
{
	struct patient *p = test_malloc(sizeof(*p));
	struct kiosk_options ko;
	struct halves h = { 0 };
	struct kiosk *k;

	(void)state;
	patient_init(p, SIM_IDLE, 1);
	kiosk_options_default(&ko);
	ko.modes.tempo = (struct tempo_settings){ .out_s = 2.0, .in_s = 3.0 };
	k = modes_kiosk(p, &ko, &h);
	kiosk_step(k, 0.5);
	assert_true(kiosk_view(k)->modes.tempo_demo_live);
	assert_true(ui_view_animates(kiosk_view(k)));
	assert_near(kiosk_view(k)->modes.tempo_demo_frac, 0.5 - 0.5 * cos(M_PI * 0.25), 1e-9);
	kiosk_step(k, 3.5);   /* 1.5 s into the 3 s way back */
	assert_near(kiosk_view(k)->modes.tempo_demo_frac, 0.5 + 0.5 * cos(M_PI * 0.5), 1e-9);
	kiosk_step(k, KIOSK_MODES_DEMO_S + 0.1);
	assert_false(kiosk_view(k)->modes.tempo_demo_live);
	assert_false(ui_view_animates(kiosk_view(k)));
	kiosk_command(k, UI_CMD_MODE_LEFT_RIGHT);
	kiosk_step(k, KIOSK_MODES_DEMO_S + 0.2);
	assert_true(ui_view_animates(kiosk_view(k)));
	kiosk_free(k);
	test_free(p);
}

/* Next cycles the choice on the start screen; a tap on a choice picks it;
 * the session is what was chosen. */
static void start_screen_choice(void **state)
{
	struct patient *p = test_malloc(sizeof(*p));
	struct kiosk_options ko;
	struct halves h = { 0 };
	const struct ui_text_rec *t;
	struct ui *ui;
	struct kiosk *k;
	char err[128];
	int n, hits = 0;

	(void)state;
	patient_init(p, SIM_IDLE, 1);
	kiosk_options_default(&ko);
	k = modes_kiosk(p, &ko, &h);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_STRETCH);
	kiosk_command(k, UI_CMD_NEXT);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_LEFT_RIGHT);
	kiosk_command(k, UI_CMD_NEXT);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_MASSAGE);
	kiosk_command(k, UI_CMD_NEXT);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_STRETCH);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);

	static const int sizes[3][2] = { { 800, 480 }, { 1920, 1080 }, { 480, 800 } };
	for (int z = 0; z < 3; z++) {
		assert_int_equal(ui_open_offscreen(&ui, sizes[z][0], sizes[z][1], err, sizeof(err)), 0);
		ui_draw(ui, kiosk_view(k), 0);
		n = ui_texts(ui, &t);
		for (int i = 0; i < n; i++) {
			if (strcmp(t[i].text, "Massage") != 0)
				continue;
			assert_int_equal(ui_hit(ui, t[i].rect.x + t[i].rect.w / 2, t[i].rect.y + t[i].rect.h / 2),
					 UI_CMD_MODE_MASSAGE);
			hits++;
		}
		ui_close(ui);
	}
	assert_int_equal(hits, 3);
	kiosk_command(k, UI_CMD_MODE_MASSAGE);
	kiosk_command(k, UI_CMD_START_PAUSE);
	kiosk_step(k, FRAME_S);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_MASSAGE);
	/* a mode command during the session changes nothing */
	kiosk_command(k, UI_CMD_MODE_STRETCH);
	assert_int_equal(kiosk_view(k)->modes.mode, UI_MODE_MASSAGE);
	kiosk_free(k);
	test_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(left_then_right_counts_each_side),
		cmocka_unit_test(switch_continues_when_still),
		cmocka_unit_test(switch_at_a_sample),
		cmocka_unit_test(set_ends_at_the_switch),
		cmocka_unit_test(massage_times_and_warns),
		cmocka_unit_test(tempo_deviation_per_rep),
		cmocka_unit_test(start_screen_choice),
		cmocka_unit_test(tempo_demo_is_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
