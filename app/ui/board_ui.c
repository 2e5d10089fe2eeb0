// SPDX-License-Identifier: MIT
/* board_ui — the clinic board's tiles (board_ui.h). */
#include <stdio.h>
#include <stdlib.h>
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

/*
 * A tile's face: everything it shows, as drawn (the numbers already
 * rounded as printed). Two equal faces are the same pixels, so a tile is
 * drawn into its own texture only when its face changes (a station's angle
 * moving within a degree, or a station that is idle, costs a copy), and
 * the screen is made of the tiles' textures: the frame's cost was the
 * software renderer blending every glyph of 20 tiles ten times a second
 * (bench-board, callgrind: 88 % of a frame in SDL's blits).
 */
enum tile_look { LOOK_NORMAL, LOOK_PRE, LOOK_WARN, LOOK_OFFLINE };

struct tile_face {
	int w, h;
	enum tile_look look;
	bool flash;                  /* the warning's border is on */
	char title[64], state[16], reps[16], big[32], held[32], work[24], sessions[24];
};

static void tile_face(const struct ui_board_tile *t, int w, int h, double anim_s, struct tile_face *f)
{
	memset(f, 0, sizeof(*f));   /* compared with memcmp */
	f->w = w;
	f->h = h;
	f->look = !t->online ? LOOK_OFFLINE : t->alert == 2 ? LOOK_WARN : t->alert == 1 ? LOOK_PRE : LOOK_NORMAL;
	f->flash = f->look == LOOK_WARN && screens_flash(anim_s);
	if (t->patient[0])
		snprintf(f->title, sizeof(f->title), "%.32s  %.15s", t->station, t->patient);
	else
		snprintf(f->title, sizeof(f->title), "%.32s", t->station);
	snprintf(f->state, sizeof(f->state), "%s", t->online ? t->state : "offline");
	snprintf(f->reps, sizeof(f->reps), "%d", t->reps);
	/* the warning in words; else the angle */
	if (f->look == LOOK_WARN) {
		snprintf(f->big, sizeof(f->big), "RELEASE");
		snprintf(f->held, sizeof(f->held), "held %.0f s", t->hold_s);
	} else if (f->look == LOOK_PRE) {
		snprintf(f->held, sizeof(f->held), "holding %.0f s", t->hold_s);
	} else if (t->online && !strcmp(t->state, "working")) {
		snprintf(f->big, sizeof(f->big), "%.0f\xc2\xb0", t->angle_deg);
	}
	snprintf(f->work, sizeof(f->work), "work %d:%02d", (int)t->work_s / 60, (int)t->work_s % 60);
	snprintf(f->sessions, sizeof(f->sessions), "%d session%s", t->sessions, t->sessions == 1 ? "" : "s");
}

/* Where each of a tile's texts goes (its box: the text is shrunk to fit). */
enum tile_slot { SLOT_TITLE, SLOT_STATE, SLOT_REPS, SLOT_LABEL, SLOT_BIG, SLOT_HELD, SLOT_WORK, SLOT_SESSIONS, SLOT_N };

static struct ui_rect slot_box(const struct tile_face *f, enum tile_slot k, struct ui_rect r)
{
	switch (k) {
	case SLOT_TITLE: return sub(r, 0.05, 0.03, 0.56, 0.18);
	case SLOT_STATE: return sub(r, 0.63, 0.03, 0.32, 0.18);
	case SLOT_REPS: return sub(r, 0.05, 0.2, 0.45, 0.5);
	case SLOT_LABEL: return sub(r, 0.05, 0.68, 0.45, 0.12);
	case SLOT_BIG: return f->look == LOOK_WARN ? sub(r, 0.5, 0.22, 0.45, 0.24) : sub(r, 0.5, 0.22, 0.45, 0.36);
	case SLOT_HELD: return f->look == LOOK_WARN ? sub(r, 0.5, 0.46, 0.45, 0.2) : sub(r, 0.5, 0.3, 0.45, 0.24);
	case SLOT_WORK: return sub(r, 0.05, 0.84, 0.5, 0.13);
	default: return sub(r, 0.5, 0.84, 0.45, 0.13);
	}
}

