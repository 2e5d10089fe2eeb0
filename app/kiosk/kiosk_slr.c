// SPDX-License-Identifier: MIT
/* kiosk_slr — the straight-leg-raise test on the kiosk (kiosk_slr.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "kiosk/kiosk_history.h"
#include "kiosk/kiosk_slr.h"
#include "store/patients.h"

#define KIOSK_SLR_LIST 512   /* results read to find the latest */

static int side_index(enum history_side side)
{
	return side == HISTORY_SIDE_RIGHT ? 1 : 0;
}

void kiosk_slr_set_patient(struct kiosk_slr *ks, struct history *h, int64_t patient_id, const char *name)
{
	ks->h = patient_id > 0 ? h : NULL;
	ks->patient_id = patient_id;
	snprintf(ks->patient, sizeof(ks->patient), "%s", name ? name : "");
}

/* The side's latest stored result, to compare with. */
static void load_prev(struct kiosk_slr *ks)
{
	struct patient_slr *r;
	int n;

	ks->has_prev = false;
	if (!ks->h)
		return;
	r = malloc(KIOSK_SLR_LIST * sizeof(*r));
	n = r ? patient_slr_list(ks->h, ks->patient_id, ks->side, r, KIOSK_SLR_LIST) : -ENOMEM;
	if (n <= 0) {
		free(r);
		return;
	}
	/* oldest first (a patient with more than KIOSK_SLR_LIST: their oldest) */
	const struct patient_slr *last = &r[n - 1];
	time_t t = (time_t)last->taken_at;
	struct tm tm;

	ks->has_prev = true;
	ks->prev_deg = (last->trial_deg[0] + last->trial_deg[1]) / 2.0;
	if (localtime_r(&t, &tm))
		strftime(ks->prev_when, sizeof(ks->prev_when), "%d %b", &tm);
	else
		snprintf(ks->prev_when, sizeof(ks->prev_when), "before");
	free(r);
}

void kiosk_slr_start(struct kiosk_slr *ks, enum history_side side, bool demo, double now_s)
{
	struct sim_slr_settings set = sim_slr_default_settings;

	ks->active = true;
	ks->side = side == HISTORY_SIDE_RIGHT ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT;
	slr_init(&ks->core, NULL, false);
	ks->demo = demo;
	ks->word[0] = ks->saved[0] = '\0';
	ks->t_s = 0.0;
	if (demo) {
		/* the demo's patient: a passive raise with its clinician's marks */
		set.seed = KIOSK_SLR_DEMO_SEED + ks->seed++;
		set.truth_deg = KIOSK_SLR_DEMO_TRUTH_DEG + (ks->side == HISTORY_SIDE_RIGHT ? 6.0 : 0.0);
		sim_slr_init(&ks->sim, &set);
		ks->sim_t0_s = now_s;
		ks->sim_marks = 0;
	}
	load_prev(ks);
}

/* What became of a mark, in a few words for the screen. */
static void say_outcome(struct kiosk_slr *ks)
{
	const struct slr_result *r = slr_get_result(&ks->core);

	switch (slr_get_outcome(&ks->core)) {
	case SLR_OUT_TAKEN:
		snprintf(ks->word, sizeof(ks->word), "Trial %d: %.0f°. Lower the leg flat.", r->trials,
			 r->trial[r->trials - 1].angle_deg);
		break;
	case SLR_OUT_TOO_LOW:
		snprintf(ks->word, sizeof(ks->word), "Not counted: the leg was hardly raised. Lower it and go again.");
		break;
	case SLR_OUT_TOO_FAST:
		snprintf(ks->word, sizeof(ks->word), "Not counted: raised too fast. Lower the leg, raise it slower.");
		break;
	case SLR_OUT_NOT_READY:
		snprintf(ks->word, sizeof(ks->word), "Not yet: lay the leg flat and still first.");
		break;
	case SLR_OUT_NOT_FLAT:
	case SLR_OUT_NONE:
		break;
	}
}

/* A side's two trials are in: keep them for the patient. */
static void side_done(struct kiosk_slr *ks)
{
	const struct slr_result *r = slr_get_result(&ks->core);
	struct patient_slr rec;
	int i = side_index(ks->side), rc;

	ks->done[i] = true;
	ks->mean_deg[i] = r->mean_deg;
	if (!ks->h) {
		ks->saved[0] = '\0';
		return;
	}
	memset(&rec, 0, sizeof(rec));
	rec.patient_id = ks->patient_id;
	rec.side = ks->side;
	rec.taken_at = (int64_t)time(NULL);
	for (int t = 0; t < PATIENT_SLR_TRIALS && t < r->trials; t++)
		rec.trial_deg[t] = fmin(fmax(r->trial[t].angle_deg, 0.0), PATIENT_SLR_MAX_DEG);
	rc = patient_slr_add(ks->h, &rec, NULL);
	if (rc)
		snprintf(ks->saved, sizeof(ks->saved), "Not saved: %s", kiosk_history_why(rc));
	else if (strlen(ks->patient) < sizeof(ks->saved) - 16)
		snprintf(ks->saved, sizeof(ks->saved), "Saved for %.80s", ks->patient);
	else
		snprintf(ks->saved, sizeof(ks->saved), "Saved for the patient");   /* a name too long for the line */
}

