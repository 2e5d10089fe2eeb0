// SPDX-License-Identifier: MIT
/*
 * The modes' screens (view.h struct ui_modes): switch sides, the massage
 * timer, both legs side by side, the summaries of a left-then-right set and
 * of a massage; and the pieces the session's own screens take from here:
 * the start screen's mode choice and tempo demonstration, the tempo's
 * marker on the dial and its deviation.
 *
 * Both orientations: each screen is laid out on the 800x480 design canvas,
 * or on the 480x800 one when portrait (ui_r maps either); the leg column is
 * one design (376 x 300 units) placed twice, side by side in landscape and
 * stacked in portrait. Read from 3-4 m like the rest: few words, big
 * numbers, alerts in words and a moving border, never colour alone.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui/ui_int.h"

#define LEG_W 376.0
#define LEG_H 300.0
#define LEG_DIAL_X 190.0     /* the column's quarter dial: pivot, radius, band */
#define LEG_DIAL_Y 282.0
#define LEG_DIAL_R 168.0
#define LEG_DIAL_BAND 26.0
#define DIAL_MAX_DEG 90.0

static const char *side_name(enum ui_side s)
{
	return s == UI_SIDE_LEFT ? "LEFT" : s == UI_SIDE_RIGHT ? "RIGHT" : "";
}

static void bg(struct ui *ui)
{
	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BG, 0xff);
}

static int thin(const struct ui *ui, double t)
{
	int px = (int)ui_s(ui, t);

	return px > 0 ? px : 1;
}

/* ---- pieces for the session's own screens ---- */

const char *screens_modes_title(const struct ui_view *v)
{
	return v->modes.mode == UI_MODE_MASSAGE ? "Self-massage" : "Dynamic hamstring stretch";
}

const char *screens_modes_line(const struct ui_view *v, int i)
{
	static const char *const lines[UI_MODE_N][2] = {
		[UI_MODE_STRETCH] = { "Move into the stretch and back out, again and again.",
				      "Never hold still in the stretch." },
		[UI_MODE_LEFT_RIGHT] = { "Left leg first, then the right: move in and out.",
					 "Never hold still. The screen says when to switch." },
		[UI_MODE_MASSAGE] = { "Gently massage the back of your thigh, leg at rest.",
				      "Stop if it hurts." },
	};
	enum ui_mode m = v->modes.mode < UI_MODE_N ? v->modes.mode : UI_MODE_STRETCH;

	return lines[m][i ? 1 : 0];
}

/* A choice among a few: the chosen one filled, the others framed; all at
 * one size (screens_button's primary is bigger). Registered for taps. */
static void choice_button(struct ui *ui, struct ui_rect r, const char *label, enum ui_cmd cmd, bool on)
{
	draw_round(ui, r, r.h / 5, on ? COL_SKY : COL_PANEL, 0xff);
	if (!on)
		draw_frame(ui, r, thin(ui, 2), COL_LINE, 0xff);
	struct ui_rect in = { r.x + r.h / 5, r.y + r.h / 8, r.w - 2 * (r.h / 5), r.h - r.h / 4 };
	text_draw(ui, label, 22, TEXT_BOLD, on ? COL_BLACK : COL_TEXT, in, AL_CENTER);
	if (ui->n_buttons < UI_MAX_BUTTONS)
		ui->buttons[ui->n_buttons++] = (struct ui_button){ r, cmd };
}

void screens_modes_choice(struct ui *ui, const struct ui_view *v, double x, double y, double w, double h)
{
	static const char *const label[UI_MODE_N] = { "Stretch", "Both legs", "Massage" };
	static const enum ui_cmd cmd[UI_MODE_N] = { UI_CMD_MODE_STRETCH, UI_CMD_MODE_LEFT_RIGHT,
						    UI_CMD_MODE_MASSAGE };
	double gap = 12, bw = (w - gap * (UI_MODE_N - 1)) / UI_MODE_N;

	for (int i = 0; i < UI_MODE_N; i++)
		choice_button(ui, ui_r(ui, x + i * (bw + gap), y, bw, h), label[i], cmd[i], v->modes.mode == (enum ui_mode)i);
}

/* A leg lying on a mat, raised from the hip at the tempo: frac 0 rest ..
 * 1 in the stretch (40 deg). Lines and discs only: cheap every frame. */
