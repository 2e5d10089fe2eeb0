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
		cmocka_unit_test(endless_line_stops_at_the_limit),
		cmocka_unit_test(fifo_is_read_as_it_comes),
		cmocka_unit_test(stalled_fifo_times_out),
		cmocka_unit_test(devices_and_directories_refused),
	};

	return cmocka_run_group_tests_name("trace", tests, NULL, NULL);
}
