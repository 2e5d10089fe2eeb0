/* SPDX-License-Identifier: MIT */
/* Internals shared by the files of app/ui. */
#ifndef STRETCHREP_UI_INT_H
#define STRETCHREP_UI_INT_H

#include <math.h>
#include <SDL.h>
#include <SDL_ttf.h>
#include "ui/ui.h"

#define UI_BASE_W 800
#define UI_BASE_H 480
/* The portrait design canvas, used whenever the logical canvas is taller
 * than wide (a screen mounted upright, --rotate 90/270). */
#define UI_PORT_W 480
#define UI_PORT_H 800

/* Okabe-Ito colours on near-black: distinguishable with the common colour
 * vision deficiencies; every alert also has text and motion. */
#define COL_BG      ((SDL_Color){ 0x0e, 0x12, 0x16, 0xff })
#define COL_PANEL   ((SDL_Color){ 0x1b, 0x22, 0x29, 0xff })
#define COL_LINE    ((SDL_Color){ 0x3a, 0x46, 0x52, 0xff })
#define COL_TEXT    ((SDL_Color){ 0xf4, 0xf4, 0xf0, 0xff })
#define COL_DIM     ((SDL_Color){ 0xa8, 0xb2, 0xbc, 0xff })
#define COL_ORANGE  ((SDL_Color){ 0xe6, 0x9f, 0x00, 0xff })
#define COL_SKY     ((SDL_Color){ 0x56, 0xb4, 0xe9, 0xff })
#define COL_GREEN   ((SDL_Color){ 0x00, 0x9e, 0x73, 0xff })
#define COL_YELLOW  ((SDL_Color){ 0xf0, 0xe4, 0x42, 0xff })
#define COL_BLUE    ((SDL_Color){ 0x00, 0x72, 0xb2, 0xff })
#define COL_VERMIL  ((SDL_Color){ 0xd5, 0x5e, 0x00, 0xff })
#define COL_BLACK   ((SDL_Color){ 0x00, 0x00, 0x00, 0xff })

#define TEXT_CACHE_N 512
#define FONT_CACHE_N 48
#define UI_MAX_TEXTS 96
#define UI_MAX_BUTTONS 40   /* the letter grid has 30 */

struct text_entry {
	bool used;
	char str[UI_TEXT_MAX];   /* texts longer than this are not drawn */
	int px;
	int style;
	Uint32 rgba;
	SDL_Texture *tex;
	int w, h;
	unsigned long stamp;
};

struct font_entry {
	TTF_Font *font;
	int px;
	bool bold;
	unsigned long stamp;
};

struct ui_button {
	struct ui_rect r;
	enum ui_cmd cmd;
};

/* The static layers: one texture each. */
enum ui_layer {
	UI_LAYER_EXERCISE = 0,   /* the dial's and the work ring's tracks */
	UI_LAYER_WARNING,        /* the warning's banner and its words */
	UI_LAYER_N
};
#define UI_STATIC_TEXTS 16

struct ui {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *canvas;     /* logical canvas when rotating, else NULL */
	SDL_Surface *surface;    /* offscreen target */
	bool sdl_video;          /* we initialised SDL video */
	int w, h;                /* logical canvas */
	int out_w, out_h;        /* output pixels */
	int rotation;
	/* layout: design canvas (800x480, or 480x800 when portrait) -> pixels */
	bool portrait;
	double scale;
	int ox, oy;
	/* text */
	char font_path[2][512];  /* regular, bold */
	struct font_entry fonts[FONT_CACHE_N];
	struct text_entry texts[TEXT_CACHE_N];
	unsigned long stamp;
	unsigned long rasterised;
	/* the last frame, for tests and touch */
	struct ui_text_rec rec[UI_MAX_TEXTS];
	int n_rec;
	struct ui_button buttons[UI_MAX_BUTTONS];
	int n_buttons;
	struct ui_rect regions[UI_REGION_N];
	enum ui_screen last_screen;
	char renderer_name[32];
	/* the static layers (ui_static_layer) */
	struct ui_static {
		SDL_Texture *tex;        /* NULL: not made yet */
		bool valid;
		struct ui_static_key {
			int w, h;
			bool portrait;
			double scale;
			int ox, oy;
			struct ui_view view;   /* only what screens_static_equal compares */
		} key;
		struct ui_text_rec rec[UI_STATIC_TEXTS];   /* its texts, for ui_texts */
		int n_rec;
		struct ui_button buttons[UI_MAX_BUTTONS];  /* its buttons, for ui_hit */
		int n_buttons;
	} layers[UI_LAYER_N];
	/* a press held on the top bar (ui_press): the clinician's gesture */
	bool holding;
	unsigned hold_t0_ms;
	enum ui_cmd hold_tap;        /* what it means released early */
	bool static_direct;          /* no target textures: drawn every frame */
	bool static_off;             /* ui_cache_static(ui, false) */
};

