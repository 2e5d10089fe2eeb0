// SPDX-License-Identifier: MIT
/*
 * stretchrep check-config [--dump] [FILE] — validates a configuration file
 * with the same code the kiosk uses, and prints each problem as
 * "FILE:LINE: key: reason" on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "config.h"

static void check_config_usage(FILE *f)
{
	fprintf(f, "usage: stretchrep check-config [--dump] [FILE] | --markdown\n"
		   "  FILE    the configuration to check (default %s;\n"
		   "          its absence is fine there: the defaults apply)\n"
		   "  --dump  print the effective settings (bad keys at their defaults),\n"
		   "          each with its help, unit and range\n"
		   "  --markdown  print the table of every setting (README's)\n"
		   "Exit status 0 when the file has no problems, 2 when it has (one line\n"
		   "each on stderr, FILE:LINE: key: reason) or cannot be read.\n",
		CONFIG_DEFAULT_PATH);
}

int cmd_check_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "markdown", no_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;   /* the kiosk's: missing is fine */
	struct config *cfg;
	bool dump = false;
	int c, rc, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dump = true;
			break;
		case 'm':
			if (optind != argc) {
				check_config_usage(stderr);
				return EXIT_USAGE;
			}
			return config_write_markdown(stdout) || fflush(stdout) ? 1 : 0;
		case 'h':
			check_config_usage(stdout);
			return 0;
		default:
			check_config_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc - 1) {
		check_config_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind == argc - 1)
		path = argv[optind];

	cfg = malloc(sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "stretchrep check-config: out of memory\n");
		return 1;
	}
	rc = config_load(cfg, path);
	if (!path) {
		path = CONFIG_DEFAULT_PATH;
		if (!rc && access(path, F_OK) && errno == ENOENT && !dump)
			printf("%s: not there; the built-in defaults apply\n", path);
	}
	for (int i = 0; i < config_problems_kept(cfg); i++)
		fprintf(stderr, "%s\n", cfg->problems[i].text);
	if (cfg->n_problems > CONFIG_MAX_PROBLEMS)
		fprintf(stderr, "%s: ... and %d more problems\n", path, cfg->n_problems - CONFIG_MAX_PROBLEMS);
	status = (rc || cfg->n_problems) ? EXIT_USAGE : 0;
	if (!status && !dump && !access(path, F_OK))
		printf("%s: ok\n", path);
	if (dump && config_write(cfg, stdout))
		status = 1;
	free(cfg);
	return status;
}
