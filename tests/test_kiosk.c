// SPDX-License-Identifier: MIT
/*
 * The kiosk loop on a simulated clock: the warning shows in the frame of the
 * core's WARN event on a real recording; an unplugged sensor keeps the
 * session and resumes; commands drive the session; the end of a session is
 * reported once; replay is paced by the trace's own time. The real loop's
 * deadlines (closed form) and its sleep: an idle start screen turns a few
 * times a second, counted, not timed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_history.h"
#include "kiosk/scene.h"
#include "trace_file.h"
#include "testutil.h"

#define FRAME_S (1.0 / 60.0)

static char trace_path[1024];

static const char *hold_trace(void)
{
	const char *data = getenv("STRETCHREP_DATA");

	snprintf(trace_path, sizeof(trace_path), "%s/uci-pt-s1/s1_e3_u3_test.csv", data ? data : "../shared/data");
	return trace_path;
}

static struct kiosk_options options(void)
{
	struct kiosk_options ko;

	kiosk_options_default(&ko);
	ko.mute = true;
	return ko;
}

struct record {
	int events;
	int prewarn_events;
	bool alerted;           /* the current hold has had an alert */
	int alerted_holds_ended;
	int warn_events;
	int first_warn_frame;
	int frame;
	int finished;
	int reps_at_finish;
	int cues[KIOSK_CUE_N];
};

static void on_event(void *ctx, const struct motion_event *ev)
{
	struct record *r = ctx;

	r->events++;
	if (ev->type == MOTION_EV_WARN && r->warn_events++ == 0)
		r->first_warn_frame = r->frame;
	if (ev->type == MOTION_EV_PREWARN)
		r->prewarn_events++;
	if (ev->type == MOTION_EV_PREWARN || ev->type == MOTION_EV_WARN)
		r->alerted = true;
	if (ev->type == MOTION_EV_HOLD_END && r->alerted) {
		r->alerted_holds_ended++;
		r->alerted = false;
	}
}

static void on_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct record *r = ctx;

	(void)out;
	r->finished++;
	r->reps_at_finish = session_reps(s);
}

static void on_cue(void *ctx, enum kiosk_cue cue)
{
	struct record *r = ctx;

	r->cues[cue]++;
}

/* Hooks that note everything in rec. */
static struct kiosk_hooks recording_hooks(struct record *rec)
{
	struct kiosk_hooks hooks = { 0 };

	hooks.ctx = rec;
	hooks.event = on_event;
	hooks.cue = on_cue;
	hooks.session_finished = on_finished;
	return hooks;
}

/* Steps the kiosk frame by frame and draws each frame; the warning must be
 * on screen in the frame whose step delivered the core's WARN event. */
