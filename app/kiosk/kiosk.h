/* SPDX-License-Identifier: MIT */
/*
 * app/kiosk/ — the kiosk loop and its glue: the loop itself (kiosk.h), the
 * GPIO buttons, buzzer and LED (kiosk_gpio.h), the history hook
 * (kiosk_history.h), systemd's sd_notify and watchdog gate (notify.h,
 * watchdog.h), and scene.h, which drives a kiosk into any of its screens
 * for screenshots, tests and the bench. scene draws nothing (no SDL), so it
 * lives here and not under ui/ (STYLE.md 17); through it ui/ would have
 * included store/. May include: core/, source/, ui/ (the display and its
 * view model), store/, the drivers' gpio/, app/'s shared modules (config.h,
 * trace_file.h). Never cmd/: the commands start the kiosk, not the reverse.
 *
 * kiosk — the main loop: a sample source -> the session core -> the view
 * model -> the display (or JSON lines when headless), with commands from
 * keys, touch and (later) GPIO buttons.
 *
 * The loop is split so tests and the bench can drive it with their own
 * clock: kiosk_new, then kiosk_step(now) per frame, kiosk_command for input.
 * kiosk_run is the real thing (monotonic clock, display or headless).
 *
 * Hook points (struct kiosk_hooks, all optional):
 *  - cue: rep / pre-warning / warning, for the buzzer and LED (GPIO side);
 *  - session_finished: the session reached DONE (work target, Finish, end
 *    of a replay, --seconds, quit mid-session): save the history here, and
 *    say on `out` (zeroed before the call) whether it was saved and how the
 *    last sessions went; the summary screen shows it (view.h, ui_history)
 *    and the headless summary line carries "saved";
 *  - frame_presented: a frame is on the screen, or headless a loop turn has
 *    run (systemd READY=1 / watchdog, the history's retries);
 *  - event: every core event as it happens (headless JSON, tests);
 *  - poll_input: commands from the GPIO buttons;
 *  - view: the view model after every step (the network's live state).
 */
#ifndef STRETCHREP_KIOSK_KIOSK_H
#define STRETCHREP_KIOSK_KIOSK_H

#include <stdbool.h>
#include <stdio.h>
#include "core/session.h"
#include "kiosk/kiosk_modes.h"
#include "source/source.h"
#include "store/history.h"
#include "ui/ui.h"
#include "ui/view.h"

enum kiosk_cue {
	KIOSK_CUE_REP = 0,   /* a rep was counted: a short blip */
	KIOSK_CUE_PREWARN,   /* a hold reached the pre-warning */
	KIOSK_CUE_WARN,      /* ... the warning (again every 5 s while held) */
	KIOSK_CUE_CLEAR,     /* the alerted hold was released: LED off */
	KIOSK_CUE_CEILING,   /* the leg passed the patient's ceiling: "ease off" */
	KIOSK_CUE_N
};

