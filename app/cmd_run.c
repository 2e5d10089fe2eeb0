// SPDX-License-Identifier: MIT
/*
 * stretchrep run — the kiosk (or, --headless, the same pipeline printing
 * JSON lines).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "config.h"
#include "kiosk.h"

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: stretchrep run [--window] [--simulate|--replay FILE] [--speed N] [--headless]\n"
		"                      [--seconds S] [--rotate DEG] [--hold-warn S] [--volume V] [--mute]\n"
		"  --window          a desktop window instead of fullscreen\n"
		"  --size WxH        window size (default 1280x720)\n"
		"  --simulate        the simulated patient (labelled DEMO); the default without a sensor\n"
		"  --scenario NAME   simulation: demo (default), dynamic, holds, fast, slow, small, ...\n"
		"  --seed N          simulation seed (default 1)\n"
		"  --replay FILE     replay a trace file, paced by its own time\n"
		"  --speed N         run N times faster than real time (simulate, replay)\n"
		"  --headless        no display: print events as JSON lines on stdout\n"
		"  --seconds S       stop after S seconds of sample time\n"
		"  --rotate DEG      rotate the output 0, 90, 180 or 270 degrees clockwise\n"
		"  --software        force the software renderer\n"
		"  --hold-warn S     static-hold warning threshold, s (default %.0f)\n"
		"  --work-target S   the session ends at this much work time, s (default %.0f; 0: never)\n"
		"  --volume V        cue volume 0..1 (default: the config's);  --mute: no sound\n"
		"  --config FILE     settings (default %s; options here win)\n"
		"Keys: Space start/pause, c calibrate, f finish, Esc/q quit.\n",
		motion_default_settings.hold_warn_s, session_default_settings.work_target_s, CONFIG_DEFAULT_PATH);
}

/* The settings file: --config FILE, else CONFIG_DEFAULT_PATH when it
 * exists. It is read before the other options so that they override it. A
 * file with problems still runs the kiosk (bad keys keep their defaults):
 * the problems go to stderr and a notice on the start screen. A --config
 * file that cannot be read is a usage error. */
