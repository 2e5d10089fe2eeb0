// SPDX-License-Identifier: MIT
/*
 * The progress screen (screen_progress.h), on the 800x480 design canvas or
 * the 480x800 portrait one: the SLR angle per side over time, each result
 * with its error band (MDC95); today's sessions against the prescription
 * and the streaks; and six small charts of the last four weeks, one bar a
 * day: reps, best range, work time, warned holds, pain before and after,
 * sessions against the prescribed number a day.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui/ui_int.h"

#define SLR_LEFT_COL COL_SKY
#define SLR_RIGHT_COL COL_ORANGE

static int px1(const struct ui *ui)
{
	int t = (int)ui_s(ui, 1);

	return t > 0 ? t : 1;
}

/* The SLR card: one point per result, its band of +-MDC95, per side. */
static void slr_card(struct ui *ui, const struct ui_progress *p, double x, double y, double w, double h)
{
	int span = 28;   /* days shown at least */
	double lo = 1e9, hi = -1e9;
	char buf[96];
	int n = p->n_slr[0] + p->n_slr[1];

	draw_round(ui, ui_r(ui, x, y, w, h), (int)ui_s(ui, 12), COL_PANEL, 0xff);
	text_draw(ui, "Straight-leg raise", 20, TEXT_BOLD, COL_TEXT, ui_r(ui, x + 14, y + 6, w * 0.5, 28), AL_LEFT);
	for (int s = 0; s < 2; s++) {
		if (!p->n_slr[s])
			continue;
		double last = p->slr_deg[s][p->n_slr[s] - 1];

		snprintf(buf, sizeof(buf), "%s %.0f°", s ? "R" : "L", last);
		text_draw(ui, buf, 20, TEXT_BOLD, s ? SLR_RIGHT_COL : SLR_LEFT_COL,
			  ui_r(ui, x + w * 0.5 + s * w * 0.24, y + 6, w * 0.24 - 10, 28), AL_RIGHT);
	}
	if (!n) {
		text_draw(ui, "No test yet: press s for the SLR test", 20, 0, COL_DIM,
			  ui_r(ui, x + 14, y + h / 2 - 16, w - 28, 32), AL_CENTER);
		return;
	}
	for (int s = 0; s < 2; s++)
		for (int i = 0; i < p->n_slr[s]; i++) {
			lo = fmin(lo, p->slr_deg[s][i] - p->slr_mdc_deg);
			hi = fmax(hi, p->slr_deg[s][i] + p->slr_mdc_deg);
			if (p->slr_days_ago[s][i] + 2 > span)
				span = p->slr_days_ago[s][i] + 2;
		}
	lo = floor((lo - 2) / 10.0) * 10.0;
	hi = ceil((hi + 2) / 10.0) * 10.0;
	/* the plot: days ago along x (today on the right), degrees up */
	double gx = x + 56, gy = y + 50, gw = w - 76, gh = h - 84;
	for (int d = (int)lo; d <= (int)hi; d += 10) {   /* lo, hi: multiples of 10 */
		double yy = gy + gh - (d - lo) / (hi - lo) * gh;

		draw_fill(ui, (struct ui_rect){ ui_r(ui, gx, yy, 1, 1).x, ui_r(ui, gx, yy, 1, 1).y, ui_r(ui, 0, 0, gw, 1).w,
						px1(ui) }, COL_LINE, 0xff);
		snprintf(buf, sizeof(buf), "%d°", d);
		text_draw(ui, buf, 14, 0, COL_DIM, ui_r(ui, x + 4, yy - 10, 48, 20), AL_RIGHT);
	}
	snprintf(buf, sizeof(buf), "%d days ago", span);
	text_draw(ui, buf, 14, 0, COL_DIM, ui_r(ui, gx, y + h - 28, 120, 22), AL_LEFT);
	text_draw(ui, "today", 14, 0, COL_DIM, ui_r(ui, gx + gw - 80, y + h - 28, 80, 22), AL_RIGHT);
	snprintf(buf, sizeof(buf), "±%.1f° test error", p->slr_mdc_deg);
	text_draw(ui, buf, 14, 0, COL_DIM, ui_r(ui, gx + 110, y + h - 28, gw - 190, 22), AL_CENTER);
	for (int s = 0; s < 2; s++) {
		SDL_Color c = s ? SLR_RIGHT_COL : SLR_LEFT_COL;
		double prev_x = 0, prev_y = 0;

		for (int i = 0; i < p->n_slr[s]; i++) {
			double xx = gx + gw - (double)p->slr_days_ago[s][i] / span * gw + (s ? 5 : -5);
			double yy = gy + gh - (p->slr_deg[s][i] - lo) / (hi - lo) * gh;
			double band = p->slr_mdc_deg / (hi - lo) * gh;

			draw_fill(ui, ui_r(ui, xx - 5, yy - band, 10, 2 * band), c, 0x60);
			if (i)
				draw_line(ui, ui_x(ui, prev_x), ui_y(ui, prev_y), ui_x(ui, xx), ui_y(ui, yy), ui_s(ui, 2), c, 0xff);
			draw_arc(ui, ui_x(ui, xx), ui_y(ui, yy), 0, ui_s(ui, 6), 0, 360, c, 0xff);
			prev_x = xx;
			prev_y = yy;
		}
	}
}

