// SPDX-License-Identifier: MIT
/*
 * The kiosk loop. One thread: it polls the source (the IMU thread's ring;
 * sim and replay are computed in place), runs the core, draws at the
 * display's pace, and sleeps in poll() on the source's and the buttons'
 * descriptors until the nearest deadline (next paced sample, next frame,
 * input deadline, demo timer), SDL's events at least every 250 ms.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "clock.h"
#include "core/vec.h"
#include "event_json.h"
#include "kiosk/kiosk.h"
#include "kiosk/kiosk_legs.h"
#include "kiosk/kiosk_progress.h"
#include "kiosk/kiosk_slr.h"
#include "kiosk/kiosk_patients.h"
#include "ui/audio.h"

#define KIOSK_MAX_SAMPLES_PER_STEP 100000
#define KIOSK_WARN_REPEAT_S 5.0    /* warning tone repeats while still held */
#define KIOSK_IDLE_REDRAW_S 1.0    /* an unchanged screen is redrawn this often */
#define KIOSK_FRAME_S (1.0 / 60.0)
#define KIOSK_SILENT_S 1.0         /* a live source this long without a sample is lost */
#define KIOSK_SUMMARY_S 60.0       /* a live session's summary stands this long (read, then gone) */
#define KIOSK_IDLE_FINISH_S 120.0  /* default idle_finish_s: two minutes of nothing is gone */
#define KIOSK_CONFIRM_S 5.0        /* "Finish the session?" stands this long unanswered */
#define KIOSK_CALIB_TIMEOUT_S 8.0  /* a Calibrate that finds no stillness gives up after this */
#define KIOSK_NOTE_S 6.0           /* a passing word on the exercise screen stands this long */
#define KIOSK_INPUT_POLL_S 0.015   /* poll_input at least this often when it has no input_due_s */
/* SDL2 has no descriptor for its event queue (X11, Wayland and KMSDRM's
 * evdev each have their own, inside SDL), and SDL_WaitEventTimeout polls
 * in 1 ms naps where the driver cannot wait (2.6 % of a core idle with
 * the dummy driver, measured): so events are pumped at every loop turn,
 * and the loop turns at least this often for them. 250 ms: at most 4
 * wakeups a second on an idle screen, a tap or a key answered within a
 * quarter second there (at once while the screen moves: the loop turns
 * with every frame). Headless it bounds how late a signal is seen when it
 * hits another thread than the one in poll(). */
#define KIOSK_EVENT_CAP_S 0.25

struct kiosk {
	struct kiosk_options opt;
	struct kiosk_hooks hooks;
	struct source *src;
	struct session *s;
	struct kiosk_leg2 *leg2;  /* sensor 2's session (two sensors, one per leg) */
	struct ui_audio *audio;
	struct source_status status;
	struct ui_view view;
	struct kiosk_modes modes;   /* left then right, massage, tempo (kiosk_modes.c) */
	bool started, finished, over, lost, ended;
	bool lost_shown;         /* the sensor-lost state last reported */
	bool silent;             /* a live source has sent nothing for KIOSK_SILENT_S */
	bool have_sample_now;
	double last_sample_now_s;  /* clock time of the latest sample */
	bool have_t;
	double t_last_s;
	double sample_s;         /* sample time run through, all sessions (--seconds) */
	struct ui_history history; /* what the hook said of the last finished session */
	struct orient_gyro_check gyro; /* the latest session's gyro check (start screen line) */
	double start_screen_since_s, summary_since_s, now_s;
	double active_now_s;     /* clock time of the session's latest rep, work or rep in progress */
	bool active;             /* kiosk_sample saw some this step */
	bool confirming;         /* "Finish the session?" is asked */
	double confirm_since_s;
	double calib_since_s;    /* clock time the session began calibrating */
	char note[96];           /* view.note, until note_until_s */
	char watch_notice[96];   /* hooks.watch's line (the USB export), before opt.notice */
	double note_until_s;
	double last_warn_tone_t_s;
	enum session_state last_state;
	struct kiosk_patients pt;  /* the patient flow: picker, pain, symptoms, clinician */
	bool save_waits;           /* a finished session waits for the pain question */
	char err[512];
	struct kiosk_slr slr;    /* the straight-leg-raise test, when active */
	bool progress_on;        /* the progress screen shows progress */
	struct ui_progress progress;
};

static void kiosk_emit_cue(struct kiosk *k, enum kiosk_cue cue)
{
	static const enum ui_tone tone[KIOSK_CUE_N] = {
		[KIOSK_CUE_REP] = UI_TONE_REP,
		[KIOSK_CUE_PREWARN] = UI_TONE_PREWARN,
		[KIOSK_CUE_WARN] = UI_TONE_WARN,
		[KIOSK_CUE_CLEAR] = UI_TONE_N,   /* silent */
		[KIOSK_CUE_CEILING] = UI_TONE_CEILING,
	};

	ui_audio_play(k->audio, tone[cue]);
	if (k->hooks.cue)
		k->hooks.cue(k->hooks.ctx, cue);
}

/* The modes' cues (kiosk_modes.h): sounds; the static stretch in a
 * massage also lights the LED as a pre-warning does. */
static void kiosk_modes_emit(struct kiosk *k, unsigned cues)
{
	if (cues & KIOSK_MODES_TICK)
		ui_audio_play(k->audio, UI_TONE_TICK);
	if (cues & KIOSK_MODES_MASSAGE_CUE)
		ui_audio_play(k->audio, UI_TONE_GENTLE);
	if (cues & KIOSK_MODES_SWITCH)
		ui_audio_play(k->audio, UI_TONE_SWITCH);
	if (cues & KIOSK_MODES_STATIC)
		kiosk_emit_cue(k, KIOSK_CUE_PREWARN);
	if ((cues & KIOSK_MODES_RELAXED) && motion_get_alert(&k->s->motion) == MOTION_ALERT_NONE)
		kiosk_emit_cue(k, KIOSK_CUE_CLEAR);
}

static FILE *kiosk_out(const struct kiosk *k)
{
	return k->opt.out ? k->opt.out : stdout;
}

