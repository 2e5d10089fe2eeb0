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

#include <stdbool.h>
#include <stddef.h>

#define EXIT_USAGE 2

struct config;
struct option;

int cmd_analyze(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_screenshot(int argc, char **argv);
int cmd_check_config(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_board(int argc, char **argv);
int cmd_slr(int argc, char **argv);
int cmd_patient(int argc, char **argv);
int cmd_report(int argc, char **argv);
/* drivers part (issue 3) */
int cmd_probe(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_gpio_test(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

/* Parses a finite number in [lo, hi] for option opt; prints the error. */
int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out);
/* Parses "WxH" within 320x200 .. 8192x8192 for option opt; prints the error. */
int cli_parse_size(const char *opt, const char *arg, int *w, int *h);

/* The settings file a command reads: the last --config FILE in argv, found
 * by a quiet first pass of the command's own getopt_long parse (its
 * optstring and opts; --config has the value 'c'), else NULL, which
 * config_load takes as the kiosk's own file (CONFIG_DEFAULT_PATH when it
 * exists). Every command that uses a setting reads it first, so that its
 * other options override it. Leaves optind at 1 for the real parse. */
const char *cli_config_path(int argc, char **argv, const char *optstring, const struct option *opts);
/* Allocates *out (free() it) and loads that file into it. Problems go to
 * stderr ("stretchrep CMD: FILE:LINE: key: reason") and the bad keys keep
 * their defaults, as in the kiosk. 0; or the exit status, said on stderr: 1
 * out of memory, EXIT_USAGE when a file given with --config cannot be read. */
int cli_config_open(const char *cmd, int argc, char **argv, const char *optstring, const struct option *opts,
		    struct config **out);

/* The options of the tools that look for the sensor (probe, record): the
 * [sensor] keys they set, getopt_long's value in the case. */
#define CLI_SENSOR_OPTIONS \
	{ "config", required_argument, NULL, 'c' }, \
	{ "bus", required_argument, NULL, 'b' },    /* [sensor] bus */ \
	{ "rate", required_argument, NULL, 'r' }    /* [sensor] rate_hz */
/* Applies one of them ('b' or 'r') to cfg: 0, or -EINVAL said on stderr. */
int cli_sensor_option(struct config *cfg, int opt, const char *arg);

/* Before a tool opens the sensor's bus and resets the chip (probe, record):
 * another process that has the bus node open (file_holder.h; the kiosk's
 * I/O thread, whose session a reset breaks) makes it refuse, naming that
 * process and `sudo systemctl stop stretchrep`, unless force (--force, for
 * a technician: then said and ignored). When /proc shows no holder but the
 * bus exists and systemd says CLI_KIOSK_UNIT is active (`systemctl
 * is-active`, found on PATH), the same: its process is hidden from every
 * user but root (ProtectProc=invisible). 0 to go on, or 1 (failed at run
 * time) with the refusal on stderr as "stretchrep CMD: ...". */
#define CLI_KIOSK_UNIT "stretchrep.service"
int cli_bus_free(const char *cmd, const char *bus_path, bool force);

/* An option that sets a key of the settings ([section] key): the value is
 * checked against the key's own type and range (config_set). 0, or -EINVAL
 * / -ENOENT with "stretchrep: OPT: reason" on stderr. */
int cli_set_config(struct config *cfg, const char *opt, const char *section, const char *key, const char *arg);
/* A number in the range of the settings' [section] key, for an option that
 * means the same quantity (cli_parse_double's errors). */
int cli_parse_key(const char *opt, const char *section, const char *key, const char *arg, double *out);

/* The kiosk service's history (StateDirectory=), the fallback of the
 * tools that read or edit the history (history, patient). */
#define CLI_HISTORY_SERVICE_PATH "/var/lib/stretchrep/history.sqlite3"

/* The history database a tool uses: db when given (*exists says whether
 * it is there), else history_default_path(), else the kiosk service's
 * CLI_HISTORY_SERVICE_PATH when only that one exists. Copied to path. 0,
 * or EXIT_USAGE said on stderr ("stretchrep CMD: no database path ...").
 * Creates nothing. */
int cli_history_path(const char *cmd, const char *db, char *path, size_t len, bool *exists);

#endif
