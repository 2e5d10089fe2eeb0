// SPDX-License-Identifier: MIT
/*
 * stretchrep simulate — the virtual patient (core/sim.h) as a trace file,
 * with its truth as the last comment line and on stderr, so a benchmark can
 * run `simulate | analyze -` and compare.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cli.h"
#include "core/sim.h"
#include "core/sim_legs.h"
#include "safe_file.h"
#include "trace_file.h"

/* The summary truth: short enough for one trace line (TRACE_MAX_LINE). */
static int print_truth(FILE *f, const char *prefix, const struct sim *s, double duration_s)
{
	const struct sim_truth *tr = sim_get_truth(s);

	return fprintf(f, "%s{\"reps\": %d, \"hold_warnings\": %d, \"holds\": %d, "
		       "\"fidgets\": %d, \"duration_s\": %.3f, \"scenario\": \"%s\", "
		       "\"seed\": %" PRIu64 ", \"rate_hz\": %g, \"hold_warn_s\": %g, "
		       "\"posture\": \"%s\", \"radius_m\": %.3f, \"rest_drift_deg\": %.3f, "
		       "\"last_rep_end_s\": %.4f, \"last_rep_out_s\": %.4f}\n",
		       prefix, tr->reps, tr->warnings, tr->holds, tr->fidgets, duration_s,
		       sim_scenario_name(s->set.scenario), s->set.seed, s->set.rate_hz,
		       s->set.hold_warn_s, sim_posture_name(s->posture), s->radius_m,
		       tr->rest_deg, tr->last_rep_end_s, tr->last_rep_out_s) < 0 ? -EIO : 0;
}

/* The truth events printed so far (of one leg). */
struct truth_seen {
	int reps, warns, slips;
};

/* '# truth_event:' lines for what the truth counted since the last call;
 * leg_key is put first in each object ("" for a one-leg trace). t_s: the
 * sample's time. 0 or -EIO. */
static int print_events(FILE *out, const char *leg_key, const struct sim_truth *tr, double t_s,
			struct truth_seen *seen)
{
	if (tr->reps > seen->reps) {
		seen->reps = tr->reps;
		if (fprintf(out, "# truth_event: {%s\"rep\": %d, \"out_s\": %.4f, "
			    "\"end_s\": %.4f, \"peak_deg\": %.2f}\n", leg_key, seen->reps,
			    tr->last_rep_out_s, tr->last_rep_end_s, tr->last_rep_peak_deg) < 0)
			return -EIO;
	}
	if (tr->warnings > seen->warns) {
		seen->warns = tr->warnings;
		if (fprintf(out, "# truth_event: {%s\"warning\": %d, \"t_s\": %.4f}\n",
			    leg_key, seen->warns, t_s) < 0)
			return -EIO;
	}
	if (tr->slips > seen->slips) {
		seen->slips = tr->slips;
		if (fprintf(out, "# truth_event: {%s\"slip\": %d, \"t_s\": %.4f, \"slip_deg\": %.2f}\n",
			    leg_key, seen->slips, t_s, tr->slip_deg) < 0)
			return -EIO;
	}
	return 0;
}

/* Option ranges: the bias as it always was (parts: up to 20 deg/s), the
 * scale the sim's own clamp (sim.h). */
#define SIM_BIAS_MIN_DPS 0.0
#define SIM_BIAS_MAX_DPS 100.0
#define SIM_SCALE_MIN 0.1
#define SIM_SCALE_MAX 10.0