/* The string of a slot ("" when the look shows none there). */
static const char *slot_text(const struct tile_face *f, enum tile_slot k)
{
	switch (k) {
	case SLOT_TITLE: return f->title;
	case SLOT_STATE: return f->state;
	case SLOT_REPS: return f->reps;
	case SLOT_LABEL: return "reps";
	case SLOT_BIG: return f->big;
	case SLOT_HELD: return f->held;
	case SLOT_WORK: return f->work;
	default: return f->sessions;
	}
}

static void tile_draw(struct ui *ui, const struct tile_face *f, struct ui_rect r)
{
	bool warn = f->look == LOOK_WARN, pre = f->look == LOOK_PRE, off = f->look == LOOK_OFFLINE;
	SDL_Color bg = off ? COL_PANEL : warn ? COL_VERMIL : pre ? COL_ORANGE : COL_PANEL;
	SDL_Color fg = off ? COL_GREY : (warn || pre) ? COL_BLACK : COL_TEXT;
	SDL_Color dim = off ? COL_GREY : (warn || pre) ? COL_BLACK : COL_DIM;
	double H = r.h;

	draw_fill(ui, r, bg, 0xff);   /* square: rounded corners were a quarter of the frame at 1080p (bench-board) */
	if (f->flash)
		draw_frame(ui, r, (int)(H * 0.05) + 2, COL_YELLOW, 0xff);
	else if (off)
		draw_frame(ui, r, 2, COL_LINE, 0xff);
	/* name (and patient) on top, state at the right */
	text_px(ui, f->title, H * 0.13, TEXT_BOLD, fg, slot_box(f, SLOT_TITLE, r), AL_LEFT);
	text_px(ui, f->state, H * 0.11, TEXT_BOLD, off ? COL_GREY : dim, slot_box(f, SLOT_STATE, r), AL_RIGHT);
	/* the reps, as big as the tile allows */
	text_px(ui, f->reps, H * 0.42, TEXT_BOLD | TEXT_GLYPHS, fg, slot_box(f, SLOT_REPS, r), AL_LEFT);
	text_px(ui, "reps", H * 0.1, 0, dim, slot_box(f, SLOT_LABEL, r), AL_LEFT);
	if (warn) {
		text_px(ui, f->big, H * 0.16, TEXT_BOLD, COL_BLACK, slot_box(f, SLOT_BIG, r), AL_RIGHT);
		text_px(ui, f->held, H * 0.13, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, slot_box(f, SLOT_HELD, r), AL_RIGHT);
	} else if (pre) {
		text_px(ui, f->held, H * 0.13, TEXT_BOLD | TEXT_GLYPHS, COL_BLACK, slot_box(f, SLOT_HELD, r), AL_RIGHT);
	} else if (f->big[0]) {
		text_px(ui, f->big, H * 0.24, TEXT_BOLD, fg, slot_box(f, SLOT_BIG, r), AL_RIGHT);
	}
	/* work time and sessions along the bottom */
	text_px(ui, f->work, H * 0.1, TEXT_GLYPHS, dim, slot_box(f, SLOT_WORK, r), AL_LEFT);
	text_px(ui, f->sessions, H * 0.1, TEXT_GLYPHS, dim, slot_box(f, SLOT_SESSIONS, r), AL_RIGHT);
}

/* The tiles' textures (struct ui's board, made on the first board frame). */
#define BOARD_TILE_TEXTS 12   /* texts a tile draws, at most 9 */
struct board_cache {
	struct board_tile_tex {
		SDL_Texture *tex;
		int w, h;
		bool valid;
		struct tile_face face;                    /* what tex shows */
		struct ui_text_rec rec[BOARD_TILE_TEXTS]; /* its texts, relative to the tile */
		int n_rec;
	} t[UI_BOARD_MAX];
};

