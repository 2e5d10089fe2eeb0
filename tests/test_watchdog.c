// SPDX-License-Identifier: MIT
/*
 * The systemd watchdog is fed only while the I/O thread turns: the gate's
 * rules on their own, then end to end with a real I/O thread on a bus that
 * can be made to hang mid-transfer, and WATCHDOG=1 datagrams counted on a
 * socket standing in for systemd (the sd_notify protocol text is the
 * oracle, as in test_notify.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "kiosk/notify.h"
#include "kiosk/watchdog.h"
#include "source/imu_thread.h"
#include "source/source.h"
#include "testutil.h"

static void gate_without_io_thread_follows_frames(void **state)
{
	struct watchdog_gate g;

	(void)state;
	watchdog_gate_init(&g, 0);   /* no WatchdogSec: never */
	assert_false(watchdog_gate_frame(&g, 100.0, false, 0));
	watchdog_gate_init(&g, 10.0);
	assert_true(watchdog_gate_frame(&g, 1.0, false, 0));   /* the first frame */
	assert_false(watchdog_gate_frame(&g, 5.9, false, 0));  /* within half the period */
	assert_true(watchdog_gate_frame(&g, 6.0, false, 0));
	assert_false(watchdog_gate_frame(&g, 7.0, false, 0));
	assert_true(watchdog_gate_frame(&g, 11.5, false, 0));
}

static void gate_needs_the_io_thread_to_turn(void **state)
{
	struct watchdog_gate g;

	(void)state;
	watchdog_gate_init(&g, 4.0);
	assert_true(watchdog_gate_frame(&g, 0.0, true, 7));
	assert_false(watchdog_gate_frame(&g, 1.0, true, 9));   /* too soon, though it turned */
	assert_true(watchdog_gate_frame(&g, 2.0, true, 9));
	/* frames go on, the thread stands still: no ping, however long */
	for (int k = 5; k < 120; k++)
		assert_false(watchdog_gate_frame(&g, k * 0.5, true, 9));
	assert_true(watchdog_gate_frame(&g, 60.0, true, 10));   /* it moved again */
}

/* ---- a bus that answers nothing, and can hang ---- */

struct hang_bus {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool hang;        /* transfers block while set */
	bool hanging;     /* a transfer is blocked now */
	unsigned transfers;
};

static int hang_transfer(void *ctx)
{
	struct hang_bus *b = ctx;

	pthread_mutex_lock(&b->lock);
	b->transfers++;
	while (b->hang) {
		b->hanging = true;
		pthread_cond_broadcast(&b->cond);
		pthread_cond_wait(&b->cond, &b->lock);
	}
	b->hanging = false;
	pthread_mutex_unlock(&b->lock);
	return -EREMOTEIO;   /* no sensor on this bus */
}

static int hang_select(void *ctx, uint8_t addr)
{
	(void)ctx;
	(void)addr;
	return 0;
}

static int hang_read(void *ctx, uint8_t reg, uint8_t *buf, size_t len)
{
	(void)reg;
	memset(buf, 0, len);
	return hang_transfer(ctx);
}

static int hang_write(void *ctx, uint8_t reg, const uint8_t *buf, size_t len)
{
	(void)reg;
	(void)buf;
	(void)len;
	return hang_transfer(ctx);
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Waits (up to 10 s) until the I/O thread's counter passes `than`. */
static uint64_t progress_past(struct source *src, uint64_t than)
{
	uint64_t turns = 0;

	for (int i = 0; i < 1000; i++) {
		assert_int_equal(source_io_progress(src, &turns), 0);
		if (turns > than)
			return turns;
		sleep_ms(10);
	}
	fail_msg("the I/O thread's counter stayed at %llu", (unsigned long long)turns);
	return 0;
}

static unsigned count_pings(int fd)
{
	char buf[64];
	unsigned n = 0;
	ssize_t len;

	while ((len = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT)) >= 0) {
		buf[len] = '\0';
		assert_string_equal(buf, "WATCHDOG=1");
		n++;
	}
	return n;
}

