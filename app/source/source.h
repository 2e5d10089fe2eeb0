/* SPDX-License-Identifier: MIT */
/*
 * app/source/ — the sample sources: this interface and its implementations
 * (source.c: the simulated patient and trace replay; source_imu.c: the real
 * sensor), the IMU I/O thread (imu_thread.h; imu_io.h is its step engine,
 * open to tests) and the lock-free ring it hands samples over (ring.h).
 * May include: core/, the drivers (bus/, imu/), app/'s shared modules
 * (trace_file.h) and libc/pthread. Never ui/, store/, kiosk/ or cmd/: the
 * kiosk and the commands pull samples from here, not the other way round.
 *
 * source — where the kiosk's samples come from, behind one interface:
 * the simulated patient (core/sim.h), the replay of a trace file, and (added
 * by the drivers side) the real IMU thread. A new source is one more
 * struct source_ops.
 *
 * Time: every source is polled with the kiosk's clock (seconds on
 * CLOCK_MONOTONIC, any origin) and hands out the samples that are due by
 * then. Samples keep their own time base (trace time, sim time, or the
 * IMU thread's monotonic stamps); the core only needs it to increase.
 * Simulated and replayed samples are paced by their own time, `speed`
 * times faster than real time.
 */
#ifndef STRETCHREP_SOURCE_SOURCE_H
#define STRETCHREP_SOURCE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/leg.h"
#include "core/sample.h"
#include "core/sim.h"

struct source_status {
	bool connected;        /* samples are arriving (false: show "sensor lost") */
	bool demo;             /* not a real patient: the screen says DEMO */
	bool simulated;        /* the virtual patient itself (not a recording nor a sensor):
	                        * a test of another kind (the SLR) simulates its own */
	bool scripted;         /* a script or a file: starts over at each session
	                        * (rewind); not drained between sessions, never
	                        * judged silent. False for a live sensor. */
	char what[96];         /* "MPU-6050 on /dev/i2c-1 0x68", "simulated patient", ... */
	char hint[160];        /* what to check when not connected ("" if nothing) */
	char sched[160];       /* an I/O thread's scheduling, for the log ("" without one):
	                        * imu_thread_sched_explain's sentence */
};

struct source_ops {
	/* Next sample due at now_s: 1 (written to *out), 0 (none due yet),
	 * -ENODATA (the stream ended for good), other -errno (failure; the
	 * source may recover, keep polling: e.g. a sensor unplugged). */
	int (*poll)(void *impl, double now_s, struct sample *out);
	/* Seconds from now_s until the next sample is due (0 if one is due,
	 * a negative value if unknown: a source with an fd says so), or until
	 * the source has something to say without its fd (the IMU: when a
	 * silent bus becomes "lost"). Lets the loop sleep until then. */
	double (*wait_s)(void *impl, double now_s);
	/* Optional: a descriptor that polls readable (POLLIN) when samples or
	 * a status change arrived (the I/O thread's eventfd), or -1. A
	 * source with one is waited for on it, not by wait_s. */
	int (*fd)(void *impl);
	void (*status)(void *impl, struct source_status *st);
	void (*close)(void *impl);
	/* Human-readable text of the last failure, or NULL. */
	const char *(*error)(void *impl);
	/* Optional: start over (a script from its beginning, a file from its
	 * first line), paced from the next poll. 0 or -errno. Live sources
	 * leave it NULL: the kiosk then drains them between sessions. */
	int (*rewind)(void *impl);
	/* Optional: the heartbeat of the I/O thread behind the source
	 * (imu_thread_progress). Sources computed in the main thread leave
	 * it NULL. 0 or -ENOTSUP (a wrapper around such a source). */
	int (*io_progress)(void *impl, uint64_t *turns);
	/* Optional: two sensors, one per leg. How many sensors (1 or 2) and
	 * each one's leg; NULL: one sensor, leg unknown. */
	int (*sensors)(void *impl, enum leg legs[2]);
	/* With two sensors: sensor 2's next sample due at now_s, as poll
	 * (poll is sensor 1's). -EIO while sensor 2 has no working sensor. */
	int (*poll2)(void *impl, double now_s, struct sample *out);
};

struct source {
	const struct source_ops *ops;
	void *impl;
};