static void check_warning_frame(struct source *src, double hold_warn_s)
{
	struct kiosk_options ko = options();
	struct record rec = { .first_warn_frame = -1 };
	struct kiosk_hooks hooks = recording_hooks(&rec);
	struct kiosk *k;
	struct ui *ui;
	char err[512];
	int shown_frame = -1;

	ko.set.motion.hold_warn_s = hold_warn_s;
	assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
	assert_int_equal(ui_open_offscreen(&ui, 800, 480, err, sizeof(err)), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	for (rec.frame = 0; rec.frame < 60 * 300 && shown_frame < 0; rec.frame++) {
		assert_int_equal(kiosk_step(k, rec.frame * FRAME_S), 0);
		ui_draw(ui, kiosk_view(k), rec.frame * FRAME_S);
		if (ui_region(ui, UI_REGION_ALERT).w > 0 && kiosk_view(k)->alert == MOTION_ALERT_WARN)
			shown_frame = rec.frame;
	}
	assert_true(rec.first_warn_frame >= 0);
	assert_true(shown_frame >= rec.first_warn_frame);
	assert_true(shown_frame - rec.first_warn_frame <= 1);
	ui_close(ui);
	kiosk_free(k);
}

static void warning_within_one_frame_recording(void **state)
{
	struct source *src;
	char err[512];

	(void)state;
	if (source_open_replay(&src, hold_trace(), 1.0, err, sizeof(err))) {
		print_message("skipped: %s (set STRETCHREP_DATA)\n", err);
		skip();
	}
	check_warning_frame(src, 3.0);   /* the recording's holds last about 5 s */
}

static void warning_within_one_frame_simulated(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct source *src;

	(void)state;
	sim.scenario = SIM_HOLDS;
	sim.seed = 11;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	check_warning_frame(src, 10.0);
}

static int run_frames(struct kiosk *k, double *now, int frames)
{
	int rc = 0;

	for (int i = 0; i < frames && rc == 0; i++) {
		*now += FRAME_S;
		rc = kiosk_step(k, *now);
	}
	return rc;
}

static void sensor_lost_keeps_session(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko = options();
	struct source *inner, *src;
	struct kiosk *k;
	double now = 0;
	int reps_before;
	char *json = NULL;
	size_t len = 0;

	(void)state;
	ko.headless = true;   /* the same loop, and its JSON lines to check */
	ko.out = open_memstream(&json, &len);
	assert_non_null(ko.out);
	sim.scenario = SIM_DYNAMIC;
	sim.seed = 3;
	assert_int_equal(source_open_sim(&inner, &sim, 1.0), 0);
	assert_int_equal(source_wrap_dropout(&src, inner, 30.0, 40.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 29 * 60);
	assert_false(kiosk_view(k)->sensor_lost);
	reps_before = kiosk_view(k)->reps;
	assert_true(reps_before >= 3);
	run_frames(k, &now, 5 * 60);   /* inside the gap */
	assert_true(kiosk_view(k)->sensor_lost);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_int_equal(kiosk_view(k)->reps, reps_before);
	run_frames(k, &now, 20 * 60);   /* back */
	assert_false(kiosk_view(k)->sensor_lost);
	assert_true(kiosk_view(k)->reps > reps_before);
	kiosk_free(k);
	fclose(ko.out);
	char *lost = strstr(json, "\"event\": \"sensor_lost\"");
	assert_non_null(lost);
	assert_non_null(strstr(lost, "no answer on the bus"));   /* err_words, not strerror's words */
	assert_null(strstr(lost, strerror(EREMOTEIO)));
	assert_non_null(strstr(lost, "\"event\": \"sensor_back\""));
	free(json);
}

/* Counts the samples a source hands out; a live sensor to the kiosk. */
struct counting {
	struct source *inner;
	long n;
};

static int counting_poll(void *impl, double now_s, struct sample *out)
{
	struct counting *c = impl;
	int rc = source_poll(c->inner, now_s, out);

	c->n += rc == 1;
	return rc;
}

/* These wrappers stand for a live sensor (samples come when they come,
 * no starting over), whatever feeds them. */
static void counting_status(void *impl, struct source_status *st)
{
	struct counting *c = impl;

	source_get_status(c->inner, st);
	st->scripted = false;
	st->demo = false;
}

static void counting_close(void *impl)
{
	struct counting *c = impl;

	source_close(c->inner);
}

static const struct source_ops counting_ops = {
	.poll = counting_poll, .status = counting_status, .close = counting_close,
};

/* A kiosk on the simulated patient (dynamic reps) behind ops, a wrapper
 * whose impl starts with c (a live sensor to the kiosk). */
static struct kiosk *sim_kiosk(struct counting *c, const struct source_ops *ops, const struct kiosk_options *ko,
			       const struct kiosk_hooks *hooks)
{
	struct sim_settings sim = sim_default_settings;
	struct source *src;
	struct kiosk *k;

	sim.scenario = SIM_DYNAMIC;
	assert_int_equal(source_open_sim(&c->inner, &sim, 1.0), 0);
	assert_int_equal(source_wrap(&src, ops, c), 0);
	assert_int_equal(kiosk_new(&k, ko, src, hooks), 0);
	return k;
}

/* A person who walks away: the sim's reps until sample time 20 s, then the
 * leg lies still where it started (the first sample's pose, gyro quiet). */
struct walkaway {
	struct counting c;   /* first: counting_status and counting_close take it */
	struct sample first;
	bool have_first;
	double t_s;
};

static int walkaway_poll(void *impl, double now_s, struct sample *out)
{
	struct walkaway *w = impl;
	int rc;

	if (w->t_s < 20.0) {
		rc = source_poll(w->c.inner, now_s, out);
		if (rc == 1) {
			if (!w->have_first)
				w->first = *out;
			w->have_first = true;
			w->t_s = out->t_s;
		}
		return rc;
	}
	if (w->t_s + 0.01 > now_s)
		return 0;
	w->t_s += 0.01;
	*out = w->first;
	out->t_s = w->t_s;
	return 1;
}

static const struct source_ops walkaway_ops = {
	.poll = walkaway_poll, .status = counting_status, .close = counting_close,
};

/* Issue 12: a session with reps nobody finished ends by itself after
 * idle_finish_s of no rep and no work, is saved once like a Finish, and
 * its summary goes back to the start screen; 0 keeps it for good. */
static void walked_away_session_is_finished_and_saved(void **state)
{
	for (int off = 0; off < 2; off++) {
		static struct walkaway w;
		struct kiosk_options ko = options();
		struct record rec = { 0 };
		struct kiosk_hooks hooks = recording_hooks(&rec);
		struct kiosk *k;
		double now = 0;

		(void)state;
		memset(&w, 0, sizeof(w));
		ko.idle_finish_s = off ? 0 : 30;
		ko.summary_s = 10;
		k = sim_kiosk(&w.c, &walkaway_ops, &ko, &hooks);
		kiosk_command(k, UI_CMD_START_PAUSE);
		run_frames(k, &now, 20 * 60);
		assert_true(kiosk_view(k)->reps > 0);
		assert_int_equal(session_get_state(kiosk_session(k)), SESSION_WORKING);
		run_frames(k, &now, 25 * 60);   /* idle, not yet idle_finish_s */
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
		assert_int_equal(rec.finished, 0);
		run_frames(k, &now, 10 * 60);
		if (off) {
			assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
			assert_int_equal(rec.finished, 0);
		} else {
			assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
			assert_int_equal(rec.finished, 1);
			assert_true(rec.reps_at_finish > 0);
			/* the loop wakes for it: the deadline is the idle limit */
			run_frames(k, &now, 11 * 60);
			assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
			assert_int_equal(rec.finished, 1);
		}
		kiosk_free(k);
	}
}

/* A sensor that stops sending without an error: from sample time 20 s to
 * 30 s nothing comes (those samples are never delivered). */
static int stalling_poll(void *impl, double now_s, struct sample *out)
{
	struct counting *s = impl;
	int rc;

	for (;;) {
		rc = source_poll(s->inner, now_s, out);
		s->n += rc == 1;
		if (rc != 1 || out->t_s < 20.0 || out->t_s >= 30.0)
			return rc;
	}
}

static const struct source_ops stalling_ops = {
	.poll = stalling_poll, .status = counting_status, .close = counting_close,
};

static void silent_sensor_is_lost(void **state)
{
	static struct counting st;   /* counts, and stalls */
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko = options();
	struct source *src;
	struct kiosk *k;
	double now = 0;
	int reps;

	(void)state;
	sim.scenario = SIM_DYNAMIC;
	assert_int_equal(source_open_sim(&st.inner, &sim, 1.0), 0);
	assert_int_equal(source_wrap(&src, &stalling_ops, &st), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 20 * 60 + 30);   /* 0.5 s into the silence */
	assert_false(kiosk_view(k)->sensor_lost);
	reps = kiosk_view(k)->reps;
	run_frames(k, &now, 60);              /* 1.5 s */
	assert_true(kiosk_view(k)->sensor_lost);
	assert_non_null(strstr(kiosk_view(k)->sensor_hint, "no samples"));
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_int_equal(kiosk_view(k)->reps, reps);
	run_frames(k, &now, 10 * 60);         /* samples again */
	assert_false(kiosk_view(k)->sensor_lost);
	kiosk_free(k);
}

static void commands_drive_the_session(void **state)
{
	static struct counting counter;
	struct kiosk_options ko = options();
	struct record rec = { 0 };
	struct kiosk_hooks hooks = recording_hooks(&rec);
	struct kiosk *k;
	double now = 0;

	(void)state;
	k = sim_kiosk(&counter, &counting_ops, &ko, &hooks);
	run_frames(k, &now, 60);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);   /* the view follows at the next step */
	run_frames(k, &now, 1);   /* counting waits for nobody: no calibration first */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	run_frames(k, &now, 20 * 60);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_true(kiosk_view(k)->reps > 0);
	assert_int_equal(rec.cues[KIOSK_CUE_REP], kiosk_view(k)->reps);

	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_int_equal(session_get_state(kiosk_session(k)), SESSION_PAUSED);
	double work = session_work_s(kiosk_session(k));
	run_frames(k, &now, 5 * 60);
	assert_true(kiosk_view(k)->paused);
	assert_near(session_work_s(kiosk_session(k)), work, 1e-9);   /* the timer stands */
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_int_not_equal(session_get_state(kiosk_session(k)), SESSION_PAUSED);

	kiosk_command(k, UI_CMD_CALIBRATE);
	assert_int_equal(session_get_state(kiosk_session(k)), SESSION_CALIBRATING);

	kiosk_command(k, UI_CMD_FINISH);   /* asks; the second press confirms */
	run_frames(k, &now, 1);
	assert_true(kiosk_view(k)->confirm_finish);
	kiosk_command(k, UI_CMD_FINISH);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	assert_false(kiosk_view(k)->confirm_finish);
	assert_int_equal(rec.finished, 1);
	assert_int_equal(rec.reps_at_finish, kiosk_view(k)->summary.reps);
	run_frames(k, &now, 15 * 60);
	assert_int_equal(rec.finished, 1);   /* once */

	/* from the summary, start is a new session, and it does not begin with
	 * the 15 s of samples the sensor sent meanwhile (that backlog would
	 * count reps within one frame) */
	kiosk_command(k, UI_CMD_START_PAUSE);
	rec.events = 0;
	counter.n = 0;
	run_frames(k, &now, 1);
	assert_true(rec.events <= 1);   /* at most the provisional rest, no rep from the backlog */
	assert_true(counter.n <= 1000.0 / 60 * 2);   /* one frame's worth, at any rate up to 1 kHz */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_int_equal(kiosk_view(k)->reps, 0);
	kiosk_command(k, UI_CMD_QUIT);
	assert_int_equal(run_frames(k, &now, 1), 1);
	kiosk_free(k);
}

/* Issue 12: Finish asks once ("Finish the session?"): a second Finish
 * confirms; any other command (Keep going is Next) or 5 s unanswered
 * cancels and the session goes on untouched; the GPIO long press
 * (FINISH_NOW) ends at once. Next on the summary is the start screen. */
static void finish_asks_once(void **state)
{
	static struct counting counter;
	struct kiosk_options ko = options();
	struct record rec = { 0 };
	struct kiosk_hooks hooks = recording_hooks(&rec);
	struct kiosk *k;
	double now = 0;
	static const enum ui_cmd answers[] = { UI_CMD_NEXT, UI_CMD_START_PAUSE, UI_CMD_CALIBRATE };

	(void)state;
	k = sim_kiosk(&counter, &counting_ops, &ko, &hooks);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 20 * 60);
	kiosk_command(k, UI_CMD_NEXT);   /* the exercise screen: nothing to dismiss */
	run_frames(k, &now, 1);
	assert_int_equal(session_get_state(kiosk_session(k)), SESSION_WORKING);
	assert_false(kiosk_view(k)->confirm_finish);
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		kiosk_command(k, UI_CMD_FINISH);
		run_frames(k, &now, 30);
		assert_true(kiosk_view(k)->confirm_finish);
		assert_int_equal(session_get_state(kiosk_session(k)), SESSION_WORKING);
		kiosk_command(k, answers[i]);   /* only answers the question */
		run_frames(k, &now, 1);
		assert_false(kiosk_view(k)->confirm_finish);
		assert_int_equal(session_get_state(kiosk_session(k)), SESSION_WORKING);
	}
	kiosk_command(k, UI_CMD_FINISH);
	run_frames(k, &now, (int)(4.9 * 60));
	assert_true(kiosk_view(k)->confirm_finish);
	run_frames(k, &now, 12);
	assert_false(kiosk_view(k)->confirm_finish);   /* 5 s unanswered */
	kiosk_command(k, UI_CMD_FINISH);                /* a new question, not a confirmation */
	run_frames(k, &now, 1);
	assert_true(kiosk_view(k)->confirm_finish);
	assert_int_equal(rec.finished, 0);
	kiosk_command(k, UI_CMD_FINISH);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	assert_int_equal(rec.finished, 1);
	kiosk_command(k, UI_CMD_NEXT);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);

	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 20 * 60);
	kiosk_command(k, UI_CMD_FINISH_NOW);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	assert_int_equal(rec.finished, 2);
	kiosk_free(k);
}

