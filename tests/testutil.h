/* SPDX-License-Identifier: MIT */
/* Test helpers on top of cmocka (include after <cmocka.h>). */
#ifndef STRETCHREP_TESTUTIL_H
#define STRETCHREP_TESTUTIL_H

#include <math.h>

/* cmocka 1.1 has no double comparison: |a - b| <= eps, with both printed. */
#define assert_near(a, b, eps) do { \
		double a_ = (a), b_ = (b), e_ = (eps); \
		if (!(fabs(a_ - b_) <= e_)) { \
			print_error("%s = %.9g, expected %.9g +- %g\n", #a, a_, b_, e_); \
			fail(); \
		} \
	} while (0)

#endif
