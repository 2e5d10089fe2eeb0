/* SPDX-License-Identifier: MIT */
/*
 * file_holder — which other process has a file open, from /proc: the
 * tools that reset the sensor (doctor's sensor check, probe, record) ask it
 * about the I2C bus node first, so that they do not reconfigure the chip
 * under a running kiosk (its I/O thread keeps the node open for the whole
 * session).
 *
 * What /proc shows: a process's descriptors (/proc/PID/fd/N, links to the
 * file's path) are readable by its own user and by root only, and the
 * kiosk's unit hides its whole /proc entry from other users
 * (ProtectProc=invisible): run as root to see it. A holder not seen is
 * "none": this is a courtesy check, never a lock.
 */
#ifndef STRETCHREP_FILE_HOLDER_H
#define STRETCHREP_FILE_HOLDER_H

#include <stddef.h>

/* The first process other than this one that has path open, as root's
 * /proc shows it (root NULL or "": the real /proc; tests build a fake tree
 * with /proc/PID/fd/N links). path is absolute, as the processes name the
 * file (under root: as the machine does, "/dev/i2c-1"); without a root it
 * is resolved first (realpath), so a symbolic link to the node or a
 * relative --bus matches the kernel's link target. Returns the pid, or 0
 * when none is seen. name (len bytes, may be NULL) gets its command name
 * (/proc/PID/comm, e.g. "stretchrep"), "" when not readable. */
long file_holder_find(const char *root, const char *path, char *name, size_t len);

#endif