/* After the core moved: a word on what happened, the side's result kept
 * once both trials are in, and the word cleared when the next trial arms
 * (the trials taken stay listed). */
static void after_update(struct kiosk_slr *ks, enum slr_state before)
{
	enum slr_state now = slr_get_state(&ks->core);

	if (now == SLR_DONE && !ks->done[side_index(ks->side)])
		side_done(ks);
	if (before == SLR_SETTLING && now == SLR_ARMED)
		ks->word[0] = '\0';
	else if (before == SLR_ARMED && now != SLR_ARMED)
		say_outcome(ks);
}

void kiosk_slr_sample(struct kiosk_slr *ks, const struct sample *smp)
{
	enum slr_state before = slr_get_state(&ks->core);

	if (!ks->active || ks->demo)
		return;
	slr_update(&ks->core, smp, NULL);
	ks->t_s = smp->t_s;
	after_update(ks, before);
}

void kiosk_slr_step(struct kiosk_slr *ks, double now_s)
{
	struct sample a, b;

	if (!ks->active || !ks->demo)
		return;
	while (ks->sim.t_s + ks->sim.period_s <= now_s - ks->sim_t0_s && sim_slr_next(&ks->sim, &a, &b)) {
		enum slr_state before = slr_get_state(&ks->core);

		slr_update(&ks->core, &a, NULL);
		ks->t_s = a.t_s;
		/* the demo's clinician presses when the knee has started to bend */
		if (ks->sim_marks < SIM_SLR_TRIALS && a.t_s >= ks->sim.trial[ks->sim_marks].mark_t_s) {
			slr_mark(&ks->core, ks->sim.trial[ks->sim_marks].mark_t_s);
			ks->sim_marks++;
		}
		after_update(ks, before);
	}
}

double kiosk_slr_due_s(const struct kiosk_slr *ks, double now_s)
{
	if (!ks->active || !ks->demo || ks->sim.done)
		return INFINITY;
	return fmax(now_s, ks->sim_t0_s + ks->sim.t_s + ks->sim.period_s);
}

bool kiosk_slr_command(struct kiosk_slr *ks, enum ui_cmd cmd, double now_s)
{
	enum slr_state before = slr_get_state(&ks->core);

	switch (cmd) {
	case UI_CMD_START_PAUSE:   /* "Knee bends" */
		if (before == SLR_DONE)
			break;
		slr_mark(&ks->core, ks->t_s);
		after_update(ks, before);
		if (before == SLR_SETTLING)
			say_outcome(ks);   /* "Not yet: ..." */
		break;
	case UI_CMD_NEXT:
		if (slr_get_state(&ks->core) != SLR_DONE)
			break;
		if (ks->done[0] && ks->done[1]) {
			ks->active = false;
			return true;
		}
		kiosk_slr_start(ks, ks->side == HISTORY_SIDE_LEFT ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT, ks->demo,
				now_s);
		break;
	case UI_CMD_FINISH:
	case UI_CMD_FINISH_NOW:
	case UI_CMD_QUIT:
		ks->active = false;
		return true;
	default:
		break;
	}
	return false;
}

void kiosk_slr_fill(const struct kiosk_slr *ks, struct ui_slr *out)
{
	const struct slr_result *r = slr_get_result(&ks->core);
	int i = side_index(ks->side);

	memset(out, 0, sizeof(*out));
	switch (slr_get_state(&ks->core)) {
	case SLR_SETTLING: out->phase = UI_SLR_SETTLE; break;
	case SLR_ARMED: out->phase = UI_SLR_RAISE; break;
	case SLR_DONE: out->phase = UI_SLR_SIDE_DONE; break;
	}
	out->right = ks->side == HISTORY_SIDE_RIGHT;
	out->by_knee = ks->core.with_shank;
	out->n_trials = r->trials;
	out->trial = r->trials < SLR_TRIALS ? r->trials + 1 : SLR_TRIALS;
	out->angle_deg = slr_angle_deg(&ks->core);
	for (int t = 0; t < r->trials; t++)
		out->trial_deg[t] = r->trial[t].angle_deg;
	out->mean_deg = r->mean_deg;
	out->mdc_one_deg = r->mdc95_one_rater_deg;
	out->mdc_between_deg = r->mdc95_between_raters_deg;
	out->has_prev = ks->has_prev;
	out->prev_deg = ks->prev_deg;
	snprintf(out->prev_when, sizeof(out->prev_when), "%s", ks->prev_when);
	out->other_done = ks->done[1 - i];
	out->other_deg = ks->mean_deg[1 - i];
	snprintf(out->word, sizeof(out->word), "%s", ks->word);
	snprintf(out->saved, sizeof(out->saved), "%s", ks->saved);
}
