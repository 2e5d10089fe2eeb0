// SPDX-License-Identifier: MIT
/*
 * stretchrep board — the clinic board: every station of [network]'s broker
 * on one screen, the received sessions kept in the board's database
 * (--headless: each message as a JSON line instead of the screen).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board/board_run.h"
#include "cmd/cli.h"
#include "config.h"
#include "store/board_db.h"
#include "store/history.h"

static void board_usage(FILE *f)
{
	fprintf(f,
		"usage: stretchrep board [--config FILE] [--headless] [--db FILE] [--window] [--size WxH]\n"
		"                        [--seconds S]\n"
		"  --config FILE   settings: [network] broker (and credentials, ca) (default %s)\n"
		"  --headless      no display: print what arrives as JSON lines on stdout\n"
		"  --db FILE       the board's record of sessions, SQLite (default: %s in the\n"
		"                  state directory)\n"
		"  --window        a desktop window instead of fullscreen;  --size WxH its size\n"
		"  --seconds S     stop after S seconds (default: run until quit or SIGTERM)\n",
		CONFIG_DEFAULT_PATH, BOARD_DB_FILE_NAME);
}

int cmd_board(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "headless", no_argument, NULL, 'H' },
		{ "db", required_argument, NULL, 'D' },
		{ "window", no_argument, NULL, 'W' },
		{ "size", required_argument, NULL, 'z' },
		{ "seconds", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct board_run_options o = { 0 };
	struct config *cfg = NULL;
	char path[4096];
	int c, rc;

	rc = cli_config_open("board", argc, argv, "h", opts, &cfg);
	if (rc)
		return rc;
	o.ui.window = !cfg->display.fullscreen;
	o.ui.width = cfg->display.width;
	o.ui.height = cfg->display.height;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			break;
		case 'H':
			o.headless = true;
			break;
		case 'D':
			o.db_path = optarg;
			break;
		case 'W':
			o.ui.window = true;
			break;
		case 'z':
			if (cli_parse_size("--size", optarg, &o.ui.width, &o.ui.height))
				goto usage;
			break;
		case 't':
			if (cli_parse_double("--seconds", optarg, 0.1, 1e7, &o.seconds))
				goto usage;
			break;
		case 'h':
			board_usage(stdout);
			free(cfg);
			return 0;
		default:
			board_usage(stderr);
			goto usage;
		}
	}
	if (optind != argc) {
		board_usage(stderr);
		goto usage;
	}
	if (!o.db_path) {
		char *slash;

		rc = history_default_path(path, sizeof(path));
		slash = rc ? NULL : strrchr(path, '/');
		if (!slash || (size_t)(slash - path) + 1 + sizeof(BOARD_DB_FILE_NAME) > sizeof(path)) {
			fprintf(stderr, "stretchrep board: no state directory: give --db FILE\n");
			goto usage;
		}
		memcpy(slash + 1, BOARD_DB_FILE_NAME, sizeof(BOARD_DB_FILE_NAME));
		if (history_make_parent_dirs(path)) {
			fprintf(stderr, "stretchrep board: cannot make the folder of %s\n", path);
			free(cfg);
			return 1;
		}
		o.db_path = path;
	}
	rc = board_run(&cfg->network, &o);
	free(cfg);
	return rc;

usage:
	free(cfg);
	return EXIT_USAGE;
}
