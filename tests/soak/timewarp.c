// SPDX-License-Identifier: MIT
/*
 * timewarp — a day in minutes for an unmodified program (LD_PRELOAD, part of
 * tests/soak/libsoak.so; see soak.h).
 *
 * Every clock the program reads and every wait it makes are scaled by the
 * same factor (SOAK_SPEED, e.g. 100): CLOCK_MONOTONIC and the wall clock
 * run SPEED times faster than the machine's, and a sleep or a poll timeout of
 * D lasts D / SPEED. Samples, deadlines, the I/O thread's silence judge, the
 * adapter timeout the register simulator blocks for, SQLite's dates and the
 * day boundaries of the history all move together, so the program cannot
 * tell a scaled day from a real one, except that its own CPU time (and the
 * kernel's timer slack, ~50 us) weighs SPEED times more.
 *
 * Scaled time starts equal to real time at load and then runs faster:
 * scaled = base + (real - base) * SPEED, each clock its own base.
 * Interposed: clock_gettime, gettimeofday, time, nanosleep, clock_nanosleep,
 * usleep, sleep, poll, ppoll, epoll_wait. Clocks other than MONOTONIC and
 * REALTIME (thread CPU time, BOOTTIME) pass through unscaled.
 */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "soak.h"

#define NS 1000000000LL

static double speed = 1.0;
static int64_t base_mono_ns, base_real_ns;

static int (*real_clock_gettime)(clockid_t, struct timespec *);
static int (*real_nanosleep)(const struct timespec *, struct timespec *);
static int (*real_clock_nanosleep)(clockid_t, int, const struct timespec *, struct timespec *);
static int (*real_ppoll)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
static int (*real_epoll_pwait)(int, struct epoll_event *, int, int, const sigset_t *);

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NS + ts->tv_nsec;
}

static struct timespec ns_ts(int64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / NS), .tv_nsec = (long)(ns % NS) };
}

static int64_t real_now_ns(clockid_t clk)
{
	struct timespec ts;

	real_clock_gettime(clk, &ts);
	return ts_ns(&ts);
}

/* The base of a scaled clock, or NULL for one that passes through. */
static int64_t *clock_base(clockid_t clk)
{
	if (clk == CLOCK_MONOTONIC)
		return &base_mono_ns;
	if (clk == CLOCK_REALTIME)
		return &base_real_ns;
	return NULL;
}

/* A scaled duration as the machine's (0 stays 0: a poll that does not wait). */
static int64_t to_real_ns(int64_t scaled_ns)
{
	int64_t r = (int64_t)((double)scaled_ns / speed);

	return scaled_ns > 0 && r < 1 ? 1 : r;
}

static void *next_symbol(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p)
		abort();   /* a libc without it: nothing sensible to do */
	return p;
}

void timewarp_init(double factor)
{
	if (real_clock_gettime) {   /* already (a library's constructor ran first) */
		speed = factor > 0 ? factor : 1.0;
		return;
	}
	real_clock_gettime = next_symbol("clock_gettime");
	real_nanosleep = next_symbol("nanosleep");
	real_clock_nanosleep = next_symbol("clock_nanosleep");
	real_ppoll = next_symbol("ppoll");
	real_epoll_pwait = next_symbol("epoll_pwait");
	base_mono_ns = real_now_ns(CLOCK_MONOTONIC);
	base_real_ns = real_now_ns(CLOCK_REALTIME);
	speed = factor > 0 ? factor : 1.0;
}

/* Before the soak's constructor (another library's constructor may read a
 * clock first): the machine's pace until then. Single-threaded at that
 * point, so no lock. */
static inline void ready(void)
{
	if (!real_clock_gettime)
		timewarp_init(1.0);
}

double timewarp_speed(void)
{
	return speed;
}

/* The interposers: glibc's prototypes name their parameters with reserved
 * names; these are ordinary ones. */
// NOLINTBEGIN(readability-inconsistent-declaration-parameter-name)
int clock_gettime(clockid_t clk, struct timespec *ts)
{
	int64_t *base = clock_base(clk);
	int rc;

	ready();
	rc = real_clock_gettime(clk, ts);
	if (rc == 0 && base)
		*ts = ns_ts(*base + (int64_t)((double)(ts_ns(ts) - *base) * speed));
	return rc;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	struct timespec ts;

	(void)tz;   /* obsolete: Linux fills nothing useful */
	clock_gettime(CLOCK_REALTIME, &ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

time_t time(time_t *out)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (out)
		*out = ts.tv_sec;
	return ts.tv_sec;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	struct timespec r = ns_ts(to_real_ns(ts_ns(req))), left;
	int rc;

	ready();
	rc = real_nanosleep(&r, &left);

	if (rc != 0 && errno == EINTR && rem)
		*rem = ns_ts((int64_t)((double)ts_ns(&left) * speed));
	return rc;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	int64_t *base = clock_base(clk);
	struct timespec r, left;
	int rc;

	ready();
	if (!base)
		return real_clock_nanosleep(clk, flags, req, rem);
	if (flags & TIMER_ABSTIME)   /* the scaled instant back on the machine's clock */
		r = ns_ts(*base + to_real_ns(ts_ns(req) - *base));
	else
		r = ns_ts(to_real_ns(ts_ns(req)));
	rc = real_clock_nanosleep(clk, flags, &r, &left);
	if (rc == EINTR && rem && !(flags & TIMER_ABSTIME))
		*rem = ns_ts((int64_t)((double)ts_ns(&left) * speed));
	return rc;
}

int usleep(useconds_t us)
{
	struct timespec ts = ns_ts((int64_t)us * 1000);

	return nanosleep(&ts, NULL);
}

unsigned int sleep(unsigned int s)
{
	struct timespec ts = { .tv_sec = s }, rem = { 0 };

	if (nanosleep(&ts, &rem) != 0)
		return (unsigned)rem.tv_sec;
	return 0;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *tmo, const sigset_t *mask)
{
	struct timespec r;

	ready();
	if (!tmo)
		return real_ppoll(fds, n, NULL, mask);
	r = ns_ts(to_real_ns(ts_ns(tmo)));
	return real_ppoll(fds, n, &r, mask);
}

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
	struct timespec r;

	ready();
	if (timeout_ms < 0)
		return real_ppoll(fds, n, NULL, NULL);
	r = ns_ts(to_real_ns((int64_t)timeout_ms * 1000000));
	return real_ppoll(fds, n, &r, NULL);
}

int epoll_wait(int epfd, struct epoll_event *ev, int max, int timeout_ms)
{
	int64_t r;

	ready();
	if (timeout_ms <= 0)
		return real_epoll_pwait(epfd, ev, max, timeout_ms, NULL);
	r = to_real_ns((int64_t)timeout_ms * 1000000);
	return real_epoll_pwait(epfd, ev, max, (int)((r + 999999) / 1000000), NULL);
}
// NOLINTEND(readability-inconsistent-declaration-parameter-name)
