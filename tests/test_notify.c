// SPDX-License-Identifier: MIT
/*
 * notify against a datagram socket standing in for systemd: what arrives is
 * checked against the sd_notify(3) protocol text ("READY=1", ...).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "kiosk/notify.h"
#include "testutil.h"

/* A bound datagram socket at name ('@' = abstract); returns its fd. */
static int listener(const char *name)
{
	struct sockaddr_un sa;
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, name, len);
	if (name[0] == '@')
		sa.sun_path[0] = '\0';
	else
		unlink(name);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (name[0] == '/'))), 0);
	return fd;
}

static void expect_msg(int fd, const char *want)
{
	char buf[512];
	ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);

	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void no_socket_is_a_no_op(void **state)
{
	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(notify_ready(), 0);
	assert_int_equal(notify_watchdog(), 0);
	assert_int_equal(notify_status("reps %d", 3), 0);
	setenv("NOTIFY_SOCKET", "vsock:2:1234", 1);
	assert_int_equal(notify_ready(), -EAFNOSUPPORT);
	unsetenv("NOTIFY_SOCKET");
}

static void messages_on_a_path_socket(void **state)
{
	char path[64];
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/stretchrep-notify-%d", (int)getpid());
	fd = listener(path);
	setenv("NOTIFY_SOCKET", path, 1);
	assert_int_equal(notify_ready(), 0);
	expect_msg(fd, "READY=1");
	assert_int_equal(notify_watchdog(), 0);
	expect_msg(fd, "WATCHDOG=1");
	assert_int_equal(notify_status("%d reps\n%s", 12, "saved"), 0);
	expect_msg(fd, "STATUS=12 reps saved");
	assert_int_equal(notify_stopping(), 0);
	expect_msg(fd, "STOPPING=1");
	close(fd);
	unlink(path);
	/* nobody listening any more: an error, not a crash */
	assert_true(notify_ready() < 0);
	unsetenv("NOTIFY_SOCKET");
}

static void messages_on_an_abstract_socket(void **state)
{
	char name[64];
	int fd;

	(void)state;
	snprintf(name, sizeof(name), "@stretchrep-notify-%d", (int)getpid());
	fd = listener(name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(notify_ready(), 0);
	expect_msg(fd, "READY=1");
	close(fd);
	unsetenv("NOTIFY_SOCKET");
}

static void watchdog_interval(void **state)
{
	char pid[32];

	(void)state;
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	assert_int_equal(notify_watchdog_interval_us(), 0);
	setenv("WATCHDOG_USEC", "5000000", 1);
	assert_int_equal(notify_watchdog_interval_us(), 5000000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_interval_us(), 5000000);
	setenv("WATCHDOG_PID", "1", 1);   /* for another process */
	assert_int_equal(notify_watchdog_interval_us(), 0);
	unsetenv("WATCHDOG_PID");
	setenv("WATCHDOG_USEC", "5s", 1);
	assert_int_equal(notify_watchdog_interval_us(), 0);
	unsetenv("WATCHDOG_USEC");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_socket_is_a_no_op),
		cmocka_unit_test(messages_on_a_path_socket),
		cmocka_unit_test(messages_on_an_abstract_socket),
		cmocka_unit_test(watchdog_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