/* The background of a screen with its static layer (static_draw, over the
 * background colour): copied from a texture made once per layout (canvas
 * size, rotation) and whatever of the view static_draw depends on
 * (screens_static_equal), so the software renderer does not redraw the
 * dial's arcs, or the warning's banner and words, every frame; drawn
 * directly where the renderer has no target textures. The pixels are the
 * same either way: the texture is the canvas's size and drawn with the
 * same calls, and nothing the screen draws before the static layer's
 * place in its order overlaps it. Its texts and buttons are in ui_texts
 * and ui_hit as if drawn. */
void ui_static_layer(struct ui *ui, const struct ui_view *v, enum ui_layer layer,
		     void (*static_draw)(struct ui *ui, const struct ui_view *v));

/* text.c */
#define TEXT_BOLD   1
#define TEXT_GLYPHS 2   /* compose from per-character textures (changing numbers) */
enum { AL_LEFT = 0, AL_CENTER, AL_RIGHT };
int text_init(struct ui *ui, char *err, size_t errlen);
void text_deinit(struct ui *ui);
/* Draws s at base size base_px (scaled), shrunk if needed to fit box,
 * aligned horizontally, centred vertically; records it. Returns the rect. */
struct ui_rect text_draw(struct ui *ui, const char *s, double base_px, int style,
			 SDL_Color c, struct ui_rect box, int align);
/* Breaks s at spaces into at most n lines that fit w pixels at base_px
 * (scaled); what does not fit in n lines ends up on the last, for text_draw
 * to shrink. Measures with the font, rasterises nothing. Returns the
 * number of lines. */
#define TEXT_LINE_MAX 96
int text_wrap(struct ui *ui, const char *s, double base_px, int style, int w, char lines[][TEXT_LINE_MAX], int n);

/* draw.c: primitives in output pixels */
void draw_color(struct ui *ui, SDL_Color c, Uint8 alpha);
void draw_fill(struct ui *ui, struct ui_rect r, SDL_Color c, Uint8 alpha);
void draw_round(struct ui *ui, struct ui_rect r, int radius, SDL_Color c, Uint8 alpha);
void draw_frame(struct ui *ui, struct ui_rect r, int t, SDL_Color c, Uint8 alpha);
/* Annulus sector, radii in px, angles in degrees counter-clockwise from +x. */
void draw_arc(struct ui *ui, double cx, double cy, double r_in, double r_out,
	      double a0_deg, double a1_deg, SDL_Color c, Uint8 alpha);
void draw_line(struct ui *ui, double x0, double y0, double x1, double y1, double width,
	       SDL_Color c, Uint8 alpha);

/* screens.c: the screens; the pieces the portrait layout reuses */
void screens_draw(struct ui *ui, const struct ui_view *v, double anim_s);
void screens_button(struct ui *ui, struct ui_rect r, const char *label, enum ui_cmd cmd, bool primary);
void screens_top_bar(struct ui *ui, const struct ui_view *v, const char *title);
/* Lines of text stacked from y, line_h apart, across x .. x + w (design
 * units), centred. */
void screens_lines(struct ui *ui, const char *const *lines, int n, double px, int style, SDL_Color c,
		   double x, double y, double w, double line_h);
