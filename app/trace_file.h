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

/* Opens path ("-" is stdin). 0, or -errno with "FILE: reason" in errbuf.
 * The reader keeps the path pointer: it must outlive the reader. */
int trace_reader_open(struct trace_reader **out, const char *path, char *errbuf, size_t errlen);
/* 1: *out holds the next sample; 0: end of file; -EINVAL/-EIO: errbuf holds
 * "FILE:LINE: reason". A reader that failed keeps failing. */
int trace_reader_next(struct trace_reader *r, struct sample *out, char *errbuf, size_t errlen);
/* Number of samples returned so far. */
long trace_reader_count(const struct trace_reader *r);
void trace_reader_close(struct trace_reader *r);

/* Writes the header line (and an optional '#' comment first, may be NULL). */
int trace_write_header(FILE *f, const char *comment);
int trace_write_sample(FILE *f, const struct sample *s);

#endif
