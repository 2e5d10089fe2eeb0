// SPDX-License-Identifier: MIT
/*
 * The screens on a canvas taller than wide (a display mounted upright):
 * laid out on the 480x800 portrait design canvas. What sits side by side in
 * landscape is stacked: the rep count across the full width on top, the
 * gauge and work ring below it, the range and hold strip under them, and
 * the touch buttons along the bottom edge. Long lines are broken in two
 * rather than shrunk. The gauge, ring, paused and pre-warning cards are
 * the landscape pieces themselves, drawn as one block (ui_frame_enter).
 */
#include <math.h>
#include <stdio.h>
#include "ui/ui_int.h"

#define P_TOPBAR_H 56.0
/* The exercise screen, top to bottom (portrait canvas units). The rep
 * digits' box is one line of DejaVu Sans Bold at REPS_PX high (1.164 em),
 * so the digits come out at REPS_PX: their ink, 0.745 em, is 167 units,
 * over a third of the width (landscape's are 176 on its 480 height). */
#define P_REPS_Y 84.0
#define P_REPS_PX 224.0
#define P_REPS_H 262.0
#define P_PANEL_Y 348.0      /* the landscape panel, 0.9 times its size */
#define P_PANEL_K 0.9
#define P_STRIP_Y 648.0      /* two rows: 40 and 38 high */
#define P_BUTTONS_Y 730.0    /* clear of the warning's 16-unit border */
#define P_BUTTON_H 50.0

static void p_start(struct ui *ui, const struct ui_view *v)
{
	static const char *const title[] = { "Dynamic hamstring", "stretch" };
	static const char *const press[] = { "press the button, touch Start,", "or press Space" };
	bool tempo = v->modes.tempo_out_s > 0 && v->modes.mode != UI_MODE_MASSAGE;

	screens_top_bar(ui, v, "stretchrep");
	if (v->notice[0])
		text_draw(ui, v->notice, 16, TEXT_BOLD, COL_ORANGE, ui_r(ui, 16, 62, 448, 28), AL_CENTER);
	if (v->modes.mode == UI_MODE_MASSAGE)
		text_draw(ui, screens_modes_title(v), 42, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, 100, 448, 58), AL_CENTER);
	else
		screens_lines(ui, title, 2, 42, TEXT_BOLD, COL_TEXT, 16, 88, 448, 58);
	/* the mode's two lines, each broken in two across the narrow screen;
	 * with a tempo the demonstration takes the second's place */
	screens_wrapped(ui, screens_modes_line(v, tempo ? 1 : 0), 22, 0, COL_DIM, 16, 206, 448, 30, 2);
	if (tempo)
		screens_modes_tempo_demo(ui, v, 40, 268, 400, 88);
	else
		screens_wrapped(ui, screens_modes_line(v, 1), 22, 0, COL_DIM, 16, 268, 448, 30, 2);

	screens_sensor_card(ui, v, &(struct screens_sensor_boxes){
		.card = ui_r(ui, 24, 362, 432, 104), .dot_x = ui_x(ui, 52), .dot_y = ui_y(ui, 392),
		.title = ui_r(ui, 72, 374, 370, 36), .sensor = ui_r(ui, 40, 416, 404, 40) });
	/* what to check, in up to three lines: the wiring hint is ~120
	 * characters, too long for one line across the narrow screen */
	if (v->sensor_hint[0])
		screens_wrapped(ui, v->sensor_hint, 18, 0, COL_ORANGE, 16, 468, 448, 24, 3);
	if (v->modes.choose)
		screens_modes_choice(ui, v, 16, 544, 448, 56);

	screens_button(ui, ui_r(ui, 90, 610, 300, 84), "Start", UI_CMD_START_PAUSE, true);
	screens_lines(ui, press, 2, 18, 0, COL_DIM, 16, 702, 448, 30);
}

static void p_calibrate(struct ui *ui, const struct ui_view *v, double anim_s)
{
	static const char *const how[] = { "Lie relaxed, leg at rest,", "sensor strapped on" };
	char buf[32];

	screens_top_bar(ui, v, "Getting ready");
	text_draw(ui, "Hold still", 84, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, 84, 448, 110), AL_CENTER);
	screens_lines(ui, how, 2, 26, 0, COL_DIM, 16, 200, 448, 38);
	screens_countdown_ring(ui, v, anim_s, ui_x(ui, 240), ui_y(ui, 480), ui_s(ui, 108), ui_s(ui, 132));
	snprintf(buf, sizeof(buf), "%.1f", v->calib_left_s);
	text_draw(ui, buf, 64, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 150, 430, 180, 76), AL_CENTER);
	text_draw(ui, "seconds", 20, 0, COL_DIM, ui_r(ui, 150, 506, 180, 28), AL_CENTER);
	/* a way out by touch: the session goes on with the rest it had */
	screens_button(ui, ui_r(ui, 90, P_BUTTONS_Y - 12, 300, P_BUTTON_H + 12), "Skip", UI_CMD_NEXT, false);
}

