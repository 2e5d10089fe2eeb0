// SPDX-License-Identifier: MIT
/*
 * test_board_ui — the board's screen with the screenshot's six simulated
 * stations (board_scene: real simulated kiosk sessions in their screens),
 * offscreen at 800x480 and 1920x1080: one tile per station with its name,
 * the warning station's tile says RELEASE and is vermilion, the offline
 * one says offline, every text inside the output, and the names large
 * enough to read across a room (at least 3 % of the output's height).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "board/board_scene.h"
#include "ui/board_ui.h"
#include "ui/ui.h"

static const struct ui_text_rec *find_text(const struct ui_text_rec *r, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(r[i].text, s))
			return &r[i];
	return NULL;
}

static void draw_at(int w, int h)
{
	struct board *b;
	struct ui_board v;
	struct ui *ui;
	const struct ui_text_rec *rec, *t;
	char err[256], name[16];
	unsigned int px;
	int n;

	assert_int_equal(board_new(&b, NULL), 0);
	assert_int_equal(board_scene_fill(b, 6, 50.0), 0);
	memset(&v, 0, sizeof(v));
	board_view_fill(b, 50.0, &v);
	v.connected = true;
	board_free(b);
	assert_int_equal(v.n, 6);
	assert_int_equal(v.tiles[1].alert, 2);      /* mat-2: the warning scene */
	assert_false(v.tiles[5].online);            /* mat-6: went offline */
	assert_int_equal(ui_open_offscreen(&ui, w, h, err, sizeof(err)), 0);
	assert_int_equal(ui_draw_board(ui, &v, 0.0), 0);
	n = ui_texts(ui, &rec);
	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "mat-%d", i + 1);
		t = NULL;
		for (int j = 0; j < n && !t; j++)
			if (!strncmp(rec[j].text, name, strlen(name)))
				t = &rec[j];
		assert_non_null(t);
		if (t)   /* (the analyzer does not know assert_non_null ends the test) */
			assert_true(t->rect.h >= h * 0.03);
	}
	t = find_text(rec, n, "RELEASE");
	assert_non_null(t);
	if (t) {
		assert_int_equal(ui_output_pixel(ui, t->rect.x - 4, t->rect.y + t->rect.h / 2, &px), 0);
		assert_int_equal(px & 0xffffff, 0xd55e00);  /* the warning's vermilion */
	}
	assert_non_null(find_text(rec, n, "offline"));
	for (int i = 0; i < n; i++) {
		assert_true(rec[i].rect.x >= 0 && rec[i].rect.y >= 0);
		assert_true(rec[i].rect.x + rec[i].rect.w <= w && rec[i].rect.y + rec[i].rect.h <= h);
	}
	ui_close(ui);
}

static void board_800x480(void **state)
{
	(void)state;
	draw_at(800, 480);
}

static void board_1920x1080(void **state)
{
	(void)state;
	draw_at(1920, 1080);
}

/* The tiles come from their textures, redrawn when what they show changes:
 * frame after frame (a tile's angle within a degree, reps up, a warning's
 * flash, a station gone offline, a seventh station changing the layout)
 * the pixels and the recorded texts are those of the same frames drawn
 * directly (ui_cache_static off). */
static void cached_tiles_match_direct_drawing(void **state)
{
	struct board *b;
	struct ui_board v;
	struct ui *cached, *direct;
	char err[256];

	(void)state;
	assert_int_equal(board_new(&b, NULL), 0);
	assert_int_equal(board_scene_fill(b, 6, 50.0), 0);
	memset(&v, 0, sizeof(v));
	board_view_fill(b, 50.0, &v);
	board_free(b);
	assert_int_equal(ui_open_offscreen(&cached, 1280, 720, err, sizeof(err)), 0);
	assert_int_equal(ui_open_offscreen(&direct, 1280, 720, err, sizeof(err)), 0);
	ui_cache_static(direct, false);
	for (int f = 0; f < 8; f++) {
		const struct ui_text_rec *rc, *rd;
		const unsigned *pc, *pd;
		int w, h, stride, w2, h2, stride2, nc, nd;

		switch (f) {
		case 1: v.tiles[0].angle_deg += 0.2; break;          /* the same face */
		case 2: v.tiles[2].reps++; v.tiles[0].angle_deg += 5; break;
		case 3: v.tiles[3].online = false; break;
		case 4: v.tiles[4].alert = 1; v.tiles[4].hold_s = 7; break;
		case 5: v.tiles[6] = v.tiles[2]; v.tiles[6].station[4] = '7'; v.n = 7; break;
		case 6: v.tiles[1].work_s += 1; break;
		default: break;
		}
		assert_int_equal(ui_draw_board(cached, &v, f * 0.25), 0);   /* the flash turns every frame */
		assert_int_equal(ui_draw_board(direct, &v, f * 0.25), 0);
		pc = ui_pixels(cached, &w, &h, &stride);
		pd = ui_pixels(direct, &w2, &h2, &stride2);
		assert_int_equal(stride, stride2);
		for (int y = 0; y < h; y++)
			if (memcmp(pc + (size_t)y * (size_t)stride, pd + (size_t)y * (size_t)stride, (size_t)w * 4) != 0) {
				print_error("frame %d: row %d differs\n", f, y);
				fail();
			}
		nc = ui_texts(cached, &rc);
		nd = ui_texts(direct, &rd);
		assert_int_equal(nc, nd);
		for (int i = 0; i < nc; i++) {
			assert_string_equal(rc[i].text, rd[i].text);
			assert_memory_equal(&rc[i].rect, &rd[i].rect, sizeof(rc[i].rect));
			assert_memory_equal(&rc[i].box, &rd[i].box, sizeof(rc[i].box));
		}
	}
	ui_close(cached);
	ui_close(direct);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(board_800x480),
		cmocka_unit_test(board_1920x1080),
		cmocka_unit_test(cached_tiles_match_direct_drawing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
