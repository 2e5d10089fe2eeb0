// SPDX-License-Identifier: MIT
/*
 * The screens, laid out on the 800x480 design canvas (ui_r maps to pixels);
 * a portrait canvas gets portrait.c's layout, which reuses pieces of this one.
 * Read from 3-4 m: few elements, big numbers, labels in dim grey, one accent
 * colour per meaning (blue rest, green stretch/work, yellow pre-warning,
 * vermilion warning). Alerts never rely on colour alone: they bring words,
 * the seconds held and a pulsing or flashing border.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui/ui_int.h"

#define TOPBAR_H 56.0
#define GAUGE_MAX_DEG 90.0

void screens_button(struct ui *ui, struct ui_rect r, const char *label, enum ui_cmd cmd, bool primary)
{
	draw_round(ui, r, r.h / 5, primary ? COL_SKY : COL_PANEL, 0xff);
	if (!primary)
		draw_frame(ui, r, (int)ui_s(ui, 2) > 0 ? (int)ui_s(ui, 2) : 1, COL_LINE, 0xff);
	struct ui_rect in = { r.x + r.h / 5, r.y + r.h / 8, r.w - 2 * (r.h / 5), r.h - r.h / 4 };
	text_draw(ui, label, primary ? 30 : 20, TEXT_BOLD, primary ? COL_BLACK : COL_TEXT, in, AL_CENTER);
	if (ui->n_buttons < UI_MAX_BUTTONS)
		ui->buttons[ui->n_buttons++] = (struct ui_button){ r, cmd };
}

/* "1:05" */
void screens_fmt_mmss(char *buf, size_t n, double s)
{
	int t = s > 0 ? (int)s : 0;

	snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

void screens_top_bar(struct ui *ui, const struct ui_view *v, const char *title)
{
	struct ui_rect bar = ui_r(ui, 0, 0, 1, TOPBAR_H);

	/* the panel spans the whole output width, not only the canvas; in
	 * portrait, whose design is letterboxed above and below on the taller
	 * screens (9:16), also up to the top edge */
	if (ui->portrait) {
		bar.h += bar.y;
		bar.y = 0;
	}
	draw_fill(ui, (struct ui_rect){ 0, bar.y, ui->w, bar.h }, COL_PANEL, 0xff);
	struct ui_rect tr = text_draw(ui, title, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 8, 330, 40), AL_LEFT);
	if (v->demo) {
		struct ui_rect b = { tr.x + tr.w + (int)ui_s(ui, 14), ui_r(ui, 0, SCREENS_BORDER, 1, 1).y,
				     (int)ui_s(ui, 74), (int)ui_s(ui, 32) };   /* inside the alerts' border */
		draw_round(ui, b, b.h / 4, COL_ORANGE, 0xff);
		text_draw(ui, "DEMO", 18, TEXT_BOLD, COL_BLACK, b, AL_CENTER);
	}
}

void screens_sensor_card(struct ui *ui, const struct ui_view *v, const struct screens_sensor_boxes *b)
{
	bool ok = !v->sensor_lost;

	draw_round(ui, b->card, (int)ui_s(ui, 12), COL_PANEL, 0xff);
	/* green only when nothing needs checking: a hint (I2C off, ...) turns it orange */
	draw_arc(ui, b->dot_x, b->dot_y, 0, ui_s(ui, 10), 0, 360, ok && !v->sensor_hint[0] ? COL_GREEN : COL_ORANGE,
		 0xff);
	text_draw(ui, !ok ? "No sensor" : v->demo ? "Demo mode" : "Sensor ready", 24, TEXT_BOLD, COL_TEXT,
		  b->title, AL_LEFT);
	text_draw(ui, v->sensor[0] ? v->sensor : "-", 20, 0, COL_DIM, b->sensor, AL_LEFT);
}

/* Lines of text stacked from y, line_h apart, across x .. x + w. */
void screens_lines(struct ui *ui, const char *const *lines, int n, double px, int style, SDL_Color c,
		   double x, double y, double w, double line_h)
{
	for (int i = 0; i < n; i++)
		text_draw(ui, lines[i], px, style, c, ui_r(ui, x, y + i * line_h, w, line_h), AL_CENTER);
}

/* s broken at spaces into at most n (<= 3) lines line_h apart from y,
 * the block centred in the n lines' height when it takes fewer. */
void screens_wrapped(struct ui *ui, const char *s, double px, int style, SDL_Color c,
		     double x, double y, double w, double line_h, int n)
{
	char lines[3][TEXT_LINE_MAX];
	const char *ptr[3];
	int k = text_wrap(ui, s, px, style, ui_r(ui, x, y, w, 1).w, lines, n < 3 ? n : 3);

	for (int i = 0; i < k; i++)
		ptr[i] = lines[i];
	screens_lines(ui, ptr, k, px, style, c, x, y + (n - k) * line_h / 2, w, line_h);
}