/* The landscape panel (gauge and work ring, or a card over them) as the
 * middle block of the portrait exercise screen. */
static struct ui_frame p_panel_enter(struct ui *ui)
{
	double w = SCREENS_PANEL_W * P_PANEL_K;

	return ui_frame_enter(ui, (UI_PORT_W - w) / 2, P_PANEL_Y, P_PANEL_K, SCREENS_PANEL_X, SCREENS_PANEL_Y);
}

static void p_exercise_static(struct ui *ui, const struct ui_view *v)
{
	struct ui_frame f = p_panel_enter(ui);

	screens_panel_static(ui, v);
	ui_frame_leave(ui, f);
}

/* this rep and hold on one line, the last reps on the next; each label
 * before its value. */
static void p_strip(struct ui *ui, const struct ui_view *v)
{
	char buf[64];

	draw_fill(ui, ui_r(ui, 0, P_STRIP_Y - 3, UI_PORT_W, 1.5), COL_LINE, 0xff);
	text_draw(ui, "this rep", 16, 0, COL_DIM, ui_r(ui, 20, P_STRIP_Y, 80, 40), AL_LEFT);
	screens_fmt_rep_peak(buf, sizeof(buf), v);
	text_draw(ui, buf, 34, TEXT_BOLD | TEXT_GLYPHS, COL_YELLOW, ui_r(ui, 102, P_STRIP_Y, 110, 40), AL_LEFT);
	text_draw(ui, "hold", 16, 0, COL_DIM, ui_r(ui, 220, P_STRIP_Y, 60, 40), AL_RIGHT);
	SDL_Color c = screens_fmt_hold(buf, sizeof(buf), v);

	text_draw(ui, buf, 30, TEXT_BOLD | TEXT_GLYPHS, c, ui_r(ui, 284, P_STRIP_Y, 176, 40), AL_RIGHT);
	text_draw(ui, "last reps", 16, 0, COL_DIM, ui_r(ui, 20, P_STRIP_Y + 40, 80, 38), AL_LEFT);
	screens_fmt_peaks(buf, sizeof(buf), v);
	text_draw(ui, buf, 28, TEXT_GLYPHS, COL_TEXT, ui_r(ui, 102, P_STRIP_Y + 40, 362, 38), AL_LEFT);
}

/* The warning: over everything but the top bar and the buttons, the words
 * and the seconds held as big as the width allows. */
static void p_warning(struct ui *ui, const struct ui_view *v, double anim_s)
{
	static const char *const what[] = { "Release", "the stretch" };
	static const char *const then[] = { "then move in", "and out again" };
	struct ui_rect b = ui_r(ui, 16, 64, 448, P_BUTTONS_Y - 4 - 64);
	bool flash = screens_flash(anim_s);
	char buf[32];

	draw_fill(ui, b, COL_VERMIL, 0xff);
	draw_frame(ui, b, (int)ui_s(ui, 6), flash ? COL_TEXT : COL_VERMIL, 0xff);
	screens_lines(ui, what, 2, 64, TEXT_BOLD, COL_TEXT, 32, 100, 416, 78);
	text_draw(ui, "held", 44, TEXT_BOLD, COL_TEXT, ui_r(ui, 32, 280, 416, 56), AL_CENTER);
	snprintf(buf, sizeof(buf), "%.0f s", floor(v->hold_s));
	text_draw(ui, buf, 160, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 32, 336, 416, 190), AL_CENTER);
	screens_lines(ui, then, 2, 34, 0, COL_TEXT, 32, 560, 416, 46);
	ui->regions[UI_REGION_ALERT] = b;
}

