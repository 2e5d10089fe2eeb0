// SPDX-License-Identifier: MIT
/*
 * Filled shapes for the kiosk: rectangles from SDL, arcs and thick lines as
 * triangle lists through SDL_RenderGeometry (works on every renderer,
 * including the software one used for screenshots).
 */
#include <math.h>
#include "ui/ui_int.h"

#define ARC_MAX_SEG 180

void draw_color(struct ui *ui, SDL_Color c, Uint8 alpha)
{
	SDL_SetRenderDrawBlendMode(ui->ren, alpha == 0xff ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, alpha);
}

/* SDL's software fill (SDL_FillRect) writes each row of 64 bytes or more
 * with streaming stores, which are slow where a row covers cache lines in
 * part: a bar 36 px wide cost 10 ns a pixel, measured at 1920x1080, a
 * full-width one 0.2 ns (the warning's border: 0.36 of 2.9 ms). Rows under
 * 64 bytes take its plain stores; so a rectangle 16-63 px wide is filled
 * in strips of at most FILL_STRIP_PX. The same pixels, on any renderer. */
#define FILL_STRIP_PX 15

void draw_fill(struct ui *ui, struct ui_rect r, SDL_Color c, Uint8 alpha)
{
	SDL_Rect sr = { r.x, r.y, r.w, r.h };

	draw_color(ui, c, alpha);
	if (r.w <= FILL_STRIP_PX || r.w >= 64 || alpha != 0xff) {
		SDL_RenderFillRect(ui->ren, &sr);
		return;
	}
	for (int x = 0; x < r.w; x += FILL_STRIP_PX) {
		sr.x = r.x + x;
		sr.w = r.w - x < FILL_STRIP_PX ? r.w - x : FILL_STRIP_PX;
		SDL_RenderFillRect(ui->ren, &sr);
	}
}

void draw_frame(struct ui *ui, struct ui_rect r, int t, SDL_Color c, Uint8 alpha)
{
	draw_fill(ui, (struct ui_rect){ r.x, r.y, r.w, t }, c, alpha);
	draw_fill(ui, (struct ui_rect){ r.x, r.y + r.h - t, r.w, t }, c, alpha);
	draw_fill(ui, (struct ui_rect){ r.x, r.y + t, t, r.h - 2 * t }, c, alpha);
	draw_fill(ui, (struct ui_rect){ r.x + r.w - t, r.y + t, t, r.h - 2 * t }, c, alpha);
}

void draw_arc(struct ui *ui, double cx, double cy, double r_in, double r_out,
	      double a0_deg, double a1_deg, SDL_Color c, Uint8 alpha)
{
	static SDL_Vertex v[ARC_MAX_SEG * 6];
	double span = a1_deg - a0_deg;
	int nseg = (int)ceil(fabs(span) / 360.0 * ARC_MAX_SEG);
	SDL_Color col = { c.r, c.g, c.b, alpha };
	int n = 0;

	if (nseg < 2)
		nseg = 2;
	if (nseg > ARC_MAX_SEG)
		nseg = ARC_MAX_SEG;
	for (int i = 0; i < nseg; i++) {
		double a = (a0_deg + span * i / nseg) * M_PI / 180.0;
		double b = (a0_deg + span * (i + 1) / nseg) * M_PI / 180.0;
		/* screen y grows downwards: counter-clockwise means -sin */
		SDL_FPoint p0 = { (float)(cx + r_in * cos(a)), (float)(cy - r_in * sin(a)) };
		SDL_FPoint p1 = { (float)(cx + r_out * cos(a)), (float)(cy - r_out * sin(a)) };
		SDL_FPoint p2 = { (float)(cx + r_out * cos(b)), (float)(cy - r_out * sin(b)) };
		SDL_FPoint p3 = { (float)(cx + r_in * cos(b)), (float)(cy - r_in * sin(b)) };
		const SDL_FPoint tri[6] = { p0, p1, p2, p0, p2, p3 };

		for (int k = 0; k < 6; k++) {
			v[n].position = tri[k];
			v[n].color = col;
			n++;
		}
	}
	SDL_SetRenderDrawBlendMode(ui->ren, alpha == 0xff ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_RenderGeometry(ui->ren, NULL, v, n, NULL, 0);
}

void draw_round(struct ui *ui, struct ui_rect r, int radius, SDL_Color c, Uint8 alpha)
{
	int d = 2 * radius;

	if (radius <= 0 || d > r.w || d > r.h) {
		draw_fill(ui, r, c, alpha);
		return;
	}
	draw_fill(ui, (struct ui_rect){ r.x + radius, r.y, r.w - d, r.h }, c, alpha);
	draw_fill(ui, (struct ui_rect){ r.x, r.y + radius, radius, r.h - d }, c, alpha);
	draw_fill(ui, (struct ui_rect){ r.x + r.w - radius, r.y + radius, radius, r.h - d }, c, alpha);
	draw_arc(ui, r.x + radius, r.y + radius, 0, radius, 90, 180, c, alpha);
	draw_arc(ui, r.x + r.w - radius, r.y + radius, 0, radius, 0, 90, c, alpha);
	draw_arc(ui, r.x + radius, r.y + r.h - radius, 0, radius, 180, 270, c, alpha);
	draw_arc(ui, r.x + r.w - radius, r.y + r.h - radius, 0, radius, 270, 360, c, alpha);
}

void draw_line(struct ui *ui, double x0, double y0, double x1, double y1, double width,
	       SDL_Color c, Uint8 alpha)
{
	double dx = x1 - x0, dy = y1 - y0, len = hypot(dx, dy);
	SDL_Color col = { c.r, c.g, c.b, alpha };
	SDL_Vertex v[6];

	if (len <= 0.0)
		return;
	double nx = -dy / len * width / 2, ny = dx / len * width / 2;
	const SDL_FPoint p[6] = {
		{ (float)(x0 + nx), (float)(y0 + ny) }, { (float)(x1 + nx), (float)(y1 + ny) },
		{ (float)(x1 - nx), (float)(y1 - ny) }, { (float)(x0 + nx), (float)(y0 + ny) },
		{ (float)(x1 - nx), (float)(y1 - ny) }, { (float)(x0 - nx), (float)(y0 - ny) },
	};
	for (int k = 0; k < 6; k++) {
		v[k].position = p[k];
		v[k].color = col;
		v[k].tex_coord = (SDL_FPoint){ 0, 0 };
	}
	SDL_SetRenderDrawBlendMode(ui->ren, alpha == 0xff ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_RenderGeometry(ui->ren, NULL, v, 6, NULL, 0);
}
