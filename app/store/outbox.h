/* SPDX-License-Identifier: MIT */
/*
 * outbox — finished sessions waiting for the clinic board, in the history
 * database (its table outbox, made by history_open's migration 3 -> 4, so
 * history_open runs first). A row stays until the board has acknowledged
 * the session's id: a broker down for hours, a station restarted mid-send,
 * a lost acknowledgement only delay it (the board dedupes by id), nothing
 * drops it. Same durability as the history (WAL, synchronous=FULL).
 *
 * Each thread opens its own struct outbox on the same file (the kiosk's
 * main thread adds, the network thread lists and removes); SQLite's
 * locking and a busy timeout keep them apart. Errors: 0 or -errno, as
 * history.h.
 */
#ifndef STRETCHREP_STORE_OUTBOX_H
#define STRETCHREP_STORE_OUTBOX_H

#include <stdint.h>

#define OUTBOX_ID_MAX 80       /* a message id's length, with its NUL */

struct outbox;

/* Opens the history database at path (it must exist with the outbox
 * table: -ENOENT otherwise). */
int outbox_open(struct outbox **out, const char *path);
void outbox_close(struct outbox *o);   /* NULL is fine */

/* Queues payload under msg_id (an id already queued is left as it was). */
int outbox_add(struct outbox *o, const char *msg_id, const char *payload, int64_t queued_at);
/* Calls fn for each queued message, oldest first, up to max of them;
 * stops early when fn returns non-zero. 0 or -errno. */
int outbox_each(struct outbox *o, int max, int (*fn)(void *ctx, const char *msg_id, const char *payload),
		void *ctx);
/* Forgets msg_id (acknowledged). 1 removed, 0 not there, or -errno. */
int outbox_remove(struct outbox *o, const char *msg_id);
/* How many are queued, or -errno. */
int outbox_count(struct outbox *o);

/* The bound: a station whose board never acknowledges (none in the clinic,
 * or a home station that never meets one) would queue every session for
 * ever. Beyond OUTBOX_MAX_ROWS the oldest are dropped from the outbox (not
 * from the history: they stay there, and leave by CSV or the USB stick):
 * two years of three sessions a day, a few MB of JSON. */
#define OUTBOX_MAX_ROWS 2000
/* Drops the oldest messages beyond max (in queued order). The number
 * dropped (>= 0), or -errno. */
int outbox_trim(struct outbox *o, int max);

#endif