static void screen_start(struct ui *ui, const struct ui_view *v)
{
	bool tempo = v->modes.tempo_out_s > 0 && v->modes.mode != UI_MODE_MASSAGE;

	screens_top_bar(ui, v, "stretchrep");
	if (v->notice[0])
		text_draw(ui, v->notice, 16, TEXT_BOLD, COL_ORANGE, ui_r(ui, 380, 12, 404, 32), AL_RIGHT);
	text_draw(ui, screens_modes_title(v), 44, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 64, 720, 56), AL_CENTER);
	for (int i = 0; i < 2; i++)
		text_draw(ui, screens_modes_line(v, i), 22, 0, COL_DIM, ui_r(ui, 40, 122 + 30 * i, 720, 30), AL_CENTER);

	/* with a hint (what to check), the card moves up to give it two lines;
	 * with a tempo, the demonstration sits beside it */
	double cy = v->sensor_hint[0] ? 186 : 192, cx = tempo ? 40 : 100, cw = tempo ? 440 : 600;
	double sx = tempo ? cx + 20 : cx + 54;   /* narrower: the sensor's line starts under the dot */

	screens_sensor_card(ui, v, &(struct screens_sensor_boxes){
		.card = ui_r(ui, cx, cy, cw, 88), .dot_x = ui_x(ui, cx + 32), .dot_y = ui_y(ui, cy + 27),
		.title = ui_r(ui, cx + 54, cy + 10, cw - 80, 34), .sensor = ui_r(ui, sx, cy + 46, cx + cw - 16 - sx, 36) });
	if (tempo)
		screens_modes_tempo_demo(ui, v, 496, cy, 264, 88);
	if (v->sensor_hint[0])
		screens_wrapped(ui, v->sensor_hint, 16, 0, COL_ORANGE, 60, 278, 680, 19, 2);
	if (v->modes.choose)
		screens_modes_choice(ui, v, 60, 320, 680, 50);

	screens_button(ui, ui_r(ui, 260, 378, 280, 62), "Start", UI_CMD_START_PAUSE, true);
	text_draw(ui, v->modes.choose ? "press the button, touch Start, or press Space; Next: another choice" :
		  "press the button, touch Start, or press Space", 18, 0, COL_DIM,
		  ui_r(ui, 40, 444, 720, 30), AL_CENTER);
}

void screens_countdown_ring(struct ui *ui, const struct ui_view *v, double anim_s,
			    double cx, double cy, double ri, double ro)
{
	double frac = v->calib_total_s > 0 ? 1.0 - v->calib_left_s / v->calib_total_s : 1.0;
	double a = 90 - fmod(anim_s * 90.0, 360.0);

	draw_arc(ui, cx, cy, ri, ro, 0, 360, COL_PANEL, 0xff);
	draw_arc(ui, cx, cy, ri, ro, 90, 90 - 360 * frac, COL_SKY, 0xff);
	/* a slow breathing dot so the screen visibly lives while waiting */
	draw_arc(ui, cx + (ri + ro) / 2 * cos(a * M_PI / 180), cy - (ri + ro) / 2 * sin(a * M_PI / 180),
		 0, (ro - ri) / 2, 0, 360, COL_TEXT, 0xff);
}

static void screen_calibrate(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[32];

	screens_top_bar(ui, v, "Getting ready");
	text_draw(ui, "Hold still", 84, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 76, 720, 110), AL_CENTER);
	text_draw(ui, "Lie relaxed, leg at rest, sensor strapped on", 26, 0, COL_DIM,
		  ui_r(ui, 40, 190, 720, 40), AL_CENTER);
	screens_countdown_ring(ui, v, anim_s, ui_x(ui, 400), ui_y(ui, 340), ui_s(ui, 68), ui_s(ui, 84));
	snprintf(buf, sizeof(buf), "%.1f", v->calib_left_s);
	text_draw(ui, buf, 44, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 340, 310, 120, 50), AL_CENTER);
	text_draw(ui, "seconds", 16, 0, COL_DIM, ui_r(ui, 340, 356, 120, 22), AL_CENTER);
	/* a way out by touch: the session goes on with the rest it had */
	screens_button(ui, ui_r(ui, 640, 8, 146, 40), "Skip", UI_CMD_NEXT, false);
}

/* The inclination gauge: a quarter dial whose needle is the leg, 0 deg
 * pointing right, 90 deg straight up. */
#define GAUGE_X 362.0
#define GAUGE_Y 372.0
#define GAUGE_R 196.0
#define GAUGE_BAND 30.0

/* The dial's static layer: the track, the rest and stretch zones, the
 * ticks (ui_static_layer caches it). */
