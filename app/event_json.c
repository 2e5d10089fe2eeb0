// SPDX-License-Identifier: MIT
/* event_json — one encoder of the motion events (event_json.h). */
#include <errno.h>
#include "event_json.h"

static const char *event_name(enum motion_event_type t)
{
	switch (t) {
	case MOTION_EV_CALIBRATED: return "calibrated";
	case MOTION_EV_REP: return "rep";
	case MOTION_EV_HOLD_START: return "hold_start";
	case MOTION_EV_PREWARN: return "prewarn";
	case MOTION_EV_WARN: return "warn";
	case MOTION_EV_HOLD_END: return "hold_end";
	}
	return "?";
}

/* The members of a hold, without braces. */
static void hold_members(FILE *f, const struct motion_hold *h)
{
	fprintf(f, "\"start_s\": %.2f, \"duration_s\": %.2f, \"angle_deg\": %.1f, \"warned\": %s",
		h->start_s, h->duration_s, h->angle_deg, h->warned ? "true" : "false");
}

int event_json_write(FILE *f, const struct motion_event *e, double hold_s, bool tagged)
{
	fputc('{', f);
	if (tagged) {
		fprintf(f, "\"event\": \"%s\", ", event_name(e->type));
		if (e->type == MOTION_EV_REP)
			fprintf(f, "\"n\": %d, ", e->rep.n);
		else if (e->type == MOTION_EV_WARN || e->type == MOTION_EV_PREWARN)
			fprintf(f, "\"hold_s\": %.2f, ", hold_s);
		else if (e->type == MOTION_EV_HOLD_END)
			fprintf(f, "\"t_s\": %.2f, ", e->t_s);
	}
	switch (e->type) {
	case MOTION_EV_REP:
		fprintf(f, "\"t_s\": %.2f, \"peak_deg\": %.1f, \"dwell_s\": %.2f, \"duration_s\": %.2f", e->t_s,
			e->rep.peak_deg, e->rep.dwell_s, e->rep.duration_s);
		break;
	case MOTION_EV_HOLD_START:
		fprintf(f, "\"t_s\": %.2f, \"start_s\": %.2f, \"angle_deg\": %.1f", e->t_s, e->hold.start_s,
			e->hold.angle_deg);
		break;
	case MOTION_EV_HOLD_END:
		hold_members(f, &e->hold);
		break;
	case MOTION_EV_CALIBRATED:
	case MOTION_EV_PREWARN:
	case MOTION_EV_WARN:
		fprintf(f, "\"t_s\": %.2f", e->t_s);
		break;
	}
	fputc('}', f);
	return ferror(f) ? -EIO : 0;
}

int event_json_hold(FILE *f, const struct motion_hold *h)
{
	fputc('{', f);
	hold_members(f, h);
	fputc('}', f);
	return ferror(f) ? -EIO : 0;
}
