// SPDX-License-Identifier: MIT
/* Helpers shared by the subcommands (app/cmd_*.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "cli.h"

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