static void gauge_static(struct ui *ui, const struct ui_view *v)
{
	double px = ui_x(ui, GAUGE_X), py = ui_y(ui, GAUGE_Y), r = ui_s(ui, GAUGE_R), band = ui_s(ui, GAUGE_BAND);
	double sz = v->stretch_from_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->stretch_from_deg;

	draw_arc(ui, px, py, r - band, r, 0, GAUGE_MAX_DEG, COL_PANEL, 0xff);
	draw_arc(ui, px, py, r - band, r, 0, v->rest_band_deg, COL_BLUE, 0xff);
	draw_arc(ui, px, py, r - band, r, sz, GAUGE_MAX_DEG, COL_GREEN, 0xff);
	for (int d = 0; d <= 90; d += 30) {
		double a = d * M_PI / 180;
		draw_line(ui, px + (r + ui_s(ui, 4)) * cos(a), py - (r + ui_s(ui, 4)) * sin(a),
			  px + (r + ui_s(ui, 14)) * cos(a), py - (r + ui_s(ui, 14)) * sin(a), ui_s(ui, 3), COL_DIM, 0xff);
	}
	screen_patients_dial(ui, v, px, py, r - band, r, GAUGE_MAX_DEG);   /* a patient's zone, ceiling */
}

/* Over the static layer: this rep's peak, the needle, the angle. */
static void gauge(struct ui *ui, const struct ui_view *v)
{
	double px = ui_x(ui, GAUGE_X), py = ui_y(ui, GAUGE_Y), r = ui_s(ui, GAUGE_R), band = ui_s(ui, GAUGE_BAND);
	double ang = v->angle_deg < 0 ? 0 : v->angle_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->angle_deg;
	char buf[32];

	ui->regions[UI_REGION_GAUGE] = ui_r(ui, 344, 64, 240, 328);
	if (v->rep_peak_deg > 0) {   /* this rep's peak */
		double a = (v->rep_peak_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->rep_peak_deg) * M_PI / 180;
		draw_line(ui, px + (r - band - ui_s(ui, 6)) * cos(a), py - (r - band - ui_s(ui, 6)) * sin(a),
			  px + (r + ui_s(ui, 16)) * cos(a), py - (r + ui_s(ui, 16)) * sin(a), ui_s(ui, 6), COL_YELLOW, 0xff);
	}
	screens_modes_tempo_marker(ui, v, px, py, r, band);
	double a = ang * M_PI / 180;
	draw_line(ui, px, py, px + (r - ui_s(ui, 4)) * cos(a), py - (r - ui_s(ui, 4)) * sin(a), ui_s(ui, 10), COL_TEXT, 0xff);
	draw_arc(ui, px, py, 0, ui_s(ui, 14), 0, 360, COL_TEXT, 0xff);

	snprintf(buf, sizeof(buf), "%.0f°", v->angle_deg < 0 ? 0.0 : v->angle_deg);
	text_draw(ui, buf, 56, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 470, 70, 114, 66), AL_RIGHT);
	text_draw(ui, "leg angle", 16, 0, COL_DIM, ui_r(ui, 470, 136, 114, 22), AL_RIGHT);
	screens_modes_tempo_text(ui, v, ui_r(ui, 430, 164, 154, 22), ui_r(ui, 470, 186, 114, 38));
}

const char *screens_work_state(const struct ui_view *v)
{
	double target = v->work_target_s > 0 ? v->work_target_s : 120.0;

	return v->paused ? "Paused" : v->work_s >= target ? "Done!" :
	       v->work_s >= v->work_min_s && v->work_min_s > 0 ? "Goal reached" :
	       v->reps == 0 ? "Begin when ready" : "Keep moving";
}

#define RING_X 690.0
#define RING_Y 196.0
#define RING_RO 92.0
#define RING_RI 74.0

static double work_target_s(const struct ui_view *v)
{
	return v->work_target_s > 0 ? v->work_target_s : 120.0;
}

/* The work ring's static layer: the track and the protocol's window. */
static void work_ring_static(struct ui *ui, const struct ui_view *v)
{
	double cx = ui_x(ui, RING_X), cy = ui_y(ui, RING_Y), ro = ui_s(ui, RING_RO), ri = ui_s(ui, RING_RI);
	double target = work_target_s(v);

	draw_arc(ui, cx, cy, ri, ro, 0, 360, COL_PANEL, 0xff);
	/* the protocol's window (90-120 s) as a lighter stretch of the track: a
	 * tick there, at 9 o'clock beside the time, read as a minus sign */
	if (v->work_min_s > 0 && v->work_min_s < target)
		draw_arc(ui, cx, cy, ri, ro, 90 - 360 * v->work_min_s / target, -270, COL_LINE, 0xff);
}

/* Over the static layer: the work done, the time, the goal. */
static void work_ring(struct ui *ui, const struct ui_view *v)
{
	double cx = ui_x(ui, RING_X), cy = ui_y(ui, RING_Y), ro = ui_s(ui, RING_RO), ri = ui_s(ui, RING_RI);
	double target = work_target_s(v);
	double frac = v->work_s / target;
	char buf[32], lim[48];

	if (frac > 1)
		frac = 1;
	draw_arc(ui, cx, cy, ri, ro, 90, 90 - 360 * frac, v->paused ? COL_DIM : COL_GREEN, 0xff);
	screens_fmt_mmss(buf, sizeof(buf), v->work_s);
	text_draw(ui, buf, 44, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 630, 170, 120, 54), AL_CENTER);
	text_draw(ui, "work", 16, 0, COL_DIM, ui_r(ui, 630, 144, 120, 24), AL_CENTER);
	if (v->work_min_s > 0)
		snprintf(lim, sizeof(lim), "goal %d-%d s", (int)v->work_min_s, (int)target);
	else
		snprintf(lim, sizeof(lim), "goal %d s", (int)target);
	text_draw(ui, lim, 18, 0, COL_DIM, ui_r(ui, 596, 296, 188, 28), AL_CENTER);
	text_draw(ui, screens_work_state(v), 22, TEXT_BOLD, v->paused ? COL_YELLOW : COL_TEXT, ui_r(ui, 596, 328, 188, 34), AL_CENTER);
}