/* Issue 12: the calibration screen has a way out (Skip is Next) that keeps
 * the rest the session had, and a Calibrate that finds no stillness (the
 * demo's patient never stops) gives up after 8 s with a word on screen. */
static void calibration_can_be_skipped(void **state)
{
	static struct counting counter;
	struct kiosk_options ko = options();
	struct kiosk *k;
	double now = 0, ref[3];
	int reps;

	(void)state;
	ko.set.motion.calib_still_s = 10;   /* longer than the 8 s it is given: never found */
	k = sim_kiosk(&counter, &counting_ops, &ko, NULL);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 20 * 60);
	reps = kiosk_view(k)->reps;
	assert_true(reps > 0);
	memcpy(ref, kiosk_session(k)->motion.orient.ref, sizeof(ref));

	kiosk_command(k, UI_CMD_CALIBRATE);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_CALIBRATE);
	kiosk_command(k, UI_CMD_NEXT);
	run_frames(k, &now, 1);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_int_equal(session_get_state(kiosk_session(k)), SESSION_WORKING);
	assert_memory_equal(ref, kiosk_session(k)->motion.orient.ref, sizeof(ref));   /* the old rest */
	assert_non_null(strstr(kiosk_view(k)->note, "previous rest"));
	run_frames(k, &now, 20 * 60);   /* and counting goes on with it */
	assert_true(kiosk_view(k)->reps > reps);
	assert_string_equal(kiosk_view(k)->note, "");

	/* no stillness long enough: the calibration screen does not stay */
	memcpy(ref, kiosk_session(k)->motion.orient.ref, sizeof(ref));
	kiosk_command(k, UI_CMD_CALIBRATE);
	run_frames(k, &now, 8 * 60 - 10);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_CALIBRATE);
	run_frames(k, &now, 12);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_non_null(strstr(kiosk_view(k)->note, "did not keep still"));
	for (int i = 0; i < 3; i++)   /* the old rest (followed slowly for the last frames) */
		assert_true(fabs(ref[i] - kiosk_session(k)->motion.orient.ref[i]) < 1e-3);
	kiosk_free(k);
}

