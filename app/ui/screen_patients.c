// SPDX-License-Identifier: MIT
/*
 * The patient screens (screen_patients.h), on the 800x480 design canvas or
 * the 480x800 portrait one. Read from 3-4 m and used without a keyboard:
 * every choice is a big button; the highlighted one (the GPIO buttons'
 * next / select) is filled sky blue with black text and framed white, so
 * it is not told by colour alone.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ui/ui_int.h"

/* The words every pain and symptom screen carries: the exercise must
 * never reproduce pain. */
static const char safety[] = "Stop and tell your clinician if pain or tingling rises.";

int ui_pt_items(const struct ui_patients *p)
{
	switch (p->page) {
	case UI_PT_PAGE_PICK:
		return p->n_names + 1 + p->more;
	case UI_PT_PAGE_PAIN_BEFORE:
	case UI_PT_PAGE_PAIN_AFTER:
		return UI_PT_ITEM_SKIP + 1;
	case UI_PT_PAGE_PIN:
		return UI_PT_ITEM_PIN_CANCEL + 1;
	case UI_PT_PAGE_LIST:
		return p->n_names + 2 + p->more;
	case UI_PT_PAGE_EDIT:
		return 2 * UI_PT_RX_ROWS + 4;
	case UI_PT_PAGE_NAME:
		return UI_PT_ITEM_NAME_CANCEL + 1;
	case UI_PT_PAGE_NONE:
		break;
	}
	return p->symptom_asking ? UI_PT_ITEM_SKIP + 1 : 0;
}

void ui_pt_fmt_summary(const struct ui_patients *p, char *buf, unsigned n)
{
	size_t k = 0;

	if (!n)
		return;
	buf[0] = '\0';
	if (p->pain_before >= 0 || p->pain_after >= 0) {
		char b[12] = "-", a[12] = "-";

		if (p->pain_before >= 0)
			snprintf(b, sizeof(b), "%d", p->pain_before);
		if (p->pain_after >= 0)
			snprintf(a, sizeof(a), "%d", p->pain_after);
		k = (size_t)snprintf(buf, n, "pain %s before, %s after", b, a);
	}
	if (p->n_symptoms > 0 && k < n) {
		/* the first (the angle the next ceiling may follow) and how many more */
		k += (size_t)snprintf(buf + k, n - k, "%ssymptom at %.0f°, %d/10", k ? "; " : "", p->symptom_deg[0],
				      p->symptom_rating[0]);
		if (p->n_symptoms > 1 && k < n)
			snprintf(buf + k, n - k, " (+%d more)", p->n_symptoms - 1);
	}
}

/* A name as a title or a button shows it: at most max characters (UTF-8
 * code points), else cut with an ellipsis, so a 40-character name stays
 * readable where it goes (PATIENT_NAME_MAX would shrink to a few pixels). */
#define SHORT_NAME 20
static const char *short_name(char *dst, size_t n, const char *src, int max)
{
	size_t k = 0;
	int chars = 0;

	while (src[k] && chars < max) {
		k++;
		while (((unsigned char)src[k] & 0xc0) == 0x80)
			k++;   /* the rest of this character */
		chars++;
	}
	snprintf(dst, n, "%.*s%s", (int)k, src, src[k] ? "\u2026" : "");
	return dst;
}

/* Cell i of a grid of cols columns from (x0, y0), each w x h, pitch
 * (px, py): design units to pixels. */
static struct ui_rect cell(const struct ui *ui, double x0, double y0, double w, double h, double px, double py,
			   int cols, int i)
{
	int row = i / cols, col = i % cols;

	return ui_r(ui, x0 + px * col, y0 + py * row, w, h);
}

/* A choice: highlighted (sel) or not; its command UI_CMD_ITEM(item). */
static void pt_button(struct ui *ui, struct ui_rect r, const char *label, int item, bool hi, double px)
{
	int t = (int)ui_s(ui, 3) > 0 ? (int)ui_s(ui, 3) : 1;

	draw_round(ui, r, r.h / 6, hi ? COL_SKY : COL_PANEL, 0xff);
	draw_frame(ui, r, hi ? 2 * t : t, hi ? COL_TEXT : COL_LINE, 0xff);
	struct ui_rect in = { r.x + r.h / 8, r.y + r.h / 10, r.w - 2 * (r.h / 8), r.h - r.h / 5 };
	text_draw(ui, label, px, TEXT_BOLD, hi ? COL_BLACK : COL_TEXT, in, AL_CENTER);
	if (ui->n_buttons < UI_MAX_BUTTONS)
		ui->buttons[ui->n_buttons++] = (struct ui_button){ r, UI_CMD_ITEM(item) };
}

