// SPDX-License-Identifier: MIT
/*
 * stretchrep analyze — the kiosk's core over a trace, JSON out (DESIGN.md).
 * The whole trace is read before anything is printed, so a bad line late in
 * a file yields only the error and exit status 2, never half a result.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "config.h"
#include "core/tempo.h"
#include "core/session.h"
#include "event_json.h"
#include "safe_file.h"
#include "trace_file.h"

/* One of the JSON lists analyze prints, built in memory (open_memstream)
 * so that nothing is printed before the whole trace has been read. */
struct json_list {
	FILE *f;
	char *text;
	size_t len;
	int n;
};

/* Starts the next object of the list: "\n   " after a comma when it is not
 * the first. The object itself is written to l->f by event_json. */
static FILE *list_next(struct json_list *l)
{
	fputs(l->n++ ? ",\n   " : "\n   ", l->f);
	return l->f;
}

static void analyze_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep analyze [--config FILE] [--hold-warn S] [--angles OUT.csv]\n"
		   "                          [--tempo-out S --tempo-in S] TRACE.csv\n"
		   "  --config FILE     [motion] and [session] settings from FILE (check-config format)\n"
		   "  --hold-warn S     static-hold warning threshold, s ([motion] hold_warn_s, default %.0f)\n"
		   "  --angles OUT.csv  write t_s,angle_deg for every sample\n"
		   "  --tempo-out S, --tempo-in S  a prescribed tempo ([session] tempo_*_s): each rep\n"
		   "                    event gets tempo_dev_s, its deviation (+ slower), s\n"
		   "Prints one JSON object: reps, hold_warnings, duration_s, rep_events,\n"
		   "holds, warning_events. Exit status 2 on a bad trace (FILE:LINE: reason).\n",
		motion_default_settings.hold_warn_s);
}

/* Loads the [motion] and [session] settings of a config file into set. A
 * file with problems is refused (exit 2): an analysis should not silently
 * run on defaults the user did not ask for. The work target stays off. */
static int analyze_load_config(const char *path, struct session_settings *set, struct tempo_settings *tempo)
{
	struct config *cfg = malloc(sizeof(*cfg));
	int rc;

	if (!cfg) {
		fprintf(stderr, "stretchrep analyze: out of memory\n");
		return -ENOMEM;
	}
	rc = config_load(cfg, path);
	for (int i = 0; i < config_problems_kept(cfg); i++)
		fprintf(stderr, "stretchrep analyze: %s\n", cfg->problems[i].text);
	if (!rc && cfg->n_problems)
		rc = -EINVAL;
	if (!rc) {
		*set = cfg->session;
		set->work_target_s = 0.0;
		*tempo = (struct tempo_settings){ .out_s = cfg->tempo_out_s, .in_s = cfg->tempo_in_s };
	}
	free(cfg);
	return rc;
}

int cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "hold-warn", required_argument, NULL, 'w' },
		{ "angles", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "tempo-out", required_argument, NULL, 'O' },
		{ "tempo-in", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct session_settings set = session_default_settings;
	struct json_list reps = { 0 }, holds = { 0 }, warns = { 0 };
	struct json_list *const lists[] = { &reps, &holds, &warns };
	const char *angles_path = NULL, *config_path = NULL;
	double hold_warn_s = 0.0;
	struct tempo_settings tempo = { 0 }, opt_tempo = { 0 };
	struct trace_reader *r = NULL;
	FILE *angles = NULL;
	struct safe_file *angles_out = NULL;   /* renamed to angles_path on success */
	struct session *s = NULL;
	struct session_summary sum;
	char err[512];
	double t0 = 0.0, t1 = 0.0;
	int c, rc, status = EXIT_USAGE;

	set.work_target_s = 0.0;   /* a trace is analysed whole */
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (cli_parse_key("--hold-warn", "motion", "hold_warn_s", optarg, &hold_warn_s))
				return EXIT_USAGE;
			break;
		case 'a':
			angles_path = optarg;
			break;
		case 'c':
			/* [motion] and [session] apply; --hold-warn, given before or
			 * after, wins over the file */
			config_path = optarg;
			break;
		case 'O':
			if (cli_parse_key("--tempo-out", "session", "tempo_out_s", optarg, &opt_tempo.out_s))
				return EXIT_USAGE;
			break;
		case 'I':
			if (cli_parse_key("--tempo-in", "session", "tempo_in_s", optarg, &opt_tempo.in_s))
				return EXIT_USAGE;
			break;
		case 'h':
			analyze_usage(stdout);
			return 0;
		default:
			analyze_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		analyze_usage(stderr);
		return EXIT_USAGE;
	}
	if (config_path && analyze_load_config(config_path, &set, &tempo))
		return EXIT_USAGE;
	if (opt_tempo.out_s > 0 || opt_tempo.in_s > 0) {
		if (!tempo_on(&opt_tempo)) {
			fprintf(stderr, "stretchrep analyze: a tempo needs both --tempo-out and --tempo-in\n");
			return EXIT_USAGE;
		}
		tempo = opt_tempo;
	}
	if (hold_warn_s > 0.0)
		set.motion.hold_warn_s = hold_warn_s;
	if (trace_reader_open(&r, argv[optind], err, sizeof(err))) {
		fprintf(stderr, "stretchrep analyze: %s\n", err);
		return EXIT_USAGE;
	}
	if (angles_path) {
		if (safe_file_open(&angles_out, angles_path, err, sizeof(err))) {
			fprintf(stderr, "stretchrep analyze: %s\n", err);
			status = 1;
			goto out_close;
		}
		angles = safe_file_stream(angles_out);
		fprintf(angles, "t_s,angle_deg\n");
	}
	reps.f = open_memstream(&reps.text, &reps.len);
	holds.f = open_memstream(&holds.text, &holds.len);
	warns.f = open_memstream(&warns.text, &warns.len);
	s = malloc(sizeof(*s));
	if (!s || !reps.f || !holds.f || !warns.f) {
		fprintf(stderr, "stretchrep analyze: out of memory\n");
		status = 1;
		goto out_close;
	}
	session_init(s, &set);

	for (;;) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		struct sample smp;
		int n;

		rc = trace_reader_next(r, &smp, err, sizeof(err));
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "stretchrep analyze: %s\n", err);
			goto out_close;
		}
		if (trace_reader_count(r) == 1)
			t0 = smp.t_s;
		t1 = smp.t_s;
		n = session_update(s, &smp, ev);
		if (angles)
			fprintf(angles, "%.4f,%.3f\n", smp.t_s, motion_angle_deg(&s->motion));
		for (int i = 0; i < n; i++) {
			const struct motion_event *e = &ev[i];

			if (e->type == MOTION_EV_REP) {
				FILE *f = list_next(&reps);

				event_json_write(f, e, 0.0, false);
				/* with a tempo, the rep's deviation from it as one more
				 * member: over the object's closing brace */
				if (tempo_on(&tempo) && fseek(f, -1, SEEK_CUR) == 0)
					fprintf(f, ", \"tempo_dev_s\": %.2f}",
						tempo_dev_s(&tempo, set.motion.rep_exit_frac, e->rep.duration_s));
			}
			else if (e->type == MOTION_EV_HOLD_END)
				event_json_write(list_next(&holds), e, 0.0, false);
			else if (e->type == MOTION_EV_WARN)
				event_json_write(list_next(&warns), e, 0.0, false);
		}
	}
	/* A hold still running at the end of the trace is reported as it stands. */
	struct motion_hold h;

	if (motion_hold_in_progress(&s->motion, &h))
		event_json_hold(list_next(&holds), &h);
	rc = 0;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		rc |= ferror(lists[i]->f);
		rc |= fclose(lists[i]->f) != 0;
		lists[i]->f = NULL;
	}
	if (rc) {
		fprintf(stderr, "stretchrep analyze: out of memory\n");
		status = 1;
		goto out_close;
	}
	if (angles) {
		angles = NULL;
		rc = safe_file_commit(angles_out, err, sizeof(err));
		angles_out = NULL;
		if (rc) {
			fprintf(stderr, "stretchrep analyze: %s\n", err);
			status = 1;
			goto out_close;
		}
	}
	angles = NULL;
	session_get_summary(s, &sum);
	printf("{\"reps\": %d, \"hold_warnings\": %d, \"duration_s\": %.2f, \"work_s\": %.2f,\n"
	       " \"gyro\": {\"checks\": %d, \"scale\": %.3f, \"bias_dps\": [%.2f, %.2f, %.2f],"
	       " \"scale_out_of_tolerance\": %s, \"bias_out_of_tolerance\": %s},\n"
	       " \"rep_events\": [%s],\n \"holds\": [%s],\n \"warning_events\": [%s]}\n",
	       motion_reps(&s->motion), warns.n, t1 - t0, session_work_s(s),
	       sum.gyro.scale_checks, sum.gyro.scale, sum.gyro.bias_dps[0], sum.gyro.bias_dps[1],
	       sum.gyro.bias_dps[2], sum.gyro.scale_out_of_tol ? "true" : "false",
	       sum.gyro.bias_out_of_tol ? "true" : "false", reps.text, holds.text, warns.text);
	status = fflush(stdout) ? 1 : 0;
out_close:
	safe_file_abort(angles_out);   /* nothing half-written is left behind */
	free(s);
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (lists[i]->f)
			fclose(lists[i]->f);
		free(lists[i]->text);
	}
	trace_reader_close(r);
	return status;
}