/* Sources that can start over do, at each new session: the demo patient is
 * at rest again (calibrated within a couple of seconds, not whenever its
 * script happens to pause), and a replay plays again after its end. */
static void new_session_starts_sources_over(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko = options();
	struct source *src;
	struct kiosk *k;
	char err[512];
	double now = 0;

	(void)state;
	sim.scenario = SIM_DEMO;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	run_frames(k, &now, 30 * 60);   /* a long wait on the start screen */
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 3 * 60);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	run_frames(k, &now, 40 * 60);
	kiosk_command(k, UI_CMD_FINISH_NOW);
	run_frames(k, &now, 30 * 60);   /* a long look at the summary */
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 3 * 60);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_EXERCISE);
	assert_true(kiosk_sample_t(k) < 4.0);   /* the script began again */
	kiosk_free(k);

	if (source_open_replay(&src, hold_trace(), 50.0, err, sizeof(err))) {
		print_message("replay part skipped: %s\n", err);
		return;
	}
	ko.set.work_target_s = 0;   /* play to the end */
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 10 * 60);   /* 50x: the whole recording */
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	int reps = kiosk_view(k)->summary.reps;
	assert_true(reps > 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 10 * 60);
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	assert_int_equal(kiosk_view(k)->summary.reps, reps);   /* the same file, the same count */
	kiosk_free(k);
}

/* The cues the buzzer and LED hang on, against the core's events: one
 * pre-warning cue per pre-warning, at least one warning cue per warning
 * (repeats while held), and one "clear" per alerted hold released. */
static void cues_follow_the_alerts(void **state)
{
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko = options();
	struct record rec = { 0 };
	struct kiosk_hooks hooks = recording_hooks(&rec);
	struct source *src;
	struct kiosk *k;
	double now = 0;

	(void)state;
	ko.set.work_target_s = 0;
	sim.scenario = SIM_HOLDS;
	sim.seed = 5;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
	kiosk_command(k, UI_CMD_START_PAUSE);
	run_frames(k, &now, 240 * 60);
	assert_true(rec.warn_events >= 1);
	assert_int_equal(rec.cues[KIOSK_CUE_PREWARN], rec.prewarn_events);
	assert_true(rec.cues[KIOSK_CUE_WARN] >= rec.warn_events);
	assert_int_equal(rec.cues[KIOSK_CUE_CLEAR], rec.alerted_holds_ended);
	assert_true(rec.alerted_holds_ended >= 1);
	kiosk_free(k);
}

