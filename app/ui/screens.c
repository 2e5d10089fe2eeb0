// SPDX-License-Identifier: MIT
/*
 * The screens, laid out on the 800x480 design canvas (ui_r maps to pixels).
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

static void add_button(struct ui *ui, struct ui_rect r, const char *label, enum ui_cmd cmd, bool primary)
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
static void fmt_mmss(char *buf, size_t n, double s)
{
	int t = s > 0 ? (int)s : 0;

	snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

static void top_bar(struct ui *ui, const struct ui_view *v, const char *title)
{
	/* the panel spans the whole output width, not only the canvas */
	draw_fill(ui, (struct ui_rect){ 0, ui_r(ui, 0, 0, 1, TOPBAR_H).y, ui->w, ui_r(ui, 0, 0, 1, TOPBAR_H).h },
		  COL_PANEL, 0xff);
	struct ui_rect tr = text_draw(ui, title, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 8, 330, 40), AL_LEFT);
	if (v->demo) {
		struct ui_rect b = { tr.x + tr.w + (int)ui_s(ui, 14), ui_r(ui, 0, 12, 1, 1).y,
				     (int)ui_s(ui, 74), (int)ui_s(ui, 32) };
		draw_round(ui, b, b.h / 4, COL_ORANGE, 0xff);
		text_draw(ui, "DEMO", 18, TEXT_BOLD, COL_BLACK, b, AL_CENTER);
	}
}

static void screen_start(struct ui *ui, const struct ui_view *v)
{
	top_bar(ui, v, "stretchrep");
	if (v->notice[0])
		text_draw(ui, v->notice, 16, TEXT_BOLD, COL_ORANGE, ui_r(ui, 380, 12, 404, 32), AL_RIGHT);
	text_draw(ui, "Dynamic hamstring stretch", 44, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 76, 720, 60), AL_CENTER);
	text_draw(ui, "Move into the stretch and back out, again and again.", 24, 0, COL_DIM,
		  ui_r(ui, 40, 140, 720, 34), AL_CENTER);
	text_draw(ui, "Never hold still in the stretch.", 24, 0, COL_DIM,
		  ui_r(ui, 40, 174, 720, 34), AL_CENTER);

	/* sensor card */
	struct ui_rect card = ui_r(ui, 100, 226, 600, 100);
	bool ok = !v->sensor_lost;
	draw_round(ui, card, (int)ui_s(ui, 12), COL_PANEL, 0xff);
	draw_arc(ui, ui_x(ui, 132), ui_y(ui, 256), 0, ui_s(ui, 10), 0, 360, ok ? COL_GREEN : COL_ORANGE, 0xff);
	text_draw(ui, !ok ? "No sensor" : v->demo ? "Demo mode" : "Sensor ready", 24, TEXT_BOLD, COL_TEXT,
		  ui_r(ui, 154, 238, 520, 36), AL_LEFT);
	text_draw(ui, v->sensor[0] ? v->sensor : "-", 20, 0, COL_DIM, ui_r(ui, 154, 276, 530, 40), AL_LEFT);
	if (v->sensor_hint[0])
		text_draw(ui, v->sensor_hint, 18, 0, COL_ORANGE, ui_r(ui, 120, 326, 560, 26), AL_CENTER);

	add_button(ui, ui_r(ui, 260, 358, 280, 72), "Start", UI_CMD_START_PAUSE, true);
	text_draw(ui, "press the button, touch Start, or press Space", 18, 0, COL_DIM,
		  ui_r(ui, 40, 438, 720, 32), AL_CENTER);
}

static void screen_calibrate(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[32];
	double frac = v->calib_total_s > 0 ? 1.0 - v->calib_left_s / v->calib_total_s : 1.0;

	top_bar(ui, v, "Getting ready");
	text_draw(ui, "Hold still", 84, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 76, 720, 110), AL_CENTER);
	text_draw(ui, "Lie relaxed, leg at rest, sensor strapped on", 26, 0, COL_DIM,
		  ui_r(ui, 40, 190, 720, 40), AL_CENTER);
	double cx = ui_x(ui, 400), cy = ui_y(ui, 340), ro = ui_s(ui, 84), ri = ui_s(ui, 68);
	draw_arc(ui, cx, cy, ri, ro, 0, 360, COL_PANEL, 0xff);
	draw_arc(ui, cx, cy, ri, ro, 90, 90 - 360 * frac, COL_SKY, 0xff);
	/* a slow breathing dot so the screen visibly lives while waiting */
	double a = 90 - fmod(anim_s * 90.0, 360.0);
	draw_arc(ui, cx + (ri + ro) / 2 * cos(a * M_PI / 180), cy - (ri + ro) / 2 * sin(a * M_PI / 180),
		 0, (ro - ri) / 2, 0, 360, COL_TEXT, 0xff);
	snprintf(buf, sizeof(buf), "%.1f", v->calib_left_s);
	text_draw(ui, buf, 44, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 340, 310, 120, 50), AL_CENTER);
	text_draw(ui, "seconds", 16, 0, COL_DIM, ui_r(ui, 340, 356, 120, 22), AL_CENTER);
}

