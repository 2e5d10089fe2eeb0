/* SPDX-License-Identifier: MIT */
/*
 * app/cmd/ — the command line: one file per subcommand (cmd_NAME.c, each a
 * thin client of the rooms below, STYLE.md 15) and cli.c, the option helpers
 * they share. main.c dispatches to them through this header.
 * May include every room (core/, source/, kiosk/, ui/, store/), app/'s shared
 * modules and the drivers. Nothing but main.c includes cmd/.
 *
 * Subcommands of the stretchrep program. Each takes the arguments after its
 * own name (argv[0] is the subcommand) and returns the process exit status:
 * 0 success, 1 failure at run time, 2 bad usage or bad input.
 */
#ifndef STRETCHREP_CMD_CLI_H
#define STRETCHREP_CMD_CLI_H

#define EXIT_USAGE 2

int cmd_analyze(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_screenshot(int argc, char **argv);
int cmd_check_config(int argc, char **argv);
int cmd_history(int argc, char **argv);
/* drivers part (issue 3) */
int cmd_probe(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_gpio_test(int argc, char **argv);

/* Parses a finite number in [lo, hi] for option opt; prints the error. */
int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out);
/* Parses "WxH" within 320x200 .. 8192x8192 for option opt; prints the error. */
int cli_parse_size(const char *opt, const char *arg, int *w, int *h);

#endif