void board_ui_free(struct ui *ui)
{
	if (!ui->board)
		return;
	for (int i = 0; i < UI_BOARD_MAX; i++)
		if (ui->board->t[i].tex)
			SDL_DestroyTexture(ui->board->t[i].tex);
	free(ui->board);
	ui->board = NULL;
}

static bool rect_inside(struct ui_rect a, struct ui_rect box)
{
	return a.x >= box.x && a.y >= box.y && a.x + a.w <= box.x + box.w && a.y + a.h <= box.y + box.h;
}

/* Draws face f into c's texture (the render target). When the look and size
 * are the same, only what changed is drawn again: each changed text's box,
 * and the warning border's four strips when the flash turned. The whole
 * tile is drawn clipped to each of them, so the pixels are those of a full
 * draw at the cost of a text (the angle moving is one of nine). A text that
 * did not fit its box (shrunk to the smallest size) makes it a full draw.
 * The texts of the whole tile are recorded either way. */
static void tile_redraw(struct ui *ui, const struct board_tile_tex *c, const struct tile_face *f)
{
	struct ui_rect r = { 0, 0, f->w, f->h };
	const struct tile_face *o = &c->face;
	bool full = !c->valid || o->w != f->w || o->h != f->h || o->look != f->look;
	struct ui_rect clip[SLOT_N + 4];
	int n0 = ui->n_rec, n_clip = 0;

	for (int i = 0; i < c->n_rec && !full; i++)   /* the old texts inside their boxes */
		full = !rect_inside(c->rec[i].rect, c->rec[i].box);
	if (full) {
		tile_draw(ui, f, r);
		goto check;
	}
	if (o->flash != f->flash) {   /* the warning's border: four strips */
		int t = (int)(f->h * 0.05) + 2;

		clip[n_clip++] = (struct ui_rect){ 0, 0, f->w, t };
		clip[n_clip++] = (struct ui_rect){ 0, f->h - t, f->w, t };
		clip[n_clip++] = (struct ui_rect){ 0, t, t, f->h - 2 * t };
		clip[n_clip++] = (struct ui_rect){ f->w - t, t, t, f->h - 2 * t };
	}
	for (int k = 0; k < SLOT_N; k++)
		if (strcmp(slot_text(o, (enum tile_slot)k), slot_text(f, (enum tile_slot)k)) != 0)
			clip[n_clip++] = slot_box(f, (enum tile_slot)k, r);
	for (int i = 0; i < n_clip; i++) {
		SDL_Rect cr = { clip[i].x, clip[i].y, clip[i].w, clip[i].h };

		SDL_RenderSetClipRect(ui->ren, &cr);
		ui->n_rec = n0;
		tile_draw(ui, f, r);
	}
	SDL_RenderSetClipRect(ui->ren, NULL);
	if (ui->n_rec == n0)   /* nothing drawn: never, as faces that differ differ in a text */
		tile_draw(ui, f, r);
check:
	for (int i = n0; i < ui->n_rec; i++)   /* the new texts too */
		if (!rect_inside(ui->rec[i].rect, ui->rec[i].box)) {
			ui->n_rec = n0;
			tile_draw(ui, f, r);
			break;
		}
}

/* The output's pixel format: a texture in it is copied to the screen row
 * by row (memcpy) by the software renderer; in another (ARGB onto the
 * window's XRGB) every pixel is converted, which cost more than drawing
 * the tiles did. */
static Uint32 out_format(const struct ui *ui)
{
	Uint32 f = ui->surface ? ui->surface->format->format : SDL_GetWindowPixelFormat(ui->win);

	return f == SDL_PIXELFORMAT_UNKNOWN ? SDL_PIXELFORMAT_ARGB8888 : f;
}

/* Tile i at r: from its texture, drawn into it first when its face
 * changed; directly where the renderer has no target textures. Its texts
 * are recorded (ui_texts) as if drawn. */
