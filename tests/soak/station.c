// SPDX-License-Identifier: MIT
/*
 * station — the I2C side of libsoak.so (see soak.h): the kernel's i2c-dev
 * ioctls answered by the register simulator, a patient on the chip, and a
 * fault every few minutes.
 *
 * The ioctls on the bus's file are tests/fakes/i2cdev_sim's (the kernel's
 * i2c-dev over the simulator, as test_i2cdev uses it), one handle per open
 * of the file; every other ioctl goes on to libc.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dlfcn.h>
#include "clock.h"
#include "core/sim.h"
#include "fakes/i2cdev_sim.h"
#include "fakes/regsim.h"
#include "soak.h"

#define STATION_MAX_OPENS 8         /* opens of the bus at once (one per sensor) */
#define STATION_PATIENT_HZ 400.0    /* the patient's own rate: finer than the chip's 200 Hz */

struct fault {
	const char *name;
	double hold_s;      /* how long it lasts (0: a single event) */
	void (*begin)(struct regsim *sim);
	void (*end)(struct regsim *sim);
};

static void nack_on(struct regsim *s) { regsim_set_fault(s, REGSIM_FAULT_NACK, 0); }
static void hang_on(struct regsim *s) { regsim_set_fault(s, REGSIM_FAULT_TIMEOUT, 0); }
static void fault_off(struct regsim *s) { regsim_set_fault(s, REGSIM_FAULT_NONE, 0); }
static void stuck_on(struct regsim *s) { regsim_set_stuck(s, true); }
static void stuck_off(struct regsim *s) { regsim_set_stuck(s, false); }
static void unplug(struct regsim *s) { regsim_set_plugged(s, false); }
static void plug(struct regsim *s) { regsim_set_plugged(s, true); }

/* In turn, one every SOAK_FAULT_EVERY_S. The first, second and fifth take
 * the sensor away (the screen must say "sensor lost"); stuck data and a
 * reset are repaired by the I/O thread, perhaps before anyone sees them. */
static const struct fault faults[] = {
	{ "nack", 2.0, nack_on, fault_off },
	{ "bus_hang", 1.5, hang_on, fault_off },
	{ "stuck", 3.0, stuck_on, stuck_off },
	{ "reset_to_sleep", 0.0, regsim_brownout, NULL },
	{ "unplugged", 5.0, unplug, plug },
};

static struct station {
	struct regsim *chip;
	dev_t bus_dev;
	ino_t bus_ino;
	pthread_mutex_t lock;            /* opens[] */
	struct {
		int fd;
		struct regsim_port *port;
	} opens[STATION_MAX_OPENS];
	struct sim patient;
	struct sample cur;
	double fault_every_s;
	FILE *log;
	pthread_t faulter;
} st = { .lock = PTHREAD_MUTEX_INITIALIZER };

static int (*real_ioctl)(int, unsigned long, ...);

/* The chip's truth at t_s: the virtual patient's sample then (called by the
 * simulator, under its lock, from whichever thread transfers). */
static void patient_source(void *ctx, double t_s, double acc_g[3], double gyr_dps[3])
{
	struct station *s = ctx;

	while (s->cur.t_s < t_s && sim_next(&s->patient, &s->cur))
		;
	memcpy(acc_g, s->cur.acc_g, sizeof(s->cur.acc_g));
	memcpy(gyr_dps, s->cur.gyr_dps, sizeof(s->cur.gyr_dps));
}

