// SPDX-License-Identifier: MIT
/* The IMU I/O thread and its step engine (see imu_thread.h, imu_io.h). */
#include <errno.h>
#include <stdatomic.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "err_words.h"
#include "source/imu_io.h"
#include "source/ring.h"

const struct imu_thread_config imu_thread_default_config = {
	.bus_path = "/dev/i2c-1",
	.imu = { .rate_hz = 200, .acc_range_g = 4, .gyr_range_dps = 500, .lpf_hz = 44 },
	.ring_samples = 8192,
	.bus = NULL,
};

const char *imu_state_name(enum imu_state s)
{
	switch (s) {
	case IMU_STATE_SEARCHING: return "searching";
	case IMU_STATE_OK: return "ok";
	case IMU_STATE_LOST: return "lost";
	case IMU_STATE_FAULT: return "fault";
	}
	return "?";
}

/* ---- the step engine ---- */

/* io->bus: io->raw's transfers, and its waits through the idle hook. */
static int io_bus_select(void *ctx, uint8_t addr)
{
	struct imu_io *io = ctx;

	return io->raw.select(io->raw.ctx, addr);
}

/* The heartbeat moves with every transfer that answers, not once a step:
 * a step that reads a FIFO backlog at 100 kHz is several ~92 ms bursts
 * back to back (two sensors: one each per turn), all answering. A transfer
 * that hangs or fails stores nothing, so a hang still shows after
 * IMU_THREAD_SILENT_NS. */
static int io_answered(const struct imu_io *io, int rc)
{
	if (rc == 0 && io->answered_ns)
		atomic_store_explicit(io->answered_ns, clock_mono_ns(), memory_order_relaxed);
	return rc;
}

static int io_bus_read(void *ctx, uint8_t reg, uint8_t *buf, size_t len)
{
	struct imu_io *io = ctx;

	return io_answered(io, io->raw.read(io->raw.ctx, reg, buf, len));
}

static int io_bus_write(void *ctx, uint8_t reg, const uint8_t *buf, size_t len)
{
	struct imu_io *io = ctx;

	return io_answered(io, io->raw.write(io->raw.ctx, reg, buf, len));
}

static void io_bus_sleep_us(void *ctx, unsigned us)
{
	struct imu_io *io = ctx;

	if (io->idle)
		io->idle(io->idle_ctx, clock_mono_ns() + (int64_t)us * 1000);
	else
		regbus_sleep_us(&io->raw, us);
}

static void io_set_raw(struct imu_io *io, struct regbus raw)
{
	io->raw = raw;
	io->bus = (struct regbus){
		.select = io_bus_select,
		.read = io_bus_read,
		.write = io_bus_write,
		.sleep_us = io_bus_sleep_us,
		.ctx = io,
	};
	io->have_bus = true;
}

void imu_io_set_heartbeat(struct imu_io *io, _Atomic int64_t *ns)
{
	io->answered_ns = ns;
}

void imu_io_set_idle(struct imu_io *io, imu_io_idle_fn fn, void *ctx)
{
	io->idle = fn;
	io->idle_ctx = ctx;
}

int imu_io_init(struct imu_io *io, const struct imu_thread_config *cfg)
{
	if (!cfg || (!cfg->bus && !cfg->bus_path))
		return -EINVAL;
	memset(io, 0, sizeof(*io));
	io->cfg = *cfg;
	if (cfg->bus)
		io_set_raw(io, *cfg->bus);
	io->st.state = IMU_STATE_SEARCHING;
	snprintf(io->st.message, sizeof(io->st.message), "looking for the sensor");
	return 0;
}

void imu_io_deinit(struct imu_io *io)
{
	imu_close(io->imu);
	io->imu = NULL;
	i2cdev_close(io->dev);
	io->dev = NULL;
}

