/* SPDX-License-Identifier: MIT */
/*
 * kiosk_slr — the straight-leg-raise test on the kiosk: the SLR core
 * (core/slr.h) fed with the sensor's samples, or, when the kiosk runs the
 * simulated patient (demo), with a simulated passive raise (core/sim_slr.h)
 * paced on the kiosk's clock, whose clinician marks the bend by itself; the
 * screen's view (ui/screen_slr.h); each side's result stored for the
 * patient (store/patients.h: patient_slr_add) when one is chosen.
 *
 * Flow: kiosk_slr_start(side) -> lay the leg flat -> trial 1 -> lower ->
 * trial 2 -> the side's result (stored) -> Next: the other side -> its
 * result -> Next or Done: the start screen. Prints nothing.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_SLR_H
#define STRETCHREP_KIOSK_KIOSK_SLR_H

#include <stdbool.h>
#include <stdint.h>
#include "core/sim_slr.h"
#include "core/slr.h"
#include "store/history.h"
#include "ui/screen_slr.h"
#include "ui/ui.h"

#define KIOSK_SLR_DEMO_TRUTH_DEG 58.0   /* the demo's left leg (the right: 6 deg more) */
#define KIOSK_SLR_DEMO_SEED 12          /* the demo's raise: the first side tested, then one
                                         * more for each side started */

struct kiosk_slr {
	bool active;
	enum history_side side;       /* LEFT or RIGHT */
	struct slr core;
	bool demo;                    /* the simulated raise, not the source's samples */
	struct sim_slr sim;
	double sim_t0_s;              /* the kiosk's clock at the simulation's time 0 */
	int sim_marks;                /* the demo clinician's marks made */
	uint64_t seed;                /* sides started in demo (the next seed's offset) */
	double t_s;                   /* the latest sample's time */
	bool done[2];                 /* [0] left, [1] right: tested in this visit */
	double mean_deg[2];
	char word[UI_SLR_TEXT];
	char saved[UI_SLR_TEXT];
	/* the patient (kiosk_slr_set_patient) */
	struct history *h;            /* borrowed; NULL: nothing stored */
	int64_t patient_id;
	char patient[161];            /* UTF-8, with the NUL (patients.h: PATIENT_NAME_BYTES) */
	bool has_prev;                /* the side's latest stored result */
	double prev_deg;
	char prev_when[24];
};

/* Whose results they are: h (borrowed, must outlive the test or be unset
 * first) and the patient's id and name; h NULL or id 0: nobody's, nothing
 * stored. */
void kiosk_slr_set_patient(struct kiosk_slr *ks, struct history *h, int64_t patient_id, const char *name);
/* Starts the test on side (LEFT or RIGHT) at now_s (the kiosk's clock);
 * demo: the simulated raise. Results of the other side in this visit stay. */
void kiosk_slr_start(struct kiosk_slr *ks, enum history_side side, bool demo, double now_s);
/* A sample of the thigh sensor (not in demo). */
void kiosk_slr_sample(struct kiosk_slr *ks, const struct sample *smp);
/* Demo: runs the simulated raise up to now_s. */
void kiosk_slr_step(struct kiosk_slr *ks, double now_s);
/* When the demo needs stepping again (INFINITY: not a demo, or its raise is over). */
double kiosk_slr_due_s(const struct kiosk_slr *ks, double now_s);
/* A command on the SLR screen (screen_slr.h). Returns true when the test is
 * left (the kiosk goes back to its start screen). */
bool kiosk_slr_command(struct kiosk_slr *ks, enum ui_cmd cmd, double now_s);
void kiosk_slr_fill(const struct kiosk_slr *ks, struct ui_slr *out);

#endif
