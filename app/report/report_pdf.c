// SPDX-License-Identifier: MIT
/*
 * report_pdf — the progress report drawn with cairo (report_pdf.h).
 *
 * cairo's PDF surface (Debian's libcairo2) writes the file, embeds a subset
 * of the font and keeps the text as text, so the report can be searched and
 * read back with pdftotext (the tests do). The toy font API is enough: one
 * family, two weights, left-to-right text.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "report/report_pdf.h"
#include "safe_file.h"

#define PAGE_W 595.28   /* A4, pt */
#define PAGE_H 841.89
#define MARGIN 40.0
#define FONT "DejaVu Sans"

struct rgb {
	double r, g, b;
};

/* Okabe-Ito colours: told apart with any colour vision, and in grey print
 * by their lightness and the marks' shapes. */
static const struct rgb C_TEXT = { 0.10, 0.10, 0.12 };
static const struct rgb C_DIM = { 0.42, 0.44, 0.47 };
static const struct rgb C_GRID = { 0.86, 0.87, 0.88 };
static const struct rgb C_BLUE = { 0.00, 0.45, 0.70 };
static const struct rgb C_ORANGE = { 0.90, 0.62, 0.00 };
static const struct rgb C_VERMIL = { 0.84, 0.37, 0.00 };
static const struct rgb C_GREEN = { 0.00, 0.62, 0.45 };
static const struct rgb C_PURPLE = { 0.80, 0.47, 0.65 };
static const struct rgb C_LIGHT = { 0.78, 0.80, 0.83 };

enum align { AL_LEFT, AL_RIGHT, AL_CENTER };

static void colour(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* Text with its baseline at y, aligned on x. Returns its width. */
__attribute__((format(printf, 7, 8)))
static double text(cairo_t *cr, double x, double y, double size, bool bold, enum align al, const char *fmt, ...)
{
	char buf[256];
	cairo_text_extents_t ext;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, buf, &ext);
	cairo_move_to(cr, al == AL_LEFT ? x : al == AL_RIGHT ? x - ext.x_advance : x - ext.x_advance / 2, y);
	cairo_show_text(cr, buf);
	return ext.x_advance;
}

/* A date for people ("03 Mar 2026"), or with the time of day for the
 * table ("2026-03-03 17:05"); local time. */
static void date_text(char *buf, size_t len, bool with_time, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	size_t n = 0;

	if (localtime_r(&tt, &tm))
		n = with_time ? strftime(buf, len, "%Y-%m-%d %H:%M", &tm) : strftime(buf, len, "%d %b %Y", &tm);
	if (!n)
		snprintf(buf, len, "?");
}

static const char *side_word(enum report_side s)
{
	return s == REPORT_SIDE_LEFT ? "left" : s == REPORT_SIDE_RIGHT ? "right" : "-";
}

/* ---- charts ----------------------------------------------------------- */

struct chart {
	double x, y, w, h;        /* the plot area, pt */
	double x0, x1, y0, y1;    /* the data at its edges */
};

static double cx(const struct chart *c, double v)
{
	return c->x + (v - c->x0) / (c->x1 - c->x0) * c->w;
}

static double cy(const struct chart *c, double v)
{
	return c->y + c->h - (v - c->y0) / (c->y1 - c->y0) * c->h;
}

/* A tick step of 1, 2 or 5 times a power of ten giving at most 5 steps. */
static double nice_step(double span)
{
	static const double m[] = { 1, 2, 5, 10 };
	double p = pow(10.0, floor(log10(span / 5.0)));

	for (int i = 0; i < 4; i++)
		if (span / (m[i] * p) <= 5.0)
			return m[i] * p;
	return 10 * p;
}

/* The chart's box: its title at the top, the plot area below with room for
 * the y labels at the left and the x labels under it; y gridlines with
 * labels every nice step from y0 to y1 (y1 raised to a whole step). */
