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
		   "holds, warning_events. A trace of two sensors, or one that names legs\n"
		   "('# legs:' lines), gets one core per sensor and leg, the same keys over\n"
		   "all legs, and each leg's under \"legs\" (README). Exit status 2 on a bad\n"
		   "trace (FILE:LINE: reason).\n",
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

/* One core over one sensor's samples on one leg (README: analyze per leg). */
struct leg_part {
	int sensor;              /* 0: sensor 1, 1: sensor 2 */
	enum leg leg;
	struct session *s;
	struct json_list reps, holds, warns;
	double t0, t1;           /* its first and last sample */
	long n;                  /* samples */
};

#define ANALYZE_MAX_PARTS (TRACE_MAX_SENSORS * LEG_N)

static int part_order(const void *a, const void *b)
{
	const struct leg_part *x = *(const struct leg_part *const *)a;
	const struct leg_part *y = *(const struct leg_part *const *)b;
	/* left, right, then unknown; sensor 1 before sensor 2 */
	int kx = x->leg == LEG_UNKNOWN ? LEG_N : (int)x->leg;
	int ky = y->leg == LEG_UNKNOWN ? LEG_N : (int)y->leg;

	return kx != ky ? kx - ky : x->sensor - y->sensor;
}

/* The part of sensor k on leg; a new one (its own core, from its first
 * sample: a re-zero on the new leg) the first time. NULL: out of memory. */
static struct leg_part *part_for(struct leg_part *parts, int *n, int k, enum leg leg,
				 const struct session_settings *set)
{
	struct leg_part *p;

	for (int i = 0; i < *n; i++)
		if (parts[i].sensor == k && parts[i].leg == leg)
			return &parts[i];
	p = &parts[(*n)++];
	p->sensor = k;
	p->leg = leg;
	p->s = malloc(sizeof(*p->s));
	p->reps.f = open_memstream(&p->reps.text, &p->reps.len);
	p->holds.f = open_memstream(&p->holds.text, &p->holds.len);
	p->warns.f = open_memstream(&p->warns.text, &p->warns.len);
	if (!p->s || !p->reps.f || !p->holds.f || !p->warns.f)
		return NULL;
	session_init(p->s, set);
	return p;
}

/* Writes an event (or, e NULL, the hold h) to the part's list and, with
 * the leg and sensor in front, to the list of all legs; tempo_dev_s not
 * NULL: the rep's deviation from the tempo as one more member. 0 or -ENOMEM. */
static int part_event(struct leg_part *p, struct json_list *own, struct json_list *all,
		       const struct motion_event *e, const struct motion_hold *h,
		       const double *tempo_dev_s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	const char *name = leg_name(p->leg);

	if (!f)
		return -ENOMEM;
	if (e)
		event_json_write(f, e, 0.0, false);
	else
		event_json_hold(f, h);
	/* over the object's closing brace */
	if (tempo_dev_s && fseek(f, -1, SEEK_CUR) == 0)
		fprintf(f, ", \"tempo_dev_s\": %.2f}", *tempo_dev_s);
	if (fclose(f) == 0 && len > 0) {
		fputs(text, list_next(own));
		fprintf(list_next(all), "{\"leg\": %s%s%s, \"sensor\": %d, %s", name ? "\"" : "",
			name ? name : "null", name ? "\"" : "", p->sensor + 1, text + 1);
	}
	free(text);
	return 0;
}

/* reps .. warning_events of one core, as analyze has printed them since
 * DESIGN.md (indent: the lines' lead). */
static void print_core(const struct leg_part *p, int reps, int warnings, double duration_s,
		       double work_s, const char *indent, const char *rep_text,
		       const char *hold_text, const char *warn_text)
{
	struct session_summary sum;

	session_get_summary(p->s, &sum);
	printf("\"reps\": %d, \"hold_warnings\": %d, \"duration_s\": %.2f, \"work_s\": %.2f,\n"
	       "%s\"gyro\": {\"checks\": %d, \"scale\": %.3f, \"bias_dps\": [%.2f, %.2f, %.2f],"
	       " \"scale_out_of_tolerance\": %s, \"bias_out_of_tolerance\": %s},\n"
	       "%s\"rep_events\": [%s],\n%s\"holds\": [%s],\n%s\"warning_events\": [%s]}",
	       reps, warnings, duration_s, work_s, indent,
	       sum.gyro.scale_checks, sum.gyro.scale, sum.gyro.bias_dps[0], sum.gyro.bias_dps[1],
	       sum.gyro.bias_dps[2], sum.gyro.scale_out_of_tol ? "true" : "false",
	       sum.gyro.bias_out_of_tol ? "true" : "false", indent, rep_text, indent, hold_text,
	       indent, warn_text);
}