void screens_fmt_rep_peak(char *buf, size_t n, const struct ui_view *v)
{
	if (v->rep_peak_deg > 0)
		snprintf(buf, n, "%.0f°", v->rep_peak_deg);
	else
		snprintf(buf, n, "-");
}

void screens_fmt_peaks(char *buf, size_t n, const struct ui_view *v)
{
	size_t k = 0;

	snprintf(buf, n, "-");
	for (int i = 0; i < v->n_peaks && k < n; i++)
		k += (size_t)snprintf(buf + k, n - k, "%s%.0f°", i ? "  " : "", v->peaks_deg[i]);
}

SDL_Color screens_fmt_hold(char *buf, size_t n, const struct ui_view *v)
{
	if (v->paused) {   /* nothing is timed: neither moving (green) nor held */
		snprintf(buf, n, "paused");
		return COL_DIM;
	}
	if (v->holding) {
		snprintf(buf, n, "%.0f / %.0f s", floor(v->hold_s), v->hold_warn_s);
		return COL_YELLOW;
	}
	snprintf(buf, n, "moving");
	return COL_GREEN;
}

static void bottom_strip(struct ui *ui, const struct ui_view *v)
{
	char buf[64];

	draw_fill(ui, ui_r(ui, 0, 400, UI_BASE_W, 1.5), COL_LINE, 0xff);
	text_draw(ui, "this rep", 16, 0, COL_DIM, ui_r(ui, 20, 408, 130, 22), AL_LEFT);
	screens_fmt_rep_peak(buf, sizeof(buf), v);
	text_draw(ui, buf, 34, TEXT_BOLD | TEXT_GLYPHS, COL_YELLOW, ui_r(ui, 20, 428, 130, 44), AL_LEFT);

	text_draw(ui, "last reps", 16, 0, COL_DIM, ui_r(ui, 160, 408, 360, 22), AL_LEFT);
	screens_fmt_peaks(buf, sizeof(buf), v);
	text_draw(ui, buf, 30, TEXT_GLYPHS, COL_TEXT, ui_r(ui, 160, 428, 400, 44), AL_LEFT);

	text_draw(ui, "hold", 16, 0, COL_DIM, ui_r(ui, 580, 408, 200, 22), AL_RIGHT);
	SDL_Color c = screens_fmt_hold(buf, sizeof(buf), v);

	text_draw(ui, buf, 30, TEXT_BOLD | TEXT_GLYPHS, c, ui_r(ui, 560, 428, 220, 44), AL_RIGHT);
}

bool screens_flash(double anim_s)
{
	return fmod(anim_s, 0.5) < 0.25;   /* 2 Hz */
}

/* The alert layer. Pre-warning: a slowly pulsing yellow border and a banner
 * over the gauge; warning: a flashing vermilion/white border and a banner
 * over everything but the top bar. */
void screens_alert_border(struct ui *ui, const struct ui_view *v, double anim_s)
{
	struct ui_rect all = { 0, 0, ui->w, ui->h };

	if (v->alert == MOTION_ALERT_PREWARN) {
		double pulse = 0.5 + 0.5 * sin(anim_s * 2 * M_PI * 1.0);

		draw_frame(ui, all, (int)ui_s(ui, 6 + 8 * pulse), COL_YELLOW, 0xff);
	} else if (v->alert == MOTION_ALERT_WARN) {
		draw_frame(ui, all, (int)ui_s(ui, SCREENS_BORDER), screens_flash(anim_s) ? COL_VERMIL : COL_TEXT, 0xff);
	}
}

void screens_prewarn_card(struct ui *ui, const struct ui_view *v)
{
	struct ui_rect b = ui_r(ui, SCREENS_PANEL_X, SCREENS_PANEL_Y, SCREENS_PANEL_W, SCREENS_PANEL_H);
	char buf[48];

	draw_round(ui, b, (int)ui_s(ui, 14), COL_YELLOW, 0xff);
	text_draw(ui, "Ease out of", 44, TEXT_BOLD, COL_BLACK, ui_r(ui, 360, 80, 408, 56), AL_CENTER);
	text_draw(ui, "the stretch", 44, TEXT_BOLD, COL_BLACK, ui_r(ui, 360, 136, 408, 56), AL_CENTER);
	snprintf(buf, sizeof(buf), "held %.0f s", floor(v->hold_s));
	text_draw(ui, buf, 72, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, ui_r(ui, 360, 206, 408, 96), AL_CENTER);
	snprintf(buf, sizeof(buf), "warning at %.0f s", v->hold_warn_s);
	text_draw(ui, buf, 22, 0, COL_BLACK, ui_r(ui, 360, 320, 408, 40), AL_CENTER);
	ui->regions[UI_REGION_ALERT] = b;
}