static void adherence_card(struct ui *ui, const struct ui_progress *p, double x, double y, double w, double h)
{
	char buf[64];
	bool met = p->per_day > 0 && p->done_today >= p->per_day;

	draw_round(ui, ui_r(ui, x, y, w, h), (int)ui_s(ui, 12), COL_PANEL, 0xff);
	if (ui->portrait) {
		snprintf(buf, sizeof(buf), "today %d of %d", p->done_today, p->per_day);
		text_draw(ui, buf, 34, TEXT_BOLD, met ? COL_GREEN : COL_TEXT, ui_r(ui, x + 14, y + 8, w * 0.55, 44),
			  AL_LEFT);
		snprintf(buf, sizeof(buf), "streak %d day%s", p->streak_days, p->streak_days == 1 ? "" : "s");
		text_draw(ui, buf, 22, TEXT_BOLD, COL_TEXT, ui_r(ui, x + w * 0.55, y + 10, w * 0.45 - 14, 30), AL_RIGHT);
		snprintf(buf, sizeof(buf), "%d week%s", p->streak_weeks, p->streak_weeks == 1 ? "" : "s");
		text_draw(ui, buf, 22, TEXT_BOLD, COL_TEXT, ui_r(ui, x + w * 0.55, y + 44, w * 0.45 - 14, 30), AL_RIGHT);
		text_draw(ui, "sessions as prescribed", 16, 0, COL_DIM, ui_r(ui, x + 14, y + 54, w * 0.55, 24), AL_LEFT);
		return;
	}
	text_draw(ui, "today", 20, 0, COL_DIM, ui_r(ui, x + 14, y + 8, w - 28, 26), AL_CENTER);
	snprintf(buf, sizeof(buf), "%d of %d", p->done_today, p->per_day);
	text_draw(ui, buf, 52, TEXT_BOLD, met ? COL_GREEN : COL_TEXT, ui_r(ui, x + 14, y + 34, w - 28, 62), AL_CENTER);
	text_draw(ui, "sessions as prescribed", 16, 0, COL_DIM, ui_r(ui, x + 14, y + 96, w - 28, 22), AL_CENTER);
	snprintf(buf, sizeof(buf), "streak %d day%s", p->streak_days, p->streak_days == 1 ? "" : "s");
	text_draw(ui, buf, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, x + 14, y + 124, w - 28, 30), AL_CENTER);
	snprintf(buf, sizeof(buf), "%d week%s in a row", p->streak_weeks, p->streak_weeks == 1 ? "" : "s");
	text_draw(ui, buf, 20, 0, COL_TEXT, ui_r(ui, x + 14, y + 156, w - 28, 26), AL_CENTER);
}