static void draw_leg(struct ui *ui, double x, double y, double w, double h, double frac)
{
	double hip_x = x + w * 0.42, hip_y = y + h * 0.78, len = w * 0.52;
	double a = frac * 40.0 * M_PI / 180.0, knee = len * 0.5;
	double kx = hip_x + knee * cos(a), ky = hip_y - knee * sin(a);
	double fx = hip_x + len * cos(a), fy = hip_y - len * sin(a);

	draw_line(ui, x + w * 0.04, hip_y + ui_s(ui, 10), x + w * 0.96, hip_y + ui_s(ui, 10), ui_s(ui, 3), COL_LINE, 0xff);
	/* the body, lying, head on the left */
	draw_line(ui, x + w * 0.10, hip_y, hip_x, hip_y, ui_s(ui, 12), COL_DIM, 0xff);
	draw_arc(ui, x + w * 0.08, hip_y - ui_s(ui, 4), 0, ui_s(ui, 10), 0, 360, COL_DIM, 0xff);
	/* the leg: thigh with the sensor, shank, straight */
	draw_line(ui, hip_x, hip_y, fx, fy, ui_s(ui, 10), COL_TEXT, 0xff);
	draw_arc(ui, kx - (kx - hip_x) * 0.3, ky - (ky - hip_y) * 0.3, 0, ui_s(ui, 6), 0, 360, COL_SKY, 0xff);
}

void screens_modes_tempo_demo(struct ui *ui, const struct ui_view *v, double x, double y, double w, double h)
{
	char buf[64];

	draw_round(ui, ui_r(ui, x, y, w, h), (int)ui_s(ui, 12), COL_PANEL, 0xff);
	draw_leg(ui, ui_x(ui, x), ui_y(ui, y + 28), ui_s(ui, w * 0.55), ui_s(ui, h - 32), v->modes.tempo_demo_frac);
	snprintf(buf, sizeof(buf), "%.3g s up", v->modes.tempo_out_s);
	text_draw(ui, "tempo", 16, 0, COL_DIM, ui_r(ui, x + w * 0.56, y + 8, w * 0.42, 22), AL_LEFT);
	text_draw(ui, buf, 22, TEXT_BOLD, COL_TEXT, ui_r(ui, x + w * 0.56, y + 30, w * 0.42, 28), AL_LEFT);
	snprintf(buf, sizeof(buf), "%.3g s down", v->modes.tempo_in_s);
	text_draw(ui, buf, 22, TEXT_BOLD, COL_TEXT, ui_r(ui, x + w * 0.56, y + 58, w * 0.42, 28), AL_LEFT);
}

void screens_modes_tempo_marker(struct ui *ui, const struct ui_view *v, double px, double py, double r, double band)
{
	double d = v->modes.tempo_guide_deg, a;

	if (v->modes.tempo_out_s <= 0 || v->modes.mode == UI_MODE_MASSAGE)
		return;
	d = d < 0 ? 0 : d > DIAL_MAX_DEG ? DIAL_MAX_DEG : d;
	a = d * M_PI / 180;
	draw_line(ui, px + (r - band) * cos(a), py - (r - band) * sin(a), px + (r + ui_s(ui, 20)) * cos(a),
		  py - (r + ui_s(ui, 20)) * sin(a), ui_s(ui, 6), COL_SKY, 0xff);
	draw_arc(ui, px + (r + ui_s(ui, 24)) * cos(a), py - (r + ui_s(ui, 24)) * sin(a), 0, ui_s(ui, 9), 0, 360,
		 COL_SKY, 0xff);
}

/* "+0.4 s" (slow) / "-0.4 s" (fast) */
static void fmt_dev(char *buf, size_t n, double dev_s)
{
	snprintf(buf, n, "%s%.1f s", dev_s > 0.05 ? "+" : dev_s < -0.05 ? "−" : "±", fabs(dev_s));
}

void screens_modes_fmt_tempo(char *buf, size_t n, const struct ui_view *v)
{
	fmt_dev(buf, n, v->modes.tempo_mean_dev_s);
}

void screens_modes_tempo_text(struct ui *ui, const struct ui_view *v, struct ui_rect label, struct ui_rect value)
{
	char buf[32];

	if (v->modes.tempo_out_s <= 0 || v->modes.mode == UI_MODE_MASSAGE)
		return;
	text_draw(ui, v->modes.tempo_n ? "off tempo, last rep" : "follow the blue mark", 16, 0, COL_DIM, label, AL_RIGHT);
	if (v->modes.tempo_n) {
		fmt_dev(buf, sizeof(buf), v->modes.tempo_last_dev_s);
		text_draw(ui, buf, 30, TEXT_BOLD | TEXT_GLYPHS, COL_SKY, value, AL_RIGHT);
	}
}

bool screens_modes_animates(const struct ui_view *v)
{
	const struct ui_modes *m = &v->modes;
	bool tempo = m->tempo_out_s > 0 && m->mode != UI_MODE_MASSAGE;

	return (tempo && v->screen == UI_SCREEN_START && m->tempo_demo_live) ||
	       (tempo && v->screen == UI_SCREEN_EXERCISE) ||
	       m->switching || (m->mode == UI_MODE_MASSAGE && m->static_stretch);
}

/* ---- switch sides ---- */