/* ---- the picker ---- */

static void pick(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;
	int n = p->n_names + 1 + p->more;

	screens_top_bar(ui, v, "Who is exercising?");
	for (int i = 0; i < n; i++) {
		char name[UI_PT_NAME + 4];
		const char *label = i < p->n_names ? short_name(name, sizeof(name), p->names[i], SHORT_NAME) :
				    i == p->n_names ? "Guest (no patient)" : "More patients";
		struct ui_rect r;

		if (port)
			r = ui_r(ui, 32, 72 + 84 * i, 416, 72);
		else   /* two columns, the last used top left */
			r = cell(ui, 24, 70, 368, 74, 384, 86, 2, i);
		pt_button(ui, r, label, i, i == p->sel, i < p->n_names ? 30 : 22);
	}
	if (port) {
		static const char *const how[] = { "Touch your name, or press next", "to move and start to choose" };

		screens_lines(ui, how, 2, 20, 0, COL_DIM, 16, 690, 448, 30);
	} else {
		text_draw(ui, "Touch your name, or press next to move and start to choose", 20, 0, COL_DIM,
			  ui_r(ui, 20, 436, 760, 34), AL_CENTER);
	}
}

/* ---- pain 0-10 ---- */

/* The eleven numbers and Skip (Cancel) under them: a row in landscape,
 * two in portrait. */
static void rating_row(struct ui *ui, const struct ui_patients *p, double y, bool port, const char *skip)
{
	for (int i = 0; i <= UI_PT_PAIN_MAX; i++) {
		char buf[4];
		struct ui_rect r;

		snprintf(buf, sizeof(buf), "%d", i);
		if (port)
			r = cell(ui, 16, y, 68, 82, 76, 92, 6, i);
		else
			r = ui_r(ui, 16 + 70 * i, y, 64, 92);
		pt_button(ui, r, buf, i, i == p->sel, 36);
	}
	if (port)
		pt_button(ui, ui_r(ui, 140, y + 184, 200, 58), skip, UI_PT_ITEM_SKIP, p->sel == UI_PT_ITEM_SKIP, 24);
	else
		pt_button(ui, ui_r(ui, 300, y + 104, 200, 58), skip, UI_PT_ITEM_SKIP, p->sel == UI_PT_ITEM_SKIP, 24);
}

static void pain(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool after = p->page == UI_PT_PAGE_PAIN_AFTER, port = ui->portrait;
	char title[128], name[UI_PT_NAME + 4];

	snprintf(title, sizeof(title), "%s%s", p->patient[0] ? short_name(name, sizeof(name), p->patient, 16) : "Pain",
		 after ? ": after the session" : ": before the session");
	screens_top_bar(ui, v, title);
	if (port) {
		static const char *const q[] = { "How much pain", "do you feel now?" };

		screens_lines(ui, q, 2, 38, TEXT_BOLD, COL_TEXT, 16, 76, 448, 52);
		text_draw(ui, "0 no pain  ...  10 the worst", 22, 0, COL_DIM, ui_r(ui, 16, 186, 448, 34), AL_CENTER);
		rating_row(ui, p, 228, true, "Skip");
		screens_wrapped(ui, safety, 26, TEXT_BOLD, COL_YELLOW, 24, 486, 432, 38, 3);
		screens_wrapped(ui, "The exercise must never bring your pain back.", 22, 0, COL_TEXT, 24, 606, 432,
				32, 2);
		screens_lines(ui, (const char *const[]){ "touch a number, or next / start" }, 1, 18, 0, COL_DIM,
			      16, 700, 448, 30);
		return;
	}
	text_draw(ui, "How much pain do you feel now?", 40, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 66, 760, 54),
		  AL_CENTER);
	text_draw(ui, "0 no pain  ...  10 the worst you can imagine", 22, 0, COL_DIM, ui_r(ui, 20, 120, 760, 32),
		  AL_CENTER);
	rating_row(ui, p, 162, false, "Skip");
	text_draw(ui, safety, 26, TEXT_BOLD, COL_YELLOW, ui_r(ui, 20, 340, 760, 40), AL_CENTER);
	text_draw(ui, "The exercise must never bring your pain back.", 22, 0, COL_TEXT, ui_r(ui, 20, 382, 760, 34),
		  AL_CENTER);
	text_draw(ui, "touch a number, or press next to move and start to choose", 18, 0, COL_DIM,
		  ui_r(ui, 20, 436, 760, 30), AL_CENTER);
}