/* The inclination gauge: a quarter dial whose needle is the leg, 0 deg
 * pointing right, 90 deg straight up. */
static void gauge(struct ui *ui, const struct ui_view *v)
{
	double px = ui_x(ui, 362), py = ui_y(ui, 372), r = ui_s(ui, 196), band = ui_s(ui, 30);
	double ang = v->angle_deg < 0 ? 0 : v->angle_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->angle_deg;
	double sz = v->stretch_from_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->stretch_from_deg;
	char buf[32];

	ui->regions[UI_REGION_GAUGE] = ui_r(ui, 344, 64, 240, 328);
	draw_arc(ui, px, py, r - band, r, 0, GAUGE_MAX_DEG, COL_PANEL, 0xff);
	draw_arc(ui, px, py, r - band, r, 0, v->rest_band_deg, COL_BLUE, 0xff);
	draw_arc(ui, px, py, r - band, r, sz, GAUGE_MAX_DEG, COL_GREEN, 0xff);
	for (int d = 0; d <= 90; d += 30) {
		double a = d * M_PI / 180;
		draw_line(ui, px + (r + ui_s(ui, 4)) * cos(a), py - (r + ui_s(ui, 4)) * sin(a),
			  px + (r + ui_s(ui, 14)) * cos(a), py - (r + ui_s(ui, 14)) * sin(a), ui_s(ui, 3), COL_DIM, 0xff);
	}
	if (v->rep_peak_deg > 0) {   /* this rep's peak */
		double a = (v->rep_peak_deg > GAUGE_MAX_DEG ? GAUGE_MAX_DEG : v->rep_peak_deg) * M_PI / 180;
		draw_line(ui, px + (r - band - ui_s(ui, 6)) * cos(a), py - (r - band - ui_s(ui, 6)) * sin(a),
			  px + (r + ui_s(ui, 16)) * cos(a), py - (r + ui_s(ui, 16)) * sin(a), ui_s(ui, 6), COL_YELLOW, 0xff);
	}
	double a = ang * M_PI / 180;
	draw_line(ui, px, py, px + (r - ui_s(ui, 4)) * cos(a), py - (r - ui_s(ui, 4)) * sin(a), ui_s(ui, 10), COL_TEXT, 0xff);
	draw_arc(ui, px, py, 0, ui_s(ui, 14), 0, 360, COL_TEXT, 0xff);

	snprintf(buf, sizeof(buf), "%.0f°", v->angle_deg < 0 ? 0.0 : v->angle_deg);
	text_draw(ui, buf, 56, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 470, 70, 114, 66), AL_RIGHT);
	text_draw(ui, "leg angle", 16, 0, COL_DIM, ui_r(ui, 470, 136, 114, 22), AL_RIGHT);
}

