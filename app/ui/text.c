// SPDX-License-Identifier: MIT
/*
 * Fonts and the text-texture cache. Rasterising text with FreeType is the
 * dearest thing a frame can do on a Pi, so every string is rasterised once
 * per (string, size, style, colour) and kept as a texture; least recently
 * used entries make room when the cache is full.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ui/ui_int.h"
#include "ui/view.h"

/* Every string of the view fits the text cache's entries whole. */
_Static_assert(sizeof(((struct ui_view *)0)->sensor_hint) <= UI_TEXT_MAX &&
	       sizeof(((struct ui_view *)0)->sensor) <= UI_TEXT_MAX &&
	       sizeof(((struct ui_view *)0)->notice) <= UI_TEXT_MAX,
	       "a view string longer than the text cache's entries would never be drawn");

static const char *const font_known[2][2] = {
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
	  "/usr/share/fonts/dejavu/DejaVuSans.ttf" },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
	  "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf" },
};

/* fc-match may substitute another family when DejaVu is missing; only a
 * DejaVu file is accepted. */
static int font_fc_match(bool bold, char *path, size_t n)
{
	const char *cmd = bold ? "fc-match -f '%{file}' 'DejaVu Sans:bold' 2>/dev/null"
			       : "fc-match -f '%{file}' 'DejaVu Sans' 2>/dev/null";
	/* NOLINTNEXTLINE(cert-env33-c): a fixed command, no input in it; fontconfig's own lookup */
	FILE *p = popen(cmd, "r");
	size_t len;

	if (!p)
		return -ENOENT;
	len = fread(path, 1, n - 1, p);
	pclose(p);
	path[len] = '\0';
	if (len == 0 || !strstr(path, "DejaVuSans") || access(path, R_OK))
		return -ENOENT;
	if (bold != (strstr(path, "Bold") != NULL))
		return -ENOENT;
	return 0;
}

int ui_font_find(bool bold, char *path, size_t n, char *err, size_t errlen)
{
	const char *env = getenv("STRETCHREP_FONT_DIR");

	if (env && *env) {
		snprintf(path, n, "%s/%s", env, bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
		if (!access(path, R_OK))
			return 0;
	}
	if (!font_fc_match(bold, path, n))
		return 0;
	for (int i = 0; i < 2; i++) {
		if (!access(font_known[bold][i], R_OK)) {
			snprintf(path, n, "%s", font_known[bold][i]);
			return 0;
		}
	}
	snprintf(err, errlen, "font: DejaVu Sans%s not found (fc-match, %s); install the "
		 "Debian package fonts-dejavu-core", bold ? " Bold" : "", font_known[bold][0]);
	return -ENOENT;
}

int text_init(struct ui *ui, char *err, size_t errlen)
{
	int rc;

	for (int b = 0; b < 2; b++) {
		rc = ui_font_find(b, ui->font_path[b], sizeof(ui->font_path[b]), err, errlen);
		if (rc)
			return rc;
	}
	/* SDL_ttf counts its initialisations: one per ui, undone in text_deinit */
	if (TTF_Init()) {
		snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
		return -EIO;
	}
	return 0;
}

void text_deinit(struct ui *ui)
{
	for (int i = 0; i < TEXT_CACHE_N; i++)
		if (ui->texts[i].tex)
			SDL_DestroyTexture(ui->texts[i].tex);
	for (int i = 0; i < FONT_CACHE_N; i++)
		if (ui->fonts[i].font)
			TTF_CloseFont(ui->fonts[i].font);
	memset(ui->texts, 0, sizeof(ui->texts));
	memset(ui->fonts, 0, sizeof(ui->fonts));
	TTF_Quit();
}

static TTF_Font *font_get(struct ui *ui, int px, bool bold)
{
	struct font_entry *slot = &ui->fonts[0];

	for (int i = 0; i < FONT_CACHE_N; i++) {
		struct font_entry *f = &ui->fonts[i];

		if (f->font && f->px == px && f->bold == bold) {
			f->stamp = ui->stamp;
			return f->font;
		}
		if (!f->font || (slot->font && f->stamp < slot->stamp))
			slot = f;
	}
	if (slot->font)
		TTF_CloseFont(slot->font);
	slot->font = TTF_OpenFont(ui->font_path[bold], px);
	slot->px = px;
	slot->bold = bold;
	slot->stamp = ui->stamp;
	return slot->font;
}

static Uint32 rgba_of(SDL_Color c)
{
	return (Uint32)c.r << 24 | (Uint32)c.g << 16 | (Uint32)c.b << 8 | c.a;
}

static unsigned hash_of(const char *s, int px, int style, Uint32 rgba)
{
	unsigned h = 2166136261u;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	h = (h ^ (unsigned)px) * 16777619u;
	h = (h ^ (unsigned)style) * 16777619u;
	return (h ^ rgba) * 16777619u;
}

/* The cached texture of s, rasterised on a miss. NULL if it cannot be. */
static struct text_entry *text_get(struct ui *ui, const char *s, int px, int style, SDL_Color c)
{
	Uint32 rgba = rgba_of(c);
	unsigned h = hash_of(s, px, style & TEXT_BOLD, rgba);
	struct text_entry *victim = NULL;
	SDL_Surface *surf;
	TTF_Font *font;

	if (strlen(s) >= sizeof(ui->texts[0].str))
		return NULL;
	/* Open addressing over a short probe window; the oldest entry in the
	 * window is replaced on a miss. */
	for (int i = 0; i < 16; i++) {
		struct text_entry *e = &ui->texts[(h + (unsigned)i) % TEXT_CACHE_N];

		if (e->used && e->px == px && e->style == (style & TEXT_BOLD) && e->rgba == rgba &&
		    !strcmp(e->str, s)) {
			e->stamp = ui->stamp;
			return e;
		}
		if (!victim || !e->used || (victim->used && e->stamp < victim->stamp))
			victim = e;
	}
	font = font_get(ui, px, style & TEXT_BOLD);
	if (!font)
		return NULL;
	surf = TTF_RenderUTF8_Blended(font, s, c);
	ui->rasterised++;
	if (!surf)
		return NULL;
	if (victim->tex)
		SDL_DestroyTexture(victim->tex);
	memset(victim, 0, sizeof(*victim));
	victim->tex = SDL_CreateTextureFromSurface(ui->ren, surf);
	victim->w = surf->w;
	victim->h = surf->h;
	SDL_FreeSurface(surf);
	if (!victim->tex)
		return NULL;
	victim->used = true;
	snprintf(victim->str, sizeof(victim->str), "%s", s);
	victim->px = px;
	victim->style = style & TEXT_BOLD;
	victim->rgba = rgba;
	victim->stamp = ui->stamp;
	return victim;
}

/* Length of the UTF-8 sequence starting with byte b. */
static int utf8_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if ((b & 0xe0) == 0xc0)
		return 2;
	if ((b & 0xf0) == 0xe0)
		return 3;
	return 4;
}

