// SPDX-License-Identifier: MIT
/* Helpers shared by the subcommands (cmd/cmd_*.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "cmd/cli.h"

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