/* ---- the clinician ---- */

static void pin(struct ui *ui, const struct ui_view *v)
{
	static const int order[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, UI_PT_ITEM_PIN_DEL, 0, UI_PT_ITEM_PIN_OK };
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;
	double x0 = port ? 60 : 420, y0 = port ? 250 : 66, bw = 112, bh = port ? 96 : 72;
	char dots[UI_PT_PIN_MAX * 4 + 4] = "";
	size_t k = 0;

	screens_top_bar(ui, v, "Clinician");
	for (int i = 0; i < p->pin_len && i < UI_PT_PIN_MAX; i++)
		k += (size_t)snprintf(dots + k, sizeof(dots) - k, "%s\u25cf", i ? " " : "");
	struct ui_rect prompt = port ? ui_r(ui, 16, 70, 448, 50) : ui_r(ui, 20, 80, 380, 50);
	struct ui_rect box = port ? ui_r(ui, 60, 130, 360, 70) : ui_r(ui, 40, 150, 340, 80);

	text_draw(ui, "Enter the PIN", 36, TEXT_BOLD, COL_TEXT, prompt, AL_CENTER);
	draw_round(ui, box, box.h / 6, COL_PANEL, 0xff);
	text_draw(ui, dots[0] ? dots : "-", 40, TEXT_BOLD, COL_TEXT, box, AL_CENTER);
	if (p->pin_wrong)
		text_draw(ui, "Wrong PIN", 28, TEXT_BOLD, COL_ORANGE,
			  port ? ui_r(ui, 16, 204, 448, 40) : ui_r(ui, 20, 240, 380, 44), AL_CENTER);
	for (int i = 0; i < 12; i++) {
		int it = order[i];
		char buf[8];
		const char *label = buf;

		if (it == UI_PT_ITEM_PIN_DEL)
			label = "Del";
		else if (it == UI_PT_ITEM_PIN_OK)
			label = "OK";
		else
			snprintf(buf, sizeof(buf), "%d", it);
		pt_button(ui, cell(ui, x0, y0, bw, bh, bw + 8, bh + 8, 3, i), label, it, p->sel == it, 34);
	}
	pt_button(ui, port ? ui_r(ui, 140, 680, 200, 64) : ui_r(ui, 110, 300, 200, 64), "Cancel",
		  UI_PT_ITEM_PIN_CANCEL, p->sel == UI_PT_ITEM_PIN_CANCEL, 24);
}

static void list(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;

	screens_top_bar(ui, v, "Clinician: patients");
	for (int i = 0; i < p->n_names; i++) {
		struct ui_rect r = port ? ui_r(ui, 32, 72 + 80 * i, 416, 68) : cell(ui, 24, 70, 368, 68, 384, 80, 2, i);

		char name[UI_PT_NAME + 4];

		pt_button(ui, r, short_name(name, sizeof(name), p->names[i], SHORT_NAME), i, p->sel == i, 28);
	}
	if (p->more)   /* under the names, in the clinician's slot for them */
		pt_button(ui, port ? ui_r(ui, 32, 72 + 80 * p->n_names, 416, 68) :
				     cell(ui, 24, 70, 368, 68, 384, 80, 2, p->n_names),
			  "More patients", UI_PT_ITEM_MORE, p->sel == UI_PT_ITEM_MORE, 24);
	if (p->n_names == 0)
		text_draw(ui, "No patients yet", 28, 0, COL_DIM,
			  port ? ui_r(ui, 16, 200, 448, 50) : ui_r(ui, 20, 160, 760, 50), AL_CENTER);
	if (p->message[0])
		text_draw(ui, p->message, 22, TEXT_BOLD, COL_ORANGE,
			  port ? ui_r(ui, 16, 560, 448, 36) : ui_r(ui, 20, 322, 760, 34), AL_CENTER);
	pt_button(ui, port ? ui_r(ui, 32, 610, 200, 80) : ui_r(ui, 140, 370, 250, 80), "Add patient",
		  UI_PT_ITEM_ADD, p->sel == UI_PT_ITEM_ADD, 26);
	pt_button(ui, port ? ui_r(ui, 248, 610, 200, 80) : ui_r(ui, 410, 370, 250, 80), "Done",
		  UI_PT_ITEM_DONE, p->sel == UI_PT_ITEM_DONE, 26);
}