static void switch_sides(struct ui *ui, const struct ui_view *v, double anim_s)
{
	bool p = ui->portrait;
	double W = p ? UI_PORT_W : UI_BASE_W;
	const struct session_summary *s = &v->summary;
	double still = v->modes.switch_still_need_s > 0 ? v->modes.switch_still_s / v->modes.switch_still_need_s : 0;
	double pulse = 0.5 + 0.5 * sin(anim_s * 2 * M_PI * 0.5);
	char buf[96];

	bg(ui);
	screens_top_bar(ui, v, "Switch legs");
	snprintf(buf, sizeof(buf), "Left leg done: %d reps, best %.0f°", s->reps, s->best_peak_deg);
	if (p) {
		static const char *const then[] = { "then press Start, or lie", "still: it goes on by itself" };

		screens_wrapped(ui, buf, 24, 0, COL_DIM, 16, 68, 448, 32, 2);
		text_draw(ui, "Move the sensor to your", 30, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, 150, 448, 44), AL_CENTER);
		text_draw(ui, "RIGHT", 110, TEXT_BOLD, COL_SKY, ui_r(ui, 16, 196, 448, 134), AL_CENTER);
		text_draw(ui, "thigh", 44, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, 330, 448, 56), AL_CENTER);
		screens_lines(ui, then, 2, 24, 0, COL_DIM, 16, 560, 448, 34);
	} else {
		text_draw(ui, buf, 24, 0, COL_DIM, ui_r(ui, 40, 64, 720, 34), AL_CENTER);
		text_draw(ui, "Move the sensor to your", 40, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 100, 720, 50), AL_CENTER);
		text_draw(ui, "RIGHT thigh", 76, TEXT_BOLD, COL_SKY, ui_r(ui, 40, 150, 720, 92), AL_CENTER);
		text_draw(ui, "then press Start, or lie still: it goes on by itself", 22, 0, COL_DIM,
			  ui_r(ui, 40, 324, 720, 32), AL_CENTER);
	}
	/* left (done) -> right, the arrow breathing */
	double gy = p ? 400 : 250, gw = p ? 150 : 170, gh = p ? 110 : 62, gap = p ? 90 : 120;
	double gx = (W - 2 * gw - gap) / 2;

	draw_round(ui, ui_r(ui, gx, gy, gw, gh), (int)ui_s(ui, 10), COL_PANEL, 0xff);
	text_draw(ui, "LEFT ✓", 26, TEXT_BOLD, COL_GREEN, ui_r(ui, gx, gy, gw, gh), AL_CENTER);
	draw_round(ui, ui_r(ui, gx + gw + gap, gy, gw, gh), (int)ui_s(ui, 10), COL_SKY, 0xff);
	text_draw(ui, "RIGHT", 26, TEXT_BOLD, COL_BLACK, ui_r(ui, gx + gw + gap, gy, gw, gh), AL_CENTER);
	double ax0 = ui_x(ui, gx + gw + 14), ax1 = ui_x(ui, gx + gw + gap - 14 - 10 * pulse), ay = ui_y(ui, gy + gh / 2);
	draw_line(ui, ax0, ay, ax1, ay, ui_s(ui, 6), COL_TEXT, 0xff);
	draw_line(ui, ax1, ay, ax1 - ui_s(ui, 14), ay - ui_s(ui, 12), ui_s(ui, 6), COL_TEXT, 0xff);
	draw_line(ui, ax1, ay, ax1 - ui_s(ui, 14), ay + ui_s(ui, 12), ui_s(ui, 6), COL_TEXT, 0xff);
	/* how long the leg has kept still on the new thigh */
	double by = p ? 640 : 362, bw = p ? 300 : 320;
	if (still > 0) {
		draw_round(ui, ui_r(ui, (W - bw) / 2, by, bw, 10), (int)ui_s(ui, 5), COL_PANEL, 0xff);
		draw_round(ui, ui_r(ui, (W - bw) / 2, by, bw * (still > 1 ? 1 : still), 10), (int)ui_s(ui, 5), COL_GREEN,
			   0xff);
	}
	screens_button(ui, p ? ui_r(ui, 90, 672, 300, 96) : ui_r(ui, 250, 384, 300, 80), "Start", UI_CMD_START_PAUSE,
		       true);
}

/* ---- the massage timer ---- */