#define WARN_BANNER_X 16.0
#define WARN_BANNER_Y 64.0
#define WARN_BANNER_W 768.0
#define WARN_BANNER_H 328.0

static void alerts(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[48];

	if (v->alert == MOTION_ALERT_NONE)
		return;
	screens_alert_border(ui, v, anim_s);
	if (v->alert == MOTION_ALERT_PREWARN) {
		screens_prewarn_card(ui, v);
		return;
	}
	bool flash = screens_flash(anim_s);
	struct ui_rect b = ui_r(ui, WARN_BANNER_X, WARN_BANNER_Y, WARN_BANNER_W, WARN_BANNER_H);

	/* the banner and its words are the static layer (warning_static);
	 * the flashing frame and the seconds clear the words */
	snprintf(buf, sizeof(buf), "held %.0f s", floor(v->hold_s));
	draw_frame(ui, b, (int)ui_s(ui, 6), flash ? COL_TEXT : COL_VERMIL, 0xff);
	text_draw(ui, buf, 110, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 40, 170, 720, 140), AL_CENTER);
	ui->regions[UI_REGION_ALERT] = b;
}

static void exercise_top_bar(struct ui *ui, const struct ui_view *v);

/* The warning's static layer: the exercise screen's top bar, first in its
 * frame anyway, and the banner, over everything but the top bar and the
 * bottom strip, with its words. The border round the screen ends where
 * the banner begins (16 units) and is drawn after; the strip lies below:
 * nothing drawn before the layer's place in the frame overlaps it. */
static void warning_static(struct ui *ui, const struct ui_view *v)
{
	exercise_top_bar(ui, v);
	draw_fill(ui, ui_r(ui, WARN_BANNER_X, WARN_BANNER_Y, WARN_BANNER_W, WARN_BANNER_H), COL_VERMIL, 0xff);
	text_draw(ui, "Release the stretch", 60, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 80, 720, 84), AL_CENTER);
	text_draw(ui, "then move in and out again", 28, 0, COL_TEXT, ui_r(ui, 40, 320, 720, 52), AL_CENTER);
}

void screens_panel_static(struct ui *ui, const struct ui_view *v)
{
	gauge_static(ui, v);
	work_ring_static(ui, v);
}

void screens_panel(struct ui *ui, const struct ui_view *v)
{
	gauge(ui, v);
	work_ring(ui, v);
}

bool screens_static_equal(const struct ui_view *a, const struct ui_view *b)
{
	return a->rest_band_deg == b->rest_band_deg && a->stretch_from_deg == b->stretch_from_deg &&
	       a->work_min_s == b->work_min_s && work_target_s(a) == work_target_s(b) &&
	       a->paused == b->paused && a->demo == b->demo &&   /* the warning's top bar */
	       a->pt.zone_lo_deg == b->pt.zone_lo_deg && a->pt.zone_hi_deg == b->pt.zone_hi_deg &&
	       a->pt.ceiling_deg == b->pt.ceiling_deg && !a->pt.patient[0] == !b->pt.patient[0];
}

bool screens_warning_hides_panel(const struct ui_view *v)
{
	return v->screen == UI_SCREEN_EXERCISE && v->alert == MOTION_ALERT_WARN;
}

/* The timer stands: say so over the gauge and ring. */
void screens_paused_card(struct ui *ui)
{
	struct ui_rect b = ui_r(ui, SCREENS_PANEL_X, SCREENS_PANEL_Y, SCREENS_PANEL_W, SCREENS_PANEL_H);

	draw_fill(ui, b, COL_BG, 0xff);
	draw_round(ui, ui_r(ui, 360, 110, 408, 236), (int)ui_s(ui, 14), COL_PANEL, 0xff);
	text_draw(ui, "Paused", 72, TEXT_BOLD, COL_YELLOW, ui_r(ui, 376, 130, 376, 100), AL_CENTER);
	text_draw(ui, "the work timer is stopped", 22, 0, COL_TEXT, ui_r(ui, 376, 236, 376, 34), AL_CENTER);
	text_draw(ui, "Space or Resume to go on", 22, 0, COL_DIM, ui_r(ui, 376, 280, 376, 34), AL_CENTER);
}

static void exercise_top_bar(struct ui *ui, const struct ui_view *v)
{
	screens_top_bar(ui, v, v->paused ? "Paused" : "Exercise");
	/* inside the alerts' border (16 units round the screen: SCREENS_BORDER) */
	screens_button(ui, ui_r(ui, 436, SCREENS_BORDER, 110, 38), v->paused ? "Resume" : "Pause",
		       UI_CMD_START_PAUSE, false);
	screens_button(ui, ui_r(ui, 552, SCREENS_BORDER, 110, 38), "Calibrate", UI_CMD_CALIBRATE, false);
	screens_button(ui, ui_r(ui, 668, SCREENS_BORDER, 110, 38), "Finish", UI_CMD_FINISH, false);
	screen_patients_symptom_button(ui, v, 318, SCREENS_BORDER, 110, 38);
}

