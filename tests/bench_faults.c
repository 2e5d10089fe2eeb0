// SPDX-License-Identifier: MIT
/*
 * bench_faults — the fault table: each fault of issue 16 injected into the
 * register simulator running in real time behind the real I/O thread
 * (400 kHz wire time), watched from a main thread that does what the
 * kiosk's loop does (poll the thread's fd until the source's wake-up time,
 * drain, read the status). CLOCK_MONOTONIC is the stopwatch.
 *
 *   detect   injection -> the main thread sees a state other than OK
 *   recover  the fault cleared (plugged back, bus answering, data live
 *            again; for a reset, the detection) -> OK with a new sample
 *   lost     samples the chip produced that never reached the main thread
 *            over the whole episode (ring + FIFO accounting, as bench_io)
 *
 *   bench_faults [REPS]   each fault REPS times (default 3): median, max
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "bus/i2cdev.h"
#include "source/imu_thread.h"
#include "fakes/regsim.h"

#define MS 1000000LL
#define NS_PER_BYTE_400KHZ 22500L
#define FRAME_NS (16 * MS)
#define HOLD_NS (1500 * MS)    /* how long a fault lasts before it is cleared */
#define LIMIT_NS (8000 * MS)   /* gives up on a detection or recovery */

enum fault { F_NACK, F_TIMEOUT_1S, F_TIMEOUT_I2CDEV, F_STUCK_25, F_STUCK_1K, F_RESET, F_VANISH, F_N };

static const struct {
	const char *name;
	double rate_hz;
} faults[F_N] = {
	[F_NACK] = { "NACK (every transfer)", 200 },
	[F_TIMEOUT_1S] = { "timeout, 1 s adapter", 200 },
	[F_TIMEOUT_I2CDEV] = { "timeout, i2cdev's 200 ms", 200 },
	[F_STUCK_25] = { "stuck data at 25 Hz", 25 },
	[F_STUCK_1K] = { "stuck data at 1 kHz", 1000 },
	[F_RESET] = { "reset to sleep", 200 },
	[F_VANISH] = { "sensor vanishes", 200 },
};

struct watch {
	struct imu_thread *t;
	uint64_t received;
	double last_t;
};

/* One main-loop turn, as the kiosk's: sleep on the fd until a frame or the
 * silence deadline, drain, read the status. True when the status is OK. */
static bool turn(struct watch *w, struct imu_status *st)
{
	static struct sample buf[8192];
	struct pollfd pfd = { .fd = imu_thread_fd(w->t), .events = POLLIN };
	int64_t now = clock_mono_ns(), wake = now + FRAME_NS;
	size_t n;

	imu_thread_status(w->t, st);
	if (st->state == IMU_STATE_OK && imu_thread_silent_at_ns(w->t) < wake)
		wake = imu_thread_silent_at_ns(w->t);
	(void)poll(&pfd, 1, wake > now ? (int)((wake - now + MS - 1) / MS) : 0);
	n = imu_thread_drain(w->t, buf, sizeof(buf) / sizeof(buf[0]));
	if (n > 0)
		w->last_t = buf[n - 1].t_s;
	w->received += n;
	imu_thread_status(w->t, st);
	return st->state == IMU_STATE_OK;
}

/* Runs turns until the status is (or is not) OK with samples newer than
 * `after` (mono s), or the limit: the time it took, -1 on the limit. */
static int64_t until(struct watch *w, bool want_ok, int64_t t0, double after)
{
	struct imu_status st;

	while (clock_mono_ns() - t0 < LIMIT_NS) {
		bool ok = turn(w, &st);

		if (want_ok ? ok && w->last_t > after : !ok)
			return clock_mono_ns() - t0;
	}
	return -1;
}

static void hold(struct watch *w, int64_t until_ns)
{
	struct imu_status st;

	while (clock_mono_ns() < until_ns)
		(void)turn(w, &st);
}

static void inject(struct regsim *sim, enum fault f)
{
	switch (f) {
	case F_NACK: regsim_set_fault(sim, REGSIM_FAULT_NACK, 0); break;
	case F_TIMEOUT_1S:
	case F_TIMEOUT_I2CDEV: regsim_set_fault(sim, REGSIM_FAULT_TIMEOUT, 0); break;
	case F_STUCK_25:
	case F_STUCK_1K: regsim_set_stuck(sim, true); break;
	case F_RESET: regsim_brownout(sim); break;
	case F_VANISH: regsim_set_plugged(sim, false); break;
	case F_N: break;
	}
}

