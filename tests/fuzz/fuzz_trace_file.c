// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the trace file reader (app/trace_file.c) on a real file
 * holding the input (the reader takes a path, so the bytes go to a temporary
 * file that is rewritten for each input, and removed at exit).
 *
 * Oracle: the same bytes cut at '\n' and given line by line to the pure
 * parser (core/trace.c). The reader must return the same samples, in order;
 * when it reports success, the line-by-line parse must have found no error
 * and the same number of samples. A failure carries "PATH:LINE: reason" and
 * the reader keeps failing afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "core/trace.h"
#include "fuzz.h"
#include "trace_file.h"

#define MAX_INPUT 16384  /* bytes; longer inputs are skipped */
#define MAX_SAMPLES 2048 /* a sample line takes >= 14 bytes */

static char tmp_path[64];

static void remove_tmp(void)
{
	unlink(tmp_path);
}

static void write_input(const uint8_t *data, size_t size)
{
	int fd;

	if (!tmp_path[0]) {
		/* $TMPDIR, else memory-backed /dev/shm: 8 times the
		 * executions per second of a disk-backed /tmp. */
		const char *dir = getenv("TMPDIR");

		if (!dir || strlen(dir) >= 32)
			dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(tmp_path, sizeof(tmp_path), "%s/fuzz_trace_XXXXXX", dir);
		fd = mkstemp(tmp_path);
		FUZZ_CHECK(fd >= 0);
		close(fd);
		atexit(remove_tmp);
	}
	fd = open(tmp_path, O_WRONLY | O_TRUNC);
	FUZZ_CHECK(fd >= 0);
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		FUZZ_CHECK(n > 0);
		data += n;
		size -= (size_t)n;
	}
	FUZZ_CHECK(close(fd) == 0);
}

/* The oracle: samples from cutting at '\n'; stops at the first error.
 * Returns the count; *error is set when a line failed. */
static size_t parse_lines(const uint8_t *data, size_t size, struct sample *out, size_t max,
			  int *error)
{
	const char *cur = (const char *)data, *end = cur + size;
	struct trace_parser p;
	size_t n = 0;

	*error = 0;
	trace_parser_init(&p);
	while (cur < end && n < max) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		size_t len = nl ? (size_t)(nl - cur) : (size_t)(end - cur);
		int rc = trace_parse_line(&p, cur, len, &out[n]);

		if (rc < 0) {
			*error = 1;
			break;
		}
		if (rc == TRACE_LINE_SAMPLE)
			n++;
		cur += len + (nl ? 1 : 0);
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sample want[MAX_SAMPLES];
	struct trace_reader *r;
	struct sample got;
	char err[256];
	int line_error, rc;
	size_t n_want, n_got = 0;

	if (size > MAX_INPUT)
		return 0;
	write_input(data, size);
	n_want = parse_lines(data, size, want, MAX_SAMPLES, &line_error);

	err[0] = '\0';
	FUZZ_CHECK(trace_reader_open(&r, tmp_path, err, sizeof(err)) == 0);
	while ((rc = trace_reader_next(r, &got, err, sizeof(err))) == 1) {
		FUZZ_CHECK(n_got < n_want);
		FUZZ_CHECK(FUZZ_SAME_SAMPLE(&got, &want[n_got]));
		n_got++;
		FUZZ_CHECK(trace_reader_count(r) == (long)n_got);
	}
	if (rc == 0) {
		FUZZ_CHECK(!line_error);
		FUZZ_CHECK(n_got == n_want && n_got > 0);
		FUZZ_CHECK(trace_reader_next(r, &got, err, sizeof(err)) == 0);
	} else {
		FUZZ_CHECK(rc == -EINVAL || rc == -EIO);
		/* "PATH:LINE: reason" */
		FUZZ_CHECK(strncmp(err, tmp_path, strlen(tmp_path)) == 0);
		FUZZ_CHECK(err[strlen(tmp_path)] == ':');
		FUZZ_CHECK(strchr(err + strlen(tmp_path) + 1, ':') != NULL);
		FUZZ_CHECK(trace_reader_next(r, &got, err, sizeof(err)) < 0);
	}
	trace_reader_close(r);
	return 0;
}