/* The texture of the character at *p (UTF-8), advancing *p past it. */
static struct text_entry *glyph_next(struct ui *ui, const char **p, int px, int style, SDL_Color c)
{
	char g[8] = { 0 };
	int n = utf8_len((unsigned char)**p);

	for (int i = 0; i < n && (*p)[i]; i++)
		g[i] = (*p)[i];
	*p += strnlen(*p, (size_t)n);
	return text_get(ui, g, px, style, c);
}

/* Width and height of s at px (measured from the cached textures). */
static int text_measure(struct ui *ui, const char *s, int px, int style, SDL_Color c, int *w, int *h)
{
	*w = *h = 0;
	if (!(style & TEXT_GLYPHS)) {
		struct text_entry *e = text_get(ui, s, px, style, c);

		if (!e)
			return -EIO;
		*w = e->w;
		*h = e->h;
		return 0;
	}
	for (const char *p = s; *p;) {
		struct text_entry *e = glyph_next(ui, &p, px, style, c);

		if (!e)
			return -EIO;
		*w += e->w;
		if (e->h > *h)
			*h = e->h;
	}
	return 0;
}

struct ui_rect text_draw(struct ui *ui, const char *s, double base_px, int style,
			 SDL_Color c, struct ui_rect box, int align)
{
	struct ui_rect r = { box.x, box.y, 0, 0 };
	int px = (int)(base_px * ui->scale + 0.5), w, h;

	if (!*s)
		return r;
	if (px < 6)
		px = 6;
	/* Shrink to fit the box (long translations, 3-digit counts). */
	for (;;) {
		if (text_measure(ui, s, px, style, c, &w, &h))
			return r;
		if ((w <= box.w && h <= box.h) || px <= 6)
			break;
		int nx = (int)(px * (w > box.w ? (double)box.w / w : 1.0) * 0.98);
		int ny = (int)(px * (h > box.h ? (double)box.h / h : 1.0) * 0.98);
		int np = nx < ny ? nx : ny;

		px = np < px ? np : px - 1;
		if (px < 6)
			px = 6;
	}
	r.w = w;
	r.h = h;
	r.y = box.y + (box.h - h) / 2;
	r.x = align == AL_LEFT ? box.x : align == AL_RIGHT ? box.x + box.w - w : box.x + (box.w - w) / 2;
	if (!(style & TEXT_GLYPHS)) {
		struct text_entry *e = text_get(ui, s, px, style, c);

		if (e) {
			SDL_Rect d = { r.x, r.y, e->w, e->h };

			SDL_RenderCopy(ui->ren, e->tex, NULL, &d);
		}
	} else {
		int x = r.x;

		for (const char *p = s; *p;) {
			struct text_entry *e = glyph_next(ui, &p, px, style, c);

			if (!e)
				break;
			SDL_Rect d = { x, r.y, e->w, e->h };
			SDL_RenderCopy(ui->ren, e->tex, NULL, &d);
			x += e->w;
		}
	}
	if (ui->n_rec < UI_MAX_TEXTS) {
		struct ui_text_rec *t = &ui->rec[ui->n_rec++];

		snprintf(t->text, sizeof(t->text), "%s", s);
		t->box = box;
		t->rect = r;
		t->px = px;
	}
	return r;
}

int text_wrap(struct ui *ui, const char *s, double base_px, int style, int w, char lines[][TEXT_LINE_MAX], int n)
{
	int px = (int)(base_px * ui->scale + 0.5), k = 0;
	TTF_Font *font = font_get(ui, px < 6 ? 6 : px, style & TEXT_BOLD);

	while (*s == ' ')
		s++;
	while (*s && k < n) {
		size_t len = strlen(s), fit = len;

		/* the last line takes the rest (text_draw shrinks it); else the
		 * longest run of whole words that fits, at least one word */
		if (k < n - 1 && font) {
			char try[TEXT_LINE_MAX];
			int tw;

			fit = 0;
			for (size_t i = 0; i <= len && i < sizeof(try); i++) {
				if (s[i] != ' ' && s[i] != '\0')
					continue;
				memcpy(try, s, i);
				try[i] = '\0';
				if (fit && (TTF_SizeUTF8(font, try, &tw, NULL) || tw > w))
					break;
				fit = i;
			}
			if (!fit)
				fit = len;
		}
		if (fit >= TEXT_LINE_MAX)
			fit = TEXT_LINE_MAX - 1;
		memcpy(lines[k], s, fit);
		lines[k++][fit] = '\0';
		s += fit;
		while (*s == ' ')
			s++;
	}
	return k;
}