static void replay_is_paced_by_trace_time(void **state)
{
	struct trace_reader *r;
	struct source *src;
	struct sample smp;
	char err[512];
	double t0 = 0;
	int expected = 0, got = 0;

	(void)state;
	/* the oracle: trace times straight from the file, speed 4, 2.5 s of clock */
	if (trace_reader_open(&r, hold_trace(), err, sizeof(err))) {
		print_message("skipped: %s\n", err);
		skip();
	}
	while (trace_reader_next(r, &smp, err, sizeof(err)) == 1) {
		if (trace_reader_count(r) == 1)
			t0 = smp.t_s;
		if (smp.t_s - t0 <= 4 * 2.5 + 1e-9)
			expected++;
	}
	trace_reader_close(r);
	assert_int_equal(source_open_replay(&src, hold_trace(), 4.0, err, sizeof(err)), 0);
	assert_int_equal(source_poll(src, 100.0, &smp), 1);   /* the first sample is due at once */
	got = 1;
	while (source_poll(src, 102.5, &smp) == 1)
		got++;
	assert_int_equal(got, expected);
	assert_true(source_wait_s(src, 102.5) > 0);
	assert_true(source_wait_s(src, 102.5) <= 1.0 / 25 / 4 + 1e-6);
	source_close(src);
}

static void headless_prints_json_lines(void **state)
{
	struct kiosk_options ko = options();
	struct source *src;
	struct kiosk *k;
	char err[512], *buf = NULL;
	size_t len = 0;
	double now = 0;
	int rc = 0, warns = 0, summaries = 0;

	(void)state;
	ko.headless = true;
	ko.auto_start = true;
	ko.set.motion.hold_warn_s = 3.0;
	if (source_open_replay(&src, hold_trace(), 1000.0, err, sizeof(err))) {
		print_message("skipped: %s\n", err);
		skip();
	}
	ko.out = open_memstream(&buf, &len);
	assert_non_null(ko.out);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	while (rc == 0) {
		now += 0.01;
		rc = kiosk_step(k, now);
	}
	assert_int_equal(rc, 1);
	int session_warnings = kiosk_session(k)->n_warnings;
	kiosk_free(k);
	fclose(ko.out);
	char *save = NULL;

	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_int_equal(line[0], '{');
		assert_int_equal(line[strlen(line) - 1], '}');
		warns += strstr(line, "\"event\": \"warn\"") != NULL;
		summaries += strstr(line, "\"event\": \"summary\"") != NULL;
	}
	assert_true(warns > 0);
	assert_int_equal(warns, session_warnings);
	assert_int_equal(summaries, 1);
	free(buf);
}

/* ---- the summary and the history ---- */

struct hist_rig {
	struct history *h;
	int sessions;
	int reps[64];             /* each session's, from the core at its end */
	double best_deg[64];
	int rc[64];               /* each save's result */
};

static void hist_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct hist_rig *r = ctx;
	struct session_summary sum;
	int64_t id;

	session_get_summary(s, &sum);
	r->reps[r->sessions] = sum.reps;
	r->best_deg[r->sessions] = sum.best_peak_deg;
	r->rc[r->sessions] = kiosk_history_record(r->h, 0, s, NULL, 1700000000 + r->sessions, &id, out);
	r->sessions++;
}

/* Runs one session to its summary (the simulated patient, short sessions). */
static void one_session(struct kiosk *k, double *now)
{
	kiosk_command(k, UI_CMD_START_PAUSE);
	*now += FRAME_S;
	assert_int_equal(kiosk_step(k, *now), 0);
	assert_int_not_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
	for (int i = 0; i < 60 * 600 && kiosk_view(k)->screen != UI_SCREEN_SUMMARY; i++) {
		*now += FRAME_S;
		assert_int_equal(kiosk_step(k, *now), 0);
	}
	assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
}

