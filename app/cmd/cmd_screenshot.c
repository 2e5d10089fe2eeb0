// SPDX-License-Identifier: MIT
/*
 * stretchrep screenshot — one screen, rendered offscreen with the software
 * renderer (no display needed), saved as PNG.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "board/board_scene.h"
#include "cmd/cli.h"
#include "kiosk/scene.h"
#include "ui/board_ui.h"
#include "ui/ui.h"

static void shot_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep screenshot --state STATE --size WxH -o FILE.png\n"
		   "  STATE: start, calibrate, exercise, prewarning, warning, summary, sensor-lost, paused,\n"
		   "         board (the clinic board with six simulated stations)\n"
		   "         finish-confirm, slr, slr-result, progress (a patient's SLR test and\n"
		   "         progress, from a temporary database of simulated sessions and tests)\n"
		   "The state is reached by running a real session on the simulated patient.\n");
}

/* The clinic board: six stations, each a simulated kiosk in one of its
 * screens (board/board_scene.h). */
static int shot_board(int w, int h, const char *path)
{
	struct board *b = NULL;
	struct ui_board v;
	struct ui *ui = NULL;
	char err[512];
	int rc;

	rc = board_new(&b, NULL);
	if (!rc)
		rc = board_scene_fill(b, 6, 100.0);
	if (rc) {
		fprintf(stderr, "stretchrep screenshot: board: %s\n", strerror(-rc));
		board_free(b);
		return 1;
	}
	memset(&v, 0, sizeof(v));
	board_view_fill(b, 100.0, &v);
	v.connected = true;
	board_free(b);
	rc = ui_open_offscreen(&ui, w, h, err, sizeof(err));
	if (!rc) {
		ui_draw_board(ui, &v, 0.0);
		rc = ui_save_png(ui, path, err, sizeof(err));
	}
	if (rc)
		fprintf(stderr, "stretchrep screenshot: %s\n", err);
	ui_close(ui);
	return rc ? 1 : 0;
}

int cmd_screenshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "size", required_argument, NULL, 'z' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	struct kiosk *k = NULL;
	struct ui *ui = NULL;
	int c, w = 800, h = 480, scene = -1, rc, status = 1;
	double now, anim;
	char err[512];

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!strcmp(optarg, "board")) {
				scene = UI_SCENE_N;
				break;
			}
			scene = ui_scene_from_name(optarg);
			if (scene < 0) {
				fprintf(stderr, "stretchrep screenshot: --state: unknown state '%s'\n", optarg);
				shot_usage(stderr);
				return EXIT_USAGE;
			}
			break;
		case 'z':
			if (cli_parse_size("--size", optarg, &w, &h))
				return EXIT_USAGE;
			break;
		case 'o':
			path = optarg;
			break;
		case 'h':
			shot_usage(stdout);
			return 0;
		default:
			shot_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || scene < 0 || !path) {
		shot_usage(stderr);
		return EXIT_USAGE;
	}
	if (scene == UI_SCENE_N)
		return shot_board(w, h, path);
	rc = ui_scene_build((enum ui_scene)scene, &k, &now, &anim);
	if (rc) {
		fprintf(stderr, "stretchrep screenshot: %s: the simulation did not reach it: %s\n",
			ui_scene_name((enum ui_scene)scene), strerror(-rc));
		return 1;
	}
	rc = ui_open_offscreen(&ui, w, h, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "stretchrep screenshot: %s\n", err);
		goto free_kiosk;
	}
	ui_draw(ui, kiosk_view(k), anim);
	rc = ui_save_png(ui, path, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "stretchrep screenshot: %s\n", err);
		goto close_ui;
	}
	status = 0;
close_ui:
	ui_close(ui);
free_kiosk:
	kiosk_free(k);
	return status;
}
