// SPDX-License-Identifier: MIT
/*
 * stretchrep — command-line dispatch. Every tool is a subcommand and a thin
 * client of the same code the kiosk runs (STYLE.md 15).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cmd/cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "analyze", cmd_analyze, "count reps and holds in a trace, print JSON" },
	{ "simulate", cmd_simulate, "write a trace of the virtual patient, with its truth" },
	{ "run", cmd_run, "the kiosk (--headless: events as JSON lines)" },
	{ "screenshot", cmd_screenshot, "render one kiosk screen to a PNG file" },
	{ "check-config", cmd_check_config, "validate a configuration file" },
	{ "history", cmd_history, "list or export the saved sessions" },
	{ "slr", cmd_slr, "the straight-leg-raise test: simulated, or a trace with marks" },
	{ "patient", cmd_patient, "add, set, list, rename or archive patients and their prescription" },
	{ "board", cmd_board, "the clinic board: every station on one screen (MQTT)" },
	{ "probe", cmd_probe, "find the IMU on the I2C bus, show one sample and the rate" },
	{ "record", cmd_record, "record the IMU into a trace file" },
	{ "gpio-test", cmd_gpio_test, "blink the LED, beep, print button presses" },
	{ "doctor", cmd_doctor, "check what the kiosk needs on this Pi, and say how to fix it" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: stretchrep COMMAND [OPTIONS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n  stretchrep COMMAND --help    options of one command\n"
		   "  stretchrep --version\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("stretchrep %s\n", STRETCHREP_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "stretchrep: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