static void chart_open(cairo_t *cr, struct chart *c, double bx, double by, double bw, double bh, const char *title,
		       double y0, double y1)
{
	double step;

	if (y1 <= y0)
		y1 = y0 + 1;
	step = nice_step(y1 - y0);
	y1 = y0 + ceil((y1 - y0) / step - 1e-9) * step;
	c->x = bx + 30;
	c->y = by + 26;
	c->w = bw - 34;
	c->h = bh - 26 - 18;
	c->y0 = y0;
	c->y1 = y1;
	colour(cr, C_TEXT);
	text(cr, bx, by + 11, 10.5, true, AL_LEFT, "%s", title);
	cairo_set_line_width(cr, 0.6);
	for (int i = 0; i <= (int)lround((y1 - y0) / step); i++) {
		double v = y0 + i * step;

		colour(cr, C_GRID);
		cairo_move_to(cr, c->x, cy(c, v));
		cairo_line_to(cr, c->x + c->w, cy(c, v));
		cairo_stroke(cr);
		colour(cr, C_DIM);
		text(cr, c->x - 4, cy(c, v) + 3, 7.5, false, AL_RIGHT, "%g", v);
	}
	colour(cr, C_DIM);
	cairo_move_to(cr, c->x, c->y + c->h);
	cairo_line_to(cr, c->x + c->w, c->y + c->h);
	cairo_stroke(cr);
}

/* A legend entry at the chart title's right, right to left: returns the x
 * where the next one ends. */
static double legend(cairo_t *cr, double right, double by, struct rgb c, const char *label)
{
	double w;

	colour(cr, C_TEXT);
	w = text(cr, right, by + 10, 8, false, AL_RIGHT, "%s", label);
	colour(cr, c);
	cairo_rectangle(cr, right - w - 10, by + 3, 7, 7);
	cairo_fill(cr);
	return right - w - 18;
}

/* "3 Mar" under the first and last sessions of a chart by session. */
static void x_dates(cairo_t *cr, const struct chart *c, const struct report_model *m)
{
	char a[32], b[32];

	if (m->n_sessions == 0)
		return;
	date_text(a, sizeof(a), false, m->sessions[0].started_at);
	date_text(b, sizeof(b), false, m->sessions[m->n_sessions - 1].started_at);
	colour(cr, C_DIM);
	if (m->n_sessions == 1) {
		text(cr, cx(c, 0), c->y + c->h + 11, 7.5, false, AL_CENTER, "%s", a);
		return;
	}
	text(cr, c->x, c->y + c->h + 11, 7.5, false, AL_LEFT, "%s", a);
	text(cr, c->x + c->w, c->y + c->h + 11, 7.5, false, AL_RIGHT, "%s", b);
	text(cr, c->x + c->w / 2, c->y + c->h + 11, 7.5, false, AL_CENTER, "%d sessions", m->n_sessions);
}

static void empty_note(cairo_t *cr, const struct chart *c, const char *what)
{
	colour(cr, C_DIM);
	text(cr, c->x + c->w / 2, c->y + c->h / 2, 9, false, AL_CENTER, "%s", what);
}

static void dot(cairo_t *cr, double x, double y, double r, struct rgb c)
{
	colour(cr, c);
	cairo_new_sub_path(cr);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
	cairo_fill(cr);
}

/* A polyline point: the first one moves the pen, the next ones draw. */
static void pen_to(cairo_t *cr, bool *pen, double x, double y)
{
	if (*pen)
		cairo_line_to(cr, x, y);
	else
		cairo_move_to(cr, x, y);
	*pen = true;
}

/* The line and dots of one value per session; skip says which to leave out. */
static void series(cairo_t *cr, const struct chart *c, const struct report_model *m, struct rgb col,
		   double (*value)(const struct report_session *), bool (*skip)(const struct report_session *))
{
	double r = m->n_sessions > 40 ? 1.3 : 2.2;
	bool pen = false;

	colour(cr, col);
	cairo_set_line_width(cr, 1.2);
	for (int i = 0; i < m->n_sessions; i++) {
		if (skip && skip(&m->sessions[i]))
			continue;
		double x = cx(c, i), y = cy(c, value(&m->sessions[i]));

		pen_to(cr, &pen, x, y);
	}
	cairo_stroke(cr);
	for (int i = 0; i < m->n_sessions; i++)
		if (!skip || !skip(&m->sessions[i]))
			dot(cr, cx(c, i), cy(c, value(&m->sessions[i])), r, col);
}

