// SPDX-License-Identifier: MIT
#include "trace_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/trace.h"

#define STR_(x) #x
#define STR(x) STR_(x)

struct trace_reader {
	int fd;
	int own;
	int wait;                /* not a regular file: poll before each read */
	int timeout_ms;
	const char *path;
	long line;
	long count;
	int failed;
	int eof;
	char failure[512];       /* the message of the error that stopped it */
	struct trace_parser p;
	size_t in_pos, in_len;
	char in[16384];          /* read(2) buffer */
	char buf[TRACE_MAX_LINE + 2];
};

/* Which files are read (trace_file.h): 0, or -errno with the reason. */
static int check_input(struct trace_reader *r, char *errbuf, size_t errlen)
{
	struct stat st;

	if (fstat(r->fd, &st)) {
		int err = errno;

		snprintf(errbuf, errlen, "%s: %s", r->path, strerror(err));
		return -err;
	}
	if (S_ISREG(st.st_mode))
		return 0;
	r->wait = 1;
	if (!r->own || S_ISFIFO(st.st_mode))   /* stdin is whatever the user gave */
		return 0;
	if (S_ISDIR(st.st_mode)) {
		snprintf(errbuf, errlen, "%s: is a directory", r->path);
		return -EISDIR;
	}
	snprintf(errbuf, errlen, "%s: not a regular file or a pipe", r->path);
	return -EINVAL;
}