void kiosk_print_event(FILE *f, const struct motion_event *ev, double hold_s)
{
	event_json_write(f, ev, hold_s, true);   /* analyze's objects, tagged */
	fputc('\n', f);
}

static void json_puts(FILE *f, const char *s);
static void kiosk_refresh_view(struct kiosk *k);

/* The summary line; "saved" (and "not_saved", why) when the hook said. */
static void kiosk_print_summary(struct kiosk *k)
{
	struct session_summary sum;
	FILE *f = kiosk_out(k);

	session_get_summary(k->s, &sum);
	fprintf(f, "{\"t_s\": %.3f, \"event\": \"summary\", \"reps\": %d, \"work_s\": %.2f, "
		"\"duration_s\": %.2f, \"mean_peak_deg\": %.1f, \"best_peak_deg\": %.1f, "
		"\"longest_hold_s\": %.2f, \"holds\": %d, \"warnings\": %d, \"tempo_reps_per_min\": %.1f",
		k->t_last_s, sum.reps, sum.work_s, sum.duration_s, sum.mean_peak_deg, sum.best_peak_deg,
		sum.longest_hold_s, sum.holds, sum.warnings, sum.tempo_reps_per_min);
	kiosk_modes_summary_json(&k->modes, k->s, f);
	if (k->history.saved == UI_SAVED_OK)
		fprintf(f, ", \"saved\": true");
	else if (k->history.saved == UI_SAVED_FAILED) {
		fprintf(f, ", \"saved\": false, \"not_saved\": \"");
		json_puts(f, k->history.why);
		fputc('"', f);
	}
	fprintf(f, "}\n");
	fflush(f);
}

/* Sensor 2's core events (two sensors): the same cues as sensor 1's, and
 * headless, the same line with its leg in front. */
static void kiosk_leg2_event(void *ctx, enum leg leg, const struct motion_event *ev, double hold_s)
{
	struct kiosk *k = ctx;
	const char *name = leg_name(leg);

	if (k->opt.headless) {
		FILE *f = kiosk_out(k);
		char *text = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&text, &len);

		if (m) {
			event_json_write(m, ev, hold_s, true);
			if (fclose(m) == 0 && len > 1)
				fprintf(f, "{\"leg\": \"%s\", %s\n", name ? name : "?", text + 1);
			free(text);
		}
	}
	if (ev->type == MOTION_EV_REP && session_get_state(k->s) != SESSION_PAUSED)
		kiosk_emit_cue(k, KIOSK_CUE_REP);
	else if (ev->type == MOTION_EV_PREWARN)
		kiosk_emit_cue(k, KIOSK_CUE_PREWARN);
	else if (ev->type == MOTION_EV_WARN)
		kiosk_emit_cue(k, KIOSK_CUE_WARN);
}

/* A finished session s to the hooks, with what the kiosk knows of it
 * besides the core's record (the patient, pain, symptoms; side: the leg
 * its sensor is on with two sensors, else UI_SIDE_NONE: the meta's own);
 * out: what became of it. */
static void kiosk_report_session(struct kiosk *k, const struct session *s, enum ui_side side,
				 struct ui_history *out)
{
	struct history_meta meta = *kiosk_patients_meta(&k->pt);

	if (side != UI_SIDE_NONE)
		meta.side = side == UI_SIDE_LEFT ? HISTORY_SIDE_LEFT : HISTORY_SIDE_RIGHT;
	memset(out, 0, sizeof(*out));
	if (k->hooks.session_finished_meta)
		k->hooks.session_finished_meta(k->hooks.ctx, s, &meta, out);
	else if (k->hooks.session_finished)
		k->hooks.session_finished(k->hooks.ctx, s, out);
}

/* Sensor 2's session ends with sensor 1's: saved through the same hook (a
 * session of its own), and headless its summary line with its leg. */
static void kiosk_leg2_finished(struct kiosk *k)
{
	const struct session *s2 = kiosk_leg2_session(k->leg2);
	struct ui_history h2;
	struct session_summary sum;

	if (!s2)
		return;
	/* what this session was: its own leg, no tempo measured on it */
	if (k->hooks.mode_info) {
		struct kiosk_mode_info info = { .mode = UI_MODE_STRETCH, .side = kiosk_leg2_side(k->leg2, 1) };

		k->hooks.mode_info(k->hooks.ctx, &info);
	}
	kiosk_report_session(k, s2, kiosk_leg2_side(k->leg2, 1), &h2);
	if (k->opt.headless) {
		session_get_summary(s2, &sum);
		fprintf(kiosk_out(k), "{\"leg\": \"%s\", \"t_s\": %.3f, \"event\": \"summary\", \"reps\": %d, "
			"\"work_s\": %.2f, \"holds\": %d, \"warnings\": %d%s}\n",
			leg_name(k->leg2->legs[1]) ? leg_name(k->leg2->legs[1]) : "?", k->t_last_s, sum.reps,
			sum.work_s, sum.holds, sum.warnings, h2.saved == UI_SAVED_OK ? ", \"saved\": true" : "");
		fflush(kiosk_out(k));
	}
}

/* The finished session (or the left half of a set) to the hooks. */
static void kiosk_report_finished(struct kiosk *k)
{
	kiosk_report_session(k, k->s, kiosk_leg2_side(k->leg2, 0), &k->history);
}

/* The finished session to the hooks (the history), then the summary;
 * sensor 2's after it (two sensors). */
static void kiosk_save(struct kiosk *k)
{
	k->save_waits = false;
	k->summary_since_s = k->now_s;
	kiosk_report_finished(k);
	if (k->opt.headless)
		kiosk_print_summary(k);
	kiosk_leg2_finished(k);
}