static double best_of(const struct report_session *s) { return s->best_peak_deg; }
static double mean_of(const struct report_session *s) { return s->mean_peak_deg; }
static double pain_before_of(const struct report_session *s) { return s->pain_before; }
static double pain_after_of(const struct report_session *s) { return s->pain_after; }
static bool no_reps(const struct report_session *s) { return s->reps <= 0; }
static bool no_pain_before(const struct report_session *s) { return s->pain_before < 0; }
static bool no_pain_after(const struct report_session *s) { return s->pain_after < 0; }

/* A chart by session (x: the sessions in order, oldest left) from 0 to y1,
 * with two legend entries: false (said in it) when there is no session. */
static bool by_session(cairo_t *cr, struct chart *c, const struct report_model *m, double bx, double by, double bw,
		       double bh, const char *title, double y1, struct rgb c1, const char *l1, struct rgb c2,
		       const char *l2)
{
	chart_open(cr, c, bx, by, bw, bh, title, 0, y1);
	legend(cr, legend(cr, bx + bw, by, c2, l2), by, c1, l1);
	c->x0 = -0.5;
	c->x1 = m->n_sessions > 1 ? m->n_sessions - 0.5 : 0.5;
	if (m->n_sessions == 0)
		empty_note(cr, c, "no sessions yet");
	return m->n_sessions > 0;
}

static void chart_range(cairo_t *cr, const struct report_model *m, double bx, double by, double bw, double bh)
{
	struct chart c;
	double top = 10;

	for (int i = 0; i < m->n_sessions; i++)
		if (m->sessions[i].best_peak_deg > top)
			top = m->sessions[i].best_peak_deg;
	if (!by_session(cr, &c, m, bx, by, bw, bh, "Range per session (deg)", top * 1.05, C_BLUE, "best", C_ORANGE,
			"mean"))
		return;
	series(cr, &c, m, C_BLUE, best_of, no_reps);
	series(cr, &c, m, C_ORANGE, mean_of, no_reps);
	x_dates(cr, &c, m);
}

static void chart_holds(cairo_t *cr, const struct report_model *m, double bx, double by, double bw, double bh)
{
	struct chart c;
	int top = 4;   /* whole-number steps */

	for (int i = 0; i < m->n_sessions; i++)
		if (m->sessions[i].holds > top)
			top = m->sessions[i].holds;
	if (!by_session(cr, &c, m, bx, by, bw, bh, "Holds per session", top, C_LIGHT, "all", C_VERMIL, "warned"))
		return;
	double bar = c.w / (c.x1 - c.x0) * 0.7;

	for (int i = 0; i < m->n_sessions; i++) {
		const struct report_session *s = &m->sessions[i];

		colour(cr, C_LIGHT);
		cairo_rectangle(cr, cx(&c, i) - bar / 2, cy(&c, s->holds), bar, cy(&c, 0) - cy(&c, s->holds));
		cairo_fill(cr);
		colour(cr, C_VERMIL);
		cairo_rectangle(cr, cx(&c, i) - bar / 2, cy(&c, s->warned_holds), bar,
				cy(&c, 0) - cy(&c, s->warned_holds));
		cairo_fill(cr);
	}
	x_dates(cr, &c, m);
}

static void chart_pain(cairo_t *cr, const struct report_model *m, double bx, double by, double bw, double bh)
{
	struct chart c;
	bool any = false;

	if (!by_session(cr, &c, m, bx, by, bw, bh, "Pain (0-10)", 10, C_PURPLE, "before", C_GREEN, "after"))
		return;
	for (int i = 0; i < m->n_sessions; i++)
		any |= m->sessions[i].pain_before >= 0 || m->sessions[i].pain_after >= 0;
	if (!any) {
		empty_note(cr, &c, "not asked in these sessions");
		return;
	}
	series(cr, &c, m, C_PURPLE, pain_before_of, no_pain_before);
	series(cr, &c, m, C_GREEN, pain_after_of, no_pain_after);
	x_dates(cr, &c, m);
}