static void work_ring(struct ui *ui, const struct ui_view *v)
{
	double cx = ui_x(ui, 690), cy = ui_y(ui, 196), ro = ui_s(ui, 92), ri = ui_s(ui, 74);
	double target = v->work_target_s > 0 ? v->work_target_s : 120.0;
	double frac = v->work_s / target;
	char buf[32], lim[48];

	if (frac > 1)
		frac = 1;
	draw_arc(ui, cx, cy, ri, ro, 0, 360, COL_PANEL, 0xff);
	/* the protocol's window (90-120 s) as a lighter stretch of the track: a
	 * tick there, at 9 o'clock beside the time, read as a minus sign */
	if (v->work_min_s > 0 && v->work_min_s < target)
		draw_arc(ui, cx, cy, ri, ro, 90 - 360 * v->work_min_s / target, -270, COL_LINE, 0xff);
	draw_arc(ui, cx, cy, ri, ro, 90, 90 - 360 * frac, v->paused ? COL_DIM : COL_GREEN, 0xff);
	fmt_mmss(buf, sizeof(buf), v->work_s);
	text_draw(ui, buf, 44, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 630, 170, 120, 54), AL_CENTER);
	text_draw(ui, "work", 16, 0, COL_DIM, ui_r(ui, 630, 144, 120, 24), AL_CENTER);
	if (v->work_min_s > 0)
		snprintf(lim, sizeof(lim), "goal %d-%d s", (int)v->work_min_s, (int)target);
	else
		snprintf(lim, sizeof(lim), "goal %d s", (int)target);
	text_draw(ui, lim, 18, 0, COL_DIM, ui_r(ui, 596, 296, 188, 28), AL_CENTER);
	const char *state = v->paused ? "Paused" : v->work_s >= target ? "Done!" :
			    v->work_s >= v->work_min_s && v->work_min_s > 0 ? "Goal reached" :
			    v->reps == 0 ? "Begin when ready" : "Keep moving";
	text_draw(ui, state, 22, TEXT_BOLD, v->paused ? COL_YELLOW : COL_TEXT, ui_r(ui, 596, 328, 188, 34), AL_CENTER);
}

static void bottom_strip(struct ui *ui, const struct ui_view *v)
{
	char buf[64];
	int n = 0;

	draw_fill(ui, ui_r(ui, 0, 400, UI_BASE_W, 1.5), COL_LINE, 0xff);
	text_draw(ui, "this rep", 16, 0, COL_DIM, ui_r(ui, 20, 408, 130, 22), AL_LEFT);
	if (v->rep_peak_deg > 0)
		snprintf(buf, sizeof(buf), "%.0f°", v->rep_peak_deg);
	else
		snprintf(buf, sizeof(buf), "-");
	text_draw(ui, buf, 34, TEXT_BOLD | TEXT_GLYPHS, COL_YELLOW, ui_r(ui, 20, 428, 130, 44), AL_LEFT);

	text_draw(ui, "last reps", 16, 0, COL_DIM, ui_r(ui, 160, 408, 360, 22), AL_LEFT);
	buf[0] = '\0';
	for (int i = 0; i < v->n_peaks; i++)
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, "%s%.0f°", i ? "  " : "", v->peaks_deg[i]);
	text_draw(ui, v->n_peaks ? buf : "-", 30, TEXT_GLYPHS, COL_TEXT, ui_r(ui, 160, 428, 400, 44), AL_LEFT);

	text_draw(ui, "hold", 16, 0, COL_DIM, ui_r(ui, 580, 408, 200, 22), AL_RIGHT);
	if (v->holding)
		snprintf(buf, sizeof(buf), "%.0f / %.0f s", floor(v->hold_s), v->hold_warn_s);
	else
		snprintf(buf, sizeof(buf), "moving");
	text_draw(ui, buf, 30, TEXT_BOLD | TEXT_GLYPHS, v->holding ? COL_YELLOW : COL_GREEN,
		  ui_r(ui, 560, 428, 220, 44), AL_RIGHT);
}

/* The alert layer. Pre-warning: a slowly pulsing yellow border and a banner
 * over the gauge; warning: a flashing vermilion/white border and a banner
 * over everything but the top bar. */