static void massage_ring(struct ui *ui, const struct ui_view *v, double cx, double cy, double ro, double ri)
{
	const struct ui_modes *m = &v->modes;
	double total = m->massage_total_s > 0 ? m->massage_total_s : 120.0, frac = m->massage_s / total;
	double X = ui_x(ui, cx), Y = ui_y(ui, cy);
	char buf[32];

	draw_arc(ui, X, Y, ui_s(ui, ri), ui_s(ui, ro), 0, 360, COL_PANEL, 0xff);
	draw_arc(ui, X, Y, ui_s(ui, ri), ui_s(ui, ro), 90, 90 - 360 * (frac > 1 ? 1 : frac),
		 v->paused ? COL_DIM : COL_GREEN, 0xff);
	/* a tick at each cue */
	for (int i = 1; m->massage_cue_s > 0 && i * m->massage_cue_s < total; i++) {
		double a = (90 - 360 * i * m->massage_cue_s / total) * M_PI / 180;

		draw_line(ui, X + ui_s(ui, ri - 6) * cos(a), Y - ui_s(ui, ri - 6) * sin(a), X + ui_s(ui, ro + 6) * cos(a),
			  Y - ui_s(ui, ro + 6) * sin(a), ui_s(ui, 3), COL_TEXT, 0xff);
	}
	screens_fmt_mmss(buf, sizeof(buf), m->massage_s);
	text_draw(ui, buf, 64, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, cx - ri + 10, cy - 46, 2 * ri - 20, 78),
		  AL_CENTER);
	screens_fmt_mmss(buf, sizeof(buf), total);
	char of[40];
	snprintf(of, sizeof(of), "of %s", buf);
	text_draw(ui, of, 20, 0, COL_DIM, ui_r(ui, cx - ri + 10, cy + 32, 2 * ri - 20, 28), AL_CENTER);
}

/* The leg's state: at rest (good), moving, or held in the stretch (the
 * warning: words on a yellow card, and the border pulses). */
static void massage_leg_card(struct ui *ui, const struct ui_view *v, double x, double y, double w, double h)
{
	const struct ui_modes *m = &v->modes;
	struct ui_rect card = ui_r(ui, x, y, w, h);

	if (m->static_stretch) {
		draw_round(ui, card, (int)ui_s(ui, 12), COL_YELLOW, 0xff);
		text_draw(ui, "Relax the leg", 34, TEXT_BOLD, COL_BLACK, ui_r(ui, x + 12, y + 8, w - 24, h / 2 - 8), AL_CENTER);
		text_draw(ui, "massage, don't stretch", 24, 0, COL_BLACK, ui_r(ui, x + 12, y + h / 2, w - 24, h / 2 - 10),
			  AL_CENTER);
		return;
	}
	draw_round(ui, card, (int)ui_s(ui, 12), COL_PANEL, 0xff);
	draw_arc(ui, ui_x(ui, x + 30), ui_y(ui, y + 6 + h / 4), 0, ui_s(ui, 11), 0, 360, m->leg_at_rest ? COL_GREEN : COL_SKY,
		 0xff);
	text_draw(ui, m->leg_at_rest ? "Leg at rest" : "Leg moving", 30, TEXT_BOLD, COL_TEXT,
		  ui_r(ui, x + 54, y + 6, w - 64, h / 2), AL_LEFT);
	text_draw(ui, m->leg_at_rest ? "good: keep it relaxed" : "let it rest on the mat", 20, 0, COL_DIM,
		  ui_r(ui, x + 54, y + h / 2, w - 64, h / 2 - 8), AL_LEFT);
}

static void next_cue(char *buf, size_t n, const struct ui_view *v)
{
	const struct ui_modes *m = &v->modes;
	char t[16];

	if (m->massage_cue_s <= 0 || m->massage_s >= m->massage_total_s) {
		snprintf(buf, n, " ");
		return;
	}
	double next = (floor(m->massage_s / m->massage_cue_s) + 1) * m->massage_cue_s;

	if (next > m->massage_total_s)
		next = m->massage_total_s;
	screens_fmt_mmss(t, sizeof(t), next - m->massage_s + 0.999);
	snprintf(buf, n, "next cue in %s", t);
}

/* Paused: a card over the words (the ring stays, greyed). */
static void massage_paused(struct ui *ui, double x, double y, double w, double h)
{
	draw_round(ui, ui_r(ui, x, y, w, h), (int)ui_s(ui, 14), COL_PANEL, 0xff);
	draw_frame(ui, ui_r(ui, x, y, w, h), thin(ui, 3), COL_YELLOW, 0xff);
	text_draw(ui, "Paused", 64, TEXT_BOLD, COL_YELLOW, ui_r(ui, x + 16, y + h / 2 - 90, w - 32, 84), AL_CENTER);
	text_draw(ui, "the timer is stopped", 22, 0, COL_TEXT, ui_r(ui, x + 16, y + h / 2, w - 32, 34), AL_CENTER);
	text_draw(ui, "Space or Resume to go on", 22, 0, COL_DIM, ui_r(ui, x + 16, y + h / 2 + 40, w - 32, 34),
		  AL_CENTER);
}