int trace_reader_open(struct trace_reader **out, const char *path, char *errbuf, size_t errlen)
{
	struct trace_reader *r = calloc(1, sizeof(*r));
	int rc;

	*out = NULL;
	if (!r) {
		snprintf(errbuf, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	r->path = path;
	r->timeout_ms = TRACE_READ_TIMEOUT_S * 1000;
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		/* O_NONBLOCK: opening a FIFO does not wait for a writer (the
		 * reads poll; on a regular file the flag does nothing) */
		r->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		r->own = 1;
		if (r->fd < 0) {
			rc = -errno;
			snprintf(errbuf, errlen, "%s: %s", path, strerror(-rc));
			free(r);
			return rc;
		}
	}
	rc = check_input(r, errbuf, errlen);
	if (rc) {
		trace_reader_close(r);
		return rc;
	}
	trace_parser_init(&r->p);
	*out = r;
	return 0;
}

void trace_reader_set_timeout_ms(struct trace_reader *r, int timeout_ms)
{
	r->timeout_ms = timeout_ms;
}

/* Refills r->in: 1 bytes read, 0 end of file, -ETIMEDOUT, -errno. */
static int fill(struct trace_reader *r)
{
	for (;;) {
		ssize_t n;

		if (r->wait) {
			struct pollfd pfd = { .fd = r->fd, .events = POLLIN };
			int ready = poll(&pfd, 1, r->timeout_ms);

			if (ready == 0)
				return -ETIMEDOUT;
			if (ready < 0 && errno != EINTR)
				return -errno;
			if (ready < 0)
				continue;
		}
		n = read(r->fd, r->in, sizeof(r->in));
		if (n > 0) {
			r->in_pos = 0;
			r->in_len = (size_t)n;
			return 1;
		}
		if (n == 0)
			return 0;
		if (errno != EINTR && !(errno == EAGAIN && r->wait))
			return -errno;
	}
}

/*
 * Reads one line into r->buf (NUL bytes kept, for the parser to see).
 * Returns the length, -1 at end of file, -2 for an over-long line, which is
 * not read on to its end: an endless one (/dev/zero as stdin, a stream
 * without newlines) must stop here. -3: *err holds fill()'s error.
 */
static long read_line(struct trace_reader *r, int *err)
{
	long n = 0;

	for (;;) {
		char c;

		if (r->in_pos == r->in_len) {
			int rc = r->eof ? 0 : fill(r);

			if (rc < 0) {
				*err = rc;
				return -3;
			}
			if (rc == 0) {
				r->eof = 1;
				return n > 0 ? n : -1;
			}
		}
		c = r->in[r->in_pos++];
		if (c == '\n')
			return n;
		if (n >= TRACE_MAX_LINE + 1)
			return -2;
		r->buf[n++] = c;
	}
}

/* Stops the reader with "FILE:LINE: why"; every later call repeats it. */
static int reader_fail(struct trace_reader *r, long line, const char *why, int err,
		       char *errbuf, size_t errlen)
{
	snprintf(r->failure, sizeof(r->failure), "%s:%ld: %s", r->path, line, why);
	snprintf(errbuf, errlen, "%s", r->failure);
	r->failed = err;
	return err;
}

/* The next row with a sample: of either sensor (all), or of sensor 1. */
static int reader_next(struct trace_reader *r, struct trace_row *out, int all, char *errbuf, size_t errlen)
{
	if (r->failed) {
		snprintf(errbuf, errlen, "%s", r->failure);
		return r->failed;
	}
	for (;;) {
		int rc = 0;
		long len = read_line(r, &rc);

		if (len == -3 && rc == -ETIMEDOUT)
			return reader_fail(r, r->line + 1, "no data for " STR(TRACE_READ_TIMEOUT_S) " s (a pipe or FIFO that stalled)",
					   -ETIMEDOUT, errbuf, errlen);
		if (len == -3) {
			char why[96];

			snprintf(why, sizeof(why), "read error: %s", strerror(-rc));
			return reader_fail(r, r->line + 1, why, -EIO, errbuf, errlen);
		}
		if (len == -1) {
			if (!r->p.have_header)
				return reader_fail(r, r->line + 1, r->line == 0 ? "empty file" :
						   "no header line " TRACE_HEADER, -EINVAL, errbuf, errlen);
			if (r->count == 0)
				return reader_fail(r, r->line + 1, "no samples", -EINVAL, errbuf, errlen);
			return 0;
		}
		r->line++;
		if (len == -2)
			return reader_fail(r, r->line, "line too long (over " TRACE_MAX_LINE_STR " bytes)",
					   -EINVAL, errbuf, errlen);
		rc = trace_parse_row(&r->p, r->buf, (size_t)len, out);
		if (rc < 0)
			return reader_fail(r, r->line, r->p.error, rc, errbuf, errlen);
		if (rc == TRACE_LINE_SAMPLE && (all || out->has[0])) {
			r->count++;
			return 1;
		}
	}
}

int trace_reader_next_row(struct trace_reader *r, struct trace_row *out, char *errbuf, size_t errlen)
{
	return reader_next(r, out, 1, errbuf, errlen);
}

int trace_reader_next(struct trace_reader *r, struct sample *out, char *errbuf, size_t errlen)
{
	struct trace_row row;
	int rc = reader_next(r, &row, 0, errbuf, errlen);

	if (rc == 1)
		*out = row.s[0];
	return rc;
}

int trace_reader_sensors(const struct trace_reader *r)
{
	return r->p.have_header ? r->p.n_sensors : 0;
}

long trace_reader_count(const struct trace_reader *r)
{
	return r->count;
}

void trace_reader_close(struct trace_reader *r)
{
	if (!r)
		return;
	if (r->own)
		close(r->fd);
	free(r);
}

int trace_write_header(FILE *f, const char *comment)
{
	if (comment && fprintf(f, "# %s\n", comment) < 0)
		return -EIO;
	return fprintf(f, "%s\n", TRACE_HEADER) < 0 ? -EIO : 0;
}

int trace_write_sample(FILE *f, const struct sample *s)
{
	char line[256];
	int n = trace_format_sample(line, sizeof(line), s);

	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	return fwrite(line, 1, (size_t)n, f) == (size_t)n ? 0 : -EIO;
}

int trace_write_header_legs(FILE *f, const char *comment, int n_sensors, const enum leg *legs)
{
	if (comment && fprintf(f, "# %s\n", comment) < 0)
		return -EIO;
	if (legs && trace_write_legs(f, n_sensors, legs))
		return -EIO;
	return fprintf(f, "%s\n", n_sensors == 2 ? TRACE_HEADER2 : TRACE_HEADER) < 0 ? -EIO : 0;
}

int trace_write_legs(FILE *f, int n_sensors, const enum leg *legs)
{
	char line[64];
	int n = trace_format_legs(line, sizeof(line), n_sensors, legs);

	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	return fwrite(line, 1, (size_t)n, f) == (size_t)n ? 0 : -EIO;
}

int trace_write_row(FILE *f, int n_sensors, const struct trace_row *row)
{
	char line[512];
	int n = trace_format_row(line, sizeof(line), n_sensors, row);

	if (n < 0 || (size_t)n >= sizeof(line))
		return -EINVAL;
	return fwrite(line, 1, (size_t)n, f) == (size_t)n ? 0 : -EIO;
}