/* The virtual patient, endless unless set->duration_s > 0. speed > 0. */
int source_open_sim(struct source **out, const struct sim_settings *set, double speed);
struct sim_legs_settings;
/* The virtual patient on both legs with two sensors (core/sim_legs.h,
 * scenario two_legs; sensor 1 left, sensor 2 right), paced like the sim. */
int source_open_sim_legs(struct source **out, const struct sim_legs_settings *set, double speed);
/* Replays a trace file (DESIGN.md format). The path must outlive the
 * source. 0, or -errno with "FILE: reason" in err. A bad line after the
 * first sample ends the replay there, as the end of the file would
 * (-ENODATA: the session so far is kept), with "FILE:LINE: reason" on
 * stderr once; a file bad before any sample is a failure (error()). */
int source_open_replay(struct source **out, const char *path, double speed, char *err, size_t errlen);
struct imu_thread_config;
/* The real sensor, through the I/O thread (source/imu_thread.h) that probes
 * the bus, drains the FIFO and recovers on its own. Samples are handed out
 * as they arrive (stamped on CLOCK_MONOTONIC by the thread); while the
 * thread has no working sensor, polls return -EIO and the status says why
 * ("not connected", with the thread's sentence as the hint). cfg is copied;
 * a test bus in it must outlive the source. source/source_imu.c. */
int source_open_imu(struct source **out, const struct imu_thread_config *cfg);
/* The same, waiting up to wait_s for the sensor to answer. 0: found, *out
 * is it. -EAGAIN: the bus is there but nothing answered yet; *out is the
 * source all the same, still looking (the thread re-probes every second),
 * and why says what it saw. Other -errno (no bus, I2C switched off, no
 * permission, the thread could not start): no source, why says it. */
int source_find_imu(struct source **out, const struct imu_thread_config *cfg, double wait_s,
		    char *why, size_t whylen);

struct config_sensor;
/* The I/O thread's configuration for the sensor the settings describe
 * ([sensor] bus, address or left and right, rate_hz, accel_range_g, gyro_range_dps, over
 * imu_thread_default_config): the kiosk, probe and record all look for the
 * sensor this way. out->bus_path points into s, which must outlive it. */
void source_imu_config(struct imu_thread_config *out, const struct config_sensor *s);
/* Which leg each of those sensors is on ([sensor] left, right): the number
 * of sensors (2 when both are set: sensor 1 left, sensor 2 right), legs[k]
 * LEG_UNKNOWN where the settings do not say (address alone). */
int source_imu_legs(const struct config_sensor *s, enum leg legs[2]);

/* Wraps an implementation (for sources defined elsewhere, e.g. the IMU). */
int source_wrap(struct source **out, const struct source_ops *ops, void *impl);

/* The demo until a sensor works: plays `demo` while `live` has no working
 * sensor, and switches to `live` for good at the first session start
 * (source_rewind) after it has one, never in the middle of a session.
 * While on the demo, the status hint says what the live source lacks (or
 * that it was found). Takes both over. */
int source_wrap_fallback(struct source **out, struct source *live, struct source *demo);

/* Fault injection (tests, screenshots, demos of the overlay): wraps inner
 * and, while inner's sample time is in [from_s, to_s), withholds samples,
 * reports -EIO and "not connected" with a hint, as an unplugged sensor
 * would. Takes inner over. */
int source_wrap_dropout(struct source **out, struct source *inner, double from_s, double to_s);

int source_poll(struct source *src, double now_s, struct sample *out);
/* Sensors behind the source (1, or 2: one per leg) and their legs. */
int source_sensors(struct source *src, enum leg legs[2]);
/* Sensor 2's next sample, as source_poll; -ENODATA with one sensor. */
int source_poll2(struct source *src, double now_s, struct sample *out);
/* 0, -ENOTSUP for a live source, or the rewind's -errno. */
int source_rewind(struct source *src);
double source_wait_s(struct source *src, double now_s);
/* The source's pollable descriptor (see source_ops.fd), or -1: none (sim,
 * replay, the demo while a fallback plays it). */
int source_fd(struct source *src);
/* The I/O thread's loop-turn counter in *turns: 0, or -ENOTSUP when no I/O
 * thread feeds this source (sim, replay). A counter that stands still
 * means a wedged thread (the systemd watchdog then stops being fed). */
int source_io_progress(struct source *src, uint64_t *turns);
void source_get_status(struct source *src, struct source_status *st);
const char *source_error(struct source *src);
/* Closes the implementation too. NULL is fine. */
void source_close(struct source *src);

#endif