static void set_state(struct imu_io *io, enum imu_state s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_state(struct imu_io *io, enum imu_state s, const char *fmt, ...)
{
	va_list ap;

	if (io->st.state != s)
		io->st.changes++;
	io->st.state = s;
	va_start(ap, fmt);
	vsnprintf(io->st.message, sizeof(io->st.message), fmt, ap);
	va_end(ap);
}

static enum imu_state missing_state(const struct imu_io *io)
{
	return io->ever_ok ? IMU_STATE_LOST : IMU_STATE_SEARCHING;
}

static void close_bus(struct imu_io *io)
{
	if (io->dev) {
		i2cdev_close(io->dev);
		io->dev = NULL;
		io->have_bus = false;
	}
}

void imu_explain(int err, const char *bus_path, char *buf, size_t len)
{
	if (!bus_path)
		bus_path = "the bus";
	switch (err) {
	case -ENOENT:
		snprintf(buf, len, "I2C is off (no %s): sudo raspi-config nonint do_i2c 0, then reboot", bus_path);
		break;
	case -EACCES:
	case -EPERM:
		snprintf(buf, len, "no permission for %s: add this user to the i2c group "
			 "(sudo adduser $USER i2c), then log in again", bus_path);
		break;
	case -ENODEV:
		snprintf(buf, len, "no sensor answers on %s at 0x68, 0x69, 0x6a or 0x6b: "
			 "check wiring: SDA pin 3, SCL pin 5, 3.3 V, GND", bus_path);
		break;
	case -EBUSY:
		/* i2c-dev's I2C_SLAVE: a kernel driver holds the address; or
		 * the adapter found the bus busy too long (not a program: the
		 * bus has no other user-space owner to look for) */
		snprintf(buf, len, "sensor on %s: its address is held by a kernel driver (a dtoverlay for it "
			 "in config.txt?), or the bus stays busy", bus_path);
		break;
	default:
		if (err_words(err))
			snprintf(buf, len, "sensor on %s: %s", bus_path, err_words(err));
		else
			snprintf(buf, len, "sensor on %s: error %d", bus_path, err < 0 ? -err : err);
		break;
	}
}

static int64_t try_probe(struct imu_io *io, int64_t now)
{
	struct imu_info info;
	int rc;

	io->next_probe_ns = now + IMU_IO_REPROBE_NS;
	if (!io->have_bus) {
		rc = i2cdev_open(io->cfg.bus_path, &io->dev);
		if (rc < 0)
			goto failed;
		io_set_raw(io, i2cdev_regbus(io->dev));
	}
	rc = imu_probe(&io->bus, &io->cfg.imu, &io->imu);
	if (rc < 0) {
		/* a USB adapter may come back as a new device: reopen next time */
		close_bus(io);
		goto failed;
	}
	imu_get_info(io->imu, &info);
	snprintf(io->st.chip, sizeof(io->st.chip), "%s", info.name);
	io->st.addr = info.addr;
	io->st.odr_hz = info.odr_hz;
	io->ever_ok = true;
	io->errors = 0;
	io->same_n = 0;
	io->need_reinit = false;
	io->last_data_ns = now;
	io->next_check_ns = now + IMU_IO_CHECK_NS;
	set_state(io, IMU_STATE_OK, "%s at 0x%02x, %.0f Hz", info.name, info.addr, info.odr_hz);
	return now;

failed:
	io->st.last_error = rc;
	if (io->st.state != missing_state(io))
		io->st.changes++;
	io->st.state = missing_state(io);
	imu_explain(rc, io->cfg.bus_path, io->st.message, sizeof(io->st.message));
	return io->next_probe_ns;
}

/* A failed bus transfer: retry soon; after a few in a row, the sensor is gone. */
static int64_t bus_error(struct imu_io *io, int64_t now, int rc)
{
	io->st.last_error = rc;
	if (++io->errors < IMU_IO_ERRORS_LOST)
		return now + IMU_IO_RETRY_NS;
	imu_close(io->imu);
	io->imu = NULL;
	io->st.losses++;
	io->next_probe_ns = now + IMU_IO_REPROBE_NS;
	/* an adapter's EBUSY is the bus busy too long (kernel i2c
	 * fault-codes), not err_words' file in use by another program */
	set_state(io, IMU_STATE_LOST, "sensor stopped answering (%s): check the cable; retrying every second",
		  rc == -EBUSY ? "the bus stays busy" : err_words(rc) ? err_words(rc) : "a bus error");
	return io->next_probe_ns;
}

/* How often the FIFO is read while samples flow: half a sample period, so
 * a sample waits at most that long in the FIFO (the frame it goes into
 * waits up to one more frame period: on screen within a frame and a
 * sample period). The drivers wire no data-ready or watermark interrupt,
 * so the thread reads on a timer; 1 ms at most often (1 kHz and more come
 * in batches), 10 ms at least (a FIFO holds ~40 records or more). */
static int64_t poll_period_ns(const struct imu_io *io)
{
	int64_t half = io->st.odr_hz > 0 ? (int64_t)(0.5e9 / io->st.odr_hz) : IMU_IO_POLL_MAX_NS;

	return half < IMU_IO_POLL_MIN_NS ? IMU_IO_POLL_MIN_NS : half > IMU_IO_POLL_MAX_NS ? IMU_IO_POLL_MAX_NS : half;
}

/* Bit for bit, like the driver's check: a live sensor's noise never repeats. */
static bool same_values(const struct imu_sample *a, const struct imu_sample *b)
{
	/* NOLINTBEGIN(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
	return memcmp(a->acc_g, b->acc_g, sizeof(a->acc_g)) == 0 &&
	       memcmp(a->gyr_dps, b->gyr_dps, sizeof(a->gyr_dps)) == 0;
	/* NOLINTEND(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
}

/* True when this batch makes one value last IMU_IO_STUCK_NS of sample time
 * (IMU_IO_STUCK_MIN samples at least): the sensor is frozen. */
static bool stuck_too_long(struct imu_io *io, const struct imu_sample *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (io->same_n > 0 && same_values(&s[i], &io->same_ref)) {
			io->same_n++;
			if (io->same_n >= IMU_IO_STUCK_MIN && s[i].t_ns - io->same_since_ns >= IMU_IO_STUCK_NS)
				return true;
		} else {
			io->same_ref = s[i];
			io->same_n = 1;
			io->same_since_ns = s[i].t_ns;
		}
	}
	return false;
}

/* Frozen data (the driver's count of repeats or ours in time): reset. */
static int64_t frozen(struct imu_io *io, int64_t now)
{
	io->need_reinit = true;
	io->same_n = 0;
	io->st.last_error = -ESTALE;
	set_state(io, IMU_STATE_FAULT, "sensor data frozen: resetting the sensor");
	return now + IMU_IO_REINIT_NS;
}

int64_t imu_io_step(struct imu_io *io, int64_t now, imu_io_sink_fn sink, void *ctx)
{
	struct imu_info info;
	int64_t due;
	int n, rc;

	if (!io->imu)
		return now < io->next_probe_ns ? io->next_probe_ns : try_probe(io, now);

	if (io->need_reinit) {
		rc = imu_reinit(io->imu);
		if (rc < 0)
			return bus_error(io, now, rc);
		io->need_reinit = false;
		io->st.reinits++;
		io->errors = 0;
		io->same_n = 0;
		io->last_data_ns = now;
		io->next_check_ns = now + IMU_IO_CHECK_NS;
		/* stays FAULT until data flows again */
		set_state(io, IMU_STATE_FAULT, "%s at 0x%02x re-initialised, waiting for data",
			  io->st.chip, io->st.addr);
		return now + poll_period_ns(io);
	}

	do {
		n = imu_read(io->imu, now, io->buf, IMU_IO_BATCH);
		if (n > 0 && stuck_too_long(io, io->buf, (size_t)n))
			return frozen(io, now);
		if (n == 0) {
			io->errors = 0;   /* the bus answered: an empty FIFO */
		} else if (n > 0) {
			sink(ctx, io->buf, (size_t)n);
			io->st.samples += (uint64_t)n;
			io->last_data_ns = now;
			io->errors = 0;
		} else if (n == -EOVERFLOW) {
			imu_get_info(io->imu, &info);
			io->st.gaps++;
			io->st.gap_s += (double)info.last_gap_ns * 1e-9;
			io->last_data_ns = now; /* the FIFO restarts now */
			/* the state stays OK, the message and counters tell */
			set_state(io, IMU_STATE_OK, "samples lost: sensor FIFO overflowed (%.2f s gap)",
				  (double)info.last_gap_ns * 1e-9);
			n = IMU_IO_BATCH; /* read on: the FIFO refills */
		} else if (n == -ESTALE) {
			return frozen(io, now);
		} else {   /* a bus error */
			return bus_error(io, now, n);
		}
	} while (n == IMU_IO_BATCH);

	if (now >= io->next_check_ns || now - io->last_data_ns >= IMU_IO_NODATA_NS) {
		io->next_check_ns = now + IMU_IO_CHECK_NS;
		rc = imu_check(io->imu);
		if (rc == -ERESTART) {
			io->need_reinit = true;
			io->st.last_error = rc;
			set_state(io, IMU_STATE_FAULT, "sensor reset itself (power dip?): re-initialising");
			return now + IMU_IO_REINIT_NS;
		}
		if (rc < 0)
			return bus_error(io, now, rc);
		io->errors = 0;
		if (now - io->last_data_ns >= IMU_IO_NODATA_NS && io->st.state == IMU_STATE_OK)
			set_state(io, IMU_STATE_FAULT, "sensor sends no data");
	}
	if (io->st.state != IMU_STATE_OK && now == io->last_data_ns)
		set_state(io, IMU_STATE_OK, "%s at 0x%02x, %.0f Hz", io->st.chip, io->st.addr, io->st.odr_hz);
	due = now + poll_period_ns(io);
	return due < io->next_check_ns ? due : io->next_check_ns;
}

/* ---- the thread ---- */

struct imu_thread;

/* What a sensor's samples go to: its ring. */
struct imu_sink {
	struct imu_thread *t;
	int k;
};

struct imu_thread {
	int n;                    /* sensors: 1, or 2 with cfg.addr2 */
	struct imu_io io[IMU_THREAD_MAX_SENSORS];
	struct ring ring[IMU_THREAD_MAX_SENSORS];
	struct sample *storage[IMU_THREAD_MAX_SENSORS];
	struct imu_sink sink[IMU_THREAD_MAX_SENSORS];
	int64_t due_ns[IMU_THREAD_MAX_SENSORS];
	int notify_fd;            /* eventfd: samples or status for the main thread */
	int stop_fd;              /* eventfd: stop request for the I/O thread */
	pthread_t th;
	pthread_mutex_t lock;     /* guards shared */
	struct imu_status shared[IMU_THREAD_MAX_SENSORS];
	uint64_t dropped[IMU_THREAD_MAX_SENSORS];
	bool busy[IMU_THREAD_MAX_SENSORS];   /* inside its step (a probe's waits) */
	/* what the main thread was last told of (thread only) */
	uint32_t seen_changes[IMU_THREAD_MAX_SENSORS];
	uint64_t seen_samples[IMU_THREAD_MAX_SENSORS];
	char seen_msg[IMU_THREAD_MAX_SENSORS][sizeof(((struct imu_status *)0)->message)];
	_Atomic uint64_t turns;   /* imu_thread_progress() */
	_Atomic int64_t answered_ns; /* when a transfer last answered (imu_io_set_heartbeat) */
	bool joined;
};

static double thread_cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void ring_sink(void *ctx, const struct imu_sample *s, size_t n)
{
	struct imu_sink *sk = ctx;
	struct imu_thread *t = sk->t;

	for (size_t i = 0; i < n; i++) {
		struct sample out = {
			.t_s = (double)s[i].t_ns * 1e-9,
			.acc_g = { s[i].acc_g[0], s[i].acc_g[1], s[i].acc_g[2] },
			.gyr_dps = { s[i].gyr_dps[0], s[i].gyr_dps[1], s[i].gyr_dps[2] },
		};

		if (!ring_push(&t->ring[sk->k], &out))
			t->dropped[sk->k]++;
	}
}

/* Steps sensor k if it is due at now. */
static void step_sensor(struct imu_thread *t, int k, int64_t now)
{
	if (now < t->due_ns[k] || t->busy[k])
		return;
	t->busy[k] = true;
	t->due_ns[k] = imu_io_step(&t->io[k], now, ring_sink, &t->sink[k]);
	t->busy[k] = false;
}

/* Hands the sensors' status to the main thread, and wakes it when there is
 * news (samples, a state or message change). */
static void publish(struct imu_thread *t)
{
	bool news = false;

	for (int k = 0; k < t->n; k++) {
		struct imu_io *io = &t->io[k];

		io->st.dropped = t->dropped[k];
		io->st.io_cpu_s = thread_cpu_s();
		if (io->st.samples != t->seen_samples[k] || io->st.changes != t->seen_changes[k] ||
		    strcmp(t->seen_msg[k], io->st.message) != 0) {
			news = true;
			t->seen_samples[k] = io->st.samples;
			t->seen_changes[k] = io->st.changes;
			memcpy(t->seen_msg[k], io->st.message, sizeof(t->seen_msg[k]));
		}
	}
	atomic_fetch_add_explicit(&t->turns, 1, memory_order_relaxed);
	pthread_mutex_lock(&t->lock);
	for (int k = 0; k < t->n; k++)
		t->shared[k] = t->io[k].st;
	pthread_mutex_unlock(&t->lock);
	if (news) {
		uint64_t one = 1;

		if (write(t->notify_fd, &one, sizeof(one)) < 0) {
			/* the counter saturates only if nobody reads for ages */
		}
	}
}

static void sleep_until(int64_t due)
{
	int64_t now = clock_mono_ns();
	struct timespec ts;

	if (due <= now)
		return;
	ts.tv_sec = (due - now) / 1000000000LL;
	ts.tv_nsec = (due - now) % 1000000000LL;
	nanosleep(&ts, NULL);
}

/* A driver's wait inside sensor k's step (a probe's or re-initialisation's
 * reset delays, ~150 ms): the other sensor's FIFO is read meanwhile, or at
 * 1 kHz it would overflow (an MPU-6050's 1 KiB holds 85 ms). */
static void idle_others(void *ctx, int64_t until_ns)
{
	struct imu_sink *sk = ctx;
	struct imu_thread *t = sk->t;

	for (;;) {
		int64_t now = clock_mono_ns(), next = until_ns;

		if (now >= until_ns)
			return;
		for (int j = 0; j < t->n; j++) {
			if (j == sk->k || t->busy[j])
				continue;
			step_sensor(t, j, now);
			if (t->due_ns[j] < next)
				next = t->due_ns[j];
		}
		publish(t);
		sleep_until(next);
	}
}

static void *thread_main(void *arg)
{
	struct imu_thread *t = arg;

	for (;;) {
		int64_t now = clock_mono_ns(), due = INT64_MAX;
		struct pollfd pfd = { .fd = t->stop_fd, .events = POLLIN };
		struct timespec wait;

		/* each sensor when it is due (both at once at the same rate) */
		for (int k = 0; k < t->n; k++) {
			step_sensor(t, k, now);
			if (t->due_ns[k] < due)
				due = t->due_ns[k];
		}
		publish(t);
		now = clock_mono_ns();
		if (due < now)
			due = now;
		wait.tv_sec = (due - now) / 1000000000LL;
		wait.tv_nsec = (due - now) % 1000000000LL;
		if (ppoll(&pfd, 1, &wait, NULL) > 0)
			break;
	}
	return NULL;
}

/* What the thread will run as, in every sensor's status; written before
 * pthread_create, so the thread (and the caller) see it from the start. */
static void set_sched(struct imu_thread *t, int policy, int priority, int err)
{
	for (int k = 0; k < t->n; k++) {
		t->io[k].st.sched_policy = t->shared[k].sched_policy = policy;
		t->io[k].st.sched_priority = t->shared[k].sched_priority = priority;
		t->io[k].st.sched_error = t->shared[k].sched_error = err;
	}
}

/* Starts thread_main SCHED_FIFO at IMU_THREAD_RT_PRIORITY when realtime
 * and allowed, SCHED_OTHER (inherited from the caller) otherwise. glibc
 * sets an explicit policy before the thread runs and fails the create
 * (EPERM) when the kernel refuses it: then once more without. 0 or -errno. */
static int start_thread(struct imu_thread *t, bool realtime)
{
	struct sched_param sp = { .sched_priority = IMU_THREAD_RT_PRIORITY };
	pthread_attr_t attr;
	int rc;

	if (realtime) {
		rc = pthread_attr_init(&attr);
		if (rc)
			return -rc;
		rc = pthread_attr_setinheritsched(&attr, PTHREAD_EXPLICIT_SCHED);
		if (!rc)
			rc = pthread_attr_setschedpolicy(&attr, SCHED_FIFO);
		if (!rc)
			rc = pthread_attr_setschedparam(&attr, &sp);
		if (!rc) {
			set_sched(t, SCHED_FIFO, IMU_THREAD_RT_PRIORITY, 0);
			rc = pthread_create(&t->th, &attr, thread_main, t);
		}
		pthread_attr_destroy(&attr);
		if (!rc)
			return 0;
		set_sched(t, SCHED_OTHER, 0, -rc);
	} else {
		set_sched(t, SCHED_OTHER, 0, 0);
	}
	return -pthread_create(&t->th, NULL, thread_main, t);
}

void imu_thread_sched_explain(const struct imu_status *st, char *buf, size_t len)
{
	if (st->sched_policy == SCHED_FIFO)
		snprintf(buf, len, "I/O thread real-time (SCHED_FIFO %d)", st->sched_priority);
	else if (st->sched_error)
		snprintf(buf, len, "I/O thread not real-time: SCHED_FIFO %d refused (%s; it needs CAP_SYS_NICE "
			 "or LimitRTPRIO=%d): a busy system may lose samples at high rates", IMU_THREAD_RT_PRIORITY,
			 strerror(-st->sched_error), IMU_THREAD_RT_PRIORITY);
	else
		snprintf(buf, len, "I/O thread not real-time (not asked for)");
}

int imu_thread_start(const struct imu_thread_config *cfg, struct imu_thread **out)
{
	struct imu_thread *t;
	size_t cap = cfg->ring_samples ? cfg->ring_samples : 8192;
	int rc, k;

	if (cfg->addr2 && (cfg->imu.addr == 0 || cfg->addr2 == cfg->imu.addr || (cfg->bus && !cfg->bus2)))
		return -EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->n = cfg->addr2 ? 2 : 1;
	for (k = 0; k < t->n; k++) {
		struct imu_thread_config one = *cfg;

		if (k == 1) {
			one.imu.addr = cfg->addr2;
			one.bus = cfg->bus2;
		}
		one.addr2 = 0;
		one.bus2 = NULL;
		rc = imu_io_init(&t->io[k], &one);
		if (rc < 0)
			goto free_storage;
		t->sink[k] = (struct imu_sink){ .t = t, .k = k };
		/* the bus answers while any sensor on it does */
		imu_io_set_heartbeat(&t->io[k], &t->answered_ns);
		if (cfg->addr2)   /* one sensor's waits read the other's FIFO */
			imu_io_set_idle(&t->io[k], idle_others, &t->sink[k]);
		t->seen_changes[k] = ~0u;
		t->storage[k] = calloc(cap, sizeof(*t->storage[k]));
		if (!t->storage[k]) {
			rc = -ENOMEM;
			goto free_storage;
		}
		rc = ring_init(&t->ring[k], t->storage[k], sizeof(*t->storage[k]), cap);
		if (rc < 0)
			goto free_storage;
		t->shared[k] = t->io[k].st;
	}
	t->notify_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (t->notify_fd < 0) {
		rc = -errno;
		goto free_storage;
	}
	t->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (t->stop_fd < 0) {
		rc = -errno;
		goto close_notify;
	}
	atomic_init(&t->answered_ns, clock_mono_ns());
	pthread_mutex_init(&t->lock, NULL);
	rc = start_thread(t, !cfg->no_realtime);
	if (rc < 0)
		goto destroy_lock;
	/* a name for ps -L, top -H and the test; too long or refused: none */
	(void)pthread_setname_np(t->th, "imu-io");
	*out = t;
	return 0;

destroy_lock:
	pthread_mutex_destroy(&t->lock);
	close(t->stop_fd);
close_notify:
	close(t->notify_fd);
free_storage:
	for (k = 0; k < IMU_THREAD_MAX_SENSORS; k++)
		free(t->storage[k]);
	free(t);
	return rc;
}

void imu_thread_quit(struct imu_thread *t)
{
	uint64_t one = 1;

	if (t->joined)
		return;
	if (write(t->stop_fd, &one, sizeof(one)) < 0) {
		/* an eventfd write of 1 cannot fail short of overflow */
	}
	pthread_join(t->th, NULL);
	t->joined = true;
}

void imu_thread_stop(struct imu_thread *t)
{
	if (!t)
		return;
	imu_thread_quit(t);
	for (int k = 0; k < t->n; k++) {
		imu_io_deinit(&t->io[k]);
		free(t->storage[k]);
	}
	pthread_mutex_destroy(&t->lock);
	close(t->stop_fd);
	close(t->notify_fd);
	free(t);
}

int imu_thread_fd(const struct imu_thread *t)
{
	return t->notify_fd;
}

int imu_thread_sensors(const struct imu_thread *t)
{
	return t->n;
}

size_t imu_thread_drain_sensor(struct imu_thread *t, int k, struct sample *out, size_t max)
{
	uint64_t v;

	/* clear readiness first: anything pushed after this re-arms it */
	size_t n;

	if (read(t->notify_fd, &v, sizeof(v)) < 0) {
		/* EAGAIN: nothing new was signalled */
	}
	if (k < 0 || k >= t->n)
		return 0;
	n = ring_pop(&t->ring[k], out, max);
	/* more left than the caller took: stay readable */
	if (ring_count(&t->ring[k]) > 0) {
		v = 1;
		if (write(t->notify_fd, &v, sizeof(v)) < 0) {
			/* cannot fail short of counter overflow */
		}
	}
	return n;
}

size_t imu_thread_drain(struct imu_thread *t, struct sample *out, size_t max)
{
	return imu_thread_drain_sensor(t, 0, out, max);
}

uint64_t imu_thread_progress(const struct imu_thread *t)
{
	return atomic_load_explicit(&t->turns, memory_order_relaxed);
}

int64_t imu_thread_silent_at_ns(const struct imu_thread *t)
{
	return atomic_load_explicit(&t->answered_ns, memory_order_relaxed) + IMU_THREAD_SILENT_NS;
}

void imu_thread_status_sensor(struct imu_thread *t, int k, struct imu_status *st)
{
	int64_t now, quiet;

	if (k < 0 || k >= t->n) {
		memset(st, 0, sizeof(*st));
		st->state = IMU_STATE_SEARCHING;
		snprintf(st->message, sizeof(st->message), "no sensor %d configured", k + 1);
		return;
	}
	pthread_mutex_lock(&t->lock);
	*st = t->shared[k];
	pthread_mutex_unlock(&t->lock);
	/* The thread says OK but the bus has not answered for a while: it is
	 * inside a transfer that hangs (the adapter's timeout), or retrying
	 * one. Say so now, from this thread, instead of after the timeouts. */
	now = clock_mono_ns();
	quiet = now - atomic_load_explicit(&t->answered_ns, memory_order_relaxed);
	if (st->state == IMU_STATE_OK && quiet >= IMU_THREAD_SILENT_NS) {
		st->state = IMU_STATE_LOST;
		snprintf(st->message, sizeof(st->message),
			 "sensor silent for %.1f s: the I2C bus does not answer; check the cable", (double)quiet * 1e-9);
	}
}

void imu_thread_status(struct imu_thread *t, struct imu_status *st)
{
	imu_thread_status_sensor(t, 0, st);
}