static void simulate_usage(FILE *f)
{
	const struct sim_settings *d = &sim_default_settings;

	fprintf(f, "usage: stretchrep simulate [--scenario NAME] [--leg-scenario NAME] [--seed N] [--seconds S] [--rate HZ]\n"
		   "                           [--gyro-bias-max DPS] [--gyro-scale K] [--hold-warn S]\n"
		   "                           [--truth-angles FILE] [-o FILE]\n"
		   "  --scenario NAME   ");
	for (int i = 0; i < SIM_N_SCENARIOS; i++)
		fprintf(f, "%s%s", i ? ", " : "", sim_scenario_name((enum sim_scenario)i));
	fprintf(f, ";\n                    both legs: two_legs (two sensors, one per leg), left_right\n"
		   "                    (one sensor, the left leg, moved to the right leg, the right)\n"
		   "                    (default %s)\n"
		   "  --leg-scenario NAME  each leg's exercise in two_legs and left_right (default %s)\n"
		   "  --seed N          random seed, 0-2^64-1 (default %" PRIu64 ")\n"
		   "  --seconds S       length of the trace, s (default %g)\n"
		   "  --rate HZ         sample rate, 25-1000 (default %g)\n"
		   "  --gyro-bias-max DPS  largest gyro zero-rate offset per axis, deg/s, %g-%g\n"
		   "                    (default %g; MPU-6050 parts: up to 20); --bias is the same\n"
		   "  --gyro-scale K    the gyro reports K times the true rate, %g-%g (default %g;\n"
		   "                    a full scale decoded with the wrong sensitivity: 0.25-4)\n"
		   "  --hold-warn S     hold length the truth counts as a warning, s (default %g)\n"
		   "  --truth-angles F  write t_s,angle_deg,rest_deg per sample: the true inclination\n"
		   "                    from the current rest, + into the stretch (as analyze --angles),\n"
		   "                    and the rest's drift (pitch) from the initial pose, degrees\n"
		   "  -o FILE           write the trace to FILE (default stdout)\n"
		   "The trace's last comment line is '# truth: {JSON}' (reps, hold_warnings, ...);\n"
		   "the JSON goes to stderr too. Each rep and warning is also marked where it\n"
		   "happens by a '# truth_event: {JSON}' line (out_s: the rep fell below half\n"
		   "its peak on the way back; end_s: it was back at rest), and each slip of the\n"
		   "strap (scenario slip) by '# truth_event: {\"slip\": N, \"t_s\": ..., \"slip_deg\": ...}'\n"
		   "once it is over (slip_deg: the sensor's turn round the segment so far).\n"
		   "Both legs: the trace has a '# legs:' line (README: traces of two sensors), each\n"
		   "truth event a \"leg\" member, and the truth line each leg's counts in \"legs\".\n",
		sim_scenario_name(d->scenario), sim_scenario_name(SIM_LEGS_DEFAULT_EXERCISE), d->seed, d->duration_s, d->rate_hz,
		SIM_BIAS_MIN_DPS, SIM_BIAS_MAX_DPS, d->gyr_bias_max_dps,
		SIM_SCALE_MIN, SIM_SCALE_MAX, d->gyr_scale, d->hold_warn_s);
}

static int parse_seed(const char *arg, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!arg || !*arg || *arg == '-' || *arg == '+')
		goto bad;
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		goto bad;
	*out = (uint64_t)v;
	return 0;
bad:
	fprintf(stderr, "stretchrep simulate: --seed: '%s' is not a whole number 0-2^64-1\n",
		arg ? arg : "");
	return -EINVAL;
}

/* A write failed: what and where (the trace's file, or stdout). */
static void say_write_error(const char *out_path)
{
	fprintf(stderr, "stretchrep simulate: writing %s: %s\n", out_path ? out_path : "stdout", strerror(errno ? errno : EIO));
}

/* An output: stdout (path NULL; *sf NULL), or PATH written whole
 * or not at all, only over a regular file, never through a symbolic link
 * (safe_file.h). 0, or -1 said on stderr. */
static int open_output(const char *path, struct safe_file **sf, FILE **out)
{
	char err[512];

	*sf = NULL;
	*out = stdout;
	if (!path)
		return 0;
	if (safe_file_open(sf, path, err, sizeof(err))) {
		fprintf(stderr, "stretchrep simulate: %s\n", err);
		return -1;
	}
	*out = safe_file_stream(*sf);
	return 0;
}

/* Puts an output in place (*sf, NULL after) and flushes stdout. 0, or -1
 * said on stderr (the file then untouched). */