static void screen_exercise(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[16];

	ui->regions[UI_REGION_REPS] = ui_r(ui, 16, 96, 324, 296);
	/* the warning's banner (16, 64) .. (784, 392) hides all but the top
	 * bar and the bottom strip: that is not drawn, and the top bar is in
	 * the warning's static layer (warning_static) */
	if (!screens_warning_hides_panel(v)) {
		exercise_top_bar(ui, v);
		text_draw(ui, "REPS", 22, TEXT_BOLD, COL_DIM, ui_r(ui, 20, 66, 316, 30), AL_LEFT);
		snprintf(buf, sizeof(buf), "%d", v->reps);
		text_draw(ui, buf, 236, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui->regions[UI_REGION_REPS], AL_CENTER);
		draw_fill(ui, ui_r(ui, 340, 72, 1.5, 316), COL_LINE, 0xff);
		screens_panel(ui, v);
		if (v->paused)
			screens_paused_card(ui);
	}
	bottom_strip(ui, v);
	alerts(ui, v, anim_s);
}

static void stat_cell(struct ui *ui, double x, double y, const char *value, const char *label)
{
	text_draw(ui, value, 46, TEXT_BOLD, COL_TEXT, ui_r(ui, x, y, 240, 58), AL_CENTER);
	text_draw(ui, label, 18, 0, COL_DIM, ui_r(ui, x, y + 58, 240, 26), AL_CENTER);
}

/* Under the chart: this session against the last ones (best range, reps
 * trend), and whether it was kept. Calm: dim labels, plain words; a
 * session not saved is said in orange, not in the warning colour. */
/* This session against the last ones: l1 (bold) and l2 (dim), both "" when
 * the history is unknown; n is the size of each. */
static void fmt_history(const struct ui_view *v, char *l1, char *l2, size_t n)
{
	const struct ui_history *h = &v->history;
	const struct session_summary *s = &v->summary;

	l1[0] = l2[0] = '\0';
	if (h->n_prev > 0) {
		double last = h->prev_best_deg[h->n_prev - 1];
		int d = (int)lround(s->best_peak_deg) - (int)lround(last);

		snprintf(l1, n, "best range %.0f°, last time %.0f° (%s%d°)", s->best_peak_deg, last,
			 d > 0 ? "+" : d < 0 ? "−" : "±", d < 0 ? -d : d);
		size_t k = (size_t)snprintf(l2, n, "reps, last %d: ", h->n_prev + 1);

		for (int i = 0; i < h->n_prev && k < n; i++)
			k += (size_t)snprintf(l2 + k, n - k, "%d, ", h->prev_reps[i]);
		if (k < n)
			snprintf(l2 + k, n - k, "now %d", s->reps);
	} else if (h->prev_known) {
		snprintf(l1, n, "Your first session on record");
		snprintf(l2, n, "the next ones will be compared with it");
	}
}

void screens_summary_history(struct ui *ui, const struct ui_view *v, const struct screens_history_boxes *b)
{
	const struct ui_history *h = &v->history;
	char l1[96], l2[96];

	fmt_history(v, l1, l2, sizeof(l1));
	if (v->pt.patient[0]) {   /* a patient's: pain and symptoms in place of the reps' trend */
		char pt[96];

		ui_pt_fmt_summary(&v->pt, pt, sizeof(pt));
		if (pt[0])
			memcpy(l2, pt, sizeof(l2));
	}
	if (l1[0])
		text_draw(ui, l1, b->l1_px, TEXT_BOLD, COL_TEXT, b->l1, AL_LEFT);
	if (l2[0])
		text_draw(ui, l2, 20, 0, l1[0] ? COL_DIM : COL_TEXT, b->l2, AL_LEFT);
	if (h->saved == UI_SAVED_OK) {
		text_draw(ui, "Session saved", 22, TEXT_BOLD, COL_GREEN, b->saved, b->saved_align);
	} else if (h->saved == UI_SAVED_FAILED) {
		text_draw(ui, "Session not saved", 22, TEXT_BOLD, COL_ORANGE, b->saved, b->saved_align);
		text_draw(ui, h->why, 18, 0, COL_ORANGE, b->why, b->saved_align);
	}
}

