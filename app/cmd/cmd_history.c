// SPDX-License-Identifier: MIT
/*
 * stretchrep history [--csv | --reps-csv] [--db FILE] [--limit N] — lists
 * the saved sessions, newest first, or exports them as CSV (oldest first).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "store/history.h"

#define HISTORY_LIST_DEFAULT 20
/* The kiosk's history when it runs as the service (StateDirectory=). */
#define HISTORY_SERVICE_PATH "/var/lib/stretchrep/" HISTORY_FILE_NAME

static void history_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep history [--csv | --reps-csv] [--db FILE] [--limit N]\n"
		   "  --csv       export every session as CSV (one line each, oldest first)\n"
		   "  --reps-csv  export every rep as CSV\n"
		   "  --db FILE   the database (default $STATE_DIRECTORY, $XDG_DATA_HOME/stretchrep\n"
		   "              or ~/.local/share/stretchrep, then /%s; when that does not\n"
		   "              exist, the kiosk service's %s)\n"
		   "  --limit N   sessions listed (default %d)\n"
		   "The file read is named on stderr; it is opened read-only.\n",
		HISTORY_FILE_NAME, HISTORY_SERVICE_PATH, HISTORY_LIST_DEFAULT);
}

static void print_list(const struct history_entry *e, int n)
{
	printf("%-5s %-16s %5s %7s %9s %9s %6s %8s %s\n",
	       "id", "started", "reps", "work_s", "mean_deg", "best_deg", "warns", "hold_s", "source");
	for (int i = 0; i < n; i++) {
		char when[32] = "?";
		time_t t = (time_t)e[i].started_at;
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%-5lld %-16s %5d %7.1f %9.1f %9.1f %6d %8.1f %s\n",
		       (long long)e[i].id, when, e[i].sum.reps, e[i].sum.work_s,
		       e[i].sum.mean_peak_deg, e[i].sum.best_peak_deg, e[i].sum.warnings,
		       e[i].sum.longest_hold_s, e[i].source);
	}
}

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "reps-csv", no_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char path[PATH_MAX];
	const char *db = NULL;
	struct history *h = NULL;
	struct history_entry *e = NULL;
	double limit = HISTORY_LIST_DEFAULT;
	int c, rc, mode = 0, status = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'r':
			if (mode && mode != c) {
				fprintf(stderr, "stretchrep history: --csv and --reps-csv are exclusive\n");
				return EXIT_USAGE;
			}
			mode = c;
			break;
		case 'd':
			db = optarg;
			break;
		case 'n':
			if (cli_parse_double("--limit", optarg, 1, 100000, &limit))
				return EXIT_USAGE;
			break;
		case 'h':
			history_usage(stdout);
			return 0;
		default:
			history_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		history_usage(stderr);
		return EXIT_USAGE;
	}
	if (!db) {
		rc = history_default_path(path, sizeof(path));
		if (rc) {
			fprintf(stderr, "stretchrep history: no database path (set --db, STATE_DIRECTORY or HOME): %s\n",
				strerror(-rc));
			return EXIT_USAGE;
		}
		db = path;
		/* the user's own history, else the kiosk service's */
		if (access(db, F_OK) && errno == ENOENT && access(HISTORY_SERVICE_PATH, F_OK) == 0)
			db = HISTORY_SERVICE_PATH;
		/* Listing must not create a database (or its directories) as a
		 * side effect: no file here is just "no sessions". */
		if (access(db, F_OK) && errno == ENOENT) {
			/* CSV: nothing on stdout, so the export is an empty file */
			fprintf(mode ? stderr : stdout, "no sessions saved yet (%s)\n", db);
			return 0;
		}
	} else if (access(db, F_OK) && errno == ENOENT) {   /* a path given: a typo is no empty history */
		fprintf(stderr, "stretchrep history: %s: no such file\n", db);
		return EXIT_USAGE;
	}
	fprintf(stderr, "stretchrep history: reading %s\n", db);
	rc = history_open_readonly(&h, db);
	if (rc == -EACCES || rc == -EPERM) {
		fprintf(stderr, "stretchrep history: %s: permission denied; the kiosk's history belongs to the "
			"stretchrep user (mode 0600): run sudo stretchrep history%s\n", db,
			mode == 'c' ? " --csv" : mode == 'r' ? " --reps-csv" : "");
		return 1;
	}
	if (rc) {
		fprintf(stderr, "stretchrep history: open %s: %s\n", db, strerror(-rc));
		return 1;
	}
	if (mode == 'c') {
		rc = history_export_sessions_csv(h, stdout);
	} else if (mode == 'r') {
		rc = history_export_reps_csv(h, stdout);
	} else {
		e = calloc((size_t)limit, sizeof(*e));
		if (!e) {
			rc = -ENOMEM;
		} else {
			rc = history_recent(h, e, (int)limit);
			if (rc == 0)
				printf("no sessions saved yet (%s)\n", db);
			else if (rc > 0)
				print_list(e, rc);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (rc)
		fprintf(stderr, "stretchrep history: %s: %s (%s)\n", db, strerror(-rc), history_errmsg(h));
	else if (fflush(stdout))
		fprintf(stderr, "stretchrep history: write: %s\n", strerror(errno));
	else
		status = 0;
	free(e);
	history_close(h);
	return status;
}
