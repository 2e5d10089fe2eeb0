/* SPDX-License-Identifier: MIT */
/*
 * board_view — what one frame of the clinic board shows, as plain data
 * (filled by board/board.h from what the stations publish); drawn by
 * ui_draw_board (ui/board_ui.h). No SDL here.
 */
#ifndef STRETCHREP_UI_BOARD_VIEW_H
#define STRETCHREP_UI_BOARD_VIEW_H

#include <stdbool.h>

#define UI_BOARD_MAX 24          /* tiles on one screen (20 stations and room) */

struct ui_board_tile {
	char station[33];
	char patient[16];            /* initials or id, "" none */
	char state[16];              /* idle, calibrating, working, paused, done */
	bool online;                 /* false: greyed, "offline" */
	int reps;
	double angle_deg;
	double hold_s;               /* 0 when not holding */
	int alert;                   /* 0 none, 1 pre-warning, 2 warning: the tile stands out */
	double work_s;
	int sessions;                /* finished sessions received from it */
};

struct ui_board {
	int n;                       /* tiles, in station name order */
	struct ui_board_tile tiles[UI_BOARD_MAX];
	int more;                    /* stations not shown (beyond UI_BOARD_MAX) */
	bool connected;              /* to the broker */
	char title[64];
};

#endif