static void alerts(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[48];

	if (v->alert == MOTION_ALERT_NONE)
		return;
	snprintf(buf, sizeof(buf), "held %.0f s", floor(v->hold_s));
	if (v->alert == MOTION_ALERT_PREWARN) {
		double pulse = 0.5 + 0.5 * sin(anim_s * 2 * M_PI * 1.0);
		int t = (int)ui_s(ui, 6 + 8 * pulse);
		struct ui_rect b = ui_r(ui, 344, 64, 440, 328);

		draw_frame(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, t, COL_YELLOW, 0xff);
		draw_round(ui, b, (int)ui_s(ui, 14), COL_YELLOW, 0xff);
		text_draw(ui, "Ease out of", 44, TEXT_BOLD, COL_BLACK, ui_r(ui, 360, 80, 408, 56), AL_CENTER);
		text_draw(ui, "the stretch", 44, TEXT_BOLD, COL_BLACK, ui_r(ui, 360, 136, 408, 56), AL_CENTER);
		text_draw(ui, buf, 72, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, ui_r(ui, 360, 206, 408, 96), AL_CENTER);
		snprintf(buf, sizeof(buf), "warning at %.0f s", v->hold_warn_s);
		text_draw(ui, buf, 22, 0, COL_BLACK, ui_r(ui, 360, 320, 408, 40), AL_CENTER);
		ui->regions[UI_REGION_ALERT] = b;
		return;
	}
	bool flash = fmod(anim_s, 0.5) < 0.25;   /* 2 Hz */
	struct ui_rect b = ui_r(ui, 16, 64, 768, 328);

	draw_frame(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, (int)ui_s(ui, 16), flash ? COL_VERMIL : COL_TEXT, 0xff);
	draw_fill(ui, b, COL_VERMIL, 0xff);
	draw_frame(ui, b, (int)ui_s(ui, 6), flash ? COL_TEXT : COL_VERMIL, 0xff);
	text_draw(ui, "Release the stretch", 60, TEXT_BOLD, COL_TEXT, ui_r(ui, 40, 80, 720, 84), AL_CENTER);
	text_draw(ui, buf, 110, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui_r(ui, 40, 170, 720, 140), AL_CENTER);
	text_draw(ui, "then move in and out again", 28, 0, COL_TEXT, ui_r(ui, 40, 320, 720, 52), AL_CENTER);
	ui->regions[UI_REGION_ALERT] = b;
}

static void screen_exercise(struct ui *ui, const struct ui_view *v, double anim_s)
{
	char buf[16];

	top_bar(ui, v, v->paused ? "Paused" : "Exercise");
	add_button(ui, ui_r(ui, 440, 8, 110, 40), v->paused ? "Resume" : "Pause", UI_CMD_START_PAUSE, false);
	add_button(ui, ui_r(ui, 558, 8, 110, 40), "Calibrate", UI_CMD_CALIBRATE, false);
	add_button(ui, ui_r(ui, 676, 8, 110, 40), "Finish", UI_CMD_FINISH, false);

	text_draw(ui, "REPS", 22, TEXT_BOLD, COL_DIM, ui_r(ui, 20, 66, 316, 30), AL_LEFT);
	snprintf(buf, sizeof(buf), "%d", v->reps);
	ui->regions[UI_REGION_REPS] = ui_r(ui, 16, 96, 324, 296);
	text_draw(ui, buf, 236, TEXT_BOLD | TEXT_GLYPHS, COL_TEXT, ui->regions[UI_REGION_REPS], AL_CENTER);
	draw_fill(ui, ui_r(ui, 340, 72, 1.5, 316), COL_LINE, 0xff);
	gauge(ui, v);
	work_ring(ui, v);
	bottom_strip(ui, v);
	if (v->paused) {   /* the timer stands: say so over the gauge and ring */
		struct ui_rect b = ui_r(ui, 344, 64, 440, 328);

		draw_fill(ui, b, COL_BG, 0xff);
		draw_round(ui, ui_r(ui, 360, 110, 408, 236), (int)ui_s(ui, 14), COL_PANEL, 0xff);
		text_draw(ui, "Paused", 72, TEXT_BOLD, COL_YELLOW, ui_r(ui, 376, 130, 376, 100), AL_CENTER);
		text_draw(ui, "the work timer is stopped", 22, 0, COL_TEXT, ui_r(ui, 376, 236, 376, 34), AL_CENTER);
		text_draw(ui, "Space or Resume to go on", 22, 0, COL_DIM, ui_r(ui, 376, 280, 376, 34), AL_CENTER);
	}
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
static void summary_history(struct ui *ui, const struct ui_view *v)
{
	const struct ui_history *h = &v->history;
	const struct session_summary *s = &v->summary;
	char buf[96];

	if (h->n_prev > 0) {
		double last = h->prev_best_deg[h->n_prev - 1];
		int d = (int)lround(s->best_peak_deg) - (int)lround(last);

		snprintf(buf, sizeof(buf), "best range %.0f°, last time %.0f° (%s%d°)", s->best_peak_deg, last,
			 d > 0 ? "+" : d < 0 ? "−" : "±", d < 0 ? -d : d);
		text_draw(ui, buf, 24, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 402, 490, 36), AL_LEFT);
		size_t n = (size_t)snprintf(buf, sizeof(buf), "reps, last %d: ", h->n_prev + 1);

		for (int i = 0; i < h->n_prev && n < sizeof(buf); i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d, ", h->prev_reps[i]);
		if (n < sizeof(buf))
			snprintf(buf + n, sizeof(buf) - n, "now %d", s->reps);
		text_draw(ui, buf, 20, 0, COL_DIM, ui_r(ui, 20, 440, 490, 30), AL_LEFT);
	} else if (h->prev_known) {
		text_draw(ui, "Your first session on record", 24, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 402, 490, 36), AL_LEFT);
		text_draw(ui, "the next ones will be compared with it", 20, 0, COL_DIM,
			  ui_r(ui, 20, 440, 490, 30), AL_LEFT);
	}
	if (h->saved == UI_SAVED_OK) {
		text_draw(ui, "Session saved", 22, TEXT_BOLD, COL_GREEN, ui_r(ui, 520, 402, 260, 36), AL_RIGHT);
	} else if (h->saved == UI_SAVED_FAILED) {
		text_draw(ui, "Session not saved", 22, TEXT_BOLD, COL_ORANGE, ui_r(ui, 520, 402, 260, 36), AL_RIGHT);
		text_draw(ui, h->why, 18, 0, COL_ORANGE, ui_r(ui, 520, 440, 260, 30), AL_RIGHT);
	}
}

