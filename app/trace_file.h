/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing trace files (format: core/trace.h, DESIGN.md).
 * Streams: memory use does not grow with the file.
 */
#ifndef STRETCHREP_TRACE_FILE_H
#define STRETCHREP_TRACE_FILE_H

#include <stdio.h>
#include "core/sample.h"

struct trace_reader;

/* How long a read from a pipe, FIFO or terminal may wait for its next
 * bytes before the reader gives up (-ETIMEDOUT): a writer that went quiet
 * (or a FIFO nobody opened) must not hang analyze. Regular files never wait. */
#define TRACE_READ_TIMEOUT_S 10

/*
 * Opens path ("-" is stdin). What may be read:
 *   - a regular file;
 *   - a pipe or FIFO (and stdin, whatever it is): read as it comes, but a
 *     read that makes no progress for TRACE_READ_TIMEOUT_S ends the reader
 *     with "FILE:LINE: no data for 10 s". Opening a FIFO does not wait for
 *     its writer.
 *   - not a directory ("is a directory") nor a device node or socket ("not
 *     a regular file or a pipe": /dev/zero would never end).
 * Whatever the input, no line is read past TRACE_MAX_LINE bytes: an endless
 * line ends the reader with "FILE:LINE: line too long" at the limit.
 * 0, or -errno with "FILE: reason" in errbuf. The reader keeps the path
 * pointer: it must outlive the reader.
 */
int trace_reader_open(struct trace_reader **out, const char *path, char *errbuf, size_t errlen);
/* 1: *out holds the next sample; 0: end of file; -EINVAL (bad content),
 * -ETIMEDOUT (no data in time), -EIO (read error): errbuf holds
 * "FILE:LINE: reason". A reader that failed keeps failing. */
int trace_reader_next(struct trace_reader *r, struct sample *out, char *errbuf, size_t errlen);
/* For tests: the wait of TRACE_READ_TIMEOUT_S, in milliseconds. */
void trace_reader_set_timeout_ms(struct trace_reader *r, int timeout_ms);
/* Number of samples returned so far. */
long trace_reader_count(const struct trace_reader *r);
void trace_reader_close(struct trace_reader *r);

/* Writes the header line (and an optional '#' comment first, may be NULL). */
int trace_write_header(FILE *f, const char *comment);
int trace_write_sample(FILE *f, const struct sample *s);

#endif
