// SPDX-License-Identifier: MIT
/*
 * The straight-leg-raise screen (screen_slr.h), on the 800x480 design
 * canvas or the 480x800 portrait one. While a trial runs: which leg and
 * trial, what to do, the leg's angle big and drawn as a leg over the
 * plinth, the "Knee bends" button. A side done: its result big, and where
 * it lies against the test's error (MDC95) and the last result.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui/ui_int.h"

/* Where things go, in design units, per orientation. */
struct slr_layout {
	double head_x, head_y, head_w, head_h, head_px;
	double instr_y, instr_line_h;
	int instr_lines;
	double angle_x, angle_y, angle_w, angle_h, angle_px;
	double hip_x, hip_y, leg_r;       /* the drawn leg: hip, length */
	double word_y, trials_y, text_x, text_w;
	double btn_x, btn_y, btn_w, btn_h;
	/* a side done */
	double res_px, res_w, scale_x, scale_y, scale_w, cmp_y, cmp_lines;
};

static const struct slr_layout landscape = {
	.head_x = 24, .head_y = 64, .head_w = 400, .head_h = 46, .head_px = 34,
	.instr_y = 112, .instr_line_h = 28, .instr_lines = 3,
	.angle_x = 24, .angle_y = 196, .angle_w = 400, .angle_h = 130, .angle_px = 110,
	.hip_x = 470, .hip_y = 340, .leg_r = 210,
	.word_y = 356, .trials_y = 398, .text_x = 24, .text_w = 400,
	.btn_x = 560, .btn_y = 392, .btn_w = 220, .btn_h = 76,
	.res_px = 60, .res_w = 752, .scale_x = 60, .scale_y = 196, .scale_w = 680, .cmp_y = 292, .cmp_lines = 1,
};

static const struct slr_layout portrait = {
	.head_x = 16, .head_y = 66, .head_w = 448, .head_h = 44, .head_px = 32,
	.instr_y = 114, .instr_line_h = 30, .instr_lines = 3,
	.angle_x = 16, .angle_y = 210, .angle_w = 448, .angle_h = 150, .angle_px = 130,
	.hip_x = 110, .hip_y = 600, .leg_r = 200,
	.word_y = 618, .trials_y = 656, .text_x = 16, .text_w = 448,
	.btn_x = 90, .btn_y = 706, .btn_w = 300, .btn_h = 74,
	.res_px = 48, .res_w = 448, .scale_x = 30, .scale_y = 200, .scale_w = 420, .cmp_y = 300, .cmp_lines = 2,
};

static const char *side_name(const struct ui_slr *s)
{
	return s->right ? "Right" : "Left";
}

/* The plinth, the 0-90 deg arc and the leg at its angle. */
static void leg_drawing(struct ui *ui, const struct slr_layout *L, const struct ui_slr *s)
{
	double cx = ui_x(ui, L->hip_x), cy = ui_y(ui, L->hip_y), r = ui_s(ui, L->leg_r);
	double a = fmin(fmax(s->angle_deg, 0.0), 100.0) * M_PI / 180.0;

	draw_fill(ui, ui_r(ui, L->hip_x - 20, L->hip_y + 16, L->leg_r + 50, 10), COL_LINE, 0xff);   /* plinth */
	draw_arc(ui, cx, cy, r - ui_s(ui, 6), r, 0, 90, COL_PANEL, 0xff);
	for (int d = 0; d <= 90; d += 30) {
		double t = d * M_PI / 180.0;

		draw_line(ui, cx + (r + ui_s(ui, 4)) * cos(t), cy - (r + ui_s(ui, 4)) * sin(t),
			  cx + (r + ui_s(ui, 16)) * cos(t), cy - (r + ui_s(ui, 16)) * sin(t), ui_s(ui, 3), COL_DIM, 0xff);
	}
	/* the trials taken on this side, as marks on the arc */
	for (int i = 0; i < s->n_trials; i++) {
		double t = fmin(s->trial_deg[i], 100.0) * M_PI / 180.0;

		draw_line(ui, cx + (r - ui_s(ui, 18)) * cos(t), cy - (r - ui_s(ui, 18)) * sin(t),
			  cx + (r + ui_s(ui, 18)) * cos(t), cy - (r + ui_s(ui, 18)) * sin(t), ui_s(ui, 6), COL_YELLOW, 0xff);
	}
	draw_line(ui, cx, cy, cx + (r - ui_s(ui, 10)) * cos(a), cy - (r - ui_s(ui, 10)) * sin(a), ui_s(ui, 18),
		  COL_SKY, 0xff);
	draw_arc(ui, cx, cy, 0, ui_s(ui, 16), 0, 360, COL_TEXT, 0xff);
}

