// SPDX-License-Identifier: MIT
/* A trace read on its own thread (see feed.h). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "source/feed.h"
#include "source/ring.h"
#include "trace_file.h"

struct feed {
	struct trace_reader *r;   /* the thread's alone while it runs */
	pthread_t th;
	struct ring ring;
	struct trace_row store[FEED_ROWS];
	int fd;                   /* eventfd: lines or the end pushed */
	_Atomic int sensors;      /* the header's sensors, 0 before it */
	_Atomic int end;          /* 0 reading; -ENODATA or the reader's -errno */
	char err[512];            /* the reader's message, set before end */
	long count;               /* lines handed out (caller's side) */
};

static void wake(struct feed *f)
{
	uint64_t one = 1;

	if (write(f->fd, &one, sizeof(one)) < 0) {
		/* the counter saturates only if nobody reads for ages */
	}
}

static void *feed_main(void *arg)
{
	static const struct timespec nap = { 0, 10 * 1000 * 1000 };
	struct feed *f = arg;
	struct trace_row row;
	int rc;

	/* poll, read and nanosleep are the cancellation points (feed_stop) */
	while ((rc = trace_reader_next_row(f->r, &row, f->err, sizeof(f->err))) == 1) {
		/* before the line: the ring's push publishes it */
		atomic_store_explicit(&f->sensors, trace_reader_sensors(f->r), memory_order_release);
		while (!ring_push(&f->ring, &row)) {
			wake(f);
			nanosleep(&nap, NULL);   /* full: the replay is behind the input */
		}
		wake(f);
	}
	atomic_store_explicit(&f->end, rc == 0 ? -ENODATA : rc, memory_order_release);
	wake(f);
	return NULL;
}

int feed_start(struct feed **out, struct trace_reader *r)
{
	struct feed *f = calloc(1, sizeof(*f));
	int rc;

	if (!f) {
		trace_reader_close(r);
		return -ENOMEM;
	}
	f->r = r;
	rc = ring_init(&f->ring, f->store, sizeof(f->store[0]), FEED_ROWS);
	if (rc)
		goto fail;
	f->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (f->fd < 0) {
		rc = -errno;
		goto fail;
	}
	rc = -pthread_create(&f->th, NULL, feed_main, f);
	if (rc) {
		close(f->fd);
		goto fail;
	}
	*out = f;
	return 0;

fail:
	trace_reader_close(r);
	free(f);
	return rc;
}

int feed_next(struct feed *f, struct trace_row *out, char *err, size_t errlen)
{
	uint64_t v;
	int end;

	if (ring_pop(&f->ring, out, 1) == 1)
		goto got;
	/* clear readiness, then look again: a push after this re-arms it */
	if (read(f->fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing was signalled */
	}
	if (ring_pop(&f->ring, out, 1) == 1)
		goto got;
	end = atomic_load_explicit(&f->end, memory_order_acquire);
	if (end == 0)
		return 0;
	/* every line was pushed before the end was set */
	if (ring_pop(&f->ring, out, 1) == 1)
		goto got;
	if (end != -ENODATA)
		snprintf(err, errlen, "%s", f->err);
	return end;

got:
	f->count++;
	return 1;
}

int feed_fd(const struct feed *f)
{
	return f->fd;
}

int feed_sensors(const struct feed *f)
{
	return atomic_load_explicit(&f->sensors, memory_order_acquire);
}

long feed_count(const struct feed *f)
{
	return f->count;
}

void feed_stop(struct feed *f)
{
	if (!f)
		return;
	pthread_cancel(f->th);   /* a no-op once it has ended by itself */
	pthread_join(f->th, NULL);
	trace_reader_close(f->r);
	close(f->fd);
	free(f);
}
