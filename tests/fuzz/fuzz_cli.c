// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the command line, through the real subcommand entry points
 * (app/cmd/cli.h): check-config, analyze, history and patient, each with
 * the arguments libFuzzer makes. The subcommands parse with getopt_long
 * inside the function that then does the work (there is no parse-only
 * seam), so the work runs too, fenced in: the arguments may not name a
 * path outside an empty scratch directory (no "/" in any argument, no "-"
 * for stdin), HOME and the XDG and state directories point into it, and
 * it is emptied after each input; the command runs with the scratch
 * directory as its working directory. The commands that sample, draw, wait or
 * touch hardware (run, simulate, screenshot, board, probe, record,
 * gpio-test, doctor) are left out.
 * FUZZ_NEEDS: app/cmd/cli.h:cmd_patient
 *
 * Input: one byte choosing the command, then its arguments separated by
 * NUL bytes (at most 24, each under 256 bytes).
 *
 * Properties: the exit status is 0, 1 or 2 (cli.h); nothing crashes,
 * leaks or hangs (libFuzzer's -timeout); stdout/stderr text is dropped.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <string.h>
#include <unistd.h>
#include "cmd/cli.h"
#include "fuzz.h"

#define MAX_ARGS 24
#define MAX_ARG_LEN 256

static char scratch[64];
static int home_fd;      /* the directory to come back to (replay reads from it) */
static FILE *null_out;   /* the commands' words go there; fd 2 stays for the sanitizers */

static int remove_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(p);
	return 0;
}

static void empty_scratch(void)
{
	nftw(scratch, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void cleanup(void)
{
	empty_scratch();
	rmdir(scratch);
}

static void setup(void)
{
	char data[96];

	snprintf(scratch, sizeof(scratch), "%s/stretchrep-fuzz-cli-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	FUZZ_CHECK(mkdtemp(scratch) != NULL);
	FUZZ_CHECK((home_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0);
	snprintf(data, sizeof(data), "%s/data", scratch);
	setenv("HOME", scratch, 1);
	setenv("XDG_DATA_HOME", data, 1);
	setenv("XDG_CONFIG_HOME", data, 1);
	unsetenv("STATE_DIRECTORY");
	FUZZ_CHECK((null_out = fopen("/dev/null", "w")) != NULL);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const cmds[])(int, char **) = { cmd_check_config, cmd_analyze, cmd_history, cmd_patient };
	static char names[][16] = { "check-config", "analyze", "history", "patient" };
	static char x[] = "x";
	char *argv[MAX_ARGS + 2], *copy, *p, *end;
	char *dummy[] = { x, NULL };
	FILE *out, *err;
	int argc = 1, which, status;

	if (!scratch[0])
		setup();
	if (size < 1 || size > MAX_ARGS * MAX_ARG_LEN)
		return 0;
	which = data[0] % (int)(sizeof(cmds) / sizeof(cmds[0]));
	copy = malloc(size);   /* data[1..] with a NUL after the last argument */
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	argv[0] = names[which];
	for (p = copy, end = copy + size - 1; p < end; p += strlen(p) + 1) {
		if (argc == MAX_ARGS + 1 || strlen(p) >= MAX_ARG_LEN || strchr(p, '/') || !strcmp(p, "-"))
			goto out;   /* outside the fence: not tried */
		argv[argc++] = p;
	}
	argv[argc] = NULL;
	/* a command that returned from inside its getopt loop leaves getopt
	 * mid-argument: optind = 0 and one empty parse start afresh */
	optind = 0;
	opterr = 0;
	(void)getopt(1, dummy, "");
	opterr = 1;
	out = stdout;
	err = stderr;
	stdout = stderr = null_out;
	FUZZ_CHECK(chdir(scratch) == 0);
	status = cmds[which](argc, argv);
	FUZZ_CHECK(fchdir(home_fd) == 0);
	fflush(null_out);
	stdout = out;
	stderr = err;
	FUZZ_CHECK(status == 0 || status == 1 || status == EXIT_USAGE);
	empty_scratch();
out:
	free(copy);
	return 0;
}