/* One small chart: a title, the latest day's value, a bar a day (and a
 * second series as dots, and a target line, when given). */
struct mini {
	const char *title;
	char value[32];
	const double *a;          /* UI_PROGRESS_DAYS values, < 0: none that day */
	const double *b;          /* dots, or NULL */
	double top;               /* the scale's top */
	double target;            /* a line, 0: none */
	SDL_Color ca, cb;
};

static void mini_chart(struct ui *ui, const struct mini *m, double x, double y, double w, double h)
{
	double gx = x + 10, gy = y + 34, gw = w - 20, gh = h - 44, slot = gw / UI_PROGRESS_DAYS;

	draw_round(ui, ui_r(ui, x, y, w, h), (int)ui_s(ui, 10), COL_PANEL, 0xff);
	text_draw(ui, m->title, 17, 0, COL_DIM, ui_r(ui, x + 10, y + 4, w * 0.62, 26), AL_LEFT);
	text_draw(ui, m->value, 20, TEXT_BOLD, COL_TEXT, ui_r(ui, x + w * 0.6, y + 4, w * 0.4 - 10, 26), AL_RIGHT);
	draw_fill(ui, (struct ui_rect){ ui_r(ui, gx, gy + gh, 1, 1).x, ui_r(ui, gx, gy + gh, 1, 1).y,
					ui_r(ui, 0, 0, gw, 1).w, px1(ui) }, COL_LINE, 0xff);
	for (int d = 0; d < UI_PROGRESS_DAYS; d++) {
		double v = m->a[d];

		if (v > 0) {
			double bh = fmin(v / m->top, 1.0) * gh;

			draw_fill(ui, ui_r(ui, gx + d * slot + slot * 0.15, gy + gh - bh, slot * 0.7, bh), m->ca, 0xff);
		}
		if (m->b && m->b[d] >= 0) {
			double yy = gy + gh - fmin(m->b[d] / m->top, 1.0) * gh;

			draw_arc(ui, ui_x(ui, gx + d * slot + slot * 0.5), ui_y(ui, yy), 0, ui_s(ui, slot * 0.38), 0, 360,
				 m->cb, 0xff);
		}
	}
	if (m->target > 0) {
		double yy = gy + gh - fmin(m->target / m->top, 1.0) * gh;

		draw_fill(ui, (struct ui_rect){ ui_r(ui, gx, yy, 1, 1).x, ui_r(ui, gx, yy, 1, 1).y, ui_r(ui, 0, 0, gw, 1).w,
						2 * px1(ui) }, COL_YELLOW, 0xff);
	}
}

/* The last day with a value (today first), or -1. */
static int last_day(const double *a)
{
	for (int d = UI_PROGRESS_DAYS - 1; d >= 0; d--)
		if (a[d] > 0)
			return d;
	return -1;
}

static double max_of(const double *a, double floor_v)
{
	double m = floor_v;

	for (int d = 0; d < UI_PROGRESS_DAYS; d++)
		m = fmax(m, a[d]);
	return m;
}