static void chart_slr(cairo_t *cr, const struct report_model *m, double bx, double by, double bw, double bh)
{
	static const struct rgb side_col[3] = { { 0.4, 0.4, 0.4 }, { 0.00, 0.45, 0.70 }, { 0.84, 0.37, 0.00 } };
	struct chart c;
	double lo = 120, hi = 0, a, b;
	char d0[32], d1[32];

	for (int i = 0; i < m->n_slr; i++) {
		report_slr_band(&m->slr[i], &a, &b);
		lo = a < lo ? a : lo;
		hi = b > hi ? b : hi;
	}
	if (m->n_slr == 0)
		lo = 0, hi = 90;
	lo = floor(fmax(0, lo - 10) / 10) * 10;
	chart_open(cr, &c, bx, by, bw, bh, "Straight leg raise (deg)", lo, hi + 5);
	legend(cr, legend(cr, bx + bw, by, side_col[REPORT_SIDE_RIGHT], "right"), by, side_col[REPORT_SIDE_LEFT],
	       "left");
	if (m->n_slr == 0) {
		empty_note(cr, &c, "no SLR results yet");
		return;
	}
	c.x0 = (double)m->slr[0].taken_at;
	c.x1 = (double)m->slr[m->n_slr - 1].taken_at;
	if (c.x1 - c.x0 < 86400) {   /* one day or less: the results in the middle of a day */
		c.x0 -= 43200;
		c.x1 += 43200;
	}
	{
		double pad = (c.x1 - c.x0) * 0.04;

		c.x0 -= pad;
		c.x1 += pad;
	}
	for (int s = REPORT_SIDE_LEFT; s <= REPORT_SIDE_RIGHT; s++) {
		bool pen = false;

		colour(cr, side_col[s]);
		cairo_set_line_width(cr, 1.2);
		for (int i = 0; i < m->n_slr; i++) {
			if (m->slr[i].side != (enum report_side)s)
				continue;
			double x = cx(&c, (double)m->slr[i].taken_at), y = cy(&c, report_slr_mean(&m->slr[i]));

			pen_to(cr, &pen, x, y);
		}
		cairo_stroke(cr);
		for (int i = 0; i < m->n_slr; i++) {
			if (m->slr[i].side != (enum report_side)s)
				continue;
			double x = cx(&c, (double)m->slr[i].taken_at) + (s == REPORT_SIDE_LEFT ? -1.5 : 1.5);

			report_slr_band(&m->slr[i], &a, &b);
			colour(cr, side_col[s]);
			cairo_set_line_width(cr, 0.9);
			cairo_move_to(cr, x, cy(&c, a));   /* the band: one trial to the other, with caps */
			cairo_line_to(cr, x, cy(&c, b));
			cairo_move_to(cr, x - 2.5, cy(&c, a));
			cairo_line_to(cr, x + 2.5, cy(&c, a));
			cairo_move_to(cr, x - 2.5, cy(&c, b));
			cairo_line_to(cr, x + 2.5, cy(&c, b));
			cairo_stroke(cr);
			dot(cr, x, cy(&c, report_slr_mean(&m->slr[i])), 2.4, side_col[s]);
		}
	}
	date_text(d0, sizeof(d0), false, m->slr[0].taken_at);
	date_text(d1, sizeof(d1), false, m->slr[m->n_slr - 1].taken_at);
	colour(cr, C_DIM);
	text(cr, c.x, c.y + c.h + 11, 7.5, false, AL_LEFT, "%s", d0);
	if (m->n_slr > 1)
		text(cr, c.x + c.w, c.y + c.h + 11, 7.5, false, AL_RIGHT, "%s", d1);
	text(cr, c.x + c.w / 2, c.y + c.h + 11, 7.5, false, AL_CENTER, "bars: trial 1 to trial 2");
}

/* ---- the page ------------------------------------------------------- */

/* The latest SLR of a side, or NULL. */
static const struct report_slr *latest_slr(const struct report_model *m, enum report_side side)
{
	for (int i = m->n_slr - 1; i >= 0; i--)
		if (m->slr[i].side == side)
			return &m->slr[i];
	return NULL;
}