static int run_load_config(int argc, char **argv, struct kiosk_options *ko)
{
	const char *path = NULL;
	struct config *cfg;
	int rc, n;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			path = argv[i + 1];
		else if (!strncmp(argv[i], "--config=", 9))
			path = argv[i] + 9;
	}
	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "stretchrep run: out of memory\n");
		return -ENOMEM;
	}
	rc = config_load(cfg, path);
	if (rc && path) {
		fprintf(stderr, "stretchrep run: --config %s: %s\n", path, strerror(-rc));
		free(cfg);
		return rc;
	}
	n = config_problems_kept(cfg);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "stretchrep run: %s\n", cfg->problems[i].text);
	ko->set = cfg->session;
	ko->ui.rotation_deg = cfg->display.rotation_deg;
	ko->ui.window = !cfg->display.fullscreen;
	ko->ui.width = cfg->display.width;
	ko->ui.height = cfg->display.height;
	ko->volume = cfg->audio.volume / 100.0;
	ko->mute = cfg->audio.mute;
	if (cfg->n_problems)
		snprintf(ko->notice, sizeof(ko->notice), "settings: %d problem%s (stretchrep check-config)",
			 cfg->n_problems, cfg->n_problems == 1 ? "" : "s");
	free(cfg);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "window", no_argument, NULL, 'W' },
		{ "size", required_argument, NULL, 'z' },
		{ "simulate", no_argument, NULL, 's' },
		{ "scenario", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'e' },
		{ "replay", required_argument, NULL, 'r' },
		{ "speed", required_argument, NULL, 'x' },
		{ "headless", no_argument, NULL, 'H' },
		{ "seconds", required_argument, NULL, 't' },
		{ "rotate", required_argument, NULL, 'R' },
		{ "software", no_argument, NULL, 'S' },
		{ "hold-warn", required_argument, NULL, 'w' },
		{ "work-target", required_argument, NULL, 'T' },
		{ "volume", required_argument, NULL, 'v' },
		{ "mute", no_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct kiosk_options ko;
	struct sim_settings sim = sim_default_settings;
	struct source *src = NULL;
	const char *replay = NULL;
	double speed = 1.0, v;
	bool simulate = false;
	char err[512];
	int c, rc;

	kiosk_options_default(&ko);
	if (run_load_config(argc, argv, &ko))
		return EXIT_USAGE;
	sim.scenario = SIM_DEMO;
	sim.seed = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'W':
			ko.ui.window = true;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &ko.ui.width, &ko.ui.height) != 2 ||
			    ko.ui.width < 320 || ko.ui.height < 200 || ko.ui.width > 8192 || ko.ui.height > 8192) {
				fprintf(stderr, "stretchrep run: --size: '%s' is not WxH (320x200 .. 8192x8192)\n", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			simulate = true;
			break;
		case 'n':
			rc = sim_scenario_from_name(optarg);
			if (rc < 0) {
				fprintf(stderr, "stretchrep run: --scenario: unknown scenario '%s'\n", optarg);
				return EXIT_USAGE;
			}
			sim.scenario = (enum sim_scenario)rc;
			simulate = true;
			break;
		case 'e':
			if (cli_parse_double("--seed", optarg, 0, 4294967295.0, &v))
				return EXIT_USAGE;
			sim.seed = (uint64_t)v;
			break;
		case 'r':
			replay = optarg;
			break;
		case 'x':
			if (cli_parse_double("--speed", optarg, 0.01, 100000.0, &speed))
				return EXIT_USAGE;
			break;
		case 'H':
			ko.headless = true;
			break;
		case 't':
			if (cli_parse_double("--seconds", optarg, 0.001, 1e7, &ko.seconds))
				return EXIT_USAGE;
			break;
		case 'R':
			if (cli_parse_double("--rotate", optarg, 0, 270, &v))
				return EXIT_USAGE;
			if (v != 0 && v != 90 && v != 180 && v != 270) {
				fprintf(stderr, "stretchrep run: --rotate: must be 0, 90, 180 or 270\n");
				return EXIT_USAGE;
			}
			ko.ui.rotation_deg = (int)v;
			break;
		case 'S':
			ko.ui.software = true;
			break;
		case 'w':
			if (cli_parse_double("--hold-warn", optarg, 1.0, 600.0, &ko.set.motion.hold_warn_s))
				return EXIT_USAGE;
			break;
		case 'T':
			if (cli_parse_double("--work-target", optarg, 0.0, 3600.0, &ko.set.work_target_s))
				return EXIT_USAGE;
			break;
		case 'v':
			if (cli_parse_double("--volume", optarg, 0.0, 1.0, &ko.volume))
				return EXIT_USAGE;
			break;
		case 'm':
			ko.mute = true;
			break;
		case 'c':   /* read before the other options, which override it */
			break;
		case 'h':
			run_usage(stdout);
			return 0;
		default:
			run_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		run_usage(stderr);
		return EXIT_USAGE;
	}
	if (simulate && replay) {
		fprintf(stderr, "stretchrep run: --simulate and --replay exclude each other\n");
		return EXIT_USAGE;
	}
	sim.hold_warn_s = ko.set.motion.hold_warn_s;
	ko.auto_start = ko.headless;
	if (replay) {
		rc = source_open_replay(&src, replay, speed, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "stretchrep run: %s\n", err);
			return EXIT_USAGE;
		}
	} else {
		/* Hook point for the real sensor: probe the IMU (app/imu_thread.h),
		 * wrap it with source_wrap(), and fall back to the simulated
		 * patient only when none answers. Until then: the demo. */
		if (!simulate && !ko.headless)
			fprintf(stderr, "stretchrep run: no sensor support in this build: demo with the simulated patient\n");
		rc = source_open_sim(&src, &sim, speed);
		if (rc) {
			fprintf(stderr, "stretchrep run: simulation: %s\n", strerror(-rc));
			return 1;
		}
		ko.start_after_s = 4.0;     /* a demo plays by itself */
		ko.demo_restart_s = 20.0;
	}
	return kiosk_run(&ko, src, NULL);
}
