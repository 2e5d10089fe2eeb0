// SPDX-License-Identifier: MIT
/* The trace parser against hand-written lines whose meaning is known. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "core/trace.h"
#include "trace_file.h"
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


/* ---- two sensors (core/trace.h): hand-written lines of known meaning ---- */

static int parse_row(struct trace_parser *p, const char *line, struct trace_row *r)
{
	return trace_parse_row(p, line, strlen(line), r);
}

static void two_sensors_each_own_time(void **state)
{
	struct trace_parser p;
	struct trace_row r;

	(void)state;
	trace_parser_init(&p);
	assert_int_equal(parse_row(&p, "# legs: left, right\n", &r), TRACE_LINE_SKIP);
	assert_int_equal(parse_row(&p, TRACE_HEADER2 "\n", &r), TRACE_LINE_SKIP);
	assert_int_equal(p.n_sensors, 2);
	/* both sensors, each with its own time */
	assert_int_equal(parse_row(&p, "1.0,0.1,0.2,0.9,1,2,3,1.004,-0.1,-0.2,-0.9,-1,-2,-3\n", &r),
			 TRACE_LINE_SAMPLE);
	assert_true(r.has[0] && r.has[1]);
	assert_near(r.s[0].t_s, 1.0, 0.0);
	assert_near(r.s[1].t_s, 1.004, 0.0);
	assert_near(r.s[0].acc_g[2], 0.9, 1e-12);
	assert_near(r.s[1].acc_g[2], -0.9, 1e-12);
	assert_near(r.s[1].gyr_dps[2], -3.0, 0.0);
	assert_int_equal(r.leg[0], LEG_LEFT);
	assert_int_equal(r.leg[1], LEG_RIGHT);
	/* sensor 1 alone: seven columns, or fourteen with the last seven empty */
	assert_int_equal(parse_row(&p, "1.01,0,0,1,0,0,0\n", &r), TRACE_LINE_SAMPLE);
	assert_true(r.has[0] && !r.has[1]);
	assert_int_equal(parse_row(&p, "1.02,0,0,1,0,0,0,,,,,,,\n", &r), TRACE_LINE_SAMPLE);
	assert_true(r.has[0] && !r.has[1]);
	/* sensor 2 alone (sensor 1 lost); its time goes on from its own */
	assert_int_equal(parse_row(&p, ",,,,,,,1.005,0,0,1,0,0,0\n", &r), TRACE_LINE_SAMPLE);
	assert_true(!r.has[0] && r.has[1]);
	assert_near(r.s[1].t_s, 1.005, 0.0);
	/* sensor 2 may be behind sensor 1: each time increases on its own */
	assert_int_equal(parse_row(&p, "1.03,0,0,1,0,0,0,1.006,0,0,1,0,0,0\n", &r), TRACE_LINE_SAMPLE);
	/* the legs change between samples: sensor 1 being moved */
	assert_int_equal(parse_row(&p, "# legs: -,right\n", &r), TRACE_LINE_SKIP);
	assert_int_equal(parse_row(&p, "1.04,0,0,1,0,0,0\n", &r), TRACE_LINE_SAMPLE);
	assert_int_equal(r.leg[0], LEG_NONE);
	assert_int_equal(r.leg[1], LEG_RIGHT);
}

/* A reader of one sensor (trace_parse_line) reads sensor 1 of the same lines. */
static void one_sensor_reader_reads_sensor_1(void **state)
{
	static const char *const lines[] = {
		TRACE_HEADER2 "\n",
		"1.0,0.1,0.2,0.9,1,2,3,1.004,-0.1,-0.2,-0.9,-1,-2,-3\n",
		",,,,,,,1.008,0,0,1,0,0,0\n",
		"1.01,0.5,0,1,0,0,0,,,,,,,\n",
	};
	struct trace_parser p;
	struct sample s;

	(void)state;
	trace_parser_init(&p);
	assert_int_equal(parse(&p, lines[0], &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, lines[1], &s), TRACE_LINE_SAMPLE);
	assert_near(s.t_s, 1.0, 0.0);
	assert_near(s.acc_g[0], 0.1, 1e-12);
	assert_int_equal(parse(&p, lines[2], &s), TRACE_LINE_SKIP);
	assert_int_equal(parse(&p, lines[3], &s), TRACE_LINE_SAMPLE);
	assert_near(s.acc_g[0], 0.5, 1e-12);
}