static void headline(cairo_t *cr, const struct report_model *m, double y)
{
	char buf[200];
	int at = 0;

	colour(cr, C_TEXT);
	if (m->n_sessions) {
		const struct report_session *s = &m->sessions[m->n_sessions - 1];
		double best = 0;

		for (int i = 0; i < m->n_sessions; i++)
			best = m->sessions[i].best_peak_deg > best ? m->sessions[i].best_peak_deg : best;
		at = snprintf(buf, sizeof(buf), "Last session: %d reps, best %.1f\xc2\xb0.  Best in the report: %.1f\xc2\xb0.",
			      s->reps, s->best_peak_deg, best);
	}
	for (int side = REPORT_SIDE_LEFT; side <= REPORT_SIDE_RIGHT && at >= 0 && (size_t)at < sizeof(buf); side++) {
		const struct report_slr *r = latest_slr(m, (enum report_side)side);

		if (r)
			at += snprintf(buf + at, sizeof(buf) - (size_t)at, "  SLR %s %.1f\xc2\xb0.", side_word(r->side),
				       report_slr_mean(r));
	}
	if (at > 0)
		text(cr, MARGIN, y, 9.5, false, AL_LEFT, "%s", buf);
}

static void table(cairo_t *cr, const struct report_model *m, double y)
{
	static const struct {
		const char *head;
		double x;               /* the column's right edge (left for the first) */
	} col[] = {
		{ "Date", MARGIN }, { "Side", 150 }, { "Reps", 195 }, { "Best", 250 }, { "Mean", 305 },
		{ "Work", 355 }, { "Holds", 400 }, { "Warned", 450 }, { "Pain before / after", PAGE_W - MARGIN },
	};
	int rows = m->n_sessions < REPORT_TABLE_ROWS ? m->n_sessions : REPORT_TABLE_ROWS;
	const double row_h = 15;

	colour(cr, C_TEXT);
	text(cr, MARGIN, y, 10.5, true, AL_LEFT, "Recent sessions");
	y += 18;
	colour(cr, C_DIM);
	for (size_t i = 0; i < sizeof(col) / sizeof(col[0]); i++)
		text(cr, col[i].x, y, 8, true, i ? AL_RIGHT : AL_LEFT, "%s", col[i].head);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, MARGIN, y + 4);
	cairo_line_to(cr, PAGE_W - MARGIN, y + 4);
	cairo_stroke(cr);
	if (rows == 0) {
		text(cr, MARGIN, y + row_h + 2, 9, false, AL_LEFT, "No sessions yet.");
		return;
	}
	for (int r = 0; r < rows; r++) {
		const struct report_session *s = &m->sessions[m->n_sessions - 1 - r];
		double ry = y + row_h * (r + 1) + 2;
		char when[32], pb[12] = "-", pa[12] = "-";

		if (r % 2) {
			cairo_set_source_rgb(cr, 0.96, 0.96, 0.97);
			cairo_rectangle(cr, MARGIN, ry - row_h + 4, PAGE_W - 2 * MARGIN, row_h);
			cairo_fill(cr);
		}
		colour(cr, C_TEXT);
		date_text(when, sizeof(when), true, s->started_at);
		if (s->pain_before >= 0)
			snprintf(pb, sizeof(pb), "%d", s->pain_before);
		if (s->pain_after >= 0)
			snprintf(pa, sizeof(pa), "%d", s->pain_after);
		text(cr, col[0].x, ry, 8.5, false, AL_LEFT, "%s", when);
		text(cr, col[1].x, ry, 8.5, false, AL_RIGHT, "%s", side_word(s->side));
		text(cr, col[2].x, ry, 8.5, false, AL_RIGHT, "%d", s->reps);
		text(cr, col[3].x, ry, 8.5, false, AL_RIGHT, "%.1f\xc2\xb0", s->best_peak_deg);
		text(cr, col[4].x, ry, 8.5, false, AL_RIGHT, "%.1f\xc2\xb0", s->mean_peak_deg);
		text(cr, col[5].x, ry, 8.5, false, AL_RIGHT, "%d:%02d", (int)s->work_s / 60, (int)s->work_s % 60);
		text(cr, col[6].x, ry, 8.5, false, AL_RIGHT, "%d", s->holds);
		text(cr, col[7].x, ry, 8.5, false, AL_RIGHT, "%d", s->warned_holds);
		text(cr, col[8].x, ry, 8.5, false, AL_RIGHT, "%s / %s", pb, pa);
	}
}

