/* SPDX-License-Identifier: MIT */
/*
 * board_run — the board's loop: the subscriber (net/board_sub.h) feeds the
 * model (board.h) on its own thread; this thread draws it (or, headless,
 * only waits: the model prints each message as a JSON line) until
 * quit, SIGTERM or SIGINT.
 */
#ifndef STRETCHREP_BOARD_BOARD_RUN_H
#define STRETCHREP_BOARD_BOARD_RUN_H

#include <stdbool.h>
#include "config.h"
#include "ui/ui.h"

struct board_run_options {
	bool headless;
	struct ui_options ui;
	const char *db_path;         /* the board's database */
	double seconds;              /* stop after this long (0: never) */
};

/* The process exit status: 0, 1 (runtime failure), 2 (bad settings). */
int board_run(const struct config_network *net, const struct board_run_options *opt);

#endif