static void screen_summary(struct ui *ui, const struct ui_view *v)
{
	char val[SCREENS_STATS][48];

	char title[96];

	screens_top_bar(ui, v, screen_patients_title(v, "Session complete", title, sizeof(title)));
	screens_button(ui, ui_r(ui, 600, 8, 186, 40), "New session", UI_CMD_START_PAUSE, false);
	screens_fmt_stats(v, val);
	for (int i = 0; i < SCREENS_STATS; i++) {
		int row = i / 3, col = i % 3;

		stat_cell(ui, 20 + 260 * col, 66 + 90 * row, val[i], screens_stat_label_for(v, i));
	}
	draw_round(ui, ui_r(ui, 20, 246, 760, 150), (int)ui_s(ui, 12), COL_PANEL, 0xff);
	screens_chart(ui, v, ui_r(ui, 40, 256, 720, 112), ui_r(ui, 40, 368, 720, 24));
	screens_summary_history(ui, v, &(struct screens_history_boxes){
		.l1 = ui_r(ui, 20, 402, 490, 36), .l2 = ui_r(ui, 20, 440, 490, 30), .l1_px = 24,
		.saved = ui_r(ui, 520, 402, 260, 36), .why = ui_r(ui, 520, 440, 260, 30), .saved_align = AL_RIGHT });
}

const char *const screens_stat_label[SCREENS_STATS] = {
	"reps", "work time", "mean / best range", "longest hold", "hold warnings", "reps per minute",
};

void screens_fmt_stats(const struct ui_view *v, char val[SCREENS_STATS][48])
{
	const struct session_summary *s = &v->summary;

	snprintf(val[0], 48, "%d", s->reps);
	screens_fmt_mmss(val[1], 48, s->work_s);
	snprintf(val[2], 48, "%.0f° / %.0f°", s->mean_peak_deg, s->best_peak_deg);
	snprintf(val[3], 48, "%.0f s", s->longest_hold_s);
	snprintf(val[4], 48, "%d", s->warnings);
	snprintf(val[5], 48, "%.1f", s->tempo_reps_per_min);
	if (v->modes.tempo_out_s > 0 && v->modes.tempo_n > 0)
		screens_modes_fmt_tempo(val[5], 48, v);
}

const char *screens_stat_label_for(const struct ui_view *v, int i)
{
	if (i == SCREENS_STATS - 1 && v->modes.tempo_out_s > 0 && v->modes.tempo_n > 0)
		return "off tempo, mean";
	return screens_stat_label[i];
}

void screens_chart(struct ui *ui, const struct ui_view *v, struct ui_rect c, struct ui_rect caption)
{
	const struct session_summary *s = &v->summary;
	double top = 30.0;
	char buf[48];

	for (int i = 0; i < v->n_chart; i++)
		if (v->chart_deg[i] > top)
			top = v->chart_deg[i];
	top = ceil(top / 15.0) * 15.0;
	for (int d = 15; d <= (int)top; d += 15)
		draw_fill(ui, (struct ui_rect){ c.x, c.y + c.h - (int)(c.h * d / top), c.w, (int)ui_s(ui, 1) > 0 ? (int)ui_s(ui, 1) : 1 },
			  COL_LINE, 0xff);
	if (v->n_chart > 0) {
		int slot = c.w / (v->n_chart > 12 ? v->n_chart : 12);
		int bw = slot * 7 / 10 > 1 ? slot * 7 / 10 : 1;
		for (int i = 0; i < v->n_chart; i++) {
			int h = (int)(c.h * v->chart_deg[i] / top);
			bool best = v->chart_deg[i] >= s->best_peak_deg - 1e-9;
			draw_fill(ui, (struct ui_rect){ c.x + i * slot + (slot - bw) / 2, c.y + c.h - h, bw, h },
				  best ? COL_GREEN : COL_SKY, 0xff);
		}
	} else {
		text_draw(ui, "No reps counted", 26, 0, COL_DIM, c, AL_CENTER);
	}
	snprintf(buf, sizeof(buf), "range per rep (top line %.0f°)", top);
	text_draw(ui, buf, 16, 0, COL_DIM, caption, AL_LEFT);
}

static void sensor_lost(struct ui *ui, const struct ui_view *v)
{
	struct ui_rect card = ui_r(ui, 90, 110, 620, 280);

	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BLACK, 0xc8);
	draw_round(ui, card, (int)ui_s(ui, 16), COL_PANEL, 0xff);
	draw_frame(ui, card, (int)ui_s(ui, 4) > 0 ? (int)ui_s(ui, 4) : 1, COL_ORANGE, 0xff);
	text_draw(ui, "Sensor lost", 52, TEXT_BOLD, COL_ORANGE, ui_r(ui, 110, 124, 580, 70), AL_CENTER);
	text_draw(ui, "Check the strap, the sensor cable and its plug.", 22, 0, COL_TEXT,
		  ui_r(ui, 110, 204, 580, 34), AL_CENTER);
	screens_wrapped(ui, v->sensor_hint[0] ? v->sensor_hint : v->sensor, 18, 0, COL_DIM,
			110, 240, 580, 26, 2);
	text_draw(ui, "Your session is kept and resumes", 22, TEXT_BOLD, COL_TEXT,
		  ui_r(ui, 110, 296, 580, 34), AL_CENTER);
	text_draw(ui, "when the sensor is back.", 22, TEXT_BOLD, COL_TEXT, ui_r(ui, 110, 332, 580, 34), AL_CENTER);
}