static void screen_summary(struct ui *ui, const struct ui_view *v)
{
	const struct session_summary *s = &v->summary;
	char buf[48];

	top_bar(ui, v, "Session complete");
	add_button(ui, ui_r(ui, 600, 8, 186, 40), "New session", UI_CMD_START_PAUSE, false);

	snprintf(buf, sizeof(buf), "%d", s->reps);
	stat_cell(ui, 20, 66, buf, "reps");
	fmt_mmss(buf, sizeof(buf), s->work_s);
	stat_cell(ui, 280, 66, buf, "work time");
	snprintf(buf, sizeof(buf), "%.0f° / %.0f°", s->mean_peak_deg, s->best_peak_deg);
	stat_cell(ui, 540, 66, buf, "mean / best range");
	snprintf(buf, sizeof(buf), "%.0f s", s->longest_hold_s);
	stat_cell(ui, 20, 156, buf, "longest hold");
	snprintf(buf, sizeof(buf), "%d", s->warnings);
	stat_cell(ui, 280, 156, buf, "hold warnings");
	snprintf(buf, sizeof(buf), "%.1f", s->tempo_reps_per_min);
	stat_cell(ui, 540, 156, buf, "reps per minute");

	/* per-rep chart */
	struct ui_rect c = ui_r(ui, 40, 256, 720, 112);
	double top = 30.0;
	draw_round(ui, ui_r(ui, 20, 246, 760, 150), (int)ui_s(ui, 12), COL_PANEL, 0xff);
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
	text_draw(ui, buf, 16, 0, COL_DIM, ui_r(ui, 40, 368, 720, 24), AL_LEFT);
	summary_history(ui, v);
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
	text_draw(ui, v->sensor_hint[0] ? v->sensor_hint : v->sensor, 18, 0, COL_DIM,
		  ui_r(ui, 110, 246, 580, 30), AL_CENTER);
	text_draw(ui, "Your session is kept and resumes", 22, TEXT_BOLD, COL_TEXT,
		  ui_r(ui, 110, 296, 580, 34), AL_CENTER);
	text_draw(ui, "when the sensor is back.", 22, TEXT_BOLD, COL_TEXT, ui_r(ui, 110, 332, 580, 34), AL_CENTER);
}

void screens_draw(struct ui *ui, const struct ui_view *v, double anim_s)
{
	ui->n_rec = 0;
	ui->n_buttons = 0;
	memset(ui->regions, 0, sizeof(ui->regions));
	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BG, 0xff);
	switch (v->screen) {
	case UI_SCREEN_START:
		screen_start(ui, v);
		break;
	case UI_SCREEN_CALIBRATE:
		screen_calibrate(ui, v, anim_s);
		break;
	case UI_SCREEN_EXERCISE:
		screen_exercise(ui, v, anim_s);
		break;
	case UI_SCREEN_SUMMARY:
		screen_summary(ui, v);
		break;
	}
	if (v->sensor_lost && v->screen != UI_SCREEN_START)
		sensor_lost(ui, v);
}