static void trials_line(struct ui *ui, const struct slr_layout *L, const struct ui_slr *s)
{
	char buf[96], t[2][24];

	for (int i = 0; i < UI_SLR_TRIALS; i++) {
		if (i < s->n_trials)
			snprintf(t[i], sizeof(t[i]), "%.0f°", s->trial_deg[i]);
		else
			snprintf(t[i], sizeof(t[i]), "–");
	}
	snprintf(buf, sizeof(buf), "Trial 1: %s    Trial 2: %s", t[0], t[1]);
	text_draw(ui, buf, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, L->text_x, L->trials_y, L->text_w, 34), AL_LEFT);
}

static void screen_trial(struct ui *ui, const struct slr_layout *L, const struct ui_slr *s)
{
	char buf[96];
	bool raise = s->phase == UI_SLR_RAISE;

	snprintf(buf, sizeof(buf), "%s leg, trial %d of %d", side_name(s), s->trial, UI_SLR_TRIALS);
	text_draw(ui, buf, L->head_px, TEXT_BOLD, COL_TEXT, ui_r(ui, L->head_x, L->head_y, L->head_w, L->head_h),
		  ui->portrait ? AL_CENTER : AL_LEFT);
	const char *instr = !raise ? "Lay the leg flat on the plinth and keep it still."
		: s->by_knee ? "Raise the straight leg slowly; the shank sensor finds the knee bend."
		: "Raise the straight leg slowly; press when the knee starts to bend.";

	screens_wrapped(ui, instr, 24, 0, COL_DIM, L->head_x, L->instr_y, L->head_w, L->instr_line_h, L->instr_lines);
	snprintf(buf, sizeof(buf), "%.0f°", fmax(s->angle_deg, 0.0));
	text_draw(ui, buf, L->angle_px, TEXT_BOLD | TEXT_GLYPHS, raise ? COL_TEXT : COL_DIM,
		  ui_r(ui, L->angle_x, L->angle_y, L->angle_w, L->angle_h), AL_CENTER);
	text_draw(ui, "leg from horizontal", 20, 0, COL_DIM,
		  ui_r(ui, L->angle_x, L->angle_y + L->angle_h + 1, L->angle_w, 26), AL_CENTER);
	leg_drawing(ui, L, s);
	if (s->word[0])
		text_draw(ui, s->word, 20, TEXT_BOLD, !strncmp(s->word, "Not", 3) ? COL_ORANGE : COL_GREEN,
			  ui_r(ui, L->text_x, L->word_y, ui->portrait ? L->text_w : 520, 32), AL_LEFT);
	trials_line(ui, L, s);
	if (raise && !s->by_knee)
		screens_button(ui, ui_r(ui, L->btn_x, L->btn_y, L->btn_w, L->btn_h), "Knee bends", UI_CMD_START_PAUSE,
			       true);
}

/* The result on a number line: the one-rater band, the between-raters
 * band, the last result. */
static void result_scale(struct ui *ui, const struct slr_layout *L, const struct ui_slr *s)
{
	double lo = s->mean_deg - 16.0, hi = s->mean_deg + 16.0;

	if (s->has_prev) {
		lo = fmin(lo, s->prev_deg - 4.0);
		hi = fmax(hi, s->prev_deg + 4.0);
	}
	lo = floor(lo / 5.0) * 5.0;
	hi = ceil(hi / 5.0) * 5.0;
	double x0 = L->scale_x, w = L->scale_w, y = L->scale_y, k = w / (hi - lo);
#define SX(d) (x0 + ((d) - lo) * k)
	char buf[32];

	draw_fill(ui, ui_r(ui, SX(s->mean_deg - s->mdc_between_deg), y + 8, 2 * s->mdc_between_deg * k, 40), COL_PANEL,
		  0xff);
	draw_fill(ui, ui_r(ui, SX(s->mean_deg - s->mdc_one_deg), y + 8, 2 * s->mdc_one_deg * k, 40), COL_BLUE, 0xff);
	draw_fill(ui, ui_r(ui, x0, y + 48, w, 3), COL_LINE, 0xff);
	for (int d = (int)lo; d <= (int)hi; d += 5) {   /* lo, hi: multiples of 5 */
		draw_fill(ui, ui_r(ui, SX(d) - 1, y + 48, 2, 10), COL_DIM, 0xff);
		if (d % 10 == 0) {
			snprintf(buf, sizeof(buf), "%d°", d);
			text_draw(ui, buf, 16, 0, COL_DIM, ui_r(ui, SX(d) - 30, y + 60, 60, 22), AL_CENTER);
		}
	}
	draw_fill(ui, ui_r(ui, SX(s->mean_deg) - 3, y, 6, 56), COL_TEXT, 0xff);
	if (s->has_prev) {
		draw_fill(ui, ui_r(ui, SX(s->prev_deg) - 3, y + 2, 6, 52), COL_YELLOW, 0xff);
		text_draw(ui, "last", 16, TEXT_BOLD, COL_YELLOW, ui_r(ui, SX(s->prev_deg) - 30, y - 22, 60, 22), AL_CENTER);
	}
#undef SX
}

