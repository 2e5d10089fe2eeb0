/* SPDX-License-Identifier: MIT */
/*
 * notify — tells systemd how the service is doing (Type=notify, WatchdogSec=).
 *
 * Speaks the sd_notify datagram protocol to $NOTIFY_SOCKET directly (see
 * notify.c for why not libsystemd). Outside systemd (no NOTIFY_SOCKET) every
 * call is a no-op that returns 0, so the kiosk calls them unconditionally.
 *
 * Use: notify_ready() after the first frame is on screen; notify_watchdog()
 * from the main loop, at least every notify_watchdog_interval_us() / 2, and
 * only while the I/O thread is also making progress (so a hung sensor thread
 * gets the service restarted); notify_status() for `systemctl status`;
 * notify_stopping() when shutting down.
 *
 * Returns 0 or -errno. Errors can be ignored: a lost notification at worst
 * makes systemd restart the service.
 */
#ifndef STRETCHREP_KIOSK_NOTIFY_H
#define STRETCHREP_KIOSK_NOTIFY_H

#include <stdint.h>

int notify_ready(void);
int notify_watchdog(void);
int notify_stopping(void);
/* STATUS=<text>, printf-style; newlines in the text are replaced by spaces. */
int notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The watchdog period systemd expects, in microseconds ($WATCHDOG_USEC when
 * $WATCHDOG_PID is ours or unset), or 0 when there is no watchdog. */
uint64_t notify_watchdog_interval_us(void);

/* Sends a raw notification ("READY=1\nSTATUS=..."). */
int notify_send(const char *msg);

#endif
