// SPDX-License-Identifier: MIT
/*
 * stretchrep patient add|set|list|show|rename|archive|restore — the
 * patients and their prescriptions (store/patients.h) from the command
 * line, in the database the kiosk uses (cli_history_path). The kiosk's
 * clinician mode does the same on screen.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cmd/cli.h"
#include "config.h"
#include "store/history.h"
#include "store/patients.h"

#define PATIENT_LIST_MAX 1000

static void patient_usage(FILE *f)
{
	fprintf(f,
		"usage: stretchrep patient add NAME [PRESCRIPTION] [--db FILE]\n"
		"       stretchrep patient set NAME [PRESCRIPTION] [--db FILE]\n"
		"       stretchrep patient list [--all] [--db FILE]\n"
		"       stretchrep patient show NAME [--db FILE]\n"
		"       stretchrep patient rename OLD NEW [--db FILE]\n"
		"       stretchrep patient archive NAME [--db FILE]   (hidden; sessions kept)\n"
		"       stretchrep patient restore NAME [--db FILE]\n"
		"PRESCRIPTION (a number, or 'default': the settings file's value):\n"
		"  --side left|right|both    the legs the patient works (default both)\n"
		"  --mode stretch|massage    the exercise (default stretch)\n"
		"  --sessions-per-day N      1-%d (default %d)\n"
		"  --hold-warn S             static-hold warning, s ([motion] hold_warn_s's range)\n"
		"  --work-target S           work time per session, s ([session] work_target_s's range)\n"
		"  --ceiling-deg D           range ceiling, deg from rest ([session] ceiling_deg's range; 0 none)\n"
		"  --zone LO:HI              target zone on the dial, deg (0:0 none)\n"
		"  --tempo OUT:IN            paced tempo, s into and out of the stretch (0:0 none)\n"
		"  --for-side left|right     the numbers above are for this side only (default both)\n"
		"--db FILE: the history database (default: the kiosk's, as stretchrep history finds it).\n"
		"Names: 1-%d printable characters, unique among the patients not archived.\n",
		PATIENT_SESSIONS_PER_DAY_MAX, PATIENT_SESSIONS_PER_DAY_DEFAULT, PATIENT_NAME_MAX);
}

/* What add and set were told; a number < -1 was not given. */
#define NOT_GIVEN (-2.0)
struct rx_opts {
	bool sides_given, mode_given;
	enum patient_sides sides;
	enum history_mode mode;
	int sessions_per_day;    /* 0: not given */
	bool spd_default;
	enum history_side for_side; /* NONE: both */
	double hold_warn_s, work_target_s, ceiling_deg;
	double zone[2], tempo[2];
};

/* A number of a settings row, or "default" (PATIENT_RX_UNSET); zero_ok:
 * 0 means none. 0 or -EINVAL said. */
static int parse_rx(const char *opt, const char *section, const char *key, bool zero_ok, const char *arg,
		    double *out)
{
	if (!strcmp(arg, "default")) {
		*out = PATIENT_RX_UNSET;
		return 0;
	}
	if (zero_ok && !strcmp(arg, "0")) {
		*out = 0.0;
		return 0;
	}
	return cli_parse_key(opt, section, key, arg, out) ? -EINVAL : 0;
}

/* "A:B" two numbers in [lo, hi], or 0:0, or "default". */
static int parse_pair(const char *opt, const char *arg, double lo, double hi, double out[2])
{
	char a[32], b[32];
	const char *colon = strchr(arg, ':');

	if (!strcmp(arg, "default")) {
		out[0] = out[1] = PATIENT_RX_UNSET;
		return 0;
	}
	if (!colon || colon - arg >= (long)sizeof(a) || strlen(colon + 1) >= sizeof(b)) {
		fprintf(stderr, "stretchrep patient: %s: '%s' is not A:B\n", opt, arg);
		return -EINVAL;
	}
	snprintf(a, sizeof(a), "%.*s", (int)(colon - arg), arg);
	snprintf(b, sizeof(b), "%s", colon + 1);
	if (cli_parse_double(opt, a, 0.0, hi, &out[0]) || cli_parse_double(opt, b, 0.0, hi, &out[1]))
		return -EINVAL;
	if (out[0] == 0.0 && out[1] == 0.0)
		return 0;
	if (out[0] < lo || out[1] < lo) {
		fprintf(stderr, "stretchrep patient: %s: %s: each %g-%g, or 0:0 for none\n", opt, arg, lo, hi);
		return -EINVAL;
	}
	return 0;
}

