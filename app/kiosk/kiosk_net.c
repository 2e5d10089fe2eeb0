// SPDX-License-Identifier: MIT
/* kiosk_net — the view model as the board's live state (kiosk_net.h). */
#include <stdio.h>
#include <string.h>
#include "kiosk/kiosk_net.h"

void kiosk_net_live(const struct ui_view *v, struct net_live *out)
{
	const char *state = "idle";

	memset(out, 0, sizeof(*out));
	switch (v->screen) {
	case UI_SCREEN_START:
	case UI_SCREEN_PATIENTS:   /* between sessions: choosing, rating, the clinician's */
	case UI_SCREEN_PAIN:
	case UI_SCREEN_CLINICIAN:
		state = "idle";
		break;
	case UI_SCREEN_CALIBRATE:
		state = "calibrating";
		break;
	case UI_SCREEN_EXERCISE:
		state = v->paused ? "paused" : "working";
		break;
	case UI_SCREEN_SUMMARY:
		state = "done";
		break;
	case UI_SCREEN_SLR:        /* no exercise: the board shows the station idle */
	case UI_SCREEN_PROGRESS:
		break;
	}
	snprintf(out->state, sizeof(out->state), "%s", state);
	out->reps = v->screen == UI_SCREEN_SUMMARY ? v->summary.reps : v->reps;
	out->angle_deg = v->screen == UI_SCREEN_EXERCISE ? v->angle_deg : 0.0;
	out->hold_s = v->holding ? v->hold_s : 0.0;
	out->alert = v->screen == UI_SCREEN_EXERCISE ? (int)v->alert : 0;
	out->work_s = v->screen == UI_SCREEN_SUMMARY ? v->summary.work_s : v->work_s;
}
