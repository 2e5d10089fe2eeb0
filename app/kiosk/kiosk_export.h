/* SPDX-License-Identifier: MIT */
/*
 * kiosk_export — a USB stick at the kiosk takes the history away: when a
 * stick is mounted at KIOSK_EXPORT_DIR (udev + systemd-mount, see
 * systemd/udev/60-stretchrep.rules), the sessions and reps as CSV and
 * one progress report (app/report/) per patient are written into a new
 * folder on it, and the start screen says when it may be removed. No
 * keyboard, no network.
 *
 * The watch is one descriptor for the kiosk's poll (STYLE.md 7): an epoll
 * set of /proc/self/mountinfo (POLLPRI when a mount comes or goes, proc(5):
 * inotify sees nothing of mounts) and the export thread's eventfd. The
 * export runs on its own thread with its own read-only connection to the
 * history, so the screen never waits for a slow stick.
 */
#ifndef STRETCHREP_KIOSK_KIOSK_EXPORT_H
#define STRETCHREP_KIOSK_KIOSK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KIOSK_EXPORT_DIR "/run/stretchrep/usb"
#define KIOSK_EXPORT_PREFIX "stretchrep-export-"

/* What an export wrote, or why it stopped. */
struct kiosk_export_result {
	int rc;                   /* 0, or -errno of the first failure */
	int patients;             /* reports written */
	int sessions;             /* rows of sessions.csv */
	char folder[128];         /* the folder's name in the export directory */
	char why[256];            /* the failure in words, "" when rc is 0 */
};

/*
 * The export itself, synchronous (the thread runs it; tests call it). In
 * dest (an existing directory) a new folder KIOSK_EXPORT_PREFIX
 * "YYYYMMDD-HHMM" (local time of now; "-2", "-3"... after it when taken),
 * holding sessions.csv and reps.csv (history_export_*_csv: every session,
 * oldest first, with the patient columns) and NAME.pdf for every active
 * patient (report_pdf_save; characters a FAT stick refuses become '_', and
 * " (ID)" tells two equal names apart). Each file is written whole or not
 * at all (safe_file.h), then the stick's file system is synced (syncfs).
 * 0 or -errno, with res filled either way.
 */
int kiosk_export_write(const char *db_path, const char *dest, int64_t now, struct kiosk_export_result *res);

struct kiosk_export;

/* Is dir a mount point now? (The default judge: dir and dir/.. are on
 * different devices. Tests give their own.) */
typedef bool (*kiosk_export_mounted_fn)(const char *dir, void *ctx);
bool kiosk_export_is_mount(const char *dir, void *ctx);

/* Watches dir (copied) for a stick; exports from the history at db_path
 * (copied) when dir becomes a mount point (not when it already is one at
 * open: a kiosk restarting does not write again to a stick left in).
 * mounted NULL: kiosk_export_is_mount. 0 or -errno. */
int kiosk_export_open(struct kiosk_export **out, const char *dir, const char *db_path,
		      kiosk_export_mounted_fn mounted, void *ctx);
/* The descriptor to poll for reading. */
int kiosk_export_fd(const struct kiosk_export *e);
/* Non-blocking; call when the descriptor is readable (any other time is
 * harmless). Starts an export when a stick has just been mounted, collects
 * a finished one. Returns true with a line for the screen in notice when
 * there is news ("Writing to the USB stick - leave it in", "Exported 3
 * patients to USB - you can remove it", or the failure), false otherwise. */
bool kiosk_export_handle(struct kiosk_export *e, char *notice, size_t len);
/* Waits for an export under way, then frees. NULL is fine. */
void kiosk_export_close(struct kiosk_export *e);

#endif