static void p_exercise(struct ui *ui, const struct ui_view *v, double anim_s)
{
	static const char *const label[3] = { NULL, "Calibrate", "Finish" };
	static const enum ui_cmd cmd[3] = { UI_CMD_START_PAUSE, UI_CMD_CALIBRATE, UI_CMD_FINISH };
	struct ui_frame f;
	char buf[16];

	screens_top_bar(ui, v, v->paused ? "Paused" : "Exercise");
	screen_patients_symptom_button(ui, v, 330, 8, 136, 40);
	ui->regions[UI_REGION_REPS] = ui_r(ui, 16, P_REPS_Y, 448, P_REPS_H);
	draw_fill(ui, ui_r(ui, 0, P_PANEL_Y - 2, UI_PORT_W, 1.5), COL_LINE, 0xff);
	/* the warning (p_warning, from y 64) covers the digits, the panel and
	 * the label, which starts above it (58): not drawn, or a sliver shows */
	if (!screens_warning_hides_panel(v)) {
		text_draw(ui, "REPS", 22, TEXT_BOLD, COL_DIM, ui_r(ui, 20, 58, 200, 26), AL_LEFT);
		snprintf(buf, sizeof(buf), "%d", v->reps);
		text_draw(ui, buf, P_REPS_PX, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui->regions[UI_REGION_REPS], AL_CENTER);
		f = p_panel_enter(ui);
		screens_panel(ui, v);
		if (v->paused)
			screens_paused_card(ui);
		ui_frame_leave(ui, f);
	}
	p_strip(ui, v);
	/* the buttons along the bottom, within reach on an upright screen */
	for (int i = 0; i < 3; i++)
		screens_button(ui, ui_r(ui, 24 + 148 * i, P_BUTTONS_Y, 136, P_BUTTON_H),
			       label[i] ? label[i] : v->paused ? "Resume" : "Pause", cmd[i], false);
	if (v->alert == MOTION_ALERT_NONE)
		return;
	screens_alert_border(ui, v, anim_s);
	if (v->alert == MOTION_ALERT_WARN) {
		p_warning(ui, v, anim_s);
		return;
	}
	f = p_panel_enter(ui);
	screens_prewarn_card(ui, v);
	ui_frame_leave(ui, f);
}

static void p_summary(struct ui *ui, const struct ui_view *v)
{
	char val[SCREENS_STATS][48];

	char title[96];

	screens_top_bar(ui, v, screen_patients_title(v, "Session complete", title, sizeof(title)));
	screens_fmt_stats(v, val);
	for (int i = 0; i < SCREENS_STATS; i++) {
		int row = i / 2, col = i % 2;
		double x = 16 + 224 * col, y = 62 + 84 * row;

		text_draw(ui, val[i], 46, TEXT_BOLD, COL_TEXT, ui_r(ui, x, y, 224, 58), AL_CENTER);
		text_draw(ui, screens_stat_label_for(v, i), 18, 0, COL_DIM, ui_r(ui, x, y + 56, 224, 26), AL_CENTER);
	}
	draw_round(ui, ui_r(ui, 16, 320, 448, 220), (int)ui_s(ui, 12), COL_PANEL, 0xff);
	screens_chart(ui, v, ui_r(ui, 32, 334, 416, 168), ui_r(ui, 32, 508, 416, 24));

	screens_summary_history(ui, v, &(struct screens_history_boxes){
		.l1 = ui_r(ui, 16, 552, 448, 34), .l2 = ui_r(ui, 16, 588, 448, 30), .l1_px = 22,
		.saved = ui_r(ui, 16, 628, 448, 34), .why = ui_r(ui, 16, 662, 448, 30), .saved_align = AL_LEFT });
	screens_button(ui, ui_r(ui, 90, P_BUTTONS_Y - 12, 300, P_BUTTON_H + 12), "New session",
		       UI_CMD_START_PAUSE, false);
}

static void p_sensor_lost(struct ui *ui, const struct ui_view *v)
{
	static const char *const check[] = { "Check the strap,", "the sensor cable and its plug." };
	static const char *const kept[] = { "Your session is kept", "and resumes when", "the sensor is back." };
	struct ui_rect card = ui_r(ui, 24, 170, 432, 420);

	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BLACK, 0xc8);
	draw_round(ui, card, (int)ui_s(ui, 16), COL_PANEL, 0xff);
	draw_frame(ui, card, (int)ui_s(ui, 4) > 0 ? (int)ui_s(ui, 4) : 1, COL_ORANGE, 0xff);
	text_draw(ui, "Sensor lost", 52, TEXT_BOLD, COL_ORANGE, ui_r(ui, 40, 190, 400, 76), AL_CENTER);
	screens_lines(ui, check, 2, 22, 0, COL_TEXT, 40, 270, 400, 34);
	screens_wrapped(ui, v->sensor_hint[0] ? v->sensor_hint : v->sensor, 18, 0, COL_DIM, 40, 354, 400, 24, 3);
	screens_lines(ui, kept, 3, 24, TEXT_BOLD, COL_TEXT, 40, 446, 400, 38);
}

const struct screens_layout portrait_layout = {
	.start = p_start,
	.calibrate = p_calibrate,
	.exercise_static = p_exercise_static,
	.exercise = p_exercise,
	.summary = p_summary,
	.sensor_lost = p_sensor_lost,
};
