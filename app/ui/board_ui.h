/* SPDX-License-Identifier: MIT */
/*
 * board_ui — the clinic board's screen: one tile per station, laid out in
 * the output's own pixels (a grid as near square tiles as the count
 * allows), each with the station (and patient), its state, the reps big,
 * the angle and work time; a warning turns the tile vermilion and flashes
 * its border with "RELEASE" and the seconds held, a pre-warning turns it
 * orange; an offline station is greyed with "offline". Drawn without
 * rotation (a board is a TV on a wall).
 */
#ifndef STRETCHREP_UI_BOARD_UI_H
#define STRETCHREP_UI_BOARD_UI_H

#include "ui/board_view.h"
#include "ui/ui.h"

/* One frame of the board; anim_s drives the warning's flash. 0 or -errno. */
int ui_draw_board(struct ui *ui, const struct ui_board *b, double anim_s);

#endif