static void massage(struct ui *ui, const struct ui_view *v, double anim_s)
{
	bool p = ui->portrait;
	char buf[48];

	bg(ui);
	screens_top_bar(ui, v, v->paused ? "Paused" : "Self-massage");
	if (p) {
		static const char *const how[] = { "Gently massage the", "back of your thigh" };

		massage_ring(ui, v, 240, 250, 150, 122);
		screens_lines(ui, how, 2, 28, 0, COL_TEXT, 16, 416, 448, 38);
		text_draw(ui, "Stop if it hurts", 32, TEXT_BOLD, COL_ORANGE, ui_r(ui, 16, 494, 448, 42), AL_CENTER);
		massage_leg_card(ui, v, 24, 548, 432, 110);
		next_cue(buf, sizeof(buf), v);
		text_draw(ui, buf, 20, 0, COL_DIM, ui_r(ui, 16, 664, 448, 30), AL_CENTER);
		screens_button(ui, ui_r(ui, 24, 730, 210, 50), v->paused ? "Resume" : "Pause", UI_CMD_START_PAUSE, false);
		screens_button(ui, ui_r(ui, 246, 730, 210, 50), "Finish", UI_CMD_FINISH, false);
		if (v->paused)
			massage_paused(ui, 24, 416, 432, 280);
	} else {
		screens_button(ui, ui_r(ui, 558, 8, 110, 40), v->paused ? "Resume" : "Pause", UI_CMD_START_PAUSE, false);
		screens_button(ui, ui_r(ui, 676, 8, 110, 40), "Finish", UI_CMD_FINISH, false);
		massage_ring(ui, v, 196, 262, 160, 130);
		text_draw(ui, "Gently massage the", 30, 0, COL_TEXT, ui_r(ui, 384, 72, 400, 42), AL_CENTER);
		text_draw(ui, "back of your thigh", 30, 0, COL_TEXT, ui_r(ui, 384, 112, 400, 42), AL_CENTER);
		text_draw(ui, "Stop if it hurts", 34, TEXT_BOLD, COL_ORANGE, ui_r(ui, 384, 160, 400, 46), AL_CENTER);
		massage_leg_card(ui, v, 396, 226, 376, 120);
		next_cue(buf, sizeof(buf), v);
		text_draw(ui, buf, 20, 0, COL_DIM, ui_r(ui, 384, 360, 400, 30), AL_CENTER);
		if (v->paused)
			massage_paused(ui, 396, 72, 376, 320);
	}
	if (v->modes.static_stretch)   /* the pre-warning's pulsing border */
		draw_frame(ui, (struct ui_rect){ 0, 0, ui->w, ui->h },
			   (int)ui_s(ui, 6 + 8 * (0.5 + 0.5 * sin(anim_s * 2 * M_PI))), COL_YELLOW, 0xff);
}

/* ---- both legs ---- */

/* One leg's column, LEG_W x LEG_H design units at (x, y) (ui_frame_enter:
 * the column's own coordinates from (0, 0)). */