static void summary_compares_and_says_when_not_saved(void **state)
{
	char dir[] = "/tmp/stretchrep-kiosk-XXXXXX", path[128];
	struct sim_settings sim = sim_default_settings;
	struct kiosk_options ko = options();
	struct hist_rig rig = { .h = NULL };
	struct kiosk_hooks hooks = { .ctx = &rig, .session_finished = hist_finished };
	const struct ui_view *v;
	struct source *src;
	struct kiosk *k;
	double now = 0;
	int n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/h.sqlite3", dir);
	assert_int_equal(history_open(&rig.h, path), 0);
	sim.scenario = SIM_DYNAMIC;
	ko.set.work_target_s = 20;
	assert_int_equal(source_open_sim(&src, &sim, 1.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, &hooks), 0);
	v = kiosk_view(k);

	one_session(k, &now);   /* the first: saved, nothing to compare with */
	assert_int_equal(v->history.saved, UI_SAVED_OK);
	assert_true(v->history.prev_known);
	assert_int_equal(v->history.n_prev, 0);
	for (n = 1; n < 6; n++)
		one_session(k, &now);
	/* the sixth: compared with the four before it, oldest first */
	assert_int_equal(rig.sessions, 6);
	assert_int_equal(v->history.saved, UI_SAVED_OK);
	assert_int_equal(v->history.n_prev, UI_VIEW_PREV);
	for (int i = 0; i < UI_VIEW_PREV; i++) {
		assert_int_equal(v->history.prev_reps[i], rig.reps[1 + i]);
		assert_near(v->history.prev_best_deg[i], rig.best_deg[1 + i], 1e-6);
	}
	assert_true(rig.reps[5] > 0);

	/* the disk fills up: the session is not saved, the screen says so
	 * and the kiosk goes on */
	assert_int_equal(history_limit_pages(rig.h, 1), 0);
	for (n = 0; n < 40 && v->history.saved != UI_SAVED_FAILED; n++)
		one_session(k, &now);
	assert_int_equal(v->history.saved, UI_SAVED_FAILED);
	assert_int_equal(rig.rc[rig.sessions - 1], -ENOSPC);
	assert_string_equal(v->history.why, "disk full");
	assert_int_equal(v->history.n_prev, UI_VIEW_PREV);   /* still readable */
	kiosk_command(k, UI_CMD_START_PAUSE);   /* a new session: the line goes */
	now += FRAME_S;
	assert_int_equal(kiosk_step(k, now), 0);
	assert_int_equal(v->history.saved, UI_SAVED_UNSAID);
	assert_int_not_equal(v->screen, UI_SCREEN_SUMMARY);

	kiosk_free(k);
	history_close(rig.h);
	assert_int_equal(history_open(&rig.h, path), 0);   /* the file is sound */
	assert_int_equal(history_check(rig.h), 0);
	history_close(rig.h);
	for (const char *ext = ""; ext; ext = !*ext ? "-wal" : !strcmp(ext, "-wal") ? "-shm" : NULL) {
		snprintf(path, sizeof(path), "%s/h.sqlite3%s", dir, ext);
		unlink(path);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* No history at all (it could not be opened): not saved, and why. */
static void summary_without_history(void **state)
{
	struct session *s = calloc(1, sizeof(*s));
	struct ui_history uh;
	int64_t id;

	(void)state;
	assert_non_null(s);
	session_init(s, &session_default_settings);
	assert_int_equal(kiosk_history_record(NULL, -EROFS, s, NULL, 1, &id, &uh), -EROFS);
	assert_int_equal(uh.saved, UI_SAVED_FAILED);
	assert_string_equal(uh.why, "read-only file system");
	assert_false(uh.prev_known);
	assert_int_equal(id, -1);
	/* each cause worded for a person, never "could not write" for a known one */
	assert_string_equal(kiosk_history_why(-EACCES), "permission denied");
	assert_string_equal(kiosk_history_why(-EISDIR), "its path is a directory");
	assert_string_equal(kiosk_history_why(-EBUSY), "the history is busy");
	assert_int_equal(kiosk_history_record(NULL, 0, s, NULL, 1, &id, &uh), 0);   /* none wanted */
	assert_int_equal(uh.saved, UI_SAVED_UNSAID);
	free(s);
}


/* ppoll()'s timeout: the nearest deadline, rounded up to whole µs, capped. */
static void loop_timeout_is_the_deadline(void **state)
{
	(void)state;
	assert_int_equal(kiosk_poll_timeout_us(10.0, 10.0 + 1.0 / 60, 250000), 16667);   /* up */
	assert_int_equal(kiosk_poll_timeout_us(10.0, 10.25, 250000), 250000);
	assert_int_equal(kiosk_poll_timeout_us(10.0, 10.0, 250000), 0);       /* due: no wait */
	assert_int_equal(kiosk_poll_timeout_us(10.0, 9.0, 250000), 0);        /* overdue */
	assert_int_equal(kiosk_poll_timeout_us(10.0, 10.3, 250000), 250000);  /* capped */
	assert_int_equal(kiosk_poll_timeout_us(10.0, INFINITY, 250000), 250000); /* none */
	/* frames: 60 fps while changed or animating, else once a second */
	assert_true(fabs(kiosk_frame_due_s(true, false, 5.0) - (5.0 + 1.0 / 60)) < 1e-12);
	assert_true(fabs(kiosk_frame_due_s(false, true, 5.0) - (5.0 + 1.0 / 60)) < 1e-12);
	assert_true(fabs(kiosk_frame_due_s(false, false, 5.0) - 6.0) < 1e-12);
}

/* A live source that hands out one sample, then goes quiet. */
static int quiet_poll(void *impl, double now_s, struct sample *out)
{
	int *left = impl;

	if (*left == 0)
		return 0;
	(*left)--;
	memset(out, 0, sizeof(*out));
	out->t_s = now_s;
	out->acc_g[2] = 1.0;
	return 1;
}

static void quiet_status(void *impl, struct source_status *st)
{
	(void)impl;
	memset(st, 0, sizeof(*st));
	st->connected = true;
	snprintf(st->what, sizeof(st->what), "quiet");
}

static const struct source_ops quiet_ops = { .poll = quiet_poll, .status = quiet_status };

/* The kiosk's own deadlines: the demo's start, the next paced sample (the
 * simulator's own second sample time), the demo's restart; a live source
 * that went quiet is looked at again once it is due to be judged lost. */
static void loop_deadlines_are_the_kiosks(void **state)
{
	struct kiosk_options ko = options();
	struct sim_settings set = sim_default_settings;
	struct sample a = { 0 }, b = { 0 };
	struct source *src;
	struct kiosk *k;
	struct sim sim;
	int one = 1;

	(void)state;
	set.scenario = SIM_DEMO;
	sim_init(&sim, &set);
	assert_true(sim_next(&sim, &a));
	assert_true(sim_next(&sim, &b));
	ko.start_after_s = 4.0;
	ko.restart_s = 20.0;
	assert_int_equal(source_open_sim(&src, &set, 2.0), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	assert_true(fabs(kiosk_due_s(k) - 4.0) < 1e-9);        /* start screen: the demo's start */
	assert_int_equal(kiosk_step(k, 4.0), 0);                /* starts, takes the first sample */
	assert_true(fabs(kiosk_due_s(k) - (4.0 + (b.t_s - a.t_s) / 2.0)) < 1e-9);
	assert_int_equal(kiosk_step(k, 7.0), 0);
	kiosk_command(k, UI_CMD_FINISH_NOW);
	assert_true(fabs(kiosk_due_s(k) - 27.0) < 1e-9);       /* summary since 7 s, restart after 20 */
	kiosk_free(k);

	ko = options();
	assert_int_equal(source_wrap(&src, &quiet_ops, &one), 0);
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	assert_true(isinf(kiosk_due_s(k)));                     /* waits for the person */
	kiosk_command(k, UI_CMD_START_PAUSE);
	assert_int_equal(kiosk_step(k, 10.0), 0);
	assert_true(kiosk_due_s(k) > 11.0 && kiosk_due_s(k) < 11.01);
	assert_int_equal(kiosk_step(k, kiosk_due_s(k)), 0);
	assert_true(kiosk_view(k)->sensor_lost);                /* lost at that deadline */
	kiosk_free(k);
}

/* A headless run on its own (no start screen), events into a temporary
 * file, sessions that end at 20 s of work. */
static struct kiosk_options headless_options(void)
{
	struct kiosk_options ko = options();

	ko.headless = true;
	ko.auto_start = true;
	ko.out = tmpfile();
	assert_non_null(ko.out);
	ko.set.work_target_s = 20.0;
	return ko;
}

/* What a headless station's sessions were: the kiosk clock when each
 * finished, and its work (the session's own summary). */
struct station_day {
	int n;
	double finished_at[16], work_s[16];
	double now;
};

static void station_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	struct station_day *d = ctx;
	struct session_summary sum;

	(void)out;
	session_get_summary(s, &sum);
	if (d->n < 16) {
		d->finished_at[d->n] = d->now;
		d->work_s[d->n] = sum.work_s;
	}
	d->n++;
}

/* Headless on a live sensor: one session, as before; with `seconds` and
 * restart_s (run --headless --seconds on a sensor), session after session,
 * each restart_s after the last summary, until that much sample time.
 * Oracle: the work target each full session reached (its own summary),
 * the clock the test drives, and the sample time asked for. */
static void headless_station_runs_the_day(void **state)
{
	for (int day = 0; day < 2; day++) {
		struct station_day d = { .now = 0.0 };
		struct kiosk_hooks hooks = { .ctx = &d, .session_finished = station_finished };
		struct kiosk_options ko = headless_options();
		struct counting c = { 0 };
		struct kiosk *k;
		double total = 0.0;
		int rc = 0;

		(void)state;
		if (day) {
			ko.seconds = 100.0;
			ko.restart_s = 5.0;
		}
		k = sim_kiosk(&c, &counting_ops, &ko, &hooks);
		for (int frame = 0; rc == 0 && frame < 50000; frame++) {   /* 50 frames a second */
			d.now = frame * 0.02;
			rc = kiosk_step(k, d.now);
		}
		assert_int_equal(rc, 1);   /* it ended by itself */
		kiosk_free(k);
		fclose(ko.out);
		if (!day) {   /* one session: the work target ends it and the run */
			assert_int_equal(d.n, 1);
			assert_true(d.work_s[0] >= 20.0);
			assert_true(d.now - d.finished_at[0] < 0.1);
			continue;
		}
		assert_true(d.n >= 3 && d.n <= 16);
		for (int i = 0; i < d.n - 1; i++)   /* every session but the last reached its target */
			assert_true(d.work_s[i] >= 20.0 - 1e-9);
		assert_true(d.work_s[d.n - 1] < 20.0);   /* the last one was stopped */
		/* The sim hands out samples at the test's clock's pace: the first
		 * session ran from 0, each next from restart_s after the last
		 * summary, and their sample time adds up to what was asked. */
		for (int i = 1; i < d.n; i++)
			assert_true(d.finished_at[i] - d.finished_at[i - 1] > 5.0);
		total = d.finished_at[d.n - 1] - 5.0 * (d.n - 1);
		assert_true(fabs(total - 100.0) < 0.1);
	}
}

/* The real loop, SDL's dummy video driver, on the start screen with nothing
 * to do: poll_input is called once a loop turn, so it counts the turns;
 * it quits once the third frame is on the screen. Frames come once a
 * second there (the idle redraw, which feeds the systemd watchdog), so
 * the turns counted span two seconds, with no clock of the test's own.
 * The old loop turned ~100 times a second. */
struct idle_rig {
	int turns, frames;
	bool quit;
};

static enum ui_cmd idle_poll_input(void *ctx)
{
	struct idle_rig *r = ctx;

	if (r->quit)   /* called until it says nothing more */
		return UI_CMD_NONE;
	r->turns++;
	r->quit = r->frames >= 3;
	return r->quit ? UI_CMD_QUIT : UI_CMD_NONE;
}

static int idle_input_fd(void *ctx)
{
	(void)ctx;
	return -1;
}

static double idle_input_due_s(void *ctx)
{
	(void)ctx;
	return INFINITY;
}

static void idle_frame(void *ctx, double now_s)
{
	(void)now_s;
	((struct idle_rig *)ctx)->frames++;
}

/* Headless there are no frames, but the hook stands for them once a loop
 * turn: cmd_run retries unsaved sessions and feeds systemd's watchdog
 * there, so a headless station saves a session that met a locked history
 * while it runs, not only at exit. Counted: turns after the first session
 * finished (0 before the hook was called headless). */
struct headless_rig {
	int turns, turns_after_first;
	bool finished_one;
};

static void headless_turn(void *ctx, double now_s)
{
	struct headless_rig *r = ctx;

	(void)now_s;
	r->turns++;
	r->turns_after_first += r->finished_one;
}

static void headless_finished(void *ctx, const struct session *s, struct ui_history *out)
{
	(void)s;
	(void)out;
	((struct headless_rig *)ctx)->finished_one = true;
}

static void headless_loop_turns_stand_for_frames(void **state)
{
	struct headless_rig r = { 0 };
	struct kiosk_hooks hooks = { .ctx = &r, .frame_presented = headless_turn,
				     .session_finished = headless_finished };
	struct kiosk_options ko = headless_options();
	struct sim_settings set = sim_default_settings;
	struct source *src;

	(void)state;
	ko.seconds = 60.0;
	ko.restart_s = 1.0;
	set.scenario = SIM_DYNAMIC;
	assert_int_equal(source_open_sim(&src, &set, 200.0), 0);
	assert_int_equal(kiosk_run(&ko, src, &hooks), 0);
	fclose(ko.out);
	assert_true(r.finished_one);
	assert_true(r.turns > 0);
	assert_true(r.turns_after_first > 0);
}

static void idle_loop_sleeps(void **state)
{
	struct idle_rig rig = { 0 };
	struct kiosk_hooks hooks = {
		.ctx = &rig, .poll_input = idle_poll_input, .input_fd = idle_input_fd,
		.input_due_s = idle_input_due_s, .frame_presented = idle_frame,
	};
	struct kiosk_options ko = options();
	struct source *src;

	(void)state;
	setenv("SDL_VIDEODRIVER", "dummy", 1);
	setenv("SDL_AUDIODRIVER", "dummy", 1);
	ko.ui.window = true;
	ko.ui.software = true;
	ko.ui.width = 320;
	ko.ui.height = 200;
	assert_int_equal(source_open_sim(&src, NULL, 1.0), 0);
	assert_int_equal(kiosk_run(&ko, src, &hooks), 0);
	print_message("idle: %d loop turns for 3 frames (2 s)\n", rig.turns);
	/* 4 a second for 2 s at the 250 ms cap for SDL's events, the first
	 * and the quitting turn, two to spare */
	assert_true(rig.turns >= 3 && rig.turns <= 4 * 2 + 1 + 2 + 1);
}

/* A live sensor whose gyroscope reads 3x the turn (the virtual patient's
 * own fault, the oracle): after the session, the summary is read for
 * summary_s and the start screen comes back for the next person, saying
 * plainly what is wrong with the sensor. A correct sensor gets no line, and
 * one the history knew to be faulty gets it from the first start screen. */
static void start_screen_names_a_faulty_gyro(void **state)
{
	static const double scales[] = { 3.0, 1.0 };
	struct kiosk_options ko = options();
	struct kiosk *k;
	double now = 0;

	(void)state;
	for (int i = 0; i < 2; i++) {
		static struct counting counter;
		struct sim_settings sim = sim_default_settings;
		struct source *src;

		sim.scenario = SIM_HOLDS;
		sim.seed = 4;
		sim.gyr_scale = scales[i];
		sim.gyr_bias_max_dps = 10.0;
		assert_int_equal(source_open_sim(&counter.inner, &sim, 1.0), 0);
		assert_int_equal(source_wrap(&src, &counting_ops, &counter), 0);
		assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
		assert_int_equal(kiosk_view(k)->sensor_hint[0], '\0');
		kiosk_command(k, UI_CMD_START_PAUSE);
		run_frames(k, &now, 60 * 60);
		kiosk_command(k, UI_CMD_FINISH_NOW);
		run_frames(k, &now, 2);
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_SUMMARY);
		run_frames(k, &now, (int)(ko.summary_s * 60) + 2);
		assert_int_equal(kiosk_view(k)->screen, UI_SCREEN_START);
		if (scales[i] == 3.0)
			assert_non_null(strstr(kiosk_view(k)->sensor_hint, "gyroscope reads 3."));
		else
			assert_int_equal(kiosk_view(k)->sensor_hint[0], '\0');
		kiosk_free(k);
	}

	/* the history's last row said so: the first start screen says it too */
	{
		static struct counting counter;
		struct sim_settings sim = sim_default_settings;
		struct source *src;

		ko.last_gyro.scale_checks = 4;
		ko.last_gyro.scale = 2.5;
		ko.last_gyro.scale_out_of_tol = true;
		assert_int_equal(source_open_sim(&counter.inner, &sim, 1.0), 0);
		assert_int_equal(source_wrap(&src, &counting_ops, &counter), 0);
		assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
		assert_non_null(strstr(kiosk_view(k)->sensor_hint, "gyroscope reads 2.5x"));
		kiosk_free(k);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(warning_within_one_frame_recording),
		cmocka_unit_test(warning_within_one_frame_simulated),
		cmocka_unit_test(sensor_lost_keeps_session),
		cmocka_unit_test(silent_sensor_is_lost),
		cmocka_unit_test(commands_drive_the_session),
		cmocka_unit_test(walked_away_session_is_finished_and_saved),
		cmocka_unit_test(finish_asks_once),
		cmocka_unit_test(calibration_can_be_skipped),
		cmocka_unit_test(new_session_starts_sources_over),
		cmocka_unit_test(cues_follow_the_alerts),
		cmocka_unit_test(replay_is_paced_by_trace_time),
		cmocka_unit_test(headless_prints_json_lines),
		cmocka_unit_test(summary_compares_and_says_when_not_saved),
		cmocka_unit_test(summary_without_history),
		cmocka_unit_test(loop_timeout_is_the_deadline),
		cmocka_unit_test(loop_deadlines_are_the_kiosks),
		cmocka_unit_test(headless_station_runs_the_day),
		cmocka_unit_test(headless_loop_turns_stand_for_frames),
		cmocka_unit_test(idle_loop_sleeps),
		cmocka_unit_test(start_screen_names_a_faulty_gyro),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