struct kiosk_hooks {
	void *ctx;
	void (*cue)(void *ctx, enum kiosk_cue cue);
	void (*session_finished)(void *ctx, const struct session *s, struct ui_history *out);
	void (*frame_presented)(void *ctx, double now_s);
	void (*event)(void *ctx, const struct motion_event *ev);
	/* Commands from elsewhere (GPIO buttons): called every loop turn
	 * until it returns UI_CMD_NONE. */
	enum ui_cmd (*poll_input)(void *ctx);
	/* Optional, with poll_input: a descriptor that polls readable when
	 * input may be waiting (GPIO edges; -1: none), and when poll_input
	 * must run again even without it (debounce and long-press deadlines,
	 * buzzer and LED patterns), seconds on CLOCK_MONOTONIC (INFINITY: not
	 * until an event). Without input_due_s the loop calls poll_input at
	 * least every 15 ms. */
	int (*input_fd)(void *ctx);
	double (*input_due_s)(void *ctx);
	/* The view as refreshed, every loop turn (the clinic board's live
	 * state): must return at once (copy what it needs). */
	void (*view)(void *ctx, const struct ui_view *v);
	/* Just before session_finished: what that session was (mode, side,
	 * tempo deviations; kiosk_modes.h). A left-then-right set reports
	 * each half: the left when the switch-sides screen comes (its
	 * session_finished's `out` is not shown), then the right. */
	void (*mode_info)(void *ctx, const struct kiosk_mode_info *info);
	/* Optional: session_finished with what the kiosk knows of the session
	 * besides the core's record (the patient chosen on the picker or
	 * options.patient_id, side, pain before and after, symptoms:
	 * kiosk_patients.h); called in its place when set. A patient's
	 * session ends on the pain question: this comes once it is answered
	 * (or skipped, or left for KIOSK_PT_IDLE_S). */
	void (*session_finished_meta)(void *ctx, const struct session *s, const struct history_meta *meta,
				      struct ui_history *out);
	/* Another event source (the USB export, kiosk_export.h): a descriptor
	 * polled with the others (-1: none), and watch, called every loop turn
	 * (must return at once): a line it writes into notice (returning true)
	 * is shown on the start screen instead of the settings' notice until it
	 * writes another; "" gives the settings' back. */
	int (*watch_fd)(void *ctx);
	bool (*watch)(void *ctx, char *notice, size_t len);
};

struct kiosk_options {
	struct session_settings set;  /* the session's settings */
	bool headless;                /* no SDL video; JSON lines on `out`. Ends after the
	                               * first session unless restart_s says otherwise */
	FILE *out;                    /* headless events (stdout when NULL) */
	struct ui_options ui;
	double seconds;               /* stop after this much sample time, summed over the
	                               * sessions (0: never) */
	double volume;                /* 0..1 */
	bool mute;
	bool auto_start;              /* skip the start screen (headless) */
	double start_after_s;         /* demo: leave the start screen after this long (0: wait);
	                               * only while the source says demo */
	double restart_s;             /* a new session this long after the summary (0: never):
	                               * a demo's, and headless with `seconds` set any
	                               * source's (a live sensor's: session after session
	                               * until that much sample time) */
	double summary_s;             /* a live sensor's summary goes back to the start screen
	                               * after this long (0: stays), s */
	double idle_finish_s;         /* a WORKING session with no rep, no work and no movement
	                               * in the stretch for this long on the kiosk's clock is
	                               * finished and saved as by Finish: the person walked
	                               * away (0: never), s */
	char notice[96];              /* shown on the start screen (settings problems), "" none */
	char setup[160];              /* the first failing check of `stretchrep doctor` at start
	                               * (I2C off, ...), "" none: the start screen says it where
	                               * it says what to check, when the sensor has nothing to say */
	struct kiosk_modes_options modes; /* stretch, left then right, massage; the tempo */
	struct orient_gyro_check last_gyro; /* what an earlier session found of the gyroscope
	                               * (the history's last row): the start screen says so
	                               * when out of tolerance, until a session knows better */
	/* patients (kiosk_patients.h) */
	struct history *patients;     /* where the patients are kept (borrowed: the history);
	                               * NULL: none, Start starts at once as before */
	char clinician_pin[16];       /* [clinician] pin, "" none */
	double symptom_margin_deg;    /* [session] symptom_ceiling_margin_deg */
	int64_t patient_id;           /* every session this patient's, no picker (run
	                               * --patient: set already has their prescription), 0: none */
	enum history_side patient_side; /* ... on this leg (NONE: their first) */
};

/* The defaults: the core's default settings, sound at 0.6, the start screen
 * waits for the person. */
void kiosk_options_default(struct kiosk_options *o);

struct kiosk;

/* The kiosk takes the source over (closes it in kiosk_free). */
int kiosk_new(struct kiosk **out, const struct kiosk_options *opt, struct source *src,
	      const struct kiosk_hooks *hooks);