/* One "frame" a second of the gate's clock; pings go to the socket. */
static void frames(struct watchdog_gate *g, struct source *src, double *now_s, int n)
{
	for (int i = 0; i < n; i++) {
		uint64_t turns = 0;
		bool io = source_io_progress(src, &turns) == 0;

		*now_s += 1.0;
		if (watchdog_gate_frame(g, *now_s, io, turns))
			assert_int_equal(notify_watchdog(), 0);
		sleep_ms(5);
	}
}

static void pings_stop_while_the_io_thread_hangs(void **state)
{
	struct hang_bus hb = { .hang = false };
	struct regbus bus = { hang_select, hang_read, hang_write, NULL, &hb };
	struct imu_thread_config cfg = imu_thread_default_config;
	struct watchdog_gate g;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct source *src;
	char name[64];
	double now = 0;
	uint64_t turns, stuck_at;
	int fd;

	(void)state;
	pthread_mutex_init(&hb.lock, NULL);
	pthread_cond_init(&hb.cond, NULL);
	/* systemd's end: an abstract datagram socket */
	snprintf(name, sizeof(name), "@stretchrep-watchdog-%d", (int)getpid());
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	memcpy(sa.sun_path + 1, name + 1, strlen(name) - 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name))), 0);
	setenv("NOTIFY_SOCKET", name, 1);

	cfg.bus = &bus;
	assert_int_equal(source_open_imu(&src, &cfg), 0);
	watchdog_gate_init(&g, 2.0);   /* a ping every second of frames at most */

	/* no sensor answers: the thread re-probes, which is progress */
	turns = progress_past(src, 0);
	turns = progress_past(src, turns + 1);
	frames(&g, src, &now, 1);
	progress_past(src, turns);
	frames(&g, src, &now, 1);
	assert_int_equal(count_pings(fd), 2);

	/* the bus hangs in the middle of a transfer */
	pthread_mutex_lock(&hb.lock);
	hb.hang = true;
	while (!hb.hanging)
		pthread_cond_wait(&hb.cond, &hb.lock);
	pthread_mutex_unlock(&hb.lock);
	assert_int_equal(source_io_progress(src, &stuck_at), 0);
	frames(&g, src, &now, 1);   /* may still vouch for turns before the hang */
	count_pings(fd);
	frames(&g, src, &now, 20);  /* the screen goes on; the thread does not */
	assert_int_equal(source_io_progress(src, &turns), 0);
	assert_true(turns == stuck_at);
	assert_int_equal(count_pings(fd), 0);

	/* it comes unstuck: the pings resume */
	pthread_mutex_lock(&hb.lock);
	// cppcheck-suppress redundantAssignment ; the bus thread reads it under the lock
	// cppcheck-suppress unreadVariable ; same: read by the other thread
	hb.hang = false;
	pthread_cond_broadcast(&hb.cond);
	pthread_mutex_unlock(&hb.lock);
	progress_past(src, stuck_at);
	frames(&g, src, &now, 1);
	assert_int_equal(count_pings(fd), 1);

	source_close(src);
	unsetenv("NOTIFY_SOCKET");
	close(fd);
	pthread_cond_destroy(&hb.cond);
	pthread_mutex_destroy(&hb.lock);
}

/* Sources the main thread computes have no I/O thread to watch. */
static void sim_has_no_io_thread(void **state)
{
	struct sim_settings set = sim_default_settings;
	struct source *src, *wrapped;
	uint64_t turns;

	(void)state;
	assert_int_equal(source_open_sim(&src, &set, 1.0), 0);
	assert_int_equal(source_io_progress(src, &turns), -ENOTSUP);
	assert_int_equal(source_wrap_dropout(&wrapped, src, 1.0, 2.0), 0);
	assert_int_equal(source_io_progress(wrapped, &turns), -ENOTSUP);
	source_close(wrapped);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gate_without_io_thread_follows_frames),
		cmocka_unit_test(gate_needs_the_io_thread_to_turn),
		cmocka_unit_test(pings_stop_while_the_io_thread_hangs),
		cmocka_unit_test(sim_has_no_io_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
