// SPDX-License-Identifier: MIT
/* Helpers shared by the subcommands (cmd/cmd_*.c). */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "config.h"
#include "file_holder.h"
#include "store/history.h"

int cli_parse_double(const char *opt, const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!arg) {
		fprintf(stderr, "stretchrep: %s needs a value\n", opt);
		return -EINVAL;
	}
	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno == ERANGE || !isfinite(v)) {
		fprintf(stderr, "stretchrep: %s: '%s' is not a number\n", opt, arg);
		return -EINVAL;
	}
	if (v < lo || v > hi) {
		fprintf(stderr, "stretchrep: %s: %g is out of range [%g, %g]\n", opt, v, lo, hi);
		return -ERANGE;
	}
	*out = v;
	return 0;
}

int cli_parse_size(const char *opt, const char *arg, int *w, int *h)
{
	char *x, *end;
	long lw, lh;

	errno = 0;
	lw = arg ? strtol(arg, &x, 10) : 0;
	if (!arg || x == arg || (*x != 'x' && *x != 'X'))
		goto bad;
	lh = strtol(x + 1, &end, 10);
	if (end == x + 1 || *end != '\0' || errno == ERANGE)
		goto bad;
	if (lw < 320 || lh < 200 || lw > 8192 || lh > 8192)
		goto bad;
	*w = (int)lw;
	*h = (int)lh;
	return 0;
bad:
	fprintf(stderr, "stretchrep: %s: '%s' is not WxH (320x200 .. 8192x8192)\n", opt,
		arg ? arg : "");
	return -EINVAL;
}

const char *cli_config_path(int argc, char **argv, const char *optstring, const struct option *opts)
{
	const char *path = NULL;
	int c, err = opterr;

	/* a first pass of the command's own parse, quiet: the second one,
	 * after the file is read, says what is wrong */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, optstring, opts, NULL)) != -1)
		if (c == 'c')
			path = optarg;
	opterr = err;
	optind = 1;
	return path;
}

int cli_config_open(const char *cmd, int argc, char **argv, const char *optstring, const struct option *opts,
		    struct config **out)
{
	const char *path = cli_config_path(argc, argv, optstring, opts);
	struct config *cfg = malloc(sizeof(*cfg));
	int rc;

	*out = NULL;
	if (!cfg) {
		fprintf(stderr, "stretchrep %s: out of memory\n", cmd);
		return 1;
	}
	rc = config_load(cfg, path);
	if (rc && path) {
		fprintf(stderr, "stretchrep %s: --config %s: %s\n", cmd, path, strerror(-rc));
		free(cfg);
		return EXIT_USAGE;
	}
	for (int i = 0; i < config_problems_kept(cfg); i++)
		fprintf(stderr, "stretchrep %s: %s\n", cmd, cfg->problems[i].text);
	*out = cfg;
	return 0;
}

int cli_sensor_option(struct config *cfg, int opt, const char *arg)
{
	if (opt == 'b')
		return cli_set_config(cfg, "--bus", "sensor", "bus", arg);
	assert(opt == 'r');
	return cli_set_config(cfg, "--rate", "sensor", "rate_hz", arg);
}

int cli_set_config(struct config *cfg, const char *opt, const char *section, const char *key, const char *arg)
{
	char why[160];
	int rc = config_set(cfg, section, key, arg, why, sizeof(why));

	if (rc)
		fprintf(stderr, "stretchrep: %s: %s\n", opt, why);
	return rc;
}

int cli_parse_key(const char *opt, const char *section, const char *key, const char *arg, double *out)
{
	double lo, hi;
	int rc = config_key_range(section, key, &lo, &hi);

	assert(rc == 0);   /* a row of the settings table the caller names */
	return rc ? rc : cli_parse_double(opt, arg, lo, hi, out);
}

int cli_history_path(const char *cmd, const char *db, char *path, size_t len, bool *exists)
{
	int rc;

	if (db) {
		snprintf(path, len, "%s", db);
	} else {
		rc = history_default_path(path, len);
		if (rc) {
			fprintf(stderr, "stretchrep %s: no database path (set --db, STATE_DIRECTORY or HOME): %s\n",
				cmd, strerror(-rc));
			return EXIT_USAGE;
		}
		/* the user's own history, else the kiosk service's */
		if (access(path, F_OK) && errno == ENOENT && access(CLI_HISTORY_SERVICE_PATH, F_OK) == 0)
			snprintf(path, len, "%s", CLI_HISTORY_SERVICE_PATH);
	}
	*exists = !(access(path, F_OK) && errno == ENOENT);
	return 0;
}

/* true when systemd says the kiosk's unit is running. Any user may ask
 * (systemctl is-active), while the unit's ProtectProc=invisible hides its
 * process, and so its open bus, from everyone but root. No systemd, no
 * systemctl: false. */
#define CLI_UNIT_QUERY_S 3.0   /* systemctl is-active answers in milliseconds */
static bool kiosk_unit_active(void)
{
	char a0[] = "systemctl", a1[] = "is-active", a2[] = "--quiet", a3[] = CLI_KIOSK_UNIT;
	char *argv[] = { a0, a1, a2, a3, NULL };
	posix_spawn_file_actions_t fa;
	int status = -1;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa))
		return false;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, a0, &fa, NULL, argv, environ) == 0) {
		/* a systemd that does not answer must not hang probe: give it
		 * CLI_UNIT_QUERY_S, then take its silence as "not running" */
		struct timespec nap = { .tv_nsec = 20 * 1000 * 1000 };
		int i, got = 0;

		for (i = 0; i < (int)(CLI_UNIT_QUERY_S / 0.02) && got == 0; i++) {
			got = (int)waitpid(pid, &status, WNOHANG);
			if (got == 0 || (got < 0 && errno == EINTR)) {
				got = 0;
				nanosleep(&nap, NULL);
			}
		}
		if (got == 0) {
			kill(pid, SIGKILL);
			while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
				;
			status = -1;
		}
	}
	posix_spawn_file_actions_destroy(&fa);
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int cli_bus_free(const char *cmd, const char *bus_path, bool force)
{
	char name[32];
	long pid = file_holder_find(NULL, bus_path, name, sizeof(name));

	if (!pid) {
		/* the kiosk's process may be hidden: ask systemd, when there is a
		 * bus to break (none: the open says I2C is off, harmless) */
		if (access(bus_path, F_OK) || !kiosk_unit_active())
			return 0;
		if (force) {
			fprintf(stderr, "stretchrep %s: --force: the kiosk (%s) is running; going on\n", cmd,
				CLI_KIOSK_UNIT);
			return 0;
		}
		fprintf(stderr, "stretchrep %s: the kiosk (%s) is running and reads the sensor on %s: %s "
			"resets and reconfigures the sensor, which would break its session; stop it first "
			"(sudo systemctl stop stretchrep), or --force\n", cmd, CLI_KIOSK_UNIT, bus_path, cmd);
		return 1;
	}
	if (force) {
		fprintf(stderr, "stretchrep %s: --force: %s is open in process %ld (%s); going on\n", cmd, bus_path,
			pid, *name ? name : "?");
		return 0;
	}
	fprintf(stderr, "stretchrep %s: %s is open in process %ld (%s): %s resets and reconfigures the sensor, "
		"which would break that process's session; stop it first (sudo systemctl stop stretchrep, "
		"when it is the kiosk), or --force\n", cmd, bus_path, pid, *name ? name : "?", cmd);
	return 1;
}