/* s broken at spaces into at most n (<= 3) such lines, the block centred in
 * the n lines' height when it takes fewer. */
void screens_wrapped(struct ui *ui, const char *s, double px, int style, SDL_Color c,
		     double x, double y, double w, double line_h, int n);
void screens_fmt_mmss(char *buf, size_t n, double s);
/* The exercise screen's gauge and work ring, and the paused card over them,
 * on the 800x480 canvas: (344, 64) .. (784, 392). */
/* The warning's border round the whole screen, design units (the
 * pre-warning's pulses up to 14): the exercise screen's buttons and words
 * keep inside it. */
#define SCREENS_BORDER 16.0
#define SCREENS_PANEL_X 344.0
#define SCREENS_PANEL_Y 64.0
#define SCREENS_PANEL_W 440.0
#define SCREENS_PANEL_H 328.0
void screens_panel(struct ui *ui, const struct ui_view *v);
/* The panel's static layer: the dial's track, zones and ticks, the work
 * ring's track and window (screens_panel draws the rest over it). */
void screens_panel_static(struct ui *ui, const struct ui_view *v);
/* The static layer of a and b look the same. */
bool screens_static_equal(const struct ui_view *a, const struct ui_view *b);
/* The warning's banner covers the exercise screen but its top bar and the
 * bottom strip (landscape; portrait keeps its buttons and the strip):
 * what it hides is not drawn. */
bool screens_warning_hides_panel(const struct ui_view *v);
void screens_paused_card(struct ui *ui);
/* "this rep", "last reps", "hold": the texts, whatever the layout. */
void screens_fmt_rep_peak(char *buf, size_t n, const struct ui_view *v);
void screens_fmt_peaks(char *buf, size_t n, const struct ui_view *v);
/* "12 / 10 s" held, "moving", or "paused" (nothing timed), and its colour. */
SDL_Color screens_fmt_hold(char *buf, size_t n, const struct ui_view *v);
/* The border round the whole screen while an alert stands (pulsing yellow,
 * flashing vermilion/white), and the pre-warning card over the panel. */
void screens_alert_border(struct ui *ui, const struct ui_view *v, double anim_s);
void screens_prewarn_card(struct ui *ui, const struct ui_view *v);
/* The calibration countdown's track, progress and moving dot, in pixels. */
void screens_countdown_ring(struct ui *ui, const struct ui_view *v, double anim_s,
			    double cx, double cy, double ri, double ro);
bool screens_flash(double anim_s);   /* the warning's 2 Hz flash: bright phase? */
/* "Keep moving", "Goal reached", ...: under the work time. */
const char *screens_work_state(const struct ui_view *v);
/* The summary's six numbers (formatted) and their labels. */
#define SCREENS_STATS 6
extern const char *const screens_stat_label[SCREENS_STATS];
void screens_fmt_stats(const struct ui_view *v, char val[SCREENS_STATS][48]);
/* The label of stat i: the last one is the tempo's when one was set. */
const char *screens_stat_label_for(const struct ui_view *v, int i);
/* The per-rep bar chart in c (pixels), its caption in caption. */
void screens_chart(struct ui *ui, const struct ui_view *v, struct ui_rect c, struct ui_rect caption);
/* The start screen's sensor card: ready, demo or none, and what it is;
 * pixels. */
struct screens_sensor_boxes {
	struct ui_rect card, title, sensor;
	double dot_x, dot_y;
};
void screens_sensor_card(struct ui *ui, const struct ui_view *v, const struct screens_sensor_boxes *b);
/* Under the summary's chart: this session against the last ones (l1 at
 * l1_px bold, l2), and whether it was saved (saved, why); boxes in pixels. */
struct screens_history_boxes {
	struct ui_rect l1, l2, saved, why;
	double l1_px;
	int saved_align;
};
void screens_summary_history(struct ui *ui, const struct ui_view *v, const struct screens_history_boxes *b);

