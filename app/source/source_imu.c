// SPDX-License-Identifier: MIT
/*
 * The IMU as a kiosk source: a thin adapter over the I/O thread. Nothing
 * here touches I2C; drain and status only copy memory (imu_thread.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "config.h"
#include "source/imu_thread.h"
#include "source/source.h"

#define IMU_SRC_BATCH 256

struct imu_src {
	struct imu_thread *t;
	char bus[64];
	struct sample buf[IMU_SRC_BATCH];
	size_t n, i;
	struct imu_status st;
	struct sample buf2[IMU_SRC_BATCH];   /* sensor 2's (two sensors) */
	size_t n2, i2;
	struct imu_status st2;
	char sched[160];   /* the thread's scheduling, said once: it is set at its start */
};

static int imu_src_poll(void *impl, double now_s, struct sample *out)
{
	struct imu_src *s = impl;

	(void)now_s;   /* the thread stamps the samples itself */
	if (s->i == s->n) {
		s->n = imu_thread_drain(s->t, s->buf, IMU_SRC_BATCH);
		s->i = 0;
	}
	if (s->i < s->n) {
		*out = s->buf[s->i++];
		return 1;
	}
	imu_thread_status(s->t, &s->st);
	return s->st.state == IMU_STATE_OK ? 0 : -EIO;
}

/* Sensor 2's, when the thread reads two (one per leg). */
static int imu_src_poll2(void *impl, double now_s, struct sample *out)
{
	struct imu_src *s = impl;

	(void)now_s;
	if (imu_thread_sensors(s->t) < 2)
		return -ENODATA;
	if (s->i2 == s->n2) {
		s->n2 = imu_thread_drain_sensor(s->t, 1, s->buf2, IMU_SRC_BATCH);
		s->i2 = 0;
	}
	if (s->i2 < s->n2) {
		*out = s->buf2[s->i2++];
		return 1;
	}
	imu_thread_status_sensor(s->t, 1, &s->st2);
	return s->st2.state == IMU_STATE_OK ? 0 : -EIO;
}

/* Two sensors are one per leg ([sensor] left and right: sensor 1 the
 * left's, source_imu_config). */
static int imu_src_sensors(void *impl, enum leg legs[2])
{
	struct imu_src *s = impl;
	int n = imu_thread_sensors(s->t);

	legs[0] = n == 2 ? LEG_LEFT : LEG_UNKNOWN;
	legs[1] = n == 2 ? LEG_RIGHT : LEG_UNKNOWN;
	return n;
}

/* The thread's eventfd says when samples or news arrive; but a bus that
 * hangs in a transfer sends no news, so while the sensor is OK the loop
 * also wakes when the silence would become "lost" (imu_thread_status says
 * so from this thread). Unknown (-1) once it is not OK: the fd tells. */
static double imu_src_wait(void *impl, double now_s)
{
	struct imu_src *s = impl;
	int64_t left;

	(void)now_s;   /* the kiosk's clock may have any origin: ours is CLOCK_MONOTONIC */
	imu_thread_status(s->t, &s->st);
	if (s->st.state != IMU_STATE_OK)
		return -1.0;
	left = imu_thread_silent_at_ns(s->t) - clock_mono_ns();
	return left > 0 ? (double)left * 1e-9 : 0.0;
}

static int imu_src_fd(void *impl)
{
	struct imu_src *s = impl;

	return imu_thread_fd(s->t);
}

static void imu_src_status(void *impl, struct source_status *st)
{
	struct imu_src *s = impl;

	imu_thread_status(s->t, &s->st);
	memset(st, 0, sizeof(*st));
	st->connected = s->st.state == IMU_STATE_OK;
	if (s->st.chip[0])
		snprintf(st->what, sizeof(st->what), "%.15s at 0x%02x on %.40s, %.0f Hz", s->st.chip,
			 s->st.addr, s->bus, s->st.odr_hz);
	else
		snprintf(st->what, sizeof(st->what), "looking for a sensor on %.63s", s->bus);
	if (!st->connected)
		snprintf(st->hint, sizeof(st->hint), "%.159s", s->st.message);
	if (!s->sched[0])
		imu_thread_sched_explain(&s->st, s->sched, sizeof(s->sched));
	memcpy(st->sched, s->sched, sizeof(st->sched));
}

