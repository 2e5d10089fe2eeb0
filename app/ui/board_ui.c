// SPDX-License-Identifier: MIT
/* board_ui — the clinic board's tiles (board_ui.h). */
#include <stdio.h>
#include <string.h>
#include "ui/board_ui.h"
#include "ui/ui_int.h"

#define COL_GREY ((SDL_Color){ 0x5a, 0x62, 0x6a, 0xff })

/* Text of px output pixels (text_draw scales its size by ui->scale). */
static struct ui_rect text_px(struct ui *ui, const char *s, double px, int style, SDL_Color c, struct ui_rect box,
			      int align)
{
	return text_draw(ui, s, px / ui->scale, style, c, box, align);
}

static struct ui_rect sub(struct ui_rect r, double x, double y, double w, double h)
{
	return (struct ui_rect){ r.x + (int)(x * r.w), r.y + (int)(y * r.h), (int)(w * r.w), (int)(h * r.h) };
}

static void tile(struct ui *ui, const struct ui_board_tile *t, struct ui_rect r, double anim_s)
{
	bool warn = t->online && t->alert == 2, pre = t->online && t->alert == 1;
	SDL_Color bg = !t->online ? COL_PANEL : warn ? COL_VERMIL : pre ? COL_ORANGE : COL_PANEL;
	SDL_Color fg = !t->online ? COL_GREY : (warn || pre) ? COL_BLACK : COL_TEXT;
	SDL_Color dim = !t->online ? COL_GREY : (warn || pre) ? COL_BLACK : COL_DIM;
	double H = r.h;
	char buf[64];

	draw_fill(ui, r, bg, 0xff);   /* square: rounded corners were a quarter of the frame at 1080p (bench-board) */
	if (warn && screens_flash(anim_s))
		draw_frame(ui, r, (int)(H * 0.05) + 2, COL_YELLOW, 0xff);
	else if (!t->online)
		draw_frame(ui, r, 2, COL_LINE, 0xff);
	/* name (and patient) on top, state at the right */
	if (t->patient[0])
		snprintf(buf, sizeof(buf), "%s  %s", t->station, t->patient);
	else
		snprintf(buf, sizeof(buf), "%s", t->station);
	text_px(ui, buf, H * 0.13, TEXT_BOLD, fg, sub(r, 0.05, 0.03, 0.56, 0.18), AL_LEFT);
	text_px(ui, t->online ? t->state : "offline", H * 0.11, TEXT_BOLD, t->online ? dim : COL_GREY,
		sub(r, 0.63, 0.03, 0.32, 0.18), AL_RIGHT);
	/* the reps, as big as the tile allows */
	snprintf(buf, sizeof(buf), "%d", t->reps);
	text_px(ui, buf, H * 0.42, TEXT_BOLD | TEXT_GLYPHS, fg, sub(r, 0.05, 0.2, 0.45, 0.5), AL_LEFT);
	text_px(ui, "reps", H * 0.1, 0, dim, sub(r, 0.05, 0.68, 0.45, 0.12), AL_LEFT);
	/* the warning in words; else the angle */
	if (warn) {
		text_px(ui, "RELEASE", H * 0.16, TEXT_BOLD, COL_BLACK, sub(r, 0.5, 0.22, 0.45, 0.24), AL_RIGHT);
		snprintf(buf, sizeof(buf), "held %.0f s", t->hold_s);
		text_px(ui, buf, H * 0.13, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, sub(r, 0.5, 0.46, 0.45, 0.2), AL_RIGHT);
	} else if (pre) {
		snprintf(buf, sizeof(buf), "holding %.0f s", t->hold_s);
		text_px(ui, buf, H * 0.13, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, sub(r, 0.5, 0.3, 0.45, 0.24), AL_RIGHT);
	} else if (t->online && !strcmp(t->state, "working")) {
		snprintf(buf, sizeof(buf), "%.0f\xc2\xb0", t->angle_deg);
		text_px(ui, buf, H * 0.24, TEXT_BOLD, fg, sub(r, 0.5, 0.22, 0.45, 0.36), AL_RIGHT);
	}
	/* work time and sessions along the bottom */
	snprintf(buf, sizeof(buf), "work %d:%02d", (int)t->work_s / 60, (int)t->work_s % 60);
	text_px(ui, buf, H * 0.1, TEXT_GLYPHS, dim, sub(r, 0.05, 0.84, 0.5, 0.13), AL_LEFT);
	snprintf(buf, sizeof(buf), "%d session%s", t->sessions, t->sessions == 1 ? "" : "s");
	text_px(ui, buf, H * 0.1, TEXT_GLYPHS, dim, sub(r, 0.5, 0.84, 0.45, 0.13), AL_RIGHT);
}

int ui_draw_board(struct ui *ui, const struct ui_board *b, double anim_s)
{
	int W = ui->out_w, H = ui->out_h, bar = H / 12, gap = H / 60 + 2;
	int cols = 1, rows = 1, n = b->n;
	char buf[96];

	ui->stamp++;
	ui->n_rec = 0;
	ui->n_buttons = 0;
	SDL_SetRenderTarget(ui->ren, NULL);
	draw_fill(ui, (struct ui_rect){ 0, 0, W, H }, COL_BG, 0xff);
	draw_fill(ui, (struct ui_rect){ 0, 0, W, bar }, COL_PANEL, 0xff);
	text_px(ui, b->title[0] ? b->title : "Clinic board", bar * 0.55, TEXT_BOLD, COL_TEXT,
		(struct ui_rect){ gap * 2, 0, W / 2, bar }, AL_LEFT);
	snprintf(buf, sizeof(buf), "%d station%s%s", n + b->more, n + b->more == 1 ? "" : "s",
		 b->connected ? "" : "  -  no broker");
	text_px(ui, buf, bar * 0.45, 0, b->connected ? COL_DIM : COL_ORANGE,
		(struct ui_rect){ W / 2, 0, W / 2 - gap * 2, bar }, AL_RIGHT);
	if (n == 0) {
		text_px(ui, "Waiting for stations...", H * 0.06, 0, COL_DIM, (struct ui_rect){ 0, bar, W, H - bar },
			AL_CENTER);
		goto done;
	}
	/* the grid whose tiles come nearest a 16:10 card, as large as fits */
	{
		double best = 0;

		for (int c = 1; c <= n; c++) {
			int rr = (n + c - 1) / c;
			double tw = (double)(W - gap * (c + 1)) / c, th = (double)(H - bar - gap * (rr + 1)) / rr;
			double h = th < tw / 1.6 ? th : tw / 1.6;   /* card height that fits */

			if (h > best) {
				best = h;
				cols = c;
				rows = rr;
			}
		}
	}
	{
		int tw = (W - gap * (cols + 1)) / cols, th = (H - bar - gap * (rows + 1)) / rows;

		for (int i = 0; i < n; i++) {
			struct ui_rect r = { gap + (i % cols) * (tw + gap), bar + gap + (i / cols) * (th + gap), tw, th };

			tile(ui, &b->tiles[i], r, anim_s);
		}
	}
done:
	if (ui->surface)
		SDL_RenderFlush(ui->ren);
	return 0;
}