static void clear(struct regsim *sim, enum fault f)
{
	switch (f) {
	case F_NACK:
	case F_TIMEOUT_1S:
	case F_TIMEOUT_I2CDEV: regsim_set_fault(sim, REGSIM_FAULT_NONE, 0); break;
	case F_STUCK_25:
	case F_STUCK_1K: regsim_set_stuck(sim, false); break;
	case F_VANISH: regsim_set_plugged(sim, true); break;
	case F_RESET:
	case F_N: break;
	}
}

struct result {
	int64_t detect_ns, recover_ns;
	uint64_t lost;
};

static int episode(enum fault f, struct result *res)
{
	struct regsim *sim = regsim_new(REGSIM_MPU6050, 0x68);
	struct imu_thread_config cfg = imu_thread_default_config;
	struct watch w = { .last_t = -1 };
	struct imu_status st;
	struct regbus bus;
	int64_t t_inject, t_clear;
	uint64_t in_fifo;
	int rc;

	if (!sim)
		return -ENOMEM;
	regsim_set_realtime(sim, NS_PER_BYTE_400KHZ);
	regsim_set_timeout_ns(sim, f == F_TIMEOUT_I2CDEV ? (int64_t)I2CDEV_TIMEOUT_MS * MS : REGSIM_DEFAULT_TIMEOUT_NS);
	bus = regsim_bus(sim);
	cfg.bus = &bus;
	cfg.imu.rate_hz = faults[f].rate_hz;
	rc = imu_thread_start(&cfg, &w.t);
	if (rc < 0) {
		regsim_free(sim);
		return rc;
	}
	rc = -ETIMEDOUT;
	if (until(&w, true, clock_mono_ns(), -1) < 0)
		goto out;
	hold(&w, clock_mono_ns() + 1000 * MS);   /* a second of normal running */
	t_inject = clock_mono_ns();
	inject(sim, f);
	res->detect_ns = until(&w, false, t_inject, 0);
	if (res->detect_ns < 0)
		goto out;
	if (f != F_RESET)
		hold(&w, t_inject + HOLD_NS);
	t_clear = clock_mono_ns();
	clear(sim, f);
	res->recover_ns = until(&w, true, t_clear, (double)t_clear * 1e-9);
	if (res->recover_ns < 0)
		goto out;
	hold(&w, clock_mono_ns() + 500 * MS);
	imu_thread_quit(w.t);
	imu_thread_status(w.t, &st);
	(void)turn(&w, &st);   /* what the thread pushed before it stopped */
	in_fifo = regsim_fifo_bytes(sim) / 12;
	res->lost = regsim_samples_produced(sim) - w.received - in_fifo;
	rc = 0;
out:
	imu_thread_stop(w.t);
	regsim_free(sim);
	return rc;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int reps = argc > 1 ? atoi(argv[1]) : 3;
	int status = 0;

	if (reps < 1 || reps > 50)
		reps = 3;
	printf("bench-faults: MPU-6050 on the register simulator in real time (400 kHz wire time), the real I/O\n"
	       "bench-faults: thread, a main thread polling as the kiosk does; %d run(s) each: median (max)\n", reps);
	printf("bench-faults: %-26s %8s %-9s %8s %-9s %s\n", "fault", "detect", "ms", "recover", "ms", "samples lost");
	for (int f = 0; f < F_N; f++) {
		int64_t det[50], rec[50];
		uint64_t lost[50];
		int ok = 0;

		for (int i = 0; i < reps; i++) {
			struct result r = { 0 };
			int rc = episode((enum fault)f, &r);

			if (rc < 0) {
				printf("bench-faults: %-26s run %d: %s\n", faults[f].name, i + 1, strerror(-rc));
				status = 1;
				continue;
			}
			det[ok] = r.detect_ns;
			rec[ok] = r.recover_ns;
			lost[ok] = r.lost;
			ok++;
		}
		if (ok == 0)
			continue;
		qsort(det, (size_t)ok, sizeof(det[0]), cmp_i64);
		qsort(rec, (size_t)ok, sizeof(rec[0]), cmp_i64);
		{
			uint64_t lmin = lost[0], lmax = lost[0];

			for (int i = 1; i < ok; i++) {
				lmin = lost[i] < lmin ? lost[i] : lmin;
				lmax = lost[i] > lmax ? lost[i] : lmax;
			}
			printf("bench-faults: %-26s %8.0f (%5.0f) %8.0f (%5.0f) %llu-%llu at %.0f Hz\n", faults[f].name,
			       (double)det[ok / 2] / MS, (double)det[ok - 1] / MS, (double)rec[ok / 2] / MS,
			       (double)rec[ok - 1] / MS, (unsigned long long)lmin, (unsigned long long)lmax,
			       faults[f].rate_hz);
		}
		if (det[ok - 1] > 250 * MS)
			status = 1;
	}
	printf("bench-faults: goal: every detect within 250 ms (%s)\n", status ? "MISSED" : "met");
	return status;
}
