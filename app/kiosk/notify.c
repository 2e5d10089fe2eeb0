// SPDX-License-Identifier: MIT
/*
 * notify — the sd_notify protocol, written out (contract in notify.h).
 *
 * Why not libsystemd's sd_notify(): the protocol is small and documented as
 * a stable interface in sd_notify(3) (one datagram of "KEY=VALUE" lines to
 * the AF_UNIX socket named in $NOTIFY_SOCKET, a leading '@' meaning the
 * abstract namespace), so a few dozen lines do it, and libsystemd stays out
 * of the build and of the package's dependencies for something the desktop
 * and test builds never use.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "kiosk/notify.h"

int notify_send(const char *msg)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa;
	size_t len, msg_len = strlen(msg);
	socklen_t sa_len;
	ssize_t n;
	int fd, rc = 0;

	if (!path || !*path)
		return 0;
	len = strlen(path);
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sa.sun_path))
		return -EAFNOSUPPORT;   /* e.g. vsock: not for a kiosk */
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';   /* abstract socket: no trailing NUL counted */
	sa_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + (path[0] == '/'));

	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	n = sendto(fd, msg, msg_len, MSG_NOSIGNAL, (const struct sockaddr *)&sa, sa_len);
	if (n < 0)
		rc = -errno;
	else if ((size_t)n != msg_len)
		rc = -EMSGSIZE;
	close(fd);
	return rc;
}

int notify_ready(void)
{
	return notify_send("READY=1");
}

int notify_watchdog(void)
{
	return notify_send("WATCHDOG=1");
}

int notify_stopping(void)
{
	return notify_send("STOPPING=1");
}

int notify_status(const char *fmt, ...)
{
	char msg[256] = "STATUS=";
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + 7, sizeof(msg) - 7, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return notify_send(msg);
}

uint64_t notify_watchdog_interval_us(void)
{
	const char *usec = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char *end;

	if (!usec || !*usec)
		return 0;
	if (pid && *pid) {
		errno = 0;
		v = strtoull(pid, &end, 10);
		if (errno || *end || v != (unsigned long long)getpid())
			return 0;   /* meant for another process */
	}
	errno = 0;
	v = strtoull(usec, &end, 10);
	if (errno || *end || v == 0)
		return 0;
	return (uint64_t)v;
}