/* screen_modes.c: the modes' screens (view.h ui_modes), both orientations.
 * screens_modes_draw draws the whole screen when the mode has its own
 * (switch sides, massage, two legs, their summaries): true; else false and
 * the session's screen is drawn. The rest are pieces of those: the start
 * screen's title and two lines for the mode, the mode choice (design
 * units), the tempo demonstration (a leg swinging at the tempo), the
 * tempo's marker on a dial (pixels) and the deviation's label and value. */
bool screens_modes_draw(struct ui *ui, const struct ui_view *v, double anim_s);
bool screens_modes_animates(const struct ui_view *v);
const char *screens_modes_title(const struct ui_view *v);
const char *screens_modes_line(const struct ui_view *v, int i);
void screens_modes_choice(struct ui *ui, const struct ui_view *v, double x, double y, double w, double h);
void screens_modes_tempo_demo(struct ui *ui, const struct ui_view *v, double x, double y, double w, double h);
void screens_modes_tempo_marker(struct ui *ui, const struct ui_view *v, double px, double py, double r, double band);
/* The mean deviation from the tempo ("+0.4 s", "-0.3 s"; mean |dev| too). */
void screens_modes_fmt_tempo(char *buf, size_t n, const struct ui_view *v);
void screens_modes_tempo_text(struct ui *ui, const struct ui_view *v, struct ui_rect label, struct ui_rect value);

/* One layout: how each screen is drawn (the sensor-lost overlay goes over
 * any screen but the start). screens.c has the landscape one. */
struct screens_layout {
	void (*start)(struct ui *ui, const struct ui_view *v);
	void (*calibrate)(struct ui *ui, const struct ui_view *v, double anim_s);
	void (*exercise_static)(struct ui *ui, const struct ui_view *v);   /* its static layer */
	/* the exercise screen's under the warning; NULL: the warning draws
	 * all of itself (portrait: its banner covers part of a text drawn
	 * before it, so it cannot come first) */
	void (*warning_static)(struct ui *ui, const struct ui_view *v);
	void (*exercise)(struct ui *ui, const struct ui_view *v, double anim_s);
	void (*summary)(struct ui *ui, const struct ui_view *v);
	void (*sensor_lost)(struct ui *ui, const struct ui_view *v);
};
/* portrait.c: every screen laid out on the 480x800 canvas */
extern const struct screens_layout portrait_layout;

/* Design-canvas coordinates to pixels. */
static inline struct ui_rect ui_r(const struct ui *ui, double x, double y, double w, double h)
{
	struct ui_rect r;

	r.x = ui->ox + (int)(x * ui->scale + 0.5);
	r.y = ui->oy + (int)(y * ui->scale + 0.5);
	r.w = (int)(w * ui->scale + 0.5);
	r.h = (int)(h * ui->scale + 0.5);
	return r;
}
static inline double ui_x(const struct ui *ui, double x) { return ui->ox + x * ui->scale; }
static inline double ui_y(const struct ui *ui, double y) { return ui->oy + y * ui->scale; }
static inline double ui_s(const struct ui *ui, double v) { return v * ui->scale; }

/* A frame: what the design coordinates map to. ui_frame_enter makes the
 * 800x480 point (lx, ly) land on the current canvas point (x, y), k times
 * as large, so a landscape piece can be drawn as a block of a portrait
 * screen; ui_frame_leave restores the saved frame. */
struct ui_frame {
	double scale;
	int ox, oy;
};
static inline struct ui_frame ui_frame_enter(struct ui *ui, double x, double y, double k, double lx, double ly)
{
	struct ui_frame saved = { ui->scale, ui->ox, ui->oy };

	ui->ox = (int)lround(ui_x(ui, x) - lx * ui->scale * k);
	ui->oy = (int)lround(ui_y(ui, y) - ly * ui->scale * k);
	ui->scale *= k;
	return saved;
}
static inline void ui_frame_leave(struct ui *ui, struct ui_frame saved)
{
	ui->scale = saved.scale;
	ui->ox = saved.ox;
	ui->oy = saved.oy;
}

/* png.c */
int png_write_argb(const char *path, const Uint32 *px, int w, int h, int stride, char *err, size_t errlen);

#endif
