/* SPDX-License-Identifier: MIT */
/* Test helpers on top of cmocka (include after <cmocka.h>). */
#ifndef STRETCHREP_TESTUTIL_H
#define STRETCHREP_TESTUTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* A fresh directory /tmp/stretchrep-NAME-XXXXXX in dir (64 bytes) and
 * path = dir/FILE in it (128 bytes): a cmocka setup's work. 0 or -1. */
static inline int testutil_tmpdir(char dir[64], const char *name, char path[128], const char *file)
{
	snprintf(dir, 64, "/tmp/stretchrep-%s-XXXXXX", name);
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, 128, "%s/%s", dir, file);
	return 0;
}

/* Removes it again (a teardown). 0 or -1. */
static inline int testutil_rmdir(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* cmocka 1.1 has no double comparison: |a - b| <= eps, with both printed. */
#define assert_near(a, b, eps) do { \
		double a_ = (a), b_ = (b), e_ = (eps); \
		if (!(fabs(a_ - b_) <= e_)) { \
			print_error("%s = %.9g, expected %.9g +- %g\n", #a, a_, b_, e_); \
			fail(); \
		} \
	} while (0)

#endif