static void leg_column(struct ui *ui, const struct ui_leg *l, const struct ui_view *v, double x, double y)
{
	struct ui_frame f = ui_frame_enter(ui, x, y, 1.0, 0, 0);
	double px = ui_x(ui, LEG_DIAL_X), py = ui_y(ui, LEG_DIAL_Y), r = ui_s(ui, LEG_DIAL_R), band = ui_s(ui, LEG_DIAL_BAND);
	double sz = l->stretch_from_deg > DIAL_MAX_DEG ? DIAL_MAX_DEG : l->stretch_from_deg;
	char buf[48], t[16];

	draw_round(ui, ui_r(ui, 0, 0, LEG_W, LEG_H), (int)ui_s(ui, 14), COL_PANEL, 0xff);
	if (l->live && l->alert == MOTION_ALERT_NONE)
		draw_frame(ui, ui_r(ui, 0, 0, LEG_W, LEG_H), thin(ui, 3), COL_SKY, 0xff);
	text_draw(ui, side_name(l->side), 28, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, 8, 170, 38), AL_LEFT);
	if (l->lost)   /* its own sensor (two sensors): the numbers stand as they were */
		text_draw(ui, "sensor lost", 22, TEXT_BOLD, COL_ORANGE, ui_r(ui, 190, 10, 170, 34), AL_RIGHT);
	else
		text_draw(ui, l->live ? "now" : l->done ? "done" : "", 22, TEXT_BOLD, l->live ? COL_SKY : COL_GREEN,
			  ui_r(ui, 240, 10, 120, 34), AL_RIGHT);
	text_draw(ui, "reps", 16, 0, COL_DIM, ui_r(ui, 16, 48, 150, 22), AL_LEFT);
	snprintf(buf, sizeof(buf), "%d", l->reps);
	text_draw(ui, buf, 104, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 8, 68, 176, 124), AL_CENTER);
	snprintf(buf, sizeof(buf), "best %.0f°", l->best_peak_deg);
	text_draw(ui, buf, 22, 0, COL_TEXT, ui_r(ui, 16, 200, 170, 30), AL_LEFT);
	screens_fmt_mmss(t, sizeof(t), l->work_s);
	snprintf(buf, sizeof(buf), "work %s", t);
	text_draw(ui, buf, 22, 0, COL_TEXT, ui_r(ui, 16, 234, 170, 30), AL_LEFT);

	/* the dial: zones; the live needle, or the best range of a leg done */
	draw_arc(ui, px, py, r - band, r, 0, DIAL_MAX_DEG, COL_BG, 0xff);
	draw_arc(ui, px, py, r - band, r, 0, l->rest_band_deg, COL_BLUE, 0xff);
	draw_arc(ui, px, py, r - band, r, sz, DIAL_MAX_DEG, COL_GREEN, 0xff);
	if (l->live) {
		double ang = l->angle_deg < 0 ? 0 : l->angle_deg > DIAL_MAX_DEG ? DIAL_MAX_DEG : l->angle_deg, a;

		screens_modes_tempo_marker(ui, v, px, py, r, band);
		if (l->rep_peak_deg > 0) {
			a = (l->rep_peak_deg > DIAL_MAX_DEG ? DIAL_MAX_DEG : l->rep_peak_deg) * M_PI / 180;
			draw_line(ui, px + (r - band - ui_s(ui, 4)) * cos(a), py - (r - band - ui_s(ui, 4)) * sin(a),
				  px + (r + ui_s(ui, 10)) * cos(a), py - (r + ui_s(ui, 10)) * sin(a), ui_s(ui, 5), COL_YELLOW, 0xff);
		}
		a = ang * M_PI / 180;
		draw_line(ui, px, py, px + (r - ui_s(ui, 4)) * cos(a), py - (r - ui_s(ui, 4)) * sin(a), ui_s(ui, 8),
			  COL_TEXT, 0xff);
		snprintf(buf, sizeof(buf), "%.0f°", l->angle_deg < 0 ? 0.0 : l->angle_deg);
		text_draw(ui, buf, 40, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 250, 50, 114, 50), AL_RIGHT);
	} else if (l->best_peak_deg > 0) {
		double a = (l->best_peak_deg > DIAL_MAX_DEG ? DIAL_MAX_DEG : l->best_peak_deg) * M_PI / 180;

		draw_line(ui, px, py, px + (r - ui_s(ui, 4)) * cos(a), py - (r - ui_s(ui, 4)) * sin(a), ui_s(ui, 6),
			  COL_DIM, 0xff);
	}
	draw_arc(ui, px, py, 0, ui_s(ui, 10), 0, 360, l->live ? COL_TEXT : COL_DIM, 0xff);

	/* its alert over it: the words and the seconds held */
	if (l->live && l->alert != MOTION_ALERT_NONE) {
		bool warn = l->alert == MOTION_ALERT_WARN;

		draw_round(ui, ui_r(ui, 0, 0, LEG_W, LEG_H), (int)ui_s(ui, 14), warn ? COL_VERMIL : COL_YELLOW, 0xff);
		text_draw(ui, warn ? "Release" : "Ease out of", 44, TEXT_BOLD, warn ? COL_TEXT : COL_BLACK,
			  ui_r(ui, 12, 20, LEG_W - 24, 60), AL_CENTER);
		text_draw(ui, "the stretch", 44, TEXT_BOLD, warn ? COL_TEXT : COL_BLACK, ui_r(ui, 12, 80, LEG_W - 24, 60),
			  AL_CENTER);
		snprintf(buf, sizeof(buf), "held %.0f s", floor(l->hold_s));
		text_draw(ui, buf, 60, TEXT_BOLD | TEXT_GLYPHS, warn ? COL_TEXT : COL_BLACK,
			  ui_r(ui, 12, 160, LEG_W - 24, 80), AL_CENTER);
	}
	ui_frame_leave(ui, f);
}

/* The one leg worked now; NULL when none or both are (two sensors). */
static const struct ui_leg *live_leg(const struct ui_view *v)
{
	const struct ui_leg *l = NULL;

	for (int i = 0; i < v->modes.n_legs; i++) {
		if (v->modes.legs[i].live && l)
			return NULL;
		if (v->modes.legs[i].live)
			l = &v->modes.legs[i];
	}
	return l;
}