static const char *const rx_label[UI_PT_RX_ROWS] = {
	"hold warning", "work target", "ceiling", "zone from", "zone to", "sessions a day",
};
static const char *const rx_unit[UI_PT_RX_ROWS] = { "s", "s", "°", "°", "°", "" };

static void fmt_rx(char *buf, size_t n, const struct ui_patients *p, int row)
{
	double x = row == UI_PT_RX_PER_DAY ? p->rx[0][row] : p->rx[p->side ? 1 : 0][row];
	bool unset = x < 0;
	double shown = unset ? p->rx_default[row] : x;

	if ((row == UI_PT_RX_CEILING || row == UI_PT_RX_ZONE_LO || row == UI_PT_RX_ZONE_HI) && shown <= 0)
		snprintf(buf, n, "none");
	else
		snprintf(buf, n, "%.0f%s%s%s", shown, rx_unit[row][0] == 's' ? " " : "", rx_unit[row],
			 unset ? " (default)" : "");
}

static void edit(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;
	char title[128], buf[48], name[UI_PT_NAME + 4];

	snprintf(title, sizeof(title), "Clinician: %s", short_name(name, sizeof(name), p->entry, 16));
	screens_top_bar(ui, v, title);
	/* the side: both named, the one shown highlighted */
	pt_button(ui, port ? ui_r(ui, 16, 64, 448, 52) : ui_r(ui, 20, 62, 370, 44),
		  p->side ? "Right leg (touch: left)" : "Left leg (touch: right)", UI_PT_ITEM_SIDE,
		  p->sel == UI_PT_ITEM_SIDE, 20);
	for (int row = 0; row < UI_PT_RX_ROWS; row++) {
		double y = port ? 126 + 84 * row : 112 + 50 * row;

		fmt_rx(buf, sizeof(buf), p, row);
		if (port) {
			text_draw(ui, rx_label[row], 20, 0, COL_DIM, ui_r(ui, 16, y, 448, 26), AL_LEFT);
			pt_button(ui, ui_r(ui, 16, y + 26, 90, 52), "\u2212", 2 * row, p->sel == 2 * row, 30);
			text_draw(ui, buf, 28, TEXT_BOLD, COL_TEXT, ui_r(ui, 112, y + 26, 256, 52), AL_CENTER);
			pt_button(ui, ui_r(ui, 374, y + 26, 90, 52), "+", 2 * row + 1, p->sel == 2 * row + 1, 30);
		} else {
			text_draw(ui, rx_label[row], 22, 0, COL_DIM, ui_r(ui, 20, y, 250, 46), AL_LEFT);
			pt_button(ui, ui_r(ui, 280, y, 110, 46), "\u2212", 2 * row, p->sel == 2 * row, 30);
			text_draw(ui, buf, 28, TEXT_BOLD, COL_TEXT, ui_r(ui, 396, y, 258, 46), AL_CENTER);
			pt_button(ui, ui_r(ui, 660, y, 120, 46), "+", 2 * row + 1, p->sel == 2 * row + 1, 30);
		}
	}
	if (p->message[0])
		text_draw(ui, p->message, 20, TEXT_BOLD, COL_ORANGE,
			  port ? ui_r(ui, 16, 630, 448, 30) : ui_r(ui, 400, 62, 380, 44), AL_CENTER);
	static const char *const act[3] = { "Rename", "Archive", "Back" };
	for (int i = 0; i < 3; i++)
		pt_button(ui, port ? ui_r(ui, 16 + 152 * i, 668, 144, 72) : ui_r(ui, 20 + 256 * i, 416, 248, 58),
			  act[i], UI_PT_ITEM_RENAME + i, p->sel == UI_PT_ITEM_RENAME + i, 26);
}

