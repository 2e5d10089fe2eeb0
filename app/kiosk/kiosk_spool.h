/* SPDX-License-Identifier: MIT */
/*
 * kiosk_spool — a finished session the history could not take yet, kept
 * on disk until it can (kiosk_history.h's retry queue writes and reads
 * these), so a kiosk restart does not lose it.
 *
 * One file per session, DIR/ID.json, DIR the directory "spool" beside the
 * history database. Written whole through safe_file (temporary file,
 * fsync, rename, fsync of DIR): after kiosk_spool_write returns 0 the file
 * is complete across a power cut; before, there is no file (a killed
 * write may leave an ID.json.XXXXXX.part, which nothing reads).
 *
 * The format (version KIOSK_SPOOL_VERSION, JSON via cJSON) carries exactly
 * what history_save reads from a session and its meta: the session's own
 * totals (not the summary derived from them, so the summary saved from the
 * rebuilt session is the same to the bit), its rep, hold and ceiling logs,
 * the gyroscope check's inputs, the settings saved with it, the
 * history_meta (patient, side, mode, pain, symptoms, set, tempo
 * deviations), where the samples came from, and ID. ID is saved with the
 * session (history_meta.save_id, unique in the database), so a file still
 * there after its session was saved (a kill between the commit and the
 * unlink) is recognised (-EEXIST) and removed, never saved twice.
 *
 * A file that cannot be read back (truncated, corrupt, a newer version, a
 * number out of range, an ID that is not its name) is refused with the
 * reason; the queue moves it aside as ID.json.bad and says so. A file of
 * a newer version (-ENOTSUP: a downgrade) is said and left in place.
 *
 * What a spool survives: a locked or damaged database, a database file
 * made read-only, a restart. Not a full or read-only file system when the
 * spool is on the same one: kiosk_spool_write then fails with the same
 * error, and the session is in memory only (the queue says so).
 */
#ifndef STRETCHREP_KIOSK_KIOSK_SPOOL_H
#define STRETCHREP_KIOSK_KIOSK_SPOOL_H

#include <stddef.h>
#include <stdint.h>
#include "core/session.h"
#include "store/history.h"

#define KIOSK_SPOOL_VERSION 1
#define KIOSK_SPOOL_DIR_NAME "spool"
#define KIOSK_SPOOL_ID_MAX 48           /* an ID's length with its NUL */
#define KIOSK_SPOOL_MAX_BYTES (1 << 20) /* a larger file is not ours */
#define KIOSK_SPOOL_SUFFIX ".json"
#define KIOSK_SPOOL_BAD_SUFFIX ".bad"

/* One spooled session, as read back. Owns its session and tempo array;
 * meta.tempo_dev_s and meta.save_id point into it. */
struct kiosk_spool_item {
	char id[KIOSK_SPOOL_ID_MAX];
	char source[8];              /* "sensor", "demo", "replay" */
	int64_t ended_at;            /* Unix s */
	struct session *s;
	struct history_meta meta;
	double *tempo_dev_s;         /* NULL: no tempo */
};

/* DIR for the database at db_path: its directory's "spool". 0 or
 * -ENAMETOOLONG. */
int kiosk_spool_dir_for(const char *db_path, char *buf, size_t len);

/* A fresh ID for a session ended at ended_at: sortable by time first
 * ("%012lld-...": ended_at, then the process and a count). */
void kiosk_spool_new_id(int64_t ended_at, char id[KIOSK_SPOOL_ID_MAX]);
/* An ID as the reader accepts it: 1-KIOSK_SPOOL_ID_MAX-1 characters of
 * [0-9A-Za-z-]. */
bool kiosk_spool_id_ok(const char *id);

/* The file's text for a session (meta NULL: none). Returned malloc'd (NUL
 * ended), or NULL out of memory. */
char *kiosk_spool_format(const char *id, const char *source, const struct session *s,
			 const struct history_meta *meta, int64_t ended_at);
/* Reads text (len bytes, need not end in NUL) into item: 0, or -EBADMSG
 * (why: what is wrong, e.g. "reps[3]: not a list of 5 numbers"), -ENOTSUP
 * (a newer version), -ENOMEM. On error item holds nothing to free. */
int kiosk_spool_parse(const char *text, size_t len, struct kiosk_spool_item *item, char *why,
		      size_t wlen);
/* Frees what item owns; accepts one zeroed or already freed. */
void kiosk_spool_item_free(struct kiosk_spool_item *item);

/* Writes DIR/ID.json (DIR made, mode 0750, when missing). 0 or -errno
 * with "PATH: reason" in err. */
int kiosk_spool_write(const char *dir, const char *id, const char *source, const struct session *s,
		      const struct history_meta *meta, int64_t ended_at, char *err, size_t elen);
/* Reads DIR/ID.json (a regular file, not followed through a link, at most
 * KIOSK_SPOOL_MAX_BYTES): 0, -errno of the file, or kiosk_spool_parse's;
 * why gets the reason. The ID inside must be ID (-EBADMSG). */
int kiosk_spool_read(const char *dir, const char *id, struct kiosk_spool_item *item, char *why,
		     size_t wlen);
/* Up to max IDs of DIR's spooled sessions, sorted (oldest first), into
 * ids. Returns how many there are in all (may be > max; 0 when DIR does
 * not exist) or -errno. */
int kiosk_spool_list(const char *dir, char (*ids)[KIOSK_SPOOL_ID_MAX], int max);
/* Removes DIR/ID.json and syncs DIR: 0 or -errno (-ENOENT: not there). */
int kiosk_spool_remove(const char *dir, const char *id);
/* Renames DIR/ID.json to DIR/ID.json.bad (replacing an older one): 0 or
 * -errno. */
int kiosk_spool_set_aside(const char *dir, const char *id);

#endif
