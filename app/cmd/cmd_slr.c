// SPDX-License-Identifier: MIT
/*
 * stretchrep slr — the straight-leg-raise test (core/slr) over a simulated
 * passive raise (core/sim_slr) or a recorded trace of the thigh sensor with
 * the clinician's marks; one JSON object out. A thin client: the kiosk's
 * SLR screen runs the same core.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cli.h"
#include "core/sim_slr.h"
#include "core/slr.h"
#include "trace_file.h"

#define MAX_MARKS 16

static void slr_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep slr --simulate --truth-deg D [--seed N] [--shank] [--reaction S]\n"
		   "                      [--trace OUT.csv]\n"
		   "       stretchrep slr TRACE.csv --mark T [--mark T ...]\n"
		   "The passive straight-leg raise: the thigh's angle from horizontal (the\n"
		   "still pose before the first trial is flat, 0 deg) at the onset of knee bend,\n"
		   "two trials and their mean with the test's MDC95 (%.1f deg one rater, %.0f deg\n"
		   "between raters). One JSON object on stdout.\n"
		   "  --simulate       a simulated raise with known truth (printed under \"truth\")\n"
		   "  --truth-deg D    the knee starts to bend at D deg (15-120; trial 2 within 1.5)\n"
		   "  --seed N         the simulation's seed (0-1e9, default 1)\n"
		   "  --shank          a second sensor on the shank finds the bend (else the\n"
		   "                   clinician marks it, --reaction after the true onset)\n"
		   "  --reaction S     the clinician's reaction time, 0-0.9 s (default 0.2-0.4 drawn)\n"
		   "  --trace OUT.csv  also write the thigh sensor's trace (with the marks' truth)\n"
		   "  --mark T         a recorded trace: the clinician marked the bend at trace time T, s\n"
		   "Exit status: 0 both trials taken, 1 fewer, 2 bad usage or a bad trace.\n",
		SLR_MDC95_ONE_RATER_DEG, SLR_MDC95_BETWEEN_RATERS_DEG);
}

static void print_result(const struct slr *st, int rejected, const struct sim_slr *sim)
{
	const struct slr_result *r = slr_get_result(st);

	printf("{\"trials\": [");
	for (int i = 0; i < r->trials; i++)
		printf("%s{\"angle_deg\": %.2f, \"t_s\": %.3f, \"rate_dps\": %.2f, \"by\": \"%s\"}", i ? ", " : "",
		       r->trial[i].angle_deg, r->trial[i].t_s, r->trial[i].rate_dps, r->trial[i].by_knee ? "knee" : "mark");
	printf("],\n \"complete\": %s, \"rejected\": %d, \"mean_deg\": %.2f,"
	       " \"mdc95_one_rater_deg\": %.1f, \"mdc95_between_raters_deg\": %.1f",
	       r->trials >= SLR_TRIALS ? "true" : "false", rejected, r->mean_deg, r->mdc95_one_rater_deg,
	       r->mdc95_between_raters_deg);
	if (sim) {
		double sum = 0.0;

		printf(",\n \"truth\": {\"trials\": [");
		for (int i = 0; i < SIM_SLR_TRIALS; i++) {
			const struct sim_slr_trial *t = &sim->trial[i];

			sum += t->onset_deg;
			printf("%s{\"onset_deg\": %.2f, \"onset_t_s\": %.3f, \"mark_deg\": %.2f, \"mark_t_s\": %.3f,"
			       " \"raise_dps\": %.2f}", i ? ", " : "", t->onset_deg, t->onset_t_s, t->mark_deg,
			       t->mark_t_s, t->raise_dps);
		}
		printf("], \"mean_onset_deg\": %.2f}", sum / SIM_SLR_TRIALS);
	}
	printf("}\n");
}

/* A mark on the core: counts a rejection and says it on stderr. */
static int apply_mark(struct slr *st, double t_s, int *rejected)
{
	int rc = slr_mark(st, t_s);

	if (rc) {
		(*rejected)++;
		fprintf(stderr, "stretchrep slr: mark at %.3f s: %s\n", t_s,
			rc == -EAGAIN ? "no trial armed (the leg was not lying still and flat)"
				      : slr_outcome_name(slr_get_outcome(st)));
	}
	return rc;
}

