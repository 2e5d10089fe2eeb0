/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing trace files (format: core/trace.h, DESIGN.md).
 * Streams: memory use does not grow with the file.
 */
#ifndef STRETCHREP_TRACE_FILE_H
#define STRETCHREP_TRACE_FILE_H

#include <stdio.h>
#include "core/trace.h"

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
/* The same for traces of two sensors (core/trace.h): 1 when *out holds the
 * next line with a sample of either sensor (and each sensor's leg there),
 * 0 at the end, the same errors. trace_reader_next returns sensor 1's
 * samples alone, skipping lines that hold sensor 2's only; a reader uses one
 * or the other. */
int trace_reader_next_row(struct trace_reader *r, struct trace_row *out, char *errbuf, size_t errlen);
/* 1 or 2 sensors, once the header has been read (0 before). */
int trace_reader_sensors(const struct trace_reader *r);
/* For tests: the wait of TRACE_READ_TIMEOUT_S, in milliseconds. */
void trace_reader_set_timeout_ms(struct trace_reader *r, int timeout_ms);
/* Number of samples (rows, for trace_reader_next_row) returned so far. */
long trace_reader_count(const struct trace_reader *r);
void trace_reader_close(struct trace_reader *r);

/* Writes the header line (and an optional '#' comment first, may be NULL). */
int trace_write_header(FILE *f, const char *comment);
int trace_write_sample(FILE *f, const struct sample *s);
/* The same for n_sensors (1 or 2) sensors: the comment, the "# legs:" line
 * when legs is not NULL (n_sensors entries), the header. */
int trace_write_header_legs(FILE *f, const char *comment, int n_sensors, const enum leg *legs);
/* A "# legs:" line between samples: the sensors' legs from here on. */
int trace_write_legs(FILE *f, int n_sensors, const enum leg *legs);
/* One row (trace_format_row). 0, -EINVAL (no sample in it), -EIO. */
int trace_write_row(FILE *f, int n_sensors, const struct trace_row *row);

#endif
