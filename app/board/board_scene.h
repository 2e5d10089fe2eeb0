/* SPDX-License-Identifier: MIT */
/*
 * board_scene — the board with several simulated stations, for
 * `stretchrep screenshot --state board`, the tests and bench-board: each
 * station's live state is a real simulated kiosk session put into one of
 * its screens (kiosk/scene.h: exercising, pre-warning, warning, summary,
 * start), passed through the same live message the network carries
 * (kiosk_net_live, net_live_json, net_parse_live), plus one station that
 * went offline.
 */
#ifndef STRETCHREP_BOARD_BOARD_SCENE_H
#define STRETCHREP_BOARD_BOARD_SCENE_H

#include "board/board.h"

/* Fills b (a new board) with n stations (1..BOARD_MAX_STATIONS) at
 * monotonic time now_s. 0 or -errno. */
int board_scene_fill(struct board *b, int n, double now_s);

#endif
