// SPDX-License-Identifier: MIT
#include "trace_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/trace.h"

struct trace_reader {
	FILE *f;
	int own;
	const char *path;
	long line;
	long count;
	int failed;
	char failure[512];       /* the message of the error that stopped it */
	struct trace_parser p;
	char buf[TRACE_MAX_LINE + 2];
};

int trace_reader_open(struct trace_reader **out, const char *path, char *errbuf, size_t errlen)
{
	struct trace_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r) {
		snprintf(errbuf, errlen, "%s: out of memory", path);
		return -ENOMEM;
	}
	r->path = path;
	if (strcmp(path, "-") == 0) {
		r->f = stdin;
	} else {
		r->f = fopen(path, "r");
		r->own = 1;
	}
	if (!r->f) {
		int err = errno;

		snprintf(errbuf, errlen, "%s: %s", path, strerror(err));
		free(r);
		return -err;
	}
	trace_parser_init(&r->p);
	*out = r;
	return 0;
}

/*
 * Reads one line into r->buf with getc, so that NUL bytes are seen (fgets
 * would hide them) and an over-long line is caught without reading it into
 * memory. Returns the length, -1 at end of file, -2 for an over-long line.
 */
static long read_line(struct trace_reader *r)
{
	long n = 0;
	int c;

	while ((c = getc(r->f)) != EOF) {
		if (c == '\n')
			return n;
		if (n >= TRACE_MAX_LINE + 1) {
			while ((c = getc(r->f)) != EOF && c != '\n')
				;
			return -2;
		}
		r->buf[n++] = (char)c;
	}
	return n > 0 ? n : -1;
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

int trace_reader_next(struct trace_reader *r, struct sample *out, char *errbuf, size_t errlen)
{
	if (r->failed) {
		snprintf(errbuf, errlen, "%s", r->failure);
		return r->failed;
	}
	for (;;) {
		long len = read_line(r);
		int rc;

		if (len == -1) {
			if (ferror(r->f))
				return reader_fail(r, r->line + 1, "read error", -EIO, errbuf, errlen);
			if (!r->p.have_header)
				return reader_fail(r, r->line + 1, r->line == 0 ? "empty file" :
						   "no header line " TRACE_HEADER, -EINVAL, errbuf, errlen);
			if (!r->p.have_sample)
				return reader_fail(r, r->line + 1, "no samples", -EINVAL, errbuf, errlen);
			return 0;
		}
		r->line++;
		if (len == -2)
			return reader_fail(r, r->line, "line too long (over " TRACE_MAX_LINE_STR " bytes)",
					   -EINVAL, errbuf, errlen);
		rc = trace_parse_line(&r->p, r->buf, (size_t)len, out);
		if (rc < 0)
			return reader_fail(r, r->line, r->p.error, rc, errbuf, errlen);
		if (rc == TRACE_LINE_SAMPLE) {
			r->count++;
			return 1;
		}
	}
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
		fclose(r->f);
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
