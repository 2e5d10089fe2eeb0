// SPDX-License-Identifier: MIT
/* board_run — the board's loop (board_run.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "board/board.h"
#include "board/board_run.h"
#include "clock.h"
#include "net/board_sub.h"
#include "store/board_db.h"
#include "ui/board_ui.h"

#define BOARD_FRAME_S 0.1   /* 10 frames a second: live states come at 5 Hz */

static volatile sig_atomic_t board_stop;

/* Signal handlers do no work (STYLE.md 8). */
static void on_signal(int sig)
{
	(void)sig;
	board_stop = 1;
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };

	nanosleep(&ts, NULL);
}

int board_run(const struct config_network *net, const struct board_run_options *opt)
{
	struct board_db *db = NULL;
	struct board *b = NULL;
	struct net_board *sub = NULL;
	struct ui *ui = NULL;
	struct sigaction sa;
	char why[512];
	double t0 = clock_mono_s();
	int rc, status = 1;

	if (!net->broker[0]) {
		fprintf(stderr, "stretchrep board: no [network] broker in the settings\n");
		return 2;
	}
	rc = board_db_open(&db, opt->db_path);
	if (rc) {
		fprintf(stderr, "stretchrep board: %s: %s\n", opt->db_path, strerror(-rc));
		return 1;
	}
	rc = board_new(&b, opt->headless ? stdout : NULL);
	if (rc)
		goto out;
	if (!opt->headless) {
		rc = ui_open(&ui, &opt->ui, why, sizeof(why));
		if (rc) {
			fprintf(stderr, "stretchrep board: display: %s\n", why);
			goto out;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	rc = net_board_open(&sub, net, db, board_on_msg, b, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "stretchrep board: %s\n", why);
		status = rc == -EINVAL ? 2 : 1;
		goto out;
	}
	while (!board_stop && (opt->seconds <= 0 || clock_mono_s() - t0 < opt->seconds)) {
		if (ui) {
			struct ui_board v;

			memset(&v, 0, sizeof(v));
			board_view_fill(b, clock_mono_s(), &v);
			v.connected = net_board_connected(sub);
			ui_draw_board(ui, &v, clock_mono_s() - t0);
			ui_present(ui);
			if (ui_poll(ui, (int)(BOARD_FRAME_S * 1000)) == UI_CMD_QUIT)
				break;
		} else {
			sleep_s(BOARD_FRAME_S);
		}
	}
	status = 0;
out:
	net_board_close(sub);   /* stops the thread before what it uses goes */
	ui_close(ui);
	board_free(b);
	rc = db ? board_db_count(db) : 0;
	if (db && rc >= 0)
		fprintf(stderr, "stretchrep board: %d sessions in %s\n", rc, opt->db_path);
	board_db_close(db);
	return status;
}
