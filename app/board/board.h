/* SPDX-License-Identifier: MIT */
/*
 * app/board/ — the clinic board: every station on one screen. The model
 * (this header), the loop (board_run.h) and the screenshot scene
 * (board_scene.h). May include: core/, net/ (the subscriber and the
 * messages), store/ (the board's database), ui/ (the tiles are drawn by
 * ui/board_ui.h), kiosk/ (the scene runs simulated kiosks), app/'s shared
 * modules. Never cmd/, source/ or the drivers (tests/test_layers.sh).
 *
 * board — the stations as last heard of. Fed from the subscriber's thread
 * (board_on_msg), read by the screen's (board_view_fill): one mutex. A
 * station is offline when it said so (its status, or its last will) or was
 * not heard of for BOARD_SILENT_S.
 */
#ifndef STRETCHREP_BOARD_BOARD_H
#define STRETCHREP_BOARD_BOARD_H

#include <stdio.h>
#include "net/board_sub.h"
#include "ui/board_view.h"

#define BOARD_MAX_STATIONS 64
#define BOARD_SILENT_S 10.0

struct board;

/* out: headless JSON lines of every message (NULL: none). */
int board_new(struct board **out, FILE *json_out);
void board_free(struct board *b);   /* NULL is fine */

/* A message as received (net_board_open's on_msg; ctx is the board).
 * now_s: the monotonic clock. */
void board_on_msg(void *ctx, const struct net_board_msg *m);
void board_take(struct board *b, const struct net_board_msg *m, double now_s);

/* The screen's view at now_s (monotonic). */
void board_view_fill(struct board *b, double now_s, struct ui_board *out);

#endif
