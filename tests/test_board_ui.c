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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(board_800x480),
		cmocka_unit_test(board_1920x1080),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
