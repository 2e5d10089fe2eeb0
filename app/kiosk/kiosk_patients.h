/* SPDX-License-Identifier: MIT */
/*
 * kiosk_patients — the kiosk's patient flow, between the start screen and
 * the session and around it: the picker, the pain questions before and
 * after, the symptom row during the session, the clinician's mode (PIN,
 * add, rename, archive, the prescription per side). Reads and writes the
 * patients through store/patients.h; the screens are ui/screen_patients.h.
 *
 *   Start (start screen or summary), patients on file -> picker (the last
 *   used first and highlighted; Guest last) -> pain before (0-10, Skip) ->
 *   the session with the patient's prescription folded in
 *   (patient_rx_apply) -> the session ends -> pain after -> saved (the
 *   meta: patient, side, pain, symptoms) -> summary.
 *   No patient on file (or no history): Start starts at once, as before.
 *   Guest: no questions, no patient, the settings' own values.
 *
 * The kiosk (kiosk.c) passes every command through kiosk_patients_command
 * first and does what the returned action says. Pure of SDL; time is an
 * argument (the kiosk's clock, s).
 */
#ifndef STRETCHREP_KIOSK_KIOSK_PATIENTS_H
#define STRETCHREP_KIOSK_KIOSK_PATIENTS_H

#include <stdbool.h>
#include <stdint.h>
#include "core/session.h"
#include "store/history.h"
#include "store/patients.h"
#include "ui/screen_patients.h"
#include "ui/ui.h"

#define KIOSK_PT_IDLE_S 60.0      /* a patient screen left alone goes on without an answer */
#define KIOSK_PT_SYMPTOM_S 20.0   /* the symptom row unanswered: closed, nothing kept */
#define KIOSK_PT_LIST 60          /* active patients the picker pages through (the last used) */

enum kiosk_pt_act {
	KIOSK_PT_PASS = 0,   /* not the patients' command: the kiosk handles it */
	KIOSK_PT_TAKEN,      /* taken (the screens changed, or nothing to do) */
	KIOSK_PT_START,      /* start the session (kiosk_patients_settings, _meta) */
	KIOSK_PT_HOME,       /* back to the start screen */
	KIOSK_PT_SAVE,       /* the pain after was answered (or not): save, then the summary */
};

struct kiosk_patients {
	struct history *h;             /* borrowed; NULL: no patients at all */
	char pin[UI_PT_PIN_MAX + 1];   /* "" none */
	double margin_deg;             /* [session] symptom_ceiling_margin_deg */
	int64_t preset_id;             /* run --patient: every session this patient's, no picker */
	enum history_side preset_side; /* ... on this leg (NONE: their first) */
	struct ui_patients v;          /* what the patient screens show */
	struct patient all[KIOSK_PT_LIST]; /* the active patients, the last used first */
	int n_all;
	struct patient cur;            /* the session's patient (id 0: none, a guest) */
	enum history_side side;        /* the session's leg */
	struct patient ed;             /* the one the clinician edits */
	struct history_meta meta;      /* the session's, saved with it */
	char typed[UI_PT_PIN_MAX + 1]; /* the PIN typed */
	double since_s;                /* the last input on a patient screen */
	double symptom_t_s, symptom_deg, symptom_since_s; /* the press being rated */
};

/* h: the history (patients live there; NULL: none); pin: [clinician] pin
 * ("" none); margin_deg: [session] symptom_ceiling_margin_deg; preset_id:
 * a patient whose sessions these all are (run --patient; 0: none); base:
 * the settings' own values (what an unset prescription number means). */
void kiosk_patients_init(struct kiosk_patients *kp, struct history *h, const char *pin, double margin_deg,
			 int64_t preset_id, const struct session_settings *base);

/* A session is about to begin: Start pressed on the start screen or the
 * summary (ask), or the kiosk starting one by itself (a demo, --headless:
 * never asks). True when a patient screen is now up (ask: the picker when
 * patients are on file, the pain before for the preset patient), false:
 * start at once (a guest's session, or the preset patient's unasked). */
bool kiosk_patients_begin(struct kiosk_patients *kp, bool ask, double now_s);

/* A command; s the kiosk's session (its state, clock and angle: symptoms),
 * started whether a session is on (not the start screen). */
enum kiosk_pt_act kiosk_patients_command(struct kiosk_patients *kp, enum ui_cmd cmd, const struct session *s,
					 bool started, double now_s);
/* The timeouts (KIOSK_PT_IDLE_S, KIOSK_PT_SYMPTOM_S): what to do, or
 * KIOSK_PT_PASS. */
enum kiosk_pt_act kiosk_patients_step(struct kiosk_patients *kp, double now_s);
/* When kiosk_patients_step next has something to do (INFINITY: nothing). */
double kiosk_patients_due_s(const struct kiosk_patients *kp);

/* The session reached its end (the symptom row closes): true when the
 * pain after is now asked (a patient's session, and ask: someone is there
 * and the session is kept), the save waiting for KIOSK_PT_SAVE. */
bool kiosk_patients_finished(struct kiosk_patients *kp, bool ask, double now_s);

/* The settings the next session runs with: base, with the session's
 * patient's prescription folded in (the preset patient's is in base
 * already: run --patient folds it below its own options). */
void kiosk_patients_settings(const struct kiosk_patients *kp, const struct session_settings *base,
			     struct session_settings *out);
/* What is saved with the session (history_meta_init's for a guest). */
const struct history_meta *kiosk_patients_meta(const struct kiosk_patients *kp);

/* The screen a patient page calls for, or -1: none up (the kiosk's own). */
int kiosk_patients_screen(const struct kiosk_patients *kp);
/* Fills v->pt: the pages, the patient's name, the dial's zone and ceiling
 * and "ease off" from s (NULL: no session). */
void kiosk_patients_view(const struct kiosk_patients *kp, const struct session *s, bool running,
			 struct ui_patients *out);

#endif