static int parse_rx_opts(int argc, char **argv, struct rx_opts *o, const char **db)
{
	static const struct option opts[] = {
		{ "side", required_argument, NULL, 's' },
		{ "mode", required_argument, NULL, 'm' },
		{ "sessions-per-day", required_argument, NULL, 'n' },
		{ "hold-warn", required_argument, NULL, 'w' },
		{ "work-target", required_argument, NULL, 'T' },
		{ "ceiling-deg", required_argument, NULL, 'C' },
		{ "zone", required_argument, NULL, 'z' },
		{ "tempo", required_argument, NULL, 't' },
		{ "for-side", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double v, lo, hi;
	int c;

	memset(o, 0, sizeof(*o));
	o->hold_warn_s = o->work_target_s = o->ceiling_deg = NOT_GIVEN;
	o->zone[0] = o->zone[1] = o->tempo[0] = o->tempo[1] = NOT_GIVEN;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (patient_sides_parse(optarg, &o->sides)) {
				fprintf(stderr, "stretchrep patient: --side: '%s' is not left, right or both\n", optarg);
				return -EINVAL;
			}
			o->sides_given = true;
			break;
		case 'm':
			if (history_mode_parse(optarg, &o->mode)) {
				fprintf(stderr, "stretchrep patient: --mode: '%s' is not stretch or massage\n", optarg);
				return -EINVAL;
			}
			o->mode_given = true;
			break;
		case 'n':
			if (!strcmp(optarg, "default")) {
				o->spd_default = true;
				break;
			}
			if (cli_parse_double("--sessions-per-day", optarg, 1, PATIENT_SESSIONS_PER_DAY_MAX, &v))
				return -EINVAL;
			if (v != (int)v) {
				fprintf(stderr, "stretchrep patient: --sessions-per-day: %g is not a whole number\n", v);
				return -EINVAL;
			}
			o->sessions_per_day = (int)v;
			break;
		case 'w':
			if (parse_rx("--hold-warn", "motion", "hold_warn_s", false, optarg, &o->hold_warn_s))
				return -EINVAL;
			break;
		case 'T':
			if (parse_rx("--work-target", "session", "work_target_s", false, optarg, &o->work_target_s))
				return -EINVAL;
			break;
		case 'C':
			if (parse_rx("--ceiling-deg", "session", "ceiling_deg", true, optarg, &o->ceiling_deg))
				return -EINVAL;
			break;
		case 'z':
			/* on the ceiling's dial: its range */
			if (config_key_range("session", "ceiling_deg", &lo, &hi) ||
			    parse_pair("--zone", optarg, 0.0, hi, o->zone))
				return -EINVAL;
			break;
		case 't':
			if (parse_pair("--tempo", optarg, PATIENT_TEMPO_MIN_S, PATIENT_TEMPO_MAX_S, o->tempo))
				return -EINVAL;
			break;
		case 'f':
			if (history_side_parse(optarg, &o->for_side)) {
				fprintf(stderr, "stretchrep patient: --for-side: '%s' is not left or right\n", optarg);
				return -EINVAL;
			}
			break;
		case 'd':
			*db = optarg;
			break;
		case 'h':
			patient_usage(stdout);
			return 1;
		default:
			patient_usage(stderr);
			return -EINVAL;
		}
	}
	return 0;
}

static void set_if(double *field, double v)
{
	if (v != NOT_GIVEN)
		*field = v;
}

