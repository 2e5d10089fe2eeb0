// SPDX-License-Identifier: MIT
/* board_run — the board's loop (board_run.h). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
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
#define BOARD_FRAME_STATS 36000   /* frames timed (an hour), for the log at the end */

static volatile sig_atomic_t board_stop;

/* Signal handlers do no work (STYLE.md 8). */
static void on_signal(int sig)
{
	(void)sig;
	board_stop = 1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The frames' cost (draw + present), for the log and bench-board: wall
 * time, and the CPU time the board's thread spent on them (which other
 * processes taking the CPU meanwhile do not inflate). */
static void frame_stats(double *ms, double *cpu_ms, size_t n)
{
	if (n == 0)
		return;
	qsort(ms, n, sizeof(ms[0]), cmp_double);
	qsort(cpu_ms, n, sizeof(cpu_ms[0]), cmp_double);
	fprintf(stderr, "stretchrep board: %zu frames, draw+present p50 %.2f ms, p99 %.2f ms, max %.2f ms; "
		"CPU p50 %.2f ms, p99 %.2f ms\n", n, ms[n / 2], ms[(size_t)((double)(n - 1) * 0.99)], ms[n - 1],
		cpu_ms[n / 2], cpu_ms[(size_t)((double)(n - 1) * 0.99)]);
}

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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
	double *frame_ms = NULL, *frame_cpu_ms = NULL;
	size_t n_frames = 0;
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
	if (ui) {   /* NULL: frames not timed */
		frame_ms = malloc(BOARD_FRAME_STATS * sizeof(double));
		frame_cpu_ms = malloc(BOARD_FRAME_STATS * sizeof(double));
	}
	while (!board_stop && (opt->seconds <= 0 || clock_mono_s() - t0 < opt->seconds)) {
		if (ui) {
			struct ui_board v;

			memset(&v, 0, sizeof(v));
			board_view_fill(b, clock_mono_s(), &v);
			v.connected = net_board_connected(sub);
			double f0 = clock_mono_s(), c0 = thread_cpu_s();

			ui_draw_board(ui, &v, f0 - t0);
			ui_present(ui);
			if (frame_ms && frame_cpu_ms && n_frames < BOARD_FRAME_STATS) {
				frame_cpu_ms[n_frames] = (thread_cpu_s() - c0) * 1000.0;
				frame_ms[n_frames++] = (clock_mono_s() - f0) * 1000.0;
			}
			if (ui_poll(ui, (int)(BOARD_FRAME_S * 1000)) == UI_CMD_QUIT)
				break;
		} else {
			sleep_s(BOARD_FRAME_S);
		}
	}
	status = 0;
	frame_stats(frame_ms, frame_cpu_ms, n_frames);
out:
	net_board_close(sub);   /* stops the thread before what it uses goes */
	ui_close(ui);
	board_free(b);
	rc = db ? board_db_count(db) : 0;
	if (db && rc >= 0)
		fprintf(stderr, "stretchrep board: %d sessions in %s\n", rc, opt->db_path);
	board_db_close(db);
	free(frame_ms);
	free(frame_cpu_ms);
	return status;
}
