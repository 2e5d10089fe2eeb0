/* SPDX-License-Identifier: MIT */
/*
 * app/ui/ — everything that includes SDL: this renderer, its screens, text
 * cache, drawing, PNG output (ui_int.h is their shared inside) and the audio
 * cues (audio.h). view.h holds no SDL but stays here: it is the renderer's
 * input contract (this header includes it), filled by the kiosk; were it in
 * kiosk/, ui/ would include kiosk/. May include: core/ and SDL. Never
 * store/, kiosk/, cmd/, source/ or the drivers (tests/test_layers.sh).
 *
 * ui — the kiosk's display: draws a struct ui_view (ui/view.h) with SDL2 and
 * SDL2_ttf, on a window / the console (KMSDRM) or on an offscreen surface
 * with the software renderer (screenshots, tests, bench; no video driver).
 *
 * Layout: one set of proportions designed on an 800x480 canvas, scaled
 * uniformly (and centred) to the output, 800x480 .. 3840x2160; a logical
 * canvas taller than wide (a screen mounted upright, or --rotate 90/270 on
 * a landscape one) gets its own portrait layout, designed on 480x800 and
 * scaled the same way (480x800 .. 2160x3840). Rotation 0/90/180/270:
 * everything is drawn on a logical canvas (a target texture) and copied
 * rotated to the output; touches are mapped back.
 *
 * Text is cached as textures (key: string, pixel size, style, colour); numbers
 * that change every frame are composed from cached glyphs, so a frame that
 * shows nothing new rasterises no text (ui_text_rasterised counts).
 * Errors: 0 or -errno; the text of the error goes to err.
 */
#ifndef STRETCHREP_UI_UI_H
#define STRETCHREP_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include "ui/view.h"

struct ui;

struct ui_rect {
	int x, y, w, h;
};

struct ui_options {
	bool window;         /* a desktop window instead of fullscreen */
	int width, height;   /* window size (0: 1280x720); ignored fullscreen */
	int rotation_deg;    /* 0, 90, 180, 270 (clockwise) */
	bool software;       /* force the software renderer */
};

/* Commands from keys, touch and mouse (GPIO buttons map to the same). */
enum ui_cmd {
	UI_CMD_NONE = 0,
	UI_CMD_START_PAUSE,  /* start on the start/summary screen, else pause/resume */
	UI_CMD_CALIBRATE,
	UI_CMD_FINISH,       /* end the session: asks first ("Finish the session?"); a second
	                      * FINISH confirms, anything else or 5 s cancels */
	UI_CMD_QUIT,
	UI_CMD_NEXT,         /* next screen, dismiss: "Keep going" on the question, skip the
	                      * calibration (previous rest kept), summary -> start screen;
	                      * nothing on the start and exercise screens */
	UI_CMD_FINISH_NOW,   /* end the session without asking (the GPIO long press) */
	UI_CMD_SLR,          /* the straight-leg-raise test (key s; screen_slr.h) */
	UI_CMD_PROGRESS,     /* the patient's progress (key p; screen_progress.h) */
	/* the start screen's choice of what the session is (kiosk_modes.h) */
	UI_CMD_MODE_STRETCH,
	UI_CMD_MODE_LEFT_RIGHT,
	UI_CMD_MODE_MASSAGE,
	UI_CMD_SYMPTOM,      /* "Symptom" on the exercise screen: the quick 0-10 row */
	UI_CMD_CLINICIAN,    /* the clinician's gesture (3 s on the top bar): clinician mode */
	/* UI_CMD_ITEM(i): the i-th choice of a patient screen (screen_patients.h) */
	UI_CMD_ITEM_0 = 0x100,
	UI_CMD_ITEM_END = UI_CMD_ITEM_0 + 64,
};
#define UI_CMD_ITEM(i) ((enum ui_cmd)(UI_CMD_ITEM_0 + (i)))
#define UI_CMD_IS_ITEM(c) ((c) >= UI_CMD_ITEM_0 && (c) < UI_CMD_ITEM_END)