static void name_grid(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;
	int cols = port ? 6 : 10;
	double x0 = 16, y0 = port ? 186 : 158, bw = 70, bh = port ? 70 : 66, gap = port ? 6 : 8;
	char shown[UI_PT_NAME + 4];

	screens_top_bar(ui, v, p->renaming ? "Clinician: rename" : "Clinician: new patient");
	snprintf(shown, sizeof(shown), "%s_", p->entry);
	struct ui_rect box = port ? ui_r(ui, 16, 70, 448, 64) : ui_r(ui, 20, 66, 760, 64);

	draw_round(ui, box, box.h / 6, COL_PANEL, 0xff);
	text_draw(ui, shown, 40, TEXT_BOLD, COL_TEXT, box, AL_CENTER);
	if (p->message[0])
		text_draw(ui, p->message, 20, TEXT_BOLD, COL_ORANGE,
			  port ? ui_r(ui, 16, 140, 448, 36) : ui_r(ui, 20, 132, 760, 24), AL_CENTER);
	for (int i = 0; i < UI_PT_ITEM_DEL + 1; i++) {
		char buf[8];
		const char *label = buf;

		if (i == UI_PT_ITEM_SPACE)
			label = "Space";
		else if (i == UI_PT_ITEM_DEL)
			label = "Del";
		else
			snprintf(buf, sizeof(buf), "%c", 'A' + i);
		if (!port)
			x0 = 16 + (800 - 32 - cols * bw - (cols - 1) * gap) / 2.0;
		pt_button(ui, cell(ui, x0, y0, bw, bh, bw + gap, bh + gap, cols, i), label, i, p->sel == i,
			  i >= UI_PT_LETTERS ? 18 : 32);
	}
	pt_button(ui, port ? ui_r(ui, 16, 580, 216, 80) : ui_r(ui, 150, 384, 240, 76), "OK", UI_PT_ITEM_NAME_OK,
		  p->sel == UI_PT_ITEM_NAME_OK, 30);
	pt_button(ui, port ? ui_r(ui, 248, 580, 216, 80) : ui_r(ui, 410, 384, 240, 76), "Cancel",
		  UI_PT_ITEM_NAME_CANCEL, p->sel == UI_PT_ITEM_NAME_CANCEL, 30);
}

void screen_patients_draw(struct ui *ui, const struct ui_view *v)
{
	switch (v->pt.page) {
	case UI_PT_PAGE_PICK:
		pick(ui, v);
		break;
	case UI_PT_PAGE_PAIN_BEFORE:
	case UI_PT_PAGE_PAIN_AFTER:
		pain(ui, v);
		break;
	case UI_PT_PAGE_PIN:
		pin(ui, v);
		break;
	case UI_PT_PAGE_LIST:
		list(ui, v);
		break;
	case UI_PT_PAGE_EDIT:
		edit(ui, v);
		break;
	case UI_PT_PAGE_NAME:
		name_grid(ui, v);
		break;
	case UI_PT_PAGE_NONE:
		screens_top_bar(ui, v, "stretchrep");
		break;
	}
}

const char *screen_patients_title(const struct ui_view *v, const char *title, char *buf, unsigned n)
{
	char name[UI_PT_NAME + 4];

	if (!v->pt.patient[0])
		return title;
	snprintf(buf, n, "%s: %c%s", short_name(name, sizeof(name), v->pt.patient, 12),
		 title[0] >= 'A' && title[0] <= 'Z' ? title[0] - 'A' + 'a' : title[0], title + 1);
	return buf;
}

/* ---- over the exercise screen ---- */

void screen_patients_symptom_button(struct ui *ui, const struct ui_view *v, double x, double y, double w,
				    double h)
{
	struct ui_rect r = ui_r(ui, x, y, w, h);

	if (!v->pt.patient[0])
		return;
	draw_round(ui, r, r.h / 5, COL_PANEL, 0xff);
	draw_frame(ui, r, (int)ui_s(ui, 2) > 0 ? (int)ui_s(ui, 2) : 1, COL_ORANGE, 0xff);
	text_draw(ui, "Symptom", 20, TEXT_BOLD, COL_ORANGE,
		  (struct ui_rect){ r.x + r.h / 5, r.y + r.h / 8, r.w - 2 * (r.h / 5), r.h - r.h / 4 }, AL_CENTER);
	if (ui->n_buttons < UI_MAX_BUTTONS)
		ui->buttons[ui->n_buttons++] = (struct ui_button){ r, UI_CMD_SYMPTOM };
}

