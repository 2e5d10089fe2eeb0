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

/* Option ranges: the bias as it always was (parts: up to 20 deg/s), the
 * scale the sim's own clamp (sim.h). */
#define SIM_BIAS_MIN_DPS 0.0
#define SIM_BIAS_MAX_DPS 100.0
#define SIM_SCALE_MIN 0.1
#define SIM_SCALE_MAX 10.0

static void simulate_usage(FILE *f)
{
	const struct sim_settings *d = &sim_default_settings;

	fprintf(f, "usage: stretchrep simulate [--scenario NAME] [--seed N] [--seconds S] [--rate HZ]\n"
		   "                           [--gyro-bias-max DPS] [--gyro-scale K] [--hold-warn S]\n"
		   "                           [--truth-angles FILE] [-o FILE]\n"
		   "  --scenario NAME   ");
	for (int i = 0; i < SIM_N_SCENARIOS; i++)
		fprintf(f, "%s%s", i ? ", " : "", sim_scenario_name((enum sim_scenario)i));
	fprintf(f, "\n                    (default %s)\n"
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
		   "once it is over (slip_deg: the sensor's turn round the segment so far).\n",
		sim_scenario_name(d->scenario), d->seed, d->duration_s, d->rate_hz,
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

int cmd_simulate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scenario", required_argument, NULL, 's' },
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
	char err[512];
	struct sim *s = NULL;
	struct sample smp;
	char comment[256], scale[48] = "";
	double last_t = 0.0;
	int c, sc, rc, reps = 0, warns = 0, slips = 0, status = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sc = sim_scenario_from_name(optarg);
			if (sc < 0) {
				fprintf(stderr, "stretchrep simulate: --scenario: unknown scenario '%s' "
					"(see --help)\n", optarg);
				return EXIT_USAGE;
			}
			set.scenario = (enum sim_scenario)sc;
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
	if (optind != argc) {
		fprintf(stderr, "stretchrep simulate: unexpected argument '%s'\n", argv[optind]);
		simulate_usage(stderr);
		return EXIT_USAGE;
	}
	if (!(set.duration_s > 0.0)) {
		fprintf(stderr, "stretchrep simulate: --seconds must be more than 0: a trace needs a finite length\n");
		return EXIT_USAGE;
	}

	s = malloc(sizeof(*s));
	if (!s) {
		fprintf(stderr, "stretchrep simulate: %s\n", strerror(ENOMEM));
		return 1;
	}
	sim_init(s, &set);

	/* both files written whole or not at all, only over regular files,
	 * never through a symbolic link (safe_file.h) */
	if (out_path && strcmp(out_path, "-") != 0) {
		if (safe_file_open(&out_file, out_path, err, sizeof(err))) {
			fprintf(stderr, "stretchrep simulate: %s\n", err);
			goto out_close;
		}
		out = safe_file_stream(out_file);
	}
	if (angles_path) {
		if (safe_file_open(&angles_file, angles_path, err, sizeof(err))) {
			fprintf(stderr, "stretchrep simulate: %s\n", err);
			goto out_close;
		}
		angles = safe_file_stream(angles_file);
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
		if (tr->reps > reps) {
			reps = tr->reps;
			if (fprintf(out, "# truth_event: {\"rep\": %d, \"out_s\": %.4f, "
				    "\"end_s\": %.4f, \"peak_deg\": %.2f}\n", reps,
				    tr->last_rep_out_s, tr->last_rep_end_s, tr->last_rep_peak_deg) < 0)
				goto write_error;
		}
		if (tr->warnings > warns) {
			warns = tr->warnings;
			if (fprintf(out, "# truth_event: {\"warning\": %d, \"t_s\": %.4f}\n",
				    warns, smp.t_s) < 0)
				goto write_error;
		}
		if (tr->slips > slips) {
			slips = tr->slips;
			if (fprintf(out, "# truth_event: {\"slip\": %d, \"t_s\": %.4f, \"slip_deg\": %.2f}\n",
				    slips, smp.t_s, tr->slip_deg) < 0)
				goto write_error;
		}
		last_t = smp.t_s;
	}
	if (print_truth(out, "# truth: ", s, last_t))
		goto write_error;
	/* the trace first: a truth file without its trace is no use */
	if (out_file) {
		rc = safe_file_commit(out_file, err, sizeof(err));
		out_file = NULL;
		if (rc) {
			fprintf(stderr, "stretchrep simulate: %s\n", err);
			goto out_close;
		}
	}
	if (angles_file) {
		rc = safe_file_commit(angles_file, err, sizeof(err));
		angles_file = NULL;
		if (rc) {
			fprintf(stderr, "stretchrep simulate: %s\n", err);
			goto out_close;
		}
	}
	if (fflush(stdout)) {
		fprintf(stderr, "stretchrep simulate: stdout: %s\n", strerror(errno));
		goto out_close;
	}
	print_truth(stderr, "", s, last_t);
	status = 0;
	goto out_close;

write_error:
	fprintf(stderr, "stretchrep simulate: writing %s: %s\n",
		out_path && out_file ? out_path : "stdout", strerror(errno ? errno : EIO));
out_close:
	/* nothing half-written is left behind */
	safe_file_abort(out_file);
	safe_file_abort(angles_file);
	free(s);
	return status;
}