/* Reports state changes, and the end of a session exactly once. */
static void kiosk_note_state(struct kiosk *k)
{
	enum session_state st = session_get_state(k->s);

	if (!k->started || st == k->last_state)
		return;
	k->last_state = st;
	if (st == SESSION_CALIBRATING)
		k->calib_since_s = k->now_s;
	if (k->opt.headless)
		fprintf(kiosk_out(k), "{\"t_s\": %.3f, \"event\": \"state\", \"state\": \"%s\"}\n",
			k->t_last_s, session_state_name(st));
	if (st == SESSION_DONE && !k->finished) {
		struct kiosk_mode_info info;
		bool half = kiosk_modes_side_done(&k->modes, k->s, k->now_s, &info);

		if (info.side == UI_SIDE_NONE)   /* two sensors: sensor 1's leg */
			info.side = kiosk_leg2_side(k->leg2, 0);
		if (k->hooks.mode_info)
			k->hooks.mode_info(k->hooks.ctx, &info);
		if (half) {   /* the left of left-then-right: kept, saved, switch legs */
			k->confirming = false;
			kiosk_report_finished(k);   /* its history line shown if the set ends here */
			if (k->opt.headless)
				fprintf(kiosk_out(k), "{\"t_s\": %.3f, \"event\": \"switch_sides\", \"side\": \"left\", "
					"\"reps\": %d}\n", k->t_last_s, session_reps(k->s));
			kiosk_modes_emit(k, KIOSK_MODES_SWITCH);
			return;
		}
		k->finished = true;
		k->confirming = false;
		kiosk_leg2_follow(k->leg2, SESSION_DONE);   /* both legs end together */
		/* a patient's session asks the pain after first (not when the
		 * program ends, nor headless: nobody to ask; nor for a session
		 * with nothing in it, which is not kept) */
		k->save_waits = kiosk_patients_finished(&k->pt, !k->over && !k->opt.headless &&
							(session_reps(k->s) > 0 || k->s->n_holds > 0), k->now_s);
		if (!k->save_waits)
			kiosk_save(k);
	}
}

/* A fresh core with set, and the kiosk's record of it (a new session, or
 * the right side of a set). */
static void kiosk_session_begin(struct kiosk *k, const struct session_settings *set)
{
	session_init(k->s, set);
	memset(&k->history, 0, sizeof(k->history));
	k->last_state = (enum session_state)-1;
	k->last_warn_tone_t_s = -1e9;
	k->active_now_s = k->now_s;
	kiosk_note_state(k);
}

/* A new session. A source that can start over does (the demo patient gets
 * on the mat again, a replay plays from its first line); a live one was
 * drained meanwhile. */
static void kiosk_start(struct kiosk *k)
{
	struct session_settings rx, set;

	if (source_rewind(k->src) == 0)
		k->ended = false;
	kiosk_patients_settings(&k->pt, &k->opt.set, &rx);   /* the patient's prescription */
	kiosk_modes_begin(&k->modes, &rx, &set);
	kiosk_leg2_start(k->leg2, k->src, &set);
	k->started = true;
	k->finished = false;
	k->have_t = false;   /* --seconds sums the sessions, not the pauses between them */
	kiosk_session_begin(k, &set);
}

/* The right side of a left-then-right set: a fresh core on the new leg
 * (its rest learnt anew; nothing of the left's pose is kept), the source
 * going on where it is (the person is the same, mid-session). */
static void kiosk_next_side(struct kiosk *k)
{
	struct session_settings rx, set;

	kiosk_patients_settings(&k->pt, &k->opt.set, &rx);
	kiosk_modes_next_side(&k->modes, &rx, &set);
	kiosk_session_begin(k, &set);
}

/* The set ends at the switch screen (Finish there, or nobody came back
 * for idle_finish_s): the left's summary, already saved, stands for it. */
static void kiosk_end_set(struct kiosk *k)
{
	kiosk_modes_end_set(&k->modes);
	k->finished = true;
	k->summary_since_s = k->now_s;
	if (k->opt.headless)
		kiosk_print_summary(k);
}

/* A session with reps that nobody finished: no rep, no work and no rep in
 * progress (a hold is one) for idle_finish_s on the clock (a sensor gone
 * quiet too: the person walked away) ends as a Finish would, so it is
 * saved and the summary goes back to the start screen for the next one.
 * Only WORKING: a paused session was paused on purpose, and a session
 * without a rep has nothing to keep. */
static void kiosk_idle_finish(struct kiosk *k)
{
	if (!k->started || k->finished || k->over)
		return;
	k->active |= k->leg2->active;   /* the other leg working counts (two sensors) */
	k->leg2->active = false;
	if (k->active || session_get_state(k->s) != SESSION_WORKING) {
		k->active = false;
		k->active_now_s = k->now_s;
		return;
	}
	if (k->opt.idle_finish_s > 0 && k->now_s - k->active_now_s >= k->opt.idle_finish_s) {
		session_stop(k->s);
		kiosk_note_state(k);
	}
}

/* The session goes on with the rest it had: the person skipped the
 * calibration, or it found no stillness in KIOSK_CALIB_TIMEOUT_S. */
static void kiosk_skip_calibration(struct kiosk *k, const char *why)
{
	if (!session_cancel_calibration(k->s))
		return;
	snprintf(k->note, sizeof(k->note), "%s", why);
	k->note_until_s = k->now_s + KIOSK_NOTE_S;
}

/* The summary was read: the next person finds the start screen. */
static void kiosk_summary_read(struct kiosk *k)
{
	k->started = false;
	k->start_screen_since_s = k->now_s;
}

/* Next screen, dismiss: what it means depends on the screen. */
static void kiosk_next(struct kiosk *k)
{
	enum session_state st = session_get_state(k->s);

	if (!k->started)
		return;   /* the start screen: Start starts (Next chose the mode) */
	if (k->modes.switching) {
		kiosk_next_side(k);
	} else if (k->modes.mode == UI_MODE_LEFT_RIGHT && k->modes.side == 0 && st != SESSION_DONE &&
		   st != SESSION_CALIBRATING) {
		session_stop(k->s);   /* done with the left: on to the right */
	} else if (st == SESSION_DONE) {
		kiosk_summary_read(k);
	} else if (st == SESSION_CALIBRATING ||
		   (st == SESSION_PAUSED && k->s->state_before_pause == SESSION_CALIBRATING)) {
		kiosk_skip_calibration(k, "Calibration skipped: the previous rest is kept");
	}
	/* the exercise screen (a standing warning included): nothing to
	 * dismiss, the warning stands until the leg moves */
}

