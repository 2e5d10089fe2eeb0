/* SPDX-License-Identifier: MIT */
/*
 * feed — a trace read on a thread of its own, for inputs that can make a
 * read wait (a pipe, a FIFO, stdin): trace_file.h's policy for them (a
 * read may wait up to TRACE_READ_TIMEOUT_S for data) then costs that
 * thread's time, never the kiosk loop's. The caller pops the trace's lines
 * (trace_reader_next_row: one or two sensors' samples each) from a
 * lock-free ring (source/ring.h) and waits on an eventfd; it never blocks.
 *
 *   feed_start(&f, reader)            the reader now belongs to the feed
 *   poll() on feed_fd(f); feed_next(f, &row, err, len) until it says 0
 *   feed_stop(f)
 */
#ifndef STRETCHREP_SOURCE_FEED_H
#define STRETCHREP_SOURCE_FEED_H

#include <stddef.h>
#include "core/trace.h"

struct feed;
struct trace_reader;

/* Lines read ahead at most: the reader waits while they are all unread
 * (the replay paces them out slower than a fast writer writes). */
#define FEED_ROWS 2048

/* Starts the thread on r, which the feed owns from here on (closed by
 * feed_stop, also on failure here). 0, -ENOMEM or the thread's -errno. */
int feed_start(struct feed **out, struct trace_reader *r);
/* Never waits. 1: *out is the next line (its samples and legs); 0: none
 * yet (poll feed_fd); -ENODATA: the input ended cleanly after the last
 * line; other -errno: the reader's error, "FILE:LINE: reason" in err. */
int feed_next(struct feed *f, struct trace_row *out, char *err, size_t errlen);
/* The trace's sensors (1 or 2) once its header has been read, 0 before
 * (trace_reader_sensors; set before the first line is handed out). */
int feed_sensors(const struct feed *f);
/* An eventfd, readable when feed_next has news it did not give yet. */
int feed_fd(const struct feed *f);
/* Lines feed_next has handed out so far. */
long feed_count(const struct feed *f);
/* Stops the thread even inside a read that waits (it is cancelled: it
 * holds no lock and nothing half-done outlives it), joins it, closes the
 * reader. Accepts NULL. */
void feed_stop(struct feed *f);

#endif
