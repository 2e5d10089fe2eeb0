// SPDX-License-Identifier: MIT
/*
 * A replay from a FIFO that a writer feeds slowly (a sample every 400 ms):
 * the source never makes its caller wait (a read that waits for the
 * writer runs on the feed's thread), every sample the writer wrote arrives
 * with its values, and the end of the stream ends the replay. The oracle is
 * what the child wrote; CLOCK_MONOTONIC bounds each call at 100 ms, a
 * quarter of the writer's gap (the main-thread read waited the whole gap,
 * and up to 10 s for a writer gone quiet).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "clock.h"
#include "core/trace.h"
#include "kiosk/kiosk.h"
#include "source/source.h"
#include "testutil.h"

#define LINES 5
#define GAP_MS 400
#define CALL_MAX_S 0.1

static char dir[64];
static char path[96];

/* The child: the header, then LINES samples GAP_MS apart, sample i with
 * ax = i / 10 and t = i / 100 s, then the end of the stream. */
static pid_t start_writer(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct timespec gap = { 0, GAP_MS * 1000000L };
		FILE *f = fopen(path, "w");   /* waits for the reader */

		if (!f)
			_exit(1);
		fprintf(f, "%s\n", TRACE_HEADER);
		fflush(f);
		for (int i = 0; i < LINES; i++) {
			nanosleep(&gap, NULL);
			fprintf(f, "%.2f,%.1f,0,1,0,0,0\n", i / 100.0, i / 10.0);
			fflush(f);
		}
		_exit(fclose(f) ? 1 : 0);
	}
	return pid;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/stretchrep-fifo-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/trace", dir);
	return mkfifo(path, 0600);
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

static void writer_done(pid_t pid)
{
	int st;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void source_never_waits(void **state)
{
	struct source *src;
	struct sample s;
	char err[256];
	double worst = 0, end = clock_mono_s() + 10;
	int got = 0, rc = 0;
	pid_t pid = start_writer();

	(void)state;
	assert_int_equal(source_open_replay(&src, path, 1.0, err, sizeof(err)), 0);
	while (clock_mono_s() < end) {
		double t0 = clock_mono_s(), w, took;
		int fd;

		rc = source_poll(src, t0, &s);
		w = source_wait_s(src, t0);
		fd = source_fd(src);
		took = clock_mono_s() - t0;
		worst = took > worst ? took : worst;
		if (rc == 1) {
			assert_near(s.acc_g[0], got / 10.0, 1e-9);
			assert_near(s.t_s, got / 100.0, 1e-9);
			got++;
			continue;
		}
		if (rc != 0)
			break;
		/* sleep as the kiosk's loop does: on the fd, or until due */
		{
			struct pollfd pfd = { .fd = fd, .events = POLLIN };
			int ms = w >= 0 ? (int)(w * 1000) + 1 : 250;

			poll(&pfd, fd >= 0 ? 1 : 0, ms);
		}
	}
	assert_int_equal(rc, -ENODATA);   /* the writer closed: the replay ended */
	assert_int_equal(got, LINES);
	assert_null(source_error(src));
	if (worst >= CALL_MAX_S)
		print_error("a source call took %.3f s\n", worst);
	assert_true(worst < CALL_MAX_S);
	source_close(src);
	writer_done(pid);
}

/* The kiosk on it: a frame never waits for the writer, and the session
 * (started after the feed read ahead: the rewind keeps the stream) gets
 * every sample. */
static void kiosk_frames_go_on(void **state)
{
	struct kiosk_options ko;
	struct source *src;
	struct kiosk *k;
	char err[256];
	double worst = 0, end = clock_mono_s() + 10;
	struct timespec frame = { 0, 16 * 1000 * 1000 };
	pid_t pid = start_writer();

	(void)state;
	assert_int_equal(source_open_replay(&src, path, 1.0, err, sizeof(err)), 0);
	kiosk_options_default(&ko);
	ko.mute = true;
	assert_int_equal(kiosk_new(&k, &ko, src, NULL), 0);
	/* the start screen a while: the feed reads the header and the first
	 * sample ahead; the session's start must not throw them away by
	 * reopening the FIFO (the new reader would see no header) */
	{
		struct timespec ahead = { 0, (GAP_MS + 200) * 1000000L };

		nanosleep(&ahead, NULL);
	}
	kiosk_command(k, UI_CMD_START_PAUSE);
	while (clock_mono_s() < end && kiosk_sample_t(k) < (LINES - 1) / 100.0 - 1e-9) {
		double t0 = clock_mono_s(), took;

		assert_int_equal(kiosk_step(k, t0), 0);
		took = clock_mono_s() - t0;
		worst = took > worst ? took : worst;
		nanosleep(&frame, NULL);
	}
	assert_near(kiosk_sample_t(k), (LINES - 1) / 100.0, 1e-9);
	if (worst >= CALL_MAX_S)
		print_error("a frame took %.3f s\n", worst);
	assert_true(worst < CALL_MAX_S);
	kiosk_free(k);
	writer_done(pid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(source_never_waits, setup, teardown),
		cmocka_unit_test_setup_teardown(kiosk_frames_go_on, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
