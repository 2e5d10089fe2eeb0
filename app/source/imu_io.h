/* SPDX-License-Identifier: MIT */
/*
 * imu_io — the I/O thread's work as a step function over an explicit clock,
 * so tests (and the thread itself) drive the same code: imu_io_step() does
 * whatever is due at now_ns (probe, drain the FIFO, check the
 * configuration, recover) and says when it wants to run next.
 * Single-threaded; the caller owns the struct.
 */
#ifndef STRETCHREP_SOURCE_IMU_IO_H
#define STRETCHREP_SOURCE_IMU_IO_H

#include <stdatomic.h>
#include <stdbool.h>
#include "source/imu_thread.h"
#include "bus/i2cdev.h"

#define IMU_IO_REPROBE_NS   1000000000LL /* re-probe a missing sensor every second */
#define IMU_IO_CHECK_NS      100000000LL /* read the configuration back every 100 ms */
#define IMU_IO_NODATA_NS     100000000LL /* no data this long: check at once */
#define IMU_IO_RETRY_NS        5000000LL /* retry after a bus error */
#define IMU_IO_REINIT_NS      10000000LL /* a FAULT shows at least this long before re-init */
#define IMU_IO_ERRORS_LOST     3         /* consecutive failed steps before LOST */
#define IMU_IO_POLL_MIN_NS     1000000LL /* the FIFO is read every half sample period, */
#define IMU_IO_POLL_MAX_NS    10000000LL /* ... within these bounds */
#define IMU_IO_BATCH         256
/* Stuck data, judged on the samples' time rather than their count: one
 * value repeated bit for bit over IMU_IO_STUCK_NS of sample time (and at
 * least IMU_IO_STUCK_MIN samples) is a frozen sensor. At 25 Hz that is 4
 * samples (120 ms); at 200 Hz and more the driver's own IMU_STUCK_REPEATS
 * (10 samples) comes first. A live sensor's noise (a few counts on each of
 * six axes) repeating all six axes three times running is far rarer than
 * once in the life of a kiosk. */
#define IMU_IO_STUCK_NS      100000000LL
#define IMU_IO_STUCK_MIN     4

typedef void (*imu_io_sink_fn)(void *ctx, const struct imu_sample *s, size_t n);

/* Called where the driver waits (a chip's reset delays, ~150 ms in a
 * probe): must return at until_ns or later, and may do other work until
 * then (the thread reads the other sensor's FIFO meanwhile). */
typedef void (*imu_io_idle_fn)(void *ctx, int64_t until_ns);

struct imu_io {
	struct imu_thread_config cfg;
	struct i2cdev *dev;       /* NULL while closed or when cfg.bus is given */
	struct regbus raw;        /* the bus as opened (i2c-dev, or cfg.bus) */
	struct regbus bus;        /* raw, its waits through idle when set; ctx is the io:
				   * the struct must not move once initialised */
	bool have_bus;
	imu_io_idle_fn idle;      /* NULL: the driver's waits are raw's */
	void *idle_ctx;
	_Atomic int64_t *answered_ns; /* NULL, or where each transfer that answers
				       * stores its end (CLOCK_MONOTONIC ns) */
	struct imu *imu;          /* NULL while searching or lost */
	bool ever_ok;
	bool need_reinit;
	unsigned errors;          /* consecutive failed steps */
	int64_t next_probe_ns, next_check_ns, last_data_ns;
	struct imu_sample same_ref;   /* the value of the current run of repeats */
	unsigned same_n;              /* samples in that run, 0: none yet */
	int64_t same_since_ns;        /* sample time of the run's first sample */
	struct imu_status st;
	struct imu_sample buf[IMU_IO_BATCH];
};

/* 0 or -EINVAL. Nothing is opened until the first step. */
int imu_io_init(struct imu_io *io, const struct imu_thread_config *cfg);
/* The driver's waits go through fn (NULL: they sleep as the bus does). */
void imu_io_set_idle(struct imu_io *io, imu_io_idle_fn fn, void *ctx);
/* Every transfer that answers (returns 0) stores CLOCK_MONOTONIC ns in
 * *ns (NULL: none): the heartbeat another thread reads to tell a bus that
 * answers, however long the step, from one that hangs. */
void imu_io_set_heartbeat(struct imu_io *io, _Atomic int64_t *ns);
void imu_io_deinit(struct imu_io *io);
/* Does what is due at now_ns (a monotonic clock, ns); samples go to sink.
 * Returns when the next step is due (>= now_ns). */
int64_t imu_io_step(struct imu_io *io, int64_t now_ns, imu_io_sink_fn sink, void *ctx);

#endif