/* ---- the SLR test and the progress screen (kiosk_slr.h, kiosk_progress.h) ---- */

int kiosk_slr_begin(struct kiosk *k, enum history_side side)
{
	if (k->started && !k->finished)
		return -EBUSY;   /* a session runs: Finish it first */
	k->started = false;
	k->progress_on = false;
	kiosk_slr_start(&k->slr, side, k->status.simulated, k->now_s);
	kiosk_refresh_view(k);
	return 0;
}

void kiosk_set_patient(struct kiosk *k, struct history *h, int64_t patient_id, const char *name)
{
	kiosk_slr_set_patient(&k->slr, h, patient_id, name);
}

int kiosk_progress_begin(struct kiosk *k, int64_t now)
{
	int rc;

	if (k->started && !k->finished)
		return -EBUSY;
	if (!k->slr.h)
		return -ENOENT;   /* nobody's progress to show */
	rc = kiosk_progress_load(k->slr.h, k->slr.patient_id, now, &k->progress);
	if (rc)
		return rc;
	k->started = false;
	k->slr.active = false;
	k->progress_on = true;
	kiosk_refresh_view(k);
	return 0;
}

/* The SLR and progress screens take every command while they show. */
static bool kiosk_slr_or_progress_command(struct kiosk *k, enum ui_cmd cmd)
{
	if (k->slr.active) {
		if (cmd == UI_CMD_QUIT)
			k->over = true;
		if (kiosk_slr_command(&k->slr, cmd, k->now_s))
			k->start_screen_since_s = k->now_s;
		kiosk_refresh_view(k);
		return true;
	}
	if (k->progress_on && cmd != UI_CMD_NONE) {
		if (cmd == UI_CMD_QUIT)
			k->over = true;
		k->progress_on = false;   /* any button: back to the start screen */
		k->start_screen_since_s = k->now_s;
		kiosk_refresh_view(k);
		return true;
	}
	return false;
}

/* The SLR test's samples: the demo's simulated raise, or the source's. */
static void kiosk_slr_pump(struct kiosk *k, double now_s)
{
	struct sample smp;
	int rc = 0;

	if (k->slr.demo) {
		kiosk_slr_step(&k->slr, now_s);
		return;
	}
	for (int i = 0; i < KIOSK_MAX_SAMPLES_PER_STEP && (rc = source_poll(k->src, now_s, &smp)) == 1; i++) {
		k->lost = false;
		k->have_sample_now = true;
		k->last_sample_now_s = now_s;
		kiosk_slr_sample(&k->slr, &smp);
	}
	if (rc < 0 && rc != -ENODATA && !source_error(k->src))
		k->lost = true;
}

/* What the patient flow asks of the kiosk; true: the command was its. */
static bool kiosk_patients_act(struct kiosk *k, enum kiosk_pt_act act)
{
	switch (act) {
	case KIOSK_PT_PASS:
		return false;
	case KIOSK_PT_TAKEN:
		break;
	case KIOSK_PT_START:
		kiosk_start(k);
		break;
	case KIOSK_PT_HOME:
		if (k->save_waits)
			kiosk_save(k);
		kiosk_summary_read(k);
		break;
	case KIOSK_PT_SAVE:
		kiosk_save(k);
		break;
	}
	kiosk_note_state(k);
	return true;
}

void kiosk_command(struct kiosk *k, enum ui_cmd cmd)
{
	enum session_state st = session_get_state(k->s);

	/* The question "Finish the session?" takes the next command: Finish
	 * again confirms, anything else only answers it (Keep going). */
	if (k->confirming && cmd != UI_CMD_NONE && cmd != UI_CMD_QUIT) {
		k->confirming = false;
		if (cmd == UI_CMD_FINISH || cmd == UI_CMD_FINISH_NOW)
			session_stop(k->s);
		kiosk_note_state(k);
		return;
	}
	if (kiosk_slr_or_progress_command(k, cmd))
		return;
	if (kiosk_patients_act(k, kiosk_patients_command(&k->pt, cmd, k->s, k->started, k->now_s)))
		return;
	if (!k->started && kiosk_modes_choose(&k->modes, cmd)) {
		k->start_screen_since_s = k->now_s;   /* someone is there: the demonstration again */
		kiosk_refresh_view(k);
		return;
	}
	if (k->modes.switching && (cmd == UI_CMD_FINISH || cmd == UI_CMD_FINISH_NOW)) {
		kiosk_end_set(k);   /* no right side today (asked once: it is no slip to undo) */
		return;
	}
	switch (cmd) {
	case UI_CMD_NONE:
	case UI_CMD_MODE_STRETCH:
	case UI_CMD_MODE_LEFT_RIGHT:
	case UI_CMD_MODE_MASSAGE:
	default:   /* the patient screens' own */
		return;
	case UI_CMD_SLR:
		kiosk_slr_begin(k, HISTORY_SIDE_LEFT);
		break;
	case UI_CMD_PROGRESS:
		kiosk_progress_begin(k, (int64_t)time(NULL));
		break;
	case UI_CMD_START_PAUSE:
		if (k->modes.switching) {
			kiosk_next_side(k);
		} else if (!k->started || st == SESSION_DONE) {
			if (!kiosk_patients_begin(&k->pt, true, k->now_s))
				kiosk_start(k);   /* else the picker first */
		} else {
			session_toggle_pause(k->s);
		}
		break;
	case UI_CMD_CALIBRATE:
		if (k->started && st != SESSION_DONE)
			session_recalibrate(k->s);
		break;
	case UI_CMD_FINISH:
		/* a tap or a key can be a slip: ask once */
		if (k->started && st != SESSION_DONE) {
			k->confirming = true;
			k->confirm_since_s = k->now_s;
		}
		break;
	case UI_CMD_FINISH_NOW:
		if (k->started)
			session_stop(k->s);
		break;
	case UI_CMD_NEXT:
		kiosk_next(k);
		break;
	case UI_CMD_QUIT:
		/* a session cut short is still kept (history) */
		if (k->started && st != SESSION_DONE && (session_reps(k->s) > 0 || k->modes.mode == UI_MODE_MASSAGE))
			session_stop(k->s);
		k->over = true;
		if (k->save_waits)   /* the pain after unanswered: keep the session */
			kiosk_save(k);
		break;
	}
	kiosk_note_state(k);
}