static void tile(struct ui *ui, int i, const struct ui_board_tile *t, struct ui_rect r, double anim_s)
{
	struct board_tile_tex *c;
	struct tile_face f;
	int n0;

	tile_face(t, r.w, r.h, anim_s, &f);
	if (!ui->static_direct && !ui->board && SDL_RenderTargetSupported(ui->ren))
		ui->board = calloc(1, sizeof(*ui->board));
	if (ui->static_direct || ui->static_off || !ui->board) {
		tile_draw(ui, &f, r);
		return;
	}
	c = &ui->board->t[i];
	if (c->tex && (c->w != r.w || c->h != r.h)) {   /* a new layout */
		SDL_DestroyTexture(c->tex);
		c->tex = NULL;
	}
	if (!c->tex) {
		c->valid = false;
		c->tex = SDL_CreateTexture(ui->ren, out_format(ui), SDL_TEXTUREACCESS_TARGET, r.w, r.h);
		if (!c->tex) {   /* out of texture memory: this tile drawn directly */
			tile_draw(ui, &f, r);
			return;
		}
		SDL_SetTextureBlendMode(c->tex, SDL_BLENDMODE_NONE);   /* opaque: the tile covers its rect */
		c->w = r.w;
		c->h = r.h;
	}
	/* Faces are zeroed before they are filled (tile_face), padding too: a
	 * bytewise difference is a real one. */
	/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c): zeroed, see above */
	if (!c->valid || memcmp(&c->face, &f, sizeof(f)) != 0) {
		n0 = ui->n_rec;
		SDL_SetRenderTarget(ui->ren, c->tex);
		tile_redraw(ui, c, &f);
		SDL_SetRenderTarget(ui->ren, NULL);
		c->n_rec = ui->n_rec - n0 < BOARD_TILE_TEXTS ? ui->n_rec - n0 : BOARD_TILE_TEXTS;
		memcpy(c->rec, &ui->rec[n0], (size_t)c->n_rec * sizeof(c->rec[0]));
		ui->n_rec = n0;
		c->face = f;
		c->valid = true;
	}
	SDL_Rect dst = { r.x, r.y, r.w, r.h };

	SDL_RenderCopy(ui->ren, c->tex, NULL, &dst);
	for (int k = 0; k < c->n_rec && ui->n_rec < UI_MAX_TEXTS; k++) {
		struct ui_text_rec *d = &ui->rec[ui->n_rec++];

		*d = c->rec[k];
		d->box.x += r.x;
		d->box.y += r.y;
		d->rect.x += r.x;
		d->rect.y += r.y;
	}
}

/* The background between the tiles (and below the last row), not under
 * them: the tiles are opaque, and filling the whole screen first wrote
 * every pixel twice (the software renderer's frame is mostly memory
 * traffic at 1080p). */
static void background(struct ui *ui, int W, int H, int bar, int gap, int cols, int rows, int tw, int th, int n)
{
	for (int r = 0; r < rows; r++) {
		int y = bar + gap + r * (th + gap), x = 0;

		draw_fill(ui, (struct ui_rect){ 0, y - gap, W, gap }, COL_BG, 0xff);   /* above the row */
		for (int c = 0; c < cols && r * cols + c < n; c++) {
			int tx = gap + c * (tw + gap);

			draw_fill(ui, (struct ui_rect){ x, y, tx - x, th }, COL_BG, 0xff);
			x = tx + tw;
		}
		draw_fill(ui, (struct ui_rect){ x, y, W - x, th }, COL_BG, 0xff);   /* right of the last */
	}
	{
		int y = bar + rows * (th + gap);

		if (y < H)
			draw_fill(ui, (struct ui_rect){ 0, y, W, H - y }, COL_BG, 0xff);
	}
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
	if (n == 0)
		draw_fill(ui, (struct ui_rect){ 0, bar, W, H - bar }, COL_BG, 0xff);
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

			tile(ui, i, &b->tiles[i], r, anim_s);
		}
		background(ui, W, H, bar, gap, cols, rows, tw, th, n);
	}
done:
	if (ui->surface)
		SDL_RenderFlush(ui->ren);
	return 0;
}