void kiosk_free(struct kiosk *k);   /* NULL is fine */

/* Drains the samples due at now_s into the session, fires the hooks, and
 * refreshes the view. 0, or 1 when the run is over (quit, stream ended and
 * headless, --seconds reached), or -errno (a bad replay file: the text is
 * in kiosk_error). */
int kiosk_step(struct kiosk *k, double now_s);
/* Keys, touch, GPIO buttons all end up here. */
void kiosk_command(struct kiosk *k, enum ui_cmd cmd);
const struct ui_view *kiosk_view(const struct kiosk *k);
const struct session *kiosk_session(const struct kiosk *k);
const char *kiosk_error(const struct kiosk *k);
/* Sets what the summary says of the history (saved or not, the last
 * sessions), as the session_finished hook would: for drivers of the kiosk
 * without hooks (the screenshot scenes). Cleared when a session starts. */
void kiosk_set_history(struct kiosk *k, const struct ui_history *h);

/*
 * The straight-leg-raise test (kiosk_slr.h; key s, UI_CMD_SLR, starts it on
 * the left leg): begins on side (LEFT or RIGHT) from the start or summary
 * screen. 0, or -EBUSY while a session runs. Done or left, the kiosk shows
 * its start screen.
 */
int kiosk_slr_begin(struct kiosk *k, enum history_side side);
/* Whose SLR results and progress these are: h (borrowed; unset it, h
 * NULL, before closing it) and the patient's id and name (id 0: nobody;
 * the results are shown, not kept). */
void kiosk_set_patient(struct kiosk *k, struct history *h, int64_t patient_id, const char *name);
/* The patient's progress screen (kiosk_progress.h; key p, UI_CMD_PROGRESS)
 * as of now (Unix s): 0, -ENOENT without a patient, -EBUSY while a session
 * runs, or the store's -errno. Any command leaves it. */
int kiosk_progress_begin(struct kiosk *k, int64_t now);
/* The kiosk stops using options.patients (the history is about to close):
 * what shows stays, the next Start starts at once. */
void kiosk_patients_forget(struct kiosk *k);

/* Sample time of the latest sample (0 before any). */
double kiosk_sample_t(const struct kiosk *k);

/* The loop's deadlines (ae.c style: every event source is a descriptor,
 * the timeout is the nearest deadline). Pure functions of their arguments,
 * or of the kiosk's state; times on kiosk_step's clock, INFINITY: none.
 *
 * kiosk_due_s: when the kiosk must step again with no event at all: the
 * next paced sample (simulation, replay) while a session runs, the
 * demo's start and restart, and the moment a live source that went quiet
 * is judged lost. A live source's samples come on source_fd() instead. */
double kiosk_due_s(const struct kiosk *k);
/* When the next frame is due, the last one drawn at last_draw_s: one
 * frame period after it while the view changed since or animates (the
 * 60 fps cap), else the idle redraw a second after it (it also feeds the
 * systemd watchdog). */
double kiosk_frame_due_s(bool changed, bool animates, double last_draw_s);
/* ppoll()'s timeout in µs to sleep from now_s until due_s, at most
 * cap_us: rounded up, so the loop never wakes just before a deadline and
 * turns again for nothing; 0 when due; cap_us when due_s is INFINITY.
 * (Microseconds, not poll()'s milliseconds: 17 ms frames would run at
 * 58 fps and add their slack to every sample's way to the screen.) */
long kiosk_poll_timeout_us(double now_s, double due_s, long cap_us);

/* Runs until quit or the end; returns the process exit status (0 ok,
 * 1 runtime failure, 2 bad input). Errors are printed with context. */
int kiosk_run(const struct kiosk_options *opt, struct source *src, const struct kiosk_hooks *hooks);

/* One JSON line for a core event (the headless output); hold_s is the
 * current hold's length (motion_hold_s), printed with the alerts. */
void kiosk_print_event(FILE *f, const struct motion_event *ev, double hold_s);

#endif