static void sleep_scaled_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s, .tv_nsec = (long)((s - (double)(time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* The heap in use (malloc's own count over every arena, mallinfo2) and
 * SQLite's share of it (sqlite3_memory_used, found in the process: the
 * program links libsqlite3), so that the soak can tell SQLite's page cache
 * filling with a growing history, or pages the allocator keeps, from the
 * program holding more and more. */
static void log_memory(void)
{
	static int64_t (*used)(void);
	static bool looked;
	struct mallinfo2 mi = mallinfo2();

	if (!looked) {
		used = (int64_t (*)(void))dlsym(RTLD_DEFAULT, "sqlite3_memory_used");
		looked = true;
	}
	fprintf(st.log, "%.3f heap_in_use %zu sqlite %lld\n", clock_mono_s(), mi.uordblks + mi.hblkhd,
		used ? (long long)used() : -1LL);
}

static void *faulter_main(void *arg)
{
	(void)arg;
	for (unsigned i = 0;; i++) {
		const struct fault *f = &faults[i % (sizeof(faults) / sizeof(faults[0]))];

		sleep_scaled_s(st.fault_every_s - f->hold_s);
		log_memory();
		fprintf(st.log, "%.3f begin %s %.1f\n", clock_mono_s(), f->name, f->hold_s);
		fflush(st.log);
		f->begin(st.chip);
		if (f->end) {
			sleep_scaled_s(f->hold_s);
			f->end(st.chip);
			fprintf(st.log, "%.3f end %s\n", clock_mono_s(), f->name);
			fflush(st.log);
		}
	}
	return NULL;
}

static enum regsim_chip chip_by_name(const char *name)
{
	for (int c = 0; c < REGSIM_N_CHIPS; c++)
		if (!strcasecmp(name, regsim_chip_name((enum regsim_chip)c)))
			return (enum regsim_chip)c;
	fprintf(stderr, "libsoak: SOAK_CHIP=%s: not one of the simulator's chips\n", name);
	exit(2);
}

static void station_init(void)
{
	const char *bus = getenv("SOAK_BUS"), *chip = getenv("SOAK_CHIP"), *every = getenv("SOAK_FAULT_EVERY_S");
	const char *log = getenv("SOAK_LOG");
	struct sim_settings set = sim_default_settings;
	enum regsim_chip c = chip ? chip_by_name(chip) : REGSIM_MPU6050;
	struct stat sb;

	real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	if (!bus)
		return;
	if (stat(bus, &sb) != 0) {
		fprintf(stderr, "libsoak: SOAK_BUS=%s: %s\n", bus, strerror(errno));
		exit(2);
	}
	st.bus_dev = sb.st_dev;
	st.bus_ino = sb.st_ino;
	st.chip = regsim_new(c, c < REGSIM_LSM6DS3 ? 0x68 : 0x6a);
	if (!st.chip)
		abort();
	set.scenario = SIM_DEMO;
	set.duration_s = 0;   /* endless */
	set.rate_hz = STATION_PATIENT_HZ;
	sim_init(&st.patient, &set);
	regsim_set_source(st.chip, patient_source, &st, 2);
	regsim_set_realtime(st.chip, 0);   /* the clock's; transfers take no wire time */
	st.log = stderr;
	if (log && !(st.log = fopen(log, "ae"))) {
		fprintf(stderr, "libsoak: SOAK_LOG=%s: %s\n", log, strerror(errno));
		exit(2);
	}
	st.fault_every_s = every ? strtod(every, NULL) : 180.0;
	if (st.fault_every_s > 0) {
		if (st.fault_every_s < 10.0) {
			fprintf(stderr, "libsoak: SOAK_FAULT_EVERY_S=%s: at least 10 s (the longest fault is 5 s)\n",
				every);
			exit(2);
		}
		if (pthread_create(&st.faulter, NULL, faulter_main, NULL) != 0)
			abort();
		pthread_detach(st.faulter);
	}
	fprintf(st.log, "%.3f start pid %d: %s at 0x%02x, speed %g, a fault every %.0f s\n", clock_mono_s(),
		(int)getpid(), regsim_chip_name(c), c < REGSIM_LSM6DS3 ? 0x68 : 0x6a, timewarp_speed(),
		st.fault_every_s);
	fflush(st.log);
}

/* Only in the program named by SOAK_PROGRAM (default stretchrep): a
 * timeout(1) or a shell the harness starts it through stays as it is. */
__attribute__((constructor)) static void soak_init(void)
{
	const char *speed = getenv("SOAK_SPEED"), *prog = getenv("SOAK_PROGRAM");

	if (strcmp(program_invocation_short_name, prog ? prog : "stretchrep") != 0)
		return;
	timewarp_init(speed ? strtod(speed, NULL) : 1.0);
	station_init();
}

/* What the chip saw over the whole run: samples it made, and those the
 * FIFO overwrote before the I/O thread read them (lost at the sensor). */
__attribute__((destructor)) static void soak_end(void)
{
	if (!st.chip)
		return;
	fprintf(st.log, "%.3f end-of-run produced %llu overwritten %llu transfers %llu\n", clock_mono_s(),
		(unsigned long long)regsim_samples_produced(st.chip),
		(unsigned long long)regsim_samples_overwritten(st.chip),
		(unsigned long long)regsim_transfers(st.chip));
	fflush(st.log);
}

/* The simulated bus behind fd (one handle per open, as i2c-dev gives each
 * open its own address), or NULL: fd is not the bus. */
static struct regsim_port *bus_port(int fd)
{
	struct regsim_port *port = NULL;
	struct stat sb;
	int i, free_slot = -1;

	if (!st.chip || fstat(fd, &sb) != 0 || sb.st_dev != st.bus_dev || sb.st_ino != st.bus_ino)
		return NULL;
	pthread_mutex_lock(&st.lock);
	for (i = 0; i < STATION_MAX_OPENS; i++) {
		if (st.opens[i].port && st.opens[i].fd == fd)
			break;
		if (!st.opens[i].port && free_slot < 0)
			free_slot = i;
	}
	if (i < STATION_MAX_OPENS) {
		port = st.opens[i].port;
	} else if (free_slot >= 0) {
		port = regsim_port_new(&st.chip, 1);
		st.opens[free_slot].fd = fd;
		st.opens[free_slot].port = port;
	}
	pthread_mutex_unlock(&st.lock);
	return port;
}

/* The third argument is a pointer or an integer of a pointer's size,
 * as the kernel takes it (glibc passes it on the same way). */
// NOLINTNEXTLINE(readability-inconsistent-declaration-parameter-name): glibc's names are reserved ones
int ioctl(int fd, unsigned long req, ...)
{
	struct regsim_port *port;
	struct i2cdev_sim dev;
	void *argp;
	va_list ap;

	va_start(ap, req);
	argp = va_arg(ap, void *);
	va_end(ap);
	if (!real_ioctl)
		real_ioctl = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
	port = i2cdev_sim_handles(req) ? bus_port(fd) : NULL;
	if (!port)
		return real_ioctl(fd, req, argp);
	dev = (struct i2cdev_sim){ .bus = regsim_port_bus(port), .chip = st.chip };
	return i2cdev_sim_ioctl(&dev, req, argp);
}