static void expect_row_error(const char *const lines[], int n, const char *reason)
{
	struct trace_parser p;
	struct trace_row r;
	int rc = 0;

	trace_parser_init(&p);
	for (int i = 0; i < n && rc >= 0; i++)
		rc = parse_row(&p, lines[i], &r);
	assert_int_equal(rc, -EINVAL);
	if (!strstr(p.error, reason))
		print_error("error '%s', expected '%s'\n", p.error, reason);
	assert_non_null(strstr(p.error, reason));
}

static void two_sensors_bad_inputs(void **state)
{
	(void)state;
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,0\n" }; expect_row_error(l, 2, "need 7, or 14"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,0,1,0,0\n" }; expect_row_error(l, 2, "need 7, or 14"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,,1,0,0,0,0\n" }; expect_row_error(l, 2, "sensor 2's columns partly empty"); }
	{ const char *l[] = { TRACE_HEADER2, ",0,0,1,0,0,0,0,0,1,0,0,0,0\n" }; expect_row_error(l, 2, "sensor 1's columns partly empty"); }
	{ const char *l[] = { TRACE_HEADER2, ",,,,,,,,,,,,,\n" }; expect_row_error(l, 2, "both sensors' columns are empty"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,x,0,1,0,0,0\n" }; expect_row_error(l, 2, "column 9 (ax2_g)"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,0,0,100,0,0,0\n" }; expect_row_error(l, 2, "beyond 64 g"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,0,0,0,1,0,0,inf\n" }; expect_row_error(l, 2, "NaN or infinite"); }
	{ const char *l[] = { TRACE_HEADER2, "0,0,0,1,0,0,0,5,0,0,1,0,0,0", "1,0,0,1,0,0,0,5,0,0,1,0,0,0" };
	  expect_row_error(l, 3, "sensor 2's time (t2_s) does not increase"); }
	{ const char *l[] = { TRACE_HEADER2, "1,0,0,1,0,0,0,0,0,0,1,0,0,0", "1,0,0,1,0,0,0,1,0,0,1,0,0,0" };
	  expect_row_error(l, 3, "time does not increase"); }
	{ const char *l[] = { "# legs: leftish\n" }; expect_row_error(l, 1, "legs: expected left, right or -"); }
	{ const char *l[] = { "# legs:\n" }; expect_row_error(l, 1, "legs: expected"); }
	{ const char *l[] = { "# legs: left right\n" }; expect_row_error(l, 1, "legs: expected"); }
	{ const char *l[] = { "# legs: left,right,left\n" }; expect_row_error(l, 1, "more than 2 sensors"); }
	{ const char *l[] = { TRACE_HEADER2, TRACE_HEADER }; expect_row_error(l, 2, "header repeated"); }
}

/* What trace_format_row writes reads back the same; a one-sensor row is
 * byte for byte trace_format_sample's line. */
static void rows_round_trip(void **state)
{
	const struct sample a = { 12.5, { 0.125, -0.5, 0.96875 }, { 250.0, -1.25, 0.0625 } };
	const struct sample b = { 12.502, { -0.25, 0.5, -0.875 }, { -3.5, 7.25, -0.125 } };
	const enum leg legs[2] = { LEG_RIGHT, LEG_LEFT };
	char line[512], one[256];
	struct trace_parser p;
	struct trace_row in, out;

	(void)state;
	memset(&in, 0, sizeof(in));
	in.s[0] = a;
	in.s[1] = b;
	in.has[0] = true;
	assert_int_equal(trace_format_row(line, sizeof(line), 1, &in),
			 trace_format_sample(one, sizeof(one), &a));
	assert_string_equal(line, one);

	trace_parser_init(&p);
	assert_true(trace_format_legs(line, sizeof(line), 2, legs) > 0);
	assert_string_equal(line, "# legs: right,left\n");
	assert_int_equal(parse_row(&p, line, &out), TRACE_LINE_SKIP);
	assert_int_equal(parse_row(&p, TRACE_HEADER2, &out), TRACE_LINE_SKIP);
	for (int mask = 1; mask <= 3; mask++) {
		in.has[0] = mask & 1;
		in.has[1] = mask & 2;
		in.s[0].t_s += 1.0;
		in.s[1].t_s += 1.0;
		assert_true(trace_format_row(line, sizeof(line), 2, &in) > 0);
		assert_int_equal(parse_row(&p, line, &out), TRACE_LINE_SAMPLE);
		for (int k = 0; k < 2; k++) {
			assert_int_equal(out.has[k], in.has[k]);
			if (in.has[k])
				assert_memory_equal(&in.s[k], &out.s[k], sizeof(in.s[k]));
			assert_int_equal(out.leg[k], legs[k]);
		}
	}
	in.has[0] = in.has[1] = false;
	assert_int_equal(trace_format_row(line, sizeof(line), 2, &in), -EINVAL);
}

/* The file reader: rows of both sensors, or sensor 1's samples alone. */
static void reader_two_sensors(void **state)
{
	char path[] = "/tmp/test_trace_two_XXXXXX";
	const enum leg legs[2] = { LEG_LEFT, LEG_RIGHT };
	struct trace_reader *r;
	struct trace_row row;
	struct sample s;
	char err[600];
	int fd = mkstemp(path), n1 = 0, n2 = 0, rows = 0, rc;
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(trace_write_header_legs(f, "two sensors", 2, legs), 0);
	/* 10 rows: sensor 2 misses every third, sensor 1 every fourth */
	for (int i = 0; i < 10; i++) {
		memset(&row, 0, sizeof(row));
		row.has[0] = i % 4 != 3;
		row.has[1] = i % 3 != 2;
		row.s[0].t_s = 0.01 * i;
		row.s[1].t_s = 0.01 * i + 0.003;
		row.s[0].acc_g[2] = row.s[1].acc_g[2] = 1.0;
		row.s[1].acc_g[0] = 0.5;
		assert_int_equal(trace_write_row(f, 2, &row), 0);
	}
	assert_int_equal(fclose(f), 0);

	assert_int_equal(trace_reader_open(&r, path, err, sizeof(err)), 0);
	while ((rc = trace_reader_next_row(r, &row, err, sizeof(err))) == 1) {
		rows++;
		n1 += row.has[0];
		n2 += row.has[1];
		if (row.has[1])
			assert_near(row.s[1].acc_g[0], 0.5, 0.0);
		assert_int_equal(row.leg[0], LEG_LEFT);
		assert_int_equal(row.leg[1], LEG_RIGHT);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(trace_reader_sensors(r), 2);
	assert_int_equal(rows, 10);   /* no row lacks both */
	assert_int_equal(n1, 8);
	assert_int_equal(n2, 7);
	trace_reader_close(r);

	n1 = 0;
	assert_int_equal(trace_reader_open(&r, path, err, sizeof(err)), 0);
	while ((rc = trace_reader_next(r, &s, err, sizeof(err))) == 1) {
		assert_near(s.acc_g[0], 0.0, 0.0);   /* never sensor 2's */
		n1++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n1, 8);
	assert_int_equal(trace_reader_count(r), 8);
	trace_reader_close(r);
	unlink(path);
}

/* ---- the reader (app/trace_file.c) on inputs that never end ---- */

/* Every reader test runs under an alarm: a reader that hangs is killed by
 * SIGALRM and the test fails instead of hanging make test. */
#define READER_ALARM_S 20

static char fifo_dir[64];
static char fifo_path[96];

static void make_fifo(void)
{
	snprintf(fifo_dir, sizeof(fifo_dir), "/tmp/test_trace_XXXXXX");
	assert_non_null(mkdtemp(fifo_dir));
	snprintf(fifo_path, sizeof(fifo_path), "%s/fifo", fifo_dir);
	assert_int_equal(mkfifo(fifo_path, 0600), 0);
}

static void remove_fifo(void)
{
	unlink(fifo_path);
	rmdir(fifo_dir);
}

/* What the writer child sends after the header. */
enum fifo_script {
	FIFO_ENDLESS_LINE,   /* digits, never a newline, until the reader leaves */
	FIFO_500_SAMPLES,    /* 500 increasing samples, then it closes */
	FIFO_QUIET,          /* nothing more, and it stays open */
};

static pid_t fifo_writer(enum fifo_script script)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(fifo_path, O_WRONLY);
		char line[64];

		signal(SIGPIPE, SIG_DFL);   /* the reader gave up: done */
		if (fd < 0 || write(fd, TRACE_HEADER "\n", strlen(TRACE_HEADER) + 1) < 0)
			_exit(1);
		for (int i = 0; script == FIFO_ENDLESS_LINE || (script == FIFO_500_SAMPLES && i < 500); i++) {
			int n = script == FIFO_ENDLESS_LINE ? snprintf(line, sizeof(line), "1111111111111111") :
				snprintf(line, sizeof(line), "%d.0,0,0,1,0,0,0\n", i);

			if (write(fd, line, (size_t)n) != n)
				_exit(1);
		}
		if (script == FIFO_QUIET)
			pause();
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int drain(struct trace_reader *r, char *err, size_t n)
{
	struct sample s;
	int rc;

	while ((rc = trace_reader_next(r, &s, err, n)) > 0)
		;
	return rc;
}

static void endless_line_stops_at_the_limit(void **state)
{
	struct trace_reader *r;
	char err[600];
	pid_t pid;

	(void)state;
	alarm(READER_ALARM_S);
	make_fifo();
	pid = fifo_writer(FIFO_ENDLESS_LINE);
	assert_int_equal(trace_reader_open(&r, fifo_path, err, sizeof(err)), 0);
	assert_int_equal(drain(r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ":2: line too long"));
	trace_reader_close(r);
	reap(pid);
	remove_fifo();
	alarm(0);
}

static void fifo_is_read_as_it_comes(void **state)
{
	struct trace_reader *r;
	char err[600];
	pid_t pid;
	int status;

	(void)state;
	alarm(READER_ALARM_S);
	make_fifo();
	pid = fifo_writer(FIFO_500_SAMPLES);
	assert_int_equal(trace_reader_open(&r, fifo_path, err, sizeof(err)), 0);
	assert_int_equal(drain(r, err, sizeof(err)), 0);
	assert_int_equal(trace_reader_count(r), 500);
	trace_reader_close(r);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	remove_fifo();
	alarm(0);
}

static void stalled_fifo_times_out(void **state)
{
	struct trace_reader *r;
	char err[600];
	pid_t pid;

	(void)state;
	alarm(READER_ALARM_S);
	make_fifo();
	/* nobody opens it: the open does not wait, the read gives up */
	assert_int_equal(trace_reader_open(&r, fifo_path, err, sizeof(err)), 0);
	trace_reader_set_timeout_ms(r, 200);
	assert_int_equal(drain(r, err, sizeof(err)), -ETIMEDOUT);
	assert_non_null(strstr(err, ":1: no data for 10 s"));
	trace_reader_close(r);
	/* a writer that sends the header and then stays quiet */
	pid = fifo_writer(FIFO_QUIET);
	assert_int_equal(trace_reader_open(&r, fifo_path, err, sizeof(err)), 0);
	trace_reader_set_timeout_ms(r, 300);
	assert_int_equal(drain(r, err, sizeof(err)), -ETIMEDOUT);
	assert_non_null(strstr(err, ":2: no data for"));
	trace_reader_close(r);
	reap(pid);
	remove_fifo();
	alarm(0);
}

static void devices_and_directories_refused(void **state)
{
	struct trace_reader *r;
	char err[600];

	(void)state;
	alarm(READER_ALARM_S);
	assert_int_equal(trace_reader_open(&r, "/dev/zero", err, sizeof(err)), -EINVAL);
	assert_null(r);
	assert_string_equal(err, "/dev/zero: not a regular file or a pipe");
	assert_int_equal(trace_reader_open(&r, "/tmp", err, sizeof(err)), -EISDIR);
	assert_string_equal(err, "/tmp: is a directory");
	alarm(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_then_samples),
		cmocka_unit_test(header_with_extra_columns),
		cmocka_unit_test(bad_inputs),
		cmocka_unit_test(embedded_nul_is_binary),
		cmocka_unit_test(format_round_trips),
		cmocka_unit_test(two_sensors_each_own_time),
		cmocka_unit_test(one_sensor_reader_reads_sensor_1),
		cmocka_unit_test(two_sensors_bad_inputs),
		cmocka_unit_test(rows_round_trip),
		cmocka_unit_test(reader_two_sensors),
		cmocka_unit_test(endless_line_stops_at_the_limit),
		cmocka_unit_test(fifo_is_read_as_it_comes),
		cmocka_unit_test(stalled_fifo_times_out),
		cmocka_unit_test(devices_and_directories_refused),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