/* The options into p: the numbers on the --for-side side, or both. */
static void apply_rx_opts(const struct rx_opts *o, struct patient *p)
{
	if (o->sides_given)
		p->sides = o->sides;
	if (o->mode_given)
		p->mode = o->mode;
	if (o->sessions_per_day)
		p->sessions_per_day = o->sessions_per_day;
	if (o->spd_default)
		p->sessions_per_day = -1;
	for (int i = 0; i < 2; i++) {
		struct patient_rx *rx = &p->rx[i];

		if (o->for_side != HISTORY_SIDE_NONE && o->for_side != (i ? HISTORY_SIDE_RIGHT : HISTORY_SIDE_LEFT))
			continue;
		set_if(&rx->hold_warn_s, o->hold_warn_s);
		set_if(&rx->work_target_s, o->work_target_s);
		set_if(&rx->ceiling_deg, o->ceiling_deg);
		set_if(&rx->zone_lo_deg, o->zone[0]);
		set_if(&rx->zone_hi_deg, o->zone[1]);
		set_if(&rx->tempo_out_s, o->tempo[0]);
		set_if(&rx->tempo_in_s, o->tempo[1]);
	}
}

static bool rx_opts_any(const struct rx_opts *o)
{
	return o->sides_given || o->mode_given || o->sessions_per_day || o->spd_default ||
	       o->hold_warn_s != NOT_GIVEN || o->work_target_s != NOT_GIVEN || o->ceiling_deg != NOT_GIVEN ||
	       o->zone[0] != NOT_GIVEN || o->tempo[0] != NOT_GIVEN;
}

/* A prescription number for people: "-" unset (the settings file's). */
static const char *num(char *buf, size_t len, double v, bool none_if_zero, const char *unit)
{
	if (v == PATIENT_RX_UNSET)
		snprintf(buf, len, "default");
	else if (none_if_zero && v == 0.0)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%g %s", v, unit);
	return buf;
}

static const char *pair(char *buf, size_t len, double a, double b, const char *unit)
{
	if (a == PATIENT_RX_UNSET)
		snprintf(buf, len, "default");
	else if (a == 0.0 && b == 0.0)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%g:%g %s", a, b, unit);
	return buf;
}