static int commit_output(struct safe_file **sf)
{
	char err[512];

	if (*sf) {
		int rc = safe_file_commit(*sf, err, sizeof(err));

		*sf = NULL;
		if (rc) {
			fprintf(stderr, "stretchrep simulate: %s\n", err);
			return -1;
		}
	}
	if (fflush(stdout)) {
		fprintf(stderr, "stretchrep simulate: stdout: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Both legs (core/sim_legs.h): the trace with its '# legs:' lines, each
 * truth event with its leg, and the truth line with each leg's counts. */
static int print_legs_truth(FILE *f, const char *prefix, const struct sim_legs *s, double duration_s)
{
	static const enum leg legs[2] = { LEG_LEFT, LEG_RIGHT };
	struct sim_truth tr[2];
	const struct sim_settings *set = &s->set.leg;
	int rc;

	for (int i = 0; i < 2; i++)
		sim_legs_truth(s, legs[i], &tr[i]);
	rc = fprintf(f, "%s{\"reps\": %d, \"hold_warnings\": %d, \"holds\": %d, \"fidgets\": %d, "
		     "\"duration_s\": %.3f, \"scenario\": \"%s\", \"leg_scenario\": \"%s\", "
		     "\"seed\": %" PRIu64 ", \"rate_hz\": %g, \"hold_warn_s\": %g, \"sensors\": %d, \"legs\": [",
		     prefix, tr[0].reps + tr[1].reps, tr[0].warnings + tr[1].warnings,
		     tr[0].holds + tr[1].holds, tr[0].fidgets + tr[1].fidgets, duration_s,
		     sim_legs_scenario_name(s->set.scenario), sim_scenario_name(set->scenario),
		     set->seed, set->rate_hz, set->hold_warn_s, s->n_sensors);
	for (int i = 0; i < 2 && rc >= 0; i++) {
		const struct sim *leg = sim_legs_sim(s, legs[i]);

		rc = fprintf(f, "%s{\"leg\": \"%s\", \"sensor\": %d, \"reps\": %d, \"hold_warnings\": %d, "
			     "\"holds\": %d, \"fidgets\": %d, \"posture\": \"%s\", \"radius_m\": %.3f}",
			     i ? ", " : "", leg_name(legs[i]), s->n_sensors == 2 ? i + 1 : 1,
			     tr[i].reps, tr[i].warnings, tr[i].holds, tr[i].fidgets,
			     sim_posture_name(leg->posture), leg->radius_m);
	}
	if (rc >= 0)
		rc = fprintf(f, "]}\n");
	return rc < 0 ? -EIO : 0;
}

static int simulate_legs(enum sim_legs_scenario scenario, const struct sim_settings *leg,
			 const char *out_path)
{
	static const enum leg legs[2] = { LEG_LEFT, LEG_RIGHT };
	struct sim_legs_settings set = { .scenario = scenario, .leg = *leg };
	struct truth_seen seen[2] = { { 0 }, { 0 } };
	struct sim_legs *s = malloc(sizeof(*s));
	struct sim_legs_row row;
	enum leg written[2];
	struct safe_file *out_file = NULL;   /* renamed into place on success */
	FILE *out = stdout;
	char comment[256], scale[48] = "";
	double last_t = 0.0;
	int status = 1;

	if (!s) {
		fprintf(stderr, "stretchrep simulate: %s\n", strerror(ENOMEM));
		return 1;
	}
	sim_legs_init(s, &set);
	if (open_output(out_path, &out_file, &out))
		goto out_close;
	if (leg->gyr_scale != 1.0)
		snprintf(scale, sizeof(scale), ", gyro scale x%g", leg->gyr_scale);
	snprintf(comment, sizeof(comment),
		 "stretchrep simulate: scenario %s (%s on each leg), seed %" PRIu64 ", rate %g Hz, %g s, "
		 "gyro bias up to %g deg/s%s, hold warning %g s",
		 sim_legs_scenario_name(scenario), sim_scenario_name(leg->scenario), leg->seed,
		 leg->rate_hz, s->set.leg.duration_s, leg->gyr_bias_max_dps, scale, leg->hold_warn_s);
	memcpy(written, s->legs, sizeof(written));
	if (trace_write_header_legs(out, comment, s->n_sensors, written))
		goto write_error;
	while (sim_legs_next(s, &row)) {
		struct trace_row tr = { { row.has[0], row.has[1] }, { row.s[0], row.s[1] },
					{ row.leg[0], row.leg[1] } };

		if (memcmp(written, row.leg, sizeof(written[0]) * (size_t)s->n_sensors) != 0) {
			memcpy(written, row.leg, sizeof(written));
			if (trace_write_legs(out, s->n_sensors, written))
				goto write_error;
		}
		if (trace_write_row(out, s->n_sensors, &tr))
			goto write_error;
		for (int i = 0; i < 2; i++) {
			struct sim_truth t;
			char key[32];

			int k = s->n_sensors == 2 ? i : 0;   /* the leg's sensor */

			sim_legs_truth(s, legs[i], &t);
			snprintf(key, sizeof(key), "\"leg\": \"%s\", ", leg_name(legs[i]));
			if (print_events(out, key, &t, row.has[k] ? row.s[k].t_s : last_t, &seen[i]))
				goto write_error;
		}
		for (int k = 0; k < 2; k++)
			if (row.has[k] && row.s[k].t_s > last_t)
				last_t = row.s[k].t_s;
	}
	if (print_legs_truth(out, "# truth: ", s, last_t))
		goto write_error;
	if (commit_output(&out_file))
		goto out_close;
	print_legs_truth(stderr, "", s, last_t);
	status = 0;
	goto out_close;

write_error:
	say_write_error(out_path);
out_close:
	safe_file_abort(out_file);   /* nothing half-written is left behind */
	free(s);
	return status;
}

int cmd_simulate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
		{ "leg-scenario", required_argument, NULL, 'L' },
		{ "seed", required_argument, NULL, 'S' },
		{ "seconds", required_argument, NULL, 'n' },
		{ "rate", required_argument, NULL, 'r' },
		{ "bias", required_argument, NULL, 'B' },
		{ "gyro-bias-max", required_argument, NULL, 'b' },
		{ "gyro-scale", required_argument, NULL, 'k' },
		{ "hold-warn", required_argument, NULL, 'w' },
		{ "truth-angles", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_settings set = sim_default_settings;
	const char *out_path = NULL, *angles_path = NULL;
	FILE *out = stdout, *angles = NULL;
	struct safe_file *out_file = NULL, *angles_file = NULL;   /* renamed into place on success */
	struct sim *s = NULL;
	struct sample smp;
	char comment[256], scale[48] = "";
	double last_t = 0.0;
	struct truth_seen seen = { 0 };
	int c, sc, legs = -1, leg_scenario = -1, status = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			legs = sim_legs_scenario_from_name(optarg);
			if (legs >= 0)
				break;
			sc = sim_scenario_from_name(optarg);
			if (sc < 0) {
				fprintf(stderr, "stretchrep simulate: --scenario: unknown scenario '%s' "
					"(see --help)\n", optarg);
				return EXIT_USAGE;
			}
			set.scenario = (enum sim_scenario)sc;
			break;
		case 'L':
			sc = sim_scenario_from_name(optarg);
			if (sc < 0) {
				fprintf(stderr, "stretchrep simulate: --leg-scenario: unknown scenario '%s' "
					"(see --help)\n", optarg);
				return EXIT_USAGE;
			}
			leg_scenario = sc;
			break;
		case 'S':
			if (parse_seed(optarg, &set.seed))
				return EXIT_USAGE;
			break;
		case 'n':
			if (cli_parse_double("--seconds", optarg, 0.0, 86400.0, &set.duration_s))
				return EXIT_USAGE;
			break;
		case 'r':
			if (cli_parse_double("--rate", optarg, 25.0, 1000.0, &set.rate_hz))
				return EXIT_USAGE;
			break;
		case 'b':
		case 'B':
			if (cli_parse_double(c == 'b' ? "--gyro-bias-max" : "--bias", optarg, SIM_BIAS_MIN_DPS, SIM_BIAS_MAX_DPS,
					     &set.gyr_bias_max_dps))
				return EXIT_USAGE;
			break;
		case 'k':
			if (cli_parse_double("--gyro-scale", optarg, SIM_SCALE_MIN, SIM_SCALE_MAX, &set.gyr_scale))
				return EXIT_USAGE;
			break;
		case 'w':
			if (cli_parse_key("--hold-warn", "motion", "hold_warn_s", optarg, &set.hold_warn_s))
				return EXIT_USAGE;
			break;
		case 'a':
			angles_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			simulate_usage(stdout);
			return 0;
		default:
			simulate_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (out_path && strcmp(out_path, "-") == 0)
		out_path = NULL;   /* stdout */
	if (optind != argc) {
		fprintf(stderr, "stretchrep simulate: unexpected argument '%s'\n", argv[optind]);
		simulate_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(set.duration_s > 0.0)) {
		fprintf(stderr, "stretchrep simulate: --seconds must be more than 0: a trace needs a finite length\n");
		return EXIT_USAGE;
	}

	if (legs < 0 && leg_scenario >= 0) {
		fprintf(stderr, "stretchrep simulate: --leg-scenario: only with --scenario two_legs or left_right\n");
		return EXIT_USAGE;
	}
	if (legs >= 0) {
		if (angles_path) {
			fprintf(stderr, "stretchrep simulate: --truth-angles: one leg's scenarios only\n");
			return EXIT_USAGE;
		}
		if (set.duration_s < SIM_LEGS_MIN_S) {
			fprintf(stderr, "stretchrep simulate: --seconds: %s needs at least %g s\n",
				sim_legs_scenario_name((enum sim_legs_scenario)legs), SIM_LEGS_MIN_S);
			return EXIT_USAGE;
		}
		if (leg_scenario < 0)
			set.scenario = SIM_LEGS_DEFAULT_EXERCISE;
		else
			set.scenario = (enum sim_scenario)leg_scenario;
		return simulate_legs((enum sim_legs_scenario)legs, &set, out_path);
	}
	s = malloc(sizeof(*s));
	if (!s) {
		fprintf(stderr, "stretchrep simulate: %s\n", strerror(ENOMEM));
		return 1;
	}
	sim_init(s, &set);

	/* both files written whole or not at all, only over regular files,
	 * never through a symbolic link (safe_file.h) */
	if (open_output(out_path, &out_file, &out))
		goto out_close;
	if (angles_path) {
		if (open_output(angles_path, &angles_file, &angles))
			goto out_close;
		fprintf(angles, "t_s,angle_deg,rest_deg\n");
	}

	if (set.gyr_scale != 1.0)   /* a correct gyro's traces read as they always did */
		snprintf(scale, sizeof(scale), ", gyro scale x%g", set.gyr_scale);
	snprintf(comment, sizeof(comment),
		 "stretchrep simulate: scenario %s, seed %" PRIu64 ", rate %g Hz, %g s, "
		 "gyro bias up to %g deg/s%s, hold warning %g s",
		 sim_scenario_name(set.scenario), set.seed, set.rate_hz, set.duration_s,
		 set.gyr_bias_max_dps, scale, set.hold_warn_s);
	if (trace_write_header(out, comment))
		goto write_error;
	while (sim_next(s, &smp)) {
		const struct sim_truth *tr = sim_get_truth(s);

		if (trace_write_sample(out, &smp))
			goto write_error;
		if (angles && fprintf(angles, "%.6f,%.4f,%.4f\n", smp.t_s,
				      tr->exc_tilt_deg, tr->rest_deg) < 0)
			goto write_error;
		if (print_events(out, "", tr, smp.t_s, &seen))
			goto write_error;
		last_t = smp.t_s;
	}
	if (print_truth(out, "# truth: ", s, last_t))
		goto write_error;
	/* the trace first: a truth file without its trace is no use */
	if (commit_output(&out_file) || commit_output(&angles_file))
		goto out_close;
	print_truth(stderr, "", s, last_t);
	status = 0;
	goto out_close;

write_error:
	say_write_error(out_path);
out_close:
	/* nothing half-written is left behind */
	safe_file_abort(out_file);
	safe_file_abort(angles_file);
	free(s);
	return status;
}