void screen_progress_draw(struct ui *ui, const struct ui_view *v)
{
	const struct ui_progress *p = &v->progress;
	double reps[UI_PROGRESS_DAYS], work_min[UI_PROGRESS_DAYS], warned[UI_PROGRESS_DAYS];
	double sessions[UI_PROGRESS_DAYS], pain_b[UI_PROGRESS_DAYS];
	char title[96];
	bool port = ui->portrait;
	int d;

	for (d = 0; d < UI_PROGRESS_DAYS; d++) {
		reps[d] = p->reps[d];
		work_min[d] = p->work_s[d] / 60.0;
		warned[d] = p->warned[d];
		sessions[d] = p->sessions[d];
		/* pain before as a bar (0 drawn as a sliver, so a 0 rating shows) */
		pain_b[d] = p->pain_before[d] < 0 ? -1 : fmax(p->pain_before[d], 0.15);
	}
	/* portrait: the name alone, clear of Back */
	snprintf(title, sizeof(title), port ? "%s" : "Progress: %s", p->patient);
	screens_top_bar(ui, v, title);
	screens_button(ui, port ? ui_r(ui, 372, 8, 92, 40) : ui_r(ui, 676, 8, 110, 40), "Back", UI_CMD_NEXT, false);

	struct mini m[6] = {
		{ .title = "reps a day", .a = reps, .top = max_of(reps, 10), .ca = COL_SKY },
		{ .title = "best range", .a = p->best_deg, .top = max_of(p->best_deg, 30), .ca = COL_GREEN },
		{ .title = "work, min", .a = work_min, .top = max_of(work_min, 2), .target = 1.5, .ca = COL_GREEN },
		{ .title = "warned holds", .a = warned, .top = max_of(warned, 3), .ca = COL_VERMIL },
		{ .title = "pain ▮pre ●post", .a = pain_b, .b = p->pain_after, .top = 10, .ca = COL_YELLOW,
		  .cb = COL_SKY },
		{ .title = "sessions a day", .a = sessions, .top = fmax(max_of(sessions, 1), p->per_day + 1),
		  .target = p->per_day, .ca = COL_BLUE },
	};
	if ((d = last_day(reps)) >= 0)
		snprintf(m[0].value, sizeof(m[0].value), "%d", p->reps[d]);
	if ((d = last_day(p->best_deg)) >= 0)
		snprintf(m[1].value, sizeof(m[1].value), "%.0f°", p->best_deg[d]);
	if ((d = last_day(work_min)) >= 0) {
		int s = (int)p->work_s[d];

		snprintf(m[2].value, sizeof(m[2].value), "%d:%02d", s / 60, s % 60);
	}
	snprintf(m[3].value, sizeof(m[3].value), "%d", p->warned[UI_PROGRESS_DAYS - 1]);
	for (d = UI_PROGRESS_DAYS - 1; d >= 0 && p->pain_before[d] < 0 && p->pain_after[d] < 0; d--)
		;
	if (d >= 0) {
		char b[8] = "-", a[8] = "-";

		if (p->pain_before[d] >= 0)
			snprintf(b, sizeof(b), "%.0f", p->pain_before[d]);
		if (p->pain_after[d] >= 0)
			snprintf(a, sizeof(a), "%.0f", p->pain_after[d]);
		snprintf(m[4].value, sizeof(m[4].value), "%s → %s", b, a);
	}
	snprintf(m[5].value, sizeof(m[5].value), "%d of %d", p->done_today, p->per_day);

	if (port) {
		slr_card(ui, p, 16, 64, 448, 236);
		adherence_card(ui, p, 16, 308, 448, 86);
		for (int i = 0, row = 0; i < 6; row = ++i / 2)
			mini_chart(ui, &m[i], 16 + (i % 2) * 228, 402 + row * 122, 220, 114);
		snprintf(title, sizeof(title), "4 weeks from %s, a bar a day", p->first_day);
		text_draw(ui, title, 15, 0, COL_DIM, ui_r(ui, 16, 768, 448, 24), AL_CENTER);
	} else {
		slr_card(ui, p, 16, 64, 520, 194);
		adherence_card(ui, p, 546, 64, 238, 194);
		for (int i = 0, row = 0; i < 6; row = ++i / 3)
			mini_chart(ui, &m[i], 16 + (i % 3) * 258, 266 + row * 100, 250, 94);
		snprintf(title, sizeof(title), "The last 4 weeks from %s, a bar a day (today on the right)", p->first_day);
		text_draw(ui, title, 15, 0, COL_DIM, ui_r(ui, 16, 458, 768, 20), AL_CENTER);
	}
}