/* Opens the display (SDL video must be available). */
int ui_open(struct ui **out, const struct ui_options *opt, char *err, size_t errlen);
/* An offscreen w x h canvas with the software renderer; needs no display. */
int ui_open_offscreen(struct ui **out, int w, int h, char *err, size_t errlen);
void ui_close(struct ui *ui);   /* NULL is fine */

/* Draws one frame of v; anim_s is a free-running clock for pulsing and
 * flashing (seconds). For a display, ui_present shows it. */
int ui_draw(struct ui *ui, const struct ui_view *v, double anim_s);
void ui_present(struct ui *ui);
/* True while the view animates (warning pulse): the loop must keep drawing. */
bool ui_view_animates(const struct ui_view *v);

/* Waits up to timeout_ms for input and returns the next command (or
 * UI_CMD_NONE). Window close / SIGTERM / SIGINT give UI_CMD_QUIT. */
enum ui_cmd ui_poll(struct ui *ui, int timeout_ms);
/* The command a tap at logical canvas point (x, y) means on the last frame. */
enum ui_cmd ui_hit(const struct ui *ui, int x, int y);
/* Touch and mouse as the event loop gives them (tests call them too): a
 * press at logical canvas point (x, y) at t_ms, its release at t_ms. A
 * press on the top bar of the start screen or the patient picker is the
 * clinician's gesture when held: its release after UI_CLINICIAN_HOLD_MS
 * gives UI_CMD_CLINICIAN, before it what a tap there means (ui_hit). Any
 * other press gives its command at once and its release nothing. */
#define UI_CLINICIAN_HOLD_MS 3000u
enum ui_cmd ui_press(struct ui *ui, int x, int y, unsigned t_ms);
enum ui_cmd ui_release(struct ui *ui, unsigned t_ms);
/* Maps a point on the output (pixels) to the logical canvas. */
void ui_map_point(const struct ui *ui, int out_x, int out_y, int *x, int *y);

/* Saves the last frame (offscreen canvas only) as PNG. */
int ui_save_png(struct ui *ui, const char *path, char *err, size_t errlen);
/* The offscreen canvas: 32-bit ARGB pixels (0xAARRGGBB), row stride in pixels. */
const unsigned int *ui_pixels(const struct ui *ui, int *w, int *h, int *stride);
void ui_size(const struct ui *ui, int *w, int *h);   /* logical canvas */
/* "x11 1280x720, opengl renderer, rotation 0", for the log. */
const char *ui_describe(const struct ui *ui, char *buf, size_t n);

/* Inspection, for tests and the bench. */
/* One pixel of the output as shown (after rotation), 0xAARRGGBB. */
int ui_output_pixel(struct ui *ui, int x, int y, unsigned int *argb);
void ui_output_size(const struct ui *ui, int *w, int *h);
unsigned long ui_text_rasterised(const struct ui *ui);   /* texts rendered by TTF, ever */
/* The exercise screen's static layer (dial, ring tracks, background) is
 * drawn once per layout into a texture and copied each frame (on by
 * default; off: drawn every frame, as where the renderer has no target
 * textures). Both give the same pixels. */
void ui_cache_static(struct ui *ui, bool on);
/* The longest text the kiosk draws, with its NUL: the view's longest
 * string (text.c checks). */
#define UI_TEXT_MAX 160
struct ui_text_rec {
	char text[UI_TEXT_MAX];
	struct ui_rect box;      /* where the layout allowed it to go */
	struct ui_rect rect;     /* where it went */
	int px;                  /* font size used, pixels */
};
/* The texts of the last frame. */
int ui_texts(const struct ui *ui, const struct ui_text_rec **out);
enum ui_region {
	UI_REGION_REPS = 0,      /* the rep-count digits' box */
	UI_REGION_ALERT,         /* the pre-warning / warning banner */
	UI_REGION_GAUGE,
	UI_REGION_N
};
struct ui_rect ui_region(const struct ui *ui, enum ui_region r);

/* Finds the DejaVu Sans file (bold or regular): fc-match, then the known
 * Debian paths. 0, or -ENOENT with a message that says what to install. */
int ui_font_find(bool bold, char *path, size_t n, char *err, size_t errlen);

#endif