static void print_patient(const struct patient *p)
{
	char b[5][32], when[32] = "never";
	time_t t = (time_t)p->last_used_at;
	struct tm tm;

	if (p->last_used_at && localtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	printf("%s%s\n  sides %s, mode %s, sessions per day %d%s, last used %s\n", p->name,
	       p->archived ? " (archived)" : "", patient_sides_name(p->sides), history_mode_name(p->mode),
	       patient_sessions_per_day(p), p->sessions_per_day < 0 ? " (default)" : "", when);
	for (int i = 0; i < 2; i++) {
		const struct patient_rx *rx = &p->rx[i];

		printf("  %-5s hold-warn %s, work-target %s, ceiling %s, zone %s, tempo %s\n",
		       i ? "right" : "left", num(b[0], sizeof(b[0]), rx->hold_warn_s, false, "s"),
		       num(b[1], sizeof(b[1]), rx->work_target_s, false, "s"),
		       num(b[2], sizeof(b[2]), rx->ceiling_deg, true, "deg"),
		       pair(b[3], sizeof(b[3]), rx->zone_lo_deg, rx->zone_hi_deg, "deg"),
		       pair(b[4], sizeof(b[4]), rx->tempo_out_s, rx->tempo_in_s, "s"));
	}
}

/* Opens the database: for writing (created at the default path when there
 * is none yet), or read-only. 0; 1 said (no database: *h NULL and 0 for a
 * reader: nothing to list). */
static int open_db(const char *db, bool write, struct history **h, char *path, size_t len)
{
	bool exists;
	int rc = cli_history_path("patient", db, path, len, &exists);

	*h = NULL;
	if (rc)
		return rc;
	if (!exists && (!write || db)) {
		if (db) {   /* a path given: a typo is not a new database (add creates it) */
			if (!write) {
				fprintf(stderr, "stretchrep patient: %s: no such file\n", path);
				return EXIT_USAGE;
			}
		} else {
			return 0;
		}
	}
	if (write) {
		rc = history_make_parent_dirs(path);
		if (!rc)
			rc = history_open(h, path);
	} else {
		rc = history_open_readonly(h, path);
	}
	if (rc) {
		fprintf(stderr, "stretchrep patient: open %s: %s%s\n", path, strerror(-rc),
			rc == -EACCES || rc == -EPERM ? " (the kiosk's history belongs to the stretchrep user:"
							" use sudo)" : "");
		return 1;
	}
	return 0;
}

/* The active patient called name: 0, or EXIT_USAGE said. */
static int find(struct history *h, const char *path, const char *name, bool archived, struct patient *p)
{
	int rc = h ? patient_find(h, name, archived, p) : -ENOENT;

	if (rc == -ENOENT) {
		fprintf(stderr, "stretchrep patient: no %spatient '%s' in %s (stretchrep patient list%s)\n",
			archived ? "archived " : "", name, path, archived ? " --all" : "");
		return EXIT_USAGE;
	}
	if (rc) {
		fprintf(stderr, "stretchrep patient: %s: %s\n", path, strerror(-rc));
		return 1;
	}
	return 0;
}

static int name_error(const char *name, int rc)
{
	char clean[PATIENT_NAME_BYTES], why[96];

	if (rc == -EEXIST) {
		fprintf(stderr, "stretchrep patient: '%s': another patient has that name\n", name);
	} else {
		patient_name_check(name, clean, sizeof(clean), why, sizeof(why));
		fprintf(stderr, "stretchrep patient: '%s': %s\n", name, why);
	}
	return EXIT_USAGE;
}

/* add and set: the prescription options into the patient, checked. */
static int add_or_set(int argc, char **argv, bool add)
{
	struct rx_opts o;
	struct history *h = NULL;
	struct patient p;
	const char *db = NULL, *name;
	char path[PATH_MAX], why[160];
	int64_t id;
	int rc, status = 1;

	rc = parse_rx_opts(argc, argv, &o, &db);
	if (rc)
		return rc > 0 ? 0 : EXIT_USAGE;
	if (optind + 1 != argc) {
		patient_usage(stderr);
		return EXIT_USAGE;
	}
	name = argv[optind];
	if (add) {
		char clean[PATIENT_NAME_BYTES];

		rc = patient_name_check(name, clean, sizeof(clean), why, sizeof(why));
		if (rc)
			return name_error(name, rc);
	} else if (!rx_opts_any(&o)) {
		fprintf(stderr, "stretchrep patient set: nothing to set (see --help)\n");
		return EXIT_USAGE;
	}
	if (add) {   /* checked before anything is written */
		patient_init(&p);
		apply_rx_opts(&o, &p);
		if (patient_check(&p, why, sizeof(why))) {
			fprintf(stderr, "stretchrep patient: %s\n", why);
			return EXIT_USAGE;
		}
	}
	rc = open_db(db, true, &h, path, sizeof(path));
	if (rc)
		return rc;
	if (add) {
		rc = patient_add_rx(h, name, &p, (int64_t)time(NULL), &id);
		if (rc == -EEXIST || rc == -EINVAL || rc == -ENAMETOOLONG) {
			status = name_error(name, rc);
			goto out;
		}
		if (rc)
			goto out_err;
		p.id = id;
	} else {
		status = find(h, path, name, false, &p);
		if (status)
			goto out;
		status = 1;
		apply_rx_opts(&o, &p);
		if (patient_check(&p, why, sizeof(why))) {
			fprintf(stderr, "stretchrep patient: %s: %s\n", p.name, why);
			status = EXIT_USAGE;
			goto out;
		}
		rc = patient_set_rx(h, &p);
		if (rc)
			goto out_err;
	}
	rc = patient_get(h, p.id, &p);
	if (rc)
		goto out_err;
	print_patient(&p);
	fprintf(stderr, "stretchrep patient: %s %s in %s\n", add ? "added" : "set", p.name, path);
	status = 0;
	goto out;
out_err:
	fprintf(stderr, "stretchrep patient: %s: %s (%s)\n", path, strerror(-rc), history_errmsg(h));
out:
	history_close(h);
	return status;
}

/* The commands with only --db (and list's --all) besides their words. */
static int simple(int argc, char **argv, const char *cmd, int words)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct history *h = NULL;
	struct patient *list = NULL, p;
	const char *db = NULL;
	char path[PATH_MAX];
	bool write = strcmp(cmd, "list") != 0 && strcmp(cmd, "show") != 0, all = false;
	int c, rc, status = 1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'a':
			if (strcmp(cmd, "list") != 0)
				goto usage;
			all = true;
			break;
		case 'h':
			patient_usage(stdout);
			return 0;
		default:
			goto usage;
		}
	}
	if (argc - optind != words)
		goto usage;
	rc = open_db(db, write, &h, path, sizeof(path));
	if (rc)
		return rc;
	if (!strcmp(cmd, "list")) {
		list = calloc(PATIENT_LIST_MAX, sizeof(*list));
		rc = !list ? -ENOMEM : h ? patient_list(h, all, list, PATIENT_LIST_MAX) : 0;
		if (rc < 0)
			goto out_err;
		if (rc == 0)
			printf("no patients yet (stretchrep patient add NAME)\n");
		for (int i = 0; i < rc; i++)
			print_patient(&list[i]);
		status = 0;
		goto out;
	}
	status = find(h, path, argv[optind], !strcmp(cmd, "restore"), &p);
	if (status)
		goto out;
	status = 1;
	if (!strcmp(cmd, "show")) {
		print_patient(&p);
		status = 0;
		goto out;
	}
	/* patient_find gives an active patient of that name first: restore
	 * is for an archived one, which cannot come back while its name is
	 * taken (the active name index) */
	if (!strcmp(cmd, "restore") && !p.archived) {
		int n;
		bool archived_too = false;

		list = calloc(PATIENT_LIST_MAX, sizeof(*list));
		n = list ? patient_list(h, true, list, PATIENT_LIST_MAX) : -ENOMEM;
		if (n < 0) {
			rc = n;
			goto out_err;
		}
		for (int i = 0; i < n; i++)
			archived_too |= list[i].archived && !strcmp(list[i].name, p.name);
		if (archived_too)
			name_error(p.name, -EEXIST);
		else
			fprintf(stderr, "stretchrep patient: '%s' is not archived: nothing to restore\n", p.name);
		status = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(cmd, "rename"))
		rc = patient_rename(h, p.id, argv[optind + 1]);
	else
		rc = patient_archive(h, p.id, !strcmp(cmd, "archive"));
	if (rc == -EEXIST || rc == -EINVAL || rc == -ENAMETOOLONG) {
		status = name_error(!strcmp(cmd, "rename") ? argv[optind + 1] : p.name, rc);
		goto out;
	}
	if (rc)
		goto out_err;
	if (!strcmp(cmd, "rename"))
		fprintf(stderr, "stretchrep patient: %s renamed to %s\n", p.name, argv[optind + 1]);
	else
		fprintf(stderr, "stretchrep patient: %s %sd\n", p.name, cmd);
	status = 0;
	goto out;
out_err:
	fprintf(stderr, "stretchrep patient: %s: %s (%s)\n", path, strerror(-rc), history_errmsg(h));
out:
	free(list);
	history_close(h);
	return status;
usage:
	patient_usage(stderr);
	return EXIT_USAGE;
}

int cmd_patient(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "add") || !strcmp(sub, "set"))
		return add_or_set(argc - 1, argv + 1, !strcmp(sub, "add"));
	if (!strcmp(sub, "list"))
		return simple(argc - 1, argv + 1, sub, 0);
	if (!strcmp(sub, "show") || !strcmp(sub, "archive") || !strcmp(sub, "restore"))
		return simple(argc - 1, argv + 1, sub, 1);
	if (!strcmp(sub, "rename"))
		return simple(argc - 1, argv + 1, sub, 2);
	if (!strcmp(sub, "--help") || !strcmp(sub, "-h") || !strcmp(sub, "help")) {
		patient_usage(stdout);
		return 0;
	}
	if (*sub)
		fprintf(stderr, "stretchrep patient: unknown command '%s'\n", sub);
	patient_usage(stderr);
	return EXIT_USAGE;
}