/* The right side begins when the switch is due, at a sample (never at a
 * step's end: how many samples a step brings is the wall clock's). */
static void kiosk_switch_at_sample(struct kiosk *k)
{
	if (k->modes.switching && kiosk_modes_switch_due(&k->modes, k->s, k->opt.auto_start))
		kiosk_next_side(k);
}

static void kiosk_sample(struct kiosk *k, const struct sample *smp)
{
	struct motion_event ev[MOTION_MAX_EVENTS];
	bool watching = k->modes.switching;
	enum motion_alert alert_before = motion_get_alert(&k->s->motion);
	int n;
	int reps_before = session_reps(k->s);
	bool over_before = session_over_ceiling(k->s);
	double work_before = session_work_s(k->s);

	/* a source that started over goes back in time: that adds nothing */
	if (k->have_t && smp->t_s > k->t_last_s)
		k->sample_s += smp->t_s - k->t_last_s;
	k->have_t = true;
	k->t_last_s = smp->t_s;
	n = session_update(k->s, smp, ev);
	if (watching) {
		/* the left side is done and kept: its core only watches the sensor
		 * go to the other thigh; what its motion sees is nobody's event */
		kiosk_switch_at_sample(k);
		return;
	}
	kiosk_modes_emit(k, kiosk_modes_sample(&k->modes, k->s, smp));
	for (int i = 0; i < n; i++) {
		if (k->opt.headless)
			kiosk_print_event(kiosk_out(k), &ev[i], motion_hold_s(&k->s->motion));
		if (k->hooks.event)
			k->hooks.event(k->hooks.ctx, &ev[i]);
		if (ev[i].type == MOTION_EV_REP && session_get_state(k->s) != SESSION_PAUSED)
			kiosk_emit_cue(k, KIOSK_CUE_REP);
		else if (ev[i].type == MOTION_EV_PREWARN)
			kiosk_emit_cue(k, KIOSK_CUE_PREWARN);
		else if (ev[i].type == MOTION_EV_WARN) {
			kiosk_emit_cue(k, KIOSK_CUE_WARN);
			k->last_warn_tone_t_s = smp->t_s;
		}
	}
	if (!over_before && session_over_ceiling(k->s) && session_get_state(k->s) == SESSION_WORKING)
		kiosk_emit_cue(k, KIOSK_CUE_CEILING);   /* "ease off", once per pass */
	if (alert_before != MOTION_ALERT_NONE && motion_get_alert(&k->s->motion) == MOTION_ALERT_NONE)
		kiosk_emit_cue(k, KIOSK_CUE_CLEAR);
	if (motion_get_alert(&k->s->motion) == MOTION_ALERT_WARN &&
	    smp->t_s - k->last_warn_tone_t_s >= KIOSK_WARN_REPEAT_S) {
		kiosk_emit_cue(k, KIOSK_CUE_WARN);
		k->last_warn_tone_t_s = smp->t_s;
	}
	if (session_reps(k->s) != reps_before || session_work_s(k->s) != work_before || k->s->motion.in_rep)
		k->active = true;
	kiosk_note_state(k);
	kiosk_switch_at_sample(k);   /* headless: the right side's first sample is the next */
	if (k->opt.seconds > 0 && k->sample_s >= k->opt.seconds &&
	    session_get_state(k->s) != SESSION_DONE) {
		session_stop(k->s);
		kiosk_note_state(k);
		k->over = true;
	}
}