void screen_patients_dial(struct ui *ui, const struct ui_view *v, double px, double py, double r_in,
			  double r_out, double max_deg)
{
	const struct ui_patients *p = &v->pt;

	/* the target zone: a white band on the inside of the track */
	if (p->zone_hi_deg > p->zone_lo_deg && p->zone_hi_deg > 0) {
		double lo = fmin(p->zone_lo_deg, max_deg), hi = fmin(p->zone_hi_deg, max_deg);

		draw_arc(ui, px, py, r_in - ui_s(ui, 14), r_in - ui_s(ui, 4), lo, hi, COL_TEXT, 0xff);
	}
	/* the ceiling: a vermilion bar across the track and beyond it */
	if (p->ceiling_deg > 0) {
		double a = fmin(p->ceiling_deg, max_deg) * M_PI / 180;

		draw_line(ui, px + (r_in - ui_s(ui, 16)) * cos(a), py - (r_in - ui_s(ui, 16)) * sin(a),
			  px + (r_out + ui_s(ui, 18)) * cos(a), py - (r_out + ui_s(ui, 18)) * sin(a), ui_s(ui, 7),
			  COL_VERMIL, 0xff);
	}
}

/* Past the ceiling: over the rep count (the dial beside it shows the
 * needle past the ceiling's mark), in orange: the pre-warning's yellow and
 * the warning's vermilion keep their meaning. */
static void ease_off(struct ui *ui, const struct ui_view *v)
{
	bool port = ui->portrait;
	struct ui_rect card = port ? ui_r(ui, 16, 90, 448, 250) : ui_r(ui, 12, 66, 322, 326);
	char buf[48];

	draw_round(ui, card, (int)ui_s(ui, 14), COL_ORANGE, 0xff);
	text_draw(ui, "Ease off", port ? 72 : 60, TEXT_BOLD, COL_BLACK,
		  port ? ui_r(ui, 24, 110, 432, 100) : ui_r(ui, 20, 110, 306, 90), AL_CENTER);
	snprintf(buf, sizeof(buf), "past your ceiling of %.0f°", v->pt.ceiling_deg);
	screens_wrapped(ui, buf, 26, 0, COL_BLACK, port ? 24 : 20, port ? 230 : 220, port ? 432 : 306, 36, 2);
	text_draw(ui, "come back a little", 24, TEXT_BOLD, COL_BLACK,
		  port ? ui_r(ui, 24, 296, 432, 36) : ui_r(ui, 20, 310, 306, 40), AL_CENTER);
}

static void symptom_row(struct ui *ui, const struct ui_view *v)
{
	const struct ui_patients *p = &v->pt;
	bool port = ui->portrait;
	struct ui_rect card = port ? ui_r(ui, 8, 120, 464, 560) : ui_r(ui, 8, 60, 784, 412);

	ui->n_buttons = 0;   /* the screen's own buttons are under the card */
	draw_fill(ui, (struct ui_rect){ 0, 0, ui->w, ui->h }, COL_BLACK, 0xc8);
	draw_round(ui, card, (int)ui_s(ui, 16), COL_PANEL, 0xff);
	if (port) {
		screens_lines(ui, (const char *const[]){ "Symptom now:", "how strong?" }, 2, 36, TEXT_BOLD, COL_TEXT,
			      16, 136, 448, 48);
		rating_row(ui, p, 240, true, "Cancel");
		screens_wrapped(ui, safety, 24, TEXT_BOLD, COL_YELLOW, 24, 500, 432, 36, 3);
		return;
	}
	text_draw(ui, "Symptom now: how strong?", 40, TEXT_BOLD, COL_TEXT, ui_r(ui, 20, 74, 760, 56), AL_CENTER);
	rating_row(ui, p, 150, false, "Cancel");
	text_draw(ui, safety, 26, TEXT_BOLD, COL_YELLOW, ui_r(ui, 20, 320, 760, 40), AL_CENTER);
	text_draw(ui, "the time and the leg's angle are kept with it", 20, 0, COL_DIM, ui_r(ui, 20, 364, 760, 30),
		  AL_CENTER);
}

void screen_patients_overlay(struct ui *ui, const struct ui_view *v)
{
	if (v->pt.symptom_asking)
		symptom_row(ui, v);
	else if (v->pt.over_ceiling && v->alert == MOTION_ALERT_NONE && !v->paused)
		ease_off(ui, v);
}
