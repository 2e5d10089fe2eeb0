// SPDX-License-Identifier: MIT
/*
 * stretchrep report --patient NAME -o FILE.pdf [--db FILE] — one patient's
 * one-page progress report (app/report/), from the history read-only.
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
#include "report/report_pdf.h"
#include "report/report_store.h"
#include "store/history.h"

static void report_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep report --patient NAME -o FILE.pdf [--db FILE]\n"
		   "  --patient NAME  the patient (as on the kiosk; an archived one too)\n"
		   "  -o FILE.pdf     the report: a regular file or a new one, written whole\n"
		   "  --db FILE       the history (default: as stretchrep history, the user's own,\n"
		   "                  else the kiosk service's %s)\n"
		   "One A4 page: the sessions' range, SLR per side, holds, pain, the recent sessions.\n",
		CLI_HISTORY_SERVICE_PATH);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "patient", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char path[PATH_MAX], why[PATH_MAX + 128];
	const char *db = NULL, *patient = NULL, *out = NULL;
	struct history *h = NULL;
	struct report_model *m = NULL;
	bool exists;
	int c, rc, status = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			patient = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'd':
			db = optarg;
			break;
		case 'h':
			report_usage(stdout);
			return 0;
		default:
			report_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !patient || !out) {
		if (optind == argc)
			fprintf(stderr, "stretchrep report: %s is required\n", !patient ? "--patient NAME" : "-o FILE.pdf");
		report_usage(stderr);
		return EXIT_USAGE;
	}
	if (cli_history_path("report", db, path, sizeof(path), &exists))
		return EXIT_USAGE;
	db = path;
	if (!exists) {
		fprintf(stderr, "stretchrep report: %s: no such file (no sessions saved there)\n", db);
		return EXIT_USAGE;
	}
	rc = history_open_readonly(&h, db);
	if (rc) {
		fprintf(stderr, "stretchrep report: open %s: %s%s\n", db, strerror(-rc),
			rc == -EACCES ? " (the kiosk's history is the stretchrep user's: sudo stretchrep report ...)" : "");
		return 1;
	}
	m = malloc(sizeof(*m));
	if (!m) {
		fprintf(stderr, "stretchrep report: out of memory\n");
		goto out;
	}
	rc = report_model_fill(h, patient, (int64_t)time(NULL), m, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "stretchrep report: %s: %s\n", db, why);
		status = rc == -ENOENT ? EXIT_USAGE : 1;
		goto out;
	}
	rc = report_pdf_save(m, out, why, sizeof(why));
	if (rc) {
		fprintf(stderr, "stretchrep report: %s\n", why);
		goto out;
	}
	fprintf(stderr, "stretchrep report: %s: %d session%s, %d SLR result%s of %s (from %s)\n", out,
		m->total_sessions, m->total_sessions == 1 ? "" : "s", m->total_slr, m->total_slr == 1 ? "" : "s",
		m->patient, db);
	status = 0;
out:
	free(m);
	history_close(h);
	report_pdf_cleanup();
	return status;
}