/* s as the inside of a JSON string */
static void json_puts(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

/* A sensor whose gyroscope the session found out of tolerance gets a plain
 * line where the start screen says what to check (when nothing else needs
 * saying there): the count is corrected, the part is suspect. */
static void gyro_line(struct kiosk *k, struct ui_view *v)
{
	struct orient_gyro_check c;

	if (k->started) {
		orient_gyro_check(&k->s->motion.orient, &c);
		if (c.scale_checks > 0 || c.bias_known)
			k->gyro = c;
	}
	if (v->sensor_hint[0])
		return;
	if (k->gyro.scale_out_of_tol)
		snprintf(v->sensor_hint, sizeof(v->sensor_hint),
			 "The sensor's gyroscope reads %.1fx the turn gravity shows (corrected): check "
			 "[sensor] gyro_range_dps, or run stretchrep probe --check-gyro", k->gyro.scale);
	else if (k->gyro.bias_out_of_tol)
		snprintf(v->sensor_hint, sizeof(v->sensor_hint),
			 "The sensor's gyroscope is offset %.0f deg/s, beyond its datasheet (corrected): "
			 "run stretchrep probe --check-gyro", vec_norm(k->gyro.bias_dps));
}

static void kiosk_refresh_view(struct kiosk *k)
{
	struct ui_view *v = &k->view;

	source_get_status(k->src, &k->status);
	if (k->started)
		ui_view_fill(v, k->s);
	v->screen = k->started ? ui_view_screen_for(session_get_state(k->s)) : UI_SCREEN_START;
	if (k->slr.active) {
		v->screen = UI_SCREEN_SLR;
		kiosk_slr_fill(&k->slr, &v->slr);
	} else if (k->progress_on) {
		v->screen = UI_SCREEN_PROGRESS;
		v->progress = k->progress;
	}
	if (kiosk_patients_screen(&k->pt) >= 0)
		v->screen = (enum ui_screen)kiosk_patients_screen(&k->pt);
	kiosk_patients_view(&k->pt, k->started ? k->s : NULL, k->started && !k->finished, &v->pt);
	v->demo = k->status.demo;
	v->sensor_lost = k->lost || k->silent || !k->status.connected;
	memcpy(v->sensor, k->status.what, sizeof(v->sensor));
	memcpy(v->sensor_hint, k->status.hint, sizeof(v->sensor_hint));
	if (k->silent && !k->status.hint[0])
		snprintf(v->sensor_hint, sizeof(v->sensor_hint), "no samples from the sensor for over %.0f s",
			 KIOSK_SILENT_S);
	if (!v->sensor_hint[0])
		memcpy(v->sensor_hint, k->opt.setup, sizeof(v->sensor_hint));
	gyro_line(k, v);
	memcpy(v->notice, k->watch_notice[0] ? k->watch_notice : k->opt.notice, sizeof(v->notice));
	v->confirm_finish = k->confirming;
	memcpy(v->note, k->note, sizeof(v->note));
	v->history = k->history;
	kiosk_modes_view(&k->modes, k->s, k->started, k->now_s - k->start_screen_since_s, v);
	kiosk_leg2_view(k->leg2, k->s, !v->sensor_lost, k->now_s, v);   /* after: its legs are the modes' */
	if (k->opt.headless && k->started && v->sensor_lost != k->lost_shown) {
		FILE *f = kiosk_out(k);

		fprintf(f, "{\"t_s\": %.3f, \"event\": \"%s\", \"sensor\": \"", k->t_last_s,
			v->sensor_lost ? "sensor_lost" : "sensor_back");
		json_puts(f, v->sensor_hint[0] && v->sensor_lost ? v->sensor_hint : v->sensor);
		fprintf(f, "\"}\n");
	}
	k->lost_shown = v->sensor_lost;
}

/* A new session starts by itself after the summary: a demo's (a scripted
 * one even when its script ran out: it rewinds), and headless with
 * --seconds a live sensor's, until that much sample time. */
static bool kiosk_restarts(const struct kiosk *k)
{
	if (k->opt.restart_s <= 0)
		return false;
	if (k->status.demo)
		return !k->ended || k->status.scripted;
	return k->opt.headless && k->opt.seconds > 0 && !k->ended;
}

int kiosk_step(struct kiosk *k, double now_s)
{
	k->now_s = now_s;
	kiosk_patients_act(k, kiosk_patients_step(&k->pt, now_s));
	if (kiosk_patients_screen(&k->pt) >= 0 || k->save_waits) {
		/* a patient screen stands: it has its own timeout */
	} else if (!k->started && !k->slr.active && !k->progress_on) {
		if (k->opt.auto_start ||
		    (k->opt.start_after_s > 0 && k->status.demo &&
		     now_s - k->start_screen_since_s >= k->opt.start_after_s)) {
			kiosk_patients_begin(&k->pt, false, now_s);
			kiosk_start(k);
		}
	} else if (k->finished && !k->over && kiosk_restarts(k) &&
		   now_s - k->summary_since_s >= k->opt.restart_s) {
		kiosk_patients_begin(&k->pt, false, now_s);
		kiosk_start(k);
	} else if (k->finished && !k->over && !k->opt.headless && !k->status.demo &&
		   k->opt.summary_s > 0 && now_s - k->summary_since_s >= k->opt.summary_s) {
		kiosk_summary_read(k);
	}
	/* Outside a session (start screen, summary) a live source is drained
	 * and its samples dropped, so the next session does not begin with a
	 * backlog; one that can start over waits (kiosk_start rewinds it). */
	bool drain = !(k->started && !k->finished) && !k->status.scripted && !k->slr.active;

	if (k->slr.active)
		kiosk_slr_pump(k, now_s);

	for (int i = 0; !k->over && !k->ended && i < KIOSK_MAX_SAMPLES_PER_STEP; i++) {
		/* re-evaluated per sample: a session that ends mid-step gets no more */
		bool running = k->started && !k->finished;
		struct sample smp;
		int rc, took2;

		if (!running && !drain)
			break;
		/* sensor 2 in step with sensor 1 (one sample each a turn) */
		took2 = kiosk_leg2_poll(k->leg2, k->src, now_s, running, 1, kiosk_leg2_event, k);
		rc = source_poll(k->src, now_s, &smp);

		if (rc == 1) {
			k->lost = false;
			k->silent = false;
			k->have_sample_now = true;
			k->last_sample_now_s = now_s;
			if (running)
				kiosk_sample(k, &smp);
			continue;
		}
		if (rc == 0 && took2 > 0)
			continue;
		if (rc == 0)
			break;
		if (rc == -ENODATA) {   /* the replay or a bounded sim ended */
			k->ended = true;
			if (k->started)
				session_stop(k->s);
			kiosk_note_state(k);
			break;
		}
		if (source_error(k->src)) {   /* a bad trace file: stop, say where */
			snprintf(k->err, sizeof(k->err), "%s", source_error(k->src));
			return rc;
		}
		k->lost = true;   /* the sensor went away: keep the session */
		break;
	}
	/* sensor 1 lost or done for this turn: sensor 2's leg goes on */
	if (!k->over && (k->started || !k->status.scripted))
		kiosk_leg2_poll(k->leg2, k->src, now_s, k->started && !k->finished,
				KIOSK_MAX_SAMPLES_PER_STEP, kiosk_leg2_event, k);
	/* A sensor can also stall without an error (a wedged FIFO, a thread
	 * that stopped): a live source that says nothing is lost too. */
	if (!k->status.scripted && k->started && !k->finished && k->have_sample_now &&
	    now_s - k->last_sample_now_s > KIOSK_SILENT_S)
		k->silent = true;
	if (k->confirming && (now_s - k->confirm_since_s >= KIOSK_CONFIRM_S || !k->started))
		k->confirming = false;   /* unanswered: the session goes on */
	/* a Calibrate that never found the leg still (the person moved on,
	 * the demo's patient never stops): back to the exercise, old rest */
	if (k->started && session_get_state(k->s) == SESSION_CALIBRATING &&
	    now_s - k->calib_since_s >= KIOSK_CALIB_TIMEOUT_S)
		kiosk_skip_calibration(k, "Calibration skipped: the leg did not keep still; the previous rest is kept");
	if (k->started && k->modes.switching) {
		/* headless nobody moves the sensor; the demo's patient goes on by itself */
		bool go = k->opt.auto_start || (k->opt.start_after_s > 0 && k->status.demo &&
						now_s - k->modes.switch_since_s >= k->opt.start_after_s);

		if (kiosk_modes_switch_due(&k->modes, k->s, go))
			kiosk_next_side(k);
		else if (k->opt.idle_finish_s > 0 && now_s - k->modes.switch_since_s >= k->opt.idle_finish_s)
			kiosk_end_set(k);   /* nobody came back to the station */
	}
	if (k->note[0] && (now_s >= k->note_until_s || !k->started))
		k->note[0] = '\0';
	kiosk_idle_finish(k);
	kiosk_leg2_follow(k->leg2, session_get_state(k->s));
	kiosk_refresh_view(k);
	if (k->hooks.view)
		k->hooks.view(k->hooks.ctx, kiosk_view(k));
	/* headless, one session; a demo that starts over goes on (--seconds) */
	if (k->over || (k->finished && k->opt.headless && !kiosk_restarts(k)))
		return 1;
	return 0;
}

void kiosk_options_default(struct kiosk_options *o)
{
	memset(o, 0, sizeof(*o));
	o->set = session_default_settings;
	kiosk_modes_options_default(&o->modes);
	o->volume = 0.6;
	o->summary_s = KIOSK_SUMMARY_S;
	o->idle_finish_s = KIOSK_IDLE_FINISH_S;
}

int kiosk_new(struct kiosk **out, const struct kiosk_options *opt, struct source *src,
	      const struct kiosk_hooks *hooks)
{
	struct kiosk *k = calloc(1, sizeof(*k));

	if (!k)
		return -ENOMEM;
	k->s = malloc(sizeof(*k->s));
	k->leg2 = calloc(1, sizeof(*k->leg2));
	if (!k->s || !k->leg2) {
		free(k->s);
		free(k->leg2);
		free(k);
		return -ENOMEM;
	}
	k->opt = *opt;
	if (hooks)
		k->hooks = *hooks;
	k->src = src;
	if (kiosk_modes_init(&k->modes, &opt->modes)) {
		kiosk_modes_deinit(&k->modes);
		free(k->s);
		free(k);
		return -ENOMEM;
	}
	session_init(k->s, &k->opt.set);
	/* a live second sensor is drained from the start screen on */
	k->leg2->n_sensors = source_sensors(src, k->leg2->legs);
	k->gyro = opt->last_gyro;
	kiosk_patients_init(&k->pt, opt->patients, opt->clinician_pin, opt->symptom_margin_deg, opt->patient_id,
			    &opt->set);
	k->pt.preset_side = opt->patient_side;
	/* A home station's one patient (run --patient): the SLR test and the
	 * progress screen are theirs. On a clinic's picker they are nobody's
	 * (shown, not kept) until kiosk_set_patient says whose: a result must
	 * never be filed under whoever exercised last. */
	if (opt->patients && opt->patient_id > 0) {
		struct patient p;

		if (patient_get(opt->patients, opt->patient_id, &p) == 0)
			kiosk_slr_set_patient(&k->slr, opt->patients, p.id, p.name);
	}
	source_get_status(src, &k->status);
	kiosk_refresh_view(k);
	*out = k;
	return 0;
}

void kiosk_free(struct kiosk *k)
{
	if (!k)
		return;
	source_close(k->src);
	kiosk_modes_deinit(&k->modes);
	free(k->s);
	free(k->leg2);
	free(k);
}

const struct ui_view *kiosk_view(const struct kiosk *k) { return &k->view; }
const struct session *kiosk_session(const struct kiosk *k) { return k->s; }
const char *kiosk_error(const struct kiosk *k) { return k->err; }

void kiosk_set_history(struct kiosk *k, const struct ui_history *h)
{
	k->history = *h;
	kiosk_refresh_view(k);
}
double kiosk_sample_t(const struct kiosk *k) { return k->t_last_s; }
void kiosk_patients_forget(struct kiosk *k) { k->pt.h = NULL; }

/* ---- the real loop ---- */

static volatile sig_atomic_t kiosk_signalled;

static void kiosk_on_signal(int sig)
{
	(void)sig;
	kiosk_signalled = 1;
}

double kiosk_due_s(const struct kiosk *k)
{
	double due = k->slr.active ? kiosk_slr_due_s(&k->slr, k->now_s) : INFINITY;

	if (k->slr.active && !k->slr.demo) {   /* a replay's next sample, during the SLR test */
		double w = source_wait_s(k->src, k->now_s);

		if (w >= 0)
			due = fmin(due, k->now_s + w);
	}

	if (!k->started && !k->slr.active && !k->progress_on && k->opt.start_after_s > 0 && k->status.demo)
		due = k->start_screen_since_s + k->opt.start_after_s;
	due = fmin(due, kiosk_patients_due_s(&k->pt));
	if (k->finished && !k->over && kiosk_restarts(k))
		due = fmin(due, k->summary_since_s + k->opt.restart_s);
	else if (k->finished && !k->over && !k->opt.headless && !k->status.demo && k->opt.summary_s > 0)
		due = fmin(due, k->summary_since_s + k->opt.summary_s);
	if (k->started && !k->finished && !k->ended && !k->over) {
		double w = source_wait_s(k->src, k->now_s);

		if (w >= 0)
			due = fmin(due, k->now_s + w);
		/* judged silent once strictly more than KIOSK_SILENT_S passed */
		if (!k->status.scripted && k->have_sample_now && !k->silent)
			due = fmin(due, k->last_sample_now_s + KIOSK_SILENT_S + 0.001);
		if (k->opt.idle_finish_s > 0 && session_get_state(k->s) == SESSION_WORKING)
			due = fmin(due, k->active_now_s + k->opt.idle_finish_s);
		if (k->confirming)
			due = fmin(due, k->confirm_since_s + KIOSK_CONFIRM_S);
		if (session_get_state(k->s) == SESSION_CALIBRATING)
			due = fmin(due, k->calib_since_s + KIOSK_CALIB_TIMEOUT_S);
		if (k->note[0])
			due = fmin(due, k->note_until_s);
		if (k->modes.switching && k->opt.idle_finish_s > 0)
			due = fmin(due, k->modes.switch_since_s + k->opt.idle_finish_s);
	}
	return due;
}

double kiosk_frame_due_s(bool changed, bool animates, double last_draw_s)
{
	return last_draw_s + (changed || animates ? KIOSK_FRAME_S : KIOSK_IDLE_REDRAW_S);
}

long kiosk_poll_timeout_us(double now_s, double due_s, long cap_us)
{
	double us = (due_s - now_s) * 1e6;

	if (us <= 0)
		return 0;
	if (us >= (double)cap_us)   /* INFINITY too */
		return cap_us;
	return (long)ceil(us);
}

/* The loop's sleep: poll() on what can wake it, until the nearest due. */
static void kiosk_sleep(struct kiosk *k, bool watch_source, double due_s)
{
	struct pollfd pfd[3];
	struct timespec ts;
	int n = 0;
	long us;
	double now = clock_mono_s();

	if (watch_source && (pfd[n].fd = source_fd(k->src)) >= 0)
		pfd[n++].events = POLLIN;
	if (k->hooks.poll_input) {
		if (k->hooks.input_fd && (pfd[n].fd = k->hooks.input_fd(k->hooks.ctx)) >= 0)
			pfd[n++].events = POLLIN;
		due_s = fmin(due_s, k->hooks.input_due_s ? k->hooks.input_due_s(k->hooks.ctx) :
				    now + KIOSK_INPUT_POLL_S);
	}
	if (k->hooks.watch_fd && (pfd[n].fd = k->hooks.watch_fd(k->hooks.ctx)) >= 0)
		pfd[n++].events = POLLIN;
	us = kiosk_poll_timeout_us(now, due_s, (long)(KIOSK_EVENT_CAP_S * 1e6));
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = us % 1000000 * 1000;
	/* EINTR (a signal) just ends the sleep early */
	ppoll(pfd, (nfds_t)n, &ts, NULL);
}

int kiosk_run(const struct kiosk_options *opt, struct source *src, const struct kiosk_hooks *hooks)
{
	struct ui_view last;
	struct kiosk *k = NULL;
	struct ui *ui = NULL;
	struct sigaction sa;
	char err[512];
	double t0 = clock_mono_s(), last_draw = 0;
	bool drawn = false;
	int rc, status = 0;

	if (!opt->headless) {
		rc = ui_open(&ui, &opt->ui, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "stretchrep run: %s\n", err);
			source_close(src);
			return 1;
		}
		fprintf(stderr, "stretchrep run: display: %s\n", ui_describe(ui, err, sizeof(err)));
	} else {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = kiosk_on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	rc = kiosk_new(&k, opt, src, hooks);
	if (rc) {
		fprintf(stderr, "stretchrep run: %s\n", strerror(-rc));
		source_close(src);
		status = 1;
		goto close_ui;
	}
	k->start_screen_since_s = t0;
	if (ui && ui_audio_open(&k->audio, opt->volume, opt->mute, err, sizeof(err)) && err[0])
		fprintf(stderr, "stretchrep run: sound: %s: the cues stay silent\n", err);   /* fine */

	for (;;) {
		double now = clock_mono_s();
		enum ui_cmd cmd;

		if (kiosk_signalled)
			kiosk_command(k, UI_CMD_QUIT);
		while (ui && (cmd = ui_poll(ui, 0)) != UI_CMD_NONE)
			kiosk_command(k, cmd);
		while (k->hooks.poll_input && (cmd = k->hooks.poll_input(k->hooks.ctx)) != UI_CMD_NONE)
			kiosk_command(k, cmd);
		if (k->hooks.watch)
			k->hooks.watch(k->hooks.ctx, k->watch_notice, sizeof(k->watch_notice));
		rc = kiosk_step(k, now);
		if (rc < 0) {
			fprintf(stderr, "stretchrep run: %s\n", k->err);
			status = rc == -EINVAL ? 2 : 1;
			break;
		}
		if (rc == 1)
			break;
		/* a live source wakes the loop through its descriptor while a
		 * session runs; between sessions it is drained at each turn */
		bool running = k->started && !k->finished;

		if (!ui) {
			fflush(kiosk_out(k));
			/* no frames headless: each turn stands for one (the
			 * history's retries, systemd's watchdog) */
			if (k->hooks.frame_presented)
				k->hooks.frame_presented(k->hooks.ctx, clock_mono_s());
			kiosk_sleep(k, running, kiosk_due_s(k));
			continue;
		}
		/* Draw when something changed (at most one frame period after the
		 * last frame: a 60 fps cap; with vsync the present blocked), while
		 * animating, and once a second anyway. The view is compared
		 * bytewise: padding can only make it look changed (one extra
		 * frame), never hide a change, since both copies come from memcpy
		 * of the same object. */
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c): a false "changed" costs one frame, see above */
		bool changed = !drawn || memcmp(&last, &k->view, sizeof(last)) != 0;
		bool animates = ui_view_animates(&k->view);
		double frame_due = drawn ? kiosk_frame_due_s(changed, animates, last_draw) : now;

		if (now >= frame_due) {
			ui_draw(ui, &k->view, now - t0);
			ui_present(ui);
			memcpy(&last, &k->view, sizeof(last));
			drawn = true;
			changed = false;
			last_draw = now;
			frame_due = kiosk_frame_due_s(false, animates, last_draw);
			if (k->hooks.frame_presented)
				k->hooks.frame_presented(k->hooks.ctx, clock_mono_s());
		}
		/* A frame already waiting takes whatever samples come until it is
		 * due: the source need not wake the loop before then. */
		kiosk_sleep(k, running && !changed && !animates, fmin(frame_due, kiosk_due_s(k)));
	}

	ui_audio_close(k->audio);
	kiosk_free(k);
close_ui:
	ui_close(ui);
	return status;
}