static void screen_done(struct ui *ui, const struct slr_layout *L, const struct ui_slr *s)
{
	char buf[160];
	double d = s->mean_deg - s->prev_deg;
	int align = ui->portrait ? AL_CENTER : AL_LEFT;

	snprintf(buf, sizeof(buf), "%s leg: %.0f°", side_name(s), s->mean_deg);
	text_draw(ui, buf, L->res_px, TEXT_BOLD, COL_TEXT, ui_r(ui, L->head_x, L->head_y, L->res_w, L->res_px * 1.25),
		  align);
	if (s->other_done)
		snprintf(buf, sizeof(buf), "trials %.0f° and %.0f°;  %s leg %.0f°", s->trial_deg[0], s->trial_deg[1],
			 s->right ? "left" : "right", s->other_deg);
	else
		snprintf(buf, sizeof(buf), "the mean of trials %.0f° and %.0f°", s->trial_deg[0], s->trial_deg[1]);
	text_draw(ui, buf, 22, 0, COL_DIM, ui_r(ui, L->head_x, L->head_y + L->res_px * 1.25 + 2, L->res_w, 30), align);
	result_scale(ui, L, s);
	if (!s->has_prev)
		snprintf(buf, sizeof(buf), "The first result of this leg: the next one is compared with it.");
	else if (fabs(d) > s->mdc_one_deg)
		snprintf(buf, sizeof(buf), "Last time %.0f° (%s): %+.0f°, more than the test's error", s->prev_deg,
			 s->prev_when, d);
	else
		snprintf(buf, sizeof(buf), "Last time %.0f° (%s): %+.0f°, within the test's error", s->prev_deg,
			 s->prev_when, d);
	screens_wrapped(ui, buf, 22, TEXT_BOLD, COL_TEXT, L->head_x, L->cmp_y, L->res_w, 30, (int)L->cmp_lines);
	snprintf(buf, sizeof(buf), "Test error (MDC95): ±%.1f° same clinician (blue), ±%.0f° another (grey)",
		 s->mdc_one_deg, s->mdc_between_deg);
	screens_wrapped(ui, buf, 18, 0, COL_DIM, L->head_x, L->cmp_y + 30 * L->cmp_lines + 4, L->res_w, 26,
			ui->portrait ? 2 : 1);
	if (s->saved[0])
		text_draw(ui, s->saved, 20, TEXT_BOLD, !strncmp(s->saved, "Not", 3) ? COL_ORANGE : COL_GREEN,
			  ui_r(ui, L->text_x, ui->portrait ? 470 : 398, ui->portrait ? L->text_w : 500, 34), align);
	screens_button(ui, ui_r(ui, L->btn_x, L->btn_y, L->btn_w, L->btn_h),
		       s->other_done ? "Done" : s->right ? "Left leg" : "Right leg", UI_CMD_NEXT, true);
}

void screen_slr_draw(struct ui *ui, const struct ui_view *v)
{
	const struct slr_layout *L = ui->portrait ? &portrait : &landscape;

	screens_top_bar(ui, v, "Straight-leg raise");
	screens_button(ui, ui->portrait ? ui_r(ui, 354, 8, 110, 40) : ui_r(ui, 676, 8, 110, 40), "Done", UI_CMD_FINISH,
		       false);
	if (v->slr.phase == UI_SLR_SIDE_DONE)
		screen_done(ui, L, &v->slr);
	else
		screen_trial(ui, L, &v->slr);
}