static void imu_src_close(void *impl)
{
	struct imu_src *s = impl;

	imu_thread_stop(s->t);
	free(s);
}

static int imu_src_io_progress(void *impl, uint64_t *turns)
{
	struct imu_src *s = impl;

	*turns = imu_thread_progress(s->t);
	return 0;
}

static const struct source_ops imu_src_ops = {
	.poll = imu_src_poll,
	.wait_s = imu_src_wait,
	.fd = imu_src_fd,
	.status = imu_src_status,
	.close = imu_src_close,
	.io_progress = imu_src_io_progress,
	.sensors = imu_src_sensors,
	.poll2 = imu_src_poll2,
	/* no rewind: a live source, drained between sessions */
};

int source_open_imu(struct source **out, const struct imu_thread_config *cfg)
{
	struct imu_src *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	snprintf(s->bus, sizeof(s->bus), "%s", cfg->bus ? "a test bus" : cfg->bus_path);
	rc = imu_thread_start(cfg, &s->t);
	if (rc < 0)
		goto free_src;
	imu_thread_status(s->t, &s->st);
	rc = source_wrap(out, &imu_src_ops, s);
	if (rc)
		goto stop_thread;
	return 0;

stop_thread:
	imu_thread_stop(s->t);
free_src:
	free(s);
	return rc;
}

int source_find_imu(struct source **out, const struct imu_thread_config *cfg, double wait_s,
		    char *why, size_t whylen)
{
	struct source *src;
	struct imu_src *s;
	double until = clock_mono_s() + wait_s;
	int rc = source_open_imu(&src, cfg);

	if (rc) {
		snprintf(why, whylen, "I/O thread: %s", strerror(-rc));
		return rc;
	}
	s = src->impl;
	for (;;) {
		struct pollfd pfd = { .fd = imu_thread_fd(s->t), .events = POLLIN };

		imu_thread_status(s->t, &s->st);
		if (s->st.state == IMU_STATE_OK) {
			*out = src;
			return 0;
		}
		/* I2C switched off or no permission: waiting will not help */
		if (s->st.last_error == -ENOENT || s->st.last_error == -EACCES ||
		    s->st.last_error == -EPERM) {
			rc = s->st.last_error;
			snprintf(why, whylen, "%s", s->st.message);
			source_close(src);
			return rc;
		}
		if (clock_mono_s() >= until)
			break;
		poll(&pfd, 1, 50);
	}
	snprintf(why, whylen, "%s", s->st.message);
	*out = src;
	return -EAGAIN;
}

void source_imu_config(struct imu_thread_config *out, const struct config_sensor *s)
{
	*out = imu_thread_default_config;
	out->bus_path = s->bus;
	out->imu.addr = (uint8_t)s->address;   /* CONFIG_ADDRESS_AUTO is 0: every address */
	/* one sensor per leg: sensor 1 the left's (or the right's alone),
	 * sensor 2 the right's when both are set */
	if (s->left || s->right) {
		out->imu.addr = (uint8_t)(s->left ? s->left : s->right);
		out->addr2 = (uint8_t)(s->left && s->right ? s->right : 0);
	}
	out->imu.rate_hz = s->rate_hz;
	out->imu.acc_range_g = s->accel_range_g;
	out->imu.gyr_range_dps = s->gyro_range_dps;
}

int source_imu_legs(const struct config_sensor *s, enum leg legs[2])
{
	legs[0] = s->left ? LEG_LEFT : s->right ? LEG_RIGHT : LEG_UNKNOWN;
	legs[1] = s->left && s->right ? LEG_RIGHT : LEG_UNKNOWN;
	return s->left && s->right ? 2 : 1;
}