static int close_list(struct json_list *l)
{
	int rc = 0;

	if (!l->f)
		return 1;
	rc |= ferror(l->f);
	rc |= fclose(l->f) != 0;
	l->f = NULL;
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
	struct json_list reps = { 0 }, holds = { 0 }, warns = { 0 };   /* every leg's */
	struct json_list *const lists[] = { &reps, &holds, &warns };
	struct leg_part parts[ANALYZE_MAX_PARTS];
	struct leg_part *order[ANALYZE_MAX_PARTS];
	const char *angles_path = NULL, *config_path = NULL;
	double hold_warn_s = 0.0;
	struct tempo_settings tempo = { 0 }, opt_tempo = { 0 };
	struct trace_reader *r = NULL;
	FILE *angles = NULL;
	struct safe_file *angles_out = NULL;   /* renamed to angles_path on success */
	char err[512];
	double t0 = 0.0, t1 = 0.0, work_s = 0.0;
	int c, rc, n_parts = 0, total_reps = 0, per_leg = 0, have_t = 0, status = EXIT_USAGE;

	memset(parts, 0, sizeof(parts));
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
	if (!reps.f || !holds.f || !warns.f)
		goto out_of_memory;

	for (;;) {
		struct motion_event ev[MOTION_MAX_EVENTS];
		struct trace_row row;

		rc = trace_reader_next_row(r, &row, err, sizeof(err));
		if (rc == 0)
			break;
		if (rc < 0) {
			fprintf(stderr, "stretchrep analyze: %s\n", err);
			goto out_close;
		}
		for (int k = 0; k < TRACE_MAX_SENSORS; k++) {
			const struct sample *smp = &row.s[k];
			struct leg_part *p;
			int n;

			if (!row.has[k])
				continue;
			if (!have_t || smp->t_s < t0)
				t0 = smp->t_s;
			if (!have_t || smp->t_s > t1)
				t1 = smp->t_s;
			have_t = 1;
			if (row.leg[k] == LEG_NONE)   /* being moved: no leg's */
				continue;
			p = part_for(parts, &n_parts, k, row.leg[k], &set);
			if (!p)
				goto out_of_memory;
			if (p->n++ == 0)
				p->t0 = smp->t_s;
			p->t1 = smp->t_s;
			n = session_update(p->s, smp, ev);
			if (angles && k == 0)
				fprintf(angles, "%.4f,%.3f\n", smp->t_s, motion_angle_deg(&p->s->motion));
			for (int i = 0; i < n; i++) {
				const struct motion_event *e = &ev[i];

				if (e->type == MOTION_EV_REP) {
					/* with a tempo, the rep's deviation from it */
					double dev = tempo_on(&tempo) ?
						tempo_dev_s(&tempo, set.motion.rep_exit_frac, e->rep.duration_s) : 0.0;

					rc = part_event(p, &p->reps, &reps, e, NULL, tempo_on(&tempo) ? &dev : NULL);
				} else if (e->type == MOTION_EV_HOLD_END) {
					rc = part_event(p, &p->holds, &holds, e, NULL, NULL);
				} else if (e->type == MOTION_EV_WARN) {
					rc = part_event(p, &p->warns, &warns, e, NULL, NULL);
				}
				if (rc < 0)
					goto out_of_memory;
			}
		}
	}
	if (n_parts == 0) {
		fprintf(stderr, "stretchrep analyze: %s: no sample on a leg (all under '# legs: -')\n",
			argv[optind]);
		goto out_close;
	}
	/* A hold still running at the end of the trace is reported as it stands. */
	for (int i = 0; i < n_parts; i++) {
		struct motion_hold h;

		if (motion_hold_in_progress(&parts[i].s->motion, &h) &&
		    part_event(&parts[i], &parts[i].holds, &holds, NULL, &h, NULL))
			goto out_of_memory;
	}
	rc = 0;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		rc |= close_list(lists[i]);
	for (int i = 0; i < n_parts; i++) {
		rc |= close_list(&parts[i].reps);
		rc |= close_list(&parts[i].holds);
		rc |= close_list(&parts[i].warns);
	}
	if (rc)
		goto out_of_memory;
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

	for (int i = 0; i < n_parts; i++) {
		order[i] = &parts[i];
		total_reps += motion_reps(&parts[i].s->motion);
		work_s += session_work_s(parts[i].s);
	}
	qsort(order, (size_t)n_parts, sizeof(struct leg_part *), part_order);
	/* One core with no leg named: the object of DESIGN.md as it always was.
	 * Otherwise the same keys over all legs, and each leg's under "legs". */
	per_leg = n_parts > 1 || trace_reader_sensors(r) == 2 || parts[0].leg != LEG_UNKNOWN;
	if (!per_leg) {
		struct leg_part *p = &parts[0];

		printf("{");
		print_core(p, total_reps, p->warns.n, t1 - t0, work_s, " ", p->reps.text,
			   p->holds.text, p->warns.text);
		printf("\n");
	} else {
		printf("{");
		print_core(order[0], total_reps, warns.n, t1 - t0, work_s, " ", reps.text,
			   holds.text, warns.text);
		printf(",\n \"legs\": [");
		for (int i = 0; i < n_parts; i++) {
			struct leg_part *p = order[i];
			const char *name = leg_name(p->leg);

			printf("%s\n  {\"leg\": %s%s%s, \"sensor\": %d, ", i ? "," : "",
			       name ? "\"" : "", name ? name : "null", name ? "\"" : "", p->sensor + 1);
			print_core(p, motion_reps(&p->s->motion), p->warns.n, p->t1 - p->t0,
				   session_work_s(p->s), "   ", p->reps.text, p->holds.text, p->warns.text);
		}
		printf("]}\n");
	}
	status = fflush(stdout) ? 1 : 0;
	goto out_close;

out_of_memory:
	fprintf(stderr, "stretchrep analyze: out of memory\n");
	status = 1;
out_close:
	safe_file_abort(angles_out);   /* nothing half-written is left behind */
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (lists[i]->f)
			fclose(lists[i]->f);
		free(lists[i]->text);
	}
	for (int i = 0; i < n_parts; i++) {
		struct json_list *pl[] = { &parts[i].reps, &parts[i].holds, &parts[i].warns };

		free(parts[i].s);
		for (int j = 0; j < 3; j++) {
			if (pl[j]->f)
				fclose(pl[j]->f);
			free(pl[j]->text);
		}
	}
	trace_reader_close(r);
	return status;
}