static void page(cairo_t *cr, const struct report_model *m)
{
	char d0[32], d1[32], gen[32];
	int64_t from, to;
	double cw = (PAGE_W - 2 * MARGIN - 24) / 2, ch = 185, y;

	colour(cr, C_DIM);
	text(cr, MARGIN, MARGIN + 8, 10, false, AL_LEFT, "Hamstring stretching: progress report");
	colour(cr, C_TEXT);
	text(cr, MARGIN, MARGIN + 34, 22, true, AL_LEFT, "%s", m->patient);
	colour(cr, C_DIM);
	if (report_model_range(m, &from, &to)) {
		date_text(d0, sizeof(d0), false, from);
		date_text(d1, sizeof(d1), false, to);
		if (m->total_sessions > m->n_sessions)
			text(cr, MARGIN, MARGIN + 54, 10, false, AL_LEFT, "%s to %s: the last %d of %d sessions, %d SLR results",
			     d0, d1, m->n_sessions, m->total_sessions, m->n_slr);
		else
			text(cr, MARGIN, MARGIN + 54, 10, false, AL_LEFT, "%s to %s: %d session%s, %d SLR result%s", d0, d1,
			     m->n_sessions, m->n_sessions == 1 ? "" : "s", m->n_slr, m->n_slr == 1 ? "" : "s");
	} else {
		text(cr, MARGIN, MARGIN + 54, 10, false, AL_LEFT, "No sessions or SLR results yet.");
	}
	headline(cr, m, MARGIN + 72);
	y = MARGIN + 90;
	chart_range(cr, m, MARGIN, y, cw, ch);
	chart_slr(cr, m, MARGIN + cw + 24, y, cw, ch);
	y += ch + 16;
	chart_holds(cr, m, MARGIN, y, cw, ch);
	chart_pain(cr, m, MARGIN + cw + 24, y, cw, ch);
	y += ch + 30;
	table(cr, m, y);
	date_text(gen, sizeof(gen), true, m->generated_at);
	colour(cr, C_DIM);
	text(cr, MARGIN, PAGE_H - MARGIN + 12, 7.5, false, AL_LEFT,
	     "stretchrep %s, %s. Range: the leg's peak angle from rest in each rep. Holds: still in the stretch; "
	     "warned: past the threshold.", STRETCHREP_VERSION, gen);
}

static cairo_status_t write_stream(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, (FILE *)closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int report_pdf_write(const struct report_model *m, FILE *f, char *why, size_t len)
{
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_stream, f, PAGE_W, PAGE_H);
	cairo_status_t st = cairo_surface_status(surf);
	char title[REPORT_NAME_BYTES + 32];
	cairo_t *cr;

	if (st) {
		snprintf(why, len, "cairo: %s", cairo_status_to_string(st));
		cairo_surface_destroy(surf);
		return st == CAIRO_STATUS_NO_MEMORY ? -ENOMEM : -EIO;
	}
	snprintf(title, sizeof(title), "Progress report: %s", m->patient);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "stretchrep " STRETCHREP_VERSION);
	cr = cairo_create(surf);
	page(cr, m);
	cairo_show_page(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (!st)
		st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (st) {
		snprintf(why, len, "cairo: %s", cairo_status_to_string(st));
		return st == CAIRO_STATUS_NO_MEMORY ? -ENOMEM : -EIO;
	}
	return 0;
}

int report_pdf_save(const struct report_model *m, const char *path, char *why, size_t len)
{
	struct safe_file *sf;
	char cairo_why[128];
	int rc = safe_file_open(&sf, path, why, len);

	if (rc)
		return rc;
	rc = report_pdf_write(m, safe_file_stream(sf), cairo_why, sizeof(cairo_why));
	if (rc) {
		safe_file_abort(sf);
		snprintf(why, len, "%s: %s", path, cairo_why);
		return rc;
	}
	return safe_file_commit(sf, why, len);
}

void report_pdf_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
