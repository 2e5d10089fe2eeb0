/* SPDX-License-Identifier: MIT */
/*
 * imu_thread — the I/O thread that owns the IMU (DESIGN.md, Data flow).
 *
 * It opens the I2C bus, probes for a sensor, drains the sensor's FIFO every
 * half sample period (1-10 ms: 2.5 ms at 200 Hz), stamps samples on CLOCK_MONOTONIC, and hands them to the main
 * thread through a lock-free SPSC ring (source/ring.h). It also watches the
 * sensor: bus errors, a sensor that stops answering (unplugged), one that
 * reset itself into sleep (brown-out; the configuration is read back every
 * 100 ms), one that repeats a sample bit for bit (stuck), FIFO overflows.
 * It recovers on its own (re-initialises, re-probes every second) and
 * reports what it sees as a state within 250 ms. A transfer that hangs
 * (the adapter's timeout: 1 s by default, 200 ms as i2cdev sets it) cannot
 * be seen from inside: imu_thread_status() itself, in the caller's thread,
 * reports a bus that has not answered for IMU_THREAD_SILENT_NS as LOST.
 *
 * The main thread never blocks on I2C: imu_thread_drain() and
 * imu_thread_status() only touch memory (the status behind a mutex the I/O
 * thread holds for a copy, never across I2C).
 *
 * Two sensors on one bus (one per leg: the family's two addresses, 0x68
 * and 0x69, or 0x6a and 0x6b): cfg.addr2 names the second. The same thread
 * reads both, each with its own step engine, state and ring; a sensor that
 * is lost or misbehaves is recovered on its own while the other's samples
 * keep flowing. The *_sensor() calls take the sensor's index (0: cfg.imu.addr,
 * 1: addr2); the plain ones are sensor 0's. A reader of two sensors drains
 * both every time the fd is readable (the fd is shared).
 *
 * The thread runs SCHED_FIFO when the system allows it
 * (IMU_THREAD_RT_PRIORITY), SCHED_OTHER otherwise; the status tells which.
 * It is named "imu-io" (ps -L, top -H, /proc/PID/task/TID/comm).
 *
 * Typical kiosk use:
 *   struct imu_thread *t;
 *   struct imu_thread_config cfg = imu_thread_default_config;
 *   if (imu_thread_start(&cfg, &t) < 0) ...           // only fails on ENOMEM & co
 *   poll() on imu_thread_fd(t) with the other fds; when readable:
 *       n = imu_thread_drain(t, samples, MAX);          // feed the core
 *       imu_thread_status(t, &st);                      // show st.state / st.message
 *   imu_thread_stop(t);
 */
#ifndef STRETCHREP_SOURCE_IMU_THREAD_H
#define STRETCHREP_SOURCE_IMU_THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/sample.h"
#include "bus/regbus.h"
#include "imu/imu.h"

enum imu_state {
	IMU_STATE_SEARCHING, /* no sensor found yet; probing every second */
	IMU_STATE_OK,        /* samples flowing */
	IMU_STATE_LOST,      /* the sensor was there and stopped answering; re-probing every second */
	IMU_STATE_FAULT,     /* the sensor answers but misbehaves (reset itself, stuck data); re-initialising */
};
const char *imu_state_name(enum imu_state s);

struct imu_thread_config {
	const char *bus_path;         /* "/dev/i2c-1" */
	struct imu_config imu;        /* rate, ranges, low-pass */
	size_t ring_samples;          /* ring capacity, power of two; 0: 8192 (20 s at 400 Hz) */
	/* Tests and benchmarks: talk through this bus instead of opening
	 * bus_path (NULL in the app). Its context must outlive the thread. */
	const struct regbus *bus;
	/* A second sensor on the same bus at this address (0: none). Needs
	 * imu.addr set (not auto: auto could take the second's address). */
	uint8_t addr2;
	/* Tests: the second sensor's handle on the same bus (as the app opens
	 * bus_path once per sensor, each open its own selected address);
	 * needed with bus and addr2. */
	const struct regbus *bus2;
	/* true: the thread runs SCHED_OTHER without asking for real-time
	 * (benchmarks' comparison); false (default): see IMU_THREAD_RT_PRIORITY. */
	bool no_realtime;
};
extern const struct imu_thread_config imu_thread_default_config;
#define IMU_THREAD_MAX_SENSORS 2

struct imu_status {
	enum imu_state state;
	char message[192];       /* one plain sentence for the screen or the log */
	char chip[16];           /* "MPU-6050", "" when none */
	uint8_t addr;
	double odr_hz;           /* sensor output rate */
	uint64_t samples;        /* delivered into the ring */
	uint64_t dropped;        /* lost because the ring was full (reader too slow) */
	uint32_t gaps;           /* FIFO overflows: samples lost at the sensor */
	double gap_s;            /* time those overflows lost, seconds in all */
	uint32_t reinits;        /* re-initialisations after a reset or stuck data */
	uint32_t losses;         /* times the sensor went away */
	uint32_t changes;        /* state changes so far: shows a state that came and went */
	int last_error;          /* last negative errno seen, 0 if none */
	double io_cpu_s;         /* CPU time used by the I/O thread (imu_thread only) */
	/* The I/O thread's scheduling (imu_thread only; the same for both
	 * sensors): SCHED_FIFO at sched_priority, or SCHED_OTHER (priority 0)
	 * when real-time was refused (sched_error: -EPERM without
	 * CAP_SYS_NICE and RLIMIT_RTPRIO, or what the system said) or not
	 * asked for (cfg.no_realtime, sched_error 0). */
	int sched_policy;
	int sched_priority;
	int sched_error;
};