static int run_simulated(struct sim_slr_settings *set, const char *trace_path)
{
	struct sim_slr *sim = malloc(sizeof(*sim));
	struct slr *st = malloc(sizeof(*st));
	struct sample a, b;
	FILE *out = NULL;
	int next = 0, rejected = 0, status = 1;
	char comment[160];

	if (!sim || !st) {
		fprintf(stderr, "stretchrep slr: out of memory\n");
		goto out_free;
	}
	sim_slr_init(sim, set);
	slr_init(st, NULL, set->shank);
	if (trace_path) {
		out = fopen(trace_path, "w");
		if (!out) {
			fprintf(stderr, "stretchrep slr: %s: %s\n", trace_path, strerror(errno));
			goto out_free;
		}
		snprintf(comment, sizeof(comment), "stretchrep slr --simulate: thigh sensor, truth %.2f deg, seed %llu",
			 set->truth_deg, (unsigned long long)set->seed);
		trace_write_header(out, comment);
		for (int i = 0; i < SIM_SLR_TRIALS; i++)
			fprintf(out, "# truth_event: {\"trial\": %d, \"onset_deg\": %.3f, \"onset_t_s\": %.4f,"
				" \"mark_deg\": %.3f, \"mark_t_s\": %.4f}\n", i + 1, sim->trial[i].onset_deg,
				sim->trial[i].onset_t_s, sim->trial[i].mark_deg, sim->trial[i].mark_t_s);
	}
	while (sim_slr_next(sim, &a, &b)) {
		if (out && trace_write_sample(out, &a)) {
			fprintf(stderr, "stretchrep slr: %s: write error\n", trace_path);
			goto out_free;
		}
		slr_update(st, &a, set->shank ? &b : NULL);
		/* one sensor: the clinician presses after the true onset */
		if (!set->shank && next < SIM_SLR_TRIALS && a.t_s >= sim->trial[next].mark_t_s)
			apply_mark(st, sim->trial[next++].mark_t_s, &rejected);
	}
	if (out) {
		int bad = ferror(out);

		bad |= fclose(out) != 0;
		out = NULL;
		if (bad) {
			fprintf(stderr, "stretchrep slr: %s: write error\n", trace_path);
			goto out_free;
		}
	}
	print_result(st, rejected, sim);
	status = slr_get_result(st)->trials >= SLR_TRIALS ? 0 : 1;
out_free:
	if (out)
		fclose(out);
	free(sim);
	free(st);
	return status;
}

static int run_trace(const char *path, const double *marks, int n_marks)
{
	struct trace_reader *r = NULL;
	struct slr *st = malloc(sizeof(*st));
	struct sample smp;
	char err[512];
	int next = 0, rejected = 0, rc, status = EXIT_USAGE;

	if (!st) {
		fprintf(stderr, "stretchrep slr: out of memory\n");
		return 1;
	}
	slr_init(st, NULL, false);
	if (trace_reader_open(&r, path, err, sizeof(err))) {
		fprintf(stderr, "stretchrep slr: %s\n", err);
		goto out_free;
	}
	/* the whole trace first: a bad line late in it gives no result at all */
	while ((rc = trace_reader_next(r, &smp, err, sizeof(err))) == 1) {
		slr_update(st, &smp, NULL);
		while (next < n_marks && smp.t_s >= marks[next])
			apply_mark(st, marks[next++], &rejected);
	}
	if (rc < 0) {
		fprintf(stderr, "stretchrep slr: %s\n", err);
		goto out_free;
	}
	for (; next < n_marks; next++) {
		fprintf(stderr, "stretchrep slr: mark at %.3f s: after the trace's end\n", marks[next]);
		rejected++;
	}
	print_result(st, rejected, NULL);
	status = slr_get_result(st)->trials >= SLR_TRIALS ? 0 : 1;
out_free:
	trace_reader_close(r);
	free(st);
	return status;
}

int cmd_slr(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "simulate", no_argument, NULL, 'S' },
		{ "truth-deg", required_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "shank", no_argument, NULL, 'k' },
		{ "reaction", required_argument, NULL, 'r' },
		{ "trace", required_argument, NULL, 't' },
		{ "mark", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_slr_settings set = sim_slr_default_settings;
	double marks[MAX_MARKS], v;
	int n_marks = 0, c;
	bool simulate = false, have_truth = false;
	const char *trace_out = NULL;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			simulate = true;
			break;
		case 'd':
			if (cli_parse_double("--truth-deg", optarg, 15.0, 120.0, &set.truth_deg))
				return EXIT_USAGE;
			have_truth = true;
			break;
		case 's':
			if (cli_parse_double("--seed", optarg, 0.0, 1e9, &v))
				return EXIT_USAGE;
			if (v != (double)(long)v) {
				fprintf(stderr, "stretchrep slr: --seed: '%s' is not a whole number\n", optarg);
				return EXIT_USAGE;
			}
			set.seed = (uint64_t)v;
			break;
		case 'k':
			set.shank = true;
			break;
		case 'r':
			if (cli_parse_double("--reaction", optarg, 0.0, 0.9, &set.reaction_min_s))
				return EXIT_USAGE;
			set.reaction_max_s = set.reaction_min_s;
			break;
		case 't':
			trace_out = optarg;
			break;
		case 'm':
			if (n_marks == MAX_MARKS) {
				fprintf(stderr, "stretchrep slr: --mark: at most %d marks\n", MAX_MARKS);
				return EXIT_USAGE;
			}
			if (cli_parse_double("--mark", optarg, 0.0, 1e7, &marks[n_marks]))
				return EXIT_USAGE;
			if (n_marks && marks[n_marks] <= marks[n_marks - 1]) {
				fprintf(stderr, "stretchrep slr: --mark %s: the marks must be in time order\n", optarg);
				return EXIT_USAGE;
			}
			n_marks++;
			break;
		case 'h':
			slr_usage(stdout);
			return 0;
		default:
			slr_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (simulate) {
		if (optind != argc || n_marks || !have_truth) {
			fprintf(stderr, "stretchrep slr: --simulate takes --truth-deg D and no trace or --mark\n");
			return EXIT_USAGE;
		}
		return run_simulated(&set, trace_out);
	}
	if (optind != argc - 1 || !n_marks || have_truth || set.shank || trace_out) {
		fprintf(stderr, "stretchrep slr: a trace takes TRACE.csv and --mark T (one or more), nothing else\n");
		slr_usage(stderr);
		return EXIT_USAGE;
	}
	return run_trace(argv[optind], marks, n_marks);
}
