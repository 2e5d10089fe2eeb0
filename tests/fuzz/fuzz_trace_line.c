// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the trace line parser (core/trace.c), fed the input cut at
 * '\n' the way a file reader would. Besides the sanitizers it checks what
 * core/trace.h promises:
 *  - a result is SKIP, SAMPLE, or -EINVAL with a reason set;
 *  - a sample is finite, within the documented ranges, and later than the
 *    one before;
 *  - parsing is a pure function of (parser state, line);
 *  - a sample written by trace_format_sample reads back to the same values
 *    within the printed precision.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include "core/trace.h"
#include "fuzz.h"

/* |a - b| within half a unit of the printed last digit, plus rounding. */
static int close_to(double a, double b, double unit)
{
	return fabs(a - b) <= 0.5 * unit + 1e-12 * fabs(b) + 1e-15;
}

static void check_round_trip(const struct sample *s)
{
	struct trace_parser p;
	struct sample back;
	char line[256];
	int n = trace_format_sample(line, sizeof(line), s);

	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(line));
	trace_parser_init(&p);
	FUZZ_CHECK(trace_parse_line(&p, TRACE_HEADER, strlen(TRACE_HEADER), &back) == TRACE_LINE_SKIP);
	FUZZ_CHECK(trace_parse_line(&p, line, (size_t)n, &back) == TRACE_LINE_SAMPLE);
	FUZZ_CHECK(close_to(back.t_s, s->t_s, 1e-6));
	for (int i = 0; i < 3; i++) {
		FUZZ_CHECK(close_to(back.acc_g[i], s->acc_g[i], 1e-5));
		FUZZ_CHECK(close_to(back.gyr_dps[i], s->gyr_dps[i], 1e-4));
	}
}

static void check_sample(const struct sample *s, int have_prev, double prev_t_s)
{
	FUZZ_CHECK(isfinite(s->t_s) && fabs(s->t_s) <= TRACE_MAX_T_S);
	FUZZ_CHECK(!have_prev || s->t_s > prev_t_s);
	for (int i = 0; i < 3; i++) {
		FUZZ_CHECK(isfinite(s->acc_g[i]) && fabs(s->acc_g[i]) <= TRACE_MAX_ACC_G);
		FUZZ_CHECK(isfinite(s->gyr_dps[i]) && fabs(s->gyr_dps[i]) <= TRACE_MAX_GYR_DPS);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *cur = (const char *)data;
	const char *end = cur + size;
	struct trace_parser p;

	trace_parser_init(&p);
	while (cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		size_t len = nl ? (size_t)(nl - cur) + 1 : (size_t)(end - cur);
		const struct trace_parser before = p;
		struct trace_parser again = p;
		struct sample s, s2;
		int rc, rc2;

		rc = trace_parse_line(&p, cur, len, &s);
		rc2 = trace_parse_line(&again, cur, len, &s2);
		FUZZ_CHECK(rc == rc2);
		FUZZ_CHECK(rc == TRACE_LINE_SKIP || rc == TRACE_LINE_SAMPLE || rc == -EINVAL);
		if (rc == -EINVAL) {
			/* A file stops at its first bad line; this goes on with
			 * the same parser to reach more states. */
			FUZZ_CHECK(p.error != NULL && p.error[0] != '\0');
		} else if (rc == TRACE_LINE_SAMPLE) {
			FUZZ_CHECK(FUZZ_SAME_SAMPLE(&s, &s2));
			check_sample(&s, before.have_sample, before.last_t_s);
			check_round_trip(&s);
		}
		cur += len;
	}
	return 0;
}