static void two_legs(struct ui *ui, const struct ui_view *v, double anim_s)
{
	static const char *const label[3] = { NULL, "Calibrate", "Finish" };
	static const enum ui_cmd cmd[3] = { UI_CMD_START_PAUSE, UI_CMD_CALIBRATE, UI_CMD_FINISH };
	const struct ui_leg *l = live_leg(v);
	bool p = ui->portrait;
	char buf[48], title[48];
	double sy = p ? 680 : 408;

	bg(ui);
	snprintf(title, sizeof(title), "%s", v->paused ? "Paused" : l && l->side == UI_SIDE_LEFT ? "Left leg" :
					       l ? "Right leg" : "Both legs");
	screens_top_bar(ui, v, title);
	for (int i = 0; i < 3; i++) {
		struct ui_rect r = p ? ui_r(ui, 24 + 148 * i, 730, 136, 50) : ui_r(ui, 440 + 118 * i, 8, 110, 40);

		screens_button(ui, r, label[i] ? label[i] : v->paused ? "Resume" : "Pause", cmd[i], false);
	}
	for (int i = 0; i < v->modes.n_legs && i < 2; i++)
		leg_column(ui, &v->modes.legs[i], v, p ? (UI_PORT_W - LEG_W) / 2 : 16 + (LEG_W + 16) * i,
			   p ? 64 + (LEG_H + 8) * i : 72);
	/* under the legs: this rep and the hold of the leg worked now, the tempo */
	if (l) {
		draw_fill(ui, ui_r(ui, 0, sy - 4, p ? UI_PORT_W : UI_BASE_W, 1.5), COL_LINE, 0xff);
		text_draw(ui, "this rep", 16, 0, COL_DIM, ui_r(ui, 20, sy, 90, 40), AL_LEFT);
		if (l->rep_peak_deg > 0)
			snprintf(buf, sizeof(buf), "%.0f°", l->rep_peak_deg);
		else
			snprintf(buf, sizeof(buf), "-");
		text_draw(ui, buf, 30, TEXT_BOLD | TEXT_GLYPHS, COL_YELLOW, ui_r(ui, 110, sy, 100, 40), AL_LEFT);
		if (l->holding)
			snprintf(buf, sizeof(buf), "hold %.0f / %.0f s", floor(l->hold_s), l->hold_warn_s);
		else
			snprintf(buf, sizeof(buf), "moving");
		text_draw(ui, buf, 26, TEXT_BOLD | TEXT_GLYPHS, l->holding ? COL_YELLOW : COL_GREEN,
			  p ? ui_r(ui, 220, sy, 244, 40) : ui_r(ui, 220, sy, 250, 40), p ? AL_RIGHT : AL_LEFT);
		if (!p)
			screens_modes_tempo_text(ui, v, ui_r(ui, 480, sy, 150, 40), ui_r(ui, 640, sy, 140, 40));
	}
	if (v->paused && !p) {
		draw_round(ui, ui_r(ui, 220, 160, 360, 150), (int)ui_s(ui, 14), COL_PANEL, 0xff);
		draw_frame(ui, ui_r(ui, 220, 160, 360, 150), thin(ui, 3), COL_YELLOW, 0xff);
		text_draw(ui, "Paused", 64, TEXT_BOLD, COL_YELLOW, ui_r(ui, 236, 170, 328, 84), AL_CENTER);
		text_draw(ui, "Space or Resume to go on", 22, 0, COL_DIM, ui_r(ui, 236, 258, 328, 34), AL_CENTER);
	}
	screens_alert_border(ui, v, anim_s);
}

/* ---- summaries ---- */

/* "best range: right 4° less than left (9 %)" */
static void fmt_asym(char *buf, size_t n, const char *what, double left, double right, const char *unit)
{
	double d = right - left, pct = left > 0 ? 100.0 * d / left : 0.0;

	if (fabs(d) < 0.5)
		snprintf(buf, n, "%s: the same on both sides", what);
	else
		snprintf(buf, n, "%s: right %.0f%s %s than left (%.0f %%)", what, fabs(d), unit, d > 0 ? "more" : "less",
			 fabs(pct));
}

static void saved_line(struct ui *ui, const struct ui_view *v, struct ui_rect r, int align)
{
	if (v->history.saved == UI_SAVED_OK)
		text_draw(ui, "Saved", 22, TEXT_BOLD, COL_GREEN, r, align);
	else if (v->history.saved == UI_SAVED_FAILED)
		text_draw(ui, "Not saved", 22, TEXT_BOLD, COL_ORANGE, r, align);
}

