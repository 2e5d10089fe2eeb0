// SPDX-License-Identifier: MIT
/*
 * stretchrep history [--patient NAME [--slr]] [--csv | --reps-csv] [--db FILE]
 * [--limit N] — lists the saved sessions, newest first, or exports them as
 * CSV (oldest first); with --patient, only that patient's; with --slr,
 * their straight-leg-raise results instead.
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
#include "store/patients.h"

#define HISTORY_LIST_DEFAULT 20
#define HISTORY_SERVICE_PATH CLI_HISTORY_SERVICE_PATH
#define HISTORY_SLR_MAX 1000

static void history_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep history [--patient NAME [--slr]] [--csv | --reps-csv] [--db FILE] [--limit N]\n"
		   "  --csv          export every session as CSV (one line each, oldest first)\n"
		   "  --reps-csv     export every rep as CSV\n"
		   "  --patient NAME only this patient's sessions (archived patients too)\n"
		   "  --slr          with --patient: their straight-leg-raise results instead\n"
		   "                 (--csv: patient,side,taken_utc,trial1_deg,trial2_deg,note)\n"
		   "  --db FILE      the database (default $STATE_DIRECTORY, $XDG_DATA_HOME/stretchrep\n"
		   "                 or ~/.local/share/stretchrep, then /%s; when that does not\n"
		   "                 exist, the kiosk service's %s)\n"
		   "  --limit N      sessions listed (default %d)\n"
		   "The file read is named on stderr; it is opened read-only.\n",
		HISTORY_FILE_NAME, HISTORY_SERVICE_PATH, HISTORY_LIST_DEFAULT);
}

/* "3>1" pain before > after, "-" not asked */
static void pain_text(char *buf, size_t len, const struct history_meta *m)
{
	char b[12] = "-", a[12] = "-";

	if (m->pain_before >= 0)
		snprintf(b, sizeof(b), "%d", m->pain_before);
	if (m->pain_after >= 0)
		snprintf(a, sizeof(a), "%d", m->pain_after);
	snprintf(buf, len, "%s>%s", b, a);
}

static void print_list(const struct history_entry *e, int n)
{
	printf("%-5s %-16s %5s %7s %9s %9s %6s %8s %-7s %-5s %-5s %s\n",
	       "id", "started", "reps", "work_s", "mean_deg", "best_deg", "warns", "hold_s", "source", "side",
	       "pain", "symptoms");
	for (int i = 0; i < n; i++) {
		char when[32] = "?", pain[16];
		time_t t = (time_t)e[i].started_at;
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		pain_text(pain, sizeof(pain), &e[i].meta);
		printf("%-5lld %-16s %5d %7.1f %9.1f %9.1f %6d %8.1f %-7s %-5s %-5s",
		       (long long)e[i].id, when, e[i].sum.reps, e[i].sum.work_s,
		       e[i].sum.mean_peak_deg, e[i].sum.best_peak_deg, e[i].sum.warnings,
		       e[i].sum.longest_hold_s, e[i].source,
		       e[i].meta.side ? history_side_name(e[i].meta.side) : "-", pain);
		for (int k = 0; k < e[i].meta.n_symptoms; k++)
			printf("%s%d@%.1f", k ? ";" : "", e[i].meta.symptoms[k].rating, e[i].meta.symptoms[k].angle_deg);
		printf("%s\n", e[i].meta.n_symptoms ? "" : "-");
	}
}

static int print_slr(struct history *h, int64_t patient_id)
{
	struct patient_slr *r = calloc(HISTORY_SLR_MAX, sizeof(*r));
	int n = r ? patient_slr_list(h, patient_id, HISTORY_SIDE_NONE, r, HISTORY_SLR_MAX) : -ENOMEM;

	if (n == 0)
		printf("no straight-leg-raise results yet\n");
	else if (n > 0)
		printf("%-16s %-5s %10s %10s %s\n", "taken", "side", "trial1_deg", "trial2_deg", "note");
	for (int i = 0; i < n; i++) {
		char when[32] = "?";
		time_t t = (time_t)r[i].taken_at;
		struct tm tm;

		if (localtime_r(&t, &tm))
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%-16s %-5s %10.1f %10.1f %s\n", when, history_side_name(r[i].side), r[i].trial_deg[0],
		       r[i].trial_deg[1], r[i].note);
	}
	free(r);
	return n < 0 ? n : 0;
}

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "csv", no_argument, NULL, 'c' },
		{ "reps-csv", no_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "patient", required_argument, NULL, 'P' },
		{ "slr", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char path[PATH_MAX];
	const char *db = NULL;
	struct history *h = NULL;
	struct history_entry *e = NULL;
	double limit = HISTORY_LIST_DEFAULT;
	const char *patient = NULL;
	struct patient p;
	bool slr = false, exists;
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
		case 'P':
			patient = optarg;
			break;
		case 's':
			slr = true;
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
	if (slr && (!patient || mode == 'r')) {
		fprintf(stderr, "stretchrep history: --slr needs --patient NAME (and takes --csv, not --reps-csv)\n");
		return EXIT_USAGE;
	}
	if (patient && mode == 'r') {
		fprintf(stderr, "stretchrep history: --patient lists sessions (--csv), not reps\n");
		return EXIT_USAGE;
	}
	rc = cli_history_path("history", db, path, sizeof(path), &exists);
	if (rc)
		return rc;
	if (!exists) {
		if (db) {   /* a path given: a typo is no empty history */
			fprintf(stderr, "stretchrep history: %s: no such file\n", db);
			return EXIT_USAGE;
		}
		/* Listing must not create a database (or its directories) as a
		 * side effect: no file here is just "no sessions". CSV: nothing
		 * on stdout, so the export is an empty file. */
		if (patient) {
			fprintf(stderr, "stretchrep history: no patient '%s': no history yet (%s)\n", patient, path);
			return EXIT_USAGE;
		}
		fprintf(mode ? stderr : stdout, "no sessions saved yet (%s)\n", path);
		return 0;
	}
	db = path;
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
	if (patient) {
		rc = patient_find(h, patient, true, &p);
		if (rc == -ENOENT) {
			fprintf(stderr, "stretchrep history: no patient '%s' in %s (stretchrep patient list --all)\n",
				patient, db);
			history_close(h);
			return EXIT_USAGE;
		}
	}
	if (patient && rc) {
		/* said below */
	} else if (slr && mode == 'c') {
		rc = patient_export_slr_csv(h, p.id, stdout);
	} else if (slr) {
		rc = print_slr(h, p.id);
	} else if (mode == 'c') {
		rc = patient ? patient_export_sessions_csv(h, p.id, stdout) : history_export_sessions_csv(h, stdout);
	} else if (mode == 'r') {
		rc = history_export_reps_csv(h, stdout);
	} else {
		e = calloc((size_t)limit, sizeof(*e));
		if (!e) {
			rc = -ENOMEM;
		} else {
			rc = patient ? history_recent_patient(h, p.id, e, (int)limit) : history_recent(h, e, (int)limit);
			if (rc == 0 && patient)
				printf("no sessions of %s yet (%s)\n", p.name, db);
			else if (rc == 0)
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