/* "Finish the session?": Keep going is the big one (a slip of the finger
 * must not end a session); a tap anywhere else keeps going too. */
static void confirm_finish(struct ui *ui)
{
	bool p = ui->portrait;
	struct ui_rect card = p ? ui_r(ui, 30, 250, 420, 300) : ui_r(ui, 130, 110, 540, 260);

	ui->n_buttons = 0;   /* the screen's own buttons are under the card */
	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BLACK, 0xc8);
	draw_round(ui, card, (int)ui_s(ui, 16), COL_PANEL, 0xff);
	draw_frame(ui, card, (int)ui_s(ui, 3) > 0 ? (int)ui_s(ui, 3) : 1, COL_LINE, 0xff);
	text_draw(ui, "Finish the session?", p ? 36 : 44, TEXT_BOLD, COL_TEXT,
		  p ? ui_r(ui, 40, 280, 400, 60) : ui_r(ui, 150, 140, 500, 70), AL_CENTER);
	screens_button(ui, p ? ui_r(ui, 60, 380, 170, 96) : ui_r(ui, 170, 250, 200, 90), "Finish", UI_CMD_FINISH,
		       false);
	screens_button(ui, p ? ui_r(ui, 250, 380, 170, 96) : ui_r(ui, 400, 250, 230, 90), "Keep going",
		       UI_CMD_NEXT, true);
	if (ui->n_buttons < UI_MAX_BUTTONS)
		ui->buttons[ui->n_buttons++] = (struct ui_button){ { 0, 0, ui->w, ui->h }, UI_CMD_NEXT };
}

/* A passing word at the foot of the exercise screen (over the bottom
 * strip), in plain words: "Calibration skipped: ...". */
static void note_card(struct ui *ui, const struct ui_view *v)
{
	bool p = ui->portrait;
	struct ui_rect card = p ? ui_r(ui, 16, 640, 448, 84) : ui_r(ui, 16, 400, 768, 72);

	draw_round(ui, card, (int)ui_s(ui, 10), COL_PANEL, 0xff);
	draw_frame(ui, card, (int)ui_s(ui, 2) > 0 ? (int)ui_s(ui, 2) : 1, COL_ORANGE, 0xff);
	if (p)
		screens_wrapped(ui, v->note, 20, 0, COL_TEXT, 26, 648, 428, 34, 2);
	else
		screens_wrapped(ui, v->note, 20, 0, COL_TEXT, 26, 404, 748, 32, 2);
}

static const struct screens_layout landscape_layout = {
	.start = screen_start,
	.calibrate = screen_calibrate,
	.exercise_static = screens_panel_static,
	.warning_static = warning_static,
	.exercise = screen_exercise,
	.summary = screen_summary,
	.sensor_lost = sensor_lost,
};

void screens_draw(struct ui *ui, const struct ui_view *v, double anim_s)
{
	const struct screens_layout *L = ui->portrait ? &portrait_layout : &landscape_layout;

	ui->n_rec = 0;
	ui->n_buttons = 0;
	memset(ui->regions, 0, sizeof(ui->regions));
	if (screens_modes_draw(ui, v, anim_s))
		goto overlays;   /* the mode's own screen (screen_modes.c) */
	if (v->screen == UI_SCREEN_EXERCISE && !screens_warning_hides_panel(v))
		ui_static_layer(ui, v, UI_LAYER_EXERCISE, L->exercise_static);
	else if (v->screen == UI_SCREEN_EXERCISE && L->warning_static)
		ui_static_layer(ui, v, UI_LAYER_WARNING, L->warning_static);
	else
		draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BG, 0xff);
	switch (v->screen) {
	case UI_SCREEN_START:
		L->start(ui, v);
		break;
	case UI_SCREEN_CALIBRATE:
		L->calibrate(ui, v, anim_s);
		break;
	case UI_SCREEN_EXERCISE:
		L->exercise(ui, v, anim_s);
		break;
	case UI_SCREEN_SUMMARY:
		L->summary(ui, v);
		break;
	case UI_SCREEN_SLR:
		screen_slr_draw(ui, v);
		break;
	case UI_SCREEN_PROGRESS:
		screen_progress_draw(ui, v);
		break;
	case UI_SCREEN_PATIENTS:
	case UI_SCREEN_PAIN:
	case UI_SCREEN_CLINICIAN:
		screen_patients_draw(ui, v);
		break;
	}
overlays:
	if (v->screen == UI_SCREEN_EXERCISE && v->note[0] && v->alert == MOTION_ALERT_NONE)
		note_card(ui, v);
	if (v->screen == UI_SCREEN_EXERCISE)
		screen_patients_overlay(ui, v);   /* "Ease off", the symptom row */
	if (v->sensor_lost && v->screen != UI_SCREEN_START)
		L->sensor_lost(ui, v);
	if (v->confirm_finish && v->screen != UI_SCREEN_START && v->screen != UI_SCREEN_SUMMARY)
		confirm_finish(ui);
}