static void both_sides_summary(struct ui *ui, const struct ui_view *v)
{
	static const char *const rows[] = { "reps", "work time", "mean / best", "longest hold", "hold warnings",
					    "off tempo" };
	const int n_rows = v->modes.tempo_out_s > 0 ? 6 : 5;
	const struct ui_leg *L = &v->modes.legs[0], *R = &v->modes.legs[1];
	bool p = ui->portrait;
	double lx = p ? 16 : 20, lw = p ? 150 : 240, cw = p ? 149 : 250, y0 = p ? 70 : 64, rh = p ? 52 : 44;
	char buf[96];

	bg(ui);
	screens_top_bar(ui, v, "Both legs done");
	if (!p)
		screens_button(ui, ui_r(ui, 600, 8, 186, 40), "New session", UI_CMD_START_PAUSE, false);
	text_draw(ui, "LEFT", 26, TEXT_BOLD, COL_TEXT, ui_r(ui, lx + lw, y0, cw, 38), AL_CENTER);
	text_draw(ui, "RIGHT", 26, TEXT_BOLD, COL_TEXT, ui_r(ui, lx + lw + cw, y0, cw, 38), AL_CENTER);
	for (int i = 0; i < n_rows; i++) {
		double y = y0 + 42 + i * rh;

		if (i % 2 == 0)
			draw_fill(ui, ui_r(ui, lx, y, lw + 2 * cw, rh), COL_PANEL, 0xff);
		text_draw(ui, rows[i], 20, 0, COL_DIM, ui_r(ui, lx + 8, y, lw - 12, rh), AL_LEFT);
		for (int s = 0; s < 2; s++) {
			const struct ui_leg *l = s ? R : L;

			switch (i) {
			case 0: snprintf(buf, sizeof(buf), "%d", l->reps); break;
			case 1: screens_fmt_mmss(buf, sizeof(buf), l->work_s); break;
			case 2: snprintf(buf, sizeof(buf), "%.0f° / %.0f°", l->mean_peak_deg, l->best_peak_deg); break;
			case 3: snprintf(buf, sizeof(buf), "%.0f s", l->longest_hold_s); break;
			case 4: snprintf(buf, sizeof(buf), "%d", l->warnings); break;
			default:
				if (l->tempo_n)
					fmt_dev(buf, sizeof(buf), l->tempo_mean_dev_s);
				else
					snprintf(buf, sizeof(buf), "-");
				break;
			}
			text_draw(ui, buf, p ? 26 : 30, TEXT_BOLD, COL_TEXT, ui_r(ui, lx + lw + cw * s, y, cw, rh), AL_CENTER);
		}
	}
	double ay = y0 + 42 + n_rows * rh + (p ? 16 : 8);

	fmt_asym(buf, sizeof(buf), "Best range", L->best_peak_deg, R->best_peak_deg, "°");
	if (p)
		screens_wrapped(ui, buf, 24, TEXT_BOLD, COL_TEXT, 16, ay, 448, 34, 2);
	else
		text_draw(ui, buf, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, ay, 760, 34), AL_LEFT);
	fmt_asym(buf, sizeof(buf), "Reps", L->reps, R->reps, "");
	if (p)
		screens_wrapped(ui, buf, 22, 0, COL_TEXT, 16, ay + 76, 448, 32, 2);
	else
		text_draw(ui, buf, 22, 0, COL_TEXT, ui_r(ui, 20, ay + 36, 600, 32), AL_LEFT);
	saved_line(ui, v, p ? ui_r(ui, 16, ay + 146, 448, 34) : ui_r(ui, 620, ay + 36, 160, 32), p ? AL_CENTER : AL_RIGHT);
	if (p)
		screens_button(ui, ui_r(ui, 90, 718, 300, 62), "New session", UI_CMD_START_PAUSE, false);
}

static void massage_summary(struct ui *ui, const struct ui_view *v)
{
	const struct ui_modes *m = &v->modes;
	bool p = ui->portrait;
	double W = p ? UI_PORT_W : UI_BASE_W;
	char buf[96], t[16];

	bg(ui);
	screens_top_bar(ui, v, "Massage done");
	if (!p)
		screens_button(ui, ui_r(ui, 600, 8, 186, 40), "New session", UI_CMD_START_PAUSE, false);
	screens_fmt_mmss(t, sizeof(t), m->massage_s);
	text_draw(ui, t, 120, TEXT_BOLD, COL_TEXT, ui_r(ui, 16, p ? 120 : 80, W - 32, 150), AL_CENTER);
	text_draw(ui, "of gentle massage", 26, 0, COL_DIM, ui_r(ui, 16, p ? 270 : 226, W - 32, 38), AL_CENTER);
	if (m->static_warnings == 0)
		snprintf(buf, sizeof(buf), "The leg stayed relaxed: well done");
	else
		snprintf(buf, sizeof(buf), "Held in a stretch %d time%s: next time keep the leg relaxed",
			 m->static_warnings, m->static_warnings == 1 ? "" : "s");
	screens_wrapped(ui, buf, 26, TEXT_BOLD, m->static_warnings ? COL_YELLOW : COL_GREEN, 16, p ? 340 : 290, W - 32,
			36, 2);
	saved_line(ui, v, ui_r(ui, 16, p ? 440 : 380, W - 32, 34), AL_CENTER);
	if (p)
		screens_button(ui, ui_r(ui, 90, 718, 300, 62), "New session", UI_CMD_START_PAUSE, false);
}

bool screens_modes_draw(struct ui *ui, const struct ui_view *v, double anim_s)
{
	const struct ui_modes *m = &v->modes;

	if (m->switching && v->screen != UI_SCREEN_START) {
		switch_sides(ui, v, anim_s);
	} else if (v->screen == UI_SCREEN_EXERCISE && m->mode == UI_MODE_MASSAGE) {
		massage(ui, v, anim_s);
	} else if (v->screen == UI_SCREEN_EXERCISE && m->n_legs == 2) {
		two_legs(ui, v, anim_s);
	} else if (v->screen == UI_SCREEN_SUMMARY && m->mode == UI_MODE_MASSAGE) {
		massage_summary(ui, v);
	} else if (v->screen == UI_SCREEN_SUMMARY && m->n_legs == 2) {
		both_sides_summary(ui, v);
	} else {
		return false;
	}
	return true;
}