/* One plain sentence for an error met opening the bus or probing it:
 * -ENOENT (I2C off), -EACCES/-EPERM (group), -ENODEV (wiring), others. */
void imu_explain(int err, const char *bus_path, char *buf, size_t len);

struct imu_thread;

/*
 * Real-time priority of the I/O thread (SCHED_FIFO), asked for always, at
 * any rate: what loses samples is the load, not the rate alone. Measured on
 * a 2-core box at load 9: a SCHED_OTHER thread now and then waits over
 * 85 ms for a core, and an MPU-6050's 1 KiB FIFO holds 85 ms at 1 kHz (401
 * of 12349 samples lost in 12 s); SCHED_FIFO lost none. The same waits make
 * the main thread's "sensor silent" judgement see a silence that is only
 * the thread waiting. The thread sleeps between FIFO reads (~1-2 % of a
 * core), so running it first costs the rest little.
 * Modest: below the kernel's threaded interrupt handlers (SCHED_FIFO 50),
 * the I2C controller's among them, which must run for our transfers to
 * finish; above SCHED_OTHER and the lowest real-time users (1). The unit
 * allows exactly this much (LimitRTPRIO=).
 * Refused (no CAP_SYS_NICE, RLIMIT_RTPRIO below this, a seccomp filter):
 * the thread runs on as SCHED_OTHER and the status says so (sched_*).
 */
#define IMU_THREAD_RT_PRIORITY 10

/* Starts the thread. 0 and *out, or -errno (-EINVAL for a bad config: a
 * second address without the first, or the same twice;
 * -ENOMEM, thread creation errors). A missing bus or sensor is not an
 * error here: it shows in the status. */
int imu_thread_start(const struct imu_thread_config *cfg, struct imu_thread **out);
/* Stops and joins the I/O thread but keeps the ring and the status: the
 * last samples can still be drained and the final status read. Then call
 * imu_thread_stop(). Idempotent. */
void imu_thread_quit(struct imu_thread *t);
/* Stops and joins the thread (if still running), closes the bus, frees
 * everything. Accepts NULL. */
void imu_thread_stop(struct imu_thread *t);
/* Readable (POLLIN) when samples arrived or the status changed since the
 * last imu_thread_drain(). */
int imu_thread_fd(const struct imu_thread *t);
/* Copies out up to max samples, oldest first (t_s on CLOCK_MONOTONIC
 * seconds, g, deg/s); clears the fd's readiness unless samples remain.
 * Never blocks. */
size_t imu_thread_drain(struct imu_thread *t, struct sample *out, size_t max);
/* The status as the I/O thread last published it, except that a bus that
 * has not answered for IMU_THREAD_SILENT_NS (the thread inside a hanging
 * transfer, or retrying failed ones) turns an OK into LOST ("sensor silent
 * ..."), judged on the caller's clock at the call. */
void imu_thread_status(struct imu_thread *t, struct imu_status *st);
/* A bus silent this long is reported lost: longer than any transfer takes
 * (I2CDEV_MAX_XFER at 100 kHz: ~92 ms) and the thread's own poll period,
 * short enough that "sensor lost" shows within 250 ms of the hang. Silent
 * means no transfer has answered: every one that does moves the heartbeat
 * (a backlog read in several bursts, two sensors' bursts in one turn, is
 * never silence however long it takes in all). */
#define IMU_THREAD_SILENT_NS 200000000LL
/* CLOCK_MONOTONIC ns at which the bus, if it stays silent from now on,
 * will be reported lost: the caller's wake-up time. Lock-free. */
int64_t imu_thread_silent_at_ns(const struct imu_thread *t);
/* The I/O thread's heartbeat: a count of its loop turns, bumped after every
 * pass through the sensor (at least once a second, also while the sensor is
 * missing or being re-probed, which is work too). It stands still only when
 * the thread is stuck (a wedged I2C transfer) or stopped. Lock-free: any
 * thread may read it (the systemd watchdog, cmd_run). */
uint64_t imu_thread_progress(const struct imu_thread *t);

/* One sentence on the thread's scheduling from a status, for the log:
 * "real-time (SCHED_FIFO 10)", or why not and what it risks. */
void imu_thread_sched_explain(const struct imu_status *st, char *buf, size_t len);

/* Sensors this thread reads: 1, or 2 with cfg.addr2. */
int imu_thread_sensors(const struct imu_thread *t);
/* imu_thread_drain() and imu_thread_status() for sensor k (0 or 1; k past
 * the sensors: nothing, and a SEARCHING status). */
size_t imu_thread_drain_sensor(struct imu_thread *t, int k, struct sample *out, size_t max);
void imu_thread_status_sensor(struct imu_thread *t, int k, struct imu_status *st);

#endif
