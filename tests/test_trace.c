// SPDX-License-Identifier: MIT
/* The trace parser against hand-written lines whose meaning is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include "core/trace.h"
#include "testutil.h"

static int parse(struct trace_parser *p, const char *line, struct sample *s)
{
	return trace_parse_line(p, line, strlen(line), s);
}

static void header_then_samples(void **state)
{
	struct trace_parser p;
	struct sample s;

	(void)state;
	trace_parser_init(&p);
	assert_int_equal(parse(&p, "# recorded by hand\n", &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, TRACE_HEADER "\r\n", &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, "0.5,0.1,-0.2,0.98,1.5,-2,3e1\n", &s), TRACE_LINE_SAMPLE);
	assert_near(s.t_s, 0.5, 1e-12);
	assert_near(s.acc_g[1], -0.2, 1e-12);
	assert_near(s.acc_g[2], 0.98, 1e-12);
	assert_near(s.gyr_dps[2], 30.0, 1e-12);
	/* extra columns are ignored, blank lines skipped */
	assert_int_equal(parse(&p, "\n", &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, "0.6, 0, 0, 1, 0, 0, 0, extra, 7\n", &s), TRACE_LINE_SAMPLE);
	assert_near(s.acc_g[2], 1.0, 0.0);
}

static void header_with_extra_columns(void **state)
{
	struct trace_parser p;
	struct sample s;

	(void)state;
	trace_parser_init(&p);
	assert_int_equal(parse(&p, TRACE_HEADER ",mx,my\n", &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, "1,0,0,1,0,0,0,5,6\n", &s), TRACE_LINE_SAMPLE);
}

static void expect_error(const char *const lines[], int n, const char *reason)
{
	struct trace_parser p;
	struct sample s;
	int rc = 0;

	trace_parser_init(&p);
	for (int i = 0; i < n && rc >= 0; i++)
		rc = parse(&p, lines[i], &s);
	assert_int_equal(rc, -EINVAL);
	assert_non_null(p.error);
	assert_non_null(strstr(p.error, reason));
}

static void bad_inputs(void **state)
{
	(void)state;
	{ const char *l[] = { "1,2,3\n" }; expect_error(l, 1, "expected the header"); }
	{ const char *l[] = { TRACE_HEADER, "0,1,2\n" }; expect_error(l, 2, "too few columns"); }
	{ const char *l[] = { TRACE_HEADER, "0,1,2,3,4,5\n" }; expect_error(l, 2, "too few columns"); }
	{ const char *l[] = { TRACE_HEADER, "0,x,0,1,0,0,0\n" }; expect_error(l, 2, "column 2 (ax_g)"); }
	{ const char *l[] = { TRACE_HEADER, "0,,0,1,0,0,0\n" }; expect_error(l, 2, "column 2"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,nan,0,0,0\n" }; expect_error(l, 2, "NaN or infinite"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,1,inf,0,0\n" }; expect_error(l, 2, "NaN or infinite"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,1,0,0,0", "0,0,0,1,0,0,0" }; expect_error(l, 3, "time does not increase"); }
	{ const char *l[] = { TRACE_HEADER, "1,0,0,1,0,0,0", "0.5,0,0,1,0,0,0" }; expect_error(l, 3, "time does not increase"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,100,0,0,0" }; expect_error(l, 2, "beyond 64 g"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,1,0,0,1e6" }; expect_error(l, 2, "beyond 10000"); }
	{ const char *l[] = { TRACE_HEADER, "-2e7,0,0,1,0,0,0" }; expect_error(l, 2, "time out of range"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,1\x01,0,0,0" }; expect_error(l, 2, "binary data"); }
	{ const char *l[] = { TRACE_HEADER, "0,0,0,1,0,0,1e999" }; expect_error(l, 2, "column 7"); }
	{ const char *l[] = { TRACE_HEADER, TRACE_HEADER }; expect_error(l, 2, "header repeated"); }
}

static void embedded_nul_is_binary(void **state)
{
	struct trace_parser p;
	struct sample s;
	static const char line[] = "0,0,0\0,1,0,0,0";

	(void)state;
	trace_parser_init(&p);
	assert_int_equal(parse(&p, TRACE_HEADER, &s), TRACE_LINE_SKIP);
	assert_int_equal(trace_parse_line(&p, line, sizeof(line) - 1, &s), -EINVAL);
	assert_non_null(strstr(p.error, "binary"));
}

static void format_round_trips(void **state)
{
	struct trace_parser p;
	struct sample in = { 12.5, { 0.125, -0.5, 0.96875 }, { 250.0, -1.25, 0.0625 } }, out;
	char line[256];
	int n;

	(void)state;
	n = trace_format_sample(line, sizeof(line), &in);
	assert_true(n > 0 && (size_t)n < sizeof(line));
	trace_parser_init(&p);
	assert_int_equal(parse(&p, TRACE_HEADER, &out), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, line, &out), TRACE_LINE_SAMPLE);
	assert_memory_equal(&in, &out, sizeof(in));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_then_samples),
		cmocka_unit_test(header_with_extra_columns),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(embedded_nul_is_binary),
		cmocka_unit_test(format_round_trips),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
